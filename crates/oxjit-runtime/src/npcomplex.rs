//! NumPy's ufuncs on complex numbers, computed as NumPy computes them so that results agree bit
//! for bit: on Linux NumPy's `npy_csqrt`, `npy_cexp`, `npy_clog`, `npy_csin`... are the C
//! library's C99 `csqrt`, `cexp`, `clog`, `csin`... (`npymath/npy_math_complex.c.src` wraps them
//! when the platform has them), so these call the same functions; `log10`, `log2`, `exp2`,
//! `expm1` and `log1p` are composed as in `umath/funcs.inc.src`, `power` is `npy_cpow` (small
//! integer exponents by repeated multiplication, `cpow` otherwise), and `sign` and `reciprocal`
//! are the loops of `umath/loops.c.src`.
//!
//! These differ from CPython's `cmath` (ported in `cmathfns`) at special values and in the last
//! bit elsewhere, and never raise: NaN and infinities flow through.
//!
//! Every function has a float64 form (`oxjit_rt_npc_sqrt`) and a float32 one (`..._sqrtf`, on
//! `csqrtf` & co.), taking the parts by value and writing the result's parts through `out`.

use crate::libm::{self, Cx};

/// One float width's functions: a module with the `extern "C"` entry points and their symbols,
/// named `oxjit_rt_npc_<ufunc>` plus `$sfx` ("" for complex128, "f" for complex64).
macro_rules! width {
    ($module:ident, $t:ident, $sfx:literal, $cpow:ident, $expm1:ident, $exp:ident, $sin:ident,
     $cos:ident, $log:ident, $hypot:ident, $atan2:ident, $clog:ident, $cexp:ident,
     [$($np:ident => $c:ident,)*]) => {
        pub mod $module {
            use super::{libm, Cx};
            // NumPy's NPY_LOG10E, NPY_LOG2E, NPY_LOGE2 (`npy_math.h`), rounded to this width.
            use std::$t::consts::{LN_2 as LOGE2, LOG10_E as LOG10E, LOG2_E as LOG2E};
            type T = $t;

            fn c(re: T, im: T) -> Cx<T> {
                Cx { re, im }
            }

            fn store(out: &mut [T; 2], z: Cx<T>) {
                *out = [z.re, z.im];
            }

            /// `cmul` of `npy_math_complex.c.src` (npymath is built without FMA contraction).
            fn cmul(a: Cx<T>, b: Cx<T>) -> Cx<T> {
                c(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
            }

            /// `cdiv` of `npy_math_complex.c.src` (Smith's method, with a reciprocal scale).
            fn cdiv(a: Cx<T>, b: Cx<T>) -> Cx<T> {
                let (abs_br, abs_bi) = (b.re.abs(), b.im.abs());
                if abs_br >= abs_bi {
                    if abs_br == 0.0 && abs_bi == 0.0 {
                        return c(a.re / abs_br, a.im / abs_bi);
                    }
                    let rat = b.im / b.re;
                    let scl = 1.0 / (b.re + b.im * rat);
                    c((a.re + a.im * rat) * scl, (a.im - a.re * rat) * scl)
                } else {
                    let rat = b.re / b.im;
                    let scl = 1.0 / (b.im + b.re * rat);
                    c((a.re * rat + a.im) * scl, (a.im * rat - a.re) * scl)
                }
            }

            /// `npy_cpow`: 1 for a zero exponent, 0 or NaN for a zero base, small integer
            /// exponents by repeated multiplication (exactly NumPy's sequence), else `cpow`.
            fn cpow(a: Cx<T>, b: Cx<T>) -> Cx<T> {
                if b.re == 0.0 && b.im == 0.0 {
                    return c(1.0, 0.0);
                }
                if a.re == 0.0 && a.im == 0.0 {
                    return if b.re > 0.0 { c(0.0, 0.0) } else { c(T::NAN, T::NAN) };
                }
                if b.im == 0.0 && b.re > -100.0 && b.re < 100.0 && b.re == (b.re as i64) as T {
                    let n = b.re as i64;
                    return match n {
                        1 => a,
                        2 => cmul(a, a),
                        3 => cmul(a, cmul(a, a)),
                        _ => {
                            let n = n.abs();
                            let mut mask = 1i64;
                            let mut aa = c(1.0, 0.0);
                            let mut p = a;
                            loop {
                                if n & mask != 0 {
                                    aa = cmul(aa, p);
                                }
                                mask <<= 1;
                                if n < mask {
                                    break;
                                }
                                p = cmul(p, p);
                            }
                            if b.re < 0.0 {
                                cdiv(c(1.0, 0.0), aa)
                            } else {
                                aa
                            }
                        }
                    };
                }
                libm::$cpow(a, b)
            }

            /// The `sign` loop of `loops.c.src`: z / |z|, with NaN, infinite and zero cases.
            fn sign(z: Cx<T>) -> Cx<T> {
                let abs = libm::$hypot(z.re, z.im);
                let unit = |x: T| if x > 0.0 { 1.0 } else { -1.0 };
                if abs.is_nan() {
                    c(T::NAN, T::NAN)
                } else if abs.is_infinite() {
                    match (z.re.is_infinite(), z.im.is_infinite()) {
                        (true, true) => c(T::NAN, T::NAN),
                        (true, false) => c(unit(z.re), 0.0),
                        _ => c(0.0, unit(z.im)),
                    }
                } else if abs == 0.0 {
                    c(0.0, 0.0)
                } else {
                    c(z.re / abs, z.im / abs)
                }
            }

            /// The `reciprocal` loop of `loops.c.src`.
            fn reciprocal(z: Cx<T>) -> Cx<T> {
                if z.im.abs() <= z.re.abs() {
                    let r = z.im / z.re;
                    let d = z.re + z.im * r;
                    c(1.0 / d, -r / d)
                } else {
                    let r = z.re / z.im;
                    let d = z.re * r + z.im;
                    c(r / d, -1.0 / d)
                }
            }

            /// `nc_log10`, `nc_log2`: the natural log's parts times a constant.
            fn scaled_log(z: Cx<T>, k: T) -> Cx<T> {
                let l = libm::$clog(z);
                c(l.re * k, l.im * k)
            }

            /// `nc_exp2`: exp(z * ln 2).
            fn exp2(z: Cx<T>) -> Cx<T> {
                libm::$cexp(c(z.re * LOGE2, z.im * LOGE2))
            }

            /// `nc_expm1` of `funcs.inc.src`.
            fn expm1(z: Cx<T>) -> Cx<T> {
                let a = libm::$sin(z.im / 2.0);
                c(
                    libm::$expm1(z.re) * libm::$cos(z.im) - 2.0 * a * a,
                    libm::$exp(z.re) * libm::$sin(z.im),
                )
            }

            /// `nc_log1p` of `funcs.inc.src`.
            fn log1p(z: Cx<T>) -> Cx<T> {
                let l = libm::$hypot(z.re + 1.0, z.im);
                c(libm::$log(l), libm::$atan2(z.im, z.re + 1.0))
            }

            $(
                pub extern "C" fn $np(re: T, im: T, out: &mut [T; 2]) {
                    store(out, libm::$c(c(re, im)));
                }
            )*

            pub extern "C" fn log10(re: T, im: T, out: &mut [T; 2]) {
                store(out, scaled_log(c(re, im), LOG10E));
            }

            pub extern "C" fn log2(re: T, im: T, out: &mut [T; 2]) {
                store(out, scaled_log(c(re, im), LOG2E));
            }

            pub extern "C" fn exp2_(re: T, im: T, out: &mut [T; 2]) {
                store(out, exp2(c(re, im)));
            }

            pub extern "C" fn expm1_(re: T, im: T, out: &mut [T; 2]) {
                store(out, expm1(c(re, im)));
            }

            pub extern "C" fn log1p_(re: T, im: T, out: &mut [T; 2]) {
                store(out, log1p(c(re, im)));
            }

            pub extern "C" fn sign_(re: T, im: T, out: &mut [T; 2]) {
                store(out, sign(c(re, im)));
            }

            pub extern "C" fn reciprocal_(re: T, im: T, out: &mut [T; 2]) {
                store(out, reciprocal(c(re, im)));
            }

            pub extern "C" fn power(ar: T, ai: T, br: T, bi: T, out: &mut [T; 2]) {
                store(out, cpow(c(ar, ai), c(br, bi)));
            }

            pub fn symbols() -> Vec<(&'static str, usize)> {
                vec![
                    $((concat!("oxjit_rt_npc_", stringify!($np), $sfx), $np as *const () as usize),)*
                    (concat!("oxjit_rt_npc_log10", $sfx), log10 as *const () as usize),
                    (concat!("oxjit_rt_npc_log2", $sfx), log2 as *const () as usize),
                    (concat!("oxjit_rt_npc_exp2", $sfx), exp2_ as *const () as usize),
                    (concat!("oxjit_rt_npc_expm1", $sfx), expm1_ as *const () as usize),
                    (concat!("oxjit_rt_npc_log1p", $sfx), log1p_ as *const () as usize),
                    (concat!("oxjit_rt_npc_sign", $sfx), sign_ as *const () as usize),
                    (concat!("oxjit_rt_npc_reciprocal", $sfx), reciprocal_ as *const () as usize),
                    (concat!("oxjit_rt_npc_power", $sfx), power as *const () as usize),
                ]
            }
        }
    };
}

width!(c128, f64, "", cpow, expm1, exp, sin, cos, log, hypot, atan2, clog, cexp, [
    sqrt => csqrt, exp => cexp, log => clog, sin => csin, cos => ccos, tan => ctan,
    sinh => csinh, cosh => ccosh, tanh => ctanh, arcsin => casin, arccos => cacos,
    arctan => catan, arcsinh => casinh, arccosh => cacosh, arctanh => catanh,
]);

width!(c64, f32, "f", cpowf, expm1f, expf, sinf, cosf, logf, hypotf, atan2f, clogf, cexpf, [
    sqrt => csqrtf, exp => cexpf, log => clogf, sin => csinf, cos => ccosf, tan => ctanf,
    sinh => csinhf, cosh => ccoshf, tanh => ctanhf, arcsin => casinf, arccos => cacosf,
    arctan => catanf, arcsinh => casinhf, arccosh => cacoshf, arctanh => catanhf,
]);

pub fn symbols() -> Vec<(&'static str, usize)> {
    let mut out = c128::symbols();
    out.extend(c64::symbols());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpow_small_integer_exponents_multiply() {
        let mut out = [0.0f64; 2];
        c128::power(1.0, 1.0, 2.0, 0.0, &mut out);
        assert_eq!(out, [0.0, 2.0]);
        c128::power(0.0, 0.0, -1.0, 0.0, &mut out);
        assert!(out[0].is_nan() && out[1].is_nan());
        c128::power(2.0, 0.0, -2.0, 0.0, &mut out);
        assert_eq!(out, [0.25, 0.0]);
    }

    #[test]
    fn sqrt_calls_the_c_library() {
        let mut out = [0.0f32; 2];
        c64::sqrt(-4.0, 0.0, &mut out);
        assert_eq!(out, [0.0, 2.0]);
    }
}
