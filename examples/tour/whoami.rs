//! Tour: a small Go program ported line by line. `whoami` prints who runs it,
//! on which computer and which Windows. docs/PORTING.md shows the Go source
//! next to this port.
//!
//! Every call here has its Go twin on the same line of the Go program:
//! `GetUserNameEx` and `RegQueryValueEx` in their two-call form (ask, then ask
//! again with the size Windows reported), the process token, `ComputerName`,
//! `GetVersion`, `Getenv` and `Getpid`.

use crate::{section, step};
use winsyscall::*;

/// The Go program's `main`. Go calls `log.Fatal` on each error; the port
/// returns the first one with `?`.
pub fn whoami() -> Result<()> {
    // The user, as DOMAIN\name: ask, and ask again with the size Windows wants.
    // Go's `n` is an in/out *uint32; here it is a `&mut u32` that holds
    // Windows' answer whether or not the call fails.
    // (The buffers start small on purpose, so the retry runs.)
    let mut b = vec![0u16; 4];
    let mut n = 0;
    let mut r = get_user_name_ex(NameSamCompatible, &mut b, &mut n);
    if r == Err(Errno::ERROR_MORE_DATA) {
        b = vec![0; n as usize];
        r = get_user_name_ex(NameSamCompatible, &mut b, &mut n);
    }
    r?;
    let user = utf16_to_string(&b[..n as usize]);

    // The profile directory, from the process token. No `defer t.Close()`:
    // the token is closed when `t` goes out of scope.
    let t = open_current_process_token()?;
    let profile = t.get_user_profile_directory()?;

    let host = computer_name()?;

    // The product name, from the registry: the same two-call dance. Go reads
    // the type and the size from its variables after ERROR_MORE_DATA; here
    // they come back inside the error (`ErrnoWith<RegValueInfo>`).
    let k = reg_open_key_ex(
        &RegKey::LOCAL_MACHINE,
        r"SOFTWARE\Microsoft\Windows NT\CurrentVersion",
        0,
        KEY_READ,
    )?;
    let mut buf = vec![0u8; 8];
    let info = match reg_query_value_ex(&k, "ProductName", Some(&mut buf)) {
        Err(e) if e == Errno::ERROR_MORE_DATA => {
            buf = vec![0; e.value.len as usize];
            reg_query_value_ex(&k, "ProductName", Some(&mut buf))?
        }
        r => r?,
    };
    // Go: UTF16ToString over the bytes (through unsafe.Slice); here the
    // bytes are decoded by their type, without `unsafe`.
    buf.truncate(info.len as usize);
    let product = match RegValue::from_raw(info.value_type, buf) {
        RegValue::String(s) => s,
        _ => return Err(Errno::ERROR_INVALID_DATA),
    };

    let v = get_version()?;
    let tmp = getenv("TEMP").unwrap_or_else(|| "(unset)".into());
    println!("    user     {user} (pid {})", getpid());
    println!("    profile  {profile}");
    println!("    computer {host}");
    println!(
        "    windows  {product}, version {}.{} build {}",
        v as u8,
        (v >> 8) as u8,
        (v >> 16) as u16
    );
    println!("    temp     {tmp}");
    Ok(())
}

pub fn run() {
    section("A Go program, ported: whoami (docs/PORTING.md)");
    let r = whoami();
    step("package main: func main()", "whoami()", format!("{r:?}"));
}
