//! NumPy's legacy random generator (`np.random.RandomState`, behind `np.random.seed`, `random`,
//! `randn`, `randint`, ...), reimplemented draw for draw so that compiled code seeded with
//! `np.random.seed(s)` sees the same stream as NumPy after the same call.
//!
//! The bit generator is MT19937 (`numpy/random/src/mt19937/mt19937.{h,c}`); the distributions
//! follow `numpy/random/src/legacy/legacy-distributions.c` where RandomState uses a legacy copy and
//! `numpy/random/src/distributions/distributions.c` where it shares Generator's code. Each thread
//! has its own state (as Numba keeps one per thread), seeded from entropy until the first seed.
//!
//! Arguments are validated by the caller (the compiler), which raises NumPy's errors; each entry
//! point's doc comment names the arguments it assumes valid and NumPy's message for bad ones.
//!
//! Math functions (`ln`, `exp`, `powf`, `cos`, ...) go to the platform libm, as NumPy's do, so
//! the two agree bit for bit on the same system.

use std::cell::UnsafeCell;
use std::f64::consts::PI;

pub(crate) mod discrete;

const MT_N: usize = 624;
// Compiled code draws from a generator's words inline (`random.getrandbits`): the layout it
// assumes.
const _: () = assert!(std::mem::offset_of!(Mt19937, pos) as u64 == oxjit_abi::MT_POS_OFFSET);
const _: () = assert!(MT_N as u64 == oxjit_abi::MT_WORDS);
const MT_M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// The Mersenne Twister state, as `mt19937_state` in NumPy. C layout: compiled code draws
/// from the words inline (`random.getrandbits`), the position at byte
/// `oxjit_abi::MT_POS_OFFSET`.
#[derive(Clone)]
#[repr(C)]
struct Mt19937 {
    key: [u32; MT_N],
    pos: usize,
}

impl Mt19937 {
    /// `mt19937_seed` (Matsumoto and Nishimura's `init_genrand`).
    fn seeded(seed: u32) -> Self {
        let mut key = [0u32; MT_N];
        let mut s = seed;
        for (pos, k) in key.iter_mut().enumerate() {
            *k = s;
            s = 1_812_433_253u32
                .wrapping_mul(s ^ (s >> 30))
                .wrapping_add(pos as u32 + 1);
        }
        Mt19937 { key, pos: MT_N }
    }

