//! Zero heap allocations in steady state, under Wine.
//!
//! A counting `#[global_allocator]` counts the Rust heap allocations
//! (`alloc`, `alloc_zeroed`, `realloc`) made **by the current thread while a
//! measurement is armed**; other test threads run on untouched. Each test runs
//! its operation once to warm up (Winsock start-up, `OnceLock`s), then asserts
//! that a loop of them allocates nothing. Memory Windows (or Wine) allocates
//! inside its own calls is the system's heap, not ours, and is not counted.
//!
//! These are tests of allocation counts, never of time.
#![cfg(windows)]

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::OsStr;
use std::io::{IoSlice, IoSliceMut};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, UdpSocket};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::Duration;
use windows_sys::Win32::System::Threading::GetCurrentThreadId;
use winsyscall::*;

// ---- the counting allocator -------------------------------------------------

/// The id of the thread being measured (0: none; Windows never uses 0).
static ARMED: AtomicU32 = AtomicU32::new(0);
/// Allocations made by that thread while armed.
static COUNT: AtomicU64 = AtomicU64::new(0);
/// One measurement at a time (the test harness runs tests on many threads).
static MEASURE: Mutex<()> = Mutex::new(());

struct Counting;

fn note() {
    let armed = ARMED.load(Ordering::Relaxed);
    // SAFETY: GetCurrentThreadId only reads the thread's TEB; it neither
    // allocates nor fails, so it is safe inside the allocator.
    if armed != 0 && armed == unsafe { GetCurrentThreadId() } {
        COUNT.fetch_add(1, Ordering::Relaxed);
    }
}

// SAFETY: every call is forwarded unchanged to the system allocator; counting
// touches only atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note();
        // SAFETY: forwarded with the caller's layout.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note();
        // SAFETY: forwarded with the caller's layout.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note();
        // SAFETY: forwarded; `ptr` came from this allocator (i.e. System).
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded; `ptr` came from this allocator (i.e. System).
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Disarms the counter even if the measured code panics.
struct Armed;
impl Drop for Armed {
    fn drop(&mut self) {
        ARMED.store(0, Ordering::SeqCst);
    }
}

/// Runs `f` once, counting the heap allocations this thread makes meanwhile.
fn allocations<R>(f: impl FnOnce() -> R) -> (u64, R) {
    let _one = MEASURE.lock().unwrap_or_else(|p| p.into_inner());
    COUNT.store(0, Ordering::SeqCst);
    // SAFETY: reads the thread's TEB.
    ARMED.store(unsafe { GetCurrentThreadId() }, Ordering::SeqCst);
    let guard = Armed;
    let r = f();
    drop(guard);
    (COUNT.load(Ordering::SeqCst), r)
}

/// Runs `op` once to warm up, then `n` times under the counter, and asserts
/// that the loop allocated nothing.
fn assert_no_allocations(what: &str, n: usize, mut op: impl FnMut()) {
    op();
    let (count, ()) = allocations(|| {
        for _ in 0..n {
            op();
        }
    });
    assert_eq!(
        count, 0,
        "{what}: {count} heap allocation(s) in {n} steady-state iterations"
    );
}

#[test]
fn the_counter_sees_allocations_and_only_this_threads() {
    let (n, b) = allocations(|| std::hint::black_box(Box::new(7u64)));
    assert_eq!(*b, 7);
    assert_eq!(n, 1);
    let (n, v) = allocations(|| {
        let mut v: Vec<u8> = Vec::with_capacity(1);
        v.extend_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8, 9]);
        std::hint::black_box(v)
    });
    assert_eq!(v.len(), 9);
    assert_eq!(n, 2, "alloc + realloc");
    // Another thread's allocations are not ours.
    let (n, ()) = allocations(|| {
        let t = std::thread::spawn(|| drop(std::hint::black_box(vec![0u8; 64])));
        // Spawning allocates here (the thread's state); count from now on.
        COUNT.store(0, Ordering::SeqCst);
        t.join().unwrap();
    });
    assert_eq!(n, 0);
    // And a failing measurement is reported.
    let r = std::panic::catch_unwind(|| {
        assert_no_allocations("deliberate", 3, || drop(std::hint::black_box(vec![1u8])))
    });
    assert!(r.is_err());
}

