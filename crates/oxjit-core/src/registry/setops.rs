//! NumPy's set functions (`lib/_arraysetops_impl.py`): `np.unique` with its `return_index`,
//! `return_inverse` and `return_counts` arrays, `np.union1d`, `np.intersect1d`,
//! `np.setdiff1d`, `np.setxor1d` and `np.isin`, with NumPy's parameters and result types. Their
//! ids are [`ArrayFn`] variants; their implementation is codegen's `lower/setops.rs` over the
//! runtime's `setops.rs`.

use std::sync::Arc;

use super::error::CallError;
use super::signature::{Param, ParamKind};
use super::CallArgs;
use crate::callee::ArrayFn;
use crate::ir::Const;
use crate::types::{ArrayTy, Layout, Type};

/// The parameters of `f`, as NumPy names them.
pub fn params(f: ArrayFn) -> Vec<Param> {
    let flag = |n: &str| Param::opt(n, Const::Bool(false));
    let pair = || vec![Param::req("ar1"), Param::req("ar2")];
    match f {
        ArrayFn::Unique => vec![
            Param::req("ar"),
            flag("return_index"),
            flag("return_inverse"),
            flag("return_counts"),
            Param::none("axis"),
            Param::opt("equal_nan", Const::Bool(true)).kind(ParamKind::KeywordOnly),
        ],
        ArrayFn::Union1d => pair(),
        ArrayFn::Intersect1d => {
            [pair(), vec![flag("assume_unique"), flag("return_indices")]].concat()
        }
        ArrayFn::Setdiff1d | ArrayFn::Setxor1d => [pair(), vec![flag("assume_unique")]].concat(),
        ArrayFn::Isin => vec![
            Param::req("element"),
            Param::req("test_elements"),
            flag("assume_unique"),
            flag("invert"),
            Param::none("kind").kind(ParamKind::KeywordOnly),
        ],
        _ => unreachable!("{f:?} is not a set function"),
    }
}

fn array(dtype: Type, ndim: u8) -> Type {
    Type::Array(Arc::new(array_ty(&dtype, ndim)))
}

fn array_ty(dtype: &Type, ndim: u8) -> ArrayTy {
    ArrayTy {
        dtype: dtype.clone(),
        ndim,
        layout: Layout::C,
        readonly: false,
    }
}

/// An array of real numbers or bools (`what` names it in messages).
fn real_array<'t>(f: ArrayFn, what: &str, t: &'t Type) -> Result<&'t ArrayTy, CallError> {
    match t {
        Type::Array(a) if matches!(a.dtype, Type::Bool | Type::Int(_) | Type::Float(32 | 64)) => {
            Ok(a)
        }
        Type::Array(a) => Err(CallError::unsupported(format!(
            "{}(): {what} of {} items is not supported yet (bools, integers and floats only)",
            f.name(),
            a.dtype
        ))),
        t => Err(CallError::unsupported(format!(
            "{}(): {what} of {t} is not supported (arrays only)",
            f.name()
        ))),
    }
}

/// Whether every value of dtype `from` is a value of dtype `to` (NumPy's safe casting without
/// the int64 → float64 rounding).
fn exact_in(from: &Type, to: &Type) -> bool {
    match (from, to) {
        _ if from == to => true,
        (Type::Bool, _) => true,
        (Type::Int(a), Type::Int(b)) => match (a.signed, b.signed) {
            (false, true) => a.bits < b.bits,
            (true, false) => false,
            _ => a.bits <= b.bits,
        },
        (Type::Int(a), Type::Float(32)) => a.bits <= 16,
        (Type::Int(a), Type::Float(64)) => a.bits <= 32,
        (Type::Float(32), Type::Float(64)) => true,
        _ => false,
    }
}

/// The dtype two arrays are compared in (NumPy's `result_type`, which `concatenate` and `==`
/// use); refused where one of them would round in it (int64 with float64, int64 with uint64).
pub fn common_dtype(f: ArrayFn, a: &Type, b: &Type) -> Result<Type, CallError> {
    let common = crate::types::unify(a, b)
        .ok_or_else(|| CallError::typing(format!("{}(): {a} and {b} do not combine", f.name())))?;
    if !exact_in(a, &common) || !exact_in(b, &common) {
        return Err(CallError::unsupported(format!(
            "{}() of {a} and {b} arrays is not supported (NumPy compares them as {common}, \
             which rounds)",
            f.name()
        )));
    }
    Ok(common)
}

