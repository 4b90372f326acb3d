//! Go's `StartProcess` with `ProcAttr` and `SysProcAttr`, the path rules
//! it applies (`joinExeDirAndFName`), and the `CreateProcess` wrappers under it.

use super::attrlist::ProcThreadAttributeList;
use super::identity::StartupInfo;
use super::ops::{close_handle_in, duplicate_raw, get_current_process};
use crate::cmdline::make_cmd_line;
use crate::envblock::create_sorted_env_block;
use crate::errno::{Errno, Result};
use crate::sys::handle::SecurityAttributes;
use crate::sys::{cvt, last_error, raw_handle};
use crate::wstr::{WideArg, WideCString, utf16_to_os_string};
use std::ffi::{OsStr, OsString};
use std::os::windows::ffi::OsStrExt;
use std::os::windows::io::{AsHandle, BorrowedHandle, FromRawHandle, OwnedHandle, RawHandle};
use std::sync::RwLock;
use windows_sys::Win32::Foundation::{DUPLICATE_SAME_ACCESS, HANDLE};
use windows_sys::Win32::Security::SECURITY_ATTRIBUTES;
use windows_sys::Win32::Storage::FileSystem::GetFullPathNameW;
use windows_sys::Win32::System::Threading::{
    CreateProcessAsUserW, CreateProcessW, PROCESS_INFORMATION, STARTF_USESHOWWINDOW,
    STARTF_USESTDHANDLES, STARTUPINFOEXW, STARTUPINFOW,
};

/// Go: `syscall.ForkLock`, kept for API compatibility only.
///
/// Go's comment: "ForkLock is not used on Windows". Since Go 1.17 (and here)
/// `start_process` passes an explicit handle list, so handles created
/// concurrently cannot leak into a child and no lock is needed. Nothing in this
/// crate takes it.
#[doc(alias = "ForkLock")]
pub static FORK_LOCK: RwLock<()> = RwLock::new(());

/// Go: `syscall.Exec`: always `EWINDOWS` (Windows cannot replace a running
/// process image; start a new process with [`start_process`] instead).
#[doc(alias = "Exec")]
pub fn exec<S: AsRef<OsStr>>(_argv0: impl AsRef<OsStr>, _argv: &[S], _envv: &[S]) -> Result<()> {
    Err(Errno::EWINDOWS)
}

/// Go: `syscall.SysProcAttr`: the Windows-specific part of [`ProcAttr`].
///
/// `Default` is Go's zero value. Handles are borrowed for `'a`, so they stay
/// open at least until `start_process` returns.
#[derive(Clone, Debug, Default)]
pub struct SysProcAttr<'a> {
    /// Go: `HideWindow`: start with `STARTF_USESHOWWINDOW` and `SW_HIDE`.
    pub hide_window: bool,
    /// Go: `CmdLine`: the command line to pass as is; when empty, it is built
    /// from `argv` with [`make_cmd_line`](crate::make_cmd_line).
    pub cmd_line: String,
    /// Go: `CreationFlags`: extra `CREATE_*` flags, e.g.
    /// [`CREATE_NEW_PROCESS_GROUP`](super::CREATE_NEW_PROCESS_GROUP).
    pub creation_flags: u32,
    /// Go: `Token`: if set, the process runs as that user
    /// (`CreateProcessAsUserW`; the token needs `TOKEN_QUERY`,
    /// `TOKEN_DUPLICATE` and `TOKEN_ASSIGN_PRIMARY`).
    pub token: Option<BorrowedHandle<'a>>,
    /// Go: `ProcessAttributes`: security attributes of the new process object.
    pub process_attributes: Option<&'a SecurityAttributes>,
    /// Go: `ThreadAttributes`: security attributes of its main thread.
    pub thread_attributes: Option<&'a SecurityAttributes>,
    /// Go: `NoInheritHandles`: inherit nothing, not even the standard handles.
    pub no_inherit_handles: bool,
    /// Go: `AdditionalInheritedHandles`: more handles to inherit; they must
    /// already be inheritable (and, with `parent_process`, live in that
    /// process, since the child inherits from it).
    pub additional_inherited_handles: Vec<BorrowedHandle<'a>>,
    /// Go: `ParentProcess`: a process (opened with `PROCESS_CREATE_PROCESS`,
    /// and `PROCESS_DUP_HANDLE` when standard handles are given) that the new
    /// process will regard as its parent.
    pub parent_process: Option<BorrowedHandle<'a>>,
}

