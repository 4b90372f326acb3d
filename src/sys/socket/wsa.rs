//! Winsock 2 calls: scatter/gather I/O (`WSARecv`, `WSASend`, `WSARecvFrom`,
//! `WSASendTo`), `WSAIoctl` and `WSAEnumProtocols`.
//!
//! Each call has a safe, blocking form taking std's `IoSlice`/`IoSliceMut`
//! (which std lays out exactly as Winsock's `WSABUF` on Windows), and an
//! `unsafe` raw form with Go's full signature (buffer array, `OVERLAPPED`,
//! completion routine) for overlapped I/O and completion ports.

use super::{cvt_sock, ensure_winsock, with_sockaddr_out};
use crate::errno::{Errno, ErrnoWith, Result};
use crate::sockaddr::{
    GUID, MAX_PROTOCOL_CHAIN, Sockaddr, SockaddrInet4, SockaddrInet6, WSAPROTOCOL_LEN,
};
use crate::sys::{clamp_len, last_error, raw_socket};
use std::io::{IoSlice, IoSliceMut};
use std::os::windows::io::AsSocket;
use windows_sys::Win32::Networking::WinSock as ws;
use windows_sys::Win32::System::IO::OVERLAPPED;

/// Go: `syscall.WSABuf`: Winsock's `WSABUF`, one buffer of a scatter/gather
/// call (`{len: u32, buf: *mut u8}`, 16 bytes on 64-bit).
///
/// The safe calls take `&[IoSlice]`/`&mut [IoSliceMut]` instead, which std
/// guarantees to be laid out as `WSABUF` on Windows; this type is for the raw
/// (`unsafe`, overlapped) forms.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct WSABuf {
    /// The buffer's length in bytes.
    pub len: u32,
    /// The buffer.
    pub buf: *mut u8,
}

impl WSABuf {
    /// A `WSABuf` over `b` (its length clamped to `u32::MAX`). The pointer is
    /// only valid while `b` is.
    pub fn new(b: &mut [u8]) -> WSABuf {
        WSABuf {
            len: clamp_len(b.len()),
            buf: b.as_mut_ptr(),
        }
    }
}

/// The Winsock completion routine type of the raw calls (`None` for none).
pub type CompletionRoutine = ws::LPWSAOVERLAPPED_COMPLETION_ROUTINE;

/// Go: `syscall.WSARecv` (raw form): `WSARecv(s, bufs, bufcnt, recvd, flags,
/// overlapped, croutine)`.
///
/// `SOCKET_ERROR` → the last error; a started overlapped operation reports
/// `Err(Errno::ERROR_IO_PENDING)` (997), as in Go.
///
/// # Safety
/// `bufs` points to `bufcnt` valid `WSABuf`s whose buffers are writable;
/// `recvd` and `flags` are valid (or NULL where Winsock allows it); with a
/// non-null `overlapped`, the buffers, `flags` and `*overlapped` stay valid
/// and unmoved until the operation completes, and the socket stays open.
#[doc(alias = "WSARecv")]
pub unsafe fn wsa_recv_raw(
    s: impl AsSocket,
    bufs: *const WSABuf,
    bufcnt: u32,
    recvd: *mut u32,
    flags: *mut u32,
    overlapped: *mut OVERLAPPED,
    croutine: CompletionRoutine,
) -> Result<()> {
    // SAFETY: the caller upholds the pointer contract above.
    cvt_sock(unsafe {
        ws::WSARecv(
            raw_socket(&s.as_socket()),
            bufs.cast(),
            bufcnt,
            recvd,
            flags,
            overlapped,
            croutine,
        )
    })
}

