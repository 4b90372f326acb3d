//! Prerequisites: the Windows Rust targets, clippy and rustfmt (through
//! rustup), and mingw-w64 plus 64- and 32-bit Wine (Debian packages, through
//! apt-get; the 32-bit ones need dpkg's i386 architecture).
//!
//! Each check is a quick look when the thing is already there; installing
//! happens only when something is missing.

use std::process::{Command, Stdio};

use crate::run::{capture, describe, on_path, run_ok, say};

/// The Windows target the crate is cross-compiled to, and run under Wine.
pub const WIN_TARGET: &str = "x86_64-pc-windows-gnu";

/// 64-bit Arm Windows: linted, documented and its library built, never run
/// (none of these needs a linker).
pub const AARCH64_TARGET: &str = "aarch64-pc-windows-msvc";

/// 32-bit x86 Windows: linted, and its tests run under 32-bit Wine.
pub const I686_TARGET: &str = "i686-pc-windows-gnu";

/// Every rustup target the stages use.
const TARGETS: &[&str] = &[WIN_TARGET, AARCH64_TARGET, I686_TARGET];

/// Debian packages providing the tools below. `wine` (the `/usr/bin/wine`
/// wrapper and `wineserver`) is only a Recommends of `wine64`, so it is named
/// explicitly: with `--no-install-recommends`, `wine64` alone gives no `wine`.
/// `wine32:i386` runs the i686 test binaries (in the same 64-bit prefix, through
/// its syswow64); `gcc-mingw-w64-i686` links them and builds the 32-bit shim.
/// `python3-venv` makes the private virtualenv of the `emulate-aarch64` stage.
pub const APT_PACKAGES: &[&str] = &[
    "gcc-mingw-w64-x86-64",
    "gcc-mingw-w64-i686",
    "wine",
    "wine64",
    "wine32:i386",
    "python3-venv",
];

/// Programs the rig runs; all come from [`APT_PACKAGES`] on Debian.
const NEEDED_PROGRAMS: &[&str] = &[
    "x86_64-w64-mingw32-gcc",
    "i686-w64-mingw32-gcc",
    "wine",
    "wineserver",
];

/// Debian's 32-bit Wine loader (package `wine32:i386`); `/usr/bin/wine` runs
/// 32-bit programs through it.
const WINE32_LOADER: &str = "/usr/lib/wine/wine";

/// Rust components the `test` stages use.
const COMPONENTS: &[&str] = &["clippy", "rustfmt"];

/// Ensures the rustup targets and components; installs what is missing.
pub fn ensure_rust() -> Result<(), String> {
    if !on_path("rustup") {
        say(&format!(
            "xtask: rustup not found; assuming targets {}, clippy and rustfmt are installed",
            TARGETS.join(" ")
        ));
        return Ok(());
    }
    let installed = capture(Command::new("rustup").args(["target", "list", "--installed"]))
        .ok_or("`rustup target list --installed` failed")?;
    let missing: Vec<&str> = TARGETS
        .iter()
        .copied()
        .filter(|t| !installed.lines().any(|l| l.trim() == *t))
        .collect();
    if !missing.is_empty() {
        say(&format!(
            "xtask: adding rustup targets {}",
            missing.join(" ")
        ));
        let mut add = Command::new("rustup");
        add.args(["target", "add"])
            .args(&missing)
            .stdin(Stdio::null());
        if !run_ok(&mut add, None, &|| {}) {
            return Err(format!("could not add rustup targets {missing:?}"));
        }
    }
    ensure_components(None, COMPONENTS)
}

