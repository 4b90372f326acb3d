//! Go's raw completion-port calls: `CreateIoCompletionPort`,
//! `GetQueuedCompletionStatus`, `PostQueuedCompletionStatus`, `CancelIo(Ex)`,
//! `SetFileCompletionNotificationModes`, with their socket twins.

use super::{Overlapped, OverlappedEntry};
use crate::errno::{Errno, Result};
use crate::sys::{cvt, last_error, raw_handle, raw_socket};
use std::os::windows::io::{
    AsHandle, AsSocket, BorrowedHandle, BorrowedSocket, FromRawHandle, OwnedHandle, RawHandle,
};
use std::time::Duration;
use windows_sys::Win32::Foundation::{HANDLE, INVALID_HANDLE_VALUE};
use windows_sys::Win32::Storage::FileSystem::SetFileCompletionNotificationModes;
use windows_sys::Win32::System::IO::{
    CancelIo, CancelIoEx, CreateIoCompletionPort, GetQueuedCompletionStatus,
    GetQueuedCompletionStatusEx, OVERLAPPED, OVERLAPPED_ENTRY, PostQueuedCompletionStatus,
};

/// One packet taken from a port with the raw calls: Go's `qty`, `key` and
/// `overlapped` outputs.
///
/// Only the pointer's value is carried (it is never dereferenced here), which
/// is why the type is `Send` and `Sync` despite the raw pointer: reading
/// through it takes `unsafe` code, whose contract covers threads too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueuedCompletion<K> {
    /// The bytes transferred (Go's `qty`).
    pub bytes: u32,
    /// The completion key (Go's `key`).
    pub key: K,
    /// The `OVERLAPPED` of the operation, or NULL for a posted packet without one.
    pub overlapped: *mut Overlapped,
}

// SAFETY: the only field that is not Send/Sync is a raw pointer that this
// type never dereferences; it is data, like an address printed as a number.
unsafe impl<K: Send> Send for QueuedCompletion<K> {}
// SAFETY: as for Send; `&QueuedCompletion` only gives the pointer's value.
unsafe impl<K: Sync> Sync for QueuedCompletion<K> {}

/// The error of [`get_queued_completion_status`] and its pointer-key forms: Go's
/// non-nil `err`, together with the packet when one was dequeued.
///
/// Go returns the error of a failed I/O *and* sets `ov`: the packet was
/// dequeued (its operation is over) even though the call reports failure. Here
/// that is `packet: Some(..)`. When nothing was dequeued (a timeout,
/// `WAIT_TIMEOUT`; a closed port, `ERROR_ABANDONED_WAIT_0`; a handle that is
/// not a port) `packet` is `None`, as Go's `ov` is nil.
///
/// It converts into [`Errno`] and [`std::io::Error`], so `?` works in
/// functions returning either; it displays as its `errno` (Go's `err.Error()`).
/// Match on it to go on with a failed operation's packet:
///
/// ```no_run
/// use winsyscall::{get_queued_completion_status, QueuedCompletionError};
/// # fn f(port: std::os::windows::io::BorrowedHandle<'_>) -> winsyscall::Result<()> {
/// match get_queued_completion_status(port, 1000) {
///     Ok(p) => println!("{} bytes for key {}", p.bytes, p.key),
///     Err(QueuedCompletionError { errno, packet: Some(p) }) => {
///         println!("the operation at {:p} failed: {errno}", p.overlapped)
///     }
///     Err(e) => return Err(e.into()), // nothing dequeued
/// }
/// # Ok(()) }
/// ```
#[doc(alias = "GqcsError")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueuedCompletionError<K> {
    /// Go's `err`: the failed I/O's error, or why nothing was dequeued (or,
    /// for the `u32`-key form only, [`ERROR_ARITHMETIC_OVERFLOW`]).
    pub errno: Errno,
    /// The packet that was dequeued, if one was (Go's `ov != nil`).
    pub packet: Option<QueuedCompletion<K>>,
}

impl<K> std::fmt::Display for QueuedCompletionError<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.errno, f)
    }
}

