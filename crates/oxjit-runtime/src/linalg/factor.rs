//! The LAPACK routines behind `np.linalg.{cholesky, qr, eig, eigvals}`, for `double` and
//! `double complex`, with the workspaces NumPy's `_umath_linalg` gives them (`init_potrf`,
//! `init_geqrf`, `init_gqr_common`, `init_geev`): the size a workspace query returns, raised to
//! NumPy's minimum where it has one, since the size can choose LAPACK's algorithm.

use super::lin::Lin;
use super::table::{Int, Lapack, C64};
use super::{scratch, Error};

/// The factorizations of [`Lin`] elements.
pub(crate) trait Factor: Lin {
    /// `?potrf` on the `n x n` matrix `a`; LAPACK's `info`.
    fn potrf(t: &Lapack, uplo: u8, n: Int, a: &mut [Self]) -> Int;
    /// `?geqrf` on the `m x n` matrix `a` (leading dimension `max(1, m)`); LAPACK's `info`.
    fn geqrf(t: &Lapack, m: Int, n: Int, a: &mut [Self], tau: &mut [Self]) -> Result<Int, Error>;
    /// `?orgqr`/`?ungqr`: the first `mc` columns of Q from the `k` reflectors in `q` (whose
    /// leading dimension is `max(1, m)`); the workspace is at least `max(1, n)`, as NumPy's.
    #[allow(clippy::too_many_arguments)]
    fn orgqr(
        t: &Lapack,
        m: Int,
        mc: Int,
        k: Int,
        n: Int,
        q: &mut [Self],
        tau: &[Self],
    ) -> Result<Int, Error>;
    /// `?geev` on the `n x n` matrix `a`: the eigenvalues to `w`, and the right eigenvectors (as
    /// columns, complex, as NumPy's `process_geev_results` makes them) to `v` when it is not
    /// empty; LAPACK's `info`.
    fn geev(t: &Lapack, n: Int, a: &mut [Self], w: &mut [C64], v: &mut [C64])
        -> Result<Int, Error>;
}

fn count(x: f64) -> Int {
    x as Int
}

impl Factor for f64 {
    fn potrf(t: &Lapack, uplo: u8, n: Int, a: &mut [f64]) -> Int {
        let lda = n.max(1);
        let mut info = 0;
        // SAFETY: `a` holds the `n x n` matrix; the scalars outlive the call.
        unsafe { (t.dpotrf)(&uplo, &n, a.as_mut_ptr(), &lda, &mut info, 1) };
        info
    }

    fn geqrf(t: &Lapack, m: Int, n: Int, a: &mut [f64], tau: &mut [f64]) -> Result<Int, Error> {
        let lda = m.max(1);
        let (mut info, mut q) = (0, 0.0f64);
        // SAFETY: `a` holds the `m x n` matrix and `tau` min(m, n) items: a query, then the work
        // NumPy gives.
        unsafe {
            let (a, tau) = (a.as_mut_ptr(), tau.as_mut_ptr());
            (t.dgeqrf)(&m, &n, a, &lda, tau, &mut q, &-1, &mut info);
            if info != 0 {
                return Ok(info);
            }
            let lwork = n.max(1).max(count(q));
            let mut work = scratch::<f64>(lwork as usize)?;
            (t.dgeqrf)(&m, &n, a, &lda, tau, work.as_mut_ptr(), &lwork, &mut info);
        }
        Ok(info)
    }

    fn orgqr(
        t: &Lapack,
        m: Int,
        mc: Int,
        k: Int,
        n: Int,
        q: &mut [f64],
        tau: &[f64],
    ) -> Result<Int, Error> {
        let lda = m.max(1);
        let (mut info, mut w) = (0, 0.0f64);
        // SAFETY: `q` holds `m x mc` items, `tau` `k`: a query, then the work NumPy gives.
        unsafe {
            let (q, tau) = (q.as_mut_ptr(), tau.as_ptr());
            (t.dorgqr)(&m, &mc, &k, q, &lda, tau, &mut w, &-1, &mut info);
            if info != 0 {
                return Ok(info);
            }
            let lwork = n.max(1).max(count(w));
            let mut work = scratch::<f64>(lwork as usize)?;
            (t.dorgqr)(
                &m,
                &mc,
                &k,
                q,
                &lda,
                tau,
                work.as_mut_ptr(),
                &lwork,
                &mut info,
            );
        }
        Ok(info)
    }

    fn geev(t: &Lapack, n: Int, a: &mut [f64], w: &mut [C64], v: &mut [C64]) -> Result<Int, Error> {
        let nu = n as usize;
        let ld = n.max(1);
        let jobvr = if v.is_empty() { b'N' } else { b'V' };
        let mut wr = scratch::<f64>(nu)?;
        let mut wi = scratch::<f64>(nu)?;
        let mut vr = scratch::<f64>(if v.is_empty() { 0 } else { nu * nu })?;
        let mut vl = [0.0f64; 1];
        let vlp = vl.as_mut_ptr();
        let (mut info, mut q) = (0, 0.0f64);
        // SAFETY: NumPy's buffers (`init_geev`): a query, then the work it asked for.
        unsafe {
            let call = |work: *mut f64,
                        lwork: Int,
                        info: &mut Int,
                        a: *mut f64,
                        wr: *mut f64,
                        wi: *mut f64,
                        vr: *mut f64| {
                (t.dgeev)(
                    &b'N', &jobvr, &n, a, &ld, wr, wi, vlp, &ld, vr, &ld, work, &lwork, info, 1, 1,
                )
            };
            let (ap, wrp, wip, vrp) = (
                a.as_mut_ptr(),
                wr.as_mut_ptr(),
                wi.as_mut_ptr(),
                vr.as_mut_ptr(),
            );
            call(&mut q, -1, &mut info, ap, wrp, wip, vrp);
            if info != 0 {
                return Ok(info);
            }
            let lwork = count(q);
            let mut work = scratch::<f64>(lwork.max(1) as usize)?;
            call(work.as_mut_ptr(), lwork, &mut info, ap, wrp, wip, vrp);
        }
        if info != 0 {
            return Ok(info);
        }
        for i in 0..nu {
            w[i] = [wr[i], wi[i]];
        }
        if !v.is_empty() {
            complex_eigenvectors(v, &vr, &wi, nu);
        }
        Ok(0)
    }
}

