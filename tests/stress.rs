//! Stress under Wine (and Windows): 8 threads × 100,000 completion packets
//! through one port, each taken exactly once; Winsock start-up raced from 16
//! threads in a fresh process; lazy procedure resolution raced from 16
//! threads; callbacks created, called and released concurrently; data written
//! through every write route and read back with a matching checksum.
//!
//! The Winsock race needs a process in which nothing has started Winsock yet,
//! so it runs in a child: this very test binary, re-run with
//! `--exact stress_child_helper` and `WINSYSCALL_STRESS_CHILD` set (the helper
//! is a no-op otherwise). The child holds its first Winsock start-up open for
//! 200 ms (a hidden test hook of the crate) so the 16 threads really race it.
//!
//! Each test can fail: `WINSYSCALL_INJECT_FAULT=<name>` (packets, winsock,
//! lazy, callback, write) plants the fault that test exists to catch — a
//! packet posted twice, a second Winsock start-up, a leaked module reference,
//! a leaked callback, a corrupted byte — and the test must then fail.
#![cfg(windows)]

mod common;

use std::ffi::OsString;
use std::io::{IoSlice, IoSliceMut, Read};
use std::os::windows::fs::OpenOptionsExt;
use std::os::windows::io::{AsHandle, OwnedSocket};
use std::sync::Barrier;
#[cfg(any(target_arch = "x86_64", target_arch = "x86", target_arch = "aarch64"))]
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use winsyscall::*;

const LONG: Option<Duration> = Some(Duration::from_secs(60));
const FILE_FLAG_OVERLAPPED: u32 = 0x4000_0000;

const INJECT_ENV: &str = "WINSYSCALL_INJECT_FAULT";

/// Whether `WINSYSCALL_INJECT_FAULT` names `fault` (see the file docs).
fn inject(fault: &str) -> bool {
    std::env::var(INJECT_ENV).is_ok_and(|v| v == fault)
}

fn v4(port: i32) -> Sockaddr {
    Sockaddr::Inet4(SockaddrInet4::new([127, 0, 0, 1], port))
}

/// Deterministic test data (xorshift64*).
fn data(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

/// FNV-1a, 64-bit: the checksum compared after each route.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn assert_same(route: &str, got: &[u8], want: &[u8]) {
    let mut got = got.to_vec();
    if inject("write") {
        let mid = got.len() / 2;
        got[mid] ^= 1;
    }
    assert_eq!(got.len(), want.len(), "{route}: length differs");
    assert_eq!(fnv(&got), fnv(want), "{route}: checksum differs");
    assert!(got[..] == want[..], "{route}: bytes differ");
}

// ------------------------------------------------- 800,000 packets, one port

