//! Generator functions as LLVM coroutines (switched-resume lowering). LLVM's `CoroSplit` pass
//! turns the function into the Numba IR specification's "big switch": a ramp that makes the
//! frame (the state struct holding every value live across a `yield`) and a resume function
//! that switches on the suspension index. Chosen over a hand-written switch because LLVM already
//! computes what is live across each suspension and spills it, and because after inlining the
//! resume function into a consumer's loop the frame's fields become registers again.
//!
//! The generator value is an NRT block whose data is the coroutine frame; its destructor
//! (`oxjit.generator.drop`) resumes an unfinished generator with its `closing` flag set, so the
//! body gives back what it holds (as CPython's `close()` raising `GeneratorExit` at the `yield`)
//! before the block is freed. The frame's promise is `{state, closing, exception record, item}`:
//! the body writes the state (`YIELDED`, `RAISED`, `RETURNED`, `CLOSED`) before each suspension,
//! and its own exception record (every raise site writes there through `exc_ptr`), which the
//! consumer copies into its own when the state is `RAISED`.

use inkwell::basic_block::BasicBlock;
use inkwell::llvm_sys::core::{
    LLVMAddFunction, LLVMBuildCall2, LLVMConstNull, LLVMFunctionType, LLVMGetNamedFunction,
    LLVMInt1TypeInContext, LLVMInt32TypeInContext, LLVMInt64TypeInContext, LLVMInt8TypeInContext,
    LLVMPointerTypeInContext, LLVMTokenTypeInContext, LLVMVoidTypeInContext,
};
use inkwell::llvm_sys::prelude::{LLVMTypeRef, LLVMValueRef};
use inkwell::module::Linkage;
use inkwell::types::{BasicType, StructType};
use inkwell::values::{AsValueRef, BasicValueEnum, FunctionValue, IntValue, PointerValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_core::ir::{Inst, Value};
use oxjit_core::types::Type;
use std::sync::Arc;

use super::refcount::is_ref;
use super::{FnGen, Ir, ModuleGen, R};

/// The promise's `state`: what the body did before it suspended.
pub(super) const YIELDED: u64 = 0;
pub(super) const RAISED: u64 = 1;
pub(super) const RETURNED: u64 = 2;
pub(super) const CLOSED: u64 = 3;
/// Returned with a value (in the item's place): `StopIteration.value` for the Python side.
pub(super) const RETURNED_VALUE: u64 = 4;
/// The promise's `closing`: 0 while running, `CLOSE` asks the body to finish (raising
/// `GeneratorExit` at its `yield`), `FORCE` to finish without running any handler.
pub(super) const CLOSE: u64 = 1;
pub(super) const FORCE: u64 = 2;
/// `closing` for `g.throw(...)` from Python: the host filled the promise's record with the
/// exception, raised at the `yield` as it stands (caught there by the body's handlers).
pub(super) const THROW: u64 = 3;
/// The promise's fields.
pub(super) const STATE: u32 = 0;
pub(super) const CLOSING: u32 = 1;
/// `oxjit.generator.step`, for the Python side (`oxjit-python`'s `boxing/generator.rs`).
const STEP: u32 = 2;
pub(super) const EXC: u32 = 3;
const ITEM: u32 = 4;
/// What `send()` passes in (an optional of `sent_type(item)`: `None` after each resume, so
/// that `next()` sends `None`), and what the body does with it (`SENT_UNUSED`...), for the
/// Python side (`boxing/generator.rs`).
pub(super) const SENT: u32 = 5;
pub(super) const RECEIVES: u32 = 6;
/// The state a generator starts in (before its first resume, which overwrites it): `send()` of
/// a value other than `None` is refused then, as CPython.
pub(super) const NEW: u64 = 5;
/// The promise's alignment, as `llvm.coro.id` and `llvm.coro.promise` are told.
const PROMISE_ALIGN: u64 = 8;
/// The fields of the exception record that make up the exception (the rest is call state).
const EXCEPTION_FIELDS: u32 = 8;

/// The coroutine being lowered: its token, frame handle, promise and the shared blocks.
pub(super) struct GenCx<'ctx> {
    id: LLVMValueRef,
    hdl: PointerValue<'ctx>,
    promise: PointerValue<'ctx>,
    promise_t: StructType<'ctx>,
    /// `llvm.coro.end` and the ramp's return: where every suspension goes on its first way out.
    suspend: BasicBlock<'ctx>,
    /// Where the frame is given up (reached from `llvm.coro.destroy` only).
    cleanup: BasicBlock<'ctx>,
    /// The final suspension: the parameters released, then suspended for good.
    finish: BasicBlock<'ctx>,
}

