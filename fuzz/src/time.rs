//! Time conversions, `WaitStatus` and `Signal` (`src/time.rs`, `src/wait.rs`)
//! against Go's arithmetic re-implemented here in exact 128-bit integers, with
//! Go's silent `int64`/`int32` wrapping applied explicitly (reduction mod 2^64 or
//! 2^32), so that a wrong formula or a wrong wrap fails as surely as a panic
//! (the target is built with debug assertions: an unintended overflow panics).
//!
//! Input: a sequence of fixed-size records (`Case`, 69 bytes, integers
//! little-endian, read with `arbitrary`; a short last record is zero-filled).

use arbitrary::{Arbitrary, Unstructured};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use winsyscall::{
    Errno, Filetime, Rusage, SIGNAL_NAMES, Signal, Timespec, Timeval, UNIX_EPOCH_FILETIME_TICKS,
    WaitStatus, nsec_to_filetime, nsec_to_timespec, nsec_to_timeval, timespec_to_nsec,
    timeval_to_nsec,
};

/// One record of input.
#[derive(Debug, Arbitrary)]
struct Case {
    /// Nanoseconds since 1970 for the `NsecTo*` functions.
    n: i64,
    /// An arbitrary `Timespec` (any sign mix, any size).
    ts_sec: i64,
    ts_nsec: i64,
    /// An arbitrary `Timeval`.
    tv_sec: i32,
    tv_usec: i32,
    /// An arbitrary `Filetime`.
    ft_low: u32,
    ft_high: u32,
    /// A raw tick count.
    ticks: u64,
    /// A `SystemTime`: `UNIX_EPOCH ± (secs + nanos % 1e9 ns)`.
    st_before_epoch: bool,
    st_secs: u64,
    st_nanos: u32,
    /// A process exit code.
    exit_code: u32,
    /// A signal number.
    sig: i32,
}

const NS: i128 = 1_000_000_000;
/// Go writes 116444736000000000 inline in `Nanoseconds` and `NsecToFiletime`.
const GO_EPOCH_TICKS: i128 = 116_444_736_000_000_000;
const TWO_32: i128 = 1 << 32;
const TWO_64: i128 = 1 << 64;

/// Go's `int64` result of an operation whose exact value is `x`: two's
/// complement, i.e. `x` reduced mod 2^64 into [-2^63, 2^63).
fn wrap64(x: i128) -> i64 {
    let m = x.rem_euclid(TWO_64);
    i64::try_from(if m >= TWO_64 / 2 { m - TWO_64 } else { m }).unwrap()
}

/// Go's `int32(x)`: the low 32 bits, as a signed value.
fn wrap32(x: i128) -> i32 {
    let m = x.rem_euclid(TWO_32);
    i32::try_from(if m >= TWO_32 / 2 { m - TWO_32 } else { m }).unwrap()
}

// ---- Go's functions, step by step (syscall.go, syscall_windows.go, types_windows.go) ----

/// `NsecToTimespec`: `ts.Sec = nsec / 1e9; ts.Nsec = nsec % 1e9` (Go's `/` and
/// `%` truncate toward zero, as Rust's do; neither can overflow).
fn go_nsec_to_timespec(n: i64) -> Timespec {
    let n = i128::from(n);
    Timespec {
        sec: wrap64(n / NS),
        nsec: wrap64(n % NS),
    }
}

/// `Timespec.Nano` / `TimespecToNsec`: `int64(Sec)*1e9 + int64(Nsec)`, each
/// step wrapping; as wrapping is reduction mod 2^64, that is the exact value
/// reduced once.
fn go_timespec_nano(sec: i64, nsec: i64) -> i64 {
    wrap64(i128::from(wrap64(i128::from(sec) * NS)) + i128::from(nsec))
}

/// `NsecToTimeval`: `tv.Sec = int32(nsec / 1e9); tv.Usec = int32(nsec % 1e9 / 1e3)`.
fn go_nsec_to_timeval(n: i64) -> Timeval {
    let n = i128::from(n);
    Timeval {
        sec: wrap32(n / NS),
        usec: wrap32(n % NS / 1_000),
    }
}

