//! The environment and the time of day, under Wine (or Windows).
#![cfg(windows)]

mod common;

use std::ffi::OsString;
use std::os::windows::ffi::OsStringExt;
use std::time::{Duration, SystemTime};
use winsyscall::*;

/// Go's TestEnv: a value round-trips, and setting it to "" keeps it (found).
#[test]
fn go_test_env_empty_value_stays_found() {
    setenv("WINSYSCALL_TESTENV", "AVALUE").unwrap();
    assert_eq!(getenv("WINSYSCALL_TESTENV").as_deref(), Some("AVALUE"));
    setenv("WINSYSCALL_TESTENV", "").unwrap();
    assert_eq!(getenv("WINSYSCALL_TESTENV").as_deref(), Some(""));
    assert_eq!(getenv_os("WINSYSCALL_TESTENV"), Some(OsString::new()));
    assert!(environ().iter().any(|e| e == "WINSYSCALL_TESTENV="));
    // std reads the same process environment.
    assert_eq!(std::env::var("WINSYSCALL_TESTENV").as_deref(), Ok(""));
    // Right after a failed lookup (the thread's last error is then 203,
    // ERROR_ENVVAR_NOT_FOUND) an empty variable is still found: Go clears the
    // last error before each call.
    assert_eq!(getenv("WINSYSCALL_TESTENV_MISSING"), None);
    assert_eq!(getenv("WINSYSCALL_TESTENV").as_deref(), Some(""));
    // SAFETY: only thread state.
    unsafe { windows_sys::Win32::Foundation::SetLastError(203) };
    assert_eq!(getenv("WINSYSCALL_TESTENV").as_deref(), Some(""));
    // SAFETY: as above.
    unsafe { windows_sys::Win32::Foundation::SetLastError(203) };
    assert_eq!(getenv_os("WINSYSCALL_TESTENV"), Some(OsString::new()));
    unsetenv("WINSYSCALL_TESTENV").unwrap();
    assert_eq!(getenv("WINSYSCALL_TESTENV"), None);
}

#[test]
fn set_list_unset_round_trip() {
    let name = "WINSYSCALL_ROUNDTRIP";
    let value = "v=1 é 😃 ;C:\\x";
    setenv(name, value).unwrap();
    assert_eq!(getenv(name).as_deref(), Some(value));
    // Names are case-insensitive on Windows.
    assert_eq!(getenv("winsyscall_roundtrip").as_deref(), Some(value));
    let entry = format!("{name}={value}");
    assert_eq!(environ().iter().filter(|e| **e == entry).count(), 1);
    assert!(environ_os().contains(&OsString::from(&entry)));
    unsetenv(name).unwrap();
    assert_eq!(getenv(name), None);
    assert!(
        !environ()
            .iter()
            .any(|e| e.starts_with("WINSYSCALL_ROUNDTRIP="))
    );
    // Deleting a variable that is not there succeeds.
    unsetenv(name).unwrap();
    // OsStr and Path arguments work alike.
    setenv(std::ffi::OsStr::new(name), std::path::Path::new("p")).unwrap();
    assert_eq!(getenv(String::from(name)).as_deref(), Some("p"));
    unsetenv(name).unwrap();
}

#[test]
fn long_value_grows_the_buffer() {
    // Go starts with 100 units; these need the loop to grow it.
    for len in [99, 100, 101, 5000] {
        let v: String = "abcdefghij".chars().cycle().take(len).collect();
        setenv("WINSYSCALL_LONG", &v).unwrap();
        assert_eq!(
            getenv("WINSYSCALL_LONG").as_deref(),
            Some(v.as_str()),
            "len {len}"
        );
    }
    unsetenv("WINSYSCALL_LONG").unwrap();
}

#[test]
fn bad_names_and_values_are_einval() {
    assert_eq!(setenv("WINSYSCALL_A\0B", "x"), Err(Errno::EINVAL));
    assert_eq!(setenv("WINSYSCALL_NUL", "x\0y"), Err(Errno::EINVAL));
    assert_eq!(setenv("WINSYSCALL_A=B", "x"), Err(Errno::EINVAL));
    assert_eq!(setenv("", "x"), Err(Errno::EINVAL));
    assert_eq!(setenv("=", "x"), Err(Errno::EINVAL));
    assert_eq!(unsetenv("WINSYSCALL_A=B"), Err(Errno::EINVAL));
    assert_eq!(unsetenv("A\0"), Err(Errno::EINVAL));
    assert_eq!(getenv("WINSYSCALL_NUL"), None);
    // A NUL in the key is "not found", as in Go.
    assert_eq!(getenv("PATH\0"), None);
    assert_eq!(
        get_environment_variable("A\0", &mut [0; 4]),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        set_environment_variable("A\0", None::<&str>),
        Err(Errno::EINVAL)
    );
}

