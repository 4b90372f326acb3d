//! Basic file I/O: Go's `Open` (with its full flag mapping), `Read`, `Write`,
//! `Seek`, `Fsync`, `Ftruncate`, and reads and writes at an explicit offset.

use crate::errno::{Errno, Result};
use crate::sys::handle::SecurityAttributes;
use crate::sys::{clamp_len, cvt, cvt_invalid_handle, raw_handle, sync_io};
use crate::wstr::WideArg;
use crate::*;
use std::os::windows::io::{AsHandle, BorrowedHandle, OwnedHandle};
use windows_sys::Wdk::Storage::FileSystem::{NtReadFile, NtWriteFile};
use windows_sys::Win32::Foundation::{HANDLE, STATUS_END_OF_FILE};
use windows_sys::Win32::Storage::FileSystem::{
    CreateFileW, FILE_END_OF_FILE_INFO, FileEndOfFileInfo, FlushFileBuffers, GetFileAttributesW,
    GetFileType, ReadFile, SetFileInformationByHandle, SetFilePointerEx, WriteFile,
};
use windows_sys::Win32::System::IO::OVERLAPPED;

/// `_FILE_WRITE_EA` | `STANDARD_RIGHTS_WRITE` | `SYNCHRONIZE`, with
/// `FILE_APPEND_DATA` and `FILE_WRITE_ATTRIBUTES`: every right `GENERIC_WRITE`
/// grants except `FILE_WRITE_DATA` (0x120114), so each write lands at the end.
const APPEND_ACCESS: u32 =
    FILE_APPEND_DATA | FILE_WRITE_ATTRIBUTES | 0x10 | 0x0002_0000 | 0x0010_0000;
const FILE_FLAG_WRITE_THROUGH: u32 = 0x8000_0000;

/// What [`open`] asks `CreateFileW` for, computed from Go's flags. Portable
/// logic kept apart from the call so it can be unit-tested and explained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OpenPlan {
    pub access: u32,
    pub share: u32,
    pub inherit: bool,
    pub disposition: u32,
    pub attrs: u32,
}

pub(crate) fn open_plan(flag: i32, perm: u32) -> Result<OpenPlan> {
    let accmode = flag & (O_WRONLY | O_RDWR);
    let mut access = match accmode {
        O_RDONLY => GENERIC_READ,
        O_WRONLY => GENERIC_WRITE,
        O_RDWR => GENERIC_READ | GENERIC_WRITE,
        _ => 0, // O_WRONLY|O_RDWR: no case matches in Go, access stays 0.
    };
    if flag & O_CREAT != 0 {
        access |= GENERIC_WRITE;
    }
    if flag & O_APPEND != 0 {
        // Without O_TRUNC drop GENERIC_WRITE (it carries FILE_WRITE_DATA, which
        // would make writes positional); O_TRUNC needs it to truncate.
        if flag & O_TRUNC == 0 {
            access &= !GENERIC_WRITE;
        }
        access |= APPEND_ACCESS;
    }
    let disposition = if flag & (O_CREAT | O_EXCL) == O_CREAT | O_EXCL {
        CREATE_NEW
    } else if flag & O_CREAT != 0 {
        OPEN_ALWAYS
    } else {
        OPEN_EXISTING
    };
    let mut attrs = if perm & S_IWRITE == 0 {
        FILE_ATTRIBUTE_READONLY
    } else {
        FILE_ATTRIBUTE_NORMAL
    };
    let raw_flags = (flag as u32) & FILE_FLAGS_MASK;
    if raw_flags & !VALID_FILE_FLAGS_MASK != 0 {
        return Err(Errno::EINVAL);
    }
    attrs |= raw_flags;
    if accmode != O_WRONLY && accmode != O_RDWR {
        // Read-only (or the access-0 combination): may be a directory, which
        // CreateFileW opens only with backup semantics.
        attrs |= FILE_FLAG_BACKUP_SEMANTICS;
    }
    if flag & O_SYNC != 0 {
        attrs |= FILE_FLAG_WRITE_THROUGH;
    }
    if disposition == CREATE_NEW {
        // Never follow a symbolic link in the final component of a new file.
        attrs |= FILE_FLAG_OPEN_REPARSE_POINT;
    }
    Ok(OpenPlan {
        access,
        share: FILE_SHARE_READ | FILE_SHARE_WRITE,
        inherit: flag & O_CLOEXEC == 0,
        disposition,
        attrs,
    })
}

