//! A safe, owned `PROC_THREAD_ATTRIBUTE_LIST` (Go's unexported
//! `newProcThreadAttributeList` and `procThreadAttributeListContainer`).

use crate::errno::{Errno, Result};
use crate::sys::{cvt, last_error, last_error_raw, raw_handle};
use core::marker::PhantomData;
use std::os::windows::io::BorrowedHandle;
use windows_sys::Win32::Foundation::{HANDLE, LocalFree};
use windows_sys::Win32::System::Memory::{LMEM_FIXED, LocalAlloc};
use windows_sys::Win32::System::Threading::{
    DeleteProcThreadAttributeList, InitializeProcThreadAttributeList, LPPROC_THREAD_ATTRIBUTE_LIST,
    UpdateProcThreadAttribute,
};

/// An initialised `PROC_THREAD_ATTRIBUTE_LIST`, freed on drop, that keeps the
/// values its attributes point to alive for as long as it lives.
///
/// Go: the unexported `newProcThreadAttributeList` and its container
/// (current Go releases):
/// the size is asked for first (`InitializeProcThreadAttributeList(NULL, n, 0,
/// &size)`, which must fail with `ERROR_INSUFFICIENT_BUFFER`), the memory
/// comes from `LocalAlloc(LMEM_FIXED)`, and drop runs
/// `DeleteProcThreadAttributeList` then `LocalFree`.
///
/// Windows does not copy attribute values: it keeps pointers to them until the
/// list is used by `CreateProcess`. Here the typed setters copy the values into
/// storage owned by the list, and the lifetime `'a` ties the list to the
/// handles it names, so no value can dangle.
///
/// ```no_run
/// use winsyscall::{ProcThreadAttributeList, get_current_process};
/// let mut list = ProcThreadAttributeList::new(2)?;
/// list.set_parent_process(get_current_process())?;
/// assert_eq!(list.len(), 1);
/// # Ok::<(), winsyscall::Errno>(())
/// ```
#[doc(alias = "newProcThreadAttributeList")]
#[doc(alias = "procThreadAttributeListContainer")]
pub struct ProcThreadAttributeList<'a> {
    data: LPPROC_THREAD_ATTRIBUTE_LIST,
    capacity: u32,
    // Values the list points into; a Box's heap block never moves.
    values: Vec<Box<[HANDLE]>>,
    _handles: PhantomData<BorrowedHandle<'a>>,
}

// SAFETY: the list is plain memory plus copies of handle values; nothing in it
// is tied to the creating thread.
unsafe impl Send for ProcThreadAttributeList<'_> {}

impl<'a> ProcThreadAttributeList<'a> {
    /// Go: `newProcThreadAttributeList(maxAttrCount)`: room for up to
    /// `max_attr_count` attributes.
    ///
    /// If the size query succeeds instead of failing with
    /// `ERROR_INSUFFICIENT_BUFFER`, Go returns the text error "unable to query
    /// buffer size from InitializeProcThreadAttributeList"; here it is
    /// `EINVAL` (no size was learned). Any other failure is returned as is.
    #[doc(alias = "newProcThreadAttributeList")]
    pub fn new(max_attr_count: u32) -> Result<Self> {
        let mut size = 0usize;
        // SAFETY: a NULL list asks for the size only.
        let ok = unsafe {
            InitializeProcThreadAttributeList(core::ptr::null_mut(), max_attr_count, 0, &mut size)
        };
        if ok != 0 {
            return Err(Errno::EINVAL);
        }
        let e = last_error_raw();
        if e != Errno::ERROR_INSUFFICIENT_BUFFER {
            return Err(if e.0 == 0 { Errno::EINVAL } else { e });
        }
        // SAFETY: LocalAlloc takes plain values; NULL is checked below.
        let data = unsafe { LocalAlloc(LMEM_FIXED, size.max(1)) };
        if data.is_null() {
            return Err(last_error());
        }
        // SAFETY: `data` is a fresh block of `size` bytes, as asked for.
        let ok =
            unsafe { InitializeProcThreadAttributeList(data.cast(), max_attr_count, 0, &mut size) };
        if ok == 0 {
            let e = last_error();
            // SAFETY: the block is ours and was never initialised.
            unsafe { LocalFree(data) };
            return Err(e);
        }
        Ok(ProcThreadAttributeList {
            data: data.cast(),
            capacity: max_attr_count,
            values: Vec::new(),
            _handles: PhantomData,
        })
    }

