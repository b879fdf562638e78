//! The ids of `np.random`'s functions, with the runtime function each distribution draws with
//! and its parameters' names.

macro_rules! random_functions {
    ($($variant:ident => $name:literal, $runtime:literal, [$($param:literal),*], $ret:ident;)*) => {
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
            pub fn runtime_name(self) -> Option<&'static str> {
                match self {
                    $(RandomFn::$variant => Some($runtime),)*
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
    Random => "random", "oxjit_rt_random_sample", [], float;
    RandomSample => "random_sample", "oxjit_rt_random_sample", [], float;
    Sample => "sample", "oxjit_rt_random_sample", [], float;
    Ranf => "ranf", "oxjit_rt_random_sample", [], float;
    StandardNormal => "standard_normal", "oxjit_rt_random_standard_normal", [], float;
    Normal => "normal", "oxjit_rt_random_normal", ["loc", "scale"], float;
    Uniform => "uniform", "oxjit_rt_random_uniform", ["low", "high"], float;
    StandardExponential => "standard_exponential", "oxjit_rt_random_standard_exponential", [], float;
    Exponential => "exponential", "oxjit_rt_random_exponential", ["scale"], float;
    StandardGamma => "standard_gamma", "oxjit_rt_random_standard_gamma", ["shape"], float;
    Gamma => "gamma", "oxjit_rt_random_gamma", ["shape", "scale"], float;
    Beta => "beta", "oxjit_rt_random_beta", ["a", "b"], float;
    Chisquare => "chisquare", "oxjit_rt_random_chisquare", ["df"], float;
    NoncentralChisquare => "noncentral_chisquare", "oxjit_rt_random_noncentral_chisquare", ["df", "nonc"], float;
    F => "f", "oxjit_rt_random_f", ["dfnum", "dfden"], float;
    NoncentralF => "noncentral_f", "oxjit_rt_random_noncentral_f", ["dfnum", "dfden", "nonc"], float;
    Poisson => "poisson", "oxjit_rt_random_poisson", ["lam"], int;
    Binomial => "binomial", "oxjit_rt_random_binomial", ["n", "p"], int;
    Geometric => "geometric", "oxjit_rt_random_geometric", ["p"], int;
    Laplace => "laplace", "oxjit_rt_random_laplace", ["loc", "scale"], float;
    Logistic => "logistic", "oxjit_rt_random_logistic", ["loc", "scale"], float;
    Lognormal => "lognormal", "oxjit_rt_random_lognormal", ["mean", "sigma"], float;
    Triangular => "triangular", "oxjit_rt_random_triangular", ["left", "mode", "right"], float;
    Gumbel => "gumbel", "oxjit_rt_random_gumbel", ["loc", "scale"], float;
    Pareto => "pareto", "oxjit_rt_random_pareto", ["a"], float;
    Weibull => "weibull", "oxjit_rt_random_weibull", ["a"], float;
    Power => "power", "oxjit_rt_random_power", ["a"], float;
    Rayleigh => "rayleigh", "oxjit_rt_random_rayleigh", ["scale"], float;
    StandardCauchy => "standard_cauchy", "oxjit_rt_random_standard_cauchy", [], float;
    StandardT => "standard_t", "oxjit_rt_random_standard_t", ["df"], float;
    Vonmises => "vonmises", "oxjit_rt_random_vonmises", ["mu", "kappa"], float;
    Wald => "wald", "oxjit_rt_random_wald", ["mean", "scale"], float;
    Zipf => "zipf", "oxjit_rt_random_zipf", ["a"], int;
    Hypergeometric => "hypergeometric", "oxjit_rt_random_hypergeometric", ["ngood", "nbad", "nsample"], int;
    NegativeBinomial => "negative_binomial", "oxjit_rt_random_negative_binomial", ["n", "p"], int;
    Logseries => "logseries", "oxjit_rt_random_logseries", ["p"], int;
}
