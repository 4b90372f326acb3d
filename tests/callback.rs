//! Run-time callbacks, under Wine.
#![cfg(windows)]
#![cfg(any(target_arch = "x86_64", target_arch = "x86", target_arch = "aarch64"))]

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use winsyscall::*;

/// The slot table is process-wide: the tests that count slots run one at a time.
fn serial() -> MutexGuard<'static, ()> {
    static M: Mutex<()> = Mutex::new(());
    M.lock().unwrap_or_else(|p| p.into_inner())
}

type Fn2 = extern "system" fn(usize, usize) -> usize;

#[test]
fn thread_start_routine_via_create_thread() {
    use windows_sys::Win32::Foundation::{CloseHandle, WAIT_OBJECT_0};
    use windows_sys::Win32::System::Threading::{
        CreateThread, GetCurrentThreadId, GetExitCodeThread, INFINITE, WaitForSingleObject,
    };
    let _g = serial();
    let ran_on = Arc::new(AtomicUsize::new(0));
    let seen = ran_on.clone();
    let cb = new_callback(1, move |a| {
        // SAFETY: GetCurrentThreadId only reads thread state.
        seen.store(unsafe { GetCurrentThreadId() } as usize, Ordering::SeqCst);
        a[0] * 3 + 1
    })
    .unwrap();
    assert_eq!(cb.arity(), 1);
    // SAFETY: the callback takes one pointer-sized argument and returns one,
    // which is LPTHREAD_START_ROUTINE's shape.
    let start: unsafe extern "system" fn(*mut core::ffi::c_void) -> u32 =
        unsafe { std::mem::transmute(cb.ptr()) };
    let mut tid = 0u32;
    // SAFETY: `start` stays valid until `cb` drops, after the thread ends.
    let h = unsafe {
        CreateThread(
            std::ptr::null(),
            0,
            Some(start),
            14 as *const _,
            0,
            &mut tid,
        )
    };
    assert!(!h.is_null());
    // SAFETY: `h` is the thread handle we own.
    assert_eq!(unsafe { WaitForSingleObject(h, INFINITE) }, WAIT_OBJECT_0);
    let mut code = 0u32;
    // SAFETY: as above; `code` is a valid out pointer.
    assert_ne!(unsafe { GetExitCodeThread(h, &mut code) }, 0);
    // SAFETY: closing the handle we own.
    unsafe { CloseHandle(h) };
    assert_eq!(code, 43);
    assert_eq!(ran_on.load(Ordering::SeqCst), tid as usize);
    // SAFETY: reading the current thread id.
    assert_ne!(tid, unsafe { GetCurrentThreadId() });
}

#[test]
fn cdecl_comparator_for_msvcrt_qsort() {
    let _g = serial();
    let crt = load_dll("msvcrt.dll").unwrap();
    let qsort = crt.find_proc("qsort").unwrap();
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let cmp = new_callback_cdecl(2, move |a| {
        c.fetch_add(1, Ordering::Relaxed);
        // SAFETY: qsort passes two pointers into the i32 array being sorted.
        let (x, y) = unsafe { (*(a[0] as *const i32), *(a[1] as *const i32)) };
        x.cmp(&y) as i32 as usize
    })
    .unwrap();
    let mut v: Vec<i32> = (0..200).map(|i| (i * 7919 % 211) - 100).collect();
    let mut want = v.clone();
    want.sort();
    // SAFETY: qsort(void*, size_t, size_t, int (*)(const void*, const void*)).
    unsafe { qsort.call(&[v.as_mut_ptr() as usize, v.len(), 4, cmp.ptr()]) };
    assert_eq!(v, want);
    assert!(calls.load(Ordering::Relaxed) >= v.len() - 1);
}

#[test]
fn many_arguments_and_many_threads() {
    let _g = serial();
    let cb = new_callback(10, |a| a.iter().enumerate().map(|(i, x)| (i + 1) * x).sum()).unwrap();
    type F10 = extern "system" fn(
        usize,
        usize,
        usize,
        usize,
        usize,
        usize,
        usize,
        usize,
        usize,
        usize,
    ) -> usize;
    // SAFETY: the callback takes ten pointer-sized arguments.
    let f: F10 = unsafe { std::mem::transmute(cb.ptr()) };
    let want: usize = (1..=10).map(|i| i * (100 + i)).sum();
    assert_eq!(f(101, 102, 103, 104, 105, 106, 107, 108, 109, 110), want);
    std::thread::scope(|s| {
        for t in 0..4usize {
            s.spawn(move || {
                for k in 0..500usize {
                    let x = t * 1000 + k;
                    let got = f(x, 0, 0, 0, 0, 0, 0, 0, 0, 1);
                    assert_eq!(got, x + 10);
                }
            });
        }
    });
    let zero = new_callback(0, |a| a.len() + 77).unwrap();
    // SAFETY: the callback takes no arguments.
    let g: extern "system" fn() -> usize = unsafe { std::mem::transmute(zero.ptr()) };
    assert_eq!(g(), 77);
    assert_eq!(
        new_callback(MAX_CALLBACK_ARGS + 1, |_| 0).unwrap_err(),
        CallbackError::TooManyArguments(MAX_CALLBACK_ARGS + 1)
    );
    assert!(new_callback(MAX_CALLBACK_ARGS, |_| 0).is_ok());
}

