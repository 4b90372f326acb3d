//! Attacks on mapped views: safe `read_at`/`write_at` on memory that would
//! fault (a view mapped without read access, a read-only view, uncommitted
//! pages of a `SEC_RESERVE` section, the read-only and code pages of a
//! `SEC_IMAGE` view) must give `ERROR_NOACCESS` before touching memory, and
//! threads hammering the same bytes must see whole machine words, as
//! documented on `MappedView`.

use crate::in_child;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use winsyscall::*;

/// `CreateFileMapping` flags Go's `syscall` does not name (`winnt.h` values).
const SEC_IMAGE: u32 = 0x0100_0000;
const SEC_RESERVE: u32 = 0x0400_0000;

/// Maps a view, or — only for the two masks Windows might refuse outright —
/// returns `None` after checking the refusal is the parameter error.
fn map_or_refused(m: &std::os::windows::io::OwnedHandle, access: u32) -> Option<MappedView> {
    match map_view_of_file(m, access, 0, 0) {
        Ok(v) => Some(v),
        Err(e) => {
            assert_eq!(e, Errno::ERROR_INVALID_PARAMETER, "access {access:#x}");
            None
        }
    }
}

#[test]
fn view_without_read_access_refuses_reads() {
    in_child("mmap::view_without_read_access_refuses_reads", || {
        let m = create_file_mapping(None, PAGE_EXECUTE_READWRITE, 65536).unwrap();
        // Access 0 and FILE_MAP_EXECUTE alone map pages that cannot be read
        // (PAGE_NOACCESS under Wine): reading them faulted.
        for access in [0, FILE_MAP_EXECUTE] {
            let Some(v) = map_or_refused(&m, access) else {
                continue;
            };
            assert_eq!(v.len(), 65536);
            let mut b = [0u8; 16];
            assert_eq!(v.read_at(0, &mut b), Err(Errno::ERROR_NOACCESS));
            assert_eq!(v.read_at(65520, &mut b), Err(Errno::ERROR_NOACCESS));
            assert_eq!(v.write_at(0, b"x"), Err(Errno::ERROR_NOACCESS));
            // Bounds come first.
            assert_eq!(v.read_at(65530, &mut b), Err(Errno::EINVAL));
        }
    });
}

#[test]
fn read_only_view_refuses_writes() {
    in_child("mmap::read_only_view_refuses_writes", || {
        let m = create_file_mapping(None, PAGE_READWRITE, 65536).unwrap();
        let rw = map_view_of_file(&m, FILE_MAP_WRITE, 0, 0).unwrap();
        let ro = map_view_of_file(&m, FILE_MAP_READ, 0, 0).unwrap();
        rw.write_at(0, b"before").unwrap();
        assert_eq!(ro.write_at(0, b"after!"), Err(Errno::ERROR_NOACCESS));
        assert_eq!(ro.write_at(65535, b"z"), Err(Errno::ERROR_NOACCESS));
        assert_eq!(ro.write_at(0, b""), Err(Errno::ERROR_NOACCESS));
        let mut b = [0u8; 6];
        ro.read_at(0, &mut b).unwrap();
        assert_eq!(&b, b"before");
    });
}

#[test]
fn copy_on_write_view_writes_privately() {
    in_child("mmap::copy_on_write_view_writes_privately", || {
        let m = create_file_mapping(None, PAGE_READWRITE, 65536).unwrap();
        let shared = map_view_of_file(&m, FILE_MAP_WRITE, 0, 0).unwrap();
        let cow = map_view_of_file(&m, FILE_MAP_COPY, 0, 0).unwrap();
        shared.write_at(4096, b"shared").unwrap();
        cow.write_at(4099, b"private").unwrap();
        let mut b = [0u8; 10];
        cow.read_at(4096, &mut b).unwrap();
        assert_eq!(&b, b"shaprivate");
        shared.read_at(4096, &mut b).unwrap();
        assert_eq!(&b, b"shared\0\0\0\0");
    });
}

#[test]
fn reserved_section_pages_are_refused() {
    in_child("mmap::reserved_section_pages_are_refused", || {
        // A SEC_RESERVE section: its pages are only reserved until someone
        // commits them (VirtualAlloc, which safe code here cannot call).
        let m = create_file_mapping(None, PAGE_READWRITE | SEC_RESERVE, 3 * 65536).unwrap();
        let v = map_view_of_file(&m, FILE_MAP_WRITE, 0, 0).unwrap();
        assert_eq!(v.len(), 3 * 65536);
        let mut b = [0u8; 8];
        assert_eq!(v.read_at(0, &mut b), Err(Errno::ERROR_NOACCESS));
        assert_eq!(v.read_at(v.len() - 8, &mut b), Err(Errno::ERROR_NOACCESS));
        assert_eq!(v.write_at(65536 + 5, b"x"), Err(Errno::ERROR_NOACCESS));
        // An empty range touches no page; bounds still come first.
        assert_eq!(v.read_at(100, &mut []), Ok(()));
        assert_eq!(v.read_at(v.len() - 4, &mut b), Err(Errno::EINVAL));
        let ro = map_view_of_file(&m, FILE_MAP_READ, 0, 65536).unwrap();
        assert_eq!(ro.len(), 65536);
        assert_eq!(ro.read_at(4096, &mut b), Err(Errno::ERROR_NOACCESS));
    });
}

