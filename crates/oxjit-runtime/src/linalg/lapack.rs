//! `np.linalg.{solve, inv, det, slogdet, eigh, eigvalsh, svd, lstsq}`: NumPy's `_umath_linalg`
//! loops for one matrix. As in `numpy/linalg/_linalg.py`, every input is computed in double (or
//! complex double) precision and the results are cast to the result type (`float32` for
//! `float32` inputs), so only the `d` and `z` LAPACK routines are used. Matrices are copied into
//! Fortran-ordered workspaces (`linearize_matrix`), results copied out of them.

use super::lin::Lin;
use super::table::{lapack, Int, C64};
use super::{scratch, status, DType, ElemAccess, Error, OutArray, View};
use crate::exceptions::ExcInfo;

/// Copies `rows x cols` of `v` (a vector is one column) into `buf`, column-major with leading
/// dimension `ld`, converting to `T`.
pub(super) fn linearize<T: Lin>(v: &View, buf: &mut [T], ld: usize) {
    let (rows, cols) = (v.shape[0], if v.nd == 2 { v.shape[1] } else { 1 });
    for j in 0..cols {
        for i in 0..rows {
            // SAFETY: (i, j) within the view.
            buf[i as usize + j as usize * ld] = unsafe { T::load(v.dtype, v.at(i, j)) };
        }
    }
}

/// A new C-contiguous array of `shape` and type `r` from a column-major matrix (leading
/// dimension `ld`); a 1-d shape reads one column.
pub(super) fn delinearize<T: Lin>(
    buf: &[T],
    ld: usize,
    shape: &[i64],
    r: DType,
) -> Result<OutArray, Error> {
    let out = OutArray::new(shape, r, false)?;
    let v = out.view();
    let (rows, cols) = (shape[0], if shape.len() == 2 { shape[1] } else { 1 });
    for i in 0..rows {
        for j in 0..cols {
            // SAFETY: (i, j) within the new array.
            unsafe { r.store_c128(v.at(i, j), buf[i as usize + j as usize * ld].wide()) };
        }
    }
    Ok(out)
}

/// A new 1-d array of real values of type `r`.
pub(super) fn real_array(values: &[f64], r: DType) -> Result<OutArray, Error> {
    let out = OutArray::new(&[values.len() as i64], r, false)?;
    let v = out.view();
    for (i, x) in values.iter().enumerate() {
        // SAFETY: within the new array.
        unsafe { r.store_c128(v.at(i as i64, 0), [*x, 0.0]) };
    }
    Ok(out)
}

/// The real type of a result type (`float32` for `complex64`, ...).
pub(super) fn real_of(r: DType) -> DType {
    match r {
        DType::F32 | DType::C64 => DType::F32,
        _ => DType::F64,
    }
}

/// NumPy's `_assert_stacked_square`.
pub(super) fn square(a: &View) -> Result<i64, Error> {
    if a.shape[0] != a.shape[1] {
        return Err(Error::LinAlg(
            "Last 2 dimensions of the array must be square",
        ));
    }
    Ok(a.shape[0])
}

pub(super) const SINGULAR: &str = "Singular matrix";

/// `?gesv` of a square matrix against `b` (the identity when `None`), as `solve`/`solve1`/`inv`.
pub(super) fn gesv<T: Lin>(a: &View, b: Option<&View>, r: DType) -> Result<OutArray, Error> {
    let n = a.shape[0];
    let nrhs = match b {
        Some(b) if b.nd == 2 => b.shape[1],
        Some(_) => 1,
        None => n,
    };
    let nu = n as usize;
    let mut abuf = scratch::<T>(nu * nu)?;
    let mut bbuf = scratch::<T>(nu * nrhs.max(0) as usize)?;
    let mut ipiv = scratch::<Int>(nu)?;
    linearize(a, &mut abuf, nu);
    match b {
        Some(b) => linearize(b, &mut bbuf, nu),
        None => {
            for i in 0..nu {
                bbuf[i * (nu + 1)] = T::one();
            }
        }
    }
    if n > 0 {
        // SAFETY: buffers of NumPy's sizes (`init_gesv`).
        let info = unsafe {
            T::gesv(
                lapack(),
                n,
                nrhs,
                abuf.as_mut_ptr(),
                ipiv.as_mut_ptr(),
                bbuf.as_mut_ptr(),
            )
        };
        if info != 0 {
            return Err(Error::LinAlg(SINGULAR));
        }
    }
    let shape: Vec<i64> = match b {
        Some(b) if b.nd == 1 => vec![n],
        _ => vec![n, nrhs],
    };
    delinearize(&bbuf, nu, &shape, r)
}