/// A bool argument; `constant`: it must be a constant (the result's type depends on it).
fn flag_argument(
    f: ArrayFn,
    args: &CallArgs,
    k: usize,
    name: &str,
    constant: bool,
) -> Result<bool, CallError> {
    match (&args.types[k], args.consts[k].as_ref()) {
        (_, Some(Const::Bool(b))) => Ok(*b),
        (Type::Bool, _) if !constant => Ok(false),
        (t, _) if constant => Err(CallError::unsupported(format!(
            "{}(): {name} must be a constant bool, not {t}",
            f.name()
        ))),
        (t, _) => Err(CallError::typing(format!(
            "{}(): {name} must be a bool, not {t}",
            f.name()
        ))),
    }
}

/// The result type of `f` called with `args` (bound in parameter order).
pub fn type_call(f: ArrayFn, args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    if f == ArrayFn::Unique {
        return type_unique(args);
    }
    let a = real_array(f, if f == ArrayFn::Isin { "element" } else { "ar1" }, &t[0])?;
    let b = real_array(
        f,
        if f == ArrayFn::Isin {
            "test_elements"
        } else {
            "ar2"
        },
        &t[1],
    )?;
    let common = common_dtype(f, &a.dtype, &b.dtype)?;
    if f != ArrayFn::Union1d {
        flag_argument(f, args, 2, "assume_unique", false)?;
    }
    Ok(match f {
        ArrayFn::Union1d | ArrayFn::Setxor1d => array(common, 1),
        ArrayFn::Setdiff1d => array(a.dtype.clone(), 1),
        ArrayFn::Intersect1d => {
            if flag_argument(f, args, 3, "return_indices", true)? {
                Type::tuple(vec![
                    array(common, 1),
                    array(Type::I64, 1),
                    array(Type::I64, 1),
                ])
            } else {
                array(common, 1)
            }
        }
        ArrayFn::Isin => {
            flag_argument(f, args, 3, "invert", false)?;
            if t[4] != Type::NoneType {
                return Err(CallError::unsupported("isin(): kind= is not supported yet"));
            }
            array(Type::Bool, a.ndim)
        }
        _ => unreachable!("{f:?} is not a set function"),
    })
}

/// Which of `np.unique`'s `return_index`, `return_inverse`, `return_counts` a call asks for
/// (typing checked they are constants).
pub fn unique_flags(consts: &[Option<Const>]) -> [bool; 3] {
    [1, 2, 3].map(|k| matches!(consts.get(k), Some(Some(Const::Bool(true)))))
}

/// `np.unique(ar, return_index, return_inverse, return_counts, axis=None, equal_nan=True)`: the
/// sorted values (a 1-d array of `ar`'s dtype), or a tuple of them and the arrays asked for
/// (`intp`; the inverse has `ar`'s shape, as NumPy 2's).
fn type_unique(args: &CallArgs) -> Result<Type, CallError> {
    let f = ArrayFn::Unique;
    let a = real_array(f, "ar", &args.types[0])?;
    for (k, name) in [
        (1, "return_index"),
        (2, "return_inverse"),
        (3, "return_counts"),
    ] {
        flag_argument(f, args, k, name, true)?;
    }
    let by_axis = match &args.types[4] {
        Type::NoneType => false,
        Type::Int(_) | Type::Bool => true,
        t => {
            return Err(CallError::typing(format!(
                "unique(): axis must be an integer, not {t}"
            )))
        }
    };
    flag_argument(f, args, 5, "equal_nan", false)?;
    let [index, inverse, counts] = unique_flags(args.consts);
    // Along an axis the distinct sub-arrays keep `ar`'s dimensions and the inverse is 1-d.
    let values = match by_axis && a.ndim > 1 {
        // A view with the axis moved back (not C-contiguous unless the axis is the first).
        true => Type::Array(Arc::new(ArrayTy {
            layout: Layout::A,
            ..array_ty(&a.dtype, a.ndim)
        })),
        false => array(a.dtype.clone(), 1),
    };
    if !(index || inverse || counts) {
        return Ok(values);
    }
    let mut items = vec![values];
    if index {
        items.push(array(Type::I64, 1));
    }
    if inverse {
        items.push(array(
            Type::I64,
            if by_axis && a.ndim > 1 { 1 } else { a.ndim },
        ));
    }
    if counts {
        items.push(array(Type::I64, 1));
    }
    Ok(Type::tuple(items))
}

/// The dtype the runtime sorts and compares in for a call of `f` typed with `types`.
pub fn compare_dtype(types: &[Type]) -> Type {
    let dtype = |t: &Type| match t {
        Type::Array(a) => a.dtype.clone(),
        t => t.clone(),
    };
    let a = dtype(&types[0]);
    match types.get(1) {
        Some(b @ Type::Array(_)) => crate::types::unify(&a, &dtype(b)).unwrap_or(a),
        _ => a,
    }
}