/// Go: `syscall.ProcAttr`: what [`start_process`] needs besides the program
/// and its arguments.
///
/// `Default` is Go's zero value, which `start_process` rejects (`files` must
/// hold exactly three entries); [`ProcAttr::new`] starts from this process's
/// own standard handles.
#[derive(Clone, Debug, Default)]
pub struct ProcAttr<'a> {
    /// Go: `Dir`: the working directory of the new process; `None` (or empty)
    /// keeps this process's. A relative program name is then looked up from
    /// this directory (see [`join_exe_dir_and_fname`]).
    pub dir: Option<OsString>,
    /// Go: `Env`: the environment, `"KEY=value"` entries. **Empty gives the child
    /// an empty environment**, exactly as Go's `StartProcess` (pass
    /// `std::env::vars_os()` entries to hand on this process's). Entries are
    /// sorted by name as Windows requires; a NUL in one gives `EINVAL`.
    pub env: Vec<OsString>,
    /// Go: `Files`: standard input, output and error, in that order; exactly
    /// three entries (more: `EWINDOWS`, fewer: `EINVAL`, as in Go). `None` is
    /// Go's 0: the child gets no such handle. Each handle is duplicated
    /// (inheritable) for the child; the caller's handle is left alone.
    pub files: Vec<Option<BorrowedHandle<'a>>>,
    /// Go: `Sys`: the Windows-specific attributes.
    pub sys: SysProcAttr<'a>,
}

impl ProcAttr<'static> {
    /// A `ProcAttr` whose `files` are this process's standard handles (those it
    /// has), with everything else at Go's zero values: no directory change and
    /// an **empty** environment. Beyond Go.
    pub fn new() -> ProcAttr<'static> {
        ProcAttr {
            files: vec![
                crate::sys::handle::stdin(),
                crate::sys::handle::stdout(),
                crate::sys::handle::stderr(),
            ],
            ..ProcAttr::default()
        }
    }
}

fn is_slash(u: u16) -> bool {
    u == b'\\' as u16 || u == b'/' as u16
}

fn vol_upper(u: u16) -> u16 {
    if (b'a' as u16..=b'z' as u16).contains(&u) {
        u - 32
    } else {
        u
    }
}

/// Go: `syscall.FullPath` on UTF-16 units (`GetFullPathNameW` from a 100-unit
/// buffer, grown as asked).
fn full_path(name: &[u16]) -> Result<Vec<u16>> {
    let z = WideCString::from_units(name.to_vec())?;
    let mut buf = vec![0u16; 100];
    loop {
        let len = crate::sys::clamp_len(buf.len());
        // SAFETY: `z` is NUL-terminated; `buf` holds `len` units.
        let n =
            unsafe { GetFullPathNameW(z.as_ptr(), len, buf.as_mut_ptr(), core::ptr::null_mut()) };
        if n == 0 {
            return Err(last_error());
        }
        if n <= len {
            buf.truncate(n as usize);
            if let Some(p) = buf.iter().position(|&u| u == 0) {
                buf.truncate(p);
            }
            return Ok(buf);
        }
        buf = vec![0u16; n as usize];
    }
}

fn normalize_dir(dir: &[u16]) -> Result<Vec<u16>> {
    let d = full_path(dir)?;
    if d.len() > 2 && is_slash(d[0]) && is_slash(d[1]) {
        // A \\server\share directory cannot anchor a relative program name.
        return Err(Errno::EINVAL);
    }
    Ok(d)
}

