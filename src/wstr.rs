//! UTF-16 strings: Go's WTF-8 ⇄ WTF-16 conversions, an owned NUL-terminated
//! wide string, and [`WideArg`], the one trait every string or path argument of
//! the crate accepts.
//!
//! Portable: nothing here calls Windows.
//!
//! # Go's rules, and how Rust's string types meet them
//! Go strings are bytes. Go encodes them to UTF-16 by its WTF-8 rule: valid UTF-8
//! is encoded as usual, the 3-byte form of a surrogate (`ED A0..BF 80..BF`) becomes
//! that lone surrogate, and any other invalid byte becomes U+FFFD, one per byte.
//! A NUL anywhere is refused with `EINVAL`. Decoding stops at the first NUL and
//! turns an unpaired surrogate into its 3-byte WTF-8 form, so it is lossless.
//!
//! In Rust:
//! * a `&str` is always valid UTF-8, so encoding it is plain UTF-16;
//! * byte strings get Go's exact rule through [`utf16_from_bytes`];
//! * on Windows an `OsStr` is already WTF-8 and converts losslessly both ways
//!   (`utf16_to_os_string`, Windows only);
//! * a `String` cannot hold a lone surrogate, so [`utf16_to_string`] replaces one
//!   with U+FFFD (documented lossy route); [`utf16_to_wtf8`] gives Go's exact bytes.

use crate::errno::{Errno, Result};
use std::ffi::{OsStr, OsString};
use std::mem::MaybeUninit;
use std::path::PathBuf;

mod simd;

/// Length, in UTF-16 units including the NUL, of the stack buffer [`WideArg`]
/// converts into before it falls back to the heap (`MAX_PATH` + 1 and change).
pub const STACK_WIDE_LEN: usize = 264;

/// UTF-8 input shorter than this many bytes is encoded on the stack. UTF-8 takes
/// at most 3 bytes per UTF-16 unit, so every string of up to [`STACK_WIDE_LEN`]
/// units, whatever its script, fits (a 1.6 KiB buffer, never initialised).
const STACK_UTF8_BYTES: usize = 3 * STACK_WIDE_LEN;

const REPLACEMENT: u16 = 0xFFFD;

/// Encodes Go-style bytes (WTF-8, possibly invalid) to UTF-16 units, appending
/// to `out`. No NUL check and no terminator. One unit per invalid byte.
pub(crate) fn encode_wtf8_into(s: &[u8], out: &mut impl Extend<u16>) {
    let n = s.len();
    let mut i = 0;
    let cont = |b: u8| (0x80..=0xBF).contains(&b);
    while i < n {
        let b0 = s[i];
        if b0 < 0x80 {
            out.extend([b0 as u16]);
            i += 1;
            continue;
        }
        // Width and the accepted range of the second byte, as Go's utf8.DecodeRune
        // (and Unicode's table 3-7), plus the WTF-8 surrogate range after ED.
        let (width, lo, hi) = match b0 {
            0xC2..=0xDF => (2, 0x80, 0xBF),
            0xE0 => (3, 0xA0, 0xBF),
            0xE1..=0xEC | 0xEE..=0xEF => (3, 0x80, 0xBF),
            0xED => (3, 0x80, 0xBF), // 80..9F: valid; A0..BF: a WTF-8 surrogate
            0xF0 => (4, 0x90, 0xBF),
            0xF1..=0xF3 => (4, 0x80, 0xBF),
            0xF4 => (4, 0x80, 0x8F),
            _ => (0, 0, 0),
        };
        let ok = width != 0
            && i + width <= n
            && (lo..=hi).contains(&s[i + 1])
            && s[i + 2..i + width].iter().all(|&b| cont(b));
        if !ok {
            out.extend([REPLACEMENT]);
            i += 1;
            continue;
        }
        let cp: u32 = match width {
            2 => ((b0 as u32 & 0x1F) << 6) | (s[i + 1] as u32 & 0x3F),
            3 => {
                ((b0 as u32 & 0x0F) << 12)
                    | ((s[i + 1] as u32 & 0x3F) << 6)
                    | (s[i + 2] as u32 & 0x3F)
            }
            _ => {
                ((b0 as u32 & 0x07) << 18)
                    | ((s[i + 1] as u32 & 0x3F) << 12)
                    | ((s[i + 2] as u32 & 0x3F) << 6)
                    | (s[i + 3] as u32 & 0x3F)
            }
        };
        if cp >= 0x10000 {
            let v = cp - 0x10000;
            out.extend([0xD800 | (v >> 10) as u16, 0xDC00 | (v & 0x3FF) as u16]);
        } else {
            out.extend([cp as u16]);
        }
        i += width;
    }
}

/// Decodes UTF-16 units (stopping at the first NUL) to Go's WTF-8 bytes: pairs
/// become 4-byte sequences, an unpaired surrogate its 3-byte form. Lossless.
///
/// The fast kernels of `simd` do the work (AVX2 or SSE2 blocks for ASCII runs).
pub(crate) fn decode_to_wtf8_into(s: &[u16], out: &mut Vec<u8>) {
    simd::decode::<true>(s, out);
}

/// The room the decoders ask for up front for a short `s` (the worst case:
/// three bytes a unit, plus the kernels' slack), so that the allocating
/// routes allocate once, directly; long strings get theirs as decoding goes
/// (their ASCII prefix is sized to them).
#[inline]
fn short_room(s: &[u16]) -> usize {
    if s.first().is_none_or(|&u| u == 0) {
        0 // empty: nothing to allocate
    } else if s.len() <= 64 {
        3 * s.len() + simd::DECODE_SLACK
    } else {
        0
    }
}

/// The part of `s` before its first NUL (all of it if there is none).
fn until_nul(s: &[u16]) -> &[u16] {
    match s.iter().position(|&c| c == 0) {
        Some(n) => &s[..n],
        None => s,
    }
}

/// Go: `syscall.UTF16FromString`: `s` as UTF-16 with one trailing NUL.
///
/// A NUL anywhere in `s` gives `EINVAL`. The result has at most `s.len() + 1` units.
///
/// ```
/// assert_eq!(winsyscall::utf16_from_string("hi").unwrap(), [0x68, 0x69, 0]);
/// assert_eq!(winsyscall::utf16_from_string("a\0b"), Err(winsyscall::Errno::EINVAL));
/// ```
#[doc(alias = "UTF16FromString")]
pub fn utf16_from_string(s: &str) -> Result<Vec<u16>> {
    // The kernels store whole vectors, so the buffer has some slack at the end.
    let mut v = Vec::with_capacity(s.len() + simd::ENCODE_SLACK);
    let spare = v.spare_capacity_mut();
    let n = simd::encode(s, spare).ok_or(Errno::EINVAL)?;
    spare[n].write(0);
    // SAFETY: `encode` initialised units 0..n and unit n was just written.
    unsafe { v.set_len(n + 1) };
    Ok(v)
}

/// Go's `UTF16FromString` on a Go (byte) string, with Go's exact WTF-8 rule:
/// a 3-byte surrogate form becomes that lone surrogate, any other invalid byte
/// becomes U+FFFD (one per byte). A NUL gives `EINVAL`. Trailing NUL appended.
///
/// ```
/// use winsyscall::utf16_from_bytes;
/// assert_eq!(utf16_from_bytes(b"\xED\xA0\x80").unwrap(), [0xD800, 0]);
/// assert_eq!(utf16_from_bytes(b"\x90").unwrap(), [0xFFFD, 0]);
/// ```
#[doc(alias = "UTF16FromString")]
pub fn utf16_from_bytes(s: &[u8]) -> Result<Vec<u16>> {
    if s.contains(&0) {
        return Err(Errno::EINVAL);
    }
    let mut v = Vec::with_capacity(s.len() + 1);
    encode_wtf8_into(s, &mut v);
    v.push(0);
    Ok(v)
}

