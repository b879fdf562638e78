//! NumPy's advanced indexing: `a[mask]` (a boolean array of `a`'s shape: the selected items in C
//! order, a new 1-d array), `a[idx]` (an integer array into a 1-d `a`: a new array of `idx`'s
//! shape), and assignment through both. Indices are always checked, as NumPy does for these.

use inkwell::values::{BasicValueEnum, IntValue, PointerValue, StructValue};
use inkwell::IntPredicate;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::Value;
use oxjit_core::types::{ArrayTy, Layout, Type};

use super::{FnGen, Ir, R};
use crate::models::array::ArrayValue;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub(super) fn array_value(&self, v: Value) -> (StructValue<'ctx>, ArrayTy) {
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
    pub(super) fn checked_index(
        &mut self,
        i: IntValue<'ctx>,
        n: IntValue<'ctx>,
    ) -> R<IntValue<'ctx>> {
        self.checked_index_with(i, n, "index {0} is out of bounds for axis 0 with size {1}")
    }

    /// [`Self::checked_index`] with the message `template` (`{0}` the index, `{1}` the size).
    ///
    /// One unsigned compare on the hot path (a negative index is a huge unsigned one): only an
    /// index outside `0..n` goes on to the wrap and the second check, out of the loop's way
    /// (gathers `a[idx]` run at the speed of an unchecked loop).
    pub fn checked_index_with(
        &mut self,
        i: IntValue<'ctx>,
        n: IntValue<'ctx>,
        template: &str,
    ) -> R<IntValue<'ctx>> {
        let inside = self
            .b
            .build_int_compare(IntPredicate::ULT, i, n, "inside")
            .ir()?;
        let from = self.b.get_insert_block().expect("a current block");
        let wrap = self.cx().append_basic_block(self.f, "negative_index");
        let join = self.cx().append_basic_block(self.f, "index_ok");
        let br = self.b.build_conditional_branch(inside, join, wrap).ir()?;
        self.unlikely(br);
        self.b.position_at_end(wrap);
        let wrapped = self.b.build_int_add(i, n, "wrapped").ir()?;
        let inside = self
            .b
            .build_int_compare(IntPredicate::ULT, wrapped, n, "inside")
            .ir()?;
        self.check_formatted(inside, "IndexError", template, &[i, n])?;
        let wrapped_at = self.b.get_insert_block().expect("a current block");
        self.b.build_unconditional_branch(join).ir()?;
        self.b.position_at_end(join);
        let j = self.b.build_phi(i.get_type(), "j").ir()?;
        j.add_incoming(&[(&i, from), (&wrapped, wrapped_at)]);
        Ok(j.as_basic_value().into_int_value())
    }

    /// How many items of a mask are true.
    pub(super) fn count_true(
        &mut self,
        mask: StructValue<'ctx>,
        mt: &ArrayTy,
    ) -> R<IntValue<'ctx>> {
        if mt.ndim == 1 && matches!(mt.layout, Layout::C | Layout::F) {
            return self.count_true_contiguous(mask);
        }
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
            return Err(Diagnostic::internal("advanced indexing makes an array"));
        };
        let rt = (**rt).clone();
        if it.dtype != Type::Bool && at.ndim > 1 {
            return self.take_rows(arr, &at, ix, &it, &rt, result);
        }
        let shape = if it.dtype == Type::Bool {
            self.check_mask_shape(arr, ix, at.ndim as u32)?;
            vec![self.count_true(ix, &it)?]
        } else {
            self.shape_values(ix, &it)?
        };
        let out = self.new_array(&rt, &shape, false)?;
        if it.dtype == Type::Bool && at.ndim == 1 && it.ndim == 1 && rt.ndim == 1 {
            // Without a branch per item (`fancy_select.rs`).
            self.select_by_mask_1d(arr, &at, ix, &it, out, shape[0])?;
            return Ok(out.into());
        }
        let out_flat = ArrayTy {
            ndim: 1,
            layout: Layout::C,
            ..rt.clone()
        };
        let flat = if rt.ndim == 1 {
            out
        } else {
            let size = self.array_size(out, &rt)?;
            let data = ArrayValue(out).data(&self.b)?;
            let itemsize = ArrayValue(out).itemsize(&rt);
            self.view_of(out, &out_flat, data, &[size], &[itemsize])?
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

    /// `a[idx]` of an n-d array: the rows `a[j]` for each `j` of `idx`, in a new array of shape
    /// `idx.shape + a.shape[1:]`.
    fn take_rows(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        ix: StructValue<'ctx>,
        it: &ArrayTy,
        rt: &ArrayTy,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let mut shape = self.shape_values(ix, it)?;
        let a_shape = self.shape_values(arr, at)?;
        let row_shape = a_shape[1..].to_vec();
        shape.extend(row_shape.iter().copied());
        let out = self.new_array(rt, &shape, false)?;
        // The output seen as (number of indices, row...), C order.
        let count = self.array_size(ix, it)?;
        let flat_t = ArrayTy {
            ndim: at.ndim,
            layout: Layout::C,
            ..rt.clone()
        };
        let mut flat_shape = vec![count];
        flat_shape.extend(row_shape.iter().copied());
        let data = ArrayValue(out).data(&self.b)?;
        let strides = {
            let itemsize = ArrayValue(out).itemsize(rt);
            let mut st = vec![itemsize; flat_shape.len()];
            for k in (0..flat_shape.len() - 1).rev() {
                st[k] = self
                    .b
                    .build_int_mul(st[k + 1], flat_shape[k + 1], "s")
                    .ir()?;
            }
            st
        };
        let flat = self.view_of(out, &flat_t, data, &flat_shape, &strides)?;
        self.extra_live.push((out.into(), result.clone()));
        let n = a_shape[0];
        let idx_shape = self.shape_values(ix, it)?;
        let counter = self.alloca(self.cx().i64_type().into(), "k")?;
        self.b.build_store(counter, self.i64(0)).ir()?;
        let idx_dtype = it.dtype.clone();
        let copied = self.for_each_index(&idx_shape, &mut |s: &mut Self, ii: &[IntValue<'ctx>]| {
            let j = s.array_load(ix, it, ii)?;
            let j = s.cast(j, &idx_dtype, &Type::I64)?.into_int_value();
            let j = s.checked_index(j, n)?;
            let k =
                s.b.build_load(s.cx().i64_type(), counter, "k")
                    .ir()?
                    .into_int_value();
            s.for_each_index(&row_shape, &mut |s: &mut Self, r: &[IntValue<'ctx>]| {
                let mut src = vec![j];
                src.extend_from_slice(r);
                let x = s.array_load(arr, at, &src)?;
                let mut dst = vec![k];
                dst.extend_from_slice(r);
                let p = s.element_ptr(flat, &flat_t, &dst)?;
                s.b.build_store(p, x).ir()?;
                Ok(())
            })?;
            let k1 = s.b.build_int_add(k, s.i64(1), "k1").ir()?;
            s.b.build_store(counter, k1).ir()?;
            Ok(())
        });
        self.extra_live.pop();
        copied?;
        Ok(out.into())
    }

    /// Raises NumPy's IndexError for the first index of `ix` outside axis 0 of `arr`, before
    /// anything is written (NumPy checks every index of an assignment first).
    fn check_all_indices(
        &mut self,
        arr: StructValue<'ctx>,
        ix: StructValue<'ctx>,
        it: &ArrayTy,
    ) -> R<()> {
        let n = self.array_shape(arr, 0)?;
        let shape = self.shape_values(ix, it)?;
        let idx_dtype = it.dtype.clone();
        self.for_each_index(&shape, &mut |s: &mut Self, ii: &[IntValue<'ctx>]| {
            let j = s.array_load(ix, it, ii)?;
            let j = s.cast(j, &idx_dtype, &Type::I64)?.into_int_value();
            s.checked_index(j, n)?;
            Ok(())
        })
    }

    /// `a[mask] = x` or `a[idx] = x`: `x` a number, or an array with one item per selected item.
    pub fn fancy_setitem(&mut self, a: Value, index: Value, x: Value) -> R<()> {
        let (arr, at) = self.array_value(a);
        let (ix, it) = self.array_value(index);
        if it.dtype != Type::Bool {
            self.check_all_indices(arr, ix, &it)?;
        }
        if it.dtype != Type::Bool && at.ndim > 1 {
            // `a[idx] = number`: every item of the selected rows.
            let Some(v) = (match self.ty(x).clone() {
                Type::Array(_) => None,
                t => Some(self.numpy_cast(self.val(x), &t, &at.dtype)?),
            }) else {
                // Typing refuses it (`fancy_assign_source`).
                return Err(Diagnostic::internal(
                    "assigning an array to rows selected by an index array is not supported yet",
                ));
            };
            let a_shape = self.shape_values(arr, &at)?;
            let row_shape = a_shape[1..].to_vec();
            let idx_shape = self.shape_values(ix, &it)?;
            let idx_dtype = it.dtype.clone();
            let n = a_shape[0];
            return self.for_each_index(&idx_shape, &mut |s: &mut Self, ii: &[IntValue<'ctx>]| {
                let j = s.array_load(ix, &it, ii)?;
                let j = s.cast(j, &idx_dtype, &Type::I64)?.into_int_value();
                let j = s.checked_index(j, n)?;
                s.for_each_index(&row_shape, &mut |s: &mut Self, r: &[IntValue<'ctx>]| {
                    let mut dst = vec![j];
                    dst.extend_from_slice(r);
                    let p = s.element_ptr(arr, &at, &dst)?;
                    s.b.build_store(p, v).ir()?;
                    Ok(())
                })
            });
        }
        if it.dtype == Type::Bool {
            self.check_mask_shape(arr, ix, at.ndim as u32)?;
        }
        match self.ty(x).clone() {
            Type::Array(st) => {
                let src = self.val(x).into_struct_value();
                if st.ndim != 1 {
                    // Typing refuses it (`fancy_assign_source`).
                    return Err(Diagnostic::internal("assigning a multi-dimensional array through a mask or an index array is not supported yet"));
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
                self.check_formatted(
                    ok,
                    "ValueError",
                    "NumPy boolean array indexing assignment cannot assign {0} input values to \
                     the {1} output values where the mask is true",
                    &[len, count],
                )?;
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

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The indices of the `flat`-th item of `arr` in C order, or with `memory_order` in the order
    /// its items lie in memory, as `np.nditer`'s default order 'K' walks them: F arrays axis 0
    /// first, strided ones with negative strides reversed (and, in 2-d, the axis with the smaller
    /// stride first).
    pub fn unravel(
        &self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        flat: IntValue<'ctx>,
        memory_order: bool,
    ) -> R<Vec<IntValue<'ctx>>> {
        let shape = self.shape_values(arr, at)?;
        let n = shape.len();
        let split = |s: &Self, order: &[usize]| -> R<Vec<IntValue<'ctx>>> {
            let mut rest = flat;
            let mut idx = vec![s.i64(0); n];
            for (j, &k) in order.iter().enumerate() {
                if j + 1 == order.len() {
                    // `flat` is below the size: what is left is the slowest axis's index (no
                    // division: a 1-d array's index is `flat` itself).
                    idx[k] = rest;
                    break;
                }
                let d = s.smax(shape[k], s.i64(1))?;
                idx[k] = s.b.build_int_signed_rem(rest, d, "i").ir()?;
                rest = s.b.build_int_signed_div(rest, d, "rest").ir()?;
            }
            Ok(idx)
        };
        let c_order: Vec<usize> = (0..n).rev().collect();
        if !memory_order || at.layout == Layout::C {
            return split(self, &c_order);
        }
        if at.layout == Layout::F {
            return split(self, &(0..n).collect::<Vec<_>>());
        }
        let idx = split(self, &c_order)?;
        let f_idx = if n == 2 {
            Some(split(self, &[0, 1])?)
        } else {
            None
        };
        self.memory_order_indices(arr, at, idx, f_idx)
    }

    /// The indices in memory order of a strided (layout A) array's item from its C-order
    /// indices `idx` (and, in 2-d, its F-order ones `f_idx`): see [`unravel`](Self::unravel).
    pub fn memory_order_indices(
        &self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        mut idx: Vec<IntValue<'ctx>>,
        f_idx: Option<Vec<IntValue<'ctx>>>,
    ) -> R<Vec<IntValue<'ctx>>> {
        let shape = self.shape_values(arr, at)?;
        let n = shape.len();
        let strides = self.array_strides(arr, at)?;
        if let (2, Some(f_idx)) = (n, f_idx) {
            // The axis with the smaller |stride| varies fastest.
            let f_first = self
                .b
                .build_int_compare(
                    IntPredicate::SLT,
                    self.iabs(strides[0])?,
                    self.iabs(strides[1])?,
                    "f",
                )
                .ir()?;
            for k in 0..2 {
                idx[k] = self
                    .b
                    .build_select(f_first, f_idx[k], idx[k], "i")
                    .ir()?
                    .into_int_value();
            }
        }
        // Negative strides are walked backwards (upwards in memory).
        for k in 0..n {
            let neg = self
                .b
                .build_int_compare(IntPredicate::SLT, strides[k], self.i64(0), "neg")
                .ir()?;
            let last = self.b.build_int_sub(shape[k], self.i64(1), "last").ir()?;
            let back = self.b.build_int_sub(last, idx[k], "back").ir()?;
            idx[k] = self
                .b
                .build_select(neg, back, idx[k], "i")
                .ir()?
                .into_int_value();
        }
        Ok(idx)
    }

    /// The address of the `flat`-th item of `arr` (in C order, or with `memory_order` as
    /// [`unravel`](Self::unravel) orders them). Where the items lie in memory in that order (a C
    /// array; an F array in memory order; at run time, any array whose strides are contiguous in
    /// that order) it is `flat` items past the data, with no division per item (Numba's flat
    /// iterators step through contiguous arrays so).
    pub fn flat_element_ptr(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        flat: IntValue<'ctx>,
        memory_order: bool,
    ) -> R<PointerValue<'ctx>> {
        if flat_is_linear(at, memory_order) {
            return self.linear_item_ptr(arr, at, flat);
        }
        let contiguous = self.runtime_contiguous(arr, at, memory_order)?;
        self.branch_ptr(
            contiguous,
            &mut |s: &mut Self| s.linear_item_ptr(arr, at, flat),
            &mut |s: &mut Self| {
                let idx = s.unravel(arr, at, flat, memory_order)?;
                s.element_ptr(arr, at, &idx)
            },
        )
    }

    /// The address of `flat` items past the data of a contiguous array.
    pub fn linear_item_ptr(
        &self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        flat: IntValue<'ctx>,
    ) -> R<PointerValue<'ctx>> {
        let item = ArrayValue(arr).itemsize(at);
        let offset = self.b.build_int_nsw_mul(flat, item, "offset").ir()?;
        let data = ArrayValue(arr).data(&self.b)?;
        // SAFETY: in bounds: `flat` is below the size of a contiguous array.
        unsafe {
            self.b
                .build_gep(self.cx().i8_type(), data, &[offset], "elem")
        }
        .ir()
    }

    /// Whether `arr`'s strides are C-contiguous at run time (or, in memory order, F-contiguous
    /// too): a test invariant in a loop, which LLVM takes out of it.
    pub fn runtime_contiguous(
        &self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        memory_order: bool,
    ) -> R<IntValue<'ctx>> {
        let n = at.ndim as usize;
        let item = ArrayValue(arr).itemsize(at);
        let shape = self.shape_values(arr, at)?;
        let contiguous_in = |s: &Self, axes: &[usize]| -> R<IntValue<'ctx>> {
            let mut expect = item;
            let mut contiguous = s.cx().bool_type().const_int(1, false);
            for &k in axes {
                let stride = ArrayValue(arr).stored_stride(&s.b, k as u32)?;
                let same =
                    s.b.build_int_compare(IntPredicate::EQ, stride, expect, "cstride")
                        .ir()?;
                contiguous = s.b.build_and(contiguous, same, "contiguous").ir()?;
                expect = s.b.build_int_mul(expect, shape[k], "expect").ir()?;
            }
            Ok(contiguous)
        };
        let mut contiguous = contiguous_in(self, &(0..n).rev().collect::<Vec<_>>())?;
        if memory_order {
            let f = contiguous_in(self, &(0..n).collect::<Vec<_>>())?;
            contiguous = self.b.build_or(contiguous, f, "contiguous").ir()?;
        }
        Ok(contiguous)
    }

    /// A pointer computed by `fast` where `cond` holds, else by `slow` (a branch and a phi).
    pub fn branch_ptr(
        &mut self,
        cond: IntValue<'ctx>,
        fast: &mut dyn FnMut(&mut Self) -> R<PointerValue<'ctx>>,
        slow: &mut dyn FnMut(&mut Self) -> R<PointerValue<'ctx>>,
    ) -> R<PointerValue<'ctx>> {
        let fast_bb = self.cx().append_basic_block(self.f, "flat.linear");
        let slow_bb = self.cx().append_basic_block(self.f, "flat.strided");
        let done = self.cx().append_basic_block(self.f, "flat.done");
        self.b
            .build_conditional_branch(cond, fast_bb, slow_bb)
            .ir()?;
        self.b.position_at_end(fast_bb);
        let p_fast = fast(self)?;
        let fast_end = self.b.get_insert_block().expect("positioned");
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(slow_bb);
        let p_slow = slow(self)?;
        let slow_end = self.b.get_insert_block().expect("positioned");
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        let phi = self
            .b
            .build_phi(self.cx().ptr_type(inkwell::AddressSpace::default()), "p")
            .ir()?;
        phi.add_incoming(&[(&p_fast, fast_end), (&p_slow, slow_end)]);
        Ok(phi.as_basic_value().into_pointer_value())
    }

    /// `idx` advanced by one item, the axes in `order` fastest first (an odometer: no division).
    /// The carry into the slower axes is a branch marked rare, out of the hot path: stepping the
    /// fastest axis is then one add and a well-predicted compare (as a loop nest's inner loop).
    pub fn advance_indices(
        &self,
        idx: &[IntValue<'ctx>],
        shape: &[IntValue<'ctx>],
        order: &[usize],
    ) -> R<Vec<IntValue<'ctx>>> {
        let k0 = order[0];
        let next = self.b.build_int_add(idx[k0], self.i64(1), "next").ir()?;
        let mut stepped = idx.to_vec();
        stepped[k0] = next;
        if order.len() == 1 {
            return Ok(stepped);
        }
        let inside = self
            .b
            .build_int_compare(IntPredicate::NE, next, shape[k0], "inside")
            .ir()?;
        let from = self.b.get_insert_block().expect("positioned");
        let carry_bb = self.cx().append_basic_block(self.f, "flat.carry");
        let join = self.cx().append_basic_block(self.f, "flat.stepped");
        let br = self
            .b
            .build_conditional_branch(inside, join, carry_bb)
            .ir()?;
        self.unlikely(br);
        self.b.position_at_end(carry_bb);
        let mut carried = idx.to_vec();
        carried[k0] = self.i64(0);
        let mut carry = self.cx().bool_type().const_int(1, false);
        for (j, &k) in order.iter().enumerate().skip(1) {
            let step = self
                .b
                .build_int_z_extend(carry, self.cx().i64_type(), "step")
                .ir()?;
            let n = self.b.build_int_add(idx[k], step, "next").ir()?;
            if j + 1 == order.len() {
                carried[k] = n;
                break;
            }
            let wrap = self
                .b
                .build_int_compare(IntPredicate::EQ, n, shape[k], "wrap")
                .ir()?;
            carried[k] = self
                .b
                .build_select(wrap, self.i64(0), n, "idx")
                .ir()?
                .into_int_value();
            carry = wrap;
        }
        let carry_end = self.b.get_insert_block().expect("positioned");
        self.b.build_unconditional_branch(join).ir()?;
        self.b.position_at_end(join);
        let mut out = Vec::with_capacity(idx.len());
        for k in 0..idx.len() {
            let phi = self.b.build_phi(self.cx().i64_type(), "idx").ir()?;
            phi.add_incoming(&[(&stepped[k], from), (&carried[k], carry_end)]);
            out.push(phi.as_basic_value().into_int_value());
        }
        Ok(out)
    }

    /// The address of `a.flat[i]`: negative counts from the end; outside raises NumPy's
    /// IndexError.
    pub fn flat_item_ptr(
        &mut self,
        a: Value,
        at: &ArrayTy,
        i: Value,
    ) -> R<inkwell::values::PointerValue<'ctx>> {
        let arr = self.val(a).into_struct_value();
        let size = self.array_size(arr, at)?;
        let i = self
            .cast(self.val(i), &self.ty(i).clone(), &Type::I64)?
            .into_int_value();
        let j = self.checked_index_with(i, size, "index {0} is out of bounds for size {1}")?;
        self.flat_element_ptr(arr, at, j, false)
    }
}

/// Whether the items of an array of type `at` lie in memory in the order a flat walk takes them
/// (C order, or with `memory_order` the array's own), whatever its strides at run time.
pub fn flat_is_linear(at: &ArrayTy, memory_order: bool) -> bool {
    at.ndim == 0
        || at.layout == Layout::C
        || (at.layout == Layout::F && (memory_order || at.ndim == 1))
}
