//! The LAPACK routines behind `np.linalg`, for `double` and `double complex`, each with the
//! workspaces NumPy's `_umath_linalg` gives it: the sizes a workspace query returns (for
//! `?syevd`, `?gesdd`, `?gelsd`), or NumPy's own formulas (`iwork` and `rwork` of `?gesdd`). The
//! size of a workspace can choose LAPACK's algorithm, so it must be NumPy's.

use super::table::{Int, Lapack, C64};
use super::{scratch, DType, ElemAccess, Error};

/// A LAPACK element: `double` or `double complex`.
pub(crate) trait Lin: Copy + Default + 'static {
    const COMPLEX: bool;
    /// Reads an element of any type, cast as NumPy casts to `double`/`cdouble`.
    ///
    /// # Safety
    /// `p` points to an element of `dt`.
    unsafe fn load(dt: DType, p: *const u8) -> Self;
    fn wide(self) -> [f64; 2];
    fn one() -> Self;
    /// # Safety
    /// Workspaces of LAPACK's sizes.
    unsafe fn gesv(
        t: &Lapack,
        n: Int,
        nrhs: Int,
        a: *mut Self,
        ipiv: *mut Int,
        b: *mut Self,
    ) -> Int;
    /// # Safety
    /// Workspaces of LAPACK's sizes.
    unsafe fn getrf(t: &Lapack, n: Int, a: *mut Self, ipiv: *mut Int) -> Int;
    /// `?syevd`/`?heevd` on `a` (n x n), with NumPy's workspace query; LAPACK's `info`.
    fn evd(
        t: &Lapack,
        jobz: u8,
        uplo: u8,
        n: Int,
        a: &mut [Self],
        w: &mut [f64],
    ) -> Result<Int, Error>;
    /// `?gesdd` with NumPy's workspaces; LAPACK's `info`.
    #[allow(clippy::too_many_arguments)]
    fn gesdd(
        t: &Lapack,
        jobz: u8,
        m: Int,
        n: Int,
        a: &mut [Self],
        s: &mut [f64],
        u: &mut [Self],
        vt: &mut [Self],
        ldvt: Int,
    ) -> Result<Int, Error>;
    /// `?gelsd` with NumPy's workspaces; LAPACK's `info` and the rank.
    #[allow(clippy::too_many_arguments)]
    fn gelsd(
        t: &Lapack,
        m: Int,
        n: Int,
        nrhs: Int,
        a: &mut [Self],
        b: &mut [Self],
        ldb: Int,
        s: &mut [f64],
        rcond: f64,
    ) -> Result<(Int, Int), Error>;
    /// NumPy's `abs2`: the sum of squared magnitudes, in order.
    fn abs2(v: &[Self]) -> f64;
}

fn lwork_of(x: f64) -> Int {
    x as Int
}

