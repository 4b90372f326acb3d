//! Completion ports and overlapped I/O, under Wine.
#![cfg(windows)]

mod common;
#[path = "iocp/raw.rs"]
mod raw;

use std::collections::{HashMap, HashSet};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
use std::os::windows::fs::OpenOptionsExt;
use std::os::windows::io::{AsRawHandle, FromRawHandle, OwnedHandle, OwnedSocket};
use std::sync::Arc;
use std::time::Duration;
use winsyscall::*;

const FILE_FLAG_OVERLAPPED: u32 = 0x4000_0000;
const SHORT: Option<Duration> = Some(Duration::from_millis(50));
const LONG: Option<Duration> = Some(Duration::from_secs(20));

fn done(c: Completion) -> OpDone {
    match c {
        Completion::Done(d) => d,
        other => panic!("expected an operation's completion, got {other:?}"),
    }
}

#[test]
fn many_threads_post_and_take_every_packet_exactly_once() {
    const PRODUCERS: usize = 4;
    const CONSUMERS: usize = 4;
    const PER: usize = 2500;
    const STOP: usize = usize::MAX;
    let port = CompletionPort::new(0).unwrap();
    let got: Vec<Vec<(usize, u32)>> = std::thread::scope(|s| {
        let consumers: Vec<_> = (0..CONSUMERS)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        match port.wait(LONG).unwrap() {
                            Completion::Posted { key: STOP, .. } => return mine,
                            Completion::Posted { key, bytes } => mine.push((key, bytes)),
                            other => panic!("{other:?}"),
                        }
                    }
                })
            })
            .collect();
        let producers: Vec<_> = (0..PRODUCERS)
            .map(|t| {
                let port = &port;
                s.spawn(move || {
                    for i in 0..PER {
                        port.post((i * 3) as u32, t * 1_000_000 + i).unwrap();
                    }
                })
            })
            .collect();
        for p in producers {
            p.join().unwrap();
        }
        // The queue is FIFO: every real packet is taken before any stop packet.
        for _ in 0..CONSUMERS {
            port.post(0, STOP).unwrap();
        }
        consumers.into_iter().map(|c| c.join().unwrap()).collect()
    });
    let all: Vec<(usize, u32)> = got.into_iter().flatten().collect();
    assert_eq!(all.len(), PRODUCERS * PER);
    let keys: HashSet<usize> = all.iter().map(|&(k, _)| k).collect();
    assert_eq!(keys.len(), PRODUCERS * PER, "a packet was received twice");
    // Summed in u64: on 32-bit x86 the total does not fit in a usize.
    let key_sum: u64 = all.iter().map(|&(k, _)| k as u64).sum();
    let want_key_sum: u64 = (0..PRODUCERS)
        .map(|t| (0..PER).map(|i| (t * 1_000_000 + i) as u64).sum::<u64>())
        .sum();
    assert_eq!(key_sum, want_key_sum);
    for &(k, b) in &all {
        assert_eq!(b as usize, (k % 1_000_000) * 3);
    }
    assert_eq!(
        port.wait(Some(Duration::ZERO)).unwrap_err(),
        Errno::WAIT_TIMEOUT
    );
}

#[test]
fn get_queued_completion_status_ex_takes_batches() {
    let port = CompletionPort::new(1).unwrap();
    for i in 0..10 {
        port.post(i as u32, 100 + i).unwrap();
    }
    let keys = |v: Vec<Completion>| -> Vec<usize> {
        v.into_iter()
            .map(|c| match c {
                Completion::Posted { key, bytes } => {
                    assert_eq!(bytes as usize, key - 100);
                    key
                }
                other => panic!("{other:?}"),
            })
            .collect()
    };
    assert_eq!(
        keys(port.wait_many(4, LONG).unwrap()),
        vec![100, 101, 102, 103]
    );
    assert_eq!(
        keys(port.wait_many(4, LONG).unwrap()),
        vec![104, 105, 106, 107]
    );
    assert_eq!(keys(port.wait_many(64, LONG).unwrap()), vec![108, 109]);
    assert_eq!(
        port.wait_many(8, Some(Duration::ZERO)).unwrap_err(),
        Errno::WAIT_TIMEOUT
    );
    assert_eq!(port.wait_many(0, None).unwrap_err(), Errno::EINVAL);

    // The raw call.
    port.post(9, 7).unwrap();
    port.post(8, 6).unwrap();
    let mut entries = [OverlappedEntry::default(); 3];
    let n = get_queued_completion_status_ex(&port, &mut entries, 1000, false).unwrap();
    assert_eq!(n, 2);
    assert_eq!(
        (
            entries[0].key,
            entries[0].bytes,
            entries[0].overlapped.is_null()
        ),
        (7, 9, true)
    );
    assert_eq!((entries[1].key, entries[1].bytes), (6, 8));
    assert_eq!(
        get_queued_completion_status_ex(&port, &mut entries, 0, false),
        Err(Errno::WAIT_TIMEOUT)
    );
    assert_eq!(
        get_queued_completion_status_ex(&port, &mut [], 0, false),
        Err(Errno::EINVAL)
    );
}

