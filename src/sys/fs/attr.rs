//! Attributes and times: `chmod`, `fchmod`, `utimes`, attribute and
//! information queries, file type, and the `chown` family (`EWINDOWS`).

use super::{open_existing, with_path};
use crate::consts::{
    FILE_ATTRIBUTE_NORMAL, FILE_ATTRIBUTE_READONLY, FILE_FLAG_BACKUP_SEMANTICS, FILE_SHARE_WRITE,
    FILE_WRITE_ATTRIBUTES, S_IWRITE,
};
use crate::errno::{Errno, Result};
use crate::sys::{cvt, raw_handle};
use crate::time::{Filetime, Timespec, Timeval, nsec_to_filetime};
use crate::wstr::WideArg;
use std::os::windows::io::AsHandle;
use windows_sys::Win32::Foundation::FILETIME;
use windows_sys::Win32::Storage::FileSystem::{
    BY_HANDLE_FILE_INFORMATION, FILE_BASIC_INFO, FileBasicInfo, GetFileAttributesExW,
    GetFileAttributesW, GetFileInformationByHandle, GetFileInformationByHandleEx, GetFileType,
    SetFileAttributesW, SetFileInformationByHandle, SetFileTime, WIN32_FILE_ATTRIBUTE_DATA,
};

/// Go: `syscall.GetFileExInfoStandard` = `0`: the only information level
/// [`get_file_attributes_ex`] asks for.
#[allow(non_upper_case_globals)]
pub const GetFileExInfoStandard: u32 = 0;
/// Go: `syscall.GetFileExMaxInfoLevel` = `1`.
#[allow(non_upper_case_globals)]
pub const GetFileExMaxInfoLevel: u32 = 1;

/// Go: `syscall.Win32FileAttributeData` (Windows' `WIN32_FILE_ATTRIBUTE_DATA`):
/// what [`get_file_attributes_ex`] returns.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Win32FileAttributeData {
    /// `FILE_ATTRIBUTE_*` bits (Go: `FileAttributes`).
    pub file_attributes: u32,
    /// Creation time (Go: `CreationTime`).
    pub creation_time: Filetime,
    /// Last access time (Go: `LastAccessTime`).
    pub last_access_time: Filetime,
    /// Last write time (Go: `LastWriteTime`).
    pub last_write_time: Filetime,
    /// High 32 bits of the size (Go: `FileSizeHigh`).
    pub file_size_high: u32,
    /// Low 32 bits of the size (Go: `FileSizeLow`).
    pub file_size_low: u32,
}

impl Win32FileAttributeData {
    /// The size as one number (`high << 32 | low`). Beyond Go.
    pub fn file_size(&self) -> u64 {
        (u64::from(self.file_size_high) << 32) | u64::from(self.file_size_low)
    }
}

/// Go: `syscall.ByHandleFileInformation` (Windows' `BY_HANDLE_FILE_INFORMATION`):
/// what [`get_file_information_by_handle`] returns.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ByHandleFileInformation {
    /// `FILE_ATTRIBUTE_*` bits (Go: `FileAttributes`).
    pub file_attributes: u32,
    /// Creation time (Go: `CreationTime`).
    pub creation_time: Filetime,
    /// Last access time (Go: `LastAccessTime`).
    pub last_access_time: Filetime,
    /// Last write time (Go: `LastWriteTime`).
    pub last_write_time: Filetime,
    /// Serial number of the volume (Go: `VolumeSerialNumber`).
    pub volume_serial_number: u32,
    /// High 32 bits of the size (Go: `FileSizeHigh`).
    pub file_size_high: u32,
    /// Low 32 bits of the size (Go: `FileSizeLow`).
    pub file_size_low: u32,
    /// Number of hard links (Go: `NumberOfLinks`).
    pub number_of_links: u32,
    /// High half of the file's id on its volume (Go: `FileIndexHigh`).
    pub file_index_high: u32,
    /// Low half of the file's id on its volume (Go: `FileIndexLow`).
    pub file_index_low: u32,
}

impl ByHandleFileInformation {
    /// The size as one number (`high << 32 | low`). Beyond Go.
    pub fn file_size(&self) -> u64 {
        (u64::from(self.file_size_high) << 32) | u64::from(self.file_size_low)
    }
}

fn ft(f: FILETIME) -> Filetime {
    Filetime {
        low_date_time: f.dwLowDateTime,
        high_date_time: f.dwHighDateTime,
    }
}

fn raw_ft(f: &Filetime) -> FILETIME {
    FILETIME {
        dwLowDateTime: f.low_date_time,
        dwHighDateTime: f.high_date_time,
    }
}

