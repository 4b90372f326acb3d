//! Socket addresses and socket constants: Winsock's raw address layouts, Go's
//! typed addresses, their conversion to and from `std::net`, and a safe decoder
//! for untrusted address bytes.
//!
//! Go: `syscall.RawSockaddr*`, `syscall.Sockaddr*`, the socket constants of
//! `types_windows.go`, `Linger`, `IPMreq`, `IPv6Mreq`, `TCPKeepalive`, `GUID`.
//!
//! Portable: nothing here calls Windows, so the layouts and the decoding are
//! tested on every OS. The raw structures are `repr(C)` copies of Winsock's
//! (`SOCKADDR`, `SOCKADDR_IN`, `SOCKADDR_IN6`, `SOCKADDR_UN`); a Windows-only
//! unit test checks them against `windows-sys`.
//!
//! # Differences from Go
//! * [`Sockaddr`] is a closed enum instead of Go's sealed interface.
//! * [`RawSockaddrAny::sockaddr`] takes `&self`: Go rewrites the leading NUL of
//!   an abstract Unix name to `@` *in the raw buffer*; we give the same `@name`
//!   but leave the buffer untouched.
//! * [`SockaddrInet6`] keeps the flow info (Go drops it), so that conversion to
//!   and from [`std::net::SocketAddrV6`] is lossless.
//! * [`SockaddrUnix::name`] is bytes (`Vec<u8>`), as Go's `string` is: an
//!   abstract name may hold any byte.

use crate::errno::{Errno, Result};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

macro_rules! go_consts {
    ($ty:ty; $($name:ident = $val:expr;)*) => {$(
        #[doc = concat!("Go: `syscall.", stringify!($name), "` = `", stringify!($val), "`.")]
        pub const $name: $ty = $val;
    )*};
}

macro_rules! beyond_consts {
    ($ty:ty; $($name:ident = $val:expr;)*) => {$(
        #[doc = concat!("Winsock's `", stringify!($name), "` = `", stringify!($val),
            "` (beyond Go: not in Go's `syscall`, given here so the calls that take it can be used).")]
        pub const $name: $ty = $val;
    )*};
}

// Address families, socket types, protocols (Go: untyped ints; here the `int`
// types Winsock's `socket()` takes).
go_consts! { i32;
    AF_UNSPEC = 0; AF_UNIX = 1; AF_INET = 2; AF_INET6 = 23; AF_NETBIOS = 17;
    SOCK_STREAM = 1; SOCK_DGRAM = 2; SOCK_RAW = 3; SOCK_SEQPACKET = 5;
    IPPROTO_IP = 0; IPPROTO_IPV6 = 0x29; IPPROTO_TCP = 6; IPPROTO_UDP = 17;
}

// Option levels and names.
go_consts! { i32;
    SOL_SOCKET = 0xffff; SO_REUSEADDR = 4; SO_KEEPALIVE = 8; SO_DONTROUTE = 16;
    SO_BROADCAST = 32; SO_LINGER = 128; SO_RCVBUF = 0x1002; SO_SNDBUF = 0x1001;
    SO_UPDATE_ACCEPT_CONTEXT = 0x700b; SO_UPDATE_CONNECT_CONTEXT = 0x7010;
    IP_TOS = 0x3; IP_TTL = 0x4; IP_MULTICAST_IF = 0x9; IP_MULTICAST_TTL = 0xa;
    IP_MULTICAST_LOOP = 0xb; IP_ADD_MEMBERSHIP = 0xc; IP_DROP_MEMBERSHIP = 0xd;
    IPV6_V6ONLY = 0x1b; IPV6_UNICAST_HOPS = 0x4; IPV6_MULTICAST_IF = 0x9;
    IPV6_MULTICAST_HOPS = 0xa; IPV6_MULTICAST_LOOP = 0xb; IPV6_JOIN_GROUP = 0xc;
    IPV6_LEAVE_GROUP = 0xd;
    SOMAXCONN = 0x7fffffff;
    TCP_NODELAY = 1;
    SHUT_RD = 0; SHUT_WR = 1; SHUT_RDWR = 2;
}

// Options and flags Go's syscall lacks but its calls need on Windows.
beyond_consts! { i32;
    SO_SNDTIMEO = 0x1005; SO_RCVTIMEO = 0x1006; SO_ERROR = 0x1007; SO_TYPE = 0x1008;
    MSG_OOB = 0x1; MSG_PEEK = 0x2; MSG_DONTROUTE = 0x4; MSG_WAITALL = 0x8;
    MSG_TRUNC = 0x0100; MSG_CTRUNC = 0x0200; MSG_PARTIAL = 0x8000;
}

// WSAIoctl control codes.
go_consts! { u32;
    IOC_OUT = 0x40000000; IOC_IN = 0x80000000; IOC_VENDOR = 0x18000000;
    IOC_INOUT = IOC_IN | IOC_OUT; IOC_WS2 = 0x08000000;
    SIO_GET_EXTENSION_FUNCTION_POINTER = IOC_INOUT | IOC_WS2 | 6;
    SIO_KEEPALIVE_VALS = IOC_IN | IOC_VENDOR | 4;
    SIO_UDP_CONNRESET = IOC_IN | IOC_VENDOR | 12;
    SIO_GET_INTERFACE_LIST = 0x4004747F;
}

// TransmitFile flags, interface flags.
go_consts! { u32;
    TF_DISCONNECT = 1; TF_REUSE_SOCKET = 2; TF_WRITE_BEHIND = 4; TF_USE_DEFAULT_WORKER = 0;
    TF_USE_SYSTEM_THREAD = 16; TF_USE_KERNEL_APC = 32;
    IFF_UP = 1; IFF_BROADCAST = 2; IFF_LOOPBACK = 4; IFF_POINTTOPOINT = 8; IFF_MULTICAST = 16;
}

// GetAddrInfoW hint flags (`AddrinfoW.Flags` is an int32).
go_consts! { i32;
    AI_PASSIVE = 1; AI_CANONNAME = 2; AI_NUMERICHOST = 4;
}

