//! `np.linalg.{matrix_power, pinv, matrix_rank, cond}`: the Python of `numpy/linalg/_linalg.py`
//! step for step over the routines NumPy calls (`inv`, `svd`, `matmul`, `norm`), in the types
//! NumPy computes each step in (a `float32` matrix's `pinv` multiplies in `float32`).

use super::lapack::{eigh, gesv, real_of, square, svd_any};
use super::out::Target;
use super::product::int_product;
use super::table::{lapack, C32, C64};
use super::{status, DType, ElemAccess, Error, OutArray, View};
use crate::exceptions::ExcInfo;
use oxjit_abi::NormKind;

fn array_of(t: Target) -> OutArray {
    match t {
        Target::Array(a) => a,
        Target::Scalar(_) => unreachable!("a product of matrices is a matrix"),
    }
}

/// `x @ y` of two matrices of type `r`.
fn matmul(x: &View, y: &View, r: DType) -> Result<OutArray, Error> {
    let t = lapack();
    Ok(array_of(match r {
        DType::F32 => super::matmul::matmul::<f32>(t, x, y)?,
        DType::F64 => super::matmul::matmul::<f64>(t, x, y)?,
        DType::C64 => super::matmul::matmul::<C32>(t, x, y)?,
        DType::C128 => super::matmul::matmul::<C64>(t, x, y)?,
        _ => int_product(x, y, r)?,
    }))
}

/// A C-ordered copy of `a` as type `r`.
fn copy_as(a: &View, r: DType) -> Result<OutArray, Error> {
    let out = OutArray::new(&a.shape[..a.nd], r, false)?;
    let v = out.view();
    for k in 0..a.size() {
        // SAFETY: `k` indexes both arrays.
        unsafe { super::product::convert(a.dtype, a.at_flat(k), r, v.at_flat(k)) };
    }
    Ok(out)
}

/// Whether `r` is a float or complex type.
fn inexact(r: DType) -> bool {
    matches!(r, DType::F32 | DType::F64 | DType::C64 | DType::C128)
}

/// A negative exponent of an integer matrix given at run time.
pub(super) const NEGATIVE_INT_POWER: &str = "matrix_power(): a negative exponent of an integer matrix, given at run time, is not supported (the result's type would be float64, chosen by the value); give the exponent as a constant or convert the matrix to float";

pub(super) fn power(a: &View, n: i64, r: DType) -> Result<OutArray, Error> {
    let size = square(a)?;
    if n == 0 {
        let out = OutArray::new(&[size, size], r, true)?;
        let v = out.view();
        for i in 0..size {
            // SAFETY: (i, i) is in the new array.
            unsafe {
                if inexact(r) {
                    r.store_c128(v.at(i, i), [1.0, 0.0]);
                } else {
                    r.store_i64(v.at(i, i), 1);
                }
            }
        }
        return Ok(out);
    }
    let base = if n < 0 {
        if !inexact(r) {
            return Err(Error::Value(NEGATIVE_INT_POWER));
        }
        if r.is_complex() {
            gesv::<C64>(a, None, r)?
        } else {
            gesv::<f64>(a, None, r)?
        }
    } else {
        copy_as(a, r)?
    };
    let mut n = n.unsigned_abs();
    if n == 1 {
        return Ok(base);
    }
    if n == 3 {
        // NumPy's shortcut: `(a @ a) @ a` (the loop below would compute `a @ (a @ a)`).
        let b = base.view();
        let square = matmul(&b, &b, r)?;
        return matmul(&square.view(), &b, r);
    }
    // NumPy's binary decomposition (its shortcut for 2 multiplies in the same order).
    let mut z: Option<OutArray> = None;
    let mut result: Option<OutArray> = None;
    let mut base = Some(base);
    while n > 0 {
        z = Some(match z {
            None => base.take().expect("once"),
            Some(z) => matmul(&z.view(), &z.view(), r)?,
        });
        let bit = n % 2;
        n /= 2;
        if bit == 1 {
            let zv = z.as_ref().expect("set").view();
            result = Some(match result {
                None => copy_as(&zv, r)?,
                Some(res) => matmul(&res.view(), &zv, r)?,
            });
        }
    }
    Ok(result.expect("n > 0"))
}

