//! Environment blocks: the `"K=V\0K=V\0\0"` UTF-16 form `CreateProcessW` takes
//! and `GetEnvironmentStringsW` gives.
//!
//! Go: `createEnvBlock` and `envSorted` (`exec_windows.go`, unexported, used by
//! `StartProcess`), and the block parsing inside `Environ` (`env_windows.go`).
//! Portable: nothing here calls Windows.
//!
//! Entries may be given as `&str`, `String`, `&OsStr`, `OsString` (anything
//! `AsRef<OsStr>`).

use crate::errno::{Errno, Result};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::ffi::OsStr;

/// The sort key of an entry: its bytes before the first `=` (an entry without
/// `=` has Go's nil key, which compares equal to an empty key).
fn env_key(entry: &[u8]) -> &[u8] {
    match entry.iter().position(|&b| b == b'=') {
        Some(i) => &entry[..i],
        None => &[],
    }
}

/// Go's comparison: keys byte by byte with ASCII letters uppercased.
fn env_cmp(a: &OsStr, b: &OsStr) -> Ordering {
    let (ka, kb) = (env_key(a.as_encoded_bytes()), env_key(b.as_encoded_bytes()));
    ka.iter()
        .map(u8::to_ascii_uppercase)
        .cmp(kb.iter().map(u8::to_ascii_uppercase))
}

/// The entries in the order Windows wants an environment block in: by name
/// (the text before the first `=`), ignoring ASCII case; the original case is kept.
///
/// Go (unexported): `envSorted`, as `StartProcess` applies it before
/// `createEnvBlock`. As in Go, an entry without `=` has an empty key and sorts
/// first (so do the hidden `=C:=C:\dir` entries, whose name before the first `=`
/// is empty), an already sorted slice comes back as it is (borrowed, not
/// copied), and duplicate names are kept. Difference from Go: the sort is stable
/// (Go's is not), so entries with equal keys keep their relative order and the
/// result is deterministic.
///
/// ```
/// use winsyscall::env_sorted;
/// assert_eq!(env_sorted(&["c=3", "B=2", "a=1"]).as_ref(), ["a=1", "B=2", "c=3"]);
/// ```
#[doc(alias = "envSorted")]
pub fn env_sorted<S: AsRef<OsStr> + Clone>(env: &[S]) -> Cow<'_, [S]> {
    let cmp = |a: &S, b: &S| env_cmp(a.as_ref(), b.as_ref());
    if env
        .windows(2)
        .all(|w| cmp(&w[0], &w[1]) != Ordering::Greater)
    {
        return Cow::Borrowed(env);
    }
    let mut v = env.to_vec();
    v.sort_by(cmp);
    Cow::Owned(v)
}

/// Appends the UTF-16 form of `s` the way Go's `createEnvBlock` does: valid UTF-8
/// as is, each invalid byte as U+FFFD (Go's `for _, c := range s`).
#[cfg_attr(windows, allow(dead_code))] // used off Windows (and by the tests)
fn push_go_runes(bytes: &[u8], out: &mut Vec<u16>) {
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.extend(s.encode_utf16());
                return;
            }
            Err(e) => {
                let good = e.valid_up_to();
                // SAFETY: from_utf8 reported `rest[..good]` as valid UTF-8.
                out.extend(unsafe { std::str::from_utf8_unchecked(&rest[..good]) }.encode_utf16());
                // Go decodes every byte of an invalid sequence as its own U+FFFD.
                let bad = e.error_len().unwrap_or(rest.len() - good);
                out.extend(std::iter::repeat_n(0xFFFD, bad));
                rest = &rest[good + bad..];
            }
        }
    }
}

/// Appends the UTF-16 units of one entry.
fn push_entry(s: &OsStr, out: &mut Vec<u16>) {
    #[cfg(windows)]
    {
        use std::os::windows::ffi::OsStrExt;
        out.extend(s.encode_wide());
    }
    #[cfg(not(windows))]
    push_go_runes(s.as_encoded_bytes(), out);
}

/// Encodes environment entries (`"KEY=value"`) into a block for `CreateProcessW`
/// (with `CREATE_UNICODE_ENVIRONMENT`): each entry NUL-terminated, then one more
/// NUL. The entries are taken in the order given; see [`create_sorted_env_block`]
/// for what `StartProcess` passes.
///
/// Go (unexported): `createEnvBlock`. As in Go:
/// * no entries give `"\0\0"` (a child started with it has an EMPTY environment);
/// * an entry holding a NUL gives `EINVAL`;
/// * entries are plain UTF-16: a `&str` is encoded as is, and raw bytes (an
///   `OsStr` off Windows) that are not UTF-8 become one U+FFFD per bad byte;
/// * names are not checked and duplicates are not removed.
///
/// Difference from Go: on Windows an `OsStr` is encoded losslessly (a lone
/// surrogate read from the environment stays that surrogate; Go would turn its
/// WTF-8 bytes into three U+FFFD).
///
/// ```
/// use winsyscall::create_env_block;
/// let b = create_env_block(&["A=1", "B="]).unwrap();
/// assert_eq!(b, [0x41, 0x3D, 0x31, 0, 0x42, 0x3D, 0, 0]);
/// assert_eq!(create_env_block::<&str>(&[]).unwrap(), [0, 0]);
/// assert!(create_env_block(&["A=\0"]).is_err());
/// ```
#[doc(alias = "createEnvBlock")]
pub fn create_env_block<S: AsRef<OsStr>>(env: &[S]) -> Result<Vec<u16>> {
    if env.is_empty() {
        return Ok(vec![0, 0]);
    }
    let mut len = 1;
    for s in env {
        let b = s.as_ref().as_encoded_bytes();
        if b.contains(&0) {
            return Err(Errno::EINVAL);
        }
        len += b.len() + 1;
    }
    let mut out = Vec::with_capacity(len);
    for s in env {
        push_entry(s.as_ref(), &mut out);
        out.push(0);
    }
    out.push(0);
    Ok(out)
}

