//! The process environment: Go's `Getenv`, `Setenv`, `Unsetenv`, `Clearenv`,
//! `Environ`, and the raw `GetEnvironmentVariable`, `SetEnvironmentVariable`,
//! `GetEnvironmentStrings` and `FreeEnvironmentStrings`.
//!
//! Go: `env_windows.go`, `zsyscall_windows.go`.
//!
//! Names and values are UTF-16 on Windows. The `String` routes ([`getenv`],
//! [`environ`]) decode lossily (an unpaired surrogate becomes U+FFFD); the
//! `OsString` routes ([`getenv_os`], [`environ_os`]) are exact, as Go's WTF-8
//! strings are.
//!
//! Go also copies each change into the runtime's own view of the environment
//! (`runtimeSetenv`); Rust's std reads the process environment directly, so
//! `std::env::var` sees our changes without that step.

use crate::envblock::parse_env_block_wide;
use crate::errno::{Errno, Result};
use crate::sys::{clamp_len, cvt, last_error};
use crate::wstr::{WideArg, utf16_to_os_string, utf16_to_string};
use std::ffi::OsString;
use windows_sys::Win32::Foundation::SetLastError;
use windows_sys::Win32::System::Environment::{
    FreeEnvironmentStringsW, GetEnvironmentStringsW, GetEnvironmentVariableW,
    SetEnvironmentVariableW,
};

/// Reads `key` into growing buffers (Go starts with 100 units): `None` when the
/// variable does not exist (or `key` holds a NUL), the units otherwise.
fn getenv_units(key: impl WideArg) -> Option<Vec<u16>> {
    key.with_wide(|k| {
        let mut buf = vec![0u16; 100];
        loop {
            // Present-but-empty answers 0 like a failure; clear the last error
            // first so a stale ERROR_ENVVAR_NOT_FOUND cannot be mistaken for
            // "not found".
            // SAFETY: SetLastError only writes thread-local state.
            unsafe { SetLastError(0) };
            // SAFETY: `k` is NUL-terminated; `buf` is writable for its length.
            let n = unsafe {
                GetEnvironmentVariableW(k.as_ptr(), buf.as_mut_ptr(), clamp_len(buf.len()))
            };
            if n == 0 && last_error() == Errno::ERROR_ENVVAR_NOT_FOUND {
                return None;
            }
            if n as usize <= buf.len() {
                let end = buf[..n as usize]
                    .iter()
                    .position(|&u| u == 0)
                    .unwrap_or(n as usize);
                buf.truncate(end);
                return Some(buf);
            }
            // Too small: `n` is the size needed, NUL included.
            buf.resize(n as usize, 0);
        }
    })
    .ok()
    .flatten()
}

/// The value of the environment variable `key`: `None` if it is not set,
/// `Some("")` if it is set to the empty string.
///
/// Go: `syscall.Getenv(key) (value string, found bool)`: `None` is Go's
/// `("", false)`, `Some(v)` is `(v, true)`. Win32 `GetEnvironmentVariableW`, into
/// a 100-unit buffer that grows to the size Windows asks for. As in Go, a key
/// holding a NUL is simply not found, and hidden variables (`=C:`) are readable.
/// The value is decoded lossily; [`getenv_os`] is exact.
///
/// ```no_run
/// winsyscall::setenv("WINSYSCALL_DOC", "").unwrap();
/// assert_eq!(winsyscall::getenv("WINSYSCALL_DOC").as_deref(), Some(""));
/// ```
#[doc(alias = "Getenv")]
pub fn getenv(key: impl WideArg) -> Option<String> {
    getenv_units(key).map(|u| utf16_to_string(&u))
}

/// As [`getenv`], with the value as an exact `OsString` (unpaired surrogates
/// kept). Beyond Go (Go's strings are already exact).
pub fn getenv_os(key: impl WideArg) -> Option<OsString> {
    getenv_units(key).map(|u| utf16_to_os_string(&u))
}

/// Checks a variable name for [`setenv`] and [`unsetenv`]: not empty, no NUL
/// (checked during conversion), and no `=` after the first unit.
fn check_name(units_with_nul: &[u16]) -> Result<()> {
    let name = &units_with_nul[..units_with_nul.len() - 1];
    let eq = u16::from(b'=');
    if name.is_empty() || name == [eq] || name[1..].contains(&eq) {
        return Err(Errno::EINVAL);
    }
    Ok(())
}