impl Lin for f64 {
    const COMPLEX: bool = false;
    unsafe fn load(dt: DType, p: *const u8) -> f64 {
        // SAFETY: `p` points to an element of `dt` (this function's contract).
        unsafe { dt.load_f64(p) }
    }
    fn wide(self) -> [f64; 2] {
        [self, 0.0]
    }
    fn one() -> f64 {
        1.0
    }
    unsafe fn gesv(t: &Lapack, n: Int, nrhs: Int, a: *mut f64, ipiv: *mut Int, b: *mut f64) -> Int {
        let ld = n.max(1);
        let mut info = 0;
        // SAFETY: LAPACK on the `n` x `n` matrix `a`, `n` pivots and the `n` x `nrhs` matrix `b`,
        // as the caller vouches (this function's contract); the scalars outlive the call.
        unsafe { (t.dgesv)(&n, &nrhs, a, &ld, ipiv, b, &ld, &mut info) };
        info
    }
    unsafe fn getrf(t: &Lapack, n: Int, a: *mut f64, ipiv: *mut Int) -> Int {
        let ld = n.max(1);
        let mut info = 0;
        // SAFETY: LAPACK on the `n` x `n` matrix `a` and `n` pivots, as the caller vouches (this
        // function's contract); the scalars outlive the call.
        unsafe { (t.dgetrf)(&n, &n, a, &ld, ipiv, &mut info) };
        info
    }
    fn evd(
        t: &Lapack,
        jobz: u8,
        uplo: u8,
        n: Int,
        a: &mut [f64],
        w: &mut [f64],
    ) -> Result<Int, Error> {
        let lda = n.max(1);
        let mut info = 0;
        let mut qwork = 0.0f64;
        let mut qiwork: Int = 0;
        // SAFETY: a workspace query, then buffers of the sizes it asked for.
        unsafe {
            (t.dsyevd)(
                &jobz,
                &uplo,
                &n,
                a.as_mut_ptr(),
                &lda,
                w.as_mut_ptr(),
                &mut qwork,
                &-1,
                &mut qiwork,
                &-1,
                &mut info,
                1,
                1,
            );
            if info != 0 {
                return Ok(info);
            }
            let (lwork, liwork) = (lwork_of(qwork), qiwork);
            let mut work = scratch::<f64>(lwork.max(0) as usize)?;
            let mut iwork = scratch::<Int>(liwork.max(0) as usize)?;
            (t.dsyevd)(
                &jobz,
                &uplo,
                &n,
                a.as_mut_ptr(),
                &lda,
                w.as_mut_ptr(),
                work.as_mut_ptr(),
                &lwork,
                iwork.as_mut_ptr(),
                &liwork,
                &mut info,
                1,
                1,
            );
        }
        Ok(info)
    }
    fn gesdd(
        t: &Lapack,
        jobz: u8,
        m: Int,
        n: Int,
        a: &mut [f64],
        s: &mut [f64],
        u: &mut [f64],
        vt: &mut [f64],
        ldvt: Int,
    ) -> Result<Int, Error> {
        let ld = m.max(1);
        let mut iwork = scratch::<Int>(8 * m.min(n) as usize)?;
        let mut info = 0;
        let mut q = 0.0f64;
        // SAFETY: NumPy's buffers (`init_gesdd`), a query, then the work it asked for.
        unsafe {
            (t.dgesdd)(
                &jobz,
                &m,
                &n,
                a.as_mut_ptr(),
                &ld,
                s.as_mut_ptr(),
                u.as_mut_ptr(),
                &ld,
                vt.as_mut_ptr(),
                &ldvt,
                &mut q,
                &-1,
                iwork.as_mut_ptr(),
                &mut info,
                1,
            );
            if info != 0 {
                return Ok(info);
            }
            let lwork = lwork_of(q).max(1);
            let mut work = scratch::<f64>(lwork as usize)?;
            (t.dgesdd)(
                &jobz,
                &m,
                &n,
                a.as_mut_ptr(),
                &ld,
                s.as_mut_ptr(),
                u.as_mut_ptr(),
                &ld,
                vt.as_mut_ptr(),
                &ldvt,
                work.as_mut_ptr(),
                &lwork,
                iwork.as_mut_ptr(),
                &mut info,
                1,
            );
        }
        Ok(info)
    }
    fn gelsd(
        t: &Lapack,
        m: Int,
        n: Int,
        nrhs: Int,
        a: &mut [f64],
        b: &mut [f64],
        ldb: Int,
        s: &mut [f64],
        rcond: f64,
    ) -> Result<(Int, Int), Error> {
        let lda = m.max(1);
        let (mut info, mut rank) = (0, 0);
        let mut q = 0.0f64;
        let mut qi: Int = 0;
        // SAFETY: NumPy's buffers (`init_gelsd`), a query, then the work it asked for.
        unsafe {
            (t.dgelsd)(
                &m,
                &n,
                &nrhs,
                a.as_mut_ptr(),
                &lda,
                b.as_mut_ptr(),
                &ldb,
                s.as_mut_ptr(),
                &rcond,
                &mut rank,
                &mut q,
                &-1,
                &mut qi,
                &mut info,
            );
            if info != 0 {
                return Ok((info, rank));
            }
            let lwork = lwork_of(q);
            let mut work = scratch::<f64>(lwork.max(0) as usize)?;
            let mut iwork = scratch::<Int>(qi.max(0) as usize)?;
            (t.dgelsd)(
                &m,
                &n,
                &nrhs,
                a.as_mut_ptr(),
                &lda,
                b.as_mut_ptr(),
                &ldb,
                s.as_mut_ptr(),
                &rcond,
                &mut rank,
                work.as_mut_ptr(),
                &lwork,
                iwork.as_mut_ptr(),
                &mut info,
            );
        }
        Ok((info, rank))
    }
    fn abs2(v: &[f64]) -> f64 {
        let mut res = 0.0;
        for el in v {
            res += el * el;
        }
        res
    }
}

