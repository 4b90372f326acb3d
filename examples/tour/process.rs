//! Tour: who we are, command lines, and a child process started with Go's
//! StartProcess rules: its output read back through a pipe and its exit status.

use crate::{section, step};
use std::io::Read;
use std::os::windows::io::AsHandle;
use winsyscall::*;

pub fn run() {
    section("Process identity");
    step("syscall.Getpid", "getpid()", getpid());
    step(
        "syscall.Getppid",
        "getppid()",
        format!(
            "{} (Toolhelp snapshot; 0 under Wine when started from Linux)",
            getppid()
        ),
    );
    step("syscall.Getuid", "getuid()", getuid());
    step(
        "syscall.Getgroups",
        "getgroups()",
        format!("{:?}", getgroups()),
    );
    step("syscall.Getpagesize", "getpagesize()", getpagesize());
    let v = get_version();
    step(
        "syscall.GetVersion",
        "get_version()",
        format!(
            "{:?}",
            v.map(|v| format!("{}.{} build {}", v & 0xff, (v >> 8) & 0xff, v >> 16))
        ),
    );

    section("Command lines");
    let args = ["prog", "a b", r#"say "hi""#, r"C:\Program Files\", ""];
    let line = make_cmd_line(&args);
    step(
        "syscall.EscapeArg",
        r#"escape_arg(r"C:\Program Files\")"#,
        escape_arg(r"C:\Program Files\"),
    );
    step("makeCmdLine", "make_cmd_line(&args)", &line);
    step(
        "syscall.CommandLineToArgv",
        "command_line_to_argv(&line)",
        format!("{:?}", command_line_to_argv(&line)),
    );
    step(
        "syscall.CommandLineToArgv",
        "command_line_to_argv_w(&line) (shell32)",
        format!("{:?}", command_line_to_argv_w(line.as_str())),
    );

    section("A child process (StartProcess)");
    let root = std::env::var_os("SystemRoot").unwrap_or_else(|| "C:\\windows".into());
    let cmd = std::path::Path::new(&root).join("System32").join("cmd.exe");
    let Ok((out_r, out_w)) = std::io::pipe() else {
        return;
    };
    let mut sys_root = std::ffi::OsString::from("SystemRoot=");
    sys_root.push(&root);
    let attr = ProcAttr {
        dir: Some(std::env::temp_dir().into_os_string()),
        env: vec![sys_root, "GREETING=hello from the child".into()],
        files: vec![None, Some(out_w.as_handle()), Some(out_w.as_handle())],
        sys: SysProcAttr {
            cmd_line: "cmd /c echo %GREETING% in %CD%& exit 3".into(),
            ..SysProcAttr::default()
        },
    };
    let child = Child::start(&cmd, &["cmd"], &attr);
    step(
        "syscall.StartProcess",
        "Child::start(cmd.exe, .., &ProcAttr{dir, env, files, sys: cmd_line})",
        format!("{:?}", child.as_ref().map(|c| c.pid())),
    );
    drop(attr);
    drop(out_w);
    let Ok(child) = child else { return };
    let mut out = String::new();
    let mut r = out_r;
    let _ = r.read_to_string(&mut out);
    step(
        "(child stdout through a pipe)",
        "read_to_string(&mut pipe)",
        format!("{:?}", out.trim_end()),
    );
    let waited = child.wait_with_rusage();
    step(
        "WaitStatus.ExitStatus, Rusage",
        "child.wait_with_rusage()",
        format!(
            "{:?}",
            waited.map(|(w, u)| (w.exit_status(), u.user_duration() + u.kernel_duration()))
        ),
    );
    let missing = start_process(
        std::env::temp_dir().join("no-such-program.exe"),
        &["x"],
        &ProcAttr::new(),
    );
    step(
        "syscall.StartProcess",
        "start_process(missing, ..)",
        format!("{:?}", missing.map(|(pid, _)| pid)),
    );
    let nul = start_process(&cmd, &["cmd", "a\0b"], &ProcAttr::new());
    step(
        "syscall.StartProcess",
        "start_process(cmd, [\"a\\0b\"], ..)",
        format!("{:?}", nul.map(|(pid, _)| pid)),
    );
}
