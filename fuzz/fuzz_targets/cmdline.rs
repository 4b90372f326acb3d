//! Command lines: `make_cmd_line` then `command_line_to_argv` gives the
//! arguments back; `escape_arg`'s documented properties; the splitter on
//! arbitrary text and UTF-16 (never panics, the `&str` and UTF-16 forms agree).
//!
//! Input: bytes read as (lossy) UTF-8 text whose pieces between `\x1f` (unit
//! separator) are `argv[0]` and the arguments (NULs dropped); the same text is
//! split as a raw command line, and the bytes as little-endian UTF-16 units.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::borrow::Cow;
use winsyscall::{
    append_escape_arg, command_line_to_argv, command_line_to_argv_utf16, escape_arg, make_cmd_line,
};
use winsyscall_fuzz::{units_le, until_nul};

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn utf16(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

/// Splits `line` both ways and checks they agree and stay within the input.
fn split_both(line: &str) -> Vec<String> {
    let a = command_line_to_argv(line);
    let b = command_line_to_argv_utf16(&utf16(line));
    let b: Vec<String> = b.iter().map(|x| String::from_utf16(x).unwrap()).collect();
    assert_eq!(a, b, "line {line:?}");
    let head = line.split('\0').next().unwrap_or_default();
    assert_eq!(a.is_empty(), head.is_empty());
    let out: usize = a.iter().map(|x| x.chars().count()).sum();
    assert!(out <= head.chars().count(), "line {line:?}");
    a
}

/// `escape_arg`'s documented contract.
fn check_escape(s: &str) {
    let e = escape_arg(s);
    let special = s.contains(['"', '\\', ' ', '\t']);
    if s.is_empty() {
        assert_eq!(e, r#""""#);
    } else {
        assert_eq!(matches!(e, Cow::Borrowed(_)), !special, "{s:?}");
    }
    // Unchanged exactly when nothing needs quoting or a backslash; only then is
    // escaping idempotent (an escaped string holds a quote).
    let fixed = !s.is_empty() && !s.contains(['"', ' ', '\t']);
    assert_eq!(e == s, fixed, "{s:?}");
    assert_eq!(escape_arg(&e) == e, fixed, "{s:?} -> {e:?}");
    if s.contains(is_blank) {
        assert!(
            e.len() >= 2 && e.starts_with('"') && e.ends_with('"'),
            "{e:?}"
        );
    }
    let mut b = String::from("x ");
    append_escape_arg(&mut b, s);
    assert_eq!(b, format!("x {e}"));
    // Read back as a later argument, it is exactly `s`.
    assert_eq!(split_both(&format!("p {e}")), ["p", s], "{s:?} -> {e:?}");
}

/// Whether `make_cmd_line` keeps `argv[0]`: the program name is read back
/// without escapes (to the next quote if quoted, else to a blank), so it
/// survives unless it holds a quote, or a blank and a trailing backslash (which
/// gets doubled before the closing quote).
fn argv0_round_trips(s: &str) -> bool {
    let quoted_with_trailing_backslash = s.contains(is_blank) && s.ends_with('\\');
    !s.contains('"') && !quoted_with_trailing_backslash
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut pieces = text.split('\x1f').map(|p| p.replace('\0', ""));
    let argv0 = pieces.next().unwrap_or_default();
    let args: Vec<String> = pieces.collect();
    check_escape(&argv0);
    for a in &args {
        check_escape(a);
    }

    // A fixed program name and arbitrary arguments read back exactly.
    let mut argv = vec!["prog".to_string()];
    argv.extend(args.iter().cloned());
    let line = make_cmd_line(&argv);
    let joined: Vec<Cow<str>> = argv.iter().map(|a| escape_arg(a)).collect();
    assert_eq!(line, joined.join(" "));
    assert_eq!(split_both(&line), argv, "line {line:?}");

    // An arbitrary program name reads back whenever the rules allow it.
    argv[0] = argv0.clone();
    let line = make_cmd_line(&argv);
    let back = split_both(&line);
    if argv0_round_trips(&argv0) {
        assert_eq!(back, argv, "line {line:?}");
    }

    // Arbitrary text and units: never panics, both forms agree.
    split_both(&text);
    let units = units_le(data);
    let split = command_line_to_argv_utf16(&units);
    let head = until_nul(&units);
    assert_eq!(split.is_empty(), head.is_empty());
    assert!(split.iter().map(Vec::len).sum::<usize>() <= head.len());
    if let Ok(s) = String::from_utf16(head) {
        let want: Vec<Vec<u16>> = command_line_to_argv(&s).iter().map(|a| utf16(a)).collect();
        assert_eq!(split, want);
    }
});
