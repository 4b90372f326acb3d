//! Processes: identity (`getpid`, `getppid`, …), process and handle calls
//! (`open_process`, `wait_for_single_object`, `duplicate_handle`, …), Go's
//! `StartProcess` with `ProcAttr`/`SysProcAttr`, the safe
//! [`ProcThreadAttributeList`] it is built on, and, beyond Go, an owned
//! [`Child`] to wait for, time, terminate or interrupt.
//!
//! Go: `exec_windows.go` and the process parts of `syscall_windows.go`.

mod attrlist;
mod child;
mod identity;
mod ops;
mod start;

pub use attrlist::*;
pub use child::*;
pub use identity::*;
pub use ops::*;
pub use start::*;

// Process access rights (Go names them in types_windows.go).
go_consts! { u32;
    PROCESS_TERMINATE = 0x0001;
    PROCESS_QUERY_INFORMATION = 0x0400;
    SYNCHRONIZE = 0x00100000;
}

/// The right to create a process with this one as its parent (needed for
/// `SysProcAttr::parent_process`). Beyond Go's exported names (Go's
/// `TestChangingProcessParent` defines it locally) = `0x0080`.
pub const PROCESS_CREATE_PROCESS: u32 = 0x0080;
/// The right to duplicate handles into or out of a process. Beyond Go's
/// exported names = `0x0040`.
pub const PROCESS_DUP_HANDLE: u32 = 0x0040;
/// The right to read limited information (exit code, times). Beyond Go = `0x1000`.
pub const PROCESS_QUERY_LIMITED_INFORMATION: u32 = 0x1000;
/// What `GetExitCodeProcess` reports for a process that still runs. Beyond Go = `259`.
pub const STILL_ACTIVE: u32 = 259;

// Process creation flags.
go_consts! { u32;
    CREATE_NEW_PROCESS_GROUP = 0x00000200;
    CREATE_UNICODE_ENVIRONMENT = 0x00000400;
}

/// Go (unexported): `_EXTENDED_STARTUPINFO_PRESENT` = `0x00080000`: the startup
/// information carries a `PROC_THREAD_ATTRIBUTE_LIST`.
#[doc(alias = "_EXTENDED_STARTUPINFO_PRESENT")]
pub const EXTENDED_STARTUPINFO_PRESENT: u32 = 0x00080000;
/// Go (unexported): `_PROC_THREAD_ATTRIBUTE_PARENT_PROCESS` = `0x00020000`.
#[doc(alias = "_PROC_THREAD_ATTRIBUTE_PARENT_PROCESS")]
pub const PROC_THREAD_ATTRIBUTE_PARENT_PROCESS: usize = 0x00020000;
/// Go (unexported): `_PROC_THREAD_ATTRIBUTE_HANDLE_LIST` = `0x00020002`.
#[doc(alias = "_PROC_THREAD_ATTRIBUTE_HANDLE_LIST")]
pub const PROC_THREAD_ATTRIBUTE_HANDLE_LIST: usize = 0x00020002;

// Console control events (GenerateConsoleCtrlEvent, SetConsoleCtrlHandler).
go_consts! { u32;
    CTRL_C_EVENT = 0;
    CTRL_BREAK_EVENT = 1;
    CTRL_CLOSE_EVENT = 2;
    CTRL_LOGOFF_EVENT = 5;
    CTRL_SHUTDOWN_EVENT = 6;
}

// CreateToolhelp32Snapshot flags.
go_consts! { u32;
    TH32CS_SNAPHEAPLIST = 0x01;
    TH32CS_SNAPPROCESS = 0x02;
    TH32CS_SNAPTHREAD = 0x04;
    TH32CS_SNAPMODULE = 0x08;
    TH32CS_SNAPMODULE32 = 0x10;
    TH32CS_SNAPALL = TH32CS_SNAPHEAPLIST | TH32CS_SNAPMODULE | TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD;
    TH32CS_INHERIT = 0x80000000;
}

// ShowWindow values (StartupInfo::show_window).
go_consts! { u16;
    SW_HIDE = 0;
    SW_NORMAL = 1;
    SW_SHOWNORMAL = 1;
    SW_SHOWMINIMIZED = 2;
    SW_SHOWMAXIMIZED = 3;
    SW_MAXIMIZE = 3;
    SW_SHOWNOACTIVATE = 4;
    SW_SHOW = 5;
    SW_MINIMIZE = 6;
    SW_SHOWMINNOACTIVE = 7;
    SW_SHOWNA = 8;
    SW_RESTORE = 9;
    SW_SHOWDEFAULT = 10;
    SW_FORCEMINIMIZE = 11;
}

#[cfg(test)]
mod tests {
    use super::*;
    use windows_sys::Win32::System::{Console as C, Diagnostics::ToolHelp as T, Threading as P};

    #[test]
    fn constants_match_windows() {
        assert_eq!(PROCESS_TERMINATE, P::PROCESS_TERMINATE);
        assert_eq!(PROCESS_QUERY_INFORMATION, P::PROCESS_QUERY_INFORMATION);
        assert_eq!(PROCESS_CREATE_PROCESS, P::PROCESS_CREATE_PROCESS);
        assert_eq!(PROCESS_DUP_HANDLE, P::PROCESS_DUP_HANDLE);
        assert_eq!(
            PROCESS_QUERY_LIMITED_INFORMATION,
            P::PROCESS_QUERY_LIMITED_INFORMATION
        );
        assert_eq!(SYNCHRONIZE, P::PROCESS_SYNCHRONIZE);
        assert_eq!(CREATE_NEW_PROCESS_GROUP, P::CREATE_NEW_PROCESS_GROUP);
        assert_eq!(CREATE_UNICODE_ENVIRONMENT, P::CREATE_UNICODE_ENVIRONMENT);
        assert_eq!(
            EXTENDED_STARTUPINFO_PRESENT,
            P::EXTENDED_STARTUPINFO_PRESENT
        );
        assert_eq!(
            PROC_THREAD_ATTRIBUTE_PARENT_PROCESS,
            P::PROC_THREAD_ATTRIBUTE_PARENT_PROCESS as usize
        );
        assert_eq!(
            PROC_THREAD_ATTRIBUTE_HANDLE_LIST,
            P::PROC_THREAD_ATTRIBUTE_HANDLE_LIST as usize
        );
        assert_eq!(CTRL_BREAK_EVENT, C::CTRL_BREAK_EVENT);
        assert_eq!(CTRL_SHUTDOWN_EVENT, C::CTRL_SHUTDOWN_EVENT);
        assert_eq!(TH32CS_SNAPPROCESS, T::TH32CS_SNAPPROCESS);
        assert_eq!(TH32CS_SNAPALL, T::TH32CS_SNAPALL);
        assert_eq!(TH32CS_INHERIT, T::TH32CS_INHERIT);
        assert_eq!(
            STILL_ACTIVE,
            windows_sys::Win32::Foundation::STILL_ACTIVE as u32
        );
        assert_eq!(SW_FORCEMINIMIZE, 11);
    }
}
