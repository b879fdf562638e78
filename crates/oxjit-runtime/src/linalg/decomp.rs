//! `np.linalg.{cholesky, qr, eig, eigvals}` of one matrix: NumPy's `_umath_linalg` loops
//! (`cholesky_lo`/`cholesky_up`, `qr_r_raw` then `qr_reduced`/`qr_complete`, `eig`/`eigvals`)
//! in double (or complex double) precision, the results cast to the result type as
//! `numpy/linalg/_linalg.py` casts them.
//!
//! `eig` and `eigvals` of a real matrix: NumPy returns real arrays when every eigenvalue is real
//! and complex ones otherwise, a type chosen by the values. Compiled code has one result type, so
//! (as Numba does) a real matrix gives real results, and complex eigenvalues raise a
//! `ValueError` saying to pass a complex matrix.

use super::factor::Factor;
use super::lapack::{delinearize, linearize, square};
use super::table::{lapack, C64};
use super::{scratch, status, DType, Error, OutArray, View};
use crate::exceptions::ExcInfo;

/// `cholesky`: `?potrf` on the Fortran copy, the other triangle zeroed (NumPy's
/// `zero_upper_triangle`/`zero_lower_triangle`).
pub(super) fn cholesky<T: Factor>(a: &View, upper: bool, r: DType) -> Result<OutArray, Error> {
    let n = square(a)?;
    let nu = n as usize;
    let mut buf = scratch::<T>(nu * nu)?;
    linearize(a, &mut buf, nu);
    let uplo = if upper { b'U' } else { b'L' };
    if T::potrf(lapack(), uplo, n, &mut buf) != 0 {
        return Err(Error::LinAlg("Matrix is not positive definite"));
    }
    for j in 0..nu {
        for i in 0..nu {
            // Column-major: (i, j) at i + j*n; 'L' keeps i >= j.
            if (upper && i > j) || (!upper && i < j) {
                buf[i + j * nu] = T::default();
            }
        }
    }
    delinearize(&buf, nu, &[n, n], r)
}

/// `np.linalg.cholesky(a, upper=...)`.
#[no_mangle]
pub extern "C" fn oxjit_rt_linalg_cholesky(
    exc: &mut ExcInfo,
    out: *mut u8,
    a: *const i64,
    a_dt: i64,
    upper: i64,
    r_dt: i64,
) -> i32 {
    // SAFETY: a 2-d array as generated code describes it.
    let a = unsafe { View::read(a, 2, a_dt) };
    let r = DType::from_code(r_dt);
    let result = if r.is_complex() {
        cholesky::<C64>(&a, upper != 0, r)
    } else {
        cholesky::<f64>(&a, upper != 0, r)
    };
    // SAFETY: `out` is the room generated code passed for the result array.
    status(result.map(|x| unsafe { x.emit(out) }), exc)
}

/// `qr`'s modes, as generated code passes them.
pub const QR_REDUCED: i64 = 0;
pub const QR_COMPLETE: i64 = 1;
pub const QR_R: i64 = 2;

pub(super) type QrResult = (Option<OutArray>, OutArray);

pub(super) fn qr<T: Factor>(a: &View, mode: i64, r: DType) -> Result<QrResult, Error> {
    let (m, n) = (a.shape[0], a.shape[1]);
    let mn = m.min(n);
    let ld = m.max(1) as usize;
    let mut abuf = scratch::<T>((m * n) as usize)?;
    let mut tau = scratch::<T>(mn as usize)?;
    linearize(a, &mut abuf, ld);
    if T::geqrf(lapack(), m, n, &mut abuf, &mut tau)? != 0 {
        return Err(Error::LinAlg(
            "Incorrect argument found while performing QR factorization",
        ));
    }
    // Q's columns: all m of them for 'complete' when m > n (`qr_complete`), else min(m, n).
    let mc = if mode == QR_COMPLETE && m > n { m } else { mn };
    // R = triu(a[:mc, :]) of what `?geqrf` left.
    let rrows = if mode == QR_R { mn } else { mc };
    let mut rbuf = abuf.clone();
    for j in 0..n as usize {
        for i in (j + 1)..m as usize {
            rbuf[i + j * ld] = T::default();
        }
    }
    let rr = delinearize(&rbuf, ld, &[rrows, n], r)?;
    if mode == QR_R {
        return Ok((None, rr));
    }
    let mut q = scratch::<T>(ld * mc as usize)?;
    let cols = n.min(mc) as usize;
    q[..ld * cols].copy_from_slice(&abuf[..ld * cols]);
    if T::orgqr(lapack(), m, mc, mn, n, &mut q, &tau)? != 0 {
        return Err(Error::LinAlg(
            "Incorrect argument found while performing QR factorization",
        ));
    }
    Ok((Some(delinearize(&q, ld, &[m, mc], r)?), rr))
}