/// `np.linalg.solve(a, b)`: `a` square, `b` of one or two dimensions.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn oxjit_rt_linalg_solve(
    exc: &mut ExcInfo,
    out: *mut u8,
    a: *const i64,
    a_dt: i64,
    b: *const i64,
    b_nd: i64,
    b_dt: i64,
    r_dt: i64,
) -> i32 {
    // SAFETY: arrays as generated code describes them.
    let (a, b) = unsafe { (View::read(a, 2, a_dt), View::read(b, b_nd, b_dt)) };
    let r = DType::from_code(r_dt);
    let result = (|| {
        let n = square(&a)?;
        if b.shape[0] != n {
            let template = if b.nd == 1 {
                "solve1: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (m,m),(m)->(m) (size {0} is different from {1})"
            } else {
                "solve: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (m,m),(m,n)->(m,n) (size {0} is different from {1})"
            };
            return Err(Error::ValueFormatted(template, vec![b.shape[0], n]));
        }
        let x = if r.is_complex() {
            gesv::<C64>(&a, Some(&b), r)?
        } else {
            gesv::<f64>(&a, Some(&b), r)?
        };
        // SAFETY: `out` is the room generated code passed for the result array.
        unsafe { x.emit(out) };
        Ok(())
    })();
    status(result, exc)
}

/// `np.linalg.inv(a)`: `?gesv` against the identity.
#[no_mangle]
pub extern "C" fn oxjit_rt_linalg_inv(
    exc: &mut ExcInfo,
    out: *mut u8,
    a: *const i64,
    a_dt: i64,
    r_dt: i64,
) -> i32 {
    // SAFETY: a 2-d array as generated code describes it.
    let a = unsafe { View::read(a, 2, a_dt) };
    let r = DType::from_code(r_dt);
    let result = (|| {
        square(&a)?;
        let x = if r.is_complex() {
            gesv::<C64>(&a, None, r)?
        } else {
            gesv::<f64>(&a, None, r)?
        };
        // SAFETY: `out` is the room generated code passed for the result array.
        unsafe { x.emit(out) };
        Ok(())
    })();
    status(result, exc)
}

/// NumPy's `slogdet_single_element`: LU (`?getrf`), then the sign from the pivots and the
/// diagonal, and the sum of the logs of the diagonal's magnitudes. Singular: sign 0, log -inf.
fn slogdet<T: Lin>(a: &View) -> Result<([f64; 2], f64), Error> {
    let n = a.shape[0];
    let nu = n as usize;
    let mut buf = scratch::<T>(nu * nu)?;
    let mut ipiv = scratch::<Int>(nu)?;
    linearize(a, &mut buf, nu);
    // SAFETY: NumPy's buffers; `getrf` of size 0 returns at once.
    let info = unsafe { T::getrf(lapack(), n, buf.as_mut_ptr(), ipiv.as_mut_ptr()) };
    if info != 0 {
        return Ok(([0.0, 0.0], f64::NEG_INFINITY));
    }
    let changes = ipiv
        .iter()
        .enumerate()
        .filter(|(i, p)| **p != *i as Int + 1)
        .count();
    let mut sign: [f64; 2] = if changes % 2 == 1 {
        [-1.0, 0.0]
    } else {
        [1.0, 0.0]
    };
    let mut logdet = 0.0f64;
    for i in 0..nu {
        let e = buf[i * (nu + 1)].wide();
        if T::COMPLEX {
            let abs = e[0].hypot(e[1]);
            let s = [e[0] / abs, e[1] / abs];
            sign = [
                sign[0] * s[0] - sign[1] * s[1],
                sign[0] * s[1] + sign[1] * s[0],
            ];
            logdet += abs.ln();
        } else {
            let mut x = e[0];
            if x < 0.0 {
                sign[0] = -sign[0];
                x = -x;
            }
            logdet += x.ln();
        }
    }
    Ok((sign, logdet))
}