/// Go: `syscall.Open`: opens or creates a file (or opens a directory) with
/// `CreateFileW`, mapping Go's flags exactly as current Go does.
///
/// * Access from `flag & 3`: `O_RDONLY` → `GENERIC_READ`, `O_WRONLY` →
///   `GENERIC_WRITE`, `O_RDWR` → both; `O_WRONLY|O_RDWR` → no access at all.
///   `O_CREAT` adds `GENERIC_WRITE` even to `O_RDONLY`.
/// * `O_APPEND` opens with every write right except `FILE_WRITE_DATA`, so every
///   write lands atomically at the end of the file (with `O_TRUNC` the handle
///   keeps `GENERIC_WRITE` and writes are positional).
/// * Share mode is always read|write, never delete.
/// * The handle is **inheritable unless `O_CLOEXEC`** is given, as in Go.
/// * `perm` without `S_IWRITE` (0o200) creates a read-only file.
/// * `O_CREAT|O_EXCL` → `CREATE_NEW` (and a link in the last component is not
///   followed); `O_CREAT` → `OPEN_ALWAYS`; otherwise `OPEN_EXISTING`.
/// * `O_TRUNC` truncates only a file that already existed (pipes and consoles
///   are left alone); `O_SYNC` → write-through; `O_NOCTTY`, `O_NONBLOCK`,
///   `O_ASYNC` are ignored; raw `FILE_FLAG_*` bits in the top of `flag` are
///   passed through (an unknown one gives `EINVAL`).
/// * A read-only open can open a directory; a write open of a directory gives
///   `EISDIR`; [`O_DIRECTORY`] on a non-directory gives `ENOTDIR`.
///
/// Errors: `""` → `ERROR_FILE_NOT_FOUND`; a NUL in `path` → `EINVAL` (no call).
/// Differences from Go: an invalid `FILE_FLAG_*` bit gives `Errno::EINVAL` where
/// Go returns the non-`Errno` `oserror.ErrInvalid`; `ENOTDIR` for `O_DIRECTORY`
/// is Go's invented `ENOTDIR`… which in Go is `ERROR_PATH_NOT_FOUND` (3), and so
/// it is here.
///
/// ```no_run
/// use winsyscall::*;
/// let f = open("log.txt", O_CREAT | O_WRONLY | O_APPEND | O_CLOEXEC, 0o644)?;
/// write(&f, b"one line\n")?;
/// # Ok::<(), Errno>(())
/// ```
#[doc(alias = "Open")]
pub fn open(path: impl WideArg, flag: i32, perm: u32) -> Result<OwnedHandle> {
    let plan = open_plan(flag, perm)?;
    path.with_wide(|name| {
        if name.len() == 1 {
            return Err(Errno::ERROR_FILE_NOT_FOUND);
        }
        let sa = SecurityAttributes::inheritable();
        let sa_ptr = if plan.inherit {
            sa.as_ptr()
        } else {
            core::ptr::null()
        };
        // SAFETY: name is NUL-terminated and outlives the call; sa lives on the stack.
        let h = unsafe {
            CreateFileW(
                name.as_ptr(),
                plan.access,
                plan.share,
                sa_ptr,
                plan.disposition,
                plan.attrs,
                core::ptr::null_mut(),
            )
        };
        // Read before anything else touches the thread's last error: with
        // OPEN_ALWAYS, ERROR_ALREADY_EXISTS on success means the file existed.
        let existed_err = crate::sys::last_error_raw();
        // SAFETY: a valid handle from CreateFileW is ours alone.
        let h = match unsafe { cvt_invalid_handle(h) } {
            Ok(h) => h,
            Err(e) => return Err(refine_open_error(e, name, flag)),
        };
        if flag & O_DIRECTORY != 0 && !is_directory_handle(&h)? {
            return Err(Errno::ENOTDIR);
        }
        let existed = plan.disposition == OPEN_EXISTING
            || (plan.disposition == OPEN_ALWAYS && existed_err == Errno::ERROR_ALREADY_EXISTS);
        if flag & O_TRUNC != 0 && existed {
            if let Err(e) = ftruncate(&h, 0) {
                // O_TRUNC does not apply to FIFOs and terminals (POSIX).
                let ty = file_type_raw(raw_handle(&h));
                let pipe_or_char = ty == FILE_TYPE_PIPE || ty == FILE_TYPE_CHAR;
                if !(e == Errno::ERROR_INVALID_PARAMETER && pipe_or_char) {
                    return Err(e);
                }
            }
        }
        Ok(h)
    })?
}

