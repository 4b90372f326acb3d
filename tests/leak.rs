//! Leak tests under Wine (and Windows): 10,000 iterations of each resource
//! family — files, sockets, directory iterators, registry keys, completion-port
//! operations (cancelled and abandoned ones included), lazy DLL calls,
//! callbacks — and 200 child processes, with nothing left behind. Plus the
//! closed/wrong-kind handle rows of the bad-input table (`bad_input_*`), and
//! regression tests for the two bugs found on the way (see
//! docs/RELIABILITY.md, "Leaks and stress").
//!
//! # What is measured
//! Wine 8 stubs `GetProcessHandleCount` (it always answers 0), so each test
//! measures what Wine does honour:
//! * **Handle-value drift.** Wine hands out the lowest free handle slot, so a
//!   handle created after the loop ([`fresh_handle_value`]) sits no higher than
//!   one created before it, give or take the few handles Wine itself creates
//!   lazily. A leak of one handle per iteration pushes it up by thousands. The
//!   bound is [`MAX_DRIFT_SLOTS`] slots (a slot is 4 in handle value).
//! * **Live handles** ([`live_handles`]: every handle value probed with
//!   `GetHandleInformation`), which also sees a leaked handle that sits above a
//!   hole left by a temporary one (the drift alone misses that case).
//! * **The process handle count**, where it answers (real Windows): back within
//!   [`MAX_DRIFT_SLOTS`] of the start.
//! * **Committed memory** (`K32GetProcessMemoryInfo`'s `PagefileUsage`, which Wine
//!   answers): each iteration moves a 4 KiB buffer through the family, so a
//!   per-iteration leak of the buffer (or of the block around it) grows memory
//!   by 40 MB, against a bound of [`MAX_GROWTH`].
//! * **The specific tells**: a leaked file handle blocks deleting the file (Go's
//!   `Open` never shares delete); a leaked listening socket keeps its port bound
//!   (every iteration re-binds the same port); a leaked module reference keeps
//!   the DLL loaded; a leaked callback keeps its slot; a leaked operation stays
//!   in the port's registry; a leaked duplicate of a child's standard handle
//!   keeps the pipe's write end alive.
//!
//! # Showing that each test can fail
//! `WINSYSCALL_INJECT_LEAK=<family>` (open, socket, dir, registry, iocp, dll,
//! callback, process) makes that family's loop `std::mem::forget` one resource
//! per iteration; the test must then fail. The tests run one at a time (a
//! process-wide lock), so the handle values of one loop are not disturbed by
//! another.
#![cfg(windows)]

mod common;

use std::ffi::OsString;
use std::io::{IoSlice, IoSliceMut};
use std::os::windows::fs::OpenOptionsExt;
use std::os::windows::io::{
    AsHandle, AsRawHandle, AsRawSocket, BorrowedHandle, BorrowedSocket, FromRawHandle,
    FromRawSocket, IntoRawHandle, IntoRawSocket, OwnedHandle, OwnedSocket,
};
#[cfg(any(target_arch = "x86_64", target_arch = "x86", target_arch = "aarch64"))]
use std::sync::Arc;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};
use winsyscall::*;

const ITERATIONS: usize = 10_000;
/// Child processes cost ~60–100 ms each under Wine (a full process start-up
/// through wineserver), so 10,000 would take 10–15 minutes: 200 keeps the loop
/// near 15 s and still turns a one-handle-per-child leak into a drift of 200
/// slots, three times the bound.
const CHILDREN: usize = 200;
/// Iterations run before the first measurement, so that one-time set-up
/// (Winsock start-up, DLL loads, Wine's own lazily made handles) is not counted.
const WARM_UP: usize = 20;
/// How far (in handle slots) the lowest free handle may move: a loop body holds
/// at most ~8 handles at once, and Wine creates a few handles lazily (thread
/// pool, Winsock helpers, registry roots). 64 is far above that noise and far
/// below the 10,000 (200 for child processes) that a one-per-iteration leak gives.
const MAX_DRIFT_SLOTS: isize = 64;
/// How much committed memory may grow over a loop. Allocator noise stays below
/// a few MiB; a leak of the 4 KiB per-iteration buffer is 40 MB.
const MAX_GROWTH: isize = 16 << 20;
const FILE_FLAG_OVERLAPPED: u32 = 0x4000_0000;
const LONG: Option<Duration> = Some(Duration::from_secs(30));

/// The tests of this file run one at a time, so that one loop's handles do not
/// move another loop's measurements.
fn serial() -> MutexGuard<'static, ()> {
    static M: Mutex<()> = Mutex::new(());
    M.lock().unwrap_or_else(|p| p.into_inner())
}

/// Whether `WINSYSCALL_INJECT_LEAK` names `family` (see the file docs).
fn inject(family: &str) -> bool {
    std::env::var("WINSYSCALL_INJECT_LEAK").is_ok_and(|v| v == family)
}

/// The value of a handle made now: an event is created, its value read and
/// the event closed. Wine gives the lowest free slot, so this tracks how many
/// handles the process holds (see the file docs).
fn fresh_handle_value() -> usize {
    event().as_raw_handle() as usize
}

/// A new, unnamed event (closed on drop).
fn event() -> OwnedHandle {
    use windows_sys::Win32::System::Threading::CreateEventW;
    // SAFETY: no name, no security attributes: a plain unnamed event.
    let h = unsafe { CreateEventW(std::ptr::null(), 1, 0, std::ptr::null()) };
    assert!(!h.is_null(), "CreateEventW failed");
    // SAFETY: a new handle that nothing else owns; closed when it drops.
    unsafe { OwnedHandle::from_raw_handle(h) }
}

