//! Reductions: `a.sum()`, `np.max(a, axis=0)`, `a.argmin()`, `a.std(ddof=1)`, `np.cumsum(a)`...
//! with NumPy's parameters and result types.

use super::args::{axis_argument, dtype_argument};
use super::entry::{Entry, Receiver};
use super::error::CallError;
use super::signature::{Decoded, Param, Signature, Style};
use super::{Builtin, CallArgs};
pub use crate::callee::ReduceOp;
use crate::ir::Const;
use crate::types::{IntTy, Layout, ModuleKind, Type};

/// The reductions for the table of callables: each a NumPy function (`np.sum`) and a method
/// (`a.sum()`); `np.amin`/`np.amax` are `min`/`max` too.
pub fn entries() -> Vec<Entry> {
    ReduceOp::ALL
        .iter()
        .map(|op| {
            let e = Entry::function(Builtin::Reduce(*op), ModuleKind::Numpy, op.name())
                .method_of(Receiver::Array, op.name());
            match op {
                ReduceOp::Min => e.alias(ModuleKind::Numpy, "amin"),
                ReduceOp::Max => e.alias(ModuleKind::Numpy, "amax"),
                _ => e,
            }
        })
        .collect()
}

/// The parameters of a reduction, the array first; `None`: NumPy's default is `None`.
pub fn params(op: ReduceOp) -> Vec<Param> {
    let mut p = vec![Param::req("a"), Param::none("axis")];
    match op {
        ReduceOp::Sum | ReduceOp::Prod | ReduceOp::Mean | ReduceOp::Cumsum | ReduceOp::Cumprod => {
            p.push(Param::none("dtype"))
        }
        ReduceOp::Std | ReduceOp::Var => {
            p.push(Param::none("dtype"));
            p.push(Param::none("out"));
            p.push(Param::opt("ddof", Const::Int(0)));
        }
        _ => {}
    }
    if !matches!(op, ReduceOp::Cumsum | ReduceOp::Cumprod) {
        p.push(Param::opt("keepdims", Const::Bool(false)));
    }
    p
}

/// How a call binds its arguments (a method's array counts as the first positional one).
pub fn signature(op: ReduceOp) -> Signature {
    Signature::new(op.name(), params(op), Style::Library)
}

/// Whether a reduction's bound arguments ask for `keepdims=True` (a constant).
pub fn keeps_dims(op: ReduceOp, consts: &[Option<Const>]) -> bool {
    let at = params(op).iter().position(|p| &*p.name == "keepdims");
    matches!(
        at.and_then(|k| consts.get(k)),
        Some(Some(Const::Bool(true)))
    )
}

/// The constant arguments of a call (bound by [`signature`] and typed by [`type_call`]).
pub fn decode(op: ReduceOp, args: &CallArgs) -> Decoded {
    let t = args.types;
    let c = |k: usize| args.consts.get(k).and_then(Option::as_ref);
    let (axis, axes) = match t.first() {
        Some(Type::Array(a)) if a.ndim > 0 => match tuple_axes(op, &t[1], c(1), a.ndim) {
            Some(Ok(Reduced::One(k))) => (k, None),
            Some(Ok(Reduced::Some(v))) => (None, Some(v)),
            Some(_) => (None, None),
            None => (axis_argument(&t[1], c(1), a.ndim).ok().flatten(), None),
        },
        _ => (None, None),
    };
    let dtype = params(op)
        .iter()
        .position(|p| &*p.name == "dtype")
        .and_then(|k| dtype_argument(&t[k]).ok().flatten());
    Decoded {
        axis,
        axes,
        keepdims: keeps_dims(op, args.consts),
        dtype,
        ..Decoded::default()
    }
}

/// The axes a tuple `axis` names, reduced to what lowering needs.
#[derive(Clone, Debug, PartialEq)]
enum Reduced {
    /// One axis (or all of them: `None`), as an integer `axis` names it.
    One(Option<u8>),
    /// Several axes, but not all: sorted.
    Some(Vec<u8>),
}

