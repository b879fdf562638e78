//! The distributions of `np.random.Generator` that generated code asks the runtime to draw
//! (`oxjit_rt_rng_fill_f64`, `oxjit_rt_rng_fill_i64`), passed as integers.

/// A distribution of `Generator`, with its parameters' meaning in the fill functions.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(i32)]
pub enum RngDist {
    /// `random()`: [0, 1).
    Random = 0,
    StandardNormal = 1,
    /// `normal(loc=a, scale=b)`.
    Normal = 2,
    /// `uniform(low=a, high-low=b)`.
    Uniform = 3,
    StandardExponential = 4,
    /// `exponential(scale=a)`.
    Exponential = 5,
    /// `standard_gamma(shape=a)`.
    StandardGamma = 6,
    /// `gamma(shape=a, scale=b)`.
    Gamma = 7,
    /// `poisson(lam=a)` (integers).
    Poisson = 8,
    /// `binomial(n=k, p=a)` (integers).
    Binomial = 9,
    /// `zipf(a=a)` (integers).
    Zipf = 10,
}

impl RngDist {
    /// The distribution generated code passed (unknown codes read as [`RngDist::Random`]).
    pub fn from_code(code: i32) -> RngDist {
        use RngDist::*;
        match code {
            1 => StandardNormal,
            2 => Normal,
            3 => Uniform,
            4 => StandardExponential,
            5 => Exponential,
            6 => StandardGamma,
            7 => Gamma,
            8 => Poisson,
            9 => Binomial,
            10 => Zipf,
            _ => Random,
        }
    }
}

/// The Mersenne Twister of the `random` module (`oxjit_rt_pyrandom_state`): 624 words of 32
/// bits, then at this byte offset the position of the next word to draw (624: refill first).
pub const MT_WORDS: u64 = 624;
/// See [`MT_WORDS`].
pub const MT_POS_OFFSET: u64 = 4 * MT_WORDS;