/// The parts of a PE file's headers the image test needs.
struct Pe {
    size_of_image: usize,
    size_of_headers: usize,
    section_alignment: usize,
    /// (virtual address, virtual size, characteristics), by address.
    sections: Vec<(usize, usize, u32)>,
}

const SCN_MEM_EXECUTE: u32 = 0x2000_0000;
const SCN_MEM_WRITE: u32 = 0x8000_0000;

fn parse_pe(file: &[u8]) -> Pe {
    let u16_at = |o: usize| u16::from_le_bytes([file[o], file[o + 1]]) as usize;
    let u32_at = |o: usize| u32::from_le_bytes(file[o..o + 4].try_into().unwrap());
    assert_eq!(&file[..2], b"MZ");
    let pe = u32_at(0x3C) as usize;
    assert_eq!(&file[pe..pe + 4], b"PE\0\0");
    let coff = pe + 4;
    let count = u16_at(coff + 2);
    let opt = coff + 20;
    let first = opt + u16_at(coff + 16);
    let mut sections: Vec<_> = (0..count)
        .map(|i| {
            let s = first + 40 * i;
            (
                u32_at(s + 12) as usize,
                u32_at(s + 8) as usize,
                u32_at(s + 36),
            )
        })
        .collect();
    sections.sort();
    Pe {
        section_alignment: u32_at(opt + 32) as usize,
        size_of_image: u32_at(opt + 56) as usize,
        size_of_headers: u32_at(opt + 60) as usize,
        sections,
    }
}

#[test]
fn image_view_follows_section_protections() {
    in_child("mmap::image_view_follows_section_protections", || {
        // The test binary itself, mapped as an image: headers read-only, code
        // execute-read, data write-copy.
        let exe = std::env::current_exe().unwrap();
        let bytes = std::fs::read(&exe).unwrap();
        let pe = parse_pe(&bytes);
        let f = std::fs::File::open(&exe).unwrap();
        let m = create_file_mapping(
            Some(std::os::windows::io::AsHandle::as_handle(&f)),
            PAGE_READONLY | SEC_IMAGE,
            0,
        )
        .unwrap();
        let v = map_view_of_file(&m, FILE_MAP_COPY, 0, 0).unwrap();
        // The whole image, not just the header region.
        assert_eq!(v.len(), pe.size_of_image.next_multiple_of(4096));
        let mut head = vec![0u8; pe.size_of_headers];
        v.read_at(0, &mut head).unwrap();
        assert_eq!(head, bytes[..pe.size_of_headers]);
        // Every page of the image is readable.
        let mut chunk = vec![0u8; 65536];
        let mut at = 0;
        while at < v.len() {
            let n = chunk.len().min(v.len() - at);
            v.read_at(at, &mut chunk[..n]).unwrap();
            at += n;
        }

        // Headers and code are not writable.
        assert_eq!(v.write_at(0, b"XX"), Err(Errno::ERROR_NOACCESS));
        let code = pe
            .sections
            .iter()
            .find(|s| s.2 & SCN_MEM_EXECUTE != 0 && s.2 & SCN_MEM_WRITE == 0)
            .expect("a code section");
        assert_eq!(
            v.write_at(code.0 + 16, &[0xCC; 4]),
            Err(Errno::ERROR_NOACCESS)
        );

        // A writable section followed directly by a read-only one: a write
        // across the boundary is refused as a whole, before any byte changes.
        let pair = pe
            .sections
            .windows(2)
            .find(|w| {
                w[0].2 & SCN_MEM_WRITE != 0
                    && w[1].2 & SCN_MEM_WRITE == 0
                    && (w[0].0 + w[0].1).next_multiple_of(pe.section_alignment) == w[1].0
            })
            .expect("a writable section followed by a read-only one");
        let edge = pair[1].0;
        let mut before = [0u8; 1];
        v.read_at(edge - 1, &mut before).unwrap();
        assert_eq!(
            v.write_at(edge - 1, &[before[0] ^ 0xFF, 0]),
            Err(Errno::ERROR_NOACCESS)
        );
        let mut after = [0u8; 1];
        v.read_at(edge - 1, &mut after).unwrap();
        assert_eq!(after, before);
        // The write-copy data section itself takes writes, into this view's
        // private copy: a FILE_MAP_READ view of the same image (which takes
        // no writes at all) does not see them.
        let ro = map_view_of_file(&m, FILE_MAP_READ, 0, 0).unwrap();
        assert_eq!(ro.len(), v.len());
        let mut orig = [0u8; 3];
        ro.read_at(edge - 3, &mut orig).unwrap();
        let mine = orig.map(|x| x ^ 0x5A);
        v.write_at(edge - 3, &mine).unwrap();
        let mut back = [0u8; 3];
        v.read_at(edge - 3, &mut back).unwrap();
        assert_eq!(back, mine);
        assert_eq!(ro.write_at(edge - 3, &mine), Err(Errno::ERROR_NOACCESS));
        ro.read_at(edge - 3, &mut back).unwrap();
        assert_eq!(back, orig);
    });
}

