//! C-callable wrappers around a compiled function, besides the entry wrapper (`entry.rs`):
//!
//! - the inner loop of a NumPy ufunc (`@vectorize`):
//!   `void loop(char **args, npy_intp *dims, npy_intp *steps, void *data)`, which applies the
//!   function to `dims[0]` elements, operand `k` at `args[k] + i * steps[k]`;
//! - a C function with the function's own signature (`@cfunc`): `R f(A1, A2, ...)`.
//!
//! Both call the entry wrapper of the same module, which calls the native function; LLVM inlines
//! the two, so the loop body is the kernel itself. The loop has a second copy for contiguous
//! operands (every step equal to the item's size) that LLVM can vectorise.
//!
//! An exception raised by the kernel goes to the Python extension's callbacks: for a ufunc it
//! becomes the pending Python exception and the loop goes on with the next element (the failed
//! element is left as it was), as Numba's ufuncs do; for a cfunc it is reported as unraisable
//! and the function returns zero.

use inkwell::basic_block::BasicBlock;
use inkwell::builder::Builder;
use inkwell::module::Linkage;
use inkwell::types::{BasicMetadataTypeEnum, BasicType, BasicTypeEnum};
use inkwell::values::{FunctionValue, IntValue, PointerValue};
use inkwell::AddressSpace;
use oxjit_abi::Callback;
use oxjit_core::typeinfer::TypedFunction;
use oxjit_core::types::Type;

use super::{Ir, ModuleGen, R};
use oxjit_core::diagnostics::Diagnostic;

/// What a wrapper hands the entry wrapper: one slot per argument (`argv` points to them), the
/// result and the exception record.
struct CallFrame<'ctx> {
    slots: Vec<(PointerValue<'ctx>, BasicTypeEnum<'ctx>)>,
    argv: PointerValue<'ctx>,
    ret: PointerValue<'ctx>,
    ret_type: BasicTypeEnum<'ctx>,
    exc: PointerValue<'ctx>,
}

/// One operand of the ufunc loop: its base address, the step between elements, its type.
struct Operand<'ctx> {
    base: PointerValue<'ctx>,
    step: IntValue<'ctx>,
    ty: BasicTypeEnum<'ctx>,
}

fn is_scalar(t: &Type) -> bool {
    matches!(
        t,
        Type::Bool | Type::Int(_) | Type::Float(_) | Type::Complex(_)
    )
}

impl<'ctx> ModuleGen<'ctx> {
    /// Allocas for the call of the entry wrapper (in the current block, the function's entry),
    /// the exception record zeroed and the result zeroed (what a cfunc returns on an exception).
    fn call_frame(&self, b: &Builder<'ctx>, root: &TypedFunction) -> R<CallFrame<'ctx>> {
        let cx = self.cx;
        let ptr = cx.ptr_type(AddressSpace::default());
        let i64t = cx.i64_type();
        let mut slots = Vec::new();
        for t in &root.arg_types {
            let ty = self.llvm_type(t);
            slots.push((b.build_alloca(ty, "slot").ir()?, ty));
        }
        let argv = b
            .build_array_alloca(
                ptr,
                i64t.const_int(slots.len().max(1) as u64, false),
                "argv",
            )
            .ir()?;
        for (i, (slot, _)) in slots.iter().enumerate() {
            // SAFETY: index `i` of the `argv` alloca, which has one pointer per argument.
            let at = unsafe {
                b.build_in_bounds_gep(ptr, argv, &[i64t.const_int(i as u64, false)], "argp")
            }
            .ir()?;
            b.build_store(at, *slot).ir()?;
        }
        let ret_type = self.llvm_type(&root.return_type);
        let ret = b.build_alloca(ret_type, "ret").ir()?;
        b.build_store(ret, ret_type.const_zero()).ir()?;
        let words = std::mem::size_of::<oxjit_abi::ExcInfo>().div_ceil(8) as u32;
        let exc_type = i64t.array_type(words);
        let exc = b.build_alloca(exc_type, "exc").ir()?;
        b.build_store(exc, exc_type.const_zero()).ir()?;
        Ok(CallFrame {
            slots,
            argv,
            ret,
            ret_type,
            exc,
        })
    }

    /// Calls the entry wrapper with the frame's slots; returns whether it succeeded.
    fn call_entry(
        &self,
        b: &Builder<'ctx>,
        entry: FunctionValue<'ctx>,
        frame: &CallFrame<'ctx>,
    ) -> R<IntValue<'ctx>> {
        let status = b
            .build_call(
                entry,
                &[frame.argv.into(), frame.ret.into(), frame.exc.into()],
                "status",
            )
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("i32")
            .into_int_value();
        b.build_int_compare(
            inkwell::IntPredicate::EQ,
            status,
            self.cx.i32_type().const_zero(),
            "ok",
        )
        .ir()
    }