// SetFileCompletionNotificationModes flags (its argument is a UCHAR).
go_consts! { u8;
    FILE_SKIP_COMPLETION_PORT_ON_SUCCESS = 1; FILE_SKIP_SET_EVENT_ON_HANDLE = 2;
}

// Buffer lengths.
go_consts! { usize;
    WSADESCRIPTION_LEN = 256; WSASYS_STATUS_LEN = 128; WSAPROTOCOL_LEN = 255;
    MAX_PROTOCOL_CHAIN = 7; UNIX_PATH_MAX = 108;
}

// WSAProtocolInfo: chain kinds, service flags, provider flags.
go_consts! { i32;
    BASE_PROTOCOL = 1; LAYERED_PROTOCOL = 0;
}
go_consts! { u32;
    XP1_CONNECTIONLESS = 0x00000001; XP1_GUARANTEED_DELIVERY = 0x00000002;
    XP1_GUARANTEED_ORDER = 0x00000004; XP1_MESSAGE_ORIENTED = 0x00000008;
    XP1_PSEUDO_STREAM = 0x00000010; XP1_GRACEFUL_CLOSE = 0x00000020;
    XP1_EXPEDITED_DATA = 0x00000040; XP1_CONNECT_DATA = 0x00000080;
    XP1_DISCONNECT_DATA = 0x00000100; XP1_SUPPORT_BROADCAST = 0x00000200;
    XP1_SUPPORT_MULTIPOINT = 0x00000400; XP1_MULTIPOINT_CONTROL_PLANE = 0x00000800;
    XP1_MULTIPOINT_DATA_PLANE = 0x00001000; XP1_QOS_SUPPORTED = 0x00002000;
    XP1_UNI_SEND = 0x00008000; XP1_UNI_RECV = 0x00010000; XP1_IFS_HANDLES = 0x00020000;
    XP1_PARTIAL_MESSAGE = 0x00040000; XP1_SAN_SUPPORT_SDP = 0x00080000;
    PFL_MULTIPLE_PROTO_ENTRIES = 0x00000001; PFL_RECOMMENDED_PROTO_ENTRY = 0x00000002;
    PFL_HIDDEN = 0x00000004; PFL_MATCHES_PROTOCOL_ZERO = 0x00000008;
    PFL_NETWORKDIRECT_PROVIDER = 0x00000010;
}

/// Size in bytes of [`RawSockaddrAny`] (Go's `unsafe.Sizeof(RawSockaddrAny{})`):
/// the buffer `getsockname`, `getpeername`, `accept` and `recvfrom` fill.
pub const SIZEOF_SOCKADDR_ANY: usize = 116;
/// Size in bytes of [`RawSockaddrInet4`] (Winsock's `sizeof(SOCKADDR_IN)`).
pub const SIZEOF_SOCKADDR_INET4: usize = 16;
/// Size in bytes of [`RawSockaddrInet6`] (Winsock's `sizeof(SOCKADDR_IN6)`).
pub const SIZEOF_SOCKADDR_INET6: usize = 28;

/// Go: `syscall.RawSockaddr`: Winsock's generic `SOCKADDR` (16 bytes).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RawSockaddr {
    /// The address family (`AF_*`).
    pub family: u16,
    /// The family-specific bytes.
    pub data: [i8; 14],
}

/// Go: `syscall.RawSockaddrInet4`: Winsock's `SOCKADDR_IN` (16 bytes).
///
/// `port` holds the port in network byte order, as Winsock stores it: read it
/// with `u16::from_be(port)`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RawSockaddrInet4 {
    /// [`AF_INET`].
    pub family: u16,
    /// The port, big-endian.
    pub port: u16,
    /// The IPv4 address (`in_addr`), in network order.
    pub addr: [u8; 4],
    /// Padding, zero.
    pub zero: [u8; 8],
}

/// Go: `syscall.RawSockaddrInet6`: Winsock's `SOCKADDR_IN6` (28 bytes).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RawSockaddrInet6 {
    /// [`AF_INET6`].
    pub family: u16,
    /// The port, big-endian.
    pub port: u16,
    /// The flow information.
    pub flowinfo: u32,
    /// The IPv6 address (`in6_addr`).
    pub addr: [u8; 16],
    /// The scope (zone) id.
    pub scope_id: u32,
}

/// Go: `syscall.RawSockaddrUnix`: Winsock's `SOCKADDR_UN` (110 bytes).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RawSockaddrUnix {
    /// [`AF_UNIX`].
    pub family: u16,
    /// The path, NUL-terminated unless it fills all [`UNIX_PATH_MAX`] bytes;
    /// a leading NUL marks an abstract name.
    pub path: [i8; UNIX_PATH_MAX],
}

impl Default for RawSockaddrUnix {
    fn default() -> Self {
        RawSockaddrUnix {
            family: 0,
            path: [0; UNIX_PATH_MAX],
        }
    }
}

/// Go: `syscall.RawSockaddrAny`: room for any address Go decodes (116 bytes).
///
/// Go's layout (a [`RawSockaddr`] and 100 bytes of padding), smaller than
/// Winsock's 128-byte `SOCKADDR_STORAGE` but large enough for IPv4, IPv6 and
/// Unix addresses.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RawSockaddrAny {
    /// The family and first 14 bytes.
    pub addr: RawSockaddr,
    /// The rest.
    pub pad: [i8; 100],
}

impl Default for RawSockaddrAny {
    fn default() -> Self {
        RawSockaddrAny {
            addr: RawSockaddr::default(),
            pad: [0; 100],
        }
    }
}

impl RawSockaddrAny {
    /// The structure's bytes, exactly as they lie in memory on Windows
    /// (the family in native byte order).
    pub fn to_bytes(&self) -> [u8; SIZEOF_SOCKADDR_ANY] {
        let mut b = [0u8; SIZEOF_SOCKADDR_ANY];
        b[..2].copy_from_slice(&self.addr.family.to_ne_bytes());
        for (d, s) in b[2..16].iter_mut().zip(self.addr.data) {
            *d = s as u8;
        }
        for (d, s) in b[16..].iter_mut().zip(self.pad) {
            *d = s as u8;
        }
        b
    }

