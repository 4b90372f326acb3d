//! Command lines: Go's `EscapeArg` and `makeCmdLine`, and their inverse, a
//! pure-Rust twin of Windows' `CommandLineToArgvW`.
//!
//! Windows hands a new process one string, not an argument vector. Go's
//! `StartProcess` builds that string with `makeCmdLine` (each argument escaped
//! by `appendEscapeArg`, joined by single spaces); the child splits it again,
//! usually with the shell32/C runtime rules. [`command_line_to_argv`] applies
//! those rules in portable code, so that
//! `command_line_to_argv(&make_cmd_line(&args)) == args` can be checked (and
//! fuzzed) on any system. On Windows the real shell32 call is available as
//! `command_line_to_argv_w`.
//!
//! Portable: no system call is made here.

use std::borrow::Cow;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

/// A command-line argument for [`escape_arg`], [`append_escape_arg`] and
/// [`make_cmd_line`]: text (`str`, `String`, `Cow<str>`) or an OS string
/// (`OsStr`, `OsString`, `Path`, `PathBuf`, `Cow<OsStr>`), or a reference to
/// one.
///
/// Text escapes to text (`Cow<str>`, `String`), so `&str` callers get
/// `&str`-like results. An OS string escapes to an OS string, losslessly: on
/// Windows an unpaired surrogate (which no `str` can hold) is kept as it is;
/// elsewhere any bytes are. The escaping rules look only at `"`, `\`, space
/// and tab, so both kinds give the same result for the same text.
///
/// Sealed: implemented for the types above only.
pub trait CmdArg: sealed::Sealed {
    /// `str` for text, `OsStr` for OS strings and paths.
    type Text: ?Sized + sealed::Text;

    /// The argument as [`Self::Text`](CmdArg::Text).
    fn as_text(&self) -> &Self::Text;
}

mod sealed {
    use std::borrow::Cow;

    pub trait Sealed {}

    /// `str` and `OsStr`: what an argument escapes to, and how.
    pub trait Text: ToOwned<Owned: Default> {
        /// [`escape_arg`](super::escape_arg) for this kind of text.
        fn escape(&self) -> Cow<'_, Self>;
        /// [`append_escape_arg`](super::append_escape_arg) for this kind.
        fn append_escaped(b: &mut Self::Owned, s: &Self);
        /// Appends the single space between two arguments.
        fn push_space(b: &mut Self::Owned);
    }
}

