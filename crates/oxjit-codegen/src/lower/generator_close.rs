//! Closing a compiled generator: `oxjit.generator.close` (what `g.close()` runs, in compiled
//! code and from Python through the promise's `step`), and the destructor of a generator's
//! block, which closes an unfinished generator before its frame is freed. The body sees
//! `closing` set when resumed (see `generator.rs`, `close_at_yield`).

use inkwell::values::{AsValueRef, BasicValueEnum, FunctionValue, IntValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_core::callee::{Builtin, GenFn};
use oxjit_core::types::Type;

use super::bound::CallCx;
use super::generator::{
    coro_done, frame_of, promise_of, raw_call, CLOSE, CLOSED, CLOSING, EXC, FORCE, RAISED,
    RETURNED, YIELDED,
};
use super::{FnGen, Ir, ModuleGen, R};

impl<'ctx> ModuleGen<'ctx> {
    /// `oxjit.generator.drop(meminfo)`: the destructor of a generator's block. An unfinished
    /// generator is closed (`oxjit.generator.close`: it gives back what it holds and finishes);
    /// one that ignored the `GeneratorExit` and yielded again is resumed once more with
    /// `closing` at `FORCE`, finishing at that `yield` without running any handler (CPython
    /// clears such a frame). An exception raised while closing is dropped (CPython only prints
    /// it as unraisable).
    pub(crate) fn generator_drop_fn(&mut self) -> R<FunctionValue<'ctx>> {
        const NAME: &str = "oxjit.generator.drop";
        if let Some(f) = self.module.get_function(NAME) {
            return Ok(f);
        }
        let close_fn = self.generator_close_fn()?;
        let cx = self.cx;
        let (f, b, mi) = self.frame_fn(NAME, false);
        let force = cx.append_basic_block(f, "force");
        let done = cx.append_basic_block(f, "done");
        let hdl = frame_of(cx, &b, mi)?;
        let (raised, ignored) = close_generator(close_fn, &b, hdl)?;
        let i32t = cx.i32_type();
        let dropped = cx.append_basic_block(f, "dropped");
        let other = cx.append_basic_block(f, "other");
        b.build_conditional_branch(raised, dropped, other).ir()?;
        // The exception it raised while closing is dropped: with what it owns.
        b.position_at_end(dropped);
        let promise = promise_of(self, &b, hdl);
        let record = b
            .build_struct_gep(self.promise_type(&Type::NoneType), promise, EXC, "exc")
            .ir()?;
        self.release_record(&b, record)?;
        b.build_unconditional_branch(done).ir()?;
        b.position_at_end(other);
        b.build_conditional_branch(ignored, force, done).ir()?;
        b.position_at_end(force);
        let promise = promise_of(self, &b, hdl);
        let closing = b
            .build_struct_gep(
                self.promise_type(&Type::NoneType),
                promise,
                CLOSING,
                "closing",
            )
            .ir()?;
        b.build_store(closing, i32t.const_int(FORCE, false)).ir()?;
        raw_call(self, &b, "llvm.coro.resume", &[hdl.as_value_ref()]);
        b.build_unconditional_branch(done).ir()?;
        b.position_at_end(done);
        b.build_return(None).ir()?;
        Ok(f)
    }

    /// `i32 oxjit.generator.close(ptr frame)`: `close()`. A finished generator gives
    /// `RETURNED`; otherwise it is resumed with `closing` set (`GeneratorExit` at its `yield`)
    /// and gives the state it left: `CLOSED` or `RETURNED` when it finished, `RAISED` with its
    /// exception in its record, or `YIELDED` when it ignored the `GeneratorExit` (then it stays
    /// suspended there, `closing` cleared, as CPython's generator after that RuntimeError).
    pub(crate) fn generator_close_fn(&mut self) -> R<FunctionValue<'ctx>> {
        const NAME: &str = "oxjit.generator.close";
        if let Some(f) = self.module.get_function(NAME) {
            return Ok(f);
        }
        let cx = self.cx;
        let ptr = cx.ptr_type(AddressSpace::default());
        let i32t = cx.i32_type();
        let (f, b, hdl) = self.frame_fn(NAME, true);
        let close = cx.append_basic_block(f, "close");
        let ignored = cx.append_basic_block(f, "ignored");
        let finished_bb = cx.append_basic_block(f, "finished");
        let left = cx.append_basic_block(f, "left");
        let finished = coro_done(self, &b, hdl);
        b.build_conditional_branch(finished, finished_bb, close)
            .ir()?;
        b.position_at_end(finished_bb);
        b.build_return(Some(&i32t.const_int(RETURNED, false)))
            .ir()?;
        b.position_at_end(close);
        let promise_t = self.promise_type(&Type::NoneType);
        let promise = promise_of(self, &b, hdl);
        let closing = b
            .build_struct_gep(promise_t, promise, CLOSING, "closing")
            .ir()?;
        b.build_store(closing, i32t.const_int(CLOSE, false)).ir()?;
        raw_call(self, &b, "llvm.coro.resume", &[hdl.as_value_ref()]);
        let finished = coro_done(self, &b, hdl);
        b.build_conditional_branch(finished, left, ignored).ir()?;
        b.position_at_end(ignored);
        b.build_store(closing, i32t.const_zero()).ir()?;
        b.build_return(Some(&i32t.const_int(YIELDED, false))).ir()?;
        b.position_at_end(left);
        let state = b.build_load(i32t, promise, "state").ir()?.into_int_value();
        // The GeneratorExit raised at the `yield` leaving the body: closed, no error.
        let raised = b
            .build_int_compare(
                IntPredicate::EQ,
                state,
                i32t.const_int(RAISED, false),
                "raised",
            )
            .ir()?;
        let check = cx.append_basic_block(f, "check");
        let plain = cx.append_basic_block(f, "plain");
        let exited = cx.append_basic_block(f, "exited");
        b.build_conditional_branch(raised, check, plain).ir()?;
        b.position_at_end(check);
        let record = b.build_struct_gep(promise_t, promise, EXC, "exc").ir()?;
        let exc_t = self.exc_info_type();
        let class_p = b.build_struct_gep(exc_t, record, 0, "class.p").ir()?;
        let class = b.build_load(ptr, class_p, "class").ir()?;
        let len_p = b.build_struct_gep(exc_t, record, 1, "len.p").ir()?;
        let len = b.build_load(cx.i64_type(), len_p, "len").ir()?;
        const EXIT: &str = "GeneratorExit";
        let name = self.string(&b, EXIT)?;
        let name_len = cx.i64_type().const_int(EXIT.len() as u64, false);
        let matches = self.runtime(oxjit_abi::RuntimeFn::ExceptionMatches);
        let hit = b
            .build_call(
                matches,
                &[class.into(), len.into(), name.into(), name_len.into()],
                "exit",
            )
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("a bool")
            .into_int_value();
        b.build_conditional_branch(hit, exited, plain).ir()?;
        b.position_at_end(exited);
        b.build_store(promise, i32t.const_int(CLOSED, false)).ir()?;
        b.build_return(Some(&i32t.const_int(CLOSED, false))).ir()?;
        b.position_at_end(plain);
        b.build_return(Some(&state)).ir()?;
        Ok(f)
    }
}

