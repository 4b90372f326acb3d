//! Tour section: files and directories. A small tree is made, listed, linked,
//! timed, protected and cleaned up again, with Go's names beside each call.

use crate::{section, step};
use winsyscall::*;

/// Formats a result briefly: the value on success, the `Errno` and its number on failure.
fn show<T: std::fmt::Debug>(r: &Result<T>) -> String {
    match r {
        Ok(v) => format!("Ok({v:?})"),
        Err(e) => format!("Err({e:?} = {}: {e})", e.0),
    }
}

pub fn run() {
    section("Files and directories");
    let root = std::env::temp_dir().join(format!("winsyscall-tour-fs-{}", std::process::id()));
    let root_s = root.display().to_string();
    let sub = root.join("sub");
    let file = sub.join("hello.txt");

    step(
        "syscall.Mkdir",
        &format!("mkdir({root_s:?}, 0o755)"),
        show(&mkdir(&root, 0o755)),
    );
    step(
        "syscall.Mkdir",
        "mkdir(root\\sub, 0o755)",
        show(&mkdir(&sub, 0o755)),
    );
    step(
        "syscall.Mkdir (again)",
        "mkdir(root\\sub, 0o755)",
        show(&mkdir(&sub, 0o755)),
    );

    let written =
        open(&file, O_CREAT | O_RDWR, 0o644).and_then(|h| write(&h, b"hello from the tour"));
    step(
        "syscall.Open + Write",
        "open(sub\\hello.txt, O_CREAT|O_RDWR, 0o644) + write(..)",
        show(&written),
    );

    let linked = sub.join("hard.txt");
    step(
        "syscall.Link (EWINDOWS in Go)",
        "link(hello.txt, hard.txt)",
        show(&link(&file, &linked)),
    );
    let links = open(&file, O_RDONLY, 0)
        .and_then(get_file_information_by_handle)
        .map(|i| i.number_of_links);
    step(
        "syscall.GetFileInformationByHandle",
        "get_file_information_by_handle(h).number_of_links",
        show(&links),
    );

    let sym = root.join("link-to-sub");
    let made = symlink("sub", &sym);
    step(
        "syscall.Symlink (EWINDOWS in Go)",
        "symlink(\"sub\", root\\link-to-sub)",
        show(&made),
    );
    let there = get_file_attributes(&sym).map(|a| a & FILE_ATTRIBUTE_REPARSE_POINT != 0);
    step(
        "syscall.GetFileAttributes",
        "get_file_attributes(link-to-sub) & REPARSE_POINT",
        match there {
            Err(Errno::ERROR_FILE_NOT_FOUND) if made.is_ok() => {
                format!(
                    "{} (CreateSymbolicLinkW said yes but made nothing: the Wine 8 stub)",
                    show(&there)
                )
            }
            _ => show(&there),
        },
    );
    step(
        "syscall.Readlink",
        "readlink(link-to-sub)",
        show(&readlink(&sym)),
    );
    step(
        "syscall.Readlink (plain file)",
        "readlink(hello.txt)",
        show(&readlink(&file)),
    );

    let names: Result<Vec<String>> = read_dir(&sub).and_then(|it| {
        it.map(|e| e.map(|e| e.name.to_string_lossy().into_owned()))
            .collect()
    });
    step(
        "syscall.FindFirstFile/FindNextFile",
        "read_dir(sub) (closes on drop)",
        show(&names),
    );
    let mut fd = Win32finddata::default();
    let first = find_first_file(sub.join("*.txt"), &mut fd).map(|h| (fd.name(), find_close(h)));
    step(
        "syscall.FindFirstFile + FindClose",
        "find_first_file(sub\\*.txt, &mut fd)",
        show(&first),
    );

    let renamed = sub.join("renamed.txt");
    step(
        "syscall.Rename",
        "rename(hello.txt, renamed.txt)",
        show(&rename(&file, &renamed)),
    );
    let other = sub.join("other.txt");
    let _ = std::fs::write(&other, b"other");
    step(
        "syscall.Rename (target exists)",
        "rename(renamed.txt, other.txt)",
        show(&rename(&renamed, &other)),
    );
    step(
        "(os.Rename) MoveFileEx",
        "rename_replace(other.txt, renamed.txt)",
        show(&rename_replace(&other, &renamed)),
    );

    let t = Timespec {
        sec: 1_234_567_890,
        nsec: 123_456_789,
    };
    step(
        "syscall.UtimesNano",
        "utimes_nano(renamed.txt, &[t, t])",
        show(&utimes_nano(&renamed, &[t, t])),
    );
    let back = get_file_attributes_ex(&renamed).map(|d| d.last_write_time.nanoseconds());
    step(
        "syscall.GetFileAttributesEx",
        "get_file_attributes_ex(..).last_write_time.nanoseconds()",
        show(&back),
    );

    step(
        "syscall.Chmod",
        "chmod(renamed.txt, 0o444)",
        show(&chmod(&renamed, 0o444)),
    );
    let ro = get_file_attributes(&renamed).map(|a| a & FILE_ATTRIBUTE_READONLY != 0);
    step(
        "syscall.GetFileAttributes",
        "get_file_attributes(..) & READONLY",
        show(&ro),
    );
    step(
        "syscall.Unlink (read-only)",
        "unlink(renamed.txt)",
        show(&unlink(&renamed)),
    );
    step(
        "syscall.Chmod",
        "chmod(renamed.txt, 0o644)",
        show(&chmod(&renamed, 0o644)),
    );

    let dirh = open(&sub, O_RDONLY, 0);
    step(
        "fdpath (Fchdir's helper)",
        "fdpath(open(sub, O_RDONLY))",
        show(&dirh.as_ref().map_err(|e| *e).and_then(fdpath)),
    );
    step(
        "syscall.FullPath",
        "full_path(r\"C:\\x\\.\\y\\..\\z\")",
        show(&full_path(r"C:\x\.\y\..\z")),
    );
    step("syscall.Getwd", "getwd()", show(&getwd()));
    step(
        "syscall.ComputerName",
        "computer_name()",
        show(&computer_name()),
    );

    let piped = pipe().and_then(|(r, w)| {
        write(&w, b"ping")?;
        let mut b = [0u8; 4];
        let n = read(&r, &mut b)?;
        Ok(String::from_utf8_lossy(&b[..n]).into_owned())
    });
    step(
        "syscall.Pipe",
        "pipe() -> (r, w); write(w); read(r)",
        show(&piped),
    );

    let mapped = create_file_mapping(None, PAGE_READWRITE, 4096).and_then(|m| {
        let v = map_view_of_file(&m, FILE_MAP_WRITE, 0, 0)?;
        v.write_at(0, b"mapped")?;
        let mut b = [0u8; 6];
        v.read_at(0, &mut b)?;
        Ok(String::from_utf8_lossy(&b).into_owned())
    });
    step(
        "syscall.CreateFileMapping + MapViewOfFile",
        "create_file_mapping(None, ..) + map_view_of_file(..)",
        show(&mapped),
    );

    drop(dirh); // Go's Open shares no delete access: close before removing.
    step("syscall.Rmdir (not empty)", "rmdir(sub)", {
        let r = rmdir(&sub);
        format!("{} is_exist()={}", show(&r), r.is_err_and(|e| e.is_exist()))
    });
    let _ = unlink(&sym).or_else(|_| rmdir(&sym));
    step(
        "syscall.Unlink",
        "unlink(renamed.txt)",
        show(&unlink(&renamed)),
    );
    step("syscall.Unlink", "unlink(hard.txt)", show(&unlink(&linked)));
    step("syscall.Rmdir", "rmdir(sub)", show(&rmdir(&sub)));
    step("syscall.Rmdir", "rmdir(root)", show(&rmdir(&root)));
}