#[test]
fn timeouts_give_wait_timeout_as_go() {
    let port = CompletionPort::new(0).unwrap();
    assert_eq!(port.wait(SHORT).unwrap_err(), Errno::WAIT_TIMEOUT);
    assert_eq!(port.wait(SHORT).unwrap_err().0, 258);
    assert_eq!(
        port.get_raw(Some(Duration::ZERO)).unwrap_err().errno,
        Errno::WAIT_TIMEOUT
    );
    assert_eq!(
        get_queued_completion_status(&port, 10).unwrap_err().errno,
        Errno::WAIT_TIMEOUT
    );
}

#[test]
fn go_u32_forms_and_key_overflow() {
    let h = create_io_completion_port(None, None, 0, 1).unwrap();
    // SAFETY: a new port that nothing else owns.
    let port = unsafe { OwnedHandle::from_raw_handle(h) };
    // SAFETY: a NULL OVERLAPPED names no operation.
    unsafe { post_queued_completion_status(&port, 5, 7, std::ptr::null_mut()) }.unwrap();
    assert_eq!(
        get_queued_completion_status(&port, 1000),
        Ok(QueuedCompletion {
            bytes: 5,
            key: 7,
            overlapped: std::ptr::null_mut()
        })
    );

    // A key that does not fit in u32 (64-bit only: on 32-bit x86 every key
    // fits): Go's "key overflow" error, packet still given (its key
    // truncated); the pointer-key form has no such error.
    #[cfg(target_pointer_width = "64")]
    {
        let cp = CompletionPort::new(0).unwrap();
        cp.post(1, (1usize << 40) | 3).unwrap();
        assert_eq!(
            get_queued_completion_status(&cp, 1000),
            Err(QueuedCompletionError {
                errno: ERROR_ARITHMETIC_OVERFLOW,
                packet: Some(QueuedCompletion {
                    bytes: 1,
                    key: 3,
                    overlapped: std::ptr::null_mut()
                })
            })
        );
        cp.post(2, (1usize << 40) | 4).unwrap();
        assert_eq!(
            get_queued_completion_status_usize(&cp, 1000),
            Ok(QueuedCompletion {
                bytes: 2,
                key: (1usize << 40) | 4,
                overlapped: std::ptr::null_mut()
            })
        );
    }

    // Associating returns the same port handle.
    let dir = common::TempDir::new("iocp-assoc");
    let f = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .custom_flags(FILE_FLAG_OVERLAPPED)
        .open(dir.join("a"))
        .unwrap();
    let again = create_io_completion_port(
        Some(std::os::windows::io::AsHandle::as_handle(&f)),
        Some(std::os::windows::io::AsHandle::as_handle(&port)),
        9,
        0,
    )
    .unwrap();
    assert_eq!(again, port.as_raw_handle());
}

#[test]
fn safe_forms_create_an_owned_port_and_post_without_overlapped() {
    // A new port, owned: no `unsafe` to wrap it.
    let port: OwnedHandle = create_io_completion_port_owned(None, 0, 1).unwrap();
    // A key using the top bits of a pointer-sized key.
    let key = (usize::MAX << (usize::BITS - 8)) | 7;
    post_queued_completion_status_null(&port, 5, key).unwrap();
    let p = get_queued_completion_status_ex_one(&port);
    assert_eq!(p, (key, 5, true));
    // The NULL post reaches a CompletionPort's `wait` as a posted packet.
    let cp = CompletionPort::new(0).unwrap();
    post_queued_completion_status_null(&cp, 9, 3).unwrap();
    match cp.wait(LONG).unwrap() {
        Completion::Posted { key, bytes } => assert_eq!((key, bytes), (3, 9)),
        other => panic!("{other:?}"),
    }
    // A new port associated with a file at once; its packets carry the key.
    let dir = common::TempDir::new("iocp-owned");
    std::fs::write(dir.join("f"), b"0123456789").unwrap();
    let f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(FILE_FLAG_OVERLAPPED)
        .open(dir.join("f"))
        .unwrap();
    let fport =
        create_io_completion_port_owned(Some(std::os::windows::io::AsHandle::as_handle(&f)), 44, 0)
            .unwrap();
    // Associated already: a second port is refused.
    assert_eq!(
        create_io_completion_port_owned(Some(std::os::windows::io::AsHandle::as_handle(&f)), 1, 0)
            .unwrap_err(),
        Errno::ERROR_INVALID_PARAMETER
    );
    drop(fport);
    // Not a port: the error Windows reports.
    assert_eq!(
        post_queued_completion_status_null(&f, 0, 0).unwrap_err(),
        Errno::ERROR_INVALID_HANDLE
    );
}