// ---- path-taking calls --------------------------------------------------------

/// Longest path that fits `MAX_PATH` (260 units with the NUL).
const MAX_PATH_UNITS: usize = 259;

/// A file in `dir` whose full path is exactly `units` UTF-16 units long,
/// its name made of `fill` (a BMP character) after a short prefix.
fn path_of_len(dir: &Path, units: usize, fill: char) -> PathBuf {
    let base = dir.join("f");
    let have = base.as_os_str().encode_wide_len();
    assert!(units >= have, "temp dir too deep for a {units}-unit path");
    let mut name = String::from("f");
    name.extend(std::iter::repeat_n(fill, units - have));
    let p = dir.join(name);
    assert_eq!(p.as_os_str().encode_wide_len(), units);
    p
}

trait WideLen {
    fn encode_wide_len(&self) -> usize;
}
impl WideLen for OsStr {
    fn encode_wide_len(&self) -> usize {
        use std::os::windows::ffi::OsStrExt;
        self.encode_wide().count()
    }
}

/// Files of several lengths (ASCII up to 259 units; non-ASCII that fits the
/// stack buffer in UTF-8 bytes too), created with std.
fn sample_files(dir: &common::TempDir) -> Vec<PathBuf> {
    let mut files = vec![
        dir.join("short.txt"),
        path_of_len(dir.path(), 100, 'a'),
        path_of_len(dir.path(), MAX_PATH_UNITS, 'b'),
        // 'é' is 2 UTF-8 bytes, 1 unit: a 120-unit path is < 264 bytes.
        path_of_len(dir.path(), 120, 'é'),
    ];
    files.dedup();
    for f in &files {
        std::fs::write(f, b"x").unwrap();
    }
    files
}

#[test]
fn open_and_close_existing_files_up_to_260_units() {
    let dir = common::TempDir::new("alloc-open");
    for f in sample_files(&dir) {
        let s: &str = f.to_str().unwrap();
        let owned = String::from(s);
        let what = format!("open+close {} units", f.as_os_str().encode_wide_len());
        assert_no_allocations(&what, 20, || drop(open(s, O_RDONLY, 0).unwrap()));
        assert_no_allocations(&what, 20, || drop(open(&owned, O_RDONLY, 0).unwrap()));
        assert_no_allocations(&what, 20, || drop(open(f.as_path(), O_RDONLY, 0).unwrap()));
        assert_no_allocations(&what, 20, || drop(open(&f, O_RDWR | O_CLOEXEC, 0).unwrap()));
        assert_no_allocations(&what, 20, || {
            drop(open(f.as_os_str(), O_RDONLY | O_CLOEXEC, 0).unwrap())
        });
        // Closing through Go's Close (CloseHandle) form is no different.
        assert_no_allocations(&what, 20, || close(open(s, O_RDONLY, 0).unwrap()).unwrap());
    }
}

#[test]
fn open_missing_file_errors_without_allocating() {
    let dir = common::TempDir::new("alloc-missing");
    for units in [80, 150, MAX_PATH_UNITS] {
        let p = path_of_len(dir.path(), units, 'm');
        let s = p.to_str().unwrap();
        assert_no_allocations("open missing", 20, || {
            assert_eq!(
                open(s, O_RDONLY, 0).unwrap_err(),
                Errno::ERROR_FILE_NOT_FOUND
            )
        });
        assert_no_allocations("open missing (Path)", 20, || {
            assert_eq!(
                open(&p, O_RDWR, 0).unwrap_err(),
                Errno::ERROR_FILE_NOT_FOUND
            )
        });
        // NUL inside the path: EINVAL before any call, still no allocation.
        assert_no_allocations("open with NUL", 20, || {
            assert_eq!(open("a\0b", O_RDONLY, 0).unwrap_err(), Errno::EINVAL)
        });
    }
}

