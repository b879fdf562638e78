//! Order statistics of a whole array: `np.median`, `np.nanmedian`, `np.percentile` and
//! `np.quantile` (method `'linear'`), with NumPy's parameters and result types. Their ids are
//! [`ArrayFn`] variants; their implementation is codegen's `lower/quantiles.rs` over the
//! runtime's `quantile.rs`.

use std::sync::Arc;

use super::error::CallError;
use super::signature::Param;
use super::CallArgs;
use crate::callee::ArrayFn;
use crate::ir::Const;
use crate::types::{ArrayTy, Layout, Type};

/// The parameters of `f`, as NumPy names them.
pub fn params(f: ArrayFn) -> Vec<Param> {
    let mut p = vec![Param::req("a")];
    if matches!(f, ArrayFn::Percentile | ArrayFn::Quantile) {
        p.push(Param::req("q"));
    }
    p.extend([
        Param::none("axis"),
        Param::none("out"),
        Param::opt("overwrite_input", Const::Bool(false)),
    ]);
    if matches!(f, ArrayFn::Percentile | ArrayFn::Quantile) {
        p.push(Param::opt("method", Const::Str(Arc::from("linear"))));
    }
    p.push(Param::opt("keepdims", Const::Bool(false)));
    if matches!(f, ArrayFn::Percentile | ArrayFn::Quantile) {
        p.extend([Param::none("weights"), Param::none("interpolation")]);
    }
    p
}

/// The float type of an order statistic of items of `dtype` with a scalar `q` (or none):
/// floats keep their type (NumPy's interpolation with a Python float is weak), others are
/// float64. An array `q` always gives float64.
pub fn statistic_type(dtype: &Type) -> Type {
    match dtype {
        Type::Float(_) => dtype.clone(),
        _ => Type::F64,
    }
}

/// The result type of `f` called with `args` (bound in parameter order).
pub fn type_call(f: ArrayFn, args: &CallArgs) -> Result<Type, CallError> {
    let name = f.name();
    let t = args.types;
    let c = |k: usize| args.consts.get(k).and_then(Option::as_ref);
    let with_q = matches!(f, ArrayFn::Percentile | ArrayFn::Quantile);
    let a = match &t[0] {
        Type::Array(a) => a,
        other => {
            return Err(CallError::unsupported(format!(
                "{name}() of {other} is not supported (arrays only)"
            )))
        }
    };
    match &a.dtype {
        Type::Complex(_) if with_q => {
            return Err(CallError::typing("a must be an array of real numbers"))
        }
        Type::Complex(_) => {
            return Err(CallError::unsupported(format!(
                "{name}() of complex arrays is not supported yet"
            )))
        }
        Type::Bool if with_q => {
            return Err(CallError::typing(
                "numpy boolean subtract, the `-` operator, is not supported, use the \
                 bitwise_xor, the `^` operator, or the logical_xor function instead.",
            ))
        }
        _ => {}
    }
    let names = params(f);
    let at = |name: &str| {
        names
            .iter()
            .position(|p| &*p.name == name)
            .expect("a parameter")
    };
    let keepdims = matches!(c(at("keepdims")), Some(Const::Bool(false)));
    if t[at("axis")] != Type::NoneType || t[at("out")] != Type::NoneType || !keepdims {
        return Err(CallError::unsupported(format!(
            "{name}(): axis=, out= and keepdims= are not supported yet (the whole array)"
        )));
    }
    if !matches!(c(at("overwrite_input")), Some(Const::Bool(false))) {
        return Err(CallError::unsupported(format!(
            "{name}(): only overwrite_input=False is supported (the input is never changed)"
        )));
    }
    if !with_q {
        return Ok(statistic_type(&a.dtype));
    }
    let method = &t[at("method")];
    if !matches!(method, Type::StrLiteral(s) if &**s == "linear") {
        return Err(CallError::unsupported(format!(
            "{name}(): only method='linear' is supported, not {method}"
        )));
    }
    if t[at("weights")] != Type::NoneType || t[at("interpolation")] != Type::NoneType {
        return Err(CallError::unsupported(format!(
            "{name}(): weights= and interpolation= are not supported"
        )));
    }
    let q_elem = match &t[1] {
        Type::Array(q) if q.ndim == 1 => q.dtype.clone(),
        Type::Array(_) => {
            return Err(CallError::unsupported(format!(
                "{name}(): q must be a number or a 1-d array"
            )))
        }
        q => q.clone(),
    };
    let float_q = matches!(q_elem, Type::Float(_));
    let int_q = matches!(q_elem, Type::Int(_));
    if !(float_q || int_q && f == ArrayFn::Percentile) {
        return Err(CallError::unsupported(format!(
            "{name}(): q must be a float or an array of floats{}, not {}",
            if f == ArrayFn::Percentile {
                " (or integers)"
            } else {
                ""
            },
            t[1]
        )));
    }
    Ok(match &t[1] {
        Type::Array(_) => Type::Array(Arc::new(ArrayTy {
            dtype: Type::F64,
            ndim: 1,
            layout: Layout::C,
            readonly: false,
        })),
        _ => statistic_type(&a.dtype),
    })
}
