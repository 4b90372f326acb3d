//! The two things every safe access to a view rests on: the pages are there
//! and allow the access (`VirtualQuery`), and the bytes are copied with
//! atomic word operations, because the memory is shared with other views,
//! threads and processes that may write it at any time.

use core::sync::atomic::{AtomicUsize, Ordering, fence};
use windows_sys::Win32::System::Memory::{
    MEM_COMMIT, MEM_FREE, MEMORY_BASIC_INFORMATION, PAGE_GUARD, PAGE_NOCACHE, PAGE_WRITECOMBINE,
    VirtualQuery,
};

/// What a view allows, in increasing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Access {
    None,
    Read,
    Write,
}

impl Access {
    /// What a `FILE_MAP_*` mask allows: `FILE_MAP_WRITE` (also part of
    /// `FILE_MAP_ALL_ACCESS`) and `FILE_MAP_COPY` give read/write pages,
    /// `FILE_MAP_READ` read-only ones; anything else (0, `FILE_MAP_EXECUTE`
    /// alone) gives pages that cannot be read.
    pub(super) fn of_mask(access: u32) -> Access {
        if access & (super::FILE_MAP_WRITE | super::FILE_MAP_COPY) != 0 {
            Access::Write
        } else if access & super::FILE_MAP_READ != 0 {
            Access::Read
        } else {
            Access::None
        }
    }

    /// What a committed page of protection `protect` (a `PAGE_*` value with its
    /// modifiers) allows. `PAGE_GUARD` allows nothing: touching it raises an
    /// exception. `PAGE_NOCACHE`/`PAGE_WRITECOMBINE` change caching only on
    /// x86; elsewhere (ARM64) whether compare-exchange, which `store` needs
    /// for partly covered words, works on such memory is up to the hardware,
    /// so those pages are only read.
    fn of_protection(protect: u32) -> Access {
        if protect & PAGE_GUARD != 0 {
            return Access::None;
        }
        let uncached = protect & (PAGE_NOCACHE | PAGE_WRITECOMBINE) != 0;
        if uncached && cfg!(not(any(target_arch = "x86", target_arch = "x86_64"))) {
            return Access::of_protection(protect & 0xFF).min(Access::Read);
        }
        match protect & 0xFF {
            super::PAGE_READWRITE
            | super::PAGE_WRITECOPY
            | super::PAGE_EXECUTE_READWRITE
            | super::PAGE_EXECUTE_WRITECOPY => Access::Write,
            super::PAGE_READONLY | super::PAGE_EXECUTE_READ => Access::Read,
            // PAGE_NOACCESS, PAGE_EXECUTE, and anything unknown.
            _ => Access::None,
        }
    }
}

fn query(addr: *const u8) -> Option<MEMORY_BASIC_INFORMATION> {
    // SAFETY: plain data; all-zero is valid.
    let mut mbi: MEMORY_BASIC_INFORMATION = unsafe { core::mem::zeroed() };
    // SAFETY: VirtualQuery only reads the address space's bookkeeping, never
    // `addr` itself; `mbi` is writable and its size is passed.
    let n = unsafe {
        VirtualQuery(
            addr.cast(),
            &mut mbi,
            core::mem::size_of::<MEMORY_BASIC_INFORMATION>(),
        )
    };
    (n != 0).then_some(mbi)
}

/// The length of the view mapped at `base` (whole pages): the regions
/// `VirtualQuery` reports as belonging to that allocation, committed or only
/// reserved (a `SEC_RESERVE` section), with any protections (a `SEC_IMAGE`
/// view has one region per section of the image). `None` if `base` itself
/// cannot be queried.
pub(super) fn view_extent(base: *const u8) -> Option<usize> {
    let mut len = 0usize;
    loop {
        let Some(mbi) = query(base.wrapping_add(len)) else {
            return (len != 0).then_some(len);
        };
        if mbi.AllocationBase.cast_const() != base.cast() || mbi.State == MEM_FREE {
            return (len != 0).then_some(len);
        }
        let region_end = (mbi.BaseAddress.addr() + mbi.RegionSize).wrapping_sub(base.addr());
        if region_end <= len {
            return Some(len); // no progress: stop rather than loop
        }
        len = region_end;
    }
}

