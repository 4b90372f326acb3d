//! The fuzz targets' checks (one module per target, each with `check(data)`) and the
//! scalar reference implementations they compare the crate against.
//!
//! The main crate's `tests/fuzz_corpus.rs` mounts this file with `#[path]` and runs
//! every stored input of `corpus/` and `regressions/` through the same checks, so a
//! regression fails `cargo test` without a fuzzer.
//!
//! Each one is written from the rule (Go's source and the Unicode tables), one
//! step at a time and without the crate's fast paths, so that a disagreement
//! points at a bug in one of the two.

pub mod cmdline;
pub mod envblock;
pub mod reparse;
pub mod sockaddr;
pub mod time;
pub mod utf16;

/// The units of `bytes` read as little-endian `u16` pairs (an odd last byte is
/// dropped).
pub fn units_le(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect()
}

/// `s` up to its first NUL.
pub fn until_nul<T: Copy + PartialEq + Default>(s: &[T]) -> &[T] {
    let zero = T::default();
    match s.iter().position(|&c| c == zero) {
        Some(n) => &s[..n],
        None => s,
    }
}

/// Go's `utf8.DecodeRune`: the character at the start of `s` and its width, or
/// `None` (Go's `RuneError, 1`) when `s` does not start with a valid UTF-8
/// sequence. UTF-8 is prefix-free, so at most one width can be valid; std's
/// validator decides which.
fn decode_rune(s: &[u8]) -> Option<(char, usize)> {
    (1..=4.min(s.len())).find_map(|w| {
        std::str::from_utf8(&s[..w])
            .ok()
            .map(|t| (t.chars().next().expect("one char"), w))
    })
}

fn push_char(out: &mut Vec<u16>, c: char) {
    let mut buf = [0u16; 2];
    out.extend_from_slice(c.encode_utf16(&mut buf));
}

/// Go's WTF-8 → UTF-16 (`syscall.UTF16FromString` on bytes, without the NUL
/// check or terminator): valid UTF-8 as usual, the 3-byte form of a surrogate
/// (`ED A0..BF 80..BF`) as that surrogate, anything else one U+FFFD per byte.
pub fn ref_wtf8_to_utf16(s: &[u8]) -> Vec<u16> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if let Some((c, w)) = decode_rune(&s[i..]) {
            push_char(&mut out, c);
            i += w;
        } else if s.len() - i >= 3
            && s[i] == 0xED
            && (0xA0..=0xBF).contains(&s[i + 1])
            && (0x80..=0xBF).contains(&s[i + 2])
        {
            let u = (u16::from(s[i] & 0x0F) << 12)
                | (u16::from(s[i + 1] & 0x3F) << 6)
                | u16::from(s[i + 2] & 0x3F);
            out.push(u);
            i += 3;
        } else {
            out.push(0xFFFD);
            i += 1;
        }
    }
    out
}

/// Go's `for _, c := range s` then `utf16.AppendRune` (what `createEnvBlock`
/// does): valid UTF-8 as usual, every other byte one U+FFFD (no WTF-8 rule).
pub fn ref_go_runes_to_utf16(s: &[u8]) -> Vec<u16> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        match decode_rune(&s[i..]) {
            Some((c, w)) => {
                push_char(&mut out, c);
                i += w;
            }
            None => {
                out.push(0xFFFD);
                i += 1;
            }
        }
    }
    out
}

/// Go's `UTF16ToString` as bytes: stops at the first NUL; a surrogate pair is
/// one 4-byte character, an unpaired surrogate its 3-byte WTF-8 form.
pub fn ref_utf16_to_wtf8(s: &[u16]) -> Vec<u8> {
    let mut out = Vec::new();
    for r in char::decode_utf16(until_nul(s).iter().copied()) {
        match r {
            Ok(c) => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
            Err(e) => {
                let u = e.unpaired_surrogate();
                out.extend_from_slice(&[
                    0xE0 | (u >> 12) as u8,
                    0x80 | ((u >> 6) & 0x3F) as u8,
                    0x80 | (u & 0x3F) as u8,
                ]);
            }
        }
    }
    out
}
