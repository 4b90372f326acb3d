//! Processes under Wine (and Windows): identity, StartProcess with directory,
//! environment, redirected standard handles and exit codes, handle-list
//! inheritance, argument round trips, parents, waiting, termination, Ctrl+Break.
//!
//! The child programs are this very test binary, re-run with
//! `--exact child_helper`: the `child_helper` test is a no-op unless
//! `WINSYSCALL_PROCESS_CHILD` is set in its environment, in which case it acts
//! as the child (mode `report` or `sleep`) and exits with a chosen code.
#![cfg(windows)]

mod common;

use std::ffi::OsString;
use std::io::{Read, Write};
use std::os::windows::io::{AsHandle, AsRawHandle, BorrowedHandle, FromRawHandle, OwnedHandle};
use winsyscall::*;

const CHILD_ENV: &str = "WINSYSCALL_PROCESS_CHILD";
const EXIT_ENV: &str = "WINSYSCALL_EXIT";
const HANDLES_ENV: &str = "WINSYSCALL_HANDLES";

// ---------------------------------------------------------------- the child

/// Not a test on its own: the body of the child process (see the file docs).
#[test]
fn child_helper() {
    let Some(mode) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let code: i32 = std::env::var(EXIT_ENV)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut out = String::from("\nBEGIN\n");
    let mut line = |k: &str, v: &dyn std::fmt::Debug| out.push_str(&format!("{k}={v:?}\n"));
    match mode.to_str() {
        Some("report") => {
            line("pid", &getpid());
            line("ppid", &getppid());
            let cwd = std::env::current_dir()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            line("cwd", &cwd);
            for (k, v) in std::env::vars_os() {
                line(
                    "env",
                    &format!("{}={}", k.to_string_lossy(), v.to_string_lossy()),
                );
            }
            let after_dashes = |v: Vec<String>| {
                v.into_iter()
                    .skip_while(|a| a != "--")
                    .skip(1)
                    .collect::<Vec<_>>()
            };
            for a in after_dashes(std::env::args().collect()) {
                line("arg", &a);
            }
            for a in after_dashes(command_line_to_argv(&get_command_line())) {
                line("cmdarg", &a);
            }
            let si = get_startup_info();
            line("si_flags", &si.flags);
            line("si_show", &si.show_window);
            if let Ok(list) = std::env::var(HANDLES_ENV) {
                for v in list.split(',').filter(|v| !v.is_empty()) {
                    let raw: usize = v.parse().unwrap_or(0);
                    // SAFETY: a probe: the value may or may not be a handle here;
                    // it is only written to, never closed.
                    let h = unsafe { BorrowedHandle::borrow_raw(raw as _) };
                    match write(h, format!("via {raw}\n").as_bytes()) {
                        Ok(_) => line("handle", &format!("{raw}:ok")),
                        Err(e) => line("handle", &format!("{raw}:err:{}", e.0)),
                    }
                }
            }
            let mut input = Vec::new();
            let _ = std::io::stdin().read_to_end(&mut input);
            line("stdin", &String::from_utf8_lossy(&input));
            let _ = std::io::stderr().write_all(b"child stderr");
        }
        Some("sleep") => {
            let mut input = Vec::new();
            let _ = std::io::stdin().read_to_end(&mut input);
        }
        // Ends at once through ExitProcess: nothing below runs, nothing is flushed.
        Some("exit_process") => exit_process(code as u32),
        _ => line("error", &"unknown mode"),
    }
    out.push_str("END\n");
    let mut so = std::io::stdout();
    let _ = so.write_all(out.as_bytes());
    let _ = so.flush();
    exit(code)
}

// ---------------------------------------------------------------- helpers

fn exe() -> OsString {
    std::env::current_exe().unwrap().into_os_string()
}

/// libtest arguments that run only `child_helper`, then `--`, then `args`.
fn child_argv(args: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = [
        "winsyscall-child",
        "--exact",
        "child_helper",
        "--nocapture",
        "-q",
        "--",
    ]
    .map(String::from)
    .to_vec();
    v.extend(args.iter().map(|a| a.to_string()));
    v
}

