//! The ids of `np.random.default_rng` and the methods of `np.random.Generator`.

/// `np.random.default_rng`, or a method of a Generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NpGenFn {
    DefaultRng,
    Random,
    Integers,
    StandardNormal,
    Normal,
    Uniform,
    StandardExponential,
    Exponential,
    StandardGamma,
    Gamma,
    Poisson,
    Binomial,
    Zipf,
    Shuffle,
    Permutation,
    Choice,
}

impl NpGenFn {
    pub fn name(self) -> &'static str {
        match self {
            NpGenFn::DefaultRng => "default_rng",
            NpGenFn::Random => "random",
            NpGenFn::Integers => "integers",
            NpGenFn::StandardNormal => "standard_normal",
            NpGenFn::Normal => "normal",
            NpGenFn::Uniform => "uniform",
            NpGenFn::StandardExponential => "standard_exponential",
            NpGenFn::Exponential => "exponential",
            NpGenFn::StandardGamma => "standard_gamma",
            NpGenFn::Gamma => "gamma",
            NpGenFn::Poisson => "poisson",
            NpGenFn::Binomial => "binomial",
            NpGenFn::Zipf => "zipf",
            NpGenFn::Shuffle => "shuffle",
            NpGenFn::Permutation => "permutation",
            NpGenFn::Choice => "choice",
        }
    }

    /// The methods of a Generator, in the order the table lists them.
    pub const METHODS: [NpGenFn; 15] = [
        NpGenFn::Random,
        NpGenFn::Integers,
        NpGenFn::StandardNormal,
        NpGenFn::Normal,
        NpGenFn::Uniform,
        NpGenFn::StandardExponential,
        NpGenFn::Exponential,
        NpGenFn::StandardGamma,
        NpGenFn::Gamma,
        NpGenFn::Poisson,
        NpGenFn::Binomial,
        NpGenFn::Zipf,
        NpGenFn::Shuffle,
        NpGenFn::Permutation,
        NpGenFn::Choice,
    ];
}
