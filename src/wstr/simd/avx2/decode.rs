//! UTF-16 → UTF-8 decoding with AVX2.
//!
//! Every block is 16 units. A block of ASCII is packed to 16 bytes; any other
//! block goes through [`block`], which gives every unit a 32-bit lane holding
//! the one, two or three UTF-8 bytes it makes and packs the lanes with one
//! table shuffle per four units. A surrogate pair is split across its two
//! lanes, two bytes each (the high surrogate makes the lead byte and the
//! second byte of the 4-byte sequence, the low one the last two), so every
//! unit makes 0 to 3 bytes and four units fit a 16-byte shuffle whatever the
//! text, and a pair may straddle two blocks.

use crate::wstr::simd::DECODE_SLACK;
use core::arch::x86_64::*;
use core::mem::MaybeUninit;

/// `PACK[m]`: the `pshufb` pattern that packs four 32-bit lanes, lane `k`
/// keeping its first `(m >> 2k) & 3` bytes, to the front.
static PACK: [[u8; 16]; 256] = {
    let mut t = [[0x80u8; 16]; 256];
    let mut m = 0;
    while m < 256 {
        let (mut lane, mut at) = (0, 0);
        while lane < 4 {
            let keep = (m >> (2 * lane)) & 3;
            let mut b = 0;
            while b < keep {
                t[m][at] = (4 * lane + b) as u8;
                at += 1;
                b += 1;
            }
            lane += 1;
        }
        m += 1;
    }
    t
};

/// `PACK_LEN[m]`: how many bytes `PACK[m]` keeps.
static PACK_LEN: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut m = 0;
    while m < 256 {
        t[m] = ((m & 3) + ((m >> 2) & 3) + ((m >> 4) & 3) + ((m >> 6) & 3)) as u8;
        m += 1;
    }
    t
};

/// Eight all-ones then eight zero 32-bit lanes: a window into it is the
/// mask of a load of the first 0..=8 pairs of units.
static PAIRS_MASK: [i32; 16] = [-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0];

/// The 16-bit lane numbers 0..16.
#[target_feature(enable = "avx2")]
#[inline]
fn lane_index() -> __m256i {
    _mm256_setr_epi16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
}

/// `u` moved up one unit, `0` entering at unit 0: each unit's predecessor
/// when the block starts the string.
#[target_feature(enable = "avx2")]
#[inline]
fn prev_units_from_zero(u: __m256i) -> __m256i {
    let t = _mm256_permute2x128_si256::<0x08>(u, u);
    _mm256_alignr_epi8::<14>(u, t)
}

/// `u` moved down one unit, `0` entering at unit 15: each unit's successor
/// when the block ends the string.
#[target_feature(enable = "avx2")]
#[inline]
fn next_units_to_zero(u: __m256i) -> __m256i {
    let t = _mm256_permute2x128_si256::<0x81>(u, u);
    _mm256_alignr_epi8::<2>(t, u)
}

/// Lanes of the 16 units of `u` that are NUL, as a `movemask` (two bits a unit).
#[target_feature(enable = "avx2")]
#[inline]
fn nul_mask(u: __m256i) -> u32 {
    _mm256_movemask_epi8(_mm256_cmpeq_epi16(u, _mm256_setzero_si256())) as u32
}

