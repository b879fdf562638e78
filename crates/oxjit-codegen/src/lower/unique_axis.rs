//! `np.unique(ar, ..., axis=k)` (core's `registry/setops.rs` types it): a C copy of `ar`, seen
//! as `(pre, n, post)` around the axis (known at compile time or at run time), handed to the
//! runtime's `unique_axis.rs`, which writes the distinct sub-arrays in place of the axis; the
//! values are a view of the part written, in `ar`'s shape with `count` along the axis, and the
//! inverse is 1-d, as NumPy 2's.

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::IntPredicate;
use oxjit_abi::{RuntimeFn, SortOp};
use oxjit_core::registry::setops::{compare_dtype, unique_flags};
use oxjit_core::types::{size_align, ArrayTy, Layout, Type};

use super::bound::CallCx;
use super::sort::sort_elem;
use super::{FnGen, Ir, R};
use crate::models::array::ArrayValue;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `(pre, n, post)`: the products of the dimensions before `axis`, the axis's own, and
    /// the product of those after it.
    fn around_axis(
        &self,
        shape: &[IntValue<'ctx>],
        axis: IntValue<'ctx>,
    ) -> R<[IntValue<'ctx>; 3]> {
        let (mut pre, mut n, mut post) = (self.i64(1), self.i64(1), self.i64(1));
        for (d, &dim) in shape.iter().enumerate() {
            let here = self.i64(d as i64);
            let one = self.i64(1);
            let before = self
                .b
                .build_int_compare(IntPredicate::SLT, here, axis, "before")
                .ir()?;
            let at = self
                .b
                .build_int_compare(IntPredicate::EQ, here, axis, "at")
                .ir()?;
            let pick = |cond, g: &Self| -> R<IntValue<'ctx>> {
                Ok(g.b
                    .build_select(cond, dim, one, "dim")
                    .ir()?
                    .into_int_value())
            };
            let after = self.b.build_not(before, "nb").ir()?;
            let after = self
                .b
                .build_and(after, self.b.build_not(at, "na").ir()?, "after")
                .ir()?;
            pre = self.b.build_int_mul(pre, pick(before, self)?, "pre").ir()?;
            n = self.b.build_int_mul(n, pick(at, self)?, "n").ir()?;
            post = self
                .b
                .build_int_mul(post, pick(after, self)?, "post")
                .ir()?;
        }
        Ok([pre, n, post])
    }

    /// NumPy's `moveaxis(uniq.reshape(k, *rest), 0, axis)`: a view of the `k` distinct rows
    /// (`pre * post` items each, one after another) with `k` along `axis`.
    #[allow(clippy::too_many_arguments)]
    fn rows_moved_back(
        &self,
        values: StructValue<'ctx>,
        rt: &ArrayTy,
        shape: &[IntValue<'ctx>],
        axis: IntValue<'ctx>,
        k: IntValue<'ctx>,
        pre: IntValue<'ctx>,
        post: IntValue<'ctx>,
    ) -> R<StructValue<'ctx>> {
        let item = self.i64(size_align(&rt.dtype).0 as i64);
        let row = self.b.build_int_mul(pre, post, "row").ir()?;
        let row_bytes = self.b.build_int_mul(row, item, "row_bytes").ir()?;
        let (mut dims, mut strides) = (vec![], vec![]);
        // From the last dimension: each other dimension's stride is the product of the items
        // of the other dimensions after it.
        let mut inner = item;
        for (d, &dim) in shape.iter().enumerate().rev() {
            let at = self
                .b
                .build_int_compare(IntPredicate::EQ, self.i64(d as i64), axis, "at")
                .ir()?;
            let select = |a: IntValue<'ctx>, b: IntValue<'ctx>| -> R<IntValue<'ctx>> {
                Ok(self.b.build_select(at, a, b, "s").ir()?.into_int_value())
            };
            dims.push(select(k, dim)?);
            strides.push(select(row_bytes, inner)?);
            let scaled = self.b.build_int_mul(inner, dim, "inner").ir()?;
            inner = select(inner, scaled)?;
        }
        dims.reverse();
        strides.reverse();
        let meminfo = self.b.build_extract_value(values, 0, "meminfo").ir()?;
        let data = self.b.build_extract_value(values, 1, "data").ir()?;
        self.build_array(rt, meminfo, data, &dims, &strides)
    }

    /// `np.unique(ar, ..., axis=k)` of an array of two or more dimensions, `axis` already
    /// checked and counted from 0.
    pub(super) fn lower_unique_axis(
        &mut self,
        c: &CallCx<'_, 'ctx>,
        axis: IntValue<'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        let flags = unique_flags(&c.args.iter().map(|a| a.c.clone()).collect::<Vec<_>>());
        let dtype = compare_dtype(std::slice::from_ref(&c.args[0].t));
        let x = self.flat_copy(&c.args[0], &dtype)?;
        let (src, st) = self.array_arg(&c.args[0]);
        let shape = self.shape_values(src, &st)?;
        let [pre, n, post] = self.around_axis(&shape, axis)?;
        let (values, _) = self.room(&dtype, x.n)?;
        let ptr = self.cx().ptr_type(inkwell::AddressSpace::default());
        let mut made = vec![];
        let mut args = vec![x.data.into(), pre.into(), n.into(), post.into()];
        args.push(ArrayValue(values).data(&self.b)?.into());
        for &wanted in &flags {
            if wanted {
                let (a, at) = self.room(&Type::I64, n)?;
                args.push(ArrayValue(a).data(&self.b)?.into());
                made.push((a, at));
            } else {
                args.push(ptr.const_null().into());
            }
        }
        let k = self
            .call_runtime(
                RuntimeFn::Sort(SortOp::UniqueAxis, sort_elem(&dtype)),
                &args,
            )?
            .expect("a count")
            .into_int_value();
        let rt = ArrayTy {
            ndim: st.ndim,
            layout: Layout::A,
            readonly: false,
            dtype: dtype.clone(),
        };
        let view = self.rows_moved_back(values, &rt, &shape, axis, k, pre, post)?;
        let mut items = vec![view];
        let mut next = made.iter();
        for (f, &wanted) in flags.iter().enumerate() {
            if wanted {
                let (a, at) = next.next().expect("an array asked for");
                // The index and the counts have one item per value, the inverse one per row.
                let len = if f == 1 { n } else { k };
                items.push(self.reshaped(*a, at, at, &[len])?);
            }
        }
        for _ in 0..=made.len() {
            self.extra_live.pop();
        }
        self.release_flats(vec![x])?;
        if !flags.iter().any(|&b| b) {
            return Ok(items[0].into());
        }
        self.arrays_tuple(&items, c.result)
    }
}
