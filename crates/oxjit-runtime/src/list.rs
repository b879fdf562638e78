//! Python lists in compiled code: a reference-counted block (`nrt.rs`) whose data is a
//! [`ListHeader`] followed by the byte offsets, inside one item, of the references it holds
//! (the meminfo words of arrays and lists, also inside tuples). The items are stored natively
//! in a separate buffer that grows as CPython's lists do (`list_resize` in listobject.c).
//!
//! Generated code reads the length and the items inline and stores items itself (taking a
//! reference to what it stores); the functions here move items, copy them (taking references
//! through the offsets) and release them (the block's destructor, [`list_dtor`]).

use std::alloc::{alloc, dealloc, realloc, Layout};

use crate::nrt::{is_block, oxjit_rt_nrt_allocate, MemInfo};

/// The data of a list's block (generated code reads the first three fields).
#[repr(C)]
pub struct ListHeader {
    pub len: i64,
    pub cap: i64,
    pub items: *mut u8,
    pub itemsize: i64,
    /// How many reference words an item holds (their offsets follow the header).
    pub nrefs: i64,
    /// Set by every mutation; a list unboxed from Python is written back when set.
    pub dirty: i64,
    /// 1 for an `oxjit.typed.List` (boxed as one, without copying, when returned to Python).
    pub typed: i64,
}

const ITEM_ALIGN: usize = 16;

/// The header of the list whose block is `mi`.
///
/// # Safety
/// `mi` must be a live list block.
pub unsafe fn header<'a>(mi: *mut MemInfo) -> &'a mut ListHeader {
    // SAFETY: the caller's guarantee: the block's data is a ListHeader.
    unsafe { &mut *((*mi).data as *mut ListHeader) }
}

/// The reference offsets of a list.
unsafe fn offsets<'a>(h: &ListHeader) -> &'a [i64] {
    // SAFETY: `nrefs` offsets follow the header in the same block.
    unsafe {
        std::slice::from_raw_parts(
            (h as *const ListHeader).add(1) as *const i64,
            h.nrefs as usize,
        )
    }
}

fn items_layout(cap: usize, itemsize: usize) -> Option<Layout> {
    Layout::from_size_align(cap.checked_mul(itemsize)?.max(1), ITEM_ALIGN).ok()
}

/// Takes (`delta` = 1) or gives back (-1) the references of `n` items from `p`.
unsafe fn count_refs(h: &ListHeader, p: *mut u8, n: i64, delta: i64) {
    if h.nrefs == 0 {
        return;
    }
    // SAFETY: `p` points to `n` live items of this list's item type.
    unsafe {
        let offs = offsets(h);
        for k in 0..n {
            let item = p.add((k * h.itemsize) as usize);
            for &o in offs {
                let mi = *(item.add(o as usize) as *const *mut MemInfo);
                if delta > 0 {
                    crate::nrt::oxjit_rt_nrt_incref(mi);
                } else {
                    crate::nrt::oxjit_rt_nrt_decref(mi);
                }
            }
        }
    }
}

/// Releases the items and their buffer (the block's destructor).
unsafe extern "C" fn list_dtor(mi: *mut MemInfo) {
    // SAFETY: called once, by `nrt_free`, on a list block.
    unsafe {
        let h = header(mi);
        count_refs(h, h.items, h.len, -1);
        free_items(h);
    }
}

unsafe fn free_items(h: &mut ListHeader) {
    if !h.items.is_null() {
        let layout = items_layout(h.cap as usize, h.itemsize as usize).expect("its layout");
        // SAFETY: allocated with this layout.
        unsafe { dealloc(h.items, layout) };
        h.items = std::ptr::null_mut();
    }
}

