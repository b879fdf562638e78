//! `np.random.default_rng` and the methods of `np.random.Generator` (`types/npgen.rs`): their
//! parameters as NumPy's, and their typing. Values are drawn by the runtime (`oxjit_runtime::rng`)
//! through the generator's bit generator, so they are NumPy's own; codegen's `lower/npgen.rs`
//! raises NumPy's errors for bad parameters first.

use super::entry::{Entry, Receiver};
use super::error::CallError;
use super::signature::{Decoded, Param, ParamKind, Signature, Style};
use super::{Builtin, CallArgs};
pub use crate::callee::NpGenFn;
use crate::ir::Const;
use crate::types::{IntTy, Layout, ModuleKind, Type};

/// `np.random.default_rng`, and the methods of a Generator, for the table of callables.
pub fn entries() -> Vec<Entry> {
    let mut out = vec![Entry::function(
        Builtin::NpGen(NpGenFn::DefaultRng),
        ModuleKind::NumpyRandom,
        "default_rng",
    )];
    out.extend(
        NpGenFn::METHODS
            .iter()
            .map(|f| Entry::method(Builtin::NpGen(*f), Receiver::NpGenerator, f.name())),
    );
    out
}

/// The parameters after the receiver, with NumPy's defaults.
fn params(f: NpGenFn) -> Vec<Param> {
    let float = |name: &str, x: f64| Param::opt(name, Const::Float(x));
    let size = || Param::none("size");
    let dtype = || Param::none("dtype");
    let out = || Param::none("out");
    match f {
        NpGenFn::DefaultRng => vec![Param::none("seed")],
        NpGenFn::Random | NpGenFn::StandardNormal => vec![size(), dtype(), out()],
        NpGenFn::StandardExponential => vec![size(), dtype(), Param::none("method"), out()],
        NpGenFn::StandardGamma => vec![Param::req("shape"), size(), dtype(), out()],
        NpGenFn::Integers => vec![
            Param::req("low"),
            Param::none("high"),
            size(),
            dtype(),
            Param::opt("endpoint", Const::Bool(false)),
        ],
        NpGenFn::Normal => vec![float("loc", 0.0), float("scale", 1.0), size()],
        NpGenFn::Uniform => vec![float("low", 0.0), float("high", 1.0), size()],
        NpGenFn::Exponential => vec![float("scale", 1.0), size()],
        NpGenFn::Gamma => vec![Param::req("shape"), float("scale", 1.0), size()],
        NpGenFn::Poisson => vec![float("lam", 1.0), size()],
        NpGenFn::Zipf => vec![Param::req("a"), size()],
        NpGenFn::Binomial => vec![Param::req("n"), Param::req("p"), size()],
        NpGenFn::Shuffle | NpGenFn::Permutation => {
            vec![Param::req("x"), Param::opt("axis", Const::Int(0))]
        }
        NpGenFn::Choice => vec![
            Param::req("a"),
            size(),
            Param::opt("replace", Const::Bool(true)),
            Param::none("p"),
            Param::opt("axis", Const::Int(0)),
            Param::opt("shuffle", Const::Bool(true)),
        ],
    }
}

/// How a call binds its arguments (a method's receiver first, as `self`).
pub fn signature(f: NpGenFn) -> Signature {
    let mut ps = params(f);
    if f == NpGenFn::DefaultRng {
        return Signature::new("default_rng", ps, Style::Library);
    }
    ps.insert(0, Param::req("self").kind(ParamKind::PositionalOnly));
    Signature::new(f.name(), ps, Style::Library).hiding(1)
}

/// The argument named `name` (after the receiver), by its parameter's position.
fn arg<'t>(f: NpGenFn, t: &'t [Type], name: &str) -> &'t Type {
    let k = params(f)
        .iter()
        .position(|p| &*p.name == name)
        .expect("a parameter of f");
    &t[k + 1]
}

/// The dtype a method's `dtype=` names (`None`: its default).
fn dtype_of(f: NpGenFn, args: &CallArgs) -> Result<Option<Type>, CallError> {
    let t = args.types;
    if !params(f).iter().any(|p| &*p.name == "dtype") {
        return Ok(None);
    }
    Ok(super::args::dtype_argument(arg(f, t, "dtype"))?)
}

