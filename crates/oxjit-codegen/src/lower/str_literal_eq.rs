//! `s == "lit"` against a string known at compile time, inline: strings keep the narrowest kind
//! of code unit that holds their code points (`oxjit_abi::strings`), so equal strings have equal
//! lengths, kinds and units, and the test is a few loads and compares, no runtime call (the
//! vowel test `c in {"a", "e", "i", "o", "u"}` makes five per character).

use inkwell::values::{IntValue, PointerValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_abi::{meminfo_field, STR_UNITS_OFFSET};
use oxjit_core::types::Type;

use super::{FnGen, Ir, R};

/// Literals longer than this are compared by the runtime.
const INLINE_UNITS: usize = 16;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The literal a string operand of type `t` is known to be, if any.
    pub(crate) fn str_literal_of(t: &Type) -> Option<&str> {
        match t {
            Type::StrLiteral(s) if !oxjit_core::types::is_ellipsis(t) => Some(s),
            _ => None,
        }
    }

    /// Whether the string block `s` equals `lit`.
    pub(crate) fn str_eq_literal(&mut self, s: PointerValue<'ctx>, lit: &str) -> R<IntValue<'ctx>> {
        let cps: Vec<u32> = lit.chars().map(|c| c as u32).collect();
        if cps.len() > INLINE_UNITS {
            let l = self.str_literal(lit)?;
            return self.str_compare_values(oxjit_core::ir::CmpOp::Eq, s, l);
        }
        let cx = self.cx();
        let (i8t, i32t, i64t) = (cx.i8_type(), cx.i32_type(), cx.i64_type());
        let ptr = cx.ptr_type(AddressSpace::default());
        let kind = match cps.iter().copied().max().unwrap_or(0) {
            0..=0xFF => 1u32,
            0x100..=0xFFFF => 2,
            _ => 4,
        };
        let unit_t = match kind {
            1 => i8t,
            2 => cx.i16_type(),
            _ => i32t,
        };
        let mi_t = cx.struct_type(&[i64t.into(), ptr.into(), i64t.into(), ptr.into()], false);
        let b = &self.b;
        let data_p = b
            .build_struct_gep(mi_t, s, meminfo_field::DATA, "lit.data.p")
            .ir()?;
        let data = b
            .build_load(ptr, data_p, "lit.data")
            .ir()?
            .into_pointer_value();
        // The header (length, kind) is always there; the units only as many as the length says.
        let len = b.build_load(i64t, data, "lit.len").ir()?.into_int_value();
        // SAFETY: the `kind` field of the header every string block starts with.
        let kind_p =
            unsafe { b.build_gep(i8t, data, &[i64t.const_int(8, false)], "lit.kind.p") }.ir()?;
        let k = b
            .build_load(i32t, kind_p, "lit.kind")
            .ir()?
            .into_int_value();
        let same_len = b
            .build_int_compare(
                IntPredicate::EQ,
                len,
                i64t.const_int(cps.len() as u64, false),
                "lit.len.eq",
            )
            .ir()?;
        if cps.is_empty() {
            return Ok(same_len);
        }
        let same_kind = b
            .build_int_compare(
                IntPredicate::EQ,
                k,
                i32t.const_int(kind as u64, false),
                "lit.kind.eq",
            )
            .ir()?;
        let shape = b.build_and(same_len, same_kind, "lit.shape").ir()?;
        let entry = b.get_insert_block().expect("positioned");
        let units_bb = cx.append_basic_block(self.f, "lit.units");
        let exit = cx.append_basic_block(self.f, "lit.eq");
        b.build_conditional_branch(shape, units_bb, exit).ir()?;
        b.position_at_end(units_bb);
        let mut all = cx.bool_type().const_int(1, false);
        for (i, &cp) in cps.iter().enumerate() {
            let at = (STR_UNITS_OFFSET + i * kind as usize) as u64;
            // SAFETY: unit `i` of a block whose length (`== lit`'s) and kind were checked.
            let p = unsafe { b.build_gep(i8t, data, &[i64t.const_int(at, false)], "lit.unit.p") }
                .ir()?;
            let u = b.build_load(unit_t, p, "lit.unit").ir()?.into_int_value();
            let eq = b
                .build_int_compare(
                    IntPredicate::EQ,
                    u,
                    unit_t.const_int(cp as u64, false),
                    "lit.unit.eq",
                )
                .ir()?;
            all = b.build_and(all, eq, "lit.all").ir()?;
        }
        b.build_unconditional_branch(exit).ir()?;
        b.position_at_end(exit);
        let phi = b.build_phi(cx.bool_type(), "lit.found").ir()?;
        phi.add_incoming(&[(&cx.bool_type().const_zero(), entry), (&all, units_bb)]);
        Ok(phi.as_basic_value().into_int_value())
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `x op y` of two strings where one is a literal and `op` is `==`/`!=` (`is`/`is not`
    /// compare strings as `==` here): inline. `None` where neither is or `op` orders.
    pub(crate) fn str_compare_literal(
        &mut self,
        op: oxjit_core::ir::CmpOp,
        x: inkwell::values::BasicValueEnum<'ctx>,
        tx: &Type,
        y: inkwell::values::BasicValueEnum<'ctx>,
        ty: &Type,
    ) -> R<Option<IntValue<'ctx>>> {
        use oxjit_core::ir::CmpOp;
        let (s, lit) = match (Self::str_literal_of(tx), Self::str_literal_of(ty)) {
            (_, Some(lit)) => (self.str_arg(x, tx)?, lit.to_string()),
            (Some(lit), None) => (self.str_arg(y, ty)?, lit.to_string()),
            _ => return Ok(None),
        };
        let eq = match op {
            CmpOp::Eq | CmpOp::Is | CmpOp::Ne | CmpOp::IsNot => self.str_eq_literal(s, &lit)?,
            _ => return Ok(None),
        };
        Ok(Some(match op {
            CmpOp::Ne | CmpOp::IsNot => self.b.build_not(eq, "ne").ir()?,
            _ => eq,
        }))
    }
}
