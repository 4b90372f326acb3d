//! Blocking calls on handles opened for overlapped I/O, and control codes
//! with buffers Windows trusts.
//!
//! `read`, `write`, `read_file`, `write_file`, `device_io_control` and
//! `read_directory_changes` must never return while the kernel may still use
//! the caller's buffer, even on a handle opened with `FILE_FLAG_OVERLAPPED`
//! (such as the pipe ends std makes for a child: its own end is overlapped),
//! and must queue no completion packet (which would name memory of a returned
//! call) to a port the handle is associated with. `wsa_ioctl` and `device_io_control`
//! send only listed control codes, and `wsa_ioctl` refuses a buffer shorter
//! than the fixed answer some providers write without looking at the length.
//!
//! Pipe attacks use a child copy of this binary in a *role* (a test that does
//! nothing unless `ROLE` names it) as the far end of std's pipe.

use crate::common::TempDir;
use std::io::{Read as _, Write as _};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use winsyscall::*;

/// Names the role a child copy of this binary plays (see `spawn_role`).
const ROLE: &str = "WINSYSCALL_SYNCIO_ROLE";
/// The late writer sends `MSGS` messages of `MSG_LEN` bytes; message `k` is
/// all `0x80 + k`, so the stream is non-decreasing and every byte tells
/// where it belongs.
const MSGS: u8 = 40;
const MSG_LEN: usize = 300;
/// Each of two writer threads sends `CHUNKS` chunks of `CHUNK_LEN` bytes
/// (much more than the pipe holds); chunk `j` of thread `t` is all
/// `1 + 0x40 * t + j`.
const CHUNKS: u8 = 4;
const CHUNK_LEN: usize = 32 * 1024;

fn role_is(name: &str) -> bool {
    std::env::var(ROLE).as_deref() == Ok(name)
}

/// Fails the (child) process if the attack has not ended after `secs`: a
/// call that never returns must fail the test, not hang the run.
fn watchdog(secs: u64) {
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(secs));
        eprintln!("watchdog: the attack did not finish in {secs} s");
        std::process::exit(86);
    });
}

/// Starts a child copy of this binary playing `role` (the test
/// `sync_io::role_<role>`), with the stdin and stderr the functions give.
fn spawn_role(role: &str, stdin: fn() -> Stdio, stderr: fn() -> Stdio) -> Child {
    let exe = std::env::current_exe().expect("current_exe");
    let test = format!("sync_io::role_{role}");
    crate::common::start_child(|| {
        Command::new(&exe)
            .args([test.as_str(), "--exact", "--nocapture", "--test-threads=1"])
            .env(ROLE, role)
            .env_remove(crate::CHILD_VAR)
            .stdin(stdin())
            .stdout(Stdio::null())
            .stderr(stderr())
            .spawn()
    })
    .expect("start the role's child")
}

/// Nothing was queued to `port`: a packet would name an `OVERLAPPED` that
/// lived on a returned call's stack.
fn assert_no_packet(port: &CompletionPort) {
    assert_eq!(
        port.get_raw(Some(Duration::ZERO))
            .map(drop)
            .map_err(Errno::from),
        Err(Errno::WAIT_TIMEOUT),
        "a blocking call queued a completion packet to the port"
    );
}

/// Role: writes the messages to stderr, each after a pause, so that the
/// parent's reads are pending when the data comes.
#[test]
fn role_late_writer() {
    if !role_is("late_writer") {
        return;
    }
    let mut err = std::io::stderr();
    for k in 0..MSGS {
        std::thread::sleep(Duration::from_millis(20));
        err.write_all(&[0x80 + k; MSG_LEN]).unwrap();
    }
}

/// Role: writes three bytes to stderr and ends.
#[test]
fn role_brief_writer() {
    if role_is("brief_writer") {
        std::io::stderr().write_all(&[0x81, 0x82, 0x83]).unwrap();
    }
}

/// Role: reads stdin slowly to its end (so the parent's writes stay pending)
/// and checks it holds exactly the two writers' chunks, each writer's bytes
/// in order.
#[test]
fn role_slow_reader() {
    if !role_is("slow_reader") {
        return;
    }
    let mut all = Vec::new();
    let mut buf = [0u8; 4096];
    let mut stdin = std::io::stdin().lock();
    loop {
        std::thread::sleep(Duration::from_millis(1));
        let n = stdin.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        all.extend_from_slice(&buf[..n]);
    }
    let mut count = [0usize; 256];
    let mut last = [0u8; 2];
    for &b in &all {
        let t = usize::from(b >= 0x41);
        let first = 1 + 0x40 * t as u8;
        assert!(
            (first..first + CHUNKS).contains(&b),
            "foreign byte {b:#x} in the stream"
        );
        assert!(b >= last[t], "writer {t}'s bytes out of order");
        last[t] = b;
        count[b as usize] += 1;
    }
    for t in 0..2u8 {
        for j in 0..CHUNKS {
            assert_eq!(count[usize::from(1 + 0x40 * t + j)], CHUNK_LEN);
        }
    }
}

