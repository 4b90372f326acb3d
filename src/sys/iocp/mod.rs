//! I/O completion ports and overlapped I/O: Go's `CreateIoCompletionPort`,
//! `GetQueuedCompletionStatus`, `PostQueuedCompletionStatus`, `CancelIo(Ex)`,
//! `SetFileCompletionNotificationModes`, `Overlapped`, `ConnectEx`, `AcceptEx`,
//! `TransmitFile` — plus a safe layer for overlapped operations.
//!
//! # Two layers
//!
//! * **Raw, as in Go.** [`create_io_completion_port`],
//!   [`get_queued_completion_status`], [`post_queued_completion_status`] (Go's
//!   deprecated `u32`-key forms), [`get_queued_completion_status_ex`],
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
//! the operation, not borrowed**:
//!
//! 1. Each operation is one heap block (`Box`, never moved once allocated)
//!    whose first field is the `OVERLAPPED`, followed by everything the kernel
//!    may touch: the buffer (`Vec<u8>`, moved in by value), the `WSABUF`, the
//!    receive flags, the address buffers, the accepted socket.
//! 2. Before the Win32 call is made, the block is turned into a raw pointer and
//!    **registered** in the port (address → operation id). If the call fails at
//!    once (anything but `ERROR_IO_PENDING`), no packet will come: the entry is
//!    removed, the block freed and the error returned.
//! 3. [`wait`](CompletionPort::wait) dequeues a packet. A packet whose
//!    `OVERLAPPED` address is registered is the kernel's last word on that
//!    block: the entry is removed, the `Box` rebuilt, and the buffer (and
//!    socket, addresses…) are given back in [`Completion::Done`] together with
//!    the result (a failed I/O still delivers its packet and its error). A
//!    non-NULL `OVERLAPPED` that is *not* registered (posted by someone else,
//!    or belonging to raw I/O) is reported as [`Completion::Unknown`] and never
//!    dereferenced.
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
//!
//! Posting a fake packet naming a registered block would make the port free
//! memory the kernel still owns, which is why
//! [`CompletionPort::post_raw`] and [`post_queued_completion_status`] are
//! `unsafe`; taking packets with the raw calls is safe (the blocks behind them
//! are then never freed: a leak, not a dangling pointer).
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
//! with the same port ([`CompletionPort::associate`]), and must not use
//! `FILE_SKIP_COMPLETION_PORT_ON_SUCCESS` (an operation that finished at once
//! would then send no packet; its block would stay registered until the port
//! drops). A closed or invalid handle gives the `Errno` Windows reports.

use crate::errno::{Errno, Result};
use crate::sys::{cvt, last_error, raw_handle, raw_socket};
use std::collections::{HashMap, HashSet};
use std::os::windows::io::{
    AsHandle, AsRawHandle, AsSocket, BorrowedHandle, FromRawHandle, OwnedHandle, OwnedSocket,
    RawHandle,
};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use windows_sys::Win32::Foundation::{
    ERROR_IO_PENDING, HANDLE, INVALID_HANDLE_VALUE, RtlNtStatusToDosError,
};
use windows_sys::Win32::Storage::FileSystem::{
    ReadFile, SetFileCompletionNotificationModes, WriteFile,
};
use windows_sys::Win32::System::IO::{
    CancelIo, CancelIoEx, CreateIoCompletionPort, GetQueuedCompletionStatus,
    GetQueuedCompletionStatusEx, OVERLAPPED, OVERLAPPED_ENTRY, PostQueuedCompletionStatus,
};

mod sockets;
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
/// a **new** port is created: wrap the result with
/// `OwnedHandle::from_raw_handle` (or use [`CompletionPort::new`], which owns
/// it). With a `port`, the same port handle comes back.
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
/// always fine (and [`CompletionPort::post`] is the safe form).
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
/// Go: `syscall.SetFileCompletionNotificationModes(handle, flags uint8)`. Do
/// not use skip-on-success with the safe [`CompletionPort`] operations (see the
/// module docs).
#[doc(alias = "SetFileCompletionNotificationModes")]
pub fn set_file_completion_notification_modes(h: impl AsHandle, flags: u8) -> Result<()> {
    // SAFETY: a borrowed handle.
    cvt(unsafe { SetFileCompletionNotificationModes(raw_handle(&h.as_handle()), flags) }).map(drop)
}

