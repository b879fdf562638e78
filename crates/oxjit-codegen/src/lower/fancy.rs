//! NumPy's advanced indexing: `a[mask]` (a boolean array of `a`'s shape: the selected items in C
//! order, a new 1-d array), `a[idx]` (an integer array into a 1-d `a`: a new array of `idx`'s
//! shape), and assignment through both. Indices are always checked, as NumPy does for these.

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::IntPredicate;
use oxjit_core::ir::Value;
use oxjit_core::types::{ArrayTy, Layout, Type};

use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    fn array_value(&self, v: Value) -> (StructValue<'ctx>, ArrayTy) {
        match self.ty(v) {
            Type::Array(t) => (self.val(v).into_struct_value(), (**t).clone()),
            t => panic!("expected an array, got {t}"),
        }
    }

    /// NumPy's IndexError where a mask's shape differs from the array's.
    fn check_mask_shape(
        &mut self,
        arr: StructValue<'ctx>,
        mask: StructValue<'ctx>,
        nd: u32,
    ) -> R<()> {
        for k in 0..nd {
            let n = self.array_shape(arr, k)?;
            let m = self.array_shape(mask, k)?;
            let same = self
                .b
                .build_int_compare(IntPredicate::EQ, n, m, "same")
                .ir()?;
            let fail = self.cx().append_basic_block(self.f, "mask_error");
            let cont = self.cx().append_basic_block(self.f, "mask_ok");
            self.b.build_conditional_branch(same, cont, fail).ir()?;
            self.b.position_at_end(fail);
            self.raise_formatted(
                "IndexError",
                &format!("boolean index did not match indexed array along axis {k}; size of axis is {{0}} but size of corresponding boolean axis is {{1}}"),
                &[n, m],
            )?;
            self.b.position_at_end(cont);
        }
        Ok(())
    }

    /// An index into an axis of `n` items: negative counts from the end; outside raises
    /// NumPy's IndexError.
    fn checked_index(&mut self, i: IntValue<'ctx>, n: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let neg = self
            .b
            .build_int_compare(IntPredicate::SLT, i, self.i64(0), "neg")
            .ir()?;
        let wrapped = self.b.build_int_add(i, n, "wrapped").ir()?;
        let j = self
            .b
            .build_select(neg, wrapped, i, "j")
            .ir()?
            .into_int_value();
        let inside = self
            .b
            .build_int_compare(IntPredicate::ULT, j, n, "inside")
            .ir()?;
        let fail = self.cx().append_basic_block(self.f, "index_error");
        let cont = self.cx().append_basic_block(self.f, "index_ok");
        let br = self.b.build_conditional_branch(inside, cont, fail).ir()?;
        self.unlikely(br);
        self.b.position_at_end(fail);
        self.raise_formatted(
            "IndexError",
            "index {0} is out of bounds for axis 0 with size {1}",
            &[i, n],
        )?;
        self.b.position_at_end(cont);
        Ok(j)
    }

    /// How many items of a mask are true.
    fn count_true(&mut self, mask: StructValue<'ctx>, mt: &ArrayTy) -> R<IntValue<'ctx>> {
        let shape = self.shape_values(mask, mt)?;
        let counter = self.alloca(self.cx().i64_type().into(), "count")?;
        self.b.build_store(counter, self.i64(0)).ir()?;
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(mask, mt, idx)?.into_int_value();
            let one = s.b.build_int_z_extend(x, s.cx().i64_type(), "one").ir()?;
            let c =
                s.b.build_load(s.cx().i64_type(), counter, "c")
                    .ir()?
                    .into_int_value();
            let c = s.b.build_int_add(c, one, "c").ir()?;
            s.b.build_store(counter, c).ir()?;
            Ok(())
        })?;
        Ok(self
            .b
            .build_load(self.cx().i64_type(), counter, "n")
            .ir()?
            .into_int_value())
    }

    /// Runs `body(element pointer of a, k)` for the k-th selected item of `a`, in C order.
    fn each_selected(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        index: Value,
        body: &mut dyn FnMut(
            &mut Self,
            inkwell::values::PointerValue<'ctx>,
            IntValue<'ctx>,
        ) -> R<()>,
    ) -> R<()> {
        let (ix, it) = self.array_value(index);
        let counter = self.alloca(self.cx().i64_type().into(), "k")?;
        self.b.build_store(counter, self.i64(0)).ir()?;
        let shape = self.shape_values(ix, &it)?;
        if it.dtype == Type::Bool {
            self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
                let take = s.array_load(ix, &it, idx)?.into_int_value();
                let yes = s.cx().append_basic_block(s.f, "mask.take");
                let next = s.cx().append_basic_block(s.f, "mask.next");
                s.b.build_conditional_branch(take, yes, next).ir()?;
                s.b.position_at_end(yes);
                let k =
                    s.b.build_load(s.cx().i64_type(), counter, "k")
                        .ir()?
                        .into_int_value();
                let p = s.element_ptr(arr, at, idx)?;
                body(s, p, k)?;
                let k1 = s.b.build_int_add(k, s.i64(1), "k1").ir()?;
                s.b.build_store(counter, k1).ir()?;
                s.b.build_unconditional_branch(next).ir()?;
                s.b.position_at_end(next);
                Ok(())
            })
        } else {
            let n = self.array_shape(arr, 0)?;
            let idx_dtype = it.dtype.clone();
            self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
                let i = s.array_load(ix, &it, idx)?;
                let i = s.cast(i, &idx_dtype, &Type::I64)?.into_int_value();
                let j = s.checked_index(i, n)?;
                let k =
                    s.b.build_load(s.cx().i64_type(), counter, "k")
                        .ir()?
                        .into_int_value();
                let p = s.element_ptr(arr, at, &[j])?;
                body(s, p, k)?;
                let k1 = s.b.build_int_add(k, s.i64(1), "k1").ir()?;
                s.b.build_store(counter, k1).ir()?;
                Ok(())
            })
        }
    }

    /// `a[mask]` or `a[idx]`: a new array.
    pub fn fancy_getitem(
        &mut self,
        a: Value,
        index: Value,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let (arr, at) = self.array_value(a);
        let (ix, it) = self.array_value(index);
        let Type::Array(rt) = result else {
            return Err(self.err("advanced indexing makes an array"));
        };
        let rt = (**rt).clone();
        let shape = if it.dtype == Type::Bool {
            self.check_mask_shape(arr, ix, at.ndim as u32)?;
            vec![self.count_true(ix, &it)?]
        } else {
            self.shape_values(ix, &it)?
        };
        let out = self.new_array(&rt, &shape, false)?;
        let out_flat = ArrayTy {
            ndim: 1,
            layout: Layout::C,
            ..rt.clone()
        };
        let flat = if rt.ndim == 1 {
            out
        } else {
            let size = self.array_size(out, &rt)?;
            let meminfo = self.b.build_extract_value(out, 0, "meminfo").ir()?;
            let data = self.b.build_extract_value(out, 1, "data").ir()?;
            let itemsize = self.i64(oxjit_core::types::size_align(&rt.dtype).0 as i64);
            self.build_array(&out_flat, meminfo, data, &[size], &[itemsize])?
        };
        self.extra_live.push((out.into(), result.clone()));
        let elem_t = self.llvm_type(&at.dtype);
        let copied = self.each_selected(arr, &at, index, &mut |s: &mut Self, p, k| {
            let x = s.b.build_load(elem_t, p, "x").ir()?;
            let q = s.element_ptr(flat, &out_flat, &[k])?;
            s.b.build_store(q, x).ir()?;
            Ok(())
        });
        self.extra_live.pop();
        copied?;
        Ok(out.into())
    }

    /// `a[mask] = x` or `a[idx] = x`: `x` a number, or an array with one item per selected item.
    pub fn fancy_setitem(&mut self, a: Value, index: Value, x: Value) -> R<()> {
        let (arr, at) = self.array_value(a);
        let (ix, it) = self.array_value(index);
        if it.dtype == Type::Bool {
            self.check_mask_shape(arr, ix, at.ndim as u32)?;
        }
        match self.ty(x).clone() {
            Type::Array(st) => {
                let src = self.val(x).into_struct_value();
                if st.ndim != 1 {
                    return Err(self.err("assigning a multi-dimensional array through a mask or an index array is not supported yet"));
                }
                // One value per selected item (NumPy's message for a mask).
                let count = if it.dtype == Type::Bool {
                    self.count_true(ix, &it)?
                } else {
                    self.array_size(ix, &it)?
                };
                let len = self.array_shape(src, 0)?;
                let same = self
                    .b
                    .build_int_compare(IntPredicate::EQ, len, count, "same")
                    .ir()?;
                let one = self
                    .b
                    .build_int_compare(IntPredicate::EQ, len, self.i64(1), "one")
                    .ir()?;
                let ok = self.b.build_or(same, one, "ok").ir()?;
                let fail = self.cx().append_basic_block(self.f, "assign_error");
                let cont = self.cx().append_basic_block(self.f, "assign_ok");
                self.b.build_conditional_branch(ok, cont, fail).ir()?;
                self.b.position_at_end(fail);
                self.raise_formatted(
                    "ValueError",
                    "NumPy boolean array indexing assignment cannot assign {0} input values to the {1} output values where the mask is true",
                    &[len, count],
                )?;
                self.b.position_at_end(cont);
                let (from, to) = (st.dtype.clone(), at.dtype.clone());
                self.each_selected(arr, &at, index, &mut |s: &mut Self, p, k| {
                    let j =
                        s.b.build_select(one, s.i64(0), k, "j")
                            .ir()?
                            .into_int_value();
                    let v = s.array_load(src, &st, &[j])?;
                    let v = s.numpy_cast(v, &from, &to)?;
                    s.b.build_store(p, v).ir()?;
                    Ok(())
                })
            }
            t => {
                let v = self.numpy_cast(self.val(x), &t, &at.dtype)?;
                self.each_selected(arr, &at, index, &mut |s: &mut Self, p, _| {
                    s.b.build_store(p, v).ir()?;
                    Ok(())
                })
            }
        }
    }
}
