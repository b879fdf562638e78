//! Sets on the runtime's CPython set table (`oxjit-runtime/src/settable.rs`): a new set, the
//! lookup of an int item written out inline (CPython's `set_lookkey`: nine linear probes,
//! then the perturbed jump, ended by a never-used entry), and the steps of setobject.c's
//! operations where the other operand is not a set of the same item type (those of two sets
//! run in the runtime, which keeps each entry's hash).

use inkwell::types::BasicType;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_abi::RuntimeFn;
use oxjit_core::types::{field_offsets, ref_offsets, size_align, Type};

use super::{FnGen, Ir, R};

/// The words of the runtime's header read here (a set's: `entries` is its table).
const ENTRIES: u64 = 3;
const MASK: u64 = 5;
const LINEAR_PROBES: u64 = 9;
const PERTURB_SHIFT: u64 = 5;

/// A set entry: `{hash, item, state}` (the state byte is where a dict's `None` value is).
fn entry_parts(k: &Type) -> Vec<Type> {
    vec![Type::I64, k.clone(), Type::NoneType]
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// A new empty set of `k` items; MemoryError when there is no memory.
    pub(crate) fn new_set(&mut self, k: &Type) -> R<PointerValue<'ctx>> {
        let parts = entry_parts(k);
        let offs = field_offsets(&parts);
        let krefs = ref_offsets(k);
        let i64t = self.cx().i64_type();
        let arr_t = i64t.array_type(krefs.len().max(1) as u32);
        let arr = self.alloca(arr_t.as_basic_type_enum(), "offsets")?;
        for (n, o) in krefs.iter().enumerate() {
            // SAFETY: within the array.
            let p = unsafe {
                self.b
                    .build_gep(arr_t, arr, &[self.i64(0), self.i64(n as i64)], "off")
            }
            .ir()?;
            self.b.build_store(p, self.i64(*o)).ir()?;
        }
        let words = [
            size_align(&Type::tuple(parts.clone())).0 as i64,
            offs[1] as i64,
            size_align(k).0 as i64,
            offs[2] as i64,
            krefs.len() as i64,
        ];
        let mut args: Vec<inkwell::values::BasicMetadataValueEnum> =
            words.iter().map(|w| self.i64(*w).into()).collect();
        args.push(arr.into());
        let s = self
            .call_runtime(RuntimeFn::SetNew, &args)?
            .expect("a pointer")
            .into_pointer_value();
        let ok = self.b.build_is_not_null(s, "ok").ir()?;
        self.check(ok, "MemoryError", "")?;
        Ok(s)
    }

    /// The entry of `key` (of type `from`) in the set `s` of `k` items, or -1.
    pub(crate) fn set_lookup(
        &mut self,
        s: PointerValue<'ctx>,
        k: &Type,
        key: BasicValueEnum<'ctx>,
        from: &Type,
    ) -> R<IntValue<'ctx>> {
        if !matches!(k, Type::Int(_)) {
            // The runtime's lookup hands a set block to the set table.
            return self.dict_lookup(s, k, key, from);
        }
        let key = if from == k {
            key
        } else {
            self.cast(key, from, k)?
        };
        let h = self.hash_value(key, k)?;
        self.set_lookup_inline(s, k, key.into_int_value(), h)
    }

    /// Calls a runtime set function returning 0 (done) or 1 (no memory: MemoryError).
    pub(crate) fn set_runtime_status(
        &mut self,
        f: RuntimeFn,
        args: &[inkwell::values::BasicMetadataValueEnum<'ctx>],
    ) -> R<()> {
        let r = self
            .call_runtime(f, args)?
            .expect("a status")
            .into_int_value();
        let zero = r.get_type().const_zero();
        let ok = self
            .b
            .build_int_compare(IntPredicate::EQ, r, zero, "ok")
            .ir()?;
        self.check(ok, "MemoryError", "")
    }

    /// Calls a runtime set function returning a new set (null: MemoryError).
    pub(crate) fn set_runtime_new(
        &mut self,
        f: RuntimeFn,
        args: &[inkwell::values::BasicMetadataValueEnum<'ctx>],
    ) -> R<PointerValue<'ctx>> {
        let out = self
            .call_runtime(f, args)?
            .expect("a pointer")
            .into_pointer_value();
        let ok = self.b.build_is_not_null(out, "ok").ir()?;
        self.check(ok, "MemoryError", "")?;
        Ok(out)
    }

    /// `set_lookkey` of an int item, inline.
    fn set_lookup_inline(
        &mut self,
        s: PointerValue<'ctx>,
        k: &Type,
        key: IntValue<'ctx>,
        hash: IntValue<'ctx>,
    ) -> R<IntValue<'ctx>> {
        let i64t = self.cx().i64_type();
        let i8t = self.cx().i8_type();
        let parts = entry_parts(k);
        let offs = field_offsets(&parts);
        let esize = self.i64(size_align(&Type::tuple(parts.clone())).0 as i64);
        let (key_off, state_off) = (self.i64(offs[1] as i64), self.i64(offs[2] as i64));
        let p = self.header_word(s, ENTRIES)?;
        let table = self.b.build_load(self.ptr_type(), p, "table").ir()?;
        let table = table.into_pointer_value();
        let p = self.header_word(s, MASK)?;
        let mask = self.b.build_load(i64t, p, "mask").ir()?.into_int_value();
        let pre = self.b.get_insert_block().expect("positioned");
        let (cx, f) = (self.cx(), self.f);
        let bb = |name: &str| cx.append_basic_block(f, name);
        let (head, inner, check_key, check_free) = (
            bb("sprobe"),
            bb("sprobe.entry"),
            bb("sprobe.key"),
            bb("sprobe.free"),
        );
        let (check_state, step, jump, done) = (
            bb("sprobe.state"),
            bb("sprobe.step"),
            bb("sprobe.jump"),
            bb("sprobe.done"),
        );
        let b = &self.b;
        let slot0 = b.build_and(hash, mask, "slot").ir()?;
        b.build_unconditional_branch(head).ir()?;

        // head: i, perturb; the last entry of this run of linear probes.
        b.position_at_end(head);
        let i = b.build_phi(i64t, "i").ir()?;
        let perturb = b.build_phi(i64t, "perturb").ir()?;
        let iv = i.as_basic_value().into_int_value();
        let pv = perturb.as_basic_value().into_int_value();
        let probes = self.i64(LINEAR_PROBES as i64);
        let end = b.build_int_add(iv, probes, "end").ir()?;
        let fits = b
            .build_int_compare(IntPredicate::ULE, end, mask, "fits")
            .ir()?;
        let last = b.build_select(fits, end, iv, "last").ir()?.into_int_value();
        b.build_unconditional_branch(inner).ir()?;

        b.position_at_end(inner);
        let j = b.build_phi(i64t, "j").ir()?;
        let jv = j.as_basic_value().into_int_value();
        let at = b.build_int_mul(jv, esize, "at").ir()?;
        // SAFETY: `j` is within the table; an entry's hash is its first word.
        let e = unsafe { b.build_gep(i8t, table, &[at], "e") }.ir()?;
        let eh = b.build_load(i64t, e, "ehash").ir()?.into_int_value();
        let same_h = b
            .build_int_compare(IntPredicate::EQ, eh, hash, "sameh")
            .ir()?;
        b.build_conditional_branch(same_h, check_key, check_free)
            .ir()?;

        b.position_at_end(check_key);
        // SAFETY: the entry's item, at its offset.
        let kp = unsafe { b.build_gep(i8t, e, &[key_off], "ekeyp") }.ir()?;
        let ek = b.build_load(key.get_type(), kp, "ekey").ir()?;
        let same_k = b
            .build_int_compare(IntPredicate::EQ, ek.into_int_value(), key, "samek")
            .ir()?;
        b.build_conditional_branch(same_k, done, step).ir()?;

        b.position_at_end(check_free);
        let no_item = b
            .build_int_compare(IntPredicate::EQ, eh, i64t.const_all_ones(), "noitem")
            .ir()?;
        b.build_conditional_branch(no_item, check_state, step)
            .ir()?;

        b.position_at_end(check_state);
        // SAFETY: the entry's state byte.
        let sp = unsafe { b.build_gep(i8t, e, &[state_off], "statep") }.ir()?;
        let st = b.build_load(i8t, sp, "state").ir()?.into_int_value();
        let never = b
            .build_int_compare(IntPredicate::EQ, st, i8t.const_zero(), "never")
            .ir()?;
        b.build_conditional_branch(never, done, step).ir()?;

        b.position_at_end(step);
        let at_last = b
            .build_int_compare(IntPredicate::EQ, jv, last, "atlast")
            .ir()?;
        let j2 = b.build_int_add(jv, self.i64(1), "j2").ir()?;
        b.build_conditional_branch(at_last, jump, inner).ir()?;
        j.add_incoming(&[(&iv, head), (&j2, step)]);

        b.position_at_end(jump);
        let shift = i64t.const_int(PERTURB_SHIFT, false);
        let p2 = b.build_right_shift(pv, shift, false, "perturb2").ir()?;
        let five = b.build_int_mul(iv, self.i64(5), "x5").ir()?;
        let sum = b.build_int_add(five, self.i64(1), "x5p1").ir()?;
        let sum = b.build_int_add(sum, p2, "sum").ir()?;
        let i2 = b.build_and(sum, mask, "i2").ir()?;
        b.build_unconditional_branch(head).ir()?;
        i.add_incoming(&[(&slot0, pre), (&i2, jump)]);
        perturb.add_incoming(&[(&hash, pre), (&p2, jump)]);

        b.position_at_end(done);
        let r = b.build_phi(i64t, "found").ir()?;
        let none = i64t.const_all_ones();
        r.add_incoming(&[(&jv, check_key), (&none, check_state)]);
        Ok(r.as_basic_value().into_int_value())
    }
}
