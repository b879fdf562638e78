//! The methods of NumPy's ufuncs: `np.add.reduce(a, axis=0)`, `np.maximum.accumulate(a)`,
//! `np.multiply.outer(a, b)`, `np.add.at(a, indices, b)`, for the operator ufuncs and the
//! functions of two numbers (`np.maximum`, `np.hypot`...), with NumPy's parameters and dtypes.
//!
//! A reduction that NumPy computes as one of the array reductions (`np.add.reduce` is `np.sum`
//! along axis 0, `np.maximum.reduce` is `np.max`) is typed and lowered as that reduction, so
//! that float sums keep NumPy's pairwise order; the others combine the items in order.

use std::sync::Arc;

use super::args::{axis_argument, dtype_argument};
use super::error::CallError;
use super::reduce::ReduceOp;
use super::signature::{Decoded, Param, Signature, Style};
use super::{Builtin, CallArgs};
use crate::callee::{BinOp, Logical, NpFn, UfuncMethod, UfuncMethodFn, UfuncOp, UfuncRef};
use crate::ir::Const;
use crate::types::{IntTy, Layout, Type};

/// `ufunc.name` where `ufunc` is a NumPy ufunc with methods oxjit implements.
pub fn attribute(recv: &Type, name: &str) -> Option<Type> {
    let ufunc = match recv {
        Type::Builtin(Builtin::Ufunc(op)) => UfuncRef::Op(*op),
        Type::Builtin(Builtin::Numpy(f)) if binary(*f) => UfuncRef::Np(*f),
        _ => return None,
    };
    let method = UfuncMethod::ALL.into_iter().find(|m| m.name() == name)?;
    Some(Type::Builtin(Builtin::UfuncMethod(UfuncMethodFn {
        ufunc,
        method,
    })))
}

/// NumPy's functions of numbers that are ufuncs of two operands.
fn binary(f: NpFn) -> bool {
    use NpFn::*;
    matches!(
        f,
        Arctan2 | Hypot | Power | Minimum | Maximum | Fmin | Fmax | Copysign | Fmod
    )
}

/// The parameters of a method, as NumPy's.
pub fn params(m: UfuncMethodFn) -> Vec<Param> {
    match m.method {
        UfuncMethod::Reduce => vec![
            Param::req("array"),
            Param::opt("axis", Const::Int(0)),
            Param::none("dtype"),
            Param::none("out"),
            Param::opt("keepdims", Const::Bool(false)),
            Param::none("initial"),
            Param::opt("where", Const::Bool(true)),
        ],
        UfuncMethod::Accumulate => vec![
            Param::req("array"),
            Param::opt("axis", Const::Int(0)),
            Param::none("dtype"),
            Param::none("out"),
        ],
        UfuncMethod::Outer => vec![Param::req("A"), Param::req("B")],
        UfuncMethod::At => vec![Param::req("a"), Param::req("indices"), Param::none("b")],
        UfuncMethod::Reduceat => vec![
            Param::req("array"),
            Param::req("indices"),
            Param::opt("axis", Const::Int(0)),
            Param::none("dtype"),
            Param::none("out"),
        ],
    }
}

/// How a call binds its arguments.
pub fn signature(m: UfuncMethodFn) -> Signature {
    Signature::new(
        format!("{}.{}", m.ufunc.name(), m.method.name()),
        params(m),
        Style::Library,
    )
}

/// The array reduction NumPy's `ufunc.reduce` is (the same loops, the same order).
pub fn reduction(u: UfuncRef) -> Option<ReduceOp> {
    Some(match u {
        UfuncRef::Op(UfuncOp::Bin(BinOp::Add)) => ReduceOp::Sum,
        UfuncRef::Op(UfuncOp::Bin(BinOp::Mul)) => ReduceOp::Prod,
        UfuncRef::Np(NpFn::Maximum) => ReduceOp::Max,
        UfuncRef::Np(NpFn::Minimum) => ReduceOp::Min,
        UfuncRef::Op(UfuncOp::Logical(Logical::And)) => ReduceOp::All,
        UfuncRef::Op(UfuncOp::Logical(Logical::Or)) => ReduceOp::Any,
        _ => return None,
    })
}

