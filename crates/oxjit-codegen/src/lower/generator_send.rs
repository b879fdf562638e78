//! `g.send(v)` and `g.throw(E[, v])` in compiled code: the value, or the exception, is put in
//! the generator's promise (its `SENT` slot, or its own exception record with `closing` at
//! `THROW`), and the generator is resumed as `next(g)` resumes it (`generator_advance`): its
//! next item is returned, `StopIteration` raised where it finishes, its exception raised here.

use inkwell::values::BasicValueEnum;
use inkwell::IntPredicate;
use oxjit_core::ir::Value;
use oxjit_core::types::Type;

use super::bound::CallCx;
use oxjit_core::types::generator::{refused_send, SENT_REFUSED};

use super::generator::{
    coro_done, promise_of, CLOSING, EXC, NEW, RECEIVES, RETURNED, RETURNED_VALUE, SENT, STATE,
    THROW,
};
use super::{FnGen, Ir, R};

/// `g.send(v)`: `v` (converted to the type the generator's `yield` expressions receive) is the
/// value of the one where it is suspended; `None` is `next(g)`. A value other than `None` sent
/// to a just-started generator is CPython's `TypeError`.
pub(super) fn generator_send<'a, 'ctx: 'a>(
    g: &mut FnGen<'a, 'ctx>,
    c: &CallCx<'_, 'ctx>,
) -> R<BasicValueEnum<'ctx>> {
    let Type::Generator(item) = &c.args[0].t else {
        unreachable!("typed as a generator's method")
    };
    let hdl = g.generator_frame(c.args[0].v.into_pointer_value())?;
    let value = &c.args[1];
    if value.t != Type::NoneType {
        let promise_t = g.m.promise_type(item);
        let promise = promise_of(g.m, &g.b, hdl);
        let i32t = g.cx().i32_type();
        let is_not = |g: &mut FnGen<'a, 'ctx>, field: u32, x: u64, name: &str| {
            let p = g.b.build_struct_gep(promise_t, promise, field, name).ir()?;
            let v = g.b.build_load(i32t, p, name).ir()?.into_int_value();
            let x = i32t.const_int(x, false);
            g.b.build_int_compare(IntPredicate::NE, v, x, name).ir()
        };
        let started = is_not(g, STATE, NEW, "started")?;
        g.check(
            started,
            "TypeError",
            "can't send non-None value to a just-started generator",
        )?;
        // A generator whose `yield` expressions cannot receive it (a `yield from`).
        let ok = is_not(g, RECEIVES, SENT_REFUSED as u64, "receives")?;
        g.check(ok, "TypeError", &refused_send(item))?;
        let sent_t = promise_t.get_field_type_at_index(SENT).expect("sent");
        let Some(to) = oxjit_core::types::generator::sent_type(item) else {
            unreachable!("typing lets only None through to a generator receiving nothing")
        };
        let to = Type::Optional(std::sync::Arc::new(to));
        let sent = g.cast(value.v, &value.t, &to)?;
        debug_assert_eq!(sent.get_type(), sent_t);
        let sent_p =
            g.b.build_struct_gep(promise_t, promise, SENT, "sent.p")
                .ir()?;
        g.b.build_store(sent_p, sent).ir()?;
    }
    next_item(g, hdl, item)
}

/// A `yield from` passing what was sent to it (`c.args[1]`: an optional, or `None` where its
/// iterable is no generator receiving the same) on to its inner generator (`c.args[0]`): put
/// in that one's `SENT` slot, where it reads it as the loop resumes it. An inner generator that
/// cannot receive it refuses a value other than `None`, as `send` does.
pub(super) fn generator_forward<'a, 'ctx: 'a>(
    g: &mut FnGen<'a, 'ctx>,
    c: &CallCx<'_, 'ctx>,
) -> R<BasicValueEnum<'ctx>> {
    let none: BasicValueEnum<'ctx> = g.cx().i8_type().const_zero().into();
    let (Type::Generator(item), Type::Optional(_)) = (&c.args[0].t, &c.args[1].t) else {
        return Ok(none);
    };
    let hdl = g.generator_frame(c.args[0].v.into_pointer_value())?;
    let promise_t = g.m.promise_type(item);
    let promise = promise_of(g.m, &g.b, hdl);
    let sent = c.args[1].v;
    let i32t = g.cx().i32_type();
    let p =
        g.b.build_struct_gep(promise_t, promise, RECEIVES, "receives")
            .ir()?;
    let receives = g.b.build_load(i32t, p, "receives").ir()?.into_int_value();
    let refused = i32t.const_int(SENT_REFUSED as u64, false);
    let takes =
        g.b.build_int_compare(IntPredicate::NE, receives, refused, "takes")
            .ir()?;
    let some =
        g.b.build_extract_value(sent.into_struct_value(), 0, "some")
            .ir()?
            .into_int_value();
    let is_none = g.b.build_not(some, "none").ir()?;
    let ok = g.b.build_or(takes, is_none, "ok").ir()?;
    g.check(ok, "TypeError", &refused_send(item))?;
    let sent_p =
        g.b.build_struct_gep(promise_t, promise, SENT, "sent.p")
            .ir()?;
    g.b.build_store(sent_p, sent).ir()?;
    Ok(none)
}