#[test]
fn create_file_up_to_260_units() {
    let dir = common::TempDir::new("alloc-create");
    for units in [60, 200, MAX_PATH_UNITS] {
        let p = path_of_len(dir.path(), units, 'c');
        let s = p.to_str().unwrap();
        assert_no_allocations("create_file", 20, || {
            let h = create_file(
                s,
                GENERIC_READ | GENERIC_WRITE,
                FILE_SHARE_READ | FILE_SHARE_WRITE,
                None,
                OPEN_ALWAYS,
                FILE_ATTRIBUTE_NORMAL,
                None,
            )
            .unwrap();
            drop(h);
        });
        // Creating with O_CREAT|O_TRUNC through open: the truncate path too.
        assert_no_allocations("open O_CREAT|O_TRUNC", 20, || {
            drop(open(&p, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644).unwrap())
        });
        assert!(p.exists());
    }
}

#[test]
fn registry_and_environment_path_calls() {
    // RegOpenKeyExW through RegKey::open / reg_open_key_ex (a present and a missing key).
    assert_no_allocations("RegKey::open", 50, || {
        drop(RegKey::CURRENT_USER.open("Software").unwrap())
    });
    let long_missing = format!("Software\\{}", "k".repeat(240));
    assert_no_allocations("reg_open_key_ex missing", 50, || {
        assert_eq!(
            reg_open_key_ex(&RegKey::CURRENT_USER, long_missing.as_str(), 0, KEY_READ).unwrap_err(),
            Errno::ERROR_FILE_NOT_FOUND
        )
    });
    // The environment calls that take names: the caller-buffer read, set, unset.
    let name = "WINSYSCALL_ALLOC_TEST";
    setenv(name, "value").unwrap();
    let mut buf = [0u16; 64];
    assert_no_allocations("get_environment_variable", 50, || {
        assert_eq!(get_environment_variable(name, &mut buf), Ok(5))
    });
    assert_no_allocations("setenv", 50, || setenv(name, "other").unwrap());
    assert_no_allocations("set_environment_variable", 50, || {
        set_environment_variable(name, Some("v")).unwrap()
    });
    assert_no_allocations("unsetenv", 50, || unsetenv(name).unwrap());
    assert_eq!(getenv(name), None);
}

/// Listing a directory and enumerating a key into the caller's buffers: no
/// allocation per entry once the buffers have grown (only creating the
/// listing allocates, and the first name a buffer sees).
#[test]
fn listing_into_caller_buffers_allocates_nothing_per_entry() {
    let d = common::TempDir::new("alloc-list");
    let names: Vec<String> = (0..300)
        .map(|i| match i % 3 {
            0 => format!("file{i:04}.txt"),
            1 => format!("é😃ね{i:04}"),
            _ => format!("{}{i:04}", "long".repeat(40)),
        })
        .collect();
    for n in &names {
        drop(std::fs::File::create(d.join(n)).unwrap());
    }
    let mut e = DirEntry::default();
    // Warm-up listing: grows the name buffers.
    let mut dir = read_dir(d.path()).unwrap();
    while let Some(r) = dir.next_into(&mut e) {
        r.unwrap();
    }
    let mut dir = read_dir(d.path()).unwrap();
    let mut seen = 0;
    let (count, ()) = allocations(|| {
        while let Some(r) = dir.next_into(&mut e) {
            r.unwrap();
            seen += 1;
        }
    });
    assert_eq!(seen, 300);
    assert_eq!(
        count, 0,
        "read_dir next_into: {count} allocation(s) for 300 entries"
    );

    let key = common::regkey::TestKey::new("alloc-subkeys");
    for n in names.iter().take(60) {
        key.subkey(n);
    }
    let k = RegKey::CURRENT_USER.open(&key.0).unwrap();
    let mut name = String::new();
    let mut subkeys = k.subkeys();
    // The first name grows `name`; the enumeration's own buffer is made.
    subkeys.next_into(&mut name).unwrap().unwrap();
    name.reserve(3 * 255 + 32);
    let mut seen = 1;
    let (count, ()) = allocations(|| {
        loop {
            name.clear();
            match subkeys.next_into(&mut name) {
                Some(r) => r.unwrap(),
                None => break,
            }
            seen += 1;
        }
    });
    assert_eq!(seen, 60);
    assert_eq!(
        count, 0,
        "subkeys next_into: {count} allocation(s) for 59 names"
    );
}

