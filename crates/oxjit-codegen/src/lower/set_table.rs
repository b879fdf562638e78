//! Sets on the runtime's CPython set table (`oxjit-runtime/src/settable.rs`): a new set, and
//! what the hot loops of int sets do written out inline: the lookup (CPython's `set_lookkey`:
//! nine linear probes, then the perturbed jump, ended by a never-used entry), the insertion
//! (`set_add_entry`, where the probe meets no dummy; the resize stays in the runtime) and the
//! scan of a set iterator for its next live entry. Entries are `{hash, item}`
//! (`oxjit_core::types::set_entry_parts`): one without an item has the hash -1 and its state
//! (never used: 0, a dummy: 1) in the item's first byte.

use inkwell::basic_block::BasicBlock;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_abi::RuntimeFn;
use oxjit_core::types::{ref_offsets, set_entry_layout, size_align, Type};

use super::{FnGen, Ir, R};

/// The words of the runtime's header read here (a set's: `used` is CPython's `fill`,
/// `entries` its table).
const LEN: u64 = 0;
const USED: u64 = 1;
const ENTRIES: u64 = 3;
const MASK: u64 = 5;
const LINEAR_PROBES: u64 = 9;
const PERTURB_SHIFT: u64 = 5;

/// Where an inline probe of a set's table stopped: the entry holding the item (index
/// `found_j`), the never-used entry that ended the search (at `never_e`), or (for an
/// insertion) a dummy.
struct Probe<'ctx> {
    found: BasicBlock<'ctx>,
    never: BasicBlock<'ctx>,
    dummy: Option<BasicBlock<'ctx>>,
    found_j: IntValue<'ctx>,
    never_e: PointerValue<'ctx>,
    key_off: IntValue<'ctx>,
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// A new empty set of `k` items; MemoryError when there is no memory.
    pub(crate) fn new_set(&mut self, k: &Type) -> R<PointerValue<'ctx>> {
        let (esize, key_off) = set_entry_layout(k);
        let krefs = ref_offsets(k);
        let arr = self.offsets_array(&krefs)?;
        // The state byte of an entry without an item is the item's first byte.
        let words = [
            esize as i64,
            key_off as i64,
            size_align(k).0 as i64,
            key_off as i64,
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
        let kh = self.int_item_and_hash(key, from, k)?;
        // `set_lookkey`: the entry, or -1.
        self.set_probe_joined(s, k, kh, &|g, pr, found| {
            if found {
                pr.found_j
            } else {
                g.i64(-1)
            }
        })
    }

    /// `key in s` (`key` of type `from`) for the set `s` of `k` items. Of an int item, a
    /// phi of constants at the probe's ends, so that a branch on it goes straight from where
    /// the probe ends (no entry index to test again).
    pub(crate) fn set_contains(
        &mut self,
        s: PointerValue<'ctx>,
        k: &Type,
        key: BasicValueEnum<'ctx>,
        from: &Type,
    ) -> R<IntValue<'ctx>> {
        if !matches!(k, Type::Int(_)) {
            let idx = self.dict_lookup(s, k, key, from)?;
            return self
                .b
                .build_int_compare(IntPredicate::SGE, idx, self.i64(0), "found")
                .ir();
        }
        let kh = self.int_item_and_hash(key, from, k)?;
        let bt = self.cx().bool_type();
        self.set_probe_joined(s, k, kh, &|_, _, found| bt.const_int(found as u64, false))
    }

    /// `key` (of type `from`) as an int item of type `k`, and its hash.
    fn int_item_and_hash(
        &mut self,
        key: BasicValueEnum<'ctx>,
        from: &Type,
        k: &Type,
    ) -> R<(IntValue<'ctx>, IntValue<'ctx>)> {
        let key = if from == k {
            key
        } else {
            self.cast(key, from, k)?
        };
        let h = self.hash_value(key, k)?;
        Ok((key.into_int_value(), h))
    }

    /// The int item `key` (hash `hash`) probed in the set `s`, the probe's two ends joined in
    /// a phi of what `at` gives for the end where the item was found (`true`) and the other.
    fn set_probe_joined(
        &mut self,
        s: PointerValue<'ctx>,
        k: &Type,
        (key, hash): (IntValue<'ctx>, IntValue<'ctx>),
        at: &dyn Fn(&Self, &Probe<'ctx>, bool) -> IntValue<'ctx>,
    ) -> R<IntValue<'ctx>> {
        let pr = self.set_probe(s, key, hash, false, k)?;
        let done = self.cx().append_basic_block(self.f, "sprobe.done");
        for bb in [pr.found, pr.never] {
            self.b.position_at_end(bb);
            self.b.build_unconditional_branch(done).ir()?;
        }
        self.b.position_at_end(done);
        let (yes, no) = (at(self, &pr, true), at(self, &pr, false));
        let r = self.b.build_phi(yes.get_type(), "probed").ir()?;
        r.add_incoming(&[(&yes, pr.found), (&no, pr.never)]);
        Ok(r.as_basic_value().into_int_value())
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

    /// The address of the item of live entry `idx` of the set `s` of `k` items.
    pub(crate) fn set_item_ptr(
        &self,
        s: PointerValue<'ctx>,
        k: &Type,
        idx: IntValue<'ctx>,
    ) -> R<PointerValue<'ctx>> {
        let (esize, key_off) = set_entry_layout(k);
        let table = self.set_table(s)?;
        let at = self
            .b
            .build_int_mul(idx, self.i64(esize as i64), "at")
            .ir()?;
        let at = self
            .b
            .build_int_add(at, self.i64(key_off as i64), "at")
            .ir()?;
        let i8t = self.cx().i8_type();
        // SAFETY: `idx` is an entry of the table.
        unsafe { self.b.build_gep(i8t, table, &[at], "item") }.ir()
    }

    /// The item of live entry `idx` of the set `s` of `k` items (borrowed).
    pub(crate) fn set_load(
        &self,
        s: PointerValue<'ctx>,
        k: &Type,
        idx: IntValue<'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        let p = self.set_item_ptr(s, k, idx)?;
        self.b.build_load(self.llvm_type(k), p, "item").ir()
    }

    /// The first live entry of `s`'s table at or after `from`, or -1 (`set_next`, inline:
    /// an exhausted iterator's -1 stays -1).
    pub(crate) fn set_next_live(
        &mut self,
        s: PointerValue<'ctx>,
        k: &Type,
        from: IntValue<'ctx>,
    ) -> R<IntValue<'ctx>> {
        let i64t = self.cx().i64_type();
        let esize = self.i64(set_entry_layout(k).0 as i64);
        let table = self.set_table(s)?;
        let p = self.header_word(s, MASK)?;
        let mask = self.b.build_load(i64t, p, "mask").ir()?.into_int_value();
        let pre = self.b.get_insert_block().expect("positioned");
        let (cx, f) = (self.cx(), self.f);
        let (head, look, skip, done) = (
            cx.append_basic_block(f, "snext"),
            cx.append_basic_block(f, "snext.look"),
            cx.append_basic_block(f, "snext.skip"),
            cx.append_basic_block(f, "snext.done"),
        );
        let b = &self.b;
        b.build_unconditional_branch(head).ir()?;
        b.position_at_end(head);
        let i = b.build_phi(i64t, "i").ir()?;
        let iv = i.as_basic_value().into_int_value();
        // Unsigned: -1 is past every table.
        let inside = b
            .build_int_compare(IntPredicate::ULE, iv, mask, "inside")
            .ir()?;
        b.build_conditional_branch(inside, look, done).ir()?;
        b.position_at_end(look);
        let at = b.build_int_mul(iv, esize, "at").ir()?;
        // SAFETY: `i` is within the table; an entry's hash is its first word.
        let e = unsafe { b.build_gep(cx.i8_type(), table, &[at], "e") }.ir()?;
        let eh = b.build_load(i64t, e, "ehash").ir()?.into_int_value();
        let live = b
            .build_int_compare(IntPredicate::NE, eh, i64t.const_all_ones(), "live")
            .ir()?;
        b.build_conditional_branch(live, done, skip).ir()?;
        b.position_at_end(skip);
        let i2 = b.build_int_add(iv, self.i64(1), "i2").ir()?;
        b.build_unconditional_branch(head).ir()?;
        i.add_incoming(&[(&from, pre), (&i2, skip)]);
        b.position_at_end(done);
        let r = b.build_phi(i64t, "live").ir()?;
        r.add_incoming(&[(&i64t.const_all_ones(), head), (&iv, look)]);
        Ok(r.as_basic_value().into_int_value())
    }

    /// `s.add(x)` (`x` of type `from`) into the set `s` of `k` items: an int item probed and
    /// stored inline (CPython's `set_add_entry`; a probe that meets a dummy, whose reuse
    /// depends on the rest of the probe, and a resize go to the runtime).
    pub(crate) fn set_add(
        &mut self,
        s: PointerValue<'ctx>,
        k: &Type,
        x: BasicValueEnum<'ctx>,
        from: &Type,
    ) -> R<()> {
        if !matches!(k, Type::Int(_)) {
            self.dict_insert(s, k, x, from)?;
            return Ok(());
        }
        let (key, hash) = self.int_item_and_hash(x, from, k)?;
        let i64t = self.cx().i64_type();
        let pr = self.set_probe(s, key, hash, true, k)?;
        let done = self.cx().append_basic_block(self.f, "sadd.done");
        self.b.position_at_end(pr.found);
        self.b.build_unconditional_branch(done).ir()?;
        // A never-used entry: CPython's `found_unused` (the table's fill grows).
        self.b.position_at_end(pr.never);
        self.b.build_store(pr.never_e, hash).ir()?;
        let i8t = self.cx().i8_type();
        // SAFETY: the entry's item, over its state byte.
        let kp = unsafe { self.b.build_gep(i8t, pr.never_e, &[pr.key_off], "kp") }.ir()?;
        self.b.build_store(kp, key).ir()?;
        let bump = |g: &mut Self, word: u64| -> R<IntValue<'ctx>> {
            let p = g.header_word(s, word)?;
            let n = g.b.build_load(i64t, p, "n").ir()?.into_int_value();
            let n = g.b.build_int_add(n, g.i64(1), "n1").ir()?;
            g.b.build_store(p, n).ir()?;
            Ok(n)
        };
        bump(self, LEN)?;
        let fill = bump(self, USED)?;
        let p = self.header_word(s, MASK)?;
        let mask = self.b.build_load(i64t, p, "mask").ir()?.into_int_value();
        let fill5 = self.b.build_int_mul(fill, self.i64(5), "fill5").ir()?;
        let mask3 = self.b.build_int_mul(mask, self.i64(3), "mask3").ir()?;
        let full = self
            .b
            .build_int_compare(IntPredicate::SGE, fill5, mask3, "full")
            .ir()?;
        self.if_then(full, &mut |g| {
            g.set_runtime_status(RuntimeFn::SetGrow, &[s.into()])
        })?;
        self.b.build_unconditional_branch(done).ir()?;
        // A dummy on the way: the runtime's insertion decides where the item goes.
        self.b
            .position_at_end(pr.dummy.expect("an insertion's probe"));
        self.dict_insert(s, k, key.into(), k)?;
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        Ok(())
    }

    /// The table of the set `s`.
    fn set_table(&self, s: PointerValue<'ctx>) -> R<PointerValue<'ctx>> {
        let p = self.header_word(s, ENTRIES)?;
        Ok(self
            .b
            .build_load(self.ptr_type(), p, "table")
            .ir()?
            .into_pointer_value())
    }

    /// CPython's probe of the set `s` for the int `key` (hash `hash`), written out: the
    /// entry at the hash's slot (checked first, before the loop: most lookups end there, and
    /// straight-line code lets the next iterations' lookups start while this one waits for
    /// memory), the rest of its nine linear probes, then the perturbed jump, until the entry
    /// holding `key` or a never-used one (or, where `stop_at_dummy`, a dummy). The blocks it
    /// ends in are left unterminated.
    fn set_probe(
        &mut self,
        s: PointerValue<'ctx>,
        key: IntValue<'ctx>,
        hash: IntValue<'ctx>,
        stop_at_dummy: bool,
        k: &Type,
    ) -> R<Probe<'ctx>> {
        let i64t = self.cx().i64_type();
        let (esize, key_off) = set_entry_layout(k);
        let (esize, key_off) = (self.i64(esize as i64), self.i64(key_off as i64));
        let table = self.set_table(s)?;
        let p = self.header_word(s, MASK)?;
        let mask = self.b.build_load(i64t, p, "mask").ir()?.into_int_value();
        let (cx, f) = (self.cx(), self.f);
        let bb = |name: &str| cx.append_basic_block(f, name);
        let (first_next, run, inner, step) = (
            bb("sprobe.first.next"),
            bb("sprobe.run"),
            bb("sprobe.entry"),
            bb("sprobe.step"),
        );
        let (jump, again_next) = (bb("sprobe.jump"), bb("sprobe.again.next"));
        let (found, never) = (bb("sprobe.found"), bb("sprobe.never"));
        let dummy = stop_at_dummy.then(|| bb("sprobe.dummy"));
        let slot0 = self.b.build_and(hash, mask, "slot").ir()?;
        let lay = (esize, key_off);
        let kh = (key, hash);

        // The entry at the hash's slot.
        let ends = EntryExits {
            found,
            never,
            dummy,
            next: first_next,
        };
        let (e_first, first) = self.probe_entry(table, lay, kh, slot0, &ends)?;
        self.b.position_at_end(first_next);
        self.b.build_unconditional_branch(run).ir()?;

        // run: from entry `i` (checked), its other linear probes, where they fit in the table.
        self.b.position_at_end(run);
        let i = self.b.build_phi(i64t, "i").ir()?;
        let perturb = self.b.build_phi(i64t, "perturb").ir()?;
        let iv = i.as_basic_value().into_int_value();
        let pv = perturb.as_basic_value().into_int_value();
        let b = &self.b;
        let end = b
            .build_int_add(iv, self.i64(LINEAR_PROBES as i64), "end")
            .ir()?;
        let fits = b
            .build_int_compare(IntPredicate::ULE, end, mask, "fits")
            .ir()?;
        let i1 = b.build_int_add(iv, self.i64(1), "i1").ir()?;
        b.build_conditional_branch(fits, inner, jump).ir()?;

        b.position_at_end(inner);
        let j = b.build_phi(i64t, "j").ir()?;
        let jv = j.as_basic_value().into_int_value();
        let ends = EntryExits { next: step, ..ends };
        let (e, later) = self.probe_entry(table, lay, kh, jv, &ends)?;

        let b = &self.b;
        b.position_at_end(step);
        let at_last = b
            .build_int_compare(IntPredicate::EQ, jv, end, "atlast")
            .ir()?;
        let j2 = b.build_int_add(jv, self.i64(1), "j2").ir()?;
        b.build_conditional_branch(at_last, jump, inner).ir()?;
        j.add_incoming(&[(&i1, run), (&j2, step)]);

        // jump: the perturbed next slot, whose entry is checked before its linear probes.
        b.position_at_end(jump);
        let shift = i64t.const_int(PERTURB_SHIFT, false);
        let p2 = b.build_right_shift(pv, shift, false, "perturb2").ir()?;
        let five = b.build_int_mul(iv, self.i64(5), "x5").ir()?;
        let sum = b.build_int_add(five, self.i64(1), "x5p1").ir()?;
        let sum = b.build_int_add(sum, p2, "sum").ir()?;
        let i2 = b.build_and(sum, mask, "i2").ir()?;
        let ends = EntryExits {
            next: again_next,
            ..ends
        };
        let (e_again, again) = self.probe_entry(table, lay, kh, i2, &ends)?;
        let b = &self.b;
        b.position_at_end(again_next);
        b.build_unconditional_branch(run).ir()?;
        i.add_incoming(&[(&slot0, first_next), (&i2, again_next)]);
        perturb.add_incoming(&[(&hash, first_next), (&p2, again_next)]);

        // Where the probe ended: which entry, from which check.
        b.position_at_end(found);
        let fj = b.build_phi(i64t, "fj").ir()?;
        fj.add_incoming(&[(&slot0, first.0), (&i2, again.0), (&jv, later.0)]);
        b.position_at_end(never);
        let ne = b.build_phi(self.ptr_type(), "ne").ir()?;
        ne.add_incoming(&[(&e_first, first.1), (&e_again, again.1), (&e, later.1)]);
        Ok(Probe {
            found,
            never,
            dummy,
            found_j: fj.as_basic_value().into_int_value(),
            never_e: ne.as_basic_value().into_pointer_value(),
            key_off,
        })
    }

    /// One step of a probe: entry `j` holds `key` (to `ends.found`), is never used (to
    /// `ends.never`), a dummy (to `ends.dummy` where given), or neither (to `ends.next`).
    /// Returns the entry's address and the blocks that branch to `found` and `never`.
    fn probe_entry(
        &mut self,
        table: PointerValue<'ctx>,
        (esize, key_off): (IntValue<'ctx>, IntValue<'ctx>),
        (key, hash): (IntValue<'ctx>, IntValue<'ctx>),
        j: IntValue<'ctx>,
        ends: &EntryExits<'ctx>,
    ) -> R<(PointerValue<'ctx>, (BasicBlock<'ctx>, BasicBlock<'ctx>))> {
        let i64t = self.cx().i64_type();
        let i8t = self.cx().i8_type();
        let (cx, f) = (self.cx(), self.f);
        let (check_key, check_free, check_state) = (
            cx.append_basic_block(f, "sprobe.key"),
            cx.append_basic_block(f, "sprobe.free"),
            cx.append_basic_block(f, "sprobe.state"),
        );
        let b = &self.b;
        let at = b.build_int_mul(j, esize, "at").ir()?;
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
        b.build_conditional_branch(same_k, ends.found, ends.next)
            .ir()?;

        b.position_at_end(check_free);
        let no_item = b
            .build_int_compare(IntPredicate::EQ, eh, i64t.const_all_ones(), "noitem")
            .ir()?;
        b.build_conditional_branch(no_item, check_state, ends.next)
            .ir()?;

        b.position_at_end(check_state);
        // SAFETY: the state byte of an entry without an item: its item's first byte.
        let sp = unsafe { b.build_gep(i8t, e, &[key_off], "statep") }.ir()?;
        let st = b.build_load(i8t, sp, "state").ir()?.into_int_value();
        let is_never = b
            .build_int_compare(IntPredicate::EQ, st, i8t.const_zero(), "never")
            .ir()?;
        b.build_conditional_branch(is_never, ends.never, ends.dummy.unwrap_or(ends.next))
            .ir()?;
        Ok((e, (check_key, check_state)))
    }
}

/// Where one step of a probe goes.
#[derive(Clone, Copy)]
struct EntryExits<'ctx> {
    found: BasicBlock<'ctx>,
    never: BasicBlock<'ctx>,
    dummy: Option<BasicBlock<'ctx>>,
    next: BasicBlock<'ctx>,
}
