//! NumPy arrays: the native form `{meminfo, data, shape[ndim], strides[ndim]}` (strides in
//! bytes), element addresses, loads and stores, attributes and iteration over 1-d arrays.
//!
//! For C- and F-contiguous arrays the strides are recomputed from the shape, so that LLVM sees
//! unit steps and can vectorise; only layout `A` reads the strides.

use inkwell::types::{BasicTypeEnum, StructType};
use inkwell::values::{BasicValueEnum, IntValue, PointerValue, StructValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_core::ir::Value;
use oxjit_core::types::{size_align, ArrayTy, Layout, Type};

use super::{FnGen, Ir, ModuleGen, R};

impl<'ctx> ModuleGen<'ctx> {
    pub fn array_struct_type(&self, a: &ArrayTy) -> StructType<'ctx> {
        let ptr = self.cx.ptr_type(AddressSpace::default());
        let dims = self.cx.i64_type().array_type(a.ndim as u32);
        self.cx
            .struct_type(&[ptr.into(), ptr.into(), dims.into(), dims.into()], false)
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    fn dim(&self, arr: StructValue<'ctx>, field: u32, k: u32) -> R<IntValue<'ctx>> {
        let dims = self
            .b
            .build_extract_value(arr, field, "dims")
            .ir()?
            .into_array_value();
        Ok(self
            .b
            .build_extract_value(dims, k, "dim")
            .ir()?
            .into_int_value())
    }

    pub fn array_shape(&self, arr: StructValue<'ctx>, k: u32) -> R<IntValue<'ctx>> {
        self.dim(arr, 2, k)
    }

    /// The byte strides of every dimension.
    fn array_strides(&self, arr: StructValue<'ctx>, a: &ArrayTy) -> R<Vec<IntValue<'ctx>>> {
        let i64t = self.cx().i64_type();
        let nd = a.ndim as u32;
        let itemsize = i64t.const_int(size_align(&a.dtype).0 as u64, false);
        let mut strides = vec![itemsize; nd as usize];
        match a.layout {
            Layout::A => {
                for k in 0..nd {
                    strides[k as usize] = self.dim(arr, 3, k)?;
                }
            }
            Layout::C => {
                for k in (0..nd.saturating_sub(1)).rev() {
                    let next = self.array_shape(arr, k + 1)?;
                    strides[k as usize] = self
                        .b
                        .build_int_nsw_mul(strides[k as usize + 1], next, "stride")
                        .ir()?;
                }
            }
            Layout::F => {
                for k in 1..nd {
                    let prev = self.array_shape(arr, k - 1)?;
                    strides[k as usize] = self
                        .b
                        .build_int_nsw_mul(strides[k as usize - 1], prev, "stride")
                        .ir()?;
                }
            }
        }
        Ok(strides)
    }

    /// The index values of a subscript: one integer, or a tuple of them.
    fn index_values(&self, index: Value) -> R<Vec<IntValue<'ctx>>> {
        let t = self.ty(index).clone();
        let v = self.val(index);
        match &t {
            Type::Tuple(items) => {
                let mut out = Vec::new();
                for (k, it) in items.iter().enumerate() {
                    let x = self
                        .b
                        .build_extract_value(v.into_struct_value(), k as u32, "idx")
                        .ir()?;
                    out.push(self.cast(x, it, &Type::I64)?.into_int_value());
                }
                Ok(out)
            }
            _ => Ok(vec![self.cast(v, &t, &Type::I64)?.into_int_value()]),
        }
    }

    /// The address of `arr[indices]`; negative indices count from the end, as in NumPy.
    fn element_ptr(
        &self,
        arr: StructValue<'ctx>,
        a: &ArrayTy,
        indices: &[IntValue<'ctx>],
    ) -> R<PointerValue<'ctx>> {
        let i64t = self.cx().i64_type();
        let strides = self.array_strides(arr, a)?;
        let mut offset = i64t.const_zero();
        for (k, idx) in indices.iter().enumerate() {
            let shape = self.array_shape(arr, k as u32)?;
            let neg = self
                .b
                .build_int_compare(IntPredicate::SLT, *idx, i64t.const_zero(), "neg")
                .ir()?;
            let wrapped = self.b.build_int_add(*idx, shape, "wrapped").ir()?;
            let idx = self
                .b
                .build_select(neg, wrapped, *idx, "i")
                .ir()?
                .into_int_value();
            let term = self.b.build_int_nsw_mul(idx, strides[k], "term").ir()?;
            offset = self.b.build_int_nsw_add(offset, term, "offset").ir()?;
        }
        let data = self
            .b
            .build_extract_value(arr, 1, "data")
            .ir()?
            .into_pointer_value();
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
        let i64t = self.cx().i64_type();
        for (k, idx) in indices.iter().enumerate() {
            let shape = self.array_shape(arr, k as u32)?;
            let neg = self
                .b
                .build_int_compare(IntPredicate::SLT, *idx, i64t.const_zero(), "neg")
                .ir()?;
            let wrapped = self.b.build_int_add(*idx, shape, "wrapped").ir()?;
            let i = self
                .b
                .build_select(neg, wrapped, *idx, "i")
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
                [*idx, axis, shape],
            )?;
            self.b.position_at_end(cont);
        }
        Ok(())
    }

    pub fn array_getitem(&mut self, a: Value, index: Value) -> R<BasicValueEnum<'ctx>> {
        let at = self.array_type_of(a);
        let indices = self.index_values(index)?;
        self.check_bounds(self.val(a).into_struct_value(), &indices)?;
        self.array_load(self.val(a).into_struct_value(), &at, &indices)
    }

    /// `arr[indices]` (one index per dimension).
    pub fn array_load(
        &self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        indices: &[IntValue<'ctx>],
    ) -> R<BasicValueEnum<'ctx>> {
        let p = self.element_ptr(arr, at, indices)?;
        let elem_t: BasicTypeEnum = self.llvm_type(&at.dtype);
        self.b.build_load(elem_t, p, "elem").ir()
    }

    pub fn array_setitem(&mut self, a: Value, index: Value, x: Value) -> R<()> {
        let at = self.array_type_of(a);
        let indices = self.index_values(index)?;
        self.check_bounds(self.val(a).into_struct_value(), &indices)?;
        let p = self.element_ptr(self.val(a).into_struct_value(), &at, &indices)?;
        let value = self.cast(self.val(x), &self.ty(x).clone(), &at.dtype)?;
        self.b.build_store(p, value).ir()?;
        Ok(())
    }

    pub fn array_attribute(&mut self, a: Value, name: &str, t: &Type) -> R<BasicValueEnum<'ctx>> {
        let at = self.array_type_of(a);
        let arr = self.val(a).into_struct_value();
        let i64t = self.cx().i64_type();
        let nd = at.ndim as u32;
        match name {
            "shape" | "strides" => {
                let values = if name == "shape" {
                    (0..nd)
                        .map(|k| self.array_shape(arr, k))
                        .collect::<R<Vec<_>>>()?
                } else {
                    self.array_strides(arr, &at)?
                };
                let st = self.llvm_type(t).into_struct_type();
                let mut agg = st.get_undef();
                for (k, v) in values.into_iter().enumerate() {
                    agg = self
                        .b
                        .build_insert_value(agg, v, k as u32, "dims")
                        .ir()?
                        .into_struct_value();
                }
                Ok(agg.into())
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
            _ => Err(self.err(format!("the array attribute '{name}' is not supported yet"))),
        }
    }
}
