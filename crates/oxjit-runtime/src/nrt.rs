//! The runtime's memory blocks (Numba's NRT): arrays created in compiled code live in
//! reference-counted blocks. Generated code increments and decrements the count inline (the
//! header's first field) and calls [`oxjit_rt_nrt_free`] when it drops to zero; a block returned
//! to Python is owned by a small Python object that the NumPy array keeps as its base.
//!
//! A block is one `malloc`: a 32-byte header, then the data, aligned to 16 bytes as NumPy's are
//! (a larger alignment would take glibc's slow `posix_memalign` path, and small arrays made in
//! loops are common). Like NumPy, blocks of 4 MiB and more ask the kernel for huge pages, which
//! halves the cost of first touching fresh memory. Arrays that come from Python carry no block:
//! their meminfo field holds the ndarray object with its lowest bit set, and generated code leaves
//! those alone.

use std::alloc::{alloc, alloc_zeroed, dealloc, Layout};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

const HEADER: usize = 32;
pub(crate) const ALIGN: usize = 16;
/// NumPy's threshold for `madvise(MADV_HUGEPAGE)` (numpy/_core/src/multiarray/alloc.c).
const HUGE_PAGES_FROM: usize = 1 << 22;

/// The header of a block (declared in the ABI crate: generated code counts references inline).
pub use oxjit_abi::MemInfo;

/// Per-thread allocation counters: each thread adds to its own without a locked instruction (an
/// atomic add per allocation would cost as much as the allocation); the totals sum them all.
#[derive(Default)]
struct Counters {
    allocations: AtomicU64,
    frees: AtomicU64,
}

fn all_counters() -> &'static std::sync::Mutex<Vec<std::sync::Arc<Counters>>> {
    static ALL: std::sync::OnceLock<std::sync::Mutex<Vec<std::sync::Arc<Counters>>>> =
        std::sync::OnceLock::new();
    ALL.get_or_init(Default::default)
}

thread_local! {
    static COUNTERS: std::sync::Arc<Counters> = {
        let c = std::sync::Arc::new(Counters::default());
        all_counters().lock().expect("counters").push(c.clone());
        c
    };
}

