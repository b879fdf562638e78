//! The typing side of the registries: every builtin, `math` and `cmath` function oxjit knows,
//! registered once, in one explicit list per namespace (DESIGN.md, "Registries").
//!
//! Typing a call picks a [`Builtin`] and its result type; lowering (in `oxjit-codegen`) matches on
//! the same [`Builtin`] and never selects again.

pub mod append;
pub mod args;
pub mod array_of;
pub mod average;
pub mod builtins;
mod bytes;
mod cffi;
pub mod cmath;
pub mod counting;
pub mod cov;
pub mod creation;
pub mod cuda;
pub mod dict;
pub mod einsum;
pub mod elementwise;
pub mod entry;
pub mod error;
pub mod fft;
pub mod fill_diagonal;
pub mod generator;
pub mod half;
pub mod histogram;
pub mod indices;
pub mod introspect;
pub mod iterables;
pub mod linalg;
pub mod linalg_more;
pub mod linalg_norm;
pub mod linalg_types;
pub mod list;
pub mod math;
pub mod nan_to_num;
pub mod nanfns;
pub mod nditer;
pub mod npgen;
pub mod numpy;
pub mod operators;
pub mod pad;
pub mod partition;
pub mod polynomial;
pub mod put;
pub mod pyrandom;
pub mod quantiles;
pub mod random;
pub mod rearrange;
pub mod reduce;
pub mod results;
pub mod rounding;
pub mod series;
pub mod set;
pub mod setops;
pub mod signal;
pub mod signature;
pub mod strs;
pub mod strs_format;
pub mod table;
pub mod take;
pub mod trapezoid;
pub mod tri_indices;
pub mod tuple;
pub mod tuple_of;
pub mod ufunc;
pub mod ufunc_methods;
pub mod ufunc_pair;
pub mod ufunc_reduce;
pub mod vectors;
pub mod views;

use crate::ir::Const;
use crate::types::{ModuleKind, Type};
pub use error::{CallError, CallErrorKind};
use signature::{Decoded, Signature, Style};

pub use crate::callee::Builtin;
pub use crate::callee::{AtomicOp, CudaFn, CudaNs, Dim3};
pub use cmath::CmathFn;
pub use creation::ArrayFn;
pub use linalg::LinalgFn;
pub use math::MathFn;
pub use numpy::NpFn;
pub use random::RandomFn;
pub use reduce::ReduceOp;

/// What a name in a registered namespace stands for.
#[derive(Clone, Debug, PartialEq)]
pub enum Registered {
    Function(Builtin),
    Constant(Const),
}

/// Looks `name` up in `module` (`math.sin`, `builtins.abs`, `math.pi`).
pub fn lookup(module: ModuleKind, name: &str) -> Option<Registered> {
    match module {
        ModuleKind::Math => math::constant(name),
        ModuleKind::Cmath => cmath::constant(name),
        _ => None,
    }
    .or_else(|| table::function(module, name).map(Registered::Function))
}

/// The argument types and the constant values known at compile time for a call.
pub struct CallArgs<'a> {
    pub types: &'a [Type],
    pub consts: &'a [Option<Const>],
    /// Called as a method (`a.sort()` sorts `a`, `np.sort(a)` makes a copy).
    pub method: bool,
}

/// Types a call of `f`; the error is a message for the user with its kind (the caller adds the
/// location).
pub fn type_call(f: Builtin, args: &CallArgs) -> Result<Type, CallError> {
    results::check_zero_d(f, args.types)?;
    if results::converts_items(f) {
        let items = results::items_of_zero_d(args.types);
        return type_call_of(
            f,
            &CallArgs {
                types: &items,
                consts: args.consts,
                method: args.method,
            },
        );
    }
    let t = type_call_of(f, args)?;
    half::check(f, args.types, &t)?;
    Ok(if results::is_elementwise(f, args.types) {
        let operands: Vec<&Type> = args.types.iter().collect();
        results::elementwise_result(t, &operands)
    } else {
        t
    })
}

