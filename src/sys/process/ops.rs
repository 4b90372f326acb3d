//! Calls on process handles and on handles in general: open, terminate, exit
//! code, times, waiting, duplication, inheritance flags; and shell32's
//! `CommandLineToArgvW`.

use crate::errno::{Errno, Result};
use crate::sys::{cvt, cvt_null_handle, last_error, raw_handle};
use crate::time::Filetime;
use crate::wait::Rusage;
use crate::wstr::{WideArg, utf16_to_os_string};
use std::ffi::OsString;
use std::os::windows::io::{AsHandle, BorrowedHandle, FromRawHandle, OwnedHandle, RawHandle};
use windows_sys::Win32::Foundation::{
    DUPLICATE_CLOSE_SOURCE, DuplicateHandle, FILETIME, GetHandleInformation, HANDLE,
    HANDLE_FLAG_INHERIT, LocalFree, SetHandleInformation, WAIT_FAILED,
};
use windows_sys::Win32::System::Threading::{
    GetCurrentProcess, GetExitCodeProcess, GetProcessTimes, OpenProcess, TerminateProcess,
    WaitForSingleObject,
};
use windows_sys::Win32::UI::Shell::CommandLineToArgvW;

/// Go: `syscall.GetCurrentProcess`: the current-process pseudo-handle (`-1`).
///
/// Go returns `(Handle, error)` with an error that is always nil; here the
/// handle comes back directly, borrowed for `'static` (it needs no closing and
/// is valid in this process only).
#[doc(alias = "GetCurrentProcess")]
pub fn get_current_process() -> BorrowedHandle<'static> {
    // SAFETY: GetCurrentProcess returns the constant pseudo-handle, which is
    // always valid in this process and never closed.
    unsafe { BorrowedHandle::borrow_raw(GetCurrentProcess() as RawHandle) }
}

/// Go: `syscall.OpenProcess`: a handle to process `pid` with the access
/// `access` (`PROCESS_*`, `SYNCHRONIZE`); NULL is the failure.
#[doc(alias = "OpenProcess")]
pub fn open_process(access: u32, inherit_handle: bool, pid: u32) -> Result<OwnedHandle> {
    // SAFETY: plain values in; the returned handle is new and ours.
    unsafe { cvt_null_handle(OpenProcess(access, inherit_handle.into(), pid)) }
}

/// Go: `syscall.TerminateProcess`: ends the process at once with `exit_code`.
#[doc(alias = "TerminateProcess")]
pub fn terminate_process(process: impl AsHandle, exit_code: u32) -> Result<()> {
    // SAFETY: a valid borrowed handle and a plain value.
    cvt(unsafe { TerminateProcess(raw_handle(&process.as_handle()), exit_code) }).map(drop)
}

/// Go: `syscall.GetExitCodeProcess`: the exit code, or [`STILL_ACTIVE`](super::STILL_ACTIVE)
/// (259) while the process runs.
#[doc(alias = "GetExitCodeProcess")]
pub fn get_exit_code_process(process: impl AsHandle) -> Result<u32> {
    let mut code = 0u32;
    // SAFETY: a valid borrowed handle; `code` is ours for the call.
    cvt(unsafe { GetExitCodeProcess(raw_handle(&process.as_handle()), &mut code) })?;
    Ok(code)
}

/// Go: `syscall.GetProcessTimes`: creation, exit, kernel and user times,
/// returned as a [`Rusage`] (the struct package `os` fills from this call;
/// Go's wrapper takes four `*Filetime`).
#[doc(alias = "GetProcessTimes")]
pub fn get_process_times(process: impl AsHandle) -> Result<Rusage> {
    let mut t = [FILETIME::default(); 4];
    let [c, e, k, u] = &mut t;
    // SAFETY: a valid borrowed handle; the four FILETIMEs are ours.
    cvt(unsafe { GetProcessTimes(raw_handle(&process.as_handle()), c, e, k, u) })?;
    let ft = |f: &FILETIME| Filetime {
        low_date_time: f.dwLowDateTime,
        high_date_time: f.dwHighDateTime,
    };
    Ok(Rusage {
        creation_time: ft(&t[0]),
        exit_time: ft(&t[1]),
        kernel_time: ft(&t[2]),
        user_time: ft(&t[3]),
    })
}

/// Go: `syscall.WaitForSingleObject`: waits up to `milliseconds`
/// ([`INFINITE`](crate::INFINITE) for ever) for `handle` to be signalled.
///
/// Returns the event: [`WAIT_OBJECT_0`](crate::WAIT_OBJECT_0),
/// [`WAIT_TIMEOUT`](crate::WAIT_TIMEOUT) (a success value, as in Go) or
/// [`WAIT_ABANDONED`](crate::WAIT_ABANDONED). Only `WAIT_FAILED` is an error.
#[doc(alias = "WaitForSingleObject")]
pub fn wait_for_single_object(handle: impl AsHandle, milliseconds: u32) -> Result<u32> {
    // SAFETY: a valid borrowed handle and a plain value.
    let r = unsafe { WaitForSingleObject(raw_handle(&handle.as_handle()), milliseconds) };
    if r == WAIT_FAILED {
        Err(last_error())
    } else {
        Ok(r)
    }
}

