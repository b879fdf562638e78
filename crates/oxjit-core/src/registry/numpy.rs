//! The scalar side of NumPy: ufuncs called on numbers (`np.sqrt(x)`), and the scalar types used
//! as conversions (`np.float32(x)`). NumPy's rules: no exceptions for domain errors (NaN and
//! infinities instead), results of the input's float width (`np.sqrt(float32)` is float32,
//! integers compute in float64). On arrays they are typed in `elementwise.rs`.

use super::entry::{Entry, Receiver};
use super::error::CallError;
use super::Builtin;
pub use crate::callee::NpFn;
use crate::types::{ModuleKind, Type};

/// NumPy's scalar functions and types, for the table of callables; `a.conj()` and
/// `a.conjugate()` are `np.conjugate` (see [`method_for`]).
pub fn entries() -> Vec<Entry> {
    NpFn::ALL
        .iter()
        .map(|f| {
            let e = Entry::function(Builtin::Numpy(*f), ModuleKind::Numpy, f.name());
            match f {
                NpFn::Float64 => e.alias(ModuleKind::Numpy, "double"),
                NpFn::Float32 => e.alias(ModuleKind::Numpy, "single"),
                NpFn::Float16 => e.alias(ModuleKind::Numpy, "half"),
                // NumPy 2's name of its boolean type (`np.bool is np.bool_`).
                NpFn::Bool => e.alias(ModuleKind::Numpy, "bool"),
                NpFn::Int64 => e
                    .alias(ModuleKind::Numpy, "intp")
                    .alias(ModuleKind::Numpy, "int_"),
                // C's int and unsigned int, and the unsigned pointer size, on LP64.
                NpFn::Int32 => e.alias(ModuleKind::Numpy, "intc"),
                NpFn::Uint32 => e.alias(ModuleKind::Numpy, "uintc"),
                NpFn::Uint64 => e.alias(ModuleKind::Numpy, "uintp"),
                NpFn::Conjugate => e
                    .method_of(Receiver::Array, "conj")
                    .method_of(Receiver::Array, "conjugate"),
                // The same loops in NumPy (`npy_degrees` is `x * (180 / pi)`, as rad2deg).
                NpFn::Deg2rad => e.alias(ModuleKind::Numpy, "radians"),
                NpFn::Rad2deg => e.alias(ModuleKind::Numpy, "degrees"),
                _ => e,
            }
        })
        .collect()
}

