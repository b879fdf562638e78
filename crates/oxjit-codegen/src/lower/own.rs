//! Arrays stored into containers. An array argument (or a view of one, or a global) carries a
//! borrowed meminfo, the ndarray object tagged, which generated code neither counts nor frees:
//! right while the call runs, wrong for a list or dict that outlives it (the caller may drop
//! the array). Before such a store, a tagged meminfo is exchanged for a block that owns a
//! reference to the object (`Callback::OwnBorrowed`), as Numba's unboxed arrays own theirs.

use inkwell::values::BasicValueEnum;
use inkwell::IntPredicate;
use oxjit_abi::{Callback, MEMINFO_PYOBJECT_TAG};
use oxjit_core::types::Type;

use super::refcount::is_ref;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `v` (of type `t`) with each borrowed array meminfo it holds made an owned block, for a
    /// store into a container (the store's incref then takes the container's reference).
    pub(crate) fn own_borrowed(
        &mut self,
        v: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        match t {
            Type::Array(_) | Type::Record(_) => {
                let sv = v.into_struct_value();
                let mi = self.b.build_extract_value(sv, 0, "mi").ir()?;
                let i64t = self.cx().i64_type();
                let bits = self
                    .b
                    .build_ptr_to_int(mi.into_pointer_value(), i64t, "bits")
                    .ir()?;
                let tag = i64t.const_int(MEMINFO_PYOBJECT_TAG as u64, false);
                let tagged = self.b.build_and(bits, tag, "tag").ir()?;
                let tagged = self
                    .b
                    .build_int_compare(IntPredicate::NE, tagged, i64t.const_zero(), "tagged")
                    .ir()?;
                let from = self.b.get_insert_block().expect("a block");
                let own_bb = self.cx().append_basic_block(self.f, "own");
                let done = self.cx().append_basic_block(self.f, "owned");
                self.b.build_conditional_branch(tagged, own_bb, done).ir()?;
                self.b.position_at_end(own_bb);
                let f = self.callback(Callback::OwnBorrowed);
                let owned = self
                    .b
                    .build_call(f, &[mi.into()], "owned")
                    .ir()?
                    .try_as_basic_value()
                    .basic()
                    .expect("a meminfo");
                let own_end = self.b.get_insert_block().expect("a block");
                self.b.build_unconditional_branch(done).ir()?;
                self.b.position_at_end(done);
                let phi = self.b.build_phi(mi.get_type(), "mi").ir()?;
                phi.add_incoming(&[(&mi, from), (&owned, own_end)]);
                Ok(self
                    .b
                    .build_insert_value(sv, phi.as_basic_value(), 0, "array")
                    .ir()?
                    .into_struct_value()
                    .into())
            }
            Type::Tuple(items) if items.iter().any(is_ref) => {
                let mut sv = v.into_struct_value();
                for (k, item) in items.iter().enumerate() {
                    if is_ref(item) {
                        let x = self.b.build_extract_value(sv, k as u32, "item").ir()?;
                        let x = self.own_borrowed(x, item)?;
                        sv = self
                            .b
                            .build_insert_value(sv, x, k as u32, "tuple")
                            .ir()?
                            .into_struct_value();
                    }
                }
                Ok(sv.into())
            }
            _ => Ok(v),
        }
    }
}
