//! `bytes` in compiled code (`types/bytes.rs` in core): the value is the read-only 1-d
//! C-contiguous `uint8` array of its bytes, so `len`, `b[i]` (an `int`, CPython's IndexError),
//! `b[i:j]` (a fresh copy), `==` and iteration (`models/bytes.rs`) read that array; the
//! primitives `np._oxjit_bytes(a)` and `np._oxjit_bytes_view(b)` are their argument.

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::IntPredicate;
use oxjit_core::ir::Value;
use oxjit_core::types::{bytes_array, Type};

use super::bound::CallCx;
use super::{FnGen, Ir, R};
use crate::models::array::ArrayValue;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np._oxjit_bytes(a)` and `np._oxjit_bytes_view(b)`: the argument under the other type,
    /// with a reference of its own (the argument is borrowed).
    pub(super) fn lower_bytes_cast(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let v = c.args[0].v;
        self.incref(v, c.result)?;
        Ok(v)
    }

    /// The byte at `k` (an index already in range) as an `int`.
    fn byte_at(&self, b: StructValue<'ctx>, k: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let i8t = self.cx().i8_type();
        let data = ArrayValue(b).data(&self.b)?;
        // SAFETY: `k` is inside the bytes (the caller checked it).
        let p = unsafe { self.b.build_gep(i8t, data, &[k], "byte.p").ir()? };
        let byte = self.b.build_load(i8t, p, "byte").ir()?.into_int_value();
        self.b
            .build_int_z_extend(byte, self.cx().i64_type(), "int")
            .ir()
    }

    /// `b[i]` (an `int`; negative indices count from the end) and `b[i:j:k]` (new bytes).
    pub(super) fn bytes_getitem(&mut self, b: Value, index: Value) -> R<BasicValueEnum<'ctx>> {
        use IntPredicate::*;
        let bv = self.val(b).into_struct_value();
        let n = self.array_shape(bv, 0)?;
        if *self.ty(index) == Type::Slice {
            return self.bytes_slice(bv, index, n);
        }
        let it = self.ty(index).clone();
        let i = self
            .cast(self.val(index), &it, &Type::I64)?
            .into_int_value();
        let neg = self.b.build_int_compare(SLT, i, self.i64(0), "neg").ir()?;
        let wrapped = self.b.build_int_add(i, n, "wrapped").ir()?;
        let k = self
            .b
            .build_select(neg, wrapped, i, "k")
            .ir()?
            .into_int_value();
        // One unsigned compare: a still-negative index is a huge unsigned one.
        let ok = self.b.build_int_compare(ULT, k, n, "inside").ir()?;
        self.check(ok, "IndexError", "index out of range")?;
        Ok(self.byte_at(bv, k)?.into())
    }

    /// `b[start:stop:step]`: a new block with the chosen bytes.
    fn bytes_slice(
        &mut self,
        bv: StructValue<'ctx>,
        index: Value,
        n: IntValue<'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        let slice = self.val(index).into_struct_value();
        let (start, count, step) = self.slice_indices(slice, n)?;
        let out = self.new_array(&bytes_array(), &[count], false)?;
        let (src, dst) = (
            ArrayValue(bv).data(&self.b)?,
            ArrayValue(out).data(&self.b)?,
        );
        let i8t = self.cx().i8_type();
        self.for_each_index(&[count], &mut |g, idx| {
            let scaled = g.b.build_int_mul(idx[0], step, "off").ir()?;
            let from = g.b.build_int_add(start, scaled, "from").ir()?;
            // SAFETY: `slice_indices` keeps every position inside the bytes.
            let p = unsafe { g.b.build_gep(i8t, src, &[from], "src").ir()? };
            // SAFETY: `idx[0] < count`, inside the block just allocated.
            let q = unsafe { g.b.build_gep(i8t, dst, &[idx[0]], "dst").ir()? };
            let byte = g.b.build_load(i8t, p, "byte").ir()?;
            g.b.build_store(q, byte).ir()?;
            Ok(())
        })?;
        Ok(out.into())
    }

    /// `x == y` of two bytes: the same length and the same bytes.
    pub(crate) fn bytes_equal(
        &mut self,
        x: BasicValueEnum<'ctx>,
        y: BasicValueEnum<'ctx>,
    ) -> R<IntValue<'ctx>> {
        let (x, y) = (x.into_struct_value(), y.into_struct_value());
        let (nx, ny) = (self.array_shape(x, 0)?, self.array_shape(y, 0)?);
        let bool_t = self.cx().bool_type();
        let same = self.alloca(bool_t.into(), "bytes.eq")?;
        let same_len = self
            .b
            .build_int_compare(IntPredicate::EQ, nx, ny, "samelen")
            .ir()?;
        self.b.build_store(same, same_len).ir()?;
        // Over the shorter length (none where the lengths differ).
        let n = self
            .b
            .build_select(same_len, nx, self.i64(0), "n")
            .ir()?
            .into_int_value();
        self.for_each_index(&[n], &mut |g, idx| {
            let (a, b) = (g.byte_at(x, idx[0])?, g.byte_at(y, idx[0])?);
            let eq = g.b.build_int_compare(IntPredicate::EQ, a, b, "eq").ir()?;
            let so_far = g.b.build_load(bool_t, same, "sofar").ir()?.into_int_value();
            let both = g.b.build_and(so_far, eq, "both").ir()?;
            g.b.build_store(same, both).ir()?;
            Ok(())
        })?;
        Ok(self
            .b
            .build_load(bool_t, same, "same")
            .ir()?
            .into_int_value())
    }
}
