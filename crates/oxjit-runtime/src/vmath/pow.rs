//! `pow` on four pairs of doubles at once, bit for bit glibc's `__pow_fma` (the variant that glibc
//! 2.28 and later picks on x86-64 CPUs with FMA and AVX2): ARM's optimized-routines algorithm, log
//! x in double-double from a 128-entry table (1/c, log c and its tail) and a degree-8 polynomial,
//! times `y`, then `exp` of that double-double with `__exp_data` (the table `exp.rs` uses). The
//! multiply-adds GCC fuses in glibc 2.36's libm are fused here in the same order: read off the
//! disassembly of `__pow_fma` (found through the ifunc resolver of `pow`).
//!
//! The fast path is glibc's: x normal and positive, or negative with an integer `y` (the sign
//! of an odd `y` goes into the scale), 2^-65 <= |y| < 2^63, and 2^-54 <= |y log x| < 512. Other
//! lanes (zero, subnormal, infinite or NaN x or y, a result near overflow or underflow, y near
//! 0, x < 0 with y not an integer) are recomputed by the C library's `pow`.

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

use super::exp::{
    C2, C3, C4, C5, INV_LN2_N, NEG_LN2_HI_N, NEG_LN2_LO_N, SHIFT, TABLE as EXP_TABLE,
};

/// `__pow_log_data` of glibc (e_pow_log_data.c): ln2 split in two, and the polynomial's
/// coefficients (the first is -0.5, the others scaled by -2 as ARM stores them).
const LN2_HI: f64 = f64::from_bits(0x3fe62e42fefa3800);
const LN2_LO: f64 = f64::from_bits(0x3d2ef35793c76730);
const A: [f64; 7] = [
    f64::from_bits(0xbfe0000000000000),
    f64::from_bits(0xbfe5555555555560),
    f64::from_bits(0x3fe0000000000006),
    f64::from_bits(0x3fe999999959554e),
    f64::from_bits(0xbfe555555529a47a),
    f64::from_bits(0xbff2495b9b4845e9),
    f64::from_bits(0x3ff0002b8b263fc3),
];
/// The subnormal-free range of x is split at OFF so that z = x / 2^k lies in [OFF, 2 OFF).
const OFF: i64 = 0x3fe6955500000000;
/// The bias that makes the scale 2^k negative (`SIGN_BIAS`, an odd `y` of a negative `x`).
const SIGN_BIAS: i64 = 0x800 << 7;

