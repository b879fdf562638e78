//! Products: `np.dot` / `a.dot(b)` (NumPy's `cblas_matrixproduct`), `@` (NumPy's `matmul` loop),
//! `np.outer` and `np.trace`, for arrays of one or two dimensions.

use super::elem::{is_blasable2d, numpy_dot, Elem};
use super::table::{lapack, Lapack, C32, C64, COL_MAJOR, NO_TRANS, ROW_MAJOR, TRANS};
use super::{scratch, status, DType, Error, OutArray, View};
use crate::exceptions::ExcInfo;

/// A copy of an array in memory this module owns.
pub(super) struct Owned {
    _buf: Vec<[f64; 2]>,
    pub view: View,
}

/// Converts one element (NumPy's casts: integers to floats rounded once, as C converts).
///
/// # Safety
/// `p` points to an element of `from`, `q` to room for one of `to`.
pub(super) unsafe fn convert(from: DType, p: *const u8, to: DType, q: *mut u8) {
    unsafe {
        match to {
            DType::F32 | DType::C64 => {
                let v: [f32; 2] = match from {
                    DType::F32 => [(p as *const f32).read_unaligned(), 0.0],
                    DType::C64 => (p as *const [f32; 2]).read_unaligned(),
                    DType::F64 | DType::C128 => {
                        let w = from.load_c128(p);
                        [w[0] as f32, w[1] as f32]
                    }
                    DType::U64 => [(p as *const u64).read_unaligned() as f32, 0.0],
                    _ => [from.load_i64(p) as f32, 0.0],
                };
                if to == DType::F32 {
                    (q as *mut f32).write_unaligned(v[0]);
                } else {
                    (q as *mut [f32; 2]).write_unaligned(v);
                }
            }
            DType::F64 | DType::C128 => to.store_c128(q, from.load_c128(p)),
            _ => to.store_i64(q, from.load_i64(p)),
        }
    }
}

/// A copy of `v` as `dtype`, C-ordered, or Fortran-ordered with `f_order` (two dimensions).
pub(super) fn copy_of(v: &View, dtype: DType, f_order: bool) -> Result<Owned, Error> {
    let n = v.size().max(0) as usize;
    let size = dtype.size();
    let mut buf = scratch::<[f64; 2]>((n * size).div_ceil(16).max(1))?;
    let data = buf.as_mut_ptr() as *mut u8;
    let view = if v.nd == 2 && f_order {
        View {
            data,
            nd: 2,
            shape: v.shape,
            strides: [size as i64, size as i64 * v.shape[0]],
            dtype,
        }
    } else {
        View::contiguous(data, &v.shape[..v.nd], dtype)
    };
    for k in 0..n as i64 {
        // SAFETY: `k` indexes both views in C order.
        unsafe { convert(v.dtype, v.at_flat(k), dtype, view.at_flat(k)) };
    }
    Ok(Owned { _buf: buf, view })
}

/// Whether NumPy's `KEEPORDER` copy of `v` is Fortran-ordered (its axes by decreasing stride).
pub(super) fn keeps_f_order(v: &View) -> bool {
    v.nd == 2 && v.strides[0].abs() < v.strides[1].abs()
}

/// The result of a product: an array, or one element for vector · vector.
enum Target {
    Array(OutArray),
    Scalar([f64; 2]),
}

impl Target {
    fn data(&mut self) -> *mut u8 {
        match self {
            Target::Array(a) => a.block.data,
            Target::Scalar(s) => s.as_mut_ptr() as *mut u8,
        }
    }

    /// Hands the result to the caller's slot: an array's native form, or the element.
    ///
    /// # Safety
    /// `out` is the slot of the product's type; a scalar target holds an element of `dtype`.
    unsafe fn emit(self, out: *mut u8, dtype: DType) {
        match self {
            Target::Array(a) => unsafe { a.emit(out) },
            Target::Scalar(s) => unsafe {
                std::ptr::copy_nonoverlapping(s.as_ptr() as *const u8, out, dtype.size())
            },
        }
    }
}

