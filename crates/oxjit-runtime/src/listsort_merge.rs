//! `merge_lo` and `merge_hi` of CPython's list sort (see `listsort.rs`): merging two adjacent
//! runs through scratch holding the smaller one, one item at a time until one run wins
//! `min_gallop` times in a row, then by galloping while either run keeps winning at least
//! `MIN_GALLOP` items at a time; `min_gallop` falls while galloping pays and rises when it
//! stops. CPython's gotos are `break 'merge` with the label they went to.

use std::ptr;

use super::{Exit, MergeState, MIN_GALLOP};

impl<T: Copy, F: Fn(&T, &T) -> bool + ?Sized> MergeState<'_, T, F> {
    /// Merges the `na` items at `pa` with the `nb` items right after them (`na <= nb`; the
    /// last of `a` belongs at the end, the first of `b` at the start), from the left.
    ///
    /// # Safety
    /// `pa[0..na]` and `pb = pa + na`, `pb[0..nb]` are items of the list; `na, nb > 0`.
    pub(super) unsafe fn merge_lo(&mut self, pa: *mut T, mut na: usize, pb: *mut T, mut nb: usize) {
        let tmp = self.scratch(na);
        // SAFETY: the caller's runs; the scratch holds `na` items; the cursors move as
        // CPython's do, reading only inside their runs.
        unsafe {
            ptr::copy_nonoverlapping(pa, tmp, na);
            let (mut dest, mut a, mut b) = (pa, tmp, pb);
            *dest = *b;
            (dest, b) = (dest.wrapping_add(1), b.wrapping_add(1));
            nb -= 1;
            let mut min_gallop = self.min_gallop;
            let exit = 'merge: {
                if nb == 0 {
                    break 'merge Exit::Done;
                }
                if na == 1 {
                    break 'merge Exit::CopyOther;
                }
                loop {
                    let (mut acount, mut bcount) = (0usize, 0usize);
                    loop {
                        if self.less(b, a) {
                            *dest = *b;
                            (dest, b) = (dest.wrapping_add(1), b.wrapping_add(1));
                            (bcount, acount) = (bcount + 1, 0);
                            nb -= 1;
                            if nb == 0 {
                                break 'merge Exit::Done;
                            }
                            if bcount >= min_gallop {
                                break;
                            }
                        } else {
                            *dest = *a;
                            (dest, a) = (dest.wrapping_add(1), a.wrapping_add(1));
                            (acount, bcount) = (acount + 1, 0);
                            na -= 1;
                            if na == 1 {
                                break 'merge Exit::CopyOther;
                            }
                            if acount >= min_gallop {
                                break;
                            }
                        }
                    }
                    min_gallop += 1;
                    loop {
                        min_gallop -= (min_gallop > 1) as usize;
                        self.min_gallop = min_gallop;
                        let k = self.gallop_right(&*b, a, na, 0);
                        acount = k;
                        if k > 0 {
                            ptr::copy_nonoverlapping(a, dest, k);
                            (dest, a) = (dest.wrapping_add(k), a.wrapping_add(k));
                            na -= k;
                            if na == 1 {
                                break 'merge Exit::CopyOther;
                            }
                            // Only an inconsistent `<` (NaN) gets here.
                            if na == 0 {
                                break 'merge Exit::Done;
                            }
                        }
                        *dest = *b;
                        (dest, b) = (dest.wrapping_add(1), b.wrapping_add(1));
                        nb -= 1;
                        if nb == 0 {
                            break 'merge Exit::Done;
                        }
                        let k = self.gallop_left(&*a, b, nb, 0);
                        bcount = k;
                        if k > 0 {
                            ptr::copy(b, dest, k);
                            (dest, b) = (dest.wrapping_add(k), b.wrapping_add(k));
                            nb -= k;
                            if nb == 0 {
                                break 'merge Exit::Done;
                            }
                        }
                        *dest = *a;
                        (dest, a) = (dest.wrapping_add(1), a.wrapping_add(1));
                        na -= 1;
                        if na == 1 {
                            break 'merge Exit::CopyOther;
                        }
                        if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                            break;
                        }
                    }
                    // Leaving galloping costs: it is harder to enter next time.
                    min_gallop += 1;
                    self.min_gallop = min_gallop;
                }
            };
            match exit {
                Exit::Done => ptr::copy_nonoverlapping(a, dest, na),
                Exit::CopyOther => {
                    // The last of `a` goes after what is left of `b`.
                    ptr::copy(b, dest, nb);
                    *dest.add(nb) = *a;
                }
            }
        }
    }

    /// Merges the `na` items at `pa` with the `nb` items right after them (`na > nb`), from
    /// the right; the cursors point at the last item of what is left of each run.
    ///
    /// # Safety
    /// As `merge_lo`.
    pub(super) unsafe fn merge_hi(&mut self, pa: *mut T, mut na: usize, pb: *mut T, mut nb: usize) {
        let tmp = self.scratch(nb);
        // SAFETY: as in `merge_lo`, mirrored.
        unsafe {
            ptr::copy_nonoverlapping(pb, tmp, nb);
            let (basea, baseb) = (pa, tmp);
            let mut dest = pb.add(nb - 1);
            let (mut a, mut b) = (pa.add(na - 1), tmp.add(nb - 1));
            *dest = *a;
            (dest, a) = (dest.wrapping_sub(1), a.wrapping_sub(1));
            na -= 1;
            let mut min_gallop = self.min_gallop;
            let exit = 'merge: {
                if na == 0 {
                    break 'merge Exit::Done;
                }
                if nb == 1 {
                    break 'merge Exit::CopyOther;
                }
                loop {
                    let (mut acount, mut bcount) = (0usize, 0usize);
                    loop {
                        if self.less(b, a) {
                            *dest = *a;
                            (dest, a) = (dest.wrapping_sub(1), a.wrapping_sub(1));
                            (acount, bcount) = (acount + 1, 0);
                            na -= 1;
                            if na == 0 {
                                break 'merge Exit::Done;
                            }
                            if acount >= min_gallop {
                                break;
                            }
                        } else {
                            *dest = *b;
                            (dest, b) = (dest.wrapping_sub(1), b.wrapping_sub(1));
                            (bcount, acount) = (bcount + 1, 0);
                            nb -= 1;
                            if nb == 1 {
                                break 'merge Exit::CopyOther;
                            }
                            if bcount >= min_gallop {
                                break;
                            }
                        }
                    }
                    min_gallop += 1;
                    loop {
                        min_gallop -= (min_gallop > 1) as usize;
                        self.min_gallop = min_gallop;
                        let k = na - self.gallop_right(&*b, basea, na, na - 1);
                        acount = k;
                        if k > 0 {
                            (dest, a) = (dest.wrapping_sub(k), a.wrapping_sub(k));
                            ptr::copy(a.wrapping_add(1), dest.wrapping_add(1), k);
                            na -= k;
                            if na == 0 {
                                break 'merge Exit::Done;
                            }
                        }
                        *dest = *b;
                        (dest, b) = (dest.wrapping_sub(1), b.wrapping_sub(1));
                        nb -= 1;
                        if nb == 1 {
                            break 'merge Exit::CopyOther;
                        }
                        let k = nb - self.gallop_left(&*a, baseb, nb, nb - 1);
                        bcount = k;
                        if k > 0 {
                            (dest, b) = (dest.wrapping_sub(k), b.wrapping_sub(k));
                            ptr::copy_nonoverlapping(b.wrapping_add(1), dest.wrapping_add(1), k);
                            nb -= k;
                            if nb == 1 {
                                break 'merge Exit::CopyOther;
                            }
                            // Only an inconsistent `<` (NaN) gets here.
                            if nb == 0 {
                                break 'merge Exit::Done;
                            }
                        }
                        *dest = *a;
                        (dest, a) = (dest.wrapping_sub(1), a.wrapping_sub(1));
                        na -= 1;
                        if na == 0 {
                            break 'merge Exit::Done;
                        }
                        if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                            break;
                        }
                    }
                    min_gallop += 1;
                    self.min_gallop = min_gallop;
                }
            };
            match exit {
                Exit::Done => {
                    if nb > 0 {
                        ptr::copy_nonoverlapping(baseb, dest.wrapping_sub(nb - 1), nb);
                    }
                }
                Exit::CopyOther => {
                    // The first of `b` goes before what is left of `a`.
                    let (d, s) = (dest.wrapping_sub(na), a.wrapping_sub(na));
                    ptr::copy(s.wrapping_add(1), d.wrapping_add(1), na);
                    *d = *b;
                }
            }
        }
    }
}