    /// How many attributes were set.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether no attribute was set.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The room given to [`new`](Self::new).
    pub fn capacity(&self) -> u32 {
        self.capacity
    }

    /// The pointer `STARTUPINFOEXW::lpAttributeList` takes, valid while `self`
    /// lives (and not to be used after it is dropped).
    pub fn as_ptr(&self) -> LPPROC_THREAD_ATTRIBUTE_LIST {
        self.data
    }

    /// Sets `PROC_THREAD_ATTRIBUTE_PARENT_PROCESS`: the new process will regard
    /// `parent` (opened with `PROCESS_CREATE_PROCESS`) as its parent, and
    /// inherit handles from it rather than from this process.
    pub fn set_parent_process(&mut self, parent: BorrowedHandle<'a>) -> Result<()> {
        self.update(
            super::PROC_THREAD_ATTRIBUTE_PARENT_PROCESS,
            Box::new([raw_handle(&parent)]),
        )
    }

    /// Sets `PROC_THREAD_ATTRIBUTE_HANDLE_LIST`: only these (inheritable)
    /// handles are inherited, when the process is created with inheritance on.
    ///
    /// An empty list gives `EINVAL` (Windows would reject it too; Go never sets
    /// one). Handles are borrowed for `'a`, so they outlive the list.
    pub fn set_handle_list(&mut self, handles: &[BorrowedHandle<'a>]) -> Result<()> {
        if handles.is_empty() {
            return Err(Errno::EINVAL);
        }
        self.update(
            super::PROC_THREAD_ATTRIBUTE_HANDLE_LIST,
            handles.iter().map(raw_handle).collect(),
        )
    }

    /// Sets `PROC_THREAD_ATTRIBUTE_HANDLE_LIST` from raw handle values (used
    /// when the values live in another process, the new parent).
    ///
    /// # Safety
    /// Each value must be a valid handle in the process the new process
    /// inherits from, and stay open until the list has been used.
    pub(crate) unsafe fn set_handle_list_raw(&mut self, handles: &[HANDLE]) -> Result<()> {
        if handles.is_empty() {
            return Err(Errno::EINVAL);
        }
        self.update(super::PROC_THREAD_ATTRIBUTE_HANDLE_LIST, handles.into())
    }

    fn update(&mut self, attribute: usize, value: Box<[HANDLE]>) -> Result<()> {
        let bytes = size_of_val::<[HANDLE]>(&value);
        // SAFETY: the list is initialised; `value` points to `bytes` bytes on
        // the heap, kept (unmoved) in `self.values` until the list is deleted.
        cvt(unsafe {
            UpdateProcThreadAttribute(
                self.data,
                0,
                attribute,
                value.as_ptr().cast(),
                bytes,
                core::ptr::null_mut(),
                core::ptr::null(),
            )
        })?;
        self.values.push(value);
        Ok(())
    }
}

impl Drop for ProcThreadAttributeList<'_> {
    fn drop(&mut self) {
        // SAFETY: the list was initialised by `new` and is deleted once, then
        // its LocalAlloc block is freed.
        unsafe {
            DeleteProcThreadAttributeList(self.data);
            LocalFree(self.data.cast());
        }
    }
}

impl core::fmt::Debug for ProcThreadAttributeList<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ProcThreadAttributeList")
            .field("capacity", &self.capacity)
            .field("len", &self.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sys::process::get_current_process;

    #[test]
    fn new_sets_and_drops() {
        let mut l = ProcThreadAttributeList::new(2).unwrap();
        assert!(l.is_empty());
        l.set_parent_process(get_current_process()).unwrap();
        l.set_handle_list(&[get_current_process()]).unwrap();
        assert_eq!(l.len(), 2);
        assert_eq!(l.set_handle_list(&[]).err(), Some(Errno::EINVAL));
    }
}
