//! I/O completion ports and overlapped I/O: Go's `CreateIoCompletionPort`,
//! `GetQueuedCompletionStatus`, `PostQueuedCompletionStatus`, `CancelIo(Ex)`,
//! `SetFileCompletionNotificationModes`, `Overlapped`, `ConnectEx`, `AcceptEx`,
//! `TransmitFile` — plus a safe layer for overlapped operations.
//!
//! # Two layers
//!
//! * **Raw, as in Go.** [`create_io_completion_port`],
//!   [`get_queued_completion_status`], [`post_queued_completion_status`] (Go's
//!   deprecated `u32`-key forms, with the safe
//!   [`create_io_completion_port_owned`] and
//!   [`post_queued_completion_status_null`]), [`get_queued_completion_status_ex`],
//!   [`cancel_io`], [`cancel_io_ex`], [`set_file_completion_notification_modes`],
//!   [`connect_ex`], [`accept_ex`], [`transmit_file`] and the [`Overlapped`]
//!   layout. The calls that hand Windows an `OVERLAPPED` or a buffer it will
//!   write later are `unsafe fn`s: the caller keeps that memory alive and
//!   unmoved until the completion is taken.
//! * **Safe.** A [`CompletionPort`] (closed on drop) starts operations —
//!   [`read_at`](CompletionPort::read_at), [`write_at`](CompletionPort::write_at),
//!   [`recv`](CompletionPort::recv), [`send`](CompletionPort::send),
//!   [`connect`](CompletionPort::connect), [`accept`](CompletionPort::accept),
//!   [`transmit_file`](CompletionPort::transmit_file) — and hands their results
//!   back from [`wait`](CompletionPort::wait) /
//!   [`wait_many`](CompletionPort::wait_many).
//!
//! # How the safe layer keeps the kernel's memory alive
//!
//! Overlapped I/O is a completion model: the kernel keeps a pointer to the
//! `OVERLAPPED` and to the buffer and writes through them *later*, on its own
//! schedule. A safe API must therefore make it impossible for safe code to
//! free or move either while the operation is in flight. Rust's borrows cannot
//! express "until a packet comes out of a port", so the memory is **owned by
//! the operation, not borrowed**. The one rule: **a block is freed only when
//! no packet can ever arrive for it** — after its packet came out of the
//! port, or when the call that would have started it failed in a way that
//! queues none. Where that cannot be known, the block is leaked, never freed.
//!
//! 1. Each operation is one heap block (`Box`, never moved once allocated)
//!    whose first field is the `OVERLAPPED`, followed by everything the kernel
//!    or the completion touches: the buffer (`Vec<u8>`, moved in by value), the
//!    `WSABUF`, the receive flags, the address buffers, and the sockets —
//!    `connect` owns its socket, `accept` its new socket and a clone of the
//!    listener's `Arc`, all given back (or dropped) only when the operation
//!    finishes, so the `SO_UPDATE_*_CONTEXT` options set at completion always
//!    name the sockets the operation used.
//! 2. Before the Win32 call, `Internal` is set to `STATUS_PENDING` and the
//!    block is **registered** in the port (address → operation id), marked
//!    *starting*. What the call's result means follows the I/O manager's rules
//!    for a handle bound to a port:
//!    * success, or `ERROR_IO_PENDING`: a packet will come;
//!    * another error with `Internal` still `STATUS_PENDING`, and not one a
//!      warning maps to: the request failed with an error status without
//!      ever being pending, so the I/O manager wrote nothing and queues no
//!      packet — the block is unregistered and freed, and the error returned;
//!    * another error that is a warning (`STATUS_BUFFER_OVERFLOW`, reported
//!      as `ERROR_MORE_DATA` or `WSAEMSGSIZE`: a datagram or message larger
//!      than the buffer), or with `Internal` written: the I/O manager finished
//!      the request like a success and queued a packet. The block stays
//!      registered and the operation is reported as **started**; its result
//!      (the warning's error and the bytes that fitted) comes out of `wait`.
//!
//!    Until that decision is made the block stays *starting*: a `wait` on
//!    another thread that takes its packet (queued before the call returned)
//!    waits for it, so the call can still write into the block (as `WSARecv`
//!    does with its flags) and `Internal` can still be read.
//! 3. [`wait`](CompletionPort::wait) dequeues a packet. A packet whose
//!    `OVERLAPPED` address is registered is the kernel's last word on that
//!    block: the entry is removed, the `Box` rebuilt, and the buffer (and
//!    sockets, addresses…) are given back in [`Completion::Done`] together
//!    with the result (a failed I/O still delivers its packet and its error;
//!    [`wait_many`](CompletionPort::wait_many) reads that error from the
//!    block's `Internal`, which the kernel wrote before queueing the packet).
//!    A non-NULL `OVERLAPPED` that is *not* registered (posted by someone
//!    else, or belonging to raw I/O) is reported as [`Completion::Unknown`]
//!    and never dereferenced. These are the only two places (with the
//!    immediate-failure case of 2) where a block's `Box` is rebuilt, each time
//!    after removing its entry under the registry's lock.
//! 4. Starting an operation returns a [`PendingOp`] token. Dropping it while the
//!    operation is in flight calls `CancelIoEx` for that `OVERLAPPED` and marks
//!    the block *abandoned*: its memory stays allocated until the (cancelled)
//!    packet arrives, and the port then frees it silently (a result that was
//!    already queued is discarded the same way). [`PendingOp::cancel`]
//!    cancels but keeps the result (`ERROR_OPERATION_ABORTED`, 995) for
//!    `wait`; [`PendingOp::detach`] lets the operation run without a token.
//! 5. Dropping the port with operations still registered **leaks** their
//!    blocks (closing a port does not stop I/O on its handles, so freeing them
//!    could let the kernel write into freed memory).
//! 6. `FILE_SKIP_COMPLETION_PORT_ON_SUCCESS` (which the safe
//!    [`set_file_completion_notification_modes`] can set on an associated
//!    handle): an operation that succeeds at once then queues **no** packet,
//!    and the port cannot tell. Its block stays registered for ever — counted
//!    by [`in_flight`](CompletionPort::in_flight), its result never reported
//!    by `wait` — a leak, never a free. Do not use that mode with the safe
//!    operations.
//!
//! Posting a fake packet naming a registered block would make the port free
//! memory the kernel still owns, which is why
//! [`CompletionPort::post_raw`] and [`post_queued_completion_status`] are
//! `unsafe` (posting without an `OVERLAPPED` is safe:
//! [`post_queued_completion_status_null`], [`CompletionPort::post`]); taking
//! packets with the raw calls is safe (the blocks behind them are then never
//! freed: a leak, not a dangling pointer). Blocks move between threads as
//! plain addresses (started on one, finished by whichever thread waits): all
//! they own is `Send` (buffers, `OwnedSocket`, the listener's
//! `Arc<dyn AsSocket + Send + Sync>`).
//!
//! **Compared with mio and compio.** mio (0.7 and later) does not do
//! overlapped reads and writes at all: it asks the AFD driver for readiness
//! (`IOCTL_AFD_POLL`), keeps one poll state per socket pinned behind an `Arc`
//! whose raw pointer travels as the operation's context, and turns it back
//! into the `Arc` when the completion comes out of the port; data then moves
//! with ordinary non-blocking calls into caller-owned buffers. (mio 0.6, via
//! miow, read into internal buffers it owned for the same reason.) compio
//! exposes the completion model directly: an operation owns its buffer
//! (moved in, given back with the result), its `OVERLAPPED` header is the
//! first field of a heap block, a dropped future cancels the operation and the
//! driver frees the block only when the completion arrives — the model
//! followed here, without an async runtime: the owner of the port pulls
//! completions with `wait`. Unlike both, this port also validates every
//! `OVERLAPPED` it is handed against its registry instead of trusting the
//! pointer.
//!
//! Handles used with the safe layer must be opened for overlapped I/O
//! (`FILE_FLAG_OVERLAPPED`; sockets are overlapped by default), associated
//! with the same port ([`CompletionPort::associate`]), and should not use
//! `FILE_SKIP_COMPLETION_PORT_ON_SUCCESS` (see 6 above). A closed or invalid
//! handle gives the `Errno` Windows reports.

