//! Reference counting of arrays' memory blocks (the runtime's NRT), planned on the SSA form.
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

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::module::Linkage;
use inkwell::values::{BasicValueEnum, FunctionValue, PointerValue};
use inkwell::{AddressSpace, AtomicOrdering, AtomicRMWBinOp, IntPredicate};
use oxjit_core::ir::{Block, Inst, Terminator, Value};
use oxjit_core::typeinfer::TypedFunction;
use oxjit_core::types::Type;

use super::{FnGen, Ir, ModuleGen, R};

/// Whether values of type `t` hold references to memory blocks.
pub fn is_ref(t: &Type) -> bool {
    match t {
        Type::Array(_) => true,
        Type::Tuple(items) => items.iter().any(is_ref),
        Type::Optional(inner) => is_ref(inner),
        _ => false,
    }
}

/// Whether a value of type `t` may point into arrays it does not own.
fn borrows(t: &Type) -> bool {
    matches!(
        t,
        Type::ArrayIter(_)
            | Type::Enumerate(_)
            | Type::Zip(_)
            | Type::EnumerateIter(_)
            | Type::ZipIter(_)
            | Type::TupleIter(_)
            | Type::BoundMethod(..)
            | Type::ArrayCtypes
            | Type::Flat(..)
            | Type::FlatIter(..)
    )
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
}

impl RefPlan {
    pub fn new(typed: &TypedFunction) -> RefPlan {
        let func = &typed.func;
        let owned = |v: Value| -> bool {
            is_ref(typed.ty(v))
                && typed.constant(v).is_none()
                && !matches!(func.inst(v), Inst::Arg(_) | Inst::Undef(_))
        };
        let n_values = func.values.len();
        let any_owned = (0..n_values as u32).any(|i| owned(Value(i)));
        let n_blocks = func.blocks.len();
        let mut plan = RefPlan {
            live_at_term: vec![Vec::new(); n_blocks],
            ..RefPlan::default()
        };
        if !any_owned {
            return plan;
        }

        // What a use of each value keeps alive.
        let mut anchors: Vec<Option<Set>> = vec![None; n_values];
        fn anchors_of(
            v: Value,
            typed: &TypedFunction,
            owned: &dyn Fn(Value) -> bool,
            memo: &mut Vec<Option<Set>>,
        ) -> Set {
            if let Some(s) = &memo[v.index()] {
                return s.clone();
            }
            memo[v.index()] = Some(Set::new()); // cycles through phis of iterators
            let mut s = Set::new();
            if owned(v) {
                s.insert(v);
            } else if borrows(typed.ty(v)) {
                for op in typed.func.inst(v).operands() {
                    s.extend(anchors_of(op, typed, owned, memo));
                }
            }
            memo[v.index()] = Some(s.clone());
            s
        }
        let mut uses = |vs: &[Value]| -> Set {
            let mut s = Set::new();
            for v in vs {
                s.extend(anchors_of(*v, typed, &owned, &mut anchors));
            }
            s
        };

        // Per block: the uses of each non-phi instruction and of the terminator, phi uses by edge.
        let order = func.reverse_postorder();
        let mut inst_uses: HashMap<Value, Set> = HashMap::new();
        let mut term_uses: Vec<Set> = vec![Set::new(); n_blocks];
        let mut phi_uses: HashMap<(Block, Block), Set> = HashMap::new();
        let mut phi_defs: Vec<Set> = vec![Set::new(); n_blocks];
        for &b in &order {
            for &v in &func.block(b).insts {
                match func.inst(v) {
                    Inst::Phi(incoming) => {
                        phi_defs[b.index()].insert(v);
                        for (pred, x) in incoming {
                            let u = uses(&[*x]);
                            phi_uses.entry((*pred, b)).or_default().extend(u);
                        }
                    }
                    inst => {
                        inst_uses.insert(v, uses(&inst.operands()));
                    }
                }
            }
            term_uses[b.index()] = match &func.block(b).term {
                Terminator::Return(v) | Terminator::Raise(v) => uses(&[*v]),
                Terminator::Branch { cond, .. } => uses(&[*cond]),
                _ => Set::new(),
            };
        }

        // Liveness to a fixpoint (backwards over the reverse postorder).
        let mut live_in: Vec<Set> = vec![Set::new(); n_blocks];
        let live_out = |b: Block, live_in: &[Set]| -> Set {
            let mut out = Set::new();
            for s in func.block(b).term.successors() {
                out.extend(live_in[s.index()].iter().copied());
                if let Some(p) = phi_uses.get(&(b, s)) {
                    out.extend(p.iter().copied());
                }
            }
            out
        };
        let transfer = |b: Block, out: Set| -> Set {
            let mut live = out;
            live.extend(term_uses[b.index()].iter().copied());
            for &v in func.block(b).insts.iter().rev() {
                if let Some(u) = inst_uses.get(&v) {
                    live.remove(&v);
                    live.extend(u.iter().copied());
                }
            }
            for p in &phi_defs[b.index()] {
                live.remove(p);
            }
            live
        };
        let mut changed = true;
        while changed {
            changed = false;
            for &b in order.iter().rev() {
                let new_in = transfer(b, live_out(b, &live_in));
                if new_in != live_in[b.index()] {
                    live_in[b.index()] = new_in;
                    changed = true;
                }
            }
        }

        // Per instruction and per edge, from the fixpoint.
        for &b in &order {
            let mut live = live_out(b, &live_in);
            live.extend(term_uses[b.index()].iter().copied());
            plan.live_at_term[b.index()] = live.iter().copied().collect();
            for s in func.block(b).term.successors() {
                let dead: Vec<Value> = live
                    .iter()
                    .filter(|x| !live_in[s.index()].contains(x))
                    .copied()
                    .collect();
                if !dead.is_empty() {
                    plan.dies_on_edge.insert((b, s), dead);
                }
            }
            for &v in func.block(b).insts.iter().rev() {
                let Some(u) = inst_uses.get(&v) else { continue };
                let after = live.clone();
                live.remove(&v);
                live.extend(u.iter().copied());
                let mut dies: Vec<Value> = live
                    .iter()
                    .filter(|x| !after.contains(x))
                    .copied()
                    .collect();
                if owned(v) {
                    if !after.contains(&v) {
                        dies.push(v);
                    }
                    // Calls and new arrays come with their reference; anything else borrows one.
                    let fresh = match func.inst(v) {
                        Inst::Call { .. }
                        | Inst::MatMul(..)
                        | Inst::ArrayExpr { out: None, .. } => true,
                        // Advanced indexing copies.
                        Inst::GetItem(_, i) => matches!(typed.ty(*i), Type::Array(_)),
                        _ => false,
                    };
                    if !fresh {
                        plan.incref_after.insert(v);
                    }
                }
                if !dies.is_empty() {
                    plan.dies_after.insert(v, dies);
                }
                if !live.is_empty() {
                    plan.live_during.insert(v, live.iter().copied().collect());
                }
            }
            let dead: Vec<Value> = phi_defs[b.index()]
                .iter()
                .filter(|p| owned(**p) && !live.contains(p))
                .copied()
                .collect();
            if !dead.is_empty() {
                plan.dead_phis.insert(b, dead);
            }
        }
        plan
    }
}

