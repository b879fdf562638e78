//! `np.random`: NumPy's legacy generator (`RandomState`), reproduced bit for bit by the runtime
//! crate, so that `np.random.seed(s)` in compiled code gives NumPy's stream. Each distribution
//! draws one number; with `size=` (or `rand(d0, d1)`), an array of them, drawn in C order.

use super::entry::Entry;
use super::error::CallError;
use super::signature::{Param, ParamKind, Signature, Style};
use super::{Builtin, CallArgs};
pub use crate::callee::RandomFn;
use crate::ir::Const;
use crate::types::ModuleKind;
use crate::types::{IntTy, Layout, Type};

/// What a distribution's parameter must satisfy, and NumPy's ValueError when it does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// Fails where `x < 0`.
    Negative(&'static str),
    /// Fails where `x <= 0`.
    NonPositive(&'static str),
    /// Fails where `x < 0` or `x` is NaN.
    NegativeOrNan(&'static str),
    /// Fails outside `[0, 1]` or NaN.
    Probability(&'static str),
    /// Fails outside `(0, 1]` or NaN.
    OpenProbability(&'static str),
    /// Fails outside `[0, 1)` or NaN.
    ProbabilityBelowOne(&'static str),
    /// Fails where `x <= 1` or NaN.
    AtMostOneOrNan(&'static str),
}

impl RandomFn {
    /// The integer parameters of a distribution (passed as int64).
    pub fn int_params(self) -> &'static [usize] {
        match self {
            RandomFn::Binomial => &[0],
            RandomFn::Hypergeometric => &[0, 1, 2],
            _ => &[],
        }
    }

    /// Parameter defaults (NumPy's), by position; `None`: required.
    fn default(self, k: usize) -> Option<Const> {
        use RandomFn::*;
        match (self, k) {
            (Normal | Laplace | Logistic | Gumbel, 0) | (Lognormal, 0) | (Uniform, 0) => {
                Some(Const::Float(0.0))
            }
            (Normal | Laplace | Logistic | Gumbel | Lognormal | Uniform, 1)
            | (Exponential | Rayleigh, 0)
            | (Gamma, 1) => Some(Const::Float(1.0)),
            _ => None,
        }
    }

    /// What each parameter must satisfy (checked before drawing, in this order).
    pub fn checks(self) -> Vec<(usize, Check)> {
        use Check::*;
        use RandomFn::*;
        match self {
            Normal | Laplace | Logistic | Gumbel => vec![(1, Negative("scale < 0"))],
            Lognormal => vec![(1, Negative("sigma < 0"))],
            Exponential | Rayleigh => vec![(0, Negative("scale < 0"))],
            StandardGamma => vec![(0, Negative("shape < 0"))],
            Gamma => vec![(0, Negative("shape < 0")), (1, Negative("scale < 0"))],
            Beta => vec![(0, NonPositive("a <= 0")), (1, NonPositive("b <= 0"))],
            Chisquare => vec![(0, NonPositive("df <= 0"))],
            NoncentralChisquare => vec![(0, NonPositive("df <= 0")), (1, Negative("nonc < 0"))],
            F => vec![
                (0, NonPositive("dfnum <= 0")),
                (1, NonPositive("dfden <= 0")),
            ],
            NoncentralF => vec![
                (0, NonPositive("dfnum <= 0")),
                (1, NonPositive("dfden <= 0")),
                (2, Negative("nonc < 0")),
            ],
            Poisson => vec![(0, NegativeOrNan("lam < 0 or lam is NaN"))],
            Binomial => vec![
                (0, Negative("n < 0")),
                (1, Probability("p < 0, p > 1 or p is NaN")),
            ],
            Geometric => vec![(0, OpenProbability("p <= 0, p > 1 or p contains NaNs"))],
            Pareto | Power => vec![(0, NonPositive("a <= 0"))],
            Weibull => vec![(0, Negative("a < 0"))],
            StandardT => vec![(0, NonPositive("df <= 0"))],
            Vonmises => vec![(1, Negative("kappa < 0"))],
            Wald => vec![
                (0, NonPositive("mean <= 0")),
                (1, NonPositive("scale <= 0")),
            ],
            Zipf => vec![(0, AtMostOneOrNan("a <= 1 or a is NaN"))],
            Hypergeometric => vec![(0, Negative("ngood < 0")), (1, Negative("nbad < 0"))],
            NegativeBinomial => vec![
                (0, NonPositive("n <= 0")),
                (1, Probability("p < 0, p > 1 or p is NaN")),
            ],
            Logseries => vec![(0, ProbabilityBelowOne("p < 0, p >= 1 or p is NaN"))],
            _ => vec![],
        }
    }
}

/// The functions of `np.random`, for the table of callables.
pub fn entries() -> Vec<Entry> {
    use RandomFn::*;
    let extra = [Seed, Randint, Rand, Randn, Shuffle, Permutation, Choice];
    RandomFn::DISTRIBUTIONS
        .iter()
        .chain(extra.iter())
        .map(|f| Entry::function(Builtin::Random(*f), ModuleKind::NumpyRandom, f.name()))
        .collect()
}

/// How a call binds its arguments: the parameters, then `size` (positional too, as NumPy
/// allows). `rand(d0, d1, ...)` and `randn(...)` take their dimensions positionally: they become
/// `size`.
pub fn signature(f: RandomFn) -> Signature {
    let name = f.name();
    if matches!(f, RandomFn::Rand | RandomFn::Randn) {
        let dims = Param::req("d").kind(ParamKind::VarPositional);
        return Signature::new(name, vec![dims], Style::Library);
    }
    // Every parameter with its default: `size` and `randint`'s `high` default to None.
    let mut params: Vec<Param> = f
        .params()
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let choice = f == RandomFn::Choice;
            let default =
                if f == RandomFn::Randint && *p == "high" || *p == "size" || choice && *p == "p" {
                    Some(Const::None)
                } else if choice && *p == "replace" {
                    Some(Const::Bool(true))
                } else {
                    f.default(k)
                };
            Param::new(p, default)
        })
        .collect();
    if f.runtime().is_some() {
        params.push(Param::none("size"));
    }
    Signature::new(name, params, Style::Library)
}

fn sized(draw: Type, size: &Type) -> Result<Type, CallError> {
    match size {
        Type::NoneType => Ok(draw),
        t => Ok(super::elementwise::array(
            draw,
            super::creation::shape_ndim(t)?,
        )),
    }
}

/// What compiled code does not do yet, refused before typing the call: shuffling the rows of an
/// array that is not C-contiguous.
pub fn limits(f: RandomFn, args: &CallArgs) -> Result<(), CallError> {
    match (f, args.types.first()) {
        (RandomFn::Shuffle, Some(Type::Array(a))) if a.ndim > 1 && a.layout != Layout::C => {
            Err(CallError::unsupported(
                "np.random.shuffle() of a non-contiguous multi-dimensional array is not supported yet",
            ))
        }
        _ => Ok(()),
    }
}

/// The result type of a call (arguments bound by [`bind`]).
pub fn type_call(f: RandomFn, args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    let name = f.name();
    let real = |k: usize| -> Result<(), String> {
        if t[k].is_real() {
            Ok(())
        } else {
            Err(format!(
                "np.random.{name}(): argument {} must be a real number, not {}",
                k + 1,
                t[k]
            ))
        }
    };
    let int = |k: usize| -> Result<(), String> {
        if t[k].is_integer_like() {
            Ok(())
        } else {
            Err(format!(
                "np.random.{name}(): argument {} must be an integer, not {}",
                k + 1,
                t[k]
            ))
        }
    };
    match f {
        RandomFn::Seed => {
            int(0)?;
            Ok(Type::NoneType)
        }
        RandomFn::Rand | RandomFn::Randn => {
            for k in 0..t.len() {
                int(k)?;
            }
            if t.is_empty() {
                Ok(Type::F64)
            } else {
                Ok(super::elementwise::array(Type::F64, t.len() as u8))
            }
        }
        RandomFn::Randint => {
            int(0)?;
            if t[1] != Type::NoneType {
                int(1)?;
            }
            sized(Type::I64, &t[2])
        }
        RandomFn::Shuffle => match &t[0] {
            Type::Array(a) if !a.readonly => Ok(Type::NoneType),
            other => Err(CallError::unsupported(format!(
                "np.random.shuffle() of {other} is not supported (writable arrays only)"
            ))),
        },
        RandomFn::Permutation => match &t[0] {
            Type::Array(a) => Ok(super::elementwise::array(a.dtype.clone(), a.ndim)),
            t if t.is_integer_like() => Ok(super::elementwise::array(Type::I64, 1)),
            other => Err(CallError::unsupported(format!(
                "np.random.permutation() of {other} is not supported"
            ))),
        },
        RandomFn::Choice => {
            let draw = match &t[0] {
                Type::Array(a) if a.ndim == 1 => a.dtype.clone(),
                t if t.is_integer_like() => Type::I64,
                Type::Array(_) => return Err("a must be 1-dimensional".into()),
                other => {
                    return Err(CallError::unsupported(format!(
                        "np.random.choice() of {other} is not supported (an integer or a 1d array)"
                    )))
                }
            };
            if !matches!(t[2], Type::Bool) && !t[2].is_integer_like() {
                return Err(CallError::typing(format!(
                    "np.random.choice(): replace must be a bool, not {}",
                    t[2]
                )));
            }
            match &t[3] {
                Type::NoneType => {}
                Type::Array(p) if p.ndim == 1 && matches!(p.dtype, Type::Float(_)) => {}
                Type::Array(p) if p.ndim != 1 => return Err("'p' must be 1-dimensional".into()),
                other => {
                    return Err(CallError::typing(format!(
                    "np.random.choice(): p must be a 1d array of float64 or float32, not {other}"
                )))
                }
            }
            sized(draw, &t[1])
        }
        _ => {
            let n = f.params().len();
            for k in 0..n {
                if f.int_params().contains(&k) {
                    int(k)?;
                } else {
                    real(k)?;
                }
            }
            let draw = if f.draws_int() {
                Type::Int(IntTy {
                    bits: 64,
                    signed: true,
                })
            } else {
                Type::F64
            };
            sized(draw, &t[n])
        }
    }
}
