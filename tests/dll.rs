//! DLLs, procedures and raw calls, under Wine.
#![cfg(windows)]

mod common;

use std::error::Error as _;
use winsyscall::*;

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(Some(0)).collect()
}

#[test]
fn lazy_kernel32_procs_with_several_arguments() {
    let k32 = LazyDll::new("kernel32.dll");
    assert_eq!(k32.name(), "kernel32.dll");
    let mul_div = k32.new_proc("MulDiv");
    // SAFETY: MulDiv(int, int, int) -> int.
    let (r, _, _) = unsafe { mul_div.call(&[300, 7, 2]) }.unwrap();
    assert_eq!(r as i32, 1050);
    // Negative numbers go through as pointer-sized two's complement.
    // SAFETY: as above.
    let (r, _, _) = unsafe { mul_div.call(&[(-10i32) as usize, 3, 4]) }.unwrap();
    assert_eq!(r as i32, -8); // MulDiv rounds -7.5 away from zero

    let lstrlen = k32.new_proc("lstrlenW");
    let s = wide("hello, world");
    // SAFETY: lstrlenW(LPCWSTR) reads the NUL-terminated string.
    let (n, _, _) = unsafe { lstrlen.call(&[s.as_ptr() as usize]) }.unwrap();
    assert_eq!(n, 12);

    let temp = k32.new_proc("GetTempPathW");
    let mut buf = [0u16; 300];
    // SAFETY: GetTempPathW(DWORD, LPWSTR) writes at most 300 units.
    let (n, _, _) = unsafe { temp.call(&[buf.len(), buf.as_mut_ptr() as usize]) }.unwrap();
    assert!(n > 0 && n < buf.len());
    let got = String::from_utf16(&buf[..n]).unwrap();
    let want = std::env::temp_dir();
    assert_eq!(
        got.trim_end_matches('\\').to_lowercase(),
        want.to_string_lossy().trim_end_matches('\\').to_lowercase()
    );
    // The handle and the address are resolved once and stay the same.
    assert_eq!(k32.handle().unwrap(), k32.handle().unwrap());
    assert_eq!(temp.addr().unwrap(), temp.find().unwrap().addr());
}

#[test]
fn lazy_proc_resolves_once_across_threads() {
    let k32 = LazyDll::new("kernel32.dll");
    let p: LazyProc = k32.new_proc("GetCurrentProcessId");
    let addrs: Vec<usize> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..8).map(|_| s.spawn(|| p.addr().unwrap())).collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(addrs.iter().all(|&a| a == addrs[0] && a != 0));
    // SAFETY: GetCurrentProcessId takes no arguments.
    let (pid, _, _) = unsafe { p.call(&[]) }.unwrap();
    assert_eq!(pid as u32, std::process::id());
}

#[test]
fn dll_error_names_missing_proc_and_dll() {
    let k32: Dll = load_dll("kernel32.dll").unwrap();
    assert_eq!(k32.name(), "kernel32.dll");
    let e: DllError = k32.find_proc("NoSuchProcWinsyscall").unwrap_err();
    assert_eq!(e.err, Errno::ERROR_PROC_NOT_FOUND);
    assert_eq!(e.obj_name, "NoSuchProcWinsyscall");
    let text = e.to_string();
    assert!(
        text.starts_with("Failed to find NoSuchProcWinsyscall procedure in kernel32.dll: "),
        "{text}"
    );
    assert_eq!(
        text,
        format!(
            "Failed to find NoSuchProcWinsyscall procedure in kernel32.dll: {}",
            e.err
        )
    );
    let src = e.source().unwrap().downcast_ref::<Errno>().copied();
    assert_eq!(src, Some(Errno::ERROR_PROC_NOT_FOUND));

    let e = load_dll("no-such-dll-winsyscall.dll").unwrap_err();
    assert_eq!(e.err, Errno::ERROR_MOD_NOT_FOUND);
    assert_eq!(e.obj_name, "no-such-dll-winsyscall.dll");
    assert_eq!(
        e.to_string(),
        format!("Failed to load no-such-dll-winsyscall.dll: {}", e.err)
    );
    assert_eq!(Errno::from(e.clone()), Errno::ERROR_MOD_NOT_FOUND);

    // A NUL in a name is EINVAL, before any call.
    assert_eq!(load_dll("kernel32\0.dll").unwrap_err().err, Errno::EINVAL);
    assert_eq!(
        k32.find_proc("Get\0TickCount").unwrap_err().err,
        Errno::EINVAL
    );
}

