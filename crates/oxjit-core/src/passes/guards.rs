//! Keeps the invariant of `try` bodies after optionals are unwrapped: a block that ends in a
//! `Guard` has one instruction that may raise, its last. Unwrapping an optional operand inserts
//! a `Cast` (which raises `TypeError` on `None`) before its use; in a guard block, the block is
//! split after each such cast, each part guarded by the same handler, whose phis take the same
//! incoming value from every part (the variables did not change in between).

use crate::ir::{Block, Inst, Terminator, Value};
use crate::typeinfer::TypedFunction;
use crate::types::Type;

pub(super) fn isolate_raises(typed: &mut TypedFunction) {
    for i in 0..typed.func.blocks.len() {
        let b = Block(i as u32);
        let Terminator::Guard { next, handler } = typed.func.block(b).term else {
            continue;
        };
        let insts = typed.func.block(b).insts.clone();
        let Some((_, before_last)) = insts.split_last() else {
            continue;
        };
        let cuts: Vec<usize> = before_last
            .iter()
            .enumerate()
            .filter(|(_, v)| unwraps(typed, **v))
            .map(|(k, _)| k + 1)
            .collect();
        if cuts.is_empty() {
            continue;
        }
        let mut parts = vec![b];
        let mut start = cuts[0];
        typed.func.blocks[i].insts.truncate(start);
        for (k, &end) in cuts.iter().skip(1).chain([&insts.len()]).enumerate() {
            let part = typed.func.add_block();
            typed.func.blocks[part.index()].insts = insts[start..end].to_vec();
            typed.func.blocks[part.index()].term_range = typed.func.block(b).term_range;
            let prev = parts[k];
            typed.func.blocks[prev.index()].term = Terminator::Guard {
                next: part,
                handler,
            };
            parts.push(part);
            start = end;
        }
        let last = *parts.last().expect("parts");
        typed.func.blocks[last.index()].term = Terminator::Guard { next, handler };
        relink_successor(typed, b, next, last);
        share_handler_incoming(typed, b, handler, &parts[1..]);
    }
}

/// Whether `v` unwraps an optional (and so raises on `None`).
fn unwraps(typed: &TypedFunction, v: Value) -> bool {
    match typed.func.inst(v) {
        Inst::Cast(a, to) => {
            matches!(typed.ty(*a), Type::Optional(_)) && !matches!(to, Type::Optional(_))
        }
        _ => false,
    }
}

/// `next`'s phis (if any) now come from `last` instead of `b`.
fn relink_successor(typed: &mut TypedFunction, b: Block, next: Block, last: Block) {
    for v in typed.func.block(next).insts.clone() {
        if let Inst::Phi(incoming) = &mut typed.func.values[v.index()].inst {
            for (pred, _) in incoming.iter_mut() {
                if *pred == b {
                    *pred = last;
                }
            }
        }
    }
}

/// Each phi of `handler` takes from every new part what it took from `b`.
fn share_handler_incoming(typed: &mut TypedFunction, b: Block, handler: Block, parts: &[Block]) {
    for v in typed.func.block(handler).insts.clone() {
        if let Inst::Phi(incoming) = &mut typed.func.values[v.index()].inst {
            if let Some(&(_, x)) = incoming.iter().find(|(pred, _)| *pred == b) {
                incoming.extend(parts.iter().map(|&p| (p, x)));
            }
        }
    }
}
