//! Time types: Go's `Timespec`, `Timeval`, `Filetime`, `Systemtime` and
//! `Timezoneinformation`, and the nanosecond conversions between them.
//!
//! Go: `syscall_windows.go`, `types_windows.go`, `syscall.go`. Portable: nothing
//! here calls Windows (`Gettimeofday`, `GetSystemTimeAsFileTime` and
//! `GetTimeZoneInformation` live in the Windows layer).
//!
//! # Go's arithmetic, kept exactly
//! * Division truncates toward zero, and negative values are **not normalised**:
//!   `nsec_to_timespec(-1)` is `{ sec: 0, nsec: -1 }` (the Unix ports of Go would
//!   give `{ -1, 999_999_999 }`).
//! * [`Timeval::sec`] is an `i32`; [`nsec_to_timeval`] keeps the low 32 bits as
//!   Go's `int32(...)` conversion does, so it wraps after January 2038.
//! * Where Go's `int64` arithmetic overflows silently (for example
//!   [`Filetime::nanoseconds`] for dates after 2262, or [`Timespec::nano`] for a
//!   huge `sec`), we wrap the same way (two's complement), so the results are
//!   bit-for-bit Go's. Each such function says so.
//!
//! # Beyond Go
//! Conversions with [`std::time::SystemTime`] (`TryFrom` both ways) are exact: they
//! compute in 128-bit integers and answer `ERANGE` instead of wrapping when the
//! value does not fit. [`Filetime`] converts to and from its raw `u64` tick count.

use crate::errno::{Errno, Result};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The number of 100-nanosecond ticks from 1601-01-01 (the `FILETIME` epoch) to
/// 1970-01-01 (the Unix epoch): 116 444 736 000 000 000.
///
/// Go writes this number inline in `Filetime.Nanoseconds` and `NsecToFiletime`;
/// the name is ours.
pub const UNIX_EPOCH_FILETIME_TICKS: u64 = 116_444_736_000_000_000;

const NANOS_PER_SEC: i64 = 1_000_000_000;

/// A time as seconds and nanoseconds, in the layout Go uses on Windows (two `i64`).
///
/// Go: `syscall.Timespec` (`struct{ Sec, Nsec int64 }`), a type Go invented for
/// Windows. The two fields are not normalised: both carry the sign of a negative
/// time (see [`nsec_to_timespec`]). No `Ord`: field order does not order such
/// values; compare [`nano`](Self::nano) instead.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Timespec {
    /// Seconds since 1970-01-01 UTC (Go: `Sec`).
    pub sec: i64,
    /// Nanoseconds added to `sec` (Go: `Nsec`); same sign as the whole value.
    pub nsec: i64,
}

impl Timespec {
    /// The seconds and nanoseconds, as they are.
    ///
    /// Go: `syscall.Timespec.Unix` (`syscall.go`).
    #[doc(alias = "Unix")]
    pub const fn unix(&self) -> (i64, i64) {
        (self.sec, self.nsec)
    }

    /// `sec * 1e9 + nsec`, wrapping on overflow exactly as Go's `int64` does.
    ///
    /// Go: `syscall.Timespec.Nano` (`syscall.go`).
    #[doc(alias = "Nano")]
    pub const fn nano(&self) -> i64 {
        self.sec.wrapping_mul(NANOS_PER_SEC).wrapping_add(self.nsec)
    }
}

/// Splits nanoseconds since 1970 into a [`Timespec`]: `{ n / 1e9, n % 1e9 }`,
/// both truncated toward zero, so a negative input gives a negative `nsec`.
///
/// Go: `syscall.NsecToTimespec`. Never fails; exact for every `i64`.
///
/// ```
/// use winsyscall::{nsec_to_timespec, Timespec};
/// assert_eq!(nsec_to_timespec(1_500_000_000), Timespec { sec: 1, nsec: 500_000_000 });
/// assert_eq!(nsec_to_timespec(-1_500_000_000), Timespec { sec: -1, nsec: -500_000_000 });
/// ```
#[doc(alias = "NsecToTimespec")]
pub const fn nsec_to_timespec(nsec: i64) -> Timespec {
    Timespec {
        sec: nsec / NANOS_PER_SEC,
        nsec: nsec % NANOS_PER_SEC,
    }
}

