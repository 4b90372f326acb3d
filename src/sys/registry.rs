//! The registry: Go's `RegOpenKeyEx`, `RegCloseKey`, `RegQueryInfoKey`,
//! `RegEnumKeyEx` and `RegQueryValueEx`, over a safe key type.
//!
//! Go: `syscall_windows.go`, `zsyscall_windows.go`, `types_windows.go`. Go hands
//! out raw `Handle`s; here a key is a [`RegKey`], closed when dropped (the
//! predefined roots such as [`RegKey::LOCAL_MACHINE`] are never closed).
//!
//! Beyond Go: iterators over subkeys ([`RegKey::subkeys`]) and values
//! ([`RegKey::values`], Win32 `RegEnumValueW`), and typed values ([`RegValue`]).
//! Every read grows its buffer until the data fits, so long names and large
//! values come back whole.
//!
//! Errors are the code the `Reg*` call returns (Go's `regerrno` rule): a missing
//! key is `ERROR_FILE_NOT_FOUND`, for which [`Errno::is_not_exist`] is true.
//!
//! ```no_run
//! use winsyscall::RegKey;
//! let k = RegKey::LOCAL_MACHINE.open(r"SOFTWARE\Microsoft\Windows NT\CurrentVersion")?;
//! println!("{:?}", k.value("ProductName")?);
//! for name in k.subkeys() {
//!     println!("{}", name?);
//! }
//! # Ok::<(), winsyscall::Errno>(())
//! ```

use crate::errno::{Errno, ErrnoWith, Result};
use crate::sys::{clamp_len, cvt_code};
use crate::time::Filetime;
use crate::wstr::{WideArg, utf16_to_string};

mod iter;
pub use iter::{SubKeys, Values};
use windows_sys::Win32::Foundation::FILETIME;
use windows_sys::Win32::System::Registry::{
    HKEY, RegCloseKey, RegEnumKeyExW, RegOpenKeyExW, RegQueryInfoKeyW, RegQueryValueExW,
};

go_consts! { u32;
    /// Predefined root key (give it to [`RegKey::predefined`], or use [`RegKey::CLASSES_ROOT`]).
    HKEY_CLASSES_ROOT = 0x80000000;
    /// Predefined root key ([`RegKey::CURRENT_USER`]).
    HKEY_CURRENT_USER = 0x80000001;
    /// Predefined root key ([`RegKey::LOCAL_MACHINE`]).
    HKEY_LOCAL_MACHINE = 0x80000002;
    /// Predefined root key ([`RegKey::USERS`]).
    HKEY_USERS = 0x80000003;
    /// Predefined root key ([`RegKey::PERFORMANCE_DATA`]).
    HKEY_PERFORMANCE_DATA = 0x80000004;
    /// Predefined root key ([`RegKey::CURRENT_CONFIG`]).
    HKEY_CURRENT_CONFIG = 0x80000005;
    /// Predefined root key ([`RegKey::DYN_DATA`]; Windows 9x only).
    HKEY_DYN_DATA = 0x80000006;

    /// Access right: read values.
    KEY_QUERY_VALUE = 1;
    /// Access right: write values.
    KEY_SET_VALUE = 2;
    /// Access right: create subkeys.
    KEY_CREATE_SUB_KEY = 4;
    /// Access right: enumerate subkeys.
    KEY_ENUMERATE_SUB_KEYS = 8;
    /// Access right: change notifications.
    KEY_NOTIFY = 16;
    /// Access right: reserved (symbolic links).
    KEY_CREATE_LINK = 32;
    /// Access rights for writing.
    KEY_WRITE = 0x20006;
    /// Same as `KEY_READ`.
    KEY_EXECUTE = 0x20019;
    /// Access rights for reading (query, enumerate, notify).
    KEY_READ = 0x20019;
    /// Open the 64-bit view of the registry.
    KEY_WOW64_64KEY = 0x0100;
    /// Open the 32-bit view of the registry.
    KEY_WOW64_32KEY = 0x0200;
    /// All access rights.
    KEY_ALL_ACCESS = 0xf003f;

    /// Value type: no defined type.
    REG_NONE = 0;
    /// Value type: NUL-terminated UTF-16 string.
    REG_SZ = 1;
    /// Value type: string with unexpanded `%VAR%` references.
    REG_EXPAND_SZ = 2;
    /// Value type: binary data.
    REG_BINARY = 3;
    /// Value type: 32-bit little-endian number.
    REG_DWORD_LITTLE_ENDIAN = 4;
    /// Value type: 32-bit big-endian number.
    REG_DWORD_BIG_ENDIAN = 5;
    /// Value type: symbolic link (UTF-16).
    REG_LINK = 6;
    /// Value type: sequence of NUL-terminated strings, ended by an empty one.
    REG_MULTI_SZ = 7;
    /// Value type: device-driver resource list.
    REG_RESOURCE_LIST = 8;
    /// Value type: hardware resource description.
    REG_FULL_RESOURCE_DESCRIPTOR = 9;
    /// Value type: hardware resource requirements.
    REG_RESOURCE_REQUIREMENTS_LIST = 10;
    /// Value type: 64-bit little-endian number.
    REG_QWORD_LITTLE_ENDIAN = 11;
    /// Same as `REG_DWORD_LITTLE_ENDIAN`.
    REG_DWORD = 4;
    /// Same as `REG_QWORD_LITTLE_ENDIAN`.
    REG_QWORD = 11;
}

