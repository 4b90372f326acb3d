//! Files and directories under Wine: names, attributes and times, links and
//! reparse points, listing, pipes, memory mapping, directory watching and long
//! paths, with Go's behaviour and error codes.
#![cfg(windows)]

mod common;

use common::TempDir;
use std::os::windows::io::AsRawHandle;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use winsyscall::*;

/// The current directory is process-wide: tests that change it take this lock
/// and put it back.
static CWD: Mutex<()> = Mutex::new(());

fn lower(s: impl AsRef<std::ffi::OsStr>) -> String {
    s.as_ref()
        .to_string_lossy()
        .to_lowercase()
        .replace('/', "\\")
}

fn touch(p: &Path, data: &[u8]) {
    std::fs::write(p, data).unwrap();
}

#[test]
fn round_trip_create_rename_stat_times_chmod_unlink() {
    assert_eq!((GetFileExInfoStandard, GetFileExMaxInfoLevel), (0, 1));
    let d = TempDir::new("fs-rt");
    let a = d.join("a.txt");
    let b = d.join("b.txt");
    let f = open(&a, O_CREAT | O_RDWR, 0o666).unwrap();
    assert_eq!(write(&f, b"hello, fs").unwrap(), 9);
    drop(f);

    rename(&a, &b).unwrap();
    assert_eq!(get_file_attributes(&a), Err(Errno::ERROR_FILE_NOT_FOUND));
    // Go's levels, and Windows': the standard level is the only one there is.
    {
        use windows_sys::Win32::Storage::FileSystem as fs;
        assert_eq!((GetFileExInfoStandard, GetFileExMaxInfoLevel), (0, 1));
        assert_eq!(
            (GetFileExInfoStandard as i32, GetFileExMaxInfoLevel as i32),
            (fs::GetFileExInfoStandard, fs::GetFileExMaxInfoLevel)
        );
        assert_eq!(SYMBOLIC_LINK_FLAG_DIRECTORY, 1);
        assert_eq!(
            SYMBOLIC_LINK_FLAG_DIRECTORY,
            fs::SYMBOLIC_LINK_FLAG_DIRECTORY
        );
    }
    let st = get_file_attributes_ex(&b).unwrap();
    assert_eq!(st.file_size(), 9);
    assert_eq!(st.file_attributes & FILE_ATTRIBUTE_DIRECTORY, 0);

    // Times to the 100 ns tick: 2001-09-09T01:46:40.123456789Z; the last 89 ns are cut.
    let atime = Timespec {
        sec: 1_000_000_000,
        nsec: 123_456_789,
    };
    let mtime = Timespec {
        sec: 1_234_567_890,
        nsec: 987_654_321,
    };
    utimes_nano(&b, &[atime, mtime]).unwrap();
    let st = get_file_attributes_ex(&b).unwrap();
    assert_eq!(st.last_access_time, nsec_to_filetime(atime.nano()));
    assert_eq!(st.last_write_time, nsec_to_filetime(mtime.nano()));
    assert_eq!(
        st.last_write_time.ticks(),
        116_444_736_000_000_000 + 12_345_678_909_876_543
    );
    assert_eq!(st.last_write_time.nanoseconds(), 1_234_567_890_987_654_300);
    let h = open(&b, O_RDONLY, 0).unwrap();
    let info = get_file_information_by_handle(&h).unwrap();
    assert_eq!(info.last_write_time, st.last_write_time);
    assert_eq!(info.file_size(), 9);
    assert_eq!(info.number_of_links, 1);
    drop(h);

    // chmod without S_IWRITE sets FILE_ATTRIBUTE_READONLY and keeps the rest.
    let before = get_file_attributes(&b).unwrap();
    chmod(&b, 0o444).unwrap();
    assert_eq!(
        get_file_attributes(&b).unwrap(),
        before | FILE_ATTRIBUTE_READONLY
    );
    // Not a Wine gap: Wine run as root writes through the permission bits
    // it keeps the attribute in (Windows refuses administrators too).
    let w = open(&b, O_WRONLY, 0).map(drop);
    if !(w.is_ok()
        && common::running_as_unix_root()
        && common::skip_because(
            "root: CreateFileW",
            "the Unix root user writes to a read-only file",
        ))
    {
        assert_eq!(w, Err(Errno::ERROR_ACCESS_DENIED));
    }
    // Deleting is refused by Wine too (root or not).
    assert_eq!(unlink(&b), Err(Errno::ERROR_ACCESS_DENIED));
    chmod(&b, 0o666).unwrap();
    assert_eq!(get_file_attributes(&b).unwrap(), before);
    unlink(&b).unwrap();
    assert_eq!(get_file_attributes_ex(&b), Err(Errno::ERROR_FILE_NOT_FOUND));
}

#[test]
fn utimes_follows_current_go_zero_means_unchanged() {
    let d = TempDir::new("fs-utimes");
    let p = d.join("f");
    touch(&p, b"x");
    let t1 = Timeval {
        sec: 1_500_000_000,
        usec: 250_000,
    };
    let t2 = Timeval {
        sec: 1_600_000_000,
        usec: 1,
    };
    utimes(&p, &[t1, t2]).unwrap();
    let st = get_file_attributes_ex(&p).unwrap();
    assert_eq!(st.last_access_time, nsec_to_filetime(t1.nanoseconds()));
    assert_eq!(st.last_write_time, nsec_to_filetime(t2.nanoseconds()));
    // Current Go: a zero atime leaves atime alone and still sets mtime (older releases skipped it).
    let t3 = Timeval {
        sec: 1_700_000_000,
        usec: 0,
    };
    utimes(&p, &[Timeval::default(), t3]).unwrap();
    let st2 = get_file_attributes_ex(&p).unwrap();
    assert_eq!(st2.last_access_time, st.last_access_time);
    assert_eq!(st2.last_write_time, nsec_to_filetime(t3.nanoseconds()));
    // And a zero mtime leaves mtime alone (v1/v2 set it to 1970).
    utimes(&p, &[t2, Timeval::default()]).unwrap();
    let st3 = get_file_attributes_ex(&p).unwrap();
    assert_eq!(st3.last_access_time, nsec_to_filetime(t2.nanoseconds()));
    assert_eq!(st3.last_write_time, st2.last_write_time);
    // Go: len(tv) != 2 is EINVAL.
    assert_eq!(utimes(&p, &[t1]), Err(Errno::EINVAL));
    assert_eq!(utimes(&p, &[t1, t2, t3]), Err(Errno::EINVAL));
    assert_eq!(utimes("a\0b", &[t1, t2]), Err(Errno::EINVAL));
    assert_eq!(
        utimes(d.join("missing"), &[t1, t2]),
        Err(Errno::ERROR_FILE_NOT_FOUND)
    );
}

