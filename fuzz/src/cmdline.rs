//! Command lines: `make_cmd_line` then `command_line_to_argv` gives the
//! arguments back; `escape_arg`'s documented properties; the splitter on
//! arbitrary text and UTF-16 (never panics, the `&str` and UTF-16 forms agree).
//! An independent reader of Windows' rules (shell32's `CommandLineToArgvW` and the
//! C runtime's, as Microsoft documents them) checks the splitter on every input,
//! and that everything `make_cmd_line`/`escape_arg` write reads back under both.
//!
//! Input: bytes read as (lossy) UTF-8 text whose pieces between `\x1f` (unit
//! separator) are `argv[0]` and the arguments (NULs dropped); the same text is
//! split as a raw command line, and the bytes as little-endian UTF-16 units.

use super::{units_le, until_nul};
use std::borrow::Cow;
use winsyscall::{
    append_escape_arg, command_line_to_argv, command_line_to_argv_utf16, escape_arg, make_cmd_line,
};

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
    // The crate claims shell32's exact rules: the independent reader agrees.
    assert_eq!(a, split_str(ref_shell32_split, line), "line {line:?}");
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
    // Read back as a later argument, it is exactly `s`, under every set of rules.
    assert_eq!(split_both(&format!("p {e}")), ["p", s], "{s:?} -> {e:?}");
    reads_back_everywhere(&format!("p {e}"), &["p".to_string(), s.to_string()]);
}

/// Whether `make_cmd_line` keeps `argv[0]`: the program name is read back
/// without escapes (to the next quote if quoted, else to a blank), so it
/// survives unless it holds a quote, or a blank and a trailing backslash (which
/// gets doubled before the closing quote).
fn argv0_round_trips(s: &str) -> bool {
    let quoted_with_trailing_backslash = s.contains(is_blank) && s.ends_with('\\');
    !s.contains('"') && !quoted_with_trailing_backslash
}

/// Checks one input (the fuzz target's body; also replayed over the stored
/// corpus by the crate's `tests/fuzz_corpus.rs`).
pub fn check(data: &[u8]) {
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
    reads_back_everywhere(&line, &argv);

    // An arbitrary program name reads back whenever the rules allow it.
    argv[0] = argv0.clone();
    let line = make_cmd_line(&argv);
    let back = split_both(&line);
    if argv0_round_trips(&argv0) {
        assert_eq!(back, argv, "line {line:?}");
        reads_back_everywhere(&line, &argv);
    }

    // Arbitrary text and units: never panics, both forms agree.
    split_both(&text);
    let units = units_le(data);
    let split = command_line_to_argv_utf16(&units);
    assert_eq!(split, ref_shell32_split(&units), "units {units:04x?}");
    let head = until_nul(&units);
    assert_eq!(split.is_empty(), head.is_empty());
    assert!(split.iter().map(Vec::len).sum::<usize>() <= head.len());
    if let Ok(s) = String::from_utf16(head) {
        let want: Vec<Vec<u16>> = command_line_to_argv(&s).iter().map(|a| utf16(a)).collect();
        assert_eq!(split, want);
    }
}

// ---- An independent reading of the rules, on UTF-16 units ----------------------
//
// Written from Microsoft's documentation ("Parsing C++ command-line arguments" for
// the C runtime, `CommandLineToArgvW` for shell32), not from the crate: each rule is
// one branch below. Both readers stop at the first NUL, as Windows reads a C string.

const SPACE: u16 = b' ' as u16;
const TAB: u16 = b'\t' as u16;
const QUOTE: u16 = b'"' as u16;
const BACKSLASH: u16 = b'\\' as u16;

fn blank(u: u16) -> bool {
    u == SPACE || u == TAB
}

/// The program name as shell32 reads it: no escapes at all; a leading quote runs to
/// the next quote (or the end), otherwise the name runs to the first blank. Returns
/// the name and where the rest starts.
fn shell32_program_name(s: &[u16]) -> (Vec<u16>, usize) {
    if s.first() == Some(&QUOTE) {
        let end = s[1..]
            .iter()
            .position(|&u| u == QUOTE)
            .map_or(s.len(), |p| p + 1);
        (s[1..end].to_vec(), (end + 1).min(s.len()))
    } else {
        let end = s.iter().position(|&u| blank(u)).unwrap_or(s.len());
        (s[..end].to_vec(), end)
    }
}