impl<K: std::fmt::Debug> std::error::Error for QueuedCompletionError<K> {}

impl<K> From<QueuedCompletionError<K>> for Errno {
    fn from(e: QueuedCompletionError<K>) -> Errno {
        e.errno
    }
}

impl<K> From<QueuedCompletionError<K>> for std::io::Error {
    /// As `io::Error::from(e.errno)` (the packet is dropped).
    fn from(e: QueuedCompletionError<K>) -> std::io::Error {
        e.errno.into()
    }
}

/// `ERROR_ARITHMETIC_OVERFLOW` (534), our stand-in for Go's
/// "GetQueuedCompletionStatus returned key overflow" error.
pub const ERROR_ARITHMETIC_OVERFLOW: Errno = Errno(534);

pub(super) fn timeout_ms(timeout: Option<Duration>) -> u32 {
    match timeout {
        None => u32::MAX,
        // Round up so that a short non-zero wait is not a poll; stay below INFINITE.
        Some(d) => d.as_nanos().div_ceil(1_000_000).min(u32::MAX as u128 - 1) as u32,
    }
}

fn opt_handle(h: Option<BorrowedHandle<'_>>, none: HANDLE) -> HANDLE {
    h.map_or(none, |h| raw_handle(&h))
}

/// A socket as the `HANDLE` the kernel calls of this module take. A `SOCKET`
/// is a kernel handle (Winsock's documentation: sockets can be used with
/// `CreateIoCompletionPort`, `CancelIo(Ex)`, `SetFileCompletionNotificationModes`),
/// owned by the socket, valid while it is borrowed.
fn socket_handle(s: BorrowedSocket<'_>) -> HANDLE {
    raw_socket(&s) as HANDLE
}

/// Creates a completion port, or associates a handle with one.
///
/// Go: `syscall.CreateIoCompletionPort(filehandle, cphandle, key uint32,
/// threadcnt)` (deprecated there; the key is widened to `usize`). `file: None`
/// passes `INVALID_HANDLE_VALUE`, `port: None` passes NULL. With `port: None`
/// a **new** port is created and the caller owns the raw handle that comes
/// back (wrapping it takes `unsafe`; [`create_io_completion_port_owned`] is
/// the safe form, [`CompletionPort::new`](super::CompletionPort::new) the port with the safe operations).
/// With a `port`, the same port handle comes back. A socket goes through
/// [`create_io_completion_port_socket`].
///
/// **The association is for ever**: Windows offers no way to undo it, and
/// the handle's completions (whoever starts the I/O) go to that port until
/// the handle is closed; the handle can join no other port (that gives
/// `ERROR_INVALID_PARAMETER`). `file` is only borrowed, so this is safe — no
/// memory is touched, and the owner's I/O still completes, its packets
/// landing on this port — but associate only handles you own.
#[doc(alias = "CreateIoCompletionPort")]
pub fn create_io_completion_port(
    file: Option<BorrowedHandle<'_>>,
    port: Option<BorrowedHandle<'_>>,
    key: u32,
    threads: u32,
) -> Result<RawHandle> {
    create_io_completion_port_usize(file, port, key as usize, threads)
}

/// [`create_io_completion_port`] with a pointer-sized key (Go's unexported
/// `createIoCompletionPort`).
///
/// As there, the association is for ever: associate only handles you own.
#[doc(alias = "createIoCompletionPort")]
pub fn create_io_completion_port_usize(
    file: Option<BorrowedHandle<'_>>,
    port: Option<BorrowedHandle<'_>>,
    key: usize,
    threads: u32,
) -> Result<RawHandle> {
    create_raw(
        opt_handle(file, INVALID_HANDLE_VALUE),
        opt_handle(port, std::ptr::null_mut()),
        key,
        threads,
    )
}