macro_rules! cmd_arg {
    ($text:ty: $($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl CmdArg for $t {
            type Text = $text;
            fn as_text(&self) -> &$text {
                self.as_ref()
            }
        }
    )*};
}
cmd_arg!(str: str, String, Cow<'_, str>);
cmd_arg!(OsStr: OsStr, OsString, Path, PathBuf, Cow<'_, OsStr>);

impl<T: CmdArg + ?Sized> sealed::Sealed for &T {}
impl<T: CmdArg + ?Sized> CmdArg for &T {
    type Text = T::Text;
    fn as_text(&self) -> &T::Text {
        (**self).as_text()
    }
}

/// The four units escaping looks at.
fn is_special(b: u8) -> bool {
    matches!(b, b'"' | b'\\' | b' ' | b'\t')
}

impl sealed::Text for str {
    fn escape(&self) -> Cow<'_, str> {
        if self.is_empty() {
            return Cow::Borrowed(r#""""#);
        }
        if !self.bytes().any(is_special) {
            return Cow::Borrowed(self);
        }
        let mut b = String::with_capacity(self.len() + 2);
        append_escaped_units(&mut b, self.chars());
        Cow::Owned(b)
    }

    fn append_escaped(b: &mut String, s: &str) {
        if !s.is_empty() && !s.bytes().any(is_special) {
            b.push_str(s);
        } else {
            append_escaped_units(b, s.chars());
        }
    }

    fn push_space(b: &mut String) {
        b.push(' ');
    }
}

impl sealed::Text for OsStr {
    fn escape(&self) -> Cow<'_, OsStr> {
        // In the platform's encoding of an `OsStr` (a superset of UTF-8) an
        // ASCII byte is always that ASCII character.
        let bytes = self.as_encoded_bytes();
        if bytes.is_empty() {
            return Cow::Borrowed(OsStr::new(r#""""#));
        }
        if !bytes.iter().copied().any(is_special) {
            return Cow::Borrowed(self);
        }
        let mut b = OsString::with_capacity(bytes.len() + 2);
        Self::append_escaped(&mut b, self);
        Cow::Owned(b)
    }

    fn append_escaped(b: &mut OsString, s: &OsStr) {
        match s.to_str() {
            Some(t) => b.push(&*sealed::Text::escape(t)),
            None => b.push(escape_os_units(s)),
        }
    }

    fn push_space(b: &mut OsString) {
        b.push(" ");
    }
}

/// Escapes an OS string that is not valid Unicode, unit by unit: UTF-16 on
/// Windows (unpaired surrogates kept), bytes on Unix.
#[cfg(windows)]
fn escape_os_units(s: &OsStr) -> OsString {
    use std::os::windows::ffi::{OsStrExt, OsStringExt};
    let mut out: Vec<u16> = Vec::new();
    append_escaped_units(&mut out, s.encode_wide());
    OsString::from_wide(&out)
}

/// Escapes an OS string that is not valid Unicode, unit by unit: UTF-16 on
/// Windows (unpaired surrogates kept), bytes on Unix.
#[cfg(unix)]
fn escape_os_units(s: &OsStr) -> OsString {
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    let mut out: Vec<u8> = Vec::new();
    append_escaped_units(&mut out, s.as_bytes().iter().copied());
    OsString::from_vec(out)
}

/// Elsewhere an `OsStr` that is not valid Unicode has no portable units; it is
/// escaped as its lossy text.
#[cfg(not(any(windows, unix)))]
fn escape_os_units(s: &OsStr) -> OsString {
    OsString::from(sealed::Text::escape(&*s.to_string_lossy()).into_owned())
}

/// Where escaped units go: a `String` (chars) or a `Vec` of units.
trait Sink {
    type U: Unit;
    fn put(&mut self, u: Self::U);
}

impl Sink for String {
    type U = char;
    fn put(&mut self, c: char) {
        self.push(c);
    }
}

impl<T: Unit> Sink for Vec<T> {
    type U = T;
    fn put(&mut self, u: T) {
        self.push(u);
    }
}

/// Go's `appendEscapeArg` on any code unit: the one escaping algorithm.
fn append_escaped_units<O: Sink>(b: &mut O, s: impl Iterator<Item = O::U> + Clone) {
    let (mut any, mut needs_backslash, mut has_space) = (false, false, false);
    for c in s.clone() {
        any = true;
        if c == O::U::QUOTE || c == O::U::BACKSLASH {
            needs_backslash = true;
        } else if c.is_blank() {
            has_space = true;
        }
    }
    if !any {
        b.put(O::U::QUOTE);
        b.put(O::U::QUOTE);
        return;
    }
    if has_space {
        b.put(O::U::QUOTE);
    }
    // Count the run of backslashes; a quote doubles the run and gets its own.
    let mut slashes = 0usize;
    for c in s {
        if needs_backslash {
            if c == O::U::BACKSLASH {
                slashes += 1;
            } else if c == O::U::QUOTE {
                for _ in 0..=slashes {
                    b.put(O::U::BACKSLASH);
                }
                slashes = 0;
            } else {
                slashes = 0;
            }
        }
        b.put(c);
    }
    if has_space {
        for _ in 0..slashes {
            b.put(O::U::BACKSLASH);
        }
        b.put(O::U::QUOTE);
    }
}

/// Go: `syscall.EscapeArg`: escapes one argument the way the Microsoft C
/// runtime and `CommandLineToArgvW` read it back.
///
/// * An empty string becomes `""` (two double quotes).
/// * A string without `"`, `\`, space or tab is returned unchanged (borrowed).
/// * Otherwise: every `"` gets a backslash in front, and the backslashes right
///   before it are doubled; when the string holds a space or a tab it is
///   wrapped in double quotes and the backslashes right before the closing
///   quote are doubled. Backslashes elsewhere are kept as they are.
///
/// Only space and tab cause quoting, exactly as in Go (a newline does not).
///
/// Text (`&str`, `String`) gives `Cow<str>`; an OS string or a path gives
/// `Cow<OsStr>`, losslessly (see [`CmdArg`]). Go's `string` may hold any
/// bytes; so may the `OsStr` form.
///
/// ```
/// use winsyscall::escape_arg;
/// use std::ffi::OsStr;
/// use std::path::Path;
/// assert_eq!(escape_arg(""), r#""""#);
/// assert_eq!(escape_arg(r"C:\dir"), r"C:\dir");
/// assert_eq!(escape_arg(r#"say "hi""#), r#""say \"hi\"""#);
/// assert_eq!(escape_arg(r"C:\Program Files\"), r#""C:\Program Files\\""#);
/// assert_eq!(escape_arg(Path::new(r"C:\Program Files\")), OsStr::new(r#""C:\Program Files\\""#));
/// ```
///
/// On Windows an unpaired surrogate survives:
///
/// ```
/// # #[cfg(windows)] {
/// use std::ffi::OsString;
/// use std::os::windows::ffi::{OsStrExt, OsStringExt};
/// let arg = OsString::from_wide(&[0xD800, 0x20]); // a lone surrogate, a space
/// let units: Vec<u16> = winsyscall::escape_arg(&arg).encode_wide().collect();
/// assert_eq!(units, [0x22, 0xD800, 0x20, 0x22]);
/// # }
/// ```
#[doc(alias = "EscapeArg")]
pub fn escape_arg<S: CmdArg + ?Sized>(s: &S) -> Cow<'_, S::Text> {
    sealed::Text::escape(s.as_text())
}

/// Go (unexported): `appendEscapeArg`: appends [`escape_arg`]`(s)` to `b` (a
/// `String` for text, an `OsString` for an OS string or a path).
#[doc(alias = "appendEscapeArg")]
pub fn append_escape_arg<S: CmdArg + ?Sized>(b: &mut <S::Text as ToOwned>::Owned, s: &S) {
    <S::Text as sealed::Text>::append_escaped(b, s.as_text());
}

/// Go (unexported): `makeCmdLine`: escapes every argument with
/// [`append_escape_arg`] and joins them with single spaces.
///
/// `argv[0]` is escaped by the same rules as the rest, as in Go. An empty
/// slice gives an empty string (which `start_process` passes as NULL). Text
/// arguments give a `String`; OS strings and paths an `OsString`, losslessly
/// (see [`CmdArg`]).
///
/// ```
/// use winsyscall::make_cmd_line;
/// use std::ffi::OsString;
/// assert_eq!(make_cmd_line(&["prog", "a b", "", r#"q"q"#]), r#"prog "a b" "" q\"q"#);
/// let os = [OsString::from("prog"), OsString::from("a b")];
/// assert_eq!(make_cmd_line(&os), OsString::from(r#"prog "a b""#));
/// ```
#[doc(alias = "makeCmdLine")]
pub fn make_cmd_line<S: CmdArg>(args: &[S]) -> <S::Text as ToOwned>::Owned {
    let mut b = <S::Text as ToOwned>::Owned::default();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            <S::Text as sealed::Text>::push_space(&mut b);
        }
        append_escape_arg(&mut b, a);
    }
    b
}

