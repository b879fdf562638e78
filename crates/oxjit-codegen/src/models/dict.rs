//! Dicts and their views: one pointer, the runtime's block (a view is the dict, borrowed); their
//! truth (not empty) and iteration in insertion order: the state `{dict, next entry}` asks the
//! runtime for the next live entry. Operations are in `lower/dict*.rs`.

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_abi::RuntimeFn;
use oxjit_core::ir::{BinOp, CmpOp, Value};
use oxjit_core::types::{Type, KEYS, VALUES};

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
        _ty: &Type,
    ) -> R<Option<IntValue<'ctx>>> {
        match tx {
            Type::Set(_) => g.compare_sets(op, x, tx, y).map(Some),
            _ => Ok(None),
        }
    }

    fn make_iter<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        value: BasicValueEnum<'ctx>,
        _t: &Type,
    ) -> R<PointerValue<'ctx>> {
        // A list's state, {dict, index of the next entry to look at}, and the dict's size
        // when the iteration began (CPython's `di_used`).
        let st = g.dict_iter_state();
        let state = g.alloca(st.into(), "dictiter")?;
        let p = g.b.build_struct_gep(st, state, 0, "dict.p").ir()?;
        g.b.build_store(p, value).ir()?;
        let idx_p = g.b.build_struct_gep(st, state, 1, "idx.p").ir()?;
        g.b.build_store(idx_p, g.i64(0)).ir()?;
        let len = g.dict_len(value.into_pointer_value())?;
        let used_p = g.b.build_struct_gep(st, state, 2, "used.p").ir()?;
        g.b.build_store(used_p, len).ir()?;
        Ok(state)
    }

    /// Skips deleted entries: the next live one (or -1) is stored for `iter_next`.
    fn iter_valid<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        state: PointerValue<'ctx>,
        _t: &Type,
    ) -> R<IntValue<'ctx>> {
        let st = g.list_iter_state();
        let d = g.load_ptr(st, state, 0)?;
        let (idx_p, idx) = g.load_i64(st, state, 1)?;
        let next = g
            .call_runtime(RuntimeFn::DictNext, &[d.into(), idx.into()])?
            .expect("an index")
            .into_int_value();
        g.b.build_store(idx_p, next).ir()?;
        g.b.build_int_compare(IntPredicate::SGE, next, g.i64(0), "valid")
            .ir()
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
        let st = g.list_iter_state();
        let d = g.load_ptr(st, state, 0)?;
        let (idx_p, idx) = g.load_i64(st, state, 1)?;
        let next = g.b.build_int_add(idx, g.i64(1), "next").ir()?;
        g.b.build_store(idx_p, next).ir()?;
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
    /// A dict iterator's state: `{dict, index, size when the iteration began}`.
    pub(crate) fn dict_iter_state(&self) -> inkwell::types::StructType<'ctx> {
        let cx = self.cx();
        let i64t = cx.i64_type();
        cx.struct_type(&[self.ptr_type(), i64t.into(), i64t.into()], false)
    }

    /// Before each step of `reversed(d)` (of a dict or its view): CPython's `RuntimeError`
    /// where the dict's size changed since the iteration began. (Forward iterators, which
    /// sets share, do not check yet.)
    pub(crate) fn check_dict_unchanged(&mut self, state: PointerValue<'ctx>) -> R<()> {
        let st = self.dict_iter_state();
        let d = self.load_ptr(st, state, 0)?;
        let (_, used) = self.load_i64(st, state, 2)?;
        let len = self.dict_len(d)?;
        let same = self
            .b
            .build_int_compare(IntPredicate::EQ, len, used, "same")
            .ir()?;
        self.check(
            same,
            "RuntimeError",
            "dictionary changed size during iteration",
        )
    }
}
