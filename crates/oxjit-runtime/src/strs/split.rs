//! The methods of `str` that make or read lists: `split`, `rsplit`, `splitlines` and `join` of a
//! list, as CPython's `Objects/stringlib/split.h`; the lists are the runtime's (`list.rs`), of
//! string items (one reference each).

use oxjit_abi::MemInfo;

use super::chars::is_space;
use super::ops::{find_units, join, rfind_units};
use super::{allocate, fail, fill_units, from_units, head, units, units_mut, Units};
use crate::list::{header, oxjit_rt_list_new, oxjit_rt_list_reserve};
use crate::nrt::oxjit_rt_nrt_decref;

/// A new list of the strings `parts` (their references move into it); null when memory runs
/// out (the parts are then released).
fn list_of(parts: Vec<*mut MemInfo>) -> *mut MemInfo {
    let mut out = Parts::new();
    parts.into_iter().for_each(|p| out.push(p));
    out.finish()
}

/// The list a split fills: each part's reference moves into it as the part is made (no vector
/// of 10^6 parts copied into the list at the end), its room doubled when full.
struct Parts {
    list: *mut MemInfo,
    ok: bool,
}

impl Parts {
    fn new() -> Self {
        let offsets = [0i64];
        let list = oxjit_rt_list_new(8, 16, 1, offsets.as_ptr());
        Parts {
            list,
            ok: !list.is_null(),
        }
    }

    /// Appends the string `p` (null: memory ran out, and the split fails).
    #[inline]
    fn push(&mut self, p: *mut MemInfo) {
        if !self.ok || p.is_null() {
            self.ok = false;
            if !p.is_null() {
                oxjit_rt_nrt_decref(p);
            }
            return;
        }
        // SAFETY: a live list of 8-byte items, with room for one more after the reserve.
        unsafe {
            let h = header(self.list);
            if h.len == h.cap && oxjit_rt_list_reserve(self.list, 2 * h.len) != 0 {
                self.ok = false;
                oxjit_rt_nrt_decref(p);
                return;
            }
            (h.items as *mut *mut MemInfo).add(h.len as usize).write(p);
            h.len += 1;
        }
    }

    /// The list; null where a part or the list's room could not be had (what it held given
    /// back, a MemoryError recorded).
    fn finish(self) -> *mut MemInfo {
        if self.ok {
            // SAFETY: a live list.
            unsafe { header(self.list).dirty = 1 };
            return self.list;
        }
        if !self.list.is_null() {
            oxjit_rt_nrt_decref(self.list);
        }
        fail("MemoryError", String::new())
    }
}

/// The parts of `u` between runs of white space, at most `max` splits, from the left.
fn split_whitespace(u: Units<'_>, max: usize) -> *mut MemInfo {
    // One loop per width: the scan reads the units directly, not through a match per unit.
    match u {
        Units::L1(s) => split_whitespace_of(s, max, |a, b| from_units(u, a, b)),
        Units::L2(s) => split_whitespace_of(s, max, |a, b| from_units(u, a, b)),
        Units::L4(s) => split_whitespace_of(s, max, |a, b| from_units(u, a, b)),
    }
}

fn split_whitespace_of<T: Copy + Into<u32>>(
    s: &[T],
    max: usize,
    part: impl Fn(usize, usize) -> *mut MemInfo,
) -> *mut MemInfo {
    let n = s.len();
    let space = |i: usize| is_space(s[i].into());
    let mut out = Parts::new();
    let mut i = 0;
    let mut count = 0;
    while count < max {
        while i < n && space(i) {
            i += 1;
        }
        if i == n {
            break;
        }
        let j = i;
        while i < n && !space(i) {
            i += 1;
        }
        out.push(part(j, i));
        count += 1;
    }
    while i < n && space(i) {
        i += 1;
    }
    if i < n {
        out.push(part(i, n));
    }
    out.finish()
}

/// The same from the right (the parts in order).
fn rsplit_whitespace(u: Units<'_>, max: usize) -> Vec<*mut MemInfo> {
    let mut out = Vec::new();
    let mut i = u.len();
    let mut count = 0;
    while count < max {
        while i > 0 && is_space(u.get(i - 1)) {
            i -= 1;
        }
        if i == 0 {
            break;
        }
        let j = i;
        while i > 0 && !is_space(u.get(i - 1)) {
            i -= 1;
        }
        out.push(from_units(u, i, j));
        count += 1;
    }
    while i > 0 && is_space(u.get(i - 1)) {
        i -= 1;
    }
    if i > 0 {
        out.push(from_units(u, 0, i));
    }
    out.reverse();
    out
}

