//! Dicts and their views: one pointer, the runtime's block (a view is the dict, borrowed); their
//! truth (not empty) and iteration in insertion order: the state `{dict, next entry, size when
//! made, items still expected}` asks the runtime for a dict's next live entry, and scans a set's
//! table inline, after CPython's checks of the size. Operations are in `lower/dict*.rs`.

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_abi::RuntimeFn;
use oxjit_core::ir::{BinOp, CmpOp, Value};
use oxjit_core::types::{Type, KEYS, SET, VALUES};

use super::{state_pointer, TypeModel};
use crate::lower::{FnGen, Ir, ModuleGen, R};

pub(super) struct DictModel;

impl TypeModel for DictModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, _t: &Type) -> BasicTypeEnum<'ctx> {
        state_pointer(m)
    }

    fn truth<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        v: BasicValueEnum<'ctx>,
        _t: &Type,
    ) -> R<IntValue<'ctx>> {
        let len = g.dict_len(v.into_pointer_value())?;
        g.b.build_int_compare(IntPredicate::NE, len, g.i64(0), "nonempty")
            .ir()
    }

    /// The operators of sets (`|`, `&`, `-`, `^`).
    fn binop<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        op: BinOp,
        a: Value,
        b: Value,
        _result: &Type,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        match g.ty(a) {
            Type::Set(_) => g.set_binop(op, a, b).map(Some),
            _ => Ok(None),
        }
    }

    fn compare<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        op: CmpOp,
        x: BasicValueEnum<'ctx>,
        tx: &Type,
        y: BasicValueEnum<'ctx>,
        ty: &Type,
    ) -> R<Option<IntValue<'ctx>>> {
        match tx {
            Type::Set(_) => g.compare_sets(op, x, tx, y).map(Some),
            Type::Dict(..) => g.compare_dicts(op, x, tx, y, ty).map(Some),
            _ => Ok(None),
        }
    }

    fn make_iter<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        value: BasicValueEnum<'ctx>,
        _t: &Type,
    ) -> R<PointerValue<'ctx>> {
        // {dict, index of the next entry to look at, the dict's size when the iteration
        // began (CPython's `di_used`), the items still expected (`di->len`)}.
        let st = g.dict_iter_state();
        let state = g.start_indexed_state(st, value, "dictiter")?;
        let len = g.dict_len(value.into_pointer_value())?;
        for field in [2, 3] {
            let p = g.b.build_struct_gep(st, state, field, "len.p").ir()?;
            g.b.build_store(p, len).ir()?;
        }
        Ok(state)
    }

    /// CPython's checks (a size changed since the iteration began: `RuntimeError`), then the
    /// next live entry (or -1), stored for `iter_next`: a set's table scanned inline, a dict's
    /// entries by the runtime.
    fn iter_valid<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        state: PointerValue<'ctx>,
        t: &Type,
    ) -> R<IntValue<'ctx>> {
        let Type::DictIter(k, _, part) = t else {
            unreachable!("{t} is no dict iterator")
        };
        let set = *part == SET;
        g.check_dict_unchanged(state, set, 0)?;
        let st = g.dict_iter_state();
        let d = g.load_ptr(st, state, 0)?;
        let (idx_p, idx) = g.load_i64(st, state, 1)?;
        let next = if set {
            g.set_next_live(d, k, idx)?
        } else {
            g.call_runtime(RuntimeFn::DictNext, &[d.into(), idx.into()])?
                .expect("an index")
                .into_int_value()
        };
        g.b.build_store(idx_p, next).ir()?;
        let valid =
            g.b.build_int_compare(IntPredicate::SGE, next, g.i64(0), "valid")
                .ir()?;
        if !set {
            // An item found where all the items expected were seen: keys were deleted and
            // others added (same size); CPython ends the iterator with a `RuntimeError`.
            let (_, left) = g.load_i64(st, state, 3)?;
            let none_left =
                g.b.build_int_compare(IntPredicate::EQ, left, g.i64(0), "noneleft")
                    .ir()?;
            let extra = g.b.build_and(valid, none_left, "extra").ir()?;
            let ended = g.b.build_select(extra, g.i64(-1), next, "ended").ir()?;
            g.b.build_store(idx_p, ended).ir()?;
            let ok = g.b.build_not(extra, "ok").ir()?;
            g.check(
                ok,
                "RuntimeError",
                "dictionary keys changed during iteration",
            )?;
        }
        Ok(valid)
    }

    fn iter_next<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        state: PointerValue<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let Type::DictIter(k, v, part) = t else {
            unreachable!("{t} is no dict iterator")
        };
        let st = g.dict_iter_state();
        let d = g.load_ptr(st, state, 0)?;
        let (idx_p, idx) = g.load_i64(st, state, 1)?;
        let next = g.b.build_int_add(idx, g.i64(1), "next").ir()?;
        g.b.build_store(idx_p, next).ir()?;
        let (left_p, left) = g.load_i64(st, state, 3)?;
        let left = g.b.build_int_sub(left, g.i64(1), "left").ir()?;
        g.b.build_store(left_p, left).ir()?;
        entry_part(g, d, (k, v), idx, *part)
    }
}

