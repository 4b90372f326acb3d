//! UTF-16 encode/decode: winsyscall against std and (natively) simdutf.
//!
//! `cargo bench --bench utf16` (or `cargo xtask bench`). A small self-made
//! harness: every case times its contenders in turn, round after round, in the
//! same process; each round's sample is a batch of calls long enough to read a
//! clock over (about 0.2 ms). Reported: the median ns per call of each
//! contender, and the median of the per-round ratios (ours against each), with
//! the spread (interquartile range) of ours. Set `UTF16_BENCH_ROUNDS` to change
//! the number of rounds (default 101).
//!
//! Contenders:
//! * encode (`&str` → NUL-terminated UTF-16, NUL refused):
//!   ours = `WideArg::with_wide` (stack buffer below 264 units, heap above);
//!   std = `s.encode_utf16().collect::<Vec<u16>>()`, NUL check, push(0);
//!   simdutf = NUL check (`contains(&0)`) + `convert_utf8_to_utf16le` into a
//!   preallocated buffer, plus the terminator.
//! * decode (UTF-16 → `String`, stopping at the first NUL, lossy):
//!   ours = `utf16_to_string`; std = vectorised NUL search (`nul_pos`) +
//!   `String::from_utf16_lossy`;
//!   simdutf = the same NUL search + `convert_utf16le_to_utf8` into a new
//!   buffer of 3 bytes a unit, made a `String` (the same work: a new string).
//! * decode-into (the same, into a `String` of the caller's whose capacity
//!   is reused): ours = `clear` + `utf16_to_string_into`; std = the NUL
//!   search, `clear` + `extend` from `char::decode_utf16` (lossy); simdutf =
//!   the NUL search + `convert_utf16le_to_utf8` into a preallocated buffer.
//! * on Windows also decode to `OsString`: ours = `utf16_to_os_string`,
//!   std = `OsString::from_wide` (no simdutf there).

use std::hint::black_box;
use std::time::{Duration, Instant};
use winsyscall::{WideArg, utf16_to_string, utf16_to_string_into};

const SIZES: [usize; 4] = [16, 64, 256, 4096];

/// The three texts, as (name, repeating source).
const TEXTS: [(&str, &str); 3] = [
    (
        "ascii",
        "The quick brown fox jumps over the lazy dog; C:\\Windows\\System32\\drivers\\etc\\hosts. ",
    ),
    (
        "cjk",
        "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした所で",
    ),
    (
        "mixed",
        "Grüße, 世界! 😃 naïve café — 𝄞 music, Привет мир, 🎉 done. ",
    ),
];