fn new_target(shape: &[i64], dtype: DType, zeroed: bool) -> Result<Target, Error> {
    if shape.is_empty() {
        Ok(Target::Scalar([0.0; 2]))
    } else {
        Ok(Target::Array(OutArray::new(shape, dtype, zeroed)?))
    }
}

/// The shape of the product of `a` and `b` (the contracted dimension dropped).
fn product_shape(a: &View, b: &View) -> Vec<i64> {
    let mut shape = Vec::new();
    if a.nd == 2 {
        shape.push(a.shape[0]);
    }
    if b.nd == 2 {
        shape.push(b.shape[1]);
    }
    shape
}

/// NumPy's `dot_alignment_error`: `shapes (2,3) and (2,3) not aligned: 3 (dim 1) != 2 (dim 0)`.
fn alignment_error(a: &View, b: &View) -> Error {
    let template = match (a.nd, b.nd) {
        (1, 1) => "shapes ({0},) and ({1},) not aligned: {2} (dim {3}) != {4} (dim {5})",
        (1, _) => "shapes ({0},) and ({1},{2}) not aligned: {3} (dim {4}) != {5} (dim {6})",
        (_, 1) => "shapes ({0},{1}) and ({2},) not aligned: {3} (dim {4}) != {5} (dim {6})",
        _ => "shapes ({0},{1}) and ({2},{3}) not aligned: {4} (dim {5}) != {6} (dim {7})",
    };
    let mut ints: Vec<i64> = a.shape[..a.nd].to_vec();
    ints.extend_from_slice(&b.shape[..b.nd]);
    ints.extend([a.shape[a.nd - 1], a.nd as i64 - 1, b.shape[0], 0]);
    Error::ValueFormatted(template, ints)
}

const MATMUL_MISMATCH: &str = "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size {0} is different from {1})";

/// `np.dot(a, b)` (`matmul == 0`) or `a @ b` (`matmul != 0`) of arrays of one or two dimensions
/// of element types `a_dt`, `b_dt`, as an array (or one element) of type `r_dt`, written to
/// `out`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn oxjit_rt_linalg_dot(
    exc: *mut ExcInfo,
    out: *mut u8,
    a: *const i64,
    a_nd: i64,
    a_dt: i64,
    b: *const i64,
    b_nd: i64,
    b_dt: i64,
    r_dt: i64,
    matmul: i64,
) -> i32 {
    // SAFETY: generated code passes arrays of the dimensions it says.
    let (a, b) = unsafe { (View::read(a, a_nd, a_dt), View::read(b, b_nd, b_dt)) };
    let r = DType::from_code(r_dt);
    status(unsafe { product(&a, &b, r, matmul != 0, out) }, exc)
}

/// # Safety
/// `out` is a slot for the product's type.
pub(super) unsafe fn product(
    a: &View,
    b: &View,
    r: DType,
    matmul: bool,
    out: *mut u8,
) -> Result<(), Error> {
    if a.shape[a.nd - 1] != b.shape[0] {
        return Err(if matmul {
            Error::ValueFormatted(MATMUL_MISMATCH, vec![b.shape[0], a.shape[a.nd - 1]])
        } else {
            alignment_error(a, b)
        });
    }
    let target = match r {
        DType::F32 => float_product::<f32>(a, b, matmul)?,
        DType::F64 => float_product::<f64>(a, b, matmul)?,
        DType::C64 => float_product::<C32>(a, b, matmul)?,
        DType::C128 => float_product::<C64>(a, b, matmul)?,
        _ => int_product(a, b, r)?,
    };
    unsafe { target.emit(out, r) };
    Ok(())
}

