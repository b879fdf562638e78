//! Looking up an int key in a dict or set inline: the runtime's probe (`oxjit-runtime/src/
//! dict.rs`: CPython's `i = (5 * i + perturb + 1) & mask`, `perturb >>= 5`) written out in the
//! generated code, so that `x in s` and `d[x]` of int keys make no call (the hot loops of
//! dedups and counts). Inserting stays the runtime's (it may resize the table).

use inkwell::values::{IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_core::types::{field_offsets, Type};

use super::{FnGen, Ir, R};

/// The words of the runtime's `DictHeader` read here.
const ENTRIES: u64 = 3;
const INDICES: u64 = 4;
const MASK: u64 = 5;
const ENTRY_SIZE: u64 = 6;
/// An empty slot of the index table (-2, a deleted one, is passed over like a used one).
const EMPTY: u64 = u64::MAX;
const PERTURB_SHIFT: u64 = 5;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The entry of the int `key` (of the dict's key type `k`, hash `hash`) in `d`, or -1.
    /// (Entries are `{hash, key, value}`: read through the entry size the header holds, so
    /// that sets and dicts of any value type share this.)
    pub(crate) fn dict_lookup_inline(
        &mut self,
        d: PointerValue<'ctx>,
        k: &Type,
        key: IntValue<'ctx>,
        hash: IntValue<'ctx>,
    ) -> R<IntValue<'ctx>> {
        let i64t = self.cx().i64_type();
        let key_off = field_offsets(&[Type::I64, k.clone()])[1] as u64;
        let p = self.header_word(d, ENTRIES)?;
        let entries = self.b.build_load(self.ptr_type(), p, "entries").ir()?;
        let entries = entries.into_pointer_value();
        let p = self.header_word(d, ENTRY_SIZE)?;
        let esize = self.b.build_load(i64t, p, "esize").ir()?.into_int_value();
        let p = self.header_word(d, INDICES)?;
        let indices = self.b.build_load(self.ptr_type(), p, "indices").ir()?;
        let indices = indices.into_pointer_value();
        let p = self.header_word(d, MASK)?;
        let mask = self.b.build_load(i64t, p, "mask").ir()?.into_int_value();
        let pre = self.b.get_insert_block().expect("positioned");
        let cx = self.cx();
        let head = cx.append_basic_block(self.f, "probe");
        let used = cx.append_basic_block(self.f, "probe.used");
        let check = cx.append_basic_block(self.f, "probe.entry");
        let next = cx.append_basic_block(self.f, "probe.next");
        let done = cx.append_basic_block(self.f, "probe.done");
        let slot0 = self.b.build_and(hash, mask, "slot").ir()?;
        self.b.build_unconditional_branch(head).ir()?;

        self.b.position_at_end(head);
        let slot = self.b.build_phi(i64t, "slot").ir()?;
        let perturb = self.b.build_phi(i64t, "perturb").ir()?;
        let (s, pt) = (
            slot.as_basic_value().into_int_value(),
            perturb.as_basic_value(),
        );
        // SAFETY: the slot is masked into the table.
        let ip = unsafe { self.b.build_gep(i64t, indices, &[s], "ixp") }.ir()?;
        let ix = self.b.build_load(i64t, ip, "ix").ir()?.into_int_value();
        let empty = i64t.const_int(EMPTY, true);
        let is_empty = self
            .b
            .build_int_compare(IntPredicate::EQ, ix, empty, "empty")
            .ir()?;
        self.b.build_conditional_branch(is_empty, done, used).ir()?;

        self.b.position_at_end(used);
        let zero = i64t.const_zero();
        let live = self
            .b
            .build_int_compare(IntPredicate::SGE, ix, zero, "live")
            .ir()?;
        self.b.build_conditional_branch(live, check, next).ir()?;

        self.b.position_at_end(check);
        let b = &self.b;
        let at = b.build_int_mul(ix, esize, "at").ir()?;
        let i8t = cx.i8_type();
        // SAFETY: `ix` is a live entry; its hash is its first word, its key at `key_off`.
        let hp = unsafe { b.build_gep(i8t, entries, &[at], "ehashp") }.ir()?;
        let eh = b.build_load(i64t, hp, "ehash").ir()?.into_int_value();
        let off = i64t.const_int(key_off, false);
        // SAFETY: as above.
        let kp = unsafe { b.build_gep(i8t, hp, &[off], "ekeyp") }.ir()?;
        let ek = b.build_load(key.get_type(), kp, "ekey").ir()?;
        let same_h = b
            .build_int_compare(IntPredicate::EQ, eh, hash, "sameh")
            .ir()?;
        let same_k = b
            .build_int_compare(IntPredicate::EQ, ek.into_int_value(), key, "samek")
            .ir()?;
        let same = b.build_and(same_h, same_k, "same").ir()?;
        b.build_conditional_branch(same, done, next).ir()?;

        self.b.position_at_end(next);
        let b = &self.b;
        let shift = i64t.const_int(PERTURB_SHIFT, false);
        let pt2 = b
            .build_right_shift(pt.into_int_value(), shift, false, "perturb")
            .ir()?;
        let five = b.build_int_mul(s, i64t.const_int(5, false), "x5").ir()?;
        let sum = b.build_int_add(five, pt2, "sum").ir()?;
        let sum = b
            .build_int_add(sum, i64t.const_int(1, false), "sum1")
            .ir()?;
        let s2 = b.build_and(sum, mask, "slot").ir()?;
        b.build_unconditional_branch(head).ir()?;
        slot.add_incoming(&[(&slot0, pre), (&s2, next)]);
        perturb.add_incoming(&[(&hash, pre), (&pt2, next)]);

        self.b.position_at_end(done);
        let r = self.b.build_phi(i64t, "found").ir()?;
        r.add_incoming(&[(&empty, head), (&ix, check)]);
        Ok(r.as_basic_value().into_int_value())
    }
}