/// A code unit the splitter and the escaper work on (`char` for `&str`, `u16`
/// for UTF-16, `u8` for the bytes of a Unix `OsStr`).
trait Unit: Copy + PartialEq {
    const BACKSLASH: Self;
    const QUOTE: Self;
    fn code(self) -> u32;
    fn is_blank(self) -> bool {
        matches!(self.code(), 0x20 | 0x09)
    }
}

impl Unit for char {
    const BACKSLASH: char = '\\';
    const QUOTE: char = '"';
    fn code(self) -> u32 {
        self as u32
    }
}

impl Unit for u8 {
    const BACKSLASH: u8 = b'\\';
    const QUOTE: u8 = b'"';
    fn code(self) -> u32 {
        self as u32
    }
}

impl Unit for u16 {
    const BACKSLASH: u16 = b'\\' as u16;
    const QUOTE: u16 = b'"' as u16;
    fn code(self) -> u32 {
        self as u32
    }
}

/// The shell32 `CommandLineToArgvW` splitting rules, on any code unit.
fn split<T: Unit>(s: &[T]) -> Vec<Vec<T>> {
    // The C string ends at its first NUL.
    let s = match s.iter().position(|u| u.code() == 0) {
        Some(n) => &s[..n],
        None => s,
    };
    let mut args = Vec::new();
    if s.is_empty() {
        return args;
    }
    let n = s.len();
    let mut i = 0;

    // argv[0], the program name: no escapes at all. Quoted, it runs to the
    // next quote whatever follows; unquoted, to the first space or tab.
    let mut arg0 = Vec::new();
    if s[0] == T::QUOTE {
        i = 1;
        while i < n && s[i] != T::QUOTE {
            arg0.push(s[i]);
            i += 1;
        }
        if i < n {
            i += 1; // the closing quote
        }
    } else {
        while i < n && !s[i].is_blank() {
            arg0.push(s[i]);
            i += 1;
        }
    }
    args.push(arg0);

    loop {
        while i < n && s[i].is_blank() {
            i += 1;
        }
        if i >= n {
            return args;
        }
        let mut cur = Vec::new();
        let mut in_quotes = false;
        while i < n {
            let c = s[i];
            if c.is_blank() && !in_quotes {
                break;
            }
            if c == T::BACKSLASH {
                let start = i;
                while i < n && s[i] == T::BACKSLASH {
                    i += 1;
                }
                let k = i - start;
                if i < n && s[i] == T::QUOTE {
                    // 2n (+1) backslashes and a quote: n backslashes, then a
                    // literal quote (odd) or a quote that toggles (even, handled
                    // on the next turn).
                    cur.extend(std::iter::repeat_n(T::BACKSLASH, k / 2));
                    if k % 2 == 1 {
                        cur.push(T::QUOTE);
                        i += 1;
                    }
                } else {
                    cur.extend(std::iter::repeat_n(T::BACKSLASH, k));
                }
                continue;
            }
            if c == T::QUOTE {
                i += 1;
                if !in_quotes {
                    in_quotes = true;
                } else if i < n && s[i] == T::QUOTE {
                    // `""` inside quotes: a literal quote, and the quoted part
                    // ends (shell32 and the pre-2008 C runtime).
                    cur.push(T::QUOTE);
                    i += 1;
                    in_quotes = false;
                } else {
                    in_quotes = false;
                }
                continue;
            }
            cur.push(c);
            i += 1;
        }
        args.push(cur);
    }
}

