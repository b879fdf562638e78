//! Lists: the block's header read inline (length, capacity, items; the runtime's
//! `ListHeader`), items loaded and stored natively, displays, `l[i]`, `l[i] = x`, slices,
//! `+`, `*`, `+=` and comparisons. The methods are in `list_methods.rs`.
//!
//! A list holds one reference to each array or list among its items: storing an item takes one
//! (the stored value's own reference stays with its SSA value, which the refcount plan gives
//! back), replacing or deleting one gives it back; the block's destructor (in the runtime)
//! gives back the rest.

use inkwell::types::StructType;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_abi::RuntimeFn;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{BinOp, CmpOp, Value};
use oxjit_core::types::{ref_offsets, size_align, Type};

use super::{FnGen, Ir, Sides, R};

/// The words of the runtime's `ListHeader`.
const LEN: u64 = 0;
const CAP: u64 = 1;
const ITEMS: u64 = 2;
const DIRTY: u64 = 5;

fn item_of(t: &Type) -> &Type {
    match t {
        Type::List(item) => item,
        _ => unreachable!("{t} is no list"),
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The state of a list iterator: `{list, index}`.
    pub(crate) fn list_iter_state(&self) -> StructType<'ctx> {
        let cx = self.cx();
        cx.struct_type(&[self.ptr_type(), cx.i64_type().into()], false)
    }

    /// The address of word `k` of the header of `list`.
    pub(crate) fn header_word(&self, list: PointerValue<'ctx>, k: u64) -> R<PointerValue<'ctx>> {
        let i64t = self.cx().i64_type();
        let data = i64t.const_int(oxjit_abi::meminfo_field::DATA as u64, false);
        // SAFETY: a list's meminfo is a block whose second word is its data pointer.
        let data_p = unsafe { self.b.build_gep(i64t, list, &[data], "datap") }.ir()?;
        let header = self
            .b
            .build_load(self.ptr_type(), data_p, "header")
            .ir()?
            .into_pointer_value();
        // SAFETY: the header has six words.
        unsafe {
            self.b
                .build_gep(i64t, header, &[i64t.const_int(k, false)], "word")
        }
        .ir()
    }

    fn load_word(&self, list: PointerValue<'ctx>, k: u64, name: &str) -> R<IntValue<'ctx>> {
        let p = self.header_word(list, k)?;
        Ok(self
            .b
            .build_load(self.cx().i64_type(), p, name)
            .ir()?
            .into_int_value())
    }

    fn store_word(&self, list: PointerValue<'ctx>, k: u64, x: IntValue<'ctx>) -> R<()> {
        let p = self.header_word(list, k)?;
        self.b.build_store(p, x).ir()?;
        Ok(())
    }

    /// `len(list)`.
    pub fn list_len(&self, list: PointerValue<'ctx>) -> R<IntValue<'ctx>> {
        self.load_word(list, LEN, "len")
    }

    pub(crate) fn list_cap(&self, list: PointerValue<'ctx>) -> R<IntValue<'ctx>> {
        self.load_word(list, CAP, "cap")
    }

    /// `len(x)` of a tuple, an array or a container.
    pub(crate) fn len_of(&mut self, v: BasicValueEnum<'ctx>, t: &Type) -> R<BasicValueEnum<'ctx>> {
        match t {
            Type::Tuple(items) => Ok(self.i64(items.len() as i64).into()),
            Type::Array(a) if a.ndim == 0 => {
                // NumPy's TypeError, when it runs.
                let never = self.cx().bool_type().const_zero();
                self.check(never, "TypeError", "len() of unsized object")?;
                Ok(self.i64(0).into())
            }
            Type::Array(_) | Type::Bytes => Ok(self.array_shape(v.into_struct_value(), 0)?.into()),
            Type::List(_) => Ok(self.list_len(v.into_pointer_value())?.into()),
            Type::Range => {
                let [start, stop, step] = self.int_triple(v.into_struct_value())?;
                let n = self.range_length(start, stop, step)?;
                // More than i64::MAX items (`range(-2**63, 2**63 - 1)`): CPython's error.
                let fits = self
                    .b
                    .build_int_compare(IntPredicate::SGE, n, self.i64(0), "fits")
                    .ir()?;
                self.check(
                    fits,
                    "OverflowError",
                    "Python int too large to convert to C ssize_t",
                )?;
                Ok(n.into())
            }
            Type::Dict(..) | Type::DictView(..) | Type::Set(_) => {
                Ok(self.dict_len(v.into_pointer_value())?.into())
            }
            t => Err(Diagnostic::internal(format!("len() of {t}"))),
        }
    }

    /// Marks the list changed (a list from Python is then written back).
    pub(crate) fn list_dirty(&self, list: PointerValue<'ctx>) -> R<()> {
        self.store_word(list, DIRTY, self.i64(1))
    }

    pub(crate) fn set_list_len(&self, list: PointerValue<'ctx>, n: IntValue<'ctx>) -> R<()> {
        self.store_word(list, LEN, n)
    }

    /// The address of item `idx` (not checked).
    pub(crate) fn list_item_ptr(
        &self,
        list: PointerValue<'ctx>,
        item: &Type,
        idx: IntValue<'ctx>,
    ) -> R<PointerValue<'ctx>> {
        let p = self.header_word(list, ITEMS)?;
        let items = self
            .b
            .build_load(self.ptr_type(), p, "items")
            .ir()?
            .into_pointer_value();
        let t = self.llvm_type(item);
        // SAFETY: `idx` is within the list (checked by the caller).
        unsafe { self.b.build_gep(t, items, &[idx], "itemp") }.ir()
    }

    /// Item `idx` (not checked), borrowed from the list.
    pub(crate) fn list_load(
        &self,
        list: PointerValue<'ctx>,
        item: &Type,
        idx: IntValue<'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        let p = self.list_item_ptr(list, item, idx)?;
        self.b.build_load(self.llvm_type(item), p, "item").ir()
    }

    /// Stores `x` (of type `from`) as item `idx`, which the list then holds a reference to.
    pub(crate) fn list_store_new(
        &mut self,
        list: PointerValue<'ctx>,
        item: &Type,
        idx: IntValue<'ctx>,
        x: BasicValueEnum<'ctx>,
        from: &Type,
    ) -> R<()> {
        let x = if from == item {
            x
        } else {
            self.cast(x, from, item)?
        };
        let x = self.own_borrowed(x, item)?;
        self.incref(x, item)?;
        let p = self.list_item_ptr(list, item, idx)?;
        self.b.build_store(p, x).ir()?;
        Ok(())
    }

    /// The reference offsets of a block's items (or fields) as an array of words on the
    /// stack, for the runtime that frees the block.
    pub(crate) fn offsets_array(&mut self, offsets: &[i64]) -> R<PointerValue<'ctx>> {
        let words: Vec<_> = offsets.iter().map(|&o| self.i64(o)).collect();
        self.i64_buffer(&words, "offsets")
    }

    /// A new empty list of `item`s with room for `cap`; raises MemoryError when there is none.
    pub(crate) fn new_list(&mut self, item: &Type, cap: IntValue<'ctx>) -> R<PointerValue<'ctx>> {
        let offsets = ref_offsets(item);
        let offs = self.offsets_array(&offsets)?;
        let size = size_align(item).0 as i64;
        let mi = self
            .call_runtime(
                RuntimeFn::ListNew,
                &[
                    self.i64(size).into(),
                    cap.into(),
                    self.i64(offsets.len() as i64).into(),
                    offs.into(),
                ],
            )?
            .expect("a pointer")
            .into_pointer_value();
        let ok = self.b.build_is_not_null(mi, "ok").ir()?;
        self.check(ok, "MemoryError", "")?;
        Ok(mi)
    }

    /// Raises MemoryError where a runtime status is not 0.
    pub(crate) fn check_memory(&mut self, status: BasicValueEnum<'ctx>) -> R<()> {
        let ok = self
            .b
            .build_int_compare(
                IntPredicate::EQ,
                status.into_int_value(),
                self.cx().i32_type().const_zero(),
                "ok",
            )
            .ir()?;
        self.check(ok, "MemoryError", "")
    }

    /// `[a, b, ...]`.
    pub(super) fn build_list(&mut self, items: &[Value], t: &Type) -> R<BasicValueEnum<'ctx>> {
        let item = item_of(t).clone();
        let n = self.i64(items.len() as i64);
        let list = self.new_list(&item, n)?;
        for (k, x) in items.iter().enumerate() {
            let from = self.ty(*x).clone();
            self.list_store_new(list, &item, self.i64(k as i64), self.val(*x), &from)?;
        }
        self.set_list_len(list, n)?;
        Ok(list.into())
    }

    /// The instructions of lists and dicts: displays, items, stores; `None` for the others.
    pub(super) fn container_value(
        &mut self,
        inst: &oxjit_core::ir::Inst,
        t: &Type,
    ) -> Option<R<BasicValueEnum<'ctx>>> {
        use oxjit_core::ir::Inst;
        let none: BasicValueEnum<'ctx> = self.cx().i8_type().const_zero().into();
        Some(match *inst {
            Inst::BuildList(ref items) => self.build_list(items, t),
            Inst::BuildDict => {
                let (k, v) = super::dict::kv(t);
                self.new_dict(&k, &v).map(Into::into)
            }
            Inst::GetItem(a, i) => match self.ty(a) {
                Type::List(_) => self.list_getitem(a, i),
                Type::Dict(..) => self.dict_getitem(a, i),
                _ => return None,
            },
            Inst::SetItem(a, i, x) => match self.ty(a) {
                Type::List(_) => self.list_setitem(a, i, x).map(|_| none),
                Type::Dict(..) => self.dict_setitem(a, i, x).map(|_| none),
                _ => return None,
            },
            _ => return None,
        })
    }

    /// A user's index into `list`, negative ones from the end, checked (IndexError with `msg`).
    pub(crate) fn list_index(
        &mut self,
        list: PointerValue<'ctx>,
        index: BasicValueEnum<'ctx>,
        from: &Type,
        msg: &str,
    ) -> R<IntValue<'ctx>> {
        let idx = self.cast(index, from, &Type::I64)?.into_int_value();
        let len = self.list_len(list)?;
        let neg = self
            .b
            .build_int_compare(IntPredicate::SLT, idx, self.i64(0), "neg")
            .ir()?;
        let wrapped = self.b.build_int_add(idx, len, "wrapped").ir()?;
        let idx = self
            .b
            .build_select(neg, wrapped, idx, "i")
            .ir()?
            .into_int_value();
        // One unsigned compare: also false for an index still negative.
        let ok = self
            .b
            .build_int_compare(IntPredicate::ULT, idx, len, "inrange")
            .ir()?;
        self.check(ok, "IndexError", msg)?;
        Ok(idx)
    }

    /// `list[i]` (borrowed: the refcount plan takes a reference) or `list[a:b:c]` (a new list).
    pub(super) fn list_getitem(&mut self, a: Value, i: Value) -> R<BasicValueEnum<'ctx>> {
        let list = self.val(a).into_pointer_value();
        let item = item_of(self.ty(a)).clone();
        if *self.ty(i) == Type::Slice {
            let len = self.list_len(list)?;
            let (start, count, step) = self.slice_indices(self.val(i).into_struct_value(), len)?;
            return self.list_slice(list, start, step, count);
        }
        let ti = self.ty(i).clone();
        let idx = self.list_index(list, self.val(i), &ti, "list index out of range")?;
        self.list_load(list, &item, idx)
    }

    /// A new list of the items `start, start + step, ...` (`count` of them).
    pub(crate) fn list_slice(
        &mut self,
        list: PointerValue<'ctx>,
        start: IntValue<'ctx>,
        step: IntValue<'ctx>,
        count: IntValue<'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        let out = self
            .call_runtime(
                RuntimeFn::ListSlice,
                &[list.into(), start.into(), step.into(), count.into()],
            )?
            .expect("a pointer")
            .into_pointer_value();
        let ok = self.b.build_is_not_null(out, "ok").ir()?;
        self.check(ok, "MemoryError", "")?;
        Ok(out.into())
    }

    /// `list[i] = x` and `list[a:b:c] = other`.
    pub(super) fn list_setitem(&mut self, a: Value, i: Value, x: Value) -> R<()> {
        let list = self.val(a).into_pointer_value();
        let item = item_of(self.ty(a)).clone();
        if *self.ty(i) == Type::Slice {
            return self.list_assign_slice(list, &item, i, x);
        }
        let ti = self.ty(i).clone();
        let idx = self.list_index(list, self.val(i), &ti, "list assignment index out of range")?;
        let old = self.list_load(list, &item, idx)?;
        let tx = self.ty(x).clone();
        self.list_store_new(list, &item, idx, self.val(x), &tx)?;
        self.decref(old, &item)?;
        self.list_dirty(list)
    }

    fn list_assign_slice(
        &mut self,
        list: PointerValue<'ctx>,
        item: &Type,
        i: Value,
        x: Value,
    ) -> R<()> {
        let src_item = item_of(self.ty(x)).clone();
        let mut src = self.val(x).into_pointer_value();
        let converted = src_item != *item;
        if converted {
            // Items of another type (ints into a list of floats): converted first.
            let tmp = self.new_list(item, self.i64(0))?;
            self.list_extend_list(tmp, item, src, &src_item)?;
            src = tmp;
        }
        let len = self.list_len(list)?;
        let (start, count, step) = self.slice_indices(self.val(i).into_struct_value(), len)?;
        // With step 1, `l[a:b] = x` replaces the items from a to max(a, b).
        let stop = self.b.build_int_add(start, count, "stop").ir()?;
        let status = self
            .call_runtime(
                RuntimeFn::ListAssignSlice,
                &[
                    list.into(),
                    start.into(),
                    step.into(),
                    count.into(),
                    stop.into(),
                    src.into(),
                ],
            )?
            .expect("a status")
            .into_int_value();
        let i32t = self.cx().i32_type();
        let size_ok = self
            .b
            .build_int_compare(IntPredicate::NE, status, i32t.const_int(2, false), "sizeok")
            .ir()?;
        let src_len = self.list_len(src)?;
        let list_t = Type::List(item.clone().into());
        if converted {
            self.extra_live.push((src.into(), list_t.clone()));
        }
        self.check_formatted(
            size_ok,
            "ValueError",
            "attempt to assign sequence of size {0} to extended slice of size {1}",
            &[src_len, count],
        )?;
        self.check_memory(status.into())?;
        if converted {
            self.extra_live.pop();
            self.decref(src.into(), &list_t)?;
        }
        Ok(())
    }

    /// `a + b`, `a * n`, `n * a`, `a += b` (in place: the value is `a`).
    pub(crate) fn list_binop(
        &mut self,
        op: BinOp,
        a: Value,
        b: Value,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let inplace = matches!(
            self.typed.func.inst(self.current),
            oxjit_core::ir::Inst::InplaceBinOp(..)
        );
        match (op, self.ty(a).clone(), self.ty(b).clone()) {
            (BinOp::Add, Type::List(_), Type::List(_)) => {
                let (x, y) = (
                    self.val(a).into_pointer_value(),
                    self.val(b).into_pointer_value(),
                );
                let target = if inplace {
                    x
                } else {
                    let len = self.list_len(x)?;
                    self.list_slice(x, self.i64(0), self.i64(1), len)?
                        .into_pointer_value()
                };
                let ty = self.ty(b).clone();
                self.list_extend_list(target, item_of(result), y, item_of(&ty))?;
                Ok(target.into())
            }
            (BinOp::Mul, Type::List(_), n) | (BinOp::Mul, n, Type::List(_)) => {
                let (list, count) = match self.ty(a) {
                    Type::List(_) => (a, b),
                    _ => (b, a),
                };
                let count = self.cast(self.val(count), &n, &Type::I64)?;
                let out = self
                    .call_runtime(
                        RuntimeFn::ListRepeat,
                        &[self.val(list).into(), count.into()],
                    )?
                    .expect("a pointer")
                    .into_pointer_value();
                let ok = self.b.build_is_not_null(out, "ok").ir()?;
                self.check(ok, "MemoryError", "")?;
                // `l *= n`: `l` itself now holds the repeated items (CPython's
                // `list_inplace_repeat`), taken from the new list, which is given back.
                if inplace && list == a {
                    let x = self.val(a).into_pointer_value();
                    let list_t = self.ty(a).clone();
                    self.extra_live.push((out.into(), list_t.clone()));
                    self.call_runtime(RuntimeFn::ListClear, &[x.into()])?;
                    let item = item_of(&list_t).clone();
                    self.list_extend_list(x, &item, out, &item)?;
                    self.extra_live.pop();
                    self.decref(out.into(), &list_t)?;
                    return Ok(x.into());
                }
                Ok(out.into())
            }
            (op, ta, tb) => Err(Diagnostic::internal(format!(
                "{ta} {} {tb} (typing takes lists)",
                op.symbol()
            ))),
        }
    }

    /// Appends the items of list `src` to `dst` (converted where their types differ).
    pub(crate) fn list_extend_list(
        &mut self,
        dst: PointerValue<'ctx>,
        dst_item: &Type,
        src: PointerValue<'ctx>,
        src_item: &Type,
    ) -> R<()> {
        if dst_item != src_item {
            let (to, from) = (dst_item.clone(), Type::List(src_item.clone().into()));
            return self.for_each_item(src.into(), &from, &mut |g, x, t| {
                g.list_append(dst, &to, x, t)
            });
        }
        let status = self
            .call_runtime(RuntimeFn::ListExtend, &[dst.into(), src.into()])?
            .expect("a status");
        self.check_memory(status)
    }

    /// `x op y` of two lists, item by item as Python compares sequences.
    pub(crate) fn compare_lists(&mut self, op: CmpOp, sides: Sides<'_, 'ctx>) -> R<IntValue<'ctx>> {
        let Sides { x, tx, y, ty } = sides;
        let (ix, iy) = (item_of(tx).clone(), item_of(ty).clone());
        let (x, y) = (x.into_pointer_value(), y.into_pointer_value());
        let (nx, ny) = (self.list_len(x)?, self.list_len(y)?);
        // The first index where the items differ (or the shorter length).
        let shorter = self
            .b
            .build_int_compare(IntPredicate::SLT, nx, ny, "shorter")
            .ir()?;
        let n = self
            .b
            .build_select(shorter, nx, ny, "n")
            .ir()?
            .into_int_value();
        let k = self.first_difference(x, &ix, y, &iy, n)?;
        let at_end = self
            .b
            .build_int_compare(IntPredicate::EQ, k, n, "atend")
            .ir()?;
        // Where all common items are equal, the lengths decide.
        let by_len = self.compare_ints(op, nx, ny)?;
        let end = self.b.get_insert_block().expect("positioned");
        let items_bb = self.cx().append_basic_block(self.f, "cmp.items");
        let done = self.cx().append_basic_block(self.f, "cmp.done");
        self.b
            .build_conditional_branch(at_end, done, items_bb)
            .ir()?;
        self.b.position_at_end(items_bb);
        let by_item = match op {
            CmpOp::Eq => self.cx().bool_type().const_zero(),
            CmpOp::Ne => self.cx().bool_type().const_int(1, false),
            _ => {
                let a = self.list_load(x, &ix, k)?;
                let b = self.list_load(y, &iy, k)?;
                self.compare_values(op, a, &ix, b, &iy)?
            }
        };
        let items_end = self.b.get_insert_block().expect("positioned");
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        let phi = self.b.build_phi(self.cx().bool_type(), "cmp").ir()?;
        phi.add_incoming(&[(&by_len, end), (&by_item, items_end)]);
        Ok(phi.as_basic_value().into_int_value())
    }

    fn compare_ints(&self, op: CmpOp, a: IntValue<'ctx>, b: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        use IntPredicate::*;
        let pred = match op {
            CmpOp::Eq => EQ,
            CmpOp::Ne => NE,
            CmpOp::Lt => SLT,
            CmpOp::Le => SLE,
            CmpOp::Gt => SGT,
            CmpOp::Ge => SGE,
            other => return Err(Diagnostic::internal(format!("list {other:?}"))),
        };
        self.b.build_int_compare(pred, a, b, "bylen").ir()
    }

    /// The first index below `n` where `x` and `y` hold items that are not equal (`n` if none).
    fn first_difference(
        &mut self,
        x: PointerValue<'ctx>,
        ix: &Type,
        y: PointerValue<'ctx>,
        iy: &Type,
        n: IntValue<'ctx>,
    ) -> R<IntValue<'ctx>> {
        let (ix, iy) = (ix.clone(), iy.clone());
        self.find_index(n, &mut |g, k| {
            let a = g.list_load(x, &ix, k)?;
            let b = g.list_load(y, &iy, k)?;
            g.compare_values(CmpOp::Ne, a, &ix, b, &iy)
        })
    }

    /// The first `k` in `0..n` for which `pred(k)` holds, or `n`.
    pub(crate) fn find_index(
        &mut self,
        n: IntValue<'ctx>,
        pred: &mut dyn FnMut(&mut Self, IntValue<'ctx>) -> R<IntValue<'ctx>>,
    ) -> R<IntValue<'ctx>> {
        self.find_index_from(self.i64(0), n, pred)
    }

    /// The first `k` in `start..n` for which `pred(k)` holds, or `n`.
    pub(crate) fn find_index_from(
        &mut self,
        start: IntValue<'ctx>,
        n: IntValue<'ctx>,
        pred: &mut dyn FnMut(&mut Self, IntValue<'ctx>) -> R<IntValue<'ctx>>,
    ) -> R<IntValue<'ctx>> {
        let i64t = self.cx().i64_type();
        let pre = self.b.get_insert_block().expect("positioned");
        let header = self.cx().append_basic_block(self.f, "find.header");
        let body = self.cx().append_basic_block(self.f, "find.body");
        let next_bb = self.cx().append_basic_block(self.f, "find.next");
        let exit = self.cx().append_basic_block(self.f, "find.exit");
        self.b.build_unconditional_branch(header).ir()?;
        self.b.position_at_end(header);
        let phi = self.b.build_phi(i64t, "k").ir()?;
        let k = phi.as_basic_value().into_int_value();
        let more = self
            .b
            .build_int_compare(IntPredicate::SLT, k, n, "more")
            .ir()?;
        self.b.build_conditional_branch(more, body, exit).ir()?;
        self.b.position_at_end(body);
        let found = pred(self, k)?;
        self.b.build_conditional_branch(found, exit, next_bb).ir()?;
        let body_end = self.b.get_insert_block().expect("positioned");
        self.b.position_at_end(next_bb);
        let next = self.b.build_int_add(k, self.i64(1), "next").ir()?;
        self.b.build_unconditional_branch(header).ir()?;
        phi.add_incoming(&[(&start, pre), (&next, next_bb)]);
        self.b.position_at_end(exit);
        let out = self.b.build_phi(i64t, "found").ir()?;
        out.add_incoming(&[(&n, header), (&k, body_end)]);
        Ok(out.as_basic_value().into_int_value())
    }
}
