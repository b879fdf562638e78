//! Parallel loops (Numba's `ParforPass`, for `prange`): in a `parallel=True` function, each
//! outermost `for i in prange(...)` loop is outlined into a function of its own, the *body*
//! `body(lo, hi, step, inits..., live-ins...)` that runs `range(lo, hi, step)` and returns its
//! partial reductions, and the loop is replaced by one call ([`CallTarget::Parallel`]) that
//! codegen lowers to chunks run on the runtime's thread pool, whose partial results are then
//! combined in chunk order by a second outlined function, `combine(acc, partial)`.
//!
//! What a loop may do: read any value of the function; write arrays (at indices the iterations
//! do not share: the compiler cannot check that, as in Numba); raise; and carry *reductions*
//! from one iteration to the next (`s += x`, `-=`, `*=`, `|=`, `&=`, `^=`, `s = min(s, x)`,
//! `s = max(s, x)`; see `reduction.rs`), also into arrays (`A += x`, `h[k] += w`: each chunk
//! fills a private array, see `arrays.rs`). Any other value carried across iterations (a variable
//! assigned in every iteration and read after the loop) would be a race: a compile-time error,
//! as is `break` or `return` inside the loop. A `prange` loop nested in another runs serially
//! inside the outer one's chunks, as in Numba.
//!
//! The parallel loops of a function are listed, one line each, in the pass context's notes
//! (`.parallel_diagnostics()`).

mod arrays;
mod outline;
mod reduction;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use ruff_text_size::TextRange;

use super::PassContext;
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{rewrite_operands, Block, Const, Inst, Terminator, Value};
use crate::registry::Builtin;
use crate::typeinfer::{CallTarget, ParallelLoop, TypedFunction};
use crate::types::Type;

pub(super) use reduction::Reduction;

/// One `for i in prange(...)` loop of the typed IR.
pub(super) struct PrangeLoop {
    pub header: Block,
    /// The one block outside the loop that enters it (it makes the iterator).
    pub preheader: Block,
    /// The header first, then the other blocks of the loop in reverse postorder.
    pub blocks: Vec<Block>,
    pub exit: Block,
    /// The `GetIter` of the range, and the `prange(...)` call.
    pub iter: Value,
    pub range: Value,
}

impl PrangeLoop {
    pub fn contains(&self, b: Block) -> bool {
        self.blocks.contains(&b)
    }
}

/// The pass: outlines the outermost `prange` loops of a `parallel=True` function.
pub(super) fn outline_prange_loops(typed: &mut TypedFunction, cx: &mut PassContext) -> Result<()> {
    if !cx.parallel {
        return Ok(());
    }
    typed.parallel = true;
    // The first loop in reverse postorder is outermost; once outlined, the loops inside it are
    // unreachable here (they went with the body, where they run serially).
    while let Some(header) = first_prange_header(typed) {
        let lp = find_loop(typed, header).map_err(|e| e.with_source(&typed.source))?;
        let nested = nested_pranges(typed, &lp);
        let note = outline_loop(typed, &lp).map_err(|e| e.with_source(&typed.source))?;
        cx.parallel_notes.push(note);
        for inner in nested {
            let (line, col, _) = typed.source.locate(inner.start().into());
            cx.parallel_notes.push(format!(
                "prange loop at {}:{line}:{col} runs serially: it is nested in the loop above, \
                 whose chunks run it",
                typed.source.filename
            ));
        }
    }
    Ok(())
}

/// Where the `prange` loops inside `lp` (other than itself) are, in order.
fn nested_pranges(typed: &TypedFunction, lp: &PrangeLoop) -> Vec<TextRange> {
    lp.blocks[1..]
        .iter()
        .filter_map(|&b| prange_iter(typed, b))
        .map(|(_, r)| typed.func.range(r))
        .collect()
}

