//! Buffers of the size of the text: mappings of their own, one kept for reuse.
//!
//! A call copies the text a few times (each rule that changes it writes a new
//! copy and drops the old one), so its peak memory is what those buffers leave
//! resident.  glibc's `malloc` maps a large buffer of its own at first, but
//! when one is freed it raises its mapping threshold to that size and serves
//! the next ones from the heap, where a dropped buffer stays resident until
//! the memory above it is free too: the peak then counts copies already
//! dropped (4 MB of seed pages: up to 3.9x the input, against 2.3x for the
//! copies alive).  Mapping each buffer afresh instead costs a page fault per
//! 4 KiB, a fifth of the run.
//!
//! So every buffer of [`BIG`] bytes or more is a mapping of its own, and the
//! last one dropped is kept as the spare: the next big buffer reuses it,
//! already faulted in (a rule's output takes the place of the input of the
//! rule before), grown or cut to its size.  The spare is released before the
//! result is made ([`release`]); the buffer of the result becomes the spare
//! of the next call, unless it is large ([`trim`]).  Smaller buffers go to
//! the system allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ptr;
use std::sync::Mutex;

/// From this size on, a buffer is a mapping of its own.
const BIG: usize = 1 << 20;
/// `mmap` returns page-aligned memory; larger alignments go to the system.
const PAGE: usize = 4096;
/// A mapping starts with one page that holds its length; the buffer follows.
const HEADER: usize = PAGE;

fn is_big(size: usize, align: usize) -> bool {
    size >= BIG && align <= PAGE
}

/// The length of the mapping for a buffer of `size` bytes.
fn mapping_len(size: usize) -> Option<usize> {
    size.checked_add(HEADER + PAGE - 1).map(|n| n & !(PAGE - 1))
}

/// The spare mapping, as (start address, length).
static SPARE: Mutex<Option<(usize, usize)>> = Mutex::new(None);

fn spare() -> std::sync::MutexGuard<'static, Option<(usize, usize)>> {
    SPARE.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn unmap(base: usize, len: usize) {
    // SAFETY: (base, len) is a whole mapping made by `map` that nothing
    // refers to any more: the spare, or a buffer its owner dropped.
    unsafe { libc::munmap(base as *mut libc::c_void, len) };
}

