//! Python sets in compiled code: CPython's own table (Objects/setobject.c), so that iteration,
//! `pop()` and `repr` come out in CPython's order for the same operations. One array of
//! entries `{hash, key}` (16 bytes for int64 items) probed in place (one cache miss per lookup, where the compact
//! dict's index table costs two): `LINEAR_PROBES` neighbours, then CPython's perturbed jump;
//! a discarded entry becomes a dummy until a resize; the table grows by CPython's rule
//! (`fill * 5 >= mask * 3` → room for `used * 4`, `used * 2` past 50,000 items); `pop` scans
//! from CPython's finger. The set operations (`merge`, intersection, difference, symmetric
//! difference) follow setobject.c's loops over the operand it iterates, so their results are
//! built in CPython's order.
//!
//! A set is a dict block (`dict.rs`'s header, shared with generated code, which reads the
//! entries and the length at the same words) with no index table: the null `indices` marks
//! it, and the dict entry points hand such a block here. Header words as a set's: `len` the
//! live items (CPython's `used`), `used` the live and dummy entries (`fill`), `cap` the pop
//! finger, `entries` the table of `mask + 1` entries. An entry holds no item when its hash is
//! -1 (no hash is, as in CPython); its state byte, at `val_off` (the first byte of the key,
//! which such an entry does not hold: `oxjit_core::types::set_entry_parts`), then tells a
//! never-used entry (0, which ends a probe) from a dummy (1). Generated code reads the same
//! bytes (`lower/set_table.rs`: the inline lookup and insertion of int items).

use std::alloc::{alloc, dealloc};

use crate::dict_header::{bytes_layout, count_refs, entry, header, offsets, DictHeader, KeyEq};
use crate::nrt::{oxjit_rt_nrt_allocate, oxjit_rt_nrt_decref, MemInfo};

const LINEAR_PROBES: u64 = 9;
const PERTURB_SHIFT: u32 = 5;
const MINSIZE: i64 = 8;
/// The hash word of an entry that holds no item.
const NO_ITEM: i64 = -1;
const DUMMY_STATE: u8 = 1;

/// Whether the dict block header `h` is a set's.
pub fn is_set(h: &DictHeader) -> bool {
    h.indices.is_null()
}

unsafe fn hash_of(h: &DictHeader, i: i64) -> i64 {
    // SAFETY: `i` is within the table.
    unsafe { *(entry(h, i) as *const i64) }
}

unsafe fn state_of(h: &DictHeader, i: i64) -> u8 {
    // SAFETY: `i` is within the table; the state byte is at `val_off`.
    unsafe { *entry(h, i).add(h.val_off as usize) }
}

unsafe fn is_live(h: &DictHeader, i: i64) -> bool {
    // SAFETY: the caller's index.
    unsafe { hash_of(h, i) != NO_ITEM }
}

unsafe fn is_never_used(h: &DictHeader, i: i64) -> bool {
    // SAFETY: the caller's index.
    unsafe { hash_of(h, i) == NO_ITEM && state_of(h, i) == 0 }
}

/// A table of `size` entries of `esize` bytes, each holding no item; null without memory.
unsafe fn new_table(size: i64, esize: i64, val_off: i64) -> *mut u8 {
    // SAFETY: a fresh allocation, initialised entry by entry.
    unsafe {
        let t = alloc(bytes_layout((size * esize) as usize));
        if t.is_null() {
            return t;
        }
        for i in 0..size {
            let e = t.add((i * esize) as usize);
            *(e as *mut i64) = NO_ITEM;
            *e.add(val_off as usize) = 0;
        }
        t
    }
}

unsafe fn free_table(h: &mut DictHeader) {
    if !h.entries.is_null() {
        // SAFETY: allocated by `new_table` with this size.
        unsafe {
            dealloc(
                h.entries,
                bytes_layout(((h.mask + 1) * h.entry_size) as usize),
            )
        };
    }
    h.entries = std::ptr::null_mut();
}

