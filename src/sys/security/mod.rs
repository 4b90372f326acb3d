//! Security identifiers, access tokens and account names: Go's
//! `security_windows.go`.
//!
//! * [`Sid`] is Go's opaque `*SID`, made an owned, exactly sized buffer that
//!   always holds a valid SID: [`string_to_sid`], [`lookup_sid`],
//!   [`Sid::to_string_sid`], [`Sid::lookup_account`]…
//! * [`Token`] is Go's `Token`, an access-token handle that closes on drop and
//!   is an [`AsHandle`](std::os::windows::io::AsHandle), so it can be handed to
//!   [`SysProcAttr::token`](crate::SysProcAttr::token) or
//!   [`create_process_as_user`](crate::create_process_as_user).
//! * Account names: [`translate_account_name`], [`get_user_name_ex`],
//!   [`net_user_get_info`], [`net_get_join_information`].
//!
//! Go's raw `//sys` wrappers take pointers and lengths; their twins here take
//! slices (the lengths come from the slices) or return owned results, and any
//! memory Windows allocates (`LocalAlloc`, `NetApiBufferAllocate`) is freed
//! inside the call that received it.
//!
//! ```no_run
//! # fn main() -> winsyscall::Result<()> {
//! use winsyscall::{open_current_process_token, string_to_sid};
//! let token = open_current_process_token()?;
//! let user = token.get_token_user()?;
//! println!("{} is {}", user.user.sid, user.user.sid.lookup_account("")?.0);
//! assert_eq!(string_to_sid("S-1-5-18")?.to_string_sid()?, "S-1-5-18");
//! # Ok(()) }
//! ```

mod names;
mod sid;
mod token;

pub use names::*;
pub use sid::*;
pub use token::*;

use crate::errno::Result;
use crate::wstr::WideArg;

/// Go: `syscall.STANDARD_RIGHTS_REQUIRED`: `DELETE | READ_CONTROL | WRITE_DAC | WRITE_OWNER`.
pub const STANDARD_RIGHTS_REQUIRED: u32 = 0xf0000;
/// Go: `syscall.STANDARD_RIGHTS_READ` (`READ_CONTROL`).
pub const STANDARD_RIGHTS_READ: u32 = 0x20000;
/// Go: `syscall.STANDARD_RIGHTS_WRITE` (`READ_CONTROL`).
pub const STANDARD_RIGHTS_WRITE: u32 = 0x20000;
/// Go: `syscall.STANDARD_RIGHTS_EXECUTE` (`READ_CONTROL`).
pub const STANDARD_RIGHTS_EXECUTE: u32 = 0x20000;
/// Go: `syscall.STANDARD_RIGHTS_ALL`: the required rights plus `SYNCHRONIZE`.
pub const STANDARD_RIGHTS_ALL: u32 = 0x1F0000;

/// Go: `syscall.NameUnknown`: an unknown name format (`EXTENDED_NAME_FORMAT`).
#[allow(non_upper_case_globals)]
pub const NameUnknown: u32 = 0;
/// Go: `syscall.NameFullyQualifiedDN`: `CN=Jeff Smith,OU=Users,DC=Engineering,DC=Microsoft,DC=Com`.
#[allow(non_upper_case_globals)]
pub const NameFullyQualifiedDN: u32 = 1;
/// Go: `syscall.NameSamCompatible`: `Engineering\JSmith` (`DOMAIN\user`).
#[allow(non_upper_case_globals)]
pub const NameSamCompatible: u32 = 2;
/// Go: `syscall.NameDisplay`: a display name, `Jeff Smith`.
#[allow(non_upper_case_globals)]
pub const NameDisplay: u32 = 3;
/// Go: `syscall.NameUniqueId`: a GUID string, `{4fa050f0-f561-11cf-bdd9-00aa003a77b6}`.
#[allow(non_upper_case_globals)]
pub const NameUniqueId: u32 = 6;
/// Go: `syscall.NameCanonical`: `engineering.microsoft.com/software/someone`.
#[allow(non_upper_case_globals)]
pub const NameCanonical: u32 = 7;
/// Go: `syscall.NameUserPrincipal`: `someone@example.com`.
#[allow(non_upper_case_globals)]
pub const NameUserPrincipal: u32 = 8;
/// Go: `syscall.NameCanonicalEx`: as [`NameCanonical`] with the last `/` a newline.
#[allow(non_upper_case_globals)]
pub const NameCanonicalEx: u32 = 9;
/// Go: `syscall.NameServicePrincipal`: `www/srv.engineering.com/engineering.com`.
#[allow(non_upper_case_globals)]
pub const NameServicePrincipal: u32 = 10;
/// Go: `syscall.NameDnsDomain`: `DNSDOMAIN\user`.
#[allow(non_upper_case_globals)]
pub const NameDnsDomain: u32 = 12;

