//! Advanced subscripts mixing index arrays with integers, slices, `None` and `...`
//! (`types/advanced_index.rs` types them): `r = a[:, idx]` gathers into a new C array,
//! `a[i, idx] = x` scatters a number or an array broadcast to the result's shape.
//!
//! Every index is checked before anything is read or written (NumPy's IndexError names the
//! first bad one); a mask stands for its `nonzero()` positions, made once into a temporary.
//! Items are visited in the result's C order, so where indices repeat the last write wins, as
//! in NumPy.

use inkwell::values::{BasicValueEnum, IntValue, PointerValue, StructValue};
use inkwell::IntPredicate;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::Value;
use oxjit_core::types::{advanced_index, AdvancedPart, ArrayTy, Layout, Type};

use super::{FnGen, Ir, R};
use crate::models::array::ArrayValue;

/// One index array of the subscript, as the loops read it.
struct IndexArray<'ctx> {
    /// Its value (for a mask, the int64 positions of its true items).
    value: StructValue<'ctx>,
    ty: ArrayTy,
    /// The axis of the indexed array it picks along: number, length and byte stride.
    axis: usize,
    dim: IntValue<'ctx>,
    stride: IntValue<'ctx>,
    /// Its byte strides seen from the index arrays' broadcast shape.
    broadcast_strides: Vec<IntValue<'ctx>>,
}

/// An advanced subscript of one array, ready for the loops.
struct Plan<'ctx> {
    /// The address the basic indices start from (the integers' items applied).
    base: PointerValue<'ctx>,
    /// The result's shape.
    shape: Vec<IntValue<'ctx>>,
    /// Each result axis a basic index makes: (the result axis, byte stride in the array).
    basic: Vec<(usize, IntValue<'ctx>)>,
    arrays: Vec<IndexArray<'ctx>>,
    /// The index arrays' broadcast dimensions: result axes `index_axis..index_axis + ndim`.
    index_axis: usize,
    index_ndim: usize,
    /// Temporaries to give back once done (masks' positions).
    temps: Vec<StructValue<'ctx>>,
}

/// What runs at each item: `(codegen, the array's item address, the result's index)`.
type ItemBody<'f, 'a, 'ctx> =
    dyn FnMut(&mut FnGen<'a, 'ctx>, PointerValue<'ctx>, &[IntValue<'ctx>]) -> R<()> + 'f;

