//! NumPy's own float32 `sin` and `cos` (numpy/_core/src/umath/loops_trigonometric.dispatch.cpp,
//! `simd_sincos_f32`, the Highway code NumPy 2.x builds for X86_V3): on a CPU with AVX2 and FMA
//! but no AVX-512, NumPy's float32 `np.sin`/`np.cos` run this code instead of the C library's
//! `sinf`/`cosf`, and round differently from them in many items.
//!
//! A Cody-Waite reduction by pi/2 and two polynomials, blended by quadrant, for the lanes with
//! |x| up to 117435.992 (sin) or 71476.0625 (cos); the other lanes call the C library's
//! `sinf`/`cosf`, as NumPy does. A NaN gives NumPy's `NPY_NANF` (sign and payload dropped). Each
//! lane depends on its own input only, and the floating-point flags come from the same
//! operations (underflow from squaring a tiny reduced x, invalid from `sinf(inf)`), so the
//! scalar functions run the vector code on lane 0 (zeros elsewhere) and give NumPy's bits and
//! flags too (NumPy itself calls the SIMD code one element at a time for some strides).

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

/// `2/pi`, rounded (0x1.45f306p-1f).
const TWO_OVER_PI: f32 = f32::from_bits(0x3f22_f983);
/// `-pi/2` in three parts for Cody-Waite (-0x1.921fb0p+00f, -0x1.5110b4p-22f, -0x1.846988p-48f).
const PIO2_HIGH: f32 = f32::from_bits(0xbfc9_0fd8);
const PIO2_MED: f32 = f32::from_bits(0xb4a8_885a);
const PIO2_LOW: f32 = f32::from_bits(0xa7c2_34c4);
/// 1.5 * 2^23: adding and subtracting it rounds to an integer.
const RINT_CVT_MAGIC: f32 = 12_582_912.0;
/// The largest |x| each function reduces itself (117435.992f, 71476.0625f).
const SIN_MAX_CODY: f32 = f32::from_bits(0x47e5_5dff);
const COS_MAX_CODY: f32 = f32::from_bits(0x478b_9a08);
/// `simd_cosine_poly_f32`: invf8, invf6, invf4, invf2, invf0.
const COS_POLY: [f32; 5] = [
    f32::from_bits(0x37cc_730b),
    f32::from_bits(0xbab6_036e),
    f32::from_bits(0x3d2a_aa9e),
    -0.5,
    1.0,
];
/// `simd_sine_poly_f32`: invf9, invf7, invf5, invf3.
const SIN_POLY: [f32; 4] = [
    f32::from_bits(0x363e_9dde),
    f32::from_bits(0xb950_35dd),
    f32::from_bits(0x3c08_88cd),
    f32::from_bits(0xbe2a_aaab),
];
/// NumPy's `NPY_NANF`, the quiet NaN with a clear sign.
const NAN: f32 = f32::from_bits(0x7fc0_0000);