#[test]
fn eight_threads_post_100000_packets_each_and_every_one_is_taken_once() {
    const PRODUCERS: usize = 8;
    const PER: usize = 100_000;
    const TOTAL: usize = PRODUCERS * PER;
    const CONSUMERS: usize = 8;
    const STOP: usize = usize::MAX;
    // The byte count each packet carries: a function of its key, checked on
    // arrival (a packet whose fields were mixed up would not match).
    fn stamp(key: usize) -> u32 {
        (key as u32).wrapping_mul(2_654_435_761) ^ 0x5A5A_5A5A
    }
    let port = CompletionPort::new(0).unwrap();
    let seen: Vec<AtomicU64> = (0..TOTAL.div_ceil(64)).map(|_| AtomicU64::new(0)).collect();
    let taken = AtomicUsize::new(0);
    let key_sum = AtomicU64::new(0);
    let t = Instant::now();
    std::thread::scope(|s| {
        let (port, seen, taken, key_sum) = (&port, &seen, &taken, &key_sum);
        // One packet: checked, marked, counted. Returns true at a STOP.
        let take = move |key: usize, bytes: u32| -> bool {
            if key == STOP {
                return true;
            }
            assert!(key < TOTAL, "a key never posted: {key}");
            assert_eq!(bytes, stamp(key), "packet {key} carries the wrong count");
            let bit = 1u64 << (key % 64);
            let before = seen[key / 64].fetch_or(bit, Ordering::Relaxed);
            assert_eq!(before & bit, 0, "packet {key} was taken twice");
            key_sum.fetch_add(key as u64, Ordering::Relaxed);
            if taken.fetch_add(1, Ordering::AcqRel) + 1 == TOTAL {
                // The last one: release every consumer (this one included).
                for _ in 0..CONSUMERS {
                    port.post(0, STOP).unwrap();
                }
            }
            false
        };
        for c in 0..CONSUMERS {
            s.spawn(move || {
                if c % 2 == 0 {
                    // One packet per call.
                    loop {
                        match port.wait(LONG).unwrap() {
                            Completion::Posted { key, bytes } => {
                                if take(key, bytes) {
                                    return;
                                }
                            }
                            other => panic!("{other:?}"),
                        }
                    }
                } else {
                    // Batches, without allocating.
                    let mut entries = vec![OverlappedEntry::default(); 64];
                    let mut out = Vec::with_capacity(64);
                    loop {
                        out.clear();
                        port.wait_many_into(&mut entries, &mut out, LONG).unwrap();
                        let mut stops = 0;
                        for c in out.drain(..) {
                            match c {
                                Completion::Posted { key, bytes } => {
                                    stops += take(key, bytes) as usize
                                }
                                other => panic!("{other:?}"),
                            }
                        }
                        if stops > 0 {
                            // Hand back the STOPs meant for other consumers.
                            for _ in 1..stops {
                                port.post(0, STOP).unwrap();
                            }
                            return;
                        }
                    }
                }
            });
        }
        for p in 0..PRODUCERS {
            s.spawn(move || {
                for i in 0..PER {
                    let key = p * PER + i;
                    port.post(stamp(key), key).unwrap();
                }
                if p == 0 && inject("packets") {
                    port.post(stamp(0), 0).unwrap();
                }
            });
        }
    });
    let elapsed = t.elapsed();
    assert_eq!(taken.load(Ordering::SeqCst), TOTAL);
    assert!(
        seen.iter().all(|w| w.load(Ordering::SeqCst) == u64::MAX),
        "some packets never arrived"
    );
    assert_eq!(
        key_sum.load(Ordering::SeqCst),
        (TOTAL as u64 - 1) * TOTAL as u64 / 2
    );
    // Nothing left over: the port is empty.
    assert_eq!(
        port.wait(Some(Duration::ZERO)).unwrap_err(),
        Errno::WAIT_TIMEOUT
    );
    assert_eq!(port.in_flight(), 0);
    println!(
        "STRESS packets: {TOTAL} packets ({PRODUCERS} producers, {CONSUMERS} consumers) in {:.2} s",
        elapsed.as_secs_f64()
    );
}

// ------------------------------------------- Winsock start-up, fresh process

const CHILD_ENV: &str = "WINSYSCALL_STRESS_CHILD";
/// How long the child holds its first Winsock start-up open (see the hook).
const START_UP_WINDOW_MS: u32 = 200;

/// How many `WSACleanup` calls succeed in a row: the start-up count.
fn drain_winsock_startups() -> usize {
    use windows_sys::Win32::Networking::WinSock::WSACleanup;
    (0..1000)
        // SAFETY: WSACleanup takes no arguments and fails once the count is 0.
        .take_while(|_| unsafe { WSACleanup() } == 0)
        .count()
}

