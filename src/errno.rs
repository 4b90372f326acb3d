//! `Errno`: Windows error numbers, Go's invented POSIX-style numbers, their
//! messages and their classification.
//!
//! Go: `syscall.Errno`, `zerrors_windows.go`. The numbers, the classification
//! (`Is`, `Temporary`, `Timeout`) and the invented message table are portable;
//! only the lookup of a system message (`FormatMessageW`) needs Windows.

use core::fmt;

/// Go's `APPLICATION_ERROR` (`1 << 29`): the first of the invented errno numbers.
///
/// Windows reserves bit 29 of an error code for applications, so the numbers Go
/// invents from here up (`E2BIG` … `EWINDOWS`) never collide with a real Win32 code.
pub const APPLICATION_ERROR: u32 = 1 << 29;

/// A Windows error number, or one of Go's invented POSIX-style numbers.
///
/// Go: `syscall.Errno` (`type Errno uintptr`). A transparent `u32` newtype, not an
/// enum: Windows has far more codes than any crate names. Win32 codes live in the
/// low range (`Errno::ERROR_FILE_NOT_FOUND` is 2); Go's invented numbers start at
/// [`APPLICATION_ERROR`] (`Errno::EINVAL` is `0x2000_0027`).
///
/// `Display` renders the text Go's `Error()` gives (see [`Errno::message`]),
/// `Errno` converts into [`std::io::Error`], and the `is_*` methods answer Go's
/// `errors.Is(err, fs.ErrNotExist)` and friends.
///
/// ```
/// use winsyscall::Errno;
/// assert_eq!(Errno::EINVAL.to_string(), "invalid argument");
/// assert!(Errno::ERROR_FILE_NOT_FOUND.is_not_exist());
/// assert_eq!(Errno::ENOENT, Errno::ERROR_FILE_NOT_FOUND);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[repr(transparent)]
pub struct Errno(pub u32);

/// Go: the package's results are `(T, error)`; ours are `Result<T, Errno>`.
///
/// The error type defaults to [`Errno`] but can be named, so that
/// `use winsyscall::*;` leaves every other `Result<T, E>` in the importing
/// module working:
///
/// ```
/// use winsyscall::*;
/// fn parse(s: &str) -> Result<u8, std::num::ParseIntError> {
///     s.parse()
/// }
/// fn check(e: u32) -> Result<()> {
///     if e == 0 { Ok(()) } else { Err(Errno(e)) }
/// }
/// assert_eq!(parse("7"), Ok(7));
/// assert_eq!(check(2), Err(Errno::ERROR_FILE_NOT_FOUND));
/// ```
pub type Result<T, E = Errno> = core::result::Result<T, E>;

#[path = "errno_table.rs"]
mod table;
pub(crate) use table::INVENTED;

