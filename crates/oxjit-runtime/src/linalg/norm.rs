//! `np.linalg.norm(x, ord)` without `axis`, down the same paths as `numpy/linalg/_linalg.py`:
//! the default (2-norm of vectors, Frobenius of matrices) as `sqrt(x.ravel('K').dot(...))`,
//! vector norms 1, inf, -inf and 0 as reductions of `abs(x)`, matrix norms 1, -1, inf and -inf as
//! the largest or smallest sum of `abs(x)` along an axis, matrix norms 2, -2 and 'nuc' from the
//! singular values.

use super::lapack::{real_of, svd_any};
use super::product::{copy_of, keeps_f_order, product};
use super::{status, DType, ElemAccess, Error, View};
use crate::exceptions::ExcInfo;

/// Which norm generated code asks for (declared in the ABI crate).
pub use oxjit_abi::NormKind;

pub(super) const EMPTY_MIN: &str =
    "zero-size array to reduction operation minimum which has no identity";

/// `np.linalg.norm(x, ord)` of an array of one or two dimensions, written to `out` as the real
/// type of its (float) element type.
#[no_mangle]
pub extern "C" fn oxjit_rt_linalg_norm(
    exc: &mut ExcInfo,
    out: *mut u8,
    x: *const i64,
    nd: i64,
    dt: i64,
    kind: i64,
) -> i32 {
    // SAFETY: an array as generated code describes it.
    let x = unsafe { View::read(x, nd, dt) };
    let result = norm(&x, NormKind::from_code(kind)).map(|(v, r)| {
        // SAFETY: `out` is a slot of the result's type.
        unsafe { r.store_c128(out, [v, 0.0]) }
    });
    status(result, exc)
}

/// The float type NumPy computes a norm of `dtype` in (`x.astype(float)` for integers).
pub(super) fn float_type(dtype: DType) -> DType {
    match dtype {
        DType::F32 | DType::F64 | DType::C64 | DType::C128 => dtype,
        _ => DType::F64,
    }
}

/// NumPy's pairwise float sum (`add.reduce`), from 0, of contiguous values in type `r`.
pub(super) fn pairwise(values: &[f64], r: DType) -> f64 {
    if r == DType::F32 {
        let v: Vec<f32> = values.iter().map(|x| *x as f32).collect();
        crate::reduce::oxjit_rt_pairwise_sum_f32(0.0, v.as_ptr() as *const u8, v.len() as i64, 4)
            as f64
    } else {
        crate::reduce::oxjit_rt_pairwise_sum_f64(
            0.0,
            values.as_ptr() as *const u8,
            values.len() as i64,
            8,
        )
    }
}

/// `minimum.reduce` (NaN wins); NumPy's error for no values.
fn min_of(values: &[f64]) -> Result<f64, Error> {
    let Some((first, rest)) = values.split_first() else {
        return Err(Error::Value(EMPTY_MIN));
    };
    Ok(rest.iter().fold(
        *first,
        |acc, &v| {
            if acc.is_nan() || acc <= v {
                acc
            } else {
                v
            }
        },
    ))
}

/// `add.reduce(abs(x), axis)` of a real matrix, in type `r`. `abs(x)` is a new array laid out as
/// `x` is (NumPy's `KEEPORDER`); NumPy then sums each lane pairwise where the summed axis is the
/// iterator's inner one (the one with the smaller stride, among those longer than 1), else adds
/// the rows (or columns) one after another.
fn abs_sums(x: &View, axis: usize, r: DType) -> Vec<f64> {
    let f_layout = if x.is_c_contiguous() {
        false
    } else if x.is_f_contiguous() {
        true
    } else {
        keeps_f_order(x)
    };
    let (rows, cols) = (x.shape[0], x.shape[1]);
    let inner = match (rows > 1, cols > 1) {
        (true, true) => usize::from(!f_layout),
        (true, false) => 0,
        _ => 1,
    };
    // SAFETY: (i, j) within the matrix.
    let at = |i: i64, j: i64| round(unsafe { x.dtype.load_f64(x.at(i, j)) }, r).abs();
    let (lanes, len) = if axis == 0 {
        (cols, rows)
    } else {
        (rows, cols)
    };
    (0..lanes)
        .map(|k| {
            let values: Vec<f64> = (0..len)
                .map(|i| if axis == 0 { at(i, k) } else { at(k, i) })
                .collect();
            if axis == inner {
                pairwise(&values, r)
            } else {
                values.iter().fold(0.0, |acc, v| round(acc + v, r))
            }
        })
        .collect()
}

/// `maximum.reduce` from `init` (NaN wins).
fn max_of(values: &[f64], init: f64) -> f64 {
    values.iter().fold(
        init,
        |acc, &v| {
            if acc.is_nan() || acc >= v {
                acc
            } else {
                v
            }
        },
    )
}