/// `ts.sec * 1e9 + ts.nsec`, wrapping on overflow as Go's `int64` does.
///
/// Go: `syscall.TimespecToNsec`.
#[doc(alias = "TimespecToNsec")]
pub const fn timespec_to_nsec(ts: Timespec) -> i64 {
    ts.nano()
}

/// A time as seconds and microseconds, both `i32`, as Go declares it on Windows.
///
/// Go: `syscall.Timeval` (`struct{ Sec, Usec int32 }`). `sec` overflows in
/// January 2038; values are not normalised (see [`nsec_to_timeval`]).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Timeval {
    /// Seconds since 1970-01-01 UTC (Go: `Sec`, `int32`).
    pub sec: i32,
    /// Microseconds added to `sec` (Go: `Usec`); same sign as the whole value.
    pub usec: i32,
}

impl Timeval {
    /// `(sec * 1e6 + usec) * 1e3`: nanoseconds since 1970. Cannot overflow (the
    /// fields are `i32`).
    ///
    /// Go: `syscall.Timeval.Nanoseconds` (`types_windows.go`).
    #[doc(alias = "Nanoseconds")]
    pub const fn nanoseconds(&self) -> i64 {
        (self.sec as i64 * 1_000_000 + self.usec as i64) * 1_000
    }

    /// The seconds, and the microseconds as nanoseconds: `(sec, usec * 1000)`.
    ///
    /// Go: `syscall.Timeval.Unix` (`syscall.go`).
    #[doc(alias = "Unix")]
    pub const fn unix(&self) -> (i64, i64) {
        (self.sec as i64, self.usec as i64 * 1_000)
    }

    /// `sec * 1e9 + usec * 1000`: nanoseconds since 1970 (equal to
    /// [`nanoseconds`](Self::nanoseconds)).
    ///
    /// Go: `syscall.Timeval.Nano` (`syscall.go`).
    #[doc(alias = "Nano")]
    pub const fn nano(&self) -> i64 {
        self.sec as i64 * NANOS_PER_SEC + self.usec as i64 * 1_000
    }
}

/// Splits nanoseconds since 1970 into a [`Timeval`]:
/// `{ int32(n / 1e9), int32(n % 1e9 / 1e3) }`, truncating toward zero (negative
/// inputs are not normalised).
///
/// Go: `syscall.NsecToTimeval`. As in Go, `sec` keeps only the low 32 bits of the
/// seconds, so times after 2038-01-19 (or before 1901-12-13) wrap. Use
/// `Timeval::try_from(SystemTime)` for a checked conversion.
///
/// ```
/// use winsyscall::{nsec_to_timeval, Timeval};
/// assert_eq!(nsec_to_timeval(-1_000_001_999), Timeval { sec: -1, usec: -1 });
/// // 2^31 seconds (2038-01-19T03:14:08Z) wraps to i32::MIN, as in Go.
/// assert_eq!(nsec_to_timeval(2_147_483_648_000_000_000).sec, i32::MIN);
/// ```
#[doc(alias = "NsecToTimeval")]
pub const fn nsec_to_timeval(nsec: i64) -> Timeval {
    Timeval {
        sec: (nsec / NANOS_PER_SEC) as i32,
        usec: (nsec % NANOS_PER_SEC / 1_000) as i32,
    }
}

/// `tv.sec * 1e9 + tv.usec * 1e3`. Cannot overflow.
///
/// Go: `syscall.TimevalToNsec`.
#[doc(alias = "TimevalToNsec")]
pub const fn timeval_to_nsec(tv: Timeval) -> i64 {
    tv.nano()
}