#[test]
fn lazy_failures_are_reported_every_time_not_cached_as_success() {
    let missing = LazyDll::new("no-such-dll-winsyscall.dll");
    for _ in 0..2 {
        assert_eq!(missing.load().unwrap_err().err, Errno::ERROR_MOD_NOT_FOUND);
        assert_eq!(
            missing.handle().unwrap_err().err,
            Errno::ERROR_MOD_NOT_FOUND
        );
    }
    let p = missing.new_proc("Anything");
    // SAFETY: never called: the DLL does not exist.
    let e = unsafe { p.call(&[1, 2]) }.unwrap_err();
    assert_eq!(e.err, Errno::ERROR_MOD_NOT_FOUND);
    assert!(
        e.to_string()
            .starts_with("Failed to load no-such-dll-winsyscall.dll: ")
    );

    let k32 = LazyDll::new("kernel32.dll");
    let p = k32.new_proc("NoSuchProcWinsyscall");
    for _ in 0..2 {
        let e = p.find().unwrap_err();
        assert_eq!(e.err, Errno::ERROR_PROC_NOT_FOUND);
        assert!(
            e.to_string()
                .contains("NoSuchProcWinsyscall procedure in kernel32.dll")
        );
        assert_eq!(p.addr().unwrap_err(), e);
    }
}

#[test]
#[should_panic(expected = "Failed to load no-such-dll-winsyscall.dll: ")]
fn must_load_dll_panics_as_go() {
    must_load_dll("no-such-dll-winsyscall.dll");
}

#[test]
#[should_panic(expected = "Failed to find NoSuchProcWinsyscall procedure in kernel32.dll: ")]
fn must_find_proc_panics_as_go() {
    must_load_dll("kernel32.dll").must_find_proc("NoSuchProcWinsyscall");
}

#[test]
fn call_returns_last_error_as_go() {
    let k32 = load_dll("kernel32.dll").unwrap();
    let set: Proc = k32.find_proc("SetLastError").unwrap();
    // SAFETY: SetLastError(DWORD).
    let (_, _, e) = unsafe { set.call(&[1234]) };
    assert_eq!(e, Errno(1234));
    assert_eq!(get_last_error(), Err(Errno(1234)));
    // The last error is cleared before each call: a call that sets nothing gives 0.
    let tick = k32.find_proc("GetTickCount").unwrap();
    // SAFETY: GetTickCount takes no arguments.
    let (_, r2, e) = unsafe { tick.call(&[]) };
    assert_eq!(e, Errno(0));
    // `r2` is 0 on x86_64 and aarch64; on 32-bit x86 it is EDX, which a
    // function returning 32 bits leaves undefined (as in Go).
    #[cfg(not(target_arch = "x86"))]
    assert_eq!(r2, 0);
    #[cfg(target_arch = "x86")]
    let _ = r2;
    assert_eq!(get_last_error(), Ok(()));

    // CreateFileW (7 arguments, 3 on the stack) through Syscall9 with nargs = 7.
    let create = k32.find_proc("CreateFileW").unwrap();
    let dir = common::TempDir::new("dll");
    let name = wide(dir.join("missing\\file.txt").to_str().unwrap());
    const GENERIC_READ: usize = 0x8000_0000;
    const OPEN_EXISTING: usize = 3;
    let args = [
        name.as_ptr() as usize,
        GENERIC_READ,
        0,
        0,
        OPEN_EXISTING,
        0,
        0,
        0,
        0,
    ];
    // SAFETY: CreateFileW's seven arguments; `name` is NUL-terminated.
    let (r1, _, e) = unsafe { syscall9(create.addr(), 7, args) };
    assert_eq!(r1, usize::MAX); // INVALID_HANDLE_VALUE
    assert_eq!(e, Errno::ERROR_PATH_NOT_FOUND);
}