/// Go maps `ERROR_ACCESS_DENIED` on a write open of a directory to `EISDIR`.
fn refine_open_error(e: Errno, name: &[u16], flag: i32) -> Errno {
    let accmode = flag & (O_WRONLY | O_RDWR);
    let write_open = accmode == O_WRONLY || accmode == O_RDWR;
    if e == Errno::ERROR_ACCESS_DENIED && write_open {
        // SAFETY: name is NUL-terminated.
        let attrs = unsafe { GetFileAttributesW(name.as_ptr()) };
        if attrs != INVALID_FILE_ATTRIBUTES && attrs & FILE_ATTRIBUTE_DIRECTORY != 0 {
            return Errno::EISDIR;
        }
    }
    e
}

fn is_directory_handle(h: &OwnedHandle) -> Result<bool> {
    use windows_sys::Win32::Storage::FileSystem::{
        BY_HANDLE_FILE_INFORMATION, GetFileInformationByHandle,
    };
    // SAFETY: zeroed is a valid value of this plain-data struct.
    let mut info: BY_HANDLE_FILE_INFORMATION = unsafe { core::mem::zeroed() };
    // SAFETY: h is a live handle and info a writable struct of the right type.
    cvt(unsafe { GetFileInformationByHandle(raw_handle(h), &mut info) })?;
    Ok(info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY != 0)
}

fn file_type_raw(h: HANDLE) -> u32 {
    // SAFETY: GetFileType accepts any handle value and reports errors by value.
    unsafe { GetFileType(h) }
}

/// Go: `syscall.CreateFile`: `CreateFileW` with every argument explicit.
///
/// `sa` gives the security attributes (`None` = not inheritable, default
/// descriptor); `template` an optional template file. Only
/// `INVALID_HANDLE_VALUE` is a failure (ERROR_ALREADY_EXISTS on success with
/// `OPEN_ALWAYS`/`CREATE_ALWAYS` is not reported, as in Go).
#[doc(alias = "CreateFile")]
pub fn create_file(
    name: impl WideArg,
    access: u32,
    share_mode: u32,
    sa: Option<&SecurityAttributes>,
    creation_disposition: u32,
    flags_and_attributes: u32,
    template: Option<BorrowedHandle<'_>>,
) -> Result<OwnedHandle> {
    let sa_ptr = sa.map_or(core::ptr::null(), SecurityAttributes::as_ptr);
    let tmpl = template.map_or(core::ptr::null_mut(), |t| raw_handle(&t));
    name.with_wide(|n| {
        // SAFETY: n is NUL-terminated; sa and template are live for the call.
        let h = unsafe {
            CreateFileW(
                n.as_ptr(),
                access,
                share_mode,
                sa_ptr,
                creation_disposition,
                flags_and_attributes,
                tmpl,
            )
        };
        // SAFETY: a valid handle from CreateFileW is ours alone.
        unsafe { cvt_invalid_handle(h) }
    })?
}

