//! [`Sid`], Go's `*SID`: conversions to and from text, lookups by account
//! name, and the raw advapi32 SID calls.

use super::{grown, ptr_or_null, with_opt_wide};
use crate::errno::{Errno, Result};
use crate::sys::{clamp_len, cvt};
use crate::wstr::{WideArg, utf16_ptr_to_string, utf16_to_string};
use core::fmt;
use windows_sys::Win32::Foundation::LocalFree;
use windows_sys::Win32::Security::Authorization::{ConvertSidToStringSidW, ConvertStringSidToSidW};
use windows_sys::Win32::Security::{
    CopySid, GetLengthSid, LookupAccountNameW, LookupAccountSidW, PSID,
};

/// The most sub-authorities a SID can have (`SID_MAX_SUB_AUTHORITIES`).
const MAX_SUB_AUTHORITIES: usize = 15;

/// Go: `syscall.SID`: a security identifier, owned.
///
/// Go keeps an opaque `struct{}` behind a pointer into a byte slice; here a
/// `Sid` owns an exactly sized, 4-byte-aligned buffer that always holds a
/// valid SID (revision 1, at most 15 sub-authorities), so every method is
/// safe. Equality and hashing compare the bytes, which is what `EqualSid` does.
///
/// * Go's `(*SID).String` is [`Sid::to_string_sid`] (`ConvertSidToStringSidW`);
///   `Display` (so `to_string()`) gives the same text, computed without a call.
/// * `FromStr` is [`string_to_sid`]; `Clone` copies the bytes, [`Sid::copy`]
///   does it Go's way (`CopySid`).
///
/// ```no_run
/// # fn main() -> winsyscall::Result<()> {
/// let system: winsyscall::Sid = "S-1-5-18".parse()?;
/// assert_eq!(system.to_string_sid()?, "S-1-5-18");
/// assert_eq!(system.to_string(), "S-1-5-18"); // Display, no system call
/// assert_eq!(system.len(), 12);
/// let (account, domain, _) = system.lookup_account("")?; // "SYSTEM", "NT AUTHORITY"
/// # Ok(()) }
/// ```
#[doc(alias = "SID")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Sid {
    /// The SID, `8 + 4 * sub_authority_count` bytes, as 32-bit words.
    words: Box<[u32]>,
}

impl Sid {
    /// Copies a SID of Windows' making into an owned `Sid`: `GetLengthSid`
    /// then `CopySid` into a new buffer (Go: `(*SID).Copy`).
    ///
    /// # Safety
    /// `p` points to a valid SID that stays readable during the call.
    pub(crate) unsafe fn from_psid(p: PSID) -> Result<Sid> {
        // SAFETY: `p` is a valid SID, per the caller.
        let len = unsafe { GetLengthSid(p) } as usize;
        if len < 8 || !len.is_multiple_of(4) {
            return Err(Errno::EINVAL);
        }
        let mut words = vec![0u32; len / 4].into_boxed_slice();
        // SAFETY: the destination has `len` writable bytes; `p` is valid.
        cvt(unsafe { CopySid(len as u32, words.as_mut_ptr().cast(), p) })?;
        let sid = Sid { words };
        // Windows validated the source; check the copy's shape all the same.
        Sid::from_bytes(sid.as_bytes())
    }

