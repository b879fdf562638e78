//! The four BLAS element types (`s`, `d`, `c`, `z`) behind one trait, with NumPy's own scalar
//! arithmetic for the loops it writes itself.

use super::table::{Int, Lapack, C32, C64, ROW_MAJOR};
use super::DType;

/// A float or complex element that BLAS computes with.
pub trait Elem: Copy + Default + PartialEq + 'static {
    const DTYPE: DType;
    fn zero() -> Self {
        Self::default()
    }
    /// `acc + x * y`, as NumPy's C loops write `*op += v1 * v2` (complex by parts, no FMA).
    fn add_mul(acc: Self, x: Self, y: Self) -> Self;
    /// `x * y` as `cblasfuncs.c` computes a 1-element product.
    fn mul(x: Self, y: Self) -> Self;
    /// The value as a complex double.
    fn wide(self) -> [f64; 2];
    /// A complex double rounded to this type.
    fn narrow(w: [f64; 2]) -> Self;
    /// # Safety
    /// Arguments valid for `cblas_?gemm` with `alpha = 1`, `beta = 0`.
    #[allow(clippy::too_many_arguments)]
    unsafe fn gemm(
        t: &Lapack,
        ta: i32,
        tb: i32,
        m: Int,
        n: Int,
        k: Int,
        a: *const Self,
        lda: Int,
        b: *const Self,
        ldb: Int,
        c: *mut Self,
        ldc: Int,
    );
    /// # Safety
    /// Arguments valid for `cblas_?gemv` with `alpha = 1`, `beta = 0`.
    #[allow(clippy::too_many_arguments)]
    unsafe fn gemv(
        t: &Lapack,
        order: i32,
        trans: i32,
        m: Int,
        n: Int,
        a: *const Self,
        lda: Int,
        x: *const Self,
        incx: Int,
        y: *mut Self,
        incy: Int,
    );
    /// `cblas_?syrk(RowMajor, Upper, trans, n, k, 1, a, lda, 0, c, ldc)`.
    ///
    /// # Safety
    /// Arguments valid for `cblas_?syrk`.
    #[allow(clippy::too_many_arguments)]
    unsafe fn syrk(
        t: &Lapack,
        trans: i32,
        n: Int,
        k: Int,
        a: *const Self,
        lda: Int,
        c: *mut Self,
        ldc: Int,
    );
    /// `cblas_?dot` (`?dotu_sub` for complex), widened.
    ///
    /// # Safety
    /// Arguments valid for the BLAS dot.
    unsafe fn dot(
        t: &Lapack,
        n: Int,
        x: *const Self,
        incx: Int,
        y: *const Self,
        incy: Int,
    ) -> [f64; 2];
    /// `cblas_?axpy(n, alpha, x, incx, y, incy)`.
    ///
    /// # Safety
    /// Arguments valid for `cblas_?axpy`.
    unsafe fn axpy(
        t: &Lapack,
        n: Int,
        alpha: Self,
        x: *const Self,
        incx: Int,
        y: *mut Self,
        incy: Int,
    );
}

