//! Overlapped socket operations: Go's `ConnectEx` (with `LoadConnectEx`,
//! `connectEx`, `connectExFunc`, `WSAID_CONNECTEX`), `AcceptEx`,
//! `GetAcceptExSockaddrs`, `TransmitFile`, `TransmitFileBuffers`, and the safe
//! [`CompletionPort`] forms of them and of `WSARecv`/`WSASend`.

use super::Overlapped;
use super::port::{CompletionPort, Op, OpOutput, PendingOp};
use crate::errno::{Errno, Result};
use crate::sockaddr::{GUID, Sockaddr, sockaddr_from_bytes};
use crate::sys::{cvt, raw_handle, raw_socket};
use std::os::windows::io::{AsHandle, AsRawSocket, AsSocket, OwnedSocket};
use std::sync::{Arc, OnceLock};
use windows_sys::Win32::Networking::WinSock as ws;

/// Go: `syscall.WSAID_CONNECTEX`: the GUID that names `ConnectEx` for
/// `WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)`.
pub const WSAID_CONNECTEX: GUID = GUID {
    data1: 0x25a207b9,
    data2: 0xddf3,
    data3: 0x4660,
    data4: [0x8e, 0xe9, 0x76, 0xe5, 0x8c, 0x74, 0x06, 0x3e],
};

/// Go: `syscall.TransmitFileBuffers`: data sent before and after the file by
/// [`transmit_file`] (Windows' `TRANSMIT_FILE_BUFFERS`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct TransmitFileBuffers {
    /// Go's `Head`: the bytes sent before the file (or NULL).
    pub head: *mut u8,
    /// Go's `HeadLength`.
    pub head_length: u32,
    /// Go's `Tail`: the bytes sent after the file (or NULL).
    pub tail: *mut u8,
    /// Go's `TailLength`.
    pub tail_length: u32,
}

impl Default for TransmitFileBuffers {
    fn default() -> Self {
        TransmitFileBuffers {
            head: std::ptr::null_mut(),
            head_length: 0,
            tail: std::ptr::null_mut(),
            tail_length: 0,
        }
    }
}

type ConnectExFn = unsafe extern "system" fn(
    ws::SOCKET,
    *const ws::SOCKADDR,
    i32,
    *const core::ffi::c_void,
    u32,
    *mut u32,
    *mut windows_sys::Win32::System::IO::OVERLAPPED,
) -> i32;

/// Go's unexported `connectExFunc`: the address of `ConnectEx`, or the error
/// that looking it up gave, decided once per process.
static CONNECT_EX_FUNC: OnceLock<std::result::Result<usize, Errno>> = OnceLock::new();

fn lookup_connect_ex() -> std::result::Result<usize, Errno> {
    crate::sys::socket::ensure_winsock()?;
    // SAFETY: plain socket creation; the result is checked.
    let s = unsafe { ws::socket(ws::AF_INET as i32, ws::SOCK_STREAM, ws::IPPROTO_TCP) };
    if s == ws::INVALID_SOCKET {
        return Err(crate::sys::last_error());
    }
    let guid = WSAID_CONNECTEX.to_bytes();
    let mut addr: usize = 0;
    let mut n = 0u32;
    // SAFETY: the input is the 16-byte GUID, the output one pointer; both live
    // across the synchronous call.
    let r = unsafe {
        ws::WSAIoctl(
            s,
            ws::SIO_GET_EXTENSION_FUNCTION_POINTER,
            guid.as_ptr().cast(),
            16,
            (&raw mut addr).cast(),
            size_of::<usize>() as u32,
            &mut n,
            std::ptr::null_mut(),
            None,
        )
    };
    let err = crate::sys::last_error();
    // SAFETY: closing the probe socket we created.
    unsafe { ws::closesocket(s) };
    if r == ws::SOCKET_ERROR {
        return Err(err);
    }
    if addr == 0 {
        Err(Errno::EINVAL)
    } else {
        Ok(addr)
    }
}

/// Looks up `ConnectEx` (once per process).
///
/// Go: `syscall.LoadConnectEx`: creates a TCP socket, asks
/// `WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER, WSAID_CONNECTEX)` for the
/// function and closes the socket. As in Go **the first result is kept for the
/// life of the process**, error included. Beyond Go, Winsock is started first
/// if needed.
#[doc(alias = "LoadConnectEx")]
pub fn load_connect_ex() -> Result<()> {
    CONNECT_EX_FUNC.get_or_init(lookup_connect_ex).map(drop)
}