#[test]
fn hidden_drive_variables() {
    // A leading '=' is allowed: cmd.exe's per-drive "=X:" variables.
    setenv("=W:", "W:\\winsyscall").unwrap();
    assert_eq!(getenv("=W:").as_deref(), Some("W:\\winsyscall"));
    assert!(environ().iter().any(|e| e == "=W:=W:\\winsyscall"));
    unsetenv("=W:").unwrap();
    assert_eq!(getenv("=W:"), None);
}

#[test]
fn unpaired_surrogates_round_trip_through_os_string() {
    let value = OsString::from_wide(&[0xD800, 0x61]);
    set_environment_variable("WINSYSCALL_SURR", Some(&value)).unwrap();
    assert_eq!(getenv_os("WINSYSCALL_SURR"), Some(value.clone()));
    assert_eq!(getenv("WINSYSCALL_SURR").as_deref(), Some("\u{FFFD}a"));
    let mut entry = OsString::from("WINSYSCALL_SURR=");
    entry.push(&value);
    assert!(environ_os().contains(&entry));
    set_environment_variable("WINSYSCALL_SURR", None::<&str>).unwrap();
    assert_eq!(getenv_os("WINSYSCALL_SURR"), None);
}

#[test]
fn raw_get_and_set_environment_variable() {
    set_environment_variable("WINSYSCALL_RAW", Some("12345")).unwrap();
    let mut small = [0u16; 3];
    // Too small: the answer is the size needed, NUL included.
    assert_eq!(
        get_environment_variable("WINSYSCALL_RAW", &mut small),
        Ok(6)
    );
    let mut buf = [0u16; 16];
    let n = get_environment_variable("WINSYSCALL_RAW", &mut buf).unwrap();
    assert_eq!(n, 5);
    assert_eq!(String::from_utf16(&buf[..n as usize]).unwrap(), "12345");
    // Go's rule: 0 is an error even for a present, empty variable.
    set_environment_variable("WINSYSCALL_RAW", Some("")).unwrap();
    assert!(get_environment_variable("WINSYSCALL_RAW", &mut buf).is_err());
    assert_eq!(getenv("WINSYSCALL_RAW").as_deref(), Some(""));
    set_environment_variable("WINSYSCALL_RAW", None::<&str>).unwrap();
    assert_eq!(
        get_environment_variable("WINSYSCALL_RAW", &mut buf),
        Err(Errno::ERROR_ENVVAR_NOT_FOUND)
    );
}

#[test]
fn environment_strings_block_is_terminated_and_parsed() {
    setenv("WINSYSCALL_BLOCK", "b").unwrap();
    let block = get_environment_strings().unwrap();
    let s = block.as_slice();
    assert!(
        s == [0] || s.ends_with(&[0, 0]),
        "block must end with its empty entry"
    );
    let entries = block.entries().unwrap();
    assert!(
        entries
            .iter()
            .any(|e| String::from_utf16_lossy(e) == "WINSYSCALL_BLOCK=b")
    );
    // The same entries as environ() reads.
    let as_strings: Vec<String> = entries
        .iter()
        .map(|e| String::from_utf16_lossy(e))
        .collect();
    assert_eq!(parse_env_block(s).unwrap(), as_strings);
    free_environment_strings(block).unwrap();
    // The snapshot is a snapshot: a dropped block is freed too.
    drop(get_environment_strings().unwrap());
    unsetenv("WINSYSCALL_BLOCK").unwrap();
}

#[test]
fn env_block_for_a_child_parses_back() {
    let env = ["b=2", "A=1", "=C:=C:\\"];
    let block = create_sorted_env_block(&env).unwrap();
    assert_eq!(parse_env_block(&block).unwrap(), ["=C:=C:\\", "A=1", "b=2"]);
}