/// A Windows `FILETIME`: 100-nanosecond ticks since 1601-01-01 UTC, split into two
/// 32-bit halves, in the Win32 layout (`repr(C)`, 8 bytes, alignment 4).
///
/// Go: `syscall.Filetime` (`struct{ LowDateTime, HighDateTime uint32 }`).
/// Beyond Go: `From<u64>` / `Into<u64>` for the raw tick count, and `TryFrom`
/// with [`SystemTime`]; on Windows it also converts to and from windows-sys'
/// `FILETIME`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Filetime {
    /// The low 32 bits of the tick count (Go: `LowDateTime`).
    pub low_date_time: u32,
    /// The high 32 bits of the tick count (Go: `HighDateTime`).
    pub high_date_time: u32,
}

impl Filetime {
    /// A `Filetime` from a tick count (100 ns units since 1601). Beyond Go.
    pub const fn from_ticks(ticks: u64) -> Filetime {
        Filetime {
            low_date_time: ticks as u32,
            high_date_time: (ticks >> 32) as u32,
        }
    }

    /// The tick count (100 ns units since 1601): `high << 32 | low`. Beyond Go.
    pub const fn ticks(&self) -> u64 {
        (self.high_date_time as u64) << 32 | self.low_date_time as u64
    }

    /// Nanoseconds since 1970: `(ticks - 116444736000000000) * 100`.
    ///
    /// Go: `syscall.Filetime.Nanoseconds`. Exactly as Go, the tick count is read
    /// as an `i64` and the subtraction and multiplication wrap on overflow: the
    /// result is wrong for dates after the year 2262 (and for tick counts with
    /// the top bit set). Use `SystemTime::try_from(ft)` for an exact conversion.
    ///
    /// ```
    /// use winsyscall::Filetime;
    /// assert_eq!(Filetime::from_ticks(116_444_736_000_000_000).nanoseconds(), 0);
    /// // 1601 is before 1677, the earliest i64 nanosecond: Go's arithmetic wraps.
    /// assert_eq!(Filetime::from_ticks(0).nanoseconds(), 6_802_270_473_709_551_616);
    /// ```
    #[doc(alias = "Nanoseconds")]
    pub const fn nanoseconds(&self) -> i64 {
        (self.ticks() as i64)
            .wrapping_sub(UNIX_EPOCH_FILETIME_TICKS as i64)
            .wrapping_mul(100)
    }
}

/// Nanoseconds since 1970 to a [`Filetime`]: `n / 100` (truncating toward zero, so
/// a negative value within 100 ns rounds toward 1970) plus the 1601→1970 offset,
/// split into halves.
///
/// Go: `syscall.NsecToFiletime`. Never overflows for any `i64`; a time before
/// 1601 gives a negative tick count whose two's-complement halves are kept, as
/// Go's `uint32(...)` conversions keep them.
///
/// ```
/// use winsyscall::nsec_to_filetime;
/// assert_eq!(nsec_to_filetime(0).ticks(), 116_444_736_000_000_000);
/// assert_eq!(nsec_to_filetime(-99).ticks(), 116_444_736_000_000_000);
/// assert_eq!(nsec_to_filetime(-100).ticks(), 116_444_735_999_999_999);
/// ```
#[doc(alias = "NsecToFiletime")]
pub const fn nsec_to_filetime(nsec: i64) -> Filetime {
    // |nsec / 100| <= 9.3e16 and the offset is 1.2e17: the sum fits in i64.
    Filetime::from_ticks((nsec / 100 + UNIX_EPOCH_FILETIME_TICKS as i64) as u64)
}

impl From<u64> for Filetime {
    /// The tick count (100 ns units since 1601) split into halves.
    fn from(ticks: u64) -> Filetime {
        Filetime::from_ticks(ticks)
    }
}

impl From<Filetime> for u64 {
    /// The tick count (100 ns units since 1601).
    fn from(ft: Filetime) -> u64 {
        ft.ticks()
    }
}

