//! A few freed blocks of medium size, kept by each thread for its next allocation of the same
//! size class. glibc gives blocks from 128 KiB up back to the kernel as they are freed (those it
//! maps itself, and the top of its heap once it passes the trim threshold), so a function that
//! makes arrays of half a megabyte paid a page fault for every 4 KiB of them on every call: the
//! Harris response of a 64 x 1024 image spent 90% of its 0.5 ms there. Blocks of 4 MiB and more
//! are not kept (they ask for huge pages, whose faults are few), nor more than
//! [`MAX_BYTES`] per thread.

use std::alloc::{dealloc, Layout};
use std::cell::RefCell;

/// The smallest block (header included) that is kept.
const FROM: usize = 32 << 10;
/// Blocks from this size on are not kept (`nrt::HUGE_PAGES_FROM`).
const BELOW: usize = 4 << 20;
/// At most this many blocks, of at most this many bytes in all, per thread.
const MAX_BLOCKS: usize = 8;
const MAX_BYTES: usize = 8 << 20;

/// The number of bytes a block of `total` bytes (header included) is allocated with: in the kept
/// range, rounded up to an eighth of its power of two (at most 12.5% more), so that arrays of
/// nearly the same size (`a[1:]` and `a[:, 1:]` of one image) share a class.
pub(crate) fn class(total: usize) -> usize {
    if !(FROM..BELOW).contains(&total) {
        return total;
    }
    let k = usize::BITS - 1 - total.leading_zeros();
    let step = 1usize << (k - 3);
    (total + step - 1) & !(step - 1)
}

struct Kept {
    /// (bytes, base address) of each block kept.
    blocks: Vec<(usize, *mut u8)>,
    bytes: usize,
    align: usize,
}

impl Drop for Kept {
    fn drop(&mut self) {
        for &(bytes, base) in &self.blocks {
            // SAFETY: each kept block was allocated with this size and alignment and is owned
            // by this list alone.
            unsafe { dealloc(base, Layout::from_size_align_unchecked(bytes, self.align)) };
        }
    }
}

thread_local! {
    static KEPT: RefCell<Kept> = const {
        RefCell::new(Kept { blocks: Vec::new(), bytes: 0, align: super::nrt::ALIGN })
    };
}

/// A block of `bytes` (a [`class`]) this thread kept, if any.
pub(crate) fn take(bytes: usize) -> Option<*mut u8> {
    if !(FROM..=BELOW).contains(&bytes) {
        return None;
    }
    KEPT.try_with(|k| {
        let mut k = k.try_borrow_mut().ok()?;
        let at = k.blocks.iter().position(|&(b, _)| b == bytes)?;
        let (_, base) = k.blocks.swap_remove(at);
        k.bytes -= bytes;
        Some(base)
    })
    .ok()
    .flatten()
}

/// Keeps the freed block `base` of `bytes` for a later [`take`]: false where it is not kept
/// (out of range, this thread's list full, or the thread ending), the caller then frees it.
pub(crate) fn keep(bytes: usize, base: *mut u8) -> bool {
    if !(FROM..=BELOW).contains(&bytes) {
        return false;
    }
    KEPT.try_with(|k| {
        let Ok(mut k) = k.try_borrow_mut() else {
            return false;
        };
        if k.blocks.len() >= MAX_BLOCKS || k.bytes + bytes > MAX_BYTES {
            return false;
        }
        k.blocks.push((bytes, base));
        k.bytes += bytes;
        true
    })
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_round_up_by_eighths_in_range_only() {
        assert_eq!(class(1000), 1000);
        assert_eq!(class(FROM), FROM);
        assert_eq!(class(FROM + 1), FROM + FROM / 8);
        assert_eq!(class(516_128), 524_288);
        assert_eq!(class(523_808), 524_288);
        assert_eq!(class(524_289), 524_288 + 65_536);
        assert_eq!(class(BELOW - 1), BELOW);
        assert_eq!(class(BELOW + 1), BELOW + 1);
    }
}
