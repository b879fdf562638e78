//! `np.take(a, indices)` and `a.take(indices)` (core's `registry/take.rs` types them): items of
//! the flattened array by index, NumPy's `mode='raise'`; with `axis=`, along that axis
//! (`lower/fancy_mixed.rs`).

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::IntPredicate;
use oxjit_core::ir::Const;
use oxjit_core::types::{ArrayTy, Type};

use super::bound::CallCx;
use super::creation::result_array;
use super::{FnGen, Ir, R};

const OUT_OF_BOUNDS: &str = "index {0} is out of bounds for axis 0 with size {1}";

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.take(a, indices)`: NumPy's checks first (an empty `a` refuses any index; each index,
    /// negative from the end, within the size, the first one outside named), then the items,
    /// `a` read in C order.
    pub(super) fn lower_take(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (src, st) = self.array_arg(&c.args[0]);
        if let (Some(Const::Int(k)), true) = (&c.args[2].c, st.ndim > 1) {
            // Typing checked the axis.
            let axis = k.rem_euclid(st.ndim as i64) as usize;
            let rt = result_array(c)?;
            return self.take_along(src, &st, (c.args[1].v, &c.args[1].t), axis, &rt);
        }
        let n = self.array_size(src, &st)?;
        let Type::Array(it) = &c.args[1].t else {
            self.check_not_empty_take(n, self.i64(1))?;
            let i = self.cast(c.args[1].v, &c.args[1].t, &Type::I64)?;
            let j = self.checked_index_with(i.into_int_value(), n, OUT_OF_BOUNDS)?;
            return self.flat_load(src, &st, j);
        };
        let it = (**it).clone();
        let ia = c.args[1].v.into_struct_value();
        let count = self.array_size(ia, &it)?;
        self.check_not_empty_take(n, count)?;
        let shape = self.shape_values(ia, &it)?;
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let i = s.take_index(ia, &it, idx)?;
            s.checked_index_with(i, n, OUT_OF_BOUNDS)?;
            Ok(())
        })?;
        // Every index is inside: the result is allocated only now (nothing to release on errors).
        let rt = result_array(c)?;
        let out = self.new_array(&rt, &shape, false)?;
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let i = s.take_index(ia, &it, idx)?;
            let neg =
                s.b.build_int_compare(IntPredicate::SLT, i, s.i64(0), "neg")
                    .ir()?;
            let wrapped = s.b.build_int_add(i, n, "wrapped").ir()?;
            let j =
                s.b.build_select(neg, wrapped, i, "j")
                    .ir()?
                    .into_int_value();
            let x = s.flat_load(src, &st, j)?;
            let p = s.element_ptr(out, &rt, idx)?;
            s.b.build_store(p, x).ir()?;
            Ok(())
        })?;
        Ok(out.into())
    }

    /// NumPy's error for indices into an empty array (before it looks at them).
    pub(super) fn check_not_empty_take(
        &mut self,
        n: IntValue<'ctx>,
        count: IntValue<'ctx>,
    ) -> R<()> {
        let has = self
            .b
            .build_int_compare(IntPredicate::NE, n, self.i64(0), "has")
            .ir()?;
        let none = self
            .b
            .build_int_compare(IntPredicate::EQ, count, self.i64(0), "none")
            .ir()?;
        let ok = self.b.build_or(has, none, "ok").ir()?;
        self.check(
            ok,
            "IndexError",
            "cannot do a non-empty take from an empty axes.",
        )
    }

    /// An index from an array of integers, as `intp`.
    fn take_index(
        &mut self,
        ia: StructValue<'ctx>,
        it: &ArrayTy,
        idx: &[IntValue<'ctx>],
    ) -> R<IntValue<'ctx>> {
        let i = self.array_load(ia, it, idx)?;
        Ok(self.cast(i, &it.dtype, &Type::I64)?.into_int_value())
    }

    /// Item `j` (in range) of `arr` flattened in C order.
    fn flat_load(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        j: IntValue<'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        let idx = self.unravel(arr, at, j, false)?;
        self.array_load(arr, at, &idx)
    }
}
