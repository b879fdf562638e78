//! The typing side of the registries: every builtin, `math` and `cmath` function oxjit knows,
//! registered once, in one explicit list per namespace (DESIGN.md, "Registries").
//!
//! Typing a call picks a [`Builtin`] and its result type; lowering (in `oxjit-codegen`) matches on
//! the same [`Builtin`] and never selects again.

pub mod builtins;
pub mod cmath;
pub mod creation;
pub mod elementwise;
pub mod linalg;
pub mod math;
pub mod numpy;
pub mod pyrandom;
pub mod random;
pub mod reduce;
pub mod results;
pub mod signature;
pub mod ufunc;

use crate::ir::Const;
use crate::types::{ModuleKind, Type};
use signature::{ArgSource, Decoded, Signature, Style};

pub use cmath::CmathFn;
pub use creation::ArrayFn;
pub use linalg::LinalgFn;
pub use math::MathFn;
pub use numpy::NpFn;
pub use random::RandomFn;
pub use reduce::ReduceOp;

/// A function implemented by the compiler.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Builtin {
    Abs,
    Min,
    Max,
    Round,
    Int,
    Float,
    Complex,
    Bool,
    DivMod,
    Pow,
    Len,
    Print,
    Enumerate,
    Zip,
    Range,
    /// `z.conjugate()` (a method).
    Conjugate,
    /// `x.item()` of a number.
    NumberItem,
    Math(MathFn),
    Cmath(CmathFn),
    Numpy(NpFn),
    /// A reduction of a whole array (`a.sum()`, `np.max(a)`).
    Reduce(ReduceOp),
    /// A function or method that makes an array (`np.zeros`, `a.copy()`).
    Array(ArrayFn),
    /// A function of `np.random`.
    Random(RandomFn),
    /// A function of the standard library's `random`.
    PyRandom(pyrandom::PyRandomFn),
    /// An operator as a NumPy ufunc (`np.add`, `np.less`...).
    Ufunc(ufunc::UfuncOp),
    /// Linear algebra (`np.dot`, `np.linalg.solve`, `a @ b`, ...).
    Linalg(LinalgFn),
}

impl Builtin {
    /// The name the function is called by.
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Abs => "abs",
            Builtin::Min => "min",
            Builtin::Max => "max",
            Builtin::Round => "round",
            Builtin::Int => "int",
            Builtin::Float => "float",
            Builtin::Complex => "complex",
            Builtin::Bool => "bool",
            Builtin::DivMod => "divmod",
            Builtin::Pow => "pow",
            Builtin::Len => "len",
            Builtin::Print => "print",
            Builtin::Enumerate => "enumerate",
            Builtin::Zip => "zip",
            Builtin::Range => "range",
            Builtin::Conjugate => "conjugate",
            Builtin::NumberItem => "item",
            Builtin::Math(f) => f.name(),
            Builtin::Cmath(f) => f.name(),
            Builtin::Numpy(f) => f.name(),
            Builtin::Reduce(r) => r.name(),
            Builtin::Array(f) => f.name(),
            Builtin::Random(f) => f.name(),
            Builtin::PyRandom(f) => f.name(),
            Builtin::Ufunc(f) => f.name(),
            Builtin::Linalg(f) => f.name(),
        }
    }

    /// `module.name`, for messages.
    pub fn qualified_name(self) -> String {
        match self {
            Builtin::Math(f) => format!("math.{}", f.name()),
            Builtin::Cmath(f) => format!("cmath.{}", f.name()),
            Builtin::Numpy(f) => format!("numpy.{}", f.name()),
            Builtin::Reduce(r) => format!("numpy.{}", r.name()),
            Builtin::Array(f) if f.is_method() => format!("ndarray.{}", f.name()),
            Builtin::Array(f) => format!("numpy.{}", f.name()),
            Builtin::Random(f) => format!("numpy.random.{}", f.name()),
            Builtin::PyRandom(f) => format!("random.{}", f.name()),
            Builtin::Ufunc(f) => format!("numpy.{}", f.name()),
            Builtin::Linalg(f) => f.qualified_name(),
            _ => format!("builtins.{}", self.name()),
        }
    }
}

/// What a name in a registered namespace stands for.
#[derive(Clone, Debug, PartialEq)]
pub enum Registered {
    Function(Builtin),
    Constant(Const),
}

