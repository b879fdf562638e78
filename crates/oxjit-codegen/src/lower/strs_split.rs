//! `for w in s.split(sep, maxsplit)` where typing made the split lazy (`Type::StrSplitIter`,
//! `oxjit_core::passes::lazy_split`): the call makes the iterator's state instead of a list,
//! and each step asks the runtime for the next word (`oxjit-runtime/src/strs/split_iter.rs`,
//! whose `SplitIter` this state is).

use inkwell::types::StructType;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_abi::StrOp;

use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `{string, separator or null, next position, splits left, pending word, done}`.
    fn split_iter_state(&self) -> StructType<'ctx> {
        let cx = self.cx();
        let p = cx.ptr_type(AddressSpace::default());
        let i = cx.i64_type();
        cx.struct_type(
            &[p.into(), p.into(), i.into(), i.into(), p.into(), i.into()],
            false,
        )
    }

    /// The state of the words of `s.split(sep, maxsplit)` (`sep` null: white space), its first
    /// word made: an empty separator raises here, at the call, as the list's split does (inside
    /// a `try` body, the call is where the handler is looked for). The strings are borrowed:
    /// the loop keeps them alive.
    pub(crate) fn split_iter(
        &mut self,
        s: PointerValue<'ctx>,
        sep: PointerValue<'ctx>,
        maxsplit: IntValue<'ctx>,
    ) -> R<PointerValue<'ctx>> {
        let st = self.split_iter_state();
        let slot = self.alloca(st.into(), "split.iter")?;
        let zero = self.cx().i64_type().const_zero();
        let null = self.cx().ptr_type(AddressSpace::default()).const_null();
        let fields: [BasicValueEnum<'ctx>; 6] = [
            s.into(),
            sep.into(),
            zero.into(),
            maxsplit.into(),
            null.into(),
            zero.into(),
        ];
        for (k, v) in fields.into_iter().enumerate() {
            let p = self.b.build_struct_gep(st, slot, k as u32, "f").ir()?;
            self.b.build_store(p, v).ir()?;
        }
        self.split_iter_valid(slot)?;
        Ok(slot)
    }

    /// Whether another word comes (made and held by the state); raises what the runtime
    /// recorded (an empty separator, no memory).
    pub(crate) fn split_iter_valid(&mut self, state: PointerValue<'ctx>) -> R<IntValue<'ctx>> {
        let r = self
            .str_rt(StrOp::SplitIterValid, &[state.into()])?
            .into_int_value();
        let zero = r.get_type().const_zero();
        let ok = self
            .b
            .build_int_compare(IntPredicate::SGE, r, zero, "split.ok")
            .ir()?;
        self.str_raise_unless(ok)?;
        self.b
            .build_int_compare(IntPredicate::SGT, r, zero, "split.valid")
            .ir()
    }

    /// The word `split_iter_valid` made, a new reference.
    pub(crate) fn split_iter_next(&mut self, state: PointerValue<'ctx>) -> R<BasicValueEnum<'ctx>> {
        Ok(self.str_new(StrOp::SplitIterNext, &[state.into()])?.into())
    }
}
