//! Directories and names: create, remove, rename, the current directory, and the
//! full, long, short, final and temporary path names.

use super::{fill_wide, with_path};
use crate::errno::{ErrnoWith, Result};
use crate::sys::{cvt, raw_handle, units_to_path};
use crate::wstr::{WideArg, utf16_to_string};
use std::os::windows::io::AsHandle;
use std::path::PathBuf;
use windows_sys::Win32::Storage::FileSystem::{
    CreateDirectoryW, DeleteFileW, GetFinalPathNameByHandleW, GetFullPathNameW, GetLongPathNameW,
    GetShortPathNameW, GetTempPathW, MOVEFILE_REPLACE_EXISTING, MoveFileExW, MoveFileW,
    RemoveDirectoryW,
};
use windows_sys::Win32::System::Environment::{GetCurrentDirectoryW, SetCurrentDirectoryW};
use windows_sys::Win32::System::WindowsProgramming::GetComputerNameW;

/// Go: `syscall.Mkdir`: creates a directory with `CreateDirectoryW(path, NULL)`.
///
/// As in Go, `mode` is ignored (the directory inherits its parent's ACL). An
/// existing name gives `ERROR_ALREADY_EXISTS` (183), a missing parent
/// `ERROR_PATH_NOT_FOUND` (3). Long absolute paths work (see the module docs).
///
/// ```no_run
/// winsyscall::mkdir(r"C:\temp\new", 0o755)?;
/// # Ok::<(), winsyscall::Errno>(())
/// ```
#[doc(alias = "Mkdir", alias = "CreateDirectory", alias = "CreateDirectoryW")]
pub fn mkdir(path: impl WideArg, mode: u32) -> Result<()> {
    let _ = mode;
    with_path(path, |p| {
        // SAFETY: `p` is NUL-terminated; NULL security attributes are allowed.
        cvt(unsafe { CreateDirectoryW(p.as_ptr(), core::ptr::null()) })
    })?
    .map(drop)
}

/// Go: `syscall.Rmdir`: removes an empty directory with `RemoveDirectoryW`.
///
/// A directory with entries gives `ERROR_DIR_NOT_EMPTY` (145), for which
/// [`Errno::is_exist`](crate::Errno::is_exist) is true, as Go's `errors.Is(err, fs.ErrExist)`.
#[doc(alias = "Rmdir", alias = "RemoveDirectory", alias = "RemoveDirectoryW")]
pub fn rmdir(path: impl WideArg) -> Result<()> {
    // SAFETY: `p` is NUL-terminated.
    with_path(path, |p| cvt(unsafe { RemoveDirectoryW(p.as_ptr()) }))?.map(drop)
}

/// Go: `syscall.Unlink`: deletes a file with `DeleteFileW`.
///
/// Fails on directories (`ERROR_ACCESS_DENIED`) and on read-only files
/// (`ERROR_ACCESS_DENIED`), as in Go.
#[doc(alias = "Unlink", alias = "DeleteFile", alias = "DeleteFileW")]
pub fn unlink(path: impl WideArg) -> Result<()> {
    // SAFETY: `p` is NUL-terminated.
    with_path(path, |p| cvt(unsafe { DeleteFileW(p.as_ptr()) }))?.map(drop)
}

/// Go: `syscall.Rename`: `MoveFileW(old, new)`.
///
/// As in Go, an existing `new` is **not** replaced: the call fails with
/// `ERROR_ALREADY_EXISTS` (183). Use [`rename_replace`] to replace it (what Go's
/// `os.Rename` does). Works for directories and across volumes for files.
#[doc(alias = "Rename", alias = "MoveFile", alias = "MoveFileW")]
pub fn rename(old: impl WideArg, new: impl WideArg) -> Result<()> {
    with_path(old, |o| {
        // SAFETY: both names are NUL-terminated.
        with_path(new, |n| cvt(unsafe { MoveFileW(o.as_ptr(), n.as_ptr()) }))
    })??
    .map(drop)
}

/// Renames `old` to `new`, replacing an existing `new` file:
/// `MoveFileExW(old, new, MOVEFILE_REPLACE_EXISTING)` (beyond Go's `syscall`; the
/// call Go's `os.Rename` makes). A directory target is not replaced
/// (`ERROR_ACCESS_DENIED`).
#[doc(alias = "MoveFileEx", alias = "MoveFileExW")]
pub fn rename_replace(old: impl WideArg, new: impl WideArg) -> Result<()> {
    with_path(old, |o| {
        with_path(new, |n| {
            // SAFETY: both names are NUL-terminated.
            cvt(unsafe { MoveFileExW(o.as_ptr(), n.as_ptr(), MOVEFILE_REPLACE_EXISTING) })
        })
    })??
    .map(drop)
}

fn getwd_units() -> Result<Vec<u16>> {
    // Go: a 300-unit buffer, regrown while the directory does not fit.
    // SAFETY: `b` is writable for `b.len()` units.
    fill_wide(300, |b| unsafe {
        GetCurrentDirectoryW(crate::sys::clamp_len(b.len()), b.as_mut_ptr())
    })
}

