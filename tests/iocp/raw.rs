//! Go's raw shapes: failed I/O as an error that carries its packet, the socket
//! twins of the handle calls, and the two `OVERLAPPED` types.

use super::*;
use std::os::windows::io::AsHandle;
use windows_sys::Win32::System::IO::OVERLAPPED;

/// An address nobody listens on (a listener bound, then closed).
fn refused_target() -> Sockaddr {
    let l = std::net::TcpListener::bind(loopback(0)).unwrap();
    let a = l.local_addr().unwrap();
    drop(l);
    Sockaddr::from(a)
}

/// Starts a raw `ConnectEx` that will be refused, on a socket joined to
/// `port` with `key`. The socket and the `OVERLAPPED` are returned: the caller
/// keeps both until the packet is taken.
fn start_refused(
    port: &CompletionPort,
    key: usize,
    target: &Sockaddr,
) -> (OwnedSocket, Box<Overlapped>) {
    let s = tcp();
    bind(&s, loopback(0)).unwrap();
    create_io_completion_port_socket(&s, Some(port.as_handle()), key, 0).unwrap();
    let mut ov = Box::new(Overlapped::default());
    // SAFETY: nothing to send; `ov` is returned and kept until its packet is taken.
    let r = unsafe {
        connect_ex(
            &s,
            target,
            std::ptr::null(),
            0,
            std::ptr::null_mut(),
            &raw mut *ov,
        )
    };
    assert_eq!(r, Err(Errno::ERROR_IO_PENDING));
    (s, ov)
}

/// Go's error when nothing was dequeued: no packet.
fn nothing<K>(errno: Errno) -> QueuedCompletionError<K> {
    QueuedCompletionError {
        errno,
        packet: None,
    }
}

fn take_u32(port: &CompletionPort) -> Result<u32> {
    Ok(get_queued_completion_status(port, 20_000)?.bytes)
}

fn take_io(port: &CompletionPort) -> std::io::Result<usize> {
    Ok(get_queued_completion_status_usize(port, 20_000)?.key)
}

fn take_boxed(
    port: &CompletionPort,
    ms: u32,
) -> std::result::Result<u32, Box<dyn std::error::Error + Send + Sync>> {
    Ok(get_queued_completion_status(port, ms)?.bytes)
}

#[test]
fn refused_connect_ex_is_an_error_that_carries_its_packet() {
    let port = CompletionPort::new(0).unwrap();
    let target = refused_target();
    const N: usize = 5;
    let started: Vec<(OwnedSocket, Box<Overlapped>)> = (0..N)
        .map(|i| start_refused(&port, 100 + i, &target))
        .collect();
    let ov_of = |key: usize| -> *mut Overlapped {
        assert!((100..100 + N).contains(&key), "key {key}");
        let p: *const Overlapped = &*started[key - 100].1;
        p.cast_mut()
    };
    const REFUSED: Errno = Errno::ERROR_CONNECTION_REFUSED;

    // Go's form: the I/O's error, with the packet that was dequeued.
    let e = get_queued_completion_status(&port, 20_000).unwrap_err();
    let p = e.packet.expect("a failed I/O still hands over its packet");
    assert_eq!(
        e,
        QueuedCompletionError {
            errno: REFUSED,
            packet: Some(QueuedCompletion {
                bytes: 0,
                key: p.key,
                overlapped: ov_of(p.key as usize)
            })
        }
    );
    assert_eq!(e.to_string(), REFUSED.to_string());

    // `?` stops on it, as an Errno and as an io::Error.
    assert_eq!(take_u32(&port), Err(REFUSED));
    assert_eq!(take_io(&port).unwrap_err().raw_os_error(), Some(1225));

    // The packet form: Ok, with the status beside the packet.
    let (p, status) = get_queued_completion_status_packet(&port, 20_000).unwrap();
    assert_eq!(
        (p, status),
        (
            QueuedCompletion {
                bytes: 0,
                key: p.key,
                overlapped: ov_of(p.key)
            },
            Some(REFUSED)
        )
    );

    // CompletionPort::get_raw: Go's shape, pointer-sized key.
    let e = port.get_raw(LONG).unwrap_err();
    let key = e.packet.map(|p| p.key).unwrap();
    assert_eq!(
        e,
        QueuedCompletionError {
            errno: REFUSED,
            packet: Some(QueuedCompletion {
                bytes: 0,
                key,
                overlapped: ov_of(key)
            })
        }
    );

    // Nothing dequeued: the error without a packet, in every form.
    assert_eq!(
        get_queued_completion_status(&port, 0),
        Err(nothing(Errno::WAIT_TIMEOUT))
    );
    assert_eq!(
        get_queued_completion_status_usize(&port, 0),
        Err(nothing(Errno::WAIT_TIMEOUT))
    );
    assert_eq!(
        port.get_raw(Some(Duration::ZERO)),
        Err(nothing(Errno::WAIT_TIMEOUT))
    );
    assert_eq!(
        get_queued_completion_status_packet(&port, 0),
        Err(Errno::WAIT_TIMEOUT)
    );
    assert_eq!(
        take_boxed(&port, 0).unwrap_err().to_string(),
        Errno::WAIT_TIMEOUT.to_string()
    );
    // A handle that is not a port.
    let f = std::fs::File::open(std::env::current_exe().unwrap()).unwrap();
    assert_eq!(
        get_queued_completion_status(&f, 0),
        Err(nothing(Errno::ERROR_INVALID_HANDLE))
    );
    drop(started);
}

