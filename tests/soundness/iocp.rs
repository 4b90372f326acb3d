//! Attacks on the completion-port layer: stale packets, lengths Windows
//! trusts, socket values reused while an operation still names them.

use crate::in_child;
use std::collections::VecDeque;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpListener, TcpStream, UdpSocket};
use std::os::windows::io::OwnedSocket;
use std::sync::Arc;
use std::time::Duration;
use winsyscall::*;

const LONG: Option<Duration> = Some(Duration::from_secs(20));
const SHORT: Option<Duration> = Some(Duration::from_millis(50));

fn loopback(port: u16) -> SocketAddr {
    SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::LOCALHOST, port))
}

fn tcp() -> OwnedSocket {
    socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).unwrap()
}

fn done(c: Completion) -> OpDone {
    match c {
        Completion::Done(d) => d,
        other => panic!("expected an operation's completion, got {other:?}"),
    }
}

fn datagram(tag: u8, len: usize) -> Vec<u8> {
    (0..len).map(|i| tag ^ (i as u8).wrapping_mul(7)).collect()
}

/// The next finished operation, taken one at a time (`wait`) or in batches
/// (`wait_many`, whose statuses are read from the blocks).
fn next(port: &CompletionPort, batched: bool, queue: &mut VecDeque<Completion>) -> OpDone {
    if !batched {
        return done(port.wait(LONG).unwrap());
    }
    while queue.is_empty() {
        queue.extend(port.wait_many(8, LONG).unwrap());
    }
    done(queue.pop_front().unwrap())
}

/// A receive that fails at once with a *warning* (a 100-byte datagram into a
/// 10-byte buffer: `STATUS_BUFFER_OVERFLOW`, `WSAEMSGSIZE` from `WSARecv`)
/// still queues a packet. The operation's block must stay registered until
/// that packet comes; freed at once, the next operation gets the same address
/// and the stale packet "completes" it while the kernel still owns its buffer.
#[test]
fn recv_warning_keeps_block_until_packet() {
    in_child("iocp::recv_warning_keeps_block_until_packet", || {
        let port = CompletionPort::new(0).unwrap();
        let rx = UdpSocket::bind(loopback(0)).unwrap();
        let tx = UdpSocket::bind(loopback(0)).unwrap();
        let to = rx.local_addr().unwrap();
        port.associate_socket(&rx, 7).unwrap();
        let mut queue = VecDeque::new();
        for round in 0..64u8 {
            let batched = round % 2 == 1;
            let first = datagram(round, 100);
            let second = datagram(round ^ 0x5A, 50);
            tx.send_to(&first, to).unwrap();
            // Let the datagram arrive so that the receive finishes at once.
            std::thread::sleep(Duration::from_millis(2));
            let small = port
                .recv(&rx, vec![0xEE; 10])
                .expect("a receive that ends with a warning is reported through the port");
            let big = port.recv(&rx, vec![0xEE; 200]).unwrap();
            tx.send_to(&second, to).unwrap();
            let (mut got_small, mut got_big) = (None, None);
            while got_small.is_none() || got_big.is_none() {
                let d = next(&port, batched, &mut queue);
                assert_eq!(d.key, 7);
                let OpOutput::Recv(buf) = d.output else {
                    panic!("not a receive: {:?}", d.output)
                };
                if d.id == small.id() {
                    assert!(got_small.is_none(), "two packets for one operation");
                    got_small = Some((d.result, buf));
                } else {
                    assert_eq!(d.id, big.id(), "a packet for an operation never started");
                    assert!(got_big.is_none(), "two packets for one operation");
                    got_big = Some((d.result, buf));
                }
            }
            // The packet carries STATUS_BUFFER_OVERFLOW, which
            // GetQueuedCompletionStatus (and RtlNtStatusToDosError, for the
            // batched path) turn into ERROR_MORE_DATA (234); the first 10
            // bytes of the datagram are in the buffer.
            let (r, buf) = got_small.unwrap();
            assert_eq!(r, Err(Errno::ERROR_MORE_DATA), "round {round}");
            assert_eq!(buf, first[..10], "round {round}");
            let (r, buf) = got_big.unwrap();
            assert_eq!(r, Ok(50), "round {round}");
            assert_eq!(buf, second, "round {round}: foreign data in the buffer");
            assert_eq!(port.in_flight(), 0);
        }
        // The same while another thread is blocked in `wait`: the packet can
        // be taken before `recv` has returned, and must still be matched.
        std::thread::scope(|s| {
            for round in 0..16u8 {
                let first = datagram(round, 100);
                tx.send_to(&first, to).unwrap();
                std::thread::sleep(Duration::from_millis(2));
                let waiter = s.spawn(|| done(port.wait(LONG).unwrap()));
                std::thread::sleep(Duration::from_millis(1));
                let small = port.recv(&rx, vec![0xEE; 10]).unwrap();
                let d = waiter.join().unwrap();
                assert_eq!((d.id, d.result), (small.id(), Err(Errno::ERROR_MORE_DATA)));
                assert!(matches!(d.output, OpOutput::Recv(ref v) if v[..] == first[..10]));
            }
        });
        assert_eq!(port.in_flight(), 0);
    });
}