/// `ReadFile` with Windows' meaning of a NULL `OVERLAPPED` (at `offset`, or
/// at the file position for `None`), made sound on every handle: returns the
/// result and the bytes read (also with `ERROR_MORE_DATA`). `NtReadFile` with
/// a status block of our own, waited out by `sync_io::nt_io` when an
/// overlapped handle answers `STATUS_PENDING`. End of file is `Ok` with 0
/// bytes, as `ReadFile` reports it without an `OVERLAPPED`.
///
/// Without an offset, an overlapped disk file gives Windows' answer,
/// `ERROR_INVALID_PARAMETER` (such a handle keeps no position); pipes,
/// sockets and devices need none.
fn nt_read(h: HANDLE, buf: &mut [u8], offset: Option<u64>) -> (Result<()>, u32) {
    let len = clamp_len(buf.len());
    let p = buf.as_mut_ptr();
    let off = offset.map(|o| o as i64);
    let offp = off.as_ref().map_or(core::ptr::null(), |o| o as *const i64);
    let issue = |iosb| {
        // SAFETY: `p` is writable for `len` bytes and `offp` is NULL or a
        // live i64: `nt_io` below returns only once the read is over.
        unsafe {
            NtReadFile(
                h,
                core::ptr::null_mut(),
                None,
                core::ptr::null(),
                iosb,
                p.cast(),
                len,
                offp,
                core::ptr::null(),
            )
        }
    };
    // SAFETY: `issue` starts one read into `buf` with the status block it is
    // given and nothing else; `buf` stays borrowed until `nt_io` returns.
    let done = unsafe { sync_io::nt_io(h, issue) };
    if done.status == STATUS_END_OF_FILE {
        return (Ok(()), 0);
    }
    (done.result(), done.bytes as u32)
}

/// `WriteFile` as [`nt_read`] reads.
fn nt_write(h: HANDLE, buf: &[u8], offset: Option<u64>) -> (Result<()>, u32) {
    let len = clamp_len(buf.len());
    let p = buf.as_ptr();
    let off = offset.map(|o| o as i64);
    let offp = off.as_ref().map_or(core::ptr::null(), |o| o as *const i64);
    let issue = |iosb| {
        // SAFETY: `p` is readable for `len` bytes and `offp` is NULL or a
        // live i64: `nt_io` below returns only once the write is over.
        unsafe {
            NtWriteFile(
                h,
                core::ptr::null_mut(),
                None,
                core::ptr::null(),
                iosb,
                p.cast(),
                len,
                offp,
                core::ptr::null(),
            )
        }
    };
    // SAFETY: `issue` starts one write from `buf` with the status block it is
    // given and nothing else; `buf` stays borrowed until `nt_io` returns.
    let done = unsafe { sync_io::nt_io(h, issue) };
    (done.result(), done.bytes as u32)
}

/// Go: `syscall.Read`: `ReadFile` into `buf` at the current position,
/// returning the bytes read.
///
/// As in Go, `ERROR_BROKEN_PIPE` (the writer of a pipe closed it) reads as end of
/// file: `Ok(0)`. A buffer longer than `u32::MAX` is clamped; the short count is
/// returned.
///
/// Beyond Go, this is blocking and sound on a handle opened with
/// `FILE_FLAG_OVERLAPPED` too (such as the pipes std makes for a child's
/// output), where Go's call can return `ERROR_IO_PENDING` while Windows still
/// writes into `buf`: the read is issued with a status block of its own
/// (`NtReadFile`) and, if it is pending, waited out, so it returns only with
/// the data or the read's own error; it names no completion context, so it
/// queues no packet to a completion port the handle is associated with. On a
/// synchronous handle it costs what Go's call costs. An overlapped **disk
/// file** has no current position: Windows answers `ERROR_INVALID_PARAMETER`
/// (use [`read_at`]).
#[doc(alias = "Read")]
pub fn read(h: impl AsHandle, buf: &mut [u8]) -> Result<usize> {
    match nt_read(raw_handle(&h.as_handle()), buf, None) {
        (Ok(()), n) => Ok(n as usize),
        (Err(Errno::ERROR_BROKEN_PIPE), _) => Ok(0),
        (Err(e), _) => Err(e),
    }
}

/// Go: `syscall.Write`: `WriteFile` from `buf` at the current position,
/// returning the bytes written. A buffer longer than `u32::MAX` is clamped;
/// the short count is returned.
///
/// On a handle opened with `FILE_FLAG_OVERLAPPED` this still blocks until the
/// write is over, as [`read`] does (an overlapped disk file gives
/// `ERROR_INVALID_PARAMETER`: use [`write_at`]).
#[doc(alias = "Write")]
pub fn write(h: impl AsHandle, buf: &[u8]) -> Result<usize> {
    match nt_write(raw_handle(&h.as_handle()), buf, None) {
        (Ok(()), n) => Ok(n as usize),
        (Err(e), _) => Err(e),
    }
}

