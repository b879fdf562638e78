//! `np.linalg.{matrix_power, matrix_rank, cond, norm}` of stacks of matrices (arrays of more
//! than two dimensions), and `norm(x, ord, axis=(r, c), keepdims)` of any array: as NumPy's
//! gufuncs and reductions do, each matrix of the stack goes through the code of a lone one
//! (`derived`, `norm`), so each result is the one NumPy computes for it; results are new
//! C-contiguous arrays of the batch shape (followed by the core dimensions for `matrix_power`).
//! Checks NumPy makes on the whole stack (square, empty) come first, as NumPy's do.

use super::derived::{
    cond, cond_norm, fro_plan, power, rank, CondHow, NEGATIVE_INT_POWER, RANK_BOTH,
};
use super::lapack::real_of;
use super::norm::{dot_norm_flat, float_type, norm, NormKind, EMPTY_MIN};
use super::stacks::{for_each_index, interned, put, stacked_square, NdView};
use super::{status, DType, ElemAccess, Error, OutArray, View};
use crate::exceptions::ExcInfo;

/// What [`oxjit_rt_linalg_derived_nd`] computes for each matrix.
pub const DERIVED_POWER: i64 = 0;
pub const DERIVED_RANK: i64 = 1;
pub const DERIVED_COND: i64 = 2;

/// The matrix of `a` over axes `row` and `col` at byte offset `off`.
fn matrix_at(a: &NdView, row: usize, col: usize, off: i64) -> View {
    View {
        data: a.data.wrapping_offset(off as isize),
        nd: 2,
        shape: [a.shape[row], a.shape[col]],
        strides: [a.strides[row], a.strides[col]],
        dtype: a.dtype,
    }
}

/// The shape of the axes of `a` other than `row` and `col`, in order.
fn other_shape(a: &NdView, row: usize, col: usize) -> Vec<i64> {
    let axes = (0..a.shape.len()).filter(|k| *k != row && *k != col);
    axes.map(|k| a.shape[k]).collect()
}

/// Calls `each` with every matrix of `a` over `row` and `col` (the other axes in C order) and
/// its running count.
fn for_each_matrix(
    a: &NdView,
    row: usize,
    col: usize,
    mut each: impl FnMut(&View, i64) -> Result<(), Error>,
) -> Result<(), Error> {
    let others: Vec<usize> = (0..a.shape.len())
        .filter(|k| *k != row && *k != col)
        .collect();
    let batch = other_shape(a, row, col);
    for_each_index(&batch, |index, k| {
        let off = others
            .iter()
            .zip(index)
            .map(|(axis, i)| i * a.strides[*axis])
            .sum();
        each(&matrix_at(a, row, col, off), k)
    })
}

/// Stores `v` (real, or an integer for `I64`) as item `k` of `out`.
fn store(out: &OutArray, k: i64, v: f64) {
    let size = out.dtype.size() as i64;
    // SAFETY: `k` indexes the result.
    unsafe {
        let at = out.block.data.offset((k * size) as isize);
        if out.dtype == DType::I64 {
            *(at as *mut i64) = v as i64;
        } else {
            out.dtype.store_c128(at, [v, 0.0]);
        }
    }
}

fn derived_nd(a: &NdView, what: i64, k: i64, x: f64, r: DType) -> Result<OutArray, Error> {
    let nd = a.shape.len();
    let (row, col) = (nd - 2, nd - 1);
    let (m, n) = (a.shape[row], a.shape[col]);
    let batch = a.batch(2).to_vec();
    match what {
        DERIVED_POWER => {
            stacked_square(a)?;
            if k < 0 && !(r.is_complex() || matches!(r, DType::F32 | DType::F64)) {
                return Err(Error::Value(NEGATIVE_INT_POWER));
            }
            let mut shape = batch;
            shape.extend([n, n]);
            let out = OutArray::new(&shape, r, false)?;
            for_each_matrix(a, row, col, |x, i| {
                put(&out, i, n * n, power(x, k, r)?.block.data);
                Ok(())
            })?;
            Ok(out)
        }
        DERIVED_RANK => {
            if k & 3 == RANK_BOTH {
                return Err(Error::Value("`tol` and `rtol` can't be both set."));
            }
            let out = OutArray::new(&batch, DType::I64, false)?;
            for_each_matrix(a, row, col, |m, i| {
                store(&out, i, rank(m, x, k, r)? as f64);
                Ok(())
            })?;
            Ok(out)
        }
        _ => {
            // NumPy's `_is_empty_2d`: empty matrices (not an empty stack of others) have none.
            if m * n == 0 {
                return Err(Error::LinAlg("cond is not defined on empty arrays"));
            }
            let p = NormKind::from_code(k);
            if !matches!(p, NormKind::MatTwo | NormKind::MatNegTwo) {
                stacked_square(a)?;
            }
            let out = OutArray::new(&batch, real_of(r), false)?;
            let how = CondHow {
                plan: fro_plan(&a.shape, &a.strides, row, col),
                stacked: true,
            };
            for_each_matrix(a, row, col, |m, i| {
                store(&out, i, cond(m, p, r, how)?);
                Ok(())
            })?;
            Ok(out)
        }
    }
}