fn make_batch(n: usize, tag: usize) -> Vec<Callback> {
    (0..n)
        .map(|i| new_callback(2, move |a| tag * 1_000_000 + i * 1000 + a[0] + a[1]).unwrap())
        .collect()
}

fn check_batch(v: &[Callback], tag: usize) {
    for (i, cb) in v.iter().enumerate() {
        // SAFETY: every callback of the batch takes two arguments.
        let f: Fn2 = unsafe { std::mem::transmute(cb.ptr()) };
        assert_eq!(f(i, 5), tag * 1_000_000 + i * 1000 + i + 5);
    }
}

#[test]
fn thousand_callbacks_alive_released_and_made_again_then_exhaustion() {
    let _g = serial();
    let base = live_callbacks();
    let first = make_batch(1024, 1);
    assert_eq!(live_callbacks(), base + 1024);
    let mut ptrs: Vec<usize> = first.iter().map(Callback::ptr).collect();
    ptrs.sort();
    ptrs.dedup();
    assert_eq!(ptrs.len(), 1024, "every live callback has its own pointer");
    check_batch(&first, 1);
    drop(first);
    assert_eq!(live_callbacks(), base);
    let second = make_batch(1024, 2);
    check_batch(&second, 2);

    // Fill the table: the next one is an error, not a crash.
    let mut rest = Vec::new();
    loop {
        match new_callback(1, |a| a[0]) {
            Ok(cb) => rest.push(cb),
            Err(e) => {
                assert_eq!(e, CallbackError::Exhausted);
                assert!(e.to_string().contains("too many callback functions"));
                break;
            }
        }
    }
    assert_eq!(base + 1024 + rest.len(), MAX_CALLBACKS);
    check_batch(&second, 2);
    rest.pop();
    // Go's compileCallback is the one allocator behind both conventions: it takes
    // the last free slot, and the table is full again.
    let last = compile_callback(1, |a| a[0] + 1, true).unwrap();
    assert_eq!(live_callbacks(), MAX_CALLBACKS);
    assert_eq!(
        compile_callback(1, |a| a[0], false).unwrap_err(),
        CallbackError::Exhausted
    );
    drop(last);
    assert!(new_callback(1, |a| a[0]).is_ok());
}

/// Run in a child process by `panic_in_callback_aborts_with_message`.
#[test]
#[ignore = "run as a child process by panic_in_callback_aborts_with_message"]
fn child_panicking_callback() {
    let cb: Callback = new_callback(1, |_| panic!("boom from callback")).unwrap();
    // SAFETY: the callback takes one argument.
    let f: extern "system" fn(usize) -> usize = unsafe { std::mem::transmute(cb.ptr()) };
    f(1);
    unreachable!("the process aborts inside the call");
}