/// Converts the units of `u` whose lane is set in `keep` (a prefix-free
/// choice is fine: other lanes make no bytes), given each unit's
/// predecessor and successor (`0` where there is none) from `neighbours`
/// (asked only when the block holds a surrogate), and stores
/// the bytes at `dst`. Returns the bytes made and whether a kept unit was a
/// lone surrogate (written as its 3-byte form when `WTF8`, else as U+FFFD).
///
/// `SITE` tells the call sites apart: each gets its own copy, which, with a
/// single caller, the compiler inlines (a shared one it would call).
///
/// # Safety
/// AVX2; `dst` writable for the bytes made plus 16 (at most 64 in all).
#[target_feature(enable = "avx2")]
#[inline]
unsafe fn block<const WTF8: bool, const SITE: u8>(
    u: __m256i,
    neighbours: impl FnOnce() -> (__m256i, __m256i),
    keep: __m256i,
    dst: *mut u8,
) -> (usize, bool) {
    let k = _mm256_set1_epi16;
    let zero = _mm256_setzero_si256();
    let t = _mm256_and_si256(u, k(0xF800_u16 as i16));
    let small = _mm256_cmpeq_epi16(t, zero);
    let surr = _mm256_cmpeq_epi16(t, k(0xD800_u16 as i16));
    let mut lone = false;
    let (u, pair, lo16) = if _mm256_testz_si256(surr, surr) != 0 {
        (u, zero, bmp_lanes(u, small))
    } else {
        let (p, n) = neighbours();
        let fc00 = k(0xFC00_u16 as i16);
        let lo_tag = k(0xDC00_u16 as i16);
        let is_lo = _mm256_cmpeq_epi16(_mm256_and_si256(u, fc00), lo_tag);
        let is_hi = _mm256_andnot_si256(is_lo, surr);
        let n_lo = _mm256_cmpeq_epi16(_mm256_and_si256(n, fc00), lo_tag);
        let p_hi = _mm256_cmpeq_epi16(_mm256_and_si256(p, fc00), k(0xD800_u16 as i16));
        let pair = _mm256_or_si256(_mm256_and_si256(is_hi, n_lo), _mm256_and_si256(is_lo, p_hi));
        let lone_lanes = _mm256_and_si256(_mm256_andnot_si256(pair, surr), keep);
        lone = _mm256_testz_si256(lone_lanes, lone_lanes) == 0;
        // Half a pair, two bytes (`b0 | b1 << 8`). High surrogate: with
        // w = (u & 0x3FF) + 0x40 (the plane and the top bits of the code
        // point), F0 | w >> 8 and 80 | (w >> 2) & 3F.
        let w = _mm256_add_epi16(_mm256_and_si256(u, k(0x3FF)), k(0x40));
        let hp = _mm256_or_si256(
            _mm256_or_si256(
                _mm256_srli_epi16::<8>(w),
                _mm256_and_si256(_mm256_slli_epi16::<6>(w), k(0x3F00)),
            ),
            k(0x80F0_u16 as i16),
        );
        // Low surrogate: 80 | (high & 3) << 4 | (u >> 6) & 0F, then 80 | u & 3F.
        let lp = _mm256_or_si256(
            _mm256_or_si256(
                _mm256_and_si256(_mm256_srli_epi16::<6>(u), k(0x0F)),
                _mm256_slli_epi16::<4>(_mm256_and_si256(p, k(3))),
            ),
            _mm256_or_si256(
                _mm256_and_si256(_mm256_slli_epi16::<8>(u), k(0x3F00)),
                k(0x8080_u16 as i16),
            ),
        );
        let half = _mm256_blendv_epi8(lp, hp, is_hi);
        // The String route writes U+FFFD for a lone surrogate: its 3 bytes
        // are those of the unit 0xFFFD.
        let u = if WTF8 {
            u
        } else {
            _mm256_blendv_epi8(u, k(0xFFFD_u16 as i16), lone_lanes)
        };
        let lo16 = _mm256_blendv_epi8(bmp_lanes(u, small), half, pair);
        (u, pair, lo16)
    };
    // The third byte of a 3-byte character.
    let hi16 = _mm256_or_si256(_mm256_and_si256(u, k(0x3F)), k(0x80));
    // Bytes per unit: 1 (ASCII), 2 (below U+0800, or half a pair), 3 (the
    // rest, lone surrogates included), 0 (not kept). Bit 0 and bit 1 of
    // that count, two mask bits a unit.
    let ascii = _mm256_cmpeq_epi16(_mm256_and_si256(u, k(0xFF80_u16 as i16)), zero);
    let three = _mm256_andnot_si256(_mm256_or_si256(small, pair), keep);
    let bit0 = _mm256_or_si256(_mm256_and_si256(ascii, keep), three);
    let bit1 = _mm256_andnot_si256(ascii, keep);
    let m = (_mm256_movemask_epi8(bit0) as u32 & 0x5555_5555)
        | (_mm256_movemask_epi8(bit1) as u32 & 0xAAAA_AAAA);
    // Units 0-3 and 8-11 in `lanes0`, 4-7 and 12-15 in `lanes1`: 4 bytes each.
    let lanes0 = _mm256_unpacklo_epi16(lo16, hi16);
    let lanes1 = _mm256_unpackhi_epi16(lo16, hi16);
    let (m0, m1, m2, m3) = (
        (m & 0xFF) as usize,
        ((m >> 8) & 0xFF) as usize,
        ((m >> 16) & 0xFF) as usize,
        (m >> 24) as usize,
    );
    // SAFETY: every index is below 256, the tables' length.
    let (s0, s1, l0, l1, l2, l3) = unsafe {
        (
            _mm256_loadu2_m128i(PACK.as_ptr().add(m2).cast(), PACK.as_ptr().add(m0).cast()),
            _mm256_loadu2_m128i(PACK.as_ptr().add(m3).cast(), PACK.as_ptr().add(m1).cast()),
            *PACK_LEN.get_unchecked(m0) as usize,
            *PACK_LEN.get_unchecked(m1) as usize,
            *PACK_LEN.get_unchecked(m2) as usize,
            *PACK_LEN.get_unchecked(m3) as usize,
        )
    };
    let r0 = _mm256_shuffle_epi8(lanes0, s0);
    let r1 = _mm256_shuffle_epi8(lanes1, s1);
    // SAFETY: each store starts where the bytes so far end and writes 16:
    // the last ends at most 16 past the bytes made (caller's room).
    unsafe {
        _mm_storeu_si128(dst.cast(), _mm256_castsi256_si128(r0));
        _mm_storeu_si128(dst.add(l0).cast(), _mm256_castsi256_si128(r1));
        _mm_storeu_si128(dst.add(l0 + l1).cast(), _mm256_extracti128_si256::<1>(r0));
        _mm_storeu_si128(
            dst.add(l0 + l1 + l2).cast(),
            _mm256_extracti128_si256::<1>(r1),
        );
    }
    (l0 + l1 + l2 + l3, lone)
}

