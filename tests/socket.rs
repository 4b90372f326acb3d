//! Sockets under Wine (and Windows): loopback only (127.0.0.1, ::1).
#![cfg(windows)]

mod common;

use std::io::{IoSlice, IoSliceMut, Read, Write};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::os::windows::io::{AsSocket, OwnedSocket};
use std::sync::RwLock;
use std::sync::atomic::Ordering;
use winsyscall::*;

/// IPv6 tests hold it shared; the `SOCKET_DISABLE_IPV6` test holds it alone.
static V6: RwLock<()> = RwLock::new(());

const LO4: [u8; 4] = [127, 0, 0, 1];
const LO6: [u8; 16] = Ipv6Addr::LOCALHOST.octets();

fn v4(port: i32) -> Sockaddr {
    Sockaddr::Inet4(SockaddrInet4::new(LO4, port))
}
fn v6(port: i32) -> Sockaddr {
    Sockaddr::Inet6(SockaddrInet6::new(LO6, port))
}
fn port_of(sa: &Sockaddr) -> i32 {
    match sa {
        Sockaddr::Inet4(a) => a.port,
        Sockaddr::Inet6(a) => a.port,
        Sockaddr::Unix(_) => panic!("unix address"),
    }
}

/// A listening TCP socket on loopback (port chosen by the system) and its address.
fn listener(family: i32) -> (OwnedSocket, Sockaddr) {
    let l = socket(family, SOCK_STREAM, IPPROTO_TCP).unwrap();
    bind(&l, if family == AF_INET { v4(0) } else { v6(0) }).unwrap();
    listen(&l, SOMAXCONN).unwrap();
    let addr = getsockname(&l).unwrap();
    assert_ne!(port_of(&addr), 0);
    (l, addr)
}

fn tcp_echo(family: i32, lo: Sockaddr) {
    let (l, laddr) = listener(family);
    assert_eq!(
        laddr,
        match &lo {
            Sockaddr::Inet4(_) => v4(port_of(&laddr)),
            _ => v6(port_of(&laddr)),
        }
    );
    let c = socket(family, SOCK_STREAM, IPPROTO_TCP).unwrap();
    connect(&c, &laddr).unwrap();
    let (conn, peer) = accept(&l).unwrap();
    // Both sides' addresses agree.
    let caddr = getsockname(&c).unwrap();
    assert_eq!(peer, caddr);
    assert_eq!(getpeername(&c).unwrap(), laddr);
    assert_eq!(getsockname(&conn).unwrap(), laddr);
    assert_eq!(getpeername(&conn).unwrap(), caddr);
    assert_eq!(caddr.family(), family);
    assert_ne!(port_of(&caddr), port_of(&laddr));

    // Gather-write two buffers, scatter-read them into three.
    let sent = wsa_send(&c, &[IoSlice::new(b"hello, "), IoSlice::new(b"winsock")], 0).unwrap();
    assert_eq!(sent, 14);
    let mut got = Vec::new();
    while got.len() < 14 {
        let (mut a, mut b, mut d) = ([0u8; 3], [0u8; 4], [0u8; 32]);
        let mut flags = 0u32;
        let n = {
            let mut bufs = [
                IoSliceMut::new(&mut a),
                IoSliceMut::new(&mut b),
                IoSliceMut::new(&mut d),
            ];
            wsa_recv(&conn, &mut bufs, &mut flags).unwrap()
        };
        assert!(n > 0);
        let all: Vec<u8> = a.iter().chain(&b).chain(&d).copied().collect();
        got.extend_from_slice(&all[..n]);
    }
    assert_eq!(got, b"hello, winsock");
    // Echo back with sendto (the address is ignored on a connected stream
    // socket) and read with recvfrom: a stream gives no sender.
    assert_eq!(sendto(&conn, &got, 0, &caddr).unwrap(), 14);
    let mut buf = [0u8; 64];
    let mut n = 0;
    while n < 14 {
        let (k, from) = recvfrom(&c, &mut buf[n..], 0).unwrap();
        assert!(k > 0);
        if let Some(from) = from {
            assert_eq!(from, laddr);
        }
        n += k;
    }
    assert_eq!(&buf[..14], b"hello, winsock");
    // Half-close: the server reads end of stream.
    shutdown(&c, SHUT_WR).unwrap();
    let mut flags = 0;
    assert_eq!(
        wsa_recv(&conn, &mut [IoSliceMut::new(&mut buf)], &mut flags).unwrap(),
        0
    );
    closesocket(conn).unwrap();
    closesocket(c).unwrap();
}

#[test]
fn tcp_listen_connect_accept_echo_ipv4() {
    tcp_echo(AF_INET, v4(0));
}

#[test]
fn tcp_listen_connect_accept_echo_ipv6() {
    let _g = V6.read().unwrap();
    tcp_echo(AF_INET6, v6(0));
}

