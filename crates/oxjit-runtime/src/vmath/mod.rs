//! Math functions on four doubles at once (AVX2 + FMA), equal bit for bit to the C library's
//! scalar functions, which NumPy's float64 ufuncs and CPython's `math` call element by element.
//! Generated code reaches them through LLVM's loop vectoriser: a libm call in a loop carries
//! the `vector-function-abi-variant` attribute naming the four-lane function (see codegen's
//! `lower/vector_math.rs`).
//!
//! They are used only where [`vector_variant`] says so: on x86-64 with AVX2 and FMA, and after
//! a self-check at first use found them equal to this process's libm on a few thousand inputs
//! (another C library, or another version of glibc, may round differently).

use std::sync::OnceLock;

#[cfg(target_arch = "x86_64")]
mod exp;
#[cfg(target_arch = "x86_64")]
mod np_exp_log_f32;
pub mod np_simd;
mod np_sincos_f32;
pub mod np_tanh;
#[cfg(target_arch = "x86_64")]
mod pow;
#[cfg(target_arch = "x86_64")]
pub mod pow_inputs;
#[cfg(target_arch = "x86_64")]
mod sin;
#[cfg(test)]
mod tests;

/// A libm function with a four-lane variant.
#[derive(Debug)]
pub struct VectorFn {
    /// The C library's name (`exp`).
    pub libm: &'static str,
    /// The name generated code calls for one double: the C library's function itself, under a
    /// name LLVM does not know (so that it neither turns it into its intrinsic nor folds it).
    pub scalar: &'static str,
    /// The four-lane function, `<4 x double> (<4 x double>, ...)`.
    pub vector: &'static str,
    /// Its number of lanes.
    pub lanes: u32,
    /// Its number of arguments (1, or 2 for `pow`), each a double (or vector of doubles).
    pub args: u32,
    /// The masked variant, `<4 x double> (<4 x double>..., i32 mask)`: the lanes whose bit is
    /// set in the mask computed, the others garbage (for a call on only some items).
    pub masked: Option<&'static str>,
}

/// Every function with a vector variant.
pub const VECTOR_FNS: &[VectorFn] = &[
    VectorFn {
        libm: "exp",
        scalar: "oxjit_exp_f64",
        vector: "oxjit_vexp4_f64",
        lanes: 4,
        args: 1,
        masked: None,
    },
    VectorFn {
        libm: "sin",
        scalar: "oxjit_sin_f64",
        vector: "oxjit_vsin4_f64",
        lanes: 4,
        args: 1,
        masked: None,
    },
    VectorFn {
        libm: "cos",
        scalar: "oxjit_cos_f64",
        vector: "oxjit_vcos4_f64",
        lanes: 4,
        args: 1,
        masked: None,
    },
    VectorFn {
        libm: "pow",
        scalar: "oxjit_pow_f64",
        vector: "oxjit_vpow4_f64",
        lanes: 4,
        args: 2,
        masked: Some("oxjit_vpow4_f64_masked"),
    },
];

/// The vector variant of libm's `name` on doubles, when this machine may use it.
pub fn vector_variant(name: &str) -> Option<&'static VectorFn> {
    if !available() {
        return None;
    }
    VECTOR_FNS.iter().find(|f| f.libm == name)
}

/// Whether the CPU has AVX2 and FMA and the vector functions agree with libm (checked once).
pub fn available() -> bool {
    static OK: OnceLock<bool> = OnceLock::new();
    *OK.get_or_init(|| {
        cpu_supported() && std::env::var_os("OXJIT_NO_VMATH").is_none() && self_check()
    })
}

pub(crate) fn cpu_supported() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// The (name, address) of the scalar aliases and vector functions, for the JIT's symbol table
/// (empty where they are not used).
pub fn symbols() -> Vec<(&'static str, usize)> {
    if !available() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for f in VECTOR_FNS {
        if let (Some(scalar), Some(vector)) = (crate::libm::address_of(f.libm), vector_address(f)) {
            out.push((f.scalar, scalar));
            out.push((f.vector, vector));
            if let (Some(name), Some(masked)) = (f.masked, masked_address(f)) {
                out.push((name, masked));
            }
        }
    }
    out
}