/// `Timeval.Nanoseconds`: `(int64(Sec)*1e6 + int64(Usec)) * 1e3`.
fn go_timeval_nanoseconds(sec: i32, usec: i32) -> i64 {
    let s = wrap64(i128::from(sec) * 1_000_000);
    let s = wrap64(i128::from(s) + i128::from(usec));
    wrap64(i128::from(s) * 1_000)
}

/// `Timeval.Nano`: `int64(Sec)*1e9 + int64(Usec)*1000`.
fn go_timeval_nano(sec: i32, usec: i32) -> i64 {
    let a = wrap64(i128::from(sec) * NS);
    let b = wrap64(i128::from(usec) * 1_000);
    wrap64(i128::from(a) + i128::from(b))
}

/// `NsecToFiletime`: `nsec /= 100; nsec += 116444736000000000;
/// Low = uint32(nsec & 0xffffffff); High = uint32(nsec >> 32 & 0xffffffff)`
/// (`>>` on an `int64` is arithmetic).
fn go_nsec_to_filetime(n: i64) -> Filetime {
    let x = wrap64(i128::from(n) / 100);
    let x = i128::from(wrap64(i128::from(x) + GO_EPOCH_TICKS));
    Filetime {
        low_date_time: u32::try_from(x & 0xffff_ffff).unwrap(),
        high_date_time: u32::try_from((x >> 32) & 0xffff_ffff).unwrap(),
    }
}

/// `Filetime.Nanoseconds`: `nsec := int64(High)<<32 + int64(Low);
/// nsec -= 116444736000000000; nsec *= 100`, each step wrapping.
fn go_filetime_nanoseconds(low: u32, high: u32) -> i64 {
    let v = wrap64(i128::from(high) * TWO_32); // int64(High) << 32
    let v = wrap64(i128::from(v) + i128::from(low));
    let v = wrap64(i128::from(v) - GO_EPOCH_TICKS);
    wrap64(i128::from(v) * 100)
}

/// Go's `signals` table (types_windows.go), copied from the spec, not the crate.
const GO_SIGNALS: [&str; 16] = [
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

/// `Signal.String`: `if 0 <= s && int(s) < len(signals) { str := signals[s];
/// if str != "" { return str } }; return "signal " + itoa.Itoa(int(s))`.
fn go_signal_string(s: i32) -> String {
    if (0..16).contains(&s) {
        let name = GO_SIGNALS[usize::try_from(s).unwrap()];
        if !name.is_empty() {
            return name.to_owned();
        }
    }
    format!("signal {s}")
}

// ---- SystemTime helpers (beyond Go) ----

/// Signed nanoseconds from 1970 to `t`, exactly.
fn nanos_of(t: SystemTime) -> i128 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i128::try_from(d.as_nanos()).unwrap(),
        Err(e) => -i128::try_from(e.duration().as_nanos()).unwrap(),
    }
}

/// Whether this platform's `SystemTime` holds the time `n` ns from 1970. On
/// Linux std keeps `tv_sec: i64` and `0 <= tv_nsec < 1e9`, so exactly when
/// `floor(n / 1e9)` fits in `i64`; elsewhere we do not know (`None`).
fn platform_holds(n: i128) -> Option<bool> {
    cfg!(target_os = "linux").then(|| i64::try_from(n.div_euclid(NS)).is_ok())
}

/// Go's unnormalised split of an exact nanosecond count, if the seconds fit.
fn timespec_of(n: i128) -> Option<Timespec> {
    Some(Timespec {
        sec: i64::try_from(n / NS).ok()?,
        nsec: i64::try_from(n % NS).unwrap(),
    })
}

/// `ts` is in the form `nsec_to_timespec` gives (what a round trip through an
/// exact value must reproduce): |nsec| < 1e9 and no sign mix.
fn timespec_is_go_form(ts: Timespec) -> bool {
    ts.nsec.unsigned_abs() < 1_000_000_000
        && (ts.sec == 0 || ts.nsec == 0 || (ts.sec < 0) == (ts.nsec < 0))
}

