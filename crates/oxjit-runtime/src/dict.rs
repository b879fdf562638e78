//! Python dicts in compiled code: CPython's compact dict (Objects/dictobject.c): the entries
//! `{hash, key, value}` in insertion order in one array, and a table of indices into it probed
//! as CPython probes (`i = (5 * i + perturb + 1) & mask`, `perturb >>= 5`), so iteration is in
//! insertion order. A deleted entry keeps its place with the hash -1 (no hash is -1, as in
//! CPython) until the next resize compacts the entries.
//!
//! Generated code hashes keys (as CPython does, `hash.rs`) and passes the key type's equality
//! function; the values are written and read by generated code at the entry the functions here
//! return. The references inside keys and values (arrays, lists) are counted through their byte
//! offsets, as a list's are (`list.rs`).

use std::alloc::{alloc, dealloc};

use crate::dict_header::{bytes_layout, count_refs, offsets};
pub use crate::dict_header::{entry, header, DictHeader, KeyEq};
use crate::nrt::{oxjit_rt_nrt_allocate, oxjit_rt_nrt_decref, MemInfo};
use crate::settable;

const EMPTY: i64 = -1;
const DUMMY: i64 = -2;
/// The hash of a deleted entry.
const DELETED: i64 = -1;
const PERTURB_SHIFT: u32 = 5;

unsafe extern "C" fn dict_dtor(mi: *mut MemInfo) {
    // SAFETY: called once on a dict block as it is freed.
    unsafe {
        let h = header(mi);
        for i in 0..h.used {
            let e = entry(h, i);
            if *(e as *const i64) != DELETED {
                count_refs(h, e, true, true, -1);
            }
        }
        free_tables(h);
    }
}

unsafe fn free_tables(h: &mut DictHeader) {
    // SAFETY: allocated with these layouts.
    unsafe {
        if !h.entries.is_null() {
            dealloc(h.entries, bytes_layout((h.cap * h.entry_size) as usize));
        }
        if !h.indices.is_null() {
            dealloc(
                h.indices as *mut u8,
                bytes_layout(8 * (h.mask + 1) as usize),
            );
        }
    }
    h.entries = std::ptr::null_mut();
    h.indices = std::ptr::null_mut();
}

/// A new empty dict whose entries are `entry_size` bytes with the key at `key_off` (`key_size`
/// bytes) and the value at `val_off`; `offs` holds the reference offsets of the key
/// (`key_refs` of them) then of the value (`val_refs`). Null when memory runs out.
#[no_mangle]
pub extern "C" fn oxjit_rt_dict_new(
    entry_size: i64,
    key_off: i64,
    key_size: i64,
    val_off: i64,
    key_refs: i64,
    val_refs: i64,
    offs: *const i64,
) -> *mut MemInfo {
    let n = key_refs + val_refs;
    let mi = oxjit_rt_nrt_allocate(std::mem::size_of::<DictHeader>() as i64 + 8 * n);
    if mi.is_null() {
        return mi;
    }
    // SAFETY: a fresh block of the header's size and the offsets.
    unsafe {
        let h = (*mi).data as *mut DictHeader;
        h.write(DictHeader {
            len: 0,
            used: 0,
            cap: 0,
            entries: std::ptr::null_mut(),
            indices: std::ptr::null_mut(),
            mask: -1,
            entry_size,
            key_off,
            key_size,
            val_off,
            key_refs,
            val_refs,
            typed: 0,
        });
        std::ptr::copy_nonoverlapping(offs, h.add(1) as *mut i64, n as usize);
        crate::nrt::set_dtor(mi, dict_dtor);
        if resize(&mut *h, 8) != 0 {
            oxjit_rt_nrt_decref(mi);
            return std::ptr::null_mut();
        }
    }
    mi
}

/// CPython's usable fraction of a table: two thirds.
fn usable(size: i64) -> i64 {
    (size << 1) / 3
}

/// CPython's `calculate_log2_keysize` as a size: the smallest power of two from 8 up that
/// holds `minsize`, by CPython's bit trick, which doubles it where `minsize` is itself a power
/// of two from 16 up (`(16 | 8) - 1` has five bits); so tables (and with them what an
/// iterator sees when the dict changes under it) are CPython's.
fn keysize(minsize: i64) -> i64 {
    let m = ((minsize | 8) - 1) | 7;
    1 << (64 - m.leading_zeros())
}