/// The axes of `axis=(1, 2)` (`None`: `axis` is not a tuple), checked as NumPy checks them; the
/// ufunc reductions, `mean`, `std` and `var` take them.
fn tuple_axes(
    op: ReduceOp,
    t: &Type,
    c: Option<&Const>,
    ndim: u8,
) -> Option<Result<Reduced, CallError>> {
    let Type::Tuple(items) = t else {
        return None;
    };
    let name = op.name();
    Some((|| {
        match op {
            ReduceOp::Sum
            | ReduceOp::Prod
            | ReduceOp::Min
            | ReduceOp::Max
            | ReduceOp::All
            | ReduceOp::Any
            | ReduceOp::Mean
            | ReduceOp::Std
            | ReduceOp::Var => {}
            _ => {
                return Err(CallError::typing(
                    "'tuple' object cannot be interpreted as an integer",
                ))
            }
        }
        if let Some(bad) = items
            .iter()
            .find(|t| !t.is_integer_like() || **t == Type::Bool)
        {
            return Err(CallError::typing(format!(
                "'{bad}' object cannot be interpreted as an integer"
            )));
        }
        let Some(Const::Tuple(values)) = c else {
            return Err(CallError::unsupported(format!(
                "{name}(): a tuple axis must be constant integers"
            )));
        };
        if values.is_empty() {
            return Err(CallError::unsupported(format!(
                "{name}(): an empty tuple of axes is not supported yet"
            )));
        }
        let mut axes = Vec::with_capacity(values.len());
        for v in values {
            let k = axis_argument(&Type::I64, Some(v), ndim)?.expect("an integer axis");
            if axes.contains(&k) {
                return Err(CallError::typing("duplicate value in 'axis'"));
            }
            axes.push(k);
        }
        axes.sort_unstable();
        Ok(match axes.len() {
            1 => Reduced::One(Some(axes[0])),
            n if n == usize::from(ndim) => Reduced::One(None),
            _ => Reduced::Some(axes),
        })
    })())
}

/// The type of the sum (or product) of items of `dtype`: integers widen to 64 bits.
fn sum_type(d: &Type) -> Type {
    match d {
        Type::Bool => Type::I64,
        Type::Int(i) if i.signed => Type::I64,
        Type::Int(_) => Type::Int(IntTy::U64),
        t => t.clone(),
    }
}

/// The float type of a mean or variance of items of `dtype`.
fn float_type(op: ReduceOp, d: &Type) -> Result<Type, String> {
    match d {
        Type::Float(_) => Ok(d.clone()),
        Type::Bool | Type::Int(_) => Ok(Type::F64),
        // The mean of complex numbers is complex; their variance is real.
        Type::Complex(_) if op == ReduceOp::Mean => Ok(d.clone()),
        Type::Complex(bits) => Ok(Type::Float(bits / 2)),
        _ => Err(format!("{}() of arrays of {d} is not supported", op.name())),
    }
}

/// Complex `mean`/`std`/`var` are computed over the whole array only (`oxjit_runtime::creduce`).
fn complex_moments_limits(op: ReduceOp, args: &CallArgs) -> Result<(), CallError> {
    let name = op.name();
    let t = args.types;
    // The runtime reads the items of C or F arrays only (`oxjit_runtime::creduce`).
    if let Type::Array(a) = &t[0] {
        if a.ndim > 1 && a.layout == Layout::A {
            return Err(CallError::unsupported(format!(
                "{name}() of a non-contiguous complex array of more than one dimension is not supported yet"
            )));
        }
    }
    if t[1] != Type::NoneType {
        return Err(CallError::unsupported(format!(
            "{name}(axis=...) of complex arrays is not supported yet"
        )));
    }
    if t[2] != Type::NoneType {
        return Err(CallError::unsupported(format!(
            "{name}(dtype=...) of complex arrays is not supported yet"
        )));
    }
    if keeps_dims(op, args.consts) {
        return Err(CallError::unsupported(format!(
            "{name}(keepdims=True) of complex arrays is not supported yet"
        )));
    }
    Ok(())
}