#[cfg(target_arch = "x86_64")]
fn vector_address(f: &VectorFn) -> Option<usize> {
    match f.args {
        1 => Some(vector_fn(f.libm)? as usize),
        _ => Some(vector_fn2(f.libm)? as usize),
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn vector_address(_: &VectorFn) -> Option<usize> {
    None
}

#[cfg(target_arch = "x86_64")]
fn masked_address(f: &VectorFn) -> Option<usize> {
    match f.libm {
        "pow" => Some(pow::oxjit_vpow4_f64_masked as *const () as usize),
        _ => None,
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn masked_address(_: &VectorFn) -> Option<usize> {
    None
}

#[cfg(target_arch = "x86_64")]
#[allow(improper_ctypes_definitions)]
type Vec4Fn = unsafe extern "C" fn(std::arch::x86_64::__m256d) -> std::arch::x86_64::__m256d;

/// The four-lane function computing libm's `name`.
#[cfg(target_arch = "x86_64")]
fn vector_fn(name: &str) -> Option<Vec4Fn> {
    match name {
        "exp" => Some(exp::oxjit_vexp4_f64),
        "sin" => Some(sin::oxjit_vsin4_f64),
        "cos" => Some(sin::oxjit_vcos4_f64),
        _ => None,
    }
}

#[cfg(target_arch = "x86_64")]
#[allow(improper_ctypes_definitions)]
type Vec4Fn2 = unsafe extern "C" fn(
    std::arch::x86_64::__m256d,
    std::arch::x86_64::__m256d,
) -> std::arch::x86_64::__m256d;

/// The four-lane function computing libm's two-argument `name`.
#[cfg(target_arch = "x86_64")]
fn vector_fn2(name: &str) -> Option<Vec4Fn2> {
    match name {
        "pow" => Some(pow::oxjit_vpow4_f64),
        _ => None,
    }
}

/// Lanes whose bit is set in `mask` replaced by the C library's `f` of that lane of `x`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn per_lane_fallback(
    x: std::arch::x86_64::__m256d,
    y: std::arch::x86_64::__m256d,
    mask: i32,
    f: fn(f64) -> f64,
) -> std::arch::x86_64::__m256d {
    use std::arch::x86_64::*;
    let (mut xs, mut ys) = ([0.0f64; 4], [0.0f64; 4]);
    // SAFETY: both arrays hold four doubles; the stores and the load are unaligned ones.
    unsafe {
        _mm256_storeu_pd(xs.as_mut_ptr(), x);
        _mm256_storeu_pd(ys.as_mut_ptr(), y);
    }
    for lane in 0..4 {
        if mask & (1 << lane) != 0 {
            ys[lane] = f(xs[lane]);
        }
    }
    // SAFETY: as above.
    unsafe { _mm256_loadu_pd(ys.as_ptr()) }
}

/// The four-lane function computing libm's `name` applied to `xs`, four at a time (a tail
/// padded with zeros); `None` where there is none or the CPU lacks AVX2/FMA.
#[cfg(target_arch = "x86_64")]
pub fn apply(name: &str, xs: &[f64]) -> Option<Vec<f64>> {
    if !cpu_supported() {
        return None;
    }
    let f = vector_fn(name)?;
    // SAFETY: the CPU has AVX2 and FMA (checked above).
    Some(unsafe { apply_avx2(f, xs) })
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn apply_avx2(f: Vec4Fn, xs: &[f64]) -> Vec<f64> {
    use std::arch::x86_64::*;
    let mut out = Vec::with_capacity(xs.len() + 3);
    for chunk in xs.chunks(4) {
        let mut lanes = [0.0f64; 4];
        lanes[..chunk.len()].copy_from_slice(chunk);
        let mut ys = [0.0f64; 4];
        // SAFETY: four doubles are read and written; `f` needs AVX2 and FMA, enabled here.
        unsafe {
            let y = f(_mm256_loadu_pd(lanes.as_ptr()));
            _mm256_storeu_pd(ys.as_mut_ptr(), y);
        }
        out.extend_from_slice(&ys[..chunk.len()]);
    }
    out
}

/// The four-lane function computing libm's two-argument `name` applied to the pairs of `xs`
/// and `ys`, four at a time; `None` where there is none or the CPU lacks AVX2/FMA.
#[cfg(target_arch = "x86_64")]
pub fn apply2(name: &str, xs: &[f64], ys: &[f64]) -> Option<Vec<f64>> {
    if !cpu_supported() {
        return None;
    }
    let f = vector_fn2(name)?;
    // SAFETY: the CPU has AVX2 and FMA (checked above).
    Some(unsafe { apply2_avx2(f, xs, ys) })
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn apply2_avx2(f: Vec4Fn2, xs: &[f64], ys: &[f64]) -> Vec<f64> {
    use std::arch::x86_64::*;
    let mut out = Vec::with_capacity(xs.len() + 3);
    for (cx, cy) in xs.chunks(4).zip(ys.chunks(4)) {
        let (mut a, mut b) = ([1.0f64; 4], [1.0f64; 4]);
        a[..cx.len()].copy_from_slice(cx);
        b[..cy.len()].copy_from_slice(cy);
        let mut zs = [0.0f64; 4];
        // SAFETY: four doubles are read and written; `f` needs AVX2 and FMA, enabled here.
        unsafe {
            let z = f(_mm256_loadu_pd(a.as_ptr()), _mm256_loadu_pd(b.as_ptr()));
            _mm256_storeu_pd(zs.as_mut_ptr(), z);
        }
        out.extend_from_slice(&zs[..cx.len()]);
    }
    out
}

/// Inputs of the self-check and tests: special values, then `n` pseudo-random doubles spread
/// over the ranges where the algorithms branch, and random bit patterns.
pub fn check_inputs(n: usize, seed: u64) -> Vec<f64> {
    let mut xs = vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        -f64::NAN,
        f64::MIN_POSITIVE,
        5e-324,
        -5e-324,
        f64::MAX,
        f64::MIN,
        709.782712893384,
        709.7827128933841,
        -745.1332191019411,
        -745.1332191019412,
        -708.3964185322641,
        512.0,
        -512.0,
        511.99999999999994,
        -511.99999999999994,
        1024.0,
        -1024.0,
        f64::from_bits(0x3c90000000000000),
        f64::from_bits(0x3c8fffffffffffff),
        f64::from_bits(0xbc90000000000000),
        f64::from_bits(0xbc8fffffffffffff),
    ];
    let mut next = check_stream(seed);
    let unit = |u: u64| (u >> 11) as f64 / (1u64 << 53) as f64;
    let ranges = [
        1.0, 3.0, 10.0, 100.0, 750.0, 1e5, 1.1e8, 1e-6, 1e-17, 0.13, 0.86, 2.43,
    ];
    for i in 0..n {
        let u = next();
        let x = match i % 12 {
            0 => f64::from_bits(u),
            // Any exponent from 2^-63 to 2^28.
            1 => f64::from_bits(u & 0x800f_ffff_ffff_ffff | (0x3c0 + (u >> 20) % 0x5c) << 52),
            // Near a multiple of ln2/256, where exp's rounding to k/128 changes.
            2 => {
                let k = (u >> 40) as i64 % 130_000 - 65_000;
                nudge(k as f64 * (std::f64::consts::LN_2 / 256.0), u)
            }
            // Near a multiple of pi/4, where sin's quadrant changes.
            3 => {
                let k = (u >> 36) as i64 % 200_000_000 - 100_000_000;
                nudge(k as f64 * std::f64::consts::FRAC_PI_4, u)
            }
            // Near a multiple of 1/256, where the sin/cos table's index changes.
            4 => nudge(((u >> 40) % 700) as f64 / 256.0, u),
            _ => {
                let r = ranges[(u >> 3) as usize % ranges.len()];
                (2.0 * unit(u) - 1.0) * r
            }
        };
        xs.push(x);
    }
    xs
}

/// `x` moved by -3..=4 units in the last place (from the low bits of `u`).
fn nudge(x: f64, u: u64) -> f64 {
    f64::from_bits(x.to_bits().wrapping_add((u & 7).wrapping_sub(3)))
}

/// Compares each vector function with libm on a few thousand inputs (bits, NaNs included).
fn self_check() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        let xs = check_inputs(4096, 0x9e37_79b9_7f4a_7c15);
        let (px, py) = pow_inputs::pairs(4096, 0x9e37_79b9_7f4a_7c15);
        let pow_ok = apply2("pow", &px, &py).is_some_and(|zs| {
            px.iter()
                .zip(&py)
                .zip(&zs)
                .all(|((x, y), z)| crate::libm::pow(*x, *y).to_bits() == z.to_bits())
        });
        pow_ok
            && VECTOR_FNS.iter().filter(|f| f.args == 1).all(|f| {
                let scalar = scalar_fn(f.libm);
                apply(f.libm, &xs).is_some_and(|ys| {
                    xs.iter()
                        .zip(&ys)
                        .all(|(x, y)| scalar(*x).to_bits() == y.to_bits())
                })
            })
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// The C library's scalar `name`.
pub fn scalar_fn(name: &str) -> fn(f64) -> f64 {
    match name {
        "exp" => crate::libm::exp,
        "sin" => crate::libm::sin,
        "cos" => crate::libm::cos,
        other => panic!("no scalar libm function {other}"),
    }
}

/// A small xorshift64* stream of the self-checks' and tests' random inputs (reproducible from
/// its seed).
pub(crate) fn check_stream(seed: u64) -> impl FnMut() -> u64 {
    let mut state = seed | 1;
    move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}