/// The program name as the C runtime (2008 and later) reads it: quotes toggle a
/// quoted part and are dropped, a blank outside quotes ends the name, backslashes
/// are plain characters.
fn ucrt_program_name(s: &[u16]) -> (Vec<u16>, usize) {
    let mut name = Vec::new();
    let mut quoted = false;
    let mut i = 0;
    while i < s.len() && (quoted || !blank(s[i])) {
        if s[i] == QUOTE {
            quoted = !quoted;
        } else {
            name.push(s[i]);
        }
        i += 1;
    }
    (name, i)
}

/// The later arguments. Blanks outside quotes separate them; a run of `n`
/// backslashes before a quote gives `n / 2` backslashes, and the quote is literal
/// when `n` is odd, else it opens or closes a quoted part; backslashes not before a
/// quote are literal. A doubled quote inside a quoted part gives one literal quote:
/// shell32 then leaves the quoted part (`keep_quoting == false`), the C runtime
/// stays in it (`true`). An unterminated quoted part runs to the end.
fn later_arguments(s: &[u16], mut i: usize, keep_quoting: bool, out: &mut Vec<Vec<u16>>) {
    loop {
        while i < s.len() && blank(s[i]) {
            i += 1;
        }
        if i == s.len() {
            return;
        }
        let mut arg = Vec::new();
        let mut quoted = false;
        while i < s.len() && (quoted || !blank(s[i])) {
            match s[i] {
                BACKSLASH => {
                    let n = s[i..].iter().take_while(|&&u| u == BACKSLASH).count();
                    i += n;
                    if s.get(i) == Some(&QUOTE) {
                        arg.extend(std::iter::repeat_n(BACKSLASH, n / 2));
                        if n % 2 == 1 {
                            arg.push(QUOTE);
                            i += 1;
                        }
                    } else {
                        arg.extend(std::iter::repeat_n(BACKSLASH, n));
                    }
                }
                QUOTE => {
                    if quoted && s.get(i + 1) == Some(&QUOTE) {
                        arg.push(QUOTE);
                        i += 2;
                        quoted = keep_quoting;
                    } else {
                        quoted = !quoted;
                        i += 1;
                    }
                }
                u => {
                    arg.push(u);
                    i += 1;
                }
            }
        }
        out.push(arg);
    }
}

/// shell32's `CommandLineToArgvW` (an empty line gives no arguments here, where
/// shell32 would answer the running program's path).
pub fn ref_shell32_split(line: &[u16]) -> Vec<Vec<u16>> {
    let s = until_nul(line);
    if s.is_empty() {
        return Vec::new();
    }
    let (name, rest) = shell32_program_name(s);
    let mut out = vec![name];
    later_arguments(s, rest, false, &mut out);
    out
}

/// The C runtime's `argv` (Microsoft's "Parsing C++ command-line arguments").
pub fn ref_ucrt_split(line: &[u16]) -> Vec<Vec<u16>> {
    let s = until_nul(line);
    if s.is_empty() {
        return Vec::new();
    }
    let (name, rest) = ucrt_program_name(s);
    let mut out = vec![name];
    later_arguments(s, rest, true, &mut out);
    out
}

fn split_str(split: fn(&[u16]) -> Vec<Vec<u16>>, line: &str) -> Vec<String> {
    split(&utf16(line))
        .iter()
        .map(|a| String::from_utf16(a).expect("a split of valid text is valid text"))
        .collect()
}

/// `line` reads back as `argv` under both sets of rules.
fn reads_back_everywhere(line: &str, argv: &[String]) {
    assert_eq!(
        split_str(ref_shell32_split, line),
        argv,
        "shell32 reads {line:?}"
    );
    assert_eq!(split_str(ref_ucrt_split, line), argv, "ucrt reads {line:?}");
}