/// Whether the key at `k` equals `key` (by `eq`, or bytewise where none).
unsafe fn same_key(h: &DictHeader, k: *const u8, key: *const u8, eq: Option<KeyEq>) -> bool {
    // SAFETY: both point to keys of the set's type.
    unsafe {
        match eq {
            Some(eq) if crate::strs::is_str_key_eq(eq) => crate::strs::oxjit_rt_str_key_eq(k, key),
            Some(eq) => eq(k, key),
            // Integer keys: one load each, not a `memcmp` call (a set of int32 compares 4 bytes).
            None if h.key_size == 8 => {
                (k as *const u64).read_unaligned() == (key as *const u64).read_unaligned()
            }
            None if h.key_size == 4 => {
                (k as *const u32).read_unaligned() == (key as *const u32).read_unaligned()
            }
            None if h.key_size == 2 => {
                (k as *const u16).read_unaligned() == (key as *const u16).read_unaligned()
            }
            None if h.key_size == 1 => *k == *key,
            None => {
                let n = h.key_size as usize;
                std::slice::from_raw_parts(k, n) == std::slice::from_raw_parts(key, n)
            }
        }
    }
}

/// Copies `n` bytes from `src` to `dst` (not overlapping): the usual entry and key sizes by
/// whole words, inline, instead of a `memcpy` call per item (every insertion and every entry
/// moved by a resize copies one).
#[inline(always)]
unsafe fn copy_small(src: *const u8, dst: *mut u8, n: usize) {
    // SAFETY: the caller's `n` readable bytes at `src`, writable at `dst`.
    unsafe {
        match n {
            8 => (dst as *mut u64).write_unaligned((src as *const u64).read_unaligned()),
            16 => (dst as *mut [u64; 2]).write_unaligned((src as *const [u64; 2]).read_unaligned()),
            24 => (dst as *mut [u64; 3]).write_unaligned((src as *const [u64; 3]).read_unaligned()),
            4 => (dst as *mut u32).write_unaligned((src as *const u32).read_unaligned()),
            _ => std::ptr::copy_nonoverlapping(src, dst, n),
        }
    }
}