/// The constant arguments decoded for lowering: the dtype.
pub fn decode(f: NpGenFn, args: &CallArgs) -> Decoded {
    Decoded {
        dtype: dtype_of(f, args).ok().flatten(),
        ..Decoded::default()
    }
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

/// Each of `names` must be a number (arrays of parameters are not broadcast yet).
fn numbers(f: NpGenFn, t: &[Type], names: &[&str], int: bool) -> Result<(), CallError> {
    for name in names {
        let a = arg(f, t, name);
        if let Type::Array(_) = a {
            return Err(CallError::unsupported(format!(
                "Generator.{}() with an array for '{name}' is not supported yet (numbers only)",
                f.name()
            )));
        }
        let ok = if int {
            a.is_integer_like()
        } else {
            a.is_real()
        };
        if !ok {
            let what = if int { "an integer" } else { "a real number" };
            return Err(CallError::typing(format!(
                "Generator.{}(): '{name}' must be {what}, not {a}",
                f.name()
            )));
        }
    }
    Ok(())
}

/// `out=` is not supported: refused rather than ignored.
fn no_out(f: NpGenFn, t: &[Type]) -> Result<(), CallError> {
    if *arg(f, t, "out") != Type::NoneType {
        return Err(CallError::unsupported(format!(
            "Generator.{}(out=...) is not supported yet",
            f.name()
        )));
    }
    Ok(())
}

/// A float distribution's result dtype: float64, or float32 where `float32` allows it.
fn float_dtype(f: NpGenFn, args: &CallArgs, float32: bool) -> Result<Type, CallError> {
    match dtype_of(f, args)? {
        None | Some(Type::Float(64)) => Ok(Type::F64),
        Some(Type::Float(32)) if float32 => Ok(Type::Float(32)),
        Some(Type::Float(32)) => Err(CallError::unsupported(format!(
            "Generator.{}(dtype=np.float32) is not supported yet (float64 only)",
            f.name()
        ))),
        Some(other) => Err(CallError::typing(format!(
            "Unsupported dtype dtype('{other}') for {}",
            f.name()
        ))),
    }
}

/// The result type of a call (arguments bound by [`signature`], the receiver first).
pub fn type_call(f: NpGenFn, args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    if f == NpGenFn::DefaultRng {
        return match &t[0] {
            Type::NoneType => Ok(Type::NpGenerator),
            s if s.is_integer_like() => Ok(Type::NpGenerator),
            other => Err(CallError::unsupported(format!(
                "np.random.default_rng() of {other} is not supported (an integer seed or None)"
            ))),
        };
    }
    let size = || arg(f, t, "size");
    match f {
        NpGenFn::Random | NpGenFn::StandardNormal => {
            no_out(f, t)?;
            sized(float_dtype(f, args, true)?, size())
        }
        NpGenFn::StandardExponential => {
            no_out(f, t)?;
            match arg(f, t, "method") {
                Type::NoneType => {}
                Type::StrLiteral(m) if &**m == "zig" => {}
                other => {
                    return Err(CallError::unsupported(format!(
                        "Generator.standard_exponential(method=...) of {other} is not supported \
                         (the default, 'zig', only)"
                    )))
                }
            }
            sized(float_dtype(f, args, true)?, size())
        }
        NpGenFn::StandardGamma => {
            no_out(f, t)?;
            numbers(f, t, &["shape"], false)?;
            sized(float_dtype(f, args, false)?, size())
        }
        NpGenFn::Integers => type_integers(f, args),
        NpGenFn::Normal => {
            numbers(f, t, &["loc", "scale"], false)?;
            sized(Type::F64, size())
        }
        NpGenFn::Uniform => {
            numbers(f, t, &["low", "high"], false)?;
            sized(Type::F64, size())
        }
        NpGenFn::Exponential => {
            numbers(f, t, &["scale"], false)?;
            sized(Type::F64, size())
        }
        NpGenFn::Gamma => {
            numbers(f, t, &["shape", "scale"], false)?;
            sized(Type::F64, size())
        }
        NpGenFn::Poisson => {
            numbers(f, t, &["lam"], false)?;
            sized(Type::I64, size())
        }
        NpGenFn::Zipf => {
            numbers(f, t, &["a"], false)?;
            sized(Type::I64, size())
        }
        NpGenFn::Binomial => {
            numbers(f, t, &["n"], true)?;
            numbers(f, t, &["p"], false)?;
            sized(Type::I64, size())
        }
        NpGenFn::Shuffle | NpGenFn::Permutation => type_shuffle(f, args),
        NpGenFn::Choice => type_choice(args),
        NpGenFn::DefaultRng => unreachable!("typed above"),
    }
}

fn type_integers(f: NpGenFn, args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    numbers(f, t, &["low"], true)?;
    if *arg(f, t, "high") != Type::NoneType {
        numbers(f, t, &["high"], true)?;
    }
    let endpoint = arg(f, t, "endpoint");
    if !endpoint.is_integer_like() {
        return Err(CallError::typing(format!(
            "Generator.integers(): endpoint must be a bool, not {endpoint}"
        )));
    }
    let dt = match dtype_of(f, args)? {
        None => Type::I64,
        Some(Type::Int(i)) => Type::Int(i),
        Some(Type::Bool) => {
            return Err(CallError::unsupported(
                "Generator.integers(dtype=bool) is not supported yet",
            ))
        }
        Some(other) => {
            return Err(CallError::typing(format!(
                "Unsupported dtype dtype('{other}') for integers"
            )))
        }
    };
    sized(dt, arg(f, t, "size"))
}

fn type_shuffle(f: NpGenFn, args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    if !matches!(args.consts.get(2), Some(Some(Const::Int(0)))) {
        return Err(CallError::unsupported(format!(
            "Generator.{}(): only axis=0 (the default) is supported",
            f.name()
        )));
    }
    match (f, &t[1]) {
        (NpGenFn::Shuffle, Type::Array(a))
            if !a.readonly && (a.ndim == 1 || a.layout == Layout::C) =>
        {
            Ok(Type::NoneType)
        }
        (NpGenFn::Permutation, Type::Array(a)) => {
            Ok(super::elementwise::array(a.dtype.clone(), a.ndim))
        }
        (NpGenFn::Permutation, n) if n.is_integer_like() && *n != Type::Bool => {
            Ok(super::elementwise::array(
                Type::Int(IntTy {
                    bits: 64,
                    signed: true,
                }),
                1,
            ))
        }
        (_, other) => {
            Err(CallError::unsupported(format!(
            "Generator.{}() of {other} is not supported (a writable 1-d or C-contiguous array{})",
            f.name(),
            if f == NpGenFn::Permutation { ", or an integer" } else { "" }
        )))
        }
    }
}

/// `choice(a, size=None, replace=True, p=None, axis=0, shuffle=True)`: uniform draws with
/// replacement (NumPy's `integers(0, len(a), size)`), of an integer or a 1-d array.
fn type_choice(args: &CallArgs) -> Result<Type, CallError> {
    let (t, c) = (args.types, args.consts);
    if !matches!(c.get(3), Some(Some(Const::Bool(true)))) {
        return Err(CallError::unsupported(
            "Generator.choice(replace=False) is not supported yet (replace=True only)",
        ));
    }
    if t[4] != Type::NoneType {
        return Err(CallError::unsupported(
            "Generator.choice(p=...) is not supported yet",
        ));
    }
    if !matches!(c.get(5), Some(Some(Const::Int(0)))) {
        return Err(CallError::unsupported(
            "Generator.choice(): only axis=0 (the default) is supported",
        ));
    }
    if !t[6].is_integer_like() {
        return Err(CallError::typing(format!(
            "Generator.choice(): shuffle must be a bool, not {}",
            t[6]
        )));
    }
    let draw = match &t[1] {
        Type::Array(a) if a.ndim == 1 => a.dtype.clone(),
        n if n.is_integer_like() && *n != Type::Bool => Type::I64,
        other => {
            return Err(CallError::unsupported(format!(
                "Generator.choice() of {other} is not supported (an integer or a 1-d array)"
            )))
        }
    };
    sized(draw, &t[2])
}
