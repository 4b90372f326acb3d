//! Socket addresses: `sockaddr_from_bytes` and `RawSockaddrAny` on arbitrary
//! bytes against a reference decoder; every decoded address re-encodes
//! (`to_raw`) to bytes that decode to itself, and converts to `std::net` and
//! back; addresses built from the input encode and decode as documented.
//!
//! The checks live in `winsyscall_fuzz::sockaddr` so that `cargo test` replays the
//! stored corpus through them too.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| winsyscall_fuzz::sockaddr::check(data));