/// The most UTF-16 units a key or value name may take (value names: 16 383
/// characters), plus slack; name buffers never grow past this.
pub(crate) const MAX_NAME_UNITS: usize = 32 * 1024;

/// An open registry key, closed (`RegCloseKey`) when dropped.
///
/// Go: the `Handle` that `RegOpenKeyEx` fills. A predefined root
/// ([`RegKey::LOCAL_MACHINE`] and the like, Go's `HKEY_*` values) is not closed.
/// The key may be used from any thread; enumerations keep their own index.
#[derive(Debug)]
pub struct RegKey {
    hkey: HKEY,
    owned: bool,
}

// SAFETY: a registry key handle is a kernel handle (or a predefined
// pseudo-handle), usable from any thread; the API serialises access itself.
unsafe impl Send for RegKey {}
// SAFETY: as above; no method mutates the RegKey itself.
unsafe impl Sync for RegKey {}

impl RegKey {
    /// Go's `HKEY_CLASSES_ROOT`, as a key.
    pub const CLASSES_ROOT: RegKey = RegKey::root(HKEY_CLASSES_ROOT);
    /// Go's `HKEY_CURRENT_USER`, as a key.
    pub const CURRENT_USER: RegKey = RegKey::root(HKEY_CURRENT_USER);
    /// Go's `HKEY_LOCAL_MACHINE`, as a key.
    pub const LOCAL_MACHINE: RegKey = RegKey::root(HKEY_LOCAL_MACHINE);
    /// Go's `HKEY_USERS`, as a key.
    pub const USERS: RegKey = RegKey::root(HKEY_USERS);
    /// Go's `HKEY_PERFORMANCE_DATA`, as a key.
    pub const PERFORMANCE_DATA: RegKey = RegKey::root(HKEY_PERFORMANCE_DATA);
    /// Go's `HKEY_CURRENT_CONFIG`, as a key.
    pub const CURRENT_CONFIG: RegKey = RegKey::root(HKEY_CURRENT_CONFIG);
    /// Go's `HKEY_DYN_DATA`, as a key.
    pub const DYN_DATA: RegKey = RegKey::root(HKEY_DYN_DATA);

    /// A predefined key from its 32-bit value, sign-extended as the Windows
    /// headers define `HKEY_*` on 64-bit systems.
    const fn root(v: u32) -> RegKey {
        RegKey {
            hkey: core::ptr::without_provenance_mut(v as i32 as isize as usize),
            owned: false,
        }
    }

    /// The predefined key for one of Go's `HKEY_*` values; `EINVAL` for any
    /// other number.
    pub fn predefined(key: u32) -> Result<RegKey> {
        if (HKEY_CLASSES_ROOT..=HKEY_DYN_DATA).contains(&key) {
            Ok(RegKey::root(key))
        } else {
            Err(Errno::EINVAL)
        }
    }

    /// Takes ownership of an open key handle (it will be closed on drop).
    ///
    /// # Safety
    /// `hkey` is an open registry key that nobody else closes.
    pub unsafe fn from_raw(hkey: HKEY) -> RegKey {
        RegKey { hkey, owned: true }
    }

    /// The raw `HKEY`, still owned by `self`.
    pub fn as_raw(&self) -> HKEY {
        self.hkey
    }

