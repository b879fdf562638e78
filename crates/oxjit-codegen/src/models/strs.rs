//! Strings (`unicode_type`): one pointer, the meminfo of a reference-counted block (see
//! `oxjit_abi::StrHead`); a string constant (`Literal[str]`) becomes a static block of the
//! module where a value is needed. The operations are `lower/strs.rs`'s; the iterator's state is
//! `{string, index}`.

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::AddressSpace;
use oxjit_core::ir::{CmpOp, Const};
use oxjit_core::types::Type;

use super::state_iter::StateIterModel;
use super::TypeModel;
use crate::lower::{FnGen, ModuleGen, R};

pub(super) struct StrModel;

impl TypeModel for StrModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, _t: &Type) -> BasicTypeEnum<'ctx> {
        m.cx.ptr_type(AddressSpace::default()).into()
    }

    fn constant<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        c: &Const,
        _t: &Type,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        Ok(match c {
            Const::Str(s) => Some(g.str_literal(s)?.into()),
            _ => None,
        })
    }

    fn truth<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        v: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<IntValue<'ctx>> {
        g.str_truth(v, t)
    }

    /// A string constant where a string is needed.
    fn cast<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        v: BasicValueEnum<'ctx>,
        from: &Type,
        to: &Type,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        Ok(match (from, to) {
            (Type::StrLiteral(_), Type::Str) => Some(g.str_arg(v, from)?.into()),
            _ => None,
        })
    }

    fn make_iter<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        value: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<PointerValue<'ctx>> {
        g.str_iter(value, t)
    }

    /// Two strings by code points (inside tuples, as dict keys, while sorting).
    fn compare<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        op: CmpOp,
        x: BasicValueEnum<'ctx>,
        tx: &Type,
        y: BasicValueEnum<'ctx>,
        ty: &Type,
    ) -> R<Option<IntValue<'ctx>>> {
        if !oxjit_core::types::is_str(ty) {
            return Ok(None);
        }
        if let Some(r) = g.str_compare_literal(op, x, tx, y, ty)? {
            return Ok(Some(r));
        }
        let (x, y) = (g.str_arg(x, tx)?, g.str_arg(y, ty)?);
        g.str_compare_values(op, x, y).map(Some)
    }
}

/// The words of a lazy `s.split(...)` (`lower/strs_split.rs`): a pointer to their state.
pub(super) static STR_SPLIT_ITER: StateIterModel = StateIterModel {
    valid: |g, state, _| g.split_iter_valid(state),
    next: |g, state, _| g.split_iter_next(state),
};

/// The characters of a string, each a new string: the state `{string, index}`.
pub(super) static STR_ITER: StateIterModel = StateIterModel {
    valid: |g, state, _| g.str_iter_valid(state),
    next: |g, state, _| g.str_iter_next(state),
};