/// `np.linalg.matrix_power(a, n)`, of type `r_dt` (the input's, or `inv`'s for a negative
/// exponent given as a constant).
#[no_mangle]
pub extern "C" fn oxjit_rt_linalg_matrix_power(
    exc: &mut ExcInfo,
    out: *mut u8,
    a: *const i64,
    a_dt: i64,
    n: i64,
    r_dt: i64,
) -> i32 {
    // SAFETY: a 2-d array as generated code describes it.
    let a = unsafe { View::read(a, 2, a_dt) };
    let r = DType::from_code(r_dt);
    // SAFETY: `out` is the room generated code passed for the result array.
    status(power(&a, n, r).map(|x| unsafe { x.emit(out) }), exc)
}

/// Reads the real values of a 1-d result array.
fn values(a: &OutArray) -> Vec<f64> {
    let v = a.view();
    // SAFETY: `k` indexes the array.
    (0..v.size())
        .map(|k| unsafe { v.dtype.load_f64(v.at_flat(k)) })
        .collect()
}

/// Rounds to `float32` when `t` is.
fn round(x: f64, t: DType) -> f64 {
    if t == DType::F32 {
        x as f32 as f64
    } else {
        x
    }
}

/// `pinv`'s `rcond * amax(s)`: in double, or, when `rcond` is NumPy's `max(M, N) *
/// finfo(a.dtype).eps` (`per_dim`), in the array's precision (a `float32` scalar then).
fn cutoff(a: &View, rcond: f64, per_dim: bool, smax: f64) -> f64 {
    if !per_dim {
        return rcond * smax;
    }
    let dims = a.shape[0].max(a.shape[1]);
    if matches!(a.dtype, DType::F32 | DType::C64) {
        let r = dims as f32 * f32::EPSILON;
        (r * smax as f32) as f64
    } else {
        dims as f64 * f64::EPSILON * smax
    }
}

pub(super) fn pinv(a: &View, rcond: f64, per_dim: bool, r: DType) -> Result<OutArray, Error> {
    let (m, n) = (a.shape[0], a.shape[1]);
    if m * n == 0 {
        return OutArray::new(&[n, m], r, true);
    }
    // `a.conjugate()`: complex matrices are conjugated (exactly, in complex double).
    let conj;
    let src = if a.dtype.is_complex() {
        let c = copy_as(a, DType::C128)?;
        let v = c.view();
        for k in 0..v.size() {
            // SAFETY: `k` indexes the copy.
            unsafe {
                let x = v.dtype.load_c128(v.at_flat(k));
                v.dtype.store_c128(v.at_flat(k), [x[0], -x[1]]);
            }
        }
        conj = c;
        conj.view()
    } else {
        *a
    };
    let (u, s, vt) = svd_any(&src, b'S', r)?;
    let (u, vt) = (u.expect("computed"), vt.expect("computed"));
    let real = real_of(r);
    let mut s = values(&s);
    let cutoff = cutoff(
        a,
        rcond,
        per_dim,
        s.iter().fold(f64::NEG_INFINITY, |acc, x| acc.max(*x)),
    );
    for x in s.iter_mut() {
        *x = if *x > cutoff {
            round(1.0 / *x, real)
        } else {
            0.0
        };
    }
    // `multiply(s[..., newaxis], transpose(u))`: k x m, Fortran-ordered as the ufunc lays it out.
    let k = s.len() as i64;
    let x = OutArray::new(&[m, k], r, false)?;
    let (xv, uv) = (x.view(), u.view());
    for i in 0..k {
        for j in 0..m {
            // SAFETY: (j, i) is in both m x k arrays.
            unsafe {
                let e = uv.dtype.load_c128(uv.at(j, i));
                let p = [
                    round(
                        round(s[i as usize] * e[0], real) - round(0.0 * e[1], real),
                        real,
                    ),
                    round(
                        round(s[i as usize] * e[1], real) + round(0.0 * e[0], real),
                        real,
                    ),
                ];
                r.store_c128(xv.at(j, i), p);
            }
        }
    }
    let transposed = |v: View| View {
        shape: [v.shape[1], v.shape[0]],
        strides: [v.strides[1], v.strides[0]],
        ..v
    };
    matmul(&transposed(vt.view()), &transposed(xv), r)
}

/// `np.linalg.pinv(a, rcond)` (`rcond` as NumPy chooses it; `per_dim`: NumPy's `max(M, N) *
/// eps` for `rtol=None`).
#[no_mangle]
pub extern "C" fn oxjit_rt_linalg_pinv(
    exc: &mut ExcInfo,
    out: *mut u8,
    a: *const i64,
    a_dt: i64,
    rcond: f64,
    per_dim: i64,
    r_dt: i64,
) -> i32 {
    // SAFETY: a 2-d array as generated code describes it.
    let a = unsafe { View::read(a, 2, a_dt) };
    let r = DType::from_code(r_dt);
    // SAFETY: `out` is the room generated code passed for the result array.
    status(
        pinv(&a, rcond, per_dim != 0, r).map(|x| unsafe { x.emit(out) }),
        exc,
    )
}

