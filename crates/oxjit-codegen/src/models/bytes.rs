//! `bytes` (`types/bytes.rs` in core): the struct of the read-only 1-d C `uint8` array of its
//! bytes; compared by their bytes (`lower/bytes.rs`), iterated as that array with each byte an
//! `int`.

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use oxjit_core::ir::CmpOp;
use oxjit_core::types::{bytes_array, Type};

use super::array::{ArrayModel, ARRAY_ITER};
use super::state_iter::StateIterModel;
use super::TypeModel;
use crate::lower::{FnGen, Ir, ModuleGen, R};

pub(super) struct BytesModel;

impl TypeModel for BytesModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, _t: &Type) -> BasicTypeEnum<'ctx> {
        m.array_struct_type(&bytes_array()).into()
    }

    /// Non-empty.
    fn truth<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        v: BasicValueEnum<'ctx>,
        _t: &Type,
    ) -> R<IntValue<'ctx>> {
        let n = g.array_shape(v.into_struct_value(), 0)?;
        g.b.build_int_compare(inkwell::IntPredicate::NE, n, g.i64(0), "nonempty")
            .ir()
    }

    fn compare<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        op: CmpOp,
        x: BasicValueEnum<'ctx>,
        _tx: &Type,
        y: BasicValueEnum<'ctx>,
        ty: &Type,
    ) -> R<Option<IntValue<'ctx>>> {
        if *ty != Type::Bytes {
            return Ok(None);
        }
        let eq = g.bytes_equal(x, y)?;
        Ok(Some(match op {
            CmpOp::Ne => g.b.build_not(eq, "ne").ir()?,
            _ => eq,
        }))
    }

    fn make_iter<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        value: BasicValueEnum<'ctx>,
        _t: &Type,
    ) -> R<PointerValue<'ctx>> {
        ArrayModel.make_iter(g, value, &Type::Array(bytes_array()))
    }
}

/// The iterator of bytes: the array's, each byte widened to an `int`.
pub(super) static BYTES_ITER: StateIterModel = StateIterModel {
    valid: |g, state, _| ARRAY_ITER.iter_valid(g, state, &Type::ArrayIter(bytes_array())),
    next: |g, state, _| {
        let byte = ARRAY_ITER.iter_next(g, state, &Type::ArrayIter(bytes_array()))?;
        let i64t = g.cx().i64_type();
        Ok(g.b
            .build_int_z_extend(byte.into_int_value(), i64t, "int")
            .ir()?
            .into())
    },
};