/// (1/c, log c, tail of log c) for c near each of the 128 subintervals of [OFF, 2 OFF).
#[rustfmt::skip]
static LOG_TABLE: [u64; 384] = [
    0x3ff6a00000000000, 0xbfd62c82f2b9c800, 0x3cfab42428375680,
    0x3ff6800000000000, 0xbfd5d1bdbf580800, 0xbd1ca508d8e0f720,
    0x3ff6600000000000, 0xbfd5767717455800, 0xbd2362a4d5b6506d,
    0x3ff6400000000000, 0xbfd51aad872df800, 0xbce684e49eb067d5,
    0x3ff6200000000000, 0xbfd4be5f95777800, 0xbd041b6993293ee0,
    0x3ff6000000000000, 0xbfd4618bc21c6000, 0x3d13d82f484c84cc,
    0x3ff5e00000000000, 0xbfd404308686a800, 0x3cdc42f3ed820b3a,
    0x3ff5c00000000000, 0xbfd3a64c55694800, 0x3d20b1c686519460,
    0x3ff5a00000000000, 0xbfd347dd9a988000, 0x3d25594dd4c58092,
    0x3ff5800000000000, 0xbfd2e8e2bae12000, 0x3d267b1e99b72bd8,
    0x3ff5600000000000, 0xbfd2895a13de8800, 0x3d15ca14b6cfb03f,
    0x3ff5600000000000, 0xbfd2895a13de8800, 0x3d15ca14b6cfb03f,
    0x3ff5400000000000, 0xbfd22941fbcf7800, 0xbd165a242853da76,
    0x3ff5200000000000, 0xbfd1c898c1699800, 0xbd1fafbc68e75404,
    0x3ff5000000000000, 0xbfd1675cababa800, 0x3d1f1fc63382a8f0,
    0x3ff4e00000000000, 0xbfd1058bf9ae4800, 0xbd26a8c4fd055a66,
    0x3ff4c00000000000, 0xbfd0a324e2739000, 0xbd0c6bee7ef4030e,
    0x3ff4a00000000000, 0xbfd0402594b4d000, 0xbcf036b89ef42d7f,
    0x3ff4a00000000000, 0xbfd0402594b4d000, 0xbcf036b89ef42d7f,
    0x3ff4800000000000, 0xbfcfb9186d5e4000, 0x3d0d572aab993c87,
    0x3ff4600000000000, 0xbfcef0adcbdc6000, 0x3d2b26b79c86af24,
    0x3ff4400000000000, 0xbfce27076e2af000, 0xbd172f4f543fff10,
    0x3ff4200000000000, 0xbfcd5c216b4fc000, 0x3d21ba91bbca681b,
    0x3ff4000000000000, 0xbfcc8ff7c79aa000, 0x3d27794f689f8434,
    0x3ff4000000000000, 0xbfcc8ff7c79aa000, 0x3d27794f689f8434,
    0x3ff3e00000000000, 0xbfcbc286742d9000, 0x3d194eb0318bb78f,
    0x3ff3c00000000000, 0xbfcaf3c94e80c000, 0x3cba4e633fcd9066,
    0x3ff3a00000000000, 0xbfca23bc1fe2b000, 0xbd258c64dc46c1ea,
    0x3ff3a00000000000, 0xbfca23bc1fe2b000, 0xbd258c64dc46c1ea,
    0x3ff3800000000000, 0xbfc9525a9cf45000, 0xbd2ad1d904c1d4e3,
    0x3ff3600000000000, 0xbfc87fa06520d000, 0x3d2bbdbf7fdbfa09,
    0x3ff3400000000000, 0xbfc7ab890210e000, 0x3d2bdb9072534a58,
    0x3ff3400000000000, 0xbfc7ab890210e000, 0x3d2bdb9072534a58,
    0x3ff3200000000000, 0xbfc6d60fe719d000, 0xbd10e46aa3b2e266,
    0x3ff3000000000000, 0xbfc5ff3070a79000, 0xbd1e9e439f105039,
    0x3ff3000000000000, 0xbfc5ff3070a79000, 0xbd1e9e439f105039,
    0x3ff2e00000000000, 0xbfc526e5e3a1b000, 0xbd20de8b90075b8f,
    0x3ff2c00000000000, 0xbfc44d2b6ccb8000, 0x3d170cc16135783c,
    0x3ff2c00000000000, 0xbfc44d2b6ccb8000, 0x3d170cc16135783c,
    0x3ff2a00000000000, 0xbfc371fc201e9000, 0x3cf178864d27543a,
    0x3ff2800000000000, 0xbfc29552f81ff000, 0xbd248d301771c408,
    0x3ff2600000000000, 0xbfc1b72ad52f6000, 0xbd2e80a41811a396,
    0x3ff2600000000000, 0xbfc1b72ad52f6000, 0xbd2e80a41811a396,
    0x3ff2400000000000, 0xbfc0d77e7cd09000, 0x3d0a699688e85bf4,
    0x3ff2400000000000, 0xbfc0d77e7cd09000, 0x3d0a699688e85bf4,
    0x3ff2200000000000, 0xbfbfec9131dbe000, 0xbd2575545ca333f2,
    0x3ff2000000000000, 0xbfbe27076e2b0000, 0x3d2a342c2af0003c,
    0x3ff2000000000000, 0xbfbe27076e2b0000, 0x3d2a342c2af0003c,
    0x3ff1e00000000000, 0xbfbc5e548f5bc000, 0xbd1d0c57585fbe06,
    0x3ff1c00000000000, 0xbfba926d3a4ae000, 0x3d253935e85baac8,
    0x3ff1c00000000000, 0xbfba926d3a4ae000, 0x3d253935e85baac8,
    0x3ff1a00000000000, 0xbfb8c345d631a000, 0x3d137c294d2f5668,
    0x3ff1a00000000000, 0xbfb8c345d631a000, 0x3d137c294d2f5668,
    0x3ff1800000000000, 0xbfb6f0d28ae56000, 0xbd269737c93373da,
    0x3ff1600000000000, 0xbfb51b073f062000, 0x3d1f025b61c65e57,
    0x3ff1600000000000, 0xbfb51b073f062000, 0x3d1f025b61c65e57,
    0x3ff1400000000000, 0xbfb341d7961be000, 0x3d2c5edaccf913df,
    0x3ff1400000000000, 0xbfb341d7961be000, 0x3d2c5edaccf913df,
    0x3ff1200000000000, 0xbfb16536eea38000, 0x3d147c5e768fa309,
    0x3ff1000000000000, 0xbfaf0a30c0118000, 0x3d2d599e83368e91,
    0x3ff1000000000000, 0xbfaf0a30c0118000, 0x3d2d599e83368e91,
    0x3ff0e00000000000, 0xbfab42dd71198000, 0x3d1c827ae5d6704c,
    0x3ff0e00000000000, 0xbfab42dd71198000, 0x3d1c827ae5d6704c,
    0x3ff0c00000000000, 0xbfa77458f632c000, 0xbd2cfc4634f2a1ee,
    0x3ff0c00000000000, 0xbfa77458f632c000, 0xbd2cfc4634f2a1ee,
    0x3ff0a00000000000, 0xbfa39e87b9fec000, 0x3cf502b7f526feaa,
    0x3ff0a00000000000, 0xbfa39e87b9fec000, 0x3cf502b7f526feaa,
    0x3ff0800000000000, 0xbf9f829b0e780000, 0xbd2980267c7e09e4,
    0x3ff0800000000000, 0xbf9f829b0e780000, 0xbd2980267c7e09e4,
    0x3ff0600000000000, 0xbf97b91b07d58000, 0xbd288d5493faa639,
    0x3ff0400000000000, 0xbf8fc0a8b0fc0000, 0xbcdf1e7cf6d3a69c,
    0x3ff0400000000000, 0xbf8fc0a8b0fc0000, 0xbcdf1e7cf6d3a69c,
    0x3ff0200000000000, 0xbf7fe02a6b100000, 0xbd19e23f0dda40e4,
    0x3ff0200000000000, 0xbf7fe02a6b100000, 0xbd19e23f0dda40e4,
    0x3ff0000000000000, 0x0000000000000000, 0x0000000000000000,
    0x3ff0000000000000, 0x0000000000000000, 0x0000000000000000,
    0x3fefc00000000000, 0x3f80101575890000, 0xbd10c76b999d2be8,
    0x3fef800000000000, 0x3f90205658938000, 0xbd23dc5b06e2f7d2,
    0x3fef400000000000, 0x3f98492528c90000, 0xbd2aa0ba325a0c34,
    0x3fef000000000000, 0x3fa0415d89e74000, 0x3d0111c05cf1d753,
    0x3feec00000000000, 0x3fa466aed42e0000, 0xbd2c167375bdfd28,
    0x3fee800000000000, 0x3fa894aa149fc000, 0xbd197995d05a267d,
    0x3fee400000000000, 0x3faccb73cdddc000, 0xbd1a68f247d82807,
    0x3fee200000000000, 0x3faeea31c006c000, 0xbd0e113e4fc93b7b,
    0x3fede00000000000, 0x3fb1973bd1466000, 0xbd25325d560d9e9b,
    0x3feda00000000000, 0x3fb3bdf5a7d1e000, 0x3d2cc85ea5db4ed7,
    0x3fed600000000000, 0x3fb5e95a4d97a000, 0xbd2c69063c5d1d1e,
    0x3fed400000000000, 0x3fb700d30aeac000, 0x3cec1e8da99ded32,
    0x3fed000000000000, 0x3fb9335e5d594000, 0x3d23115c3abd47da,
    0x3fecc00000000000, 0x3fbb6ac88dad6000, 0xbd1390802bf768e5,
    0x3feca00000000000, 0x3fbc885801bc4000, 0x3d2646d1c65aacd3,
    0x3fec600000000000, 0x3fbec739830a2000, 0xbd2dc068afe645e0,
    0x3fec400000000000, 0x3fbfe89139dbe000, 0xbd2534d64fa10afd,
    0x3fec000000000000, 0x3fc1178e8227e000, 0x3d21ef78ce2d07f2,
    0x3febe00000000000, 0x3fc1aa2b7e23f000, 0x3d2ca78e44389934,
    0x3feba00000000000, 0x3fc2d1610c868000, 0x3d039d6ccb81b4a1,
    0x3feb800000000000, 0x3fc365fcb0159000, 0x3cc62fa8234b7289,
    0x3feb400000000000, 0x3fc4913d8333b000, 0x3d25837954fdb678,
    0x3feb200000000000, 0x3fc527e5e4a1b000, 0x3d2633e8e5697dc7,
    0x3feae00000000000, 0x3fc6574ebe8c1000, 0x3d19cf8b2c3c2e78,
    0x3feac00000000000, 0x3fc6f0128b757000, 0xbd25118de59c21e1,
    0x3feaa00000000000, 0x3fc7898d85445000, 0xbd1c661070914305,
    0x3fea600000000000, 0x3fc8beafeb390000, 0xbd073d54aae92cd1,
    0x3fea400000000000, 0x3fc95a5adcf70000, 0x3d07f22858a0ff6f,
    0x3fea000000000000, 0x3fca93ed3c8ae000, 0xbd28724350562169,
    0x3fe9e00000000000, 0x3fcb31d8575bd000, 0xbd0c358d4eace1aa,
    0x3fe9c00000000000, 0x3fcbd087383be000, 0xbd2d4bc4595412b6,
    0x3fe9a00000000000, 0x3fcc6ffbc6f01000, 0xbcf1ec72c5962bd2,
    0x3fe9600000000000, 0x3fcdb13db0d49000, 0xbd2aff2af715b035,
    0x3fe9400000000000, 0x3fce530effe71000, 0x3cc212276041f430,
    0x3fe9200000000000, 0x3fcef5ade4dd0000, 0xbcca211565bb8e11,
    0x3fe9000000000000, 0x3fcf991c6cb3b000, 0x3d1bcbecca0cdf30,
    0x3fe8c00000000000, 0x3fd07138604d5800, 0x3cf89cdb16ed4e91,
    0x3fe8a00000000000, 0x3fd0c42d67616000, 0x3d27188b163ceae9,
    0x3fe8800000000000, 0x3fd1178e8227e800, 0xbd2c210e63a5f01c,
    0x3fe8600000000000, 0x3fd16b5ccbacf800, 0x3d2b9acdf7a51681,
    0x3fe8400000000000, 0x3fd1bf99635a6800, 0x3d2ca6ed5147bdb7,
    0x3fe8200000000000, 0x3fd214456d0eb800, 0x3d0a87deba46baea,
    0x3fe7e00000000000, 0x3fd2bef07cdc9000, 0x3d2a9cfa4a5004f4,
    0x3fe7c00000000000, 0x3fd314f1e1d36000, 0xbd28e27ad3213cb8,
    0x3fe7a00000000000, 0x3fd36b6776be1000, 0x3d116ecdb0f177c8,
    0x3fe7800000000000, 0x3fd3c25277333000, 0x3d183b54b606bd5c,
    0x3fe7600000000000, 0x3fd419b423d5e800, 0x3d08e436ec90e09d,
    0x3fe7400000000000, 0x3fd4718dc271c800, 0xbd2f27ce0967d675,
    0x3fe7200000000000, 0x3fd4c9e09e173000, 0xbd2e20891b0ad8a4,
    0x3fe7000000000000, 0x3fd522ae0738a000, 0x3d2ebe708164c759,
    0x3fe6e00000000000, 0x3fd57bf753c8d000, 0x3d1fadedee5d40ef,
    0x3fe6c00000000000, 0x3fd5d5bddf596000, 0xbd0a0b2a08a465dc,
];