/// Whether every page holding a byte of `[start, start + len)` belongs to the
/// view mapped at `base`, is committed, and allows `need`, checked region by
/// region with `VirtualQuery`. An empty range touches no page.
pub(super) fn pages_allow(base: *const u8, start: *const u8, len: usize, need: Access) -> bool {
    let end = start.addr().saturating_add(len);
    let mut at = start.addr();
    while at < end {
        let Some(mbi) = query(start.wrapping_add(at - start.addr())) else {
            return false;
        };
        if mbi.AllocationBase.cast_const() != base.cast()
            || mbi.State != MEM_COMMIT
            || Access::of_protection(mbi.Protect) < need
        {
            return false;
        }
        let next = mbi.BaseAddress.addr().saturating_add(mbi.RegionSize);
        if next <= at {
            return false;
        }
        at = next;
    }
    true
}

const WORD: usize = core::mem::size_of::<usize>();

/// The aligned machine word holding the byte at `p`, and `p`'s index in it.
///
/// The word never leaves `p`'s page (pages are multiples of the word size and
/// start aligned), so it is accessible whenever that page is.
fn word_of(p: *mut u8) -> (*mut usize, usize) {
    let skip = p.addr() % WORD;
    (p.wrapping_sub(skip).cast(), skip)
}

/// Copies `dst.len()` bytes from `src` into `dst`, reading the shared memory
/// only with relaxed atomic loads of the aligned words holding those bytes,
/// then an acquire fence.
///
/// # Safety
/// Every page holding a byte of `[src, src + dst.len())` is committed and
/// readable for the duration of the call, and nothing accesses those words
/// non-atomically or with atomics of another size. (Relaxed word-sized atomic
/// loads do not write, so read-only pages are fine.)
pub(super) unsafe fn load(src: *mut u8, dst: &mut [u8]) {
    let mut i = 0;
    while i < dst.len() {
        let (word, skip) = word_of(src.wrapping_add(i));
        let take = (WORD - skip).min(dst.len() - i);
        // SAFETY: `word` is aligned and lies in a committed readable page (per
        // the caller); all accesses to it through this module are atomic and
        // word-sized.
        let w = unsafe { AtomicUsize::from_ptr(word) }.load(Ordering::Relaxed);
        dst[i..i + take].copy_from_slice(&w.to_ne_bytes()[skip..skip + take]);
        i += take;
    }
    fence(Ordering::Acquire);
}