/// Go: `syscall.StringToUTF16` (deprecated in Go): like [`utf16_from_string`] but
/// **panics** on a NUL, as Go does. Prefer [`utf16_from_string`].
#[doc(alias = "StringToUTF16")]
#[deprecated(note = "panics on NUL, as Go's does; use utf16_from_string")]
pub fn string_to_utf16(s: &str) -> Vec<u16> {
    match utf16_from_string(s) {
        Ok(v) => v,
        Err(_) => panic!("syscall: string with NUL passed to StringToUTF16"),
    }
}

/// **Lossy** where Go is not: Go's `syscall.UTF16ToString` keeps an unpaired
/// surrogate as its WTF-8 bytes, this replaces it with U+FFFD (a `String`
/// cannot hold one). For Go's exact bytes use [`utf16_to_wtf8`]; for a
/// lossless `OsString` (a Windows file name, an environment value) use
/// `utf16_to_os_string` (Windows only).
///
/// Go: `syscall.UTF16ToString`, the `String` route: decodes up to the first
/// NUL. Valid UTF-16 (every string without a lone surrogate) decodes exactly
/// as in Go.
#[doc(alias = "UTF16ToString")]
pub fn utf16_to_string(s: &[u16]) -> String {
    let mut v = Vec::with_capacity(short_room(s));
    simd::decode::<false>(s, &mut v);
    // SAFETY: `decode::<false>` writes only valid UTF-8 (lone surrogates become
    // U+FFFD); the property tests compare it with std's decoder.
    unsafe { String::from_utf8_unchecked(v) }
}

/// [`utf16_to_string`] into a `String` of the caller's: appends `s` up to its
/// first NUL to `out`, lossy in the same way (an unpaired surrogate becomes
/// U+FFFD), and allocates only when `out` lacks room.
///
/// Go has no such form (`syscall.UTF16ToString` always makes a new string).
/// Reusing one `String` for many names (clear it between them) makes the
/// decoding allocation-free once the buffer has grown: the room it needs is
/// up to three bytes a unit, plus 32.
///
/// ```
/// let mut name = String::from("dir/");
/// winsyscall::utf16_to_string_into(&[0x68, 0xE9, 0, 0x78], &mut name);
/// assert_eq!(name, "dir/hé");
/// name.clear();
/// winsyscall::utf16_to_string_into(&[0xD800, 0x61], &mut name);
/// assert_eq!(name, "\u{FFFD}a");
/// ```
#[doc(alias = "UTF16ToString")]
pub fn utf16_to_string_into(s: &[u16], out: &mut String) {
    // SAFETY: `decode::<false>` appends only valid UTF-8 (lone surrogates
    // become U+FFFD), and only after writing it; the property tests compare
    // it with std's decoder.
    simd::decode::<false>(s, unsafe { out.as_mut_vec() });
}

/// [`utf16_to_wtf8`] into a buffer of the caller's: appends Go's exact WTF-8
/// bytes of `s` up to its first NUL to `out`, allocating only when `out`
/// lacks room (up to three bytes a unit, plus 32).
///
/// Go has no such form; the bytes are those of `syscall.UTF16ToString`.
///
/// ```
/// let mut b = Vec::new();
/// winsyscall::utf16_to_wtf8_into(&[0xD800, 0x61, 0], &mut b);
/// assert_eq!(b, b"\xED\xA0\x80a");
/// ```
#[doc(alias = "UTF16ToString")]
pub fn utf16_to_wtf8_into(s: &[u16], out: &mut Vec<u8>) {
    decode_to_wtf8_into(s, out);
}

/// Go: `syscall.UTF16ToString`, exactly: the WTF-8 bytes of `s` up to its first
/// NUL, with an unpaired surrogate in its 3-byte form. Lossless:
/// `utf16_from_bytes(&utf16_to_wtf8(s))` gives `s` back (plus the NUL) whenever
/// `s` has no NUL and no surrogate *pair* split across WTF-8 (see module docs).
#[doc(alias = "UTF16ToString")]
pub fn utf16_to_wtf8(s: &[u16]) -> Vec<u8> {
    let mut out = Vec::with_capacity(short_room(s));
    decode_to_wtf8_into(s, &mut out);
    out
}

/// The lossless route on Windows: `s` up to its first NUL as an `OsString`.
#[cfg(windows)]
#[doc(alias = "UTF16ToString")]
pub fn utf16_to_os_string(s: &[u16]) -> OsString {
    use std::os::windows::ffi::OsStringExt;
    // Fast route: the common string without a lone surrogate decodes to valid
    // UTF-8, which an `OsString` takes as is. Otherwise std builds it.
    let mut v = Vec::with_capacity(short_room(s));
    if simd::decode::<true>(s, &mut v) {
        return OsString::from_wide(until_nul(s));
    }
    // SAFETY: no lone surrogate was met, so the WTF-8 written is valid UTF-8.
    OsString::from(unsafe { String::from_utf8_unchecked(v) })
}

/// [`utf16_to_os_string`] into an `OsString` of the caller's (Windows only):
/// appends `s` up to its first NUL to `out`, losslessly, reusing `out`'s
/// capacity (clear it between names) whenever both hold no lone surrogate.
///
/// Go has no such form (`syscall.UTF16ToString` always makes a new string).
#[cfg(windows)]
#[doc(alias = "UTF16ToString")]
pub fn utf16_to_os_string_into(s: &[u16], out: &mut OsString) {
    use std::os::windows::ffi::OsStringExt;
    match core::mem::take(out).into_string() {
        Ok(text) => {
            let mut v = text.into_bytes();
            let at = v.len();
            let lone = simd::decode::<true>(s, &mut v);
            if lone {
                v.truncate(at);
            }
            // SAFETY: `v` held a `String`'s bytes, and the WTF-8 appended
            // without a lone surrogate is valid UTF-8 (or was cut off).
            *out = OsString::from(unsafe { String::from_utf8_unchecked(v) });
            if lone {
                out.push(OsString::from_wide(until_nul(s)));
            }
        }
        Err(old) => {
            *out = old;
            out.push(OsString::from_wide(until_nul(s)));
        }
    }
}

/// Go: `utf16PtrToString` (unexported): the string at a NUL-terminated UTF-16
/// pointer; a null pointer gives `""`. Lossy as [`utf16_to_string`].
///
/// # Safety
/// `p` is null or points to a readable, NUL-terminated run of `u16`s.
#[doc(alias = "utf16PtrToString")]
pub unsafe fn utf16_ptr_to_string(p: *const u16) -> String {
    if p.is_null() {
        return String::new();
    }
    let mut n = 0;
    // SAFETY: the caller promises a NUL-terminated run; we stop at the NUL.
    while unsafe { *p.add(n) } != 0 {
        n += 1;
    }
    // SAFETY: the `n` units before the NUL were just read, so they are readable.
    utf16_to_string(unsafe { core::slice::from_raw_parts(p, n) })
}

/// Go: `syscall.UTF16PtrFromString`. Go hands back a bare pointer; here the
/// owner is returned and [`WideCString::as_ptr`] stays valid while it lives.
/// A NUL in `s` gives `EINVAL`.
#[doc(alias = "UTF16PtrFromString")]
pub fn utf16_ptr_from_string(s: impl WideArg) -> Result<WideCString> {
    WideCString::new(s)
}

/// Go: `syscall.StringToUTF16Ptr` (deprecated in Go): **panics** on NUL, as Go does.
#[doc(alias = "StringToUTF16Ptr")]
#[deprecated(note = "panics on NUL, as Go's does; use utf16_ptr_from_string")]
pub fn string_to_utf16_ptr(s: &str) -> WideCString {
    match WideCString::new(s) {
        Ok(w) => w,
        Err(_) => panic!("syscall: string with NUL passed to StringToUTF16"),
    }
}

