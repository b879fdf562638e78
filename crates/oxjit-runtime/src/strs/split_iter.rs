//! `for w in s.split(sep, maxsplit)` without the list: the loop's iterator makes each word as
//! the loop asks for it (typing chose this where the split's list is only iterated by the loop,
//! `oxjit_core::passes::lazy_split`), so a split of 10^6 words makes no list and keeps one word
//! alive at a time (its block goes back to the free list of small blocks for the next). The
//! words are those of `oxjit_rt_str_split` (`split.rs`), in the same order, with the same
//! `ValueError` for an empty separator (generated code takes the first step at the call, so it
//! raises there, as the list's split does).

use oxjit_abi::MemInfo;

use super::chars::is_space;
use super::ops::find_units;
use super::{fail, from_units, units, Units};

/// The state generated code keeps (`lower/strs_split.rs` lays it out the same way).
#[repr(C)]
pub struct SplitIter {
    /// The string split, borrowed (the loop keeps it alive).
    s: *mut MemInfo,
    /// The separator, borrowed; null: runs of white space.
    sep: *mut MemInfo,
    /// Where the next word's search starts, in code points.
    pos: i64,
    /// Splits still allowed (`maxsplit`; negative: no limit).
    left: i64,
    /// The word found by the last step and not yet taken (a new reference), or null.
    next: *mut MemInfo,
    /// 1 once the last word has been made.
    done: i64,
}

/// The next word of `it` and where its search ends, or `None` at the end.
fn step(it: &mut SplitIter) -> Option<(usize, usize)> {
    if it.done != 0 {
        return None;
    }
    let u = units(it.s);
    let n = u.len();
    let mut i = it.pos as usize;
    if it.sep.is_null() {
        i = scan(u, i, true);
        if i == n {
            it.done = 1;
            return None;
        }
        if it.left == 0 {
            // The rest, trailing white space included, as CPython's last part.
            it.done = 1;
            return Some((i, n));
        }
        let j = i;
        i = scan(u, i, false);
        it.pos = i as i64;
        it.left -= 1;
        return Some((j, i));
    }
    let p = units(it.sep);
    let found = if it.left == 0 {
        None
    } else {
        find_units(u, p, i, n)
    };
    match found {
        Some(k) => {
            it.pos = (k + p.len()) as i64;
            it.left -= 1;
            Some((i, k))
        }
        None => {
            it.done = 1;
            Some((i, n))
        }
    }
}

/// The first index from `i` whose code point is not white space (`space`), or is (not
/// `space`); the length where there is none. One loop per width.
fn scan(u: Units<'_>, i: usize, space: bool) -> usize {
    fn run<T: Copy + Into<u32>>(s: &[T], mut i: usize, space: bool) -> usize {
        while i < s.len() && is_space(s[i].into()) == space {
            i += 1;
        }
        i
    }
    match u {
        Units::L1(s) => run(s, i, space),
        Units::L2(s) => run(s, i, space),
        Units::L4(s) => run(s, i, space),
    }
}

/// Whether the loop has another word: 1 yes (made and kept for `split_iter_next`), 0 no, -1
/// an exception recorded (an empty separator; no memory for the word).
#[no_mangle]
pub extern "C" fn oxjit_rt_str_split_iter_valid(it: &mut SplitIter) -> i64 {
    if !it.next.is_null() {
        return 1;
    }
    if !it.sep.is_null() && units(it.sep).is_empty() {
        fail("ValueError", "empty separator".into());
        return -1;
    }
    let Some((a, b)) = step(it) else {
        return 0;
    };
    let w = from_units(units(it.s), a, b);
    if w.is_null() {
        it.done = 1;
        return -1;
    }
    it.next = w;
    1
}

/// The word `split_iter_valid` made (its reference moves to the caller).
#[no_mangle]
pub extern "C" fn oxjit_rt_str_split_iter_next(it: &mut SplitIter) -> *mut MemInfo {
    if it.next.is_null() && oxjit_rt_str_split_iter_valid(it) != 1 {
        // Generated code steps only after `valid` said yes; null raises what it recorded.
        return std::ptr::null_mut();
    }
    std::mem::replace(&mut it.next, std::ptr::null_mut())
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![oxjit_rt_str_split_iter_valid, oxjit_rt_str_split_iter_next]
}

#[cfg(test)]
mod tests {
    use super::super::testing::{s, text};
    use super::*;
    use crate::nrt::oxjit_rt_nrt_decref;

    fn words(src: &str, sep: Option<&str>, maxsplit: i64) -> Vec<String> {
        let sm = s(src);
        let sepm = sep.map(s).unwrap_or(std::ptr::null_mut());
        let mut it = SplitIter {
            s: sm,
            sep: sepm,
            pos: 0,
            left: maxsplit,
            next: std::ptr::null_mut(),
            done: 0,
        };
        let mut out = Vec::new();
        while oxjit_rt_str_split_iter_valid(&mut it) == 1 {
            out.push(text(oxjit_rt_str_split_iter_next(&mut it)));
        }
        oxjit_rt_nrt_decref(sm);
        if !sepm.is_null() {
            oxjit_rt_nrt_decref(sepm);
        }
        out
    }

    #[test]
    fn as_python_splits() {
        assert_eq!(words("  a b\u{3000}c  ", None, -1), ["a", "b", "c"]);
        assert_eq!(words("  a b  c  ", None, 1), ["a", "b  c  "]);
        assert_eq!(words("   ", None, -1), Vec::<String>::new());
        assert_eq!(words("a,,b,", Some(","), -1), ["a", "", "b", ""]);
        assert_eq!(words("a,,b,", Some(","), 2), ["a", "", "b,"]);
        assert_eq!(words("", Some(","), -1), [""]);
        assert_eq!(words("a b", None, 0), ["a b"]);
        assert_eq!(words("a,b", Some(","), 0), ["a,b"]);
    }
}