/// Go: `syscall.NetSetupUnknownStatus`: the join status is unknown
/// (`NETSETUP_JOIN_STATUS`, from [`net_get_join_information`]).
#[allow(non_upper_case_globals)]
pub const NetSetupUnknownStatus: u32 = 0;
/// Go: `syscall.NetSetupUnjoined`: the computer is not joined.
#[allow(non_upper_case_globals)]
pub const NetSetupUnjoined: u32 = 1;
/// Go: `syscall.NetSetupWorkgroupName`: joined to a workgroup.
#[allow(non_upper_case_globals)]
pub const NetSetupWorkgroupName: u32 = 2;
/// Go: `syscall.NetSetupDomainName`: joined to a domain.
#[allow(non_upper_case_globals)]
pub const NetSetupDomainName: u32 = 3;

/// Go: `syscall.SidTypeUser`: a user account (`SID_NAME_USE`).
#[allow(non_upper_case_globals)]
pub const SidTypeUser: u32 = 1;
/// Go: `syscall.SidTypeGroup`: a group account.
#[allow(non_upper_case_globals)]
pub const SidTypeGroup: u32 = 2;
/// Go: `syscall.SidTypeDomain`: a domain.
#[allow(non_upper_case_globals)]
pub const SidTypeDomain: u32 = 3;
/// Go: `syscall.SidTypeAlias`: an alias (a local group such as `Administrators`).
#[allow(non_upper_case_globals)]
pub const SidTypeAlias: u32 = 4;
/// Go: `syscall.SidTypeWellKnownGroup`: a well-known group (`Everyone`, `SYSTEM`…).
#[allow(non_upper_case_globals)]
pub const SidTypeWellKnownGroup: u32 = 5;
/// Go: `syscall.SidTypeDeletedAccount`: a deleted account.
#[allow(non_upper_case_globals)]
pub const SidTypeDeletedAccount: u32 = 6;
/// Go: `syscall.SidTypeInvalid`: an invalid SID.
#[allow(non_upper_case_globals)]
pub const SidTypeInvalid: u32 = 7;
/// Go: `syscall.SidTypeUnknown`: an unknown SID type.
#[allow(non_upper_case_globals)]
pub const SidTypeUnknown: u32 = 8;
/// Go: `syscall.SidTypeComputer`: a computer account.
#[allow(non_upper_case_globals)]
pub const SidTypeComputer: u32 = 9;
/// Go: `syscall.SidTypeLabel`: a mandatory integrity label.
#[allow(non_upper_case_globals)]
pub const SidTypeLabel: u32 = 10;

