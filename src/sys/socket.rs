//! Sockets: Winsock start-up, the BSD-style calls, `WSA*` scatter/gather I/O
//! and socket options.
//!
//! Go: the socket half of `syscall_windows.go` (`Socket`, `Bind`, `Connect`,
//! `WSASendto`, `SetsockoptInt`…). Sockets are std's [`OwnedSocket`] (closed on
//! drop) and every call takes `impl AsSocket`, so a `TcpStream`, `TcpListener`
//! or `UdpSocket` can be passed as is, and an `OwnedSocket` from [`socket`]
//! becomes one of them with `From`.
//!
//! # Winsock start-up
//! Go's `syscall` never calls `WSAStartup` (its `net` package does). Here the
//! first call that needs Winsock ([`socket`], the name look-ups) starts it,
//! version 2.2, once per process, thread-safely, with no other side effect; a
//! failed start-up is retried by the next call. That reference is never
//! released. [`wsa_startup`] and [`wsa_cleanup`] are still there for callers
//! that want Go's explicit form; `wsa_cleanup` releases only what
//! `wsa_startup` took (`WSANOTINITIALISED` beyond that), so no safe call can
//! end Winsock and with it every socket of the process.
//!
//! # Errors
//! Every failure is the `WSAE*` [`Errno`] Winsock reports (`WSAECONNREFUSED`,
//! `WSAEADDRINUSE`…). An address is validated before any call, as in Go: a port
//! outside `0..=65535` or an over-long Unix name is `EINVAL`. An address of the
//! wrong family for the socket is passed to Winsock, as Go does, and its error
//! returned unchanged: Windows answers `WSAEAFNOSUPPORT` for an IPv6 address on
//! an IPv4 socket and `WSAEFAULT` for an IPv4 address (too short) on an IPv6
//! socket; Wine 8 answers `WSAEOPNOTSUPP` and `WSAEINVAL`. No undefined
//! behaviour either way: the address buffer always holds what its length says.

use super::{clamp_len_i32, last_error, raw_socket};
use crate::errno::{Errno, Result};
use crate::sockaddr::{
    AF_INET6, RawSockaddrAny, SIZEOF_SOCKADDR_ANY, Sockaddr, sockaddr_from_bytes,
};
use std::os::windows::io::{AsSocket, FromRawSocket, IntoRawSocket, OwnedSocket, RawSocket};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use windows_sys::Win32::Networking::WinSock as ws;

mod opt;
mod wsa;

pub use opt::*;
pub use wsa::*;

/// Go: `syscall.SocketDisableIPv6`, a test hook: while `true`, [`socket`] with
/// `AF_INET6` fails with `EAFNOSUPPORT` without calling Winsock.
///
/// Go's plain `bool` variable becomes an atomic here: set it with
/// `SOCKET_DISABLE_IPV6.store(true, Ordering::Relaxed)`.
#[doc(alias = "SocketDisableIPv6")]
pub static SOCKET_DISABLE_IPV6: AtomicBool = AtomicBool::new(false);

/// Go: `syscall.WSAData`: what `WSAStartup` reports.
///
/// Go mirrors the C structure (whose field order differs between 386 and
/// amd64, with a `VendorInfo` pointer Winsock 2 leaves meaningless); this is an
/// owned copy with the strings decoded (ANSI bytes up to the first NUL, read as
/// UTF-8, lossily).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WSAData {
    /// The version the caller should use (`0x0202` for 2.2: minor in the high byte).
    pub version: u16,
    /// The highest version the DLL supports.
    pub high_version: u16,
    /// Unused by Winsock 2 (Go: `MaxSockets`).
    pub max_sockets: u16,
    /// Unused by Winsock 2 (Go: `MaxUdpDg`).
    pub max_udp_dg: u16,
    /// Go: `Description` (at most [`WSADESCRIPTION_LEN`](crate::WSADESCRIPTION_LEN) bytes).
    pub description: String,
    /// Go: `SystemStatus` (at most [`WSASYS_STATUS_LEN`](crate::WSASYS_STATUS_LEN) bytes).
    pub system_status: String,
}

/// Bytes of a C `char` array up to its first NUL, as a (lossy) string.
pub(crate) fn c_chars(a: &[i8]) -> String {
    let b: Vec<u8> = a.iter().map(|&c| c as u8).take_while(|&c| c != 0).collect();
    String::from_utf8_lossy(&b).into_owned()
}

