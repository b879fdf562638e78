//! The ids of `np.random`'s functions, with the runtime function each distribution draws with
//! and its parameters' names.

macro_rules! random_functions {
    ($($variant:ident => $name:literal, $runtime:ident, [$($param:literal),*], $ret:ident;)*) => {
        /// A function of `np.random`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum RandomFn { $($variant,)* Seed, Randint, Rand, Randn, Shuffle, Permutation, Choice }

        impl RandomFn {
            pub const DISTRIBUTIONS: &'static [RandomFn] = &[$(RandomFn::$variant,)*];

            pub fn name(self) -> &'static str {
                match self {
                    $(RandomFn::$variant => $name,)*
                    RandomFn::Seed => "seed",
                    RandomFn::Randint => "randint",
                    RandomFn::Rand => "rand",
                    RandomFn::Randn => "randn",
                    RandomFn::Shuffle => "shuffle",
                    RandomFn::Permutation => "permutation",
                    RandomFn::Choice => "choice",
                }
            }

            /// The runtime function drawing one number, for the distributions.
            pub fn runtime(self) -> Option<oxjit_abi::RuntimeFn> {
                match self {
                    $(RandomFn::$variant => Some(oxjit_abi::RuntimeFn::$runtime),)*
                    _ => None,
                }
            }

            /// The parameters of a distribution (all floats except where `int_params` says).
            pub fn params(self) -> &'static [&'static str] {
                match self {
                    $(RandomFn::$variant => &[$($param),*],)*
                    RandomFn::Seed => &["seed"],
                    RandomFn::Randint => &["low", "high", "size"],
                    RandomFn::Rand | RandomFn::Randn => &[],
                    RandomFn::Shuffle => &["x"],
                    RandomFn::Permutation => &["x"],
                    RandomFn::Choice => &["a", "size", "replace", "p"],
                }
            }

            /// Whether one draw is an int64 (else a float64).
            pub fn draws_int(self) -> bool {
                match self {
                    $(RandomFn::$variant => stringify!($ret) == "int",)*
                    _ => false,
                }
            }
        }
    };
}

random_functions! {
    Random => "random", RandomSample, [], float;
    RandomSample => "random_sample", RandomSample, [], float;
    Sample => "sample", RandomSample, [], float;
    Ranf => "ranf", RandomSample, [], float;
    StandardNormal => "standard_normal", RandomStandardNormal, [], float;
    Normal => "normal", RandomNormal, ["loc", "scale"], float;
    Uniform => "uniform", RandomUniform, ["low", "high"], float;
    StandardExponential => "standard_exponential", RandomStandardExponential, [], float;
    Exponential => "exponential", RandomExponential, ["scale"], float;
    StandardGamma => "standard_gamma", RandomStandardGamma, ["shape"], float;
    Gamma => "gamma", RandomGamma, ["shape", "scale"], float;
    Beta => "beta", RandomBeta, ["a", "b"], float;
    Chisquare => "chisquare", RandomChisquare, ["df"], float;
    NoncentralChisquare => "noncentral_chisquare", RandomNoncentralChisquare, ["df", "nonc"], float;
    F => "f", RandomF, ["dfnum", "dfden"], float;
    NoncentralF => "noncentral_f", RandomNoncentralF, ["dfnum", "dfden", "nonc"], float;
    Poisson => "poisson", RandomPoisson, ["lam"], int;
    Binomial => "binomial", RandomBinomial, ["n", "p"], int;
    Geometric => "geometric", RandomGeometric, ["p"], int;
    Laplace => "laplace", RandomLaplace, ["loc", "scale"], float;
    Logistic => "logistic", RandomLogistic, ["loc", "scale"], float;
    Lognormal => "lognormal", RandomLognormal, ["mean", "sigma"], float;
    Triangular => "triangular", RandomTriangular, ["left", "mode", "right"], float;
    Gumbel => "gumbel", RandomGumbel, ["loc", "scale"], float;
    Pareto => "pareto", RandomPareto, ["a"], float;
    Weibull => "weibull", RandomWeibull, ["a"], float;
    Power => "power", RandomPower, ["a"], float;
    Rayleigh => "rayleigh", RandomRayleigh, ["scale"], float;
    StandardCauchy => "standard_cauchy", RandomStandardCauchy, [], float;
    StandardT => "standard_t", RandomStandardT, ["df"], float;
    Vonmises => "vonmises", RandomVonmises, ["mu", "kappa"], float;
    Wald => "wald", RandomWald, ["mean", "scale"], float;
    Zipf => "zipf", RandomZipf, ["a"], int;
    Hypergeometric => "hypergeometric", RandomHypergeometric, ["ngood", "nbad", "nsample"], int;
    NegativeBinomial => "negative_binomial", RandomNegativeBinomial, ["n", "p"], int;
    Logseries => "logseries", RandomLogseries, ["p"], int;
}
