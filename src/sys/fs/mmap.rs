//! Memory mapping: Go's `CreateFileMapping`, `MapViewOfFile`,
//! `UnmapViewOfFile`, `FlushViewOfFile`, `VirtualLock`, `VirtualUnlock`, with a
//! view type that unmaps on drop.

use crate::errno::{Errno, Result};
use crate::sys::{cvt, cvt_null_handle, last_error, raw_handle};
use crate::wstr::WideArg;
use std::os::windows::io::{AsHandle, BorrowedHandle, OwnedHandle};
use windows_sys::Win32::Foundation::INVALID_HANDLE_VALUE;
use windows_sys::Win32::System::Memory::{
    CreateFileMappingW, FlushViewOfFile, MEMORY_BASIC_INFORMATION, MEMORY_MAPPED_VIEW_ADDRESS,
    MapViewOfFile, UnmapViewOfFile, VirtualLock, VirtualQuery, VirtualUnlock,
};

go_consts! { u32;
    PAGE_READONLY = 0x02; PAGE_READWRITE = 0x04; PAGE_WRITECOPY = 0x08;
    PAGE_EXECUTE_READ = 0x20; PAGE_EXECUTE_READWRITE = 0x40; PAGE_EXECUTE_WRITECOPY = 0x80;
    FILE_MAP_COPY = 0x01; FILE_MAP_WRITE = 0x02; FILE_MAP_READ = 0x04; FILE_MAP_EXECUTE = 0x20;
}

/// Go: `syscall.CreateFileMapping(fhandle, nil, prot, maxSizeHigh, maxSizeLow,
/// nil)`: an unnamed file-mapping object.
///
/// `file` is the file to map, or `None` for memory backed by the paging file
/// (Go passes `InvalidHandle`; `max_size` must then be non-zero). `prot` is a
/// `PAGE_*` value; `max_size` 0 means the file's current size. Security
/// attributes are NULL (not inheritable). Go's `[failretval == 0 || e1 ==
/// ERROR_ALREADY_EXISTS]` only matters for named mappings, see
/// [`create_file_mapping_named`].
#[doc(alias = "CreateFileMapping", alias = "CreateFileMappingW")]
pub fn create_file_mapping(
    file: Option<BorrowedHandle<'_>>,
    prot: u32,
    max_size: u64,
) -> Result<OwnedHandle> {
    mapping(file, prot, max_size, core::ptr::null())
}

/// [`create_file_mapping`] with a name (shareable between processes).
///
/// As Go's generated wrapper, an existing mapping of that name is reported as
/// `ERROR_ALREADY_EXISTS` (183) even though Windows returned a handle (which is
/// closed).
#[doc(alias = "CreateFileMapping", alias = "CreateFileMappingW")]
pub fn create_file_mapping_named(
    file: Option<BorrowedHandle<'_>>,
    prot: u32,
    max_size: u64,
    name: impl WideArg,
) -> Result<OwnedHandle> {
    name.with_wide(|n| mapping(file, prot, max_size, n.as_ptr()))?
}

fn mapping(
    file: Option<BorrowedHandle<'_>>,
    prot: u32,
    max_size: u64,
    name: *const u16,
) -> Result<OwnedHandle> {
    let fh = file.map_or(INVALID_HANDLE_VALUE, |f| raw_handle(&f));
    // SAFETY: the file handle is borrowed for the call; `name` is NULL or NUL-terminated.
    let h = unsafe {
        CreateFileMappingW(
            fh,
            core::ptr::null(),
            prot,
            (max_size >> 32) as u32,
            max_size as u32,
            name,
        )
    };
    let already = last_error();
    // SAFETY: a non-NULL mapping handle is ours alone.
    let owned = unsafe { cvt_null_handle(h) }?;
    if !name.is_null() && already == Errno::ERROR_ALREADY_EXISTS {
        return Err(already);
    }
    Ok(owned)
}

/// A mapped view of a file-mapping object (Go: the `addr` `MapViewOfFile`
/// returns). `UnmapViewOfFile` runs on drop.
///
/// The memory may be shared with other views and processes, so no `&[u8]` is
/// handed out safely: use [`read_at`](Self::read_at)/[`write_at`](Self::write_at),
/// or the raw pointer. Writing is refused (`ERROR_ACCESS_DENIED`) unless the view
/// was mapped with `FILE_MAP_WRITE` or `FILE_MAP_COPY`. As with any mapped file,
/// an I/O error while paging in a file-backed view (a network file gone away)
/// is raised by Windows as an in-page exception, not as an `Errno`.
#[derive(Debug)]
pub struct MappedView {
    addr: *mut u8,
    len: usize,
    writable: bool,
}

// SAFETY: the view is process memory, valid on any thread until unmapped.
unsafe impl Send for MappedView {}
// SAFETY: shared access only copies through raw pointers (see read_at/write_at).
unsafe impl Sync for MappedView {}