/// Go: `syscall.TOKEN_ASSIGN_PRIMARY` (`1 << 0`): attach a primary token to a process.
pub const TOKEN_ASSIGN_PRIMARY: u32 = 1 << 0;
/// Go: `syscall.TOKEN_DUPLICATE` (`1 << 1`): duplicate the token.
pub const TOKEN_DUPLICATE: u32 = 1 << 1;
/// Go: `syscall.TOKEN_IMPERSONATE` (`1 << 2`): attach an impersonation token to a thread.
pub const TOKEN_IMPERSONATE: u32 = 1 << 2;
/// Go: `syscall.TOKEN_QUERY` (`1 << 3`): query the token.
pub const TOKEN_QUERY: u32 = 1 << 3;
/// Go: `syscall.TOKEN_QUERY_SOURCE` (`1 << 4`): query the token's source.
pub const TOKEN_QUERY_SOURCE: u32 = 1 << 4;
/// Go: `syscall.TOKEN_ADJUST_PRIVILEGES` (`1 << 5`): enable or disable privileges.
pub const TOKEN_ADJUST_PRIVILEGES: u32 = 1 << 5;
/// Go: `syscall.TOKEN_ADJUST_GROUPS` (`1 << 6`): adjust the group attributes.
pub const TOKEN_ADJUST_GROUPS: u32 = 1 << 6;
/// Go: `syscall.TOKEN_ADJUST_DEFAULT` (`1 << 7`): change the default owner, group or DACL.
pub const TOKEN_ADJUST_DEFAULT: u32 = 1 << 7;
/// Go: `syscall.TOKEN_ADJUST_SESSIONID` (`1 << 8`): change the session id.
pub const TOKEN_ADJUST_SESSIONID: u32 = 1 << 8;
/// Go: `syscall.TOKEN_ALL_ACCESS` = `0xF01FF`: [`STANDARD_RIGHTS_REQUIRED`] and
/// the nine `TOKEN_*` rights above (Go's `TestTOKEN_ALL_ACCESS` pins the value).
pub const TOKEN_ALL_ACCESS: u32 = STANDARD_RIGHTS_REQUIRED
    | TOKEN_ASSIGN_PRIMARY
    | TOKEN_DUPLICATE
    | TOKEN_IMPERSONATE
    | TOKEN_QUERY
    | TOKEN_QUERY_SOURCE
    | TOKEN_ADJUST_PRIVILEGES
    | TOKEN_ADJUST_GROUPS
    | TOKEN_ADJUST_DEFAULT
    | TOKEN_ADJUST_SESSIONID;
/// Go: `syscall.TOKEN_READ` = `0x20008`: [`STANDARD_RIGHTS_READ`] | [`TOKEN_QUERY`].
pub const TOKEN_READ: u32 = STANDARD_RIGHTS_READ | TOKEN_QUERY;
/// Go: `syscall.TOKEN_WRITE` = `0x200E0`: [`STANDARD_RIGHTS_WRITE`] and the three
/// `TOKEN_ADJUST_*` rights for privileges, groups and defaults.
pub const TOKEN_WRITE: u32 =
    STANDARD_RIGHTS_WRITE | TOKEN_ADJUST_PRIVILEGES | TOKEN_ADJUST_GROUPS | TOKEN_ADJUST_DEFAULT;
/// Go: `syscall.TOKEN_EXECUTE` = `0x20000` ([`STANDARD_RIGHTS_EXECUTE`]).
pub const TOKEN_EXECUTE: u32 = STANDARD_RIGHTS_EXECUTE;

macro_rules! token_info_classes {
    ($($name:ident = $val:literal, $what:literal;)*) => {
        $(
            #[doc = concat!("Go: `syscall.", stringify!($name), "` = ", stringify!($val),
                ": a `TOKEN_INFORMATION_CLASS` for [`get_token_information`]: ", $what, ".")]
            #[allow(non_upper_case_globals)]
            pub const $name: u32 = $val;
        )*
    };
}