/// The socket twin of [`create_io_completion_port_usize`]: associates a
/// socket with `port` (or with a new port for `None`, whose raw handle the
/// caller then owns), its packets carrying `key`.
///
/// Go: `syscall.CreateIoCompletionPort(syscall.Handle(s), cphandle, key,
/// threadcnt)` — a socket is a handle there; here it is borrowed as a socket
/// (no `unsafe` re-wrapping). As for handles, the association is for ever:
/// associate only sockets you own. [`CompletionPort::associate_socket`](super::CompletionPort::associate_socket) is
/// the form for a [`CompletionPort`](super::CompletionPort).
#[doc(alias = "CreateIoCompletionPort")]
pub fn create_io_completion_port_socket(
    socket: impl AsSocket,
    port: Option<BorrowedHandle<'_>>,
    key: usize,
    threads: u32,
) -> Result<RawHandle> {
    create_raw(
        socket_handle(socket.as_socket()),
        opt_handle(port, std::ptr::null_mut()),
        key,
        threads,
    )
}

fn create_raw(file: HANDLE, port: HANDLE, key: usize, threads: u32) -> Result<RawHandle> {
    // SAFETY: both handles are borrowed by the callers (or the documented sentinels).
    let h = unsafe { CreateIoCompletionPort(file, port, key, threads) };
    if h.is_null() {
        Err(last_error())
    } else {
        Ok(h as RawHandle)
    }
}

/// Creates a **new** completion port, owned (closed on drop); with a `file`,
/// associates it too, its packets carrying `key`.
///
/// The safe form of Go's `syscall.CreateIoCompletionPort(filehandle, 0, key,
/// threadcnt)` (a new port), which returns a bare handle; here the handle is
/// an [`OwnedHandle`]. To associate a handle with an existing port use
/// [`create_io_completion_port`] (it returns that port's handle) or
/// [`CompletionPort::associate`](super::CompletionPort::associate).
#[doc(alias = "CreateIoCompletionPort")]
pub fn create_io_completion_port_owned(
    file: Option<BorrowedHandle<'_>>,
    key: usize,
    threads: u32,
) -> Result<OwnedHandle> {
    let h = create_io_completion_port_usize(file, None, key, threads)?;
    // SAFETY: with no existing port, CreateIoCompletionPort returned a new
    // port handle that nothing else owns.
    Ok(unsafe { OwnedHandle::from_raw_handle(h) })
}

/// `GetQueuedCompletionStatus`: a packet with its I/O's error, or the error
/// when nothing was dequeued.
pub(super) fn gqcs(port: HANDLE, timeout: u32) -> Result<(QueuedCompletion<usize>, Option<Errno>)> {
    let mut bytes = 0u32;
    let mut key = 0usize;
    let mut ov: *mut OVERLAPPED = std::ptr::null_mut();
    // SAFETY: the out pointers are valid locals; `port` is a borrowed handle.
    let ok = unsafe { GetQueuedCompletionStatus(port, &mut bytes, &mut key, &mut ov, timeout) };
    let error = if ok == 0 { Some(last_error()) } else { None };
    if ov.is_null() {
        // Nothing dequeued (timeout, closed port), or a packet posted without
        // an OVERLAPPED (which always succeeds).
        if let Some(e) = error {
            return Err(e);
        }
    }
    let packet = QueuedCompletion {
        bytes,
        key,
        overlapped: ov.cast(),
    };
    Ok((packet, error))
}

/// Go's shape: the packet on success; on failure the error, with the packet
/// when one was dequeued.
fn gqcs_go(
    port: HANDLE,
    timeout: u32,
) -> std::result::Result<QueuedCompletion<usize>, QueuedCompletionError<usize>> {
    match gqcs(port, timeout) {
        Ok((packet, None)) => Ok(packet),
        Ok((packet, Some(errno))) => Err(QueuedCompletionError {
            errno,
            packet: Some(packet),
        }),
        Err(errno) => Err(QueuedCompletionError {
            errno,
            packet: None,
        }),
    }
}

