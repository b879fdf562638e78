//! NumPy's own SIMD float32 functions (`np_exp_log_f32`, `np_sincos_f32`), used for float32
//! `np.exp`/`np.log`/`np.sin`/`np.cos` where this process's NumPy computes the same bits: the
//! Python extension runs NumPy's ufunc on [`check_inputs`] once, at import, and hands the
//! results to [`verify`]. Until then, and where they differ (another NumPy version, an AVX-512
//! CPU where NumPy takes its AVX-512 path, NumPy missing) or `OXJIT_NO_VMATH` is set, the C
//! library's `expf`/`logf`/`sinf`/`cosf` stay.

use std::sync::OnceLock;

use super::VectorFn;

/// NumPy's functions with their eight-lane variants (`libm` holds the ufunc's name).
pub const NP_SIMD_F32_FNS: &[VectorFn] = &[
    VectorFn {
        libm: "exp",
        scalar: "oxjit_np_exp_f32",
        vector: "oxjit_np_vexp8_f32",
        lanes: 8,
        args: 1,
        masked: None,
    },
    VectorFn {
        libm: "log",
        scalar: "oxjit_np_log_f32",
        vector: "oxjit_np_vlog8_f32",
        lanes: 8,
        args: 1,
        masked: None,
    },
    VectorFn {
        libm: "tanh",
        scalar: "oxjit_np_tanh_f32",
        vector: "oxjit_np_vtanh8_f32",
        lanes: 8,
        args: 1,
        masked: None,
    },
    VectorFn {
        libm: "sin",
        scalar: "oxjit_np_sin_f32",
        vector: "oxjit_np_vsin8_f32",
        lanes: 8,
        args: 1,
        masked: None,
    },
    VectorFn {
        libm: "cos",
        scalar: "oxjit_np_cos_f32",
        vector: "oxjit_np_vcos8_f32",
        lanes: 8,
        args: 1,
        masked: None,
    },
];

/// NumPy's float64 functions with their four-lane variants (`np_tanh`), checked apart from
/// the float32 ones ([`verify_f64`]).
pub const NP_SIMD_F64_FNS: &[VectorFn] = &[VectorFn {
    libm: "tanh",
    scalar: "oxjit_np_tanh_f64",
    vector: "oxjit_np_vtanh4_f64",
    lanes: 4,
    args: 1,
    masked: None,
}];

static VERIFIED: OnceLock<bool> = OnceLock::new();
static VERIFIED_F64: OnceLock<bool> = OnceLock::new();

/// The function computing NumPy's float32 ufunc `name`, when the self-check found it equal.
pub fn variant(name: &str) -> Option<&'static VectorFn> {
    if !enabled() {
        return None;
    }
    NP_SIMD_F32_FNS.iter().find(|f| f.libm == name)
}

/// Whether NumPy's float32 functions are in use (the self-check ran and passed).
pub fn enabled() -> bool {
    VERIFIED.get().copied().unwrap_or(false)
}

/// The function computing NumPy's float64 ufunc `name`, when [`verify_f64`] found it equal.
pub fn variant_f64(name: &str) -> Option<&'static VectorFn> {
    if !enabled_f64() {
        return None;
    }
    NP_SIMD_F64_FNS.iter().find(|f| f.libm == name)
}

/// Whether NumPy's float64 functions are in use (their self-check ran and passed).
pub fn enabled_f64() -> bool {
    VERIFIED_F64.get().copied().unwrap_or(false)
}

/// The float64 self-check, as [`verify`]: `numpy(name, inputs)` is NumPy's float64 ufunc.
pub fn verify_f64(numpy: impl Fn(&str, &[f64]) -> Option<Vec<f64>>) -> bool {
    *VERIFIED_F64.get_or_init(|| {
        if !super::available() {
            return false;
        }
        let xs = super::np_tanh::check_inputs_f64(4096, 0x2545_f491_4f6c_dd1d);
        NP_SIMD_F64_FNS.iter().all(|f| {
            let Some(want) = numpy(f.libm, &xs) else {
                return false;
            };
            let same = |ys: Option<Vec<f64>>| same_bits(ys, &want, f64::to_bits);
            same(super::np_tanh::apply_f64(&xs, false))
                && same(super::np_tanh::apply_f64(&xs, true))
        })
    })
}

/// Runs the self-check once: `numpy(name, inputs)` returns NumPy's ufunc `name` of `inputs`
/// (`None` where NumPy could not be called); both the scalar and the eight-lane functions must
/// give its bits for every input. Returns whether they are in use.
pub fn verify(numpy: impl Fn(&str, &[f32]) -> Option<Vec<f32>>) -> bool {
    *VERIFIED.get_or_init(|| {
        if !super::available() {
            return false;
        }
        let mut xs = check_inputs(4096, 0x2545_f491_4f6c_dd1d);
        xs.extend(super::np_tanh::check_inputs_f32(
            2048,
            0x9e37_79b9_7f4a_7c15,
        ));
        xs.extend(super::np_sincos_f32::check_inputs(
            4096,
            0x9e37_79b9_7f4a_7c15,
        ));
        NP_SIMD_F32_FNS.iter().all(|f| {
            let Some(want) = numpy(f.libm, &xs) else {
                return false;
            };
            let same = |ys: Option<Vec<f32>>| same_bits(ys, &want, f32::to_bits);
            same(apply(f.libm, &xs, false)) && same(apply(f.libm, &xs, true))
        })
    })
}