fn out_of_bounds(axis: usize) -> String {
    format!("index {{0}} is out of bounds for axis {axis} with size {{1}}")
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `a[index]` for an advanced subscript: a new array.
    pub fn mixed_getitem(&mut self, a: Value, index: Value) -> R<BasicValueEnum<'ctx>> {
        let (arr, at) = self.array_value(a);
        let rt = advanced_index(&at, self.ty(index))
            .map_err(Diagnostic::internal)?
            .result;
        let plan = self.advanced_plan(arr, &at, index)?;
        let strides = self.numpy_result_strides(&plan, &at)?;
        self.gather(plan, &at, &rt, &strides)
    }

    /// `np.take(a, indices, axis=axis)` (`axis` normalized, `a` of 2 or more dimensions): the
    /// subscript `a[:, ..., indices]` with `indices` at `axis`, into a new C array; NumPy's
    /// IndexError for a non-empty take from an empty axis first.
    pub fn take_along(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        indices: (BasicValueEnum<'ctx>, &Type),
        axis: usize,
        rt: &ArrayTy,
    ) -> R<BasicValueEnum<'ctx>> {
        let (value, t) = indices;
        let part = match t {
            Type::Array(ix) => AdvancedPart::Array {
                at: 0,
                mask: false,
                ndim: ix.ndim,
            },
            _ => AdvancedPart::Int(0),
        };
        let mut parts = vec![AdvancedPart::All; at.ndim as usize];
        parts[axis] = part;
        // NumPy's order: a non-empty result from an empty axis is refused first; the indices
        // are checked only where there are items before the axis to take from.
        let shape = self.shape_values(arr, at)?;
        let count = match t {
            Type::Array(ix) => self.array_size(value.into_struct_value(), ix)?,
            _ => self.i64(1),
        };
        let mut lens = shape.clone();
        lens[axis] = count;
        let out_size = self.product_of(&lens)?;
        self.check_not_empty_take(shape[axis], out_size)?;
        let before = self.product_of(&shape[..axis])?;
        let nothing_before = self
            .b
            .build_int_compare(IntPredicate::EQ, before, self.i64(0), "nothing_before")
            .ir()?;
        let plan = self.plan_parts(
            arr,
            at,
            &parts,
            &[value],
            std::slice::from_ref(t),
            Some(nothing_before),
        )?;
        let strides = self.c_strides(&plan.shape, at)?;
        self.gather(plan, at, rt, &strides)
    }

    /// The items `plan` picks from an array of type `at`, into a new array of type `rt` whose
    /// items lie at `strides`.
    fn gather(
        &mut self,
        plan: Plan<'ctx>,
        at: &ArrayTy,
        rt: &ArrayTy,
        strides: &[IntValue<'ctx>],
    ) -> R<BasicValueEnum<'ctx>> {
        let size = self.product_of(&plan.shape)?;
        let mem_t = ArrayTy {
            ndim: 1,
            layout: Layout::C,
            ..rt.clone()
        };
        let mem = self.new_array(&mem_t, &[size], false)?;
        let data = ArrayValue(mem).data(&self.b)?;
        let out = self.view_of(mem, rt, data, &plan.shape, strides)?;
        let result = Type::Array(rt.clone().into());
        self.extra_live.push((out.into(), result));
        let elem_t = self.llvm_type(&at.dtype);
        let copied = self.for_each_advanced(&plan, &mut |s: &mut Self, p, o| {
            let x = s.b.build_load(elem_t, p, "x").ir()?;
            let q = s.element_ptr(out, rt, o)?;
            s.b.build_store(q, x).ir()?;
            Ok(())
        });
        self.extra_live.pop();
        copied?;
        self.release_plan(plan)?;
        Ok(out.into())
    }

    /// The byte strides of a C array of `shape` and `at`'s dtype.
    fn c_strides(&mut self, shape: &[IntValue<'ctx>], at: &ArrayTy) -> R<Vec<IntValue<'ctx>>> {
        let itemsize = self.i64(oxjit_core::types::size_align(&at.dtype).0 as i64);
        let mut strides = vec![itemsize; shape.len()];
        for k in (0..shape.len().saturating_sub(1)).rev() {
            strides[k] = self
                .b
                .build_int_mul(strides[k + 1], shape[k + 1], "s")
                .ir()?;
        }
        Ok(strides)
    }

    /// `a[index] = x` for an advanced subscript (or rows an index array picks of an n-d `a`),
    /// `x` a number or an array broadcast to the result's shape.
    pub fn mixed_setitem(&mut self, a: Value, index: Value, x: Value) -> R<()> {
        let (arr, at) = self.array_value(a);
        let plan = self.advanced_plan(arr, &at, index)?;
        let shape = plan.shape.clone();
        let to = at.dtype.clone();
        match self.ty(x).clone() {
            Type::Array(st) => {
                let st = (*st).clone();
                let src = self.val(x).into_struct_value();
                let src_shape = self.shape_values(src, &st)?;
                self.check_broadcast_into_as(&shape, &src_shape, &|src, dst| {
                    format!("shape mismatch: value array of shape {src} could not be broadcast to indexing result of shape {dst}")
                })?;
                // The source may share memory with `a` (`a[:, idx] = a[0]`): read a copy.
                let copied_t = ArrayTy {
                    layout: Layout::C,
                    readonly: false,
                    ..st.clone()
                };
                let copy = self.copy_array(src, &st, &copied_t)?;
                let strides = self.array_strides(copy, &copied_t)?;
                let strides = self.broadcast_strides(shape.len(), &src_shape, &strides)?;
                let data = ArrayValue(copy).data(&self.b)?;
                let elem_t = self.llvm_type(&st.dtype);
                let from = st.dtype.clone();
                let copy_t = Type::Array(copied_t.into());
                self.extra_live.push((copy.into(), copy_t.clone()));
                let stored = self.for_each_advanced(&plan, &mut |s: &mut Self, p, o| {
                    let off = s.dot(o, &strides)?;
                    // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices):
                    // in-range indices times the source's broadcast strides.
                    let sp = unsafe { s.b.build_gep(s.cx().i8_type(), data, &[off], "sp") }.ir()?;
                    let v = s.b.build_load(elem_t, sp, "v").ir()?;
                    let v = s.numpy_cast(v, &from, &to)?;
                    let v = s.bool_as_byte(v)?;
                    s.b.build_store(p, v).ir()?;
                    Ok(())
                });
                self.extra_live.pop();
                stored?;
                self.decref(copy.into(), &copy_t)?;
            }
            t => {
                let v = self.numpy_cast(self.val(x), &t, &to)?;
                let v = self.bool_as_byte(v)?;
                self.for_each_advanced(&plan, &mut |s: &mut Self, p, _| {
                    s.b.build_store(p, v).ir()?;
                    Ok(())
                })?;
            }
        }
        self.release_plan(plan)
    }

    /// The subscript's pieces at run time, every index checked.
    fn advanced_plan(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        index: Value,
    ) -> R<Plan<'ctx>> {
        let it = self.ty(index).clone();
        // Typing read the same subscript with the same function.
        let adv = advanced_index(at, &it).map_err(Diagnostic::internal)?;
        let items: Vec<BasicValueEnum<'ctx>> = match &it {
            Type::Tuple(items) => (0..items.len())
                .map(|k| self.index_item(index, k))
                .collect::<R<_>>()?,
            _ => vec![self.val(index)],
        };
        let item_types: Vec<Type> = match &it {
            Type::Tuple(items) => items.to_vec(),
            t => vec![t.clone()],
        };
        self.plan_parts(arr, at, &adv.parts, &items, &item_types, None)
    }

    /// [`Self::advanced_plan`] of the entries `parts`, whose positions are those of `items`;
    /// the indices are not checked where `unchecked` holds (nothing is read then).
    fn plan_parts(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        parts: &[AdvancedPart],
        items: &[BasicValueEnum<'ctx>],
        item_types: &[Type],
        unchecked: Option<IntValue<'ctx>>,
    ) -> R<Plan<'ctx>> {
        let index_ndim = parts
            .iter()
            .map(|p| match p {
                AdvancedPart::Array { mask: true, .. } => 1,
                AdvancedPart::Array { ndim, .. } => *ndim as usize,
                _ => 0,
            })
            .max()
            .unwrap_or(0);
        let index_axis = oxjit_core::types::index_dims_position(parts);
        let strides = self.array_strides(arr, at)?;
        let mut offset = self.i64(0);
        let mut basic_dims = Vec::new();
        let mut arrays = Vec::new();
        let mut temps = Vec::new();
        let mut axis = 0usize;
        for part in parts {
            if *part == AdvancedPart::NewAxis {
                basic_dims.push((self.i64(1), self.i64(0)));
                continue;
            }
            let dim = self.array_shape(arr, axis as u32)?;
            let stride = strides[axis];
            match *part {
                AdvancedPart::All => basic_dims.push((dim, stride)),
                AdvancedPart::Slice(k) => {
                    let (start, len, step) =
                        self.slice_indices(items[k].into_struct_value(), dim)?;
                    let term = self.b.build_int_mul(start, stride, "off").ir()?;
                    offset = self.b.build_int_add(offset, term, "offset").ir()?;
                    let step = self.b.build_int_mul(stride, step, "stride").ir()?;
                    basic_dims.push((len, step));
                }
                AdvancedPart::Int(k) => {
                    let i = self.cast(items[k], &item_types[k], &Type::I64)?;
                    let (i, n) = self.maybe_unchecked(i.into_int_value(), dim, unchecked)?;
                    let j = self.checked_index_with(i, n, &out_of_bounds(axis))?;
                    let term = self.b.build_int_mul(j, stride, "off").ir()?;
                    offset = self.b.build_int_add(offset, term, "offset").ir()?;
                }
                AdvancedPart::Array { at: k, mask, .. } => {
                    let Type::Array(ty) = &item_types[k] else {
                        return Err(Diagnostic::internal("an index array without an array type"));
                    };
                    let mut value = items[k].into_struct_value();
                    let mut ty = (**ty).clone();
                    if mask {
                        value = self.mask_positions(value, &ty, dim, axis)?;
                        ty = positions_type();
                        temps.push(value);
                        self.extra_live
                            .push((value.into(), Type::Array(ty.clone().into())));
                    }
                    arrays.push(IndexArray {
                        value,
                        ty,
                        axis,
                        dim,
                        stride,
                        broadcast_strides: vec![],
                    });
                }
                AdvancedPart::NewAxis => unreachable!("handled above"),
            }
            axis += 1;
        }
        // The masks' positions stay in `extra_live` until `release_plan`.
        let index_shape = self.checked_index_arrays(&mut arrays, index_ndim, unchecked)?;
        let mut shape: Vec<IntValue<'ctx>> = basic_dims.iter().map(|d| d.0).collect();
        let basic = basic_dims
            .iter()
            .enumerate()
            .map(|(b, d)| {
                (
                    if b < index_axis {
                        b
                    } else {
                        b + index_shape.len()
                    },
                    d.1,
                )
            })
            .collect();
        shape.splice(index_axis..index_axis, index_shape.iter().copied());
        let data = ArrayValue(arr).data(&self.b)?;
        // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): checked
        // integers and slice starts times the strides.
        let base = unsafe {
            self.b
                .build_gep(self.cx().i8_type(), data, &[offset], "base")
        }
        .ir()?;
        Ok(Plan {
            base,
            shape,
            basic,
            arrays,
            index_axis,
            index_ndim: index_shape.len(),
            temps,
        })
    }

    /// Broadcasts the index arrays' shapes together (NumPy's IndexError where they do not) and
    /// checks each of their items against its axis: the broadcast shape.
    fn checked_index_arrays(
        &mut self,
        arrays: &mut [IndexArray<'ctx>],
        ndim: usize,
        unchecked: Option<IntValue<'ctx>>,
    ) -> R<Vec<IntValue<'ctx>>> {
        let shapes: Vec<Vec<IntValue<'ctx>>> = arrays
            .iter()
            .map(|ia| self.shape_values(ia.value, &ia.ty))
            .collect::<R<_>>()?;
        let message = (
            "IndexError",
            "shape mismatch: indexing arrays could not be broadcast together with shapes ",
        );
        let index_shape = self.broadcast_checked_as(&shapes, shapes.len(), ndim, message)?;
        for (ia, shape) in arrays.iter_mut().zip(&shapes) {
            let strides = self.array_strides(ia.value, &ia.ty)?;
            ia.broadcast_strides = self.broadcast_strides(ndim, shape, &strides)?;
            let (value, ty, dim) = (ia.value, ia.ty.clone(), ia.dim);
            let template = out_of_bounds(ia.axis);
            self.for_each_index(shape, &mut |s: &mut Self, ii: &[IntValue<'ctx>]| {
                let i = s.array_load(value, &ty, ii)?;
                let i = s.cast(i, &ty.dtype, &Type::I64)?.into_int_value();
                let (i, n) = s.maybe_unchecked(i, dim, unchecked)?;
                s.checked_index_with(i, n, &template)?;
                Ok(())
            })?;
        }
        Ok(index_shape)
    }

    /// Index `i` into an axis of `dim` items for the check, or where `unchecked` holds, 0 into
    /// one item (which passes).
    fn maybe_unchecked(
        &mut self,
        i: IntValue<'ctx>,
        dim: IntValue<'ctx>,
        unchecked: Option<IntValue<'ctx>>,
    ) -> R<(IntValue<'ctx>, IntValue<'ctx>)> {
        let Some(skip) = unchecked else {
            return Ok((i, dim));
        };
        let i = self.b.build_select(skip, self.i64(0), i, "i").ir()?;
        let n = self.b.build_select(skip, self.i64(1), dim, "n").ir()?;
        Ok((i.into_int_value(), n.into_int_value()))
    }

    /// The int64 positions of a 1-d mask's true items (a new array), after NumPy's IndexError
    /// where its length is not its axis' `dim`.
    fn mask_positions(
        &mut self,
        mask: StructValue<'ctx>,
        mt: &ArrayTy,
        dim: IntValue<'ctx>,
        axis: usize,
    ) -> R<StructValue<'ctx>> {
        let len = self.array_shape(mask, 0)?;
        let same = self
            .b
            .build_int_compare(IntPredicate::EQ, len, dim, "same")
            .ir()?;
        self.check_formatted(
            same,
            "IndexError",
            &format!("boolean index did not match indexed array along axis {axis}; size of axis is {{0}} but size of corresponding boolean axis is {{1}}"),
            &[dim, len],
        )?;
        let count = self.count_true(mask, mt)?;
        let pt = positions_type();
        let out = self.new_array(&pt, &[count], false)?;
        let next = self.alloca(self.cx().i64_type().into(), "next")?;
        self.b.build_store(next, self.i64(0)).ir()?;
        self.for_each_index(&[len], &mut |s: &mut Self, i: &[IntValue<'ctx>]| {
            let take = s.array_load(mask, mt, i)?.into_int_value();
            let yes = s.cx().append_basic_block(s.f, "mask.take");
            let done = s.cx().append_basic_block(s.f, "mask.next");
            s.b.build_conditional_branch(take, yes, done).ir()?;
            s.b.position_at_end(yes);
            let k = s.b.build_load(s.cx().i64_type(), next, "k").ir()?;
            let k = k.into_int_value();
            let p = s.element_ptr(out, &pt, &[k])?;
            s.b.build_store(p, i[0]).ir()?;
            let k1 = s.b.build_int_add(k, s.i64(1), "k1").ir()?;
            s.b.build_store(next, k1).ir()?;
            s.b.build_unconditional_branch(done).ir()?;
            s.b.position_at_end(done);
            Ok(())
        })?;
        Ok(out)
    }

    /// Runs `body(address of the array's item, result index)` for every item of the result:
    /// the index arrays' dimensions outermost (their items read once for a whole run of the
    /// basic dimensions), then the basic ones, as NumPy lays the result out.
    fn for_each_advanced(&mut self, plan: &Plan<'ctx>, body: &mut ItemBody<'_, 'a, 'ctx>) -> R<()> {
        let (first, count) = (plan.index_axis, plan.index_ndim);
        let index_shape = plan.shape[first..first + count].to_vec();
        let basic_shape: Vec<IntValue<'ctx>> = plan
            .basic
            .iter()
            .map(|&(axis, _)| plan.shape[axis])
            .collect();
        self.for_each_index(&index_shape, &mut |s: &mut Self, io: &[IntValue<'ctx>]| {
            let row = s.index_arrays_item_ptr(plan, io)?;
            s.for_each_index(&basic_shape, &mut |s: &mut Self, bo: &[IntValue<'ctx>]| {
                let mut o = vec![s.i64(0); plan.shape.len()];
                o[first..first + count].copy_from_slice(io);
                let mut off = s.i64(0);
                for (&(axis, stride), &i) in plan.basic.iter().zip(bo) {
                    o[axis] = i;
                    let term = s.b.build_int_nsw_mul(i, stride, "t").ir()?;
                    off = s.b.build_int_nsw_add(off, term, "off").ir()?;
                }
                // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices):
                // in-range basic indices times the strides, from a checked item.
                let p = unsafe { s.b.build_gep(s.cx().i8_type(), row, &[off], "item") }.ir()?;
                body(s, p, &o)
            })
        })
    }

    /// The address the index arrays' items at their broadcast index `io` pick (the basic
    /// indices at their first item).
    fn index_arrays_item_ptr(
        &mut self,
        plan: &Plan<'ctx>,
        io: &[IntValue<'ctx>],
    ) -> R<PointerValue<'ctx>> {
        let mut off = self.i64(0);
        for ia in &plan.arrays {
            let at = self.dot(io, &ia.broadcast_strides)?;
            let data = ArrayValue(ia.value).data(&self.b)?;
            // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): an item
            // of the index array, broadcast strides times in-range indices.
            let p = unsafe { self.b.build_gep(self.cx().i8_type(), data, &[at], "ip") }.ir()?;
            let i = self
                .b
                .build_load(self.llvm_type(&ia.ty.dtype), p, "i")
                .ir()?;
            let i = self.cast(i, &ia.ty.dtype, &Type::I64)?.into_int_value();
            // Checked already: only the wrap of negative indices is left.
            let neg = self
                .b
                .build_int_compare(IntPredicate::SLT, i, self.i64(0), "neg")
                .ir()?;
            let wrapped = self.b.build_int_add(i, ia.dim, "wrapped").ir()?;
            let j = self
                .b
                .build_select(neg, wrapped, i, "j")
                .ir()?
                .into_int_value();
            let term = self.b.build_int_nsw_mul(j, ia.stride, "t").ir()?;
            off = self.b.build_int_nsw_add(off, term, "off").ir()?;
        }
        // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): checked
        // indices times the strides, from the basic indices' first item.
        unsafe {
            self.b
                .build_gep(self.cx().i8_type(), plan.base, &[off], "row")
        }
        .ir()
    }

    /// The byte strides of the result as NumPy lays it out: the index dimensions outermost (in
    /// C order), then the basic ones in the array's memory order (C order, or reversed where
    /// the array's strides grow along them, as for Fortran arrays), the index dimensions then
    /// moved into place.
    fn numpy_result_strides(&mut self, plan: &Plan<'ctx>, at: &ArrayTy) -> R<Vec<IntValue<'ctx>>> {
        let itemsize = self.i64(oxjit_core::types::size_align(&at.dtype).0 as i64);
        let lens: Vec<IntValue<'ctx>> = plan
            .basic
            .iter()
            .map(|&(axis, _)| plan.shape[axis])
            .collect();
        let fortran = self.basic_axes_fortran(plan, at)?;
        // C order: each basic axis' stride is the product of the lengths after it; F order,
        // before it.
        let mut c_strides = vec![itemsize; lens.len()];
        for b in (0..lens.len().saturating_sub(1)).rev() {
            c_strides[b] = self
                .b
                .build_int_mul(c_strides[b + 1], lens[b + 1], "cs")
                .ir()?;
        }
        let mut f_strides = vec![itemsize; lens.len()];
        for b in 1..lens.len() {
            f_strides[b] = self
                .b
                .build_int_mul(f_strides[b - 1], lens[b - 1], "fs")
                .ir()?;
        }
        let mut strides = vec![itemsize; plan.shape.len()];
        for (b, &(axis, _)) in plan.basic.iter().enumerate() {
            strides[axis] = self
                .b
                .build_select(fortran, f_strides[b], c_strides[b], "stride")
                .ir()?
                .into_int_value();
        }
        let mut inner = self.product_of(&lens)?;
        inner = self.b.build_int_mul(inner, itemsize, "inner").ir()?;
        for k in (plan.index_axis..plan.index_axis + plan.index_ndim).rev() {
            strides[k] = inner;
            inner = self.b.build_int_mul(inner, plan.shape[k], "inner").ir()?;
        }
        Ok(strides)
    }

    /// Whether NumPy keeps the basic axes in reversed order: for a Fortran array, or a strided
    /// one whose basic axes' strides strictly grow (in size) from first to last.
    fn basic_axes_fortran(&mut self, plan: &Plan<'ctx>, at: &ArrayTy) -> R<IntValue<'ctx>> {
        let bool_t = self.cx().bool_type();
        let real: Vec<IntValue<'ctx>> = plan
            .basic
            .iter()
            .map(|&(_, s)| s)
            .filter(|s| s.get_zero_extended_constant() != Some(0))
            .collect();
        if real.len() < 2 || at.layout == Layout::C {
            return Ok(bool_t.const_zero());
        }
        if at.layout == Layout::F {
            return Ok(bool_t.const_int(1, false));
        }
        let mut growing = bool_t.const_int(1, false);
        let mut previous = None;
        for s in real {
            let neg = self.b.build_int_neg(s, "neg").ir()?;
            let below = self
                .b
                .build_int_compare(IntPredicate::SLT, s, self.i64(0), "below")
                .ir()?;
            let size = self
                .b
                .build_select(below, neg, s, "size")
                .ir()?
                .into_int_value();
            if let Some(p) = previous {
                let grows = self
                    .b
                    .build_int_compare(IntPredicate::ULT, p, size, "grows")
                    .ir()?;
                growing = self.b.build_and(growing, grows, "growing").ir()?;
            }
            previous = Some(size);
        }
        Ok(growing)
    }

    /// The product of `lens` (1 for none).
    fn product_of(&self, lens: &[IntValue<'ctx>]) -> R<IntValue<'ctx>> {
        let mut n = self.i64(1);
        for &l in lens {
            n = self.b.build_int_mul(n, l, "n").ir()?;
        }
        Ok(n)
    }

    /// `Σ index[k] * strides[k]`.
    fn dot(&self, index: &[IntValue<'ctx>], strides: &[IntValue<'ctx>]) -> R<IntValue<'ctx>> {
        let mut off = self.i64(0);
        for (i, s) in index.iter().zip(strides) {
            let term = self.b.build_int_nsw_mul(*i, *s, "t").ir()?;
            off = self.b.build_int_nsw_add(off, term, "off").ir()?;
        }
        Ok(off)
    }

    fn release_plan(&mut self, plan: Plan<'ctx>) -> R<()> {
        for _ in &plan.temps {
            self.extra_live.pop();
        }
        for t in plan.temps {
            self.decref(t.into(), &Type::Array(positions_type().into()))?;
        }
        Ok(())
    }
}

/// The type of a mask's positions.
fn positions_type() -> ArrayTy {
    ArrayTy {
        dtype: Type::I64,
        ndim: 1,
        layout: Layout::C,
        readonly: false,
    }
}