/// Identifies one operation started on a [`CompletionPort`]; unique for the
/// life of the port.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OpId(pub u64);

/// What a finished operation gives back.
#[derive(Debug)]
pub enum OpOutput {
    /// [`CompletionPort::read_at`]: the buffer, truncated to the bytes read.
    Read(Vec<u8>),
    /// [`CompletionPort::write_at`]: the buffer, as given.
    Write(Vec<u8>),
    /// [`CompletionPort::recv`]: the buffer, truncated to the bytes received
    /// (empty: the peer closed its side).
    Recv(Vec<u8>),
    /// [`CompletionPort::send`]: the buffer, as given.
    Send(Vec<u8>),
    /// [`CompletionPort::connect`]: the data sent with the connection, as given.
    Connect(Vec<u8>),
    /// [`CompletionPort::accept`]: the accepted socket (given back even on
    /// failure) and, on success, both addresses and the data received with the
    /// connection.
    Accept {
        /// The socket passed to `accept`, now connected (on success).
        socket: OwnedSocket,
        /// The local address (`None` on failure).
        local: Option<crate::Sockaddr>,
        /// The peer's address (`None` on failure).
        remote: Option<crate::Sockaddr>,
        /// The first bytes received, if a receive size was asked for.
        data: Vec<u8>,
    },
    /// [`CompletionPort::transmit_file`]: the head and tail buffers, as given.
    TransmitFile {
        /// The bytes sent before the file.
        head: Vec<u8>,
        /// The bytes sent after the file.
        tail: Vec<u8>,
    },
}

/// A finished operation, with everything it owned.
#[derive(Debug)]
pub struct OpDone {
    /// The operation (as [`PendingOp::id`] said).
    pub id: OpId,
    /// The completion key of the handle.
    pub key: usize,
    /// The bytes transferred, or the error the operation ended with (a failed
    /// I/O still delivers its packet).
    pub result: Result<u32>,
    /// The buffers (and socket) the operation owned.
    pub output: OpOutput,
}

/// One packet taken by [`CompletionPort::wait`].
#[derive(Debug)]
pub enum Completion {
    /// A packet posted with [`CompletionPort::post`] (no `OVERLAPPED`).
    Posted {
        /// The key it was posted with.
        key: usize,
        /// The byte count it was posted with.
        bytes: u32,
    },
    /// An operation of this port finished.
    Done(OpDone),
    /// A packet whose `OVERLAPPED` is not an operation of this port (posted
    /// with a raw pointer, or raw I/O on an associated handle): reported, and
    /// never dereferenced.
    Unknown {
        /// The key.
        key: usize,
        /// The bytes.
        bytes: u32,
        /// The `OVERLAPPED` address, as a number.
        overlapped: usize,
        /// The error the packet carried, if any.
        error: Option<Errno>,
    },
}

/// What the kernel may touch, in one heap block that never moves.
#[repr(C)]
struct Block {
    /// Must stay the first field: the packet's `OVERLAPPED` pointer is the
    /// block's address.
    ov: Overlapped,
    id: u64,
    op: Op,
}

// The OVERLAPPED must sit at offset 0 so that a packet's pointer is its block's.
const _: () = assert!(std::mem::offset_of!(Block, ov) == 0);

enum Op {
    Read(Vec<u8>),
    Write(Vec<u8>),
    Recv {
        buf: Vec<u8>,
        wsabuf: windows_sys::Win32::Networking::WinSock::WSABUF,
        flags: u32,
    },
    Send {
        buf: Vec<u8>,
        wsabuf: windows_sys::Win32::Networking::WinSock::WSABUF,
    },
    Connect {
        socket: usize,
        addr: crate::RawSockaddrAny,
        data: Vec<u8>,
    },
    Accept {
        listener: usize,
        socket: OwnedSocket,
        out: Vec<u8>,
        recv_len: u32,
    },
    Transmit {
        head: Vec<u8>,
        tail: Vec<u8>,
        tfb: windows_sys::Win32::Networking::WinSock::TRANSMIT_FILE_BUFFERS,
    },
}

