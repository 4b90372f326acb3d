//! The Windows layer: thin, documented, safe wrappers over `windows-sys`, one
//! module per concern. Everything public here is re-exported at the crate root.
//!
//! The private helpers below turn Win32's failure sentinels into `Result`, so that
//! each wrapper is a few lines (Go: the `errnoErr` rules of `zsyscall_windows.go`).

use crate::errno::{Errno, Result};
use std::os::windows::io::{AsRawHandle, AsRawSocket, FromRawHandle, OwnedHandle, RawHandle};
use windows_sys::Win32::Foundation::{GetLastError, HANDLE, INVALID_HANDLE_VALUE};

pub mod callback;
pub mod console;
pub mod crypto;
pub mod dll;
pub mod dns;
pub mod env;
pub mod errmsg;
pub mod file;
pub mod fs;
pub mod handle;
pub mod iocp;
pub mod iphlp;
pub mod netdb;
pub mod process;
pub mod registry;
pub mod security;
pub mod socket;
mod sync_io;
pub mod timeofday;

pub use callback::*;
pub use console::*;
pub use crypto::*;
pub use dll::*;
pub use dns::*;
pub use env::*;
pub use errmsg::*;
pub use file::*;
pub use fs::*;
pub use handle::*;
pub use iocp::*;
pub use iphlp::*;
pub use netdb::*;
pub use process::*;
pub use registry::*;
pub use security::*;
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
pub(crate) fn raw_socket(s: &impl AsRawSocket) -> windows_sys::Win32::Networking::WinSock::SOCKET {
    s.as_raw_socket() as windows_sys::Win32::Networking::WinSock::SOCKET
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