/// Sets the environment variable `key` to `value`; an empty `value` is kept as a
/// variable with an empty value (not deleted).
///
/// Go: `syscall.Setenv`; Win32 `SetEnvironmentVariableW`. As in Go, a NUL in the
/// key or the value gives `EINVAL` before any call. Beyond Go, the name is
/// checked too: an empty name, a bare `"="`, or an `=` anywhere after
/// the first character gives `EINVAL` (Go leaves these to Windows, which would
/// store a variable no one can read back). A leading `=` is allowed, so the hidden
/// per-drive variables such as `=C:` that `cmd.exe` keeps can still be set.
#[doc(alias = "Setenv")]
pub fn setenv(key: impl WideArg, value: impl WideArg) -> Result<()> {
    value.with_wide(|v| {
        key.with_wide(|k| {
            check_name(k)?;
            // SAFETY: both strings are NUL-terminated and live across the call.
            cvt(unsafe { SetEnvironmentVariableW(k.as_ptr(), v.as_ptr()) }).map(drop)
        })
    })??
}

/// Deletes the environment variable `key`. Deleting a variable that is not set
/// succeeds (Windows' answer).
///
/// Go: `syscall.Unsetenv`; Win32 `SetEnvironmentVariableW(key, NULL)`. A NUL in
/// the key gives `EINVAL`; the name is checked as in [`setenv`] (a leading `=` is
/// fine, so [`clearenv`] can remove `=C:`).
#[doc(alias = "Unsetenv")]
pub fn unsetenv(key: impl WideArg) -> Result<()> {
    key.with_wide(|k| {
        check_name(k)?;
        // SAFETY: `k` is NUL-terminated; a NULL value deletes the variable.
        cvt(unsafe { SetEnvironmentVariableW(k.as_ptr(), core::ptr::null()) }).map(drop)
    })?
}

/// Deletes every environment variable of this process, the hidden `=C:` ones
/// included.
///
/// Go: `syscall.Clearenv`: for each [`environ`] entry the name ends at the first
/// `=` found **from index 1** (so `=C:=C:\x` names `=C:`), entries without such an
/// `=` are skipped, and errors are ignored. Win32 `GetEnvironmentStringsW` and
/// `SetEnvironmentVariableW(name, NULL)`.
#[doc(alias = "Clearenv")]
pub fn clearenv() {
    let Ok(block) = get_environment_strings() else {
        return;
    };
    let eq = u16::from(b'=');
    let mut names = Vec::new();
    if let Ok(entries) = block.entries() {
        for e in entries {
            if let Some(i) = e.iter().skip(1).position(|&u| u == eq) {
                names.push(e[..i + 1].to_vec());
            }
        }
    }
    drop(block);
    for mut name in names {
        name.push(0);
        // SAFETY: `name` is NUL-terminated (names from the block hold no NUL).
        unsafe { SetEnvironmentVariableW(name.as_ptr(), core::ptr::null()) };
    }
}

/// All environment entries (`"KEY=value"`), hidden `=C:=C:\dir` entries included,
/// decoded lossily. An error reading the block gives an empty list.
///
/// Go: `syscall.Environ` (which gives nil on error); Win32
/// `GetEnvironmentStringsW`, parsed up to its terminating empty entry, then
/// `FreeEnvironmentStringsW`.
#[doc(alias = "Environ")]
pub fn environ() -> Vec<String> {
    environ_units(utf16_to_string)
}

/// As [`environ`], with each entry as an exact `OsString`. Beyond Go.
pub fn environ_os() -> Vec<OsString> {
    environ_units(utf16_to_os_string)
}

fn environ_units<T>(f: impl Fn(&[u16]) -> T) -> Vec<T> {
    match get_environment_strings() {
        Ok(block) => block
            .entries()
            .map(|v| v.into_iter().map(f).collect())
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    }
}

/// Go's raw `syscall.GetEnvironmentVariable(name, buffer, size) (n uint32, err)`:
/// Win32 `GetEnvironmentVariableW` into `buf`.
///
/// `Ok(n)`: if `n <= buf.len()` the value is `buf[..n]` (no NUL counted);
/// otherwise `buf` was too small and `n` is the length needed, NUL included. As
/// in Go, `0` is always an error, **even for a variable that exists with an empty
/// value** (then the last error is 0 and the error is `EINVAL`, Go's `errnoErr`
/// rule); a missing variable gives `ERROR_ENVVAR_NOT_FOUND`. Use [`getenv`] to
/// tell these apart. A `buf` longer than `u32::MAX` is used up to that length.
#[doc(alias = "GetEnvironmentVariable")]
pub fn get_environment_variable(name: impl WideArg, buf: &mut [u16]) -> Result<u32> {
    name.with_wide(|k| {
        // SAFETY: SetLastError only writes thread-local state.
        unsafe { SetLastError(0) };
        // SAFETY: `k` is NUL-terminated; `buf` is writable for the length given.
        let n =
            unsafe { GetEnvironmentVariableW(k.as_ptr(), buf.as_mut_ptr(), clamp_len(buf.len())) };
        if n == 0 { Err(last_error()) } else { Ok(n) }
    })?
}