fn udp_round_trip(family: i32, lo: fn(i32) -> Sockaddr) {
    let a = socket(family, SOCK_DGRAM, IPPROTO_UDP).unwrap();
    let b = socket(family, SOCK_DGRAM, IPPROTO_UDP).unwrap();
    bind(&a, lo(0)).unwrap();
    bind(&b, lo(0)).unwrap();
    let aaddr = getsockname(&a).unwrap();
    let baddr = getsockname(&b).unwrap();

    // sendto / recvfrom, peeking first.
    assert_eq!(sendto(&a, b"ping", 0, &baddr).unwrap(), 4);
    let mut buf = [0u8; 16];
    let (n, from) = recvfrom(&b, &mut buf, MSG_PEEK).unwrap();
    assert_eq!((n, from.as_ref()), (4, Some(&aaddr)));
    let (n, from) = recvfrom(&b, &mut buf, 0).unwrap();
    assert_eq!((&buf[..n], from), (&b"ping"[..], Some(aaddr.clone())));

    // wsa_sendto (two buffers) / wsa_recvfrom (two buffers).
    let bufs = [IoSlice::new(b"po"), IoSlice::new(b"ng!")];
    assert_eq!(wsa_sendto(&b, &bufs, 0, Some(&aaddr)).unwrap(), 5);
    let (mut x, mut y) = ([0u8; 2], [0u8; 8]);
    let mut flags = 0u32;
    let (n, from) = wsa_recvfrom(
        &a,
        &mut [IoSliceMut::new(&mut x), IoSliceMut::new(&mut y)],
        &mut flags,
    )
    .unwrap();
    assert_eq!(n, 5);
    assert_eq!((&x, &y[..3]), (b"po", &b"ng!"[..]));
    assert_eq!(from, Some(baddr.clone()));
    assert_eq!(flags & MSG_PARTIAL as u32, 0);

    // To the connected peer: `None` passes NULL, as Go.
    connect(&a, &baddr).unwrap();
    assert_eq!(
        wsa_sendto(&a, &[IoSlice::new(b"conn")], 0, None).unwrap(),
        4
    );
    let (n, from) = recvfrom(&b, &mut buf, 0).unwrap();
    assert_eq!((&buf[..n], from), (&b"conn"[..], Some(aaddr.clone())));
}

#[test]
fn udp_sendto_recvfrom_ipv4() {
    udp_round_trip(AF_INET, v4);
    // The IPv4 fast path directly.
    let a = socket(AF_INET, SOCK_DGRAM, 0).unwrap();
    bind(&a, v4(0)).unwrap();
    let b = UdpSocket::bind("127.0.0.1:0").unwrap();
    let to = SockaddrInet4::from(match b.local_addr().unwrap() {
        SocketAddr::V4(x) => x,
        _ => unreachable!(),
    });
    assert_eq!(
        wsa_sendto_inet4(&a, &[IoSlice::new(b"fast")], 0, &to).unwrap(),
        4
    );
    let mut buf = [0u8; 8];
    let (n, from) = b.recv_from(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"fast");
    assert_eq!(Sockaddr::from(from), getsockname(&a).unwrap());
}

#[test]
fn udp_sendto_recvfrom_ipv6() {
    let _g = V6.read().unwrap();
    udp_round_trip(AF_INET6, v6);
    let a = socket(AF_INET6, SOCK_DGRAM, 0).unwrap();
    bind(&a, v6(0)).unwrap();
    let b = UdpSocket::bind("[::1]:0").unwrap();
    let to = SockaddrInet6::from(match b.local_addr().unwrap() {
        SocketAddr::V6(x) => x,
        _ => unreachable!(),
    });
    assert_eq!(
        wsa_sendto_inet6(&a, &[IoSlice::new(b"fast6")], 0, &to).unwrap(),
        5
    );
    let mut buf = [0u8; 8];
    let (n, from) = b.recv_from(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"fast6");
    assert_eq!(Sockaddr::from(from), getsockname(&a).unwrap());
}

#[test]
fn connect_to_closed_port_is_refused() {
    // A port that was just free: bind, learn it, close.
    let tmp = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).unwrap();
    bind(&tmp, v4(0)).unwrap();
    let addr = getsockname(&tmp).unwrap();
    drop(tmp);
    let c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).unwrap();
    let e = connect(&c, &addr).unwrap_err();
    assert_eq!(e, Errno::WSAECONNREFUSED);
    assert_eq!(e.0, 10061);
    let msg = e.to_string();
    if common::skip_on_wine("FormatMessageW", "Wine words WSAECONNREFUSED its own way") {
        assert_eq!(msg, "Connection refused.");
    } else {
        assert_eq!(
            msg,
            "No connection could be made because the target machine actively refused it."
        );
    }
    let io: std::io::Error = e.into();
    assert_eq!(io.kind(), std::io::ErrorKind::ConnectionRefused);
}

#[test]
fn bind_used_port_is_addr_in_use() {
    let (_l, addr) = listener(AF_INET);
    let s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).unwrap();
    assert_eq!(bind(&s, &addr), Err(Errno::WSAEADDRINUSE));
}

#[test]
fn bad_addresses_fail_before_any_call() {
    let s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP).unwrap();
    for p in [-1, 65536] {
        assert_eq!(bind(&s, v4(p)), Err(Errno::EINVAL));
        assert_eq!(connect(&s, v4(p)), Err(Errno::EINVAL));
        assert_eq!(sendto(&s, b"x", 0, v4(p)), Err(Errno::EINVAL));
        assert_eq!(
            wsa_sendto(&s, &[IoSlice::new(b"x")], 0, Some(&v4(p))),
            Err(Errno::EINVAL)
        );
        assert_eq!(
            wsa_sendto_inet6(&s, &[IoSlice::new(b"x")], 0, &SockaddrInet6::new(LO6, p)),
            Err(Errno::EINVAL)
        );
    }
    let long = SockaddrUnix::new([b'a'; 200]);
    assert_eq!(bind(&s, long), Err(Errno::EINVAL));
}

