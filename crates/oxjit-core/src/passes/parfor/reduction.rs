//! The values a `prange` loop carries from one iteration to the next (its header's phis), each
//! either a *reduction* (only ever combined with values of the iteration by one associative
//! operation: `s += x`, `s = min(s, x)`...), which each chunk computes from the operation's
//! identity and the chunks' results then combine; or a *private* variable (never read before it
//! is assigned in an iteration, nor after the loop), which needs nothing; or a race, refused.

use std::collections::HashSet;

use super::PrangeLoop;
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{BinOp, Block, CmpOp, Inst, Terminator, Value};
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

/// What a reduction accumulates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A number.
    Scalar,
    /// A whole array (`arrays.rs`), updated in place (`A += x`) or rebound (`A = A + x`).
    Array { inplace: bool },
    /// An array of the function updated item by item (`a[k] += x`, `arrays.rs`): `phi` is the
    /// array itself, which the body reads as its private copy.
    Indirect,
}

/// A reduction of a loop: its header phi, initial value (from before the loop) and type.
pub struct Reduction {
    pub phi: Value,
    pub init: Value,
    pub combine: Combine,
    pub ty: Type,
    pub name: String,
    pub kind: Kind,
}

impl Reduction {
    /// Whether each chunk accumulates into a private array.
    pub fn private_array(&self) -> bool {
        self.kind != Kind::Scalar
    }

