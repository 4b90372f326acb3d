//! Security under Wine (and Windows): SIDs and their text form, account
//! lookups both ways, access tokens (user, primary group, profile directory),
//! account-name formats, netapi32 user and join information, and
//! CreateProcessAsUser with a duplicated primary token.
#![cfg(windows)]

mod common;

use std::ffi::OsString;
use std::os::windows::io::{AsHandle, OwnedHandle};
use winsyscall::*;

/// `ERROR_INVALID_SID`: what ConvertStringSidToSidW says about text that is not a SID.
const ERROR_INVALID_SID: Errno = Errno(1337);
/// `ERROR_NONE_MAPPED`: no account has that name.
const ERROR_NONE_MAPPED: Errno = Errno(1332);
/// `NERR_UserNotFound`.
const NERR_USER_NOT_FOUND: Errno = Errno(2221);

fn my_sid() -> Sid {
    open_current_process_token()
        .unwrap()
        .get_token_user()
        .unwrap()
        .user
        .sid
}

/// The account name after any `DOMAIN\`.
fn bare(name: &str) -> &str {
    name.rsplit('\\').next().unwrap()
}

#[test]
fn token_all_access_has_gos_value() {
    // Go's TestTOKEN_ALL_ACCESS.
    assert_eq!(TOKEN_ALL_ACCESS, 0xF01FF);
    assert_eq!(TOKEN_READ, 0x20008);
    assert_eq!(TOKEN_WRITE, 0x200E0);
    assert_eq!(TOKEN_EXECUTE, 0x20000);
    assert_eq!(STANDARD_RIGHTS_ALL, 0x1F0000);
    assert_eq!(
        (
            TokenUser,
            TokenPrimaryGroup,
            TokenLogonSid,
            MaxTokenInfoClass
        ),
        (1, 5, 28, 29)
    );
}

#[test]
fn current_user_sid_round_trips_through_text() {
    let token = open_current_process_token().unwrap();
    let user: Tokenuser = token.get_token_user().unwrap();
    let sa: SidAndAttributes = user.user;
    let sid = sa.sid;
    let text = sid.to_string_sid().unwrap();
    assert!(text.starts_with("S-1-5-"), "{text}");
    // Display builds the same text without a call.
    assert_eq!(format!("{sid}"), text);
    // StringToSid gives back the same bytes.
    let back = string_to_sid(&text).unwrap();
    assert_eq!(back.as_bytes(), sid.as_bytes());
    assert_eq!(back, sid);
    assert_eq!(text.parse::<Sid>().unwrap(), sid);
    assert_eq!(convert_string_sid_to_sid(text.as_str()).unwrap(), sid);
    assert_eq!(convert_sid_to_string_sid(&sid).unwrap(), text);
    // Len, Copy, CopySid.
    assert_eq!(sid.len(), sid.as_bytes().len());
    assert_eq!(get_length_sid(&sid) as usize, sid.len());
    assert!(!sid.is_empty());
    assert_eq!(sid.copy().unwrap(), sid);
    let mut buf = vec![0u8; sid.len()];
    copy_sid(&mut buf, &sid).unwrap();
    assert_eq!(buf, sid.as_bytes());
    let mut short = vec![0u8; sid.len() - 1];
    let r = copy_sid(&mut short, &sid);
    assert!(r.is_err(), "CopySid into {} bytes", short.len());
    // Wine's CopySid fails without setting an error, which reads as EINVAL.
    if !(r == Err(Errno::EINVAL)
        && common::skip_on_wine(
            "CopySid",
            "a short buffer fails without setting an error (reads as EINVAL), not ERROR_INSUFFICIENT_BUFFER",
        ))
    {
        assert_eq!(r, Err(Errno::ERROR_INSUFFICIENT_BUFFER));
    }
    assert!(short.iter().all(|&b| b == 0), "nothing written");
    assert_eq!(Sid::from_bytes(&buf).unwrap(), sid);
    token.close().unwrap();
}

#[test]
fn well_known_sids_look_up_as_windows_names() {
    let system = string_to_sid("S-1-5-18").unwrap();
    assert_eq!(system.len(), 12);
    assert_eq!(system.to_string_sid().unwrap(), "S-1-5-18");
    // The SDDL alias names the same SID.
    assert_eq!(string_to_sid("SY").unwrap(), system);
    let (account, domain, kind) = system.lookup_account("").unwrap();
    assert_eq!(account, "SYSTEM");
    assert_eq!(domain, "NT AUTHORITY");
    assert_eq!(kind, SidTypeWellKnownGroup);
    // And back by name.
    let (sid, domain, kind) = lookup_sid("", "SYSTEM").unwrap();
    assert_eq!(sid, system);
    assert_eq!(domain, "NT AUTHORITY");
    assert_eq!(kind, SidTypeWellKnownGroup);
    // Everyone, S-1-1-0.
    let everyone = string_to_sid("S-1-1-0").unwrap();
    assert_eq!(format!("{everyone}"), "S-1-1-0");
    assert_eq!(everyone.lookup_account("").unwrap().0, "Everyone");
}

