//! The private Wine prefix the Windows tests run in.
//!
//! It lives at `<workspace>/target/wineprefix` (or `$WINSYSCALL_WINEPREFIX`,
//! the same rule `xtask/wine-runner.sh` follows), never the user's `~/.wine`.
//! Creating it: `wineboot -i`, `winecfg /v win10` (current Go targets Windows
//! 10 and later), `wineserver -w` (so the registry is on disk), then a marker
//! file. Every run also installs the `bcryptprimitives.dll` shim (64-bit into
//! system32, 32-bit into syswow64) when it is missing or older than its
//! source, and checks that the prefix reports Windows 10.
//!
//! The prefix is a 64-bit one whose syswow64 runs the i686 tests. Wine fills
//! syswow64 only when 32-bit Wine is installed as the prefix is made; a
//! prefix made before that (syswow64 without `kernel32.dll`) is made again.
//! It could not even run 64-bit programs: once 32-bit Wine is installed,
//! Debian's `wine` starts every program through the 32-bit loader, which
//! fails there with "could not load kernel32.dll, status c0000135".

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};

use crate::run::{human, run, run_ok, say};

/// Written into the prefix once it is fully set up.
const MARKER: &str = ".winsyscall-ready";

/// Where the prefix is: `$WINSYSCALL_WINEPREFIX` (made absolute) or
/// `<root>/target/wineprefix`.
pub fn prefix_path(root: &Path) -> PathBuf {
    match std::env::var_os("WINSYSCALL_WINEPREFIX").filter(|v| !v.is_empty()) {
        Some(p) => {
            let p = PathBuf::from(p);
            if p.is_absolute() {
                p
            } else {
                std::env::current_dir().unwrap_or_default().join(p)
            }
        }
        None => root.join("target").join("wineprefix"),
    }
}

/// Sets the Wine environment on `cmd`; children (cargo, the runner, the test
/// binaries) inherit it. `WINEDEBUG` and `WINEDLLOVERRIDES` keep a value the
/// user set, as the runner does.
pub fn apply_env(cmd: &mut Command, prefix: &Path) {
    cmd.env("WINEPREFIX", prefix)
        .env("WINSYSCALL_WINEPREFIX", prefix);
    let keep = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    if !keep("WINEDEBUG") {
        cmd.env("WINEDEBUG", "-all");
    }
    if !keep("WINEDLLOVERRIDES") {
        // No Mono or Gecko: Wine would otherwise offer to install them.
        cmd.env("WINEDLLOVERRIDES", "mscoree,mshtml=");
    }
}

