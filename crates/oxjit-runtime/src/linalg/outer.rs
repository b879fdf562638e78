//! `np.outer` (NumPy's `multiply(a.ravel()[:, None], b.ravel()[None, :])`) and `np.trace` (the
//! sum of a diagonal view): no BLAS, NumPy's element arithmetic.

use super::elem::Elem;
use super::product::convert;
use super::table::{C32, C64};
use super::{scratch, status, DType, ElemAccess, Error, OutArray, View};
use crate::exceptions::ExcInfo;

/// `np.outer(a, b)`: `a.ravel()[:, None] * b.ravel()[None, :]` as type `r_dt`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn oxjit_rt_linalg_outer(
    exc: &mut ExcInfo,
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
    // SAFETY: generated code passes the native forms of `a` and `b` (of `a_nd` and `b_nd`
    // dimensions, types `a_dt`, `b_dt`) and room for the result.
    status(unsafe { outer(&a, &b, r, out) }, exc)
}

/// # Safety
/// `out` is a slot for a 2-d array.
unsafe fn outer(a: &View, b: &View, r: DType, out: *mut u8) -> Result<(), Error> {
    let (m, n) = (a.size(), b.size());
    let result = OutArray::new(&[m, n], r, false)?;
    let data = result.block.data;
    let fused = complex_mul_fuses();
    match r {
        DType::F32 => typed_outer::<f32>(a, b, r, data, |x, y| x * y)?,
        DType::F64 => typed_outer::<f64>(a, b, r, data, |x, y| x * y)?,
        DType::C64 => typed_outer::<C32>(a, b, r, data, |x, y| cmul_f32(fused, x, y))?,
        DType::C128 => typed_outer::<C64>(a, b, r, data, |x, y| cmul_f64(fused, x, y))?,
        _ => int_outer(a, b, r, data),
    }
    // SAFETY: `out` is the room generated code passed for the result array.
    unsafe { result.emit(out) };
    Ok(())
}

/// The elements of `v` (flattened) converted to `r`, whose Rust type is `T`.
fn converted<T: Copy + Default>(v: &View, r: DType) -> Result<Vec<T>, Error> {
    let mut buf = scratch::<T>(v.size() as usize)?;
    for (k, item) in buf.iter_mut().enumerate() {
        // SAFETY: `k` indexes `v` in C order; `item` is room for one element of `r`.
        unsafe { convert(v.dtype, v.at_flat(k as i64), r, item as *mut T as *mut u8) };
    }
    Ok(buf)
}

/// The float or complex outer product into the C-ordered `m x n` result at `data`: both operands
/// converted once, then one row of products at a time.
fn typed_outer<T: Copy + Default>(
    a: &View,
    b: &View,
    r: DType,
    data: *mut u8,
    mul: impl Fn(T, T) -> T,
) -> Result<(), Error> {
    let (xs, ys) = (converted::<T>(a, r)?, converted::<T>(b, r)?);
    let n = ys.len();
    for (i, &x) in xs.iter().enumerate() {
        // SAFETY: row `i` of the `xs.len() x n` result of element type `T`.
        let row = unsafe { std::slice::from_raw_parts_mut((data as *mut T).add(i * n), n) };
        for (o, &y) in row.iter_mut().zip(&ys) {
            *o = mul(x, y);
        }
    }
    Ok(())
}