macro_rules! real_elem {
    ($t:ty, $dt:ident, $gemm:ident, $gemv:ident, $syrk:ident, $dot:ident, $axpy:ident) => {
        impl Elem for $t {
            const DTYPE: DType = DType::$dt;
            fn add_mul(acc: Self, x: Self, y: Self) -> Self {
                acc + x * y
            }
            fn mul(x: Self, y: Self) -> Self {
                x * y
            }
            fn wide(self) -> [f64; 2] {
                [self as f64, 0.0]
            }
            fn narrow(w: [f64; 2]) -> Self {
                w[0] as $t
            }
            unsafe fn gemm(
                t: &Lapack,
                ta: i32,
                tb: i32,
                m: Int,
                n: Int,
                k: Int,
                a: *const Self,
                lda: Int,
                b: *const Self,
                ldb: Int,
                c: *mut Self,
                ldc: Int,
            ) {
                // SAFETY: BLAS on operands of the sizes, strides and leading dimensions the caller
                // vouches for (this function's contract).
                unsafe { (t.$gemm)(ROW_MAJOR, ta, tb, m, n, k, 1.0, a, lda, b, ldb, 0.0, c, ldc) }
            }
            unsafe fn gemv(
                t: &Lapack,
                order: i32,
                trans: i32,
                m: Int,
                n: Int,
                a: *const Self,
                lda: Int,
                x: *const Self,
                incx: Int,
                y: *mut Self,
                incy: Int,
            ) {
                // SAFETY: BLAS on operands of the sizes, strides and leading dimensions the caller
                // vouches for (this function's contract).
                unsafe { (t.$gemv)(order, trans, m, n, 1.0, a, lda, x, incx, 0.0, y, incy) }
            }
            unsafe fn syrk(
                t: &Lapack,
                trans: i32,
                n: Int,
                k: Int,
                a: *const Self,
                lda: Int,
                c: *mut Self,
                ldc: Int,
            ) {
                // SAFETY: BLAS on operands of the sizes, strides and leading dimensions the caller
                // vouches for (this function's contract).
                unsafe {
                    (t.$syrk)(
                        ROW_MAJOR,
                        super::table::UPPER,
                        trans,
                        n,
                        k,
                        1.0,
                        a,
                        lda,
                        0.0,
                        c,
                        ldc,
                    )
                }
            }
            unsafe fn dot(
                t: &Lapack,
                n: Int,
                x: *const Self,
                incx: Int,
                y: *const Self,
                incy: Int,
            ) -> [f64; 2] {
                // SAFETY: BLAS on `n` items of `x` and `y` at the strides the caller vouches for
                // (this function's contract).
                [unsafe { (t.$dot)(n, x, incx, y, incy) } as f64, 0.0]
            }
            unsafe fn axpy(
                t: &Lapack,
                n: Int,
                alpha: Self,
                x: *const Self,
                incx: Int,
                y: *mut Self,
                incy: Int,
            ) {
                // SAFETY: BLAS on `n` items of `x` and `y` at the strides the caller vouches for
                // (this function's contract).
                unsafe { (t.$axpy)(n, alpha, x, incx, y, incy) }
            }
        }
    };
}

real_elem!(f32, F32, sgemm, sgemv, ssyrk, sdot, saxpy);
real_elem!(f64, F64, dgemm, dgemv, dsyrk, ddot, daxpy);

macro_rules! complex_elem {
    ($t:ty, $f:ty, $dt:ident, $gemm:ident, $gemv:ident, $syrk:ident, $dot:ident, $axpy:ident) => {
        impl Elem for $t {
            const DTYPE: DType = DType::$dt;
            fn add_mul(acc: Self, x: Self, y: Self) -> Self {
                [
                    acc[0] + ((x[0] * y[0]) - (x[1] * y[1])),
                    acc[1] + ((x[0] * y[1]) + (x[1] * y[0])),
                ]
            }
            fn mul(x: Self, y: Self) -> Self {
                [x[0] * y[0] - x[1] * y[1], x[0] * y[1] + x[1] * y[0]]
            }
            fn wide(self) -> [f64; 2] {
                [self[0] as f64, self[1] as f64]
            }
            fn narrow(w: [f64; 2]) -> Self {
                [w[0] as $f, w[1] as $f]
            }
            unsafe fn gemm(
                t: &Lapack,
                ta: i32,
                tb: i32,
                m: Int,
                n: Int,
                k: Int,
                a: *const Self,
                lda: Int,
                b: *const Self,
                ldb: Int,
                c: *mut Self,
                ldc: Int,
            ) {
                let (one, zero): ($t, $t) = ([1.0, 0.0], [0.0, 0.0]);
                // SAFETY: BLAS on operands of the sizes, strides and leading dimensions the caller
                // vouches for (this function's contract); `one` and `zero` outlive the call.
                unsafe {
                    (t.$gemm)(
                        ROW_MAJOR, ta, tb, m, n, k, &one, a, lda, b, ldb, &zero, c, ldc,
                    )
                }
            }
            unsafe fn gemv(
                t: &Lapack,
                order: i32,
                trans: i32,
                m: Int,
                n: Int,
                a: *const Self,
                lda: Int,
                x: *const Self,
                incx: Int,
                y: *mut Self,
                incy: Int,
            ) {
                let (one, zero): ($t, $t) = ([1.0, 0.0], [0.0, 0.0]);
                // SAFETY: BLAS on operands of the sizes, strides and leading dimensions the caller
                // vouches for (this function's contract); `one` and `zero` outlive the call.
                unsafe { (t.$gemv)(order, trans, m, n, &one, a, lda, x, incx, &zero, y, incy) }
            }
            unsafe fn syrk(
                t: &Lapack,
                trans: i32,
                n: Int,
                k: Int,
                a: *const Self,
                lda: Int,
                c: *mut Self,
                ldc: Int,
            ) {
                let (one, zero): ($t, $t) = ([1.0, 0.0], [0.0, 0.0]);
                // SAFETY: BLAS on operands of the sizes, strides and leading dimensions the caller
                // vouches for (this function's contract); `one` and `zero` outlive the call.
                unsafe {
                    (t.$syrk)(
                        ROW_MAJOR,
                        super::table::UPPER,
                        trans,
                        n,
                        k,
                        &one,
                        a,
                        lda,
                        &zero,
                        c,
                        ldc,
                    )
                }
            }
            unsafe fn dot(
                t: &Lapack,
                n: Int,
                x: *const Self,
                incx: Int,
                y: *const Self,
                incy: Int,
            ) -> [f64; 2] {
                let mut r: $t = [0.0, 0.0];
                // SAFETY: BLAS on `n` items of `x` and `y` at the strides the caller vouches for;
                // `r` outlives the call.
                unsafe { (t.$dot)(n, x, incx, y, incy, &mut r) };
                [r[0] as f64, r[1] as f64]
            }
            unsafe fn axpy(
                t: &Lapack,
                n: Int,
                alpha: Self,
                x: *const Self,
                incx: Int,
                y: *mut Self,
                incy: Int,
            ) {
                // SAFETY: BLAS on `n` items of `x` and `y` at the strides the caller vouches for;
                // `alpha` outlives the call.
                unsafe { (t.$axpy)(n, &alpha, x, incx, y, incy) }
            }
        }
    };
}