/// The number of live handles in this process, counted by asking
/// `GetHandleInformation` about every handle value from 4 up until 1,024
/// slots in a row are empty. Wine and Windows both answer it, and unlike
/// [`fresh_handle_value`] it also sees a leaked handle that sits above a hole
/// (one made after a temporary handle of the same iteration).
fn live_handles() -> usize {
    use windows_sys::Win32::Foundation::GetHandleInformation;
    let (mut live, mut empty, mut slot) = (0usize, 0usize, 1usize);
    while empty < 1024 && slot < (1 << 22) {
        let mut flags = 0u32;
        // SAFETY: a probe by value: GetHandleInformation only looks the value up
        // in the handle table and reports whether it names a handle.
        let ok = unsafe { GetHandleInformation((slot * 4) as _, &mut flags) };
        if ok != 0 {
            live += 1;
            empty = 0;
        } else {
            empty += 1;
        }
        slot += 1;
    }
    live
}

/// `GetProcessHandleCount`, or `None` where it is a stub answering 0 (Wine 8).
fn process_handle_count() -> Option<u32> {
    use windows_sys::Win32::System::Threading::{GetCurrentProcess, GetProcessHandleCount};
    let mut n = 0u32;
    // SAFETY: the pseudo-handle of this process and a valid out-parameter.
    let ok = unsafe { GetProcessHandleCount(GetCurrentProcess(), &mut n) };
    (ok != 0 && n != 0).then_some(n)
}

/// The committed memory of this process (`PagefileUsage` of
/// `K32GetProcessMemoryInfo`, reached through the crate's own `LazyProc`),
/// or `None` when it is not answered.
fn committed_bytes() -> Option<usize> {
    static K32: std::sync::OnceLock<LazyProc> = std::sync::OnceLock::new();
    let p = K32.get_or_init(|| LazyDll::new("kernel32.dll").new_proc("K32GetProcessMemoryInfo"));
    // PROCESS_MEMORY_COUNTERS on 64-bit: cb, PageFaultCount (u32 each), then
    // eight usize fields; PagefileUsage is the seventh of those.
    let mut c = [0usize; 9];
    c[0] = 72;
    // SAFETY: K32GetProcessMemoryInfo(process, counters, cb) with the
    // current-process pseudo-handle and a 72-byte writable buffer.
    let (r, _, _) = unsafe { p.call(&[usize::MAX, c.as_mut_ptr() as usize, 72]) }.ok()?;
    (r != 0 && c[7] != 0).then_some(c[7])
}

/// Whether a module is loaded in this process.
fn module_loaded(name: &str) -> bool {
    use windows_sys::Win32::System::LibraryLoader::GetModuleHandleW;
    let w: Vec<u16> = name.encode_utf16().chain([0]).collect();
    // SAFETY: a NUL-terminated name; no reference is taken.
    !unsafe { GetModuleHandleW(w.as_ptr()) }.is_null()
}

/// Runs `body` [`WARM_UP`] times, then `n` times between two measurements,
/// prints the measurements (one `LEAK` line, recorded in docs/RELIABILITY.md)
/// and asserts that nothing grew.
fn measure(family: &str, n: usize, mut body: impl FnMut(usize)) {
    for i in 0..WARM_UP {
        body(i);
    }
    let (h0, l0, c0, m0) = (
        fresh_handle_value(),
        live_handles(),
        process_handle_count(),
        committed_bytes(),
    );
    let t = Instant::now();
    for i in 0..n {
        body(WARM_UP + i);
    }
    let elapsed = t.elapsed();
    let (h1, l1, c1, m1) = (
        fresh_handle_value(),
        live_handles(),
        process_handle_count(),
        committed_bytes(),
    );
    let live = l1 as isize - l0 as isize;
    let drift = (h1 as isize - h0 as isize) / 4;
    let count = c0.zip(c1).map(|(a, b)| b as isize - a as isize);
    let growth = m0.zip(m1).map(|(a, b)| b as isize - a as isize);
    println!(
        "LEAK {family}: {n} iterations in {:.2} s; handle value {h0:#x} -> {h1:#x} \
         (drift {drift} slots); live handles {l0} -> {l1}; handle count {}; committed memory {}",
        elapsed.as_secs_f64(),
        count.map_or("not answered (Wine stub)".into(), |d| format!(
            "{c0:?} -> {c1:?} ({d:+})"
        )),
        growth.map_or("not answered".into(), |g| format!("{:+} KiB", g / 1024)),
    );
    assert!(
        drift <= MAX_DRIFT_SLOTS,
        "{family}: the lowest free handle moved up by {drift} slots over {n} iterations: handles leak"
    );
    assert!(
        live <= MAX_DRIFT_SLOTS,
        "{family}: {live} more live handles after {n} iterations: handles leak"
    );
    if let Some(d) = count {
        assert!(
            d <= MAX_DRIFT_SLOTS,
            "{family}: the process handle count grew by {d}"
        );
    }
    if let Some(g) = growth {
        assert!(
            g <= MAX_GROWTH,
            "{family}: committed memory grew by {g} bytes over {n} iterations"
        );
    }
}

fn v4(port: i32) -> Sockaddr {
    Sockaddr::Inet4(SockaddrInet4::new([127, 0, 0, 1], port))
}

fn port_of(sa: &Sockaddr) -> i32 {
    match sa {
        Sockaddr::Inet4(a) => a.port,
        other => panic!("not IPv4: {other:?}"),
    }
}

fn abort_on_close(s: &OwnedSocket) {
    // Linger 0: close sends RST, so no connection waits in TIME_WAIT on the
    // port the next iteration binds again.
    setsockopt_linger(
        s,
        SOL_SOCKET,
        SO_LINGER,
        &Linger {
            onoff: 1,
            linger: 0,
        },
    )
    .unwrap();
}

fn buffer(i: usize) -> Vec<u8> {
    (0..4096).map(|k| (i.wrapping_mul(31) + k) as u8).collect()
}

// ------------------------------------------------------------------ files