use crate::errno::{Errno, Result};
use crate::sys::{cvt, last_error, raw_handle};
use std::os::windows::io::{AsHandle, BorrowedHandle, FromRawHandle, OwnedHandle, RawHandle};
use std::time::Duration;
use windows_sys::Win32::Foundation::{HANDLE, INVALID_HANDLE_VALUE};
use windows_sys::Win32::Storage::FileSystem::SetFileCompletionNotificationModes;
use windows_sys::Win32::System::IO::{
    CancelIo, CancelIoEx, CreateIoCompletionPort, GetQueuedCompletionStatus,
    GetQueuedCompletionStatusEx, OVERLAPPED, OVERLAPPED_ENTRY, PostQueuedCompletionStatus,
};

mod port;
mod sockets;
pub use port::*;
pub use sockets::*;

/// Go: `syscall.Overlapped`: Windows' `OVERLAPPED` (32 bytes on 64-bit).
///
/// The same layout as `windows_sys::Win32::System::IO::OVERLAPPED` (with the
/// offset pair in place of the union), so a `*mut Overlapped` can be cast to
/// and from one. `internal` holds the NTSTATUS of a finished operation and
/// `internal_high` its byte count.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Overlapped {
    /// Go's `Internal`: the status code, written by the kernel.
    pub internal: usize,
    /// Go's `InternalHigh`: the bytes transferred, written by the kernel.
    pub internal_high: usize,
    /// Go's `Offset`: the low 32 bits of the file offset.
    pub offset: u32,
    /// Go's `OffsetHigh`: the high 32 bits of the file offset.
    pub offset_high: u32,
    /// Go's `HEvent`: an event handle to signal, or 0.
    pub h_event: usize,
}