/// A `Command` that runs `wine` without address-space layout randomisation
/// (`setarch <arch> -R wine`; every process Wine starts inherits it), or plain
/// `wine` where that is refused or `WINSYSCALL_WINE_ASLR=1` is set.
///
/// Wine 8's loader sometimes cannot map the shared user data page at
/// 0x7ffe0000 when randomisation has put something there ("failed to map the
/// shared user data: c0000018"): the process dies at start-up, and a parent's
/// `CreateProcess` answers ERROR_INTERNAL_ERROR. `xtask/wine-runner.sh` (the
/// cargo runner) makes the same choice.
pub fn wine_command() -> Command {
    static NO_ASLR: OnceLock<Option<String>> = OnceLock::new();
    let arch = NO_ASLR.get_or_init(|| {
        if std::env::var("WINSYSCALL_WINE_ASLR").is_ok_and(|v| v == "1") {
            return None;
        }
        let arch = std::env::consts::ARCH.to_string();
        let works = Command::new("setarch")
            .args([arch.as_str(), "-R", "true"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        works.then_some(arch)
    });
    match arch {
        Some(arch) => {
            let mut cmd = Command::new("setarch");
            cmd.args([arch.as_str(), "-R", "wine"]);
            cmd
        }
        None => Command::new("wine"),
    }
}

fn wine_cmd(prefix: &Path, program: &str, args: &[&str]) -> Command {
    let mut cmd = if program == "wine" {
        wine_command()
    } else {
        Command::new(program)
    };
    cmd.args(args).stdin(Stdio::null());
    apply_env(&mut cmd, prefix);
    // Setting the prefix up must never ask for Mono/Gecko, whatever the user set.
    cmd.env("WINEDLLOVERRIDES", "mscoree,mshtml=");
    cmd
}

/// Starts the prefix's wineserver in persistent mode (`wineserver -p`), so
/// that it stays up between the test binaries of the Wine stages instead of
/// exiting three seconds after each last process and being started again;
/// [`kill_server`] ends it.
pub fn keep_server(prefix: &Path) {
    let r = wine_cmd(prefix, "wineserver", &["-p"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !r.as_ref().is_ok_and(|s| s.success()) {
        say(&format!("xtask: warning: wineserver -p: {r:?}"));
    }
}

/// Kills every Wine process of the prefix (used when a stage times out, and
/// after the Wine stages).
pub fn kill_server(prefix: &Path) {
    say("xtask: killing the prefix's wineserver (wineserver -k)");
    let _ = wine_cmd(prefix, "wineserver", &["-k"]).status();
}

/// Makes the prefix ready: created and set to Windows 10 (once, marked by
/// [`MARKER`]), shim installed and current.
pub fn ensure(root: &Path, prefix: &Path) -> Result<(), String> {
    let wow64 = prefix.join("drive_c/windows/syswow64/kernel32.dll");
    if prefix.join(MARKER).is_file() && !wow64.is_file() {
        say(&format!(
            "xtask: {} has no 32-bit side (made before 32-bit Wine was installed); \
             making it again",
            prefix.display()
        ));
        kill_server(prefix);
        fs::remove_dir_all(prefix).map_err(|e| format!("removing {}: {e}", prefix.display()))?;
    }
    if !prefix.join(MARKER).is_file() {
        create(prefix)?;
    }
    if !wow64.is_file() {
        return Err(format!(
            "{} is missing: is 32-bit Wine (wine32:i386) installed?",
            wow64.display()
        ));
    }
    install_shim(root, prefix, &SHIM_64)?;
    install_shim(root, prefix, &SHIM_32)?;
    match windows_version(prefix) {
        Some(v) if v.is_win10() => Ok(()),
        other => {
            say(&format!(
                "xtask: prefix reports {}; setting Windows 10",
                other.map_or("no Windows version".into(), |v| v.to_string())
            ));
            set_win10(prefix)?;
            match windows_version(prefix) {
                Some(v) if v.is_win10() => Ok(()),
                other => Err(format!(
                    "the prefix still does not report Windows 10 (found {})",
                    other.map_or("nothing".into(), |v| v.to_string())
                )),
            }
        }
    }
}

fn create(prefix: &Path) -> Result<(), String> {
    let start = Instant::now();
    say(&format!(
        "xtask: preparing the Wine prefix {}",
        prefix.display()
    ));
    if let Some(parent) = prefix.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    let kill = || kill_server(prefix);
    if !run_ok(
        &mut wine_cmd(prefix, "wine", &["wineboot", "-i"]),
        Some(Duration::from_secs(300)),
        &kill,
    ) {
        return Err("wineboot -i failed".into());
    }
    set_win10(prefix)?;
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let marker = format!(
        "prepared by `cargo xtask` at unix time {now} with {}\n",
        crate::run::capture(Command::new("wine").arg("--version"))
            .unwrap_or_default()
            .trim()
    );
    fs::write(prefix.join(MARKER), marker).map_err(|e| format!("writing the marker: {e}"))?;
    say(&format!(
        "xtask: Wine prefix ready in {}",
        human(start.elapsed())
    ));
    Ok(())
}

/// `winecfg /v win10`, then waits for the wineserver to exit so the registry
/// is written to disk.
fn set_win10(prefix: &Path) -> Result<(), String> {
    let kill = || kill_server(prefix);
    if !run_ok(
        &mut wine_cmd(prefix, "wine", &["winecfg", "/v", "win10"]),
        Some(Duration::from_secs(120)),
        &kill,
    ) {
        return Err("wine winecfg /v win10 failed".into());
    }
    // Another user of the prefix keeps the server alive; do not wait forever.
    match run(
        &mut wine_cmd(prefix, "wineserver", &["-w"]),
        Some(Duration::from_secs(180)),
        &|| {},
    ) {
        Ok(s) if s.success() => {}
        Ok(s) => say(&format!("xtask: warning: wineserver -w: {s}")),
        Err(e) => say(&format!(
            "xtask: warning: wineserver -w: {e} (the prefix is in use)"
        )),
    }
    Ok(())
}

fn mtime(p: &Path) -> Option<SystemTime> {
    fs::metadata(p).and_then(|m| m.modified()).ok()
}

/// One build of the `bcryptprimitives.dll` shim.
struct Shim {
    /// The mingw-w64 compiler.
    gcc: &'static str,
    /// Extra flags.
    flags: &'static [&'static str],
    /// The prefix directory it goes to, under `drive_c/windows`.
    dir: &'static str,
    /// Where it is built, under `target/`.
    out_dir: &'static str,
}

const SHIM_64: Shim = Shim {
    gcc: "x86_64-w64-mingw32-gcc",
    flags: &[],
    dir: "system32",
    out_dir: "shim",
};

/// `--kill-at` exports the stdcall `ProcessPrng` undecorated: without it the
/// export is `ProcessPrng@8`, the loader does not find `ProcessPrng`, and Wine
/// aborts the process on the unimplemented import.
const SHIM_32: Shim = Shim {
    gcc: "i686-w64-mingw32-gcc",
    flags: &["-Wl,--kill-at"],
    dir: "syswow64",
    out_dir: "shim-i686",
};

/// Builds `xtask/shim/bcryptprimitives.c` with mingw-w64 and installs it into
/// the prefix's `shim.dir` when the installed copy is missing or older.
fn install_shim(root: &Path, prefix: &Path, shim: &Shim) -> Result<(), String> {
    let src = root.join("xtask/shim/bcryptprimitives.c");
    let src_time = mtime(&src).ok_or_else(|| format!("missing {}", src.display()))?;
    let system32 = prefix.join("drive_c/windows").join(shim.dir);
    if !system32.is_dir() {
        return Err(format!(
            "{} does not exist (a broken prefix? delete {} and rerun)",
            system32.display(),
            prefix.display()
        ));
    }
    let dest = system32.join("bcryptprimitives.dll");
    if mtime(&dest).is_some_and(|t| t >= src_time) {
        return Ok(());
    }
    let out_dir = root.join("target").join(shim.out_dir);
    fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let out = out_dir.join("bcryptprimitives.dll");
    let mut gcc = Command::new(shim.gcc);
    gcc.args(["-shared", "-O2"])
        .args(shim.flags)
        .arg("-o")
        .arg(&out)
        .arg(&src)
        .stdin(Stdio::null());
    if !run_ok(&mut gcc, None, &|| {}) {
        return Err(format!(
            "building the bcryptprimitives.dll shim with {} failed",
            shim.gcc
        ));
    }
    let dll = fs::read(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    // The undecorated name followed by its NUL: `ProcessPrng@8` does not count.
    if !dll
        .windows(b"ProcessPrng\0".len())
        .any(|w| w == b"ProcessPrng\0")
    {
        return Err(format!(
            "{} does not export an undecorated ProcessPrng",
            out.display()
        ));
    }
    // Copy then rename, so a Wine process loading the DLL never sees half a file.
    let tmp = system32.join("bcryptprimitives.dll.tmp");
    fs::copy(&out, &tmp)
        .and_then(|_| fs::rename(&tmp, &dest))
        .map_err(|e| format!("installing {}: {e}", dest.display()))?;
    say(&format!(
        "xtask: installed the ProcessPrng shim as {}",
        dest.display()
    ));
    Ok(())
}

/// The Windows version a prefix reports.
#[derive(Debug, PartialEq, Eq)]
pub struct WinVersion {
    /// `CurrentMajorVersionNumber` (10 for Windows 10 and 11).
    pub major: u32,
    /// `CurrentBuildNumber` (Windows 11 starts at 22000).
    pub build: u32,
}

impl WinVersion {
    fn is_win10(&self) -> bool {
        self.major == 10 && self.build < 22000
    }
}

impl std::fmt::Display for WinVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Windows major version {}, build {}",
            self.major, self.build
        )
    }
}

fn windows_version(prefix: &Path) -> Option<WinVersion> {
    let reg = fs::read(prefix.join("system.reg")).ok()?;
    parse_version(&String::from_utf8_lossy(&reg))
}

/// Reads the version from the text of a prefix's `system.reg`.
pub fn parse_version(reg: &str) -> Option<WinVersion> {
    let mut in_section = false;
    let (mut major, mut build) = (None, None);
    for line in reg.lines() {
        if line.starts_with('[') {
            in_section = line.starts_with(r"[Software\\Microsoft\\Windows NT\\CurrentVersion]");
        } else if in_section {
            if let Some(v) = line.strip_prefix("\"CurrentMajorVersionNumber\"=dword:") {
                major = u32::from_str_radix(v.trim(), 16).ok();
            } else if let Some(v) = line.strip_prefix("\"CurrentBuildNumber\"=\"") {
                build = v.trim_end().trim_end_matches('"').parse().ok();
            }
        }
    }
    Some(WinVersion {
        major: major?,
        build: build?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const REG: &str = r#"WINE REGISTRY Version 2
[Software\\Microsoft\\Windows NT\\CurrentVersion] 1795477017
#time=1dc5cb2c1a9f0a6
"CurrentBuildNumber"="18362"
"CurrentMajorVersionNumber"=dword:0000000a
"CurrentVersion"="10.0"
"ProductName"="Microsoft Windows 10"

[Software\\Wow6432Node\\Microsoft\\Windows NT\\CurrentVersion] 1795477017
"CurrentBuildNumber"="7601"
"CurrentMajorVersionNumber"=dword:00000006
"#;

    #[test]
    fn reads_the_native_section_only() {
        let v = parse_version(REG).unwrap();
        assert_eq!(
            v,
            WinVersion {
                major: 10,
                build: 18362
            }
        );
        assert!(v.is_win10());
    }

    #[test]
    fn windows_7_and_11_are_not_windows_10() {
        let win7 = REG.replace("dword:0000000a", "dword:00000006");
        assert!(!parse_version(&win7).unwrap().is_win10());
        let win11 = REG.replacen("\"18362\"", "\"22000\"", 1);
        assert!(!parse_version(&win11).unwrap().is_win10());
    }

    #[test]
    fn missing_values_give_none() {
        assert_eq!(parse_version("WINE REGISTRY Version 2\n"), None);
        let no_build = REG.replacen("\"CurrentBuildNumber\"=\"18362\"\n", "", 1);
        assert_eq!(parse_version(&no_build), None);
    }
}
