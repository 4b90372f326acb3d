//! Exit status, signals and resource usage: Go's `WaitStatus`, `Signal` and
//! `Rusage`, types Go invented for Windows so that package `os` reads alike on
//! every system.
//!
//! Go: `syscall_windows.go`, `types_windows.go`. Portable. Windows has no signals;
//! the methods answer as Go's do (a process always "exited", never "signaled").

use crate::time::Filetime;
use core::fmt;

/// The exit status of a finished process: the code `GetExitCodeProcess` reports.
///
/// Go: `syscall.WaitStatus` (`struct{ ExitCode uint32 }`). Every method answers
/// exactly as Go's: [`exited`](Self::exited) is always `true`, the signal
/// questions are always `false` or `-1`, and [`exit_status`](Self::exit_status)
/// is the whole code with no bit splitting.
///
/// ```
/// use winsyscall::WaitStatus;
/// let w = WaitStatus { exit_code: 0xC000_0005 }; // STATUS_ACCESS_VIOLATION
/// assert!(w.exited() && !w.signaled());
/// assert_eq!(w.exit_status(), 3_221_225_477);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct WaitStatus {
    /// The process exit code (Go: `ExitCode`).
    pub exit_code: u32,
}

impl WaitStatus {
    /// Always `true`: on Windows a process we can wait for has exited.
    ///
    /// Go: `syscall.WaitStatus.Exited`.
    #[doc(alias = "Exited")]
    pub const fn exited(&self) -> bool {
        true
    }

    /// The exit code as a (64-bit) integer, unsplit: `0xC0000005` gives
    /// 3221225477, never a negative number.
    ///
    /// Go: `syscall.WaitStatus.ExitStatus` (`int(ExitCode)`; Go's `int` is 64-bit
    /// on the platforms we build for, hence `i64`).
    #[doc(alias = "ExitStatus")]
    pub const fn exit_status(&self) -> i64 {
        self.exit_code as i64
    }

    /// Always `Signal(-1)`: Windows processes are not ended by signals.
    ///
    /// Go: `syscall.WaitStatus.Signal`.
    #[doc(alias = "Signal")]
    pub const fn signal(&self) -> Signal {
        Signal(-1)
    }

    /// Always `false`.
    ///
    /// Go: `syscall.WaitStatus.CoreDump`.
    #[doc(alias = "CoreDump")]
    pub const fn core_dump(&self) -> bool {
        false
    }

    /// Always `false`.
    ///
    /// Go: `syscall.WaitStatus.Stopped`.
    #[doc(alias = "Stopped")]
    pub const fn stopped(&self) -> bool {
        false
    }

    /// Always `false`.
    ///
    /// Go: `syscall.WaitStatus.Continued`.
    #[doc(alias = "Continued")]
    pub const fn continued(&self) -> bool {
        false
    }

    /// Always `Signal(-1)`.
    ///
    /// Go: `syscall.WaitStatus.StopSignal`.
    #[doc(alias = "StopSignal")]
    pub const fn stop_signal(&self) -> Signal {
        Signal(-1)
    }

    /// Always `false`.
    ///
    /// Go: `syscall.WaitStatus.Signaled`.
    #[doc(alias = "Signaled")]
    pub const fn signaled(&self) -> bool {
        false
    }

    /// Always `-1`.
    ///
    /// Go: `syscall.WaitStatus.TrapCause` (`int`).
    #[doc(alias = "TrapCause")]
    pub const fn trap_cause(&self) -> i64 {
        -1
    }
}

impl From<u32> for WaitStatus {
    /// Wraps an exit code.
    fn from(exit_code: u32) -> WaitStatus {
        WaitStatus { exit_code }
    }
}

