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

/// Go: `syscall.SecurityAttributes`, Windows' `SECURITY_ATTRIBUTES`: the
/// security descriptor and inheritance of a new handle.
///
/// Go's fields are public; here `length` and `security_descriptor` are
/// private, so that safe code can never hand Windows an address to read as a
/// security descriptor (or a length to trust). Build one with
/// [`new`](SecurityAttributes::new) or [`inheritable`](SecurityAttributes::inheritable)
/// (the default descriptor; `nLength` is always the size of the structure, as
/// Go's callers set it) and read those two back with the getters. A real
/// descriptor can only be attached with the `unsafe`
/// [`set_security_descriptor`](SecurityAttributes::set_security_descriptor).
///
/// ```
/// # #[cfg(windows)] {
/// use winsyscall::SecurityAttributes;
/// let sa = SecurityAttributes::new(true);
/// // sizeof(SECURITY_ATTRIBUTES): 24 on 64-bit Windows, 12 on 32-bit.
/// let len = if cfg!(target_pointer_width = "64") { 24 } else { 12 };
/// assert_eq!((sa.length(), sa.security_descriptor(), sa.inherit_handle), (len, 0, 1));
/// # }
/// ```
///
/// Safe code cannot choose the descriptor address or the length:
///
/// ```compile_fail,E0451
/// let sa = winsyscall::SecurityAttributes {
///     length: 24,
///     security_descriptor: 0x1000,
///     inherit_handle: 0,
/// };
/// ```
///
/// ```compile_fail,E0616
/// let mut sa = winsyscall::SecurityAttributes::new(false);
/// sa.security_descriptor = 0x1000;
/// ```
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecurityAttributes {
    /// `nLength`: the size of this struct (24 on 64-bit Windows).
    length: u32,
    /// `lpSecurityDescriptor`, as an address; 0 for the default.
    security_descriptor: usize,
    /// `bInheritHandle` (Go's `InheritHandle`): non-zero makes the new handle
    /// inheritable. Public as in Go: Windows reads it only as a boolean.
    pub inherit_handle: u32,
}

impl SecurityAttributes {
    /// Attributes with the default security descriptor; the new handle is
    /// inheritable when `inherit` is true. Go: a `SecurityAttributes` literal
    /// with `Length` set to its size and `SecurityDescriptor` 0.
    pub const fn new(inherit: bool) -> SecurityAttributes {
        SecurityAttributes {
            length: core::mem::size_of::<SecurityAttributes>() as u32,
            security_descriptor: 0,
            inherit_handle: inherit as u32,
        }
    }

    /// Go: `makeInheritSa()` (unexported): default descriptor, inheritable
    /// (the same as `SecurityAttributes::new(true)`).
    #[doc(alias = "makeInheritSa")]
    pub const fn inheritable() -> SecurityAttributes {
        SecurityAttributes::new(true)
    }

    /// `nLength` (Go's `Length`): always the size of the structure.
    pub const fn length(&self) -> u32 {
        self.length
    }

    /// `lpSecurityDescriptor` (Go's `SecurityDescriptor`) as an address; 0
    /// for the default descriptor.
    pub const fn security_descriptor(&self) -> usize {
        self.security_descriptor
    }

    /// Attaches a security descriptor (Go: assigning `SecurityDescriptor`);
    /// NULL goes back to the default descriptor.
    ///
    /// # Safety
    /// `sd` must be NULL or point to a valid `SECURITY_DESCRIPTOR` (absolute
    /// or self-relative, e.g. from `ConvertStringSecurityDescriptorToSecurityDescriptorW`)
    /// whose memory, and every SID and ACL an absolute descriptor points to,
    /// stays valid and unchanged for every call these attributes (or a copy
    /// of them) are passed to: Windows reads it during those calls.
    pub unsafe fn set_security_descriptor(&mut self, sd: *const core::ffi::c_void) {
        self.security_descriptor = sd as usize;
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