    /// Whether this is a predefined root (never closed).
    pub fn is_predefined(&self) -> bool {
        !self.owned
    }

    /// Opens `subkey` for reading (`KEY_READ`).
    ///
    /// Go: `RegOpenKeyEx(key, subkey, 0, KEY_READ, &result)`; see
    /// [`reg_open_key_ex`]. A missing key gives `ERROR_FILE_NOT_FOUND`.
    pub fn open(&self, subkey: impl WideArg) -> Result<RegKey> {
        reg_open_key_ex(self, subkey, 0, KEY_READ)
    }

    /// Closes the key, reporting an error (dropping closes it silently). A
    /// predefined root is left open and `Ok` is returned.
    ///
    /// Go: `syscall.RegCloseKey`; see [`reg_close_key`].
    pub fn close(self) -> Result<()> {
        reg_close_key(self)
    }

    /// Facts about the key: see [`reg_query_info_key`].
    pub fn info(&self) -> Result<RegKeyInfo> {
        reg_query_info_key(self)
    }

    /// The names of the subkeys, in the order Windows lists them
    /// (`RegEnumKeyExW`, index by index, name buffer grown as needed). An error
    /// is yielded once, and ends the iteration.
    pub fn subkeys(&self) -> SubKeys<'_> {
        SubKeys::new(self)
    }

    /// The values of the key, each name with its typed value (`RegEnumValueW`,
    /// buffers grown as needed). An error is yielded once, and ends the
    /// iteration. Beyond Go.
    pub fn values(&self) -> Values<'_> {
        Values::new(self)
    }

    /// The value `name` (`""` for the key's default value), typed. Beyond Go;
    /// built on [`RegKey::value_raw`].
    pub fn value(&self, name: impl WideArg) -> Result<RegValue> {
        let (t, data) = self.value_raw(name)?;
        Ok(RegValue::from_raw(t, data))
    }

    /// The value `name` as its type code (`REG_*`) and its bytes, read
    /// completely: the buffer grows on `ERROR_MORE_DATA` until the value fits
    /// (Go's `RegQueryValueEx`, in a loop). A missing value gives
    /// `ERROR_FILE_NOT_FOUND`.
    pub fn value_raw(&self, name: impl WideArg) -> Result<(u32, Vec<u8>)> {
        name.with_wide(|n| {
            let mut data = vec![0u8; 256];
            loop {
                let mut t = 0u32;
                let mut len = clamp_len(data.len());
                // SAFETY: `n` is NUL-terminated; `data` is writable for `len` bytes;
                // `t` and `len` are valid out-parameters.
                let rc = unsafe {
                    RegQueryValueExW(
                        self.hkey,
                        n.as_ptr(),
                        core::ptr::null(),
                        &mut t,
                        data.as_mut_ptr(),
                        &mut len,
                    )
                };
                match rc {
                    0 => {
                        data.truncate((len as usize).min(data.len()));
                        return Ok((t, data));
                    }
                    234 => {
                        // ERROR_MORE_DATA: `len` is the size needed (except for
                        // HKEY_PERFORMANCE_DATA, where it says nothing: double).
                        let want = if (len as usize) > data.len() {
                            len as usize
                        } else {
                            data.len() * 2
                        };
                        if want > u32::MAX as usize {
                            return Err(Errno::ERROR_MORE_DATA);
                        }
                        data.resize(want, 0);
                    }
                    e => return Err(Errno(e)),
                }
            }
        })?
    }
}

impl Drop for RegKey {
    fn drop(&mut self) {
        if self.owned {
            // SAFETY: we own the open key and close it once.
            unsafe { RegCloseKey(self.hkey) };
        }
    }
}

/// Opens a subkey of `key`.
///
/// Go: `syscall.RegOpenKeyEx(key Handle, subkey *uint16, options uint32,
/// desiredAccess uint32, result *Handle) (regerrno error)`; Win32
/// `RegOpenKeyExW`, whose return code is the error. The opened key is returned
/// (and closed on drop) instead of written to `result`. A NUL in `subkey` gives
/// `EINVAL`; a missing key `ERROR_FILE_NOT_FOUND`.
#[doc(alias = "RegOpenKeyEx")]
pub fn reg_open_key_ex(
    key: &RegKey,
    subkey: impl WideArg,
    options: u32,
    desired_access: u32,
) -> Result<RegKey> {
    subkey.with_wide(|s| {
        let mut out: HKEY = core::ptr::null_mut();
        // SAFETY: `s` is NUL-terminated; `out` is a valid out-parameter.
        cvt_code(unsafe {
            RegOpenKeyExW(key.hkey, s.as_ptr(), options, desired_access, &mut out)
        })?;
        // SAFETY: on success `out` is an open key that we now own.
        Ok(unsafe { RegKey::from_raw(out) })
    })?
}

