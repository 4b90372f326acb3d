//! UTF-8 validation with AVX2.

use super::tail_vectors;
use core::arch::x86_64::*;

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
pub(in crate::wstr::simd) unsafe fn validate_utf8(b: &[u8]) -> bool {
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