/// [`env_sorted`] then [`create_env_block`]: the block Go's `StartProcess` hands
/// to `CreateProcessW`.
pub fn create_sorted_env_block<S: AsRef<OsStr> + Clone>(env: &[S]) -> Result<Vec<u16>> {
    create_env_block(&env_sorted(env))
}

/// Splits an environment block into its entries' UTF-16 units (without their
/// NULs), borrowing from `block`.
///
/// The rule is Go's `Environ`: entries end at each NUL and the list ends at the
/// first empty entry (so `[0]` is an empty environment, and anything after the
/// terminator is ignored). Beyond Go: a block that ends before that empty entry
/// (no final terminator) is rejected with `EINVAL` instead of being over-read.
///
/// ```
/// use winsyscall::parse_env_block_wide;
/// assert_eq!(parse_env_block_wide(&[0x41, 0, 0x42, 0, 0]).unwrap(), [&[0x41][..], &[0x42][..]]);
/// assert!(parse_env_block_wide(&[0x41, 0]).is_err()); // no final NUL
/// ```
pub fn parse_env_block_wide(block: &[u16]) -> Result<Vec<&[u16]>> {
    let mut entries = Vec::new();
    let mut rest = block;
    loop {
        let end = rest.iter().position(|&u| u == 0).ok_or(Errno::EINVAL)?;
        if end == 0 {
            return Ok(entries);
        }
        entries.push(&rest[..end]);
        rest = &rest[end + 1..];
    }
}