token_info_classes! {
    TokenUser = 1, "the user (`TOKEN_USER`; see [`Token::get_token_user`])";
    TokenGroups = 2, "the groups (`TOKEN_GROUPS`)";
    TokenPrivileges = 3, "the privileges (`TOKEN_PRIVILEGES`)";
    TokenOwner = 4, "the default owner of new objects (`TOKEN_OWNER`)";
    TokenPrimaryGroup = 5, "the primary group (`TOKEN_PRIMARY_GROUP`; see [`Token::get_token_primary_group`])";
    TokenDefaultDacl = 6, "the default DACL (`TOKEN_DEFAULT_DACL`)";
    TokenSource = 7, "the source (`TOKEN_SOURCE`)";
    TokenType = 8, "primary or impersonation (`TOKEN_TYPE`)";
    TokenImpersonationLevel = 9, "the impersonation level (`SECURITY_IMPERSONATION_LEVEL`)";
    TokenStatistics = 10, "statistics (`TOKEN_STATISTICS`)";
    TokenRestrictedSids = 11, "the restricting SIDs (`TOKEN_GROUPS`)";
    TokenSessionId = 12, "the Terminal Services session id (`u32`)";
    TokenGroupsAndPrivileges = 13, "groups and privileges (`TOKEN_GROUPS_AND_PRIVILEGES`)";
    TokenSessionReference = 14, "reserved";
    TokenSandBoxInert = 15, "whether `SANDBOX_INERT` is set (`u32`)";
    TokenAuditPolicy = 16, "reserved";
    TokenOrigin = 17, "the origin logon session (`TOKEN_ORIGIN`)";
    TokenElevationType = 18, "the elevation type (`TOKEN_ELEVATION_TYPE`)";
    TokenLinkedToken = 19, "the linked token (`TOKEN_LINKED_TOKEN`)";
    TokenElevation = 20, "whether the token is elevated (`TOKEN_ELEVATION`)";
    TokenHasRestrictions = 21, "whether the token was filtered (`u32`)";
    TokenAccessInformation = 22, "access-check information (`TOKEN_ACCESS_INFORMATION`)";
    TokenVirtualizationAllowed = 23, "whether virtualization is allowed (`u32`)";
    TokenVirtualizationEnabled = 24, "whether virtualization is enabled (`u32`)";
    TokenIntegrityLevel = 25, "the integrity level (`TOKEN_MANDATORY_LABEL`)";
    TokenUIAccess = 26, "whether UIAccess is set (`u32`)";
    TokenMandatoryPolicy = 27, "the mandatory policy (`TOKEN_MANDATORY_POLICY`)";
    TokenLogonSid = 28, "the logon SID (`TOKEN_GROUPS`)";
    MaxTokenInfoClass = 29, "one past the last class Go names";
}

/// Calls `f` with a NUL-terminated wide copy of `s`, or with NULL when `s` is
/// empty: how Go passes the optional `system` (and `server`) names.
fn with_opt_wide<R>(s: impl WideArg, f: impl FnOnce(*const u16) -> R) -> Result<R> {
    s.with_wide(|w| {
        f(if w.len() <= 1 {
            core::ptr::null()
        } else {
            w.as_ptr()
        })
    })
}

/// The next size for a grow-and-retry loop: `Some(asked)` when Windows asked
/// for more than `had`, `None` (give up with the error) otherwise, as Go's
/// loops do (`if n <= uint32(len(b)) { return e }`).
fn grown(asked: u32, had: usize) -> Option<u32> {
    (asked as usize > had).then_some(asked)
}

/// The start of `b`, or NULL when it is empty (what Windows expects with a
/// zero size, rather than a dangling pointer).
fn ptr_or_null<T>(b: &mut [T]) -> *mut T {
    if b.is_empty() {
        core::ptr::null_mut()
    } else {
        b.as_mut_ptr()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_have_gos_values() {
        assert_eq!(TOKEN_ALL_ACCESS, 0xF01FF);
        assert_eq!(TOKEN_READ, 0x20008);
        assert_eq!(TOKEN_WRITE, 0x200E0);
        assert_eq!(TOKEN_EXECUTE, 0x20000);
        assert_eq!(TOKEN_ADJUST_SESSIONID, 0x100);
        assert_eq!(
            (
                TokenUser,
                TokenPrimaryGroup,
                TokenLogonSid,
                MaxTokenInfoClass
            ),
            (1, 5, 28, 29)
        );
        assert_eq!(
            (SidTypeUser, SidTypeWellKnownGroup, SidTypeLabel),
            (1, 5, 10)
        );
        assert_eq!((NetSetupUnknownStatus, NetSetupDomainName), (0, 3));
        assert_eq!((NameSamCompatible, NameUniqueId, NameDnsDomain), (2, 6, 12));
    }

    #[test]
    fn grown_only_when_asked_for_more() {
        assert_eq!(grown(51, 50), Some(51));
        assert_eq!(grown(50, 50), None);
        assert_eq!(grown(0, 50), None);
    }
}