    /// The structure holding `bytes` (at most 116 are used; missing ones are zero).
    pub fn from_bytes(bytes: &[u8]) -> RawSockaddrAny {
        let mut b = [0u8; SIZEOF_SOCKADDR_ANY];
        let n = bytes.len().min(SIZEOF_SOCKADDR_ANY);
        b[..n].copy_from_slice(&bytes[..n]);
        let mut r = RawSockaddrAny::default();
        r.addr.family = u16::from_ne_bytes([b[0], b[1]]);
        for (d, s) in r.addr.data.iter_mut().zip(&b[2..16]) {
            *d = *s as i8;
        }
        for (d, s) in r.pad.iter_mut().zip(&b[16..]) {
            *d = *s as i8;
        }
        r
    }

    /// Go: `(*RawSockaddrAny).Sockaddr`: the typed address this raw one holds.
    ///
    /// * `AF_INET`/`AF_INET6`: the port is decoded big-endian, the zone id is
    ///   `scope_id` (the flow info is kept too, see [`SockaddrInet6`]).
    /// * `AF_UNIX`: the name runs to the first NUL (at most 108 bytes); a
    ///   leading NUL (abstract name) reads as `@`, as in Go. Unlike Go the raw
    ///   buffer is not rewritten.
    /// * Any other family: `EAFNOSUPPORT`.
    #[doc(alias = "Sockaddr")]
    pub fn sockaddr(&self) -> Result<Sockaddr> {
        decode(&self.to_bytes())
    }
}

/// Go's `sockaddr()` conversion target for [`SockaddrInet4`], done on bytes.
fn encode_inet4(port: u16, addr: [u8; 4]) -> [u8; SIZEOF_SOCKADDR_INET4] {
    let mut b = [0u8; SIZEOF_SOCKADDR_INET4];
    b[..2].copy_from_slice(&(AF_INET as u16).to_ne_bytes());
    b[2..4].copy_from_slice(&port.to_be_bytes());
    b[4..8].copy_from_slice(&addr);
    b
}

fn encode_inet6(
    port: u16,
    flowinfo: u32,
    addr: [u8; 16],
    scope: u32,
) -> [u8; SIZEOF_SOCKADDR_INET6] {
    let mut b = [0u8; SIZEOF_SOCKADDR_INET6];
    b[..2].copy_from_slice(&(AF_INET6 as u16).to_ne_bytes());
    b[2..4].copy_from_slice(&port.to_be_bytes());
    b[4..8].copy_from_slice(&flowinfo.to_ne_bytes());
    b[8..24].copy_from_slice(&addr);
    b[24..28].copy_from_slice(&scope.to_ne_bytes());
    b
}

/// Checks Go's port range (`0..=0xFFFF`; anything else is `EINVAL`).
fn check_port(port: i32) -> Result<u16> {
    u16::try_from(port).map_err(|_| Errno::EINVAL)
}

/// Go: `syscall.SockaddrInet4`: an IPv4 address and port.
///
/// `port` is an `i32` as Go's is an `int`: a value outside `0..=65535` is
/// refused with `EINVAL` when the address is used (Go's `sockaddr()` check).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SockaddrInet4 {
    /// The port, host order.
    pub port: i32,
    /// The address bytes, in network order (`[127, 0, 0, 1]`).
    pub addr: [u8; 4],
}

impl SockaddrInet4 {
    /// The address with `port` and `addr`.
    pub const fn new(addr: [u8; 4], port: i32) -> SockaddrInet4 {
        SockaddrInet4 { port, addr }
    }

    /// Go's `sockaddr()`: the raw `SOCKADDR_IN` (16 bytes). Port out of range → `EINVAL`.
    pub fn to_raw(&self) -> Result<RawSockaddrInet4> {
        Ok(RawSockaddrInet4 {
            family: AF_INET as u16,
            port: check_port(self.port)?.to_be(),
            addr: self.addr,
            zero: [0; 8],
        })
    }
}

/// Go: `syscall.SockaddrInet6`: an IPv6 address, port and zone (scope) id.
///
/// Beyond Go, the flow info is kept (Go drops it on decoding and writes 0),
/// so that a [`SocketAddrV6`] converts both ways without loss.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SockaddrInet6 {
    /// The port, host order; outside `0..=65535` is `EINVAL` when used.
    pub port: i32,
    /// The zone (scope) id: an interface index for link-local addresses.
    pub zone_id: u32,
    /// The address bytes.
    pub addr: [u8; 16],
    /// The flow info (beyond Go).
    pub flowinfo: u32,
}

impl SockaddrInet6 {
    /// The address with `port`, `addr` and zone 0.
    pub const fn new(addr: [u8; 16], port: i32) -> SockaddrInet6 {
        SockaddrInet6 {
            port,
            zone_id: 0,
            addr,
            flowinfo: 0,
        }
    }

    /// Go's `sockaddr()`: the raw `SOCKADDR_IN6` (28 bytes). Port out of range → `EINVAL`.
    pub fn to_raw(&self) -> Result<RawSockaddrInet6> {
        Ok(RawSockaddrInet6 {
            family: AF_INET6 as u16,
            port: check_port(self.port)?.to_be(),
            flowinfo: self.flowinfo,
            addr: self.addr,
            scope_id: self.zone_id,
        })
    }
}

/// Go: `syscall.SockaddrUnix`: an `AF_UNIX` name (Windows 10 1803 and later).
///
/// A name starting with `@` or NUL is *abstract*: it is sent with a leading NUL
/// and no terminator. Any other non-empty name is a path, sent NUL-terminated,
/// so it can be at most 107 bytes; an abstract one at most 108.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct SockaddrUnix {
    /// The name's bytes (Go's `Name string`).
    pub name: Vec<u8>,
}

impl SockaddrUnix {
    /// The address named `name` (a path, or `@abstract`).
    pub fn new(name: impl AsRef<[u8]>) -> SockaddrUnix {
        SockaddrUnix {
            name: name.as_ref().to_vec(),
        }
    }

