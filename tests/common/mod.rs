//! Shared helpers for the integration tests that run under Wine.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

/// Whether this process runs under Wine (ntdll exports `wine_get_version`).
/// Used only to *skip* an assertion Wine cannot satisfy, printing the gap;
/// never to weaken an assertion on real Windows.
pub fn under_wine() -> bool {
    use windows_sys::Win32::System::LibraryLoader::{GetModuleHandleA, GetProcAddress};
    // SAFETY: both strings are NUL-terminated literals; ntdll is always loaded.
    unsafe {
        let ntdll = GetModuleHandleA(c"ntdll.dll".as_ptr().cast());
        !ntdll.is_null() && GetProcAddress(ntdll, c"wine_get_version".as_ptr().cast()).is_some()
    }
}

/// Prints the standard skip line for a Wine gap. Returns `true` when the caller
/// should skip (we are under Wine).
pub fn skip_on_wine(missing: &str, why: &str) -> bool {
    if under_wine() {
        let line = format!("SKIP (Wine gap: {missing}): {why}");
        println!("{line}");
        // `cargo xtask test` collects these into one list (libtest hides the
        // output of passing tests).
        if let Some(path) = std::env::var_os("WINSYSCALL_SKIP_LOG") {
            use std::io::Write;
            if let Ok(mut f) = std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(path)
            {
                let _ = writeln!(f, "{} — {line}", current_test());
            }
        }
        true
    } else {
        false
    }
}

/// The running test's name (libtest names each test's thread after it).
fn current_test() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let file = exe.split('-').next().unwrap_or("").to_string();
    let name = std::thread::current().name().unwrap_or("?").to_string();
    format!("tests/{file}.rs::{name}")
}

/// A fresh, empty directory under the system temp directory, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicU32 = AtomicU32::new(0);
        let p = std::env::temp_dir().join(format!(
            "winsyscall-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    pub fn path(&self) -> &std::path::Path {
        &self.0
    }
    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // Clear read-only bits so a failed test cannot leave junk behind.
        if let Ok(entries) = std::fs::read_dir(&self.0) {
            for e in entries.flatten() {
                if let Ok(m) = e.metadata() {
                    let mut p = m.permissions();
                    #[allow(clippy::permissions_set_readonly_false)]
                    p.set_readonly(false);
                    let _ = std::fs::set_permissions(e.path(), p);
                }
            }
        }
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