/// The ufunc's identity (`ufunc.identity`), where it has one: what its reductions start from.
pub fn identity(u: UfuncRef) -> Option<Const> {
    use UfuncOp::*;
    Some(match u {
        UfuncRef::Op(Bin(BinOp::Add | BinOp::BitOr | BinOp::BitXor)) => Const::Int(0),
        UfuncRef::Op(Bin(BinOp::Mul)) => Const::Int(1),
        UfuncRef::Op(Bin(BinOp::BitAnd)) => Const::Int(-1),
        UfuncRef::Op(Logical(crate::callee::Logical::And)) => Const::Bool(true),
        UfuncRef::Op(Logical(crate::callee::Logical::Or | crate::callee::Logical::Xor)) => {
            Const::Bool(false)
        }
        UfuncRef::Np(NpFn::Hypot) => Const::Int(0),
        _ => return None,
    })
}

/// Whether NumPy reduces it over several axes at once (it is commutative and associative).
fn reorderable(u: UfuncRef) -> bool {
    identity(u).is_some()
        || matches!(u, UfuncRef::Np(NpFn::Maximum | NpFn::Minimum))
        || matches!(u, UfuncRef::Np(NpFn::Fmax | NpFn::Fmin))
}

fn vector(dtype: Type) -> Type {
    super::elementwise::array(dtype, 1)
}

/// The dtype of `ufunc(x, y)` for arrays of dtypes `x` and `y`.
pub fn loop_type(u: UfuncRef, x: &Type, y: &Type) -> Result<Type, CallError> {
    let args = [vector(x.clone()), vector(y.clone())];
    let t = match u {
        UfuncRef::Op(op) => super::ufunc::type_call(op, &args)?,
        UfuncRef::Np(f) => super::elementwise::ufunc(f, &args)?,
    };
    let t = match t {
        Type::Array(a) => a.dtype.clone(),
        t => t,
    };
    if u == UfuncRef::Np(NpFn::Power) && (x, y) == (&Type::Bool, &Type::Bool) {
        // NumPy's power has no boolean loop: booleans are raised as int8.
        return Ok(Type::Int(IntTy {
            bits: 8,
            signed: true,
        }));
    }
    small_int_float_loop(u, x, y, t)
}

/// NumPy's float loop for two integers is the smallest float that holds them: float16 for
/// booleans and 8-bit integers (refused: oxjit has no float16 items here), float32 for 16-bit
/// ones (`np.hypot.reduce` of int16 is float32), float64 above.
fn small_int_float_loop(u: UfuncRef, x: &Type, y: &Type, t: Type) -> Result<Type, CallError> {
    let bits = |d: &Type| match d {
        Type::Bool => Some(8),
        Type::Int(i) => Some(i.bits),
        _ => None,
    };
    let (Some(bx), Some(by), Type::Float(_)) = (bits(x), bits(y), &t) else {
        return Ok(t);
    };
    if !matches!(u, UfuncRef::Np(_)) {
        return Ok(t);
    }
    match bx.max(by) {
        8 => Err(CallError::unsupported(format!(
            "np.{}'s methods on {x} and {y} items (NumPy computes them in float16) are not supported yet",
            u.name()
        ))),
        16 => Ok(Type::Float(32)),
        _ => Ok(t),
    }
}

/// The dtype a reduction or accumulation of items of `dtype` runs (and returns) in: NumPy's
/// loop for two items, small integers widened to 64 bits for `add` and `multiply`; the loop
/// must give back its operands' dtype (`np.less.reduce` of integers has none).
pub fn item_type(m: UfuncMethodFn, dtype: &Type) -> Result<Type, CallError> {
    let name = format!("{}.{}", m.ufunc.name(), m.method.name());
    if m.ufunc_arity() != 2 {
        return Err(CallError::typing(format!(
            "{name}(): {} only supported for binary functions",
            m.method.name()
        )));
    }
    if matches!(dtype, Type::Complex(_))
        && !matches!(m.ufunc, UfuncRef::Op(_) | UfuncRef::Np(NpFn::Power))
    {
        return Err(CallError::unsupported(format!(
            "{name}() of complex arrays is not supported yet"
        )));
    }
    let widened = match (m.ufunc, dtype) {
        (UfuncRef::Op(UfuncOp::Bin(BinOp::Add | BinOp::Mul)), Type::Bool) => Type::I64,
        (UfuncRef::Op(UfuncOp::Bin(BinOp::Add | BinOp::Mul)), Type::Int(i)) if i.signed => {
            Type::I64
        }
        (UfuncRef::Op(UfuncOp::Bin(BinOp::Add | BinOp::Mul)), Type::Int(_)) => {
            Type::Int(IntTy::U64)
        }
        _ => loop_type(m.ufunc, dtype, dtype)?,
    };
    if loop_type(m.ufunc, &widened, &widened)? != widened {
        return Err(CallError::typing(format!(
            "{name}() of arrays of {dtype}: NumPy's ufunc has no loop that keeps the dtype"
        )));
    }
    Ok(widened)
}