#[test]
fn wrong_family_is_winsocks_error() {
    let _g = V6.read().unwrap();
    // An IPv6 address for an IPv4 socket, and the reverse: the address is
    // passed to Winsock as Go does, and Winsock's error returned.
    let s4 = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).unwrap();
    let e4 = bind(&s4, v6(0)).unwrap_err();
    let s6 = socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP).unwrap();
    let e6 = bind(&s6, v4(0)).unwrap_err();
    let c4 = connect(&s4, v6(9)).unwrap_err();
    if common::skip_on_wine(
        "bind",
        "Wine answers WSAEOPNOTSUPP/WSAEINVAL for a wrong-family address",
    ) {
        assert_eq!(
            (e4, e6, c4),
            (Errno::WSAEOPNOTSUPP, Errno::WSAEINVAL, Errno::WSAEOPNOTSUPP)
        );
    } else {
        // Windows: an IPv6 address on an IPv4 socket is "incompatible"; an
        // IPv4 address (16 bytes) is too short for an IPv6 socket.
        assert_eq!(
            (e4, e6, c4),
            (
                Errno::WSAEAFNOSUPPORT,
                Errno::WSAEFAULT,
                Errno::WSAEAFNOSUPPORT
            )
        );
    }
    // Neither socket got bound.
    assert_eq!(getsockname(&s4), Err(Errno::WSAEINVAL));
    assert_eq!(getsockname(&s6), Err(Errno::WSAEINVAL));
}

#[test]
fn state_errors() {
    let s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).unwrap();
    assert_eq!(getsockname(&s), Err(Errno::WSAEINVAL));
    assert_eq!(getpeername(&s), Err(Errno::WSAENOTCONN));
    bind(&s, v4(0)).unwrap();
    assert_eq!(getpeername(&s), Err(Errno::WSAENOTCONN));
    assert_eq!(accept(&s).map(|_| ()), Err(Errno::WSAEINVAL)); // not listening
    assert_eq!(
        socket(AF_INET, 99, 0).map(|_| ()),
        Err(Errno::WSAESOCKTNOSUPPORT)
    );
    assert_eq!(
        socket(12345, SOCK_STREAM, 0).map(|_| ()),
        Err(Errno::WSAEAFNOSUPPORT)
    );
}

#[test]
fn socket_disable_ipv6() {
    let _g = V6.write().unwrap();
    SOCKET_DISABLE_IPV6.store(true, Ordering::SeqCst);
    let r = socket(AF_INET6, SOCK_STREAM, 0).map(|_| ());
    let r4 = socket(AF_INET, SOCK_STREAM, 0).map(|_| ());
    SOCKET_DISABLE_IPV6.store(false, Ordering::SeqCst);
    assert_eq!(r, Err(Errno::EAFNOSUPPORT));
    assert_eq!(r4, Ok(()));
    assert!(socket(AF_INET6, SOCK_STREAM, 0).is_ok());
}

#[test]
fn std_interop_both_ways() {
    // Ours → std listener; std client; accept with ours; back to ours.
    let (l, laddr) = listener(AF_INET);
    let listener = TcpListener::from(l);
    let std_addr = SocketAddr::try_from(&laddr).unwrap();
    assert_eq!(listener.local_addr().unwrap(), std_addr);
    let mut client = TcpStream::connect(std_addr).unwrap();
    let (conn, peer) = accept(&listener).unwrap();
    assert_eq!(
        SocketAddr::try_from(&peer).unwrap(),
        client.local_addr().unwrap()
    );
    let mut conn = TcpStream::from(conn);
    conn.write_all(b"from ours").unwrap();
    let mut buf = [0u8; 9];
    client.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"from ours");
    // std → ours.
    let owned = OwnedSocket::from(client);
    assert_eq!(getpeername(&owned).unwrap(), laddr);
    let u = UdpSocket::bind("127.0.0.1:0").unwrap();
    let u_addr = u.local_addr().unwrap();
    let owned_u = OwnedSocket::from(u);
    assert_eq!(
        getsockname(owned_u.as_socket()).unwrap(),
        Sockaddr::from(u_addr)
    );
    let back = UdpSocket::from(owned_u);
    assert_eq!(back.local_addr().unwrap(), u_addr);
}

