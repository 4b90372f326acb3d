//! The fast UTF-8 ⇄ UTF-16 kernels behind [`super`]: pure Rust, picked at run
//! time by CPU feature.
//!
//! * x86_64 with AVX2 (and POPCNT): 32-byte ASCII blocks, and a 16-byte block
//!   that turns any mix of 1-, 2-, 3- and 4-byte characters into UTF-16 with one
//!   table shuffle (see [`avx2::general16`]).
//! * x86_64 baseline (SSE2): 16-byte ASCII blocks, scalar for the rest.
//! * every other architecture: 8-byte word ASCII blocks, scalar for the rest.
//!
//! Encoding takes a `&str` (valid UTF-8 by type, so nothing is validated) and
//! refuses a NUL anywhere; decoding stops at the first NUL and writes either
//! Go's WTF-8 (a lone surrogate keeps its 3-byte form) or, for a `String`,
//! U+FFFD in its place. Every kernel is checked against a scalar reference by
//! the property tests in `super::proptests`.

use std::mem::MaybeUninit;

/// Room, in units, an encoder needs past `s.len()` in its output: the block
/// kernels store whole vectors and then advance by the units actually made.
pub(crate) const ENCODE_SLACK: usize = 32;

/// One implementation of the kernels.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kernel {
    /// Portable: word-at-a-time ASCII, scalar otherwise.
    #[cfg_attr(target_arch = "x86_64", allow(dead_code))]
    Scalar,
    /// x86_64 baseline: 16-byte SSE2 ASCII blocks, scalar otherwise.
    #[cfg(target_arch = "x86_64")]
    Sse2,
    /// x86_64 with AVX2 and POPCNT: ASCII and mixed-text blocks.
    #[cfg(target_arch = "x86_64")]
    Avx2,
}

impl Kernel {
    /// The fastest kernel this CPU runs. std caches the CPUID answer in an
    /// atomic, so this is a load and a test.
    #[inline]
    pub(crate) fn best() -> Kernel {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("popcnt")
            {
                Kernel::Avx2
            } else {
                Kernel::Sse2
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            Kernel::Scalar
        }
    }

    /// Every kernel this CPU runs (for the tests).
    #[cfg(test)]
    pub(crate) fn all() -> Vec<Kernel> {
        #[cfg(target_arch = "x86_64")]
        {
            let mut v = vec![Kernel::Scalar, Kernel::Sse2];
            if Kernel::best() == Kernel::Avx2 {
                v.push(Kernel::Avx2);
            }
            v
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            vec![Kernel::Scalar]
        }
    }
}

// ---------------------------------------------------------------------------
// Encoding: valid UTF-8 → UTF-16, NUL refused.

/// Encodes `s` into `dst` with the best kernel; `None` if `s` holds a NUL.
/// Returns the number of units written (`dst[..n]` is then initialised).
///
/// # Panics
/// If `dst` is shorter than `s.len() + ENCODE_SLACK`.
#[inline]
pub(crate) fn encode(s: &str, dst: &mut [MaybeUninit<u16>]) -> Option<usize> {
    encode_with(Kernel::best(), s, dst)
}

/// [`encode`] with a chosen kernel. `k` must run on this CPU ([`Kernel::best`]
/// or below).
#[inline]
pub(crate) fn encode_with(k: Kernel, s: &str, dst: &mut [MaybeUninit<u16>]) -> Option<usize> {
    assert!(
        dst.len() >= s.len() + ENCODE_SLACK,
        "encode: output too short"
    );
    match k {
        Kernel::Scalar => encode_words(s.as_bytes(), dst),
        #[cfg(target_arch = "x86_64")]
        // SAFETY: SSE2 is part of the x86_64 baseline.
        Kernel::Sse2 => unsafe { sse2::encode(s.as_bytes(), dst) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `Avx2` is only chosen (by `best`, or by tests from `all`) after
        // detecting AVX2 and POPCNT; `dst` has the slack `avx2::encode` needs
        // (asserted above) and `s` is valid UTF-8.
        Kernel::Avx2 => unsafe { avx2::encode(s.as_bytes(), dst) },
    }
}

/// Scalar encoding of the character of valid UTF-8 `b` starting at `p` (a
/// character boundary) into `dst[o..]`. Returns the next `(p, o)`, or `None` at
/// a NUL.
#[inline(always)]
fn encode_char(
    b: &[u8],
    p: usize,
    dst: &mut [MaybeUninit<u16>],
    o: usize,
) -> Option<(usize, usize)> {
    let c = b[p];
    if c < 0x80 {
        if c == 0 {
            return None;
        }
        dst[o].write(c as u16);
        return Some((p + 1, o + 1));
    }
    let c = c as u32;
    if c < 0xE0 {
        let cp = (c & 0x1F) << 6 | (b[p + 1] as u32 & 0x3F);
        dst[o].write(cp as u16);
        Some((p + 2, o + 1))
    } else if c < 0xF0 {
        let cp = (c & 0x0F) << 12 | (b[p + 1] as u32 & 0x3F) << 6 | (b[p + 2] as u32 & 0x3F);
        dst[o].write(cp as u16);
        Some((p + 3, o + 1))
    } else {
        let cp = (c & 0x07) << 18
            | (b[p + 1] as u32 & 0x3F) << 12
            | (b[p + 2] as u32 & 0x3F) << 6
            | (b[p + 3] as u32 & 0x3F);
        let v = cp - 0x10000;
        dst[o].write(0xD800 | (v >> 10) as u16);
        dst[o + 1].write(0xDC00 | (v & 0x3FF) as u16);
        Some((p + 4, o + 2))
    }
}

/// Portable kernel: ASCII checked and widened 8 bytes at a time (a zero byte
/// also ends the fast run), other characters one by one.
fn encode_words(b: &[u8], dst: &mut [MaybeUninit<u16>]) -> Option<usize> {
    const HI: u64 = 0x8080_8080_8080_8080;
    const LO: u64 = 0x0101_0101_0101_0101;
    let (mut p, mut o) = (0, 0);
    while p < b.len() {
        while let Some(chunk) = b.get(p..p + 8) {
            let w = u64::from_le_bytes(chunk.try_into().unwrap());
            // The classic "has a zero byte" test, exact once no byte is >= 0x80.
            if (w | (w.wrapping_sub(LO) & !w)) & HI != 0 {
                break;
            }
            for (d, &c) in dst[o..o + 8].iter_mut().zip(chunk) {
                d.write(c as u16);
            }
            p += 8;
            o += 8;
        }
        if p < b.len() {
            (p, o) = encode_char(b, p, dst, o)?;
        }
    }
    Some(o)
}

/// What [`encode_os`] made of its bytes.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Encoded {
    /// UTF-8 without NUL: this many units written.
    Units(usize),
    /// UTF-8 with a NUL.
    Nul,
    /// Not UTF-8 (nothing meaningful written).
    NotUtf8,
}

/// Encodes bytes that are probably UTF-8 (an `OsStr`'s), checking that they
/// are. Leading ASCII is widened and validated in the same pass; the rest is
/// validated, then encoded.
///
/// # Panics
/// If `dst` is shorter than `b.len() + ENCODE_SLACK`.
#[inline]
pub(crate) fn encode_os(b: &[u8], dst: &mut [MaybeUninit<u16>]) -> Encoded {
    encode_os_with(Kernel::best(), b, dst)
}

