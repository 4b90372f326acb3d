//! Tour: sockets on loopback: an echo over TCP and UDP, options, name look-ups.

use crate::{section, step};
use std::io::{IoSlice, IoSliceMut};
use winsyscall::*;

fn lo4(port: i32) -> Sockaddr {
    Sockaddr::Inet4(SockaddrInet4::new([127, 0, 0, 1], port))
}

pub fn run() {
    section("Sockets: a TCP echo on 127.0.0.1");
    let l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    step(
        "syscall.Socket",
        "socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)",
        format!("{:?}", l.as_ref().map(|_| "OwnedSocket")),
    );
    let Ok(l) = l else { return };
    step(
        "syscall.Bind",
        "bind(&l, SockaddrInet4 127.0.0.1:0)",
        format!("{:?}", bind(&l, lo4(0))),
    );
    step(
        "syscall.Listen",
        "listen(&l, SOMAXCONN)",
        format!("{:?}", listen(&l, SOMAXCONN)),
    );
    let Ok(laddr) = getsockname(&l) else { return };
    step(
        "syscall.Getsockname",
        "getsockname(&l)",
        format!("{laddr:?}"),
    );
    let Ok(c) = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) else {
        return;
    };
    step(
        "syscall.Connect",
        "connect(&c, &laddr)",
        format!("{:?}", connect(&c, &laddr)),
    );
    let Ok((conn, peer)) = accept(&l) else { return };
    step(
        "syscall.Accept (beyond Go: EWINDOWS there)",
        "accept(&l)",
        format!("peer {peer:?}"),
    );
    step(
        "syscall.Getpeername",
        "getpeername(&c)",
        format!("{:?}", getpeername(&c)),
    );
    let sent = wsa_send(&c, &[IoSlice::new(b"hello, "), IoSlice::new(b"echo")], 0);
    step(
        "syscall.WSASend",
        "wsa_send(&c, [\"hello, \", \"echo\"], 0)",
        format!("{sent:?} bytes (gathered)"),
    );
    let mut buf = [0u8; 32];
    let mut flags = 0u32;
    let n = wsa_recv(&conn, &mut [IoSliceMut::new(&mut buf)], &mut flags).unwrap_or(0);
    step(
        "syscall.WSARecv",
        "wsa_recv(&conn, [buf], &mut flags)",
        format!("{n} bytes: {:?}", String::from_utf8_lossy(&buf[..n])),
    );
    let echoed = wsa_send(&conn, &[IoSlice::new(&buf[..n])], 0);
    let mut back = [0u8; 32];
    let m = recvfrom(&c, &mut back, 0).map(|(m, _)| m).unwrap_or(0);
    step(
        "syscall.Recvfrom (beyond Go)",
        "recvfrom(&c, &mut back, 0)",
        format!(
            "echo {echoed:?} → {:?}",
            String::from_utf8_lossy(&back[..m])
        ),
    );
    step(
        "syscall.Shutdown",
        "shutdown(&c, SHUT_WR)",
        format!("{:?}", shutdown(&c, SHUT_WR)),
    );
    step(
        "syscall.Closesocket",
        "closesocket(conn)",
        format!("{:?}", closesocket(conn)),
    );

    section("Socket options");
    step(
        "syscall.SetsockoptInt",
        "setsockopt_int(&c, IPPROTO_TCP, TCP_NODELAY, 1)",
        format!("{:?}", setsockopt_int(&c, IPPROTO_TCP, TCP_NODELAY, 1)),
    );
    step(
        "syscall.GetsockoptInt",
        "getsockopt_int(&c, IPPROTO_TCP, TCP_NODELAY)",
        format!("{:?}", getsockopt_int(&c, IPPROTO_TCP, TCP_NODELAY)),
    );
    let lg = Linger {
        onoff: 1,
        linger: 5,
    };
    step(
        "syscall.SetsockoptLinger",
        "setsockopt_linger(&c, SOL_SOCKET, SO_LINGER, &{1, 5})",
        format!(
            "{:?} → {:?}",
            setsockopt_linger(&c, SOL_SOCKET, SO_LINGER, &lg),
            getsockopt_linger(&c, SOL_SOCKET, SO_LINGER)
        ),
    );
    let tv = Timeval {
        sec: 1,
        usec: 250_000,
    };
    step(
        "syscall.SetsockoptTimeval (beyond Go)",
        "setsockopt_timeval(&c, SOL_SOCKET, SO_RCVTIMEO, &{1s, 250ms})",
        format!(
            "{:?}; Winsock holds {:?} ms",
            setsockopt_timeval(&c, SOL_SOCKET, SO_RCVTIMEO, &tv),
            getsockopt_int(&c, SOL_SOCKET, SO_RCVTIMEO)
        ),
    );

    section("UDP and errors");
    if let (Ok(a), Ok(b)) = (
        socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP),
        socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP),
    ) {
        let _ = bind(&a, lo4(0));
        let _ = bind(&b, lo4(0));
        if let (Ok(aaddr), Ok(baddr)) = (getsockname(&a), getsockname(&b)) {
            let r = wsa_sendto(&a, &[IoSlice::new(b"dgram")], 0, Some(&baddr));
            step(
                "syscall.WSASendto",
                "wsa_sendto(&a, [\"dgram\"], 0, Some(&baddr))",
                format!("{r:?}"),
            );
            let mut d = [0u8; 16];
            let mut fl = 0u32;
            let got = wsa_recvfrom(&b, &mut [IoSliceMut::new(&mut d)], &mut fl);
            step(
                "syscall.WSARecvFrom",
                "wsa_recvfrom(&b, [d], &mut flags)",
                format!("{got:?} (sender {aaddr:?})"),
            );
        }
    }
    let refused = socket(AF_INET, SOCK_STREAM, 0).and_then(|s| {
        let _ = bind(&s, lo4(0));
        let a = getsockname(&s)?;
        drop(s);
        connect(socket(AF_INET, SOCK_STREAM, 0)?, a)
    });
    step(
        "syscall.Connect",
        "connect(s, closed loopback port)",
        format!(
            "{refused:?}: {}",
            refused.err().map(|e| e.to_string()).unwrap_or_default()
        ),
    );
    step(
        "syscall.Bind",
        "bind(&c, port 70000)",
        format!("{:?}", bind(&c, lo4(70000))),
    );

    section("Names");
    let hints = AddrinfoW::hints(0, AF_UNSPEC, SOCK_STREAM, 0);
    match get_addr_info_w(Some("localhost"), Some("80"), Some(&hints)) {
        Ok(list) => {
            let addrs: Vec<_> = list
                .iter()
                .filter_map(|ai| ai.addr.and_then(|a| a.to_socket_addr().ok()))
                .collect();
            step(
                "syscall.GetAddrInfoW",
                "get_addr_info_w(Some(\"localhost\"), Some(\"80\"), ..)",
                format!("{addrs:?}"),
            );
        }
        Err(e) => step(
            "syscall.GetAddrInfoW",
            "get_addr_info_w(\"localhost\")",
            format!("{e:?}"),
        ),
    }
    step(
        "syscall.GetProtoByName",
        "get_proto_by_name(\"tcp\")",
        format!("{:?}", get_proto_by_name("tcp").map(|p| p.proto)),
    );
    step(
        "syscall.GetServByName + Ntohs",
        "ntohs(get_serv_by_name(\"http\", \"tcp\")?.port)",
        format!(
            "{:?}",
            get_serv_by_name("http", "tcp").map(|s| ntohs(s.port))
        ),
    );
}
