//! Listing: Go's `FindFirstFile`/`FindNextFile`/`FindClose` with its short
//! `Win32finddata`, and a safe directory iterator with full-length names.

use super::with_path;
use crate::consts::MAX_PATH;
use crate::errno::{Errno, Result};
use crate::sys::{cvt, last_error};
use crate::time::Filetime;
use crate::wstr::{WideArg, utf16_to_os_string_into};
use std::ffi::OsString;
use windows_sys::Win32::Foundation::{FILETIME, HANDLE, INVALID_HANDLE_VALUE};
use windows_sys::Win32::Storage::FileSystem::{
    FindClose, FindFirstFileW, FindNextFileW, WIN32_FIND_DATAW,
};

/// Go: `syscall.Win32finddata`, with Go's layout: both name arrays are **one
/// element short** of Windows' `WIN32_FIND_DATAW` (`[MAX_PATH - 1]` = 259 and 13
/// units instead of 260 and 14).
///
/// As Go does, [`find_first_file`]/[`find_next_file`] read into a correctly sized
/// `WIN32_FIND_DATAW` and copy, so a 259-unit name ends up here without a NUL
/// terminator and a 260-unit one is cut. Use [`read_dir`] for full-length names.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Win32finddata {
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
    /// Reparse tag when the entry is a reparse point (Go: `Reserved0`).
    pub reserved0: u32,
    /// Reserved (Go: `Reserved1`).
    pub reserved1: u32,
    /// The name, NUL-terminated if it fits (Go: `FileName [MAX_PATH-1]uint16`).
    pub file_name: [u16; MAX_PATH as usize - 1],
    /// The 8.3 name, if any (Go: `AlternateFileName [13]uint16`).
    pub alternate_file_name: [u16; 13],
}

impl Default for Win32finddata {
    fn default() -> Self {
        Win32finddata {
            file_attributes: 0,
            creation_time: Filetime::default(),
            last_access_time: Filetime::default(),
            last_write_time: Filetime::default(),
            file_size_high: 0,
            file_size_low: 0,
            reserved0: 0,
            reserved1: 0,
            file_name: [0; MAX_PATH as usize - 1],
            alternate_file_name: [0; 13],
        }
    }
}

impl Win32finddata {
    /// The name up to its NUL (or all 259 units), lossily as a `String`.
    pub fn name(&self) -> String {
        crate::wstr::utf16_to_string(&self.file_name)
    }
}

fn ft(f: FILETIME) -> Filetime {
    Filetime {
        low_date_time: f.dwLowDateTime,
        high_date_time: f.dwHighDateTime,
    }
}

/// Go's `copyFindData`: copy, truncating the two name arrays by one unit.
fn copy_find_data(dst: &mut Win32finddata, src: &WIN32_FIND_DATAW) {
    dst.file_attributes = src.dwFileAttributes;
    dst.creation_time = ft(src.ftCreationTime);
    dst.last_access_time = ft(src.ftLastAccessTime);
    dst.last_write_time = ft(src.ftLastWriteTime);
    dst.file_size_high = src.nFileSizeHigh;
    dst.file_size_low = src.nFileSizeLow;
    dst.reserved0 = src.dwReserved0;
    dst.reserved1 = src.dwReserved1;
    let n = dst.file_name.len();
    dst.file_name.copy_from_slice(&src.cFileName[..n]);
    let n = dst.alternate_file_name.len();
    dst.alternate_file_name
        .copy_from_slice(&src.cAlternateFileName[..n]);
}

/// A search handle from [`find_first_file`]; `FindClose` runs on drop.
///
/// Go: the `Handle` `FindFirstFile` returns. Close it explicitly with
/// [`find_close`] to see the error.
#[derive(Debug)]
pub struct FindHandle(HANDLE);

// SAFETY: a find handle is a plain kernel32 object usable from any thread.
unsafe impl Send for FindHandle {}

impl Drop for FindHandle {
    fn drop(&mut self) {
        // SAFETY: we own the handle and close it once.
        unsafe { FindClose(self.0) };
    }
}

fn first(name: impl WideArg, raw: &mut WIN32_FIND_DATAW) -> Result<FindHandle> {
    let h = with_path(name, |p| {
        // SAFETY: `p` is NUL-terminated; `raw` is a full-size WIN32_FIND_DATAW.
        unsafe { FindFirstFileW(p.as_ptr(), raw) }
    })?;
    if h == INVALID_HANDLE_VALUE || h.is_null() {
        Err(last_error())
    } else {
        Ok(FindHandle(h))
    }
}

