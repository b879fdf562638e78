//! Definedness of local variables: a read of a variable that some path reaches without assigning
//! it raises `UnboundLocalError`, as CPython does.
//!
//! While building, every read of a local is recorded with its place. Once the SSA form is complete
//! (trivial phis removed), the value a read gets tells whether it may be unbound: an `undef`, or a
//! phi with such an operand (transitively). Only those reads get a check; the others, which every
//! path assigns, are left as they are, at no cost. For a phi web that may be undefined, a parallel
//! web of boolean phis (in the same blocks, over the same edges: `False` where the operand is
//! `undef`, `True` where it is a definition) says at run time whether the variable is bound, and
//! the block of the read is split there to branch to a block that raises.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use ruff_text_size::TextRange;

use super::Builder;
use crate::ir::{Block, Const, Function, Inst, Terminator, Value};

/// One read of a local variable: the value it got, the block, and how many non-phi instructions
/// preceded it there (phis and `undef`s are only ever inserted at the top of a block, other
/// instructions appended, so this count stays a valid place).
pub(super) struct Read {
    name: Arc<str>,
    value: Value,
    block: Block,
    position: usize,
    range: TextRange,
}

fn is_header(inst: &Inst) -> bool {
    matches!(inst, Inst::Phi(_) | Inst::Undef(_))
}

impl Builder {
    /// Reads local `name` and records the read for the definedness check.
    pub(crate) fn read_local(&mut self, name: &str, range: TextRange) -> Value {
        let block = self.current;
        let value = self.read_variable(name, block, range);
        let position = self
            .func
            .block(block)
            .insts
            .iter()
            .filter(|v| !is_header(self.func.inst(**v)))
            .count();
        self.reads.push(Read {
            name: Arc::from(name),
            value,
            block,
            position,
            range,
        });
        value
    }
}

/// Inserts the `UnboundLocalError` checks of the reads that a path without an assignment reaches.
/// `aliases` maps the phis removed as trivial to what replaced them.
pub(super) fn check_reads(func: &mut Function, reads: &[Read], aliases: &HashMap<Value, Value>) {
    // Edges from code nothing reaches (after a `return`...) do not count: they are dropped later.
    let reachable: HashSet<Block> = func.reverse_postorder().into_iter().collect();
    let maybe = maybe_unbound(func, &reachable);
    let mut flags = Flags {
        memo: HashMap::new(),
        consts: [None, None],
    };
    // Later reads first: splitting a block at a later place leaves earlier places valid, and a
    // read at the same place as a later one gets its check in front of the later one's.
    for read in reads.iter().rev() {
        let value = aliases.get(&read.value).copied().unwrap_or(read.value);
        if !maybe.contains(&value) || !reachable.contains(&read.block) {
            continue;
        }
        let flag = flags.of(func, value);
        let rest = split(func, read.block, read.position);
        let fail = raise_block(func, &read.name, read.range);
        let term = if Some(flag) == flags.consts[0] {
            Terminator::Jump(fail)
        } else {
            Terminator::Branch {
                cond: flag,
                then_block: rest,
                else_block: fail,
            }
        };
        func.set_term(read.block, term, read.range);
    }
    // The constants go first in the entry block, now that no place is counted any more.
    let entry = func.entry();
    for c in flags.consts.into_iter().flatten() {
        func.blocks[entry.index()].insts.insert(0, c);
    }
}