#[test]
fn many_stack_arguments_through_msvcrt_sprintf() {
    let crt = load_dll("msvcrt.dll").unwrap();
    let sprintf = crt.find_proc("sprintf").unwrap();
    for n in [0usize, 1, 4, 5, 16, 40] {
        let fmt: String = (0..n).map(|_| "%d,").collect::<String>() + "end";
        let fmt = std::ffi::CString::new(fmt).unwrap();
        let mut out = vec![0u8; 512];
        let mut args = vec![out.as_mut_ptr() as usize, fmt.as_ptr() as usize];
        args.extend((0..n).map(|i| i * 7 + 1));
        // SAFETY: sprintf(char*, const char*, ...) with `n` ints; 512 bytes is enough.
        let (r, _, _) = unsafe { sprintf.call(&args) };
        let want: String = (0..n)
            .map(|i| format!("{},", i * 7 + 1))
            .collect::<String>()
            + "end";
        assert_eq!(r, want.len(), "n = {n}");
        assert_eq!(&out[..r], want.as_bytes());
        // Go's SyscallN straight on the address: the same call, the same answer.
        out.fill(0);
        // SAFETY: as above.
        let (r2, _, _) = unsafe { syscall_n(sprintf.addr(), &args) };
        assert_eq!(r2, want.len(), "syscall_n, n = {n}");
        assert_eq!(&out[..r2], want.as_bytes());
    }
    // 42 arguments is Go's limit; 43 is refused without a call.
    let too_many = vec![0usize; MAX_CALL_ARGS + 1];
    // SAFETY: nothing is called.
    let (r1, r2, e) = unsafe { sprintf.call(&too_many) };
    assert_eq!((r1, r2, e), (0, 0, Errno::E2BIG));
}

