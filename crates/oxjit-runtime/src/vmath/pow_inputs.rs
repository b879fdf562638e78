//! Pairs (x, y) on which the self-check and the tests compare the four-lane `pow` with the C
//! library's: every pair of special values, then pseudo-random pairs spread over the ranges
//! where glibc's `pow` branches (x near 1, any exponent, negative x with integer y, subnormal x;
//! the y of the benchmarks, integers, tiny and huge y, and y that put y log x near the limits
//! of exp's table path and of overflow and underflow).

const SPECIAL_X: [f64; 20] = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    2.0,
    -2.0,
    0.5,
    -3.0,
    10.0,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
    -f64::NAN,
    f64::MIN_POSITIVE,
    5e-324,
    -5e-324,
    f64::MAX,
    f64::MIN,
    1.0000000000000002,
    0.9999999999999999,
];

const SPECIAL_Y: [f64; 27] = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    2.0,
    -2.0,
    3.0,
    -3.0,
    0.5,
    -0.5,
    1.5,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
    5e-324,
    f64::MAX,
    f64::MIN,
    // 2^-65 (the smallest |y| on the fast path) and the double below it.
    f64::from_bits(0x3be0_0000_0000_0000),
    f64::from_bits(0x3bdf_ffff_ffff_ffff),
    // 2^63 (the first |y| off it) and the double below it.
    f64::from_bits(0x43e0_0000_0000_0000),
    f64::from_bits(0x43df_ffff_ffff_ffff),
    // 2^53 (even), 2^52 + 1 (odd), and 2^53 - 1 (odd).
    9007199254740992.0,
    4503599627370497.0,
    9007199254740991.0,
    -4503599627370497.0,
    0.25,
    1e300,
];

/// The y of the benchmarks and of common code.
const COMMON_Y: [f64; 8] = [2.0, 3.0, 0.5, -1.0, 1.5, -2.0, -0.5, 4.0];

/// Values of y log x near which glibc's `pow` changes path (exp's table range, overflow,
/// underflow, subnormal results).
const LIMITS: [f64; 10] = [
    512.0, -512.0, 709.78, -708.4, -745.13, 1024.0, -1075.0, 5.6e-17, -5.6e-17, 1e-300,
];

/// Every pair of special values, then `n` pseudo-random pairs from `seed`.
pub fn pairs(n: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let (mut xs, mut ys) = (Vec::with_capacity(n + 600), Vec::with_capacity(n + 600));
    for x in SPECIAL_X {
        for y in SPECIAL_Y {
            xs.push(x);
            ys.push(y);
        }
    }
    let mut next = super::check_stream(seed);
    for i in 0..n {
        let (u, v) = (next(), next());
        let x = random_x(i, u);
        xs.push(x);
        ys.push(random_y(x, v));
    }
    (xs, ys)
}

fn unit(u: u64) -> f64 {
    (u >> 11) as f64 / (1u64 << 53) as f64
}

fn random_x(i: usize, u: u64) -> f64 {
    match i % 8 {
        0 => f64::from_bits(u),
        // 1 plus or minus up to 2^-1..2^-60.
        1 => 1.0 + (2.0 * unit(u) - 1.0) * f64::powi(2.0, -((u & 63) as i32 % 60) - 1),
        // Any positive normal number.
        2 => f64::from_bits(u & 0x000f_ffff_ffff_ffff | (1 + (u >> 52) % 0x7fe) << 52),
        // A negative one, near 1 or not.
        3 => -f64::from_bits(u & 0x000f_ffff_ffff_ffff | (0x3f0 + (u >> 52) % 0x20) << 52),
        // Subnormal.
        4 => f64::from_bits(u & 0x000f_ffff_ffff_ffff),
        _ => {
            let r = [1e-3, 1.0, 3.0, 10.0, 1e3, 1e10][(u >> 3) as usize % 6];
            (2.0 * unit(u) - 1.0) * r
        }
    }
}

fn random_y(x: f64, v: u64) -> f64 {
    match (v >> 61) as usize {
        0 | 1 => COMMON_Y[(v & 7) as usize],
        2 => f64::from_bits(v),
        3 => ((v >> 3) % 201) as f64 - 100.0,
        4 => (2.0 * unit(v) - 1.0) * [1.0, 10.0, 1000.0][(v & 3) as usize % 3],
        5 => {
            // y log|x| near a limit, moved by a few ulps.
            let target = LIMITS[(v & 15) as usize % LIMITS.len()];
            let y = target / x.abs().ln();
            f64::from_bits(y.to_bits().wrapping_add((v >> 8 & 7).wrapping_sub(3)))
        }
        6 => (2.0 * unit(v) - 1.0) * f64::powi(2.0, -((v & 15) as i32) - 58),
        _ => (2.0 * unit(v) - 1.0) * f64::powi(2.0, 50 + (v & 15) as i32),
    }
}