/// Integer and boolean products: NumPy's plain loops (integers wrap; booleans: any of ands).
fn int_product(a: &View, b: &View, r: DType) -> Result<Target, Error> {
    let shape = product_shape(a, b);
    let mut target = new_target(&shape, r, false)?;
    let (m, p) = (
        if a.nd == 2 { a.shape[0] } else { 1 },
        if b.nd == 2 { b.shape[1] } else { 1 },
    );
    let n = b.shape[0];
    let data = target.data();
    let size = r.size() as isize;
    for i in 0..m {
        for j in 0..p {
            let mut acc: i64 = 0;
            let mut any = false;
            for k in 0..n {
                // SAFETY: indices within the shapes.
                let (x, y) = unsafe {
                    (
                        a.dtype.load_i64(a.at(if a.nd == 2 { i } else { k }, k)),
                        b.dtype.load_i64(b.at(k, j)),
                    )
                };
                acc = acc.wrapping_add(x.wrapping_mul(y));
                any |= x != 0 && y != 0;
            }
            let v = if r == DType::Bool { any as i64 } else { acc };
            // SAFETY: (i, j) is in the C-ordered result.
            unsafe { r.store_i64(data.offset((i * p + j) as isize * size), v) };
        }
    }
    Ok(target)
}

/// Float and complex products: the operands converted to `T` first (as NumPy does), then
/// NumPy's BLAS code for `np.dot` or for `@`.
fn float_product<T: Elem>(a: &View, b: &View, matmul: bool) -> Result<Target, Error> {
    let t = lapack();
    let mut held = Vec::new();
    let mut operand = |v: &View| -> Result<View, Error> {
        if v.dtype == T::DTYPE {
            return Ok(*v);
        }
        // np.dot converts in KEEPORDER; the matmul ufunc's casting copy is C-ordered.
        let c = copy_of(v, T::DTYPE, !matmul && keeps_f_order(v))?;
        let view = c.view;
        held.push(c);
        Ok(view)
    };
    let (a, b) = (operand(a)?, operand(b)?);
    if matmul {
        matmul_blas::<T>(t, &a, &b)
    } else {
        matrixproduct::<T>(t, a, b)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Scalar,
    Column,
    Row,
    Matrix,
}

/// NumPy's `_select_matrix_shape`.
fn kind(v: &View) -> Kind {
    if v.nd == 1 {
        return if v.shape[0] > 1 {
            Kind::Column
        } else {
            Kind::Scalar
        };
    }
    if v.shape[0] > 1 {
        if v.shape[1] == 1 {
            Kind::Column
        } else {
            Kind::Matrix
        }
    } else if v.shape[1] == 1 {
        Kind::Scalar
    } else {
        Kind::Row
    }
}

/// NumPy's `_bad_strides`: data not aligned, negative or odd strides, or repeated items.
fn bad_strides(v: &View) -> bool {
    let size = v.dtype.size() as i64;
    if (v.data as usize as i64) % size != 0 {
        return true;
    }
    (0..v.nd).any(|k| {
        v.strides[k] < 0 || v.strides[k] % size != 0 || (v.strides[k] == 0 && v.shape[k] > 1)
    })
}

fn ld(d: i64) -> i64 {
    if d > 1 {
        d
    } else {
        1
    }
}

/// # Safety
/// `p` points to an element of `T`.
unsafe fn read<T: Elem>(p: *const u8) -> T {
    unsafe { (p as *const T).read_unaligned() }
}

/// `cblas_matrixproduct` (`numpy/_core/src/common/cblasfuncs.c`), step for step.
fn matrixproduct<T: Elem>(t: &Lapack, ap1: View, ap2: View) -> Result<Target, Error> {
    let sz = std::mem::size_of::<T>() as i64;
    let mut held = Vec::new();
    let mut ap1 = ap1;
    let mut ap2 = ap2;
    // NewCopy(ANYORDER) of an array with bad strides: C order (such arrays are not F-contiguous).
    if bad_strides(&ap1) {
        held.push(copy_of(&ap1, T::DTYPE, false)?);
        ap1 = held[held.len() - 1].view;
    }
    if bad_strides(&ap2) {
        held.push(copy_of(&ap2, T::DTYPE, false)?);
        ap2 = held[held.len() - 1].view;
    }
    let mut s1 = kind(&ap1);
    let mut s2 = kind(&ap2);
    let (oap1, oap2) = (ap1, ap2);
    let nd = ap1.nd + ap2.nd - 2;
    let mut dims = [0i64; 2];
    let mut l: i64;
    let mut ap1stride = 0;
    if s1 == Kind::Scalar || s2 == Kind::Scalar {
        if s1 == Kind::Scalar {
            std::mem::swap(&mut ap1, &mut ap2);
            s1 = s2;
            s2 = Kind::Scalar;
        }
        ap1stride = if s1 == Kind::Row {
            ap1.strides[1]
        } else {
            ap1.strides[0]
        };
        l = oap1.shape[oap1.nd - 1];
        if nd == 1 {
            dims[0] = if oap1.nd == 2 {
                oap1.shape[0]
            } else {
                oap2.shape[1]
            };
            l = dims[0];
        } else if nd == 2 {
            dims = [oap1.shape[0], oap2.shape[1]];
            l = if s1 == Kind::Row { dims[1] } else { dims[0] };
        }
        if oap1.shape[oap1.nd - 1] == 0 {
            l = 0;
        }
    } else {
        l = ap1.shape[ap1.nd - 1];
        if nd == 1 {
            dims[0] = if ap1.nd == 2 {
                ap1.shape[0]
            } else {
                ap2.shape[1]
            };
        } else if nd == 2 {
            dims = [ap1.shape[0], ap2.shape[1]];
        }
    }
    let mut target = new_target(&dims[..nd], T::DTYPE, true)?;
    let out = target.data();
    let out_view = View::contiguous(out, &dims[..nd], T::DTYPE);
    let count: i64 = dims[..nd].iter().product();
    if count == 0 || l == 0 {
        return Ok(target);
    }
    // SAFETY (all BLAS calls below): shapes, strides and leading dimensions as NumPy computes
    // them for these operands and this freshly allocated C-contiguous result.
    unsafe {
        if s2 == Kind::Scalar {
            let val: T = read(ap2.data);
            if l == 1 {
                *(out as *mut T) = T::mul(val, read(ap1.data));
            } else if s1 != Kind::Matrix {
                T::axpy(
                    t,
                    l,
                    val,
                    ap1.data as *const T,
                    ap1stride / sz,
                    out as *mut T,
                    1,
                );
            } else {
                let maxind = if ap1.shape[0] >= ap1.shape[1] { 0 } else { 1 };
                let oind = 1 - maxind;
                let l = ap1.shape[maxind];
                let a1s = ap1.strides[maxind] / sz;
                let outs = out_view.strides[maxind] / sz;
                let (mut ptr, mut optr) = (ap1.data, out);
                for _ in 0..ap1.shape[oind] {
                    T::axpy(t, l, val, ptr as *const T, a1s, optr as *mut T, outs);
                    ptr = ptr.wrapping_offset(ap1.strides[oind] as isize);
                    optr = optr.wrapping_offset(out_view.strides[oind] as isize);
                }
            }
        } else if s2 == Kind::Column && s1 != Kind::Matrix {
            let stride1 = ap1.strides[(s1 == Kind::Row) as usize];
            *(out as *mut T) = numpy_dot::<T>(t, ap1.data, stride1, ap2.data, ap2.strides[0], l);
        } else if s1 == Kind::Matrix && s2 != Kind::Matrix {
            if !(ap1.is_c_contiguous() || ap1.is_f_contiguous()) {
                held.push(copy_of(&ap1, T::DTYPE, false)?);
                ap1 = held[held.len() - 1].view;
            }
            let (order, lda) = if ap1.is_c_contiguous() {
                (ROW_MAJOR, ld(ap1.shape[1]))
            } else {
                (COL_MAJOR, ld(ap1.shape[0]))
            };
            T::gemv(
                t,
                order,
                NO_TRANS,
                ap1.shape[0],
                ap1.shape[1],
                ap1.data as *const T,
                lda,
                ap2.data as *const T,
                ap2.strides[0] / sz,
                out as *mut T,
                1,
            );
        } else if s1 != Kind::Matrix && s2 == Kind::Matrix {
            if !(ap2.is_c_contiguous() || ap2.is_f_contiguous()) {
                held.push(copy_of(&ap2, T::DTYPE, false)?);
                ap2 = held[held.len() - 1].view;
            }
            let (order, lda) = if ap2.is_c_contiguous() {
                (ROW_MAJOR, ld(ap2.shape[1]))
            } else {
                (COL_MAJOR, ld(ap2.shape[0]))
            };
            let ap1s = if s1 == Kind::Row {
                ap1.strides[1] / sz
            } else {
                ap1.strides[0] / sz
            };
            T::gemv(
                t,
                order,
                TRANS,
                ap2.shape[0],
                ap2.shape[1],
                ap2.data as *const T,
                lda,
                ap1.data as *const T,
                ap1s,
                out as *mut T,
                1,
            );
        } else {
            if !ap2.is_c_contiguous() && !ap2.is_f_contiguous() {
                held.push(copy_of(&ap2, T::DTYPE, false)?);
                ap2 = held[held.len() - 1].view;
            }
            if !ap1.is_c_contiguous() && !ap1.is_f_contiguous() {
                held.push(copy_of(&ap1, T::DTYPE, false)?);
                ap1 = held[held.len() - 1].view;
            }
            let (l_, n_, m_) = (ap1.shape[0], ap2.shape[1], ap2.shape[0]);
            let mut trans1 = NO_TRANS;
            let mut trans2 = NO_TRANS;
            let mut lda = ld(ap1.shape[1]);
            let mut ldb = ld(ap2.shape[1]);
            if ap1.is_f_contiguous() {
                trans1 = TRANS;
                lda = ld(ap1.shape[0]);
            }
            if ap2.is_f_contiguous() {
                trans2 = TRANS;
                ldb = ld(ap2.shape[0]);
            }
            let ldc = ld(out_view.shape[1]);
            if ap1.data == ap2.data
                && ap1.shape[0] == ap2.shape[1]
                && ap1.shape[1] == ap2.shape[0]
                && ap1.strides[0] == ap2.strides[1]
                && ap1.strides[1] == ap2.strides[0]
                && ((trans1 == TRANS) ^ (trans2 == TRANS))
            {
                if trans1 == NO_TRANS {
                    T::syrk(
                        t,
                        trans1,
                        n_,
                        m_,
                        ap1.data as *const T,
                        lda,
                        out as *mut T,
                        ldc,
                    );
                } else {
                    T::syrk(
                        t,
                        trans1,
                        n_,
                        m_,
                        ap2.data as *const T,
                        ldb,
                        out as *mut T,
                        ldc,
                    );
                }
                for i in 0..n_ {
                    for j in i + 1..n_ {
                        let v: T = read(out_view.at(i, j));
                        *(out_view.at(j, i) as *mut T) = v;
                    }
                }
            } else {
                T::gemm(
                    t,
                    trans1,
                    trans2,
                    l_,
                    n_,
                    m_,
                    ap1.data as *const T,
                    lda,
                    ap2.data as *const T,
                    ldb,
                    out as *mut T,
                    ldc,
                );
            }
        }
    }
    Ok(target)
}

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
                unsafe {
                    let x: T = read(ip1.wrapping_offset((m * is1_m + n * is1_n) as isize));
                    let y: T = read(ip2.wrapping_offset((n * is2_n + p * is2_p) as isize));
                    acc = T::add_mul(acc, x, y);
                }
            }
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
fn matmul_blas<T: Elem>(t: &Lapack, a: &View, b: &View) -> Result<Target, Error> {
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
    // SAFETY (below): the strides and sizes describe `a`, `b` and the new result.
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
    }
    Ok(target)
}