/// Looks `name` up in `module` (`math.sin`, `builtins.abs`, `math.pi`).
pub fn lookup(module: ModuleKind, name: &str) -> Option<Registered> {
    match module {
        ModuleKind::Builtins => builtins::lookup(name),
        ModuleKind::Math => math::lookup(name),
        ModuleKind::Cmath => cmath::lookup(name),
        ModuleKind::Numpy => numpy::lookup(name).or_else(|| linalg::lookup_numpy(name)),
        ModuleKind::NumpyRandom => random::lookup(name),
        ModuleKind::PyRandom => pyrandom::lookup(name),
        ModuleKind::NumpyLinalg => linalg::lookup(name),
    }
}

/// The argument types and the constant values known at compile time for a call.
pub struct CallArgs<'a> {
    pub types: &'a [Type],
    pub consts: &'a [Option<Const>],
}

/// Types a call of `f`; the error is a message for the user (the caller adds the location).
pub fn type_call(f: Builtin, args: &CallArgs) -> Result<Type, String> {
    results::check_zero_d(f, args.types)?;
    if results::converts_items(f) {
        let items = results::items_of_zero_d(args.types);
        return type_call_of(
            f,
            &CallArgs {
                types: &items,
                consts: args.consts,
            },
        );
    }
    let t = type_call_of(f, args)?;
    Ok(if results::is_elementwise(f, args.types) {
        let operands: Vec<&Type> = args.types.iter().collect();
        results::elementwise_result(t, &operands)
    } else {
        t
    })
}

fn type_call_of(f: Builtin, args: &CallArgs) -> Result<Type, String> {
    match f {
        Builtin::Math(m) => math::type_call(m, args.types),
        Builtin::Cmath(c) => cmath::type_call(c, args.types),
        Builtin::Numpy(n) => numpy::type_call(n, args.types),
        Builtin::Reduce(r) => reduce::type_call(r, args),
        Builtin::Array(a) => creation::type_call(a, args),
        Builtin::Random(r) => random::type_call(r, args),
        Builtin::PyRandom(r) => pyrandom::type_call(r, args),
        Builtin::Ufunc(u) => ufunc::type_call(u, args.types),
        Builtin::Linalg(f) => linalg::type_call(f, args),
        _ => builtins::type_call(f, args),
    }
}

/// The parameters of `b` and the wording of its errors; `method`: called on a receiver (which
/// counts as the first positional argument).
pub fn signature(b: Builtin, method: bool) -> Signature {
    match b {
        Builtin::Array(f) => f.signature(),
        Builtin::Random(f) => random::signature(f),
        Builtin::Reduce(op) => reduce::signature(op),
        Builtin::PyRandom(f) => f.signature(),
        Builtin::Linalg(f) => f.signature(),
        _ => {
            let name = if method {
                b.name().to_string()
            } else {
                b.qualified_name()
            };
            Signature::new(name, builtins::params(b), Style::Builtin)
        }
    }
}

/// For builtins whose arguments are bound to named parameters with defaults (`np.zeros`,
/// `np.random.normal`): the source of each parameter. `positional` counts a method's receiver.
pub fn bind(
    b: Builtin,
    positional: usize,
    keywords: &[std::sync::Arc<str>],
) -> Option<Result<Vec<ArgSource>, String>> {
    match b {
        Builtin::Array(_)
        | Builtin::Random(_)
        | Builtin::Reduce(_)
        | Builtin::PyRandom(_)
        | Builtin::Linalg(_) => Some(signature::bind(&signature(b, false), positional, keywords)),
        _ => None,
    }
}

/// The constant arguments of a call of `f` (bound in parameter order, already typed), decoded
/// once for lowering; `result` is the call's type.
pub fn decode(f: Builtin, args: &CallArgs, result: &Type) -> Decoded {
    match f {
        Builtin::Reduce(op) => reduce::decode(op, args),
        Builtin::Linalg(f) => linalg::decode(f, args, result),
        Builtin::Array(f) => creation::decode(f, args),
        _ => Decoded::default(),
    }
}

/// Renders argument types as `(int64, float64)` for messages.
pub fn describe_args(types: &[Type]) -> String {
    let parts: Vec<String> = types.iter().map(|t| t.to_string()).collect();
    format!("({})", parts.join(", "))
}