/// Two threads read one overlapped pipe (std's end of a child's stderr, also
/// associated with a completion port) with safe calls while the writer sends
/// late: every read returns data or end of file, never `ERROR_IO_PENDING`;
/// no byte is written past the count or arrives out of order or twice; no
/// packet reaches the port; the process lives.
#[test]
fn read_from_two_threads_on_overlapped_pipe() {
    crate::in_child("sync_io::read_from_two_threads_on_overlapped_pipe", || {
        watchdog(60);
        let mut child = spawn_role("late_writer", Stdio::null, Stdio::piped);
        let pipe = child.stderr.take().unwrap();
        let port = CompletionPort::new(1).unwrap();
        port.associate(&pipe, 7).unwrap();
        let per_thread: Vec<Vec<Vec<u8>>> = std::thread::scope(|s| {
            let readers: Vec<_> = (0..2)
                .map(|t| {
                    let pipe = &pipe;
                    s.spawn(move || {
                        let mut got = Vec::new();
                        loop {
                            // A fresh buffer each time: freed, and its memory
                            // reused, right after the call.
                            let mut buf = vec![0u8; 128];
                            let r = if t == 0 {
                                read(pipe, &mut buf)
                            } else {
                                let mut done = u32::MAX;
                                match read_file(pipe, &mut buf, Some(&mut done)) {
                                    Ok(()) => Ok(done as usize),
                                    // Go's ReadFile reports the closed pipe.
                                    Err(Errno::ERROR_BROKEN_PIPE) => {
                                        assert_eq!(done, 0);
                                        Ok(0)
                                    }
                                    Err(e) => Err(e),
                                }
                            };
                            let n = r.unwrap_or_else(|e| panic!("reader {t}: {e:?}"));
                            assert!(
                                buf[n..].iter().all(|&b| b == 0),
                                "reader {t}: bytes written past the count {n}"
                            );
                            if n == 0 {
                                return got;
                            }
                            got.push(buf[..n].to_vec());
                        }
                    })
                })
                .collect();
            readers.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_no_packet(&port);
        assert!(child.wait().unwrap().success());
        let mut count = [0usize; 256];
        for (t, chunks) in per_thread.iter().enumerate() {
            let mut last = 0x80;
            for &b in chunks.iter().flatten() {
                assert!((0x80..0x80 + MSGS).contains(&b), "foreign byte {b:#x}");
                assert!(b >= last, "reader {t}: data out of order");
                last = b;
                count[b as usize] += 1;
            }
        }
        for k in 0..MSGS {
            assert_eq!(count[usize::from(0x80 + k)], MSG_LEN, "message {k}");
        }
    });
}

/// Two threads write much more than the pipe holds through one overlapped
/// pipe (std's end of a child's stdin, associated with a port), each chunk
/// in a buffer freed right after the call: every write returns the whole
/// length (never `ERROR_IO_PENDING`), the slow reader gets exactly the bytes
/// written, and no packet reaches the port.
#[test]
fn write_from_two_threads_on_overlapped_pipe() {
    crate::in_child("sync_io::write_from_two_threads_on_overlapped_pipe", || {
        watchdog(60);
        let mut child = spawn_role("slow_reader", Stdio::piped, Stdio::inherit);
        let pipe = child.stdin.take().unwrap();
        let port = CompletionPort::new(1).unwrap();
        port.associate(&pipe, 7).unwrap();
        std::thread::scope(|s| {
            for t in 0..2u8 {
                let pipe = &pipe;
                s.spawn(move || {
                    for j in 0..CHUNKS {
                        let chunk = vec![1 + 0x40 * t + j; CHUNK_LEN];
                        let r = if t == 0 {
                            write(pipe, &chunk)
                        } else {
                            let mut done = 0;
                            write_file(pipe, &chunk, Some(&mut done)).map(|()| done as usize)
                        };
                        assert_eq!(r, Ok(CHUNK_LEN), "writer {t}, chunk {j}");
                    }
                });
            }
        });
        assert_no_packet(&port);
        drop(pipe);
        let status = child.wait().unwrap();
        assert!(
            status.success(),
            "the reader found the stream wrong: {status}"
        );
    });
}

/// A disk file opened for overlapped I/O keeps no position: the calls
/// without an offset refuse it as Windows does (`ERROR_INVALID_PARAMETER`,
/// nothing read or written); the calls at an offset work, block, and queue
/// no packet to the port the file is associated with.
#[test]
fn overlapped_disk_file_reads_and_writes() {
    let d = TempDir::new("syncio-file");
    let f = open(
        d.join("f"),
        O_RDWR | O_CREAT | FILE_FLAG_OVERLAPPED as i32,
        0o600,
    )
    .unwrap();
    let port = CompletionPort::new(1).unwrap();
    port.associate(&f, 9).unwrap();
    assert_eq!(write(&f, b"abc"), Err(Errno::ERROR_INVALID_PARAMETER));
    let mut done = 77;
    assert_eq!(
        write_file(&f, b"abc", Some(&mut done)),
        Err(Errno::ERROR_INVALID_PARAMETER)
    );
    assert_eq!(done, 0);
    assert_eq!(write_at(&f, b"hello world", 0), Ok(11));
    let mut buf = [0u8; 5];
    assert_eq!(read(&f, &mut buf), Err(Errno::ERROR_INVALID_PARAMETER));
    assert_eq!(
        read_file(&f, &mut buf, Some(&mut done)),
        Err(Errno::ERROR_INVALID_PARAMETER)
    );
    assert_eq!((buf, done), ([0; 5], 0));
    assert_eq!(read_at(&f, &mut buf, 6), Ok(5));
    assert_eq!(&buf, b"world");
    assert_eq!(read_at(&f, &mut buf, 100), Ok(0));
    assert_no_packet(&port);
}

/// `device_io_control` on an overlapped pipe end: a listed code answers
/// exactly; an unlisted one (`FSCTL_PIPE_TRANSCEIVE`, `METHOD_NEITHER`) is
/// refused without a call; a `FSCTL_PIPE_LISTEN` that stays pending keeps
/// the call blocked until another thread cancels it, and then the call gives
/// exactly `ERROR_OPERATION_ABORTED`; no packet reaches the port.
#[test]
fn device_io_control_on_overlapped_pipe() {
    const FSCTL_PIPE_DISCONNECT: u32 = 0x110004;
    const FSCTL_PIPE_LISTEN: u32 = 0x110008;
    const FSCTL_PIPE_PEEK: u32 = 0x11400C;
    const FSCTL_PIPE_TRANSCEIVE: u32 = 0x11C017;
    crate::in_child("sync_io::device_io_control_on_overlapped_pipe", || {
        watchdog(60);
        let mut child = spawn_role("brief_writer", Stdio::null, Stdio::piped);
        let pipe = child.stderr.take().unwrap();
        assert!(child.wait().unwrap().success());
        let port = CompletionPort::new(1).unwrap();
        port.associate(&pipe, 5).unwrap();

        // FILE_PIPE_PEEK_BUFFER: state, bytes available, messages, message
        // length, then the data.
        let mut out = [0xEEu8; 24];
        assert_eq!(
            device_io_control(&pipe, FSCTL_PIPE_PEEK, &[], &mut out),
            Ok(19)
        );
        assert_eq!(out[4..8], 3u32.to_le_bytes());
        assert_eq!(out[16..], [0x81, 0x82, 0x83, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE]);
        assert_eq!(
            device_io_control(&pipe, FSCTL_PIPE_TRANSCEIVE, b"x", &mut out),
            Err(ErrnoWith::new(Errno::ERROR_NOT_SUPPORTED, 0))
        );

        let mut three = [0u8; 3];
        assert_eq!(read(&pipe, &mut three), Ok(3));
        assert_eq!(
            device_io_control(&pipe, FSCTL_PIPE_DISCONNECT, &[], &mut []),
            Ok(0)
        );
        std::thread::scope(|s| {
            let listen = s.spawn(|| device_io_control(&pipe, FSCTL_PIPE_LISTEN, &[], &mut []));
            // Cancel until the call returns: the request may not be in flight
            // yet (ERROR_NOT_FOUND), and Wine may report an earlier, finished
            // request of the handle as cancelled.
            while !listen.is_finished() {
                std::thread::sleep(Duration::from_millis(10));
                match cancel_io_ex(&pipe, core::ptr::null()) {
                    Ok(()) | Err(Errno::ERROR_NOT_FOUND) => {}
                    Err(e) => panic!("CancelIoEx: {e:?}"),
                }
            }
            assert_eq!(
                listen.join().unwrap(),
                Err(ErrnoWith::new(Errno::ERROR_OPERATION_ABORTED, 0))
            );
        });
        assert_no_packet(&port);
    });
}

/// Two threads wait for changes on one directory handle opened for
/// overlapped I/O and associated with a port: both return parsed, genuine
/// events (never `ERROR_IO_PENDING`), and no packet reaches the port.
#[test]
fn read_directory_changes_on_overlapped_dir() {
    crate::in_child("sync_io::read_directory_changes_on_overlapped_dir", || {
        watchdog(60);
        let d = TempDir::new("syncio-watch");
        let dir = create_file(
            d.path(),
            FILE_LIST_DIRECTORY,
            FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
            None,
            OPEN_EXISTING,
            FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OVERLAPPED,
            None,
        )
        .unwrap();
        let port = CompletionPort::new(1).unwrap();
        port.associate(&dir, 3).unwrap();
        std::thread::scope(|s| {
            let watchers: Vec<_> = (0..2)
                .map(|_| {
                    s.spawn(|| {
                        let mut buf = vec![0u32; 1024];
                        read_directory_changes(&dir, &mut buf, false, FILE_NOTIFY_CHANGE_FILE_NAME)
                    })
                })
                .collect();
            let mut made = 0;
            while !watchers.iter().all(|w| w.is_finished()) {
                std::fs::write(d.join(&format!("new{made}")), b"").unwrap();
                made += 1;
                std::thread::sleep(Duration::from_millis(5));
            }
            for w in watchers {
                let events = w.join().unwrap().unwrap();
                assert!(!events.is_empty());
                for e in events {
                    assert_eq!(e.action, FILE_ACTION_ADDED);
                    let name = e.name.to_str().unwrap();
                    let k: usize = name.strip_prefix("new").unwrap().parse().unwrap();
                    assert!(k < made, "{name}");
                }
            }
        });
        assert_no_packet(&port);
    });
}

/// `wsa_ioctl` refuses, before any call, a buffer shorter than a listed
/// code's fixed input or output (Wine's provider writes the 8-byte pointer
/// of `SIO_GET_EXTENSION_FUNCTION_POINTER` into whatever it is given, and
/// reads 16 bytes of GUID from whatever it is given), and any unlisted code
/// (`SIO_BASE_HANDLE`, which Wine answers the same way): the bytes around
/// the buffer are untouched and the exact error comes back.
#[test]
fn wsa_ioctl_refuses_short_buffers_and_unlisted_codes() {
    crate::in_child(
        "sync_io::wsa_ioctl_refuses_short_buffers_and_unlisted_codes",
        || {
            const SIO_BASE_HANDLE: u32 = 0x4800_0022;
            const FIONREAD: u32 = 0x4004_667F;
            let s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).unwrap();
            let connectex = GUID {
                data1: 0x25a207b9,
                data2: 0xddf3,
                data3: 0x4660,
                data4: [0x8e, 0xe9, 0x76, 0xe5, 0x8c, 0x74, 0x06, 0x3e],
            }
            .to_bytes();
            let mut arena = [0xA5u8; 32];
            let untouched = |a: &[u8; 32], lo: usize, hi: usize| {
                a[..lo].iter().chain(&a[hi..]).all(|&b| b == 0xA5)
            };
            let ptr = SIO_GET_EXTENSION_FUNCTION_POINTER;
            assert_eq!(
                wsa_ioctl(&s, ptr, &connectex, &mut arena[8..10]),
                Err(ErrnoWith::new(Errno::WSAEFAULT, size_of::<usize>()))
            );
            assert!(untouched(&arena, 8, 8));
            assert_eq!(
                wsa_ioctl(&s, ptr, &connectex[..15], &mut arena[8..16]),
                Err(ErrnoWith::new(Errno::WSAEFAULT, 0))
            );
            assert_eq!(
                wsa_ioctl(&s, ptr, &[], &mut arena[8..16]),
                Err(ErrnoWith::new(Errno::WSAEFAULT, 0))
            );
            assert!(untouched(&arena, 8, 8));
            // The pointer's size: 8 bytes, 4 on 32-bit x86.
            assert_eq!(
                wsa_ioctl(&s, ptr, &connectex, &mut arena[8..16]),
                Ok(size_of::<usize>())
            );
            assert!(untouched(&arena, 8, 16));
            assert_ne!(arena[8..16], [0xA5; 8]);
            assert_eq!(
                wsa_ioctl(&s, SIO_BASE_HANDLE, &[], &mut arena[20..22]),
                Err(ErrnoWith::new(Errno::WSAEOPNOTSUPP, 0))
            );
            assert_eq!(
                wsa_ioctl(&s, FIONREAD, &[], &mut arena[20..22]),
                Err(ErrnoWith::new(Errno::WSAEFAULT, 4))
            );
            assert_eq!(
                wsa_ioctl(&s, SIO_KEEPALIVE_VALS, &[1, 0, 0, 0, 0, 0, 0, 0], &mut []),
                Err(ErrnoWith::new(Errno::WSAEFAULT, 0))
            );
            assert!(untouched(&arena, 8, 16));
        },
    );
}