fn join_units(dir: &[u16], p: &[u16]) -> Result<Vec<u16>> {
    let bs = b'\\' as u16;
    if p.is_empty() {
        return Err(Errno::EINVAL);
    }
    if p.len() > 2 && is_slash(p[0]) && is_slash(p[1]) {
        return Ok(p.to_vec()); // \\server\share\path
    }
    if p.len() > 1 && p[1] == b':' as u16 {
        if p.len() == 2 {
            return Err(Errno::EINVAL);
        }
        if is_slash(p[2]) {
            return Ok(p.to_vec()); // X:\path
        }
        let d = normalize_dir(dir)?;
        if d.first().map(|&c| vol_upper(c)) == Some(vol_upper(p[0])) {
            full_path(&[&d[..], &[bs], &p[2..]].concat())
        } else {
            full_path(p)
        }
    } else {
        let d = normalize_dir(dir)?;
        if is_slash(p[0]) {
            full_path(&[d.get(..2).unwrap_or(&d), p].concat())
        } else {
            full_path(&[&d[..], &[bs], p].concat())
        }
    }
}

/// Go (unexported): `joinExeDirAndFName`: the program path `start_process`
/// uses when a directory is given, since `CreateProcess` looks the program up
/// from the *current* directory while Go means it relative to `dir`.
///
/// * `p` empty, or a bare drive (`X:`): `EINVAL`;
/// * `\\server\…` (two slashes of either kind) or `X:\…`: `p` unchanged;
/// * `X:rel`: `FullPath(dir\rel)` when `X` is `dir`'s drive (ASCII case
///   ignored), `FullPath(X:rel)` otherwise;
/// * `\rest`: `FullPath` of `dir`'s drive followed by `\rest`;
/// * otherwise `FullPath(dir\p)`.
///
/// `dir` itself goes through `FullPath` (`GetFullPathNameW`), and a UNC `dir`
/// gives `EINVAL` in the branches that use it. A NUL in either gives `EINVAL`.
#[doc(alias = "joinExeDirAndFName")]
pub fn join_exe_dir_and_fname(dir: impl AsRef<OsStr>, p: impl AsRef<OsStr>) -> Result<OsString> {
    let d: Vec<u16> = dir.as_ref().encode_wide().collect();
    let p: Vec<u16> = p.as_ref().encode_wide().collect();
    if d.contains(&0) || p.contains(&0) {
        return Err(Errno::EINVAL);
    }
    join_units(&d, &p).map(|v| utf16_to_os_string(&v))
}

/// Go: `syscall.ProcessInformation`, Windows' `PROCESS_INFORMATION`, with
/// owned handles (closed on drop).
#[derive(Debug)]
pub struct ProcessInformation {
    /// Go: `Process`: the new process.
    pub process: OwnedHandle,
    /// Go: `Thread`: its main thread.
    pub thread: OwnedHandle,
    /// Go: `ProcessId`.
    pub process_id: u32,
    /// Go: `ThreadId`.
    pub thread_id: u32,
}

/// Everything a CreateProcess call needs, NUL-terminated and kept alive.
struct Launch<'s> {
    app_name: Option<WideCString>,
    command_line: Option<Vec<u16>>, // writable, NUL-terminated
    process_attributes: Option<&'s SecurityAttributes>,
    thread_attributes: Option<&'s SecurityAttributes>,
    inherit_handles: bool,
    creation_flags: u32,
    env: Option<&'s [u16]>,
    current_dir: Option<WideCString>,
    token: Option<HANDLE>,
}

