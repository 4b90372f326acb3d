//! Socket addresses: `sockaddr_from_bytes` and `RawSockaddrAny` on arbitrary
//! bytes against a reference decoder; every decoded address re-encodes
//! (`to_raw`) to bytes that decode to itself, and converts to `std::net` and
//! back; addresses built from the input encode and decode as documented.

use arbitrary::{Arbitrary, Unstructured};
use std::net::{SocketAddr, SocketAddrV4, SocketAddrV6};
use winsyscall::{
    AF_INET, AF_INET6, AF_UNIX, Errno, RawSockaddrAny, SIZEOF_SOCKADDR_ANY, Sockaddr,
    SockaddrInet4, SockaddrInet6, SockaddrUnix, UNIX_PATH_MAX, sockaddr_from_bytes,
};

/// Go's decoding of a Unix path field (`path` = the bytes after the family):
/// a leading NUL (or no byte at all) reads as `@`, then up to the first NUL.
fn unix_name(path: &[u8]) -> Vec<u8> {
    let path = &path[..path.len().min(UNIX_PATH_MAX)];
    let (mut name, rest) = match path.first() {
        None | Some(0) => (vec![b'@'], path.get(1..).unwrap_or_default()),
        Some(_) => (Vec::new(), path),
    };
    name.extend(rest.iter().take_while(|&&c| c != 0));
    name
}

/// The documented decoding, field by field (native-endian family, flow info
/// and scope; big-endian port).
fn reference(b: &[u8]) -> Result<Sockaddr, Errno> {
    if b.len() < 2 {
        return Err(Errno::EINVAL);
    }
    let family = i32::from(u16::from_ne_bytes([b[0], b[1]]));
    let ne32 = |at: usize| u32::from_ne_bytes(b[at..at + 4].try_into().unwrap());
    let port = || i32::from(u16::from_be_bytes([b[2], b[3]]));
    match family {
        AF_INET if b.len() >= 16 => Ok(Sockaddr::Inet4(SockaddrInet4 {
            port: port(),
            addr: b[4..8].try_into().unwrap(),
        })),
        AF_INET6 if b.len() >= 28 => Ok(Sockaddr::Inet6(SockaddrInet6 {
            port: port(),
            flowinfo: ne32(4),
            addr: b[8..24].try_into().unwrap(),
            zone_id: ne32(24),
        })),
        AF_INET | AF_INET6 => Err(Errno::EINVAL),
        AF_UNIX => Ok(Sockaddr::Unix(SockaddrUnix {
            name: unix_name(&b[2..]),
        })),
        _ => Err(Errno::EAFNOSUPPORT),
    }
}

/// What Go's `sockaddr()` refuses: a port out of range, a Unix name over 108
/// bytes, or a 108-byte one that is not abstract (no room for the NUL).
fn encodable(sa: &Sockaddr) -> bool {
    match sa {
        Sockaddr::Inet4(a) => (0..=0xFFFF).contains(&a.port),
        Sockaddr::Inet6(a) => (0..=0xFFFF).contains(&a.port),
        Sockaddr::Unix(u) => {
            let abs = matches!(u.name.first(), Some(b'@' | 0));
            u.name.len() < UNIX_PATH_MAX || (u.name.len() == UNIX_PATH_MAX && abs)
        }
    }
}

