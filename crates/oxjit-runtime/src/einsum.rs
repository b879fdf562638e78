//! `np.einsum`'s sum of products (core's `registry/einsum.rs` plans it, codegen's
//! `lower/einsum.rs` lays the operands out): every operand, already of the result's element
//! type, is read through one byte stride per iteration axis (0 where it lacks the axis or
//! broadcasts it), and the zeroed output gets `out += a * b * ...` at every point of the
//! iteration space, as NumPy's `sum_of_products` loops do (`einsum_sumprod.c.src`).
//!
//! The axes are visited in the order NumPy's iterator picks (`npyiter_find_best_axis_ordering`:
//! C order, then a stable insertion sort by the inputs' strides), coalesced as it coalesces
//! them, so that each output item sums its products in NumPy's order. Where the innermost axis
//! is summed, the run is summed into a local accumulator and then added, as NumPy's
//! `outstride0` loops do, in the order of NumPy's SIMD loops for contiguous floats
//! (`einsum_simd.rs`) and of its unrolled loop for one complex operand, in runs of NumPy's
//! buffer size where its buffered iterator splits them (`run_length`).

use oxjit_abi::DType;

use crate::einsum_simd as simd;

/// The arithmetic of one element type: NumPy's sum and product (wrapping for integers, `or`
/// and `and` for bools).
trait Elem: Copy {
    const ZERO: Self;
    fn add(self, o: Self) -> Self;
    fn mul(self, o: Self) -> Self;
    /// The sum of a run along a summed innermost axis in NumPy's order where NumPy uses its
    /// SIMD loops (floats, contiguous operands); `None` elsewhere (summed one after another).
    ///
    /// # Safety
    /// As [`run`]'s.
    unsafe fn simd_sum(_ptrs: &[*const u8], _strides: &[i64], _count: usize) -> Option<Self> {
        None
    }
}

macro_rules! int_elem {
    ($($t:ty),*) => {$(
        impl Elem for $t {
            const ZERO: Self = 0;
            #[inline(always)]
            fn add(self, o: Self) -> Self { self.wrapping_add(o) }
            #[inline(always)]
            fn mul(self, o: Self) -> Self { self.wrapping_mul(o) }
        }
    )*};
}
int_elem!(i8, u8, i16, u16, i32, u32, i64, u64);

macro_rules! float_elem {
    ($($t:ty, $lanes:literal),*) => {$(
        impl Elem for $t {
            const ZERO: Self = 0.0;
            #[inline(always)]
            fn add(self, o: Self) -> Self { self + o }
            #[inline(always)]
            fn mul(self, o: Self) -> Self { self * o }
            unsafe fn simd_sum(ptrs: &[*const u8], strides: &[i64], count: usize) -> Option<Self> {
                // SAFETY: the caller's contract.
                unsafe { simd::sum_run::<$t, $lanes>(ptrs, strides, count) }
            }
        }
        impl simd::Lanes for $t {}
    )*};
}
float_elem!(f32, 4, f64, 2);

/// A bool as NumPy stores it (one byte, 0 or 1).
#[derive(Clone, Copy)]
#[repr(transparent)]
struct Bool(u8);

impl Elem for Bool {
    const ZERO: Self = Bool(0);
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        Bool(((self.0 != 0) || (o.0 != 0)) as u8)
    }
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        Bool(((self.0 != 0) && (o.0 != 0)) as u8)
    }
}

/// A complex number as NumPy stores it; the product is NumPy's (`re*re' - im*im'`,
/// `re*im' + im*re'`).
#[derive(Clone, Copy)]
#[repr(C)]
struct Complex<T>(T, T);