#[test]
fn numbered_syscalls_check_nargs() {
    let k32 = load_dll("kernel32.dll").unwrap();
    let mul_div = k32.find_proc("MulDiv").unwrap().addr();
    // SAFETY: MulDiv(int, int, int).
    unsafe {
        assert_eq!(syscall(mul_div, 3, [6, 7, 3]).0, 14);
        assert_eq!(syscall6(mul_div, 3, [6, 7, 2, 99, 99, 99]).0, 21);
        assert_eq!(
            syscall12(mul_div, 3, [5, 5, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0]).0,
            5
        );
        assert_eq!(
            syscall15(mul_div, 3, [8, 8, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).0,
            16
        );
        assert_eq!(
            syscall18(
                mul_div,
                3,
                [9, 9, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
            )
            .0,
            9
        );
        assert_eq!(syscall_n(mul_div, &[100, 3, 10]).0, 30);
        // nargs larger than the arguments supplied: refused (Go panics).
        assert_eq!(syscall(mul_div, 4, [1, 2, 3]), (0, 0, Errno::EINVAL));
        // A NULL function is refused too.
        assert_eq!(syscall_n(0, &[]), (0, 0, Errno::EINVAL));
    }
}

#[test]
fn load_library_get_proc_address_free_library() {
    let h = load_library("kernel32.dll").unwrap();
    // SAFETY: `h` is a reference we hold until free_library below.
    let gpa = |name: &str| unsafe { get_proc_address(h, name) };
    let addr = gpa("GetCurrentThreadId").unwrap();
    // The safe form finds the same export.
    let k32 = load_dll("kernel32.dll").unwrap();
    assert_eq!(k32.find_proc("GetCurrentThreadId").unwrap().addr(), addr);
    // SAFETY: GetCurrentThreadId takes no arguments.
    let (tid, _, _) = unsafe { syscall_n(addr, &[]) };
    assert_ne!(tid, 0);
    assert_eq!(
        gpa("NoSuchProcWinsyscall"),
        Err(Errno::ERROR_PROC_NOT_FOUND)
    );
    assert_eq!(gpa("a\0b"), Err(Errno::EINVAL));
    // SAFETY: we own the reference taken above and use nothing from it after.
    unsafe { free_library(h) }.unwrap();
    assert_eq!(
        load_library("no-such-dll-winsyscall.dll"),
        Err(Errno::ERROR_MOD_NOT_FOUND)
    );
    assert_eq!(load_library("a\0b"), Err(Errno::EINVAL));
}

#[test]
fn release_keeps_module_while_procs_live() {
    let crt = load_dll("msvcrt.dll").unwrap();
    let strlen = crt.find_proc("strlen").unwrap();
    assert_eq!(strlen.dll_name(), "msvcrt.dll");
    assert_eq!(strlen.name(), "strlen");
    crt.release().unwrap();
    // The Proc still holds a reference: the call is safe to make.
    // SAFETY: strlen(const char*) on a NUL-terminated literal.
    let (n, _, _) = unsafe { strlen.call(&[c"abcdef".as_ptr() as usize]) };
    assert_eq!(n, 6);
    let other = load_dll_from_search_path("msvcrt.dll").unwrap();
    assert_ne!(other.handle(), 0);
    other.release().unwrap();
}

#[test]
fn probes_for_cancel_io_ex_and_completion_modes() {
    // Go's Load* return `proc.Find()`: nil when the export is there, else the
    // DLLError naming it. Whether it is there is asked independently here.
    let present = |dll: &str, name: &str| {
        let module = load_library(dll).unwrap();
        // SAFETY: `module` is a reference we hold (and never release).
        unsafe { get_proc_address(module, name) }.is_ok()
    };
    for (got, dll, name) in [
        (
            load_cancel_io_ex().map_err(|e| e.err),
            "kernel32.dll",
            "CancelIoEx",
        ),
        (
            load_set_file_completion_notification_modes().map_err(|e| e.err),
            "kernel32.dll",
            "SetFileCompletionNotificationModes",
        ),
        (
            load_create_symbolic_link(),
            "kernel32.dll",
            "CreateSymbolicLinkW",
        ),
        (load_get_addr_info(), "ws2_32.dll", "GetAddrInfoW"),
    ] {
        // Every system this crate runs on (Vista and later, and Wine) has them.
        assert!(present(dll, name), "{dll}!{name}");
        assert_eq!(got, Ok(()), "{dll}!{name}");
    }
    // The missing case, through the same lazy machinery: Go's exact DLLError.
    let k32 = LazyDll::new("kernel32.dll");
    let missing = k32.new_proc("CancelIoExNoSuchExport");
    let e = missing.find().unwrap_err();
    assert_eq!(e.err, Errno::ERROR_PROC_NOT_FOUND);
    assert_eq!(e.obj_name, "CancelIoExNoSuchExport");
    assert_eq!(
        e.msg,
        format!(
            "Failed to find CancelIoExNoSuchExport procedure in kernel32.dll: {}",
            Errno::ERROR_PROC_NOT_FOUND
        )
    );
    let text = if common::under_wine() {
        "Procedure not found."
    } else {
        "The specified procedure could not be found."
    };
    assert_eq!(Errno::ERROR_PROC_NOT_FOUND.to_string(), text);
}

/// 32-bit x86 (Go's 386 `asmstdcall`): one call routine serves both the
/// stdcall Windows API and the cdecl C runtime, because it restores the stack
/// pointer after the call, and `r2` is EDX, the high half of a 64-bit result.
#[cfg(target_arch = "x86")]
#[test]
fn x86_calls_cdecl_and_stdcall_and_returns_edx_as_r2() {
    let crt = load_dll("msvcrt.dll").unwrap();
    let labs = crt.find_proc("labs").unwrap();
    let abs64 = crt.find_proc("_abs64").unwrap();
    let k32 = load_dll("kernel32.dll").unwrap();
    let mul_div = k32.find_proc("MulDiv").unwrap();
    let nt = load_dll("ntdll.dll").unwrap();
    let allmul = nt.find_proc("_allmul").unwrap();
    let split = |v: i64| [v as u64 as u32 as usize, (v as u64 >> 32) as u32 as usize];
    for k in 0..5000i64 {
        // cdecl, one argument: the caller pops it.
        let x = -(k * 7 + 3) as i32;
        // SAFETY: long labs(long).
        let (r1, _, _) = unsafe { labs.call(&[x as u32 as usize]) };
        assert_eq!(r1, (k * 7 + 3) as usize);
        // cdecl, a 64-bit argument (two words) and a 64-bit result in EDX:EAX.
        let v = -((k << 33) + 5);
        // SAFETY: __int64 _abs64(__int64).
        let (r1, r2, _) = unsafe { abs64.call(&split(v)) };
        assert_eq!([r1, r2], split(-v), "_abs64({v})");
        // stdcall, three arguments.
        // SAFETY: int MulDiv(int, int, int).
        let (r1, _, e) = unsafe { mul_div.call(&[k as usize, 6, 2]) };
        assert_eq!((r1, e), ((k * 3) as usize, Errno(0)));
        // stdcall, 64-bit arguments and result.
        let (a, b) = (k * 1_000_003 + 1, -(k << 20) - 9);
        let (lo, hi) = (split(a), split(b));
        // SAFETY: __int64 __stdcall _allmul(__int64, __int64).
        let (r1, r2, _) = unsafe { allmul.call(&[lo[0], lo[1], hi[0], hi[1]]) };
        assert_eq!([r1, r2], split(a.wrapping_mul(b)), "_allmul({a}, {b})");
    }
}
