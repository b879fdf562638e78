//! NumPy's own float32 `exp` and `log` (numpy/_core/src/umath/loops_exponent_log.dispatch.c.src,
//! `simd_exp_FLOAT` / `simd_log_FLOAT`, the AVX2+FMA3 path of NumPy 2.x): on a CPU with AVX2
//! and FMA but no AVX-512, NumPy's float32 `np.exp`/`np.log` run this code instead of the C
//! library's `expf`/`logf`, and round differently from them in many items.
//!
//! The same operations in the same order on eight lanes (a ratio of two polynomials after a
//! Cody-Waite reduction), the same special values, and the same floating-point flags: NumPy
//! raises overflow/underflow (exp), invalid/divide-by-zero (log) from its masks after the loop;
//! these functions raise them for their own lanes. The scalar functions run the vector code on
//! the value broadcast to all lanes, so that a call outside a vectorised loop gives the same
//! bits (NumPy itself calls the SIMD code one element at a time for a strided output).

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

// npy_simd_data.h and npy_math.h: NumPy's decimal constants as the C compiler rounds them to
// float (as bit patterns, which the decimals' extra digits only obscure).
const RINT_CVT_MAGIC: f32 = 12_582_912.0; // 0x1.8p+23
const CODY_WAITE_LOGE_2_HIGH: f32 = f32::from_bits(0xbf31_7200); // -6.93145752e-1
const CODY_WAITE_LOGE_2_LOW: f32 = f32::from_bits(0xb5bf_be8e); // -1.42860677e-6
const LOG2E: f32 = std::f32::consts::LOG2_E;
const LOGE2: f32 = std::f32::consts::LN_2;
const SQRT1_2: f32 = std::f32::consts::FRAC_1_SQRT_2;
/// NPY_COEFF_P0_EXPf..P5 (the first 9.99999999998e-1, which rounds to 1).
const EXP_P: [f32; 6] = [
    1.0,
    f32::from_bits(0x3f39_cbd5),
    f32::from_bits(0x3e7d_4c58),
    f32::from_bits(0x3d51_7d8c),
    f32::from_bits(0x3bdd_7159),
    f32::from_bits(0x3a05_3dd8),
];
/// NPY_COEFF_Q0_EXPf..Q2.
const EXP_Q: [f32; 3] = [
    1.0,
    f32::from_bits(0xbe8c_6857),
    f32::from_bits(0x3cb0_e832),
];
/// NPY_COEFF_P0_LOGf..P5 (P1 is 9.99...9987e-1, which rounds to 1).
const LOG_P: [f32; 6] = [
    0.0,
    1.0,
    f32::from_bits(0x4007_361c),
    f32::from_bits(0x3fbd_70a9),
    f32::from_bits(0x3ec3_0333),
    f32::from_bits(0x3cd4_2bcd),
];
/// NPY_COEFF_Q0_LOGf..Q5.
const LOG_Q: [f32; 6] = [
    1.0,
    f32::from_bits(0x4027_361c),
    f32::from_bits(0x401c_fe0d),
    f32::from_bits(0x3f7c_8ae4),
    f32::from_bits(0x3e1e_5bf3),
    f32::from_bits(0x3bc0_83df),
];
/// exp's overflow and underflow thresholds (`xmax` = 88.72283935546875f, `xmin` =
/// -103.97208404541015625f in `simd_exp_FLOAT`).
const EXP_XMAX: f32 = f32::from_bits(0x42b1_7218);
const EXP_XMIN: f32 = f32::from_bits(0xc2cf_f1b5);
/// NumPy's `NPY_NANF`, the quiet NaN with a clear sign.
const NAN: f32 = f32::from_bits(0x7fc0_0000);

