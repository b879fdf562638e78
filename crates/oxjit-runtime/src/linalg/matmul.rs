//! `a @ b`: NumPy's `@TYPE@_matmul` loop (`numpy/_core/src/umath/matmul.c.src`) for one pair of
//! operands, step for step: BLAS (`gemm`, `gemv`, `syrk`, `dot`) where the operands' strides
//! suit it, NumPy's own loops where they do not, and copies of non-BLAS operands for
//! matrix · matrix.

use super::elem::{is_blasable2d, numpy_dot, Elem};
use super::out::{new_target, product_shape, read, Target};
use super::table::{Lapack, COL_MAJOR, NO_TRANS, ROW_MAJOR, TRANS};
use super::{scratch, Error, View};

/// NumPy's `@TYPE@_matmul_inner_noblas`.
///
/// # Safety
/// Pointers and byte strides address `dm x dn`, `dn x dp` and `dm x dp` matrices.
#[allow(clippy::too_many_arguments)]
unsafe fn matmul_noblas<T: Elem>(
    ip1: *const u8,
    is1_m: i64,
    is1_n: i64,
    ip2: *const u8,
    is2_n: i64,
    is2_p: i64,
    op: *mut u8,
    os_m: i64,
    os_p: i64,
    dm: i64,
    dn: i64,
    dp: i64,
) {
    for m in 0..dm {
        for p in 0..dp {
            let mut acc = T::zero();
            for n in 0..dn {
                // SAFETY: `m < dm`, `n < dn`, `p < dp`: inside the operands the strides and sizes
                // describe (this function's contract).
                unsafe {
                    let x: T = read(ip1.wrapping_offset((m * is1_m + n * is1_n) as isize));
                    let y: T = read(ip2.wrapping_offset((n * is2_n + p * is2_p) as isize));
                    acc = T::add_mul(acc, x, y);
                }
            }
            // SAFETY: `m < dm`, `p < dp`: inside the result the strides and sizes describe (this
            // function's contract).
            unsafe { *(op.wrapping_offset((m * os_m + p * os_p) as isize) as *mut T) = acc };
        }
    }
}

/// NumPy's `@TYPE@_matrix_copy`: a matrix copied to other strides (exact: the order of the copy
/// does not matter).
///
/// # Safety
/// Both addresses hold `dm x dn` matrices with these byte strides.
#[allow(clippy::too_many_arguments)]
unsafe fn matrix_copy<T: Elem>(
    ip: *const u8,
    is_m: i64,
    is_n: i64,
    op: *mut u8,
    os_m: i64,
    os_n: i64,
    dm: i64,
    dn: i64,
) {
    for m in 0..dm {
        for n in 0..dn {
            // SAFETY: `m < dm`, `n < dn`: inside the operands the strides and sizes describe (this
            // function's contract).
            unsafe {
                let v: T = read(ip.wrapping_offset((m * is_m + n * is_n) as isize));
                *(op.wrapping_offset((m * os_m + n * os_n) as isize) as *mut T) = v;
            }
        }
    }
}

/// NumPy's `@TYPE@_gemv` (`matmul.c.src`).
///
/// # Safety
/// As for BLAS: a `m x n` matrix, an `n` vector, an `m` output.
#[allow(clippy::too_many_arguments)]
unsafe fn matmul_gemv<T: Elem>(
    t: &Lapack,
    ip1: *const u8,
    is1_m: i64,
    is1_n: i64,
    ip2: *const u8,
    is2_n: i64,
    op: *mut u8,
    op_m: i64,
    m: i64,
    n: i64,
) {
    let sz = std::mem::size_of::<T>();
    let (order, lda) = if is_blasable2d(is1_m, is1_n, m, n, sz) {
        (COL_MAJOR, is1_m / sz as i64)
    } else {
        (ROW_MAJOR, is1_n / sz as i64)
    };
    // SAFETY: BLAS on the operands the strides and sizes describe (this function's contract),
    // checked BLAS-compatible by the caller.
    unsafe {
        T::gemv(
            t,
            order,
            TRANS,
            n,
            m,
            ip1 as *const T,
            lda,
            ip2 as *const T,
            is2_n / sz as i64,
            op as *mut T,
            op_m / sz as i64,
        )
    };
}