#[test]
fn open_close_10000_leaves_no_handle_and_the_file_deletable() {
    let _g = serial();
    let dir = common::TempDir::new("leak-open");
    let path = dir.join("f.bin");
    let missing = dir.join("missing");
    std::fs::write(&path, buffer(0)).unwrap();
    measure("open/close", ITERATIONS, |i| {
        let h = open(&path, O_RDWR, 0).unwrap();
        let data = buffer(i);
        assert_eq!(write_at(&h, &data, 0).unwrap(), data.len());
        let mut back = vec![0u8; 4096];
        assert_eq!(read_at(&h, &mut back, 0).unwrap(), 4096);
        assert_eq!(back, data);
        if inject("open") {
            std::mem::forget(h);
        } else if i % 2 == 0 {
            close(h).unwrap();
        } else {
            drop(h);
        }
        // Error paths: one that opened a handle first (O_DIRECTORY on a file),
        // one that opened nothing.
        assert_eq!(
            open(&path, O_RDONLY | O_DIRECTORY, 0).unwrap_err(),
            Errno::ENOTDIR
        );
        assert_eq!(
            open(&missing, O_RDONLY, 0).unwrap_err(),
            Errno::ERROR_FILE_NOT_FOUND
        );
    });
    // The tell: any handle still open on the file (Go's Open shares read and
    // write, never delete) makes this a sharing violation.
    unlink(&path).expect("the file cannot be deleted: a handle to it leaked");
}

// ---------------------------------------------------------------- sockets

#[test]
fn sockets_10000_leave_no_handle_and_the_port_free() {
    let _g = serial();
    // A port that was free a moment ago; every iteration binds it again, so a
    // listener that outlived its iteration makes the next bind WSAEADDRINUSE.
    let port = {
        let s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).unwrap();
        bind(&s, v4(0)).unwrap();
        port_of(&getsockname(&s).unwrap())
    };
    measure("sockets", ITERATIONS, |i| {
        let l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).unwrap();
        bind(&l, v4(port)).unwrap_or_else(|e| {
            panic!("iteration {i}: port {port} still bound ({e:?}): a listening socket leaked")
        });
        listen(&l, 1).unwrap();
        let c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).unwrap();
        connect(&c, v4(port)).unwrap();
        let (s, _) = accept(&l).unwrap();
        abort_on_close(&c);
        abort_on_close(&s);
        let data = buffer(i);
        let sent = wsa_send(&c, &[IoSlice::new(&data[..64])], 0).unwrap();
        assert_eq!(sent, 64);
        let mut got = [0u8; 64];
        let mut filled = 0;
        while filled < 64 {
            let mut flags = 0;
            let n = wsa_recv(&s, &mut [IoSliceMut::new(&mut got[filled..])], &mut flags).unwrap();
            assert_ne!(n, 0, "peer closed early");
            filled += n;
        }
        assert_eq!(got[..], data[..64]);
        // A datagram socket too.
        let u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP).unwrap();
        bind(&u, v4(0)).unwrap();
        let me = getsockname(&u).unwrap();
        assert_eq!(sendto(&u, &data[..16], 0, me).unwrap(), 16);
        let mut d = [0u8; 16];
        assert_eq!(recvfrom(&u, &mut d, 0).unwrap().0, 16);
        if i % 2 == 0 {
            closesocket(c).unwrap();
            closesocket(s).unwrap();
            closesocket(u).unwrap();
        } else {
            drop((c, s, u));
        }
        if inject("socket") {
            std::mem::forget(l);
        } else {
            closesocket(l).unwrap();
        }
    });
    // The tell, once more after the loop.
    let l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).unwrap();
    bind(&l, v4(port)).expect("the port is still bound: a listening socket leaked");
}

// ------------------------------------------------------ directory iterators

#[test]
fn directory_iterators_10000_leave_no_find_handle() {
    let _g = serial();
    let dir = common::TempDir::new("leak-dir");
    for n in ["a", "b", "c"] {
        std::fs::write(dir.join(n), n).unwrap();
    }
    let pattern = dir.join("*");
    let nothing = dir.join("*.none");
    measure("directory iterators", ITERATIONS, |_| {
        // A full listing (the handle closes at the end)...
        assert_eq!(read_dir(dir.path()).unwrap().count(), 3);
        // ...a listing dropped after one entry...
        let mut it = read_dir(dir.path()).unwrap();
        assert!(it.next().unwrap().is_ok());
        if inject("dir") {
            std::mem::forget(it);
        } else {
            drop(it);
        }
        // ...the Go calls, closed explicitly and by drop...
        let mut d = Win32finddata::default();
        let h = find_first_file(&pattern, &mut d).unwrap();
        find_next_file(&h, &mut d).unwrap();
        find_close(h).unwrap();
        drop(find_first_file(&pattern, &mut d).unwrap());
        // ...and a search that matches nothing.
        assert_eq!(
            find_first_file(&nothing, &mut d).unwrap_err(),
            Errno::ERROR_FILE_NOT_FOUND
        );
    });
}

// ----------------------------------------------------------- registry keys

#[test]
fn registry_keys_10000_leave_no_key_open() {
    let _g = serial();
    const CV: &str = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion";
    measure("registry keys", ITERATIONS, |i| {
        let k = RegKey::LOCAL_MACHINE.open(CV).unwrap();
        assert!(k.info().unwrap().sub_keys > 0);
        assert!(k.subkeys().take(2).all(|n| n.is_ok()));
        let _ = k.value("CurrentVersion");
        // A key opened from an owned key, with the Go call.
        let sub = reg_open_key_ex(&RegKey::LOCAL_MACHINE, "SOFTWARE", 0, KEY_READ).unwrap();
        let nested = sub.open("Microsoft").unwrap();
        assert_eq!(
            nested.open("no-such-key-winsyscall").unwrap_err(),
            Errno::ERROR_FILE_NOT_FOUND
        );
        if inject("registry") {
            std::mem::forget(k);
        } else if i % 2 == 0 {
            k.close().unwrap();
            reg_close_key(nested).unwrap();
        } else {
            drop((k, nested));
        }
        drop(sub);
    });
}

// ------------------------------------------------ completion-port operations

fn done(c: Completion) -> OpDone {
    match c {
        Completion::Done(d) => d,
        other => panic!("expected an operation's completion, got {other:?}"),
    }
}