#[test]
fn int_options_set_and_read_back() {
    let t = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).unwrap();
    setsockopt_int(&t, IPPROTO_TCP, TCP_NODELAY, 1).unwrap();
    assert_eq!(getsockopt_int(&t, IPPROTO_TCP, TCP_NODELAY).unwrap(), 1);
    setsockopt_int(&t, IPPROTO_TCP, TCP_NODELAY, 0).unwrap();
    assert_eq!(getsockopt_int(&t, IPPROTO_TCP, TCP_NODELAY).unwrap(), 0);
    for opt in [SO_KEEPALIVE, SO_REUSEADDR, SO_DONTROUTE] {
        setsockopt_int(&t, SOL_SOCKET, opt, 1).unwrap();
        assert_ne!(getsockopt_int(&t, SOL_SOCKET, opt).unwrap(), 0, "{opt:#x}");
        setsockopt_int(&t, SOL_SOCKET, opt, 0).unwrap();
        let v = getsockopt_int(&t, SOL_SOCKET, opt).unwrap();
        if opt == SO_DONTROUTE
            && v == 1
            && common::skip_on_wine(
                "getsockopt",
                "Wine still reports SO_DONTROUTE set after clearing it",
            )
        {
            continue;
        }
        assert_eq!(v, 0, "{opt:#x}");
    }
    for opt in [SO_RCVBUF, SO_SNDBUF] {
        setsockopt_int(&t, SOL_SOCKET, opt, 65536).unwrap();
        let v = getsockopt_int(&t, SOL_SOCKET, opt).unwrap();
        // Wine 8 hides the Linux kernel's doubling: the value reads back as set.
        assert_eq!(v, 65536);
    }
    setsockopt_int(&t, IPPROTO_IP, IP_TTL, 42).unwrap();
    assert_eq!(getsockopt_int(&t, IPPROTO_IP, IP_TTL).unwrap(), 42);
    setsockopt_int(&t, IPPROTO_IP, IP_TOS, 0x10).unwrap();
    assert_eq!(getsockopt_int(&t, IPPROTO_IP, IP_TOS).unwrap(), 0x10);
    assert_eq!(
        getsockopt_int(&t, SOL_SOCKET, SO_TYPE).unwrap(),
        SOCK_STREAM
    );
    assert_eq!(getsockopt_int(&t, SOL_SOCKET, SO_ERROR).unwrap(), 0);

    let u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP).unwrap();
    setsockopt_int(&u, SOL_SOCKET, SO_BROADCAST, 1).unwrap();
    assert_ne!(getsockopt_int(&u, SOL_SOCKET, SO_BROADCAST).unwrap(), 0);
    setsockopt_int(&u, IPPROTO_IP, IP_MULTICAST_TTL, 3).unwrap();
    assert_eq!(getsockopt_int(&u, IPPROTO_IP, IP_MULTICAST_TTL).unwrap(), 3);
    setsockopt_int(&u, IPPROTO_IP, IP_MULTICAST_LOOP, 0).unwrap();
    assert_eq!(
        getsockopt_int(&u, IPPROTO_IP, IP_MULTICAST_LOOP).unwrap(),
        0
    );
    // An unknown option is Winsock's error.
    assert_eq!(
        setsockopt_int(&u, SOL_SOCKET, 0x7777, 1),
        Err(Errno::WSAENOPROTOOPT)
    );
}

#[test]
fn ipv6_options_set_and_read_back() {
    let _g = V6.read().unwrap();
    let s = socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP).unwrap();
    for v in [1, 0] {
        setsockopt_int(&s, IPPROTO_IPV6, IPV6_V6ONLY, v).unwrap();
        assert_eq!(getsockopt_int(&s, IPPROTO_IPV6, IPV6_V6ONLY).unwrap(), v);
    }
    setsockopt_int(&s, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 17).unwrap();
    assert_eq!(
        getsockopt_int(&s, IPPROTO_IPV6, IPV6_UNICAST_HOPS).unwrap(),
        17
    );
    setsockopt_int(&s, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 5).unwrap();
    assert_eq!(
        getsockopt_int(&s, IPPROTO_IPV6, IPV6_MULTICAST_HOPS).unwrap(),
        5
    );
    setsockopt_int(&s, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0).unwrap();
    assert_eq!(
        getsockopt_int(&s, IPPROTO_IPV6, IPV6_MULTICAST_LOOP).unwrap(),
        0
    );
}

#[test]
fn linger_and_timeouts() {
    let t = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).unwrap();
    setsockopt_linger(
        &t,
        SOL_SOCKET,
        SO_LINGER,
        &Linger {
            onoff: 1,
            linger: 7,
        },
    )
    .unwrap();
    assert_eq!(
        getsockopt_linger(&t, SOL_SOCKET, SO_LINGER).unwrap(),
        Linger {
            onoff: 1,
            linger: 7
        }
    );
    setsockopt_linger(
        &t,
        SOL_SOCKET,
        SO_LINGER,
        &Linger {
            onoff: 0,
            linger: 0,
        },
    )
    .unwrap();
    assert_eq!(
        getsockopt_linger(&t, SOL_SOCKET, SO_LINGER).unwrap().onoff,
        0
    );
    // Go truncates to 16 bits; we refuse.
    assert_eq!(
        setsockopt_linger(
            &t,
            SOL_SOCKET,
            SO_LINGER,
            &Linger {
                onoff: 1,
                linger: 70000
            }
        ),
        Err(Errno::EINVAL)
    );

    setsockopt_timeval(
        &t,
        SOL_SOCKET,
        SO_RCVTIMEO,
        &Timeval {
            sec: 2,
            usec: 500_000,
        },
    )
    .unwrap();
    assert_eq!(
        getsockopt_timeval(&t, SOL_SOCKET, SO_RCVTIMEO).unwrap(),
        Timeval {
            sec: 2,
            usec: 500_000
        }
    );
    assert_eq!(getsockopt_int(&t, SOL_SOCKET, SO_RCVTIMEO).unwrap(), 2500);
    // Under a millisecond rounds up to 1 ms, never to 0 (= no timeout).
    setsockopt_timeval(&t, SOL_SOCKET, SO_SNDTIMEO, &Timeval { sec: 0, usec: 1 }).unwrap();
    assert_eq!(getsockopt_int(&t, SOL_SOCKET, SO_SNDTIMEO).unwrap(), 1);
    setsockopt_timeval(&t, SOL_SOCKET, SO_SNDTIMEO, &Timeval { sec: 0, usec: 0 }).unwrap();
    assert_eq!(
        getsockopt_timeval(&t, SOL_SOCKET, SO_SNDTIMEO).unwrap(),
        Timeval { sec: 0, usec: 0 }
    );
    assert_eq!(
        setsockopt_timeval(&t, SOL_SOCKET, SO_RCVTIMEO, &Timeval { sec: -1, usec: 0 }),
        Err(Errno::EINVAL)
    );
}