/// `pow` of each pair of lanes of `x` and `y`, equal bit for bit to glibc's `pow` of them.
///
/// # Safety
///
/// The CPU must have AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
// Generated code passes and receives `<4 x double>` in ymm registers: the C ABI of `__m256d`
// with AVX, which the target feature gives this function.
#[allow(improper_ctypes_definitions)]
pub unsafe extern "C" fn oxjit_vpow4_f64(x: __m256d, y: __m256d) -> __m256d {
    let (result, slow) = fast_path(x, y);
    if slow == 0 {
        return result;
    }
    scalar_lanes(x, y, result, slow)
}

/// `pow` of the lanes of `x` and `y` whose bit is set in `mask` (the others are garbage): the
/// variant a vectorised loop calls where `pow` is needed only on some items (the rare ties of
/// `x ** 3`, lower/cube.rs). One or two lanes cost less one by one than all four at once.
///
/// # Safety
///
/// The CPU must have AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[allow(improper_ctypes_definitions)]
pub unsafe extern "C" fn oxjit_vpow4_f64_masked(x: __m256d, y: __m256d, mask: i32) -> __m256d {
    let mask = mask & 0xf;
    if mask.count_ones() > 2 {
        // SAFETY: the CPU has AVX2 and FMA (this function's contract).
        return unsafe { oxjit_vpow4_f64(x, y) };
    }
    scalar_lanes(x, y, x, mask)
}

