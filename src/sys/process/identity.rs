//! Who and where the process is: ids, the parent id from a Toolhelp snapshot,
//! Go's `-1`/`EWINDOWS` user and group stubs, page size, Windows version, the
//! command line and the startup information; and how it ends.

use crate::errno::{Errno, Result};
use crate::sys::{cvt, cvt_invalid_handle, raw_handle};
use crate::wstr::{utf16_to_os_string, utf16_to_string};
use std::ffi::OsString;
use std::os::windows::io::{AsHandle, OwnedHandle};
use windows_sys::Win32::System::Diagnostics::ToolHelp::{
    CreateToolhelp32Snapshot, PROCESSENTRY32W, Process32FirstW, Process32NextW,
};
use windows_sys::Win32::System::Environment::GetCommandLineW;
use windows_sys::Win32::System::SystemInformation::{GetSystemInfo, GetVersion, SYSTEM_INFO};
use windows_sys::Win32::System::Threading::{
    ExitProcess, GetCurrentProcessId, GetStartupInfoW, STARTUPINFOW,
};

/// Go: `syscall.Getpid`: the id of the calling process (`GetCurrentProcessId`).
///
/// Go's `int` is an `i64` here, as everywhere in the crate; the value is never
/// negative.
#[doc(alias = "Getpid")]
#[inline] // a cross-crate call would double the cost of this one-load call
pub fn getpid() -> i64 {
    // SAFETY: GetCurrentProcessId takes nothing and cannot fail.
    i64::from(unsafe { GetCurrentProcessId() })
}

/// Go: `syscall.Getppid`: the id of the process that created this one.
///
/// As Go: a `CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0)` is walked with
/// `Process32FirstW`/`Process32NextW` until this process's entry, whose
/// `th32ParentProcessID` is returned. **Any failure gives `-1`.** The parent
/// may have exited since, and its id may even have been reused.
#[doc(alias = "Getppid")]
pub fn getppid() -> i64 {
    match get_process_entry(getpid() as u32) {
        Ok(e) => i64::from(e.parent_process_id),
        Err(_) => -1,
    }
}

/// Go (unexported): `getProcessEntry`: the Toolhelp entry of process `pid`.
///
/// Takes a process snapshot, walks it and closes it. A pid that is not in the
/// snapshot gives `ERROR_NO_MORE_FILES`, as in Go.
#[doc(alias = "getProcessEntry")]
pub fn get_process_entry(pid: u32) -> Result<ProcessEntry32> {
    let snap = create_toolhelp32_snapshot(super::TH32CS_SNAPPROCESS, 0)?;
    let mut e = ProcessEntry32::default();
    process32_first(&snap, &mut e)?;
    loop {
        if e.process_id == pid {
            return Ok(e);
        }
        process32_next(&snap, &mut e)?;
    }
}

/// Go: `syscall.Getuid`: always `-1` on Windows.
#[doc(alias = "Getuid")]
pub const fn getuid() -> i64 {
    -1
}

/// Go: `syscall.Geteuid`: always `-1` on Windows.
#[doc(alias = "Geteuid")]
pub const fn geteuid() -> i64 {
    -1
}

/// Go: `syscall.Getgid`: always `-1` on Windows.
#[doc(alias = "Getgid")]
pub const fn getgid() -> i64 {
    -1
}

/// Go: `syscall.Getegid`: always `-1` on Windows.
#[doc(alias = "Getegid")]
pub const fn getegid() -> i64 {
    -1
}

/// Go: `syscall.Getgroups`: always `EWINDOWS` on Windows (Go returns `(nil, EWINDOWS)`).
#[doc(alias = "Getgroups")]
pub fn getgroups() -> Result<Vec<i64>> {
    Err(Errno::EWINDOWS)
}