    /// Go's `sockaddr()`: the raw `SOCKADDR_UN` and the length to pass
    /// (2 + name + NUL; no NUL for an abstract name; 2 for an empty name).
    /// Too long → `EINVAL`.
    pub fn to_raw(&self) -> Result<(RawSockaddrUnix, i32)> {
        let name = &self.name;
        let n = name.len();
        if n > UNIX_PATH_MAX {
            return Err(Errno::EINVAL);
        }
        let abstract_name = n > 0 && (name[0] == b'@' || name[0] == 0);
        if n == UNIX_PATH_MAX && !abstract_name {
            return Err(Errno::EINVAL);
        }
        let mut raw = RawSockaddrUnix {
            family: AF_UNIX as u16,
            ..Default::default()
        };
        for (d, s) in raw.path.iter_mut().zip(name) {
            *d = *s as i8;
        }
        let mut len = 2i32;
        if n > 0 {
            len += n as i32 + 1;
        }
        if abstract_name {
            raw.path[0] = 0;
            len -= 1;
        }
        Ok((raw, len))
    }
}

/// Go: `syscall.Sockaddr`: one of the three address kinds Go defines.
///
/// Go's interface is sealed (its method is unexported); this enum is closed in
/// the same way. Every call that takes an address takes `impl Into<Sockaddr>`,
/// so a [`SocketAddr`], [`SocketAddrV4`], [`SocketAddrV6`], a typed address or
/// a `&Sockaddr` can be passed directly.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Sockaddr {
    /// An IPv4 address.
    Inet4(SockaddrInet4),
    /// An IPv6 address.
    Inet6(SockaddrInet6),
    /// A Unix-domain name.
    Unix(SockaddrUnix),
}

impl Sockaddr {
    /// The address family: [`AF_INET`], [`AF_INET6`] or [`AF_UNIX`].
    pub const fn family(&self) -> i32 {
        match self {
            Sockaddr::Inet4(_) => AF_INET,
            Sockaddr::Inet6(_) => AF_INET6,
            Sockaddr::Unix(_) => AF_UNIX,
        }
    }

    /// Go's unexported `sockaddr()`: the raw address and the length to pass to
    /// Winsock (16, 28, or `2 + …` for Unix). Validates as Go does: a port
    /// outside `0..=65535` or an over-long Unix name → `EINVAL`.
    ///
    /// Used by the calls of this crate, and by anything calling Winsock
    /// itself (`ConnectEx`, `WSASendTo` with overlapped I/O): pass
    /// `&raw as *const _ as *const SOCKADDR` and the length.
    #[doc(alias = "sockaddr")]
    pub fn to_raw(&self) -> Result<(RawSockaddrAny, i32)> {
        // Built in a stack buffer: this runs on every bind/connect/sendto, so
        // it must not allocate.
        let mut bytes = [0u8; SIZEOF_SOCKADDR_ANY];
        let len = match self {
            Sockaddr::Inet4(a) => {
                let p = check_port(a.port)?;
                bytes[..SIZEOF_SOCKADDR_INET4].copy_from_slice(&encode_inet4(p, a.addr));
                SIZEOF_SOCKADDR_INET4
            }
            Sockaddr::Inet6(a) => {
                let p = check_port(a.port)?;
                bytes[..SIZEOF_SOCKADDR_INET6]
                    .copy_from_slice(&encode_inet6(p, a.flowinfo, a.addr, a.zone_id));
                SIZEOF_SOCKADDR_INET6
            }
            Sockaddr::Unix(u) => {
                let (raw, len) = u.to_raw()?;
                bytes[..2].copy_from_slice(&raw.family.to_ne_bytes());
                for (d, &c) in bytes[2..].iter_mut().zip(&raw.path) {
                    *d = c as u8;
                }
                len as usize
            }
        };
        Ok((RawSockaddrAny::from_bytes(&bytes), len as i32))
    }

    /// This address as a `std` one; a Unix address has none (`EAFNOSUPPORT`),
    /// a port out of range is `EINVAL`.
    pub fn to_socket_addr(&self) -> Result<SocketAddr> {
        SocketAddr::try_from(self)
    }
}

/// Decodes the address in `bytes`, as Winsock wrote it (`bytes.len()` being the
/// length it reported). Never reads past `bytes`.
///
/// * fewer than 2 bytes (no family), an `AF_INET` address under 16 bytes or an
///   `AF_INET6` one under 28 → `EINVAL`;
/// * a family other than `AF_INET`, `AF_INET6`, `AF_UNIX` → `EAFNOSUPPORT`;
/// * `AF_UNIX`: the name is read from the bytes given (at most 108) up to the
///   first NUL, with Go's `@` for a leading NUL. As in Go, a family-only
///   address (2 bytes, as for an unbound socket) reads as `@`.
///
/// Bytes past the structure's size are ignored.
///
/// ```
/// use winsyscall::{sockaddr_from_bytes, Errno, Sockaddr, SockaddrInet4};
/// let raw = Sockaddr::from(SockaddrInet4::new([127, 0, 0, 1], 80)).to_raw().unwrap();
/// let bytes = raw.0.to_bytes();
/// assert_eq!(sockaddr_from_bytes(&bytes[..16]).unwrap(),
///            Sockaddr::Inet4(SockaddrInet4::new([127, 0, 0, 1], 80)));
/// assert_eq!(sockaddr_from_bytes(&bytes[..15]), Err(Errno::EINVAL));
/// assert_eq!(sockaddr_from_bytes(&[99, 0, 0, 0]), Err(Errno::EAFNOSUPPORT));
/// ```
pub fn sockaddr_from_bytes(bytes: &[u8]) -> Result<Sockaddr> {
    if bytes.len() < 2 {
        return Err(Errno::EINVAL);
    }
    let family = u16::from_ne_bytes([bytes[0], bytes[1]]) as i32;
    let need = match family {
        AF_INET => SIZEOF_SOCKADDR_INET4,
        AF_INET6 => SIZEOF_SOCKADDR_INET6,
        AF_UNIX => 2,
        _ => return Err(Errno::EAFNOSUPPORT),
    };
    if bytes.len() < need {
        return Err(Errno::EINVAL);
    }
    decode(bytes)
}

