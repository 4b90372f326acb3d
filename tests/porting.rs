//! What docs/PORTING.md promises a Go programmer: out-values that come back
//! with the error, and error categories that agree with std.
#![cfg(windows)]

mod common;

use common::regkey::TestKey;
use std::io::ErrorKind;
use winsyscall::*;

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain([0]).collect()
}

#[test]
fn reg_query_value_ex_reports_type_and_size_with_more_data() {
    let key = TestKey::new("moredata");
    let text: Vec<u8> = wide("hello, porter")
        .iter()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    assert_eq!(text.len(), 28);
    key.set("text", REG_SZ, &text);
    key.set("blob", REG_BINARY, &[7u8; 100]);
    let k = RegKey::CURRENT_USER.open(&key.0).unwrap();

    // Go: RegQueryValueEx(k, name, nil, &typ, &buf[0], &n) fails with
    // ERROR_MORE_DATA, and typ and n hold the type and the size needed.
    let mut small = [0u8; 4];
    let e = reg_query_value_ex(&k, "text", Some(&mut small)).unwrap_err();
    assert_eq!(e.errno, Errno::ERROR_MORE_DATA);
    assert_eq!(
        e.value,
        RegValueInfo {
            value_type: REG_SZ,
            len: 28
        }
    );
    let e = reg_query_value_ex(&k, "blob", Some(&mut small)).unwrap_err();
    assert_eq!(
        (e.errno, e.value.value_type, e.value.len),
        (Errno::ERROR_MORE_DATA, REG_BINARY, 100)
    );

    // The second call, sized from the error, reads it all.
    let mut buf = vec![0u8; e.value.len as usize];
    let got = reg_query_value_ex(&k, "blob", Some(&mut buf)).unwrap();
    assert_eq!((got.value_type, got.len), (REG_BINARY, 100));
    assert_eq!(buf, [7u8; 100]);

    // `?` turns the error into a plain Errno (and an io::Error keeps the code).
    fn read_into(k: &RegKey, buf: &mut [u8]) -> winsyscall::Result<RegValueInfo> {
        Ok(reg_query_value_ex(k, "text", Some(buf))?)
    }
    assert_eq!(read_into(&k, &mut small), Err(Errno::ERROR_MORE_DATA));
    let io: std::io::Error = reg_query_value_ex(&k, "text", Some(&mut small))
        .unwrap_err()
        .into();
    assert_eq!(io.raw_os_error(), Some(234));

    // Other errors carry the error as the table of codes says.
    let e = reg_query_value_ex(&k, "missing", None).unwrap_err();
    assert_eq!(e, Errno::ERROR_FILE_NOT_FOUND);
    assert!(e.errno.is_not_exist());
    let e = reg_query_value_ex(&k, "bad\0name", Some(&mut small)).unwrap_err();
    assert_eq!(e, ErrnoWith::new(Errno::EINVAL, RegValueInfo::default()));
}

/// Std's kind for a raw Windows code, with the kinds stable code cannot name
/// (`Uncategorized`, `FilesystemLoop`) written `Other`, as `Errno::kind` does.
fn std_kind(code: u32) -> ErrorKind {
    let k = std::io::Error::from_raw_os_error(code as i32).kind();
    match format!("{k:?}").as_str() {
        "Uncategorized" | "FilesystemLoop" => ErrorKind::Other,
        _ => k,
    }
}

#[test]
fn errno_kind_is_what_std_decodes() {
    for code in 0..=20_000u32 {
        let e = Errno(code);
        assert_eq!(e.kind(), std_kind(code), "code {code}");
        // `?` into io::Error keeps that kind too.
        assert_eq!(
            std::io::Error::from(e).kind(),
            std::io::Error::from_raw_os_error(code as i32).kind()
        );
    }
    // 50 and 1314: Go calls 50 unsupported, std has no kind for either.
    assert_eq!(Errno::ERROR_NOT_SUPPORTED.kind(), std_kind(50));
    assert_eq!(Errno::ERROR_PRIVILEGE_NOT_HELD.kind(), std_kind(1314));
}
