//! The registry, under Wine (or Windows).
#![cfg(windows)]

mod common;

use common::regkey::TestKey;
use winsyscall::*;

const CURRENT_VERSION: &str = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion";

#[test]
fn current_version_is_enumerated_and_read() {
    let k = RegKey::LOCAL_MACHINE.open(CURRENT_VERSION).unwrap();
    let info = k.info().unwrap();
    assert!(info.values > 0 && info.sub_keys > 0, "{info:?}");
    assert_eq!(reg_query_info_key(&k), Ok(info.clone()));
    assert_ne!(info.last_write_time, Filetime::default());

    let subkeys: Vec<String> = k.subkeys().collect::<Result<_>>().unwrap();
    assert_eq!(subkeys.len(), info.sub_keys as usize);
    assert!(
        subkeys
            .iter()
            .all(|s| !s.is_empty() && s.encode_utf16().count() <= info.max_sub_key_len as usize)
    );
    // Every listed subkey opens.
    for s in &subkeys {
        k.open(s).unwrap();
    }

    let values: Vec<(String, RegValue)> = k.values().collect::<Result<_>>().unwrap();
    assert_eq!(values.len(), info.values as usize);
    let product = k.value("ProductName").unwrap();
    assert!(
        matches!(&product, RegValue::String(s) if s.contains("Windows")),
        "{product:?}"
    );
    assert!(
        values
            .iter()
            .any(|(n, v)| n == "ProductName" && *v == product)
    );
    let build = k.value("CurrentBuild").unwrap();
    let build = build.as_str().unwrap();
    assert!(
        !build.is_empty() && build.bytes().all(|b| b.is_ascii_digit()),
        "{build}"
    );
    if let Ok(v) = k.value("CurrentMajorVersionNumber") {
        assert!(matches!(v, RegValue::Dword(n) if n >= 10), "{v:?}");
    }

    // Go's RegQueryValueEx: size first, then the bytes.
    let sized = reg_query_value_ex(&k, "ProductName", None).unwrap();
    assert_eq!(sized.value_type, REG_SZ);
    let mut buf = vec![0u8; sized.len as usize];
    let got = reg_query_value_ex(&k, "ProductName", Some(&mut buf)).unwrap();
    assert_eq!(got, sized);
    assert_eq!(RegValue::from_raw(REG_SZ, buf), product);
    let mut tiny = [0u8; 2];
    assert_eq!(
        reg_query_value_ex(&k, "ProductName", Some(&mut tiny)).map_err(Errno::from),
        Err(Errno::ERROR_MORE_DATA)
    );

    // Go's RegEnumKeyEx, by hand.
    let mut name = [0u16; 256];
    let e = reg_enum_key_ex(&k, 0, &mut name, None).unwrap();
    assert_eq!(
        String::from_utf16(&name[..e.name_len as usize]).unwrap(),
        subkeys[0]
    );
    let mut class = [0u16; 64];
    reg_enum_key_ex(&k, 0, &mut name, Some(&mut class)).unwrap();
    assert_eq!(
        reg_enum_key_ex(&k, info.sub_keys, &mut name, None),
        Err(Errno::ERROR_NO_MORE_ITEMS)
    );
    k.close().unwrap();
}

#[test]
fn missing_keys_and_values_are_not_exist() {
    let e = RegKey::LOCAL_MACHINE
        .open(r"SOFTWARE\winsyscall\does\not\exist")
        .unwrap_err();
    assert_eq!(e, Errno::ERROR_FILE_NOT_FOUND);
    assert!(e.is_not_exist());
    let e = reg_open_key_ex(
        &RegKey::LOCAL_MACHINE,
        "SOFTWARE\\nope-winsyscall",
        0,
        KEY_READ,
    )
    .unwrap_err();
    assert!(e.is_not_exist());
    let k = RegKey::LOCAL_MACHINE.open(CURRENT_VERSION).unwrap();
    assert_eq!(
        k.value("winsyscall-no-such-value"),
        Err(Errno::ERROR_FILE_NOT_FOUND)
    );
    assert_eq!(
        reg_query_value_ex(&k, "winsyscall-no-such-value", None).map_err(Errno::from),
        Err(Errno::ERROR_FILE_NOT_FOUND)
    );
    // NUL in a name: EINVAL before any call.
    assert_eq!(
        RegKey::LOCAL_MACHINE.open("SOFTWARE\0x").unwrap_err(),
        Errno::EINVAL
    );
    assert_eq!(k.value("Product\0Name"), Err(Errno::EINVAL));
}