/// The result of glibc's fast path on each lane, and the mask of the lanes off it.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn fast_path(x: __m256d, y: __m256d) -> (__m256d, i32) {
    let (fast, sign_bias) = fast_lanes(x, y);
    // The other lanes compute 1.0 ** 1.0, so that no infinity or NaN raises a spurious flag.
    let one = _mm256_set1_pd(1.0);
    let ax = _mm256_blendv_pd(one, _mm256_andnot_pd(_mm256_set1_pd(-0.0), x), fast);
    let yf = _mm256_blendv_pd(one, y, fast);
    let (hi, lo) = log_inline(_mm256_castpd_si256(ax));
    // y log x = ehi + elo, as glibc forms it.
    let ehi = _mm256_mul_pd(yf, hi);
    let elo = _mm256_fmadd_pd(yf, lo, _mm256_fmsub_pd(hi, yf, ehi));
    // exp's table path covers 2^-54 <= |ehi| < 512.
    let etop = _mm256_and_si256(
        _mm256_srli_epi64::<52>(_mm256_castpd_si256(ehi)),
        _mm256_set1_epi64x(0x7ff),
    );
    let e_ok = _mm256_and_si256(
        _mm256_cmpgt_epi64(etop, _mm256_set1_epi64x(0x3c9 - 1)),
        _mm256_cmpgt_epi64(_mm256_set1_epi64x(0x408), etop),
    );
    let ok = _mm256_and_si256(_mm256_castpd_si256(fast), e_ok);
    let result = exp_inline(ehi, elo, sign_bias);
    (result, 0xf & !_mm256_movemask_pd(_mm256_castsi256_pd(ok)))
}

