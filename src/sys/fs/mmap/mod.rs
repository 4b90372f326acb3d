//! Memory mapping: Go's `CreateFileMapping`, `MapViewOfFile`,
//! `UnmapViewOfFile`, `FlushViewOfFile`, `VirtualLock`, `VirtualUnlock`, with a
//! view type that unmaps on drop.

use crate::errno::{Errno, Result};
use crate::sys::{cvt, cvt_null_handle, last_error, raw_handle};
use crate::wstr::WideArg;
use std::os::windows::io::{AsHandle, BorrowedHandle, OwnedHandle};
use windows_sys::Win32::Foundation::INVALID_HANDLE_VALUE;
use windows_sys::Win32::System::Memory::{
    CreateFileMappingW, FlushViewOfFile, MEMORY_MAPPED_VIEW_ADDRESS, MapViewOfFile,
    UnmapViewOfFile, VirtualLock, VirtualUnlock,
};

mod shared;
use shared::Access;

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
/// # Safe access
///
/// [`read_at`](Self::read_at) and [`write_at`](Self::write_at) copy bytes out
/// of and into the view. Before touching memory they refuse, with
/// `ERROR_NOACCESS` (998, "Invalid access to memory location", what Windows
/// reports when a system call is handed memory it may not access in that way),
/// any range that would fault:
///
/// - the view was not mapped for that access: reading needs `FILE_MAP_READ`,
///   `FILE_MAP_WRITE` or `FILE_MAP_COPY` (a view mapped with access 0 or
///   `FILE_MAP_EXECUTE` alone cannot be read); writing needs `FILE_MAP_WRITE`
///   or `FILE_MAP_COPY`;
/// - a page of the range is not committed (a view of a `SEC_RESERVE` section
///   whose pages nobody has committed yet), or its protection does not allow
///   the access (a `SEC_IMAGE` view has each section's own protection: the
///   headers and code are not writable), or it is a guard or no-access page.
///
/// The page check uses `VirtualQuery`, region by region. It is made once when
/// the view is mapped and again on each access only if some page was not
/// accessible then: in a view, pages only ever gain access (a committed page of
/// a section cannot be decommitted; `FILE_MAP_COPY` pages turn from
/// write-copy into read/write) unless someone calls `VirtualProtect` on them,
/// which this crate never does and which needs `unsafe` code or another
/// process holding `PROCESS_VM_OPERATION` on this one (which could equally
/// unmap the view; nothing in-process can defend against that).
///
/// # Shared memory
///
/// The memory may be written at any time by other views, threads and
/// processes, so no `&[u8]` into it is handed out, and every copy goes through
/// atomic operations on the aligned machine words holding the bytes (relaxed
/// loads and stores, a compare-exchange for a word the range only partly
/// covers). Concurrent `read_at`/`write_at` calls on the same bytes are
/// therefore defined behaviour, from any number of threads (the view is
/// `Sync`). What a reader sees while someone writes is not a snapshot: each
/// aligned word (8 bytes on 64-bit Windows, counted from the view's start,
/// which is 64 KiB aligned) comes whole from one `write_at`, but different
/// words may come from different writes. That word guarantee holds among
/// writers that go through this crate; another process writing the memory
/// with plain byte or unaligned stores can leave any mix of bytes within a
/// word (its stores are outside Rust's memory model and cause no undefined
/// behaviour here: every access on this side is atomic). `write_at` begins with a release fence and
/// `read_at` ends with an acquire fence, so a `read_at` that sees a byte a
/// `write_at` stored also sees everything that happened before that
/// `write_at` started.
///
/// [`as_ptr`](Self::as_ptr)/[`as_mut_ptr`](Self::as_mut_ptr) give the raw
/// address for `unsafe` code, which then owns all of the above.
///
/// # What remains
///
/// As with every mapped file (std's and `memmap2`'s as well), an I/O error
/// while Windows pages in a file-backed view (a network file gone away, a
/// removable disk pulled) is raised as an `EXCEPTION_IN_PAGE_ERROR` exception
/// at the access, not as an `Errno`; it cannot be checked for in advance.
/// Off x86 (ARM64), pages of a `SEC_NOCACHE`/`SEC_WRITECOMBINE` section are
/// treated as read-only, since the atomic compare-exchange `write_at` uses on
/// partly covered words is not guaranteed to work on uncached memory there.
#[derive(Debug)]
pub struct MappedView {
    addr: *mut u8,
    len: usize,
    /// What the `FILE_MAP_*` mask the view was mapped with allows.
    mapped: Access,
    /// What every page of the view allowed when it was mapped (at most
    /// `mapped`); an access within this needs no page check.
    everywhere: Access,
}