impl Launch<'_> {
    /// # Safety
    /// `si` must point to a valid STARTUPINFOW (or the StartupInfo of a
    /// STARTUPINFOEXW whose attribute list is alive, with
    /// EXTENDED_STARTUPINFO_PRESENT in the flags), and `token` (if any) must be
    /// a valid handle.
    unsafe fn run(mut self, si: *const STARTUPINFOW) -> Result<ProcessInformation> {
        let sa = |s: Option<&SecurityAttributes>| {
            s.map_or(core::ptr::null::<SECURITY_ATTRIBUTES>(), |s| s.as_ptr())
        };
        let opt = |w: &Option<WideCString>| w.as_ref().map_or(core::ptr::null(), |w| w.as_ptr());
        let cmd = self
            .command_line
            .as_mut()
            .map_or(core::ptr::null_mut(), |v| v.as_mut_ptr());
        let env = self.env.map_or(core::ptr::null(), |e| e.as_ptr().cast());
        let mut pi = PROCESS_INFORMATION::default();
        // SAFETY: every pointer is NULL or points to live, NUL-terminated data
        // owned by `self` (the command line is writable, as CreateProcessW
        // requires); `si` per the caller; `pi` is ours.
        let ok = unsafe {
            match self.token {
                Some(t) => CreateProcessAsUserW(
                    t,
                    opt(&self.app_name),
                    cmd,
                    sa(self.process_attributes),
                    sa(self.thread_attributes),
                    self.inherit_handles.into(),
                    self.creation_flags,
                    env,
                    opt(&self.current_dir),
                    si,
                    &mut pi,
                ),
                None => CreateProcessW(
                    opt(&self.app_name),
                    cmd,
                    sa(self.process_attributes),
                    sa(self.thread_attributes),
                    self.inherit_handles.into(),
                    self.creation_flags,
                    env,
                    opt(&self.current_dir),
                    si,
                    &mut pi,
                ),
            }
        };
        cvt(ok)?;
        // SAFETY: CreateProcess gave us both handles; we own them now.
        unsafe {
            Ok(ProcessInformation {
                process: OwnedHandle::from_raw_handle(pi.hProcess as RawHandle),
                thread: OwnedHandle::from_raw_handle(pi.hThread as RawHandle),
                process_id: pi.dwProcessId,
                thread_id: pi.dwThreadId,
            })
        }
    }
}

fn wide_opt(s: Option<&OsStr>) -> Result<Option<WideCString>> {
    s.map(WideCString::new).transpose()
}

fn writable(s: Option<&OsStr>) -> Result<Option<Vec<u16>>> {
    s.map(|s| s.with_wide(|w| w.to_vec())).transpose()
}

fn check_env_block(env: Option<&[u16]>) -> Result<()> {
    match env {
        Some(e) if e.len() < 2 || e[e.len() - 1] != 0 || e[e.len() - 2] != 0 => Err(Errno::EINVAL),
        _ => Ok(()),
    }
}

/// Builds the STARTUPINFOW for `info` (its strings kept in the returned
/// holders) and runs `launch` with it, plain or extended.
fn launch_with(
    launch: Launch<'_>,
    info: &StartupInfo,
    list: Option<&ProcThreadAttributeList<'_>>,
) -> Result<ProcessInformation> {
    let desktop = info.desktop.as_deref().map(WideCString::new).transpose()?;
    let title = info.title.as_deref().map(WideCString::new).transpose()?;
    let mut si = STARTUPINFOEXW::default();
    let s = &mut si.StartupInfo;
    s.lpDesktop = desktop
        .as_ref()
        .map_or(core::ptr::null_mut(), |w| w.as_ptr().cast_mut());
    s.lpTitle = title
        .as_ref()
        .map_or(core::ptr::null_mut(), |w| w.as_ptr().cast_mut());
    s.dwX = info.x;
    s.dwY = info.y;
    s.dwXSize = info.x_size;
    s.dwYSize = info.y_size;
    s.dwXCountChars = info.x_count_chars;
    s.dwYCountChars = info.y_count_chars;
    s.dwFillAttribute = info.fill_attribute;
    s.dwFlags = info.flags;
    s.wShowWindow = info.show_window;
    s.hStdInput = info.std_input as HANDLE;
    s.hStdOutput = info.std_output as HANDLE;
    s.hStdError = info.std_err as HANDLE;
    let mut launch = launch;
    match list {
        Some(l) => {
            s.cb = size_of::<STARTUPINFOEXW>() as u32;
            si.lpAttributeList = l.as_ptr();
            launch.creation_flags |= super::EXTENDED_STARTUPINFO_PRESENT;
        }
        None => s.cb = size_of::<STARTUPINFOW>() as u32,
    }
    // SAFETY: `si` is fully built; its strings (`desktop`, `title`) and the
    // attribute list outlive the call; the token was borrowed by the caller.
    unsafe { launch.run(&si.StartupInfo) }
}