fn zeroed_find_data() -> WIN32_FIND_DATAW {
    // SAFETY: plain data; all-zero is valid.
    unsafe { core::mem::zeroed() }
}

/// Go: `syscall.FindFirstFile`: starts a search for `name` (a path whose last
/// component may hold `*` and `?`) and fills `data` with the first match.
///
/// On failure `data` is left untouched, as in Go. No match gives
/// `ERROR_FILE_NOT_FOUND`; a missing directory `ERROR_PATH_NOT_FOUND`.
#[doc(alias = "FindFirstFile", alias = "FindFirstFileW")]
pub fn find_first_file(name: impl WideArg, data: &mut Win32finddata) -> Result<FindHandle> {
    let mut raw = zeroed_find_data();
    let h = first(name, &mut raw)?;
    copy_find_data(data, &raw);
    Ok(h)
}

/// Go: `syscall.FindNextFile`: the next match into `data`; the end of the search
/// is `Err(ERROR_NO_MORE_FILES)` (18), as in Go.
#[doc(alias = "FindNextFile", alias = "FindNextFileW")]
pub fn find_next_file(h: &FindHandle, data: &mut Win32finddata) -> Result<()> {
    let mut raw = zeroed_find_data();
    // SAFETY: `h` is a live find handle; `raw` is a full-size WIN32_FIND_DATAW.
    cvt(unsafe { FindNextFileW(h.0, &mut raw) })?;
    copy_find_data(data, &raw);
    Ok(())
}

/// Go: `syscall.FindClose`: closes the search, reporting the error (dropping the
/// [`FindHandle`] closes it silently).
#[doc(alias = "FindClose")]
pub fn find_close(h: FindHandle) -> Result<()> {
    let raw = h.0;
    core::mem::forget(h);
    // SAFETY: we took ownership of the handle and close it once.
    cvt(unsafe { FindClose(raw) }).map(drop)
}

/// One entry of a directory listing, with its full-length name (beyond Go).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    /// The name (no directory part), exact.
    pub name: OsString,
    /// The 8.3 short name, empty when there is none.
    pub alternate_name: OsString,
    /// `FILE_ATTRIBUTE_*` bits.
    pub file_attributes: u32,
    /// Creation time.
    pub creation_time: Filetime,
    /// Last access time.
    pub last_access_time: Filetime,
    /// Last write time.
    pub last_write_time: Filetime,
    /// Size in bytes.
    pub file_size: u64,
    /// The reparse tag when `file_attributes` has `FILE_ATTRIBUTE_REPARSE_POINT`.
    pub reparse_tag: u32,
}

impl DirEntry {
    /// An entry with empty names and zero fields, for
    /// [`ReadDir::next_into`] to fill.
    pub fn new() -> DirEntry {
        DirEntry {
            name: OsString::new(),
            alternate_name: OsString::new(),
            file_attributes: 0,
            creation_time: Filetime::default(),
            last_access_time: Filetime::default(),
            last_write_time: Filetime::default(),
            file_size: 0,
            reparse_tag: 0,
        }
    }

    /// Takes the entry from `r`, reusing the names' buffers.
    fn fill(&mut self, r: &WIN32_FIND_DATAW) {
        fill_name(&mut self.name, &r.cFileName);
        fill_name(&mut self.alternate_name, &r.cAlternateFileName);
        self.file_attributes = r.dwFileAttributes;
        self.creation_time = ft(r.ftCreationTime);
        self.last_access_time = ft(r.ftLastAccessTime);
        self.last_write_time = ft(r.ftLastWriteTime);
        self.file_size = (u64::from(r.nFileSizeHigh) << 32) | u64::from(r.nFileSizeLow);
        self.reparse_tag = r.dwReserved0;
    }

    /// Whether the entry is a directory (`FILE_ATTRIBUTE_DIRECTORY`).
    pub fn is_dir(&self) -> bool {
        self.file_attributes & crate::consts::FILE_ATTRIBUTE_DIRECTORY != 0
    }
}

impl Default for DirEntry {
    fn default() -> DirEntry {
        DirEntry::new()
    }
}

/// Sets `out` to the name in `units` (up to its NUL), exactly, reusing `out`'s
/// buffer.
fn fill_name(out: &mut OsString, units: &[u16]) {
    // Up to the NUL, so that a new buffer is sized for the name, not the array.
    let n = units.iter().position(|&u| u == 0).unwrap_or(units.len());
    out.clear();
    utf16_to_os_string_into(&units[..n], out);
}

