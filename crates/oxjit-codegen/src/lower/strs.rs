//! Strings: constants as static blocks, the operators (`+ * % [] in == <`), iteration, `len`,
//! truth, and the conversions `int(s)`/`float(s)`; the runtime (`oxjit_rt_str_*`) does the work.
//! A runtime function that fails returns null (or a status) after recording the exception;
//! [`FnGen::str_raise_unless`] then raises it, releasing what is live.

use inkwell::module::Linkage;
use inkwell::types::StructType;
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, IntValue, PointerValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_abi::{meminfo_field, RuntimeFn, StrOp};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{BinOp, CmpOp, Inst, Value};
use oxjit_core::types::{is_str, IntTy, Type};

use super::{FnGen, Ir, R};

/// A 64-bit FNV-1a hash, to name a string constant's global.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100000001b3)
    })
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The static block of the string constant `s`, one per module and text: a meminfo whose
    /// count never drops to zero, and its data (header and code points; the hash cache is
    /// written at run time, so it is not constant).
    pub(crate) fn str_literal(&self, s: &str) -> R<PointerValue<'ctx>> {
        let name = format!("oxjit.str.{:016x}.{}", fnv(s), s.len());
        let module = &self.m.module;
        if let Some(g) = module.get_global(&name) {
            return Ok(g.as_pointer_value());
        }
        let cx = self.cx();
        let cps: Vec<u32> = s.chars().map(|c| c as u32).collect();
        let max = cps.iter().copied().max().unwrap_or(0);
        let (kind, unit) = match max {
            0..=0xFF => (1u64, cx.i8_type()),
            0x100..=0xFFFF => (2, cx.i16_type()),
            _ => (4, cx.i32_type()),
        };
        let units: Vec<IntValue<'ctx>> = cps
            .iter()
            .map(|&c| unit.const_int(c as u64, false))
            .collect();
        let (i64t, i32t) = (cx.i64_type(), cx.i32_type());
        let head = cx.const_struct(
            &[
                i64t.const_int(cps.len() as u64, false).into(),
                i32t.const_int(kind, false).into(),
                i32t.const_int((max < 128) as u64, false).into(),
                i64t.const_all_ones().into(),
                i64t.const_zero().into(),
                unit.const_array(&units).into(),
            ],
            false,
        );
        let data = module.add_global(head.get_type(), None, &format!("{name}.data"));
        data.set_initializer(&head);
        data.set_alignment(16);
        data.set_linkage(Linkage::Private);
        let mi_t = self.meminfo_type();
        let size = oxjit_abi::STR_UNITS_OFFSET as u64 + kind * cps.len() as u64;
        let mi = module.add_global(mi_t, None, &name);
        mi.set_initializer(&mi_t.const_named_struct(&[
            i64t.const_int(1 << 60, false).into(),
            data.as_pointer_value().into(),
            i64t.const_int(size, false).into(),
            cx.ptr_type(AddressSpace::default()).const_null().into(),
        ]));
        mi.set_alignment(8);
        mi.set_linkage(Linkage::Private);
        Ok(mi.as_pointer_value())
    }

    fn meminfo_type(&self) -> StructType<'ctx> {
        let cx = self.cx();
        let i64t = cx.i64_type();
        let ptr = cx.ptr_type(AddressSpace::default());
        cx.struct_type(&[i64t.into(), ptr.into(), i64t.into(), ptr.into()], false)
    }

    /// The string a value of type `t` is (a constant's static block).
    pub(crate) fn str_arg(&self, v: BasicValueEnum<'ctx>, t: &Type) -> R<PointerValue<'ctx>> {
        match t {
            Type::StrLiteral(s) => self.str_literal(s),
            Type::Str => Ok(v.into_pointer_value()),
            t => Err(Diagnostic::internal(format!(
                "a string operand of type {t}"
            ))),
        }
    }

    /// The string IR value `x` is.
    pub(crate) fn str_value(&self, x: Value) -> R<PointerValue<'ctx>> {
        self.str_arg(self.val(x), self.ty(x))
    }

    /// `len(s)`, read from the header.
    pub(crate) fn str_len(&self, s: PointerValue<'ctx>) -> R<IntValue<'ctx>> {
        let mi_t = self.meminfo_type();
        let ptr = self.cx().ptr_type(AddressSpace::default());
        let data_p = self
            .b
            .build_struct_gep(mi_t, s, meminfo_field::DATA, "str.data.p")
            .ir()?;
        let data = self.b.build_load(ptr, data_p, "str.data").ir()?;
        Ok(self
            .b
            .build_load(self.cx().i64_type(), data.into_pointer_value(), "str.len")
            .ir()?
            .into_int_value())
    }

    pub(crate) fn str_truth(&self, v: BasicValueEnum<'ctx>, t: &Type) -> R<IntValue<'ctx>> {
        let bool_t = self.cx().bool_type();
        if let Type::StrLiteral(s) = t {
            return Ok(bool_t.const_int(!s.is_empty() as u64, false));
        }
        let n = self.str_len(self.str_arg(v, t)?)?;
        self.b
            .build_int_compare(IntPredicate::NE, n, n.get_type().const_zero(), "nonempty")
            .ir()
    }

    /// Calls the runtime's string function `op`.
    pub(crate) fn str_rt(
        &self,
        op: StrOp,
        args: &[BasicMetadataValueEnum<'ctx>],
    ) -> R<BasicValueEnum<'ctx>> {
        self.call_runtime(RuntimeFn::Str(op), args)?
            .ok_or_else(|| Diagnostic::internal(format!("{op:?} returns nothing")))
    }

    /// Continues where `ok` holds; elsewhere raises the exception the runtime recorded.
    pub(crate) fn str_raise_unless(&mut self, ok: IntValue<'ctx>) -> R<()> {
        let fail = self.cx().append_basic_block(self.f, "str.raise");
        let cont = self.cx().append_basic_block(self.f, "str.ok");
        let br = self.b.build_conditional_branch(ok, cont, fail).ir()?;
        self.unlikely(br);
        self.b.position_at_end(fail);
        let raise = self.runtime(RuntimeFn::Str(StrOp::Raise));
        self.b.build_call(raise, &[self.exc_ptr.into()], "").ir()?;
        if self.in_catch() {
            // The guarded instruction of a `try` body: to its handler (`except ValueError`
            // catches `int("x")`), as every other raise there goes.
            self.leave_raised()?;
        } else {
            self.release_live()?;
            self.return_raised()?;
        }
        self.b.position_at_end(cont);
        Ok(())
    }

    /// A new string from the runtime function `op` (null: it raised).
    pub(crate) fn str_new(
        &mut self,
        op: StrOp,
        args: &[BasicMetadataValueEnum<'ctx>],
    ) -> R<PointerValue<'ctx>> {
        let p = self.str_rt(op, args)?.into_pointer_value();
        let ok = self.b.build_is_not_null(p, "str.ok").ir()?;
        self.str_raise_unless(ok)?;
        Ok(p)
    }

    /// Raises unless the status a runtime function returned is 0.
    pub(crate) fn str_status(&mut self, status: BasicValueEnum<'ctx>) -> R<()> {
        let s = status.into_int_value();
        let ok = self
            .b
            .build_int_compare(IntPredicate::EQ, s, s.get_type().const_zero(), "ok")
            .ir()?;
        self.str_raise_unless(ok)
    }

    fn i64_arg(&self, x: Value) -> R<IntValue<'ctx>> {
        Ok(self
            .cast(self.val(x), &self.ty(x).clone(), &Type::I64)?
            .into_int_value())
    }

    /// `s[i]` and `s[a:b:c]`.
    pub(crate) fn str_getitem(&mut self, a: Value, i: Value) -> R<BasicValueEnum<'ctx>> {
        let s = self.str_value(a)?;
        if *self.ty(i) == Type::Slice {
            let [start, stop, step] = self.slice_triple(self.val(i).into_struct_value())?;
            let args = [s.into(), start.into(), stop.into(), step.into()];
            return Ok(self.str_new(StrOp::Slice, &args)?.into());
        }
        let k = self.i64_arg(i)?;
        Ok(self.str_new(StrOp::GetItem, &[s.into(), k.into()])?.into())
    }

    /// `a op b` where an operand is a string: `+`, `*` by an integer, `%` formatting.
    pub(crate) fn str_binop(&mut self, op: BinOp, a: Value, b: Value) -> R<BasicValueEnum<'ctx>> {
        let p = match op {
            BinOp::Add if self.str_append_in_place(a) => {
                let (x, y) = (self.str_value(a)?, self.str_value(b)?);
                let p = self.str_new(StrOp::Append, &[x.into(), y.into()])?;
                // `append` took over `a`'s reference: it is not released after the instruction.
                if let Some(dead) = self.plan.dies_after.get_mut(&self.current) {
                    dead.retain(|x| *x != a);
                }
                p
            }
            BinOp::Add => {
                let (x, y) = (self.str_value(a)?, self.str_value(b)?);
                self.str_new(StrOp::Concat, &[x.into(), y.into()])?
            }
            BinOp::Mul => {
                let (s, n) = if is_str(self.ty(a)) { (a, b) } else { (b, a) };
                let (s, n) = (self.str_value(s)?, self.i64_arg(n)?);
                self.str_new(StrOp::Repeat, &[s.into(), n.into()])?
            }
            BinOp::Mod => {
                let template = self.str_value(a)?;
                let tb = self.ty(b).clone();
                let items: Vec<(BasicValueEnum<'ctx>, Type)> = match &tb {
                    Type::Tuple(ts) => {
                        let tuple = self.val(b).into_struct_value();
                        let mut out = Vec::new();
                        for (k, t) in ts.iter().enumerate() {
                            let x = self.b.build_extract_value(tuple, k as u32, "item").ir()?;
                            out.push((x, t.clone()));
                        }
                        out
                    }
                    t => vec![(self.val(b), t.clone())],
                };
                self.str_percent(template, &items)?
            }
            _ => return Err(Diagnostic::internal(format!("string operator {op:?}"))),
        };
        Ok(p.into())
    }

    /// Whether `s += t` (the instruction being lowered, `s` its left operand) may append to `s`'s
    /// block: `s` owns its reference and dies here, so no other value of the function sees it.
    fn str_append_in_place(&self, a: Value) -> bool {
        let v = self.current;
        matches!(self.typed.func.inst(v), Inst::InplaceBinOp(BinOp::Add, x, _) if *x == a)
            && *self.ty(a) == Type::Str
            && oxjit_core::analysis::refcount::is_owned(self.typed, a)
            && self
                .plan
                .dies_after
                .get(&v)
                .is_some_and(|dead| dead.contains(&a))
    }

    /// A value as `percent`'s and `format`'s word and kind: 0 int64, 1 uint64, 2 bool, 3 a
    /// float's bits, 4 a string.
    pub(crate) fn str_word(&self, v: BasicValueEnum<'ctx>, t: &Type) -> R<(IntValue<'ctx>, u64)> {
        let i64t = self.cx().i64_type();
        Ok(match t {
            Type::Bool => (self.cast(v, t, &Type::I64)?.into_int_value(), 2),
            Type::Int(i) if !i.signed => {
                (self.cast(v, t, &Type::Int(IntTy::U64))?.into_int_value(), 1)
            }
            Type::Int(_) => (self.cast(v, t, &Type::I64)?.into_int_value(), 0),
            Type::Float(_) => {
                let x = self.cast(v, t, &Type::F64)?;
                (
                    self.b
                        .build_bit_cast(x, i64t, "bits")
                        .ir()?
                        .into_int_value(),
                    3,
                )
            }
            t => {
                let p = self.str_arg(v, t)?;
                (self.b.build_ptr_to_int(p, i64t, "str").ir()?, 4)
            }
        })
    }

    fn str_percent(
        &mut self,
        template: PointerValue<'ctx>,
        items: &[(BasicValueEnum<'ctx>, Type)],
    ) -> R<PointerValue<'ctx>> {
        let i64t = self.cx().i64_type();
        let n = items.len().max(1) as u32;
        let words = self.alloca(i64t.array_type(n).into(), "percent.values")?;
        let kinds = self.alloca(i64t.array_type(n).into(), "percent.kinds")?;
        let mark = self.extra_live.len();
        let mut texts = Vec::new();
        for (k, (v, t)) in items.iter().enumerate() {
            // A list, dict, set, tuple or `None`: its text (`str` and `repr` alike), made here.
            let text_kind = match t {
                Type::List(_) => Some(5),
                Type::Dict(..) => Some(6),
                Type::Set(_) => Some(7),
                Type::Tuple(_) => Some(8),
                Type::NoneType => Some(9),
                _ => None,
            };
            let (word, kind) = match text_kind {
                Some(kind) => {
                    let text = self.repr_text(*v, t)?;
                    self.extra_live.push((text.into(), Type::Str));
                    texts.push(text);
                    (self.b.build_ptr_to_int(text, i64t, "text").ir()?, kind)
                }
                None => self.str_word(*v, t)?,
            };
            for (base, x) in [(words, word), (kinds, i64t.const_int(kind, false))] {
                // SAFETY: `k < n`, inside the array just allocated.
                let p = unsafe {
                    self.b
                        .build_in_bounds_gep(i64t, base, &[i64t.const_int(k as u64, false)], "p")
                        .ir()?
                };
                self.b.build_store(p, x).ir()?;
            }
        }
        let count = i64t.const_int(items.len() as u64, false);
        let out = self.str_new(
            StrOp::Percent,
            &[template.into(), words.into(), kinds.into(), count.into()],
        )?;
        self.extra_live.truncate(mark);
        for text in texts {
            self.decref(text.into(), &Type::Str)?;
        }
        Ok(out)
    }

    /// `min(s)`, `max(s)`: a new one-character string.
    pub(crate) fn str_min_max(
        &mut self,
        is_min: bool,
        s: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let s = self.str_arg(s, t)?;
        let is_max = self.cx().bool_type().const_int(!is_min as u64, false);
        Ok(self
            .str_new(StrOp::MinMax, &[s.into(), is_max.into()])?
            .into())
    }

    /// `x op y` of two strings.
    pub(crate) fn str_compare(&mut self, op: CmpOp, a: Value, b: Value) -> R<IntValue<'ctx>> {
        let (ta, tb) = (self.ty(a).clone(), self.ty(b).clone());
        if let Some(r) = self.str_compare_literal(op, self.val(a), &ta, self.val(b), &tb)? {
            return Ok(r);
        }
        let (x, y) = (self.str_value(a)?, self.str_value(b)?);
        self.str_compare_values(op, x, y)
    }

    /// `x op y` of two string blocks (also inside tuples, as dict keys, while sorting).
    pub(crate) fn str_compare_values(
        &mut self,
        op: CmpOp,
        x: PointerValue<'ctx>,
        y: PointerValue<'ctx>,
    ) -> R<IntValue<'ctx>> {
        let r = match op {
            CmpOp::Eq | CmpOp::Is => self.str_rt(StrOp::Eq, &[x.into(), y.into()])?,
            CmpOp::Ne | CmpOp::IsNot => {
                let eq = self.str_rt(StrOp::Eq, &[x.into(), y.into()])?;
                self.b.build_not(eq.into_int_value(), "ne").ir()?.into()
            }
            CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge => {
                let c = self
                    .str_rt(StrOp::Compare, &[x.into(), y.into()])?
                    .into_int_value();
                let pred = match op {
                    CmpOp::Lt => IntPredicate::SLT,
                    CmpOp::Le => IntPredicate::SLE,
                    CmpOp::Gt => IntPredicate::SGT,
                    _ => IntPredicate::SGE,
                };
                let zero = c.get_type().const_zero();
                self.b.build_int_compare(pred, c, zero, "cmp").ir()?.into()
            }
        };
        Ok(r.into_int_value())
    }

    /// The state of `iter(s)`: `{string, next index}`.
    pub(crate) fn str_iter_state(&self) -> StructType<'ctx> {
        let cx = self.cx();
        cx.struct_type(
            &[
                cx.ptr_type(AddressSpace::default()).into(),
                cx.i64_type().into(),
            ],
            false,
        )
    }

    pub(crate) fn str_iter(&mut self, v: BasicValueEnum<'ctx>, t: &Type) -> R<PointerValue<'ctx>> {
        let s = self.str_arg(v, t)?;
        self.start_indexed_state(self.str_iter_state(), s.into(), "str.iter")
    }

    fn str_iter_fields(
        &self,
        state: PointerValue<'ctx>,
    ) -> R<(PointerValue<'ctx>, PointerValue<'ctx>, IntValue<'ctx>)> {
        let st = self.str_iter_state();
        let p0 = self.b.build_struct_gep(st, state, 0, "s.p").ir()?;
        let s = self
            .b
            .build_load(self.ptr_type(), p0, "s")
            .ir()?
            .into_pointer_value();
        let (p1, i) = self.load_i64(st, state, 1)?;
        Ok((s, p1, i))
    }

    pub(crate) fn str_iter_valid(&mut self, state: PointerValue<'ctx>) -> R<IntValue<'ctx>> {
        let (s, _, i) = self.str_iter_fields(state)?;
        let n = self.str_len(s)?;
        self.b
            .build_int_compare(IntPredicate::SLT, i, n, "valid")
            .ir()
    }

    /// The next one-character string (a new block; in range, so it cannot fail but for memory).
    pub(crate) fn str_iter_next(&mut self, state: PointerValue<'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (s, p1, i) = self.str_iter_fields(state)?;
        let one = self.cx().i64_type().const_int(1, false);
        let next = self.b.build_int_add(i, one, "next").ir()?;
        self.b.build_store(p1, next).ir()?;
        Ok(self.str_new(StrOp::GetItem, &[s.into(), i.into()])?.into())
    }

    /// `len`, `int`, `float` and `bool` of a string; `None` for other calls.
    pub(crate) fn str_builtin(
        &mut self,
        b: oxjit_core::registry::Builtin,
        args: &[super::bound::Arg<'ctx>],
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        use oxjit_core::registry::Builtin;
        let Some(first) = args.first().filter(|a| is_str(&a.t)) else {
            return Ok(None);
        };
        let s = self.str_arg(first.v, &first.t)?;
        Ok(Some(match b {
            Builtin::Len => self.str_len(s)?.into(),
            Builtin::Bool => self.str_truth(first.v, &first.t)?.into(),
            Builtin::Int => {
                let i64t = self.cx().i64_type();
                let base = match args.get(1) {
                    Some(a) => self.cast(a.v, &a.t, &Type::I64)?.into_int_value(),
                    None => i64t.const_int(10, false),
                };
                let out = self.alloca(i64t.into(), "int.out")?;
                let status = self.str_rt(StrOp::ToInt, &[s.into(), base.into(), out.into()])?;
                self.str_status(status)?;
                self.b.build_load(i64t, out, "int").ir()?
            }
            Builtin::Float => {
                let f64t = self.cx().f64_type();
                let out = self.alloca(f64t.into(), "float.out")?;
                let status = self.str_rt(StrOp::ToFloat, &[s.into(), out.into()])?;
                self.str_status(status)?;
                self.b.build_load(f64t, out, "float").ir()?
            }
            _ => return Ok(None),
        }))
    }
}
