//! CPython's list sort (`listsort` of `Objects/listobject.c`, CPython 3.11): a timsort that
//! asks only `a < b`, ported step for step so that the compiled `list.sort()`/`sorted()` put
//! the items in CPython's order in every case, not only for total orders. With NaNs `<` is no
//! order at all, and the result is whatever the exact sequence of comparisons and moves gives:
//! the natural runs (`count_run`, a strictly descending run reversed), binary insertion up to
//! `minrun`, the powersort merge policy (`powerloop`, 3.11's), and `merge_lo`/`merge_hi` with
//! galloping and the adaptive `min_gallop`. `reverse=True` is CPython's too: the list is
//! reversed, sorted, and reversed again (equal items keep their order).
//!
//! The items are moved as plain values (`T: Copy`): generated code's list items, or (key,
//! index) pairs where a key function gave the keys (CPython sorts keys and values together).
//! Every pointer move below uses wrapping arithmetic because, as in CPython, a cursor may step
//! one place before its run once that run is used up; it is never read there.

use std::ptr;

/// CPython's `MIN_GALLOP`: the first threshold of wins in a row that starts galloping.
const MIN_GALLOP: usize = 7;

/// A run waiting to be merged: where it starts, its length, and its powersort power (the
/// power of the boundary between it and the run after it).
#[derive(Clone, Copy)]
struct Run {
    base: usize,
    len: usize,
    power: u32,
}

/// What merging needs along the way (CPython's `MergeState`).
struct MergeState<'a, T, F: ?Sized> {
    base: *mut T,
    len: usize,
    lt: &'a F,
    min_gallop: usize,
    pending: Vec<Run>,
    /// Scratch for the smaller run of a merge (capacity only; `T: Copy`, nothing to drop).
    tmp: Vec<T>,
}

/// Sorts `v` in place as CPython's `list.sort(reverse=reverse)` orders it, asking only
/// `lt(a, b)` ("a < b").
pub fn list_sort<T: Copy, F: Fn(&T, &T) -> bool + ?Sized>(v: &mut [T], lt: &F, reverse: bool) {
    if reverse {
        v.reverse();
    }
    timsort(v, lt);
    if reverse {
        v.reverse();
    }
}

