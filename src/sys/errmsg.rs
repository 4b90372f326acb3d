//! System error messages: Go's `Errno.Error` lookup and `FormatMessage`.

use crate::errno::{Errno, Result};
use crate::{
    FORMAT_MESSAGE_ALLOCATE_BUFFER, FORMAT_MESSAGE_ARGUMENT_ARRAY, FORMAT_MESSAGE_FROM_STRING,
    FORMAT_MESSAGE_FROM_SYSTEM, FORMAT_MESSAGE_IGNORE_INSERTS, LANG_ENGLISH, SUBLANG_ENGLISH_US,
};
use std::borrow::Cow;
use std::sync::OnceLock;
use windows_sys::Win32::System::Diagnostics::Debug::FormatMessageW;

/// Go: `syscall.FormatMessage` (deprecated in Go): `FormatMessageW` into `buf`,
/// returning the number of UTF-16 units written.
///
/// Differences from Go, for safety: there is no `args` pointer, so
/// `FORMAT_MESSAGE_IGNORE_INSERTS` is always added; `FORMAT_MESSAGE_ALLOCATE_BUFFER`
/// and `FORMAT_MESSAGE_FROM_STRING` (which make Windows treat `buf` or `msgsrc` as
/// pointers) give `EINVAL`. `msgsrc` is a module handle for
/// `FORMAT_MESSAGE_FROM_HMODULE`, otherwise 0. A buffer longer than `u32::MAX`
/// units is clamped.
///
/// ```no_run
/// # #[cfg(windows)] {
/// use winsyscall::*;
/// let mut buf = [0u16; 300];
/// let n = format_message(FORMAT_MESSAGE_FROM_SYSTEM, 0, 2, langid(LANG_ENGLISH, SUBLANG_ENGLISH_US), &mut buf).unwrap();
/// println!("{}", utf16_to_string(&buf[..n as usize]));
/// # }
/// ```
#[doc(alias = "FormatMessage")]
pub fn format_message(
    flags: u32,
    msgsrc: usize,
    msgid: u32,
    langid: u32,
    buf: &mut [u16],
) -> Result<u32> {
    if flags & (FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_STRING) != 0 {
        return Err(Errno::EINVAL);
    }
    let flags = flags | FORMAT_MESSAGE_IGNORE_INSERTS;
    // SAFETY: buf is a writable buffer of the length passed; with IGNORE_INSERTS
    // and no ALLOCATE_BUFFER/FROM_STRING, Windows reads no argument array and
    // treats msgsrc only as a module handle (validated by Windows).
    let n = unsafe {
        FormatMessageW(
            flags,
            msgsrc as *const core::ffi::c_void,
            msgid,
            langid,
            buf.as_mut_ptr(),
            crate::sys::clamp_len(buf.len()),
            core::ptr::null(),
        )
    };
    crate::sys::cvt(n)
}

fn lookup(e: Errno) -> Option<String> {
    let flags =
        FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ARGUMENT_ARRAY | FORMAT_MESSAGE_IGNORE_INSERTS;
    let mut buf = [0u16; 300];
    let n = format_message(
        flags,
        0,
        e.0,
        crate::langid(LANG_ENGLISH, SUBLANG_ENGLISH_US),
        &mut buf,
    )
    .or_else(|_| format_message(flags, 0, e.0, 0, &mut buf))
    .ok()?;
    let mut s = &buf[..n as usize];
    while let [rest @ .., 0x0D | 0x0A] = s {
        s = rest;
    }
    Some(crate::utf16_to_string(s))
}

/// The system's text for `e` as Go's `Errno.Error` finds it (`None` when Windows
/// has none). The texts of 2 and 3 are cached, as current Go does.
pub(crate) fn system_message(e: Errno) -> Option<Cow<'static, str>> {
    static CACHE: [OnceLock<Option<String>>; 2] = [OnceLock::new(), OnceLock::new()];
    match e.0 {
        2 | 3 => CACHE[e.0 as usize - 2]
            .get_or_init(|| lookup(e))
            .as_deref()
            .map(Cow::Borrowed),
        _ => lookup(e).map(Cow::Owned),
    }
}
