//! The ids of the functions of the standard library's `random`.

/// A function of `random`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PyRandomFn {
    Seed,
    Random,
    Uniform,
    Randint,
    Randrange,
    Getrandbits,
    Gauss,
    Normalvariate,
    Expovariate,
}

impl PyRandomFn {
    pub const ALL: [PyRandomFn; 9] = [
        PyRandomFn::Seed,
        PyRandomFn::Random,
        PyRandomFn::Uniform,
        PyRandomFn::Randint,
        PyRandomFn::Randrange,
        PyRandomFn::Getrandbits,
        PyRandomFn::Gauss,
        PyRandomFn::Normalvariate,
        PyRandomFn::Expovariate,
    ];

    pub fn name(self) -> &'static str {
        match self {
            PyRandomFn::Seed => "seed",
            PyRandomFn::Random => "random",
            PyRandomFn::Uniform => "uniform",
            PyRandomFn::Randint => "randint",
            PyRandomFn::Randrange => "randrange",
            PyRandomFn::Getrandbits => "getrandbits",
            PyRandomFn::Gauss => "gauss",
            PyRandomFn::Normalvariate => "normalvariate",
            PyRandomFn::Expovariate => "expovariate",
        }
    }
}
