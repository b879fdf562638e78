//! The BLAS and LAPACK functions the entry points call, by address: NumPy's own library, found by
//! the Python side (`oxjit._blas`) and installed once with [`set_lapack`].
//!
//! The library is ILP64 (integers are `i64`); CBLAS enums are C `int`s; complex scalars are passed
//! by pointer. Fortran routines take everything by reference and, compiled by gfortran, one hidden
//! length per `CHARACTER` argument after the others (passed here as 1, though LAPACK reads only
//! the first character).

use std::sync::OnceLock;

/// Fortran and CBLAS integers of the ILP64 library.
pub type Int = i64;
/// `float complex` / `double complex`.
pub type C32 = [f32; 2];
pub type C64 = [f64; 2];

pub type GemmR<T> = unsafe extern "C" fn(
    i32,
    i32,
    i32,
    Int,
    Int,
    Int,
    T,
    *const T,
    Int,
    *const T,
    Int,
    T,
    *mut T,
    Int,
);
pub type GemmC<T> = unsafe extern "C" fn(
    i32,
    i32,
    i32,
    Int,
    Int,
    Int,
    *const T,
    *const T,
    Int,
    *const T,
    Int,
    *const T,
    *mut T,
    Int,
);
pub type GemvR<T> =
    unsafe extern "C" fn(i32, i32, Int, Int, T, *const T, Int, *const T, Int, T, *mut T, Int);
pub type GemvC<T> = unsafe extern "C" fn(
    i32,
    i32,
    Int,
    Int,
    *const T,
    *const T,
    Int,
    *const T,
    Int,
    *const T,
    *mut T,
    Int,
);
pub type SyrkR<T> = unsafe extern "C" fn(i32, i32, i32, Int, Int, T, *const T, Int, T, *mut T, Int);
pub type SyrkC<T> =
    unsafe extern "C" fn(i32, i32, i32, Int, Int, *const T, *const T, Int, *const T, *mut T, Int);
pub type DotR<T> = unsafe extern "C" fn(Int, *const T, Int, *const T, Int) -> T;
pub type DotC<T> = unsafe extern "C" fn(Int, *const T, Int, *const T, Int, *mut T);
pub type AxpyR<T> = unsafe extern "C" fn(Int, T, *const T, Int, *mut T, Int);
pub type AxpyC<T> = unsafe extern "C" fn(Int, *const T, *const T, Int, *mut T, Int);

/// `?gesv(n, nrhs, a, lda, ipiv, b, ldb, info)`.
pub type Gesv<T> = unsafe extern "C" fn(
    *const Int,
    *const Int,
    *mut T,
    *const Int,
    *mut Int,
    *mut T,
    *const Int,
    *mut Int,
);
/// `?getrf(m, n, a, lda, ipiv, info)`.
pub type Getrf<T> =
    unsafe extern "C" fn(*const Int, *const Int, *mut T, *const Int, *mut Int, *mut Int);
