//! Reference counting of arrays' memory blocks (the runtime's NRT), planned on the typed SSA IR;
//! codegen's `lower/refcount.rs` emits the increfs and decrefs this plan places.
//!
//! Every value whose type holds an array (an array, a tuple or an optional of one) either *owns*
//! one reference to each block it holds, or *borrows* it from someone who keeps it alive for the
//! whole call: arguments (the caller) and constants (the dispatcher). An owned value gets its
//! reference where it is defined (allocations and calls return a fresh one; views, tuple items,
//! casts and phis take one) and gives it back where it dies, found by liveness: after its last
//! use, on the CFG edge where it stops being live, or on an exception path. `return` hands its
//! reference to the caller. Values that hold a pointer into an array without owning it
//! (iterators, `enumerate`/`zip` objects, bound methods like `a.sum`) keep their sources alive: a
//! use of them counts as a use of the arrays they were made from.

use std::collections::{BTreeSet, HashMap};

use crate::ir::{Block, Function, Inst, Terminator, Value};
use crate::typeinfer::{CallTarget, TypedFunction};
use crate::types::Type;

/// Whether values of type `t` hold references to memory blocks.
pub fn is_ref(t: &Type) -> bool {
    match t {
        Type::Array(_) | Type::Str | Type::List(_) | Type::Dict(..) | Type::Set(_) => true,
        // Bytes are an array's block.
        Type::Bytes => true,
        // A generator owns its frame (and what the frame holds).
        Type::Generator(_) => true,
        // An `np.random.Generator` owns its block (and, through it, a Python generator's).
        Type::NpGenerator => true,
        // A record holds the block of the array it is a reference into.
        Type::Record(_) => true,
        // A jitclass instance is its block.
        Type::JitInstance(_) => true,
        Type::Tuple(items) => items.iter().any(is_ref),
        // A polynomial holds its three arrays.
        Type::Polynomial(_) => true,
        // A closure holds what it captured, as a tuple holds its items.
        Type::Closure(_, captures) => captures.iter().any(is_ref),
        Type::Optional(inner) => is_ref(inner),
        // A caught exception raised with run-time arguments owns the block that holds them
        // (`oxjit_abi::ArgKind::Owned`; null for the other kinds).
        Type::CaughtException => true,
        _ => false,
    }
}

/// Whether a value of type `t` may point into arrays it does not own.
fn borrows(t: &Type) -> bool {
    // A closure that captured such a value (`lambda: next(it)`) reads it when called.
    if let Type::Closure(_, captures) = t {
        return captures.iter().any(borrows);
    }
    matches!(
        t,
        Type::ArrayIter(_)
            | Type::Enumerate(_)
            | Type::Zip(_)
            | Type::EnumerateIter(_)
            | Type::ZipIter(_)
            | Type::Reversed(_)
            | Type::ReversedIter(_)
            | Type::TupleIter(_)
            | Type::BoundMethod(..)
            | Type::JitMethod(..)
            | Type::UserMethod(..)
            | Type::ArrayCtypes
            | Type::ArrayFlags
            | Type::Flat(..)
            | Type::FlatIter(..)
            | Type::StrIter
            | Type::StrSplitIter
            | Type::BytesIter
            | Type::ListIter(_)
            | Type::DictView(..)
            | Type::DictIter(..)
            | Type::GeneratorIter(_)
            // `p._replace`: the call reads `p`'s items.
            | Type::NamedTupleClass(_)
            // `raise E(s)`: the raise reads the arguments of the exception's call.
            | Type::Exception(_)
    )
}

/// Whether `v` owns the references it holds (not an argument, a constant or an undefined value).
pub fn is_owned(typed: &TypedFunction, v: Value) -> bool {
    is_ref(typed.ty(v))
        && typed.constant(v).is_none()
        && !matches!(typed.func.inst(v), Inst::Arg(_) | Inst::Undef(_))
}

type Set = BTreeSet<Value>;

