//! `np.put(a, ind, v)` (also `a.put(ind, v)`): items of the flattened array replaced by index,
//! with NumPy's parameters and checks. Its id is an [`ArrayFn`] variant; its implementation is
//! codegen's `lower/put.rs`.

use std::sync::Arc;

use super::error::CallError;
use super::signature::Param;
use super::CallArgs;
use crate::ir::Const;
use crate::types::{IntTy, Type};

/// The parameters, as NumPy names them (a method's array first).
pub fn params() -> Vec<Param> {
    vec![
        Param::req("a"),
        Param::req("ind"),
        Param::req("v"),
        Param::opt("mode", Const::Str(Arc::from("raise"))),
    ]
}

/// `np.put(a, ind, v)`: `a` a writeable array, `ind` an integer or an array of integers (cast to
/// `intp` by 'safe': floats and uint64 are NumPy's `TypeError`), `v` a number or an array of numbers
/// (cast to `a`'s dtype, cycled); `None`. Only `mode='raise'`.
pub fn type_call(args: &CallArgs) -> Result<Type, CallError> {
    let a = match &args.types[0] {
        Type::Array(a) if a.dtype.is_numeric() => a,
        t => {
            return Err(CallError::unsupported(format!(
                "put() of {t} is not supported (arrays of numbers only)"
            )))
        }
    };
    if a.readonly {
        return Err("put(): assignment destination is read-only".into());
    }
    if !matches!(&args.types[3], Type::StrLiteral(m) if &**m == "raise") {
        return Err(CallError::unsupported(
            "put(): only mode='raise' is supported",
        ));
    }
    match &args.types[1] {
        // NumPy casts the indices to `intp` by 'safe': uint64 and floats are its `TypeError`.
        Type::Array(ix) if ix.dtype.is_integer_like() && ix.dtype != Type::Int(IntTy::U64) => {}
        Type::Array(ix) => {
            return Err(format!(
                "put(): Cannot cast array data from dtype('{}') to dtype('int64') according to \
                 the rule 'safe'",
                ix.dtype
            )
            .into())
        }
        t if t.is_integer_like() => {}
        t => {
            return Err(CallError::unsupported(format!(
                "put(): ind of {t} is not supported (an integer or an array of integers)"
            )))
        }
    }
    match &args.types[2] {
        Type::Array(v) if v.dtype.is_numeric() => {}
        t if t.is_numeric() => {}
        t => {
            return Err(CallError::unsupported(format!(
                "put(): v of {t} is not supported (a number or an array of numbers)"
            )))
        }
    }
    Ok(Type::NoneType)
}