/// Go: `syscall.WSASend` (raw form): `WSASend(s, bufs, bufcnt, sent, flags,
/// overlapped, croutine)`. Errors as [`wsa_recv_raw`].
///
/// # Safety
/// As [`wsa_recv_raw`] (the buffers need only be readable).
#[doc(alias = "WSASend")]
pub unsafe fn wsa_send_raw(
    s: impl AsSocket,
    bufs: *const WSABuf,
    bufcnt: u32,
    sent: *mut u32,
    flags: u32,
    overlapped: *mut OVERLAPPED,
    croutine: CompletionRoutine,
) -> Result<()> {
    // SAFETY: the caller upholds the pointer contract above.
    cvt_sock(unsafe {
        ws::WSASend(
            raw_socket(&s.as_socket()),
            bufs.cast(),
            bufcnt,
            sent,
            flags,
            overlapped,
            croutine,
        )
    })
}

/// Go: `syscall.WSARecvFrom` (raw form): `WSARecvFrom(s, bufs, bufcnt,
/// recvd, flags, from, fromlen, overlapped, croutine)`. Errors as
/// [`wsa_recv_raw`]; decode `from` afterwards with
/// [`sockaddr_from_bytes`](crate::sockaddr_from_bytes) or
/// [`RawSockaddrAny::sockaddr`](crate::RawSockaddrAny::sockaddr).
///
/// # Safety
/// As [`wsa_recv_raw`]; `from` is writable for `*fromlen` bytes, and both
/// stay valid until an overlapped operation completes.
#[doc(alias = "WSARecvFrom")]
#[allow(clippy::too_many_arguments)]
pub unsafe fn wsa_recvfrom_raw(
    s: impl AsSocket,
    bufs: *const WSABuf,
    bufcnt: u32,
    recvd: *mut u32,
    flags: *mut u32,
    from: *mut crate::RawSockaddrAny,
    fromlen: *mut i32,
    overlapped: *mut OVERLAPPED,
    croutine: CompletionRoutine,
) -> Result<()> {
    let fd = raw_socket(&s.as_socket());
    // SAFETY: the caller upholds the pointer contract above.
    cvt_sock(unsafe {
        ws::WSARecvFrom(
            fd,
            bufs.cast(),
            bufcnt,
            recvd,
            flags,
            from.cast(),
            fromlen,
            overlapped,
            croutine,
        )
    })
}

/// Go: `syscall.WSASendTo` (raw form, the generated one taking a
/// `*RawSockaddrAny`): `WSASendTo(s, bufs, bufcnt, sent, flags, to, tolen,
/// overlapped, croutine)`. Get `to`/`tolen` from
/// [`Sockaddr::to_raw`](crate::Sockaddr::to_raw); NULL and 0 send to the
/// connected peer. Errors as [`wsa_recv_raw`].
///
/// # Safety
/// As [`wsa_send_raw`]; `to` is NULL or readable for `tolen` bytes.
#[doc(alias = "WSASendTo")]
#[allow(clippy::too_many_arguments)]
pub unsafe fn wsa_sendto_raw(
    s: impl AsSocket,
    bufs: *const WSABuf,
    bufcnt: u32,
    sent: *mut u32,
    flags: u32,
    to: *const crate::RawSockaddrAny,
    tolen: i32,
    overlapped: *mut OVERLAPPED,
    croutine: CompletionRoutine,
) -> Result<()> {
    let fd = raw_socket(&s.as_socket());
    // SAFETY: the caller upholds the pointer contract above.
    cvt_sock(unsafe {
        ws::WSASendTo(
            fd,
            bufs.cast(),
            bufcnt,
            sent,
            flags,
            to.cast(),
            tolen,
            overlapped,
            croutine,
        )
    })
}