/// NumPy's `mk_geev_complex_eigenvectors`: a real eigenvalue's column as it is; a complex
/// pair's two columns (real and imaginary parts) as the two conjugate vectors.
fn complex_eigenvectors(c: &mut [C64], r: &[f64], wi: &[f64], n: usize) {
    let mut k = 0;
    while k < n {
        let col = k * n;
        if wi[k] == 0.0 || k + 1 == n {
            for i in 0..n {
                c[col + i] = [r[col + i], 0.0];
            }
            k += 1;
        } else {
            for i in 0..n {
                let (re, im) = (r[col + i], r[col + n + i]);
                c[col + i] = [re, im];
                c[col + n + i] = [re, -im];
            }
            k += 2;
        }
    }
}

impl Factor for C64 {
    fn potrf(t: &Lapack, uplo: u8, n: Int, a: &mut [C64]) -> Int {
        let lda = n.max(1);
        let mut info = 0;
        // SAFETY: `a` holds the `n x n` matrix; the scalars outlive the call.
        unsafe { (t.zpotrf)(&uplo, &n, a.as_mut_ptr(), &lda, &mut info, 1) };
        info
    }

    fn geqrf(t: &Lapack, m: Int, n: Int, a: &mut [C64], tau: &mut [C64]) -> Result<Int, Error> {
        let lda = m.max(1);
        let (mut info, mut q) = (0, [0.0f64; 2]);
        // SAFETY: `a` holds the `m x n` matrix and `tau` min(m, n) items: a query, then the work
        // NumPy gives.
        unsafe {
            let (a, tau) = (a.as_mut_ptr(), tau.as_mut_ptr());
            (t.zgeqrf)(&m, &n, a, &lda, tau, &mut q, &-1, &mut info);
            if info != 0 {
                return Ok(info);
            }
            let lwork = n.max(1).max(count(q[0]));
            let mut work = scratch::<C64>(lwork as usize)?;
            (t.zgeqrf)(&m, &n, a, &lda, tau, work.as_mut_ptr(), &lwork, &mut info);
        }
        Ok(info)
    }

    fn orgqr(
        t: &Lapack,
        m: Int,
        mc: Int,
        k: Int,
        n: Int,
        q: &mut [C64],
        tau: &[C64],
    ) -> Result<Int, Error> {
        let lda = m.max(1);
        let (mut info, mut w) = (0, [0.0f64; 2]);
        // SAFETY: `q` holds `m x mc` items, `tau` `k`: a query, then the work NumPy gives.
        unsafe {
            let (q, tau) = (q.as_mut_ptr(), tau.as_ptr());
            (t.zungqr)(&m, &mc, &k, q, &lda, tau, &mut w, &-1, &mut info);
            if info != 0 {
                return Ok(info);
            }
            let lwork = n.max(1).max(count(w[0]));
            let mut work = scratch::<C64>(lwork as usize)?;
            (t.zungqr)(
                &m,
                &mc,
                &k,
                q,
                &lda,
                tau,
                work.as_mut_ptr(),
                &lwork,
                &mut info,
            );
        }
        Ok(info)
    }

    fn geev(t: &Lapack, n: Int, a: &mut [C64], w: &mut [C64], v: &mut [C64]) -> Result<Int, Error> {
        let ld = n.max(1);
        let jobvr = if v.is_empty() { b'N' } else { b'V' };
        let mut rwork = scratch::<f64>(2 * n as usize)?;
        let mut vl = [[0.0f64; 2]; 1];
        let mut vdummy = [[0.0f64; 2]; 1];
        let vp = if v.is_empty() {
            vdummy.as_mut_ptr()
        } else {
            v.as_mut_ptr()
        };
        let (mut info, mut q) = (0, [0.0f64; 2]);
        // SAFETY: NumPy's buffers (`init_geev`): a query, then the work it asked for.
        unsafe {
            let (ap, wp, rp) = (a.as_mut_ptr(), w.as_mut_ptr(), rwork.as_mut_ptr());
            (t.zgeev)(
                &b'N',
                &jobvr,
                &n,
                ap,
                &ld,
                wp,
                vl.as_mut_ptr(),
                &ld,
                vp,
                &ld,
                &mut q,
                &-1,
                rp,
                &mut info,
                1,
                1,
            );
            if info != 0 {
                return Ok(info);
            }
            // NumPy: "Fix a bug in lapack 3.0.0".
            let lwork = count(q[0]).max(1);
            let mut work = scratch::<C64>(lwork as usize)?;
            (t.zgeev)(
                &b'N',
                &jobvr,
                &n,
                ap,
                &ld,
                wp,
                vl.as_mut_ptr(),
                &ld,
                vp,
                &ld,
                work.as_mut_ptr(),
                &lwork,
                rp,
                &mut info,
                1,
                1,
            );
        }
        Ok(info)
    }
}