    /// A `Sid` from its binary form (beyond Go, which has no checked way in).
    ///
    /// `b` must start with a valid SID: revision 1, at most 15 sub-authorities,
    /// and at least `8 + 4 * count` bytes; bytes after the SID are ignored.
    /// Anything else gives `EINVAL`. No Windows call is made.
    pub fn from_bytes(b: &[u8]) -> Result<Sid> {
        if b.len() < 8 || b[0] != 1 || b[1] as usize > MAX_SUB_AUTHORITIES {
            return Err(Errno::EINVAL);
        }
        let len = 8 + 4 * b[1] as usize;
        let b = b.get(..len).ok_or(Errno::EINVAL)?;
        let words = b
            .chunks_exact(4)
            .map(|c| u32::from_ne_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(Sid { words })
    }

    /// The SID's bytes, exactly [`Sid::len`] of them (beyond Go).
    pub fn as_bytes(&self) -> &[u8] {
        // SAFETY: the words are initialised, any byte pattern is a valid u8,
        // and the byte view covers exactly the words' memory.
        unsafe { core::slice::from_raw_parts(self.words.as_ptr().cast(), self.words.len() * 4) }
    }

    /// The SID as the `PSID` Windows calls take. The calls given it only read.
    pub(crate) fn as_psid(&self) -> PSID {
        self.words.as_ptr().cast_mut().cast()
    }

    /// The revision, the identifier authority and the sub-authorities.
    fn parts(&self) -> (u8, u64, &[u32]) {
        let b = self.as_bytes();
        let authority = b[2..8].iter().fold(0u64, |a, &x| (a << 8) | x as u64);
        (b[0], authority, &self.words[2..])
    }

    /// Go: `(*SID).String`: the SID in its text form, `"S-1-5-21-…"`
    /// (`ConvertSidToStringSidW`, the text `LocalFree`d inside).
    ///
    /// Returns `Result` as Go does (its `String` returns an error too). For
    /// text without a Windows call use `Display` (`format!("{sid}")` or
    /// `sid.to_string()`), which gives the same string. Named so that it does
    /// not hide `ToString::to_string`.
    #[doc(alias = "String")]
    #[doc(alias = "ConvertSidToStringSid")]
    pub fn to_string_sid(&self) -> Result<String> {
        convert_sid_to_string_sid(self)
    }

    /// Go: `(*SID).Len`: the length of the SID in bytes (`GetLengthSid`).
    ///
    /// Go's `int` becomes `usize`.
    #[doc(alias = "Len")]
    pub fn len(&self) -> usize {
        get_length_sid(self) as usize
    }

    /// Always `false`: a valid SID has at least 8 bytes (beyond Go; clippy's
    /// companion of [`Sid::len`]).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Go: `(*SID).Copy`: a duplicate made by `CopySid` into a new buffer of
    /// [`Sid::len`] bytes. `Clone` gives the same result without the call.
    #[doc(alias = "Copy")]
    pub fn copy(&self) -> Result<Sid> {
        // SAFETY: `self` holds a valid SID for the whole call.
        unsafe { Sid::from_psid(self.as_psid()) }
    }

    /// Go: `(*SID).LookupAccount`: the account name of this SID, the domain
    /// it was found in, and its `SidType*` kind (`LookupAccountSidW`).
    ///
    /// `system` names the computer to ask; empty means the local one (NULL).
    /// A NUL in it gives `EINVAL` with no call. The buffers start at 50 units
    /// each and grow on `ERROR_INSUFFICIENT_BUFFER` to the sizes Windows asks
    /// for. Difference: Go gives up (returning that error) when the *name*
    /// did not need more room even if the domain did; here the loop retries
    /// while either size grew, so a long domain name cannot make it fail.
    #[doc(alias = "LookupAccount")]
    pub fn lookup_account(&self, system: impl WideArg) -> Result<(String, String, u32)> {
        with_opt_wide(system, |sys| {
            let (mut n, mut dn) = (50u32, 50u32);
            loop {
                let mut b = vec![0u16; n as usize];
                let mut db = vec![0u16; dn as usize];
                let mut acc_type = 0;
                // SAFETY: `sys` is NULL or a NUL-terminated string alive here.
                let r = unsafe {
                    lookup_account_sid_at(
                        sys,
                        self,
                        &mut b,
                        &mut n,
                        &mut db,
                        &mut dn,
                        &mut acc_type,
                    )
                };
                match r {
                    Ok(()) => return Ok((utf16_to_string(&b), utf16_to_string(&db), acc_type)),
                    Err(Errno::ERROR_INSUFFICIENT_BUFFER) => {
                        let (gn, gdn) = (grown(n, b.len()), grown(dn, db.len()));
                        if gn.is_none() && gdn.is_none() {
                            return Err(Errno::ERROR_INSUFFICIENT_BUFFER);
                        }
                        n = n.max(b.len() as u32);
                        dn = dn.max(db.len() as u32);
                    }
                    Err(e) => return Err(e),
                }
            }
        })?
    }
}

/// `S-1-5-18`: the text form, built without a Windows call. The authority is
/// decimal below 2³², and `0x` plus 12 uppercase hex digits from 2³² up (the
/// SDDL form; such authorities are not used by Windows itself).
impl fmt::Display for Sid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (rev, authority, subs) = self.parts();
        if authority < 1 << 32 {
            write!(f, "S-{rev}-{authority}")?;
        } else {
            write!(f, "S-{rev}-0x{authority:012X}")?;
        }
        subs.iter().try_for_each(|s| write!(f, "-{s}"))
    }
}