/// Go: `syscall.ByteSliceFromString`: the bytes of `s` plus a NUL; `EINVAL` if
/// `s` holds a NUL.
#[doc(alias = "ByteSliceFromString")]
pub fn byte_slice_from_string(s: &str) -> Result<Vec<u8>> {
    if s.as_bytes().contains(&0) {
        return Err(Errno::EINVAL);
    }
    let mut v = Vec::with_capacity(s.len() + 1);
    v.extend_from_slice(s.as_bytes());
    v.push(0);
    Ok(v)
}

/// Go: `syscall.BytePtrFromString`: a NUL-terminated byte string whose pointer
/// (`as_ptr`) stays valid while the value lives; `EINVAL` on an interior NUL.
#[doc(alias = "BytePtrFromString")]
pub fn byte_ptr_from_string(s: &str) -> Result<std::ffi::CString> {
    std::ffi::CString::new(s).map_err(|_| Errno::EINVAL)
}

/// Go: `syscall.StringByteSlice` (deprecated in Go): like
/// [`byte_slice_from_string`] but **panics** on a NUL, as Go does.
#[doc(alias = "StringByteSlice")]
#[deprecated(note = "panics on NUL, as Go's does; use byte_slice_from_string")]
pub fn string_byte_slice(s: &str) -> Vec<u8> {
    match byte_slice_from_string(s) {
        Ok(v) => v,
        Err(_) => panic!("syscall: string with NUL passed to StringByteSlice"),
    }
}

/// Go: `syscall.StringBytePtr` (deprecated in Go): like [`byte_ptr_from_string`]
/// but **panics** on a NUL, as Go does.
#[doc(alias = "StringBytePtr")]
#[deprecated(note = "panics on NUL, as Go's does; use byte_ptr_from_string")]
pub fn string_byte_ptr(s: &str) -> std::ffi::CString {
    match byte_ptr_from_string(s) {
        Ok(v) => v,
        Err(_) => panic!("syscall: string with NUL passed to StringBytePtr"),
    }
}

/// An owned, NUL-terminated UTF-16 string with no interior NUL.
///
/// The pointer from [`as_ptr`](Self::as_ptr) stays valid, and the units stay put,
/// as long as the value lives (it never reallocates after construction).
///
/// ```
/// let w = winsyscall::WideCString::new("hé").unwrap();
/// assert_eq!(w.as_slice_with_nul(), [0x68, 0xE9, 0]);
/// assert_eq!(w.to_string_lossy(), "hé");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct WideCString {
    // Always ends in exactly one NUL; no NUL before it.
    units: Box<[u16]>,
}

impl WideCString {
    /// Converts any string or path argument; `EINVAL` on an interior NUL.
    pub fn new(s: impl WideArg) -> Result<Self> {
        s.with_wide(|w| WideCString { units: w.into() })
    }

    /// Takes UTF-16 units without a terminator; `EINVAL` if they hold a NUL.
    pub fn from_units(mut v: Vec<u16>) -> Result<Self> {
        if v.contains(&0) {
            return Err(Errno::EINVAL);
        }
        v.push(0);
        Ok(WideCString {
            units: v.into_boxed_slice(),
        })
    }

    /// Takes units up to (not including) the first NUL, or all of them.
    pub fn from_units_truncate(v: &[u16]) -> Self {
        let s = until_nul(v);
        let mut b = Vec::with_capacity(s.len() + 1);
        b.extend_from_slice(s);
        b.push(0);
        WideCString {
            units: b.into_boxed_slice(),
        }
    }

    /// The pointer Windows takes (`LPCWSTR`), valid while `self` lives.
    pub fn as_ptr(&self) -> *const u16 {
        self.units.as_ptr()
    }

    /// The units without the terminating NUL.
    pub fn as_slice(&self) -> &[u16] {
        &self.units[..self.units.len() - 1]
    }

    /// The units with the terminating NUL.
    pub fn as_slice_with_nul(&self) -> &[u16] {
        &self.units
    }

    /// Number of units, not counting the NUL.
    pub fn len(&self) -> usize {
        self.units.len() - 1
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Lossy `String` (unpaired surrogates become U+FFFD).
    pub fn to_string_lossy(&self) -> String {
        utf16_to_string(&self.units)
    }

    /// Go's exact WTF-8 bytes.
    pub fn to_wtf8(&self) -> Vec<u8> {
        utf16_to_wtf8(&self.units)
    }

    /// Lossless `OsString` (Windows only).
    #[cfg(windows)]
    pub fn to_os_string(&self) -> OsString {
        utf16_to_os_string(&self.units)
    }
}

impl Default for WideCString {
    fn default() -> Self {
        WideCString {
            units: Box::new([0]),
        }
    }
}

/// The units without the terminating NUL, as
/// [`as_slice`](WideCString::as_slice) gives them (use
/// [`as_slice_with_nul`](WideCString::as_slice_with_nul) for the terminated form).
///
/// ```
/// fn units(s: impl AsRef<[u16]>) -> Vec<u16> {
///     s.as_ref().to_vec()
/// }
/// let w = winsyscall::WideCString::new("hi").unwrap();
/// assert_eq!(units(&w), [0x68, 0x69]);
/// assert_eq!(units(winsyscall::WideCString::default()), []);
/// ```
impl AsRef<[u16]> for WideCString {
    fn as_ref(&self) -> &[u16] {
        self.as_slice()
    }
}

impl core::fmt::Debug for WideCString {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Debug::fmt(&self.to_string_lossy(), f)
    }
}

mod sealed {
    pub trait Sealed {}
}

/// A string or path argument: `&str`, `String`, `&OsStr`, `OsString`, `&Path`,
/// `PathBuf` (and references to them) and [`WideCString`], all alike.
///
/// Every call of the crate that takes a name goes through this trait: the
/// argument is converted to a NUL-terminated UTF-16 string (on the stack when it
/// fits in [`STACK_WIDE_LEN`] units, on the heap otherwise) and a NUL inside it
/// gives `EINVAL` before any system call is made.
///
/// On Windows an `OsStr`/`Path` converts losslessly (lone surrogates kept). On
/// other systems its bytes are taken as Go takes a string: WTF-8, invalid bytes
/// become U+FFFD.
pub trait WideArg: sealed::Sealed {
    /// Calls `f` with the NUL-terminated units (the slice includes the NUL).
    fn with_wide<R>(self, f: impl FnOnce(&[u16]) -> R) -> Result<R>;
}

/// Encodes `units` into a stack buffer (heap past [`STACK_WIDE_LEN`]), checks
/// for NUL, terminates, and calls `f`.
#[inline]
#[cfg_attr(not(windows), allow(dead_code))]
fn with_units<R>(units: impl Iterator<Item = u16>, f: impl FnOnce(&[u16]) -> R) -> Result<R> {
    let mut buf = [0u16; STACK_WIDE_LEN];
    let mut n = 0;
    let mut units = units;
    for u in units.by_ref() {
        if u == 0 {
            return Err(Errno::EINVAL);
        }
        buf[n] = u;
        n += 1;
        if n == STACK_WIDE_LEN - 1 {
            // Spill to the heap for long inputs.
            let mut v = Vec::with_capacity(STACK_WIDE_LEN * 2);
            v.extend_from_slice(&buf[..n]);
            for u in units {
                if u == 0 {
                    return Err(Errno::EINVAL);
                }
                v.push(u);
            }
            v.push(0);
            return Ok(f(&v));
        }
    }
    buf[n] = 0;
    Ok(f(&buf[..=n]))
}