/// Takes one packet from a port (Go's deprecated `u32`-key form).
///
/// Go: `syscall.GetQueuedCompletionStatus(cphandle, &qty, &key, &ov,
/// timeout)`. `timeout` is in milliseconds (`INFINITE` = `u32::MAX`). As in
/// Go, **a failed I/O is an error**: `Ok` only when a packet reports success.
///
/// * A packet of an I/O that succeeded, or one posted: `Ok`.
/// * A packet of an I/O that failed (a refused `ConnectEx`, a cancelled
///   read…): `Err` with that error and `packet: Some` — Go returns the error
///   with `ov` set. The packet was taken: its operation is over.
/// * Nothing dequeued: `Err` with `packet: None` — `WAIT_TIMEOUT` (258) after
///   the timeout, as Go; `ERROR_ABANDONED_WAIT_0` (735) when the port was
///   closed; `ERROR_INVALID_HANDLE` for a handle that is not a port.
/// * A successful packet whose key does not fit in `u32`: `Err`
///   [`ERROR_ARITHMETIC_OVERFLOW`] with the packet, its key truncated (Go's
///   "returned key overflow"; as in Go, a failed I/O reports its own error
///   instead). [`get_queued_completion_status_usize`] has no such case.
///
/// `?` turns the error into an [`Errno`] or a [`std::io::Error`].
/// [`get_queued_completion_status_packet`] is the other shape: `Err` only when
/// nothing was dequeued.
#[doc(alias = "GetQueuedCompletionStatus")]
pub fn get_queued_completion_status(
    port: impl AsHandle,
    timeout: u32,
) -> std::result::Result<QueuedCompletion<u32>, QueuedCompletionError<u32>> {
    let narrow = |p: QueuedCompletion<usize>| QueuedCompletion {
        bytes: p.bytes,
        key: p.key as u32,
        overlapped: p.overlapped,
    };
    match gqcs_go(raw_handle(&port.as_handle()), timeout) {
        Ok(p) if p.key > u32::MAX as usize => Err(QueuedCompletionError {
            errno: ERROR_ARITHMETIC_OVERFLOW,
            packet: Some(narrow(p)),
        }),
        Ok(p) => Ok(narrow(p)),
        Err(e) => Err(QueuedCompletionError {
            errno: e.errno,
            packet: e.packet.map(narrow),
        }),
    }
}

/// [`get_queued_completion_status`] with a pointer-sized key (Go's unexported
/// `getQueuedCompletionStatus`, x/sys' `GetQueuedCompletionStatus`).
///
/// The same results, without the key overflow. [`CompletionPort::get_raw`](super::CompletionPort::get_raw)
/// is this with a `Duration` timeout.
#[doc(alias = "getQueuedCompletionStatus")]
pub fn get_queued_completion_status_usize(
    port: impl AsHandle,
    timeout: u32,
) -> std::result::Result<QueuedCompletion<usize>, QueuedCompletionError<usize>> {
    gqcs_go(raw_handle(&port.as_handle()), timeout)
}

/// Takes one packet and reports its I/O's status beside it (beyond Go): `Err`
/// **only** when nothing was dequeued.
///
/// `GetQueuedCompletionStatus`, pointer-sized key. `Ok((packet, None))`: an
/// I/O that succeeded, or a posted packet; `Ok((packet, Some(errno)))`: the
/// packet of an I/O that failed — still a finished operation to dispatch
/// (what an event loop wants). `Err`: `WAIT_TIMEOUT`,
/// `ERROR_ABANDONED_WAIT_0`, or the error of a handle that is not a port.
/// Prefer [`get_queued_completion_status`] / [`get_queued_completion_status_usize`]
/// where `?` should stop on a failed I/O.
#[doc(alias = "GetQueuedCompletionStatus")]
pub fn get_queued_completion_status_packet(
    port: impl AsHandle,
    timeout: u32,
) -> Result<(QueuedCompletion<usize>, Option<Errno>)> {
    gqcs(raw_handle(&port.as_handle()), timeout)
}