/// Adds one to this thread's counter (only this thread writes it: load and store suffice).
fn count(which: fn(&Counters) -> &AtomicU64) {
    COUNTERS.with(|c| {
        let n = which(c);
        n.store(n.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
    });
}

/// The layout of a block of `size` bytes of data: small and medium sizes rounded up to their
/// class, so that a freed block can serve the next allocation of the class (`nrt_small.rs`,
/// `nrt_cache.rs`).
fn layout(size: usize) -> Option<Layout> {
    let total = crate::nrt_cache::class(HEADER.checked_add(size)?);
    Layout::from_size_align(crate::nrt_small::class(total), ALIGN).ok()
}

fn allocate_with(size: usize, zeroed: bool) -> *mut MemInfo {
    let Some(layout) = layout(size) else {
        return std::ptr::null_mut();
    };
    // SAFETY: the layout has a non-zero size (the header); a kept block has this layout, and
    // its `size` bytes of data after the header are ours to clear.
    let base = unsafe {
        let kept = crate::nrt_small::take(layout.size());
        match kept.or_else(|| crate::nrt_cache::take(layout.size())) {
            Some(base) if zeroed => {
                std::ptr::write_bytes(base.add(HEADER), 0, size);
                base
            }
            Some(base) => base,
            None if zeroed => alloc_zeroed(layout),
            None => alloc(layout),
        }
    };
    if base.is_null() {
        return std::ptr::null_mut();
    }
    let mi = base as *mut MemInfo;
    // SAFETY: `base` is a fresh allocation of at least HEADER bytes, aligned for MemInfo.
    unsafe {
        mi.write(MemInfo {
            refcount: AtomicI64::new(1),
            data: base.add(HEADER),
            size,
            dtor: None,
        });
    }
    if size >= HUGE_PAGES_FROM {
        advise_huge_pages(base, HEADER + size);
    }
    count(|c| &c.allocations);
    mi
}

#[cfg(target_os = "linux")]
fn advise_huge_pages(base: *mut u8, len: usize) {
    extern "C" {
        fn madvise(addr: *mut std::ffi::c_void, len: usize, advice: i32) -> i32;
    }
    const MADV_HUGEPAGE: i32 = 14;
    const PAGE: usize = 4096;
    // The whole pages inside the block (madvise wants a page-aligned start).
    let start = (base as usize).div_ceil(PAGE) * PAGE;
    let end = base as usize + len;
    if end > start {
        // SAFETY: advice only, on memory this block owns; failure is harmless.
        unsafe {
            madvise(start as *mut std::ffi::c_void, end - start, MADV_HUGEPAGE);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge_pages(_base: *mut u8, _len: usize) {}

/// A new block of `size` bytes with a reference count of one, or null when the memory cannot be
/// had (generated code raises MemoryError).
#[no_mangle]
pub extern "C" fn oxjit_rt_nrt_allocate(size: i64) -> *mut MemInfo {
    if size < 0 {
        return std::ptr::null_mut();
    }
    allocate_with(size as usize, false)
}

/// [`oxjit_rt_nrt_allocate`] with the data zeroed (np.zeros: calloc's pages come zeroed for free).
#[no_mangle]
pub extern "C" fn oxjit_rt_nrt_allocate_zeroed(size: i64) -> *mut MemInfo {
    if size < 0 {
        return std::ptr::null_mut();
    }
    allocate_with(size as usize, true)
}

/// Grows (or shrinks) block `mi`, which nothing else references, to `size` bytes of data, its
/// contents kept: the block's new address (it may move), or null with `mi` untouched when the
/// memory cannot be had. Strings grow in place this way (`s += t`).
pub fn reallocate(mi: *mut MemInfo, size: usize) -> *mut MemInfo {
    let Some(new_layout) = layout(size) else {
        return std::ptr::null_mut();
    };
    // SAFETY: `mi` came from `allocate_with` with its recorded size; its one owner hands it over.
    unsafe {
        let old = layout((*mi).size).expect("the layout it was allocated with");
        if old.size() <= crate::nrt_small::LARGEST {
            return move_small(mi, old, new_layout, size);
        }
        let base = std::alloc::realloc(mi as *mut u8, old, new_layout.size());
        if base.is_null() {
            return std::ptr::null_mut();
        }
        let mi = base as *mut MemInfo;
        (*mi).data = base.add(HEADER);
        (*mi).size = size;
        mi
    }
}

/// [`reallocate`] of a small block: a block of the new size taken as [`allocate_with`] takes
/// one, the header and data copied, and the old block kept for the thread's next block of its
/// class. (`realloc` would hand the old block to `malloc` and leave the new one to the free list
/// of its class when freed: a string built by appends, made and freed at every call, would then
/// add a block to that list at each call, up to the lists' limit, which nothing takes back.)
///
/// # Safety
/// `mi` is a live block of layout `old` that nothing else references.
unsafe fn move_small(
    mi: *mut MemInfo,
    old: Layout,
    new_layout: Layout,
    size: usize,
) -> *mut MemInfo {
    // SAFETY: as the caller says; the new block is fresh and at least HEADER bytes.
    unsafe {
        if new_layout.size() == old.size() {
            (*mi).size = size;
            return mi;
        }
        let base = match crate::nrt_small::take(new_layout.size()) {
            Some(base) => base,
            None => alloc(new_layout),
        };
        if base.is_null() {
            return std::ptr::null_mut();
        }
        let keep = HEADER + (*mi).size.min(size);
        std::ptr::copy_nonoverlapping(mi as *const u8, base, keep);
        if !crate::nrt_small::keep(old.size(), mi as *mut u8) {
            dealloc(mi as *mut u8, old);
        }
        let mi = base as *mut MemInfo;
        (*mi).data = base.add(HEADER);
        (*mi).size = size;
        mi
    }
}

/// Frees a block whose count has dropped to zero.
#[no_mangle]
pub extern "C" fn oxjit_rt_nrt_free(mi: *mut MemInfo) {
    if mi.is_null() {
        return;
    }
    // SAFETY: `mi` came from `allocate_with`, with this size; its destructor (a list's) runs
    // once, as the count reached zero.
    unsafe {
        let flagged = (*mi).size;
        if flagged & oxjit_abi::MEMINFO_HAS_DTOR != 0 {
            if let Some(dtor) = (*mi).dtor {
                dtor(mi);
            }
        }
        let size = flagged & !oxjit_abi::MEMINFO_HAS_DTOR;
        let layout = layout(size).expect("the layout it was allocated with");
        let base = mi as *mut u8;
        if !(crate::nrt_small::keep(layout.size(), base)
            || crate::nrt_cache::keep(layout.size(), base))
        {
            dealloc(mi as *mut u8, layout);
        }
    }
    count(|c| &c.frees);
}

/// Increments a block's count (for the Python side; generated code does it inline).
#[no_mangle]
pub extern "C" fn oxjit_rt_nrt_incref(mi: *mut MemInfo) {
    if is_block(mi) {
        // SAFETY: a live block.
        unsafe { (*mi).refcount.fetch_add(1, Ordering::Relaxed) };
    }
}

/// Decrements a block's count, freeing it at zero.
#[no_mangle]
pub extern "C" fn oxjit_rt_nrt_decref(mi: *mut MemInfo) {
    // SAFETY: a live block.
    if is_block(mi) && unsafe { (*mi).refcount.fetch_sub(1, Ordering::AcqRel) } == 1 {
        oxjit_rt_nrt_free(mi);
    }
}

/// Whether a meminfo field holds a block (not null, not a tagged Python object).
pub fn is_block(mi: *mut MemInfo) -> bool {
    !mi.is_null() && (mi as usize) & oxjit_abi::MEMINFO_PYOBJECT_TAG == 0
}

/// (blocks allocated, blocks freed) since the process started.
pub fn allocation_stats() -> (u64, u64) {
    let all = all_counters().lock().expect("counters");
    all.iter().fold((0, 0), |(a, f), c| {
        (
            a + c.allocations.load(Ordering::Relaxed),
            f + c.frees.load(Ordering::Relaxed),
        )
    })
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        (
            "oxjit_rt_nrt_allocate",
            oxjit_rt_nrt_allocate as *const () as usize,
        ),
        (
            "oxjit_rt_nrt_allocate_zeroed",
            oxjit_rt_nrt_allocate_zeroed as *const () as usize,
        ),
        ("oxjit_rt_nrt_free", oxjit_rt_nrt_free as *const () as usize),
    ]
}

/// Gives the block `mi` a destructor, called once as it is freed (lists, dicts).
///
/// # Safety
/// `mi` must be a live block.
pub unsafe fn set_dtor(mi: *mut MemInfo, dtor: unsafe extern "C" fn(*mut MemInfo)) {
    // SAFETY: the caller's guarantee.
    unsafe {
        (*mi).dtor = Some(dtor);
        (*mi).size |= oxjit_abi::MEMINFO_HAS_DTOR;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// This thread's allocations and frees (other tests allocate at the same time).
    fn this_thread_stats() -> (u64, u64) {
        COUNTERS.with(|c| {
            (
                c.allocations.load(Ordering::Relaxed),
                c.frees.load(Ordering::Relaxed),
            )
        })
    }

    #[test]
    fn blocks_are_counted_aligned_and_freed() {
        let (a0, f0) = this_thread_stats();
        let mi = oxjit_rt_nrt_allocate_zeroed(100);
        assert!(is_block(mi));
        // SAFETY: `mi` is the live block of 100 bytes just allocated.
        unsafe {
            assert_eq!((*mi).data as usize % ALIGN, 0);
            assert_eq!(std::slice::from_raw_parts((*mi).data, 100), &[0u8; 100]);
        }
        oxjit_rt_nrt_incref(mi);
        oxjit_rt_nrt_decref(mi);
        let (a1, f1) = this_thread_stats();
        assert_eq!((a1 - a0, f1 - f0), (1, 0));
        oxjit_rt_nrt_decref(mi);
        let (_, f2) = this_thread_stats();
        assert_eq!(f2 - f0, 1);
        assert!(oxjit_rt_nrt_allocate(-1).is_null());
        assert!(!is_block(std::ptr::without_provenance_mut(0x1001)));
    }

    #[test]
    fn a_small_block_grown_leaves_its_old_place_to_its_class() {
        let mi = oxjit_rt_nrt_allocate(40);
        // SAFETY: `mi` is a live block of 40 bytes, owned here.
        unsafe { std::ptr::write_bytes((*mi).data, 5, 40) };
        let old = mi as usize;
        let grown = reallocate(mi, 120);
        // SAFETY: the grown block keeps the 40 bytes written.
        unsafe {
            assert_eq!((*grown).size, 120);
            assert_eq!(std::slice::from_raw_parts((*grown).data, 40), &[5u8; 40]);
        }
        // The next block of the first one's class is that block, not a new one.
        let again = oxjit_rt_nrt_allocate(40);
        assert_eq!(again as usize, old);
        oxjit_rt_nrt_decref(again);
        oxjit_rt_nrt_decref(grown);
    }

    #[test]
    fn a_freed_medium_block_serves_the_next_of_its_class_zeroed_if_asked() {
        let n = 500_000;
        let mi = oxjit_rt_nrt_allocate(n);
        // SAFETY: `mi` is a live block of `n` bytes.
        unsafe { std::ptr::write_bytes((*mi).data, 7, n as usize) };
        let first = mi as usize;
        oxjit_rt_nrt_decref(mi);
        // A slightly larger array of the same class takes the same memory, cleared.
        let mi = oxjit_rt_nrt_allocate_zeroed(n + 1000);
        assert_eq!(mi as usize, first);
        // SAFETY: `mi` is a live block of `n + 1000` bytes.
        unsafe {
            assert_eq!((*mi).size, n as usize + 1000);
            let data = std::slice::from_raw_parts((*mi).data, n as usize + 1000);
            assert!(data.iter().all(|&b| b == 0));
        }
        oxjit_rt_nrt_decref(mi);
    }
}