/// Go: `syscall.CommandLineToArgv` done in portable Rust: splits a command line
/// into arguments with the exact rules of shell32's `CommandLineToArgvW`.
///
/// * `argv[0]` is the program name and knows no escapes: if it starts with
///   `"` it runs to the next `"` (or the end); otherwise to the first space or
///   tab. The next argument starts right after it, past any spaces and tabs.
/// * Later arguments are separated by runs of spaces and tabs outside quotes.
///   `"` toggles quoting; `2n` backslashes before a `"` give `n` backslashes
///   (the quote toggles), `2n+1` give `n` backslashes and a literal `"`;
///   backslashes not before a `"` are literal; `""` inside quotes gives a
///   literal `"` and ends the quoted part.
/// * The string ends at its first NUL, like the C string Windows reads.
///
/// Differences: an empty command line gives no arguments here, while shell32
/// answers the path of the running program. Programs built with the C runtime
/// of 2008 and later (ucrt) read `""` inside quotes as a literal quote that
/// keeps the quoted part open, and let quotes in `argv[0]` toggle; the output
/// of [`make_cmd_line`] never contains either form, so it reads back the same
/// under every set of rules.
///
/// ```
/// use winsyscall::{command_line_to_argv, make_cmd_line};
/// let args = ["prog", r"C:\a b\", r#"x"y"#, ""];
/// assert_eq!(command_line_to_argv(&make_cmd_line(&args)), args);
/// assert_eq!(command_line_to_argv(r#""C:\x y\p.exe" a\\\"b "c d""#),
///            [r"C:\x y\p.exe", r#"a\"b"#, "c d"]);
/// ```
#[doc(alias = "CommandLineToArgv")]
#[doc(alias = "CommandLineToArgvW")]
pub fn command_line_to_argv(cmd: &str) -> Vec<String> {
    let chars: Vec<char> = cmd.chars().collect();
    split(&chars)
        .into_iter()
        .map(|a| a.into_iter().collect())
        .collect()
}

