//! The elementwise operations the fusion pass works on: which instructions are array
//! operations (operators, comparisons, ufuncs on arrays), with their operands, and which may write
//! memory (an operation is never moved past one).

use crate::ir::{ExprOp, Inst, Value};
use crate::registry::Builtin;
use crate::typeinfer::{CallTarget, TypedFunction};
use crate::types::Type;

/// The elementwise operation `v` performs on arrays, with its operands.
/// An operation on 0-d arrays only is one too: its result is a scalar (NumPy 2).
pub(super) fn array_op(typed: &TypedFunction, v: Value) -> Option<(ExprOp, Vec<Value>)> {
    let zero_d = |x: &Value| matches!(typed.ty(*x), Type::Array(a) if a.ndim == 0);
    match typed.ty(v) {
        Type::Array(_) => op_of_call(typed, v, typed.func.inst(v)),
        t if t.is_numeric() => typed
            .func
            .inst(v)
            .operands()
            .iter()
            .any(zero_d)
            .then(|| op_of_call(typed, v, typed.func.inst(v)))
            .flatten()
            .filter(|(_, args)| args.iter().any(zero_d)),
        _ => None,
    }
}

/// The elementwise operation of instruction `inst` (defining `v`), with its operands.
pub(super) fn op_of_call(
    typed: &TypedFunction,
    v: Value,
    inst: &Inst,
) -> Option<(ExprOp, Vec<Value>)> {
    match inst {
        Inst::BinOp(op, a, b) => Some((ExprOp::Bin(*op), vec![*a, *b])),
        Inst::Compare(op, a, b) => Some((ExprOp::Compare(*op), vec![*a, *b])),
        Inst::UnaryOp(op, a) => Some((ExprOp::Unary(*op), vec![*a])),
        Inst::Call { args, kwargs, .. } if kwargs.is_empty() => {
            match typed.calls.get(&v).and_then(CallTarget::builtin) {
                Some(Builtin::Numpy(f)) if f.conversion_target().is_none() && !f.is_part_view() => {
                    // A method (`a.conj()`) takes its array as the first operand.
                    let mut all = method_receiver(typed, v).into_iter().collect::<Vec<_>>();
                    all.extend(args.iter().copied());
                    Some((ExprOp::Ufunc(f), all))
                }
                Some(Builtin::Ufunc(op)) => {
                    use crate::registry::ufunc::UfuncOp;
                    Some(match op {
                        UfuncOp::Bin(b) => (ExprOp::Bin(b), args.clone()),
                        UfuncOp::Cmp(c) => (ExprOp::Compare(c), args.clone()),
                        UfuncOp::Unary(u) => (ExprOp::Unary(u), args.clone()),
                        UfuncOp::Square => {
                            (ExprOp::Bin(crate::ir::BinOp::Mul), vec![args[0], args[0]])
                        }
                        UfuncOp::Logical(l) => (ExprOp::Logical(l), args.clone()),
                    })
                }
                Some(Builtin::Array(crate::registry::ArrayFn::Clip)) => {
                    // The method's array is its receiver.
                    let mut all = method_receiver(typed, v).into_iter().collect::<Vec<_>>();
                    all.extend(args.iter().copied());
                    (all.len() == 3).then_some((ExprOp::Clip, all))
                }
                Some(Builtin::Array(crate::registry::ArrayFn::Where)) if args.len() == 3 => {
                    Some((ExprOp::Where, args.clone()))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The receiver of a method call `v` (`a` in `a.clip(0, 1)`), as typing recorded it.
fn method_receiver(typed: &TypedFunction, v: Value) -> Option<Value> {
    match typed.calls.get(&v) {
        Some(CallTarget::Builtin(r)) => r.receiver,
        _ => None,
    }
}

/// Whether `v` may write to memory (or call out), which fusing must not move past.
pub(super) fn writes_memory(typed: &TypedFunction, v: Value) -> bool {
    match typed.func.inst(v) {
        Inst::SetItem(..) | Inst::SetAttr(..) | Inst::InplaceBinOp(..) => true,
        Inst::Call { .. } => array_op(typed, v).is_none(),
        _ => false,
    }
}