#[test]
fn utimes_nano_omit_epoch_and_directories() {
    let d = TempDir::new("fs-utimesnano");
    let sub = d.join("dir");
    mkdir(&sub, 0o777).unwrap();
    let t = Timespec {
        sec: 1_111_111_111,
        nsec: 100,
    };
    utimes_nano(&sub, &[t, t]).unwrap();
    let st = get_file_attributes_ex(&sub).unwrap();
    assert_ne!(st.file_attributes & FILE_ATTRIBUTE_DIRECTORY, 0);
    assert_eq!(st.last_write_time, nsec_to_filetime(t.nano()));
    // UTIME_OMIT keeps mtime; {0,0} is 1970-01-01, not an omission.
    let omit = Timespec {
        sec: 0,
        nsec: UTIME_OMIT,
    };
    utimes_nano(&sub, &[Timespec::default(), omit]).unwrap();
    let st2 = get_file_attributes_ex(&sub).unwrap();
    assert_eq!(st2.last_write_time, st.last_write_time);
    assert_eq!(st2.last_access_time.ticks(), 116_444_736_000_000_000);
    assert_eq!(utimes_nano(&sub, &[]), Err(Errno::EINVAL));
}

#[test]
fn set_file_time_reads_back_through_the_handle() {
    let d = TempDir::new("fs-setft");
    let p = d.join("f");
    touch(&p, b"");
    let h = open(&p, O_RDWR, 0).unwrap();
    let w = Filetime::from_ticks(133_000_000_000_000_007);
    set_file_time(&h, None, None, Some(&w)).unwrap();
    assert_eq!(
        get_file_information_by_handle(&h).unwrap().last_write_time,
        w
    );
}

#[test]
fn directories_and_their_errors() {
    let d = TempDir::new("fs-dirs");
    let sub = d.join("sub");
    mkdir(&sub, 0).unwrap();
    assert_eq!(mkdir(&sub, 0o777), Err(Errno::ERROR_ALREADY_EXISTS));
    assert!(Errno::ERROR_ALREADY_EXISTS.is_exist());
    assert_eq!(
        mkdir(d.join("no/such"), 0o777),
        Err(Errno::ERROR_PATH_NOT_FOUND)
    );
    touch(&sub.join("f"), b"1");
    let e = rmdir(&sub).unwrap_err();
    assert_eq!(e, Errno::ERROR_DIR_NOT_EMPTY);
    assert!(
        e.is_exist(),
        "Go: errors.Is(ERROR_DIR_NOT_EMPTY, fs.ErrExist)"
    );
    assert_eq!(
        unlink(&sub),
        Err(Errno::ERROR_ACCESS_DENIED),
        "DeleteFileW refuses directories"
    );
    unlink(sub.join("f")).unwrap();
    rmdir(&sub).unwrap();
    assert_eq!(rmdir(&sub), Err(Errno::ERROR_FILE_NOT_FOUND));
    assert_eq!(unlink(d.join("nothing")), Err(Errno::ERROR_FILE_NOT_FOUND));
    assert_eq!(
        get_file_attributes(d.join("no/such/file")),
        Err(Errno::ERROR_PATH_NOT_FOUND)
    );
    assert!(Errno::ERROR_PATH_NOT_FOUND.is_not_exist());
}

#[test]
fn rename_does_not_replace_but_rename_replace_does() {
    let d = TempDir::new("fs-rename");
    let (a, b) = (d.join("a"), d.join("b"));
    touch(&a, b"A");
    touch(&b, b"B");
    assert_eq!(
        rename(&a, &b),
        Err(Errno::ERROR_ALREADY_EXISTS),
        "Go: MoveFileW has no REPLACE_EXISTING"
    );
    assert_eq!(std::fs::read(&b).unwrap(), b"B");
    rename_replace(&a, &b).unwrap();
    assert_eq!(std::fs::read(&b).unwrap(), b"A");
    assert_eq!(rename(&a, d.join("c")), Err(Errno::ERROR_FILE_NOT_FOUND));
    // Directories rename too.
    mkdir(d.join("d1"), 0).unwrap();
    rename(d.join("d1"), d.join("d2")).unwrap();
    assert_ne!(
        get_file_attributes(d.join("d2")).unwrap() & FILE_ATTRIBUTE_DIRECTORY,
        0
    );
}

#[test]
fn interior_nul_is_einval_before_any_call() {
    let bad = "dir\0name";
    let e = Err(Errno::EINVAL);
    assert_eq!(mkdir(bad, 0), e);
    assert_eq!(rmdir(bad), e);
    assert_eq!(unlink(bad), e);
    assert_eq!(rename(bad, "x"), e);
    assert_eq!(rename("x", bad), e);
    assert_eq!(rename_replace(bad, "x"), e);
    assert_eq!(chdir(bad), e);
    assert_eq!(chmod(bad, 0), e);
    assert_eq!(get_file_attributes(bad).map(drop), e);
    assert_eq!(set_file_attributes(bad, 0), e);
    assert_eq!(get_file_attributes_ex(bad).map(drop), e);
    assert_eq!(link(bad, "x"), e);
    assert_eq!(symlink(bad, "x"), e);
    assert_eq!(symlink("x", bad), e);
    assert_eq!(readlink(bad).map(drop), e);
    assert_eq!(readlink_into(bad, &mut [0; 8]).map(drop), e);
    assert_eq!(full_path(bad).map(drop), e);
    assert_eq!(get_long_path_name(bad).map(drop), e);
    assert_eq!(get_short_path_name(bad).map(drop), e);
    assert_eq!(utimes_nano(bad, &[Timespec::default(); 2]), e);
    assert_eq!(
        find_first_file(bad, &mut Win32finddata::default()).map(drop),
        e
    );
    assert_eq!(read_dir(bad).map(drop), e);
    assert_eq!(open_dir_for_watch(bad).map(drop), e);
    // A long name spills to the heap and is still checked.
    let long = format!("C:\\{}\0x", "a".repeat(400));
    assert_eq!(mkdir(&long, 0), e);
}

