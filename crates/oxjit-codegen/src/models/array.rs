//! NumPy arrays' native form: the struct `{meminfo, data, shape[ndim], strides[ndim]}` (strides
//! in bytes). `ArrayValue` names its fields, so that code reads `arr.data(b)` rather than
//! `build_extract_value(arr, 1, "data")`; each accessor is the one `extractvalue` it replaces.
//!
//! For C- and F-contiguous arrays `strides` recomputes the strides from the shape, so that LLVM
//! sees unit steps and can vectorise; only layout `A` reads the stored strides.

use inkwell::builder::Builder;
use inkwell::types::StructType;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue, StructValue};
use oxjit_core::types::{size_align, ArrayTy, Layout};

use crate::lower::{Ir, R};

/// The field of the array struct holding the memory block's owner (a meminfo, or a tagged
/// ndarray for arrays from Python; null for a view of a block someone else owns).
pub(crate) const MEMINFO: u32 = 0;
/// The field holding the address of the first item.
pub(crate) const DATA: u32 = 1;
/// The field holding the `ndim` dimensions.
pub(crate) const SHAPE: u32 = 2;
/// The field holding the `ndim` byte strides.
pub(crate) const STRIDES: u32 = 3;

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