/// A path of 259 units whose UTF-8 form is far longer than 264 bytes (2- and
/// 3-byte characters) still converts on the stack.
#[test]
fn non_ascii_paths_up_to_260_units_convert_on_the_stack() {
    let dir = common::TempDir::new("alloc-cjk");
    for fill in ['é', 'ね'] {
        // Components of at most 50 characters: Wine maps names to the host's
        // file system, whose components hold at most 255 bytes.
        let mut p = dir.path().to_path_buf();
        loop {
            let have = p.as_os_str().encode_wide_len() + 1;
            let left = MAX_PATH_UNITS - have;
            if left <= 50 {
                p.push(std::iter::repeat_n(fill, left).collect::<String>());
                break;
            }
            p.push(std::iter::repeat_n(fill, 50).collect::<String>());
        }
        assert_eq!(p.as_os_str().encode_wide_len(), MAX_PATH_UNITS);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, b"x").unwrap();
        let s = p.to_str().unwrap();
        assert!(s.len() > STACK_WIDE_LEN, "{} bytes", s.len());
        assert_no_allocations("open non-ASCII 259 units", 20, || {
            drop(open(s, O_RDONLY, 0).unwrap())
        });
    }
}

// ---- read / write / seek ----------------------------------------------------

#[test]
fn read_write_seek_loops() {
    let dir = common::TempDir::new("alloc-rw");
    let p = dir.join("data.bin");
    let f = open(&p, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644).unwrap();
    let out: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 251) as u8).collect();
    let mut back = vec![0u8; 4096];
    assert_no_allocations("seek+write+seek+read 4 KiB", 500, || {
        assert_eq!(seek(&f, 0, 0), Ok(0));
        assert_eq!(write(&f, &out), Ok(4096));
        assert_eq!(seek(&f, 0, 0), Ok(0));
        assert_eq!(read(&f, &mut back), Ok(4096));
    });
    assert_eq!(back, out);
    assert_no_allocations("write_at+read_at", 500, || {
        assert_eq!(write_at(&f, &out[..100], 4000), Ok(100));
        assert_eq!(read_at(&f, &mut back[..100], 4000), Ok(100));
        assert_eq!(read_at(&f, &mut back, 1 << 20), Ok(0));
    });
    assert_no_allocations("ftruncate+seek end", 100, || {
        ftruncate(&f, 4100).unwrap();
        assert_eq!(seek(&f, 0, 2), Ok(4100));
    });
    assert_no_allocations("getpid", 1000, || assert!(getpid() > 0));
}

// ---- completion ports ---------------------------------------------------------

#[test]
fn completion_post_and_take_one_at_a_time() {
    let port = CompletionPort::new(1).unwrap();
    let mut k = 0usize;
    assert_no_allocations("post + wait(None)", 500, || {
        k += 1;
        port.post(k as u32, k).unwrap();
        match port.wait(None).unwrap() {
            Completion::Posted { key, bytes } => assert_eq!((key, bytes), (k, k as u32)),
            other => panic!("{other:?}"),
        }
    });
    assert_no_allocations("post + wait(timeout) + get_raw", 200, || {
        port.post(1, 2).unwrap();
        assert!(matches!(
            port.wait(Some(Duration::from_secs(10))).unwrap(),
            Completion::Posted { key: 2, bytes: 1 }
        ));
        port.post(3, 4).unwrap();
        let q = port.get_raw(Some(Duration::from_secs(10))).unwrap();
        assert_eq!((q.key, q.bytes, q.overlapped.is_null()), (4, 3, true));
    });
    assert_no_allocations("Go's u32 forms", 200, || {
        // SAFETY: a NULL OVERLAPPED names no operation.
        unsafe { post_queued_completion_status(&port, 5, 6, std::ptr::null_mut()) }.unwrap();
        let q = get_queued_completion_status(&port, INFINITE).unwrap();
        assert_eq!((q.key, q.bytes), (6, 5));
    });
    assert_no_allocations("timeout", 20, || {
        assert_eq!(
            port.wait(Some(Duration::ZERO)).unwrap_err(),
            Errno(258) // WAIT_TIMEOUT
        )
    });
}