#[test]
fn predefined_roots_and_constants() {
    assert!(
        RegKey::predefined(HKEY_LOCAL_MACHINE)
            .unwrap()
            .is_predefined()
    );
    assert_eq!(RegKey::predefined(0x80000007).unwrap_err(), Errno::EINVAL);
    assert_eq!(RegKey::predefined(5).unwrap_err(), Errno::EINVAL);
    // Our roots are the pointers windows-sys (the Windows headers) define.
    assert_eq!(
        RegKey::CURRENT_USER.as_raw(),
        windows_sys::Win32::System::Registry::HKEY_CURRENT_USER
    );
    assert_eq!(
        RegKey::LOCAL_MACHINE.as_raw(),
        windows_sys::Win32::System::Registry::HKEY_LOCAL_MACHINE
    );
    // Closing a root does nothing and succeeds.
    reg_close_key(RegKey::LOCAL_MACHINE).unwrap();
    RegKey::LOCAL_MACHINE.open(CURRENT_VERSION).unwrap();
    assert_eq!(
        (KEY_READ, KEY_WRITE, KEY_ALL_ACCESS),
        (0x20019, 0x20006, 0xf003f)
    );
    assert_eq!((REG_DWORD, REG_QWORD, REG_MULTI_SZ), (4, 11, 7));
}

fn utf16_bytes(parts: &[&str]) -> Vec<u8> {
    parts
        .iter()
        .flat_map(|s| s.encode_utf16().chain([0]))
        .flat_map(u16::to_le_bytes)
        .collect()
}

#[test]
fn typed_values_and_large_values_are_read_whole() {
    let key = TestKey::new("values");
    let big: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let long_text: String = "0123456789abcdef".repeat(300); // 4800 chars, 9602 bytes
    let long_name = "n".repeat(300);
    key.set("big", REG_BINARY, &big);
    key.set("text", REG_SZ, &utf16_bytes(&[&long_text]));
    key.set("exp", REG_EXPAND_SZ, &utf16_bytes(&["%SystemRoot%\\x"]));
    key.set("multi", REG_MULTI_SZ, &utf16_bytes(&["a", "bé", "😃", ""]));
    key.set("dw", REG_DWORD, &0xDEAD_BEEFu32.to_le_bytes());
    key.set("qw", REG_QWORD, &0x0123_4567_89AB_CDEFu64.to_le_bytes());
    key.set("none", REG_NONE, &[1, 2, 3]);
    key.set("shortdw", REG_DWORD, &[1, 2]);
    key.set("", REG_SZ, &utf16_bytes(&["default"]));
    key.set(&long_name, REG_SZ, &utf16_bytes(&["long name"]));

    let k = RegKey::CURRENT_USER.open(&key.0).unwrap();
    assert_eq!(k.value("big").unwrap(), RegValue::Binary(big.clone()));
    assert_eq!(
        k.value("text").unwrap(),
        RegValue::String(long_text.clone())
    );
    assert_eq!(k.value_raw("big").unwrap(), (REG_BINARY, big.clone()));
    assert_eq!(
        k.value("exp").unwrap(),
        RegValue::ExpandString("%SystemRoot%\\x".into())
    );
    assert_eq!(
        k.value("multi").unwrap(),
        RegValue::MultiString(vec!["a".into(), "bé".into(), "😃".into()])
    );
    assert_eq!(k.value("dw").unwrap(), RegValue::Dword(0xDEAD_BEEF));
    assert_eq!(
        k.value("qw").unwrap(),
        RegValue::Qword(0x0123_4567_89AB_CDEF)
    );
    assert_eq!(
        k.value("none").unwrap(),
        RegValue::Raw {
            value_type: REG_NONE,
            data: vec![1, 2, 3]
        }
    );
    assert_eq!(
        k.value("shortdw").unwrap(),
        RegValue::Raw {
            value_type: REG_DWORD,
            data: vec![1, 2]
        }
    );
    assert_eq!(k.value("").unwrap(), RegValue::String("default".into()));

    // Go's RegQueryValueEx reports the full size of the large value.
    let info = reg_query_value_ex(&k, "big", None).unwrap();
    assert_eq!((info.value_type, info.len), (REG_BINARY, 100_000));

    let mut all: Vec<(String, RegValue)> = k.values().collect::<Result<_>>().unwrap();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    let mut want = vec![
        "",
        "big",
        "dw",
        "exp",
        "multi",
        "none",
        "qw",
        "shortdw",
        "text",
        long_name.as_str(),
    ];
    want.sort();
    assert_eq!(names, want);
    for (n, v) in &all {
        assert_eq!(*v, k.value(n.as_str()).unwrap(), "value {n:?}");
    }
    assert_eq!(k.info().unwrap().values, 10);
}