/// `src` repeated and cut at a character boundary to at most `bytes` bytes.
fn text(src: &str, bytes: usize) -> String {
    let mut s = String::new();
    for c in src.chars().cycle() {
        if s.len() + c.len_utf8() > bytes {
            break;
        }
        s.push(c);
    }
    s
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn quartiles(v: &mut [f64]) -> (f64, f64) {
    v.sort_by(|a, b| a.total_cmp(b));
    (v[v.len() / 4], v[3 * v.len() / 4])
}

/// One contender: a name and a closure doing one call.
type Contender<'a> = (&'static str, Box<dyn FnMut() + 'a>);

/// Batch size so that one batch of `f` takes about `target`.
fn calibrate(f: &mut dyn FnMut(), target: Duration) -> u64 {
    let mut n = 1u64;
    loop {
        let t = Instant::now();
        for _ in 0..n {
            f();
        }
        let e = t.elapsed();
        if e >= target || n >= 1 << 30 {
            let per = e.as_secs_f64() / n as f64;
            return ((target.as_secs_f64() / per.max(1e-12)) as u64).max(1);
        }
        n *= 2;
    }
}

struct Row {
    case: String,
    ns: Vec<Option<f64>>,
    /// Median per-round ratio other/ours, per other contender.
    ratio: Vec<Option<f64>>,
    spread: f64,
}

fn measure(case: String, contenders: &mut [Contender], rounds: usize) -> Row {
    let target = Duration::from_micros(200);
    // Warm up (caches, allocator, frequency) and size the batches.
    let batches: Vec<u64> = contenders
        .iter_mut()
        .map(|(_, f)| calibrate(f.as_mut(), target))
        .collect();
    let mut samples = vec![Vec::with_capacity(rounds); contenders.len()];
    for _ in 0..rounds {
        for (k, (_, f)) in contenders.iter_mut().enumerate() {
            let t = Instant::now();
            for _ in 0..batches[k] {
                f();
            }
            samples[k].push(t.elapsed().as_secs_f64() * 1e9 / batches[k] as f64);
        }
    }
    let ours = samples[0].clone();
    let mut ns = Vec::new();
    let mut ratio = Vec::new();
    for s in &samples {
        let mut r: Vec<f64> = s.iter().zip(&ours).map(|(o, u)| o / u).collect();
        ratio.push(Some(median(&mut r)));
        ns.push(Some(median(&mut s.clone())));
    }
    let (q1, q3) = quartiles(&mut ours.clone());
    let spread = (q3 - q1) / ns[0].unwrap() * 100.0;
    Row {
        case,
        ns,
        ratio,
        spread,
    }
}

/// Where the first NUL unit is (or the length): the peers' NUL search, written so
/// that LLVM vectorises it (16 units compared at once, then the exact position
/// inside the first block that has one), so every contender gets the best tool
/// for that step rather than a unit-by-unit scan.
fn nul_pos(u: &[u16]) -> usize {
    let mut chunks = u.chunks_exact(16);
    let mut base = 0;
    for c in &mut chunks {
        if c.iter().fold(false, |a, &x| a | (x == 0)) {
            return base + c.iter().position(|&x| x == 0).unwrap_or(16);
        }
        base += 16;
    }
    base + chunks
        .remainder()
        .iter()
        .position(|&x| x == 0)
        .unwrap_or(chunks.remainder().len())
}

fn main() {
    // `cargo bench` passes `--bench`; a filter word selects cases.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let rounds: usize = std::env::var("UTF16_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(101);
    let mut rows = Vec::new();
    for (name, src) in TEXTS {
        for size in SIZES {
            let s = text(src, size);
            let units: Vec<u16> = s.encode_utf16().collect();
            // --- encode
            let case = format!("encode {name} {size} B");
            if filter.as_ref().is_none_or(|f| case.contains(f.as_str())) {
                let mut c: Vec<Contender> = Vec::new();
                let st = s.as_str();
                // Same answer from every contender before timing.
                let mut want: Vec<u16> = st.encode_utf16().collect();
                want.push(0);
                assert_eq!(st.with_wide(|w| w.to_vec()).unwrap(), want);
                c.push((
                    "ours",
                    Box::new(move || {
                        let r = black_box(st).with_wide(|w| {
                            black_box(w);
                        });
                        black_box(r).unwrap();
                    }),
                ));
                c.push((
                    "std",
                    Box::new(move || {
                        let st = black_box(st);
                        let mut v: Vec<u16> = st.encode_utf16().collect();
                        assert!(!v.contains(&0));
                        v.push(0);
                        black_box(v);
                    }),
                ));
                #[cfg(not(windows))]
                {
                    let mut buf = vec![0u16; st.len() + 1];
                    c.push((
                        "simdutf",
                        Box::new(move || {
                            let st = black_box(st);
                            assert!(!st.as_bytes().contains(&0));
                            // SAFETY: `buf` holds st.len() + 1 units, the most
                            // UTF-16 needs for st.len() bytes, plus the NUL.
                            let n = unsafe {
                                simdutf::convert_utf8_to_utf16le(
                                    st.as_ptr(),
                                    st.len(),
                                    buf.as_mut_ptr(),
                                )
                            };
                            buf[n] = 0;
                            black_box(&mut buf);
                        }),
                    ));
                }
                rows.push(measure(case, &mut c, rounds));
            }
            // --- decode to String
            let case = format!("decode {name} {size} B");
            if filter.as_ref().is_none_or(|f| case.contains(f.as_str())) {
                let mut c: Vec<Contender> = Vec::new();
                let u = units.as_slice();
                assert_eq!(utf16_to_string(u), s);
                c.push((
                    "ours",
                    Box::new(move || {
                        black_box(utf16_to_string(black_box(u)));
                    }),
                ));
                c.push((
                    "std",
                    Box::new(move || {
                        let u = black_box(u);
                        let n = nul_pos(u);
                        black_box(String::from_utf16_lossy(&u[..n]));
                    }),
                ));
                #[cfg(not(windows))]
                c.push((
                    "simdutf",
                    Box::new(move || {
                        // The same work as ours: a new `String` of the text.
                        let u = black_box(u);
                        let n = nul_pos(u);
                        let mut v = Vec::<u8>::with_capacity(3 * n);
                        // SAFETY: `v` has room for 3 bytes a unit, UTF-8's most;
                        // simdutf writes `m` bytes of valid UTF-8 (the input is
                        // valid UTF-16), so they are initialised and a `str`.
                        let s = unsafe {
                            let m = simdutf::convert_utf16le_to_utf8(u.as_ptr(), n, v.as_mut_ptr());
                            v.set_len(m);
                            String::from_utf8_unchecked(v)
                        };
                        black_box(s);
                    }),
                ));
                rows.push(measure(case, &mut c, rounds));
            }
            // --- decode into a caller's String (capacity reused)
            let case = format!("decode-into {name} {size} B");
            if filter.as_ref().is_none_or(|f| case.contains(f.as_str())) {
                let mut c: Vec<Contender> = Vec::new();
                let u = units.as_slice();
                let mut ours = String::new();
                utf16_to_string_into(u, &mut ours);
                assert_eq!(ours, s);
                c.push((
                    "ours",
                    Box::new(move || {
                        ours.clear();
                        utf16_to_string_into(black_box(u), &mut ours);
                        black_box(&mut ours);
                    }),
                ));
                let mut out = String::with_capacity(3 * u.len());
                c.push((
                    "std",
                    Box::new(move || {
                        let u = black_box(u);
                        let n = nul_pos(u);
                        out.clear();
                        out.extend(
                            char::decode_utf16(u[..n].iter().copied())
                                .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)),
                        );
                        black_box(&mut out);
                    }),
                ));
                #[cfg(not(windows))]
                {
                    let mut buf = vec![0u8; 3 * u.len()];
                    c.push((
                        "simdutf",
                        Box::new(move || {
                            let u = black_box(u);
                            let n = nul_pos(u);
                            // SAFETY: `buf` holds 3 bytes a unit, UTF-8's most.
                            let m = unsafe {
                                simdutf::convert_utf16le_to_utf8(u.as_ptr(), n, buf.as_mut_ptr())
                            };
                            black_box(&buf[..m]);
                        }),
                    ));
                }
                rows.push(measure(case, &mut c, rounds));
            }
            // --- decode to OsString (Windows)
            #[cfg(windows)]
            {
                use std::ffi::OsString;
                use std::os::windows::ffi::OsStringExt;
                let case = format!("decode-os {name} {size} B");
                if filter.as_ref().is_none_or(|f| case.contains(f.as_str())) {
                    let mut c: Vec<Contender> = Vec::new();
                    let u = units.as_slice();
                    assert_eq!(winsyscall::utf16_to_os_string(u), OsString::from(&s));
                    c.push((
                        "ours",
                        Box::new(move || {
                            black_box(winsyscall::utf16_to_os_string(black_box(u)));
                        }),
                    ));
                    c.push((
                        "std",
                        Box::new(move || {
                            let u = black_box(u);
                            let n = nul_pos(u);
                            black_box(OsString::from_wide(&u[..n]));
                        }),
                    ));
                    rows.push(measure(case, &mut c, rounds));
                }
            }
        }
    }
    print_table(&rows, rounds);
}

