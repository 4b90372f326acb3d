//! Links and reparse points: `link`, `symlink`, `readlink`,
//! `load_create_symbolic_link` and `device_io_control` (blocking, with a
//! list of the control codes safe code may send).

use super::{open_existing, with_path};
use crate::consts::{FILE_FLAG_BACKUP_SEMANTICS, FILE_FLAG_OPEN_REPARSE_POINT, GENERIC_READ};
use crate::errno::{Errno, ErrnoWith, Result};
use crate::reparse::{
    FSCTL_GET_REPARSE_POINT, MAXIMUM_REPARSE_DATA_BUFFER_SIZE,
    SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE, SYMBOLIC_LINK_FLAG_DIRECTORY,
    parse_reparse_buffer,
};
use crate::sys::sync_io::{overran, run};
use crate::sys::{clamp_len, cvt, last_error, raw_handle, units_to_path};
use crate::wstr::{WideArg, WideCString, utf16_to_string};
use std::os::windows::io::{AsHandle, BorrowedHandle};
use std::path::PathBuf;
use windows_sys::Win32::Storage::FileSystem::{CreateHardLinkW, CreateSymbolicLinkW};
use windows_sys::Win32::System::IO::DeviceIoControl;
use windows_sys::Win32::System::LibraryLoader::{GetModuleHandleW, GetProcAddress};

/// Makes `new` a hard link to the existing file `old`: `CreateHardLinkW(new, old,
/// NULL)` (beyond Go: Go's `Link` returns `EWINDOWS`).
///
/// Both names must be on one NTFS volume (`ERROR_NOT_SAME_DEVICE` otherwise); an
/// existing `new` gives `ERROR_ALREADY_EXISTS`; directories cannot be hard-linked
/// (`ERROR_ACCESS_DENIED`). The link count shows in
/// [`ByHandleFileInformation::number_of_links`](crate::ByHandleFileInformation).
#[doc(alias = "Link", alias = "CreateHardLink", alias = "CreateHardLinkW")]
pub fn link(old: impl WideArg, new: impl WideArg) -> Result<()> {
    with_path(old, |o| {
        with_path(new, |n| {
            // SAFETY: both names are NUL-terminated; NULL security attributes are allowed.
            cvt(unsafe { CreateHardLinkW(n.as_ptr(), o.as_ptr(), core::ptr::null()) })
        })
    })??
    .map(drop)
}

fn is_sep(c: u16) -> bool {
    c == u16::from(b'\\') || c == u16::from(b'/')
}

/// Length of the volume name at the start of `p` (Go's `filepath.VolumeName`,
/// simplified): `X:` gives 2, `\\server\share` its length, anything else 0.
fn volume_name_len(p: &[u16]) -> usize {
    if p.len() >= 2 && p[1] == u16::from(b':') && p[0] < 0x80 && (p[0] as u8).is_ascii_alphabetic()
    {
        return 2;
    }
    if p.len() >= 3 && is_sep(p[0]) && is_sep(p[1]) && !is_sep(p[2]) {
        // \\server\share: up to the separator after the share.
        let mut i = 2;
        for _ in 0..2 {
            while i < p.len() && is_sep(p[i]) {
                i += 1;
            }
            while i < p.len() && !is_sep(p[i]) {
                i += 1;
            }
        }
        return i;
    }
    0
}

/// The path `target` names when seen from the directory of `link` (how Go's
/// `os.Symlink` finds out whether the target is a directory).
fn resolve_target(target: &[u16], link: &[u16]) -> Vec<u16> {
    if volume_name_len(target) != 0 {
        return target.to_vec();
    }
    if target.first().is_some_and(|&c| is_sep(c)) {
        // Rooted: relative to the volume holding the link.
        let mut v = link[..volume_name_len(link)].to_vec();
        v.extend_from_slice(target);
        return v;
    }
    // Relative to the link's directory.
    let dir_end = link
        .iter()
        .rposition(|&c| is_sep(c) || c == u16::from(b':'));
    let mut v = match dir_end {
        Some(i) if link[i] == u16::from(b':') => link[..=i].to_vec(),
        Some(i) => link[..i].to_vec(),
        None => vec![u16::from(b'.')],
    };
    if v.last() != Some(&u16::from(b':')) {
        v.push(u16::from(b'\\'));
    }
    v.extend_from_slice(target);
    v
}