/// Where the references of one function are taken and given back.
#[derive(Default)]
pub struct RefPlan {
    /// Owned values whose instruction borrows its result from an operand: incref after it.
    pub incref_after: BTreeSet<Value>,
    /// Owned values that die at an instruction (after it runs), by instruction.
    pub dies_after: HashMap<Value, Vec<Value>>,
    /// Owned values alive while an instruction runs (released if it raises), by instruction.
    pub live_during: HashMap<Value, Vec<Value>>,
    /// Owned values alive at each block's terminator.
    pub live_at_term: Vec<Vec<Value>>,
    /// Owned values that die on each CFG edge.
    pub dies_on_edge: HashMap<(Block, Block), Vec<Value>>,
    /// Phis that are never used: they die where they are defined.
    pub dead_phis: HashMap<Block, Vec<Value>>,
    /// For each block ending in `Guard`: the owned values to give back when its last instruction
    /// raises and control goes to the handler (alive while it runs, not live into the handler;
    /// the instruction's own result never came to be). Phi operands among them hand their
    /// reference to the handler's phis instead.
    pub dies_on_raise: HashMap<Block, Vec<Value>>,
    /// A container made on one path only whose iterator is used after the paths join
    /// (`it = iter(d.copy())` in a branch): nothing owns it there, so it cannot be compiled.
    /// Its value and the iterator's.
    pub unowned_source: Option<(Value, Value)>,
}

/// The owned values each instruction, terminator and CFG edge (phi operands) uses, where a use of
/// a borrowing value counts as a use of the owned values it was made from.
struct Uses {
    /// Non-phi instructions.
    inst: HashMap<Value, Set>,
    /// By block.
    term: Vec<Set>,
    /// Phi operands, by edge.
    phi: HashMap<(Block, Block), Set>,
    /// The phis of each block.
    phi_defs: Vec<Set>,
    /// Sources of iterators merged by a phi that no owned phi carries past the join, each with
    /// the iterator made from it.
    uncarried: HashMap<Value, Value>,
}

impl RefPlan {
    pub fn new(typed: &TypedFunction) -> RefPlan {
        let func = &typed.func;
        let mut plan = RefPlan {
            live_at_term: vec![Vec::new(); func.blocks.len()],
            ..RefPlan::default()
        };
        if !(0..func.values.len() as u32).any(|i| is_owned(typed, Value(i))) {
            return plan;
        }
        let order = func.reverse_postorder();
        let uses = Uses::new(typed, &order);
        let live_in = uses.liveness(func, &order);
        // Live into the entry block: used on a path that never made it.
        plan.unowned_source = uses
            .uncarried
            .iter()
            .map(|(&a, &it)| (a, it))
            .filter(|(a, _)| live_in[func.entry().index()].contains(a))
            .min();
        for &b in &order {
            plan.plan_block(typed, &uses, &live_in, b);
        }
        plan
    }

    /// Places the deaths and increfs of block `b` from the live sets at block entries.
    fn plan_block(&mut self, typed: &TypedFunction, uses: &Uses, live_in: &[Set], b: Block) {
        let func = &typed.func;
        let mut live = uses.live_out(func, b, live_in);
        live.extend(uses.term[b.index()].iter().copied());
        self.live_at_term[b.index()] = live.iter().copied().collect();
        let mut handler = match func.block(b).term {
            Terminator::Guard { handler, .. } => Some(handler),
            _ => None,
        };
        let exception_edge = handler;
        for s in func.block(b).term.successors() {
            if Some(s) == exception_edge {
                continue;
            }
            let dead: Vec<Value> = live
                .iter()
                .filter(|x| !live_in[s.index()].contains(x))
                .copied()
                .collect();
            if !dead.is_empty() {
                self.dies_on_edge.insert((b, s), dead);
            }
        }
        for &v in func.block(b).insts.iter().rev() {
            let Some(u) = uses.inst.get(&v) else { continue };
            let after = live.clone();
            live.remove(&v);
            live.extend(u.iter().copied());
            let mut dies: Vec<Value> = live
                .iter()
                .filter(|x| !after.contains(x))
                .copied()
                .collect();
            if is_owned(typed, v) {
                if !after.contains(&v) {
                    dies.push(v);
                }
                if !comes_with_reference(typed, v) {
                    self.incref_after.insert(v);
                }
            }
            if !dies.is_empty() {
                self.dies_after.insert(v, dies);
            }
            if !live.is_empty() {
                self.live_during.insert(v, live.iter().copied().collect());
            }
            if let Some(h) = handler.take() {
                let dead: Vec<Value> = live
                    .iter()
                    .filter(|x| !live_in[h.index()].contains(x))
                    .copied()
                    .collect();
                self.dies_on_raise.insert(b, dead);
            }
        }
        let dead: Vec<Value> = uses.phi_defs[b.index()]
            .iter()
            .filter(|p| is_owned(typed, **p) && !live.contains(p))
            .copied()
            .collect();
        if !dead.is_empty() {
            self.dead_phis.insert(b, dead);
        }
    }