macro_rules! complex_elem {
    ($($t:ty),*) => {$(
        impl Elem for Complex<$t> {
            const ZERO: Self = Complex(0.0, 0.0);
            #[inline(always)]
            fn add(self, o: Self) -> Self { Complex(self.0 + o.0, self.1 + o.1) }
            #[inline(always)]
            fn mul(self, o: Self) -> Self {
                Complex(self.0 * o.0 - self.1 * o.1, self.0 * o.1 + self.1 * o.0)
            }
            unsafe fn simd_sum(ptrs: &[*const u8], strides: &[i64], count: usize) -> Option<Self> {
                let size = std::mem::size_of::<Self>() as i64;
                if ptrs.len() != 1 || strides[0] != size {
                    return None;
                }
                // SAFETY: the caller's contract: `count` contiguous items.
                let d = unsafe { std::slice::from_raw_parts(ptrs[0] as *const Self, count) };
                Some(complex_sum(d))
            }
        }
    )*};
}

/// NumPy's `contig_outstride0_one` for complex items: four at a time while more than four
/// remain (pairs added first), then one by one.
fn complex_sum<T: Copy + std::ops::Add<Output = T> + Default>(d: &[Complex<T>]) -> Complex<T> {
    let (mut re, mut im) = (T::default(), T::default());
    let mut rest = d;
    while rest.len() > 4 {
        let re01 = rest[0].0 + rest[1].0;
        let re23 = rest[2].0 + rest[3].0;
        let im01 = rest[0].1 + rest[1].1;
        let im23 = rest[2].1 + rest[3].1;
        re = re + (re01 + re23);
        im = im + (im01 + im23);
        rest = &rest[4..];
    }
    for x in rest {
        re = re + x.0;
        im = im + x.1;
    }
    Complex(re, im)
}
complex_elem!(f32, f64);

/// The product of the operands at their pointers, left to right.
///
/// # Safety
/// Each pointer addresses a `T`.
#[inline(always)]
unsafe fn product<T: Elem>(ptrs: &[*const u8]) -> T {
    // SAFETY: the caller's contract; operands may be unaligned views, hence unaligned reads.
    unsafe {
        let mut p = (ptrs[0] as *const T).read_unaligned();
        for q in &ptrs[1..] {
            p = p.mul((*q as *const T).read_unaligned());
        }
        p
    }
}

/// One run along the innermost axis: `count` points from `ptrs` (the output last), moving by
/// `strides` bytes.
///
/// # Safety
/// Every point of the run lies in its operand's memory.
unsafe fn run<T: Elem>(ptrs: &mut [*const u8], strides: &[i64], count: i64) {
    let nop = ptrs.len() - 1;
    let out = ptrs[nop] as *mut T;
    let out_stride = strides[nop];
    let size = std::mem::size_of::<T>() as i64;
    // SAFETY: the caller's contract: each pointer stays in its operand for `count` steps.
    unsafe {
        if out_stride == 0 {
            if let Some(acc) = T::simd_sum(&ptrs[..nop], strides, count as usize) {
                out.write_unaligned(acc.add(out.read_unaligned()));
                return;
            }
            let mut acc = T::ZERO;
            for _ in 0..count {
                acc = acc.add(product::<T>(&ptrs[..nop]));
                for (p, s) in ptrs[..nop].iter_mut().zip(strides) {
                    *p = p.wrapping_offset(*s as isize);
                }
            }
            out.write_unaligned(acc.add(out.read_unaligned()));
        } else if nop == 2 && out_stride == size && is_aligned::<T>(out) {
            // The matrix product's inner loop: contiguous output and operands each contiguous
            // or fixed (NumPy's `stride0_contig_outcontig_two` and friends), in slices so that
            // LLVM vectorizes it.
            let o = std::slice::from_raw_parts_mut(out, count as usize);
            axpy(o, [(ptrs[0], strides[0]), (ptrs[1], strides[1])], size);
        } else {
            let mut o = out;
            for _ in 0..count {
                o.write_unaligned(product::<T>(&ptrs[..nop]).add(o.read_unaligned()));
                for (p, s) in ptrs[..nop].iter_mut().zip(strides) {
                    *p = p.wrapping_offset(*s as isize);
                }
                o = (o as *mut u8).wrapping_offset(out_stride as isize) as *mut T;
            }
        }
    }
}