    /// `void name(char **args, npy_intp *dims, npy_intp *steps, void *data)`: NumPy's inner
    /// loop applying `root` (whose entry wrapper is `entry`) element by element.
    pub(super) fn ufunc_loop(
        &mut self,
        root: &TypedFunction,
        entry: FunctionValue<'ctx>,
        name: &str,
    ) -> R<()> {
        let all = root.arg_types.iter().chain([&root.return_type]);
        if let Some(t) = all.clone().find(|t| !is_scalar(t)) {
            return Err(Diagnostic::internal(format!(
                "a ufunc kernel takes and returns numbers, not {t}"
            )));
        }
        let cx = self.cx;
        let ptr = cx.ptr_type(AddressSpace::default());
        let i64t = cx.i64_type();
        let fn_type = cx.void_type().fn_type(&[ptr.into(); 4], false);
        let f = self
            .module
            .add_function(name, fn_type, Some(Linkage::External));
        let b = cx.create_builder();
        b.position_at_end(cx.append_basic_block(f, "entry"));
        let param = |i: u32| f.get_nth_param(i).expect("param").into_pointer_value();
        let (args, dims, steps) = (param(0), param(1), param(2));
        let n = b.build_load(i64t, dims, "n").ir()?.into_int_value();
        let frame = self.call_frame(&b, root)?;
        let mut operands = Vec::new();
        let mut contiguous = cx.bool_type().const_int(1, false);
        for (k, t) in all.enumerate() {
            let index = [i64t.const_int(k as u64, false)];
            // SAFETY: NumPy passes one pointer and one step per operand (inputs, then output).
            let (arg_at, step_at) = unsafe {
                (
                    b.build_in_bounds_gep(ptr, args, &index, "argk").ir()?,
                    b.build_in_bounds_gep(i64t, steps, &index, "stepk").ir()?,
                )
            };
            let base = b.build_load(ptr, arg_at, "base").ir()?.into_pointer_value();
            let step = b.build_load(i64t, step_at, "step").ir()?.into_int_value();
            let ty = self.llvm_type(t);
            let size = ty.size_of().expect("sized");
            let same = b
                .build_int_compare(inkwell::IntPredicate::EQ, step, size, "contig")
                .ir()?;
            contiguous = b.build_and(contiguous, same, "contig").ir()?;
            operands.push(Operand { base, step, ty });
        }
        let exit = cx.append_basic_block(f, "exit");
        let contig_bb = cx.append_basic_block(f, "contiguous");
        let strided_bb = cx.append_basic_block(f, "strided");
        b.build_conditional_branch(contiguous, contig_bb, strided_bb)
            .ir()?;
        // The contiguous copy: the steps are the items' sizes, constants LLVM sees.
        b.position_at_end(contig_bb);
        let sized: Vec<Operand> = operands
            .iter()
            .map(|o| Operand {
                step: o.ty.size_of().expect("sized"),
                ..*o
            })
            .collect();
        self.element_loop(&b, f, entry, &frame, n, &sized, exit)?;
        b.position_at_end(strided_bb);
        self.element_loop(&b, f, entry, &frame, n, &operands, exit)?;
        b.position_at_end(exit);
        b.build_return(None).ir()?;
        Ok(())
    }

