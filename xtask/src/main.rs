//! `cargo xtask`: the project's test rig (see README.md).
//!
//! - `test [STAGE...]`: prerequisites, the private Wine prefix, then fmt,
//!   clippy (native and three Windows targets), the aarch64 Windows library
//!   build (which assembles its callback entry points), docs (native, x86_64
//!   and aarch64 Windows), tests (native, and under Wine for x86_64 and i686)
//!   and the tour (x86_64 and i686);
//!   one summary line per stage and a closing `xtask: N passed, N failed`.
//! - `demo`: prerequisites, the Wine prefix, then the tour under Wine.
//! - `bench`, `fuzz [--seconds N]`: benchmarks and fuzz targets, once they exist.
//! - `miri [FILTER...]`: the portable core's unit tests under Miri (`miri.rs`).

mod emulate;
mod gopeer;
mod miri;
mod prereq;
mod run;
mod wine;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use prereq::{AARCH64_TARGET, I686_TARGET, WIN_TARGET};
use run::{StageResult, describe, human, run, say};

const USAGE: &str = "\
usage: cargo xtask <command>

  test [STAGE...]     install what is missing, prepare the Wine prefix, then run the
                      stages (all by default): fmt clippy clippy-windows
                      clippy-aarch64 build-aarch64 emulate-aarch64 clippy-i686
                      features doc doc-windows doc-aarch64
                      test test-windows test-windows-i686 tour tour-i686
  demo                install what is missing, prepare the Wine prefix, run the tour
                      under Wine
  bench               release benchmarks: UTF-16 natively, the Windows wrappers against
                      raw windows-sys under Wine, and Go's syscall package (benches/go)
                      under the same Wine
  fuzz [TARGET...] [--seconds N]
                      run every cargo-fuzz target in fuzz/ (or the ones named) for
                      N seconds each (default 60); fails if any finds a crash
  miri [FILTER...]    the portable core's unit tests (wstr and its SIMD kernels, envblock,
                      cmdline, sockaddr, reparse, time, errno, wait) under Miri, natively;
                      installs nightly + miri through rustup when missing. Slow (about
                      30 minutes on a busy 2-core machine); PROPTEST_CASES (default 2) and
                      WINSYSCALL_MIRI_TIMEOUT (seconds per pass, default 3600) tune it

environment: WINSYSCALL_WINEPREFIX (prefix path, default target/wineprefix),
             WINSYSCALL_WINE_TIMEOUT (seconds per Wine stage, default 1200)";