/// Reads at an explicit offset: Go's `ReadFile(fd, p, &done, &Overlapped{Offset…})`
/// on a synchronous handle, in safe form (a `pread`).
///
/// Reading at or past the end gives `Ok(0)` (`ERROR_HANDLE_EOF` is end of file
/// here, and so is `ERROR_BROKEN_PIPE`). On a synchronous handle Windows also
/// moves the file pointer to the end of the bytes read. On a handle opened
/// with `FILE_FLAG_OVERLAPPED` the call still blocks until the read is over,
/// as [`read`] does (and queues no completion packet): for truly asynchronous
/// reads use the completion-port API.
#[doc(alias = "ReadFile")]
pub fn read_at(h: impl AsHandle, buf: &mut [u8], offset: u64) -> Result<usize> {
    match nt_read(raw_handle(&h.as_handle()), buf, Some(offset)) {
        (Ok(()), n) => Ok(n as usize),
        (Err(Errno::ERROR_BROKEN_PIPE), _) => Ok(0),
        (Err(e), _) => Err(e),
    }
}

/// Writes at an explicit offset: Go's `WriteFile(fd, p, &done, &Overlapped{Offset…})`
/// on a synchronous handle, in safe form (a `pwrite`). Writing past the end
/// extends the file. (On a handle opened with `O_APPEND` Windows appends anyway.)
/// Blocking on an overlapped handle too, as [`read_at`].
#[doc(alias = "WriteFile")]
pub fn write_at(h: impl AsHandle, buf: &[u8], offset: u64) -> Result<usize> {
    let (r, n) = nt_write(raw_handle(&h.as_handle()), buf, Some(offset));
    r.map(|()| n as usize)
}

/// Go: `syscall.ReadFile(h, buf, &done, nil)`: `ReadFile` without an
/// `OVERLAPPED`, in safe form. Stores the bytes read in `done` (when given;
/// also on failure, e.g. the part of a message read with `ERROR_MORE_DATA`).
///
/// Unlike [`read`], errors are returned as Windows gives them (a pipe whose
/// writer closed gives `ERROR_BROKEN_PIPE`), as in Go. On a handle opened with
/// `FILE_FLAG_OVERLAPPED` this blocks until the read is over, exactly as
/// [`read`] (an overlapped disk file gives `ERROR_INVALID_PARAMETER`): it never
/// returns while Windows may still write into `buf`. For reads with your own
/// `OVERLAPPED` see [`read_file_raw`].
#[doc(alias = "ReadFile")]
pub fn read_file(h: impl AsHandle, buf: &mut [u8], done: Option<&mut u32>) -> Result<()> {
    let (r, n) = nt_read(raw_handle(&h.as_handle()), buf, None);
    if let Some(d) = done {
        *d = n;
    }
    r
}

/// Go: `syscall.WriteFile(h, buf, &done, nil)`: `WriteFile` without an
/// `OVERLAPPED`, in safe form; `done` receives the bytes written. Blocking
/// and sound on an overlapped handle too, as [`read_file`].
#[doc(alias = "WriteFile")]
pub fn write_file(h: impl AsHandle, buf: &[u8], done: Option<&mut u32>) -> Result<()> {
    let (r, n) = nt_write(raw_handle(&h.as_handle()), buf, None);
    if let Some(d) = done {
        *d = n;
    }
    r
}

/// Go: `syscall.ReadFile` with an `*Overlapped`, raw: `ReadFile(h, buf, done,
/// overlapped)`. A started overlapped read gives `Err(ERROR_IO_PENDING)`.
///
/// A null `overlapped` is the safe [`read_file`] (which waits the read out even
/// on an overlapped handle).
///
/// # Safety
/// If `overlapped` is non-null, it points to a valid `OVERLAPPED`, and `buf`
/// and `*overlapped` must stay valid and unmoved until the operation
/// completes (on a handle opened for overlapped I/O Windows writes to both
/// after this returns `ERROR_IO_PENDING`; if the handle is associated with a
/// completion port, its packet names `overlapped`).
#[doc(alias = "ReadFile")]
pub unsafe fn read_file_raw(
    h: BorrowedHandle<'_>,
    buf: &mut [u8],
    done: Option<&mut u32>,
    overlapped: *mut OVERLAPPED,
) -> Result<()> {
    if overlapped.is_null() {
        return read_file(h, buf, done);
    }
    let done = done.map_or(core::ptr::null_mut(), |d| d as *mut u32);
    // SAFETY: forwarded to the caller's contract above.
    cvt(unsafe {
        ReadFile(
            raw_handle(&h),
            buf.as_mut_ptr(),
            clamp_len(buf.len()),
            done,
            overlapped,
        )
    })
    .map(drop)
}

