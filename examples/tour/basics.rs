//! Tour: strings, errors, standard handles and basic file I/O.

use crate::{section, step};
use winsyscall::*;

pub fn run() {
    section("UTF-16 strings");
    let w = utf16_from_string("héllo, 世界").unwrap();
    step(
        "syscall.UTF16FromString",
        "utf16_from_string(\"héllo, 世界\")",
        format!("{} units incl. NUL: {:04x?}", w.len(), &w[..4]),
    );
    step(
        "syscall.UTF16ToString",
        "utf16_to_string(&w)",
        format!("{:?}", utf16_to_string(&w)),
    );
    step(
        "syscall.UTF16FromString",
        "utf16_from_string(\"a\\0b\")",
        format!("{:?}", utf16_from_string("a\0b")),
    );
    let lone = utf16_from_bytes(b"\xED\xA0\x80").unwrap();
    step(
        "syscall.UTF16FromString (WTF-8)",
        "utf16_from_bytes(b\"\\xED\\xA0\\x80\")",
        format!("{lone:04x?} (a lone surrogate, kept)"),
    );

    section("Errno");
    step(
        "syscall.Errno.Error",
        "Errno::ERROR_FILE_NOT_FOUND.to_string()",
        format!("{:?}", Errno::ERROR_FILE_NOT_FOUND.to_string()),
    );
    step(
        "syscall.EINVAL",
        "Errno::EINVAL.to_string()",
        format!("{:?} ({:#x})", Errno::EINVAL.to_string(), Errno::EINVAL.0),
    );
    step(
        "syscall.Errno.Error",
        "Errno(0x1fffffff).to_string()",
        format!("{:?}", Errno(0x1fff_ffff).to_string()),
    );
    step(
        "errors.Is(err, fs.ErrNotExist)",
        "Errno(3).is_not_exist()",
        Errno(3).is_not_exist(),
    );
    let io: std::io::Error = Errno::ERROR_ACCESS_DENIED.into();
    step(
        "(Errno → error)",
        "std::io::Error::from(Errno(5))",
        format!("kind {:?}, raw {:?}", io.kind(), io.raw_os_error()),
    );

    section("Standard handles");
    step(
        "syscall.Stdout",
        "stdout()",
        format!("{:?}", stdout().map(handle_value)),
    );
    if let Some(out) = stdout() {
        let n = write(out, b"  (written through winsyscall::write to Stdout)\n");
        step("syscall.Write", "write(stdout, ..)", format!("{n:?}"));
    }

    section("File I/O with Go's Open semantics");
    let dir = std::env::temp_dir().join(format!("winsyscall-tour-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("hello.txt");
    let f = open(&path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644);
    step(
        "syscall.Open",
        "open(path, O_CREAT|O_RDWR|O_CLOEXEC, 0o644)",
        format!("{:?}", f.as_ref().map(handle_value)),
    );
    let Ok(f) = f else { return };
    step(
        "syscall.Write",
        "write(&f, b\"hello, world\")",
        format!("{:?}", write(&f, b"hello, world")),
    );
    step(
        "syscall.Seek",
        "seek(&f, -5, 2)",
        format!("{:?}", seek(&f, -5, 2)),
    );
    let mut buf = [0u8; 16];
    let n = read(&f, &mut buf).unwrap_or(0);
    step(
        "syscall.Read",
        "read(&f, &mut buf)",
        format!("{n} bytes: {:?}", String::from_utf8_lossy(&buf[..n])),
    );
    step(
        "syscall.Seek",
        "seek(&f, -1, 0)",
        format!("{:?}", seek(&f, -1, 0)),
    );
    step(
        "syscall.Ftruncate",
        "ftruncate(&f, 5)",
        format!("{:?}", ftruncate(&f, 5)),
    );
    step("syscall.Fsync", "fsync(&f)", format!("{:?}", fsync(&f)));
    step(
        "syscall.Open",
        "open(path, O_CREAT|O_EXCL|O_RDWR, 0o644)",
        format!(
            "{:?}",
            open(&path, O_CREAT | O_EXCL | O_RDWR, 0o644).map(drop)
        ),
    );
    step(
        "syscall.Open",
        "open(dir, O_WRONLY, 0)",
        format!("{:?}", open(&dir, O_WRONLY, 0).map(drop)),
    );
    step("syscall.Close", "close(f)", format!("{:?}", close(f)));
    let _ = std::fs::remove_dir_all(&dir);
}
