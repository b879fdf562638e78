//! Small blocks (a word's string, a little tuple or array) freed by a thread, kept in a free list
//! per 16-byte size class for the thread's next allocations of that class, as CPython keeps its
//! small objects in pools of its own. A word count over 10^6 words makes and frees a block per
//! word: through `malloc` each paid for glibc's bins, for their consolidation as a large block
//! was asked for, and, as the 10^6 words of a `split` were all freed and glibc gave the top of
//! its heap back to the kernel, for the page faults of the same memory on the next call. Kept
//! here, a block comes back with a pop and goes with a push. At most [`MAX_BYTES`] per thread;
//! a thread's list is freed when it ends.

use std::alloc::{dealloc, Layout};
use std::cell::RefCell;

const GRAIN: usize = 16;
/// The largest block (header included) that is kept.
pub(crate) const LARGEST: usize = 256;
const CLASSES: usize = LARGEST / GRAIN + 1;
/// At most this many bytes of small blocks kept per thread: room for the words of a `split` of
/// 10^6 to 2*10^6 words (an 80-byte block each), whose blocks past 64 MiB went back to `malloc`.
const MAX_BYTES: usize = 256 << 20;

/// The number of bytes a small block of `total` bytes is allocated with: rounded up to the
/// grain (what `malloc` rounds to anyway), so that a class's blocks serve one another.
pub(crate) fn class(total: usize) -> usize {
    if total <= LARGEST {
        total.div_ceil(GRAIN) * GRAIN
    } else {
        total
    }
}

struct Lists {
    /// The first free block of each class; each holds the address of the next in its first word.
    heads: [*mut u8; CLASSES],
    bytes: usize,
}

impl Drop for Lists {
    fn drop(&mut self) {
        for (k, &head) in self.heads.iter().enumerate() {
            let mut p = head;
            while !p.is_null() {
                // SAFETY: every listed block was allocated with its class's size and the
                // runtime's alignment, is owned by this list alone, and holds the next's address.
                unsafe {
                    let next = *(p as *mut *mut u8);
                    dealloc(
                        p,
                        Layout::from_size_align_unchecked(k * GRAIN, super::nrt::ALIGN),
                    );
                    p = next;
                }
            }
        }
    }
}

thread_local! {
    static LISTS: RefCell<Lists> = const {
        RefCell::new(Lists { heads: [std::ptr::null_mut(); CLASSES], bytes: 0 })
    };
}

/// A block of `bytes` (a [`class`]) this thread kept, if any.
#[inline]
pub(crate) fn take(bytes: usize) -> Option<*mut u8> {
    if bytes > LARGEST {
        return None;
    }
    LISTS
        .try_with(|l| {
            let mut l = l.try_borrow_mut().ok()?;
            let k = bytes / GRAIN;
            let p = l.heads[k];
            if p.is_null() {
                return None;
            }
            // SAFETY: a listed block holds the address of the next.
            l.heads[k] = unsafe { *(p as *mut *mut u8) };
            l.bytes -= bytes;
            Some(p)
        })
        .ok()
        .flatten()
}

/// Keeps the freed block `base` of `bytes` (a [`class`]) for a later [`take`]: false where it is
/// not kept (too large, this thread's lists full, or the thread ending), the caller frees it.
#[inline]
pub(crate) fn keep(bytes: usize, base: *mut u8) -> bool {
    if bytes > LARGEST {
        return false;
    }
    LISTS
        .try_with(|l| {
            let Ok(mut l) = l.try_borrow_mut() else {
                return false;
            };
            if l.bytes + bytes > MAX_BYTES {
                return false;
            }
            let k = bytes / GRAIN;
            // SAFETY: the block is at least 16 bytes, ours, and no longer used by anyone.
            unsafe { *(base as *mut *mut u8) = l.heads[k] };
            l.heads[k] = base;
            l.bytes += bytes;
            true
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_round_up_to_the_grain_below_the_largest() {
        assert_eq!(class(32), 32);
        assert_eq!(class(33), 48);
        assert_eq!(class(LARGEST), LARGEST);
        assert_eq!(class(LARGEST + 1), LARGEST + 1);
    }

    #[test]
    fn a_kept_block_serves_the_next_of_its_class_only() {
        let layout = Layout::from_size_align(48, super::super::nrt::ALIGN).unwrap();
        // SAFETY: a fresh block of 48 bytes, handed to the lists.
        let p = unsafe { std::alloc::alloc(layout) };
        assert!(keep(48, p));
        assert_eq!(take(64), None);
        assert_eq!(take(48), Some(p));
        assert_eq!(take(48), None);
        assert!(!keep(LARGEST + 16, p));
        // SAFETY: the block is ours again.
        unsafe { dealloc(p, layout) };
    }
}
