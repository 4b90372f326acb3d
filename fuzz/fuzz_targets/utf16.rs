//! Go's WTF-8 ⇄ UTF-16 rules (`src/wstr.rs`) against the scalar reference in
//! `winsyscall_fuzz`: the input as bytes (encoding direction) and as
//! little-endian units (decoding direction), and the round trip between them.
//!
//! The checks live in `winsyscall_fuzz::utf16` so that `cargo test` replays the
//! stored corpus through them too.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| winsyscall_fuzz::utf16::check(data));