/// CPython's `merge_compute_minrun`: `n` itself below 64, else a length in 32..=64 such that
/// `n / minrun` is a power of two or just below one.
fn compute_minrun(mut n: usize) -> usize {
    let mut r = 0;
    while n >= 64 {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}

/// CPython's `powerloop`: the powersort "power" of the boundary between the run of `n1`
/// items at `s1` and the run of `n2` after it, in a list of `n`: the first bit where the
/// binary expansions of the two runs' midpoints (as fractions of `n`) differ.
fn powerloop(s1: usize, n1: usize, n2: usize, n: usize) -> u32 {
    let mut result = 0;
    // Twice the midpoints, so that they are integers.
    let mut a = 2 * s1 + n1;
    let mut b = a + n1 + n2;
    loop {
        result += 1;
        if a >= n {
            a -= n;
            b -= n;
        } else if b >= n {
            break;
        }
        a <<= 1;
        b <<= 1;
    }
    result
}

/// The timsort of `v` by `lt` (CPython's `listsort` without the key and reverse steps).
pub fn timsort<T: Copy, F: Fn(&T, &T) -> bool + ?Sized>(v: &mut [T], lt: &F) {
    let n = v.len();
    if n < 2 {
        return;
    }
    let mut ms = MergeState {
        base: v.as_mut_ptr(),
        len: n,
        lt,
        min_gallop: MIN_GALLOP,
        pending: Vec::new(),
        tmp: Vec::new(),
    };
    let minrun = compute_minrun(n);
    let (mut lo, mut remaining) = (0, n);
    // SAFETY: every index below stays inside `v` (`lo + remaining == n`), whose pointer the
    // state holds while `v` is borrowed here.
    unsafe {
        while remaining > 0 {
            let (mut run, descending) = ms.count_run(lo, lo + remaining);
            if descending {
                std::slice::from_raw_parts_mut(ms.base.add(lo), run).reverse();
            }
            if run < minrun {
                let force = remaining.min(minrun);
                ms.binary_sort(lo, lo + force, lo + run);
                run = force;
            }
            ms.found_new_run(run);
            ms.pending.push(Run {
                base: lo,
                len: run,
                power: 0,
            });
            lo += run;
            remaining -= run;
        }
        ms.force_collapse();
    }
}

impl<T: Copy, F: Fn(&T, &T) -> bool + ?Sized> MergeState<'_, T, F> {
    #[inline(always)]
    unsafe fn less(&self, a: *const T, b: *const T) -> bool {
        // SAFETY: the callers pass pointers to live items.
        unsafe { (self.lt)(&*a, &*b) }
    }

    /// CPython's `count_run`: the length of the run starting at `lo` (before `hi`), and
    /// whether it is strictly descending (else it is non-descending).
    unsafe fn count_run(&self, lo: usize, hi: usize) -> (usize, bool) {
        let p = self.base;
        if lo + 1 == hi {
            return (1, false);
        }
        let mut i = lo + 1;
        // SAFETY: `lo < i < hi <= len`.
        unsafe {
            if self.less(p.add(i), p.add(i - 1)) {
                i += 1;
                while i < hi && self.less(p.add(i), p.add(i - 1)) {
                    i += 1;
                }
                (i - lo, true)
            } else {
                i += 1;
                while i < hi && !self.less(p.add(i), p.add(i - 1)) {
                    i += 1;
                }
                (i - lo, false)
            }
        }
    }

    /// CPython's `binarysort`: `[lo, start)` is sorted; inserts the items of `[start, hi)`
    /// one by one, each after the items not greater than it (stable).
    unsafe fn binary_sort(&self, lo: usize, hi: usize, mut start: usize) {
        let p = self.base;
        if start == lo {
            start += 1;
        }
        // SAFETY: `lo <= l <= start < hi <= len`.
        unsafe {
            while start < hi {
                let pivot = *p.add(start);
                let (mut l, mut r) = (lo, start);
                loop {
                    let m = l + ((r - l) >> 1);
                    if self.less(&pivot, p.add(m)) {
                        r = m;
                    } else {
                        l = m + 1;
                    }
                    if l >= r {
                        break;
                    }
                }
                ptr::copy(p.add(l), p.add(l + 1), start - l);
                *p.add(l) = pivot;
                start += 1;
            }
        }
    }

    /// CPython's `found_new_run`: before the run of `n2` items after the top run is pushed,
    /// merges the runs whose power exceeds the new boundary's.
    unsafe fn found_new_run(&mut self, n2: usize) {
        let Some(top) = self.pending.last() else {
            return;
        };
        let power = powerloop(top.base, top.len, n2, self.len);
        while self.pending.len() > 1 && self.pending[self.pending.len() - 2].power > power {
            // SAFETY: the runs on the stack lie inside the list.
            unsafe { self.merge_at(self.pending.len() - 2) };
        }
        self.pending.last_mut().expect("a run").power = power;
    }

    /// CPython's `merge_force_collapse`: merges all the runs left, at the end.
    unsafe fn force_collapse(&mut self) {
        while self.pending.len() > 1 {
            let mut n = self.pending.len() - 2;
            if n > 0 && self.pending[n - 1].len < self.pending[n + 1].len {
                n -= 1;
            }
            // SAFETY: as in `found_new_run`.
            unsafe { self.merge_at(n) };
        }
    }

    /// CPython's `merge_at`: merges the runs `i` and `i + 1` of the stack (`i` is one of the
    /// two below the top), trimming first what is already in place at either end.
    unsafe fn merge_at(&mut self, i: usize) {
        let (a, b) = (self.pending[i], self.pending[i + 1]);
        self.pending[i].len = a.len + b.len;
        self.pending.remove(i + 1);
        // SAFETY: both runs lie inside the list, `b` right after `a`.
        unsafe {
            let mut pa = self.base.add(a.base);
            let pb = self.base.add(b.base);
            let k = self.gallop_right(&*pb, pa, a.len, 0);
            pa = pa.add(k);
            let na = a.len - k;
            if na == 0 {
                return;
            }
            let nb = self.gallop_left(&*pa.add(na - 1), pb, b.len, b.len - 1);
            if nb == 0 {
                return;
            }
            if na <= nb {
                self.merge_lo(pa, na, pb, nb);
            } else {
                self.merge_hi(pa, na, pb, nb);
            }
        }
    }

    /// Scratch for `need` items.
    fn scratch(&mut self, need: usize) -> *mut T {
        if self.tmp.capacity() < need {
            self.tmp = Vec::with_capacity(need);
        }
        self.tmp.as_mut_ptr()
    }
}