pub(super) fn norm(x: &View, kind: NormKind) -> Result<(f64, DType), Error> {
    let ft = float_type(x.dtype);
    let r = real_of(ft);
    let n = x.size();
    if kind == NormKind::Dot {
        return Ok((dot_norm(x, ft, r)?, r));
    }
    if matches!(
        kind,
        NormKind::MatTwo | NormKind::MatNegTwo | NormKind::Nuclear
    ) {
        let (_, s, _) = svd_any(x, b'N', ft)?;
        let sv = s.view();
        // SAFETY: `s` holds its elements, of type `r`.
        let values: Vec<f64> = (0..sv.size())
            .map(|k| unsafe { r.load_f64(sv.at(k, 0)) })
            .collect();
        let v = match kind {
            NormKind::MatTwo => max_of(&values, 0.0),
            NormKind::MatNegTwo => min_of(&values)?,
            _ => pairwise(&values, r),
        };
        return Ok((round(v, r), r));
    }
    if matches!(
        kind,
        NormKind::MatOne | NormKind::MatNegOne | NormKind::MatInf | NormKind::MatNegInf
    ) {
        let axis = usize::from(matches!(kind, NormKind::MatInf | NormKind::MatNegInf));
        let sums = abs_sums(x, axis, r);
        let v = match kind {
            NormKind::MatOne | NormKind::MatInf => max_of(&sums, 0.0),
            _ => min_of(&sums)?,
        };
        return Ok((v, r));
    }
    // |x| for a real vector, in its float type (exact).
    // SAFETY: `k` indexes the vector.
    let abs: Vec<f64> = (0..n)
        .map(|k| round(unsafe { x.dtype.load_f64(x.at_flat(k)) }, r).abs())
        .collect();
    let v = match kind {
        NormKind::VecOne => pairwise(&abs, r),
        NormKind::VecInf => max_of(&abs, 0.0),
        NormKind::VecNegInf => min_of(&abs)?,
        _ => abs.iter().filter(|v| **v != 0.0).count() as f64,
    };
    Ok((v, r))
}

/// Rounds a double to the result type.
fn round(v: f64, r: DType) -> f64 {
    if r == DType::F32 {
        v as f32 as f64
    } else {
        v
    }
}

/// `norm(x)` of an array of any number of dimensions: `sqrt(dot(x.ravel('K'), ...))`. The
/// elements are copied in K order (axes by decreasing stride, as `ravel('K')` lays them out):
/// the dot product of a contiguous copy is that of the view NumPy takes when it can.
pub(super) fn dot_norm_flat(x: &super::stacks::NdView) -> Result<f64, Error> {
    let ft = float_type(x.dtype);
    let n: i64 = x.shape.iter().product();
    let mut order: Vec<usize> = (0..x.shape.len()).collect();
    order.sort_by_key(|k| std::cmp::Reverse(x.strides[*k].abs()));
    let flat = super::OutArray::new(&[n], ft, false)?;
    let size = ft.size() as isize;
    let shape: Vec<i64> = order.iter().map(|k| x.shape[*k]).collect();
    super::stacks::for_each_index(&shape, |index, k| {
        let off: i64 = order
            .iter()
            .zip(index)
            .map(|(axis, i)| i * x.strides[*axis])
            .sum();
        // SAFETY: `off` is an element of `x`, `k` one of the copy.
        unsafe {
            super::product::convert(
                x.dtype,
                x.data.wrapping_offset(off as isize),
                ft,
                flat.block.data.offset(k as isize * size),
            )
        };
        Ok(())
    })?;
    dot_norm(
        &View::contiguous(flat.block.data, &[n], ft),
        ft,
        real_of(ft),
    )
}

/// `sqrt(x.dot(x))` of `x.ravel('K')` (of `x.real` and `x.imag` for complex `x`).
fn dot_norm(x: &View, ft: DType, r: DType) -> Result<f64, Error> {
    // `ravel('K')` is a view when the array is contiguous in some order of its axes; otherwise
    // (and after `astype(float)`) a copy in that order. Either way: contiguous, in K order.
    let n = x.size();
    let contiguous_view =
        x.dtype == ft && (x.is_c_contiguous() || (x.is_f_contiguous() && x.nd == 2));
    let held;
    let flat = if contiguous_view {
        View::contiguous(x.data, &[n], ft)
    } else {
        held = copy_of(x, ft, keeps_f_order(x))?;
        View::contiguous(held.view.data, &[n], ft)
    };
    let dot = |v: &View| -> Result<f64, Error> {
        let mut out = [0.0f64; 2];
        // SAFETY: a 1-d · 1-d product writes one element of `v`'s type.
        unsafe { product(v, v, v.dtype, false, out.as_mut_ptr() as *mut u8)? };
        // SAFETY: `out` holds an element of `v.dtype`.
        Ok(unsafe { v.dtype.load_f64(out.as_ptr() as *const u8) })
    };
    let sqnorm = if ft.is_complex() {
        let part = r.size() as i64;
        let re = View {
            data: flat.data,
            nd: 1,
            shape: [n, 1],
            strides: [2 * part, 0],
            dtype: r,
        };
        let im = View {
            data: flat.data.wrapping_offset(part as isize),
            ..re
        };
        round(dot(&re)? + dot(&im)?, r)
    } else {
        dot(&flat)?
    };
    Ok(if r == DType::F32 {
        (sqnorm as f32).sqrt() as f64
    } else {
        sqnorm.sqrt()
    })
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![(
        "oxjit_rt_linalg_norm",
        oxjit_rt_linalg_norm as *const () as usize,
    )]
}