fn check_nsec(n: i64) {
    let wide = i128::from(n);

    // Timespec: Go's split, and back. sec*1e9 + nsec == n with |sec*1e9| <= |n|:
    // Go's arithmetic cannot overflow here, so the round trip is exact for every
    // i64.
    let ts = nsec_to_timespec(n);
    assert_eq!(ts, go_nsec_to_timespec(n), "nsec_to_timespec({n})");
    assert_eq!(
        timespec_to_nsec(ts),
        n,
        "timespec_to_nsec(nsec_to_timespec({n}))"
    );
    assert_eq!(ts.nano(), n);
    assert_eq!(ts.unix(), (ts.sec, ts.nsec));
    assert!(timespec_is_go_form(ts), "{ts:?}");

    // Timeval: Go's int32 truncation of the seconds.
    let tv = nsec_to_timeval(n);
    assert_eq!(tv, go_nsec_to_timeval(n), "nsec_to_timeval({n})");
    let back = timeval_to_nsec(tv);
    assert_eq!(back, go_timeval_nano(tv.sec, tv.usec));
    assert_eq!(tv.nanoseconds(), go_timeval_nanoseconds(tv.sec, tv.usec));
    assert_eq!(tv.nanoseconds(), back);
    if i32::try_from(wide / NS).is_ok() {
        // No wrap: truncated toward zero to whole microseconds.
        assert_eq!(back, n / 1_000 * 1_000, "timeval round trip of {n}");
    } else {
        // Wrapped by a non-zero multiple of 2^32 s, as Go does (after 2038).
        assert_ne!(back, n / 1_000 * 1_000, "{n}: Go's int32 wrap lost");
    }

    // Filetime: ticks - epoch == n / 100 exactly and |n/100*100| <= |n|, so Go's
    // Nanoseconds never overflows on a nsec_to_filetime result.
    let ft = nsec_to_filetime(n);
    assert_eq!(ft, go_nsec_to_filetime(n), "nsec_to_filetime({n})");
    assert_eq!(
        ft.nanoseconds(),
        n / 100 * 100,
        "nanoseconds(nsec_to_filetime({n}))"
    );
    assert_eq!(
        ft.ticks(),
        u64::try_from((wide / 100 + GO_EPOCH_TICKS).rem_euclid(TWO_64)).unwrap()
    );
}

fn check_timespec(ts: Timespec) {
    let exact = i128::from(ts.sec) * NS + i128::from(ts.nsec);
    assert_eq!(ts.unix(), (ts.sec, ts.nsec));
    let nano = ts.nano();
    assert_eq!(nano, go_timespec_nano(ts.sec, ts.nsec), "{ts:?}.nano()");
    assert_eq!(timespec_to_nsec(ts), nano);
    match i64::try_from(exact) {
        Ok(v) => assert_eq!(nano, v, "{ts:?}: no overflow, must be exact"),
        Err(_) => assert_eq!(nano, wrap64(exact), "{ts:?}: Go's wrap"),
    }

    // SystemTime: exact, ERANGE only past the platform's range.
    let st = SystemTime::try_from(ts);
    if let Some(holds) = platform_holds(exact) {
        assert_eq!(st.is_ok(), holds, "SystemTime::try_from({ts:?}) = {st:?}");
    }
    match st {
        Err(e) => assert_eq!(e, Errno::ERANGE),
        Ok(t) => {
            assert_eq!(nanos_of(t), exact, "{ts:?}");
            let back = Timespec::try_from(t);
            assert_eq!(back, timespec_of(exact).ok_or(Errno::ERANGE));
            if let Ok(back) = back {
                assert_eq!(SystemTime::try_from(back), Ok(t));
                if timespec_is_go_form(ts) {
                    assert_eq!(back, ts, "round trip");
                }
            }
        }
    }
}