/// `np.outer(a, b)`: `a.ravel()[:, None] * b.ravel()[None, :]` as type `r_dt`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn oxjit_rt_linalg_outer(
    exc: *mut ExcInfo,
    out: *mut u8,
    a: *const i64,
    a_nd: i64,
    a_dt: i64,
    b: *const i64,
    b_nd: i64,
    b_dt: i64,
    r_dt: i64,
) -> i32 {
    // SAFETY: arrays as generated code describes them.
    let (a, b) = unsafe { (View::read(a, a_nd, a_dt), View::read(b, b_nd, b_dt)) };
    let r = DType::from_code(r_dt);
    status(unsafe { outer(&a, &b, r, out) }, exc)
}

/// # Safety
/// `out` is a slot for a 2-d array.
unsafe fn outer(a: &View, b: &View, r: DType, out: *mut u8) -> Result<(), Error> {
    let (m, n) = (a.size(), b.size());
    let result = OutArray::new(&[m, n], r, false)?;
    let data = result.block.data;
    let size = r.size() as isize;
    for i in 0..m {
        for j in 0..n {
            let (x, y) = (a.at_flat(i), b.at_flat(j));
            let q = data.wrapping_offset((i * n + j) as isize * size);
            // SAFETY: (i, j) within both operands and the result.
            unsafe {
                match r {
                    DType::F32 | DType::F64 | DType::C64 | DType::C128 => {
                        let mut xs = [0.0f64; 2];
                        let mut ys = [0.0f64; 2];
                        convert(a.dtype, x, r, xs.as_mut_ptr() as *mut u8);
                        convert(b.dtype, y, r, ys.as_mut_ptr() as *mut u8);
                        let p = xs.as_ptr() as *const u8;
                        let o = ys.as_ptr() as *const u8;
                        match r {
                            DType::F32 => *(q as *mut f32) = read::<f32>(p) * read::<f32>(o),
                            DType::F64 => *(q as *mut f64) = read::<f64>(p) * read::<f64>(o),
                            DType::C64 => *(q as *mut C32) = cmul_f32(read(p), read(o)),
                            _ => *(q as *mut C64) = cmul_f64(read(p), read(o)),
                        }
                    }
                    DType::Bool => r.store_i64(
                        q,
                        (a.dtype.load_i64(x) != 0 && b.dtype.load_i64(y) != 0) as i64,
                    ),
                    _ => r.store_i64(q, a.dtype.load_i64(x).wrapping_mul(b.dtype.load_i64(y))),
                }
            }
        }
    }
    unsafe { result.emit(out) };
    Ok(())
}