#[test]
fn raw_setsockopt_getsockopt() {
    let t = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).unwrap();
    setsockopt(&t, SOL_SOCKET, SO_KEEPALIVE, &1i32.to_ne_bytes()).unwrap();
    let mut b = [0u8; 4];
    // Winsock reports a BOOL option as 1 byte (a BOOLEAN) or 4, depending on the option.
    let n = getsockopt(&t, SOL_SOCKET, SO_KEEPALIVE, &mut b).unwrap();
    assert!(n == 1 || n == 4, "{n}");
    assert_eq!(b[0], 1);
    assert!(b[1..].iter().all(|&x| x == 0));
    // A buffer longer than the option: the count written is returned.
    setsockopt_int(&t, SOL_SOCKET, SO_RCVBUF, 32768).unwrap();
    let mut long = [0xAAu8; 64];
    assert_eq!(getsockopt(&t, SOL_SOCKET, SO_RCVBUF, &mut long).unwrap(), 4);
    assert!(long[4..].iter().all(|&x| x == 0xAA));
    // A value too short for the option.
    assert_eq!(
        setsockopt(&t, SOL_SOCKET, SO_LINGER, &[1]),
        Err(Errno::WSAEFAULT)
    );
    let mut tiny = [0u8; 1];
    assert_eq!(
        getsockopt(&t, SOL_SOCKET, SO_LINGER, &mut tiny),
        Err(Errno::WSAEFAULT)
    );
}

#[test]
fn multicast_options() {
    let u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP).unwrap();
    setsockopt_inet4_addr(&u, IPPROTO_IP, IP_MULTICAST_IF, LO4).unwrap();
    let mut b = [0u8; 4];
    assert_eq!(
        getsockopt(&u, IPPROTO_IP, IP_MULTICAST_IF, &mut b).unwrap(),
        4
    );
    assert_eq!(b, LO4);
    bind(&u, v4(0)).unwrap();
    // Join and leave a site-local group on the loopback interface only.
    let m = IPMreq {
        multiaddr: [239, 255, 77, 77],
        interface: LO4,
    };
    // Wine 8 joins and leaves as Windows does.
    setsockopt_ip_mreq(&u, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m).unwrap();
    setsockopt_ip_mreq(&u, IPPROTO_IP, IP_DROP_MEMBERSHIP, &m).unwrap();
    // Dropping a group never joined is Winsock's error, proving the 8 bytes reach it.
    assert!(
        setsockopt_ip_mreq(
            &u,
            IPPROTO_IP,
            IP_DROP_MEMBERSHIP,
            &IPMreq {
                multiaddr: [239, 255, 77, 78],
                interface: LO4
            }
        )
        .is_err()
    );

    let _g = V6.read().unwrap();
    let u6 = socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP).unwrap();
    bind(&u6, v6(0)).unwrap();
    // ff01::/16: interface-local scope, never leaves the host; interface 1 = loopback.
    let mut g = [0u8; 16];
    g[0] = 0xff;
    g[1] = 0x01;
    g[15] = 0x77;
    let m6 = IPv6Mreq {
        multiaddr: g,
        interface: 1,
    };
    setsockopt_ipv6_mreq(&u6, IPPROTO_IPV6, IPV6_JOIN_GROUP, &m6).unwrap();
    setsockopt_ipv6_mreq(&u6, IPPROTO_IPV6, IPV6_LEAVE_GROUP, &m6).unwrap();
    // A non-multicast group is refused: the 20 bytes reach Winsock and are read.
    assert!(
        setsockopt_ipv6_mreq(
            &u6,
            IPPROTO_IPV6,
            IPV6_JOIN_GROUP,
            &IPv6Mreq {
                multiaddr: LO6,
                interface: 1
            }
        )
        .is_err()
    );
}

