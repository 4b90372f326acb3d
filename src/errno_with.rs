//! [`ErrnoWith`]: an [`Errno`] together with the out-values a failed call still
//! reported.

use crate::errno::Errno;
use core::fmt;

/// An [`Errno`] and the out-values the failed call reported with it.
///
/// Go: the `(err error)` of a call whose pointer arguments Go's caller reads
/// after the failure (the needed size on `ERROR_MORE_DATA` or
/// `ERROR_INSUFFICIENT_BUFFER`, the type of a registry value…). What `value`
/// means, and for which error numbers, is documented by each function that
/// returns one; for other numbers it holds what Windows left there. For
/// example `reg_query_value_ex` fails with `ERROR_MORE_DATA` carrying the
/// value's type and the size it needs, which Go's caller reads from its
/// `valtype` and `buflen` variables to size its second call.
///
/// `Display` is the `Errno`'s text. Converts (`From`, so `?`) into [`Errno`]
/// and [`std::io::Error`], dropping the value. In a `match`, compare it with
/// the `Errno` itself:
///
/// ```
/// use winsyscall::{Errno, ErrnoWith};
/// fn sized() -> Result<u32, ErrnoWith<u32>> {
///     Err(ErrnoWith::new(Errno::ERROR_MORE_DATA, 40)) // "needs 40 bytes"
/// }
/// match sized() {
///     Err(e) if e == Errno::ERROR_MORE_DATA => assert_eq!(e.value, 40),
///     other => panic!("{other:?}"),
/// }
/// fn caller() -> winsyscall::Result<u32> {
///     Ok(sized()?) // ErrnoWith<u32> -> Errno
/// }
/// assert_eq!(caller(), Err(Errno::ERROR_MORE_DATA));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ErrnoWith<T> {
    /// The error.
    pub errno: Errno,
    /// The out-values as the failed call left them.
    pub value: T,
}

impl<T> ErrnoWith<T> {
    /// Pairs `errno` with `value`.
    pub const fn new(errno: Errno, value: T) -> Self {
        ErrnoWith { errno, value }
    }

    /// The value, without the error.
    pub fn into_value(self) -> T {
        self.value
    }
}

impl<T> PartialEq<Errno> for ErrnoWith<T> {
    /// Compares the error number only.
    fn eq(&self, other: &Errno) -> bool {
        self.errno == *other
    }
}

impl<T> fmt::Display for ErrnoWith<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.errno, f)
    }
}

impl<T: fmt::Debug> std::error::Error for ErrnoWith<T> {}

impl<T> From<ErrnoWith<T>> for Errno {
    fn from(e: ErrnoWith<T>) -> Errno {
        e.errno
    }
}

impl<T> From<ErrnoWith<T>> for std::io::Error {
    /// As `io::Error::from(e.errno)` (the raw OS error is kept on Windows).
    fn from(e: ErrnoWith<T>) -> std::io::Error {
        e.errno.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_compares_and_displays_as_its_errno() {
        let e = ErrnoWith::new(Errno::ERROR_MORE_DATA, (1u32, 40u32));
        assert_eq!(e, Errno::ERROR_MORE_DATA);
        assert!(e != Errno::ERROR_INSUFFICIENT_BUFFER);
        assert_eq!(Errno::from(e), Errno(234));
        assert_eq!(e.to_string(), Errno::ERROR_MORE_DATA.to_string());
        assert_eq!(e.into_value(), (1, 40));
        let io: std::io::Error = ErrnoWith::new(Errno::EINVAL, ()).into();
        assert_eq!(Errno::from_io_error(&io), Some(Errno::EINVAL));
        assert_eq!(io.kind(), std::io::ErrorKind::InvalidInput);
        let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(e);
        assert_eq!(boxed.to_string(), Errno(234).to_string());
    }
}
