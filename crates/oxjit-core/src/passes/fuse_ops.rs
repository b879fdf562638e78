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
        // Its bounds and `out` may be keywords, or `None`.
        Inst::Call { .. }
            if typed.calls.get(&v).and_then(CallTarget::builtin)
                == Some(Builtin::Array(crate::registry::ArrayFn::Clip)) =>
        {
            clip_call(typed, v).and_then(|(op, all, out)| out.is_none().then_some((op, all)))
        }
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
                Some(Builtin::Array(crate::registry::ArrayFn::Where)) if args.len() == 3 => {
                    Some((ExprOp::Where, args.clone()))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// `np.clip(a, a_min, a_max, out)` or `a.clip(...)` at `v`: its operation on the operands it
/// has, as NumPy computes it (`np.maximum(a, a_min)` without `a_max`, `np.minimum(a, a_max)`
/// without `a_min`, a copy, `np.minimum(a, a)`, without either), and `out` where it is an array.
pub(super) fn clip_call(
    typed: &TypedFunction,
    v: Value,
) -> Option<(ExprOp, Vec<Value>, Option<Value>)> {
    use crate::registry::signature::ArgSource;
    let r = match typed.calls.get(&v) {
        Some(CallTarget::Builtin(r)) if r.id == Builtin::Array(crate::registry::ArrayFn::Clip) => r,
        _ => return None,
    };
    let Inst::Call { args, kwargs, .. } = typed.func.inst(v) else {
        return None;
    };
    let param = |k: usize| -> Option<Value> {
        let x = match r.args.get(k)? {
            ArgSource::Receiver => r.receiver?,
            ArgSource::Positional(i) => *args.get(*i)?,
            ArgSource::Keyword(i) => kwargs.get(*i)?.1,
            _ => return None,
        };
        (*typed.ty(x) != Type::NoneType).then_some(x)
    };
    let a = param(0)?;
    let (op, operands) = match (param(1), param(2)) {
        (Some(lo), Some(hi)) => (ExprOp::Clip, vec![a, lo, hi]),
        (Some(lo), None) => (ExprOp::Ufunc(crate::callee::NpFn::Maximum), vec![a, lo]),
        (None, Some(hi)) => (ExprOp::Ufunc(crate::callee::NpFn::Minimum), vec![a, hi]),
        (None, None) => (ExprOp::Ufunc(crate::callee::NpFn::Minimum), vec![a, a]),
    };
    let out = param(3).filter(|o| matches!(typed.ty(*o), Type::Array(_)));
    Some((op, operands, out))
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