fn is_aligned<T>(p: *const T) -> bool {
    (p as usize).is_multiple_of(std::mem::align_of::<T>())
}

/// `out[k] = a[k] * b[k] + out[k]` where each operand is contiguous (stride `size`) or fixed
/// (stride 0); other strides take the general loop.
///
/// # Safety
/// As [`run`]'s.
unsafe fn axpy<T: Elem>(o: &mut [T], ops: [(*const u8, i64); 2], size: i64) {
    let n = o.len();
    let [(a, sa), (b, sb)] = ops;
    // SAFETY: the caller's contract; reads of fixed operands are single items, contiguous
    // ones `n` items (aligned checked before making slices).
    unsafe {
        let a_t = a as *const T;
        let b_t = b as *const T;
        match (sa, sb) {
            (0, s) if s == size && is_aligned(b_t) => {
                let x = a_t.read_unaligned();
                let bs = std::slice::from_raw_parts(b_t, n);
                for (y, &v) in o.iter_mut().zip(bs) {
                    *y = x.mul(v).add(*y);
                }
            }
            (s, 0) if s == size && is_aligned(a_t) => {
                let x = b_t.read_unaligned();
                let a_s = std::slice::from_raw_parts(a_t, n);
                for (y, &v) in o.iter_mut().zip(a_s) {
                    *y = v.mul(x).add(*y);
                }
            }
            (s, t) if s == size && t == size && is_aligned(a_t) && is_aligned(b_t) => {
                let a_s = std::slice::from_raw_parts(a_t, n);
                let bs = std::slice::from_raw_parts(b_t, n);
                for ((y, &u), &v) in o.iter_mut().zip(a_s).zip(bs) {
                    *y = u.mul(v).add(*y);
                }
            }
            _ => {
                let (mut pa, mut pb) = (a, b);
                for y in o.iter_mut() {
                    let u = (pa as *const T).read_unaligned();
                    let v = (pb as *const T).read_unaligned();
                    *y = u.mul(v).add(*y);
                    pa = pa.wrapping_offset(sa as isize);
                    pb = pb.wrapping_offset(sb as isize);
                }
            }
        }
    }
}

/// NumPy's iteration order of the axes, innermost first: C order (the last axis innermost),
/// then its stable insertion sort by the inputs' strides (`npyiter_find_best_axis_ordering`;
/// the output, allocated after the sort, takes no part).
pub fn axis_order(ndim: usize, nop: usize, strides: &[i64]) -> Vec<usize> {
    crate::layout::best_axis_order(ndim, nop, |op, axis| strides[op * ndim + axis])
}

/// `npyiter_coalesce_axes`: the axes in iteration order (innermost first) with neighbours
/// merged where every operand steps through them as one; `stride(op, axis)` of `nops`
/// operands. The lengths and the strides (`[axis * nops + op]`) of the merged axes.
fn coalesce(
    order: &[usize],
    nops: usize,
    sizes: &[i64],
    stride: impl Fn(usize, usize) -> i64,
) -> (Vec<i64>, Vec<i64>) {
    let mut lens: Vec<i64> = Vec::with_capacity(order.len());
    let mut steps: Vec<i64> = Vec::with_capacity(order.len() * nops);
    for &a in order {
        let (n1, s1): (i64, Vec<i64>) = (sizes[a], (0..nops).map(|op| stride(op, a)).collect());
        if let Some(&n0) = lens.last() {
            let k = lens.len() - 1;
            let s0 = &steps[k * nops..];
            let merges = (0..nops).all(|op| {
                (n0 == 1 && s0[op] == 0) || (n1 == 1 && s1[op] == 0) || s0[op] * n0 == s1[op]
            });
            if merges {
                lens[k] *= n1;
                for (op, s) in s1.iter().enumerate() {
                    if steps[k * nops + op] == 0 {
                        steps[k * nops + op] = *s;
                    }
                }
                continue;
            }
        }
        lens.push(n1);
        steps.extend(s1);
    }
    (lens, steps)
}