/// A connected TCP pair made with the crate's blocking calls (sockets are
/// overlapped-capable by default).
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
fn completion_port_operations_10000_including_cancelled_leave_nothing() {
    let _g = serial();
    let dir = common::TempDir::new("leak-iocp");
    let path = dir.join("ov.bin");
    std::fs::write(&path, vec![0u8; 4096]).unwrap();
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(FILE_FLAG_OVERLAPPED)
        .open(&path)
        .unwrap();
    let write_only = std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(FILE_FLAG_OVERLAPPED)
        .open(&path)
        .unwrap();
    let (server, client) = tcp_pair();
    let port = CompletionPort::new(0).unwrap();
    port.associate(&file, 1).unwrap();
    port.associate(&write_only, 2).unwrap();
    port.associate_socket(&server, 3).unwrap();
    port.associate_socket(&client, 4).unwrap();
    const MARK: usize = usize::MAX;
    measure("completion-port operations", ITERATIONS, |i| {
        let data = buffer(i);
        // A write and a read of the overlapped file.
        let w = port.write_at(&file, 0, data.clone()).unwrap();
        let d = done(port.wait(LONG).unwrap());
        assert_eq!((d.id, d.result), (w.id(), Ok(4096)));
        let r = port.read_at(&file, 0, vec![0; 4096]).unwrap();
        let d = done(port.wait(LONG).unwrap());
        assert_eq!(d.id, r.id());
        match d.output {
            OpOutput::Read(v) => assert_eq!(v, data),
            other => panic!("{other:?}"),
        }
        // A send and its receive.
        let rx = port.recv(&server, vec![0; 4096]).unwrap();
        let tx = port.send(&client, data[..100].to_vec()).unwrap();
        let mut got = 0;
        for _ in 0..2 {
            let d = done(port.wait(LONG).unwrap());
            if d.id == rx.id() {
                got = d.result.unwrap();
            } else {
                assert_eq!((d.id, d.result), (tx.id(), Ok(100)));
            }
        }
        // TCP may split; take the rest (rarely needed on loopback).
        while got < 100 {
            let _more = port.recv(&server, vec![0; 100 - got as usize]).unwrap();
            got += done(port.wait(LONG).unwrap()).result.unwrap();
        }
        // A receive cancelled with PendingOp::cancel: its packet says so.
        let c = port.recv(&server, vec![0; 4096]).unwrap();
        c.cancel().unwrap();
        let d = done(port.wait(LONG).unwrap());
        assert_eq!(
            (d.id, d.result),
            (c.id(), Err(Errno::ERROR_OPERATION_ABORTED))
        );
        drop(c);
        // A receive abandoned by dropping its token: the port frees it when its
        // packet comes, consumed silently before the mark.
        let a = port.recv(&server, vec![0; 4096]).unwrap();
        if inject("iocp") {
            std::mem::forget(a);
        } else {
            drop(a);
        }
        port.post(0, MARK).unwrap();
        match port.wait(LONG).unwrap() {
            Completion::Posted { key: MARK, .. } => {}
            other => panic!("{other:?}"),
        }
        // If the abandoned packet had not come yet (cancellation is
        // asynchronous), post marks until it has: `wait` consumes it silently.
        let mut marks = 0;
        while port.in_flight() != 0 {
            marks += 1;
            assert!(
                marks < 100_000,
                "iteration {i}: {} operations never completed",
                port.in_flight()
            );
            std::thread::yield_now();
            port.post(0, MARK).unwrap();
            match port.wait(LONG).unwrap() {
                Completion::Posted { key: MARK, .. } => {}
                other => panic!("{other:?}"),
            }
        }
        // An operation that fails at once frees its block at once.
        assert_eq!(
            port.read_at(&write_only, 0, vec![0; 4096]).unwrap_err(),
            Errno::ERROR_ACCESS_DENIED
        );
        // And a port of its own, created and dropped.
        let p = CompletionPort::new(1).unwrap();
        p.post(1, 2).unwrap();
        assert!(matches!(
            p.wait(LONG).unwrap(),
            Completion::Posted { key: 2, bytes: 1 }
        ));
    });
    assert_eq!(
        port.in_flight(),
        0,
        "operations left in the port's registry"
    );
}

// ---------------------------------------------------------- lazy DLL calls

/// A DLL, one of its procedures, and the arguments to call it with.
type Candidate = (&'static str, &'static str, fn() -> Vec<usize>);

/// System DLLs with a procedure and the arguments it is called with, to load
/// and unload. The first one not loaded in this process is used, so that its
/// unloading shows that every reference taken was given back (which DLLs a
/// test binary loads at start-up depends on what the crate links). Each was
/// checked to load and unload under Wine without leaving a handle behind
/// (winmm, winspool and powrprof do leave some; uxtheme stays loaded).
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

fn unloaded_dll() -> Candidate {
    *UNLOADED_CANDIDATES
        .iter()
        .find(|(dll, _, _)| !module_loaded(dll))
        .expect("every candidate DLL is already loaded: add another")
}

#[test]
fn lazy_dll_calls_10000_release_every_module_reference() {
    let _g = serial();
    let (dll_name, proc_name, args) = unloaded_dll();
    static TICKS: std::sync::OnceLock<LazyProc> = std::sync::OnceLock::new();
    let ticks = TICKS.get_or_init(|| LazyDll::new("kernel32.dll").new_proc("GetTickCount"));
    measure("lazy DLL calls", ITERATIONS, |_| {
        // One long-lived lazy procedure, called.
        // SAFETY: GetTickCount takes no arguments.
        let (t, _, _) = unsafe { ticks.call(&[]) }.unwrap();
        assert_ne!(t, 0);
        // A fresh lazy DLL each time: load, find, call, drop (FreeLibrary).
        let dll = LazyDll::new(dll_name);
        let lazy = dll.new_proc(proc_name);
        // SAFETY: each candidate's arguments match its procedure (see the list).
        unsafe { lazy.call(&args()) }.unwrap();
        let missing = dll.new_proc("NoSuchProcWinsyscall").find().unwrap_err();
        assert_eq!(missing.err, Errno::ERROR_PROC_NOT_FOUND);
        // A Proc cloned out of it, outliving the LazyDll for a moment.
        let p = lazy.find().unwrap().clone();
        drop((dll, lazy));
        if inject("dll") {
            std::mem::forget(p);
        } else {
            drop(p);
        }
    });
    assert!(
        !module_loaded(dll_name),
        "{dll_name} is still loaded: a module reference leaked"
    );
}

