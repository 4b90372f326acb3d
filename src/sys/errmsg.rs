//! System error messages: Go's `Errno.Error` lookup and `FormatMessage`.

use crate::errno::{Errno, Result};
#[cfg(feature = "dll")]
use crate::sys::dll::Dll;
use crate::{
    FORMAT_MESSAGE_ALLOCATE_BUFFER, FORMAT_MESSAGE_ARGUMENT_ARRAY, FORMAT_MESSAGE_FROM_HMODULE,
    FORMAT_MESSAGE_FROM_STRING, FORMAT_MESSAGE_FROM_SYSTEM, FORMAT_MESSAGE_IGNORE_INSERTS,
    FORMAT_MESSAGE_MAX_WIDTH_MASK, LANG_ENGLISH, SUBLANG_ENGLISH_US,
};
use core::ffi::c_void;
use std::borrow::Cow;
use std::sync::OnceLock;
use windows_sys::Win32::System::Diagnostics::Debug::FormatMessageW;

/// Every `FormatMessage` flag Windows defines (the width mask and the
/// `FORMAT_MESSAGE_*` bits from `ALLOCATE_BUFFER` to `ARGUMENT_ARRAY`).
const KNOWN_FLAGS: u32 = FORMAT_MESSAGE_MAX_WIDTH_MASK
    | FORMAT_MESSAGE_ALLOCATE_BUFFER
    | FORMAT_MESSAGE_IGNORE_INSERTS
    | FORMAT_MESSAGE_FROM_STRING
    | FORMAT_MESSAGE_FROM_HMODULE
    | FORMAT_MESSAGE_FROM_SYSTEM
    | FORMAT_MESSAGE_ARGUMENT_ARRAY;

/// Go: `syscall.FormatMessage` (deprecated in Go): `FormatMessageW` into `buf`,
/// returning the number of UTF-16 units written.
///
/// `module` is the message table for `FORMAT_MESSAGE_FROM_HMODULE`: a loaded
/// [`Dll`] (borrowed, so it stays loaded across the call), or `None` for the
/// process's own executable (Windows' NULL); without that flag it is unused.
/// A buffer longer than `u32::MAX` units is clamped; a buffer too small for
/// the text is an error (`ERROR_INSUFFICIENT_BUFFER`), never a silent cut.
///
/// Differences from Go, for safety (Windows dereferences whatever these
/// arguments name, so only typed values reach it):
/// * the message source is a `&Dll`, not an integer Windows would walk as a
///   module image;
/// * there is no `args` pointer, so `FORMAT_MESSAGE_IGNORE_INSERTS` is always
///   added (`%1`… stay in the text as written; `FORMAT_MESSAGE_ARGUMENT_ARRAY`
///   then has no effect);
/// * `FORMAT_MESSAGE_ALLOCATE_BUFFER` (Windows would write a pointer into
///   `buf`), `FORMAT_MESSAGE_FROM_STRING` (Windows would read the source as a
///   string pointer) and any bit Windows does not define give `EINVAL`
///   before any call.
///
/// [`format_message_raw`] is Go's unchecked form.
///
/// ```no_run
/// # #[cfg(windows)] {
/// use winsyscall::*;
/// let mut buf = [0u16; 300];
/// let n = format_message(FORMAT_MESSAGE_FROM_SYSTEM, None, 2, langid(LANG_ENGLISH, SUBLANG_ENGLISH_US), &mut buf).unwrap();
/// println!("{}", utf16_to_string(&buf[..n as usize]));
/// // A DLL's own message table:
/// let netmsg = load_dll("netmsg.dll").unwrap();
/// let n = format_message(FORMAT_MESSAGE_FROM_HMODULE, Some(&netmsg), 2102, 0, &mut buf);
/// # let _ = n;
/// # }
/// ```
#[cfg(feature = "dll")]
#[doc(alias = "FormatMessage")]
pub fn format_message(
    flags: u32,
    module: Option<&Dll>,
    msgid: u32,
    langid: u32,
    buf: &mut [u16],
) -> Result<u32> {
    format_checked(flags, module.map_or(0, |d| d.handle()), msgid, langid, buf)
}

/// [`format_message`]'s checks and call, with the module as the raw handle a
/// loaded `Dll` keeps alive (0 for the executable itself).
fn format_checked(
    flags: u32,
    module: usize,
    msgid: u32,
    langid: u32,
    buf: &mut [u16],
) -> Result<u32> {
    if flags & !KNOWN_FLAGS != 0
        || flags & (FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_STRING) != 0
    {
        return Err(Errno::EINVAL);
    }
    let flags = flags | FORMAT_MESSAGE_IGNORE_INSERTS;
    let src = core::ptr::without_provenance::<c_void>(module);
    // SAFETY: `buf` is writable for the length passed; with IGNORE_INSERTS and
    // neither ALLOCATE_BUFFER nor FROM_STRING, Windows reads no argument
    // array, writes only text into `buf`, and reads `src` only as a module
    // handle: NULL (the executable) or a module the caller's borrowed `Dll`
    // keeps loaded for the whole call.
    let n = unsafe {
        FormatMessageW(
            flags,
            src,
            msgid,
            langid,
            buf.as_mut_ptr(),
            crate::sys::clamp_len(buf.len()),
            core::ptr::null(),
        )
    };
    crate::sys::cvt(n)
}

/// Go: `syscall.FormatMessage` unchecked: `FormatMessageW` with every
/// argument passed as given (`args` is Go's `*byte`, a `va_list`-free
/// argument array when `FORMAT_MESSAGE_ARGUMENT_ARRAY` is set).
///
/// Returns the number of UTF-16 units written (with
/// `FORMAT_MESSAGE_ALLOCATE_BUFFER`, the length of the text Windows
/// allocated). [`format_message`] is the safe form.
///
/// # Safety
/// Every pointer is what `flags` makes Windows take it for: `msgsrc` NULL, a
/// loaded module's handle (`FROM_HMODULE`) or a NUL-terminated UTF-16 string
/// (`FROM_STRING`), valid for the call; `buf` writable for `size` units, or,
/// with `FORMAT_MESSAGE_ALLOCATE_BUFFER`, a writable `*mut u16` that receives
/// a `LocalAlloc` buffer the caller frees with `LocalFree`; unless
/// `FORMAT_MESSAGE_IGNORE_INSERTS` is set, `args` points to an array holding
/// a valid value for every insert (`%1`…) of the message, as its format
/// (`!s!` = a string pointer by default) says.
#[doc(alias = "FormatMessage")]
pub unsafe fn format_message_raw(
    flags: u32,
    msgsrc: *const c_void,
    msgid: u32,
    langid: u32,
    buf: *mut u16,
    size: u32,
    args: *const *const i8,
) -> Result<u32> {
    // SAFETY: forwarded to the caller.
    let n = unsafe { FormatMessageW(flags, msgsrc, msgid, langid, buf, size, args) };
    crate::sys::cvt(n)
}

fn lookup(e: Errno) -> Option<String> {
    let flags =
        FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ARGUMENT_ARRAY | FORMAT_MESSAGE_IGNORE_INSERTS;
    let mut buf = [0u16; 300];
    let n = format_checked(
        flags,
        0,
        e.0,
        crate::langid(LANG_ENGLISH, SUBLANG_ENGLISH_US),
        &mut buf,
    )
    .or_else(|_| format_checked(flags, 0, e.0, 0, &mut buf))
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
