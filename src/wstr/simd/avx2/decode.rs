//! UTF-16 → UTF-8 decoding with AVX2.

use core::arch::x86_64::*;
use core::mem::MaybeUninit;

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

/// [`decode_general`](crate::wstr::simd::decode_general) with AVX2: blocks of 16 ASCII units, blocks
/// of 8 units that are all 3-byte characters (CJK: U+0800..U+FFFF, no
/// surrogate), and one character at a time otherwise.
///
/// # Safety
/// AVX2; `dst.len() >= 3 * s.len()`.
#[target_feature(enable = "avx2")]
pub(in crate::wstr::simd) unsafe fn decode_general<const WTF8: bool>(
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
        if crate::wstr::simd::sse2::ascii16(s, i, dst, o) {
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
            match crate::wstr::simd::decode_char::<WTF8>(s, i, dst, o, &mut lone) {
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