/// `exp` of each lane as NumPy's `simd_exp_FLOAT` computes it, and the lanes (bit masks) where
/// NumPy reports overflow and underflow.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn exp8(x: __m256) -> (__m256, i32, i32) {
    let zeros = _mm256_setzero_ps();
    let inf = _mm256_set1_ps(f32::INFINITY);
    let nan_mask = _mm256_cmp_ps::<_CMP_NEQ_UQ>(x, x);
    let x = _mm256_blendv_ps(x, zeros, nan_mask);
    let xmax_mask = _mm256_cmp_ps::<_CMP_GE_OQ>(x, _mm256_set1_ps(EXP_XMAX));
    let xmin_mask = _mm256_cmp_ps::<_CMP_LE_OQ>(x, _mm256_set1_ps(EXP_XMIN));
    let inf_mask = _mm256_cmp_ps::<_CMP_EQ_OQ>(x, inf);
    let ninf_mask = _mm256_cmp_ps::<_CMP_EQ_OQ>(x, _mm256_set1_ps(f32::NEG_INFINITY));
    let overflow = _mm256_movemask_ps(_mm256_xor_ps(xmax_mask, inf_mask));
    let underflow = _mm256_movemask_ps(_mm256_xor_ps(xmin_mask, ninf_mask));
    let x = _mm256_blendv_ps(
        x,
        zeros,
        _mm256_or_ps(_mm256_or_ps(nan_mask, xmin_mask), xmax_mask),
    );

    // Round x log2(e) to an integer by adding and subtracting 1.5 * 2^23 (not fused).
    let magic = _mm256_set1_ps(RINT_CVT_MAGIC);
    let quadrant = _mm256_mul_ps(x, _mm256_set1_ps(LOG2E));
    let quadrant = _mm256_sub_ps(_mm256_add_ps(quadrant, magic), magic);
    // Cody-Waite: x - q ln2 in three fused steps (the third constant is 0).
    let x = _mm256_fmadd_ps(quadrant, _mm256_set1_ps(CODY_WAITE_LOGE_2_HIGH), x);
    let x = _mm256_fmadd_ps(quadrant, _mm256_set1_ps(CODY_WAITE_LOGE_2_LOW), x);
    let x = _mm256_fmadd_ps(quadrant, zeros, x);

    let p = |i: usize| _mm256_set1_ps(EXP_P[i]);
    let q = |i: usize| _mm256_set1_ps(EXP_Q[i]);
    let num = _mm256_fmadd_ps(p(5), x, p(4));
    let num = _mm256_fmadd_ps(num, x, p(3));
    let num = _mm256_fmadd_ps(num, x, p(2));
    let num = _mm256_fmadd_ps(num, x, p(1));
    let num = _mm256_fmadd_ps(num, x, p(0));
    let denom = _mm256_fmadd_ps(q(2), x, q(1));
    let denom = _mm256_fmadd_ps(denom, x, q(0));
    let poly = scalef(_mm256_div_ps(num, denom), quadrant);

    let poly = _mm256_blendv_ps(poly, _mm256_set1_ps(NAN), nan_mask);
    let poly = _mm256_blendv_ps(poly, inf, xmax_mask);
    let poly = _mm256_blendv_ps(poly, zeros, xmin_mask);
    (poly, overflow, underflow)
}

/// `poly * 2^quadrant` by adding to the exponent field; a quadrant <= -125 (a subnormal
/// result) scales by 2^-125 first and divides by 2^(-125 - quadrant): NumPy's
/// `fma_scalef_ps`, which takes the division only when some lane needs it.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn scalef(poly: __m256, quadrant: __m256) -> __m256 {
    let min_quadrant = _mm256_set1_ps(-125.0);
    let denormal_mask = _mm256_cmp_ps::<_CMP_LE_OQ>(quadrant, min_quadrant);
    if _mm256_movemask_ps(denormal_mask) == 0 {
        let exponent = _mm256_slli_epi32::<23>(_mm256_cvtps_epi32(quadrant));
        return _mm256_castsi256_ps(_mm256_add_epi32(_mm256_castps_si256(poly), exponent));
    }
    let zeros = _mm256_setzero_ps();
    let quad_diff = _mm256_sub_ps(zeros, _mm256_sub_ps(quadrant, min_quadrant));
    let quad_diff = _mm256_blendv_ps(zeros, quad_diff, denormal_mask);
    let two_power_diff = _mm256_sllv_epi32(_mm256_set1_epi32(1), _mm256_cvtps_epi32(quad_diff));
    let quadrant = _mm256_max_ps(quadrant, min_quadrant);
    let exponent = _mm256_slli_epi32::<23>(_mm256_cvtps_epi32(quadrant));
    let poly = _mm256_castsi256_ps(_mm256_add_epi32(_mm256_castps_si256(poly), exponent));
    let denorm_poly = _mm256_div_ps(poly, _mm256_cvtepi32_ps(two_power_diff));
    _mm256_blendv_ps(poly, denorm_poly, denormal_mask)
}