#[test]
fn wsa_ioctl_calls() {
    let (l, laddr) = listener(AF_INET);
    let c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).unwrap();
    connect(&c, &laddr).unwrap();
    let (conn, _) = accept(&l).unwrap();
    // SIO_KEEPALIVE_VALS takes a TCPKeepalive and returns nothing.
    let ka = TCPKeepalive {
        on_off: 1,
        time: 60_000,
        interval: 1_000,
    };
    assert_eq!(
        wsa_ioctl(&c, SIO_KEEPALIVE_VALS, &ka.to_bytes(), &mut []).unwrap(),
        0
    );
    // FIONREAD (0x4004667F): bytes waiting.
    const FIONREAD: u32 = 0x4004667F;
    assert_eq!(wsa_send(&c, &[IoSlice::new(b"12345")], 0).unwrap(), 5);
    let mut out = [0u8; 4];
    let mut waited = 0;
    loop {
        assert_eq!(wsa_ioctl(&conn, FIONREAD, &[], &mut out).unwrap(), 4);
        if u32::from_ne_bytes(out) == 5 || waited > 1000 {
            break;
        }
        std::thread::yield_now();
        waited += 1;
    }
    assert_eq!(u32::from_ne_bytes(out), 5);
    // SIO_GET_EXTENSION_FUNCTION_POINTER with WSAID_CONNECTEX gives a pointer.
    let connectex = GUID {
        data1: 0x25a207b9,
        data2: 0xddf3,
        data3: 0x4660,
        data4: [0x8e, 0xe9, 0x76, 0xe5, 0x8c, 0x74, 0x06, 0x3e],
    };
    let mut p = [0u8; 8];
    assert_eq!(
        wsa_ioctl(
            &c,
            SIO_GET_EXTENSION_FUNCTION_POINTER,
            &connectex.to_bytes(),
            &mut p
        )
        .unwrap(),
        // The pointer's size: 8 bytes, 4 on 32-bit x86.
        size_of::<usize>()
    );
    assert_ne!(u64::from_ne_bytes(p), 0);
    // An output too small for the pointer is refused before the call (some
    // providers, Wine's among them, would write all 8 bytes into it).
    let mut guarded = [0xA5u8; 6];
    // The error carries the size the table asks for.
    assert_eq!(
        wsa_ioctl(
            &c,
            SIO_GET_EXTENSION_FUNCTION_POINTER,
            &connectex.to_bytes(),
            &mut guarded[2..4],
        ),
        Err(ErrnoWith::new(Errno::WSAEFAULT, size_of::<usize>()))
    );
    assert_eq!(guarded, [0xA5; 6]);
    // A short input (the output is fine): nothing is needed of the output.
    assert_eq!(
        wsa_ioctl(&c, SIO_KEEPALIVE_VALS, &ka.to_bytes()[..11], &mut []),
        Err(ErrnoWith::new(Errno::WSAEFAULT, 0))
    );
    // A control code the safe form does not send.
    assert_eq!(
        wsa_ioctl(&c, IOC_IN | IOC_VENDOR | 0x7ff, &[], &mut []),
        Err(ErrnoWith::new(Errno::WSAEOPNOTSUPP, 0))
    );
}

/// `SIO_GET_INTERFACE_LIST` into an output too small for the list: Winsock's
/// `WSAEFAULT` comes with the size the list needs (what Go's caller reads
/// from `returned`), and an output of that size takes the whole list.
#[test]
fn wsa_ioctl_reports_the_size_needed() {
    const INTERFACE_INFO: usize = 76;
    let s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP).unwrap();
    let mut big = vec![0u8; 64 * INTERFACE_INFO];
    let whole = wsa_ioctl(&s, SIO_GET_INTERFACE_LIST, &[], &mut big).unwrap();
    // At least loopback, in whole entries.
    assert!(
        whole >= INTERFACE_INFO && whole % INTERFACE_INFO == 0,
        "{whole}"
    );
    let mut short = vec![0u8; whole - 1];
    let e = wsa_ioctl(&s, SIO_GET_INTERFACE_LIST, &[], &mut short).unwrap_err();
    assert_eq!(e.errno, Errno::WSAEFAULT);
    if !(e.value == 0
        && common::skip_on_wine(
            "WSAIoctl",
            "SIO_GET_INTERFACE_LIST with a short output leaves returned at 0",
        ))
    {
        assert_eq!(e.value, whole);
    }
    let mut exact = vec![0u8; whole];
    assert_eq!(
        wsa_ioctl(&s, SIO_GET_INTERFACE_LIST, &[], &mut exact),
        Ok(whole)
    );
    assert_eq!(exact[..], big[..whole]);
}

/// Wine 8 reports the received count only on success.
fn wine_drops_the_count(call: &str) -> bool {
    common::skip_on_wine(call, "WSAEMSGSIZE with the received count left at 0")
}