fn connect_ex_fn() -> Result<ConnectExFn> {
    let addr = (*CONNECT_EX_FUNC.get_or_init(lookup_connect_ex))?;
    // SAFETY: Winsock returned the address of ConnectEx, whose prototype is ConnectExFn.
    Ok(unsafe { std::mem::transmute::<usize, ConnectExFn>(addr) })
}

/// Go's unexported `connectEx`: calls `ConnectEx` with a raw address.
///
/// # Safety
/// As [`connect_ex`]; `name` is readable for `namelen` bytes.
unsafe fn connect_ex_raw(
    s: ws::SOCKET,
    name: *const ws::SOCKADDR,
    namelen: i32,
    send: *const u8,
    send_len: u32,
    sent: *mut u32,
    overlapped: *mut Overlapped,
) -> Result<()> {
    let f = connect_ex_fn()?;
    // SAFETY: forwarded to the caller.
    cvt(unsafe {
        f(
            s,
            name,
            namelen,
            send.cast(),
            send_len,
            sent,
            overlapped.cast(),
        )
    })
    .map(drop)
}

/// Starts connecting a **bound**, unconnected stream socket, optionally
/// sending data once connected.
///
/// Go: `syscall.ConnectEx(fd, sa, sendBuf, sendDataLen, bytesSent,
/// overlapped)`. A bad `sa` is `EINVAL` before any call. A started operation
/// reports `Err(ERROR_IO_PENDING)` (997). An unbound socket gives Winsock's
/// `WSAEINVAL`. When `ConnectEx` could not be found, Go returns a plain error
/// "failed to find ConnectEx: …"; here it is that lookup's `Errno`. After
/// completion, set `SO_UPDATE_CONNECT_CONTEXT` for `getpeername`/`shutdown` to
/// work ([`CompletionPort::connect`] does it).
///
/// # Safety
/// `send` is readable for `send_len` bytes; `sent` is NULL or writable;
/// `overlapped` is valid, and it and the buffers stay valid and unmoved until
/// the operation completes.
#[doc(alias = "ConnectEx")]
pub unsafe fn connect_ex(
    s: impl AsSocket,
    sa: &Sockaddr,
    send: *const u8,
    send_len: u32,
    sent: *mut u32,
    overlapped: *mut Overlapped,
) -> Result<()> {
    let (raw, len) = sa.to_raw()?;
    // SAFETY: `raw` lives across the call (ConnectEx copies the address);
    // the rest is the caller's contract.
    unsafe {
        connect_ex_raw(
            raw_socket(&s.as_socket()),
            (&raw const raw).cast(),
            len,
            send,
            send_len,
            sent,
            overlapped,
        )
    }
}

/// Starts accepting a connection on `listener` into the fresh socket `accept`.
///
/// Go: `syscall.AcceptEx(ls, as, buf, rxdatalen, laddrlen, raddrlen, recvd,
/// overlapped)` (`mswsock!AcceptEx`). `buf` receives `rxdatalen` bytes of data
/// and then both addresses (each length at least 16 more than the address
/// size); decode them with [`get_accept_ex_sockaddrs`]. A started operation
/// reports `Err(ERROR_IO_PENDING)`.
///
/// # Safety
/// `buf` is writable for `rxdatalen + laddrlen + raddrlen` bytes, `recvd` is
/// NULL or writable, `overlapped` valid; all stay valid and unmoved, and
/// `accept` open, until the operation completes.
#[doc(alias = "AcceptEx")]
#[allow(clippy::too_many_arguments)]
pub unsafe fn accept_ex(
    listener: impl AsSocket,
    accept: impl AsSocket,
    buf: *mut u8,
    rxdatalen: u32,
    laddrlen: u32,
    raddrlen: u32,
    recvd: *mut u32,
    overlapped: *mut Overlapped,
) -> Result<()> {
    // SAFETY: forwarded to the caller.
    cvt(unsafe {
        ws::AcceptEx(
            raw_socket(&listener.as_socket()),
            raw_socket(&accept.as_socket()),
            buf.cast(),
            rxdatalen,
            laddrlen,
            raddrlen,
            recvd,
            overlapped.cast(),
        )
    })
    .map(drop)
}