/// Copies `src` into the shared memory at `dst`: a release fence, then one
/// relaxed atomic store per aligned word wholly inside the range, and a
/// compare-exchange loop for a word the range only partly covers, so that its
/// other bytes (which others may be writing) are never overwritten with stale
/// values.
///
/// # Safety
/// Every page holding a byte of `[dst, dst + src.len())` is committed and
/// writable for the duration of the call, and nothing accesses those words
/// non-atomically or with atomics of another size.
pub(super) unsafe fn store(dst: *mut u8, src: &[u8]) {
    fence(Ordering::Release);
    let mut i = 0;
    while i < src.len() {
        let (word, skip) = word_of(dst.wrapping_add(i));
        let take = (WORD - skip).min(src.len() - i);
        // SAFETY: as in `load`, and the page is writable (per the caller).
        let a = unsafe { AtomicUsize::from_ptr(word) };
        if take == WORD {
            let mut b = [0u8; WORD];
            b.copy_from_slice(&src[i..i + WORD]);
            a.store(usize::from_ne_bytes(b), Ordering::Relaxed);
        } else {
            let mut cur = a.load(Ordering::Relaxed);
            loop {
                let mut b = cur.to_ne_bytes();
                b[skip..skip + take].copy_from_slice(&src[i..i + take]);
                let new = usize::from_ne_bytes(b);
                match a.compare_exchange_weak(cur, new, Ordering::Relaxed, Ordering::Relaxed) {
                    Ok(_) => break,
                    Err(seen) => cur = seen,
                }
            }
        }
        i += take;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        PAGE_EXECUTE_READ, PAGE_EXECUTE_READWRITE, PAGE_EXECUTE_WRITECOPY, PAGE_READONLY,
        PAGE_READWRITE, PAGE_WRITECOPY,
    };

    #[test]
    fn page_protections_allow_what_they_say() {
        use Access::*;
        for (protect, want) in [
            (0x01, None), // PAGE_NOACCESS
            (0x10, None), // PAGE_EXECUTE: not readable
            (0, None),    // reserved pages report no protection
            (PAGE_READONLY, Read),
            (PAGE_EXECUTE_READ, Read),
            (PAGE_READWRITE, Write),
            (PAGE_WRITECOPY, Write),
            (PAGE_EXECUTE_READWRITE, Write),
            (PAGE_EXECUTE_WRITECOPY, Write),
            (PAGE_READWRITE | PAGE_GUARD, None),
            (PAGE_READONLY | PAGE_GUARD, None),
            (PAGE_NOCACHE | PAGE_READONLY, Read),
        ] {
            assert_eq!(Access::of_protection(protect), want, "{protect:#x}");
        }
        let uncached_rw = if cfg!(any(target_arch = "x86", target_arch = "x86_64")) {
            Write
        } else {
            Read
        };
        assert_eq!(
            Access::of_protection(PAGE_READWRITE | PAGE_NOCACHE),
            uncached_rw
        );
        assert_eq!(
            Access::of_protection(PAGE_READWRITE | PAGE_WRITECOMBINE),
            uncached_rw
        );
        assert_eq!(Access::of_mask(0), None);
        assert_eq!(Access::of_mask(crate::FILE_MAP_EXECUTE), None);
        assert_eq!(
            Access::of_mask(crate::FILE_MAP_READ | crate::FILE_MAP_EXECUTE),
            Read
        );
        assert_eq!(Access::of_mask(crate::FILE_MAP_COPY), Write);
        assert_eq!(Access::of_mask(0xF001F), Write); // FILE_MAP_ALL_ACCESS
    }

    #[test]
    fn copies_round_trip_at_every_alignment() {
        // Ordinary (non-shared) memory: the copy logic itself, at every head
        // and tail alignment.
        let mut backing = vec![0usize; 8];
        let base = backing.as_mut_ptr().cast::<u8>();
        let total = backing.len() * WORD;
        for off in 0..WORD * 2 {
            for n in 0..total - off {
                let data: Vec<u8> = (0..n)
                    .map(|k| (k as u8).wrapping_mul(7) ^ off as u8)
                    .collect();
                // SAFETY: `base + off .. + n` is inside `backing`, used only here.
                unsafe { store(base.wrapping_add(off), &data) };
                let mut back = vec![0u8; n];
                // SAFETY: as above.
                unsafe { load(base.wrapping_add(off), &mut back) };
                assert_eq!(back, data, "offset {off} len {n}");
            }
        }
        // Bytes outside the written range keep their values.
        backing.fill(usize::MAX);
        let base = backing.as_mut_ptr().cast::<u8>();
        // SAFETY: bytes 3..13 of `backing`.
        unsafe { store(base.wrapping_add(3), &[0; 10]) };
        let mut all = vec![0u8; total];
        // SAFETY: all of `backing`.
        unsafe { load(base, &mut all) };
        assert!(all[..3].iter().all(|&b| b == 0xFF));
        assert!(all[3..13].iter().all(|&b| b == 0));
        assert!(all[13..].iter().all(|&b| b == 0xFF));
    }
}
