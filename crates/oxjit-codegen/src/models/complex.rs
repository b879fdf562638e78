//! Complex numbers: `{float, float}` or `{double, double}` (real, imaginary), C's layout. Their
//! arithmetic is in `lower/complex.rs`.

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::FloatPredicate;
use oxjit_core::ir::Const;
use oxjit_core::types::Type;

use super::TypeModel;
use crate::lower::{FnGen, Ir, ModuleGen, R};

pub(super) struct ComplexModel;

impl TypeModel for ComplexModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, t: &Type) -> BasicTypeEnum<'ctx> {
        let f = if matches!(t, Type::Complex(64)) {
            m.cx.f32_type()
        } else {
            m.cx.f64_type()
        };
        m.cx.struct_type(&[f.into(), f.into()], false).into()
    }

    fn constant<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        c: &Const,
        t: &Type,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        let (Const::Complex(re, im), Type::Complex(bits)) = (c, t) else {
            return Ok(None);
        };
        let cx = g.cx();
        let ft = if *bits == 64 {
            cx.f32_type()
        } else {
            cx.f64_type()
        };
        Ok(Some(
            cx.const_struct(
                &[ft.const_float(*re).into(), ft.const_float(*im).into()],
                false,
            )
            .into(),
        ))
    }

    fn truth<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        v: BasicValueEnum<'ctx>,
        _t: &Type,
    ) -> R<IntValue<'ctx>> {
        let b = &g.b;
        let (re, im) = g.complex_parts(v)?;
        let a = b
            .build_float_compare(FloatPredicate::UNE, re, re.get_type().const_zero(), "re")
            .ir()?;
        let c = b
            .build_float_compare(FloatPredicate::UNE, im, im.get_type().const_zero(), "im")
            .ir()?;
        b.build_or(a, c, "truth").ir()
    }
}
