//! NumPy arrays' native form: the struct `{meminfo, data, shape[ndim], strides[ndim]}` (strides
//! in bytes). `ArrayValue` names its fields, so that code reads `arr.data(b)` rather than
//! `build_extract_value(arr, 1, "data")`; each accessor is the one `extractvalue` it replaces.
//!
//! Iterating an array (its rows, or its items for 1-d) or `a.flat`/`np.nditer(a)` keeps the
//! state `{array, index}` (flat iterators also keep the multi-index of their position).
//!
//! For C- and F-contiguous arrays `strides` recomputes the strides from the shape, so that LLVM
//! sees unit steps and can vectorise; only layout `A` reads the stored strides.

use inkwell::builder::Builder;
use inkwell::types::{BasicTypeEnum, StructType};
use inkwell::values::{BasicValueEnum, IntValue, PointerValue, StructValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_core::ir::Const;
use oxjit_core::types::{size_align, ArrayTy, Layout, Type};

use super::state_iter::StateIterModel;
use super::TypeModel;
use crate::lower::{FnGen, Ir, ModuleGen, R};

/// The field of the array struct holding the memory block's owner (a meminfo, or a tagged
/// ndarray for arrays from Python; null for a view of a block someone else owns).
pub(crate) const MEMINFO: u32 = 0;
/// The field holding the address of the first item.
pub(crate) const DATA: u32 = 1;
/// The field holding the `ndim` dimensions.
pub(crate) const SHAPE: u32 = 2;
/// The field holding the `ndim` byte strides.
pub(crate) const STRIDES: u32 = 3;

/// Arrays, and `a.flat`/`np.nditer(a)` objects (the array itself).
pub(super) struct ArrayModel;

impl TypeModel for ArrayModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, t: &Type) -> BasicTypeEnum<'ctx> {
        let (Type::Array(a) | Type::Flat(a, _)) = t else {
            unreachable!("{t} is not an array")
        };
        m.array_struct_type(a).into()
    }

    /// An array from Python seen as a constant (a global): its addresses baked into the code.
    fn constant<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        c: &Const,
        t: &Type,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        let (Const::Array(a), Type::Array(_)) = (c, t) else {
            return Ok(None);
        };
        let cx = g.cx();
        let i64t = cx.i64_type();
        let ptr = cx.ptr_type(AddressSpace::default());
        let (object, data) = if g.m.opts.relocatable_arrays {
            array_symbols(g, a.object)
        } else {
            // The meminfo of an array from Python is the ndarray, tagged (see the runtime's nrt).
            let object = i64t
                .const_int(a.object as u64 | 1, false)
                .const_to_pointer(ptr);
            (
                object,
                i64t.const_int(a.data as u64, false).const_to_pointer(ptr),
            )
        };
        let dims = |v: &[i64]| {
            i64t.const_array(
                &v.iter()
                    .map(|x| i64t.const_int(*x as u64, true))
                    .collect::<Vec<_>>(),
            )
        };
        let fields = [
            object.into(),
            data.into(),
            dims(&a.shape).into(),
            dims(&a.strides).into(),
        ];
        Ok(Some(cx.const_struct(&fields, false).into()))
    }

    /// `iter(a)` and `iter(a.flat)`: the array and a position.
    fn make_iter<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        value: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<PointerValue<'ctx>> {
        let (Type::Array(a) | Type::Flat(a, _)) = t else {
            unreachable!("{t} is not an array")
        };
        let st = match t {
            Type::Flat(..) => g.flat_state_type(a),
            _ => g.array_state_type(a),
        };
        let slot = g.alloca(st.into(), "array.iter")?;
        let p = g.b.build_struct_gep(st, slot, 0, "arr").ir()?;
        g.b.build_store(p, value).ir()?;
        for field in 1..st.count_fields() {
            let p = g.b.build_struct_gep(st, slot, field, "idx").ir()?;
            let zero = st
                .get_field_type_at_index(field)
                .expect("a field")
                .const_zero();
            g.b.build_store(p, zero).ir()?;
        }
        Ok(slot)
    }
}

