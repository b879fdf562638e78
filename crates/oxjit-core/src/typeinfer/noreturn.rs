//! Calls that never return: a function with no reachable `return` (it raises on every path, or
//! loops forever) gives its callers no value. Its call's value is the bottom type: the code
//! after the call in its block is never run, so it is moved to a block nothing reaches and the
//! call's block ends `unreachable`. The variables that code assigns are then typed from the
//! other branches only, as Numba unifies a function's no-return type with anything.

use crate::ir::{Block, Function, Terminator, Value};

/// Whether `func` never returns normally: no `return` is reachable (a generator ends by
/// returning, so it always "returns" a generator).
pub fn never_returns(func: &Function) -> bool {
    !func.is_generator()
        && !func
            .reverse_postorder()
            .iter()
            .any(|&b| matches!(func.block(b).term, Terminator::Return(_)))
}

/// The function with the code after each call of `calls` cut off, or `None` when every such
/// call already ends its block so.
pub(super) fn cut_after_calls(func: &Function, calls: &[Value]) -> Option<Function> {
    let mut cut: Option<Function> = None;
    for &call in calls {
        let current = cut.as_ref().unwrap_or(func);
        let Some(b) = block_of(current, call) else {
            continue;
        };
        if ends_unreachable(current, b, call) {
            continue;
        }
        let f = cut.get_or_insert_with(|| func.clone());
        cut_block(f, b, call);
    }
    cut
}

/// The block holding `call`.
fn block_of(func: &Function, call: Value) -> Option<Block> {
    (0..func.blocks.len())
        .map(|i| Block(i as u32))
        .find(|&b| func.block(b).insts.contains(&call))
}

/// Whether nothing runs after `call` in `b` (it is last, and the block ends unreachable, or
/// guards it with an unreachable continuation).
fn ends_unreachable(func: &Function, b: Block, call: Value) -> bool {
    let block = func.block(b);
    if block.insts.last() != Some(&call) {
        return false;
    }
    match &block.term {
        Terminator::Unreachable => true,
        Terminator::Guard { next, .. } => {
            let n = func.block(*next);
            n.insts.is_empty() && matches!(n.term, Terminator::Unreachable)
        }
        _ => false,
    }
}

/// Moves what follows `call` in `b` (its instructions and terminator) to a new block that
/// nothing reaches; `b` ends unreachable. Inside a `try` body the call keeps its handler.
fn cut_block(f: &mut Function, b: Block, call: Value) {
    let k = f
        .block(b)
        .insts
        .iter()
        .position(|&v| v == call)
        .expect("call placed")
        + 1;
    let rest = f.blocks[b.index()].insts.split_off(k);
    let old = f.blocks[b.index()].term.clone();
    let handler = match (&old, rest.is_empty()) {
        (Terminator::Guard { handler, .. }, true) => Some(*handler),
        _ => None,
    };
    for s in old.successors() {
        if Some(s) != handler {
            f.drop_incoming(s, b);
        }
    }
    let dead = f.add_block();
    f.blocks[dead.index()].term = Terminator::Unreachable;
    match handler {
        // The handler still catches what the call raises; its continuation is never run.
        Some(handler) => {
            f.blocks[b.index()].term = Terminator::Guard {
                next: dead,
                handler,
            }
        }
        None => {
            f.blocks[dead.index()].insts = rest;
            f.blocks[dead.index()].term = old;
            f.blocks[dead.index()].term_range = f.blocks[b.index()].term_range;
            f.blocks[b.index()].term = Terminator::Unreachable;
        }
    }
}