/// A calendar date and time, in the Win32 `SYSTEMTIME` layout (eight `u16`).
///
/// Go: `syscall.Systemtime`. Filled by `GetTimeZoneInformation` (the switch dates).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Systemtime {
    /// Go: `Year`.
    pub year: u16,
    /// Go: `Month` (1 = January).
    pub month: u16,
    /// Go: `DayOfWeek` (0 = Sunday).
    pub day_of_week: u16,
    /// Go: `Day` (of the month; in time-zone rules, the week number 1..5).
    pub day: u16,
    /// Go: `Hour`.
    pub hour: u16,
    /// Go: `Minute`.
    pub minute: u16,
    /// Go: `Second`.
    pub second: u16,
    /// Go: `Milliseconds`.
    pub milliseconds: u16,
}

/// The time-zone settings, in the Win32 `TIME_ZONE_INFORMATION` layout (172 bytes).
///
/// Go: `syscall.Timezoneinformation`. Filled by `get_time_zone_information`.
/// Beyond Go: [`standard_name`](Self::standard_name) and
/// [`daylight_name`](Self::daylight_name) decode the fixed name arrays.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Timezoneinformation {
    /// Minutes to add to local time to get UTC (Go: `Bias`).
    pub bias: i32,
    /// NUL-padded UTF-16 name of standard time (Go: `StandardName`).
    pub standard_name: [u16; 32],
    /// When standard time starts (Go: `StandardDate`); zero if there is no switch.
    pub standard_date: Systemtime,
    /// Extra bias during standard time (Go: `StandardBias`).
    pub standard_bias: i32,
    /// NUL-padded UTF-16 name of daylight time (Go: `DaylightName`).
    pub daylight_name: [u16; 32],
    /// When daylight time starts (Go: `DaylightDate`).
    pub daylight_date: Systemtime,
    /// Extra bias during daylight time (Go: `DaylightBias`).
    pub daylight_bias: i32,
}

impl Timezoneinformation {
    /// The standard-time name, decoded up to its first NUL (lossy). Beyond Go.
    pub fn standard_name(&self) -> String {
        crate::wstr::utf16_to_string(&self.standard_name)
    }

    /// The daylight-time name, decoded up to its first NUL (lossy). Beyond Go.
    pub fn daylight_name(&self) -> String {
        crate::wstr::utf16_to_string(&self.daylight_name)
    }
}

/// Go: `syscall.TIME_ZONE_ID_UNKNOWN` (0): `GetTimeZoneInformation` found no
/// daylight-saving rule.
pub const TIME_ZONE_ID_UNKNOWN: u32 = 0;
/// Go: `syscall.TIME_ZONE_ID_STANDARD` (1): standard time is in effect.
pub const TIME_ZONE_ID_STANDARD: u32 = 1;
/// Go: `syscall.TIME_ZONE_ID_DAYLIGHT` (2): daylight time is in effect.
pub const TIME_ZONE_ID_DAYLIGHT: u32 = 2;

// ---- SystemTime conversions (beyond Go): exact, in i128 nanoseconds ----

/// Signed nanoseconds from the Unix epoch to `t`. Exact: a `Duration` holds at
/// most about 1.8e28 ns, far inside `i128`.
fn system_time_nanos(t: SystemTime) -> i128 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

/// The `SystemTime` `n` nanoseconds from the Unix epoch, or `ERANGE` when the
/// platform's `SystemTime` cannot hold it.
fn nanos_to_system_time(n: i128) -> Result<SystemTime> {
    let mag = n.unsigned_abs();
    let secs = u64::try_from(mag / 1_000_000_000).map_err(|_| Errno::ERANGE)?;
    let d = Duration::new(secs, (mag % 1_000_000_000) as u32);
    let t = if n >= 0 {
        UNIX_EPOCH.checked_add(d)
    } else {
        UNIX_EPOCH.checked_sub(d)
    };
    t.ok_or(Errno::ERANGE)
}