fn type_call_of(f: Builtin, args: &CallArgs) -> Result<Type, CallError> {
    match f {
        // Their errors are typing errors: every function of `math` and `cmath` is supported.
        Builtin::Math(m) => Ok(math::type_call(m, args.types)?),
        Builtin::Cmath(c) => Ok(cmath::type_call(c, args.types)?),
        // Of arrays, the scalar rule on the elements (`elementwise::ufunc`).
        Builtin::Numpy(n)
            if !n.is_part_view()
                && n.conversion_target().is_none()
                && args.types.iter().any(|t| matches!(t, Type::Array(_))) =>
        {
            elementwise::ufunc(n, args.types)
        }
        Builtin::Numpy(n) => Ok(numpy::type_call(n, args.types)?),
        Builtin::Reduce(r) => reduce::type_call(r, args),
        Builtin::Array(a) => creation::type_call(a, args),
        Builtin::Random(r) => {
            random::limits(r, args)?;
            Ok(random::type_call(r, args)?)
        }
        Builtin::PyRandom(r) => Ok(pyrandom::type_call(r, args)?),
        Builtin::Cuda(f) => cuda::type_call(f, args),
        Builtin::Ufunc(u) => Ok(ufunc::type_call(u, args.types)?),
        Builtin::Linalg(f) => linalg::type_call(f, args),
        Builtin::Fft(f) => fft::type_call(f, args),
        Builtin::Str(f) => strs::type_call(f, args),
        // `int`, `float`, `bool` and `len` of a string.
        Builtin::Int | Builtin::Float | Builtin::Bool | Builtin::Len
            if args.types.first().is_some_and(crate::types::is_str) =>
        {
            strs::builtin_of_str(f, args.types)
        }
        Builtin::List(f) => list::type_call(f, args),
        Builtin::Dict(f) => dict::type_call(f, args),
        Builtin::Set(f) => set::type_call(f, args),
        Builtin::Tuple(f) => tuple::type_call(f, args),
        Builtin::UfuncMethod(m) => ufunc_reduce::type_call(m, args),
        Builtin::Generator(f) => generator::type_call(f, args),
        Builtin::NpGen(f) => npgen::type_call(f, args),
        _ => builtins::type_call(f, args),
    }
}

/// The parameters of `b` and the wording of its errors; `method`: called on a receiver (which
/// counts as the first positional argument).
pub fn signature(b: Builtin, method: bool) -> Signature {
    match b {
        Builtin::Array(f) => f.signature(method),
        Builtin::Random(f) => random::signature(f),
        Builtin::Reduce(op) => reduce::signature(op),
        Builtin::PyRandom(f) => f.signature(),
        Builtin::Cuda(f) => cuda::signature(f),
        Builtin::Linalg(f) => f.signature(),
        Builtin::Fft(f) => fft::signature(f),
        Builtin::List(f) => list::signature(f, method),
        Builtin::Dict(f) => dict::signature(f, method),
        Builtin::Set(f) => set::signature(f, method),
        Builtin::Tuple(f) => tuple::signature(f, method),
        Builtin::UfuncMethod(m) => ufunc_methods::signature(m),
        Builtin::Generator(f) => generator::signature(f, method),
        Builtin::NpGen(f) => npgen::signature(f),
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

/// The constant arguments of a call of `f` (bound in parameter order, already typed), decoded
/// once for lowering; `result` is the call's type.
pub fn decode(f: Builtin, args: &CallArgs, result: &Type) -> Decoded {
    match f {
        Builtin::Reduce(op) => reduce::decode(op, args),
        Builtin::Linalg(f) => linalg::decode(f, args, result),
        Builtin::Array(f) => creation::decode(f, args),
        Builtin::UfuncMethod(m) => ufunc_methods::decode(m, args),
        Builtin::NpGen(f) => npgen::decode(f, args),
        _ => Decoded::default(),
    }
}

/// Renders argument types as `(int64, float64)` for messages.
pub fn describe_args(types: &[Type]) -> String {
    let parts: Vec<String> = types.iter().map(|t| t.to_string()).collect();
    format!("({})", parts.join(", "))
}