#[test]
fn completion_batched_with_caller_buffers() {
    const BATCH: usize = 64;
    let port = CompletionPort::new(1).unwrap();
    let mut entries = [OverlappedEntry::default(); BATCH];
    let mut out: Vec<Completion> = Vec::with_capacity(BATCH);
    assert_no_allocations("64 posts + wait_many_into", 100, || {
        for i in 0..BATCH {
            port.post(i as u32, 100 + i).unwrap();
        }
        out.clear();
        let mut taken = 0;
        while taken < BATCH {
            taken += port.wait_many_into(&mut entries, &mut out, None).unwrap();
        }
        assert_eq!(out.len(), BATCH);
        for (i, c) in out.iter().enumerate() {
            assert!(
                matches!(c, Completion::Posted { key, bytes } if *key == 100 + i && *bytes == i as u32),
                "{c:?}"
            );
        }
    });
    assert_no_allocations("64 posts + get_queued_completion_status_ex", 100, || {
        for i in 0..BATCH {
            port.post(i as u32, i).unwrap();
        }
        let mut taken = 0;
        while taken < BATCH {
            let n = get_queued_completion_status_ex(&port, &mut entries[taken..], INFINITE, false)
                .unwrap();
            taken += n;
        }
        for (i, e) in entries.iter().enumerate() {
            assert_eq!((e.key, e.bytes as usize), (i, i));
            assert!(e.overlapped.is_null());
        }
    });
    // Empty buffer: EINVAL before any call; a timeout leaves `out` alone.
    out.clear();
    assert_eq!(
        port.wait_many_into(&mut [], &mut out, None).unwrap_err(),
        Errno::EINVAL
    );
    assert_eq!(
        port.wait_many_into(&mut entries, &mut out, Some(Duration::ZERO))
            .unwrap_err(),
        Errno(258)
    );
    assert!(out.is_empty());
    // The allocating form agrees with it.
    port.post(9, 9).unwrap();
    let v = port.wait_many(8, None).unwrap();
    assert!(matches!(v[..], [Completion::Posted { key: 9, bytes: 9 }]));
}

/// Overlapped socket operations own one heap block each while in flight (the
/// design in `src/sys/iocp/mod.rs`): exactly one allocation per operation in
/// steady state, buffers reused.
#[test]
fn overlapped_send_recv_allocate_only_their_block() {
    let port = CompletionPort::new(1).unwrap();
    let listener = std::net::TcpListener::bind(loopback(0)).unwrap();
    let client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (server, _) = listener.accept().unwrap();
    client.set_nodelay(true).unwrap();
    server.set_nodelay(true).unwrap();
    port.associate_socket(&client, 1).unwrap();
    port.associate_socket(&server, 2).unwrap();
    let mut sbuf = vec![0x5Au8; 64];
    let mut rbuf = vec![0u8; 64];
    let mut round = || {
        rbuf.resize(64, 0);
        let r = port
            .recv(&server, std::mem::take(&mut rbuf))
            .unwrap()
            .detach();
        let s = port
            .send(&client, std::mem::take(&mut sbuf))
            .unwrap()
            .detach();
        let mut got = 0;
        while got < 2 {
            let Completion::Done(d) = port.wait(Some(Duration::from_secs(20))).unwrap() else {
                panic!("not an operation");
            };
            match d.output {
                OpOutput::Recv(v) => {
                    assert_eq!((d.id, v.len()), (r, 64));
                    rbuf = v;
                }
                OpOutput::Send(v) => {
                    assert_eq!((d.id, d.result), (s, Ok(64)));
                    sbuf = v;
                }
                other => panic!("{other:?}"),
            }
            got += 1;
        }
    };
    for _ in 0..5 {
        round();
    }
    let (n, ()) = allocations(|| {
        for _ in 0..50 {
            round();
        }
    });
    assert_eq!(n, 100, "one block per operation (2 per round, 50 rounds)");
    assert_eq!(port.in_flight(), 0);
}