/// The tagged ndarray and data addresses of the global array `object` as two external symbols
/// (`crate::array_symbols`), declared `[0 x i8]` (a size the optimiser cannot assume, as C's
/// `extern char a[]`); the JIT defines them at the right addresses.
fn array_symbols<'ctx>(
    g: &FnGen<'_, 'ctx>,
    object: usize,
) -> (PointerValue<'ctx>, PointerValue<'ctx>) {
    let opaque = g.cx().i8_type().array_type(0);
    let symbol = |suffix: &str| {
        let name = format!("{}{object:x}.{suffix}", crate::ARRAY_SYMBOL_PREFIX);
        let global =
            g.m.module
                .get_global(&name)
                .unwrap_or_else(|| g.m.module.add_global(opaque, None, &name));
        global.as_pointer_value()
    };
    (symbol("object"), symbol("data"))
}

/// The iterator of an array: its rows (a view each), or its items for 1-d arrays.
pub(super) static ARRAY_ITER: StateIterModel = StateIterModel {
    valid: |g, state, t| {
        let Type::ArrayIter(a) = t else {
            unreachable!("{t} is not an array iterator")
        };
        let st = g.array_state_type(a);
        let arr = g.state_array(st, state, a)?;
        let (_, idx) = g.load_i64(st, state, 1)?;
        let len = g.array_shape(arr, 0)?;
        g.b.build_int_compare(IntPredicate::SLT, idx, len, "valid")
            .ir()
    },
    next: |g, state, t| {
        let Type::ArrayIter(a) = t else {
            unreachable!("{t} is not an array iterator")
        };
        g.array_next(state, a)
    },
};

