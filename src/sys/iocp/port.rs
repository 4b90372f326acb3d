//! The safe layer: [`CompletionPort`], its operations' heap blocks and the
//! registry that matches packets with them (see the module docs).

use super::raw::{
    cancel_raw, create_io_completion_port_socket, create_io_completion_port_usize, gqcs, timeout_ms,
};
use super::{Overlapped, OverlappedEntry, QueuedCompletion, QueuedCompletionError, sockets};
use crate::errno::{Errno, Result};
use crate::sys::{cvt, raw_handle, raw_socket};
use std::collections::{HashMap, HashSet};
use std::os::windows::io::{
    AsHandle, AsRawHandle, AsSocket, BorrowedHandle, FromRawHandle, OwnedHandle, OwnedSocket,
    RawHandle,
};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use windows_sys::Win32::Foundation::{
    ERROR_IO_PENDING, HANDLE, RtlNtStatusToDosError, STATUS_PENDING,
};
use windows_sys::Win32::Storage::FileSystem::{ReadFile, WriteFile};
use windows_sys::Win32::System::IO::PostQueuedCompletionStatus;

/// Identifies one operation started on a [`CompletionPort`]; unique for the
/// life of the port.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OpId(pub u64);

/// What a finished operation gives back.
#[derive(Debug)]
pub enum OpOutput {
    /// [`CompletionPort::read_at`]: the buffer, truncated to the bytes read
    /// (with `ERROR_MORE_DATA` from a message pipe, the part that fitted).
    Read(Vec<u8>),
    /// [`CompletionPort::write_at`]: the buffer, as given.
    Write(Vec<u8>),
    /// [`CompletionPort::recv`]: the buffer, truncated to the bytes received
    /// (empty: the peer closed its side; with `ERROR_MORE_DATA`, the part of
    /// the datagram that fitted).
    Recv(Vec<u8>),
    /// [`CompletionPort::send`]: the buffer, as given.
    Send(Vec<u8>),
    /// [`CompletionPort::connect`]: the socket (given back even on failure)
    /// and the data sent with the connection, as given.
    Connect {
        /// The socket passed to `connect`, now connected (on success).
        socket: OwnedSocket,
        /// The data sent once connected, as given.
        data: Vec<u8>,
    },
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
    /// A packet posted without an `OVERLAPPED` ([`CompletionPort::post`],
    /// [`post_queued_completion_status_null`](super::post_queued_completion_status_null)).
    Posted {
        /// The key it was posted with.
        key: usize,
        /// The byte count it was posted with.
        bytes: u32,
    },
    /// An operation of this port finished.
    Done(OpDone),
    /// A packet whose `OVERLAPPED` is not a finished operation of this port
    /// (posted with a raw pointer, raw I/O on an associated handle, or a
    /// stale packet naming an address where an operation still in flight now
    /// lives): reported, and never dereferenced.
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
pub(super) struct Block {
    /// Must stay the first field: the packet's `OVERLAPPED` pointer is the
    /// block's address.
    pub(super) ov: Overlapped,
    id: u64,
    pub(super) op: Op,
}

// The OVERLAPPED must sit at offset 0 so that a packet's pointer is its block's.
const _: () = assert!(std::mem::offset_of!(Block, ov) == 0);

pub(super) enum Op {
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
        socket: OwnedSocket,
        addr: crate::RawSockaddrAny,
        data: Vec<u8>,
    },
    Accept {
        listener: std::sync::Arc<dyn AsSocket + Send + Sync>,
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
    /// The handle the operation was started on, only for `CancelIoEx`, which
    /// compares it and the block's address with its requests: a handle value
    /// closed and reused since can only match a request naming this block,
    /// which is ours.
    handle: usize,
    abandoned: bool,
    /// `start` is still inside the Win32 call, or deciding what the call's
    /// result means: the block is not to be freed (the call may still write
    /// into it, e.g. `WSARecv`'s flags) until `start` clears this.
    starting: bool,
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
    /// Signalled each time an entry leaves the `starting` state.
    started: Condvar,
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
            started: Condvar::new(),
            associated: Mutex::new(HashSet::new()),
            next_id: AtomicU64::new(1),
        })
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<usize, Entry>> {
        self.registry.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Associates a file, pipe or other handle (opened with
    /// `FILE_FLAG_OVERLAPPED`) with this port; its packets carry `key`.
    ///
    /// Go: `CreateIoCompletionPort(h, port, key, 0)`. A handle opened without
    /// `FILE_FLAG_OVERLAPPED` gives the error Windows reports
    /// (`ERROR_INVALID_PARAMETER`), as does a handle already associated with
    /// a port. A socket goes through [`associate_socket`](Self::associate_socket).
    ///
    /// **The association is for ever**: it outlives this port (closing the
    /// port does not undo it) and lasts until the handle is closed; every
    /// completion on the handle, whoever starts the I/O, comes to this port,
    /// and the handle can join no other. `h` is only borrowed, so this is
    /// safe — the owner's I/O still completes, its packets arriving here (as
    /// [`Completion::Unknown`], never dereferenced) — but it takes the handle
    /// away from its owner's own port: associate only handles you own.
    pub fn associate(&self, h: impl AsHandle, key: usize) -> Result<()> {
        let h = h.as_handle();
        create_io_completion_port_usize(Some(h), Some(self.handle.as_handle()), key, 0)?;
        self.mark_associated(raw_handle(&h) as usize);
        Ok(())
    }

    /// Associates a socket with this port, as [`associate`](Self::associate)
    /// does a handle (and for ever, likewise: associate only sockets you own).
    ///
    /// Go: `CreateIoCompletionPort(syscall.Handle(s), port, key, 0)`.
    pub fn associate_socket(&self, s: impl AsSocket, key: usize) -> Result<()> {
        let s = s.as_socket();
        create_io_completion_port_socket(s, Some(self.handle.as_handle()), key, 0)?;
        self.mark_associated(raw_socket(&s));
        Ok(())
    }

    fn mark_associated(&self, raw: usize) {
        self.associated
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(raw);
    }

    /// How many operations are registered: in flight, abandoned and waiting
    /// for their packet, or — on a handle set to skip the port on success —
    /// finished at once without a packet, never to be reported (see the
    /// module docs).
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
    /// As [`post_queued_completion_status`](super::post_queued_completion_status):
    /// `overlapped` must not be an operation still in flight.
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

    /// Takes one packet as is (pointer-sized key), in Go's shape: a failed
    /// I/O is an `Err` that still carries its packet (see
    /// [`QueuedCompletionError`]). Packets of this port's own operations taken
    /// this way are not matched: their memory is then never freed (use
    /// [`wait`](Self::wait)).
    ///
    /// Go: `GetQueuedCompletionStatus` (its unexported pointer-sized form);
    /// [`get_queued_completion_status_usize`](super::get_queued_completion_status_usize)
    /// with a `Duration` (`None`: forever). For the packet with its status
    /// beside it, use
    /// [`get_queued_completion_status_packet`](super::get_queued_completion_status_packet)
    /// on the port.
    #[doc(alias = "getQueuedCompletionStatus")]
    pub fn get_raw(
        &self,
        timeout: Option<Duration>,
    ) -> std::result::Result<QueuedCompletion<usize>, QueuedCompletionError<usize>> {
        super::get_queued_completion_status_usize(&self.handle, timeout_ms(timeout))
    }

    /// Takes the next packet and matches it with its operation.
    ///
    /// `timeout: None` waits forever. Errors: `WAIT_TIMEOUT` (258) when
    /// nothing came in time (as Go), `ERROR_ABANDONED_WAIT_0` when the port
    /// was closed. A failed operation is not an error here: it comes back as
    /// [`Completion::Done`] with its error in [`OpDone::result`] (and its
    /// buffers). Packets of abandoned operations are consumed silently
    /// (their memory freed) and the wait goes on for the time left.
    pub fn wait(&self, timeout: Option<Duration>) -> Result<Completion> {
        let deadline = timeout.map(|t| Instant::now() + t);
        loop {
            let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            let (p, error) = gqcs(raw_handle(&self.handle), timeout_ms(left))?;
            if let Some(c) = self.finish(p.overlapped, p.key, p.bytes, Status::Given(error)) {
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
        let n = super::get_queued_completion_status_ex(
            &self.handle,
            entries,
            timeout_ms(timeout),
            false,
        )?;
        out.reserve(n);
        for e in &entries[..n] {
            if let Some(c) = self.finish(e.overlapped, e.key, e.bytes, Status::FromBlock) {
                out.push(c);
            }
        }
        Ok(n)
    }

    /// Matches one dequeued packet. `None`: an abandoned operation, now freed.
    ///
    /// This and `start` (after an immediate hard failure) are the only places
    /// that rebuild a block's `Box`, and both do it only after taking the
    /// block's entry out of the registry under the lock.
    fn finish(
        &self,
        ov: *mut Overlapped,
        key: usize,
        bytes: u32,
        status: Status,
    ) -> Option<Completion> {
        if ov.is_null() {
            return Some(Completion::Posted { key, bytes });
        }
        let addr = ov as usize;
        let entry = {
            let mut reg = self.lock();
            // A warning (or a success) queues the packet before the call that
            // started the operation has returned: wait until `start` is done
            // with the block.
            while reg.get(&addr).is_some_and(|e| e.starting) {
                reg = self.started.wait(reg).unwrap_or_else(|p| p.into_inner());
            }
            // The packet's address alone does not prove the packet is this
            // block's: a packet of someone else's I/O on an associated handle
            // (std's pipe reads, raw I/O) names an OVERLAPPED its owner may
            // have freed since, and this block may now sit at that address.
            // The block's own `Internal`, preset to STATUS_PENDING by `start`,
            // is written by the kernel when its operation ends, before its
            // packet is queued: while it still reads STATUS_PENDING the
            // operation is in flight and the block must stay.
            let finished = reg.contains_key(&addr) && {
                // SAFETY: registered, so the block is alive (only a `finish`
                // under this lock frees it); the kernel may be writing
                // `Internal`, so it is read atomically.
                let internal = unsafe { AtomicUsize::from_ptr(addr as *mut usize) };
                internal.load(Ordering::Acquire) != STATUS_PENDING as u32 as usize
            };
            if finished { reg.remove(&addr) } else { None }
        };
        let Some(entry) = entry else {
            let error = match status {
                Status::Given(e) => e,
                Status::FromBlock => None,
            };
            return Some(Completion::Unknown {
                key,
                bytes,
                overlapped: addr,
                error,
            });
        };
        // SAFETY: the address was registered by `start` from Box::into_raw and
        // just unregistered under the lock, so this is the only owner; its
        // `Internal` is no longer STATUS_PENDING, so its operation has ended and
        // the kernel no longer touches it; `start` is done with it.
        let block = unsafe { Box::from_raw(addr as *mut Block) };
        if entry.abandoned {
            return None;
        }
        // The result is the block's own (the packet that led here may be a
        // stale one of another owner's, carrying its numbers).
        let bytes = block.ov.internal_high as u32;
        let result = match ntstatus_error(block.ov.internal) {
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

    /// Registers a block and runs `issue` on it (the Win32 call), then decides
    /// from its result whether a packet will come for the block.
    ///
    /// * Success or `ERROR_IO_PENDING`: a packet will come (or, on a handle
    ///   set to `FILE_SKIP_COMPLETION_PORT_ON_SUCCESS`, maybe never: the block
    ///   then stays registered for ever, a leak, never a free).
    /// * Another error, with the OVERLAPPED's `Internal` still holding the
    ///   `STATUS_PENDING` written here before the call, and not an error a
    ///   warning status maps to: the request failed with an error status
    ///   without ever being pending. The I/O manager then neither writes the
    ///   OVERLAPPED nor queues a packet, so the block is freed and the error
    ///   returned.
    /// * Any other failure (a warning such as `STATUS_BUFFER_OVERFLOW` →
    ///   `ERROR_MORE_DATA` / `WSAEMSGSIZE`, or `Internal` written): the I/O
    ///   manager queues a packet. The block stays registered and the
    ///   operation is reported as started; its result comes out of `wait`.
    pub(super) fn start(
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
        let ov = Overlapped {
            internal: STATUS_PENDING as u32 as usize,
            ..ov
        };
        let ptr = Box::into_raw(Box::new(Block { ov, id, op }));
        let addr = ptr as usize;
        self.lock().insert(
            addr,
            Entry {
                id,
                handle,
                abandoned: false,
                starting: true,
            },
        );
        let r = issue(ptr);
        let mut reg = self.lock();
        let freed = match r {
            Ok(()) => None,
            Err(e) if e.0 == ERROR_IO_PENDING => None,
            Err(e) => {
                // SAFETY: the entry is still registered and `starting`, so no
                // `finish` frees the block; the call has returned, and for a
                // request that was never pending the kernel wrote `Internal`
                // (if at all) before it did.
                let internal = unsafe { std::ptr::read_volatile(&raw const (*ptr).ov.internal) };
                let untouched = internal == STATUS_PENDING as u32 as usize;
                (untouched && !is_warning(e)).then_some(e)
            }
        };
        match freed {
            Some(e) => {
                reg.remove(&addr);
                drop(reg);
                self.started.notify_all();
                // SAFETY: a hard failure that never went pending: no packet
                // will come and the kernel holds no pointer into the block; we
                // just took it out of the registry, so nobody else frees it.
                drop(unsafe { Box::from_raw(ptr) });
                Err(e)
            }
            None => {
                if let Some(entry) = reg.get_mut(&addr) {
                    entry.starting = false;
                }
                drop(reg);
                self.started.notify_all();
                Ok(PendingOp {
                    port: self,
                    addr,
                    id,
                    armed: true,
                })
            }
        }
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

/// Where `finish` takes a matched operation's status from.
enum Status {
    /// `GetQueuedCompletionStatus` reported it.
    Given(Option<Errno>),
    /// `GetQueuedCompletionStatusEx` does not: read the NTSTATUS the kernel
    /// wrote into the block's `OVERLAPPED`.
    FromBlock,
}

/// The error of a finished operation from its NTSTATUS: success and
/// informational codes (>= 0) are successes, as for
/// `GetQueuedCompletionStatus`; warnings and errors are failures.
fn ntstatus_error(internal: usize) -> Option<Errno> {
    let status = internal as u32 as i32;
    if status >= 0 {
        return None;
    }
    // SAFETY: a pure conversion of a status code.
    Some(Errno(unsafe { RtlNtStatusToDosError(status) }))
}

/// Errors that NTSTATUS *warnings* map to. A request that ends with a warning
/// is finished like a success by the I/O manager (the `OVERLAPPED` written, a
/// packet queued) even though the call reports an error; `start` keeps such a
/// block registered even if `Internal` looked untouched.
fn is_warning(e: Errno) -> bool {
    use windows_sys::Win32::Foundation::ERROR_MORE_DATA;
    use windows_sys::Win32::Networking::WinSock::WSAEMSGSIZE;
    e.0 == ERROR_MORE_DATA || e.0 == WSAEMSGSIZE as u32
}
