//! Memory layouts decided at run time, as NumPy decides them: whether `reshape` can return a
//! view (`_attempt_nocopy_reshape` in `numpy/_core/src/multiarray/shape.c`), and the strides of
//! a new array that keeps its inputs' memory order (`order='K'`: the axis ordering of NumPy's
//! iterator, `npyiter_find_best_axis_ordering` in `nditer_constr.c`).

/// NumPy's `_attempt_nocopy_reshape` for C order: writes the strides under which the
/// `old_nd`-dimensional array (`old_dims`, `old_strides`) reads as `new_dims` and returns 1, or
/// returns 0 when no such strides exist (the data must be copied). The sizes must agree.
#[no_mangle]
pub extern "C" fn oxjit_rt_nocopy_reshape(
    old_nd: i64,
    old_dims: *const i64,
    old_strides: *const i64,
    new_nd: i64,
    new_dims: *const i64,
    new_strides: *mut i64,
    itemsize: i64,
) -> u8 {
    let (old_nd, new_nd) = (old_nd.max(0) as usize, new_nd.max(0) as usize);
    // SAFETY: generated code passes `old_nd` dimensions and strides, `new_nd` new dimensions and
    // room for `new_nd` new strides, in distinct buffers.
    let (dims, strides, new_dims, out) = unsafe {
        (
            std::slice::from_raw_parts(old_dims, old_nd),
            std::slice::from_raw_parts(old_strides, old_nd),
            std::slice::from_raw_parts(new_dims, new_nd),
            std::slice::from_raw_parts_mut(new_strides, new_nd),
        )
    };
    nocopy_reshape(dims, strides, new_dims, out, itemsize) as u8
}

fn nocopy_reshape(
    dims: &[i64],
    strides: &[i64],
    new_dims: &[i64],
    new_strides: &mut [i64],
    itemsize: i64,
) -> bool {
    // An empty array is contiguous (NumPy reshapes it as a view with C strides).
    if dims.contains(&0) || new_dims.contains(&0) {
        let mut s = itemsize;
        for k in (0..new_dims.len()).rev() {
            new_strides[k] = s;
            s *= new_dims[k].max(1);
        }
        return true;
    }
    // Axes of length 1 have no effect, and their strides do not matter.
    let (olddims, oldstrides): (Vec<i64>, Vec<i64>) = dims
        .iter()
        .zip(strides)
        .filter(|(d, _)| **d != 1)
        .map(|(d, s)| (*d, *s))
        .unzip();
    let (oldnd, newnd) = (olddims.len(), new_dims.len());
    let (mut oi, mut oj, mut ni, mut nj) = (0, 1, 0, 1);
    while ni < newnd && oi < oldnd {
        let mut np = new_dims[ni];
        let mut op = olddims[oi];
        while np != op {
            if np < op {
                // Misses trailing 1s, handled below.
                np *= new_dims[nj];
                nj += 1;
            } else {
                op *= olddims[oj];
                oj += 1;
            }
        }
        // Whether the original axes oi..oj can be combined.
        for ok in oi..oj - 1 {
            if oldstrides[ok] != olddims[ok + 1] * oldstrides[ok + 1] {
                return false;
            }
        }
        // The new strides of the axes ni..nj.
        new_strides[nj - 1] = oldstrides[oj - 1];
        for nk in (ni + 1..nj).rev() {
            new_strides[nk - 1] = new_strides[nk] * new_dims[nk];
        }
        ni = nj;
        nj += 1;
        oi = oj;
        oj += 1;
    }
    // Trailing 1s of the new shape.
    let last = if ni >= 1 {
        new_strides[ni - 1]
    } else {
        itemsize
    };
    for s in new_strides.iter_mut().skip(ni) {
        *s = last;
    }
    true
}

/// The strides of a new `ndim`-dimensional array of `shape` that keeps the memory order of the
/// `nop` operands whose strides are `op_strides` (`nop` rows of `ndim`, already broadcast: a
/// dimension an operand does not have, or has of length 1, has stride 0), as NumPy allocates
/// the output of a ufunc (`order='K'`). Operands with no say (all strides 0) leave C order.
#[no_mangle]
pub extern "C" fn oxjit_rt_keep_order_strides(
    nop: i64,
    ndim: i64,
    shape: *const i64,
    op_strides: *const i64,
    itemsize: i64,
    out_strides: *mut i64,
) {
    let (nop, ndim) = (nop.max(0) as usize, ndim.max(0) as usize);
    // SAFETY: generated code passes `ndim` dimensions, `nop` rows of `ndim` strides and room for
    // `ndim` strides, in distinct buffers.
    let (shape, ops, out) = unsafe {
        (
            std::slice::from_raw_parts(shape, ndim),
            std::slice::from_raw_parts(op_strides, nop * ndim),
            std::slice::from_raw_parts_mut(out_strides, ndim),
        )
    };
    let rows: Vec<&[i64]> = ops.chunks(ndim.max(1)).take(nop).collect();
    keep_order_strides(shape, &rows, itemsize, out);
}

