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
//!   ([`utf16_to_os_string`]);
//! * a `String` cannot hold a lone surrogate, so [`utf16_to_string`] replaces one
//!   with U+FFFD (documented lossy route); [`utf16_to_wtf8`] gives Go's exact bytes.

use crate::errno::{Errno, Result};
use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

/// Length, in UTF-16 units including the NUL, of the stack buffer [`WideArg`]
/// converts into before it falls back to the heap (`MAX_PATH` + 1 and change).
pub const STACK_WIDE_LEN: usize = 264;

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
            3 => ((b0 as u32 & 0x0F) << 12) | ((s[i + 1] as u32 & 0x3F) << 6) | (s[i + 2] as u32 & 0x3F),
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

/// Encodes valid UTF-8 into `out`, which must have room for `s.len()` units
/// (UTF-16 never needs more units than UTF-8 has bytes). Returns the number of
/// units written, or `EINVAL` if `s` holds a NUL.
///
/// ASCII runs are checked and widened 16 bytes at a time (the widening loop
/// vectorises); other characters are decoded one at a time.
#[inline]
pub(crate) fn encode_str_checked(s: &str, out: &mut [u16]) -> Result<usize> {
    const HI: u64 = 0x8080_8080_8080_8080;
    const LO: u64 = 0x0101_0101_0101_0101;
    let b = s.as_bytes();
    assert!(out.len() >= b.len());
    let (mut i, mut o) = (0, 0);
    while i < b.len() {
        while i + 16 <= b.len() {
            let w0 = u64::from_le_bytes(b[i..i + 8].try_into().unwrap());
            let w1 = u64::from_le_bytes(b[i + 8..i + 16].try_into().unwrap());
            // Any byte >= 0x80, or any zero byte, ends the fast run.
            let zero = (w0.wrapping_sub(LO) & !w0) | (w1.wrapping_sub(LO) & !w1);
            if (w0 | w1 | zero) & HI != 0 {
                break;
            }
            for (d, &c) in out[o..o + 16].iter_mut().zip(&b[i..i + 16]) {
                *d = c as u16;
            }
            i += 16;
            o += 16;
        }
        if i >= b.len() {
            break;
        }
        let c = b[i];
        if c < 0x80 {
            if c == 0 {
                return Err(Errno::EINVAL);
            }
            out[o] = c as u16;
            i += 1;
            o += 1;
            continue;
        }
        // A multi-byte character of valid UTF-8.
        let (cp, w) = match c {
            0xC0..=0xDF => ((c as u32 & 0x1F) << 6 | (b[i + 1] as u32 & 0x3F), 2),
            0xE0..=0xEF => ((c as u32 & 0x0F) << 12 | (b[i + 1] as u32 & 0x3F) << 6 | (b[i + 2] as u32 & 0x3F), 3),
            _ => (
                (c as u32 & 0x07) << 18
                    | (b[i + 1] as u32 & 0x3F) << 12
                    | (b[i + 2] as u32 & 0x3F) << 6
                    | (b[i + 3] as u32 & 0x3F),
                4,
            ),
        };
        if cp >= 0x10000 {
            let v = cp - 0x10000;
            out[o] = 0xD800 | (v >> 10) as u16;
            out[o + 1] = 0xDC00 | (v & 0x3FF) as u16;
            o += 2;
        } else {
            out[o] = cp as u16;
            o += 1;
        }
        i += w;
    }
    Ok(o)
}