/// Go's raw `syscall.SetEnvironmentVariable(name, value *uint16) error`: Win32
/// `SetEnvironmentVariableW`; `None` deletes the variable (Go's nil value).
///
/// No name check beyond NUL → `EINVAL` (unlike [`setenv`]). Write
/// `None::<&str>` to delete.
#[doc(alias = "SetEnvironmentVariable")]
pub fn set_environment_variable(name: impl WideArg, value: Option<impl WideArg>) -> Result<()> {
    name.with_wide(|k| match value {
        Some(v) => v.with_wide(|v| {
            // SAFETY: both strings are NUL-terminated and live across the call.
            cvt(unsafe { SetEnvironmentVariableW(k.as_ptr(), v.as_ptr()) }).map(drop)
        })?,
        // SAFETY: `k` is NUL-terminated; NULL deletes.
        None => cvt(unsafe { SetEnvironmentVariableW(k.as_ptr(), core::ptr::null()) }).map(drop),
    })?
}

/// The environment block of this process, as `GetEnvironmentStringsW` returns it;
/// freed with `FreeEnvironmentStringsW` on drop (or by
/// [`free_environment_strings`], which reports the error).
///
/// The block is a snapshot: later changes to the environment do not show in it.
pub struct EnvironmentStrings {
    ptr: *mut u16,
    /// Units up to and including the terminating empty entry's NUL.
    len: usize,
}

impl EnvironmentStrings {
    /// The whole block, every entry's NUL and the final NUL included.
    pub fn as_slice(&self) -> &[u16] {
        // SAFETY: `len` units from `ptr` were found inside the block (up to its
        // terminator), and the block lives until `self` is dropped.
        unsafe { core::slice::from_raw_parts(self.ptr, self.len) }
    }

    /// The entries' units, without NULs (see [`parse_env_block_wide`]).
    pub fn entries(&self) -> Result<Vec<&[u16]>> {
        parse_env_block_wide(self.as_slice())
    }
}

impl Drop for EnvironmentStrings {
    fn drop(&mut self) {
        // SAFETY: `ptr` came from GetEnvironmentStringsW and is freed once.
        unsafe { FreeEnvironmentStringsW(self.ptr) };
    }
}

impl core::fmt::Debug for EnvironmentStrings {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list()
            .entries(
                self.entries()
                    .unwrap_or_default()
                    .into_iter()
                    .map(utf16_to_string),
            )
            .finish()
    }
}

/// A snapshot of this process's environment block.
///
/// Go: `syscall.GetEnvironmentStrings() (envs *uint16, err error)`; Win32
/// `GetEnvironmentStringsW` (NULL = failure, with the last error). Instead of a raw
/// pointer we return an owner that knows the block's length and frees it on drop.
#[doc(alias = "GetEnvironmentStrings")]
pub fn get_environment_strings() -> Result<EnvironmentStrings> {
    // SAFETY: no arguments; the result is NULL or a block we now own.
    let ptr = unsafe { GetEnvironmentStringsW() };
    if ptr.is_null() {
        return Err(last_error());
    }
    // Windows ends the block with an empty entry: find that NUL pair (or a
    // leading NUL, an empty environment). We must trust Windows to terminate the
    // block it hands us; past this point everything reads within `len`.
    let mut len = 0usize;
    loop {
        // SAFETY: the block is terminated by an empty entry and we stop at it, so
        // every unit read here lies inside the block.
        let u = unsafe { *ptr.add(len) };
        len += 1;
        // SAFETY: as above; `len - 2` is inside the block when `len >= 2`.
        if u == 0 && (len == 1 || unsafe { *ptr.add(len - 2) } == 0) {
            break;
        }
    }
    Ok(EnvironmentStrings { ptr, len })
}

/// Frees a block from [`get_environment_strings`], reporting failure.
///
/// Go: `syscall.FreeEnvironmentStrings(envs *uint16) error`; Win32
/// `FreeEnvironmentStringsW`. Dropping the block frees it too (ignoring errors).
#[doc(alias = "FreeEnvironmentStrings")]
pub fn free_environment_strings(block: EnvironmentStrings) -> Result<()> {
    let ptr = block.ptr;
    core::mem::forget(block);
    // SAFETY: `ptr` came from GetEnvironmentStringsW; `forget` kept Drop from
    // freeing it a second time.
    cvt(unsafe { FreeEnvironmentStringsW(ptr) }).map(drop)
}
