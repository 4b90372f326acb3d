//! Socket options: Go's `Setsockopt`/`Getsockopt` and their typed helpers.

use super::cvt_sock;
use crate::errno::{Errno, Result};
use crate::sockaddr::{IPMreq, IPv6Mreq, Linger, SysLinger};
use crate::sys::{clamp_len_i32, raw_socket};
use crate::time::Timeval;
use std::os::windows::io::AsSocket;
use windows_sys::Win32::Networking::WinSock as ws;

/// Go: `syscall.Setsockopt(s, level, optname, optval *byte, optlen int32)`:
/// sets an option from its raw bytes.
///
/// Calls `setsockopt(s, level, opt, val, len)`; an empty `val` passes NULL
/// and 0. A value longer than `i32::MAX` bytes is clamped. An unknown option
/// → `WSAENOPROTOOPT`; a value of the wrong size → `WSAEFAULT`.
pub fn setsockopt(s: impl AsSocket, level: i32, opt: i32, val: &[u8]) -> Result<()> {
    let ptr = if val.is_empty() {
        core::ptr::null()
    } else {
        val.as_ptr()
    };
    // SAFETY: `ptr` is NULL or readable for the clamped length.
    cvt_sock(unsafe {
        ws::setsockopt(
            raw_socket(&s.as_socket()),
            level,
            opt,
            ptr,
            clamp_len_i32(val.len()),
        )
    })
}

/// Go: `syscall.Getsockopt(s, level, optname, optval *byte, optlen *int32)`:
/// reads an option's raw bytes into `buf` and returns how many were written.
///
/// Calls `getsockopt`; a buffer too small for the option → `WSAEFAULT`.
/// A buffer over `i32::MAX` bytes is clamped.
pub fn getsockopt(s: impl AsSocket, level: i32, opt: i32, buf: &mut [u8]) -> Result<usize> {
    let mut len = clamp_len_i32(buf.len());
    // SAFETY: `buf` is writable for `len` bytes; `len` is a valid in/out int.
    cvt_sock(unsafe {
        ws::getsockopt(
            raw_socket(&s.as_socket()),
            level,
            opt,
            buf.as_mut_ptr(),
            &mut len,
        )
    })?;
    Ok((len.max(0) as usize).min(buf.len()))
}

/// Go: `syscall.SetsockoptInt`: sets a 4-byte integer option (`SO_RCVBUF`,
/// `TCP_NODELAY`, `IPV6_V6ONLY`…). Go takes an `int` and truncates it to
/// `int32`; here the caller passes the `i32`.
#[doc(alias = "SetsockoptInt")]
pub fn setsockopt_int(s: impl AsSocket, level: i32, opt: i32, value: i32) -> Result<()> {
    setsockopt(s, level, opt, &value.to_ne_bytes())
}

/// Go: `syscall.GetsockoptInt`: reads a 4-byte integer option.
///
/// Calls `getsockopt` with a 4-byte buffer. Go returns the (zero) value along
/// with an error; a `Result` carries only the error. Options Winsock stores in
/// fewer bytes (a `BOOL`-as-`char` such as `SO_DONTLINGER` answers 1 byte) are
/// zero-extended.
#[doc(alias = "GetsockoptInt")]
pub fn getsockopt_int(s: impl AsSocket, level: i32, opt: i32) -> Result<i32> {
    let mut b = [0u8; 4];
    getsockopt(s, level, opt, &mut b)?;
    Ok(i32::from_ne_bytes(b))
}

/// Go: `syscall.SetsockoptLinger`: sets `SO_LINGER` from Go's [`Linger`].
///
/// Converts to Winsock's `{u16 onoff, u16 linger}` (Go's private `sysLinger`)
/// and passes its 4 bytes. Go truncates each field to 16 bits; we refuse a
/// value outside `0..=65535` with `EINVAL` instead.
#[doc(alias = "SetsockoptLinger")]
pub fn setsockopt_linger(s: impl AsSocket, level: i32, opt: i32, l: &Linger) -> Result<()> {
    let sl = SysLinger::try_from(l)?;
    let mut b = [0u8; 4];
    b[..2].copy_from_slice(&sl.onoff.to_ne_bytes());
    b[2..].copy_from_slice(&sl.linger.to_ne_bytes());
    setsockopt(s, level, opt, &b)
}