/// [`encode_os`] with a chosen kernel (one this CPU runs).
pub(crate) fn encode_os_with(k: Kernel, b: &[u8], dst: &mut [MaybeUninit<u16>]) -> Encoded {
    assert!(
        dst.len() >= b.len() + ENCODE_SLACK,
        "encode: output too short"
    );
    #[cfg(target_arch = "x86_64")]
    if k == Kernel::Avx2 {
        // SAFETY: AVX2 was detected before `Avx2` could be chosen; `dst` is
        // long enough (asserted).
        return unsafe { avx2::encode_os(b, dst) };
    }
    match std::str::from_utf8(b) {
        Ok(s) => match encode_with(k, s, dst) {
            Some(n) => Encoded::Units(n),
            None => Encoded::Nul,
        },
        Err(_) => Encoded::NotUtf8,
    }
}

/// `b` as `&str` if it is valid UTF-8 (as `std::str::from_utf8`), with the
/// AVX2 validator where the CPU has it. `k` must run on this CPU.
#[cfg(test)]
pub(crate) fn to_str_with(k: Kernel, b: &[u8]) -> Option<&str> {
    match k {
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx2 => {
            // SAFETY: AVX2 was detected before `Avx2` could be chosen.
            if unsafe { avx2::validate_utf8(b) } {
                // SAFETY: just validated (the tests compare with std).
                Some(unsafe { std::str::from_utf8_unchecked(b) })
            } else {
                None
            }
        }
        _ => std::str::from_utf8(b).ok(),
    }
}

// ---------------------------------------------------------------------------
// Decoding: UTF-16 → WTF-8 or UTF-8, stopping at the first NUL.

/// Appends `s` up to its first NUL to `out`: WTF-8 (lone surrogates in their
/// 3-byte form) when `WTF8`, else UTF-8 with U+FFFD for a lone surrogate.
/// Returns whether a lone surrogate was met. With `WTF8 == false` the bytes
/// appended are always valid UTF-8.
#[inline]
pub(crate) fn decode<const WTF8: bool>(s: &[u16], out: &mut Vec<u8>) -> bool {
    decode_with::<WTF8>(Kernel::best(), s, out)
}

/// [`decode`] with a chosen kernel (one this CPU runs).
pub(crate) fn decode_with<const WTF8: bool>(k: Kernel, s: &[u16], out: &mut Vec<u8>) -> bool {
    // Phase 1: the ASCII prefix, into `s.len()` bytes of room; short (up to 64
    // units) or visibly non-ASCII strings get the worst case at once, so that
    // one allocation does.
    let first_guess = if s.len() <= 64 || s.first().is_some_and(|&u| u >= 0x80) {
        3 * s.len()
    } else {
        s.len()
    };
    out.reserve(first_guess);
    let start = out.len();
    let mut i = ascii_prefix(k, s, &mut out.spare_capacity_mut()[..s.len()]);
    while i < s.len() && s[i] != 0 && s[i] < 0x80 {
        out.spare_capacity_mut()[i].write(s[i] as u8);
        i += 1;
    }
    // SAFETY: `ascii_prefix` and the loop above initialised the first `i`
    // spare bytes.
    unsafe { out.set_len(start + i) };
    if i == s.len() || s[i] == 0 {
        return false;
    }
    // Phase 2: the rest, with room for the worst case (3 bytes a unit).
    let rest = &s[i..];
    out.reserve(3 * rest.len());
    let dst = &mut out.spare_capacity_mut()[..3 * rest.len()];
    let (n, lone) = decode_general::<WTF8>(k, rest, dst);
    // SAFETY: `decode_general` initialised the first `n` spare bytes.
    unsafe { out.set_len(start + i + n) };
    lone
}

/// Converts the leading run of ASCII, NUL-free units of `s` to bytes in `dst`
/// (`dst.len() >= s.len()`); returns how many it did (it may stop early, the
/// caller finishes the run).
#[inline]
fn ascii_prefix(k: Kernel, s: &[u16], dst: &mut [MaybeUninit<u8>]) -> usize {
    assert!(dst.len() >= s.len());
    match k {
        Kernel::Scalar => 0,
        #[cfg(target_arch = "x86_64")]
        // SAFETY: SSE2 is part of the x86_64 baseline.
        Kernel::Sse2 => unsafe { sse2::ascii_prefix(s, dst) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: AVX2 was detected before `Avx2` could be chosen.
        Kernel::Avx2 => unsafe { avx2::ascii_prefix(s, dst) },
    }
}

/// The general decoder: ASCII blocks where the kernel has them (and, with
/// AVX2, blocks of 3-byte characters), one character at a time otherwise.
/// `dst.len() >= 3 * s.len()`. Returns the bytes written and whether a lone
/// surrogate was met.
fn decode_general<const WTF8: bool>(
    k: Kernel,
    s: &[u16],
    dst: &mut [MaybeUninit<u8>],
) -> (usize, bool) {
    assert!(dst.len() >= 3 * s.len());
    #[cfg(target_arch = "x86_64")]
    if k == Kernel::Avx2 {
        // SAFETY: AVX2 was detected before `Avx2` could be chosen; room asserted.
        return unsafe { avx2::decode_general::<WTF8>(s, dst) };
    }
    let (mut i, mut o, mut lone) = (0, 0, false);
    while i < s.len() {
        // Try a block of 16 ASCII units first.
        let did = match k {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: SSE2 is part of the x86_64 baseline.
            Kernel::Sse2 => unsafe { sse2::ascii16(s, i, dst, o) },
            _ => false,
        };
        if did {
            i += 16;
            o += 16;
            continue;
        }
        // Then up to 16 units one character at a time.
        let end = (i + 16).min(s.len());
        while i < end {
            match decode_char::<WTF8>(s, i, dst, o, &mut lone) {
                Some(next) => (i, o) = next,
                None => return (o, lone),
            }
        }
    }
    (o, lone)
}

/// Decodes the character at `s[i]` into `dst[o..]` (room for 4 bytes, or 3
/// a unit); returns the next `(i, o)`, or `None` at a NUL.
#[inline(always)]
fn decode_char<const WTF8: bool>(
    s: &[u16],
    mut i: usize,
    dst: &mut [MaybeUninit<u8>],
    mut o: usize,
    lone: &mut bool,
) -> Option<(usize, usize)> {
    let u = s[i] as u32;
    if u < 0x80 {
        if u == 0 {
            return None;
        }
        dst[o].write(u as u8);
        return Some((i + 1, o + 1));
    }
    let cp = if u & 0xF800 != 0xD800 {
        i += 1;
        u
    } else if u < 0xDC00 && i + 1 < s.len() && s[i + 1] & 0xFC00 == 0xDC00 {
        let lo = s[i + 1] as u32;
        i += 2;
        0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)
    } else {
        *lone = true;
        i += 1;
        if WTF8 { u } else { 0xFFFD }
    };
    if cp < 0x800 {
        dst[o].write(0xC0 | (cp >> 6) as u8);
        dst[o + 1].write(0x80 | (cp & 0x3F) as u8);
        o += 2;
    } else if cp < 0x10000 {
        dst[o].write(0xE0 | (cp >> 12) as u8);
        dst[o + 1].write(0x80 | ((cp >> 6) & 0x3F) as u8);
        dst[o + 2].write(0x80 | (cp & 0x3F) as u8);
        o += 3;
    } else {
        dst[o].write(0xF0 | (cp >> 18) as u8);
        dst[o + 1].write(0x80 | ((cp >> 12) & 0x3F) as u8);
        dst[o + 2].write(0x80 | ((cp >> 6) & 0x3F) as u8);
        dst[o + 3].write(0x80 | (cp & 0x3F) as u8);
        o += 4;
    }
    Some((i, o))
}