    /// Whether the combined result is written into the initial array.
    pub fn inplace(&self) -> bool {
        matches!(self.kind, Kind::Indirect | Kind::Array { inplace: true })
    }
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
        let classified = if matches!(typed.ty(phi), Type::Array(_)) {
            super::arrays::classify_array(typed, lp, phi)
                .map(|(c, inplace)| (c, Kind::Array { inplace }))
        } else {
            classify(typed, lp, phi).map(|c| (c, Kind::Scalar))
        };
        match classified {
            Ok((combine, kind)) => out.push(Reduction {
                phi,
                init,
                combine,
                ty: typed.ty(phi).clone(),
                name,
                kind,
            }),
            Err(_) if is_private(typed, lp, phi) => {}
            Err(why) => return Err(race(typed, lp, phi, named, &why)),
        }
    }
    for (a, combine) in super::arrays::indirect_updates(typed, lp) {
        let name = typed.func.values[a.index()].name.as_deref().unwrap_or("a");
        out.push(Reduction {
            phi: a,
            init: a,
            combine,
            ty: typed.ty(a).clone(),
            name: format!("{name}[...]"),
            kind: Kind::Indirect,
        });
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
        let s = named.unwrap_or("A");
        format!(
            "{what} {why}: in a prange loop, an array variable carried from one iteration to \
             the next must be a reduction ({s} += value, -=, *=, or {s} = {s} + value, \
             {s} - value, {s} * value, and not read otherwise in the loop)"
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
    t.operand()
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
    // Comparisons of the accumulator that decide a branch (`if x < m: m = x`).
    let mut guards: HashSet<Value> = HashSet::new();
    loop {
        let mut grew = false;
        for &b in &lp.blocks {
            for &v in &func.block(b).insts {
                if derived.contains(&v) || guards.contains(&v) {
                    continue;
                }
                // The truth of a guard (the `if`'s condition) is the guard.
                if matches!(func.inst(v), Inst::Truth(g) if guards.contains(g)) {
                    guards.insert(v);
                    grew = true;
                    continue;
                }
                if !func.inst(v).operands().iter().any(|o| derived.contains(o)) {
                    continue;
                }
                if matches!(func.inst(v), Inst::Compare(..)) {
                    guards.insert(v);
                    grew = true;
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
        let operand = term_operand(&func.block(b).term);
        let is_guard = matches!(func.block(b).term, Terminator::Branch { cond, .. }
            if guards.contains(&cond));
        if operand.is_some_and(|v| derived.contains(&v)) {
            return Err("is read by a condition or a raise in the loop".into());
        }
        if !is_guard && operand.is_some_and(|v| guards.contains(&v)) {
            return Err("is read by a raise in the loop".into());
        }
        let reads_guard = func.block(b).insts.iter().any(|&v| {
            !matches!(func.inst(v), Inst::Truth(_))
                && func.inst(v).operands().iter().any(|o| guards.contains(o))
        });
        if reads_guard {
            return Err("is compared, and the comparison used as a value, in the loop".into());
        }
    }
    for &d in &derived {
        if let Inst::Phi(incoming) = func.inst(d) {
            // The initial value of the accumulator comes from before the loop; every other
            // incoming value must come from the reduction itself, or be picked by a guard.
            let initial = |pred: &crate::ir::Block| d == phi && *pred == lp.preheader;
            let assigned: Vec<_> = incoming
                .iter()
                .filter(|(pred, x)| !(derived.contains(x) || initial(pred)))
                .collect();
            match assigned.as_slice() {
                [] => {}
                [(pred, x)] => {
                    kinds.insert(guarded_pick(typed, &guards, incoming, *pred, *x)?);
                }
                _ => return Err("is assigned a new value in the loop".into()),
            };
        }
    }
    let mut kinds = kinds.into_iter();
    match (kinds.next(), kinds.next()) {
        (Some(k), None) => Ok(k),
        (None, _) => Err("is carried through the loop unchanged".into()),
        (Some(_), Some(_)) => Err("is combined by more than one kind of operation".into()),
    }
}

/// For `if x < m: m = x` (`min`) or `if x > m: m = x` (`max`): the merge phi's value `x` from
/// block `pred` is the one a comparison of `x` with the accumulator picks when true, the other
/// incoming value being the accumulator, and kept when the comparison is false.
fn guarded_pick(
    typed: &TypedFunction,
    guards: &HashSet<Value>,
    incoming: &[(Block, Value)],
    pred: Block,
    x: Value,
) -> std::result::Result<Combine, String> {
    let func = &typed.func;
    let assigned = || "is assigned a new value in the loop".to_string();
    let [(p0, v0), (p1, v1)] = incoming else {
        return Err(assigned());
    };
    let (kept_from, kept) = if *p0 == pred { (*p1, *v1) } else { (*p0, *v0) };
    let Terminator::Branch {
        cond,
        then_block,
        else_block,
    } = func.block(kept_from).term.clone()
    else {
        // The accumulator may come through an `else` block of its own.
        return guarded_from_else(typed, guards, kept_from, pred, x, kept);
    };
    if then_block != pred || !guards.contains(&cond) || else_block == pred {
        return Err(assigned());
    }
    only_picks(typed, pred, kept_from, x, kept)?;
    pick_of(typed, cond, x, kept).ok_or_else(assigned)
}

/// The sides of a guard (`then_side`, and `else_side` unless it is the branch itself) do
/// nothing but pick the new value: they read array items at most, and every other value merged
/// after them is the same on both sides. Anything else would depend on the order in which the
/// iterations ran (`else: count += 1` counts the items below a running maximum).
fn only_picks(
    typed: &TypedFunction,
    then_side: Block,
    else_side: Block,
    x: Value,
    kept: Value,
) -> std::result::Result<(), String> {
    let func = &typed.func;
    let order_dependent = || "is compared in a condition that also decides other work".to_string();
    let branch_block = matches!(func.block(else_side).term, Terminator::Branch { .. });
    for side in [then_side, else_side] {
        if side == else_side && branch_block {
            continue;
        }
        let pure = func.block(side).insts.iter().all(|&v| {
            matches!(func.inst(v), Inst::Cast(..) | Inst::Const(_))
                || matches!(func.inst(v), Inst::GetItem(arr, _) if matches!(typed.ty(*arr), Type::Array(_)))
        });
        if !pure {
            return Err(order_dependent());
        }
    }
    let Terminator::Jump(merge) = func.block(then_side).term else {
        return Err(order_dependent());
    };
    for &p in &func.block(merge).insts {
        let Inst::Phi(incoming) = func.inst(p) else {
            continue;
        };
        let from = |b: Block| {
            incoming
                .iter()
                .find(|(pred, _)| *pred == b)
                .map(|(_, v)| *v)
        };
        let (a, b) = (from(then_side), from(else_side));
        if a != b && !(a == Some(x) && b == Some(kept)) {
            return Err(order_dependent());
        }
    }
    Ok(())
}

/// As [`guarded_pick`] where the false side is a block that jumps to the merge.
fn guarded_from_else(
    typed: &TypedFunction,
    guards: &HashSet<Value>,
    else_side: Block,
    pred: Block,
    x: Value,
    kept: Value,
) -> std::result::Result<Combine, String> {
    let func = &typed.func;
    let assigned = || "is assigned a new value in the loop".to_string();
    (0..func.blocks.len())
        .map(|i| Block(i as u32))
        .find_map(|b| match func.block(b).term {
            Terminator::Branch {
                cond,
                then_block,
                else_block,
            } if then_block == pred && else_block == else_side && guards.contains(&cond) => {
                only_picks(typed, pred, else_side, x, kept).ok()?;
                pick_of(typed, cond, x, kept)
            }
            _ => None,
        })
        .ok_or_else(assigned)
}

/// `min` for a guard `x < m` (or `m > x`), `max` for `x > m` (or `m < x`), where `x` is the
/// value picked when the guard holds and `m` the accumulator.
fn pick_of(typed: &TypedFunction, guard: Value, x: Value, m: Value) -> Option<Combine> {
    let guard = match typed.func.inst(guard) {
        Inst::Truth(g) => *g,
        _ => guard,
    };
    let Inst::Compare(op, l, r) = typed.func.inst(guard) else {
        return None;
    };
    let (x_left, m_left) = (
        same_item(typed, *l, x) && same_item(typed, *r, m),
        same_item(typed, *l, m) && same_item(typed, *r, x),
    );
    match op {
        CmpOp::Lt if x_left => Some(Combine::Min),
        CmpOp::Gt if m_left => Some(Combine::Min),
        CmpOp::Gt if x_left => Some(Combine::Max),
        CmpOp::Lt if m_left => Some(Combine::Max),
        _ => None,
    }
}

/// Whether `a` and `b` are the same value: one SSA value (through conversions inserted at the
/// merge), or two reads of the same array item (`if a[i] < m: m = a[i]`).
fn same_item(typed: &TypedFunction, a: Value, b: Value) -> bool {
    let strip = |mut v: Value| {
        while let Inst::Cast(inner, _) = typed.func.inst(v) {
            v = *inner;
        }
        v
    };
    let (a, b) = (strip(a), strip(b));
    if a == b {
        return true;
    }
    match (typed.func.inst(a), typed.func.inst(b)) {
        (Inst::GetItem(x, i), Inst::GetItem(y, j)) => {
            x == y && i == j && matches!(typed.ty(*x), Type::Array(_))
        }
        _ => false,
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
