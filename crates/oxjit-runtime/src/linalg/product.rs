//! Products of arrays of one or two dimensions: `np.dot` / `a.dot(b)` (NumPy's
//! `cblas_matrixproduct`, here) and `@` (NumPy's `matmul` loop, in `matmul`), with the element
//! conversions and copies both share.

use super::elem::{numpy_dot, Elem};
use super::out::{new_target, product_shape, read, Target};
use super::table::{lapack, Lapack, C32, C64, COL_MAJOR, NO_TRANS, ROW_MAJOR, TRANS};
use super::{scratch, status, DType, ElemAccess, Error, View};
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
    // SAFETY: `p` points to an element of `from`, `q` to room for one of `to` (this function's
    // contract).
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

pub(super) const MATMUL_MISMATCH: &str = "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size {0} is different from {1})";

/// `np.dot(a, b)` (`matmul == 0`) or `a @ b` (`matmul != 0`) of arrays of one or two dimensions
/// of element types `a_dt`, `b_dt`, as an array (or one element) of type `r_dt`, written to
/// `out`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn oxjit_rt_linalg_dot(
    exc: &mut ExcInfo,
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
    // SAFETY: generated code passes the native forms of `a` and `b` (of `a_nd` and `b_nd`
    // dimensions, types `a_dt`, `b_dt`) and room for the result.
    status(unsafe { product(&a, &b, r, matmul != 0, out) }, exc)
}

/// `np.dot(x, y)` (`matmul == 0`) or `x @ y` of two vectors whose element type is the result's
/// float or complex type `dt`: NumPy's `@TYPE@_dot` called directly, without the general
/// product's planning (the common call in loops over rows, where that planning cost more than
/// the sum). `np.dot` first copies an operand whose strides BLAS cannot take (`np.flip`'s
/// negative ones), as NumPy's `cblas_matrixproduct` does; the cases it treats otherwise (lengths
/// that differ, one element, which it multiplies) go to [`product`].
#[no_mangle]
pub extern "C" fn oxjit_rt_linalg_vdot(
    exc: &mut ExcInfo,
    out: *mut u8,
    a: *const i64,
    b: *const i64,
    dt: i64,
    matmul: i64,
) -> i32 {
    // SAFETY: generated code passes two vectors of element type `dt`.
    let (a, b) = unsafe { (View::read(a, 1, dt), View::read(b, 1, dt)) };
    let r = a.dtype;
    let n = a.shape[0];
    let matmul = matmul != 0;
    if n != b.shape[0] || (!matmul && n <= 1) {
        // SAFETY: `out` is the room generated code passed for one element of `r`.
        return status(unsafe { product(&a, &b, r, matmul, out) }, exc);
    }
    // SAFETY: `out` is room for one element of `r`, the vectors' type.
    let done = unsafe {
        match r {
            DType::F32 => vector_dot::<f32>(&a, &b, !matmul, out),
            DType::F64 => vector_dot::<f64>(&a, &b, !matmul, out),
            DType::C64 => vector_dot::<C32>(&a, &b, !matmul, out),
            _ => vector_dot::<C64>(&a, &b, !matmul, out),
        }
    };
    status(done, exc)
}

/// The sum of products of two vectors of `T` of the same length, written to `out`; with `copy`,
/// an operand with strides BLAS cannot take is read through a contiguous copy first.
///
/// # Safety
/// `a` and `b` are live vectors of `T`; `out` is room for one `T`.
unsafe fn vector_dot<T: Elem>(a: &View, b: &View, copy: bool, out: *mut u8) -> Result<(), Error> {
    let n = a.shape[0];
    let mut held = Vec::new();
    let mut operand = |v: &View| -> Result<(*const u8, i64), Error> {
        if !copy || !bad_strides(v) {
            return Ok((v.data as *const u8, v.strides[0]));
        }
        let mut buf = scratch::<T>(n as usize)?;
        for (k, item) in buf.iter_mut().enumerate() {
            // SAFETY: `k < n`: an element of the vector.
            *item =
                unsafe { read::<T>(v.data.wrapping_offset(k as isize * v.strides[0] as isize)) };
        }
        let p = buf.as_ptr() as *const u8;
        held.push(buf);
        Ok((p, std::mem::size_of::<T>() as i64))
    };
    let ((x, sx), (y, sy)) = (operand(a)?, operand(b)?);
    // SAFETY: `n` elements at each address and stride; `out` is room for a `T` (this function's
    // contract).
    unsafe { *(out as *mut T) = numpy_dot::<T>(lapack(), x, sx, y, sy, n) };
    drop(held);
    Ok(())
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
    let target = typed_product(a, b, r, matmul)?;
    // SAFETY: `out` is the room generated code passed for the result (this function's contract).
    unsafe { target.emit(out, r) };
    Ok(())
}