/// Whether NumPy's complex multiply (its SIMD loops, Highway's `MulComplex`) fuses multiply-adds on
/// this CPU: on x86-64 where the CPU has FMA (the loops NumPy dispatches to then use it), on
/// aarch64 always (NEON has it). Elsewhere NumPy's plain C loop.
fn complex_mul_fuses() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("fma")
    }
    #[cfg(target_arch = "aarch64")]
    {
        true
    }
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    {
        false
    }
}

/// NumPy's complex multiply: `(fma(ar, br, -(ai*bi)), fma(ar, bi, ai*br))` where its loops fuse,
/// else `(ar*br - ai*bi, ar*bi + ai*br)`.
fn cmul_f64(x: C64, y: C64) -> C64 {
    if complex_mul_fuses() {
        [
            x[0].mul_add(y[0], -(x[1] * y[1])),
            x[0].mul_add(y[1], x[1] * y[0]),
        ]
    } else {
        <C64 as Elem>::mul(x, y)
    }
}

fn cmul_f32(x: C32, y: C32) -> C32 {
    if complex_mul_fuses() {
        [
            x[0].mul_add(y[0], -(x[1] * y[1])),
            x[0].mul_add(y[1], x[1] * y[0]),
        ]
    } else {
        <C32 as Elem>::mul(x, y)
    }
}

