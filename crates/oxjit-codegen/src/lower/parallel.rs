//! A `prange` loop outlined by core's `parfor` pass ([`ParallelLoop`]): the captured values go
//! into a context record in the caller's frame, a *task* function (one per loop) turns a chunk
//! of iteration numbers into the body's `range(lo, hi, step)` and stores the body's partial
//! reductions into the chunk's slot, the runtime's `oxjit_rt_parallel_for` runs the chunks on
//! the thread pool, and the caller folds the slots in chunk order with the loop's `combine`
//! function (so the result does not depend on which thread ran which chunk).
//!
//! Context record: `{ i64 start, i64 step, ptr slots, captured values... }`, where the captured
//! values are the body's parameters after its three bounds (the reductions' initial values,
//! then the values it reads).

use inkwell::module::Linkage;
use inkwell::types::{BasicMetadataTypeEnum, BasicTypeEnum, StructType};
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, FunctionValue, IntValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_abi::RuntimeFn;
use oxjit_core::ir::Value;
use oxjit_core::typeinfer::ParallelLoop;
use oxjit_core::types::Type;

use super::refcount::is_ref;
use super::{FnGen, Ir, R};

/// The most chunks a loop runs in (the runtime's `MAX_CHUNKS`): one slot each.
const MAX_CHUNKS: u32 = 256;

