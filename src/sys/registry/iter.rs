//! Enumerating a key's subkeys and values: the iterators of
//! [`RegKey::subkeys`] and [`RegKey::values`], and their buffer routes, which
//! reuse the caller's `String` and lend the value's bytes so that a loop over
//! many entries allocates nothing once its buffers have grown.

use super::{MAX_NAME_UNITS, RegKey, RegValue, reg_enum_key_ex};
use crate::errno::{Errno, Result};
use crate::sys::clamp_len;
use crate::wstr::utf16_to_string_into;
use windows_sys::Win32::System::Registry::RegEnumValueW;

/// Iterator over the subkey names of a key: see [`RegKey::subkeys`].
///
/// Each name the iterator yields is a new `String`;
/// [`next_into`](SubKeys::next_into) writes it into one of the caller's instead.
#[derive(Debug)]
pub struct SubKeys<'a> {
    key: &'a RegKey,
    index: u32,
    buf: Vec<u16>,
    done: bool,
}

impl<'a> SubKeys<'a> {
    pub(super) fn new(key: &'a RegKey) -> SubKeys<'a> {
        SubKeys {
            key,
            index: 0,
            buf: vec![0; 256],
            done: false,
        }
    }

    /// The next subkey name, written into `name` (cleared first) instead of a
    /// new `String`: `None` at the end, an error once (which ends the
    /// enumeration), as the iterator. Beyond Go.
    ///
    /// Once `name` has room for the longest name, the loop allocates nothing.
    ///
    /// ```no_run
    /// use winsyscall::RegKey;
    /// let k = RegKey::LOCAL_MACHINE.open("SOFTWARE")?;
    /// let mut subkeys = k.subkeys();
    /// let mut name = String::new();
    /// while let Some(r) = subkeys.next_into(&mut name) {
    ///     r?;
    ///     println!("{name}");
    /// }
    /// # Ok::<(), winsyscall::Errno>(())
    /// ```
    #[doc(alias = "RegEnumKeyEx")]
    pub fn next_into(&mut self, name: &mut String) -> Option<Result<()>> {
        name.clear();
        if self.done {
            return None;
        }
        loop {
            match reg_enum_key_ex(self.key, self.index, &mut self.buf, None) {
                Ok(info) => {
                    self.index += 1;
                    let n = (info.name_len as usize).min(self.buf.len());
                    utf16_to_string_into(&self.buf[..n], name);
                    return Some(Ok(()));
                }
                Err(Errno::ERROR_MORE_DATA) if self.buf.len() < MAX_NAME_UNITS => {
                    let len = (self.buf.len() * 2).min(MAX_NAME_UNITS);
                    self.buf.resize(len, 0);
                }
                Err(Errno::ERROR_NO_MORE_ITEMS) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
    }
}

impl Iterator for SubKeys<'_> {
    type Item = Result<String>;

    fn next(&mut self) -> Option<Result<String>> {
        let mut name = String::new();
        Some(self.next_into(&mut name)?.map(|()| name))
    }
}

/// Iterator over the values of a key: see [`RegKey::values`].
///
/// Each item is a new name and a decoded [`RegValue`];
/// [`next_raw`](Values::next_raw) writes the name into the caller's `String`
/// and lends the value's type and bytes instead.
#[derive(Debug)]
pub struct Values<'a> {
    key: &'a RegKey,
    index: u32,
    name: Vec<u16>,
    data: Vec<u8>,
    done: bool,
}

impl<'a> Values<'a> {
    pub(super) fn new(key: &'a RegKey) -> Values<'a> {
        Values {
            key,
            index: 0,
            name: Vec::new(),
            data: Vec::new(),
            done: false,
        }
    }

    /// The next value: its name written into `name` (cleared first), its
    /// `REG_*` type and its bytes as stored, lent until the next call. `None`
    /// at the end, an error once (which ends the enumeration), as the iterator.
    /// Beyond Go.
    ///
    /// Once `name` has room for the longest name, the loop allocates nothing
    /// (the value buffers are sized once, from `RegQueryInfoKeyW`, and grow
    /// only if a value grows meanwhile). [`RegValue::from_raw`] decodes the
    /// bytes when wanted.
    ///
    /// ```no_run
    /// use winsyscall::{RegKey, REG_SZ};
    /// let k = RegKey::CURRENT_USER.open("Environment")?;
    /// let mut values = k.values();
    /// let mut name = String::new();
    /// while let Some(r) = values.next_raw(&mut name) {
    ///     let (value_type, data) = r?;
    ///     println!("{name}: type {value_type}, {} bytes", data.len());
    ///     let _ = value_type == REG_SZ;
    /// }
    /// # Ok::<(), winsyscall::Errno>(())
    /// ```
    #[doc(alias = "RegEnumValue")]
    pub fn next_raw(&mut self, name: &mut String) -> Option<Result<(u32, &[u8])>> {
        name.clear();
        if self.done {
            return None;
        }
        match self.fetch() {
            Ok(Some((t, name_len, data_len))) => {
                utf16_to_string_into(&self.name[..name_len], name);
                Some(Ok((t, &self.data[..data_len])))
            }
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }

    /// Reads the value at `index` into the buffers: its type and the lengths
    /// of its name (units) and data (bytes), `None` past the last one.
    fn fetch(&mut self) -> Result<Option<(u32, usize, usize)>> {
        if self.name.is_empty() {
            // First call: size the buffers from the key's maxima (they still grow
            // if a value changes under us).
            let info = self.key.info()?;
            self.name = vec![0; (info.max_value_name_len as usize + 1).clamp(64, MAX_NAME_UNITS)];
            self.data = vec![0; (info.max_value_len as usize).max(64)];
        }
        loop {
            let mut name_len = clamp_len(self.name.len());
            let mut data_len = clamp_len(self.data.len());
            let mut t = 0u32;
            // SAFETY: both buffers are writable for the lengths passed; the other
            // pointers are valid out-parameters; reserved is NULL.
            let rc = unsafe {
                RegEnumValueW(
                    self.key.as_raw(),
                    self.index,
                    self.name.as_mut_ptr(),
                    &mut name_len,
                    core::ptr::null(),
                    &mut t,
                    self.data.as_mut_ptr(),
                    &mut data_len,
                )
            };
            match rc {
                0 => {
                    self.index += 1;
                    return Ok(Some((
                        t,
                        (name_len as usize).min(self.name.len()),
                        (data_len as usize).min(self.data.len()),
                    )));
                }
                234 => {
                    // ERROR_MORE_DATA: the data length is reported; if the data
                    // fit, the name did not.
                    if data_len as usize > self.data.len() {
                        self.data.resize(data_len as usize, 0);
                    } else if self.name.len() < MAX_NAME_UNITS {
                        let len = (self.name.len() * 2).min(MAX_NAME_UNITS);
                        self.name.resize(len, 0);
                    } else {
                        return Err(Errno::ERROR_MORE_DATA);
                    }
                }
                259 => return Ok(None),
                e => return Err(Errno(e)),
            }
        }
    }
}

impl Iterator for Values<'_> {
    type Item = Result<(String, RegValue)>;

    fn next(&mut self) -> Option<Result<(String, RegValue)>> {
        let mut name = String::new();
        let r = self.next_raw(&mut name)?;
        Some(r.map(|(t, data)| (name, RegValue::from_raw(t, data.to_vec()))))
    }
}