/// Reads `SO_LINGER` back as a [`Linger`] (beyond Go, which has no getter).
///
/// Calls `getsockopt` into Winsock's 4-byte `LINGER`.
pub fn getsockopt_linger(s: impl AsSocket, level: i32, opt: i32) -> Result<Linger> {
    let mut b = [0u8; 4];
    getsockopt(s, level, opt, &mut b)?;
    Ok(Linger {
        onoff: u16::from_ne_bytes([b[0], b[1]]) as i32,
        linger: u16::from_ne_bytes([b[2], b[3]]) as i32,
    })
}

/// Go: `syscall.SetsockoptInet4Addr`: passes a 4-byte IPv4 address as is
/// (`IP_MULTICAST_IF`…).
#[doc(alias = "SetsockoptInet4Addr")]
pub fn setsockopt_inet4_addr(s: impl AsSocket, level: i32, opt: i32, value: [u8; 4]) -> Result<()> {
    setsockopt(s, level, opt, &value)
}

/// Go: `syscall.SetsockoptIPMreq`: passes an 8-byte [`IPMreq`]
/// (`IP_ADD_MEMBERSHIP`, `IP_DROP_MEMBERSHIP`).
#[doc(alias = "SetsockoptIPMreq")]
pub fn setsockopt_ip_mreq(s: impl AsSocket, level: i32, opt: i32, mreq: &IPMreq) -> Result<()> {
    let mut b = [0u8; 8];
    b[..4].copy_from_slice(&mreq.multiaddr);
    b[4..].copy_from_slice(&mreq.interface);
    setsockopt(s, level, opt, &b)
}

/// Go: `syscall.SetsockoptIPv6Mreq`: passes a 20-byte [`IPv6Mreq`]
/// (`IPV6_JOIN_GROUP`, `IPV6_LEAVE_GROUP`), as current Go does (Go 1.24 and
/// older returned `EWINDOWS`).
#[doc(alias = "SetsockoptIPv6Mreq")]
pub fn setsockopt_ipv6_mreq(s: impl AsSocket, level: i32, opt: i32, mreq: &IPv6Mreq) -> Result<()> {
    let mut b = [0u8; 20];
    b[..16].copy_from_slice(&mreq.multiaddr);
    b[16..].copy_from_slice(&mreq.interface.to_ne_bytes());
    setsockopt(s, level, opt, &b)
}

/// Go: `syscall.SetsockoptTimeval` — which Go stubs with `EWINDOWS`; this one
/// works (beyond Go).
///
/// Windows' timeout options (`SO_RCVTIMEO`, `SO_SNDTIMEO`) take a `DWORD` of
/// milliseconds, not a `timeval`, so the value is converted: a non-zero time
/// under 1 ms is rounded up to 1 ms (0 would mean "no timeout"), other
/// fractions of a millisecond are rounded up too; `{0, 0}` disables the
/// timeout. A negative time or one over `u32::MAX` ms → `EINVAL`.
#[doc(alias = "SetsockoptTimeval")]
pub fn setsockopt_timeval(s: impl AsSocket, level: i32, opt: i32, tv: &Timeval) -> Result<()> {
    let us = tv.sec as i64 * 1_000_000 + tv.usec as i64;
    if us < 0 {
        return Err(Errno::EINVAL);
    }
    let ms = u32::try_from((us + 999) / 1000).map_err(|_| Errno::EINVAL)?;
    setsockopt(s, level, opt, &ms.to_ne_bytes())
}

/// Reads a timeout option (`SO_RCVTIMEO`, `SO_SNDTIMEO`) back as a
/// [`Timeval`] (beyond Go): Winsock's `DWORD` milliseconds, converted.
/// A value too large for `Timeval.sec` → `EINVAL`.
pub fn getsockopt_timeval(s: impl AsSocket, level: i32, opt: i32) -> Result<Timeval> {
    let mut b = [0u8; 4];
    getsockopt(s, level, opt, &mut b)?;
    let ms = u32::from_ne_bytes(b);
    Ok(Timeval {
        sec: i32::try_from(ms / 1000).map_err(|_| Errno::EINVAL)?,
        usec: (ms % 1000) as i32 * 1000,
    })
}