/// Whether the vector code computes `pow(x, y)` itself (for the tests).
#[cfg(test)]
pub(super) fn on_fast_path(x: f64, y: f64) -> bool {
    if !std::arch::is_x86_feature_detected!("avx2") || !std::arch::is_x86_feature_detected!("fma") {
        return false;
    }
    // SAFETY: the CPU has AVX2 and FMA (checked above).
    unsafe { fast_path(_mm256_set1_pd(x), _mm256_set1_pd(y)).1 == 0 }
}

/// The lanes on glibc's fast path (as a mask of doubles), and the sign bias of each lane (set
/// where x < 0 and y is an odd integer).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn fast_lanes(x: __m256d, y: __m256d) -> (__m256d, __m256i) {
    let ix = _mm256_castpd_si256(x);
    let iy = _mm256_castpd_si256(y);
    let top_mask = _mm256_set1_epi64x(0x7ff);
    let xtop = _mm256_and_si256(_mm256_srli_epi64::<52>(ix), top_mask);
    let ytop = _mm256_and_si256(_mm256_srli_epi64::<52>(iy), top_mask);
    // x normal (neither zero, subnormal, infinite nor NaN).
    let x_normal = _mm256_and_si256(
        _mm256_cmpgt_epi64(xtop, _mm256_setzero_si256()),
        _mm256_cmpgt_epi64(top_mask, xtop),
    );
    // 2^-65 <= |y| < 2^63.
    let y_ok = _mm256_and_si256(
        _mm256_cmpgt_epi64(ytop, _mm256_set1_epi64x(0x3be - 1)),
        _mm256_cmpgt_epi64(_mm256_set1_epi64x(0x43e), ytop),
    );
    // glibc's checkint: y an integer, and odd (|y| < 2^63 here, so y/2 is exact).
    let trunc = |v| _mm256_round_pd::<{ _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC }>(v);
    let y_int = _mm256_castpd_si256(_mm256_cmp_pd::<_CMP_EQ_OQ>(trunc(y), y));
    let half = _mm256_mul_pd(y, _mm256_set1_pd(0.5));
    let half_int = _mm256_castpd_si256(_mm256_cmp_pd::<_CMP_EQ_OQ>(trunc(half), half));
    let y_odd = _mm256_andnot_si256(half_int, y_int);
    let negative = _mm256_cmpgt_epi64(_mm256_setzero_si256(), ix);
    // x > 0, or x < 0 and y an integer.
    let sign_ok = _mm256_andnot_si256(_mm256_andnot_si256(y_int, negative), x_normal);
    let fast = _mm256_and_si256(sign_ok, y_ok);
    let sign_bias = _mm256_and_si256(
        _mm256_and_si256(negative, y_odd),
        _mm256_set1_epi64x(SIGN_BIAS),
    );
    (_mm256_castsi256_pd(fast), sign_bias)
}