/// Decodes a family-checked, long-enough address (missing Unix bytes read as zero).
fn decode(b: &[u8]) -> Result<Sockaddr> {
    if b.len() < 2 {
        return Err(Errno::EINVAL);
    }
    match u16::from_ne_bytes([b[0], b[1]]) as i32 {
        AF_INET if b.len() >= SIZEOF_SOCKADDR_INET4 => Ok(Sockaddr::Inet4(SockaddrInet4 {
            port: u16::from_be_bytes([b[2], b[3]]) as i32,
            addr: [b[4], b[5], b[6], b[7]],
        })),
        AF_INET6 if b.len() >= SIZEOF_SOCKADDR_INET6 => {
            let mut addr = [0u8; 16];
            addr.copy_from_slice(&b[8..24]);
            Ok(Sockaddr::Inet6(SockaddrInet6 {
                port: u16::from_be_bytes([b[2], b[3]]) as i32,
                flowinfo: u32::from_ne_bytes([b[4], b[5], b[6], b[7]]),
                addr,
                zone_id: u32::from_ne_bytes([b[24], b[25], b[26], b[27]]),
            }))
        }
        AF_INET | AF_INET6 => Err(Errno::EINVAL),
        AF_UNIX => {
            let path = &b[2..b.len().min(2 + UNIX_PATH_MAX)];
            let mut name = Vec::with_capacity(path.len());
            let mut rest = path;
            if rest.first().is_none_or(|&c| c == 0) {
                name.push(b'@');
                rest = rest.get(1..).unwrap_or(&[]);
            }
            name.extend(rest.iter().take_while(|&&c| c != 0));
            Ok(Sockaddr::Unix(SockaddrUnix { name }))
        }
        _ => Err(Errno::EAFNOSUPPORT),
    }
}

impl core::fmt::Display for SockaddrInet4 {
    /// `127.0.0.1:80`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}:{}", Ipv4Addr::from(self.addr), self.port)
    }
}
impl core::fmt::Display for SockaddrInet6 {
    /// `[::1]:80`, or `[fe80::1%3]:80` with a zone.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.zone_id {
            0 => write!(f, "[{}]:{}", Ipv6Addr::from(self.addr), self.port),
            z => write!(f, "[{}%{z}]:{}", Ipv6Addr::from(self.addr), self.port),
        }
    }
}
impl core::fmt::Display for SockaddrUnix {
    /// The name, lossily decoded as UTF-8.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.name))
    }
}
impl core::fmt::Display for Sockaddr {
    /// As the inner address's `Display`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Sockaddr::Inet4(a) => a.fmt(f),
            Sockaddr::Inet6(a) => a.fmt(f),
            Sockaddr::Unix(a) => a.fmt(f),
        }
    }
}

impl From<SockaddrInet4> for Sockaddr {
    fn from(a: SockaddrInet4) -> Self {
        Sockaddr::Inet4(a)
    }
}
impl From<SockaddrInet6> for Sockaddr {
    fn from(a: SockaddrInet6) -> Self {
        Sockaddr::Inet6(a)
    }
}
impl From<SockaddrUnix> for Sockaddr {
    fn from(a: SockaddrUnix) -> Self {
        Sockaddr::Unix(a)
    }
}
impl From<&Sockaddr> for Sockaddr {
    fn from(a: &Sockaddr) -> Self {
        a.clone()
    }
}
impl From<SocketAddrV4> for SockaddrInet4 {
    fn from(a: SocketAddrV4) -> Self {
        SockaddrInet4 {
            port: a.port() as i32,
            addr: a.ip().octets(),
        }
    }
}
impl From<SocketAddrV6> for SockaddrInet6 {
    fn from(a: SocketAddrV6) -> Self {
        SockaddrInet6 {
            port: a.port() as i32,
            zone_id: a.scope_id(),
            addr: a.ip().octets(),
            flowinfo: a.flowinfo(),
        }
    }
}
impl From<SocketAddrV4> for Sockaddr {
    fn from(a: SocketAddrV4) -> Self {
        Sockaddr::Inet4(a.into())
    }
}
impl From<SocketAddrV6> for Sockaddr {
    fn from(a: SocketAddrV6) -> Self {
        Sockaddr::Inet6(a.into())
    }
}
impl From<SocketAddr> for Sockaddr {
    fn from(a: SocketAddr) -> Self {
        match a {
            SocketAddr::V4(a) => a.into(),
            SocketAddr::V6(a) => a.into(),
        }
    }
}
impl TryFrom<SockaddrInet4> for SocketAddrV4 {
    type Error = Errno;
    /// A port outside `0..=65535` → `EINVAL`.
    fn try_from(a: SockaddrInet4) -> Result<Self> {
        Ok(SocketAddrV4::new(
            Ipv4Addr::from(a.addr),
            check_port(a.port)?,
        ))
    }
}
impl TryFrom<SockaddrInet6> for SocketAddrV6 {
    type Error = Errno;
    /// A port outside `0..=65535` → `EINVAL`.
    fn try_from(a: SockaddrInet6) -> Result<Self> {
        Ok(SocketAddrV6::new(
            Ipv6Addr::from(a.addr),
            check_port(a.port)?,
            a.flowinfo,
            a.zone_id,
        ))
    }
}
impl TryFrom<&Sockaddr> for SocketAddr {
    type Error = Errno;
    /// A Unix address → `EAFNOSUPPORT`; a port out of range → `EINVAL`.
    fn try_from(a: &Sockaddr) -> Result<Self> {
        match a {
            Sockaddr::Inet4(a) => Ok(SocketAddr::V4((*a).try_into()?)),
            Sockaddr::Inet6(a) => Ok(SocketAddr::V6((*a).try_into()?)),
            Sockaddr::Unix(_) => Err(Errno::EAFNOSUPPORT),
        }
    }
}
impl TryFrom<Sockaddr> for SocketAddr {
    type Error = Errno;
    /// As for `&Sockaddr`.
    fn try_from(a: Sockaddr) -> Result<Self> {
        SocketAddr::try_from(&a)
    }
}

