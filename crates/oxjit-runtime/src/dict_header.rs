//! The header of a dict or set block and the words both read: the entries, their
//! references, the key equality generated code passes (`dict.rs` is the compact dict,
//! `settable.rs` CPython's set table; both share this header so that generated code reads the
//! length and the entries at the same words).

use std::alloc::Layout;

use crate::nrt::{oxjit_rt_nrt_decref, oxjit_rt_nrt_incref, MemInfo};

/// The data of a dict's block; the reference offsets (keys' then values') follow it.
#[repr(C)]
pub struct DictHeader {
    /// Live items.
    pub len: i64,
    /// Entries used (live and deleted).
    pub used: i64,
    /// Room for entries.
    pub cap: i64,
    pub entries: *mut u8,
    /// The index table: `mask + 1` slots, -1 empty, -2 deleted, else an entry's index.
    pub indices: *mut i64,
    pub mask: i64,
    pub entry_size: i64,
    pub key_off: i64,
    pub key_size: i64,
    pub val_off: i64,
    pub key_refs: i64,
    pub val_refs: i64,
    /// 1 for an `oxjit.typed.Dict` (boxed as one, without copying, when returned to Python).
    pub typed: i64,
}

/// The equality of two keys, generated per key type. The lookups take it as an
/// `Option<KeyEq>`: none for keys equal exactly when their bytes are (ints, bools), compared
/// here without a call per probe (the set and dict hot loops of integer keys).
pub type KeyEq = unsafe extern "C" fn(*const u8, *const u8) -> bool;

/// The header of the dict whose block is `mi`.
///
/// # Safety
/// `mi` must be a live dict block.
pub unsafe fn header<'a>(mi: *mut MemInfo) -> &'a mut DictHeader {
    // SAFETY: the caller's guarantee.
    unsafe { &mut *((*mi).data as *mut DictHeader) }
}

pub(crate) fn offsets<'a>(h: &DictHeader) -> &'a [i64] {
    // SAFETY: `key_refs + val_refs` offsets follow the header in its block.
    unsafe {
        std::slice::from_raw_parts(
            (h as *const DictHeader).add(1) as *const i64,
            (h.key_refs + h.val_refs) as usize,
        )
    }
}

pub(crate) fn bytes_layout(n: usize) -> Layout {
    Layout::from_size_align(n.max(1), 16).expect("a layout")
}

/// The address of entry `i`.
///
/// # Safety
/// `i < cap`.
pub unsafe fn entry(h: &DictHeader, i: i64) -> *mut u8 {
    // SAFETY: the caller's guarantee.
    unsafe { h.entries.add((i * h.entry_size) as usize) }
}

/// Takes (`delta` > 0) or gives back the references of the key (`key`), the value, or both of
/// entry `e`.
pub(crate) unsafe fn count_refs(h: &DictHeader, e: *mut u8, key: bool, value: bool, delta: i64) {
    let offs = offsets(h);
    let (k, v) = offs.split_at(h.key_refs as usize);
    let each = |base: i64, list: &[i64]| {
        for &o in list {
            // SAFETY: a reference word inside a live entry.
            let mi = unsafe { *(e.add((base + o) as usize) as *const *mut MemInfo) };
            if delta > 0 {
                oxjit_rt_nrt_incref(mi);
            } else {
                oxjit_rt_nrt_decref(mi);
            }
        }
    };
    if key {
        each(h.key_off, k);
    }
    if value {
        each(h.val_off, v);
    }
}