/// Go: `syscall.WriteFile` with an `*Overlapped`, raw: `WriteFile(h, buf,
/// done, overlapped)`. A null `overlapped` is the safe [`write_file`].
///
/// # Safety
/// As [`read_file_raw`]: with a non-null `overlapped`, `buf` and
/// `*overlapped` must outlive the operation.
#[doc(alias = "WriteFile")]
pub unsafe fn write_file_raw(
    h: BorrowedHandle<'_>,
    buf: &[u8],
    done: Option<&mut u32>,
    overlapped: *mut OVERLAPPED,
) -> Result<()> {
    if overlapped.is_null() {
        return write_file(h, buf, done);
    }
    let done = done.map_or(core::ptr::null_mut(), |d| d as *mut u32);
    // SAFETY: forwarded to the caller's contract above.
    cvt(unsafe {
        WriteFile(
            raw_handle(&h),
            buf.as_ptr(),
            clamp_len(buf.len()),
            done,
            overlapped,
        )
    })
    .map(drop)
}

/// Go: `setFilePointerEx` (unexported; Go calls it through `procSetFilePointerEx`):
/// `SetFilePointerEx(h, distance, &new, method)`, returning the new position.
#[doc(alias = "setFilePointerEx")]
#[doc(alias = "procSetFilePointerEx")]
#[doc(alias = "SetFilePointerEx")]
pub fn set_file_pointer_ex(h: impl AsHandle, distance: i64, method: u32) -> Result<i64> {
    let mut new = 0i64;
    // SAFETY: new is a writable i64; the handle is borrowed for the call.
    cvt(unsafe { SetFilePointerEx(raw_handle(&h.as_handle()), distance, &mut new, method) })?;
    Ok(new)
}

/// Go: `syscall.Seek`: moves the file pointer and returns the new offset.
///
/// `whence` 0, 1, 2 mean `FILE_BEGIN`, `FILE_CURRENT`, `FILE_END`; **any other
/// value is treated as 0**, as Go does. A resulting negative offset gives
/// `ERROR_NEGATIVE_SEEK`. As in current Go there is no pipe check: on a pipe
/// Windows itself answers (it reports success with a meaningless position, or
/// an error, depending on the pipe); do not seek pipes.
#[doc(alias = "Seek")]
pub fn seek(h: impl AsHandle, offset: i64, whence: i32) -> Result<i64> {
    let method = match whence {
        1 => FILE_CURRENT,
        2 => FILE_END,
        _ => FILE_BEGIN,
    };
    set_file_pointer_ex(h, offset, method)
}

/// Go: `syscall.Fsync` / `syscall.FlushFileBuffers`: `FlushFileBuffers`, writing
/// buffered data to the device.
#[doc(alias = "Fsync")]
#[doc(alias = "FlushFileBuffers")]
pub fn fsync(h: impl AsHandle) -> Result<()> {
    // SAFETY: the handle is borrowed for the call.
    cvt(unsafe { FlushFileBuffers(raw_handle(&h.as_handle())) }).map(drop)
}

/// Go: `syscall.Ftruncate`: sets the file's length (grow or shrink) with
/// `SetFileInformationByHandle(FileEndOfFileInfo)`; the file pointer does not move.
/// A negative length gives `ERROR_INVALID_PARAMETER` from Windows.
#[doc(alias = "Ftruncate")]
pub fn ftruncate(h: impl AsHandle, length: i64) -> Result<()> {
    let info = FILE_END_OF_FILE_INFO { EndOfFile: length };
    // SAFETY: info is a FILE_END_OF_FILE_INFO of the size passed, alive for the call.
    cvt(unsafe {
        SetFileInformationByHandle(
            raw_handle(&h.as_handle()),
            FileEndOfFileInfo,
            (&info as *const FILE_END_OF_FILE_INFO).cast(),
            core::mem::size_of::<FILE_END_OF_FILE_INFO>() as u32,
        )
    })
    .map(drop)
}