macro_rules! win32_codes {
    ($($(#[$m:meta])* $name:ident = $val:expr;)*) => {
        impl Errno {
            $(
                $(#[$m])*
                #[doc = concat!("Windows `", stringify!($name), "` (", stringify!($val), ").")]
                pub const $name: Errno = Errno($val);
            )*

            /// The Windows name of a code this crate names (`"ERROR_ACCESS_DENIED"`).
            pub fn win32_name(self) -> Option<&'static str> {
                match self.0 {
                    $($val => Some(stringify!($name)),)*
                    _ => None,
                }
            }
        }
    };
}

win32_codes! {
    /// The operation completed successfully.
    ERROR_SUCCESS = 0;
    ERROR_FILE_NOT_FOUND = 2;
    ERROR_PATH_NOT_FOUND = 3;
    ERROR_TOO_MANY_OPEN_FILES = 4;
    ERROR_ACCESS_DENIED = 5;
    ERROR_INVALID_HANDLE = 6;
    /// Go (unexported): `_ERROR_NOT_ENOUGH_MEMORY`.
    ERROR_NOT_ENOUGH_MEMORY = 8;
    ERROR_INVALID_ACCESS = 12;
    ERROR_INVALID_DATA = 13;
    ERROR_OUTOFMEMORY = 14;
    ERROR_NOT_SAME_DEVICE = 17;
    ERROR_NO_MORE_FILES = 18;
    ERROR_WRITE_PROTECT = 19;
    ERROR_NOT_READY = 21;
    ERROR_SHARING_VIOLATION = 32;
    ERROR_LOCK_VIOLATION = 33;
    ERROR_HANDLE_EOF = 38;
    ERROR_HANDLE_DISK_FULL = 39;
    /// Go (unexported): `_ERROR_NOT_SUPPORTED`.
    ERROR_NOT_SUPPORTED = 50;
    ERROR_BAD_DEV_TYPE = 66;
    /// Go (unexported): `_ERROR_BAD_NETPATH`.
    ERROR_BAD_NETPATH = 53;
    ERROR_NETNAME_DELETED = 64;
    ERROR_FILE_EXISTS = 80;
    ERROR_CANNOT_MAKE = 82;
    /// Go (unexported, current releases): `_ERROR_INVALID_PARAMETER`.
    ERROR_INVALID_PARAMETER = 87;
    ERROR_BROKEN_PIPE = 109;
    ERROR_OPEN_FAILED = 110;
    ERROR_BUFFER_OVERFLOW = 111;
    ERROR_DISK_FULL = 112;
    /// Go (unexported): `_ERROR_CALL_NOT_IMPLEMENTED`.
    ERROR_CALL_NOT_IMPLEMENTED = 120;
    ERROR_SEM_TIMEOUT = 121;
    ERROR_INSUFFICIENT_BUFFER = 122;
    ERROR_INVALID_NAME = 123;
    ERROR_MOD_NOT_FOUND = 126;
    ERROR_PROC_NOT_FOUND = 127;
    ERROR_NEGATIVE_SEEK = 131;
    ERROR_SEEK_ON_DEVICE = 132;
    ERROR_DIR_NOT_EMPTY = 145;
    ERROR_BAD_ARGUMENTS = 160;
    ERROR_BAD_PATHNAME = 161;
    ERROR_BUSY = 170;
    ERROR_ALREADY_EXISTS = 183;
    ERROR_BAD_EXE_FORMAT = 193;
    ERROR_ENVVAR_NOT_FOUND = 203;
    ERROR_FILENAME_EXCED_RANGE = 206;
    ERROR_PIPE_BUSY = 231;
    ERROR_NO_DATA = 232;
    ERROR_PIPE_NOT_CONNECTED = 233;
    ERROR_MORE_DATA = 234;
    ERROR_DIRECTORY = 267;
    /// `WAIT_TIMEOUT` (258) as an error number: what a timed-out wait or
    /// `GetQueuedCompletionStatus` reports.
    WAIT_TIMEOUT = 258;
    /// No more data is available (the end of an enumeration such as `RegEnumKeyEx`).
    ERROR_NO_MORE_ITEMS = 259;
    ERROR_NOT_OWNER = 288;
    ERROR_PARTIAL_COPY = 299;
    ERROR_INVALID_ADDRESS = 487;
    ERROR_ARITHMETIC_OVERFLOW = 534;
    ERROR_PIPE_CONNECTED = 535;
    ERROR_ABANDONED_WAIT_0 = 735;
    ERROR_OPERATION_ABORTED = 995;
    ERROR_IO_INCOMPLETE = 996;
    ERROR_IO_PENDING = 997;
    ERROR_NOACCESS = 998;
    ERROR_INVALID_FLAGS = 1004;
    ERROR_CANTOPEN = 1011;
    ERROR_CANTREAD = 1012;
    ERROR_CANTWRITE = 1013;
    ERROR_NOT_FOUND = 1168;
    ERROR_CONNECTION_REFUSED = 1225;
    ERROR_CONNECTION_ABORTED = 1236;
    ERROR_INVALID_CALLBACK = 1246;
    ERROR_PRIVILEGE_NOT_HELD = 1314;
    ERROR_NONE_MAPPED = 1332;
    ERROR_INVALID_SID = 1337;
    ERROR_INTERNAL_ERROR = 1359;
    ERROR_TIMEOUT = 1460;
    ERROR_NOT_A_REPARSE_POINT = 4390;
    ERROR_INVALID_REPARSE_DATA = 4392;
    ERROR_REPARSE_TAG_INVALID = 4393;
    ERROR_SYMLINK_NOT_SUPPORTED = 1464;
    ERROR_CANT_RESOLVE_FILENAME = 1921;
    WSAEINTR = 10004;
    WSAEBADF = 10009;
    WSAEACCES = 10013;
    WSAEFAULT = 10014;
    WSAEINVAL = 10022;
    WSAEMFILE = 10024;
    WSAEWOULDBLOCK = 10035;
    WSAEINPROGRESS = 10036;
    WSAEALREADY = 10037;
    WSAENOTSOCK = 10038;
    WSAEDESTADDRREQ = 10039;
    WSAEMSGSIZE = 10040;
    WSAEPROTOTYPE = 10041;
    WSAENOPROTOOPT = 10042;
    WSAEPROTONOSUPPORT = 10043;
    WSAESOCKTNOSUPPORT = 10044;
    WSAEOPNOTSUPP = 10045;
    WSAEPFNOSUPPORT = 10046;
    WSAEAFNOSUPPORT = 10047;
    WSAEADDRINUSE = 10048;
    WSAEADDRNOTAVAIL = 10049;
    WSAENETDOWN = 10050;
    WSAENETUNREACH = 10051;
    WSAENETRESET = 10052;
    WSAECONNABORTED = 10053;
    WSAECONNRESET = 10054;
    WSAENOBUFS = 10055;
    WSAEISCONN = 10056;
    WSAENOTCONN = 10057;
    WSAESHUTDOWN = 10058;
    WSAETOOMANYREFS = 10059;
    WSAETIMEDOUT = 10060;
    WSAECONNREFUSED = 10061;
    WSAELOOP = 10062;
    WSAENAMETOOLONG = 10063;
    WSAEHOSTDOWN = 10064;
    WSAEHOSTUNREACH = 10065;
    WSAENOTEMPTY = 10066;
    WSASYSNOTREADY = 10091;
    WSAVERNOTSUPPORTED = 10092;
    WSANOTINITIALISED = 10093;
    WSAEDISCON = 10101;
    WSA_E_NO_MORE = 10110;
    WSAHOST_NOT_FOUND = 11001;
    WSATRY_AGAIN = 11002;
    WSANO_RECOVERY = 11003;
    WSANO_DATA = 11004;
}

impl Errno {
    /// Go: `syscall.ENOENT`, an alias of `ERROR_FILE_NOT_FOUND` (2), not an invented number.
    pub const ENOENT: Errno = Errno::ERROR_FILE_NOT_FOUND;
    /// Go: `syscall.ENOTDIR`, an alias of `ERROR_PATH_NOT_FOUND` (3), not an invented number.
    pub const ENOTDIR: Errno = Errno::ERROR_PATH_NOT_FOUND;

    /// The raw number.
    pub const fn raw(self) -> u32 {
        self.0
    }

    /// Whether this is one of Go's invented numbers (`APPLICATION_ERROR` ..
    /// `APPLICATION_ERROR + 131`), which Windows itself never returns.
    pub const fn is_invented(self) -> bool {
        self.0 >= APPLICATION_ERROR && self.0 < APPLICATION_ERROR + INVENTED.len() as u32
    }

    /// The Go name of an invented number (`"EINVAL"`), or `None`.
    pub fn invented_name(self) -> Option<&'static str> {
        self.is_invented()
            .then(|| INVENTED[(self.0 - APPLICATION_ERROR) as usize].0)
    }

    /// Go's message for an invented number (`"invalid argument"`), or `None`.
    /// Portable: it needs no system call.
    pub fn invented_message(self) -> Option<&'static str> {
        self.is_invented()
            .then(|| INVENTED[(self.0 - APPLICATION_ERROR) as usize].1)
    }

    /// Go: `os.IsNotExist(err)` / `errors.Is(err, fs.ErrNotExist)`:
    /// `ERROR_FILE_NOT_FOUND` (2, also `ENOENT`), `ERROR_PATH_NOT_FOUND` (3, also
    /// `ENOTDIR`), `ERROR_BAD_NETPATH` (53). This is Go's `Errno.Is` list, not
    /// [`kind`](Self::kind): std's [`NotFound`](std::io::ErrorKind::NotFound)
    /// also takes `ERROR_INVALID_DRIVE` (15) and `ERROR_BAD_NET_NAME` (67),
    /// which Go does not count.
    pub const fn is_not_exist(self) -> bool {
        matches!(self.0, 2 | 3 | 53)
    }

    /// Go: `os.IsExist(err)` / `errors.Is(err, fs.ErrExist)`:
    /// `ERROR_ALREADY_EXISTS` (183), `ERROR_FILE_EXISTS` (80),
    /// `ERROR_DIR_NOT_EMPTY` (145), `EEXIST`, `ENOTEMPTY`.
    ///
    /// A directory that is not empty "exists" for Go; for std it is
    /// [`DirectoryNotEmpty`](std::io::ErrorKind::DirectoryNotEmpty), not
    /// `AlreadyExists`. Port `os.IsExist` to this method, not to a `kind()` match.
    pub const fn is_exist(self) -> bool {
        matches!(self.0, 183 | 145 | 80) || self.0 == Self::EEXIST.0 || self.0 == Self::ENOTEMPTY.0
    }

    /// Go: `os.IsPermission(err)` / `errors.Is(err, fs.ErrPermission)`:
    /// `ERROR_ACCESS_DENIED` (5), `EACCES`, `EPERM`.
    ///
    /// Neither a sharing violation (32) nor `ERROR_PRIVILEGE_NOT_HELD` (1314,
    /// what a symbolic link without the privilege gives) is a permission error,
    /// as in Go. std agrees for 5; it has no category for 32 or 1314.
    pub const fn is_permission(self) -> bool {
        self.0 == 5 || self.0 == Self::EACCES.0 || self.0 == Self::EPERM.0
    }

    /// Go: `errors.Is(err, errors.ErrUnsupported)`: `ERROR_NOT_SUPPORTED` (50),
    /// `ERROR_CALL_NOT_IMPLEMENTED` (120), `ENOSYS`, `ENOTSUP`, `EOPNOTSUPP`,
    /// `EWINDOWS`. std's [`Unsupported`](std::io::ErrorKind::Unsupported) takes
    /// 120 but not 50 (which std leaves uncategorised).
    pub const fn is_unsupported(self) -> bool {
        matches!(self.0, 50 | 120)
            || self.0 == Self::ENOSYS.0
            || self.0 == Self::ENOTSUP.0
            || self.0 == Self::EOPNOTSUPP.0
            || self.0 == Self::EWINDOWS.0
    }

    /// Go: `Errno.Timeout()`: `EAGAIN`, `EWOULDBLOCK` or `ETIMEDOUT`, the invented
    /// numbers only. As in Go, real Windows timeouts (`WSAETIMEDOUT`, `WAIT_TIMEOUT`,
    /// `ERROR_SEM_TIMEOUT`) answer `false`.
    #[doc(alias = "Timeout")]
    pub const fn timeout(self) -> bool {
        self.0 == Self::EAGAIN.0 || self.0 == Self::EWOULDBLOCK.0 || self.0 == Self::ETIMEDOUT.0
    }

    /// Go: `Errno.Temporary()`: `EINTR`, `EMFILE`, or [`timeout`](Self::timeout).
    #[doc(alias = "Temporary")]
    pub const fn temporary(self) -> bool {
        self.0 == Self::EINTR.0 || self.0 == Self::EMFILE.0 || self.timeout()
    }

    /// The text Go's `Errno.Error()` gives.
    ///
    /// 1. An invented number gives Go's table text (`"invalid argument"`).
    /// 2. On Windows, `FormatMessageW(FROM_SYSTEM | ARGUMENT_ARRAY | IGNORE_INSERTS)`
    ///    in US English (`langid(LANG_ENGLISH, SUBLANG_ENGLISH_US)`), then in the
    ///    default language, trailing CR/LF trimmed. The texts of 2 and 3 are cached
    ///    after the first lookup, as current Go does.
    /// 3. Otherwise (and on other systems) `"winapi error #N"`.
    #[doc(alias = "Error")]
    pub fn message(self) -> std::borrow::Cow<'static, str> {
        if let Some(m) = self.invented_message() {
            return m.into();
        }
        #[cfg(windows)]
        if let Some(m) = crate::sys::errmsg::system_message(self) {
            return m;
        }
        format!("winapi error #{}", self.0).into()
    }

    /// The [`std::io::ErrorKind`] of this number: for a Windows code, exactly
    /// the kind std gives `io::Error::from_raw_os_error(code)` on Windows.
    ///
    /// So `errno.kind()` and `io::Error::from(errno).kind()` agree, on every
    /// system, but for the two cases below. The table is std 1.95's
    /// (`decode_error_kind` for Windows), checked code by code against the std
    /// the crate is built with. The two deliberate differences are both forced
    /// by std's unstable kinds, which stable code cannot name:
    ///
    /// * where std has no category (its unstable `Uncategorized`), this says
    ///   [`Other`](std::io::ErrorKind::Other): `ERROR_NOT_SUPPORTED` (50),
    ///   `ERROR_PRIVILEGE_NOT_HELD` (1314), `ERROR_SHARING_VIOLATION` (32),
    ///   `ERROR_INVALID_HANDLE` (6), and every other code std does not list;
    /// * `ERROR_CANT_RESOLVE_FILENAME` (1921), std's unstable `FilesystemLoop`,
    ///   is `Other` too.
    ///
    /// Go's invented numbers (never a Windows code) take the kind std gives the
    /// POSIX number of the same name on Linux (`EINVAL` → `InvalidInput`,
    /// `ENOTEMPTY` → `DirectoryNotEmpty`, `ELOOP` and `EINPROGRESS` → `Other`
    /// for the same reason as above), and `EWINDOWS` is `Unsupported`.
    ///
    /// **This is not Go's classification.** Go's `os.IsExist`,
    /// `os.IsNotExist`, `os.IsPermission` and `errors.Is(err,
    /// errors.ErrUnsupported)` are [`is_exist`](Self::is_exist),
    /// [`is_not_exist`](Self::is_not_exist),
    /// [`is_permission`](Self::is_permission) and
    /// [`is_unsupported`](Self::is_unsupported), and they differ from the kinds:
    ///
    /// | code | Go | `kind()` (= std) |
    /// |---|---|---|
    /// | 145 `ERROR_DIR_NOT_EMPTY` | `is_exist()` | `DirectoryNotEmpty` |
    /// | 15 `ERROR_INVALID_DRIVE`, 67 `ERROR_BAD_NET_NAME` | not `is_not_exist()` | `NotFound` |
    /// | 50 `ERROR_NOT_SUPPORTED` | `is_unsupported()` | `Other` |
    /// | 995 `ERROR_OPERATION_ABORTED` | — | `TimedOut` |
    /// | 1314 `ERROR_PRIVILEGE_NOT_HELD` | not `is_permission()` | `Other` |
    ///
    /// ```
    /// use std::io::ErrorKind;
    /// use winsyscall::Errno;
    /// let e = Errno::ERROR_DIR_NOT_EMPTY;
    /// assert!(e.is_exist()); // Go: os.IsExist(err) == true
    /// assert_eq!(e.kind(), ErrorKind::DirectoryNotEmpty); // std's category
    /// assert_eq!(Errno::ERROR_NOT_SUPPORTED.kind(), ErrorKind::Other);
    /// assert!(Errno::ERROR_NOT_SUPPORTED.is_unsupported());
    /// ```
    pub fn kind(self) -> std::io::ErrorKind {
        if self.is_invented() {
            self.invented_kind()
        } else {
            kind::win32_kind(self.0)
        }
    }
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl fmt::Debug for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.invented_name().or_else(|| self.win32_name()) {
            Some(name) => write!(f, "Errno({name})"),
            None => write!(f, "Errno({})", self.0),
        }
    }
}