pub(super) fn slogdet_any(a: &View, r: DType) -> Result<([f64; 2], f64), Error> {
    square(a)?;
    if r.is_complex() {
        slogdet::<C64>(a)
    } else {
        slogdet::<f64>(a)
    }
}

/// `sign * exp(logdet)`, as NumPy's `det` makes it from `slogdet`'s parts.
pub(super) fn det_of(sign: [f64; 2], logdet: f64, r: DType) -> [f64; 2] {
    let e = logdet.exp();
    if r.is_complex() {
        [sign[0] * e - sign[1] * 0.0, sign[0] * 0.0 + sign[1] * e]
    } else {
        [sign[0] * e, 0.0]
    }
}

/// `np.linalg.det(a)`: `sign * exp(logdet)` of [`slogdet`], written to `out` as type `r_dt`.
#[no_mangle]
pub extern "C" fn oxjit_rt_linalg_det(
    exc: &mut ExcInfo,
    out: *mut u8,
    a: *const i64,
    a_dt: i64,
    r_dt: i64,
) -> i32 {
    // SAFETY: a 2-d array as generated code describes it.
    let a = unsafe { View::read(a, 2, a_dt) };
    let r = DType::from_code(r_dt);
    let result = slogdet_any(&a, r).map(|(sign, logdet)| {
        // SAFETY: `out` is a slot of type `r`.
        unsafe { r.store_c128(out, det_of(sign, logdet, r)) };
    });
    status(result, exc)
}

/// `np.linalg.slogdet(a)`: the sign (type `r_dt`) to `out_sign`, the log (its real type) to
/// `out_log`.
#[no_mangle]
pub extern "C" fn oxjit_rt_linalg_slogdet(
    exc: &mut ExcInfo,
    out_sign: *mut u8,
    out_log: *mut u8,
    a: *const i64,
    a_dt: i64,
    r_dt: i64,
) -> i32 {
    // SAFETY: a 2-d array as generated code describes it.
    let a = unsafe { View::read(a, 2, a_dt) };
    let r = DType::from_code(r_dt);
    // SAFETY: `out_sign` and `out_log` are the room generated code passed for the two results.
    let result = slogdet_any(&a, r).map(|(sign, logdet)| unsafe {
        r.store_c128(out_sign, sign);
        real_of(r).store_c128(out_log, [logdet, 0.0]);
    });
    status(result, exc)
}

pub(super) fn eigh<T: Lin>(
    a: &View,
    uplo: u8,
    vectors: bool,
    r: DType,
) -> Result<(OutArray, Option<OutArray>), Error> {
    let n = a.shape[0];
    let nu = n as usize;
    let mut w = vec![0.0f64; nu];
    let mut buf = scratch::<T>(nu * nu)?;
    if n > 0 {
        linearize(a, &mut buf, nu);
        let jobz = if vectors { b'V' } else { b'N' };
        let info = T::evd(lapack(), jobz, uplo, n, &mut buf, &mut w)?;
        if info != 0 {
            return Err(Error::LinAlg("Eigenvalues did not converge"));
        }
    }
    let values = real_array(&w, real_of(r))?;
    let vecs = if vectors {
        Some(delinearize(&buf, nu, &[n, n], r)?)
    } else {
        None
    };
    Ok((values, vecs))
}

/// `np.linalg.eigh(a, UPLO)` (`out_v` null: `eigvalsh`): ascending eigenvalues to `out_w`, the
/// eigenvectors (columns) to `out_v`.
#[no_mangle]
pub extern "C" fn oxjit_rt_linalg_eigh(
    exc: &mut ExcInfo,
    out_w: *mut u8,
    out_v: *mut u8,
    a: *const i64,
    a_dt: i64,
    uplo: i64,
    r_dt: i64,
) -> i32 {
    // SAFETY: a 2-d array as generated code describes it.
    let a = unsafe { View::read(a, 2, a_dt) };
    let r = DType::from_code(r_dt);
    let result = (|| {
        square(&a)?;
        let vectors = !out_v.is_null();
        let (w, v) = if r.is_complex() {
            eigh::<C64>(&a, uplo as u8, vectors, r)?
        } else {
            eigh::<f64>(&a, uplo as u8, vectors, r)?
        };
        // SAFETY: `out_w` and `out_v` are the room generated code passed for the results.
        unsafe {
            w.emit(out_w);
            if let Some(v) = v {
                v.emit(out_v);
            }
        }
        Ok(())
    })();
    status(result, exc)
}