/// Complex `min`/`max`/`argmin`/`argmax` (lexicographic, as NumPy orders complex numbers) are
/// computed over the whole array only (`lower/reduce_complex.rs`).
fn complex_extreme_limits(
    op: ReduceOp,
    d: &Type,
    axis: Option<u8>,
    args: &CallArgs,
) -> Result<(), CallError> {
    if !matches!(d, Type::Complex(_)) {
        return Ok(());
    }
    let name = op.name();
    if axis.is_some() || args.types[1] != Type::NoneType {
        return Err(CallError::unsupported(format!(
            "{name}(axis=...) of complex arrays is not supported yet (the whole array only)"
        )));
    }
    if keeps_dims(op, args.consts) {
        return Err(CallError::unsupported(format!(
            "{name}(keepdims=True) of complex arrays is not supported yet"
        )));
    }
    Ok(())
}

/// The axis of a reduction of a 0-d array: NumPy's ufunc reductions (and cumsum, cumprod)
/// accept `axis=0` and `axis=-1` there as the whole array; `mean`, `std` and `var` do not.
fn zero_d_axis(op: ReduceOp, t: &Type, c: Option<&Const>) -> Result<Option<u8>, CallError> {
    match (op, t, c) {
        (_, Type::NoneType, _) => Ok(None),
        (ReduceOp::Mean | ReduceOp::Std | ReduceOp::Var, _, _) => axis_argument(t, c, 0),
        (_, _, Some(Const::Int(0 | -1))) => Ok(None),
        _ => axis_argument(t, c, 0),
    }
}

