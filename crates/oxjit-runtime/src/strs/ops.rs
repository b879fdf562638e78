//! The operators of strings: `+`, `*`, `s[i]`, `s[a:b:c]`, comparisons, `in`, and `sep.join`.

use oxjit_abi::{MemInfo, StrHead, STR_NONE, STR_UNITS_OFFSET};

use super::{fail, from_latin1, from_u32s, from_units, units, Units};

/// `a + b`.
#[no_mangle]
pub extern "C" fn oxjit_rt_str_concat(a: *mut MemInfo, b: *mut MemInfo) -> *mut MemInfo {
    super::concat_parts([units(a), units(b)].into_iter())
}

/// `a + b` where the caller hands over its reference to `a`: when that is the only one (and `a`
/// is a heap block whose kind holds `b`), `b` is written after `a`'s code points, the block
/// growing geometrically, so that `s += t` in a loop is linear; otherwise a new string, and `a`
/// is released. On failure `a` is left as it was (the caller still owns it).
#[no_mangle]
pub extern "C" fn oxjit_rt_str_append(a: *mut MemInfo, b: *mut MemInfo) -> *mut MemInfo {
    use std::sync::atomic::Ordering;
    let y = units(b);
    // SAFETY: live string blocks.
    let (unique, kind) = unsafe {
        (
            (*a).refcount.load(Ordering::Acquire) == 1,
            super::head(a).kind,
        )
    };
    let fits = match y {
        Units::L1(_) => true,
        _ => kind as usize >= super::kind_of_units(y),
    };
    if !(unique && fits && crate::nrt::is_block(a)) || a == b {
        let out = oxjit_rt_str_concat(a, b);
        if !out.is_null() {
            crate::nrt::oxjit_rt_nrt_decref(a);
        }
        return out;
    }
    super::append_in_place(a, y)
}

/// `s * n` (nothing for `n <= 0`).
#[no_mangle]
pub extern "C" fn oxjit_rt_str_repeat(s: *mut MemInfo, n: i64) -> *mut MemInfo {
    let u = units(s);
    let n = n.max(0) as usize;
    if u.len()
        .checked_mul(n)
        .is_none_or(|t| t > isize::MAX as usize / 4)
    {
        return fail("OverflowError", "repeated string is too long".into());
    }
    match u {
        Units::L1(p) => from_latin1(&p.repeat(n)),
        _ => from_u32s(&u.to_vec().repeat(n)),
    }
}

/// `s[i]`.
#[no_mangle]
pub extern "C" fn oxjit_rt_str_getitem(s: *mut MemInfo, i: i64) -> *mut MemInfo {
    let u = units(s);
    let n = u.len() as i64;
    let k = if i < 0 { i + n } else { i };
    if k < 0 || k >= n {
        return fail("IndexError", "string index out of range".into());
    }
    from_units(u, k as usize, k as usize + 1)
}

/// `min(s)` (`max(s)` where `is_max`): the smallest (largest) character, as a string.
#[no_mangle]
pub extern "C" fn oxjit_rt_str_min_max(s: *mut MemInfo, is_max: bool) -> *mut MemInfo {
    let u = units(s);
    let best = (0..u.len()).reduce(|b, i| {
        let better = if is_max {
            u.get(i) > u.get(b)
        } else {
            u.get(i) < u.get(b)
        };
        if better {
            i
        } else {
            b
        }
    });
    match best {
        Some(k) => from_units(u, k, k + 1),
        None => {
            let name = if is_max { "max" } else { "min" };
            fail("ValueError", format!("{name}() arg is an empty sequence"))
        }
    }
}

/// Python's `slice.indices(n)` for a step that is not zero: (start, stop) clamped.
pub fn slice_bounds(start: i64, stop: i64, step: i64, n: i64) -> (i64, i64) {
    let clamp = |x: i64, default: i64| -> i64 {
        if x == STR_NONE {
            return default;
        }
        let x = if x < 0 { x + n } else { x };
        if step > 0 {
            x.clamp(0, n)
        } else {
            x.clamp(-1, n - 1)
        }
    };
    if step > 0 {
        (clamp(start, 0), clamp(stop, n))
    } else {
        (clamp(start, n - 1), clamp(stop, -1))
    }
}