/// The first two bytes of each unit taken as a BMP character (1, 2 or 3
/// bytes): `b0 | b1 << 8`. `small`: the units below U+0800.
#[target_feature(enable = "avx2")]
#[inline]
fn bmp_lanes(u: __m256i, small: __m256i) -> __m256i {
    let k = _mm256_set1_epi16;
    let ascii = _mm256_cmpeq_epi16(
        _mm256_and_si256(u, k(0xFF80_u16 as i16)),
        _mm256_setzero_si256(),
    );
    let last = _mm256_or_si256(_mm256_and_si256(u, k(0x3F)), k(0x80));
    let mid = _mm256_or_si256(
        _mm256_and_si256(_mm256_srli_epi16::<6>(u), k(0x3F)),
        k(0x80),
    );
    let two = _mm256_or_si256(
        _mm256_or_si256(_mm256_srli_epi16::<6>(u), k(0xC0)),
        _mm256_slli_epi16::<8>(last),
    );
    let three = _mm256_or_si256(
        _mm256_or_si256(_mm256_srli_epi16::<12>(u), k(0xE0)),
        _mm256_slli_epi16::<8>(mid),
    );
    _mm256_blendv_epi8(_mm256_blendv_epi8(three, two, small), u, ascii)
}

/// Whether the 16 units are ASCII without NUL.
#[target_feature(enable = "avx2")]
#[inline]
fn ascii_no_nul(u: __m256i) -> bool {
    let k = _mm256_set1_epi16;
    // unit - 1 (wrapping) > 0x7E  ⇔  unit is NUL or not ASCII.
    let bad = _mm256_subs_epu16(_mm256_sub_epi16(u, k(1)), k(0x7E));
    _mm256_testz_si256(bad, bad) != 0
}