/// `dsyevd(jobz, uplo, n, a, lda, w, work, lwork, iwork, liwork, info, len, len)`.
pub type Dsyevd = unsafe extern "C" fn(
    *const u8,
    *const u8,
    *const Int,
    *mut f64,
    *const Int,
    *mut f64,
    *mut f64,
    *const Int,
    *mut Int,
    *const Int,
    *mut Int,
    usize,
    usize,
);
/// `zheevd(jobz, uplo, n, a, lda, w, work, lwork, rwork, lrwork, iwork, liwork, info, len, len)`.
pub type Zheevd = unsafe extern "C" fn(
    *const u8,
    *const u8,
    *const Int,
    *mut C64,
    *const Int,
    *mut f64,
    *mut C64,
    *const Int,
    *mut f64,
    *const Int,
    *mut Int,
    *const Int,
    *mut Int,
    usize,
    usize,
);
/// `dgesdd(jobz, m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork, iwork, info, len)`.
pub type Dgesdd = unsafe extern "C" fn(
    *const u8,
    *const Int,
    *const Int,
    *mut f64,
    *const Int,
    *mut f64,
    *mut f64,
    *const Int,
    *mut f64,
    *const Int,
    *mut f64,
    *const Int,
    *mut Int,
    *mut Int,
    usize,
);
/// `zgesdd(jobz, m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork, rwork, iwork, info, len)`.
pub type Zgesdd = unsafe extern "C" fn(
    *const u8,
    *const Int,
    *const Int,
    *mut C64,
    *const Int,
    *mut f64,
    *mut C64,
    *const Int,
    *mut C64,
    *const Int,
    *mut C64,
    *const Int,
    *mut f64,
    *mut Int,
    *mut Int,
    usize,
);
/// `dgelsd(m, n, nrhs, a, lda, b, ldb, s, rcond, rank, work, lwork, iwork, info)`.
pub type Dgelsd = unsafe extern "C" fn(
    *const Int,
    *const Int,
    *const Int,
    *mut f64,
    *const Int,
    *mut f64,
    *const Int,
    *mut f64,
    *const f64,
    *mut Int,
    *mut f64,
    *const Int,
    *mut Int,
    *mut Int,
);
/// `zgelsd(m, n, nrhs, a, lda, b, ldb, s, rcond, rank, work, lwork, rwork, iwork, info)`.
pub type Zgelsd = unsafe extern "C" fn(
    *const Int,
    *const Int,
    *const Int,
    *mut C64,
    *const Int,
    *mut C64,
    *const Int,
    *mut f64,
    *const f64,
    *mut Int,
    *mut C64,
    *const Int,
    *mut f64,
    *mut Int,
    *mut Int,
);

/// `?potrf(uplo, n, a, lda, info, len)`.
pub type Potrf<T> =
    unsafe extern "C" fn(*const u8, *const Int, *mut T, *const Int, *mut Int, usize);
/// `?geqrf(m, n, a, lda, tau, work, lwork, info)`.
pub type Geqrf<T> = unsafe extern "C" fn(
    *const Int,
    *const Int,
    *mut T,
    *const Int,
    *mut T,
    *mut T,
    *const Int,
    *mut Int,
);
/// `dorgqr`/`zungqr(m, n, k, a, lda, tau, work, lwork, info)`.
pub type Orgqr<T> = unsafe extern "C" fn(
    *const Int,
    *const Int,
    *const Int,
    *mut T,
    *const Int,
    *const T,
    *mut T,
    *const Int,
    *mut Int,
);
/// `dgeev(jobvl, jobvr, n, a, lda, wr, wi, vl, ldvl, vr, ldvr, work, lwork, info, len, len)`.
pub type Dgeev = unsafe extern "C" fn(
    *const u8,
    *const u8,
    *const Int,
    *mut f64,
    *const Int,
    *mut f64,
    *mut f64,
    *mut f64,
    *const Int,
    *mut f64,
    *const Int,
    *mut f64,
    *const Int,
    *mut Int,
    usize,
    usize,
);
/// `zgeev(jobvl, jobvr, n, a, lda, w, vl, ldvl, vr, ldvr, work, lwork, rwork, info, len, len)`.
pub type Zgeev = unsafe extern "C" fn(
    *const u8,
    *const u8,
    *const Int,
    *mut C64,
    *const Int,
    *mut C64,
    *mut C64,
    *const Int,
    *mut C64,
    *const Int,
    *mut C64,
    *const Int,
    *mut f64,
    *mut Int,
    usize,
    usize,
);