/// The smallest address length [`get_accept_ex_sockaddrs`] takes: `AcceptEx`
/// wants each address area "at least 16 bytes more than the maximum address
/// length for the transport protocol", and the smallest transport address is
/// a `SOCKADDR_IN` (16 bytes).
const MIN_ACCEPT_ADDR_LEN: u32 = 16 + 16;

/// Decodes the local and remote addresses [`accept_ex`] wrote into `buf`.
///
/// Go: `syscall.GetAcceptExSockaddrs(b, rxdatalen, laddrlen, raddrlen, &lrsa,
/// &lrsalen, &rrsa, &rrsalen)`, which hands out raw pointers into the
/// buffer (and, given lengths its buffer does not have, reads outside it).
/// Here the lengths are checked first and the addresses decoded, each checked
/// to lie inside its own area of `buf`. Errors (Go has none: it returns
/// nothing): `EINVAL` when `laddrlen` or `raddrlen` is below 32 (16 more than
/// the smallest address, as `AcceptEx` requires), when `buf` is shorter than
/// `rxdatalen + laddrlen + raddrlen`, or when the buffer does not hold an
/// address that fits its area (e.g. it was not written by `AcceptEx`);
/// `EAFNOSUPPORT` for an unknown family.
#[doc(alias = "GetAcceptExSockaddrs")]
pub fn get_accept_ex_sockaddrs(
    buf: &[u8],
    rxdatalen: u32,
    laddrlen: u32,
    raddrlen: u32,
) -> Result<(Sockaddr, Sockaddr)> {
    if laddrlen < MIN_ACCEPT_ADDR_LEN || raddrlen < MIN_ACCEPT_ADDR_LEN {
        return Err(Errno::EINVAL);
    }
    // Three u32s cannot overflow a u64.
    let need = rxdatalen as u64 + laddrlen as u64 + raddrlen as u64;
    if (buf.len() as u64) < need {
        return Err(Errno::EINVAL);
    }
    let mut l: *mut ws::SOCKADDR = std::ptr::null_mut();
    let mut r: *mut ws::SOCKADDR = std::ptr::null_mut();
    let (mut ll, mut rl) = (0i32, 0i32);
    // SAFETY: `buf` is readable for the three lengths (checked, so it is not
    // empty either); each address area is at least 16 bytes longer than the
    // smallest address, room for the header the function reads at its start.
    // The outputs are locals. The function only reads the headers and computes
    // pointers into `buf`.
    unsafe {
        ws::GetAcceptExSockaddrs(
            buf.as_ptr().cast(),
            rxdatalen,
            laddrlen,
            raddrlen,
            &mut l,
            &mut ll,
            &mut r,
            &mut rl,
        )
    };
    let (rx, ln) = (rxdatalen as usize, laddrlen as usize);
    let area = |p: *mut ws::SOCKADDR, n: i32, from: usize, len: usize| -> Result<Sockaddr> {
        if p.is_null() {
            return Err(Errno::EINVAL);
        }
        let start = (p as usize)
            .checked_sub(buf.as_ptr() as usize)
            .ok_or(Errno::EINVAL)?;
        let end = start
            .checked_add(usize::try_from(n).map_err(|_| Errno::EINVAL)?)
            .ok_or(Errno::EINVAL)?;
        if start < from || end > from + len {
            return Err(Errno::EINVAL);
        }
        sockaddr_from_bytes(&buf[start..end])
    };
    Ok((
        area(l, ll, rx, ln)?,
        area(r, rl, rx + ln, raddrlen as usize)?,
    ))
}

