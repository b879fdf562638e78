//! NumPy's pairwise summation (`numpy/_core/src/umath/loops_utils.h.src`), so that compiled
//! `a.sum()` rounds as NumPy's does: blocks of 8 partial sums below 128 items, halves above.

const PW_BLOCKSIZE: usize = 128;

macro_rules! pairwise {
    ($name:ident, $t:ty) => {
        /// # Safety
        /// `data` points to `n` items `stride` bytes apart.
        unsafe fn $name(data: *const u8, n: usize, stride: isize) -> $t {
            // SAFETY: `i < n`: an item of the `n` the caller vouches for.
            let at = |i: usize| unsafe { *(data.offset(i as isize * stride) as *const $t) };
            if n < 8 {
                // NumPy starts from -0.0 so that an all -0.0 sum stays -0.0.
                let mut res: $t = -0.0;
                for i in 0..n {
                    res += at(i);
                }
                res
            } else if n <= PW_BLOCKSIZE {
                let mut r = [at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7)];
                let mut i = 8;
                while i < n - (n % 8) {
                    for (k, rk) in r.iter_mut().enumerate() {
                        *rk += at(i + k);
                    }
                    i += 8;
                }
                let mut res = (r[0] + r[1]) + (r[2] + r[3]) + ((r[4] + r[5]) + (r[6] + r[7]));
                while i < n {
                    res += at(i);
                    i += 1;
                }
                res
            } else {
                let mut n2 = n / 2;
                n2 -= n2 % 8;
                // SAFETY: the two halves are the `n` items the caller vouches for.
                unsafe {
                    $name(data, n2, stride)
                        + $name(data.offset(n2 as isize * stride), n - n2, stride)
                }
            }
        }
    };
}

pairwise!(pairwise_f64, f64);
pairwise!(pairwise_f32, f32);

/// Sum of `n` float64 items `stride` bytes apart, added to `init` as NumPy's reduction does.
#[no_mangle]
pub extern "C" fn oxjit_rt_pairwise_sum_f64(
    init: f64,
    data: *const u8,
    n: i64,
    stride: i64,
) -> f64 {
    // SAFETY: generated code passes `n` items `stride` bytes apart.
    init + unsafe { pairwise_f64(data, n.max(0) as usize, stride as isize) }
}

/// Sum of `n` float32 items, in float32 as NumPy computes it.
#[no_mangle]
pub extern "C" fn oxjit_rt_pairwise_sum_f32(
    init: f32,
    data: *const u8,
    n: i64,
    stride: i64,
) -> f32 {
    // SAFETY: generated code passes `n` items `stride` bytes apart.
    init + unsafe { pairwise_f32(data, n.max(0) as usize, stride as isize) }
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        (
            "oxjit_rt_pairwise_sum_f64",
            oxjit_rt_pairwise_sum_f64 as *const () as usize,
        ),
        (
            "oxjit_rt_pairwise_sum_f32",
            oxjit_rt_pairwise_sum_f32 as *const () as usize,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_like_a_loop_for_exact_values() {
        let v: Vec<f64> = (0..1000).map(|i| i as f64).collect();
        let s = oxjit_rt_pairwise_sum_f64(0.0, v.as_ptr() as *const u8, v.len() as i64, 8);
        assert_eq!(s, 499500.0);
    }
}