/// The environment of a child: the mode, SystemRoot (Windows DLLs want it),
/// and `extra`.
fn child_env(mode: &str, extra: &[&str]) -> Vec<OsString> {
    let mut env: Vec<OsString> = vec![format!("{CHILD_ENV}={mode}").into()];
    if let Some(root) = std::env::var_os("SystemRoot") {
        let mut e = OsString::from("SystemRoot=");
        e.push(root);
        env.push(e);
    }
    env.extend(extra.iter().map(OsString::from));
    env
}

/// The `key=value` lines between BEGIN and END, values still Debug-quoted.
fn report(out: &str) -> Vec<(String, String)> {
    out.lines()
        .skip_while(|l| *l != "BEGIN")
        .skip(1)
        .take_while(|l| *l != "END")
        .filter_map(|l| {
            l.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
        })
        .collect()
}

fn values(r: &[(String, String)], key: &str) -> Vec<String> {
    r.iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .collect()
}

fn one(r: &[(String, String)], key: &str) -> String {
    let v = values(r, key);
    assert_eq!(v.len(), 1, "exactly one {key} in {r:?}");
    v[0].clone()
}

fn dbg(s: &str) -> String {
    format!("{s:?}")
}

/// Reads a pipe to its end on a thread.
fn drain(mut r: std::io::PipeReader) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut s = String::new();
        let _ = r.read_to_string(&mut s);
        s
    })
}

/// An inheritable anonymous pipe (read end, write end), Go's `Pipe`.
fn inheritable_pipe() -> (OwnedHandle, OwnedHandle) {
    use windows_sys::Win32::System::Pipes::CreatePipe;
    let sa = SecurityAttributes::inheritable();
    let (mut r, mut w) = (core::ptr::null_mut(), core::ptr::null_mut());
    // SAFETY: out-pointers are ours; `sa` has SECURITY_ATTRIBUTES' layout.
    let ok = unsafe { CreatePipe(&mut r, &mut w, (&sa as *const SecurityAttributes).cast(), 0) };
    assert_ne!(ok, 0, "CreatePipe");
    // SAFETY: both handles are new and ours.
    unsafe {
        (
            OwnedHandle::from_raw_handle(r),
            OwnedHandle::from_raw_handle(w),
        )
    }
}

/// Whether some process still holds a write end of the pipe whose read end
/// is `r`: `PeekNamedPipe` fails with ERROR_BROKEN_PIPE once all are closed.
fn pipe_has_writer(r: &OwnedHandle) -> bool {
    use windows_sys::Win32::System::Pipes::PeekNamedPipe;
    let mut avail = 0u32;
    // SAFETY: a valid read end; no buffer is asked for.
    let ok = unsafe {
        PeekNamedPipe(
            r.as_raw_handle(),
            core::ptr::null_mut(),
            0,
            core::ptr::null_mut(),
            &mut avail,
            core::ptr::null_mut(),
        )
    };
    if ok != 0 {
        return true;
    }
    // SAFETY: reads thread-local state.
    let e = unsafe { windows_sys::Win32::Foundation::GetLastError() };
    assert_eq!(
        e, 109,
        "PeekNamedPipe failed with {e}, not ERROR_BROKEN_PIPE"
    );
    false
}