/// Sends a file (and optional head and tail buffers) over a connected socket.
///
/// Go: `syscall.TransmitFile(s, handle, bytesToWrite, bytsPerSend,
/// overlapped, transmitFileBuf, flags)` (`mswsock!TransmitFile`; flags `TF_*`).
/// With an `overlapped` the file offset is taken from it and a started
/// operation reports `Err(ERROR_IO_PENDING)`.
///
/// # Safety
/// `overlapped` is NULL or valid; `buffers` is NULL or valid and its head and
/// tail readable; with an `overlapped`, all stay valid and unmoved until the
/// operation completes.
#[doc(alias = "TransmitFile")]
pub unsafe fn transmit_file(
    s: impl AsSocket,
    file: impl AsHandle,
    bytes_to_write: u32,
    bytes_per_send: u32,
    overlapped: *mut Overlapped,
    buffers: *const TransmitFileBuffers,
    flags: u32,
) -> Result<()> {
    // SAFETY: forwarded to the caller; TransmitFileBuffers has TRANSMIT_FILE_BUFFERS' layout.
    cvt(unsafe {
        ws::TransmitFile(
            raw_socket(&s.as_socket()),
            raw_handle(&file.as_handle()),
            bytes_to_write,
            bytes_per_send,
            overlapped.cast(),
            buffers.cast(),
            flags,
        )
    })
    .map(drop)
}

/// Room for one address in an `AcceptEx` buffer: `SOCKADDR_STORAGE` + 16.
const ACCEPT_ADDR_LEN: u32 = 128 + 16;

fn wsabuf(v: &mut [u8]) -> ws::WSABUF {
    ws::WSABUF {
        len: crate::sys::clamp_len(v.len()),
        buf: v.as_mut_ptr(),
    }
}

fn cvt_sock(r: i32) -> Result<()> {
    if r == ws::SOCKET_ERROR {
        Err(crate::sys::last_error())
    } else {
        Ok(())
    }
}

