//! A throw-away registry key for the tests that need values of their own.

use windows_sys::Win32::System::Registry::{
    HKEY, HKEY_CURRENT_USER, KEY_ALL_ACCESS as WS_KEY_ALL_ACCESS, REG_OPTION_VOLATILE, RegCloseKey,
    RegCreateKeyExW, RegDeleteTreeW, RegSetValueExW,
};
use winsyscall::*;

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain([0]).collect()
}

/// A volatile key under HKCU\Software, deleted on drop.
pub struct TestKey(pub String);

impl TestKey {
    pub fn new(tag: &str) -> TestKey {
        let path = format!("Software\\winsyscall-test-{tag}-{}", std::process::id());
        let p = wide(&path);
        let mut h: HKEY = core::ptr::null_mut();
        // SAFETY: `p` is NUL-terminated; `h` is a valid out-parameter.
        let rc = unsafe {
            RegCreateKeyExW(
                HKEY_CURRENT_USER,
                p.as_ptr(),
                0,
                core::ptr::null(),
                REG_OPTION_VOLATILE,
                WS_KEY_ALL_ACCESS,
                core::ptr::null(),
                &mut h,
                core::ptr::null_mut(),
            )
        };
        assert_eq!(rc, 0, "RegCreateKeyExW");
        // SAFETY: `h` is the key just created.
        unsafe { RegCloseKey(h) };
        TestKey(path)
    }

    pub fn set(&self, name: &str, t: u32, data: &[u8]) {
        let k = reg_open_key_ex(
            &RegKey::CURRENT_USER,
            &self.0,
            0,
            KEY_SET_VALUE | KEY_CREATE_SUB_KEY,
        )
        .unwrap();
        let n = wide(name);
        // SAFETY: `n` is NUL-terminated; `data` is readable for its length.
        let rc = unsafe {
            RegSetValueExW(
                k.as_raw(),
                n.as_ptr(),
                0,
                t,
                data.as_ptr(),
                data.len() as u32,
            )
        };
        assert_eq!(rc, 0, "RegSetValueExW {name}");
    }

    pub fn subkey(&self, name: &str) {
        let p = wide(&format!("{}\\{name}", self.0));
        let mut h: HKEY = core::ptr::null_mut();
        // SAFETY: as in `new`.
        let rc = unsafe {
            RegCreateKeyExW(
                HKEY_CURRENT_USER,
                p.as_ptr(),
                0,
                core::ptr::null(),
                REG_OPTION_VOLATILE,
                WS_KEY_ALL_ACCESS,
                core::ptr::null(),
                &mut h,
                core::ptr::null_mut(),
            )
        };
        assert_eq!(rc, 0, "RegCreateKeyExW {name}");
        // SAFETY: `h` is the key just created.
        unsafe { RegCloseKey(h) };
    }
}

impl Drop for TestKey {
    fn drop(&mut self) {
        let p = wide(&self.0);
        // SAFETY: `p` is NUL-terminated.
        unsafe { RegDeleteTreeW(HKEY_CURRENT_USER, p.as_ptr()) };
    }
}