/// `tol`/`rtol` of `matrix_rank`, as generated code passes them.
pub const RANK_DEFAULT: i64 = 0;
pub const RANK_TOL: i64 = 1;
pub const RANK_RTOL: i64 = 2;
pub const RANK_BOTH: i64 = 3;
/// Added to the mode for `hermitian=True`.
pub const RANK_HERMITIAN: i64 = 4;

/// The singular values `matrix_rank` counts: of `svd`, or for `hermitian=True` the absolute
/// values of `eigvalsh` (NumPy's `svd(a, hermitian=True)`; their order does not matter here).
fn singular_values(a: &View, hermitian: bool, r: DType) -> Result<Vec<f64>, Error> {
    if !hermitian {
        return Ok(values(&svd_any(a, b'N', r)?.1));
    }
    square(a)?;
    let (w, _) = if r.is_complex() {
        eigh::<C64>(a, b'L', false, r)?
    } else {
        eigh::<f64>(a, b'L', false, r)?
    };
    Ok(values(&w).into_iter().map(f64::abs).collect())
}

pub(super) fn rank(a: &View, tol: f64, mode: i64, r: DType) -> Result<i64, Error> {
    let (mode, hermitian) = (mode & 3, mode & RANK_HERMITIAN != 0);
    if mode == RANK_BOTH {
        return Err(Error::Value("`tol` and `rtol` can't be both set."));
    }
    if a.nd < 2 {
        let any = (0..a.size()).any(|k| {
            // SAFETY: `k` indexes the vector.
            let v = unsafe { a.dtype.load_c128(a.at_flat(k)) };
            v != [0.0, 0.0]
        });
        return Ok(any as i64);
    }
    let real = real_of(r);
    let s = singular_values(a, hermitian, r)?;
    let smax = s.iter().fold(0.0f64, |acc, x| acc.max(*x));
    let limit = match mode {
        RANK_TOL => tol,
        RANK_RTOL => smax * tol,
        _ => {
            let eps = if real == DType::F32 {
                f32::EPSILON as f64
            } else {
                f64::EPSILON
            };
            let rtol = round(a.shape[0].max(a.shape[1]) as f64 * eps, real);
            round(smax * rtol, real)
        }
    };
    Ok(s.iter().filter(|x| **x > limit).count() as i64)
}

/// `np.linalg.matrix_rank(a, tol, rtol)` of a vector or matrix (`mode` says which of `tol`,
/// `rtol` was given; `tol` holds its value).
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn oxjit_rt_linalg_matrix_rank(
    exc: &mut ExcInfo,
    out: *mut i64,
    a: *const i64,
    a_nd: i64,
    a_dt: i64,
    tol: f64,
    mode: i64,
    r_dt: i64,
) -> i32 {
    // SAFETY: an array of `a_nd` dimensions as generated code describes it.
    let a = unsafe { View::read(a, a_nd, a_dt) };
    let r = DType::from_code(r_dt);
    // SAFETY: `out` is the room generated code passed for the result.
    status(rank(&a, tol, mode, r).map(|k| unsafe { *out = k }), exc)
}

/// How NumPy's `add.reduce((x.conj() * x).real, axis=(row, col))` sums a matrix's squares:
/// the product is a new array laid out in `x`'s K order (axes by decreasing stride), and the
/// reduction's inner loop runs along its last axis. When that axis is summed, each lane is
/// summed pairwise (`out += pairwise(lane)`), one lane for the whole matrix when the two summed
/// axes are next to each other; when it is another axis, every output adds its squares one by
/// one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FroSum {
    Pairwise,
    Lanes,
    Sequential,
}

/// The order NumPy sums a matrix's squares in (of an array of `shape` and `strides`, the matrix
/// over axes `row` and `col`): how, and whether the row index is the outer one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct FroPlan {
    sum: FroSum,
    row_outer: bool,
}