/// The route of every string or path: UTF-8 (every `&str`, and most `OsStr`s)
/// is encoded by the SIMD kernels, on the stack when it fits, else into one
/// heap buffer; anything else takes the slower exact route below.
fn os_str_with_wide<R>(s: &OsStr, f: impl FnOnce(&[u16]) -> R) -> Result<R> {
    let bytes = s.as_encoded_bytes();
    if bytes.len() < STACK_UTF8_BYTES {
        // Uninitialised: only the units written are read. Units never outnumber
        // bytes, so the buffer always has room.
        let mut buf = [MaybeUninit::<u16>::uninit(); STACK_UTF8_BYTES + simd::ENCODE_SLACK];
        match simd::encode_os(bytes, &mut buf) {
            simd::Encoded::Units(n) => {
                buf[n].write(0);
                // SAFETY: `encode_os` initialised units 0..n; unit n was just written.
                let w = unsafe { core::slice::from_raw_parts(buf.as_ptr().cast::<u16>(), n + 1) };
                return Ok(f(w));
            }
            simd::Encoded::Nul => return Err(Errno::EINVAL),
            simd::Encoded::NotUtf8 => {}
        }
    } else {
        let mut v = Vec::with_capacity(bytes.len() + simd::ENCODE_SLACK);
        match simd::encode_os(bytes, v.spare_capacity_mut()) {
            simd::Encoded::Units(n) => {
                v.spare_capacity_mut()[n].write(0);
                // SAFETY: `encode_os` initialised units 0..n; unit n was just written.
                unsafe { v.set_len(n + 1) };
                return Ok(f(&v));
            }
            simd::Encoded::Nul => return Err(Errno::EINVAL),
            simd::Encoded::NotUtf8 => {}
        }
    }
    #[cfg(windows)]
    {
        use std::os::windows::ffi::OsStrExt;
        with_units(s.encode_wide(), f)
    }
    #[cfg(not(windows))]
    {
        let bytes = s.as_encoded_bytes();
        if bytes.contains(&0) {
            return Err(Errno::EINVAL);
        }
        let mut v = Vec::with_capacity(bytes.len() + 1);
        encode_wtf8_into(bytes, &mut v);
        v.push(0);
        Ok(f(&v))
    }
}

/// Every borrowed string or path: `&str`, `&String`, `&OsStr`, `&OsString`,
/// `&Path`, `&PathBuf`, `&Cow<str>`, `&&str`…
impl<T: AsRef<OsStr> + ?Sized> sealed::Sealed for &T {}
impl<T: AsRef<OsStr> + ?Sized> WideArg for &T {
    #[inline]
    fn with_wide<R>(self, f: impl FnOnce(&[u16]) -> R) -> Result<R> {
        os_str_with_wide(self.as_ref(), f)
    }
}

macro_rules! owned_wide_arg {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl WideArg for $t {
            #[inline]
            fn with_wide<R>(self, f: impl FnOnce(&[u16]) -> R) -> Result<R> {
                os_str_with_wide(self.as_ref(), f)
            }
        }
    )*};
}

owned_wide_arg!(String, OsString, PathBuf);

impl sealed::Sealed for &WideCString {}
impl WideArg for &WideCString {
    #[inline]
    fn with_wide<R>(self, f: impl FnOnce(&[u16]) -> R) -> Result<R> {
        Ok(f(&self.units))
    }
}