type SvdResult = (Option<OutArray>, OutArray, Option<OutArray>);

fn svd<T: Lin>(a: &View, jobz: u8, r: DType) -> Result<SvdResult, Error> {
    let (m, n) = (a.shape[0], a.shape[1]);
    let mn = m.min(n);
    let (urows, vtcols) = match jobz {
        b'A' => (m, n),
        b'S' => (mn, mn),
        _ => (0, 0),
    };
    let ld = m.max(1) as usize;
    let ldvt = vtcols.max(1);
    let mut abuf = scratch::<T>((m * n) as usize)?;
    let mut s = vec![0.0f64; mn as usize];
    let mut u = scratch::<T>((urows * m) as usize)?;
    let mut vt = scratch::<T>((n * vtcols) as usize)?;
    if mn > 0 {
        linearize(a, &mut abuf, ld);
        let info = T::gesdd(
            lapack(),
            jobz,
            m,
            n,
            &mut abuf,
            &mut s,
            &mut u,
            &mut vt,
            ldvt,
        )?;
        if info != 0 {
            return Err(Error::LinAlg("SVD did not converge"));
        }
    } else if jobz == b'A' {
        // LAPACK leaves them unset: NumPy makes identities.
        for i in 0..m as usize {
            u[i * (m as usize + 1)] = T::one();
        }
        for i in 0..n as usize {
            vt[i * (n as usize + 1)] = T::one();
        }
    }
    let sv = real_array(&s, real_of(r))?;
    if jobz == b'N' {
        return Ok((None, sv, None));
    }
    let (ucols, vrows) = if jobz == b'S' { (mn, mn) } else { (m, n) };
    let uu = delinearize(&u, ld, &[m, ucols], r)?;
    let vv = delinearize(&vt, ldvt as usize, &[vrows, n], r)?;
    Ok((Some(uu), sv, Some(vv)))
}

/// `np.linalg.svd(a, full_matrices, compute_uv)`: `u`, `s`, `vh` to the three slots (only `s`
/// without `compute_uv`).
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn oxjit_rt_linalg_svd(
    exc: &mut ExcInfo,
    out_u: *mut u8,
    out_s: *mut u8,
    out_vh: *mut u8,
    a: *const i64,
    a_dt: i64,
    full: i64,
    compute_uv: i64,
    r_dt: i64,
) -> i32 {
    // SAFETY: a 2-d array as generated code describes it.
    let a = unsafe { View::read(a, 2, a_dt) };
    let r = DType::from_code(r_dt);
    let jobz = match (compute_uv != 0, full != 0) {
        (false, _) => b'N',
        (true, true) => b'A',
        (true, false) => b'S',
    };
    // SAFETY: `out_u`, `out_s` and `out_vh` are the room generated code passed for the results.
    let result = svd_any(&a, jobz, r).map(|(u, s, vh)| unsafe {
        s.emit(out_s);
        if let (Some(u), Some(vh)) = (u, vh) {
            u.emit(out_u);
            vh.emit(out_vh);
        }
    });
    status(result, exc)
}

pub(super) fn svd_any(a: &View, jobz: u8, r: DType) -> Result<SvdResult, Error> {
    if r.is_complex() {
        svd::<C64>(a, jobz, r)
    } else {
        svd::<f64>(a, jobz, r)
    }
}

struct Lstsq {
    x: OutArray,
    resids: OutArray,
    rank: i32,
    s: OutArray,
}