/// Whether the 16 units are all 3-byte characters: U+0800..U+FFFF without
/// surrogates.
#[target_feature(enable = "avx2")]
#[inline]
fn all_three(u: __m256i) -> bool {
    let k = _mm256_set1_epi16;
    let t = _mm256_and_si256(u, k(0xF800_u16 as i16));
    let bad = _mm256_or_si256(
        _mm256_cmpeq_epi16(t, _mm256_setzero_si256()),
        _mm256_cmpeq_epi16(t, k(0xD800_u16 as i16)),
    );
    _mm256_testz_si256(bad, bad) != 0
}

/// Stores the 16 ASCII units of `u` as 16 bytes.
///
/// # Safety
/// AVX2; 16 bytes writable at `dst`.
#[target_feature(enable = "avx2")]
#[inline]
unsafe fn store_ascii16(u: __m256i, dst: *mut u8) {
    let b = _mm_packus_epi16(_mm256_castsi256_si128(u), _mm256_extracti128_si256::<1>(u));
    // SAFETY: 16 bytes writable (caller).
    unsafe { _mm_storeu_si128(dst.cast(), b) };
}

/// Spreads each unit's three UTF-8 bytes (lead/second in one 16-bit lane,
/// third in another) to 24 consecutive bytes: first 16, then 8; per 128-bit
/// half (8 units).
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

/// The four spread patterns, in both halves.
#[target_feature(enable = "avx2")]
#[inline]
fn spread_patterns() -> [__m256i; 4] {
    [SPREAD_AB0, SPREAD_C0, SPREAD_AB1, SPREAD_C1].map(|a| {
        // SAFETY: a 16-byte array is 16 readable bytes.
        let v = unsafe { _mm_loadu_si128(a.as_ptr().cast()) };
        _mm256_broadcastsi128_si256(v)
    })
}

/// Stores 16 units that are all 3-byte characters (U+0800..U+FFFF, no
/// surrogate) as 48 bytes.
///
/// # Safety
/// AVX2; 48 bytes writable at `dst`.
#[target_feature(enable = "avx2")]
#[inline]
unsafe fn store_three16(u: __m256i, dst: *mut u8) {
    // SAFETY: the caller's contract.
    unsafe { store_three(u, true, dst) }
}

/// Stores the first 8 units of `u` (and, if `all16`, the next 8), all
/// 3-byte characters, as 24 (48) bytes.
///
/// # Safety
/// AVX2; 24 (48) bytes writable at `dst`.
#[target_feature(enable = "avx2")]
#[inline]
unsafe fn store_three(u: __m256i, all16: bool, dst: *mut u8) {
    let pat = spread_patterns();
    let k = _mm256_set1_epi16;
    let a = _mm256_or_si256(_mm256_srli_epi16::<12>(u), k(0xE0));
    let b = _mm256_or_si256(
        _mm256_and_si256(_mm256_srli_epi16::<6>(u), k(0x3F)),
        k(0x80),
    );
    let ab = _mm256_or_si256(a, _mm256_slli_epi16::<8>(b));
    let c = _mm256_or_si256(_mm256_and_si256(u, k(0x3F)), k(0x80));
    let out0 = _mm256_or_si256(
        _mm256_shuffle_epi8(ab, pat[0]),
        _mm256_shuffle_epi8(c, pat[1]),
    );
    let out1 = _mm256_or_si256(
        _mm256_shuffle_epi8(ab, pat[2]),
        _mm256_shuffle_epi8(c, pat[3]),
    );
    // SAFETY: 24 bytes writable, 48 if `all16` (caller).
    unsafe {
        _mm_storeu_si128(dst.cast(), _mm256_castsi256_si128(out0));
        _mm_storel_epi64(dst.add(16).cast(), _mm256_castsi256_si128(out1));
        if all16 {
            _mm_storeu_si128(dst.add(24).cast(), _mm256_extracti128_si256::<1>(out0));
            _mm_storel_epi64(dst.add(40).cast(), _mm256_extracti128_si256::<1>(out1));
        }
    }
}

