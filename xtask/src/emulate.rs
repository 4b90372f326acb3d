//! The `emulate-aarch64` stage: no aarch64 Windows machine runs the tests, so
//! the aarch64 callback entry points (assembly in `src/sys/callback.rs`) are
//! run in an emulator instead. `xtask/emulate/aarch64_callbacks.py` loads them
//! from the library built for `aarch64-pc-windows-msvc` into `unicorn` and
//! calls them as an aarch64 caller would; it needs Python 3 and the `unicorn`
//! package, which this stage installs into a private virtualenv under
//! `target/` (never into the system's Python).

use std::path::Path;
use std::process::Command;

use crate::prereq::AARCH64_TARGET;
use crate::run::{describe, run, say};

/// The `unicorn` release the script was written against.
const UNICORN: &str = "unicorn==2.1.4";

/// Builds the aarch64 library, makes sure the virtualenv has `unicorn`, runs
/// the emulation. `Err` says what failed.
pub fn aarch64_callbacks(root: &Path, prefix: &Path) -> Result<(), String> {
    // The `build-aarch64` stage's command (cheap when that stage ran).
    let build_args = crate::STAGES
        .iter()
        .find(|s| s.key == "build-aarch64")
        .map(|s| s.args)
        .ok_or("no build-aarch64 stage")?;
    let mut build = crate::cargo(root, prefix, build_args);
    step(&mut build)?;
    let venv = root.join("target").join("emulate-venv");
    let python = venv.join("bin").join("python");
    let has_unicorn = Command::new(&python)
        .args(["-c", "import unicorn"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_unicorn {
        step(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
        step(Command::new(&python).args(["-m", "pip", "install", "--quiet", UNICORN]))?;
    }
    let rlib = root
        .join("target")
        .join(AARCH64_TARGET)
        .join("debug")
        .join("libwinsyscall.rlib");
    step(
        Command::new(&python)
            .arg(
                root.join("xtask")
                    .join("emulate")
                    .join("aarch64_callbacks.py"),
            )
            .arg(rlib)
            .current_dir(root),
    )
}

fn step(cmd: &mut Command) -> Result<(), String> {
    say(&format!("xtask: {}", describe(cmd)));
    match run(cmd, None, &|| ()) {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("{}: {s}", describe(cmd))),
        Err(e) => Err(format!("{}: {e}", describe(cmd))),
    }
}