/// Go: `syscall.Linger`: `SO_LINGER`'s value as Go's API takes it.
///
/// As Go documents, this is *not* Winsock's layout (which has two `u16`s,
/// Go's private `sysLinger`): pass it with `setsockopt_linger`, which converts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Linger {
    /// Non-zero to linger on close.
    pub onoff: i32,
    /// The linger time, in seconds.
    pub linger: i32,
}

/// Go (unexported): `sysLinger`, Winsock's `LINGER` (`{u_short, u_short}`, 4 bytes).
#[doc(alias = "sysLinger")]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SysLinger {
    /// `l_onoff`.
    pub onoff: u16,
    /// `l_linger`, seconds.
    pub linger: u16,
}

impl TryFrom<&Linger> for SysLinger {
    type Error = Errno;
    /// Go converts with `uint16(..)`, silently truncating; we refuse a value
    /// outside `0..=65535` with `EINVAL`.
    fn try_from(l: &Linger) -> Result<SysLinger> {
        Ok(SysLinger {
            onoff: u16::try_from(l.onoff).map_err(|_| Errno::EINVAL)?,
            linger: u16::try_from(l.linger).map_err(|_| Errno::EINVAL)?,
        })
    }
}

/// Go: `syscall.IPMreq`: `ip_mreq` for `IP_ADD_MEMBERSHIP`/`IP_DROP_MEMBERSHIP` (8 bytes).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct IPMreq {
    /// The multicast group address.
    pub multiaddr: [u8; 4],
    /// The local interface's IPv4 *address* (not an index); zeros for any.
    pub interface: [u8; 4],
}

/// Go: `syscall.IPv6Mreq`: `ipv6_mreq` for `IPV6_JOIN_GROUP`/`IPV6_LEAVE_GROUP` (20 bytes).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct IPv6Mreq {
    /// The multicast group address.
    pub multiaddr: [u8; 16],
    /// The interface index; 0 for any.
    pub interface: u32,
}

/// Go: `syscall.TCPKeepalive`: the input of `WSAIoctl(SIO_KEEPALIVE_VALS)` (12 bytes).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TCPKeepalive {
    /// Non-zero to enable keep-alives.
    pub on_off: u32,
    /// Idle time before the first probe, milliseconds.
    pub time: u32,
    /// Interval between probes, milliseconds.
    pub interval: u32,
}

impl TCPKeepalive {
    /// The 12 bytes to pass to `wsa_ioctl(s, SIO_KEEPALIVE_VALS, ..)`.
    pub fn to_bytes(&self) -> [u8; 12] {
        let mut b = [0u8; 12];
        b[..4].copy_from_slice(&self.on_off.to_ne_bytes());
        b[4..8].copy_from_slice(&self.time.to_ne_bytes());
        b[8..].copy_from_slice(&self.interval.to_ne_bytes());
        b
    }
}

/// Go: `syscall.GUID`: a Windows GUID (16 bytes), as used by
/// `SIO_GET_EXTENSION_FUNCTION_POINTER` and `WSAProtocolInfo`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[allow(clippy::upper_case_acronyms)]
pub struct GUID {
    /// First 4 bytes.
    pub data1: u32,
    /// Next 2 bytes.
    pub data2: u16,
    /// Next 2 bytes.
    pub data3: u16,
    /// Last 8 bytes.
    pub data4: [u8; 8],
}

