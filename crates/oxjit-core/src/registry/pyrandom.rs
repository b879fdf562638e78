//! The standard library's `random` module (`random.random()`, `random.randint(a, b)`...), drawn
//! from the runtime's port of CPython's generator, so that `random.seed(n)` in compiled code gives
//! CPython's stream.

use super::entry::Entry;
use super::error::CallError;
use super::signature::{Param, Signature, Style};
use super::{Builtin, CallArgs};
pub use crate::callee::PyRandomFn;
use crate::ir::Const;
use crate::types::ModuleKind;
use crate::types::Type;

impl PyRandomFn {
    /// Parameters and defaults, as CPython 3.11 declares them.
    fn params(self) -> Vec<Param> {
        let f = |n, x: f64| Param::opt(n, Const::Float(x));
        let req = Param::req;
        match self {
            PyRandomFn::Seed => vec![req("a")],
            PyRandomFn::Random => vec![],
            PyRandomFn::Uniform | PyRandomFn::Randint => vec![req("a"), req("b")],
            PyRandomFn::Randrange => vec![
                req("start"),
                Param::none("stop"),
                Param::opt("step", Const::Int(1)),
            ],
            PyRandomFn::Getrandbits => vec![req("k")],
            PyRandomFn::Gauss | PyRandomFn::Normalvariate => {
                vec![f("mu", 0.0), f("sigma", 1.0)]
            }
            PyRandomFn::Expovariate => vec![req("lambd")],
        }
    }

    /// How a call binds its arguments.
    pub fn signature(self) -> Signature {
        Signature::new(self.name(), self.params(), Style::Library)
    }
}

/// The functions of `random`, for the table of callables.
pub fn entries() -> Vec<Entry> {
    PyRandomFn::ALL
        .iter()
        .map(|f| Entry::function(Builtin::PyRandom(*f), ModuleKind::PyRandom, f.name()))
        .collect()
}

pub fn type_call(f: PyRandomFn, args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    let name = f.name();
    let int = |k: usize| -> Result<(), String> {
        if t[k].is_integer_like() {
            Ok(())
        } else {
            Err(format!(
                "random.{name}(): argument {} must be an integer, not {}",
                k + 1,
                t[k]
            ))
        }
    };
    let real = |k: usize| -> Result<(), String> {
        if t[k].is_real() {
            Ok(())
        } else {
            Err(format!(
                "random.{name}(): argument {} must be a real number, not {}",
                k + 1,
                t[k]
            ))
        }
    };
    match f {
        PyRandomFn::Seed => {
            int(0).map_err(|_| {
                CallError::unsupported(
                    "random.seed() takes an integer here (None, strings and bytes are not supported yet)",
                )
            })?;
            Ok(Type::NoneType)
        }
        PyRandomFn::Random => Ok(Type::F64),
        PyRandomFn::Uniform | PyRandomFn::Gauss | PyRandomFn::Normalvariate => {
            real(0)?;
            real(1)?;
            Ok(Type::F64)
        }
        PyRandomFn::Expovariate => {
            real(0)?;
            Ok(Type::F64)
        }
        PyRandomFn::Randint => {
            int(0)?;
            int(1)?;
            Ok(Type::I64)
        }
        PyRandomFn::Randrange => {
            int(0)?;
            if t[1] != Type::NoneType {
                int(1)?;
            }
            int(2)?;
            Ok(Type::I64)
        }
        PyRandomFn::Getrandbits => {
            int(0)?;
            Ok(Type::I64)
        }
    }
}
