// The README is the crate's front page, and its example a doctest. That
// example calls the Windows API, so when doctests are collected for another OS
// the README is left out (the rendered docs keep it on every OS).
#![cfg_attr(any(windows, not(doctest)), doc = include_str!("../README.md"))]
//!
//! ## Conventions
//!
//! * Results are [`Result<T>`] = `Result<T, Errno>` (the error type can be
//!   named: `Result<T, E>` is `core::result::Result<T, E>`, so a glob import
//!   does not break other results); [`Errno`] converts into
//!   [`std::io::Error`].
//! * String and path arguments accept `&str`, `&Path`, `&OsStr` (and owned
//!   forms) alike, through [`WideArg`]; a NUL inside one is `EINVAL`.
//! * The portable core (modules [`wstr`], [`errno`], [`consts`], [`time`],
//!   [`wait`], [`sockaddr`], [`reparse`], [`cmdline`], [`envblock`]) compiles
//!   and is tested on every OS. The Windows layer (`cfg(windows)`) is a thin,
//!   documented wrapper over `windows-sys`; its items are re-exported at the
//!   crate root so that `winsyscall::open` reads like Go's `syscall.Open`.
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
pub use errno::{APPLICATION_ERROR, Errno, LANG_ENGLISH, Result, SUBLANG_ENGLISH_US, langid};
pub use reparse::*;
pub use sockaddr::*;
pub use time::*;
pub use wait::*;
pub use wstr::*;

#[cfg(windows)]
pub use sys::*;