complex_elem!(C32, f32, C64, cgemm, cgemv, csyrk, cdotu, caxpy);
complex_elem!(C64, f64, C128, zgemm, zgemv, zsyrk, zdotu, zaxpy);

/// NumPy's `blas_stride`: a byte stride as a BLAS increment, or 0 where BLAS cannot take it.
pub fn blas_stride(stride: i64, size: usize) -> Int {
    let size = size as i64;
    if stride > 0 && stride % size == 0 {
        stride / size
    } else {
        0
    }
}

/// NumPy's `is_blasable2d` (`matmul.c.src`): whether a matrix with byte strides `(s1, s2)` and
/// shape `(d1, d2)` is a row-major BLAS operand.
pub fn is_blasable2d(s1: i64, s2: i64, _d1: i64, d2: i64, size: usize) -> bool {
    let size = size as i64;
    if s2 != size {
        return false;
    }
    // C division truncates toward zero, as Rust's does.
    s1 % size == 0 && s1 / size >= d2
}

/// NumPy's `@TYPE@_dot` (`arraytypes.c.src`): through BLAS (summed in double) when both strides
/// suit it, else NumPy's own loop in the element type.
///
/// # Safety
/// `x` and `y` point to `n` elements `sx` and `sy` bytes apart.
pub unsafe fn numpy_dot<T: Elem>(
    t: &Lapack,
    x: *const u8,
    sx: i64,
    y: *const u8,
    sy: i64,
    n: i64,
) -> T {
    let size = std::mem::size_of::<T>();
    let (bx, by) = (blas_stride(sx, size), blas_stride(sy, size));
    if bx != 0 && by != 0 {
        // NumPy's NPY_CBLAS_CHUNK: at most 2**30 elements per BLAS call.
        const CHUNK: i64 = 1 << 30;
        let mut sum = [0.0f64; 2];
        let (mut x, mut y, mut n) = (x, y, n);
        while n > 0 {
            let chunk = n.min(CHUNK);
            // SAFETY: `chunk` of the `n` items of `x` and `y` the caller vouches for, at their
            // strides.
            let r = unsafe { T::dot(t, chunk, x as *const T, bx, y as *const T, by) };
            sum[0] += r[0];
            sum[1] += r[1];
            x = x.wrapping_offset((chunk * sx) as isize);
            y = y.wrapping_offset((chunk * sy) as isize);
            n -= chunk;
        }
        T::narrow(sum)
    } else {
        let mut acc = T::zero();
        for k in 0..n as isize {
            // SAFETY: `k < n`: an item of each of the `n` the caller vouches for.
            unsafe {
                let a = (x.offset(k * sx as isize) as *const T).read_unaligned();
                let b = (y.offset(k * sy as isize) as *const T).read_unaligned();
                acc = T::add_mul(acc, a, b);
            }
        }
        acc
    }
}