/// `np.linalg.qr(a, mode)`: Q to `out_q` (not for mode 'r'), R to `out_r`.
#[no_mangle]
pub extern "C" fn oxjit_rt_linalg_qr(
    exc: &mut ExcInfo,
    out_q: *mut u8,
    out_r: *mut u8,
    a: *const i64,
    a_dt: i64,
    mode: i64,
    r_dt: i64,
) -> i32 {
    // SAFETY: a 2-d array as generated code describes it.
    let a = unsafe { View::read(a, 2, a_dt) };
    let r = DType::from_code(r_dt);
    let result = if r.is_complex() {
        qr::<C64>(&a, mode, r)
    } else {
        qr::<f64>(&a, mode, r)
    };
    // SAFETY: `out_q` and `out_r` are the room generated code passed for the results.
    let result = result.map(|(q, rr)| unsafe {
        rr.emit(out_r);
        if let Some(q) = q {
            q.emit(out_q);
        }
    });
    status(result, exc)
}

/// NumPy's `_assert_finite`.
pub(super) fn finite(a: &View) -> Result<(), Error> {
    for k in 0..a.size() {
        // SAFETY: `k` indexes the array.
        let v = unsafe { super::ElemAccess::load_c128(a.dtype, a.at_flat(k)) };
        if !(v[0].is_finite() && v[1].is_finite()) {
            return Err(Error::LinAlg("Array must not contain infs or NaNs"));
        }
    }
    Ok(())
}

pub(super) fn eig<T: Factor>(
    a: &View,
    vectors: bool,
    r: DType,
) -> Result<(OutArray, Option<OutArray>), Error> {
    let n = square(a)?;
    finite(a)?;
    let nu = n as usize;
    let mut buf = scratch::<T>(nu * nu)?;
    linearize(a, &mut buf, nu);
    let mut w = scratch::<C64>(nu)?;
    let mut v = scratch::<C64>(if vectors { nu * nu } else { 0 })?;
    if T::geev(lapack(), n, &mut buf, &mut w, &mut v)? != 0 {
        return Err(Error::LinAlg("Eigenvalues did not converge"));
    }
    if !r.is_complex() && w.iter().any(|x| x[1] != 0.0) {
        return Err(Error::Value(if vectors {
            "eig() of a real matrix with complex eigenvalues: compiled code gives a real matrix real results; pass a complex matrix (a.astype(np.complex128)) for complex ones"
        } else {
            "eigvals() of a real matrix with complex eigenvalues: compiled code gives a real matrix real results; pass a complex matrix (a.astype(np.complex128)) for complex ones"
        }));
    }
    // A real float64 result is NumPy's `w.real` of the complex result: a view of every other
    // double of a complex array (`astype(float64, copy=False)` does not copy it).
    let store = if r == DType::F64 { DType::C128 } else { r };
    let values = delinearize(&w, nu.max(1), &[n], store)?;
    let vecs = if vectors {
        Some(delinearize(&v, nu, &[n, n], store)?)
    } else {
        None
    };
    Ok((values, vecs))
}

/// `np.linalg.eig(a)` (`out_v` null: `eigvals`): the eigenvalues to `out_w`, the right
/// eigenvectors (columns) to `out_v`, of type `r_dt` (real for a real matrix: see above).
#[no_mangle]
pub extern "C" fn oxjit_rt_linalg_eig(
    exc: &mut ExcInfo,
    out_w: *mut u8,
    out_v: *mut u8,
    a: *const i64,
    a_dt: i64,
    r_dt: i64,
) -> i32 {
    // SAFETY: a 2-d array as generated code describes it.
    let a = unsafe { View::read(a, 2, a_dt) };
    let r = DType::from_code(r_dt);
    let vectors = !out_v.is_null();
    let result = if a.dtype.is_complex() {
        eig::<C64>(&a, vectors, r)
    } else {
        eig::<f64>(&a, vectors, r)
    };
    // SAFETY: `out_w` and `out_v` are the room generated code passed for the results.
    let result = result.map(|(w, v)| unsafe {
        let emit = |x: OutArray, out| {
            if r == DType::F64 {
                x.emit_real_part(out)
            } else {
                x.emit(out)
            }
        };
        emit(w, out_w);
        if let Some(v) = v {
            emit(v, out_v);
        }
    });
    status(result, exc)
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        (
            "oxjit_rt_linalg_cholesky",
            oxjit_rt_linalg_cholesky as *const () as usize,
        ),
        (
            "oxjit_rt_linalg_qr",
            oxjit_rt_linalg_qr as *const () as usize,
        ),
        (
            "oxjit_rt_linalg_eig",
            oxjit_rt_linalg_eig as *const () as usize,
        ),
    ]
}