/// Go: `syscall.GetFileAttributes`: the `FILE_ATTRIBUTE_*` bits of `path`
/// (`GetFileAttributesW`; `INVALID_FILE_ATTRIBUTES` is the failure). Does not
/// follow a symbolic link in the last component.
#[doc(alias = "GetFileAttributes", alias = "GetFileAttributesW")]
pub fn get_file_attributes(path: impl WideArg) -> Result<u32> {
    // SAFETY: `p` is NUL-terminated.
    let a = with_path(path, |p| unsafe { GetFileAttributesW(p.as_ptr()) })?;
    if a == crate::consts::INVALID_FILE_ATTRIBUTES {
        Err(crate::sys::last_error())
    } else {
        Ok(a)
    }
}

/// Go: `syscall.SetFileAttributes`: `SetFileAttributesW(path, attrs)`.
#[doc(alias = "SetFileAttributes", alias = "SetFileAttributesW")]
pub fn set_file_attributes(path: impl WideArg, attrs: u32) -> Result<()> {
    with_path(path, |p| {
        // SAFETY: `p` is NUL-terminated.
        cvt(unsafe { SetFileAttributesW(p.as_ptr(), attrs) })
    })?
    .map(drop)
}

/// Go: `syscall.GetFileAttributesEx(name, GetFileExInfoStandard, &data)`:
/// attributes, times and size of `path` without opening it
/// (`GetFileAttributesExW`). Go passes the level and an untyped buffer; the only
/// level Go defines is [`GetFileExInfoStandard`], so that is what is asked for.
#[doc(alias = "GetFileAttributesEx", alias = "GetFileAttributesExW")]
pub fn get_file_attributes_ex(path: impl WideArg) -> Result<Win32FileAttributeData> {
    // SAFETY: WIN32_FILE_ATTRIBUTE_DATA is plain data; all-zero is valid.
    let mut d: WIN32_FILE_ATTRIBUTE_DATA = unsafe { core::mem::zeroed() };
    with_path(path, |p| {
        // SAFETY: `p` is NUL-terminated; `d` is the struct this level fills.
        cvt(unsafe {
            GetFileAttributesExW(
                p.as_ptr(),
                GetFileExInfoStandard as _,
                (&mut d as *mut WIN32_FILE_ATTRIBUTE_DATA).cast(),
            )
        })
    })??;
    Ok(Win32FileAttributeData {
        file_attributes: d.dwFileAttributes,
        creation_time: ft(d.ftCreationTime),
        last_access_time: ft(d.ftLastAccessTime),
        last_write_time: ft(d.ftLastWriteTime),
        file_size_high: d.nFileSizeHigh,
        file_size_low: d.nFileSizeLow,
    })
}

/// Go: `syscall.GetFileInformationByHandle`: attributes, times, volume serial,
/// size, link count and file index of an open handle.
#[doc(alias = "GetFileInformationByHandle")]
pub fn get_file_information_by_handle(h: impl AsHandle) -> Result<ByHandleFileInformation> {
    // SAFETY: plain data; all-zero is valid.
    let mut d: BY_HANDLE_FILE_INFORMATION = unsafe { core::mem::zeroed() };
    // SAFETY: the handle is borrowed for the call; `d` is writable.
    cvt(unsafe { GetFileInformationByHandle(raw_handle(&h.as_handle()), &mut d) })?;
    Ok(ByHandleFileInformation {
        file_attributes: d.dwFileAttributes,
        creation_time: ft(d.ftCreationTime),
        last_access_time: ft(d.ftLastAccessTime),
        last_write_time: ft(d.ftLastWriteTime),
        volume_serial_number: d.dwVolumeSerialNumber,
        file_size_high: d.nFileSizeHigh,
        file_size_low: d.nFileSizeLow,
        number_of_links: d.nNumberOfLinks,
        file_index_high: d.nFileIndexHigh,
        file_index_low: d.nFileIndexLow,
    })
}

/// Go: `syscall.GetFileType`: `FILE_TYPE_DISK`, `FILE_TYPE_CHAR`,
/// `FILE_TYPE_PIPE` or `FILE_TYPE_REMOTE`.
///
/// As in Go, `FILE_TYPE_UNKNOWN` (0) is treated as failure: the thread's last
/// error, or `EINVAL` when that is 0.
#[doc(alias = "GetFileType")]
pub fn get_file_type(h: impl AsHandle) -> Result<u32> {
    // SAFETY: the handle is borrowed for the call.
    cvt(unsafe { GetFileType(raw_handle(&h.as_handle())) })
}

