//! float16 (IEEE binary16) conversions, bit for bit as NumPy's (`npy_float_to_half`,
//! `npy_double_to_half`, `npy_half_to_float`, `npy_half_to_double`): round to nearest, ties to
//! even, straight from the source width (a double is not rounded to float first); overflow to a
//! signed infinity; a NaN keeps its sign and the top bits of its payload (not quieted, unlike
//! the F16C instructions), and stays a NaN. Generated code holds a float16 as its 16 bits and
//! computes in float32 between these conversions, as NumPy's loops do.
//!
//! The libcall names LLVM uses to lower `half` without native support (`__extendhfsf2`, ...)
//! are defined here too ([`libcalls`]): compiler-rt is not linked into the JIT.

const EXP_MASK: u16 = 0x7c00;

/// The half nearest to `sig * 2^exp` (`sig` > 0), nearest-even, overflowing to infinity.
fn round_magnitude(sig: u64, exp: i32) -> u16 {
    let top = 63 - sig.leading_zeros() as i32;
    let e = top + exp; // the value lies in [2^e, 2^(e+1))
    if e > 15 {
        return EXP_MASK;
    }
    // The quantum of the result: 2^-24 for subnormal halves, 2^(e-10) for normal ones.
    let quantum = if e < -14 { -24 } else { e - 10 };
    let drop = quantum - exp;
    let count = if drop <= 0 {
        sig << (-drop)
    } else if drop >= 64 {
        0
    } else {
        let kept = sig >> drop;
        let rest = sig & ((1u64 << drop) - 1);
        let halfway = 1u64 << (drop - 1);
        kept + u64::from(rest > halfway || (rest == halfway && kept & 1 == 1))
    };
    if quantum == -24 {
        // 1024 quanta round up into the smallest normal half, whose bits are 0x0400.
        return count as u16;
    }
    // `count` is in [1024, 2048]: 2048 carries into the exponent, up to infinity.
    let bits = (((e + 15) as u64) << 10) + count - 1024;
    bits.min(u64::from(EXP_MASK)) as u16
}

/// A NaN's half: its sign and the top 10 bits of its payload, made non-zero.
fn nan_bits(sign: u16, top_payload: u16) -> u16 {
    sign | EXP_MASK | top_payload.max(1)
}

/// The half bits of a float32 (NumPy's `npy_float_to_half`).
pub fn f32_to_half(x: f32) -> u16 {
    let bits = x.to_bits();
    let sign = ((bits >> 16) & 0x8000) as u16;
    let exp = ((bits >> 23) & 0xff) as i32;
    let frac = u64::from(bits & 0x7f_ffff);
    match exp {
        0xff if frac != 0 => nan_bits(sign, (frac >> 13) as u16),
        0xff => sign | EXP_MASK,
        0 if frac == 0 => sign,
        0 => sign | round_magnitude(frac, -149),
        _ => sign | round_magnitude(frac | 0x80_0000, exp - 150),
    }
}

/// The half bits of a float64, rounded once (NumPy's `npy_double_to_half`).
pub fn f64_to_half(x: f64) -> u16 {
    let bits = x.to_bits();
    let sign = ((bits >> 48) & 0x8000) as u16;
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & 0xf_ffff_ffff_ffff;
    match exp {
        0x7ff if frac != 0 => nan_bits(sign, (frac >> 42) as u16),
        0x7ff => sign | EXP_MASK,
        0 if frac == 0 => sign,
        0 => sign | round_magnitude(frac, -1074),
        _ => sign | round_magnitude(frac | 0x10_0000_0000_0000, exp - 1075),
    }
}

/// The float32 of half bits (exact; a NaN keeps its payload).
pub fn half_to_f32(h: u16) -> f32 {
    let sign = u32::from(h & 0x8000) << 16;
    let exp = h & EXP_MASK;
    let frac = u32::from(h & 0x03ff);
    let magnitude = match exp {
        // Zero or subnormal: `frac` quanta of 2^-24 (exact in float32).
        0 => ((frac as f32) * f32::from_bits(0x3380_0000)).to_bits(),
        EXP_MASK => 0x7f80_0000 | (frac << 13),
        _ => (u32::from(h & 0x7fff) + 0x1_c000) << 13,
    };
    f32::from_bits(sign | magnitude)
}

/// The float64 of half bits (exact; a NaN keeps its payload).
pub fn half_to_f64(h: u16) -> f64 {
    let f = half_to_f32(h);
    if f.is_nan() {
        // `as f64` on a NaN may quiet it: build the double's bits from the half's.
        let sign = u64::from(h & 0x8000) << 48;
        return f64::from_bits(sign | 0x7ff0_0000_0000_0000 | (u64::from(h & 0x03ff) << 42));
    }
    f64::from(f)
}

/// `half(x)` for generated code: the bits in the low 16 of the result.
#[no_mangle]
pub extern "C" fn oxjit_rt_half_from_f32(x: f32) -> i32 {
    i32::from(f32_to_half(x))
}

/// `half(x)` of a double, rounded once, for generated code.
#[no_mangle]
pub extern "C" fn oxjit_rt_half_from_f64(x: f64) -> i32 {
    i32::from(f64_to_half(x))
}

/// `float(h)` for generated code (the bits in the low 16 of `h`).
#[no_mangle]
pub extern "C" fn oxjit_rt_half_to_f32(h: i32) -> f32 {
    half_to_f32(h as u16)
}