/// The longest run NumPy's loops take along the innermost axis: unlimited where NumPy's
/// unbuffered loops for one or two inputs over two or three (coalesced) axes run, else its
/// iterator's buffer size (8192), which splits a long summed run into partial sums. NumPy
/// coalesces with the output it allocates in iteration order (contiguous over its axes, 0 on
/// the summed ones; here the output's strides mark the summed axes with 0).
fn run_length(
    ndim: usize,
    nop: usize,
    sizes: &[i64],
    strides: &[i64],
    order: &[usize],
    size: usize,
) -> i64 {
    let mut virt = vec![0i64; ndim];
    let mut next = size as i64;
    for &a in order {
        if strides[nop * ndim + a] != 0 {
            virt[a] = next;
            next *= sizes[a];
        }
    }
    let stride = |op: usize, a: usize| {
        if op == nop {
            virt[a]
        } else {
            strides[op * ndim + a]
        }
    };
    let (lens, _) = coalesce(order, nop + 1, sizes, stride);
    if (nop == 1 || nop == 2) && (lens.len() == 2 || lens.len() == 3) {
        i64::MAX
    } else {
        8192
    }
}

/// The whole sum: every point of the iteration space, the innermost axis in runs.
///
/// # Safety
/// As [`oxjit_rt_einsum`]'s.
unsafe fn einsum<T: Elem>(ndim: usize, sizes: &[i64], data: &[*const u8], strides: &[i64]) {
    let nops = data.len();
    if sizes.contains(&0) || ndim == 0 {
        if ndim == 0 {
            // SAFETY: the caller's contract (no axes: one point).
            unsafe { run::<T>(&mut data.to_vec(), &vec![0; nops], 1) };
        }
        return;
    }
    // NumPy's iterator steps by 0 along an axis of length 1.
    let mut strides = strides.to_vec();
    for (a, &n) in sizes.iter().enumerate() {
        if n == 1 {
            for op in 0..nops {
                strides[op * ndim + a] = 0;
            }
        }
    }
    let order = axis_order(ndim, nops - 1, &strides);
    let chunk = run_length(
        ndim,
        nops - 1,
        sizes,
        &strides,
        &order,
        std::mem::size_of::<T>(),
    );
    let (lens, steps) = coalesce(&order, nops, sizes, |op, a| strides[op * ndim + a]);
    let inner_n = lens[0];
    let inner_strides = &steps[..nops];
    let outer = &lens[1..];
    let steps = &steps[nops..];
    let mut index = vec![0i64; outer.len()];
    let mut base: Vec<*const u8> = data.to_vec();
    let mut ptrs = base.clone();
    loop {
        let mut start = 0;
        while start < inner_n {
            let count = chunk.min(inner_n - start);
            for ((p, b), s) in ptrs.iter_mut().zip(&base).zip(inner_strides) {
                *p = b.wrapping_offset((start * s) as isize);
            }
            // SAFETY: the caller's contract: every index stays below its axis's size.
            unsafe { run::<T>(&mut ptrs, inner_strides, count) };
            start += count;
        }
        // The next point of the outer axes (the first of `outer` fastest).
        let mut k = 0;
        loop {
            if k == outer.len() {
                return;
            }
            index[k] += 1;
            let step = &steps[k * nops..(k + 1) * nops];
            if index[k] < outer[k] {
                for (p, s) in base.iter_mut().zip(step) {
                    *p = p.wrapping_offset(*s as isize);
                }
                break;
            }
            // Back to the axis's start: `size - 1` steps back.
            let back = outer[k] - 1;
            for (p, s) in base.iter_mut().zip(step) {
                *p = p.wrapping_offset(-(s * back) as isize);
            }
            index[k] = 0;
            k += 1;
        }
    }
}

