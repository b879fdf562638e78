//! `np.linalg.{matrix_power, pinv, matrix_rank, cond}`: the Python of `numpy/linalg/_linalg.py`
//! step for step over the routines NumPy calls (`inv`, `svd`, `matmul`, `norm`), in the types
//! NumPy computes each step in (a `float32` matrix's `pinv` multiplies in `float32`).

use super::lapack::{gesv, real_of, square, svd_any};
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

fn power(a: &View, n: i64, r: DType) -> Result<OutArray, Error> {
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
            return Err(Error::Value(
                "matrix_power(): a negative exponent of an integer matrix, given at run time, is not supported (the result's type would be float64, chosen by the value); give the exponent as a constant or convert the matrix to float",
            ));
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

fn rank(a: &View, tol: f64, mode: i64, r: DType) -> Result<i64, Error> {
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
    let (_, s, _) = svd_any(a, b'N', r)?;
    let real = real_of(r);
    let s = values(&s);
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

/// `norm(x, p, axis=(-2, -1))` for `cond` (the Frobenius norm summed as `add.reduce` over both
/// axes, not as the dot product `norm` uses without an axis).
fn cond_norm(x: &View, p: NormKind) -> Result<(f64, DType), Error> {
    if p != NormKind::Dot {
        return super::norm::norm(x, p);
    }
    let ft = super::norm::float_type(x.dtype);
    let real = real_of(ft);
    let order_f = !x.is_c_contiguous() && x.is_f_contiguous();
    let (rows, cols) = (x.shape[0], x.shape[1]);
    let mut squares = Vec::with_capacity(x.size().max(0) as usize);
    let mut push = |i: i64, j: i64| {
        // SAFETY: (i, j) is in the matrix.
        let e = unsafe { x.dtype.load_c128(x.at(i, j)) };
        let (re, im) = (round(e[0], real), round(e[1], real));
        squares.push(round(round(re * re, real) + round(im * im, real), real));
    };
    if order_f {
        (0..cols).for_each(|j| (0..rows).for_each(|i| push(i, j)));
    } else {
        (0..rows).for_each(|i| (0..cols).for_each(|j| push(i, j)));
    }
    Ok((
        round(super::norm::pairwise(&squares, real).sqrt(), real),
        real,
    ))
}

fn cond(x: &View, p: NormKind, r: DType) -> Result<f64, Error> {
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
            let norm_inv = cond_norm(&inv.view(), p)?.0;
            round(cond_norm(x, p)?.0 * norm_inv, real)
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
    let result = cond(&x, NormKind::from_code(p), r).map(|c| {
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