/// A datagram larger than the buffers: `WSAEMSGSIZE` comes with the count of
/// its bytes placed in the buffers (and, from `wsa_recvfrom`, its sender);
/// the buffers hold its first bytes and the rest is gone.
#[test]
fn wsa_recv_and_wsa_recvfrom_keep_the_count_with_msgsize() {
    let a = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP).unwrap();
    let b = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP).unwrap();
    bind(&a, v4(0)).unwrap();
    bind(&b, v4(0)).unwrap();
    let aaddr = getsockname(&a).unwrap();
    let baddr = getsockname(&b).unwrap();

    assert_eq!(sendto(&a, b"0123456789", 0, &baddr).unwrap(), 10);
    let (mut x, mut y) = ([0xEEu8; 2], [0xEEu8; 4]);
    let mut flags = 0u32;
    let e = wsa_recvfrom(
        &b,
        &mut [IoSliceMut::new(&mut x), IoSliceMut::new(&mut y)],
        &mut flags,
    )
    .unwrap_err();
    assert_eq!(
        (e.errno, &e.value.1),
        (Errno::WSAEMSGSIZE, &Some(aaddr.clone()))
    );
    if !(e.value.0 == 0 && wine_drops_the_count("WSARecvFrom")) {
        assert_eq!(e.value.0, 6);
    }
    assert_eq!((&x, &y), (b"01", b"2345"));

    connect(&b, &aaddr).unwrap();
    assert_eq!(sendto(&a, b"abcdefgh", 0, &baddr).unwrap(), 8);
    let mut z = [0xEEu8; 5];
    let mut flags = 0u32;
    let e = wsa_recv(&b, &mut [IoSliceMut::new(&mut z)], &mut flags).unwrap_err();
    assert_eq!(e.errno, Errno::WSAEMSGSIZE);
    if !(e.value == 0 && wine_drops_the_count("WSARecv")) {
        assert_eq!(e.value, 5);
    }
    assert_eq!(&z, b"abcde");
    // The rest of each datagram is gone: the next one reads whole.
    assert_eq!(sendto(&a, b"next", 0, &baddr).unwrap(), 4);
    assert_eq!(
        wsa_recv(&b, &mut [IoSliceMut::new(&mut z)], &mut flags),
        Ok(4)
    );
    assert_eq!(&z[..4], b"next");
}

#[test]
fn get_addr_info_localhost_is_loopback() {
    assert_eq!(load_get_addr_info(), Ok(()));
    let hints = AddrinfoW::hints(0, AF_UNSPEC, SOCK_STREAM, IPPROTO_TCP);
    let list: AddrInfoList = get_addr_info_w(Some("localhost"), Some("80"), Some(&hints)).unwrap();
    let all: Vec<AddrInfo> = list.iter().collect();
    assert!(!all.is_empty());
    for ai in &all {
        let sa = SocketAddr::try_from(ai.addr.as_ref().unwrap()).unwrap();
        assert!(sa.ip().is_loopback(), "{sa}");
        assert_eq!(sa.port(), 80);
        assert_eq!(ai.socktype, SOCK_STREAM);
        assert!(ai.family == AF_INET || ai.family == AF_INET6);
    }
    assert!(
        all.iter()
            .any(|ai| ai.addr == Some(v4(80)) || ai.addr == Some(v6(80)))
    );
    // Numeric forms, without any name service.
    let hints = AddrinfoW::hints(AI_NUMERICHOST, AF_INET, SOCK_DGRAM, 0);
    let list = get_addr_info_w(Some("127.0.0.1"), None, Some(&hints)).unwrap();
    assert_eq!(list.iter().next().unwrap().addr, Some(v4(0)));
    let list = get_addr_info_w(
        Some("::1"),
        Some("53"),
        Some(&AddrinfoW::hints(AI_NUMERICHOST, AF_INET6, 0, 0)),
    )
    .unwrap();
    assert!(list.iter().all(|ai| ai.addr == Some(v6(53))));
    assert!(!list.as_ptr().is_null());
    // Errors: a non-numeric host with AI_NUMERICHOST; a NUL.
    let e = get_addr_info_w(
        Some("not-a-number"),
        None,
        Some(&AddrinfoW::hints(AI_NUMERICHOST, 0, 0, 0)),
    )
    .unwrap_err();
    assert_eq!(e, Errno::WSAHOST_NOT_FOUND);
    assert_eq!(
        get_addr_info_w(Some("local\0host"), None, None).map(|_| ()),
        Err(Errno::EINVAL)
    );
}

#[test]
fn legacy_name_lookups() {
    let h: Hostent = get_host_by_name("localhost").unwrap();
    assert_eq!(h.addr_type as i32, AF_INET);
    assert_eq!(h.length, 4);
    assert!(h.addr_list.iter().any(|a| a[0] == 127), "{h:?}");
    assert_eq!(get_host_by_name("a\0b"), Err(Errno::EINVAL));

    let p: Protoent = get_proto_by_name("tcp").unwrap();
    assert_eq!(p.proto as i32, IPPROTO_TCP);
    assert_eq!(get_proto_by_name("udp").unwrap().proto as i32, IPPROTO_UDP);
    assert!(get_proto_by_name("no-such-protocol").is_err());

    // Wine 8 reads the host's /etc/services, which has http.
    let s: Servent = get_serv_by_name("http", "tcp").unwrap();
    assert_eq!(ntohs(s.port), 80);
    assert_eq!(s.proto, "tcp");
    assert!(get_serv_by_name("no-such-service", "tcp").is_err());
    assert_eq!(ntohs(0x5000), 0x0050);
}

