use super::simd::{ENCODE_SLACK, Encoded, Kernel, decode_with, encode_os_with, encode_with};
use proptest::prelude::*;
use std::mem::MaybeUninit;

/// Reference encoder: std's UTF-16 plus Go's NUL rule.
fn ref_encode(s: &str) -> Option<Vec<u16>> {
    (!s.contains('\0')).then(|| s.encode_utf16().collect())
}

/// Reference decoders: up to the first NUL, then std (lossy) or a plain
/// WTF-8 writer; plus whether a lone surrogate was met.
fn ref_decode(s: &[u16], wtf8: bool) -> (Vec<u8>, bool) {
    let s = &s[..s.iter().position(|&u| u == 0).unwrap_or(s.len())];
    let mut out = Vec::new();
    let mut lone = false;
    for r in char::decode_utf16(s.iter().copied()) {
        match r {
            Ok(c) => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
            Err(e) => {
                lone = true;
                let u = e.unpaired_surrogate();
                if wtf8 {
                    out.extend([
                        0xE0 | (u >> 12) as u8,
                        0x80 | ((u >> 6) & 0x3F) as u8,
                        0x80 | (u & 0x3F) as u8,
                    ]);
                } else {
                    out.extend_from_slice("\u{FFFD}".as_bytes());
                }
            }
        }
    }
    (out, lone)
}

fn check_encode(s: &str) {
    let want = ref_encode(s);
    for k in Kernel::all() {
        // Garbage-filled output, so unwritten units would show.
        let mut buf = vec![MaybeUninit::new(0xAAAAu16); s.len() + ENCODE_SLACK];
        let got = encode_with(k, s, &mut buf).map(|n| {
            // SAFETY: the buffer was fully initialised above.
            buf[..n]
                .iter()
                .map(|u| unsafe { u.assume_init() })
                .collect::<Vec<_>>()
        });
        assert_eq!(got, want, "{k:?} on {s:?}");
        let mut buf = vec![MaybeUninit::new(0xAAAAu16); s.len() + ENCODE_SLACK];
        let got = match encode_os_with(k, s.as_bytes(), &mut buf) {
            // SAFETY: the buffer was fully initialised above.
            Encoded::Units(n) => Some(
                buf[..n]
                    .iter()
                    .map(|u| unsafe { u.assume_init() })
                    .collect::<Vec<_>>(),
            ),
            Encoded::Nul => None,
            Encoded::NotUtf8 => panic!("{k:?}: valid UTF-8 called invalid: {s:?}"),
        };
        assert_eq!(got, want, "{k:?} encode_os on {s:?}");
    }
    // The public routes too.
    let mut with_nul = want.clone();
    if let Some(v) = &mut with_nul {
        v.push(0);
    }
    assert_eq!(
        super::utf16_from_string(s).ok(),
        with_nul,
        "utf16_from_string {s:?}"
    );
    assert_eq!(
        super::WideArg::with_wide(s, |w| w.to_vec()).ok(),
        with_nul,
        "with_wide {s:?}"
    );
}

fn check_decode(s: &[u16]) {
    for wtf8 in [false, true] {
        let (want, want_lone) = ref_decode(s, wtf8);
        for k in Kernel::all() {
            let mut out = b"pre".to_vec();
            let lone = if wtf8 {
                decode_with::<true>(k, s, &mut out)
            } else {
                decode_with::<false>(k, s, &mut out)
            };
            assert_eq!(&out[..3], b"pre");
            assert_eq!(out[3..], want[..], "{k:?} wtf8={wtf8} on {s:x?}");
            assert_eq!(lone, want_lone, "{k:?} lone flag on {s:x?}");
        }
    }
    assert_eq!(
        super::utf16_to_string(s).into_bytes(),
        ref_decode(s, false).0
    );
    assert_eq!(super::utf16_to_wtf8(s), ref_decode(s, true).0);
    // The `_into` routes append, after what is there and in a buffer that
    // may already have room.
    let mut into = String::from("pré");
    super::utf16_to_string_into(s, &mut into);
    assert_eq!(into.as_bytes()[..4], *"pré".as_bytes());
    assert_eq!(into.as_bytes()[4..], ref_decode(s, false).0, "_into {s:x?}");
    let mut into = Vec::with_capacity(400);
    into.push(b'p');
    super::utf16_to_wtf8_into(s, &mut into);
    assert_eq!(into[1..], ref_decode(s, true).0, "wtf8 _into {s:x?}");
    #[cfg(windows)]
    {
        use std::os::windows::ffi::OsStringExt;
        let want =
            std::ffi::OsString::from_wide(&s[..s.iter().position(|&u| u == 0).unwrap_or(s.len())]);
        assert_eq!(
            super::utf16_to_os_string(s),
            want,
            "utf16_to_os_string on {s:x?}"
        );
        for pre in [
            std::ffi::OsString::from("pré"),
            std::ffi::OsString::from_wide(&[0xD800]),
        ] {
            let mut into = pre.clone();
            super::utf16_to_os_string_into(s, &mut into);
            let mut expect = pre;
            expect.push(&want);
            assert_eq!(into, expect, "utf16_to_os_string_into on {s:x?}");
        }
    }
}