impl NpFn {
    /// The scalar type a conversion function makes, for `np.float32(x)` and friends.
    pub fn conversion_target(self) -> Option<Type> {
        use NpFn::*;
        Some(match self {
            Float64 => Type::F64,
            Float32 => Type::Float(32),
            Float16 => Type::Float(16),
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

const INT8: Type = Type::Int(crate::types::IntTy {
    bits: 8,
    signed: true,
});

/// The float type NumPy computes a real ufunc in: a float stays itself, booleans and 8-bit
/// integers go to float16, 16-bit ones to float32, wider ones to float64 (`float_loop`).
fn float_of(t: &Type) -> Option<Type> {
    float_loop(t)
}

impl NpFn {
    /// `np.real`/`np.imag`: views of an array's parts (the attributes), not elementwise ufuncs.
    pub fn is_part_view(self) -> bool {
        matches!(self, NpFn::Real | NpFn::Imag)
    }
}

/// The method `id` of `recv` (found by name in the table) as it runs: `a.conj()` of a real
/// array is the array itself, as `np.real(a)` (NumPy gives the array back), for complex arrays
/// it is elementwise (a new array).
pub fn method_for(recv: &Type, id: Builtin) -> Builtin {
    match (recv, id) {
        (Type::Array(a), Builtin::Numpy(NpFn::Conjugate))
            if !matches!(a.dtype, Type::Complex(_)) =>
        {
            Builtin::Numpy(NpFn::Real)
        }
        _ => id,
    }
}

/// `np.real(x)`, `np.imag(x)`: the `.real`/`.imag` attribute of an array or a number.
fn part(f: NpFn, args: &[Type]) -> Result<Type, CallError> {
    let name = f.name();
    match args {
        [Type::Array(a)] => match &a.dtype {
            Type::Complex(bits) => Ok(Type::Array(std::sync::Arc::new(crate::types::ArrayTy {
                dtype: Type::Float(bits / 2),
                layout: crate::types::Layout::A,
                ..(**a).clone()
            }))),
            _ if f == NpFn::Real => Ok(args[0].clone()),
            t => Err(CallError::unsupported(format!(
                "np.imag() of an array of {t} (a read-only array of zeros in NumPy) is not supported"
            ))),
        },
        [t] => crate::types::attribute(t, name)
            .filter(|_| t.is_numeric())
            .map(|a| a.ty)
            .ok_or_else(|| CallError::unsupported(format!("np.{name}() of {t} is not supported"))),
        _ => Err(CallError::typing(format!(
            "np.{name}() takes one argument, got {}",
            super::describe_args(args)
        ))),
    }
}

/// The result of a ufunc on complex numbers (`args` has a complex type), as NumPy defines its
/// complex loops; the ones NumPy has no complex loop for are errors.
fn complex_call(f: NpFn, args: &[Type]) -> Result<Type, CallError> {
    use NpFn::*;
    let name = f.name();
    let z = args
        .iter()
        .try_fold(Type::Bool, |acc, t| crate::types::unify(&acc, t))
        .filter(|t| matches!(t, Type::Complex(_)))
        .ok_or_else(|| format!("np.{name}() of {}", super::describe_args(args)))?;
    let Type::Complex(bits) = z else {
        unreachable!("a complex type")
    };
    let supported = matches!(
        f,
        Isnan
            | Isinf
            | Isfinite
            | Abs
            | Absolute
            | Sqrt
            | Exp
            | Exp2
            | Expm1
            | Log
            | Log2
            | Log10
            | Log1p
            | Sin
            | Cos
            | Tan
            | Arcsin
            | Arccos
            | Arctan
            | Sinh
            | Cosh
            | Tanh
            | Arcsinh
            | Arccosh
            | Arctanh
            | Sign
            | Reciprocal
            | Conj
            | Conjugate
            | Power
            | Iscomplex
            | Isreal
    );
    if !supported {
        return Err(CallError::unsupported(format!(
            "np.{name}() of complex numbers is not supported"
        )));
    }
    let arity = if f == Power { 2 } else { 1 };
    if args.len() != arity {
        return Err(CallError::typing(format!(
            "np.{name}() takes {arity} argument{} here, got {}",
            if arity == 1 { "" } else { "s" },
            args.len()
        )));
    }
    match f {
        Isnan | Isinf | Isfinite | Iscomplex | Isreal => Ok(Type::Bool),
        Abs | Absolute => Ok(Type::Float(bits / 2)),
        _ => Ok(z),
    }
}

/// The float type of a two-argument real ufunc: NumPy promotes the arguments first, then picks
/// the float loop (`maximum(float32, bool)` is float32; converting each argument to a float on
/// its own would make the bool a float64).
fn promoted_real(
    name: &str,
    args: &[Type],
    real: &dyn Fn(usize) -> Result<Vec<Type>, CallError>,
) -> Result<Type, CallError> {
    let v = real(2)?;
    let joined = crate::types::unify(&args[0], &args[1])
        .ok_or_else(|| format!("np.{name}() of these numbers"))?;
    match float_of(&joined) {
        Some(t) if matches!(joined, Type::Float(_)) => Ok(t),
        _ => crate::types::unify(&v[0], &v[1])
            .ok_or_else(|| CallError::typing(format!("np.{name}() of these numbers"))),
    }
}

/// The float type of NumPy's loop for a one-float ufunc with no integer loops (`ldexp`,
/// `frexp`, `modf`): the first float type an item converts to safely (booleans and 8-bit
/// integers to float16, 16-bit ones to float32, wider ones to float64).
pub fn float_loop(t: &Type) -> Option<Type> {
    match t {
        Type::Float(_) => Some(t.clone()),
        Type::Bool => Some(Type::Float(16)),
        Type::Int(i) if i.bits <= 8 => Some(Type::Float(16)),
        Type::Int(i) if i.bits <= 16 => Some(Type::Float(32)),
        Type::Int(_) => Some(Type::F64),
        _ => None,
    }
}

/// NumPy's name of the DType class of items of type `t` (`Float64DType`), for its messages.
fn dtype_class(t: &Type) -> String {
    let name = match t {
        Type::Bool => "Bool".to_string(),
        Type::Int(i) if i.signed => format!("Int{}", i.bits),
        Type::Int(i) => format!("UInt{}", i.bits),
        Type::Float(bits) => format!("Float{bits}"),
        Type::Complex(bits) => format!("Complex{bits}"),
        t => return t.to_string(),
    };
    format!("<class 'numpy.dtypes.{name}DType'>")
}

/// `np.gcd`/`np.lcm`: integers only, in their common type (two booleans have no loop).
fn gcd_type(name: &str, args: &[Type]) -> Result<Type, CallError> {
    if args.len() != 2 {
        return Err(CallError::typing(format!(
            "np.{name}() takes 2 arguments here, got {}",
            args.len()
        )));
    }
    let common = args
        .iter()
        .all(Type::is_integer_like)
        .then(|| crate::types::unify(&args[0], &args[1]))
        .flatten();
    match common {
        Some(t @ Type::Int(_)) => Ok(t),
        _ => Err(CallError::typing(format!(
            "ufunc '{name}' did not contain a loop with signature matching types ({}, {}) -> None",
            dtype_class(&args[0]),
            dtype_class(&args[1])
        ))),
    }
}

/// `np.ldexp(x, e)` of items of these types: NumPy's loops take an int32 or int64 exponent
/// (`'fi->f'`, `'dl->d'`...), so unsigned 64-bit and float exponents have none.
fn ldexp_type(args: &[Type]) -> Result<Type, CallError> {
    let [x, e] = args else {
        return Err(CallError::typing(format!(
            "np.ldexp() takes 2 arguments here, got {}",
            args.len()
        )));
    };
    let exponent = match e {
        Type::Bool => true,
        Type::Int(i) => i.signed || i.bits <= 32,
        _ => false,
    };
    match float_loop(x) {
        Some(t) if exponent => Ok(t),
        _ => Err(CallError::typing(
            "ufunc 'ldexp' not supported for the input types, and the inputs could not be \
             safely coerced to any supported types according to the casting rule ''safe''",
        )),
    }
}

pub fn type_call(f: NpFn, args: &[Type]) -> Result<Type, CallError> {
    use NpFn::*;
    let name = f.name();
    if f.is_part_view() {
        return part(f, args);
    }
    if let Some(target) = f.conversion_target() {
        return match args {
            [] => Ok(target),
            // Of an array, `np.asarray(a, dtype)`: the array itself in its own dtype, else a
            // copy in the array's memory order.
            [t @ Type::Array(a)] if a.dtype.is_numeric() => Ok(if a.dtype == target {
                t.clone()
            } else {
                Type::Array(std::sync::Arc::new(crate::types::ArrayTy {
                    dtype: target,
                    ndim: a.ndim,
                    layout: super::results::keep_order_layout(&[t]),
                    readonly: false,
                }))
            }),
            [t] if t.is_numeric() && (target.is_numeric()) => {
                if matches!(t, Type::Complex(_)) && !matches!(target, Type::Complex(_)) {
                    return Err(CallError::unsupported(format!(
                        "np.{name}() of a complex number is not supported"
                    )));
                }
                Ok(target)
            }
            _ => Err(CallError::typing(format!(
                "np.{name}() takes one number here (arrays come later), got {}",
                super::describe_args(args)
            ))),
        };
    }
    if f == Ldexp {
        return ldexp_type(args);
    }
    if args.iter().any(|t| matches!(t, Type::Complex(_))) {
        return complex_call(f, args);
    }
    let real = |n: usize| -> Result<Vec<Type>, CallError> {
        if args.len() != n {
            return Err(CallError::typing(format!(
                "np.{name}() takes {n} argument{} here, got {}",
                if n == 1 { "" } else { "s" },
                args.len()
            )));
        }
        args.iter()
            .map(|t| {
                float_of(t).ok_or_else(|| {
                    CallError::unsupported(format!("np.{name}() of {t} is not supported"))
                })
            })
            .collect()
    };
    match f {
        Isnan | Isinf | Isfinite => real(1).map(|_| Type::Bool),
        // The identity on real numbers, of the same type (integers and bools included).
        // (NumPy has no bool loop: a bool goes to int8.)
        Conj | Conjugate if args.len() == 1 && args[0].is_real() => Ok(match &args[0] {
            Type::Bool => INT8,
            t => t.clone(),
        }),
        Reciprocal if args.iter().any(Type::is_integer_like) => Err(CallError::unsupported(
            "np.reciprocal() of integers (integer division of 1) is not supported; use 1.0 / x",
        )),
        Abs | Absolute | Sign => match args {
            [t @ Type::Int(_)] => Ok(t.clone()),
            [Type::Bool] if f != Sign => Ok(Type::Bool),
            [Type::Bool] => Err(
                "ufunc 'sign' did not contain a loop with signature matching \
                 types <class 'numpy.dtypes.BoolDType'> -> None (NumPy has no boolean sign)"
                    .into(),
            ),
            _ => real(1).map(|mut v| v.remove(0)),
        },
        // C's fmod: the remainder with the dividend's sign (integers: 0 for a zero divisor).
        Fmod if args.len() == 2 && args.iter().all(Type::is_integer_like) => {
            match crate::types::unify(&args[0], &args[1]) {
                Some(Type::Bool) => Ok(INT8),
                Some(t) => Ok(t),
                None => Err("np.fmod() of these integers".into()),
            }
        }
        Fmod => {
            let v = real(2)?;
            crate::types::unify(&v[0], &v[1]).ok_or_else(|| "np.fmod() of these numbers".into())
        }
        Minimum | Maximum | Fmin | Fmax => {
            if args.len() == 2 && args.iter().all(Type::is_integer_like) {
                return crate::types::unify(&args[0], &args[1])
                    .ok_or_else(|| CallError::typing(format!("np.{name}() of these integers")));
            }
            promoted_real(name, args, &real)
        }
        Power => {
            if args.len() == 2 && args.iter().all(Type::is_integer_like) {
                // NumPy has no boolean power loop: booleans go to int8.
                return match crate::types::unify(&args[0], &args[1]) {
                    Some(Type::Bool) => Ok(INT8),
                    Some(t) => Ok(t),
                    None => Err(CallError::typing("np.power() of these integers")),
                };
            }
            let v = real(2)?;
            crate::types::unify(&v[0], &v[1])
                .ok_or_else(|| CallError::typing("np.power() of these numbers"))
        }
        Arctan2 | Hypot | Copysign | Logaddexp | Logaddexp2 => promoted_real(name, args, &real),
        Signbit | Isposinf | Isneginf => real(1).map(|_| Type::Bool),
        // A real number's imaginary part is 0.
        Iscomplex | Isreal if args.len() == 1 && args[0].is_real() => Ok(Type::Bool),
        // NumPy's `sin(y) / y` of `y = pi * where(x == 0, 1e-20, x)`: three roundings in the
        // float type (integers in float64), which a float16 loop through float32 would not make.
        Sinc if args.contains(&Type::Float(16)) => Err(CallError::unsupported(
            "np.sinc() of float16 numbers is not supported yet",
        )),
        Sinc => real(1).map(|v| match &v[0] {
            Type::Float(32) if args[0] == Type::Float(32) => Type::Float(32),
            _ => Type::F64,
        }),
        // NumPy's float16 loops of these step through the half's bits (not through float32);
        // booleans and 8-bit integers take them too.
        Nextafter | Spacing => {
            let t = match f {
                Spacing => real(1)?.remove(0),
                _ => promoted_real(name, args, &real)?,
            };
            if t == Type::Float(16) {
                return Err(CallError::unsupported(format!(
                    "np.{name}() of float16 numbers (and of booleans and 8-bit integers, which \
                     NumPy computes in float16) is not supported yet"
                )));
            }
            Ok(t)
        }
        // NumPy 2 keeps integers and booleans through floor, ceil and trunc.
        Floor | Ceil | Trunc if matches!(args, [t] if t.is_integer_like()) => Ok(args[0].clone()),
        // Always float64 (complex128 for complex numbers, not supported here).
        FloatPower => real(2).map(|_| Type::F64),
        Gcd | Lcm => gcd_type(name, args),
        _ => real(1).map(|mut v| v.remove(0)),
    }
}