    /// The plan as text, block by block in reverse postorder, for tests and dumps: per
    /// instruction the references it takes (`incref`), those live while it runs (`live`) and
    /// those that die after it (`dies`); the values live at the terminator, those that die on
    /// each edge (and on the exception edge of a guard), and unused phis.
    pub fn to_text(&self, func: &Function) -> String {
        let mut out = String::new();
        for b in func.reverse_postorder() {
            let lines = self.block_text(func, b);
            if !lines.is_empty() {
                out.push_str(&format!("block{}:\n", b.0));
                for line in lines {
                    out.push_str(&format!("    {line}\n"));
                }
            }
        }
        out
    }

    /// The lines of [`RefPlan::to_text`] for block `b` (none when nothing happens there).
    fn block_text(&self, func: &Function, b: Block) -> Vec<String> {
        let list = |vs: &[Value]| {
            vs.iter()
                .map(|v| format!("v{}", v.0))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut lines = Vec::new();
        if let Some(dead) = self.dead_phis.get(&b) {
            lines.push(format!("unused phis: {}", list(dead)));
        }
        for &v in &func.block(b).insts {
            let mut parts = Vec::new();
            if self.incref_after.contains(&v) {
                parts.push("incref".to_string());
            }
            if let Some(l) = self.live_during.get(&v) {
                parts.push(format!("live {}", list(l)));
            }
            if let Some(d) = self.dies_after.get(&v) {
                parts.push(format!("dies {}", list(d)));
            }
            if !parts.is_empty() {
                lines.push(format!("v{}: {}", v.0, parts.join("; ")));
            }
        }
        let at_term = &self.live_at_term[b.index()];
        if !at_term.is_empty() {
            lines.push(format!("term: live {}", list(at_term)));
        }
        for s in func.block(b).term.successors() {
            if let Some(d) = self.dies_on_edge.get(&(b, s)) {
                lines.push(format!("-> block{}: dies {}", s.0, list(d)));
            }
        }
        if let (Some(d), crate::ir::Terminator::Guard { handler, .. }) =
            (self.dies_on_raise.get(&b), &func.block(b).term)
        {
            if !d.is_empty() {
                lines.push(format!("raise -> block{}: dies {}", handler.0, list(d)));
            }
        }
        lines
    }
}

/// Whether owned `v`'s instruction returns a fresh reference: calls and new arrays do; anything
/// else (a view, a tuple item, a cast, a phi) borrows one from an operand.
fn comes_with_reference(typed: &TypedFunction, v: Value) -> bool {
    // A jitclass property read or dunder method (`obj.prop`, `a + b`): a user call's result.
    if matches!(typed.calls.get(&v), Some(CallTarget::User { .. })) {
        return true;
    }
    match typed.func.inst(v) {
        // A named tuple is built as a tuple display is: it takes its items' references.
        Inst::Call { .. } if matches!(typed.calls.get(&v), Some(CallTarget::NamedTuple { .. })) => {
            false
        }
        Inst::Call { .. }
        | Inst::MatMul(..)
        | Inst::ArrayExpr { out: None, .. }
        | Inst::BuildList(_)
        | Inst::ObjMode { .. }
        | Inst::BuildDict => true,
        // The handler takes the pending exception's reference from the record.
        Inst::CatchException => true,
        // A slice of a list is a new list; of bytes, new bytes.
        Inst::GetItem(a, i) if matches!(typed.ty(*a), Type::List(_) | Type::Bytes) => {
            *typed.ty(*i) == Type::Slice
        }
        // Strings, lists and sets made by operators are new blocks.
        Inst::BinOp(..) => matches!(typed.ty(v), Type::List(_) | Type::Set(_) | Type::Str),
        // Advanced indexing copies.
        Inst::GetItem(_, i) if matches!(typed.ty(*i), Type::Array(_)) => true,
        Inst::GetItem(a, i) if matches!(typed.ty(*a), Type::Array(at) if crate::types::is_mixed_advanced(at, typed.ty(*i))) => {
            true
        }
        // `e.args` of a caught exception is made when read.
        Inst::GetAttr(e, _) => *typed.ty(*e) == Type::CaughtException,
        // Strings made by `+=`, indexing and iteration are new blocks; so is the list of
        // `n *= l` (where `l *= n` and `l += x` change `l` and are `l`).
        Inst::InplaceBinOp(_, a, _) => {
            *typed.ty(v) == Type::Str
                || (matches!(typed.ty(v), Type::List(_)) && !matches!(typed.ty(*a), Type::List(_)))
        }
        Inst::GetItem(a, _) => crate::types::is_str(typed.ty(*a)),
        Inst::IterNext(it) => yields_new_strings(typed.ty(*it)),
        // What `send()` passed in: the body takes its own reference as it reads it.
        Inst::Yield(_) => true,
        _ => false,
    }
}

/// Whether the items of iterator type `it` hold new strings (a string's characters), which
/// come with their reference; typing refuses a `zip` that would mix them with borrowed ones.
pub fn yields_new_strings(it: &Type) -> bool {
    match it {
        Type::StrIter | Type::StrSplitIter => true,
        Type::EnumerateIter(inner) | Type::ReversedIter(inner) => yields_new_strings(inner),
        Type::ZipIter(inners) => inners.iter().any(yields_new_strings),
        _ => false,
    }
}

/// Whether iterator type `it` iterates a generator (directly or through `enumerate`/`zip`).
pub(crate) fn keeps_generator(it: &Type) -> bool {
    match it {
        Type::Generator(_) | Type::GeneratorIter(_) => true,
        Type::EnumerateIter(inner) => keeps_generator(inner),
        Type::ZipIter(inners) => inners.iter().any(keeps_generator),
        _ => false,
    }
}

/// The owned values a use of `v` keeps alive: itself if it owns, the sources of a borrowing value.
fn anchors_of(
    v: Value,
    typed: &TypedFunction,
    phis: &PhiBlocks,
    memo: &mut Vec<Option<Set>>,
    uncarried: &mut HashMap<Value, Value>,
) -> Set {
    if let Some(s) = &memo[v.index()] {
        return s.clone();
    }
    memo[v.index()] = Some(Set::new()); // cycles through phis of iterators
    let mut s = Set::new();
    let owned = is_owned(typed, v);
    if owned {
        s.insert(v);
    }
    // A caught exception raised again with a context reads the context where it is raised.
    if owned && matches!(typed.func.inst(v), Inst::ChainException { .. }) {
        for op in typed.func.inst(v).operands() {
            s.extend(anchors_of(op, typed, phis, memo, uncarried));
        }
    }
    // A closure owns what it captured, and keeps alive what its borrowing captures read.
    if borrows(typed.ty(v)) && (!owned || matches!(typed.ty(v), Type::Closure(..))) {
        match (typed.func.inst(v), phis.block.get(&v)) {
            // An iterator reassigned in a branch (`it = iter(d.copy())`): its source made on one
            // path is not defined where the paths join, but the phi that merges the sources
            // (`d`) is, and holds the same reference on that edge.
            (Inst::Phi(incoming), Some(&b)) => {
                for (pred, x) in incoming {
                    for a in anchors_of(*x, typed, phis, memo, uncarried) {
                        let carrier = phis.carrier(typed, b, *pred, a);
                        if carrier.is_none() {
                            uncarried.entry(a).or_insert(*x);
                        }
                        s.insert(carrier.unwrap_or(a));
                    }
                }
            }
            (inst, _) => {
                for op in inst.operands() {
                    s.extend(anchors_of(op, typed, phis, memo, uncarried));
                }
            }
        }
    }
    memo[v.index()] = Some(s.clone());
    s
}

/// The phis of each block, to find the owned phi that carries a value across an edge.
struct PhiBlocks {
    block: HashMap<Value, Block>,
    phis: Vec<Vec<Value>>,
}

impl PhiBlocks {
    fn new(func: &Function) -> PhiBlocks {
        let mut out = PhiBlocks {
            block: HashMap::new(),
            phis: vec![Vec::new(); func.blocks.len()],
        };
        for (i, data) in func.blocks.iter().enumerate() {
            for &v in &data.insts {
                if matches!(func.inst(v), Inst::Phi(_)) {
                    out.block.insert(v, Block(i as u32));
                    out.phis[i].push(v);
                }
            }
        }
        out
    }