/// Rebuilds the table with `size` slots (a power of two) and the entries compacted.
unsafe fn resize(h: &mut DictHeader, size: i64) -> i32 {
    let cap = usable(size);
    // SAFETY: fresh allocations; the old entries are copied live ones first.
    unsafe {
        let entries = alloc(bytes_layout((cap * h.entry_size) as usize));
        let indices = alloc(bytes_layout(8 * size as usize)) as *mut i64;
        if entries.is_null() || indices.is_null() {
            return 1;
        }
        for k in 0..size {
            *indices.add(k as usize) = EMPTY;
        }
        let mut n = 0;
        for i in 0..h.used {
            let e = entry(h, i);
            let hash = *(e as *const i64);
            if hash == DELETED {
                continue;
            }
            std::ptr::copy_nonoverlapping(
                e,
                entries.add((n * h.entry_size) as usize),
                h.entry_size as usize,
            );
            let mut slot = (hash as u64) & (size as u64 - 1);
            let mut perturb = hash as u64;
            while *indices.add(slot as usize) != EMPTY {
                perturb >>= PERTURB_SHIFT;
                slot = (slot * 5 + perturb + 1) & (size as u64 - 1);
            }
            *indices.add(slot as usize) = n;
            n += 1;
        }
        free_tables(h);
        h.entries = entries;
        h.indices = indices;
        h.mask = size - 1;
        h.cap = cap;
        h.used = n;
    }
    0
}

/// The slot of the table holding entry `i`, or where the key with `hash` would go: (slot, entry
/// index found or -1, first deleted slot seen or -1). Keys are compared by `eq`, or by their
/// bytes where it is none (one 8-byte load for the common int64 key).
unsafe fn probe(h: &DictHeader, key: *const u8, hash: i64, eq: Option<KeyEq>) -> (i64, i64, i64) {
    match eq {
        // String keys: compared here, with no call per probe (`strs::same_text`).
        Some(eq) if crate::strs::is_str_key_eq(eq) => unsafe {
            // SAFETY: `key` is a string key, as every entry's is.
            probe_by(h, hash, |k| crate::strs::oxjit_rt_str_key_eq(k, key))
        },
        // SAFETY: `eq` compares two keys of the dict's type; `key` is one.
        Some(eq) => unsafe { probe_by(h, hash, |k| eq(k, key)) },
        None if h.key_size == 8 => {
            // SAFETY: `key` is a key of 8 bytes, as every entry's is.
            unsafe {
                let want = (key as *const u64).read_unaligned();
                probe_by(h, hash, |k| (k as *const u64).read_unaligned() == want)
            }
        }
        None => {
            let n = h.key_size as usize;
            // SAFETY: `key` and every entry's key are `key_size` bytes.
            unsafe {
                let want = std::slice::from_raw_parts(key, n);
                probe_by(h, hash, |k| std::slice::from_raw_parts(k, n) == want)
            }
        }
    }
}

/// `probe` with the keys compared by `same` (given the address of an entry's key), inlined.
#[inline(always)]
unsafe fn probe_by(h: &DictHeader, hash: i64, same: impl Fn(*const u8) -> bool) -> (i64, i64, i64) {
    let mask = h.mask as u64;
    let mut slot = (hash as u64) & mask;
    let mut perturb = hash as u64;
    let mut dummy = -1;
    loop {
        // SAFETY: the slot is within the table; entries referred to are live.
        let ix = unsafe { *h.indices.add(slot as usize) };
        if ix == EMPTY {
            return (slot as i64, -1, dummy);
        }
        if ix == DUMMY {
            if dummy < 0 {
                dummy = slot as i64;
            }
        } else {
            // SAFETY: `ix` is a used entry.
            let e = unsafe { entry(h, ix) };
            // SAFETY: the entry's hash and key.
            if unsafe { *(e as *const i64) == hash && same(e.add(h.key_off as usize)) } {
                return (slot as i64, ix, dummy);
            }
        }
        perturb >>= PERTURB_SHIFT;
        slot = (slot * 5 + perturb + 1) & mask;
    }
}

/// The entry holding `key` (of hash `hash`), or -1.
#[no_mangle]
pub extern "C" fn oxjit_rt_dict_lookup(
    mi: *mut MemInfo,
    key: *const u8,
    hash: i64,
    eq: Option<KeyEq>,
) -> i64 {
    // SAFETY: a live dict block and a key of its type.
    unsafe {
        let h = header(mi);
        if settable::is_set(h) {
            return settable::lookup(h, key, hash, eq);
        }
        probe(h, key, hash, eq).1
    }
}

