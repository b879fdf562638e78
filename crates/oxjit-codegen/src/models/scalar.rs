//! Booleans, integers and floats: `i1` (a byte in memory), `iN`, `float`/`double`.

use inkwell::context::Context;
use inkwell::types::{BasicTypeEnum, IntType};
use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_core::ir::Const;
use oxjit_core::types::Type;

use super::TypeModel;
use crate::lower::{FnGen, Ir, ModuleGen, R};

/// The LLVM integer type of `bits` bits.
pub fn int_type(cx: &Context, bits: u8) -> IntType<'_> {
    match bits {
        8 => cx.i8_type(),
        16 => cx.i16_type(),
        32 => cx.i32_type(),
        _ => cx.i64_type(),
    }
}

pub(super) struct ScalarModel;

impl TypeModel for ScalarModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, t: &Type) -> BasicTypeEnum<'ctx> {
        match t {
            Type::Bool => m.cx.bool_type().into(),
            Type::Int(i) => int_type(m.cx, i.bits).into(),
            Type::Float(32) => m.cx.f32_type().into(),
            Type::Float(16) => m.cx.f16_type().into(),
            _ => m.cx.f64_type().into(),
        }
    }

    fn constant<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        c: &Const,
        t: &Type,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        let cx = g.cx();
        Ok(Some(match (c, t) {
            (Const::Int(i), Type::Int(it)) => {
                int_type(cx, it.bits).const_int(*i as u64, true).into()
            }
            (Const::Bool(b), Type::Bool) => cx.bool_type().const_int(*b as u64, false).into(),
            (Const::Float(x), Type::Float(32)) => cx.f32_type().const_float(*x).into(),
            // LLVM rounds the double to half once, to nearest even, as NumPy does.
            (Const::Float(x), Type::Float(16)) => cx.f16_type().const_float(*x).into(),
            (Const::Float(x), Type::Float(_)) => cx.f64_type().const_float(*x).into(),
            _ => return Ok(None),
        }))
    }

    fn truth<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        v: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<IntValue<'ctx>> {
        let b = &g.b;
        Ok(match t {
            Type::Bool => v.into_int_value(),
            Type::Int(_) => {
                let iv = v.into_int_value();
                b.build_int_compare(IntPredicate::NE, iv, iv.get_type().const_zero(), "truth")
                    .ir()?
            }
            _ => {
                let fv = v.into_float_value();
                b.build_float_compare(FloatPredicate::UNE, fv, fv.get_type().const_zero(), "truth")
                    .ir()?
            }
        })
    }
}
