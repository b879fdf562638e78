//! Memory layouts decided at run time as NumPy decides them, through the runtime's `layout`
//! module: the strides of a no-copy `reshape` of a strided array, and the memory order a new
//! array takes from its inputs (`order='K'`).

use inkwell::values::{IntValue, PointerValue, StructValue};
use inkwell::IntPredicate;
use oxjit_abi::RuntimeFn;
use oxjit_core::types::{size_align, ArrayTy, Layout, Type};

use super::{FnGen, Ir, R};
use crate::models::array::ArrayValue;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// A stack buffer (in the entry block) holding `values`, with room for at least one.
    pub(super) fn i64_buffer(
        &mut self,
        values: &[IntValue<'ctx>],
        name: &str,
    ) -> R<PointerValue<'ctx>> {
        let i64t = self.cx().i64_type();
        let buf = self.alloca(i64t.array_type(values.len().max(1) as u32).into(), name)?;
        for (k, &v) in values.iter().enumerate() {
            // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): `k` is
            // below the buffer's length (`values.len()`, or the `n` it was made with).
            let p = unsafe {
                self.b
                    .build_in_bounds_gep(i64t, buf, &[self.i64(k as i64)], "p")
            }
            .ir()?;
            self.b.build_store(p, v).ir()?;
        }
        Ok(buf)
    }

    /// The `n` values of a buffer.
    pub(super) fn load_i64s(
        &mut self,
        buf: PointerValue<'ctx>,
        n: usize,
    ) -> R<Vec<IntValue<'ctx>>> {
        let i64t = self.cx().i64_type();
        (0..n)
            .map(|k| {
                // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): `k` is
                // below the buffer's length (`values.len()`, or the `n` it was made with).
                let p = unsafe {
                    self.b
                        .build_in_bounds_gep(i64t, buf, &[self.i64(k as i64)], "p")
                }
                .ir()?;
                Ok(self.b.build_load(i64t, p, "v").ir()?.into_int_value())
            })
            .collect()
    }

    /// NumPy's `_attempt_nocopy_reshape`: whether `arr` reads as `shape` without a copy, and
    /// the strides it then has.
    pub fn nocopy_strides(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        shape: &[IntValue<'ctx>],
    ) -> R<(IntValue<'ctx>, Vec<IntValue<'ctx>>)> {
        let i64t = self.cx().i64_type();
        let old_shape = self.shape_values(arr, at)?;
        let old_strides = self.array_strides(arr, at)?;
        let dims = self.i64_buffer(&old_shape, "old_dims")?;
        let strides = self.i64_buffer(&old_strides, "old_strides")?;
        let new_dims = self.i64_buffer(shape, "new_dims")?;
        let new_strides = self.alloca(
            i64t.array_type(shape.len().max(1) as u32).into(),
            "new_strides",
        )?;
        let f = self.runtime(RuntimeFn::NocopyReshape);
        let itemsize = self.i64(size_align(&at.dtype).0 as i64);
        let args = [
            self.i64(old_shape.len() as i64).into(),
            dims.into(),
            strides.into(),
            self.i64(shape.len() as i64).into(),
            new_dims.into(),
            new_strides.into(),
            itemsize.into(),
        ];
        let ok = self
            .b
            .build_call(f, &args, "nocopy")
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("a flag")
            .into_int_value();
        let ok = self
            .b
            .build_int_compare(IntPredicate::NE, ok, ok.get_type().const_zero(), "ok")
            .ir()?;
        Ok((ok, self.load_i64s(new_strides, shape.len())?))
    }

    /// A new array of `shape` for a result computed from arrays of `inputs` (each `(shape,
    /// strides)`, right-aligned with `shape`): of layout `rt.layout` when that is C or F, else
    /// in the memory order NumPy's `order='K'` gives (decided by the runtime from the inputs'
    /// strides).
    pub fn new_array_keep_order(
        &mut self,
        rt: &ArrayTy,
        shape: &[IntValue<'ctx>],
        inputs: &[(Vec<IntValue<'ctx>>, Vec<IntValue<'ctx>>)],
    ) -> R<StructValue<'ctx>> {
        if rt.layout != Layout::A || shape.len() < 2 {
            return self.new_array(rt, shape, false);
        }
        let n = shape.len();
        // Each input's strides over the result's axes: 0 where it has no axis or one of length 1.
        let mut rows = Vec::new();
        for (s, st) in inputs {
            let lead = n - s.len();
            rows.extend(std::iter::repeat_n(self.i64(0), lead));
            for (&d, &stride) in s.iter().zip(st) {
                let one = self
                    .b
                    .build_int_compare(IntPredicate::EQ, d, self.i64(1), "one")
                    .ir()?;
                rows.push(
                    self.b
                        .build_select(one, self.i64(0), stride, "stride")
                        .ir()?
                        .into_int_value(),
                );
            }
        }
        let shape_buf = self.i64_buffer(shape, "shape")?;
        let strides_buf = self.i64_buffer(&rows, "op_strides")?;
        let i64t = self.cx().i64_type();
        let out = self.alloca(i64t.array_type(n as u32).into(), "out_strides")?;
        let f = self.runtime(RuntimeFn::KeepOrderStrides);
        let itemsize = self.i64(size_align(&rt.dtype).0 as i64);
        let args = [
            self.i64(inputs.len() as i64).into(),
            self.i64(n as i64).into(),
            shape_buf.into(),
            strides_buf.into(),
            itemsize.into(),
            out.into(),
        ];
        self.b.build_call(f, &args, "").ir()?;
        let strides = self.load_i64s(out, n)?;
        // The block of a C array of that shape, the same items under the strides found.
        let block = self.new_array(rt, shape, false)?;
        let data = ArrayValue(block).data(&self.b)?;
        self.view_of(block, rt, data, shape, &strides)
    }

    /// A new array of type `rt` (C, F, or for layout A in the memory order of `src`) of the
    /// shape of `src`, not filled.
    pub fn new_like(
        &mut self,
        src: StructValue<'ctx>,
        st: &ArrayTy,
        rt: &ArrayTy,
    ) -> R<StructValue<'ctx>> {
        let shape = self.shape_values(src, st)?;
        let strides = self.array_strides(src, st)?;
        self.new_array_keep_order(rt, &shape, &[(shape.clone(), strides)])
    }

    /// The shapes and strides of `arrays`, with an axis of length 1 inserted at `new_axis`.
    pub fn shapes_and_strides(
        &self,
        arrays: &[(StructValue<'ctx>, ArrayTy)],
        new_axis: Option<usize>,
    ) -> R<Vec<(Vec<IntValue<'ctx>>, Vec<IntValue<'ctx>>)>> {
        let mut out = Vec::new();
        for (a, at) in arrays {
            let mut shape = self.shape_values(*a, at)?;
            let mut strides = self.array_strides(*a, at)?;
            if let Some(k) = new_axis {
                shape.insert(k, self.i64(1));
                strides.insert(k, self.i64(0));
            }
            out.push((shape, strides));
        }
        Ok(out)
    }

    /// `np.sort(a)` laid out as `a` is (order='K'): sorted in a C copy (rows contiguous), then
    /// copied into the result.
    pub fn sorted_keeping_order(
        &mut self,
        src: StructValue<'ctx>,
        st: &ArrayTy,
        rt: &ArrayTy,
        stable: bool,
    ) -> R<StructValue<'ctx>> {
        let c_t = ArrayTy {
            layout: Layout::C,
            ..rt.clone()
        };
        let c_type = Type::Array(c_t.clone().into());
        let sorted = self.copy_of(src, st, &c_t)?;
        // Given back if the sort or the allocation raises.
        self.extra_live.push((sorted.into(), c_type.clone()));
        let out = self
            .sort_rows(sorted, &c_t, stable)
            .and_then(|_| self.new_like(src, st, rt));
        self.extra_live.pop();
        let out = out?;
        let shape = self.shape_values(src, st)?;
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(sorted, &c_t, idx)?;
            let p = s.element_ptr(out, rt, idx)?;
            s.b.build_store(p, x).ir()?;
            Ok(())
        })?;
        self.decref(sorted.into(), &c_type)?;
        Ok(out)
    }
}