/// Closes a key, reporting the error.
///
/// Go: `syscall.RegCloseKey(key Handle) (regerrno error)`; Win32 `RegCloseKey`.
/// A predefined root is not closed (the call is skipped and `Ok` returned).
#[doc(alias = "RegCloseKey")]
pub fn reg_close_key(key: RegKey) -> Result<()> {
    let (hkey, owned) = (key.hkey, key.owned);
    core::mem::forget(key);
    if !owned {
        return Ok(());
    }
    // SAFETY: we owned the key; `forget` keeps Drop from closing it again.
    cvt_code(unsafe { RegCloseKey(hkey) })
}

/// What [`reg_query_info_key`] reports about a key.
///
/// Go: the out-parameters of `RegQueryInfoKey`. Lengths of names are in UTF-16
/// units without the NUL; `max_value_len` is in bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RegKeyInfo {
    /// The key's class string (usually empty) (Go: `class`).
    pub class: String,
    /// Number of subkeys (Go: `subkeysLen`).
    pub sub_keys: u32,
    /// Longest subkey name (Go: `maxSubkeyLen`).
    pub max_sub_key_len: u32,
    /// Longest subkey class (Go: `maxClassLen`).
    pub max_class_len: u32,
    /// Number of values (Go: `valuesLen`).
    pub values: u32,
    /// Longest value name (Go: `maxValueNameLen`).
    pub max_value_name_len: u32,
    /// Largest value data, in bytes (Go: `maxValueLen`).
    pub max_value_len: u32,
    /// Size of the security descriptor, in bytes (Go: `saLen`).
    pub security_descriptor_len: u32,
    /// When the key (or a value of it) last changed (Go: `lastWriteTime`).
    pub last_write_time: Filetime,
}

/// Facts about a key: its class, counts and maximum lengths of subkeys and
/// values, and its last write time.
///
/// Go: `syscall.RegQueryInfoKey(key, class, classLen, reserved, subkeysLen,
/// maxSubkeyLen, maxClassLen, valuesLen, maxValueNameLen, maxValueLen, saLen,
/// lastWriteTime) (regerrno error)`; Win32 `RegQueryInfoKeyW`. The out-parameters
/// come back as one struct; the class buffer grows until the class fits.
#[doc(alias = "RegQueryInfoKey")]
pub fn reg_query_info_key(key: &RegKey) -> Result<RegKeyInfo> {
    let mut class = vec![0u16; 64];
    loop {
        let mut i = RegKeyInfo::default();
        let mut class_len = clamp_len(class.len());
        let mut ft = FILETIME {
            dwLowDateTime: 0,
            dwHighDateTime: 0,
        };
        // SAFETY: `class` is writable for `class_len` units; every other pointer
        // is a valid out-parameter; the reserved pointer is NULL as required.
        let rc = unsafe {
            RegQueryInfoKeyW(
                key.hkey,
                class.as_mut_ptr(),
                &mut class_len,
                core::ptr::null(),
                &mut i.sub_keys,
                &mut i.max_sub_key_len,
                &mut i.max_class_len,
                &mut i.values,
                &mut i.max_value_name_len,
                &mut i.max_value_len,
                &mut i.security_descriptor_len,
                &mut ft,
            )
        };
        match rc {
            0 => {
                i.class = utf16_to_string(&class[..(class_len as usize).min(class.len())]);
                i.last_write_time = ft.into();
                return Ok(i);
            }
            234 if class.len() < MAX_NAME_UNITS => {
                let want = (class_len as usize + 1).max(class.len() * 2);
                class.resize(want.min(MAX_NAME_UNITS), 0);
            }
            e => return Err(Errno(e)),
        }
    }
}

/// What [`reg_enum_key_ex`] reports besides the name it writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RegEnumKeyInfo {
    /// Units written to the name buffer, without the NUL (Go: `*nameLen`).
    pub name_len: u32,
    /// Units written to the class buffer, without the NUL (Go: `*classLen`); 0
    /// when no class buffer was given.
    pub class_len: u32,
    /// When the subkey last changed (Go: `*lastWriteTime`).
    pub last_write_time: Filetime,
}