/// The iterator a header's `IterValid` tests, if it iterates over a `prange(...)`.
fn prange_iter(typed: &TypedFunction, header: Block) -> Option<(Value, Value)> {
    let func = &typed.func;
    let Terminator::Branch { cond, .. } = func.block(header).term else {
        return None;
    };
    let Inst::IterValid(it) = func.inst(cond) else {
        return None;
    };
    let Inst::GetIter(r) = func.inst(*it) else {
        return None;
    };
    let is_prange = typed.calls.get(r).and_then(CallTarget::builtin) == Some(Builtin::Prange);
    is_prange.then_some((*it, *r))
}

fn first_prange_header(typed: &TypedFunction) -> Option<Block> {
    typed
        .func
        .reverse_postorder()
        .into_iter()
        .find(|&b| prange_iter(typed, b).is_some())
}

/// The natural loop of `header`, checked to be one the pass can outline.
fn find_loop(typed: &TypedFunction, header: Block) -> Result<PrangeLoop> {
    let func = &typed.func;
    let (iter, range) = prange_iter(typed, header).expect("a prange header");
    let at = func.range(range);
    let order = func.reverse_postorder();
    let reachable: HashSet<Block> = order.iter().copied().collect();
    let preds = func.predecessors();
    let preheader = block_of(typed, iter)
        .ok_or_else(|| Diagnostic::internal("a prange iterator outside every block"))?;
    let latches: Vec<Block> = preds[header.index()]
        .iter()
        .copied()
        .filter(|p| *p != preheader && reachable.contains(p))
        .collect();
    let mut members: HashSet<Block> = HashSet::from([header]);
    let mut work = latches.clone();
    while let Some(b) = work.pop() {
        if members.insert(b) {
            work.extend(preds[b.index()].iter().filter(|p| reachable.contains(p)));
        }
    }
    // The blocks that can only end in a `raise` and that the loop branches to belong to it too
    // (they never reach the latch, so the natural loop leaves them out).
    let raising = raise_only_blocks(func);
    let mut work: Vec<Block> = members.iter().copied().collect();
    while let Some(b) = work.pop() {
        for s in func.block(b).term.successors() {
            if raising.contains(&s) && members.insert(s) {
                work.push(s);
            }
        }
    }
    let Terminator::Branch { else_block, .. } = func.block(header).term else {
        unreachable!("prange_iter checked the branch")
    };
    if matches!(func.block(preheader).term, Terminator::Guard { .. }) {
        // Inside a `try` (or a `with` block, which is one), every operation may leave for the
        // handler: the loop has no plain entry to outline.
        return Err(Diagnostic::unsupported(
            "a prange loop inside a 'try' statement or a 'with' block (a contextmanager, \
             parallel_chunksize) is not supported yet: move the loop out of it (call \
             set_parallel_chunksize(n) before the loop to set its chunk size)",
            at,
        ));
    }
    if func.block(preheader).term != Terminator::Jump(header) || members.contains(&preheader) {
        return Err(Diagnostic::internal("a prange loop without a preheader"));
    }
    let blocks: Vec<Block> = order.into_iter().filter(|b| members.contains(b)).collect();
    // The interpreter runs on one thread at a time: no `with objmode` block in the body.
    let objmode = blocks
        .iter()
        .flat_map(|b| &func.block(*b).insts)
        .find(|v| matches!(func.inst(**v), crate::ir::Inst::ObjMode { .. }));
    if let Some(&v) = objmode {
        return Err(Diagnostic::unsupported(
            "a 'with objmode' block inside a prange loop is not supported: the iterations run \
             in parallel, the interpreter one thread at a time",
            func.range(v),
        ));
    }
    for &b in &blocks[1..] {
        match &func.block(b).term {
            Terminator::Return(_) => {
                return Err(Diagnostic::unsupported(
                    "'return' inside a prange loop is not supported: the iterations run in \
                     parallel (compute a result array or a reduction instead)",
                    func.block(b).term_range,
                ))
            }
            Terminator::Guard { handler, .. } | Terminator::RaiseTo(_, handler)
                if !members.contains(handler) =>
            {
                return Err(Diagnostic::unsupported(
                    "a prange loop inside a 'try' statement is not supported: the iterations \
                     run in parallel (put the 'try' inside the loop's body)",
                    at,
                ))
            }
            t if t.successors().iter().any(|s| !members.contains(s)) => {
                return Err(Diagnostic::unsupported(
                    "'break' or 'return' inside a prange loop is not supported: the iterations \
                     run in parallel (compute a result array or a reduction instead)",
                    at,
                ))
            }
            _ => {}
        }
    }
    Ok(PrangeLoop {
        header,
        preheader,
        blocks,
        exit: else_block,
        iter,
        range,
    })
}

