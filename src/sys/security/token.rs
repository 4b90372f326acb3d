//! [`Token`], Go's access-token handle, and what can be read from it.

use super::{Sid, TokenPrimaryGroup, TokenUser, grown, ptr_or_null};
use crate::errno::{Errno, Result};
use crate::sys::handle::SecurityAttributes;
use crate::sys::{clamp_len, cvt, raw_handle};
use crate::wstr::{utf16_to_os_string, utf16_to_string};
use std::os::windows::io::{
    AsHandle, AsRawHandle, BorrowedHandle, FromRawHandle, IntoRawHandle, OwnedHandle, RawHandle,
};
use std::path::PathBuf;
use windows_sys::Win32::Foundation::HANDLE;
use windows_sys::Win32::Security::{
    DuplicateTokenEx, GetTokenInformation, TOKEN_PRIMARY_GROUP, TOKEN_USER,
};
use windows_sys::Win32::System::Threading::OpenProcessToken;
use windows_sys::Win32::UI::Shell::GetUserProfileDirectoryW;

/// Go: `syscall.Token`: an access token, the security context of a logon
/// session (who the user is, their groups and privileges).
///
/// Go's `type Token Handle` must be closed by hand; this one owns its handle
/// and closes it on drop ([`Token::close`] reports the error). It is an
/// [`AsHandle`], so it can be passed wherever a token handle is taken:
/// [`SysProcAttr::token`](crate::SysProcAttr::token) (`Some(token.as_handle())`),
/// [`create_process_as_user`](crate::create_process_as_user),
/// [`duplicate_token_ex`]… `From` converts to and from [`OwnedHandle`].
#[derive(Debug)]
pub struct Token(OwnedHandle);

/// Go: `syscall.SIDAndAttributes` (Windows' `SID_AND_ATTRIBUTES`): a SID and
/// its `SE_GROUP_*` attribute bits.
///
/// Go's `Sid *SID` points into the buffer `GetTokenInformation` filled; here
/// the SID is copied out into an owned [`Sid`].
#[doc(alias = "SIDAndAttributes")]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SidAndAttributes {
    /// Go: `Sid`.
    pub sid: Sid,
    /// Go: `Attributes`.
    pub attributes: u32,
}

/// Go: `syscall.Tokenuser` (Windows' `TOKEN_USER`): the user of a token, from
/// [`Token::get_token_user`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Tokenuser {
    /// Go: `User`.
    pub user: SidAndAttributes,
}

/// Go: `syscall.Tokenprimarygroup` (Windows' `TOKEN_PRIMARY_GROUP`): the group
/// that becomes the primary group of objects the token's processes create,
/// from [`Token::get_token_primary_group`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Tokenprimarygroup {
    /// Go: `PrimaryGroup`, an owned copy of the SID.
    pub primary_group: Sid,
}

/// `SecurityAnonymous` (0): the server cannot identify the client
/// (`SECURITY_IMPERSONATION_LEVEL`, for [`duplicate_token_ex`]). Beyond Go's
/// `syscall` (the name is `golang.org/x/sys/windows`'s).
#[allow(non_upper_case_globals)]
pub const SecurityAnonymous: u32 = 0;
/// `SecurityIdentification` (1): the server can identify, not impersonate.
/// Beyond Go's `syscall`.
#[allow(non_upper_case_globals)]
pub const SecurityIdentification: u32 = 1;
/// `SecurityImpersonation` (2): the server can impersonate on the local system.
/// Beyond Go's `syscall`.
#[allow(non_upper_case_globals)]
pub const SecurityImpersonation: u32 = 2;
/// `SecurityDelegation` (3): the server can impersonate on remote systems too.
/// Beyond Go's `syscall`.
#[allow(non_upper_case_globals)]
pub const SecurityDelegation: u32 = 3;
/// `TokenPrimary` (1): a primary token, for a process (`TOKEN_TYPE`, for
/// [`duplicate_token_ex`]). Beyond Go's `syscall`.
#[allow(non_upper_case_globals)]
pub const TokenPrimary: u32 = 1;
/// `TokenImpersonation` (2): an impersonation token, for a thread. Beyond Go's
/// `syscall`.
#[allow(non_upper_case_globals)]
pub const TokenImpersonation: u32 = 2;

/// A `GetTokenInformation` result: 8-byte aligned, as the structures in it need.
struct InfoBuf(Vec<u64>);