/// Reads the name (and, if asked, the class) of subkey number `index` of `key`.
///
/// Go: `syscall.RegEnumKeyEx(key, index, name, nameLen, reserved, class,
/// classLen, lastWriteTime) (regerrno error)`; Win32 `RegEnumKeyExW`. The
/// buffers are slices here (their lengths are what Go passes in `nameLen` and
/// `classLen`); the lengths written come back in [`RegEnumKeyInfo`]. As in Go the
/// error is the return code: `ERROR_MORE_DATA` when a buffer is too small,
/// `ERROR_NO_MORE_ITEMS` past the last subkey. Unlike `RegQueryValueExW`,
/// `RegEnumKeyExW` does not report the size it needs (Microsoft documents no
/// out-value on failure, and Go's own loops double the buffer), so the error
/// is a plain [`Errno`]: retry with a larger buffer (a key name has at most
/// 255 characters). Go's doc asks callers to go in
/// index order (`HKEY_PERFORMANCE_DATA` needs it). [`RegKey::subkeys`] does all of
/// this for you.
#[doc(alias = "RegEnumKeyEx")]
#[doc(alias = "regEnumKeyEx")]
pub fn reg_enum_key_ex(
    key: &RegKey,
    index: u32,
    name: &mut [u16],
    class: Option<&mut [u16]>,
) -> Result<RegEnumKeyInfo> {
    let mut name_len = clamp_len(name.len());
    let (class_ptr, mut class_len) = match class {
        Some(c) => (c.as_mut_ptr(), clamp_len(c.len())),
        None => (core::ptr::null_mut(), 0),
    };
    let class_len_ptr: *mut u32 = if class_ptr.is_null() {
        core::ptr::null_mut()
    } else {
        &mut class_len
    };
    let mut ft = FILETIME {
        dwLowDateTime: 0,
        dwHighDateTime: 0,
    };
    // SAFETY: `name` is writable for `name_len` units, the class buffer (or NULL
    // with a NULL length) for `class_len` units; the rest are valid out-params.
    cvt_code(unsafe {
        RegEnumKeyExW(
            key.hkey,
            index,
            name.as_mut_ptr(),
            &mut name_len,
            core::ptr::null(),
            class_ptr,
            class_len_ptr,
            &mut ft,
        )
    })?;
    Ok(RegEnumKeyInfo {
        name_len,
        class_len: if class_ptr.is_null() { 0 } else { class_len },
        last_write_time: ft.into(),
    })
}

/// The type and size of what [`reg_query_value_ex`] read (or, with its
/// `ERROR_MORE_DATA`, of what it would need).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RegValueInfo {
    /// The value's type, a `REG_*` code (Go: `*valtype`).
    pub value_type: u32,
    /// Bytes written to the buffer; with no buffer, or with
    /// `ERROR_MORE_DATA`, the bytes the value takes (Go: `*buflen`).
    pub len: u32,
}