fn get_queued_completion_status_ex_one(port: &OwnedHandle) -> (usize, u32, bool) {
    let mut e = [OverlappedEntry::default(); 1];
    assert_eq!(
        get_queued_completion_status_ex(port, &mut e, 1000, false),
        Ok(1)
    );
    (e[0].key, e[0].bytes, e[0].overlapped.is_null())
}

#[test]
fn unknown_overlapped_is_reported_not_trusted() {
    let port = CompletionPort::new(0).unwrap();
    let mut foreign = Overlapped::default();
    let addr = &raw mut foreign;
    // SAFETY: `foreign` is no operation in flight.
    unsafe { port.post_raw(3, 11, addr) }.unwrap();
    match port.wait(LONG).unwrap() {
        Completion::Unknown {
            key,
            bytes,
            overlapped,
            error,
        } => {
            assert_eq!(
                (key, bytes, overlapped, error),
                (11, 3, addr as usize, None)
            );
        }
        other => panic!("{other:?}"),
    }
}

fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

/// Go's unexported createIoCompletionPort: a pointer-sized key; associating a file
/// answers the existing port's own handle.
#[test]
fn usize_key_form_creates_and_associates() {
    let raw = create_io_completion_port_usize(None, None, 0, 1).unwrap();
    // SAFETY: a new port handle nothing else owns.
    let port = unsafe { OwnedHandle::from_raw_handle(raw) };
    let dir = common::TempDir::new("iocp-usize");
    let path = dir.join("f");
    std::fs::write(&path, b"x").unwrap();
    let f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(FILE_FLAG_OVERLAPPED)
        .open(&path)
        .unwrap();
    use std::os::windows::io::AsHandle;
    let again =
        create_io_completion_port_usize(Some(f.as_handle()), Some(port.as_handle()), usize::MAX, 0)
            .unwrap();
    assert_eq!(again, raw);
    // A second association of the same file is refused.
    assert_eq!(
        create_io_completion_port_usize(Some(f.as_handle()), Some(port.as_handle()), 1, 0),
        Err(Errno::ERROR_INVALID_PARAMETER)
    );
}