/// Not a test on its own: the body of the child process (see the file docs).
#[test]
fn stress_child_helper() {
    let Some(mode) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    const THREADS: usize = 16;
    let line = match mode.to_str() {
        // How many start-ups the process holds without the crate.
        Some("baseline") => format!("RESULT ok=0 cleanups={}", drain_winsock_startups()),
        // 16 threads make their first Winsock call at the same instant,
        // through four different entry points.
        Some("race") => {
            if inject("winsock") {
                wsa_startup(0x0202).unwrap();
            }
            // Hold the first start-up for 200 ms between deciding to start
            // and `WSAStartup`, so every thread reaches the start-up code
            // while it is under way: a once-only logic that let a second
            // thread through (check-then-start without the lock) would start
            // Winsock again, and one that marked Winsock started before
            // `WSAStartup` returned would let a call return early.
            __widen_winsock_start_up_window(START_UP_WINDOW_MS);
            let barrier = Barrier::new(THREADS);
            // Per thread: when its first call began and when it returned.
            type Times = std::result::Result<(Instant, Instant), String>;
            let times: Vec<Times> = std::thread::scope(|s| {
                let hs: Vec<_> = (0..THREADS)
                    .map(|k| {
                        let barrier = &barrier;
                        s.spawn(move || -> Times {
                            barrier.wait();
                            let e = |e: Errno| format!("thread {k}: {e:?}");
                            let t0 = Instant::now();
                            let t1;
                            match k % 4 {
                                0 => {
                                    let l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).map_err(e)?;
                                    t1 = Instant::now();
                                    bind(&l, v4(0)).map_err(e)?;
                                    listen(&l, 1).map_err(e)?;
                                    getsockname(&l).map_err(e)?;
                                }
                                1 => {
                                    let u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP).map_err(e)?;
                                    t1 = Instant::now();
                                    bind(&u, v4(0)).map_err(e)?;
                                }
                                2 => {
                                    get_addr_info_w(Some("localhost"), None, None).map_err(e)?;
                                    t1 = Instant::now();
                                }
                                _ => {
                                    let p = wsa_enum_protocols(None).map_err(e)?;
                                    t1 = Instant::now();
                                    if p.is_empty() {
                                        return Err(format!("thread {k}: no protocols"));
                                    }
                                }
                            }
                            Ok((t0, t1))
                        })
                    })
                    .collect();
                hs.into_iter().map(|h| h.join().unwrap()).collect()
            });
            let errors: Vec<&String> = times.iter().filter_map(|t| t.as_ref().err()).collect();
            // The start-up began no earlier than the first thread's call and
            // slept the window, and no first call may return before it ended:
            // one returning sooner (less a margin for timer granularity) ran
            // before Winsock was started.
            let ok: Vec<(Instant, Instant)> = times.iter().filter_map(|t| t.clone().ok()).collect();
            let early = match ok.iter().map(|t| t.0).min() {
                Some(first) => {
                    let done = first + Duration::from_millis((START_UP_WINDOW_MS - 50).into());
                    ok.iter().filter(|t| t.1 < done).count()
                }
                None => 0,
            };
            format!(
                "RESULT ok={} cleanups={} early={early} errors={errors:?}",
                ok.len(),
                drain_winsock_startups()
            )
        }
        _ => "RESULT unknown mode".into(),
    };
    println!("\n{line}");
    exit(0)
}

fn run_child(mode: &str) -> (usize, usize, String) {
    let (r, w) = pipe().unwrap();
    let mut env: Vec<OsString> = vec![format!("{CHILD_ENV}={mode}").into()];
    if let Ok(f) = std::env::var(INJECT_ENV) {
        env.push(format!("{INJECT_ENV}={f}").into());
    }
    if let Some(root) = std::env::var_os("SystemRoot") {
        let mut e = OsString::from("SystemRoot=");
        e.push(root);
        env.push(e);
    }
    let attr = ProcAttr {
        env,
        files: vec![None, Some(w.as_handle()), None],
        ..ProcAttr::default()
    };
    let exe = std::env::current_exe().unwrap();
    let argv = [
        "stress-child",
        "--exact",
        "stress_child_helper",
        "--nocapture",
        "-q",
    ];
    let child = common::start_child(|| Child::start(&exe, &argv, &attr)).unwrap();
    drop(attr);
    drop(w);
    let mut out = String::new();
    std::io::PipeReader::from(r)
        .read_to_string(&mut out)
        .unwrap();
    assert_eq!(child.wait().unwrap().exit_status(), 0, "child: {out}");
    let line = out
        .lines()
        .find(|l| l.starts_with("RESULT"))
        .unwrap_or_else(|| panic!("no RESULT from the child: {out}"))
        .to_string();
    (
        result_field(&line, "ok="),
        result_field(&line, "cleanups="),
        line,
    )
}

/// The `name=` number of a child's `RESULT` line.
fn result_field(line: &str, name: &str) -> usize {
    line.split(' ')
        .find_map(|w| w.strip_prefix(name))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in {line}"))
}

#[test]
fn winsock_start_up_raced_from_16_threads_in_a_fresh_process() {
    let (_, base, _) = run_child("baseline");
    let (ok, cleanups, line) = run_child("race");
    assert_eq!(ok, 16, "a first Winsock call failed: {line}");
    // No first call returned while the (widened) start-up was under way.
    assert_eq!(
        result_field(&line, "early="),
        0,
        "a first call returned before Winsock was started: {line}"
    );
    // Exactly one start-up was added, however many threads raced to make it.
    assert_eq!(
        cleanups,
        base + 1,
        "start-ups held: {cleanups}, without the crate: {base}: {line}"
    );
    println!("STRESS winsock: 16 threads, {line} (baseline {base})");
}