/// Whether `path` is (or, following links, leads to) a directory.
fn is_dir_following(path: &WideCString) -> bool {
    match open_existing(path, 0, 7, FILE_FLAG_BACKUP_SEMANTICS) {
        Ok(h) => crate::get_file_information_by_handle(&h)
            .is_ok_and(|i| i.file_attributes & crate::consts::FILE_ATTRIBUTE_DIRECTORY != 0),
        Err(_) => false,
    }
}

/// Makes `link` a symbolic link to `target` (beyond Go: Go's `Symlink` returns
/// `EWINDOWS`; this does what Go's `os.Symlink` does).
///
/// 1. `/` in `target` becomes `\` (the stored target is otherwise kept as given:
///    a relative target stays relative, and is not given the long-path form).
/// 2. Whether the target is a directory is decided as `os.Symlink` does: a
///    relative target is looked up from the link's directory (a rooted one on
///    the link's volume), links followed; a missing target makes a file link.
/// 3. `CreateSymbolicLinkW(link, target, SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE
///    [| SYMBOLIC_LINK_FLAG_DIRECTORY])`; if that fails it is retried once
///    without the unprivileged flag (older Windows reject it).
///
/// Without the symlink privilege or Developer Mode the error is
/// `ERROR_PRIVILEGE_NOT_HELD` (1314). Wine 8 note: `CreateSymbolicLinkW` there is
/// a stub that reports success and creates nothing.
#[doc(
    alias = "Symlink",
    alias = "CreateSymbolicLink",
    alias = "CreateSymbolicLinkW"
)]
pub fn symlink(target: impl WideArg, link: impl WideArg) -> Result<()> {
    let t = WideCString::new(target)?;
    let l = WideCString::new(link)?;
    let target_units: Vec<u16> = t
        .as_slice()
        .iter()
        .map(|&c| {
            if c == u16::from(b'/') {
                u16::from(b'\\')
            } else {
                c
            }
        })
        .collect();
    let target = WideCString::from_units(target_units)?;
    let probe = WideCString::from_units(resolve_target(target.as_slice(), l.as_slice()))?;
    let mut flags = SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE;
    if is_dir_following(&probe) {
        flags |= SYMBOLIC_LINK_FLAG_DIRECTORY;
    }
    with_path(&l, |lp| {
        // SAFETY: both names are NUL-terminated.
        let create = |f: u32| unsafe { CreateSymbolicLinkW(lp.as_ptr(), target.as_ptr(), f) };
        if create(flags) {
            return Ok(());
        }
        if create(flags & !SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE) {
            Ok(())
        } else {
            Err(last_error())
        }
    })?
}

/// Go: `syscall.LoadCreateSymbolicLink`: whether this system has
/// `CreateSymbolicLinkW` (`GetProcAddress` on kernel32). Go returns its
/// `*DLLError`; this returns the `Errno` (`ERROR_PROC_NOT_FOUND` when missing).
#[doc(alias = "LoadCreateSymbolicLink")]
pub fn load_create_symbolic_link() -> Result<()> {
    let k32 = WideCString::new("kernel32.dll")?;
    // SAFETY: NUL-terminated name; kernel32 is always loaded, the handle is not freed.
    let m = unsafe { GetModuleHandleW(k32.as_ptr()) };
    if m.is_null() {
        return Err(last_error());
    }
    // SAFETY: `m` is a loaded module; the name is a NUL-terminated literal.
    match unsafe { GetProcAddress(m, c"CreateSymbolicLinkW".as_ptr().cast()) } {
        Some(_) => Ok(()),
        None => Err(last_error()),
    }
}

