//! Environment blocks: parsing arbitrary units against a reference (an
//! unterminated block is `EINVAL`, never an over-read); `create_env_block`
//! then parsing gives the entries back; `env_sorted` is a stable sort by
//! Go's key.
//!
//! Input: the bytes as little-endian UTF-16 units are a block to parse; as
//! (lossy) UTF-8 text, the pieces between `\x1f` are entries for
//! `create_env_block` (NULs kept: they must give `EINVAL`); as raw byte pieces
//! between `\x1f`, `OsStr` entries.

#[cfg(unix)]
use super::ref_go_runes_to_utf16;
use super::units_le;
use std::borrow::Cow;
use winsyscall::{
    Errno, create_env_block, create_sorted_env_block, env_sorted, parse_env_block,
    parse_env_block_wide,
};

/// Go's `Environ` loop: an entry starts at 0 and after each NUL; the list ends
/// at the first empty entry; without one the block is unterminated.
fn reference(block: &[u16]) -> Result<Vec<&[u16]>, Errno> {
    let mut entries = Vec::new();
    let mut start = 0;
    for (i, &u) in block.iter().enumerate() {
        if u != 0 {
            continue;
        }
        if i == start {
            return Ok(entries);
        }
        entries.push(&block[start..i]);
        start = i + 1;
    }
    Err(Errno::EINVAL)
}

fn check_parse(block: &[u16]) {
    let got = parse_env_block_wide(block);
    assert_eq!(got, reference(block), "block {block:04x?}");
    let strings = parse_env_block(block);
    match &got {
        Ok(e) => {
            let want: Vec<String> = e.iter().map(|x| String::from_utf16_lossy(x)).collect();
            assert_eq!(strings, Ok(want));
        }
        Err(e) => assert_eq!(strings, Err(*e)),
    }
}

/// Go's sort key: the bytes before the first `=` (none: empty), ASCII
/// uppercased.
fn key(s: &str) -> Vec<u8> {
    match s.find('=') {
        Some(i) => s[..i].bytes().map(|b| b.to_ascii_uppercase()).collect(),
        None => Vec::new(),
    }
}

/// Checks one input (the fuzz target's body; also replayed over the stored
/// corpus by the crate's `tests/fuzz_corpus.rs`).
pub fn check(data: &[u8]) {
    // Arbitrary units, and a prefix the input picks.
    let units = units_le(data);
    let pick = data.first().map_or(0, |&b| usize::from(b));
    check_parse(&units);
    check_parse(&units[..pick % (units.len() + 1)]);

    // Strings: EINVAL for a NUL; otherwise the exact layout, and parsing gives
    // the entries back up to the first empty one (which ends a block).
    let text = String::from_utf8_lossy(data);
    let entries: Vec<String> = if data.is_empty() {
        Vec::new()
    } else {
        text.split('\x1f').map(str::to_string).collect()
    };
    let block = create_env_block(&entries);
    if entries.iter().any(|e| e.contains('\0')) {
        assert_eq!(block, Err(Errno::EINVAL));
    } else {
        let block = block.unwrap();
        let mut want: Vec<u16> = entries
            .iter()
            .flat_map(|e| e.encode_utf16().chain([0]))
            .collect();
        want.push(0);
        if entries.is_empty() {
            want = vec![0, 0];
        }
        assert_eq!(block, want);
        let kept = entries
            .iter()
            .position(String::is_empty)
            .unwrap_or(entries.len());
        assert_eq!(parse_env_block(&block), Ok(entries[..kept].to_vec()));
        check_parse(&block);
        if kept == entries.len() && !entries.is_empty() {
            // No empty entry: every proper prefix lacks the terminator.
            assert_eq!(
                parse_env_block(&block[..block.len() - 1]),
                Err(Errno::EINVAL)
            );
            let cut = pick % block.len();
            assert_eq!(parse_env_block_wide(&block[..cut]), Err(Errno::EINVAL));
        }

        // env_sorted: std's stable sort by Go's key; sorted input is borrowed.
        let sorted = env_sorted(&entries);
        let mut want = entries.clone();
        want.sort_by_key(|e| key(e));
        assert_eq!(sorted.as_ref(), &want[..]);
        assert!(matches!(env_sorted(&sorted), Cow::Borrowed(_)));
        if want == entries {
            assert!(matches!(sorted, Cow::Borrowed(_)));
        }
        assert_eq!(create_sorted_env_block(&entries), create_env_block(&want));
    }

    // Raw bytes (an OsStr off Windows): Go's rune-by-rune encoding.
    #[cfg(unix)]
    {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let byte_entries: Vec<&[u8]> = if data.is_empty() {
            Vec::new()
        } else {
            data.split(|&b| b == 0x1f).collect()
        };
        let os: Vec<&OsStr> = byte_entries.iter().map(|b| OsStr::from_bytes(b)).collect();
        let block = create_env_block(&os);
        if byte_entries.iter().any(|b| b.contains(&0)) {
            assert_eq!(block, Err(Errno::EINVAL));
        } else if os.is_empty() {
            assert_eq!(block, Ok(vec![0, 0]));
        } else {
            let mut want: Vec<u16> = byte_entries
                .iter()
                .flat_map(|b| ref_go_runes_to_utf16(b).into_iter().chain([0]))
                .collect();
            want.push(0);
            assert_eq!(block, Ok(want));
        }
    }
}