/// A new empty list of items of `itemsize` bytes with room for `cap`, whose items hold
/// references at the `nrefs` byte offsets at `offs`; null when memory runs out.
#[no_mangle]
pub extern "C" fn oxjit_rt_list_new(
    itemsize: i64,
    cap: i64,
    nrefs: i64,
    offs: *const i64,
) -> *mut MemInfo {
    let size = std::mem::size_of::<ListHeader>() as i64 + 8 * nrefs;
    let mi = oxjit_rt_nrt_allocate(size);
    if mi.is_null() {
        return mi;
    }
    // SAFETY: a fresh block of `size` bytes, 16-aligned; `offs` holds `nrefs` offsets.
    unsafe {
        let h = (*mi).data as *mut ListHeader;
        h.write(ListHeader {
            len: 0,
            cap: 0,
            items: std::ptr::null_mut(),
            itemsize: itemsize.max(1),
            nrefs,
            dirty: 0,
            typed: 0,
        });
        std::ptr::copy_nonoverlapping(offs, h.add(1) as *mut i64, nrefs as usize);
        crate::nrt::set_dtor(mi, list_dtor);
        if cap > 0 && set_capacity(&mut *h, cap) != 0 {
            crate::nrt::oxjit_rt_nrt_decref(mi);
            return std::ptr::null_mut();
        }
    }
    mi
}

/// Reallocates the items to exactly `cap`; 0, or 1 when memory runs out.
unsafe fn set_capacity(h: &mut ListHeader, cap: i64) -> i32 {
    let size = h.itemsize as usize;
    let Some(new) = items_layout(cap as usize, size) else {
        return 1;
    };
    // SAFETY: `items` was allocated with the old capacity's layout (or is null).
    let p = unsafe {
        if h.items.is_null() {
            alloc(new)
        } else {
            let old = items_layout(h.cap as usize, size).expect("its layout");
            realloc(h.items, old, new.size())
        }
    };
    if p.is_null() {
        return 1;
    }
    h.items = p;
    h.cap = cap;
    0
}

/// Makes room for at least `n` items, growing as CPython does (`n + n/8 + 6`, a multiple of
/// four); 0, or 1 when memory runs out.
#[no_mangle]
pub extern "C" fn oxjit_rt_list_reserve(mi: *mut MemInfo, n: i64) -> i32 {
    // SAFETY: a live list block.
    let h = unsafe { header(mi) };
    if n <= h.cap {
        return 0;
    }
    let grown = (n + (n >> 3) + 6) & !3;
    let cap = if n - h.len > grown - n { n } else { grown };
    // SAFETY: as above.
    unsafe { set_capacity(h, cap) }
}

/// Opens `n` uninitialised slots at index `at` (moving the items after it); the length grows
/// by `n`. 0, or 1 when memory runs out.
#[no_mangle]
pub extern "C" fn oxjit_rt_list_open(mi: *mut MemInfo, at: i64, n: i64) -> i32 {
    // SAFETY: a live list block.
    let len = unsafe { header(mi).len };
    if oxjit_rt_list_reserve(mi, len + n) != 0 {
        return 1;
    }
    // SAFETY: room for len + n items; `at <= len`.
    unsafe {
        let h = header(mi);
        let size = h.itemsize as usize;
        let p = h.items.add(at as usize * size);
        std::ptr::copy(p, p.add(n as usize * size), (len - at) as usize * size);
        h.len = len + n;
        h.dirty = 1;
    }
    0
}

/// Removes `n` items at `at` whose references were taken elsewhere (`pop`).
#[no_mangle]
pub extern "C" fn oxjit_rt_list_close(mi: *mut MemInfo, at: i64, n: i64) {
    // SAFETY: a live list block; `at + n <= len`.
    unsafe {
        let h = header(mi);
        let size = h.itemsize as usize;
        let p = h.items.add(at as usize * size);
        let after = (h.len - at - n) as usize * size;
        std::ptr::copy(p.add(n as usize * size), p, after);
        h.len -= n;
        h.dirty = 1;
    }
}

/// Deletes the `count` items `start, start + step, ...` (`del l[a:b:c]`), releasing them.
#[no_mangle]
pub extern "C" fn oxjit_rt_list_delete(mi: *mut MemInfo, start: i64, step: i64, count: i64) {
    if count <= 0 {
        return;
    }
    // SAFETY: a live list block; the indices are in range (a normalised slice).
    unsafe {
        let h = header(mi);
        let size = h.itemsize as usize;
        let (lo, step) = if step < 0 {
            (start + (count - 1) * step, -step)
        } else {
            (start, step)
        };
        for k in 0..count {
            count_refs(h, h.items.add((lo + k * step) as usize * size), 1, -1);
        }
        // Compact: keep every item not deleted, in order.
        let mut write = lo;
        for read in lo..h.len {
            let deleted = read <= lo + (count - 1) * step && (read - lo) % step == 0;
            if !deleted {
                let src = h.items.add(read as usize * size);
                std::ptr::copy(src, h.items.add(write as usize * size), size);
                write += 1;
            }
        }
        h.len = write;
        h.dirty = 1;
    }
}

