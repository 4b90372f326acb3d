//! Running child commands: streamed output, optional time limit, and the
//! per-stage bookkeeping that `cargo xtask test` prints.

use std::io::Write;
use std::process::{Command, ExitStatus};
use std::thread;
use std::time::{Duration, Instant};

/// How a command is printed: program and arguments, space separated.
pub fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        s.push(' ');
        s.push_str(&arg.to_string_lossy());
    }
    s
}

/// Prints a line on stdout and flushes it, so it lands before a child's output.
pub fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// Runs `cmd` with inherited stdio, so its output streams as it is produced.
///
/// With `limit`, the child is killed when the limit passes; `on_timeout` then
/// runs (it kills whatever the child left behind, e.g. Wine processes) and the
/// result is an error saying so.
pub fn run(
    cmd: &mut Command,
    limit: Option<Duration>,
    on_timeout: &dyn Fn(),
) -> Result<ExitStatus, String> {
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start `{}`: {e}", describe(cmd)))?;
    let Some(limit) = limit else {
        return child.wait().map_err(|e| e.to_string());
    };
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return Ok(status);
        }
        if start.elapsed() >= limit {
            let _ = child.kill();
            let _ = child.wait();
            on_timeout();
            return Err(format!("timed out after {} s", limit.as_secs()));
        }
        thread::sleep(Duration::from_millis(200));
    }
}

/// Runs `cmd` and reports success; failures are printed with the command.
pub fn run_ok(cmd: &mut Command, limit: Option<Duration>, on_timeout: &dyn Fn()) -> bool {
    match run(cmd, limit, on_timeout) {
        Ok(status) if status.success() => true,
        Ok(status) => {
            say(&format!("xtask: `{}` failed ({status})", describe(cmd)));
            false
        }
        Err(e) => {
            say(&format!("xtask: `{}`: {e}", describe(cmd)));
            false
        }
    }
}

/// Runs `cmd` quietly and returns its stdout when it exits 0.
pub fn capture(cmd: &mut Command) -> Option<String> {
    let out = cmd.stdin(std::process::Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Whether `name` is an executable file somewhere on PATH.
pub fn on_path(name: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|dir| {
        std::fs::metadata(dir.join(name))
            .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
            .unwrap_or(false)
    })
}

/// The result of one stage of `cargo xtask test`.
pub struct StageResult {
    /// Display name, e.g. `clippy (windows)`.
    pub name: &'static str,
    /// `None` on success, otherwise why it failed.
    pub failure: Option<String>,
    /// Wall time the stage took.
    pub elapsed: Duration,
}

impl StageResult {
    /// The one-line summary: `[ok] fmt (2s)` or `[FAIL] clippy (windows) (40s): exit status: 101`.
    pub fn line(&self) -> String {
        let secs = self.elapsed.as_secs();
        match &self.failure {
            None => format!("[ok] {} ({secs}s)", self.name),
            Some(why) => format!("[FAIL] {} ({secs}s): {why}", self.name),
        }
    }
}

/// Formats a duration as `1m23s` / `12s`.
pub fn human(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}