/// [`decode_general`](crate::wstr::simd::decode_general) with AVX2: `s` up
/// to its first NUL, 16 units a block (see the module docs).
///
/// # Safety
/// AVX2; `dst.len() >= 3 * s.len() + DECODE_SLACK`.
#[target_feature(enable = "avx2")]
pub(in crate::wstr::simd) unsafe fn decode_general<const WTF8: bool>(
    s: &[u16],
    dst: &mut [MaybeUninit<u8>],
) -> (usize, bool) {
    let len = s.len();
    debug_assert!(dst.len() >= 3 * len + DECODE_SLACK);
    let src = s.as_ptr();
    let out = dst.as_mut_ptr().cast::<u8>();
    let (mut i, mut o, mut lone) = (0, 0, false);
    // Room: after `i` units at most `3 * i` bytes were made (`o <= 3 * i`),
    // and a block of 16 units writes at most 48 + 16 bytes from `o`, so
    // below `3 * (i + 16) + 16 <= dst.len()` while `i + 16 <= len`.
    // The block that ends the string (at a NUL, or its last 1..=16 units),
    // its units' neighbours, and its first lane not yet converted.
    let (u, p, n, first) = 'last: {
        while i + 17 <= len {
            // SAFETY: i + 17 <= len: units i..i + 16 are readable.
            let u = unsafe { _mm256_loadu_si256(src.add(i).cast()) };
            if ascii_no_nul(u) {
                // SAFETY: see "Room" above.
                unsafe { store_ascii16(u, out.add(o)) };
                i += 16;
                o += 16;
                continue;
            }
            if all_three(u) {
                // SAFETY: see "Room" above.
                unsafe { store_three16(u, out.add(o)) };
                i += 16;
                o += 48;
                continue;
            }
            if nul_mask(u) != 0 {
                // A NUL ends the string in this block.
                let p = if i == 0 {
                    prev_units_from_zero(u)
                } else {
                    // SAFETY: 1 <= i: units i - 1..i + 15 are readable.
                    unsafe { _mm256_loadu_si256(src.add(i - 1).cast()) }
                };
                // SAFETY: i + 17 <= len: units i + 1..i + 17 are readable.
                let n = unsafe { _mm256_loadu_si256(src.add(i + 1).cast()) };
                break 'last (u, p, n, 0);
            }
            // SAFETY: the "Room" above, which `mixed_run` keeps.
            let (j, m, l) = unsafe { mixed_run::<WTF8>(s, i, out, o) };
            (i, o) = (j, m);
            lone |= l;
        }
        if i == len {
            return (o, lone);
        }
        // The last 1..=16 units.
        let idx = lane_index();
        let (u, p, first) = if len >= 16 {
            // The block of the last 16 units; those before `i` are done.
            let j = len - 16;
            // SAFETY: j + 16 = len: units j..len are readable.
            let u = unsafe { _mm256_loadu_si256(src.add(j).cast()) };
            if ascii_no_nul(u) {
                // All ASCII: the units before `i` made one byte each, these
                // same bytes, so the block is stored whole, from where they
                // start.
                let at = o - (i - j);
                // SAFETY: at + 16 <= o + 16: see "Room" above.
                unsafe { store_ascii16(u, out.add(at)) };
                return (at + 16, lone);
            }
            let p = if j == 0 {
                prev_units_from_zero(u)
            } else {
                // SAFETY: 1 <= j: units j - 1..len - 1 are readable.
                unsafe { _mm256_loadu_si256(src.add(j - 1).cast()) }
            };
            (u, p, i - j)
        } else {
            // A string of 1 to 15 units (`i == 0`, `o == 0`): its pairs of
            // units with a masked load (zeros after: a NUL ends the string),
            // then its last unit put in its lane, in case `len` is odd.
            // SAFETY: 8 - len / 2 + 8 <= 16 entries of PAIRS_MASK; the load
            // reads only the len / 2 whole pairs of units of `s`.
            let x = unsafe {
                let mask = _mm256_loadu_si256(PAIRS_MASK.as_ptr().add(8 - len / 2).cast());
                _mm256_maskload_epi32(src.cast(), mask)
            };
            let at_last = _mm256_cmpeq_epi16(idx, _mm256_set1_epi16(len as i16 - 1));
            let u = _mm256_blendv_epi8(x, _mm256_set1_epi16(s[len - 1] as i16), at_last);
            let k = _mm256_set1_epi16;
            // NUL or not ASCII, among the `len` units.
            let bad = _mm256_and_si256(
                _mm256_subs_epu16(_mm256_sub_epi16(u, k(1)), k(0x7E)),
                _mm256_cmpgt_epi16(k(len as i16), idx),
            );
            if _mm256_testz_si256(bad, bad) != 0 {
                // SAFETY: 16 <= 3 * len + DECODE_SLACK bytes are writable.
                unsafe { store_ascii16(u, out) };
                return (len, false);
            }
            // All 3-byte characters (short CJK names), among the `len` units.
            let t = _mm256_and_si256(u, k(0xF800_u16 as i16));
            let bad = _mm256_and_si256(
                _mm256_or_si256(
                    _mm256_cmpeq_epi16(t, _mm256_setzero_si256()),
                    _mm256_cmpeq_epi16(t, k(0xD800_u16 as i16)),
                ),
                _mm256_cmpgt_epi16(k(len as i16), idx),
            );
            let store = if len > 8 { 48 } else { 24 };
            if store <= 3 * len + DECODE_SLACK && _mm256_testz_si256(bad, bad) != 0 {
                // SAFETY: `store` bytes, at most 3 * len + DECODE_SLACK.
                unsafe { store_three(u, len > 8, out) };
                return (3 * len, false);
            }
            (u, prev_units_from_zero(u), 0)
        };
        (u, p, next_units_to_zero(u), first)
    };
    // Only this copy of `block` asks for some lanes: the loop's keeps all.
    let idx = lane_index();
    let z = nul_mask(u);
    let mut keep = _mm256_cmpgt_epi16(idx, _mm256_set1_epi16(first as i16 - 1));
    if z != 0 {
        keep = _mm256_and_si256(
            keep,
            _mm256_cmpgt_epi16(_mm256_set1_epi16((z.trailing_zeros() / 2) as i16), idx),
        );
    }
    // SAFETY: see "Room" above (the bytes made from here go from `o` on).
    let (m, l) = unsafe { block::<WTF8, 1>(u, || (p, n), keep, out.add(o)) };
    (o + m, lone | l)
}