/// `s[start:stop:step]`.
#[no_mangle]
pub extern "C" fn oxjit_rt_str_slice(
    s: *mut MemInfo,
    start: i64,
    stop: i64,
    step: i64,
) -> *mut MemInfo {
    if step == 0 {
        return fail("ValueError", "slice step cannot be zero".into());
    }
    let u = units(s);
    let (a, b) = slice_bounds(start, stop, step, u.len() as i64);
    if step == 1 {
        return from_units(u, a as usize, b.max(a) as usize);
    }
    let mut cps = Vec::new();
    let mut i = a;
    while (step > 0 && i < b) || (step < 0 && i > b) {
        cps.push(u.get(i as usize));
        i += step;
    }
    from_u32s(&cps)
}

/// -1, 0 or 1 as `a` sorts before, with or after `b` by code points.
pub fn compare_units(x: Units<'_>, y: Units<'_>) -> i64 {
    let ord = match (x, y) {
        (Units::L1(p), Units::L1(q)) => p.cmp(q),
        _ => {
            let n = x.len().min(y.len());
            (0..n)
                .map(|i| x.get(i).cmp(&y.get(i)))
                .find(|o| o.is_ne())
                .unwrap_or(x.len().cmp(&y.len()))
        }
    };
    ord as i64
}

#[no_mangle]
pub extern "C" fn oxjit_rt_str_compare(a: *mut MemInfo, b: *mut MemInfo) -> i64 {
    compare_units(units(a), units(b))
}

/// `a == b`: equal strings have the same kind and bytes (the kind is always the narrowest).
#[no_mangle]
pub extern "C" fn oxjit_rt_str_eq(a: *mut MemInfo, b: *mut MemInfo) -> bool {
    same_text(a, b)
}

/// Whether strings `a` and `b` hold the same text: the same block, or the same length and kind
/// (equal texts have the same, the narrowest, kind) and the same code units.
#[inline(always)]
pub fn same_text(a: *const MemInfo, b: *const MemInfo) -> bool {
    if a == b {
        return true;
    }
    // SAFETY: live string blocks, laid out as `StrHead` says.
    unsafe {
        let (da, db) = ((*a).data, (*b).data);
        let (ha, hb) = (&*(da as *const StrHead), &*(db as *const StrHead));
        if ha.len != hb.len || ha.kind != hb.kind {
            return false;
        }
        let n = ha.len as usize * ha.kind as usize;
        let (pa, pb) = (da.add(STR_UNITS_OFFSET), db.add(STR_UNITS_OFFSET));
        if n <= 16 {
            return short_eq(pa, pb, n);
        }
        std::slice::from_raw_parts(pa, n) == std::slice::from_raw_parts(pb, n)
    }
}

/// Whether the `n` (at most 16) bytes at `a` and `b` are equal: two overlapping loads of each
/// (the first and the last 8 or 4 bytes), no call of `memcmp` for a word's few bytes.
///
/// # Safety
/// `a` and `b` point to `n` readable bytes.
#[inline(always)]
unsafe fn short_eq(a: *const u8, b: *const u8, n: usize) -> bool {
    // SAFETY: every load lies within the first `n` bytes.
    unsafe {
        let w8 = |p: *const u8, i: usize| (p.add(i) as *const u64).read_unaligned();
        let w4 = |p: *const u8, i: usize| (p.add(i) as *const u32).read_unaligned();
        if n >= 8 {
            w8(a, 0) == w8(b, 0) && w8(a, n - 8) == w8(b, n - 8)
        } else if n >= 4 {
            w4(a, 0) == w4(b, 0) && w4(a, n - 4) == w4(b, n - 4)
        } else {
            (0..n).all(|i| *a.add(i) == *b.add(i))
        }
    }
}

/// `==` of two string keys of a dict or set, given where each key (a string's pointer) is: the
/// `KeyEq` generated code passes for string keys. The runtime's probes recognise it and compare
/// inline, after the entry's hash matched (`dict.rs`, `settable.rs`).
#[no_mangle]
pub extern "C" fn oxjit_rt_str_key_eq(a: *const u8, b: *const u8) -> bool {
    // SAFETY: the addresses of two string keys.
    unsafe { same_text(*(a as *const *const MemInfo), *(b as *const *const MemInfo)) }
}

/// Whether `eq` is [`oxjit_rt_str_key_eq`].
#[inline(always)]
pub fn is_str_key_eq(eq: crate::dict_header::KeyEq) -> bool {
    eq as *const () == oxjit_rt_str_key_eq as *const ()
}

