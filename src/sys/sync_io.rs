//! Blocking I/O that stays sound on handles opened for overlapped I/O.
//!
//! A handle opened with `FILE_FLAG_OVERLAPPED` (a pipe end std made for a
//! child's output, a socket, any file the caller opened so) has no
//! synchronous mode: `ReadFile`, `WriteFile`, `DeviceIoControl` and
//! `ReadDirectoryChangesW` called on it without an `OVERLAPPED` may return
//! (with `ERROR_IO_PENDING`, or even reporting success) while the operation is
//! still in flight, and the kernel then writes the data, and the status block
//! Windows keeps on the caller's stack, into memory Rust has freed and reused.
//!
//! Every blocking call of this crate that can meet such a handle goes through
//! here instead:
//!
//! * [`is_synchronous`] tells the two kinds of handle apart **before** any
//!   I/O is issued (a fallback after `ERROR_IO_PENDING` would be too late);
//! * [`run`] issues the call with a private `OVERLAPPED` whose event is a
//!   private event with its low bit set (so the end of the operation queues no
//!   packet to a completion port the handle may be associated with, as
//!   `GetQueuedCompletionStatus` documents) and returns only once the kernel
//!   is done with the `OVERLAPPED` and every buffer.

use crate::errno::{Errno, Result};
use crate::sys::last_error;
use std::cell::OnceCell;
use std::os::windows::io::{AsRawHandle, FromRawHandle, OwnedHandle};
use windows_sys::Wdk::Storage::FileSystem::{
    FILE_MODE_INFORMATION, FILE_SYNCHRONOUS_IO_ALERT, FILE_SYNCHRONOUS_IO_NONALERT,
    FileModeInformation, NtQueryInformationFile,
};
use windows_sys::Win32::Foundation::{ERROR_IO_INCOMPLETE, ERROR_IO_PENDING, HANDLE};
use windows_sys::Win32::System::IO::{GetOverlappedResult, IO_STATUS_BLOCK, OVERLAPPED};
use windows_sys::Win32::System::Threading::{
    CreateEventW, INFINITE, ResetEvent, Sleep, WaitForSingleObject,
};

/// Whether `h` was opened for synchronous I/O: `NtQueryInformationFile`
/// (`FileModeInformation`) reports `FILE_SYNCHRONOUS_IO_ALERT` or
/// `FILE_SYNCHRONOUS_IO_NONALERT`. Only then does Windows itself wait for an
/// operation issued without an `OVERLAPPED` and keep a file position.
///
/// The I/O manager answers this class from the file object without asking
/// the driver: one cheap system call, no access right needed. The mode is
/// fixed when the handle is opened. Any failure (a handle that is no file
/// object) answers `false`, so the caller takes the path that is sound for
/// every handle.
pub(crate) fn is_synchronous(h: HANDLE) -> bool {
    // SAFETY: IO_STATUS_BLOCK is plain data; all-zero is a valid value.
    let mut iosb: IO_STATUS_BLOCK = unsafe { core::mem::zeroed() };
    let mut info = FILE_MODE_INFORMATION::default();
    // SAFETY: both out-structures are live locals of the sizes passed; the
    // query is a synchronous service even on an overlapped handle, so nothing
    // is written after it returns.
    let status = unsafe {
        NtQueryInformationFile(
            h,
            &mut iosb,
            (&raw mut info).cast(),
            size_of::<FILE_MODE_INFORMATION>() as u32,
            FileModeInformation,
        )
    };
    status >= 0 && info.Mode & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT) != 0
}

thread_local! {
    /// This thread's private event for [`run`] (manual-reset, unnamed, never
    /// shared): one thread runs one operation at a time, so one is enough.
    static EVENT: OnceCell<OwnedHandle> = const { OnceCell::new() };
}

fn new_event() -> Result<OwnedHandle> {
    // SAFETY: no security attributes, no name: a new manual-reset event.
    let h = unsafe { CreateEventW(core::ptr::null(), 1, 0, core::ptr::null()) };
    if h.is_null() {
        return Err(last_error());
    }
    // SAFETY: a new handle that nothing else owns.
    Ok(unsafe { OwnedHandle::from_raw_handle(h) })
}

