//! Replays every stored fuzz input (`fuzz/corpus/<target>/*` and
//! `fuzz/regressions/<target>/*`) through its target's checks, as an ordinary test:
//! a parser regression fails `cargo test` without a fuzzer or a nightly toolchain.
//!
//! The checks are the fuzz crate's own (`fuzz/src/`), mounted here by path, so the
//! fuzzer and this replay can never drift apart. Like the fuzzer they run off
//! Windows only: they assume that platform's `SystemTime` (nanosecond resolution,
//! where Windows keeps 100 ns ticks) and byte-string `OsStr`.
#![cfg(not(windows))]

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod winsyscall_fuzz;

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// A fuzz target's checking function: panics on a failed check.
type Check = fn(&[u8]);

/// Every fuzz target and its checking function.
const TARGETS: [(&str, Check); 6] = [
    ("cmdline", winsyscall_fuzz::cmdline::check),
    ("envblock", winsyscall_fuzz::envblock::check),
    ("reparse", winsyscall_fuzz::reparse::check),
    ("sockaddr", winsyscall_fuzz::sockaddr::check),
    ("time", winsyscall_fuzz::time::check),
    ("utf16", winsyscall_fuzz::utf16::check),
];

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The file names (without `.rs`) or directory names under `dir`, sorted.
fn names(dir: &Path, want_dirs: bool) -> Vec<String> {
    let Ok(rd) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<String> = rd
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir() == want_dirs)
        .map(|e| {
            e.file_name()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string()
        })
        .collect();
    out.sort();
    out
}

/// Runs `check` on every file of `dir`; returns how many ran, and a line per failure.
fn replay(dir: &Path, check: Check, failures: &mut Vec<String>) -> usize {
    let mut n = 0;
    for name in names(dir, false) {
        let path = dir.join(&name);
        let data = fs::read(&path).unwrap();
        n += 1;
        if let Err(e) = catch_unwind(AssertUnwindSafe(|| check(&data))) {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failures.push(format!("{}: {msg}", path.display()));
        }
    }
    n
}

#[test]
fn every_target_and_corpus_is_replayed() {
    let known: Vec<&str> = TARGETS.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names(&fuzz_dir().join("fuzz_targets"), false),
        known,
        "a fuzz target without a replay here (add it to TARGETS)"
    );
    for dir in ["corpus", "regressions"] {
        for d in names(&fuzz_dir().join(dir), true) {
            assert!(known.contains(&d.as_str()), "fuzz/{dir}/{d} has no target");
        }
    }
}

#[test]
fn stored_fuzz_inputs_pass_their_checks() {
    let mut failures = Vec::new();
    for (name, check) in TARGETS {
        let corpus = replay(&fuzz_dir().join("corpus").join(name), check, &mut failures);
        assert!(corpus > 0, "fuzz/corpus/{name} is empty");
        replay(
            &fuzz_dir().join("regressions").join(name),
            check,
            &mut failures,
        );
        // The empty input is every target's first case.
        if catch_unwind(|| check(&[])).is_err() {
            failures.push(format!("{name}: the empty input"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} stored input(s) fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