#[test]
fn overlapped_file_reads_at_offsets() {
    let dir = common::TempDir::new("iocp-read");
    let path = dir.join("data.bin");
    let content = pattern(200_000);
    std::fs::write(&path, &content).unwrap();
    let f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(FILE_FLAG_OVERLAPPED)
        .open(&path)
        .unwrap();
    let port = CompletionPort::new(0).unwrap();
    port.associate(&f, 77).unwrap();

    let wants: Vec<(u64, usize)> = vec![
        (0, 4096),
        (1, 10),
        (65_536, 70_000),
        (199_990, 4096),
        (123_457, 1),
    ];
    let mut ids = HashMap::new();
    let mut pendings = Vec::new();
    for &(off, len) in &wants {
        let p = port.read_at(&f, off, vec![0xAA; len]).unwrap();
        ids.insert(p.id(), (off, len));
        pendings.push(p);
    }
    assert!(port.in_flight() <= wants.len());
    for _ in 0..wants.len() {
        let d = done(port.wait(LONG).unwrap());
        assert_eq!(d.key, 77);
        let (off, len) = ids
            .remove(&d.id)
            .expect("a completion for an operation we started");
        let end = (off as usize + len).min(content.len());
        let want = &content[off as usize..end];
        assert_eq!(d.result, Ok(want.len() as u32));
        match d.output {
            OpOutput::Read(buf) => assert_eq!(buf, want),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(port.in_flight(), 0);
    drop(pendings); // all finished: nothing to cancel

    // Past the end: ERROR_HANDLE_EOF, at once or in the packet.
    match port.read_at(&f, 300_000, vec![0; 16]) {
        Err(e) => assert_eq!(e, Errno::ERROR_HANDLE_EOF),
        Ok(p) => {
            let d = done(port.wait(LONG).unwrap());
            assert_eq!(d.id, p.id());
            assert_eq!(d.result, Err(Errno::ERROR_HANDLE_EOF));
        }
    }
    assert_eq!(port.in_flight(), 0);
}

#[test]
fn overlapped_file_writes_then_reads() {
    let dir = common::TempDir::new("iocp-write");
    let path = dir.join("w.bin");
    let f = std::fs::OpenOptions::new()
        .create(true)
        .read(true)
        .write(true)
        .custom_flags(FILE_FLAG_OVERLAPPED)
        .open(&path)
        .unwrap();
    let port = CompletionPort::new(0).unwrap();
    port.associate(&f, 1).unwrap();
    let a = port.write_at(&f, 0, b"hello ".to_vec()).unwrap();
    let b = port.write_at(&f, 6, b"world".to_vec()).unwrap();
    let mut seen = HashSet::new();
    for _ in 0..2 {
        let d = done(port.wait(LONG).unwrap());
        seen.insert(d.id);
        match d.output {
            OpOutput::Write(buf) => assert_eq!(d.result, Ok(buf.len() as u32)),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(seen, HashSet::from([a.id(), b.id()]));
    let _r = port.read_at(&f, 0, vec![0; 64]).unwrap();
    match done(port.wait(LONG).unwrap()).output {
        OpOutput::Read(buf) => assert_eq!(buf, b"hello world"),
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), b"hello world");
    // Two reads taken in batches (GetQueuedCompletionStatusEx).
    let a = port.read_at(&f, 0, vec![0; 5]).unwrap();
    let b = port.read_at(&f, 6, vec![0; 5]).unwrap();
    let mut got = HashMap::new();
    while got.len() < 2 {
        for c in port.wait_many(8, LONG).unwrap() {
            let d = done(c);
            assert_eq!(d.result, Ok(5));
            let OpOutput::Read(v) = d.output else {
                panic!("not a read")
            };
            got.insert(d.id, v);
        }
    }
    assert_eq!(
        (got[&a.id()].as_slice(), got[&b.id()].as_slice()),
        (&b"hello"[..], &b"world"[..])
    );
    set_file_completion_notification_modes(&f, FILE_SKIP_SET_EVENT_ON_HANDLE).unwrap();
    // Nothing in flight: ERROR_NOT_FOUND (1168) on Windows.
    match cancel_io_ex(&f, std::ptr::null()) {
        Err(e) => assert_eq!(e, Errno::ERROR_NOT_FOUND),
        Ok(()) => assert!(
            common::skip_on_wine(
                "CancelIoEx",
                "Wine reports success when there is nothing to cancel"
            ),
            "CancelIoEx with nothing in flight succeeded"
        ),
    }
    cancel_io(&f).unwrap();
}

#[test]
fn bad_handles_give_windows_errors() {
    let dir = common::TempDir::new("iocp-bad");
    let path = dir.join("x");
    std::fs::write(&path, b"abc").unwrap();
    let port = CompletionPort::new(0).unwrap();
    // Write-only handle: reading is refused at once and nothing stays registered.
    let wo = std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(FILE_FLAG_OVERLAPPED)
        .open(&path)
        .unwrap();
    port.associate(&wo, 0).unwrap();
    assert_eq!(
        port.read_at(&wo, 0, vec![0; 3]).unwrap_err(),
        Errno::ERROR_ACCESS_DENIED
    );
    assert_eq!(port.in_flight(), 0);
    // A handle opened without FILE_FLAG_OVERLAPPED cannot join a port.
    let sync = std::fs::File::open(&path).unwrap();
    match port.associate(&sync, 0) {
        Err(e) => assert_eq!(e, Errno::ERROR_INVALID_PARAMETER),
        Ok(()) => {
            if !common::skip_on_wine(
                "CreateIoCompletionPort",
                "Wine associates a synchronous handle",
            ) {
                panic!("a synchronous handle was associated");
            }
        }
    }
}

// ---- sockets ----------------------------------------------------------------

fn loopback(port: u16) -> SocketAddr {
    SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::LOCALHOST, port))
}

fn tcp() -> OwnedSocket {
    socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).unwrap()
}