/// Go: `syscall.WSARecv`, safe blocking form: reads into several buffers at
/// once (scatter) and returns the byte count (0 at end of stream).
///
/// `flags` is in/out, as Go's `*uint32`: pass `MSG_PEEK`/`MSG_OOB` (or 0);
/// on return it holds `MSG_PARTIAL` if a message was cut short. More than
/// `u32::MAX` buffers are clamped.
///
/// A failure carries the byte count Winsock reported with it (Go's caller
/// reads it from `recvd`): with `WSAEMSGSIZE` (a datagram or message larger
/// than the buffers) it is the number of bytes of the message that were
/// placed in the buffers; the rest of the message is lost. `?` converts the
/// error into [`Errno`] or `io::Error`.
#[doc(alias = "WSARecv")]
pub fn wsa_recv(
    s: impl AsSocket,
    bufs: &mut [IoSliceMut<'_>],
    flags: &mut u32,
) -> core::result::Result<usize, ErrnoWith<usize>> {
    let mut n = 0u32;
    // SAFETY: IoSliceMut is WSABUF-compatible on Windows; the buffers are
    // writable and outlive this blocking call; no overlapped.
    let r = unsafe {
        wsa_recv_raw(
            s,
            bufs.as_mut_ptr().cast(),
            clamp_len(bufs.len()),
            &mut n,
            flags,
            core::ptr::null_mut(),
            None,
        )
    };
    let n = n as usize;
    r.map(|()| n).map_err(|e| ErrnoWith::new(e, n))
}

/// Go: `syscall.WSASend`, safe blocking form: writes several buffers at once
/// (gather) and returns the byte count.
pub fn wsa_send(s: impl AsSocket, bufs: &[IoSlice<'_>], flags: u32) -> Result<usize> {
    let mut n = 0u32;
    // SAFETY: IoSlice is WSABUF-compatible on Windows; Winsock only reads
    // the buffers, which outlive this blocking call; no overlapped.
    unsafe {
        wsa_send_raw(
            s,
            bufs.as_ptr().cast(),
            clamp_len(bufs.len()),
            &mut n,
            flags,
            core::ptr::null_mut(),
            None,
        )
    }?;
    Ok(n as usize)
}

/// Go: `syscall.WSARecvFrom`, safe blocking form: scatter-reads one datagram
/// and returns the byte count and the sender (`None` when Winsock gives none,
/// as for a connected stream). `flags` as [`wsa_recv`].
///
/// A failure carries the byte count and sender Winsock reported with it (what
/// Go's caller reads from `recvd` and `from`): with `WSAEMSGSIZE` (a datagram
/// larger than the buffers) the count of the datagram's bytes placed in the
/// buffers, and who sent it; the rest of the datagram is lost. For other
/// errors the count is normally 0 and the sender `None`.
#[doc(alias = "WSARecvFrom")]
#[allow(clippy::type_complexity)] // the success pair, also inside the error
pub fn wsa_recvfrom(
    s: impl AsSocket,
    bufs: &mut [IoSliceMut<'_>],
    flags: &mut u32,
) -> core::result::Result<(usize, Option<Sockaddr>), ErrnoWith<(usize, Option<Sockaddr>)>> {
    let fd = s.as_socket();
    let got = with_sockaddr_out(|p, l| {
        let mut n = 0u32;
        // SAFETY: as in `wsa_recv`; `p`/`l` describe a writable 116-byte buffer.
        let r = unsafe {
            wsa_recvfrom_raw(
                fd,
                bufs.as_mut_ptr().cast(),
                clamp_len(bufs.len()),
                &mut n,
                flags,
                p.cast(),
                l,
                core::ptr::null_mut(),
                None,
            )
        };
        // The address is read whether or not the call failed.
        Ok((r, n as usize))
    });
    match got {
        Ok(((Ok(()), n), from)) => Ok((n, from)),
        Ok(((Err(e), n), from)) => Err(ErrnoWith::new(e, (n, from))),
        // An address Winsock filled in that no `Sockaddr` can hold.
        Err(e) => Err(ErrnoWith::new(e, (0, None))),
    }
}

/// Go: `syscall.WSASendto`: gather-writes to `to` (or, with `None`, to the
/// connected peer: NULL and length 0, as Go) and returns the byte count.
///
/// A bad `to` (port out of range…) is `EINVAL` before any call. IPv4 and IPv6
/// destinations take the allocation-free paths Go names
/// `wsaSendtoInet4`/`wsaSendtoInet6` ([`wsa_sendto_inet4`], [`wsa_sendto_inet6`]).
#[doc(alias = "WSASendto")]
pub fn wsa_sendto(
    s: impl AsSocket,
    bufs: &[IoSlice<'_>],
    flags: u32,
    to: Option<&Sockaddr>,
) -> Result<usize> {
    match to {
        Some(Sockaddr::Inet4(a)) => wsa_sendto_inet4(s, bufs, flags, a),
        Some(Sockaddr::Inet6(a)) => wsa_sendto_inet6(s, bufs, flags, a),
        Some(other) => {
            let (rsa, len) = other.to_raw()?;
            send_to(s, bufs, flags, (&raw const rsa).cast(), len)
        }
        None => send_to(s, bufs, flags, core::ptr::null(), 0),
    }
}

/// Go (unexported): `wsaSendtoInet4`: [`wsa_sendto`] to an IPv4 address,
/// passing a 16-byte `SOCKADDR_IN` built on the stack.
#[doc(alias = "wsaSendtoInet4")]
pub fn wsa_sendto_inet4(
    s: impl AsSocket,
    bufs: &[IoSlice<'_>],
    flags: u32,
    to: &SockaddrInet4,
) -> Result<usize> {
    let raw = to.to_raw()?;
    send_to(
        s,
        bufs,
        flags,
        (&raw const raw).cast(),
        size_of_val(&raw) as i32,
    )
}

/// Go (unexported): `wsaSendtoInet6`: [`wsa_sendto`] to an IPv6 address,
/// passing a 28-byte `SOCKADDR_IN6` built on the stack.
#[doc(alias = "wsaSendtoInet6")]
pub fn wsa_sendto_inet6(
    s: impl AsSocket,
    bufs: &[IoSlice<'_>],
    flags: u32,
    to: &SockaddrInet6,
) -> Result<usize> {
    let raw = to.to_raw()?;
    send_to(
        s,
        bufs,
        flags,
        (&raw const raw).cast(),
        size_of_val(&raw) as i32,
    )
}

/// The blocking `WSASendTo` shared by the safe forms. Go maps a failure with
/// no last error to `EINVAL`, which `last_error` does.
fn send_to(
    s: impl AsSocket,
    bufs: &[IoSlice<'_>],
    flags: u32,
    to: *const ws::SOCKADDR,
    tolen: i32,
) -> Result<usize> {
    let mut n = 0u32;
    // SAFETY: IoSlice is WSABUF-compatible on Windows and only read; `to` is
    // NULL or a live address of `tolen` bytes; blocking call, no overlapped.
    cvt_sock(unsafe {
        ws::WSASendTo(
            raw_socket(&s.as_socket()),
            bufs.as_ptr().cast(),
            clamp_len(bufs.len()),
            &mut n,
            flags,
            to,
            tolen,
            core::ptr::null_mut(),
            None,
        )
    })?;
    Ok(n as usize)
}

/// The control codes the safe [`wsa_ioctl`] sends, each with the smallest
/// input and output it accepts (bytes). Each takes and gives plain data (a
/// function pointer comes back as bytes, which safe code cannot call); where
/// a size is fixed the buffer is checked before the call, because some
/// Winsock providers (Wine's among them) write a fixed-size answer without
/// looking at the length they were given.
const LISTED_WSA_CODES: [(u32, usize, usize); 7] = [
    // u_long in: 0 blocking, non-zero non-blocking.
    (ws::FIONBIO as u32, 4, 0),
    // u_long out: bytes waiting.
    (ws::FIONREAD as u32, 0, 4),
    // BOOL out: no urgent data waiting.
    (ws::SIOCATMARK as u32, 0, 4),
    // tcp_keepalive in (12 bytes).
    (crate::SIO_KEEPALIVE_VALS, 12, 0),
    // BOOL in.
    (crate::SIO_UDP_CONNRESET, 4, 0),
    // GUID in (16 bytes), function pointer out.
    (
        crate::SIO_GET_EXTENSION_FUNCTION_POINTER,
        16,
        size_of::<usize>(),
    ),
    // INTERFACE_INFO array out; Winsock checks its length (WSAEFAULT).
    (crate::SIO_GET_INTERFACE_LIST, 0, 0),
];

/// Go: `syscall.WSAIoctl`, safe blocking form: runs control code `code` on
/// `s` with `input` and `output` (empty → NULL, 0) and returns the number of
/// bytes written to `output`.
///
/// Calls `WSAIoctl(s, code, in, inlen, out, outlen, &returned, NULL, NULL)`
/// for these codes only (any other gives `WSAEOPNOTSUPP` without a call: use
/// [`wsa_ioctl_unchecked`] or [`wsa_ioctl_raw`]):
///
/// | code | input | output |
/// |---|---|---|
/// | `FIONBIO` (0x8004667E) | 4 bytes | — |
/// | `FIONREAD` (0x4004667F) | — | 4 bytes |
/// | `SIOCATMARK` (0x40047307) | — | 4 bytes |
/// | [`SIO_KEEPALIVE_VALS`](crate::SIO_KEEPALIVE_VALS) | 12 bytes ([`TCPKeepalive::to_bytes`](crate::TCPKeepalive::to_bytes)) | — |
/// | [`SIO_UDP_CONNRESET`](crate::SIO_UDP_CONNRESET) | 4 bytes | — |
/// | [`SIO_GET_EXTENSION_FUNCTION_POINTER`](crate::SIO_GET_EXTENSION_FUNCTION_POINTER) | 16 bytes (a GUID) | pointer-sized |
/// | [`SIO_GET_INTERFACE_LIST`](crate::SIO_GET_INTERFACE_LIST) | — | any length |
///
/// An input or output shorter than the table says gives `WSAEFAULT` (what
/// Winsock documents for a buffer too small) before any call; longer ones are
/// passed whole. An output too small for the list of interfaces gives
/// Winsock's `WSAEFAULT`. The count returned is never larger than `output`.
///
/// A failure carries the count Winsock left in `returned` (what Go's caller
/// reads after the call): with `WSAEFAULT` for a short output, the size the
/// answer needs, when the provider reports it. When the output is refused
/// before the call, it is the output size the table asks for; when only the
/// input is short, and for an unlisted code, it is 0. `?` converts the error
/// into [`Errno`] or `io::Error`.
#[doc(alias = "WSAIoctl")]
pub fn wsa_ioctl(
    s: impl AsSocket,
    code: u32,
    input: &[u8],
    output: &mut [u8],
) -> core::result::Result<usize, ErrnoWith<usize>> {
    let Some(&(_, in_min, out_min)) = LISTED_WSA_CODES.iter().find(|c| c.0 == code) else {
        return Err(ErrnoWith::new(Errno::WSAEOPNOTSUPP, 0));
    };
    if output.len() < out_min {
        return Err(ErrnoWith::new(Errno::WSAEFAULT, out_min));
    }
    if input.len() < in_min {
        return Err(ErrnoWith::new(Errno::WSAEFAULT, 0));
    }
    // SAFETY: listed codes take and give plain data, and their fixed sizes
    // were checked above (see `LISTED_WSA_CODES`).
    unsafe { wsa_ioctl_unchecked(s, code, input, output) }
}

/// [`wsa_ioctl`] for any control code, blocking: `WSAIoctl` with the slices
/// (empty → NULL, 0), no `OVERLAPPED`; returns the bytes written to `output`,
/// and on failure what Winsock left in `returned` (as [`wsa_ioctl`]).
///
/// # Safety
/// The provider must use `input` and `output` only as plain data within the
/// lengths given: no pointers or handles inside them that it follows or uses
/// (as in `SIO_SET_QOS`'s provider-specific buffer or the handle of
/// `SIO_ASSOCIATE_HANDLE`), and `output` must be at least as long as whatever
/// fixed-size answer the code gives (some providers do not check).
#[doc(alias = "WSAIoctl")]
pub unsafe fn wsa_ioctl_unchecked(
    s: impl AsSocket,
    code: u32,
    input: &[u8],
    output: &mut [u8],
) -> core::result::Result<usize, ErrnoWith<usize>> {
    let ip = if input.is_empty() {
        core::ptr::null()
    } else {
        input.as_ptr().cast()
    };
    let op = if output.is_empty() {
        core::ptr::null_mut()
    } else {
        output.as_mut_ptr().cast()
    };
    let mut ret = 0u32;
    // SAFETY: `ip`/`op` are NULL or valid for their clamped lengths; a
    // blocking call (no OVERLAPPED: Winsock treats the socket as
    // non-overlapped and is done with the buffers when it returns); the rest
    // is the caller's contract above.
    let r = cvt_sock(unsafe {
        ws::WSAIoctl(
            raw_socket(&s.as_socket()),
            code,
            ip,
            clamp_len(input.len()),
            op,
            clamp_len(output.len()),
            &mut ret,
            core::ptr::null_mut(),
            None,
        )
    });
    // On failure `ret` is a size the answer needs, not bytes written.
    r.map_err(|e| ErrnoWith::new(e, ret as usize))?;
    let n = ret as usize;
    if n > output.len() {
        crate::sys::sync_io::overran("WSAIoctl", n, output.len());
    }
    Ok(n)
}

/// Go: `syscall.WSAIoctl` (raw form, with Go's full signature).
///
/// # Safety
/// `inbuf`/`outbuf` are NULL or valid for their lengths, `returned` is
/// valid, the contract of [`wsa_ioctl_unchecked`] holds for `code`, and with
/// a non-null `overlapped` everything stays valid until the operation
/// completes.
#[allow(clippy::too_many_arguments)]
pub unsafe fn wsa_ioctl_raw(
    s: impl AsSocket,
    code: u32,
    inbuf: *const u8,
    inlen: u32,
    outbuf: *mut u8,
    outlen: u32,
    returned: *mut u32,
    overlapped: *mut OVERLAPPED,
    croutine: CompletionRoutine,
) -> Result<()> {
    let fd = raw_socket(&s.as_socket());
    // SAFETY: the caller upholds the pointer contract above.
    cvt_sock(unsafe {
        ws::WSAIoctl(
            fd,
            code,
            inbuf.cast(),
            inlen,
            outbuf.cast(),
            outlen,
            returned,
            overlapped,
            croutine,
        )
    })
}

/// Go: `syscall.WSAProtocolChain`: the layered-protocol chain of a
/// [`WSAProtocolInfo`] (`WSAPROTOCOLCHAIN`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WSAProtocolChain {
    /// [`BASE_PROTOCOL`](crate::BASE_PROTOCOL), [`LAYERED_PROTOCOL`](crate::LAYERED_PROTOCOL) or a chain length.
    pub chain_len: i32,
    /// The catalog entry ids of the chain.
    pub chain_entries: [u32; MAX_PROTOCOL_CHAIN],
}

/// Go: `syscall.WSAProtocolInfo`: Winsock's `WSAPROTOCOL_INFOW` (628 bytes),
/// one installed transport protocol.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WSAProtocolInfo {
    /// `XP1_*` flags.
    pub service_flags1: u32,
    /// Reserved.
    pub service_flags2: u32,
    /// Reserved.
    pub service_flags3: u32,
    /// Reserved.
    pub service_flags4: u32,
    /// `PFL_*` flags.
    pub provider_flags: u32,
    /// The provider's GUID.
    pub provider_id: GUID,
    /// The catalog entry id.
    pub catalog_entry_id: u32,
    /// The protocol chain.
    pub protocol_chain: WSAProtocolChain,
    /// The protocol version.
    pub version: i32,
    /// `AF_*`.
    pub address_family: i32,
    /// Largest address length, bytes.
    pub max_sock_addr: i32,
    /// Smallest address length, bytes.
    pub min_sock_addr: i32,
    /// `SOCK_*`.
    pub socket_type: i32,
    /// `IPPROTO_*`.
    pub protocol: i32,
    /// Largest value added to `protocol` for raw sockets.
    pub protocol_max_offset: i32,
    /// 0 big-endian, 1 little-endian.
    pub network_byte_order: i32,
    /// The security scheme.
    pub security_scheme: i32,
    /// Largest message size.
    pub message_size: u32,
    /// Reserved for the provider.
    pub provider_reserved: u32,
    /// The protocol's name, UTF-16, NUL-terminated.
    pub protocol_name: [u16; WSAPROTOCOL_LEN + 1],
}

impl Default for WSAProtocolInfo {
    fn default() -> Self {
        WSAProtocolInfo {
            service_flags1: 0,
            service_flags2: 0,
            service_flags3: 0,
            service_flags4: 0,
            provider_flags: 0,
            provider_id: GUID::default(),
            catalog_entry_id: 0,
            protocol_chain: WSAProtocolChain::default(),
            version: 0,
            address_family: 0,
            max_sock_addr: 0,
            min_sock_addr: 0,
            socket_type: 0,
            protocol: 0,
            protocol_max_offset: 0,
            network_byte_order: 0,
            security_scheme: 0,
            message_size: 0,
            provider_reserved: 0,
            protocol_name: [0; WSAPROTOCOL_LEN + 1],
        }
    }
}

impl WSAProtocolInfo {
    /// The protocol's name, decoded (lossily) up to its NUL.
    pub fn name(&self) -> String {
        crate::wstr::utf16_to_string(&self.protocol_name)
    }
}

/// Go: `syscall.WSAEnumProtocols`: the installed transport protocols,
/// optionally only those whose `protocol` is in `protocols`.
///
/// Go's raw form takes a caller buffer; this one starts Winsock if needed,
/// asks `WSAEnumProtocolsW` for the size (`WSAENOBUFS`), allocates and
/// returns the entries. `Some(&[])` selects none (Winsock: an empty list).
#[doc(alias = "WSAEnumProtocols")]
pub fn wsa_enum_protocols(protocols: Option<&[i32]>) -> Result<Vec<WSAProtocolInfo>> {
    ensure_winsock()?;
    let list: Option<Vec<i32>> = protocols.map(|p| {
        p.iter()
            .copied()
            .take_while(|&x| x != 0)
            .chain([0])
            .collect()
    });
    let lp = list.as_ref().map_or(core::ptr::null(), |l| l.as_ptr());
    let size = size_of::<WSAProtocolInfo>();
    let mut count = 8usize;
    loop {
        let mut buf = vec![WSAProtocolInfo::default(); count];
        let mut blen = clamp_len(count * size);
        // SAFETY: `lp` is NULL or a 0-terminated list; `buf` holds `blen` bytes
        // of WSAPROTOCOL_INFOW-layout entries (asserted in the tests).
        let n = unsafe { ws::WSAEnumProtocolsW(lp, buf.as_mut_ptr().cast(), &mut blen) };
        if n == ws::SOCKET_ERROR {
            let e = last_error();
            let need = (blen as usize).div_ceil(size);
            if e == Errno::WSAENOBUFS && need > count {
                count = need;
                continue;
            }
            return Err(e);
        }
        buf.truncate((n.max(0) as usize).min(count));
        return Ok(buf);
    }
}
