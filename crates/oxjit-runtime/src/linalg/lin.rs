//! The LAPACK routines behind `np.linalg`, for `double` and `double complex`, each with the
//! workspaces NumPy's `_umath_linalg` gives it: the sizes a workspace query returns (for
//! `?syevd`, `?gesdd`, `?gelsd`), or NumPy's own formulas (`iwork` and `rwork` of `?gesdd`). The
//! size of a workspace can choose LAPACK's algorithm, so it must be NumPy's.

use super::table::{Gesv, Getrf, Int, Lapack, C64};
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
    /// `dgesv` or `zgesv`.
    fn gesv_routine(t: &Lapack) -> Gesv<Self>;
    /// `dgetrf` or `zgetrf`.
    fn getrf_routine(t: &Lapack) -> Getrf<Self>;
    /// `?gesv` on the `n` x `n` matrix `a`, with `n` pivots and the `n` x `nrhs` matrix `b`;
    /// LAPACK's `info`.
    ///
    /// # Safety
    /// Workspaces of LAPACK's sizes.
    unsafe fn gesv(
        t: &Lapack,
        n: Int,
        nrhs: Int,
        a: *mut Self,
        ipiv: *mut Int,
        b: *mut Self,
    ) -> Int {
        let ld = n.max(1);
        let mut info = 0;
        // SAFETY: LAPACK on the `n` x `n` matrix `a`, `n` pivots and the `n` x `nrhs` matrix `b`,
        // as the caller vouches (this function's contract); the scalars outlive the call.
        unsafe { (Self::gesv_routine(t))(&n, &nrhs, a, &ld, ipiv, b, &ld, &mut info) };
        info
    }
    /// `?getrf` on the `n` x `n` matrix `a`, with `n` pivots; LAPACK's `info`.
    ///
    /// # Safety
    /// Workspaces of LAPACK's sizes.
    unsafe fn getrf(t: &Lapack, n: Int, a: *mut Self, ipiv: *mut Int) -> Int {
        let ld = n.max(1);
        let mut info = 0;
        // SAFETY: LAPACK on the `n` x `n` matrix `a` and `n` pivots, as the caller vouches (this
        // function's contract); the scalars outlive the call.
        unsafe { (Self::getrf_routine(t))(&n, &n, a, &ld, ipiv, &mut info) };
        info
    }
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
    fn gesv_routine(t: &Lapack) -> Gesv<f64> {
        t.dgesv
    }
    fn getrf_routine(t: &Lapack) -> Getrf<f64> {
        t.dgetrf
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
        // The workspace query (sizes -1) and the call differ only in the workspaces.
        let mut run = |work: *mut f64, lwork: Int, iwork: *mut Int, liwork: Int| {
            let mut info = 0;
            // SAFETY: the workspaces hold `lwork` and `liwork` items (or are the query's one).
            unsafe {
                (t.dsyevd)(
                    &jobz,
                    &uplo,
                    &n,
                    a.as_mut_ptr(),
                    &lda,
                    w.as_mut_ptr(),
                    work,
                    &lwork,
                    iwork,
                    &liwork,
                    &mut info,
                    1,
                    1,
                )
            };
            info
        };
        let (mut qwork, mut qiwork) = (0.0f64, 0 as Int);
        let info = run(&mut qwork, -1, &mut qiwork, -1);
        if info != 0 {
            return Ok(info);
        }
        let (lwork, liwork) = (lwork_of(qwork), qiwork);
        let mut work = scratch::<f64>(lwork.max(0) as usize)?;
        let mut iwork = scratch::<Int>(liwork.max(0) as usize)?;
        Ok(run(work.as_mut_ptr(), lwork, iwork.as_mut_ptr(), liwork))
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
        // NumPy's buffers (`init_gesdd`): the query (size -1) and the call differ only in the
        // work.
        let mut run = |work: *mut f64, lwork: Int| {
            let mut info = 0;
            // SAFETY: `work` holds `lwork` items (or is the query's one).
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
                    work,
                    &lwork,
                    iwork.as_mut_ptr(),
                    &mut info,
                    1,
                )
            };
            info
        };
        let mut q = 0.0f64;
        let info = run(&mut q, -1);
        if info != 0 {
            return Ok(info);
        }
        let lwork = lwork_of(q).max(1);
        let mut work = scratch::<f64>(lwork as usize)?;
        Ok(run(work.as_mut_ptr(), lwork))
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
        // NumPy's buffers (`init_gelsd`): the query (sizes -1) and the call differ only in the
        // workspaces. Returns `info` and the rank.
        let mut run = |work: *mut f64, lwork: Int, iwork: *mut Int| {
            let (mut info, mut rank) = (0, 0);
            // SAFETY: the workspaces hold the items the query asked for (or are its own).
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
                    work,
                    &lwork,
                    iwork,
                    &mut info,
                )
            };
            (info, rank)
        };
        let (mut q, mut qi) = (0.0f64, 0 as Int);
        let (info, rank) = run(&mut q, -1, &mut qi);
        if info != 0 {
            return Ok((info, rank));
        }
        let lwork = lwork_of(q);
        let mut work = scratch::<f64>(lwork.max(0) as usize)?;
        let mut iwork = scratch::<Int>(qi.max(0) as usize)?;
        Ok(run(work.as_mut_ptr(), lwork, iwork.as_mut_ptr()))
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
    fn gesv_routine(t: &Lapack) -> Gesv<C64> {
        t.zgesv
    }
    fn getrf_routine(t: &Lapack) -> Getrf<C64> {
        t.zgetrf
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
        // The workspace query (sizes -1) and the call differ only in the workspaces.
        let mut run = |work: *mut C64,
                       lwork: Int,
                       rwork: *mut f64,
                       lrwork: Int,
                       iwork: *mut Int,
                       liwork: Int| {
            let mut info = 0;
            // SAFETY: the workspaces hold `lwork`, `lrwork` and `liwork` items (or are the
            // query's one).
            unsafe {
                (t.zheevd)(
                    &jobz,
                    &uplo,
                    &n,
                    a.as_mut_ptr(),
                    &lda,
                    w.as_mut_ptr(),
                    work,
                    &lwork,
                    rwork,
                    &lrwork,
                    iwork,
                    &liwork,
                    &mut info,
                    1,
                    1,
                )
            };
            info
        };
        let (mut qwork, mut qrwork, mut qiwork): (C64, f64, Int) = ([0.0; 2], 0.0, 0);
        let info = run(&mut qwork, -1, &mut qrwork, -1, &mut qiwork, -1);
        if info != 0 {
            return Ok(info);
        }
        let (lwork, lrwork, liwork) = (lwork_of(qwork[0]), lwork_of(qrwork), qiwork);
        let mut work = scratch::<C64>(lwork.max(0) as usize)?;
        let mut rwork = scratch::<f64>(lrwork.max(0) as usize)?;
        let mut iwork = scratch::<Int>(liwork.max(0) as usize)?;
        Ok(run(
            work.as_mut_ptr(),
            lwork,
            rwork.as_mut_ptr(),
            lrwork,
            iwork.as_mut_ptr(),
            liwork,
        ))
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
        // NumPy's buffers (`init_gesdd`): the query (size -1) and the call differ only in the
        // work.
        let mut run = |work: *mut C64, lwork: Int| {
            let mut info = 0;
            // SAFETY: `work` holds `lwork` items (or is the query's one).
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
                    work,
                    &lwork,
                    rwork.as_mut_ptr(),
                    iwork.as_mut_ptr(),
                    &mut info,
                    1,
                )
            };
            info
        };
        let mut q: C64 = [0.0; 2];
        let info = run(&mut q, -1);
        if info != 0 {
            return Ok(info);
        }
        let lwork = lwork_of(q[0]).max(1);
        let mut work = scratch::<C64>(lwork as usize)?;
        Ok(run(work.as_mut_ptr(), lwork))
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
        // NumPy's buffers (`init_gelsd`): the query (sizes -1) and the call differ only in the
        // workspaces. Returns `info` and the rank.
        let mut run = |work: *mut C64, lwork: Int, rwork: *mut f64, iwork: *mut Int| {
            let (mut info, mut rank) = (0, 0);
            // SAFETY: the workspaces hold the items the query asked for (or are its own).
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
                    work,
                    &lwork,
                    rwork,
                    iwork,
                    &mut info,
                )
            };
            (info, rank)
        };
        let (mut q, mut qr, mut qi): (C64, f64, Int) = ([0.0; 2], 0.0, 0);
        let (info, rank) = run(&mut q, -1, &mut qr, &mut qi);
        if info != 0 {
            return Ok((info, rank));
        }
        let lwork = lwork_of(q[0]);
        let mut work = scratch::<C64>(lwork.max(0) as usize)?;
        let mut rwork = scratch::<f64>(lwork_of(qr).max(0) as usize)?;
        let mut iwork = scratch::<Int>(qi.max(0) as usize)?;
        Ok(run(
            work.as_mut_ptr(),
            lwork,
            rwork.as_mut_ptr(),
            iwork.as_mut_ptr(),
        ))
    }
    fn abs2(v: &[C64]) -> f64 {
        let mut res = 0.0;
        for el in v {
            res += el[0] * el[0] + el[1] * el[1];
        }
        res
    }
}