/// `to_raw` as documented, and what its bytes decode to: the same address
/// (a Unix name as Go reads it back: leading NUL as `@`, cut at a NUL, `@` for
/// an empty name).
fn check_encode(sa: &Sockaddr) {
    let raw = sa.to_raw();
    if !encodable(sa) {
        assert_eq!(raw, Err(Errno::EINVAL), "{sa:?}");
        assert!(matches!(sa, Sockaddr::Unix(_)) || sa.to_socket_addr() == Err(Errno::EINVAL));
        return;
    }
    let (raw, len) = raw.unwrap_or_else(|e| panic!("{sa:?}: {e:?}"));
    let len = usize::try_from(len).unwrap();
    let bytes = raw.to_bytes();
    assert_eq!(
        i32::from(u16::from_ne_bytes([bytes[0], bytes[1]])),
        sa.family()
    );
    let want = match sa {
        Sockaddr::Inet4(_) => {
            assert_eq!(len, 16);
            assert!(bytes[8..].iter().all(|&b| b == 0));
            sa.clone()
        }
        Sockaddr::Inet6(_) => {
            assert_eq!(len, 28);
            assert!(bytes[28..].iter().all(|&b| b == 0));
            sa.clone()
        }
        Sockaddr::Unix(u) => {
            let n = u.name.len();
            let abs = matches!(u.name.first(), Some(b'@' | 0));
            let want_len = match n {
                0 => 2,
                _ if abs => 2 + n,
                _ => 3 + n,
            };
            assert_eq!(len, want_len, "{u:?}");
            let mut path = u.name.clone();
            if abs {
                path[0] = 0;
            }
            assert_eq!(&bytes[2..2 + n], &path[..]);
            assert!(bytes[2 + n..].iter().all(|&b| b == 0));
            Sockaddr::Unix(SockaddrUnix {
                name: unix_name(&path),
            })
        }
    };
    assert_eq!(
        sockaddr_from_bytes(&bytes[..len]),
        Ok(want.clone()),
        "{sa:?}"
    );
    assert_eq!(RawSockaddrAny::from_bytes(&bytes).sockaddr(), Ok(want));

    // std::net, both ways.
    match sa {
        Sockaddr::Unix(_) => assert_eq!(sa.to_socket_addr(), Err(Errno::EAFNOSUPPORT)),
        _ => {
            let std = sa.to_socket_addr().unwrap();
            assert_eq!(Sockaddr::from(std), *sa);
            assert_eq!(SocketAddr::try_from(sa), Ok(std));
            assert_eq!(sa.to_string(), std.to_string());
        }
    }
}

#[derive(Debug, Arbitrary)]
enum Built {
    Inet4 {
        port: i32,
        addr: [u8; 4],
    },
    Inet6 {
        port: i32,
        addr: [u8; 16],
        zone_id: u32,
        flowinfo: u32,
    },
    Unix(Vec<u8>),
    Std4([u8; 4], u16),
    Std6([u8; 16], u16, u32, u32),
}

fn built(b: Built) -> Sockaddr {
    match b {
        Built::Inet4 { port, addr } => Sockaddr::Inet4(SockaddrInet4 { port, addr }),
        Built::Inet6 {
            port,
            addr,
            zone_id,
            flowinfo,
        } => Sockaddr::Inet6(SockaddrInet6 {
            port,
            zone_id,
            addr,
            flowinfo,
        }),
        Built::Unix(name) => Sockaddr::Unix(SockaddrUnix::new(name)),
        Built::Std4(ip, port) => {
            let std = SocketAddr::V4(SocketAddrV4::new(ip.into(), port));
            let sa = Sockaddr::from(std);
            assert_eq!(sa.to_socket_addr(), Ok(std));
            sa
        }
        Built::Std6(ip, port, flow, scope) => {
            let std = SocketAddr::V6(SocketAddrV6::new(ip.into(), port, flow, scope));
            let sa = Sockaddr::from(std);
            assert_eq!(sa.to_socket_addr(), Ok(std));
            sa
        }
    }
}

/// Checks one input (the fuzz target's body; also replayed over the stored
/// corpus by the crate's `tests/fuzz_corpus.rs`).
pub fn check(data: &[u8]) {
    // Untrusted bytes, as Winsock's length says.
    let got = sockaddr_from_bytes(data);
    assert_eq!(got, reference(data), "input {data:02x?}");
    if let Ok(sa) = &got {
        check_encode(sa);
    }

    // The same bytes in a RawSockaddrAny: exactly 116 bytes kept (zero-filled),
    // decoded as the full structure.
    let any = RawSockaddrAny::from_bytes(data);
    let mut full = [0u8; SIZEOF_SOCKADDR_ANY];
    let n = data.len().min(SIZEOF_SOCKADDR_ANY);
    full[..n].copy_from_slice(&data[..n]);
    assert_eq!(any.to_bytes(), full);
    let dec = any.sockaddr();
    assert_eq!(dec, reference(&full));
    assert_eq!(dec, sockaddr_from_bytes(&full));
    if let Ok(sa) = &dec {
        check_encode(sa);
    }

    // Addresses built from the input.
    let mut u = Unstructured::new(data);
    for _ in 0..64 {
        let Ok(b) = Built::arbitrary(&mut u) else {
            break;
        };
        check_encode(&built(b));
        if u.is_empty() {
            break;
        }
    }
}