/// A connected pair made entirely with AcceptEx and ConnectEx through `port`.
fn accept_connect_pair(
    port: &CompletionPort,
) -> (Arc<std::net::TcpListener>, OwnedSocket, OwnedSocket) {
    let listener = Arc::new(std::net::TcpListener::bind(loopback(0)).unwrap());
    let laddr = listener.local_addr().unwrap();
    port.associate_socket(&listener, 1).unwrap();
    let client = tcp();
    bind(&client, loopback(0)).unwrap();
    port.associate_socket(&client, 2).unwrap();
    let caddr = getsockname(&client).unwrap().to_socket_addr().unwrap();

    let acc = port.accept(Arc::clone(&listener), tcp()).unwrap();
    let con = port
        .connect(client, &Sockaddr::from(laddr), Vec::new())
        .unwrap();
    let (mut server, mut client) = (None, None);
    for _ in 0..2 {
        let d = done(port.wait(LONG).unwrap());
        match d.output {
            OpOutput::Accept {
                socket,
                local,
                remote,
                ..
            } => {
                assert_eq!(d.id, acc.id());
                assert_eq!(d.key, 1);
                d.result.unwrap();
                assert_eq!(local.unwrap().to_socket_addr().unwrap(), laddr);
                assert_eq!(remote.unwrap().to_socket_addr().unwrap(), caddr);
                server = Some(socket);
            }
            OpOutput::Connect { socket, data } => {
                assert_eq!(d.id, con.id());
                assert_eq!(d.key, 2);
                d.result.unwrap();
                assert!(data.is_empty());
                client = Some(socket);
            }
            other => panic!("{other:?}"),
        }
    }
    let (server, client) = (server.unwrap(), client.unwrap());
    port.associate_socket(&server, 3).unwrap();
    // SO_UPDATE_*_CONTEXT were set: the peers know each other.
    assert_eq!(
        getpeername(&client).unwrap().to_socket_addr().unwrap(),
        laddr
    );
    assert_eq!(
        getpeername(&server).unwrap().to_socket_addr().unwrap(),
        caddr
    );
    (listener, server, client)
}

fn take(port: &CompletionPort) -> (OpDone, Vec<u8>) {
    let d = done(port.wait(LONG).unwrap());
    let v = match &d.output {
        OpOutput::Recv(v) | OpOutput::Send(v) => v.clone(),
        other => panic!("{other:?}"),
    };
    (d, v)
}

#[test]
fn tcp_echo_with_acceptex_connectex_wsarecv_wsasend() {
    load_connect_ex().unwrap();
    let port = CompletionPort::new(0).unwrap();
    let (_l, server, client) = accept_connect_pair(&port);
    for (round, size) in [1usize, 100, 5000].into_iter().enumerate() {
        let msg: Vec<u8> = pattern(size).into_iter().map(|b| b ^ round as u8).collect();
        // Server waits for data; client sends.
        let r = port.recv(&server, vec![0; 8192]).unwrap();
        let s = port.send(&client, msg.clone()).unwrap();
        let mut got = Vec::new();
        for _ in 0..2 {
            let (d, v) = take(&port);
            if d.id == s.id() {
                assert_eq!(d.result, Ok(size as u32));
            } else {
                assert_eq!(d.id, r.id());
                got = v;
            }
        }
        // A stream may split: read the rest.
        while got.len() < size {
            let _p = port.recv(&server, vec![0; 8192]).unwrap();
            let (_, v) = take(&port);
            assert!(!v.is_empty());
            got.extend(v);
        }
        assert_eq!(got, msg);
        // Echo back.
        let r = port.recv(&client, vec![0; 8192]).unwrap();
        let _s = port.send(&server, got).unwrap();
        let mut echoed = Vec::new();
        for _ in 0..2 {
            let (d, v) = take(&port);
            if d.id == r.id() {
                echoed = v;
            }
        }
        while echoed.len() < size {
            let _p = port.recv(&client, vec![0; 8192]).unwrap();
            echoed.extend(take(&port).1);
        }
        assert_eq!(echoed, msg);
    }
    // Orderly close: a receive of 0 bytes.
    let r = port.recv(&server, vec![0; 16]).unwrap();
    shutdown(&client, SHUT_WR).unwrap();
    let (d, v) = take(&port);
    assert_eq!((d.id, d.result, v.len()), (r.id(), Ok(0), 0));
    assert_eq!(port.in_flight(), 0);
}

#[test]
fn cancelling_a_pending_receive_delivers_operation_aborted() {
    let port = CompletionPort::new(0).unwrap();
    let (_l, server, _client) = accept_connect_pair(&port);
    let r = port.recv(&server, vec![0; 64]).unwrap();
    r.cancel().unwrap();
    let d = done(port.wait(LONG).unwrap());
    assert_eq!(d.id, r.id());
    assert_eq!(d.result, Err(Errno::ERROR_OPERATION_ABORTED));
    assert!(matches!(d.output, OpOutput::Recv(ref v) if v.is_empty()));
    assert_eq!(r.cancel(), Err(Errno::ERROR_NOT_FOUND));
    drop(r);

    // The same through GetQueuedCompletionStatusEx: the NTSTATUS becomes 995 too.
    let r = port.recv(&server, vec![0; 64]).unwrap();
    r.cancel().unwrap();
    let mut batch = port.wait_many(4, LONG).unwrap();
    assert_eq!(batch.len(), 1);
    let d = done(batch.remove(0));
    assert_eq!(
        (d.id, d.key, d.result),
        (r.id(), 3, Err(Errno::ERROR_OPERATION_ABORTED))
    );
    drop(r);

    // Dropping a pending receive cancels it; the port frees it when its packet comes.
    let r = port.recv(&server, vec![0; 64]).unwrap();
    assert_eq!(port.in_flight(), 1);
    drop(r);
    // Its (cancelled) packet is consumed inside `wait`, never returned.
    for _ in 0..400 {
        if port.in_flight() == 0 {
            break;
        }
        assert_eq!(port.wait(SHORT).unwrap_err(), Errno::WAIT_TIMEOUT);
    }
    assert_eq!(port.in_flight(), 0);

    // A detached receive keeps running and is still reported.
    let id = port.recv(&server, vec![0; 64]).unwrap().detach();
    let _s = port.send(&_client, b"late".to_vec()).unwrap();
    let mut seen = false;
    for _ in 0..2 {
        let d = done(port.wait(LONG).unwrap());
        if d.id == id {
            assert!(matches!(d.output, OpOutput::Recv(ref v) if v == b"late"));
            seen = true;
        }
    }
    assert!(seen);
}

