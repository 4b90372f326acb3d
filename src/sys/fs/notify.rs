//! Directory watching: Go's `ReadDirectoryChanges` in a safe, blocking form
//! with a bounds-checked parser of the `FILE_NOTIFY_INFORMATION` records.

use super::open_existing;
use crate::consts::{
    FILE_FLAG_BACKUP_SEMANTICS, FILE_LIST_DIRECTORY, FILE_SHARE_DELETE, FILE_SHARE_READ,
    FILE_SHARE_WRITE,
};
use crate::errno::{Errno, Result};
use crate::sys::sync_io::{overran, run};
use crate::sys::{clamp_len, raw_handle};
use crate::wstr::WideArg;
use std::ffi::OsString;
use std::os::windows::io::{AsHandle, OwnedHandle};
use windows_sys::Win32::Storage::FileSystem::ReadDirectoryChangesW;

go_consts! { u32;
    FILE_NOTIFY_CHANGE_FILE_NAME = 1 << 0; FILE_NOTIFY_CHANGE_DIR_NAME = 1 << 1;
    FILE_NOTIFY_CHANGE_ATTRIBUTES = 1 << 2; FILE_NOTIFY_CHANGE_SIZE = 1 << 3;
    FILE_NOTIFY_CHANGE_LAST_WRITE = 1 << 4; FILE_NOTIFY_CHANGE_LAST_ACCESS = 1 << 5;
    FILE_NOTIFY_CHANGE_CREATION = 1 << 6;
    FILE_ACTION_ADDED = 1; FILE_ACTION_REMOVED = 2; FILE_ACTION_MODIFIED = 3;
    FILE_ACTION_RENAMED_OLD_NAME = 4; FILE_ACTION_RENAMED_NEW_NAME = 5;
}

/// Go: `syscall.FileNotifyInformation` (Windows' `FILE_NOTIFY_INFORMATION`): the
/// fixed head of one record; `file_name` is the first of `file_name_length / 2`
/// units. Documented for layout only: read records with
/// [`parse_file_notify_information`], which checks every bound.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FileNotifyInformation {
    /// Bytes from this record to the next; 0 on the last (Go: `NextEntryOffset`).
    pub next_entry_offset: u32,
    /// A `FILE_ACTION_*` value (Go: `Action`).
    pub action: u32,
    /// Length of the name in bytes (Go: `FileNameLength`).
    pub file_name_length: u32,
    /// First unit of the name (Go: `FileName`).
    pub file_name: u16,
}

/// One change reported by [`read_directory_changes`]: the action and the name
/// relative to the watched directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileNotifyEvent {
    /// A `FILE_ACTION_*` value.
    pub action: u32,
    /// The name, relative to the watched directory (exact).
    pub name: OsString,
}