/// Calls `f` with this thread's event (made on first use), or with a fresh
/// one when the thread is being torn down.
fn with_event<T>(f: impl FnOnce(HANDLE) -> T) -> Result<T> {
    let mut f = Some(f);
    let cached = EVENT.try_with(|cell| -> Result<Option<T>> {
        let ev = match cell.get() {
            Some(ev) => ev,
            None => {
                let made = new_event()?;
                cell.get_or_init(|| made)
            }
        };
        Ok(f.take().map(|f| f(ev.as_raw_handle())))
    });
    match cached {
        Ok(Ok(Some(t))) => Ok(t),
        Ok(Err(e)) => Err(e),
        _ => {
            let ev = new_event()?;
            f.take().map(|f| f(ev.as_raw_handle())).ok_or(Errno::EINVAL)
        }
    }
}

/// Runs one overlapped operation on `h` to its end and returns its result
/// and the byte count Windows reported for it (`InternalHigh`: the bytes
/// transferred, also with a warning such as `ERROR_MORE_DATA`).
///
/// `issue` gets a zeroed `OVERLAPPED` carrying `offset` and this thread's
/// event with its low bit set (`ResetEvent` first), makes the call and
/// returns its `BOOL`. If the call answers `ERROR_IO_PENDING`, this waits —
/// non-alertably, so nothing can cut the wait short — until
/// `GetOverlappedResult` reports the operation over; if the wait itself fails
/// it falls back to polling every millisecond. It never returns while the
/// operation may still touch the `OVERLAPPED` or a buffer. A failure to make
/// the event is returned before anything is issued.
///
/// # Safety
/// `issue` must start exactly one operation on `h`, with the `OVERLAPPED` it
/// is given and no completion routine, and every buffer that operation uses
/// must stay valid until this function returns.
pub(crate) unsafe fn run(
    h: HANDLE,
    offset: u64,
    issue: impl FnOnce(*mut OVERLAPPED) -> i32,
) -> Result<(Result<()>, u32)> {
    with_event(|ev| {
        // SAFETY: OVERLAPPED is plain data; all-zero is its initial state.
        let mut ov: OVERLAPPED = unsafe { core::mem::zeroed() };
        ov.Anonymous.Anonymous.Offset = offset as u32;
        ov.Anonymous.Anonymous.OffsetHigh = (offset >> 32) as u32;
        ov.hEvent = (ev as usize | 1) as HANDLE;
        // `ov` stays in this frame and is reached only through `ovp` from here on.
        let ovp = &raw mut ov;
        // SAFETY: `ev` is this thread's live event and no operation uses it now.
        unsafe { ResetEvent(ev) };
        if issue(ovp) == 0 {
            let e = last_error();
            if e.0 != ERROR_IO_PENDING {
                // Never started, or already over (a warning such as
                // ERROR_MORE_DATA): the kernel is done with `ov`.
                // SAFETY: nothing writes `ov` any more.
                let n = unsafe { (*ovp).InternalHigh } as u32;
                return (Err(e), n);
            }
        }
        wait(h, ovp, ev)
    })
}

/// Waits until the operation of `ovp` is over; see [`run`].
fn wait(h: HANDLE, ovp: *mut OVERLAPPED, ev: HANDLE) -> (Result<()>, u32) {
    let mut woken = false;
    loop {
        let mut n = 0u32;
        // SAFETY: `ovp` is the live OVERLAPPED of an operation on `h`; without
        // waiting, GetOverlappedResult only reads its status.
        if unsafe { GetOverlappedResult(h, ovp, &mut n, 0) } != 0 {
            return (Ok(()), n);
        }
        let e = last_error();
        if e.0 != ERROR_IO_INCOMPLETE {
            return (Err(e), n);
        }
        if woken {
            // Woken (or the wait failed) with the operation still running:
            // poll rather than spin.
            // SAFETY: sleeping has no memory effects.
            unsafe { Sleep(1) };
        }
        woken = true;
        // SAFETY: `ev` is this thread's live event; the wait is not alertable.
        // Its result does not matter: the status is checked again either way.
        unsafe { WaitForSingleObject(ev, INFINITE) };
    }
}

/// Ends the process when a call reports more bytes written into an output
/// buffer than it was given: the memory past the buffer was overwritten, so
/// nothing in the process can be trusted any more, and returning (a count
/// that lies, or one cut down silently) would let it run on.
#[cold]
pub(crate) fn overran(call: &str, reported: usize, len: usize) -> ! {
    eprintln!(
        "winsyscall: {call} reported {reported} bytes written into a {len}-byte buffer; \
         memory past the buffer was overwritten, aborting"
    );
    std::process::abort()
}