impl Overlapped {
    /// An `Overlapped` for a file operation at `offset`.
    pub fn at_offset(offset: u64) -> Overlapped {
        Overlapped {
            offset: offset as u32,
            offset_high: (offset >> 32) as u32,
            ..Overlapped::default()
        }
    }

    /// The 64-bit file offset this `Overlapped` names.
    pub fn file_offset(&self) -> u64 {
        (self.offset_high as u64) << 32 | self.offset as u64
    }
}

/// One entry of [`get_queued_completion_status_ex`]: Windows'
/// `OVERLAPPED_ENTRY`.
///
/// Go has no twin (beyond Go). The layout is Windows' (tested).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct OverlappedEntry {
    /// The completion key of the handle (or of the posted packet).
    pub key: usize,
    /// The `OVERLAPPED` of the operation (NULL for a posted packet without one).
    pub overlapped: *mut Overlapped,
    /// Reserved (the NTSTATUS of the operation, as in `Overlapped::internal`).
    pub internal: usize,
    /// The bytes transferred.
    pub bytes: u32,
}

impl Default for OverlappedEntry {
    fn default() -> Self {
        OverlappedEntry {
            key: 0,
            overlapped: std::ptr::null_mut(),
            internal: 0,
            bytes: 0,
        }
    }
}

/// One packet taken from a port with the raw calls.
#[derive(Clone, Copy, Debug)]
pub struct QueuedCompletion<K> {
    /// The bytes transferred (Go's `qty`).
    pub bytes: u32,
    /// The completion key (Go's `key`).
    pub key: K,
    /// The `OVERLAPPED` of the operation, or NULL for a posted packet without one.
    pub overlapped: *mut Overlapped,
    /// The error the packet carries: the I/O's failure (e.g.
    /// `ERROR_OPERATION_ABORTED`), or for the `u32` form a key overflow.
    pub error: Option<Errno>,
}

/// `ERROR_ARITHMETIC_OVERFLOW` (534), our stand-in for Go's
/// "GetQueuedCompletionStatus returned key overflow" error.
pub const ERROR_ARITHMETIC_OVERFLOW: Errno = Errno(534);

fn timeout_ms(timeout: Option<Duration>) -> u32 {
    match timeout {
        None => u32::MAX,
        // Round up so that a short non-zero wait is not a poll; stay below INFINITE.
        Some(d) => d.as_nanos().div_ceil(1_000_000).min(u32::MAX as u128 - 1) as u32,
    }
}

fn opt_handle(h: Option<BorrowedHandle<'_>>, none: HANDLE) -> HANDLE {
    h.map_or(none, |h| raw_handle(&h))
}