/// The product of two operands of one or two dimensions whose shapes fit, as type `r`.
fn typed_product(a: &View, b: &View, r: DType, matmul: bool) -> Result<Target, Error> {
    match r {
        DType::F32 => float_product::<f32>(a, b, matmul),
        DType::F64 => float_product::<f64>(a, b, matmul),
        DType::C64 => float_product::<C32>(a, b, matmul),
        DType::C128 => float_product::<C64>(a, b, matmul),
        _ => int_product(a, b, r),
    }
}

/// `a @ b` of one matrix (or vector) of each of two stacks, as type `r`.
pub(super) fn product_target(a: &View, b: &View, r: DType) -> Result<Target, Error> {
    typed_product(a, b, r, true)
}

/// Integer and boolean products: NumPy's plain loops (integers wrap; booleans: any of ands).
pub(super) fn int_product(a: &View, b: &View, r: DType) -> Result<Target, Error> {
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
        super::matmul::matmul::<T>(t, &a, &b)
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

/// The shapes `cblas_matrixproduct` works out before calling BLAS: the operands (swapped so
/// that a scalar is the second), their kinds, the result's dimensions and the length `l` of
/// the contraction (0: nothing to compute).
struct Plan {
    ap1: View,
    ap2: View,
    s1: Kind,
    s2: Kind,
    ap1stride: i64,
    l: i64,
    dims: [i64; 2],
    nd: usize,
}

impl Plan {
    /// The first half of `cblas_matrixproduct`, step for step.
    fn new(ap1: View, ap2: View) -> Plan {
        let (mut ap1, mut ap2) = (ap1, ap2);
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
        Plan {
            ap1,
            ap2,
            s1,
            s2,
            ap1stride,
            l,
            dims,
            nd,
        }
    }
}

/// `cblas_matrixproduct` (`numpy/_core/src/common/cblasfuncs.c`), step for step.
fn matrixproduct<T: Elem>(t: &Lapack, ap1: View, ap2: View) -> Result<Target, Error> {
    let mut held = Vec::new();
    let (mut ap1, mut ap2) = (ap1, ap2);
    // NewCopy(ANYORDER) of an array with bad strides: C order (such arrays are not F-contiguous).
    if bad_strides(&ap1) {
        held.push(copy_of(&ap1, T::DTYPE, false)?);
        ap1 = held[held.len() - 1].view;
    }
    if bad_strides(&ap2) {
        held.push(copy_of(&ap2, T::DTYPE, false)?);
        ap2 = held[held.len() - 1].view;
    }
    let plan = Plan::new(ap1, ap2);
    let (s1, s2, ap1, ap2) = (plan.s1, plan.s2, plan.ap1, plan.ap2);
    let dims = &plan.dims[..plan.nd];
    let mut target = new_target(dims, T::DTYPE, true)?;
    let out = View::contiguous(target.data(), dims, T::DTYPE);
    let count: i64 = dims.iter().product();
    if count == 0 || plan.l == 0 {
        return Ok(target);
    }
    // SAFETY: every BLAS call below gets shapes, strides and leading dimensions as NumPy
    // computes them for these operands and this freshly allocated C-contiguous result.
    unsafe {
        if s2 == Kind::Scalar {
            scaled::<T>(t, &plan, &out);
        } else if s2 == Kind::Column && s1 != Kind::Matrix {
            let stride1 = ap1.strides[(s1 == Kind::Row) as usize];
            *(out.data as *mut T) =
                numpy_dot::<T>(t, ap1.data, stride1, ap2.data, ap2.strides[0], plan.l);
        } else if s1 == Kind::Matrix && s2 != Kind::Matrix {
            let ap1 = blasable(ap1, &mut held)?;
            matrix_times_vector::<T>(t, NO_TRANS, &ap1, ap2.data, ap2.strides[0], &out);
        } else if s1 != Kind::Matrix && s2 == Kind::Matrix {
            let ap2 = blasable(ap2, &mut held)?;
            let ap1s = if s1 == Kind::Row {
                ap1.strides[1]
            } else {
                ap1.strides[0]
            };
            matrix_times_vector::<T>(t, TRANS, &ap2, ap1.data, ap1s, &out);
        } else {
            let ap2 = blasable(ap2, &mut held)?;
            let ap1 = blasable(ap1, &mut held)?;
            matrix_times_matrix::<T>(t, &ap1, &ap2, &out);
        }
    }
    Ok(target)
}

/// `v`, or a C-ordered copy (kept alive in `held`) where it is neither C- nor F-contiguous.
fn blasable(v: View, held: &mut Vec<Owned>) -> Result<View, Error> {
    if v.is_c_contiguous() || v.is_f_contiguous() {
        return Ok(v);
    }
    held.push(copy_of(&v, v.dtype, false)?);
    Ok(held[held.len() - 1].view)
}

/// A scalar (`plan.ap2`) times `plan.ap1`: one multiplication, or BLAS `axpy` along the
/// vector or each row/column of the matrix.
///
/// # Safety
/// The operands and `out` (zeroed, of the product's shape) are as `plan` describes them.
unsafe fn scaled<T: Elem>(t: &Lapack, plan: &Plan, out: &View) {
    let sz = std::mem::size_of::<T>() as i64;
    let (ap1, ap2, l) = (plan.ap1, plan.ap2, plan.l);
    // SAFETY: BLAS on the operands and result this function's contract describes.
    unsafe {
        let val: T = read(ap2.data);
        if l == 1 {
            *(out.data as *mut T) = T::mul(val, read(ap1.data));
        } else if plan.s1 != Kind::Matrix {
            let (x, incx) = (ap1.data as *const T, plan.ap1stride / sz);
            T::axpy(t, l, val, x, incx, out.data as *mut T, 1);
        } else {
            let maxind = if ap1.shape[0] >= ap1.shape[1] { 0 } else { 1 };
            let oind = 1 - maxind;
            let l = ap1.shape[maxind];
            let a1s = ap1.strides[maxind] / sz;
            let outs = out.strides[maxind] / sz;
            let (mut ptr, mut optr) = (ap1.data, out.data);
            for _ in 0..ap1.shape[oind] {
                T::axpy(t, l, val, ptr as *const T, a1s, optr as *mut T, outs);
                ptr = ptr.wrapping_offset(ap1.strides[oind] as isize);
                optr = optr.wrapping_offset(out.strides[oind] as isize);
            }
        }
    }
}

/// BLAS `gemv` of the C- or F-contiguous `matrix` (transposed with `TRANS`) and the vector at
/// `x`, `incx_bytes` apart, into `out`.
///
/// # Safety
/// The matrix, the vector (as long as the matrix's contracted dimension) and `out` are live.
unsafe fn matrix_times_vector<T: Elem>(
    t: &Lapack,
    trans: i32,
    matrix: &View,
    x: *mut u8,
    incx_bytes: i64,
    out: &View,
) {
    let sz = std::mem::size_of::<T>() as i64;
    let (order, lda) = if matrix.is_c_contiguous() {
        (ROW_MAJOR, ld(matrix.shape[1]))
    } else {
        (COL_MAJOR, ld(matrix.shape[0]))
    };
    let (m, n) = (matrix.shape[0], matrix.shape[1]);
    let (a, y) = (matrix.data as *const T, out.data as *mut T);
    // SAFETY: BLAS on the operands and result this function's contract describes.
    unsafe {
        T::gemv(
            t,
            order,
            trans,
            m,
            n,
            a,
            lda,
            x as *const T,
            incx_bytes / sz,
            y,
            1,
        )
    };
}

/// BLAS `gemm` of two C- or F-contiguous matrices into `out` (C-contiguous), or `syrk` and a
/// mirrored triangle where one is the other's transpose (`a @ a.T`).
///
/// # Safety
/// The matrices are live and `out` has the product's shape.
unsafe fn matrix_times_matrix<T: Elem>(t: &Lapack, ap1: &View, ap2: &View, out: &View) {
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
    let ldc = ld(out.shape[1]);
    let (a, b, c) = (
        ap1.data as *const T,
        ap2.data as *const T,
        out.data as *mut T,
    );
    let transposes = ap1.data == ap2.data
        && ap1.shape[0] == ap2.shape[1]
        && ap1.shape[1] == ap2.shape[0]
        && ap1.strides[0] == ap2.strides[1]
        && ap1.strides[1] == ap2.strides[0]
        && ((trans1 == TRANS) ^ (trans2 == TRANS));
    // SAFETY: BLAS on the operands and result this function's contract describes; the mirrored
    // items are inside the `n_` x `n_` result.
    unsafe {
        if !transposes {
            T::gemm(t, trans1, trans2, l_, n_, m_, a, lda, b, ldb, c, ldc);
            return;
        }
        if trans1 == NO_TRANS {
            T::syrk(t, trans1, n_, m_, a, lda, c, ldc);
        } else {
            T::syrk(t, trans1, n_, m_, b, ldb, c, ldc);
        }
        for i in 0..n_ {
            for j in i + 1..n_ {
                let v: T = read(out.at(i, j));
                *(out.at(j, i) as *mut T) = v;
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
            "oxjit_rt_linalg_vdot",
            oxjit_rt_linalg_vdot as *const () as usize,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exceptions::ReadExc;
    use crate::linalg::testing::{native, take};

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
        // SAFETY: the record holds constants of this crate.
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
        // SAFETY: the record holds constants of this crate.
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
}