/// `np.einsum`'s loops: `nop` inputs and the zeroed output (the last of `data`, addresses as
/// integers) of element type `dtype` (`oxjit_abi::DType`), over `ndim` iteration axes of
/// lengths `sizes`, each operand with `ndim` byte strides (`strides[op * ndim + axis]`).
#[no_mangle]
pub extern "C" fn oxjit_rt_einsum(
    dtype: i64,
    nop: i64,
    ndim: i64,
    sizes: *const i64,
    data: *const i64,
    strides: *const i64,
) {
    let (nops, ndim) = (nop as usize + 1, ndim as usize);
    // SAFETY: generated code passes `ndim` sizes, `nop + 1` addresses and `(nop + 1) * ndim`
    // strides, describing arrays whose every point of the iteration space lies in them.
    unsafe {
        let sizes = std::slice::from_raw_parts(sizes, ndim);
        let data: Vec<*const u8> = std::slice::from_raw_parts(data, nops)
            .iter()
            .map(|&p| p as usize as *const u8)
            .collect();
        let strides = std::slice::from_raw_parts(strides, nops * ndim);
        use DType::*;
        match DType::from_code(dtype) {
            Bool => einsum::<self::Bool>(ndim, sizes, &data, strides),
            I8 => einsum::<i8>(ndim, sizes, &data, strides),
            U8 => einsum::<u8>(ndim, sizes, &data, strides),
            I16 => einsum::<i16>(ndim, sizes, &data, strides),
            U16 => einsum::<u16>(ndim, sizes, &data, strides),
            I32 => einsum::<i32>(ndim, sizes, &data, strides),
            U32 => einsum::<u32>(ndim, sizes, &data, strides),
            I64 => einsum::<i64>(ndim, sizes, &data, strides),
            U64 => einsum::<u64>(ndim, sizes, &data, strides),
            F32 => einsum::<f32>(ndim, sizes, &data, strides),
            F64 => einsum::<f64>(ndim, sizes, &data, strides),
            C64 => einsum::<Complex<f32>>(ndim, sizes, &data, strides),
            C128 => einsum::<Complex<f64>>(ndim, sizes, &data, strides),
        }
    }
}

/// The (name, address) of the einsum loops.
pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![oxjit_rt_einsum]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_product_runs_over_k_innermost() {
        // 'ij,jk->ik' over C arrays (i, k, j): a's strides (24, 0, 8), b's (0, 8, 32).
        let strides = [24, 0, 8, 0, 8, 32, 32, 8, 0];
        assert_eq!(axis_order(3, 2, &strides), vec![1, 2, 0]);
    }

    #[test]
    fn sums_products() {
        let a = [1.0f64, 2.0, 3.0, 4.0, 5.0, 6.0]; // 2x3
        let b = [1.0f64, 0.0, 0.0, 1.0, 1.0, 1.0]; // 3x2
        let mut out = [0.0f64; 4];
        let data = [
            a.as_ptr() as i64,
            b.as_ptr() as i64,
            out.as_mut_ptr() as i64,
        ];
        let strides = [24, 0, 8, 0, 8, 16, 16, 8, 0];
        oxjit_rt_einsum(
            DType::F64 as i64,
            2,
            3,
            [2, 2, 3].as_ptr(),
            data.as_ptr(),
            strides.as_ptr(),
        );
        assert_eq!(out, [4.0, 5.0, 10.0, 11.0]);
    }

    #[test]
    fn transpose() {
        let a: Vec<i64> = (0..12).collect();
        let mut out = [0i64; 12];
        let data = [a.as_ptr() as i64, out.as_mut_ptr() as i64];
        let strides = [8, 32, 24, 8];
        oxjit_rt_einsum(
            DType::I64 as i64,
            1,
            2,
            [4, 3].as_ptr(),
            data.as_ptr(),
            strides.as_ptr(),
        );
        assert_eq!(out, [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    }
}
