//! The fast UTF-8 ⇄ UTF-16 kernels behind [`super`]: pure Rust, picked at run
//! time by CPU feature.
//!
//! * x86_64 with AVX2 (and POPCNT): 32-byte ASCII blocks, and a 16-byte block
//!   that turns any mix of 1-, 2-, 3- and 4-byte characters into UTF-16 with one
//!   table shuffle (see `general16` in `simd/avx2.rs`).
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

/// Room, in bytes, a decoder needs past `3 * s.len()` in its output: the AVX2
/// blocks store whole vectors and then advance by the bytes actually made
/// (a short string of 3-byte characters stores 24 bytes from one unit on).
pub(crate) const DECODE_SLACK: usize = 16;

/// [`decode`] with a chosen kernel (one this CPU runs).
#[inline]
pub(crate) fn decode_with<const WTF8: bool>(k: Kernel, s: &[u16], out: &mut Vec<u8>) -> bool {
    // Nothing to decode: nothing to reserve (an empty name stays unallocated).
    if s.first().is_none_or(|&u| u == 0) {
        return false;
    }
    #[cfg(target_arch = "x86_64")]
    if k == Kernel::Avx2 {
        // SAFETY: AVX2 and POPCNT were detected before `Avx2` could be chosen.
        return unsafe { avx2::decode_vec::<WTF8>(s, out) };
    }
    let mut i = 0;
    if s.len() > 64 && s[0] < 0x80 {
        // A long string that starts with ASCII: its ASCII prefix first, into
        // `s.len()` bytes of room, so that long ASCII text does not reserve
        // three bytes a unit.
        out.reserve(s.len());
        let start = out.len();
        i = ascii_prefix(k, s, &mut out.spare_capacity_mut()[..s.len()]);
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
    }
    // The rest (short strings: all of it), with room for the worst case (3
    // bytes a unit) at once.
    let rest = &s[i..];
    let room = 3 * rest.len() + DECODE_SLACK;
    out.reserve(room);
    let at = out.len();
    let (n, lone) = decode_general::<WTF8>(k, rest, &mut out.spare_capacity_mut()[..room]);
    // SAFETY: `decode_general` initialised the first `n` spare bytes.
    unsafe { out.set_len(at + n) };
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
/// `dst.len() >= 3 * s.len() + DECODE_SLACK`. Returns the bytes written and
/// whether a lone surrogate was met.
fn decode_general<const WTF8: bool>(
    k: Kernel,
    s: &[u16],
    dst: &mut [MaybeUninit<u8>],
) -> (usize, bool) {
    assert!(dst.len() >= 3 * s.len() + DECODE_SLACK);
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

#[cfg(target_arch = "x86_64")]
mod avx2;
#[cfg(target_arch = "x86_64")]
mod sse2;