/// The (name, address) of the functions, for the JIT's symbol table (empty where unused).
pub fn symbols() -> Vec<(&'static str, usize)> {
    let mut symbols = Vec::new();
    if enabled_f64() {
        symbols.extend(super::np_tanh::symbols_f64());
    }
    #[cfg(target_arch = "x86_64")]
    if enabled() {
        use super::np_exp_log_f32::*;
        symbols.extend(super::np_tanh::symbols_f32());
        symbols.extend(super::np_sincos_f32::symbols());
        symbols.extend([
            ("oxjit_np_exp_f32", oxjit_np_exp_f32 as *const () as usize),
            (
                "oxjit_np_vexp8_f32",
                oxjit_np_vexp8_f32 as *const () as usize,
            ),
            ("oxjit_np_log_f32", oxjit_np_log_f32 as *const () as usize),
            (
                "oxjit_np_vlog8_f32",
                oxjit_np_vlog8_f32 as *const () as usize,
            ),
        ]);
    }
    symbols
}

/// NumPy's float32 `name` of `xs` by the eight-lane function (`vector`, a tail padded with
/// ones) or the scalar one; `None` where there is none or the CPU lacks AVX2/FMA.
pub fn apply(name: &str, xs: &[f32], vector: bool) -> Option<Vec<f32>> {
    if name == "tanh" {
        return super::np_tanh::apply_f32(xs, vector);
    }
    #[cfg(target_arch = "x86_64")]
    {
        if !super::cpu_supported() {
            return None;
        }
        if ["sin", "cos"].contains(&name) {
            // SAFETY: the CPU has AVX2 and FMA (checked above).
            return Some(unsafe { super::np_sincos_f32::apply(name == "cos", xs, vector) });
        }
        if !["exp", "log"].contains(&name) {
            return None;
        }
        // SAFETY: the CPU has AVX2 and FMA (checked above).
        Some(unsafe { apply_avx2(name == "exp", xs, vector) })
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let _ = (name, xs, vector);
        None
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn apply_avx2(exp: bool, xs: &[f32], vector: bool) -> Vec<f32> {
    use super::np_exp_log_f32::*;
    use std::arch::x86_64::*;
    if !vector {
        // SAFETY: AVX2 and FMA are enabled here.
        return xs
            .iter()
            .map(|&x| unsafe {
                if exp {
                    oxjit_np_exp_f32(x)
                } else {
                    oxjit_np_log_f32(x)
                }
            })
            .collect();
    }
    let mut out = Vec::with_capacity(xs.len() + 7);
    for chunk in xs.chunks(8) {
        let mut lanes = [1.0f32; 8];
        lanes[..chunk.len()].copy_from_slice(chunk);
        let mut ys = [0.0f32; 8];
        // SAFETY: eight floats are read and written; the functions need AVX2 and FMA.
        unsafe {
            let x = _mm256_loadu_ps(lanes.as_ptr());
            let y = if exp {
                oxjit_np_vexp8_f32(x)
            } else {
                oxjit_np_vlog8_f32(x)
            };
            _mm256_storeu_ps(ys.as_mut_ptr(), y);
        }
        out.extend_from_slice(&ys[..chunk.len()]);
    }
    out
}

/// Inputs of the self-check: special values, then `n` pseudo-random floats over the ranges
/// where exp and log branch (overflow, subnormal results, subnormal inputs) and random bits.
pub fn check_inputs(n: usize, seed: u64) -> Vec<f32> {
    let mut xs = vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        -f32::NAN,
        f32::MIN_POSITIVE,
        f32::from_bits(1),
        f32::from_bits(0x007f_ffff),
        f32::MAX,
        f32::MIN,
        88.722_84,
        88.722_83,
        -103.972_08,
        -103.972_09,
        -87.336_55,
        -87.0,
        std::f32::consts::FRAC_1_SQRT_2,
    ];
    let mut next = super::check_stream(seed);
    let unit = |u: u64| (u >> 40) as f32 / (1u64 << 24) as f32;
    for i in 0..n {
        let u = next();
        let x = match i % 6 {
            0 => f32::from_bits((u >> 32) as u32),
            // exp's whole finite range and a little beyond.
            1 | 2 => (2.0 * unit(u) - 1.0) * 110.0,
            // Subnormal exp results.
            3 => -87.0 - 17.0 * unit(u),
            // log near 1 and over many binades.
            4 => 0.5 + unit(u),
            _ => f32::from_bits((u >> 33) as u32),
        };
        xs.push(x);
    }
    xs
}

/// Whether `ys` holds `want`'s items bit for bit.
fn same_bits<T: Copy, B: PartialEq>(ys: Option<Vec<T>>, want: &[T], bits: fn(T) -> B) -> bool {
    ys.is_some_and(|ys| {
        ys.len() == want.len() && ys.iter().zip(want).all(|(&a, &b)| bits(a) == bits(b))
    })
}