/// Go: `syscall.SetEndOfFile`: truncates or extends the file at its current
/// file pointer.
#[doc(alias = "SetEndOfFile")]
pub fn set_end_of_file(h: impl AsHandle) -> Result<()> {
    use windows_sys::Win32::Storage::FileSystem::SetEndOfFile;
    // SAFETY: the handle is borrowed for the call.
    cvt(unsafe { SetEndOfFile(raw_handle(&h.as_handle())) }).map(drop)
}

/// Go: `syscall.SetFilePointer`: the old 32-bit-halves form.
///
/// Go reports an error whenever the result is `0xFFFFFFFF`, even when that is a
/// valid low half; here `0xFFFFFFFF` with a last error of 0 is success, as
/// Windows documents. Returns the new low 32 bits; `high`, when given, carries
/// the high half in and out.
#[doc(alias = "SetFilePointer")]
pub fn set_file_pointer(
    h: impl AsHandle,
    low: i32,
    high: Option<&mut i32>,
    whence: u32,
) -> Result<u32> {
    use windows_sys::Win32::Foundation::SetLastError;
    use windows_sys::Win32::Storage::FileSystem::SetFilePointer;
    let high_ptr = high.map_or(core::ptr::null_mut(), |p| p as *mut i32);
    // SAFETY: SetLastError only writes thread state; high_ptr is null or a live i32.
    let r = unsafe {
        SetLastError(0);
        SetFilePointer(raw_handle(&h.as_handle()), low, high_ptr, whence)
    };
    if r == u32::MAX {
        let e = crate::sys::last_error_raw();
        if e.0 != 0 {
            return Err(e);
        }
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_plan_matches_current_go() {
        let p = open_plan(O_RDONLY, 0o644).unwrap();
        assert_eq!(p.access, GENERIC_READ);
        assert_eq!(p.share, 3);
        assert!(p.inherit);
        assert_eq!(p.disposition, OPEN_EXISTING);
        assert_eq!(p.attrs, FILE_ATTRIBUTE_NORMAL | FILE_FLAG_BACKUP_SEMANTICS);

        let p = open_plan(O_RDONLY | O_CREAT | O_CLOEXEC, 0o444).unwrap();
        assert_eq!(p.access, GENERIC_READ | GENERIC_WRITE);
        assert!(!p.inherit);
        assert_eq!(p.disposition, OPEN_ALWAYS);
        assert_eq!(
            p.attrs,
            FILE_ATTRIBUTE_READONLY | FILE_FLAG_BACKUP_SEMANTICS
        );

        let p = open_plan(O_WRONLY | O_APPEND | O_CREAT, 0o644).unwrap();
        assert_eq!(p.access, 0x120114);
        let p = open_plan(O_RDWR | O_APPEND, 0o644).unwrap();
        assert_eq!(p.access, GENERIC_READ | 0x120114);
        let p = open_plan(O_WRONLY | O_APPEND | O_TRUNC, 0o644).unwrap();
        assert_eq!(p.access, GENERIC_WRITE | 0x120114);

        let p = open_plan(O_WRONLY | O_RDWR, 0o644).unwrap();
        assert_eq!(p.access, 0);
        assert_ne!(p.attrs & FILE_FLAG_BACKUP_SEMANTICS, 0);

        let p = open_plan(O_RDWR | O_CREAT | O_EXCL, 0o600).unwrap();
        assert_eq!(p.disposition, CREATE_NEW);
        assert_eq!(
            p.attrs,
            FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT
        );
        assert_eq!(
            open_plan(O_RDWR | O_EXCL, 0o600).unwrap().disposition,
            OPEN_EXISTING
        );

        assert_eq!(
            open_plan(O_WRONLY | O_SYNC, 0o600).unwrap().attrs,
            FILE_ATTRIBUTE_NORMAL | 0x8000_0000
        );
        // Raw FILE_FLAG_* pass-through, and an invalid bit (0x00400000).
        let p = open_plan(O_RDONLY | FILE_FLAG_OVERLAPPED as i32, 0o600).unwrap();
        assert_ne!(p.attrs & FILE_FLAG_OVERLAPPED, 0);
        assert_eq!(open_plan(0x0040_0000, 0o600), Err(Errno::EINVAL));
    }
}
