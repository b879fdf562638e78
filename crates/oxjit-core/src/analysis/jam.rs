//! Loop nests worth unrolling and jamming: an outer `for` over a range whose body runs one inner
//! `for` over a range carrying a float sum (`s = 0.0; for j in range(m): s += x[i + j] * w[j]`)
//! and then stores the sum into an array made in this function (`out[i] = s`).
//!
//! Python's order of additions keeps LLVM from vectorising the inner sum; run four outer
//! iterations at once instead (LLVM's unroll-and-jam, then its SLP vectoriser), and each lane of
//! the vector is one output's sum, its additions in their own order, so the results stay the
//! same bit for bit. Jamming runs the next outputs' reads before this output's store, so LLVM
//! must know they touch different memory; its dependence analysis checks everything else (stores
//! against stores, calls, trip counts) and leaves a nest alone where it cannot prove the
//! transformation legal. What this analysis vouches for, and lowering tells LLVM with alias
//! scopes, is only that the nest's reads (items of the function's array parameters) never alias
//! its stores (items of arrays this function allocates: no parameter can share their memory).

use std::collections::HashSet;

use crate::ir::{Block, Function, Inst, Terminator, Value};
use crate::typeinfer::TypedFunction;
use crate::types::Type;

/// The nests to unroll and jam, and the accesses lowering marks for LLVM.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Nests {
    /// The blocks whose jump is the back edge of a nest's outer loop (where the loop's metadata
    /// goes).
    pub latches: HashSet<Block>,
    /// Reads of an item of an array parameter, inside a nest.
    pub loads: HashSet<Value>,
    /// Stores of a number into an item of an array allocated in this function, inside a nest.
    pub stores: HashSet<Value>,
    /// The outer loops' `IterValid` tests (ranges of step 1), which lowering writes as
    /// `next < stop` rather than `left > 0`: see `lower/jam.rs`.
    pub valid_tests: HashSet<Value>,
}

impl Nests {
    pub fn is_empty(&self) -> bool {
        self.latches.is_empty()
    }