/// The integer (wrapping) or boolean (and) outer product into the C-ordered result at `data`.
fn int_outer(a: &View, b: &View, r: DType, data: *mut u8) {
    let (m, n) = (a.size(), b.size());
    let size = r.size() as isize;
    for i in 0..m {
        for j in 0..n {
            let (x, y) = (a.at_flat(i), b.at_flat(j));
            let q = data.wrapping_offset((i * n + j) as isize * size);
            // SAFETY: (i, j) within both operands and the result.
            unsafe {
                if r == DType::Bool {
                    let v = a.dtype.load_i64(x) != 0 && b.dtype.load_i64(y) != 0;
                    r.store_i64(q, v as i64);
                } else {
                    r.store_i64(q, a.dtype.load_i64(x).wrapping_mul(b.dtype.load_i64(y)));
                }
            }
        }
    }
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
fn cmul_f64(fused: bool, x: C64, y: C64) -> C64 {
    if fused {
        [
            x[0].mul_add(y[0], -(x[1] * y[1])),
            x[0].mul_add(y[1], x[1] * y[0]),
        ]
    } else {
        <C64 as Elem>::mul(x, y)
    }
}

fn cmul_f32(fused: bool, x: C32, y: C32) -> C32 {
    if fused {
        [
            x[0].mul_add(y[0], -(x[1] * y[1])),
            x[0].mul_add(y[1], x[1] * y[0]),
        ]
    } else {
        <C32 as Elem>::mul(x, y)
    }
}

const PW_BLOCKSIZE: i64 = 128;

macro_rules! complex_pairwise {
    ($name:ident, $t:ty) => {
        /// NumPy's complex pairwise summation (`@TYPE@_pairwise_sum` for complex types in
        /// `loops_utils.h.src`): `n` counts real and imaginary parts (twice the elements) and
        /// `stride` is half an element's stride, as NumPy's add reduction calls it.
        ///
        /// # Safety
        /// `a` points to `n / 2` complex elements `2 * stride` bytes apart.
        unsafe fn $name(a: *const u8, n: i64, stride: i64) -> ($t, $t) {
            let part = std::mem::size_of::<$t>() as isize;
            // SAFETY: `i` (even) below `n` addresses element `i / 2`.
            let at = |i: i64, imag: isize| unsafe {
                (a.wrapping_offset((i * stride) as isize + imag * part) as *const $t)
                    .read_unaligned()
            };
            if n < 8 {
                let (mut rr, mut ri): ($t, $t) = (-0.0, -0.0);
                let mut i = 0;
                while i < n {
                    rr += at(i, 0);
                    ri += at(i, 1);
                    i += 2;
                }
                (rr, ri)
            } else if n <= PW_BLOCKSIZE {
                let mut r = [
                    at(0, 0),
                    at(0, 1),
                    at(2, 0),
                    at(2, 1),
                    at(4, 0),
                    at(4, 1),
                    at(6, 0),
                    at(6, 1),
                ];
                let mut i = 8;
                while i < n - n % 8 {
                    for k in 0..4 {
                        r[2 * k] += at(i + 2 * k as i64, 0);
                        r[2 * k + 1] += at(i + 2 * k as i64, 1);
                    }
                    i += 8;
                }
                let mut rr = (r[0] + r[2]) + (r[4] + r[6]);
                let mut ri = (r[1] + r[3]) + (r[5] + r[7]);
                while i < n {
                    rr += at(i, 0);
                    ri += at(i, 1);
                    i += 2;
                }
                (rr, ri)
            } else {
                let mut n2 = n / 2;
                n2 -= n2 % 8;
                // SAFETY: the first `n2` of the `n` items the caller vouches for.
                let (rr1, ri1) = unsafe { $name(a, n2, stride) };
                let rest = a.wrapping_offset((n2 * stride) as isize);
                // SAFETY: the last `n - n2` of the `n` items the caller vouches for.
                let (rr2, ri2) = unsafe { $name(rest, n - n2, stride) };
                (rr1 + rr2, ri1 + ri2)
            }
        }
    };
}

complex_pairwise!(pairwise_c128, f64);
complex_pairwise!(pairwise_c64, f32);

/// `np.trace(a, offset)` of a 2-d array: the sum of a diagonal in type `r_dt` (floats and complex
/// numbers by NumPy's pairwise summation over the strided diagonal, integers wrapping), written to
/// `out`.
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
    // SAFETY: the diagonal's `n` items, `stride` bytes apart from `first`, stay inside `a` (`n`
    // fits both dimensions from the start); `out` is the room generated code passed for one item
    // of `r`.
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
            DType::C128 => {
                let (re, im) = pairwise_c128(first, 2 * n, stride / 2);
                (out as *mut C64).write_unaligned([0.0 + re, 0.0 + im]);
            }
            DType::C64 => {
                let (re, im) = pairwise_c64(first, 2 * n, stride / 2);
                (out as *mut C32).write_unaligned([0.0 + re, 0.0 + im]);
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
    use crate::linalg::testing::{native, take};

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