/// `l.clear()`.
#[no_mangle]
pub extern "C" fn oxjit_rt_list_clear(mi: *mut MemInfo) {
    // SAFETY: a live list block.
    unsafe {
        let h = header(mi);
        let n = h.len;
        h.len = 0;
        h.dirty = 1;
        count_refs(h, h.items, n, -1);
    }
}

/// A new list of the items `start, start + step, ...` (`count` of them) of `mi`; null when
/// memory runs out.
#[no_mangle]
pub extern "C" fn oxjit_rt_list_slice(
    mi: *mut MemInfo,
    start: i64,
    step: i64,
    count: i64,
) -> *mut MemInfo {
    // SAFETY: a live list block; the slice is normalised.
    unsafe {
        let h = header(mi);
        let out = oxjit_rt_list_new(h.itemsize, count, h.nrefs, offsets(h).as_ptr());
        if out.is_null() {
            return out;
        }
        let o = header(out);
        let size = h.itemsize as usize;
        if step == 1 {
            std::ptr::copy_nonoverlapping(
                h.items.add(start as usize * size),
                o.items,
                count as usize * size,
            );
        } else {
            for k in 0..count {
                let src = h.items.add((start + k * step) as usize * size);
                std::ptr::copy_nonoverlapping(src, o.items.add(k as usize * size), size);
            }
        }
        o.len = count;
        // A slice or copy of a typed list is one too (as in Numba).
        o.typed = h.typed;
        count_refs(o, o.items, count, 1);
        out
    }
}

/// Appends the items of `src` to `dst` (they may be the same list); 0, or 1 when memory runs
/// out.
#[no_mangle]
pub extern "C" fn oxjit_rt_list_extend(dst: *mut MemInfo, src: *mut MemInfo) -> i32 {
    // SAFETY: live list blocks of the same item type.
    unsafe {
        let n = header(src).len;
        let len = header(dst).len;
        if oxjit_rt_list_reserve(dst, len + n) != 0 {
            return 1;
        }
        let (d, s) = (header(dst), header(src));
        let size = d.itemsize as usize;
        let to = d.items.add(len as usize * size);
        std::ptr::copy_nonoverlapping(s.items, to, n as usize * size);
        d.len = len + n;
        d.dirty = 1;
        count_refs(d, to, n, 1);
    }
    0
}

/// `l * n`: a new list; null when memory runs out.
#[no_mangle]
pub extern "C" fn oxjit_rt_list_repeat(mi: *mut MemInfo, n: i64) -> *mut MemInfo {
    // SAFETY: a live list block.
    unsafe {
        let h = header(mi);
        let n = n.max(0);
        let total = h.len.checked_mul(n).unwrap_or(i64::MAX);
        let out = oxjit_rt_list_new(h.itemsize, 0, h.nrefs, offsets(h).as_ptr());
        if out.is_null() || oxjit_rt_list_reserve(out, total) != 0 {
            crate::nrt::oxjit_rt_nrt_decref(out);
            return std::ptr::null_mut();
        }
        for _ in 0..n {
            oxjit_rt_list_extend(out, mi);
        }
        out
    }
}

/// `l.reverse()`.
#[no_mangle]
pub extern "C" fn oxjit_rt_list_reverse(mi: *mut MemInfo) {
    // SAFETY: a live list block.
    unsafe {
        let h = header(mi);
        let size = h.itemsize as usize;
        let n = h.len as usize;
        for k in 0..n / 2 {
            let a = h.items.add(k * size);
            let b = h.items.add((n - 1 - k) * size);
            std::ptr::swap_nonoverlapping(a, b, size);
        }
        h.dirty = 1;
    }
}