/// Converts blocks of 16 units with [`block`], from unit `i` (a block that
/// is neither all ASCII nor all 3-byte characters and holds no NUL), while
/// the blocks are like it and one more unit follows them. Returns the unit
/// and the byte it stopped at, and whether it met a lone surrogate. Out of
/// line, so that its loop keeps its own constants in registers.
///
/// # Safety
/// AVX2; `i + 17 <= s.len()`; `out` writable for `3 * s.len() + DECODE_SLACK`
/// bytes, of which `o <= 3 * i` are made. (The block at `i` must hold no
/// NUL for the output to be right: this loop keeps every lane.)
#[target_feature(enable = "avx2")]
#[inline(never)]
unsafe fn mixed_run<const WTF8: bool>(
    s: &[u16],
    mut i: usize,
    out: *mut u8,
    mut o: usize,
) -> (usize, usize, bool) {
    let src = s.as_ptr();
    let all = _mm256_set1_epi8(-1);
    let mut lone = false;
    loop {
        // SAFETY: i + 17 <= s.len(): units i..i + 16 are readable.
        let u = unsafe { _mm256_loadu_si256(src.add(i).cast()) };
        let neighbours = || {
            let p = if i == 0 {
                prev_units_from_zero(u)
            } else {
                // SAFETY: 1 <= i: units i - 1..i + 15 are readable.
                unsafe { _mm256_loadu_si256(src.add(i - 1).cast()) }
            };
            // SAFETY: i + 17 <= s.len(): units i + 1..i + 17 are readable.
            let n = unsafe { _mm256_loadu_si256(src.add(i + 1).cast()) };
            (p, n)
        };
        // SAFETY: o <= 3 * i, so the at most 48 + 16 bytes written from
        // `o` end below 3 * (i + 16) + 16 <= 3 * s.len() + DECODE_SLACK.
        let (m, l) = unsafe { block::<WTF8, 0>(u, neighbours, all, out.add(o)) };
        o += m;
        lone |= l;
        i += 16;
        if i + 17 > s.len() {
            return (i, o, lone);
        }
        // SAFETY: i + 17 <= s.len(): units i..i + 16 are readable.
        let next = unsafe { _mm256_loadu_si256(src.add(i).cast()) };
        if ascii_no_nul(next) || all_three(next) || nul_mask(next) != 0 {
            return (i, o, lone);
        }
    }
}