/// [`get_file_type`] for a socket (beyond Go, whose sockets are handles):
/// Windows accepts a socket here and reports `FILE_TYPE_PIPE`.
#[doc(alias = "GetFileType")]
pub fn get_file_type_socket(s: impl std::os::windows::io::AsSocket) -> Result<u32> {
    let raw = crate::sys::raw_socket(&s.as_socket());
    // SAFETY: the socket is borrowed for the call; a SOCKET is a kernel handle.
    cvt(unsafe { GetFileType(raw as windows_sys::Win32::Foundation::HANDLE) })
}

/// Go's read-only rule: `mode & S_IWRITE` set clears `FILE_ATTRIBUTE_READONLY`,
/// unset sets it; every other bit is kept.
fn apply_mode(attrs: u32, mode: u32) -> u32 {
    if mode & S_IWRITE != 0 {
        attrs & !FILE_ATTRIBUTE_READONLY
    } else {
        attrs | FILE_ATTRIBUTE_READONLY
    }
}

/// Go: `syscall.Chmod`: `GetFileAttributesW`, then the read-only rule, then
/// `SetFileAttributesW`. No handle is opened.
///
/// Only `S_IWRITE` (0o200, `0x80`) matters: set, the file becomes writable
/// (`FILE_ATTRIBUTE_READONLY` cleared); unset, it becomes read-only. Every other
/// attribute bit is kept.
#[doc(alias = "Chmod")]
pub fn chmod(path: impl WideArg, mode: u32) -> Result<()> {
    // One conversion for both calls, as Go does.
    let w = crate::wstr::WideCString::new(path)?;
    let attrs = get_file_attributes(&w)?;
    set_file_attributes(&w, apply_mode(attrs, mode))
}

/// Sets the read-only attribute of an open file by the same rule as [`chmod`]
/// (beyond Go: Go's `Fchmod` returns `EWINDOWS`).
///
/// `GetFileInformationByHandleEx(FileBasicInfo)`, then
/// `SetFileInformationByHandle(FileBasicInfo)` with the times left at 0 ("do not
/// change"). The handle needs `FILE_WRITE_ATTRIBUTES` (a handle from
/// `open(.., O_RDWR/O_WRONLY, ..)` has it). Clearing the last attribute bit
/// stores `FILE_ATTRIBUTE_NORMAL`, as 0 would mean "do not change".
#[doc(alias = "Fchmod")]
pub fn fchmod(h: impl AsHandle, mode: u32) -> Result<()> {
    let h = raw_handle(&h.as_handle());
    // SAFETY: plain data; all-zero is valid.
    let mut info: FILE_BASIC_INFO = unsafe { core::mem::zeroed() };
    let size = core::mem::size_of::<FILE_BASIC_INFO>() as u32;
    // SAFETY: the handle is borrowed; `info` is the struct this class fills, `size` its size.
    cvt(unsafe {
        GetFileInformationByHandleEx(
            h,
            FileBasicInfo,
            (&mut info as *mut FILE_BASIC_INFO).cast(),
            size,
        )
    })?;
    let mut attrs = apply_mode(info.FileAttributes, mode);
    if attrs == 0 {
        attrs = FILE_ATTRIBUTE_NORMAL;
    }
    let set = FILE_BASIC_INFO {
        CreationTime: 0,
        LastAccessTime: 0,
        LastWriteTime: 0,
        ChangeTime: 0,
        FileAttributes: attrs,
    };
    // SAFETY: as above; `set` lives for the call.
    cvt(unsafe {
        SetFileInformationByHandle(
            h,
            FileBasicInfo,
            (&set as *const FILE_BASIC_INFO).cast(),
            size,
        )
    })
    .map(drop)
}

/// Go: `syscall.SetFileTime`: sets the creation, last access and last write
/// times of an open handle. `None` passes NULL (leave that time unchanged), as
/// does a zero `Filetime`. The handle needs `FILE_WRITE_ATTRIBUTES`.
#[doc(alias = "SetFileTime")]
pub fn set_file_time(
    h: impl AsHandle,
    creation: Option<&Filetime>,
    last_access: Option<&Filetime>,
    last_write: Option<&Filetime>,
) -> Result<()> {
    let c = creation.map(raw_ft);
    let a = last_access.map(raw_ft);
    let w = last_write.map(raw_ft);
    let p = |f: &Option<FILETIME>| {
        f.as_ref()
            .map_or(core::ptr::null(), |f| f as *const FILETIME)
    };
    // SAFETY: the handle is borrowed; each pointer is NULL or a live FILETIME.
    cvt(unsafe { SetFileTime(raw_handle(&h.as_handle()), p(&c), p(&a), p(&w)) }).map(drop)
}