/// Parses an environment block into `String`s (unpaired surrogates become
/// U+FFFD; see [`parse_env_block_wide`] for the exact units). `EINVAL` if the
/// block lacks its final terminator.
///
/// Go: the parsing step of `syscall.Environ` (which decodes with `UTF16ToString`,
/// keeping unpaired surrogates as WTF-8 — a `String` cannot).
///
/// ```
/// use winsyscall::parse_env_block;
/// let block = winsyscall::create_env_block(&["=C:=C:\\x", "PATH=a;b"]).unwrap();
/// assert_eq!(parse_env_block(&block).unwrap(), ["=C:=C:\\x", "PATH=a;b"]);
/// ```
pub fn parse_env_block(block: &[u16]) -> Result<Vec<String>> {
    Ok(parse_env_block_wide(block)?
        .into_iter()
        .map(String::from_utf16_lossy)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::ffi::OsString;

    /// Go's TestEnvBlockSorted table.
    #[test]
    fn go_env_block_sorted_table() {
        let cases: &[(&[&str], &[&str])] = &[
            (&[], &[]),
            (&["A=1"], &["A=1"]),
            (&["A=1", "B=2", "C=3"], &["A=1", "B=2", "C=3"]),
            (&["C=3", "B=2", "A=1"], &["A=1", "B=2", "C=3"]),
            (&["c=3", "B=2", "a=1"], &["a=1", "B=2", "c=3"]),
        ];
        for (input, want) in cases {
            assert_eq!(env_sorted(input).as_ref(), *want, "{input:?}");
        }
    }

    #[test]
    fn sorted_input_is_borrowed_and_keys_are_before_first_equals() {
        let env = ["A=1", "b=2"];
        assert!(matches!(env_sorted(&env), Cow::Borrowed(_)));
        assert!(matches!(env_sorted(&["b=2", "A=1"]), Cow::Owned(_)));
        // No '=' (nil key) and the hidden "=C:" entries (empty key) come first;
        // the key stops at the first '=' ("A" < "A_B"), '_' (0x5F) sorts after
        // uppercase letters but a lowercase letter compares as its capital.
        let got = env_sorted(&["a_b=1", "A=x=y", "noequals", "=C:=C:\\", "Z=", "a=0"]);
        assert_eq!(
            got.as_ref(),
            ["noequals", "=C:=C:\\", "A=x=y", "a=0", "a_b=1", "Z="]
        );
        // Stable: equal keys keep their order.
        assert_eq!(
            env_sorted(&["k=2", "K=1", "a=0"]).as_ref(),
            ["a=0", "k=2", "K=1"]
        );
        // OsString entries work alike.
        let os: Vec<OsString> = vec!["B=1".into(), "a=2".into()];
        assert_eq!(
            env_sorted(&os).as_ref(),
            [OsString::from("a=2"), OsString::from("B=1")]
        );
    }

    #[test]
    fn block_encoding_as_go() {
        assert_eq!(create_env_block::<&str>(&[]).unwrap(), [0, 0]);
        assert_eq!(create_env_block(&[""]).unwrap(), [0, 0]);
        assert_eq!(
            create_env_block(&["A=1"]).unwrap(),
            [0x41, 0x3D, 0x31, 0, 0]
        );
        assert_eq!(
            create_env_block(&["X=😃é"]).unwrap(),
            [0x58, 0x3D, 0xD83D, 0xDE03, 0xE9, 0, 0]
        );
        assert_eq!(create_env_block(&["A=1", "A\0=2"]), Err(Errno::EINVAL));
        assert_eq!(create_env_block(&["\0"]), Err(Errno::EINVAL));
        // Order is kept; sorting is create_sorted_env_block's job.
        assert_eq!(
            create_env_block(&["b=", "A="]).unwrap(),
            [0x62, 0x3D, 0, 0x41, 0x3D, 0, 0]
        );
        assert_eq!(
            create_sorted_env_block(&["b=", "A="]).unwrap(),
            [0x41, 0x3D, 0, 0x62, 0x3D, 0, 0]
        );
        assert_eq!(create_sorted_env_block::<&str>(&[]).unwrap(), [0, 0]);
    }

    #[test]
    fn invalid_bytes_become_one_replacement_each() {
        let mut v = Vec::new();
        push_go_runes(b"a\xe3\x81b\xff\xed\xa0\x80\xe3\x81", &mut v);
        assert_eq!(
            v,
            [
                0x61, 0xFFFD, 0xFFFD, 0x62, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD
            ]
        );
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let e = OsStr::from_bytes(b"K=\xff");
            assert_eq!(create_env_block(&[e]).unwrap(), [0x4B, 0x3D, 0xFFFD, 0, 0]);
            // A sequence cut short by the end of the entry, after valid text:
            // one U+FFFD per byte, as Go's `range` decodes it.
            let e = OsStr::from_bytes(b"K=\xe3\x81");
            assert_eq!(
                create_env_block(&[e]).unwrap(),
                [0x4B, 0x3D, 0xFFFD, 0xFFFD, 0, 0]
            );
        }
    }

    #[test]
    fn parse_rejects_missing_terminator() {
        assert_eq!(parse_env_block(&[]), Err(Errno::EINVAL));
        assert_eq!(parse_env_block(&[0x41]), Err(Errno::EINVAL));
        assert_eq!(parse_env_block(&[0x41, 0]), Err(Errno::EINVAL));
        assert_eq!(parse_env_block(&[0x41, 0, 0x42]), Err(Errno::EINVAL));
        assert_eq!(parse_env_block(&[0]).unwrap(), Vec::<String>::new());
        assert_eq!(parse_env_block(&[0, 0]).unwrap(), Vec::<String>::new());
        // Stops at the first empty entry, ignoring what follows (as Go).
        assert_eq!(parse_env_block(&[0x41, 0, 0, 0x42, 0, 0]).unwrap(), ["A"]);
        // Unpaired surrogates: lossy in String, exact in the wide form.
        assert_eq!(
            parse_env_block(&[0xD800, 0x61, 0, 0]).unwrap(),
            ["\u{FFFD}a"]
        );
        assert_eq!(
            parse_env_block_wide(&[0xD800, 0x61, 0, 0]).unwrap(),
            [&[0xD800, 0x61][..]]
        );
    }

    fn entry() -> impl Strategy<Value = String> {
        // Non-empty, no NUL; any Unicode, '=' included.
        "[^\u{0}]{1,12}"
    }

    proptest! {
        #[test]
        fn block_round_trips(env in proptest::collection::vec(entry(), 0..8)) {
            let block = create_env_block(&env).unwrap();
            prop_assert_eq!(*block.last().unwrap(), 0);
            prop_assert_eq!(parse_env_block(&block).unwrap(), env.clone());
            // A block cut anywhere before its end is rejected, never over-read.
            if !env.is_empty() {
                for cut in 0..block.len() - 1 {
                    prop_assert_eq!(parse_env_block(&block[..cut]), Err(Errno::EINVAL));
                }
            }
        }

        #[test]
        fn sorted_is_a_sorted_permutation(env in proptest::collection::vec("[a-zA-Z_=]{0,4}", 0..10)) {
            let s = env_sorted(&env);
            let mut a = env.clone();
            let mut b = s.to_vec();
            a.sort();
            b.sort();
            prop_assert_eq!(a, b);
            for w in s.windows(2) {
                prop_assert!(env_cmp(w[0].as_ref(), w[1].as_ref()) != Ordering::Greater);
            }
            // Sorting twice changes nothing and borrows.
            prop_assert!(matches!(env_sorted(&s), Cow::Borrowed(_)));
        }
    }
}