impl InfoBuf {
    /// Reads the structure `T` at the start of the buffer.
    ///
    /// # Safety
    /// Windows filled the buffer with a `T` (and whatever it points to).
    unsafe fn head<T: Copy>(&self) -> T {
        assert!(self.0.len() * 8 >= size_of::<T>() && align_of::<T>() <= 8);
        // SAFETY: in bounds and aligned (checked above); initialised by
        // Windows as a `T`, per the caller.
        unsafe { self.0.as_ptr().cast::<T>().read() }
    }
}

impl Token {
    /// Go: `(Token).Close`: `CloseHandle`, reporting its error (dropping the
    /// token closes it too, ignoring the result).
    #[doc(alias = "Close")]
    pub fn close(self) -> Result<()> {
        crate::sys::handle::close(self.0)
    }

    /// Go's `getInfo`: `GetTokenInformation(class)` into a buffer that starts
    /// at `init_size` bytes and grows on `ERROR_INSUFFICIENT_BUFFER` to the
    /// size Windows asks for (stopping when that does not grow).
    fn get_info(&self, class: u32, init_size: u32) -> Result<InfoBuf> {
        let mut n = init_size;
        loop {
            let mut b = vec![0u64; (n as usize).div_ceil(8)];
            // SAFETY: the buffer is writable for the `n` bytes passed (its
            // capacity is at least that); `n` is a writable counter.
            let r = unsafe {
                GetTokenInformation(
                    raw_handle(&self.0),
                    class as i32,
                    b.as_mut_ptr().cast(),
                    n,
                    &mut n,
                )
            };
            match cvt(r) {
                Ok(_) => return Ok(InfoBuf(b)),
                Err(Errno::ERROR_INSUFFICIENT_BUFFER) => {
                    let had = b.len() * 8;
                    n = grown(n, had).ok_or(Errno::ERROR_INSUFFICIENT_BUFFER)?;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Go: `(Token).GetTokenUser`: the token's user, `GetTokenInformation`
    /// with [`TokenUser`] (buffer from 50 bytes, grown as asked).
    ///
    /// Go returns a pointer into its buffer; here the SID is copied out.
    #[doc(alias = "GetTokenUser")]
    pub fn get_token_user(&self) -> Result<Tokenuser> {
        let b = self.get_info(TokenUser, 50)?;
        // SAFETY: a successful TokenUser query writes a TOKEN_USER first.
        let tu: TOKEN_USER = unsafe { b.head() };
        // SAFETY: its SID pointer points to a valid SID inside `b`, still alive.
        let sid = unsafe { Sid::from_psid(tu.User.Sid) }?;
        Ok(Tokenuser {
            user: SidAndAttributes {
                sid,
                attributes: tu.User.Attributes,
            },
        })
    }

    /// Go: `(Token).GetTokenPrimaryGroup`: the token's primary group,
    /// `GetTokenInformation` with [`TokenPrimaryGroup`] (buffer from 50 bytes,
    /// grown as asked). The SID is copied out.
    #[doc(alias = "GetTokenPrimaryGroup")]
    pub fn get_token_primary_group(&self) -> Result<Tokenprimarygroup> {
        let b = self.get_info(TokenPrimaryGroup, 50)?;
        // SAFETY: a successful TokenPrimaryGroup query writes a TOKEN_PRIMARY_GROUP.
        let pg: TOKEN_PRIMARY_GROUP = unsafe { b.head() };
        // SAFETY: its SID pointer points to a valid SID inside `b`, still alive.
        let primary_group = unsafe { Sid::from_psid(pg.PrimaryGroup) }?;
        Ok(Tokenprimarygroup { primary_group })
    }

    /// Go: `(Token).GetUserProfileDirectory`: the root of the token's user
    /// profile, e.g. `C:\Users\gopher` (userenv `GetUserProfileDirectoryW`,
    /// buffer from 100 units, grown on `ERROR_INSUFFICIENT_BUFFER`).
    ///
    /// The token needs `TOKEN_QUERY`. As in Go, every failure is reported,
    /// including `ERROR_FILE_NOT_FOUND` for a logon without a profile. Lossy
    /// for unpaired surrogates, as Go's string is;
    /// [`get_user_profile_directory_os`](Token::get_user_profile_directory_os)
    /// is exact.
    #[doc(alias = "GetUserProfileDirectory")]
    pub fn get_user_profile_directory(&self) -> Result<String> {
        self.user_profile_units().map(|b| utf16_to_string(&b))
    }

    /// [`get_user_profile_directory`](Token::get_user_profile_directory),
    /// losslessly as a `PathBuf` (beyond Go).
    #[doc(alias = "GetUserProfileDirectory")]
    pub fn get_user_profile_directory_os(&self) -> Result<PathBuf> {
        self.user_profile_units()
            .map(|b| PathBuf::from(utf16_to_os_string(&b)))
    }

    /// The profile directory's units (up to the NUL), grow-looped.
    fn user_profile_units(&self) -> Result<Vec<u16>> {
        let mut n = 100u32;
        loop {
            let mut b = vec![0u16; n as usize];
            match get_user_profile_directory(self, &mut b, &mut n) {
                Ok(()) => {
                    let len = b.iter().position(|&u| u == 0).unwrap_or(b.len());
                    b.truncate(len);
                    return Ok(b);
                }
                Err(Errno::ERROR_INSUFFICIENT_BUFFER) => {
                    n = grown(n, b.len()).ok_or(Errno::ERROR_INSUFFICIENT_BUFFER)?;
                }
                Err(e) => return Err(e),
            }
        }
    }
}

impl AsHandle for Token {
    fn as_handle(&self) -> BorrowedHandle<'_> {
        self.0.as_handle()
    }
}

impl AsRawHandle for Token {
    fn as_raw_handle(&self) -> RawHandle {
        self.0.as_raw_handle()
    }
}

impl IntoRawHandle for Token {
    fn into_raw_handle(self) -> RawHandle {
        self.0.into_raw_handle()
    }
}

impl From<OwnedHandle> for Token {
    /// Takes over a token handle (one from `OpenThreadToken`, `LogonUserW`…).
    fn from(h: OwnedHandle) -> Token {
        Token(h)
    }
}

impl From<Token> for OwnedHandle {
    fn from(t: Token) -> OwnedHandle {
        t.0
    }
}

/// Wraps a token handle Windows just returned through an out-pointer.
fn owned_token(h: HANDLE) -> Token {
    // SAFETY: the caller got `h` from a successful call that hands ownership
    // of a new handle to us; nobody else closes it.
    Token(unsafe { OwnedHandle::from_raw_handle(h as RawHandle) })
}

/// Go: `syscall.OpenCurrentProcessToken`: this process's token, opened with
/// [`TOKEN_QUERY`](super::TOKEN_QUERY) (`OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY)`).
///
/// For other rights use [`open_process_token`].
#[doc(alias = "OpenCurrentProcessToken")]
pub fn open_current_process_token() -> Result<Token> {
    // SAFETY: GetCurrentProcess returns the constant pseudo-handle, always
    // valid in this process and never closed.
    let me = unsafe {
        BorrowedHandle::borrow_raw(
            windows_sys::Win32::System::Threading::GetCurrentProcess() as RawHandle
        )
    };
    open_process_token(me, super::TOKEN_QUERY)
}

/// Go: `syscall.OpenProcessToken`: the token of `process`, with the
/// `TOKEN_*` rights in `access` (advapi32 `OpenProcessToken`).
///
/// Go fills a `*Token`; here the owned [`Token`] is returned.
#[doc(alias = "OpenProcessToken")]
pub fn open_process_token(process: impl AsHandle, access: u32) -> Result<Token> {
    let mut h: HANDLE = core::ptr::null_mut();
    // SAFETY: the process handle is borrowed for the call; `h` is writable.
    cvt(unsafe { OpenProcessToken(raw_handle(&process.as_handle()), access, &mut h) })?;
    Ok(owned_token(h))
}

/// Go: `syscall.GetTokenInformation`: one `GetTokenInformation` call of
/// `class` (`Token*`, e.g. [`TokenUser`]) into `info`.
///
/// Go takes a pointer and a length; here the length is `info.len()`. On
/// return `returned_len` holds the bytes written, or the size needed on
/// `ERROR_INSUFFICIENT_BUFFER` (ask with an empty `info` to learn it).
/// Structures in the result point into `info` itself, so read them in place;
/// Windows may refuse a buffer not aligned for them (`ERROR_NOACCESS`).
/// [`Token::get_token_user`] and [`Token::get_token_primary_group`] are the
/// typed, grow-looped forms.
#[doc(alias = "GetTokenInformation")]
pub fn get_token_information(
    token: impl AsHandle,
    class: u32,
    info: &mut [u8],
    returned_len: &mut u32,
) -> Result<()> {
    let ptr = ptr_or_null(info);
    // SAFETY: the token is borrowed for the call; `info` is writable for the
    // length passed (NULL with 0); `returned_len` is writable.
    let r = unsafe {
        GetTokenInformation(
            raw_handle(&token.as_handle()),
            class as i32,
            ptr.cast(),
            clamp_len(info.len()),
            returned_len,
        )
    };
    cvt(r).map(drop)
}

/// Go: `syscall.GetUserProfileDirectory`: one userenv
/// `GetUserProfileDirectoryW` call for `token`, into `dir`.
///
/// The size passed is `dir.len()` (Go reads it from `*dirLen`); on return
/// `dir_len` holds what Windows wrote back: the length with the NUL on
/// success, the size needed on `ERROR_INSUFFICIENT_BUFFER`.
/// [`Token::get_user_profile_directory`] is the grow-looped form.
#[doc(alias = "GetUserProfileDirectory")]
pub fn get_user_profile_directory(
    token: impl AsHandle,
    dir: &mut [u16],
    dir_len: &mut u32,
) -> Result<()> {
    *dir_len = clamp_len(dir.len());
    let ptr = ptr_or_null(dir);
    // SAFETY: the token is borrowed for the call; `dir` is writable for the
    // length passed (NULL with 0); `dir_len` is writable.
    cvt(unsafe { GetUserProfileDirectoryW(raw_handle(&token.as_handle()), ptr, dir_len) }).map(drop)
}

/// `DuplicateTokenEx`: a new token with the same identity as `token`, of
/// `token_type` ([`TokenPrimary`] for a process, [`TokenImpersonation`] for a
/// thread) at `impersonation_level` (`Security*`), with the `TOKEN_*` rights
/// in `access` (0: the same as `token`'s). Beyond Go's `syscall`.
///
/// `token` needs [`TOKEN_DUPLICATE`](super::TOKEN_DUPLICATE). This is how a
/// primary token for [`create_process_as_user`](crate::create_process_as_user)
/// is made from a process token:
///
/// ```no_run
/// # fn main() -> winsyscall::Result<()> {
/// use winsyscall::*;
/// let mine = open_process_token(get_current_process(), TOKEN_DUPLICATE | TOKEN_QUERY)?;
/// let primary = duplicate_token_ex(&mine, TOKEN_ALL_ACCESS, None, SecurityImpersonation, TokenPrimary)?;
/// # Ok(()) }
/// ```
#[doc(alias = "DuplicateTokenEx")]
pub fn duplicate_token_ex(
    token: impl AsHandle,
    access: u32,
    token_attributes: Option<&SecurityAttributes>,
    impersonation_level: u32,
    token_type: u32,
) -> Result<Token> {
    let sa = token_attributes.map_or(core::ptr::null(), SecurityAttributes::as_ptr);
    let mut h: HANDLE = core::ptr::null_mut();
    // SAFETY: the token is borrowed for the call; `sa` is NULL or points to a
    // SECURITY_ATTRIBUTES alive for the call; `h` is writable.
    let r = unsafe {
        DuplicateTokenEx(
            raw_handle(&token.as_handle()),
            access,
            sa,
            impersonation_level as i32,
            token_type as i32,
            &mut h,
        )
    };
    cvt(r)?;
    Ok(owned_token(h))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn profile_directory_os_is_the_exact_form_of_the_string_one() {
        let token = open_current_process_token().unwrap();
        let text = token.get_user_profile_directory().unwrap();
        let path = token.get_user_profile_directory_os().unwrap();
        // An absolute path ("C:\Users\<user>"; Wine: "C:\users\<user>").
        assert_eq!(&text.as_bytes()[1..3], br":\", "{text}");
        assert_eq!(path.as_os_str(), OsStr::new(&text));
        // Exactly the units Windows wrote, up to its NUL.
        let mut n = 0u32;
        assert_eq!(
            get_user_profile_directory(&token, &mut [], &mut n),
            Err(Errno::ERROR_INSUFFICIENT_BUFFER)
        );
        let mut b = vec![0u16; n as usize];
        get_user_profile_directory(&token, &mut b, &mut n).unwrap();
        assert_eq!(b.last(), Some(&0));
        assert_eq!(
            path.as_os_str(),
            utf16_to_os_string(&b[..b.len() - 1]).as_os_str()
        );
    }
}