/// `Setuid` as Go declares it on Unix: always `EWINDOWS` here.
///
/// Go's Windows `syscall` has **no** `Setuid` (nor `Setgid`, `Setgroups`); this
/// stub exists so code written against the Unix names compiles, and it fails
/// the way Go's other identity stubs do. Windows identities are tokens and SIDs.
#[doc(alias = "Setuid")]
pub fn setuid(_uid: i64) -> Result<()> {
    Err(Errno::EWINDOWS)
}

/// `Setgid` as Go declares it on Unix: always `EWINDOWS` here (no Windows twin
/// in Go; see [`setuid`]).
#[doc(alias = "Setgid")]
pub fn setgid(_gid: i64) -> Result<()> {
    Err(Errno::EWINDOWS)
}

/// `Setgroups` as Go declares it on Unix: always `EWINDOWS` here (no Windows
/// twin in Go; see [`setuid`]).
#[doc(alias = "Setgroups")]
pub fn setgroups(_gids: &[i64]) -> Result<()> {
    Err(Errno::EWINDOWS)
}

/// Go: `syscall.Getpagesize`: the memory page size, `dwPageSize` of
/// `GetSystemInfo` (Go's runtime reads the same field at start-up). 4096 on
/// x86 and x64.
#[doc(alias = "Getpagesize")]
pub fn getpagesize() -> i64 {
    let mut si = SYSTEM_INFO::default();
    // SAFETY: GetSystemInfo fills the struct we own; it cannot fail.
    unsafe { GetSystemInfo(&mut si) };
    i64::from(si.dwPageSize)
}

/// Go: `syscall.GetVersion`: `GetVersion()`, whose low byte is the major
/// version, the next byte the minor version and the high word the build.
/// Zero is the failure value (the last error is returned).
///
/// Windows lies here unless the program's manifest says otherwise: without
/// one, Windows 8.1 and later report 6.2.
#[doc(alias = "GetVersion")]
pub fn get_version() -> Result<u32> {
    // SAFETY: GetVersion takes nothing.
    cvt(unsafe { GetVersion() })
}

/// Go: `syscall.Exit`: ends the process with `code`, at once.
///
/// Go's runtime calls `ExitProcess(uint32(code))`. Here it is
/// [`std::process::exit`], which flushes Rust's buffered standard output first
/// and then calls `ExitProcess` too; destructors of live values do not run.
/// A negative code becomes its two's-complement `u32`, as in Go.
#[doc(alias = "Exit")]
pub fn exit(code: i32) -> ! {
    std::process::exit(code)
}

/// Go: `syscall.ExitProcess`: `ExitProcess(code)`, directly. Nothing is
/// flushed (use [`exit`] to flush Rust's standard output first).
#[doc(alias = "ExitProcess")]
pub fn exit_process(code: u32) -> ! {
    // SAFETY: ExitProcess ends the process; it never returns.
    unsafe { ExitProcess(code) }
}

/// Go: `syscall.GetCommandLine`: the command line this process was started
/// with (`GetCommandLineW`, never fails), lossy (`U+FFFD` for a lone surrogate).
/// See [`get_command_line_os`] for the exact form and
/// [`command_line_to_argv`](crate::command_line_to_argv) to split it.
#[doc(alias = "GetCommandLine")]
pub fn get_command_line() -> String {
    utf16_to_string(&command_line_units())
}

/// [`get_command_line`], lossless. Beyond Go.
#[doc(alias = "GetCommandLine")]
pub fn get_command_line_os() -> OsString {
    utf16_to_os_string(&command_line_units())
}

fn command_line_units() -> Vec<u16> {
    // SAFETY: GetCommandLineW returns a NUL-terminated string owned by the
    // process that stays valid while the process runs; we copy it at once.
    unsafe {
        let p = GetCommandLineW();
        if p.is_null() {
            return Vec::new();
        }
        let mut n = 0;
        while *p.add(n) != 0 {
            n += 1;
        }
        core::slice::from_raw_parts(p, n).to_vec()
    }
}

