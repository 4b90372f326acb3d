//! AVX2 kernels. Every function here needs AVX2 and POPCNT at run time.
//!
//! Encoding lives here; UTF-8 validation in [`validate`], decoding in [`decode`].

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
        // SAFETY: the contract of `run`, `p < stop`, `o <= p`, and no NUL
        // in the 16 bytes at `p`.
        (p, o, last) = unsafe { general_run(src, p, stop, dst, o, last) };
    }
    Some((p, o, last))
}

/// Converts 16-byte blocks with [`general16`] from byte `p` (the first
/// one whatever it holds but NUL), then while `p < stop` and the next
/// block holds no NUL, is not all ASCII and has fewer than five 3-byte
/// leads (a CJK run, which `run` converts faster). Returns the new `(p, o,
/// last)`. Out of line, so that its loop keeps its own constants in
/// registers.
///
/// # Safety
/// As [`run`], with `p < stop`, `o <= p`, no NUL in the 16 bytes at `p`,
/// and `last` a block whose byte 15 is a 4-byte lead exactly when the
/// byte before `p` is one (the 16 bytes before `p`, or zero).
#[target_feature(enable = "avx2,popcnt")]
#[inline(never)]
unsafe fn general_run(
    src: *const u8,
    mut p: usize,
    stop: usize,
    dst: *mut u16,
    mut o: usize,
    mut last: __m128i,
) -> (usize, usize, __m128i) {
    // SAFETY: p < stop: 16 bytes readable at p.
    let mut cur = unsafe { _mm_loadu_si128(src.add(p).cast()) };
    loop {
        // SAFETY: p + 32 <= stop + 31 bytes readable.
        let next = unsafe { _mm_loadu_si128(src.add(p + 16).cast()) };
        // SAFETY: no NUL in `cur`; 16 units writable at o <= p (the
        // invariant of `run`).
        o += unsafe { general16(cur, next, last, dst.add(o)) };
        p += 16;
        last = cur;
        cur = next;
        if p >= stop {
            return (p, o, last);
        }
        let leads = _mm_cmpeq_epi8(
            _mm_and_si128(cur, _mm_set1_epi8(0xF0_u8 as i8)),
            _mm_set1_epi8(0xE0_u8 as i8),
        );
        let nul = _mm_cmpeq_epi8(cur, _mm_setzero_si128());
        if _mm_movemask_epi8(_mm_or_si128(cur, nul)) == 0
            || _mm_movemask_epi8(nul) != 0
            || (_mm_movemask_epi8(leads) as u32).count_ones() >= 5
        {
            return (p, o, last);
        }
    }
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

mod decode;
mod validate;

pub(super) use decode::{ascii_prefix, decode_general, decode_vec};
pub(super) use validate::validate_utf8;

const _: () = assert!(ENCODE_SLACK >= 32);