#[test]
fn chown_family_is_ewindows() {
    let d = TempDir::new("fs-chown");
    let p = d.join("f");
    touch(&p, b"");
    assert_eq!(chown(&p, 0, 0), Err(Errno::EWINDOWS));
    assert_eq!(lchown(&p, 0, 0), Err(Errno::EWINDOWS));
    let h = open(&p, O_RDONLY, 0).unwrap();
    assert_eq!(fchown(&h, 0, 0), Err(Errno::EWINDOWS));
    assert!(Errno::EWINDOWS.is_unsupported());
}

#[test]
fn fchmod_sets_read_only_through_the_handle() {
    let d = TempDir::new("fs-fchmod");
    let p = d.join("f");
    touch(&p, b"");
    let h = open(&p, O_RDWR, 0).unwrap();
    fchmod(&h, 0o444).unwrap();
    assert_ne!(
        get_file_attributes(&p).unwrap() & FILE_ATTRIBUTE_READONLY,
        0
    );
    fchmod(&h, 0o644).unwrap();
    assert_eq!(
        get_file_attributes(&p).unwrap() & FILE_ATTRIBUTE_READONLY,
        0
    );
    // A read-only handle lacks FILE_WRITE_ATTRIBUTES.
    let r = open(&p, O_RDONLY, 0).unwrap();
    match fchmod(&r, 0o444) {
        Err(e) => assert_eq!(e, Errno::ERROR_ACCESS_DENIED),
        Ok(()) => {
            assert!(
                common::skip_on_wine(
                    "SetFileInformationByHandle",
                    "FileBasicInfo is applied without checking the handle's FILE_WRITE_ATTRIBUTES access"
                ),
                "fchmod through a handle without FILE_WRITE_ATTRIBUTES"
            );
        }
    }
}

#[test]
fn set_file_attributes_round_trip() {
    let d = TempDir::new("fs-attrs");
    let p = d.join("f");
    touch(&p, b"");
    set_file_attributes(&p, FILE_ATTRIBUTE_HIDDEN).unwrap();
    assert_ne!(get_file_attributes(&p).unwrap() & FILE_ATTRIBUTE_HIDDEN, 0);
    set_file_attributes(&p, FILE_ATTRIBUTE_NORMAL).unwrap();
    assert_eq!(get_file_attributes(&p).unwrap() & FILE_ATTRIBUTE_HIDDEN, 0);
    assert_eq!(
        set_file_attributes(d.join("missing"), 0),
        Err(Errno::ERROR_FILE_NOT_FOUND)
    );
}

#[test]
fn hard_links_are_counted() {
    let d = TempDir::new("fs-link");
    let (a, b, c) = (d.join("a"), d.join("b"), d.join("c"));
    touch(&a, b"shared");
    link(&a, &b).unwrap();
    link(&b, &c).unwrap();
    let h = open(&a, O_RDONLY, 0).unwrap();
    let info = get_file_information_by_handle(&h).unwrap();
    assert_eq!(info.number_of_links, 3);
    let hb = open(&b, O_RDONLY, 0).unwrap();
    let ib = get_file_information_by_handle(&hb).unwrap();
    assert_eq!(
        (ib.file_index_high, ib.file_index_low),
        (info.file_index_high, info.file_index_low)
    );
    drop((h, hb));
    std::fs::write(&c, b"changed").unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), b"changed");
    assert_eq!(link(&a, &b), Err(Errno::ERROR_ALREADY_EXISTS));
    assert_eq!(
        link(d.join("missing"), d.join("x")),
        Err(Errno::ERROR_FILE_NOT_FOUND)
    );
    unlink(&c).unwrap();
    let h = open(&a, O_RDONLY, 0).unwrap();
    assert_eq!(
        get_file_information_by_handle(&h).unwrap().number_of_links,
        2
    );
}

#[test]
fn readlink_on_plain_file_and_missing_path() {
    let d = TempDir::new("fs-readlink");
    let p = d.join("plain");
    touch(&p, b"");
    assert_eq!(readlink(&p), Err(Errno::ERROR_NOT_A_REPARSE_POINT));
    assert_eq!(readlink_os(&p), Err(Errno::ERROR_NOT_A_REPARSE_POINT));
    assert_eq!(
        readlink_into(&p, &mut [0u8; 64]),
        Err(Errno::ERROR_NOT_A_REPARSE_POINT)
    );
    assert_eq!(
        readlink(d.path()),
        Err(Errno::ERROR_NOT_A_REPARSE_POINT),
        "directories open too"
    );
    assert_eq!(
        readlink(d.join("missing")),
        Err(Errno::ERROR_FILE_NOT_FOUND)
    );
    assert_eq!(
        readlink(d.join("no/such")),
        Err(Errno::ERROR_PATH_NOT_FOUND)
    );
    // Go opens with share mode 0: a file open elsewhere is a sharing violation.
    let _held = open(&p, O_RDONLY, 0).unwrap();
    assert_eq!(readlink(&p), Err(Errno::ERROR_SHARING_VIOLATION));
}

#[test]
fn device_io_control_reports_not_a_reparse_point() {
    let d = TempDir::new("fs-ioctl");
    let p = d.join("f");
    touch(&p, b"");
    let h = open(&p, O_RDONLY, 0).unwrap();
    let mut out = vec![0u8; MAXIMUM_REPARSE_DATA_BUFFER_SIZE];
    assert_eq!(
        device_io_control(&h, FSCTL_GET_REPARSE_POINT, &[], &mut out),
        Err(ErrnoWith::new(Errno::ERROR_NOT_A_REPARSE_POINT, 0))
    );
}

/// `FSCTL_PIPE_PEEK` into an output too short for the message waiting: the
/// warning `ERROR_MORE_DATA` comes with the bytes written, the 16-byte
/// `FILE_PIPE_PEEK_BUFFER` header and the first bytes of the message.
#[test]
fn device_io_control_keeps_the_bytes_written_with_more_data() {
    const FSCTL_PIPE_PEEK: u32 = 0x11400C;
    let (r, w) = common::message_pipe();
    assert_eq!(write(&w, b"abc"), Ok(3));
    let mut out = [0xEEu8; 20];
    assert_eq!(
        device_io_control(&r, FSCTL_PIPE_PEEK, &[], &mut out[..18]),
        Err(ErrnoWith::new(Errno::ERROR_MORE_DATA, 18))
    );
    // ReadDataAvailable (3), then the two bytes that fit; nothing past.
    assert_eq!(out[4..8], 3u32.to_le_bytes());
    assert_eq!(out[16..], [b'a', b'b', 0xEE, 0xEE]);
    // Peeking took nothing.
    let mut got = [0u8; 3];
    assert_eq!(read(&r, &mut got), Ok(3));
    assert_eq!(&got, b"abc");
}