/// A receive (or send) that succeeds at once still queues its packet (no
/// skip mode): the block must not be freed, nor its result handed out, before
/// that packet comes, or the packet would later "complete" whatever operation
/// got the block's address next.
#[test]
fn immediate_success_waits_for_its_packet() {
    in_child("iocp::immediate_success_waits_for_its_packet", || {
        let port = CompletionPort::new(0).unwrap();
        let rx = UdpSocket::bind(loopback(0)).unwrap();
        let tx = UdpSocket::bind(loopback(0)).unwrap();
        let to = rx.local_addr().unwrap();
        tx.connect(to).unwrap();
        port.associate_socket(&rx, 1).unwrap();
        port.associate_socket(&tx, 2).unwrap();
        for round in 0..100u8 {
            let (d1, d2) = (datagram(round, 40), datagram(round ^ 0xA5, 60));
            tx.send(&d1).unwrap();
            std::thread::sleep(Duration::from_millis(2));
            // Data waiting: this one finishes at once.
            let now = port.recv(&rx, vec![0xEE; 200]).unwrap();
            // Nothing waiting: this one goes pending; the send finishes at once.
            let later = port.recv(&rx, vec![0xEE; 200]).unwrap();
            let sent = port.send(&tx, d2.clone()).unwrap();
            let mut seen = Vec::new();
            while seen.len() < 3 {
                let d = done(port.wait(LONG).unwrap());
                assert!(!seen.contains(&d.id), "two packets for one operation");
                seen.push(d.id);
                match d.output {
                    OpOutput::Recv(buf) if d.id == now.id() => {
                        assert_eq!((d.key, d.result), (1, Ok(40)));
                        assert_eq!(buf, d1, "round {round}");
                    }
                    OpOutput::Recv(buf) if d.id == later.id() => {
                        assert_eq!((d.key, d.result), (1, Ok(60)));
                        assert_eq!(buf, d2, "round {round}");
                    }
                    OpOutput::Send(buf) if d.id == sent.id() => {
                        assert_eq!((d.key, d.result), (2, Ok(60)));
                        assert_eq!(buf, d2);
                    }
                    other => panic!(
                        "round {round}: {:?} is no operation we started: {other:?}",
                        d.id
                    ),
                }
            }
            assert_eq!(port.in_flight(), 0);
            assert_eq!(
                port.wait(Some(Duration::ZERO)).unwrap_err(),
                Errno::WAIT_TIMEOUT
            );
        }
    });
}

