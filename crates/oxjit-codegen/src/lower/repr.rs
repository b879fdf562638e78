//! `str()`/`repr()` of containers, as CPython writes them: `[1, 2.5]`, `(1,)`, `{'a': [1]}`,
//! `{3, 1}` (a set in its table's order, which is CPython's), `set()`, nested to any depth.
//! Items are written by their `repr` (strings quoted as CPython quotes them, floats shortest),
//! pieces appended to one growing string. `print` of a container prints this text.

use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_abi::{RuntimeFn, StrOp};
use oxjit_core::types::Type;

use super::{FnGen, Ir, R};

/// Whether `print` writes a value of `t` as its text made here (a container, or a tuple
/// holding one).
pub(crate) fn holds_container(t: &Type) -> bool {
    match t {
        Type::List(_) | Type::Set(_) | Type::Dict(..) => true,
        // A named tuple writes its class and field names.
        Type::Tuple(items) if items.class().is_some() => true,
        Type::Tuple(items) => items.iter().any(holds_container),
        Type::Optional(inner) => holds_container(inner),
        _ => false,
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `repr(x)` of a value of `t` as a new string.
    pub(crate) fn repr_text(&mut self, v: BasicValueEnum<'ctx>, t: &Type) -> R<PointerValue<'ctx>> {
        match t {
            Type::NoneType => self.text_literal("None"),
            Type::Tuple(items) => {
                // A named tuple as its `__repr__` writes it: `Point(x=1, y=2)`.
                let named = items.class();
                let open = match named {
                    Some(c) => format!("{}(", c.name),
                    None => "(".to_string(),
                };
                let acc = self.text_literal(&open)?;
                let acc = self.text_slot(acc)?;
                for (n, it) in items.iter().enumerate() {
                    if n > 0 {
                        self.text_push_literal(acc, ", ")?;
                    }
                    if let Some(c) = named {
                        self.text_push_literal(acc, &format!("{}=", c.fields[n]))?;
                    }
                    let x = self
                        .b
                        .build_extract_value(v.into_struct_value(), n as u32, "item")
                        .ir()?;
                    self.text_push_repr(acc, x, it)?;
                }
                let close = if items.len() == 1 && named.is_none() {
                    ",)"
                } else {
                    ")"
                };
                self.text_push_literal(acc, close)?;
                self.text_take(acc)
            }
            Type::List(k) => self.repr_items(v, t, k, "[", "]"),
            Type::Set(k) => {
                let n = self.dict_len(v.into_pointer_value())?;
                let empty = self
                    .b
                    .build_int_compare(IntPredicate::EQ, n, self.i64(0), "empty");
                let acc = self.repr_items(v, t, k, "{", "}")?;
                // `set()` where empty.
                let slot = self.text_slot(acc)?;
                let (yes, done) = (
                    self.cx().append_basic_block(self.f, "emptyset"),
                    self.cx().append_basic_block(self.f, "set.done"),
                );
                self.b
                    .build_conditional_branch(empty.ir()?, yes, done)
                    .ir()?;
                self.b.position_at_end(yes);
                self.decref(acc.into(), &Type::Str)?;
                let lit = self.text_literal("set()")?;
                self.b.build_store(slot, lit).ir()?;
                self.b.build_unconditional_branch(done).ir()?;
                self.b.position_at_end(done);
                self.text_take(slot)
            }
            Type::Dict(k, val) => self.repr_dict(v, k, val),
            t => self.str_convert(v, t, true),
        }
    }

    /// `repr(x)` of a NumPy integer narrower than 64 bits, as NumPy 2 writes it:
    /// `np.int8(-5)` (an int64 or a uint64 may be a Python int: its repr is its digits).
    pub(crate) fn numpy_int_repr(
        &mut self,
        v: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<PointerValue<'ctx>> {
        let digits = self.str_convert(v, t, false)?;
        let acc = self.text_literal(&format!("np.{t}("))?;
        let slot = self.text_slot(acc)?;
        self.text_push(slot, digits)?;
        self.decref(digits.into(), &Type::Str)?;
        self.text_push_literal(slot, ")")?;
        self.text_take(slot)
    }

    /// `repr(x) + suffix` as a new string (an error message naming a value).
    pub(crate) fn repr_then(
        &mut self,
        v: BasicValueEnum<'ctx>,
        t: &Type,
        suffix: &str,
    ) -> R<PointerValue<'ctx>> {
        let text = self.repr_text(v, t)?;
        let slot = self.text_slot(text)?;
        self.text_push_literal(slot, suffix)?;
        self.text_take(slot)
    }

    /// A new string holding the text `s`.
    pub(crate) fn text_literal(&mut self, s: &str) -> R<PointerValue<'ctx>> {
        let lit = self.str_literal(s)?;
        let empty = self.str_literal("")?;
        self.str_new(StrOp::Concat, &[lit.into(), empty.into()])
    }

    /// A slot holding the string being built.
    fn text_slot(&mut self, acc: PointerValue<'ctx>) -> R<PointerValue<'ctx>> {
        let slot = self.alloca(self.ptr_type(), "text")?;
        self.b.build_store(slot, acc).ir()?;
        Ok(slot)
    }

    fn text_take(&mut self, slot: PointerValue<'ctx>) -> R<PointerValue<'ctx>> {
        Ok(self
            .b
            .build_load(self.ptr_type(), slot, "text")
            .ir()?
            .into_pointer_value())
    }

    /// Appends the string `piece` (borrowed) to the string in `slot`.
    fn text_push(&mut self, slot: PointerValue<'ctx>, piece: PointerValue<'ctx>) -> R<()> {
        let acc = self.text_take(slot)?;
        let grown = self.str_new(StrOp::Append, &[acc.into(), piece.into()])?;
        self.b.build_store(slot, grown).ir()?;
        Ok(())
    }

    fn text_push_literal(&mut self, slot: PointerValue<'ctx>, s: &str) -> R<()> {
        let lit = self.str_literal(s)?;
        self.text_push(slot, lit)
    }

    /// Appends `repr(x)`.
    fn text_push_repr(
        &mut self,
        slot: PointerValue<'ctx>,
        x: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<()> {
        let piece = self.repr_text(x, t)?;
        self.text_push(slot, piece)?;
        self.decref(piece.into(), &Type::Str)
    }

    /// `open` + the items' reprs separated by `, ` + `close`.
    fn repr_items(
        &mut self,
        v: BasicValueEnum<'ctx>,
        t: &Type,
        k: &Type,
        open: &str,
        close: &str,
    ) -> R<PointerValue<'ctx>> {
        let acc = self.text_literal(open)?;
        let slot = self.text_slot(acc)?;
        let first = self.first_flag()?;
        self.for_each_item(v, t, &mut |g, x, xt| {
            g.separator(slot, first)?;
            let x = if xt == k { x } else { g.cast(x, xt, k)? };
            g.text_push_repr(slot, x, k)
        })?;
        self.text_push_literal(slot, close)?;
        self.text_take(slot)
    }

    fn first_flag(&mut self) -> R<PointerValue<'ctx>> {
        let flag = self.alloca(self.cx().bool_type().into(), "first")?;
        let yes = self.cx().bool_type().const_all_ones();
        self.b.build_store(flag, yes).ir()?;
        Ok(flag)
    }

    /// Appends `, ` unless this is the first item.
    fn separator(&mut self, slot: PointerValue<'ctx>, first: PointerValue<'ctx>) -> R<()> {
        let bt = self.cx().bool_type();
        let is_first = self.b.build_load(bt, first, "isfirst").ir()?;
        self.b.build_store(first, bt.const_zero()).ir()?;
        let (sep, done) = (
            self.cx().append_basic_block(self.f, "sep"),
            self.cx().append_basic_block(self.f, "sep.done"),
        );
        let is_first: IntValue<'ctx> = is_first.into_int_value();
        self.b.build_conditional_branch(is_first, done, sep).ir()?;
        self.b.position_at_end(sep);
        self.text_push_literal(slot, ", ")?;
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        Ok(())
    }

    /// `{k: v, ...}` in insertion order.
    fn repr_dict(
        &mut self,
        v: BasicValueEnum<'ctx>,
        k: &Type,
        val: &Type,
    ) -> R<PointerValue<'ctx>> {
        let d = v.into_pointer_value();
        let acc = self.text_literal("{")?;
        let slot = self.text_slot(acc)?;
        let first = self.first_flag()?;
        let i64t = self.cx().i64_type();
        let pos = self.alloca(i64t.into(), "pos")?;
        self.b.build_store(pos, self.i64(0)).ir()?;
        let (head, body, exit) = (
            self.cx().append_basic_block(self.f, "drepr"),
            self.cx().append_basic_block(self.f, "drepr.body"),
            self.cx().append_basic_block(self.f, "drepr.exit"),
        );
        self.b.build_unconditional_branch(head).ir()?;
        self.b.position_at_end(head);
        let at = self.b.build_load(i64t, pos, "at").ir()?;
        let idx = self
            .call_runtime(RuntimeFn::DictNext, &[d.into(), at.into()])?
            .expect("an index")
            .into_int_value();
        let live = self
            .b
            .build_int_compare(IntPredicate::SGE, idx, self.i64(0), "live")
            .ir()?;
        self.b.build_conditional_branch(live, body, exit).ir()?;
        self.b.position_at_end(body);
        let nxt = self.b.build_int_add(idx, self.i64(1), "next").ir()?;
        self.b.build_store(pos, nxt).ir()?;
        self.separator(slot, first)?;
        let key = self.dict_load(d, k, val, idx, 1)?;
        self.text_push_repr(slot, key, k)?;
        self.text_push_literal(slot, ": ")?;
        let x = self.dict_load(d, k, val, idx, 2)?;
        self.text_push_repr(slot, x, val)?;
        self.b.build_unconditional_branch(head).ir()?;
        self.b.position_at_end(exit);
        self.text_push_literal(slot, "}")?;
        self.text_take(slot)
    }
}