/// A signal number, as Go numbers them on Windows (POSIX numbers).
///
/// Go: `syscall.Signal` (`type Signal int`). `Display` is Go's `String`: the name
/// from Go's table for 1..=15 ([`SIGNAL_NAMES`]), `"signal N"` otherwise:
///
/// ```
/// use winsyscall::{Signal, SIGINT, SIGKILL};
/// assert_eq!(SIGINT.to_string(), "interrupt");
/// assert_eq!(SIGKILL.to_string(), "killed");
/// assert_eq!(Signal(10).to_string(), "user defined signal 1");
/// assert_eq!(Signal(-1).to_string(), "signal -1");
/// assert_eq!(Signal(0).to_string(), "signal 0");
/// ```
///
/// Differences from Go: the number is an `i32` (Go's `int`); every value is
/// accepted, as in Go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(transparent)]
pub struct Signal(pub i32);

impl Signal {
    /// Does nothing: the marker Go's `os.Signal` interface requires.
    ///
    /// Go: `syscall.Signal.Signal`.
    #[doc(alias = "Signal")]
    pub const fn signal(&self) {}

    /// The name from Go's table (`"interrupt"` for 2), or `None` outside 1..=15.
    /// Beyond Go (Go only exposes it through `String`).
    pub const fn name(&self) -> Option<&'static str> {
        if self.0 >= 0
            && (self.0 as usize) < SIGNAL_NAMES.len()
            && !SIGNAL_NAMES[self.0 as usize].is_empty()
        {
            Some(SIGNAL_NAMES[self.0 as usize])
        } else {
            None
        }
    }
}

impl fmt::Display for Signal {
    /// Go's `Signal.String`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "signal {}", self.0),
        }
    }
}

impl From<i32> for Signal {
    /// Wraps a signal number.
    fn from(n: i32) -> Signal {
        Signal(n)
    }
}

/// Go's table of signal names, indexed by number; entry 0 is empty.
///
/// Go (unexported): `signals` in `types_windows.go`. It names 10 and 12 (the user
/// signals) although Go defines no `SIGUSR1`/`SIGUSR2` constant for Windows.
#[doc(alias = "signals")]
pub const SIGNAL_NAMES: [&str; 16] = [
    "",
    "hangup",
    "interrupt",
    "quit",
    "illegal instruction",
    "trace/breakpoint trap",
    "aborted",
    "bus error",
    "floating point exception",
    "killed",
    "user defined signal 1",
    "segmentation fault",
    "user defined signal 2",
    "broken pipe",
    "alarm clock",
    "terminated",
];

macro_rules! signals {
    ($($name:ident = $val:expr;)*) => {$(
        #[doc = concat!("Go: `syscall.", stringify!($name), "` = `Signal(", stringify!($val), ")`.")]
        pub const $name: Signal = Signal($val);
    )*};
}

signals! {
    SIGHUP = 0x1;
    SIGINT = 0x2;
    SIGQUIT = 0x3;
    SIGILL = 0x4;
    SIGTRAP = 0x5;
    SIGABRT = 0x6;
    SIGBUS = 0x7;
    SIGFPE = 0x8;
    SIGKILL = 0x9;
    SIGSEGV = 0xb;
    SIGPIPE = 0xd;
    SIGALRM = 0xe;
    SIGTERM = 0xf;
}

/// The times a process used, as `GetProcessTimes` reports them.
///
/// Go: `syscall.Rusage` (`struct{ CreationTime, ExitTime, KernelTime, UserTime
/// Filetime }`), in that order and layout. Nothing in Go's syscall fills it (package
/// `os` does, with `GetProcessTimes`). `creation_time` and `exit_time` are points
/// in time; `kernel_time` and `user_time` are durations in 100 ns ticks
/// (read them with [`Filetime::ticks`], not [`Filetime::nanoseconds`]).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Rusage {
    /// When the process was created (Go: `CreationTime`).
    pub creation_time: Filetime,
    /// When it exited (Go: `ExitTime`); zero while it runs.
    pub exit_time: Filetime,
    /// Time spent in kernel mode, in 100 ns ticks (Go: `KernelTime`).
    pub kernel_time: Filetime,
    /// Time spent in user mode, in 100 ns ticks (Go: `UserTime`).
    pub user_time: Filetime,
}

