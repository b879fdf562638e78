//! NumPy's operator ufuncs as functions (`np.add(a, b)`, `np.less(x, 0)`, `np.logical_and`...):
//! the same elementwise operations as the operators, fused into array expressions like them.

use super::entry::Entry;
use super::error::CallError;
use super::Builtin;
pub use crate::callee::{Logical, UfuncOp};
use crate::ir::{BinOp, UnaryOp};
use crate::types::ModuleKind;
use crate::types::Type;

/// NumPy's ufuncs of operators, for the table of callables.
pub fn entries() -> Vec<Entry> {
    crate::callee::UFUNC_NAMES
        .iter()
        .map(|(n, op)| Entry::function(Builtin::Ufunc(*op), ModuleKind::Numpy, n))
        .collect()
}

/// The result type: elementwise for arrays, the operator's type for numbers.
pub fn type_call(op: UfuncOp, args: &[Type]) -> Result<Type, CallError> {
    let name = op.name();
    if args.len() != op.arity() {
        return Err(CallError::typing(format!(
            "np.{name}() takes {} argument{} here (out= aside), got {}",
            op.arity(),
            if op.arity() == 1 { "" } else { "s" },
            args.len()
        )));
    }
    let arrays = super::elementwise::any_array(&args.iter().collect::<Vec<_>>());
    let logical = |ndim: Option<u8>| match ndim {
        Some(n) => super::elementwise::array(Type::Bool, n),
        None => Type::Bool,
    };
    if arrays {
        return match op {
            UfuncOp::Bin(b) => Ok(super::elementwise::binop(b, &args[0], &args[1])?),
            UfuncOp::Cmp(c) => Ok(super::elementwise::compare(c, &args[0], &args[1])?),
            UfuncOp::Unary(u) => Ok(super::elementwise::unary(u, &args[0])?),
            UfuncOp::Square => match super::elementwise::binop(BinOp::Mul, &args[0], &args[0])? {
                // NumPy's square has no boolean loop: booleans are squared as int8.
                Type::Array(a) if a.dtype == Type::Bool => {
                    let mut a = (*a).clone();
                    a.dtype = Type::int(8, true);
                    Ok(Type::Array(std::sync::Arc::new(a)))
                }
                t => Ok(t),
            },
            UfuncOp::Logical(_) => {
                let refs: Vec<&Type> = args.iter().collect();
                let (_, ndim) = super::elementwise::operands(&refs)?;
                Ok(logical(Some(ndim)))
            }
        };
    }
    // Booleans take NumPy's loops, not Python's operators (which count them as ints):
    // `np.add(True, True)` is `True` (logical or), `np.multiply` a logical and, the integer
    // loops give int8 (`np.floor_divide`, `np.square`), `np.subtract` and `np.negative` raise;
    // with a NumPy scalar the boolean takes its type (`np.add(True, np.int8(1))` is int8).
    if args.contains(&Type::Bool) && args.iter().all(Type::is_numeric) {
        if let Some(t) = bool_loop(op, args) {
            return t.map_err(CallError::typing);
        }
    }
    match op {
        UfuncOp::Bin(b) => Ok(super::operators::binop(b, &args[0], &args[1], None)?),
        UfuncOp::Cmp(c) => super::operators::compare(c, &args[0], &args[1]),
        UfuncOp::Unary(u) => Ok(super::operators::unary(u, &args[0])?),
        UfuncOp::Square => Ok(super::operators::binop(
            BinOp::Mul,
            &args[0],
            &args[0],
            None,
        )?),
        UfuncOp::Logical(_) => {
            if args.iter().all(Type::is_numeric) {
                Ok(logical(None))
            } else {
                Err(CallError::typing(format!(
                    "np.{name}() of {}",
                    super::describe_args(args)
                )))
            }
        }
    }
}

/// The result type of NumPy's loop for arguments one of which is a boolean, where it differs
/// from Python's operator (`None` where they agree: comparisons, logical functions, `~`).
fn bool_loop(op: UfuncOp, args: &[Type]) -> Option<Result<Type, String>> {
    use super::elementwise::{binop_element, unary_element};
    let b = Type::Bool;
    match op {
        UfuncOp::Bin(BinOp::Sub) if args[0] == b && args[1] == b => Some(Err(
            "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, \
             the `^` operator, or the logical_xor function instead."
                .into(),
        )),
        UfuncOp::Bin(bin) => Some(binop_element(bin, &args[0], &args[1]).map_err(|_| {
            format!(
                "ufunc '{}' not supported for the input types, and the inputs could not be \
                 safely coerced to any supported types according to the casting rule ''safe''",
                op.name()
            )
        })),
        UfuncOp::Square => Some(binop_element(BinOp::Pow, &b, &b)),
        UfuncOp::Unary(UnaryOp::Pos) => Some(Err(
            "ufunc 'positive' did not contain a loop with signature matching types \
             <class 'numpy.dtypes.BoolDType'> -> None"
                .into(),
        )),
        UfuncOp::Unary(u @ UnaryOp::Neg) => Some(unary_element(u, &b)),
        UfuncOp::Unary(_) | UfuncOp::Cmp(_) | UfuncOp::Logical(_) => None,
    }
}