impl sealed::Sealed for WideCString {}
impl WideArg for WideCString {
    #[inline]
    fn with_wide<R>(self, f: impl FnOnce(&[u16]) -> R) -> Result<R> {
        Ok(f(&self.units))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Go's wtf8_windows_test.go golden table (bytes ⇄ units), both ways.
    const GOLDEN: &[(&[u8], &[u16])] = &[
        (b"\x00", &[0x0000]),
        (b"\x5C", &[0x005C]),
        (b"\x7F", &[0x007F]),
        (b"\xC2\x80", &[0x0080]),
        (b"\xD7\x8A", &[0x05CA]),
        (b"\xDF\xBF", &[0x07FF]),
        (b"\xE0\xA0\x80", &[0x0800]),
        (b"\xE2\xB0\xBC", &[0x2C3C]),
        (b"\xEF\xBF\xBF", &[0xFFFF]),
        (b"\xED\xA0\x80", &[0xD800]),
        (b"\xED\xA0\x80\xED\xA0\x80", &[0xD800, 0xD800]),
        (b"\xED\xA0\x80\x0A", &[0xD800, 0x000A]),
        (
            b"\xED\xA0\x80\xF0\x9D\x8C\x86\xED\xA0\x80",
            &[0xD800, 0xD834, 0xDF06, 0xD800],
        ),
        (b"\xED\xA6\xAF", &[0xD9AF]),
        (b"\xED\xAF\xBF", &[0xDBFF]),
        (b"\xED\xB0\x80", &[0xDC00]),
        (b"\xED\xB0\x80\xED\xB0\x80", &[0xDC00, 0xDC00]),
        (b"\xED\xB0\x80\x0A", &[0xDC00, 0x000A]),
        (
            b"\xED\xB0\x80\xF0\x9D\x8C\x86\xED\xB0\x80",
            &[0xDC00, 0xD834, 0xDF06, 0xDC00],
        ),
        (b"\xED\xBB\xAE", &[0xDEEE]),
        (b"\xED\xBF\xBF", &[0xDFFF]),
        (b"\xF0\x90\x80\x80", &[0xD800, 0xDC00]),
        (b"\xF0\x9D\x8C\x86", &[0xD834, 0xDF06]),
        (b"\xF4\x8F\xBF\xBF", &[0xDBFF, 0xDFFF]),
    ];

    #[test]
    fn empty_input_decodes_without_allocating() {
        for s in [&[][..], &[0][..], &[0, 0x41][..]] {
            assert_eq!(utf16_to_string(s).capacity(), 0, "{s:x?}");
            assert_eq!(utf16_to_wtf8(s).capacity(), 0, "{s:x?}");
            let mut into = String::new();
            utf16_to_string_into(s, &mut into);
            assert_eq!(into.capacity(), 0, "{s:x?}");
        }
    }

    #[test]
    fn go_wtf8_golden_table() {
        assert_eq!(GOLDEN.len(), 24);
        for (bytes, units) in GOLDEN {
            let mut enc = Vec::new();
            encode_wtf8_into(bytes, &mut enc);
            assert_eq!(&enc[..], *units, "encode {bytes:x?}");
            // Decoding stops at NUL, so the NUL row decodes to nothing.
            let mut dec = Vec::new();
            let mut with_nul_cut = units.to_vec();
            with_nul_cut.push(0);
            decode_to_wtf8_into(&with_nul_cut, &mut dec);
            let expect: &[u8] = if bytes == b"\x00" { b"" } else { bytes };
            assert_eq!(&dec[..], expect, "decode {units:x?}");
            // The public routes: bytes in, units (plus NUL) out, and back.
            if !bytes.contains(&0) {
                assert_eq!(utf16_from_bytes(bytes), Ok(with_nul_cut.clone()));
                assert_eq!(utf16_to_wtf8(&with_nul_cut), *bytes);
                if let Ok(s) = core::str::from_utf8(bytes) {
                    assert_eq!(utf16_from_string(s), Ok(with_nul_cut.clone()));
                    assert_eq!(utf16_to_string(&with_nul_cut), s);
                } else {
                    assert_eq!(
                        utf16_to_string(&with_nul_cut),
                        String::from_utf16_lossy(units)
                    );
                }
            }
        }
    }

    #[test]
    fn go_fuzz_seeds_and_invalid_bytes() {
        // FuzzUTF16FromString's seeds: only NUL may error; ends in 0; len <= len+1.
        for s in [
            &b"hi"[..],
            "â".as_bytes(),
            "ねこ".as_bytes(),
            "😃".as_bytes(),
            b"\x90",
            b"\xe3\x81",
            b"\xe3\xc1\x81",
        ] {
            let v = utf16_from_bytes(s).unwrap();
            assert_eq!(*v.last().unwrap(), 0);
            assert!(v.len() <= s.len() + 1);
        }
        assert_eq!(utf16_from_bytes(b"\xe3\x81").unwrap(), [0xFFFD, 0xFFFD, 0]);
        assert_eq!(
            utf16_from_bytes(b"\xe3\xc1\x81").unwrap(),
            [0xFFFD, 0xFFFD, 0xFFFD, 0]
        );
        // Overlong and out-of-range forms are one U+FFFD per byte.
        assert_eq!(utf16_from_bytes(b"\xC0\xAF").unwrap(), [0xFFFD, 0xFFFD, 0]);
        assert_eq!(
            utf16_from_bytes(b"\xF4\x90\x80\x80").unwrap(),
            [0xFFFD; 4].iter().copied().chain([0]).collect::<Vec<_>>()
        );
        // A paired surrogate written as two WTF-8 halves stays two units.
        assert_eq!(
            utf16_from_bytes(b"\xED\xA0\x80\xED\xB0\x80").unwrap(),
            [0xD800, 0xDC00, 0]
        );
        assert_eq!(utf16_to_wtf8(&[0xD800, 0xDC00]), b"\xF0\x90\x80\x80");
    }

    /// Overlong forms (a code point written with more bytes than it needs) are
    /// invalid: each byte becomes U+FFFD, exactly as Go's `utf8.DecodeRune`
    /// rejects them. Above all, the overlong forms of U+0000 must never decode to
    /// a NUL unit, which would slip past the NUL check (done on the bytes) and
    /// cut the string short at the Win32 call.
    #[test]
    fn overlong_forms_are_replaced_never_nul() {
        let r = 0xFFFDu16;
        let cases: &[(&[u8], &[u16])] = &[
            (b"\xC0\x80", &[r, r]),               // U+0000 in 2 bytes
            (b"\xC1\xBF", &[r, r]),               // U+007F in 2 bytes
            (b"\xE0\x80\x80", &[r, r, r]),        // U+0000 in 3 bytes
            (b"\xE0\x80\xAF", &[r, r, r]),        // '/' in 3 bytes
            (b"\xE0\x9F\xBF", &[r, r, r]),        // U+07FF in 3 bytes
            (b"\xF0\x80\x80\x80", &[r, r, r, r]), // U+0000 in 4 bytes
            (b"\xF0\x8F\xBF\xBF", &[r, r, r, r]), // U+FFFF in 4 bytes
            (b"a\xE0\x80\x80b", &[0x61, r, r, r, 0x62]),
            (b"\xE0\xA0\x80", &[0x0800]), // the shortest valid 3-byte form
            (b"\xF0\x90\x80\x80", &[0xD800, 0xDC00]), // the shortest valid 4-byte form
        ];
        for (bytes, want) in cases {
            let mut with_nul = want.to_vec();
            with_nul.push(0);
            assert_eq!(utf16_from_bytes(bytes).unwrap(), with_nul, "{bytes:x?}");
            let mut raw = Vec::new();
            encode_wtf8_into(bytes, &mut raw);
            assert_eq!(&raw[..], *want, "{bytes:x?}");
            // The OsStr route (arbitrary bytes exist only off Windows).
            #[cfg(unix)]
            {
                use std::os::unix::ffi::OsStrExt;
                let got = OsStr::from_bytes(bytes).with_wide(|w| w.to_vec());
                assert_eq!(got.unwrap(), with_nul, "OsStr {bytes:x?}");
            }
        }
    }

    #[test]
    fn nul_is_einval_everywhere() {
        assert_eq!(utf16_from_string("a\0b"), Err(Errno::EINVAL));
        assert_eq!(utf16_from_bytes(b"a\0b"), Err(Errno::EINVAL));
        assert_eq!(byte_slice_from_string("a\0"), Err(Errno::EINVAL));
        assert!(byte_ptr_from_string("\0").is_err());
        assert_eq!(WideCString::new("a\0b"), Err(Errno::EINVAL));
        assert_eq!(WideCString::from_units(vec![1, 0, 2]), Err(Errno::EINVAL));
        assert_eq!("x\0".with_wide(|_| ()), Err(Errno::EINVAL));
        assert_eq!(Path::new("a\0b").with_wide(|_| ()), Err(Errno::EINVAL));
        let long = "a".repeat(1000) + "\0";
        assert_eq!(long.as_str().with_wide(|_| ()), Err(Errno::EINVAL));
    }

    #[test]
    fn wide_arg_accepts_every_string_type() {
        let want = [0x61u16, 0x2F, 0x62, 0];
        let w = WideCString::new("a/b").unwrap();
        for got in [
            "a/b".with_wide(|w| w.to_vec()),
            String::from("a/b").with_wide(|w| w.to_vec()),
            (&String::from("a/b")).with_wide(|w| w.to_vec()),
            OsStr::new("a/b").with_wide(|w| w.to_vec()),
            OsString::from("a/b").with_wide(|w| w.to_vec()),
            Path::new("a/b").with_wide(|w| w.to_vec()),
            PathBuf::from("a/b").with_wide(|w| w.to_vec()),
            (&w).with_wide(|w| w.to_vec()),
        ] {
            assert_eq!(got.unwrap(), want);
        }
    }

    #[test]
    fn long_inputs_spill_to_heap_exactly() {
        for n in [
            0,
            1,
            STACK_WIDE_LEN - 2,
            STACK_WIDE_LEN - 1,
            STACK_WIDE_LEN,
            STACK_UTF8_BYTES / 3 - 1,
            STACK_UTF8_BYTES / 3,
            STACK_UTF8_BYTES / 2,
            STACK_UTF8_BYTES - 1,
            STACK_UTF8_BYTES,
            STACK_UTF8_BYTES + 1,
            5000,
        ] {
            for (c, unit) in [('a', 0x61u16), ('é', 0xE9), ('ね', 0x306D)] {
                let s = c.to_string().repeat(n);
                let v = s.as_str().with_wide(|w| w.to_vec()).unwrap();
                assert_eq!(v.len(), n + 1);
                assert_eq!(v[n], 0);
                assert!(v[..n].iter().all(|&u| u == unit));
            }
        }
    }

    #[test]
    #[allow(deprecated)]
    fn deprecated_forms_panic_on_nul_like_go() {
        assert_eq!(string_to_utf16("ab"), [0x61, 0x62, 0]);
        assert_eq!(
            string_to_utf16_ptr("ab").as_slice_with_nul(),
            [0x61, 0x62, 0]
        );
        assert_eq!(string_byte_slice("ab"), b"ab\0");
        assert_eq!(string_byte_ptr("ab").as_bytes_with_nul(), b"ab\0");
        for f in [
            (|| drop(string_to_utf16("a\0"))) as fn(),
            || drop(string_to_utf16_ptr("a\0")),
            || drop(string_byte_slice("a\0")),
            || drop(string_byte_ptr("a\0")),
        ] {
            assert!(std::panic::catch_unwind(f).is_err());
        }
    }

    #[test]
    fn byte_strings_and_pointers() {
        assert_eq!(byte_slice_from_string("hi").unwrap(), b"hi\0");
        assert_eq!(byte_ptr_from_string("hi").unwrap().as_bytes(), b"hi");
        let w = utf16_ptr_from_string("ok").unwrap();
        // SAFETY: w is alive and NUL-terminated.
        assert_eq!(unsafe { utf16_ptr_to_string(w.as_ptr()) }, "ok");
        assert_eq!(utf16_ptr_from_string("a\0").unwrap_err(), Errno::EINVAL);
        assert_eq!(WideCString::default().as_slice_with_nul(), [0]);
        assert_eq!(
            WideCString::from_units_truncate(&[0x61, 0, 0x62]).as_slice(),
            [0x61]
        );
        assert_eq!(WideCString::from_units(vec![0x61]).unwrap().len(), 1);
        assert_eq!(WideCString::new("x").unwrap().to_wtf8(), b"x");
    }

    #[test]
    fn decode_routes() {
        assert_eq!(utf16_to_string(&[0x68, 0x69, 0, 0x6A]), "hi");
        assert_eq!(utf16_to_string(&[0xD800, 0x61]), "\u{FFFD}a");
        assert_eq!(utf16_to_wtf8(&[0xD800, 0x61]), b"\xED\xA0\x80a");
        assert_eq!(utf16_to_string(&[0xD83D, 0xDE03]), "😃");
        // SAFETY: null is allowed; the array is NUL-terminated.
        unsafe {
            assert_eq!(utf16_ptr_to_string(core::ptr::null()), "");
            assert_eq!(utf16_ptr_to_string([0x6F, 0x6B, 0].as_ptr()), "ok");
        }
    }

    #[test]
    fn decode_into_appends_and_reuses_capacity() {
        // Appends after what is there; lossy / exact as the allocating routes.
        let mut s = String::from("a/");
        utf16_to_string_into(&[0x62, 0xD800, 0x4E16, 0xD83D, 0xDE03, 0, 0x78], &mut s);
        assert_eq!(s, "a/b\u{FFFD}世😃");
        let mut b = b"a/".to_vec();
        utf16_to_wtf8_into(&[0x62, 0xD800, 0x4E16, 0xD83D, 0xDE03, 0, 0x78], &mut b);
        assert_eq!(b, b"a/b\xED\xA0\x80\xE4\xB8\x96\xF0\x9F\x98\x83");
        // A buffer with room for three bytes a unit plus 32 is never
        // reallocated, whatever the text: the same allocation all along.
        let names: Vec<Vec<u16>> = ["x", "é", "ねこ", "😃", "Grüße, 世界! 😃 done."]
            .iter()
            .map(|n| n.repeat(30).encode_utf16().collect())
            .collect();
        let most = names.iter().map(|n| 3 * n.len() + 32).max().unwrap();
        let mut s = String::with_capacity(most);
        let mut b = Vec::with_capacity(most);
        let (sp, bp) = (s.as_ptr(), b.as_ptr());
        for _ in 0..3 {
            for n in &names {
                s.clear();
                utf16_to_string_into(n, &mut s);
                assert_eq!(s, String::from_utf16(n).unwrap());
                b.clear();
                utf16_to_wtf8_into(n, &mut b);
                assert_eq!(b, s.as_bytes());
                assert_eq!((s.as_ptr(), b.as_ptr()), (sp, bp), "reallocated");
                assert_eq!((s.capacity(), b.capacity()), (most, most));
            }
        }
    }

    #[test]
    fn str_matches_go_encoder_on_valid_utf8() {
        for s in ["", "hello", "ねこ", "😃x", "mixed é 😃 ね"] {
            let mut go = Vec::new();
            encode_wtf8_into(s.as_bytes(), &mut go);
            go.push(0);
            assert_eq!(utf16_from_string(s).unwrap(), go);
        }
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The fast encoder equals std's encoder plus the NUL rule, for any string.
        #[test]
        fn fast_encoder_matches_std(s in ".*") {
            let got = utf16_from_string(&s);
            if s.contains('\0') {
                prop_assert_eq!(got, Err(Errno::EINVAL));
            } else {
                let mut want: Vec<u16> = s.encode_utf16().collect();
                want.push(0);
                prop_assert_eq!(got.unwrap(), want.clone());
                prop_assert_eq!(s.as_str().with_wide(|w| w.to_vec()).unwrap(), want);
            }
        }

        /// Long ASCII-heavy strings with a NUL anywhere are refused.
        #[test]
        fn nul_anywhere_is_einval(prefix in "[a-z]{0,70}", suffix in "[a-zé]{0,70}") {
            let s = format!("{prefix}\0{suffix}");
            prop_assert_eq!(utf16_from_string(&s), Err(Errno::EINVAL));
            prop_assert_eq!(s.as_str().with_wide(|_| ()), Err(Errno::EINVAL));
        }

        /// Go's decoder then encoder give back any units without NUL.
        #[test]
        fn wtf16_round_trip(units in proptest::collection::vec(1u16..=0xFFFF, 0..64)) {
            let bytes = utf16_to_wtf8(&units);
            let mut back = Vec::new();
            encode_wtf8_into(&bytes, &mut back);
            prop_assert_eq!(back, units);
        }

        /// Arbitrary bytes never panic and never exceed len + 1 units.
        #[test]
        fn go_encoder_bounds(bytes in proptest::collection::vec(1u8..=255, 0..64)) {
            let v = utf16_from_bytes(&bytes).unwrap();
            prop_assert!(v.len() <= bytes.len() + 1);
            prop_assert_eq!(*v.last().unwrap(), 0);
            if let Ok(s) = std::str::from_utf8(&bytes) {
                prop_assert_eq!(v, utf16_from_string(s).unwrap());
            }
        }
    }
}

/// Every kernel (scalar, SSE2, AVX2 where the CPU has it) against a simple
/// scalar reference, at every length and position boundary the blocks have.
#[cfg(test)]
mod kernel_tests {
    use super::simd::{ENCODE_SLACK, Encoded, Kernel, decode_with, encode_os_with, encode_with};
    use proptest::prelude::*;
    use std::mem::MaybeUninit;