/// `np.trace(a, offset)` of a 2-d array: the sum of a diagonal in type `r_dt` (floats by NumPy's
/// pairwise summation over the strided diagonal, integers wrapping), written to `out`.
#[no_mangle]
pub extern "C" fn oxjit_rt_linalg_trace(
    out: *mut u8,
    a: *const i64,
    a_dt: i64,
    offset: i64,
    r_dt: i64,
) {
    // SAFETY: a 2-d array as generated code describes it.
    let a = unsafe { View::read(a, 2, a_dt) };
    let r = DType::from_code(r_dt);
    let (rows, cols) = (a.shape[0], a.shape[1]);
    let (start_i, start_j) = if offset >= 0 {
        (0, offset)
    } else {
        (-offset, 0)
    };
    let n = (rows - start_i).min(cols - start_j).max(0);
    let first = a.at(start_i, start_j);
    let stride = a.strides[0] + a.strides[1];
    unsafe {
        match r {
            DType::F64 => {
                let s = crate::reduce::oxjit_rt_pairwise_sum_f64(0.0, first, n, stride);
                (out as *mut f64).write_unaligned(s);
            }
            DType::F32 => {
                let s = crate::reduce::oxjit_rt_pairwise_sum_f32(0.0, first, n, stride);
                (out as *mut f32).write_unaligned(s);
            }
            _ => {
                let mut acc: i64 = 0;
                for k in 0..n {
                    acc = acc.wrapping_add(
                        a.dtype
                            .load_i64(first.wrapping_offset((k * stride) as isize)),
                    );
                }
                r.store_i64(out, acc);
            }
        }
    }
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        (
            "oxjit_rt_linalg_dot",
            oxjit_rt_linalg_dot as *const () as usize,
        ),
        (
            "oxjit_rt_linalg_outer",
            oxjit_rt_linalg_outer as *const () as usize,
        ),
        (
            "oxjit_rt_linalg_trace",
            oxjit_rt_linalg_trace as *const () as usize,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nrt::oxjit_rt_nrt_decref;

    /// The native form of a C-contiguous array over `data`.
    fn native<T>(data: &mut [T], shape: &[i64]) -> Vec<i64> {
        let size = std::mem::size_of::<T>() as i64;
        let mut v = vec![0, data.as_mut_ptr() as i64];
        v.extend_from_slice(shape);
        if shape.len() == 2 {
            v.extend([shape[1] * size, size]);
        } else {
            v.push(size);
        }
        v
    }

    /// Reads a result array's elements, then gives its block back.
    fn take<T: Copy>(out: &[i64], n: usize) -> Vec<T> {
        let data = out[1] as *const T;
        let values = (0..n).map(|k| unsafe { *data.add(k) }).collect();
        oxjit_rt_nrt_decref(out[0] as *mut crate::nrt::MemInfo);
        values
    }

    #[test]
    fn integer_products_wrap_as_numpy_does() {
        let mut a: Vec<i64> = vec![1, 2, 3, 4, 5, i64::MAX];
        let mut b: Vec<i64> = vec![1, 0, 0, 1, 1, 2];
        let (na, nb) = (native(&mut a, &[2, 3]), native(&mut b, &[3, 2]));
        let mut exc = ExcInfo::default();
        let mut out = [0i64; 6];
        let status = oxjit_rt_linalg_dot(
            &mut exc,
            out.as_mut_ptr() as *mut u8,
            na.as_ptr(),
            2,
            DType::I64 as i64,
            nb.as_ptr(),
            2,
            DType::I64 as i64,
            DType::I64 as i64,
            1,
        );
        assert_eq!(status, 0);
        // Row 2 · column 1: 4 + MAX wraps; row 2 · column 2: 5 + 2 * MAX wraps.
        let expected = [
            4,
            8,
            4i64.wrapping_add(i64::MAX),
            5i64.wrapping_add(i64::MAX.wrapping_mul(2)),
        ];
        assert_eq!(take::<i64>(&out, 4), expected);
    }

    #[test]
    fn misaligned_shapes_raise_numpys_messages() {
        let mut a = vec![0.0f64; 6];
        let na = native(&mut a, &[2, 3]);
        let mut exc = ExcInfo::default();
        let mut out = [0i64; 6];
        let mut call = |matmul| {
            oxjit_rt_linalg_dot(
                &mut exc,
                out.as_mut_ptr() as *mut u8,
                na.as_ptr(),
                2,
                DType::F64 as i64,
                na.as_ptr(),
                2,
                DType::F64 as i64,
                DType::F64 as i64,
                matmul,
            )
        };
        assert_eq!(call(0), 1);
        let (class, msg) = unsafe { exc.read() };
        assert_eq!(class, "ValueError");
        assert_eq!(
            msg,
            "shapes (2,3) and (2,3) not aligned: 3 (dim 1) != 2 (dim 0)"
        );
        let mut exc = ExcInfo::default();
        let mut out = [0i64; 6];
        let status = oxjit_rt_linalg_dot(
            &mut exc,
            out.as_mut_ptr() as *mut u8,
            na.as_ptr(),
            2,
            DType::F64 as i64,
            na.as_ptr(),
            2,
            DType::F64 as i64,
            DType::F64 as i64,
            1,
        );
        assert_eq!(status, 1);
        let (_, msg) = unsafe { exc.read() };
        assert!(msg.ends_with("(size 2 is different from 3)"), "{msg}");
    }

    #[test]
    fn contiguity_flags_follow_numpy() {
        let mut data = vec![0.0f64; 12];
        let mut v = View::contiguous(data.as_mut_ptr() as *mut u8, &[3, 4], DType::F64);
        assert!(v.is_c_contiguous() && !v.is_f_contiguous());
        v.strides = [8, 24];
        assert!(!v.is_c_contiguous() && v.is_f_contiguous());
        // A row: both (the stride of a length-1 dimension does not count).
        let row = View::contiguous(data.as_mut_ptr() as *mut u8, &[1, 4], DType::F64);
        assert!(row.is_c_contiguous() && row.is_f_contiguous());
        v.strides = [64, 16];
        assert!(!v.is_c_contiguous() && !v.is_f_contiguous());
        assert!(keeps_f_order(&View {
            strides: [8, 48],
            ..v
        }));
    }

    #[test]
    fn outer_and_trace() {
        let mut a: Vec<i32> = vec![1, -2, 3];
        let mut b: Vec<i32> = vec![4, 5];
        let (na, nb) = (native(&mut a, &[3]), native(&mut b, &[2]));
        let mut exc = ExcInfo::default();
        let mut out = [0i64; 6];
        let status = oxjit_rt_linalg_outer(
            &mut exc,
            out.as_mut_ptr() as *mut u8,
            na.as_ptr(),
            1,
            DType::I32 as i64,
            nb.as_ptr(),
            1,
            DType::I32 as i64,
            DType::I32 as i64,
        );
        assert_eq!(status, 0);
        assert_eq!(&out[2..6], &[3, 2, 8, 4]);
        assert_eq!(take::<i32>(&out, 6), [4, 5, -8, -10, 12, 15]);

        let mut m: Vec<f64> = (0..12).map(|x| x as f64).collect();
        let nm = native(&mut m, &[3, 4]);
        let mut sum = 0.0f64;
        for (offset, expected) in [
            (0, 15.0),
            (1, 18.0),
            (-1, 13.0),
            (3, 3.0),
            (-3, 0.0),
            (9, 0.0),
        ] {
            oxjit_rt_linalg_trace(
                &mut sum as *mut f64 as *mut u8,
                nm.as_ptr(),
                DType::F64 as i64,
                offset,
                DType::F64 as i64,
            );
            assert_eq!(sum, expected, "offset {offset}");
        }
    }
}
