//! The `cmath` module: complex functions and constants.

use super::entry::Entry;
use super::{Builtin, Registered};
pub use crate::callee::CmathFn;
use crate::ir::Const;
use crate::types::ModuleKind;
use crate::types::Type;

/// The constants of `cmath` (`cmath.infj`).
pub fn constant(name: &str) -> Option<Registered> {
    let constant = match name {
        "pi" => Some(Const::Float(std::f64::consts::PI)),
        "e" => Some(Const::Float(std::f64::consts::E)),
        "tau" => Some(Const::Float(std::f64::consts::TAU)),
        "inf" => Some(Const::Float(f64::INFINITY)),
        "nan" => Some(Const::Float(f64::NAN)),
        "infj" => Some(Const::Complex(0.0, f64::INFINITY)),
        "nanj" => Some(Const::Complex(0.0, f64::NAN)),
        _ => None,
    };
    constant.map(Registered::Constant)
}

/// The functions of `cmath`, for the table of callables.
pub fn entries() -> Vec<Entry> {
    CmathFn::ALL
        .iter()
        .map(|f| Entry::function(Builtin::Cmath(*f), ModuleKind::Cmath, f.name()))
        .collect()
}

/// The result type of a `cmath` call: complex functions of one number return complex128.
pub fn type_call(f: CmathFn, args: &[Type]) -> Result<Type, String> {
    use CmathFn::*;
    let name = f.name();
    let numbers = |n_min: usize, n_max: usize| -> Result<(), String> {
        if args.len() < n_min || args.len() > n_max {
            return Err(format!(
                "cmath.{name}() takes {n_min} to {n_max} arguments ({} given)",
                args.len()
            ));
        }
        match args.iter().find(|t| !t.is_numeric()) {
            Some(bad) => Err(format!("cmath.{name}() needs numbers, got {bad}")),
            None => Ok(()),
        }
    };
    match f {
        Acos | Acosh | Asin | Asinh | Atan | Atanh | Cos | Cosh | Exp | Log10 | Sin | Sinh
        | Sqrt | Tan | Tanh => numbers(1, 1).map(|_| Type::C128),
        Log => numbers(1, 2).map(|_| Type::C128),
        Phase => numbers(1, 1).map(|_| Type::F64),
        Polar => numbers(1, 1).map(|_| Type::tuple(vec![Type::F64, Type::F64])),
        Rect => {
            numbers(2, 2)?;
            if !args.iter().all(Type::is_real) {
                return Err("cmath.rect() needs real numbers".into());
            }
            Ok(Type::C128)
        }
        Isfinite | Isinf | Isnan => numbers(1, 1).map(|_| Type::Bool),
        Isclose => numbers(2, 4).map(|_| Type::Bool),
    }
}