/// Go: `syscall.MapViewOfFile(handle, access, offsetHigh, offsetLow, length)`:
/// maps `len` bytes of `mapping` from `offset` (a multiple of the allocation
/// granularity, 64 KiB) with `access` (`FILE_MAP_*`).
///
/// `len` 0 maps to the end of the mapping; the view's length is then read back
/// with `VirtualQuery` (rounded up to whole pages).
#[doc(alias = "MapViewOfFile")]
pub fn map_view_of_file(
    mapping: impl AsHandle,
    access: u32,
    offset: u64,
    len: usize,
) -> Result<MappedView> {
    // SAFETY: the mapping handle is borrowed for the call.
    let v = unsafe {
        MapViewOfFile(
            raw_handle(&mapping.as_handle()),
            access,
            (offset >> 32) as u32,
            offset as u32,
            len,
        )
    };
    if v.Value.is_null() {
        return Err(last_error());
    }
    let mut view = MappedView {
        addr: v.Value.cast(),
        len,
        writable: access & (FILE_MAP_WRITE | FILE_MAP_COPY) != 0,
    };
    if len == 0 {
        // SAFETY: plain data; all-zero is valid.
        let mut mbi: MEMORY_BASIC_INFORMATION = unsafe { core::mem::zeroed() };
        // SAFETY: `mbi` is writable and its size is passed.
        let n = unsafe {
            VirtualQuery(
                view.addr.cast(),
                &mut mbi,
                core::mem::size_of::<MEMORY_BASIC_INFORMATION>(),
            )
        };
        if n == 0 {
            return Err(last_error()); // `view` unmaps on drop
        }
        view.len = mbi.RegionSize;
    }
    Ok(view)
}

impl MappedView {
    /// The view's base address.
    pub fn as_ptr(&self) -> *const u8 {
        self.addr
    }

    /// The view's base address, for writing (only valid for a writable view).
    pub fn as_mut_ptr(&self) -> *mut u8 {
        self.addr
    }

    /// The view's length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the view is empty (never, for a successful map).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn range(&self, offset: usize, n: usize) -> Result<*mut u8> {
        match offset.checked_add(n) {
            // SAFETY: offset <= len, so the result stays inside the view.
            Some(end) if end <= self.len => Ok(unsafe { self.addr.add(offset) }),
            _ => Err(Errno::EINVAL),
        }
    }

    /// Copies `buf.len()` bytes from `offset` of the view into `buf`. Out of
    /// range gives `EINVAL`.
    pub fn read_at(&self, offset: usize, buf: &mut [u8]) -> Result<()> {
        let src = self.range(offset, buf.len())?;
        // SAFETY: the source range is inside the mapped view, which lives as long as
        // `self`; `buf` is a distinct Rust allocation.
        unsafe { core::ptr::copy_nonoverlapping(src, buf.as_mut_ptr(), buf.len()) };
        Ok(())
    }

    /// Copies `data` into the view at `offset`. Out of range gives `EINVAL`; a
    /// view mapped without `FILE_MAP_WRITE`/`FILE_MAP_COPY` gives
    /// `ERROR_ACCESS_DENIED` (instead of an access violation).
    pub fn write_at(&self, offset: usize, data: &[u8]) -> Result<()> {
        if !self.writable {
            return Err(Errno::ERROR_ACCESS_DENIED);
        }
        let dst = self.range(offset, data.len())?;
        // SAFETY: the range is inside a writable mapped view alive as long as `self`.
        unsafe { core::ptr::copy_nonoverlapping(data.as_ptr(), dst, data.len()) };
        Ok(())
    }
}

impl Drop for MappedView {
    fn drop(&mut self) {
        // SAFETY: the address came from MapViewOfFile and is unmapped once.
        unsafe {
            UnmapViewOfFile(MEMORY_MAPPED_VIEW_ADDRESS {
                Value: self.addr.cast(),
            })
        };
    }
}

/// Go: `syscall.UnmapViewOfFile`: unmaps the view, reporting the error
/// (dropping the [`MappedView`] unmaps it silently).
#[doc(alias = "UnmapViewOfFile")]
pub fn unmap_view_of_file(view: MappedView) -> Result<()> {
    let addr = view.addr;
    core::mem::forget(view);
    // SAFETY: we took ownership of the view and unmap it once.
    cvt(unsafe { UnmapViewOfFile(MEMORY_MAPPED_VIEW_ADDRESS { Value: addr.cast() }) }).map(drop)
}

/// Go: `syscall.FlushViewOfFile(addr, length)`: writes `len` bytes of the view
/// from `offset` back to the file (`len` 0: to the end of the view). Out of range
/// gives `EINVAL`.
#[doc(alias = "FlushViewOfFile")]
pub fn flush_view_of_file(view: &MappedView, offset: usize, len: usize) -> Result<()> {
    let len = if len == 0 {
        view.len.saturating_sub(offset)
    } else {
        len
    };
    let p = view.range(offset, len)?;
    // SAFETY: the range is inside the live view.
    cvt(unsafe { FlushViewOfFile(p.cast(), len) }).map(drop)
}

/// Go: `syscall.VirtualLock(addr, length)`: locks `len` bytes of the view from
/// `offset` into physical memory. Out of range gives `EINVAL`; the working-set
/// quota may refuse it (`ERROR_WORKING_SET_QUOTA`).
#[doc(alias = "VirtualLock")]
pub fn virtual_lock(view: &MappedView, offset: usize, len: usize) -> Result<()> {
    let p = view.range(offset, len)?;
    // SAFETY: the range is inside the live view; locking has no memory effects.
    cvt(unsafe { VirtualLock(p.cast(), len) }).map(drop)
}

/// Go: `syscall.VirtualUnlock(addr, length)`: undoes [`virtual_lock`]. Unlocking
/// pages that are not locked gives `ERROR_NOT_LOCKED` (158).
#[doc(alias = "VirtualUnlock")]
pub fn virtual_unlock(view: &MappedView, offset: usize, len: usize) -> Result<()> {
    let p = view.range(offset, len)?;
    // SAFETY: as for virtual_lock.
    cvt(unsafe { VirtualUnlock(p.cast(), len) }).map(drop)
}