/// A new mapping of `len` bytes (its length written in its header), or 0.
fn map(len: usize) -> usize {
    // SAFETY: an anonymous private mapping with no address hint touches no
    // existing memory; failure is checked before the header is written.
    unsafe {
        let p = libc::mmap(
            ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        if p == libc::MAP_FAILED {
            return 0;
        }
        p.cast::<usize>().write(len);
        p as usize
    }
}

/// A mapping of at least `len` bytes: the spare if there is one (grown, or
/// its pages past `len` given back, so that it holds no more than the buffer
/// needs), else a new one.  Returns (start, length, whether it is the
/// spare), start 0 on failure.
fn take(len: usize) -> (usize, usize, bool) {
    let old = spare().take();
    let Some((base, have)) = old else { return (map(len), len, false) };
    if have > len {
        // SAFETY: the pages past `len` belong to the spare, now ours and
        // unused; they read as zero when touched again.
        unsafe { libc::madvise((base + len) as *mut libc::c_void, have - len, libc::MADV_DONTNEED) };
        return (base, have, true);
    }
    // SAFETY: the spare is a whole mapping of `have` bytes that nothing uses.
    let q = unsafe { libc::mremap(base as *mut libc::c_void, have, len, libc::MREMAP_MAYMOVE) };
    if q == libc::MAP_FAILED {
        unmap(base, have);
        return (map(len), len, false);
    }
    (q as usize, len, true)
}

/// Keep the mapping `(base, len)` as the spare, unmapping the one before.
fn give_back(base: usize, len: usize) {
    let old = spare().replace((base, len));
    if let Some((b, l)) = old {
        unmap(b, l);
    }
}

/// A spare larger than this is not kept between calls ([`trim`]).
const KEEP_AT_REST: usize = 64 << 20;

/// Unmap a spare too large to keep until the next call (a smaller one saves
/// the next call the page faults of a new buffer for its input).
pub fn trim() {
    let mut slot = spare();
    if let Some((base, len)) = *slot {
        if len > KEEP_AT_REST {
            *slot = None;
            unmap(base, len);
        }
    }
}

/// Unmap the spare (before the result is handed over, so that it does not
/// add to the peak).
pub fn release() {
    let old = spare().take();
    if let Some((base, len)) = old {
        unmap(base, len);
    }
}

/// The allocator of the extension module: see the module's documentation.
pub struct BigBuffers;

impl BigBuffers {
    fn alloc_big(size: usize, zeroed: bool) -> *mut u8 {
        let Some(len) = mapping_len(size) else { return ptr::null_mut() };
        let (base, len, reused) = take(len);
        if base == 0 {
            return ptr::null_mut();
        }
        let p = (base + HEADER) as *mut u8;
        // SAFETY: the mapping is `len` bytes from `base`, all ours: its
        // header takes a `usize` at `base` (page-aligned), and the buffer,
        // `size` bytes from `base + HEADER`, fits in it.
        unsafe {
            (base as *mut usize).write(len);
            if zeroed && reused {
                ptr::write_bytes(p, 0, size);
            }
        }
        p
    }
}

// SAFETY: a big buffer (`is_big` on its layout, which `GlobalAlloc` callers
// must pass back unchanged, the new size counting from a `realloc` on) is
// `HEADER` bytes into a mapping of its own whose length the header holds;
// every other block belongs to `System`.  Mappings are page-aligned, which
// satisfies every alignment `is_big` lets through.  The spare is never in
// use: it is taken out of its slot before it is handed out.
unsafe impl GlobalAlloc for BigBuffers {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if is_big(layout.size(), layout.align()) {
            Self::alloc_big(layout.size(), false)
        } else {
            System.alloc(layout)
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if is_big(layout.size(), layout.align()) {
            Self::alloc_big(layout.size(), true)
        } else {
            System.alloc_zeroed(layout)
        }
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        if is_big(layout.size(), layout.align()) {
            let base = p as usize - HEADER;
            give_back(base, (base as *const usize).read());
        } else {
            System.dealloc(p, layout);
        }
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let align = layout.align();
        match (is_big(layout.size(), align), is_big(new_size, align)) {
            (false, false) => System.realloc(p, layout, new_size),
            (true, true) => {
                let base = p as usize - HEADER;
                let have = (base as *const usize).read();
                let Some(len) = mapping_len(new_size) else { return ptr::null_mut() };
                if len <= have {
                    return p;
                }
                // the kernel moves the pages: no copy, no second buffer
                let q = libc::mremap(base as *mut libc::c_void, have, len, libc::MREMAP_MAYMOVE);
                if q == libc::MAP_FAILED {
                    return ptr::null_mut();
                }
                q.cast::<usize>().write(len);
                (q as usize + HEADER) as *mut u8
            }
            _ => {
                let new_layout = Layout::from_size_align_unchecked(new_size, align);
                let q = self.alloc(new_layout);
                if !q.is_null() {
                    ptr::copy_nonoverlapping(p, q, layout.size().min(new_size));
                    self.dealloc(p, layout);
                }
                q
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // One test: the spare is process-wide.
    #[test]
    fn big_buffers_reuse_grow_and_zero() {
        let a = BigBuffers;
        let small = Layout::from_size_align(100, 8).unwrap();
        let big = Layout::from_size_align(3 << 20, 8).unwrap();
        // SAFETY: each block is used within its layout and freed once, with
        // the layout it was made with.
        unsafe {
            let s = a.alloc(small);
            assert!(!s.is_null());
            a.dealloc(s, small);

            let p = a.alloc(big);
            assert!(!p.is_null());
            assert_eq!(p as usize % PAGE, 0);
            ptr::write_bytes(p, 7, big.size());
            a.dealloc(p, big);
            // the next big buffer takes the spare, cut to size
            let half = Layout::from_size_align(2 << 20, 8).unwrap();
            let q = a.alloc(half);
            assert_eq!(q, p);
            // grown in place or moved by the kernel, the content stays
            ptr::write_bytes(q, 9, half.size());
            let r = a.realloc(q, half, 5 << 20);
            assert!(!r.is_null());
            assert!((0..half.size()).step_by(4096).all(|i| *r.add(i) == 9));
            let grown = Layout::from_size_align(5 << 20, 8).unwrap();
            a.dealloc(r, grown);
            // a zeroed buffer made from the spare reads as zero
            let z = a.alloc_zeroed(big);
            assert!((0..big.size()).step_by(1000).all(|i| *z.add(i) == 0));
            // shrinking below the threshold copies into a small block
            let t = a.realloc(z, big, 64);
            assert!(!t.is_null());
            a.dealloc(t, Layout::from_size_align(64, 8).unwrap());
            release();
            assert!(spare().is_none());
        }
    }
}
