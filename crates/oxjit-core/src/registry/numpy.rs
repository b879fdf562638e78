//! The scalar side of NumPy: ufuncs called on numbers (`np.sqrt(x)`), and the scalar types used
//! as conversions (`np.float32(x)`). NumPy's rules: no exceptions for domain errors (NaN and
//! infinities instead), results of the input's float width (`np.sqrt(float32)` is float32,
//! integers compute in float64). Arrays come with the arrays issue.

use super::{Builtin, Registered};
use crate::types::Type;

macro_rules! numpy_functions {
    ($($variant:ident => $name:literal,)*) => {
        /// A NumPy function applied to scalars.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum NpFn { $($variant,)* }

        impl NpFn {
            pub const ALL: &'static [NpFn] = &[$(NpFn::$variant,)*];

            pub fn name(self) -> &'static str {
                match self { $(NpFn::$variant => $name,)* }
            }
        }
    };
}

numpy_functions! {
    Sqrt => "sqrt", Exp => "exp", Exp2 => "exp2", Expm1 => "expm1", Log => "log", Log2 => "log2",
    Log10 => "log10", Log1p => "log1p", Sin => "sin", Cos => "cos", Tan => "tan",
    Arcsin => "arcsin", Arccos => "arccos", Arctan => "arctan", Sinh => "sinh", Cosh => "cosh",
    Tanh => "tanh", Arcsinh => "arcsinh", Arccosh => "arccosh", Arctanh => "arctanh",
    Cbrt => "cbrt", Floor => "floor", Ceil => "ceil", Trunc => "trunc", Rint => "rint",
    Fabs => "fabs", Abs => "abs", Absolute => "absolute", Arctan2 => "arctan2", Hypot => "hypot",
    Power => "power", Minimum => "minimum", Maximum => "maximum", Fmin => "fmin", Fmax => "fmax",
    Copysign => "copysign", Isnan => "isnan", Isinf => "isinf", Isfinite => "isfinite",
    Sign => "sign", Deg2rad => "deg2rad", Rad2deg => "rad2deg",
    Float64 => "float64", Float32 => "float32", Int64 => "int64", Int32 => "int32",
    Int16 => "int16", Int8 => "int8", Uint64 => "uint64", Uint32 => "uint32", Uint16 => "uint16",
    Uint8 => "uint8", Bool => "bool_", Complex128 => "complex128", Complex64 => "complex64",
}

pub fn lookup(name: &str) -> Option<Registered> {
    let name = match name {
        "double" => "float64",
        "single" => "float32",
        "intp" | "int_" => "int64",
        other => other,
    };
    if let Some(r) = super::ufunc::lookup(name) {
        return Some(r);
    }
    if let Some(f) = super::creation::ArrayFn::from_numpy_name(name) {
        return Some(Registered::Function(Builtin::Array(f)));
    }
    if let Some(r) = super::reduce::ReduceOp::from_name(name) {
        return Some(Registered::Function(Builtin::Reduce(r)));
    }
    NpFn::ALL
        .iter()
        .find(|f| f.name() == name)
        .map(|f| Registered::Function(Builtin::Numpy(*f)))
}

impl NpFn {
    /// The scalar type a conversion function makes, for `np.float32(x)` and friends.
    pub fn conversion_target(self) -> Option<Type> {
        use NpFn::*;
        Some(match self {
            Float64 => Type::F64,
            Float32 => Type::Float(32),
            Int64 => Type::I64,
            Int32 => Type::int(32, true),
            Int16 => Type::int(16, true),
            Int8 => Type::int(8, true),
            Uint64 => Type::int(64, false),
            Uint32 => Type::int(32, false),
            Uint16 => Type::int(16, false),
            Uint8 => Type::int(8, false),
            Bool => Type::Bool,
            Complex128 => Type::C128,
            Complex64 => Type::Complex(64),
            _ => return None,
        })
    }
}

/// The float type NumPy computes a real ufunc in: float32 stays float32, integers and bools go to
/// float64.
fn float_of(t: &Type) -> Option<Type> {
    match t {
        Type::Float(_) => Some(t.clone()),
        // NumPy gives float16 for 8-bit integers; oxjit has no float16 and uses float32.
        Type::Int(i) if i.bits <= 16 => Some(Type::Float(32)),
        Type::Bool | Type::Int(_) => Some(Type::F64),
        _ => None,
    }
}

pub fn type_call(f: NpFn, args: &[Type]) -> Result<Type, String> {
    use NpFn::*;
    let name = f.name();
    if args.iter().any(|t| matches!(t, Type::Array(_))) && f.conversion_target().is_none() {
        return super::elementwise::ufunc(f, args);
    }
    if let Some(target) = f.conversion_target() {
        return match args {
            [] => Ok(target),
            [t] if t.is_numeric() && (target.is_numeric()) => {
                if matches!(t, Type::Complex(_)) && !matches!(target, Type::Complex(_)) {
                    return Err(format!("np.{name}() of a complex number is not supported"));
                }
                Ok(target)
            }
            _ => Err(format!(
                "np.{name}() takes one number here (arrays come later), got {}",
                super::describe_args(args)
            )),
        };
    }
    let real = |n: usize| -> Result<Vec<Type>, String> {
        if args.len() != n {
            return Err(format!(
                "np.{name}() takes {n} argument{} here, got {}",
                if n == 1 { "" } else { "s" },
                args.len()
            ));
        }
        args.iter()
            .map(|t| float_of(t).ok_or_else(|| format!("np.{name}() of {t} is not supported yet (real numbers only, arrays come later)")))
            .collect()
    };
    match f {
        Isnan | Isinf | Isfinite => real(1).map(|_| Type::Bool),
        Abs | Absolute | Sign => match args {
            [t @ Type::Int(_)] => Ok(t.clone()),
            [Type::Bool] if f != Sign => Ok(Type::Bool),
            _ => real(1).map(|mut v| v.remove(0)),
        },
        Minimum | Maximum | Fmin | Fmax => {
            if args.len() == 2 && args.iter().all(Type::is_integer_like) {
                return crate::numeric::unify(&args[0], &args[1])
                    .ok_or_else(|| format!("np.{name}() of these integers"));
            }
            let v = real(2)?;
            crate::numeric::unify(&v[0], &v[1])
                .ok_or_else(|| format!("np.{name}() of these numbers"))
        }
        Power => {
            if args.len() == 2 && args.iter().all(Type::is_integer_like) {
                return crate::numeric::unify(&args[0], &args[1])
                    .ok_or_else(|| "np.power() of these integers".to_string());
            }
            let v = real(2)?;
            crate::numeric::unify(&v[0], &v[1])
                .ok_or_else(|| "np.power() of these numbers".to_string())
        }
        Arctan2 | Hypot | Copysign => {
            let v = real(2)?;
            crate::numeric::unify(&v[0], &v[1])
                .ok_or_else(|| format!("np.{name}() of these numbers"))
        }
        _ => real(1).map(|mut v| v.remove(0)),
    }
}