impl Rusage {
    /// Kernel-mode time as a `Duration`. Beyond Go.
    pub const fn kernel_duration(&self) -> std::time::Duration {
        ticks_to_duration(self.kernel_time.ticks())
    }

    /// User-mode time as a `Duration`. Beyond Go.
    pub const fn user_duration(&self) -> std::time::Duration {
        ticks_to_duration(self.user_time.ticks())
    }
}

const fn ticks_to_duration(ticks: u64) -> std::time::Duration {
    std::time::Duration::new(ticks / 10_000_000, (ticks % 10_000_000) as u32 * 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wait_status_answers_as_go() {
        for code in [
            0u32,
            1,
            3,
            255,
            259,
            0x7FFF_FFFF,
            0xC000_0005,
            0xC000_013A,
            u32::MAX,
        ] {
            let w = WaitStatus::from(code);
            assert!(w.exited());
            assert_eq!(w.exit_status(), code as i64);
            assert!(w.exit_status() >= 0);
            assert_eq!(w.signal(), Signal(-1));
            assert_eq!(w.stop_signal(), Signal(-1));
            assert!(!w.core_dump() && !w.stopped() && !w.continued() && !w.signaled());
            assert_eq!(w.trap_cause(), -1);
        }
        assert_eq!(
            WaitStatus {
                exit_code: 0xC000_0005
            }
            .exit_status(),
            3_221_225_477
        );
        assert_eq!(
            WaitStatus {
                exit_code: u32::MAX
            }
            .exit_status(),
            4_294_967_295
        );
    }

    #[test]
    fn signal_constants_match_go() {
        let table = [
            (SIGHUP, 1, "hangup"),
            (SIGINT, 2, "interrupt"),
            (SIGQUIT, 3, "quit"),
            (SIGILL, 4, "illegal instruction"),
            (SIGTRAP, 5, "trace/breakpoint trap"),
            (SIGABRT, 6, "aborted"),
            (SIGBUS, 7, "bus error"),
            (SIGFPE, 8, "floating point exception"),
            (SIGKILL, 9, "killed"),
            (SIGSEGV, 11, "segmentation fault"),
            (SIGPIPE, 13, "broken pipe"),
            (SIGALRM, 14, "alarm clock"),
            (SIGTERM, 15, "terminated"),
        ];
        for (sig, n, name) in table {
            assert_eq!(sig.0, n);
            assert_eq!(sig.to_string(), name);
            assert_eq!(sig.name(), Some(name));
            sig.signal();
        }
    }

    #[test]
    fn signal_string_as_go() {
        assert_eq!(Signal(10).to_string(), "user defined signal 1");
        assert_eq!(Signal(12).to_string(), "user defined signal 2");
        for (n, s) in [
            (0, "signal 0"),
            (-1, "signal -1"),
            (16, "signal 16"),
            (100, "signal 100"),
            (i32::MIN, "signal -2147483648"),
            (i32::MAX, "signal 2147483647"),
        ] {
            assert_eq!(Signal(n).to_string(), s);
            assert_eq!(Signal(n).name(), None);
        }
        assert_eq!(Signal::from(9), SIGKILL);
        for (i, name) in SIGNAL_NAMES.iter().enumerate().skip(1) {
            assert_eq!(Signal(i as i32).to_string(), *name);
        }
    }

    #[test]
    fn rusage_layout_and_durations() {
        assert_eq!(core::mem::size_of::<Rusage>(), 32);
        let r = Rusage {
            kernel_time: Filetime::from_ticks(15_000_001),
            user_time: Filetime::from_ticks(u64::MAX),
            ..Default::default()
        };
        assert_eq!(
            r.kernel_duration(),
            std::time::Duration::new(1, 500_000_100)
        );
        assert_eq!(r.user_duration().as_secs(), u64::MAX / 10_000_000);
    }
}