/// Posts a packet (Go's deprecated `u32`-key form).
///
/// Go: `syscall.PostQueuedCompletionStatus(cphandle, qty, key, overlapped)`.
///
/// # Safety
/// `overlapped` travels to whoever takes the packet, who may treat it as a
/// finished operation: it must not be the `OVERLAPPED` of an operation still
/// in flight (in particular one started by a [`CompletionPort`](super::CompletionPort)). NULL is
/// always fine ([`post_queued_completion_status_null`] and
/// [`CompletionPort::post`](super::CompletionPort::post) are the safe forms).
#[doc(alias = "PostQueuedCompletionStatus")]
pub unsafe fn post_queued_completion_status(
    port: impl AsHandle,
    bytes: u32,
    key: u32,
    overlapped: *mut Overlapped,
) -> Result<()> {
    // SAFETY: forwarded to the caller.
    cvt(unsafe {
        PostQueuedCompletionStatus(
            raw_handle(&port.as_handle()),
            bytes,
            key as usize,
            overlapped.cast(),
        )
    })
    .map(drop)
}

/// Posts a packet without an `OVERLAPPED`: the safe form of Go's
/// `syscall.PostQueuedCompletionStatus(cphandle, qty, key, nil)`.
///
/// `PostQueuedCompletionStatus(port, bytes, key, NULL)`. A NULL `OVERLAPPED`
/// names no operation, so nobody taking the packet can mistake it for a
/// finished one ([`CompletionPort::wait`](super::CompletionPort::wait) reports it as
/// [`Completion::Posted`](super::Completion::Posted)). The key is pointer-sized (Go's deprecated form
/// takes a `uint32`). A handle that is not a port gives the error Windows
/// reports (`ERROR_INVALID_HANDLE`).
#[doc(alias = "PostQueuedCompletionStatus")]
pub fn post_queued_completion_status_null(
    port: impl AsHandle,
    bytes: u32,
    key: usize,
) -> Result<()> {
    // SAFETY: a borrowed handle; a NULL OVERLAPPED names no operation.
    cvt(unsafe {
        PostQueuedCompletionStatus(
            raw_handle(&port.as_handle()),
            bytes,
            key,
            std::ptr::null_mut(),
        )
    })
    .map(drop)
}

/// Takes up to `entries.len()` packets in one call (beyond Go).
///
/// `GetQueuedCompletionStatusEx(port, entries, len, &n, timeout, alertable)`;
/// returns how many entries were filled. A timeout is `WAIT_TIMEOUT` (258); an
/// empty `entries` is `EINVAL` before any call. Each entry's status is in
/// `internal` (an NTSTATUS, 0 = success).
pub fn get_queued_completion_status_ex(
    port: impl AsHandle,
    entries: &mut [OverlappedEntry],
    timeout: u32,
    alertable: bool,
) -> Result<usize> {
    if entries.is_empty() {
        return Err(Errno::EINVAL);
    }
    let mut n = 0u32;
    // SAFETY: `entries` is writable for its length (clamped); OverlappedEntry
    // has OVERLAPPED_ENTRY's layout.
    let ok = unsafe {
        GetQueuedCompletionStatusEx(
            raw_handle(&port.as_handle()),
            entries.as_mut_ptr().cast::<OVERLAPPED_ENTRY>(),
            crate::sys::clamp_len(entries.len()),
            &mut n,
            timeout,
            alertable as i32,
        )
    };
    cvt(ok)?;
    Ok(n as usize)
}

/// Cancels the calling thread's pending I/O on a handle.
///
/// Go: `syscall.CancelIo` (`CancelIo`). Safe for the reasons given at
/// [`cancel_io_ex`]. A socket goes through [`cancel_io_socket`].
#[doc(alias = "CancelIo")]
pub fn cancel_io(h: impl AsHandle) -> Result<()> {
    cancel_io_raw(raw_handle(&h.as_handle()))
}

/// The socket twin of [`cancel_io`]: `CancelIo((HANDLE)s)`, Go's
/// `CancelIo(syscall.Handle(s))`.
#[doc(alias = "CancelIo")]
pub fn cancel_io_socket(s: impl AsSocket) -> Result<()> {
    cancel_io_raw(socket_handle(s.as_socket()))
}

fn cancel_io_raw(h: HANDLE) -> Result<()> {
    // SAFETY: a handle borrowed by the callers; nothing is written.
    cvt(unsafe { CancelIo(h) }).map(drop)
}