/// `HANDLE_FLAG_PROTECT_FROM_CLOSE` (0x2): `CloseHandle` on the handle fails
/// while the flag is set. Beyond Go's `syscall` (`x/sys/windows` has it); see
/// [`set_owned_handle_information`].
pub const HANDLE_FLAG_PROTECT_FROM_CLOSE: u32 = 0x2;

/// Go: `syscall.SetHandleInformation`: sets the `HANDLE_FLAG_*` bits of
/// `mask` to their values in `flags` (`SetHandleInformation`).
///
/// `handle` is only borrowed, so `HANDLE_FLAG_PROTECT_FROM_CLOSE` in `mask`
/// gives `EINVAL` without a call: protecting a handle from closing breaks its
/// owner's close (a leak, or an exception under a debugger), and clearing the
/// flag undoes its owner's protection. Use [`set_owned_handle_information`]
/// for a handle you own. Go passes any mask.
#[doc(alias = "SetHandleInformation")]
pub fn set_handle_information(handle: impl AsHandle, mask: u32, flags: u32) -> Result<()> {
    if mask & HANDLE_FLAG_PROTECT_FROM_CLOSE != 0 {
        return Err(Errno::EINVAL);
    }
    set_info(handle.as_handle(), mask, flags)
}

/// [`set_handle_information`] for a handle the caller owns: any mask,
/// `HANDLE_FLAG_PROTECT_FROM_CLOSE` included. Beyond Go.
///
/// While a handle is protected, [`close`](crate::close) fails and dropping the
/// `OwnedHandle` leaks it (under a debugger, Windows raises an exception):
/// clear the flag before letting it go.
#[doc(alias = "SetHandleInformation")]
pub fn set_owned_handle_information(handle: &mut OwnedHandle, mask: u32, flags: u32) -> Result<()> {
    set_info(handle.as_handle(), mask, flags)
}

fn set_info(handle: BorrowedHandle<'_>, mask: u32, flags: u32) -> Result<()> {
    // SAFETY: a valid borrowed handle and plain values.
    cvt(unsafe { SetHandleInformation(raw_handle(&handle), mask, flags) }).map(drop)
}

/// The `HANDLE_FLAG_*` bits of `handle` (`GetHandleInformation`):
/// [`HANDLE_FLAG_INHERIT`](crate::HANDLE_FLAG_INHERIT),
/// [`HANDLE_FLAG_PROTECT_FROM_CLOSE`]. Beyond Go's `syscall` (`x/sys/windows`
/// has it, with an out-parameter).
#[doc(alias = "GetHandleInformation")]
pub fn get_handle_information(handle: impl AsHandle) -> Result<u32> {
    let mut flags = 0u32;
    // SAFETY: a valid borrowed handle; `flags` is ours for the call.
    cvt(unsafe { GetHandleInformation(raw_handle(&handle.as_handle()), &mut flags) })?;
    Ok(flags)
}

/// Go: `syscall.CloseOnExec`: makes `handle` not inheritable
/// (`SetHandleInformation(h, HANDLE_FLAG_INHERIT, 0)`). The error is ignored,
/// as in Go.
#[doc(alias = "CloseOnExec")]
pub fn close_on_exec(handle: impl AsHandle) {
    let _ = set_handle_information(handle, HANDLE_FLAG_INHERIT, 0);
}

/// Go: `syscall.SetNonblock`: does nothing and succeeds, as in Go (Windows
/// handles have no non-blocking mode; overlapped I/O is chosen at open time).
#[doc(alias = "SetNonblock")]
pub fn set_nonblock(_handle: impl AsHandle, _nonblocking: bool) -> Result<()> {
    Ok(())
}

fn check_options(options: u32) -> Result<()> {
    // Closing the source would close a handle we only borrow.
    if options & DUPLICATE_CLOSE_SOURCE != 0 {
        Err(Errno::EINVAL)
    } else {
        Ok(())
    }
}

/// Go: `syscall.DuplicateHandle`, for the common case: a new handle, in this
/// process, to the object `source` (a handle of this process) refers to.
///
/// `access` is the access of the new handle (ignored with
/// `DUPLICATE_SAME_ACCESS`), `inherit` makes it inheritable, `options` is
/// `DUPLICATE_SAME_ACCESS` or 0. `DUPLICATE_CLOSE_SOURCE` gives `EINVAL`:
/// `source` is only borrowed (drop or [`close`](crate::close) it instead).
/// See [`duplicate_handle_to`] to place the new handle in another process.
#[doc(alias = "DuplicateHandle")]
pub fn duplicate_handle(
    source: impl AsHandle,
    access: u32,
    inherit: bool,
    options: u32,
) -> Result<OwnedHandle> {
    check_options(options)?;
    let me = get_current_process();
    let v = duplicate_raw(
        raw_handle(&me),
        raw_handle(&source.as_handle()),
        raw_handle(&me),
        access,
        inherit,
        options,
    )?;
    // SAFETY: DuplicateHandle made a new handle in this process; we own it.
    Ok(unsafe { OwnedHandle::from_raw_handle(v as RawHandle) })
}