impl TryFrom<SystemTime> for Timespec {
    type Error = Errno;
    /// Exact, in Go's unnormalised form (`nsec` has the sign of the time, as
    /// [`nsec_to_timespec`] gives). `ERANGE` if the seconds do not fit in `i64`.
    fn try_from(t: SystemTime) -> Result<Timespec> {
        let n = system_time_nanos(t);
        let sec = i64::try_from(n / 1_000_000_000).map_err(|_| Errno::ERANGE)?;
        Ok(Timespec {
            sec,
            nsec: (n % 1_000_000_000) as i64,
        })
    }
}

impl TryFrom<Timespec> for SystemTime {
    type Error = Errno;
    /// `sec * 1e9 + nsec`, computed exactly (no wrapping, unlike
    /// [`Timespec::nano`]); any sign mix is accepted. `ERANGE` when the platform's
    /// `SystemTime` cannot hold the result (on Windows: before 1601). On Windows
    /// `SystemTime` has 100 ns resolution, so the last two digits are dropped.
    fn try_from(ts: Timespec) -> Result<SystemTime> {
        nanos_to_system_time(ts.sec as i128 * 1_000_000_000 + ts.nsec as i128)
    }
}

impl TryFrom<SystemTime> for Timeval {
    type Error = Errno;
    /// Truncates toward zero to microseconds, unnormalised as
    /// [`nsec_to_timeval`]; unlike it, `ERANGE` (not wrapping) when the seconds do
    /// not fit in `i32` (before 1901-12-13 or after 2038-01-19).
    fn try_from(t: SystemTime) -> Result<Timeval> {
        let n = system_time_nanos(t);
        let sec = i32::try_from(n / 1_000_000_000).map_err(|_| Errno::ERANGE)?;
        Ok(Timeval {
            sec,
            usec: (n % 1_000_000_000 / 1_000) as i32,
        })
    }
}

impl TryFrom<Timeval> for SystemTime {
    type Error = Errno;
    /// Exact; `ERANGE` only if the platform's `SystemTime` cannot hold it.
    fn try_from(tv: Timeval) -> Result<SystemTime> {
        nanos_to_system_time(tv.nano() as i128)
    }
}

impl TryFrom<SystemTime> for Filetime {
    type Error = Errno;
    /// Ticks since 1601, truncating toward zero to 100 ns as [`nsec_to_filetime`]
    /// does; `ERANGE` for a time before 1601 or past the `u64` tick range (instead
    /// of Go's wrapped halves).
    fn try_from(t: SystemTime) -> Result<Filetime> {
        let ticks = system_time_nanos(t) / 100 + UNIX_EPOCH_FILETIME_TICKS as i128;
        u64::try_from(ticks)
            .map(Filetime::from_ticks)
            .map_err(|_| Errno::ERANGE)
    }
}