/// A directory listing (beyond Go): an iterator over [`DirEntry`] that closes
/// its find handle when dropped. Made by [`read_dir`].
///
/// Each entry the iterator yields owns new name buffers;
/// [`next_into`](ReadDir::next_into) fills one of the caller's instead.
pub struct ReadDir {
    handle: Option<FindHandle>,
    /// The entry Windows wrote last.
    raw: WIN32_FIND_DATAW,
    /// `raw` holds `FindFirstFileW`'s entry, not yet handed out.
    pending: bool,
}

impl std::fmt::Debug for ReadDir {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadDir")
            .field("handle", &self.handle)
            .field("pending", &self.pending)
            .finish_non_exhaustive()
    }
}

/// Lists the directory `dir` (beyond Go): `FindFirstFileW(dir\*)` then
/// `FindNextFileW` until `ERROR_NO_MORE_FILES`, skipping `.` and `..`.
///
/// Names are full length (up to 255 units, never cut as in [`Win32finddata`]);
/// long paths work (the pattern goes through the long-path rule). A missing
/// directory gives `ERROR_PATH_NOT_FOUND` (or `ERROR_FILE_NOT_FOUND`).
///
/// ```no_run
/// for e in winsyscall::read_dir(r"C:\Windows")? {
///     println!("{:?}", e?.name);
/// }
/// # Ok::<(), winsyscall::Errno>(())
/// ```
#[doc(alias = "FindFirstFile")]
pub fn read_dir(dir: impl WideArg) -> Result<ReadDir> {
    let mut pattern = dir.with_wide(|w| w[..w.len() - 1].to_vec())?;
    if !pattern
        .last()
        .is_some_and(|&c| c == u16::from(b'\\') || c == u16::from(b'/'))
    {
        pattern.push(u16::from(b'\\'));
    }
    pattern.push(u16::from(b'*'));
    let pattern = crate::wstr::WideCString::from_units(pattern)?;
    let mut raw = zeroed_find_data();
    let h = first(&pattern, &mut raw)?;
    Ok(ReadDir {
        handle: Some(h),
        raw,
        pending: true,
    })
}

impl ReadDir {
    /// The next entry, written into `entry` (its names' buffers reused)
    /// instead of a new [`DirEntry`]: `None` at the end, an error once (which
    /// ends the listing), as the iterator; `entry` is left as it was then.
    /// Beyond Go.
    ///
    /// Once `entry`'s names have room for the longest name, the loop
    /// allocates nothing.
    ///
    /// ```no_run
    /// let mut dir = winsyscall::read_dir(r"C:\Windows")?;
    /// let mut entry = winsyscall::DirEntry::new();
    /// while let Some(r) = dir.next_into(&mut entry) {
    ///     r?;
    ///     println!("{:?} {}", entry.name, entry.file_size);
    /// }
    /// # Ok::<(), winsyscall::Errno>(())
    /// ```
    #[doc(alias = "FindNextFile")]
    pub fn next_into(&mut self, entry: &mut DirEntry) -> Option<Result<()>> {
        const DOT: u16 = b'.' as u16;
        loop {
            if self.pending {
                self.pending = false;
            } else {
                let h = self.handle.as_ref()?;
                // SAFETY: `h` is a live find handle; `raw` is a full-size WIN32_FIND_DATAW.
                if unsafe { FindNextFileW(h.0, &mut self.raw) } == 0 {
                    let err = last_error();
                    self.handle = None; // closes it
                    return if err == Errno::ERROR_NO_MORE_FILES {
                        None
                    } else {
                        Some(Err(err))
                    };
                }
            }
            if !matches!(self.raw.cFileName, [DOT, 0, ..] | [DOT, DOT, 0, ..]) {
                entry.fill(&self.raw);
                return Some(Ok(()));
            }
        }
    }
}

impl Iterator for ReadDir {
    type Item = Result<DirEntry>;

    fn next(&mut self) -> Option<Result<DirEntry>> {
        let mut e = DirEntry::new();
        Some(self.next_into(&mut e)?.map(|()| e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_truncates_like_go() {
        let mut raw = zeroed_find_data();
        raw.cFileName = [u16::from(b'x'); 260];
        raw.cAlternateFileName = [u16::from(b'y'); 14];
        let mut d = Win32finddata::default();
        copy_find_data(&mut d, &raw);
        assert!(d.file_name.iter().all(|&c| c == u16::from(b'x')));
        assert_eq!(d.name().len(), 259);
        assert!(d.alternate_file_name.iter().all(|&c| c == u16::from(b'y')));
    }
}