/// `log` of each lane as NumPy's `simd_log_FLOAT` computes it, and the lanes where NumPy
/// reports invalid (x < 0) and divide-by-zero (x == 0).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn log8(x_in: __m256) -> (__m256, i32, i32) {
    let zeros = _mm256_setzero_ps();
    let ones = _mm256_set1_ps(1.0);
    let inf = _mm256_set1_ps(f32::INFINITY);
    let negx_mask = _mm256_cmp_ps::<_CMP_LT_OQ>(x_in, zeros);
    let zero_mask = _mm256_cmp_ps::<_CMP_EQ_OQ>(x_in, zeros);
    let inf_mask = _mm256_cmp_ps::<_CMP_EQ_OQ>(x_in, inf);
    let nan_mask = _mm256_cmp_ps::<_CMP_NEQ_UQ>(x_in, x_in);
    let divide = _mm256_movemask_ps(zero_mask);
    let invalid = _mm256_movemask_ps(negx_mask);
    let x = _mm256_blendv_ps(x_in, zeros, negx_mask);

    // x = m 2^e with m in [0.5, 1), subnormals scaled by 2^100 first.
    let (exponent, x) = exponent_mantissa(x);
    // m <= sqrt(1/2): m = 2m, e = e - 1.
    let sqrt2_mask = _mm256_cmp_ps::<_CMP_LE_OQ>(x, _mm256_set1_ps(SQRT1_2));
    let x = _mm256_blendv_ps(x, _mm256_add_ps(x, x), sqrt2_mask);
    let exponent = _mm256_blendv_ps(exponent, _mm256_sub_ps(exponent, ones), sqrt2_mask);
    let x = _mm256_sub_ps(x, ones);

    let p = |i: usize| _mm256_set1_ps(LOG_P[i]);
    let q = |i: usize| _mm256_set1_ps(LOG_Q[i]);
    let num = _mm256_fmadd_ps(p(5), x, p(4));
    let num = _mm256_fmadd_ps(num, x, p(3));
    let num = _mm256_fmadd_ps(num, x, p(2));
    let num = _mm256_fmadd_ps(num, x, p(1));
    let num = _mm256_fmadd_ps(num, x, p(0));
    let denom = _mm256_fmadd_ps(q(5), x, q(4));
    let denom = _mm256_fmadd_ps(denom, x, q(3));
    let denom = _mm256_fmadd_ps(denom, x, q(2));
    let denom = _mm256_fmadd_ps(denom, x, q(1));
    let denom = _mm256_fmadd_ps(denom, x, q(0));
    let poly = _mm256_div_ps(num, denom);
    let poly = _mm256_fmadd_ps(exponent, _mm256_set1_ps(LOGE2), poly);

    let poly = _mm256_blendv_ps(poly, _mm256_set1_ps(NAN), nan_mask);
    let poly = _mm256_blendv_ps(poly, _mm256_set1_ps(-NAN), negx_mask);
    let poly = _mm256_blendv_ps(poly, _mm256_set1_ps(f32::NEG_INFINITY), zero_mask);
    let poly = _mm256_blendv_ps(poly, inf, inf_mask);
    (poly, invalid, divide)
}