/// Go: `syscall.CreateProcess`: `CreateProcessW`, wrapped safely.
///
/// * `app_name`, `command_line`, `current_dir`: `None` passes NULL; a NUL
///   inside gives `EINVAL`. The command line is copied into the writable
///   buffer Windows requires.
/// * `env`: a UTF-16 environment block (as [`create_env_block`](crate::create_env_block)
///   makes), or `None` to inherit this process's; `CREATE_UNICODE_ENVIRONMENT`
///   is added. A block not ending in two NULs gives `EINVAL`.
/// * `startup_info`: `cb` is filled in; the raw std handle values are passed
///   as given (with `STARTF_USESTDHANDLES`).
/// * `attribute_list` (beyond Go's signature): when given, `STARTUPINFOEXW`
///   and `EXTENDED_STARTUPINFO_PRESENT` are used.
///
/// Go takes raw pointers and a `*ProcessInformation` to fill; here the
/// [`ProcessInformation`] is returned with owned handles.
#[doc(alias = "CreateProcess")]
#[allow(clippy::too_many_arguments)]
pub fn create_process(
    app_name: Option<&OsStr>,
    command_line: Option<&OsStr>,
    process_attributes: Option<&SecurityAttributes>,
    thread_attributes: Option<&SecurityAttributes>,
    inherit_handles: bool,
    creation_flags: u32,
    env: Option<&[u16]>,
    current_dir: Option<&OsStr>,
    startup_info: &StartupInfo,
    attribute_list: Option<&ProcThreadAttributeList<'_>>,
) -> Result<ProcessInformation> {
    launch_raw(
        None,
        app_name,
        command_line,
        process_attributes,
        thread_attributes,
        inherit_handles,
        creation_flags,
        env,
        current_dir,
        startup_info,
        attribute_list,
    )
}

/// The body of [`create_process`] and [`create_process_as_user`].
#[allow(clippy::too_many_arguments)]
fn launch_raw(
    token: Option<HANDLE>,
    app_name: Option<&OsStr>,
    command_line: Option<&OsStr>,
    process_attributes: Option<&SecurityAttributes>,
    thread_attributes: Option<&SecurityAttributes>,
    inherit_handles: bool,
    creation_flags: u32,
    env: Option<&[u16]>,
    current_dir: Option<&OsStr>,
    startup_info: &StartupInfo,
    attribute_list: Option<&ProcThreadAttributeList<'_>>,
) -> Result<ProcessInformation> {
    check_env_block(env)?;
    let unicode = if env.is_some() {
        super::CREATE_UNICODE_ENVIRONMENT
    } else {
        0
    };
    let launch = Launch {
        app_name: wide_opt(app_name)?,
        command_line: writable(command_line)?,
        process_attributes,
        thread_attributes,
        inherit_handles,
        creation_flags: creation_flags | unicode,
        env,
        current_dir: wide_opt(current_dir)?,
        token,
    };
    launch_with(launch, startup_info, attribute_list)
}

