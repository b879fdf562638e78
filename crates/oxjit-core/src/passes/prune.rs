//! Branch pruning by argument type, before typing (Numba's `dead_branch_prune`): where a branch
//! tests `x is None` / `x is not None` and the argument types decide it (`x` typed `none`, or a
//! type that is never `None`), the branch becomes a jump and the other side is dropped. So
//! `def f(x, w=None): if w is None: w = default` types for both kinds of `w`, and code under
//! `if w is not None:` is not typed when `w` is `None`.

use crate::ir::{Block, CmpOp, Const, Function, Inst, Terminator, UnaryOp, Value};
use crate::types::Type;

/// The function with the branches the argument types decide turned into jumps, or `None` when
/// there is none.
pub(super) fn prune_none_branches(func: &Function, arg_types: &[Type]) -> Option<Function> {
    let mut pruned: Option<Function> = None;
    loop {
        let current = pruned.as_ref().unwrap_or(func);
        let Some((block, live, dead)) = decided_branch(current, arg_types) else {
            return pruned;
        };
        let f = pruned.get_or_insert_with(|| func.clone());
        f.blocks[block.index()].term = Terminator::Jump(live);
        if dead != live {
            f.drop_incoming(dead, block);
        }
    }
}

/// The first reachable branch whose condition the argument types decide: (its block, the
/// successor taken, the one never taken).
fn decided_branch(func: &Function, arg_types: &[Type]) -> Option<(Block, Block, Block)> {
    let order = func.reverse_postorder();
    let reachable = |b: Block| order.contains(&b);
    order.iter().find_map(|&b| {
        let Terminator::Branch {
            cond,
            then_block,
            else_block,
        } = func.block(b).term
        else {
            return None;
        };
        let taken = truth(func, cond, arg_types, &reachable, 0)?;
        Some(if taken {
            (b, then_block, else_block)
        } else {
            (b, else_block, then_block)
        })
    })
}

/// The truth of `v` where the argument types fix it.
fn truth(
    func: &Function,
    v: Value,
    arg_types: &[Type],
    reachable: &dyn Fn(Block) -> bool,
    depth: u32,
) -> Option<bool> {
    match func.inst(v) {
        Inst::Truth(x) => truth(func, *x, arg_types, reachable, depth),
        Inst::UnaryOp(UnaryOp::Not, x) => truth(func, *x, arg_types, reachable, depth).map(|t| !t),
        Inst::Compare(op @ (CmpOp::Is | CmpOp::IsNot), a, b) => {
            let (a, b) = (
                is_none(func, *a, arg_types, reachable, depth)?,
                is_none(func, *b, arg_types, reachable, depth)?,
            );
            // Two values that are not `None` may or may not be the same object.
            if !a && !b {
                return None;
            }
            Some((a == b) == (*op == CmpOp::Is))
        }
        // `a and b`, `a or b`: a phi of the operands, decided once the paths left agree.
        Inst::Phi(incoming) if depth < MAX_DEPTH => agree(incoming, reachable, |x| {
            truth(func, x, arg_types, reachable, depth + 1)
        }),
        _ => None,
    }
}

/// The answer every reachable incoming value of a phi gives, if they all give the same one.
fn agree(
    incoming: &[(Block, Value)],
    reachable: &dyn Fn(Block) -> bool,
    answer_of: impl Fn(Value) -> Option<bool>,
) -> Option<bool> {
    let mut answer = None;
    for (_, x) in incoming.iter().filter(|(p, _)| reachable(*p)) {
        let this = answer_of(*x)?;
        if answer.is_some_and(|a| a != this) {
            return None;
        }
        answer = Some(this);
    }
    answer
}

/// How many phis deep `is_none` looks (phis of loops refer to themselves).
const MAX_DEPTH: u32 = 8;

/// Whether `v` is `None`, where its definition and the argument types decide it.
fn is_none(
    func: &Function,
    v: Value,
    arg_types: &[Type],
    reachable: &dyn Fn(Block) -> bool,
    depth: u32,
) -> Option<bool> {
    match func.inst(v) {
        Inst::Const(Const::None) => Some(true),
        Inst::Const(_) => Some(false),
        Inst::Arg(i) => match arg_types.get(*i as usize)? {
            Type::NoneType => Some(true),
            Type::Optional(_) => None,
            _ => Some(false),
        },
        // A variable rebound on some paths: decided if every path that reaches it agrees.
        Inst::Phi(incoming) if depth < MAX_DEPTH => agree(incoming, reachable, |x| {
            is_none(func, x, arg_types, reachable, depth + 1)
        }),
        _ => None,
    }
}