#[test]
fn startup_cleanup_and_protocols() {
    // Go's values, and Windows'.
    assert_eq!((WSADESCRIPTION_LEN, WSASYS_STATUS_LEN), (256, 128));
    assert_eq!(
        (WSADESCRIPTION_LEN as u32, WSASYS_STATUS_LEN as u32),
        (
            windows_sys::Win32::Networking::WinSock::WSADESCRIPTION_LEN,
            windows_sys::Win32::Networking::WinSock::WSASYS_STATUS_LEN
        )
    );
    let d: WSAData = wsa_startup(0x0202).unwrap();
    assert_eq!(d.version, 0x0202);
    assert!(d.high_version >= 0x0202);
    // The fixed arrays hold at most LEN characters and a NUL.
    assert!(
        d.description.len() <= WSADESCRIPTION_LEN,
        "{:?}",
        d.description
    );
    assert!(
        d.system_status.len() <= WSASYS_STATUS_LEN,
        "{:?}",
        d.system_status
    );
    wsa_cleanup().unwrap();
    assert_eq!(wsa_startup(0x1_0202).map(|_| ()), Err(Errno::EINVAL));

    let all: Vec<WSAProtocolInfo> = wsa_enum_protocols(None).unwrap();
    assert!(
        all.iter()
            .any(|p| p.protocol == IPPROTO_TCP && p.address_family == AF_INET),
        "{all:?}"
    );
    let udp = wsa_enum_protocols(Some(&[IPPROTO_UDP])).unwrap();
    assert!(!udp.is_empty());
    assert!(
        udp.iter()
            .all(|p| p.protocol == IPPROTO_UDP && p.socket_type == SOCK_DGRAM)
    );
    assert!(udp.iter().any(|p| !p.name().is_empty()));
}

#[test]
fn raw_forms_with_go_signatures() {
    // The raw form with Go's exact signature, no overlapped.
    let a = UdpSocket::bind("127.0.0.1:0").unwrap();
    let b = UdpSocket::bind("127.0.0.1:0").unwrap();
    let (to, tolen) = Sockaddr::from(b.local_addr().unwrap()).to_raw().unwrap();
    let mut data = *b"raw!";
    let wb = [WSABuf::new(&mut data)];
    let mut sent = 0u32;
    // SAFETY: live buffers and address, blocking call.
    unsafe {
        wsa_sendto_raw(
            &a,
            wb.as_ptr(),
            1,
            &mut sent,
            0,
            &to,
            tolen,
            std::ptr::null_mut(),
            None,
        )
    }
    .unwrap();
    assert_eq!(sent, 4);
    let mut buf = [0u8; 16];
    let rb = [WSABuf::new(&mut buf)];
    let (mut got, mut flags) = (0u32, 0u32);
    let mut from = RawSockaddrAny::default();
    let mut fromlen = std::mem::size_of::<RawSockaddrAny>() as i32;
    // SAFETY: as above.
    unsafe {
        wsa_recvfrom_raw(
            &b,
            rb.as_ptr(),
            1,
            &mut got,
            &mut flags,
            &mut from,
            &mut fromlen,
            std::ptr::null_mut(),
            None,
        )
    }
    .unwrap();
    assert_eq!(got, 4);
    assert_eq!(&buf[..4], b"raw!");
    assert_eq!(
        from.sockaddr().unwrap(),
        Sockaddr::from(a.local_addr().unwrap())
    );
    assert_eq!(fromlen, 16);
}

#[test]
fn closesocket_explicit_and_std_address() {
    let s = socket(AF_INET, SOCK_DGRAM, 0).unwrap();
    assert_eq!(closesocket(s), Ok(()));
    // Sockaddr ⇄ std for a v4 address.
    let sa: SocketAddr = (Ipv4Addr::LOCALHOST, 9).into();
    assert_eq!(Sockaddr::from(sa), v4(9));
}

#[test]
fn unix_domain_stream() {
    let dir = common::TempDir::new("sock");
    let path = dir.join("s.sock");
    let name = path.to_str().unwrap().as_bytes().to_vec();
    assert!(
        name.len() < UNIX_PATH_MAX,
        "temp path too long for AF_UNIX: {}",
        name.len()
    );
    let l = match socket(AF_UNIX, SOCK_STREAM, 0) {
        Ok(l) => l,
        Err(e) => {
            assert!(
                e == Errno::WSAEAFNOSUPPORT
                    && common::skip_on_wine(
                        "socket",
                        "AF_UNIX sockets are refused with WSAEAFNOSUPPORT (10047)"
                    ),
                "{e:?}"
            );
            return;
        }
    };
    let addr = Sockaddr::Unix(SockaddrUnix { name: name.clone() });
    bind(&l, &addr).unwrap();
    listen(&l, 1).unwrap();
    let c = socket(AF_UNIX, SOCK_STREAM, 0).unwrap();
    connect(&c, &addr).unwrap();
    let (conn, peer) = accept(&l).unwrap();
    assert_eq!(peer.family(), AF_UNIX);
    assert_eq!(getsockname(&l).unwrap(), addr);
    assert_eq!(wsa_send(&c, &[IoSlice::new(b"unix")], 0).unwrap(), 4);
    let mut buf = [0u8; 8];
    let mut flags = 0;
    assert_eq!(
        wsa_recv(&conn, &mut [IoSliceMut::new(&mut buf)], &mut flags).unwrap(),
        4
    );
    assert_eq!(&buf[..4], b"unix");
}