impl fmt::Debug for Sid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sid({self})")
    }
}

/// [`string_to_sid`]: `"S-1-5-18".parse::<Sid>()`.
impl core::str::FromStr for Sid {
    type Err = Errno;
    fn from_str(s: &str) -> Result<Sid> {
        string_to_sid(s)
    }
}

/// Go: `syscall.StringToSid`: a SID from its text form
/// (`ConvertStringSidToSidW`, then a copy, then `LocalFree`).
///
/// Windows also accepts the two-letter aliases (`"SY"`, `"BA"`…). A NUL in
/// `s` gives `EINVAL` with no call; text that is not a SID gives Windows'
/// error (`ERROR_INVALID_SID`, 1337).
#[doc(alias = "StringToSid")]
pub fn string_to_sid(s: impl WideArg) -> Result<Sid> {
    convert_string_sid_to_sid(s)
}

/// Go: `syscall.LookupSID`: the SID of an account name, the domain it was
/// found in and its `SidType*` kind (`LookupAccountNameW`).
///
/// An empty `account` gives `EINVAL` (as Go) and a NUL in either name too,
/// with no call. `system` empty means the local computer. The buffers (SID
/// bytes and domain units) start at 50 each and grow on
/// `ERROR_INSUFFICIENT_BUFFER`; as for [`Sid::lookup_account`], the loop
/// retries while either size grew, where Go looks at the SID's size only.
#[doc(alias = "LookupSID")]
pub fn lookup_sid(system: impl WideArg, account: impl WideArg) -> Result<(Sid, String, u32)> {
    with_opt_wide(system, |sys| {
        account.with_wide(|acc| {
            if acc.len() <= 1 {
                return Err(Errno::EINVAL);
            }
            let (mut n, mut dn) = (50u32, 50u32);
            loop {
                let mut b = vec![0u8; n as usize];
                let mut db = vec![0u16; dn as usize];
                let mut acc_type = 0;
                // SAFETY: `sys` is NULL or a NUL-terminated string, `acc` a
                // NUL-terminated one, both alive for the call.
                let r = unsafe {
                    lookup_account_name_at(
                        sys,
                        acc.as_ptr(),
                        &mut b,
                        &mut n,
                        &mut db,
                        &mut dn,
                        &mut acc_type,
                    )
                };
                match r {
                    Ok(()) => return Ok((Sid::from_bytes(&b)?, utf16_to_string(&db), acc_type)),
                    Err(Errno::ERROR_INSUFFICIENT_BUFFER) => {
                        let (gn, gdn) = (grown(n, b.len()), grown(dn, db.len()));
                        if gn.is_none() && gdn.is_none() {
                            return Err(Errno::ERROR_INSUFFICIENT_BUFFER);
                        }
                        n = n.max(b.len() as u32);
                        dn = dn.max(db.len() as u32);
                    }
                    Err(e) => return Err(e),
                }
            }
        })?
    })?
}

/// Go: `syscall.ConvertSidToStringSid`: `ConvertSidToStringSidW`.
///
/// Go hands back the `LocalAlloc`ed text for the caller to free; here it is
/// copied into a `String` and freed inside. Same as [`Sid::to_string_sid`].
#[doc(alias = "ConvertSidToStringSid")]
pub fn convert_sid_to_string_sid(sid: &Sid) -> Result<String> {
    let mut s: *mut u16 = core::ptr::null_mut();
    // SAFETY: `sid` is a valid SID; `s` is a writable out-pointer.
    cvt(unsafe { ConvertSidToStringSidW(sid.as_psid(), &mut s) })?;
    // SAFETY: on success `s` is a NUL-terminated string Windows allocated.
    let text = unsafe { utf16_ptr_to_string(s) };
    // SAFETY: `s` came from LocalAlloc (per the API) and is not used again.
    unsafe { LocalFree(s.cast()) };
    Ok(text)
}