impl GUID {
    /// The GUID's 16 bytes in memory order (little-endian fields), as passed
    /// to `WSAIoctl`.
    pub fn to_bytes(&self) -> [u8; 16] {
        let mut b = [0u8; 16];
        b[..4].copy_from_slice(&self.data1.to_le_bytes());
        b[4..6].copy_from_slice(&self.data2.to_le_bytes());
        b[6..8].copy_from_slice(&self.data3.to_le_bytes());
        b[8..].copy_from_slice(&self.data4);
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn go_constant_values() {
        assert_eq!(
            (SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_SEQPACKET),
            (1, 2, 3, 5)
        );
        assert_eq!(
            (IPPROTO_IP, IPPROTO_IPV6, IPPROTO_TCP, IPPROTO_UDP),
            (0, 0x29, 6, 17)
        );
        assert_eq!((TF_DISCONNECT, TF_REUSE_SOCKET, TF_WRITE_BEHIND), (1, 2, 4));
        assert_eq!(
            (
                TF_USE_DEFAULT_WORKER,
                TF_USE_SYSTEM_THREAD,
                TF_USE_KERNEL_APC
            ),
            (0, 16, 32)
        );
        assert_eq!(
            (
                IFF_UP,
                IFF_BROADCAST,
                IFF_LOOPBACK,
                IFF_POINTTOPOINT,
                IFF_MULTICAST
            ),
            (1, 2, 4, 8, 16)
        );
        assert_eq!(
            (
                FILE_SKIP_COMPLETION_PORT_ON_SUCCESS,
                FILE_SKIP_SET_EVENT_ON_HANDLE
            ),
            (1, 2)
        );
        assert_eq!(
            (XP1_CONNECTIONLESS, XP1_GRACEFUL_CLOSE, XP1_QOS_SUPPORTED),
            (0x1, 0x20, 0x2000)
        );
        assert_eq!(
            (XP1_UNI_SEND, XP1_IFS_HANDLES, XP1_SAN_SUPPORT_SDP),
            (0x8000, 0x2_0000, 0x8_0000)
        );
        assert_eq!(
            (
                PFL_MULTIPLE_PROTO_ENTRIES,
                PFL_HIDDEN,
                PFL_NETWORKDIRECT_PROVIDER
            ),
            (0x1, 0x4, 0x10)
        );
        assert_eq!(SIO_GET_EXTENSION_FUNCTION_POINTER, 0xC8000006);
        assert_eq!(SIO_KEEPALIVE_VALS, 0x98000004);
        assert_eq!(SIO_UDP_CONNRESET, 0x9800000C);
        assert_eq!(IOC_INOUT, 0xC0000000);
        assert_eq!((AF_INET6, SOL_SOCKET, SOMAXCONN), (23, 0xffff, 0x7fffffff));
        assert_eq!(
            (SO_RCVBUF, SO_SNDBUF, SO_UPDATE_CONNECT_CONTEXT),
            (0x1002, 0x1001, 0x7010)
        );
        assert_eq!(
            (IPV6_V6ONLY, IP_ADD_MEMBERSHIP, IPV6_LEAVE_GROUP),
            (0x1b, 0xc, 0xd)
        );
    }

    #[test]
    fn inet4_encodes_port_big_endian() {
        let (raw, len) = Sockaddr::from(SockaddrInet4::new([127, 0, 0, 1], 0x1234))
            .to_raw()
            .unwrap();
        assert_eq!(len, 16);
        let b = raw.to_bytes();
        assert_eq!(&b[..8], &[2, 0, 0x12, 0x34, 127, 0, 0, 1]);
        assert!(b[8..].iter().all(|&c| c == 0));
        let r4 = SockaddrInet4::new([10, 1, 2, 3], 80).to_raw().unwrap();
        assert_eq!(u16::from_be(r4.port), 80);
        assert_eq!(r4.family, AF_INET as u16);
    }

    #[test]
    fn inet6_encoding() {
        let a = SockaddrInet6 {
            port: 443,
            zone_id: 7,
            addr: Ipv6Addr::LOCALHOST.octets(),
            flowinfo: 9,
        };
        let (raw, len) = Sockaddr::from(a).to_raw().unwrap();
        assert_eq!(len, 28);
        let b = raw.to_bytes();
        assert_eq!(&b[..4], &[23, 0, 0x01, 0xbb]);
        assert_eq!(&b[4..8], &9u32.to_ne_bytes());
        assert_eq!(b[23], 1);
        assert_eq!(&b[24..28], &7u32.to_ne_bytes());
        assert_eq!(raw.sockaddr().unwrap(), Sockaddr::Inet6(a));
        // Go's `SockaddrInet6.sockaddr()`: the raw structure, field by field.
        assert_eq!(
            a.to_raw().unwrap(),
            RawSockaddrInet6 {
                family: 23,
                port: 443u16.to_be(),
                flowinfo: 9,
                addr: Ipv6Addr::LOCALHOST.octets(),
                scope_id: 7,
            }
        );
        assert_eq!(
            SockaddrInet6::new([0; 16], 65536).to_raw(),
            Err(Errno::EINVAL)
        );
        assert_eq!(a.to_string(), "[::1%7]:443");
        let u = SockaddrUnix {
            name: b"@srv\xff".to_vec(),
        };
        assert_eq!(u.to_string(), "@srv\u{FFFD}");
        assert_eq!(Sockaddr::Unix(u).to_string(), "@srv\u{FFFD}");
    }

    #[test]
    fn port_out_of_range_is_einval() {
        for p in [-1, 65536, i32::MAX, i32::MIN] {
            assert_eq!(
                Sockaddr::from(SockaddrInet4::new([1, 2, 3, 4], p)).to_raw(),
                Err(Errno::EINVAL)
            );
            assert_eq!(
                Sockaddr::from(SockaddrInet6::new([0; 16], p)).to_raw(),
                Err(Errno::EINVAL)
            );
            assert_eq!(
                SocketAddr::try_from(Sockaddr::from(SockaddrInet4::new([0; 4], p))),
                Err(Errno::EINVAL)
            );
        }
        assert!(
            Sockaddr::from(SockaddrInet4::new([1, 2, 3, 4], 65535))
                .to_raw()
                .is_ok()
        );
        assert!(
            Sockaddr::from(SockaddrInet4::new([1, 2, 3, 4], 0))
                .to_raw()
                .is_ok()
        );
    }

    #[test]
    fn unix_lengths_as_go() {
        let len = |n: &[u8]| SockaddrUnix::new(n).to_raw().map(|r| r.1);
        assert_eq!(len(b""), Ok(2));
        assert_eq!(len(b"a"), Ok(4));
        assert_eq!(len(b"/tmp/sock"), Ok(2 + 9 + 1));
        assert_eq!(len(b"@abc"), Ok(2 + 4));
        assert_eq!(len(b"\0abc"), Ok(2 + 4));
        assert_eq!(len(&[b'x'; 107]), Ok(110));
        assert_eq!(len(&[b'x'; 108]), Err(Errno::EINVAL));
        let mut abs = vec![b'@'];
        abs.extend([b'y'; 107]);
        assert_eq!(len(&abs), Ok(110));
        abs.push(b'y');
        assert_eq!(len(&abs), Err(Errno::EINVAL));
        assert_eq!(UNIX_PATH_MAX, 108);
        let (raw, _): (RawSockaddrUnix, i32) = SockaddrUnix::new("@ab").to_raw().unwrap();
        assert_eq!(&raw.path[..4], &[0, b'a' as i8, b'b' as i8, 0]);
    }

    #[test]
    fn unix_decoding_as_go() {
        let dec = |n: &str| {
            let (raw, len) = Sockaddr::from(SockaddrUnix::new(n)).to_raw().unwrap();
            sockaddr_from_bytes(&raw.to_bytes()[..len as usize]).unwrap()
        };
        assert_eq!(
            dec("/tmp/x.sock"),
            Sockaddr::Unix(SockaddrUnix::new("/tmp/x.sock"))
        );
        assert_eq!(dec("@hidden"), Sockaddr::Unix(SockaddrUnix::new("@hidden")));
        assert_eq!(
            dec("\0hidden"),
            Sockaddr::Unix(SockaddrUnix::new("@hidden"))
        );
        // Go: an empty (unbound) name reads as "@".
        assert_eq!(dec(""), Sockaddr::Unix(SockaddrUnix::new("@")));
        // A full 108-byte path with no NUL is read to its end, never beyond.
        let mut b = vec![1u8, 0];
        b.extend([b'z'; 108]);
        b.extend([b'!'; 6]);
        assert_eq!(
            sockaddr_from_bytes(&b).unwrap(),
            Sockaddr::Unix(SockaddrUnix::new([b'z'; 108]))
        );
        // RawSockaddrAny::sockaddr does not rewrite its buffer.
        let raw = RawSockaddrAny::from_bytes(&[1, 0, 0, b'q']);
        assert_eq!(
            raw.sockaddr().unwrap(),
            Sockaddr::Unix(SockaddrUnix::new("@q"))
        );
        assert_eq!(raw.addr.data[0], 0);
    }

    #[test]
    fn truncated_and_garbage_bytes() {
        assert_eq!(sockaddr_from_bytes(&[]), Err(Errno::EINVAL));
        assert_eq!(sockaddr_from_bytes(&[2]), Err(Errno::EINVAL));
        let v4 = Sockaddr::from(SockaddrInet4::new([127, 0, 0, 1], 9))
            .to_raw()
            .unwrap()
            .0
            .to_bytes();
        for n in 2..16 {
            assert_eq!(sockaddr_from_bytes(&v4[..n]), Err(Errno::EINVAL), "{n}");
        }
        let v6 = Sockaddr::from(SockaddrInet6::new([1; 16], 9))
            .to_raw()
            .unwrap()
            .0
            .to_bytes();
        for n in 2..28 {
            assert_eq!(sockaddr_from_bytes(&v6[..n]), Err(Errno::EINVAL), "{n}");
        }
        assert!(sockaddr_from_bytes(&v6[..28]).is_ok());
        for fam in [0u16, 3, 17, 22, 24, 0xffff] {
            let mut b = [0u8; 116];
            b[..2].copy_from_slice(&fam.to_ne_bytes());
            assert_eq!(sockaddr_from_bytes(&b), Err(Errno::EAFNOSUPPORT), "{fam}");
            assert_eq!(
                RawSockaddrAny::from_bytes(&b).sockaddr(),
                Err(Errno::EAFNOSUPPORT)
            );
        }
        // Trailing garbage after a valid IPv4 address is ignored.
        let mut long = v4.to_vec();
        long.extend([0xAA; 300]);
        assert_eq!(
            sockaddr_from_bytes(&long).unwrap(),
            Sockaddr::Inet4(SockaddrInet4::new([127, 0, 0, 1], 9))
        );
    }

    #[test]
    fn std_conversions() {
        let v4: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let sa = Sockaddr::from(v4);
        assert_eq!(
            sa,
            Sockaddr::Inet4(SockaddrInet4::new([127, 0, 0, 1], 8080))
        );
        assert_eq!(sa.family(), AF_INET);
        assert_eq!(sa.to_socket_addr().unwrap(), v4);
        let v6 = SocketAddr::V6(SocketAddrV6::new(Ipv6Addr::LOCALHOST, 53, 0x12345, 3));
        assert_eq!(SocketAddr::try_from(Sockaddr::from(v6)).unwrap(), v6);
        assert_eq!(
            SocketAddr::try_from(Sockaddr::from(SockaddrUnix::new("x"))),
            Err(Errno::EAFNOSUPPORT)
        );
    }

    #[test]
    fn linger_conversion_checks_range() {
        assert_eq!(
            SysLinger::try_from(&Linger {
                onoff: 1,
                linger: 65535
            }),
            Ok(SysLinger {
                onoff: 1,
                linger: 65535
            })
        );
        assert_eq!(
            SysLinger::try_from(&Linger {
                onoff: 1,
                linger: 65536
            }),
            Err(Errno::EINVAL)
        );
        assert_eq!(
            SysLinger::try_from(&Linger {
                onoff: -1,
                linger: 0
            }),
            Err(Errno::EINVAL)
        );
    }

    #[test]
    fn guid_and_keepalive_bytes() {
        let g = GUID {
            data1: 0x25a207b9,
            data2: 0xddf3,
            data3: 0x4660,
            data4: [0x8e, 0xe9, 0x76, 0xe5, 0x8c, 0x74, 0x06, 0x3e],
        };
        assert_eq!(
            &g.to_bytes()[..8],
            &[0xb9, 0x07, 0xa2, 0x25, 0xf3, 0xdd, 0x60, 0x46]
        );
        let k = TCPKeepalive {
            on_off: 1,
            time: 2,
            interval: 3,
        }
        .to_bytes();
        assert_eq!(&k[4..8], &2u32.to_ne_bytes());
    }

    proptest! {
        #[test]
        fn decoder_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            match sockaddr_from_bytes(&bytes) {
                Ok(sa) => {
                    // Whatever decodes re-encodes (Unix names only when not over-long).
                    if !matches!(sa, Sockaddr::Unix(_)) {
                        let (raw, len) = sa.to_raw().unwrap();
                        prop_assert_eq!(sockaddr_from_bytes(&raw.to_bytes()[..len as usize]).unwrap(), sa);
                    }
                }
                Err(e) => prop_assert!(e == Errno::EINVAL || e == Errno::EAFNOSUPPORT),
            }
        }

        #[test]
        fn socket_addr_round_trip(v6 in any::<bool>(), ip in any::<[u8; 16]>(), port in any::<u16>(),
                                  flow in any::<u32>(), scope in any::<u32>()) {
            let std_addr = if v6 {
                SocketAddr::V6(SocketAddrV6::new(Ipv6Addr::from(ip), port, flow, scope))
            } else {
                SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::new(ip[0], ip[1], ip[2], ip[3]), port))
            };
            let (raw, len) = Sockaddr::from(std_addr).to_raw().unwrap();
            let back = sockaddr_from_bytes(&raw.to_bytes()[..len as usize]).unwrap();
            prop_assert_eq!(SocketAddr::try_from(back).unwrap(), std_addr);
        }

        #[test]
        fn unix_names_round_trip(name in proptest::collection::vec(1u8..=255, 1..107), abs in any::<bool>()) {
            let mut n = name.clone();
            if abs { n[0] = b'@'; } else if n[0] == b'@' { n[0] = b'a'; }
            let (raw, len) = SockaddrUnix::new(&n).to_raw().unwrap();
            let mut bytes = raw.family.to_ne_bytes().to_vec();
            bytes.extend(raw.path.iter().map(|&c| c as u8));
            let back = sockaddr_from_bytes(&bytes[..len as usize]).unwrap();
            prop_assert_eq!(back, Sockaddr::Unix(SockaddrUnix::new(&n)));
        }
    }
}
