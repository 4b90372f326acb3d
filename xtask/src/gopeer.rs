//! Go's own `syscall` package as a measured peer of the crate under Wine.
//!
//! `benches/go` is a small Go program that times, with Go's `syscall`
//! package, the rows of `benches/wine.rs` that Go can do, with the same
//! method (samples of 8 chunks, median chunk, median of the samples, ns per
//! operation). `cargo xtask bench` builds it for GOOS=windows GOARCH=amd64
//! into `target/gopeer/`, runs it under Wine right after the crate's Wine
//! bench, then runs a few shorter pairs back to back (alternating which goes
//! first), and prints one table: ours, the raw `windows-sys` twin, Go, and
//! Go/ours for the main pair and over all pairs. Without a Go toolchain (and
//! no way to install one) the Go column is skipped, not failed.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::run::{capture, describe, on_path, run_ok, say};

/// The Debian package with the Go toolchain.
const GO_PACKAGE: &str = "golang-go";

/// Shorter pairs (ours, Go) after the main one, unless
/// `WINSYSCALL_GO_PAIRS` says otherwise.
const EXTRA_PAIRS: usize = 6;

/// The sample scale of the shorter pairs (times `WINSYSCALL_BENCH_SCALE`).
const SHORT_SCALE: f64 = 0.2;

const FILE_LOOP: &str = "4 KiB seek(0)+write+seek(0)+read";

/// The Go program's rows, in its order, each with the `benches/wine.rs` row
/// it is compared with (the same name, but for the Go-only variant of the
/// file loop without Seek's `GetFileType`).
const ROWS: &[(&str, &str)] = &[
    ("getpid", "getpid"),
    (FILE_LOOP, FILE_LOOP),
    (
        "  same, Seek without its GetFileType (SetFilePointer)",
        FILE_LOOP,
    ),
    (
        "open+close (O_RDONLY, existing file)",
        "open+close (O_RDONLY, existing file)",
    ),
    (
        "completion post+take, one at a time",
        "completion post+take, one at a time",
    ),
    (
        "UDP 64 B wsa_sendto+wsa_recvfrom (loopback)",
        "UDP 64 B wsa_sendto+wsa_recvfrom (loopback)",
    ),
];

/// The built Go peer.
pub struct Peer {
    exe: PathBuf,
    /// `go version` of the toolchain that built it.
    toolchain: String,
}

fn is_root() -> bool {
    capture(Command::new("id").arg("-u")).is_some_and(|s| s.trim() == "0")
}

/// Makes `go` available: already on PATH, or installed with apt-get when
/// running as root (as `prereq` does for Wine).
fn ensure_go() -> Result<(), String> {
    if on_path("go") {
        return Ok(());
    }
    let by_hand =
        format!("apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y {GO_PACKAGE}");
    if !on_path("apt-get") {
        return Err(format!(
            "`go` is not on PATH and there is no apt-get here; install Go (Debian: {by_hand})"
        ));
    }
    if !is_root() {
        return Err(format!(
            "`go` is not on PATH and this is not root, so not installing it; run as root:\n    {by_hand}"
        ));
    }
    let apt = |args: &[&str]| {
        let mut cmd = Command::new("apt-get");
        cmd.args(["-q", "-o", "DPkg::Lock::Timeout=300"])
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdin(Stdio::null());
        say(&format!("xtask: {}", describe(&cmd)));
        run_ok(&mut cmd, None, &|| {})
    };
    if !apt(&["update"]) {
        return Err("apt-get update failed".into());
    }
    if !apt(&["install", "-y", "--no-install-recommends", GO_PACKAGE]) {
        return Err(format!("apt-get install {GO_PACKAGE} failed"));
    }
    if on_path("go") {
        Ok(())
    } else {
        Err(format!(
            "installed {GO_PACKAGE} but `go` is still not on PATH"
        ))
    }
}

/// Ensures Go and builds `benches/go` into `target/gopeer/gopeer.exe`.
/// `Ok(None)`: no Go toolchain (said why; the Go column is skipped).
/// `Err`: Go is there but the build failed.
pub fn prepare(root: &Path) -> Result<Option<Peer>, String> {
    if let Err(e) = ensure_go() {
        say(&format!("xtask bench: skipping Go's syscall peer: {e}"));
        return Ok(None);
    }
    let toolchain = capture(Command::new("go").arg("version"))
        .map_or_else(|| "go (version unknown)".into(), |s| s.trim().to_string());
    let out_dir = root.join("target").join("gopeer");
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let exe = out_dir.join("gopeer.exe");
    let mut cmd = Command::new("go");
    cmd.args(["build", "-trimpath", "-o"])
        .arg(&exe)
        .arg(".")
        .current_dir(root.join("benches").join("go"))
        .env("GOOS", "windows")
        .env("GOARCH", "amd64")
        .env("CGO_ENABLED", "0")
        // No dependencies: never reach for the network or another toolchain.
        .env("GOPROXY", "off")
        .env("GOTOOLCHAIN", "local")
        .stdin(Stdio::null());
    if std::env::var_os("GOCACHE").is_none() && std::env::var_os("HOME").is_none() {
        cmd.env("GOCACHE", out_dir.join("gocache"));
    }
    say(&format!("\n==> Go peer ({toolchain}): {}", describe(&cmd)));
    if run_ok(&mut cmd, Some(Duration::from_secs(600)), &|| {}) {
        Ok(Some(Peer { exe, toolchain }))
    } else {
        Err("building benches/go failed".into())
    }
}