// ---------------------------------------------------------------------------

/// SSE2 kernels (always present on x86_64).
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use super::{MaybeUninit, encode_char};
    use core::arch::x86_64::*;

    /// 16-byte ASCII blocks, scalar for other characters.
    #[target_feature(enable = "sse2")]
    pub(super) fn encode(b: &[u8], dst: &mut [MaybeUninit<u16>]) -> Option<usize> {
        let (mut p, mut o) = (0, 0);
        let zero = _mm_setzero_si128();
        while p + 16 <= b.len() {
            // SAFETY: `p + 16 <= b.len()`: the 16 bytes are in `b`.
            let raw = unsafe { _mm_loadu_si128(b.as_ptr().add(p).cast()) };
            let nul = _mm_cmpeq_epi8(raw, zero);
            let m = _mm_movemask_epi8(_mm_or_si128(raw, nul)) as u32;
            // Widen all 16 bytes; only the ASCII prefix counts (`o <= p`, so
            // `o + 16 <= b.len() <= dst.len()`).
            assert!(o + 16 <= dst.len());
            // SAFETY: bounds asserted just above; unaligned stores.
            unsafe {
                let d = dst.as_mut_ptr().add(o).cast::<__m128i>();
                _mm_storeu_si128(d, _mm_unpacklo_epi8(raw, zero));
                _mm_storeu_si128(d.add(1), _mm_unpackhi_epi8(raw, zero));
            }
            if m == 0 {
                p += 16;
                o += 16;
                continue;
            }
            let k = m.trailing_zeros() as usize;
            (p, o) = encode_char(b, p + k, dst, o + k)?;
        }
        while p < b.len() {
            (p, o) = encode_char(b, p, dst, o)?;
        }
        Some(o)
    }

    /// Whether `s[i..i + 16]` exists and is ASCII without NUL; if so it is
    /// written as bytes to `dst[o..o + 16]`.
    #[target_feature(enable = "sse2")]
    #[inline]
    pub(super) fn ascii16(s: &[u16], i: usize, dst: &mut [MaybeUninit<u8>], o: usize) -> bool {
        if i + 16 > s.len() || o + 16 > dst.len() {
            return false;
        }
        // SAFETY: `i + 16 <= s.len()`: 32 readable bytes.
        let (a, b) = unsafe {
            let p = s.as_ptr().add(i).cast::<__m128i>();
            (_mm_loadu_si128(p), _mm_loadu_si128(p.add(1)))
        };
        let zero = _mm_setzero_si128();
        // A unit is ASCII and not NUL iff unit - 1 < 0x7F (unsigned).
        let ok_a = _mm_cmpeq_epi16(
            _mm_subs_epu16(_mm_subs_epu16(a, _mm_set1_epi16(1)), _mm_set1_epi16(0x7E)),
            zero,
        );
        let ok_b = _mm_cmpeq_epi16(
            _mm_subs_epu16(_mm_subs_epu16(b, _mm_set1_epi16(1)), _mm_set1_epi16(0x7E)),
            zero,
        );
        let ok_a = _mm_andnot_si128(_mm_cmpeq_epi16(a, zero), ok_a);
        let ok_b = _mm_andnot_si128(_mm_cmpeq_epi16(b, zero), ok_b);
        if _mm_movemask_epi8(_mm_and_si128(ok_a, ok_b)) != 0xFFFF {
            return false;
        }
        // SAFETY: `o + 16 <= dst.len()` checked above.
        unsafe { _mm_storeu_si128(dst.as_mut_ptr().add(o).cast(), _mm_packus_epi16(a, b)) };
        true
    }

    /// The leading ASCII, NUL-free run, 16 units at a time.
    #[target_feature(enable = "sse2")]
    pub(super) fn ascii_prefix(s: &[u16], dst: &mut [MaybeUninit<u8>]) -> usize {
        let mut i = 0;
        while ascii16(s, i, dst, i) {
            i += 16;
        }
        i
    }
}