/// Go: `syscall.WSAStartup(verreq uint32, data *WSAData) error`: starts Winsock.
///
/// Calls `WSAStartup(verreq, &data)`; the error is the code it returns (Go's
/// `sockerr` rule: `WSAVERNOTSUPPORTED`, `WSASYSNOTREADY`…). `verreq` above
/// `0xFFFF` (Winsock takes a `WORD`) is `EINVAL` rather than truncated.
/// Not needed before using this crate: the first socket call starts Winsock
/// itself. Each success may be undone by one [`wsa_cleanup`].
///
/// Beyond Go: before the first call of its own, the crate takes one Winsock
/// reference that it never gives back (the one [`socket`] would take), so
/// the references counted here are always on top of it.
#[doc(alias = "WSAStartup")]
pub fn wsa_startup(verreq: u32) -> Result<WSAData> {
    let ver = u16::try_from(verreq).map_err(|_| Errno::EINVAL)?;
    ensure_winsock()?;
    let d = raw_wsa_startup(ver)?;
    // Counted only after Winsock took the reference, so the count never
    // exceeds the references this function really holds.
    USER_STARTS.fetch_add(1, Ordering::AcqRel);
    Ok(d)
}

/// `WSAStartup(ver)`, decoded; the reference it takes is the caller's.
fn raw_wsa_startup(ver: u16) -> Result<WSAData> {
    // SAFETY: WSADATA is plain data; all-zero is a valid value.
    let mut d: ws::WSADATA = unsafe { core::mem::zeroed() };
    // SAFETY: `d` is a valid, writable WSADATA.
    let r = unsafe { ws::WSAStartup(ver, &mut d) };
    if r != 0 {
        return Err(Errno(r as u32));
    }
    Ok(WSAData {
        version: d.wVersion,
        high_version: d.wHighVersion,
        max_sockets: d.iMaxSockets,
        max_udp_dg: d.iMaxUdpDg,
        description: c_chars(&d.szDescription),
        system_status: c_chars(&d.szSystemStatus),
    })
}

/// Go: `syscall.WSACleanup`: undoes one [`wsa_startup`].
///
/// Calls `WSACleanup`; `SOCKET_ERROR` → the last error.
///
/// Difference from Go, for safety: only the references taken with
/// [`wsa_startup`] are released. When every one of them has been, this is
/// `Err(WSANOTINITIALISED)` (10093) without a call. On Windows, releasing
/// Winsock's last reference closes every socket of the process — this
/// crate's [`OwnedSocket`]s and std's included, whose handle values may then
/// be reused for unrelated objects — so the crate's own reference (taken
/// before its first socket call) and any reference std or other code took
/// are never released here.
#[doc(alias = "WSACleanup")]
pub fn wsa_cleanup() -> Result<()> {
    // Take one counted reference back before releasing it, so concurrent
    // calls never release more than were taken.
    USER_STARTS
        .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1))
        .map_err(|_| Errno::WSANOTINITIALISED)?;
    // SAFETY: no arguments; this releases a reference `wsa_startup` took, and
    // the crate's permanent reference keeps Winsock (and every socket) alive.
    cvt_sock(unsafe { ws::WSACleanup() })
}

/// The references [`wsa_startup`] took and [`wsa_cleanup`] has not released.
static USER_STARTS: AtomicUsize = AtomicUsize::new(0);
static STARTED: AtomicBool = AtomicBool::new(false);
static STARTING: Mutex<()> = Mutex::new(());
/// Milliseconds to sleep inside the start-up window; 0 (the default) = none.
static START_UP_DELAY_MS: AtomicU32 = AtomicU32::new(0);

/// Test hook, not part of the API: makes the next Winsock start-up of
/// `ensure_winsock` sleep `ms` milliseconds inside its critical section,
/// between deciding to start and `WSAStartup`, so that a stress test racing
/// first calls from many threads would see any thread slip through that window
/// (a second start-up, a socket call before start-up). It only delays; 0 (the
/// default) turns it off.
#[doc(hidden)]
pub fn __widen_winsock_start_up_window(ms: u32) {
    START_UP_DELAY_MS.store(ms, Ordering::Relaxed);
}

/// Starts Winsock 2.2 once for the process (beyond Go, which leaves it to the
/// caller) and keeps that reference for the life of the process. Cheap
/// after the first success; a failure is retried next time.
pub(crate) fn ensure_winsock() -> Result<()> {
    if STARTED.load(Ordering::Acquire) {
        return Ok(());
    }
    let _guard = STARTING.lock().unwrap_or_else(|e| e.into_inner());
    if !STARTED.load(Ordering::Acquire) {
        let delay = START_UP_DELAY_MS.load(Ordering::Relaxed);
        if delay != 0 {
            std::thread::sleep(std::time::Duration::from_millis(delay.into()));
        }
        raw_wsa_startup(0x0202)?;
        STARTED.store(true, Ordering::Release);
    }
    Ok(())
}

/// A Winsock `int` result where `SOCKET_ERROR` (-1) is failure.
#[inline]
pub(crate) fn cvt_sock(r: i32) -> Result<()> {
    if r == ws::SOCKET_ERROR {
        Err(last_error())
    } else {
        Ok(())
    }
}