/// Go: `syscall.DuplicateHandle` into another process: a new handle, valid in
/// `target_process` (opened with `PROCESS_DUP_HANDLE`), to the object `source`
/// refers to. The result is the handle's value **in the target process**; it
/// means nothing here and is not closed by this process.
///
/// `DUPLICATE_CLOSE_SOURCE` gives `EINVAL`, as in [`duplicate_handle`].
#[doc(alias = "DuplicateHandle")]
pub fn duplicate_handle_to(
    target_process: impl AsHandle,
    source: impl AsHandle,
    access: u32,
    inherit: bool,
    options: u32,
) -> Result<usize> {
    check_options(options)?;
    let me = get_current_process();
    duplicate_raw(
        raw_handle(&me),
        raw_handle(&source.as_handle()),
        raw_handle(&target_process.as_handle()),
        access,
        inherit,
        options,
    )
    .map(|v| v as usize)
}

pub(super) fn duplicate_raw(
    source_process: HANDLE,
    source: HANDLE,
    target_process: HANDLE,
    access: u32,
    inherit: bool,
    options: u32,
) -> Result<HANDLE> {
    let mut out: HANDLE = core::ptr::null_mut();
    // SAFETY: the handles are valid (borrowed by the callers) and `out` is ours.
    cvt(unsafe {
        DuplicateHandle(
            source_process,
            source,
            target_process,
            &mut out,
            access,
            inherit.into(),
            options,
        )
    })?;
    Ok(out)
}

/// Closes handle value `value` inside `process` (`DuplicateHandle` with
/// `DUPLICATE_CLOSE_SOURCE` and no target), as Go's `StartProcess` cleans up
/// the handles it placed in a parent process.
///
/// # Safety
/// `value` must be a handle of `process` that the caller owns; if `process`
/// is this process, nothing else may use or close `value`.
pub(super) unsafe fn close_handle_in(process: HANDLE, value: HANDLE) -> Result<()> {
    // SAFETY: per the caller; no target handle is produced.
    cvt(unsafe {
        DuplicateHandle(
            process,
            value,
            core::ptr::null_mut(),
            core::ptr::null_mut(),
            0,
            0,
            DUPLICATE_CLOSE_SOURCE,
        )
    })
    .map(drop)
}

/// Go: `syscall.CommandLineToArgv`: shell32's own `CommandLineToArgvW`, the
/// result copied out and the array freed with `LocalFree`.
///
/// Go hands back the raw `*[8192]*[8192]uint16` and leaves freeing to the
/// caller; here the arguments come back owned and lossless. An empty command
/// line gives the path of the running program, as Windows does. A NUL inside
/// `cmd` gives `EINVAL`. The portable parser with the same rules is
/// [`command_line_to_argv`](crate::command_line_to_argv).
#[doc(alias = "CommandLineToArgv")]
#[doc(alias = "CommandLineToArgvW")]
pub fn command_line_to_argv_w(cmd: impl WideArg) -> Result<Vec<OsString>> {
    let (argv, argc) = cmd.with_wide(|w| {
        let mut argc = 0i32;
        // SAFETY: `w` is NUL-terminated and lives for the call.
        let argv = unsafe { CommandLineToArgvW(w.as_ptr(), &mut argc) };
        (argv, argc)
    })?;
    if argv.is_null() {
        return Err(last_error());
    }
    let mut out = Vec::with_capacity(argc.max(0) as usize);
    for i in 0..argc.max(0) as usize {
        // SAFETY: shell32 returned `argc` pointers to NUL-terminated strings,
        // all inside the block we free below, after this copy.
        let units = unsafe {
            let p = *argv.add(i);
            let mut n = 0;
            while *p.add(n) != 0 {
                n += 1;
            }
            core::slice::from_raw_parts(p, n)
        };
        out.push(utf16_to_os_string(units));
    }
    // SAFETY: the block came from CommandLineToArgvW, which says LocalFree it.
    unsafe { LocalFree(argv.cast()) };
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_source_is_refused() {
        let me = get_current_process();
        assert_eq!(
            duplicate_handle(me, 0, false, DUPLICATE_CLOSE_SOURCE).err(),
            Some(Errno::EINVAL)
        );
        assert_eq!(
            duplicate_handle_to(me, me, 0, false, DUPLICATE_CLOSE_SOURCE | 2).err(),
            Some(Errno::EINVAL)
        );
    }
}
