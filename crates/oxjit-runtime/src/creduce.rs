//! `mean`, `var` and `std` of complex arrays, computed as NumPy's `_methods.py` computes them,
//! so that results agree bit for bit:
//!
//! - the sum is NumPy's complex pairwise summation (`CDOUBLE_pairwise_sum` of
//!   `loops_utils.h.src`: the real and imaginary parts in 4 pairs of partial sums per block of
//!   up to 64 items, halves above), added to the identity 0;
//! - the mean is that sum divided by the count with the complex `divide` loop (the count becomes
//!   `n + 0j`; a complex64 sum is divided in complex128, as `np.complex64 / np.intp` promotes,
//!   then rounded back);
//! - the variance is the pairwise sum of `re*re + im*im` of each item minus the mean (each square
//!   rounded in the array's precision), divided in float64 by `max(n - ddof, 0)` and rounded to
//!   the array's float type; the standard deviation is its square root.
//!
//! Items are visited in the order given (`n` items `stride` bytes apart: memory order for
//! contiguous arrays).

const PW_BLOCKSIZE: usize = 128;

macro_rules! width {
    ($module:ident, $t:ty) => {
        pub mod $module {
            use super::PW_BLOCKSIZE;
            type T = $t;

            /// `CDOUBLE_pairwise_sum` with NumPy's `n` = twice the number of items: float `i`
            /// is part `i % 2` of item `i / 2`.
            unsafe fn pairwise(data: *const u8, n: usize, stride: isize) -> (T, T) {
                // SAFETY: `i < n`: part `i % 2` of item `i / 2`, inside the items the caller
                // vouches for.
                let part = |i: usize| unsafe {
                    let item = data.offset((i / 2) as isize * stride) as *const T;
                    *item.add(i % 2)
                };
                if n < 8 {
                    let (mut rr, mut ri): (T, T) = (-0.0, -0.0);
                    let mut i = 0;
                    while i < n {
                        rr += part(i);
                        ri += part(i + 1);
                        i += 2;
                    }
                    (rr, ri)
                } else if n <= PW_BLOCKSIZE {
                    let mut r: [T; 8] = std::array::from_fn(part);
                    let mut i = 8;
                    while i < n - (n % 8) {
                        for (k, rk) in r.iter_mut().enumerate() {
                            *rk += part(i + k);
                        }
                        i += 8;
                    }
                    let mut rr = (r[0] + r[2]) + (r[4] + r[6]);
                    let mut ri = (r[1] + r[3]) + (r[5] + r[7]);
                    while i < n {
                        rr += part(i);
                        ri += part(i + 1);
                        i += 2;
                    }
                    (rr, ri)
                } else {
                    let mut n2 = n / 2;
                    n2 -= n2 % 8;
                    // SAFETY: the first `n2` floats of the `n` the caller vouches for.
                    let (a, b) = unsafe { pairwise(data, n2, stride) };
                    // SAFETY: the last `n - n2` floats of the `n` the caller vouches for.
                    let (c, d) = unsafe {
                        pairwise(data.offset((n2 / 2) as isize * stride), n - n2, stride)
                    };
                    (a + c, b + d)
                }
            }

            /// NumPy's float pairwise sum (`@TYPE@_pairwise_sum`) of a slice.
            fn pairwise_real(v: &[T]) -> T {
                let n = v.len();
                if n < 8 {
                    let mut res: T = -0.0;
                    for x in v {
                        res += x;
                    }
                    res
                } else if n <= PW_BLOCKSIZE {
                    let mut r: [T; 8] = std::array::from_fn(|k| v[k]);
                    let mut i = 8;
                    while i < n - (n % 8) {
                        for (k, rk) in r.iter_mut().enumerate() {
                            *rk += v[i + k];
                        }
                        i += 8;
                    }
                    let mut res = (r[0] + r[1]) + (r[2] + r[3]) + ((r[4] + r[5]) + (r[6] + r[7]));
                    for x in &v[i..] {
                        res += x;
                    }
                    res
                } else {
                    let mut n2 = n / 2;
                    n2 -= n2 % 8;
                    pairwise_real(&v[..n2]) + pairwise_real(&v[n2..])
                }
            }

            /// The mean: the sum over `n + 0j` by NumPy's complex divide loop, in float64.
            fn mean(data: *const u8, n: usize, stride: isize) -> (T, T) {
                // SAFETY: generated code passes `n` items `stride` bytes apart (`2 * n` floats).
                let (sr, si) = unsafe { pairwise(data, 2 * n, stride) };
                let (a, b) = (0.0 + sr as f64, 0.0 + si as f64);
                let c = n as f64;
                if c == 0.0 {
                    return ((a / c) as T, (b / c) as T);
                }
                let rat = 0.0 / c;
                let scl = 1.0 / (c + 0.0 * rat);
                (((a + b * rat) * scl) as T, ((b - a * rat) * scl) as T)
            }

            fn var(data: *const u8, n: usize, stride: isize, ddof: i64) -> T {
                let (mr, mi) = mean(data, n, stride);
                let squares: Vec<T> = (0..n)
                    // SAFETY: `k < n`: one of the `n` items generated code passes.
                    .map(|k| unsafe {
                        let item = data.offset(k as isize * stride) as *const T;
                        let (xr, xi) = (*item - mr, *item.add(1) - mi);
                        xr * xr + xi * xi
                    })
                    .collect();
                let total = 0.0 + pairwise_real(&squares);
                let count = (n as i64 - ddof).max(0);
                (total as f64 / count as f64) as T
            }

            /// `what`: an [`oxjit_abi::Moment`] code.
            pub extern "C" fn moments(
                data: *const u8,
                n: i64,
                stride: i64,
                ddof: i64,
                what: i32,
                out: &mut [T; 2],
            ) {
                let (n, stride) = (n.max(0) as usize, stride as isize);
                let r = match oxjit_abi::Moment::from_code(what) {
                    oxjit_abi::Moment::Mean => {
                        let (re, im) = mean(data, n, stride);
                        [re, im]
                    }
                    oxjit_abi::Moment::Var => [var(data, n, stride, ddof), 0.0],
                    oxjit_abi::Moment::Sum => {
                        // SAFETY: generated code passes `n` items `stride` bytes apart (`2 * n`
                        // floats).
                        let (sr, si) = unsafe { pairwise(data, 2 * n, stride) };
                        [0.0 + sr, 0.0 + si]
                    }
                    oxjit_abi::Moment::Std => [var(data, n, stride, ddof).sqrt(), 0.0],
                };
                *out = r;
            }
        }
    };
}

width!(c128, f64);
width!(c64, f32);

pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        ("oxjit_rt_cmoments_f64", c128::moments as *const () as usize),
        ("oxjit_rt_cmoments_f32", c64::moments as *const () as usize),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_and_variance_of_a_few_items() {
        let z = [1.0f64, 2.0, 3.0, -2.0];
        let mut out = [0.0f64; 2];
        c128::moments(z.as_ptr() as *const u8, 2, 16, 0, 0, &mut out);
        assert_eq!(out, [2.0, 0.0]);
        c128::moments(z.as_ptr() as *const u8, 2, 16, 0, 1, &mut out);
        assert_eq!(out[0], 5.0);
        c128::moments(z.as_ptr() as *const u8, 2, 16, 1, 1, &mut out);
        assert_eq!(out[0], 10.0);
    }
}