/// As [`command_line_to_argv`], on UTF-16 units (lone surrogates kept as they
/// are): the form Windows itself works on.
#[doc(alias = "CommandLineToArgvW")]
pub fn command_line_to_argv_utf16(cmd: &[u16]) -> Vec<Vec<u16>> {
    split(cmd)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Go's TestEscapeArg table (exec_windows_test.go), all 21 cases.
    const GO_ESCAPE_CASES: [(&str, &str); 21] = [
        ("", r#""""#),
        ("a", "a"),
        (" ", r#"" ""#),
        (r"\", r"\"),
        (r#"""#, r#"\""#),
        (r#"\""#, r#"\\\""#),
        (r#"\\""#, r#"\\\\\""#),
        (r"\\ ", r#""\\ ""#),
        (r" \\", r#"" \\\\""#),
        ("a ", r#""a ""#),
        (r"C:\", r"C:\"),
        (
            r"C:\Program Files (x32)\Common\",
            r#""C:\Program Files (x32)\Common\\""#,
        ),
        (r"C:\Users\Игорь\", r"C:\Users\Игорь\"),
        (r"Андрей\file", r"Андрей\file"),
        (r"C:\Windows\temp", r"C:\Windows\temp"),
        (r"c:\temp\newfile", r"c:\temp\newfile"),
        (r"\\?\C:\Windows", r"\\?\C:\Windows"),
        (r"\\?\", r"\\?\"),
        (r"\\.\C:\Windows\", r"\\.\C:\Windows\"),
        (r"\\server\share\file", r"\\server\share\file"),
        (
            r"\\newserver\tempshare\really.txt",
            r"\\newserver\tempshare\really.txt",
        ),
    ];

    #[test]
    fn go_escape_arg_table() {
        for (input, want) in GO_ESCAPE_CASES {
            assert_eq!(escape_arg(input), want, "EscapeArg({input:?})");
            let mut b = String::from("x");
            append_escape_arg(&mut b, input);
            assert_eq!(b, format!("x{want}"), "appendEscapeArg({input:?})");
        }
    }

    #[test]
    fn escape_arg_borrows_when_nothing_to_do_and_quotes_only_space_and_tab() {
        assert!(matches!(escape_arg("plain"), Cow::Borrowed("plain")));
        assert_eq!(escape_arg("a\tb"), "\"a\tb\"");
        assert_eq!(escape_arg("a\nb"), "a\nb");
        assert_eq!(escape_arg("a\u{0B}b"), "a\u{0B}b");
        // Backslashes not before a quote (nor before the closing quote) stay single.
        assert_eq!(escape_arg(r#"a\b"c\"#), r#"a\b\"c\"#);
        assert_eq!(escape_arg(r#"a b\c\""#), r#""a b\c\\\"""#);
    }

    #[test]
    fn make_cmd_line_joins_with_single_spaces() {
        assert_eq!(make_cmd_line::<&str>(&[]), "");
        assert_eq!(make_cmd_line(&[""]), r#""""#);
        assert_eq!(make_cmd_line(&["", ""]), r#""" """#);
        assert_eq!(
            make_cmd_line(&[String::from("a b"), String::from("c")]),
            r#""a b" c"#
        );
    }

    #[test]
    fn every_argument_kind_escapes_alike() {
        let want = r#""a \"b\" c\\""#;
        let s = r#"a "b" c\"#;
        assert_eq!(escape_arg(s), want);
        assert_eq!(escape_arg(&String::from(s)), want);
        assert_eq!(escape_arg(&Cow::Borrowed(s)), want);
        assert_eq!(escape_arg(OsStr::new(s)), OsStr::new(want));
        assert_eq!(escape_arg(&OsString::from(s)), OsStr::new(want));
        assert_eq!(escape_arg(Path::new(s)), OsStr::new(want));
        assert_eq!(escape_arg(&PathBuf::from(s)), OsStr::new(want));
        assert_eq!(escape_arg(&Cow::Borrowed(OsStr::new(s))), OsStr::new(want));
        // Borrowed when nothing changes, for OS strings too.
        assert!(matches!(escape_arg(OsStr::new("plain")), Cow::Borrowed(x) if x == "plain"));
        assert_eq!(escape_arg(OsStr::new("")), OsStr::new(r#""""#));
        let mut b = OsString::from("x");
        append_escape_arg(&mut b, Path::new("a b"));
        assert_eq!(b, OsString::from(r#"x"a b""#));
        let paths = [Path::new(r"C:\p.exe"), Path::new(r"C:\a b\")];
        assert_eq!(
            make_cmd_line(&paths),
            OsString::from(r#"C:\p.exe "C:\a b\\""#)
        );
        assert_eq!(make_cmd_line::<PathBuf>(&[]), OsString::new());
    }

    /// Bytes that are not UTF-8 (Unix) are kept, and escaped around.
    #[cfg(unix)]
    #[test]
    fn os_string_bytes_survive() {
        use std::os::unix::ffi::{OsStrExt, OsStringExt};
        let arg = OsStr::from_bytes(b"\xff \"\xfe\\");
        assert_eq!(escape_arg(arg).as_bytes(), b"\"\xff \\\"\xfe\\\\\"");
        let plain = OsStr::from_bytes(b"\xffx");
        assert!(matches!(escape_arg(plain), Cow::Borrowed(x) if x == plain));
        let line = make_cmd_line(&[OsString::from("p"), OsString::from_vec(vec![0x80, b' '])]);
        assert_eq!(line.as_bytes(), b"p \"\x80 \"");
    }

    /// Unpaired surrogates (Windows) are kept, and escaped around.
    #[cfg(windows)]
    #[test]
    fn os_string_surrogates_survive() {
        use std::os::windows::ffi::{OsStrExt, OsStringExt};
        let arg = OsString::from_wide(&[0xDC00, 0x20, 0x22, 0xD800, 0x5C]);
        let e: Vec<u16> = escape_arg(&arg).encode_wide().collect();
        assert_eq!(
            e,
            [0x22, 0xDC00, 0x20, 0x5C, 0x22, 0xD800, 0x5C, 0x5C, 0x22]
        );
        let plain = OsString::from_wide(&[0xD800, 0x61]);
        assert!(matches!(escape_arg(&plain), Cow::Borrowed(x) if x == plain));
        let line = make_cmd_line(&[OsString::from("p"), OsString::from_wide(&[0xD800, 0x20])]);
        let units: Vec<u16> = line.encode_wide().collect();
        assert_eq!(units, [0x70, 0x20, 0x22, 0xD800, 0x20, 0x22]);
        // Split again, the argument comes back unit for unit.
        let back = command_line_to_argv_utf16(&units);
        assert_eq!(back[1], [0xD800, 0x20]);
    }

    #[test]
    fn splits_like_shell32() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("p", &["p"]),
            ("   ", &[""]),
            ("p   ", &["p"]),
            ("p a  b\t\tc", &["p", "a", "b", "c"]),
            // argv[0]: quotes, no escapes; the next argument starts right after.
            (r#""a b"c d"#, &["a b", "c", "d"]),
            (r#""C:\dir\"x"#, &[r"C:\dir\", "x"]),
            (r#""unterminated"#, &["unterminated"]),
            (r#"a"b c"#, &[r#"a"b"#, "c"]),
            (r#"p\x "#, &[r"p\x"]),
            // Backslash rules.
            (r#"p a\\b"#, &["p", r"a\\b"]),
            (r#"p a\\\"b"#, &["p", r#"a\"b"#]),
            (r#"p a\\\\"b c" d"#, &["p", r"a\\b c", "d"]),
            (r#"p "a\\" b"#, &["p", r"a\", "b"]),
            (r#"p \"#, &["p", r"\"]),
            // Quotes.
            (r#"p "" """#, &["p", "", ""]),
            (r#"p a"b c"d"#, &["p", "ab cd"]),
            (r#"p "unterminated arg"#, &["p", "unterminated arg"]),
            // `""` inside quotes: a literal quote, and quoting ends.
            (r#"p "a""b c""#, &["p", r#"a"b"#, "c"]),
            (r#"p a"b"" c d"#, &["p", r#"ab""#, "c", "d"]),
            (r#"p """"#, &["p", r#"""#]),
            (r#"p """" x"#, &["p", r#"" x"#]),
            (r#"p """""" x"#, &["p", r#""""#, "x"]),
            // A NUL ends the string.
            ("p a\0b", &["p", "a"]),
        ];
        for (cmd, want) in cases {
            assert_eq!(command_line_to_argv(cmd), *want, "split({cmd:?})");
            let units: Vec<u16> = cmd.encode_utf16().collect();
            let got: Vec<String> = command_line_to_argv_utf16(&units)
                .iter()
                .map(|a| String::from_utf16(a).unwrap())
                .collect();
            assert_eq!(got, *want, "split_utf16({cmd:?})");
        }
    }

    #[test]
    fn utf16_keeps_lone_surrogates() {
        let cmd = [
            b'p' as u16,
            b' ' as u16,
            0xD800,
            b'"' as u16,
            b' ' as u16,
            0xDC00,
            b'"' as u16,
        ];
        assert_eq!(
            command_line_to_argv_utf16(&cmd),
            vec![vec![b'p' as u16], vec![0xD800, b' ' as u16, 0xDC00]]
        );
    }

    #[test]
    fn go_table_round_trips() {
        let mut args = vec!["prog".to_string()];
        args.extend(GO_ESCAPE_CASES.iter().map(|(i, _)| i.to_string()));
        assert_eq!(command_line_to_argv(&make_cmd_line(&args)), args);
    }

    fn arg_strategy() -> impl Strategy<Value = String> {
        prop_oneof![
            // Anything but NUL.
            "[^\\x00]{0,12}",
            // Dense in the characters that matter.
            prop::collection::vec(
                prop::sample::select(vec!['a', '\\', '"', ' ', '\t', '\n', 'é', '😃']),
                0..12
            )
            .prop_map(|v| v.into_iter().collect::<String>()),
        ]
    }

    proptest! {
        // Under Miri the case count comes from PROPTEST_CASES (default 256).
        #![proptest_config(ProptestConfig::with_cases(if cfg!(miri) { ProptestConfig::default().cases } else { 2000 }))]

        #[test]
        fn make_cmd_line_round_trips(args in prop::collection::vec(arg_strategy(), 0..6)) {
            let mut argv = vec!["prog".to_string()];
            argv.extend(args);
            let line = make_cmd_line(&argv);
            prop_assert_eq!(command_line_to_argv(&line), argv);
        }

        #[test]
        fn escape_arg_is_identity_iff_nothing_special(s in arg_strategy()) {
            let e = escape_arg(&s);
            // Borrowed exactly when nothing needs escaping.
            let plain = !s.is_empty() && !s.contains(['"', '\\', ' ', '\t']);
            if s.is_empty() {
                prop_assert_eq!(&*e, r#""""#);
            } else {
                prop_assert_eq!(matches!(e, Cow::Borrowed(_)), plain);
            }
            // Unchanged text exactly when there is no quote, space or tab.
            let same = !s.is_empty() && !s.contains(['"', ' ', '\t']);
            prop_assert_eq!(e == s.as_str(), same);
        }

        /// The unit escapers (used for OS strings that are not valid
        /// Unicode) agree with the text one.
        #[test]
        fn unit_escapers_agree_with_text(s in arg_strategy()) {
            let text = escape_arg(&s);
            let mut wide: Vec<u16> = Vec::new();
            append_escaped_units(&mut wide, s.encode_utf16());
            prop_assert_eq!(String::from_utf16(&wide).unwrap(), &*text);
            let mut bytes: Vec<u8> = Vec::new();
            append_escaped_units(&mut bytes, s.bytes());
            prop_assert_eq!(String::from_utf8(bytes).unwrap(), &*text);
        }

        #[test]
        fn split_never_panics_and_utf16_agrees(s in "[^\\x00]{0,24}") {
            let a = command_line_to_argv(&s);
            let units: Vec<u16> = s.encode_utf16().collect();
            let b: Vec<String> = command_line_to_argv_utf16(&units).iter().map(|a| String::from_utf16(a).unwrap()).collect();
            prop_assert_eq!(a, b);
        }
    }
}
