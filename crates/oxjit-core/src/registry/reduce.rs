//! Whole-array reductions: `a.sum()`, `np.max(a)`, `a.argmin()`... (no `axis` yet), with NumPy's
//! result types.

use super::Builtin;
use crate::types::{IntTy, Type};

/// A reduction over all the elements of an array.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReduceOp {
    Sum,
    Prod,
    Min,
    Max,
    Argmin,
    Argmax,
    All,
    Any,
    Mean,
}

impl ReduceOp {
    pub fn name(self) -> &'static str {
        match self {
            ReduceOp::Sum => "sum",
            ReduceOp::Prod => "prod",
            ReduceOp::Min => "min",
            ReduceOp::Max => "max",
            ReduceOp::Argmin => "argmin",
            ReduceOp::Argmax => "argmax",
            ReduceOp::All => "all",
            ReduceOp::Any => "any",
            ReduceOp::Mean => "mean",
        }
    }

    /// The reduction a method name or a NumPy function name stands for.
    pub fn from_name(name: &str) -> Option<ReduceOp> {
        Some(match name {
            "sum" => ReduceOp::Sum,
            "prod" => ReduceOp::Prod,
            "min" | "amin" => ReduceOp::Min,
            "max" | "amax" => ReduceOp::Max,
            "argmin" => ReduceOp::Argmin,
            "argmax" => ReduceOp::Argmax,
            "all" => ReduceOp::All,
            "any" => ReduceOp::Any,
            "mean" => ReduceOp::Mean,
            _ => return None,
        })
    }
}

/// The method `name` of an array, when it is a reduction.
pub fn array_method(recv: &Type, name: &str) -> Option<Builtin> {
    match recv {
        Type::Array(_) => ReduceOp::from_name(name)
            .filter(|_| !matches!(name, "amin" | "amax"))
            .map(Builtin::Reduce),
        _ => None,
    }
}

/// NumPy's result type of a reduction of an array of `dtype`.
pub fn type_call(op: ReduceOp, args: &[Type]) -> Result<Type, String> {
    let name = op.name();
    let Some(Type::Array(a)) = args.first() else {
        return Err(format!(
            "{name}() of {} is not supported (arrays only, for now)",
            args.first()
                .map_or("nothing".to_string(), |t| t.to_string())
        ));
    };
    if args.len() > 1 {
        return Err(format!(
            "{name}() with arguments (axis=, dtype=...) is not supported yet"
        ));
    }
    let d = &a.dtype;
    Ok(match op {
        ReduceOp::Sum | ReduceOp::Prod => match d {
            Type::Bool => Type::I64,
            Type::Int(i) if i.signed => Type::I64,
            Type::Int(_) => Type::Int(IntTy::U64),
            t => t.clone(),
        },
        ReduceOp::Min | ReduceOp::Max => {
            if matches!(d, Type::Complex(_)) {
                return Err(format!("{name}() of complex arrays is not supported yet"));
            }
            d.clone()
        }
        ReduceOp::Argmin | ReduceOp::Argmax => {
            if matches!(d, Type::Complex(_)) {
                return Err(format!("{name}() of complex arrays is not supported yet"));
            }
            Type::I64
        }
        ReduceOp::All | ReduceOp::Any => Type::Bool,
        ReduceOp::Mean => match d {
            Type::Float(_) => d.clone(),
            Type::Bool | Type::Int(_) => Type::F64,
            _ => return Err("mean() of complex arrays is not supported yet".into()),
        },
    })
}
