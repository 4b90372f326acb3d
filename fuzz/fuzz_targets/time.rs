//! Time conversions, `WaitStatus` and `Signal` (`src/time.rs`, `src/wait.rs`)
//! against Go's arithmetic re-implemented here in exact 128-bit integers, with
//! Go's silent `int64`/`int32` wrapping applied explicitly (reduction mod 2^64 or
//! 2^32), so that a wrong formula or a wrong wrap fails as surely as a panic
//! (the target is built with debug assertions: an unintended overflow panics).
//!
//! Input: a sequence of fixed-size records (`Case`, 69 bytes, integers
//! little-endian, read with `arbitrary`; a short last record is zero-filled).
//!
//! The checks live in `winsyscall_fuzz::time` so that `cargo test` replays the
//! stored corpus through them too.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| winsyscall_fuzz::time::check(data));
