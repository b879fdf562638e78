//! Lists: one pointer, the runtime's block (`oxjit-runtime/src/list.rs`); the item access,
//! methods and operators are in `lower/list*.rs`. Their truth (not empty), `+`/`*`, comparison
//! item by item, and iteration: the state `{list, index}` reads the length at every step, so a
//! loop sees the items its body appends (as CPython's list iterator does).

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_core::ir::{BinOp, CmpOp, Value};
use oxjit_core::types::Type;

use super::state_iter::StateIterModel;
use super::{state_pointer, TypeModel};
use crate::lower::{FnGen, Ir, ModuleGen, Sides, R};

pub(super) struct ListModel;

impl TypeModel for ListModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, _t: &Type) -> BasicTypeEnum<'ctx> {
        state_pointer(m)
    }

    fn truth<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        v: BasicValueEnum<'ctx>,
        _t: &Type,
    ) -> R<IntValue<'ctx>> {
        let len = g.list_len(v.into_pointer_value())?;
        g.b.build_int_compare(IntPredicate::NE, len, g.i64(0), "nonempty")
            .ir()
    }

    fn binop<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        op: BinOp,
        a: Value,
        b: Value,
        result: &Type,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        g.list_binop(op, a, b, result).map(Some)
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
        match (tx, ty) {
            (Type::List(_), Type::List(_)) => g.compare_lists(op, Sides { x, tx, y, ty }).map(Some),
            _ => Ok(None),
        }
    }

    fn make_iter<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        value: BasicValueEnum<'ctx>,
        _t: &Type,
    ) -> R<PointerValue<'ctx>> {
        g.start_indexed_state(g.list_iter_state(), value, "listiter")
    }
}

/// A list's iterator: the state `{list, index}`, the length read at every step.
pub(super) static LIST_ITER: StateIterModel = StateIterModel {
    valid: |g, state, _| {
        let st = g.list_iter_state();
        let list = g.load_ptr(st, state, 0)?;
        let (_, idx) = g.load_i64(st, state, 1)?;
        let len = g.list_len(list)?;
        g.b.build_int_compare(IntPredicate::SLT, idx, len, "valid")
            .ir()
    },
    next: |g, state, t| {
        let Type::ListIter(item) = t else {
            unreachable!("{t} is no list iterator")
        };
        let st = g.list_iter_state();
        let list = g.load_ptr(st, state, 0)?;
        let (idx_p, idx) = g.load_i64(st, state, 1)?;
        g.step_index(idx_p, idx)?;
        g.list_load(list, item, idx)
    },
};