fn keep_order_strides(shape: &[i64], ops: &[&[i64]], itemsize: i64, out: &mut [i64]) {
    let stride = |op: usize, axis: usize| if shape[axis] == 1 { 0 } else { ops[op][axis] };
    let perm = best_axis_order(shape.len(), ops.len(), stride);
    let mut s = itemsize;
    for &axis in &perm {
        out[axis] = s;
        s *= shape[axis].max(1);
    }
}

/// NumPy's iteration order of `ndim` axes, innermost first (`npyiter_find_best_axis_ordering`):
/// C order to start with (the last axis innermost), then a stable insertion sort by stride: an
/// axis moves inwards past another when every operand that has both axes (nonzero strides) says
/// its stride there is smaller; an operand that disagrees stops it, and operands without both
/// axes have no say. `stride(op, axis)` gives operand `op`'s stride along `axis`.
pub fn best_axis_order(
    ndim: usize,
    nop: usize,
    stride: impl Fn(usize, usize) -> i64,
) -> Vec<usize> {
    let mut perm: Vec<usize> = (0..ndim).rev().collect();
    for i0 in 1..ndim {
        let j0 = perm[i0];
        let mut ipos = i0;
        for i1 in (0..i0).rev() {
            let j1 = perm[i1];
            let (mut ambiguous, mut swap) = (true, false);
            for op in 0..nop {
                let (s0, s1) = (stride(op, j0), stride(op, j1));
                if s0 != 0 && s1 != 0 {
                    if s1.abs() <= s0.abs() {
                        swap = false;
                    } else if ambiguous {
                        swap = true;
                    }
                    ambiguous = false;
                }
            }
            if !ambiguous {
                if swap {
                    ipos = i1;
                } else {
                    break;
                }
            }
        }
        if ipos != i0 {
            perm[ipos..=i0].rotate_right(1);
        }
    }
    perm
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        (
            "oxjit_rt_nocopy_reshape",
            oxjit_rt_nocopy_reshape as *const () as usize,
        ),
        (
            "oxjit_rt_keep_order_strides",
            oxjit_rt_keep_order_strides as *const () as usize,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reshape(dims: &[i64], strides: &[i64], new: &[i64]) -> Option<Vec<i64>> {
        let mut out = vec![0; new.len()];
        nocopy_reshape(dims, strides, new, &mut out, 8).then_some(out)
    }

    #[test]
    fn reshape_views_where_numpy_does() {
        // np.arange(12)[::2].reshape(2, 3): a view with strides (48, 16).
        assert_eq!(reshape(&[6], &[16], &[2, 3]), Some(vec![48, 16]));
        // A transposed (F-ordered) 2x3 array cannot be flattened without a copy...
        assert_eq!(reshape(&[2, 3], &[8, 16], &[6]), None);
        // ...but can gain axes of length 1.
        assert_eq!(
            reshape(&[2, 3], &[8, 16], &[2, 1, 3]),
            Some(vec![8, 48, 16])
        );
        // Columns 0..2 of a 4x4 array: rows cannot merge.
        assert_eq!(reshape(&[4, 2], &[32, 8], &[8]), None);
        assert_eq!(
            reshape(&[4, 2], &[32, 8], &[2, 2, 2]),
            Some(vec![64, 32, 8])
        );
    }

    fn order(shape: &[i64], ops: &[&[i64]]) -> Vec<i64> {
        let mut out = vec![0; shape.len()];
        keep_order_strides(shape, ops, 8, &mut out);
        out
    }

    #[test]
    fn keeps_the_inputs_order() {
        assert_eq!(order(&[2, 3], &[&[24, 8]]), vec![24, 8]);
        assert_eq!(order(&[2, 3], &[&[8, 16]]), vec![8, 16]);
        // F mixed with C: C wins (it disagrees).
        assert_eq!(order(&[2, 3], &[&[8, 16], &[24, 8]]), vec![24, 8]);
        // F with a broadcast row (no say): F.
        assert_eq!(order(&[2, 3], &[&[8, 16], &[0, 8]]), vec![8, 16]);
        // A transposed strided view: F.
        assert_eq!(order(&[3, 2], &[&[16, 96]]), vec![8, 24]);
        assert_eq!(order(&[2, 3, 4], &[&[8, 16, 48]]), vec![8, 16, 48]);
    }
}
