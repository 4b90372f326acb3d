//! `use winsyscall::*;` must leave the importing module's other `Result`s
//! working: the crate's `Result` takes an optional error type (`Errno` by
//! default), so `Result<T, E>` still names `core::result::Result<T, E>`.
//!
//! Portable: it only needs the crate to compile, so it runs natively too.

use winsyscall::*;

fn parse_byte(s: &str) -> Result<u8, std::num::ParseIntError> {
    s.parse()
}

fn fmt_error() -> Result<u8, std::fmt::Error> {
    Err(std::fmt::Error)
}

fn ours(code: u32) -> Result<u32> {
    if code == 0 {
        Ok(code)
    } else {
        Err(Errno(code))
    }
}

/// A `Result` alias of the importing module's own, next to the glob.
type Io<T> = Result<T, std::io::Error>;

fn via_io(code: u32) -> Io<u32> {
    Ok(ours(code)?)
}

#[test]
fn glob_import_keeps_two_parameter_results() {
    assert_eq!(parse_byte("255"), Ok(255));
    assert!(parse_byte("256").is_err());
    assert_eq!(fmt_error(), Err(std::fmt::Error));
    assert_eq!(ours(0), Ok(0));
    assert_eq!(ours(2), Err(Errno::ERROR_FILE_NOT_FOUND));
    let e = via_io(2).unwrap_err();
    assert_eq!(Errno::from_io_error(&e), Some(Errno::ERROR_FILE_NOT_FOUND));
}
