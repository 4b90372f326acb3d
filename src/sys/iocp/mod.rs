//! I/O completion ports and overlapped I/O: Go's `CreateIoCompletionPort`,
//! `GetQueuedCompletionStatus`, `PostQueuedCompletionStatus`, `CancelIo(Ex)`,
//! `SetFileCompletionNotificationModes`, `Overlapped`, `ConnectEx`, `AcceptEx`,
//! `TransmitFile` — plus a safe layer for overlapped operations.
//!
//! # Two layers
//!
//! * **Raw, as in Go.** [`create_io_completion_port`],
//!   [`get_queued_completion_status`], [`post_queued_completion_status`] (Go's
//!   deprecated `u32`-key forms, with the pointer-key
//!   [`create_io_completion_port_usize`] and
//!   [`get_queued_completion_status_usize`], and the safe
//!   [`create_io_completion_port_owned`] and
//!   [`post_queued_completion_status_null`]), [`get_queued_completion_status_ex`],
//!   [`cancel_io`], [`cancel_io_ex`], [`set_file_completion_notification_modes`],
//!   [`connect_ex`], [`accept_ex`], [`transmit_file`] and the [`Overlapped`]
//!   layout. The calls that hand Windows an `OVERLAPPED` or a buffer it will
//!   write later are `unsafe fn`s: the caller keeps that memory alive and
//!   unmoved until the completion is taken.
//!
//!   As in Go, `GetQueuedCompletionStatus` reports a **failed I/O as an
//!   error**, and still hands over its packet: the error type
//!   [`QueuedCompletionError`] carries the `Errno` and the packet (`None`
//!   when nothing was dequeued), and `?` turns it into an `Errno` or an
//!   `io::Error`. [`get_queued_completion_status_packet`] gives the packet
//!   with its status beside it instead.
//!
//!   Sockets are handles to these calls: each call that takes a handle and
//!   that Windows documents for sockets has a `_socket` twin taking
//!   `impl AsSocket` ([`create_io_completion_port_socket`],
//!   [`cancel_io_socket`], [`cancel_io_ex_socket`],
//!   [`set_file_completion_notification_modes_socket`],
//!   [`CompletionPort::associate_socket`]), so no `unsafe` re-wrapping is
//!   needed. [`Overlapped`] converts to and from windows-sys' `OVERLAPPED`
//!   for free (see its docs).
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
//! 3. [`wait`](CompletionPort::wait) dequeues a packet. Its `OVERLAPPED`
//!    address alone proves nothing: a packet of someone else's I/O on an
//!    associated handle can name an `OVERLAPPED` its owner has freed since,
//!    at an address a new block now occupies. So a registered block is taken
//!    only when its own `Internal` — preset to `STATUS_PENDING` by `start`,
//!    and written by the kernel when the operation ends, before its packet is
//!    queued — no longer reads `STATUS_PENDING` (an atomic read under the
//!    registry's lock). The entry is then removed, the `Box` rebuilt, and the
//!    buffer (and sockets, addresses…) given back in [`Completion::Done`]
//!    with the result read from the block itself (`Internal` and
//!    `InternalHigh`; a failed I/O still delivers its packet and its error).
//!    Any other non-NULL `OVERLAPPED` — not registered, or registered but
//!    still in flight — is reported as [`Completion::Unknown`] and never
//!    dereferenced beyond that check. These are the only two places (with the
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

mod overlapped;
mod port;
mod raw;
mod sockets;
pub use overlapped::*;
pub use port::*;
pub use raw::*;
pub use sockets::*;