/// Reads a pipe to its end, line by line (lossy UTF-8), echoing each line
/// on stdout when asked.
fn drain(pipe: impl Read, echo: bool) -> String {
    let mut r = BufReader::new(pipe);
    let (mut all, mut line) = (String::new(), Vec::new());
    loop {
        line.clear();
        match r.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {
                let text = String::from_utf8_lossy(&line);
                let text = text.trim_end_matches(['\r', '\n']);
                if echo {
                    say(text);
                }
                all.push_str(text);
                all.push('\n');
            }
        }
    }
    all
}

/// Runs `cmd` and returns its stdout. `echo`: stdout is also streamed and
/// stderr inherited (the progress lines show); otherwise both are kept
/// quiet and stderr's tail is shown only on failure. With `limit`, the child
/// is killed when it passes and `on_timeout` runs (it kills the Wine
/// processes, which closes the pipes).
pub fn run_capture(
    cmd: &mut Command,
    limit: Option<Duration>,
    on_timeout: &dyn Fn(),
    echo: bool,
) -> Result<String, String> {
    cmd.stdin(Stdio::null()).stdout(Stdio::piped());
    if !echo {
        cmd.stderr(Stdio::piped());
    }
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start `{}`: {e}", describe(cmd)))?;
    let out = child
        .stdout
        .take()
        .map(|p| thread::spawn(move || drain(p, echo)));
    let err = child
        .stderr
        .take()
        .map(|p| thread::spawn(move || drain(p, false)));
    let join = |h: Option<thread::JoinHandle<String>>| {
        h.map(|h| h.join().unwrap_or_default()).unwrap_or_default()
    };
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Ok(s),
            Ok(None) => {}
            Err(e) => break Err(e.to_string()),
        }
        if let Some(l) = limit.filter(|l| start.elapsed() >= *l) {
            let _ = child.kill();
            let _ = child.wait();
            on_timeout();
            break Err(format!("timed out after {} s", l.as_secs()));
        }
        thread::sleep(Duration::from_millis(100));
    };
    let (stdout, stderr) = (join(out), join(err));
    let why = match status {
        Ok(s) if s.success() => return Ok(stdout),
        Ok(s) => s.to_string(),
        Err(e) => e,
    };
    let tail: Vec<&str> = stderr.lines().rev().take(20).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    Err(format!(
        "`{}` failed ({why}){}",
        describe(cmd),
        if tail.is_empty() {
            String::new()
        } else {
            format!(":\n    {}", tail.join("\n    "))
        }
    ))
}

/// One run's medians by row name: `row<TAB>name<TAB>ns<TAB>…` lines, the
/// value in column `col` (1 = the first number).
fn medians(out: &str, col: usize) -> Vec<(String, f64)> {
    out.lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f.first() == Some(&"row") && f.len() > col + 1)
                .then(|| Some((f[1].to_string(), f[col + 1].parse().ok()?)))
                .flatten()
        })
        .collect()
}

fn lookup(rows: &[(String, f64)], name: &str) -> Option<f64> {
    rows.iter().find(|(n, _)| n == name).map(|&(_, v)| v)
}