fn lstsq<T: Lin>(a: &View, b: &View, rcond: Option<f64>, r: DType) -> Result<Lstsq, Error> {
    let (m, n) = (a.shape[0], a.shape[1]);
    let is_1d = b.nd == 1;
    let n_rhs = if is_1d { 1 } else { b.shape[1] };
    if b.shape[0] != m {
        return Err(Error::LinAlg("Incompatible dimensions"));
    }
    // `finfo(double).eps * max(n, m)`.
    let rcond = rcond.unwrap_or(f64::EPSILON * (n.max(m) as f64));
    // LAPACK cannot take no right-hand side: NumPy solves for one column of zeros, then drops it.
    let nrhs = n_rhs.max(1);
    let (mn, mx) = (m.min(n), m.max(n));
    let ldb = mx.max(1) as usize;
    let mut abuf = scratch::<T>((m * n) as usize)?;
    let mut bbuf = scratch::<T>(ldb * nrhs as usize)?;
    let mut s = vec![0.0f64; mn as usize];
    linearize(a, &mut abuf, m.max(1) as usize);
    if n_rhs > 0 {
        linearize(b, &mut bbuf, ldb);
    }
    let (info, rank) = T::gelsd(
        lapack(),
        m,
        n,
        nrhs,
        &mut abuf,
        &mut bbuf,
        ldb as Int,
        &mut s,
        rcond,
    )?;
    if info != 0 {
        return Err(Error::LinAlg(
            "SVD did not converge in Linear Least Squares",
        ));
    }
    if m == 0 {
        bbuf.iter_mut().for_each(|x| *x = T::default());
    }
    let excess = m - n;
    let real = real_of(r);
    let resids = if excess > 0 && rank == n {
        let values: Vec<f64> = (0..n_rhs as usize)
            .map(|i| {
                let start = n as usize + i * m as usize;
                T::abs2(&bbuf[start..start + excess as usize])
            })
            .collect();
        real_array(&values, real)?
    } else {
        real_array(&[], real)?
    };
    let shape: Vec<i64> = if is_1d { vec![n] } else { vec![n, n_rhs] };
    let x = delinearize(&bbuf, ldb, &shape, r)?;
    Ok(Lstsq {
        x,
        resids,
        rank: rank as i32,
        s: real_array(&s, real)?,
    })
}

/// `np.linalg.lstsq(a, b, rcond)` (`rcond_given == 0`: NumPy's default, `eps * max(m, n)`):
/// `x`, the residuals, the rank (int32) and the singular values to the four slots.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn oxjit_rt_linalg_lstsq(
    exc: &mut ExcInfo,
    out_x: *mut u8,
    out_res: *mut u8,
    out_rank: *mut u8,
    out_s: *mut u8,
    a: *const i64,
    a_dt: i64,
    b: *const i64,
    b_nd: i64,
    b_dt: i64,
    rcond: f64,
    rcond_given: i64,
    r_dt: i64,
) -> i32 {
    // SAFETY: arrays as generated code describes them.
    let (a, b) = unsafe { (View::read(a, 2, a_dt), View::read(b, b_nd, b_dt)) };
    let r = DType::from_code(r_dt);
    let rcond = (rcond_given != 0).then_some(rcond);
    let result = if r.is_complex() {
        lstsq::<C64>(&a, &b, rcond, r)
    } else {
        lstsq::<f64>(&a, &b, rcond, r)
    };
    // SAFETY: `out_x`, `out_res`, `out_rank` and `out_s` are the room generated code passed for
    // the results.
    let result = result.map(|l| unsafe {
        l.x.emit(out_x);
        l.resids.emit(out_res);
        (out_rank as *mut i32).write_unaligned(l.rank);
        l.s.emit(out_s);
    });
    status(result, exc)
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        (
            "oxjit_rt_linalg_solve",
            oxjit_rt_linalg_solve as *const () as usize,
        ),
        (
            "oxjit_rt_linalg_inv",
            oxjit_rt_linalg_inv as *const () as usize,
        ),
        (
            "oxjit_rt_linalg_det",
            oxjit_rt_linalg_det as *const () as usize,
        ),
        (
            "oxjit_rt_linalg_slogdet",
            oxjit_rt_linalg_slogdet as *const () as usize,
        ),
        (
            "oxjit_rt_linalg_eigh",
            oxjit_rt_linalg_eigh as *const () as usize,
        ),
        (
            "oxjit_rt_linalg_svd",
            oxjit_rt_linalg_svd as *const () as usize,
        ),
        (
            "oxjit_rt_linalg_lstsq",
            oxjit_rt_linalg_lstsq as *const () as usize,
        ),
    ]
}