/// Bytes `offset..offset + LEN` of one 64 KiB section, written by two threads
/// with patterns of their own and read by two others, through two views.
/// `offset` 3 and `LEN` 61: a partly covered first word, six whole words, a
/// partly covered last word (the views start 64 KiB aligned).
const OFFSET: usize = 3;
const LEN: usize = 61;
const WORD: usize = std::mem::size_of::<usize>();

#[test]
fn concurrent_access_sees_whole_words() {
    let m = create_file_mapping(None, PAGE_READWRITE, 65536).unwrap();
    let a = map_view_of_file(&m, FILE_MAP_WRITE, 0, 0).unwrap();
    let b = map_view_of_file(&m, FILE_MAP_WRITE, 0, 0).unwrap();
    let stop = AtomicBool::new(false);
    let torn_across_words = AtomicU64::new(0);
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(1500);
    std::thread::scope(|s| {
        for (view, pats) in [(&a, [0xA1u8, 0xA2]), (&b, [0xB1, 0xB2])] {
            let stop = &stop;
            s.spawn(move || {
                let mut k = 0;
                while !stop.load(Ordering::Relaxed) {
                    view.write_at(OFFSET, &[pats[k % 2]; LEN]).unwrap();
                    k += 1;
                }
            });
        }
        // A third writer owns the bytes just outside the range, in the same
        // words, and counts up in them: a write of the range that put back a
        // stale copy of its neighbours would lose one of its counts.
        let stop3 = &stop;
        let a3 = &a;
        s.spawn(move || {
            let mut n: u32 = 0;
            let mut mine = [0u8; 3];
            while !stop3.load(Ordering::Relaxed) && n < 0xFF_FFFF {
                for at in [0, OFFSET + LEN] {
                    a3.read_at(at, &mut mine).unwrap();
                    assert_eq!(mine, n.to_le_bytes()[..3], "a count at {at} was lost");
                }
                n += 1;
                let c = n.to_le_bytes();
                a3.write_at(0, &c[..3]).unwrap();
                a3.write_at(OFFSET + LEN, &c[..3]).unwrap();
            }
        });
        for view in [&a, &b] {
            let (stop, torn) = (&stop, &torn_across_words);
            s.spawn(move || {
                let (mut last_lo, mut last_hi) = (0u32, 0u32);
                let mut buf = [0u8; OFFSET + LEN + 3];
                while !stop.load(Ordering::Relaxed) {
                    view.read_at(0, &mut buf).unwrap();
                    let r = &buf[OFFSET..OFFSET + LEN];
                    let mut seen = std::collections::BTreeSet::new();
                    // Each aligned word's share of the range comes whole from
                    // one write: bytes `p..end` of the view, `end` the next
                    // word boundary or the range's end.
                    let mut p = OFFSET;
                    while p < OFFSET + LEN {
                        let end = ((p / WORD + 1) * WORD).min(OFFSET + LEN);
                        let word = &buf[p..end];
                        assert!(
                            matches!(word[0], 0 | 0xA1 | 0xA2 | 0xB1 | 0xB2)
                                && word.iter().all(|&x| x == word[0]),
                            "torn inside the word at {p}: {word:02x?} in {r:02x?}"
                        );
                        seen.insert(word[0]);
                        p = end;
                    }
                    if seen.len() > 1 {
                        torn.fetch_add(1, Ordering::Relaxed);
                    }
                    let lo = u32::from_le_bytes([buf[0], buf[1], buf[2], 0]);
                    let hi = u32::from_le_bytes([buf[64], buf[65], buf[66], 0]);
                    assert!(
                        lo >= last_lo && hi >= last_hi,
                        "a neighbour's write was lost"
                    );
                    (last_lo, last_hi) = (lo, hi);
                }
            });
        }
        while std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        stop.store(true, Ordering::Relaxed);
    });
    // Not asserted (scheduling decides): how often a read caught two writes
    // in different words, i.e. how much the threads really overlapped.
    println!(
        "reads torn between words (allowed): {}",
        torn_across_words.load(Ordering::Relaxed)
    );
}