impl TryFrom<Filetime> for SystemTime {
    type Error = Errno;
    /// Exact for every tick count (no wrapping, unlike
    /// [`Filetime::nanoseconds`]); `ERANGE` only if the platform's `SystemTime`
    /// cannot hold it.
    fn try_from(ft: Filetime) -> Result<SystemTime> {
        nanos_to_system_time((ft.ticks() as i128 - UNIX_EPOCH_FILETIME_TICKS as i128) * 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn timespec_golden() {
        let cases: &[(i64, i64, i64)] = &[
            (0, 0, 0),
            (1, 0, 1),
            (-1, 0, -1),
            (999_999_999, 0, 999_999_999),
            (1_000_000_000, 1, 0),
            (-1_000_000_001, -1, -1),
            (-1_500_000_000, -1, -500_000_000),
            (i64::MAX, 9_223_372_036, 854_775_807),
            (i64::MIN, -9_223_372_036, -854_775_808),
        ];
        for &(n, sec, nsec) in cases {
            let ts = nsec_to_timespec(n);
            assert_eq!(ts, Timespec { sec, nsec }, "nsec_to_timespec({n})");
            assert_eq!(timespec_to_nsec(ts), n);
            assert_eq!(ts.nano(), n);
            assert_eq!(ts.unix(), (sec, nsec));
        }
        // Mixed signs are taken as they are, not normalised.
        assert_eq!(timespec_to_nsec(Timespec { sec: 1, nsec: -1 }), 999_999_999);
        assert_eq!(
            timespec_to_nsec(Timespec {
                sec: -1,
                nsec: 2_000_000_000
            }),
            1_000_000_000
        );
        // Go's int64 wraps: MaxInt64 * 1e9 = -1e9 (mod 2^64).
        assert_eq!(
            Timespec {
                sec: i64::MAX,
                nsec: 0
            }
            .nano(),
            -1_000_000_000
        );
    }

    #[test]
    fn timeval_golden() {
        let cases: &[(i64, i32, i32)] = &[
            (0, 0, 0),
            (999, 0, 0),
            (-999, 0, 0),
            (1_000, 0, 1),
            (-1_000, 0, -1),
            (1_999_999, 0, 1_999),
            (1_500_000_000_123, 1_500, 0),
            (-1_000_001_999, -1, -1),
            (2_147_483_647_999_999_999, i32::MAX, 999_999),
            // Sec is int32: 2^31 s wraps to MinInt32 and 2^32 s to 0, as in Go.
            (2_147_483_648_000_000_000, i32::MIN, 0),
            (4_294_967_296_000_000_000, 0, 0),
            (i64::MAX, (9_223_372_036u64 as u32) as i32, 854_775),
        ];
        for &(n, sec, usec) in cases {
            assert_eq!(
                nsec_to_timeval(n),
                Timeval { sec, usec },
                "nsec_to_timeval({n})"
            );
        }
        let tv = Timeval {
            sec: -1,
            usec: -500,
        };
        assert_eq!(tv.nanoseconds(), -1_000_500_000);
        assert_eq!(tv.nano(), -1_000_500_000);
        assert_eq!(timeval_to_nsec(tv), -1_000_500_000);
        assert_eq!(tv.unix(), (-1, -500_000));
        let big = Timeval {
            sec: i32::MAX,
            usec: i32::MAX,
        };
        assert_eq!(
            big.nanoseconds(),
            2_147_483_647_000_000_000 + 2_147_483_647_000
        );
        assert_eq!(big.nano(), big.nanoseconds());
    }

    #[test]
    fn filetime_golden() {
        // 2009-11-10T23:00:00Z (Go's birthday) = 1257894000 s after 1970.
        let ft = Filetime {
            low_date_time: 2_274_908_160,
            high_date_time: 30_040_665,
        };
        assert_eq!(ft.ticks(), 129_023_676_000_000_000);
        assert_eq!(ft.nanoseconds(), 1_257_894_000_000_000_000);
        assert_eq!(nsec_to_filetime(1_257_894_000_000_000_000), ft);
        assert_eq!(u64::from(ft), 129_023_676_000_000_000);
        assert_eq!(Filetime::from(129_023_676_000_000_000u64), ft);
        // The epoch offset.
        assert_eq!(nsec_to_filetime(0).ticks(), 116_444_736_000_000_000);
        assert_eq!(
            Filetime::from_ticks(116_444_736_000_000_000).nanoseconds(),
            0
        );
        // Truncation toward zero: sub-100ns negatives round toward 1970.
        assert_eq!(nsec_to_filetime(-99).ticks(), 116_444_736_000_000_000);
        assert_eq!(nsec_to_filetime(99).ticks(), 116_444_736_000_000_000);
        assert_eq!(nsec_to_filetime(-100).ticks(), 116_444_735_999_999_999);
        assert_eq!(nsec_to_filetime(-199).ticks(), 116_444_735_999_999_999);
        assert_eq!(nsec_to_filetime(-100).nanoseconds(), -100);
        // The i64 extremes (1677 and 2262).
        assert_eq!(nsec_to_filetime(i64::MIN).ticks(), 24_211_015_631_452_242);
        assert_eq!(
            nsec_to_filetime(i64::MIN).nanoseconds(),
            -9_223_372_036_854_775_800
        );
        assert_eq!(
            nsec_to_filetime(i64::MAX).nanoseconds(),
            9_223_372_036_854_775_800
        );
        // Wrapping as Go: 1601 and an all-ones tick count.
        assert_eq!(
            Filetime::from_ticks(0).nanoseconds(),
            6_802_270_473_709_551_616
        );
        assert_eq!(
            Filetime::from_ticks(u64::MAX).nanoseconds(),
            6_802_270_473_709_551_516
        );
        // Layout matches Win32 FILETIME / Go.
        assert_eq!(core::mem::size_of::<Filetime>(), 8);
        assert_eq!(core::mem::align_of::<Filetime>(), 4);
        assert_eq!(core::mem::size_of::<Timeval>(), 8);
        assert_eq!(core::mem::size_of::<Timespec>(), 16);
        assert_eq!(core::mem::size_of::<Systemtime>(), 16);
        assert_eq!(core::mem::size_of::<Timezoneinformation>(), 172);
    }

    #[test]
    fn timezone_names_decode() {
        let mut tz = Timezoneinformation::default();
        for (i, u) in "UTC".encode_utf16().enumerate() {
            tz.standard_name[i] = u;
        }
        tz.daylight_name = [0x41; 32]; // no NUL at all: all 32 units, no over-read
        assert_eq!(tz.standard_name(), "UTC");
        assert_eq!(tz.daylight_name(), "A".repeat(32));
    }

    #[test]
    fn system_time_conversions() {
        let go_birthday = UNIX_EPOCH + Duration::from_secs(1_257_894_000);
        assert_eq!(
            <Timeval as TryFrom<SystemTime>>::try_from(go_birthday),
            Ok(Timeval {
                sec: 1_257_894_000,
                usec: 0
            })
        );
        assert_eq!(
            Timespec::try_from(go_birthday),
            Ok(Timespec {
                sec: 1_257_894_000,
                nsec: 0
            })
        );
        assert_eq!(
            Timeval::try_from(go_birthday),
            Ok(Timeval {
                sec: 1_257_894_000,
                usec: 0
            })
        );
        let ft = Filetime::try_from(go_birthday).unwrap();
        assert_eq!(ft.ticks(), 129_023_676_000_000_000);
        assert_eq!(SystemTime::try_from(ft), Ok(go_birthday));
        assert_eq!(
            SystemTime::try_from(Timespec {
                sec: 1_257_894_000,
                nsec: 0
            }),
            Ok(go_birthday)
        );
        assert_eq!(
            SystemTime::try_from(Timeval {
                sec: 1_257_894_000,
                usec: 0
            }),
            Ok(go_birthday)
        );

        // Before 1970: Go's unnormalised signs.
        let before = UNIX_EPOCH - Duration::new(1, 500_000_000);
        assert_eq!(
            Timespec::try_from(before),
            Ok(Timespec {
                sec: -1,
                nsec: -500_000_000
            })
        );
        assert_eq!(
            Timeval::try_from(before),
            Ok(Timeval {
                sec: -1,
                usec: -500_000
            })
        );
        assert_eq!(
            Filetime::try_from(before).unwrap().ticks(),
            116_444_736_000_000_000 - 15_000_000
        );
        assert_eq!(
            SystemTime::try_from(Timespec {
                sec: -1,
                nsec: -500_000_000
            }),
            Ok(before)
        );
        assert_eq!(
            SystemTime::try_from(Timespec {
                sec: -2,
                nsec: 500_000_000
            }),
            Ok(before)
        );
        // The FILETIME epoch itself.
        let y1601 = SystemTime::try_from(Filetime::from_ticks(0)).unwrap();
        assert_eq!(Filetime::try_from(y1601), Ok(Filetime::from_ticks(0)));
        assert_eq!(Timespec::try_from(y1601).unwrap().sec, -11_644_473_600);

        // Out of range: errors, never wrapping or panics.
        let y2100 = UNIX_EPOCH + Duration::from_secs(4_102_444_800);
        assert_eq!(Timeval::try_from(y2100), Err(Errno::ERANGE));
        assert_eq!(
            Timeval::try_from(UNIX_EPOCH - Duration::from_secs(1 << 31)),
            Ok(Timeval {
                sec: i32::MIN,
                usec: 0
            })
        );
        assert_eq!(
            Timeval::try_from(UNIX_EPOCH - Duration::from_secs((1 << 31) + 1)),
            Err(Errno::ERANGE)
        );
        assert_eq!(
            SystemTime::try_from(Timespec {
                sec: i64::MAX,
                nsec: i64::MAX
            }),
            Err(Errno::ERANGE)
        );
        assert_eq!(
            SystemTime::try_from(Timespec {
                sec: i64::MIN,
                nsec: i64::MIN
            }),
            Err(Errno::ERANGE)
        );
        // Before 1601 there is no FILETIME.
        if let Some(t) = y1601.checked_sub(Duration::from_secs(1)) {
            assert_eq!(Filetime::try_from(t), Err(Errno::ERANGE));
        }
    }

    /// The SystemTime resolution of the platform, in ns (Windows: 100).
    fn resolution() -> i64 {
        if cfg!(windows) { 100 } else { 1 }
    }

    proptest! {
        #[test]
        fn timespec_round_trips_every_i64(n in any::<i64>()) {
            let ts = nsec_to_timespec(n);
            prop_assert_eq!(timespec_to_nsec(ts), n);
            prop_assert!(ts.nsec.abs() < 1_000_000_000);
            prop_assert!(ts.sec == 0 || ts.nsec == 0 || (ts.sec < 0) == (ts.nsec < 0));
        }

        #[test]
        fn timeval_truncates_to_micros(n in -2_147_483_648_000_000_000i64..2_147_483_648_000_000_000) {
            let tv = nsec_to_timeval(n);
            prop_assert_eq!(timeval_to_nsec(tv), n / 1000 * 1000);
            prop_assert_eq!(tv.nanoseconds(), tv.nano());
        }

        #[test]
        fn filetime_truncates_to_100ns(n in any::<i64>()) {
            let ft = nsec_to_filetime(n);
            prop_assert_eq!(ft.nanoseconds(), n / 100 * 100);
            prop_assert_eq!(Filetime::from_ticks(ft.ticks()), ft);
        }

        #[test]
        fn system_time_round_trips(n in -11_644_473_600_000_000_000i128..32_503_680_000_000_000_000i128) {
            // Years 1601..3000, at the platform's resolution.
            let n = n / resolution() as i128 * resolution() as i128;
            let t = nanos_to_system_time(n).unwrap();
            prop_assert_eq!(system_time_nanos(t), n);
            let ts = Timespec::try_from(t).unwrap();
            prop_assert_eq!(ts.sec as i128 * 1_000_000_000 + ts.nsec as i128, n);
            prop_assert_eq!(SystemTime::try_from(ts), Ok(t));
            let ft = Filetime::try_from(t).unwrap();
            prop_assert_eq!(ft.ticks() as i128, n / 100 + UNIX_EPOCH_FILETIME_TICKS as i128);
            let back = system_time_nanos(SystemTime::try_from(ft).unwrap());
            prop_assert_eq!(back, n / 100 * 100);
            match Timeval::try_from(t) {
                Ok(tv) => prop_assert_eq!(tv.nano() as i128, n / 1000 * 1000),
                Err(e) => {
                    prop_assert_eq!(e, Errno::ERANGE);
                    prop_assert!(n / 1_000_000_000 > i32::MAX as i128 || n / 1_000_000_000 < i32::MIN as i128);
                }
            }
        }
    }
}
