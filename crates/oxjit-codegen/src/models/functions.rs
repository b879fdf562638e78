//! A first-class function (`Functions(#3, #5)`, core's `types/functions.rs`): its index in the
//! set, an i64. A dispatcher value (which has no run-time form) becomes its index; a value of a
//! smaller set is renumbered into the larger one.

use inkwell::types::BasicTypeEnum;
use inkwell::values::BasicValueEnum;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::types::{function_ids, Type};

use super::TypeModel;
use crate::lower::{FnGen, Ir, ModuleGen, R};

pub(super) struct FunctionsModel;

impl TypeModel for FunctionsModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, _t: &Type) -> BasicTypeEnum<'ctx> {
        m.cx.i64_type().into()
    }

    fn cast<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        v: BasicValueEnum<'ctx>,
        from: &Type,
        to: &Type,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        let (Some(src), Type::Functions(dst)) = (function_ids(from), to) else {
            return Ok(None);
        };
        let i64t = g.cx().i64_type();
        let index_in = |id| {
            dst.iter()
                .position(|d| *d == id)
                .map(|k| i64t.const_int(k as u64, false))
                .ok_or_else(|| Diagnostic::internal(format!("#{id} is not one of {to}")))
        };
        if let Type::UserFunction(id) = from {
            return Ok(Some(index_in(*id)?.into()));
        }
        // Renumbered by a chain of selects (sets are small).
        let mut out = index_in(src[0])?;
        for (k, id) in src.iter().enumerate().skip(1) {
            let is_k =
                g.b.build_int_compare(
                    inkwell::IntPredicate::EQ,
                    v.into_int_value(),
                    i64t.const_int(k as u64, false),
                    "is",
                )
                .ir()?;
            out =
                g.b.build_select(is_k, index_in(*id)?, out, "renumber")
                    .ir()?
                    .into_int_value();
        }
        Ok(Some(out.into()))
    }
}
