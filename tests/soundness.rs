//! The adversarial suite: every way a program with **no `unsafe` of its own**
//! could try to make this crate corrupt memory, close a handle it does not
//! own, or race — each performed here with safe code only, asserting the safe
//! outcome (no foreign data in a returned buffer, the right operation ids, a
//! clean `Err`, the process alive).
//!
//! Attacks that would crash the process if they succeeded run in a child copy
//! of this test binary ([`in_child`]), so a fault fails one test, not the run.
//! Where Wine cannot show what Windows does, the API refuses the dangerous
//! input itself and the test proves the refusal. `docs/SAFETY.md` lists each
//! rule and the test here that checks it.
#![cfg(windows)]

mod common;

#[forbid(unsafe_code)]
#[path = "soundness/iocp.rs"]
mod iocp;

#[forbid(unsafe_code)]
#[path = "soundness/sync_io.rs"]
mod sync_io;

#[forbid(unsafe_code)]
#[path = "soundness/raw_addr.rs"]
mod raw_addr;

#[forbid(unsafe_code)]
#[path = "soundness/mmap.rs"]
mod mmap;

#[forbid(unsafe_code)]
#[path = "soundness/sweep.rs"]
mod sweep;

use std::process::Command;

/// The variable that tells a child copy of this binary which attack to run.
const CHILD_VAR: &str = "WINSYSCALL_SOUNDNESS_CHILD";

/// Runs `attack` in a child copy of this test binary and asserts that the
/// child exited cleanly after running it. `test` is the test's full name
/// within this crate (e.g. `"iocp::recv_warning_keeps_block_until_packet"`);
/// the child runs exactly that test with `CHILD_VAR` set, which makes this
/// function call `attack` instead of starting another child. The child prints
/// a marker after `attack` returns, so a misspelt name (no test run) or a
/// fault (no marker, bad exit status) both fail the parent.
pub fn in_child(test: &str, attack: impl FnOnce()) {
    let marker = format!("soundness-attack-survived: {test}");
    if std::env::var(CHILD_VAR).as_deref() == Ok(test) {
        attack();
        println!("{marker}");
        return;
    }
    let exe = std::env::current_exe().expect("current_exe");
    let out = common::start_child(|| {
        Command::new(&exe)
            .args([test, "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_VAR, test)
            .output()
    })
    .expect("start the attack's child");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains(&marker),
        "attack `{test}` did not end cleanly in its child ({}):\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        out.status
    );
}
