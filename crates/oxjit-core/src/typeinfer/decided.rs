//! Branches typing decides: where a branch's condition is a constant once its operands are
//! typed (`isinstance(x, float)`, a loop over an empty tuple such as `*args` given nothing, a
//! global flag), the side never taken is not typed. Inference is run again without the blocks
//! those constants make unreachable, whether it failed or not: code under
//! `if isinstance(x, int):` may use what only ints have, and assignments there do not widen
//! the variables' types, as in Numba's branch pruning.

use crate::ir::{Const, Function, Inst, Terminator, UnaryOp, Value};

/// The function with each branch whose condition `consts` decide turned into a jump (the phis
/// of the side never taken forget the edge), or `None` when no branch is decided.
pub(super) fn prune_decided(func: &Function, consts: &[Option<Const>]) -> Option<Function> {
    let mut pruned: Option<Function> = None;
    for b in func.reverse_postorder() {
        let Terminator::Branch {
            cond,
            then_block,
            else_block,
        } = func.block(b).term
        else {
            continue;
        };
        let Some(taken) = truth(func, cond, consts) else {
            continue;
        };
        let (live, dead) = if taken {
            (then_block, else_block)
        } else {
            (else_block, then_block)
        };
        let f = pruned.get_or_insert_with(|| func.clone());
        f.blocks[b.index()].term = Terminator::Jump(live);
        if dead != live {
            f.drop_incoming(dead, b);
        }
    }
    pruned
}

/// The truth of `v` where its constant value decides it.
fn truth(func: &Function, v: Value, consts: &[Option<Const>]) -> Option<bool> {
    match (func.inst(v), consts.get(v.index())?) {
        (_, Some(Const::Bool(b))) => Some(*b),
        (Inst::Truth(x), _) => truth(func, *x, consts),
        (Inst::UnaryOp(UnaryOp::Not, x), _) => truth(func, *x, consts).map(|t| !t),
        _ => None,
    }
}