// ------------------------------------------------------------- callbacks

#[cfg(any(target_arch = "x86_64", target_arch = "x86", target_arch = "aarch64"))]
#[test]
fn callbacks_10000_created_called_and_dropped_free_their_slots() {
    let _g = serial();
    let base = live_callbacks();
    let token = Arc::new(());
    measure("callbacks", ITERATIONS, |i| {
        let t = token.clone();
        let payload = buffer(i);
        let cb = new_callback(2, move |a| {
            let _keep = &t;
            a[0] * 1000 + a[1] + payload[a[1] % 4096] as usize
        })
        .unwrap_or_else(|e| panic!("iteration {i}: {e}: callback slots leak"));
        // SAFETY: the callback takes two pointer-sized arguments and returns one.
        let f: extern "system" fn(usize, usize) -> usize = unsafe { std::mem::transmute(cb.ptr()) };
        let want = buffer(i)[7] as usize;
        assert_eq!(f(i, 7), i * 1000 + 7 + want);
        if inject("callback") {
            std::mem::forget(cb);
        } else {
            drop(cb);
        }
    });
    assert_eq!(live_callbacks(), base, "callback slots were not given back");
    assert_eq!(
        Arc::strong_count(&token),
        1,
        "closures of dropped callbacks were not freed"
    );
}

// ------------------------------------------------------- child processes

const CHILD_ENV: &str = "WINSYSCALL_LEAK_CHILD";

/// Not a test on its own: the body of the child process, which exits at once
/// with the code in `WINSYSCALL_LEAK_CHILD`.
#[test]
fn leak_child_helper() {
    if let Ok(code) = std::env::var(CHILD_ENV) {
        exit(code.parse().unwrap_or(99));
    }
}

/// Whether some process still holds a write end of the pipe whose read end is
/// `r`, after reading what is left in it: `PeekNamedPipe` fails with
/// `ERROR_BROKEN_PIPE` once the pipe is empty and all write ends are closed
/// (while data remains it succeeds, writer or not). Never blocks.
fn pipe_has_writer(r: &OwnedHandle) -> bool {
    use windows_sys::Win32::System::Pipes::PeekNamedPipe;
    loop {
        let mut avail = 0u32;
        // SAFETY: a valid read end; no buffer is asked for.
        let ok = unsafe {
            PeekNamedPipe(
                r.as_raw_handle(),
                std::ptr::null_mut(),
                0,
                std::ptr::null_mut(),
                &mut avail,
                std::ptr::null_mut(),
            )
        };
        if ok == 0 {
            // SAFETY: reads thread-local state.
            let e = unsafe { windows_sys::Win32::Foundation::GetLastError() };
            assert_eq!(
                e, 109,
                "PeekNamedPipe failed with {e}, not ERROR_BROKEN_PIPE"
            );
            return false;
        }
        if avail == 0 {
            return true;
        }
        // The child's output: read exactly what is there (no blocking).
        let mut buf = vec![0u8; avail as usize];
        read(r, &mut buf).unwrap();
    }
}

#[test]
fn child_processes_200_leave_no_handle_behind() {
    let _g = serial();
    let exe = std::env::current_exe().unwrap();
    let argv = ["leak-child", "--exact", "leak_child_helper", "-q"];
    measure("child processes", CHILDREN, |i| {
        let code = (i % 200) as u32;
        let (r, w) = pipe().unwrap();
        let mut env: Vec<OsString> = vec![format!("{CHILD_ENV}={code}").into()];
        if let Some(root) = std::env::var_os("SystemRoot") {
            let mut e = OsString::from("SystemRoot=");
            e.push(root);
            env.push(e);
        }
        let attr = ProcAttr {
            env,
            files: vec![None, Some(w.as_handle()), Some(w.as_handle())],
            ..ProcAttr::default()
        };
        let child = common::start_child(|| Child::start(&exe, &argv, &attr))
            .unwrap_or_else(|e| panic!("child {i}: start failed: {e:?}"));
        drop(attr);
        assert_eq!(child.wait().unwrap().exit_status(), code as i64);
        drop(w);
        // The duplicates made for the child are gone: nobody writes any more.
        assert!(
            !pipe_has_writer(&r),
            "child {i}: a duplicate of its standard output is still open"
        );
        if inject("process") {
            std::mem::forget(child);
        }
    });
}

// ------------------------------------ bad input: closed and wrong-kind handles
//
// Each call below gets a handle it cannot use. None may panic, hang or touch
// memory it should not; each must give the Errno Windows reports (the rows of
// the bad-input table in docs/RELIABILITY.md).

/// The value of a handle closed a moment ago: exactly what a use-after-close
/// passes. Handle slots are reused lowest first, so the value is taken from
/// the top of 256 handles closed together: it is handed out again only when
/// 256 more handles are alive, never during these tests. (The lowest free
/// slot, what [`fresh_handle_value`] reads, is reused by the very next handle
/// any thread makes.)
fn closed_handle() -> BorrowedHandle<'static> {
    let many: Vec<OwnedHandle> = (0..256).map(|_| event()).collect();
    let raw = many.last().unwrap().as_raw_handle();
    drop(many);
    // SAFETY: the value names no handle (just closed); it is only passed to
    // calls whose failure is the point of the test.
    unsafe { BorrowedHandle::borrow_raw(raw) }
}

fn closed_socket() -> BorrowedSocket<'static> {
    let raw = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)
        .unwrap()
        .as_raw_socket();
    // The OwnedSocket above is dropped (closed) at the end of that statement.
    // SAFETY: as in `closed_handle`.
    unsafe { BorrowedSocket::borrow_raw(raw) }
}