/// Adds the rustup `components` missing from `toolchain` (the default one for
/// `None`), non-interactively.
pub fn ensure_components(toolchain: Option<&str>, components: &[&str]) -> Result<(), String> {
    let on: Vec<&str> = toolchain.map_or(Vec::new(), |t| vec!["--toolchain", t]);
    let installed = capture(
        Command::new("rustup")
            .args(["component", "list", "--installed"])
            .args(&on),
    )
    .ok_or("`rustup component list --installed` failed")?;
    let missing: Vec<&str> = components
        .iter()
        .copied()
        .filter(|c| {
            !installed
                .lines()
                .any(|l| l.trim() == *c || l.starts_with(&format!("{c}-")))
        })
        .collect();
    if !missing.is_empty() {
        say(&format!(
            "xtask: adding rustup components {}{}",
            missing.join(" "),
            toolchain.map_or(String::new(), |t| format!(" to {t}"))
        ));
        let mut add = Command::new("rustup");
        add.args(["component", "add"])
            .args(&on)
            .args(&missing)
            .stdin(Stdio::null());
        if !run_ok(&mut add, None, &|| {}) {
            return Err(format!("could not add rustup components {missing:?}"));
        }
    }
    Ok(())
}

/// The command a user runs to install the Debian packages by hand.
pub fn apt_command() -> String {
    format!(
        "dpkg --add-architecture i386 && apt-get update && \
         DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends {}",
        APT_PACKAGES.join(" ")
    )
}

fn is_root() -> bool {
    capture(Command::new("id").arg("-u")).is_some_and(|s| s.trim() == "0")
}

/// What is missing: programs not on `PATH`, and the 32-bit Wine loader.
fn missing_tools() -> Vec<&'static str> {
    let mut missing: Vec<&str> = NEEDED_PROGRAMS
        .iter()
        .copied()
        .filter(|p| !on_path(p))
        .collect();
    if !std::path::Path::new(WINE32_LOADER).is_file() {
        missing.push(WINE32_LOADER);
    }
    // The virtualenv the aarch64 emulation installs `unicorn` into.
    let venv_ok = Command::new("python3")
        .args(["-c", "import venv, ensurepip"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !venv_ok {
        missing.push("python3 with venv and ensurepip");
    }
    missing
}

/// Whether dpkg already installs i386 packages (native or foreign).
fn has_i386() -> bool {
    let native = capture(Command::new("dpkg").arg("--print-architecture"));
    let foreign = capture(Command::new("dpkg").arg("--print-foreign-architectures"));
    [native, foreign]
        .iter()
        .flatten()
        .any(|s| s.lines().any(|l| l.trim() == "i386"))
}

/// Ensures mingw-w64 and Wine are installed: installs them with apt-get when
/// running as root, otherwise prints the command to run and fails.
pub fn ensure_packages() -> Result<(), String> {
    let missing = missing_tools();
    if missing.is_empty() {
        return Ok(());
    }
    say(&format!("xtask: missing programs: {}", missing.join(" ")));
    if !on_path("apt-get") {
        return Err(format!(
            "no apt-get here: install mingw-w64 (x86_64- and i686-w64-mingw32-gcc) and 64- \
             and 32-bit Wine 8+ with your package manager (Debian: {})",
            apt_command()
        ));
    }
    if !is_root() {
        return Err(format!(
            "not root, so not installing them; run as root:\n    {}",
            apt_command()
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
    if !has_i386() {
        let mut add = Command::new("dpkg");
        add.args(["--add-architecture", "i386"])
            .stdin(Stdio::null());
        say(&format!("xtask: {}", describe(&add)));
        if !run_ok(&mut add, None, &|| {}) {
            return Err("dpkg --add-architecture i386 failed".into());
        }
    }
    if !apt(&["update"]) {
        return Err("apt-get update failed".into());
    }
    let mut install = vec!["install", "-y", "--no-install-recommends"];
    install.extend_from_slice(APT_PACKAGES);
    if !apt(&install) {
        return Err("apt-get install failed".into());
    }
    let still = missing_tools();
    if still.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "installed {} but still missing: {}",
            APT_PACKAGES.join(" "),
            still.join(" ")
        ))
    }
}