// ------------------------------------------------ lazy procedure resolution

fn module_loaded(name: &str) -> bool {
    use windows_sys::Win32::System::LibraryLoader::GetModuleHandleW;
    let w: Vec<u16> = name.encode_utf16().chain([0]).collect();
    // SAFETY: a NUL-terminated name; no reference is taken.
    !unsafe { GetModuleHandleW(w.as_ptr()) }.is_null()
}

/// A DLL, one of its procedures, and the arguments to call it with.
type Candidate = (&'static str, &'static str, fn() -> Vec<usize>);

/// System DLLs with a procedure (and, as in tests/leak.rs, the arguments it
/// takes); the first one not loaded in this process is used (which DLLs a test
/// binary loads at start-up depends on what the crate links). Each loads and
/// unloads under Wine without leaving a handle behind.
const UNLOADED_CANDIDATES: [Candidate; 2] = [
    // HRESULT DwmFlush(void)
    ("dwmapi.dll", "DwmFlush", Vec::new),
    // BOOL IsNormalizedString(NormalizationC, L"abc", -1)
    ("normaliz.dll", "IsNormalizedString", || {
        vec![1, ABC.as_ptr() as usize, usize::MAX]
    }),
];

/// `L"abc"`, for `IsNormalizedString`.
static ABC: [u16; 4] = [97, 98, 99, 0];