#[test]
fn symlink_plumbing() {
    assert_eq!(
        (
            SYMBOLIC_LINK_FLAG_DIRECTORY,
            SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE
        ),
        (1, 2)
    );
    load_create_symbolic_link().unwrap();
    // The privilege check used below answers as it should: every token holds
    // SeChangeNotifyPrivilege; an unknown name is never held.
    assert!(token_has_privilege("SeChangeNotifyPrivilege"));
    assert!(!token_has_privilege("SeNoSuchPrivilegeWinsyscall"));
    let d = TempDir::new("fs-symlink");
    let target = d.join("target.txt");
    touch(&target, b"T");
    let tdir = d.join("tdir");
    mkdir(&tdir, 0).unwrap();
    let cases: [(&str, PathBuf, bool); 3] = [
        ("target.txt", d.join("rel-link"), false),
        ("tdir", d.join("rel-dir-link"), true),
        (target.to_str().unwrap(), d.join("abs-link"), false),
    ];
    for (t, l, is_dir) in cases {
        match symlink(t, &l) {
            // Windows without the privilege (and without Developer Mode):
            // a logged skip, and only when the token really lacks it.
            Err(Errno::ERROR_PRIVILEGE_NOT_HELD)
                if !token_has_privilege("SeCreateSymbolicLinkPrivilege")
                    && common::skip_because(
                        "no SeCreateSymbolicLinkPrivilege: CreateSymbolicLinkW",
                        "ERROR_PRIVILEGE_NOT_HELD (1314) without the privilege or Developer Mode",
                    ) =>
            {
                return;
            }
            Err(e) => panic!("symlink({t}): {e:?}"),
            Ok(()) => {}
        }
        match get_file_attributes(&l) {
            Err(Errno::ERROR_FILE_NOT_FOUND) => {
                assert!(
                    common::skip_on_wine(
                        "CreateSymbolicLinkW",
                        "Wine 8's stub reports success and creates nothing"
                    ),
                    "symlink reported success but created nothing"
                );
                continue;
            }
            Err(e) => panic!("{e:?}"),
            Ok(attrs) => {
                assert_ne!(attrs & FILE_ATTRIBUTE_REPARSE_POINT, 0);
                assert_eq!(attrs & FILE_ATTRIBUTE_DIRECTORY != 0, is_dir, "{t}");
                match readlink(&l) {
                    Ok(s) => assert_eq!(s, t),
                    Err(Errno::ERROR_NOT_A_REPARSE_POINT) => {
                        assert!(common::skip_on_wine(
                            "DeviceIoControl",
                            "FSCTL_GET_REPARSE_POINT answers 4390"
                        ));
                    }
                    Err(e) => panic!("readlink: {e:?}"),
                }
                let mut small = [0u8; 3];
                assert_eq!(
                    readlink_into(&l, &mut small),
                    Ok(3),
                    "Go truncates silently"
                );
                assert_eq!(&small, &t.as_bytes()[..3]);
                if is_dir {
                    rmdir(&l).unwrap()
                } else {
                    unlink(&l).unwrap()
                }
            }
        }
    }
}

#[test]
fn find_first_file_keeps_go_short_struct() {
    // Go's TestWin32finddata: the struct is followed by a sentinel that must survive.
    #[repr(C)]
    struct Guarded {
        fd: Win32finddata,
        sentinel: u8,
    }
    let d = TempDir::new("fs-find");
    touch(&d.join("long_name.and_extension"), b"12345");
    let mut g = Guarded {
        fd: Win32finddata::default(),
        sentinel: 2,
    };
    let h = find_first_file(d.join("long_name.and_extension"), &mut g.fd).unwrap();
    assert_eq!(g.sentinel, 2);
    assert_eq!(g.fd.name(), "long_name.and_extension");
    assert_eq!(g.fd.file_size_low, 5);
    assert_eq!(
        find_next_file(&h, &mut g.fd),
        Err(Errno::ERROR_NO_MORE_FILES)
    );
    find_close(h).unwrap();

    // No match: ERROR_FILE_NOT_FOUND, data untouched.
    let mut untouched = Win32finddata {
        file_size_low: 77,
        ..Default::default()
    };
    assert_eq!(
        find_first_file(d.join("nomatch*"), &mut untouched).map(drop),
        Err(Errno::ERROR_FILE_NOT_FOUND)
    );
    assert_eq!(untouched.file_size_low, 77);
    assert_eq!(
        find_first_file(d.join("nodir\\*"), &mut untouched).map(drop),
        Err(Errno::ERROR_PATH_NOT_FOUND)
    );
}

#[test]
fn find_next_file_walks_a_pattern_and_read_dir_lists_full_names() {
    let d = TempDir::new("fs-list");
    let long = "n".repeat(255);
    let names = ["a.txt", "b.txt", "c.log", long.as_str()];
    for n in names {
        touch(&d.join(n), n.as_bytes());
    }
    mkdir(d.join("subdir"), 0).unwrap();
    let mut fd = Win32finddata::default();
    let h = find_first_file(d.join("*.txt"), &mut fd).unwrap();
    let mut got = vec![fd.name()];
    loop {
        match find_next_file(&h, &mut fd) {
            Ok(()) => got.push(fd.name()),
            Err(e) => {
                assert_eq!(e, Errno::ERROR_NO_MORE_FILES);
                break;
            }
        }
    }
    got.sort();
    assert_eq!(got, ["a.txt", "b.txt"]);

    let mut entries: Vec<DirEntry> = read_dir(d.path()).unwrap().map(Result::unwrap).collect();
    entries.sort_by(|x, y| x.name.cmp(&y.name));
    let listed: Vec<String> = entries
        .iter()
        .map(|e| e.name.to_string_lossy().into_owned())
        .collect();
    assert_eq!(listed, ["a.txt", "b.txt", "c.log", &long, "subdir"]);
    assert_eq!(entries[3].name.len(), 255);
    assert_eq!(entries[3].file_size, 255);
    assert!(entries[4].is_dir() && !entries[0].is_dir());
    // The same entries written over one reused DirEntry; `None` at the end
    // leaves it as it was.
    let mut dir = read_dir(d.path()).unwrap();
    let mut e = DirEntry::default();
    let mut again = Vec::new();
    while let Some(r) = dir.next_into(&mut e) {
        r.unwrap();
        again.push(e.clone());
    }
    let last = e.clone();
    assert!(dir.next_into(&mut e).is_none());
    assert_eq!(e, last);
    again.sort_by(|x, y| x.name.cmp(&y.name));
    assert_eq!(again, entries);
    // A trailing separator is fine; an empty directory lists nothing.
    assert_eq!(
        read_dir(format!("{}\\subdir\\", d.path().display()))
            .unwrap()
            .count(),
        0
    );
    assert_eq!(
        read_dir(d.join("missing")).map(drop),
        Err(Errno::ERROR_PATH_NOT_FOUND)
    );
}