    /// `mt19937_init_by_array` (`init_by_array`), used by `np.random.seed(array)`.
    fn seeded_by_array(init_key: &[u32]) -> Self {
        let mut mt = Self::seeded(19_650_218);
        let key = &mut mt.key;
        let len = init_key.len().max(1);
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..MT_N.max(init_key.len()) {
            let prev = key[i - 1] ^ (key[i - 1] >> 30);
            let word = init_key.get(j).copied().unwrap_or(0);
            key[i] = (key[i] ^ prev.wrapping_mul(1_664_525))
                .wrapping_add(word)
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= MT_N {
                key[0] = key[MT_N - 1];
                i = 1;
            }
            if j >= len {
                j = 0;
            }
        }
        for _ in 0..MT_N - 1 {
            let prev = key[i - 1] ^ (key[i - 1] >> 30);
            key[i] = (key[i] ^ prev.wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= MT_N {
                key[0] = key[MT_N - 1];
                i = 1;
            }
        }
        key[0] = 0x8000_0000;
        mt.pos = MT_N;
        mt
    }

    /// `mt19937_gen`: refills the key in place, in NumPy's three loops (each reads words
    /// at fixed distances, so LLVM vectorises the first two; one loop indexing modulo N took
    /// 40 % of `random.getrandbits`' time).
    #[inline(never)]
    fn regenerate(&mut self) {
        #[inline(always)]
        fn twist(upper: u32, lower: u32, far: u32) -> u32 {
            let y = (upper & UPPER_MASK) | (lower & LOWER_MASK);
            far ^ (y >> 1) ^ ((y & 1).wrapping_neg() & MATRIX_A)
        }
        let k = &mut self.key;
        for i in 0..MT_N - MT_M {
            k[i] = twist(k[i], k[i + 1], k[i + MT_M]);
        }
        for i in MT_N - MT_M..MT_N - 1 {
            k[i] = twist(k[i], k[i + 1], k[i + MT_M - MT_N]);
        }
        k[MT_N - 1] = twist(k[MT_N - 1], k[0], k[MT_M - 1]);
        self.pos = 0;
    }

    /// `mt19937_next32`, with the tempering.
    #[inline(always)]
    fn next_u32(&mut self) -> u32 {
        if self.pos == MT_N {
            self.regenerate();
        }
        let mut y = self.key[self.pos];
        self.pos += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `mt19937_next64`: the first 32-bit draw is the high word (checked against NumPy).
    fn next_u64(&mut self) -> u64 {
        let hi = self.next_u32() as u64;
        (hi << 32) | self.next_u32() as u64
    }

    /// `mt19937_next_double`: 53 random bits from two draws, in [0, 1).
    fn next_double(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }
}

/// C's `(long)x` on x86-64, as NumPy's `(RAND_INT_TYPE)` casts compile: truncation toward zero,
/// with NaN and out-of-range values giving `i64::MIN` where Rust's `as` would saturate.
pub(crate) fn c_long(x: f64) -> i64 {
    const TWO_63: f64 = -(i64::MIN as f64);
    if (-TWO_63..TWO_63).contains(&x) {
        x as i64
    } else {
        i64::MIN
    }
}

/// `random_loggam`: log-gamma (SPECFUN's algorithm), used by Poisson and hypergeometric.
pub(crate) fn loggam(x: f64) -> f64 {
    // NumPy's literals, as written there.
    #[allow(clippy::excessive_precision)]
    const A: [f64; 10] = [
        8.333333333333333e-02,
        -2.777777777777778e-03,
        7.936507936507937e-04,
        -5.952380952380952e-04,
        8.417508417508418e-04,
        -1.917526917526918e-03,
        6.410256410256410e-03,
        -2.955065359477124e-02,
        1.796443723688307e-01,
        -1.39243221690590e+00,
    ];
    if x == 1.0 || x == 2.0 {
        return 0.0;
    }
    let n = if x <= 7.0 { c_long(7.0 - x) } else { 0 };
    let mut x0 = x + n as f64;
    let x2 = 1.0 / (x0 * x0);
    let mut gl0 = A[9];
    for a in A[..9].iter().rev() {
        gl0 *= x2;
        gl0 += a;
    }
    let mut gl = gl0 / x0 + 0.5 * (2.0 * PI).ln() + (x0 - 0.5) * x0.ln() - x0;
    for _ in 0..n {
        gl -= (x0 - 1.0).ln();
        x0 -= 1.0;
    }
    gl
}

/// Smallest all-ones bit mask covering `max` (`gen_mask`).
fn gen_mask(max: u64) -> u64 {
    let mut mask = max;
    for shift in [1, 2, 4, 8, 16, 32] {
        mask |= mask >> shift;
    }
    mask
}

/// The state of one `np.random.RandomState`: the bit generator and the legacy Gaussian cache
/// (`aug_bitgen_t`). C layout, the generator first (see [`Mt19937`]).
#[derive(Clone)]
#[repr(C)]
pub struct RandomState {
    mt: Mt19937,
    has_gauss: bool,
    gauss: f64,
}

impl RandomState {
    /// The state after `RandomState(seed)` / `np.random.seed(seed)` with an int seed.
    pub fn new(seed: u32) -> Self {
        RandomState {
            mt: Mt19937::seeded(seed),
            has_gauss: false,
            gauss: 0.0,
        }
    }

    /// The state after `np.random.seed(key)` with a 1-D array of ints in [0, 2**32).
    pub fn from_array(key: &[u32]) -> Self {
        RandomState {
            mt: Mt19937::seeded_by_array(key),
            has_gauss: false,
            gauss: 0.0,
        }
    }

    /// A state seeded from the time, the thread and std's per-process random hash keys (which
    /// come from the OS), standing in for NumPy's entropy seeding.
    pub fn from_entropy() -> Self {
        use std::hash::BuildHasher;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let keys = std::collections::hash_map::RandomState::new();
        let words: Vec<u32> = (0u64..4)
            .flat_map(|i| {
                let v = keys.hash_one((i, nanos, std::thread::current().id()));
                [v as u32, (v >> 32) as u32]
            })
            .collect();
        Self::from_array(&words)
    }

    /// Refills the generator's words (compiled code does, when its inline draw finds none
    /// left).
    pub fn refill(&mut self) {
        self.mt.regenerate();
    }

    /// One 32-bit draw (`genrand_uint32`).
    #[inline]
    pub fn next_u32(&mut self) -> u32 {
        self.mt.next_u32()
    }

    /// `random_standard_uniform` (`np.random.random_sample`): a double in [0, 1).
    pub fn random_sample(&mut self) -> f64 {
        self.mt.next_double()
    }

    /// `random_interval(max)`: uniform in [0, max] by masked rejection, on 32-bit draws when
    /// `max` fits in 32 bits. Legacy `shuffle` and `permutation` draw their indices with it.
    pub fn interval(&mut self, max: u64) -> u64 {
        if max == 0 {
            return 0;
        }
        self.masked(max)
    }

    /// Masked rejection sampling of [0, rng] (`buffered_bounded_masked_uint32` for 32-bit
    /// ranges, whose buffer is unused at that width, and `bounded_masked_uint64` above).
    fn masked(&mut self, rng: u64) -> u64 {
        let mask = gen_mask(rng);
        loop {
            let value = if rng <= u32::MAX as u64 {
                self.mt.next_u32() as u64 & mask
            } else {
                self.mt.next_u64() & mask
            };
            if value <= rng {
                return value;
            }
        }
    }

    /// `randint(low, high)` with the default int64 dtype (`_rand_int64` with `_masked=True`,
    /// i.e. `random_bounded_uint64_fill`): an empty range `high - 1 == low` draws nothing.
    pub fn randint(&mut self, low: i64, high: i64) -> i64 {
        let rng = high.wrapping_sub(1).wrapping_sub(low) as u64;
        if rng == 0 {
            return low;
        }
        (low as u64).wrapping_add(self.masked(rng)) as i64
    }

    /// `shuffle` of `n` items of `itemsize` bytes, `stride` bytes apart (`_shuffle_raw`).
    ///
    /// # Safety
    /// `data` must point to `n` items of `itemsize` bytes at `data + i * stride`, not overlapping.
    pub unsafe fn shuffle(&mut self, data: *mut u8, n: i64, stride: i64, itemsize: i64) {
        for i in (1..n.max(0)).rev() {
            let j = self.interval(i as u64) as i64;
            if i != j {
                // SAFETY: distinct items of the array, per the caller's contract.
                unsafe {
                    std::ptr::swap_nonoverlapping(
                        data.offset((i * stride) as isize),
                        data.offset((j * stride) as isize),
                        itemsize as usize,
                    );
                }
            }
        }
    }

    /// `legacy_gauss`: the polar Box-Muller method, which makes two values per accepted pair
    /// and keeps the second for the next call.
    pub fn gauss(&mut self) -> f64 {
        if self.has_gauss {
            self.has_gauss = false;
            return std::mem::take(&mut self.gauss);
        }
        let (x1, x2, r2) = loop {
            let x1 = 2.0 * self.random_sample() - 1.0;
            let x2 = 2.0 * self.random_sample() - 1.0;
            let r2 = x1 * x1 + x2 * x2;
            if r2 < 1.0 && r2 != 0.0 {
                break (x1, x2, r2);
            }
        };
        let f = (-2.0 * r2.ln() / r2).sqrt();
        self.gauss = f * x1;
        self.has_gauss = true;
        f * x2
    }

    /// `legacy_normal`.
    pub fn normal(&mut self, loc: f64, scale: f64) -> f64 {
        loc + scale * self.gauss()
    }

    /// `random_uniform(low, high - low)`, as `RandomState.uniform` computes the range.
    pub fn uniform(&mut self, low: f64, high: f64) -> f64 {
        let range = high - low;
        low + range * self.random_sample()
    }

    /// `legacy_standard_exponential`: `-log(1 - U)` (not Generator's ziggurat).
    pub fn standard_exponential(&mut self) -> f64 {
        -(1.0 - self.random_sample()).ln()
    }

    /// `legacy_exponential`.
    pub fn exponential(&mut self, scale: f64) -> f64 {
        scale * self.standard_exponential()
    }

    /// `legacy_standard_gamma`: Marsaglia and Tsang's method above shape 1 (on `legacy_gauss`),
    /// Johnk-style rejection below.
    pub fn standard_gamma(&mut self, shape: f64) -> f64 {
        if shape == 1.0 {
            self.standard_exponential()
        } else if shape == 0.0 {
            0.0
        } else if shape < 1.0 {
            self.standard_gamma_small(shape)
        } else {
            self.standard_gamma_large(shape)
        }
    }

    fn standard_gamma_small(&mut self, shape: f64) -> f64 {
        loop {
            let u = self.random_sample();
            let v = self.standard_exponential();
            if u <= 1.0 - shape {
                let x = u.powf(1.0 / shape);
                if x <= v {
                    return x;
                }
            } else {
                let y = -((1.0 - u) / shape).ln();
                let x = (1.0 - shape + shape * y).powf(1.0 / shape);
                if x <= v + y {
                    return x;
                }
            }
        }
    }

    fn standard_gamma_large(&mut self, shape: f64) -> f64 {
        let b = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * b).sqrt();
        loop {
            let (x, v) = loop {
                let x = self.gauss();
                let v = 1.0 + c * x;
                if v > 0.0 {
                    break (x, v);
                }
            };
            let v = v * v * v;
            let u = self.random_sample();
            if u < 1.0 - 0.0331 * (x * x) * (x * x) {
                return b * v;
            }
            if u.ln() < 0.5 * x * x + b * (1.0 - v + v.ln()) {
                return b * v;
            }
        }
    }

    /// `legacy_gamma`.
    pub fn gamma(&mut self, shape: f64, scale: f64) -> f64 {
        scale * self.standard_gamma(shape)
    }

    /// `legacy_beta`: Johnk's algorithm when both parameters are at most 1, else two gammas.
    pub fn beta(&mut self, a: f64, b: f64) -> f64 {
        if a <= 1.0 && b <= 1.0 {
            loop {
                let u = self.random_sample();
                let v = self.random_sample();
                let x = u.powf(1.0 / a);
                let y = v.powf(1.0 / b);
                if x + y <= 1.0 {
                    if x + y > 0.0 {
                        return x / (x + y);
                    }
                    // Both powers underflowed: divide in logarithms.
                    let log_x = u.ln() / a;
                    let log_y = v.ln() / b;
                    let log_m = if log_x > log_y { log_x } else { log_y };
                    let (log_x, log_y) = (log_x - log_m, log_y - log_m);
                    return (log_x - (log_x.exp() + log_y.exp()).ln()).exp();
                }
            }
        }
        let ga = self.standard_gamma(a);
        let gb = self.standard_gamma(b);
        ga / (ga + gb)
    }

    /// `legacy_chisquare`.
    pub fn chisquare(&mut self, df: f64) -> f64 {
        2.0 * self.standard_gamma(df / 2.0)
    }

    /// `legacy_noncentral_chisquare`.
    pub fn noncentral_chisquare(&mut self, df: f64, nonc: f64) -> f64 {
        if nonc == 0.0 {
            return self.chisquare(df);
        }
        if 1.0 < df {
            let chi2 = self.chisquare(df - 1.0);
            let n = self.gauss() + nonc.sqrt();
            return chi2 + n * n;
        }
        let i = self.poisson(nonc / 2.0);
        let out = self.chisquare(df + i.wrapping_mul(2) as f64);
        // NumPy draws before testing for NaN, to keep the stream unchanged.
        if nonc.is_nan() {
            f64::NAN
        } else {
            out
        }
    }

    /// `legacy_f`.
    pub fn f(&mut self, dfnum: f64, dfden: f64) -> f64 {
        let num = self.chisquare(dfnum) * dfden;
        num / (self.chisquare(dfden) * dfnum)
    }

    /// `legacy_noncentral_f`.
    pub fn noncentral_f(&mut self, dfnum: f64, dfden: f64, nonc: f64) -> f64 {
        let t = self.noncentral_chisquare(dfnum, nonc) * dfden;
        t / (self.chisquare(dfden) * dfnum)
    }

    /// `random_laplace`, which redraws on U == 0.
    pub fn laplace(&mut self, loc: f64, scale: f64) -> f64 {
        loop {
            let u = self.random_sample();
            if u >= 0.5 {
                return loc - scale * (2.0 - u - u).ln();
            } else if u > 0.0 {
                return loc + scale * (u + u).ln();
            }
        }
    }

    /// `random_gumbel`, which redraws on U == 0.
    pub fn gumbel(&mut self, loc: f64, scale: f64) -> f64 {
        loop {
            let u = 1.0 - self.random_sample();
            if u < 1.0 {
                return loc - scale * (-u.ln()).ln();
            }
        }
    }

    /// `random_logistic`, which redraws on U == 0.
    pub fn logistic(&mut self, loc: f64, scale: f64) -> f64 {
        loop {
            let u = self.random_sample();
            if u > 0.0 {
                return loc + scale * (u / (1.0 - u)).ln();
            }
        }
    }

    /// `legacy_lognormal`.
    pub fn lognormal(&mut self, mean: f64, sigma: f64) -> f64 {
        self.normal(mean, sigma).exp()
    }

    /// `random_triangular`.
    pub fn triangular(&mut self, left: f64, mode: f64, right: f64) -> f64 {
        let base = right - left;
        let leftbase = mode - left;
        let ratio = leftbase / base;
        let leftprod = leftbase * base;
        let rightprod = (right - mode) * base;
        let u = self.random_sample();
        if u <= ratio {
            left + (u * leftprod).sqrt()
        } else {
            right - ((1.0 - u) * rightprod).sqrt()
        }
    }

    /// `legacy_pareto`.
    pub fn pareto(&mut self, a: f64) -> f64 {
        (self.standard_exponential() / a).exp() - 1.0
    }

    /// `legacy_weibull`: `a == 0` gives 0 without drawing.
    pub fn weibull(&mut self, a: f64) -> f64 {
        if a == 0.0 {
            return 0.0;
        }
        self.standard_exponential().powf(1.0 / a)
    }

    /// `legacy_power`.
    pub fn power(&mut self, a: f64) -> f64 {
        (1.0 - (-self.standard_exponential()).exp()).powf(1.0 / a)
    }

    /// `legacy_rayleigh` (with `log1p`, unlike Generator's).
    pub fn rayleigh(&mut self, scale: f64) -> f64 {
        scale * (-2.0 * (-self.random_sample()).ln_1p()).sqrt()
    }

    /// `legacy_standard_cauchy`: a ratio of two `legacy_gauss` draws.
    pub fn standard_cauchy(&mut self) -> f64 {
        let num = self.gauss();
        num / self.gauss()
    }

    /// `legacy_standard_t`.
    pub fn standard_t(&mut self, df: f64) -> f64 {
        let num = self.gauss();
        let denom = self.standard_gamma(df / 2.0);
        (df / 2.0).sqrt() * num / denom.sqrt()
    }

    /// `legacy_vonmises` (Best and Fisher's rejection), wrapped into [-pi, pi].
    pub fn vonmises(&mut self, mu: f64, kappa: f64) -> f64 {
        if kappa.is_nan() {
            return f64::NAN;
        }
        if kappa < 1e-8 {
            return PI * (2.0 * self.random_sample() - 1.0);
        }
        let s = if kappa < 1e-5 {
            // Second-order Taylor expansion around kappa = 0, where rho underflows.
            1.0 / kappa + kappa
        } else {
            let r = 1.0 + (1.0 + 4.0 * kappa * kappa).sqrt();
            let rho = (r - (2.0 * r).sqrt()) / (2.0 * kappa);
            (1.0 + rho * rho) / (2.0 * rho)
        };
        let w = loop {
            let u = self.random_sample();
            let z = (PI * u).cos();
            let w = (1.0 + s * z) / (s + z);
            let y = kappa * (s - w);
            let v = self.random_sample();
            if y * (2.0 - y) - v >= 0.0 || (y / v).ln() + 1.0 - y >= 0.0 {
                break w;
            }
        };
        let u = self.random_sample();
        let mut result = w.acos();
        if u < 0.5 {
            result = -result;
        }
        result += mu;
        let neg = result < 0.0;
        let modulo = (result.abs() + PI) % (2.0 * PI) - PI;
        if neg {
            -modulo
        } else {
            modulo
        }
    }

    /// `legacy_wald` (Michael, Schucany and Haas's transformation, on `legacy_gauss`).
    pub fn wald(&mut self, mean: f64, scale: f64) -> f64 {
        let mu_2l = mean / (2.0 * scale);
        let y = self.gauss();
        let y = mean * y * y;
        let x = mean + mu_2l * (y - (4.0 * scale * y + y * y).sqrt());
        let u = self.random_sample();
        if u <= mean / (mean + x) {
            x
        } else {
            mean * mean / x
        }
    }
}

thread_local! {
    /// This thread's generator, as NumPy's global `np.random.mtrand._rand` is for the module
    /// functions (Numba keeps one per thread). An UnsafeCell rather than a RefCell: no borrow
    /// flag to test on every draw of a compiled loop.
    static STATE: UnsafeCell<RandomState> = UnsafeCell::new(RandomState::from_entropy());
}

/// Runs `f` on this thread's generator.
pub(crate) fn with_state<T>(f: impl FnOnce(&mut RandomState) -> T) -> T {
    // SAFETY: the state is this thread's own, and the closures passed here (the entry points
    // below) only call `RandomState` methods, never `with_state` again: no other reference to
    // the state exists while `f` runs.
    STATE.with(|s| f(unsafe { &mut *s.get() }))
}

/// `np.random.seed(seed)` with an int seed: `init_genrand`, and the Gaussian cache cleared.
/// NumPy raises `ValueError("Seed must be between 0 and 2**32 - 1")` outside [0, 2**32).
#[no_mangle]
pub extern "C" fn oxjit_rt_random_seed(seed: u32) {
    with_state(|s| *s = RandomState::new(seed));
}

/// `np.random.seed(key)` with a 1-D array of `n >= 1` ints (`init_by_array`). NumPy raises
/// `ValueError("Seed must be non-empty")` for an empty array and `ValueError("Seed must be
/// between 0 and 2**32 - 1")` for an item outside [0, 2**32).
#[no_mangle]
pub extern "C" fn oxjit_rt_random_seed_array(key: *const u32, n: i64) {
    // SAFETY: generated code passes the data of a 1-D int array of `n` seeds.
    let key = unsafe { std::slice::from_raw_parts(key, n.max(0) as usize) };
    with_state(|s| *s = RandomState::from_array(key));
}

/// `np.random.shuffle(x)` on a 1-D array of `n` items of `itemsize` bytes at `data + i*stride`
/// (also `permutation`, which shuffles a copy; for an n-D array, the rows swap in the same
/// order).
#[no_mangle]
pub extern "C" fn oxjit_rt_random_shuffle(data: *mut u8, n: i64, stride: i64, itemsize: i64) {
    // SAFETY: generated code passes a 1-D array: `n` items of `itemsize` bytes, `stride` bytes
    // apart.
    with_state(|s| unsafe { s.shuffle(data, n, stride, itemsize) })
}

/// The entry points that draw from this thread's generator: each `#[no_mangle] extern "C"`
/// wrapper calls one `RandomState` method, and the same list makes [`symbols`] (review D2: the
/// names were written twice).
macro_rules! draws {
    ($($(#[$doc:meta])* $name:ident => $method:ident($($arg:ident: $t:ty),*) -> $ret:ty;)*) => {
        $(
            $(#[$doc])*
            #[no_mangle]
            pub extern "C" fn $name($($arg: $t),*) -> $ret {
                with_state(|s| s.$method($($arg),*))
            }
        )*

        /// The (name, address) of every entry point of this module.
        pub fn symbols() -> Vec<(&'static str, usize)> {
            let mut out = vec![
                ("oxjit_rt_random_seed", oxjit_rt_random_seed as *const () as usize),
                ("oxjit_rt_random_seed_array", oxjit_rt_random_seed_array as *const () as usize),
                ("oxjit_rt_random_shuffle", oxjit_rt_random_shuffle as *const () as usize),
            ];
            out.extend([$((stringify!($name), $name as *const () as usize)),*]);
            out
        }
    };
}

draws! {
    /// `np.random.random()` / `random_sample()` / `rand()` / `sample()` / `ranf()`: [0, 1).
    oxjit_rt_random_sample => random_sample() -> f64;
    /// `np.random.standard_normal()` / `randn()`.
    oxjit_rt_random_standard_normal => gauss() -> f64;
    /// `np.random.normal(loc, scale)`. NumPy: `ValueError("scale < 0")`.
    oxjit_rt_random_normal => normal(loc: f64, scale: f64) -> f64;
    /// `np.random.uniform(low, high)` (`high < low` is allowed). NumPy raises
    /// `OverflowError("Range exceeds valid bounds")` when `high - low` is not finite.
    oxjit_rt_random_uniform => uniform(low: f64, high: f64) -> f64;
    /// `np.random.randint(low, high)` (int64, `high` excluded), assuming `low < high`. NumPy:
    /// `ValueError("low >= high")`, or `ValueError("high <= 0")` for `randint(high)`, which is
    /// `randint(0, high)`. `np.random.choice(n)` draws `randint(0, n)`.
    oxjit_rt_random_randint => randint(low: i64, high: i64) -> i64;
    /// NumPy's internal `random_interval(max)`: uniform in [0, max], as legacy `shuffle` and
    /// `permutation` draw each swap index.
    oxjit_rt_random_interval => interval(max: u64) -> u64;
    /// `np.random.standard_exponential()`.
    oxjit_rt_random_standard_exponential => standard_exponential() -> f64;
    /// `np.random.exponential(scale)`. NumPy: `ValueError("scale < 0")`.
    oxjit_rt_random_exponential => exponential(scale: f64) -> f64;
    /// `np.random.standard_gamma(shape)`. NumPy: `ValueError("shape < 0")`.
    oxjit_rt_random_standard_gamma => standard_gamma(shape: f64) -> f64;
    /// `np.random.gamma(shape, scale)`. NumPy: `ValueError("shape < 0")`, `ValueError("scale < 0")`.
    oxjit_rt_random_gamma => gamma(shape: f64, scale: f64) -> f64;
    /// `np.random.beta(a, b)`. NumPy: `ValueError("a <= 0")`, `ValueError("b <= 0")`.
    oxjit_rt_random_beta => beta(a: f64, b: f64) -> f64;
    /// `np.random.chisquare(df)`. NumPy: `ValueError("df <= 0")`.
    oxjit_rt_random_chisquare => chisquare(df: f64) -> f64;
    /// `np.random.noncentral_chisquare(df, nonc)`. NumPy: `ValueError("df <= 0")`,
    /// `ValueError("nonc < 0")`.
    oxjit_rt_random_noncentral_chisquare => noncentral_chisquare(df: f64, nonc: f64) -> f64;
    /// `np.random.f(dfnum, dfden)`. NumPy: `ValueError("dfnum <= 0")`, `ValueError("dfden <= 0")`.
    oxjit_rt_random_f => f(dfnum: f64, dfden: f64) -> f64;
    /// `np.random.noncentral_f(dfnum, dfden, nonc)`. NumPy: `ValueError("dfnum <= 0")`,
    /// `ValueError("dfden <= 0")`, `ValueError("nonc < 0")`.
    oxjit_rt_random_noncentral_f => noncentral_f(dfnum: f64, dfden: f64, nonc: f64) -> f64;
    /// `np.random.poisson(lam)`. NumPy: `ValueError("lam < 0 or lam is NaN")`, and
    /// `ValueError("lam value too large")` for lam > 9.223372006484771e18
    /// (`np.iinfo(np.int64).max - 10 * sqrt(np.iinfo(np.int64).max)`).
    oxjit_rt_random_poisson => poisson(lam: f64) -> i64;
    /// `np.random.binomial(n, p)`. NumPy: `ValueError("n < 0")`,
    /// `ValueError("p < 0, p > 1 or p is NaN")`.
    oxjit_rt_random_binomial => binomial(n: i64, p: f64) -> i64;
    /// `np.random.geometric(p)`. NumPy: `ValueError("p <= 0, p > 1 or p contains NaNs")`.
    oxjit_rt_random_geometric => geometric(p: f64) -> i64;
    /// `np.random.laplace(loc, scale)`. NumPy: `ValueError("scale < 0")`.
    oxjit_rt_random_laplace => laplace(loc: f64, scale: f64) -> f64;
    /// `np.random.logistic(loc, scale)`. NumPy: `ValueError("scale < 0")`.
    oxjit_rt_random_logistic => logistic(loc: f64, scale: f64) -> f64;
    /// `np.random.lognormal(mean, sigma)`. NumPy: `ValueError("sigma < 0")`.
    oxjit_rt_random_lognormal => lognormal(mean: f64, sigma: f64) -> f64;
    /// `np.random.triangular(left, mode, right)`. NumPy, in this order: `ValueError("left >
    /// mode")`, `ValueError("mode > right")`, `ValueError("left == right")`.
    oxjit_rt_random_triangular => triangular(left: f64, mode: f64, right: f64) -> f64;
    /// `np.random.gumbel(loc, scale)`. NumPy: `ValueError("scale < 0")`.
    oxjit_rt_random_gumbel => gumbel(loc: f64, scale: f64) -> f64;
    /// `np.random.pareto(a)`. NumPy: `ValueError("a <= 0")`.
    oxjit_rt_random_pareto => pareto(a: f64) -> f64;
    /// `np.random.weibull(a)`. NumPy: `ValueError("a < 0")`.
    oxjit_rt_random_weibull => weibull(a: f64) -> f64;
    /// `np.random.power(a)`. NumPy: `ValueError("a <= 0")`.
    oxjit_rt_random_power => power(a: f64) -> f64;
    /// `np.random.rayleigh(scale)`. NumPy: `ValueError("scale < 0")`.
    oxjit_rt_random_rayleigh => rayleigh(scale: f64) -> f64;
    /// `np.random.standard_cauchy()`.
    oxjit_rt_random_standard_cauchy => standard_cauchy() -> f64;
    /// `np.random.standard_t(df)`. NumPy: `ValueError("df <= 0")`.
    oxjit_rt_random_standard_t => standard_t(df: f64) -> f64;
    /// `np.random.vonmises(mu, kappa)`. NumPy: `ValueError("kappa < 0")`.
    oxjit_rt_random_vonmises => vonmises(mu: f64, kappa: f64) -> f64;
    /// `np.random.wald(mean, scale)`. NumPy: `ValueError("mean <= 0")`, `ValueError("scale <= 0")`.
    oxjit_rt_random_wald => wald(mean: f64, scale: f64) -> f64;
    /// `np.random.zipf(a)`. NumPy: `ValueError("a <= 1 or a is NaN")`. NumPy never returns for
    /// a >= 1025; this returns 1.
    oxjit_rt_random_zipf => zipf(a: f64) -> i64;
    /// `np.random.hypergeometric(ngood, nbad, nsample)`. NumPy, in this order:
    /// `ValueError("ngood < 0")`, `ValueError("nbad < 0")`,
    /// `ValueError("nsample < 1 or nsample is NaN")`, `ValueError("ngood + nbad < nsample")`.
    oxjit_rt_random_hypergeometric => hypergeometric(ngood: i64, nbad: i64, nsample: i64) -> i64;
    /// `np.random.negative_binomial(n, p)` (`n` may be fractional). NumPy: `ValueError("n <= 0")`,
    /// `ValueError("p < 0, p > 1 or p is NaN")`.
    oxjit_rt_random_negative_binomial => negative_binomial(n: f64, p: f64) -> i64;
    /// `np.random.logseries(p)`. NumPy: `ValueError("p < 0, p >= 1 or p is NaN")`.
    oxjit_rt_random_logseries => logseries(p: f64) -> i64;
}