/// `FILE_SKIP_COMPLETION_PORT_ON_SUCCESS`, set with the safe call on an
/// associated handle (the overlapped write end of `std::io::pipe`): a write
/// that finishes at once sends no packet, so its block can never be known to
/// be free. It stays registered (counted by `in_flight`), leaked; no result of
/// it is ever reported, and the port keeps matching everything else exactly.
#[test]
fn skip_on_success_leaks_never_frees() {
    in_child("iocp::skip_on_success_leaks_never_frees", || {
        let port = CompletionPort::new(0).unwrap();
        // The parent's end of a child's stdout pipe is overlapped (std reads
        // stdout and stderr at once); once the child has exited, its output
        // waits in the pipe and a read of it finishes at once.
        let mut child = crate::common::start_child(|| {
            std::process::Command::new(std::env::current_exe().unwrap())
                .args(["--list", "--format", "terse"])
                .stdout(std::process::Stdio::piped())
                .spawn()
        })
        .unwrap();
        let out = child.stdout.take().unwrap();
        assert!(child.wait().unwrap().success());
        port.associate(&out, 1).unwrap();
        set_file_completion_notification_modes(&out, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS).unwrap();
        let mut ids = Vec::new();
        let mut refused = None;
        // Read to the end of the child's output (bounded: it is a list of tests).
        for _ in 0..100_000 {
            match port.read_at(&out, 0, vec![0xEE; 64]) {
                Ok(p) => ids.push(p.detach()),
                Err(e) => {
                    refused = Some(e);
                    break;
                }
            }
        }
        // Reads that went pending deliver their packets; those that finished
        // at once never do.
        let mut delivered = 0;
        loop {
            match port.wait(SHORT) {
                Err(e) => {
                    assert_eq!(e, Errno::WAIT_TIMEOUT);
                    break;
                }
                Ok(c) => {
                    let d = done(c);
                    assert!(ids.contains(&d.id), "{:?} is no read of ours", d.id);
                    assert_eq!(d.key, 1);
                    assert!(matches!(d.result, Ok(1..=64)), "{:?}", d.result);
                    delivered += 1;
                }
            }
        }
        // The child's output read to its end, the pipe reports the writer gone.
        assert_eq!(refused, Some(Errno::ERROR_BROKEN_PIPE));
        assert!(!ids.is_empty());
        assert_eq!(port.in_flight(), ids.len() - delivered);
        let leaked = port.in_flight();
        let rx = UdpSocket::bind(loopback(0)).unwrap();
        let tx = UdpSocket::bind(loopback(0)).unwrap();
        port.associate_socket(&rx, 2).unwrap();
        // Everything else is still matched exactly.
        for round in 0..32u8 {
            let p = port.recv(&rx, vec![0xEE; 64]).unwrap();
            let msg = datagram(round, 33);
            tx.send_to(&msg, rx.local_addr().unwrap()).unwrap();
            let d = done(port.wait(LONG).unwrap());
            assert_eq!((d.id, d.key, d.result), (p.id(), 2, Ok(33)));
            assert!(matches!(d.output, OpOutput::Recv(ref v) if *v == msg));
        }
        assert_eq!(port.in_flight(), leaked);
        // Dropping the port leaves the leaked blocks allocated.
        drop(port);
    });
}

/// `GetAcceptExSockaddrs` trusts its lengths: given address areas too small
/// for its header, or a buffer shorter than the lengths, it reads outside the
/// slice. The safe form refuses them first with `EINVAL`.
#[test]
fn accept_ex_sockaddrs_refuses_lengths_it_would_read_past() {
    in_child(
        "iocp::accept_ex_sockaddrs_refuses_lengths_it_would_read_past",
        || {
            // One real AcceptEx first, as in any program with a buffer to
            // decode (Wine's mswsock finds the decoder through it).
            let port = CompletionPort::new(0).unwrap();
            let listener = Arc::new(TcpListener::bind(loopback(0)).unwrap());
            port.associate_socket(&listener, 1).unwrap();
            let acc = port.accept(Arc::clone(&listener), tcp()).unwrap();
            let _client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
            let d = done(port.wait(LONG).unwrap());
            assert_eq!((d.id, d.result), (acc.id(), Ok(0)));
            let big = [0xFFu8; 512];
            let cases: &[(&[u8], u32, u32, u32)] = &[
                (&[], 0, 0, 0),
                (&big[..0], 0, 0, 0),
                (&big[..1], 0, 0, 0),
                (&big[..64], 0, 0, 0),
                (&big[..64], 64, 0, 0),
                (&big[..64], 0, 31, 32),
                (&big[..64], 0, 32, 31),
                (&big[..64], 0, 1, 1),
                (&big[..63], 0, 32, 32),
                (&big[..103], 40, 32, 32),
                (&big[..10], 0, 44, 44),
                (&big[..], u32::MAX, 32, 32),
                (&big[..], 0, u32::MAX, u32::MAX),
                // Lengths that fit, over bytes AcceptEx never wrote: no address fits its area.
                (&big[..64], 0, 32, 32),
                (&big[..], 100, 144, 144),
            ];
            for &(buf, rx, l, r) in cases {
                assert_eq!(
                    get_accept_ex_sockaddrs(buf, rx, l, r).unwrap_err(),
                    Errno::EINVAL,
                    "len {} rx {rx} l {l} r {r}",
                    buf.len()
                );
            }
        },
    );
}