/// NumPy's `fma_get_exponent` and `fma_get_mantissa` of `x` (x >= 0 or NaN): the exponent as
/// a float and the mantissa scaled into [0.5, 1).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn exponent_mantissa(x: __m256) -> (__m256, __m256) {
    let two_power_100 = _mm256_castsi256_ps(_mm256_set1_epi32(0x7180_0000));
    let min = _mm256_set1_ps(f32::MIN_POSITIVE);
    let denormal_mask = _mm256_cmp_ps::<_CMP_LT_OQ>(x, min);
    let normal_mask = _mm256_cmp_ps::<_CMP_GE_OQ>(x, min);
    let temp = _mm256_mul_ps(
        _mm256_blendv_ps(x, _mm256_setzero_ps(), normal_mask),
        two_power_100,
    );
    let x = _mm256_blendv_ps(x, temp, denormal_mask);
    let bits = _mm256_castps_si256(x);
    let exp = _mm256_cvtepi32_ps(_mm256_sub_epi32(
        _mm256_srli_epi32::<23>(bits),
        _mm256_set1_epi32(0x7e),
    ));
    let denorm_exp = _mm256_sub_ps(exp, _mm256_set1_ps(100.0));
    let exponent = _mm256_blendv_ps(exp, denorm_exp, denormal_mask);
    let mantissa = _mm256_castsi256_ps(_mm256_or_si256(
        _mm256_and_si256(bits, _mm256_set1_epi32(0x7f_ffff)),
        _mm256_set1_epi32(126 << 23),
    ));
    (exponent, mantissa)
}

/// Raises the floating-point flags NumPy's loop sets from its masks (it calls
/// `npy_set_floatstatus_*`), so that a ufunc's `np.errstate` check sees them.
#[inline(never)]
fn raise_flags(overflow: bool, underflow: bool, invalid: bool, divide: bool) {
    use std::hint::black_box;
    if overflow {
        black_box(black_box(f32::MAX) * 2.0);
    }
    if underflow {
        black_box(black_box(f32::MIN_POSITIVE) * f32::MIN_POSITIVE);
    }
    if invalid {
        black_box(black_box(0.0f32) / 0.0);
    }
    if divide {
        black_box(black_box(1.0f32) / 0.0);
    }
}

/// NumPy's float32 `exp` of each lane of `x`.
///
/// # Safety
///
/// The CPU must have AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
// Generated code passes and receives `<8 x float>` in a ymm register: the C ABI of `__m256`
// with AVX, which the target feature gives this function.
#[allow(improper_ctypes_definitions)]
pub unsafe extern "C" fn oxjit_np_vexp8_f32(x: __m256) -> __m256 {
    let (y, overflow, underflow) = exp8(x);
    if overflow | underflow != 0 {
        raise_flags(overflow != 0, underflow != 0, false, false);
    }
    y
}

/// NumPy's float32 `log` of each lane of `x`.
///
/// # Safety
///
/// The CPU must have AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[allow(improper_ctypes_definitions)]
pub unsafe extern "C" fn oxjit_np_vlog8_f32(x: __m256) -> __m256 {
    let (y, invalid, divide) = log8(x);
    if invalid | divide != 0 {
        raise_flags(false, false, invalid != 0, divide != 0);
    }
    y
}

/// NumPy's float32 `exp` of `x` (the vector code on `x` in every lane).
///
/// # Safety
///
/// The CPU must have AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
pub unsafe extern "C" fn oxjit_np_exp_f32(x: f32) -> f32 {
    // SAFETY: the caller guarantees AVX2 and FMA.
    _mm256_cvtss_f32(unsafe { oxjit_np_vexp8_f32(_mm256_set1_ps(x)) })
}

/// NumPy's float32 `log` of `x` (the vector code on `x` in every lane).
///
/// # Safety
///
/// The CPU must have AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
pub unsafe extern "C" fn oxjit_np_log_f32(x: f32) -> f32 {
    // SAFETY: the caller guarantees AVX2 and FMA.
    _mm256_cvtss_f32(unsafe { oxjit_np_vlog8_f32(_mm256_set1_ps(x)) })
}