/// NumPy's float32 `sin` (or `cos`) of each lane, as `simd_sincos_f32` computes it.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn sincos8(x_in: __m256, cos: bool) -> __m256 {
    let zeros = _mm256_setzero_ps();
    // NaNs become zeros (no invalid flag from them) and NPY_NANF at the end.
    let nnan_mask = _mm256_cmp_ps::<_CMP_ORD_Q>(x_in, x_in);
    let x_in = _mm256_blendv_ps(zeros, x_in, nnan_mask);
    let abs = _mm256_andnot_ps(_mm256_set1_ps(-0.0), x_in);
    let max_cody = _mm256_set1_ps(if cos { COS_MAX_CODY } else { SIN_MAX_CODY });
    let simd_mask = _mm256_cmp_ps::<_CMP_LE_OQ>(abs, max_cody);
    let simd_bits = _mm256_movemask_ps(simd_mask);
    let mut out = zeros;
    if simd_bits != 0 {
        let x = _mm256_blendv_ps(zeros, x_in, simd_mask);
        // GCC contracts NumPy's `x * 2/pi + magic` into one fused multiply-add.
        let magic = _mm256_set1_ps(RINT_CVT_MAGIC);
        let quadrant = _mm256_fmadd_ps(x, _mm256_set1_ps(TWO_OVER_PI), magic);
        let quadrant = _mm256_sub_ps(quadrant, magic);
        let r = _mm256_fmadd_ps(quadrant, _mm256_set1_ps(PIO2_HIGH), x);
        let r = _mm256_fmadd_ps(quadrant, _mm256_set1_ps(PIO2_MED), r);
        let r = _mm256_fmadd_ps(quadrant, _mm256_set1_ps(PIO2_LOW), r);
        let r2 = _mm256_mul_ps(r, r);

        let c = |k: f32| _mm256_set1_ps(k);
        let cosine = _mm256_fmadd_ps(c(COS_POLY[0]), r2, c(COS_POLY[1]));
        let cosine = _mm256_fmadd_ps(cosine, r2, c(COS_POLY[2]));
        let cosine = _mm256_fmadd_ps(cosine, r2, c(COS_POLY[3]));
        let cosine = _mm256_fmadd_ps(cosine, r2, c(COS_POLY[4]));
        let sine = _mm256_fmadd_ps(c(SIN_POLY[0]), r2, c(SIN_POLY[1]));
        let sine = _mm256_fmadd_ps(sine, r2, c(SIN_POLY[2]));
        let sine = _mm256_fmadd_ps(sine, r2, c(SIN_POLY[3]));
        let sine = _mm256_fmadd_ps(sine, r2, zeros);
        let sine = _mm256_fmadd_ps(sine, r, r);

        // Odd quadrants take the other polynomial, quadrants 2 and 3 (mod 4) the negation;
        // cos(x) is sin in the next quadrant.
        let mut iquadrant = _mm256_cvtps_epi32(quadrant);
        if cos {
            iquadrant = _mm256_add_epi32(iquadrant, _mm256_set1_epi32(1));
        }
        let ones = _mm256_set1_epi32(1);
        let twos = _mm256_set1_epi32(2);
        let sine_mask = _mm256_castsi256_ps(_mm256_cmpeq_epi32(
            _mm256_and_si256(iquadrant, ones),
            _mm256_setzero_si256(),
        ));
        let y = _mm256_blendv_ps(cosine, sine, sine_mask);
        let negate_mask =
            _mm256_castsi256_ps(_mm256_cmpeq_epi32(_mm256_and_si256(iquadrant, twos), twos));
        let y = _mm256_blendv_ps(y, _mm256_sub_ps(zeros, y), negate_mask);
        out = _mm256_blendv_ps(_mm256_set1_ps(NAN), y, nnan_mask);
    }
    if simd_bits != 0xff {
        out = libm_lanes(x_in, out, simd_bits, cos);
    }
    out
}

/// The lanes of `y` whose bit in `reduced` is clear replaced by the C library's `sinf`/`cosf`
/// of that lane of `x`: NumPy's fallback for large |x| (and infinities).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn libm_lanes(x: __m256, y: __m256, reduced: i32, cos: bool) -> __m256 {
    let (mut xs, mut ys) = ([0.0f32; 8], [0.0f32; 8]);
    // SAFETY: both arrays hold eight floats; the stores and the load are unaligned ones.
    unsafe {
        _mm256_storeu_ps(xs.as_mut_ptr(), x);
        _mm256_storeu_ps(ys.as_mut_ptr(), y);
    }
    for i in 0..8 {
        if reduced >> i & 1 == 0 {
            ys[i] = if cos {
                crate::libm::cosf(xs[i])
            } else {
                crate::libm::sinf(xs[i])
            };
        }
    }
    // SAFETY: as above.
    unsafe { _mm256_loadu_ps(ys.as_ptr()) }
}

/// `x` in lane 0, zeros in the others.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn lane0(x: f32) -> __m256 {
    _mm256_setr_ps(x, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
}

/// NumPy's float32 `sin` of each lane of `x`.
///
/// # Safety
///
/// The CPU must have AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
// Generated code passes and receives `<8 x float>` in a ymm register: the C ABI of `__m256`
// with AVX, which the target feature gives this function.
#[allow(improper_ctypes_definitions)]
pub unsafe extern "C" fn oxjit_np_vsin8_f32(x: __m256) -> __m256 {
    sincos8(x, false)
}

/// NumPy's float32 `cos` of each lane of `x`.
///
/// # Safety
///
/// The CPU must have AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[allow(improper_ctypes_definitions)]
pub unsafe extern "C" fn oxjit_np_vcos8_f32(x: __m256) -> __m256 {
    sincos8(x, true)
}

/// NumPy's float32 `sin` of `x` (the vector code on `x` in lane 0, zeros elsewhere, which
/// raise no flags and call no `sinf`).
///
/// # Safety
///
/// The CPU must have AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
pub unsafe extern "C" fn oxjit_np_sin_f32(x: f32) -> f32 {
    _mm256_cvtss_f32(sincos8(lane0(x), false))
}

/// NumPy's float32 `cos` of `x` (the vector code on `x` in lane 0).
///
/// # Safety
///
/// The CPU must have AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
pub unsafe extern "C" fn oxjit_np_cos_f32(x: f32) -> f32 {
    _mm256_cvtss_f32(sincos8(lane0(x), true))
}