fn u32_at(b: &[u8], off: usize) -> Option<u32> {
    let s = b.get(off..off.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// Parses the `FILE_NOTIFY_INFORMATION` records `ReadDirectoryChangesW` wrote
/// into `buf` (the first `bytes returned` bytes). Never reads out of bounds:
/// a record head or name reaching past `buf`, an odd name length, or a
/// `NextEntryOffset` that does not move forward within `buf` gives
/// `ERROR_INVALID_DATA`. An empty `buf` is an empty list.
pub fn parse_file_notify_information(buf: &[u8]) -> Result<Vec<FileNotifyEvent>> {
    use std::os::windows::ffi::OsStringExt;
    let bad = Errno::ERROR_INVALID_DATA;
    let mut out = Vec::new();
    if buf.is_empty() {
        return Ok(out);
    }
    let mut off = 0usize;
    loop {
        let next = u32_at(buf, off).ok_or(bad)? as usize;
        let action = u32_at(buf, off + 4).ok_or(bad)?;
        let name_len = u32_at(buf, off + 8).ok_or(bad)? as usize;
        if name_len & 1 != 0 {
            return Err(bad);
        }
        let start = off + 12;
        let name = buf
            .get(start..start.checked_add(name_len).ok_or(bad)?)
            .ok_or(bad)?;
        let units: Vec<u16> = name
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        out.push(FileNotifyEvent {
            action,
            name: OsString::from_wide(&units),
        });
        if next == 0 {
            return Ok(out);
        }
        off = off.checked_add(next).ok_or(bad)?;
        if off >= buf.len() {
            return Err(bad);
        }
    }
}

/// Opens a directory for [`read_directory_changes`]: `CreateFileW(dir,
/// FILE_LIST_DIRECTORY, share read|write|delete, OPEN_EXISTING,
/// FILE_FLAG_BACKUP_SEMANTICS)` (synchronous, not inheritable). Beyond Go, which
/// leaves opening the directory to the caller (`CreateFile`).
pub fn open_dir_for_watch(dir: impl WideArg) -> Result<OwnedHandle> {
    open_existing(
        dir,
        FILE_LIST_DIRECTORY,
        FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
        FILE_FLAG_BACKUP_SEMANTICS,
    )
}

/// Go: `syscall.ReadDirectoryChanges(handle, buf, buflen, watchSubTree, mask,
/// retlen, overlapped, completionRoutine)`, in a safe blocking form: waits for
/// changes in the directory open as `dir` (see [`open_dir_for_watch`]) and
/// returns them parsed.
///
/// `buf` is the caller's buffer (`u32`s, so it has the DWORD alignment Windows
/// requires; 64 KiB at most over the network). The first call starts the watch;
/// changes between calls are queued by the system. An empty list means more
/// changes happened than fit (Windows returned 0 bytes): rescan the directory.
/// `filter` is a set of `FILE_NOTIFY_CHANGE_*` bits.
///
/// The call always carries a private `OVERLAPPED` (with a private event,
/// marked so that no packet goes to a completion port) and is waited out, so
/// it blocks until changes come in on every handle, also one opened with
/// `FILE_FLAG_OVERLAPPED`, and Windows never writes `buf` after it returns.
/// Go's call with a nil `overlapped` has no such guarantee on an overlapped
/// handle.
#[doc(alias = "ReadDirectoryChanges", alias = "ReadDirectoryChangesW")]
pub fn read_directory_changes(
    dir: impl AsHandle,
    buf: &mut [u32],
    watch_subtree: bool,
    filter: u32,
) -> Result<Vec<FileNotifyEvent>> {
    let h = raw_handle(&dir.as_handle());
    let bytes = buf.len().saturating_mul(4);
    let len = clamp_len(bytes);
    let p = buf.as_mut_ptr();
    let issue = |ov| {
        // SAFETY: `p` is writable for `len` bytes and DWORD-aligned:
        // `run` below returns only once the operation is over.
        unsafe {
            ReadDirectoryChangesW(
                h,
                p.cast(),
                len,
                i32::from(watch_subtree),
                filter,
                core::ptr::null_mut(),
                ov,
                None,
            )
        }
    };
    // SAFETY: the closure starts one request into `buf` with the OVERLAPPED it
    // is given and no completion routine; `buf` stays borrowed until `run`
    // returns, after the request is over.
    let (r, n) = unsafe { run(h, issue) }?;
    r?;
    let n = n as usize;
    if n > bytes {
        overran("ReadDirectoryChangesW", n, bytes);
    }
    // SAFETY: `buf` is initialised u32s; viewing them as bytes is always valid.
    let all = unsafe { core::slice::from_raw_parts(buf.as_ptr().cast::<u8>(), bytes) };
    parse_file_notify_information(&all[..n])
}

/// A watched directory that owns its handle and its notification buffer
/// (beyond Go): [`open_dir_for_watch`] plus [`read_directory_changes`] in one
/// value. The handle closes on drop.
///
/// ```no_run
/// use winsyscall::{DirWatcher, FILE_NOTIFY_CHANGE_FILE_NAME};
/// let mut w = DirWatcher::open(r"C:\temp", 64 * 1024)?;
/// for ev in w.read(false, FILE_NOTIFY_CHANGE_FILE_NAME)? {
///     println!("{} {:?}", ev.action, ev.name);
/// }
/// # Ok::<(), winsyscall::Errno>(())
/// ```
#[derive(Debug)]
pub struct DirWatcher {
    dir: OwnedHandle,
    buf: Vec<u32>,
}

/// The watched directory's handle, for other calls on it (its attributes, its
/// path, cancelling a wait from another thread with `cancel_io_ex`).
impl AsHandle for DirWatcher {
    fn as_handle(&self) -> std::os::windows::io::BorrowedHandle<'_> {
        self.dir.as_handle()
    }
}

impl DirWatcher {
    /// Opens `dir` for watching with a buffer of `capacity` bytes (rounded up
    /// to a multiple of 4; at least 4). 64 KiB is the most a network share takes.
    pub fn open(dir: impl WideArg, capacity: usize) -> Result<DirWatcher> {
        let dir = open_dir_for_watch(dir)?;
        Ok(DirWatcher {
            dir,
            buf: vec![0; capacity.div_ceil(4).max(1)],
        })
    }

    /// Waits for the next batch of changes: see [`read_directory_changes`].
    pub fn read(&mut self, watch_subtree: bool, filter: u32) -> Result<Vec<FileNotifyEvent>> {
        read_directory_changes(&self.dir, &mut self.buf, watch_subtree, filter)
    }

    /// The directory handle.
    pub fn handle(&self) -> std::os::windows::io::BorrowedHandle<'_> {
        self.dir.as_handle()
    }
}