/// The entry for `key`: `2 * index + 1` where it was there; `2 * index` for a new entry whose
/// hash and key (a reference taken) are written and whose value the caller writes; -1 when
/// memory runs out.
#[no_mangle]
pub extern "C" fn oxjit_rt_dict_insert(
    mi: *mut MemInfo,
    key: *const u8,
    hash: i64,
    eq: Option<KeyEq>,
) -> i64 {
    // SAFETY: a live dict block and a key of its type.
    unsafe {
        let h = header(mi);
        if settable::is_set(h) {
            return settable::add_entry(h, key, hash, eq);
        }
        let (slot, found, dummy) = probe(h, key, hash, eq);
        if found >= 0 {
            return 2 * found + 1;
        }
        let mut slot = if dummy >= 0 { dummy } else { slot };
        if h.used == h.cap {
            // CPython's `insertion_resize`: a table of `GROWTH_RATE`, three times the items.
            if resize(h, keysize(3 * h.len)) != 0 {
                return -1;
            }
            slot = probe(h, key, hash, eq).0;
        }
        let i = h.used;
        let e = entry(h, i);
        *(e as *mut i64) = hash;
        std::ptr::copy_nonoverlapping(key, e.add(h.key_off as usize), h.key_size as usize);
        count_refs(h, e, true, false, 1);
        *h.indices.add(slot as usize) = i;
        h.used += 1;
        h.len += 1;
        2 * i
    }
}

/// Removes entry `i` (live), giving back its key's reference where `release & 1` and its
/// value's where `release & 2` (the others go to the caller).
#[no_mangle]
pub extern "C" fn oxjit_rt_dict_remove(mi: *mut MemInfo, i: i64, release: i64) {
    // SAFETY: a live dict block and one of its live entries.
    unsafe {
        let h = header(mi);
        if settable::is_set(h) {
            return settable::discard_at(h, i, release & 1 != 0);
        }
        let e = entry(h, i);
        let mask = h.mask as u64;
        let hash = *(e as *const i64);
        let mut slot = (hash as u64) & mask;
        let mut perturb = hash as u64;
        while *h.indices.add(slot as usize) != i {
            perturb >>= PERTURB_SHIFT;
            slot = (slot * 5 + perturb + 1) & mask;
        }
        *h.indices.add(slot as usize) = DUMMY;
        count_refs(h, e, release & 1 != 0, release & 2 != 0, -1);
        *(e as *mut i64) = DELETED;
        h.len -= 1;
    }
}

/// The first live entry at or after `i`, or -1. An exhausted iterator (-1, stored by the last
/// call) stays exhausted: `next(it, default)` may ask again after the end.
#[no_mangle]
pub extern "C" fn oxjit_rt_dict_next(mi: *mut MemInfo, i: i64) -> i64 {
    if i < 0 {
        return -1;
    }
    // SAFETY: a live dict block.
    unsafe {
        let h = header(mi);
        if settable::is_set(h) {
            return settable::next(h, i);
        }
        let mut i = i;
        while i < h.used {
            if *(entry(h, i) as *const i64) != DELETED {
                return i;
            }
            i += 1;
        }
        -1
    }
}

/// The last live entry at or before `i`, or -1 (`reversed(d)`).
#[no_mangle]
pub extern "C" fn oxjit_rt_dict_prev(mi: *mut MemInfo, i: i64) -> i64 {
    // SAFETY: a live dict block.
    unsafe {
        let h = header(mi);
        let mut i = i.min(h.used - 1);
        while i >= 0 && *(entry(h, i) as *const i64) == DELETED {
            i -= 1;
        }
        i
    }
}

/// The last live entry, or -1 (`popitem`).
#[no_mangle]
pub extern "C" fn oxjit_rt_dict_last(mi: *mut MemInfo) -> i64 {
    // SAFETY: a live dict block.
    unsafe {
        let h = header(mi);
        let mut i = h.used - 1;
        while i >= 0 && *(entry(h, i) as *const i64) == DELETED {
            i -= 1;
        }
        i
    }
}

/// `d.clear()`.
#[no_mangle]
pub extern "C" fn oxjit_rt_dict_clear(mi: *mut MemInfo) {
    // SAFETY: a live dict block.
    unsafe {
        let h = header(mi);
        if settable::is_set(h) {
            return settable::clear(h);
        }
        for i in 0..h.used {
            let e = entry(h, i);
            if *(e as *const i64) != DELETED {
                count_refs(h, e, true, true, -1);
                *(e as *mut i64) = DELETED;
            }
        }
        h.len = 0;
        resize(h, 8);
    }
}