/// AVX2 kernels. Every function here needs AVX2 and POPCNT at run time.
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{ENCODE_SLACK, MaybeUninit};
    use core::arch::x86_64::*;

    /// `SHUFFLE[m]`: the `pshufb` pattern that packs the 16-bit lanes whose bit
    /// is set in `m` to the front, in order.
    static SHUFFLE: [[u8; 16]; 256] = {
        let mut t = [[0x80u8; 16]; 256];
        let mut m = 0;
        while m < 256 {
            let (mut lane, mut k) = (0, 0);
            while lane < 8 {
                if m & (1 << lane) != 0 {
                    t[m][2 * k] = 2 * lane as u8;
                    t[m][2 * k + 1] = 2 * lane as u8 + 1;
                    k += 1;
                }
                lane += 1;
            }
            m += 1;
        }
        t
    };

    /// Encodes valid UTF-8 `b`; `None` on a NUL.
    ///
    /// # Safety
    /// AVX2 and POPCNT are available; `b` is valid UTF-8;
    /// `dst.len() >= b.len() + ENCODE_SLACK`.
    #[target_feature(enable = "avx2,popcnt")]
    pub(super) unsafe fn encode(b: &[u8], dst: &mut [MaybeUninit<u16>]) -> Option<usize> {
        let len = b.len();
        let out = dst.as_mut_ptr().cast::<u16>();
        if len < 32 {
            // SAFETY: `dst` holds len + ENCODE_SLACK units.
            if let Some(n) = unsafe { short_ascii(b, out) } {
                return Some(n);
            }
        }
        let (mut p, mut o, mut last) = (0, 0, _mm_setzero_si128());
        if len >= 32 {
            // SAFETY: with `len - 31` as stop, `b` is readable for stop + 31
            // bytes and `dst` writable for more than that; nothing precedes.
            (p, o, last) = unsafe { run(b.as_ptr(), len - 31, out, last) }?;
        }
        let r = len - p;
        if r == 0 {
            return Some(o);
        }
        if len >= 32 {
            // The last 32 bytes, if ASCII, end the string in one block: then
            // every byte from len - 32 on made one unit, so the unit of byte
            // len - 32 is o - (p - (len - 32)).
            // SAFETY: len >= 32.
            let raw = unsafe { _mm256_loadu_si256(b.as_ptr().add(len - 32).cast()) };
            if ascii32(raw) {
                let at = o + len - 32 - p;
                // SAFETY: at + 32 = o + r <= len units are writable.
                unsafe { widen32(raw, out.add(at)) };
                return Some(o + r);
            }
        }
        // The tail (< 32 bytes) is built in registers, padded with spaces,
        // and goes through one or two mixed blocks; each space makes exactly
        // one unit, which is taken back off the count. (A copy in memory would
        // cost store-forwarding stalls on these short strings.)
        let (v0, v1) = tail_vectors(b, p, b' ');
        let nul = _mm_or_si128(
            _mm_cmpeq_epi8(v0, _mm_setzero_si128()),
            _mm_cmpeq_epi8(v1, _mm_setzero_si128()),
        );
        if _mm_movemask_epi8(nul) != 0 {
            return None;
        }
        // SAFETY: no NUL in v0 or v1; o <= p, and each block writes 16 units
        // at most 16 past the previous one: below p + 32 <= len + ENCODE_SLACK.
        // `last` is the block before p (its 4-byte lead, if any, is finished
        // by the first lane of v0).
        let mut u = unsafe { general16(v0, v1, last, out.add(o)) };
        let mut done = 16;
        if r > 16 {
            // SAFETY: as above.
            u += unsafe { general16(v1, _mm_set1_epi8(b' ' as i8), v0, out.add(o + u)) };
            done = 32;
        }
        let o = o + u - (done - r);
        debug_assert!(o <= len && len + ENCODE_SLACK <= dst.len());
        Some(o)
    }

    /// `[0, 1, .., 15]` then sixteen `0x80`: a window into it is the `pshufb`
    /// pattern moving the last k bytes of a vector to the front (zeros after).
    static SLIDE: [u8; 32] = {
        let mut t = [0x80u8; 32];
        let mut i = 0;
        while i < 16 {
            t[i] = i as u8;
            i += 1;
        }
        t
    };

    /// The bytes `b[p..]` (1 to 31 of them) as two 16-byte vectors, padded with
    /// `fill`, loaded without going through memory.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn tail_vectors(b: &[u8], p: usize, fill: u8) -> (__m128i, __m128i) {
        let len = b.len();
        let r = len - p;
        debug_assert!(r > 0 && r < 32);
        let f = _mm_set1_epi8(fill as i8);
        // The last k (1..=16) bytes of x to the front, then `fill`.
        let shift_in = |x: __m128i, k: usize| {
            // SAFETY: 16 - k + 16 <= 32 bytes of SLIDE.
            let idx = unsafe { _mm_loadu_si128(SLIDE.as_ptr().add(16 - k).cast()) };
            let pad = _mm_and_si128(_mm_cmpeq_epi8(idx, _mm_set1_epi8(0x80_u8 as i8)), f);
            _mm_or_si128(_mm_shuffle_epi8(x, idx), pad)
        };
        if r > 16 {
            // SAFETY: p + 16 < len and len - 16 > p: both loads lie in `b`.
            let (a, z) = unsafe {
                (
                    _mm_loadu_si128(b.as_ptr().add(p).cast()),
                    _mm_loadu_si128(b.as_ptr().add(len - 16).cast()),
                )
            };
            (a, shift_in(z, r - 16))
        } else if len >= 16 {
            // SAFETY: len >= 16: the load lies in `b`.
            let z = unsafe { _mm_loadu_si128(b.as_ptr().add(len - 16).cast()) };
            (shift_in(z, r), f)
        } else {
            // A string shorter than 16 bytes (p == 0): overlapping word reads.
            let w8 = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap()) as u128;
            let w4 = |at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap()) as u128;
            let x = if len >= 8 {
                w8(0) | w8(len - 8) << (8 * (len - 8))
            } else if len >= 4 {
                w4(0) | w4(len - 4) << (8 * (len - 4))
            } else {
                b.iter()
                    .enumerate()
                    .fold(0, |x, (i, &c)| x | (c as u128) << (8 * i))
            };
            let x = x | (u128::from_ne_bytes([fill; 16]) << (8 * len));
            (_mm_set_epi64x((x >> 64) as i64, x as i64), f)
        }
    }

    /// [`super::encode_os`]: ASCII (the common case) is widened and so
    /// validated in one pass; the rest is validated, then encoded.
    ///
    /// # Safety
    /// AVX2 and POPCNT; `dst.len() >= b.len() + ENCODE_SLACK`.
    #[target_feature(enable = "avx2,popcnt")]
    pub(super) unsafe fn encode_os(b: &[u8], dst: &mut [MaybeUninit<u16>]) -> super::Encoded {
        use super::Encoded;
        if b.len() < 32 {
            // SAFETY: `dst` holds b.len() + ENCODE_SLACK units.
            if let Some(n) = unsafe { short_ascii(b, dst.as_mut_ptr().cast()) } {
                return Encoded::Units(n);
            }
        }
        // SAFETY: dst.len() >= b.len().
        let i = unsafe { ascii_widen_prefix(b, dst) };
        if i == b.len() {
            return Encoded::Units(i);
        }
        // `b[..i]` is ASCII, so `i` is a character boundary.
        // SAFETY: AVX2 (caller).
        if !unsafe { validate_utf8(&b[i..]) } {
            return Encoded::NotUtf8;
        }
        // SAFETY: validated just above; `dst[i..]` keeps the slack.
        match unsafe { encode(&b[i..], &mut dst[i..]) } {
            Some(n) => Encoded::Units(i + n),
            None => Encoded::Nul,
        }
    }

    /// Widens the leading ASCII, NUL-free 32-byte blocks of `b` into `dst`;
    /// returns how many bytes it did (a multiple of 32).
    ///
    /// # Safety
    /// AVX2; `dst.len() >= b.len()`.
    #[target_feature(enable = "avx2")]
    #[inline]
    pub(super) unsafe fn ascii_widen_prefix(b: &[u8], dst: &mut [MaybeUninit<u16>]) -> usize {
        let out = dst.as_mut_ptr().cast::<u16>();
        let zero = _mm256_setzero_si256();
        let mut i = 0;
        while i + 64 <= b.len() {
            // SAFETY: i + 64 <= b.len().
            let (x, y) = unsafe {
                let s = b.as_ptr().add(i);
                (
                    _mm256_loadu_si256(s.cast()),
                    _mm256_loadu_si256(s.add(32).cast()),
                )
            };
            let nul = _mm256_cmpeq_epi8(_mm256_min_epu8(x, y), zero);
            if _mm256_movemask_epi8(_mm256_or_si256(_mm256_or_si256(x, y), nul)) != 0 {
                break;
            }
            // SAFETY: i + 64 <= b.len() <= dst.len() units.
            unsafe {
                widen32(x, out.add(i));
                widen32(y, out.add(i + 32));
            }
            i += 64;
        }
        if i + 32 <= b.len() {
            // SAFETY: i + 32 <= b.len().
            let x = unsafe { _mm256_loadu_si256(b.as_ptr().add(i).cast()) };
            if ascii32(x) {
                // SAFETY: i + 32 <= b.len() <= dst.len() units.
                unsafe { widen32(x, out.add(i)) };
                i += 32;
            }
        }
        i
    }

    /// Whether the 32 bytes are ASCII without NUL.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn ascii32(raw: __m256i) -> bool {
        let nul = _mm256_cmpeq_epi8(raw, _mm256_setzero_si256());
        _mm256_movemask_epi8(_mm256_or_si256(raw, nul)) == 0
    }

    /// Writes the 32 bytes as 32 units.
    ///
    /// # Safety
    /// AVX2; 32 units writable at `dst`.
    #[target_feature(enable = "avx2")]
    #[inline]
    unsafe fn widen32(raw: __m256i, dst: *mut u16) {
        let lo = _mm256_cvtepu8_epi16(_mm256_castsi256_si128(raw));
        let hi = _mm256_cvtepu8_epi16(_mm256_extracti128_si256::<1>(raw));
        // SAFETY: 32 units writable (caller).
        unsafe {
            _mm256_storeu_si256(dst.cast(), lo);
            _mm256_storeu_si256(dst.add(16).cast(), hi);
        }
    }

    /// Strings of 8 to 31 bytes that are all ASCII: two overlapping blocks.
    /// `None` when the string is shorter or not plain ASCII (then the general
    /// route decides, NUL included).
    ///
    /// # Safety
    /// AVX2; `b.len() + ENCODE_SLACK` units writable at `dst`.
    #[target_feature(enable = "avx2")]
    #[inline]
    unsafe fn short_ascii(b: &[u8], dst: *mut u16) -> Option<usize> {
        let len = b.len();
        let (a, z) = if len >= 16 {
            // SAFETY: both 16-byte loads lie in `b` (16 <= len).
            unsafe {
                (
                    _mm_loadu_si128(b.as_ptr().cast()),
                    _mm_loadu_si128(b.as_ptr().add(len - 16).cast()),
                )
            }
        } else if len >= 8 {
            // SAFETY: both 8-byte loads lie in `b` (8 <= len).
            unsafe {
                (
                    _mm_loadl_epi64(b.as_ptr().cast()),
                    _mm_loadl_epi64(b.as_ptr().add(len - 8).cast()),
                )
            }
        } else {
            return None;
        };
        let zero = _mm_setzero_si128();
        let bad = _mm_or_si128(
            _mm_or_si128(a, z),
            _mm_or_si128(_mm_cmpeq_epi8(a, zero), _mm_cmpeq_epi8(z, zero)),
        );
        // For 8..16 the upper halves are zero: only the low 8 bytes count.
        let m = _mm_movemask_epi8(bad) as u32;
        if m & if len >= 16 { 0xFFFF } else { 0xFF } != 0 {
            return None;
        }
        if len >= 16 {
            // SAFETY: units 0..16 and len-16..len are writable.
            unsafe {
                _mm256_storeu_si256(dst.cast(), _mm256_cvtepu8_epi16(a));
                _mm256_storeu_si256(dst.add(len - 16).cast(), _mm256_cvtepu8_epi16(z));
            }
        } else {
            // SAFETY: units 0..8 and len-8..len are writable.
            unsafe {
                _mm_storeu_si128(dst.cast(), _mm_cvtepu8_epi16(a));
                _mm_storeu_si128(dst.add(len - 8).cast(), _mm_cvtepu8_epi16(z));
            }
        }
        Some(len)
    }

    /// The block loop: handles every character starting before byte `stop`.
    /// Returns the byte position reached (>= `stop`; characters starting
    /// before it are done, but a 4-byte character whose lead was the last byte
    /// of the last block still owes its low surrogate, see `last`), the units
    /// written, and the last 16-byte block seen, or `None` on a NUL.
    ///
    /// `last` is the 16-byte block just before `src` (zero if none): its last
    /// byte tells whether the first byte here completes a 4-byte character.
    ///
    /// # Safety
    /// AVX2 and POPCNT; `src` readable for `stop + 31` bytes and valid UTF-8
    /// (given `last`) up to the end of the character holding byte `stop - 1`;
    /// `dst` writable for `stop + 31` units.
    #[target_feature(enable = "avx2,popcnt")]
    unsafe fn run(
        src: *const u8,
        stop: usize,
        dst: *mut u16,
        mut last: __m128i,
    ) -> Option<(usize, usize, __m128i)> {
        let (mut p, mut o) = (0, 0);
        let zero = _mm256_setzero_si256();
        // Invariant: o <= p. Each byte position makes at most one unit (a
        // 4-byte character's two come from its first two positions).
        while p < stop {
            // SAFETY: p < stop, so p + 32 <= stop + 31 bytes are readable.
            let raw = unsafe { _mm256_loadu_si256(src.add(p).cast()) };
            let nul = _mm256_cmpeq_epi8(raw, zero);
            let m = _mm256_movemask_epi8(_mm256_or_si256(raw, nul)) as u32;
            if m == 0 {
                // SAFETY: o + 32 <= p + 32 <= stop + 31 units are writable
                // (an ASCII block never follows an owed low surrogate).
                unsafe { widen32(raw, dst.add(o)) };
                p += 32;
                o += 32;
                last = _mm_setzero_si128();
                // Long ASCII runs: 64 bytes a step.
                while p + 33 <= stop {
                    // SAFETY: p + 64 <= stop + 31 bytes are readable.
                    let (x, y) = unsafe {
                        let s = src.add(p);
                        (
                            _mm256_loadu_si256(s.cast()),
                            _mm256_loadu_si256(s.add(32).cast()),
                        )
                    };
                    let nul = _mm256_cmpeq_epi8(_mm256_min_epu8(x, y), zero);
                    if _mm256_movemask_epi8(_mm256_or_si256(_mm256_or_si256(x, y), nul)) != 0 {
                        break;
                    }
                    // SAFETY: o + 64 <= p + 64 <= stop + 31 units are writable.
                    unsafe {
                        widen32(x, dst.add(o));
                        widen32(y, dst.add(o + 32));
                    }
                    p += 64;
                    o += 64;
                }
                continue;
            }
            if _mm256_movemask_epi8(nul) != 0 {
                return None;
            }
            let lo = _mm256_castsi256_si128(raw);
            if m & 0xFFFF == 0 {
                // SAFETY: as above, 16 units at o <= p.
                unsafe { _mm256_storeu_si256(dst.add(o).cast(), _mm256_cvtepu8_epi16(lo)) };
                p += 16;
                o += 16;
                last = _mm_setzero_si128();
                continue;
            }
            // Runs of 3-byte characters (CJK) go 30 bytes a step. They start
            // at a character boundary: skip the tail of the character before,
            // unless it owes a low surrogate.
            // Tried only when the block holds at least five 3-byte leads
            // (a run of them always does): on other text the attempt would
            // fail and cost more than it saves.
            let leads = _mm_cmpeq_epi8(
                _mm_and_si128(lo, _mm_set1_epi8(0xF0_u8 as i8)),
                _mm_set1_epi8(0xE0_u8 as i8),
            );
            if (_mm_movemask_epi8(leads) as u32).count_ones() >= 5
                && _mm_extract_epi8::<15>(last) < 0xF0
            {
                let cont = _mm_cmpeq_epi8(
                    _mm_and_si128(lo, _mm_set1_epi8(0xC0_u8 as i8)),
                    _mm_set1_epi8(0x80_u8 as i8),
                );
                let q = p + (!(_mm_movemask_epi8(cont) as u32)).trailing_zeros() as usize;
                // SAFETY: same contract as `run`; q is a character boundary.
                let (q2, o2) = unsafe { run3(src, q, stop, dst, o) };
                if q2 != q {
                    (p, o, last) = (q2, o2, _mm_setzero_si128());
                    continue;
                }
            }
            // SAFETY: p + 32 <= stop + 31 bytes readable; 16 units writable at
            // o <= p.
            let next = unsafe { _mm_loadu_si128(src.add(p + 16).cast()) };
            // SAFETY: 16 units writable at o <= p (see the invariant).
            o += unsafe { general16(lo, next, last, dst.add(o)) };
            p += 16;
            last = lo;
        }
        Some((p, o, last))
    }

    /// Lead/continuation pattern of five 3-byte characters in 15 bytes.
    const PAT_MASK: [u8; 16] = [
        0xF0, 0xC0, 0xC0, 0xF0, 0xC0, 0xC0, 0xF0, 0xC0, 0xC0, 0xF0, 0xC0, 0xC0, 0xF0, 0xC0, 0xC0, 0,
    ];
    const PAT_VAL: [u8; 16] = [
        0xE0, 0x80, 0x80, 0xE0, 0x80, 0x80, 0xE0, 0x80, 0x80, 0xE0, 0x80, 0x80, 0xE0, 0x80, 0x80, 0,
    ];
    /// Gathers (lead << 8 | second byte) and (third byte) per character.
    const GATHER_AB: [u8; 16] = [
        1, 0, 4, 3, 7, 6, 10, 9, 13, 12, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    ];
    const GATHER_C: [u8; 16] = [
        2, 0x80, 5, 0x80, 8, 0x80, 11, 0x80, 14, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    ];

    /// Converts runs of 3-byte characters from byte `q` (a character boundary,
    /// not owing a low surrogate), ten characters (30 bytes) a step, while the
    /// bytes match that pattern and `q < stop`. Returns the new `(q, o)`.
    ///
    /// # Safety
    /// As [`run`]: `src` readable for `stop + 31` bytes, `dst` writable for
    /// `stop + 31` units; `o <= q`.
    #[target_feature(enable = "avx2,popcnt")]
    #[inline]
    unsafe fn run3(
        src: *const u8,
        mut q: usize,
        stop: usize,
        dst: *mut u16,
        mut o: usize,
    ) -> (usize, usize) {
        let dup = |a: [u8; 16]| {
            // SAFETY: a 16-byte array is 16 readable bytes.
            let v = unsafe { _mm_loadu_si128(a.as_ptr().cast()) };
            _mm256_broadcastsi128_si256(v)
        };
        let (mask, val, gab, gc) = (dup(PAT_MASK), dup(PAT_VAL), dup(GATHER_AB), dup(GATHER_C));
        let k = _mm256_set1_epi16;
        while q < stop {
            // SAFETY: q < stop: bytes q..q + 31 are readable.
            let v = unsafe { _mm256_loadu2_m128i(src.add(q + 15).cast(), src.add(q).cast()) };
            let ok = _mm256_cmpeq_epi8(_mm256_and_si256(v, mask), val);
            if _mm256_movemask_epi8(ok) != -1 {
                break;
            }
            let ab = _mm256_shuffle_epi8(v, gab);
            let c = _mm256_shuffle_epi8(v, gc);
            let u = _mm256_or_si256(
                _mm256_or_si256(
                    _mm256_and_si256(_mm256_slli_epi16::<4>(ab), k(0xF000_u16 as i16)),
                    _mm256_and_si256(_mm256_slli_epi16::<6>(ab), k(0x0FC0)),
                ),
                _mm256_and_si256(c, k(0x3F)),
            );
            // SAFETY: o <= q, so o + 13 < q + 31 <= stop + 31 units writable.
            unsafe {
                _mm_storeu_si128(dst.add(o).cast(), _mm256_castsi256_si128(u));
                _mm_storeu_si128(dst.add(o + 5).cast(), _mm256_extracti128_si256::<1>(u));
            }
            q += 30;
            o += 10;
        }
        (q, o)
    }

    /// Converts the characters of valid UTF-8 that start in the 16 bytes
    /// `cur` (followed by the bytes `next`, preceded by the block `last`).
    /// The first bytes may be the tail of an earlier character: skipped, except
    /// that the byte after a 4-byte lead (`last`'s final byte) makes that
    /// character's low surrogate. Returns the units written.
    ///
    /// Each byte position gets a 16-bit lane holding the unit a character
    /// starting there makes (ASCII, 2-byte, 3-byte, or the high surrogate of a
    /// 4-byte character); the lane after a 4-byte lead holds the low
    /// surrogate. Lanes of other continuation bytes are dropped, and the rest
    /// packed together with a table shuffle per half.
    ///
    /// # Safety
    /// AVX2 and POPCNT; no NUL in `cur`; 16 units writable at `dst`.
    #[target_feature(enable = "avx2,popcnt")]
    #[inline]
    unsafe fn general16(cur: __m128i, next: __m128i, last: __m128i, dst: *mut u16) -> usize {
        let b0 = _mm256_cvtepu8_epi16(cur);
        let b1 = _mm256_cvtepu8_epi16(_mm_alignr_epi8::<1>(next, cur));
        let b2 = _mm256_cvtepu8_epi16(_mm_alignr_epi8::<2>(next, cur));
        // The byte before each position.
        let pb = _mm_alignr_epi8::<15>(cur, last);
        let k = _mm256_set1_epi16;
        let c1 = _mm256_and_si256(b1, k(0x3F));
        let c2 = _mm256_and_si256(b2, k(0x3F));
        let t = _mm256_or_si256(_mm256_slli_epi16::<6>(c1), c2);
        let v2 = _mm256_or_si256(_mm256_slli_epi16::<6>(_mm256_and_si256(b0, k(0x1F))), c1);
        let v3 = _mm256_or_si256(_mm256_slli_epi16::<12>(b0), t);
        let ge80 = _mm256_cmpgt_epi16(b0, k(0x7F));
        let gec0 = _mm256_cmpgt_epi16(b0, k(0xBF));
        let gee0 = _mm256_cmpgt_epi16(b0, k(0xDF));
        let x = _mm_max_epu8(cur, pb);
        if _mm_movemask_epi8(_mm_cmpeq_epi8(
            _mm_max_epu8(x, _mm_set1_epi8(0xF0_u8 as i8)),
            x,
        )) == 0
        {
            // No 4-byte character here: 1-, 2- and 3-byte lanes only.
            let v = _mm256_blendv_epi8(_mm256_blendv_epi8(b0, v2, gec0), v3, gee0);
            let drop = _mm256_andnot_si256(gec0, ge80);
            // SAFETY: the caller's contract.
            return unsafe { pack_store(v, drop, dst) };
        }
        let prev = _mm256_cvtepu8_epi16(pb);
        let v4hi = _mm256_add_epi16(
            _mm256_or_si256(
                _mm256_or_si256(
                    _mm256_slli_epi16::<8>(_mm256_and_si256(b0, k(7))),
                    _mm256_slli_epi16::<2>(c1),
                ),
                _mm256_srli_epi16::<4>(c2),
            ),
            k(0xD7C0_u16 as i16),
        );
        let v4lo = _mm256_or_si256(_mm256_and_si256(t, k(0x3FF)), k(0xDC00_u16 as i16));
        // Lanes hold 0..=255, so signed 16-bit compares are exact.
        let gef0 = _mm256_cmpgt_epi16(b0, k(0xEF));
        let low = _mm256_cmpgt_epi16(prev, k(0xEF));
        let mut v = _mm256_blendv_epi8(b0, v4lo, low);
        v = _mm256_blendv_epi8(v, v2, gec0);
        v = _mm256_blendv_epi8(v, v3, gee0);
        v = _mm256_blendv_epi8(v, v4hi, gef0);
        // Dropped: continuation bytes that do not follow a 4-byte lead.
        let drop = _mm256_andnot_si256(low, _mm256_andnot_si256(gec0, ge80));
        // SAFETY: the caller's contract.
        unsafe { pack_store(v, drop, dst) }
    }

    /// Packs the lanes of `v` not set in `drop` to the front and stores them
    /// at `dst`; returns how many.
    ///
    /// # Safety
    /// AVX2 and POPCNT; 16 units writable at `dst`.
    #[target_feature(enable = "avx2,popcnt")]
    #[inline]
    unsafe fn pack_store(v: __m256i, drop: __m256i, dst: *mut u16) -> usize {
        let dm = !(_mm256_movemask_epi8(_mm256_packs_epi16(drop, drop)) as u32);
        let mlo = (dm & 0xFF) as usize;
        let mhi = ((dm >> 16) & 0xFF) as usize;
        // SAFETY: both indices are below 256, the table's length.
        let idx = unsafe {
            _mm256_loadu2_m128i(
                SHUFFLE.as_ptr().add(mhi).cast(),
                SHUFFLE.as_ptr().add(mlo).cast(),
            )
        };
        let packed = _mm256_shuffle_epi8(v, idx);
        let nlo = mlo.count_ones() as usize;
        // SAFETY: 16 units writable at dst; nlo <= 8, so the second store ends
        // at nlo + 8 <= 16.
        unsafe {
            _mm_storeu_si128(dst.cast(), _mm256_castsi256_si128(packed));
            _mm_storeu_si128(dst.add(nlo).cast(), _mm256_extracti128_si256::<1>(packed));
        }
        nlo + mhi.count_ones() as usize
    }

    // UTF-8 validation by table lookups on nibbles (Keiser and Lemire,
    // "Validating UTF-8 in less than one instruction per byte", 2021): each
    // byte pair's error classes are the AND of three 16-entry tables, and the
    // third and fourth bytes of long characters are checked against the
    // leads two and three bytes back.
    const TOO_SHORT: u8 = 1 << 0;
    const TOO_LONG: u8 = 1 << 1;
    const OVERLONG_3: u8 = 1 << 2;
    const TOO_LARGE: u8 = 1 << 3;
    const SURROGATE: u8 = 1 << 4;
    const OVERLONG_2: u8 = 1 << 5;
    const TOO_LARGE_1000: u8 = 1 << 6;
    const OVERLONG_4: u8 = 1 << 6;
    const TWO_CONTS: u8 = 1 << 7;
    const CARRY: u8 = TOO_SHORT | TOO_LONG | TWO_CONTS;
    /// By the high nibble of the first byte of a pair.
    const BYTE1_HIGH: [u8; 16] = [
        TOO_LONG,
        TOO_LONG,
        TOO_LONG,
        TOO_LONG,
        TOO_LONG,
        TOO_LONG,
        TOO_LONG,
        TOO_LONG,
        TWO_CONTS,
        TWO_CONTS,
        TWO_CONTS,
        TWO_CONTS,
        TOO_SHORT | OVERLONG_2,
        TOO_SHORT,
        TOO_SHORT | OVERLONG_3 | SURROGATE,
        TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4,
    ];
    /// By the low nibble of the first byte of a pair.
    const BYTE1_LOW: [u8; 16] = [
        CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4,
        CARRY | OVERLONG_2,
        CARRY,
        CARRY,
        CARRY | TOO_LARGE,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
    ];
    /// By the high nibble of the second byte of a pair.
    const BYTE2_HIGH: [u8; 16] = [
        TOO_SHORT,
        TOO_SHORT,
        TOO_SHORT,
        TOO_SHORT,
        TOO_SHORT,
        TOO_SHORT,
        TOO_SHORT,
        TOO_SHORT,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
        TOO_SHORT,
        TOO_SHORT,
        TOO_SHORT,
        TOO_SHORT,
    ];
    /// Subtracted (saturating) from the last block: non-zero where a lead
    /// byte near the end still wants bytes.
    const INCOMPLETE: [u8; 32] = {
        let mut t = [0xFF; 32];
        t[29] = 0xEF;
        t[30] = 0xDF;
        t[31] = 0xBF;
        t
    };

    /// Whether `b` (shorter than 32 bytes) is all ASCII: overlapping word loads.
    #[inline]
    fn short_ascii_bytes(b: &[u8]) -> bool {
        const HI: u64 = 0x8080_8080_8080_8080;
        let n = b.len();
        let w = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap());
        if n >= 16 {
            (w(0) | w(8) | w(n - 16) | w(n - 8)) & HI == 0
        } else if n >= 8 {
            (w(0) | w(n - 8)) & HI == 0
        } else {
            b.iter().all(|&c| c < 0x80)
        }
    }

    /// Whether `b` is valid UTF-8.
    ///
    /// # Safety
    /// AVX2 available.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn validate_utf8(b: &[u8]) -> bool {
        let lut = |a: [u8; 16]| {
            // SAFETY: a 16-byte array is 16 readable bytes.
            _mm256_broadcastsi128_si256(unsafe { _mm_loadu_si128(a.as_ptr().cast()) })
        };
        let (t1, t2, t3) = (lut(BYTE1_HIGH), lut(BYTE1_LOW), lut(BYTE2_HIGH));
        // SAFETY: 32 readable bytes.
        let incomplete = unsafe { _mm256_loadu_si256(INCOMPLETE.as_ptr().cast()) };
        let nib = _mm256_set1_epi8(0x0F);
        let check = |input: __m256i, prev: __m256i| {
            let joined = _mm256_permute2x128_si256::<0x21>(prev, input);
            let prev1 = _mm256_alignr_epi8::<15>(input, joined);
            let prev2 = _mm256_alignr_epi8::<14>(input, joined);
            let prev3 = _mm256_alignr_epi8::<13>(input, joined);
            let hi1 = _mm256_shuffle_epi8(t1, _mm256_and_si256(_mm256_srli_epi16::<4>(prev1), nib));
            let lo1 = _mm256_shuffle_epi8(t2, _mm256_and_si256(prev1, nib));
            let hi2 = _mm256_shuffle_epi8(t3, _mm256_and_si256(_mm256_srli_epi16::<4>(input), nib));
            let special = _mm256_and_si256(_mm256_and_si256(hi1, lo1), hi2);
            let third = _mm256_subs_epu8(prev2, _mm256_set1_epi8(0x60));
            let fourth = _mm256_subs_epu8(prev3, _mm256_set1_epi8(0x70));
            let must23 = _mm256_and_si256(
                _mm256_or_si256(third, fourth),
                _mm256_set1_epi8(0x80_u8 as i8),
            );
            _mm256_xor_si256(must23, special)
        };
        if b.len() < 32 && short_ascii_bytes(b) {
            return true;
        }
        let mut err = _mm256_setzero_si256();
        let mut prev = _mm256_setzero_si256();
        let mut i = 0;
        while i + 32 <= b.len() {
            // SAFETY: i + 32 <= b.len().
            let input = unsafe { _mm256_loadu_si256(b.as_ptr().add(i).cast()) };
            if _mm256_movemask_epi8(input) == 0 {
                // ASCII: only a character cut short at the end of `prev` is wrong.
                err = _mm256_or_si256(err, _mm256_subs_epu8(prev, incomplete));
                i += 32;
                // Skip more ASCII 64 bytes a step. An ASCII `prev` checks the
                // next block exactly as zeros do.
                while i + 64 <= b.len() {
                    // SAFETY: i + 64 <= b.len().
                    let (x, y) = unsafe {
                        let p = b.as_ptr().add(i);
                        (
                            _mm256_loadu_si256(p.cast()),
                            _mm256_loadu_si256(p.add(32).cast()),
                        )
                    };
                    if _mm256_movemask_epi8(_mm256_or_si256(x, y)) != 0 {
                        break;
                    }
                    i += 64;
                }
                prev = _mm256_setzero_si256();
                continue;
            } else {
                err = _mm256_or_si256(err, check(input, prev));
            }
            prev = input;
            i += 32;
        }
        if i < b.len() {
            let (v0, v1) = tail_vectors(b, i, 0);
            let input = _mm256_set_m128i(v1, v0);
            err = _mm256_or_si256(err, check(input, prev));
            prev = input;
        }
        err = _mm256_or_si256(err, _mm256_subs_epu8(prev, incomplete));
        _mm256_testz_si256(err, err) == 1
    }

    /// Spreads each unit's three UTF-8 bytes (lead/second in one 16-bit lane,
    /// third in another) to 24 consecutive bytes: first 16, then 8.
    const SPREAD_AB0: [u8; 16] = [
        0, 1, 0x80, 2, 3, 0x80, 4, 5, 0x80, 6, 7, 0x80, 8, 9, 0x80, 10,
    ];
    const SPREAD_C0: [u8; 16] = [
        0x80, 0x80, 0, 0x80, 0x80, 2, 0x80, 0x80, 4, 0x80, 0x80, 6, 0x80, 0x80, 8, 0x80,
    ];
    const SPREAD_AB1: [u8; 16] = [
        11, 0x80, 12, 13, 0x80, 14, 15, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    ];
    const SPREAD_C1: [u8; 16] = [
        0x80, 10, 0x80, 0x80, 12, 0x80, 0x80, 14, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    ];

    /// [`super::decode_general`] with AVX2: blocks of 16 ASCII units, blocks
    /// of 8 units that are all 3-byte characters (CJK: U+0800..U+FFFF, no
    /// surrogate), and one character at a time otherwise.
    ///
    /// # Safety
    /// AVX2; `dst.len() >= 3 * s.len()`.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn decode_general<const WTF8: bool>(
        s: &[u16],
        dst: &mut [MaybeUninit<u8>],
    ) -> (usize, bool) {
        let ld = |a: &[u8; 16]| {
            // SAFETY: 16 readable bytes.
            unsafe { _mm_loadu_si128(a.as_ptr().cast()) }
        };
        let (ab0, c0, ab1, c1) = (
            ld(&SPREAD_AB0),
            ld(&SPREAD_C0),
            ld(&SPREAD_AB1),
            ld(&SPREAD_C1),
        );
        let k = _mm_set1_epi16;
        let (mut i, mut o, mut lone) = (0, 0, false);
        while i < s.len() {
            if super::sse2::ascii16(s, i, dst, o) {
                i += 16;
                o += 16;
                continue;
            }
            // Blocks of 3-byte characters.
            while i + 8 <= s.len() {
                // SAFETY: i + 8 <= s.len(): 16 readable bytes.
                let u = unsafe { _mm_loadu_si128(s.as_ptr().add(i).cast()) };
                let small = _mm_cmplt_epi16(
                    _mm_xor_si128(u, k(0x8000_u16 as i16)),
                    k((0x0800 ^ 0x8000_u16) as i16),
                );
                let surr =
                    _mm_cmpeq_epi16(_mm_and_si128(u, k(0xF800_u16 as i16)), k(0xD800_u16 as i16));
                if _mm_movemask_epi8(_mm_or_si128(small, surr)) != 0 {
                    break;
                }
                let a = _mm_or_si128(_mm_srli_epi16::<12>(u), k(0xE0));
                let b = _mm_or_si128(_mm_and_si128(_mm_srli_epi16::<6>(u), k(0x3F)), k(0x80));
                let ab = _mm_or_si128(a, _mm_slli_epi16::<8>(b));
                let c = _mm_or_si128(_mm_and_si128(u, k(0x3F)), k(0x80));
                let out0 = _mm_or_si128(_mm_shuffle_epi8(ab, ab0), _mm_shuffle_epi8(c, c0));
                let out1 = _mm_or_si128(_mm_shuffle_epi8(ab, ab1), _mm_shuffle_epi8(c, c1));
                // 24 bytes: o + 24 <= 3 * (i + 8) <= dst.len() (o <= 3 * i).
                assert!(o + 24 <= dst.len());
                // SAFETY: bounds asserted just above.
                unsafe {
                    let d = dst.as_mut_ptr().add(o);
                    _mm_storeu_si128(d.cast(), out0);
                    _mm_storel_epi64(d.add(16).cast(), out1);
                }
                i += 8;
                o += 24;
            }
            // Then up to 8 units one character at a time.
            let end = (i + 8).min(s.len());
            while i < end {
                match super::decode_char::<WTF8>(s, i, dst, o, &mut lone) {
                    Some(next) => (i, o) = next,
                    None => return (o, lone),
                }
            }
        }
        (o, lone)
    }

    /// The leading ASCII, NUL-free run, 32 units at a time.
    ///
    /// # Safety
    /// AVX2 available; `dst.len() >= s.len()`.
    #[target_feature(enable = "avx2,popcnt")]
    pub(super) unsafe fn ascii_prefix(s: &[u16], dst: &mut [MaybeUninit<u8>]) -> usize {
        debug_assert!(dst.len() >= s.len());
        let mut i = 0;
        let k = _mm256_set1_epi16;
        while i + 32 <= s.len() {
            // SAFETY: i + 32 <= s.len(): 64 readable bytes.
            let (a, b) = unsafe {
                let p = s.as_ptr().add(i).cast::<__m256i>();
                (_mm256_loadu_si256(p), _mm256_loadu_si256(p.add(1)))
            };
            // unit - 1 (saturating) > 0x7E  ⇔  unit is NUL or not ASCII.
            let bad_a = _mm256_subs_epu16(_mm256_subs_epu16(a, k(1)), k(0x7E));
            let bad_b = _mm256_subs_epu16(_mm256_subs_epu16(b, k(1)), k(0x7E));
            let nul = _mm256_or_si256(_mm256_cmpeq_epi16(a, k(0)), _mm256_cmpeq_epi16(b, k(0)));
            let bad = _mm256_or_si256(_mm256_or_si256(bad_a, bad_b), nul);
            if _mm256_testz_si256(bad, bad) == 0 {
                break;
            }
            let packed = _mm256_permute4x64_epi64::<0xD8>(_mm256_packus_epi16(a, b));
            // SAFETY: i + 32 <= s.len() <= dst.len().
            unsafe { _mm256_storeu_si256(dst.as_mut_ptr().add(i).cast(), packed) };
            i += 32;
        }
        // The last few blocks of 16.
        i + super::sse2::ascii_prefix(&s[i..], &mut dst[i..])
    }

    const _: () = assert!(ENCODE_SLACK >= 32);
}
