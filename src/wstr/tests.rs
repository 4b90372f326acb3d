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
    (
        b"\xED\xA0\x80\xF0\x9D\x8C\x86\xED\xA0\x80",
        &[0xD800, 0xD834, 0xDF06, 0xD800],
    ),
    (b"\xED\xA6\xAF", &[0xD9AF]),
    (b"\xED\xAF\xBF", &[0xDBFF]),
    (b"\xED\xB0\x80", &[0xDC00]),
    (b"\xED\xB0\x80\xED\xB0\x80", &[0xDC00, 0xDC00]),
    (b"\xED\xB0\x80\x0A", &[0xDC00, 0x000A]),
    (
        b"\xED\xB0\x80\xF0\x9D\x8C\x86\xED\xB0\x80",
        &[0xDC00, 0xD834, 0xDF06, 0xDC00],
    ),
    (b"\xED\xBB\xAE", &[0xDEEE]),
    (b"\xED\xBF\xBF", &[0xDFFF]),
    (b"\xF0\x90\x80\x80", &[0xD800, 0xDC00]),
    (b"\xF0\x9D\x8C\x86", &[0xD834, 0xDF06]),
    (b"\xF4\x8F\xBF\xBF", &[0xDBFF, 0xDFFF]),
];

#[test]
fn empty_input_decodes_without_allocating() {
    for s in [&[][..], &[0][..], &[0, 0x41][..]] {
        assert_eq!(utf16_to_string(s).capacity(), 0, "{s:x?}");
        assert_eq!(utf16_to_wtf8(s).capacity(), 0, "{s:x?}");
        let mut into = String::new();
        utf16_to_string_into(s, &mut into);
        assert_eq!(into.capacity(), 0, "{s:x?}");
    }
}

/// `WideCString`'s length, emptiness, `AsRef` (units without the NUL) and
/// `Debug` (the lossy text, quoted).
#[test]
fn wide_c_string_views() {
    let w = WideCString::new("hi").unwrap();
    assert_eq!((w.len(), w.is_empty()), (2, false));
    assert_eq!(AsRef::<[u16]>::as_ref(&w), [0x68, 0x69]);
    assert_eq!(format!("{w:?}"), "\"hi\"");
    #[cfg(windows)]
    assert_eq!(w.to_os_string(), OsString::from("hi"));
    let e = WideCString::default();
    assert_eq!((e.len(), e.is_empty()), (0, true));
    assert_eq!(AsRef::<[u16]>::as_ref(&e), [0u16; 0]);
    assert_eq!(format!("{e:?}"), "\"\"");
}

/// Every 4-byte lead byte (F0, F1..F3, F4) encodes to its surrogate pair,
/// as Go's `UTF16FromString` does.
#[test]
fn every_four_byte_lead_encodes_its_pair() {
    for c in [
        '\u{10000}',
        '\u{3FFFF}',
        '\u{40000}',
        '\u{7FFFF}',
        '\u{C0000}',
        '\u{FFFFF}',
        '\u{100000}',
        '\u{10FFFF}',
    ] {
        let s = c.to_string();
        let mut want: Vec<u16> = s.encode_utf16().collect();
        let mut enc = Vec::new();
        encode_wtf8_into(s.as_bytes(), &mut enc);
        assert_eq!(enc, want, "{c:?}");
        want.push(0);
        assert_eq!(utf16_from_bytes(s.as_bytes()), Ok(want), "{c:?}");
    }
    assert_eq!(
        utf16_from_bytes("\u{50000}".as_bytes()),
        Ok(vec![0xD900, 0xDC00, 0])
    );
}

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
        // The public routes: bytes in, units (plus NUL) out, and back.
        if !bytes.contains(&0) {
            assert_eq!(utf16_from_bytes(bytes), Ok(with_nul_cut.clone()));
            assert_eq!(utf16_to_wtf8(&with_nul_cut), *bytes);
            if let Ok(s) = core::str::from_utf8(bytes) {
                assert_eq!(utf16_from_string(s), Ok(with_nul_cut.clone()));
                assert_eq!(utf16_to_string(&with_nul_cut), s);
            } else {
                assert_eq!(
                    utf16_to_string(&with_nul_cut),
                    String::from_utf16_lossy(units)
                );
            }
        }
    }
}