/// The values that may stand for an unassigned variable: `undef`s, and phis with such an operand
/// on an edge from a reachable block.
fn maybe_unbound(func: &Function, reachable: &HashSet<Block>) -> HashSet<Value> {
    let mut maybe = HashSet::new();
    let mut phis = Vec::new();
    for block in &func.blocks {
        for &v in &block.insts {
            match func.inst(v) {
                Inst::Undef(_) => {
                    maybe.insert(v);
                }
                Inst::Phi(_) => phis.push(v),
                _ => {}
            }
        }
    }
    if maybe.is_empty() {
        return maybe;
    }
    loop {
        let mut changed = false;
        for &p in &phis {
            if maybe.contains(&p) {
                continue;
            }
            if let Inst::Phi(incoming) = func.inst(p) {
                if incoming
                    .iter()
                    .any(|(b, op)| reachable.contains(b) && maybe.contains(op))
                {
                    maybe.insert(p);
                    changed = true;
                }
            }
        }
        if !changed {
            return maybe;
        }
    }
}

/// The boolean flags "is bound" of values that may be unbound.
struct Flags {
    memo: HashMap<Value, Value>,
    /// The `False` and `True` constants, made on first use.
    consts: [Option<Value>; 2],
}

impl Flags {
    fn constant(&mut self, func: &mut Function, value: bool) -> Value {
        let slot = &mut self.consts[value as usize];
        *slot.get_or_insert_with(|| {
            let range = func.values.first().map(|d| d.range).unwrap_or_default();
            func.make_value(Inst::Const(Const::Bool(value)), range)
        })
    }

    /// The flag of `v`: `False` for an `undef`, a phi over its operands' flags for a phi that may
    /// be unbound, `True` for anything else.
    fn of(&mut self, func: &mut Function, v: Value) -> Value {
        if let Some(&f) = self.memo.get(&v) {
            return f;
        }
        match func.inst(v).clone() {
            Inst::Undef(_) => self.constant(func, false),
            Inst::Phi(incoming) => {
                let range = func.range(v);
                let phi = func.make_value(Inst::Phi(Vec::new()), range);
                self.memo.insert(v, phi);
                let flags = incoming
                    .iter()
                    .map(|&(b, op)| (b, self.of(func, op)))
                    .collect();
                func.values[phi.index()].inst = Inst::Phi(flags);
                let block = func
                    .blocks
                    .iter()
                    .position(|b| b.insts.contains(&v))
                    .expect("a phi in a block");
                func.blocks[block].insts.insert(0, phi);
                phi
            }
            _ => self.constant(func, true),
        }
    }
}

/// Moves what follows the `position`th non-phi instruction of `block`, and its terminator, to a
/// new block, and returns it; `block` is left without a terminator.
fn split(func: &mut Function, block: Block, position: usize) -> Block {
    let insts = &func.blocks[block.index()].insts;
    let mut at = insts
        .iter()
        .take_while(|v| is_header(func.inst(**v)))
        .count();
    at += position;
    let moved = func.blocks[block.index()].insts.split_off(at);
    let term = std::mem::replace(&mut func.blocks[block.index()].term, Terminator::Unfinished);
    let term_range = func.blocks[block.index()].term_range;
    let rest = func.add_block();
    for s in term.successors() {
        for v in func.blocks[s.index()].insts.clone() {
            if let Inst::Phi(incoming) = &mut func.values[v.index()].inst {
                for (b, _) in incoming.iter_mut() {
                    if *b == block {
                        *b = rest;
                    }
                }
            }
        }
    }
    let data = &mut func.blocks[rest.index()];
    data.insts = moved;
    data.term = term;
    data.term_range = term_range;
    rest
}

/// A block that raises CPython 3.11's `UnboundLocalError` for `name`.
fn raise_block(func: &mut Function, name: &str, range: TextRange) -> Block {
    let fail = func.add_block();
    let class = func.push(fail, Inst::Global(Arc::from("UnboundLocalError")), range);
    let message =
        format!("cannot access local variable '{name}' where it is not associated with a value");
    let message = func.push(fail, Inst::Const(Const::Str(Arc::from(message))), range);
    let exc = func.push(
        fail,
        Inst::Call {
            func: class,
            args: vec![message],
            kwargs: vec![],
        },
        range,
    );
    func.set_term(fail, Terminator::Raise(exc), range);
    fail
}