/// `np.linalg.{matrix_power, matrix_rank, cond}` (`what`) of a stack: `k` is `matrix_power`'s
/// exponent, `matrix_rank`'s mode (`derived::RANK_*`) or `cond`'s norm; `x` `matrix_rank`'s
/// `tol`/`rtol`; `r_dt` the type of the computation (and of `matrix_power`'s result).
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn oxjit_rt_linalg_derived_nd(
    exc: &mut ExcInfo,
    out: *mut u8,
    a: *const i64,
    a_nd: i64,
    a_dt: i64,
    what: i64,
    k: i64,
    x: f64,
    r_dt: i64,
) -> i32 {
    // SAFETY: an array as generated code describes it.
    let a = unsafe { NdView::read(a, a_nd, a_dt) };
    let r = DType::from_code(r_dt);
    // SAFETY: `out` is the room generated code passed for the result array.
    status(
        derived_nd(&a, what, k, x, r).map(|v| unsafe { v.emit(out) }),
        exc,
    )
}

/// `norm(x, ord, axis=(row, col))` of every matrix of `x`: the remaining axes' shape (with ones
/// for the two axes when `keepdims`).
fn norm_axes(
    x: &NdView,
    kind: NormKind,
    row: usize,
    col: usize,
    keepdims: bool,
) -> Result<OutArray, Error> {
    let r = real_of(float_type(x.dtype));
    let shape: Vec<i64> = if keepdims {
        (0..x.shape.len())
            .map(|k| if k == row || k == col { 1 } else { x.shape[k] })
            .collect()
    } else {
        other_shape(x, row, col)
    };
    // NumPy's `amin` over an axis of length 0 raises, even when there are no matrices.
    let (m, n) = (x.shape[row], x.shape[col]);
    let empty_min = match kind {
        NormKind::MatNegTwo => m.min(n) == 0,
        NormKind::MatNegOne => n == 0,
        NormKind::MatNegInf => m == 0,
        _ => false,
    };
    if empty_min {
        return Err(Error::Value(EMPTY_MIN));
    }
    let out = OutArray::new(&shape, r, false)?;
    let plan = fro_plan(&x.shape, &x.strides, row, col);
    for_each_matrix(x, row, col, |m, i| {
        // With an axis, NumPy's Frobenius norm is `sqrt(add.reduce(...))`, not the dot product.
        let v = if kind == NormKind::Dot {
            cond_norm(m, kind, plan)?.0
        } else {
            norm(m, kind)?.0
        };
        store(&out, i, v);
        Ok(())
    })?;
    Ok(out)
}

/// `np.linalg.norm(x, ord, axis, keepdims)`: `row < 0` for `axis=None` (the 2-norm of the
/// flattened array, the only norm NumPy takes without an axis beyond two dimensions), else the
/// matrix norms over axes `row` and `col`. `scalar`: the result is one number (written to `out`
/// as one), else an array.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn oxjit_rt_linalg_norm_nd(
    exc: &mut ExcInfo,
    out: *mut u8,
    x: *const i64,
    nd: i64,
    dt: i64,
    kind: i64,
    row: i64,
    col: i64,
    keepdims: i64,
) -> i32 {
    // SAFETY: an array as generated code describes it.
    let x = unsafe { NdView::read(x, nd, dt) };
    let kind = NormKind::from_code(kind);
    let r = real_of(float_type(x.dtype));
    let result = if row < 0 {
        if kind != NormKind::Dot {
            Err(Error::Value("Improper number of dimensions to norm."))
        } else {
            dot_norm_flat(&x).map(|v| {
                // SAFETY: `out` is a slot of the real result type.
                unsafe { r.store_c128(out, [v, 0.0]) }
            })
        }
    } else {
        let scalar = nd == 2 && keepdims == 0;
        norm_axes(&x, kind, row as usize, col as usize, keepdims != 0).map(|v| {
            // SAFETY: `out` is a slot of the result's type: one number, or an array.
            unsafe {
                if scalar {
                    let value = r.load_c128(v.block.data);
                    r.store_c128(out, value);
                } else {
                    v.emit(out)
                }
            }
        })
    };
    status(result, exc)
}

/// NumPy's `_assert_2d` for `lstsq`, which takes no stacks: raises its `LinAlgError`.
#[no_mangle]
pub extern "C" fn oxjit_rt_linalg_not_2d(exc: &mut ExcInfo, nd: i64) -> i32 {
    let msg = format!("{nd}-dimensional array given. Array must be two-dimensional");
    status(Err(Error::LinAlg(interned(msg))), exc)
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        (
            "oxjit_rt_linalg_derived_nd",
            oxjit_rt_linalg_derived_nd as *const () as usize,
        ),
        (
            "oxjit_rt_linalg_norm_nd",
            oxjit_rt_linalg_norm_nd as *const () as usize,
        ),
        (
            "oxjit_rt_linalg_not_2d",
            oxjit_rt_linalg_not_2d as *const () as usize,
        ),
    ]
}