#[test]
fn lazy_procedure_resolution_raced_from_16_threads() {
    // A DLL loaded by nothing else in this binary, so its unloading after each
    // round shows that the racing loads kept exactly one reference.
    let (dll_name, proc_name, _) = *UNLOADED_CANDIDATES
        .iter()
        .find(|(dll, _, _)| !module_loaded(dll))
        .expect("every candidate DLL is already loaded: add another");
    const THREADS: usize = 16;
    const ROUNDS: usize = 100;
    let t = Instant::now();
    for round in 0..ROUNDS {
        let dll = LazyDll::new(dll_name);
        let good = dll.new_proc(proc_name);
        let bad = dll.new_proc("NoSuchProcWinsyscall");
        let barrier = Barrier::new(THREADS);
        let got: Vec<(usize, usize)> = std::thread::scope(|s| {
            let hs: Vec<_> = (0..THREADS)
                .map(|_| {
                    // Clones share the one lazy state.
                    let good = good.clone();
                    let (dll, bad, barrier) = (&dll, &bad, &barrier);
                    s.spawn(move || {
                        barrier.wait();
                        let addr = good.addr().unwrap();
                        // A failure is reported to every thread, never cached as success.
                        assert_eq!(bad.find().unwrap_err().err, Errno::ERROR_PROC_NOT_FOUND);
                        (addr, dll.handle().unwrap())
                    })
                })
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(got[0].0 != 0 && got[0].1 != 0);
        assert!(
            got.iter().all(|g| *g == got[0]),
            "round {round}: threads saw different modules or addresses: {got:?}"
        );
        assert!(module_loaded(dll_name));
        if round == 0 && inject("lazy") {
            std::mem::forget(dll.load().unwrap().clone());
        }
        drop((dll, good, bad));
        assert!(
            !module_loaded(dll_name),
            "round {round}: {dll_name} still loaded: a racing load kept a second reference"
        );
    }
    println!(
        "STRESS lazy procs: {ROUNDS} rounds x {THREADS} threads on {dll_name} in {:.2} s",
        t.elapsed().as_secs_f64()
    );
}

// ------------------------------------------------------------- callbacks

#[cfg(any(target_arch = "x86_64", target_arch = "x86", target_arch = "aarch64"))]
#[test]
fn callbacks_created_called_and_released_concurrently() {
    use windows_sys::Win32::Foundation::{CloseHandle, WAIT_OBJECT_0};
    use windows_sys::Win32::System::Threading::{
        CreateThread, GetExitCodeThread, INFINITE, WaitForSingleObject,
    };
    type Fn1 = extern "system" fn(usize) -> usize;
    const THREADS: usize = 8;
    let t = Instant::now();
    let base = live_callbacks();

    // 1. Churn: create, call, drop, from 8 threads at once (slots are reused
    //    across threads; each call must reach its own closure).
    std::thread::scope(|s| {
        for th in 0..THREADS {
            s.spawn(move || {
                for i in 0..2_000usize {
                    let tag = (th << 24) | i;
                    let cb = new_callback(1, move |a| a[0] ^ tag).unwrap();
                    // SAFETY: one pointer-sized argument, one result.
                    let f: Fn1 = unsafe { std::mem::transmute(cb.ptr()) };
                    assert_eq!(f(0x5555), 0x5555 ^ tag);
                    if th == 0 && i == 0 && inject("callback") {
                        std::mem::forget(cb);
                    }
                }
            });
        }
    });
    assert_eq!(live_callbacks(), base);

    // 2. 512 callbacks made concurrently, then all called from 8 threads at
    //    once and from 64 foreign threads (as thread start routines), then
    //    released concurrently.
    let made: Mutex<Vec<(usize, Callback)>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for th in 0..THREADS {
            let made = &made;
            s.spawn(move || {
                for i in 0..64 {
                    let id = th * 64 + i;
                    let cb = new_callback(1, move |a| a[0].wrapping_mul(3) + id).unwrap();
                    made.lock().unwrap().push((id, cb));
                }
            });
        }
    });
    let made = made.into_inner().unwrap();
    assert_eq!(made.len(), 512);
    assert_eq!(live_callbacks(), base + 512);
    std::thread::scope(|s| {
        for th in 0..THREADS {
            let made = &made;
            s.spawn(move || {
                for round in 0..20 {
                    for (id, cb) in made.iter() {
                        // SAFETY: one pointer-sized argument, one result; `cb` is alive.
                        let f: Fn1 = unsafe { std::mem::transmute(cb.ptr()) };
                        let x = th * 1000 + round;
                        assert_eq!(f(x), x * 3 + id);
                    }
                }
            });
        }
    });
    let mut threads = Vec::new();
    for (id, cb) in made.iter().take(64) {
        // SAFETY: the callback has LPTHREAD_START_ROUTINE's shape (one pointer
        // argument, a result whose low 32 bits are the exit code) and outlives
        // the thread (waited for below).
        let start: unsafe extern "system" fn(*mut core::ffi::c_void) -> u32 =
            unsafe { std::mem::transmute(cb.ptr()) };
        let mut tid = 0u32;
        // SAFETY: default attributes; `start` is valid until the wait below.
        let h = unsafe {
            CreateThread(
                std::ptr::null(),
                0,
                Some(start),
                7 as *const core::ffi::c_void,
                0,
                &mut tid,
            )
        };
        assert!(!h.is_null());
        threads.push((*id, h));
    }
    for (id, h) in threads {
        let mut code = 0u32;
        // SAFETY: `h` is a thread handle we own; closed right after.
        unsafe {
            assert_eq!(WaitForSingleObject(h, INFINITE), WAIT_OBJECT_0);
            assert_ne!(GetExitCodeThread(h, &mut code), 0);
            CloseHandle(h);
        }
        assert_eq!(code as usize, 21 + id);
    }
    let made = Mutex::new(made);
    std::thread::scope(|s| {
        for _ in 0..THREADS {
            let made = &made;
            s.spawn(move || {
                loop {
                    // The guard is dropped at the end of this statement, so
                    // the callback is released without the lock held.
                    let Some(cb) = made.lock().unwrap().pop() else {
                        break;
                    };
                    drop(cb);
                }
            });
        }
    });
    assert_eq!(live_callbacks(), base);

    // 3. Exhaustion raced: 8 threads ask for 300 each (2,400 > MAX_CALLBACKS);
    //    exactly the free slots are handed out, every other request is
    //    `Exhausted`, and all slots come back.
    let results: Vec<Vec<std::result::Result<Callback, CallbackError>>> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..THREADS)
            .map(|_| s.spawn(|| (0..300).map(|i| new_callback(1, move |_| i)).collect()))
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let ok = results.iter().flatten().filter(|r| r.is_ok()).count();
    assert_eq!(ok, MAX_CALLBACKS - base);
    assert!(
        results
            .iter()
            .flatten()
            .filter_map(|r| r.as_ref().err())
            .all(|e| *e == CallbackError::Exhausted)
    );
    drop(results);
    assert_eq!(live_callbacks(), base);
    println!(
        "STRESS callbacks: 16,000 churned, 512 x 8 threads x 20 calls + 64 foreign threads, exhaustion raced, in {:.2} s",
        t.elapsed().as_secs_f64()
    );
}

