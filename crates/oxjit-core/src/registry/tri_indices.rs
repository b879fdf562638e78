//! `np.tril_indices(n, k=0, m=None)`, `np.triu_indices(n, k=0, m=None)` and their `_from(arr,
//! k=0)` forms: the rows and columns of the items on and below (above) the `k`th diagonal of
//! an `n` by `m` matrix, in C order, as two int64 arrays. Their ids are [`ArrayFn`] variants;
//! the implementation is codegen's `lower/tri_indices.rs`.

use super::error::CallError;
use super::signature::Param;
use super::{ArrayFn, CallArgs};
use crate::ir::Const;
use crate::types::Type;

/// The parameters, as NumPy names them.
pub fn params(f: ArrayFn) -> Vec<Param> {
    match f {
        ArrayFn::TrilIndicesFrom | ArrayFn::TriuIndicesFrom => {
            vec![Param::req("arr"), Param::opt("k", Const::Int(0))]
        }
        _ => vec![
            Param::req("n"),
            Param::opt("k", Const::Int(0)),
            Param::none("m"),
        ],
    }
}

/// `(rows, columns)`: two new 1-d int64 arrays.
pub fn type_call(f: ArrayFn, args: &CallArgs) -> Result<Type, CallError> {
    let name = f.name();
    let t = args.types;
    let integer = |t: &Type| t.is_integer_like() && *t != Type::Bool;
    match f {
        ArrayFn::TrilIndicesFrom | ArrayFn::TriuIndicesFrom => match &t[0] {
            Type::Array(a) if a.ndim == 2 => {}
            Type::Array(_) => return Err(CallError::typing("input array must be 2-d")),
            other => {
                return Err(CallError::unsupported(format!(
                    "{name}() of {other} is not supported (arrays only)"
                )))
            }
        },
        _ => {
            if !integer(&t[0]) || !(t[2] == Type::NoneType || integer(&t[2])) {
                return Err(CallError::typing(format!(
                    "{name}(): n and m must be integers"
                )));
            }
        }
    }
    if !integer(&t[1]) {
        return Err(CallError::typing(format!("{name}(): k must be an integer")));
    }
    let index = super::elementwise::array(Type::I64, 1);
    Ok(Type::tuple(vec![index.clone(), index]))
}