#[test]
fn paths_longer_than_max_path() {
    assert_eq!(LONG_PATH_THRESHOLD, 248);
    let d = TempDir::new("fs-long");
    // Three 100-character components below the temp dir: well over 300 units.
    let mut p = d.path().to_path_buf();
    let mut dirs = Vec::new();
    for c in ['x', 'y', 'z'] {
        p.push(c.to_string().repeat(100));
        mkdir(&p, 0).unwrap();
        dirs.push(p.clone());
    }
    let file = p.join("file.txt");
    let s = file.to_str().unwrap().to_string();
    assert!(s.len() > 300, "{}", s.len());
    // Forward slashes and . / .. are normalised before the \\?\ form is added.
    let messy = format!(
        "{}/./zz/../file.txt",
        p.to_str().unwrap().replace('\\', "/")
    );
    let f = open(format!(r"\\?\{s}"), O_CREAT | O_RDWR, 0o666).unwrap();
    write(&f, b"long").unwrap();
    drop(f);
    assert_eq!(get_file_attributes_ex(&messy).unwrap().file_size(), 4);
    utimes_nano(&file, &[Timespec { sec: 10, nsec: 0 }; 2]).unwrap();
    assert_eq!(
        get_file_attributes_ex(&file).unwrap().last_write_time,
        nsec_to_filetime(10_000_000_000)
    );
    let listed: Vec<_> = read_dir(&p).unwrap().map(|e| e.unwrap().name).collect();
    assert_eq!(listed, ["file.txt"]);
    let mut fd = Win32finddata::default();
    drop(find_first_file(&file, &mut fd).unwrap());
    assert_eq!(fd.name(), "file.txt");
    rename(&file, p.join("renamed.txt")).unwrap();
    link(p.join("renamed.txt"), p.join("hard.txt")).unwrap();
    chmod(p.join("hard.txt"), 0o444).unwrap();
    chmod(p.join("hard.txt"), 0o666).unwrap();
    unlink(p.join("hard.txt")).unwrap();
    unlink(p.join("renamed.txt")).unwrap();
    for dir in dirs.iter().rev() {
        rmdir(dir).unwrap();
    }
    assert_eq!(
        get_file_attributes(&dirs[0]),
        Err(Errno::ERROR_FILE_NOT_FOUND)
    );
}

