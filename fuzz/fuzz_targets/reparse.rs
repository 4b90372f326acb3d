//! `parse_reparse_buffer` on arbitrary bytes, against a field-by-field reference
//! parser; the Ok result's invariants (`to_bytes` round trip, Go's `Readlink`
//! rules); and the path rewrites of the same module on the bytes as UTF-16.
//!
//! The checks live in `winsyscall_fuzz::reparse` so that `cargo test` replays the
//! stored corpus through them too.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| winsyscall_fuzz::reparse::check(data));
