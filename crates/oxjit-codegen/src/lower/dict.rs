//! Dicts: the runtime's compact dict (`oxjit-runtime/src/dict.rs`) driven from generated code:
//! keys hashed here as CPython hashes them (the runtime's `hash.rs`), their equality a
//! generated function the runtime calls while probing (one per key type: the hook a new key
//! type plugs into), entries `{hash, key, value}` read and written inline. `d[k]`, `d[k] = v`,
//! `hash(x)`; the methods are in `dict_methods.rs`.
//!
//! References: the dict holds one to each array or list among its keys and values; storing
//! takes one, replacing or removing gives it back, the block's destructor the rest.

use inkwell::types::{BasicType, StructType};
use inkwell::values::{BasicValueEnum, FunctionValue, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_abi::RuntimeFn;
use oxjit_core::ir::{CmpOp, Value};
use oxjit_core::types::{field_offsets, ref_offsets, size_align, Type};

use super::{FnGen, Ir, R};

/// The words of the runtime's `DictHeader` generated code reads.
const LEN: u64 = 0;
const ENTRIES: u64 = 3;
/// CPython's modulus of numeric hashes, `2**61 - 1` (Python/pyhash.c).
const HASH_MODULUS: u64 = (1 << 61) - 1;

/// The key and value types of a dict type.
pub(crate) fn kv(t: &Type) -> (Type, Type) {
    match t {
        Type::Dict(k, v) | Type::DictView(k, v, _) | Type::DictIter(k, v, _) => {
            ((**k).clone(), (**v).clone())
        }
        Type::Set(k) => ((**k).clone(), Type::NoneType),
        _ => unreachable!("{t} is no dict"),
    }
}

/// An entry: `{hash, key, value}`.
fn entry_type(k: &Type, v: &Type) -> Type {
    Type::tuple(vec![Type::I64, k.clone(), v.clone()])
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub(crate) fn dict_len(&self, d: PointerValue<'ctx>) -> R<IntValue<'ctx>> {
        let p = self.header_word(d, LEN)?;
        Ok(self
            .b
            .build_load(self.cx().i64_type(), p, "len")
            .ir()?
            .into_int_value())
    }

    fn entry_struct(&self, k: &Type, v: &Type) -> StructType<'ctx> {
        self.llvm_type(&entry_type(k, v)).into_struct_type()
    }

    /// The address of field `field` (1: key, 2: value) of entry `idx`.
    pub(crate) fn dict_field(
        &self,
        d: PointerValue<'ctx>,
        k: &Type,
        v: &Type,
        idx: IntValue<'ctx>,
        field: u32,
    ) -> R<PointerValue<'ctx>> {
        let p = self.header_word(d, ENTRIES)?;
        let entries = self
            .b
            .build_load(self.ptr_type(), p, "entries")
            .ir()?
            .into_pointer_value();
        let st = self.entry_struct(k, v);
        // SAFETY: `idx` is a live entry of the dict.
        let e = unsafe { self.b.build_gep(st, entries, &[idx], "entry") }.ir()?;
        self.b.build_struct_gep(st, e, field, "field").ir()
    }

    pub(crate) fn dict_load(
        &self,
        d: PointerValue<'ctx>,
        k: &Type,
        v: &Type,
        idx: IntValue<'ctx>,
        field: u32,
    ) -> R<BasicValueEnum<'ctx>> {
        let t = if field == 1 { k } else { v };
        let p = self.dict_field(d, k, v, idx, field)?;
        self.b.build_load(self.llvm_type(t), p, "x").ir()
    }

    /// A new empty dict of `k` keys and `v` values; MemoryError when there is no memory.
    pub(crate) fn new_dict(&mut self, k: &Type, v: &Type) -> R<PointerValue<'ctx>> {
        let et = entry_type(k, v);
        let Type::Tuple(parts) = &et else {
            unreachable!("a tuple")
        };
        let offs = field_offsets(parts);
        let (krefs, vrefs) = (ref_offsets(k), ref_offsets(v));
        let all: Vec<i64> = krefs.iter().chain(vrefs.iter()).copied().collect();
        let arr = self.offsets_array(&all)?;
        let words = [
            size_align(&et).0 as i64,
            offs[1] as i64,
            size_align(k).0 as i64,
            offs[2] as i64,
            krefs.len() as i64,
            vrefs.len() as i64,
        ];
        let mut args: Vec<inkwell::values::BasicMetadataValueEnum> =
            words.iter().map(|w| self.i64(*w).into()).collect();
        args.push(arr.into());
        let d = self
            .call_runtime(RuntimeFn::DictNew, &args)?
            .expect("a pointer")
            .into_pointer_value();
        let ok = self.b.build_is_not_null(d, "ok").ir()?;
        self.check(ok, "MemoryError", "")?;
        Ok(d)
    }

    /// `hash(x)` of a value of type `t`, as CPython's.
    pub(crate) fn hash_value(&mut self, x: BasicValueEnum<'ctx>, t: &Type) -> R<IntValue<'ctx>> {
        let i64t = self.cx().i64_type();
        let h = match t {
            Type::Float(_) => {
                let f = self.cast(x, t, &Type::F64)?;
                self.call_runtime(RuntimeFn::HashFloat, &[f.into()])?
            }
            Type::Int(i) if !i.signed && i.bits == 64 => {
                let m = i64t.const_int(HASH_MODULUS, false);
                return self
                    .b
                    .build_int_unsigned_rem(x.into_int_value(), m, "h")
                    .ir();
            }
            Type::Int(_) | Type::Bool => {
                let n = self.cast(x, t, &Type::I64)?.into_int_value();
                return self.hash_int_inline(n);
            }
            Type::Optional(inner) => return self.optional_hash(x, inner),
            Type::NoneType => return self.none_hash(),
            Type::Tuple(items) => {
                let arr_t = i64t.array_type(items.len().max(1) as u32);
                let lanes = self.alloca(arr_t.as_basic_type_enum(), "lanes")?;
                for (n, item) in items.iter().enumerate() {
                    let part = self
                        .b
                        .build_extract_value(x.into_struct_value(), n as u32, "part")
                        .ir()?;
                    let lane = self.hash_value(part, item)?;
                    // SAFETY: within the array.
                    let p = unsafe {
                        self.b
                            .build_gep(arr_t, lanes, &[self.i64(0), self.i64(n as i64)], "lane")
                    }
                    .ir()?;
                    self.b.build_store(p, lane).ir()?;
                }
                let n = self.i64(items.len() as i64);
                self.call_runtime(RuntimeFn::HashTuple, &[lanes.into(), n.into()])?
            }
            t if oxjit_core::types::is_str(t) => {
                let s = self.str_arg(x, t)?;
                let op = RuntimeFn::Str(oxjit_abi::StrOp::Hash);
                self.call_runtime(op, &[s.into()])?
            }
            t => {
                return Err(oxjit_core::diagnostics::Diagnostic::internal(format!(
                    "hash() of {t} (typing takes numbers, tuples and strings)"
                )))
            }
        };
        Ok(h.expect("a hash").into_int_value())
    }

    /// CPython's `hash()` of an int64, inline (the runtime's `oxjit_rt_hash_int`: the hot
    /// loops of sets and dicts of ints hash every key): `|x| mod (2**61 - 1)` with `x`'s sign,
    /// -1 made -2. An int of magnitude below the modulus (nearly every one) is its own hash,
    /// a short path the probe's address waits on; others take the remainder by the Mersenne
    /// prime as a fold of the bits above bit 61 onto those below and one conditional
    /// subtraction (as Numba's), not a division.
    fn hash_int_inline(&mut self, x: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let i64t = self.cx().i64_type();
        let m1 = HASH_MODULUS - 1;
        let (cx, f) = (self.cx(), self.f);
        let (small, large, done) = (
            cx.append_basic_block(f, "hash.small"),
            cx.append_basic_block(f, "hash.large"),
            cx.append_basic_block(f, "hash.done"),
        );
        // -M < x < M, as one unsigned comparison.
        let shifted = self
            .b
            .build_int_add(x, i64t.const_int(m1, false), "shifted")
            .ir()?;
        let fits = self
            .b
            .build_int_compare(
                IntPredicate::ULT,
                shifted,
                i64t.const_int(2 * m1 + 1, false),
                "fits",
            )
            .ir()?;
        let br = self.b.build_conditional_branch(fits, small, large).ir()?;
        self.unlikely(br);
        self.b.position_at_end(small);
        let h_small = self.minus_one_as_minus_two(x)?;
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(large);
        let h_large = self.hash_int_folded(x)?;
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        let h = self.b.build_phi(i64t, "hash").ir()?;
        h.add_incoming(&[(&h_small, small), (&h_large, large)]);
        Ok(h.as_basic_value().into_int_value())
    }

    /// `h`, where -1 (no hash is) is -2, as CPython's.
    fn minus_one_as_minus_two(&self, h: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let i64t = self.cx().i64_type();
        let is_m1 = self
            .b
            .build_int_compare(IntPredicate::EQ, h, i64t.const_all_ones(), "m1")
            .ir()?;
        let m2 = i64t.const_int((-2i64) as u64, true);
        Ok(self
            .b
            .build_select(is_m1, m2, h, "hash")
            .ir()?
            .into_int_value())
    }

    /// `hash_int_inline` of any int64: the fold.
    fn hash_int_folded(&self, x: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let b = &self.b;
        let i64t = self.cx().i64_type();
        let zero = i64t.const_zero();
        let neg = b
            .build_int_compare(IntPredicate::SLT, x, zero, "neg")
            .ir()?;
        // |i64::MIN| wraps to itself: 2**63 read as unsigned, as `unsigned_abs` gives.
        let minus = b.build_int_sub(zero, x, "minus").ir()?;
        let abs = b.build_select(neg, minus, x, "abs").ir()?.into_int_value();
        let m = i64t.const_int(HASH_MODULUS, false);
        // abs = hi * 2**61 + lo, and 2**61 = 1 (mod m): hi + lo (at most m + 4) reduced once.
        let lo = b.build_and(abs, m, "lo").ir()?;
        let hi = b
            .build_right_shift(abs, i64t.const_int(61, false), false, "hi")
            .ir()?;
        let folded = b.build_int_add(lo, hi, "folded").ir()?;
        let over = b
            .build_int_compare(IntPredicate::UGE, folded, m, "over")
            .ir()?;
        let less = b.build_int_sub(folded, m, "less").ir()?;
        let r = b
            .build_select(over, less, folded, "r")
            .ir()?
            .into_int_value();
        let minus_r = b.build_int_sub(zero, r, "minus_r").ir()?;
        let h = b.build_select(neg, minus_r, r, "h").ir()?.into_int_value();
        self.minus_one_as_minus_two(h)
    }

    /// The key equality the runtime's lookups take: none (a null pointer) for keys equal
    /// exactly when their bytes are, which the runtime compares without a call per probe;
    /// else the generated `==` (floats: 0.0 == -0.0 and NaN != NaN are not bytewise).
    pub(crate) fn key_eq_arg(
        &mut self,
        k: &Type,
    ) -> R<inkwell::values::BasicMetadataValueEnum<'ctx>> {
        if matches!(k, Type::Int(_)) {
            return Ok(self.ptr_type().into_pointer_type().const_null().into());
        }
        if *k == Type::Str {
            // The runtime's own, which its probes recognise and inline.
            let eq = self.runtime(RuntimeFn::Str(oxjit_abi::StrOp::KeyEq));
            return Ok(eq.as_global_value().as_pointer_value().into());
        }
        let eq = self.comparison_fn(k, CmpOp::Eq)?;
        Ok(eq.as_global_value().as_pointer_value().into())
    }

    /// `i1 f(ptr a, ptr b)`: `*a op *b` of two values of type `t` (`==` for the runtime's
    /// probing, `<` for sorting); one per type, operator and module.
    pub(crate) fn comparison_fn(&mut self, t: &Type, op: CmpOp) -> R<FunctionValue<'ctx>> {
        let name = format!("oxjit.cmp.{op:?}.{t}");
        if let Some(f) = self.m.module.get_function(&name) {
            return Ok(f);
        }
        let cx = self.cx();
        let ptr = self.ptr_type();
        let fn_t = cx.bool_type().fn_type(&[ptr.into(), ptr.into()], false);
        let f = self
            .m
            .module
            .add_function(&name, fn_t, Some(inkwell::module::Linkage::Internal));
        let saved_f = self.f;
        let saved_bb = self.b.get_insert_block().expect("positioned");
        self.f = f;
        let entry = cx.append_basic_block(f, "entry");
        self.b.position_at_end(entry);
        let lt = self.llvm_type(t);
        let pa = f.get_nth_param(0).expect("a").into_pointer_value();
        let pb = f.get_nth_param(1).expect("b").into_pointer_value();
        let a = self.b.build_load(lt, pa, "a").ir()?;
        let b = self.b.build_load(lt, pb, "b").ir()?;
        let result = match t {
            // A sort's `<` of values that may be `None` records the first `None` it meets.
            Type::Optional(inner) if op == CmpOp::Lt => self.compare_or_fault(op, a, b, inner),
            _ => self.compare_values(op, a, t, b, t),
        };
        if let Ok(r) = &result {
            self.b.build_return(Some(r)).ir()?;
        }
        self.f = saved_f;
        self.b.position_at_end(saved_bb);
        result?;
        Ok(f)
    }

    /// `key` (of type `from`) as a key of type `k` in memory, with its hash.
    fn key_in_memory(
        &mut self,
        key: BasicValueEnum<'ctx>,
        from: &Type,
        k: &Type,
    ) -> R<(PointerValue<'ctx>, IntValue<'ctx>)> {
        let key = if from == k {
            key
        } else {
            self.cast(key, from, k)?
        };
        let p = self.alloca(self.llvm_type(k), "key")?;
        self.b.build_store(p, key).ir()?;
        let h = self.hash_value(key, k)?;
        Ok((p, h))
    }

    /// The entry of `key` in `d`, or -1.
    pub(crate) fn dict_lookup(
        &mut self,
        d: PointerValue<'ctx>,
        k: &Type,
        key: BasicValueEnum<'ctx>,
        from: &Type,
    ) -> R<IntValue<'ctx>> {
        if matches!(k, Type::Int(_)) {
            let key = if from == k {
                key
            } else {
                self.cast(key, from, k)?
            };
            let h = self.hash_value(key, k)?;
            return self.dict_lookup_inline(d, k, key.into_int_value(), h);
        }
        let (p, h) = self.key_in_memory(key, from, k)?;
        let eq = self.key_eq_arg(k)?;
        Ok(self
            .call_runtime(RuntimeFn::DictLookup, &[d.into(), p.into(), h.into(), eq])?
            .expect("an index")
            .into_int_value())
    }

    /// Raises `KeyError(key)` where `found` is false (the key's value as its argument for
    /// numbers, strings and tuples, as CPython's).
    pub(crate) fn check_key(
        &mut self,
        found: IntValue<'ctx>,
        key: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<()> {
        let fail = self.cx().append_basic_block(self.f, "keyerror");
        let cont = self.cx().append_basic_block(self.f, "ok");
        let br = self.b.build_conditional_branch(found, cont, fail).ir()?;
        self.unlikely(br);
        self.b.position_at_end(fail);
        let arg = match t {
            Type::Bool => Some((3, self.cast(key, t, &Type::I64)?)),
            Type::Int(_) => Some((1, self.cast(key, t, &Type::I64)?)),
            Type::Float(_) => Some((2, self.cast(key, t, &Type::F64)?)),
            t if oxjit_core::types::is_str(t) => {
                let s = self.str_arg(key, t)?;
                let op = RuntimeFn::Str(oxjit_abi::StrOp::KeyError);
                self.call_runtime(op, &[self.exc_ptr.into(), s.into()])?;
                self.leave_raised()?;
                self.b.position_at_end(cont);
                return Ok(());
            }
            Type::Tuple(_) | Type::NoneType => {
                // The key's repr, from which Python rebuilds the key (`KeyError((1, 2))`).
                let text = self.repr_text(key, t)?;
                let op = RuntimeFn::Str(oxjit_abi::StrOp::KeyErrorRepr);
                self.call_runtime(op, &[self.exc_ptr.into(), text.into()])?;
                self.decref(text.into(), &Type::Str)?;
                self.leave_raised()?;
                self.b.position_at_end(cont);
                return Ok(());
            }
            _ => None,
        };
        self.raise("KeyError", "", arg)?;
        self.b.position_at_end(cont);
        Ok(())
    }

    /// `d[key]` (borrowed: the refcount plan takes a reference).
    pub(super) fn dict_getitem(&mut self, a: Value, i: Value) -> R<BasicValueEnum<'ctx>> {
        let d = self.val(a).into_pointer_value();
        let (k, v) = kv(self.ty(a));
        let from = self.ty(i).clone();
        let idx = self.dict_lookup(d, &k, self.val(i), &from)?;
        let found = self
            .b
            .build_int_compare(IntPredicate::SGE, idx, self.i64(0), "found")
            .ir()?;
        self.check_key(found, self.val(i), &from)?;
        self.dict_load(d, &k, &v, idx, 2)
    }

    /// Inserts `key` (a new entry takes a reference to it): (entry index, whether it was
    /// there).
    pub(crate) fn dict_insert(
        &mut self,
        d: PointerValue<'ctx>,
        k: &Type,
        key: BasicValueEnum<'ctx>,
        from: &Type,
    ) -> R<(IntValue<'ctx>, IntValue<'ctx>)> {
        let (p, h) = self.key_in_memory(key, from, k)?;
        let eq = self.key_eq_arg(k)?;
        let r = self
            .call_runtime(RuntimeFn::DictInsert, &[d.into(), p.into(), h.into(), eq])?
            .expect("an index")
            .into_int_value();
        let ok = self
            .b
            .build_int_compare(IntPredicate::SGE, r, self.i64(0), "ok")
            .ir()?;
        self.check(ok, "MemoryError", "")?;
        let idx = self.b.build_right_shift(r, self.i64(1), true, "idx").ir()?;
        let bit = self.b.build_and(r, self.i64(1), "bit").ir()?;
        let found = self
            .b
            .build_int_compare(IntPredicate::NE, bit, self.i64(0), "found")
            .ir()?;
        Ok((idx, found))
    }

    /// Stores `x` (of type `from`) as the value of entry `idx`, taking a reference; the old
    /// value (where `found`) is given back.
    pub(crate) fn dict_store_value(
        &mut self,
        d: PointerValue<'ctx>,
        (k, v): (&Type, &Type),
        idx: IntValue<'ctx>,
        found: IntValue<'ctx>,
        x: BasicValueEnum<'ctx>,
        from: &Type,
    ) -> R<()> {
        let x = if from == v { x } else { self.cast(x, from, v)? };
        let x = self.own_borrowed(x, v)?;
        self.incref(x, v)?;
        let p = self.dict_field(d, k, v, idx, 2)?;
        if oxjit_core::analysis::refcount::is_ref(v) {
            let old_bb = self.cx().append_basic_block(self.f, "old");
            let store = self.cx().append_basic_block(self.f, "store");
            self.b.build_conditional_branch(found, old_bb, store).ir()?;
            self.b.position_at_end(old_bb);
            let old = self.b.build_load(self.llvm_type(v), p, "old").ir()?;
            self.decref(old, v)?;
            self.b.build_unconditional_branch(store).ir()?;
            self.b.position_at_end(store);
        }
        self.b.build_store(p, x).ir()?;
        Ok(())
    }

    /// `d[key] = x`.
    pub(super) fn dict_setitem(&mut self, a: Value, i: Value, x: Value) -> R<()> {
        let d = self.val(a).into_pointer_value();
        let (k, v) = kv(self.ty(a));
        let (ti, tx) = (self.ty(i).clone(), self.ty(x).clone());
        let (idx, found) = self.dict_insert(d, &k, self.val(i), &ti)?;
        self.dict_store_value(d, (&k, &v), idx, found, self.val(x), &tx)
    }
}