// ------------------------------------------------------ every write route

const ROUTE_LEN: usize = 4 << 20;

#[test]
fn plain_write_reads_back_with_matching_checksum() {
    let dir = common::TempDir::new("stress-write");
    let path = dir.join("plain.bin");
    let want = data(ROUTE_LEN, 1);
    let h = open(&path, O_RDWR | O_CREAT | O_TRUNC, 0o666).unwrap();
    let mut sizes = data(4096, 2).into_iter().cycle();
    let mut off = 0;
    while off < want.len() {
        // Chunks of 1 to ~64 KiB, short writes resumed.
        let n = ((sizes.next().unwrap() as usize) << 8 | sizes.next().unwrap() as usize) + 1;
        let end = (off + n).min(want.len());
        off += write(&h, &want[off..end]).unwrap();
    }
    fsync(&h).unwrap();
    assert_eq!(seek(&h, 0, 0).unwrap(), 0);
    let mut got = vec![0u8; want.len() + 1];
    let mut n = 0;
    loop {
        let r = read(&h, &mut got[n..]).unwrap();
        if r == 0 {
            break;
        }
        n += r;
    }
    got.truncate(n);
    assert_same("write", &got, &want);
    drop(h);
    assert_same("write (std read)", &std::fs::read(&path).unwrap(), &want);
}

#[test]
fn write_at_from_8_threads_reads_back_with_matching_checksum() {
    let dir = common::TempDir::new("stress-write-at");
    let path = dir.join("at.bin");
    let want = data(ROUTE_LEN, 3);
    let h = open(&path, O_RDWR | O_CREAT | O_TRUNC, 0o666).unwrap();
    const THREADS: usize = 8;
    let region = ROUTE_LEN / THREADS;
    std::thread::scope(|s| {
        for t in 0..THREADS {
            let (h, want) = (&h, &want);
            s.spawn(move || {
                // Each thread writes its region back to front, in 4 KiB + t chunks.
                let chunk = 4096 + t;
                let start = t * region;
                let mut end = start + region;
                while end > start {
                    let from = end.saturating_sub(chunk).max(start);
                    let n = write_at(h, &want[from..end], from as u64).unwrap();
                    assert_eq!(n, end - from, "short write_at");
                    end = from;
                }
            });
        }
    });
    let mut got = vec![0u8; ROUTE_LEN];
    let mut off = 0;
    while off < ROUTE_LEN {
        let n = read_at(&h, &mut got[off..(off + 65_521).min(ROUTE_LEN)], off as u64).unwrap();
        assert_ne!(n, 0, "early end of file at {off}");
        off += n;
    }
    let mut tail = [0u8; 16];
    assert_eq!(read_at(&h, &mut tail, ROUTE_LEN as u64).unwrap(), 0);
    assert_same("write_at", &got, &want);
}