    /// The text form, for dumps and tests: one line per nest's latch, then the marked accesses.
    pub fn describe(&self) -> String {
        let sorted = |s: &HashSet<Value>| {
            let mut v: Vec<u32> = s.iter().map(|v| v.0).collect();
            v.sort_unstable();
            v.iter()
                .map(|v| format!("v{v}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut latches: Vec<u32> = self.latches.iter().map(|b| b.0).collect();
        latches.sort_unstable();
        latches
            .iter()
            .map(|b| format!("block{b}"))
            .chain([format!("loads: {}", sorted(&self.loads))])
            .chain([format!("stores: {}", sorted(&self.stores))])
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The nests of `typed` (none in a generator, whose loops cross `yield`s).
pub fn nests(typed: &TypedFunction) -> Nests {
    let mut out = Nests::default();
    let func = &typed.func;
    if func.is_generator() {
        return out;
    }
    let succs: Vec<Vec<Block>> = func.blocks.iter().map(|b| b.term.successors()).collect();
    let preds = func.predecessors();
    let headers: Vec<(Block, Block)> = func
        .reverse_postorder()
        .into_iter()
        .filter_map(|b| range_loop_body(typed, b).map(|body| (b, body)))
        .collect();
    for &(header, body) in &headers {
        let Some(valid) = step_one_test(typed, header) else {
            continue;
        };
        let Some(blocks) = loop_blocks(header, body, &succs, &preds) else {
            continue;
        };
        let inner: Vec<&(Block, Block)> = headers
            .iter()
            .filter(|(h, _)| *h != header && blocks.contains(h))
            .collect();
        let [&(inner_header, inner_body)] = inner.as_slice() else {
            continue;
        };
        let Some(inner_blocks) = loop_blocks(inner_header, inner_body, &succs, &preds) else {
            continue;
        };
        if !carries_float_sum(typed, inner_header) {
            continue;
        }
        let latches: Vec<Block> = preds[header.index()]
            .iter()
            .copied()
            .filter(|p| blocks.contains(p))
            .collect();
        let [latch] = latches.as_slice() else {
            continue;
        };
        if !matches!(func.block(*latch).term, Terminator::Jump(_)) {
            continue;
        }
        if let Some((loads, stores)) = accesses(typed, &blocks, &inner_blocks) {
            out.latches.insert(*latch);
            out.valid_tests.insert(valid);
            out.loads.extend(loads);
            out.stores.extend(stores);
        }
    }
    out
}

/// The body block of the loop headed by `b`, where `b` tests `IterValid` of a range's iterator.
fn range_loop_body(typed: &TypedFunction, b: Block) -> Option<Block> {
    let func = &typed.func;
    let Terminator::Branch {
        cond, then_block, ..
    } = func.block(b).term
    else {
        return None;
    };
    let Inst::IterValid(it) = func.inst(cond) else {
        return None;
    };
    (*typed.ty(*it) == Type::RangeIter && func.block(b).insts.contains(&cond)).then_some(then_block)
}

/// The `IterValid` test of the loop headed by `header` where its range is `range(stop)` or
/// `range(start, stop)` (step 1).
fn step_one_test(typed: &TypedFunction, header: Block) -> Option<Value> {
    let func = &typed.func;
    let Terminator::Branch { cond, .. } = func.block(header).term else {
        return None;
    };
    let Inst::IterValid(it) = func.inst(cond) else {
        return None;
    };
    let Inst::GetIter(range) = func.inst(*it) else {
        return None;
    };
    match func.inst(*range) {
        Inst::Call { args, kwargs, .. }
            if *typed.ty(*range) == Type::Range && args.len() <= 2 && kwargs.is_empty() =>
        {
            Some(cond)
        }
        _ => None,
    }
}

/// The blocks of the loop with header `header` and body `body`: those reachable from `body`
/// without passing `header`. None when one of them leaves the loop other than through the header
/// (a `break`, a `return`, a `raise`): such a loop is not a plain counted loop.
fn loop_blocks(
    header: Block,
    body: Block,
    succs: &[Vec<Block>],
    preds: &[Vec<Block>],
) -> Option<HashSet<Block>> {
    let mut seen = HashSet::from([header]);
    let mut stack = vec![body];
    while let Some(b) = stack.pop() {
        if seen.insert(b) {
            let next = &succs[b.index()];
            if next.is_empty() {
                return None;
            }
            stack.extend(next.iter().copied());
        }
    }
    // Nothing but the header enters the loop from outside (except the header's own entry).
    let inside = |b: &Block| seen.contains(b);
    if seen
        .iter()
        .any(|b| *b != header && !preds[b.index()].iter().all(inside))
    {
        return None;
    }
    Some(seen)
}

/// Whether the inner loop's header merges a float (the sum it carries).
fn carries_float_sum(typed: &TypedFunction, header: Block) -> bool {
    typed.func.block(header).insts.iter().any(|&v| {
        matches!(typed.func.inst(v), Inst::Phi(_)) && matches!(typed.ty(v), Type::Float(_))
    })
}

/// The nest's marked reads and stores, or None where it touches memory otherwise: stores only
/// after the inner loop, into arrays allocated before the nest, and reads only of parameters.
fn accesses(
    typed: &TypedFunction,
    blocks: &HashSet<Block>,
    inner: &HashSet<Block>,
) -> Option<(Vec<Value>, Vec<Value>)> {
    let func = &typed.func;
    let (mut loads, mut stores) = (Vec::new(), Vec::new());
    for &b in blocks {
        for &v in &func.block(b).insts {
            match func.inst(v) {
                Inst::GetItem(a, _) if is_array(typed, *a) => {
                    if !matches!(func.inst(*a), Inst::Arg(_)) || !is_number(typed.ty(v)) {
                        return None;
                    }
                    loads.push(v);
                }
                Inst::SetItem(a, _, x) if is_array(typed, *a) => {
                    let fresh = super::temps::is_site(typed, *a) && !defined_in(func, blocks, *a);
                    if inner.contains(&b) || !fresh || !is_number(typed.ty(*x)) {
                        return None;
                    }
                    stores.push(v);
                }
                // The inner loop's `range(...)`.
                Inst::Call { .. } if *typed.ty(v) == Type::Range => {}
                // `s += x` of numbers rebinds `s`; of arrays it writes memory (below).
                Inst::InplaceBinOp(..) if is_number(typed.ty(v)) => {}
                Inst::Call { .. }
                | Inst::SetItem(..)
                | Inst::SetAttr(..)
                | Inst::InplaceBinOp(..)
                | Inst::ArrayExpr { .. }
                | Inst::MatMul(..) => return None,
                _ => {}
            }
        }
    }
    (!stores.is_empty()).then_some((loads, stores))
}

fn is_array(typed: &TypedFunction, v: Value) -> bool {
    matches!(typed.ty(v), Type::Array(a) if is_number(&a.dtype))
}

fn is_number(t: &Type) -> bool {
    matches!(t, Type::Int(_) | Type::Float(_) | Type::Bool)
}

/// Whether `v` is defined in one of `blocks`.
fn defined_in(func: &Function, blocks: &HashSet<Block>, v: Value) -> bool {
    blocks.iter().any(|b| func.block(*b).insts.contains(&v))
}
