//! Iteration (the Numba IR specification's third option: `Iter`, then `IterValid`/`IterNext` in the
//! loop header and body). An iterator is a pointer to its state in an entry-block alloca, so that
//! SROA turns it into registers. Each kind's model makes and advances its own iterators
//! (`models/range.rs`: `{next, items left, step}`; `models/tuple.rs`: `{index, length, [items]}`;
//! `models/array.rs`: `{array, index}`; `models/iter.rs`: `enumerate`, `zip`, `np.ndindex`); this
//! file is the protocol and the helpers the states share.

use inkwell::types::{BasicTypeEnum, StructType};
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::AddressSpace;
use oxjit_core::types::Type;

use super::{FnGen, Ir, R};
use crate::models::model_of;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `iter(value)` for an iterable of type `t`: a pointer to a fresh state.
    pub fn make_iter(&mut self, value: BasicValueEnum<'ctx>, t: &Type) -> R<PointerValue<'ctx>> {
        if oxjit_core::types::is_iterator(t) {
            // `iter(it)` (and a `for` loop over `it`) of an iterator is the iterator itself:
            // the same state, so the loop continues where `next()` left it.
            return Ok(value.into_pointer_value());
        }
        model_of(t).make_iter(self, value, t)
    }

    /// Whether the iterator (of type `t`) has another item.
    pub fn iter_valid(&mut self, state: PointerValue<'ctx>, t: &Type) -> R<IntValue<'ctx>> {
        model_of(t).iter_valid(self, state, t)
    }

    /// The iterator's next item (after `iter_valid` said yes), advancing it.
    pub fn iter_next(&mut self, state: PointerValue<'ctx>, t: &Type) -> R<BasicValueEnum<'ctx>> {
        model_of(t).iter_next(self, state, t)
    }

    pub(crate) fn ptr_type(&self) -> BasicTypeEnum<'ctx> {
        self.cx().ptr_type(AddressSpace::default()).into()
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

    /// A slice's start, stop and step, a missing step read as 1 (a missing start or stop stays
    /// `i64::MIN`: `slice_indices` and the runtime's string slicing read it as None).
    pub fn slice_triple(&self, v: inkwell::values::StructValue<'ctx>) -> R<[IntValue<'ctx>; 3]> {
        let [start, stop, step] = self.int_triple(v)?;
        let i64t = self.cx().i64_type();
        let missing = self
            .b
            .build_int_compare(
                inkwell::IntPredicate::EQ,
                step,
                i64t.const_int(i64::MIN as u64, true),
                "nostep",
            )
            .ir()?;
        let step = self
            .b
            .build_select(missing, i64t.const_int(1, false), step, "step")
            .ir()?
            .into_int_value();
        Ok([start, stop, step])
    }

    pub(crate) fn load_i64(
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

    pub(crate) fn load_ptr(
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

    /// A fresh state of type `st` holding `value` (the container) and index 0 in its first two
    /// fields: how the iterators of lists, dicts and strings start (any further field is the
    /// caller's to fill).
    pub(crate) fn start_indexed_state(
        &self,
        st: StructType<'ctx>,
        value: BasicValueEnum<'ctx>,
        name: &str,
    ) -> R<PointerValue<'ctx>> {
        let state = self.alloca(st.into(), name)?;
        let value_p = self.b.build_struct_gep(st, state, 0, "value.p").ir()?;
        self.b.build_store(value_p, value).ir()?;
        let idx_p = self.b.build_struct_gep(st, state, 1, "idx.p").ir()?;
        self.b.build_store(idx_p, self.i64(0)).ir()?;
        Ok(state)
    }

    /// Stores `idx + 1` at `idx_p`: an iterator's index stepped past the item it yields.
    pub(crate) fn step_index(&self, idx_p: PointerValue<'ctx>, idx: IntValue<'ctx>) -> R<()> {
        let next = self.b.build_int_add(idx, self.i64(1), "next").ir()?;
        self.b.build_store(idx_p, next).ir()?;
        Ok(())
    }

    /// The tuple an `enumerate`/`zip` iterator yields.
    pub(crate) fn pair(
        &self,
        items: &[BasicValueEnum<'ctx>],
        iter_t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let item_t = oxjit_core::types::next_type(iter_t);
        self.struct_of(&item_t, items.iter().copied(), "item")
    }
}