impl CompletionPort {
    /// Starts receiving into `buf` (`WSARecv`, one buffer, flags 0).
    ///
    /// Go: `WSARecv(s, &WSABuf{…}, 1, nil, &flags, overlapped, nil)`. The buffer
    /// comes back, truncated to the bytes received, in [`OpOutput::Recv`]; an
    /// empty result means the peer closed its side. A datagram larger than
    /// `buf` makes `WSARecv` fail at once with `WSAEMSGSIZE`, yet Windows still
    /// queues the operation's packet: the receive is then reported as started
    /// (never as that error), and `wait` delivers `ERROR_MORE_DATA` (234) with
    /// the bytes that fitted.
    #[doc(alias = "WSARecv")]
    pub fn recv(&self, s: impl AsSocket, buf: Vec<u8>) -> Result<PendingOp<'_>> {
        let sock = raw_socket(&s.as_socket());
        let op = Op::Recv {
            buf,
            wsabuf: ws::WSABUF {
                len: 0,
                buf: std::ptr::null_mut(),
            },
            flags: 0,
        };
        self.start(sock, op, Overlapped::default(), |b| {
            // SAFETY: the block (OVERLAPPED, WSABUF, flags, buffer) lives until
            // its packet is dequeued.
            unsafe {
                let Op::Recv {
                    buf,
                    wsabuf: w,
                    flags,
                } = &mut (*b).op
                else {
                    unreachable!()
                };
                *w = wsabuf(buf);
                cvt_sock(ws::WSARecv(
                    sock,
                    w,
                    1,
                    std::ptr::null_mut(),
                    flags,
                    (&raw mut (*b).ov).cast(),
                    None,
                ))
            }
        })
    }

    /// Starts sending `buf` (`WSASend`, one buffer, flags 0).
    ///
    /// Go: `WSASend(s, &WSABuf{…}, 1, nil, 0, overlapped, nil)`. The buffer
    /// comes back in [`OpOutput::Send`].
    #[doc(alias = "WSASend")]
    pub fn send(&self, s: impl AsSocket, buf: Vec<u8>) -> Result<PendingOp<'_>> {
        let sock = raw_socket(&s.as_socket());
        let op = Op::Send {
            buf,
            wsabuf: ws::WSABUF {
                len: 0,
                buf: std::ptr::null_mut(),
            },
        };
        self.start(sock, op, Overlapped::default(), |b| {
            // SAFETY: as in `recv`.
            unsafe {
                let Op::Send { buf, wsabuf: w } = &mut (*b).op else {
                    unreachable!()
                };
                *w = wsabuf(buf);
                cvt_sock(ws::WSASend(
                    sock,
                    w,
                    1,
                    std::ptr::null_mut(),
                    0,
                    (&raw mut (*b).ov).cast(),
                    None,
                ))
            }
        })
    }

    /// Starts connecting a **bound** stream socket to `addr` with `ConnectEx`,
    /// sending `data` (may be empty) once connected.
    ///
    /// Go: `ConnectEx(fd, sa, …, overlapped)`. The operation **owns** `socket`
    /// while in flight and gives it back in [`OpOutput::Connect`] with `data`
    /// (on success with `SO_UPDATE_CONNECT_CONTEXT` set, so `getpeername` and
    /// `shutdown` work): the option is set at completion, and a socket only
    /// borrowed could have been closed by then and its value reused by
    /// another. A refused connection delivers its error in the packet
    /// (`ERROR_CONNECTION_REFUSED`, 1225). A bad address is `EINVAL`; an
    /// unbound socket, Winsock's `WSAEINVAL`; on such an immediate error the
    /// socket is closed (create a new one to try again).
    #[doc(alias = "ConnectEx")]
    pub fn connect(
        &self,
        socket: OwnedSocket,
        addr: &Sockaddr,
        data: Vec<u8>,
    ) -> Result<PendingOp<'_>> {
        let sock = raw_socket(&socket.as_socket());
        let (raw, len) = addr.to_raw()?;
        load_connect_ex()?;
        let op = Op::Connect {
            socket,
            addr: raw,
            data,
        };
        self.start(sock, op, Overlapped::default(), |b| {
            // SAFETY: as in `recv`; the address is in the block too.
            unsafe {
                let Op::Connect { addr, data, .. } = &(*b).op else {
                    unreachable!()
                };
                let n = crate::sys::clamp_len(data.len());
                let p = if data.is_empty() {
                    std::ptr::null()
                } else {
                    data.as_ptr()
                };
                connect_ex_raw(
                    sock,
                    (addr as *const crate::RawSockaddrAny).cast(),
                    len,
                    p,
                    n,
                    std::ptr::null_mut(),
                    &raw mut (*b).ov,
                )
            }
        })
    }

    /// Starts accepting a connection on `listener` into `socket` (a fresh,
    /// unbound stream socket of the same family) with `AcceptEx`.
    ///
    /// Go: `AcceptEx(ls, as, buf, 0, laddrlen, raddrlen, nil, overlapped)` then
    /// `GetAcceptExSockaddrs`. The operation owns `socket` while in flight and
    /// gives it back in [`OpOutput::Accept`] — on success with
    /// `SO_UPDATE_ACCEPT_CONTEXT` set and both addresses decoded. It also
    /// holds a clone of the `listener` `Arc` until it finishes (that option
    /// names the listening socket at completion, so the listener must still
    /// be open then): share one listener among many accepts with
    /// `Arc::clone`.
    #[doc(alias = "AcceptEx")]
    pub fn accept<L: AsSocket + Send + Sync + 'static>(
        &self,
        listener: Arc<L>,
        socket: OwnedSocket,
    ) -> Result<PendingOp<'_>> {
        let ls = raw_socket(&listener.as_socket());
        let out = vec![0u8; 2 * ACCEPT_ADDR_LEN as usize];
        let op = Op::Accept {
            listener,
            socket,
            out,
            recv_len: 0,
        };
        self.start(ls, op, Overlapped::default(), |b| {
            // SAFETY: as in `recv`; the accepted socket is owned by the block.
            unsafe {
                let Op::Accept { socket, out, .. } = &mut (*b).op else {
                    unreachable!()
                };
                let r = ws::AcceptEx(
                    ls,
                    socket.as_raw_socket() as ws::SOCKET,
                    out.as_mut_ptr().cast(),
                    0,
                    ACCEPT_ADDR_LEN,
                    ACCEPT_ADDR_LEN,
                    std::ptr::null_mut(),
                    (&raw mut (*b).ov).cast(),
                );
                cvt(r).map(drop)
            }
        })
    }

    /// Starts sending `len` bytes of `file` from `offset` (0: the whole file)
    /// over a connected socket, with `head` before and `tail` after it.
    ///
    /// Go: `TransmitFile(s, file, len, 0, &Overlapped{Offset…}, &bufs,
    /// flags)`. `head` and `tail` come back in [`OpOutput::TransmitFile`].
    #[doc(alias = "TransmitFile")]
    #[allow(clippy::too_many_arguments)]
    pub fn transmit_file(
        &self,
        s: impl AsSocket,
        file: impl AsHandle,
        offset: u64,
        len: u32,
        head: Vec<u8>,
        tail: Vec<u8>,
        flags: u32,
    ) -> Result<PendingOp<'_>> {
        let sock = raw_socket(&s.as_socket());
        let fh = raw_handle(&file.as_handle());
        let tfb = ws::TRANSMIT_FILE_BUFFERS {
            Head: std::ptr::null_mut(),
            HeadLength: 0,
            Tail: std::ptr::null_mut(),
            TailLength: 0,
        };
        let op = Op::Transmit { head, tail, tfb };
        self.start(sock, op, Overlapped::at_offset(offset), |b| {
            // SAFETY: as in `recv`; head and tail are in the block.
            unsafe {
                let Op::Transmit { head, tail, tfb } = &mut (*b).op else {
                    unreachable!()
                };
                *tfb = ws::TRANSMIT_FILE_BUFFERS {
                    Head: head.as_mut_ptr().cast(),
                    HeadLength: crate::sys::clamp_len(head.len()),
                    Tail: tail.as_mut_ptr().cast(),
                    TailLength: crate::sys::clamp_len(tail.len()),
                };
                cvt(ws::TransmitFile(
                    sock,
                    fh,
                    len,
                    0,
                    (&raw mut (*b).ov).cast(),
                    tfb,
                    flags,
                ))
                .map(drop)
            }
        })
    }
}