/// The control codes the safe [`device_io_control`] sends: each is
/// `METHOD_BUFFERED` (the I/O manager copies both buffers, by the lengths
/// given, through a buffer of its own, so the driver never sees the caller's
/// addresses) and its input and output are plain data: no pointers, no
/// handles, nothing the driver keeps after the call.
const LISTED_DEVICE_CODES: [u32; 9] = {
    use windows_sys::Wdk::Storage::FileSystem::{
        FSCTL_PIPE_DISCONNECT, FSCTL_PIPE_LISTEN, FSCTL_PIPE_PEEK,
    };
    use windows_sys::Win32::System::Ioctl::{
        FSCTL_DELETE_REPARSE_POINT, FSCTL_GET_COMPRESSION, FSCTL_SET_COMPRESSION,
        FSCTL_SET_REPARSE_POINT, FSCTL_SET_SPARSE,
    };
    [
        FSCTL_GET_REPARSE_POINT,
        FSCTL_SET_REPARSE_POINT,
        FSCTL_DELETE_REPARSE_POINT,
        FSCTL_GET_COMPRESSION,
        FSCTL_SET_COMPRESSION,
        FSCTL_SET_SPARSE,
        FSCTL_PIPE_PEEK,
        FSCTL_PIPE_LISTEN,
        FSCTL_PIPE_DISCONNECT,
    ]
};

/// Go: `syscall.DeviceIoControl`, synchronous and safe: sends `code` with
/// `input` and receives into `output`, returning the bytes written to `output`.
///
/// Only control codes whose buffers are plain data can be sent from safe
/// code; these are (any other gives `ERROR_NOT_SUPPORTED` without a call: use
/// [`device_io_control_unchecked`] or [`device_io_control_raw`]):
///
/// * reparse points: `FSCTL_GET_REPARSE_POINT` (0x900A8),
///   `FSCTL_SET_REPARSE_POINT` (0x900A4), `FSCTL_DELETE_REPARSE_POINT` (0x900AC);
/// * `FSCTL_GET_COMPRESSION` (0x9003C), `FSCTL_SET_COMPRESSION` (0x9C040),
///   `FSCTL_SET_SPARSE` (0x900C4);
/// * pipes: `FSCTL_PIPE_PEEK` (0x11400C), `FSCTL_PIPE_LISTEN` (0x110008, the
///   call under `ConnectNamedPipe`: blocks until a client connects),
///   `FSCTL_PIPE_DISCONNECT` (0x110004).
///
/// All are `METHOD_BUFFERED`: Windows copies the buffers by the lengths
/// given, so a short buffer gives the driver's error
/// (`ERROR_INSUFFICIENT_BUFFER`, `ERROR_MORE_DATA`…), never an overrun.
///
/// Go passes an optional `*Overlapped`; this form never takes one and always
/// blocks until the operation is over, also on a handle opened with
/// `FILE_FLAG_OVERLAPPED` (where Go's call with `nil` could return
/// `ERROR_IO_PENDING` while the driver still writes `output`): the call is
/// issued with a private `OVERLAPPED` and waited out, and queues no packet to
/// a completion port the handle is associated with. Over-long buffers are
/// clamped to `u32::MAX`.
///
/// A failure carries the bytes the driver wrote to `output` all the same
/// (what Go's caller reads from `bytesReturned`): with `ERROR_MORE_DATA` (a
/// warning: the output was too short for the whole answer, as for
/// `FSCTL_PIPE_PEEK` with a message longer than the buffer) `output` holds
/// that first part of the answer. For errors it is normally 0. `?` converts
/// the error into [`Errno`] or `io::Error`.
#[doc(alias = "DeviceIoControl")]
pub fn device_io_control(
    h: impl AsHandle,
    code: u32,
    input: &[u8],
    output: &mut [u8],
) -> core::result::Result<usize, ErrnoWith<usize>> {
    if !LISTED_DEVICE_CODES.contains(&code) {
        return Err(ErrnoWith::new(Errno::ERROR_NOT_SUPPORTED, 0));
    }
    // SAFETY: listed codes take and give plain data through buffers Windows
    // copies by the lengths given (see `LISTED_DEVICE_CODES`).
    unsafe { device_io_control_unchecked(h, code, input, output) }
}