impl<'ctx> ModuleGen<'ctx> {
    /// `oxjit.nrt.incref(ptr meminfo)` / `decref`: one definition per module, inlined. A meminfo
    /// is a block when it is neither null nor tagged (lowest bit set: a Python object).
    fn refcount_fn(&mut self, decref: bool) -> R<FunctionValue<'ctx>> {
        let name = if decref {
            "oxjit.nrt.decref"
        } else {
            "oxjit.nrt.incref"
        };
        if let Some(f) = self.module.get_function(name) {
            return Ok(f);
        }
        let cx = self.cx;
        let ptr = cx.ptr_type(AddressSpace::default());
        let i64t = cx.i64_type();
        let f = self.module.add_function(
            name,
            cx.void_type().fn_type(&[ptr.into()], false),
            Some(Linkage::Internal),
        );
        for attr in ["alwaysinline", "nounwind"] {
            let kind = Attribute::get_named_enum_kind_id(attr);
            f.add_attribute(AttributeLoc::Function, cx.create_enum_attribute(kind, 0));
        }
        let b = cx.create_builder();
        let entry = cx.append_basic_block(f, "entry");
        let act = cx.append_basic_block(f, "block");
        let done = cx.append_basic_block(f, "done");
        b.position_at_end(entry);
        let mi = f.get_nth_param(0).expect("meminfo").into_pointer_value();
        let bits = b.build_ptr_to_int(mi, i64t, "bits").ir()?;
        let tag = b.build_and(bits, i64t.const_int(1, false), "tag").ir()?;
        let untagged = b
            .build_int_compare(IntPredicate::EQ, tag, i64t.const_zero(), "untagged")
            .ir()?;
        let nonnull = b
            .build_int_compare(IntPredicate::NE, bits, i64t.const_zero(), "nonnull")
            .ir()?;
        let is_block = b.build_and(untagged, nonnull, "is_block").ir()?;
        b.build_conditional_branch(is_block, act, done).ir()?;
        b.position_at_end(act);
        let one = i64t.const_int(1, false);
        if decref {
            let old = b
                .build_atomicrmw(AtomicRMWBinOp::Sub, mi, one, AtomicOrdering::AcquireRelease)
                .ir()?;
            let last = b
                .build_int_compare(IntPredicate::EQ, old, one, "last")
                .ir()?;
            let free = cx.append_basic_block(f, "free");
            b.build_conditional_branch(last, free, done).ir()?;
            b.position_at_end(free);
            let free_fn = self
                .module
                .get_function("oxjit_rt_nrt_free")
                .unwrap_or_else(|| {
                    self.module.add_function(
                        "oxjit_rt_nrt_free",
                        cx.void_type().fn_type(&[ptr.into()], false),
                        Some(Linkage::External),
                    )
                });
            b.build_call(free_fn, &[mi.into()], "").ir()?;
        } else {
            b.build_atomicrmw(AtomicRMWBinOp::Add, mi, one, AtomicOrdering::Monotonic)
                .ir()?;
        }
        b.build_unconditional_branch(done).ir()?;
        b.position_at_end(done);
        b.build_return(None).ir()?;
        Ok(f)
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The meminfo pointers a value of type `t` holds (null for an absent optional).
    fn meminfos(&self, v: BasicValueEnum<'ctx>, t: &Type) -> R<Vec<PointerValue<'ctx>>> {
        Ok(match t {
            Type::Array(_) => vec![self
                .b
                .build_extract_value(v.into_struct_value(), 0, "meminfo")
                .ir()?
                .into_pointer_value()],
            Type::Tuple(items) => {
                let mut out = Vec::new();
                for (k, item) in items.iter().enumerate() {
                    if is_ref(item) {
                        let x = self
                            .b
                            .build_extract_value(v.into_struct_value(), k as u32, "item")
                            .ir()?;
                        out.extend(self.meminfos(x, item)?);
                    }
                }
                out
            }
            Type::Optional(inner) if is_ref(inner) => {
                let sv = v.into_struct_value();
                let present = self.b.build_extract_value(sv, 0, "present").ir()?;
                let x = self.b.build_extract_value(sv, 1, "value").ir()?;
                let null = self.cx().ptr_type(AddressSpace::default()).const_null();
                let mut out = Vec::new();
                for mi in self.meminfos(x, inner)? {
                    out.push(
                        self.b
                            .build_select(present.into_int_value(), mi, null, "mi")
                            .ir()?
                            .into_pointer_value(),
                    );
                }
                out
            }
            _ => vec![],
        })
    }

    fn refcount(&mut self, v: BasicValueEnum<'ctx>, t: &Type, decref: bool) -> R<()> {
        let f = self.m.refcount_fn(decref)?;
        for mi in self.meminfos(v, t)? {
            self.b.build_call(f, &[mi.into()], "").ir()?;
        }
        Ok(())
    }

    /// Takes a reference to every block `v` holds.
    pub fn incref(&mut self, v: BasicValueEnum<'ctx>, t: &Type) -> R<()> {
        self.refcount(v, t, false)
    }

    /// Gives back a reference to every block `v` holds.
    pub fn decref(&mut self, v: BasicValueEnum<'ctx>, t: &Type) -> R<()> {
        self.refcount(v, t, true)
    }

    /// Decrefs the IR values `vs`.
    pub fn release(&mut self, vs: &[Value]) -> R<()> {
        for &x in vs {
            let t = self.ty(x).clone();
            self.decref(self.val(x), &t)?;
        }
        Ok(())
    }

    /// Before an exception leaves the function: gives back what the live values own.
    pub fn release_live(&mut self) -> R<()> {
        let live = std::mem::take(&mut self.live_now);
        let result = self.release(&live);
        self.live_now = live;
        result?;
        for (v, t) in self.extra_live.clone() {
            self.decref(v, &t)?;
        }
        Ok(())
    }
}