#[test]
fn lookup_account_and_lookup_sid_agree_for_the_current_user() {
    let sid = my_sid();
    let (account, domain, kind) = sid.lookup_account("").unwrap();
    assert!(!account.is_empty());
    assert!(!domain.is_empty());
    assert_eq!(kind, SidTypeUser);
    let (found, found_domain, found_kind) = lookup_sid("", account.as_str()).unwrap();
    assert_eq!(found, sid, "{account}");
    assert_eq!(found_domain, domain);
    assert_eq!(found_kind, SidTypeUser);
    // DOMAIN\account names the same SID.
    let (qualified, _, _) = lookup_sid("", format!("{domain}\\{account}")).unwrap();
    assert_eq!(qualified, sid);
    // The raw form reports the sizes it needs when given no room.
    let (mut n, mut dn, mut kind) = (0, 0, 0);
    let r = lookup_account_sid("", &sid, &mut [], &mut n, &mut [], &mut dn, &mut kind);
    assert_eq!(r, Err(Errno::ERROR_INSUFFICIENT_BUFFER));
    assert_eq!(n as usize, account.encode_utf16().count() + 1);
    assert_eq!(dn as usize, domain.encode_utf16().count() + 1);
    let (mut name, mut dom) = (vec![0u16; n as usize], vec![0u16; dn as usize]);
    lookup_account_sid("", &sid, &mut name, &mut n, &mut dom, &mut dn, &mut kind).unwrap();
    assert_eq!(utf16_to_string(&name), account);
    assert_eq!(n as usize, account.encode_utf16().count());
    let (mut raw_sid, mut sn, mut dom, mut dn) = (vec![0u8; 68], 0, vec![0u16; 64], 0);
    lookup_account_name(
        "",
        account.as_str(),
        &mut raw_sid,
        &mut sn,
        &mut dom,
        &mut dn,
        &mut kind,
    )
    .unwrap();
    assert_eq!(Sid::from_bytes(&raw_sid).unwrap(), sid);
    assert_eq!(kind, SidTypeUser);
}

#[test]
fn unknown_names_and_bad_sid_text_give_windows_errors() {
    assert_eq!(string_to_sid("not a sid"), Err(ERROR_INVALID_SID));
    assert_eq!(string_to_sid("S-1-"), Err(ERROR_INVALID_SID));
    assert_eq!("S-x".parse::<Sid>(), Err(ERROR_INVALID_SID));
    assert_eq!(
        lookup_sid("", "no-such-user-winsyscall-4711").map(|r| r.0),
        Err(ERROR_NONE_MAPPED)
    );
}

#[test]
fn empty_account_and_nul_in_names_are_einval_without_a_call() {
    // Empty account: Go's explicit EINVAL.
    assert_eq!(lookup_sid("", "").map(|r| r.0), Err(Errno::EINVAL));
    // Each text before its NUL would succeed if it reached Windows, so EINVAL
    // shows that no call was made.
    assert_eq!(string_to_sid("S-1-5-18\0junk"), Err(Errno::EINVAL));
    assert_eq!(convert_string_sid_to_sid("S-1-5-18\0"), Err(Errno::EINVAL));
    assert_eq!(lookup_sid("", "SYSTEM\0x").map(|r| r.0), Err(Errno::EINVAL));
    let system = string_to_sid("S-1-5-18").unwrap();
    assert!(system.lookup_account("").is_ok());
    assert_eq!(system.lookup_account("\0x"), Err(Errno::EINVAL));
    assert_eq!(lookup_sid("\0x", "SYSTEM").map(|r| r.0), Err(Errno::EINVAL));
    let (mut n, mut dn, mut k) = (0, 0, 0);
    let r = lookup_account_name(
        "",
        "SYSTEM\0",
        &mut [0u8; 68],
        &mut n,
        &mut [0u16; 64],
        &mut dn,
        &mut k,
    );
    assert_eq!(r, Err(Errno::EINVAL));
    let me = user_name_ex(NameSamCompatible).unwrap();
    assert_eq!(
        translate_account_name(format!("{me}\0"), NameSamCompatible, NameSamCompatible, 0),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        translate_name("a\0", NameSamCompatible, NameDisplay, &mut [0; 8], &mut n),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        net_user_get_info("", format!("{}\0", bare(&me)), 10),
        Err(Errno::EINVAL)
    );
    assert_eq!(net_user_get_info("\0", bare(&me), 10), Err(Errno::EINVAL));
    // Levels other than 10 have no layout here.
    assert_eq!(net_user_get_info("", bare(&me), 1), Err(Errno::EINVAL));
    assert_eq!(net_get_join_information("x\0"), Err(Errno::EINVAL));
}