/// A file handle seen as a socket: a duplicate, so that closing it through the
/// socket calls cannot touch `file`.
fn file_as_socket(file: &std::fs::File) -> OwnedSocket {
    let dup: OwnedHandle = file.try_clone().unwrap().into();
    // SAFETY: an owned handle value, handed over to an OwnedSocket.
    unsafe { OwnedSocket::from_raw_socket(dup.into_raw_handle() as _) }
}

/// Checks one bad-input row: the call must fail with `windows` on Windows; under
/// Wine, where it answers differently, with `wine` (a `SKIP (Wine gap)` line is
/// printed and the Windows assertion skipped). Prints a `BADINPUT` line.
fn expect<T: std::fmt::Debug>(what: &str, got: Result<T>, windows: Errno, wine: Errno, api: &str) {
    println!("BADINPUT {what} = {got:?}");
    let err = match got {
        Ok(v) => panic!("{what}: succeeded ({v:?}), want {windows:?}"),
        Err(e) => e,
    };
    if windows != wine
        && common::skip_on_wine(
            api,
            &format!("Wine answers {wine:?} where Windows answers {windows:?}"),
        )
    {
        assert_eq!(err, wine, "{what} under Wine");
    } else {
        assert_eq!(err, windows, "{what}");
    }
}

#[test]
fn bad_input_file_calls_on_closed_and_wrong_kind_handles() {
    let _g = serial();
    let dir = common::TempDir::new("bad-file");
    let path = dir.join("f");
    std::fs::write(&path, b"data").unwrap();
    let mut buf = [0u8; 4];
    const INVALID: Errno = Errno::ERROR_INVALID_HANDLE;
    let bad = closed_handle();
    expect(
        "read(closed)",
        read(bad, &mut buf),
        INVALID,
        INVALID,
        "ReadFile",
    );
    expect(
        "write(closed)",
        write(bad, b"x"),
        INVALID,
        INVALID,
        "WriteFile",
    );
    expect(
        "read_at(closed)",
        read_at(bad, &mut buf, 0),
        INVALID,
        INVALID,
        "ReadFile",
    );
    expect(
        "write_at(closed)",
        write_at(bad, b"x", 0),
        INVALID,
        INVALID,
        "WriteFile",
    );
    expect(
        "seek(closed)",
        seek(bad, 0, 0),
        INVALID,
        INVALID,
        "SetFilePointerEx",
    );
    expect(
        "fsync(closed)",
        fsync(bad),
        INVALID,
        INVALID,
        "FlushFileBuffers",
    );
    expect(
        "ftruncate(closed)",
        ftruncate(bad, 0),
        INVALID,
        INVALID,
        "SetFileInformationByHandle",
    );
    expect(
        "get_file_type(closed)",
        get_file_type(bad),
        INVALID,
        INVALID,
        "GetFileType",
    );
    expect(
        "close(closed)",
        close(unsafe_owned(bad)),
        INVALID,
        INVALID,
        "CloseHandle",
    );
    // An event is not a file.
    use windows_sys::Win32::System::Threading::CreateEventW;
    // SAFETY: an unnamed event, owned below.
    let event = unsafe {
        OwnedHandle::from_raw_handle(CreateEventW(std::ptr::null(), 1, 0, std::ptr::null()))
    };
    expect(
        "read(event)",
        read(&event, &mut buf),
        INVALID,
        INVALID,
        "ReadFile",
    );
    expect(
        "write(event)",
        write(&event, b"x"),
        INVALID,
        INVALID,
        "WriteFile",
    );
    // A directory opened read-only (Go's Open opens directories).
    let d = open(dir.path(), O_RDONLY, 0).unwrap();
    const INVALID_FUNCTION: Errno = Errno(1);
    expect(
        "read(directory)",
        read(&d, &mut buf),
        INVALID_FUNCTION,
        INVALID_FUNCTION,
        "ReadFile",
    );
    // Writing through a read-only handle.
    let ro = open(&path, O_RDONLY, 0).unwrap();
    const DENIED: Errno = Errno::ERROR_ACCESS_DENIED;
    expect(
        "write(read-only file)",
        write(&ro, b"x"),
        DENIED,
        DENIED,
        "WriteFile",
    );
    expect(
        "write_at(read-only file)",
        write_at(&ro, b"x", 0),
        DENIED,
        DENIED,
        "WriteFile",
    );
    // Seeking a pipe: as current Go, no pipe check; this is what Wine answers
    // (ERROR_BAD_DEV_TYPE). Windows' answer depends on the pipe, so it is
    // only printed.
    let (pr, _pw) = pipe().unwrap();
    let r = seek(&pr, 1, 0);
    println!("BADINPUT seek(pipe) = {r:?}");
    if common::under_wine() {
        assert_eq!(r, Err(Errno(66)));
    }
    // A socket handle read as a file: Windows sockets are file handles, so
    // ReadFile works on a connected socket with data waiting.
    let (s, c) = tcp_pair();
    wsa_send(&c, &[IoSlice::new(b"abcd")], 0).unwrap();
    // SAFETY: the socket's value, borrowed for one call while `s` lives.
    let sh = unsafe { BorrowedHandle::borrow_raw(s.as_raw_socket() as _) };
    let r = read(sh, &mut buf);
    println!("BADINPUT read(socket) = {r:?}");
    assert_eq!(r, Ok(4));
    assert_eq!(&buf, b"abcd");
}

/// An `OwnedHandle` around a value that names no handle, so that `close` can
/// be asked to close it.
fn unsafe_owned(h: BorrowedHandle<'_>) -> OwnedHandle {
    // SAFETY: the value is closed already; `close` gives it to CloseHandle,
    // which only reports that it is invalid.
    unsafe { OwnedHandle::from_raw_handle(h.as_raw_handle()) }
}

