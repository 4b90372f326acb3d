// The README is the crate's front page, and its example a doctest. That
// example calls the Windows API, so when doctests are collected for another OS
// the README is left out (the rendered docs keep it on every OS).
#![cfg_attr(any(windows, not(doctest)), doc = include_str!("../README.md"))]
#![cfg_attr(
    all(not(windows), doctest),
    doc = "Go's Windows `syscall` package, rebuilt as a safe, idiomatic Rust crate."
)]
#![warn(missing_docs)]

/// Declares constants with Go's exact names and values, each documented with
/// its Go name (used by every module that defines Go's constants).
macro_rules! go_consts {
    ($ty:ty; $($(#[$m:meta])* $name:ident = $val:expr;)*) => {$(
        $(#[$m])*
        #[doc = concat!("Go: `syscall.", stringify!($name), "` = `", stringify!($val), "`.")]
        pub const $name: $ty = $val;
    )*};
}

pub mod cmdline;
pub mod consts;
pub mod envblock;
pub mod errno;
pub mod reparse;
pub mod sockaddr;
pub mod time;
pub mod wait;
pub mod wstr;

#[cfg(windows)]
pub mod sys;

pub use cmdline::*;
pub use consts::*;
pub use envblock::*;
pub use errno::ErrnoWith;
pub use errno::{APPLICATION_ERROR, Errno, LANG_ENGLISH, Result, SUBLANG_ENGLISH_US, langid};
pub use reparse::*;
pub use sockaddr::*;
pub use time::*;
pub use wait::*;
pub use wstr::*;

#[cfg(windows)]
pub use sys::*;