/// Go: `syscall.Getwd`: the current directory, from `GetCurrentDirectoryW`.
///
/// Starts with Go's 300-unit buffer and grows it (in a loop, as the directory may
/// change between calls) until the path fits, so long current directories work.
/// Lossy for unpaired surrogates; [`getwd_os`] is exact. Also stands for Go's
/// raw `GetCurrentDirectory` (caller's buffer).
#[doc(
    alias = "Getwd",
    alias = "GetCurrentDirectory",
    alias = "GetCurrentDirectoryW"
)]
pub fn getwd() -> Result<String> {
    getwd_units().map(|u| utf16_to_string(&u))
}

/// [`getwd`], losslessly as a `PathBuf`.
#[doc(alias = "Getwd")]
pub fn getwd_os() -> Result<PathBuf> {
    getwd_units().map(|u| units_to_path(&u))
}

/// Go: `syscall.Chdir`: `SetCurrentDirectoryW(path)`.
///
/// The current directory is process-wide: it changes for every thread. A long
/// absolute path is given the `\\?\` form like every path here, but Windows
/// itself refuses a current directory past `MAX_PATH` unless the process is
/// long-path aware (Go's own test skips in that case).
#[doc(
    alias = "Chdir",
    alias = "SetCurrentDirectory",
    alias = "SetCurrentDirectoryW"
)]
pub fn chdir(path: impl WideArg) -> Result<()> {
    // SAFETY: `p` is NUL-terminated.
    with_path(path, |p| cvt(unsafe { SetCurrentDirectoryW(p.as_ptr()) }))?.map(drop)
}

/// Go: `GetFinalPathNameByHandle` (`internal/syscall/windows`): the final path
/// of an open handle, raw, with the buffer grown until it fits.
///
/// `flags` are `FILE_NAME_*`/`VOLUME_NAME_*` (0 = normalized, DOS volume name,
/// which gives `\\?\C:\…`). Starts at `MAX_PATH + 1` units, as Go's `fdpath`.
#[doc(
    alias = "GetFinalPathNameByHandle",
    alias = "GetFinalPathNameByHandleW"
)]
pub fn get_final_path_name_by_handle(h: impl AsHandle, flags: u32) -> Result<PathBuf> {
    final_path_units(h, flags).map(|u| units_to_path(&u))
}

fn final_path_units(h: impl AsHandle, flags: u32) -> Result<Vec<u16>> {
    let h = raw_handle(&h.as_handle());
    // SAFETY: `b` is writable for `b.len()` units; the handle is borrowed for the call.
    fill_wide(261, |b| unsafe {
        GetFinalPathNameByHandleW(h, b.as_mut_ptr(), crate::sys::clamp_len(b.len()), flags)
    })
}

/// Go: `fdpath` (unexported, used by `Fchdir`) followed by current Go's
/// `removeExtendedPrefix`: the final path of `h` in the form a program can use.
///
/// `GetFinalPathNameByHandleW(h, FILE_NAME_NORMALIZED | VOLUME_NAME_DOS)` into a
/// 261-unit buffer, grown while too small; then `\\?\UNC\x` becomes `\\x` and a
/// leading `\\?\` is removed (see [`remove_extended_prefix`](crate::remove_extended_prefix)).
/// Lossy for unpaired surrogates; [`fdpath_os`] is exact.
pub fn fdpath(h: impl AsHandle) -> Result<String> {
    let u = final_path_units(h, 0)?;
    Ok(utf16_to_string(&crate::reparse::remove_extended_prefix(&u)))
}

/// [`fdpath`], losslessly as a `PathBuf`.
#[doc(alias = "fdpath")]
pub fn fdpath_os(h: impl AsHandle) -> Result<PathBuf> {
    let u = final_path_units(h, 0)?;
    Ok(units_to_path(&crate::reparse::remove_extended_prefix(&u)))
}

/// Go: `syscall.Fchdir`: makes the directory open as `h` the current directory:
/// [`fdpath`] (final path, `\\?\` prefix rewritten as current Go does), then
/// `SetCurrentDirectoryW`.
#[doc(alias = "Fchdir")]
pub fn fchdir(h: impl AsHandle) -> Result<()> {
    let u = final_path_units(h, 0)?;
    let p = crate::reparse::remove_extended_prefix(&u);
    crate::wstr::WideCString::from_units(p).and_then(chdir)
}

fn full_path_units(name: impl WideArg) -> Result<Vec<u16>> {
    name.with_wide(|p| {
        // SAFETY: `p` is NUL-terminated, `b` writable for `b.len()` units; no file part wanted.
        fill_wide(100, |b| unsafe {
            GetFullPathNameW(
                p.as_ptr(),
                crate::sys::clamp_len(b.len()),
                b.as_mut_ptr(),
                core::ptr::null_mut(),
            )
        })
    })?
}

