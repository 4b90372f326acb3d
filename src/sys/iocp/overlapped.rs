//! The `OVERLAPPED` layouts: Go's `Overlapped`, its conversions to and from
//! windows-sys' `OVERLAPPED`, and `OVERLAPPED_ENTRY`.

use std::mem::{offset_of, size_of};
use windows_sys::Win32::System::IO::{OVERLAPPED, OVERLAPPED_0, OVERLAPPED_0_0, OVERLAPPED_ENTRY};

/// Go: `syscall.Overlapped`: Windows' `OVERLAPPED` (32 bytes on 64-bit
/// targets, 20 on 32-bit ones).
///
/// `internal` holds the NTSTATUS of a finished operation and `internal_high`
/// its byte count.
///
/// # The two `OVERLAPPED` types
///
/// The crate's raw calls that follow Go's generated code with an
/// `*Overlapped` ([`accept_ex`](crate::accept_ex),
/// [`connect_ex`](crate::connect_ex), [`transmit_file`](crate::transmit_file),
/// [`cancel_io_ex`](crate::cancel_io_ex), the packets of
/// [`get_queued_completion_status`](crate::get_queued_completion_status)) use
/// this type; the raw Winsock forms that take windows-sys' own
/// `windows_sys::Win32::System::IO::OVERLAPPED` use that one. Both have the same
/// layout on every target (checked when the crate is compiled, and by a test
/// against windows-sys' sizes and offsets), with the offset pair in place of
/// windows-sys' `Offset`/`Pointer` union, so moving between them is free:
///
/// * pointers, both ways, without `unsafe` (nothing is dereferenced):
///   [`as_raw`](Overlapped::as_raw), [`as_raw_mut`](Overlapped::as_raw_mut),
///   [`from_raw`](Overlapped::from_raw), [`to_raw`](Overlapped::to_raw);
/// * values: `OVERLAPPED::from(Overlapped)` everywhere, and
///   `Overlapped::from(OVERLAPPED)` on 64-bit targets only. On a 32-bit
///   target windows-sys' union may hold a 4-byte `Pointer` with the 4 bytes of
///   `OffsetHigh` never written, which no code may read; there, go through
///   a pointer and read only what was written.
///
/// Whoever writes through a `*mut OVERLAPPED` that came from
/// [`as_raw_mut`](Overlapped::as_raw_mut) (an `unsafe` act) keeps the
/// `Overlapped` valid: on 32-bit targets, write the union through
/// `Offset`/`OffsetHigh` (or both halves), not through a 4-byte `Pointer`. The
/// kernel writes only `Internal` and `InternalHigh`.
///
/// ```
/// # #[cfg(windows)] {
/// use winsyscall::Overlapped;
/// use windows_sys::Win32::System::IO::OVERLAPPED;
/// let mut ov = Overlapped::at_offset(0x1_0000_0010);
/// let p: *mut OVERLAPPED = ov.as_raw_mut(); // for wsa_recv_raw & co.
/// assert_eq!(Overlapped::from_raw(p), &raw mut ov); // for accept_ex & co.
/// let w = OVERLAPPED::from(ov);
/// // SAFETY: built from an Overlapped, whose offsets fill the whole union.
/// assert_eq!(unsafe { w.Anonymous.Anonymous.OffsetHigh }, 1);
/// # }
/// ```
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Overlapped {
    /// Go's `Internal`: the status code, written by the kernel.
    pub internal: usize,
    /// Go's `InternalHigh`: the bytes transferred, written by the kernel.
    pub internal_high: usize,
    /// Go's `Offset`: the low 32 bits of the file offset.
    pub offset: u32,
    /// Go's `OffsetHigh`: the high 32 bits of the file offset.
    pub offset_high: u32,
    /// Go's `HEvent`: an event handle to signal, or 0.
    pub h_event: usize,
}

// The pointer casts below rely on these, on every target the crate builds for.
const _: () = {
    assert!(size_of::<Overlapped>() == size_of::<OVERLAPPED>());
    assert!(align_of::<Overlapped>() == align_of::<OVERLAPPED>());
    assert!(offset_of!(Overlapped, internal) == offset_of!(OVERLAPPED, Internal));
    assert!(offset_of!(Overlapped, internal_high) == offset_of!(OVERLAPPED, InternalHigh));
    assert!(offset_of!(Overlapped, offset) == offset_of!(OVERLAPPED, Anonymous));
    assert!(offset_of!(Overlapped, offset_high) == offset_of!(OVERLAPPED, Anonymous) + 4);
    assert!(offset_of!(Overlapped, h_event) == offset_of!(OVERLAPPED, hEvent));
    assert!(size_of::<OverlappedEntry>() == size_of::<OVERLAPPED_ENTRY>());
};

