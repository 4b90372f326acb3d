//! # winsyscall
//!
//! Go's Windows `syscall` package (`src/syscall/*_windows.go`), rebuilt as a safe,
//! idiomatic Rust crate. Every Go symbol has a twin here, found by its Go name
//! (`#[doc(alias)]`): search the docs for `Open`, `UTF16FromString`, `Errno`…
//!
//! * Results are [`Result<T>`] = `Result<T, Errno>`; [`Errno`] converts into
//!   [`std::io::Error`].
//! * Handles and sockets are std's `OwnedHandle`/`BorrowedHandle`/`OwnedSocket`/
//!   `BorrowedSocket`: calls take `impl AsHandle`/`AsSocket` and return owned ones.
//! * String and path arguments accept `&str`, `&Path`, `&OsStr` (and owned forms)
//!   alike, through [`WideArg`].
//!
//! The crate has two layers. The portable core (strings, errors, time, wait
//! status, signals, socket-address layouts, reparse buffers, command lines,
//! environment blocks) compiles and is tested on every OS. The Windows layer
//! (`cfg(windows)`) is a thin, documented wrapper over `windows-sys`; its items
//! are re-exported at the crate root so that `winsyscall::open` reads like Go's
//! `syscall.Open`.
//!
//! ```no_run
//! # #[cfg(windows)] fn main() -> winsyscall::Result<()> {
//! use winsyscall::{open, read, write, O_CREAT, O_RDWR};
//! let f = open("hello.txt", O_CREAT | O_RDWR, 0o644)?;
//! write(&f, b"hello")?;
//! # Ok(()) }
//! # #[cfg(not(windows))] fn main() {}
//! ```
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