/// The Go program's fields for a row: median, p25, p75, samples.
fn go_fields(out: &str, name: &str) -> Option<[f64; 4]> {
    out.lines().find_map(|l| {
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() != 6 || f[0] != "row" || f[1] != name {
            return None;
        }
        let n = |i: usize| f[i].parse::<f64>().ok();
        Some([n(2)?, n(3)?, n(4)?, n(5)?])
    })
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

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Runs the Go peer right after the crate's Wine bench (whose stdout is
/// `ours`), then the shorter pairs, and prints the table. `ours_cmd(scale)`
/// is the crate's Wine bench at a sample scale. False when a run failed.
pub fn compare(
    peer: &Peer,
    prefix: &Path,
    ours: &str,
    ours_cmd: &dyn Fn(f64) -> Command,
    limit: Duration,
) -> bool {
    let kill = || crate::wine::kill_server(prefix);
    let go_cmd = |scale: Option<f64>| {
        let mut cmd = crate::wine::wine_command();
        cmd.arg(&peer.exe);
        crate::wine::apply_env(&mut cmd, prefix);
        if let Some(s) = scale {
            cmd.env("WINSYSCALL_BENCH_SCALE", s.to_string());
        }
        cmd
    };
    let mut cmd = go_cmd(None);
    say(&format!(
        "\n==> Go's syscall package, same rows, same Wine: {}",
        describe(&cmd)
    ));
    let go = match run_capture(&mut cmd, Some(limit), &kill, false) {
        Ok(out) => out,
        Err(e) => {
            say(&format!("xtask bench: Go peer: {e}"));
            return false;
        }
    };
    let scale: f64 = std::env::var("WINSYSCALL_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let extra: usize = std::env::var("WINSYSCALL_GO_PAIRS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(EXTRA_PAIRS);
    // Per-pair Go/ours ratios by row; the main pair first.
    let mut pairs: Vec<Vec<Option<f64>>> = Vec::new();
    let ratios = |ours: &str, go: &str| -> Vec<Option<f64>> {
        let (o, g) = (medians(ours, 1), medians(go, 1));
        ROWS.iter()
            .map(|(gr, or)| Some(lookup(&g, gr)? / lookup(&o, or)?))
            .collect()
    };
    pairs.push(ratios(ours, &go));
    let short = scale * SHORT_SCALE;
    if extra > 0 {
        say(&format!(
            "xtask bench: {extra} shorter pairs (scale {short:.3}), ours and Go back to back, \
             alternating which runs first"
        ));
    }
    for i in 0..extra {
        let t = Instant::now();
        let run = |mut cmd: Command| run_capture(&mut cmd, Some(limit), &kill, false);
        let (o, g) = if i % 2 == 0 {
            let g = run(go_cmd(Some(short)));
            (run(ours_cmd(short)), g)
        } else {
            let o = run(ours_cmd(short));
            (o, run(go_cmd(Some(short))))
        };
        match (o, g) {
            (Ok(o), Ok(g)) => {
                pairs.push(ratios(&o, &g));
                say(&format!(
                    "  pair {} of {}: done ({} s)",
                    i + 2,
                    extra + 1,
                    t.elapsed().as_secs()
                ));
            }
            (Err(e), _) | (_, Err(e)) => {
                say(&format!("xtask bench: pair {}: {e}", i + 2));
                return false;
            }
        }
    }
    print_table(peer, ours, &go, &pairs);
    true
}

fn print_table(peer: &Peer, ours: &str, go: &str, pairs: &[Vec<Option<f64>>]) {
    let runtime = go
        .lines()
        .find_map(|l| l.strip_prefix("go\t"))
        .map_or_else(|| "?".into(), |v| v.replace('\t', " "));
    let o = medians(ours, 1);
    let raw = medians(ours, 2);
    say("");
    say(&format!(
        "## Go's syscall package vs ours, same Wine, back to back (Go {runtime}; built by {})",
        peer.toolchain
    ));
    say("");
    say(
        "| row | ours (median/op) | raw windows-sys twin | Go syscall (median/op) | Go p25–p75 | \
         Go/ours, this pair | Go/ours over all pairs: median (min–max) | pairs |",
    );
    say("|---|---|---|---|---|---|---|---|");
    for (i, &(row, ours_row)) in ROWS.iter().enumerate() {
        let cell = |v: Option<f64>| v.map_or_else(|| "-".to_string(), fmt_ns);
        let g = go_fields(go, row);
        let mut all: Vec<f64> = pairs.iter().filter_map(|p| p[i]).collect();
        let spread = if all.is_empty() {
            "-".to_string()
        } else {
            let (lo, hi) = (
                all.iter().copied().fold(f64::INFINITY, f64::min),
                all.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            );
            format!("{:.2}× ({lo:.2}–{hi:.2})", median(&mut all))
        };
        say(&format!(
            "| {row} | {} | {} | {} | {} | {} | {spread} | {} |",
            cell(lookup(&o, ours_row)),
            cell(lookup(&raw, ours_row)),
            cell(g.map(|g| g[0])),
            g.map_or_else(
                || "-".into(),
                |g| format!("{}–{}", fmt_ns(g[1]), fmt_ns(g[2]))
            ),
            pairs[0][i].map_or_else(|| "-".into(), |r| format!("{r:.2}×")),
            all.len(),
        ));
    }
    say("");
    say(
        "(Go/ours: Go's time per operation over ours, above 1 means ours is faster; \
         \"this pair\" is the full runs above, the other pairs are shorter runs back to back)",
    );
}