impl<'ctx> ModuleGen<'ctx> {
    /// `{state, closing, step, exception record, item}`.
    pub(crate) fn promise_type(&self, item: &Type) -> StructType<'ctx> {
        let i32t = self.cx.i32_type();
        self.cx.struct_type(
            &[
                i32t.into(),
                i32t.into(),
                self.cx.ptr_type(AddressSpace::default()).into(),
                self.exc_info_type().into(),
                self.llvm_type(item),
                self.llvm_type(&Type::Optional(Arc::new(sent_slot(item)))),
                i32t.into(),
            ],
            false,
        )
    }

    /// A coroutine intrinsic, declared by name (LLVM knows it by its name).
    fn coro_intrinsic(&self, name: &str) -> (LLVMValueRef, LLVMTypeRef) {
        // SAFETY: plain LLVM-C type and function constructors on this module's live context.
        unsafe {
            let cx = self.cx.raw();
            let ptr = LLVMPointerTypeInContext(cx, 0);
            let token = LLVMTokenTypeInContext(cx);
            let (ret, mut params): (LLVMTypeRef, Vec<LLVMTypeRef>) = match name {
                "llvm.coro.id" => (token, vec![LLVMInt32TypeInContext(cx), ptr, ptr, ptr]),
                "llvm.coro.size.i64" => (LLVMInt64TypeInContext(cx), vec![]),
                "llvm.coro.begin" => (ptr, vec![token, ptr]),
                "llvm.coro.suspend" => (
                    LLVMInt8TypeInContext(cx),
                    vec![token, LLVMInt1TypeInContext(cx)],
                ),
                "llvm.coro.free" => (ptr, vec![token, ptr]),
                "llvm.coro.end" => (
                    LLVMVoidTypeInContext(cx),
                    vec![ptr, LLVMInt1TypeInContext(cx), token],
                ),
                "llvm.coro.resume" => (LLVMVoidTypeInContext(cx), vec![ptr]),
                "llvm.coro.done" => (LLVMInt1TypeInContext(cx), vec![ptr]),
                "llvm.coro.promise" => (
                    ptr,
                    vec![ptr, LLVMInt32TypeInContext(cx), LLVMInt1TypeInContext(cx)],
                ),
                _ => unreachable!("no coroutine intrinsic {name}"),
            };
            let fn_t = LLVMFunctionType(ret, params.as_mut_ptr(), params.len() as u32, 0);
            let cname = std::ffi::CString::new(name).expect("a name");
            let module = self.module.as_mut_ptr();
            let mut f = LLVMGetNamedFunction(module, cname.as_ptr());
            if f.is_null() {
                f = LLVMAddFunction(module, cname.as_ptr(), fn_t);
            }
            (f, fn_t)
        }
    }
}

impl<'ctx> ModuleGen<'ctx> {
    /// `i32 oxjit.generator.step(ptr frame)`: one step of a generator for the Python side
    /// (whose iterator finds it in the promise): resumes it unless it finished, and returns the
    /// promise's state (`RETURNED` once finished).
    pub(crate) fn generator_step_fn(&mut self) -> R<FunctionValue<'ctx>> {
        const NAME: &str = "oxjit.generator.step";
        if let Some(f) = self.module.get_function(NAME) {
            return Ok(f);
        }
        let cx = self.cx;
        let i32t = cx.i32_type();
        let (f, b, hdl) = self.frame_fn(NAME, true);
        let go = cx.append_basic_block(f, "go");
        let done = cx.append_basic_block(f, "done");
        let finished = coro_done(self, &b, hdl);
        b.build_conditional_branch(finished, done, go).ir()?;
        b.position_at_end(go);
        raw_call(self, &b, "llvm.coro.resume", &[hdl.as_value_ref()]);
        let promise = promise_of(self, &b, hdl);
        let state = b.build_load(i32t, promise, "state").ir()?;
        b.build_return(Some(&state)).ir()?;
        b.position_at_end(done);
        b.build_return(Some(&i32t.const_int(RETURNED, false)))
            .ir()?;
        Ok(f)
    }
}

impl<'ctx> ModuleGen<'ctx> {
    /// A new internal function of one pointer (`i32 step(ptr frame)`, `i32 close(ptr frame)`,
    /// or, `state` false, `void drop(ptr meminfo)`): the function, a builder at the end of its
    /// entry block, and the pointer.
    pub(super) fn frame_fn(
        &self,
        name: &str,
        state: bool,
    ) -> (
        FunctionValue<'ctx>,
        inkwell::builder::Builder<'ctx>,
        PointerValue<'ctx>,
    ) {
        let cx = self.cx;
        let ptr = cx.ptr_type(AddressSpace::default());
        let fn_t = match state {
            true => cx.i32_type().fn_type(&[ptr.into()], false),
            false => cx.void_type().fn_type(&[ptr.into()], false),
        };
        let f = self
            .module
            .add_function(name, fn_t, Some(Linkage::Internal));
        let b = cx.create_builder();
        b.position_at_end(cx.append_basic_block(f, "entry"));
        let p = f.get_nth_param(0).expect("a pointer").into_pointer_value();
        (f, b, p)
    }
}