pub(super) fn fro_plan(shape: &[i64], strides: &[i64], row: usize, col: usize) -> FroPlan {
    // K order of the axes longer than one (a stable sort: C order on ties).
    let mut live: Vec<usize> = (0..shape.len()).filter(|k| shape[*k] > 1).collect();
    live.sort_by_key(|k| std::cmp::Reverse(strides[*k].abs()));
    let place = |axis: usize| live.iter().position(|k| *k == axis);
    let row_outer = match (place(row), place(col)) {
        (Some(r), Some(c)) => r < c,
        _ => true,
    };
    let summed = |k: usize| k == row || k == col;
    let n = live.len();
    let sum = match live.last() {
        None => FroSum::Pairwise,
        Some(k) if !summed(*k) => FroSum::Sequential,
        _ if shape[row] > 1 && shape[col] > 1 && !summed(live[n - 2]) => FroSum::Lanes,
        _ => FroSum::Pairwise,
    };
    FroPlan { sum, row_outer }
}

/// The plan of a lone matrix.
pub(super) fn own_plan(x: &View) -> FroPlan {
    fro_plan(&x.shape, &x.strides, 0, 1)
}

/// `norm(x, p, axis=(-2, -1))` for `cond` (the Frobenius norm summed as `add.reduce` over both
/// axes in the order `plan` says, not as the dot product `norm` uses without an axis).
pub(super) fn cond_norm(x: &View, p: NormKind, plan: FroPlan) -> Result<(f64, DType), Error> {
    if p != NormKind::Dot {
        return super::norm::norm(x, p);
    }
    let ft = super::norm::float_type(x.dtype);
    let real = real_of(ft);
    let (rows, cols) = (x.shape[0], x.shape[1]);
    let (outer, inner) = if plan.row_outer {
        (rows, cols)
    } else {
        (cols, rows)
    };
    let mut squares = Vec::with_capacity(x.size().max(0) as usize);
    for o in 0..outer {
        for i in 0..inner {
            let (r, c) = if plan.row_outer { (o, i) } else { (i, o) };
            // SAFETY: (r, c) is in the matrix.
            let e = unsafe { x.dtype.load_c128(x.at(r, c)) };
            squares.push(square_of(e, real));
        }
    }
    let total = match plan.sum {
        _ if squares.is_empty() => 0.0,
        FroSum::Pairwise => super::norm::pairwise(&squares, real),
        FroSum::Lanes => squares.chunks(inner as usize).fold(0.0, |acc, lane| {
            round(acc + super::norm::pairwise(lane, real), real)
        }),
        FroSum::Sequential => squares.iter().fold(0.0, |acc, v| round(acc + v, real)),
    };
    Ok((round(total.sqrt(), real), real))
}

/// `(x.conj() * x).real` of one element, in type `real`: NumPy's complex multiply makes the
/// real part `fma(a, a, b * b)` (its loops on x86-64 with FMA, the machines it ships for).
fn square_of(e: [f64; 2], real: DType) -> f64 {
    if real == DType::F32 {
        let (a, b) = (e[0] as f32, e[1] as f32);
        a.mul_add(a, b * b) as f64
    } else {
        e[0].mul_add(e[0], e[1] * e[1])
    }
}

/// How `cond` of a matrix is computed: the order of its Frobenius sum, and whether the
/// product of the two norms is NumPy's array multiply (of a stack: a NaN first operand wins, as
/// in its vector loop) rather than its scalar one.
#[derive(Clone, Copy)]
pub(super) struct CondHow {
    pub plan: FroPlan,
    pub stacked: bool,
}

pub(super) fn cond(x: &View, p: NormKind, r: DType, how: CondHow) -> Result<f64, Error> {
    if x.size() == 0 {
        return Err(Error::LinAlg("cond is not defined on empty arrays"));
    }
    let real = real_of(r);
    let c = match p {
        NormKind::MatTwo | NormKind::MatNegTwo => {
            let (_, s, _) = svd_any(x, b'N', r)?;
            let s = values(&s);
            let (first, last) = (s[0], s[s.len() - 1]);
            if p == NormKind::MatTwo {
                round(first / last, real)
            } else {
                round(last / first, real)
            }
        }
        _ => {
            square(x)?;
            // `inv` with errors ignored: a singular matrix's inverse is all NaN.
            let inv = if r.is_complex() {
                gesv::<C64>(x, None, DType::C128)
            } else {
                gesv::<f64>(x, None, DType::F64)
            };
            let inv = match inv {
                Ok(inv) => inv,
                Err(Error::LinAlg(_)) => nan_matrix(x.shape[0], r.is_complex())?,
                Err(e) => return Err(e),
            };
            // (NumPy's `norm` of that NaN matrix: NaN, or its SVD's error for 'nuc'.)
            let inv = inv.view();
            let norm_inv = cond_norm(&inv, p, own_plan(&inv))?.0;
            let norm_x = cond_norm(x, p, how.plan)?.0;
            if how.stacked && norm_x.is_nan() {
                norm_x
            } else {
                round(norm_x * norm_inv, real)
            }
        }
    };
    if c.is_nan() && !has_nan(x) {
        return Ok(f64::INFINITY);
    }
    Ok(c)
}