struct Entry {
    id: u64,
    handle: usize,
    abandoned: bool,
}

/// An owned I/O completion port and the registry of its in-flight operations.
///
/// Go has no type for this (a port is a plain `Handle` there); see the module
/// docs for the design. `Send + Sync`: many threads may start operations and
/// [`wait`](CompletionPort::wait) at once. The handle is closed on drop.
///
/// ```no_run
/// use winsyscall::{CompletionPort, Completion};
/// let port = CompletionPort::new(0)?;
/// port.post(7, 42)?;
/// match port.wait(None)? {
///     Completion::Posted { key, bytes } => assert_eq!((key, bytes), (42, 7)),
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), winsyscall::Errno>(())
/// ```
pub struct CompletionPort {
    handle: OwnedHandle,
    registry: Mutex<HashMap<usize, Entry>>,
    /// Raw values of the handles and sockets associated through this port:
    /// an operation on any other handle would never deliver its packet here.
    associated: Mutex<HashSet<usize>>,
    next_id: AtomicU64,
}

impl std::fmt::Debug for CompletionPort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompletionPort")
            .field("handle", &self.handle)
            .field("in_flight", &self.in_flight())
            .finish()
    }
}

impl AsHandle for CompletionPort {
    fn as_handle(&self) -> BorrowedHandle<'_> {
        self.handle.as_handle()
    }
}

impl AsRawHandle for CompletionPort {
    fn as_raw_handle(&self) -> RawHandle {
        self.handle.as_raw_handle()
    }
}

/// An operation in flight. Dropping it cancels the operation (its memory stays
/// with the port until the cancelled packet arrives); see the module docs.
#[must_use = "dropping a PendingOp cancels its operation"]
#[derive(Debug)]
pub struct PendingOp<'p> {
    port: &'p CompletionPort,
    addr: usize,
    id: u64,
    armed: bool,
}

impl PendingOp<'_> {
    /// The operation's id, as its [`OpDone`] will carry it.
    pub fn id(&self) -> OpId {
        OpId(self.id)
    }

    /// Asks Windows to cancel the operation (`CancelIoEx`). Its packet still
    /// comes out of [`wait`](CompletionPort::wait), normally with
    /// `ERROR_OPERATION_ABORTED` (995) — or with its result, if it finished
    /// first. `ERROR_NOT_FOUND` when it already finished.
    #[doc(alias = "CancelIoEx")]
    pub fn cancel(&self) -> Result<()> {
        let reg = self.port.lock();
        match reg.get(&self.addr) {
            Some(e) if e.id == self.id => {
                cancel_raw(e.handle as HANDLE, self.addr as *const Overlapped)
            }
            _ => Err(Errno::ERROR_NOT_FOUND),
        }
    }

    /// Lets the operation run on without this token; its result still comes
    /// out of [`wait`](CompletionPort::wait).
    pub fn detach(mut self) -> OpId {
        self.armed = false;
        OpId(self.id)
    }
}

impl Drop for PendingOp<'_> {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        let mut reg = self.port.lock();
        if let Some(e) = reg.get_mut(&self.addr) {
            if e.id == self.id && !e.abandoned {
                e.abandoned = true;
                // Still registered, so the block is alive; the packet will free it.
                let _ = cancel_raw(e.handle as HANDLE, self.addr as *const Overlapped);
            }
        }
    }
}