/// `l[start:stop] = src` (step 1: the list grows or shrinks) or `l[start::step] = src` with
/// `count` items (then `src` must have as many). 0; 1 when memory runs out; 2 when an
/// extended slice gets another number of items (generated code raises ValueError).
#[no_mangle]
pub extern "C" fn oxjit_rt_list_assign_slice(
    mi: *mut MemInfo,
    start: i64,
    step: i64,
    count: i64,
    stop: i64,
    src: *mut MemInfo,
) -> i32 {
    // SAFETY: live list blocks of the same item type; the slice is normalised.
    unsafe {
        // A copy first: `src` may be the list itself.
        let s = oxjit_rt_list_slice(src, 0, 1, header(src).len);
        if s.is_null() {
            return 1;
        }
        let n = header(s).len;
        let status = if step == 1 {
            let old = (stop - start).max(0);
            oxjit_rt_list_delete(mi, start, 1, old);
            if oxjit_rt_list_open(mi, start, n) != 0 {
                1
            } else {
                let h = header(mi);
                let size = h.itemsize as usize;
                let to = h.items.add(start as usize * size);
                std::ptr::copy_nonoverlapping(header(s).items, to, n as usize * size);
                count_refs(h, to, n, 1);
                0
            }
        } else if n != count {
            2
        } else {
            let h = header(mi);
            let size = h.itemsize as usize;
            for k in 0..count {
                let to = h.items.add((start + k * step) as usize * size);
                count_refs(h, to, 1, -1);
                std::ptr::copy_nonoverlapping(header(s).items.add(k as usize * size), to, size);
                count_refs(h, to, 1, 1);
            }
            h.dirty = 1;
            0
        };
        crate::nrt::oxjit_rt_nrt_decref(s);
        status
    }
}

use crate::listsort::list_sort;
pub use crate::sort_keyed::LessThan;
use crate::sort_keyed::{order, permute};

/// Sorts the list in place as CPython's `list.sort` does (`listsort.rs`, its timsort ported:
/// the same order in every case, NaNs included), by `lt`; with `reverse`, CPython's reversal
/// around the sort. `kind` 1 and 2 say the items are float64 and int64, 4 tuples of those
/// (`sort_tuples.rs`), compared directly, not through `lt`. 0, or 1 when memory runs out.
#[no_mangle]
pub extern "C" fn oxjit_rt_list_sort(
    mi: *mut MemInfo,
    lt: LessThan,
    reverse: bool,
    kind: i64,
) -> i32 {
    // SAFETY: a live list block; `lt` compares two items of its type; `kind` says their type.
    unsafe {
        let h = header(mi);
        let n = h.len as usize;
        // Sorted in every path below: a list from Python is written back.
        h.dirty = 1;
        match kind {
            1 => {
                let v = std::slice::from_raw_parts_mut(h.items as *mut f64, n);
                return sort_values(v, reverse);
            }
            2 => {
                let v = std::slice::from_raw_parts_mut(h.items as *mut i64, n);
                return sort_values(v, reverse);
            }
            _ => {}
        }
        let size = h.itemsize as usize;
        let items = h.items;
        if crate::sort_tuples::sort_in_place(items, n, size, kind, reverse) {
            return 0;
        }
        let idx = order(items, n, size, lt, reverse, kind);
        let Some(layout) = items_layout(h.cap.max(1) as usize, size) else {
            return 1;
        };
        let out = alloc(layout);
        if out.is_null() {
            return 1;
        }
        for (k, &i) in idx.iter().enumerate() {
            std::ptr::copy_nonoverlapping(items.add(i * size), out.add(k * size), size);
        }
        free_items(h);
        h.items = out;
        h.cap = h.cap.max(1);
        h.dirty = 1;
    }
    0
}

fn sort_values<T: Copy + PartialOrd>(v: &mut [T], reverse: bool) -> i32 {
    list_sort(v, &|a: &T, b: &T| a < b, reverse);
    0
}