/// Whether the generator whose frame is `hdl` has finished (`llvm.coro.done`).
pub(super) fn coro_done<'ctx>(
    m: &ModuleGen<'ctx>,
    b: &inkwell::builder::Builder<'ctx>,
    hdl: PointerValue<'ctx>,
) -> IntValue<'ctx> {
    let d = raw_call(m, b, "llvm.coro.done", &[hdl.as_value_ref()]);
    // SAFETY: `llvm.coro.done` returns an i1.
    unsafe { IntValue::new(d) }
}

/// The type of the promise's `SENT` slot's value: what `send()` passes in, or a byte where the
/// generator receives nothing.
fn sent_slot(item: &Type) -> Type {
    oxjit_core::types::generator::sent_type(item).unwrap_or(Type::Bool)
}

/// Calls a coroutine intrinsic with raw operands (tokens have no inkwell type).
pub(super) fn raw_call(
    m: &ModuleGen<'_>,
    b: &inkwell::builder::Builder<'_>,
    name: &str,
    args: &[LLVMValueRef],
) -> LLVMValueRef {
    let (f, fn_t) = m.coro_intrinsic(name);
    let mut args = args.to_vec();
    // SAFETY: the arguments match the intrinsic's declared parameter types (see `coro_intrinsic`).
    unsafe {
        LLVMBuildCall2(
            b.as_mut_ptr(),
            fn_t,
            f,
            args.as_mut_ptr(),
            args.len() as u32,
            c"".as_ptr(),
        )
    }
}

/// The frame of a generator: its block's data.
pub(super) fn frame_of<'ctx>(
    cx: &'ctx inkwell::context::Context,
    b: &inkwell::builder::Builder<'ctx>,
    mi: PointerValue<'ctx>,
) -> R<PointerValue<'ctx>> {
    let i64t = cx.i64_type();
    let at = i64t.const_int(oxjit_abi::meminfo_field::DATA as u64, false);
    // SAFETY: a MemInfo's second word is its data pointer.
    let p = unsafe { b.build_gep(i64t, mi, &[at], "frame.p") }.ir()?;
    Ok(
        b.build_load(cx.ptr_type(AddressSpace::default()), p, "frame")
            .ir()?
            .into_pointer_value(),
    )
}

/// The promise of the frame `hdl`.
pub(super) fn promise_of<'ctx>(
    m: &ModuleGen<'ctx>,
    b: &inkwell::builder::Builder<'ctx>,
    hdl: PointerValue<'ctx>,
) -> PointerValue<'ctx> {
    let align = m.cx.i32_type().const_int(PROMISE_ALIGN, false);
    let no = m.cx.bool_type().const_zero();
    let p = raw_call(
        m,
        b,
        "llvm.coro.promise",
        &[hdl.as_value_ref(), align.as_value_ref(), no.as_value_ref()],
    );
    // SAFETY: `llvm.coro.promise` returns a pointer.
    unsafe { PointerValue::new(p) }
}

