//! Which arrays made inside a loop never outlive the iteration that made them (issue 14, "small
//! temporary arrays"): `d = np.empty(3)` filled and read in the body, `d = p[i] - q` summed. Lowering
//! places such an array in a buffer of the function's stack frame, reused by every iteration,
//! instead of a runtime block allocated and freed each time (`lower/temps.rs`; a size over the
//! buffer's capacity still goes to the heap).
//!
//! Why reuse is safe: in SSA form a use of a value always sees the latest execution of its
//! definition, and a value computed from it (a view, a tuple holding it) was computed after that
//! latest execution (its definition is dominated by the array's). So when the allocation runs again,
//! the previous array is unreachable unless a reference to it was kept somewhere SSA does not
//! follow: a phi (a variable carried around the loop or past a merge), a container, a cell, a
//! closure, a generator's frame, a returned or raised value, a call that may keep its argument (a
//! user function, a list or dict method). The analysis follows every value that may refer to the
//! array (anything but a plain number) and gives up, keeping the heap allocation, at the first
//! use it does not know to be harmless.

use std::collections::HashSet;

use crate::ir::{Block, Function, Inst, Terminator, Value};
use crate::registry::{ArrayFn, Builtin};
use crate::typeinfer::{CallTarget, TypedFunction};
use crate::types::Type;

/// At most this many arrays of one function go to the stack (each takes a buffer of the frame).
pub const MAX_SITES: usize = 16;

/// The allocations (values of `typed`) whose array may live in a reused stack buffer: made in a
/// loop by `np.empty`/`zeros`/`ones`/`full` (and their `_like` forms) or by a whole-array
/// expression, and never escaping their iteration.
pub fn stack_sites(typed: &TypedFunction) -> HashSet<Value> {
    let func = &typed.func;
    let mut sites = HashSet::new();
    // A generator's frame does not survive a `yield` on the stack; a parallel function's array
    // expressions run on the pool: both keep their heap blocks.
    if typed.parallel || func.is_generator() {
        return sites;
    }
    let users = users(func);
    let in_loop = blocks_in_loops(func);
    for b in func.reverse_postorder() {
        if !in_loop[b.index()] {
            continue;
        }
        for &v in &func.block(b).insts {
            if sites.len() < MAX_SITES && is_site(typed, v) && !escapes(typed, v, &users) {
                sites.insert(v);
            }
        }
    }
    sites
}

/// Where a value is read: by an instruction, or by a block's terminator.
#[derive(Clone, Copy)]
enum Use {
    Inst(Value),
    Term(Block),
}

fn users(func: &Function) -> Vec<Vec<Use>> {
    let mut out = vec![Vec::new(); func.values.len()];
    for b in func.reverse_postorder() {
        let data = func.block(b);
        for &v in &data.insts {
            for op in func.inst(v).operands() {
                out[op.index()].push(Use::Inst(v));
            }
        }
        if let Some(op) = data.term.operand() {
            out[op.index()].push(Use::Term(b));
        }
    }
    out
}

/// Blocks on a cycle of the control-flow graph (the bodies and headers of loops).
fn blocks_in_loops(func: &Function) -> Vec<bool> {
    let n = func.blocks.len();
    let succs: Vec<Vec<Block>> = func.blocks.iter().map(|b| b.term.successors()).collect();
    (0..n)
        .map(|start| {
            let mut seen = vec![false; n];
            let mut stack: Vec<Block> = succs[start].clone();
            while let Some(b) = stack.pop() {
                if b.index() == start {
                    return true;
                }
                if !std::mem::replace(&mut seen[b.index()], true) {
                    stack.extend(succs[b.index()].iter().copied());
                }
            }
            false
        })
        .collect()
}

/// An instruction whose lowering makes its result array first, in one block of its own (see
/// `FnGen::new_array`): the only ones whose block may go to the stack.
pub(super) fn is_site(typed: &TypedFunction, v: Value) -> bool {
    if !matches!(typed.ty(v), Type::Array(_)) {
        return false;
    }
    match typed.func.inst(v) {
        Inst::ArrayExpr { out: None, .. } => true,
        Inst::Call { .. } => matches!(
            typed.calls.get(&v).and_then(CallTarget::builtin),
            Some(Builtin::Array(
                ArrayFn::Empty
                    | ArrayFn::Zeros
                    | ArrayFn::Ones
                    | ArrayFn::Full
                    | ArrayFn::EmptyLike
                    | ArrayFn::ZerosLike
                    | ArrayFn::OnesLike
                    | ArrayFn::FullLike
            ))
        ),
        _ => false,
    }
}