/// The value of `x = yield from g` once the loop over `g` ended: what `g`'s body returned
/// (state `RETURNED_VALUE`, the value in the item's place), else `None`. Delivered once, as
/// CPython's `StopIteration.value`: the state goes back to `RETURNED` (and a consumer that
/// finds `g` already finished sets it so too, `generator_advance`), so that a later `yield
/// from` of the exhausted generator gets `None`.
pub(super) fn generator_return_value<'a, 'ctx: 'a>(
    g: &mut FnGen<'a, 'ctx>,
    c: &CallCx<'_, 'ctx>,
) -> R<BasicValueEnum<'ctx>> {
    let (Type::Generator(item), Type::Optional(_)) = (&c.args[0].t, c.result) else {
        return Ok(g.cx().i8_type().const_zero().into());
    };
    let hdl = g.generator_frame(c.args[0].v.into_pointer_value())?;
    let promise_t = g.m.promise_type(item);
    let promise = promise_of(g.m, &g.b, hdl);
    let i32t = g.cx().i32_type();
    let state_p =
        g.b.build_struct_gep(promise_t, promise, STATE, "state.p")
            .ir()?;
    let state =
        g.b.build_load(i32t, state_p, "state")
            .ir()?
            .into_int_value();
    let returned = i32t.const_int(RETURNED_VALUE, false);
    let has =
        g.b.build_int_compare(IntPredicate::EQ, state, returned, "has")
            .ir()?;
    let new_state =
        g.b.build_select(has, i32t.const_int(RETURNED, false), state, "state")
            .ir()?;
    g.b.build_store(state_p, new_state).ir()?;
    let value = g.generator_item(hdl, item)?;
    let opt_t = g.m.llvm_type(c.result).into_struct_type();
    let some =
        g.b.build_insert_value(opt_t.const_zero(), has, 0, "opt")
            .ir()?;
    let zero = value.get_type().const_zero();
    let value = g.b.build_select(has, value, zero, "value").ir()?;
    let opt = g.b.build_insert_value(some, value, 1, "opt").ir()?;
    Ok(opt.into_struct_value().into())
}

/// `g.throw(E[, v])`: `E(v)` raised at the `yield` where the generator is suspended (its
/// handlers may catch it and yield again: that item is returned); a finished generator raises
/// it here at once, a just-started one raises it out of its body (it is then finished), as
/// CPython.
pub(super) fn generator_throw<'a, 'ctx: 'a>(
    g: &mut FnGen<'a, 'ctx>,
    c: &CallCx<'_, 'ctx>,
) -> R<BasicValueEnum<'ctx>> {
    let (Type::Generator(item), Type::ExceptionClass(class)) = (&c.args[0].t, &c.args[1].t) else {
        unreachable!("typed as a generator's method with an exception class")
    };
    // `throw(E, None)` is `throw(E)`, as CPython.
    let args: Vec<Value> = match c.args.get(2) {
        Some(a) if a.t != Type::NoneType => a.src.into_iter().collect(),
        _ => vec![],
    };
    let hdl = g.generator_frame(c.args[0].v.into_pointer_value())?;
    let finished = coro_done(g.m, &g.b, hdl);
    let f = g.f;
    let at_once = g.cx().append_basic_block(f, "throw.finished");
    let into = g.cx().append_basic_block(f, "throw.into");
    g.b.build_conditional_branch(finished, at_once, into).ir()?;
    g.b.position_at_end(at_once);
    g.fill_raised(class, &args)?;
    g.leave_raised()?;
    g.b.position_at_end(into);
    let promise_t = g.m.promise_type(item);
    let promise = promise_of(g.m, &g.b, hdl);
    // The exception goes into the generator's own record, where its body raises it.
    let record = g.b.build_struct_gep(promise_t, promise, EXC, "exc").ir()?;
    let own = std::mem::replace(&mut g.exc_ptr, record);
    let filled = g.fill_raised(class, &args);
    g.exc_ptr = own;
    filled?;
    let closing =
        g.b.build_struct_gep(promise_t, promise, CLOSING, "closing.p")
            .ir()?;
    let i32t = g.cx().i32_type();
    g.b.build_store(closing, i32t.const_int(THROW, false))
        .ir()?;
    next_item(g, hdl, item)
}

/// Resumes the generator `hdl` and gives its next item (a new reference), raising its exception,
/// or `StopIteration` where it finishes. `closing` is cleared once it suspends again.
fn next_item<'a, 'ctx: 'a>(
    g: &mut FnGen<'a, 'ctx>,
    hdl: inkwell::values::PointerValue<'ctx>,
    item: &Type,
) -> R<BasicValueEnum<'ctx>> {
    let valid = g.generator_advance(hdl, item)?;
    let promise_t = g.m.promise_type(item);
    let promise = promise_of(g.m, &g.b, hdl);
    let closing =
        g.b.build_struct_gep(promise_t, promise, CLOSING, "closing.p")
            .ir()?;
    g.b.build_store(closing, g.cx().i32_type().const_zero())
        .ir()?;
    g.check(valid, "StopIteration", "")?;
    let value = g.generator_item(hdl, item)?;
    g.incref(value, item)?;
    Ok(value)
}