/// `double(h)` for generated code.
#[no_mangle]
pub extern "C" fn oxjit_rt_half_to_f64(h: i32) -> f64 {
    half_to_f64(h as u16)
}

/// NumPy's `HALF_pairwise_sum` (`loops_utils.h.src`): the float16 items widened to float32 and
/// added in float32 in the same tree as a float32 sum (runs of 8 partial sums up to 128 items,
/// halves above).
///
/// # Safety
/// `data` points to `n` float16 items `stride` bytes apart.
unsafe fn pairwise_half(data: *const u8, n: usize, stride: isize) -> f32 {
    let at = |i: usize| {
        // SAFETY: `i < n`: an item of the `n` the caller vouches for.
        let bits = unsafe { (data.offset(i as isize * stride) as *const u16).read_unaligned() };
        half_to_f32(bits)
    };
    if n < 8 {
        // From -0.0, so that a sum of -0.0s stays -0.0, as NumPy's.
        let mut res = -0.0f32;
        for i in 0..n {
            res += at(i);
        }
        return res;
    }
    if n <= 128 {
        let mut r = [at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7)];
        let mut i = 8;
        while i < n - (n % 8) {
            for (k, rk) in r.iter_mut().enumerate() {
                *rk += at(i + k);
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        while i < n {
            res += at(i);
            i += 1;
        }
        return res;
    }
    let n2 = n / 2 - (n / 2) % 8;
    // SAFETY: the two halves are the `n` items the caller vouches for.
    unsafe {
        pairwise_half(data, n2, stride)
            + pairwise_half(data.offset(n2 as isize * stride), n - n2, stride)
    }
}

/// The float32 sum of `n` float16 items `stride` bytes apart, added to `init` (NumPy rounds it
/// to float16 once, at the end of the run).
#[no_mangle]
pub extern "C" fn oxjit_rt_pairwise_sum_f16(
    init: f32,
    data: *const u8,
    n: i64,
    stride: i64,
) -> f32 {
    // SAFETY: generated code passes `n` items `stride` bytes apart.
    init + unsafe { pairwise_half(data, n.max(0) as usize, stride as isize) }
}

/// The (name, address) of the conversions, for the JIT's symbol table.
pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        (
            "oxjit_rt_pairwise_sum_f16",
            oxjit_rt_pairwise_sum_f16 as *const () as usize,
        ),
        (
            "oxjit_rt_half_from_f32",
            oxjit_rt_half_from_f32 as *const () as usize,
        ),
        (
            "oxjit_rt_half_from_f64",
            oxjit_rt_half_from_f64 as *const () as usize,
        ),
        (
            "oxjit_rt_half_to_f32",
            oxjit_rt_half_to_f32 as *const () as usize,
        ),
        (
            "oxjit_rt_half_to_f64",
            oxjit_rt_half_to_f64 as *const () as usize,
        ),
    ]
}

// LLVM's half libcalls. On x86-64 a `half` travels in the low 16 bits of an XMM register, as a
// float32 does in the low 32: a float32 parameter or result carries it.

extern "C" fn extend_hf_sf(h: f32) -> f32 {
    half_to_f32(h.to_bits() as u16)
}

extern "C" fn trunc_sf_hf(x: f32) -> f32 {
    f32::from_bits(u32::from(f32_to_half(x)))
}

extern "C" fn trunc_df_hf(x: f64) -> f32 {
    f32::from_bits(u32::from(f64_to_half(x)))
}

/// The compiler-rt functions LLVM calls to convert `half` where the CPU cannot (not in the ABI
/// table: LLVM, not codegen, names them).
pub fn libcalls() -> Vec<(&'static str, usize)> {
    vec![
        ("__extendhfsf2", extend_hf_sf as *const () as usize),
        ("__truncsfhf2", trunc_sf_hf as *const () as usize),
        ("__truncdfhf2", trunc_df_hf as *const () as usize),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_half_goes_through_float_and_back() {
        for h in 0..=u16::MAX {
            assert_eq!(f32_to_half(half_to_f32(h)), h, "{h:#06x}");
            assert_eq!(f64_to_half(half_to_f64(h)), h, "{h:#06x}");
        }
    }

    #[test]
    fn rounding_is_to_nearest_even_and_direct_from_double() {
        assert_eq!(f32_to_half(65504.0), 0x7bff);
        assert_eq!(f32_to_half(65519.0), 0x7bff);
        assert_eq!(f32_to_half(65520.0), 0x7c00);
        assert_eq!(f32_to_half(2049.0), 0x6800); // a tie to the even 2048
        assert_eq!(f32_to_half(2051.0), 0x6802); // a tie to the even 2052
        assert_eq!(f32_to_half(f32::from_bits(0x3300_0000)), 0); // 2^-25: a tie to zero
        assert_eq!(f32_to_half(f32::from_bits(0x3300_0001)), 1);
        // 1 + 2^-11 + 2^-40: a double just above a tie rounds up; through float it would tie.
        let x = 1.0 + 2f64.powi(-11) + 2f64.powi(-40);
        assert_eq!(f64_to_half(x), 0x3c01);
        assert_eq!(f32_to_half(x as f32), 0x3c00);
        assert_eq!(f32_to_half(f32::from_bits(0x7f80_0001)), 0x7c01);
        assert_eq!(f32_to_half(f32::from_bits(0xffc0_0001)), 0xfe00);
    }
}
