//! `np._oxjit_polynomial(coef, domain, window)`: the `Polynomial` record of three arrays
//! (`models/polynomial.rs`), each taken as it is, with a reference of its own.

use inkwell::values::BasicValueEnum;

use super::bound::CallCx;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub(super) fn lower_make_polynomial(
        &mut self,
        c: &CallCx<'_, 'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        let st = self.llvm_type(c.result).into_struct_type();
        let mut v = st.get_undef();
        for (k, a) in c.args.iter().take(3).enumerate() {
            v = self
                .b
                .build_insert_value(v, a.v, k as u32, "part")
                .ir()?
                .into_struct_value();
        }
        // The call's result comes with its own reference to each array (the arguments are
        // borrowed).
        self.incref(v.into(), c.result)?;
        Ok(v.into())
    }
}
