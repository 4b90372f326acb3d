//! `cargo xtask miri`: the portable core's unit tests under Miri.
//!
//! The portable modules (strings and their SIMD kernels, environment blocks,
//! command lines, socket addresses, reparse buffers, time, errors, wait
//! status) compile on every OS, so Miri runs their unit tests natively on the
//! host. Two passes:
//!
//! 1. every portable module, on the host's baseline target (x86_64: the
//!    scalar and SSE2 kernels);
//! 2. on x86_64 only, `wstr`'s kernel tests again, built with `+avx2,+popcnt`, so that
//!    `Kernel::all()` includes the AVX2 kernels (Miri reports a CPU feature
//!    only when it was enabled at compile time). Its own target directory
//!    keeps the two builds from invalidating each other.
//!
//! Property tests run `PROPTEST_CASES` cases (2 unless set: Miri runs each
//! case thousands of times slower than native code) and the exhaustive
//! sweeps in `wstr` visit fewer lengths and positions under `cfg(miri)`.
//! Nightly Rust with the `miri` and `rust-src` components is installed
//! through rustup when missing.

use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use crate::run::{capture, describe, human, on_path, run_ok, say};

/// The portable modules whose unit tests run under Miri (test-name filters).
pub const MODULES: &[&str] = &[
    "cmdline::",
    "envblock::",
    "errno::",
    "reparse::",
    "sockaddr::",
    "time::",
    "wait::",
    "wstr::",
];

/// Property-test cases per test when `PROPTEST_CASES` is not set.
const DEFAULT_CASES: &str = "2";

/// Default time limit of each pass, in seconds (`WINSYSCALL_MIRI_TIMEOUT`).
const DEFAULT_LIMIT_SECS: u64 = 3600;

/// Installs nightly Rust with the `miri` and `rust-src` components through
/// rustup when missing (non-interactively), then builds Miri's sysroot.
pub fn ensure_miri() -> Result<(), String> {
    if !on_path("rustup") {
        return Err(
            "rustup not found: install nightly Rust with the miri and rust-src \
                    components by hand"
                .into(),
        );
    }
    let toolchains = capture(Command::new("rustup").args(["toolchain", "list"]))
        .ok_or("`rustup toolchain list` failed")?;
    if !toolchains.lines().any(|l| l.starts_with("nightly")) {
        say("xtask miri: installing the nightly toolchain (with miri and rust-src)");
        let mut add = Command::new("rustup");
        add.args([
            "toolchain",
            "install",
            "nightly",
            "--profile",
            "minimal",
            "--component",
            "miri,rust-src",
            "--no-self-update",
        ])
        .stdin(Stdio::null());
        if !run_ok(&mut add, None, &|| {}) {
            return Err("could not install the nightly toolchain".into());
        }
    }
    crate::prereq::ensure_components(Some("nightly"), &["miri", "rust-src"]).map_err(|e| {
        format!(
            "{e} (this nightly may lack Miri: try \
             `rustup toolchain install nightly --component miri`)"
        )
    })?;
    let mut setup = Command::new("cargo");
    setup
        .args(["+nightly", "miri", "setup"])
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    if !run_ok(&mut setup, None, &|| {}) {
        return Err("`cargo +nightly miri setup` failed".into());
    }
    Ok(())
}

/// One `cargo miri test` run.
struct Pass {
    name: &'static str,
    filters: Vec<String>,
    rustflags: Option<&'static str>,
    target_dir: Option<&'static str>,
}

/// `cargo xtask miri [FILTER...]`: both passes (with FILTERs, the first pass
/// runs only those tests and the AVX2 pass only the `wstr` ones among them).
pub fn miri(root: &Path, args: &[String]) -> ExitCode {
    if args.iter().any(|a| a.starts_with('-')) {
        eprintln!("usage: cargo xtask miri [TEST-FILTER...]");
        return ExitCode::from(2);
    }
    let start = Instant::now();
    if let Err(e) = ensure_miri() {
        say(&format!("xtask miri: {e}"));
        return ExitCode::from(2);
    }
    let filters: Vec<String> = if args.is_empty() {
        MODULES.iter().map(|m| (*m).to_owned()).collect()
    } else {
        args.to_vec()
    };
    let mut passes = vec![Pass {
        name: "portable core",
        filters: filters.clone(),
        rustflags: None,
        target_dir: None,
    }];
    // The AVX2 pass needs only the kernel tests (every kernel against the
    // reference, public routes included); the rest of `wstr` ran above.
    let wstr: Vec<String> = filters
        .iter()
        .filter(|f| f.starts_with("wstr"))
        .map(|f| {
            if f == "wstr::" {
                "wstr::kernel_tests::".to_owned()
            } else {
                f.clone()
            }
        })
        .collect();
    if cfg!(target_arch = "x86_64") && !wstr.is_empty() {
        passes.push(Pass {
            name: "wstr with the AVX2 kernels",
            filters: wstr,
            rustflags: Some("-C target-feature=+avx2,+popcnt"),
            target_dir: Some("target/miri-avx2"),
        });
    }
    let limit = Duration::from_secs(
        std::env::var("WINSYSCALL_MIRI_TIMEOUT")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_LIMIT_SECS),
    );
    let mut failed = 0;
    for p in &passes {
        let t = Instant::now();
        let mut cmd = Command::new("cargo");
        cmd.args(["+nightly", "miri", "test", "-p", "winsyscall", "--lib"]);
        if let Some(dir) = p.target_dir {
            cmd.args(["--target-dir", dir]);
        }
        cmd.arg("--").args(&p.filters).current_dir(root);
        if std::env::var_os("PROPTEST_CASES").is_none() {
            cmd.env("PROPTEST_CASES", DEFAULT_CASES);
        }
        // The time tests read the real-time clock and proptest reads its
        // regression files: both need the host, which isolation forbids.
        let extra = std::env::var("MIRIFLAGS").unwrap_or_default();
        cmd.env("MIRIFLAGS", format!("-Zmiri-disable-isolation {extra}"));
        if let Some(flags) = p.rustflags {
            let extra = std::env::var("RUSTFLAGS").unwrap_or_default();
            cmd.env("RUSTFLAGS", format!("{flags} {extra}"));
        }
        say(&format!("\n==> miri: {}: {}", p.name, describe(&cmd)));
        let result = run_group(&mut cmd, limit);
        let line = match &result {
            Ok(()) => format!("[ok] miri: {} ({})", p.name, human(t.elapsed())),
            Err(e) => format!("[FAIL] miri: {} ({}): {e}", p.name, human(t.elapsed())),
        };
        failed += usize::from(result.is_err());
        say(&line);
    }
    say(&format!(
        "xtask miri: {} passed, {failed} failed ({})",
        passes.len() - failed,
        human(start.elapsed())
    ));
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Runs `cmd` in its own process group; past `limit` the whole group (cargo,
/// and the Miri interpreter under it) is killed.
fn run_group(cmd: &mut Command, limit: Duration) -> Result<(), String> {
    use std::os::unix::process::CommandExt;
    cmd.process_group(0).stdin(Stdio::null());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start `{}`: {e}", describe(cmd)))?;
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return if status.success() {
                Ok(())
            } else {
                Err(status.to_string())
            };
        }
        if start.elapsed() >= limit {
            // The group id is the child's pid (process_group(0)).
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.wait();
            return Err(format!(
                "timed out after {} s (WINSYSCALL_MIRI_TIMEOUT)",
                limit.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}
