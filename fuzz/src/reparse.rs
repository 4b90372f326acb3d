//! `parse_reparse_buffer` on arbitrary bytes, against a field-by-field reference
//! parser; the Ok result's invariants (`to_bytes` round trip, Go's `Readlink`
//! rules); and the path rewrites of the same module on the bytes as UTF-16.

use super::{units_le, until_nul};
use arbitrary::{Arbitrary, Unstructured};
use winsyscall::{
    Errno, IO_REPARSE_TAG_MOUNT_POINT, IO_REPARSE_TAG_SYMLINK, LONG_PATH_THRESHOLD,
    MAXIMUM_REPARSE_DATA_BUFFER_SIZE, ReparseTarget, fix_long_path, parse_reparse_buffer,
    remove_extended_prefix, utf16_to_wtf8,
};

const BAD: Errno = Errno::ERROR_INVALID_REPARSE_DATA;

fn le16(b: &[u8], at: usize) -> usize {
    usize::from(u16::from_le_bytes([b[at], b[at + 1]]))
}

/// The documented layout and error rules, one check at a time.
fn reference(buf: &[u8]) -> Result<ReparseTarget, Errno> {
    if buf.len() < 8 {
        return Err(BAD);
    }
    let tag = u32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]]);
    let fixed = match tag {
        IO_REPARSE_TAG_SYMLINK => 12,
        IO_REPARSE_TAG_MOUNT_POINT => 8,
        _ => return Err(Errno::ENOENT),
    };
    let data_len = le16(buf, 4);
    if 8 + data_len > buf.len() || data_len < fixed {
        return Err(BAD);
    }
    let data = &buf[8..8 + data_len];
    let flags = if fixed == 12 {
        u32::from_le_bytes([data[8], data[9], data[10], data[11]])
    } else {
        0
    };
    let path = &data[fixed..];
    let name = |field: usize| -> Result<Vec<u16>, Errno> {
        let (off, len) = (le16(data, field), le16(data, field + 2));
        if off % 2 == 1 || len % 2 == 1 || off + len > path.len() {
            return Err(BAD);
        }
        Ok(units_le(&path[off..off + len]))
    };
    Ok(ReparseTarget {
        tag,
        substitute_name: name(0)?,
        print_name: name(4)?,
        flags,
    })
}

