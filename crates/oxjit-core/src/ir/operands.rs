//! Visiting the operands of an instruction, shared by the SSA builder (trivial phis) and the
//! passes over the typed IR (promotion, analyses).

use super::{Inst, Value};

/// Applies `f` to every operand of `inst`.
pub fn rewrite_operands(inst: &mut Inst, f: impl Fn(Value) -> Value) {
    match inst {
        Inst::Arg(_)
        | Inst::Const(_)
        | Inst::Global(_)
        | Inst::Import(..)
        | Inst::Undef(_)
        | Inst::CatchException
        | Inst::CellNew
        | Inst::BuildDict => {}
        Inst::ObjMode { inputs, .. } => {
            for a in inputs {
                *a = f(*a);
            }
        }
        Inst::MakeClosure { captures, .. } => {
            for a in captures {
                *a = f(*a);
            }
        }
        Inst::CellLoad(a) | Inst::Yield(a) | Inst::KeepAlive(a) => *a = f(*a),
        Inst::ChainException {
            exc,
            cause,
            context,
        } => {
            *exc = f(*exc);
            for x in [cause, context].into_iter().flatten() {
                *x = f(*x);
            }
        }
        Inst::CellStore(a, b) => {
            *a = f(*a);
            *b = f(*b);
        }
        Inst::BinOp(_, a, b)
        | Inst::ExceptionMatches(a, b)
        | Inst::InplaceBinOp(_, a, b)
        | Inst::MatMul(a, b)
        | Inst::Compare(_, a, b)
        | Inst::GetItem(a, b) => {
            *a = f(*a);
            *b = f(*b);
        }
        Inst::ArrayExpr { inputs, out, .. } => {
            for x in inputs.iter_mut() {
                *x = f(*x);
            }
            if let Some(o) = out {
                *o = f(*o);
            }
        }
        Inst::SetAttr(a, _, b) => {
            *a = f(*a);
            *b = f(*b);
        }
        Inst::SetItem(a, b, c) | Inst::BuildSlice(a, b, c) => {
            *a = f(*a);
            *b = f(*b);
            *c = f(*c);
        }
        Inst::UnaryOp(_, a)
        | Inst::Truth(a)
        | Inst::Narrow(a)
        | Inst::GetAttr(a, _)
        | Inst::GetIter(a)
        | Inst::IterValid(a)
        | Inst::IterNext(a)
        | Inst::Cast(a, _)
        | Inst::UnpackItem(a, _, _) => *a = f(*a),
        Inst::Call { func, args, kwargs } => {
            *func = f(*func);
            for a in args {
                *a = f(*a);
            }
            for (_, a) in kwargs {
                *a = f(*a);
            }
        }
        Inst::BuildTuple(items) | Inst::BuildList(items) => {
            for a in items {
                *a = f(*a);
            }
        }
        Inst::Phi(incoming) => {
            for (_, a) in incoming {
                *a = f(*a);
            }
        }
    }
}
