//! Handles: the process's standard handles, closing, and the security
//! attributes that decide inheritance.
//!
//! Go's `Handle` is a bare `uintptr`; here handles are std's [`OwnedHandle`]
//! (closed on drop) and [`BorrowedHandle`] (borrowed for a lifetime), and every
//! call takes `impl AsHandle`.

use crate::errno::Result;
use crate::sys::{cvt, raw_handle};
use std::os::windows::io::{BorrowedHandle, IntoRawHandle, OwnedHandle, RawHandle};
use std::sync::OnceLock;
use windows_sys::Win32::Foundation::{CloseHandle, HANDLE, INVALID_HANDLE_VALUE};
use windows_sys::Win32::System::Console::{GetStdHandle, STD_HANDLE};

/// Go: `syscall.InvalidHandle` (`^Handle(0)`, Windows' `INVALID_HANDLE_VALUE`).
///
/// Rarely needed here: calls return `Result<OwnedHandle>` instead of a sentinel.
/// Note that the same value is also the current-process pseudo-handle.
#[doc(alias = "InvalidHandle")]
pub const INVALID_HANDLE: RawHandle = usize::MAX as RawHandle;

/// Go: `syscall.GetStdHandle`: `GetStdHandle(which)` for `STD_INPUT_HANDLE`,
/// `STD_OUTPUT_HANDLE` or `STD_ERROR_HANDLE`.
///
/// Only `INVALID_HANDLE_VALUE` is an error, as in Go; a process without that
/// standard handle gets `Ok(None)` (Windows answers NULL).
///
/// The handle is borrowed for `'static`, as std's own `Stdout::as_handle` does:
/// the standard handles belong to the process, and closing one is the caller's
/// business (`SetStdHandle` can replace them at any time).
#[doc(alias = "GetStdHandle")]
#[doc(alias = "getStdHandle")]
pub fn get_std_handle(which: i32) -> Result<Option<BorrowedHandle<'static>>> {
    // SAFETY: GetStdHandle takes any value and reads process state only.
    let h = unsafe { GetStdHandle(which as STD_HANDLE) };
    if h == INVALID_HANDLE_VALUE {
        return Err(crate::sys::last_error());
    }
    if h.is_null() {
        return Ok(None);
    }
    // SAFETY: a non-null, valid standard handle owned by the process; we never close it.
    Ok(Some(unsafe { BorrowedHandle::borrow_raw(h as RawHandle) }))
}

fn snapshot(which: i32, cell: &'static OnceLock<usize>) -> Option<BorrowedHandle<'static>> {
    let raw = *cell.get_or_init(|| match get_std_handle(which) {
        Ok(Some(h)) => std::os::windows::io::AsRawHandle::as_raw_handle(&h) as usize,
        _ => 0,
    });
    // SAFETY: raw is a standard handle taken once from GetStdHandle (0 = none).
    (raw != 0).then(|| unsafe { BorrowedHandle::borrow_raw(raw as RawHandle) })
}

/// Go: `syscall.Stdin`: the standard input handle, taken once (on first use;
/// Go takes it at package init) and not updated by later `SetStdHandle` calls.
/// `None` when the process has no standard input.
#[doc(alias = "Stdin")]
pub fn stdin() -> Option<BorrowedHandle<'static>> {
    static H: OnceLock<usize> = OnceLock::new();
    snapshot(crate::STD_INPUT_HANDLE, &H)
}

/// Go: `syscall.Stdout`: the standard output handle, taken once (see [`stdin`]).
#[doc(alias = "Stdout")]
pub fn stdout() -> Option<BorrowedHandle<'static>> {
    static H: OnceLock<usize> = OnceLock::new();
    snapshot(crate::STD_OUTPUT_HANDLE, &H)
}

/// Go: `syscall.Stderr`: the standard error handle, taken once (see [`stdin`]).
#[doc(alias = "Stderr")]
pub fn stderr() -> Option<BorrowedHandle<'static>> {
    static H: OnceLock<usize> = OnceLock::new();
    snapshot(crate::STD_ERROR_HANDLE, &H)
}

/// Go: `syscall.Close` / `syscall.CloseHandle`: `CloseHandle`, reporting its error.
///
/// Dropping an [`OwnedHandle`] closes it too but ignores the result; call this
/// when the error matters. Not for sockets: use `closesocket`.
#[doc(alias = "Close")]
#[doc(alias = "CloseHandle")]
pub fn close(h: OwnedHandle) -> Result<()> {
    let raw = h.into_raw_handle() as HANDLE;
    // SAFETY: we owned `raw` and give up ownership to CloseHandle here.
    cvt(unsafe { CloseHandle(raw) }).map(drop)
}

/// Go: `syscall.SecurityAttributes`, Windows' `SECURITY_ATTRIBUTES`.
///
/// The crate uses it only for inheritance: `security_descriptor` is a raw
/// pointer value (0 = the default descriptor).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecurityAttributes {
    /// `nLength`: the size of this struct (24 on 64-bit Windows).
    pub length: u32,
    /// `lpSecurityDescriptor`, as an address; 0 for the default.
    pub security_descriptor: usize,
    /// `bInheritHandle`: non-zero makes the new handle inheritable.
    pub inherit_handle: u32,
}

impl SecurityAttributes {
    /// Go: `makeInheritSa()` (unexported): default descriptor, inheritable.
    #[doc(alias = "makeInheritSa")]
    pub const fn inheritable() -> SecurityAttributes {
        SecurityAttributes {
            length: core::mem::size_of::<SecurityAttributes>() as u32,
            security_descriptor: 0,
            inherit_handle: 1,
        }
    }

    /// The pointer Win32 calls take.
    pub(crate) fn as_ptr(&self) -> *const windows_sys::Win32::Security::SECURITY_ATTRIBUTES {
        (self as *const SecurityAttributes).cast()
    }
}

/// The raw value of a borrowed handle, for diagnostics and FFI (`Handle` in Go).
pub fn handle_value(h: impl std::os::windows::io::AsHandle) -> usize {
    raw_handle(&h.as_handle()) as usize
}