/// Clearenv wipes the whole process environment, so it runs in a child: this
/// test binary, started again with only `clearenv_child` selected.
#[test]
fn clearenv_in_child() {
    let exe = std::env::current_exe().unwrap();
    let out = common::start_child(|| {
        std::process::Command::new(&exe)
            .args([
                "--exact",
                "clearenv_child",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("WINSYSCALL_CLEARENV_CHILD", "1")
            .output()
    })
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "child failed: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("CLEARENV-OK"),
        "child did not run: {stdout}"
    );
}

#[test]
#[ignore = "run by clearenv_in_child in its own process"]
fn clearenv_child() {
    assert_eq!(getenv("WINSYSCALL_CLEARENV_CHILD").as_deref(), Some("1"));
    setenv("=Y:", "Y:\\").unwrap();
    setenv("WINSYSCALL_EMPTY", "").unwrap();
    assert!(environ().len() >= 3);
    clearenv();
    let left = environ();
    assert!(left.is_empty(), "left after clearenv: {left:?}");
    assert_eq!(getenv("WINSYSCALL_CLEARENV_CHILD"), None);
    assert_eq!(getenv("=Y:"), None);
    println!("CLEARENV-OK");
}

/// Go's TestGettimeofday, made exact: the answer lies between two readings of
/// the clock (one second of slack for the coarse system clock).
#[test]
fn gettimeofday_reads_the_clock() {
    let before = SystemTime::now() - Duration::from_secs(1);
    let tv = gettimeofday();
    let ft = get_system_time_as_file_time();
    let after = SystemTime::now() + Duration::from_secs(1);
    assert!(tv.sec != 0 || tv.usec != 0);
    let lo = Timeval::try_from(before).unwrap().nano();
    let hi = Timeval::try_from(after).unwrap().nano();
    assert!(
        lo <= tv.nano() && tv.nano() <= hi,
        "{lo} <= {} <= {hi}",
        tv.nano()
    );
    assert!((0..1_000_000).contains(&tv.usec));
    let t = SystemTime::try_from(ft).unwrap();
    assert!(before <= t && t <= after);
    assert!(
        ft.nanoseconds() >= tv.nano() - 1_000,
        "the clock went backwards"
    );
}

/// Go's `Gettimeofday` keeps the microseconds: the value lies between two
/// readings of the system clock taken around it (the first truncated to a
/// microsecond), so a value cut to whole seconds fails (unless the clock sits
/// within 1 µs of a second boundary three times running).
#[test]
fn gettimeofday_keeps_microseconds() {
    let mut misses = 0;
    for _ in 0..3 {
        let t0 = get_system_time_as_file_time().nanoseconds();
        let tv = gettimeofday();
        let t1 = get_system_time_as_file_time().nanoseconds();
        assert!((0..1_000_000).contains(&tv.usec), "usec {}", tv.usec);
        assert_eq!(tv.nano() % 1_000, 0);
        let lo = t0 - t0 % 1_000;
        if !(lo <= tv.nano() && tv.nano() <= t1) {
            misses += 1;
            println!("{lo} <= {} <= {t1} does not hold", tv.nano());
        }
        std::thread::sleep(Duration::from_millis(3));
    }
    assert_eq!(misses, 0);
}

#[test]
fn time_zone_information() {
    use windows_sys::Win32::System::SystemServices as ss;
    use windows_sys::Win32::System::Time::{GetTimeZoneInformation, TIME_ZONE_INFORMATION};
    // Go's values, and Windows'.
    assert_eq!(
        (
            TIME_ZONE_ID_UNKNOWN,
            TIME_ZONE_ID_STANDARD,
            TIME_ZONE_ID_DAYLIGHT
        ),
        (0, 1, 2)
    );
    assert_eq!(
        (
            TIME_ZONE_ID_UNKNOWN,
            TIME_ZONE_ID_STANDARD,
            TIME_ZONE_ID_DAYLIGHT
        ),
        (
            ss::TIME_ZONE_ID_UNKNOWN,
            ss::TIME_ZONE_ID_STANDARD,
            ss::TIME_ZONE_ID_DAYLIGHT
        )
    );
    let (rc, tzi) = get_time_zone_information().unwrap();
    // The same code and bias as the raw call.
    // SAFETY: plain data, all-zero is valid; the struct is writable.
    let mut raw: TIME_ZONE_INFORMATION = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    assert_eq!(unsafe { GetTimeZoneInformation(&mut raw) }, rc);
    assert_eq!(tzi.bias, raw.Bias);
    assert_eq!(tzi.standard_bias, raw.StandardBias);
    assert_eq!(tzi.daylight_bias, raw.DaylightBias);
    assert!(
        [
            TIME_ZONE_ID_UNKNOWN,
            TIME_ZONE_ID_STANDARD,
            TIME_ZONE_ID_DAYLIGHT
        ]
        .contains(&rc),
        "rc {rc}"
    );
    // Biases are minutes; real zones lie within UTC-12..UTC+14.
    assert!(
        (-15 * 60..=13 * 60).contains(&tzi.bias),
        "bias {}",
        tzi.bias
    );
    assert!(tzi.standard_name().len() <= 32 * 3);
    if rc == TIME_ZONE_ID_DAYLIGHT {
        assert_ne!(tzi.daylight_date.month, 0);
    }
}