/// Turns a finished operation's block contents into its output.
pub(super) fn finish_op(op: Op, result: Result<u32>, bytes: u32) -> (Result<u32>, OpOutput) {
    // The bytes the packet reports are in the buffer, also with a failure
    // (ERROR_MORE_DATA: the part of the datagram or message that fitted).
    let keep = |mut v: Vec<u8>| {
        v.truncate(bytes as usize);
        v
    };
    match op {
        Op::Read(v) => (result, OpOutput::Read(keep(v))),
        Op::Write(v) => (result, OpOutput::Write(v)),
        Op::Recv { buf, .. } => (result, OpOutput::Recv(keep(buf))),
        Op::Send { buf, .. } => (result, OpOutput::Send(buf)),
        Op::Connect { socket, data, .. } => {
            let result = match result {
                // SAFETY: a setsockopt with no value on the socket the
                // operation owns (so still open, and the one it connected).
                Ok(n) => cvt_sock(unsafe {
                    ws::setsockopt(
                        socket.as_raw_socket() as ws::SOCKET,
                        ws::SOL_SOCKET,
                        ws::SO_UPDATE_CONNECT_CONTEXT,
                        std::ptr::null(),
                        0,
                    )
                })
                .map(|()| n),
                Err(e) => Err(e),
            };
            (result, OpOutput::Connect { socket, data })
        }
        Op::Accept {
            listener,
            socket,
            out,
            recv_len,
        } => {
            if result.is_err() {
                return (
                    result,
                    OpOutput::Accept {
                        socket,
                        local: None,
                        remote: None,
                        data: Vec::new(),
                    },
                );
            }
            // Borrowed from the listener the operation holds: open, and the
            // one the connection was accepted on.
            let ls = raw_socket(&listener.as_socket());
            // SAFETY: the value is the listening socket, passed by pointer and size.
            let r = unsafe {
                ws::setsockopt(
                    socket.as_raw_socket() as ws::SOCKET,
                    ws::SOL_SOCKET,
                    ws::SO_UPDATE_ACCEPT_CONTEXT,
                    (&raw const ls).cast(),
                    size_of::<ws::SOCKET>() as i32,
                )
            };
            let result = cvt_sock(r).and(result);
            let addrs =
                get_accept_ex_sockaddrs(&out, recv_len, ACCEPT_ADDR_LEN, ACCEPT_ADDR_LEN).ok();
            let data = out[..(bytes.min(recv_len)) as usize].to_vec();
            let (local, remote) = match addrs {
                Some((l, r)) => (Some(l), Some(r)),
                None => (None, None),
            };
            (
                result,
                OpOutput::Accept {
                    socket,
                    local,
                    remote,
                    data,
                },
            )
        }
        Op::Transmit { head, tail, .. } => (result, OpOutput::TransmitFile { head, tail }),
    }
}