// ---- UDP ------------------------------------------------------------------------

fn loopback(port: u16) -> SocketAddr {
    SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::LOCALHOST, port))
}

#[test]
fn udp_wsa_sendto_wsa_recvfrom_loops() {
    let a = UdpSocket::bind(loopback(0)).unwrap();
    let b = UdpSocket::bind(loopback(0)).unwrap();
    let to = Sockaddr::from(b.local_addr().unwrap());
    let from = Sockaddr::from(a.local_addr().unwrap());
    let to4 = match to {
        Sockaddr::Inet4(x) => x,
        _ => unreachable!(),
    };
    let msg = [0xA5u8; 64];
    let mut buf = [0u8; 64];
    assert_no_allocations("wsa_sendto + wsa_recvfrom", 500, || {
        assert_eq!(wsa_sendto(&a, &[IoSlice::new(&msg)], 0, Some(&to)), Ok(64));
        let mut flags = 0u32;
        let (n, sa) = wsa_recvfrom(&b, &mut [IoSliceMut::new(&mut buf)], &mut flags).unwrap();
        assert_eq!((n, sa.as_ref()), (64, Some(&from)));
    });
    assert_eq!(buf, msg);
    assert_no_allocations("wsa_sendto_inet4 + 2 buffers", 200, || {
        let bufs = [IoSlice::new(&msg[..10]), IoSlice::new(&msg[10..])];
        assert_eq!(wsa_sendto_inet4(&a, &bufs, 0, &to4), Ok(64));
        let mut flags = 0u32;
        let (head, tail) = buf.split_at_mut(32);
        let mut bufs = [IoSliceMut::new(head), IoSliceMut::new(tail)];
        assert_eq!(wsa_recvfrom(&b, &mut bufs, &mut flags).unwrap().0, 64);
    });
    // The BSD forms, and the general address conversion behind bind/connect.
    assert_no_allocations("sendto + recvfrom", 200, || {
        assert_eq!(sendto(&a, &msg, 0, to.clone()), Ok(64));
        let (n, sa) = recvfrom(&b, &mut buf, 0).unwrap();
        assert_eq!((n, sa), (64, Some(from.clone())));
    });
    let six = Sockaddr::from(SockaddrInet6 {
        port: 80,
        addr: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
        ..Default::default()
    });
    assert_no_allocations("Sockaddr::to_raw", 100, || {
        assert_eq!(to.to_raw().unwrap().1, 16);
        assert_eq!(six.to_raw().unwrap().1, 28);
    });
}

// ---- enumeration into the caller's buffers ----------------------------------