#[test]
fn connect_errors() {
    let port = CompletionPort::new(0).unwrap();
    // Not bound first: Winsock refuses ConnectEx at once.
    let s = tcp();
    port.associate_socket(&s, 0).unwrap();
    assert_eq!(
        port.connect(s, &Sockaddr::from(loopback(1)), Vec::new())
            .unwrap_err(),
        Errno::WSAEINVAL
    );
    assert_eq!(port.in_flight(), 0);
    // A bad address is EINVAL before any call.
    let bad = Sockaddr::Inet4(SockaddrInet4 {
        port: 70000,
        addr: [127, 0, 0, 1],
    });
    let s = tcp();
    port.associate_socket(&s, 0).unwrap();
    assert_eq!(
        port.connect(s, &bad, Vec::new()).unwrap_err(),
        Errno::EINVAL
    );
    // Nobody listening: the packet carries the refusal; the socket comes back.
    let closed = std::net::TcpListener::bind(loopback(0)).unwrap();
    let target = closed.local_addr().unwrap();
    drop(closed);
    let s = tcp();
    port.associate_socket(&s, 0).unwrap();
    bind(&s, loopback(0)).unwrap();
    let bound = getsockname(&s).unwrap();
    let p = port
        .connect(s, &Sockaddr::from(target), Vec::new())
        .unwrap();
    let d = done(port.wait(LONG).unwrap());
    assert_eq!(d.id, p.id());
    match &d.output {
        OpOutput::Connect { socket, data } => {
            assert_eq!(getsockname(socket).unwrap(), bound);
            assert!(data.is_empty());
        }
        other => panic!("{other:?}"),
    }
    // Wine 8 reports a refused ConnectEx exactly as Windows does.
    assert_eq!(d.result.unwrap_err(), Errno::ERROR_CONNECTION_REFUSED);
}

