//! Optional values (`OptionalType(T)`, where `None` and a `T` meet): `{i1 is_some, T value}`.
//! Their truth, their conversions (into, out of and between optionals) and the checked unwrap
//! that raises `TypeError` on `None`.

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, IntValue};
use oxjit_core::types::Type;

use super::TypeModel;
use crate::lower::{FnGen, Ir, ModuleGen, R};

pub(super) struct OptionalModel;

impl TypeModel for OptionalModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, t: &Type) -> BasicTypeEnum<'ctx> {
        let Type::Optional(t) = t else {
            unreachable!("{t} is not optional")
        };
        m.cx.struct_type(&[m.cx.bool_type().into(), m.llvm_type(t)], false)
            .into()
    }

    /// Into, out of and between optionals (whichever side is optional).
    fn cast<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        v: BasicValueEnum<'ctx>,
        from: &Type,
        to: &Type,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        g.cast_optional(v, from, to).map(Some)
    }

    /// `None` is false, a value is as true as the value.
    fn truth<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        v: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<IntValue<'ctx>> {
        let Type::Optional(inner) = t else {
            unreachable!("{t} is not optional")
        };
        let b = &g.b;
        let flag = b
            .build_extract_value(v.into_struct_value(), 0, "some")
            .ir()?
            .into_int_value();
        let value = b
            .build_extract_value(v.into_struct_value(), 1, "value")
            .ir()?;
        let t = g.truth(value, inner)?;
        b.build_and(flag, t, "truth").ir()
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// An optional value used as its value: `None` raises `TypeError`.
    pub fn unwrap_checked(
        &mut self,
        v: BasicValueEnum<'ctx>,
        from: &Type,
        to: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let flag = self
            .b
            .build_extract_value(v.into_struct_value(), 0, "some")
            .ir()?
            .into_int_value();
        self.check(
            flag,
            "TypeError",
            "oxjit: a value that may be None was None where it is used as a number",
        )?;
        self.cast(v, from, to)
    }

    /// Conversions into, out of and between optional values.
    pub(crate) fn cast_optional(
        &self,
        v: BasicValueEnum<'ctx>,
        from: &Type,
        to: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let cx = self.cx();
        match (from, to) {
            (Type::NoneType, Type::Optional(_)) => Ok(self.llvm_type(to).const_zero()),
            (Type::Optional(f), Type::Optional(t)) => {
                let flag = self
                    .b
                    .build_extract_value(v.into_struct_value(), 0, "some")
                    .ir()?;
                let inner = self
                    .b
                    .build_extract_value(v.into_struct_value(), 1, "value")
                    .ir()?;
                let inner = self.cast(inner, f, t)?;
                let st = self.llvm_type(to).into_struct_type();
                let agg = self
                    .b
                    .build_insert_value(st.get_undef(), flag, 0, "opt")
                    .ir()?;
                Ok(self
                    .b
                    .build_insert_value(agg, inner, 1, "opt")
                    .ir()?
                    .into_struct_value()
                    .into())
            }
            (f, Type::Optional(t)) => {
                let inner = self.cast(v, f, t)?;
                let st = self.llvm_type(to).into_struct_type();
                let agg = self
                    .b
                    .build_insert_value(
                        st.get_undef(),
                        cx.bool_type().const_int(1, false),
                        0,
                        "opt",
                    )
                    .ir()?;
                Ok(self
                    .b
                    .build_insert_value(agg, inner, 1, "opt")
                    .ir()?
                    .into_struct_value()
                    .into())
            }
            (Type::Optional(f), t) => {
                // The `Cast` that unwraps has checked for `None` (see `unwrap_checked`).
                let inner = self
                    .b
                    .build_extract_value(v.into_struct_value(), 1, "value")
                    .ir()?;
                self.cast(inner, f, t)
            }
            _ => unreachable!("cast_optional is called with an optional side"),
        }
    }
}