/// NumPy's result type of a reduction (arguments bound by [`bind`]).
pub fn type_call(op: ReduceOp, args: &CallArgs) -> Result<Type, CallError> {
    let name = op.name();
    let t = args.types;
    let Some(Type::Array(a)) = t.first() else {
        return Err(CallError::unsupported(format!(
            "{name}() of {} is not supported (arrays only, for now)",
            t.first().map_or("nothing".to_string(), |t| t.to_string())
        )));
    };
    // `dtype=`: the type the sum (product, mean...) is computed and returned in.
    let dtype = match params(op).iter().position(|p| &*p.name == "dtype") {
        Some(k) => dtype_argument(&t[k])?,
        None => None,
    };
    if dtype.is_some() && matches!(op, ReduceOp::Std | ReduceOp::Var) {
        return Err(CallError::unsupported(format!(
            "{name}(dtype=...) is not supported yet"
        )));
    }
    if matches!(op, ReduceOp::Std | ReduceOp::Var) {
        if t[3] != Type::NoneType {
            return Err(CallError::unsupported(format!(
                "{name}(out=...) is not supported yet"
            )));
        }
        if !t[4].is_integer_like() {
            return Err(CallError::typing(format!(
                "{name}(): ddof must be an integer, not {}",
                t[4]
            )));
        }
    }
    let tuple = if a.ndim == 0 {
        None
    } else {
        tuple_axes(
            op,
            &t[1],
            args.consts.get(1).and_then(Option::as_ref),
            a.ndim,
        )
        .transpose()?
    };
    let axis = if a.ndim == 0 {
        zero_d_axis(op, &t[1], args.consts.get(1).and_then(Option::as_ref))?
    } else if let Some(Reduced::One(k)) = tuple {
        k
    } else if let Some(Reduced::Some(_)) = tuple {
        if matches!(a.dtype, Type::Float(16) | Type::Complex(_)) {
            return Err(CallError::unsupported(format!(
                "{name}() of {} arrays over a tuple of axes is not supported yet",
                a.dtype
            )));
        }
        Some(0)
    } else if axis_at_run_time(&t[1], args.consts.get(1).and_then(Option::as_ref)) {
        // Which axis is known only at run time; the result's type is the same for each.
        Some(0)
    } else {
        axis_argument(&t[1], args.consts.get(1).and_then(Option::as_ref), a.ndim)?
    };
    let d = &a.dtype;
    if matches!(d, Type::Complex(_)) && matches!(op, ReduceOp::Mean | ReduceOp::Std | ReduceOp::Var)
    {
        complex_moments_limits(op, args)?;
    }
    let item = match op {
        ReduceOp::Sum | ReduceOp::Prod | ReduceOp::Cumsum | ReduceOp::Cumprod => sum_type(d),
        ReduceOp::Min | ReduceOp::Max => {
            complex_extreme_limits(op, d, axis, args)?;
            d.clone()
        }
        ReduceOp::Argmin | ReduceOp::Argmax => {
            complex_extreme_limits(op, d, axis, args)?;
            Type::I64
        }
        ReduceOp::All | ReduceOp::Any => Type::Bool,
        ReduceOp::Mean | ReduceOp::Std | ReduceOp::Var => float_type(op, d)?,
    };
    let item = match dtype {
        Some(d) if matches!(d, Type::Complex(_)) && !matches!(a.dtype, Type::Complex(_)) => {
            return Err(CallError::unsupported(format!(
                "{name}(dtype={d}) of real arrays is not supported yet"
            )));
        }
        Some(d) if matches!(a.dtype, Type::Complex(_)) && !matches!(d, Type::Complex(_)) => {
            return Err(CallError::unsupported(format!(
                "{name}(dtype={d}) of complex arrays is not supported"
            )));
        }
        Some(d) => d,
        None => item,
    };
    if let Some(k) = params(op).iter().position(|p| &*p.name == "keepdims") {
        if !matches!(args.consts.get(k), Some(Some(Const::Bool(_)))) {
            return Err(CallError::typing(format!(
                "{name}(): keepdims must be a constant True or False"
            )));
        }
    }
    if a.ndim == 0 {
        // A 0-d array reduces to a scalar (keepdims or not); cumsum/cumprod make a 1-d array.
        return Ok(match op {
            ReduceOp::Cumsum | ReduceOp::Cumprod => super::elementwise::array(item, 1),
            _ => item,
        });
    }
    // Results along an axis keep the memory order of the array (NumPy allocates them in the
    // order of its iterator, order='K'); 1-d results are C.
    let whole = Type::Array(a.clone());
    let keep = |ndim: u8| {
        let t = super::elementwise::array(item.clone(), ndim);
        if matches!(op, ReduceOp::Argmin | ReduceOp::Argmax) {
            // Not ufunc reductions in NumPy: their results are always C.
            return t;
        }
        super::results::elementwise_result(t, &[&whole])
    };
    if keeps_dims(op, args.consts) {
        // The reduced axes stay, of length 1.
        return Ok(keep(a.ndim));
    }
    if let Some(Reduced::Some(axes)) = &tuple {
        return Ok(keep(a.ndim - axes.len() as u8));
    }
    Ok(match (op, axis) {
        (ReduceOp::Cumsum | ReduceOp::Cumprod, None) => super::elementwise::array(item, 1),
        (ReduceOp::Cumsum | ReduceOp::Cumprod, Some(_)) => keep(a.ndim),
        (_, Some(_)) if a.ndim > 1 => keep(a.ndim - 1),
        _ => item,
    })
}

/// Whether a reduction's `axis` is an integer known only at run time (lowering picks the axis
/// then, and raises NumPy's `AxisError` outside the dimensions).
pub fn axis_at_run_time(t: &Type, c: Option<&Const>) -> bool {
    c.is_none() && t.is_integer_like() && *t != Type::Bool
}