#[test]
fn go_fuzz_seeds_and_invalid_bytes() {
    // FuzzUTF16FromString's seeds: only NUL may error; ends in 0; len <= len+1.
    for s in [
        &b"hi"[..],
        "â".as_bytes(),
        "ねこ".as_bytes(),
        "😃".as_bytes(),
        b"\x90",
        b"\xe3\x81",
        b"\xe3\xc1\x81",
    ] {
        let v = utf16_from_bytes(s).unwrap();
        assert_eq!(*v.last().unwrap(), 0);
        assert!(v.len() <= s.len() + 1);
    }
    assert_eq!(utf16_from_bytes(b"\xe3\x81").unwrap(), [0xFFFD, 0xFFFD, 0]);
    assert_eq!(
        utf16_from_bytes(b"\xe3\xc1\x81").unwrap(),
        [0xFFFD, 0xFFFD, 0xFFFD, 0]
    );
    // Overlong and out-of-range forms are one U+FFFD per byte.
    assert_eq!(utf16_from_bytes(b"\xC0\xAF").unwrap(), [0xFFFD, 0xFFFD, 0]);
    assert_eq!(
        utf16_from_bytes(b"\xF4\x90\x80\x80").unwrap(),
        [0xFFFD; 4].iter().copied().chain([0]).collect::<Vec<_>>()
    );
    // A paired surrogate written as two WTF-8 halves stays two units.
    assert_eq!(
        utf16_from_bytes(b"\xED\xA0\x80\xED\xB0\x80").unwrap(),
        [0xD800, 0xDC00, 0]
    );
    assert_eq!(utf16_to_wtf8(&[0xD800, 0xDC00]), b"\xF0\x90\x80\x80");
}

/// Overlong forms (a code point written with more bytes than it needs) are
/// invalid: each byte becomes U+FFFD, exactly as Go's `utf8.DecodeRune`
/// rejects them. Above all, the overlong forms of U+0000 must never decode to
/// a NUL unit, which would slip past the NUL check (done on the bytes) and
/// cut the string short at the Win32 call.
#[test]
fn overlong_forms_are_replaced_never_nul() {
    let r = 0xFFFDu16;
    let cases: &[(&[u8], &[u16])] = &[
        (b"\xC0\x80", &[r, r]),               // U+0000 in 2 bytes
        (b"\xC1\xBF", &[r, r]),               // U+007F in 2 bytes
        (b"\xE0\x80\x80", &[r, r, r]),        // U+0000 in 3 bytes
        (b"\xE0\x80\xAF", &[r, r, r]),        // '/' in 3 bytes
        (b"\xE0\x9F\xBF", &[r, r, r]),        // U+07FF in 3 bytes
        (b"\xF0\x80\x80\x80", &[r, r, r, r]), // U+0000 in 4 bytes
        (b"\xF0\x8F\xBF\xBF", &[r, r, r, r]), // U+FFFF in 4 bytes
        (b"a\xE0\x80\x80b", &[0x61, r, r, r, 0x62]),
        (b"\xE0\xA0\x80", &[0x0800]), // the shortest valid 3-byte form
        (b"\xF0\x90\x80\x80", &[0xD800, 0xDC00]), // the shortest valid 4-byte form
    ];
    for (bytes, want) in cases {
        let mut with_nul = want.to_vec();
        with_nul.push(0);
        assert_eq!(utf16_from_bytes(bytes).unwrap(), with_nul, "{bytes:x?}");
        let mut raw = Vec::new();
        encode_wtf8_into(bytes, &mut raw);
        assert_eq!(&raw[..], *want, "{bytes:x?}");
        // The OsStr route (arbitrary bytes exist only off Windows).
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let got = OsStr::from_bytes(bytes).with_wide(|w| w.to_vec());
            assert_eq!(got.unwrap(), with_nul, "OsStr {bytes:x?}");
        }
    }
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