/// `s.split(sep, maxsplit)` (`sep` null: white space; `from_right`: `rsplit`).
#[no_mangle]
pub extern "C" fn oxjit_rt_str_split(
    s: *mut MemInfo,
    sep: *mut MemInfo,
    maxsplit: i64,
    from_right: bool,
) -> *mut MemInfo {
    let u = units(s);
    let max = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    if sep.is_null() {
        return if from_right {
            list_of(rsplit_whitespace(u, max))
        } else {
            split_whitespace(u, max)
        };
    }
    let p = units(sep);
    if p.is_empty() {
        return fail("ValueError", "empty separator".into());
    }
    let mut parts = Vec::new();
    let mut count = 0;
    if from_right {
        let mut j = u.len();
        while count < max {
            let Some(k) = rfind_units(u, p, 0, j) else {
                break;
            };
            parts.push(from_units(u, k + p.len(), j));
            j = k;
            count += 1;
        }
        parts.push(from_units(u, 0, j));
        parts.reverse();
    } else {
        let mut i = 0;
        while count < max {
            let Some(k) = find_units(u, p, i, u.len()) else {
                break;
            };
            parts.push(from_units(u, i, k));
            i = k + p.len();
            count += 1;
        }
        parts.push(from_units(u, i, u.len()));
    }
    list_of(parts)
}

/// Line boundaries of `str.splitlines` (CPython's `Py_UNICODE_ISLINEBREAK`).
fn is_linebreak(c: u32) -> bool {
    matches!(c, 0x0A..=0x0D | 0x1C..=0x1E | 0x85 | 0x2028 | 0x2029)
}

/// `s.splitlines(keepends)`.
#[no_mangle]
pub extern "C" fn oxjit_rt_str_splitlines(s: *mut MemInfo, keepends: bool) -> *mut MemInfo {
    let u = units(s);
    let n = u.len();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < n {
        let j = i;
        while i < n && !is_linebreak(u.get(i)) {
            i += 1;
        }
        let mut eol = i;
        if i < n {
            if u.get(i) == '\r' as u32 && i + 1 < n && u.get(i + 1) == '\n' as u32 {
                i += 2;
            } else {
                i += 1;
            }
            if keepends {
                eol = i;
            }
        }
        parts.push(from_units(u, j, eol));
    }
    list_of(parts)
}

/// `sep.join(items)` of a list of strings.
#[no_mangle]
pub extern "C" fn oxjit_rt_str_join_list(sep: *mut MemInfo, list: *mut MemInfo) -> *mut MemInfo {
    // SAFETY: a live list of string items (8-byte meminfo pointers).
    let items = unsafe {
        let h = header(list);
        std::slice::from_raw_parts(h.items as *const *mut MemInfo, h.len.max(0) as usize)
    };
    join_blocks(sep, items).unwrap_or_else(|| join(units(sep), items.iter().map(|&s| units(s))))
}

/// `sep.join(items)` with the result's length, kind and ASCII flag read from the parts' headers
/// (not from their text), then each part copied into one block: bytes where the result holds
/// one byte per code point (the common case of words), else each part widened to the result's
/// kind. `None` leaves a result of at most one character (a static string) to the general path.
fn join_blocks(sep: *mut MemInfo, items: &[*mut MemInfo]) -> Option<*mut MemInfo> {
    let sep_units = units(sep);
    let mut len = sep_units.len() * items.len().saturating_sub(1);
    // The separator counts only where it is used: between two items.
    let (mut kind, mut ascii) = (1, true);
    if items.len() > 1 {
        // SAFETY: a live string block.
        (kind, ascii) = unsafe { (head(sep).kind, head(sep).ascii != 0) };
    }
    for &s in items {
        // SAFETY: as above.
        let h = unsafe { head(s) };
        len += h.len as usize;
        kind = kind.max(h.kind);
        ascii &= h.ascii != 0;
    }
    if len <= 1 {
        return None;
    }
    let mi = allocate(len, kind as usize, ascii);
    if mi.is_null() {
        return Some(mi);
    }
    if let (1, Units::L1(sep_bytes)) = (kind, sep_units) {
        let out = units_mut::<u8>(mi);
        let mut at = 0;
        for (k, &s) in items.iter().enumerate() {
            if k > 0 {
                out[at..at + sep_bytes.len()].copy_from_slice(sep_bytes);
                at += sep_bytes.len();
            }
            if let Units::L1(w) = units(s) {
                out[at..at + w.len()].copy_from_slice(w);
                at += w.len();
            }
        }
        return Some(mi);
    }
    let mut at = 0;
    for (k, &s) in items.iter().enumerate() {
        if k > 0 {
            at = fill_units(mi, at, sep_units);
        }
        at = fill_units(mi, at, units(s));
    }
    Some(mi)
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![
        oxjit_rt_str_split,
        oxjit_rt_str_splitlines,
        oxjit_rt_str_join_list,
    ]
}
