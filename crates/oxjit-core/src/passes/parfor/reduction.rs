//! The values a `prange` loop carries from one iteration to the next (its header's phis), each
//! either a *reduction* (only ever combined with values of the iteration by one associative
//! operation: `s += x`, `s = min(s, x)`...), which each chunk computes from the operation's
//! identity and the chunks' results then combine; or a *private* variable (never read before it
//! is assigned in an iteration, nor after the loop), which needs nothing; or a race, refused.

use std::collections::HashSet;

use super::PrangeLoop;
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{BinOp, Inst, Terminator, Value};
use crate::registry::Builtin;
use crate::typeinfer::{CallTarget, TypedFunction};
use crate::types::Type;

/// How the chunks' partial results of a reduction combine (and where a chunk starts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Combine {
    /// `+=` and `-=` (a chunk's partial is the sum of what it added and subtracted).
    Add,
    Mul,
    BitOr,
    BitAnd,
    BitXor,
    Min,
    Max,
}

impl Combine {
    pub fn symbol(self) -> &'static str {
        match self {
            Combine::Add => "+",
            Combine::Mul => "*",
            Combine::BitOr => "|",
            Combine::BitAnd => "&",
            Combine::BitXor => "^",
            Combine::Min => "min",
            Combine::Max => "max",
        }
    }

    /// The value a chunk starts from: the operation's identity, or (`min`, `max`) the
    /// reduction's initial value, which they may see twice.
    pub fn identity(self) -> Option<i64> {
        match self {
            Combine::Add | Combine::BitOr | Combine::BitXor => Some(0),
            Combine::Mul => Some(1),
            Combine::BitAnd => Some(-1),
            Combine::Min | Combine::Max => None,
        }
    }
}

/// A reduction of a loop: its header phi, initial value (from before the loop) and type.
pub struct Reduction {
    pub phi: Value,
    pub init: Value,
    pub combine: Combine,
    pub ty: Type,
    pub name: String,
}

/// The reductions of the loop, in header order; an error for a value carried otherwise.
pub(super) fn reductions(typed: &TypedFunction, lp: &PrangeLoop) -> Result<Vec<Reduction>> {
    let func = &typed.func;
    let mut out = Vec::new();
    for &phi in &func.block(lp.header).insts {
        let Inst::Phi(incoming) = func.inst(phi) else {
            continue;
        };
        let named = func.values[phi.index()].name.as_deref();
        let name = named.unwrap_or("s").to_string();
        let init = incoming
            .iter()
            .find(|(p, _)| *p == lp.preheader)
            .map(|(_, x)| *x)
            .ok_or_else(|| Diagnostic::internal("a loop phi without an initial value"))?;
        match classify(typed, lp, phi) {
            Ok(combine) => out.push(Reduction {
                phi,
                init,
                combine,
                ty: typed.ty(phi).clone(),
                name,
            }),
            Err(_) if is_private(typed, lp, phi) => {}
            Err(why) => return Err(race(typed, lp, phi, named, &why)),
        }
    }
    Ok(out)
}

/// The error for a value carried across iterations that is not a reduction.
fn race(
    typed: &TypedFunction,
    lp: &PrangeLoop,
    phi: Value,
    named: Option<&str>,
    why: &str,
) -> Diagnostic {
    let what = match named {
        Some(n) => format!("variable '{n}'"),
        // The loop's own variable (or a value of the last iteration) read after the loop.
        None => "a value of the loop's last iteration, read after it,".to_string(),
    };
    let message = if matches!(typed.ty(phi), Type::Array(_)) {
        format!(
            "{what} is an array updated in every iteration: reductions into arrays are not \
             supported in prange loops yet (give each iteration its own row of a 2-d array and \
             sum the rows after the loop)"
        )
    } else {
        let s = named.unwrap_or("s");
        format!(
            "{what} {why}: in a prange loop, a variable carried from one iteration to the next \
             (or read after the loop) must be a reduction ({s} += value, -=, *=, |=, &=, ^=, \
             {s} = min({s}, value), {s} = max({s}, value)); anything else is a race between \
             iterations"
        )
    };
    Diagnostic::unsupported(message, typed.func.range(lp.range))
}