// SAFETY: the view is process memory, valid on any thread until unmapped.
unsafe impl Send for MappedView {}
// SAFETY: `&self` methods only copy through atomic word operations (see
// `shared::load`/`shared::store`) after checking the pages, so concurrent use
// from several threads is free of data races.
unsafe impl Sync for MappedView {}

/// Go: `syscall.MapViewOfFile(handle, access, offsetHigh, offsetLow, length)`:
/// maps `len` bytes of `mapping` from `offset` (a multiple of the allocation
/// granularity, 64 KiB) with `access` (`FILE_MAP_*`).
///
/// `len` 0 maps to the end of the mapping; the view's length is then read back
/// with `VirtualQuery`, over all the view's regions (whole pages, including
/// reserved ones, and every section of a `SEC_IMAGE` view). The pages are
/// also checked once here, see [`MappedView`].
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
    let mapped = Access::of_mask(access);
    let mut view = MappedView {
        addr: v.Value.cast(),
        len,
        mapped,
        everywhere: Access::None,
    };
    if len == 0 {
        // `view` unmaps on drop if this fails.
        view.len = shared::view_extent(view.addr).ok_or_else(last_error)?;
    }
    view.everywhere = [Access::Write, Access::Read]
        .into_iter()
        .find(|&a| a <= mapped && shared::pages_allow(view.addr, view.addr, view.len, a))
        .unwrap_or(Access::None);
    Ok(view)
}

impl MappedView {
    /// The view's base address.
    pub fn as_ptr(&self) -> *const u8 {
        self.addr
    }

    /// The view's base address, for writing. Dereferencing it is `unsafe`:
    /// the caller must know the pages are writable and must not race with
    /// other writers of the shared memory (see [`MappedView`]).
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

    /// `range`, plus the access check of [`MappedView`].
    fn checked(&self, offset: usize, n: usize, need: Access) -> Result<*mut u8> {
        let p = self.range(offset, n)?;
        if self.mapped < need
            || (self.everywhere < need && !shared::pages_allow(self.addr, p, n, need))
        {
            return Err(Errno::ERROR_NOACCESS);
        }
        Ok(p)
    }

    /// Copies `buf.len()` bytes from `offset` of the view into `buf`.
    ///
    /// Out of range gives `EINVAL`; a view not mapped for reading, or a page of
    /// the range that is not committed or not readable, gives `ERROR_NOACCESS`
    /// (nothing is read). Bytes other threads or processes write meanwhile may
    /// be seen torn between machine words, see [`MappedView`].
    pub fn read_at(&self, offset: usize, buf: &mut [u8]) -> Result<()> {
        let src = self.checked(offset, buf.len(), Access::Read)?;
        // SAFETY: every page of the source range is inside the view, committed
        // and readable (checked above; pages of a live view never lose access
        // without `unsafe` code), and the view lives as long as `self`; all
        // safe access to views is atomic and word-sized.
        unsafe { shared::load(src, buf) };
        Ok(())
    }

    /// Copies `data` into the view at `offset`.
    ///
    /// Out of range gives `EINVAL`; a view mapped without `FILE_MAP_WRITE`/
    /// `FILE_MAP_COPY`, or a page of the range that is not committed or not
    /// writable, gives `ERROR_NOACCESS` (nothing is written). Concurrent
    /// writers of the same bytes are allowed, see [`MappedView`].
    pub fn write_at(&self, offset: usize, data: &[u8]) -> Result<()> {
        let dst = self.checked(offset, data.len(), Access::Write)?;
        // SAFETY: as in read_at, with every page writable.
        unsafe { shared::store(dst, data) };
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