impl std::error::Error for Errno {}

impl From<Errno> for std::io::Error {
    /// On Windows a Win32 code becomes `io::Error::from_raw_os_error`, so
    /// `raw_os_error()` gives the code back and std's own message and kind apply.
    /// An invented number (and, off Windows, any number) becomes a custom error
    /// wrapping the `Errno` (recover it with [`Errno::from_io_error`]) with the
    /// kind from [`Errno::kind`].
    fn from(e: Errno) -> Self {
        #[cfg(windows)]
        if !e.is_invented() && e.0 <= i32::MAX as u32 {
            return std::io::Error::from_raw_os_error(e.0 as i32);
        }
        std::io::Error::new(e.kind(), e)
    }
}

impl Errno {
    /// The `Errno` inside an [`std::io::Error`] made from one (or, on Windows,
    /// from any raw OS error), if there is one.
    pub fn from_io_error(err: &std::io::Error) -> Option<Errno> {
        if let Some(inner) = err.get_ref().and_then(|e| e.downcast_ref::<Errno>()) {
            return Some(*inner);
        }
        #[cfg(windows)]
        if let Some(code) = err.raw_os_error() {
            return Some(Errno(code as u32));
        }
        None
    }
}

impl From<Errno> for u32 {
    fn from(e: Errno) -> u32 {
        e.0
    }
}

