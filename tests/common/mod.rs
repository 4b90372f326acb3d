//! Shared helpers for the integration tests that run under Wine.
#![allow(dead_code)]

pub mod regkey;

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
        note_on_wine("SKIP", missing, why);
        true
    } else {
        false
    }
}

/// Whether this process runs as the Unix user root, which only Wine can make
/// so: Wine keeps a file's read-only attribute as its Unix permission bits,
/// and root writes through those. Read honestly from the host's
/// `/proc/self/status` (the effective uid) through Wine's `Z:` drive; always
/// `false` on Windows, where the read-only attribute binds administrators too.
pub fn running_as_unix_root() -> bool {
    under_wine()
        && std::fs::read_to_string(r"Z:\proc\self\status").is_ok_and(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Uid:"))
                .and_then(|ids| ids.split_whitespace().nth(1))
                == Some("0")
        })
}

/// Prints and logs a skip that is not a Wine gap (`label` says what it is,
/// e.g. "root: CreateFileW"). Always returns `true`; callers guard it with the
/// exact condition that makes the assertion inapplicable.
pub fn skip_because(label: &str, why: &str) -> bool {
    note("SKIP", label, why);
    true
}

/// Runs `start` (a child-process start) and, under Wine only, runs it again
/// (up to three tries in all) when it fails with ERROR_INTERNAL_ERROR (1359).
///
/// Wine 8's `NtCreateUserProcess` answers STATUS_INTERNAL_ERROR when the new
/// process dies before it reports its start-up done. Here that was the Wine
/// loader failing to map the shared user data page at 0x7ffe0000 under
/// address-space layout randomisation (about 2 child starts in 10,000); the rig
/// now runs Wine without randomisation (`xtask/wine-runner.sh`), and this stays
/// as a guard for machines where that is refused. It has no Windows
/// counterpart and says nothing about the call under test. Each retry is
/// printed and logged like a skip, so a run shows how often it happened. On
/// Windows the first answer is returned as it is.
pub fn start_child<T, E: StartError>(mut start: impl FnMut() -> Result<T, E>) -> Result<T, E> {
    let mut tries = 0;
    loop {
        tries += 1;
        match start() {
            Err(e) if tries < 3 && e.is_internal_error() && under_wine() => {
                note_on_wine(
                    "RETRY",
                    "NtCreateUserProcess",
                    &format!("a child start failed with ERROR_INTERNAL_ERROR (try {tries} of 3)"),
                );
            }
            other => return other,
        }
    }
}

/// An error a child start can fail with: ours or std's.
pub trait StartError {
    fn is_internal_error(&self) -> bool;
}

impl StartError for winsyscall::Errno {
    fn is_internal_error(&self) -> bool {
        self.0 == 1359
    }
}

impl StartError for std::io::Error {
    fn is_internal_error(&self) -> bool {
        self.raw_os_error() == Some(1359)
    }
}

/// Prints and logs (to `WINSYSCALL_SKIP_LOG`) a line about a Wine gap.
fn note_on_wine(kind: &str, missing: &str, why: &str) {
    note(kind, &format!("Wine gap: {missing}"), why);
}

/// Prints and logs (to `WINSYSCALL_SKIP_LOG`) one skip or retry line.
fn note(kind: &str, label: &str, why: &str) {
    let line = format!("{kind} ({label}): {why}");
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

/// A message-mode named pipe (synchronous, both ways) and a client opened
/// on it: `(server, client)`. The server end reads in message mode, so a
/// message longer than a read's buffer gives `ERROR_MORE_DATA`.
pub fn message_pipe() -> (
    std::os::windows::io::OwnedHandle,
    std::os::windows::io::OwnedHandle,
) {
    use std::os::windows::io::{FromRawHandle, OwnedHandle};
    use windows_sys::Win32::Foundation::{GENERIC_READ, GENERIC_WRITE, INVALID_HANDLE_VALUE};
    use windows_sys::Win32::Storage::FileSystem::{CreateFileW, OPEN_EXISTING, PIPE_ACCESS_DUPLEX};
    use windows_sys::Win32::System::Pipes::{
        CreateNamedPipeW, PIPE_READMODE_MESSAGE, PIPE_TYPE_MESSAGE, PIPE_WAIT,
    };
    static SEQ: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        r"\\.\pipe\winsyscall-msg-{}-{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    );
    let wide: Vec<u16> = name.encode_utf16().chain(Some(0)).collect();
    // SAFETY: `wide` is NUL-terminated; no security attributes; the handles
    // returned are checked and then owned.
    unsafe {
        let server = CreateNamedPipeW(
            wide.as_ptr(),
            PIPE_ACCESS_DUPLEX,
            PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT,
            1,
            4096,
            4096,
            0,
            core::ptr::null(),
        );
        assert_ne!(server, INVALID_HANDLE_VALUE, "CreateNamedPipeW");
        let client = CreateFileW(
            wide.as_ptr(),
            GENERIC_READ | GENERIC_WRITE,
            0,
            core::ptr::null(),
            OPEN_EXISTING,
            0,
            core::ptr::null_mut(),
        );
        assert_ne!(client, INVALID_HANDLE_VALUE, "CreateFileW on the pipe");
        (
            OwnedHandle::from_raw_handle(server),
            OwnedHandle::from_raw_handle(client),
        )
    }
}
