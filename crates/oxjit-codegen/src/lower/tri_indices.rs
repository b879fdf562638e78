//! `np.tril_indices`/`np.triu_indices` (and `_from`; core's `registry::tri_indices` types
//! them): the items of each row of an `n` by `m` matrix on and below (above) the `k`th
//! diagonal, counted first, then written in C order into two new int64 arrays.

use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;
use oxjit_core::registry::{ArrayFn, Builtin};
use oxjit_core::types::{ArrayTy, Layout, Type};

use super::bound::CallCx;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub(super) fn lower_tri_indices(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let upper = matches!(
            c.id,
            Builtin::Array(ArrayFn::TriuIndices | ArrayFn::TriuIndicesFrom)
        );
        let k = self
            .cast(c.args[1].v, &c.args[1].t, &Type::I64)?
            .into_int_value();
        let (n, m) = match &c.args[0].t {
            Type::Array(_) => {
                let arr = c.args[0].v.into_struct_value();
                (self.array_shape(arr, 0)?, self.array_shape(arr, 1)?)
            }
            t => {
                let n = self.cast(c.args[0].v, t, &Type::I64)?.into_int_value();
                let m = match &c.args[2].t {
                    Type::NoneType => n,
                    t => self.cast(c.args[2].v, t, &Type::I64)?.into_int_value(),
                };
                (n, m)
            }
        };
        let zero = self.i64(0);
        let m = self.smax(m, zero)?;
        // Row i holds the columns [lo, hi).
        let bounds = |s: &mut Self, i: IntValue<'ctx>| -> R<(IntValue<'ctx>, IntValue<'ctx>)> {
            let edge = s.b.build_int_add(i, k, "edge").ir()?;
            let clamp = |s: &mut Self, v: IntValue<'ctx>| -> R<IntValue<'ctx>> {
                let v = s.smax(v, zero)?;
                let above =
                    s.b.build_int_compare(IntPredicate::SGT, v, m, "above")
                        .ir()?;
                Ok(s.b
                    .build_select(above, m, v, "clamp")
                    .ir()?
                    .into_int_value())
            };
            if upper {
                Ok((clamp(s, edge)?, m))
            } else {
                let one = s.i64(1);
                let past = s.b.build_int_add(edge, one, "past").ir()?;
                Ok((zero, clamp(s, past)?))
            }
        };
        let i64t = self.cx().i64_type();
        let count = self.alloca(i64t.into(), "count")?;
        self.b.build_store(count, zero).ir()?;
        let rows = self.smax(n, zero)?;
        self.for_each_index(&[rows], &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let (lo, hi) = bounds(s, idx[0])?;
            let width = s.b.build_int_sub(hi, lo, "width").ir()?;
            let width = s.smax(width, zero)?;
            let cur = s.b.build_load(i64t, count, "cur").ir()?.into_int_value();
            let next = s.b.build_int_add(cur, width, "next").ir()?;
            s.b.build_store(count, next).ir()?;
            Ok(())
        })?;
        let total = self
            .b
            .build_load(i64t, count, "total")
            .ir()?
            .into_int_value();
        let it = ArrayTy {
            dtype: Type::I64,
            ndim: 1,
            layout: Layout::C,
            readonly: false,
        };
        let it_type = Type::Array(it.clone().into());
        let r = self.new_array(&it, &[total], false)?;
        self.extra_live.push((r.into(), it_type.clone()));
        let cols = self.new_array(&it, &[total], false);
        self.extra_live.pop();
        let cols = cols?;
        self.b.build_store(count, zero).ir()?;
        self.for_each_index(&[rows], &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let i = idx[0];
            let (lo, hi) = bounds(s, i)?;
            let width = s.b.build_int_sub(hi, lo, "width").ir()?;
            let width = s.smax(width, zero)?;
            s.for_each_index(&[width], &mut |s: &mut Self, jdx: &[IntValue<'ctx>]| {
                let j = s.b.build_int_add(lo, jdx[0], "j").ir()?;
                let at = s.b.build_load(i64t, count, "at").ir()?.into_int_value();
                let p = s.element_ptr(r, &it, &[at])?;
                s.b.build_store(p, i).ir()?;
                let p = s.element_ptr(cols, &it, &[at])?;
                s.b.build_store(p, j).ir()?;
                let one = s.i64(1);
                let next = s.b.build_int_add(at, one, "next").ir()?;
                s.b.build_store(count, next).ir()?;
                Ok(())
            })
        })?;
        let st = self.llvm_type(c.result).into_struct_type();
        let agg = self.b.build_insert_value(st.get_undef(), r, 0, "rc").ir()?;
        let agg = self.b.build_insert_value(agg, cols, 1, "rc").ir()?;
        Ok(agg.into_struct_value().into())
    }
}