#[test]
fn bad_input_socket_calls_on_file_and_closed_handles() {
    let _g = serial();
    let dir = common::TempDir::new("bad-sock");
    let path = dir.join("f");
    std::fs::write(&path, b"data").unwrap();
    let file = std::fs::File::open(&path).unwrap();
    const NOTSOCK: Errno = Errno::WSAENOTSOCK;
    let fs = file_as_socket(&file);
    let mut buf = [0u8; 4];
    let mut flags = 0;
    // Wine 8 answers WSAEOPNOTSUPP for the calls it routes to its socket
    // server object without first checking that the handle is a socket.
    let w = |e: Errno| e;
    expect(
        "wsa_recv(file)",
        wsa_recv(&fs, &mut [IoSliceMut::new(&mut buf)], &mut flags).map_err(Errno::from),
        NOTSOCK,
        w(NOTSOCK),
        "WSARecv",
    );
    expect(
        "wsa_send(file)",
        wsa_send(&fs, &[IoSlice::new(b"x")], 0),
        NOTSOCK,
        w(NOTSOCK),
        "WSASend",
    );
    expect(
        "bind(file)",
        bind(&fs, v4(0)),
        NOTSOCK,
        w(Errno::WSAEOPNOTSUPP),
        "bind",
    );
    expect(
        "listen(file)",
        listen(&fs, 1),
        NOTSOCK,
        w(Errno::WSAEOPNOTSUPP),
        "listen",
    );
    expect(
        "getsockname(file)",
        getsockname(&fs),
        NOTSOCK,
        w(Errno::WSAEOPNOTSUPP),
        "getsockname",
    );
    expect(
        "connect(file)",
        connect(&fs, v4(1)),
        NOTSOCK,
        w(Errno::WSAEOPNOTSUPP),
        "connect",
    );
    expect(
        "setsockopt_int(file)",
        setsockopt_int(&fs, SOL_SOCKET, SO_RCVBUF, 1 << 16),
        NOTSOCK,
        w(Errno::WSAEOPNOTSUPP),
        "setsockopt",
    );
    let raw = fs.as_raw_socket();
    expect(
        "closesocket(file)",
        closesocket(fs),
        NOTSOCK,
        w(NOTSOCK),
        "closesocket",
    );
    // closesocket refused it, so the duplicate file handle is still ours.
    // SAFETY: the duplicate made by file_as_socket, closed once here.
    drop(unsafe { OwnedHandle::from_raw_handle(raw as _) });
    let bad = closed_socket();
    expect(
        "wsa_send(closed)",
        wsa_send(bad, &[IoSlice::new(b"x")], 0),
        NOTSOCK,
        w(NOTSOCK),
        "WSASend",
    );
    expect(
        "getpeername(closed)",
        getpeername(bad),
        NOTSOCK,
        w(NOTSOCK),
        "getpeername",
    );
    expect(
        "shutdown(closed)",
        shutdown(bad, SHUT_RDWR),
        NOTSOCK,
        w(NOTSOCK),
        "shutdown",
    );
    expect(
        "recvfrom(closed)",
        recvfrom(bad, &mut buf, 0),
        NOTSOCK,
        w(NOTSOCK),
        "recvfrom",
    );
}

#[test]
fn bad_input_completion_ops_on_closed_and_wrong_kind_handles() {
    let _g = serial();
    let dir = common::TempDir::new("bad-iocp");
    let path = dir.join("f");
    std::fs::write(&path, b"data").unwrap();
    let port = CompletionPort::new(0).unwrap();
    const INVALID: Errno = Errno::ERROR_INVALID_HANDLE;
    let bad = closed_handle();
    let id = |r: Result<PendingOp<'_>>| r.map(|op| op.detach());
    expect(
        "CompletionPort::associate(closed)",
        port.associate(bad, 1),
        INVALID,
        INVALID,
        "CreateIoCompletionPort",
    );
    // The port refuses any handle it does not own, before asking Windows
    // (an operation there would never deliver its packet).
    const NOT_MINE: Errno = Errno::ERROR_INVALID_PARAMETER;
    expect(
        "CompletionPort::read_at(closed)",
        id(port.read_at(bad, 0, vec![0; 4])),
        NOT_MINE,
        NOT_MINE,
        "ReadFile",
    );
    expect(
        "CompletionPort::write_at(closed)",
        id(port.write_at(bad, 0, vec![0; 4])),
        NOT_MINE,
        NOT_MINE,
        "WriteFile",
    );
    expect(
        "CompletionPort::recv(closed, never associated socket)",
        id(port.recv(closed_socket(), vec![0; 4])),
        NOT_MINE,
        NOT_MINE,
        "WSARecv",
    );
    // Socket operations on a file handle the port does own: Winsock's answer.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(FILE_FLAG_OVERLAPPED)
        .open(&path)
        .unwrap();
    let fs = file_as_socket(&file);
    port.associate_socket(&fs, 2).unwrap();
    expect(
        "CompletionPort::recv(file)",
        id(port.recv(&fs, vec![0; 4])),
        Errno::WSAENOTSOCK,
        Errno::WSAENOTSOCK,
        "WSARecv",
    );
    expect(
        "CompletionPort::send(file)",
        id(port.send(&fs, vec![0; 4])),
        Errno::WSAENOTSOCK,
        Errno::WSAENOTSOCK,
        "WSASend",
    );
    // SAFETY: the duplicate made by file_as_socket, closed once here.
    drop(unsafe { OwnedHandle::from_raw_handle(fs.into_raw_socket() as _) });
    // A synchronous handle cannot join a port.
    let sync = std::fs::File::open(&path).unwrap();
    expect(
        "CompletionPort::associate(synchronous file)",
        port.associate(&sync, 1),
        Errno::ERROR_INVALID_PARAMETER,
        Errno::ERROR_INVALID_PARAMETER,
        "CreateIoCompletionPort",
    );
    // Port calls on a handle that is not a port.
    expect(
        "get_queued_completion_status(file)",
        get_queued_completion_status(&sync, 0).map_err(Errno::from),
        INVALID,
        INVALID,
        "GetQueuedCompletionStatus",
    );
    assert_eq!(
        port.in_flight(),
        0,
        "a failed start left a block registered"
    );
}

