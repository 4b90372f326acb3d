//! The Windows layer: thin, documented, safe wrappers over `windows-sys`, one
//! module per concern. Everything public here is re-exported at the crate root.
//!
//! The private helpers below turn Win32's failure sentinels into `Result`, so that
//! each wrapper is a few lines (Go: the `errnoErr` rules of `zsyscall_windows.go`).

// With some areas left out (Cargo features), some shared helpers have no user;
// with every area on (the default, which the lints check) none is dead.
#![cfg_attr(
    not(all(
        feature = "fs",
        feature = "net",
        feature = "iocp",
        feature = "process",
        feature = "registry",
        feature = "security",
        feature = "crypto",
        feature = "dns",
        feature = "iphlp",
        feature = "dll",
        feature = "console"
    )),
    allow(dead_code, unused_imports)
)]

use crate::errno::{Errno, Result};
use std::os::windows::io::{AsRawHandle, AsRawSocket, FromRawHandle, OwnedHandle, RawHandle};
use windows_sys::Win32::Foundation::{GetLastError, HANDLE, INVALID_HANDLE_VALUE};

#[cfg(feature = "dll")]
pub mod callback;
#[cfg(feature = "console")]
pub mod console;
#[cfg(feature = "crypto")]
pub mod crypto;
#[cfg(feature = "dll")]
pub mod dll;
#[cfg(feature = "dns")]
pub mod dns;
pub mod env;
pub(crate) mod errmsg;
pub mod file;
#[cfg(feature = "fs")]
pub mod fs;
pub mod handle;
#[cfg(feature = "iocp")]
pub mod iocp;
#[cfg(feature = "iphlp")]
pub mod iphlp;
#[cfg(feature = "net")]
pub mod netdb;
#[cfg(feature = "process")]
pub mod process;
#[cfg(feature = "registry")]
pub mod registry;
#[cfg(feature = "security")]
pub mod security;
#[cfg(feature = "net")]
pub mod socket;
mod sync_io;
pub mod timeofday;

#[cfg(feature = "dll")]
pub use callback::*;
#[cfg(feature = "console")]
pub use console::*;
#[cfg(feature = "crypto")]
pub use crypto::*;
#[cfg(feature = "dll")]
pub use dll::*;
#[cfg(feature = "dns")]
pub use dns::*;
pub use env::*;
pub use errmsg::*;
pub use file::*;
#[cfg(feature = "fs")]
pub use fs::*;
pub use handle::*;
#[cfg(feature = "iocp")]
pub use iocp::*;
#[cfg(feature = "iphlp")]
pub use iphlp::*;
#[cfg(feature = "net")]
pub use netdb::*;
#[cfg(feature = "process")]
pub use process::*;
#[cfg(feature = "registry")]
pub use registry::*;
#[cfg(feature = "security")]
pub use security::*;
#[cfg(feature = "net")]
pub use socket::*;
pub use timeofday::*;

/// Go's `errnoErr(GetLastError())`: the thread's last error, with 0 (a failure
/// that set no error) reported as `EINVAL`, as every Go wrapper does.
#[inline]
pub(crate) fn last_error() -> Errno {
    // SAFETY: GetLastError only reads thread-local state.
    match unsafe { GetLastError() } {
        0 => Errno::EINVAL,
        e => Errno(e),
    }
}

/// The thread's last error as is (0 included): Go's `syscall.GetLastError`.
#[inline]
pub(crate) fn last_error_raw() -> Errno {
    // SAFETY: GetLastError only reads thread-local state.
    Errno(unsafe { GetLastError() })
}

/// A `BOOL` (or any integer) result: zero is failure.
#[inline]
pub(crate) fn cvt<T: Default + PartialEq>(r: T) -> Result<T> {
    if r == T::default() {
        Err(last_error())
    } else {
        Ok(r)
    }
}

/// A handle result where `INVALID_HANDLE_VALUE` is failure (CreateFileW and kin).
///
/// # Safety
/// `h`, when valid, is a handle the caller owns and nobody else will close.
#[inline]
pub(crate) unsafe fn cvt_invalid_handle(h: HANDLE) -> Result<OwnedHandle> {
    if h == INVALID_HANDLE_VALUE || h.is_null() {
        Err(last_error())
    } else {
        // SAFETY: valid and owned, per the caller.
        Ok(unsafe { OwnedHandle::from_raw_handle(h as RawHandle) })
    }
}

/// A handle result where NULL is failure (OpenProcess, CreateFileMappingW and kin).
///
/// # Safety
/// As [`cvt_invalid_handle`].
#[inline]
pub(crate) unsafe fn cvt_null_handle(h: HANDLE) -> Result<OwnedHandle> {
    if h.is_null() {
        Err(last_error())
    } else {
        // SAFETY: valid and owned, per the caller.
        Ok(unsafe { OwnedHandle::from_raw_handle(h as RawHandle) })
    }
}

/// An API that returns its error code (`Reg*`, `WSAStartup`, `GetAddrInfoW`):
/// zero is success, anything else is `Errno(code)`.
#[inline]
pub(crate) fn cvt_code(code: u32) -> Result<()> {
    if code == 0 { Ok(()) } else { Err(Errno(code)) }
}

/// The raw `HANDLE` of a borrowed handle.
#[inline]
pub(crate) fn raw_handle(h: &impl AsRawHandle) -> HANDLE {
    h.as_raw_handle() as HANDLE
}

/// The raw `SOCKET` of a borrowed socket.
#[inline]
pub(crate) fn raw_socket(s: &impl AsRawSocket) -> usize {
    // Winsock's SOCKET is a pointer-sized integer (`usize` in windows-sys).
    s.as_raw_socket() as usize
}

/// Clamps a buffer length to what a `u32`-length Win32 call takes. The caller
/// gets back the short count the call reports, never a silently wrong length.
#[inline]
pub(crate) fn clamp_len(len: usize) -> u32 {
    len.min(u32::MAX as usize) as u32
}

/// As [`clamp_len`], for `i32`-length Winsock calls.
#[inline]
pub(crate) fn clamp_len_i32(len: usize) -> i32 {
    len.min(i32::MAX as usize) as i32
}

/// A path Windows wrote as UTF-16 (up to its first NUL), losslessly as a
/// `PathBuf`: the `_os` forms' result.
#[inline]
pub(crate) fn units_to_path(u: &[u16]) -> std::path::PathBuf {
    crate::wstr::utf16_to_os_string(u).into()
}
