//! SSE2 kernels (always present on x86_64).

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