/// Decodes UTF-16 units (stopping at the first NUL) to Go's WTF-8 bytes: pairs
/// become 4-byte sequences, an unpaired surrogate its 3-byte form. Lossless.
pub(crate) fn decode_to_wtf8_into(s: &[u16], out: &mut Vec<u8>) {
    let s = until_nul(s);
    out.reserve(s.len());
    let mut i = 0;
    while i < s.len() {
        let u = s[i] as u32;
        let cp = if (0xD800..0xDC00).contains(&u)
            && i + 1 < s.len()
            && (0xDC00..0xE000).contains(&(s[i + 1] as u32))
        {
            i += 1;
            0x10000 + ((u - 0xD800) << 10) + (s[i] as u32 - 0xDC00)
        } else {
            u
        };
        i += 1;
        match cp {
            0..=0x7F => out.push(cp as u8),
            0x80..=0x7FF => out.extend([0xC0 | (cp >> 6) as u8, 0x80 | (cp & 0x3F) as u8]),
            0x800..=0xFFFF => out.extend([
                0xE0 | (cp >> 12) as u8,
                0x80 | ((cp >> 6) & 0x3F) as u8,
                0x80 | (cp & 0x3F) as u8,
            ]),
            _ => out.extend([
                0xF0 | (cp >> 18) as u8,
                0x80 | ((cp >> 12) & 0x3F) as u8,
                0x80 | ((cp >> 6) & 0x3F) as u8,
                0x80 | (cp & 0x3F) as u8,
            ]),
        }
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
    let mut v = vec![0u16; s.len() + 1];
    let n = encode_str_checked(s, &mut v)?;
    v.truncate(n + 1);
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

/// Go: `syscall.UTF16ToString`, the `String` route: decodes up to the first NUL;
/// an unpaired surrogate (which a `String` cannot hold) becomes U+FFFD.
///
/// For Go's exact, lossless bytes use [`utf16_to_wtf8`]; on Windows use
/// [`utf16_to_os_string`] for a lossless `OsString`.
#[doc(alias = "UTF16ToString")]
pub fn utf16_to_string(s: &[u16]) -> String {
    char::decode_utf16(until_nul(s).iter().copied())
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Go: `syscall.UTF16ToString`, exactly: the WTF-8 bytes of `s` up to its first
/// NUL, with an unpaired surrogate in its 3-byte form. Lossless:
/// `utf16_from_bytes(&utf16_to_wtf8(s))` gives `s` back (plus the NUL) whenever
/// `s` has no NUL and no surrogate *pair* split across WTF-8 (see module docs).
#[doc(alias = "UTF16ToString")]
pub fn utf16_to_wtf8(s: &[u16]) -> Vec<u8> {
    let mut out = Vec::new();
    decode_to_wtf8_into(s, &mut out);
    out
}

/// The lossless route on Windows: `s` up to its first NUL as an `OsString`.
#[cfg(windows)]
#[doc(alias = "UTF16ToString")]
pub fn utf16_to_os_string(s: &[u16]) -> OsString {
    use std::os::windows::ffi::OsStringExt;
    OsString::from_wide(until_nul(s))
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
        Ok(WideCString { units: v.into_boxed_slice() })
    }

    /// Takes units up to (not including) the first NUL, or all of them.
    pub fn from_units_truncate(v: &[u16]) -> Self {
        let s = until_nul(v);
        let mut b = Vec::with_capacity(s.len() + 1);
        b.extend_from_slice(s);
        b.push(0);
        WideCString { units: b.into_boxed_slice() }
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
        WideCString { units: Box::new([0]) }
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

/// The `&str` route: on the stack when it fits, else one exact heap buffer.
#[inline]
fn str_with_wide<R>(s: &str, f: impl FnOnce(&[u16]) -> R) -> Result<R> {
    if s.len() < STACK_WIDE_LEN {
        let mut buf = [0u16; STACK_WIDE_LEN];
        let n = encode_str_checked(s, &mut buf)?;
        buf[n] = 0;
        Ok(f(&buf[..=n]))
    } else {
        let v = utf16_from_string(s)?;
        Ok(f(&v))
    }
}

fn os_str_with_wide<R>(s: &OsStr, f: impl FnOnce(&[u16]) -> R) -> Result<R> {
    if let Some(s) = s.to_str() {
        return str_with_wide(s, f);
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
        (b"\xED\xA0\x80\xF0\x9D\x8C\x86\xED\xA0\x80", &[0xD800, 0xD834, 0xDF06, 0xD800]),
        (b"\xED\xA6\xAF", &[0xD9AF]),
        (b"\xED\xAF\xBF", &[0xDBFF]),
        (b"\xED\xB0\x80", &[0xDC00]),
        (b"\xED\xB0\x80\xED\xB0\x80", &[0xDC00, 0xDC00]),
        (b"\xED\xB0\x80\x0A", &[0xDC00, 0x000A]),
        (b"\xED\xB0\x80\xF0\x9D\x8C\x86\xED\xB0\x80", &[0xDC00, 0xD834, 0xDF06, 0xDC00]),
        (b"\xED\xBB\xAE", &[0xDEEE]),
        (b"\xED\xBF\xBF", &[0xDFFF]),
        (b"\xF0\x90\x80\x80", &[0xD800, 0xDC00]),
        (b"\xF0\x9D\x8C\x86", &[0xD834, 0xDF06]),
        (b"\xF4\x8F\xBF\xBF", &[0xDBFF, 0xDFFF]),
    ];

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
        }
    }

    #[test]
    fn go_fuzz_seeds_and_invalid_bytes() {
        // FuzzUTF16FromString's seeds: only NUL may error; ends in 0; len <= len+1.
        for s in [&b"hi"[..], "â".as_bytes(), "ねこ".as_bytes(), "😃".as_bytes(), b"\x90", b"\xe3\x81", b"\xe3\xc1\x81"] {
            let v = utf16_from_bytes(s).unwrap();
            assert_eq!(*v.last().unwrap(), 0);
            assert!(v.len() <= s.len() + 1);
        }
        assert_eq!(utf16_from_bytes(b"\xe3\x81").unwrap(), [0xFFFD, 0xFFFD, 0]);
        assert_eq!(utf16_from_bytes(b"\xe3\xc1\x81").unwrap(), [0xFFFD, 0xFFFD, 0xFFFD, 0]);
        // Overlong and out-of-range forms are one U+FFFD per byte.
        assert_eq!(utf16_from_bytes(b"\xC0\xAF").unwrap(), [0xFFFD, 0xFFFD, 0]);
        assert_eq!(utf16_from_bytes(b"\xF4\x90\x80\x80").unwrap(), [0xFFFD; 4].iter().copied().chain([0]).collect::<Vec<_>>());
        // A paired surrogate written as two WTF-8 halves stays two units.
        assert_eq!(utf16_from_bytes(b"\xED\xA0\x80\xED\xB0\x80").unwrap(), [0xD800, 0xDC00, 0]);
        assert_eq!(utf16_to_wtf8(&[0xD800, 0xDC00]), b"\xF0\x90\x80\x80");
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
        for n in [0, 1, STACK_WIDE_LEN - 2, STACK_WIDE_LEN - 1, STACK_WIDE_LEN, 5000] {
            let s = "é".repeat(n);
            let v = s.as_str().with_wide(|w| w.to_vec()).unwrap();
            assert_eq!(v.len(), n + 1);
            assert_eq!(v[n], 0);
            assert!(v[..n].iter().all(|&u| u == 0xE9));
        }
    }

    #[test]
    #[allow(deprecated)]
    fn deprecated_forms_panic_on_nul_like_go() {
        assert_eq!(string_to_utf16("ab"), [0x61, 0x62, 0]);
        assert_eq!(string_to_utf16_ptr("ab").as_slice_with_nul(), [0x61, 0x62, 0]);
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
        assert_eq!(WideCString::from_units_truncate(&[0x61, 0, 0x62]).as_slice(), [0x61]);
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