#[test]
fn overlapped_write_at_reads_back_with_matching_checksum() {
    const OPS: usize = 128;
    const CHUNK: usize = ROUTE_LEN / OPS;
    let dir = common::TempDir::new("stress-ov");
    let path = dir.join("ov.bin");
    let want = data(ROUTE_LEN, 4);
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .custom_flags(FILE_FLAG_OVERLAPPED)
        .open(&path)
        .unwrap();
    let port = CompletionPort::new(0).unwrap();
    port.associate(&f, 9).unwrap();
    // All writes in flight at once, in reverse order.
    for k in (0..OPS).rev() {
        let off = k * CHUNK;
        port.write_at(&f, off as u64, want[off..off + CHUNK].to_vec())
            .unwrap()
            .detach();
    }
    for _ in 0..OPS {
        match port.wait(LONG).unwrap() {
            Completion::Done(d) => {
                assert_eq!(d.result, Ok(CHUNK as u32));
                assert!(matches!(d.output, OpOutput::Write(ref v) if v.len() == CHUNK));
            }
            other => panic!("{other:?}"),
        }
    }
    // Read back through the port too, matched by operation id.
    let mut offsets = std::collections::HashMap::new();
    for k in 0..OPS {
        let off = k * CHUNK;
        let op = port.read_at(&f, off as u64, vec![0; CHUNK]).unwrap();
        offsets.insert(op.detach(), off);
    }
    let mut got = vec![0u8; ROUTE_LEN];
    for _ in 0..OPS {
        match port.wait(LONG).unwrap() {
            Completion::Done(d) => {
                assert_eq!(d.result, Ok(CHUNK as u32));
                let off = offsets.remove(&d.id).expect("an operation of this test");
                let OpOutput::Read(v) = d.output else {
                    panic!("not a read")
                };
                got[off..off + CHUNK].copy_from_slice(&v);
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(port.in_flight(), 0);
    assert_same("CompletionPort::write_at", &got, &want);
    drop(f);
    assert_same(
        "CompletionPort::write_at (std read)",
        &std::fs::read(&path).unwrap(),
        &want,
    );
}

fn tcp_pair() -> (OwnedSocket, OwnedSocket) {
    let l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).unwrap();
    bind(&l, v4(0)).unwrap();
    listen(&l, 1).unwrap();
    let c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).unwrap();
    connect(&c, getsockname(&l).unwrap()).unwrap();
    let (s, _) = accept(&l).unwrap();
    (s, c)
}

#[test]
fn socket_sends_read_back_with_matching_checksum() {
    // wsa_send (gather, three slices a call) -> wsa_recv (scatter, two slices).
    let want = data(ROUTE_LEN, 5);
    let (server, client) = tcp_pair();
    let got = std::thread::scope(|s| {
        let want = &want;
        let client = &client;
        s.spawn(move || {
            let mut off = 0;
            let mut k = 0usize;
            while off < want.len() {
                let a = (off + 1 + k % 7000).min(want.len());
                let b = (a + 3 + k % 13).min(want.len());
                let c = (b + 20_000).min(want.len());
                let n = wsa_send(
                    client,
                    &[
                        IoSlice::new(&want[off..a]),
                        IoSlice::new(&want[a..b]),
                        IoSlice::new(&want[b..c]),
                    ],
                    0,
                )
                .unwrap();
                assert!(n > 0);
                off += n;
                k += 1;
            }
            shutdown(client, SHUT_WR).unwrap();
        });
        let mut got = Vec::with_capacity(want.len());
        let (mut x, mut y) = (vec![0u8; 1000], vec![0u8; 30_000]);
        loop {
            let mut flags = 0;
            let n = wsa_recv(
                &server,
                &mut [IoSliceMut::new(&mut x), IoSliceMut::new(&mut y)],
                &mut flags,
            )
            .unwrap();
            if n == 0 {
                break;
            }
            got.extend_from_slice(&x[..n.min(1000)]);
            if n > 1000 {
                got.extend_from_slice(&y[..n - 1000]);
            }
        }
        got
    });
    assert_same("wsa_send", &got, &want);

    // CompletionPort::send -> CompletionPort::recv, one port per side.
    let want = data(ROUTE_LEN / 2, 6);
    let (server, client) = tcp_pair();
    let (tx, rx) = (
        CompletionPort::new(1).unwrap(),
        CompletionPort::new(1).unwrap(),
    );
    tx.associate_socket(&client, 1).unwrap();
    rx.associate_socket(&server, 2).unwrap();
    let got = std::thread::scope(|s| {
        let (want, tx, client) = (&want, &tx, &client);
        s.spawn(move || {
            for chunk in want.chunks(50_000) {
                let op = tx.send(client, chunk.to_vec()).unwrap();
                match tx.wait(LONG).unwrap() {
                    Completion::Done(d) => {
                        assert_eq!(d.id, op.id());
                        assert_eq!(d.result, Ok(chunk.len() as u32), "short overlapped send");
                    }
                    other => panic!("{other:?}"),
                }
            }
            shutdown(client, SHUT_WR).unwrap();
        });
        let mut got = Vec::with_capacity(want.len());
        loop {
            let _op = rx.recv(&server, vec![0; 40_000]).unwrap();
            match rx.wait(LONG).unwrap() {
                Completion::Done(d) => {
                    let OpOutput::Recv(v) = d.output else {
                        panic!("not a receive")
                    };
                    d.result.unwrap();
                    if v.is_empty() {
                        break;
                    }
                    got.extend_from_slice(&v);
                }
                other => panic!("{other:?}"),
            }
        }
        got
    });
    assert_same("CompletionPort::send", &got, &want);
    assert_eq!((tx.in_flight(), rx.in_flight()), (0, 0));
}
