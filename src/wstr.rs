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
mod tests;

#[cfg(test)]
mod proptests;

/// Every kernel (scalar, SSE2, AVX2 where the CPU has it) against a simple
/// scalar reference, at every length and position boundary the blocks have.
#[cfg(test)]
mod kernel_tests;