/// A new socket, or the last error for `INVALID_SOCKET`.
fn cvt_new_socket(s: ws::SOCKET) -> Result<OwnedSocket> {
    if s == ws::INVALID_SOCKET {
        Err(last_error())
    } else {
        // SAFETY: a fresh, valid socket that nothing else owns.
        Ok(unsafe { OwnedSocket::from_raw_socket(s as RawSocket) })
    }
}

/// Calls `f(buffer, &mut len)` with a zeroed 116-byte address buffer, then
/// decodes the address Winsock wrote (never beyond `len` nor the buffer).
pub(crate) fn with_sockaddr_out<T>(
    f: impl FnOnce(*mut ws::SOCKADDR, *mut i32) -> Result<T>,
) -> Result<(T, Option<Sockaddr>)> {
    let mut rsa = RawSockaddrAny::default();
    let mut len = SIZEOF_SOCKADDR_ANY as i32;
    let v = f((&raw mut rsa).cast(), &mut len)?;
    let n = (len.max(0) as usize).min(SIZEOF_SOCKADDR_ANY);
    let bytes = rsa.to_bytes();
    // Go: an AF_UNSPEC (unfilled) address is no address.
    if n < 2 || rsa.addr.family == 0 {
        return Ok((v, None));
    }
    Ok((v, Some(sockaddr_from_bytes(&bytes[..n])?)))
}

/// Go: `syscall.Socket(domain, typ, proto int) (Handle, error)`: a new socket.
///
/// Checks [`SOCKET_DISABLE_IPV6`] (→ `EAFNOSUPPORT` for `AF_INET6`), starts
/// Winsock if needed, then calls `socket(domain, typ, proto)`. As with Go's,
/// the socket is overlapped-capable and inheritable (Winsock's defaults).
///
/// ```no_run
/// use winsyscall::{socket, AF_INET, SOCK_STREAM, IPPROTO_TCP};
/// let s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)?;
/// let listener = std::net::TcpListener::from(s); // std interop
/// # Ok::<(), winsyscall::Errno>(())
/// ```
pub fn socket(domain: i32, typ: i32, proto: i32) -> Result<OwnedSocket> {
    if domain == AF_INET6 && SOCKET_DISABLE_IPV6.load(Ordering::Relaxed) {
        return Err(Errno::EAFNOSUPPORT);
    }
    ensure_winsock()?;
    // SAFETY: plain integer arguments.
    cvt_new_socket(unsafe { ws::socket(domain, typ, proto) })
}

/// Go: `syscall.Bind`: binds `s` to `sa`.
///
/// Validates the address as Go's `sockaddr()` does (`EINVAL`), then calls
/// `bind`. A used address → `WSAEADDRINUSE`.
pub fn bind(s: impl AsSocket, sa: impl Into<Sockaddr>) -> Result<()> {
    let (rsa, len) = sa.into().to_raw()?;
    // SAFETY: `rsa` is a valid address of `len` (<= 116) bytes.
    cvt_sock(unsafe { ws::bind(raw_socket(&s.as_socket()), (&raw const rsa).cast(), len) })
}

/// Go: `syscall.Connect`: connects `s` to `sa` (blocking).
///
/// Validates the address (`EINVAL`), then calls `connect`. A closed port →
/// `WSAECONNREFUSED` (10061).
pub fn connect(s: impl AsSocket, sa: impl Into<Sockaddr>) -> Result<()> {
    let (rsa, len) = sa.into().to_raw()?;
    // SAFETY: `rsa` is a valid address of `len` (<= 116) bytes.
    cvt_sock(unsafe { ws::connect(raw_socket(&s.as_socket()), (&raw const rsa).cast(), len) })
}

/// Go: `syscall.Listen`: `listen(s, backlog)`. [`SOMAXCONN`](crate::SOMAXCONN)
/// asks for the system's maximum.
pub fn listen(s: impl AsSocket, backlog: i32) -> Result<()> {
    // SAFETY: plain arguments on a borrowed socket.
    cvt_sock(unsafe { ws::listen(raw_socket(&s.as_socket()), backlog) })
}

/// Go: `syscall.Accept` — which Go stubs with `EWINDOWS`; this one works
/// (beyond Go): calls `accept` and returns the new connection and the peer's
/// address.
///
/// The new socket inherits the listener's properties (overlapped-capable,
/// inheritable). An address family Go cannot decode gives `EAFNOSUPPORT`
/// (the connection is then closed).
pub fn accept(s: impl AsSocket) -> Result<(OwnedSocket, Sockaddr)> {
    let ls = raw_socket(&s.as_socket());
    let (conn, sa) = with_sockaddr_out(|p, l| {
        // SAFETY: `p`/`l` describe a writable 116-byte buffer.
        cvt_new_socket(unsafe { ws::accept(ls, p, l) })
    })?;
    Ok((conn, sa.ok_or(Errno::EAFNOSUPPORT)?))
}

