//! Arrays made of others: `np.concatenate`, `np.stack`, `np.vstack`, `np.hstack`, and
//! `np.array` of an array, a number or a (nested) tuple.

use inkwell::values::{BasicValueEnum, IntValue, PointerValue, StructValue};
use inkwell::IntPredicate;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::ArrayFn;
use oxjit_core::types::{ArrayTy, Type};

use super::bound::CallCx;
use super::creation::{array_fn, result_array};
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.concatenate`, `np.stack`, `np.vstack`, `np.hstack` of a tuple of arrays.
    pub(super) fn lower_join(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (f, rt) = (array_fn(c)?, result_array(c)?);
        let Type::Tuple(items) = &c.args[0].t else {
            return Err(Diagnostic::internal("typed as a tuple of arrays"));
        };
        let tuple = c.args[0].v.into_struct_value();
        let mut arrays = Vec::new();
        for (k, item) in items.iter().enumerate() {
            let Type::Array(at) = item else {
                return Err(Diagnostic::internal("typed as arrays"));
            };
            let v = self
                .b
                .build_extract_value(tuple, k as u32, "item")
                .ir()?
                .into_struct_value();
            arrays.push((v, (**at).clone()));
        }
        let ndim = arrays[0].1.ndim as i64;
        // The axis of `concatenate` and `stack`, decoded by typing.
        let axis = c.decoded.axis.unwrap_or(0) as usize;
        if f == ArrayFn::Dstack && ndim == 1 {
            return Ok(self.dstack_vectors(&arrays, &rt)?.into());
        }
        let stacked = match f {
            ArrayFn::Stack => Some(axis),
            ArrayFn::Vstack if ndim == 1 => Some(0),
            ArrayFn::ColumnStack if ndim == 1 => Some(1),
            ArrayFn::Dstack if ndim == 2 => Some(2),
            _ => None,
        };
        if let Some(k) = stacked {
            return Ok(self.stack(&arrays, k, &rt)?.into());
        }
        let k = match f {
            ArrayFn::Concatenate => axis,
            ArrayFn::Hstack | ArrayFn::ColumnStack if ndim > 1 => 1,
            ArrayFn::Dstack => 2,
            _ => 0,
        };
        Ok(self.concatenate(&arrays, k, &rt)?.into())
    }

    /// `np.array(x)`: a copy of an array, a 0-d array of a number, or an array of a (nested)
    /// tuple.
    pub(super) fn lower_array(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (a, rt) = (&c.args[0], result_array(c)?);
        Ok(match &a.t {
            Type::Array(_) => {
                let (src, st) = self.array_arg(a);
                self.copy_of(src, &st, &rt)?.into()
            }
            t if t.is_numeric() => {
                let arr = self.new_array(&rt, &[], false)?;
                self.fill_new(arr, &rt, t, a.v)?;
                arr.into()
            }
            t if oxjit_core::registry::array_of::is_list_of_numbers(t) => self
                .array_from_list(a.v.into_pointer_value(), t, &rt)?
                .into(),
            t if holds_list(t) => self.array_from_nested(a.v, t, &rt)?.into(),
            t => self.array_from_sequence(a.v, t, &rt)?.into(),
        })
    }
}

/// Whether a list is among the levels of `t` (tuples and lists nested in a mix).
fn holds_list(t: &Type) -> bool {
    match t {
        Type::List(_) => true,
        Type::Tuple(items) => items.iter().any(holds_list),
        _ => false,
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// Copies every item of `src` into `dst` at the index `place` maps its index to.
    #[allow(clippy::type_complexity)]
    pub(super) fn copy_placed(
        &mut self,
        src: StructValue<'ctx>,
        st: &ArrayTy,
        dst: StructValue<'ctx>,
        dt: &ArrayTy,
        place: &dyn Fn(&Self, &[IntValue<'ctx>]) -> R<Vec<IntValue<'ctx>>>,
    ) -> R<()> {
        let shape = self.shape_values(src, st)?;
        let (from, to) = (st.dtype.clone(), dt.dtype.clone());
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(src, st, idx)?;
            let x = s.numpy_cast(x, &from, &to)?;
            let at = place(s, idx)?;
            let p = s.element_ptr(dst, dt, &at)?;
            s.b.build_store(p, x).ir()?;
            Ok(())
        })
    }

    /// Raises NumPy's ValueError unless `got == want`.
    pub(super) fn check_dim(
        &mut self,
        got: IntValue<'ctx>,
        want: IntValue<'ctx>,
        template: &str,
        extra: &[IntValue<'ctx>],
    ) -> R<()> {
        let same = self
            .b
            .build_int_compare(IntPredicate::EQ, got, want, "same")
            .ir()?;
        let fail = self.cx().append_basic_block(self.f, "shape_error");
        let cont = self.cx().append_basic_block(self.f, "shape_ok");
        self.b.build_conditional_branch(same, cont, fail).ir()?;
        self.b.position_at_end(fail);
        let mut ints = vec![want, got];
        ints.extend_from_slice(extra);
        self.raise_formatted("ValueError", template, &ints)?;
        self.b.position_at_end(cont);
        Ok(())
    }

    /// `np.concatenate(arrays, axis)`.
    pub(super) fn concatenate(
        &mut self,
        arrays: &[(StructValue<'ctx>, ArrayTy)],
        axis: usize,
        rt: &ArrayTy,
    ) -> R<StructValue<'ctx>> {
        let first = self.shape_values(arrays[0].0, &arrays[0].1)?;
        let mut total = self.i64(0);
        for (k, (a, at)) in arrays.iter().enumerate() {
            let shape = self.shape_values(*a, at)?;
            for (d, (&x, &y)) in shape.iter().zip(&first).enumerate() {
                if d != axis {
                    self.check_dim(
                        x,
                        y,
                        &format!("all the input array dimensions except for the concatenation axis must match exactly, but along dimension {d}, the array at index 0 has size {{0}} and the array at index {k} has size {{1}}"),
                        &[],
                    )?;
                }
            }
            total = self.b.build_int_add(total, shape[axis], "total").ir()?;
        }
        let mut out_shape = first.clone();
        out_shape[axis] = total;
        let inputs = self.shapes_and_strides(arrays, None)?;
        let out = self.new_array_keep_order(rt, &out_shape, &inputs)?;
        let mut offset = self.i64(0);
        for (a, at) in arrays {
            let off = offset;
            self.copy_placed(*a, at, out, rt, &|s: &Self, idx: &[IntValue<'ctx>]| {
                let mut at_idx = idx.to_vec();
                at_idx[axis] = s.b.build_int_add(idx[axis], off, "i").ir()?;
                Ok(at_idx)
            })?;
            let n = self.array_shape(*a, axis as u32)?;
            offset = self.b.build_int_add(offset, n, "offset").ir()?;
        }
        Ok(out)
    }

    /// `np.stack(arrays, axis)`: a new axis of length `len(arrays)` at `axis`.
    /// `np.dstack` of 1-d arrays: NumPy's `(1, n, k)`, the arrays stacked as the columns of a
    /// C `(n, k)` block seen with a leading axis of length 1.
    fn dstack_vectors(
        &mut self,
        arrays: &[(StructValue<'ctx>, ArrayTy)],
        rt: &ArrayTy,
    ) -> R<StructValue<'ctx>> {
        let block_t = ArrayTy {
            ndim: 2,
            layout: oxjit_core::types::Layout::C,
            ..rt.clone()
        };
        // NumPy concatenates `(1, n, 1)` views: its message for lengths that differ.
        let first = self.shape_values(arrays[0].0, &arrays[0].1)?[0];
        for (k, (a, at)) in arrays.iter().enumerate().skip(1) {
            let n = self.shape_values(*a, at)?[0];
            let template = format!(
                "all the input array dimensions except for the concatenation axis must match \
                 exactly, but along dimension 1, the array at index 0 has size {{0}} and the \
                 array at index {k} has size {{1}}"
            );
            self.check_dim(n, first, &template, &[])?;
        }
        let block = self.stack(arrays, 1, &block_t)?;
        let shape = self.shape_values(block, &block_t)?;
        let strides = self.array_strides(block, &block_t)?;
        let whole = self.b.build_int_mul(shape[0], strides[0], "whole").ir()?;
        let meminfo = self.b.build_extract_value(block, 0, "meminfo").ir()?;
        let data = self.b.build_extract_value(block, 1, "data").ir()?;
        // The block's reference passes to the view.
        self.build_array(
            rt,
            meminfo,
            data,
            &[self.i64(1), shape[0], shape[1]],
            &[whole, strides[0], strides[1]],
        )
    }

    pub(super) fn stack(
        &mut self,
        arrays: &[(StructValue<'ctx>, ArrayTy)],
        axis: usize,
        rt: &ArrayTy,
    ) -> R<StructValue<'ctx>> {
        let first = self.shape_values(arrays[0].0, &arrays[0].1)?;
        for (a, at) in &arrays[1..] {
            let shape = self.shape_values(*a, at)?;
            for (&x, &y) in shape.iter().zip(&first) {
                self.check_dim(x, y, "all input arrays must have the same shape", &[])?;
            }
        }
        let mut out_shape = first.clone();
        out_shape.insert(axis, self.i64(arrays.len() as i64));
        let inputs = self.shapes_and_strides(arrays, Some(axis))?;
        let out = self.new_array_keep_order(rt, &out_shape, &inputs)?;
        for (k, (a, at)) in arrays.iter().enumerate() {
            self.copy_placed(*a, at, out, rt, &|s: &Self, idx: &[IntValue<'ctx>]| {
                let mut at_idx = idx.to_vec();
                at_idx.insert(axis, s.i64(k as i64));
                Ok(at_idx)
            })?;
        }
        Ok(out)
    }

    /// `np.array(t)` for a (nested) tuple of numbers or arrays: its shape is the nesting's (and
    /// the arrays'), every item converted to the dtype.
    pub(super) fn array_from_sequence(
        &mut self,
        v: BasicValueEnum<'ctx>,
        t: &Type,
        rt: &ArrayTy,
    ) -> R<StructValue<'ctx>> {
        // The shape: tuple lengths down the first items, then the first leaf array's shape.
        let mut shape = Vec::new();
        let mut cur_t = t.clone();
        let mut cur_v = v;
        while let Type::Tuple(items) = cur_t.clone() {
            shape.push(self.i64(items.len() as i64));
            if items.is_empty() {
                break;
            }
            cur_v = self
                .b
                .build_extract_value(cur_v.into_struct_value(), 0, "first")
                .ir()?;
            cur_t = items[0].clone();
        }
        if let Type::Array(at) = &cur_t {
            shape.extend(self.shape_values(cur_v.into_struct_value(), at)?);
        }
        let out = self.new_array(rt, &shape, false)?;
        self.extra_live
            .push((out.into(), Type::Array(rt.clone().into())));
        let stored = self.store_sequence(v, t, out, rt, &shape, &mut Vec::new());
        self.extra_live.pop();
        stored?;
        Ok(out)
    }

    pub(super) fn store_sequence(
        &mut self,
        v: BasicValueEnum<'ctx>,
        t: &Type,
        out: StructValue<'ctx>,
        rt: &ArrayTy,
        shape: &[IntValue<'ctx>],
        prefix: &mut Vec<IntValue<'ctx>>,
    ) -> R<()> {
        match t {
            Type::Tuple(items) => {
                for (k, item) in items.iter().enumerate() {
                    let x = self
                        .b
                        .build_extract_value(v.into_struct_value(), k as u32, "item")
                        .ir()?;
                    prefix.push(self.i64(k as i64));
                    self.store_sequence(x, item, out, rt, shape, prefix)?;
                    prefix.pop();
                }
                Ok(())
            }
            // Lists of a nested sequence whose levels were checked (`lower/nested_array.rs`).
            Type::List(item) => {
                let list = v.into_pointer_value();
                let n = self.list_len(list)?;
                let above = prefix.clone();
                self.for_each_index(&[n], &mut |g, idx| {
                    let x = g.list_load(list, item, idx[0])?;
                    let mut at = above.clone();
                    at.push(idx[0]);
                    g.store_sequence(x, item, out, rt, shape, &mut at)
                })
            }
            Type::Array(at) => {
                let src = v.into_struct_value();
                let own = self.shape_values(src, at)?;
                for (k, &d) in own.iter().enumerate() {
                    self.check_dim(
                        d,
                        shape[prefix.len() + k],
                        "setting an array element with a sequence: the arrays differ in shape",
                        &[],
                    )?;
                }
                let prefix = prefix.clone();
                self.copy_placed(src, at, out, rt, &|_s: &Self, idx: &[IntValue<'ctx>]| {
                    let mut full = prefix.clone();
                    full.extend_from_slice(idx);
                    Ok(full)
                })
            }
            t => {
                let x = self.numpy_cast(v, t, &rt.dtype)?;
                let p = self.element_ptr(out, rt, prefix)?;
                self.b.build_store(p, x).ir()?;
                Ok(())
            }
        }
    }

    /// `np.array(l)` of a list of lists ... of numbers: the shape read down the first items,
    /// every inner list checked to have its level's length (NumPy's ValueError), then each
    /// number converted to the dtype.
    pub(super) fn array_from_list(
        &mut self,
        top: PointerValue<'ctx>,
        t: &Type,
        rt: &ArrayTy,
    ) -> R<StructValue<'ctx>> {
        // levels[d]: the type of the lists at depth d; the last one holds the numbers.
        let mut levels = vec![t.clone()];
        while let Type::List(item) = levels[levels.len() - 1].clone() {
            if !matches!(*item, Type::List(_)) {
                break;
            }
            levels.push((*item).clone());
        }
        let item_of = |l: &Type| match l {
            Type::List(item) => (**item).clone(),
            _ => unreachable!("a list level"),
        };
        let mut shape = vec![self.list_len(top)?];
        let mut first = top;
        for d in 1..levels.len() {
            // The length of the first list at depth d, or 0 where a level above is empty.
            let dim = self.alloca(self.cx().i64_type().into(), "dim")?;
            let at = self.alloca(self.ptr_type(), "first")?;
            self.b.build_store(dim, self.i64(0)).ir()?;
            self.b.build_store(at, first).ir()?;
            let nonempty = self
                .b
                .build_int_compare(IntPredicate::SGT, shape[d - 1], self.i64(0), "nonempty")
                .ir()?;
            let inner_t = item_of(&levels[d - 1]);
            self.if_then(nonempty, &mut |g| {
                let l = g.list_load(first, &inner_t, g.i64(0))?.into_pointer_value();
                g.b.build_store(at, l).ir()?;
                g.b.build_store(dim, g.list_len(l)?).ir()?;
                Ok(())
            })?;
            let i64t = self.cx().i64_type();
            shape.push(self.b.build_load(i64t, dim, "dim").ir()?.into_int_value());
            first = self
                .b
                .build_load(self.ptr_type(), at, "first")
                .ir()?
                .into_pointer_value();
        }
        // Every list at depth d has shape[d] items (the levels above checked first).
        for d in 1..levels.len() {
            let dims = (0..d).map(|k| format!("{{{}}}", k + 2)).collect::<Vec<_>>();
            let detected = if d == 1 {
                format!("({},)", dims[0])
            } else {
                format!("({})", dims.join(", "))
            };
            let template = format!(
                "setting an array element with a sequence. The requested array has an \
                 inhomogeneous shape after {d} dimensions. The detected shape was {detected} + \
                 inhomogeneous part."
            );
            let (outer, want) = (shape[..d].to_vec(), shape[d]);
            let levels = &levels;
            self.for_each_index(&outer, &mut |g, idx| {
                let l = g.list_at(top, levels, idx)?;
                let n = g.list_len(l)?;
                g.check_dim(n, want, &template, &outer)
            })?;
        }
        let out = self.new_array(rt, &shape, false)?;
        let leaf = item_of(&levels[levels.len() - 1]);
        let inner = shape.len() - 1;
        self.for_each_index(&shape, &mut |g, idx| {
            let l = g.list_at(top, &levels, &idx[..inner])?;
            let x = g.list_load(l, &leaf, idx[inner])?;
            let x = g.numpy_cast(x, &leaf, &rt.dtype)?;
            let p = g.element_ptr(out, rt, idx)?;
            g.b.build_store(p, x).ir()?;
            Ok(())
        })?;
        Ok(out)
    }

    /// The list at `idx` down the nesting of `top` (of the types `levels`), not checked.
    fn list_at(
        &self,
        top: PointerValue<'ctx>,
        levels: &[Type],
        idx: &[IntValue<'ctx>],
    ) -> R<PointerValue<'ctx>> {
        let mut l = top;
        for (d, &i) in idx.iter().enumerate() {
            l = self.list_load(l, &levels[d + 1], i)?.into_pointer_value();
        }
        Ok(l)
    }
}
