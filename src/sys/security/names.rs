//! Account names: secur32's `TranslateNameW` and `GetUserNameExW`, and
//! netapi32's user and join information.

use super::{grown, ptr_or_null, with_opt_wide};
use crate::errno::{Errno, Result};
use crate::sys::{clamp_len, cvt_code, last_error};
use crate::wstr::{WideArg, utf16_ptr_to_string, utf16_to_string};
use windows_sys::Win32::NetworkManagement::NetManagement::{
    NetApiBufferFree, NetGetJoinInformation, NetUserGetInfo, USER_INFO_10,
};
use windows_sys::Win32::Security::Authentication::Identity::{GetUserNameExW, TranslateNameW};

/// A buffer netapi32 allocated, freed (`NetApiBufferFree`) on drop.
struct NetBuf(*mut core::ffi::c_void);

impl Drop for NetBuf {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: the pointer came from a netapi32 call that allocates with
            // NetApiBufferAllocate, and is freed only here.
            unsafe { NetApiBufferFree(self.0) };
        }
    }
}

/// A BOOLEAN (1-byte) result: Go's `[failretval&0xff==0]` rule.
fn cvt_boolean(ok: bool) -> Result<()> {
    if ok { Ok(()) } else { Err(last_error()) }
}

/// Go: `syscall.TranslateName`: one secur32 `TranslateNameW` call,
/// converting `acc_name` from the `Name*` format `from` to `to`, into
/// `translated`.
///
/// The size passed is `translated.len()` (Go reads it from `*nSize`); on
/// return `n` holds what Windows wrote back (the length with the NUL on
/// success, the size needed on `ERROR_INSUFFICIENT_BUFFER`). Failure is a
/// zero BOOLEAN. A NUL in `acc_name` gives `EINVAL` with no call.
/// [`translate_account_name`] is the grow-looped form.
#[doc(alias = "TranslateName")]
pub fn translate_name(
    acc_name: impl WideArg,
    from: u32,
    to: u32,
    translated: &mut [u16],
    n: &mut u32,
) -> Result<()> {
    acc_name.with_wide(|acc| {
        *n = clamp_len(translated.len());
        let ptr = ptr_or_null(translated);
        // SAFETY: `acc` is NUL-terminated; `translated` is writable for the
        // length passed (NULL with 0); `n` is writable.
        cvt_boolean(unsafe { TranslateNameW(acc.as_ptr(), from as i32, to as i32, ptr, n) })
    })?
}

/// Go: `syscall.TranslateAccountName`: `username` converted from the
/// `Name*` format `from` to `to` (secur32 `TranslateNameW`).
///
/// As in Go, `init_size` is accepted and **ignored**: the buffer always starts
/// at 50 units and grows on `ERROR_INSUFFICIENT_BUFFER` to the size asked for
/// (stopping, with that error, when it does not grow). Go's `int` is `i64`.
///
/// ```no_run
/// # fn main() -> winsyscall::Result<()> {
/// use winsyscall::*;
/// let me = user_name_ex(NameSamCompatible)?; // "DOMAIN\\user"
/// let upn = translate_account_name(&me, NameSamCompatible, NameUserPrincipal, 0)?;
/// # Ok(()) }
/// ```
#[doc(alias = "TranslateAccountName")]
pub fn translate_account_name(
    username: impl WideArg,
    from: u32,
    to: u32,
    init_size: i64,
) -> Result<String> {
    let _ = init_size; // Go ignores it too.
    username.with_wide(|u| {
        let mut n = 50u32;
        loop {
            let mut b = vec![0u16; n as usize];
            // SAFETY: `u` is NUL-terminated; `b` is writable for `n` units.
            let r = cvt_boolean(unsafe {
                TranslateNameW(u.as_ptr(), from as i32, to as i32, b.as_mut_ptr(), &mut n)
            });
            match r {
                Ok(()) => return Ok(utf16_to_string(&b[..(n as usize).min(b.len())])),
                Err(Errno::ERROR_INSUFFICIENT_BUFFER) => {
                    n = grown(n, b.len()).ok_or(Errno::ERROR_INSUFFICIENT_BUFFER)?;
                }
                Err(e) => return Err(e),
            }
        }
    })?
}

/// Go: `syscall.GetUserNameEx`: one secur32 `GetUserNameExW` call: the name
/// of this thread's user in the `Name*` format `name_format`, into `buf`.
///
/// The size passed is `buf.len()` (Go reads it from `*nSize`); on return `n`
/// holds what Windows wrote back: the length without the NUL on success, the
/// size needed on `ERROR_MORE_DATA`. Failure is a zero BOOLEAN.
/// [`user_name_ex`] returns the `String` directly.
#[doc(alias = "GetUserNameEx")]
pub fn get_user_name_ex(name_format: u32, buf: &mut [u16], n: &mut u32) -> Result<()> {
    *n = clamp_len(buf.len());
    let ptr = ptr_or_null(buf);
    // SAFETY: `buf` is writable for the length passed (NULL with 0); `n` is writable.
    cvt_boolean(unsafe { GetUserNameExW(name_format as i32, ptr, n) })
}

