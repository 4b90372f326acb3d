// The README is the crate's front page, and its example a doctest. That
// example calls the Windows API, so when doctests are collected for another OS
// the README is left out (the rendered docs keep it on every OS).
#![cfg_attr(any(windows, not(doctest)), doc = include_str!("../README.md"))]
#![cfg_attr(
    all(not(windows), doctest),
    doc = "Go's Windows `syscall` package, rebuilt as a safe, idiomatic Rust crate."
)]
#![warn(missing_docs)]
// docs.rs (nightly rustdoc with `--cfg docsrs`) labels each item with the
// Cargo feature and platform it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

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
mod sys;

#[doc(inline)]
pub use cmdline::*;
#[doc(inline)]
pub use consts::*;
#[doc(inline)]
pub use envblock::*;
#[doc(inline)]
pub use errno::ErrnoWith;
#[doc(inline)]
pub use errno::{APPLICATION_ERROR, Errno, LANG_ENGLISH, Result, SUBLANG_ENGLISH_US, langid};
#[doc(inline)]
pub use reparse::*;
#[doc(inline)]
pub use sockaddr::*;
#[doc(inline)]
pub use time::*;
#[doc(inline)]
pub use wait::*;
#[doc(inline)]
pub use wstr::*;

#[cfg(windows)]
pub use sys::*;