fn print_table(rows: &[Row], rounds: usize) {
    let f = |x: Option<f64>, prec: usize| x.map_or("-".to_string(), |v| format!("{v:.prec$}"));
    println!("\nUTF-16 bench: median of {rounds} rounds; ratios are medians of per-round ratios.");
    #[cfg(target_arch = "x86_64")]
    {
        let avx2 = std::arch::is_x86_feature_detected!("avx2");
        println!(
            "ours: {} kernels (runtime detection).",
            if avx2 { "AVX2" } else { "SSE2" }
        );
        #[cfg(not(windows))]
        match std::env::var("SIMDUTF_FORCE_IMPLEMENTATION") {
            Ok(v) => println!("simdutf: forced to its `{v}` kernel."),
            Err(_) => {
                let icelake = std::arch::is_x86_feature_detected!("avx512vbmi2");
                println!(
                    "simdutf: its best kernel for this CPU ({}); SIMDUTF_FORCE_IMPLEMENTATION=haswell \
                     selects its AVX2 one.",
                    if icelake {
                        "AVX-512: icelake"
                    } else {
                        "haswell or older"
                    }
                );
            }
        }
    }
    println!("speedup = std ns / ours ns; vs simdutf = simdutf ns / ours ns (> 1: ours faster).\n");
    println!(
        "| case | ours ns | spread | std ns | simdutf ns | ours/std speedup | ours/simdutf ratio |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let simd_ns = r.ns.get(2).copied().flatten();
        let simd_ratio = r.ratio.get(2).copied().flatten();
        println!(
            "| {} | {} | ±{:.0}% | {} | {} | {}× | {} |",
            r.case,
            f(r.ns[0], 1),
            r.spread / 2.0,
            f(r.ns[1], 1),
            f(simd_ns, 1),
            f(r.ratio[1], 1),
            simd_ratio.map_or("-".to_string(), |v| format!("{v:.2}×")),
        );
    }
}