/// The `none` token.
fn token_none(m: &ModuleGen<'_>) -> LLVMValueRef {
    // SAFETY: the null value of the token type is `none`.
    unsafe { LLVMConstNull(LLVMTokenTypeInContext(m.cx.raw())) }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The ramp, emitted in the entry block: the promise, the frame in an NRT block (returned as
    /// the generator), references to the parameters (the frame keeps them), and the first
    /// suspension (a generator's body starts at its first `next`). Leaves the builder where
    /// the body starts.
    pub(super) fn begin_generator(&mut self) -> R<()> {
        let Type::Generator(item) = self.typed.return_type.clone() else {
            unreachable!("a generator function returns a generator")
        };
        let cx = self.cx();
        let promise_t = self.m.promise_type(&item);
        let promise = self.alloca(promise_t.into(), "promise")?;
        let i32t = cx.i32_type();
        let receives = self.receives_sent_values();
        for (field, x) in [(STATE, NEW), (CLOSING, 0), (RECEIVES, receives as u64)] {
            let p = self
                .b
                .build_struct_gep(promise_t, promise, field, "p")
                .ir()?;
            self.b.build_store(p, i32t.const_int(x, false)).ir()?;
        }
        let sent_p = self
            .b
            .build_struct_gep(promise_t, promise, SENT, "sent.p")
            .ir()?;
        let sent_t = promise_t.get_field_type_at_index(SENT).expect("sent");
        self.b.build_store(sent_p, sent_t.const_zero()).ir()?;
        let step = self.m.generator_step_fn()?;
        let p = self
            .b
            .build_struct_gep(promise_t, promise, STEP, "step.p")
            .ir()?;
        self.b
            .build_store(p, step.as_global_value().as_pointer_value())
            .ir()?;
        // The frame's own record has no stack limit (0) and no jump buffer.
        let record = self
            .b
            .build_struct_gep(promise_t, promise, EXC, "exc")
            .ir()?;
        let exc_t = self.m.exc_info_type();
        for field in [
            oxjit_abi::exc_field::STACK_LIMIT,
            oxjit_abi::exc_field::JUMP,
        ] {
            let p = self.b.build_struct_gep(exc_t, record, field, "p").ir()?;
            let t = exc_t.get_field_type_at_index(field).expect("field");
            self.b.build_store(p, t.const_zero()).ir()?;
        }
        let align = cx.i32_type().const_int(PROMISE_ALIGN, false);
        let null = cx.ptr_type(AddressSpace::default()).const_null();
        let id = raw_call(
            self.m,
            &self.b,
            "llvm.coro.id",
            &[
                align.as_value_ref(),
                promise.as_value_ref(),
                null.as_value_ref(),
                null.as_value_ref(),
            ],
        );
        let size = raw_call(self.m, &self.b, "llvm.coro.size.i64", &[]);
        // SAFETY: `llvm.coro.size.i64` returns an i64.
        let size = unsafe { IntValue::new(size) };
        let mi = self.target().allocate(&self.emit(), size, false)?;
        self.set_generator_dtor(mi, size)?;
        let mem = frame_of(cx, &self.b, mi)?;
        let hdl = raw_call(
            self.m,
            &self.b,
            "llvm.coro.begin",
            &[id, mem.as_value_ref()],
        );
        // SAFETY: `llvm.coro.begin` returns a pointer.
        let hdl = unsafe { PointerValue::new(hdl) };
        // Consumers reach the frame through the block: the handle escapes there (the same
        // address), which also tells LLVM's CoroElide that the frame outlives this call.
        let i64t = cx.i64_type();
        let at = i64t.const_int(oxjit_abi::meminfo_field::DATA as u64, false);
        // SAFETY: a MemInfo's second word is its data pointer.
        let data_p = unsafe { self.b.build_gep(i64t, mi, &[at], "data.p") }.ir()?;
        self.b.build_store(data_p, hdl).ir()?;
        self.b.build_store(self.ret_ptr, mi).ir()?;
        self.hold_parameters(false)?;
        let f = self.f;
        let gen = GenCx {
            id,
            hdl,
            promise,
            promise_t,
            suspend: cx.append_basic_block(f, "gen.suspend"),
            cleanup: cx.append_basic_block(f, "gen.cleanup"),
            finish: cx.append_basic_block(f, "gen.finish"),
        };
        self.gen = Some(gen);
        // From here on, raise sites write into the frame's own record.
        self.exc_ptr = record;
        self.suspend_and_check_closing(None)
    }

    /// The block's size with the destructor flag, and the destructor.
    fn set_generator_dtor(&mut self, mi: PointerValue<'ctx>, size: IntValue<'ctx>) -> R<()> {
        let i64t = self.cx().i64_type();
        let flag = i64t.const_int(oxjit_abi::MEMINFO_HAS_DTOR as u64, false);
        let flagged = self.b.build_or(size, flag, "size").ir()?;
        let at = i64t.const_int(oxjit_abi::meminfo_field::SIZE as u64, false);
        // SAFETY: a MemInfo's third word is its size, its fourth the destructor.
        let size_p = unsafe { self.b.build_gep(i64t, mi, &[at], "size.p") }.ir()?;
        self.b.build_store(size_p, flagged).ir()?;
        let at = i64t.const_int(oxjit_abi::meminfo_field::DTOR as u64, false);
        // SAFETY: as above.
        let dtor_p = unsafe { self.b.build_gep(i64t, mi, &[at], "dtor.p") }.ir()?;
        let drop = self.m.generator_drop_fn()?;
        self.b
            .build_store(dtor_p, drop.as_global_value().as_pointer_value())
            .ir()?;
        Ok(())
    }

    /// Takes (`release` false) or gives back the references of the reference-typed parameters:
    /// the frame holds them until the generator finishes.
    fn hold_parameters(&mut self, release: bool) -> R<()> {
        let types = self.typed.arg_types.clone();
        for (k, t) in types.iter().enumerate() {
            if !is_ref(t) {
                continue;
            }
            let v: BasicValueEnum<'ctx> = self.f.get_nth_param(2 + k as u32).expect("param");
            if release {
                self.decref(v, t)?;
            } else {
                self.incref(v, t)?;
            }
        }
        Ok(())
    }

    /// Suspends; once resumed, gives back the item it yielded (`held`: the promise kept a
    /// reference while the consumer borrowed it), then finishes at once (state `CLOSED`) when
    /// the consumer is closing the generator, giving back what is live. Leaves the builder on
    /// the path that goes on.
    fn suspend_and_check_closing(&mut self, held: Option<(BasicValueEnum<'ctx>, Type)>) -> R<()> {
        let gen = self.gen.as_ref().expect("a generator");
        let (suspend, cleanup, promise, promise_t) =
            (gen.suspend, gen.cleanup, gen.promise, gen.promise_t);
        let no = self.cx().bool_type().const_zero();
        let s = raw_call(
            self.m,
            &self.b,
            "llvm.coro.suspend",
            &[token_none(self.m), no.as_value_ref()],
        );
        // SAFETY: `llvm.coro.suspend` returns an i8.
        let s = unsafe { IntValue::new(s) };
        let f = self.f;
        let resumed = self.cx().append_basic_block(f, "gen.resumed");
        let i8t = self.cx().i8_type();
        self.b
            .build_switch(
                s,
                suspend,
                &[
                    (i8t.const_zero(), resumed),
                    (i8t.const_int(1, false), cleanup),
                ],
            )
            .ir()?;
        self.b.position_at_end(resumed);
        if let Some((v, t)) = held {
            self.decref(v, &t)?;
        }
        let closing_p = self
            .b
            .build_struct_gep(promise_t, promise, CLOSING, "closing.p")
            .ir()?;
        let closing = self
            .b
            .build_load(self.cx().i32_type(), closing_p, "closing")
            .ir()?
            .into_int_value();
        let closing = self
            .b
            .build_int_compare(
                IntPredicate::NE,
                closing,
                self.cx().i32_type().const_zero(),
                "closing",
            )
            .ir()?;
        let close = self.cx().append_basic_block(f, "gen.close");
        let go = self.cx().append_basic_block(f, "gen.go");
        self.b.build_conditional_branch(closing, close, go).ir()?;
        self.b.position_at_end(close);
        self.close_at_yield(closing_p)?;
        self.b.position_at_end(go);
        Ok(())
    }

    /// `throw()` from Python (`closing` is `THROW`): the exception the host put in the record
    /// is raised here, to the handler in reach or out of the body. Otherwise the generator is
    /// being closed while suspended here. Inside a `try` body (a handler in
    /// reach) `GeneratorExit` is raised at the `yield`, as CPython, so `finally` bodies and
    /// matching `except` clauses run; elsewhere that exception would leave the body at once,
    /// so the body just finishes. `closing` is `FORCE` when the generator already ignored one
    /// `GeneratorExit` (it yielded again while being dropped): then it finishes here whatever
    /// handlers enclose it, as CPython clears the frame of such a generator.
    fn close_at_yield(&mut self, closing_p: PointerValue<'ctx>) -> R<()> {
        let i32t = self.cx().i32_type();
        let closing = self
            .b
            .build_load(i32t, closing_p, "closing")
            .ir()?
            .into_int_value();
        let throw = self
            .b
            .build_int_compare(
                IntPredicate::EQ,
                closing,
                i32t.const_int(THROW, false),
                "throw",
            )
            .ir()?;
        let thrown = self.cx().append_basic_block(self.f, "gen.thrown");
        let close = self.cx().append_basic_block(self.f, "gen.closing");
        self.b.build_conditional_branch(throw, thrown, close).ir()?;
        self.b.position_at_end(thrown);
        self.leave_raised()?;
        self.b.position_at_end(close);
        if self.in_catch() {
            let closing = self
                .b
                .build_load(self.cx().i32_type(), closing_p, "closing")
                .ir()?
                .into_int_value();
            let force = self
                .b
                .build_int_compare(
                    IntPredicate::EQ,
                    closing,
                    self.cx().i32_type().const_int(FORCE, false),
                    "force",
                )
                .ir()?;
            let f = self.f;
            let raise = self.cx().append_basic_block(f, "gen.exit");
            let finish = self.cx().append_basic_block(f, "gen.force");
            self.b.build_conditional_branch(force, finish, raise).ir()?;
            self.b.position_at_end(raise);
            self.fill_exc("GeneratorExit", "", None)?;
            self.leave_raised()?;
            self.b.position_at_end(finish);
        }
        self.release_live()?;
        self.finish_generator(CLOSED)
    }

    /// `yield x`: the item into the promise, then suspends. The promise holds a reference to
    /// it until the body resumes (consumers borrow items, as from a list's iterator).
    /// What the body does with values `send()` passes in (`SENT_UNUSED`...).
    fn receives_sent_values(&self) -> i32 {
        use oxjit_core::types::generator::{SENT_RECEIVED, SENT_REFUSED, SENT_UNUSED};
        let func = &self.typed.func;
        let mut receives = SENT_UNUSED;
        for (k, d) in func.values.iter().enumerate() {
            if !matches!(d.inst, Inst::Yield(_)) {
                continue;
            }
            let v = Value(k as u32);
            match self.typed.ty(v) {
                Type::Optional(_) => receives = receives.max(SENT_RECEIVED),
                // CPython passes what is sent on to the inner iterable of a `yield from`:
                // refused rather than dropped.
                _ if func.is_used(v) || func.is_yield_from(v) => receives = SENT_REFUSED,
                _ => {}
            }
        }
        receives
    }

    pub(super) fn lower_yield(&mut self, x: Value, yt: &Type) -> R<BasicValueEnum<'ctx>> {
        let (promise, promise_t) = {
            let gen = self.gen.as_ref().expect("'yield' in a generator function");
            (gen.promise, gen.promise_t)
        };
        let t = self.ty(x).clone();
        let Type::Generator(item) = self.typed.return_type.clone() else {
            unreachable!("a generator function returns a generator")
        };
        let value = self.cast(self.val(x), &t, &item)?;
        let held = if is_ref(&item) {
            self.incref(value, &item)?;
            Some((value, (*item).clone()))
        } else {
            None
        };
        let item_p = self
            .b
            .build_struct_gep(promise_t, promise, ITEM, "item.p")
            .ir()?;
        self.b.build_store(item_p, value).ir()?;
        self.set_state(YIELDED)?;
        self.suspend_and_check_closing(held)?;
        if !matches!(yt, Type::Optional(_)) {
            return Ok(self.cx().i8_type().const_zero().into());
        }
        // The value sent in; the slot goes back to `None` for the next `next()`.
        let sent_p = self
            .b
            .build_struct_gep(promise_t, promise, SENT, "sent.p")
            .ir()?;
        let sent_t = promise_t.get_field_type_at_index(SENT).expect("sent");
        let sent = self.b.build_load(sent_t, sent_p, "sent").ir()?;
        self.b.build_store(sent_p, sent_t.const_zero()).ir()?;
        self.own_sent(sent, yt)
    }

    /// The value `send()` passed in (of type `t`, an optional), with a reference of the body's
    /// own: the sender only lends it for the resume (a string or list made from a Python value
    /// is given back once the body suspends). A borrowed array (an argument's, or one sent from
    /// Python: its NumPy memory) becomes a block owning a reference to it, so that the body may
    /// keep it across its next `yield`, after the sender dropped it.
    fn own_sent(&mut self, sent: BasicValueEnum<'ctx>, t: &Type) -> R<BasicValueEnum<'ctx>> {
        if !is_ref(t) {
            return Ok(sent);
        }
        // The block made for a borrowed array comes with no reference: the incref takes it.
        let owned = match t {
            Type::Optional(inner) => {
                let sv = sent.into_struct_value();
                let x = self.b.build_extract_value(sv, 1, "sent.value").ir()?;
                let x = self.own_borrowed(x, inner)?;
                let v = self.b.build_insert_value(sv, x, 1, "sent").ir()?;
                v.into_struct_value().into()
            }
            _ => sent,
        };
        self.incref(owned, t)?;
        Ok(owned)
    }

    fn set_state(&mut self, state: u64) -> R<()> {
        let gen = self.gen.as_ref().expect("a generator");
        let p = self
            .b
            .build_struct_gep(gen.promise_t, gen.promise, STATE, "state.p")
            .ir()?;
        self.b
            .build_store(p, self.cx().i32_type().const_int(state, false))
            .ir()?;
        Ok(())
    }

    /// Whether the function being lowered is a generator.
    pub(super) fn in_generator(&self) -> bool {
        self.gen.is_some()
    }

    /// Ends the body with `state` (what was live is already given back): to the final
    /// suspension.
    pub(super) fn finish_generator(&mut self, state: u64) -> R<()> {
        self.set_state(state)?;
        let finish = self.gen.as_ref().expect("a generator").finish;
        self.b.build_unconditional_branch(finish).ir()?;
        Ok(())
    }

    /// The body's `return v`: a value other than `None` (a number of the item's type, see
    /// typing) is left in the item's place with the state `RETURNED_VALUE`, for the Python
    /// side's `StopIteration.value`; compiled consumers take both states for the end.
    pub(super) fn return_from_generator(&mut self, v: Value) -> R<()> {
        if *self.ty(v) == Type::NoneType {
            return self.finish_generator(RETURNED);
        }
        let (promise, promise_t) = {
            let gen = self.gen.as_ref().expect("a generator");
            (gen.promise, gen.promise_t)
        };
        let Type::Generator(item) = self.typed.return_type.clone() else {
            unreachable!("a generator function returns a generator")
        };
        let t = self.ty(v).clone();
        let value = self.cast(self.val(v), &t, &item)?;
        let item_p = self
            .b
            .build_struct_gep(promise_t, promise, ITEM, "item.p")
            .ir()?;
        self.b.build_store(item_p, value).ir()?;
        self.finish_generator(RETURNED_VALUE)
    }

    /// A raise that leaves the body (its record is filled, what was live given back). As
    /// CPython (PEP 479), a `StopIteration` leaving a generator's body becomes
    /// `RuntimeError("generator raised StopIteration")`, so that no consumer takes it for the end.
    /// (A `GeneratorExit` leaving it while it is closed ends it as closed: the closing side,
    /// out of line, tells that from other raises; see `generator_close.rs`. Kept out of here,
    /// the resume function stays small enough for LLVM to inline into a consumer's loop.)
    pub(super) fn raise_from_generator(&mut self) -> R<()> {
        let f = self.f;
        let hit = self.raised_class_is("StopIteration")?;
        let replace = self.cx().append_basic_block(f, "gen.stopiteration");
        let done = self.cx().append_basic_block(f, "gen.raised");
        self.b.build_conditional_branch(hit, replace, done).ir()?;
        self.b.position_at_end(replace);
        self.release_pending()?;
        self.fill_exc("RuntimeError", "generator raised StopIteration", None)?;
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        self.finish_generator(RAISED)
    }

    /// Whether the exception in this function's record is a `name` (or a subclass of it).
    fn raised_class_is(&mut self, name: &str) -> R<IntValue<'ctx>> {
        let exc_t = self.m.exc_info_type();
        let class_p = self
            .b
            .build_struct_gep(exc_t, self.exc_ptr, 0, "class.p")
            .ir()?;
        let class = self.b.build_load(self.ptr_type(), class_p, "class").ir()?;
        let len_p = self
            .b
            .build_struct_gep(exc_t, self.exc_ptr, 1, "len.p")
            .ir()?;
        let len = self.b.build_load(self.cx().i64_type(), len_p, "len").ir()?;
        let name_p = self.m.string(&self.b, name)?;
        let name_len = self.cx().i64_type().const_int(name.len() as u64, false);
        Ok(self
            .call_runtime(
                oxjit_abi::RuntimeFn::ExceptionMatches,
                &[class.into(), len.into(), name_p.into(), name_len.into()],
            )?
            .expect("a bool")
            .into_int_value())
    }

    /// The shared blocks, after the body: the final suspension, the cleanup and the way out.
    pub(super) fn end_generator(&mut self) -> R<()> {
        let Some(gen) = self.gen.as_ref() else {
            return Ok(());
        };
        let (id, hdl, suspend, cleanup, finish) =
            (gen.id, gen.hdl, gen.suspend, gen.cleanup, gen.finish);
        let f = self.f;
        self.b.position_at_end(finish);
        self.hold_parameters(true)?;
        let yes = self.cx().bool_type().const_int(1, false);
        let s = raw_call(
            self.m,
            &self.b,
            "llvm.coro.suspend",
            &[token_none(self.m), yes.as_value_ref()],
        );
        // SAFETY: `llvm.coro.suspend` returns an i8.
        let s = unsafe { IntValue::new(s) };
        let trap = self.cx().append_basic_block(f, "gen.after_final");
        let i8t = self.cx().i8_type();
        self.b
            .build_switch(
                s,
                suspend,
                &[(i8t.const_zero(), trap), (i8t.const_int(1, false), cleanup)],
            )
            .ir()?;
        self.b.position_at_end(trap);
        self.b.build_unreachable().ir()?;
        // The NRT block owns the memory: the frame is freed with it, not here.
        self.b.position_at_end(cleanup);
        raw_call(self.m, &self.b, "llvm.coro.free", &[id, hdl.as_value_ref()]);
        self.b.build_unconditional_branch(suspend).ir()?;
        self.b.position_at_end(suspend);
        let no = self.cx().bool_type().const_zero();
        raw_call(
            self.m,
            &self.b,
            "llvm.coro.end",
            &[hdl.as_value_ref(), no.as_value_ref(), token_none(self.m)],
        );
        self.b
            .build_return(Some(&self.cx().i32_type().const_zero()))
            .ir()?;
        Ok(())
    }

    /// The frame of the generator `mi`.
    pub(crate) fn generator_frame(&self, mi: PointerValue<'ctx>) -> R<PointerValue<'ctx>> {
        frame_of(self.cx(), &self.b, mi)
    }

    /// A consumer's step (`IterValid` of the generator whose frame is `hdl`, yielding `item`):
    /// resumes it unless it finished; true when it yielded. An exception it raised is copied
    /// into this function's record and raised here. A finished generator stays finished.
    pub(crate) fn generator_advance(
        &mut self,
        hdl: PointerValue<'ctx>,
        item: &Type,
    ) -> R<IntValue<'ctx>> {
        let cx = self.cx();
        let f = self.f;
        let finished = coro_done(self.m, &self.b, hdl);
        let go = cx.append_basic_block(f, "gen.next");
        let raised = cx.append_basic_block(f, "gen.raised");
        let merge = cx.append_basic_block(f, "gen.step");
        let done = cx.append_basic_block(f, "gen.done");
        self.b.build_conditional_branch(finished, done, go).ir()?;
        // Found finished: a value it returned went to the step that finished it (a later
        // `x = yield from g` gets `None`, `generator_return_value`).
        self.b.position_at_end(done);
        let promise_t = self.m.promise_type(item);
        let promise = promise_of(self.m, &self.b, hdl);
        let state_p = self
            .b
            .build_struct_gep(promise_t, promise, STATE, "state.p")
            .ir()?;
        self.b
            .build_store(state_p, cx.i32_type().const_int(RETURNED, false))
            .ir()?;
        let from = self.b.get_insert_block().expect("block");
        self.b.build_unconditional_branch(merge).ir()?;
        self.b.position_at_end(go);
        raw_call(self.m, &self.b, "llvm.coro.resume", &[hdl.as_value_ref()]);
        let promise_t = self.m.promise_type(item);
        let promise = promise_of(self.m, &self.b, hdl);
        let state_p = self
            .b
            .build_struct_gep(promise_t, promise, STATE, "state.p")
            .ir()?;
        let state = self
            .b
            .build_load(cx.i32_type(), state_p, "state")
            .ir()?
            .into_int_value();
        let yielded = self
            .b
            .build_int_compare(
                IntPredicate::EQ,
                state,
                cx.i32_type().const_int(YIELDED, false),
                "yielded",
            )
            .ir()?;
        let is_raised = self
            .b
            .build_int_compare(
                IntPredicate::EQ,
                state,
                cx.i32_type().const_int(RAISED, false),
                "raised",
            )
            .ir()?;
        let after_go = self.b.get_insert_block().expect("block");
        self.b
            .build_conditional_branch(is_raised, raised, merge)
            .ir()?;
        self.b.position_at_end(raised);
        self.take_generator_exception(promise, promise_t)?;
        self.leave_raised()?;
        self.b.position_at_end(merge);
        let phi = self.b.build_phi(cx.bool_type(), "valid").ir()?;
        phi.add_incoming(&[(&cx.bool_type().const_zero(), from), (&yielded, after_go)]);
        Ok(phi.as_basic_value().into_int_value())
    }

    /// Copies the exception a generator raised (in its promise's record) into this function's
    /// record, to be raised here.
    pub(super) fn take_generator_exception(
        &mut self,
        promise: PointerValue<'ctx>,
        promise_t: StructType<'ctx>,
    ) -> R<()> {
        let record = self
            .b
            .build_struct_gep(promise_t, promise, EXC, "exc")
            .ir()?;
        let exc_t = self.m.exc_info_type();
        for i in 0..EXCEPTION_FIELDS {
            let field_t = exc_t.get_field_type_at_index(i).expect("field");
            let from_p = self.b.build_struct_gep(exc_t, record, i, "from").ir()?;
            let x = self.b.build_load(field_t, from_p, "x").ir()?;
            let to_p = self.b.build_struct_gep(exc_t, self.exc_ptr, i, "to").ir()?;
            self.b.build_store(to_p, x).ir()?;
        }
        Ok(())
    }

    /// The item the generator whose frame is `hdl` yielded last (after `generator_advance`
    /// said yes).
    pub(crate) fn generator_item(
        &mut self,
        hdl: PointerValue<'ctx>,
        item: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let promise_t = self.m.promise_type(item);
        let promise = promise_of(self.m, &self.b, hdl);
        let p = self
            .b
            .build_struct_gep(promise_t, promise, ITEM, "item.p")
            .ir()?;
        let t = promise_t.get_field_type_at_index(ITEM).expect("item");
        self.b.build_load(t.as_basic_type_enum(), p, "item").ir()
    }
}