/// Whether `phi` is never read, except by phis of the loop (a variable assigned in each
/// iteration before any read, and not read after the loop).
fn is_private(typed: &TypedFunction, lp: &PrangeLoop, phi: Value) -> bool {
    let func = &typed.func;
    let mut users_ok = true;
    for b in func.reverse_postorder() {
        for &v in &func.block(b).insts {
            if func.inst(v).operands().contains(&phi)
                && !(lp.contains(b) && matches!(func.inst(v), Inst::Phi(_)))
            {
                users_ok = false;
            }
        }
        if term_operand(&func.block(b).term) == Some(phi) {
            users_ok = false;
        }
    }
    users_ok
}

fn term_operand(t: &Terminator) -> Option<Value> {
    match t {
        Terminator::Return(v) | Terminator::Raise(v) => Some(*v),
        Terminator::Branch { cond, .. } => Some(*cond),
        _ => None,
    }
}

/// The combining operation of the reduction `phi`, or why it is not one.
fn classify(
    typed: &TypedFunction,
    lp: &PrangeLoop,
    phi: Value,
) -> std::result::Result<Combine, String> {
    let func = &typed.func;
    if !typed.ty(phi).is_numeric() {
        return Err(format!(
            "(of type {}) is assigned in the loop",
            typed.ty(phi)
        ));
    }
    // The values derived from the accumulator by reduction steps only, grown to a fixpoint.
    let mut derived: HashSet<Value> = HashSet::from([phi]);
    let mut kinds: HashSet<Combine> = HashSet::new();
    loop {
        let mut grew = false;
        for &b in &lp.blocks {
            for &v in &func.block(b).insts {
                if derived.contains(&v)
                    || !func.inst(v).operands().iter().any(|o| derived.contains(o))
                {
                    continue;
                }
                if let Some(kind) = step(typed, v, &derived)? {
                    kinds.insert(kind);
                }
                derived.insert(v);
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    for &b in &lp.blocks {
        if term_operand(&func.block(b).term).is_some_and(|v| derived.contains(&v)) {
            return Err("is read by a condition or a raise in the loop".into());
        }
    }
    for &d in &derived {
        if let Inst::Phi(incoming) = func.inst(d) {
            // The initial value of the accumulator comes from before the loop; every other
            // incoming value must come from the reduction itself.
            let initial = |pred: &crate::ir::Block| d == phi && *pred == lp.preheader;
            let assigned = incoming
                .iter()
                .any(|(pred, x)| !(derived.contains(x) || initial(pred)));
            if assigned {
                return Err("is assigned a new value in the loop".into());
            }
        }
    }
    let mut kinds = kinds.into_iter();
    match (kinds.next(), kinds.next()) {
        (Some(k), None) => Ok(k),
        (None, _) => Err("is carried through the loop unchanged".into()),
        (Some(_), Some(_)) => Err("is combined by more than one kind of operation".into()),
    }
}

/// How instruction `v`, which reads a derived value, continues the reduction (`None`: it only
/// passes the value on), or why it breaks it.
fn step(
    typed: &TypedFunction,
    v: Value,
    derived: &HashSet<Value>,
) -> std::result::Result<Option<Combine>, String> {
    let is = |x: &Value| derived.contains(x);
    match typed.func.inst(v) {
        Inst::Phi(_) | Inst::Cast(..) => Ok(None),
        Inst::BinOp(op, a, b) | Inst::InplaceBinOp(op, a, b) => {
            if !typed.ty(v).is_numeric() {
                return Err(format!("is combined into a value of type {}", typed.ty(v)));
            }
            let left = is(a) && !is(b);
            let right = is(b) && !is(a);
            let kind = match op {
                BinOp::Add => Combine::Add,
                BinOp::Sub if left => Combine::Add,
                BinOp::Mul => Combine::Mul,
                BinOp::BitOr => Combine::BitOr,
                BinOp::BitAnd => Combine::BitAnd,
                BinOp::BitXor => Combine::BitXor,
                _ => return Err(format!("is combined by '{}' in the loop", op.symbol())),
            };
            if left || right {
                Ok(Some(kind))
            } else {
                Err("is combined with itself in the loop".into())
            }
        }
        Inst::Call { args, kwargs, .. } => {
            let kind = match typed.calls.get(&v).and_then(CallTarget::builtin) {
                Some(Builtin::Min) => Combine::Min,
                Some(Builtin::Max) => Combine::Max,
                _ => return Err("is read in the loop".into()),
            };
            let two = args.len() == 2 && kwargs.is_empty();
            if two && is(&args[0]) != is(&args[1]) {
                Ok(Some(kind))
            } else {
                Err("is read in the loop".into())
            }
        }
        _ => Err("is read in the loop".into()),
    }
}