#[test]
fn primary_group_and_raw_token_information() {
    let token = open_current_process_token().unwrap();
    let group: Tokenprimarygroup = token.get_token_primary_group().unwrap();
    let group = group.primary_group;
    let text = group.to_string_sid().unwrap();
    assert!(text.starts_with("S-1-"), "{text}");
    assert_eq!(format!("{group}"), text);
    // The raw call: no room gives the size needed.
    let mut need = 0;
    assert_eq!(
        get_token_information(&token, TokenUser, &mut [], &mut need),
        Err(Errno::ERROR_INSUFFICIENT_BUFFER)
    );
    let user = token.get_token_user().unwrap().user.sid;
    // TOKEN_USER (a pointer and a DWORD, padded to two pointers), then the SID.
    assert!(
        need as usize >= 2 * size_of::<usize>() + user.len(),
        "{need}"
    );
    // An 8-byte-aligned buffer of that size: the SID sits inside it.
    let mut words = vec![0u64; (need as usize).div_ceil(8)];
    // SAFETY: plain integers viewed as bytes, within the vector.
    let bytes =
        unsafe { std::slice::from_raw_parts_mut(words.as_mut_ptr().cast::<u8>(), need as usize) };
    let mut got = 0;
    get_token_information(&token, TokenUser, bytes, &mut got).unwrap();
    assert_eq!(got, need);
    let sid_bytes = user.as_bytes();
    assert!(bytes.windows(sid_bytes.len()).any(|w| w == sid_bytes));
    // TokenSessionId is a plain u32.
    let mut session = [0u8; 4];
    get_token_information(&token, TokenSessionId, &mut session, &mut got).unwrap();
    assert_eq!(got, 4);
    // A token without TOKEN_QUERY cannot be asked.
    let blind = open_process_token(get_current_process(), TOKEN_DUPLICATE).unwrap();
    assert_eq!(
        blind.get_token_user().map(drop),
        Err(Errno::ERROR_ACCESS_DENIED)
    );
}

#[test]
fn user_profile_directory_is_reported() {
    let token = open_current_process_token().unwrap();
    let dir = token.get_user_profile_directory().unwrap();
    assert!(!dir.is_empty());
    assert!(std::path::Path::new(&dir).is_absolute(), "{dir}");
    // The raw call with no room says how much it needs (NUL included).
    let mut n = 0;
    assert_eq!(
        get_user_profile_directory(&token, &mut [], &mut n),
        Err(Errno::ERROR_INSUFFICIENT_BUFFER)
    );
    assert_eq!(n as usize, dir.encode_utf16().count() + 1);
    let mut b = vec![0u16; n as usize];
    get_user_profile_directory(&token, &mut b, &mut n).unwrap();
    assert_eq!(utf16_to_string(&b), dir);
}

#[test]
fn user_name_ex_sam_compatible_names_the_token_user() {
    let (account, domain, _) = my_sid().lookup_account("").unwrap();
    let sam = user_name_ex(NameSamCompatible).unwrap();
    assert!(
        sam.eq_ignore_ascii_case(&format!("{domain}\\{account}")),
        "{sam} vs {domain}\\{account}"
    );
    // The raw call: too small a buffer gives ERROR_MORE_DATA and the size.
    let mut n = 0;
    let r = get_user_name_ex(NameSamCompatible, &mut [0u16; 2], &mut n);
    assert_eq!(r, Err(Errno::ERROR_MORE_DATA));
    assert_eq!(n as usize, sam.encode_utf16().count() + 1);
    let mut b = vec![0u16; n as usize];
    get_user_name_ex(NameSamCompatible, &mut b, &mut n).unwrap();
    assert_eq!(n as usize, sam.encode_utf16().count());
    assert_eq!(utf16_to_string(&b), sam);
}