impl Overlapped {
    /// An `Overlapped` for a file operation at `offset`.
    pub fn at_offset(offset: u64) -> Overlapped {
        Overlapped {
            offset: offset as u32,
            offset_high: (offset >> 32) as u32,
            ..Overlapped::default()
        }
    }

    /// The 64-bit file offset this `Overlapped` names.
    pub fn file_offset(&self) -> u64 {
        (self.offset_high as u64) << 32 | self.offset as u64
    }

    /// This `Overlapped` as a pointer to windows-sys' `OVERLAPPED` (the same
    /// address; the layouts are equal).
    pub fn as_raw(&self) -> *const OVERLAPPED {
        (self as *const Overlapped).cast()
    }

    /// This `Overlapped` as a mutable pointer to windows-sys' `OVERLAPPED`,
    /// for the raw calls that take one (the Winsock `*_raw` forms). See the
    /// type's docs for what a write through it must keep.
    pub fn as_raw_mut(&mut self) -> *mut OVERLAPPED {
        (self as *mut Overlapped).cast()
    }

    /// A pointer to windows-sys' `OVERLAPPED` as a pointer to `Overlapped`
    /// (the same address), for the calls that take one
    /// ([`accept_ex`](crate::accept_ex), [`cancel_io_ex`](crate::cancel_io_ex)…).
    /// Only the pointer's type changes: nothing is read, so this is safe.
    pub fn from_raw(p: *mut OVERLAPPED) -> *mut Overlapped {
        p.cast()
    }

    /// A pointer to `Overlapped` (a packet's, say) as a pointer to
    /// windows-sys' `OVERLAPPED`: the inverse of [`from_raw`](Self::from_raw).
    pub fn to_raw(p: *mut Overlapped) -> *mut OVERLAPPED {
        p.cast()
    }
}

impl From<Overlapped> for OVERLAPPED {
    /// The same fields; the offsets fill windows-sys' union through
    /// `Offset`/`OffsetHigh`.
    fn from(o: Overlapped) -> OVERLAPPED {
        OVERLAPPED {
            Internal: o.internal,
            InternalHigh: o.internal_high,
            Anonymous: OVERLAPPED_0 {
                Anonymous: OVERLAPPED_0_0 {
                    Offset: o.offset,
                    OffsetHigh: o.offset_high,
                },
            },
            hEvent: o.h_event as _,
        }
    }
}

/// On 64-bit targets only: there both members of windows-sys' union are 8
/// bytes, so every `OVERLAPPED` has both offsets written. (On 32-bit ones a
/// union written through its 4-byte `Pointer` leaves `OffsetHigh` unwritten.)
#[cfg(target_pointer_width = "64")]
impl From<OVERLAPPED> for Overlapped {
    fn from(o: OVERLAPPED) -> Overlapped {
        // SAFETY: on a 64-bit target both union members are 8 bytes, so
        // whichever was written, all 8 bytes are; any bytes are valid u32s.
        let off = unsafe { o.Anonymous.Anonymous };
        Overlapped {
            internal: o.Internal,
            internal_high: o.InternalHigh,
            offset: off.Offset,
            offset_high: off.OffsetHigh,
            h_event: o.hEvent as usize,
        }
    }
}

/// One entry of [`get_queued_completion_status_ex`](crate::get_queued_completion_status_ex):
/// Windows' `OVERLAPPED_ENTRY`.
///
/// Go has no twin (beyond Go). The layout is Windows' (tested).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct OverlappedEntry {
    /// The completion key of the handle (or of the posted packet).
    pub key: usize,
    /// The `OVERLAPPED` of the operation (NULL for a posted packet without one).
    pub overlapped: *mut Overlapped,
    /// Reserved (the NTSTATUS of the operation, as in `Overlapped::internal`).
    pub internal: usize,
    /// The bytes transferred.
    pub bytes: u32,
}

impl Default for OverlappedEntry {
    fn default() -> Self {
        OverlappedEntry {
            key: 0,
            overlapped: std::ptr::null_mut(),
            internal: 0,
            bytes: 0,
        }
    }
}