/// log(x) = hi + lo for the bits `ix` of a positive normal x: glibc's `log_inline`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn log_inline(ix: __m256i) -> (__m256d, __m256d) {
    let tmp = _mm256_sub_epi64(ix, _mm256_set1_epi64x(OFF));
    let i = _mm256_and_si256(_mm256_srli_epi64::<45>(tmp), _mm256_set1_epi64x(127));
    // k = tmp >> 52, arithmetic (AVX2 has no 64-bit one: the 12-bit field sign-extended), as
    // a double: the bits of 1.5 * 2^52 + k less 1.5 * 2^52, exact.
    let field = _mm256_srli_epi64::<52>(tmp);
    let k = _mm256_sub_epi64(
        _mm256_xor_si256(field, _mm256_set1_epi64x(0x800)),
        _mm256_set1_epi64x(0x800),
    );
    let shift = _mm256_set1_pd(SHIFT);
    let kd = _mm256_sub_pd(
        _mm256_castsi256_pd(_mm256_add_epi64(_mm256_castpd_si256(shift), k)),
        shift,
    );
    let iz = _mm256_sub_epi64(
        ix,
        _mm256_and_si256(tmp, _mm256_set1_epi64x(0xfff0_0000_0000_0000u64 as i64)),
    );
    let z = _mm256_castsi256_pd(iz);
    let row = _mm256_add_epi64(i, _mm256_slli_epi64::<1>(i));
    let table = LOG_TABLE.as_ptr() as *const f64;
    // SAFETY: `row` is 3 i with i at most 127, so `row + 2` indexes within the 384 entries.
    let (invc, logc, logctail) = unsafe {
        (
            _mm256_i64gather_pd::<8>(table, row),
            _mm256_i64gather_pd::<8>(table.add(1), row),
            _mm256_i64gather_pd::<8>(table.add(2), row),
        )
    };
    let set = _mm256_set1_pd;
    // r = z/c - 1, exact.
    let r = _mm256_fmadd_pd(z, invc, set(-1.0));
    // k ln2 + log c + r, in double-double.
    let t1 = _mm256_fmadd_pd(kd, set(LN2_HI), logc);
    let lo1 = _mm256_fmadd_pd(kd, set(LN2_LO), logctail);
    let t2 = _mm256_add_pd(t1, r);
    let lo2 = _mm256_add_pd(_mm256_sub_pd(t1, t2), r);
    let ar = _mm256_mul_pd(r, set(A[0]));
    let ar2 = _mm256_mul_pd(r, ar);
    let ar3 = _mm256_mul_pd(r, ar2);
    let hi = _mm256_add_pd(t2, ar2);
    let lo3 = _mm256_fmsub_pd(ar, r, ar2);
    let lo4 = _mm256_add_pd(_mm256_sub_pd(t2, hi), ar2);
    // p = ar3 (A1 + r A2 + ar2 (A3 + r A4 + ar2 (A5 + r A6))), its last product fused into lo.
    let q12 = _mm256_fmadd_pd(r, set(A[2]), set(A[1]));
    let q34 = _mm256_fmadd_pd(r, set(A[4]), set(A[3]));
    let q56 = _mm256_fmadd_pd(r, set(A[6]), set(A[5]));
    let q = _mm256_fmadd_pd(ar2, _mm256_fmadd_pd(q56, ar2, q34), q12);
    let sum = _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(lo1, lo2), lo3), lo4);
    let lo = _mm256_fmadd_pd(ar3, q, sum);
    let y = _mm256_add_pd(hi, lo);
    let tail = _mm256_add_pd(_mm256_sub_pd(hi, y), lo);
    (y, tail)
}