/// Go: `syscall.CreateProcessAsUser`: as [`create_process`], run in the
/// security context of `token` (`CreateProcessAsUserW`).
#[doc(alias = "CreateProcessAsUser")]
#[allow(clippy::too_many_arguments)]
pub fn create_process_as_user(
    token: impl AsHandle,
    app_name: Option<&OsStr>,
    command_line: Option<&OsStr>,
    process_attributes: Option<&SecurityAttributes>,
    thread_attributes: Option<&SecurityAttributes>,
    inherit_handles: bool,
    creation_flags: u32,
    env: Option<&[u16]>,
    current_dir: Option<&OsStr>,
    startup_info: &StartupInfo,
    attribute_list: Option<&ProcThreadAttributeList<'_>>,
) -> Result<ProcessInformation> {
    launch_raw(
        Some(raw_handle(&token.as_handle())),
        app_name,
        command_line,
        process_attributes,
        thread_attributes,
        inherit_handles,
        creation_flags,
        env,
        current_dir,
        startup_info,
        attribute_list,
    )
}

/// The standard-handle duplicates placed in the (possibly foreign) parent,
/// closed there when `start_process` returns, as Go's deferred cleanup does.
struct Dups {
    parent: HANDLE,
    handles: [HANDLE; 3],
}

impl Drop for Dups {
    fn drop(&mut self) {
        for &h in self.handles.iter().filter(|h| !h.is_null()) {
            // SAFETY: `h` was made by DuplicateHandle in `parent` for this call
            // only, and nothing else knows it.
            let _ = unsafe { close_handle_in(self.parent, h) };
        }
    }
}