impl CompletionPort {
    /// Creates a port. `threads` is the concurrency value (0 = one per CPU).
    ///
    /// Go: `CreateIoCompletionPort(InvalidHandle, 0, 0, threads)`.
    #[doc(alias = "CreateIoCompletionPort")]
    pub fn new(threads: u32) -> Result<CompletionPort> {
        let h = create_io_completion_port_usize(None, None, 0, threads)?;
        Ok(CompletionPort {
            // SAFETY: a new port handle that nothing else owns.
            handle: unsafe { OwnedHandle::from_raw_handle(h) },
            registry: Mutex::new(HashMap::new()),
            associated: Mutex::new(HashSet::new()),
            next_id: AtomicU64::new(1),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<usize, Entry>> {
        self.registry.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Associates a file, pipe or other handle (opened with
    /// `FILE_FLAG_OVERLAPPED`) with this port; its packets carry `key`.
    ///
    /// Go: `CreateIoCompletionPort(h, port, key, 0)`. A handle opened without
    /// `FILE_FLAG_OVERLAPPED` gives the error Windows reports
    /// (`ERROR_INVALID_PARAMETER`).
    pub fn associate(&self, h: impl AsHandle, key: usize) -> Result<()> {
        let h = h.as_handle();
        create_io_completion_port_usize(Some(h), Some(self.handle.as_handle()), key, 0)?;
        self.associated
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(raw_handle(&h) as usize);
        Ok(())
    }

    /// Associates a socket with this port (as [`associate`](Self::associate)).
    pub fn associate_socket(&self, s: impl AsSocket, key: usize) -> Result<()> {
        let raw = raw_socket(&s.as_socket());
        // SAFETY: the socket is borrowed for the call; a SOCKET is a HANDLE.
        let h = unsafe { BorrowedHandle::borrow_raw(raw as RawHandle) };
        self.associate(h, key)
    }

    /// How many operations are registered (in flight, or abandoned and waiting
    /// for their packet).
    pub fn in_flight(&self) -> usize {
        self.lock().len()
    }

    /// Posts a packet without an `OVERLAPPED`; [`wait`](Self::wait) reports it
    /// as [`Completion::Posted`].
    ///
    /// Go: `PostQueuedCompletionStatus(port, bytes, key, nil)`.
    #[doc(alias = "PostQueuedCompletionStatus")]
    pub fn post(&self, bytes: u32, key: usize) -> Result<()> {
        // SAFETY: a NULL OVERLAPPED names no operation.
        unsafe { self.post_raw(bytes, key, std::ptr::null_mut()) }
    }

    /// Posts a packet with any `OVERLAPPED` pointer.
    ///
    /// # Safety
    /// As [`post_queued_completion_status`]: `overlapped` must not be an
    /// operation still in flight.
    pub unsafe fn post_raw(
        &self,
        bytes: u32,
        key: usize,
        overlapped: *mut Overlapped,
    ) -> Result<()> {
        // SAFETY: forwarded to the caller.
        cvt(unsafe {
            PostQueuedCompletionStatus(raw_handle(&self.handle), bytes, key, overlapped.cast())
        })
        .map(drop)
    }

    /// Takes one packet as is (pointer-sized key). Packets of this port's own
    /// operations taken this way are not matched: their memory is then never
    /// freed (use [`wait`](Self::wait)).
    ///
    /// Go: `GetQueuedCompletionStatus` (its unexported pointer-sized form).
    #[doc(alias = "getQueuedCompletionStatus")]
    pub fn get_raw(&self, timeout: Option<Duration>) -> Result<QueuedCompletion<usize>> {
        gqcs(raw_handle(&self.handle), timeout_ms(timeout))
    }

    /// Takes the next packet and matches it with its operation.
    ///
    /// `timeout: None` waits forever. Errors: `WAIT_TIMEOUT` (258) when
    /// nothing came in time (as Go), `ERROR_ABANDONED_WAIT_0` when the port
    /// was closed. Packets of abandoned operations are consumed silently
    /// (their memory freed) and the wait goes on for the time left.
    pub fn wait(&self, timeout: Option<Duration>) -> Result<Completion> {
        let deadline = timeout.map(|t| Instant::now() + t);
        loop {
            let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            let p = self.get_raw(left)?;
            if let Some(c) = self.finish(p.overlapped, p.key, p.bytes, p.error) {
                return Ok(c);
            }
        }
    }

    /// Takes up to `max` packets in one `GetQueuedCompletionStatusEx` call
    /// (beyond Go) and matches them, in order. Packets of abandoned operations
    /// are consumed silently, so the result may hold fewer than were taken
    /// (even none). `max == 0` is `EINVAL`; a timeout is `WAIT_TIMEOUT`.
    pub fn wait_many(&self, max: usize, timeout: Option<Duration>) -> Result<Vec<Completion>> {
        if max == 0 {
            return Err(Errno::EINVAL);
        }
        let mut entries = vec![OverlappedEntry::default(); max.min(4096)];
        let mut out = Vec::new();
        self.wait_many_into(&mut entries, &mut out, timeout)?;
        Ok(out)
    }

    /// [`wait_many`](Self::wait_many) without allocating (beyond Go): takes up to
    /// `entries.len()` packets in one `GetQueuedCompletionStatusEx` call into
    /// the caller's `entries`, matches them and **appends** them to `out`
    /// (reuse both across calls: once `out` has the capacity, nothing is
    /// allocated). Returns how many packets were taken (abandoned operations
    /// included, so it may exceed what was appended). An empty `entries` is
    /// `EINVAL`; a timeout is `WAIT_TIMEOUT`, with `out` untouched.
    pub fn wait_many_into(
        &self,
        entries: &mut [OverlappedEntry],
        out: &mut Vec<Completion>,
        timeout: Option<Duration>,
    ) -> Result<usize> {
        let n = get_queued_completion_status_ex(&self.handle, entries, timeout_ms(timeout), false)?;
        out.reserve(n);
        for e in &entries[..n] {
            let err = match e.overlapped.is_null() {
                true => None,
                false => self.status_of(e.overlapped as usize),
            };
            if let Some(c) = self.finish(e.overlapped, e.key, e.bytes, err) {
                out.push(c);
            }
        }
        Ok(n)
    }

    /// The error of a registered, finished operation, from its NTSTATUS.
    fn status_of(&self, addr: usize) -> Option<Errno> {
        let reg = self.lock();
        reg.get(&addr)?;
        // SAFETY: registered, so the block is alive; its packet has been
        // dequeued, so the kernel is done writing `internal`.
        let status = unsafe { (*(addr as *const Block)).ov.internal } as i32;
        // SAFETY: a pure conversion of a status code.
        let code = unsafe { RtlNtStatusToDosError(status) };
        // Success and informational codes (>= 0) are successes, as for
        // GetQueuedCompletionStatus; warnings and errors are failures.
        if status >= 0 { None } else { Some(Errno(code)) }
    }

    /// Matches one dequeued packet. `None`: an abandoned operation, now freed.
    fn finish(
        &self,
        ov: *mut Overlapped,
        key: usize,
        bytes: u32,
        error: Option<Errno>,
    ) -> Option<Completion> {
        if ov.is_null() {
            return Some(Completion::Posted { key, bytes });
        }
        let addr = ov as usize;
        let entry = self.lock().remove(&addr);
        let Some(entry) = entry else {
            return Some(Completion::Unknown {
                key,
                bytes,
                overlapped: addr,
                error,
            });
        };
        // SAFETY: the address was registered by `start` from Box::into_raw and
        // just unregistered under the lock, so this is the only owner; its
        // packet is out, so the kernel no longer touches it.
        let block = unsafe { Box::from_raw(addr as *mut Block) };
        if entry.abandoned {
            return None;
        }
        let result = match error {
            Some(e) => Err(e),
            None => Ok(bytes),
        };
        let (result, output) = sockets::finish_op(block.op, result, bytes);
        Some(Completion::Done(OpDone {
            id: OpId(block.id),
            key,
            result,
            output,
        }))
    }

    /// Registers a block and runs `issue` on it. On an immediate failure
    /// (anything but `ERROR_IO_PENDING`) the block is unregistered, freed and
    /// the error returned.
    fn start(
        &self,
        handle: usize,
        op: Op,
        ov: Overlapped,
        issue: impl FnOnce(*mut Block) -> Result<()>,
    ) -> Result<PendingOp<'_>> {
        // An operation on a handle this port does not own would never deliver
        // its packet: it would sit in the registry (and `wait` hang) for ever.
        // Windows refuses to associate a synchronous handle, so this also turns
        // away every synchronous handle. (A handle value closed and reused by a
        // new, unassociated handle cannot be told apart: associate new handles.)
        if !self
            .associated
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&handle)
        {
            return Err(Errno::ERROR_INVALID_PARAMETER);
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let ptr = Box::into_raw(Box::new(Block { ov, id, op }));
        let addr = ptr as usize;
        self.lock().insert(
            addr,
            Entry {
                id,
                handle,
                abandoned: false,
            },
        );
        match issue(ptr) {
            Ok(()) => {}
            Err(e) if e.0 == ERROR_IO_PENDING => {}
            Err(e) => {
                if self.lock().remove(&addr).is_some() {
                    // SAFETY: the call failed at once, so no packet will come and
                    // the kernel holds no pointer into the block; we just took it
                    // out of the registry, so nobody else frees it.
                    drop(unsafe { Box::from_raw(ptr) });
                }
                return Err(e);
            }
        }
        Ok(PendingOp {
            port: self,
            addr,
            id,
            armed: true,
        })
    }

    /// Starts an overlapped read of `buf.len()` bytes at `offset`.
    ///
    /// Go: `ReadFile(h, buf, nil, &Overlapped{Offset, OffsetHigh})` on an
    /// overlapped handle. The buffer is owned by the operation and comes back,
    /// truncated to the bytes read, in [`OpOutput::Read`]. Reading at or past the
    /// end gives `ERROR_HANDLE_EOF` (38), now or in the packet.
    #[doc(alias = "ReadFile")]
    pub fn read_at(&self, file: impl AsHandle, offset: u64, buf: Vec<u8>) -> Result<PendingOp<'_>> {
        let h = raw_handle(&file.as_handle());
        self.start(
            h as usize,
            Op::Read(buf),
            Overlapped::at_offset(offset),
            |b| {
                // SAFETY: the block (OVERLAPPED and buffer) lives until its packet is
                // dequeued; the pointers come from the raw block pointer.
                unsafe {
                    let Op::Read(v) = &mut (*b).op else {
                        unreachable!()
                    };
                    let (p, n) = (v.as_mut_ptr(), crate::sys::clamp_len(v.len()));
                    cvt(ReadFile(
                        h,
                        p,
                        n,
                        std::ptr::null_mut(),
                        (&raw mut (*b).ov).cast(),
                    ))
                    .map(drop)
                }
            },
        )
    }

    /// Starts an overlapped write of `buf` at `offset` (`u64::MAX`: append,
    /// Windows' `0xFFFFFFFF_FFFFFFFF` offset).
    ///
    /// Go: `WriteFile(h, buf, nil, &Overlapped{…})`. The buffer comes back in
    /// [`OpOutput::Write`].
    #[doc(alias = "WriteFile")]
    pub fn write_at(
        &self,
        file: impl AsHandle,
        offset: u64,
        buf: Vec<u8>,
    ) -> Result<PendingOp<'_>> {
        let h = raw_handle(&file.as_handle());
        self.start(
            h as usize,
            Op::Write(buf),
            Overlapped::at_offset(offset),
            |b| {
                // SAFETY: as in `read_at`.
                unsafe {
                    let Op::Write(v) = &(*b).op else {
                        unreachable!()
                    };
                    let (p, n) = (v.as_ptr(), crate::sys::clamp_len(v.len()));
                    cvt(WriteFile(
                        h,
                        p,
                        n,
                        std::ptr::null_mut(),
                        (&raw mut (*b).ov).cast(),
                    ))
                    .map(drop)
                }
            },
        )
    }
}