impl From<u32> for Errno {
    fn from(code: u32) -> Errno {
        Errno(code)
    }
}

#[path = "errno_kind.rs"]
mod kind;
#[path = "errno_with.rs"]
mod with;
pub use with::ErrnoWith;

/// Go: `langid(pri, sub uint16) uint32` (Windows' `MAKELANGID`): `sub << 10 | pri`.
///
/// ```
/// assert_eq!(winsyscall::langid(winsyscall::LANG_ENGLISH, winsyscall::SUBLANG_ENGLISH_US), 0x409);
/// ```
pub const fn langid(pri: u16, sub: u16) -> u32 {
    ((sub as u32) << 10) | pri as u32
}

/// Go: `syscall.LANG_ENGLISH`.
pub const LANG_ENGLISH: u16 = 0x09;
/// Go: `syscall.SUBLANG_ENGLISH_US`.
pub const SUBLANG_ENGLISH_US: u16 = 0x01;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invented_numbers_and_texts() {
        assert_eq!(Errno::E2BIG.0, 0x2000_0000);
        assert_eq!(Errno::EINVAL.0, 0x2000_0027);
        assert_eq!(Errno::EWINDOWS.0, 0x2000_0082);
        assert_eq!(Errno::EINVAL.to_string(), "invalid argument");
        assert_eq!(Errno::EINVAL.message(), "invalid argument");
        assert_eq!(Errno::EWINDOWS.to_string(), "not supported by windows");
        assert_eq!(Errno::EWOULDBLOCK.to_string(), Errno::EAGAIN.to_string());
        assert_ne!(Errno::EWOULDBLOCK, Errno::EAGAIN);
        assert_eq!(format!("{:?}", Errno::EISDIR), "Errno(EISDIR)");
        assert_eq!(format!("{:?}", Errno(5)), "Errno(ERROR_ACCESS_DENIED)");
        assert_eq!(format!("{:?}", Errno(77777)), "Errno(77777)");
        assert!(!Errno(APPLICATION_ERROR + 131).is_invented());
    }

    #[cfg(not(windows))]
    #[test]
    fn unknown_code_falls_back() {
        assert_eq!(Errno(12345).to_string(), "winapi error #12345");
        assert_eq!(
            Errno(APPLICATION_ERROR + 131).to_string(),
            "winapi error #536871043"
        );
    }

    #[test]
    fn classification_matches_go() {
        for e in [2, 3, 53] {
            assert!(Errno(e).is_not_exist(), "{e}");
        }
        assert!(Errno::ENOENT.is_not_exist());
        for e in [
            Errno(183),
            Errno(145),
            Errno(80),
            Errno::EEXIST,
            Errno::ENOTEMPTY,
        ] {
            assert!(e.is_exist(), "{e:?}");
        }
        for e in [Errno(5), Errno::EACCES, Errno::EPERM] {
            assert!(e.is_permission(), "{e:?}");
        }
        assert!(!Errno(32).is_permission());
        for e in [
            Errno(50),
            Errno(120),
            Errno::ENOSYS,
            Errno::ENOTSUP,
            Errno::EOPNOTSUPP,
            Errno::EWINDOWS,
        ] {
            assert!(e.is_unsupported(), "{e:?}");
        }
        assert!(
            Errno::EAGAIN.timeout() && Errno::EWOULDBLOCK.timeout() && Errno::ETIMEDOUT.timeout()
        );
        for e in [
            Errno::WSAETIMEDOUT,
            Errno::WAIT_TIMEOUT,
            Errno::ERROR_SEM_TIMEOUT,
        ] {
            assert!(!e.timeout() && !e.temporary(), "{e:?}");
        }
        assert!(Errno::EINTR.temporary() && Errno::EMFILE.temporary() && Errno::EAGAIN.temporary());
        assert!(!Errno::EINVAL.temporary());
    }

    /// Every predicate is true for exactly Go's set (`Errno.Is`, `Timeout`,
    /// `Temporary`), checked over every code below 20,000, the invented range
    /// and beyond, and `raw` gives the number back.
    #[test]
    fn classification_is_exactly_gos_sets() {
        let not_exist = [2, 3, 53];
        let exist = [183, 145, 80, Errno::EEXIST.0, Errno::ENOTEMPTY.0];
        let permission = [5, Errno::EACCES.0, Errno::EPERM.0];
        let unsupported = [
            50,
            120,
            Errno::ENOSYS.0,
            Errno::ENOTSUP.0,
            Errno::EOPNOTSUPP.0,
            Errno::EWINDOWS.0,
        ];
        let timeout = [Errno::EAGAIN.0, Errno::EWOULDBLOCK.0, Errno::ETIMEDOUT.0];
        let temporary = [Errno::EINTR.0, Errno::EMFILE.0];
        let codes = (0..20_000)
            .chain(APPLICATION_ERROR - 2..APPLICATION_ERROR + 140)
            .chain([u32::MAX]);
        for c in codes {
            let e = Errno(c);
            assert_eq!(e.raw(), c);
            assert_eq!(e.is_not_exist(), not_exist.contains(&c), "not exist {c}");
            assert_eq!(e.is_exist(), exist.contains(&c), "exist {c}");
            assert_eq!(e.is_permission(), permission.contains(&c), "permission {c}");
            assert_eq!(
                e.is_unsupported(),
                unsupported.contains(&c),
                "unsupported {c}"
            );
            assert_eq!(e.timeout(), timeout.contains(&c), "timeout {c}");
            let t = timeout.contains(&c) || temporary.contains(&c);
            assert_eq!(e.temporary(), t, "temporary {c}");
        }
    }

    #[test]
    fn io_error_round_trip() {
        let io: std::io::Error = Errno::EINVAL.into();
        assert_eq!(io.kind(), std::io::ErrorKind::InvalidInput);
        assert_eq!(Errno::from_io_error(&io), Some(Errno::EINVAL));
        let io: std::io::Error = Errno::ERROR_FILE_NOT_FOUND.into();
        assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
        assert_eq!(Errno::from_io_error(&io), Some(Errno(2)));
        let io: std::io::Error = Errno::EWINDOWS.into();
        assert_eq!(io.kind(), std::io::ErrorKind::Unsupported);
        // On Windows a Win32 code is std's raw OS error, an invented one is not.
        #[cfg(windows)]
        {
            let io: std::io::Error = Errno(183).into();
            assert_eq!(io.raw_os_error(), Some(183));
            let io: std::io::Error = Errno(u32::MAX).into();
            assert_eq!(io.raw_os_error(), None);
            let io: std::io::Error = Errno::EINVAL.into();
            assert_eq!(io.raw_os_error(), None);
        }
        assert_eq!(u32::from(Errno(183)), 183);
        assert_eq!(Errno::from(183), Errno(183));
    }

    #[test]
    fn makelangid() {
        assert_eq!(langid(LANG_ENGLISH, SUBLANG_ENGLISH_US), 0x409);
        assert_eq!(langid(0, 0), 0);
        // Go's `sub<<10 | pri`: overlapping bits are or-ed, not added or xor-ed.
        assert_eq!(langid(0xFFFF, 1), 0xFFFF);
        assert_eq!(langid(0x0400, 1), 0x0400);
    }
}
