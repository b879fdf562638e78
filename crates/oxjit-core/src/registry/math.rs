//! The `math` module: every function that takes and returns numbers, and its constants.

use super::entry::Entry;
use super::{Builtin, Registered};
pub use crate::callee::MathFn;
use crate::ir::Const;
use crate::types::ModuleKind;
use crate::types::Type;

const CONSTANTS: &[(&str, f64)] = &[
    ("pi", std::f64::consts::PI),
    ("e", std::f64::consts::E),
    ("tau", std::f64::consts::TAU),
    ("inf", f64::INFINITY),
    ("nan", f64::NAN),
];

/// The constants of `math` (`math.pi`).
pub fn constant(name: &str) -> Option<Registered> {
    let (_, x) = CONSTANTS.iter().find(|(n, _)| *n == name)?;
    Some(Registered::Constant(Const::Float(*x)))
}

/// The functions of `math`, for the table of callables.
pub fn entries() -> Vec<Entry> {
    MathFn::ALL
        .iter()
        .map(|f| Entry::function(Builtin::Math(*f), ModuleKind::Math, f.name()))
        .collect()
}

fn real(args: &[Type], n: usize, name: &str) -> Result<(), String> {
    if args.len() != n {
        return Err(format!(
            "math.{name}() takes exactly {n} argument{} ({} given)",
            if n == 1 { "" } else { "s" },
            args.len()
        ));
    }
    if let Some(bad) = args.iter().find(|t| !t.is_real()) {
        return Err(format!("math.{name}() needs real numbers, got {bad}"));
    }
    Ok(())
}

fn ints(args: &[Type], min: usize, max: usize, name: &str) -> Result<(), String> {
    if args.len() < min || args.len() > max {
        return Err(format!(
            "math.{name}() takes {min} to {max} integer arguments ({} given)",
            args.len()
        ));
    }
    if let Some(bad) = args.iter().find(|t| !t.is_integer_like()) {
        return Err(format!("math.{name}() needs integers, got {bad}"));
    }
    Ok(())
}

/// A homogeneous tuple of real numbers (the iterables of `fsum`, `prod`, `dist`, `sumprod`).
fn real_tuple<'a>(t: &'a Type, name: &str) -> Result<&'a [Type], String> {
    match t {
        Type::Tuple(items) if items.iter().all(Type::is_real) => Ok(items),
        _ => Err(format!(
            "math.{name}() needs a tuple of real numbers, got {t}"
        )),
    }
}

/// The result type of a `math` call (Python's `math` returns float, int or bool).
pub fn type_call(f: MathFn, args: &[Type]) -> Result<Type, String> {
    use MathFn::*;
    let name = f.name();
    match f {
        Acos | Acosh | Asin | Asinh | Atan | Atanh | Cbrt | Cos | Cosh | Degrees | Erf | Erfc
        | Exp | Exp2 | Expm1 | Fabs | Gamma | Lgamma | Log10 | Log1p | Log2 | Radians | Sin
        | Sinh | Sqrt | Tan | Tanh | Ulp => real(args, 1, name).map(|_| Type::F64),
        Log => if args.len() == 2 {
            real(args, 2, name)
        } else {
            real(args, 1, name)
        }
        .map(|_| Type::F64),
        Ceil | Floor | Trunc => real(args, 1, name).map(|_| Type::I64),
        Atan2 | Copysign | Fmod | Pow | Remainder | Nextafter => {
            real(args, 2, name).map(|_| Type::F64)
        }
        Ldexp => {
            real(args, 2, name)?;
            if !args[1].is_integer_like() {
                return Err(format!(
                    "math.ldexp() second argument must be an integer, got {}",
                    args[1]
                ));
            }
            Ok(Type::F64)
        }
        Isfinite | Isinf | Isnan => real(args, 1, name).map(|_| Type::Bool),
        Isclose => {
            if args.len() < 2 || args.len() > 4 || !args.iter().all(Type::is_real) {
                return Err("math.isclose() takes 2 real numbers, and rel_tol and abs_tol".into());
            }
            Ok(Type::Bool)
        }
        Hypot => {
            if let Some(bad) = args.iter().find(|t| !t.is_real()) {
                return Err(format!("math.hypot() needs real numbers, got {bad}"));
            }
            Ok(Type::F64)
        }
        Frexp => real(args, 1, name).map(|_| Type::tuple(vec![Type::F64, Type::I64])),
        Modf => real(args, 1, name).map(|_| Type::tuple(vec![Type::F64, Type::F64])),
        Factorial | Isqrt => ints(args, 1, 1, name).map(|_| Type::I64),
        Comb => ints(args, 2, 2, name).map(|_| Type::I64),
        // perm(n, None) is perm(n), which is factorial(n).
        Perm if args.len() == 2 && args[1] == Type::NoneType => {
            ints(&args[..1], 1, 1, name).map(|_| Type::I64)
        }
        Perm => ints(args, 1, 2, name).map(|_| Type::I64),
        Gcd | Lcm => ints(args, 0, usize::MAX, name).map(|_| Type::I64),
        Fsum => {
            if args.len() != 1 {
                return Err("math.fsum() takes one tuple of numbers".into());
            }
            real_tuple(&args[0], name).map(|_| Type::F64)
        }
        Prod => {
            if args.is_empty() || args.len() > 2 {
                return Err("math.prod() takes one tuple of numbers and an optional start".into());
            }
            let items = real_tuple(&args[0], name)?;
            let mut acc = args.get(1).cloned().unwrap_or(Type::I64);
            for t in items {
                acc = crate::numeric::arith_result(&acc, t).ok_or("math.prod() needs numbers")?;
            }
            Ok(acc)
        }
        Dist => {
            if args.len() != 2 {
                return Err("math.dist() takes two points".into());
            }
            let (p, q) = (real_tuple(&args[0], name)?, real_tuple(&args[1], name)?);
            if p.len() != q.len() {
                return Err(
                    "math.dist(): both points must have the same number of dimensions".into(),
                );
            }
            Ok(Type::F64)
        }
        Sumprod => {
            if args.len() != 2 {
                return Err("math.sumprod() takes two tuples".into());
            }
            let (p, q) = (real_tuple(&args[0], name)?, real_tuple(&args[1], name)?);
            if p.len() != q.len() {
                return Err("math.sumprod(): inputs are not the same length".into());
            }
            let mut acc = Type::I64;
            for (a, b) in p.iter().zip(q) {
                let prod =
                    crate::numeric::arith_result(a, b).ok_or("math.sumprod() needs numbers")?;
                acc = crate::numeric::arith_result(&acc, &prod)
                    .ok_or("math.sumprod() needs numbers")?;
            }
            Ok(acc)
        }
    }
}