/// How a merge ends (CPython's labels).
enum Exit {
    /// What is left of the run in scratch is copied back.
    Done,
    /// One item of the scratch run is left; it goes at the far end.
    CopyOther,
}

impl<T: Copy, F: Fn(&T, &T) -> bool + ?Sized> MergeState<'_, T, F> {
    /// CPython's `gallop_left`: the `k` in `0..=n` with `a[k-1] < key <= a[k]`, searched
    /// from `hint` outwards by doubling steps, then by bisection.
    unsafe fn gallop_left(&self, key: &T, a: *const T, n: usize, hint: usize) -> usize {
        let (n, hint) = (n as isize, hint as isize);
        let (mut lastofs, mut ofs): (isize, isize) = (0, 1);
        // SAFETY: every offset read is inside `a[0..n]` (as CPython's bounds keep it).
        unsafe {
            let at = |i: isize| a.offset(i);
            if self.less(at(hint), key) {
                let maxofs = n - hint;
                while ofs < maxofs && self.less(at(hint + ofs), key) {
                    lastofs = ofs;
                    ofs = (ofs << 1) + 1;
                }
                ofs = ofs.min(maxofs);
                lastofs += hint;
                ofs += hint;
            } else {
                let maxofs = hint + 1;
                while ofs < maxofs && !self.less(at(hint - ofs), key) {
                    lastofs = ofs;
                    ofs = (ofs << 1) + 1;
                }
                ofs = ofs.min(maxofs);
                (lastofs, ofs) = (hint - ofs, hint - lastofs);
            }
            lastofs += 1;
            while lastofs < ofs {
                let m = lastofs + ((ofs - lastofs) >> 1);
                if self.less(at(m), key) {
                    lastofs = m + 1;
                } else {
                    ofs = m;
                }
            }
        }
        ofs as usize
    }

    /// CPython's `gallop_right`: the `k` in `0..=n` with `a[k-1] <= key < a[k]` (after the
    /// items equal to `key`).
    unsafe fn gallop_right(&self, key: &T, a: *const T, n: usize, hint: usize) -> usize {
        let (n, hint) = (n as isize, hint as isize);
        let (mut lastofs, mut ofs): (isize, isize) = (0, 1);
        // SAFETY: as in `gallop_left`.
        unsafe {
            let at = |i: isize| a.offset(i);
            if self.less(key, at(hint)) {
                let maxofs = hint + 1;
                while ofs < maxofs && self.less(key, at(hint - ofs)) {
                    lastofs = ofs;
                    ofs = (ofs << 1) + 1;
                }
                ofs = ofs.min(maxofs);
                (lastofs, ofs) = (hint - ofs, hint - lastofs);
            } else {
                let maxofs = n - hint;
                while ofs < maxofs && !self.less(key, at(hint + ofs)) {
                    lastofs = ofs;
                    ofs = (ofs << 1) + 1;
                }
                ofs = ofs.min(maxofs);
                lastofs += hint;
                ofs += hint;
            }
            lastofs += 1;
            while lastofs < ofs {
                let m = lastofs + ((ofs - lastofs) >> 1);
                if self.less(key, at(m)) {
                    ofs = m;
                } else {
                    lastofs = m + 1;
                }
            }
        }
        ofs as usize
    }
}

#[path = "listsort_merge.rs"]
mod merge;

#[cfg(test)]
#[path = "listsort_tests.rs"]
mod tests;