#[test]
fn connect_data_and_transmit_file() {
    let port = CompletionPort::new(0).unwrap();
    let listener = Arc::new(std::net::TcpListener::bind(loopback(0)).unwrap());
    let laddr = listener.local_addr().unwrap();
    port.associate_socket(&listener, 1).unwrap();
    let client = tcp();
    bind(&client, loopback(0)).unwrap();
    port.associate_socket(&client, 2).unwrap();
    let _acc = port.accept(listener, tcp()).unwrap();
    let _con = port
        .connect(client, &Sockaddr::from(laddr), b"first words".to_vec())
        .unwrap();
    let (mut server, mut client) = (None, None);
    for _ in 0..2 {
        let d = done(port.wait(LONG).unwrap());
        match d.output {
            OpOutput::Accept { socket, .. } => server = Some(socket),
            OpOutput::Connect { socket, data } => {
                assert_eq!(d.result, Ok(11));
                assert_eq!(data, b"first words");
                client = Some(socket);
            }
            other => panic!("{other:?}"),
        }
        d.result.unwrap();
    }
    let (server, client) = (server.unwrap(), client.unwrap());
    port.associate_socket(&server, 3).unwrap();
    let mut want = b"first words".to_vec();

    let dir = common::TempDir::new("iocp-tf");
    let path = dir.join("payload");
    let body = pattern(30_000);
    std::fs::write(&path, &body).unwrap();
    let f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(FILE_FLAG_OVERLAPPED)
        .open(&path)
        .unwrap();
    let t = port
        .transmit_file(
            &client,
            &f,
            1000,
            20_000,
            b"HEAD".to_vec(),
            b"TAIL".to_vec(),
            0,
        )
        .unwrap();
    want.extend_from_slice(b"HEAD");
    want.extend_from_slice(&body[1000..21_000]);
    want.extend_from_slice(b"TAIL");
    let mut got = Vec::new();
    let mut transmitted = false;
    let mut reading = Some(port.recv(&server, vec![0; 65536]).unwrap());
    while !transmitted || got.len() < want.len() {
        let d = done(port.wait(LONG).unwrap());
        match d.output {
            OpOutput::TransmitFile { head, tail } => {
                assert_eq!(d.id, t.id());
                assert_eq!(d.result, Ok(20_008));
                assert_eq!(
                    (head.as_slice(), tail.as_slice()),
                    (&b"HEAD"[..], &b"TAIL"[..])
                );
                transmitted = true;
            }
            OpOutput::Recv(v) => {
                assert!(!v.is_empty());
                got.extend(v);
                reading = None;
                if got.len() < want.len() {
                    reading = Some(port.recv(&server, vec![0; 65536]).unwrap());
                }
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(reading.is_none());
    assert_eq!(got.len(), want.len());
    assert!(got == want, "transmitted bytes differ");
}

#[test]
fn accept_ex_sockaddrs_checks_its_buffer() {
    assert_eq!(
        get_accept_ex_sockaddrs(&[0u8; 10], 0, 44, 44).unwrap_err(),
        Errno::EINVAL
    );
}

#[test]
fn raw_go_forms_accept_ex_connect_ex_with_own_overlapped() {
    load_connect_ex().unwrap();
    let h = create_io_completion_port(None, None, 0, 0).unwrap();
    // SAFETY: a new port that nothing else owns.
    let port = unsafe { OwnedHandle::from_raw_handle(h) };
    let listener = std::net::TcpListener::bind(loopback(0)).unwrap();
    let laddr = listener.local_addr().unwrap();
    // Sockets join the port through the socket twin: no `unsafe` re-wrapping.
    let ph = std::os::windows::io::AsHandle::as_handle(&port);
    assert_eq!(
        create_io_completion_port_socket(&listener, Some(ph), 10, 0),
        Ok(port.as_raw_handle())
    );
    let client = tcp();
    bind(&client, loopback(0)).unwrap();
    assert_eq!(
        create_io_completion_port_socket(&client, Some(ph), 20, 0),
        Ok(port.as_raw_handle())
    );
    let acc = tcp();

    // The memory the kernel writes lives here, on the heap, until both packets are taken.
    let mut buf = Box::new([0u8; 2 * (28 + 16)]);
    let mut ov_accept = Box::new(Overlapped::default());
    let mut ov_connect = Box::new(Overlapped::default());
    let (pa, pc) = (&raw mut *ov_accept, &raw mut *ov_connect);
    // SAFETY: `buf` holds both addresses; the boxes outlive the two packets taken below.
    let r = unsafe {
        accept_ex(
            &listener,
            &acc,
            buf.as_mut_ptr(),
            0,
            44,
            44,
            std::ptr::null_mut(),
            pa,
        )
    };
    assert!(matches!(r, Ok(()) | Err(Errno::ERROR_IO_PENDING)), "{r:?}");
    let msg = b"go";
    // SAFETY: as above; `msg` is static.
    let r = unsafe {
        connect_ex(
            &client,
            &Sockaddr::from(laddr),
            msg.as_ptr(),
            2,
            std::ptr::null_mut(),
            pc,
        )
    };
    assert!(matches!(r, Ok(()) | Err(Errno::ERROR_IO_PENDING)), "{r:?}");
    let mut seen = HashSet::new();
    for _ in 0..2 {
        let p = get_queued_completion_status(&port, 20_000).unwrap();
        if p.overlapped == pa {
            assert_eq!(p.key, 10);
        } else {
            assert_eq!((p.overlapped, p.key, p.bytes), (pc, 20, 2));
        }
        seen.insert(p.overlapped as usize);
    }
    assert_eq!(seen.len(), 2);
    let (local, remote) = get_accept_ex_sockaddrs(&buf[..], 0, 44, 44).unwrap();
    assert_eq!(local.to_socket_addr().unwrap(), laddr);
    assert_eq!(
        remote.to_socket_addr().unwrap(),
        getsockname(&client).unwrap().to_socket_addr().unwrap()
    );
}

#[test]
fn closed_socket_gives_windows_error() {
    use std::os::windows::io::{BorrowedSocket, IntoRawSocket};
    let port = CompletionPort::new(0).unwrap();
    let sock = tcp();
    // Associated first: the port refuses handles it does not own before asking Windows.
    port.associate_socket(&sock, 1).unwrap();
    let raw = sock.into_raw_socket();
    // SAFETY: closing the socket we just took out of its owner.
    let r = unsafe { windows_sys::Win32::Networking::WinSock::closesocket(raw as usize) };
    assert_eq!(r, 0);
    // The stale number is passed only to see what Winsock says; it is not used otherwise.
    // SAFETY: borrowed for one call whose failure is the point of the test.
    let stale = unsafe { BorrowedSocket::borrow_raw(raw) };
    assert_eq!(
        port.recv(stale, vec![0; 8]).unwrap_err(),
        Errno::WSAENOTSOCK
    );
    assert_eq!(port.in_flight(), 0);
}

#[test]
fn many_threads_start_and_take_file_reads() {
    let dir = common::TempDir::new("iocp-mt");
    let path = dir.join("data.bin");
    let content = pattern(64 * 1024);
    std::fs::write(&path, &content).unwrap();
    let f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(FILE_FLAG_OVERLAPPED)
        .open(&path)
        .unwrap();
    let port = CompletionPort::new(0).unwrap();
    port.associate(&f, 5).unwrap();
    const STARTERS: usize = 4;
    const EACH: usize = 50;
    let taken = std::sync::atomic::AtomicUsize::new(0);
    let total: usize = std::thread::scope(|s| {
        let takers: Vec<_> = (0..2)
            .map(|_| {
                let taken = &taken;
                let port = &port;
                s.spawn(move || {
                    let mut n = 0;
                    let mut sum = 0usize;
                    loop {
                        let d = match port.wait(LONG).unwrap() {
                            Completion::Posted {
                                key: usize::MAX, ..
                            } => break,
                            c => done(c),
                        };
                        let OpOutput::Read(buf) = d.output else {
                            panic!("not a read")
                        };
                        assert_eq!(d.result, Ok(buf.len() as u32));
                        sum += buf.iter().map(|&b| b as usize).sum::<usize>();
                        n += 1;
                        if taken.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1
                            == STARTERS * EACH
                        {
                            // The last one: release the other taker.
                            port.post(0, usize::MAX).unwrap();
                            break;
                        }
                    }
                    (n, sum)
                })
            })
            .collect();
        for t in 0..STARTERS {
            let (port, f) = (&port, &f);
            s.spawn(move || {
                for i in 0..EACH {
                    let off = ((t * EACH + i) * 256) as u64;
                    port.read_at(f, off, vec![0; 256]).unwrap().detach();
                }
            });
        }
        let results: Vec<(usize, usize)> = takers.into_iter().map(|h| h.join().unwrap()).collect();
        let n: usize = results.iter().map(|r| r.0).sum();
        let sum: usize = results.iter().map(|r| r.1).sum();
        let want: usize = content[..STARTERS * EACH * 256]
            .iter()
            .map(|&b| b as usize)
            .sum();
        assert_eq!(sum, want);
        n
    });
    assert_eq!(total, STARTERS * EACH);
    assert_eq!(port.in_flight(), 0);
}

/// A packet whose `OVERLAPPED` address names a block still in flight — as a
/// stale packet of another owner's I/O on an associated handle does once the
/// allocator has put a new block where that owner's `OVERLAPPED` was — is
/// reported as `Unknown` and leaves the block alone: the operation still ends
/// with its own data.
#[test]
fn stale_packet_naming_a_pending_block_leaves_it_alone() {
    let port = CompletionPort::new(0).unwrap();
    let rx = std::net::UdpSocket::bind(loopback(0)).unwrap();
    port.associate_socket(&rx, 7).unwrap();
    let p = port.recv(&rx, vec![0; 64]).unwrap();
    // The block's address, as a foreign packet would carry it.
    let dbg = format!("{p:?}");
    let addr: usize = dbg
        .split("addr: ")
        .nth(1)
        .and_then(|t| t.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no block address in {dbg}"));
    // SAFETY: deliberately names an operation in flight; this is the stale
    // packet the port must recognise (it never dereferences beyond its own
    // registered block).
    unsafe { port.post_raw(3, 9, addr as *mut Overlapped) }.unwrap();
    match port.wait(LONG).unwrap() {
        Completion::Unknown {
            key,
            bytes,
            overlapped,
            ..
        } => assert_eq!((key, bytes, overlapped), (9, 3, addr)),
        other => panic!("a stale packet completed an operation in flight: {other:?}"),
    }
    assert_eq!(port.in_flight(), 1);
    let tx = std::net::UdpSocket::bind(loopback(0)).unwrap();
    tx.send_to(b"its own data", rx.local_addr().unwrap())
        .unwrap();
    let d = done(port.wait(LONG).unwrap());
    assert_eq!((d.id, d.key, d.result), (p.id(), 7, Ok(12)));
    match d.output {
        OpOutput::Recv(buf) => assert_eq!(buf, b"its own data"),
        other => panic!("{other:?}"),
    }
    assert_eq!(port.in_flight(), 0);
}
