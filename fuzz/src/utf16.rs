//! Go's WTF-8 ⇄ UTF-16 rules (`src/wstr.rs`) against the scalar reference in
//! `winsyscall_fuzz`: the input as bytes (encoding direction) and as
//! little-endian units (decoding direction), and the round trip between them.

use super::{ref_utf16_to_wtf8, ref_wtf8_to_utf16, units_le, until_nul};
use winsyscall::{
    Errno, WideArg, WideCString, byte_slice_from_string, utf16_from_bytes, utf16_from_string,
    utf16_to_string, utf16_to_wtf8,
};

fn with_nul(mut v: Vec<u16>) -> Vec<u16> {
    v.push(0);
    v
}

/// Encoding a `&str`: plain UTF-16 plus a NUL, `EINVAL` on a NUL, through
/// every route.
fn check_str(s: &str) {
    let got = utf16_from_string(s);
    let via_arg = s.with_wide(|w| w.to_vec());
    let via_owned = s.to_string().with_wide(|w| w.to_vec());
    let wide = WideCString::new(s).map(|w| w.as_slice_with_nul().to_vec());
    if s.contains('\0') {
        assert_eq!(got, Err(Errno::EINVAL));
        assert_eq!(via_arg, Err(Errno::EINVAL));
        assert_eq!(via_owned, Err(Errno::EINVAL));
        assert_eq!(wide, Err(Errno::EINVAL));
        assert_eq!(byte_slice_from_string(s), Err(Errno::EINVAL));
        return;
    }
    let want = with_nul(s.encode_utf16().collect());
    assert_eq!(got.as_ref(), Ok(&want));
    assert!(want.len() <= s.len() + 1);
    assert_eq!(via_arg.as_ref(), Ok(&want));
    assert_eq!(via_owned.as_ref(), Ok(&want));
    assert_eq!(wide.as_ref(), Ok(&want));
    assert_eq!(utf16_from_bytes(s.as_bytes()).as_ref(), Ok(&want));
    assert_eq!(byte_slice_from_string(s), Ok([s.as_bytes(), &[0]].concat()));
    // Decoding gives the string back, both routes.
    assert_eq!(utf16_to_string(&want), s);
    assert_eq!(utf16_to_wtf8(&want), s.as_bytes());
}

/// Checks one input (the fuzz target's body; also replayed over the stored
/// corpus by the crate's `tests/fuzz_corpus.rs`).
pub fn check(data: &[u8]) {
    // Bytes → units, Go's rule: Err only for a NUL; ends in one NUL; at most
    // one unit per byte; equal to the reference; the std encoder on UTF-8.
    let got = utf16_from_bytes(data);
    if data.contains(&0) {
        assert_eq!(got, Err(Errno::EINVAL));
    } else {
        let v = got.unwrap();
        assert_eq!(v.last(), Some(&0));
        assert!(v.len() <= data.len() + 1);
        assert!(!v[..v.len() - 1].contains(&0));
        assert_eq!(v, with_nul(ref_wtf8_to_utf16(data)), "input {data:02x?}");
    }
    // The block kernels load unaligned vectors and overlap at the tail: also
    // start the text and the units at an offset the input picks.
    let skew = usize::from(data.first().copied().unwrap_or(0) % 32);
    if let Ok(s) = std::str::from_utf8(data) {
        check_str(s);
    }
    let lossy = String::from_utf8_lossy(data);
    check_str(&lossy);
    if lossy.is_char_boundary(skew.min(lossy.len())) {
        check_str(&lossy[skew.min(lossy.len())..]);
    }

    // Off Windows an OsStr is bytes taken by the same rule.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        for b in [data, &data[skew.min(data.len())..]] {
            let os = std::ffi::OsStr::from_bytes(b);
            assert_eq!(os.with_wide(|w| w.to_vec()), utf16_from_bytes(b));
            assert_eq!(
                WideCString::new(os).map(|w| w.as_slice_with_nul().to_vec()),
                utf16_from_bytes(b)
            );
        }
    }

    // Units → bytes → units: decoding stops at the first NUL, matches the
    // reference, and encoding its bytes gives back exactly those units.
    let all = units_le(data);
    check_units(&all);
    check_units(&all[(skew / 2).min(all.len())..]);
}

fn check_units(units: &[u16]) {
    let head = until_nul(units);
    let wtf8 = utf16_to_wtf8(units);
    assert_eq!(wtf8, ref_utf16_to_wtf8(units), "units {units:04x?}");
    assert_eq!(utf16_to_wtf8(head), wtf8);
    assert_eq!(
        utf16_from_bytes(&wtf8),
        Ok(with_nul(head.to_vec())),
        "units {units:04x?}"
    );
    assert_eq!(ref_wtf8_to_utf16(&wtf8), head);
    // The String route is std's lossy decoder up to the NUL.
    let lossy = utf16_to_string(units);
    assert_eq!(lossy, String::from_utf16_lossy(head));
    if let Ok(s) = String::from_utf16(head) {
        assert_eq!(wtf8, s.as_bytes());
        assert_eq!(lossy, s);
    }

    // WideCString from units.
    let w = WideCString::from_units_truncate(units);
    assert_eq!(w.as_slice(), head);
    assert_eq!(w.as_slice_with_nul(), &with_nul(head.to_vec())[..]);
    assert_eq!(w.len(), head.len());
    assert_eq!(w.to_wtf8(), wtf8);
    assert_eq!(w.to_string_lossy(), lossy);
    match WideCString::from_units(units.to_vec()) {
        Ok(w) => {
            assert!(!units.contains(&0));
            assert_eq!(w.as_slice(), units);
        }
        Err(e) => {
            assert_eq!(e, Errno::EINVAL);
            assert!(units.contains(&0));
        }
    }
}
