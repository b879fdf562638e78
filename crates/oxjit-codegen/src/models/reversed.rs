//! `reversed(x)` (see `oxjit-core/src/types/reversed.rs`): the value is `x`; the iterator
//! reuses the state of `x`'s forward iterator and walks it from the end. A list's state is
//! `{list, index}`: valid while `0 <= index < len(list)` (CPython's `list_reverseiterator`
//! checks the current length), so a list that shrinks ends the walk as in CPython. A tuple's is
//! `{index, length, items}`, a string's `{string, index}` (by code point), their index counting
//! down. A range's is a range iterator from the
//! last item with the step negated.

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_abi::{RuntimeFn, StrOp};
use oxjit_core::types::Type;

use super::{state_pointer, TypeModel};
use crate::lower::{FnGen, Ir, ModuleGen, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `reversed(x)`: the iterator of `Type::Reversed(x)` (it is an iterator in CPython:
    /// `next()` steps it), borrowing `x` (a string constant's static string).
    pub(crate) fn reversed_builtin(
        &mut self,
        x: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let (x, seq) = if oxjit_core::types::is_str(t) {
            (self.str_arg(x, t)?.into(), Type::Str)
        } else {
            (x, t.clone())
        };
        let state = self.make_iter(x, &Type::Reversed(std::sync::Arc::new(seq)))?;
        Ok(state.into())
    }
}

pub(super) struct ReversedModel;

impl TypeModel for ReversedModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, t: &Type) -> BasicTypeEnum<'ctx> {
        let Type::Reversed(inner) = t else {
            unreachable!("{t} is not reversed()")
        };
        m.llvm_type(inner)
    }

    fn make_iter<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        value: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<PointerValue<'ctx>> {
        let Type::Reversed(inner) = t else {
            unreachable!("{t} is not reversed()")
        };
        let state = g.make_iter(value, inner)?;
        match &**inner {
            Type::List(_) => {
                // The forward state `{list, 0}` starts at the last item instead.
                let st = g.list_iter_state();
                let len = g.list_len(value.into_pointer_value())?;
                let last = g.b.build_int_sub(len, g.i64(1), "last").ir()?;
                let p = g.b.build_struct_gep(st, state, 1, "idx.p").ir()?;
                g.b.build_store(p, last).ir()?;
            }
            Type::Range => g.reverse_range_state(state)?,
            Type::Array(a) => {
                // `{array, 0}` from the last item instead.
                let st = g.array_state_type(a);
                let arr = g.state_array(st, state, a)?;
                let len = g.array_shape(arr, 0)?;
                let last = g.b.build_int_sub(len, g.i64(1), "last").ir()?;
                let (idx_p, _) = g.load_i64(st, state, 1)?;
                g.b.build_store(idx_p, last).ir()?;
            }
            Type::Dict(..) | Type::DictView(..) => {
                // `{dict, 0}` from the last live entry instead.
                let st = g.list_iter_state();
                let d = g.load_ptr(st, state, 0)?;
                let last = g
                    .call_runtime(RuntimeFn::DictLast, &[d.into()])?
                    .expect("an index")
                    .into_int_value();
                let (idx_p, _) = g.load_i64(st, state, 1)?;
                g.b.build_store(idx_p, last).ir()?;
            }
            Type::Str => {
                // `{s, 0}` (by code point) from the last character instead.
                let st = g.str_iter_state();
                let s = g.load_ptr(st, state, 0)?;
                let len = g.str_len(s)?;
                let last = g.b.build_int_sub(len, g.i64(1), "last").ir()?;
                let (idx_p, _) = g.load_i64(st, state, 1)?;
                g.b.build_store(idx_p, last).ir()?;
            }
            _ => {
                // A tuple's `{0, length, items}`.
                let st = g.tuple_state_view(&Type::I64);
                let (idx_p, _) = g.load_i64(st, state, 0)?;
                let (_, len) = g.load_i64(st, state, 1)?;
                let last = g.b.build_int_sub(len, g.i64(1), "last").ir()?;
                g.b.build_store(idx_p, last).ir()?;
            }
        }
        Ok(state)
    }
}

pub(super) struct ReversedIterModel;

