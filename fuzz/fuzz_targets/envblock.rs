//! Environment blocks: parsing arbitrary units against a reference (an
//! unterminated block is `EINVAL`, never an over-read); `create_env_block`
//! then parsing gives the entries back; `env_sorted` is a stable sort by
//! Go's key.
//!
//! Input: the bytes as little-endian UTF-16 units are a block to parse; as
//! (lossy) UTF-8 text, the pieces between `\x1f` are entries for
//! `create_env_block` (NULs kept: they must give `EINVAL`); as raw byte pieces
//! between `\x1f`, `OsStr` entries.
//!
//! The checks live in `winsyscall_fuzz::envblock` so that `cargo test` replays the
//! stored corpus through them too.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| winsyscall_fuzz::envblock::check(data));
