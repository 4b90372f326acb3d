//! Blocking I/O that stays sound on handles opened for overlapped I/O.
//!
//! A handle opened with `FILE_FLAG_OVERLAPPED` (a pipe end std made for a
//! child's output, a socket, any file the caller opened so) has no
//! synchronous mode: `ReadFile`, `WriteFile`, `DeviceIoControl` and
//! `ReadDirectoryChangesW` called on it without an `OVERLAPPED` may return
//! (with `ERROR_IO_PENDING`, or even reporting success) while the operation is
//! still in flight, and the kernel then writes the data, and the status block
//! Windows kept on the caller's stack, into memory Rust has freed and reused.
//!
//! Every blocking call of this crate that can meet such a handle goes through
//! one of the two helpers here, which return only once the kernel is done with
//! every buffer and status block of the call:
//!
//! * [`nt_io`] issues `NtReadFile`/`NtWriteFile` with a status block of its
//!   own, no event and no completion context — on a synchronous handle exactly
//!   what `ReadFile`/`WriteFile` without an `OVERLAPPED` do, at no extra cost —
//!   and if the answer is `STATUS_PENDING` (only an overlapped handle gives it)
//!   waits until the status block says the operation is over;
//! * [`run`] issues a Win32 call with a private `OVERLAPPED` whose event is a
//!   private event with its low bit set (so the end of the operation queues no
//!   packet to a completion port the handle may be associated with, as
//!   `GetQueuedCompletionStatus` documents) and waits the operation out.

use crate::errno::{Errno, Result};
use crate::sys::last_error;
use std::cell::OnceCell;
use std::os::windows::io::{AsRawHandle, FromRawHandle, OwnedHandle};
use windows_sys::Win32::Foundation::{
    ERROR_IO_INCOMPLETE, ERROR_IO_PENDING, HANDLE, NTSTATUS, RtlNtStatusToDosError, STATUS_PENDING,
    WAIT_FAILED,
};
use windows_sys::Win32::System::IO::{GetOverlappedResult, IO_STATUS_BLOCK, OVERLAPPED};
use windows_sys::Win32::System::Threading::{
    CreateEventW, INFINITE, ResetEvent, Sleep, WaitForSingleObject,
};

/// How an `NtReadFile`/`NtWriteFile` issued by [`nt_io`] ended.
#[derive(Clone, Copy, Debug)]
pub(crate) struct NtOutcome {
    /// The final status (never `STATUS_PENDING`).
    pub status: NTSTATUS,
    /// The bytes transferred: the status block's `Information` when the
    /// operation ran (success or a warning such as `STATUS_BUFFER_OVERFLOW`),
    /// else 0.
    pub bytes: usize,
}

impl NtOutcome {
    /// The outcome as Win32 reports it: `Ok` for a success status, else the
    /// Win32 error `RtlNtStatusToDosError` gives (as `ReadFile` does).
    pub(crate) fn result(self) -> Result<()> {
        if self.status >= 0 {
            return Ok(());
        }
        // SAFETY: a pure mapping of one number to another.
        Err(Errno(unsafe { RtlNtStatusToDosError(self.status) }))
    }
}

/// Runs one `NtReadFile`/`NtWriteFile` to its end. `issue` gets a status
/// block owned by this frame (its status preset to `STATUS_PENDING`) and
/// makes the call with no event, no APC routine and no APC context (so no
/// completion packet is queued for it), returning the call's status.
///
/// On a synchronous handle the call itself waits, as `ReadFile` without an
/// `OVERLAPPED` does, and this adds nothing. If it answers `STATUS_PENDING`
/// (an overlapped handle), this waits — non-alertably, so nothing can cut it
/// short — until the status block no longer says pending: on the file handle,
/// which Windows signals when an operation on it ends, at most 10 ms at a
/// time, and after a wake that was not this operation's end it sleeps 1 ms
/// between looks, so it neither spins nor hangs when another operation's end,
/// or `FILE_SKIP_SET_EVENT_ON_HANDLE`, changes what the handle signals. It
/// never returns while the operation may still touch a buffer or the status
/// block.
///
/// # Safety
/// `issue` must start exactly one operation on `h` with the status block it
/// is given (no event, APC routine or context), and every buffer that
/// operation uses must stay valid until this function returns.
pub(crate) unsafe fn nt_io(
    h: HANDLE,
    issue: impl FnOnce(*mut IO_STATUS_BLOCK) -> NTSTATUS,
) -> NtOutcome {
    // SAFETY: IO_STATUS_BLOCK is plain data; all-zero is a valid value.
    let mut iosb: IO_STATUS_BLOCK = unsafe { core::mem::zeroed() };
    iosb.Anonymous.Status = STATUS_PENDING;
    // `iosb` stays in this frame and is reached only through `iop` from here on.
    let iop = &raw mut iosb;
    let mut status = issue(iop);
    if status == STATUS_PENDING {
        let mut woken = false;
        loop {
            // SAFETY: `iop` is live; the kernel may write it concurrently, so
            // it is read volatile, and nothing else is read before it changes.
            status = unsafe { core::ptr::read_volatile(&raw const (*iop).Anonymous.Status) };
            if status != STATUS_PENDING {
                core::sync::atomic::fence(core::sync::atomic::Ordering::Acquire);
                break;
            }
            if woken {
                // SAFETY: sleeping has no memory effects.
                unsafe { Sleep(1) };
            }
            woken = true;
            // SAFETY: waiting on the borrowed handle has no memory effects;
            // the wait is not alertable.
            if unsafe { WaitForSingleObject(h, 10) } == WAIT_FAILED {
                // SAFETY: as above.
                unsafe { Sleep(1) };
            }
        }
    }
    // A success or a warning means the operation ran and its status block was
    // written; an error may come before anything was (Information stays 0).
    let ran = (status as u32) < 0xC000_0000;
    let bytes = if ran {
        // SAFETY: the operation is over; read as the status was, volatile,
        // since the kernel wrote it behind Rust's back.
        unsafe { std::ptr::read_volatile(&raw const (*iop).Information) }
    } else {
        0
    };
    NtOutcome { status, bytes }
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
/// `issue` gets a zeroed `OVERLAPPED` (offset 0: only calls that take no
/// offset use this) carrying this thread's event with its low bit set (`ResetEvent` first), makes the call and
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
    issue: impl FnOnce(*mut OVERLAPPED) -> i32,
) -> Result<(Result<()>, u32)> {
    with_event(|ev| {
        // SAFETY: OVERLAPPED is plain data; all-zero is its initial state.
        let mut ov: OVERLAPPED = unsafe { core::mem::zeroed() };
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