/// NumPy's `@TYPE@_matmul_matrixmatrix`.
///
/// # Safety
/// Blasable operands (row- or column-major) and a row-major blasable output.
#[allow(clippy::too_many_arguments)]
unsafe fn matmul_matrixmatrix<T: Elem>(
    t: &Lapack,
    ip1: *const u8,
    is1_m: i64,
    is1_n: i64,
    ip2: *const u8,
    is2_n: i64,
    is2_p: i64,
    op: *mut u8,
    os_m: i64,
    _os_p: i64,
    m: i64,
    n: i64,
    p: i64,
) {
    let sz = std::mem::size_of::<T>();
    let szi = sz as i64;
    let ldc = os_m / szi;
    let (trans1, lda) = if is_blasable2d(is1_m, is1_n, m, n, sz) {
        (NO_TRANS, is1_m / szi)
    } else {
        (TRANS, is1_n / szi)
    };
    let (trans2, ldb) = if is_blasable2d(is2_n, is2_p, n, p, sz) {
        (NO_TRANS, is2_n / szi)
    } else {
        (TRANS, is2_p / szi)
    };
    // SAFETY: BLAS on the operands the strides and sizes describe (this function's contract),
    // checked BLAS-compatible by the caller.
    unsafe {
        if ip1 == ip2 && m == p && is1_m == is2_p && is1_n == is2_n && trans1 != trans2 {
            if trans1 == NO_TRANS {
                T::syrk(t, trans1, p, n, ip1 as *const T, lda, op as *mut T, ldc);
            } else {
                T::syrk(t, trans1, p, n, ip1 as *const T, ldb, op as *mut T, ldc);
            }
            let o = op as *mut T;
            for i in 0..p {
                for j in i + 1..p {
                    *o.offset((j * ldc + i) as isize) = *o.offset((i * ldc + j) as isize);
                }
            }
        } else {
            T::gemm(
                t,
                trans1,
                trans2,
                m,
                p,
                n,
                ip1 as *const T,
                lda,
                ip2 as *const T,
                ldb,
                op as *mut T,
                ldc,
            );
        }
    }
}

/// NumPy's `@TYPE@_matmul` for one pair of operands of one or two dimensions (a missing core
/// dimension has length 1 and stride 0, as the gufunc machinery passes it).
pub(super) fn matmul<T: Elem>(t: &Lapack, a: &View, b: &View) -> Result<Target, Error> {
    let sz = std::mem::size_of::<T>();
    let szi = sz as i64;
    let (dm, dn, is1_m, is1_n) = if a.nd == 2 {
        (a.shape[0], a.shape[1], a.strides[0], a.strides[1])
    } else {
        (1, a.shape[0], 0, a.strides[0])
    };
    let (dp, is2_n, is2_p) = if b.nd == 2 {
        (b.shape[1], b.strides[0], b.strides[1])
    } else {
        (1, b.strides[0], 0)
    };
    let shape = product_shape(a, b);
    let mut target = new_target(&shape, T::DTYPE, false)?;
    let op = target.data();
    let (os_m, os_p) = match (a.nd, b.nd) {
        (2, 2) => (dp * szi, szi),
        (2, _) => (szi, 0),
        (_, 2) => (0, szi),
        _ => (0, 0),
    };
    let (ip1, ip2) = (a.data as *const u8, b.data as *const u8);
    let special_case = dm == 1 || dn == 1 || dp == 1;
    let any_zero_dim = dm == 0 || dn == 0 || dp == 0;
    let scalar_out = dm == 1 && dp == 1;
    let scalar_vec = dn == 1 && (dp == 1 || dm == 1);
    let i1_c = is_blasable2d(is1_m, is1_n, dm, dn, sz);
    let i2_c = is_blasable2d(is2_n, is2_p, dn, dp, sz);
    let i1_f = is_blasable2d(is1_n, is1_m, dn, dm, sz);
    let i2_f = is_blasable2d(is2_p, is2_n, dp, dn, sz);
    let i1blasable = i1_c || i1_f;
    let i2blasable = i2_c || i2_f;
    let o_c = is_blasable2d(os_m, os_p, dm, dp, sz);
    let o_f = is_blasable2d(os_p, os_m, dp, dm, sz);
    let oblasable = o_c || o_f;
    let vector_matrix = dm == 1 && i2blasable && is_blasable2d(is1_n, szi, dn, 1, sz);
    let matrix_vector = dp == 1 && i1blasable && is_blasable2d(is2_n, szi, dn, 1, sz);
    // SAFETY: the strides and sizes describe `a`, `b` and the new result.
    unsafe {
        if any_zero_dim {
            matmul_noblas::<T>(
                ip1, is1_m, is1_n, ip2, is2_n, is2_p, op, os_m, os_p, dm, dn, dp,
            );
        } else if special_case {
            if scalar_out {
                *(op as *mut T) = numpy_dot::<T>(t, ip1, is1_n, ip2, is2_n, dn);
            } else if scalar_vec {
                matmul_noblas::<T>(
                    ip1, is1_m, is1_n, ip2, is2_n, is2_p, op, os_m, os_p, dm, dn, dp,
                );
            } else if vector_matrix {
                matmul_gemv::<T>(t, ip2, is2_p, is2_n, ip1, is1_n, op, os_p, dp, dn);
            } else if matrix_vector {
                matmul_gemv::<T>(t, ip1, is1_m, is1_n, ip2, is2_n, op, os_m, dm, dn);
            } else {
                matmul_noblas::<T>(
                    ip1, is1_m, is1_n, ip2, is2_n, is2_p, op, os_m, os_p, dm, dn, dp,
                );
            }
        } else {
            matmul_blas::<T>(
                t,
                (ip1, is1_m, is1_n),
                (ip2, is2_n, is2_p),
                (op, os_m, os_p),
                (dm, dn, dp),
                (i1blasable, i2blasable, oblasable),
            )?;
        }
    }
    Ok(target)
}