/// Where `needle` first occurs in `hay[from..to]` (an index into `hay`), or `None`.
pub fn find_units(hay: Units<'_>, needle: Units<'_>, from: usize, to: usize) -> Option<usize> {
    let m = needle.len();
    if to < from || to - from < m {
        return None;
    }
    if m == 0 {
        return Some(from);
    }
    if let (Units::L1(h), Units::L1(n)) = (hay, needle) {
        return find_bytes(&h[from..to], n).map(|i| i + from);
    }
    let first = needle.get(0);
    (from..=to - m)
        .find(|&i| hay.get(i) == first && (1..m).all(|k| hay.get(i + k) == needle.get(k)))
}

/// Where `needle` last occurs in `hay[from..to]`, or `None`.
pub fn rfind_units(hay: Units<'_>, needle: Units<'_>, from: usize, to: usize) -> Option<usize> {
    let m = needle.len();
    if to < from || to - from < m {
        return None;
    }
    (from..=to - m)
        .rev()
        .find(|&i| (0..m).all(|k| hay.get(i + k) == needle.get(k)))
}

/// A byte-string search: the first byte found by a fast scan, then compared.
fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (first, rest) = needle.split_first()?;
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        let k = hay[i..=hay.len() - needle.len()]
            .iter()
            .position(|b| b == first)?;
        i += k;
        if &hay[i + 1..i + needle.len()] == rest {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// `needle in hay`.
#[no_mangle]
pub extern "C" fn oxjit_rt_str_contains(hay: *mut MemInfo, needle: *mut MemInfo) -> bool {
    let h = units(hay);
    find_units(h, units(needle), 0, h.len()).is_some()
}

/// `sep.join(items)` of `n` strings.
#[no_mangle]
pub extern "C" fn oxjit_rt_str_join(
    sep: *mut MemInfo,
    items: *const *mut MemInfo,
    n: i64,
) -> *mut MemInfo {
    // SAFETY: generated code passes `n` live strings.
    let items = unsafe { std::slice::from_raw_parts(items, n.max(0) as usize) };
    join(units(sep), items.iter().map(|&s| units(s)))
}

/// The items joined by `sep`.
pub fn join<'a>(sep: Units<'a>, items: impl Iterator<Item = Units<'a>> + Clone) -> *mut MemInfo {
    let parts = items.enumerate().flat_map(move |(k, u)| {
        let sep = (k > 0).then_some(sep);
        sep.into_iter().chain(std::iter::once(u))
    });
    super::concat_parts(parts)
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![
        oxjit_rt_str_concat,
        oxjit_rt_str_append,
        oxjit_rt_str_repeat,
        oxjit_rt_str_getitem,
        oxjit_rt_str_min_max,
        oxjit_rt_str_slice,
        oxjit_rt_str_compare,
        oxjit_rt_str_eq,
        oxjit_rt_str_key_eq,
        oxjit_rt_str_contains,
        oxjit_rt_str_join,
    ]
}

#[cfg(test)]
mod tests {
    use super::super::testing::{s, text};
    use super::*;

    #[test]
    fn slices_as_python() {
        let x = s("héllo wörld");
        assert_eq!(
            text(oxjit_rt_str_slice(x, STR_NONE, STR_NONE, -1)),
            "dlröw olléh"
        );
        assert_eq!(text(oxjit_rt_str_slice(x, 1, -1, 2)), "él öl");
        assert_eq!(text(oxjit_rt_str_slice(x, -3, STR_NONE, 1)), "rld");
        assert_eq!(text(oxjit_rt_str_slice(x, 100, 200, 1)), "");
        assert_eq!(text(oxjit_rt_str_getitem(x, -1)), "d");
        assert!(oxjit_rt_str_getitem(x, 11).is_null());
        let y = s("é");
        assert!(oxjit_rt_str_eq(oxjit_rt_str_getitem(x, 1), y));
        assert_eq!(oxjit_rt_str_compare(s("abc"), s("abd")), -1);
        assert_eq!(oxjit_rt_str_compare(s("ab€"), s("ab")), 1);
        assert!(oxjit_rt_str_contains(x, s("wö")));
        assert!(!oxjit_rt_str_contains(x, s("wo")));
    }
}