fn check_timeval(tv: Timeval) {
    // i32 fields: |sec*1e9| + |usec*1e3| < 2.2e18, Go's int64 cannot overflow.
    let exact = i128::from(tv.sec) * NS + i128::from(tv.usec) * 1_000;
    assert!(i64::try_from(exact).is_ok());
    assert_eq!(
        tv.nanoseconds(),
        go_timeval_nanoseconds(tv.sec, tv.usec),
        "{tv:?}"
    );
    assert_eq!(tv.nano(), go_timeval_nano(tv.sec, tv.usec), "{tv:?}");
    assert_eq!(i128::from(tv.nano()), exact);
    assert_eq!(timeval_to_nsec(tv), tv.nano());
    assert_eq!(tv.unix(), (i64::from(tv.sec), i64::from(tv.usec) * 1_000));

    let st = SystemTime::try_from(tv);
    if let Some(holds) = platform_holds(exact) {
        assert_eq!(st.is_ok(), holds, "SystemTime::try_from({tv:?}) = {st:?}");
    }
    match st {
        Err(e) => assert_eq!(e, Errno::ERANGE),
        Ok(t) => {
            assert_eq!(nanos_of(t), exact);
            let back = Timeval::try_from(t);
            match i32::try_from(exact / NS) {
                Err(_) => assert_eq!(back, Err(Errno::ERANGE), "{tv:?}"),
                Ok(sec) => {
                    let want = Timeval {
                        sec,
                        usec: i32::try_from(exact % NS / 1_000).unwrap(),
                    };
                    assert_eq!(back, Ok(want), "{tv:?}");
                    assert_eq!(SystemTime::try_from(want), Ok(t));
                    let go_form = tv.usec.unsigned_abs() < 1_000_000
                        && (tv.sec == 0 || tv.usec == 0 || (tv.sec < 0) == (tv.usec < 0));
                    if go_form {
                        assert_eq!(want, tv, "round trip");
                    }
                }
            }
        }
    }
}

fn check_filetime(ft: Filetime) {
    let ticks = u64::from(ft.high_date_time) << 32 | u64::from(ft.low_date_time);
    assert_eq!(ft.ticks(), ticks);
    assert_eq!(u64::from(ft), ticks);
    assert_eq!(Filetime::from_ticks(ticks), ft);
    assert_eq!(Filetime::from(ticks), ft);

    let ns = ft.nanoseconds();
    assert_eq!(
        ns,
        go_filetime_nanoseconds(ft.low_date_time, ft.high_date_time),
        "{ft:?}"
    );
    // Go reads the ticks as an int64, so the exact value is over that; it fits
    // exactly when |ticks - epoch| <= MaxInt64/100, i.e. from 1677-09-21 to
    // 2262-04-11 (a tick count with the top bit set always wraps).
    let exact = (i128::from(ticks as i64) - GO_EPOCH_TICKS) * 100;
    const SPAN: u64 = (i64::MAX / 100) as u64;
    let e = UNIX_EPOCH_FILETIME_TICKS;
    let in_range = (e - SPAN..=e + SPAN).contains(&ticks);
    match i64::try_from(exact) {
        Ok(v) => {
            assert!(in_range, "{ticks}");
            assert_eq!(ns, v, "{ft:?}: no overflow, must be exact");
            // Only in range is nanoseconds a faithful inverse of nsec_to_filetime.
            assert_eq!(nsec_to_filetime(ns), ft);
        }
        Err(_) => {
            assert!(!in_range, "{ticks}");
            assert_eq!(ns, wrap64(exact), "{ft:?}: Go's wrap");
        }
    }

    // SystemTime: exact for every tick count (no wrap, no top-bit reading).
    let exact = (i128::from(ticks) - GO_EPOCH_TICKS) * 100;
    let st = SystemTime::try_from(ft);
    if let Some(holds) = platform_holds(exact) {
        assert_eq!(st.is_ok(), holds, "SystemTime::try_from({ft:?}) = {st:?}");
    }
    match st {
        Err(e) => assert_eq!(e, Errno::ERANGE),
        Ok(t) => {
            assert_eq!(nanos_of(t), exact, "{ft:?}");
            assert_eq!(Filetime::try_from(t), Ok(ft), "round trip");
        }
    }

    // Rusage reads kernel/user times as tick durations.
    let r = Rusage {
        kernel_time: ft,
        user_time: Filetime::from_ticks(ticks.rotate_left(17)),
        ..Default::default()
    };
    assert_eq!(r.kernel_duration().as_nanos(), u128::from(ticks) * 100);
    assert_eq!(
        r.user_duration().as_nanos(),
        u128::from(ticks.rotate_left(17)) * 100
    );
}