    /// The owned phi of block `b` that takes `a` from `pred`, if any.
    fn carrier(&self, typed: &TypedFunction, b: Block, pred: Block, a: Value) -> Option<Value> {
        self.phis[b.index()].iter().copied().find(|&q| {
            is_owned(typed, q)
                && matches!(typed.func.inst(q), Inst::Phi(incoming)
                    if incoming.iter().any(|&(p, x)| p == pred && x == a))
        })
    }
}

impl Uses {
    fn new(typed: &TypedFunction, order: &[Block]) -> Uses {
        let func = &typed.func;
        let n_blocks = func.blocks.len();
        let mut memo: Vec<Option<Set>> = vec![None; func.values.len()];
        let phis = PhiBlocks::new(func);
        let mut uncarried = HashMap::new();
        let mut uses = |vs: &[Value]| -> Set {
            let mut s = Set::new();
            for v in vs {
                s.extend(anchors_of(*v, typed, &phis, &mut memo, &mut uncarried));
            }
            s
        };
        let mut out = Uses {
            inst: HashMap::new(),
            term: vec![Set::new(); n_blocks],
            phi: HashMap::new(),
            phi_defs: vec![Set::new(); n_blocks],
            uncarried: HashMap::new(),
        };
        for &b in order {
            for &v in &func.block(b).insts {
                match func.inst(v) {
                    Inst::Phi(incoming) => {
                        out.phi_defs[b.index()].insert(v);
                        for (pred, x) in incoming {
                            let u = uses(&[*x]);
                            out.phi.entry((*pred, b)).or_default().extend(u);
                        }
                    }
                    // Only a generator is kept alive to its loop's end (it may run a `finally`
                    // body when dropped); other iterators die at their last use as before.
                    Inst::KeepAlive(it) if !keeps_generator(typed.ty(*it)) => {
                        out.inst.insert(v, Set::new());
                    }
                    inst => {
                        out.inst.insert(v, uses(&inst.operands()));
                    }
                }
            }
            out.term[b.index()] = match func.block(b).term.operand() {
                Some(v) => uses(&[v]),
                None => Set::new(),
            };
        }
        out.uncarried = uncarried;
        out
    }