/// Fields of the context record before the captured values.
const START: u32 = 0;
const STEP: u32 = 1;
const SLOTS: u32 = 2;
const CAPTURED: u32 = 3;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The call standing for an outlined loop: `args` are start, stop, step (int64), the
    /// reductions' initial values and the values the body reads; the result is the tuple of the
    /// reductions' final values (`None` without reductions).
    pub(super) fn parallel_loop(
        &mut self,
        v: Value,
        lp: &ParallelLoop,
        args: &[Value],
    ) -> R<BasicValueEnum<'ctx>> {
        let body = self
            .m
            .declare((lp.key, lp.body.arg_types.clone()), lp.body.clone(), false)?;
        let combine = match lp.combine.as_ref() {
            Some(c) => Some(
                self.m
                    .declare((lp.key + 1, c.arg_types.clone()), c.clone(), false)?,
            ),
            None => None,
        };
        let i64t = self.cx().i64_type();
        let ptr = self.cx().ptr_type(AddressSpace::default());
        let captured_types: Vec<Type> = lp.body.arg_types[CAPTURED as usize..].to_vec();
        let mut fields: Vec<BasicTypeEnum> = vec![i64t.into(), i64t.into(), ptr.into()];
        fields.extend(captured_types.iter().map(|t| self.llvm_type(t)));
        let ctx_t = self.cx().struct_type(&fields, false);
        let ctx = self.alloca(ctx_t.into(), "prange.ctx")?;
        let [start, stop, step] = [args[0], args[1], args[2]].map(|x| self.val(x).into_int_value());
        let n = self.range_length(start, stop, step)?;
        let result_t = self.ty(v).clone();
        let slots = if combine.is_some() {
            let slot_t = self.llvm_type(&result_t);
            self.alloca(array_of(slot_t).into(), "prange.slots")?
        } else {
            ptr.const_null()
        };
        for (k, value) in [start.into(), step.into(), slots.into()]
            .into_iter()
            .chain(args[3..].iter().map(|x| self.val(*x)))
            .enumerate()
        {
            let p = self
                .b
                .build_struct_gep(ctx_t, ctx, k as u32, "ctx.p")
                .ir()?;
            self.b.build_store(p, value).ir()?;
        }
        // Private arrays (array reductions): one chunk per thread, of equal length.
        let private = is_ref(&result_t);
        let (count_fn, run_fn) = if private {
            (
                RuntimeFn::ParallelChunksPrivate,
                RuntimeFn::ParallelForEqual,
            )
        } else {
            (RuntimeFn::ParallelChunks, RuntimeFn::ParallelFor)
        };
        let task = self.m.parallel_task(body, &lp.body, ctx_t, &result_t)?;
        let chunks = self
            .call_runtime(count_fn, &[n.into()])?
            .expect("a count")
            .into_int_value();
        let status = self
            .call_runtime(
                run_fn,
                &[
                    task.as_global_value().as_pointer_value().into(),
                    ctx.into(),
                    n.into(),
                    chunks.into(),
                    self.exc_ptr.into(),
                ],
            )?
            .expect("a status")
            .into_int_value();
        if private {
            self.propagate_releasing(status, slots, chunks, &result_t)?;
        } else {
            self.propagate(status)?;
        }
        match combine {
            Some(combine) => self.fold_slots(combine, args, slots, chunks, &result_t),
            None => Ok(self.cx().i8_type().const_zero().into()),
        }
    }

    /// `oxjit.get_thread_id()` or `oxjit.get_num_threads()`.
    pub(super) fn thread_query(&self, b: oxjit_core::registry::Builtin) -> R<BasicValueEnum<'ctx>> {
        let f = if b == oxjit_core::registry::Builtin::GetThreadId {
            RuntimeFn::ParallelThreadId
        } else {
            RuntimeFn::ParallelNumThreads
        };
        Ok(self.call_runtime(f, &[])?.expect("an i64"))
    }

    /// `get_parallel_chunksize()` (no argument) or `set_parallel_chunksize(n)`: the calling
    /// thread's setting, which its parallel loops read; setting it returns the previous one.
    pub(super) fn parallel_chunksize(
        &mut self,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
    ) -> R<BasicValueEnum<'ctx>> {
        let (Some(&n), Some(t)) = (vals.first(), types.first()) else {
            return Ok(self
                .call_runtime(RuntimeFn::ParallelChunkSize, &[])?
                .expect("an i64"));
        };
        let n = self.cast(n, t, &Type::I64)?.into_int_value();
        let zero = self.cx().i64_type().const_zero();
        let ok = self
            .b
            .build_int_compare(IntPredicate::SGE, n, zero, "chunksize.ok")
            .ir()?;
        // Numba's class and message.
        self.check(
            ok,
            "ValueError",
            "chunksize must be greater than or equal to zero",
        )?;
        Ok(self
            .call_runtime(RuntimeFn::ParallelSetChunkSize, &[n.into()])?
            .expect("an i64"))
    }

    /// Raises where a chunk raised, giving back the private arrays in the chunks' slots first
    /// (a chunk that raised left a slot of null arrays).
    fn propagate_releasing(
        &mut self,
        status: IntValue<'ctx>,
        slots: inkwell::values::PointerValue<'ctx>,
        chunks: IntValue<'ctx>,
        result_t: &Type,
    ) -> R<()> {
        let cx = self.cx();
        let ok = self
            .b
            .build_int_compare(IntPredicate::EQ, status, cx.i32_type().const_zero(), "ok")
            .ir()?;
        let before = self.b.get_insert_block().expect("a block");
        let head = cx.append_basic_block(self.f, "release.head");
        let step = cx.append_basic_block(self.f, "release.step");
        let fail = cx.append_basic_block(self.f, "release.raise");
        let cont = cx.append_basic_block(self.f, "prange.ok");
        self.b.build_conditional_branch(ok, cont, head).ir()?;
        self.b.position_at_end(head);
        let k = self.b.build_phi(cx.i64_type(), "k").ir()?;
        k.add_incoming(&[(&self.i64(0), before)]);
        let kv = k.as_basic_value().into_int_value();
        let more = self
            .b
            .build_int_compare(IntPredicate::SLT, kv, chunks, "more")
            .ir()?;
        self.b.build_conditional_branch(more, step, fail).ir()?;
        self.b.position_at_end(step);
        let part = self.load_slot(slots, kv, result_t)?;
        self.decref(part, result_t)?;
        let next_k = self.b.build_int_add(kv, self.i64(1), "k.next").ir()?;
        k.add_incoming(&[(&next_k, step)]);
        self.b.build_unconditional_branch(head).ir()?;
        self.b.position_at_end(fail);
        self.leave_raised()?;
        self.b.position_at_end(cont);
        Ok(())
    }

    /// The partial results in slot `k`.
    fn load_slot(
        &mut self,
        slots: inkwell::values::PointerValue<'ctx>,
        k: IntValue<'ctx>,
        result_t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let st = self.llvm_type(result_t).into_struct_type();
        let arr_t = st.array_type(MAX_CHUNKS);
        // SAFETY: in bounds: `k < chunks <= MAX_CHUNKS` slots.
        let slot = unsafe {
            self.b
                .build_in_bounds_gep(arr_t, slots, &[self.i64(0), k], "slot")
        }
        .ir()?;
        self.b.build_load(st, slot, "partial").ir()
    }

    /// The reductions' initial values folded with each chunk's partial results, in order.
    /// Arrays among them (array reductions) are owned by the fold: the result holds one
    /// reference to each (the initial arrays' are taken, each superseded accumulator's and
    /// chunk's private array's given back).
    fn fold_slots(
        &mut self,
        combine: FunctionValue<'ctx>,
        args: &[Value],
        slots: inkwell::values::PointerValue<'ctx>,
        chunks: IntValue<'ctx>,
        result_t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let Type::Tuple(items) = result_t else {
            unreachable!("reductions make a tuple")
        };
        let st = self.llvm_type(result_t).into_struct_type();
        let mut init = st.get_undef();
        for k in 0..items.len() {
            let x = self.val(args[3 + k]);
            init = self
                .b
                .build_insert_value(init, x, k as u32, "init")
                .ir()?
                .into_struct_value();
        }
        let owned = is_ref(result_t);
        if owned {
            self.incref(init.into(), result_t)?;
        }
        let ret = self.alloca(st.into(), "combined")?;
        let before = self.b.get_insert_block().expect("a block");
        let head = self.cx().append_basic_block(self.f, "fold.head");
        let step = self.cx().append_basic_block(self.f, "fold.step");
        let done = self.cx().append_basic_block(self.f, "fold.done");
        self.b.build_unconditional_branch(head).ir()?;
        self.b.position_at_end(head);
        let k = self.b.build_phi(self.cx().i64_type(), "k").ir()?;
        let acc = self.b.build_phi(st, "acc").ir()?;
        k.add_incoming(&[(&self.i64(0), before)]);
        acc.add_incoming(&[(&init, before)]);
        let kv = k.as_basic_value().into_int_value();
        let more = self
            .b
            .build_int_compare(IntPredicate::SLT, kv, chunks, "more")
            .ir()?;
        self.b.build_conditional_branch(more, step, done).ir()?;
        self.b.position_at_end(step);
        let part = self.load_slot(slots, kv, result_t)?;
        let cargs: Vec<BasicMetadataValueEnum> = vec![
            ret.into(),
            self.exc_ptr.into(),
            acc.as_basic_value().into(),
            part.into(),
        ];
        self.b.build_call(combine, &cargs, "combine").ir()?;
        let next_acc = self.b.build_load(st, ret, "acc.next").ir()?;
        if owned {
            self.decref(acc.as_basic_value(), result_t)?;
            self.decref(part, result_t)?;
        }
        let next_k = self.b.build_int_add(kv, self.i64(1), "k.next").ir()?;
        let end = self.b.get_insert_block().expect("a block");
        k.add_incoming(&[(&next_k, end)]);
        acc.add_incoming(&[(&next_acc, end)]);
        self.b.build_unconditional_branch(head).ir()?;
        self.b.position_at_end(done);
        Ok(acc.as_basic_value())
    }
}