/// What a dict iterator of `part` yields of entry `idx`: its key, its value, or both.
pub(super) fn entry_part<'ctx>(
    g: &mut FnGen<'_, 'ctx>,
    d: PointerValue<'ctx>,
    (k, v): (&Type, &Type),
    idx: IntValue<'ctx>,
    part: u8,
) -> R<BasicValueEnum<'ctx>> {
    match part {
        SET => g.set_load(d, k, idx),
        KEYS => g.dict_load(d, k, v, idx, 1),
        VALUES => g.dict_load(d, k, v, idx, 2),
        _ => {
            let key = g.dict_load(d, k, v, idx, 1)?;
            let x = g.dict_load(d, k, v, idx, 2)?;
            let pair_t = Type::tuple(vec![k.clone(), v.clone()]);
            g.pair(&[key, x], &Type::ListIter(pair_t.into()))
        }
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// A dict iterator's state: `{dict, index, size when the iteration began, items still
    /// expected}`.
    pub(crate) fn dict_iter_state(&self) -> inkwell::types::StructType<'ctx> {
        let cx = self.cx();
        let i64t = cx.i64_type();
        let fields = [self.ptr_type(), i64t.into(), i64t.into(), i64t.into()];
        cx.struct_type(&fields, false)
    }

    /// Before each step of an iterator over a dict (or set, where `set`), forward or
    /// reversed: CPython's `RuntimeError` where the size changed since the iteration began,
    /// made sticky (the recorded size becomes -1, as CPython's `di_used`). An exhausted
    /// iterator (index below `exhausted_below`: a forward one's -1, a reversed one's -2) is
    /// not checked: it stays exhausted, as CPython's drops its dict.
    pub(crate) fn check_dict_unchanged(
        &mut self,
        state: PointerValue<'ctx>,
        set: bool,
        exhausted_below: i64,
    ) -> R<()> {
        let st = self.dict_iter_state();
        let d = self.load_ptr(st, state, 0)?;
        let (_, idx) = self.load_i64(st, state, 1)?;
        let (used_p, used) = self.load_i64(st, state, 2)?;
        let len = self.dict_len(d)?;
        let b = &self.b;
        let same = b
            .build_int_compare(IntPredicate::EQ, len, used, "same")
            .ir()?;
        let ended = b
            .build_int_compare(IntPredicate::SLT, idx, self.i64(exhausted_below), "ended")
            .ir()?;
        let ok = b.build_or(same, ended, "ok").ir()?;
        let kept = b.build_select(ok, used, self.i64(-1), "kept").ir()?;
        b.build_store(used_p, kept).ir()?;
        let msg = match set {
            true => "Set changed size during iteration",
            false => "dictionary changed size during iteration",
        };
        self.check(ok, "RuntimeError", msg)
    }
}