/// A constant `axis`: `None` (every axis), an integer or a tuple of integers, as one axis or
/// all of them (`Ok(None)`); `Err` of a message for what is refused.
fn const_axis(
    m: UfuncMethodFn,
    t: &Type,
    c: Option<&Const>,
    ndim: u8,
) -> Result<Option<u8>, CallError> {
    let Some(Const::Tuple(items)) = c else {
        return axis_argument(t, c, ndim);
    };
    let mut axes = Vec::new();
    for item in items {
        let k = axis_argument(&Type::I64, Some(item), ndim)?.unwrap_or(0);
        if axes.contains(&k) {
            return Err("duplicate value in 'axis'".into());
        }
        axes.push(k);
    }
    match axes.len() {
        1 => Ok(Some(axes[0])),
        n if n == ndim as usize && n > 0 => {
            if !reorderable(m.ufunc) && n > 1 {
                return Err(not_reorderable(m.ufunc).into());
            }
            Ok(None)
        }
        _ => Err(format!(
            "{}.reduce(axis={}) of an array of {ndim} dimensions is not supported yet (one axis or all of them)",
            m.ufunc.name(),
            t
        )
        .into()),
    }
}

fn not_reorderable(u: UfuncRef) -> String {
    format!(
        "reduction operation '{}' is not reorderable, so at most one axis may be specified",
        u.name()
    )
}

/// The axis of a reduction or accumulation: `Ok(None)` every axis, or one known at run time
/// (where the argument is an integer without a constant).
pub(super) fn method_axis(
    m: UfuncMethodFn,
    args: &CallArgs,
    ndim: u8,
) -> Result<Option<u8>, CallError> {
    let t = &args.types[1];
    let c = args.consts.get(1).and_then(Option::as_ref);
    if super::reduce::axis_at_run_time(t, c) {
        return Ok(None);
    }
    let axis = const_axis(m, t, c, ndim)?;
    if axis.is_none() && ndim > 1 {
        if m.method == UfuncMethod::Accumulate {
            return Err(CallError::typing("accumulate does not allow multiple axes"));
        }
        if !reorderable(m.ufunc) {
            return Err(CallError::typing(not_reorderable(m.ufunc)));
        }
    }
    Ok(axis)
}

/// The constant arguments of a call, decoded for lowering.
pub fn decode(m: UfuncMethodFn, args: &CallArgs) -> Decoded {
    let t = args.types;
    let ndim = match t.first() {
        Some(Type::Array(a)) => a.ndim,
        _ => 0,
    };
    match m.method {
        UfuncMethod::Reduce | UfuncMethod::Accumulate if ndim > 0 => Decoded {
            axis: method_axis(m, args, ndim).ok().flatten(),
            keepdims: m.method == UfuncMethod::Reduce
                && matches!(args.consts.get(4), Some(Some(Const::Bool(true)))),
            dtype: dtype_argument(&t[2]).ok().flatten(),
            ..Decoded::default()
        },
        _ => Decoded::default(),
    }
}

/// The array of the method's first argument, or the refusal of anything else.
pub(super) fn array_operand(
    m: UfuncMethodFn,
    t: &Type,
) -> Result<Arc<crate::types::ArrayTy>, CallError> {
    match t {
        Type::Array(a) if a.ndim > 0 => Ok(a.clone()),
        _ => Err(CallError::unsupported(format!(
            "{}.{}() of {t} is not supported (arrays of at least one dimension only, for now)",
            m.ufunc.name(),
            m.method.name()
        ))),
    }
}

/// Whether `layout` lets `outer` make its result in C order as NumPy does.
pub(super) fn outer_layout_ok(t: &Type) -> bool {
    match t {
        Type::Array(a) => a.ndim <= 1 || a.layout == Layout::C,
        _ => false,
    }
}