/// CPython's probe sequence from `hash` over a table of `mask + 1`: calls `visit` with each
/// entry index until it returns `Some`.
#[inline(always)]
fn probe<T>(hash: i64, mask: u64, mut visit: impl FnMut(i64) -> Option<T>) -> T {
    let mut perturb = hash as u64;
    let mut i = (hash as u64) & mask;
    loop {
        let probes = if i + LINEAR_PROBES <= mask {
            LINEAR_PROBES
        } else {
            0
        };
        for j in i..=i + probes {
            if let Some(r) = visit(j as i64) {
                return r;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
    }
}

/// `set_lookkey`: (entry index, whether it holds `key`); not found: the never-used entry
/// that ended the search.
unsafe fn lookkey(h: &DictHeader, key: *const u8, hash: i64, eq: Option<KeyEq>) -> (i64, bool) {
    let ko = h.key_off as usize;
    probe(hash, h.mask as u64, |i| {
        // SAFETY: `i` is within the table; a live entry's key is at `key_off`.
        unsafe {
            if hash_of(h, i) == hash && same_key(h, entry(h, i).add(ko), key, eq) {
                Some((i, true))
            } else if is_never_used(h, i) {
                Some((i, false))
            } else {
                None
            }
        }
    })
}

/// The entry holding `key`, or -1.
pub(crate) unsafe fn lookup(h: &DictHeader, key: *const u8, hash: i64, eq: Option<KeyEq>) -> i64 {
    // SAFETY: a live set and a key of its type.
    match unsafe { lookkey(h, key, hash, eq) } {
        (i, true) => i,
        _ => -1,
    }
}

/// `set_insert_clean`: stores the entry at `src` (hash `hash`) into the first never-used
/// entry of its probe sequence in the table `t` of `mask + 1` entries.
unsafe fn insert_clean(h: &DictHeader, t: *mut u8, mask: i64, src: *const u8, hash: i64) {
    let es = h.entry_size;
    let slot = probe(hash, mask as u64, |i| {
        // SAFETY: `i` is within `t`.
        let e = unsafe { t.add((i * es) as usize) };
        // SAFETY: as above.
        (unsafe { *(e as *const i64) } == NO_ITEM).then_some(e)
    });
    // SAFETY: whole entries of the same layout.
    unsafe { copy_small(src, slot, es as usize) };
}

/// `set_table_resize`: a table of the smallest power of two above `minused` (at least 8),
/// the live entries reinserted in table order and the dummies dropped. 1 without memory.
unsafe fn table_resize(h: &mut DictHeader, minused: i64) -> i32 {
    let mut size = MINSIZE;
    while size <= minused {
        size <<= 1;
    }
    if size == MINSIZE && h.mask == MINSIZE - 1 && h.used == h.len {
        // CPython's small table without dummies is left as it is.
        return 0;
    }
    // SAFETY: the old table is read whole before it is freed.
    unsafe {
        let t = new_table(size, h.entry_size, h.val_off);
        if t.is_null() {
            return 1;
        }
        for i in 0..=h.mask {
            if is_live(h, i) {
                insert_clean(h, t, size - 1, entry(h, i), hash_of(h, i));
            }
        }
        free_table(h);
        h.entries = t;
        h.mask = size - 1;
        h.used = h.len;
    }
    0
}

/// CPython's resize after an insertion into a never-used entry.
unsafe fn grow_if_full(h: &mut DictHeader) -> i32 {
    if h.used * 5 < h.mask * 3 {
        return 0;
    }
    let minused = if h.len > 50000 { h.len * 2 } else { h.len * 4 };
    // SAFETY: a live set.
    unsafe { table_resize(h, minused) }
}

/// Writes a new item (hash and key, a reference taken) into entry `i`.
unsafe fn store(h: &mut DictHeader, i: i64, key: *const u8, hash: i64) {
    // SAFETY: `i` is an entry holding no item; `key` is `key_size` bytes.
    unsafe {
        let e = entry(h, i);
        *(e as *mut i64) = hash;
        // Over the state byte, which only an entry without an item reads.
        copy_small(key, e.add(h.key_off as usize), h.key_size as usize);
        if h.key_refs > 0 {
            count_refs(h, e, true, false, 1);
        }
    }
}

/// `set_add_entry`: (the entry holding `key`, whether it was there already); -1 without
/// memory. The last dummy of the probe sequence takes a new item, as CPython's does.
pub(crate) unsafe fn add_entry(
    h: &mut DictHeader,
    key: *const u8,
    hash: i64,
    eq: Option<KeyEq>,
) -> i64 {
    let ko = h.key_off as usize;
    let (i, found, free) = {
        let hh: &DictHeader = h;
        let mut free = -1;
        let (i, found) = probe(hash, hh.mask as u64, |i| {
            // SAFETY: `i` is within the table.
            unsafe {
                let eh = hash_of(hh, i);
                if eh == hash && same_key(hh, entry(hh, i).add(ko), key, eq) {
                    return Some((i, true));
                }
                if eh == NO_ITEM {
                    if state_of(hh, i) == 0 {
                        return Some((i, false));
                    }
                    free = i;
                }
                None
            }
        });
        (i, found, free)
    };
    if found {
        return 2 * i + 1;
    }
    // SAFETY: entries holding no item.
    unsafe {
        if free >= 0 {
            store(h, free, key, hash);
            h.len += 1;
            return 2 * free;
        }
        store(h, i, key, hash);
        h.used += 1;
        h.len += 1;
        let mask = h.mask;
        if grow_if_full(h) != 0 {
            return -1;
        }
        if h.mask != mask {
            return 2 * lookkey(h, key, hash, eq).0;
        }
    }
    2 * i
}

/// CPython's resize check after generated code stored a new item into a never-used entry
/// (`lower/set_table.rs`'s inline insertion). 1 without memory.
#[no_mangle]
pub extern "C" fn oxjit_rt_set_grow(so: *mut MemInfo) -> i32 {
    // SAFETY: a live set.
    unsafe { grow_if_full(header(so)) }
}

/// `set_discard_entry` of the live entry `i`: a dummy now, its key's references given back
/// where `release`.
pub(crate) unsafe fn discard_at(h: &mut DictHeader, i: i64, release: bool) {
    // SAFETY: `i` is a live entry.
    unsafe {
        let e = entry(h, i);
        if release {
            count_refs(h, e, true, false, -1);
        }
        *(e as *mut i64) = NO_ITEM;
        *e.add(h.val_off as usize) = DUMMY_STATE;
    }
    h.len -= 1;
}

/// The first live entry at or after `i`, or -1 (`set_next`).
pub(crate) unsafe fn next(h: &DictHeader, i: i64) -> i64 {
    let mut i = i.max(0);
    while i <= h.mask {
        // SAFETY: within the table.
        if unsafe { is_live(h, i) } {
            return i;
        }
        i += 1;
    }
    -1
}

unsafe fn release_all(h: &mut DictHeader) {
    if h.key_refs == 0 {
        return; // numbers: no reference to give back
    }
    for i in 0..=h.mask {
        // SAFETY: within the table; live entries hold references.
        unsafe {
            if is_live(h, i) {
                count_refs(h, entry(h, i), true, false, -1);
            }
        }
    }
}

/// `set_clear_internal`: empty, on a fresh table of 8 (the finger stays, as CPython's).
pub(crate) unsafe fn clear(h: &mut DictHeader) {
    // SAFETY: a live set.
    unsafe {
        release_all(h);
        free_table(h);
        h.entries = new_table(MINSIZE, h.entry_size, h.val_off);
    }
    h.mask = MINSIZE - 1;
    h.len = 0;
    h.used = 0;
}

unsafe extern "C" fn set_dtor(mi: *mut MemInfo) {
    // SAFETY: called once on a set block as it is freed.
    unsafe {
        let h = header(mi);
        if !h.entries.is_null() {
            release_all(h);
        }
        free_table(h);
    }
}

/// A new empty set of the layout of `like`'s (a set), or null.
unsafe fn new_like(like: &DictHeader) -> *mut MemInfo {
    let offs = offsets(like);
    let mi = oxjit_rt_set_new(
        like.entry_size,
        like.key_off,
        like.key_size,
        like.val_off,
        like.key_refs,
        offs.as_ptr(),
    );
    if !mi.is_null() {
        // SAFETY: a fresh set.
        unsafe { header(mi).typed = like.typed };
    }
    mi
}

/// A new empty set whose entries are `entry_size` bytes with the key at `key_off` (`key_size`
/// bytes, `key_refs` reference offsets at `offs`) and the state byte at `val_off`. Null when
/// memory runs out.
#[no_mangle]
pub extern "C" fn oxjit_rt_set_new(
    entry_size: i64,
    key_off: i64,
    key_size: i64,
    val_off: i64,
    key_refs: i64,
    offs: *const i64,
) -> *mut MemInfo {
    let mi = oxjit_rt_nrt_allocate(std::mem::size_of::<DictHeader>() as i64 + 8 * key_refs);
    if mi.is_null() {
        return mi;
    }
    // SAFETY: a fresh block of the header's size and the offsets.
    unsafe {
        let h = (*mi).data as *mut DictHeader;
        let table = new_table(MINSIZE, entry_size, val_off);
        h.write(DictHeader {
            len: 0,
            used: 0,
            cap: 0,
            entries: table,
            indices: std::ptr::null_mut(),
            mask: MINSIZE - 1,
            entry_size,
            key_off,
            key_size,
            val_off,
            key_refs,
            val_refs: 0,
            typed: 0,
        });
        if key_refs > 0 {
            std::ptr::copy_nonoverlapping(offs, h.add(1) as *mut i64, key_refs as usize);
        }
        crate::nrt::set_dtor(mi, set_dtor);
        if table.is_null() {
            oxjit_rt_nrt_decref(mi);
            return std::ptr::null_mut();
        }
    }
    mi
}

/// `set_merge`: adds every item of the set `other` to `so` (`so.update(other)`, `so | other`
/// after a copy, `set(other)`): one resize up front, a table copied entry for entry where
/// `so` is empty and both tables have the same size, else CPython's insertions. 1 without
/// memory.
#[no_mangle]
pub extern "C" fn oxjit_rt_set_merge(
    so: *mut MemInfo,
    other: *mut MemInfo,
    eq: Option<KeyEq>,
) -> i32 {
    if so == other {
        return 0;
    }
    // SAFETY: two live sets of the same layout.
    unsafe {
        let (h, o) = (header(so), header(other));
        if o.len == 0 {
            return 0;
        }
        if (h.used + o.len) * 5 >= h.mask * 3 && table_resize(h, (h.len + o.len) * 2) != 0 {
            return 1;
        }
        if h.used == 0 && h.mask == o.mask && o.used == o.len {
            let n = ((o.mask + 1) * o.entry_size) as usize;
            std::ptr::copy_nonoverlapping(o.entries, h.entries, n);
        } else if h.used == 0 {
            for i in 0..=o.mask {
                if is_live(o, i) {
                    insert_clean(h, h.entries, h.mask, entry(o, i), hash_of(o, i));
                }
            }
        } else {
            for i in 0..=o.mask {
                if is_live(o, i) {
                    let key = entry(o, i).add(o.key_off as usize);
                    if add_entry(h, key, hash_of(o, i), eq) < 0 {
                        return 1;
                    }
                }
            }
            return 0;
        }
        // The entries copied whole: their references taken here.
        h.used = o.len;
        h.len = o.len;
        for i in 0..=h.mask {
            if h.key_refs > 0 && is_live(h, i) {
                count_refs(h, entry(h, i), true, false, 1);
            }
        }
    }
    0
}

/// `s.copy()`, `set(s)`: a new set merged from `s`; null without memory.
#[no_mangle]
pub extern "C" fn oxjit_rt_set_copy(s: *mut MemInfo, eq: Option<KeyEq>) -> *mut MemInfo {
    // SAFETY: a live set.
    let out = unsafe { new_like(header(s)) };
    if !out.is_null() && oxjit_rt_set_merge(out, s, eq) != 0 {
        oxjit_rt_nrt_decref(out);
        return std::ptr::null_mut();
    }
    out
}

/// CPython's one resize before adding the `n` keys of a dict (`set(d)`, `s.update(d)`).
#[no_mangle]
pub extern "C" fn oxjit_rt_set_presize(so: *mut MemInfo, n: i64) -> i32 {
    // SAFETY: a live set.
    unsafe {
        let h = header(so);
        if (h.used + n) * 5 >= h.mask * 3 {
            return table_resize(h, (h.len + n) * 2);
        }
    }
    0
}

/// `set_pop`'s entry: the first live one from the finger on (the finger moves past it), or
/// -1 when empty. The caller reads the item, then removes the entry.
#[no_mangle]
pub extern "C" fn oxjit_rt_set_pop(so: *mut MemInfo) -> i64 {
    // SAFETY: a live set.
    unsafe {
        let h = header(so);
        if h.len == 0 {
            return -1;
        }
        let mut i = h.cap & h.mask;
        while !is_live(h, i) {
            i = if i == h.mask { 0 } else { i + 1 };
        }
        h.cap = i + 1;
        i
    }
}

/// Adds the entry `i` of `from` to `to` (its hash kept); false without memory.
unsafe fn add_from(to: &mut DictHeader, from: &DictHeader, i: i64, eq: Option<KeyEq>) -> bool {
    // SAFETY: `i` is a live entry of `from`, a set of `to`'s layout.
    unsafe {
        let key = entry(from, i).add(from.key_off as usize);
        add_entry(to, key, hash_of(from, i), eq) >= 0
    }
}

/// Whether entry `i` of `from` is in `s`.
unsafe fn has_entry(s: &DictHeader, from: &DictHeader, i: i64, eq: Option<KeyEq>) -> bool {
    // SAFETY: `i` is a live entry of `from`, a set of `s`'s layout.
    unsafe {
        let key = entry(from, i).add(from.key_off as usize);
        lookkey(s, key, hash_of(from, i), eq).1
    }
}

/// The items of `a` for which `keep(b has it)`, added in `a`'s order to a new set.
unsafe fn filtered(
    a: *mut MemInfo,
    b: *mut MemInfo,
    keep: bool,
    eq: Option<KeyEq>,
) -> *mut MemInfo {
    // SAFETY: two live sets of the same layout.
    unsafe {
        let (ha, hb) = (header(a), header(b));
        let out = new_like(ha);
        if out.is_null() {
            return out;
        }
        let ho = header(out);
        for i in 0..=ha.mask {
            if is_live(ha, i) && has_entry(hb, ha, i, eq) == keep && !add_from(ho, ha, i, eq) {
                oxjit_rt_nrt_decref(out);
                return std::ptr::null_mut();
            }
        }
        out
    }
}

/// `set_intersection` of two sets: the smaller one iterated (`b` on a tie), its items found
/// in the other added in its order. Null without memory.
#[no_mangle]
pub extern "C" fn oxjit_rt_set_intersection(
    a: *mut MemInfo,
    b: *mut MemInfo,
    eq: Option<KeyEq>,
) -> *mut MemInfo {
    if a == b {
        return oxjit_rt_set_copy(a, eq);
    }
    // SAFETY: two live sets.
    let (la, lb) = unsafe { (header(a).len, header(b).len) };
    let (big, small) = if lb > la { (b, a) } else { (a, b) };
    // SAFETY: as above.
    unsafe { filtered(small, big, true, eq) }
}

/// `set_difference_update_internal` with a set: every item of `b` discarded from `a`, then
/// CPython's resize where over a quarter of the entries are dummies. 1 without memory.
#[no_mangle]
pub extern "C" fn oxjit_rt_set_difference_update(
    a: *mut MemInfo,
    b: *mut MemInfo,
    eq: Option<KeyEq>,
) -> i32 {
    // SAFETY: two live sets of the same layout.
    unsafe {
        let ha = header(a);
        if a == b {
            clear(ha);
            return 0;
        }
        let hb = header(b);
        for i in 0..=hb.mask {
            if is_live(hb, i) {
                let key = entry(hb, i).add(hb.key_off as usize);
                let (j, found) = lookkey(ha, key, hash_of(hb, i), eq);
                if found {
                    discard_at(ha, j, true);
                }
            }
        }
    }
    oxjit_rt_set_purge(a)
}

/// The end of CPython's difference update: a resize where more than a quarter of the table
/// is dummies. 1 without memory.
#[no_mangle]
pub extern "C" fn oxjit_rt_set_purge(a: *mut MemInfo) -> i32 {
    // SAFETY: a live set.
    unsafe {
        let h = header(a);
        if (h.used - h.len) as u64 <= (h.mask / 4) as u64 {
            return 0;
        }
        let minused = if h.len > 50000 { h.len * 2 } else { h.len * 4 };
        table_resize(h, minused)
    }
}

/// `set_difference` of two sets: a copy of `a` with `b`'s items discarded where `a` is over
/// four times larger, else `a`'s items not in `b` added in `a`'s order. Null without memory.
#[no_mangle]
pub extern "C" fn oxjit_rt_set_difference(
    a: *mut MemInfo,
    b: *mut MemInfo,
    eq: Option<KeyEq>,
) -> *mut MemInfo {
    // SAFETY: two live sets.
    let (la, lb) = unsafe { (header(a).len, header(b).len) };
    if (la >> 2) > lb {
        let out = oxjit_rt_set_copy(a, eq);
        if !out.is_null() && oxjit_rt_set_difference_update(out, b, eq) != 0 {
            oxjit_rt_nrt_decref(out);
            return std::ptr::null_mut();
        }
        return out;
    }
    // SAFETY: as above.
    unsafe { filtered(a, b, false, eq) }
}

/// `set_symmetric_difference_update` with a set: each item of `b`, in its order, discarded
/// from `a` where there, else added. 1 without memory.
#[no_mangle]
pub extern "C" fn oxjit_rt_set_symdiff_update(
    a: *mut MemInfo,
    b: *mut MemInfo,
    eq: Option<KeyEq>,
) -> i32 {
    // SAFETY: two live sets of the same layout.
    unsafe {
        let ha = header(a);
        if a == b {
            clear(ha);
            return 0;
        }
        let hb = header(b);
        for i in 0..=hb.mask {
            if !is_live(hb, i) {
                continue;
            }
            let key = entry(hb, i).add(hb.key_off as usize);
            let (j, found) = lookkey(ha, key, hash_of(hb, i), eq);
            if found {
                discard_at(ha, j, true);
            } else if add_entry(ha, key, hash_of(hb, i), eq) < 0 {
                return 1;
            }
        }
    }
    0
}

/// `set_swap_bodies`: `a` and `b` exchange their tables (`a &= b` takes the intersection's).
#[no_mangle]
pub extern "C" fn oxjit_rt_set_swap(a: *mut MemInfo, b: *mut MemInfo) {
    // SAFETY: two live sets of the same layout.
    unsafe {
        let (ha, hb) = (header(a), header(b));
        std::mem::swap(&mut ha.len, &mut hb.len);
        std::mem::swap(&mut ha.used, &mut hb.used);
        std::mem::swap(&mut ha.mask, &mut hb.mask);
        std::mem::swap(&mut ha.entries, &mut hb.entries);
    }
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![
        oxjit_rt_set_copy,
        oxjit_rt_set_difference,
        oxjit_rt_set_difference_update,
        oxjit_rt_set_grow,
        oxjit_rt_set_intersection,
        oxjit_rt_set_merge,
        oxjit_rt_set_new,
        oxjit_rt_set_pop,
        oxjit_rt_set_presize,
        oxjit_rt_set_purge,
        oxjit_rt_set_swap,
        oxjit_rt_set_symdiff_update,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A set of int64 items (`{hash, key}` entries of 16 bytes, the state in the key's bytes).
    fn int_set() -> *mut MemInfo {
        oxjit_rt_set_new(16, 8, 8, 8, 0, std::ptr::null())
    }

    fn add(s: *mut MemInfo, x: i64) {
        // SAFETY: a live int set; CPython's hash of small ints is the int.
        unsafe { add_entry(header(s), &x as *const i64 as *const u8, x, None) };
    }

    fn items(s: *mut MemInfo) -> Vec<i64> {
        let mut out = vec![];
        // SAFETY: a live int set.
        unsafe {
            let h = header(s);
            let mut i = next(h, 0);
            while i >= 0 {
                out.push(*(entry(h, i).add(8) as *const i64));
                i = next(h, i + 1);
            }
        }
        out
    }

    #[test]
    fn order_and_growth_follow_cpython() {
        // CPython 3.11: s = set(); [s.add(x) for x in (20, 3, 1, 5, 7)]; list(s) -> [1, 3, 5,
        // 7, 20] (grown to 32 entries), and set(s) -> [1, 3, 20, 5, 7] (merged into 16).
        let s = int_set();
        for x in [20, 3, 1, 5, 7] {
            add(s, x);
        }
        assert_eq!(items(s), vec![1, 3, 5, 7, 20]);
        let c = oxjit_rt_set_copy(s, None);
        assert_eq!(items(c), vec![1, 3, 20, 5, 7]);
        let p = oxjit_rt_set_pop(c);
        // SAFETY: `p` is a live entry of `c`.
        unsafe { discard_at(header(c), p, true) };
        assert_eq!(items(c), vec![3, 20, 5, 7]);
        oxjit_rt_nrt_decref(c);
        oxjit_rt_nrt_decref(s);
    }
}