    /// `for i in 0..n: out[i] = kernel(in0[i], in1[i], ...)` from the current block to `exit`.
    #[allow(clippy::too_many_arguments)]
    fn element_loop(
        &self,
        b: &Builder<'ctx>,
        f: FunctionValue<'ctx>,
        entry: FunctionValue<'ctx>,
        frame: &CallFrame<'ctx>,
        n: IntValue<'ctx>,
        operands: &[Operand<'ctx>],
        exit: BasicBlock<'ctx>,
    ) -> R<()> {
        let cx = self.cx;
        let i64t = cx.i64_type();
        let pre = b.get_insert_block().expect("block");
        let head = cx.append_basic_block(f, "head");
        let body = cx.append_basic_block(f, "body");
        let store = cx.append_basic_block(f, "store");
        let raised = cx.append_basic_block(f, "raised");
        let next = cx.append_basic_block(f, "next");
        b.build_unconditional_branch(head).ir()?;
        b.position_at_end(head);
        let i = b.build_phi(i64t, "i").ir()?;
        i.add_incoming(&[(&i64t.const_zero(), pre)]);
        let iv = i.as_basic_value().into_int_value();
        let more = b
            .build_int_compare(inkwell::IntPredicate::SLT, iv, n, "more")
            .ir()?;
        b.build_conditional_branch(more, body, exit).ir()?;
        b.position_at_end(body);
        let (inputs, output) = operands.split_at(operands.len() - 1);
        for (o, (slot, _)) in inputs.iter().zip(&frame.slots) {
            let v = b.build_load(o.ty, self.element(b, o, iv)?, "x").ir()?;
            b.build_store(*slot, v).ir()?;
        }
        let ok = self.call_entry(b, entry, frame)?;
        b.build_conditional_branch(ok, store, raised).ir()?;
        b.position_at_end(store);
        let r = b.build_load(frame.ret_type, frame.ret, "r").ir()?;
        b.build_store(self.element(b, &output[0], iv)?, r).ir()?;
        b.build_unconditional_branch(next).ir()?;
        b.position_at_end(raised);
        let report = self.module_callback(Callback::UfuncError);
        b.build_call(report, &[frame.exc.into()], "").ir()?;
        b.build_unconditional_branch(next).ir()?;
        b.position_at_end(next);
        let i1 = b
            .build_int_add(iv, i64t.const_int(1, false), "i.next")
            .ir()?;
        i.add_incoming(&[(&i1, next)]);
        b.build_unconditional_branch(head).ir()?;
        Ok(())
    }

    /// The address of element `i` of operand `o`.
    fn element(
        &self,
        b: &Builder<'ctx>,
        o: &Operand<'ctx>,
        i: IntValue<'ctx>,
    ) -> R<PointerValue<'ctx>> {
        let offset = b.build_int_mul(i, o.step, "off").ir()?;
        // SAFETY: NumPy guarantees `args[k] + i * steps[k]` is inside operand k for i < n.
        unsafe { b.build_gep(self.cx.i8_type(), o.base, &[offset], "at") }.ir()
    }

    /// `R name(A1, A2, ...)`: `root` with the C calling convention (`@cfunc`); a `None` result
    /// is `void`.
    pub(super) fn cfunc_wrapper(
        &mut self,
        root: &TypedFunction,
        entry: FunctionValue<'ctx>,
        name: &str,
    ) -> R<()> {
        let c_type = |t: &&Type| is_scalar(t) || matches!(t, Type::Pointer(_));
        if let Some(t) = root.arg_types.iter().find(|t| !c_type(t)) {
            return Err(Diagnostic::internal(format!(
                "a cfunc takes numbers and pointers, not {t}"
            )));
        }
        let cx = self.cx;
        let params: Vec<BasicMetadataTypeEnum> = root
            .arg_types
            .iter()
            .map(|t| self.llvm_type(t).into())
            .collect();
        let returns_none = root.return_type == Type::NoneType;
        let fn_type = match returns_none {
            true => cx.void_type().fn_type(&params, false),
            false => self.llvm_type(&root.return_type).fn_type(&params, false),
        };
        let f = self
            .module
            .add_function(name, fn_type, Some(Linkage::External));
        let b = cx.create_builder();
        b.position_at_end(cx.append_basic_block(f, "entry"));
        let frame = self.call_frame(&b, root)?;
        for (i, (slot, _)) in frame.slots.iter().enumerate() {
            let v = f.get_nth_param(i as u32).expect("param");
            b.build_store(*slot, v).ir()?;
        }
        let ok = self.call_entry(&b, entry, &frame)?;
        let done = cx.append_basic_block(f, "done");
        let raised = cx.append_basic_block(f, "raised");
        b.build_conditional_branch(ok, done, raised).ir()?;
        b.position_at_end(raised);
        let report = self.module_callback(Callback::CfuncError);
        b.build_call(report, &[frame.exc.into()], "").ir()?;
        // The zero the result was initialised with.
        b.build_unconditional_branch(done).ir()?;
        b.position_at_end(done);
        if returns_none {
            b.build_return(None).ir()?;
        } else {
            let r = b.build_load(frame.ret_type, frame.ret, "r").ir()?;
            b.build_return(Some(&r)).ir()?;
        }
        Ok(())
    }
}