fn read_some(r: &OwnedHandle) -> String {
    let mut buf = [0u8; 256];
    let n = read(r, &mut buf).unwrap();
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

// ---------------------------------------------------------------- identity

/// Go's Toolhelp walk (what Getppid does): this process is listed, with the parent
/// Getppid reports, and the walk ends with ERROR_NO_MORE_FILES.
#[test]
fn toolhelp_snapshot_lists_this_process() {
    let snap = create_toolhelp32_snapshot(TH32CS_SNAPPROCESS, 0).unwrap();
    let mut e = ProcessEntry32::default();
    process32_first(&snap, &mut e).unwrap();
    let mut parent = None;
    let mut seen = 0;
    loop {
        seen += 1;
        if e.process_id == std::process::id() {
            parent = Some(e.parent_process_id);
        }
        match process32_next(&snap, &mut e) {
            Ok(()) => {}
            Err(err) => {
                assert_eq!(err, Errno::ERROR_NO_MORE_FILES);
                break;
            }
        }
    }
    assert!(seen > 1, "{seen} processes");
    assert_eq!(parent.map(i64::from), Some(getppid()));
}

#[test]
fn identity_calls_answer_as_go() {
    assert_eq!(getpid(), i64::from(std::process::id()));
    assert_eq!((getuid(), geteuid(), getgid(), getegid()), (-1, -1, -1, -1));
    assert_eq!(getgroups(), Err(Errno::EWINDOWS));
    assert_eq!(setuid(0), Err(Errno::EWINDOWS));
    assert_eq!(setgid(0), Err(Errno::EWINDOWS));
    assert_eq!(setgroups(&[0]), Err(Errno::EWINDOWS));
    assert_eq!(getpagesize(), 4096);
    let v = get_version().unwrap();
    assert!((v & 0xff) >= 5, "major version of {v:#x}");
    assert_eq!(exec("x.exe", &["x"], &[]), Err(Errno::EWINDOWS));
    let me = get_process_entry(std::process::id()).unwrap();
    assert_eq!(i64::from(me.process_id), getpid());
    assert!(
        me.exe_file_name().to_ascii_lowercase().ends_with(".exe"),
        "{me:?}"
    );
    assert!(
        processes()
            .unwrap()
            .iter()
            .any(|p| p.process_id == std::process::id())
    );
    assert_eq!(
        get_process_entry(u32::MAX - 2).err(),
        Some(Errno::ERROR_NO_MORE_FILES)
    );
    let ppid = getppid();
    assert_eq!(ppid, i64::from(me.parent_process_id));
    if ppid == 0 {
        // Only under Wine, and only 0: on Windows the test always has a parent.
        assert!(common::skip_on_wine(
            "Getppid",
            "a process started from the Linux side has parent pid 0",
        ));
    } else {
        assert!(ppid > 0);
    }
    // Go's TestGetStartupInfo: it succeeds (cb is the struct size).
    // sizeof(STARTUPINFOW): 104 on 64-bit Windows, 68 on 32-bit.
    assert_eq!(
        get_startup_info().cb,
        if cfg!(target_pointer_width = "64") {
            104
        } else {
            68
        }
    );
    // Our own command line reads back as std reads it.
    let ours = command_line_to_argv(&get_command_line());
    assert_eq!(ours, std::env::args().collect::<Vec<_>>());
    let shell: Vec<String> = command_line_to_argv_w(get_command_line_os())
        .unwrap()
        .into_iter()
        .map(|a| a.into_string().unwrap())
        .collect();
    assert_eq!(shell, ours);
    drop(FORK_LOCK.write().unwrap());
    assert_eq!(set_nonblock(get_current_process(), true), Ok(()));
}

// ---------------------------------------------------------------- StartProcess

#[test]
fn start_process_with_dir_env_std_handles_args_and_exit_code() {
    let dir = common::TempDir::new("proc-start");
    let tricky = [
        "a b",
        r#"say "hi""#,
        r"C:\Program Files\",
        r"trail\\",
        r#"\"#,
        "",
        "tab\there",
        r#"x\"y"#,
        "Игорь é",
    ];
    let (in_r, mut in_w) = std::io::pipe().unwrap();
    let (out_r, out_w) = std::io::pipe().unwrap();
    let (err_r, err_w) = std::io::pipe().unwrap();
    let env = child_env(
        "report",
        &["FOO=bar", "lower=case", &format!("{EXIT_ENV}=3")],
    );
    let attr = ProcAttr {
        dir: Some(dir.path().as_os_str().to_owned()),
        env: env.clone(),
        files: vec![
            Some(in_r.as_handle()),
            Some(out_w.as_handle()),
            Some(err_w.as_handle()),
        ],
        ..ProcAttr::default()
    };
    // The program path is absolute, so Dir only sets the working directory.
    let child = common::start_child(|| Child::start(exe(), &child_argv(&tricky), &attr)).unwrap();
    drop(attr);
    drop((in_r, out_w, err_w));
    let out = drain(out_r);
    let err = drain(err_r);
    in_w.write_all(b"input line\n").unwrap();
    drop(in_w);
    let (status, usage) = child.wait_with_rusage().unwrap();
    let (out, err) = (out.join().unwrap(), err.join().unwrap());
    assert_eq!(
        status,
        WaitStatus { exit_code: 3 },
        "stdout: {out}\nstderr: {err}"
    );
    assert_eq!(status.exit_status(), 3);
    let r = report(&out);
    assert_eq!(one(&r, "pid"), child.pid().to_string());
    // The child's parent is this process (Wine too: the parent is a Wine process).
    assert_eq!(one(&r, "ppid"), getpid().to_string());
    // The working directory is `dir` (Windows may change its case).
    assert_eq!(
        one(&r, "cwd").to_lowercase(),
        dbg(&dir.path().display().to_string()).to_lowercase()
    );
    // Exactly the environment given, nothing inherited.
    let mut got_env: Vec<String> = values(&r, "env");
    got_env.sort();
    let mut want: Vec<String> = env.iter().map(|e| dbg(&e.to_string_lossy())).collect();
    want.sort();
    let extra: Vec<&String> = got_env.iter().filter(|e| !want.contains(e)).collect();
    assert!(
        want.iter().all(|e| got_env.contains(e)),
        "given {want:?}, child saw {got_env:?}"
    );
    let wine_own = |e: &&String| e.starts_with("\"WINE") || e.starts_with("\"SystemDrive=");
    if !(extra.iter().all(wine_own)
        && !extra.is_empty()
        && common::skip_on_wine(
            "CreateProcessW",
            "Wine adds its own WINE* and SystemDrive variables to a child's environment",
        ))
    {
        assert!(
            extra.is_empty(),
            "inherited or invented variables: {extra:?}"
        );
    }
    // Every argument arrives unchanged, read by std's parser and by ours.
    let want_args: Vec<String> = tricky.iter().map(|a| dbg(a)).collect();
    assert_eq!(values(&r, "arg"), want_args);
    assert_eq!(values(&r, "cmdarg"), want_args);
    assert_eq!(one(&r, "stdin"), dbg("input line\n"));
    assert_eq!(err, "child stderr");
    let flags: u32 = one(&r, "si_flags").parse().unwrap();
    assert_eq!(flags & STARTF_USESTDHANDLES, STARTF_USESTDHANDLES);
    assert_eq!(flags & STARTF_USESHOWWINDOW, 0);
    assert!(
        usage.exit_time.ticks() >= usage.creation_time.ticks() && usage.creation_time.ticks() > 0,
        "{usage:?}"
    );
    // Waiting again gives the same answer.
    assert_eq!(child.wait().unwrap(), status);
    assert_eq!(child.try_wait().unwrap(), Some(status));
}

#[test]
fn relative_program_is_found_in_dir_and_cmd_line_override_and_hidden_window() {
    let dir = common::TempDir::new("proc-rel");
    std::fs::copy(std::env::current_exe().unwrap(), dir.join("copy.exe")).unwrap();
    let (out_r, out_w) = std::io::pipe().unwrap();
    let attr = ProcAttr {
        dir: Some(dir.path().as_os_str().to_owned()),
        env: child_env("report", &[]),
        files: vec![None, Some(out_w.as_handle()), None],
        sys: SysProcAttr {
            cmd_line: r#"copy.exe --exact child_helper --nocapture -- "x y" a\\\"b"#.into(),
            hide_window: true,
            ..SysProcAttr::default()
        },
    };
    // argv is ignored when cmd_line is set.
    let child = common::start_child(|| Child::start("copy.exe", &["ignored"], &attr)).unwrap();
    drop(attr);
    drop(out_w);
    let out = drain(out_r);
    assert_eq!(child.wait().unwrap().exit_code, 0);
    let r = report(&out.join().unwrap());
    assert_eq!(values(&r, "arg"), [dbg("x y"), dbg(r#"a\"b"#)]);
    assert_eq!(values(&r, "cmdarg"), [dbg("x y"), dbg(r#"a\"b"#)]);
    let flags: u32 = one(&r, "si_flags").parse().unwrap();
    assert_eq!(flags & STARTF_USESHOWWINDOW, STARTF_USESHOWWINDOW);
    assert_eq!((STARTF_USESTDHANDLES, STARTF_USESHOWWINDOW), (0x100, 0x1));
    assert_eq!(one(&r, "si_show"), SW_HIDE.to_string());
    // A NULL stdin reads as empty.
    assert_eq!(one(&r, "stdin"), dbg(""));
}

#[test]
fn only_listed_handles_are_inherited() {
    let (listed_r, listed_w) = inheritable_pipe();
    let (unlisted_r, unlisted_w) = inheritable_pipe();
    let (in_r, mut in_w) = std::io::pipe().unwrap();
    let (out_r, out_w) = std::io::pipe().unwrap();
    let values_env = format!(
        "{HANDLES_ENV}={},{}",
        listed_w.as_raw_handle() as usize,
        unlisted_w.as_raw_handle() as usize
    );
    let attr = ProcAttr {
        env: child_env("report", &[&values_env]),
        files: vec![Some(in_r.as_handle()), Some(out_w.as_handle()), None],
        sys: SysProcAttr {
            additional_inherited_handles: vec![listed_w.as_handle()],
            ..SysProcAttr::default()
        },
        ..ProcAttr::default()
    };
    let child = common::start_child(|| Child::start(exe(), &child_argv(&[]), &attr)).unwrap();
    drop(attr);
    drop((in_r, out_w));
    let out = drain(out_r);
    // The listed handle works in the child: its message arrives.
    assert_eq!(
        read_some(&listed_r),
        format!("via {}\n", listed_w.as_raw_handle() as usize)
    );
    // While the child runs, nobody but us holds the unlisted write end.
    drop(unlisted_w);
    let leaked = pipe_has_writer(&unlisted_r);
    drop(listed_w);
    in_w.write_all(b"done").unwrap();
    drop(in_w);
    assert_eq!(child.wait().unwrap().exit_code, 0);
    let r = report(&out.join().unwrap());
    assert!(values(&r, "handle")[0].ends_with(":ok\""), "{r:?}");
    assert!(
        !leaked,
        "an inheritable handle outside the list reached the child"
    );

    // NoInheritHandles: not even the listed handle is inherited.
    let (listed_r, listed_w) = inheritable_pipe();
    let (in_r, mut in_w) = std::io::pipe().unwrap();
    let attr = ProcAttr {
        env: child_env("sleep", &[]),
        files: vec![Some(in_r.as_handle()), None, None],
        sys: SysProcAttr {
            additional_inherited_handles: vec![listed_w.as_handle()],
            no_inherit_handles: true,
            ..SysProcAttr::default()
        },
        ..ProcAttr::default()
    };
    let child = common::start_child(|| Child::start(exe(), &child_argv(&[]), &attr)).unwrap();
    drop(attr);
    drop((in_r, listed_w));
    let leaked = pipe_has_writer(&listed_r);
    let _ = in_w.write_all(b"x");
    drop(in_w);
    assert_eq!(child.wait().unwrap().exit_code, 0);
    assert!(!leaked, "NoInheritHandles: the listed handle was inherited");
}

#[test]
fn bad_input_gives_clear_errors() {
    let dir = common::TempDir::new("proc-bad");
    let files = || vec![None, None, None];
    let attr = ProcAttr {
        files: files(),
        ..ProcAttr::default()
    };
    let missing = dir.join("missing.exe");
    assert_eq!(
        start_process(&missing, &["missing"], &attr).err(),
        Some(Errno::ERROR_FILE_NOT_FOUND)
    );
    let in_dir = ProcAttr {
        dir: Some(dir.path().into()),
        files: files(),
        ..ProcAttr::default()
    };
    assert_eq!(
        start_process("missing.exe", &["missing"], &in_dir).err(),
        Some(Errno::ERROR_FILE_NOT_FOUND)
    );
    assert_eq!(
        start_process("", &["x"], &attr).err(),
        Some(Errno::EWINDOWS)
    );
    let two = ProcAttr {
        files: vec![None, None],
        ..ProcAttr::default()
    };
    assert_eq!(
        start_process(exe(), &["x"], &two).err(),
        Some(Errno::EINVAL)
    );
    let four = ProcAttr {
        files: vec![None; 4],
        ..ProcAttr::default()
    };
    assert_eq!(
        start_process(exe(), &["x"], &four).err(),
        Some(Errno::EWINDOWS)
    );
    // NUL anywhere: EINVAL before anything starts.
    assert_eq!(
        start_process(exe(), &["x", "a\0b"], &attr).err(),
        Some(Errno::EINVAL)
    );
    assert_eq!(
        start_process("a\0b.exe", &["x"], &attr).err(),
        Some(Errno::EINVAL)
    );
    let env = ProcAttr {
        env: vec!["A=\0".into()],
        files: files(),
        ..ProcAttr::default()
    };
    assert_eq!(
        start_process(exe(), &["x"], &env).err(),
        Some(Errno::EINVAL)
    );
    let d = ProcAttr {
        dir: Some("C:\\a\0b".into()),
        files: files(),
        ..ProcAttr::default()
    };
    assert_eq!(start_process(exe(), &["x"], &d).err(), Some(Errno::EINVAL));
    let c = ProcAttr {
        files: files(),
        sys: SysProcAttr {
            cmd_line: "x\0".into(),
            ..SysProcAttr::default()
        },
        ..ProcAttr::default()
    };
    assert_eq!(start_process(exe(), &["x"], &c).err(), Some(Errno::EINVAL));
    assert_eq!(command_line_to_argv_w("a\0b").err(), Some(Errno::EINVAL));
    assert_eq!(
        open_process(PROCESS_QUERY_INFORMATION, false, u32::MAX - 2).err(),
        Some(Errno::ERROR_INVALID_PARAMETER)
    );
}

/// Go's TestChangingProcessParent.
#[test]
fn changing_process_parent() {
    let (in_r, mut in_w) = std::io::pipe().unwrap();
    let attr = ProcAttr {
        env: child_env("sleep", &[]),
        files: vec![Some(in_r.as_handle()), None, None],
        ..ProcAttr::default()
    };
    let helper = common::start_child(|| Child::start(exe(), &child_argv(&[]), &attr)).unwrap();
    drop(attr);
    drop(in_r);
    let parent = open_process(
        PROCESS_CREATE_PROCESS | PROCESS_DUP_HANDLE | PROCESS_QUERY_INFORMATION,
        false,
        helper.pid(),
    )
    .unwrap();
    let (out_r, out_w) = std::io::pipe().unwrap();
    let attr = ProcAttr {
        env: child_env("report", &[]),
        files: vec![None, Some(out_w.as_handle()), None],
        sys: SysProcAttr {
            parent_process: Some(parent.as_handle()),
            ..SysProcAttr::default()
        },
        ..ProcAttr::default()
    };
    let started = common::start_child(|| Child::start(exe(), &child_argv(&[]), &attr));
    drop(attr);
    drop(out_w);
    let out = drain(out_r);
    let result = started.and_then(|c| c.wait().map(|s| (c.pid(), s)));
    let _ = in_w.write_all(b"x");
    drop(in_w);
    assert_eq!(helper.wait().unwrap().exit_code, 0);
    let out = out.join().unwrap();
    let (_, status) = result.unwrap();
    assert_eq!(status.exit_code, 0, "{out}");
    // Go's check: the child's Getppid is the helper, not this process.
    assert_eq!(one(&report(&out), "ppid"), helper.pid().to_string());
}

// ---------------------------------------------------------------- waiting and ending

fn sleeper(flags: u32) -> (Child, std::io::PipeWriter) {
    let (in_r, in_w) = std::io::pipe().unwrap();
    let attr = ProcAttr {
        env: child_env("sleep", &[]),
        files: vec![Some(in_r.as_handle()), None, None],
        sys: SysProcAttr {
            creation_flags: flags,
            ..SysProcAttr::default()
        },
        ..ProcAttr::default()
    };
    let c = common::start_child(|| Child::start(exe(), &child_argv(&[]), &attr)).unwrap();
    (c, in_w)
}

#[test]
fn wait_times_out_then_terminate_sets_exit_code() {
    let (child, stdin) = sleeper(0);
    assert_eq!(child.try_wait().unwrap(), None);
    assert_eq!(wait_for_single_object(&child, 0), Ok(WAIT_TIMEOUT));
    assert_eq!(get_exit_code_process(&child), Ok(STILL_ACTIVE));
    let running = child.rusage().unwrap();
    assert_eq!(running.exit_time.ticks(), 0);
    terminate_process(&child, 7).unwrap();
    assert_eq!(child.wait().unwrap(), WaitStatus { exit_code: 7 });
    // After exit the times are final: both routes read the same.
    assert_eq!(get_process_times(&child).unwrap(), child.rusage().unwrap());
    assert_eq!(wait_for_single_object(&child, INFINITE), Ok(WAIT_OBJECT_0));
    assert_eq!(get_exit_code_process(&child), Ok(7));
    assert!(child.rusage().unwrap().exit_time.ticks() > 0);
    drop(stdin);
    // The same process through its pid.
    let h = open_process(PROCESS_QUERY_INFORMATION | SYNCHRONIZE, false, child.pid());
    if let Ok(h) = h {
        assert_eq!(
            Child::from_parts(child.pid(), h).wait().unwrap().exit_code,
            7
        );
    }
}

#[test]
fn exit_process_ends_the_child_with_its_code() {
    let attr = ProcAttr {
        env: child_env("exit_process", &[&format!("{EXIT_ENV}=41")]),
        files: vec![None, None, None],
        ..ProcAttr::default()
    };
    let c = common::start_child(|| Child::start(exe(), &child_argv(&[]), &attr)).unwrap();
    assert_eq!(c.wait().unwrap(), WaitStatus { exit_code: 41 });
    // A code beyond i32 survives untouched, as Go's ExitStatus shows it.
    let attr = ProcAttr {
        env: child_env(
            "exit_process",
            &[&format!("{EXIT_ENV}={}", 0xC000_0005u32 as i32)],
        ),
        files: vec![None, None, None],
        ..ProcAttr::default()
    };
    let c = common::start_child(|| Child::start(exe(), &child_argv(&[]), &attr)).unwrap();
    let ws = c.wait().unwrap();
    assert_eq!(ws.exit_code, 0xC000_0005);
    assert_eq!(ws.exit_status(), 3221225477);
}

#[test]
fn ctrl_break_reaches_a_new_process_group() {
    let (child, stdin) = sleeper(CREATE_NEW_PROCESS_GROUP);
    let sent = child.ctrl_break();
    if sent == Err(Errno::ERROR_INVALID_ACCESS)
        && common::skip_on_wine(
            "GenerateConsoleCtrlEvent",
            "CTRL_BREAK_EVENT to a new process group fails with ERROR_INVALID_ACCESS (12)",
        )
    {
        child.terminate(1).unwrap();
        drop(stdin);
        return;
    }
    assert_eq!(sent, Ok(()));
    let status = child.wait_timeout(30_000).unwrap();
    if status.is_none() {
        child.terminate(1).unwrap();
    }
    assert_eq!(
        status.map(|s| s.exit_code),
        Some(0xC000_013A),
        "STATUS_CONTROL_C_EXIT"
    );
    drop(stdin);
}

// ---------------------------------------------------------------- handles and raw calls

#[test]
fn handle_calls() {
    use windows_sys::Win32::Foundation::GetHandleInformation;
    let flags = |h: &OwnedHandle| {
        let mut f = 0u32;
        // SAFETY: a valid handle; `f` is ours.
        let ok = unsafe { GetHandleInformation(h.as_raw_handle(), &mut f) };
        assert_ne!(ok, 0);
        f
    };
    let (r, _w) = inheritable_pipe();
    assert_eq!(flags(&r) & HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
    close_on_exec(&r);
    assert_eq!(flags(&r) & HANDLE_FLAG_INHERIT, 0);
    set_handle_information(&r, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT).unwrap();
    assert_eq!(flags(&r) & HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
    let d = duplicate_handle(&r, 0, false, DUPLICATE_SAME_ACCESS).unwrap();
    assert_ne!(d.as_raw_handle(), r.as_raw_handle());
    assert_eq!(flags(&d) & HANDLE_FLAG_INHERIT, 0);
    let d2 = duplicate_handle(&r, 0, true, DUPLICATE_SAME_ACCESS).unwrap();
    assert_eq!(flags(&d2) & HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
    assert_eq!(
        duplicate_handle(&r, 0, false, DUPLICATE_CLOSE_SOURCE).err(),
        Some(Errno::EINVAL)
    );
    // A pseudo-handle duplicates into a real one (Go's InvalidHandle caveat).
    let me = duplicate_handle(get_current_process(), 0, false, DUPLICATE_SAME_ACCESS).unwrap();
    assert_eq!(get_exit_code_process(&me), Ok(STILL_ACTIVE));
    assert!(get_process_times(&me).unwrap().creation_time.ticks() > 0);
}

#[test]
fn create_process_raw_wrapper_with_attribute_list() {
    let (out_r, out_w) = inheritable_pipe();
    let mut list = ProcThreadAttributeList::new(1).unwrap();
    list.set_handle_list(&[out_w.as_handle()]).unwrap();
    let env = create_env_block(&child_env("report", &[&format!("{EXIT_ENV}=5")])).unwrap();
    let si = StartupInfo {
        flags: STARTF_USESTDHANDLES,
        std_output: out_w.as_raw_handle() as usize,
        ..StartupInfo::default()
    };
    let cmd = make_cmd_line(&child_argv(&["raw"]));
    let pi: ProcessInformation = common::start_child(|| {
        create_process(
            Some(exe().as_os_str()),
            Some(cmd.as_ref()),
            None,
            None,
            true,
            0,
            Some(&env),
            None,
            &si,
            Some(&list),
        )
    })
    .unwrap();
    drop(list);
    drop(out_w);
    let child = Child::from_parts(pi.process_id, pi.process);
    let mut out = String::new();
    // SAFETY: we own the read end; File takes it over.
    let mut f = unsafe {
        std::fs::File::from_raw_handle(std::os::windows::io::IntoRawHandle::into_raw_handle(out_r))
    };
    f.read_to_string(&mut out).unwrap();
    assert_eq!(child.wait().unwrap().exit_code, 5);
    assert_eq!(values(&report(&out), "arg"), [dbg("raw")]);
    assert_eq!(
        wait_for_single_object(&pi.thread, INFINITE),
        Ok(WAIT_OBJECT_0)
    );
}

// ---------------------------------------------------------------- command lines

#[test]
fn portable_parser_matches_shell32() {
    let fixed = [
        "p",
        "   ",
        r#""a b"c d"#,
        r#""C:\dir\"x"#,
        r#""unterminated"#,
        r#"a"b c"#,
        r#"p a\\\"b "c\\" d\"#,
        r#"p "" """#,
        r#"p "a""b c""#,
        r#"p a"b"" c d"#,
        r#"p """" x"#,
        r#"p """""" x"#,
        "p a\tb  \t c ",
        "p Игорь \"é ü\"",
    ];
    for cmd in fixed {
        let shell: Vec<String> = command_line_to_argv_w(cmd)
            .unwrap()
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect();
        assert_eq!(command_line_to_argv(cmd), shell, "{cmd:?}");
    }
    // Pseudo-random command lines from the characters that matter.
    let alphabet = ['a', '\\', '"', ' ', '\t', 'é'];
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for _ in 0..2000 {
        let mut cmd = String::from("p");
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut s = seed;
        for _ in 0..(s % 12) {
            s /= 7;
            cmd.push(alphabet[(s % alphabet.len() as u64) as usize]);
        }
        let shell: Vec<String> = command_line_to_argv_w(&cmd)
            .unwrap()
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect();
        assert_eq!(command_line_to_argv(&cmd), shell, "{cmd:?}");
    }
    // An empty command line: shell32 answers this program's path.
    let empty = command_line_to_argv_w("").unwrap();
    assert_eq!(empty.len(), 1);
    assert!(!empty[0].is_empty());
}