/// Go: `syscall.StartupInfo`, Windows' `STARTUPINFOW`, in a safe, owned form:
/// the strings are copied out and the standard handles are raw values (they
/// are only meaningful when `flags` has `STARTF_USESTDHANDLES`, and this
/// process does not own them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StartupInfo {
    /// `cb`: the size of `STARTUPINFOW` (104 on 64-bit Windows).
    pub cb: u32,
    /// `lpDesktop`: the desktop (and window station), if any.
    pub desktop: Option<String>,
    /// `lpTitle`: the console title, if any.
    pub title: Option<String>,
    /// `dwX`.
    pub x: u32,
    /// `dwY`.
    pub y: u32,
    /// `dwXSize`.
    pub x_size: u32,
    /// `dwYSize`.
    pub y_size: u32,
    /// `dwXCountChars`.
    pub x_count_chars: u32,
    /// `dwYCountChars`.
    pub y_count_chars: u32,
    /// `dwFillAttribute`.
    pub fill_attribute: u32,
    /// `dwFlags` (`STARTF_*`).
    pub flags: u32,
    /// `wShowWindow` (`SW_*`), used with `STARTF_USESHOWWINDOW`.
    pub show_window: u16,
    /// `hStdInput`, as a raw value.
    pub std_input: usize,
    /// `hStdOutput`, as a raw value.
    pub std_output: usize,
    /// `hStdError`, as a raw value.
    pub std_err: usize,
}

/// Go: `syscall.GetStartupInfo`: how this process was started
/// (`GetStartupInfoW`).
///
/// Go returns an `error` that is always nil (the Win32 call is `void`); here
/// the struct is returned directly.
#[doc(alias = "GetStartupInfo")]
pub fn get_startup_info() -> StartupInfo {
    let mut si = STARTUPINFOW {
        cb: size_of::<STARTUPINFOW>() as u32,
        ..Default::default()
    };
    // SAFETY: GetStartupInfoW fills the struct we own; its string pointers point
    // to process-lifetime data, read (and copied) right away.
    unsafe { GetStartupInfoW(&mut si) };
    // SAFETY: as above; null pointers give None.
    let text = |p: *mut u16| (!p.is_null()).then(|| unsafe { crate::wstr::utf16_ptr_to_string(p) });
    StartupInfo {
        cb: si.cb,
        desktop: text(si.lpDesktop),
        title: text(si.lpTitle),
        x: si.dwX,
        y: si.dwY,
        x_size: si.dwXSize,
        y_size: si.dwYSize,
        x_count_chars: si.dwXCountChars,
        y_count_chars: si.dwYCountChars,
        fill_attribute: si.dwFillAttribute,
        flags: si.dwFlags,
        show_window: si.wShowWindow,
        std_input: si.hStdInput as usize,
        std_output: si.hStdOutput as usize,
        std_err: si.hStdError as usize,
    }
}

/// Go: `syscall.ProcessEntry32`, Windows' `PROCESSENTRY32W` (568 bytes on
/// 64-bit Windows), in the exact layout `Process32FirstW` fills.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct ProcessEntry32 {
    /// `dwSize`: must be `size_of::<ProcessEntry32>()` before the first call
    /// (`Default` sets it).
    pub size: u32,
    /// `cntUsage` (always 0).
    pub usage: u32,
    /// `th32ProcessID`.
    pub process_id: u32,
    /// `th32DefaultHeapID` (always 0).
    pub default_heap_id: usize,
    /// `th32ModuleID` (always 0).
    pub module_id: u32,
    /// `cntThreads`: the number of threads.
    pub threads: u32,
    /// `th32ParentProcessID`: the creator's process id.
    pub parent_process_id: u32,
    /// `pcPriClassBase`: the base priority of its threads.
    pub pri_class_base: i32,
    /// `dwFlags` (always 0).
    pub flags: u32,
    /// `szExeFile`: the executable's file name, NUL-terminated.
    pub exe_file: [u16; 260],
}

impl Default for ProcessEntry32 {
    fn default() -> Self {
        ProcessEntry32 {
            size: size_of::<ProcessEntry32>() as u32,
            usage: 0,
            process_id: 0,
            default_heap_id: 0,
            module_id: 0,
            threads: 0,
            parent_process_id: 0,
            pri_class_base: 0,
            flags: 0,
            exe_file: [0; 260],
        }
    }
}

