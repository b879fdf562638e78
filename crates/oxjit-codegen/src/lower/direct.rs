//! Recursive functions that return their value directly. Where every exception of the module may
//! jump straight back to the entry wrapper (`oxjit_core::analysis::recursion`: no frame holds a
//! reference or catches), a recursive function's body is lowered into internal `fastcc`
//! functions `T f.direct(ptr, ptr exc, args...)` that return the value itself and, on a raise,
//! `longjmp` as a stack overflow does. Its status-returning function is then a wrapper of one
//! call: no status to test and no result slot after each call. The calls stay calls (`notail`):
//! a runaway recursion, even a tail call, must reach the stack limit and raise RecursionError.
//!
//! A small body is lowered [`COPIES`] times, each copy calling the next where the function calls
//! itself: the inliner, which never inlines a function into itself, inlines the ring into its
//! first copy, so each call does several levels of the recursion (gcc inlines recursion into
//! itself the same way).

use inkwell::module::Linkage;
use inkwell::types::BasicType;
use inkwell::values::LLVMTailCallKind;
use inkwell::values::{BasicMetadataValueEnum, FunctionValue};
use oxjit_core::typeinfer::{CallTarget, TypedFunction};
use std::sync::Arc;

use super::module::Key;
use super::{FnGen, Ir, ModuleGen, R};

/// LLVM's `fastcc` calling convention.
const FASTCC: u32 = 8;

/// The bodies of at most this many IR values are lowered [`COPIES`] times.
const SMALL_BODY: usize = 120;

/// How many copies of a small body form the ring of self-calls.
const COPIES: usize = 4;

impl<'ctx> ModuleGen<'ctx> {
    /// Whether `key`'s body is lowered into direct-return functions.
    pub(super) fn returns_directly(&self, key: &Key, typed: &TypedFunction) -> bool {
        self.jump_on_raise
            && !self.target.is_cuda()
            && self.recursive.contains(key)
            && !typed.func.is_generator()
    }

    /// Declares the direct-return copies of `typed`'s body (queued for lowering) and fills the
    /// status-returning `f` with one call of the first.
    pub(super) fn declare_direct(
        &mut self,
        key: &Key,
        typed: Arc<TypedFunction>,
        f: FunctionValue<'ctx>,
    ) -> R<()> {
        let ret_t = self.llvm_type(&typed.return_type);
        let params = f.get_type().get_param_types();
        let fn_type = ret_t.fn_type(&params, false);
        let n = if typed.func.values.len() <= SMALL_BODY && calls_itself(key, &typed) {
            COPIES
        } else {
            1
        };
        let name = f.get_name().to_string_lossy().into_owned();
        let copies: Vec<FunctionValue<'ctx>> = (0..n)
            .map(|i| {
                let d = self.module.add_function(
                    &format!("{name}.direct{i}"),
                    fn_type,
                    Some(Linkage::Internal),
                );
                d.set_call_conventions(FASTCC);
                d
            })
            .collect();
        // Only the first copy checks the stack: every call from outside the ring enters there,
        // and the ring passes it every `n` frames (small ones, well within the limit's margin).
        self.checked.insert(copies[0]);
        for (i, d) in copies.iter().enumerate() {
            self.direct_next.insert(*d, copies[(i + 1) % n]);
            self.direct_of.insert(*d, f);
            self.queue.push((typed.clone(), *d));
        }
        self.direct.insert(f, copies[0]);
        // The wrapper: the value into the caller's slot, status 0 (raises never come back).
        let b = self.cx.create_builder();
        b.position_at_end(self.cx.append_basic_block(f, "entry"));
        let args: Vec<BasicMetadataValueEnum> = f
            .get_param_iter()
            .map(BasicMetadataValueEnum::from)
            .collect();
        let call = b.build_call(copies[0], &args, "value").ir()?;
        call.set_call_convention(FASTCC);
        let value = call.try_as_basic_value().basic().expect("a value");
        let slot = f.get_nth_param(0).expect("slot").into_pointer_value();
        b.build_store(slot, value).ir()?;
        b.build_return(Some(&self.cx.i32_type().const_zero()))
            .ir()?;
        Ok(())
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// Whether this function returns its value directly (`declare_direct`).
    pub(super) fn returns_value(&self) -> bool {
        self.m.direct_next.contains_key(&self.f)
    }

    /// The direct-return function a call of `callee` goes to, if it has one: from one of its
    /// own copies, the next copy.
    pub(super) fn direct_callee(&self, callee: FunctionValue<'ctx>) -> Option<FunctionValue<'ctx>> {
        let first = *self.m.direct.get(&callee)?;
        if self.m.direct_of.get(&self.f) == Some(&callee) {
            return self.m.direct_next.get(&self.f).copied();
        }
        Some(first)
    }

    /// Calls the direct-return `d` (its result slot unused) and returns the value.
    pub(super) fn call_direct(
        &mut self,
        d: FunctionValue<'ctx>,
        args: &mut [BasicMetadataValueEnum<'ctx>],
    ) -> R<inkwell::values::BasicValueEnum<'ctx>> {
        let call = self.b.build_call(d, args, "value").ir()?;
        call.set_call_convention(FASTCC);
        // Never a loop: a runaway recursion must still reach the stack limit (RecursionError,
        // as in CPython), so LLVM may not eliminate the call as a tail call.
        call.set_tail_call_kind(LLVMTailCallKind::LLVMTailCallKindNoTail);
        Ok(call.try_as_basic_value().basic().expect("a value"))
    }

    /// Leaves the function with its exception record filled: status 1, or in a direct-return
    /// function a jump back to the entry wrapper.
    pub(super) fn return_raised(&mut self) -> R<()> {
        if self.returns_value() {
            return self.jump_back();
        }
        self.b
            .build_return(Some(&self.cx().i32_type().const_int(1, false)))
            .ir()?;
        Ok(())
    }
}

/// Whether `typed` (the body of `key`) calls itself directly.
fn calls_itself(key: &Key, typed: &TypedFunction) -> bool {
    typed.calls.values().any(|c| {
        matches!(c, CallTarget::User { func, arg_types, .. }
            if *func == key.0 && *arg_types == key.1)
    })
}
