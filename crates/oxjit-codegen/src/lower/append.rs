//! `np.append(arr, values)` (core's `registry::append` types it): a new 1-d array, `arr`'s
//! items then `values`' (each flattened in C order), cast to the result's dtype.

use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use oxjit_core::types::{ArrayTy, Type};

use super::bound::{Arg, CallCx};
use super::creation::result_array;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub(super) fn lower_append(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let rt = result_array(c)?;
        let sizes = [self.items_of(&c.args[0])?, self.items_of(&c.args[1])?];
        let total = self.b.build_int_add(sizes[0], sizes[1], "total").ir()?;
        let out = self.new_array(&rt, &[total], false)?;
        let i64t = self.cx().i64_type();
        let at = self.alloca(i64t.into(), "at")?;
        self.b.build_store(at, self.i64(0)).ir()?;
        for arg in &c.args[..2] {
            self.append_items(arg, out, &rt, at)?;
        }
        Ok(out.into())
    }

    /// How many items an argument adds: an array's size, or 1.
    fn items_of(&self, a: &Arg<'ctx>) -> R<IntValue<'ctx>> {
        match &a.t {
            Type::Array(at) => self.array_size(a.v.into_struct_value(), at),
            _ => Ok(self.i64(1)),
        }
    }

    /// Stores the items of `a` (in C order) into `out` from position `*at` on.
    fn append_items(
        &mut self,
        a: &Arg<'ctx>,
        out: inkwell::values::StructValue<'ctx>,
        rt: &ArrayTy,
        at: PointerValue<'ctx>,
    ) -> R<()> {
        let i64t = self.cx().i64_type();
        let put = |s: &mut Self, v: BasicValueEnum<'ctx>, t: &Type| -> R<()> {
            let v = s.numpy_cast(v, t, &rt.dtype)?;
            let k = s.b.build_load(i64t, at, "k").ir()?.into_int_value();
            let p = s.element_ptr(out, rt, &[k])?;
            s.b.build_store(p, v).ir()?;
            let one = s.i64(1);
            let next = s.b.build_int_add(k, one, "next").ir()?;
            s.b.build_store(at, next).ir()?;
            Ok(())
        };
        let Type::Array(st) = &a.t else {
            return put(self, a.v, &a.t);
        };
        let src = a.v.into_struct_value();
        let shape = self.shape_values(src, st)?;
        let dtype = st.dtype.clone();
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let v = s.array_load(src, st, idx)?;
            put(s, v, &dtype)
        })
    }
}
