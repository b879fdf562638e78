//! `a == b` and `a != b` of two dicts, as CPython's `dict_equal`: the same size, and each key
//! of `a` found in `b` with an equal value (insertion order does not matter).

use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;
use oxjit_core::ir::CmpOp;
use oxjit_core::types::Type;

use super::dict::kv;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub(crate) fn compare_dicts(
        &mut self,
        op: CmpOp,
        a: BasicValueEnum<'ctx>,
        ta: &Type,
        b: BasicValueEnum<'ctx>,
        tb: &Type,
    ) -> R<IntValue<'ctx>> {
        let ((ka, va), (kb, vb)) = (kv(ta), kv(tb));
        let (a, b) = (a.into_pointer_value(), b.into_pointer_value());
        let bt = self.cx().bool_type();
        let (la, lb) = (self.dict_len(a)?, self.dict_len(b)?);
        let same_len = self
            .b
            .build_int_compare(IntPredicate::EQ, la, lb, "samelen")
            .ir()?;
        let acc = self.alloca(bt.into(), "dicteq")?;
        self.b.build_store(acc, same_len).ir()?;
        let items = Type::DictView(
            ka.clone().into(),
            va.clone().into(),
            oxjit_core::types::ITEMS,
        );
        self.if_then(same_len, &mut |g| {
            g.for_each_item(a.into(), &items, &mut |g, kv_pair, _| {
                let pair = kv_pair.into_struct_value();
                let key = g.b.build_extract_value(pair, 0, "key").ir()?;
                let x = g.b.build_extract_value(pair, 1, "value").ir()?;
                let j = g.dict_lookup(b, &kb, key, &ka)?;
                let found =
                    g.b.build_int_compare(IntPredicate::SGE, j, g.i64(0), "found")
                        .ir()?;
                let ok = g.b.build_load(bt, acc, "ok").ir()?.into_int_value();
                let ok_found = g.b.build_and(ok, found, "ok").ir()?;
                g.b.build_store(acc, ok_found).ir()?;
                g.if_then(found, &mut |g| {
                    let y = g.dict_load(b, &kb, &vb, j, 2)?;
                    let eq = g.compare_values(CmpOp::Eq, x, &va, y, &vb)?;
                    let ok = g.b.build_load(bt, acc, "ok").ir()?.into_int_value();
                    let ok = g.b.build_and(ok, eq, "ok").ir()?;
                    g.b.build_store(acc, ok).ir()?;
                    Ok(())
                })
            })
        })?;
        let eq = self.b.build_load(bt, acc, "dicteq").ir()?.into_int_value();
        Ok(match op {
            CmpOp::Ne => self.b.build_not(eq, "ne").ir()?,
            _ => eq,
        })
    }
}