/// What NumPy's `inv` gives a singular matrix with errors ignored: NaN everywhere.
fn nan_matrix(n: i64, complex: bool) -> Result<OutArray, Error> {
    let dt = if complex { DType::C128 } else { DType::F64 };
    let out = OutArray::new(&[n, n], dt, false)?;
    let v = out.view();
    for k in 0..n * n {
        // SAFETY: `k` indexes the new array.
        unsafe { dt.store_c128(v.at_flat(k), [f64::NAN, f64::NAN]) };
    }
    Ok(out)
}

fn has_nan(x: &View) -> bool {
    (0..x.size()).any(|k| {
        // SAFETY: `k` indexes the matrix.
        let v = unsafe { x.dtype.load_c128(x.at_flat(k)) };
        v[0].is_nan() || v[1].is_nan()
    })
}

/// `np.linalg.cond(x, p)` (`p` as the matrix norm it names; `MatTwo` for `None`), of the
/// real type of `r_dt`, written to `out`.
#[no_mangle]
pub extern "C" fn oxjit_rt_linalg_cond(
    exc: &mut ExcInfo,
    out: *mut u8,
    x: *const i64,
    x_dt: i64,
    p: i64,
    r_dt: i64,
) -> i32 {
    // SAFETY: a 2-d array as generated code describes it.
    let x = unsafe { View::read(x, 2, x_dt) };
    let r = DType::from_code(r_dt);
    let how = CondHow {
        plan: own_plan(&x),
        stacked: false,
    };
    let result = cond(&x, NormKind::from_code(p), r, how).map(|c| {
        // SAFETY: `out` is a slot of the real type of `r`.
        unsafe { real_of(r).store_c128(out, [c, 0.0]) }
    });
    status(result, exc)
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        (
            "oxjit_rt_linalg_matrix_power",
            oxjit_rt_linalg_matrix_power as *const () as usize,
        ),
        (
            "oxjit_rt_linalg_pinv",
            oxjit_rt_linalg_pinv as *const () as usize,
        ),
        (
            "oxjit_rt_linalg_matrix_rank",
            oxjit_rt_linalg_matrix_rank as *const () as usize,
        ),
        (
            "oxjit_rt_linalg_cond",
            oxjit_rt_linalg_cond as *const () as usize,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frobenius_sums_follow_numpys_iteration() {
        let plan = |shape: &[i64], strides: &[i64], row, col| {
            let p = fro_plan(shape, strides, row, col);
            (p.sum, p.row_outer)
        };
        // C-ordered stack: one pairwise lane per matrix, rows outer.
        assert_eq!(
            plan(&[2, 3, 4], &[96, 32, 8], 1, 2),
            (FroSum::Pairwise, true)
        );
        // A Fortran-ordered matrix: one lane, columns outer.
        assert_eq!(plan(&[3, 4], &[8, 24], 0, 1), (FroSum::Pairwise, false));
        // A Fortran-ordered stack: its batch axis is the innermost.
        assert_eq!(
            plan(&[2, 3, 4], &[8, 16, 48], 1, 2),
            (FroSum::Sequential, false)
        );
        // The batch axis innermost: every output adds its squares one by one.
        assert_eq!(
            plan(&[2, 3, 4], &[8, 64, 16], 1, 2),
            (FroSum::Sequential, true)
        );
        // A batch axis between the summed ones: lanes of the inner one.
        assert_eq!(plan(&[3, 4, 5], &[160, 40, 8], 0, 2), (FroSum::Lanes, true));
        // Axes of length 1 do not count: a 1 x n matrix of a stack is one lane.
        assert_eq!(
            plan(&[4, 1, 3], &[24, 24, 8], 1, 2),
            (FroSum::Pairwise, true)
        );
        assert_eq!(
            plan(&[4, 1, 1], &[8, 8, 8], 1, 2),
            (FroSum::Sequential, true)
        );
        // Negative strides: by their size (the temporary is laid out in K order).
        assert_eq!(plan(&[2, 3], &[-24, 8], 0, 1), (FroSum::Pairwise, true));
    }
}
