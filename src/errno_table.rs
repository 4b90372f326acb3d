// Go's invented POSIX-style errno table (zerrors_windows.go): the names, in order,
// from APPLICATION_ERROR upward, with the message Go's Errno.Error() gives each.
// Index i has the number APPLICATION_ERROR + i.
use super::{APPLICATION_ERROR, Errno};

pub(crate) const INVENTED: [(&str, &str); 131] = [
    ("E2BIG", "argument list too long"),
    ("EACCES", "permission denied"),
    ("EADDRINUSE", "address already in use"),
    ("EADDRNOTAVAIL", "cannot assign requested address"),
    ("EADV", "advertise error"),
    ("EAFNOSUPPORT", "address family not supported by protocol"),
    ("EAGAIN", "resource temporarily unavailable"),
    ("EALREADY", "operation already in progress"),
    ("EBADE", "invalid exchange"),
    ("EBADF", "bad file descriptor"),
    ("EBADFD", "file descriptor in bad state"),
    ("EBADMSG", "bad message"),
    ("EBADR", "invalid request descriptor"),
    ("EBADRQC", "invalid request code"),
    ("EBADSLT", "invalid slot"),
    ("EBFONT", "bad font file format"),
    ("EBUSY", "device or resource busy"),
    ("ECANCELED", "operation canceled"),
    ("ECHILD", "no child processes"),
    ("ECHRNG", "channel number out of range"),
    ("ECOMM", "communication error on send"),
    ("ECONNABORTED", "software caused connection abort"),
    ("ECONNREFUSED", "connection refused"),
    ("ECONNRESET", "connection reset by peer"),
    ("EDEADLK", "resource deadlock avoided"),
    ("EDEADLOCK", "resource deadlock avoided"),
    ("EDESTADDRREQ", "destination address required"),
    ("EDOM", "numerical argument out of domain"),
    ("EDOTDOT", "RFS specific error"),
    ("EDQUOT", "disk quota exceeded"),
    ("EEXIST", "file exists"),
    ("EFAULT", "bad address"),
    ("EFBIG", "file too large"),
    ("EHOSTDOWN", "host is down"),
    ("EHOSTUNREACH", "no route to host"),
    ("EIDRM", "identifier removed"),
    (
        "EILSEQ",
        "invalid or incomplete multibyte or wide character",
    ),
    ("EINPROGRESS", "operation now in progress"),
    ("EINTR", "interrupted system call"),
    ("EINVAL", "invalid argument"),
    ("EIO", "input/output error"),
    ("EISCONN", "transport endpoint is already connected"),
    ("EISDIR", "is a directory"),
    ("EISNAM", "is a named type file"),
    ("EKEYEXPIRED", "key has expired"),
    ("EKEYREJECTED", "key was rejected by service"),
    ("EKEYREVOKED", "key has been revoked"),
    ("EL2HLT", "level 2 halted"),
    ("EL2NSYNC", "level 2 not synchronized"),
    ("EL3HLT", "level 3 halted"),
    ("EL3RST", "level 3 reset"),
    ("ELIBACC", "can not access a needed shared library"),
    ("ELIBBAD", "accessing a corrupted shared library"),
    ("ELIBEXEC", "cannot exec a shared library directly"),
    ("ELIBMAX", "attempting to link in too many shared libraries"),
    ("ELIBSCN", ".lib section in a.out corrupted"),
    ("ELNRNG", "link number out of range"),
    ("ELOOP", "too many levels of symbolic links"),
    ("EMEDIUMTYPE", "wrong medium type"),
    ("EMFILE", "too many open files"),
    ("EMLINK", "too many links"),
    ("EMSGSIZE", "message too long"),
    ("EMULTIHOP", "multihop attempted"),
    ("ENAMETOOLONG", "file name too long"),
    ("ENAVAIL", "no XENIX semaphores available"),
    ("ENETDOWN", "network is down"),
    ("ENETRESET", "network dropped connection on reset"),
    ("ENETUNREACH", "network is unreachable"),
    ("ENFILE", "too many open files in system"),
    ("ENOANO", "no anode"),
    ("ENOBUFS", "no buffer space available"),
    ("ENOCSI", "no CSI structure available"),
    ("ENODATA", "no data available"),
    ("ENODEV", "no such device"),
    ("ENOEXEC", "exec format error"),
    ("ENOKEY", "required key not available"),
    ("ENOLCK", "no locks available"),
    ("ENOLINK", "link has been severed"),
    ("ENOMEDIUM", "no medium found"),
    ("ENOMEM", "cannot allocate memory"),
    ("ENOMSG", "no message of desired type"),
    ("ENONET", "machine is not on the network"),
    ("ENOPKG", "package not installed"),
    ("ENOPROTOOPT", "protocol not available"),
    ("ENOSPC", "no space left on device"),
    ("ENOSR", "out of streams resources"),
    ("ENOSTR", "device not a stream"),
    ("ENOSYS", "function not implemented"),
    ("ENOTBLK", "block device required"),
    ("ENOTCONN", "transport endpoint is not connected"),
    ("ENOTEMPTY", "directory not empty"),
    ("ENOTNAM", "not a XENIX named type file"),
    ("ENOTRECOVERABLE", "state not recoverable"),
    ("ENOTSOCK", "socket operation on non-socket"),
    ("ENOTSUP", "operation not supported"),
    ("ENOTTY", "inappropriate ioctl for device"),
    ("ENOTUNIQ", "name not unique on network"),
    ("ENXIO", "no such device or address"),
    ("EOPNOTSUPP", "operation not supported"),
    ("EOVERFLOW", "value too large for defined data type"),
    ("EOWNERDEAD", "owner died"),
    ("EPERM", "operation not permitted"),
    ("EPFNOSUPPORT", "protocol family not supported"),
    ("EPIPE", "broken pipe"),
    ("EPROTO", "protocol error"),
    ("EPROTONOSUPPORT", "protocol not supported"),
    ("EPROTOTYPE", "protocol wrong type for socket"),
    ("ERANGE", "numerical result out of range"),
    ("EREMCHG", "remote address changed"),
    ("EREMOTE", "object is remote"),
    ("EREMOTEIO", "remote I/O error"),
    ("ERESTART", "interrupted system call should be restarted"),
    ("EROFS", "read-only file system"),
    ("ESHUTDOWN", "cannot send after transport endpoint shutdown"),
    ("ESOCKTNOSUPPORT", "socket type not supported"),
    ("ESPIPE", "illegal seek"),
    ("ESRCH", "no such process"),
    ("ESRMNT", "srmount error"),
    ("ESTALE", "stale NFS file handle"),
    ("ESTRPIPE", "streams pipe error"),
    ("ETIME", "timer expired"),
    ("ETIMEDOUT", "connection timed out"),
    ("ETOOMANYREFS", "too many references: cannot splice"),
    ("ETXTBSY", "text file busy"),
    ("EUCLEAN", "structure needs cleaning"),
    ("EUNATCH", "protocol driver not attached"),
    ("EUSERS", "too many users"),
    ("EWOULDBLOCK", "resource temporarily unavailable"),
    ("EXDEV", "invalid cross-device link"),
    ("EXFULL", "exchange full"),
    ("EWINDOWS", "not supported by windows"),
];