/// `AcceptEx` sets `SO_UPDATE_ACCEPT_CONTEXT` at completion, naming the
/// listening socket. Safe code drops every listener handle it holds as soon as
/// the accept is started, then creates handles that would take a freed value
/// (files: not sockets at all; fresh sockets): the operation must hold the
/// listener, so the connection is still accepted, the option names the
/// listener, and the other handles are untouched.
#[test]
fn accept_keeps_its_listener_until_completion() {
    in_child("iocp::accept_keeps_its_listener_until_completion", || {
        let port = CompletionPort::new(0).unwrap();
        let exe = std::env::current_exe().unwrap();
        for round in 0..16 {
            let listener = Arc::new(TcpListener::bind(loopback(0)).unwrap());
            let laddr = listener.local_addr().unwrap();
            port.associate_socket(&listener, 1).unwrap();
            let acc = port.accept(Arc::clone(&listener), tcp()).unwrap();
            drop(listener);
            let files: Vec<_> = (0..4).map(|_| std::fs::File::open(&exe).unwrap()).collect();
            let others: Vec<UdpSocket> = (0..4)
                .map(|_| UdpSocket::bind(loopback(0)).unwrap())
                .collect();
            let bound: Vec<SocketAddr> = others.iter().map(|s| s.local_addr().unwrap()).collect();
            let client = TcpStream::connect(laddr).unwrap();
            let d = done(port.wait(LONG).unwrap());
            assert_eq!(
                (d.id, d.key, d.result),
                (acc.id(), 1, Ok(0)),
                "round {round}"
            );
            let OpOutput::Accept {
                socket,
                local,
                remote,
                data,
            } = d.output
            else {
                panic!("not an accept")
            };
            assert_eq!(local.unwrap().to_socket_addr().unwrap(), laddr);
            assert_eq!(
                remote.unwrap().to_socket_addr().unwrap(),
                client.local_addr().unwrap()
            );
            assert!(data.is_empty());
            assert_eq!(
                getpeername(&socket).unwrap().to_socket_addr().unwrap(),
                client.local_addr().unwrap()
            );
            for (s, b) in others.iter().zip(&bound) {
                assert_eq!(s.local_addr().unwrap(), *b);
                assert_eq!(getpeername(s).unwrap_err(), Errno::WSAENOTCONN);
            }
            drop(files);
        }
        assert_eq!(port.in_flight(), 0);
    });
}

/// `ConnectEx` sets `SO_UPDATE_CONNECT_CONTEXT` on its socket at completion:
/// the operation owns that socket and gives it back, connected; sockets
/// created meanwhile (that could have reused a closed socket's value) are
/// untouched.
#[test]
fn connect_owns_its_socket_until_completion() {
    in_child("iocp::connect_owns_its_socket_until_completion", || {
        let port = CompletionPort::new(0).unwrap();
        let listener = TcpListener::bind(loopback(0)).unwrap();
        let laddr = listener.local_addr().unwrap();
        for round in 0..16 {
            let s = tcp();
            bind(&s, loopback(0)).unwrap();
            let me = getsockname(&s).unwrap().to_socket_addr().unwrap();
            port.associate_socket(&s, 4).unwrap();
            let con = port
                .connect(s, &Sockaddr::from(laddr), b"hey".to_vec())
                .unwrap();
            let others: Vec<UdpSocket> = (0..4)
                .map(|_| UdpSocket::bind(loopback(0)).unwrap())
                .collect();
            let (mut peer, from) = listener.accept().unwrap();
            assert_eq!(from, me);
            let d = done(port.wait(LONG).unwrap());
            assert_eq!(
                (d.id, d.key, d.result),
                (con.id(), 4, Ok(3)),
                "round {round}"
            );
            let OpOutput::Connect { socket, data } = d.output else {
                panic!("not a connect")
            };
            assert_eq!(data, b"hey");
            assert_eq!(getsockname(&socket).unwrap().to_socket_addr().unwrap(), me);
            assert_eq!(
                getpeername(&socket).unwrap().to_socket_addr().unwrap(),
                laddr
            );
            let mut got = [0u8; 3];
            std::io::Read::read_exact(&mut peer, &mut got).unwrap();
            assert_eq!(&got, b"hey");
            for o in &others {
                assert_eq!(getpeername(o).unwrap_err(), Errno::WSAENOTCONN);
            }
        }
        assert_eq!(port.in_flight(), 0);
    });
}