/// The general case of [`matmul`]: BLAS `gemm` (or `syrk`), with operands BLAS cannot take
/// copied first, and the result through a copy where BLAS cannot write it (NumPy's
/// gh-12365, gh-23588).
///
/// # Safety
/// Each (pointer, stride, stride) describes an operand of the `(dm, dn, dp)` shapes, and the
/// flags say which BLAS can take as they are.
unsafe fn matmul_blas<T: Elem>(
    t: &Lapack,
    (ip1, is1_m, is1_n): (*const u8, i64, i64),
    (ip2, is2_n, is2_p): (*const u8, i64, i64),
    (op, os_m, os_p): (*mut u8, i64, i64),
    (dm, dn, dp): (i64, i64, i64),
    (i1blasable, i2blasable, oblasable): (bool, bool, bool),
) -> Result<(), Error> {
    let szi = std::mem::size_of::<T>() as i64;
    // SAFETY: the operands, copies and result as this function's contract describes them.
    unsafe {
        // Non-blasable operands are copied first (gh-12365, gh-23588).
        let i1_transpose = is1_m.abs() < is1_n.abs();
        let i2_transpose = is2_n.abs() < is2_p.abs();
        let o_transpose = os_m.abs() < os_p.abs();
        let tmp_is1_m = if i1_transpose { szi } else { szi * dn };
        let tmp_is1_n = if i1_transpose { szi * dm } else { szi };
        let tmp_is2_n = if i2_transpose { szi } else { szi * dp };
        let tmp_is2_p = if i2_transpose { szi * dn } else { szi };
        let tmp_os_m = if o_transpose { szi } else { szi * dp };
        let tmp_os_p = if o_transpose { szi * dm } else { szi };
        let mut tmp1 = Vec::new();
        let mut tmp2 = Vec::new();
        let mut tmpo = Vec::new();
        let (mut ip1_, mut is1_m_, mut is1_n_) = (ip1, is1_m, is1_n);
        let (mut ip2_, mut is2_n_, mut is2_p_) = (ip2, is2_n, is2_p);
        let (mut op_, mut os_m_, mut os_p_) = (op, os_m, os_p);
        if !i1blasable {
            tmp1 = scratch::<T>((dm * dn) as usize)?;
            matrix_copy::<T>(
                ip1,
                is1_m,
                is1_n,
                tmp1.as_mut_ptr() as *mut u8,
                tmp_is1_m,
                tmp_is1_n,
                dm,
                dn,
            );
            (ip1_, is1_m_, is1_n_) = (tmp1.as_ptr() as *const u8, tmp_is1_m, tmp_is1_n);
        }
        if !i2blasable {
            tmp2 = scratch::<T>((dn * dp) as usize)?;
            matrix_copy::<T>(
                ip2,
                is2_n,
                is2_p,
                tmp2.as_mut_ptr() as *mut u8,
                tmp_is2_n,
                tmp_is2_p,
                dn,
                dp,
            );
            (ip2_, is2_n_, is2_p_) = (tmp2.as_ptr() as *const u8, tmp_is2_n, tmp_is2_p);
        }
        if !oblasable {
            tmpo = scratch::<T>((dm * dp) as usize)?;
            (op_, os_m_, os_p_) = (tmpo.as_mut_ptr() as *mut u8, tmp_os_m, tmp_os_p);
        }
        if o_transpose {
            matmul_matrixmatrix::<T>(
                t, ip2_, is2_p_, is2_n_, ip1_, is1_n_, is1_m_, op_, os_p_, os_m_, dp, dn, dm,
            );
        } else {
            matmul_matrixmatrix::<T>(
                t, ip1_, is1_m_, is1_n_, ip2_, is2_n_, is2_p_, op_, os_m_, os_p_, dm, dn, dp,
            );
        }
        if !oblasable {
            matrix_copy::<T>(op_, os_m_, os_p_, op, os_m, os_p, dm, dp);
        }
        drop((tmp1, tmp2, tmpo));
    }
    Ok(())
}