/// The (name, address) of the functions, for the JIT's symbol table.
#[cfg(target_arch = "x86_64")]
pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        ("oxjit_np_sin_f32", oxjit_np_sin_f32 as *const () as usize),
        (
            "oxjit_np_vsin8_f32",
            oxjit_np_vsin8_f32 as *const () as usize,
        ),
        ("oxjit_np_cos_f32", oxjit_np_cos_f32 as *const () as usize),
        (
            "oxjit_np_vcos8_f32",
            oxjit_np_vcos8_f32 as *const () as usize,
        ),
    ]
}

/// NumPy's float32 `sin` (`cos`) of `xs` by the eight-lane function (`vector`, a tail padded
/// with zeros) or the scalar one.
///
/// # Safety
///
/// The CPU must have AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
pub unsafe fn apply(cos: bool, xs: &[f32], vector: bool) -> Vec<f32> {
    if !vector {
        return xs
            .iter()
            .map(|&x| _mm256_cvtss_f32(sincos8(lane0(x), cos)))
            .collect();
    }
    let mut out = Vec::with_capacity(xs.len() + 7);
    for chunk in xs.chunks(8) {
        let mut lanes = [0.0f32; 8];
        lanes[..chunk.len()].copy_from_slice(chunk);
        let mut ys = [0.0f32; 8];
        // SAFETY: eight floats are read and written.
        unsafe {
            let y = sincos8(_mm256_loadu_ps(lanes.as_ptr()), cos);
            _mm256_storeu_ps(ys.as_mut_ptr(), y);
        }
        out.extend_from_slice(&ys[..chunk.len()]);
    }
    out
}

/// Inputs for the self-check of sin and cos: the thresholds of NumPy's own reduction and the
/// values around them, multiples of pi/4 (where the quadrant changes), tiny values (underflow
/// of the square), and `n` pseudo-random floats over the reduced range and beyond.
pub fn check_inputs(n: usize, seed: u64) -> Vec<f32> {
    let mut xs = Vec::with_capacity(n + 64);
    for t in [SIN_MAX_CODY, COS_MAX_CODY] {
        let b = t.to_bits();
        for x in [t, f32::from_bits(b + 1), f32::from_bits(b - 1)] {
            xs.extend([x, -x]);
        }
    }
    for k in 1..=16 {
        let x = k as f32 * std::f32::consts::FRAC_PI_4;
        xs.extend([x, -x, f32::from_bits(x.to_bits() + 1)]);
    }
    xs.extend([1e-20, -1e-30, 1e-40, 3.0e38, -1.0e6, 1.0e5]);
    let mut next = super::check_stream(seed);
    let unit = |u: u64| (u >> 40) as f32 / (1u64 << 24) as f32;
    for i in 0..n {
        let u = next();
        let x = match i % 4 {
            0 => (2.0 * unit(u) - 1.0) * 10.0,
            1 => (2.0 * unit(u) - 1.0) * 130_000.0,
            2 => f32::from_bits((u >> 32) as u32),
            _ => (2.0 * unit(u) - 1.0) * 1000.0,
        };
        xs.push(x);
    }
    xs
}

#[cfg(all(test, target_arch = "x86_64"))]
mod tests {
    use super::*;

    /// The scalar and eight-lane functions agree bit for bit, NaNs become NPY_NANF, lanes
    /// beyond the thresholds are the C library's, and the others are within 2 ulp of it.
    #[test]
    fn scalar_and_vector_agree_and_are_close_to_libm() {
        if !crate::vmath::cpu_supported() {
            return;
        }
        let xs = check_inputs(1 << 16, 7);
        for cos in [false, true] {
            // SAFETY: the CPU has AVX2 and FMA (checked above).
            let (scalar, vector) = unsafe { (apply(cos, &xs, false), apply(cos, &xs, true)) };
            let max = if cos { COS_MAX_CODY } else { SIN_MAX_CODY };
            for ((&x, s), v) in xs.iter().zip(scalar).zip(vector) {
                assert_eq!(s.to_bits(), v.to_bits(), "cos={cos} x={x:e}");
                let libm = if cos {
                    crate::libm::cosf(x)
                } else {
                    crate::libm::sinf(x)
                };
                if x.is_nan() {
                    assert_eq!(s.to_bits(), NAN.to_bits());
                } else if x.abs() > max {
                    assert_eq!(s.to_bits(), libm.to_bits(), "cos={cos} x={x:e}");
                } else {
                    let ulps = (s.to_bits() as i64 - libm.to_bits() as i64).abs();
                    assert!(ulps <= 2 || (s - libm).abs() < 1e-7, "cos={cos} x={x:e}");
                }
            }
        }
    }
}
