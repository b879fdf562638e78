//! NumPy arrays: the native form `{meminfo, data, shape[ndim], strides[ndim]}` (strides in
//! bytes), element addresses, loads and stores, attributes and iteration over 1-d arrays.
//!
//! For C- and F-contiguous arrays the strides are recomputed from the shape, so that LLVM sees
//! unit steps and can vectorise; only layout `A` reads the strides.

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValue, BasicValueEnum, IntValue, PointerValue, StructValue};
use inkwell::IntPredicate;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{Inst, Value};
use oxjit_core::types::{size_align, ArrayTy, IndexPart, Layout, Type};

use super::{FnGen, Ir, R};
use crate::models::array::ArrayValue;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub fn array_shape(&self, arr: StructValue<'ctx>, k: u32) -> R<IntValue<'ctx>> {
        ArrayValue(arr).shape(&self.b, k)
    }

    /// The byte strides of every dimension (see `ArrayValue::strides`).
    pub fn array_strides(&self, arr: StructValue<'ctx>, a: &ArrayTy) -> R<Vec<IntValue<'ctx>>> {
        ArrayValue(arr).strides(&self.b, a)
    }

    /// The strides stored in the array value, whatever its layout. For C and F arrays they may
    /// differ from `array_strides` (which indexing uses) on length-1 axes and in empty arrays,
    /// where NumPy's strides are arbitrary; `a.strides` and views handed back to NumPy use these.
    pub fn stored_strides(&self, arr: StructValue<'ctx>, a: &ArrayTy) -> R<Vec<IntValue<'ctx>>> {
        let arr = ArrayValue(arr);
        (0..a.ndim as u32)
            .map(|k| arr.stored_stride(&self.b, k))
            .collect()
    }

    /// The index values of a subscript: one integer, or a tuple of them.
    pub(super) fn index_values(&self, index: Value) -> R<Vec<IntValue<'ctx>>> {
        let t = self.ty(index).clone();
        let v = self.val(index);
        match &t {
            Type::Tuple(items) => {
                let mut out = Vec::new();
                for (k, it) in items.iter().enumerate() {
                    if oxjit_core::types::is_ellipsis(it) {
                        continue;
                    }
                    let x = self.index_item(index, k)?;
                    out.push(self.cast(x, it, &Type::I64)?.into_int_value());
                }
                Ok(out)
            }
            // `a[...]`: no index values.
            t if oxjit_core::types::is_ellipsis(t) => Ok(vec![]),
            _ => Ok(vec![self.cast(v, &t, &Type::I64)?.into_int_value()]),
        }
    }

    /// A user's indices into `arr`: negative ones count from the end, as in NumPy (skipped for
    /// the indices known not to be negative, see `nonneg`).
    pub fn wrap_indices(
        &mut self,
        arr: StructValue<'ctx>,
        index: Value,
        indices: &[IntValue<'ctx>],
    ) -> R<Vec<IntValue<'ctx>>> {
        let parts: Vec<Value> = match self.typed.func.inst(index) {
            Inst::BuildTuple(items) => items
                .iter()
                .filter(|x| !oxjit_core::types::is_ellipsis(self.ty(**x)))
                .copied()
                .collect(),
            _ if !matches!(self.ty(index), Type::Tuple(_)) => vec![index],
            _ => vec![],
        };
        let i64t = self.cx().i64_type();
        let mut out = Vec::with_capacity(indices.len());
        for (k, idx) in indices.iter().enumerate() {
            let known = parts
                .get(k)
                .is_some_and(|p| self.nonneg.check(self.typed, *p));
            if known {
                out.push(*idx);
                continue;
            }
            let shape = self.array_shape(arr, k as u32)?;
            let neg = self
                .b
                .build_int_compare(IntPredicate::SLT, *idx, i64t.const_zero(), "neg")
                .ir()?;
            let wrapped = self.b.build_int_add(*idx, shape, "wrapped").ir()?;
            out.push(
                self.b
                    .build_select(neg, wrapped, *idx, "i")
                    .ir()?
                    .into_int_value(),
            );
        }
        Ok(out)
    }

    /// Item `k` of a tuple subscript (a tuple holding `...` has no run-time value of its own:
    /// its items are read from the values it was built from).
    pub(super) fn index_item(&self, index: Value, k: usize) -> R<BasicValueEnum<'ctx>> {
        match (self.typed.func.inst(index), self.val(index)) {
            (_, BasicValueEnum::StructValue(tuple)) => {
                self.b.build_extract_value(tuple, k as u32, "part").ir()
            }
            (Inst::BuildTuple(items), _) => Ok(self.val(items[k])),
            _ => Err(Diagnostic::internal("a subscript tuple without a value")),
        }
    }

    /// The address of `arr[indices]` (indices within the shape: see `wrap_indices`).
    pub fn element_ptr(
        &self,
        arr: StructValue<'ctx>,
        a: &ArrayTy,
        indices: &[IntValue<'ctx>],
    ) -> R<PointerValue<'ctx>> {
        let i64t = self.cx().i64_type();
        let strides = self.array_strides(arr, a)?;
        let mut offset = i64t.const_zero();
        for (k, idx) in indices.iter().enumerate() {
            let term = self.b.build_int_nsw_mul(*idx, strides[k], "term").ir()?;
            offset = self.b.build_int_nsw_add(offset, term, "offset").ir()?;
        }
        let data = ArrayValue(arr).data(&self.b)?;
        // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): the offset of
        // an item: indices checked against the shape (or wrapped and checked by the caller) times
        // the strides.
        let p = unsafe {
            self.b
                .build_gep(self.cx().i8_type(), data, &[offset], "elem")
        }
        .ir()?;
        Ok(p)
    }

    fn array_type_of(&self, v: Value) -> ArrayTy {
        match self.ty(v) {
            Type::Array(a) => (**a).clone(),
            t => panic!("expected an array, got {t}"),
        }
    }

    /// With `boundscheck`, raises NumPy's `IndexError` for an index outside its axis.
    fn check_bounds(&mut self, arr: StructValue<'ctx>, indices: &[IntValue<'ctx>]) -> R<()> {
        if !self.m.opts.boundscheck {
            return Ok(());
        }
        for (k, idx) in indices.iter().enumerate() {
            let shape = self.array_shape(arr, k as u32)?;
            self.check_bounds_dim(*idx, shape, k)?;
        }
        Ok(())
    }

    /// With `boundscheck`, raises NumPy's `IndexError` unless `-shape <= idx < shape`.
    fn check_bounds_dim(&mut self, idx: IntValue<'ctx>, shape: IntValue<'ctx>, k: usize) -> R<()> {
        if !self.m.opts.boundscheck {
            return Ok(());
        }
        let i64t = self.cx().i64_type();
        let neg = self
            .b
            .build_int_compare(IntPredicate::SLT, idx, i64t.const_zero(), "neg")
            .ir()?;
        let wrapped = self.b.build_int_add(idx, shape, "wrapped").ir()?;
        let i = self
            .b
            .build_select(neg, wrapped, idx, "i")
            .ir()?
            .into_int_value();
        let inside = self
            .b
            .build_int_compare(IntPredicate::ULT, i, shape, "inside")
            .ir()?;
        let fail = self.cx().append_basic_block(self.f, "out_of_bounds");
        let cont = self.cx().append_basic_block(self.f, "in_bounds");
        self.b.build_conditional_branch(inside, cont, fail).ir()?;
        self.b.position_at_end(fail);
        let axis = i64t.const_int(k as u64, false);
        self.raise_formatted(
            "IndexError",
            "index {0} is out of bounds for axis {1} with size {2}",
            &[idx, axis, shape],
        )?;
        self.b.position_at_end(cont);
        Ok(())
    }

    pub fn array_getitem(
        &mut self,
        a: Value,
        index: Value,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let at = self.array_type_of(a);
        if oxjit_core::types::is_mixed_advanced(&at, self.ty(index)) {
            return self.mixed_getitem(a, index);
        }
        if matches!(self.ty(index), Type::Array(_)) {
            return self.fancy_getitem(a, index, result);
        }
        if let Type::Array(view_t) = result {
            return self.array_view(a, index, &at, view_t);
        }
        let indices = self.index_values(index)?;
        let arr = self.val(a).into_struct_value();
        self.check_bounds(arr, &indices)?;
        let indices = self.wrap_indices(arr, index, &indices)?;
        self.array_load(arr, &at, &indices)
    }

    /// `arr[index]` with slices or fewer integers than dimensions: a view sharing the data (and
    /// the meminfo) of `arr`.
    fn array_view(
        &mut self,
        a: Value,
        index: Value,
        at: &ArrayTy,
        view_t: &ArrayTy,
    ) -> R<BasicValueEnum<'ctx>> {
        let i64t = self.cx().i64_type();
        let arr = self.val(a).into_struct_value();
        // `a['x']`: the field `x` of every record (`a[...]` is the Ellipsis constant, not a field).
        if let (Type::RecordDtype(_), Type::StrLiteral(name)) = (&at.dtype, self.ty(index).clone())
        {
            if &*name != oxjit_core::types::ELLIPSIS {
                return Ok(self.array_field_view(arr, at, &name, view_t)?.into());
            }
        }
        let strides = self.array_strides(arr, at)?;
        // The index parts: (value, is a slice).
        let parts: Vec<(BasicValueEnum<'ctx>, Type)> = match self.ty(index).clone() {
            Type::Tuple(items) => {
                let mut out = Vec::new();
                for (k, t) in items.iter().enumerate() {
                    out.push((self.index_item(index, k)?, t.clone()));
                }
                out
            }
            t => vec![(self.val(index), t)],
        };
        let mut offset = i64t.const_zero();
        let mut shape = Vec::new();
        let mut new_strides = Vec::new();
        let entries = oxjit_core::types::index_parts_at(&self.ty(index).clone(), at.ndim)
            // Typing read the same subscript with the same function.
            .map_err(Diagnostic::internal)?;
        // The array's axis each entry reads (new axes read none).
        let mut k = 0usize;
        for (entry, from) in entries {
            if entry == IndexPart::NewAxis {
                shape.push(self.i64(1));
                new_strides.push(i64t.const_zero());
                continue;
            }
            let stride = strides[k];
            let dim = self.array_shape(arr, k as u32)?;
            let part = from.map(|i| &parts[i]);
            k += 1;
            let k = k - 1;
            match part {
                Some((v, t)) if *t == Type::Slice => {
                    let (start, len, step) = self.slice_indices(v.into_struct_value(), dim)?;
                    let term = self.b.build_int_mul(start, stride, "off").ir()?;
                    offset = self.b.build_int_add(offset, term, "offset").ir()?;
                    shape.push(len);
                    new_strides.push(self.b.build_int_mul(stride, step, "stride").ir()?);
                }
                Some((v, t)) => {
                    let idx = self.cast(*v, t, &Type::I64)?.into_int_value();
                    self.check_bounds_dim(idx, dim, k)?;
                    let neg = self
                        .b
                        .build_int_compare(IntPredicate::SLT, idx, i64t.const_zero(), "neg")
                        .ir()?;
                    let wrapped = self.b.build_int_add(idx, dim, "wrapped").ir()?;
                    let idx = self
                        .b
                        .build_select(neg, wrapped, idx, "i")
                        .ir()?
                        .into_int_value();
                    let term = self.b.build_int_mul(idx, stride, "off").ir()?;
                    offset = self.b.build_int_add(offset, term, "offset").ir()?;
                }
                None => {
                    shape.push(dim);
                    new_strides.push(stride);
                }
            }
        }
        let data = ArrayValue(arr).data(&self.b)?;
        // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): the offset of
        // the view's first item: in-range indices times the strides, inside the array's data.
        let data = unsafe {
            self.b
                .build_gep(self.cx().i8_type(), data, &[offset], "viewdata")
        }
        .ir()?;
        Ok(self
            .view_of(arr, view_t, data, &shape, &new_strides)?
            .into())
    }

    /// An array value `{meminfo, data, shape, strides}` of type `t`.
    pub fn build_array(
        &self,
        t: &ArrayTy,
        meminfo: BasicValueEnum<'ctx>,
        data: BasicValueEnum<'ctx>,
        shape: &[IntValue<'ctx>],
        strides: &[IntValue<'ctx>],
    ) -> R<StructValue<'ctx>> {
        let st = self.m.array_struct_type(t);
        Ok(ArrayValue::build(&self.b, st, meminfo, data, shape, strides)?.0)
    }

    /// A view of `arr`'s memory of type `t`: its items from `data` on, with the given shape and
    /// strides, sharing `arr`'s block owner.
    pub fn view_of(
        &self,
        arr: StructValue<'ctx>,
        t: &ArrayTy,
        data: PointerValue<'ctx>,
        shape: &[IntValue<'ctx>],
        strides: &[IntValue<'ctx>],
    ) -> R<StructValue<'ctx>> {
        let st = self.m.array_struct_type(t);
        Ok(ArrayValue(arr).view(&self.b, st, data, shape, strides)?.0)
    }

    /// Python's `slice.indices(length)`: (start, number of items, step); a zero step raises.
    pub(crate) fn slice_indices(
        &mut self,
        slice: StructValue<'ctx>,
        length: IntValue<'ctx>,
    ) -> R<(IntValue<'ctx>, IntValue<'ctx>, IntValue<'ctx>)> {
        use IntPredicate::*;
        let i64t = self.cx().i64_type();
        let (zero, one, minus_one) = (
            i64t.const_zero(),
            i64t.const_int(1, false),
            i64t.const_all_ones(),
        );
        let none = i64t.const_int(i64::MIN as u64, true);
        let [start, stop, step] = self.slice_triple(slice)?;
        let step_zero = self.b.build_int_compare(EQ, step, zero, "stepzero").ir()?;
        let ok = self.b.build_not(step_zero, "ok").ir()?;
        self.check(ok, "ValueError", "slice step cannot be zero")?;
        let b = &self.b;
        let back = b.build_int_compare(SLT, step, zero, "back").ir()?;
        let max = i64t.const_int(i64::MAX as u64, false);
        // Defaults (PySlice_Unpack), then clamping (PySlice_AdjustIndices).
        let start_none = b.build_int_compare(EQ, start, none, "startnone").ir()?;
        let start_default = b.build_select(back, max, zero, "sd").ir()?.into_int_value();
        let start = b
            .build_select(start_none, start_default, start, "start")
            .ir()?
            .into_int_value();
        let stop_none = b.build_int_compare(EQ, stop, none, "stopnone").ir()?;
        let stop_default = b
            .build_select(back, none, max, "std")
            .ir()?
            .into_int_value();
        let stop = b
            .build_select(stop_none, stop_default, stop, "stop")
            .ir()?
            .into_int_value();
        let len_minus_one = b.build_int_sub(length, one, "lm1").ir()?;
        let clamp = |x: IntValue<'ctx>, name: &str| -> R<IntValue<'ctx>> {
            let neg = b.build_int_compare(SLT, x, zero, "neg").ir()?;
            let plus = b.build_int_add(x, length, "plus").ir()?;
            let still_neg = b.build_int_compare(SLT, plus, zero, "stillneg").ir()?;
            let low = b
                .build_select(back, minus_one, zero, "low")
                .ir()?
                .into_int_value();
            let fixed_neg = b
                .build_select(still_neg, low, plus, "fixneg")
                .ir()?
                .into_int_value();
            let high = b.build_int_compare(SGE, x, length, "high").ir()?;
            let top = b
                .build_select(back, len_minus_one, length, "top")
                .ir()?
                .into_int_value();
            let fixed_high = b
                .build_select(high, top, x, "fixhigh")
                .ir()?
                .into_int_value();
            Ok(b.build_select(neg, fixed_neg, fixed_high, name)
                .ir()?
                .into_int_value())
        };
        let start = clamp(start, "start")?;
        let stop = clamp(stop, "stop")?;
        // Number of items.
        let fwd_has = b.build_int_compare(SLT, start, stop, "fwdhas").ir()?;
        let fwd_n = b
            .build_int_add(
                b.build_int_signed_div(
                    b.build_int_sub(b.build_int_sub(stop, start, "d").ir()?, one, "d1")
                        .ir()?,
                    step,
                    "q",
                )
                .ir()?,
                one,
                "n",
            )
            .ir()?;
        let fwd = b
            .build_select(fwd_has, fwd_n, zero, "fwd")
            .ir()?
            .into_int_value();
        let back_has = b.build_int_compare(SLT, stop, start, "backhas").ir()?;
        let neg_step = b.build_int_neg(step, "negstep").ir()?;
        let back_n = b
            .build_int_add(
                b.build_int_signed_div(
                    b.build_int_sub(b.build_int_sub(start, stop, "d").ir()?, one, "d1")
                        .ir()?,
                    neg_step,
                    "q",
                )
                .ir()?,
                one,
                "n",
            )
            .ir()?;
        let bwd = b
            .build_select(back_has, back_n, zero, "bwd")
            .ir()?
            .into_int_value();
        let count = b
            .build_select(back, bwd, fwd, "count")
            .ir()?
            .into_int_value();
        Ok((start, count, step))
    }

    /// `arr[indices]` (one index per dimension).
    pub fn array_load(
        &self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        indices: &[IntValue<'ctx>],
    ) -> R<BasicValueEnum<'ctx>> {
        let p = self.element_ptr(arr, at, indices)?;
        self.array_item_at(arr, at, p)
    }

    /// The item of `arr` at address `p` (a number, or a record: a reference into the array).
    pub fn array_item_at(
        &self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        p: PointerValue<'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        // An item of an array of records is a reference into the array.
        if let Type::RecordDtype(rec) = &at.dtype {
            return self.record_in(arr, rec, p);
        }
        let elem_t: BasicTypeEnum = self.llvm_type(&at.dtype);
        let item = self.b.build_load(elem_t, p, "elem").ir()?;
        self.mark_jam_access(item.as_instruction_value());
        Ok(item)
    }

    pub fn array_setitem(&mut self, a: Value, index: Value, x: Value) -> R<()> {
        if let Type::Flat(at, _) = self.ty(a).clone() {
            let p = self.flat_item_ptr(a, &at, index)?;
            let v = self.numpy_cast(self.val(x), &self.ty(x).clone(), &at.dtype)?;
            self.b.build_store(p, v).ir()?;
            return Ok(());
        }
        let at = self.array_type_of(a);
        let rows_from_array = matches!(self.ty(index), Type::Array(ix) if ix.dtype != Type::Bool || ix.ndim == 1)
            && at.ndim > 1
            && matches!(self.ty(x), Type::Array(_));
        if rows_from_array || oxjit_core::types::is_mixed_advanced(&at, self.ty(index)) {
            return self.mixed_setitem(a, index, x);
        }
        if matches!(self.ty(index), Type::Array(_)) {
            return self.fancy_setitem(a, index, x);
        }
        let mut view_t = self.typed_index_result(&at, index);
        if matches!(self.ty(x), Type::Array(_)) && !matches!(view_t, Type::Array(_)) {
            // An array stored at one item (`a[()] = b` with `b` 0-d): through a 0-d view.
            view_t = Type::Array(std::sync::Arc::new(ArrayTy {
                dtype: at.dtype.clone(),
                ndim: 0,
                layout: Layout::A,
                readonly: at.readonly,
            }));
        }
        if let Type::Array(view_t) = view_t {
            let view = self.array_view(a, index, &at, &view_t)?.into_struct_value();
            if let Type::Array(src_t) = self.ty(x).clone() {
                let may_overlap = !self.fresh_single_use(x);
                let src = self.val(x).into_struct_value();
                return self.copy_into_view(view, &view_t, src, &src_t, may_overlap);
            }
            // `a[1:3] = x`: fill the view with the number.
            let value = self.numpy_cast(self.val(x), &self.ty(x).clone(), &view_t.dtype)?;
            let value = self.bool_as_byte(value)?;
            let shape: Vec<IntValue<'ctx>> = (0..view_t.ndim as u32)
                .map(|k| self.array_shape(view, k))
                .collect::<R<_>>()?;
            return self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
                let p = s.element_ptr(view, &view_t, idx)?;
                s.b.build_store(p, value).ir()?;
                Ok(())
            });
        }
        let indices = self.index_values(index)?;
        let arr = self.val(a).into_struct_value();
        self.check_bounds(arr, &indices)?;
        let indices = self.wrap_indices(arr, index, &indices)?;
        let p = self.element_ptr(arr, &at, &indices)?;
        let value = self.numpy_cast(self.val(x), &self.ty(x).clone(), &at.dtype)?;
        let value = self.bool_as_byte(value)?;
        let store = self.b.build_store(p, value).ir()?;
        self.mark_jam_access(Some(store));
        Ok(())
    }

    /// Whether `x` is a new array that no other value can share memory with: the result of a
    /// whole-array expression (not written into an `out`) that nothing but one instruction
    /// reads (`view[...] = a * b + c`), so that no view of it exists.
    fn fresh_single_use(&self, x: Value) -> bool {
        let func = &self.typed.func;
        if !matches!(func.inst(x), Inst::ArrayExpr { out: None, .. }) {
            return false;
        }
        let mut uses = 0;
        for block in &func.blocks {
            for &v in &block.insts {
                uses += func.inst(v).operands().iter().filter(|&&o| o == x).count();
            }
            uses += usize::from(block.term.operand() == Some(x));
        }
        uses == 1
    }

    /// `view[...] = src`: `src` broadcast to the view's shape (NumPy's rules: dimensions aligned
    /// from the right, size 1 repeats), element by element; through a temporary copy of `src`
    /// where the two overlap in memory, as NumPy does (`may_overlap`: a new array read only
    /// here cannot, and its check and copy loops would only make the function bigger).
    fn copy_into_view(
        &mut self,
        view: StructValue<'ctx>,
        view_t: &ArrayTy,
        src: StructValue<'ctx>,
        src_t: &ArrayTy,
        may_overlap: bool,
    ) -> R<()> {
        let i64t = self.cx().i64_type();
        let (n, m) = (view_t.ndim as usize, src_t.ndim as usize);
        let dst_shape: Vec<IntValue<'ctx>> = (0..n as u32)
            .map(|k| self.array_shape(view, k))
            .collect::<R<_>>()?;
        let src_shape: Vec<IntValue<'ctx>> = (0..m as u32)
            .map(|k| self.array_shape(src, k))
            .collect::<R<_>>()?;
        self.check_broadcast_into(&dst_shape, &src_shape)?;
        let (src, overlap) = if may_overlap {
            self.copy_if_overlapping(view, view_t, &dst_shape, src, src_t, &src_shape)?
        } else {
            (src, self.cx().bool_type().const_zero())
        };
        let src_strides = self.array_strides(src, src_t)?;
        let eff_strides = self.broadcast_strides(n, &src_shape, &src_strides)?;
        // The temporary's block, freed after the copy (null, which is skipped, otherwise).
        let null = self
            .cx()
            .ptr_type(inkwell::AddressSpace::default())
            .const_null();
        let temp_mi = ArrayValue(src).meminfo(&self.b)?;
        let owned = self
            .b
            .build_select(overlap, temp_mi, null.into(), "tempmi")
            .ir()?;
        let src_data = ArrayValue(src).data(&self.b)?;
        let release = self.build_array(src_t, owned, src_data.into(), &src_shape, &src_strides)?;
        // Copy, converting the dtype.
        let src_dtype = src_t.dtype.clone();
        let dst_t = view_t.clone();
        let elem_t = self.llvm_type(&src_dtype);
        self.for_each_index(&dst_shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let mut off = i64t.const_zero();
            for (k, i) in idx.iter().enumerate() {
                let term = s.b.build_int_mul(*i, eff_strides[k], "t").ir()?;
                off = s.b.build_int_add(off, term, "off").ir()?;
            }
            // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): the byte
            // offset of an item of the array: in-range indices times its strides.
            let sp = unsafe { s.b.build_gep(s.cx().i8_type(), src_data, &[off], "sp") }.ir()?;
            let x = s.b.build_load(elem_t, sp, "x").ir()?;
            let x = s.numpy_cast(x, &src_dtype, &dst_t.dtype)?;
            let dp = s.element_ptr(view, &dst_t, idx)?;
            s.b.build_store(dp, x).ir()?;
            Ok(())
        })?;
        self.decref(release.into(), &Type::Array(src_t.clone().into()))
    }

    /// Raises NumPy's `ValueError` unless a source of shape `src_shape` broadcasts into
    /// `dst_shape` (each aligned dimension equal, or 1 in the source).
    fn check_broadcast_into(
        &mut self,
        dst_shape: &[IntValue<'ctx>],
        src_shape: &[IntValue<'ctx>],
    ) -> R<()> {
        self.check_broadcast_into_as(dst_shape, src_shape, &|src, dst| {
            format!("could not broadcast input array from shape {src} into shape {dst}")
        })
    }

    /// [`Self::check_broadcast_into`] with the message `template(source shape, destination
    /// shape)` (the shapes as `{k}` templates).
    pub(super) fn check_broadcast_into_as(
        &mut self,
        dst_shape: &[IntValue<'ctx>],
        src_shape: &[IntValue<'ctx>],
        template: &dyn Fn(&str, &str) -> String,
    ) -> R<()> {
        use IntPredicate::*;
        let i64t = self.cx().i64_type();
        let (n, m) = (dst_shape.len(), src_shape.len());
        let mut ok = self.cx().bool_type().const_int(1, false);
        for (k, &dst_dim) in dst_shape.iter().enumerate() {
            if let Some(j) = k.checked_sub(n - m) {
                let same = self
                    .b
                    .build_int_compare(EQ, src_shape[j], dst_dim, "same")
                    .ir()?;
                let one = self
                    .b
                    .build_int_compare(EQ, src_shape[j], i64t.const_int(1, false), "one")
                    .ir()?;
                let fits = self.b.build_or(same, one, "fits").ir()?;
                ok = self.b.build_and(ok, fits, "ok").ir()?;
            }
        }
        let fail = self.cx().append_basic_block(self.f, "broadcast_error");
        let cont = self.cx().append_basic_block(self.f, "broadcast_ok");
        self.b.build_conditional_branch(ok, cont, fail).ir()?;
        self.b.position_at_end(fail);
        let shape_text =
            |first: usize, count: usize| super::arrayexpr::shape_template(count, first);
        if m + n <= 8 {
            let template = template(&shape_text(0, m), &shape_text(m, n));
            let ints: Vec<IntValue<'ctx>> =
                src_shape.iter().chain(dst_shape.iter()).copied().collect();
            self.raise_formatted("ValueError", &template, &ints)?;
        } else {
            self.raise(
                "ValueError",
                "could not broadcast input array into the shape of the view",
                None,
            )?;
        }
        self.b.position_at_end(cont);
        Ok(())
    }

    /// The source's strides as seen from an `n`-dimensional destination: 0 for the dimensions
    /// it lacks (on the left) and for those of size 1, which repeat.
    pub(super) fn broadcast_strides(
        &self,
        n: usize,
        src_shape: &[IntValue<'ctx>],
        src_strides: &[IntValue<'ctx>],
    ) -> R<Vec<IntValue<'ctx>>> {
        let i64t = self.cx().i64_type();
        let m = src_shape.len();
        let mut strides = Vec::with_capacity(n);
        for k in 0..n {
            strides.push(match k.checked_sub(n - m) {
                None => i64t.const_zero(),
                Some(j) => {
                    let one = self
                        .b
                        .build_int_compare(
                            IntPredicate::EQ,
                            src_shape[j],
                            i64t.const_int(1, false),
                            "one",
                        )
                        .ir()?;
                    self.b
                        .build_select(one, i64t.const_zero(), src_strides[j], "bstride")
                        .ir()?
                        .into_int_value()
                }
            });
        }
        Ok(strides)
    }

    /// `src`, or where its memory overlaps the view's, a fresh copy of it (NumPy copies
    /// through a temporary); and whether it is the copy.
    fn copy_if_overlapping(
        &mut self,
        view: StructValue<'ctx>,
        view_t: &ArrayTy,
        dst_shape: &[IntValue<'ctx>],
        src: StructValue<'ctx>,
        src_t: &ArrayTy,
        src_shape: &[IntValue<'ctx>],
    ) -> R<(StructValue<'ctx>, IntValue<'ctx>)> {
        use IntPredicate::*;
        let src_strides = self.array_strides(src, src_t)?;
        let dst_strides = self.array_strides(view, view_t)?;
        let (d_lo, d_hi) =
            self.byte_range(view, dst_shape, &dst_strides, size_align(&view_t.dtype).0)?;
        let (s_lo, s_hi) =
            self.byte_range(src, src_shape, &src_strides, size_align(&src_t.dtype).0)?;
        let a = self.b.build_int_compare(SLT, d_lo, s_hi, "a").ir()?;
        let b2 = self.b.build_int_compare(SLT, s_lo, d_hi, "b").ir()?;
        let overlap = self.b.build_and(a, b2, "overlap").ir()?;
        let temp_t = ArrayTy {
            layout: if src_t.layout == Layout::F {
                Layout::F
            } else {
                Layout::C
            },
            ..src_t.clone()
        };
        let before = self.b.get_insert_block().expect("block");
        let copy_bb = self.cx().append_basic_block(self.f, "overlap.copy");
        let merge_bb = self.cx().append_basic_block(self.f, "overlap.done");
        self.b
            .build_conditional_branch(overlap, copy_bb, merge_bb)
            .ir()?;
        self.b.position_at_end(copy_bb);
        let temp = self.copy_array(src, src_t, &temp_t)?;
        let copy_end = self.b.get_insert_block().expect("block");
        self.b.build_unconditional_branch(merge_bb).ir()?;
        self.b.position_at_end(merge_bb);
        let phi = self
            .b
            .build_phi(self.m.array_struct_type(src_t), "source")
            .ir()?;
        phi.add_incoming(&[(&src, before), (&temp, copy_end)]);
        Ok((phi.as_basic_value().into_struct_value(), overlap))
    }

    /// The address range `[lo, hi)` an array's elements occupy (empty when a dimension is 0).
    pub fn byte_range(
        &self,
        arr: StructValue<'ctx>,
        shape: &[IntValue<'ctx>],
        strides: &[IntValue<'ctx>],
        itemsize: usize,
    ) -> R<(IntValue<'ctx>, IntValue<'ctx>)> {
        use IntPredicate::*;
        let i64t = self.cx().i64_type();
        let data = ArrayValue(arr).data(&self.b)?;
        let base = self.b.build_ptr_to_int(data, i64t, "base").ir()?;
        let (mut lo, mut hi) = (base, base);
        let mut empty = self.cx().bool_type().const_zero();
        for (d, st) in shape.iter().zip(strides) {
            let zero = self
                .b
                .build_int_compare(EQ, *d, i64t.const_zero(), "zero")
                .ir()?;
            empty = self.b.build_or(empty, zero, "empty").ir()?;
            let last = self
                .b
                .build_int_sub(*d, i64t.const_int(1, false), "last")
                .ir()?;
            let ext = self.b.build_int_mul(last, *st, "ext").ir()?;
            let neg = self
                .b
                .build_int_compare(SLT, ext, i64t.const_zero(), "neg")
                .ir()?;
            let lo_add = self
                .b
                .build_select(neg, ext, i64t.const_zero(), "loadd")
                .ir()?
                .into_int_value();
            let hi_add = self
                .b
                .build_select(neg, i64t.const_zero(), ext, "hiadd")
                .ir()?
                .into_int_value();
            lo = self.b.build_int_add(lo, lo_add, "lo").ir()?;
            hi = self.b.build_int_add(hi, hi_add, "hi").ir()?;
        }
        let hi = self
            .b
            .build_int_add(hi, i64t.const_int(itemsize as u64, false), "hiend")
            .ir()?;
        // An empty range overlaps nothing.
        let lo = self
            .b
            .build_select(empty, i64t.const_zero(), lo, "lo")
            .ir()?
            .into_int_value();
        let hi = self
            .b
            .build_select(empty, i64t.const_zero(), hi, "hi")
            .ir()?
            .into_int_value();
        Ok((lo, hi))
    }

    /// The type `arr[index]` has: the element, or a view (the same rule as typing's).
    fn typed_index_result(&self, at: &ArrayTy, index: Value) -> Type {
        // `a['x']` of an array of records: the field's view.
        if let (Type::RecordDtype(rec), Type::StrLiteral(name)) = (&at.dtype, self.ty(index)) {
            if &**name != oxjit_core::types::ELLIPSIS {
                return oxjit_core::types::field_view_type(at, rec, name).unwrap_or(Type::NoneType);
            }
        }
        let parts = oxjit_core::types::index_parts(self.ty(index), at.ndim).unwrap_or_default();
        let ints = parts.iter().filter(|p| **p == IndexPart::Int).count();
        if ints == parts.len() {
            return at.dtype.clone();
        }
        Type::Array(std::sync::Arc::new(ArrayTy {
            dtype: at.dtype.clone(),
            ndim: (parts.len() - ints) as u8,
            layout: Layout::A,
            readonly: at.readonly,
        }))
    }

    /// Nested loops over every index of `shape` (row-major), running `body` at each.
    pub fn for_each_index(
        &mut self,
        shape: &[IntValue<'ctx>],
        body: &mut dyn FnMut(&mut Self, &[IntValue<'ctx>]) -> R<()>,
    ) -> R<()> {
        let mut idx = Vec::new();
        self.loop_level(shape, &mut idx, body)
    }

    /// `for_each_index` with the last axis outermost where `last_axis_outer` (NumPy's memory
    /// order for an F-ordered array); `body` still gets each index in the array's axis order.
    pub fn for_each_index_in_order(
        &mut self,
        shape: &[IntValue<'ctx>],
        last_axis_outer: bool,
        body: &mut dyn FnMut(&mut Self, &[IntValue<'ctx>]) -> R<()>,
    ) -> R<()> {
        if !last_axis_outer {
            return self.for_each_index(shape, body);
        }
        let walk: Vec<IntValue<'ctx>> = shape.iter().rev().copied().collect();
        self.for_each_index(&walk, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let idx: Vec<IntValue<'ctx>> = idx.iter().rev().copied().collect();
            body(s, &idx)
        })
    }

    fn loop_level(
        &mut self,
        shape: &[IntValue<'ctx>],
        idx: &mut Vec<IntValue<'ctx>>,
        body: &mut dyn FnMut(&mut Self, &[IntValue<'ctx>]) -> R<()>,
    ) -> R<()> {
        let Some((&n, rest)) = shape.split_first() else {
            return body(self, idx);
        };
        let i64t = self.cx().i64_type();
        let pre = self.b.get_insert_block().expect("positioned");
        let header = self.cx().append_basic_block(self.f, "fill.header");
        let inner = self.cx().append_basic_block(self.f, "fill.body");
        let exit = self.cx().append_basic_block(self.f, "fill.exit");
        self.b.build_unconditional_branch(header).ir()?;
        self.b.position_at_end(header);
        let phi = self.b.build_phi(i64t, "i").ir()?;
        let i = phi.as_basic_value().into_int_value();
        let more = self
            .b
            .build_int_compare(IntPredicate::SLT, i, n, "more")
            .ir()?;
        self.b.build_conditional_branch(more, inner, exit).ir()?;
        self.b.position_at_end(inner);
        idx.push(i);
        self.loop_level(rest, idx, body)?;
        idx.pop();
        let next = self
            .b
            .build_int_add(i, i64t.const_int(1, false), "next")
            .ir()?;
        let latch = self.b.get_insert_block().expect("positioned");
        self.b.build_unconditional_branch(header).ir()?;
        phi.add_incoming(&[(&i64t.const_zero(), pre), (&next, latch)]);
        self.b.position_at_end(exit);
        Ok(())
    }

    pub fn array_attribute(&mut self, a: Value, name: &str, t: &Type) -> R<BasicValueEnum<'ctx>> {
        let at = self.array_type_of(a);
        let arr = self.val(a).into_struct_value();
        let i64t = self.cx().i64_type();
        let nd = at.ndim as u32;
        match (name, t) {
            ("T", Type::Array(tt)) => {
                let strides = self.array_strides(arr, &at)?;
                let shape: Vec<IntValue<'ctx>> = (0..nd)
                    .map(|k| self.array_shape(arr, k))
                    .collect::<R<_>>()?;
                let data = ArrayValue(arr).data(&self.b)?;
                let rshape: Vec<IntValue<'ctx>> = shape.into_iter().rev().collect();
                let rstrides: Vec<IntValue<'ctx>> = strides.into_iter().rev().collect();
                return Ok(self.view_of(arr, tt, data, &rshape, &rstrides)?.into());
            }
            ("real" | "imag", Type::Array(part)) if matches!(at.dtype, Type::Complex(_)) => {
                // The same geometry over every other float (the imaginary part one float later).
                let strides = self.array_strides(arr, &at)?;
                let shape: Vec<IntValue<'ctx>> = (0..nd)
                    .map(|k| self.array_shape(arr, k))
                    .collect::<R<_>>()?;
                let data = ArrayValue(arr).data(&self.b)?;
                let offset = if name == "imag" {
                    size_align(&part.dtype).0 as u64
                } else {
                    0
                };
                // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): the
                // real or imaginary part of the first item of the array: inside its data.
                let data = unsafe {
                    self.b.build_gep(
                        self.cx().i8_type(),
                        data,
                        &[i64t.const_int(offset, false)],
                        "part",
                    )
                }
                .ir()?;
                return Ok(self.view_of(arr, part, data, &shape, &strides)?.into());
            }
            ("real", Type::Array(_)) => return Ok(arr.into()),
            // `a.flat` is the array itself, read through a flat index.
            ("flat", Type::Flat(..)) => return Ok(arr.into()),
            _ => {}
        }
        match name {
            "shape" | "strides" => {
                let values = if name == "shape" {
                    (0..nd)
                        .map(|k| self.array_shape(arr, k))
                        .collect::<R<Vec<_>>>()?
                } else {
                    self.stored_strides(arr, &at)?
                };
                self.struct_of(t, values, "dims")
            }
            "size" | "nbytes" => {
                let mut n = i64t.const_int(1, false);
                for k in 0..nd {
                    n = self
                        .b
                        .build_int_mul(n, self.array_shape(arr, k)?, "size")
                        .ir()?;
                }
                if name == "nbytes" {
                    n = self
                        .b
                        .build_int_mul(
                            n,
                            i64t.const_int(size_align(&at.dtype).0 as u64, false),
                            "nbytes",
                        )
                        .ir()?;
                }
                Ok(n.into())
            }
            // Typing rejects the other attributes, or made them constants (`ndim`, `dtype`...).
            _ => Err(Diagnostic::internal(format!(
                "the array attribute '{name}' is not supported yet"
            ))),
        }
    }
}