/// On Windows an `OsStr` holding a lone surrogate is not UTF-8: the
/// SIMD route hands it to the exact one, which keeps the surrogate.
#[cfg(windows)]
#[test]
fn lone_surrogate_os_str_keeps_its_unit() {
    use crate::WideArg;
    use std::os::windows::ffi::OsStringExt;
    for n in [0, 1, 31, 32, 100, 300] {
        let mut units = vec![0x61u16; n];
        units.extend([0xD800, 0x62]);
        let os = std::ffi::OsString::from_wide(&units);
        let mut want = units.clone();
        want.push(0);
        assert_eq!(os.as_os_str().with_wide(|w| w.to_vec()).unwrap(), want);
        units.push(0);
        let os = std::ffi::OsString::from_wide(&units);
        assert_eq!(os.with_wide(|_| ()), Err(crate::Errno::EINVAL));
    }
}

/// Characters of every UTF-8 width, and NUL.
const PROBES: [char; 9] = [
    '\0',
    'é',
    '߿',
    'ࠀ',
    '世',
    '\u{FFFF}',
    '😃',
    '\u{10000}',
    '\u{10FFFF}',
];

// Miri interprets every step, so under it the exhaustive sweeps below keep
// every block edge (16, 32 and 64 bytes or units) but visit fewer lengths,
// positions and probes; natively they run in full.

/// The lengths a sweep visits: 0..=100 plus `long` natively; the lengths
/// around each block edge under Miri.
fn lengths(long: &[usize]) -> Vec<usize> {
    if cfg!(miri) {
        vec![0, 15, 16, 17, 32, 33, 65]
    } else {
        (0..=100).chain(long.iter().copied()).collect()
    }
}

/// The positions a probe is put at in a string of `len` (at most 100).
fn positions(len: usize) -> Vec<usize> {
    if cfg!(miri) {
        let mut v = vec![0, len];
        v.dedup();
        v
    } else {
        (0..=len.min(100)).collect()
    }
}

/// The probe characters: all of them natively; NUL, a 3-byte and a
/// 4-byte character under Miri.
fn probes() -> Vec<char> {
    if cfg!(miri) {
        vec!['\0', '世', '😃']
    } else {
        PROBES.to_vec()
    }
}

/// Every item of `r` natively; only `few` under Miri.
fn thin(r: std::ops::RangeInclusive<usize>, few: &[usize]) -> Vec<usize> {
    if cfg!(miri) {
        few.to_vec()
    } else {
        r.collect()
    }
}

#[test]
fn encode_every_length_and_position() {
    // ASCII strings of every length, read from every start offset (so the
    // loads are unaligned in every way), with each probe at every position.
    let base: String = (0..140u8).map(|i| (b'!' + i % 90) as char).collect();
    for len in lengths(&[127, 128, 129, 255, 256, 262, 263, 264, 1000, 4096, 4099]) {
        let ascii: String = base.chars().cycle().take(len).collect();
        for off in 0..4 {
            let padded = format!("{}{ascii}", &base[..off]);
            check_encode(&padded[off..]);
        }
        for pos in positions(len) {
            for c in probes() {
                let mut s = ascii.clone();
                s.insert(pos, c);
                check_encode(&s);
            }
        }
        if len > 100 {
            for pos in [
                len - 33,
                len - 32,
                len - 31,
                len - 17,
                len - 16,
                len - 15,
                len - 2,
                len - 1,
                len,
            ] {
                for c in PROBES {
                    let mut s = ascii.clone();
                    s.insert(pos, c);
                    check_encode(&s);
                }
            }
        }
    }
}