/// Go: `syscall.ConvertStringSidToSid`: `ConvertStringSidToSidW`.
///
/// Go hands back the `LocalAlloc`ed SID for the caller to free; here it is
/// copied into an owned [`Sid`] and freed inside (what Go's `StringToSid`
/// does). Same as [`string_to_sid`]. A NUL in `s` gives `EINVAL`, no call.
#[doc(alias = "ConvertStringSidToSid")]
pub fn convert_string_sid_to_sid(s: impl WideArg) -> Result<Sid> {
    s.with_wide(|w| {
        let mut p: PSID = core::ptr::null_mut();
        // SAFETY: `w` is NUL-terminated; `p` is a writable out-pointer.
        cvt(unsafe { ConvertStringSidToSidW(w.as_ptr(), &mut p) })?;
        // SAFETY: on success `p` is a valid SID Windows allocated.
        let sid = unsafe { Sid::from_psid(p) };
        // SAFETY: `p` came from LocalAlloc (per the API) and is not used again.
        unsafe { LocalFree(p) };
        sid
    })?
}

/// Go: `syscall.GetLengthSid`: the SID's length in bytes. Never fails (the
/// `Sid` is valid).
#[doc(alias = "GetLengthSid")]
pub fn get_length_sid(sid: &Sid) -> u32 {
    // SAFETY: `sid` holds a valid SID.
    unsafe { GetLengthSid(sid.as_psid()) }
}

/// Go: `syscall.CopySid`: copies `src` into the start of `dest` (`CopySid`).
///
/// Go takes the destination length and a pointer; here the length is
/// `dest.len()`. Too short a buffer gives `ERROR_INSUFFICIENT_BUFFER`.
#[doc(alias = "CopySid")]
pub fn copy_sid(dest: &mut [u8], src: &Sid) -> Result<()> {
    // SAFETY: `dest` is writable for the length passed; `src` is valid.
    cvt(unsafe {
        CopySid(
            clamp_len(dest.len()),
            ptr_or_null(dest).cast(),
            src.as_psid(),
        )
    })
    .map(drop)
}

/// Go: `syscall.LookupAccountSid`: `LookupAccountSidW`, one call.
///
/// `system` empty means the local computer (Go passes NULL as a `nil`
/// pointer). The buffer sizes passed are `name.len()` and `domain.len()`
/// (Go reads them from `*nameLen` and `*refdDomainNameLen`); on return
/// `name_len`/`domain_len` hold what Windows wrote back: the lengths without
/// the NUL on success, the sizes needed (NUL included) on
/// `ERROR_INSUFFICIENT_BUFFER`. `sid_type` receives the `SidType*` kind.
/// [`Sid::lookup_account`] wraps this in Go's grow loop.
#[doc(alias = "LookupAccountSid")]
pub fn lookup_account_sid(
    system: impl WideArg,
    sid: &Sid,
    name: &mut [u16],
    name_len: &mut u32,
    domain: &mut [u16],
    domain_len: &mut u32,
    sid_type: &mut u32,
) -> Result<()> {
    with_opt_wide(system, |sys| {
        // SAFETY: `sys` is NULL or a NUL-terminated string alive here.
        unsafe { lookup_account_sid_at(sys, sid, name, name_len, domain, domain_len, sid_type) }
    })?
}

