//! What compiled code reads of a caught exception (`except ValueError as e`): `str(e)` and
//! `e.args`, made by the runtime (`exception_text.rs`) from the record the value holds.

use inkwell::values::{BasicValueEnum, PointerValue};
use inkwell::IntPredicate;
use oxjit_abi::RuntimeFn;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::types::Type;

use super::{FnGen, Ir, R};

impl<'ctx> FnGen<'_, 'ctx> {
    /// The caught exception `v` stored in memory, for the runtime to read.
    fn caught_record(&mut self, v: BasicValueEnum<'ctx>) -> R<PointerValue<'ctx>> {
        let slot = self.alloca(self.llvm_type(&Type::CaughtException), "caught")?;
        self.b.build_store(slot, v).ir()?;
        Ok(slot)
    }

    /// `str(e)`: a new string.
    pub(crate) fn exception_str(&mut self, v: BasicValueEnum<'ctx>) -> R<PointerValue<'ctx>> {
        let record = self.caught_record(v)?;
        Ok(self
            .call_runtime(RuntimeFn::ExceptionStr, &[record.into()])?
            .expect("a string")
            .into_pointer_value())
    }

    /// `e.args`, a tuple of the type typing gave it (`typeinfer/rules/caught_args.rs`), read
    /// item by item from the record; TypeError where the exception caught has other arguments
    /// (one raised by a callee, say).
    pub(crate) fn exception_args(
        &mut self,
        v: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let Type::Tuple(items) = t else {
            return Err(Diagnostic::internal(format!("e.args typed {t}")));
        };
        let record = self.caught_record(v)?;
        let i64t = self.cx().i64_type();
        let mismatch = format!(
            "oxjit: compiled code typed e.args as {t} (from the raise statements of the try \
             body, or as a message where none reaches the handler), and this exception has \
             other arguments (str(e) reads any)"
        );
        let len = self
            .call_runtime(RuntimeFn::ExceptionArgsLen, &[record.into()])?
            .expect("an int")
            .into_int_value();
        let count = i64t.const_int(items.len() as u64, false);
        let ok = self
            .b
            .build_int_compare(IntPredicate::EQ, len, count, "args_len")
            .ir()?;
        self.check(ok, "TypeError", &mismatch)?;
        let slot = self.alloca(i64t.into(), "arg")?;
        let tuple_t = self.llvm_type(t).into_struct_type();
        let mut agg = tuple_t.get_undef();
        for (k, item) in items.iter().enumerate() {
            let want = match item {
                Type::Str => 0,
                Type::Int(_) => 1,
                Type::Float(_) => 2,
                Type::Bool => 3,
                Type::NoneType => 4,
                other => return Err(Diagnostic::internal(format!("e.args item {other}"))),
            };
            let args = [
                record.into(),
                i64t.const_int(k as u64, false).into(),
                i64t.const_int(want, false).into(),
                slot.into(),
            ];
            let ok = self
                .call_runtime(RuntimeFn::ExceptionArgAt, &args)?
                .expect("a bool")
                .into_int_value();
            self.check(ok, "TypeError", &mismatch)?;
            let ty = self.llvm_type(item);
            let value: BasicValueEnum<'ctx> = match item {
                Type::Bool => {
                    let x = self.b.build_load(i64t, slot, "b").ir()?.into_int_value();
                    let zero = i64t.const_zero();
                    let b = self
                        .b
                        .build_int_compare(IntPredicate::NE, x, zero, "b")
                        .ir()?;
                    self.b
                        .build_int_z_extend_or_bit_cast(b, ty.into_int_type(), "b")
                        .ir()?
                        .into()
                }
                Type::NoneType => ty.const_zero(),
                _ => self.b.build_load(ty, slot, "a").ir()?,
            };
            agg = self
                .b
                .build_insert_value(agg, value, k as u32, "args")
                .ir()?
                .into_struct_value();
        }
        Ok(agg.into())
    }
}