/// Go: `syscall.StartProcess`: starts `argv0` with arguments `argv` and
/// returns the new process id and an owned handle to it.
///
/// Exactly Go's steps:
/// 1. `argv0` empty: `EWINDOWS`. `attr.files` must have three entries
///    (more: `EWINDOWS`; fewer: `EINVAL`).
/// 2. With `attr.dir`, `argv0` is made absolute by [`join_exe_dir_and_fname`].
/// 3. The command line is `sys.cmd_line`, or [`make_cmd_line`](crate::make_cmd_line)`(argv)`;
///    an empty one passes NULL (Windows then uses the program name).
///    `argv[0]` is taken from `argv`, not from `argv0`, as in Go.
/// 4. Each given standard handle is duplicated, inheritable, into the parent
///    (`sys.parent_process` or this process); the duplicates are closed on
///    return. `None` gives the child a NULL standard handle.
/// 5. A 2-slot [`ProcThreadAttributeList`] gets `PARENT_PROCESS` (if set) and
///    a `HANDLE_LIST` of the duplicates plus `additional_inherited_handles`,
///    so **only those handles are inherited** (none at all with
///    `no_inherit_handles`).
/// 6. The environment block is `attr.env` sorted (empty env: empty
///    environment); flags are `creation_flags | CREATE_UNICODE_ENVIRONMENT |
///    EXTENDED_STARTUPINFO_PRESENT`; `STARTF_USESTDHANDLES`, plus
///    `STARTF_USESHOWWINDOW`/`SW_HIDE` with `hide_window`.
/// 7. `CreateProcessAsUserW` with `sys.token`, otherwise `CreateProcessW`;
///    the thread handle is closed.
///
/// Program and arguments are any `AsRef<OsStr>` (`&str`, `String`, `&OsStr`,
/// `&Path`…) and reach the child losslessly: an argument that is not valid
/// Unicode (an unpaired surrogate) is passed unit for unit.
///
/// Errors: a NUL in the program, an argument, the command line, the directory
/// or an environment entry gives `EINVAL`; a missing program gives
/// `ERROR_FILE_NOT_FOUND` (from Windows). Go returns the handle as a bare
/// `uintptr`; here it is an [`OwnedHandle`]. See [`Child`](super::Child) to
/// wait for the process.
///
/// ```no_run
/// use winsyscall::{ProcAttr, start_process, wait_for_single_object, get_exit_code_process, INFINITE};
/// let attr = ProcAttr::new();
/// let (_pid, h) = start_process(r"C:\Windows\System32\cmd.exe", &["cmd", "/c", "exit 3"], &attr)?;
/// wait_for_single_object(&h, INFINITE)?;
/// assert_eq!(get_exit_code_process(&h)?, 3);
/// # Ok::<(), winsyscall::Errno>(())
/// ```
#[doc(alias = "StartProcess")]
pub fn start_process<S: AsRef<OsStr>>(
    argv0: impl AsRef<OsStr>,
    argv: &[S],
    attr: &ProcAttr<'_>,
) -> Result<(u32, OwnedHandle)> {
    let argv0 = argv0.as_ref();
    if argv0.is_empty() {
        return Err(Errno::EWINDOWS);
    }
    let sys = &attr.sys;
    if attr.files.len() > 3 {
        return Err(Errno::EWINDOWS);
    }
    if attr.files.len() < 3 {
        return Err(Errno::EINVAL);
    }
    let dir = attr.dir.as_deref().filter(|d| !d.is_empty());
    let program = match dir {
        Some(d) => join_exe_dir_and_fname(d, argv0)?,
        None => argv0.to_owned(),
    };
    let app_name = WideCString::new(&program)?;
    let cmdline: OsString = if sys.cmd_line.is_empty() {
        let args: Vec<&OsStr> = argv.iter().map(AsRef::as_ref).collect();
        make_cmd_line(&args)
    } else {
        sys.cmd_line.clone().into()
    };
    let command_line = if cmdline.is_empty() {
        None
    } else {
        Some(cmdline.with_wide(|w| w.to_vec())?)
    };
    let current_dir = dir.map(WideCString::new).transpose()?;

    let me = raw_handle(&get_current_process());
    let parent = sys.parent_process.as_ref().map_or(me, raw_handle);
    let mut dups = Dups {
        parent,
        handles: [core::ptr::null_mut(); 3],
    };
    for (i, f) in attr.files.iter().enumerate() {
        if let Some(h) = f {
            dups.handles[i] =
                duplicate_raw(me, raw_handle(h), parent, 0, true, DUPLICATE_SAME_ACCESS)?;
        }
    }

    let mut list = ProcThreadAttributeList::new(2)?;
    if let Some(p) = sys.parent_process {
        list.set_parent_process(p)?;
    }
    let mut flags = STARTF_USESTDHANDLES;
    let mut show = 0u16;
    if sys.hide_window {
        flags |= STARTF_USESHOWWINDOW;
        show = super::SW_HIDE;
    }
    // The inherit list: the duplicates and the additional handles, NULLs
    // removed (one NULL would make Windows ignore the whole list).
    let inherit: Vec<HANDLE> = dups
        .handles
        .iter()
        .copied()
        .chain(sys.additional_inherited_handles.iter().map(raw_handle))
        .filter(|h| !h.is_null())
        .collect();
    let will_inherit = !inherit.is_empty() && !sys.no_inherit_handles;
    if will_inherit {
        // SAFETY: the duplicates live in `parent` until `dups` drops (after
        // CreateProcess); the additional handles are borrowed for 'a.
        unsafe { list.set_handle_list_raw(&inherit)? };
    }
    let env = create_sorted_env_block(&attr.env)?;

    let info = StartupInfo {
        flags,
        show_window: show,
        std_input: dups.handles[0] as usize,
        std_output: dups.handles[1] as usize,
        std_err: dups.handles[2] as usize,
        ..StartupInfo::default()
    };
    let launch = Launch {
        app_name: Some(app_name),
        command_line,
        process_attributes: sys.process_attributes,
        thread_attributes: sys.thread_attributes,
        inherit_handles: will_inherit,
        creation_flags: sys.creation_flags | super::CREATE_UNICODE_ENVIRONMENT,
        env: Some(&env),
        current_dir,
        token: sys.token.as_ref().map(raw_handle),
    };
    let pi = launch_with(launch, &info, Some(&list))?;
    drop(pi.thread);
    drop(dups);
    Ok((pi.process_id, pi.process))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &OsString) -> String {
        x.to_string_lossy().into_owned()
    }

    #[test]
    fn join_exe_dir_and_fname_rules() {
        let dir = r"C:\work\dir";
        assert_eq!(join_exe_dir_and_fname(dir, ""), Err(Errno::EINVAL));
        assert_eq!(join_exe_dir_and_fname(dir, "C:"), Err(Errno::EINVAL));
        assert_eq!(join_exe_dir_and_fname(dir, "a\0b"), Err(Errno::EINVAL));
        assert_eq!(
            s(&join_exe_dir_and_fname(dir, r"\\srv\share\p.exe").unwrap()),
            r"\\srv\share\p.exe"
        );
        assert_eq!(
            s(&join_exe_dir_and_fname(dir, r"//srv/share/p.exe").unwrap()),
            r"//srv/share/p.exe"
        );
        assert_eq!(
            s(&join_exe_dir_and_fname(dir, r"D:\x\p.exe").unwrap()),
            r"D:\x\p.exe"
        );
        assert_eq!(
            s(&join_exe_dir_and_fname(dir, r"D:/x/p.exe").unwrap()),
            r"D:/x/p.exe"
        );
        assert_eq!(
            s(&join_exe_dir_and_fname(dir, "p.exe").unwrap()),
            r"C:\work\dir\p.exe"
        );
        assert_eq!(
            s(&join_exe_dir_and_fname(dir, r"sub\..\p.exe").unwrap()),
            r"C:\work\dir\p.exe"
        );
        assert_eq!(
            s(&join_exe_dir_and_fname(dir, r"\top\p.exe").unwrap()),
            r"C:\top\p.exe"
        );
        assert_eq!(
            s(&join_exe_dir_and_fname(dir, r"c:rel\p.exe").unwrap()),
            r"C:\work\dir\rel\p.exe"
        );
        assert_eq!(
            join_exe_dir_and_fname(r"\\srv\share\dir", "p.exe"),
            Err(Errno::EINVAL)
        );
        assert_eq!(
            s(&join_exe_dir_and_fname(r"\\srv\share\dir", r"C:\p.exe").unwrap()),
            r"C:\p.exe"
        );
    }

    #[test]
    fn start_process_argument_rules() {
        let one: [Option<BorrowedHandle<'_>>; 1] = [None];
        let mut attr = ProcAttr {
            files: vec![None; 3],
            ..ProcAttr::default()
        };
        assert_eq!(
            start_process("", &["x"], &attr).err(),
            Some(Errno::EWINDOWS)
        );
        attr.files = vec![None; 4];
        assert_eq!(
            start_process("x.exe", &["x"], &attr).err(),
            Some(Errno::EWINDOWS)
        );
        attr.files = one.to_vec();
        assert_eq!(
            start_process("x.exe", &["x"], &attr).err(),
            Some(Errno::EINVAL)
        );
        attr.files = vec![None; 3];
        assert_eq!(
            start_process("x\0.exe", &["x"], &attr).err(),
            Some(Errno::EINVAL)
        );
        assert_eq!(
            start_process("x.exe", &["x", "a\0b"], &attr).err(),
            Some(Errno::EINVAL)
        );
        attr.env = vec!["A=\0".into()];
        assert_eq!(
            start_process("x.exe", &["x"], &attr).err(),
            Some(Errno::EINVAL)
        );
    }

    #[test]
    fn create_process_checks_env_block() {
        let si = StartupInfo::default();
        let bad = create_process(
            None,
            Some(OsStr::new("x")),
            None,
            None,
            false,
            0,
            Some(&[0x41, 0]),
            None,
            &si,
            None,
        );
        assert_eq!(bad.err(), Some(Errno::EINVAL));
        let nul = create_process(
            Some(OsStr::new("a\0")),
            None,
            None,
            None,
            false,
            0,
            None,
            None,
            &si,
            None,
        );
        assert_eq!(nul.err(), Some(Errno::EINVAL));
    }
}
