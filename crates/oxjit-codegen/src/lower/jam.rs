//! The loop nests core's `analysis::jam` found, told to LLVM: the outer loop's back edge gets
//! `llvm.loop.unroll_and_jam.count` (run after the O3 pipeline, `engine::JAM_PASSES`), and the
//! nest's reads of parameters and stores into this function's new arrays get one alias scope,
//! so that LLVM's dependence analysis knows they never touch the same memory.

use inkwell::llvm_sys::core::{
    LLVMConstInt, LLVMGetMDKindIDInContext, LLVMInt32TypeInContext, LLVMMDNodeInContext2,
    LLVMMDStringInContext2, LLVMMetadataAsValue, LLVMSetMetadata, LLVMValueAsMetadata,
};
use inkwell::llvm_sys::debuginfo::{LLVMMetadataReplaceAllUsesWith, LLVMTemporaryMDNode};
use inkwell::llvm_sys::prelude::{LLVMContextRef, LLVMMetadataRef, LLVMValueRef};
use inkwell::values::{AsValueRef, InstructionValue, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_core::analysis::jam::Nests;
use oxjit_core::ir::{Block, Value};

use super::{FnGen, Ir, R};

/// How many outer iterations run together: four lanes of doubles in an AVX register.
const JAM_COUNT: u64 = 4;

/// The name of the module's named metadata that says a nest was marked (`engine.rs` runs the
/// unroll-and-jam passes only then).
pub(crate) const JAM_MARKER: &str = "oxjit.jam";

/// A function's nests and the alias-scope list its marked accesses carry.
#[derive(Default)]
pub(super) struct JamMarks {
    nests: Nests,
    /// `!{scope}`: the stores' `!alias.scope` and the loads' `!noalias`.
    scopes: Option<LLVMValueRef>,
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The nests of the function being lowered (none for a device, nor under `OXJIT_NO_JAM=1`:
    /// for measuring the gain, or ruling the transformation out when chasing a bug).
    pub(super) fn jam_marks(&self) -> JamMarks {
        if self.target().is_cuda() || oxjit_core::env::flag("OXJIT_NO_JAM") {
            return JamMarks::default();
        }
        let nests = oxjit_core::analysis::jam::nests(self.typed);
        if nests.is_empty() {
            return JamMarks::default();
        }
        let cx = self.cx().raw();
        // SAFETY: builds metadata in this function's live context from valid strings and nodes.
        let scopes = unsafe {
            let domain = self_referential(cx, &[md_string(cx, "oxjit.jam.domain")]);
            let scope = self_referential(cx, &[domain, md_string(cx, "oxjit.jam.new_arrays")]);
            let mut list = [scope];
            LLVMMetadataAsValue(cx, LLVMMDNodeInContext2(cx, list.as_mut_ptr(), 1))
        };
        JamMarks {
            nests,
            scopes: Some(scopes),
        }
    }

    /// Marks `inst`, the load or store emitted for the instruction being lowered, if it is one
    /// of a nest's accesses.
    pub(super) fn mark_jam_access(&self, inst: Option<InstructionValue<'ctx>>) {
        let (Some(inst), Some(scopes)) = (inst, self.jam.scopes) else {
            return;
        };
        let kind = if self.jam.nests.stores.contains(&self.current) {
            "alias.scope"
        } else if self.jam.nests.loads.contains(&self.current) {
            "noalias"
        } else {
            return;
        };
        // SAFETY: `inst` and `scopes` belong to this function's live context.
        unsafe { LLVMSetMetadata(inst.as_value_ref(), self.kind_id(kind), scopes) };
    }

    /// Gives the back-edge branch `br` of block `b` its unroll-and-jam metadata, if `b` is a
    /// nest's latch.
    pub(super) fn mark_jam_latch(&self, b: Block, br: InstructionValue<'ctx>) {
        if !self.jam.nests.latches.contains(&b) {
            return;
        }
        let cx = self.cx().raw();
        // SAFETY: builds metadata in this function's live context and attaches it to `br`, an
        // instruction of that context; the module outlives the call.
        unsafe {
            let i32t = LLVMInt32TypeInContext(cx);
            let count = node(
                cx,
                &[
                    md_string(cx, "llvm.loop.unroll_and_jam.count"),
                    LLVMValueAsMetadata(LLVMConstInt(i32t, JAM_COUNT, 0)),
                ],
            );
            // What the outer loops left after the transformation (the jammed one and the
            // remainder's) carry: no second one (LLVM's warning pass would otherwise report the
            // count it still sees as a transformation not done). Not `followup_all`: that one
            // goes on the inner loops too, before the transformation, which then refuses.
            let disable = node(cx, &[md_string(cx, "llvm.loop.unroll_and_jam.disable")]);
            let followup = |name: &str| node(cx, &[md_string(cx, name), disable]);
            let id = self_referential(
                cx,
                &[
                    count,
                    followup("llvm.loop.unroll_and_jam.followup_outer"),
                    followup("llvm.loop.unroll_and_jam.followup_remainder_outer"),
                ],
            );
            LLVMSetMetadata(
                br.as_value_ref(),
                self.kind_id("llvm.loop"),
                LLVMMetadataAsValue(cx, id),
            );
            let marker = LLVMMetadataAsValue(cx, node(cx, &[]));
            let marker = inkwell::values::MetadataValue::new(marker);
            // The marker is the same empty node for every nest of the module: added once.
            if self.m.module.get_global_metadata_size(JAM_MARKER) == 0 {
                let _ = self.m.module.add_global_metadata(JAM_MARKER, &marker);
            }
        }
    }

    /// `IterValid(it)`, the value `v`: see `jam_valid` for a nest's outer range.
    pub(super) fn lower_iter_valid(&mut self, v: Value, it: Value) -> R<IntValue<'ctx>> {
        let state = self.val(it).into_pointer_value();
        let t = self.ty(it).clone();
        if t == oxjit_core::types::Type::RangeIter {
            if let Some(valid) = self.jam_valid(v, state)? {
                return Ok(valid);
            }
        }
        self.iter_valid(state, &t)
    }

    /// `IterValid` of a nest's outer range (step 1), if `v` is one: `next < next + left`, the
    /// same answer as the usual `left > 0` (`next + left` is the range's stop). LLVM turns
    /// `left > 0` into `left != 0` where it knows the count is not negative (an array of that
    /// length was made before the loop), and then its scalar evolution no longer sees that the
    /// loop runs at least once, finds the trip count too costly to compute and leaves the nest
    /// alone; `next < stop` keeps the count simple. The addition wraps (no `nsw`), so that LLVM
    /// cannot fold it back.
    pub(super) fn jam_valid(
        &self,
        v: Value,
        state: PointerValue<'ctx>,
    ) -> R<Option<IntValue<'ctx>>> {
        if !self.jam.nests.valid_tests.contains(&v) {
            return Ok(None);
        }
        let (_, next) = self.load_i64(self.range_state_type(), state, 0)?;
        let (_, left) = self.load_i64(self.range_state_type(), state, 1)?;
        let stop = self.b.build_int_add(next, left, "stop").ir()?;
        let valid = self
            .b
            .build_int_compare(IntPredicate::SLT, next, stop, "valid")
            .ir()?;
        Ok(Some(valid))
    }

    fn kind_id(&self, name: &str) -> u32 {
        // SAFETY: reads the id of a metadata kind by name (a valid pointer and length).
        unsafe {
            LLVMGetMDKindIDInContext(self.cx().raw(), name.as_ptr().cast(), name.len() as u32)
        }
    }
}