/// Gives the empty dict `mi` one table for `n` items, as CPython's `dict_merge` sizes the table
/// of an empty dict it merges `n` items into (so `n` insertions make no resize): the copy of a
/// Python dict argument. 0, or 1 when memory runs out.
pub fn presize(mi: *mut MemInfo, n: i64) -> i32 {
    // SAFETY: a live, empty dict block (not a set).
    unsafe {
        let h = header(mi);
        if n <= usable(h.mask + 1) {
            return 0;
        }
        resize(h, keysize((3 * n + 1) / 2))
    }
}

/// `d.copy()`: a new dict with the same items (references taken); null when memory runs out.
#[no_mangle]
pub extern "C" fn oxjit_rt_dict_copy(mi: *mut MemInfo) -> *mut MemInfo {
    // SAFETY: a live dict block; the copy has the same layout.
    unsafe {
        let h = header(mi);
        if settable::is_set(h) {
            return settable::oxjit_rt_set_copy(mi, None);
        }
        let out = oxjit_rt_dict_new(
            h.entry_size,
            h.key_off,
            h.key_size,
            h.val_off,
            h.key_refs,
            h.val_refs,
            offsets(h).as_ptr(),
        );
        if out.is_null() {
            return out;
        }
        let o = header(out);
        o.typed = h.typed;
        if h.len > 0 && h.len >= h.used * 2 / 3 {
            // CPython's `PyDict_Copy` of a dict at most a third of whose entries are deleted:
            // a clone of its table, the deleted entries and the free room included.
            if clone_tables(h, o) != 0 {
                oxjit_rt_nrt_decref(out);
                return std::ptr::null_mut();
            }
            return out;
        }
        // Else `dict_merge` into an empty dict: one table for all the items, compacted.
        if resize(o, keysize((3 * h.len + 1) / 2)) != 0 {
            oxjit_rt_nrt_decref(out);
            return std::ptr::null_mut();
        }
        for i in 0..h.used {
            let e = entry(h, i);
            let hash = *(e as *const i64);
            if hash == DELETED {
                continue;
            }
            let j = o.used;
            let d = entry(o, j);
            std::ptr::copy_nonoverlapping(e, d, h.entry_size as usize);
            count_refs(o, d, true, true, 1);
            let mask = o.mask as u64;
            let mut slot = (hash as u64) & mask;
            let mut perturb = hash as u64;
            while *o.indices.add(slot as usize) != EMPTY {
                perturb >>= PERTURB_SHIFT;
                slot = (slot * 5 + perturb + 1) & mask;
            }
            *o.indices.add(slot as usize) = j;
            o.used += 1;
            o.len += 1;
        }
        out
    }
}

/// Makes `o`'s (empty) tables a copy of `h`'s: the same size, entries and indices, a
/// reference taken for each live entry's key and value. 1 when memory runs out.
unsafe fn clone_tables(h: &DictHeader, o: &mut DictHeader) -> i32 {
    let size = h.mask + 1;
    // SAFETY: fresh allocations of `h`'s sizes; `h`'s live entries hold references.
    unsafe {
        let entries = alloc(bytes_layout((h.cap * h.entry_size) as usize));
        let indices = alloc(bytes_layout(8 * size as usize)) as *mut i64;
        if entries.is_null() || indices.is_null() {
            return 1;
        }
        std::ptr::copy_nonoverlapping(h.entries, entries, (h.used * h.entry_size) as usize);
        std::ptr::copy_nonoverlapping(h.indices, indices, size as usize);
        free_tables(o);
        o.entries = entries;
        o.indices = indices;
        o.mask = h.mask;
        o.cap = h.cap;
        o.used = h.used;
        o.len = h.len;
        for i in 0..o.used {
            let e = entry(o, i);
            if *(e as *const i64) != DELETED {
                count_refs(o, e, true, true, 1);
            }
        }
    }
    0
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![
        oxjit_rt_dict_clear,
        oxjit_rt_dict_copy,
        oxjit_rt_dict_insert,
        oxjit_rt_dict_last,
        oxjit_rt_dict_lookup,
        oxjit_rt_dict_new,
        oxjit_rt_dict_next,
        oxjit_rt_dict_prev,
        oxjit_rt_dict_remove,
    ]
}