/// Go: `syscall.FullPath`: the absolute form of `name` from `GetFullPathNameW`,
/// starting with a 100-unit buffer and growing it as Go does.
///
/// Pure name arithmetic against the current directory: the path need not exist,
/// and it is not given the `\\?\` form (`..` and `.` are resolved, `/` becomes `\`).
/// Also stands for Go's raw `GetFullPathName` (which takes the caller's buffer
/// and can return the file-part pointer, not offered here).
#[doc(
    alias = "FullPath",
    alias = "GetFullPathName",
    alias = "GetFullPathNameW"
)]
pub fn full_path(name: impl WideArg) -> Result<String> {
    full_path_units(name).map(|u| utf16_to_string(&u))
}

/// [`full_path`], losslessly as a `PathBuf`.
#[doc(alias = "FullPath")]
pub fn full_path_os(name: impl WideArg) -> Result<PathBuf> {
    full_path_units(name).map(|u| units_to_path(&u))
}

/// Go: `syscall.GetLongPathName`: the long form of a path that may contain 8.3
/// short names (`GetLongPathNameW`, buffer grown until it fits). The path must
/// exist. Returned as a `PathBuf` (exact). Go's `GetLongPathName` is the raw
/// call into the caller's buffer; this one sizes the buffer itself.
#[doc(alias = "GetLongPathName", alias = "GetLongPathNameW")]
pub fn get_long_path_name(path: impl WideArg) -> Result<PathBuf> {
    with_path(path, |p| {
        // SAFETY: `p` is NUL-terminated, `b` writable for `b.len()` units.
        fill_wide(261, |b| unsafe {
            GetLongPathNameW(p.as_ptr(), b.as_mut_ptr(), crate::sys::clamp_len(b.len()))
        })
    })?
    .map(|u| units_to_path(&u))
}

/// Go: `syscall.GetShortPathName`: the 8.3 form of an existing path
/// (`GetShortPathNameW`, buffer grown until it fits). Where the volume keeps no
/// short names the long name comes back. Go's is the raw call into the caller's
/// buffer; this one sizes the buffer itself.
#[doc(alias = "GetShortPathName", alias = "GetShortPathNameW")]
pub fn get_short_path_name(path: impl WideArg) -> Result<PathBuf> {
    with_path(path, |p| {
        // SAFETY: `p` is NUL-terminated, `b` writable for `b.len()` units.
        fill_wide(261, |b| unsafe {
            GetShortPathNameW(p.as_ptr(), b.as_mut_ptr(), crate::sys::clamp_len(b.len()))
        })
    })?
    .map(|u| units_to_path(&u))
}

/// Go: `syscall.GetTempPath`: the temporary directory from `GetTempPathW`
/// (`%TMP%`, `%TEMP%`, `%USERPROFILE%` or the Windows directory), with its
/// trailing backslash, buffer grown until it fits. Go's is the raw call into the
/// caller's buffer; this one sizes the buffer itself.
#[doc(alias = "GetTempPath", alias = "GetTempPathW")]
pub fn get_temp_path() -> Result<PathBuf> {
    // SAFETY: `b` is writable for `b.len()` units.
    fill_wide(261, |b| unsafe {
        GetTempPathW(crate::sys::clamp_len(b.len()), b.as_mut_ptr())
    })
    .map(|u| units_to_path(&u))
}

/// Go: `syscall.ComputerName`: the NetBIOS name of this computer from
/// `GetComputerNameW`, into Go's buffer of `MAX_COMPUTERNAME_LENGTH + 1` (16)
/// units. As in Go, a name that does not fit is not retried: the error
/// (`ERROR_BUFFER_OVERFLOW`) is returned. [`get_computer_name`] is Go's raw
/// `GetComputerName` (caller's buffer, and the size needed on that error).
#[doc(alias = "ComputerName")]
pub fn computer_name() -> Result<String> {
    let mut buf = [0u16; crate::consts::MAX_COMPUTERNAME_LENGTH as usize + 1];
    let n = get_computer_name(&mut buf)?;
    Ok(utf16_to_string(&buf[..n]))
}

/// Go: `syscall.GetComputerName(buf *uint16, n *uint32)`: `GetComputerNameW`
/// into `buf`, returning the length of the NetBIOS name written (in UTF-16
/// units, without the terminating NUL that follows it in `buf`).
///
/// A buffer too small for the name and its NUL gives `ERROR_BUFFER_OVERFLOW`
/// carrying the size needed in units, NUL included (what Go's caller reads
/// from `n`): a buffer of that length then fits. For other errors the value
/// is what Windows left in `n`. More than `u32::MAX` units are clamped.
#[doc(alias = "GetComputerName", alias = "GetComputerNameW")]
pub fn get_computer_name(buf: &mut [u16]) -> core::result::Result<usize, ErrnoWith<usize>> {
    let mut n = crate::sys::clamp_len(buf.len());
    // SAFETY: `buf` is writable for `n` units (none when empty: Windows
    // writes nothing into a 0-unit buffer); `n` is a valid in/out size.
    let r = cvt(unsafe { GetComputerNameW(buf.as_mut_ptr(), &mut n) });
    match r {
        Err(e) => Err(ErrnoWith::new(e, n as usize)),
        Ok(_) => Ok((n as usize).min(buf.len())),
    }
}