/// [`device_io_control`] for any control code: blocking (also on an
/// overlapped handle), returning the bytes written to `output`, also with an
/// error (as [`device_io_control`]).
///
/// # Safety
/// The driver must use `input` and `output` only as plain data within the
/// lengths given, during the call: no pointers or handles inside them that it
/// dereferences or uses, and nothing it keeps after completing the request.
/// `METHOD_NEITHER` codes hand the driver the addresses themselves; codes
/// whose structures carry pointers let it reach any memory. Only the caller
/// can know that the code is harmless.
#[doc(alias = "DeviceIoControl")]
pub unsafe fn device_io_control_unchecked(
    h: impl AsHandle,
    code: u32,
    input: &[u8],
    output: &mut [u8],
) -> core::result::Result<usize, ErrnoWith<usize>> {
    let h = raw_handle(&h.as_handle());
    let inp = if input.is_empty() {
        core::ptr::null()
    } else {
        input.as_ptr().cast()
    };
    let out = if output.is_empty() {
        core::ptr::null_mut()
    } else {
        output.as_mut_ptr().cast()
    };
    let (inlen, outlen) = (clamp_len(input.len()), clamp_len(output.len()));
    let issue = |ov| {
        // SAFETY: the buffers are valid for their lengths:
        // `run` below returns only once the operation is over.
        unsafe { DeviceIoControl(h, code, inp, inlen, out, outlen, core::ptr::null_mut(), ov) }
    };
    // SAFETY: the closure starts one request with the OVERLAPPED it is given;
    // both buffers stay borrowed until `run` returns, after the request is
    // over; what the driver does with them is the caller's contract above.
    let (r, n) = unsafe { run(h, issue) }.map_err(|e| ErrnoWith::new(e, 0))?;
    let n = n as usize;
    if n > output.len() {
        overran("DeviceIoControl", n, output.len());
    }
    r.map(|()| n).map_err(|e| ErrnoWith::new(e, n))
}

/// Go: `syscall.DeviceIoControl(handle, code, in, inSize, out, outSize,
/// &returned, overlapped)`, raw. A started overlapped request gives
/// `Err(ERROR_IO_PENDING)`.
///
/// # Safety
/// `inbuf`/`outbuf` are NULL or valid for their lengths, `returned` is NULL
/// or valid, and the contract of [`device_io_control_unchecked`] holds for
/// `code`. With a non-null `overlapped` (a valid `OVERLAPPED`), the buffers
/// and `*overlapped` stay valid and unmoved until the request completes; with
/// a null one, the handle must not have been opened for overlapped I/O (or
/// Windows may return while the request is in flight).
#[doc(alias = "DeviceIoControl")]
#[allow(clippy::too_many_arguments)]
pub unsafe fn device_io_control_raw(
    h: BorrowedHandle<'_>,
    code: u32,
    inbuf: *const u8,
    inlen: u32,
    outbuf: *mut u8,
    outlen: u32,
    returned: *mut u32,
    overlapped: *mut windows_sys::Win32::System::IO::OVERLAPPED,
) -> Result<()> {
    // SAFETY: forwarded to the caller's contract above.
    cvt(unsafe {
        DeviceIoControl(
            raw_handle(&h),
            code,
            inbuf.cast(),
            inlen,
            outbuf.cast(),
            outlen,
            returned,
            overlapped,
        )
    })
    .map(drop)
}

