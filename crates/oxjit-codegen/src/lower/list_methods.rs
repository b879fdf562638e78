//! The methods of lists and the builtins that make them (`list(x)`, `sorted(x)`), with
//! CPython's semantics and messages (Objects/listobject.c): `insert` clamps its index, `pop`
//! checks for an empty list first, `index` takes `start`/`stop` as slice bounds, `sort` is
//! stable and keeps equal items in order when reversed.

use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_abi::RuntimeFn;
use oxjit_core::callee::ListFn;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::CmpOp;
use oxjit_core::registry::tuple::Equality;
use oxjit_core::registry::Builtin;
use oxjit_core::types::Type;

use super::bound::{Arg, CallCx};
use super::{FnGen, Ir, R};

/// The implementation of every callable of the list family.
pub(super) fn list_call<'a, 'ctx: 'a>(
    g: &mut FnGen<'a, 'ctx>,
    c: &CallCx<'_, 'ctx>,
) -> R<BasicValueEnum<'ctx>> {
    let Builtin::List(f) = c.id else {
        return Err(Diagnostic::internal(format!(
            "{:?} is no list method",
            c.id
        )));
    };
    let none = g.cx().i8_type().const_zero().into();
    match f {
        ListFn::New => {
            let out = g.list_from_iterable(&c.args[0], c.result)?;
            g.mark_untyped(out, super::typed::LIST_TYPED_WORD)?;
            Ok(out.into())
        }
        // `typed.List(iterable)`: as `list(iterable)`, marked typed.
        ListFn::TypedNew if !c.args.is_empty() => {
            let out = g.list_from_iterable(&c.args[0], c.result)?;
            g.mark_typed(out, super::typed::LIST_TYPED_WORD)?;
            Ok(out.into())
        }
        // `typed.List()`, `List.empty_list(t, allocated)` (a capacity hint: the list grows).
        ListFn::TypedNew | ListFn::EmptyList => {
            let out = g.new_list(item(c.result), g.i64(0))?;
            g.mark_typed(out, super::typed::LIST_TYPED_WORD)?;
            Ok(out.into())
        }
        ListFn::Sorted => {
            let out = g.list_from_iterable(&c.args[0], c.result)?;
            g.mark_untyped(out, super::typed::LIST_TYPED_WORD)?;
            g.list_sort(out, item(c.result), &c.args[2])?;
            Ok(out.into())
        }
        _ => {
            let list = c.args[0].v.into_pointer_value();
            let it = item(&c.args[0].t).clone();
            match f {
                ListFn::Append => g.list_append(list, &it, c.args[1].v, &c.args[1].t)?,
                ListFn::Insert => g.list_insert(list, &it, &c.args[1], &c.args[2])?,
                ListFn::Extend => g.list_extend(list, &it, &c.args[1])?,
                ListFn::Pop => return g.list_pop(list, &it, &c.args[1]),
                ListFn::Remove => g.list_remove(list, &it, &c.args[1])?,
                ListFn::Clear => {
                    g.call_runtime(RuntimeFn::ListClear, &[list.into()])?;
                }
                ListFn::Index => return g.list_find(list, &it, &c.args[1..]),
                ListFn::Count => return g.list_count(list, &it, &c.args[1]),
                ListFn::Contains => {
                    let len = g.list_len(list)?;
                    let x = &c.args[1];
                    let k = g.find_index(len, &mut |g, k| g.item_equals(list, &it, k, x))?;
                    let found =
                        g.b.build_int_compare(IntPredicate::SLT, k, len, "found")
                            .ir()?;
                    return Ok(found.into());
                }
                ListFn::DelItem => g.list_delitem(list, &it, &c.args[1])?,
                ListFn::Reverse => {
                    g.call_runtime(RuntimeFn::ListReverse, &[list.into()])?;
                }
                ListFn::Sort => g.list_sort(list, &it, &c.args[2])?,
                ListFn::SortByKeys => g.list_sort_by_keys(list, &c.args[1], &c.args[2])?,
                ListFn::Copy => {
                    let len = g.list_len(list)?;
                    return g.list_slice(list, g.i64(0), g.i64(1), len);
                }
                ListFn::New | ListFn::Sorted | ListFn::TypedNew | ListFn::EmptyList => {
                    unreachable!("handled above")
                }
            }
            Ok(none)
        }
    }
}