/// exp(x + xtail), its sign flipped where `sign_bias` is set: glibc's `exp_inline` on its
/// table path (2^-54 <= |x| < 512; other lanes give garbage).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn exp_inline(x: __m256d, xtail: __m256d, sign_bias: __m256i) -> __m256d {
    let set = _mm256_set1_pd;
    let kd = _mm256_fmadd_pd(x, set(INV_LN2_N), set(SHIFT));
    let ki = _mm256_castpd_si256(kd);
    let kd = _mm256_sub_pd(kd, set(SHIFT));
    let r = _mm256_fmadd_pd(kd, set(NEG_LN2_HI_N), x);
    let r = _mm256_fmadd_pd(kd, set(NEG_LN2_LO_N), r);
    let r = _mm256_add_pd(xtail, r);
    let idx = _mm256_slli_epi64::<1>(_mm256_and_si256(ki, _mm256_set1_epi64x(127)));
    let table = EXP_TABLE.as_ptr() as *const i64;
    // SAFETY: `idx` is at most 254, so `idx` and `idx + 1` index within the 256 entries.
    let (tail, sbits) = unsafe {
        (
            _mm256_castsi256_pd(_mm256_i64gather_epi64::<8>(table, idx)),
            _mm256_i64gather_epi64::<8>(table.add(1), idx),
        )
    };
    let top = _mm256_slli_epi64::<45>(_mm256_add_epi64(ki, sign_bias));
    let sbits = _mm256_add_epi64(sbits, top);
    let p23 = _mm256_fmadd_pd(r, set(C3), set(C2));
    let t = _mm256_add_pd(r, tail);
    let r2 = _mm256_mul_pd(r, r);
    let p45 = _mm256_fmadd_pd(r, set(C5), set(C4));
    let tmp = _mm256_fmadd_pd(p23, r2, t);
    let r4 = _mm256_mul_pd(r2, r2);
    let tmp = _mm256_fmadd_pd(p45, r4, tmp);
    let scale = _mm256_castsi256_pd(sbits);
    _mm256_fmadd_pd(tmp, scale, scale)
}

/// `result` with the lanes set in `mask` replaced by the C library's `pow` of those lanes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn scalar_lanes(x: __m256d, y: __m256d, result: __m256d, mask: i32) -> __m256d {
    let (mut xs, mut ys, mut out) = ([0.0f64; 4], [0.0f64; 4], [0.0f64; 4]);
    // SAFETY: the arrays hold four doubles each; the stores and the load are unaligned ones.
    unsafe {
        _mm256_storeu_pd(xs.as_mut_ptr(), x);
        _mm256_storeu_pd(ys.as_mut_ptr(), y);
        _mm256_storeu_pd(out.as_mut_ptr(), result);
    }
    for lane in 0..4 {
        if mask & (1 << lane) != 0 {
            out[lane] = crate::libm::pow(xs[lane], ys[lane]);
        }
    }
    // SAFETY: as above.
    unsafe { _mm256_loadu_pd(out.as_ptr()) }
}