    /// Reference encoder: std's UTF-16 plus Go's NUL rule.
    fn ref_encode(s: &str) -> Option<Vec<u16>> {
        (!s.contains('\0')).then(|| s.encode_utf16().collect())
    }

    /// Reference decoders: up to the first NUL, then std (lossy) or a plain
    /// WTF-8 writer; plus whether a lone surrogate was met.
    fn ref_decode(s: &[u16], wtf8: bool) -> (Vec<u8>, bool) {
        let s = &s[..s.iter().position(|&u| u == 0).unwrap_or(s.len())];
        let mut out = Vec::new();
        let mut lone = false;
        for r in char::decode_utf16(s.iter().copied()) {
            match r {
                Ok(c) => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
                Err(e) => {
                    lone = true;
                    let u = e.unpaired_surrogate();
                    if wtf8 {
                        out.extend([
                            0xE0 | (u >> 12) as u8,
                            0x80 | ((u >> 6) & 0x3F) as u8,
                            0x80 | (u & 0x3F) as u8,
                        ]);
                    } else {
                        out.extend_from_slice("\u{FFFD}".as_bytes());
                    }
                }
            }
        }
        (out, lone)
    }

    fn check_encode(s: &str) {
        let want = ref_encode(s);
        for k in Kernel::all() {
            // Garbage-filled output, so unwritten units would show.
            let mut buf = vec![MaybeUninit::new(0xAAAAu16); s.len() + ENCODE_SLACK];
            let got = encode_with(k, s, &mut buf).map(|n| {
                // SAFETY: the buffer was fully initialised above.
                buf[..n]
                    .iter()
                    .map(|u| unsafe { u.assume_init() })
                    .collect::<Vec<_>>()
            });
            assert_eq!(got, want, "{k:?} on {s:?}");
            let mut buf = vec![MaybeUninit::new(0xAAAAu16); s.len() + ENCODE_SLACK];
            let got = match encode_os_with(k, s.as_bytes(), &mut buf) {
                // SAFETY: the buffer was fully initialised above.
                Encoded::Units(n) => Some(
                    buf[..n]
                        .iter()
                        .map(|u| unsafe { u.assume_init() })
                        .collect::<Vec<_>>(),
                ),
                Encoded::Nul => None,
                Encoded::NotUtf8 => panic!("{k:?}: valid UTF-8 called invalid: {s:?}"),
            };
            assert_eq!(got, want, "{k:?} encode_os on {s:?}");
        }
        // The public routes too.
        let mut with_nul = want.clone();
        if let Some(v) = &mut with_nul {
            v.push(0);
        }
        assert_eq!(
            super::utf16_from_string(s).ok(),
            with_nul,
            "utf16_from_string {s:?}"
        );
        assert_eq!(
            super::WideArg::with_wide(s, |w| w.to_vec()).ok(),
            with_nul,
            "with_wide {s:?}"
        );
    }

