//! Tour: the environment, the registry, and time (Go's env_windows.go, the
//! Reg* wrappers, and the time types).
//!
//! Wire it from main.rs with `mod envreg;` and `envreg::run_env_registry_time();`.

use crate::{section, step};
use winsyscall::*;

pub fn run_env_registry_time() {
    section("Environment");
    step(
        "syscall.Setenv",
        "setenv(\"WINSYSCALL_TOUR\", \"\")",
        format!("{:?}", setenv("WINSYSCALL_TOUR", "")),
    );
    step(
        "syscall.Getenv",
        "getenv(\"WINSYSCALL_TOUR\")",
        format!(
            "{:?}  (set but empty: found, as Go's (\"\", true))",
            getenv("WINSYSCALL_TOUR")
        ),
    );
    step(
        "syscall.Setenv",
        "setenv(\"WINSYSCALL_TOUR\", \"hé 😃\")",
        format!("{:?}", setenv("WINSYSCALL_TOUR", "hé 😃")),
    );
    let listed = environ()
        .into_iter()
        .filter(|e| e.starts_with("WINSYSCALL_TOUR="))
        .collect::<Vec<_>>();
    step(
        "syscall.Environ",
        "environ() (filtered)",
        format!("{listed:?}"),
    );
    step(
        "syscall.Unsetenv",
        "unsetenv(\"WINSYSCALL_TOUR\")",
        format!("{:?}", unsetenv("WINSYSCALL_TOUR")),
    );
    step(
        "syscall.Getenv",
        "getenv(\"WINSYSCALL_TOUR\")",
        format!("{:?}  (not found)", getenv("WINSYSCALL_TOUR")),
    );
    step(
        "syscall.Setenv",
        "setenv(\"A=B\", \"x\")",
        format!("{:?}", setenv("A=B", "x")),
    );
    let block = create_sorted_env_block(&["b=2", "A=1"]).unwrap_or_default();
    step(
        "syscall.createEnvBlock(envSorted)",
        "create_sorted_env_block(&[\"b=2\", \"A=1\"])",
        format!("{:?}", parse_env_block(&block)),
    );

    section("Registry");
    let path = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion";
    match RegKey::LOCAL_MACHINE.open(path) {
        Ok(k) => {
            step(
                "syscall.RegOpenKeyEx",
                "RegKey::LOCAL_MACHINE.open(CurrentVersion)",
                "ok",
            );
            if let Ok(info) = k.info() {
                step(
                    "syscall.RegQueryInfoKey",
                    "k.info()",
                    format!("{} subkeys, {} values", info.sub_keys, info.values),
                );
            }
            let first: Vec<String> = k.subkeys().take(3).filter_map(|s| s.ok()).collect();
            step(
                "syscall.RegEnumKeyEx",
                "k.subkeys().take(3)",
                format!("{first:?}"),
            );
            step(
                "syscall.RegQueryValueEx",
                "k.value(\"ProductName\")",
                format!("{:?}", k.value("ProductName")),
            );
            step(
                "syscall.RegQueryValueEx",
                "k.value(\"CurrentBuild\")",
                format!("{:?}", k.value("CurrentBuild")),
            );
            step(
                "syscall.RegCloseKey",
                "k.close()",
                format!("{:?}", k.close()),
            );
        }
        Err(e) => step(
            "syscall.RegOpenKeyEx",
            "RegKey::LOCAL_MACHINE.open(CurrentVersion)",
            format!("{e:?}"),
        ),
    }
    let missing = RegKey::LOCAL_MACHINE.open(r"SOFTWARE\winsyscall\missing");
    step(
        "syscall.RegOpenKeyEx",
        "open(missing key)",
        format!(
            "{missing:?}, is_not_exist = {}",
            missing.as_ref().err().is_some_and(|e| e.is_not_exist())
        ),
    );

    section("Time");
    let tv = gettimeofday();
    step("syscall.Gettimeofday", "gettimeofday()", format!("{tv:?}"));
    let ft = get_system_time_as_file_time();
    step(
        "syscall.GetSystemTimeAsFileTime",
        "get_system_time_as_file_time()",
        format!("{} ticks since 1601", ft.ticks()),
    );
    step(
        "syscall.Filetime.Nanoseconds",
        "ft.nanoseconds()",
        ft.nanoseconds(),
    );
    step(
        "syscall.NsecToTimespec",
        "nsec_to_timespec(-1_500_000_000)",
        format!("{:?}  (not normalised)", nsec_to_timespec(-1_500_000_000)),
    );
    step(
        "syscall.NsecToFiletime",
        "nsec_to_filetime(0).ticks()",
        format!("{}  (the 1601→1970 offset)", nsec_to_filetime(0).ticks()),
    );
    step(
        "syscall.NsecToTimeval",
        "nsec_to_timeval(2^31 s)",
        format!(
            "{:?}  (int32 seconds wrap in 2038)",
            nsec_to_timeval(2_147_483_648_000_000_000)
        ),
    );
    step(
        "(beyond Go)",
        "SystemTime::try_from(ft)",
        format!("{:?}", std::time::SystemTime::try_from(ft)),
    );
    match get_time_zone_information() {
        Ok((rc, tz)) => step(
            "syscall.GetTimeZoneInformation",
            "get_time_zone_information()",
            format!("rc {rc}, bias {} min, {:?}", tz.bias, tz.standard_name()),
        ),
        Err(e) => step(
            "syscall.GetTimeZoneInformation",
            "get_time_zone_information()",
            format!("{e:?}"),
        ),
    }

    section("Exit status and signals");
    let w = WaitStatus { exit_code: 3 };
    step(
        "syscall.WaitStatus.ExitStatus",
        "WaitStatus { exit_code: 3 }.exit_status()",
        w.exit_status(),
    );
    step("syscall.WaitStatus.Exited", "w.exited()", w.exited());
    step("syscall.Signal.String", "SIGINT.to_string()", SIGINT);
    step(
        "syscall.Signal.String",
        "Signal(-1).to_string()",
        Signal(-1),
    );
}
