//! The tables behind [`Errno::kind`]: std's Windows decoding for Win32 codes,
//! std's Linux decoding (by name) for Go's invented numbers.

use super::Errno;

impl Errno {
    /// The kind of one of Go's invented numbers: std's Linux kind of the
    /// POSIX errno with the same name.
    pub(super) fn invented_kind(self) -> std::io::ErrorKind {
        use std::io::ErrorKind as K;
        match self {
            Errno::E2BIG => K::ArgumentListTooLong,
            Errno::EACCES | Errno::EPERM => K::PermissionDenied,
            Errno::EADDRINUSE => K::AddrInUse,
            Errno::EADDRNOTAVAIL => K::AddrNotAvailable,
            Errno::EAGAIN | Errno::EWOULDBLOCK => K::WouldBlock,
            Errno::EBUSY => K::ResourceBusy,
            Errno::ECONNABORTED => K::ConnectionAborted,
            Errno::ECONNREFUSED => K::ConnectionRefused,
            Errno::ECONNRESET => K::ConnectionReset,
            Errno::EDEADLK | Errno::EDEADLOCK => K::Deadlock,
            Errno::EDQUOT => K::QuotaExceeded,
            Errno::EEXIST => K::AlreadyExists,
            Errno::EFBIG => K::FileTooLarge,
            Errno::EHOSTUNREACH => K::HostUnreachable,
            Errno::EINTR => K::Interrupted,
            Errno::EINVAL => K::InvalidInput,
            Errno::EISDIR => K::IsADirectory,
            Errno::EMLINK => K::TooManyLinks,
            Errno::ENAMETOOLONG => K::InvalidFilename,
            Errno::ENETDOWN => K::NetworkDown,
            Errno::ENETUNREACH => K::NetworkUnreachable,
            Errno::ENOMEM => K::OutOfMemory,
            Errno::ENOSPC => K::StorageFull,
            Errno::ENOSYS | Errno::ENOTSUP | Errno::EOPNOTSUPP | Errno::EWINDOWS => K::Unsupported,
            Errno::ENOTCONN => K::NotConnected,
            Errno::ENOTEMPTY => K::DirectoryNotEmpty,
            Errno::EPIPE => K::BrokenPipe,
            Errno::EROFS => K::ReadOnlyFilesystem,
            Errno::ESPIPE => K::NotSeekable,
            Errno::ESTALE => K::StaleNetworkFileHandle,
            Errno::ETIMEDOUT => K::TimedOut,
            Errno::ETXTBSY => K::ExecutableFileBusy,
            Errno::EXDEV => K::CrossesDevices,
            _ => K::Other,
        }
    }
}