/// The workspace root (the parent of this crate's directory).
fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    match args.first().map(String::as_str) {
        Some("test") => test(&root, &args[1..]),
        Some("demo") if args.len() == 1 => demo(&root),
        Some("bench") if args.len() == 1 => bench(&root),
        Some("fuzz") => fuzz(&root, &args[1..]),
        Some("miri") => miri::miri(&root, &args[1..]),
        Some("-h" | "--help" | "help") => {
            say(USAGE);
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// A `cargo` command in the workspace root with the Wine environment set.
fn cargo(root: &Path, prefix: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new("cargo");
    cmd.args(args).current_dir(root).stdin(Stdio::null());
    wine::apply_env(&mut cmd, prefix);
    cmd
}

/// Time limit for a stage that runs Windows binaries under Wine.
fn wine_limit() -> Duration {
    let secs = std::env::var("WINSYSCALL_WINE_TIMEOUT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1200);
    Duration::from_secs(secs)
}

/// Prerequisites shared by every command that runs Windows code.
fn prerequisites() -> Result<(), String> {
    let start = Instant::now();
    prereq::ensure_rust()?;
    prereq::ensure_packages()?;
    say(&format!(
        "xtask: prerequisites ok ({})",
        human(start.elapsed())
    ));
    Ok(())
}

/// Prerequisites plus a ready prefix; prints why and fails otherwise.
fn windows_ready(root: &Path, prefix: &Path) -> Result<(), ExitCode> {
    if let Err(e) = prerequisites() {
        say(&format!("xtask: prerequisites: {e}"));
        return Err(ExitCode::from(2));
    }
    if let Err(e) = wine::ensure(root, prefix) {
        say(&format!("xtask: Wine prefix {}: {e}", prefix.display()));
        return Err(ExitCode::from(2));
    }
    Ok(())
}

struct Stage {
    key: &'static str,
    name: &'static str,
    args: &'static [&'static str],
    /// Runs Windows binaries under Wine: needs the prefix, gets a time limit
    /// after which the prefix's wineserver is killed.
    wine: bool,
    /// Extra environment for the stage.
    env: &'static [(&'static str, &'static str)],
    /// When not empty, the stage runs `args` once per entry, each time
    /// followed by the entry's arguments, then `-- -D warnings`.
    each: &'static [&'static [&'static str]],
}

/// What the `features` stage lints with the default features off: the library
/// with no feature, with each area alone and with two common mixes, and every
/// target with no feature (the tests that need every area declare it and are
/// left out; the rest must build). The default, every area, is what the other
/// stages build.
const FEATURE_SETS: &[&[&str]] = &[
    &["--lib"],
    &["--lib", "--features", "fs"],
    &["--lib", "--features", "net"],
    &["--lib", "--features", "iocp"],
    &["--lib", "--features", "process"],
    &["--lib", "--features", "registry"],
    &["--lib", "--features", "security"],
    &["--lib", "--features", "crypto"],
    &["--lib", "--features", "dns"],
    &["--lib", "--features", "iphlp"],
    &["--lib", "--features", "dll"],
    &["--lib", "--features", "console"],
    &["--lib", "--features", "fs,net,iocp"],
    &["--lib", "--features", "process,security"],
    &["--all-targets"],
];

/// The i686 Wine stages' environment. Wine 8's 32-bit dbghelp crashes
/// (a page fault at address 0) reading the DWARF of the larger Rust test
/// binaries, which a panic's backtrace makes it do: a failing test would take
/// its whole binary down instead of being reported, so no backtraces. And
/// without a debugger (`winedbg.exe=d`) an unhandled exception ends the
/// process with a non-zero status; winedbg crashing on the same DWARF ends it
/// with status 0, which would pass a crashed test binary.
const I686_ENV: &[(&str, &str)] = &[
    ("RUST_BACKTRACE", "0"),
    ("WINEDLLOVERRIDES", "mscoree,mshtml=;winedbg.exe=d"),
];

const STAGES: &[Stage] = &[
    Stage {
        key: "fmt",
        name: "fmt",
        args: &["fmt", "--all", "--", "--check"],
        wine: false,
        env: &[],
        each: &[],
    },
    Stage {
        key: "clippy",
        name: "clippy (native)",
        args: &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        wine: false,
        env: &[],
        each: &[],
    },
    Stage {
        key: "clippy-windows",
        name: "clippy (windows)",
        args: &[
            "clippy",
            "-p",
            "winsyscall",
            "--all-targets",
            "--target",
            WIN_TARGET,
            "--",
            "-D",
            "warnings",
        ],
        wine: false,
        env: &[],
        each: &[],
    },
    Stage {
        key: "clippy-aarch64",
        name: "clippy (aarch64 windows, check only)",
        args: &[
            "clippy",
            "-p",
            "winsyscall",
            "--all-targets",
            "--target",
            AARCH64_TARGET,
            "--",
            "-D",
            "warnings",
        ],
        wine: false,
        env: &[],
        each: &[],
    },
    Stage {
        key: "build-aarch64",
        name: "build (aarch64 windows library, no linker)",
        args: &[
            "build",
            "-p",
            "winsyscall",
            "--lib",
            "--target",
            AARCH64_TARGET,
        ],
        wine: false,
        env: &[],
        each: &[],
    },
    Stage {
        key: "emulate-aarch64",
        name: "emulate (aarch64 callback entry points, in unicorn)",
        // Run by `emulate::aarch64_callbacks`, not as one cargo command.
        args: &[],
        wine: false,
        env: &[],
        each: &[],
    },
    Stage {
        key: "clippy-i686",
        name: "clippy (i686 windows, check only)",
        args: &[
            "clippy",
            "-p",
            "winsyscall",
            "--all-targets",
            "--target",
            I686_TARGET,
            "--",
            "-D",
            "warnings",
        ],
        wine: false,
        env: &[],
        each: &[],
    },
    Stage {
        key: "features",
        name: "clippy (windows, each Cargo feature set)",
        args: &[
            "clippy",
            "-p",
            "winsyscall",
            "--target",
            WIN_TARGET,
            "--no-default-features",
        ],
        wine: false,
        env: &[],
        each: FEATURE_SETS,
    },
    Stage {
        key: "doc",
        name: "doc (native, warnings denied)",
        args: &[
            "rustdoc",
            "-p",
            "winsyscall",
            "--lib",
            "--",
            "-D",
            "warnings",
        ],
        wine: false,
        env: &[],
        each: &[],
    },
    Stage {
        key: "doc-windows",
        name: "doc (windows, warnings denied)",
        args: &[
            "rustdoc",
            "-p",
            "winsyscall",
            "--lib",
            "--target",
            WIN_TARGET,
            "--",
            "-D",
            "warnings",
        ],
        wine: false,
        env: &[],
        each: &[],
    },
    Stage {
        key: "doc-aarch64",
        name: "doc (aarch64 windows, warnings denied)",
        args: &[
            "rustdoc",
            "-p",
            "winsyscall",
            "--lib",
            "--target",
            AARCH64_TARGET,
            "--",
            "-D",
            "warnings",
        ],
        wine: false,
        env: &[],
        each: &[],
    },
    Stage {
        key: "test",
        name: "test (native)",
        args: &["test", "--workspace", "--no-fail-fast"],
        wine: false,
        env: &[],
        each: &[],
    },
    Stage {
        key: "test-windows",
        name: "test (windows, under Wine)",
        args: &[
            "test",
            "-p",
            "winsyscall",
            "--no-fail-fast",
            "--target",
            WIN_TARGET,
        ],
        wine: true,
        env: &[],
        each: &[],
    },
    Stage {
        key: "test-windows-i686",
        name: "test (i686 windows, under 32-bit Wine)",
        args: &[
            "test",
            "-p",
            "winsyscall",
            "--no-fail-fast",
            "--target",
            I686_TARGET,
        ],
        wine: true,
        env: I686_ENV,
        each: &[],
    },
    Stage {
        key: "tour",
        name: "tour (windows, under Wine)",
        args: &[
            "run",
            "-p",
            "winsyscall",
            "--example",
            "tour",
            "--target",
            WIN_TARGET,
        ],
        wine: true,
        env: &[],
        each: &[],
    },
    Stage {
        key: "tour-i686",
        name: "tour (i686 windows, under 32-bit Wine)",
        args: &[
            "run",
            "-p",
            "winsyscall",
            "--example",
            "tour",
            "--target",
            I686_TARGET,
        ],
        wine: true,
        env: I686_ENV,
        each: &[],
    },
];

fn test(root: &Path, filters: &[String]) -> ExitCode {
    let start = Instant::now();
    let mut selected: Vec<&Stage> = Vec::new();
    for f in filters {
        match STAGES.iter().find(|s| s.key == f) {
            Some(s) => selected.push(s),
            None => {
                eprintln!("xtask: unknown stage `{f}`\n\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    if selected.is_empty() {
        selected = STAGES.iter().collect();
    }

    if let Err(e) = prerequisites() {
        say(&format!("xtask: prerequisites: {e}"));
        return ExitCode::from(2);
    }
    let prefix = wine::prefix_path(root);
    // A broken prefix fails the Wine stages only; the others still run.
    let prefix_state = if selected.iter().any(|s| s.wine) {
        let t = Instant::now();
        let r = wine::ensure(root, &prefix);
        say(&format!(
            "xtask: Wine prefix {}: {} ({})",
            prefix.display(),
            r.as_ref().err().map_or("ready", String::as_str),
            human(t.elapsed())
        ));
        r
    } else {
        Ok(())
    };

    let wine_stages = selected.iter().any(|s| s.wine) && prefix_state.is_ok();
    if wine_stages {
        wine::keep_server(&prefix);
    }
    let mut results = Vec::new();
    for stage in selected {
        let t = Instant::now();
        if stage.key == "emulate-aarch64" {
            say(&format!("\n==> {}", stage.name));
            let result = StageResult {
                name: stage.name,
                failure: emulate::aarch64_callbacks(root, &prefix).err(),
                elapsed: t.elapsed(),
                details: Vec::new(),
            };
            say(&result.line());
            results.push(result);
            continue;
        }
        if !stage.each.is_empty() {
            let result = run_each(root, &prefix, stage, t);
            say(&result.line());
            results.push(result);
            continue;
        }
        let mut cmd = cargo(root, &prefix, stage.args);
        cmd.envs(stage.env.iter().copied());
        let skip_log = root.join("target").join("wine-skips.log");
        if stage.wine {
            // Tests print `SKIP (Wine gap: …)` where Wine differs from Windows;
            // libtest hides the output of passing tests, so they also append it
            // here (a Windows path: Wine's Z: drive is the Unix root).
            let _ = std::fs::create_dir_all(root.join("target"));
            let _ = std::fs::write(&skip_log, "");
            let win_path = format!("Z:{}", skip_log.display()).replace('/', "\\");
            cmd.env("WINSYSCALL_SKIP_LOG", win_path);
        }
        say(&format!("\n==> {}: {}", stage.name, describe(&cmd)));
        let (failure, details) = match (&prefix_state, stage.wine) {
            (Err(e), true) => (
                Some(format!("not run: Wine prefix not ready: {e}")),
                Vec::new(),
            ),
            _ => {
                let limit = stage.wine.then(wine_limit);
                let (status, details) =
                    run::run_keeping_failures(&mut cmd, limit, &|| wine::kill_server(&prefix));
                let failure = match status {
                    Ok(s) if s.success() => None,
                    Ok(s) => Some(s.to_string()),
                    Err(e) => Some(e),
                };
                (failure, details)
            }
        };
        if stage.wine {
            print_wine_skips(&skip_log);
        }
        let result = StageResult {
            name: stage.name,
            failure,
            elapsed: t.elapsed(),
            details,
        };
        say(&result.line());
        results.push(result);
    }

    if wine_stages {
        wine::kill_server(&prefix);
    }
    let failed = results.iter().filter(|r| r.failure.is_some()).count();
    say("\nxtask summary:");
    for r in &results {
        say(&format!("  {}", r.line()));
        for l in r.detail_lines() {
            say(&format!("      {l}"));
        }
    }
    say(&format!("  total time {}", human(start.elapsed())));
    say(&format!(
        "xtask: {} passed, {failed} failed",
        results.len() - failed
    ));
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Runs a stage with `each` entries: one cargo command per entry, all run
/// even after a failure; the stage fails naming the entries that failed.
fn run_each(root: &Path, prefix: &Path, stage: &Stage, t: Instant) -> StageResult {
    let mut failed = Vec::new();
    for extra in stage.each {
        let mut args: Vec<&str> = stage.args.to_vec();
        args.extend_from_slice(extra);
        args.extend(["--", "-D", "warnings"]);
        let set = extra.join(" ");
        let mut cmd = cargo(root, prefix, &args);
        cmd.envs(stage.env.iter().copied());
        say(&format!("\n==> {} [{set}]: {}", stage.name, describe(&cmd)));
        match run(&mut cmd, None, &|| ()) {
            Ok(s) if s.success() => {}
            _ => failed.push(format!("[{set}]")),
        }
    }
    StageResult {
        name: stage.name,
        failure: (!failed.is_empty()).then(|| format!("failed for {}", failed.join(" "))),
        elapsed: t.elapsed(),
        details: Vec::new(),
    }
}

/// Prints each distinct Wine gap a Windows test skipped an assertion for, and
/// each child start the tests had to retry (a Wine start-up failure).
fn print_wine_skips(log: &Path) {
    let Ok(text) = std::fs::read_to_string(log) else {
        return;
    };
    let mut lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    lines.sort_unstable();
    lines.dedup();
    let (retries, skips): (Vec<&str>, Vec<&str>) =
        lines.into_iter().partition(|l| l.contains(" — RETRY "));
    if !skips.is_empty() {
        say(&format!(
            "xtask: {} assertion(s) skipped for a Wine gap (each kept for real Windows):",
            skips.len()
        ));
        for l in skips {
            say(&format!("  {l}"));
        }
    }
    if !retries.is_empty() {
        say(&format!(
            "xtask: {} start(s) retried after a Wine start-up failure:",
            retries.len()
        ));
        for l in retries {
            say(&format!("  {l}"));
        }
    }
}

fn demo(root: &Path) -> ExitCode {
    let prefix = wine::prefix_path(root);
    if let Err(code) = windows_ready(root, &prefix) {
        return code;
    }
    let tour = STAGES.iter().find(|s| s.key == "tour").expect("tour stage");
    let mut cmd = cargo(root, &prefix, tour.args);
    cmd.arg("--quiet");
    say(&format!("xtask: {}", describe(&cmd)));
    match run(&mut cmd, Some(wine_limit()), &|| wine::kill_server(&prefix)) {
        Ok(status) => {
            let code = status.code().unwrap_or(1);
            ExitCode::from(u8::try_from(code).unwrap_or(1))
        }
        Err(e) => {
            say(&format!("xtask: the tour: {e}"));
            ExitCode::FAILURE
        }
    }
}

/// Whether `cargo metadata` lists a target of `kind` in the workspace's packages.
fn has_target_kind(root: &Path, kind: &str) -> Result<bool, String> {
    let mut cmd = Command::new("cargo");
    cmd.args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(root);
    let json = run::capture(&mut cmd).ok_or("`cargo metadata` failed")?;
    Ok(json.contains(&format!("\"kind\":[\"{kind}\"]")))
}

fn bench(root: &Path) -> ExitCode {
    match has_target_kind(root, "bench") {
        Ok(true) => {}
        Ok(false) => {
            say("xtask bench: the workspace has no bench targets yet (benches/*.rs); nothing ran.");
            say(
                "xtask bench: once they exist this runs `cargo bench -p winsyscall` natively and \
                 `cargo bench -p winsyscall --target x86_64-pc-windows-gnu` under Wine.",
            );
            return ExitCode::FAILURE;
        }
        Err(e) => {
            say(&format!("xtask bench: {e}"));
            return ExitCode::FAILURE;
        }
    }
    let prefix = wine::prefix_path(root);
    if let Err(code) = windows_ready(root, &prefix) {
        return code;
    }
    let mut ok = true;
    // Go's syscall package as the peer (benches/go): built first, so that it
    // runs right after our Wine bench. No Go toolchain: its column is skipped.
    let go = gopeer::prepare(root).unwrap_or_else(|e| {
        say(&format!("xtask bench: Go peer: {e}"));
        ok = false;
        None
    });
    let mut native = cargo(root, &prefix, &["bench", "-p", "winsyscall"]);
    say(&format!("\n==> {}", describe(&native)));
    ok &= run::run_ok(&mut native, None, &|| {});
    // Under Wine only the Windows-call rows (benches/wine.rs); the UTF-16
    // benches are native. Its stdout is kept: its `row` lines give ours.
    const WINE_BENCH: &[&str] = &[
        "bench",
        "-p",
        "winsyscall",
        "--bench",
        "wine",
        "--target",
        WIN_TARGET,
    ];
    // Every loop aligned to 64 bytes, in a target directory of its own: a
    // tight loop's cost otherwise depends on where it lands in the binary
    // (the same instructions measured 14 % apart), which would show as a
    // difference between ours and the raw twin.
    let wine_bench = |root: &Path| {
        let mut c = cargo(root, &prefix, WINE_BENCH);
        c.env("RUSTFLAGS", "-C llvm-args=-align-loops=64").env(
            "CARGO_TARGET_DIR",
            root.join("target").join("bench-aligned"),
        );
        c
    };
    let mut cmd = wine_bench(root);
    say(&format!(
        "\n==> RUSTFLAGS=\"-C llvm-args=-align-loops=64\" {}",
        describe(&cmd)
    ));
    let kill = || wine::kill_server(&prefix);
    match gopeer::run_capture(&mut cmd, Some(wine_limit()), &kill, true) {
        Ok(ours) => {
            if let Some(peer) = &go {
                let ours_cmd = |scale: f64| {
                    let mut c = wine_bench(root);
                    c.arg("--quiet")
                        .env("WINSYSCALL_BENCH_SCALE", scale.to_string());
                    c
                };
                ok &= gopeer::compare(peer, &prefix, &ours, &ours_cmd, wine_limit());
            }
        }
        Err(e) => {
            say(&format!("xtask: {e}"));
            ok = false;
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn fuzz(root: &Path, args: &[String]) -> ExitCode {
    let mut seconds: u64 = 60;
    let mut wanted: Vec<&str> = Vec::new();
    let mut rest = args.iter();
    while let Some(a) = rest.next() {
        if a == "--seconds" {
            match rest.next().map(|n| n.parse()) {
                Some(Ok(n)) => seconds = n,
                _ => {
                    eprintln!("xtask fuzz: --seconds needs a number");
                    return ExitCode::from(2);
                }
            }
        } else if a.starts_with('-') {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        } else {
            wanted.push(a);
        }
    }
    let dir = root.join("fuzz");
    if !dir.join("Cargo.toml").is_file() {
        say(&format!(
            "xtask fuzz: there is no fuzz crate yet ({} is missing); nothing ran.",
            dir.join("Cargo.toml").display()
        ));
        say("xtask fuzz: once it exists this runs every `cargo fuzz list` target for --seconds N.");
        return ExitCode::FAILURE;
    }
    // cargo-fuzz passes -Z flags; RUSTC_BOOTSTRAP lets the stable toolchain take them.
    let fuzz_cmd = |extra: &[&str]| {
        let mut cmd = Command::new("cargo");
        cmd.arg("fuzz")
            .args(extra)
            .current_dir(root)
            .env("RUSTC_BOOTSTRAP", "1")
            .stdin(Stdio::null());
        cmd
    };
    if run::capture(&mut fuzz_cmd(&["--version"])).is_none() {
        let mut install = Command::new("cargo");
        install
            .args(["install", "cargo-fuzz", "--locked"])
            .stdin(Stdio::null());
        say(&format!("xtask fuzz: {}", describe(&install)));
        if !run::run_ok(&mut install, None, &|| {}) {
            return ExitCode::FAILURE;
        }
    }
    let Some(list) = run::capture(&mut fuzz_cmd(&["list"])) else {
        say("xtask fuzz: `cargo fuzz list` failed");
        return ExitCode::FAILURE;
    };
    let mut targets: Vec<&str> = list
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if targets.is_empty() {
        say("xtask fuzz: fuzz/ has no targets; nothing ran.");
        return ExitCode::FAILURE;
    }
    if let Some(bad) = wanted.iter().find(|w| !targets.contains(w)) {
        eprintln!(
            "xtask fuzz: no target `{bad}` (targets: {})",
            targets.join(" ")
        );
        return ExitCode::from(2);
    }
    if !wanted.is_empty() {
        targets = wanted;
    }
    let max_time = format!("-max_total_time={seconds}");
    let mut failed = 0;
    for t in &targets {
        // New inputs go to a scratch corpus under fuzz/target (git-ignored); the
        // committed seeds in fuzz/corpus/<target> are only read.
        let work = dir.join("target/corpus").join(t);
        if let Err(e) = std::fs::create_dir_all(&work) {
            say(&format!("xtask fuzz: {}: {e}", work.display()));
            return ExitCode::FAILURE;
        }
        let seeds = dir.join("corpus").join(t);
        let mut cmd = fuzz_cmd(&["run", t]);
        cmd.arg(&work);
        if seeds.is_dir() {
            cmd.arg(&seeds);
        }
        cmd.args(["--", &max_time, "-print_final_stats=1"]);
        say(&format!("\n==> {}", describe(&cmd)));
        if !run::run_ok(&mut cmd, None, &|| {}) {
            say(&format!(
                "xtask fuzz: `{t}` failed (a crash input, if any, is in fuzz/artifacts/{t}/)"
            ));
            failed += 1;
        }
    }
    say(&format!(
        "xtask fuzz: {} passed, {failed} failed",
        targets.len() - failed
    ));
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