/// Windows: an `OsStr` holding a lone surrogate takes the unit-by-unit
/// route; its units come out exact at every length around the stack
/// buffer's, and a NUL anywhere is `EINVAL`.
#[cfg(windows)]
#[test]
fn lone_surrogate_os_strings_spill_to_heap_exactly() {
    use std::os::windows::ffi::OsStringExt;
    for n in [
        0,
        1,
        STACK_WIDE_LEN - 3,
        STACK_WIDE_LEN - 2,
        STACK_WIDE_LEN - 1,
        STACK_WIDE_LEN,
        STACK_WIDE_LEN + 1,
        1000,
    ] {
        let mut units = vec![0xD800];
        units.extend(std::iter::repeat_n(0x61, n));
        let os = OsString::from_wide(&units);
        let v = os.as_os_str().with_wide(|w| w.to_vec()).unwrap();
        units.push(0);
        assert_eq!(v, units, "{n}");
        units[n / 2 + 1] = 0;
        let os = OsString::from_wide(&units[..n + 1]);
        let r = os.as_os_str().with_wide(|_| ());
        assert_eq!(r, if n == 0 { Ok(()) } else { Err(Errno::EINVAL) }, "{n}");
    }
}

#[test]
fn long_inputs_spill_to_heap_exactly() {
    for n in [
        0,
        1,
        STACK_WIDE_LEN - 2,
        STACK_WIDE_LEN - 1,
        STACK_WIDE_LEN,
        STACK_UTF8_BYTES / 3 - 1,
        STACK_UTF8_BYTES / 3,
        STACK_UTF8_BYTES / 2,
        STACK_UTF8_BYTES - 1,
        STACK_UTF8_BYTES,
        STACK_UTF8_BYTES + 1,
        5000,
    ] {
        for (c, unit) in [('a', 0x61u16), ('é', 0xE9), ('ね', 0x306D)] {
            let s = c.to_string().repeat(n);
            let v = s.as_str().with_wide(|w| w.to_vec()).unwrap();
            assert_eq!(v.len(), n + 1);
            assert_eq!(v[n], 0);
            assert!(v[..n].iter().all(|&u| u == unit));
        }
    }
}

#[test]
#[allow(deprecated)]
fn deprecated_forms_panic_on_nul_like_go() {
    assert_eq!(string_to_utf16("ab"), [0x61, 0x62, 0]);
    assert_eq!(
        string_to_utf16_ptr("ab").as_slice_with_nul(),
        [0x61, 0x62, 0]
    );
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
    assert_eq!(
        WideCString::from_units_truncate(&[0x61, 0, 0x62]).as_slice(),
        [0x61]
    );
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
fn decode_into_appends_and_reuses_capacity() {
    // Appends after what is there; lossy / exact as the allocating routes.
    let mut s = String::from("a/");
    utf16_to_string_into(&[0x62, 0xD800, 0x4E16, 0xD83D, 0xDE03, 0, 0x78], &mut s);
    assert_eq!(s, "a/b\u{FFFD}世😃");
    let mut b = b"a/".to_vec();
    utf16_to_wtf8_into(&[0x62, 0xD800, 0x4E16, 0xD83D, 0xDE03, 0, 0x78], &mut b);
    assert_eq!(b, b"a/b\xED\xA0\x80\xE4\xB8\x96\xF0\x9F\x98\x83");
    // A buffer with room for three bytes a unit plus 32 is never
    // reallocated, whatever the text: the same allocation all along.
    let names: Vec<Vec<u16>> = ["x", "é", "ねこ", "😃", "Grüße, 世界! 😃 done."]
        .iter()
        .map(|n| n.repeat(30).encode_utf16().collect())
        .collect();
    let most = names.iter().map(|n| 3 * n.len() + 32).max().unwrap();
    let mut s = String::with_capacity(most);
    let mut b = Vec::with_capacity(most);
    let (sp, bp) = (s.as_ptr(), b.as_ptr());
    for _ in 0..3 {
        for n in &names {
            s.clear();
            utf16_to_string_into(n, &mut s);
            assert_eq!(s, String::from_utf16(n).unwrap());
            b.clear();
            utf16_to_wtf8_into(n, &mut b);
            assert_eq!(b, s.as_bytes());
            assert_eq!((s.as_ptr(), b.as_ptr()), (sp, bp), "reallocated");
            assert_eq!((s.capacity(), b.capacity()), (most, most));
        }
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