/// std's Windows `decode_error_kind` (Rust 1.95), with `Other` where std says
/// `Uncategorized` or `FilesystemLoop` (see `Errno::kind`).
pub(super) fn win32_kind(code: u32) -> std::io::ErrorKind {
    use std::io::ErrorKind as K;
    match code {
        5 | 10013 => K::PermissionDenied, // ERROR_ACCESS_DENIED, WSAEACCES
        80 | 183 => K::AlreadyExists,     // ERROR_FILE_EXISTS, ERROR_ALREADY_EXISTS
        109 | 232 => K::BrokenPipe,       // ERROR_BROKEN_PIPE, ERROR_NO_DATA
        // ERROR_FILE_NOT_FOUND, _PATH_NOT_FOUND, _INVALID_DRIVE, _BAD_NETPATH, _BAD_NET_NAME
        2 | 3 | 15 | 53 | 67 => K::NotFound,
        // ERROR_INVALID_NAME, ERROR_BAD_PATHNAME, ERROR_FILENAME_EXCED_RANGE
        123 | 161 | 206 => K::InvalidFilename,
        87 | 10022 => K::InvalidInput, // ERROR_INVALID_PARAMETER, WSAEINVAL
        8 | 14 => K::OutOfMemory,      // ERROR_NOT_ENOUGH_MEMORY, ERROR_OUTOFMEMORY
        // ERROR_SEM_TIMEOUT, WAIT_TIMEOUT, ERROR_DRIVER_CANCEL_TIMEOUT,
        // ERROR_OPERATION_ABORTED, ERROR_SERVICE_REQUEST_TIMEOUT,
        // ERROR_COUNTER_TIMEOUT, ERROR_TIMEOUT, ERROR_RESOURCE_CALL_TIMED_OUT,
        // ERROR_CTX_MODEM_RESPONSE_TIMEOUT, ERROR_CTX_CLIENT_QUERY_TIMEOUT,
        // FRS_ERR_SYSVOL_POPULATE_TIMEOUT, ERROR_DS_TIMELIMIT_EXCEEDED,
        // DNS_ERROR_RECORD_TIMED_OUT, ERROR_IPSEC_IKE_TIMED_OUT,
        // ERROR_RUNLEVEL_SWITCH_TIMEOUT, ERROR_RUNLEVEL_SWITCH_AGENT_TIMEOUT, WSAETIMEDOUT
        121 | 258 | 594 | 995 | 1053 | 1121 | 1460 | 5910 | 7012 | 7040 | 8014 | 8226 | 9705
        | 13805 | 15402 | 15403 | 10060 => K::TimedOut,
        120 => K::Unsupported,                 // ERROR_CALL_NOT_IMPLEMENTED
        1232 | 10065 => K::HostUnreachable,    // ERROR_HOST_UNREACHABLE, WSAEHOSTUNREACH
        1231 | 10051 => K::NetworkUnreachable, // ERROR_NETWORK_UNREACHABLE, WSAENETUNREACH
        267 => K::NotADirectory,               // ERROR_DIRECTORY
        336 => K::IsADirectory,                // ERROR_DIRECTORY_NOT_SUPPORTED
        145 => K::DirectoryNotEmpty,           // ERROR_DIR_NOT_EMPTY
        19 => K::ReadOnlyFilesystem,           // ERROR_WRITE_PROTECT
        39 | 112 => K::StorageFull,            // ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
        132 => K::NotSeekable,                 // ERROR_SEEK_ON_DEVICE
        1295 | 10069 => K::QuotaExceeded,      // ERROR_DISK_QUOTA_EXCEEDED, WSAEDQUOT
        223 => K::FileTooLarge,                // ERROR_FILE_TOO_LARGE
        170 => K::ResourceBusy,                // ERROR_BUSY
        1131 => K::Deadlock,                   // ERROR_POSSIBLE_DEADLOCK
        17 => K::CrossesDevices,               // ERROR_NOT_SAME_DEVICE
        1142 => K::TooManyLinks,               // ERROR_TOO_MANY_LINKS
        10048 => K::AddrInUse,                 // WSAEADDRINUSE
        10049 => K::AddrNotAvailable,          // WSAEADDRNOTAVAIL
        10053 => K::ConnectionAborted,         // WSAECONNABORTED
        10061 => K::ConnectionRefused,         // WSAECONNREFUSED
        10054 => K::ConnectionReset,           // WSAECONNRESET
        10057 => K::NotConnected,              // WSAENOTCONN
        10035 => K::WouldBlock,                // WSAEWOULDBLOCK
        10050 => K::NetworkDown,               // WSAENETDOWN
        _ => K::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// std 1.95's Windows `decode_error_kind`, transcribed code by code from
    /// its source (`library/std/src/sys/io/error/windows.rs`), with
    /// `Uncategorized`/`FilesystemLoop` written `Other`.
    const STD_WINDOWS_KINDS: &[(u32, std::io::ErrorKind)] = {
        use std::io::ErrorKind::*;
        &[
            (5, PermissionDenied),
            (183, AlreadyExists),
            (80, AlreadyExists),
            (109, BrokenPipe),
            (2, NotFound),
            (3, NotFound),
            (15, NotFound),
            (53, NotFound),
            (67, NotFound),
            (232, BrokenPipe),
            (123, InvalidFilename),
            (161, InvalidFilename),
            (87, InvalidInput),
            (8, OutOfMemory),
            (14, OutOfMemory),
            (121, TimedOut),
            (258, TimedOut),
            (594, TimedOut),
            (995, TimedOut),
            (1053, TimedOut),
            (1121, TimedOut),
            (1460, TimedOut),
            (5910, TimedOut),
            (7012, TimedOut),
            (7040, TimedOut),
            (8014, TimedOut),
            (8226, TimedOut),
            (9705, TimedOut),
            (13805, TimedOut),
            (15402, TimedOut),
            (15403, TimedOut),
            (120, Unsupported),
            (1232, HostUnreachable),
            (1231, NetworkUnreachable),
            (267, NotADirectory),
            (336, IsADirectory),
            (145, DirectoryNotEmpty),
            (19, ReadOnlyFilesystem),
            (112, StorageFull),
            (39, StorageFull),
            (132, NotSeekable),
            (1295, QuotaExceeded),
            (223, FileTooLarge),
            (170, ResourceBusy),
            (1131, Deadlock),
            (17, CrossesDevices),
            (1142, TooManyLinks),
            (206, InvalidFilename),
            (1921, Other), // std: FilesystemLoop (unstable)
            (10013, PermissionDenied),
            (10048, AddrInUse),
            (10049, AddrNotAvailable),
            (10053, ConnectionAborted),
            (10061, ConnectionRefused),
            (10054, ConnectionReset),
            (10022, InvalidInput),
            (10057, NotConnected),
            (10035, WouldBlock),
            (10060, TimedOut),
            (10065, HostUnreachable),
            (10050, NetworkDown),
            (10051, NetworkUnreachable),
            (10069, QuotaExceeded),
            // Not in std's table (Uncategorized there).
            (0, Other),
            (6, Other),
            (32, Other),
            (33, Other),
            (38, Other),
            (50, Other),
            (1314, Other),
            (10066, Other),
            (10004, Other),
            (1225, Other),
            (64, Other),
        ]
    };

    #[test]
    fn kind_is_stds_windows_decoding() {
        for &(code, kind) in STD_WINDOWS_KINDS {
            assert_eq!(Errno(code).kind(), kind, "code {code}");
        }
        // Every code std names is in the table above and nothing else maps.
        let listed: Vec<u32> = STD_WINDOWS_KINDS.iter().map(|e| e.0).collect();
        for code in 0..20_000 {
            if !listed.contains(&code) {
                assert_eq!(Errno(code).kind(), std::io::ErrorKind::Other, "code {code}");
            }
        }
    }

    #[test]
    fn invented_kinds_follow_stds_linux_decoding() {
        use std::io::ErrorKind::*;
        let table = [
            (Errno::E2BIG, ArgumentListTooLong),
            (Errno::EACCES, PermissionDenied),
            (Errno::EPERM, PermissionDenied),
            (Errno::EADDRINUSE, AddrInUse),
            (Errno::EADDRNOTAVAIL, AddrNotAvailable),
            (Errno::EAGAIN, WouldBlock),
            (Errno::EWOULDBLOCK, WouldBlock),
            (Errno::EBUSY, ResourceBusy),
            (Errno::ECONNABORTED, ConnectionAborted),
            (Errno::ECONNREFUSED, ConnectionRefused),
            (Errno::ECONNRESET, ConnectionReset),
            (Errno::EDEADLK, Deadlock),
            (Errno::EDEADLOCK, Deadlock),
            (Errno::EDQUOT, QuotaExceeded),
            (Errno::EEXIST, AlreadyExists),
            (Errno::EFBIG, FileTooLarge),
            (Errno::EHOSTUNREACH, HostUnreachable),
            (Errno::EINTR, Interrupted),
            (Errno::EINVAL, InvalidInput),
            (Errno::EISDIR, IsADirectory),
            (Errno::ELOOP, Other),       // std: FilesystemLoop (unstable)
            (Errno::EINPROGRESS, Other), // std: InProgress (unstable)
            (Errno::EMLINK, TooManyLinks),
            (Errno::ENAMETOOLONG, InvalidFilename),
            (Errno::ENETDOWN, NetworkDown),
            (Errno::ENETUNREACH, NetworkUnreachable),
            (Errno::ENOMEM, OutOfMemory),
            (Errno::ENOSPC, StorageFull),
            (Errno::ENOSYS, Unsupported),
            (Errno::ENOTSUP, Unsupported),
            (Errno::EOPNOTSUPP, Unsupported),
            (Errno::EWINDOWS, Unsupported),
            (Errno::ENOTCONN, NotConnected),
            (Errno::ENOTEMPTY, DirectoryNotEmpty),
            (Errno::EPIPE, BrokenPipe),
            (Errno::EROFS, ReadOnlyFilesystem),
            (Errno::ESPIPE, NotSeekable),
            (Errno::ESTALE, StaleNetworkFileHandle),
            (Errno::ETIMEDOUT, TimedOut),
            (Errno::ETXTBSY, ExecutableFileBusy),
            (Errno::EXDEV, CrossesDevices),
            (Errno::EILSEQ, Other),
            (Errno::EIO, Other),
            // Aliases of Windows codes, so std's Windows kinds.
            (Errno::ENOENT, NotFound),
            (Errno::ENOTDIR, NotFound),
        ];
        for (e, kind) in table {
            assert_eq!(e.kind(), kind, "{e:?}");
        }
    }

    #[test]
    fn go_classification_is_not_the_kind() {
        use std::io::ErrorKind::*;
        // Go: os.IsExist; std: DirectoryNotEmpty.
        assert!(Errno::ERROR_DIR_NOT_EMPTY.is_exist());
        assert_eq!(Errno::ERROR_DIR_NOT_EMPTY.kind(), DirectoryNotEmpty);
        // std: NotFound; Go: not os.IsNotExist.
        for e in [Errno(15), Errno(67)] {
            assert!(!e.is_not_exist() && e.kind() == NotFound, "{e:?}");
        }
        // Go: ErrUnsupported; std: uncategorised.
        assert!(Errno::ERROR_NOT_SUPPORTED.is_unsupported());
        assert_eq!(Errno::ERROR_NOT_SUPPORTED.kind(), Other);
        // Neither Go nor std calls a missing privilege a permission error.
        assert!(!Errno::ERROR_PRIVILEGE_NOT_HELD.is_permission());
        assert_eq!(Errno::ERROR_PRIVILEGE_NOT_HELD.kind(), Other);
    }
}