/// Sorts the list `items` by the list `keys` (one per item), stably; `kind` says the keys' type
/// (see the module), `lt` compares two keys otherwise. 0 when sorted; 2 where the key function
/// changed the list's length (CPython's "list modified during sort"): items it appended are
/// dropped and the others sorted, as CPython leaves the list.
#[no_mangle]
pub extern "C" fn oxjit_rt_list_sort_by_keys(
    items: *mut MemInfo,
    keys: *mut MemInfo,
    lt: LessThan,
    reverse: bool,
    kind: i64,
) -> i32 {
    // SAFETY: two live list blocks; `lt` compares two keys of the keys' type.
    unsafe {
        let (h, k) = (header(items), header(keys));
        if h.len < k.len {
            return 2;
        }
        let extra = h.len - k.len;
        oxjit_rt_list_delete(items, k.len, 1, extra);
        let h = header(items);
        let n = h.len as usize;
        let size = k.itemsize as usize;
        let idx = match crate::sort_tuples::order(k.items, n, size, kind, reverse) {
            Some(idx) => idx,
            None => order(k.items, n, size, lt, reverse, kind),
        };
        permute(h.items, h.itemsize as usize, &idx);
        h.dirty = 1;
        if extra > 0 {
            return 2;
        }
    }
    0
}

/// Whether `mi` holds a list block (not null, not a Python object).
pub fn is_list(mi: *mut MemInfo) -> bool {
    is_block(mi)
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![
        oxjit_rt_list_assign_slice,
        oxjit_rt_list_clear,
        oxjit_rt_list_close,
        oxjit_rt_list_delete,
        oxjit_rt_list_extend,
        oxjit_rt_list_new,
        oxjit_rt_list_open,
        oxjit_rt_list_repeat,
        oxjit_rt_list_reserve,
        oxjit_rt_list_reverse,
        oxjit_rt_list_slice,
        oxjit_rt_list_sort,
        oxjit_rt_list_sort_by_keys,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(mi: *mut MemInfo) -> Vec<i64> {
        // SAFETY: a live list of int64.
        unsafe {
            let h = header(mi);
            std::slice::from_raw_parts(h.items as *const i64, h.len as usize).to_vec()
        }
    }

    fn push(mi: *mut MemInfo, x: i64) {
        // SAFETY: a live list of int64.
        unsafe {
            let len = header(mi).len;
            assert_eq!(oxjit_rt_list_open(mi, len, 1), 0);
            *(header(mi).items as *mut i64).add(len as usize) = x;
        }
    }

    unsafe extern "C" fn lt_i64(a: *const u8, b: *const u8) -> bool {
        // SAFETY: items of a list of int64.
        unsafe { *(a as *const i64) < *(b as *const i64) }
    }

    #[test]
    fn lists_grow_slice_sort_and_free() {
        let (a0, f0) = crate::nrt::allocation_stats();
        let mi = oxjit_rt_list_new(8, 0, 0, std::ptr::null());
        for x in [5, 3, 9, 1, 3] {
            push(mi, x);
        }
        assert_eq!(ints(mi), vec![5, 3, 9, 1, 3]);
        let s = oxjit_rt_list_slice(mi, 4, -2, 3);
        assert_eq!(ints(s), vec![3, 9, 5]);
        assert_eq!(oxjit_rt_list_sort(mi, lt_i64, false, 0), 0);
        assert_eq!(ints(mi), vec![1, 3, 3, 5, 9]);
        oxjit_rt_list_delete(mi, 0, 2, 3);
        assert_eq!(ints(mi), vec![3, 5]);
        assert_eq!(oxjit_rt_list_extend(mi, mi), 0);
        assert_eq!(ints(mi), vec![3, 5, 3, 5]);
        assert_eq!(oxjit_rt_list_assign_slice(mi, 1, 1, 0, 3, s), 0);
        assert_eq!(ints(mi), vec![3, 3, 9, 5, 5]);
        crate::nrt::oxjit_rt_nrt_decref(mi);
        crate::nrt::oxjit_rt_nrt_decref(s);
        let (a1, f1) = crate::nrt::allocation_stats();
        assert_eq!(a1 - a0, f1 - f0);
    }
}

#[cfg(test)]
mod typed_word_tests {
    /// Codegen stores the `typed` flags by word index (`lower/typed.rs`).
    #[test]
    fn typed_words() {
        assert_eq!(std::mem::offset_of!(super::ListHeader, typed), 6 * 8);
        assert_eq!(std::mem::offset_of!(crate::dict::DictHeader, typed), 12 * 8);
    }
}