/// This thread's user name in the `Name*` format `name_format`
/// (`GetUserNameExW` from 50 units, grown on `ERROR_MORE_DATA` or
/// `ERROR_INSUFFICIENT_BUFFER` to the size asked for). Beyond Go, which has
/// only the raw [`get_user_name_ex`].
///
/// `NameSamCompatible` gives `DOMAIN\user` (`COMPUTER\user` off a domain).
#[doc(alias = "GetUserNameEx")]
pub fn user_name_ex(name_format: u32) -> Result<String> {
    let mut n = 50u32;
    loop {
        let mut b = vec![0u16; n as usize];
        match get_user_name_ex(name_format, &mut b, &mut n) {
            Ok(()) => return Ok(utf16_to_string(&b[..(n as usize).min(b.len())])),
            Err(e @ (Errno::ERROR_MORE_DATA | Errno::ERROR_INSUFFICIENT_BUFFER)) => {
                n = grown(n, b.len()).ok_or(e)?;
            }
            Err(e) => return Err(e),
        }
    }
}

/// Go: `syscall.UserInfo10` (Windows' `USER_INFO_10`): an account's name and
/// comments, from [`net_user_get_info`] at level 10.
///
/// Go's fields are `*uint16` into a netapi32 buffer the caller must free with
/// `NetApiBufferFree`; here they are owned strings (a NULL field is `""`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct UserInfo10 {
    /// Go: `Name`: the account name.
    pub name: String,
    /// Go: `Comment`: the administrator's comment.
    pub comment: String,
    /// Go: `UsrComment`: the user's comment.
    pub usr_comment: String,
    /// Go: `FullName`: the full name.
    pub full_name: String,
}

/// Go: `syscall.NetUserGetInfo`: netapi32 `NetUserGetInfo` for `user_name` on
/// `server_name` (empty: the local computer) at information `level`.
///
/// Differences from Go: Go hands back the raw buffer for the caller to cast
/// and free; here the strings are copied into a [`UserInfo10`] and the buffer
/// is freed (`NetApiBufferFree`) inside. Level 10 is the one layout Go
/// defines and the only level taken: any other gives `EINVAL` with no call.
/// A NUL in a name gives `EINVAL` too. The error is the returned code
/// (`NERR_UserNotFound` 2221…), as Go's `neterr`.
#[doc(alias = "NetUserGetInfo")]
pub fn net_user_get_info(
    server_name: impl WideArg,
    user_name: impl WideArg,
    level: u32,
) -> Result<UserInfo10> {
    if level != 10 {
        return Err(Errno::EINVAL);
    }
    with_opt_wide(server_name, |server| {
        user_name.with_wide(|user| {
            let mut buf = NetBuf(core::ptr::null_mut());
            let mut p: *mut u8 = core::ptr::null_mut();
            // SAFETY: `server` is NULL or NUL-terminated, `user` NUL-terminated;
            // `p` is a writable out-pointer.
            let code = unsafe { NetUserGetInfo(server, user.as_ptr(), level, &mut p) };
            buf.0 = p.cast();
            cvt_code(code)?;
            if p.is_null() {
                return Err(Errno::EINVAL);
            }
            // SAFETY: a level-10 call writes a USER_INFO_10 at `p`, aligned by
            // the allocator; it stays alive until `buf` drops.
            let ui = unsafe { p.cast::<USER_INFO_10>().read() };
            // SAFETY: each field is NULL or a NUL-terminated string in `buf`.
            let s = |f: *mut u16| unsafe { utf16_ptr_to_string(f) };
            Ok(UserInfo10 {
                name: s(ui.usri10_name),
                comment: s(ui.usri10_comment),
                usr_comment: s(ui.usri10_usr_comment),
                full_name: s(ui.usri10_full_name),
            })
        })?
    })?
}

/// Go: `syscall.NetGetJoinInformation`: the workgroup or domain that computer
/// `server` (empty: this one) belongs to, and its `NetSetup*` status
/// (netapi32 `NetGetJoinInformation`).
///
/// Go hands back the netapi32 buffer for the caller to free; here the name is
/// copied out and the buffer freed inside. The error is the returned code.
#[doc(alias = "NetGetJoinInformation")]
pub fn net_get_join_information(server: impl WideArg) -> Result<(String, u32)> {
    with_opt_wide(server, |server| {
        let mut name: *mut u16 = core::ptr::null_mut();
        let mut status = 0;
        // SAFETY: `server` is NULL or NUL-terminated; both out-pointers are writable.
        let code = unsafe { NetGetJoinInformation(server, &mut name, &mut status) };
        let buf = NetBuf(name.cast());
        cvt_code(code)?;
        // SAFETY: on success `name` is NULL or a NUL-terminated string in `buf`.
        let text = unsafe { utf16_ptr_to_string(name) };
        drop(buf);
        Ok((text, status as u32))
    })?
}