/// A listing of 300 entries with names of 1 to 200 units (ASCII, 2- and
/// 3-byte characters), read with `ReadDir::next_into` into one `DirEntry`:
/// nothing is allocated per entry; the iterator allocates exactly one buffer
/// per non-empty name it returns.
#[test]
fn read_dir_next_into_reuses_the_callers_entry() {
    let dir = common::TempDir::new("alloc-readdir");
    let fills = ['a', 'é', 'ね'];
    let mut want = Vec::new();
    for i in 0..300usize {
        let mut name = format!("{i:03}");
        name.extend(std::iter::repeat_n(fills[i % 3], (i * 7) % 48));
        std::fs::write(dir.join(&name), b"").unwrap();
        want.push(name);
    }
    want.sort();

    // The buffer route: after the first entry, no allocation at all.
    let mut d = read_dir(dir.path()).unwrap();
    let mut e = DirEntry::new();
    e.name.reserve(512);
    e.alternate_name.reserve(64);
    let mut got = Vec::new();
    d.next_into(&mut e).unwrap().unwrap();
    got.push(e.name.to_str().unwrap().to_owned());
    let (count, n) = allocations(|| {
        let mut n = 0;
        while let Some(r) = d.next_into(&mut e) {
            r.unwrap();
            // Compare without allocating: every name starts with its number.
            let s = e.name.to_str().unwrap();
            assert!(s.len() >= 3 && s.is_char_boundary(3));
            n += 1;
        }
        n
    });
    assert_eq!(
        count, 0,
        "next_into allocated {count} time(s) over {n} entries"
    );
    assert_eq!(n, 299);
    // And it yields what the iterator yields.
    let mut d = read_dir(dir.path()).unwrap();
    while let Some(r) = d.next_into(&mut e) {
        r.unwrap();
        got.push(e.name.to_str().unwrap().to_owned());
    }
    got.drain(..1);
    got.sort();
    assert_eq!(got, want);

    // The iterator: one allocation per name it hands over, nothing more.
    let mut d = read_dir(dir.path()).unwrap();
    let first = d.next().unwrap().unwrap();
    let (count, entries) = allocations(|| d.by_ref().map(|r| r.unwrap()).collect::<Vec<_>>());
    let names: usize = entries
        .iter()
        .map(|e| usize::from(!e.name.is_empty()) + usize::from(!e.alternate_name.is_empty()))
        .sum();
    // `collect` grows its Vec a few times too: one allocation per doubling.
    let vec_growths = u64::from(usize::BITS - entries.len().leading_zeros());
    assert_eq!(entries.len() + 1, 300, "{first:?}");
    assert!(
        count <= names as u64 + vec_growths,
        "iterator: {count} allocations for {} entries ({names} names)",
        entries.len()
    );
}

/// `SubKeys::next_into` and `Values::next_raw` over 200 subkeys and 200
/// values allocate nothing after the first entry.
#[test]
fn registry_enumeration_into_the_callers_buffers() {
    let key = common::regkey::TestKey::new("alloc-enum");
    for i in 0..200 {
        let name = format!("sub{i:03}{}", "ü".repeat(i % 40));
        key.subkey(&name);
        let data: Vec<u8> = format!("value {i}\0")
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        key.set(&format!("v{i:03}{}", "ß".repeat(i % 30)), REG_SZ, &data);
    }
    let k = RegKey::CURRENT_USER.open(key.0.as_str()).unwrap();

    let mut name = String::with_capacity(256);
    let mut subkeys = k.subkeys();
    subkeys.next_into(&mut name).unwrap().unwrap();
    assert!(name.starts_with("sub"), "{name}");
    let (count, n) = allocations(|| {
        let mut n = 0;
        while let Some(r) = subkeys.next_into(&mut name) {
            r.unwrap();
            assert!(name.starts_with("sub"));
            n += 1;
        }
        n
    });
    assert_eq!((count, n), (0, 199), "SubKeys::next_into");
    assert_eq!(name, "", "cleared at the end");

    let mut values = k.values();
    let (t, data) = values.next_raw(&mut name).unwrap().unwrap();
    assert_eq!(t, REG_SZ);
    assert_eq!(
        RegValue::from_raw(t, data.to_vec())
            .as_str()
            .map(|s| &s[..6]),
        Some("value ")
    );
    let (count, n) = allocations(|| {
        let mut n = 0;
        while let Some(r) = values.next_raw(&mut name) {
            let (t, data) = r.unwrap();
            assert_eq!(t, REG_SZ);
            assert_eq!(&data[..2], &[b'v', 0]);
            assert!(name.starts_with('v'));
            n += 1;
        }
        n
    });
    assert_eq!((count, n), (0, 199), "Values::next_raw");
}
