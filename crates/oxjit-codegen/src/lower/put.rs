//! `np.put(a, ind, v)` and `a.put(ind, v)` (core's `registry/put.rs` types them): NumPy's
//! `PyArray_PutTo` with `mode='raise'`.

use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;
use oxjit_core::types::Type;

use super::bound::{Arg, CallCx};
use super::{FnGen, Ir, R};

const OUT_OF_BOUNDS: &str = "index {0} is out of bounds for axis 0 with size {1}";

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.put(a, ind, v)`: for each index `ind[i]` (C order; negative from the end), item
    /// `v[i % len(v)]` cast to `a`'s dtype goes to `a.flat[ind[i]]`. As NumPy's: nothing is
    /// done for an empty `v`; a non-empty `ind` into an empty `a` is an `IndexError`; an index
    /// out of bounds raises after the items before it were written where `a` is C-contiguous
    /// (NumPy writes into `a` itself), and before any write otherwise (NumPy writes into a copy
    /// that it then discards).
    pub(super) fn lower_put(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (a, at) = self.array_arg(&c.args[0]);
        let size = self.array_size(a, &at)?;
        let ni = self.count_of(&c.args[1])?;
        let nv = self.count_of(&c.args[2])?;
        let has = self
            .b
            .build_int_compare(IntPredicate::NE, size, self.i64(0), "has")
            .ir()?;
        let none = self
            .b
            .build_int_compare(IntPredicate::EQ, ni, self.i64(0), "none")
            .ir()?;
        let ok = self.b.build_or(has, none, "ok").ir()?;
        self.check(
            ok,
            "IndexError",
            "cannot replace elements of an empty array",
        )?;
        let some_v = self
            .b
            .build_int_compare(IntPredicate::SGT, nv, self.i64(0), "somev")
            .ir()?;
        let work = self.cx().append_basic_block(self.f, "put.work");
        let done = self.cx().append_basic_block(self.f, "put.done");
        self.b.build_conditional_branch(some_v, work, done).ir()?;
        self.b.position_at_end(work);
        // Strided arrays: every index checked before the first write.
        let contiguous = self.is_c_contiguous(a, &at)?;
        let first = self.i64(0);
        let checks = self
            .b
            .build_select(contiguous, first, ni, "checks")
            .ir()?
            .into_int_value();
        self.for_each_index(&[checks], &mut |s: &mut Self, i: &[IntValue<'ctx>]| {
            let j = s.put_index(&c.args[1], i[0])?;
            s.checked_index_with(j, size, OUT_OF_BOUNDS)?;
            Ok(())
        })?;
        let dtype = at.dtype.clone();
        self.for_each_index(&[ni], &mut |s: &mut Self, i: &[IntValue<'ctx>]| {
            let j = s.put_index(&c.args[1], i[0])?;
            let j = s.checked_index_with(j, size, OUT_OF_BOUNDS)?;
            let k = s.b.build_int_signed_rem(i[0], nv, "k").ir()?;
            let (x, xt) = s.put_value(&c.args[2], k)?;
            let x = s.numpy_cast(x, &xt, &dtype)?;
            let idx = s.unravel(a, &at, j, false)?;
            let p = s.element_ptr(a, &at, &idx)?;
            s.b.build_store(p, x).ir()?;
            Ok(())
        })?;
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        Ok(self.cx().i8_type().const_zero().into())
    }

    /// How many items an argument holds: an array's size, 1 for a number.
    fn count_of(&mut self, arg: &Arg<'ctx>) -> R<IntValue<'ctx>> {
        match &arg.t {
            Type::Array(t) => self.array_size(arg.v.into_struct_value(), t),
            _ => Ok(self.i64(1)),
        }
    }

    /// Index `i` of `ind` flattened in C order, as `intp`.
    fn put_index(&mut self, ind: &Arg<'ctx>, i: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let (x, t) = self.put_value(ind, i)?;
        Ok(self.cast(x, &t, &Type::I64)?.into_int_value())
    }

    /// Item `k` of an argument flattened in C order (a number is its only item), with its type.
    fn put_value(&mut self, arg: &Arg<'ctx>, k: IntValue<'ctx>) -> R<(BasicValueEnum<'ctx>, Type)> {
        match &arg.t {
            Type::Array(t) => {
                let arr = arg.v.into_struct_value();
                let idx = self.unravel(arr, t, k, false)?;
                Ok((self.array_load(arr, t, &idx)?, t.dtype.clone()))
            }
            t => Ok((arg.v, t.clone())),
        }
    }
}