#[test]
fn encode_runs_of_each_width() {
    // Runs of one probe, shifted by 0..=20 ASCII bytes, so characters
    // straddle every block edge (a 4-byte lead on byte 15, and so on).
    for c in probes().into_iter().filter(|&c| c != '\0') {
        for n in thin(0..=70, &[5, 17]) {
            let run: String = std::iter::repeat_n(c, n).collect();
            for shift in thin(0..=20, &[0, 15]) {
                let s = format!("{}{run}", "a".repeat(shift));
                check_encode(&s);
                check_encode(&format!("{s}z"));
                check_encode(&format!("{s}\0"));
            }
        }
    }
}

#[test]
fn decode_every_length_and_position() {
    let probes: [&[u16]; 10] = [
        &[0],
        &[0x80],
        &[0x7FF],
        &[0x800],
        &[0xFFFF],
        &[0xD800],
        &[0xDFFF],
        &[0xD83D, 0xDE03],
        &[0xDBFF, 0xDFFF],
        &[0xDC00, 0xD800],
    ];
    let base: Vec<u16> = (0..5000u32).map(|i| 0x21 + (i % 90) as u16).collect();
    let offsets = if cfg!(miri) { 0..2 } else { 0..4 };
    for len in lengths(&[127, 128, 129, 255, 256, 1000, 4096, 4099]) {
        for off in offsets.clone() {
            check_decode(&base[off..off + len]);
        }
        let positions: Vec<usize> = if len <= 100 {
            positions(len)
        } else {
            vec![0, 1, 15, 16, 31, 32, 33, len - 32, len - 16, len - 1, len]
        };
        // Under Miri: NUL, a lone and a paired surrogate.
        let probes: Vec<&[u16]> = if cfg!(miri) {
            [0, 5, 7].map(|i| probes[i]).to_vec()
        } else {
            probes.to_vec()
        };
        for pos in positions {
            for &p in &probes {
                let mut v = base[..len].to_vec();
                v.splice(pos..pos, p.iter().copied());
                check_decode(&v);
                check_decode(&v[1.min(v.len())..]);
            }
        }
    }
}

/// The 16-unit blocks of the AVX2 decoder on text of every class: bases of
/// 2-byte, 3-byte, surrogate-pair and mixed characters, cut to every length
/// (a cut may leave a lone high surrogate last), with each probe (NUL,
/// every width, lone surrogates of both kinds, a pair, a reversed pair)
/// put at every position, so that every class and every lone surrogate
/// sits on every block edge, and pairs are split at every position.
#[test]
fn decode_every_position_in_every_class() {
    let bases: [&[u16]; 4] = [
        &[0xE9, 0x41F, 0x7FF, 0x80],
        &[0x4E16, 0x3042, 0xFFFF, 0x800, 0xD7FF, 0xE000],
        &[
            0xD83D, 0xDE03, 0xD834, 0xDD1E, 0xDBFF, 0xDFFF, 0xD800, 0xDC00,
        ],
        &[
            0x41, 0xE9, 0x4E16, 0xD83D, 0xDE03, 0x20, 0x7FF, 0xDBFF, 0xDFFF,
        ],
    ];
    let probes: [&[u16]; 10] = [
        &[0],
        &[0x61],
        &[0x7FF],
        &[0x800],
        &[0xD800],
        &[0xDBFF],
        &[0xDC00],
        &[0xDFFF],
        &[0xD83D, 0xDE03],
        &[0xDC00, 0xD800],
    ];
    let probes: Vec<&[u16]> = if cfg!(miri) {
        [0, 4, 7, 8].map(|i| probes[i]).to_vec()
    } else {
        probes.to_vec()
    };
    let lens: Vec<usize> = if cfg!(miri) {
        vec![0, 15, 16, 17, 33]
    } else {
        (0..=70).collect()
    };
    for base in bases {
        let text: Vec<u16> = base.iter().copied().cycle().take(80).collect();
        for &len in &lens {
            check_decode(&text[..len]);
            check_decode(&text[1..=len]);
            let at: Vec<usize> = if cfg!(miri) {
                vec![0, 15, 16, len]
            } else {
                (0..=len).collect()
            };
            for &pos in at.iter().filter(|&&p| p <= len) {
                for &p in &probes {
                    let mut v = text[..len].to_vec();
                    v.splice(pos..pos, p.iter().copied());
                    check_decode(&v);
                    check_decode(&v[1.min(v.len())..]);
                }
            }
        }
    }
}