fn w(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

/// Go's `Readlink` rules as its doc states them.
fn reference_go_target(t: &ReparseTarget) -> Vec<u16> {
    let s = until_nul(&t.substitute_name);
    let Some(rest) = s.strip_prefix(&w(r"\??\")[..]) else {
        return s.to_vec();
    };
    if t.tag == IO_REPARSE_TAG_MOUNT_POINT {
        return rest.to_vec();
    }
    if t.flags & 1 != 0 {
        return s.to_vec();
    }
    if rest.len() >= 2 && rest[1] == u16::from(b':') {
        return rest.to_vec();
    }
    match rest.strip_prefix(&w(r"UNC\")[..]) {
        Some(tail) => [&w(r"\\")[..], tail].concat(),
        None => rest.to_vec(),
    }
}

fn check_target(t: &ReparseTarget) {
    assert!(t.tag == IO_REPARSE_TAG_SYMLINK || t.tag == IO_REPARSE_TAG_MOUNT_POINT);
    if t.tag == IO_REPARSE_TAG_MOUNT_POINT {
        assert_eq!(t.flags, 0, "a mount point has no Flags field");
    }
    assert_eq!(
        t.is_relative(),
        t.tag == IO_REPARSE_TAG_SYMLINK && t.flags & 1 != 0
    );
    let go = t.go_target();
    assert_eq!(go, reference_go_target(t));
    assert!(!go.contains(&0));
    assert_eq!(t.go_target_wtf8(), utf16_to_wtf8(&go));
    assert_eq!(t.to_string_lossy(), String::from_utf16_lossy(&go));

    // to_bytes fails only when the names do not fit a 16 KiB buffer, and
    // otherwise reads back as the same target.
    let fixed = if t.tag == IO_REPARSE_TAG_SYMLINK {
        12
    } else {
        8
    };
    let size = 8 + fixed + 2 * (t.substitute_name.len() + t.print_name.len()) + 4;
    match t.to_bytes() {
        Ok(b) => {
            assert!(size <= MAXIMUM_REPARSE_DATA_BUFFER_SIZE);
            assert_eq!(b.len(), size);
            assert_eq!(parse_reparse_buffer(&b).as_ref(), Ok(t));
        }
        Err(e) => {
            assert_eq!(e, BAD);
            assert!(size > MAXIMUM_REPARSE_DATA_BUFFER_SIZE, "{size}");
        }
    }
}

/// A target built from the fuzz input: `to_bytes` then parse gives it back.
#[derive(Debug, Arbitrary)]
struct Built {
    symlink: bool,
    substitute_name: Vec<u16>,
    print_name: Vec<u16>,
    flags: u32,
}

fn is_sep(c: u16) -> bool {
    c == u16::from(b'\\') || c == u16::from(b'/')
}

fn check_paths(path: &[u16]) {
    // remove_extended_prefix: exactly the two documented rewrites.
    let got = remove_extended_prefix(path);
    let want = match path.strip_prefix(&w(r"\\?\")[..]) {
        Some(rest) => match rest.strip_prefix(&w(r"UNC\")[..]) {
            Some(tail) => [&w(r"\\")[..], tail].concat(),
            None => rest.to_vec(),
        },
        None => path.to_vec(),
    };
    assert_eq!(got, want);

    // fix_long_path: short paths stay; a rewrite is an extended, normalised,
    // absolute path that is itself left alone.
    let fixed = fix_long_path(path);
    if path.len() < LONG_PATH_THRESHOLD {
        assert_eq!(fixed, None);
    }
    let Some(p) = fixed else { return };
    let ext = w(r"\\?\");
    assert!(p.starts_with(&ext), "{:?}", String::from_utf16_lossy(&p));
    assert!(!p.contains(&u16::from(b'/')));
    assert_eq!(
        fix_long_path(&p),
        None,
        "a rewritten path is rewritten again"
    );
    let rest = &p[ext.len()..];
    let is_drive = rest.len() >= 3 && rest[1] == u16::from(b':');
    let is_unc = rest.starts_with(&w(r"UNC\"));
    assert!(is_drive || is_unc);
    let comps: Vec<&[u16]> = if is_drive {
        assert!(is_sep(path[2]) && path[0] == rest[0]);
        rest[3..].split(|&c| c == u16::from(b'\\')).collect()
    } else {
        // UNC\server\share\…: server and share are kept and non-empty.
        let mut parts = rest[4..].split(|&c| c == u16::from(b'\\'));
        assert!(!parts.next().unwrap_or_default().is_empty());
        assert!(!parts.next().unwrap_or_default().is_empty());
        parts.collect()
    };
    // The root alone keeps its separator (one empty component); otherwise no
    // component is empty, `.` or `..`.
    if comps != [&[][..]] {
        for comp in comps {
            assert!(!comp.is_empty(), "{:?}", String::from_utf16_lossy(&p));
            assert_ne!(comp, &w(".")[..]);
            assert_ne!(comp, &w("..")[..]);
        }
    }
}

/// Checks one input (the fuzz target's body; also replayed over the stored
/// corpus by the crate's `tests/fuzz_corpus.rs`).
pub fn check(data: &[u8]) {
    let got = parse_reparse_buffer(data);
    assert_eq!(got, reference(data), "input {data:02x?}");
    if let Ok(t) = &got {
        check_target(t);
    }

    let mut u = Unstructured::new(data);
    if let Ok(b) = Built::arbitrary(&mut u) {
        let t = ReparseTarget {
            tag: if b.symlink {
                IO_REPARSE_TAG_SYMLINK
            } else {
                IO_REPARSE_TAG_MOUNT_POINT
            },
            flags: if b.symlink { b.flags } else { 0 },
            substitute_name: b.substitute_name,
            print_name: b.print_name,
        };
        check_target(&t);
    }

    check_paths(&units_le(data));
}