    /// The owned values live at the end of `b`: live into a successor or used by its phis.
    fn live_out(&self, func: &Function, b: Block, live_in: &[Set]) -> Set {
        let mut out = Set::new();
        for s in func.block(b).term.successors() {
            out.extend(live_in[s.index()].iter().copied());
            if let Some(p) = self.phi.get(&(b, s)) {
                out.extend(p.iter().copied());
            }
        }
        out
    }

    /// The values live into each block: backwards dataflow to a fixpoint over `order`.
    fn liveness(&self, func: &Function, order: &[Block]) -> Vec<Set> {
        let transfer = |b: Block, out: Set| -> Set {
            let mut live = out;
            live.extend(self.term[b.index()].iter().copied());
            for &v in func.block(b).insts.iter().rev() {
                if let Some(u) = self.inst.get(&v) {
                    live.remove(&v);
                    live.extend(u.iter().copied());
                }
            }
            for p in &self.phi_defs[b.index()] {
                live.remove(p);
            }
            live
        };
        let mut live_in: Vec<Set> = vec![Set::new(); func.blocks.len()];
        let mut changed = true;
        while changed {
            changed = false;
            for &b in order.iter().rev() {
                let new_in = transfer(b, self.live_out(func, b, &live_in));
                if new_in != live_in[b.index()] {
                    live_in[b.index()] = new_in;
                    changed = true;
                }
            }
        }
        live_in
    }
}