/// The blocks every path from which ends in a `raise` (or a call that never returns).
fn raise_only_blocks(func: &crate::ir::Function) -> HashSet<Block> {
    let mut out = HashSet::new();
    loop {
        let before = out.len();
        for i in 0..func.blocks.len() {
            let b = Block(i as u32);
            let succs = func.block(b).term.successors();
            let raises = match func.block(b).term {
                // After a call that never returns (it raises): as a raise.
                Terminator::Raise(_) | Terminator::Unreachable => true,
                Terminator::Jump(_) | Terminator::Branch { .. } => {
                    succs.iter().all(|s| out.contains(s))
                }
                _ => false,
            };
            if raises {
                out.insert(b);
            }
        }
        if out.len() == before {
            return out;
        }
    }
}

fn block_of(typed: &TypedFunction, v: Value) -> Option<Block> {
    (0..typed.func.blocks.len())
        .map(|i| Block(i as u32))
        .find(|b| typed.func.block(*b).insts.contains(&v))
}

/// A fresh key for an outlined body (and the next one for its combine function).
fn next_key() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(crate::analysis::recursion::PARALLEL_KEYS);
    NEXT.fetch_add(2, Ordering::Relaxed)
}

/// Appends a typed instruction to `block` of `typed`.
pub(super) fn add(
    typed: &mut TypedFunction,
    block: Block,
    inst: Inst,
    ty: Type,
    range: TextRange,
) -> Value {
    let v = typed.func.push(block, inst, range);
    typed.types.push(ty);
    typed.consts.push(None);
    v
}

/// `v` as an int64 (a cast where it is another integer type).
fn as_i64(typed: &mut TypedFunction, block: Block, v: Value, range: TextRange) -> Value {
    if *typed.ty(v) == Type::I64 {
        v
    } else {
        add(typed, block, Inst::Cast(v, Type::I64), Type::I64, range)
    }
}

fn int_const(typed: &mut TypedFunction, block: Block, k: i64, range: TextRange) -> Value {
    let v = add(typed, block, Inst::Const(Const::Int(k)), Type::I64, range);
    typed.consts[v.index()] = Some(Const::Int(k));
    v
}