#[test]
fn bad_input_registry_find_and_process_calls_on_closed_handles() {
    let _g = serial();
    const INVALID: Errno = Errno::ERROR_INVALID_HANDLE;
    let bad = closed_handle();
    // SAFETY: a closed value wrapped only to pass it; forgotten, never closed.
    let key = unsafe { RegKey::from_raw(bad.as_raw_handle() as _) };
    expect(
        "RegKey::value(closed)",
        key.value("x"),
        INVALID,
        INVALID,
        "RegQueryValueExW",
    );
    expect(
        "RegKey::open(closed)",
        key.open("x"),
        INVALID,
        INVALID,
        "RegOpenKeyExW",
    );
    expect(
        "RegKey::info(closed)",
        key.info(),
        INVALID,
        INVALID,
        "RegQueryInfoKeyW",
    );
    std::mem::forget(key);
    // A file given where a directory is expected.
    let dir = common::TempDir::new("bad-find");
    let f = dir.join("f");
    std::fs::write(&f, b"x").unwrap();
    expect(
        "read_dir(file)",
        read_dir(&f),
        Errno::ERROR_DIRECTORY,
        Errno::ERROR_INVALID_NAME,
        "FindFirstFileW",
    );
    // Process calls.
    expect(
        "get_exit_code_process(closed)",
        get_exit_code_process(bad),
        INVALID,
        INVALID,
        "GetExitCodeProcess",
    );
    expect(
        "wait_for_single_object(closed)",
        wait_for_single_object(bad, 0),
        INVALID,
        INVALID,
        "WaitForSingleObject",
    );
    expect(
        "terminate_process(closed)",
        terminate_process(bad, 1),
        INVALID,
        INVALID,
        "TerminateProcess",
    );
}

// ------------------------------------------------------------- found bugs

/// Regression (found by this file): on a handle opened with
/// `FILE_FLAG_OVERLAPPED` whose I/O cannot finish at once (a pipe with no data
/// yet), `ReadFile` answers `ERROR_IO_PENDING`; `read_at` used to return that
/// error while Windows still held pointers to its stack `OVERLAPPED` and to
/// `buf`. It now waits the operation out: the read blocks until data arrives
/// and returns it, and `write_at` likewise.
#[test]
fn read_at_and_write_at_wait_out_pending_io_on_overlapped_handles() {
    use windows_sys::Win32::Storage::FileSystem::{CreateFileW, OPEN_EXISTING, PIPE_ACCESS_DUPLEX};
    use windows_sys::Win32::System::Pipes::CreateNamedPipeW;
    let _g = serial();
    let name: Vec<u16> = format!(r"\\.\pipe\winsyscall-leak-{}", std::process::id())
        .encode_utf16()
        .chain([0])
        .collect();
    // SAFETY: a NUL-terminated name; default security.
    let server = unsafe {
        CreateNamedPipeW(
            name.as_ptr(),
            PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED,
            0,
            1,
            4096,
            4096,
            0,
            std::ptr::null(),
        )
    };
    assert_ne!(server as isize, -1);
    // SAFETY: as above; the client end is opened synchronously.
    let client = unsafe {
        CreateFileW(
            name.as_ptr(),
            0xC000_0000,
            0,
            std::ptr::null(),
            OPEN_EXISTING,
            0,
            std::ptr::null_mut(),
        )
    };
    assert_ne!(client as isize, -1);
    // SAFETY: both handles are fresh and owned from here on.
    let (server, client) = unsafe {
        (
            OwnedHandle::from_raw_handle(server as _),
            OwnedHandle::from_raw_handle(client as _),
        )
    };
    std::thread::scope(|s| {
        // The reader starts before any data exists (or after: either way it
        // must return exactly the bytes written, never ERROR_IO_PENDING).
        let reader = s.spawn(|| {
            let mut buf = [0u8; 16];
            read_at(&server, &mut buf, 0).map(|n| buf[..n].to_vec())
        });
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(write(&client, b"hello").unwrap(), 5);
        assert_eq!(reader.join().unwrap(), Ok(b"hello".to_vec()));
    });
    // And the other way round: write_at on the overlapped end.
    assert_eq!(write_at(&server, b"back", 0), Ok(4));
    let mut buf = [0u8; 8];
    assert_eq!(read(&client, &mut buf), Ok(4));
    assert_eq!(&buf[..4], b"back");
}

/// Regression (found by this file): an operation on a handle that is not
/// associated with the port (a handle opened without `FILE_FLAG_OVERLAPPED`
/// cannot be) finishes synchronously and queues no packet; `read_at` used to
/// return a `PendingOp` whose block stayed registered for ever. It is now
/// refused up front with `ERROR_INVALID_PARAMETER`, and nothing is registered.
#[test]
fn completion_ops_on_unassociated_handles_are_refused() {
    let _g = serial();
    let dir = common::TempDir::new("bug-iocp");
    let path = dir.join("f");
    std::fs::write(&path, b"hello").unwrap();
    let sync = std::fs::File::open(&path).unwrap();
    let port = CompletionPort::new(0).unwrap();
    let e = port.read_at(&sync, 0, vec![0; 5]).unwrap_err();
    assert_eq!(e, Errno::ERROR_INVALID_PARAMETER);
    assert_eq!(port.in_flight(), 0);
    // Windows refuses to associate the synchronous handle in the first place.
    assert!(port.associate(&sync, 1).is_err());
    assert_eq!(
        port.read_at(&sync, 0, vec![0; 5]).unwrap_err(),
        Errno::ERROR_INVALID_PARAMETER
    );
    // A socket never associated is refused the same way.
    let s = socket(AF_INET, SOCK_STREAM, 0).unwrap();
    assert_eq!(
        port.recv(&s, vec![0; 4]).unwrap_err(),
        Errno::ERROR_INVALID_PARAMETER
    );
    assert_eq!(port.in_flight(), 0);
}