/// Opens `path` as Go's `Utimes` does: `FILE_WRITE_ATTRIBUTES`,
/// `FILE_SHARE_WRITE` only, `OPEN_EXISTING`, `FILE_FLAG_BACKUP_SEMANTICS` (so
/// directories work).
fn open_for_times(path: impl WideArg) -> Result<std::os::windows::io::OwnedHandle> {
    open_existing(
        path,
        FILE_WRITE_ATTRIBUTES,
        FILE_SHARE_WRITE,
        FILE_FLAG_BACKUP_SEMANTICS,
    )
}

/// Go: `syscall.Utimes`: sets the access (`tv[0]`) and modification (`tv[1]`)
/// times of a file or directory.
///
/// `tv` must have exactly 2 elements (else `EINVAL`, before anything else, as
/// Go). The path is opened with `FILE_WRITE_ATTRIBUTES`, **`FILE_SHARE_WRITE`
/// only**, `OPEN_EXISTING`, `FILE_FLAG_BACKUP_SEMANTICS`, then
/// `SetFileTime(h, NULL, &atime, &mtime)`. A `Timeval` whose
/// [`nanoseconds`](Timeval::nanoseconds) is 0 leaves that time unchanged (a zero
/// `FILETIME`), as in current Go; Go 1.24 and earlier tested `tv[0]` for the
/// mtime as well.
/// Times are microseconds, stored to the 100 ns tick.
#[doc(alias = "Utimes")]
pub fn utimes(path: impl WideArg, tv: &[Timeval]) -> Result<()> {
    let [a, m] = tv else {
        return Err(Errno::EINVAL);
    };
    let h = open_for_times(path)?;
    let conv = |t: &Timeval| {
        if t.nanoseconds() != 0 {
            nsec_to_filetime(t.nanoseconds())
        } else {
            Filetime::default()
        }
    };
    set_file_time(&h, None, Some(&conv(a)), Some(&conv(m)))
}

/// Go's `_UTIME_OMIT`: a `Timespec` whose `nsec` is `-1` leaves that time
/// unchanged in [`utimes_nano`] (the value Go's `os` uses).
#[doc(alias = "_UTIME_OMIT")]
pub const UTIME_OMIT: i64 = -1;

/// Go: `syscall.UtimesNano`: as [`utimes`] with nanosecond `Timespec`s, stored
/// to the 100 ns tick (`nsec_to_filetime` truncates toward zero).
///
/// `ts` must have exactly 2 elements (else `EINVAL`). A `Timespec` with
/// `nsec == -1` ([`UTIME_OMIT`]) leaves that time unchanged; `{0, 0}` is **not**
/// an omission: it sets 1970-01-01, as in Go.
#[doc(alias = "UtimesNano")]
pub fn utimes_nano(path: impl WideArg, ts: &[Timespec]) -> Result<()> {
    let [a, m] = ts else {
        return Err(Errno::EINVAL);
    };
    let h = open_for_times(path)?;
    let conv = |t: &Timespec| {
        if t.nsec != UTIME_OMIT {
            nsec_to_filetime(t.nano())
        } else {
            Filetime::default()
        }
    };
    set_file_time(&h, None, Some(&conv(a)), Some(&conv(m)))
}

/// Go: `syscall.Chown`: always `EWINDOWS`. A numeric uid/gid has no meaning on
/// Windows (owners are SIDs); as in Go, the arguments are not looked at.
#[doc(alias = "Chown")]
pub fn chown(path: impl WideArg, uid: i32, gid: i32) -> Result<()> {
    let _ = (path, uid, gid);
    Err(Errno::EWINDOWS)
}

/// Go: `syscall.Lchown`: always `EWINDOWS`, as [`chown`].
#[doc(alias = "Lchown")]
pub fn lchown(path: impl WideArg, uid: i32, gid: i32) -> Result<()> {
    let _ = (path, uid, gid);
    Err(Errno::EWINDOWS)
}

/// Go: `syscall.Fchown`: always `EWINDOWS`, as [`chown`].
#[doc(alias = "Fchown")]
pub fn fchown(h: impl AsHandle, uid: i32, gid: i32) -> Result<()> {
    let _ = (h, uid, gid);
    Err(Errno::EWINDOWS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_only_rule() {
        assert_eq!(apply_mode(0x20, 0o444), 0x21);
        assert_eq!(apply_mode(0x21, 0o644), 0x20);
        assert_eq!(apply_mode(0x21, S_IWRITE), 0x20);
        assert_eq!(apply_mode(0x10, 0), 0x11);
    }
}