    fn check_decode(s: &[u16]) {
        for wtf8 in [false, true] {
            let (want, want_lone) = ref_decode(s, wtf8);
            for k in Kernel::all() {
                let mut out = b"pre".to_vec();
                let lone = if wtf8 {
                    decode_with::<true>(k, s, &mut out)
                } else {
                    decode_with::<false>(k, s, &mut out)
                };
                assert_eq!(&out[..3], b"pre");
                assert_eq!(out[3..], want[..], "{k:?} wtf8={wtf8} on {s:x?}");
                assert_eq!(lone, want_lone, "{k:?} lone flag on {s:x?}");
            }
        }
        assert_eq!(
            super::utf16_to_string(s).into_bytes(),
            ref_decode(s, false).0
        );
        assert_eq!(super::utf16_to_wtf8(s), ref_decode(s, true).0);
        // The `_into` routes append, after what is there and in a buffer that
        // may already have room.
        let mut into = String::from("pré");
        super::utf16_to_string_into(s, &mut into);
        assert_eq!(into.as_bytes()[..4], *"pré".as_bytes());
        assert_eq!(into.as_bytes()[4..], ref_decode(s, false).0, "_into {s:x?}");
        let mut into = Vec::with_capacity(400);
        into.push(b'p');
        super::utf16_to_wtf8_into(s, &mut into);
        assert_eq!(into[1..], ref_decode(s, true).0, "wtf8 _into {s:x?}");
        #[cfg(windows)]
        {
            use std::os::windows::ffi::OsStringExt;
            let want = std::ffi::OsString::from_wide(
                &s[..s.iter().position(|&u| u == 0).unwrap_or(s.len())],
            );
            assert_eq!(
                super::utf16_to_os_string(s),
                want,
                "utf16_to_os_string on {s:x?}"
            );
            for pre in [
                std::ffi::OsString::from("pré"),
                std::ffi::OsString::from_wide(&[0xD800]),
            ] {
                let mut into = pre.clone();
                super::utf16_to_os_string_into(s, &mut into);
                let mut expect = pre;
                expect.push(&want);
                assert_eq!(into, expect, "utf16_to_os_string_into on {s:x?}");
            }
        }
    }

    /// On Windows an `OsStr` holding a lone surrogate is not UTF-8: the
    /// SIMD route hands it to the exact one, which keeps the surrogate.
    #[cfg(windows)]
    #[test]
    fn lone_surrogate_os_str_keeps_its_unit() {
        use crate::WideArg;
        use std::os::windows::ffi::OsStringExt;
        for n in [0, 1, 31, 32, 100, 300] {
            let mut units = vec![0x61u16; n];
            units.extend([0xD800, 0x62]);
            let os = std::ffi::OsString::from_wide(&units);
            let mut want = units.clone();
            want.push(0);
            assert_eq!(os.as_os_str().with_wide(|w| w.to_vec()).unwrap(), want);
            units.push(0);
            let os = std::ffi::OsString::from_wide(&units);
            assert_eq!(os.with_wide(|_| ()), Err(crate::Errno::EINVAL));
        }
    }

    /// Characters of every UTF-8 width, and NUL.
    const PROBES: [char; 9] = [
        '\0',
        'é',
        '߿',
        'ࠀ',
        '世',
        '\u{FFFF}',
        '😃',
        '\u{10000}',
        '\u{10FFFF}',
    ];

    // Miri interprets every step, so under it the exhaustive sweeps below keep
    // every block edge (16, 32 and 64 bytes or units) but visit fewer lengths,
    // positions and probes; natively they run in full.

    /// The lengths a sweep visits: 0..=100 plus `long` natively; the lengths
    /// around each block edge under Miri.
    fn lengths(long: &[usize]) -> Vec<usize> {
        if cfg!(miri) {
            vec![0, 15, 16, 17, 32, 33, 65]
        } else {
            (0..=100).chain(long.iter().copied()).collect()
        }
    }

    /// The positions a probe is put at in a string of `len` (at most 100).
    fn positions(len: usize) -> Vec<usize> {
        if cfg!(miri) {
            let mut v = vec![0, len];
            v.dedup();
            v
        } else {
            (0..=len.min(100)).collect()
        }
    }

    /// The probe characters: all of them natively; NUL, a 3-byte and a
    /// 4-byte character under Miri.
    fn probes() -> Vec<char> {
        if cfg!(miri) {
            vec!['\0', '世', '😃']
        } else {
            PROBES.to_vec()
        }
    }

    /// Every item of `r` natively; only `few` under Miri.
    fn thin(r: std::ops::RangeInclusive<usize>, few: &[usize]) -> Vec<usize> {
        if cfg!(miri) {
            few.to_vec()
        } else {
            r.collect()
        }
    }

    #[test]
    fn encode_every_length_and_position() {
        // ASCII strings of every length, read from every start offset (so the
        // loads are unaligned in every way), with each probe at every position.
        let base: String = (0..140u8).map(|i| (b'!' + i % 90) as char).collect();
        for len in lengths(&[127, 128, 129, 255, 256, 262, 263, 264, 1000, 4096, 4099]) {
            let ascii: String = base.chars().cycle().take(len).collect();
            for off in 0..4 {
                let padded = format!("{}{ascii}", &base[..off]);
                check_encode(&padded[off..]);
            }
            for pos in positions(len) {
                for c in probes() {
                    let mut s = ascii.clone();
                    s.insert(pos, c);
                    check_encode(&s);
                }
            }
            if len > 100 {
                for pos in [
                    len - 33,
                    len - 32,
                    len - 31,
                    len - 17,
                    len - 16,
                    len - 15,
                    len - 2,
                    len - 1,
                    len,
                ] {
                    for c in PROBES {
                        let mut s = ascii.clone();
                        s.insert(pos, c);
                        check_encode(&s);
                    }
                }
            }
        }
    }

    #[test]
    fn encode_runs_of_each_width() {
        // Runs of one probe, shifted by 0..=20 ASCII bytes, so characters
        // straddle every block edge (a 4-byte lead on byte 15, and so on).
        for c in probes().into_iter().filter(|&c| c != '\0') {
            for n in thin(0..=70, &[5, 17]) {
                let run: String = std::iter::repeat_n(c, n).collect();
                for shift in thin(0..=20, &[0, 15]) {
                    let s = format!("{}{run}", "a".repeat(shift));
                    check_encode(&s);
                    check_encode(&format!("{s}z"));
                    check_encode(&format!("{s}\0"));
                }
            }
        }
    }