/// Texts built from weighted pieces: long ASCII runs, CJK, 2-byte, astral,
/// rare NUL.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => "[ -~]{1,40}",
        3 => "[\u{4E00}-\u{9FFF}]{1,20}",
        2 => "[\u{80}-\u{7FF}]{1,10}",
        2 => "[\u{10000}-\u{10FFFF}]{1,6}",
        1 => "[\u{800}-\u{D7FF}\u{E000}-\u{FFFF}]{1,6}",
        1 => Just("\0".to_string()),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// Units: ASCII runs, BMP, pairs, lone surrogates, rare NUL.
fn units() -> impl Strategy<Value = Vec<u16>> {
    let piece = prop_oneof![
        6 => proptest::collection::vec(1u16..0x80, 1..48),
        3 => proptest::collection::vec(0x80u16..=0xFFFF, 1..20),
        2 => (0xD800u16..0xDC00, 0xDC00u16..0xE000).prop_map(|(h, l)| vec![h, l]),
        1 => (0xD800u16..0xE000).prop_map(|u| vec![u]),
        1 => Just(vec![0u16]),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn check_validate(b: &[u8]) {
    let want = std::str::from_utf8(b).ok();
    for k in Kernel::all() {
        assert_eq!(super::simd::to_str_with(k, b), want, "{k:?} on {b:x?}");
        let mut buf = vec![MaybeUninit::new(0u16); b.len() + ENCODE_SLACK];
        let got = encode_os_with(k, b, &mut buf);
        match want {
            None => assert_eq!(got, Encoded::NotUtf8, "{k:?} encode_os on {b:x?}"),
            Some(s) if s.contains('\0') => {
                assert_eq!(got, Encoded::Nul, "{k:?} encode_os on {b:x?}")
            }
            Some(s) => assert_eq!(
                got,
                Encoded::Units(s.encode_utf16().count()),
                "{k:?} encode_os on {b:x?}"
            ),
        }
    }
}

#[test]
fn validate_every_sequence_at_every_position() {
    // Every 1- to 3-byte sequence of "interesting" bytes (all leads and
    // boundaries of continuation ranges), at block edges and in the tail.
    let interesting: Vec<u8> = [
        0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
        0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFF,
    ]
    .to_vec();
    let mut seqs: Vec<Vec<u8>> = Vec::new();
    for &a in &interesting {
        seqs.push(vec![a]);
        for &b in &interesting {
            seqs.push(vec![a, b]);
            for &c in &interesting {
                seqs.push(vec![a, b, c, 0x80]);
                seqs.push(vec![a, b, c, 0x80, 0x80]);
            }
        }
    }
    // Under Miri every 1999th sequence, across the first block edge only.
    let (stride, at): (usize, &[usize]) = if cfg!(miri) {
        (1999, &[31])
    } else {
        (1, &[0, 13, 28, 29, 30, 31, 32, 33, 61, 62, 63, 64, 70])
    };
    for &pos in at {
        for q in seqs.iter().step_by(stride) {
            let mut v = vec![b'a'; pos];
            v.extend_from_slice(q);
            check_validate(&v);
            v.extend_from_slice(&[b'z'; 40]);
            check_validate(&v);
        }
    }
}

proptest! {
    // Under Miri the case count comes from PROPTEST_CASES (default 256).
    #![proptest_config(ProptestConfig::with_cases(if cfg!(miri) { ProptestConfig::default().cases } else { 2000 }))]

    #[test]
    fn validate_matches_std(s in text(), flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..3), raw in proptest::collection::vec(any::<u8>(), 0..80)) {
        let mut b = s.into_bytes();
        check_validate(&b);
        for (at, byte) in flips {
            if !b.is_empty() {
                let n = b.len();
                b[at % n] = byte;
            }
        }
        check_validate(&b);
        check_validate(&raw);
    }

    #[test]
    fn encode_matches_reference(s in text(), off in 0usize..8) {
        let padded = format!("{}{s}", "x".repeat(off));
        check_encode(&padded[off..]);
        check_encode(&s);
    }

    #[test]
    fn decode_matches_reference(v in units(), off in 0usize..4) {
        let mut padded = vec![0x41u16; off];
        padded.extend_from_slice(&v);
        check_decode(&padded[off..]);
        check_decode(&padded);
    }
}