/// An MDString.
///
/// # Safety
/// `cx` must be a live context.
unsafe fn md_string(cx: LLVMContextRef, s: &str) -> LLVMMetadataRef {
    // SAFETY: `s` is valid for its length; the context is live (the caller's contract).
    unsafe { LLVMMDStringInContext2(cx, s.as_ptr().cast(), s.len()) }
}

/// A node of `items`.
///
/// # Safety
/// `cx` must be a live context and `items` metadata of it.
unsafe fn node(cx: LLVMContextRef, items: &[LLVMMetadataRef]) -> LLVMMetadataRef {
    let mut items = items.to_vec();
    // SAFETY: `items` holds `len` valid metadata of `cx`.
    unsafe { LLVMMDNodeInContext2(cx, items.as_mut_ptr(), items.len()) }
}

/// A node whose first operand is itself, then `items`: what LLVM takes as a loop's identity, an
/// alias scope or a scope domain (each call makes a new one, as a distinct node would be).
///
/// # Safety
/// `cx` must be a live context and `items` metadata of it.
unsafe fn self_referential(cx: LLVMContextRef, items: &[LLVMMetadataRef]) -> LLVMMetadataRef {
    // SAFETY: a temporary node stands for the node's own operand until it is replaced (and freed)
    // by the node itself.
    unsafe {
        let temp = LLVMTemporaryMDNode(cx, std::ptr::null_mut(), 0);
        let mut all = vec![temp];
        all.extend_from_slice(items);
        let id = LLVMMDNodeInContext2(cx, all.as_mut_ptr(), all.len());
        LLVMMetadataReplaceAllUsesWith(temp, id);
        id
    }
}