fn readlink_units(path: impl WideArg) -> Result<Vec<u16>> {
    // Go: GENERIC_READ, share 0 (exclusive), OPEN_EXISTING, OPEN_REPARSE_POINT | BACKUP_SEMANTICS.
    let h = open_existing(
        path,
        GENERIC_READ,
        0,
        FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS,
    )?;
    let mut buf = vec![0u8; MAXIMUM_REPARSE_DATA_BUFFER_SIZE];
    let n = device_io_control(&h, FSCTL_GET_REPARSE_POINT, &[], &mut buf)?;
    Ok(parse_reparse_buffer(&buf[..n.min(buf.len())])?.go_target())
}

/// Go: `syscall.Readlink`, returning the target (lossy for unpaired
/// surrogates; [`readlink_os`] is exact, [`readlink_into`] has Go's shape).
///
/// Opens `path` with `GENERIC_READ`, share mode 0, `OPEN_EXISTING`,
/// `FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS`, reads the reparse
/// data with `DeviceIoControl(FSCTL_GET_REPARSE_POINT)` into a 16 KiB buffer and
/// applies Go's rules ([`ReparseTarget::go_target`](crate::ReparseTarget::go_target)):
/// symbolic links (absolute and relative) and mount points/junctions are
/// supported; any other tag gives `ENOENT`; a file that is no reparse point gives
/// `ERROR_NOT_A_REPARSE_POINT` (4390). Malformed reparse data gives
/// `ERROR_INVALID_REPARSE_DATA` where Go would read out of bounds.
#[doc(alias = "Readlink")]
pub fn readlink(path: impl WideArg) -> Result<String> {
    readlink_units(path).map(|u| utf16_to_string(&u))
}

/// [`readlink`], losslessly as a `PathBuf`.
#[doc(alias = "Readlink")]
pub fn readlink_os(path: impl WideArg) -> Result<PathBuf> {
    readlink_units(path).map(|u| units_to_path(&u))
}

/// Go's `Readlink(path, buf) (n, err)` shape: copies the target's WTF-8 bytes
/// (Go's string bytes) into `buf` and returns how many were copied.
///
/// As in Go, the result is **silently truncated** to `buf.len()` and no NUL is
/// added. Go returns `n = -1` with its errors; here an error is an `Err`.
#[doc(alias = "Readlink")]
pub fn readlink_into(path: impl WideArg, buf: &mut [u8]) -> Result<usize> {
    let bytes = crate::wstr::utf16_to_wtf8(&readlink_units(path)?);
    let n = bytes.len().min(buf.len());
    buf[..n].copy_from_slice(&bytes[..n]);
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    #[test]
    fn listed_device_codes_are_buffered() {
        // METHOD_BUFFERED is 0 in the two low bits of a control code.
        for code in LISTED_DEVICE_CODES {
            assert_eq!(code & 3, 0, "{code:#x}");
        }
        assert_eq!(
            LISTED_DEVICE_CODES,
            [
                0x900A8, 0x900A4, 0x900AC, 0x9003C, 0x9C040, 0x900C4, 0x11400C, 0x110008, 0x110004
            ]
        );
    }

    #[test]
    fn targets_resolve_like_os_symlink() {
        assert_eq!(resolve_target(&w(r"D:\t"), &w(r"C:\d\l")), w(r"D:\t"));
        assert_eq!(resolve_target(&w(r"\t"), &w(r"C:\d\l")), w(r"C:\t"));
        assert_eq!(resolve_target(&w(r"t\u"), &w(r"C:\d\l")), w(r"C:\d\t\u"));
        assert_eq!(resolve_target(&w(r"..\t"), &w(r"C:/d/l")), w(r"C:/d\..\t"));
        assert_eq!(resolve_target(&w("t"), &w("l")), w(r".\t"));
        assert_eq!(resolve_target(&w("t"), &w("C:l")), w(r"C:t"));
        assert_eq!(
            resolve_target(&w(r"\t"), &w(r"\\srv\share\d\l")),
            w(r"\\srv\share\t")
        );
        assert_eq!(
            resolve_target(&w(r"\\srv\s\t"), &w(r"C:\l")),
            w(r"\\srv\s\t")
        );
    }
}
