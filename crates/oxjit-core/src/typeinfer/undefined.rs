//! Variables assigned only in code that never runs. The SSA construction (Braun et al.) puts a
//! phi wherever a variable is read on a path that may not have assigned it. Where the only
//! assignments are in blocks that never run (under `if False:`, `if DEBUG:`, a branch
//! `decided.rs` pruned) and a read sits in a loop, the loop's phis take nothing but each other
//! and the `undef` of the entry: they hold no value on any path that runs, and no type can be
//! inferred for them. Such a phi is an `undef` itself: rewritten as one, it is accepted where
//! only phis read it (as an `undef` is), and reported as a variable used before it is assigned
//! where code that runs reads it. (The hidden accumulators of `max(... for ...)` inside a loop
//! are such variables when the reduction is under a branch that is never taken.)

use std::collections::HashSet;

use crate::ir::{Block, Function, Inst, Value};
use crate::types::Type;

/// The function with every untyped phi whose incoming values from reachable blocks are all
/// undefined (`undef`s or such phis) turned into an `undef` in the entry block, or `None` when
/// there is none.
pub(super) fn undefined_phis_as_undef(func: &Function, types: &[Option<Type>]) -> Option<Function> {
    let order = func.reverse_postorder();
    let reachable: HashSet<Block> = order.iter().copied().collect();
    let mut undefined: HashSet<Value> = order
        .iter()
        .flat_map(|b| func.block(*b).insts.iter().copied())
        .filter(|v| types[v.index()].is_none() && matches!(func.inst(*v), Inst::Phi(_)))
        .collect();
    // The largest such set: drop a phi that takes anything else, until none does.
    loop {
        let defined: Vec<Value> = undefined
            .iter()
            .copied()
            .filter(|&v| {
                let Inst::Phi(incoming) = func.inst(v) else {
                    return true;
                };
                incoming.iter().any(|(pred, x)| {
                    reachable.contains(pred)
                        && !undefined.contains(x)
                        && !matches!(func.inst(*x), Inst::Undef(_))
                })
            })
            .collect();
        if defined.is_empty() {
            break;
        }
        for v in defined {
            undefined.remove(&v);
        }
    }
    if undefined.is_empty() {
        return None;
    }
    let mut out = func.clone();
    let mut phis: Vec<Value> = undefined.into_iter().collect();
    phis.sort();
    for b in 0..out.blocks.len() {
        out.blocks[b].insts.retain(|v| !phis.contains(v));
    }
    let entry = out.entry();
    for &v in phis.iter().rev() {
        let name = out.values[v.index()].name.clone().unwrap_or_default();
        out.values[v.index()].inst = Inst::Undef(name);
        // The entry dominates every use, and has no phis to stay ahead of.
        out.blocks[entry.index()].insts.insert(0, v);
    }
    Some(out)
}