/// [`decode_with`](crate::wstr::simd::decode_with) with AVX2: appends `s`
/// up to its first NUL to `out` and returns whether a lone surrogate was
/// met. A long string whose first 32 units are ASCII gets its ASCII prefix
/// converted first, into `s.len()` bytes of room (so long ASCII text does
/// not reserve three bytes a unit); the rest, or all of any other string,
/// gets the worst case at once (three bytes a unit, plus the slack).
///
/// # Safety
/// AVX2 and POPCNT.
#[target_feature(enable = "avx2,popcnt")]
pub(in crate::wstr::simd) unsafe fn decode_vec<const WTF8: bool>(
    s: &[u16],
    out: &mut Vec<u8>,
) -> bool {
    let len = s.len();
    let mut i = 0;
    if len > 64 {
        // SAFETY: 64 < len: units 0..32 are readable.
        let (a, b) = unsafe {
            let p = s.as_ptr().cast::<__m256i>();
            (_mm256_loadu_si256(p), _mm256_loadu_si256(p.add(1)))
        };
        if ascii_no_nul(a) && ascii_no_nul(b) {
            out.reserve(len);
            let start = out.len();
            // SAFETY: AVX2 (caller); the slice holds `len` bytes.
            i = unsafe { ascii_prefix(s, &mut out.spare_capacity_mut()[..len]) };
            // SAFETY: `ascii_prefix` initialised the first `i` spare bytes.
            unsafe { out.set_len(start + i) };
            if i == len || s[i] == 0 {
                return false;
            }
        }
    }
    let rest = &s[i..];
    let room = 3 * rest.len() + DECODE_SLACK;
    out.reserve(room);
    let at = out.len();
    // SAFETY: AVX2 (caller); the slice holds `room` bytes.
    let (n, lone) = unsafe { decode_general::<WTF8>(rest, &mut out.spare_capacity_mut()[..room]) };
    // SAFETY: `decode_general` initialised the first `n` spare bytes.
    unsafe { out.set_len(at + n) };
    lone
}

/// The leading ASCII, NUL-free run, 32 units at a time.
///
/// # Safety
/// AVX2 available; `dst.len() >= s.len()`.
#[target_feature(enable = "avx2,popcnt")]
pub(in crate::wstr::simd) unsafe fn ascii_prefix(s: &[u16], dst: &mut [MaybeUninit<u8>]) -> usize {
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
    i + crate::wstr::simd::sse2::ascii_prefix(&s[i..], &mut dst[i..])
}
