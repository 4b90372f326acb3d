//! Windows calls under Wine: each crate call against the same sequence written
//! directly with `windows-sys`, in the same process, interleaved per sample.
//!
//! Run: `cargo bench --bench wine --target x86_64-pc-windows-gnu` (the runner in
//! `.cargo/config.toml` starts it under Wine), or `cargo xtask bench`.
//! `WINSYSCALL_BENCH_SCALE=0.2` shortens every row (fewer samples); a
//! non-flag argument keeps only the rows whose name contains it.
//!
//! Each sample alternates 8 short chunks of ours and 8 of the raw twin (ABBA…,
//! so that drift and caching hit both alike) and keeps the median chunk of
//! each (so that a chunk cut by a preemption on this shared machine does not
//! decide the sample). The table gives the median time per operation of
//! each, and the median and the p25–p75 spread of the per-sample ratios
//! ours/raw. On Linux this compiles to an empty `main`.

#[cfg(not(windows))]
fn main() {}

#[cfg(windows)]
fn main() {
    imp::main();
}

#[cfg(windows)]
mod imp {
    use std::hint::black_box;
    use std::io::{IoSlice, IoSliceMut};
    use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpListener, TcpStream, UdpSocket};
    use std::os::windows::ffi::OsStrExt;
    use std::os::windows::io::{AsRawHandle, AsRawSocket, OwnedHandle};
    use std::time::Instant;
    use windows_sys::Win32::Foundation::{CloseHandle, GENERIC_READ, HANDLE, INVALID_HANDLE_VALUE};
    use windows_sys::Win32::Networking::WinSock as ws;
    use windows_sys::Win32::Security::SECURITY_ATTRIBUTES;
    use windows_sys::Win32::Storage::FileSystem as fs;
    use windows_sys::Win32::System::IO as io;
    use windows_sys::Win32::System::Threading::GetCurrentProcessId;
    use winsyscall::{
        Completion, CompletionPort, O_CLOEXEC, O_CREAT, O_RDONLY, O_RDWR, O_TRUNC, OpOutput,
        OverlappedEntry, Sockaddr,
    };

    const BATCH: usize = 64;
    /// Alternating chunks of ours and of the twin per sample.
    const ROUNDS: usize = 8;
    /// Batches of 64 packets per chunk in the batched rows.
    const CHUNK_BATCHES: usize = 2;

    // ---- measurement ----------------------------------------------------------

    /// One table row: per-sample ns/op of ours and of the twin.
    struct Row {
        name: String,
        ours: Vec<f64>,
        raw: Vec<f64>,
        /// "ratio" (ours/raw, target ≤ 1.05) or "speedup" (raw/ours: the
        /// second column is the reference loop, target ≥ 3).
        kind: Kind,
    }

    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        Ratio,
        Speedup,
    }

    fn quantile(v: &[f64], q: f64) -> f64 {
        let mut s = v.to_vec();
        s.sort_by(f64::total_cmp);
        let pos = q * (s.len() - 1) as f64;
        let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
        s[lo] + (s[hi] - s[lo]) * (pos - lo as f64)
    }

    fn fmt_ns(ns: f64) -> String {
        if ns >= 10_000.0 {
            format!("{:.1} µs", ns / 1000.0)
        } else if ns >= 1000.0 {
            format!("{:.2} µs", ns / 1000.0)
        } else {
            format!("{ns:.1} ns")
        }
    }

    struct Bench {
        scale: f64,
        filter: Option<String>,
        rows: Vec<Row>,
    }

    impl Bench {
        fn wants(&self, name: &str) -> bool {
            self.filter.as_deref().is_none_or(|f| name.contains(f))
        }

        /// Interleaved samples of two closures that each run one chunk of
        /// operations and return its time per operation in ns.
        fn pair(
            &mut self,
            name: &str,
            kind: Kind,
            samples: usize,
            mut ours: impl FnMut() -> f64,
            mut raw: impl FnMut() -> f64,
        ) {
            if !self.wants(name) {
                return;
            }
            let samples = ((samples as f64 * self.scale).round() as usize).max(5);
            // Warm-up: caches, lazily started services (Winsock, the server).
            for _ in 0..2 {
                ours();
                raw();
            }
            let (mut o, mut r) = (Vec::with_capacity(samples), Vec::with_capacity(samples));
            let (mut oc, mut rc) = ([0.0; ROUNDS], [0.0; ROUNDS]);
            for s in 0..samples {
                // ROUNDS short chunks of each, alternating (ABBA…), so that
                // drift lands on both alike; the sample is the median chunk
                // of each, so a chunk cut by a preemption (the machine is
                // shared) does not decide it.
                for k in 0..ROUNDS {
                    if (s + k) % 2 == 0 {
                        oc[k] = ours();
                        rc[k] = raw();
                    } else {
                        rc[k] = raw();
                        oc[k] = ours();
                    }
                }
                o.push(quantile(&oc, 0.5));
                r.push(quantile(&rc, 0.5));
            }
            let row = Row {
                name: name.to_string(),
                ours: o,
                raw: r,
                kind,
            };
            eprintln!("  {}", line(&row));
            self.rows.push(row);
        }

        /// `pair` for closures that do one operation each: `iters` per sample
        /// (in `ROUNDS` chunks of each).
        fn ops(
            &mut self,
            name: &str,
            samples: usize,
            iters: usize,
            mut ours: impl FnMut(),
            mut raw: impl FnMut(),
        ) {
            let chunk = (iters / ROUNDS).max(1);
            self.pair(
                name,
                Kind::Ratio,
                samples,
                || per_op(chunk, &mut ours),
                || per_op(chunk, &mut raw),
            );
        }
    }

    fn per_op(iters: usize, f: &mut impl FnMut()) -> f64 {
        let t = Instant::now();
        for _ in 0..iters {
            f();
        }
        t.elapsed().as_nanos() as f64 / iters as f64
    }

    fn ratios(row: &Row) -> Vec<f64> {
        row.ours
            .iter()
            .zip(&row.raw)
            .map(|(o, r)| match row.kind {
                Kind::Ratio => o / r,
                Kind::Speedup => r / o,
            })
            .collect()
    }

    fn line(row: &Row) -> String {
        let q = ratios(row);
        let (target, met) = match row.kind {
            Kind::Ratio => ("≤ 1.05×", quantile(&q, 0.5) <= 1.05),
            Kind::Speedup => ("≥ 3×", quantile(&q, 0.5) >= 3.0),
        };
        format!(
            "| {} | {} | {} | {:.3}× | {:.3}–{:.3} | {} | {} | {target} {} |",
            row.name,
            fmt_ns(quantile(&row.ours, 0.5)),
            fmt_ns(quantile(&row.raw, 0.5)),
            quantile(&q, 0.5),
            quantile(&q, 0.25),
            quantile(&q, 0.75),
            row.ours.len(),
            match row.kind {
                Kind::Ratio => "ours/raw",
                Kind::Speedup => "loop/batched",
            },
            if met { "met" } else { "MISSED" },
        )
    }

    // ---- helpers --------------------------------------------------------------

    fn wide(s: &str) -> Vec<u16> {
        std::ffi::OsStr::new(s).encode_wide().chain([0]).collect()
    }

    fn loopback(port: u16) -> SocketAddr {
        SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::LOCALHOST, port))
    }

    fn raw_port() -> HANDLE {
        // SAFETY: creates a new port; checked below.
        let p =
            unsafe { io::CreateIoCompletionPort(INVALID_HANDLE_VALUE, std::ptr::null_mut(), 0, 1) };
        assert!(!p.is_null());
        p
    }

    fn sockaddr_in(a: SocketAddr) -> ws::SOCKADDR_IN {
        let SocketAddr::V4(a) = a else { unreachable!() };
        // SAFETY: SOCKADDR_IN is plain data; all-zero is valid.
        let mut s: ws::SOCKADDR_IN = unsafe { std::mem::zeroed() };
        s.sin_family = ws::AF_INET;
        s.sin_port = a.port().to_be();
        s.sin_addr.S_un.S_addr = u32::from_ne_bytes(a.ip().octets());
        s
    }

    /// A connected TCP pair on loopback, Nagle off (std's sockets are
    /// overlapped-capable).
    fn tcp_pair() -> (TcpListener, TcpStream, TcpStream) {
        let l = TcpListener::bind(loopback(0)).unwrap();
        let c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
        let (s, _) = l.accept().unwrap();
        c.set_nodelay(true).unwrap();
        s.set_nodelay(true).unwrap();
        (l, c, s)
    }

    fn temp_dir() -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("winsyscall-bench-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    // ---- rows -----------------------------------------------------------------

    fn getpid(b: &mut Bench) {
        b.ops(
            "getpid",
            401,
            200_000,
            || {
                black_box(winsyscall::getpid());
            },
            || {
                // SAFETY: no arguments, cannot fail.
                let pid = unsafe { GetCurrentProcessId() };
                // The same answer as ours: Go's `int`, an `i64`.
                black_box(i64::from(pid));
            },
        );
    }

    fn open_close(b: &mut Bench, dir: &std::path::Path) {
        let p = dir.join("existing.txt");
        std::fs::write(&p, b"hello").unwrap();
        let s = p.to_str().unwrap().to_string();
        let w = wide(&s);
        // What Go's Open maps O_RDONLY to: GENERIC_READ, share read|write, an
        // inheritable handle, OPEN_EXISTING, normal + backup semantics.
        let sa = SECURITY_ATTRIBUTES {
            nLength: size_of::<SECURITY_ATTRIBUTES>() as u32,
            lpSecurityDescriptor: std::ptr::null_mut(),
            bInheritHandle: 1,
        };
        b.ops(
            "open+close (O_RDONLY, existing file)",
            201,
            100,
            || {
                drop(black_box(
                    winsyscall::open(s.as_str(), O_RDONLY, 0).unwrap(),
                ))
            },
            || {
                // SAFETY: `w` is NUL-terminated, `sa` alive; the handle is closed once.
                unsafe {
                    let h = fs::CreateFileW(
                        w.as_ptr(),
                        GENERIC_READ,
                        fs::FILE_SHARE_READ | fs::FILE_SHARE_WRITE,
                        &sa,
                        fs::OPEN_EXISTING,
                        fs::FILE_ATTRIBUTE_NORMAL | fs::FILE_FLAG_BACKUP_SEMANTICS,
                        std::ptr::null_mut(),
                    );
                    assert_ne!(h, INVALID_HANDLE_VALUE);
                    CloseHandle(black_box(h));
                }
            },
        );
    }

    fn file_loop(b: &mut Bench, dir: &std::path::Path) {
        let f: OwnedHandle = winsyscall::open(
            dir.join("loop.bin"),
            O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
            0o644,
        )
        .unwrap();
        let h = f.as_raw_handle() as HANDLE;
        let out = vec![0x5Au8; 4096];
        // One read buffer for both (a RefCell: both closures hold it).
        let back = std::cell::RefCell::new(vec![0u8; 4096]);
        b.ops(
            "4 KiB seek(0)+write+seek(0)+read",
            201,
            300,
            || {
                winsyscall::seek(&f, 0, 0).unwrap();
                assert_eq!(winsyscall::write(&f, &out), Ok(4096));
                winsyscall::seek(&f, 0, 0).unwrap();
                assert_eq!(winsyscall::read(&f, &mut back.borrow_mut()), Ok(4096));
            },
            || {
                let (mut n, mut pos) = (0u32, 0i64);
                let mut back = back.borrow_mut();
                // SAFETY: `h` is open for the whole run; the buffers are live and
                // 4096 bytes long; synchronous calls.
                unsafe {
                    assert_ne!(fs::SetFilePointerEx(h, 0, &mut pos, fs::FILE_BEGIN), 0);
                    assert_ne!(
                        fs::WriteFile(h, out.as_ptr(), 4096, &mut n, std::ptr::null_mut()),
                        0
                    );
                    assert_eq!(n, 4096);
                    assert_ne!(fs::SetFilePointerEx(h, 0, &mut pos, fs::FILE_BEGIN), 0);
                    assert_ne!(
                        fs::ReadFile(h, back.as_mut_ptr(), 4096, &mut n, std::ptr::null_mut()),
                        0
                    );
                    assert_eq!(n, 4096);
                }
            },
        );
    }

    fn completion(b: &mut Bench) {
        let port = CompletionPort::new(1).unwrap();
        let rp = raw_port();
        b.ops(
            "completion post+take, one at a time",
            201,
            300,
            || {
                port.post(1, 7).unwrap();
                match port.wait(None).unwrap() {
                    Completion::Posted { key: 7, bytes: 1 } => {}
                    other => panic!("{other:?}"),
                }
            },
            || {
                let (mut n, mut k, mut ov) = (0u32, 0usize, std::ptr::null_mut());
                // SAFETY: `rp` is a live port; the out-pointers are locals.
                unsafe {
                    assert_ne!(
                        io::PostQueuedCompletionStatus(rp, 1, 7, std::ptr::null()),
                        0
                    );
                    assert_ne!(
                        io::GetQueuedCompletionStatus(rp, &mut n, &mut k, &mut ov, u32::MAX),
                        0
                    );
                }
                assert_eq!((n, k), (1, 7));
            },
        );

        // 64 posts, then the 64 packets taken by GetQueuedCompletionStatusEx.
        let mut entries = [OverlappedEntry::default(); BATCH];
        let mut out: Vec<Completion> = Vec::with_capacity(BATCH);
        // SAFETY: OVERLAPPED_ENTRY is plain data; all-zero is valid.
        let mut raw_entries: [io::OVERLAPPED_ENTRY; BATCH] = unsafe { std::mem::zeroed() };
        let ours_batch = |entries: &mut [OverlappedEntry], out: &mut Vec<Completion>| {
            for i in 0..BATCH {
                port.post(i as u32, i).unwrap();
            }
            out.clear();
            let mut taken = 0;
            while taken < BATCH {
                taken += port.wait_many_into(entries, out, None).unwrap();
            }
            black_box(&out);
        };
        let raw_batch = |e: &mut [io::OVERLAPPED_ENTRY]| {
            for i in 0..BATCH {
                // SAFETY: a live port; a NULL OVERLAPPED.
                let ok =
                    unsafe { io::PostQueuedCompletionStatus(rp, i as u32, i, std::ptr::null()) };
                assert_ne!(ok, 0);
            }
            let mut taken = 0;
            while taken < BATCH {
                let mut n = 0u32;
                // SAFETY: `e` is writable for its length.
                let ok = unsafe {
                    io::GetQueuedCompletionStatusEx(
                        rp,
                        e.as_mut_ptr(),
                        BATCH as u32,
                        &mut n,
                        u32::MAX,
                        0,
                    )
                };
                assert_ne!(ok, 0);
                taken += n as usize;
            }
            black_box(&e);
        };
        b.pair(
            "completion 64 posts + GetQueuedCompletionStatusEx (per packet)",
            Kind::Ratio,
            201,
            || per_op(CHUNK_BATCHES, &mut || ours_batch(&mut entries, &mut out)) / BATCH as f64,
            || per_op(CHUNK_BATCHES, &mut || raw_batch(&mut raw_entries)) / BATCH as f64,
        );
        let mut ours_vec = || {
            for i in 0..BATCH {
                port.post(i as u32, i).unwrap();
            }
            let mut taken = 0;
            while taken < BATCH {
                taken += black_box(port.wait_many(BATCH, None).unwrap()).len();
            }
        };
        b.pair(
            "  same, with the allocating wait_many",
            Kind::Ratio,
            101,
            || per_op(CHUNK_BATCHES, &mut ours_vec) / BATCH as f64,
            || per_op(CHUNK_BATCHES, &mut || raw_batch(&mut raw_entries)) / BATCH as f64,
        );

        // Taking only: 64 packets queued (untimed), then taken one call per
        // packet or in one batch. Both columns are the crate's calls.
        let fill = || {
            for i in 0..BATCH {
                port.post(i as u32, i).unwrap();
            }
        };
        let take_one = || {
            let mut ns = 0.0;
            for _ in 0..CHUNK_BATCHES {
                fill();
                let t = Instant::now();
                for _ in 0..BATCH {
                    black_box(port.wait(None).unwrap());
                }
                ns += t.elapsed().as_nanos() as f64;
            }
            ns / (CHUNK_BATCHES * BATCH) as f64
        };
        let mut entries2 = [OverlappedEntry::default(); BATCH];
        let mut out2: Vec<Completion> = Vec::with_capacity(BATCH);
        let take_batch = || {
            let mut ns = 0.0;
            for _ in 0..CHUNK_BATCHES {
                fill();
                let t = Instant::now();
                out2.clear();
                let mut taken = 0;
                while taken < BATCH {
                    taken += port.wait_many_into(&mut entries2, &mut out2, None).unwrap();
                }
                ns += t.elapsed().as_nanos() as f64;
            }
            ns / (CHUNK_BATCHES * BATCH) as f64
        };
        b.pair(
            "taking 64 queued packets: wait_many_into vs wait loop (per packet)",
            Kind::Speedup,
            201,
            take_batch,
            take_one,
        );
        // The same with the raw calls: is the speedup ours to give, or Wine's?
        let raw_fill = || {
            for i in 0..BATCH {
                // SAFETY: a live port; a NULL OVERLAPPED.
                let ok =
                    unsafe { io::PostQueuedCompletionStatus(rp, i as u32, i, std::ptr::null()) };
                assert_ne!(ok, 0);
            }
        };
        // SAFETY: OVERLAPPED_ENTRY is plain data; all-zero is valid.
        let mut raw_entries2: [io::OVERLAPPED_ENTRY; BATCH] = unsafe { std::mem::zeroed() };
        let raw_take_batch = || {
            let mut ns = 0.0;
            for _ in 0..CHUNK_BATCHES {
                raw_fill();
                let t = Instant::now();
                let mut taken = 0;
                while taken < BATCH {
                    let mut n = 0u32;
                    // SAFETY: the entries are writable for their length.
                    let ok = unsafe {
                        io::GetQueuedCompletionStatusEx(
                            rp,
                            raw_entries2.as_mut_ptr(),
                            BATCH as u32,
                            &mut n,
                            u32::MAX,
                            0,
                        )
                    };
                    assert_ne!(ok, 0);
                    taken += n as usize;
                }
                ns += t.elapsed().as_nanos() as f64;
            }
            ns / (CHUNK_BATCHES * BATCH) as f64
        };
        let raw_take_one = || {
            let mut ns = 0.0;
            for _ in 0..CHUNK_BATCHES {
                raw_fill();
                let t = Instant::now();
                for _ in 0..BATCH {
                    let (mut n, mut k, mut ov) = (0u32, 0usize, std::ptr::null_mut());
                    // SAFETY: a live port; the out-pointers are locals.
                    let ok = unsafe {
                        io::GetQueuedCompletionStatus(rp, &mut n, &mut k, &mut ov, u32::MAX)
                    };
                    assert_ne!(ok, 0);
                }
                ns += t.elapsed().as_nanos() as f64;
            }
            ns / (CHUNK_BATCHES * BATCH) as f64
        };
        b.pair(
            "  raw twin: GetQueuedCompletionStatusEx vs GetQueuedCompletionStatus loop",
            Kind::Speedup,
            201,
            raw_take_batch,
            raw_take_one,
        );
        // Posting included: one post+wait per packet vs 64 posts + one batch.
        let mut entries3 = [OverlappedEntry::default(); BATCH];
        let mut out3: Vec<Completion> = Vec::with_capacity(BATCH);
        b.pair(
            "post+take 64: batched vs one at a time (per packet)",
            Kind::Speedup,
            201,
            || per_op(CHUNK_BATCHES, &mut || ours_batch(&mut entries3, &mut out3)) / BATCH as f64,
            || {
                per_op(CHUNK_BATCHES * BATCH, &mut || {
                    port.post(1, 7).unwrap();
                    black_box(port.wait(None).unwrap());
                })
            },
        );
        // SAFETY: our raw port, closed once.
        unsafe { CloseHandle(rp) };
    }

    fn udp(b: &mut Bench) {
        let a = UdpSocket::bind(loopback(0)).unwrap();
        let c = UdpSocket::bind(loopback(0)).unwrap();
        let to = Sockaddr::from(c.local_addr().unwrap());
        let to_raw = sockaddr_in(c.local_addr().unwrap());
        let (sa, sc) = (
            a.as_raw_socket() as ws::SOCKET,
            c.as_raw_socket() as ws::SOCKET,
        );
        let msg = [0xA5u8; 64];
        let mut buf = [0u8; 64];
        let mut buf2 = [0u8; 64];
        b.ops(
            "UDP 64 B wsa_sendto+wsa_recvfrom (loopback)",
            201,
            300,
            || {
                assert_eq!(
                    winsyscall::wsa_sendto(&a, &[IoSlice::new(&msg)], 0, Some(&to)),
                    Ok(64)
                );
                let mut flags = 0;
                let r = winsyscall::wsa_recvfrom(&c, &mut [IoSliceMut::new(&mut buf)], &mut flags);
                assert_eq!(black_box(r).unwrap().0, 64);
            },
            || {
                let (mut n, mut flags) = (0u32, 0u32);
                let wb = ws::WSABUF {
                    len: 64,
                    buf: msg.as_ptr().cast_mut(),
                };
                let rb = ws::WSABUF {
                    len: 64,
                    buf: buf2.as_mut_ptr(),
                };
                // SAFETY: SOCKADDR_IN is plain data.
                let mut from: ws::SOCKADDR_IN = unsafe { std::mem::zeroed() };
                let mut fromlen = size_of::<ws::SOCKADDR_IN>() as i32;
                // SAFETY: the buffers and addresses are live locals; blocking calls.
                unsafe {
                    let r = ws::WSASendTo(
                        sa,
                        &wb,
                        1,
                        &mut n,
                        0,
                        (&raw const to_raw).cast(),
                        size_of::<ws::SOCKADDR_IN>() as i32,
                        std::ptr::null_mut(),
                        None,
                    );
                    assert_eq!((r, n), (0, 64));
                    let r = ws::WSARecvFrom(
                        sc,
                        &rb,
                        1,
                        &mut n,
                        &mut flags,
                        (&raw mut from).cast(),
                        &mut fromlen,
                        std::ptr::null_mut(),
                        None,
                    );
                    assert_eq!((r, n), (0, 64));
                }
                black_box(&from);
            },
        );
    }

    fn tcp_echo(b: &mut Bench) {
        // Ours: a CompletionPort with its owned operations.
        let port = CompletionPort::new(1).unwrap();
        let (_l1, client, server) = tcp_pair();
        port.associate_socket(&client, 1).unwrap();
        port.associate_socket(&server, 2).unwrap();
        let mut bufs: [Vec<u8>; 4] = std::array::from_fn(|_| vec![0x33u8; 64]);
        // One recv + one send, both completions taken; buffers reused.
        let exchange = |from: &TcpStream, to: &TcpStream, bufs: &mut [Vec<u8>; 4], i: usize| {
            let mut rbuf = std::mem::take(&mut bufs[i]);
            rbuf.resize(64, 0);
            port.recv(to, rbuf).unwrap().detach();
            port.send(from, std::mem::take(&mut bufs[i + 1]))
                .unwrap()
                .detach();
            for _ in 0..2 {
                let Completion::Done(d) = port.wait(None).unwrap() else {
                    panic!("not an operation")
                };
                match d.output {
                    OpOutput::Recv(v) => {
                        assert_eq!(v.len(), 64, "short read");
                        bufs[i] = v;
                    }
                    OpOutput::Send(v) => bufs[i + 1] = v,
                    other => panic!("{other:?}"),
                }
            }
        };
        // Raw: WSARecv/WSASend with OVERLAPPED + GetQueuedCompletionStatus.
        let rp = raw_port();
        let (_l2, rclient, rserver) = tcp_pair();
        let (rc, rs) = (
            rclient.as_raw_socket() as ws::SOCKET,
            rserver.as_raw_socket() as ws::SOCKET,
        );
        // SAFETY: live sockets and port; association is checked.
        unsafe {
            assert!(!io::CreateIoCompletionPort(rc as HANDLE, rp, 1, 0).is_null());
            assert!(!io::CreateIoCompletionPort(rs as HANDLE, rp, 2, 0).is_null());
        }
        let mut rbufs = [[0x33u8; 64]; 2];
        let raw_exchange = |from: ws::SOCKET, to: ws::SOCKET, rbufs: &mut [[u8; 64]; 2]| {
            // SAFETY: OVERLAPPED is plain data; all-zero is its initial state.
            let mut ovr: io::OVERLAPPED = unsafe { std::mem::zeroed() };
            // SAFETY: as above.
            let mut ovs: io::OVERLAPPED = unsafe { std::mem::zeroed() };
            let (rb, sb) = rbufs.split_at_mut(1);
            let wr = ws::WSABUF {
                len: 64,
                buf: rb[0].as_mut_ptr(),
            };
            let wsb = ws::WSABUF {
                len: 64,
                buf: sb[0].as_mut_ptr(),
            };
            let mut flags = 0u32;
            // SAFETY: the OVERLAPPEDs, WSABUFs, flags and buffers stay alive and
            // unmoved until both packets are taken below, in this frame.
            unsafe {
                let r = ws::WSARecv(to, &wr, 1, std::ptr::null_mut(), &mut flags, &mut ovr, None);
                assert!(r == 0 || ws::WSAGetLastError() == ws::WSA_IO_PENDING);
                let r = ws::WSASend(from, &wsb, 1, std::ptr::null_mut(), 0, &mut ovs, None);
                assert!(r == 0 || ws::WSAGetLastError() == ws::WSA_IO_PENDING);
                for _ in 0..2 {
                    let (mut n, mut k, mut ov) = (0u32, 0usize, std::ptr::null_mut());
                    assert_ne!(
                        io::GetQueuedCompletionStatus(rp, &mut n, &mut k, &mut ov, u32::MAX),
                        0
                    );
                    if ov == &raw mut ovr {
                        assert_eq!(n, 64, "short read");
                    }
                }
            }
        };
        b.ops(
            "TCP 64 B echo round trip, overlapped (2 recv + 2 send)",
            201,
            100,
            || {
                exchange(&client, &server, &mut bufs, 0);
                exchange(&server, &client, &mut bufs, 2);
            },
            || {
                raw_exchange(rc, rs, &mut rbufs);
                raw_exchange(rs, rc, &mut rbufs);
            },
        );
        // SAFETY: our raw port, closed once.
        unsafe { CloseHandle(rp) };
    }

    /// "Wine x.y" when running under Wine (ntdll's `wine_get_version`), else "Windows".
    fn platform() -> String {
        use windows_sys::Win32::System::LibraryLoader::{GetModuleHandleA, GetProcAddress};
        // SAFETY: NUL-terminated literals; ntdll is always loaded; the export,
        // when present, is `const char *wine_get_version(void)`.
        unsafe {
            let ntdll = GetModuleHandleA(c"ntdll.dll".as_ptr().cast());
            match GetProcAddress(ntdll, c"wine_get_version".as_ptr().cast()) {
                Some(f) => {
                    let f: unsafe extern "C" fn() -> *const std::ffi::c_char =
                        std::mem::transmute(f);
                    format!("Wine {}", std::ffi::CStr::from_ptr(f()).to_string_lossy())
                }
                None => "Windows".to_string(),
            }
        }
    }

    /// The Linux host's load average, read through Wine's `Z:` drive (`-` elsewhere).
    fn host_load() -> String {
        std::fs::read_to_string(r"Z:\proc\loadavg").map_or_else(
            |_| "-".to_string(),
            |s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
        )
    }

    pub fn main() {
        let scale = std::env::var("WINSYSCALL_BENCH_SCALE")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1.0);
        let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
        let mut b = Bench {
            scale,
            filter,
            rows: Vec::new(),
        };
        let dir = temp_dir();
        let start = Instant::now();
        let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
        eprintln!(
            "winsyscall wine bench on {}, {cpus} CPUs (scale {scale}), host load {}: rows as they finish",
            platform(),
            host_load()
        );
        let load_before = host_load();
        getpid(&mut b);
        file_loop(&mut b, &dir);
        open_close(&mut b, &dir);
        completion(&mut b);
        udp(&mut b);
        tcp_echo(&mut b);
        let _ = std::fs::remove_dir_all(&dir);
        println!();
        println!(
            "## Windows calls: ours vs raw windows-sys, same process, interleaved ({}, {cpus} CPUs)",
            platform()
        );
        println!();
        println!(
            "| operation | ours (median/op) | twin (median/op) | median ratio | ratio p25–p75 | samples | ratio of | target |"
        );
        println!("|---|---|---|---|---|---|---|---|");
        for r in &b.rows {
            println!("{}", line(r));
        }
        println!();
        println!(
            "(ratio rows: ours/raw, lower is better; speedup rows: one-at-a-time time / batched time per packet, higher is better; total {:.0} s; host load average {load_before} before, {} after)",
            start.elapsed().as_secs_f64(),
            host_load()
        );
        // Machine-readable, for `cargo xtask bench` (which puts Go's syscall
        // package next to these rows): name, median ns/op of ours and of the
        // twin, samples.
        println!();
        for r in &b.rows {
            println!(
                "row\t{}\t{:.3}\t{:.3}\t{}",
                r.name,
                quantile(&r.ours, 0.5),
                quantile(&r.raw, 0.5),
                r.ours.len()
            );
        }
    }
}