/// Creates a completion port, or associates a handle with one.
///
/// Go: `syscall.CreateIoCompletionPort(filehandle, cphandle, key uint32,
/// threadcnt)` (deprecated there; the key is widened to `usize`). `file: None`
/// passes `INVALID_HANDLE_VALUE`, `port: None` passes NULL. With `port: None`
/// a **new** port is created and the caller owns the raw handle that comes
/// back (wrapping it takes `unsafe`; [`create_io_completion_port_owned`] is
/// the safe form, [`CompletionPort::new`] the port with the safe operations).
/// With a `port`, the same port handle comes back.
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
#[doc(alias = "createIoCompletionPort")]
pub fn create_io_completion_port_usize(
    file: Option<BorrowedHandle<'_>>,
    port: Option<BorrowedHandle<'_>>,
    key: usize,
    threads: u32,
) -> Result<RawHandle> {
    // SAFETY: both handles are borrowed (or the documented sentinels).
    let h = unsafe {
        CreateIoCompletionPort(
            opt_handle(file, INVALID_HANDLE_VALUE),
            opt_handle(port, std::ptr::null_mut()),
            key,
            threads,
        )
    };
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
/// [`CompletionPort::associate`].
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

fn gqcs(port: HANDLE, timeout: u32) -> Result<QueuedCompletion<usize>> {
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
    Ok(QueuedCompletion {
        bytes,
        key,
        overlapped: ov.cast(),
        error,
    })
}

/// Takes one packet from a port (Go's deprecated `u32`-key form).
///
/// Go: `syscall.GetQueuedCompletionStatus(cphandle, &qty, &key, &ov,
/// timeout)`. `timeout` is in milliseconds (`INFINITE` = `u32::MAX`).
///
/// * Nothing dequeued: `Err` — `WAIT_TIMEOUT` (258) after the timeout, as Go;
///   `ERROR_ABANDONED_WAIT_0` (735) when the port was closed.
/// * A packet: `Ok`, with `error` set when the I/O it reports failed (Go
///   returns that error with `ov` set), or — as Go, only when the call itself
///   succeeded — when the key does not fit in `u32`
///   ([`ERROR_ARITHMETIC_OVERFLOW`]; Go's "returned key overflow").
#[doc(alias = "GetQueuedCompletionStatus")]
pub fn get_queued_completion_status(
    port: impl AsHandle,
    timeout: u32,
) -> Result<QueuedCompletion<u32>> {
    let p = gqcs(raw_handle(&port.as_handle()), timeout)?;
    let mut error = p.error;
    if error.is_none() && p.key > u32::MAX as usize {
        error = Some(ERROR_ARITHMETIC_OVERFLOW);
    }
    Ok(QueuedCompletion {
        bytes: p.bytes,
        key: p.key as u32,
        overlapped: p.overlapped,
        error,
    })
}

/// Posts a packet (Go's deprecated `u32`-key form).
///
/// Go: `syscall.PostQueuedCompletionStatus(cphandle, qty, key, overlapped)`.
///
/// # Safety
/// `overlapped` travels to whoever takes the packet, who may treat it as a
/// finished operation: it must not be the `OVERLAPPED` of an operation still
/// in flight (in particular one started by a [`CompletionPort`]). NULL is
/// always fine ([`post_queued_completion_status_null`] and
/// [`CompletionPort::post`] are the safe forms).
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
/// finished one ([`CompletionPort::wait`] reports it as
/// [`Completion::Posted`]). The key is pointer-sized (Go's deprecated form
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
/// Go: `syscall.CancelIo` (`CancelIo`).
#[doc(alias = "CancelIo")]
pub fn cancel_io(h: impl AsHandle) -> Result<()> {
    // SAFETY: a borrowed handle.
    cvt(unsafe { CancelIo(raw_handle(&h.as_handle())) }).map(drop)
}

/// Cancels pending I/O on a handle from any thread: the operation whose
/// `OVERLAPPED` is `overlapped`, or all of them for NULL.
///
/// Go: `syscall.CancelIoEx` (`CancelIoEx`). Nothing to cancel is
/// `ERROR_NOT_FOUND` (1168). The pointer is only compared, never dereferenced,
/// so this is safe. The cancelled operation still completes (with
/// `ERROR_OPERATION_ABORTED`, 995) and sends its packet.
#[doc(alias = "CancelIoEx")]
pub fn cancel_io_ex(h: impl AsHandle, overlapped: *const Overlapped) -> Result<()> {
    cancel_raw(raw_handle(&h.as_handle()), overlapped)
}

fn cancel_raw(h: HANDLE, overlapped: *const Overlapped) -> Result<()> {
    // SAFETY: CancelIoEx only compares the pointer with the handle's requests.
    cvt(unsafe { CancelIoEx(h, overlapped.cast()) }).map(drop)
}

/// Sets how a handle reports completions: `FILE_SKIP_COMPLETION_PORT_ON_SUCCESS`
/// (1), `FILE_SKIP_SET_EVENT_ON_HANDLE` (2).
///
/// Go: `syscall.SetFileCompletionNotificationModes(handle, flags uint8)`.
/// Safe with a [`CompletionPort`], but do not use skip-on-success there: an
/// operation that then succeeds at once sends no packet, so the port never
/// reports it and keeps (leaks) its memory for ever rather than risk freeing
/// it (see the module docs).
#[doc(alias = "SetFileCompletionNotificationModes")]
pub fn set_file_completion_notification_modes(h: impl AsHandle, flags: u8) -> Result<()> {
    // SAFETY: a borrowed handle.
    cvt(unsafe { SetFileCompletionNotificationModes(raw_handle(&h.as_handle()), flags) }).map(drop)
}
