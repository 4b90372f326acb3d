//! Attacks on the completion-port layer: stale packets, lengths Windows
//! trusts, socket values reused while an operation still names them.

use crate::common;
use crate::in_child;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, UdpSocket};
use std::time::Duration;
use winsyscall::*;

const LONG: Option<Duration> = Some(Duration::from_secs(20));

fn loopback(port: u16) -> SocketAddr {
    SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::LOCALHOST, port))
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

/// A receive that fails at once with a *warning* (a 100-byte datagram into a
/// 10-byte buffer: `STATUS_BUFFER_OVERFLOW`) still queues a packet. The
/// operation's block must stay registered until that packet comes; freed at
/// once, the next operation gets the same address and the stale packet
/// "completes" it while the kernel still owns its buffer.
#[test]
fn recv_warning_keeps_block_until_packet() {
    in_child("iocp::recv_warning_keeps_block_until_packet", || {
        let port = CompletionPort::new(0).unwrap();
        let rx = UdpSocket::bind(loopback(0)).unwrap();
        let tx = UdpSocket::bind(loopback(0)).unwrap();
        let to = rx.local_addr().unwrap();
        port.associate_socket(&rx, 7).unwrap();
        for round in 0..64u8 {
            let first = datagram(round, 100);
            let second = datagram(round ^ 0x5A, 50);
            tx.send_to(&first, to).unwrap();
            // Let the datagram arrive so that the receive finishes at once.
            std::thread::sleep(Duration::from_millis(2));
            let small = port
                .recv(&rx, vec![0xEE; 10])
                .expect("a receive that fails with a warning is reported through the port");
            let big = port.recv(&rx, vec![0xEE; 200]).unwrap();
            tx.send_to(&second, to).unwrap();
            let (mut got_small, mut got_big) = (None, None);
            while got_small.is_none() || got_big.is_none() {
                let d = done(port.wait(LONG).unwrap());
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
            // GetQueuedCompletionStatus maps STATUS_BUFFER_OVERFLOW to
            // ERROR_MORE_DATA (234); the first 10 bytes of the datagram are there.
            let (r, buf) = got_small.unwrap();
            assert_eq!(r, Err(Errno::ERROR_MORE_DATA), "round {round}");
            assert_eq!(buf, first[..10], "round {round}");
            let (r, buf) = got_big.unwrap();
            assert_eq!(r, Ok(50), "round {round}");
            assert_eq!(buf, second, "round {round}: foreign data in the buffer");
            assert_eq!(port.in_flight(), 0);
        }
    });
}