/// A generator's method in compiled code.
pub(super) fn generator_method<'a, 'ctx: 'a>(
    g: &mut FnGen<'a, 'ctx>,
    c: &CallCx<'_, 'ctx>,
) -> R<BasicValueEnum<'ctx>> {
    match c.id {
        Builtin::Generator(GenFn::Send) => super::generator_send::generator_send(g, c),
        Builtin::Generator(GenFn::Throw) => super::generator_send::generator_throw(g, c),
        Builtin::Generator(GenFn::Forward) => super::generator_send::generator_forward(g, c),
        Builtin::Generator(GenFn::ReturnValue) => {
            super::generator_send::generator_return_value(g, c)
        }
        _ => generator_close(g, c),
    }
}

/// `g.close()` in compiled code: an exception the body raises while closing is raised here;
/// a generator that yields again is CPython's `RuntimeError`.
fn generator_close<'a, 'ctx: 'a>(
    g: &mut FnGen<'a, 'ctx>,
    c: &CallCx<'_, 'ctx>,
) -> R<BasicValueEnum<'ctx>> {
    let Type::Generator(item) = &c.args[0].t else {
        unreachable!("typed as a generator's method")
    };
    let mi = c.args[0].v.into_pointer_value();
    let hdl = g.generator_frame(mi)?;
    let close_fn = g.m.generator_close_fn()?;
    let (raised, ignored) = close_generator(close_fn, &g.b, hdl)?;
    let f = g.f;
    let raised_bb = g.cx().append_basic_block(f, "close.raised");
    let ignored_bb = g.cx().append_basic_block(f, "close.ignored");
    let other = g.cx().append_basic_block(f, "close.other");
    let done = g.cx().append_basic_block(f, "close.done");
    g.b.build_conditional_branch(raised, raised_bb, other)
        .ir()?;
    g.b.position_at_end(raised_bb);
    let promise_t = g.m.promise_type(item);
    let promise = promise_of(g.m, &g.b, hdl);
    g.take_generator_exception(promise, promise_t)?;
    g.leave_raised()?;
    g.b.position_at_end(other);
    g.b.build_conditional_branch(ignored, ignored_bb, done)
        .ir()?;
    g.b.position_at_end(ignored_bb);
    g.fill_exc("RuntimeError", "generator ignored GeneratorExit", None)?;
    g.leave_raised()?;
    g.b.position_at_end(done);
    Ok(g.cx().i8_type().const_zero().into())
}

/// Calls `close_fn` (`oxjit.generator.close`) on the frame `hdl`: whether the body raised while
/// closing, and whether it ignored the `GeneratorExit` (yielded again). The two callers, `g.close()`
/// and the block's destructor, differ only in what they do with these.
fn close_generator<'ctx>(
    close_fn: FunctionValue<'ctx>,
    b: &inkwell::builder::Builder<'ctx>,
    hdl: inkwell::values::PointerValue<'ctx>,
) -> R<(IntValue<'ctx>, IntValue<'ctx>)> {
    let state = b
        .build_call(close_fn, &[hdl.into()], "state")
        .ir()?
        .try_as_basic_value()
        .basic()
        .expect("a state")
        .into_int_value();
    let i32t = state.get_type();
    let is = |s: u64, name: &str| {
        b.build_int_compare(IntPredicate::EQ, state, i32t.const_int(s, false), name)
            .ir()
    };
    Ok((is(RAISED, "raised")?, is(YIELDED, "ignored")?))
}
