//! Command lines: `make_cmd_line` then `command_line_to_argv` gives the
//! arguments back; `escape_arg`'s documented properties; the splitter on
//! arbitrary text and UTF-16 (never panics, the `&str` and UTF-16 forms agree).
//!
//! Input: bytes read as (lossy) UTF-8 text whose pieces between `\x1f` (unit
//! separator) are `argv[0]` and the arguments (NULs dropped); the same text is
//! split as a raw command line, and the bytes as little-endian UTF-16 units.
//!
//! The checks live in `winsyscall_fuzz::cmdline` so that `cargo test` replays the
//! stored corpus through them too.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| winsyscall_fuzz::cmdline::check(data));
