//! Beyond Go: an owned child process to wait for, time, terminate or interrupt.

use super::ops::{
    get_exit_code_process, get_process_times, terminate_process, wait_for_single_object,
};
use super::start::{ProcAttr, start_process};
use crate::errno::{Errno, Result};
use crate::sys::cvt;
use crate::wait::{Rusage, WaitStatus};
use std::ffi::OsStr;
use std::os::windows::io::{
    AsHandle, AsRawHandle, BorrowedHandle, IntoRawHandle, OwnedHandle, RawHandle,
};
use windows_sys::Win32::System::Console::GenerateConsoleCtrlEvent;

/// A started process: its id and an owned handle (closed on drop; dropping
/// does not end the process). Beyond Go: Go's `syscall` stops at
/// `StartProcess`; this is what package `os` adds on top (`os.Process`'s
/// `Wait`, `Kill`, `Signal`), done with `WaitForSingleObject`,
/// `GetExitCodeProcess`, `GetProcessTimes`, `TerminateProcess` and
/// `GenerateConsoleCtrlEvent`.
///
/// ```no_run
/// use winsyscall::{Child, ProcAttr};
/// let child = Child::start(r"C:\Windows\System32\cmd.exe", &["cmd", "/c", "exit 3"], &ProcAttr::new())?;
/// let (status, usage) = child.wait_with_rusage()?;
/// assert_eq!(status.exit_status(), 3);
/// println!("user time: {:?}", usage.user_duration());
/// # Ok::<(), winsyscall::Errno>(())
/// ```
#[derive(Debug)]
pub struct Child {
    pid: u32,
    handle: OwnedHandle,
}

impl Child {
    /// [`start_process`] wrapped into a `Child`; program and arguments are
    /// any `AsRef<OsStr>`, passed losslessly.
    pub fn start<S: AsRef<OsStr>>(
        argv0: impl AsRef<OsStr>,
        argv: &[S],
        attr: &ProcAttr<'_>,
    ) -> Result<Child> {
        let (pid, handle) = start_process(argv0, argv, attr)?;
        Ok(Child { pid, handle })
    }

    /// A `Child` from a process id and a handle to that process (with at least
    /// `SYNCHRONIZE` and `PROCESS_QUERY_LIMITED_INFORMATION` access for
    /// waiting), e.g. from [`start_process`] or
    /// [`open_process`](crate::open_process).
    pub fn from_parts(pid: u32, handle: OwnedHandle) -> Child {
        Child { pid, handle }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Gives up the handle (the process goes on).
    pub fn into_handle(self) -> OwnedHandle {
        self.handle
    }

    /// Waits until the process has exited, and returns its [`WaitStatus`]
    /// (`WaitForSingleObject(INFINITE)`, then `GetExitCodeProcess`). May be
    /// called again: the answer stays the same.
    pub fn wait(&self) -> Result<WaitStatus> {
        self.wait_timeout(crate::INFINITE)?
            .ok_or(Errno::WAIT_TIMEOUT)
    }

    /// Waits at most `milliseconds`; `Ok(None)` if the process still runs then.
    pub fn wait_timeout(&self, milliseconds: u32) -> Result<Option<WaitStatus>> {
        match wait_for_single_object(&self.handle, milliseconds)? {
            crate::WAIT_OBJECT_0 => Ok(Some(WaitStatus {
                exit_code: get_exit_code_process(&self.handle)?,
            })),
            crate::WAIT_TIMEOUT => Ok(None),
            // A process handle is never abandoned; report anything else plainly.
            other => Err(Errno(other)),
        }
    }

    /// The [`WaitStatus`] if the process has exited, `None` if it still runs
    /// (a zero-timeout wait; an exit code of 259 is not mistaken for
    /// `STILL_ACTIVE`).
    pub fn try_wait(&self) -> Result<Option<WaitStatus>> {
        self.wait_timeout(0)
    }

    /// The times the process used so far ([`Rusage`] from `GetProcessTimes`;
    /// `exit_time` is zero while it runs).
    pub fn rusage(&self) -> Result<Rusage> {
        get_process_times(&self.handle)
    }

    /// [`wait`](Self::wait), then [`rusage`](Self::rusage): what Go's
    /// `os.Process.Wait` gathers into a `ProcessState`.
    pub fn wait_with_rusage(&self) -> Result<(WaitStatus, Rusage)> {
        let w = self.wait()?;
        Ok((w, self.rusage()?))
    }

    /// Ends the process at once with `exit_code` (`TerminateProcess`). Go's
    /// `os.Process.Kill` uses exit code 1.
    pub fn terminate(&self, exit_code: u32) -> Result<()> {
        terminate_process(&self.handle, exit_code)
    }

    /// Delivers Ctrl+Break to the child's process group
    /// (`GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, pid)`), what Go's
    /// `os.Process.Signal(os.Interrupt)` cannot do and `os/exec` users reach for.
    ///
    /// Works only if the child was started with
    /// [`CREATE_NEW_PROCESS_GROUP`](super::CREATE_NEW_PROCESS_GROUP) (so its
    /// pid is its group id) and shares this process's console. A child that
    /// does not handle the event ends with `STATUS_CONTROL_C_EXIT`
    /// (`0xC000013A`).
    pub fn ctrl_break(&self) -> Result<()> {
        generate_console_ctrl_event(super::CTRL_BREAK_EVENT, self.pid)
    }
}

/// `GenerateConsoleCtrlEvent`: sends `CTRL_C_EVENT` or `CTRL_BREAK_EVENT` to
/// the console process group `process_group_id` (0: every process on this
/// console, this one included). Beyond Go (Go's `syscall` has the `CTRL_*`
/// constants but not the call).
pub fn generate_console_ctrl_event(event: u32, process_group_id: u32) -> Result<()> {
    // SAFETY: plain values.
    cvt(unsafe { GenerateConsoleCtrlEvent(event, process_group_id) }).map(drop)
}

impl AsHandle for Child {
    fn as_handle(&self) -> BorrowedHandle<'_> {
        self.handle.as_handle()
    }
}

impl AsRawHandle for Child {
    fn as_raw_handle(&self) -> RawHandle {
        self.handle.as_raw_handle()
    }
}

impl IntoRawHandle for Child {
    fn into_raw_handle(self) -> RawHandle {
        self.handle.into_raw_handle()
    }
}

impl From<Child> for OwnedHandle {
    fn from(c: Child) -> OwnedHandle {
        c.handle
    }
}
