//! Constants of Go's Windows `syscall` package that belong to no one concern:
//! Go's invented `O_*` open flags and `S_*` mode bits, and the Win32 access,
//! share, creation, attribute and flag values `Open` and friends use.
//!
//! Values are exactly Go's (`types_windows.go`). Portable.
#![allow(missing_docs)] // each constant's name is its documentation; see Go's types_windows.go

// Go's invented open flags (not Windows values).
go_consts! { i32;
    O_RDONLY = 0x00000; O_WRONLY = 0x00001; O_RDWR = 0x00002; O_CREAT = 0x00040;
    O_EXCL = 0x00080; O_NOCTTY = 0x00100; O_TRUNC = 0x00200; O_NONBLOCK = 0x00800;
    O_APPEND = 0x00400; O_SYNC = 0x01000; O_ASYNC = 0x02000; O_CLOEXEC = 0x80000;
}

/// Go (unexported, set through `internal/syscall/windows`): `o_DIRECTORY`: `open`
/// fails with `ENOTDIR` unless the name is a directory.
pub const O_DIRECTORY: i32 = 0x4000;

// Go's invented mode bits.
go_consts! { u32;
    S_IFMT = 0x1f000; S_IFIFO = 0x1000; S_IFCHR = 0x2000; S_IFDIR = 0x4000;
    S_IFBLK = 0x6000; S_IFREG = 0x8000; S_IFLNK = 0xa000; S_IFSOCK = 0xc000;
    S_ISUID = 0x800; S_ISGID = 0x400; S_ISVTX = 0x200; S_IRUSR = 0x100;
    S_IWRITE = 0x80; S_IWUSR = 0x80; S_IXUSR = 0x40;
}

// Access rights, share modes, dispositions, attributes and flags.
go_consts! { u32;
    GENERIC_READ = 0x80000000; GENERIC_WRITE = 0x40000000; GENERIC_EXECUTE = 0x20000000;
    GENERIC_ALL = 0x10000000;
    FILE_LIST_DIRECTORY = 0x00000001; FILE_APPEND_DATA = 0x00000004;
    FILE_WRITE_ATTRIBUTES = 0x00000100;
    FILE_SHARE_READ = 0x00000001; FILE_SHARE_WRITE = 0x00000002; FILE_SHARE_DELETE = 0x00000004;
    FILE_ATTRIBUTE_READONLY = 0x00000001; FILE_ATTRIBUTE_HIDDEN = 0x00000002;
    FILE_ATTRIBUTE_SYSTEM = 0x00000004; FILE_ATTRIBUTE_DIRECTORY = 0x00000010;
    FILE_ATTRIBUTE_ARCHIVE = 0x00000020; FILE_ATTRIBUTE_NORMAL = 0x00000080;
    FILE_ATTRIBUTE_REPARSE_POINT = 0x00000400;
    INVALID_FILE_ATTRIBUTES = 0xffffffff;
    CREATE_NEW = 1; CREATE_ALWAYS = 2; OPEN_EXISTING = 3; OPEN_ALWAYS = 4; TRUNCATE_EXISTING = 5;
    FILE_FLAG_OPEN_REPARSE_POINT = 0x00200000; FILE_FLAG_BACKUP_SEMANTICS = 0x02000000;
    FILE_FLAG_OVERLAPPED = 0x40000000;
    HANDLE_FLAG_INHERIT = 0x00000001; STARTF_USESTDHANDLES = 0x00000100;
    STARTF_USESHOWWINDOW = 0x00000001; DUPLICATE_CLOSE_SOURCE = 0x00000001;
    DUPLICATE_SAME_ACCESS = 0x00000002;
    FILE_BEGIN = 0; FILE_CURRENT = 1; FILE_END = 2;
    FORMAT_MESSAGE_ALLOCATE_BUFFER = 256; FORMAT_MESSAGE_IGNORE_INSERTS = 512;
    FORMAT_MESSAGE_FROM_STRING = 1024; FORMAT_MESSAGE_FROM_HMODULE = 2048;
    FORMAT_MESSAGE_FROM_SYSTEM = 4096; FORMAT_MESSAGE_ARGUMENT_ARRAY = 8192;
    FORMAT_MESSAGE_MAX_WIDTH_MASK = 255;
    MAX_PATH = 260; MAX_LONG_PATH = 32768; MAX_COMPUTERNAME_LENGTH = 15;
    IGNORE = 0; INFINITE = 0xffffffff;
    WAIT_TIMEOUT = 258; WAIT_ABANDONED = 0x00000080; WAIT_OBJECT_0 = 0x00000000;
    WAIT_FAILED = 0xFFFFFFFF;
    FILE_TYPE_CHAR = 0x0002; FILE_TYPE_DISK = 0x0001; FILE_TYPE_PIPE = 0x0003;
    FILE_TYPE_REMOTE = 0x8000; FILE_TYPE_UNKNOWN = 0x0000;
}

// Go: STD_INPUT_HANDLE and friends (`int` in Go; DWORD (u32) values in Win32).
go_consts! { i32;
    STD_INPUT_HANDLE = -10; STD_OUTPUT_HANDLE = -11; STD_ERROR_HANDLE = -12;
}

/// Go: `syscall.ImplementsGetwd` = `true`.
#[doc(alias = "ImplementsGetwd")]
pub const IMPLEMENTS_GETWD: bool = true;

/// Go (unexported): the `FILE_FLAG_*` bits `Open` passes through from its `flag`
/// argument (`fileFlagsMask`).
pub const FILE_FLAGS_MASK: u32 = 0xFFF00000;
/// Go (unexported): the valid `FILE_FLAG_*` bits (`validFileFlagsMask`); any other
/// bit inside [`FILE_FLAGS_MASK`] makes `open` fail with `EINVAL`.
pub const VALID_FILE_FLAGS_MASK: u32 = 0xFFB00000;