/// The iterator of `a.flat` (C order) or `np.nditer(a)` (memory order): every item.
pub(super) static FLAT_ITER: StateIterModel = StateIterModel {
    valid: |g, state, t| {
        let Type::FlatIter(a, _) = t else {
            unreachable!("{t} is not a flat iterator")
        };
        let st = g.flat_state_type(a);
        let arr = g.state_array(st, state, a)?;
        let (_, pos) = g.load_i64(st, state, 1)?;
        let size = g.array_size(arr, a)?;
        g.b.build_int_compare(IntPredicate::SLT, pos, size, "valid")
            .ir()
    },
    next: |g, state, t| {
        let Type::FlatIter(a, memory_order) = t else {
            unreachable!("{t} is not a flat iterator")
        };
        let st = g.flat_state_type(a);
        let arr = g.state_array(st, state, a)?;
        let (pos_p, pos) = g.load_i64(st, state, 1)?;
        let p = g.flat_iter_ptr(st, state, arr, a, pos, *memory_order)?;
        let value = g.array_item_at(arr, a, p)?;
        g.step_index(pos_p, pos)?;
        Ok(value)
    },
};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub(super) fn array_state_type(&self, a: &oxjit_core::types::ArrayTy) -> StructType<'ctx> {
        self.cx().struct_type(
            &[
                self.m.array_struct_type(a).into(),
                self.cx().i64_type().into(),
            ],
            false,
        )
    }

    /// The state of a flat iterator (`a.flat`, `np.nditer`): the array, the position, and
    /// for arrays walked through their strides the position's C-order indices and (in memory
    /// order, 2-d) its F-order ones, advanced by one at each step (as Numba's iterators do)
    /// rather than divided out of the position.
    fn flat_state_type(&self, a: &oxjit_core::types::ArrayTy) -> StructType<'ctx> {
        let i64t = self.cx().i64_type();
        let n = a.ndim.max(1) as u32;
        self.cx().struct_type(
            &[
                self.m.array_struct_type(a).into(),
                i64t.into(),
                i64t.array_type(n).into(),
                i64t.array_type(2).into(),
            ],
            false,
        )
    }

    /// The address of a flat iterator's item at `pos`: `pos` items past the data where the
    /// array is contiguous in the walk's order, else from the indices the state keeps (which
    /// it then advances).
    fn flat_iter_ptr(
        &mut self,
        st: StructType<'ctx>,
        state: PointerValue<'ctx>,
        arr: StructValue<'ctx>,
        a: &ArrayTy,
        pos: IntValue<'ctx>,
        memory_order: bool,
    ) -> R<PointerValue<'ctx>> {
        if crate::lower::flat_is_linear(a, memory_order) {
            return self.linear_item_ptr(arr, a, pos);
        }
        let contiguous = self.runtime_contiguous(arr, a, memory_order)?;
        self.branch_ptr(
            contiguous,
            &mut |g: &mut Self| g.linear_item_ptr(arr, a, pos),
            &mut |g: &mut Self| g.odometer_ptr(st, state, arr, a, memory_order),
        )
    }

    /// The item's address from the indices a flat iterator's state keeps, which are then
    /// advanced to the next item.
    fn odometer_ptr(
        &mut self,
        st: StructType<'ctx>,
        state: PointerValue<'ctx>,
        arr: StructValue<'ctx>,
        a: &ArrayTy,
        memory_order: bool,
    ) -> R<PointerValue<'ctx>> {
        let n = a.ndim as usize;
        let i64t = self.cx().i64_type();
        let load =
            |g: &Self, field: u32, len: u32| -> R<(PointerValue<'ctx>, Vec<IntValue<'ctx>>)> {
                let p = g.b.build_struct_gep(st, state, field, "idx").ir()?;
                let v =
                    g.b.build_load(i64t.array_type(len), p, "idx")
                        .ir()?
                        .into_array_value();
                let items = (0..len)
                    .map(|k| Ok(g.b.build_extract_value(v, k, "i").ir()?.into_int_value()))
                    .collect::<R<Vec<_>>>()?;
                Ok((p, items))
            };
        let store = |g: &Self, p: PointerValue<'ctx>, items: &[IntValue<'ctx>]| -> R<()> {
            let mut v = i64t.array_type(items.len() as u32).get_undef();
            for (k, x) in items.iter().enumerate() {
                v =
                    g.b.build_insert_value(v, *x, k as u32, "idx")
                        .ir()?
                        .into_array_value();
            }
            g.b.build_store(p, v).ir()?;
            Ok(())
        };
        let shape = self.shape_values(arr, a)?;
        let c_order: Vec<usize> = (0..n).rev().collect();
        let (c_p, c_idx) = load(self, 2, n as u32)?;
        let f_state = if memory_order && n == 2 {
            Some(load(self, 3, 2)?)
        } else {
            None
        };
        let idx = if memory_order {
            let f_idx = f_state.as_ref().map(|(_, f)| f.clone());
            self.memory_order_indices(arr, a, c_idx.clone(), f_idx)?
        } else {
            c_idx.clone()
        };
        let p = self.element_ptr(arr, a, &idx)?;
        let next = self.advance_indices(&c_idx, &shape, &c_order)?;
        store(self, c_p, &next)?;
        if let Some((f_p, f_idx)) = f_state {
            let next = self.advance_indices(&f_idx, &shape, &[0, 1])?;
            store(self, f_p, &next)?;
        }
        Ok(p)
    }

    /// The array an array (or flat) iterator's state holds.
    pub(super) fn state_array(
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

    /// The next item of `iter(array)`: an element of a 1-d array, a row (a view) of an n-d one.
    pub(super) fn array_next(
        &mut self,
        state: PointerValue<'ctx>,
        a: &ArrayTy,
    ) -> R<BasicValueEnum<'ctx>> {
        let one = self.cx().i64_type().const_int(1, false);
        let st = self.array_state_type(a);
        let arr = self.state_array(st, state, a)?;
        let (idx_p, idx) = self.load_i64(st, state, 1)?;
        let value = match oxjit_core::types::row_type(a) {
            // A row of an n-d array: a view (its reference is taken after this).
            Some(row) => {
                let strides = self.array_strides(arr, a)?;
                let shape: Vec<IntValue<'ctx>> = (1..a.ndim as u32)
                    .map(|k| self.array_shape(arr, k))
                    .collect::<R<_>>()?;
                let offset = self.b.build_int_mul(idx, strides[0], "offset").ir()?;
                let data = ArrayValue(arr).data(&self.b)?;
                // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): the
                // offset of row `idx` (below the length) of the array: inside its data.
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

impl<'ctx> ModuleGen<'ctx> {
    /// The struct of an array of type `a`: `{meminfo, data, [ndim x i64], [ndim x i64]}`.
    pub fn array_struct_type(&self, a: &ArrayTy) -> StructType<'ctx> {
        let ptr = self.cx.ptr_type(AddressSpace::default());
        let dims = self.cx.i64_type().array_type(a.ndim as u32);
        self.cx
            .struct_type(&[ptr.into(), ptr.into(), dims.into(), dims.into()], false)
    }
}

/// An array value in its native form.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ArrayValue<'ctx>(pub StructValue<'ctx>);

impl<'ctx> From<ArrayValue<'ctx>> for BasicValueEnum<'ctx> {
    fn from(a: ArrayValue<'ctx>) -> Self {
        a.0.into()
    }
}

impl<'ctx> ArrayValue<'ctx> {
    /// The owner of the memory block (what reference counting takes and gives back).
    pub fn meminfo(self, b: &Builder<'ctx>) -> R<BasicValueEnum<'ctx>> {
        b.build_extract_value(self.0, MEMINFO, "meminfo").ir()
    }

    /// The address of the first item.
    pub fn data(self, b: &Builder<'ctx>) -> R<PointerValue<'ctx>> {
        Ok(b.build_extract_value(self.0, DATA, "data")
            .ir()?
            .into_pointer_value())
    }

    fn dim(self, b: &Builder<'ctx>, field: u32, k: u32) -> R<IntValue<'ctx>> {
        let dims = b
            .build_extract_value(self.0, field, "dims")
            .ir()?
            .into_array_value();
        Ok(b.build_extract_value(dims, k, "dim").ir()?.into_int_value())
    }

    /// The size of dimension `k`.
    pub fn shape(self, b: &Builder<'ctx>, k: u32) -> R<IntValue<'ctx>> {
        self.dim(b, SHAPE, k)
    }

    /// The stride of dimension `k` as stored (what NumPy sees; see `strides` for indexing).
    pub fn stored_stride(self, b: &Builder<'ctx>, k: u32) -> R<IntValue<'ctx>> {
        self.dim(b, STRIDES, k)
    }

    /// The byte size of one item of an array of type `a`.
    pub fn itemsize(self, a: &ArrayTy) -> IntValue<'ctx> {
        let i64t = self.0.get_type().get_context().i64_type();
        i64t.const_int(size_align(&a.dtype).0 as u64, false)
    }

    /// The byte strides of every dimension, as indexing uses them: for C and F arrays computed
    /// from the shape (LLVM then sees unit steps), for layout A the stored ones.
    pub fn strides(self, b: &Builder<'ctx>, a: &ArrayTy) -> R<Vec<IntValue<'ctx>>> {
        let nd = a.ndim as u32;
        let mut strides = vec![self.itemsize(a); nd as usize];
        match a.layout {
            Layout::A => {
                for k in 0..nd {
                    strides[k as usize] = self.stored_stride(b, k)?;
                }
            }
            Layout::C => {
                for k in (0..nd.saturating_sub(1)).rev() {
                    let next = self.shape(b, k + 1)?;
                    strides[k as usize] = b
                        .build_int_nsw_mul(strides[k as usize + 1], next, "stride")
                        .ir()?;
                }
            }
            Layout::F => {
                for k in 1..nd {
                    let prev = self.shape(b, k - 1)?;
                    strides[k as usize] = b
                        .build_int_nsw_mul(strides[k as usize - 1], prev, "stride")
                        .ir()?;
                }
            }
        }
        Ok(strides)
    }

    /// An array value of struct type `st` from its fields.
    pub fn build(
        b: &Builder<'ctx>,
        st: StructType<'ctx>,
        meminfo: BasicValueEnum<'ctx>,
        data: BasicValueEnum<'ctx>,
        shape: &[IntValue<'ctx>],
        strides: &[IntValue<'ctx>],
    ) -> R<ArrayValue<'ctx>> {
        let i64t = st.get_context().i64_type();
        let dims = |values: &[IntValue<'ctx>]| -> R<BasicValueEnum<'ctx>> {
            let mut agg = i64t.array_type(values.len() as u32).get_undef();
            for (k, v) in values.iter().enumerate() {
                agg = b
                    .build_insert_value(agg, *v, k as u32, "dim")
                    .ir()?
                    .into_array_value();
            }
            Ok(agg.into())
        };
        let fields = [meminfo, data, dims(shape)?, dims(strides)?];
        let mut out = st.get_undef();
        for (k, v) in fields.into_iter().enumerate() {
            out = b
                .build_insert_value(out, v, k as u32, "array")
                .ir()?
                .into_struct_value();
        }
        Ok(ArrayValue(out))
    }

    /// A view of this array's memory (the same block owner) of struct type `st`: its items
    /// from `data` on, with the given shape and strides.
    pub fn view(
        self,
        b: &Builder<'ctx>,
        st: StructType<'ctx>,
        data: PointerValue<'ctx>,
        shape: &[IntValue<'ctx>],
        strides: &[IntValue<'ctx>],
    ) -> R<ArrayValue<'ctx>> {
        let meminfo = self.meminfo(b)?;
        Self::build(b, st, meminfo, data.into(), shape, strides)
    }
}