impl Errno {
    #[doc = "Go's invented `syscall.E2BIG` (argument list too long); never returned by Windows itself."]
    pub const E2BIG: Errno = Errno(APPLICATION_ERROR);
    #[doc = "Go's invented `syscall.EACCES` (permission denied); never returned by Windows itself."]
    pub const EACCES: Errno = Errno(APPLICATION_ERROR + 1);
    #[doc = "Go's invented `syscall.EADDRINUSE` (address already in use); never returned by Windows itself."]
    pub const EADDRINUSE: Errno = Errno(APPLICATION_ERROR + 2);
    #[doc = "Go's invented `syscall.EADDRNOTAVAIL` (cannot assign requested address); never returned by Windows itself."]
    pub const EADDRNOTAVAIL: Errno = Errno(APPLICATION_ERROR + 3);
    #[doc = "Go's invented `syscall.EADV` (advertise error); never returned by Windows itself."]
    pub const EADV: Errno = Errno(APPLICATION_ERROR + 4);
    #[doc = "Go's invented `syscall.EAFNOSUPPORT` (address family not supported by protocol); never returned by Windows itself."]
    pub const EAFNOSUPPORT: Errno = Errno(APPLICATION_ERROR + 5);
    #[doc = "Go's invented `syscall.EAGAIN` (resource temporarily unavailable); never returned by Windows itself."]
    pub const EAGAIN: Errno = Errno(APPLICATION_ERROR + 6);
    #[doc = "Go's invented `syscall.EALREADY` (operation already in progress); never returned by Windows itself."]
    pub const EALREADY: Errno = Errno(APPLICATION_ERROR + 7);
    #[doc = "Go's invented `syscall.EBADE` (invalid exchange); never returned by Windows itself."]
    pub const EBADE: Errno = Errno(APPLICATION_ERROR + 8);
    #[doc = "Go's invented `syscall.EBADF` (bad file descriptor); never returned by Windows itself."]
    pub const EBADF: Errno = Errno(APPLICATION_ERROR + 9);
    #[doc = "Go's invented `syscall.EBADFD` (file descriptor in bad state); never returned by Windows itself."]
    pub const EBADFD: Errno = Errno(APPLICATION_ERROR + 10);
    #[doc = "Go's invented `syscall.EBADMSG` (bad message); never returned by Windows itself."]
    pub const EBADMSG: Errno = Errno(APPLICATION_ERROR + 11);
    #[doc = "Go's invented `syscall.EBADR` (invalid request descriptor); never returned by Windows itself."]
    pub const EBADR: Errno = Errno(APPLICATION_ERROR + 12);
    #[doc = "Go's invented `syscall.EBADRQC` (invalid request code); never returned by Windows itself."]
    pub const EBADRQC: Errno = Errno(APPLICATION_ERROR + 13);
    #[doc = "Go's invented `syscall.EBADSLT` (invalid slot); never returned by Windows itself."]
    pub const EBADSLT: Errno = Errno(APPLICATION_ERROR + 14);
    #[doc = "Go's invented `syscall.EBFONT` (bad font file format); never returned by Windows itself."]
    pub const EBFONT: Errno = Errno(APPLICATION_ERROR + 15);
    #[doc = "Go's invented `syscall.EBUSY` (device or resource busy); never returned by Windows itself."]
    pub const EBUSY: Errno = Errno(APPLICATION_ERROR + 16);
    #[doc = "Go's invented `syscall.ECANCELED` (operation canceled); never returned by Windows itself."]
    pub const ECANCELED: Errno = Errno(APPLICATION_ERROR + 17);
    #[doc = "Go's invented `syscall.ECHILD` (no child processes); never returned by Windows itself."]
    pub const ECHILD: Errno = Errno(APPLICATION_ERROR + 18);
    #[doc = "Go's invented `syscall.ECHRNG` (channel number out of range); never returned by Windows itself."]
    pub const ECHRNG: Errno = Errno(APPLICATION_ERROR + 19);
    #[doc = "Go's invented `syscall.ECOMM` (communication error on send); never returned by Windows itself."]
    pub const ECOMM: Errno = Errno(APPLICATION_ERROR + 20);
    #[doc = "Go's invented `syscall.ECONNABORTED` (software caused connection abort); never returned by Windows itself."]
    pub const ECONNABORTED: Errno = Errno(APPLICATION_ERROR + 21);
    #[doc = "Go's invented `syscall.ECONNREFUSED` (connection refused); never returned by Windows itself."]
    pub const ECONNREFUSED: Errno = Errno(APPLICATION_ERROR + 22);
    #[doc = "Go's invented `syscall.ECONNRESET` (connection reset by peer); never returned by Windows itself."]
    pub const ECONNRESET: Errno = Errno(APPLICATION_ERROR + 23);
    #[doc = "Go's invented `syscall.EDEADLK` (resource deadlock avoided); never returned by Windows itself."]
    pub const EDEADLK: Errno = Errno(APPLICATION_ERROR + 24);
    #[doc = "Go's invented `syscall.EDEADLOCK` (resource deadlock avoided); never returned by Windows itself."]
    pub const EDEADLOCK: Errno = Errno(APPLICATION_ERROR + 25);
    #[doc = "Go's invented `syscall.EDESTADDRREQ` (destination address required); never returned by Windows itself."]
    pub const EDESTADDRREQ: Errno = Errno(APPLICATION_ERROR + 26);
    #[doc = "Go's invented `syscall.EDOM` (numerical argument out of domain); never returned by Windows itself."]
    pub const EDOM: Errno = Errno(APPLICATION_ERROR + 27);
    #[doc = "Go's invented `syscall.EDOTDOT` (RFS specific error); never returned by Windows itself."]
    pub const EDOTDOT: Errno = Errno(APPLICATION_ERROR + 28);
    #[doc = "Go's invented `syscall.EDQUOT` (disk quota exceeded); never returned by Windows itself."]
    pub const EDQUOT: Errno = Errno(APPLICATION_ERROR + 29);
    #[doc = "Go's invented `syscall.EEXIST` (file exists); never returned by Windows itself."]
    pub const EEXIST: Errno = Errno(APPLICATION_ERROR + 30);
    #[doc = "Go's invented `syscall.EFAULT` (bad address); never returned by Windows itself."]
    pub const EFAULT: Errno = Errno(APPLICATION_ERROR + 31);
    #[doc = "Go's invented `syscall.EFBIG` (file too large); never returned by Windows itself."]
    pub const EFBIG: Errno = Errno(APPLICATION_ERROR + 32);
    #[doc = "Go's invented `syscall.EHOSTDOWN` (host is down); never returned by Windows itself."]
    pub const EHOSTDOWN: Errno = Errno(APPLICATION_ERROR + 33);
    #[doc = "Go's invented `syscall.EHOSTUNREACH` (no route to host); never returned by Windows itself."]
    pub const EHOSTUNREACH: Errno = Errno(APPLICATION_ERROR + 34);
    #[doc = "Go's invented `syscall.EIDRM` (identifier removed); never returned by Windows itself."]
    pub const EIDRM: Errno = Errno(APPLICATION_ERROR + 35);
    #[doc = "Go's invented `syscall.EILSEQ` (invalid or incomplete multibyte or wide character); never returned by Windows itself."]
    pub const EILSEQ: Errno = Errno(APPLICATION_ERROR + 36);
    #[doc = "Go's invented `syscall.EINPROGRESS` (operation now in progress); never returned by Windows itself."]
    pub const EINPROGRESS: Errno = Errno(APPLICATION_ERROR + 37);
    #[doc = "Go's invented `syscall.EINTR` (interrupted system call); never returned by Windows itself."]
    pub const EINTR: Errno = Errno(APPLICATION_ERROR + 38);
    #[doc = "Go's invented `syscall.EINVAL` (invalid argument); never returned by Windows itself."]
    pub const EINVAL: Errno = Errno(APPLICATION_ERROR + 39);
    #[doc = "Go's invented `syscall.EIO` (input/output error); never returned by Windows itself."]
    pub const EIO: Errno = Errno(APPLICATION_ERROR + 40);
    #[doc = "Go's invented `syscall.EISCONN` (transport endpoint is already connected); never returned by Windows itself."]
    pub const EISCONN: Errno = Errno(APPLICATION_ERROR + 41);
    #[doc = "Go's invented `syscall.EISDIR` (is a directory); never returned by Windows itself."]
    pub const EISDIR: Errno = Errno(APPLICATION_ERROR + 42);
    #[doc = "Go's invented `syscall.EISNAM` (is a named type file); never returned by Windows itself."]
    pub const EISNAM: Errno = Errno(APPLICATION_ERROR + 43);
    #[doc = "Go's invented `syscall.EKEYEXPIRED` (key has expired); never returned by Windows itself."]
    pub const EKEYEXPIRED: Errno = Errno(APPLICATION_ERROR + 44);
    #[doc = "Go's invented `syscall.EKEYREJECTED` (key was rejected by service); never returned by Windows itself."]
    pub const EKEYREJECTED: Errno = Errno(APPLICATION_ERROR + 45);
    #[doc = "Go's invented `syscall.EKEYREVOKED` (key has been revoked); never returned by Windows itself."]
    pub const EKEYREVOKED: Errno = Errno(APPLICATION_ERROR + 46);
    #[doc = "Go's invented `syscall.EL2HLT` (level 2 halted); never returned by Windows itself."]
    pub const EL2HLT: Errno = Errno(APPLICATION_ERROR + 47);
    #[doc = "Go's invented `syscall.EL2NSYNC` (level 2 not synchronized); never returned by Windows itself."]
    pub const EL2NSYNC: Errno = Errno(APPLICATION_ERROR + 48);
    #[doc = "Go's invented `syscall.EL3HLT` (level 3 halted); never returned by Windows itself."]
    pub const EL3HLT: Errno = Errno(APPLICATION_ERROR + 49);
    #[doc = "Go's invented `syscall.EL3RST` (level 3 reset); never returned by Windows itself."]
    pub const EL3RST: Errno = Errno(APPLICATION_ERROR + 50);
    #[doc = "Go's invented `syscall.ELIBACC` (can not access a needed shared library); never returned by Windows itself."]
    pub const ELIBACC: Errno = Errno(APPLICATION_ERROR + 51);
    #[doc = "Go's invented `syscall.ELIBBAD` (accessing a corrupted shared library); never returned by Windows itself."]
    pub const ELIBBAD: Errno = Errno(APPLICATION_ERROR + 52);
    #[doc = "Go's invented `syscall.ELIBEXEC` (cannot exec a shared library directly); never returned by Windows itself."]
    pub const ELIBEXEC: Errno = Errno(APPLICATION_ERROR + 53);
    #[doc = "Go's invented `syscall.ELIBMAX` (attempting to link in too many shared libraries); never returned by Windows itself."]
    pub const ELIBMAX: Errno = Errno(APPLICATION_ERROR + 54);
    #[doc = "Go's invented `syscall.ELIBSCN` (.lib section in a.out corrupted); never returned by Windows itself."]
    pub const ELIBSCN: Errno = Errno(APPLICATION_ERROR + 55);
    #[doc = "Go's invented `syscall.ELNRNG` (link number out of range); never returned by Windows itself."]
    pub const ELNRNG: Errno = Errno(APPLICATION_ERROR + 56);
    #[doc = "Go's invented `syscall.ELOOP` (too many levels of symbolic links); never returned by Windows itself."]
    pub const ELOOP: Errno = Errno(APPLICATION_ERROR + 57);
    #[doc = "Go's invented `syscall.EMEDIUMTYPE` (wrong medium type); never returned by Windows itself."]
    pub const EMEDIUMTYPE: Errno = Errno(APPLICATION_ERROR + 58);
    #[doc = "Go's invented `syscall.EMFILE` (too many open files); never returned by Windows itself."]
    pub const EMFILE: Errno = Errno(APPLICATION_ERROR + 59);
    #[doc = "Go's invented `syscall.EMLINK` (too many links); never returned by Windows itself."]
    pub const EMLINK: Errno = Errno(APPLICATION_ERROR + 60);
    #[doc = "Go's invented `syscall.EMSGSIZE` (message too long); never returned by Windows itself."]
    pub const EMSGSIZE: Errno = Errno(APPLICATION_ERROR + 61);
    #[doc = "Go's invented `syscall.EMULTIHOP` (multihop attempted); never returned by Windows itself."]
    pub const EMULTIHOP: Errno = Errno(APPLICATION_ERROR + 62);
    #[doc = "Go's invented `syscall.ENAMETOOLONG` (file name too long); never returned by Windows itself."]
    pub const ENAMETOOLONG: Errno = Errno(APPLICATION_ERROR + 63);
    #[doc = "Go's invented `syscall.ENAVAIL` (no XENIX semaphores available); never returned by Windows itself."]
    pub const ENAVAIL: Errno = Errno(APPLICATION_ERROR + 64);
    #[doc = "Go's invented `syscall.ENETDOWN` (network is down); never returned by Windows itself."]
    pub const ENETDOWN: Errno = Errno(APPLICATION_ERROR + 65);
    #[doc = "Go's invented `syscall.ENETRESET` (network dropped connection on reset); never returned by Windows itself."]
    pub const ENETRESET: Errno = Errno(APPLICATION_ERROR + 66);
    #[doc = "Go's invented `syscall.ENETUNREACH` (network is unreachable); never returned by Windows itself."]
    pub const ENETUNREACH: Errno = Errno(APPLICATION_ERROR + 67);
    #[doc = "Go's invented `syscall.ENFILE` (too many open files in system); never returned by Windows itself."]
    pub const ENFILE: Errno = Errno(APPLICATION_ERROR + 68);
    #[doc = "Go's invented `syscall.ENOANO` (no anode); never returned by Windows itself."]
    pub const ENOANO: Errno = Errno(APPLICATION_ERROR + 69);
    #[doc = "Go's invented `syscall.ENOBUFS` (no buffer space available); never returned by Windows itself."]
    pub const ENOBUFS: Errno = Errno(APPLICATION_ERROR + 70);
    #[doc = "Go's invented `syscall.ENOCSI` (no CSI structure available); never returned by Windows itself."]
    pub const ENOCSI: Errno = Errno(APPLICATION_ERROR + 71);
    #[doc = "Go's invented `syscall.ENODATA` (no data available); never returned by Windows itself."]
    pub const ENODATA: Errno = Errno(APPLICATION_ERROR + 72);
    #[doc = "Go's invented `syscall.ENODEV` (no such device); never returned by Windows itself."]
    pub const ENODEV: Errno = Errno(APPLICATION_ERROR + 73);
    #[doc = "Go's invented `syscall.ENOEXEC` (exec format error); never returned by Windows itself."]
    pub const ENOEXEC: Errno = Errno(APPLICATION_ERROR + 74);
    #[doc = "Go's invented `syscall.ENOKEY` (required key not available); never returned by Windows itself."]
    pub const ENOKEY: Errno = Errno(APPLICATION_ERROR + 75);
    #[doc = "Go's invented `syscall.ENOLCK` (no locks available); never returned by Windows itself."]
    pub const ENOLCK: Errno = Errno(APPLICATION_ERROR + 76);
    #[doc = "Go's invented `syscall.ENOLINK` (link has been severed); never returned by Windows itself."]
    pub const ENOLINK: Errno = Errno(APPLICATION_ERROR + 77);
    #[doc = "Go's invented `syscall.ENOMEDIUM` (no medium found); never returned by Windows itself."]
    pub const ENOMEDIUM: Errno = Errno(APPLICATION_ERROR + 78);
    #[doc = "Go's invented `syscall.ENOMEM` (cannot allocate memory); never returned by Windows itself."]
    pub const ENOMEM: Errno = Errno(APPLICATION_ERROR + 79);
    #[doc = "Go's invented `syscall.ENOMSG` (no message of desired type); never returned by Windows itself."]
    pub const ENOMSG: Errno = Errno(APPLICATION_ERROR + 80);
    #[doc = "Go's invented `syscall.ENONET` (machine is not on the network); never returned by Windows itself."]
    pub const ENONET: Errno = Errno(APPLICATION_ERROR + 81);
    #[doc = "Go's invented `syscall.ENOPKG` (package not installed); never returned by Windows itself."]
    pub const ENOPKG: Errno = Errno(APPLICATION_ERROR + 82);
    #[doc = "Go's invented `syscall.ENOPROTOOPT` (protocol not available); never returned by Windows itself."]
    pub const ENOPROTOOPT: Errno = Errno(APPLICATION_ERROR + 83);
    #[doc = "Go's invented `syscall.ENOSPC` (no space left on device); never returned by Windows itself."]
    pub const ENOSPC: Errno = Errno(APPLICATION_ERROR + 84);
    #[doc = "Go's invented `syscall.ENOSR` (out of streams resources); never returned by Windows itself."]
    pub const ENOSR: Errno = Errno(APPLICATION_ERROR + 85);
    #[doc = "Go's invented `syscall.ENOSTR` (device not a stream); never returned by Windows itself."]
    pub const ENOSTR: Errno = Errno(APPLICATION_ERROR + 86);
    #[doc = "Go's invented `syscall.ENOSYS` (function not implemented); never returned by Windows itself."]
    pub const ENOSYS: Errno = Errno(APPLICATION_ERROR + 87);
    #[doc = "Go's invented `syscall.ENOTBLK` (block device required); never returned by Windows itself."]
    pub const ENOTBLK: Errno = Errno(APPLICATION_ERROR + 88);
    #[doc = "Go's invented `syscall.ENOTCONN` (transport endpoint is not connected); never returned by Windows itself."]
    pub const ENOTCONN: Errno = Errno(APPLICATION_ERROR + 89);
    #[doc = "Go's invented `syscall.ENOTEMPTY` (directory not empty); never returned by Windows itself."]
    pub const ENOTEMPTY: Errno = Errno(APPLICATION_ERROR + 90);
    #[doc = "Go's invented `syscall.ENOTNAM` (not a XENIX named type file); never returned by Windows itself."]
    pub const ENOTNAM: Errno = Errno(APPLICATION_ERROR + 91);
    #[doc = "Go's invented `syscall.ENOTRECOVERABLE` (state not recoverable); never returned by Windows itself."]
    pub const ENOTRECOVERABLE: Errno = Errno(APPLICATION_ERROR + 92);
    #[doc = "Go's invented `syscall.ENOTSOCK` (socket operation on non-socket); never returned by Windows itself."]
    pub const ENOTSOCK: Errno = Errno(APPLICATION_ERROR + 93);
    #[doc = "Go's invented `syscall.ENOTSUP` (operation not supported); never returned by Windows itself."]
    pub const ENOTSUP: Errno = Errno(APPLICATION_ERROR + 94);
    #[doc = "Go's invented `syscall.ENOTTY` (inappropriate ioctl for device); never returned by Windows itself."]
    pub const ENOTTY: Errno = Errno(APPLICATION_ERROR + 95);
    #[doc = "Go's invented `syscall.ENOTUNIQ` (name not unique on network); never returned by Windows itself."]
    pub const ENOTUNIQ: Errno = Errno(APPLICATION_ERROR + 96);
    #[doc = "Go's invented `syscall.ENXIO` (no such device or address); never returned by Windows itself."]
    pub const ENXIO: Errno = Errno(APPLICATION_ERROR + 97);
    #[doc = "Go's invented `syscall.EOPNOTSUPP` (operation not supported); never returned by Windows itself."]
    pub const EOPNOTSUPP: Errno = Errno(APPLICATION_ERROR + 98);
    #[doc = "Go's invented `syscall.EOVERFLOW` (value too large for defined data type); never returned by Windows itself."]
    pub const EOVERFLOW: Errno = Errno(APPLICATION_ERROR + 99);
    #[doc = "Go's invented `syscall.EOWNERDEAD` (owner died); never returned by Windows itself."]
    pub const EOWNERDEAD: Errno = Errno(APPLICATION_ERROR + 100);
    #[doc = "Go's invented `syscall.EPERM` (operation not permitted); never returned by Windows itself."]
    pub const EPERM: Errno = Errno(APPLICATION_ERROR + 101);
    #[doc = "Go's invented `syscall.EPFNOSUPPORT` (protocol family not supported); never returned by Windows itself."]
    pub const EPFNOSUPPORT: Errno = Errno(APPLICATION_ERROR + 102);
    #[doc = "Go's invented `syscall.EPIPE` (broken pipe); never returned by Windows itself."]
    pub const EPIPE: Errno = Errno(APPLICATION_ERROR + 103);
    #[doc = "Go's invented `syscall.EPROTO` (protocol error); never returned by Windows itself."]
    pub const EPROTO: Errno = Errno(APPLICATION_ERROR + 104);
    #[doc = "Go's invented `syscall.EPROTONOSUPPORT` (protocol not supported); never returned by Windows itself."]
    pub const EPROTONOSUPPORT: Errno = Errno(APPLICATION_ERROR + 105);
    #[doc = "Go's invented `syscall.EPROTOTYPE` (protocol wrong type for socket); never returned by Windows itself."]
    pub const EPROTOTYPE: Errno = Errno(APPLICATION_ERROR + 106);
    #[doc = "Go's invented `syscall.ERANGE` (numerical result out of range); never returned by Windows itself."]
    pub const ERANGE: Errno = Errno(APPLICATION_ERROR + 107);
    #[doc = "Go's invented `syscall.EREMCHG` (remote address changed); never returned by Windows itself."]
    pub const EREMCHG: Errno = Errno(APPLICATION_ERROR + 108);
    #[doc = "Go's invented `syscall.EREMOTE` (object is remote); never returned by Windows itself."]
    pub const EREMOTE: Errno = Errno(APPLICATION_ERROR + 109);
    #[doc = "Go's invented `syscall.EREMOTEIO` (remote I/O error); never returned by Windows itself."]
    pub const EREMOTEIO: Errno = Errno(APPLICATION_ERROR + 110);
    #[doc = "Go's invented `syscall.ERESTART` (interrupted system call should be restarted); never returned by Windows itself."]
    pub const ERESTART: Errno = Errno(APPLICATION_ERROR + 111);
    #[doc = "Go's invented `syscall.EROFS` (read-only file system); never returned by Windows itself."]
    pub const EROFS: Errno = Errno(APPLICATION_ERROR + 112);
    #[doc = "Go's invented `syscall.ESHUTDOWN` (cannot send after transport endpoint shutdown); never returned by Windows itself."]
    pub const ESHUTDOWN: Errno = Errno(APPLICATION_ERROR + 113);
    #[doc = "Go's invented `syscall.ESOCKTNOSUPPORT` (socket type not supported); never returned by Windows itself."]
    pub const ESOCKTNOSUPPORT: Errno = Errno(APPLICATION_ERROR + 114);
    #[doc = "Go's invented `syscall.ESPIPE` (illegal seek); never returned by Windows itself."]
    pub const ESPIPE: Errno = Errno(APPLICATION_ERROR + 115);
    #[doc = "Go's invented `syscall.ESRCH` (no such process); never returned by Windows itself."]
    pub const ESRCH: Errno = Errno(APPLICATION_ERROR + 116);
    #[doc = "Go's invented `syscall.ESRMNT` (srmount error); never returned by Windows itself."]
    pub const ESRMNT: Errno = Errno(APPLICATION_ERROR + 117);
    #[doc = "Go's invented `syscall.ESTALE` (stale NFS file handle); never returned by Windows itself."]
    pub const ESTALE: Errno = Errno(APPLICATION_ERROR + 118);
    #[doc = "Go's invented `syscall.ESTRPIPE` (streams pipe error); never returned by Windows itself."]
    pub const ESTRPIPE: Errno = Errno(APPLICATION_ERROR + 119);
    #[doc = "Go's invented `syscall.ETIME` (timer expired); never returned by Windows itself."]
    pub const ETIME: Errno = Errno(APPLICATION_ERROR + 120);
    #[doc = "Go's invented `syscall.ETIMEDOUT` (connection timed out); never returned by Windows itself."]
    pub const ETIMEDOUT: Errno = Errno(APPLICATION_ERROR + 121);
    #[doc = "Go's invented `syscall.ETOOMANYREFS` (too many references: cannot splice); never returned by Windows itself."]
    pub const ETOOMANYREFS: Errno = Errno(APPLICATION_ERROR + 122);
    #[doc = "Go's invented `syscall.ETXTBSY` (text file busy); never returned by Windows itself."]
    pub const ETXTBSY: Errno = Errno(APPLICATION_ERROR + 123);
    #[doc = "Go's invented `syscall.EUCLEAN` (structure needs cleaning); never returned by Windows itself."]
    pub const EUCLEAN: Errno = Errno(APPLICATION_ERROR + 124);
    #[doc = "Go's invented `syscall.EUNATCH` (protocol driver not attached); never returned by Windows itself."]
    pub const EUNATCH: Errno = Errno(APPLICATION_ERROR + 125);
    #[doc = "Go's invented `syscall.EUSERS` (too many users); never returned by Windows itself."]
    pub const EUSERS: Errno = Errno(APPLICATION_ERROR + 126);
    #[doc = "Go's invented `syscall.EWOULDBLOCK` (resource temporarily unavailable); never returned by Windows itself."]
    pub const EWOULDBLOCK: Errno = Errno(APPLICATION_ERROR + 127);
    #[doc = "Go's invented `syscall.EXDEV` (invalid cross-device link); never returned by Windows itself."]
    pub const EXDEV: Errno = Errno(APPLICATION_ERROR + 128);
    #[doc = "Go's invented `syscall.EXFULL` (exchange full); never returned by Windows itself."]
    pub const EXFULL: Errno = Errno(APPLICATION_ERROR + 129);
    #[doc = "Go's invented `syscall.EWINDOWS` (not supported by windows); never returned by Windows itself."]
    pub const EWINDOWS: Errno = Errno(APPLICATION_ERROR + 130);
}