#[test]
fn socket_twins_cancel_and_set_modes_without_unsafe() {
    let port = CompletionPort::new(0).unwrap();
    let (_l, server, client) = accept_connect_pair(&port);

    // Someone else cancels every request on a socket we share: our receive
    // still completes — aborted — and its buffer comes back.
    let r = port.recv(&server, vec![7; 64]).unwrap();
    cancel_io_ex_socket(&server, std::ptr::null()).unwrap();
    let d = done(port.wait(LONG).unwrap());
    assert_eq!(
        (d.id, d.key, d.result),
        (r.id(), 3, Err(Errno::ERROR_OPERATION_ABORTED))
    );
    assert!(matches!(d.output, OpOutput::Recv(ref v) if v.is_empty()));
    drop(r);
    assert_eq!(port.in_flight(), 0);

    // Nothing left to cancel.
    match cancel_io_ex_socket(&server, std::ptr::null()) {
        Err(e) => assert_eq!(e, Errno::ERROR_NOT_FOUND),
        Ok(()) => assert!(
            common::skip_on_wine(
                "CancelIoEx",
                "Wine reports success when there is nothing to cancel"
            ),
            "CancelIoEx with nothing in flight succeeded"
        ),
    }

    // CancelIo: this thread's requests on the socket.
    let r = port.recv(&server, vec![0; 8]).unwrap();
    cancel_io_socket(&server).unwrap();
    let d = done(port.wait(LONG).unwrap());
    assert_eq!(
        (d.id, d.result),
        (r.id(), Err(Errno::ERROR_OPERATION_ABORTED))
    );
    drop(r);

    // A raw WSARecv (windows-sys OVERLAPPED) with the crate's Overlapped,
    // cancelled by address with the crate's pointer type.
    let mut ov = Box::new(Overlapped::default());
    let mut buf = Box::new([0u8; 16]);
    let wb = Box::new(WSABuf::new(&mut buf[..]));
    let mut flags = Box::new(0u32);
    let wov: *mut OVERLAPPED = ov.as_raw_mut();
    let pov: *mut Overlapped = Overlapped::from_raw(wov);
    // SAFETY: the boxes live until the packet is taken below.
    let r = unsafe {
        wsa_recv_raw(
            &server,
            &*wb,
            1,
            std::ptr::null_mut(),
            &mut *flags,
            wov,
            None,
        )
    };
    assert_eq!(r, Err(Errno::ERROR_IO_PENDING));
    cancel_io_ex_socket(&server, pov).unwrap();
    assert_eq!(
        port.get_raw(LONG),
        Err(QueuedCompletionError {
            errno: Errno::ERROR_OPERATION_ABORTED,
            packet: Some(QueuedCompletion {
                bytes: 0,
                key: 3,
                overlapped: pov
            })
        })
    );
    // STATUS_CANCELLED, written into the crate's Overlapped.
    assert_eq!(ov.internal as u32, 0xC000_0120);
    drop((ov, buf, wb, flags));

    // SetFileCompletionNotificationModes on a socket.
    assert_eq!(
        set_file_completion_notification_modes_socket(&client, FILE_SKIP_SET_EVENT_ON_HANDLE),
        Ok(())
    );
    // A socket joins one port only, for ever.
    let other = CompletionPort::new(0).unwrap();
    assert_eq!(
        create_io_completion_port_socket(&client, Some(other.as_handle()), 1, 0),
        Err(Errno::ERROR_INVALID_PARAMETER)
    );
    assert_eq!(
        other.associate_socket(&client, 1),
        Err(Errno::ERROR_INVALID_PARAMETER)
    );
}

#[test]
fn overlapped_converts_to_and_from_windows_sys() {
    let mut ov = Overlapped {
        internal: 0x103,
        internal_high: 7,
        offset: 0x89AB_CDEF,
        offset_high: 0x0123_4567,
        h_event: 0x44,
    };
    let w = OVERLAPPED::from(ov);
    // SAFETY: built from an Overlapped, through Offset/OffsetHigh.
    let off = unsafe { w.Anonymous.Anonymous };
    assert_eq!(
        (
            w.Internal,
            w.InternalHigh,
            off.Offset,
            off.OffsetHigh,
            w.hEvent as usize
        ),
        (0x103, 7, 0x89AB_CDEF, 0x0123_4567, 0x44)
    );
    #[cfg(target_pointer_width = "64")]
    {
        assert_eq!(Overlapped::from(w), ov);
        // On 64-bit targets a union written through `Pointer` is the offset pair.
        let mut p = OVERLAPPED::default();
        p.Anonymous.Pointer = 0x0123_4567_89AB_CDEF_usize as *mut _;
        assert_eq!(Overlapped::from(p).file_offset(), 0x0123_4567_89AB_CDEF);
    }

    // Pointer casts: the same address both ways.
    let addr = &raw mut ov as usize;
    assert_eq!(ov.as_raw() as usize, addr);
    let wp = ov.as_raw_mut();
    assert_eq!(wp as usize, addr);
    assert_eq!(Overlapped::from_raw(wp) as usize, addr);
    assert_eq!(Overlapped::to_raw(Overlapped::from_raw(wp)), wp);
    // SAFETY: `wp` points to `ov`, alive, with OVERLAPPED's layout.
    let through = unsafe { *wp };
    // SAFETY: as above; written through Offset/OffsetHigh.
    let off = unsafe { through.Anonymous.Anonymous };
    assert_eq!((through.InternalHigh, off.OffsetHigh), (7, 0x0123_4567));
}