#[test]
fn panic_in_callback_aborts_with_message() {
    let exe = std::env::current_exe().unwrap();
    let out = common::start_child(|| {
        std::process::Command::new(&exe)
            .args([
                "--exact",
                "child_panicking_callback",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .output()
    })
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "child must not exit cleanly: {stderr}"
    );
    assert!(
        stderr.contains(
            "winsyscall: fatal error in callback: the closure panicked: boom from callback"
        ),
        "{stderr}"
    );
}

/// Runs `--exact <name> --ignored` in a child copy of this binary.
fn run_child(name: &str) -> std::process::Output {
    let exe = std::env::current_exe().unwrap();
    common::start_child(|| {
        std::process::Command::new(&exe)
            .args([
                "--exact",
                name,
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .output()
    })
    .unwrap()
}

/// What the parent checks of a child that called a stale pointer: it
/// aborted with the crate's message, and no closure made after the drop ran.
fn assert_stale_call_aborted(out: &std::process::Output) {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("child status {:?}", out.status);
    assert!(
        !out.status.success(),
        "child must not exit cleanly: {stdout}\n{stderr}"
    );
    // std::process::abort: __fastfail(FAST_FAIL_FATAL_APP_EXIT).
    assert_eq!(out.status.code(), Some(0xC0000409_u32 as i32), "{stderr}");
    assert!(
        stderr.contains(
            "winsyscall: fatal error in callback: a callback was called after its Callback was dropped"
        ),
        "{stderr}"
    );
    assert!(
        !stdout.contains("new closure ran"),
        "a stale pointer reached a new callback: {stdout}"
    );
    assert!(!stdout.contains("returned from the stale call"), "{stdout}");
}

/// Run in a child process by `stale_pointer_aborts_after_a_new_callback`.
#[test]
#[ignore = "run as a child process by stale_pointer_aborts_after_a_new_callback"]
fn child_stale_pointer_after_new_callback() {
    let old = new_callback(1, |a| a[0]).unwrap();
    let p = old.ptr();
    drop(old);
    let new = new_callback(1, |a| {
        println!("new closure ran");
        a[0]
    })
    .unwrap();
    let _ = new.ptr();
    // SAFETY: none: this is the caller's bug under test (a dangling callback
    // pointer); the crate's entry point must abort rather than run `new`.
    let f: extern "system" fn(usize) -> usize = unsafe { std::mem::transmute(p) };
    f(7);
    println!("returned from the stale call");
}

#[test]
fn stale_pointer_aborts_after_a_new_callback() {
    assert_stale_call_aborted(&run_child("child_stale_pointer_after_new_callback"));
}

/// Run in a child process by `retired_slot_aborts_even_when_every_slot_is_taken`.
#[test]
#[ignore = "run as a child process by retired_slot_aborts_even_when_every_slot_is_taken"]
fn child_retired_slot_with_table_full() {
    let old = new_callback(1, |a| a[0]).unwrap();
    let p = old.ptr();
    old.retire();
    assert_eq!(live_callbacks(), 0);
    let mut all = Vec::new();
    loop {
        match new_callback(1, |a| {
            println!("new closure ran");
            a[0]
        }) {
            Ok(cb) => all.push(cb),
            Err(e) => {
                assert_eq!(e, CallbackError::Exhausted);
                break;
            }
        }
    }
    assert_eq!(all.len(), MAX_CALLBACKS - 1, "the retired slot is gone");
    assert_eq!(live_callbacks(), MAX_CALLBACKS - 1);
    assert!(all.iter().all(|c| c.ptr() != p));
    // Released slots come back; the retired one never does.
    all.truncate(10);
    assert_eq!(live_callbacks(), 10);
    // SAFETY: none: the caller's bug under test (a dangling pointer).
    let f: extern "system" fn(usize) -> usize = unsafe { std::mem::transmute(p) };
    f(7);
    println!("returned from the stale call");
}

#[test]
fn retired_slot_aborts_even_when_every_slot_is_taken() {
    assert_stale_call_aborted(&run_child("child_retired_slot_with_table_full"));
}

/// A released slot is taken again only after every other free slot: exactly
/// the rule the docs give for when a stale pointer stops aborting.
#[test]
fn released_slot_is_taken_again_last() {
    let _g = serial();
    let cb = new_callback(1, |a| a[0] + 1).unwrap();
    let p = cb.ptr();
    drop(cb);
    let others = MAX_CALLBACKS - live_callbacks() - 1;
    let mut v = Vec::with_capacity(others);
    for i in 0..others {
        let c = new_callback(1, move |_| i).unwrap();
        assert_ne!(c.ptr(), p, "taken again after {i} of {others} other slots");
        v.push(c);
    }
    let last = new_callback(1, |a| a[0] * 3).unwrap();
    assert_eq!(last.ptr(), p, "the released slot is the last free one");
    // SAFETY: a live callback of one argument.
    let f: extern "system" fn(usize) -> usize = unsafe { std::mem::transmute(last.ptr()) };
    assert_eq!(f(14), 42, "the pointer now runs the new closure");
    assert_eq!(
        new_callback(1, |a| a[0]).unwrap_err(),
        CallbackError::Exhausted
    );
}

/// Stdcall callbacks called by Windows itself, many times: the locale and
/// time-format enumerators take `BOOL CALLBACK (LPWSTR)` procedures (and on
/// 32-bit x86 a callee that pops the wrong number of bytes unbalances
/// Windows' stack on every call).
#[test]
fn stdcall_callbacks_called_by_windows_enumerators() {
    const LCID_SUPPORTED: usize = 2;
    const LOCALE_USER_DEFAULT: usize = 0x400;
    let _g = serial();
    let k32 = load_dll("kernel32.dll").unwrap();
    let enum_locales = k32.find_proc("EnumSystemLocalesW").unwrap();
    let enum_time_formats = k32.find_proc("EnumTimeFormatsW").unwrap();
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let s = seen.clone();
    let cb = new_callback(1, move |a| {
        // SAFETY: the enumerators pass a NUL-terminated UTF-16 string.
        let w = unsafe { std::slice::from_raw_parts(a[0] as *const u16, wcslen(a[0])) };
        s.lock().unwrap().push(String::from_utf16_lossy(w));
        1
    })
    .unwrap();
    for _ in 0..20 {
        seen.lock().unwrap().clear();
        // SAFETY: EnumSystemLocalesW(LOCALE_ENUMPROCW, DWORD); the callback has
        // the procedure's shape and outlives the call.
        let (ok, _, _) = unsafe { enum_locales.call(&[cb.ptr(), LCID_SUPPORTED]) };
        assert_eq!(ok, 1);
        let v = seen.lock().unwrap().clone();
        assert!(v.len() > 50, "{} locales", v.len());
        assert!(
            v.iter()
                .all(|l| l.len() == 8 && u32::from_str_radix(l, 16).is_ok())
        );
        assert!(v.iter().any(|l| l == "00000409"), "en-US is listed");
    }
    seen.lock().unwrap().clear();
    // SAFETY: EnumTimeFormatsW(TIMEFMT_ENUMPROCW, LCID, DWORD), as above.
    let (ok, _, _) = unsafe { enum_time_formats.call(&[cb.ptr(), LOCALE_USER_DEFAULT, 0]) };
    assert_eq!(ok, 1);
    assert!(!seen.lock().unwrap().is_empty());
}

fn wcslen(p: usize) -> usize {
    let mut n = 0;
    // SAFETY: the caller passes a NUL-terminated UTF-16 string.
    while unsafe { *(p as *const u16).add(n) } != 0 {
        n += 1;
    }
    n
}

/// Calls `f` with `args` pushed as stack arguments and returns its result and
/// how far the stack pointer moved over the call (0 for a callee that popped
/// its arguments, `-4 * args.len()` for one that left them to the caller).
#[cfg(target_arch = "x86")]
fn call_measuring_esp(f: usize, args: &[usize]) -> (usize, isize) {
    let r: usize;
    let moved: usize;
    // SAFETY: the callers pass a live callback taking at most `args.len()`
    // words; the stack pointer is saved in EDI (callee-saved) and restored.
    unsafe {
        core::arch::asm!(
            "mov edi, esp",
            "2:",
            "test ecx, ecx",
            "jz 3f",
            "dec ecx",
            "push dword ptr [edx + 4*ecx]",
            "jmp 2b",
            "3:",
            "call ebx",
            "mov edx, esp",
            "sub edx, edi",
            "mov esp, edi",
            in("ebx") f,
            inout("ecx") args.len() => _,
            inout("edx") args.as_ptr() => moved,
            out("edi") _,
            out("eax") r,
            clobber_abi("C"),
        );
    }
    // ESP after the call minus ESP before the pushes.
    (r, moved as isize)
}

/// 32-bit x86: a stdcall callback pops exactly `4 * arity` bytes, a cdecl one
/// none, each reads exactly its arguments, and both return the closure's
/// value, over many calls and arities.
#[cfg(target_arch = "x86")]
#[test]
fn x86_stdcall_pops_its_arguments_and_cdecl_leaves_them() {
    let _g = serial();
    for arity in [0usize, 1, 2, 3, 5, 9, 16] {
        let weigh = |a: &[usize]| -> usize {
            a.iter()
                .enumerate()
                .map(|(i, x)| (i + 1).wrapping_mul(*x))
                .fold(1000 + a.len(), usize::wrapping_add)
        };
        let std_cb = new_callback(arity, weigh).unwrap();
        let c_cb = new_callback_cdecl(arity, weigh).unwrap();
        let c2_cb = compile_callback(arity, weigh, true).unwrap();
        for k in 0..300usize {
            let args: Vec<usize> = (0..arity).map(|i| k * 64 + i * 3 + 1).collect();
            let want = weigh(&args);
            // Stdcall: the stack comes back as it was before the pushes.
            assert_eq!(
                call_measuring_esp(std_cb.ptr(), &args),
                (want, 0),
                "stdcall arity {arity}"
            );
            // Cdecl: the arguments are still there for the caller to pop.
            let left = -4 * arity as isize;
            assert_eq!(
                call_measuring_esp(c_cb.ptr(), &args),
                (want, left),
                "cdecl arity {arity}"
            );
            assert_eq!(
                call_measuring_esp(c2_cb.ptr(), &args),
                (want, left),
                "compile_callback cdecl arity {arity}"
            );
        }
    }
}
