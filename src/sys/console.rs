//! The console calls Go's `syscall` exports: [`get_console_mode`] (how Go's
//! `os` tells a console from a file or pipe), [`write_console`] and
//! [`read_console`] (UTF-16 console I/O, which Go's `os` uses so that non-ASCII
//! text reaches a console intact).
//!
//! ```no_run
//! # fn main() -> winsyscall::Result<()> {
//! use std::os::windows::io::AsHandle;
//! let out = std::io::stdout();
//! if winsyscall::get_console_mode(out.as_handle()).is_ok() {
//!     winsyscall::write_console_str(out.as_handle(), "héllo, wörld\n")?;
//! }
//! # Ok(()) }
//! ```

use crate::errno::Result;
use crate::sys::{clamp_len, cvt, raw_handle};
use std::os::windows::io::AsHandle;
use windows_sys::Win32::System::Console::{GetConsoleMode, ReadConsoleW, WriteConsoleW};

/// Go: `syscall.GetConsoleMode`: the input or output mode bits of a console
/// handle (kernel32 `GetConsoleMode`).
///
/// Go fills a `*uint32`; this returns the mode. On a handle that is not a
/// console (a file, a pipe) Windows fails with `ERROR_INVALID_HANDLE` (6):
/// that failure is how Go's `os` decides whether a handle is a console.
#[doc(alias = "GetConsoleMode")]
pub fn get_console_mode(console: impl AsHandle) -> Result<u32> {
    let mut mode = 0u32;
    // SAFETY: the handle is borrowed for the call; `mode` is a writable u32.
    cvt(unsafe { GetConsoleMode(raw_handle(&console.as_handle()), &mut mode) })?;
    Ok(mode)
}

/// Go: `syscall.WriteConsole`: writes UTF-16 units to a console screen buffer
/// (kernel32 `WriteConsoleW`), returning the number of units written.
///
/// Go takes a pointer and a count; this takes a slice (a longer slice than
/// `u32::MAX` units is clamped, and the short count returned). The reserved
/// argument is always NULL. A handle that is not a console fails (Windows:
/// `ERROR_INVALID_HANDLE`); use [`write`](crate::write) for files and pipes.
#[doc(alias = "WriteConsole")]
pub fn write_console(console: impl AsHandle, buf: &[u16]) -> Result<u32> {
    let mut written = 0u32;
    // SAFETY: `buf` is readable for the clamped length; `written` is writable;
    // the reserved pointer is NULL as required.
    cvt(unsafe {
        WriteConsoleW(
            raw_handle(&console.as_handle()),
            buf.as_ptr(),
            clamp_len(buf.len()),
            &mut written,
            std::ptr::null(),
        )
    })?;
    Ok(written)
}

/// [`write_console`] for a `&str`: the text is converted to UTF-16 and written
/// in one `WriteConsoleW` call; the result counts UTF-16 units, not bytes.
///
/// Beyond Go (Go's `os` does this conversion itself before calling
/// `WriteConsole`).
pub fn write_console_str(console: impl AsHandle, s: &str) -> Result<u32> {
    let units: Vec<u16> = s.encode_utf16().collect();
    write_console(console, &units)
}

/// Go: `syscall.ReadConsole`: reads UTF-16 units typed at a console
/// (kernel32 `ReadConsoleW`) into `buf`, returning the number of units read.
///
/// Go takes a pointer, a count and an input-control pointer; this takes a
/// slice (clamped to `u32::MAX` units) and always passes a NULL input control
/// (line-buffered read, as Go's `os` uses it). A handle that is not a console
/// input buffer fails (Windows: `ERROR_INVALID_HANDLE`).
#[doc(alias = "ReadConsole")]
pub fn read_console(console: impl AsHandle, buf: &mut [u16]) -> Result<u32> {
    let mut read = 0u32;
    // SAFETY: `buf` is writable for the clamped length; `read` is writable;
    // the input control is NULL, which ReadConsoleW allows.
    cvt(unsafe {
        ReadConsoleW(
            raw_handle(&console.as_handle()),
            buf.as_mut_ptr().cast(),
            clamp_len(buf.len()),
            &mut read,
            std::ptr::null(),
        )
    })?;
    Ok(read)
}