/// `LookupAccountSidW` with the system name already converted.
///
/// # Safety
/// `sys` is NULL or points to a NUL-terminated UTF-16 string.
unsafe fn lookup_account_sid_at(
    sys: *const u16,
    sid: &Sid,
    name: &mut [u16],
    name_len: &mut u32,
    domain: &mut [u16],
    domain_len: &mut u32,
    sid_type: &mut u32,
) -> Result<()> {
    *name_len = clamp_len(name.len());
    *domain_len = clamp_len(domain.len());
    let mut kind = 0;
    // SAFETY: `sys` per the caller; the SID is valid; each buffer is writable
    // for the length passed with it; the counters are writable.
    let r = unsafe {
        LookupAccountSidW(
            sys,
            sid.as_psid(),
            ptr_or_null(name),
            name_len,
            ptr_or_null(domain),
            domain_len,
            &mut kind,
        )
    };
    *sid_type = kind as u32;
    cvt(r).map(drop)
}

/// Go: `syscall.LookupAccountName`: `LookupAccountNameW`, one call.
///
/// The SID is written into `sid` (its length passed as the size, Go's
/// `*sidLen`); `domain` as in [`lookup_account_sid`]. On return `sid_len` and
/// `domain_len` hold what Windows wrote back (sizes needed on
/// `ERROR_INSUFFICIENT_BUFFER`). `system` empty means the local computer;
/// a NUL in a name gives `EINVAL` with no call. [`lookup_sid`] wraps this in
/// Go's grow loop and returns an owned [`Sid`] (use [`Sid::from_bytes`] on
/// `sid` here).
#[doc(alias = "LookupAccountName")]
pub fn lookup_account_name(
    system: impl WideArg,
    account: impl WideArg,
    sid: &mut [u8],
    sid_len: &mut u32,
    domain: &mut [u16],
    domain_len: &mut u32,
    sid_type: &mut u32,
) -> Result<()> {
    with_opt_wide(system, |sys| {
        account.with_wide(|acc| {
            // SAFETY: `sys` is NULL or NUL-terminated, `acc` NUL-terminated,
            // both alive for the call.
            unsafe {
                lookup_account_name_at(
                    sys,
                    acc.as_ptr(),
                    sid,
                    sid_len,
                    domain,
                    domain_len,
                    sid_type,
                )
            }
        })?
    })?
}

/// `LookupAccountNameW` with both names already converted.
///
/// # Safety
/// `sys` is NULL or points to a NUL-terminated UTF-16 string; `acc` points to
/// a NUL-terminated UTF-16 string.
unsafe fn lookup_account_name_at(
    sys: *const u16,
    acc: *const u16,
    sid: &mut [u8],
    sid_len: &mut u32,
    domain: &mut [u16],
    domain_len: &mut u32,
    sid_type: &mut u32,
) -> Result<()> {
    *sid_len = clamp_len(sid.len());
    *domain_len = clamp_len(domain.len());
    let mut kind = 0;
    // SAFETY: the names per the caller; each buffer is writable for the
    // length passed with it; the counters are writable.
    let r = unsafe {
        LookupAccountNameW(
            sys,
            acc,
            ptr_or_null(sid).cast(),
            sid_len,
            ptr_or_null(domain),
            domain_len,
            &mut kind,
        )
    };
    *sid_type = kind as u32;
    cvt(r).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_bytes_checks_the_shape_and_display_formats() {
        // S-1-5-18: revision 1, one sub-authority, authority 5.
        let b = [1u8, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0, 0xEE];
        let sid = Sid::from_bytes(&b).unwrap();
        assert_eq!(sid.as_bytes(), &b[..12]);
        assert_eq!(format!("{sid}"), "S-1-5-18");
        assert_eq!(format!("{sid:?}"), "Sid(S-1-5-18)");
        assert_eq!(Sid::from_bytes(&b[..11]), Err(Errno::EINVAL));
        assert_eq!(
            Sid::from_bytes(&[2, 0, 0, 0, 0, 0, 0, 5]),
            Err(Errno::EINVAL)
        );
        assert_eq!(
            Sid::from_bytes(&[1, 16, 0, 0, 0, 0, 0, 5]),
            Err(Errno::EINVAL)
        );
        let big = Sid::from_bytes(&[1, 0, 1, 0, 0, 0, 0, 0]).unwrap();
        assert_eq!(format!("{big}"), "S-1-0x010000000000");
    }
}