fn check_system_time(before: bool, secs: u64, nanos: u32) {
    let d = Duration::new(secs, nanos % 1_000_000_000);
    let t = if before {
        UNIX_EPOCH.checked_sub(d)
    } else {
        UNIX_EPOCH.checked_add(d)
    };
    let Some(t) = t else { return };
    let n = nanos_of(t);
    let magnitude = i128::from(secs) * NS + i128::from(nanos % 1_000_000_000);
    assert_eq!(n, if before { -magnitude } else { magnitude });

    // Timespec: Go's unnormalised split; ERANGE only if the seconds overflow i64.
    let ts = Timespec::try_from(t);
    assert_eq!(ts, timespec_of(n).ok_or(Errno::ERANGE), "{t:?}");
    if let Ok(ts) = ts {
        assert_eq!(SystemTime::try_from(ts), Ok(t));
        if let Ok(n64) = i64::try_from(n) {
            assert_eq!(ts, nsec_to_timespec(n64));
        }
    }

    // Timeval: ERANGE (not Go's wrap) when the seconds do not fit in i32.
    let tv = Timeval::try_from(t);
    match i32::try_from(n / NS) {
        Err(_) => assert_eq!(tv, Err(Errno::ERANGE), "{t:?}"),
        Ok(sec) => {
            let want = Timeval {
                sec,
                usec: i32::try_from(n % NS / 1_000).unwrap(),
            };
            assert_eq!(tv, Ok(want), "{t:?}");
            let back = SystemTime::try_from(want).unwrap();
            assert_eq!(nanos_of(back), n / 1_000 * 1_000);
            assert_eq!(want, nsec_to_timeval(i64::try_from(n).unwrap()));
        }
    }

    // Filetime: ticks = n / 100 (toward zero) + epoch; ERANGE outside u64.
    let ft = Filetime::try_from(t);
    let ticks = n / 100 + GO_EPOCH_TICKS;
    match u64::try_from(ticks) {
        Err(_) => assert_eq!(ft, Err(Errno::ERANGE), "{t:?}"),
        Ok(ticks) => {
            assert_eq!(ft, Ok(Filetime::from_ticks(ticks)), "{t:?}");
            let back = SystemTime::try_from(Filetime::from_ticks(ticks)).unwrap();
            assert_eq!(nanos_of(back), n / 100 * 100);
            if let Ok(n64) = i64::try_from(n) {
                assert_eq!(Filetime::from_ticks(ticks), nsec_to_filetime(n64));
            }
        }
    }
}

fn check_wait_status(code: u32) {
    for w in [WaitStatus::from(code), WaitStatus { exit_code: code }] {
        assert!(w.exited());
        // Go: int(ExitCode), 64-bit int, no bit splitting, never negative.
        let status: i64 = w.exit_status();
        assert_eq!(status, i64::from(code));
        assert!(status >= 0);
        assert_eq!(w.signal(), Signal(-1));
        assert_eq!(w.stop_signal(), Signal(-1));
        assert_eq!(w.signal().to_string(), "signal -1");
        assert!(!w.core_dump());
        assert!(!w.stopped());
        assert!(!w.continued());
        assert!(!w.signaled());
        assert_eq!(w.trap_cause(), -1);
    }
}

fn check_signal(s: i32) {
    let sig = Signal(s);
    assert_eq!(Signal::from(s), sig);
    sig.signal();
    let want = go_signal_string(s);
    assert_eq!(sig.to_string(), want, "Signal({s})");
    let named = (1..16).contains(&s);
    assert_eq!(
        sig.name(),
        named.then_some(want.as_str()),
        "Signal({s}).name()"
    );
}

/// Checks one input (the fuzz target's body; also replayed over the stored
/// corpus by the crate's `tests/fuzz_corpus.rs`).
pub fn check(data: &[u8]) {
    assert_eq!(SIGNAL_NAMES, GO_SIGNALS);
    assert_eq!(i128::from(UNIX_EPOCH_FILETIME_TICKS), GO_EPOCH_TICKS);

    let mut u = Unstructured::new(data);
    for _ in 0..64 {
        let Ok(c) = Case::arbitrary(&mut u) else {
            break;
        };
        check_nsec(c.n);
        check_timespec(Timespec {
            sec: c.ts_sec,
            nsec: c.ts_nsec,
        });
        check_timeval(Timeval {
            sec: c.tv_sec,
            usec: c.tv_usec,
        });
        check_filetime(Filetime {
            low_date_time: c.ft_low,
            high_date_time: c.ft_high,
        });
        check_filetime(Filetime::from_ticks(c.ticks));
        check_system_time(c.st_before_epoch, c.st_secs, c.st_nanos);
        check_wait_status(c.exit_code);
        check_signal(c.sig);
        if u.is_empty() {
            break;
        }
    }
}