/// What a use does with a value that may refer to the array.
enum Fate {
    /// Reads or copies it: nothing made by the use refers to it.
    Consumed,
    /// The use's result may refer to it (a view, an iterator, a tuple): followed in turn.
    Derived,
    /// It may be kept beyond the iteration.
    Escapes,
}

fn escapes(typed: &TypedFunction, site: Value, users: &[Vec<Use>]) -> bool {
    let mut seen = HashSet::from([site]);
    let mut work = vec![site];
    while let Some(x) = work.pop() {
        for &u in &users[x.index()] {
            let fate = match u {
                // A branch reads a boolean; a return or a raise hands the value out.
                Use::Term(b) => match typed.func.block(b).term {
                    Terminator::Branch { .. } => Fate::Consumed,
                    _ => Fate::Escapes,
                },
                Use::Inst(user) => fate(typed, user, x),
            };
            match fate {
                Fate::Consumed => {}
                Fate::Derived => {
                    if let Use::Inst(user) = u {
                        if seen.insert(user) {
                            work.push(user);
                        }
                    }
                }
                Fate::Escapes => return true,
            }
        }
    }
    false
}

/// Whether a value of type `t` holds no reference to any array.
fn carries_nothing(t: &Type) -> bool {
    match t {
        Type::NoneType | Type::Slice | Type::Range | Type::RangeIter | Type::StrLiteral(_) => true,
        Type::Tuple(items) => items.iter().all(carries_nothing),
        t => t.is_numeric(),
    }
}

/// What instruction `user` does with its operand `x` (which may refer to the array).
fn fate(typed: &TypedFunction, user: Value, x: Value) -> Fate {
    let derived = if carries_nothing(typed.ty(user)) {
        Fate::Consumed
    } else {
        Fate::Derived
    };
    let is_array = |v: Value| matches!(typed.ty(v), Type::Array(_));
    match typed.func.inst(user) {
        // `x[i]`, `x[1:]`: an item or a view; `a[x]` (fancy indexing) copies items of `a`.
        Inst::GetItem(base, _) if *base == x => derived,
        Inst::GetItem(base, _) if is_array(*base) => Fate::Consumed,
        // NumPy's item assignment copies: into `x`, or from `x` into another array.
        Inst::SetItem(target, ..) if is_array(*target) => Fate::Consumed,
        // `a += x` updates `a` from `x`'s items; `x += b` is `x` again.
        Inst::InplaceBinOp(_, target, _) if is_array(*target) && *target != x => Fate::Consumed,
        // A fused expression reads its inputs into a new array (or into `out`).
        Inst::ArrayExpr { out, .. } if *out != Some(x) => Fate::Consumed,
        Inst::ArrayExpr { .. }
        | Inst::InplaceBinOp(..)
        | Inst::BinOp(..)
        | Inst::UnaryOp(..)
        | Inst::Compare(..)
        | Inst::MatMul(..)
        | Inst::GetAttr(..)
        | Inst::GetIter(_)
        | Inst::IterNext(_)
        | Inst::UnpackItem(..)
        | Inst::Cast(..)
        | Inst::BuildTuple(_) => derived,
        Inst::IterValid(_) | Inst::Truth(_) | Inst::KeepAlive(_) => Fate::Consumed,
        Inst::Call { .. } => match typed.calls.get(&user) {
            Some(CallTarget::Builtin(r)) if keeps_nothing(r.id) => derived,
            _ => Fate::Escapes,
        },
        // A phi (a variable carried around a loop or past a merge), a list, a cell, a closure,
        // a yield, an objmode block, a getitem of a container, a store into one...
        _ => Fate::Escapes,
    }
}

/// The functions the compiler implements that keep no reference to their arguments beyond what
/// their result holds (followed as any derived value is): NumPy's and the math modules'.
/// Containers' methods (`list.append`), user functions and the rest may keep them.
fn keeps_nothing(f: Builtin) -> bool {
    matches!(
        f,
        Builtin::Abs
            | Builtin::Min
            | Builtin::Max
            | Builtin::Round
            | Builtin::Int
            | Builtin::Float
            | Builtin::Complex
            | Builtin::Bool
            | Builtin::Len
            | Builtin::Sum
            | Builtin::Any
            | Builtin::All
            | Builtin::Enumerate
            | Builtin::Zip
            | Builtin::Math(_)
            | Builtin::Cmath(_)
            | Builtin::Numpy(_)
            | Builtin::Reduce(_)
            | Builtin::Array(_)
            | Builtin::Ufunc(_)
            | Builtin::Linalg(_)
            | Builtin::Fft(_)
    )
}