#[test]
fn getwd_chdir_fchdir_and_fdpath() {
    let _g = CWD.lock().unwrap_or_else(|e| e.into_inner());
    let orig = getwd().unwrap();
    assert_eq!(lower(&orig), lower(std::env::current_dir().unwrap()));
    let d = TempDir::new("fs-cwd");
    let sub = d.join("sub");
    mkdir(&sub, 0).unwrap();

    chdir(&sub).unwrap();
    assert_eq!(lower(getwd().unwrap()), lower(&sub));
    assert_eq!(lower(getwd_os().unwrap()), lower(&sub));
    chdir(&orig).unwrap();

    let h = open(&sub, O_RDONLY, 0).unwrap();
    let fp = fdpath(&h).unwrap();
    assert!(!fp.starts_with(r"\\?\"), "{fp}");
    // The final path is the normalised long name (the temp dir may be given in 8.3 form).
    let sub_long = get_long_path_name(&sub).unwrap();
    assert_eq!(lower(&fp), lower(&sub_long));
    assert_eq!(lower(fdpath_os(&h).unwrap()), lower(&sub_long));
    let raw = get_final_path_name_by_handle(&h, 0).unwrap();
    assert_eq!(lower(&raw), lower(format!(r"\\?\{}", sub_long.display())));
    fchdir(&h).unwrap();
    assert_eq!(lower(getwd().unwrap()), lower(&sub_long));

    // Relative names now resolve against sub.
    assert_eq!(
        lower(full_path(r"a\..\b").unwrap()),
        lower(sub_long.join("b"))
    );
    chdir(&orig).unwrap();
    assert_eq!(chdir(d.join("missing")), Err(Errno::ERROR_FILE_NOT_FOUND));
    assert_eq!(getwd().unwrap(), orig);
}

#[test]
fn getwd_grows_its_buffer_for_long_directories() {
    // Go's TestGetwd_DoesNotPanicWhenPathIsLong.
    let _g = CWD.lock().unwrap_or_else(|e| e.into_inner());
    let orig = getwd().unwrap();
    let d = TempDir::new("fs-longcwd");
    let deep = d.join(&"a".repeat(200)).join("a".repeat(200));
    mkdir(deep.parent().unwrap(), 0).unwrap();
    mkdir(&deep, 0).unwrap();
    if let Err(e) = chdir(&deep) {
        println!(
            "chdir into a {}-unit directory refused ({e:?}); Go skips here too",
            deep.as_os_str().len()
        );
        return;
    }
    let wd = getwd();
    chdir(&orig).unwrap();
    let wd = wd.unwrap();
    assert!(wd.len() > 300, "{}", wd.len());
    assert!(lower(&wd).ends_with(&"a".repeat(200)));
}

#[test]
fn full_long_short_temp_and_computer_names() {
    assert_eq!(full_path(r"C:\x\.\y\..\z").unwrap(), r"C:\x\z");
    assert_eq!(full_path("C:/a/b").unwrap(), r"C:\a\b");
    assert_eq!(full_path_os(r"C:\a").unwrap(), Path::new(r"C:\a"));
    let long_rel = "q".repeat(500);
    assert!(
        full_path(&long_rel).unwrap().ends_with(&long_rel),
        "grows past the 100-unit start"
    );

    let d = TempDir::new("fs-names");
    let p = d.join("a long file name.text");
    touch(&p, b"");
    let short = get_short_path_name(&p).unwrap();
    let back = get_long_path_name(&short).unwrap();
    assert_eq!(lower(&back), lower(get_long_path_name(&p).unwrap()));
    assert!(lower(&back).ends_with("a long file name.text"));
    assert_eq!(
        get_long_path_name(d.join("missing")),
        Err(Errno::ERROR_FILE_NOT_FOUND)
    );

    let tmp = get_temp_path().unwrap();
    assert!(tmp.to_string_lossy().ends_with('\\'));
    assert_eq!(
        lower(Path::new(&tmp)),
        lower(format!("{}\\", std::env::temp_dir().display()).replace("\\\\", "\\"))
    );

    let name = computer_name().unwrap();
    assert!(
        !name.is_empty() && name.len() <= MAX_COMPUTERNAME_LENGTH as usize,
        "{name:?}"
    );
}

/// Go's raw `GetComputerName`: a buffer one unit short of the name and its
/// NUL fails with `ERROR_BUFFER_OVERFLOW` carrying the exact size needed
/// (NUL included); a buffer of that size holds the name.
#[test]
fn get_computer_name_reports_the_size_needed() {
    let name: Vec<u16> = computer_name().unwrap().encode_utf16().collect();
    let needed = name.len() + 1;
    let mut buf = vec![0xEEEEu16; needed + 2];
    assert_eq!(
        get_computer_name(&mut buf[..needed - 1]),
        Err(ErrnoWith::new(Errno::ERROR_BUFFER_OVERFLOW, needed))
    );
    assert_eq!(
        get_computer_name(&mut []),
        Err(ErrnoWith::new(Errno::ERROR_BUFFER_OVERFLOW, needed))
    );
    assert_eq!(get_computer_name(&mut buf[..needed]), Ok(name.len()));
    assert_eq!(buf[..name.len()], name[..]);
    assert_eq!(buf[name.len()..], [0, 0xEEEE, 0xEEEE]);
}

#[test]
fn pipe_ends_are_inheritable_and_connected() {
    use windows_sys::Win32::Foundation::{GetHandleInformation, HANDLE_FLAG_INHERIT};
    let (r, w) = pipe().unwrap();
    for h in [&r, &w] {
        let mut flags = 0u32;
        // SAFETY: the handle is live; `flags` is writable.
        let ok = unsafe { GetHandleInformation(h.as_raw_handle(), &mut flags) };
        assert_ne!(ok, 0);
        assert_eq!(
            flags & HANDLE_FLAG_INHERIT,
            HANDLE_FLAG_INHERIT,
            "Go's Pipe uses makeInheritSa"
        );
    }
    assert_eq!(write(&w, b"through the pipe").unwrap(), 16);
    let mut buf = [0u8; 32];
    let n = read(&r, &mut buf).unwrap();
    assert_eq!(&buf[..n], b"through the pipe");
    assert_eq!(get_file_type(&r).unwrap(), FILE_TYPE_PIPE);
    // A socket is a handle to Windows: GetFileType calls it a pipe.
    let sock = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    assert_eq!(get_file_type_socket(&sock), Ok(FILE_TYPE_PIPE));
    drop(w);
    assert_eq!(
        read(&r, &mut buf).unwrap(),
        0,
        "broken pipe reads as EOF, as in Go"
    );
}

#[test]
fn file_type_and_fsync_on_files_and_directories() {
    let d = TempDir::new("fs-fsync");
    let p = d.join("f");
    let f = open(&p, O_CREAT | O_RDWR, 0o666).unwrap();
    assert_eq!(get_file_type(&f).unwrap(), FILE_TYPE_DISK);
    write(&f, b"data").unwrap();
    fsync(&f).unwrap();
    // A directory opens read-only (Go adds FILE_FLAG_BACKUP_SEMANTICS); flushing it
    // needs write access on Windows.
    let dh = open(d.path(), O_RDONLY, 0).unwrap();
    assert_eq!(get_file_type(&dh).unwrap(), FILE_TYPE_DISK);
    // FlushFileBuffers needs GENERIC_WRITE: Windows and Wine 8 both refuse.
    assert_eq!(fsync(&dh), Err(Errno::ERROR_ACCESS_DENIED));
}

#[test]
fn memory_mapping_round_trip() {
    let d = TempDir::new("fs-mmap");
    let p = d.join("m");
    touch(&p, &[7u8; 8192]);
    let f = open(&p, O_RDWR, 0).unwrap();
    let m = create_file_mapping(
        Some(std::os::windows::io::AsHandle::as_handle(&f)),
        PAGE_READWRITE,
        0,
    )
    .unwrap();
    let view = map_view_of_file(&m, FILE_MAP_WRITE, 0, 0).unwrap();
    assert!(view.len() >= 8192);
    let mut buf = [0u8; 4];
    view.read_at(8188, &mut buf).unwrap();
    assert_eq!(buf, [7; 4]);
    view.write_at(10, b"mapped").unwrap();
    assert_eq!(view.write_at(view.len() - 2, b"abc"), Err(Errno::EINVAL));
    assert_eq!(view.read_at(usize::MAX, &mut buf), Err(Errno::EINVAL));
    flush_view_of_file(&view, 0, 0).unwrap();
    assert_eq!(flush_view_of_file(&view, view.len(), 1), Err(Errno::EINVAL));
    virtual_lock(&view, 0, 4096).unwrap();
    virtual_unlock(&view, 0, 4096).unwrap();
    unmap_view_of_file(view).unwrap();
    drop(m);
    drop(f);
    assert_eq!(
        &std::fs::read(&p).unwrap()[8..18],
        b"\x07\x07mapped\x07\x07"
    );

    // A read-only view refuses writes instead of faulting (ERROR_NOACCESS, as
    // Windows answers for memory that may not be written).
    let f = open(&p, O_RDONLY, 0).unwrap();
    let m = create_file_mapping(
        Some(std::os::windows::io::AsHandle::as_handle(&f)),
        PAGE_READONLY,
        0,
    )
    .unwrap();
    let ro = map_view_of_file(&m, FILE_MAP_READ, 0, 4096).unwrap();
    assert_eq!(ro.len(), 4096);
    assert_eq!(ro.write_at(0, b"x"), Err(Errno::ERROR_NOACCESS));
    assert_eq!(
        map_view_of_file(&m, FILE_MAP_WRITE, 0, 0).map(drop),
        Err(Errno::ERROR_ACCESS_DENIED)
    );
}

#[test]
fn pagefile_backed_and_named_mappings() {
    let m = create_file_mapping(None, PAGE_READWRITE, 65536).unwrap();
    let a = map_view_of_file(&m, FILE_MAP_WRITE, 0, 0).unwrap();
    let b = map_view_of_file(&m, FILE_MAP_READ, 0, 0).unwrap();
    a.write_at(100, b"shared view").unwrap();
    let mut buf = [0u8; 11];
    b.read_at(100, &mut buf).unwrap();
    assert_eq!(&buf, b"shared view");
    let name = format!("winsyscall-fs-test-{}", std::process::id());
    let n1 = create_file_mapping_named(None, PAGE_READWRITE, 4096, &name).unwrap();
    assert_eq!(
        create_file_mapping_named(None, PAGE_READWRITE, 4096, &name).map(drop),
        Err(Errno::ERROR_ALREADY_EXISTS)
    );
    drop(n1);
    assert_eq!(
        create_file_mapping(None, PAGE_READWRITE, 0).map(drop),
        Err(Errno::ERROR_INVALID_PARAMETER)
    );
}

#[test]
fn read_directory_changes_reports_new_files() {
    let d = TempDir::new("fs-watch");
    let dir = open_dir_for_watch(d.path()).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let watcher = std::thread::spawn(move || {
        let mut buf = vec![0u32; 4096];
        let r = read_directory_changes(&dir, &mut buf, false, FILE_NOTIFY_CHANGE_FILE_NAME);
        tx.send(()).unwrap();
        r
    });
    // Keep making files until the watcher has seen one: no timing assumptions.
    let mut made = Vec::new();
    while rx.try_recv().is_err() {
        let name = format!("new{}.txt", made.len());
        touch(&d.join(&name), b"");
        made.push(name);
        std::thread::yield_now();
        if made.len() > 100_000 {
            panic!("no change reported");
        }
    }
    let events = watcher.join().unwrap().unwrap();
    assert!(!events.is_empty());
    for e in &events {
        assert_eq!(e.action, FILE_ACTION_ADDED);
        assert!(
            made.iter().any(|m| *m == e.name.to_string_lossy()),
            "{:?}",
            e.name
        );
    }
}

#[test]
fn file_notify_parser_is_bounds_checked() {
    fn record(next: u32, action: u32, name: &str) -> Vec<u8> {
        let units: Vec<u16> = name.encode_utf16().collect();
        let mut v = Vec::new();
        v.extend_from_slice(&next.to_le_bytes());
        v.extend_from_slice(&action.to_le_bytes());
        v.extend_from_slice(&((units.len() * 2) as u32).to_le_bytes());
        for u in units {
            v.extend_from_slice(&u.to_le_bytes());
        }
        while v.len() % 4 != 0 {
            v.push(0);
        }
        v
    }
    let first = record(0, FILE_ACTION_RENAMED_OLD_NAME, "old.txt");
    let mut buf = record(first.len() as u32, FILE_ACTION_RENAMED_OLD_NAME, "old.txt");
    buf.extend(record(0, FILE_ACTION_RENAMED_NEW_NAME, "new.txt"));
    let ev = parse_file_notify_information(&buf).unwrap();
    assert_eq!(ev.len(), 2);
    assert_eq!(
        (ev[0].action, ev[0].name.to_str().unwrap()),
        (FILE_ACTION_RENAMED_OLD_NAME, "old.txt")
    );
    assert_eq!(
        (ev[1].action, ev[1].name.to_str().unwrap()),
        (FILE_ACTION_RENAMED_NEW_NAME, "new.txt")
    );
    assert_eq!(parse_file_notify_information(&[]).unwrap(), []);
    let bad = Err(Errno::ERROR_INVALID_DATA);
    for n in 1..buf.len() {
        let r = parse_file_notify_information(&buf[..n]);
        assert!(r == bad || n >= first.len() + 12 + 14, "len {n}: {r:?}");
    }
    let mut lying = buf.clone();
    lying[0..4].copy_from_slice(&10_000u32.to_le_bytes());
    assert_eq!(parse_file_notify_information(&lying), bad);
    let mut odd = buf.clone();
    odd[8..12].copy_from_slice(&3u32.to_le_bytes());
    assert_eq!(parse_file_notify_information(&odd), bad);
    let mut huge = buf.clone();
    huge[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(parse_file_notify_information(&huge), bad);
    assert_eq!(core::mem::size_of::<FileNotifyInformation>(), 16);
}

#[test]
fn junction_made_with_fsctl_reads_back_through_readlink() {
    let d = TempDir::new("fs-junction");
    let target = d.join("target");
    mkdir(&target, 0).unwrap();
    let j = d.join("junction");
    mkdir(&j, 0).unwrap();
    let nt: Vec<u16> = format!(r"\??\{}", target.display())
        .encode_utf16()
        .collect();
    let shown: Vec<u16> = target
        .as_os_str()
        .to_str()
        .unwrap()
        .encode_utf16()
        .collect();
    let buf = ReparseTarget {
        tag: IO_REPARSE_TAG_MOUNT_POINT,
        substitute_name: nt,
        print_name: shown,
        flags: 0,
    }
    .to_bytes()
    .unwrap();
    let h = create_file(
        &j,
        GENERIC_WRITE,
        0,
        None,
        OPEN_EXISTING,
        FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS,
        None,
    )
    .unwrap();
    let set = device_io_control(&h, FSCTL_SET_REPARSE_POINT, &buf, &mut []);
    drop(h);
    if set == Err(ErrnoWith::new(Errno::ERROR_NOT_SUPPORTED, 0))
        && common::skip_on_wine(
            "DeviceIoControl",
            "FSCTL_SET_REPARSE_POINT answers ERROR_NOT_SUPPORTED (50)",
        )
    {
        return;
    }
    assert_eq!(set, Ok(0));
    let attrs = get_file_attributes(&j).unwrap();
    assert_ne!(attrs & FILE_ATTRIBUTE_REPARSE_POINT, 0);
    match readlink(&j) {
        Ok(s) => {
            let want = target.to_str().unwrap();
            assert_eq!(s, want, "Go strips \\??\\ from a mount point");
            let mut small = [0u8; 5];
            assert_eq!(
                readlink_into(&j, &mut small),
                Ok(5),
                "Go truncates silently"
            );
            assert_eq!(&small, &want.as_bytes()[..5]);
            let mut big = vec![0u8; 1024];
            let n = readlink_into(&j, &mut big).unwrap();
            assert_eq!(&big[..n], want.as_bytes());
        }
        Err(Errno::ERROR_NOT_A_REPARSE_POINT) => {
            assert!(common::skip_on_wine(
                "DeviceIoControl",
                "FSCTL_GET_REPARSE_POINT answers 4390"
            ));
        }
        Err(e) => panic!("readlink(junction): {e:?}"),
    }
    rmdir(&j).unwrap();
    assert_ne!(
        get_file_attributes(&target).unwrap() & FILE_ATTRIBUTE_DIRECTORY,
        0,
        "the target survives"
    );
}

#[test]
fn fchdir_on_a_file_is_refused() {
    let _g = CWD.lock().unwrap_or_else(|e| e.into_inner());
    let d = TempDir::new("fs-fchdir-file");
    let p = d.join("f");
    touch(&p, b"");
    let orig = getwd().unwrap();
    let h = open(&p, O_RDONLY, 0).unwrap();
    assert_eq!(fchdir(&h), Err(Errno::ERROR_DIRECTORY));
    assert_eq!(getwd().unwrap(), orig);
}

#[test]
fn dir_watcher_reports_renames_top_level_and_in_subtrees() {
    let d = TempDir::new("fs-watch-rename");
    let inner = d.join("inner");
    mkdir(&inner, 0).unwrap();
    let mut w = DirWatcher::open(d.path(), 64 * 1024).unwrap();
    // The watcher lends its directory handle.
    assert_eq!(get_file_type(&w), Ok(FILE_TYPE_DISK));
    assert_eq!(
        get_file_information_by_handle(&w).map(|i| i.file_attributes & FILE_ATTRIBUTE_DIRECTORY),
        Ok(FILE_ATTRIBUTE_DIRECTORY)
    );
    let (tx, rx) = std::sync::mpsc::channel();
    // The watcher runs until the process ends; batches come back over the channel.
    std::thread::spawn(move || {
        loop {
            let r = w.read(true, FILE_NOTIFY_CHANGE_FILE_NAME);
            let stop = r.is_err();
            if tx.send(r).is_err() || stop {
                return;
            }
        }
    });
    let mut seen: Vec<(u32, String)> = Vec::new();
    let found = |seen: &[(u32, String)], action, prefix: &str| {
        seen.iter()
            .any(|(a, n)| *a == action && n.starts_with(prefix))
    };
    let done = |seen: &[(u32, String)], prefix: &str| {
        found(seen, FILE_ACTION_RENAMED_OLD_NAME, &format!("{prefix}a"))
            && found(seen, FILE_ACTION_RENAMED_NEW_NAME, &format!("{prefix}b"))
    };
    // Each round renames one file at the top and one inside `inner`, then looks
    // at what arrived; the count bound only ends the wait, nothing is timed.
    for i in 0..500 {
        for dir in [d.path(), inner.as_path()] {
            let (a, b) = (dir.join(format!("a{i}")), dir.join(format!("b{i}")));
            touch(&a, b"");
            rename(&a, &b).unwrap();
        }
        while let Ok(batch) = rx.try_recv() {
            seen.extend(
                batch
                    .unwrap()
                    .into_iter()
                    .map(|e| (e.action, e.name.to_string_lossy().into_owned())),
            );
        }
        if done(&seen, "") && done(&seen, r"inner\") {
            return;
        }
        std::thread::yield_now();
    }
    assert!(
        done(&seen, ""),
        "no top-level rename reported: {:?}",
        &seen[..seen.len().min(8)]
    );
    assert!(
        common::skip_on_wine(
            "ReadDirectoryChangesW",
            "bWatchSubtree reports nothing from inside an existing subdirectory"
        ),
        "no rename inside the subtree reported: {:?}",
        &seen[..seen.len().min(8)]
    );
}

/// Whether this process's token holds the privilege `name` (enabled or not).
fn token_has_privilege(name: &str) -> bool {
    use windows_sys::Win32::Foundation::{CloseHandle, HANDLE, LUID};
    use windows_sys::Win32::Security::{
        GetTokenInformation, LUID_AND_ATTRIBUTES, LookupPrivilegeValueW, TOKEN_QUERY,
        TokenPrivileges,
    };
    use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};
    let wname: Vec<u16> = name.encode_utf16().chain(Some(0)).collect();
    let mut luid = LUID {
        LowPart: 0,
        HighPart: 0,
    };
    // SAFETY: NUL-terminated name; luid is writable.
    if unsafe { LookupPrivilegeValueW(std::ptr::null(), wname.as_ptr(), &mut luid) } == 0 {
        return false;
    }
    let mut token: HANDLE = std::ptr::null_mut();
    // SAFETY: the pseudo-handle needs no closing; token is writable.
    if unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) } == 0 {
        return false;
    }
    // TOKEN_PRIVILEGES: a u32 count, then LUID_AND_ATTRIBUTES entries (u64-aligned buffer).
    let mut buf = vec![0u64; 1024];
    let mut len = 0u32;
    // SAFETY: buf is writable for the size passed; token is live.
    let ok = unsafe {
        GetTokenInformation(
            token,
            TokenPrivileges,
            buf.as_mut_ptr().cast(),
            (buf.len() * 8) as u32,
            &mut len,
        )
    };
    // SAFETY: token was opened above and is closed once.
    unsafe { CloseHandle(token) };
    if ok == 0 {
        return false;
    }
    let bytes = buf.as_ptr().cast::<u8>();
    // SAFETY: Windows wrote a TOKEN_PRIVILEGES at the start of buf.
    let count = unsafe { bytes.cast::<u32>().read() } as usize;
    // SAFETY: the entries follow the count at offset 4 (LUID_AND_ATTRIBUTES has
    // 4-byte alignment) and lie within the bytes written.
    let entries =
        unsafe { std::slice::from_raw_parts(bytes.add(4).cast::<LUID_AND_ATTRIBUTES>(), count) };
    entries
        .iter()
        .any(|e| e.Luid.LowPart == luid.LowPart && e.Luid.HighPart == luid.HighPart)
}