/// Go: `syscall.Getsockname`: the address `s` is bound to.
///
/// Calls `getsockname` with a 116-byte buffer and decodes it as Go's
/// `RawSockaddrAny.Sockaddr` (an unknown family → `EAFNOSUPPORT`). An unbound
/// socket → `WSAEINVAL`.
pub fn getsockname(s: impl AsSocket) -> Result<Sockaddr> {
    let fd = raw_socket(&s.as_socket());
    let ((), sa) = with_sockaddr_out(|p, l| {
        // SAFETY: `p`/`l` describe a writable 116-byte buffer.
        cvt_sock(unsafe { ws::getsockname(fd, p, l) })
    })?;
    sa.ok_or(Errno::EAFNOSUPPORT)
}

/// Go: `syscall.Getpeername`: the address of `s`'s peer.
///
/// Calls `getpeername`; an unconnected socket → `WSAENOTCONN`.
pub fn getpeername(s: impl AsSocket) -> Result<Sockaddr> {
    let fd = raw_socket(&s.as_socket());
    let ((), sa) = with_sockaddr_out(|p, l| {
        // SAFETY: `p`/`l` describe a writable 116-byte buffer.
        cvt_sock(unsafe { ws::getpeername(fd, p, l) })
    })?;
    sa.ok_or(Errno::EAFNOSUPPORT)
}

/// Go: `syscall.Shutdown`: `shutdown(s, how)` with
/// [`SHUT_RD`](crate::SHUT_RD), [`SHUT_WR`](crate::SHUT_WR) or
/// [`SHUT_RDWR`](crate::SHUT_RDWR); anything else → `WSAEINVAL`.
pub fn shutdown(s: impl AsSocket, how: i32) -> Result<()> {
    // SAFETY: plain arguments on a borrowed socket.
    cvt_sock(unsafe { ws::shutdown(raw_socket(&s.as_socket()), how) })
}

/// Go: `syscall.Closesocket`: closes `s` and reports the error.
///
/// Dropping an `OwnedSocket` closes it too but ignores the result; this calls
/// `closesocket` and returns its error (`WSAEWOULDBLOCK` for a non-blocking
/// lingering close…). The socket is gone either way.
#[doc(alias = "Closesocket")]
pub fn closesocket(s: OwnedSocket) -> Result<()> {
    let raw = s.into_raw_socket() as ws::SOCKET;
    // SAFETY: we own `raw` (taken out of the OwnedSocket) and close it once.
    cvt_sock(unsafe { ws::closesocket(raw) })
}

/// Go: `syscall.Recvfrom` — which Go stubs with `EWINDOWS`; this one works
/// (beyond Go): calls `recvfrom` and returns the byte count and the sender.
///
/// The sender is `None` when Winsock fills none (a connected stream socket),
/// as Go's Unix `Recvfrom` does for `AF_UNSPEC`. A buffer longer than
/// `i32::MAX` is clamped (the count tells how much was read). `flags` are
/// `MSG_*` (e.g. [`MSG_PEEK`](crate::MSG_PEEK)).
pub fn recvfrom(s: impl AsSocket, buf: &mut [u8], flags: i32) -> Result<(usize, Option<Sockaddr>)> {
    let fd = raw_socket(&s.as_socket());
    let len = clamp_len_i32(buf.len());
    let ptr = buf.as_mut_ptr();
    with_sockaddr_out(|p, l| {
        // SAFETY: `ptr` is writable for `len` bytes; `p`/`l` a 116-byte buffer.
        let n = unsafe { ws::recvfrom(fd, ptr, len, flags, p, l) };
        if n == ws::SOCKET_ERROR {
            Err(last_error())
        } else {
            Ok(n as usize)
        }
    })
}

/// Go: `syscall.Sendto` — which Go stubs with `EWINDOWS`; this one works
/// (beyond Go): validates `to`, calls `sendto` and returns the count sent
/// (Go's signature has none; a buffer over `i32::MAX` bytes is clamped).
pub fn sendto(s: impl AsSocket, buf: &[u8], flags: i32, to: impl Into<Sockaddr>) -> Result<usize> {
    let (rsa, tolen) = to.into().to_raw()?;
    let len = clamp_len_i32(buf.len());
    // SAFETY: `buf` is readable for `len` bytes; `rsa` a valid `tolen`-byte address.
    let n = unsafe {
        ws::sendto(
            raw_socket(&s.as_socket()),
            buf.as_ptr(),
            len,
            flags,
            (&raw const rsa).cast(),
            tolen,
        )
    };
    if n == ws::SOCKET_ERROR {
        Err(last_error())
    } else {
        Ok(n as usize)
    }
}
