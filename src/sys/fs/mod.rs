//! Files and directories: names, attributes and times, links and reparse
//! points, listing, pipes, memory mapping and directory watching.
//!
//! Go: the filesystem half of `syscall_windows.go` and `zsyscall_windows.go`.
//!
//! # Long paths (beyond Go)
//! Every call here that takes a path passes it through one helper that applies
//! [`fix_long_path`](crate::fix_long_path): an **absolute** path of at least 248
//! UTF-16 units (`X:\…` or `\\server\share\…`) is normalised (`/` → `\`, `.` and
//! `..` resolved) and given the `\\?\` form, so it works past `MAX_PATH` without the
//! system-wide long-path setting. Shorter paths, relative paths and paths already
//! in `\\?\`/`\\.\` form go to Windows exactly as given, so behaviour matches Go's
//! for them. Symbolic-link *targets* are stored as given (never rewritten).

use crate::errno::{Errno, Result};
use crate::wstr::WideArg;

mod attr;
mod dir;
mod find;
mod link;
mod mmap;
mod notify;

pub use attr::*;
pub use dir::*;
pub use find::*;
pub use link::*;
pub use mmap::*;
pub use notify::*;

/// Converts `path` to NUL-terminated UTF-16, applies the long-path rule (see the
/// module docs) and calls `f` with the units (NUL included). A NUL inside `path`
/// gives `EINVAL` before `f` runs.
pub(crate) fn with_path<R>(path: impl WideArg, f: impl FnOnce(&[u16]) -> R) -> Result<R> {
    path.with_wide(|w| match crate::reparse::fix_long_path(&w[..w.len() - 1]) {
        Some(mut long) => {
            long.push(0);
            f(&long)
        }
        None => f(w),
    })
}

/// Calls a Win32 "fill this buffer" function until the result fits, starting
/// with `initial` units. `call(buf)` returns what the API returns: 0 on failure,
/// the length written (without NUL) when it fit, or the size needed (with NUL)
/// when `buf` was too small. Returns the units written, without NUL.
pub(crate) fn fill_wide(
    initial: usize,
    mut call: impl FnMut(&mut [u16]) -> u32,
) -> Result<Vec<u16>> {
    let mut buf = vec![0u16; initial.max(1)];
    loop {
        let n = call(&mut buf) as usize;
        if n == 0 {
            return Err(super::last_error());
        }
        if n < buf.len() {
            buf.truncate(n);
            return Ok(buf);
        }
        // Too small: n is the size needed (the target may grow again meanwhile).
        let want = n.max(buf.len() + 1);
        if want > u32::MAX as usize {
            return Err(Errno::ERROR_INSUFFICIENT_BUFFER);
        }
        buf.resize(want, 0);
    }
}

/// Opens an existing `path` (long-path rule applied) with `CreateFileW(path,
/// access, share, NULL, OPEN_EXISTING, flags, NULL)`: not inheritable.
pub(crate) fn open_existing(
    path: impl WideArg,
    access: u32,
    share: u32,
    flags: u32,
) -> Result<std::os::windows::io::OwnedHandle> {
    use windows_sys::Win32::Storage::FileSystem::{CreateFileW, OPEN_EXISTING};
    with_path(path, |p| {
        // SAFETY: `p` is NUL-terminated; NULL security attributes and template are allowed.
        let h = unsafe {
            CreateFileW(
                p.as_ptr(),
                access,
                share,
                core::ptr::null(),
                OPEN_EXISTING,
                flags,
                core::ptr::null_mut(),
            )
        };
        // SAFETY: a valid handle from CreateFileW belongs to us alone.
        unsafe { super::cvt_invalid_handle(h) }
    })?
}

/// Go: `syscall.Pipe`: an anonymous pipe from `CreatePipe(&r, &w, inheritable,
/// 0)`, returned as `(read end, write end)`.
///
/// As in Go, **both ends are inheritable** (Go passes `makeInheritSa()`), and the
/// default buffer size is used. Go takes a `[]Handle` and fails with `EINVAL`
/// unless it has exactly 2 elements; the pair returned here has no such case.
///
/// ```no_run
/// let (r, w) = winsyscall::pipe()?;
/// # Ok::<(), winsyscall::Errno>(())
/// ```
#[doc(alias = "Pipe", alias = "CreatePipe")]
pub fn pipe() -> Result<(
    std::os::windows::io::OwnedHandle,
    std::os::windows::io::OwnedHandle,
)> {
    use std::os::windows::io::{FromRawHandle, OwnedHandle};
    use windows_sys::Win32::System::Pipes::CreatePipe;
    let sa = crate::sys::SecurityAttributes::inheritable();
    let (mut r, mut w) = (core::ptr::null_mut(), core::ptr::null_mut());
    // SAFETY: out-pointers are valid; `sa` lives for the call.
    super::cvt(unsafe { CreatePipe(&mut r, &mut w, sa.as_ptr(), 0) })?;
    // SAFETY: on success both handles are new and ours alone.
    Ok(unsafe {
        (
            OwnedHandle::from_raw_handle(r),
            OwnedHandle::from_raw_handle(w),
        )
    })
}