macro_rules! lapack_table {
    ($($field:ident: $ty:ty = $name:literal;)*) => {
        /// The functions of NumPy's BLAS/LAPACK that compiled code uses.
        pub struct Lapack {
            $(pub $field: $ty,)*
        }

        /// The names of the functions (reference BLAS/LAPACK names; `cblas_` for CBLAS), in the
        /// order [`Lapack::from_addresses`] asks for them.
        pub const NAMES: &[&str] = &[$($name),*];

        impl Lapack {
            /// The table from each function's address (`NAMES[i]` at `addresses[i]`).
            ///
            /// # Safety
            /// Each address must be the function named, from an ILP64 BLAS/LAPACK with the
            /// signatures of this table.
            pub unsafe fn from_addresses(addresses: &[usize]) -> Result<Lapack, String> {
                if addresses.len() != NAMES.len() {
                    return Err(format!(
                        "expected {} addresses, got {}",
                        NAMES.len(),
                        addresses.len()
                    ));
                }
                if let Some(k) = addresses.iter().position(|a| *a == 0) {
                    return Err(format!("no address for {}", NAMES[k]));
                }
                let mut next = addresses.iter();
                Ok(Lapack {
                    // SAFETY: the addresses are those of the functions named in `NAMES`, in this
                    // order, with the signatures of this table (this function's contract).
                    $($field: unsafe {
                        std::mem::transmute::<usize, $ty>(*next.next().expect("counted"))
                    },)*
                })
            }
        }
    };
}

lapack_table! {
    sgemm: GemmR<f32> = "cblas_sgemm";
    dgemm: GemmR<f64> = "cblas_dgemm";
    cgemm: GemmC<C32> = "cblas_cgemm";
    zgemm: GemmC<C64> = "cblas_zgemm";
    sgemv: GemvR<f32> = "cblas_sgemv";
    dgemv: GemvR<f64> = "cblas_dgemv";
    cgemv: GemvC<C32> = "cblas_cgemv";
    zgemv: GemvC<C64> = "cblas_zgemv";
    ssyrk: SyrkR<f32> = "cblas_ssyrk";
    dsyrk: SyrkR<f64> = "cblas_dsyrk";
    csyrk: SyrkC<C32> = "cblas_csyrk";
    zsyrk: SyrkC<C64> = "cblas_zsyrk";
    sdot: DotR<f32> = "cblas_sdot";
    ddot: DotR<f64> = "cblas_ddot";
    cdotu: DotC<C32> = "cblas_cdotu_sub";
    zdotu: DotC<C64> = "cblas_zdotu_sub";
    saxpy: AxpyR<f32> = "cblas_saxpy";
    daxpy: AxpyR<f64> = "cblas_daxpy";
    caxpy: AxpyC<C32> = "cblas_caxpy";
    zaxpy: AxpyC<C64> = "cblas_zaxpy";
    dgesv: Gesv<f64> = "dgesv";
    zgesv: Gesv<C64> = "zgesv";
    dgetrf: Getrf<f64> = "dgetrf";
    zgetrf: Getrf<C64> = "zgetrf";
    dsyevd: Dsyevd = "dsyevd";
    zheevd: Zheevd = "zheevd";
    dgesdd: Dgesdd = "dgesdd";
    zgesdd: Zgesdd = "zgesdd";
    dgelsd: Dgelsd = "dgelsd";
    zgelsd: Zgelsd = "zgelsd";
    dpotrf: Potrf<f64> = "dpotrf";
    zpotrf: Potrf<C64> = "zpotrf";
    dgeqrf: Geqrf<f64> = "dgeqrf";
    zgeqrf: Geqrf<C64> = "zgeqrf";
    dorgqr: Orgqr<f64> = "dorgqr";
    zungqr: Orgqr<C64> = "zungqr";
    dgeev: Dgeev = "dgeev";
    zgeev: Zgeev = "zgeev";
}

static TABLE: OnceLock<Lapack> = OnceLock::new();

/// Installs the table (the first one installed stays: later calls are ignored).
pub fn set_lapack(table: Lapack) {
    let _ = TABLE.set(table);
}

/// Whether [`set_lapack`] has been called.
pub fn lapack_ready() -> bool {
    TABLE.get().is_some()
}

/// The installed table. Generated code calls the entry points only after the compiler installed
/// it (compiling a call that needs it fails otherwise), so its absence is a compiler bug.
pub fn lapack() -> &'static Lapack {
    TABLE
        .get()
        .expect("oxjit: NumPy's BLAS/LAPACK used before it was found")
}

// CBLAS enums.
pub const ROW_MAJOR: i32 = 101;
pub const COL_MAJOR: i32 = 102;
pub const NO_TRANS: i32 = 111;
pub const TRANS: i32 = 112;
pub const UPPER: i32 = 121;