/// Replaces the loop by a call of its outlined body; returns the note for the diagnostics.
fn outline_loop(typed: &mut TypedFunction, lp: &PrangeLoop) -> Result<String> {
    let reductions = reduction::reductions(typed, lp)?;
    let outlined = outline::outline(typed, lp, &reductions)?;
    let at = typed.func.range(lp.range);
    let Inst::Call {
        func: callee,
        args: range_args,
        ..
    } = typed.func.inst(lp.range).clone()
    else {
        return Err(Diagnostic::internal("prange is not a call"));
    };
    let p = lp.preheader;
    typed.func.blocks[p.index()].insts.retain(|v| *v != lp.iter);
    let (start, stop, step) = match range_args.as_slice() {
        [stop] => (None, *stop, None),
        [start, stop] => (Some(*start), *stop, None),
        [start, stop, step] => (Some(*start), *stop, Some(*step)),
        _ => return Err(Diagnostic::internal("prange with no argument")),
    };
    let start = match start {
        Some(s) => as_i64(typed, p, s, at),
        None => int_const(typed, p, 0, at),
    };
    let stop = as_i64(typed, p, stop, at);
    let step = match step {
        Some(s) => as_i64(typed, p, s, at),
        None => int_const(typed, p, 1, at),
    };
    let mut args = vec![start, stop, step];
    args.extend(reductions.iter().map(|r| r.init));
    args.extend(outlined.live_ins.iter().copied());
    let result_type = if reductions.is_empty() {
        Type::NoneType
    } else {
        Type::tuple(reductions.iter().map(|r| r.ty.clone()).collect())
    };
    let call = add(
        typed,
        p,
        Inst::Call {
            func: callee,
            args,
            kwargs: Vec::new(),
        },
        result_type,
        at,
    );
    typed.calls.insert(
        call,
        CallTarget::Parallel(Arc::new(ParallelLoop {
            key: outlined.key,
            body: Arc::new(outlined.body),
            combine: outlined.combine.map(Arc::new),
        })),
    );
    let n = reductions.len() as u32;
    let mut finals = HashMap::new();
    for (k, r) in reductions.iter().enumerate() {
        if r.kind == reduction::Kind::Indirect {
            // Combined into the array itself, which the function goes on reading.
            continue;
        }
        let v = add(
            typed,
            p,
            Inst::UnpackItem(call, k as u32, n),
            r.ty.clone(),
            at,
        );
        typed.func.values[v.index()].name = typed.func.values[r.phi.index()].name.clone();
        finals.insert(r.phi, v);
    }
    typed.func.blocks[p.index()].term = Terminator::Jump(lp.exit);
    replace_uses_outside(typed, lp, &finals);
    Ok(note(typed, at, &reductions, outlined.live_ins.len()))
}

/// Uses of the reductions' header phis after the loop read their final values instead; the
/// exit's phis (if any) now come from the preheader.
fn replace_uses_outside(
    typed: &mut TypedFunction,
    lp: &PrangeLoop,
    finals: &HashMap<Value, Value>,
) {
    let map = |v: Value| *finals.get(&v).unwrap_or(&v);
    let outside: Vec<Block> = typed
        .func
        .reverse_postorder()
        .into_iter()
        .filter(|b| !lp.contains(*b))
        .collect();
    for b in outside {
        let insts = typed.func.block(b).insts.clone();
        for v in insts {
            let inst = &mut typed.func.values[v.index()].inst;
            if let Inst::Phi(incoming) = inst {
                for (pred, x) in incoming.iter_mut() {
                    if *pred == lp.header {
                        *pred = lp.preheader;
                    }
                    *x = map(*x);
                }
            } else {
                rewrite_operands(inst, map);
            }
            if let Some(CallTarget::Builtin(r)) = typed.calls.get_mut(&v) {
                r.receiver = r.receiver.map(map);
            }
            if let Some(target) = typed.ctypes_of.get_mut(&v) {
                *target = map(*target);
            }
        }
        if let Some(v) = typed.func.blocks[b.index()].term.operand_mut() {
            *v = map(*v);
        }
    }
}

/// `prange loop at line 5: runs in parallel; reductions: s (+), m (min); 3 values read`.
fn note(typed: &TypedFunction, at: TextRange, reductions: &[Reduction], live_ins: usize) -> String {
    let (line, col, _) = typed.source.locate(at.start().into());
    let reds = if reductions.is_empty() {
        "no reduction".to_string()
    } else {
        let items: Vec<String> = reductions
            .iter()
            .map(|r| format!("{} ({})", r.name, r.combine.symbol()))
            .collect();
        format!("reductions: {}", items.join(", "))
    };
    format!(
        "prange loop at {}:{line}:{col} runs in parallel; {reds}; {live_ins} values read from \
         the function",
        typed.source.filename
    )
}