#[test]
fn translate_account_name_sam_to_sam() {
    let sam = user_name_ex(NameSamCompatible).unwrap();
    // initSize is ignored, as in Go: any value gives the same answer.
    let a = translate_account_name(sam.as_str(), NameSamCompatible, NameSamCompatible, 1);
    let b = translate_account_name(sam.as_str(), NameSamCompatible, NameSamCompatible, 1 << 20);
    assert_eq!(a, b);
    if a == Err(Errno::EINVAL)
        && common::skip_on_wine(
            "TranslateNameW",
            "SAM-compatible to SAM-compatible fails without setting an error (reads as EINVAL)",
        )
    {
        return;
    }
    match a {
        Ok(name) => assert!(name.eq_ignore_ascii_case(&sam), "{name} vs {sam}"),
        // Off a domain, Windows has no directory to translate with.
        Err(e) => assert!(
            [ERROR_NONE_MAPPED, Errno(1355)].contains(&e),
            "TranslateNameW: {e:?}"
        ),
    }
}

#[test]
fn net_user_get_info_and_join_information() {
    let (account, _, _) = my_sid().lookup_account("").unwrap();
    // Wine 8 answers both exactly as Windows does.
    let info: UserInfo10 = net_user_get_info("", account.as_str(), 10).unwrap();
    assert!(info.name.eq_ignore_ascii_case(&account), "{info:?}");
    assert_eq!(
        net_user_get_info("", "no-such-user-winsyscall-4711", 10).map(drop),
        Err(NERR_USER_NOT_FOUND)
    );
    let (name, status) = net_get_join_information("").unwrap();
    assert!(status <= NetSetupDomainName, "{status}");
    if status == NetSetupWorkgroupName || status == NetSetupDomainName {
        assert!(!name.is_empty());
    }
}

/// `%SystemRoot%\system32\cmd.exe`.
fn cmd_exe() -> OsString {
    let root = std::env::var_os("SystemRoot").unwrap_or_else(|| "C:\\Windows".into());
    std::path::Path::new(&root)
        .join("system32")
        .join("cmd.exe")
        .into_os_string()
}

/// A primary token for this user: the process token, duplicated.
fn primary_token() -> Token {
    let mine = open_process_token(
        get_current_process(),
        TOKEN_DUPLICATE | TOKEN_QUERY | TOKEN_ASSIGN_PRIMARY,
    )
    .unwrap();
    let primary = duplicate_token_ex(
        &mine,
        TOKEN_QUERY
            | TOKEN_DUPLICATE
            | TOKEN_ASSIGN_PRIMARY
            | TOKEN_ADJUST_DEFAULT
            | TOKEN_ADJUST_SESSIONID,
        None,
        SecurityImpersonation,
        TokenPrimary,
    )
    .unwrap();
    // Same user as the original.
    assert_eq!(
        primary.get_token_user().unwrap(),
        mine.get_token_user().unwrap()
    );
    primary
}

#[test]
fn create_process_as_user_runs_the_child_with_a_primary_token() {
    let token = primary_token();
    let cmd = cmd_exe();
    let line = OsString::from("cmd.exe /c exit 5");
    let pi = match create_process_as_user(
        &token,
        Some(cmd.as_os_str()),
        Some(line.as_os_str()),
        None,
        None,
        false,
        0,
        None,
        None,
        &StartupInfo::default(),
        None,
    ) {
        Ok(pi) => pi,
        // Wine 8 runs it as Windows does.
        Err(e) => panic!("CreateProcessAsUserW: {e:?}"),
    };
    assert!(pi.process_id != 0);
    let child = Child::from_parts(pi.process_id, pi.process);
    assert_eq!(child.wait().unwrap().exit_code, 5);
}

#[test]
fn start_process_with_sys_proc_attr_token() {
    let token = primary_token();
    let cmd = cmd_exe();
    let mut attr = ProcAttr::new();
    attr.env = std::env::vars_os()
        .map(|(k, v)| {
            let mut e = k;
            e.push("=");
            e.push(v);
            e
        })
        .collect();
    attr.sys.token = Some(token.as_handle());
    let (pid, handle) = match start_process(&cmd, &["cmd.exe", "/c", "exit 7"], &attr) {
        Ok(r) => r,
        // Wine 8 runs it as Windows does.
        Err(e) => panic!("StartProcess with a token: {e:?}"),
    };
    let child = Child::from_parts(pid, handle);
    assert_eq!(child.wait().unwrap().exit_code, 7);
    // The token converts to and from an owned handle.
    let back = Token::from(OwnedHandle::from(token));
    assert!(back.get_token_user().is_ok());
}