impl ProcessEntry32 {
    /// The executable's file name (up to the NUL), lossy. Beyond Go.
    pub fn exe_file_name(&self) -> String {
        utf16_to_string(&self.exe_file)
    }
}

impl core::fmt::Debug for ProcessEntry32 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ProcessEntry32")
            .field("process_id", &self.process_id)
            .field("parent_process_id", &self.parent_process_id)
            .field("threads", &self.threads)
            .field("exe_file", &self.exe_file_name())
            .finish_non_exhaustive()
    }
}

/// Go: `syscall.CreateToolhelp32Snapshot`: a snapshot of processes, threads,
/// heaps or modules (`TH32CS_*`); `INVALID_HANDLE_VALUE` is the failure.
#[doc(alias = "CreateToolhelp32Snapshot")]
pub fn create_toolhelp32_snapshot(flags: u32, process_id: u32) -> Result<OwnedHandle> {
    // SAFETY: plain values in; the returned handle is new and ours.
    unsafe { cvt_invalid_handle(CreateToolhelp32Snapshot(flags, process_id)) }
}

/// Go: `syscall.Process32First`: the first process of a snapshot
/// (`Process32FirstW`). `entry.size` must be `size_of::<ProcessEntry32>()`
/// (`Default` sets it); any other size gives `ERROR_BAD_LENGTH` without a
/// call (Windows gives it for a short size; a larger one is refused here,
/// since Windows would trust it).
#[doc(alias = "Process32First")]
pub fn process32_first(snapshot: impl AsHandle, entry: &mut ProcessEntry32) -> Result<()> {
    check_entry_size(entry)?;
    // SAFETY: ProcessEntry32 has PROCESSENTRY32W's layout (checked in tests)
    // and is exclusively borrowed for the call.
    cvt(unsafe {
        Process32FirstW(
            raw_handle(&snapshot.as_handle()),
            (entry as *mut ProcessEntry32).cast::<PROCESSENTRY32W>(),
        )
    })
    .map(drop)
}

/// Go: `syscall.Process32Next`: the next process of a snapshot
/// (`Process32NextW`); `ERROR_NO_MORE_FILES` at the end. `entry.size` as in
/// [`process32_first`].
#[doc(alias = "Process32Next")]
pub fn process32_next(snapshot: impl AsHandle, entry: &mut ProcessEntry32) -> Result<()> {
    check_entry_size(entry)?;
    // SAFETY: as in process32_first.
    cvt(unsafe {
        Process32NextW(
            raw_handle(&snapshot.as_handle()),
            (entry as *mut ProcessEntry32).cast::<PROCESSENTRY32W>(),
        )
    })
    .map(drop)
}

fn check_entry_size(entry: &ProcessEntry32) -> Result<()> {
    if entry.size as usize == size_of::<ProcessEntry32>() {
        Ok(())
    } else {
        Err(Errno(windows_sys::Win32::Foundation::ERROR_BAD_LENGTH))
    }
}

/// Every process in a fresh snapshot. Beyond Go.
///
/// ```no_run
/// for p in winsyscall::processes()? {
///     println!("{} {}", p.process_id, p.exe_file_name());
/// }
/// # Ok::<(), winsyscall::Errno>(())
/// ```
pub fn processes() -> Result<Vec<ProcessEntry32>> {
    let snap = create_toolhelp32_snapshot(super::TH32CS_SNAPPROCESS, 0)?;
    let mut out = Vec::new();
    let mut e = ProcessEntry32::default();
    let mut r = process32_first(&snap, &mut e);
    loop {
        match r {
            Ok(()) => out.push(e),
            Err(Errno::ERROR_NO_MORE_FILES) => return Ok(out),
            Err(err) => return Err(err),
        }
        r = process32_next(&snap, &mut e);
    }
}