impl TypeModel for ReversedIterModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, _t: &Type) -> BasicTypeEnum<'ctx> {
        state_pointer(m)
    }

    fn iter_valid<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        state: PointerValue<'ctx>,
        t: &Type,
    ) -> R<IntValue<'ctx>> {
        let (_, idx) = load_index(g, state, t)?;
        let nonneg =
            g.b.build_int_compare(IntPredicate::SGE, idx, g.i64(0), "nonneg")
                .ir()?;
        let Type::ReversedIter(forward) = t else {
            unreachable!("{t} is not a reversed iterator")
        };
        if let Type::DictIter(..) = &**forward {
            // The last live entry at or before the index (deleted ones skipped), kept for
            // `iter_next`.
            // -1 is also where the step after the first entry starts, which CPython checks;
            // an exhausted iterator is -2.
            g.check_dict_unchanged(state, false, -1)?;
            let st = g.list_iter_state();
            let d = g.load_ptr(st, state, 0)?;
            let (idx_p, _) = g.load_i64(st, state, 1)?;
            let live = g
                .call_runtime(RuntimeFn::DictPrev, &[d.into(), idx.into()])?
                .expect("an index")
                .into_int_value();
            let valid =
                g.b.build_int_compare(IntPredicate::SGE, live, g.i64(0), "valid")
                    .ir()?;
            let kept = g.b.build_select(valid, live, g.i64(-2), "kept").ir()?;
            g.b.build_store(idx_p, kept).ir()?;
            return Ok(valid);
        }
        if !matches!(&**forward, Type::ListIter(_)) {
            return Ok(nonneg);
        }
        let list = g.load_ptr(g.list_iter_state(), state, 0)?;
        let len = g.list_len(list)?;
        let inside =
            g.b.build_int_compare(IntPredicate::SLT, idx, len, "inside")
                .ir()?;
        g.b.build_and(nonneg, inside, "valid").ir()
    }

    fn iter_next<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        state: PointerValue<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let Type::ReversedIter(forward) = t else {
            unreachable!("{t} is not a reversed iterator")
        };
        let (idx_p, idx) = load_index(g, state, t)?;
        let prev = g.b.build_int_sub(idx, g.i64(1), "prev").ir()?;
        if let Type::ArrayIter(a) = &**forward {
            // The forward step reads the item (or row view) at the index; then one back.
            let value = g.array_next(state, a)?;
            g.b.build_store(idx_p, prev).ir()?;
            return Ok(value);
        }
        g.b.build_store(idx_p, prev).ir()?;
        match &**forward {
            Type::ListIter(item) => {
                let list = g.load_ptr(g.list_iter_state(), state, 0)?;
                g.list_load(list, item, idx)
            }
            Type::TupleIter(item) => g.tuple_state_item(state, item, idx),
            Type::DictIter(k, v, part) => {
                let d = g.load_ptr(g.list_iter_state(), state, 0)?;
                super::dict::entry_part(g, d, (k, v), idx, *part)
            }
            Type::StrIter => {
                // A new one-character string, as the forward iterator makes.
                let s = g.load_ptr(g.str_iter_state(), state, 0)?;
                Ok(g.str_new(StrOp::GetItem, &[s.into(), idx.into()])?.into())
            }
            other => unreachable!("reversed() of {other}"),
        }
    }
}

/// The index field of a reversed iterator's state, and its address.
fn load_index<'ctx>(
    g: &mut FnGen<'_, 'ctx>,
    state: PointerValue<'ctx>,
    t: &Type,
) -> R<(PointerValue<'ctx>, IntValue<'ctx>)> {
    let Type::ReversedIter(forward) = t else {
        unreachable!("{t} is not a reversed iterator")
    };
    match &**forward {
        Type::ListIter(_) => g.load_i64(g.list_iter_state(), state, 1),
        Type::TupleIter(item) => g.load_i64(g.tuple_state_view(item), state, 0),
        Type::ArrayIter(a) => g.load_i64(g.array_state_type(a), state, 1),
        Type::DictIter(..) => g.load_i64(g.list_iter_state(), state, 1),
        Type::StrIter => g.load_i64(g.str_iter_state(), state, 1),
        other => unreachable!("reversed() of {other}"),
    }
}
