//! Tour: security (SIDs, tokens), CryptoAPI random bytes, the console.

use crate::{section, step};
use winsyscall::*;

pub fn run() {
    section("Security: the process token and its user");
    let token = match open_current_process_token() {
        Ok(t) => t,
        Err(e) => {
            return step(
                "syscall.OpenCurrentProcessToken",
                "open_current_process_token()",
                format!("Err({e})"),
            );
        }
    };
    step(
        "syscall.OpenCurrentProcessToken",
        "open_current_process_token()",
        "Ok(Token)",
    );
    if let Ok(user) = token.get_token_user() {
        let sid = &user.user.sid;
        step(
            "syscall.SID.String",
            "token.get_token_user()?.user.sid.to_string_sid()",
            format!("{:?}", sid.to_string_sid()),
        );
        step(
            "syscall.SID.LookupAccount",
            "sid.lookup_account(\"\")",
            format!("{:?}", sid.lookup_account("")),
        );
    }
    step(
        "syscall.StringToSid",
        "string_to_sid(\"S-1-5-18\")?.lookup_account(\"\")",
        format!(
            "{:?}",
            string_to_sid("S-1-5-18").and_then(|s| s.lookup_account(""))
        ),
    );
    step(
        "syscall.StringToSid",
        "string_to_sid(\"not a sid\")",
        format!("{:?}", string_to_sid("not a sid").map(|_| ())),
    );
    step(
        "syscall.Token.GetUserProfileDirectory",
        "token.get_user_profile_directory()",
        format!("{:?}", token.get_user_profile_directory()),
    );

    section("CryptoAPI");
    match CryptProv::acquire(None, None, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT) {
        Ok(prov) => {
            let mut buf = [0u8; 8];
            let r = prov.gen_random(&mut buf);
            step(
                "syscall.CryptGenRandom",
                "prov.gen_random(&mut [0u8; 8])",
                format!("{r:?} {buf:02x?}"),
            );
        }
        Err(e) => step(
            "syscall.CryptAcquireContext",
            "CryptProv::acquire(..)",
            format!("Err({e})"),
        ),
    }

    section("Console");
    if let Some(out) = stdout() {
        step(
            "syscall.GetConsoleMode",
            "get_console_mode(stdout())",
            format!("{:?} (a pipe or file is no console)", get_console_mode(out)),
        );
    }
}