    #[test]
    fn decode_every_length_and_position() {
        let probes: [&[u16]; 10] = [
            &[0],
            &[0x80],
            &[0x7FF],
            &[0x800],
            &[0xFFFF],
            &[0xD800],
            &[0xDFFF],
            &[0xD83D, 0xDE03],
            &[0xDBFF, 0xDFFF],
            &[0xDC00, 0xD800],
        ];
        let base: Vec<u16> = (0..5000u32).map(|i| 0x21 + (i % 90) as u16).collect();
        let offsets = if cfg!(miri) { 0..2 } else { 0..4 };
        for len in lengths(&[127, 128, 129, 255, 256, 1000, 4096, 4099]) {
            for off in offsets.clone() {
                check_decode(&base[off..off + len]);
            }
            let positions: Vec<usize> = if len <= 100 {
                positions(len)
            } else {
                vec![0, 1, 15, 16, 31, 32, 33, len - 32, len - 16, len - 1, len]
            };
            // Under Miri: NUL, a lone and a paired surrogate.
            let probes: Vec<&[u16]> = if cfg!(miri) {
                [0, 5, 7].map(|i| probes[i]).to_vec()
            } else {
                probes.to_vec()
            };
            for pos in positions {
                for &p in &probes {
                    let mut v = base[..len].to_vec();
                    v.splice(pos..pos, p.iter().copied());
                    check_decode(&v);
                    check_decode(&v[1.min(v.len())..]);
                }
            }
        }
    }

    /// The 16-unit blocks of the AVX2 decoder on text of every class: bases of
    /// 2-byte, 3-byte, surrogate-pair and mixed characters, cut to every length
    /// (a cut may leave a lone high surrogate last), with each probe (NUL,
    /// every width, lone surrogates of both kinds, a pair, a reversed pair)
    /// put at every position, so that every class and every lone surrogate
    /// sits on every block edge, and pairs are split at every position.
    #[test]
    fn decode_every_position_in_every_class() {
        let bases: [&[u16]; 4] = [
            &[0xE9, 0x41F, 0x7FF, 0x80],
            &[0x4E16, 0x3042, 0xFFFF, 0x800, 0xD7FF, 0xE000],
            &[
                0xD83D, 0xDE03, 0xD834, 0xDD1E, 0xDBFF, 0xDFFF, 0xD800, 0xDC00,
            ],
            &[
                0x41, 0xE9, 0x4E16, 0xD83D, 0xDE03, 0x20, 0x7FF, 0xDBFF, 0xDFFF,
            ],
        ];
        let probes: [&[u16]; 10] = [
            &[0],
            &[0x61],
            &[0x7FF],
            &[0x800],
            &[0xD800],
            &[0xDBFF],
            &[0xDC00],
            &[0xDFFF],
            &[0xD83D, 0xDE03],
            &[0xDC00, 0xD800],
        ];
        let probes: Vec<&[u16]> = if cfg!(miri) {
            [0, 4, 7, 8].map(|i| probes[i]).to_vec()
        } else {
            probes.to_vec()
        };
        let lens: Vec<usize> = if cfg!(miri) {
            vec![0, 15, 16, 17, 33]
        } else {
            (0..=70).collect()
        };
        for base in bases {
            let text: Vec<u16> = base.iter().copied().cycle().take(80).collect();
            for &len in &lens {
                check_decode(&text[..len]);
                check_decode(&text[1..=len]);
                let at: Vec<usize> = if cfg!(miri) {
                    vec![0, 15, 16, len]
                } else {
                    (0..=len).collect()
                };
                for &pos in at.iter().filter(|&&p| p <= len) {
                    for &p in &probes {
                        let mut v = text[..len].to_vec();
                        v.splice(pos..pos, p.iter().copied());
                        check_decode(&v);
                        check_decode(&v[1.min(v.len())..]);
                    }
                }
            }
        }
    }

    /// Texts built from weighted pieces: long ASCII runs, CJK, 2-byte, astral,
    /// rare NUL.
    fn text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            6 => "[ -~]{1,40}",
            3 => "[\u{4E00}-\u{9FFF}]{1,20}",
            2 => "[\u{80}-\u{7FF}]{1,10}",
            2 => "[\u{10000}-\u{10FFFF}]{1,6}",
            1 => "[\u{800}-\u{D7FF}\u{E000}-\u{FFFF}]{1,6}",
            1 => Just("\0".to_string()),
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    /// Units: ASCII runs, BMP, pairs, lone surrogates, rare NUL.
    fn units() -> impl Strategy<Value = Vec<u16>> {
        let piece = prop_oneof![
            6 => proptest::collection::vec(1u16..0x80, 1..48),
            3 => proptest::collection::vec(0x80u16..=0xFFFF, 1..20),
            2 => (0xD800u16..0xDC00, 0xDC00u16..0xE000).prop_map(|(h, l)| vec![h, l]),
            1 => (0xD800u16..0xE000).prop_map(|u| vec![u]),
            1 => Just(vec![0u16]),
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    fn check_validate(b: &[u8]) {
        let want = std::str::from_utf8(b).ok();
        for k in Kernel::all() {
            assert_eq!(super::simd::to_str_with(k, b), want, "{k:?} on {b:x?}");
            let mut buf = vec![MaybeUninit::new(0u16); b.len() + ENCODE_SLACK];
            let got = encode_os_with(k, b, &mut buf);
            match want {
                None => assert_eq!(got, Encoded::NotUtf8, "{k:?} encode_os on {b:x?}"),
                Some(s) if s.contains('\0') => {
                    assert_eq!(got, Encoded::Nul, "{k:?} encode_os on {b:x?}")
                }
                Some(s) => assert_eq!(
                    got,
                    Encoded::Units(s.encode_utf16().count()),
                    "{k:?} encode_os on {b:x?}"
                ),
            }
        }
    }

    #[test]
    fn validate_every_sequence_at_every_position() {
        // Every 1- to 3-byte sequence of "interesting" bytes (all leads and
        // boundaries of continuation ranges), at block edges and in the tail.
        let interesting: Vec<u8> = [
            0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
            0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFF,
        ]
        .to_vec();
        let mut seqs: Vec<Vec<u8>> = Vec::new();
        for &a in &interesting {
            seqs.push(vec![a]);
            for &b in &interesting {
                seqs.push(vec![a, b]);
                for &c in &interesting {
                    seqs.push(vec![a, b, c, 0x80]);
                    seqs.push(vec![a, b, c, 0x80, 0x80]);
                }
            }
        }
        // Under Miri every 1999th sequence, across the first block edge only.
        let (stride, at): (usize, &[usize]) = if cfg!(miri) {
            (1999, &[31])
        } else {
            (1, &[0, 13, 28, 29, 30, 31, 32, 33, 61, 62, 63, 64, 70])
        };
        for &pos in at {
            for q in seqs.iter().step_by(stride) {
                let mut v = vec![b'a'; pos];
                v.extend_from_slice(q);
                check_validate(&v);
                v.extend_from_slice(&[b'z'; 40]);
                check_validate(&v);
            }
        }
    }

    proptest! {
        // Under Miri the case count comes from PROPTEST_CASES (default 256).
        #![proptest_config(ProptestConfig::with_cases(if cfg!(miri) { ProptestConfig::default().cases } else { 2000 }))]

        #[test]
        fn validate_matches_std(s in text(), flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..3), raw in proptest::collection::vec(any::<u8>(), 0..80)) {
            let mut b = s.into_bytes();
            check_validate(&b);
            for (at, byte) in flips {
                if !b.is_empty() {
                    let n = b.len();
                    b[at % n] = byte;
                }
            }
            check_validate(&b);
            check_validate(&raw);
        }

        #[test]
        fn encode_matches_reference(s in text(), off in 0usize..8) {
            let padded = format!("{}{s}", "x".repeat(off));
            check_encode(&padded[off..]);
            check_encode(&s);
        }

        #[test]
        fn decode_matches_reference(v in units(), off in 0usize..4) {
            let mut padded = vec![0x41u16; off];
            padded.extend_from_slice(&v);
            check_decode(&padded[off..]);
            check_decode(&padded);
        }
    }
}