fn item(t: &Type) -> &Type {
    match t {
        Type::List(item) => item,
        _ => unreachable!("{t} is no list"),
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `list.append(x)`: grows (as CPython) only when full.
    pub(crate) fn list_append(
        &mut self,
        list: PointerValue<'ctx>,
        item: &Type,
        x: BasicValueEnum<'ctx>,
        from: &Type,
    ) -> R<()> {
        let len = self.list_len(list)?;
        let cap = self.list_cap(list)?;
        let full = self
            .b
            .build_int_compare(IntPredicate::SGE, len, cap, "full")
            .ir()?;
        let grow = self.cx().append_basic_block(self.f, "append.grow");
        let store = self.cx().append_basic_block(self.f, "append.store");
        let br = self.b.build_conditional_branch(full, grow, store).ir()?;
        self.unlikely_true(br);
        self.b.position_at_end(grow);
        let n = self.b.build_int_add(len, self.i64(1), "n").ir()?;
        let status = self
            .call_runtime(RuntimeFn::ListReserve, &[list.into(), n.into()])?
            .expect("a status");
        self.check_memory(status)?;
        self.b.build_unconditional_branch(store).ir()?;
        self.b.position_at_end(store);
        self.list_store_new(list, item, len, x, from)?;
        let n = self.b.build_int_add(len, self.i64(1), "n").ir()?;
        self.set_list_len(list, n)?;
        self.list_dirty(list)
    }

    /// Marks a branch whose true side is rare (the list is full).
    fn unlikely_true(&self, br: inkwell::values::InstructionValue<'ctx>) {
        let cx = self.cx();
        let weights = cx.metadata_node(&[
            cx.metadata_string("branch_weights").into(),
            cx.i32_type().const_int(1, false).into(),
            cx.i32_type().const_int(1 << 20, false).into(),
        ]);
        let _ = br.set_metadata(weights, cx.get_kind_id("prof"));
    }

    /// `list.insert(i, x)`: `i` clamped to `0..=len` after counting a negative one from the end.
    fn list_insert(
        &mut self,
        list: PointerValue<'ctx>,
        item: &Type,
        index: &Arg<'ctx>,
        x: &Arg<'ctx>,
    ) -> R<()> {
        let len = self.list_len(list)?;
        let i = self.cast(index.v, &index.t, &Type::I64)?.into_int_value();
        let i = self.clamp_index(i, len)?;
        let status = self
            .call_runtime(
                RuntimeFn::ListOpen,
                &[list.into(), i.into(), self.i64(1).into()],
            )?
            .expect("a status");
        self.check_memory(status)?;
        self.list_store_new(list, item, i, x.v, &x.t)
    }

    /// A bound as `slice.indices` treats it: negative from the end, then within `0..=len`.
    pub(crate) fn clamp_index(&self, i: IntValue<'ctx>, len: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        use IntPredicate::*;
        let b = &self.b;
        let neg = b.build_int_compare(SLT, i, self.i64(0), "neg").ir()?;
        let plus = b.build_int_add(i, len, "plus").ir()?;
        let i = b.build_select(neg, plus, i, "i").ir()?.into_int_value();
        let low = b.build_int_compare(SLT, i, self.i64(0), "low").ir()?;
        let i = b
            .build_select(low, self.i64(0), i, "i")
            .ir()?
            .into_int_value();
        let high = b.build_int_compare(SGT, i, len, "high").ir()?;
        Ok(b.build_select(high, len, i, "i").ir()?.into_int_value())
    }

    /// `list.extend(iterable)`.
    fn list_extend(&mut self, list: PointerValue<'ctx>, item: &Type, from: &Arg<'ctx>) -> R<()> {
        if let Type::List(src_item) = &from.t {
            return self.list_extend_list(list, item, from.v.into_pointer_value(), src_item);
        }
        let item = item.clone();
        self.for_each_item(from.v, &from.t, &mut |g, x, t| {
            g.list_append(list, &item, x, t)
        })
    }

    /// Runs `body` on each item of an iterable (borrowed).
    pub(crate) fn for_each_item(
        &mut self,
        iterable: BasicValueEnum<'ctx>,
        t: &Type,
        body: &mut dyn FnMut(&mut Self, BasicValueEnum<'ctx>, &Type) -> R<()>,
    ) -> R<()> {
        let it_t = oxjit_core::types::iter_type(t).map_err(Diagnostic::internal)?;
        let next_t = oxjit_core::types::next_type(&it_t);
        let state = self.make_iter(iterable, t)?;
        let header = self.cx().append_basic_block(self.f, "each.header");
        let body_bb = self.cx().append_basic_block(self.f, "each.body");
        let exit = self.cx().append_basic_block(self.f, "each.exit");
        self.b.build_unconditional_branch(header).ir()?;
        self.b.position_at_end(header);
        let valid = self.iter_valid(state, &it_t)?;
        self.b.build_conditional_branch(valid, body_bb, exit).ir()?;
        self.b.position_at_end(body_bb);
        let x = self.iter_next(state, &it_t)?;
        body(self, x, &next_t)?;
        // `body` borrows the item (taking its own reference to what it keeps); the characters
        // of a string come as new strings, given back here.
        if oxjit_core::analysis::refcount::yields_new_strings(&it_t) {
            self.decref(x, &next_t)?;
        }
        self.b.build_unconditional_branch(header).ir()?;
        self.b.position_at_end(exit);
        Ok(())
    }

    /// `list(iterable)` (a copy of a list), as a list of type `result`.
    fn list_from_iterable(&mut self, from: &Arg<'ctx>, result: &Type) -> R<PointerValue<'ctx>> {
        if from.t == *result {
            let src = from.v.into_pointer_value();
            let len = self.list_len(src)?;
            return Ok(self
                .list_slice(src, self.i64(0), self.i64(1), len)?
                .into_pointer_value());
        }
        let it = item(result).clone();
        let list = self.new_list(&it, self.i64(0))?;
        // The new list is released if an item raises (a list made while it runs).
        self.extra_live.push((list.into(), result.clone()));
        self.for_each_item(from.v, &from.t, &mut |g, x, t| {
            g.list_append(list, &it, x, t)
        })?;
        self.extra_live.pop();
        Ok(list)
    }

    /// `list.pop(i=-1)`: the item leaves the list with its reference.
    fn list_pop(
        &mut self,
        list: PointerValue<'ctx>,
        item: &Type,
        index: &Arg<'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        let len = self.list_len(list)?;
        let nonempty = self
            .b
            .build_int_compare(IntPredicate::NE, len, self.i64(0), "nonempty")
            .ir()?;
        self.check(nonempty, "IndexError", "pop from empty list")?;
        let i = self.list_index(list, index.v, &index.t, "pop index out of range")?;
        let x = self.list_load(list, item, i)?;
        // Popping the last item (`l.pop()`, the common case) only shortens the list: done
        // here; other positions close the gap in the runtime.
        let last = self.b.build_int_sub(len, self.i64(1), "last").ir()?;
        let at_end = self
            .b
            .build_int_compare(IntPredicate::EQ, i, last, "at_end")
            .ir()?;
        let shorten = self.cx().append_basic_block(self.f, "pop.last");
        let close = self.cx().append_basic_block(self.f, "pop.inside");
        let done = self.cx().append_basic_block(self.f, "pop.done");
        self.b
            .build_conditional_branch(at_end, shorten, close)
            .ir()?;
        self.b.position_at_end(shorten);
        self.set_list_len(list, last)?;
        self.list_dirty(list)?;
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(close);
        self.call_runtime(
            RuntimeFn::ListClose,
            &[list.into(), i.into(), self.i64(1).into()],
        )?;
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        Ok(x)
    }

    /// `del list[i]`, `del list[a:b:c]`.
    fn list_delitem(&mut self, list: PointerValue<'ctx>, item: &Type, index: &Arg<'ctx>) -> R<()> {
        if index.t == Type::Slice {
            let len = self.list_len(list)?;
            let (start, count, step) = self.slice_indices(index.v.into_struct_value(), len)?;
            self.call_runtime(
                RuntimeFn::ListDelete,
                &[list.into(), start.into(), step.into(), count.into()],
            )?;
            return Ok(());
        }
        let i = self.list_index(
            list,
            index.v,
            &index.t,
            "list assignment index out of range",
        )?;
        let old = self.list_load(list, item, i)?;
        self.call_runtime(
            RuntimeFn::ListClose,
            &[list.into(), i.into(), self.i64(1).into()],
        )?;
        self.decref(old, item)
    }

    /// Whether item `k` equals `x`.
    fn item_equals(
        &mut self,
        list: PointerValue<'ctx>,
        item: &Type,
        k: IntValue<'ctx>,
        x: &Arg<'ctx>,
    ) -> R<IntValue<'ctx>> {
        // Values of different kinds (a number and a string...) are never equal.
        if oxjit_core::registry::tuple::equality(item, &x.t) == Equality::Never {
            return Ok(self.cx().bool_type().const_zero());
        }
        let a = self.list_load(list, item, k)?;
        self.compare_values(CmpOp::Eq, a, item, x.v, &x.t)
    }

    /// `list.remove(x)`: the first equal item.
    fn list_remove(&mut self, list: PointerValue<'ctx>, item: &Type, x: &Arg<'ctx>) -> R<()> {
        let len = self.list_len(list)?;
        let it = item.clone();
        let k = self.find_index(len, &mut |g, k| g.item_equals(list, &it, k, x))?;
        let found = self
            .b
            .build_int_compare(IntPredicate::SLT, k, len, "found")
            .ir()?;
        self.check(found, "ValueError", "list.remove(x): x not in list")?;
        let old = self.list_load(list, item, k)?;
        self.call_runtime(
            RuntimeFn::ListClose,
            &[list.into(), k.into(), self.i64(1).into()],
        )?;
        self.decref(old, item)
    }

    /// `list.index(x, start, stop)`.
    fn list_find(
        &mut self,
        list: PointerValue<'ctx>,
        item: &Type,
        args: &[Arg<'ctx>],
    ) -> R<BasicValueEnum<'ctx>> {
        let (x, start, stop) = (&args[0], &args[1], &args[2]);
        let len = self.list_len(list)?;
        let start = self.cast(start.v, &start.t, &Type::I64)?.into_int_value();
        let stop = self.cast(stop.v, &stop.t, &Type::I64)?.into_int_value();
        let start = self.clamp_index(start, len)?;
        let stop = self.clamp_index(stop, len)?;
        let it = item.clone();
        let k = self.find_index_from(start, stop, &mut |g, k| g.item_equals(list, &it, k, x))?;
        let found = self
            .b
            .build_int_compare(IntPredicate::SLT, k, stop, "found")
            .ir()?;
        match &x.t {
            Type::Int(_) => {
                let xv = self.cast(x.v, &x.t, &Type::I64)?.into_int_value();
                self.check_formatted(found, "ValueError", "{0} is not in list", &[xv])?;
            }
            Type::Bool => {
                let fail = self.cx().append_basic_block(self.f, "raise");
                let cont = self.cx().append_basic_block(self.f, "ok");
                let on_true = self.cx().append_basic_block(self.f, "raise.true");
                let on_false = self.cx().append_basic_block(self.f, "raise.false");
                self.b.build_conditional_branch(found, cont, fail).ir()?;
                self.b.position_at_end(fail);
                let is_true = x.v.into_int_value();
                self.b
                    .build_conditional_branch(is_true, on_true, on_false)
                    .ir()?;
                self.b.position_at_end(on_true);
                self.raise("ValueError", "True is not in list", None)?;
                self.b.position_at_end(on_false);
                self.raise("ValueError", "False is not in list", None)?;
                self.b.position_at_end(cont);
            }
            // CPython's message names the value by its repr: `'zz' is not in list`.
            _ => {
                let fail = self.cx().append_basic_block(self.f, "raise");
                let cont = self.cx().append_basic_block(self.f, "ok");
                let br = self.b.build_conditional_branch(found, cont, fail).ir()?;
                self.unlikely(br);
                self.b.position_at_end(fail);
                let msg = self.repr_then(x.v, &x.t, " is not in list")?;
                self.raise_text("ValueError", msg)?;
                self.b.position_at_end(cont);
            }
        }
        Ok(k.into())
    }

    /// `list.count(x)`.
    fn list_count(
        &mut self,
        list: PointerValue<'ctx>,
        item: &Type,
        x: &Arg<'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        let len = self.list_len(list)?;
        let acc = self.alloca(self.cx().i64_type().into(), "count")?;
        self.b.build_store(acc, self.i64(0)).ir()?;
        let it = item.clone();
        self.for_each_index(&[len], &mut |g, idx| {
            let eq = g.item_equals(list, &it, idx[0], x)?;
            let i64t = g.cx().i64_type();
            let n = g.b.build_load(i64t, acc, "n").ir()?.into_int_value();
            let inc = g.b.build_int_z_extend(eq, i64t, "inc").ir()?;
            let n = g.b.build_int_add(n, inc, "n").ir()?;
            g.b.build_store(acc, n).ir()?;
            Ok(())
        })?;
        self.b.build_load(self.cx().i64_type(), acc, "count").ir()
    }

    /// `list.sort(reverse=...)`: the runtime's stable merge sort by a generated `<`.
    fn list_sort(&mut self, list: PointerValue<'ctx>, item: &Type, reverse: &Arg<'ctx>) -> R<()> {
        let lt = self.comparison_fn(item, CmpOp::Lt)?;
        let kind = sort_kind(item);
        let reverse = self.truth(reverse.v, &reverse.t)?;
        let status = self
            .call_runtime(
                RuntimeFn::ListSort,
                &[
                    list.into(),
                    lt.as_global_value().as_pointer_value().into(),
                    reverse.into(),
                    self.i64(kind).into(),
                ],
            )?
            .expect("a status");
        let fault = match item {
            Type::Optional(_) => Some(self.take_order_fault()?),
            _ => None,
        };
        self.check_memory(status)?;
        if let Some(kind) = fault {
            self.raise_order_fault(kind, item)?;
        }
        Ok(())
    }

    /// `l.__sort_by_keys__(keys, reverse)` (`sorted(xs, key=f)`, `l.sort(key=f)`): `l` sorted
    /// stably by the keys; ValueError where the key function changed the list's length.
    fn list_sort_by_keys(
        &mut self,
        list: PointerValue<'ctx>,
        keys: &Arg<'ctx>,
        reverse: &Arg<'ctx>,
    ) -> R<()> {
        let key = item(&keys.t).clone();
        let lt = self.comparison_fn(&key, CmpOp::Lt)?;
        let reverse = self.truth(reverse.v, &reverse.t)?;
        let status = self
            .call_runtime(
                RuntimeFn::ListSortByKeys,
                &[
                    list.into(),
                    keys.v.into(),
                    lt.as_global_value().as_pointer_value().into(),
                    reverse.into(),
                    self.i64(sort_kind(&key)).into(),
                ],
            )?
            .expect("a status")
            .into_int_value();
        let fault = match key {
            Type::Optional(_) => Some(self.take_order_fault()?),
            _ => None,
        };
        let changed = self
            .b
            .build_int_compare(
                IntPredicate::NE,
                status,
                status.get_type().const_int(2, false),
                "same",
            )
            .ir()?;
        self.check(changed, "ValueError", "list modified during sort")?;
        self.check_memory(status.into())?;
        if let Some(kind) = fault {
            self.raise_order_fault(kind, &key)?;
        }
        Ok(())
    }
}

/// What the runtime's sorts compare directly, without the generated `<` (`oxjit-runtime`'s
/// `sort_keyed.rs`): 1 float64, 2 int64, 3 strings, 0 anything else.
fn sort_kind(t: &Type) -> i64 {
    match t {
        Type::Float(64) => 1,
        Type::Int(i) if i.bits == 64 && i.signed => 2,
        Type::Str => 3,
        Type::Tuple(items) => tuple_sort_kind(items),
        _ => 0,
    }
}

/// The runtime's kind of a tuple of 2 to 4 int64s and float64s (`sort_tuples.rs`: `4 | n << 8
/// | floats << 16`), compared there without a call per comparison; 0 (the generated `<`)
/// otherwise.
fn tuple_sort_kind(items: &[Type]) -> i64 {
    if !(2..=4).contains(&items.len()) {
        return 0;
    }
    let mut floats = 0;
    for (i, t) in items.iter().enumerate() {
        match t {
            Type::Float(64) => floats |= 1 << i,
            Type::Int(n) if n.bits == 64 && n.signed => {}
            _ => return 0,
        }
    }
    4 | (items.len() as i64) << 8 | floats << 16
}
