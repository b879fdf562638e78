//! Which integer values are known not to be negative, so that indexing them skips NumPy's
//! wrap-around of negative indices (`a[i]` with `i < 0` means `a[n + i]`). That select on every
//! access keeps LLVM from seeing a plain strided access in loops like `x[i + j] * w[m - 1 - j]`.
//!
//! Known non-negative: constants `>= 0`; `len()`, shapes and sizes; the values of
//! `range(start, stop, step)` with `start >= 0` and a constant `step > 0`; sums and products of
//! non-negatives (an index so large that they wrap would be out of bounds anyway, which is
//! undefined without `boundscheck`); `stop - j` and `stop - 1 - j` where `j` iterates over
//! `range(stop)` (or `range(k, stop)`); `a // c` and `a % c` for a non-negative `a` and a constant
//! `c > 0`.

use std::collections::HashMap;

use crate::ir::{BinOp, Const, Inst, Value};
use crate::registry::Builtin;
use crate::typeinfer::{CallTarget, TypedFunction};
use crate::types::Type;

/// Memoised answers for one function.
#[derive(Default)]
pub struct NonNegative {
    known: HashMap<Value, bool>,
}

impl NonNegative {
    pub fn check(&mut self, typed: &TypedFunction, v: Value) -> bool {
        if let Some(k) = self.known.get(&v) {
            return *k;
        }
        // Cycles (phis) are not followed: assume unknown while deciding.
        self.known.insert(v, false);
        let answer = self.decide(typed, v);
        self.known.insert(v, answer);
        answer
    }

    fn decide(&mut self, typed: &TypedFunction, v: Value) -> bool {
        if let Some(c) = typed.constant(v) {
            return matches!(c, Const::Int(k) if *k >= 0) || matches!(c, Const::Bool(_));
        }
        if !matches!(typed.ty(v), Type::Int(_) | Type::Bool) {
            return false;
        }
        if matches!(typed.ty(v), Type::Bool) || matches!(typed.ty(v), Type::Int(i) if !i.signed) {
            return true;
        }
        match typed.func.inst(v) {
            Inst::Cast(a, _) => self.check(typed, *a),
            Inst::Arg(k) => typed.nonneg_args.contains(k),
            Inst::BinOp(BinOp::Add | BinOp::Mul, a, b) => {
                self.check(typed, *a) && self.check(typed, *b)
            }
            Inst::BinOp(BinOp::FloorDiv | BinOp::Mod, a, b) => {
                self.check(typed, *a) && matches!(typed.constant(*b), Some(Const::Int(c)) if *c > 0)
            }
            Inst::BinOp(BinOp::Sub, a, b) => counts_down(typed, *a, *b),
            Inst::Call { .. } => {
                typed.calls.get(&v).and_then(CallTarget::builtin) == Some(Builtin::Len)
            }
            // `a.shape[k]`, `n, m = a.shape`, `a.size`.
            Inst::GetItem(t, _) | Inst::UnpackItem(t, _, _) => is_shape(typed, *t),
            Inst::GetAttr(a, name) => {
                matches!(typed.ty(*a), Type::Array(_))
                    && matches!(&**name, "size" | "nbytes" | "ndim" | "itemsize")
            }
            Inst::IterNext(it) => match range_of(typed, *it) {
                Some((Some(start), _)) => self.check(typed, start),
                Some((None, _)) => true,
                None => false,
            },
            _ => false,
        }
    }
}

/// The integer values of reachable blocks known not to be negative, in block order (for tests).
pub fn known_nonnegative(typed: &TypedFunction) -> Vec<Value> {
    let mut known = NonNegative::default();
    let func = &typed.func;
    func.reverse_postorder()
        .into_iter()
        .flat_map(|b| func.block(b).insts.iter().copied())
        .filter(|&v| matches!(typed.ty(v), Type::Int(_)) && known.check(typed, v))
        .collect()
}

fn is_shape(typed: &TypedFunction, t: Value) -> bool {
    matches!(typed.func.inst(t), Inst::GetAttr(a, name)
        if matches!(typed.ty(*a), Type::Array(_)) && &**name == "shape")
}

/// For an iterator over `range(start, stop[, step])` with a constant positive step: (start, or
/// `None` for 0, stop).
fn range_of(typed: &TypedFunction, it: Value) -> Option<(Option<Value>, Value)> {
    let Inst::GetIter(r) = typed.func.inst(it) else {
        return None;
    };
    let Inst::Call { args, kwargs, .. } = typed.func.inst(*r) else {
        return None;
    };
    if !kwargs.is_empty()
        || !matches!(
            typed.calls.get(r).and_then(CallTarget::builtin),
            Some(Builtin::Range)
        )
    {
        return None;
    }
    match args.as_slice() {
        [stop] => Some((None, *stop)),
        [start, stop] => Some((Some(*start), *stop)),
        [start, stop, step] => matches!(typed.constant(*step), Some(Const::Int(c)) if *c > 0)
            .then_some((Some(*start), *stop)),
        _ => None,
    }
}

/// `stop - j` or `(stop - c) - j` (c in {0, 1}) where `j` iterates over a range ending at `stop`
/// and starting at a non-negative value: at least 0.
fn counts_down(typed: &TypedFunction, a: Value, j: Value) -> bool {
    let Inst::IterNext(it) = typed.func.inst(j) else {
        return false;
    };
    let Some((_, stop)) = range_of(typed, *it) else {
        return false;
    };
    let bound = match typed.func.inst(a) {
        Inst::BinOp(BinOp::Sub, s, c) if matches!(typed.constant(*c), Some(Const::Int(0 | 1))) => {
            *s
        }
        _ => a,
    };
    same_value(typed, bound, stop)
}

/// Whether two values are the same: the same SSA value, or two reads of the same shape item.
fn same_value(typed: &TypedFunction, x: Value, y: Value) -> bool {
    if x == y {
        return true;
    }
    match (typed.func.inst(x), typed.func.inst(y)) {
        (Inst::Cast(a, _), _) => same_value(typed, *a, y),
        (_, Inst::Cast(b, _)) => same_value(typed, x, *b),
        _ => false,
    }
}
