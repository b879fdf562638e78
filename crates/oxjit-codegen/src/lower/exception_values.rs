//! What compiled code reads of a caught exception (`except ValueError as e`): `str(e)` and
//! `e.args`, made by the runtime (`exception_text.rs`) from the record the value holds.

use inkwell::values::{BasicValueEnum, PointerValue};
use oxjit_abi::RuntimeFn;
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

    /// `e.args`, a tuple of one new string; TypeError where the exception's arguments are not
    /// one string (compiled code cannot type them).
    pub(crate) fn exception_args(
        &mut self,
        v: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let record = self.caught_record(v)?;
        let s = self
            .call_runtime(RuntimeFn::ExceptionArg, &[record.into()])?
            .expect("a string")
            .into_pointer_value();
        let ok = self.b.build_is_not_null(s, "one_str").ir()?;
        self.check(
            ok,
            "TypeError",
            "oxjit: compiled code reads e.args as a tuple of one str, and this exception has no \
             argument, several, or one that is not a str (str(e) reads any)",
        )?;
        let tuple_t = self.llvm_type(t).into_struct_type();
        self.b
            .build_insert_value(tuple_t.get_undef(), s, 0, "args")
            .ir()
            .map(|a| a.into_struct_value().into())
    }
}