/// Cancels pending I/O on a handle from any thread: the operation whose
/// `OVERLAPPED` is `overlapped`, or all of them for NULL.
///
/// Go: `syscall.CancelIoEx` (`CancelIoEx`). Nothing to cancel is
/// `ERROR_NOT_FOUND` (1168). A socket goes through [`cancel_io_ex_socket`];
/// a windows-sys `*mut OVERLAPPED` through [`Overlapped::from_raw`].
///
/// **Why this is safe**, though it takes a raw pointer and only borrows the
/// handle:
/// * the pointer is never dereferenced, by us or by Windows: `CancelIoEx`
///   only compares it with the `OVERLAPPED` addresses of the handle's pending
///   requests, so any value (dangling, NULL, misaligned) is fine;
/// * cancelling does not end an operation early as far as memory goes: every
///   cancelled request still completes — with `ERROR_OPERATION_ABORTED`
///   (995), or with its result if it finished first — and still sends its
///   packet or sets its event. An owner that keeps its buffers until then
///   (as a [`CompletionPort`](super::CompletionPort) does) is never made to free memory the kernel
///   is writing. Cancelling I/O that someone else started on a handle you
///   only borrow is as allowed here as in Go; it can make their operation
///   fail, not make them unsound.
#[doc(alias = "CancelIoEx")]
pub fn cancel_io_ex(h: impl AsHandle, overlapped: *const Overlapped) -> Result<()> {
    cancel_raw(raw_handle(&h.as_handle()), overlapped)
}

/// The socket twin of [`cancel_io_ex`] (safe for the same reasons): Go's
/// `CancelIoEx(syscall.Handle(s), o)`.
#[doc(alias = "CancelIoEx")]
pub fn cancel_io_ex_socket(s: impl AsSocket, overlapped: *const Overlapped) -> Result<()> {
    cancel_raw(socket_handle(s.as_socket()), overlapped)
}

pub(super) fn cancel_raw(h: HANDLE, overlapped: *const Overlapped) -> Result<()> {
    // SAFETY: CancelIoEx only compares the pointer with the handle's requests.
    cvt(unsafe { CancelIoEx(h, overlapped.cast()) }).map(drop)
}

/// Sets how a handle reports completions: `FILE_SKIP_COMPLETION_PORT_ON_SUCCESS`
/// (1), `FILE_SKIP_SET_EVENT_ON_HANDLE` (2).
///
/// Go: `syscall.SetFileCompletionNotificationModes(handle, flags uint8)`. A
/// socket goes through [`set_file_completion_notification_modes_socket`].
/// Safe with a [`CompletionPort`](super::CompletionPort), but do not use skip-on-success there: an
/// operation that then succeeds at once sends no packet, so the port never
/// reports it and keeps (leaks) its memory for ever rather than risk freeing
/// it (see the module docs). The modes cannot be turned off again.
#[doc(alias = "SetFileCompletionNotificationModes")]
pub fn set_file_completion_notification_modes(h: impl AsHandle, flags: u8) -> Result<()> {
    set_modes_raw(raw_handle(&h.as_handle()), flags)
}

/// The socket twin of [`set_file_completion_notification_modes`]: Go's
/// `SetFileCompletionNotificationModes(syscall.Handle(s), flags)`.
///
/// Go's `net` package sets skip-on-success on sockets only when every
/// installed Winsock provider gives real handles (`XP1_IFS_HANDLES`); the
/// same caution applies here, and the same warning about a [`CompletionPort`](super::CompletionPort).
#[doc(alias = "SetFileCompletionNotificationModes")]
pub fn set_file_completion_notification_modes_socket(s: impl AsSocket, flags: u8) -> Result<()> {
    set_modes_raw(socket_handle(s.as_socket()), flags)
}

fn set_modes_raw(h: HANDLE, flags: u8) -> Result<()> {
    // SAFETY: a handle borrowed by the callers.
    cvt(unsafe { SetFileCompletionNotificationModes(h, flags) }).map(drop)
}
