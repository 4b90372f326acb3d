//! Running child commands: streamed output, optional time limit, and the
//! per-stage bookkeeping that `cargo xtask test` prints.

use std::io::Write;
use std::process::{Child, Command, ExitStatus};
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
    wait_limited(&mut child, limit, on_timeout)
}

/// Waits for `child`; with `limit`, kills it when the limit passes, runs
/// `on_timeout` and answers an error saying so.
fn wait_limited(
    child: &mut Child,
    limit: Option<Duration>,
    on_timeout: &dyn Fn(),
) -> Result<ExitStatus, String> {
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

/// Like [`run`], but the child's stdout passes through this process line by
/// line, and the lines that say why a test failed are kept: `test … FAILED`,
/// each `panicked at` line with the message lines after it, and `cargo fmt
/// --check`'s `Diff in` lines. The summary
/// repeats them, so the last lines of a long log name the failing test.
pub fn run_keeping_failures(
    cmd: &mut Command,
    limit: Option<Duration>,
    on_timeout: &dyn Fn(),
) -> (Result<ExitStatus, String>, Vec<String>) {
    use std::io::BufRead;
    use std::sync::{Arc, Mutex};

    let kept = Arc::new(Mutex::new(Vec::new()));
    cmd.stdout(std::process::Stdio::piped());
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            return (
                Err(format!("cannot start `{}`: {e}", describe(cmd))),
                Vec::new(),
            );
        }
    };
    let out = child.stdout.take().expect("stdout is piped");
    let sink = Arc::clone(&kept);
    let reader = thread::spawn(move || {
        let mut tail = FailureFilter::default();
        for line in std::io::BufReader::new(out).split(b'\n') {
            let Ok(bytes) = line else { break };
            let line = String::from_utf8_lossy(&bytes).into_owned();
            say(line.trim_end_matches('\r'));
            if let Some(l) = tail.keep(&line) {
                sink.lock().expect("no panics hold it").push(l);
            }
        }
    });
    let result = wait_limited(&mut child, limit, on_timeout);
    // The rest of the output, but not for ever: a process the child left
    // behind (a Wine service) may hold the pipe open.
    let start = Instant::now();
    while !reader.is_finished() && start.elapsed() < Duration::from_secs(10) {
        thread::sleep(Duration::from_millis(20));
    }
    let lines = std::mem::take(&mut *kept.lock().expect("no panics hold it"));
    (result, lines)
}

/// Picks, from libtest's output, the lines that say which test failed and why.
#[derive(Default)]
struct FailureFilter {
    /// Message lines still to keep after a `panicked at` line.
    after_panic: usize,
}

impl FailureFilter {
    /// The line to keep, if this one is part of a failure report.
    fn keep(&mut self, line: &str) -> Option<String> {
        let line = line.trim_end();
        if line.contains("panicked at") {
            self.after_panic = 6;
            return Some(line.to_owned());
        }
        if self.after_panic > 0 {
            if line.is_empty() || line.starts_with("note:") || line.starts_with("----") {
                self.after_panic = 0;
                return None;
            }
            self.after_panic -= 1;
            return Some(format!("    {line}"));
        }
        // libtest's verdict on a test, or where `cargo fmt --check` found a
        // difference.
        ((line.starts_with("test ") && line.ends_with("FAILED")) || line.starts_with("Diff in "))
            .then(|| line.to_owned())
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
    /// What the failing tests printed (see [`run_keeping_failures`]).
    pub details: Vec<String>,
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

    /// The failure lines to print under the summary line (at most 40).
    pub fn detail_lines(&self) -> impl Iterator<Item = &str> {
        let shown = if self.failure.is_some() { 40 } else { 0 };
        self.details.iter().map(String::as_str).take(shown)
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

#[cfg(test)]
mod tests {
    use super::FailureFilter;

    #[test]
    fn keeps_where_fmt_found_a_difference() {
        let mut f = FailureFilter::default();
        let log = "Diff in /r/xtask/src/main.rs:661:\n     let x = 1;\n-    a\n+    b";
        let kept: Vec<String> = log.lines().filter_map(|l| f.keep(l)).collect();
        assert_eq!(kept, ["Diff in /r/xtask/src/main.rs:661:"]);
    }

    #[test]
    fn keeps_the_failing_test_and_its_panic_message() {
        let log = "running 2 tests\n\
            test a ... ok\n\
            test b ... FAILED\n\
            \n\
            failures:\n\
            \n\
            ---- b stdout ----\n\
            \n\
            thread 'b' panicked at tests/b.rs:3:5:\n\
            assertion `left == right` failed\n  left: 1\n right: 2\n\
            note: run with `RUST_BACKTRACE=1`\n\
            \n\
            test result: FAILED. 1 passed; 1 failed";
        let mut f = FailureFilter::default();
        let kept: Vec<String> = log.lines().filter_map(|l| f.keep(l)).collect();
        assert_eq!(
            kept,
            [
                "test b ... FAILED",
                "thread 'b' panicked at tests/b.rs:3:5:",
                "    assertion `left == right` failed",
                "      left: 1",
                "     right: 2",
            ]
        );
    }
}