/// The slots of the partial results: one per chunk.
fn array_of(t: BasicTypeEnum<'_>) -> inkwell::types::ArrayType<'_> {
    match t {
        BasicTypeEnum::StructType(s) => s.array_type(MAX_CHUNKS),
        other => other.into_int_type().array_type(MAX_CHUNKS),
    }
}

impl<'ctx> super::ModuleGen<'ctx> {
    /// `i32 task(ctx, lo, hi, chunk, exc)`: iterations `lo..hi` of the loop, as the body's
    /// `range(start + lo*step, start + hi*step, step)`, its partial results into slot `chunk`.
    fn parallel_task(
        &mut self,
        body: FunctionValue<'ctx>,
        body_typed: &oxjit_core::typeinfer::TypedFunction,
        ctx_t: StructType<'ctx>,
        result_t: &Type,
    ) -> R<FunctionValue<'ctx>> {
        let cx = self.cx;
        let i64t = cx.i64_type();
        let ptr = cx.ptr_type(AddressSpace::default());
        let params: [BasicMetadataTypeEnum; 5] = [
            ptr.into(),
            i64t.into(),
            i64t.into(),
            i64t.into(),
            ptr.into(),
        ];
        let fn_t = cx.i32_type().fn_type(&params, false);
        let name = format!("{}.task", body.get_name().to_string_lossy());
        let f = self
            .module
            .add_function(&name, fn_t, Some(Linkage::Internal));
        let b = cx.create_builder();
        b.position_at_end(cx.append_basic_block(f, "entry"));
        let param = |k: u32| f.get_nth_param(k).expect("param");
        let ctx = param(0).into_pointer_value();
        let (lo, hi, chunk) = (
            param(1).into_int_value(),
            param(2).into_int_value(),
            param(3).into_int_value(),
        );
        let exc = param(4).into_pointer_value();
        let field = |k: u32, t: BasicTypeEnum<'ctx>| -> R<BasicValueEnum<'ctx>> {
            let p = b.build_struct_gep(ctx_t, ctx, k, "ctx.p").ir()?;
            b.build_load(t, p, "ctx.v").ir()
        };
        let start = field(START, i64t.into())?.into_int_value();
        let step = field(STEP, i64t.into())?.into_int_value();
        let slots = field(SLOTS, ptr.into())?.into_pointer_value();
        let at = |k: IntValue<'ctx>| -> R<IntValue<'ctx>> {
            let off = b.build_int_mul(k, step, "off").ir()?;
            b.build_int_add(start, off, "at").ir()
        };
        let ret_t = self.llvm_type(&body_typed.return_type);
        let ret = b.build_alloca(ret_t, "partial").ir()?;
        if is_ref(result_t) {
            // Null arrays in the slot of a chunk that raises: the caller gives the slots back.
            b.build_store(ret, ret_t.const_zero()).ir()?;
        }
        let mut args: Vec<BasicMetadataValueEnum> = vec![
            ret.into(),
            exc.into(),
            at(lo)?.into(),
            at(hi)?.into(),
            step.into(),
        ];
        for (k, t) in body_typed.arg_types[CAPTURED as usize..].iter().enumerate() {
            args.push(field(CAPTURED + k as u32, self.llvm_type(t))?.into());
        }
        let status = b
            .build_call(body, &args, "status")
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("status")
            .into_int_value();
        if matches!(result_t, Type::Tuple(_)) {
            let arr_t = array_of(ret_t);
            // SAFETY: in bounds: the runtime numbers chunks below `MAX_CHUNKS`.
            let slot =
                unsafe { b.build_in_bounds_gep(arr_t, slots, &[i64t.const_zero(), chunk], "slot") }
                    .ir()?;
            // A chunk that raised leaves its slot unused: the caller raises instead.
            let partial = b.build_load(ret_t, ret, "partial.v").ir()?;
            b.build_store(slot, partial).ir()?;
        }
        b.build_return(Some(&status)).ir()?;
        Ok(f)
    }
}
