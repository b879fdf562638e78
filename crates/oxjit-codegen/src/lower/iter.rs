//! Iteration (seed 003's third option: `Iter`, then `IterValid`/`IterNext` in the loop header and
//! body). An iterator is a pointer to its state in an entry-block alloca, so that SROA turns it
//! into registers:
//!
//! - range: `{next, items left, step}` (the length is computed once, as Python does, so nothing
//!   overflows near the int64 limits);
//! - tuple: `{index, length, [items]}`;
//! - 1-d array: `{array, index}`;
//! - `enumerate`: `{count, inner state*}`; `zip`: `{inner state*...}`.

use inkwell::types::{BasicType, BasicTypeEnum, StructType};
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::types::{ArrayTy, Type};

use super::{FnGen, Ir, R};
use crate::models::array::ArrayValue;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    fn range_state_type(&self) -> StructType<'ctx> {
        let i64t = self.cx().i64_type();
        self.cx()
            .struct_type(&[i64t.into(), i64t.into(), i64t.into()], false)
    }

    /// The state of a tuple iterator, as seen by the code that indexes it (the items array is
    /// declared empty: indexing past a declared length is fine for GEP).
    fn tuple_state_view(&self, item: &Type) -> StructType<'ctx> {
        let i64t = self.cx().i64_type();
        let items = self.llvm_type(item).array_type(0);
        self.cx()
            .struct_type(&[i64t.into(), i64t.into(), items.into()], false)
    }

    fn array_state_type(&self, a: &oxjit_core::types::ArrayTy) -> StructType<'ctx> {
        self.cx().struct_type(
            &[
                self.m.array_struct_type(a).into(),
                self.cx().i64_type().into(),
            ],
            false,
        )
    }

    fn ptr_type(&self) -> BasicTypeEnum<'ctx> {
        self.cx().ptr_type(AddressSpace::default()).into()
    }

    /// The state of an `np.ndindex` iterator: `{shape[n], position, total}`.
    fn ndindex_state_type(&self, n: u8) -> StructType<'ctx> {
        let i64t = self.cx().i64_type();
        self.cx().struct_type(
            &[i64t.array_type(n as u32).into(), i64t.into(), i64t.into()],
            false,
        )
    }

    /// The array an array (or flat) iterator's state holds.
    fn state_array(
        &self,
        st: StructType<'ctx>,
        state: PointerValue<'ctx>,
        a: &oxjit_core::types::ArrayTy,
    ) -> R<inkwell::values::StructValue<'ctx>> {
        let arr_p = self.b.build_struct_gep(st, state, 0, "arr").ir()?;
        Ok(self
            .b
            .build_load(self.m.array_struct_type(a), arr_p, "arr")
            .ir()?
            .into_struct_value())
    }

    /// The three integers of a `range` or slice value: start, stop, step.
    pub fn int_triple(&self, v: inkwell::values::StructValue<'ctx>) -> R<[IntValue<'ctx>; 3]> {
        let part = |k: u32, name: &str| -> R<IntValue<'ctx>> {
            Ok(self
                .b
                .build_extract_value(v, k, name)
                .ir()?
                .into_int_value())
        };
        Ok([part(0, "start")?, part(1, "stop")?, part(2, "step")?])
    }

    /// `iter(value)` for an iterable of type `t`: a pointer to a fresh state.
    pub fn make_iter(&mut self, value: BasicValueEnum<'ctx>, t: &Type) -> R<PointerValue<'ctx>> {
        let i64t = self.cx().i64_type();
        match t {
            Type::NdIndex(n) => self.ndindex_iter(value, *n),
            Type::Range => {
                let st = self.range_state_type();
                let slot = self.alloca(st.into(), "range.iter")?;
                let [start, stop, step] = self.int_triple(value.into_struct_value())?;
                let len = self.range_length(start, stop, step)?;
                for (i, v) in [(0, start), (1, len), (2, step)] {
                    let p = self.b.build_struct_gep(st, slot, i, "field").ir()?;
                    self.b.build_store(p, v).ir()?;
                }
                Ok(slot)
            }
            Type::Tuple(items) => self.tuple_iter(value, items),
            Type::Array(a) | Type::Flat(a, _) => {
                let st = self.array_state_type(a);
                let slot = self.alloca(st.into(), "array.iter")?;
                let p = self.b.build_struct_gep(st, slot, 0, "arr").ir()?;
                self.b.build_store(p, value).ir()?;
                let p = self.b.build_struct_gep(st, slot, 1, "idx").ir()?;
                self.b.build_store(p, i64t.const_zero()).ir()?;
                Ok(slot)
            }
            Type::Enumerate(inner) => {
                let obj = value.into_struct_value();
                let start = self.b.build_extract_value(obj, 0, "start").ir()?;
                let inner_value = self.b.build_extract_value(obj, 1, "inner").ir()?;
                let inner_state = self.make_iter(inner_value, inner)?;
                let st = self
                    .cx()
                    .struct_type(&[i64t.into(), self.ptr_type()], false);
                let slot = self.alloca(st.into(), "enumerate.iter")?;
                let p = self.b.build_struct_gep(st, slot, 0, "count").ir()?;
                self.b.build_store(p, start).ir()?;
                let p = self.b.build_struct_gep(st, slot, 1, "inner").ir()?;
                self.b.build_store(p, inner_state).ir()?;
                Ok(slot)
            }
            Type::Zip(inners) => {
                let obj = value.into_struct_value();
                let fields: Vec<BasicTypeEnum> = inners.iter().map(|_| self.ptr_type()).collect();
                let st = self.cx().struct_type(&fields, false);
                let slot = self.alloca(st.into(), "zip.iter")?;
                for (k, inner) in inners.iter().enumerate() {
                    let inner_value = self.b.build_extract_value(obj, k as u32, "inner").ir()?;
                    let inner_state = self.make_iter(inner_value, inner)?;
                    let p = self.b.build_struct_gep(st, slot, k as u32, "inner").ir()?;
                    self.b.build_store(p, inner_state).ir()?;
                }
                Ok(slot)
            }
            other => Err(self.err(format!("cannot iterate over {other}"))),
        }
    }

    /// `len(range(start, stop, step))` (step nonzero), in unsigned arithmetic so that no
    /// intermediate overflows.
    pub fn range_length(
        &self,
        start: IntValue<'ctx>,
        stop: IntValue<'ctx>,
        step: IntValue<'ctx>,
    ) -> R<IntValue<'ctx>> {
        use IntPredicate::*;
        let b = &self.b;
        let i64t = self.cx().i64_type();
        let one = i64t.const_int(1, false);
        let up = b
            .build_int_compare(SGT, step, i64t.const_zero(), "up")
            .ir()?;
        // Distance to cover and step size, both as unsigned magnitudes.
        let hi = b.build_select(up, stop, start, "hi").ir()?.into_int_value();
        let lo = b.build_select(up, start, stop, "lo").ir()?.into_int_value();
        let nonempty = b.build_int_compare(SLT, lo, hi, "nonempty").ir()?;
        let dist = b.build_int_sub(hi, lo, "dist").ir()?;
        let dist1 = b.build_int_sub(dist, one, "dist1").ir()?;
        let neg_step = b.build_int_neg(step, "negstep").ir()?;
        let mag = b
            .build_select(up, step, neg_step, "mag")
            .ir()?
            .into_int_value();
        let q = b.build_int_unsigned_div(dist1, mag, "q").ir()?;
        let len = b.build_int_add(q, one, "len").ir()?;
        Ok(b.build_select(nonempty, len, i64t.const_zero(), "rangelen")
            .ir()?
            .into_int_value())
    }

    fn load_i64(
        &self,
        st: StructType<'ctx>,
        state: PointerValue<'ctx>,
        field: u32,
    ) -> R<(PointerValue<'ctx>, IntValue<'ctx>)> {
        let p = self.b.build_struct_gep(st, state, field, "field.p").ir()?;
        let v = self
            .b
            .build_load(self.cx().i64_type(), p, "field")
            .ir()?
            .into_int_value();
        Ok((p, v))
    }

    fn load_ptr(
        &self,
        st: StructType<'ctx>,
        state: PointerValue<'ctx>,
        field: u32,
    ) -> R<PointerValue<'ctx>> {
        let p = self.b.build_struct_gep(st, state, field, "inner.p").ir()?;
        Ok(self
            .b
            .build_load(self.ptr_type(), p, "inner")
            .ir()?
            .into_pointer_value())
    }

    /// Whether the iterator (of type `t`) has another item.
    pub fn iter_valid(&mut self, state: PointerValue<'ctx>, t: &Type) -> R<IntValue<'ctx>> {
        let i64t = self.cx().i64_type();
        match t {
            Type::FlatIter(a, _) => {
                let st = self.array_state_type(a);
                let arr = self.state_array(st, state, a)?;
                let (_, pos) = self.load_i64(st, state, 1)?;
                let size = self.array_size(arr, a)?;
                self.b
                    .build_int_compare(IntPredicate::SLT, pos, size, "valid")
                    .ir()
            }
            Type::NdIndexIter(n) => {
                let st = self.ndindex_state_type(*n);
                let (_, pos) = self.load_i64(st, state, 1)?;
                let (_, total) = self.load_i64(st, state, 2)?;
                self.b
                    .build_int_compare(IntPredicate::SLT, pos, total, "valid")
                    .ir()
            }
            Type::RangeIter => {
                let (_, left) = self.load_i64(self.range_state_type(), state, 1)?;
                self.b
                    .build_int_compare(IntPredicate::SGT, left, i64t.const_zero(), "valid")
                    .ir()
            }
            Type::TupleIter(item) => {
                let st = self.tuple_state_view(item);
                let (_, idx) = self.load_i64(st, state, 0)?;
                let (_, len) = self.load_i64(st, state, 1)?;
                self.b
                    .build_int_compare(IntPredicate::SLT, idx, len, "valid")
                    .ir()
            }
            Type::ArrayIter(a) => {
                let st = self.array_state_type(a);
                let arr = self.state_array(st, state, a)?;
                let (_, idx) = self.load_i64(st, state, 1)?;
                let len = self.array_shape(arr, 0)?;
                self.b
                    .build_int_compare(IntPredicate::SLT, idx, len, "valid")
                    .ir()
            }
            Type::EnumerateIter(inner) => {
                let st = self
                    .cx()
                    .struct_type(&[i64t.into(), self.ptr_type()], false);
                let inner_state = self.load_ptr(st, state, 1)?;
                self.iter_valid(inner_state, inner)
            }
            Type::ZipIter(inners) => {
                let fields: Vec<BasicTypeEnum> = inners.iter().map(|_| self.ptr_type()).collect();
                let st = self.cx().struct_type(&fields, false);
                let mut all = self.cx().bool_type().const_int(1, false);
                for (k, inner) in inners.iter().enumerate() {
                    let inner_state = self.load_ptr(st, state, k as u32)?;
                    let v = self.iter_valid(inner_state, inner)?;
                    all = self.b.build_and(all, v, "valid").ir()?;
                }
                Ok(all)
            }
            other => Err(Diagnostic::internal(format!("iter_valid of {other}"))),
        }
    }

    /// The iterator's next item (after `iter_valid` said yes), advancing it.
    pub fn iter_next(&mut self, state: PointerValue<'ctx>, t: &Type) -> R<BasicValueEnum<'ctx>> {
        let i64t = self.cx().i64_type();
        let one = i64t.const_int(1, false);
        match t {
            Type::FlatIter(a, memory_order) => {
                let st = self.array_state_type(a);
                let arr = self.state_array(st, state, a)?;
                let (pos_p, pos) = self.load_i64(st, state, 1)?;
                let idx = self.unravel(arr, a, pos, *memory_order)?;
                let value = self.array_load(arr, a, &idx)?;
                let next = self.b.build_int_add(pos, one, "next").ir()?;
                self.b.build_store(pos_p, next).ir()?;
                Ok(value)
            }
            Type::NdIndexIter(n) => self.ndindex_next(state, *n, t),
            Type::RangeIter => {
                let st = self.range_state_type();
                let (cur_p, cur) = self.load_i64(st, state, 0)?;
                let (left_p, left) = self.load_i64(st, state, 1)?;
                let (_, step) = self.load_i64(st, state, 2)?;
                let next = self.b.build_int_add(cur, step, "next").ir()?;
                self.b.build_store(cur_p, next).ir()?;
                let left = self.b.build_int_sub(left, one, "left").ir()?;
                self.b.build_store(left_p, left).ir()?;
                Ok(cur.into())
            }
            Type::TupleIter(item) => {
                let st = self.tuple_state_view(item);
                let (idx_p, idx) = self.load_i64(st, state, 0)?;
                let at = [
                    i64t.const_zero(),
                    self.cx().i32_type().const_int(2, false),
                    idx,
                ];
                let p = unsafe { self.b.build_in_bounds_gep(st, state, &at, "p") }.ir()?;
                let value = self.b.build_load(self.llvm_type(item), p, "item").ir()?;
                let next = self.b.build_int_add(idx, one, "next").ir()?;
                self.b.build_store(idx_p, next).ir()?;
                Ok(value)
            }
            Type::ArrayIter(a) => self.array_next(state, a),
            Type::EnumerateIter(inner) => {
                let st = self
                    .cx()
                    .struct_type(&[i64t.into(), self.ptr_type()], false);
                let (count_p, count) = self.load_i64(st, state, 0)?;
                let inner_state = self.load_ptr(st, state, 1)?;
                let item = self.iter_next(inner_state, inner)?;
                let next = self.b.build_int_add(count, one, "count").ir()?;
                self.b.build_store(count_p, next).ir()?;
                self.pair(&[count.into(), item], t)
            }
            Type::ZipIter(inners) => {
                let fields: Vec<BasicTypeEnum> = inners.iter().map(|_| self.ptr_type()).collect();
                let st = self.cx().struct_type(&fields, false);
                let mut items = Vec::new();
                for (k, inner) in inners.iter().enumerate() {
                    let inner_state = self.load_ptr(st, state, k as u32)?;
                    items.push(self.iter_next(inner_state, inner)?);
                }
                self.pair(&items, t)
            }
            other => Err(Diagnostic::internal(format!("iter_next of {other}"))),
        }
    }

    /// The tuple an `enumerate`/`zip` iterator yields.
    fn pair(&self, items: &[BasicValueEnum<'ctx>], iter_t: &Type) -> R<BasicValueEnum<'ctx>> {
        let item_t = oxjit_core::typeinfer::next_type(iter_t);
        let st = self.llvm_type(&item_t).into_struct_type();
        let mut agg = st.get_undef();
        for (k, v) in items.iter().enumerate() {
            agg = self
                .b
                .build_insert_value(agg, *v, k as u32, "item")
                .ir()?
                .into_struct_value();
        }
        Ok(agg.into())
    }

    /// The state of `np.ndindex(shape)`: the dimensions (negative ones counted as 0), the
    /// position, and the number of indices.
    fn ndindex_iter(&mut self, value: BasicValueEnum<'ctx>, n: u8) -> R<PointerValue<'ctx>> {
        let i64t = self.cx().i64_type();
        let st = self.ndindex_state_type(n);
        let slot = self.alloca(st.into(), "ndindex.iter")?;
        let shape = value.into_struct_value();
        let mut dims = i64t.array_type(n as u32).get_undef();
        let mut total = i64t.const_int(1, false);
        for k in 0..n as u32 {
            let d = self
                .b
                .build_extract_value(shape, k, "dim")
                .ir()?
                .into_int_value();
            dims = self
                .b
                .build_insert_value(dims, d, k, "dims")
                .ir()?
                .into_array_value();
            // A negative size counts as 0 (NumPy raises; nothing to iterate here).
            let neg = self
                .b
                .build_int_compare(IntPredicate::SLT, d, i64t.const_zero(), "neg")
                .ir()?;
            let d = self
                .b
                .build_select(neg, i64t.const_zero(), d, "d")
                .ir()?
                .into_int_value();
            total = self.b.build_int_mul(total, d, "total").ir()?;
        }
        let fields: [BasicValueEnum<'ctx>; 3] =
            [dims.into(), i64t.const_zero().into(), total.into()];
        for (i, v) in fields.into_iter().enumerate() {
            let p = self.b.build_struct_gep(st, slot, i as u32, "field").ir()?;
            self.b.build_store(p, v).ir()?;
        }
        Ok(slot)
    }

    /// The state of `iter(tuple)`: the position, the length, and the items in memory (so that
    /// a runtime position can index them).
    fn tuple_iter(&mut self, value: BasicValueEnum<'ctx>, items: &[Type]) -> R<PointerValue<'ctx>> {
        let i64t = self.cx().i64_type();
        let n = items.len() as u32;
        let item_t = items
            .first()
            .map(|t| self.llvm_type(t))
            .unwrap_or(self.cx().i8_type().into());
        let full = self.cx().struct_type(
            &[i64t.into(), i64t.into(), item_t.array_type(n).into()],
            false,
        );
        let slot = self.alloca(full.into(), "tuple.iter")?;
        let p = self.b.build_struct_gep(full, slot, 0, "idx").ir()?;
        self.b.build_store(p, i64t.const_zero()).ir()?;
        let p = self.b.build_struct_gep(full, slot, 1, "len").ir()?;
        self.b
            .build_store(p, i64t.const_int(n as u64, false))
            .ir()?;
        let tuple = value.into_struct_value();
        for k in 0..n {
            let item = self.b.build_extract_value(tuple, k, "it").ir()?;
            let idx = [
                i64t.const_zero(),
                self.cx().i32_type().const_int(2, false),
                i64t.const_int(k as u64, false),
            ];
            let p = unsafe { self.b.build_in_bounds_gep(full, slot, &idx, "p") }.ir()?;
            self.b.build_store(p, item).ir()?;
        }
        Ok(slot)
    }

    /// The next index of `np.ndindex`.
    fn ndindex_next(
        &mut self,
        state: PointerValue<'ctx>,
        n: u8,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let i64t = self.cx().i64_type();
        let one = i64t.const_int(1, false);
        // The position in C order, split into one index per dimension.
        let st = self.ndindex_state_type(n);
        let (pos_p, pos) = self.load_i64(st, state, 1)?;
        let dims_p = self.b.build_struct_gep(st, state, 0, "dims").ir()?;
        let dims = self
            .b
            .build_load(i64t.array_type(n as u32), dims_p, "dims")
            .ir()?
            .into_array_value();
        let mut rest = pos;
        let mut idx = vec![i64t.const_zero(); n as usize];
        for k in (0..n as usize).rev() {
            let d = self
                .b
                .build_extract_value(dims, k as u32, "d")
                .ir()?
                .into_int_value();
            idx[k] = self.b.build_int_signed_rem(rest, d, "i").ir()?;
            rest = self.b.build_int_signed_div(rest, d, "rest").ir()?;
        }
        let next = self.b.build_int_add(pos, one, "next").ir()?;
        self.b.build_store(pos_p, next).ir()?;
        let items: Vec<BasicValueEnum<'ctx>> = idx.into_iter().map(Into::into).collect();
        self.pair(&items, t)
    }

    /// The next item of `iter(array)`: an element of a 1-d array, a row (a view) of an n-d one.
    fn array_next(&mut self, state: PointerValue<'ctx>, a: &ArrayTy) -> R<BasicValueEnum<'ctx>> {
        let one = self.cx().i64_type().const_int(1, false);
        let st = self.array_state_type(a);
        let arr = self.state_array(st, state, a)?;
        let (idx_p, idx) = self.load_i64(st, state, 1)?;
        let value = match oxjit_core::typeinfer::row_type(a) {
            // A row of an n-d array: a view (its reference is taken after this).
            Some(row) => {
                let strides = self.array_strides(arr, a)?;
                let shape: Vec<IntValue<'ctx>> = (1..a.ndim as u32)
                    .map(|k| self.array_shape(arr, k))
                    .collect::<R<_>>()?;
                let offset = self.b.build_int_mul(idx, strides[0], "offset").ir()?;
                let data = ArrayValue(arr).data(&self.b)?;
                let data = unsafe {
                    self.b
                        .build_gep(self.cx().i8_type(), data, &[offset], "row")
                }
                .ir()?;
                self.view_of(arr, &row, data, &shape, &strides[1..])?.into()
            }
            None => self.array_load(arr, a, &[idx])?,
        };
        let next = self.b.build_int_add(idx, one, "next").ir()?;
        self.b.build_store(idx_p, next).ir()?;
        Ok(value)
    }
}