impl Lin for C64 {
    const COMPLEX: bool = true;
    unsafe fn load(dt: DType, p: *const u8) -> C64 {
        // SAFETY: `p` points to an element of `dt` (this function's contract).
        unsafe { dt.load_c128(p) }
    }
    fn wide(self) -> [f64; 2] {
        self
    }
    fn one() -> C64 {
        [1.0, 0.0]
    }
    unsafe fn gesv(t: &Lapack, n: Int, nrhs: Int, a: *mut C64, ipiv: *mut Int, b: *mut C64) -> Int {
        let ld = n.max(1);
        let mut info = 0;
        // SAFETY: LAPACK on the `n` x `n` matrix `a`, `n` pivots and the `n` x `nrhs` matrix `b`,
        // as the caller vouches (this function's contract); the scalars outlive the call.
        unsafe { (t.zgesv)(&n, &nrhs, a, &ld, ipiv, b, &ld, &mut info) };
        info
    }
    unsafe fn getrf(t: &Lapack, n: Int, a: *mut C64, ipiv: *mut Int) -> Int {
        let ld = n.max(1);
        let mut info = 0;
        // SAFETY: LAPACK on the `n` x `n` matrix `a` and `n` pivots, as the caller vouches (this
        // function's contract); the scalars outlive the call.
        unsafe { (t.zgetrf)(&n, &n, a, &ld, ipiv, &mut info) };
        info
    }
    fn evd(
        t: &Lapack,
        jobz: u8,
        uplo: u8,
        n: Int,
        a: &mut [C64],
        w: &mut [f64],
    ) -> Result<Int, Error> {
        let lda = n.max(1);
        let mut info = 0;
        let mut qwork: C64 = [0.0; 2];
        let mut qrwork = 0.0f64;
        let mut qiwork: Int = 0;
        // SAFETY: a workspace query, then buffers of the sizes it asked for.
        unsafe {
            (t.zheevd)(
                &jobz,
                &uplo,
                &n,
                a.as_mut_ptr(),
                &lda,
                w.as_mut_ptr(),
                &mut qwork,
                &-1,
                &mut qrwork,
                &-1,
                &mut qiwork,
                &-1,
                &mut info,
                1,
                1,
            );
            if info != 0 {
                return Ok(info);
            }
            let (lwork, lrwork, liwork) = (lwork_of(qwork[0]), lwork_of(qrwork), qiwork);
            let mut work = scratch::<C64>(lwork.max(0) as usize)?;
            let mut rwork = scratch::<f64>(lrwork.max(0) as usize)?;
            let mut iwork = scratch::<Int>(liwork.max(0) as usize)?;
            (t.zheevd)(
                &jobz,
                &uplo,
                &n,
                a.as_mut_ptr(),
                &lda,
                w.as_mut_ptr(),
                work.as_mut_ptr(),
                &lwork,
                rwork.as_mut_ptr(),
                &lrwork,
                iwork.as_mut_ptr(),
                &liwork,
                &mut info,
                1,
                1,
            );
        }
        Ok(info)
    }
    fn gesdd(
        t: &Lapack,
        jobz: u8,
        m: Int,
        n: Int,
        a: &mut [C64],
        s: &mut [f64],
        u: &mut [C64],
        vt: &mut [C64],
        ldvt: Int,
    ) -> Result<Int, Error> {
        let ld = m.max(1);
        let mn = m.min(n) as usize;
        let rwork_len = if jobz == b'N' {
            7 * mn
        } else {
            5 * mn * mn + 5 * mn
        };
        // NumPy sizes `rwork` in complex elements: twice the doubles LAPACK needs.
        let mut rwork = scratch::<f64>(2 * rwork_len)?;
        let mut iwork = scratch::<Int>(8 * mn)?;
        let mut info = 0;
        let mut q: C64 = [0.0; 2];
        // SAFETY: NumPy's buffers (`init_gesdd`), a query, then the work it asked for.
        unsafe {
            (t.zgesdd)(
                &jobz,
                &m,
                &n,
                a.as_mut_ptr(),
                &ld,
                s.as_mut_ptr(),
                u.as_mut_ptr(),
                &ld,
                vt.as_mut_ptr(),
                &ldvt,
                &mut q,
                &-1,
                rwork.as_mut_ptr(),
                iwork.as_mut_ptr(),
                &mut info,
                1,
            );
            if info != 0 {
                return Ok(info);
            }
            let lwork = lwork_of(q[0]).max(1);
            let mut work = scratch::<C64>(lwork as usize)?;
            (t.zgesdd)(
                &jobz,
                &m,
                &n,
                a.as_mut_ptr(),
                &ld,
                s.as_mut_ptr(),
                u.as_mut_ptr(),
                &ld,
                vt.as_mut_ptr(),
                &ldvt,
                work.as_mut_ptr(),
                &lwork,
                rwork.as_mut_ptr(),
                iwork.as_mut_ptr(),
                &mut info,
                1,
            );
        }
        Ok(info)
    }
    fn gelsd(
        t: &Lapack,
        m: Int,
        n: Int,
        nrhs: Int,
        a: &mut [C64],
        b: &mut [C64],
        ldb: Int,
        s: &mut [f64],
        rcond: f64,
    ) -> Result<(Int, Int), Error> {
        let lda = m.max(1);
        let (mut info, mut rank) = (0, 0);
        let mut q: C64 = [0.0; 2];
        let mut qr = 0.0f64;
        let mut qi: Int = 0;
        // SAFETY: NumPy's buffers (`init_gelsd`), a query, then the work it asked for.
        unsafe {
            (t.zgelsd)(
                &m,
                &n,
                &nrhs,
                a.as_mut_ptr(),
                &lda,
                b.as_mut_ptr(),
                &ldb,
                s.as_mut_ptr(),
                &rcond,
                &mut rank,
                &mut q,
                &-1,
                &mut qr,
                &mut qi,
                &mut info,
            );
            if info != 0 {
                return Ok((info, rank));
            }
            let lwork = lwork_of(q[0]);
            let mut work = scratch::<C64>(lwork.max(0) as usize)?;
            let mut rwork = scratch::<f64>(lwork_of(qr).max(0) as usize)?;
            let mut iwork = scratch::<Int>(qi.max(0) as usize)?;
            (t.zgelsd)(
                &m,
                &n,
                &nrhs,
                a.as_mut_ptr(),
                &lda,
                b.as_mut_ptr(),
                &ldb,
                s.as_mut_ptr(),
                &rcond,
                &mut rank,
                work.as_mut_ptr(),
                &lwork,
                rwork.as_mut_ptr(),
                iwork.as_mut_ptr(),
                &mut info,
            );
        }
        Ok((info, rank))
    }
    fn abs2(v: &[C64]) -> f64 {
        let mut res = 0.0;
        for el in v {
            res += el[0] * el[0] + el[1] * el[1];
        }
        res
    }
}