#[test]
fn subkeys_are_listed_in_full() {
    let key = TestKey::new("subkeys");
    let mut names: Vec<String> = (0..40).map(|i| format!("sub{i:02}")).collect();
    names.push("é😃".into());
    names.push("x".repeat(255)); // the longest name a key may have
    for n in &names {
        key.subkey(n);
    }
    let k = RegKey::CURRENT_USER.open(&key.0).unwrap();
    let mut got: Vec<String> = k.subkeys().collect::<Result<_>>().unwrap();
    got.sort();
    names.sort();
    assert_eq!(got, names);
    // The same names into one reused String; then `None`, and it stays so.
    let mut into = Vec::new();
    let mut it = k.subkeys();
    let mut name = String::from("left over");
    name.clear();
    while let Some(r) = it.next_into(&mut name) {
        r.unwrap();
        into.push(name.clone());
        name.clear();
    }
    assert!(it.next_into(&mut name).is_none() && name.is_empty());
    into.sort();
    assert_eq!(into, names);
    let info = k.info().unwrap();
    assert_eq!(info.sub_keys, 42);
    assert_eq!(info.max_sub_key_len, 255);
    // A name buffer that is too small: ERROR_MORE_DATA, as Go reports it.
    let mut small = [0u16; 2];
    assert_eq!(
        reg_enum_key_ex(&k, 0, &mut small, None),
        Err(Errno::ERROR_MORE_DATA)
    );
    // An empty key enumerates nothing.
    let empty = k.open("sub00").unwrap();
    assert_eq!(empty.subkeys().count(), 0);
    assert_eq!(empty.values().count(), 0);
}

#[test]
fn raw_values_decode_defensively() {
    // No NUL at the end, and an odd trailing byte: decoded, never over-read.
    assert_eq!(
        RegValue::from_raw(REG_SZ, vec![b'h', 0, b'i', 0, 7]),
        RegValue::String("hi".into())
    );
    assert_eq!(
        RegValue::from_raw(REG_SZ, vec![]),
        RegValue::String(String::new())
    );
    // A multi-string without its final terminator keeps what it has.
    assert_eq!(
        RegValue::from_raw(REG_MULTI_SZ, vec![b'a', 0, 0, 0, b'b', 0]),
        RegValue::MultiString(vec!["a".into(), "b".into()])
    );
    // The list ends at the first empty string; what follows is ignored.
    assert_eq!(
        RegValue::from_raw(REG_MULTI_SZ, vec![b'a', 0, 0, 0, 0, 0, b'b', 0, 0, 0]),
        RegValue::MultiString(vec!["a".into()])
    );
    assert_eq!(
        RegValue::from_raw(REG_MULTI_SZ, vec![b'a', 0, 0, 0, b'b', 0]).value_type(),
        REG_MULTI_SZ
    );
    assert_eq!(
        RegValue::from_raw(REG_MULTI_SZ, vec![b'a', 0, b'b', 0]),
        RegValue::MultiString(vec!["ab".into()])
    );
    assert_eq!(
        RegValue::from_raw(REG_MULTI_SZ, vec![]),
        RegValue::MultiString(vec![])
    );
    // Unpaired surrogate: U+FFFD.
    assert_eq!(
        RegValue::from_raw(REG_SZ, vec![0x00, 0xD8, b'a', 0]),
        RegValue::String("\u{FFFD}a".into())
    );
    // Wrong-size numbers stay raw.
    assert_eq!(
        RegValue::from_raw(REG_QWORD, vec![1, 2, 3, 4]),
        RegValue::Raw {
            value_type: REG_QWORD,
            data: vec![1, 2, 3, 4]
        }
    );
    assert_eq!(
        RegValue::from_raw(REG_DWORD_BIG_ENDIAN, vec![0, 0, 0, 1]).value_type(),
        REG_DWORD_BIG_ENDIAN
    );
}

#[test]
fn value_iterator_grows_for_values_added_while_iterating() {
    let key = TestKey::new("grow");
    key.set("a", REG_DWORD, &1u32.to_le_bytes());
    let k = RegKey::CURRENT_USER.open(&key.0).unwrap();
    let mut it = k.values();
    // The first step sizes the buffers for the key as it is now.
    assert_eq!(
        it.next().unwrap().unwrap(),
        ("a".to_string(), RegValue::Dword(1))
    );
    // A value with a far longer name and far more data appears behind it.
    let name = "b".repeat(2000);
    let data: Vec<u8> = (0..50_000u32).map(|i| (i % 253) as u8).collect();
    key.set(&name, REG_BINARY, &data);
    assert_eq!(it.next().unwrap().unwrap(), (name, RegValue::Binary(data)));
    assert!(it.next().is_none());
    assert!(it.next().is_none());
}