/// Reads value `name` of `key` into `buf`.
///
/// Go: `syscall.RegQueryValueEx(key, name, reserved, valtype, buf, buflen)
/// (regerrno error)`; Win32 `RegQueryValueExW`. With `buf == None` only the
/// type and the size are read (Go's nil `buf`). A missing value gives
/// `ERROR_FILE_NOT_FOUND`; a NUL in `name` gives `EINVAL` (no call).
///
/// **A buffer that is too small** gives `ERROR_MORE_DATA` **with** the
/// [`RegValueInfo`] Windows wrote: the value's type and the size it needs, the
/// two things Go's caller reads from `valtype` and `buflen` to size its second
/// call (except under `HKEY_PERFORMANCE_DATA`, where Windows reports no size).
/// For any other error the info holds what Windows left there (zeros when the
/// call was not made). `?` turns the error into a plain [`Errno`] or
/// `io::Error`. [`RegKey::value_raw`] does the whole grow-and-retry.
///
/// ```no_run
/// use winsyscall::*;
/// let k = RegKey::LOCAL_MACHINE.open(r"SOFTWARE\Microsoft\Windows NT\CurrentVersion")?;
/// let mut buf = vec![0u8; 8];
/// let info = match reg_query_value_ex(&k, "ProductName", Some(&mut buf)) {
///     Err(e) if e == Errno::ERROR_MORE_DATA => {
///         buf.resize(e.value.len as usize, 0); // the size Windows asked for
///         reg_query_value_ex(&k, "ProductName", Some(&mut buf))?
///     }
///     other => other?,
/// };
/// assert_eq!(info.value_type, REG_SZ);
/// # Ok::<(), Errno>(())
/// ```
#[doc(alias = "RegQueryValueEx")]
pub fn reg_query_value_ex(
    key: &RegKey,
    name: impl WideArg,
    buf: Option<&mut [u8]>,
) -> core::result::Result<RegValueInfo, ErrnoWith<RegValueInfo>> {
    name.with_wide(|n| {
        let mut info = RegValueInfo::default();
        let data = match buf {
            Some(b) => {
                info.len = clamp_len(b.len());
                b.as_mut_ptr()
            }
            None => core::ptr::null_mut(),
        };
        // SAFETY: `n` is NUL-terminated; `data` is NULL or writable for
        // `info.len` bytes; the out-parameters are valid.
        let rc = unsafe {
            RegQueryValueExW(
                key.hkey,
                n.as_ptr(),
                core::ptr::null(),
                &mut info.value_type,
                data,
                &mut info.len,
            )
        };
        match rc {
            0 => Ok(info),
            e => Err(ErrnoWith::new(Errno(e), info)),
        }
    })
    .map_err(|e| ErrnoWith::new(e, RegValueInfo::default()))?
}

/// A registry value, decoded by its type. Beyond Go (Go returns raw bytes).
///
/// Strings are decoded lossily (an unpaired surrogate becomes U+FFFD) up to
/// their first NUL; an odd trailing byte is ignored. A number whose data has the
/// wrong size, and every other type, stays [`RegValue::Raw`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegValue {
    /// `REG_SZ`.
    String(String),
    /// `REG_EXPAND_SZ` (the `%VAR%` references are not expanded).
    ExpandString(String),
    /// `REG_MULTI_SZ`: the strings up to the empty one that ends the list.
    MultiString(Vec<String>),
    /// `REG_DWORD` (4 bytes, little-endian).
    Dword(u32),
    /// `REG_QWORD` (8 bytes, little-endian).
    Qword(u64),
    /// `REG_BINARY`.
    Binary(Vec<u8>),
    /// `REG_NONE`, any other type, or a number of the wrong size: the type code
    /// and the bytes as stored.
    Raw {
        /// The `REG_*` type code.
        value_type: u32,
        /// The data.
        data: Vec<u8>,
    },
}

impl RegValue {
    /// Decodes `data` of type `value_type` (see the type's doc for the rules).
    pub fn from_raw(value_type: u32, data: Vec<u8>) -> RegValue {
        let units = || {
            data.chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect::<Vec<u16>>()
        };
        match value_type {
            REG_SZ => RegValue::String(utf16_to_string(&units())),
            REG_EXPAND_SZ => RegValue::ExpandString(utf16_to_string(&units())),
            REG_MULTI_SZ => RegValue::MultiString(
                units()
                    .split(|&u| u == 0)
                    .take_while(|s| !s.is_empty())
                    .map(utf16_to_string)
                    .collect(),
            ),
            REG_DWORD if data.len() == 4 => {
                RegValue::Dword(u32::from_le_bytes([data[0], data[1], data[2], data[3]]))
            }
            REG_QWORD if data.len() == 8 => {
                let mut b = [0u8; 8];
                b.copy_from_slice(&data);
                RegValue::Qword(u64::from_le_bytes(b))
            }
            REG_BINARY => RegValue::Binary(data),
            _ => RegValue::Raw { value_type, data },
        }
    }

    /// The `REG_*` type code of this value.
    pub fn value_type(&self) -> u32 {
        match self {
            RegValue::String(_) => REG_SZ,
            RegValue::ExpandString(_) => REG_EXPAND_SZ,
            RegValue::MultiString(_) => REG_MULTI_SZ,
            RegValue::Dword(_) => REG_DWORD,
            RegValue::Qword(_) => REG_QWORD,
            RegValue::Binary(_) => REG_BINARY,
            RegValue::Raw { value_type, .. } => *value_type,
        }
    }

    /// The text of a `String` or `ExpandString` value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            RegValue::String(s) | RegValue::ExpandString(s) => Some(s),
            _ => None,
        }
    }
}
