//! `RecursionError` instead of a stack overflow: recursive functions compare the stack pointer
//! with the thread's limit at entry (see `oxjit-runtime/src/stack.rs`). Only functions on a cycle
//! of the call graph get the check (see `oxjit_core::analysis::recursion`); the entry wrapper of their module reads the limit once per
//! call from Python and passes it down in the exception record.

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::builder::Builder;
use inkwell::intrinsics::Intrinsic;
use inkwell::values::{FunctionValue, PointerValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_abi::{exc_field, RuntimeFn};

use super::{FnGen, Ir, ModuleGen, R};

/// Which functions get the check (an analysis of the typed IR, in core).
pub(super) use oxjit_core::analysis::recursion::recursion;

/// The index of `stack_limit` in `ExcInfo`.
const LIMIT_FIELD: u32 = exc_field::STACK_LIMIT;
/// The index of `jump` (the entry wrapper's `setjmp` buffer) in `ExcInfo`.
const JUMP_FIELD: u32 = exc_field::JUMP;

impl<'ctx> ModuleGen<'ctx> {
    /// In the entry wrapper: this thread's stack limit into the exception record.
    pub(super) fn store_stack_limit(
        &self,
        b: &Builder<'ctx>,
        exc_ptr: PointerValue<'ctx>,
    ) -> R<()> {
        let f = self.runtime(RuntimeFn::StackLimit);
        let limit = b
            .build_call(f, &[], "limit")
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("i64");
        let p = b
            .build_struct_gep(self.exc_info_type(), exc_ptr, LIMIT_FIELD, "limit.p")
            .ir()?;
        b.build_store(p, limit).ir()?;
        Ok(())
    }
}

impl<'ctx> ModuleGen<'ctx> {
    /// In the entry wrapper `f`: `_setjmp` into a buffer of its frame, recorded in the exception
    /// record; where a stack overflow jumps back (`setjmp` returns nonzero), status 1.
    pub(super) fn set_jump(
        &self,
        b: &Builder<'ctx>,
        f: FunctionValue<'ctx>,
        exc_ptr: PointerValue<'ctx>,
    ) -> R<()> {
        let cx = self.cx;
        let ptr = cx.ptr_type(AddressSpace::default());
        // glibc's jmp_buf is 200 bytes on x86-64; 256, 16-aligned, leaves room.
        let buf = b
            .build_alloca(cx.i64_type().array_type(32), "jmpbuf")
            .ir()?;
        if let Some(inst) = buf.as_instruction() {
            inst.set_alignment(16)
                .map_err(|e| oxjit_core::diagnostics::Diagnostic::internal(e.to_string()))?;
        }
        let p = b
            .build_struct_gep(self.exc_info_type(), exc_ptr, JUMP_FIELD, "jump.p")
            .ir()?;
        b.build_store(p, buf).ir()?;
        let twice = cx.create_enum_attribute(Attribute::get_named_enum_kind_id("returns_twice"), 0);
        let setjmp = self.module.get_function("_setjmp").unwrap_or_else(|| {
            let d = self.module.add_function(
                "_setjmp",
                cx.i32_type().fn_type(&[ptr.into()], false),
                None,
            );
            d.add_attribute(AttributeLoc::Function, twice);
            d
        });
        let call = b.build_call(setjmp, &[buf.into()], "jumped").ir()?;
        call.add_attribute(AttributeLoc::Function, twice);
        let jumped = call
            .try_as_basic_value()
            .basic()
            .expect("i32")
            .into_int_value();
        let back = cx.append_basic_block(f, "overflowed");
        let go = cx.append_basic_block(f, "call");
        let zero = cx.i32_type().const_zero();
        let is_back = b
            .build_int_compare(IntPredicate::NE, jumped, zero, "is_back")
            .ir()?;
        b.build_conditional_branch(is_back, back, go).ir()?;
        b.position_at_end(back);
        b.build_return(Some(&cx.i32_type().const_int(1, false)))
            .ir()?;
        b.position_at_end(go);
        Ok(())
    }

    /// `longjmp`, declared once (it does not return).
    fn longjmp(&self) -> FunctionValue<'ctx> {
        let cx = self.cx;
        self.module.get_function("longjmp").unwrap_or_else(|| {
            let ptr = cx.ptr_type(AddressSpace::default());
            let d = self.module.add_function(
                "longjmp",
                cx.void_type()
                    .fn_type(&[ptr.into(), cx.i32_type().into()], false),
                None,
            );
            let noreturn =
                cx.create_enum_attribute(Attribute::get_named_enum_kind_id("noreturn"), 0);
            d.add_attribute(AttributeLoc::Function, noreturn);
            d
        })
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// At entry: `RecursionError` where the stack pointer is below the limit.
    pub(super) fn check_stack(&mut self) -> R<()> {
        let ptr = self.cx().ptr_type(AddressSpace::default());
        let i64t = self.cx().i64_type();
        let stacksave = Intrinsic::find("llvm.stacksave")
            .and_then(|i| i.get_declaration(&self.m.module, &[ptr.into()]))
            .ok_or_else(|| oxjit_core::diagnostics::Diagnostic::internal("no llvm.stacksave"))?;
        let sp = self
            .b
            .build_call(stacksave, &[], "sp")
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("ptr")
            .into_pointer_value();
        let sp = self.b.build_ptr_to_int(sp, i64t, "sp").ir()?;
        let p = self
            .b
            .build_struct_gep(self.m.exc_info_type(), self.exc_ptr, LIMIT_FIELD, "limit.p")
            .ir()?;
        let limit = self.b.build_load(i64t, p, "limit").ir()?.into_int_value();
        let ok = self
            .b
            .build_int_compare(IntPredicate::UGE, sp, limit, "stack.ok")
            .ir()?;
        if !self.m.jump_on_overflow {
            return self.check(ok, "RecursionError", "maximum recursion depth exceeded");
        }
        // No frame holds a reference: fill the record and jump back to the entry wrapper, so
        // that the function gains no failure path (its calls keep their fast, status-free form).
        let over = self.cx().append_basic_block(self.f, "stack.overflow");
        let cont = self.cx().append_basic_block(self.f, "stack.fine");
        self.b.build_conditional_branch(ok, cont, over).ir()?;
        self.b.position_at_end(over);
        self.fill_exc("RecursionError", "maximum recursion depth exceeded", None)?;
        self.jump_back()?;
        self.b.position_at_end(cont);
        Ok(())
    }

    /// With the exception record filled: `longjmp` back to the entry wrapper (status 1 there).
    pub(super) fn jump_back(&mut self) -> R<()> {
        let p = self
            .b
            .build_struct_gep(self.m.exc_info_type(), self.exc_ptr, JUMP_FIELD, "jump.p")
            .ir()?;
        let ptr = self.cx().ptr_type(AddressSpace::default());
        let buf = self.b.build_load(ptr, p, "jump").ir()?;
        let one = self.cx().i32_type().const_int(1, false);
        let longjmp = self.m.longjmp();
        self.b
            .build_call(longjmp, &[buf.into(), one.into()], "")
            .ir()?;
        self.b.build_unreachable().ir()?;
        Ok(())
    }
}
