//! The time of day and the time zone: Go's `Gettimeofday`,
//! `GetSystemTimeAsFileTime` and `GetTimeZoneInformation`.
//!
//! Go: `syscall_windows.go`, `zsyscall_windows.go`. The types ([`Timeval`],
//! [`Filetime`], [`Timezoneinformation`]) are portable and live in `crate::time`;
//! this module adds the calls and the conversions to windows-sys' structs.

use crate::errno::Result;
use crate::sys::last_error;
use crate::time::{Filetime, Systemtime, Timeval, Timezoneinformation, nsec_to_timeval};
use windows_sys::Win32::Foundation::{FILETIME, SYSTEMTIME};
use windows_sys::Win32::System::SystemInformation::GetSystemTimeAsFileTime;
use windows_sys::Win32::System::Time::{GetTimeZoneInformation, TIME_ZONE_INFORMATION};

/// The current time (UTC) as a [`Filetime`]: 100 ns ticks since 1601.
///
/// Go: `syscall.GetSystemTimeAsFileTime(time *Filetime)`; Win32
/// `GetSystemTimeAsFileTime`. Never fails. Go fills an out-parameter; we return
/// the value.
#[doc(alias = "GetSystemTimeAsFileTime")]
pub fn get_system_time_as_file_time() -> Filetime {
    let mut ft = FILETIME {
        dwLowDateTime: 0,
        dwHighDateTime: 0,
    };
    // SAFETY: `ft` is a valid, writable FILETIME for the duration of the call.
    unsafe { GetSystemTimeAsFileTime(&mut ft) };
    ft.into()
}

/// The current time as a [`Timeval`] (seconds and microseconds since 1970).
///
/// Go: `syscall.Gettimeofday(tv *Timeval) error`: `GetSystemTimeAsFileTime`, then
/// [`Filetime::nanoseconds`], then [`nsec_to_timeval`]. Like Go it never fails
/// (so we return the value, not a `Result`), and like Go the `i32` seconds wrap
/// after January 2038.
#[doc(alias = "Gettimeofday")]
pub fn gettimeofday() -> Timeval {
    nsec_to_timeval(get_system_time_as_file_time().nanoseconds())
}

/// The system's time-zone settings, and which of them is in effect:
/// [`TIME_ZONE_ID_UNKNOWN`](crate::TIME_ZONE_ID_UNKNOWN),
/// [`TIME_ZONE_ID_STANDARD`](crate::TIME_ZONE_ID_STANDARD) or
/// [`TIME_ZONE_ID_DAYLIGHT`](crate::TIME_ZONE_ID_DAYLIGHT).
///
/// Go: `syscall.GetTimeZoneInformation(tzi *Timezoneinformation) (rc uint32, err
/// error)`; Win32 `GetTimeZoneInformation`, where `0xFFFFFFFF`
/// (`TIME_ZONE_ID_INVALID`) is failure (the last error, as Go's `errnoErr`).
/// We return the filled struct with the code instead of taking a pointer.
#[doc(alias = "GetTimeZoneInformation")]
pub fn get_time_zone_information() -> Result<(u32, Timezoneinformation)> {
    // SAFETY: TIME_ZONE_INFORMATION is plain data; all-zero is a valid value.
    let mut tzi: TIME_ZONE_INFORMATION = unsafe { core::mem::zeroed() };
    // SAFETY: `tzi` is a valid, writable TIME_ZONE_INFORMATION.
    let rc = unsafe { GetTimeZoneInformation(&mut tzi) };
    if rc == u32::MAX {
        return Err(last_error());
    }
    Ok((rc, tzi.into()))
}

impl From<FILETIME> for Filetime {
    fn from(ft: FILETIME) -> Filetime {
        Filetime {
            low_date_time: ft.dwLowDateTime,
            high_date_time: ft.dwHighDateTime,
        }
    }
}

impl From<Filetime> for FILETIME {
    fn from(ft: Filetime) -> FILETIME {
        FILETIME {
            dwLowDateTime: ft.low_date_time,
            dwHighDateTime: ft.high_date_time,
        }
    }
}

impl From<SYSTEMTIME> for Systemtime {
    fn from(s: SYSTEMTIME) -> Systemtime {
        Systemtime {
            year: s.wYear,
            month: s.wMonth,
            day_of_week: s.wDayOfWeek,
            day: s.wDay,
            hour: s.wHour,
            minute: s.wMinute,
            second: s.wSecond,
            milliseconds: s.wMilliseconds,
        }
    }
}

impl From<Systemtime> for SYSTEMTIME {
    fn from(s: Systemtime) -> SYSTEMTIME {
        SYSTEMTIME {
            wYear: s.year,
            wMonth: s.month,
            wDayOfWeek: s.day_of_week,
            wDay: s.day,
            wHour: s.hour,
            wMinute: s.minute,
            wSecond: s.second,
            wMilliseconds: s.milliseconds,
        }
    }
}

impl From<TIME_ZONE_INFORMATION> for Timezoneinformation {
    fn from(t: TIME_ZONE_INFORMATION) -> Timezoneinformation {
        Timezoneinformation {
            bias: t.Bias,
            standard_name: t.StandardName,
            standard_date: t.StandardDate.into(),
            standard_bias: t.StandardBias,
            daylight_name: t.DaylightName,
            daylight_date: t.DaylightDate.into(),
            daylight_bias: t.DaylightBias,
        }
    }
}
