//! Optional values (`OptionalType(T)`, where `None` and a `T` meet): `{i1 is_some, T value}`.
//! Their truth, their conversions (into, out of and between optionals) and the checked unwrap
//! that raises `TypeError` on `None`.

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_abi::RuntimeFn;
use oxjit_core::ir::CmpOp;
use oxjit_core::types::Type;

use super::TypeModel;
use crate::lower::{FnGen, Ir, ModuleGen, Sides, R};

pub(super) struct OptionalModel;

impl TypeModel for OptionalModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, t: &Type) -> BasicTypeEnum<'ctx> {
        let Type::Optional(t) = t else {
            unreachable!("{t} is not optional")
        };
        m.cx.struct_type(&[m.cx.bool_type().into(), m.llvm_type(t)], false)
            .into()
    }

    /// Into, out of and between optionals (whichever side is optional).
    fn cast<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        v: BasicValueEnum<'ctx>,
        from: &Type,
        to: &Type,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        g.cast_optional(v, from, to).map(Some)
    }

    /// `None` is false, a value is as true as the value.
    fn truth<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        v: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<IntValue<'ctx>> {
        let Type::Optional(inner) = t else {
            unreachable!("{t} is not optional")
        };
        let b = &g.b;
        let flag = b
            .build_extract_value(v.into_struct_value(), 0, "some")
            .ir()?
            .into_int_value();
        let value = b
            .build_extract_value(v.into_struct_value(), 1, "value")
            .ir()?;
        if inner.is_numeric() || matches!(**inner, Type::JitInstance(_)) {
            let t = g.truth(value, inner)?;
            return b.build_and(flag, t, "truth").ir();
        }
        // A string's or a container's truth reads its block, which `None` has not: only
        // when the value is there.
        let from = b.get_insert_block().expect("a block");
        let some_bb = g.cx().append_basic_block(g.f, "some_truth");
        let join = g.cx().append_basic_block(g.f, "truth");
        b.build_conditional_branch(flag, some_bb, join).ir()?;
        b.position_at_end(some_bb);
        let t = g.truth(value, inner)?;
        let some_end = b.get_insert_block().expect("a block");
        b.build_unconditional_branch(join).ir()?;
        b.position_at_end(join);
        let phi = b.build_phi(g.cx().bool_type(), "truth").ir()?;
        phi.add_incoming(&[(&flag, from), (&t, some_end)]);
        Ok(phi.as_basic_value().into_int_value())
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// An optional value used as its value: `None` raises `TypeError`.
    pub fn unwrap_checked(
        &mut self,
        v: BasicValueEnum<'ctx>,
        from: &Type,
        to: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let flag = self
            .b
            .build_extract_value(v.into_struct_value(), 0, "some")
            .ir()?
            .into_int_value();
        self.check(
            flag,
            "TypeError",
            "oxjit: a value that may be None was None where it is used as a number",
        )?;
        self.cast(v, from, to)
    }

    /// Conversions into, out of and between optional values.
    pub(crate) fn cast_optional(
        &self,
        v: BasicValueEnum<'ctx>,
        from: &Type,
        to: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let cx = self.cx();
        match (from, to) {
            (Type::NoneType, Type::Optional(_)) => Ok(self.llvm_type(to).const_zero()),
            (Type::Optional(f), Type::Optional(t)) => {
                let flag = self
                    .b
                    .build_extract_value(v.into_struct_value(), 0, "some")
                    .ir()?;
                let inner = self
                    .b
                    .build_extract_value(v.into_struct_value(), 1, "value")
                    .ir()?;
                let inner = self.cast(inner, f, t)?;
                let st = self.llvm_type(to).into_struct_type();
                let agg = self
                    .b
                    .build_insert_value(st.get_undef(), flag, 0, "opt")
                    .ir()?;
                Ok(self
                    .b
                    .build_insert_value(agg, inner, 1, "opt")
                    .ir()?
                    .into_struct_value()
                    .into())
            }
            (f, Type::Optional(t)) => {
                let inner = self.cast(v, f, t)?;
                let st = self.llvm_type(to).into_struct_type();
                let agg = self
                    .b
                    .build_insert_value(
                        st.get_undef(),
                        cx.bool_type().const_int(1, false),
                        0,
                        "opt",
                    )
                    .ir()?;
                Ok(self
                    .b
                    .build_insert_value(agg, inner, 1, "opt")
                    .ir()?
                    .into_struct_value()
                    .into())
            }
            (Type::Optional(f), t) => {
                // The `Cast` that unwraps has checked for `None` (see `unwrap_checked`).
                let inner = self
                    .b
                    .build_extract_value(v.into_struct_value(), 1, "value")
                    .ir()?;
                self.cast(inner, f, t)
            }
            _ => unreachable!("cast_optional is called with an optional side"),
        }
    }
}

/// What `None` and values of optionals do where they are taken as they are: their text, `==`
/// and `hash` (`passes/promote.rs` leaves these operands optional).
impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `(is_some, value)` of the optional `v`.
    pub(crate) fn optional_parts(
        &self,
        v: BasicValueEnum<'ctx>,
    ) -> R<(IntValue<'ctx>, BasicValueEnum<'ctx>)> {
        let flag = self
            .b
            .build_extract_value(v.into_struct_value(), 0, "some")
            .ir()?
            .into_int_value();
        let value = self
            .b
            .build_extract_value(v.into_struct_value(), 1, "value")
            .ir()?;
        Ok((flag, value))
    }

    /// `none()` where the optional `v` is `None`, else `some(value)`: their results meet.
    fn on_optional(
        &mut self,
        v: BasicValueEnum<'ctx>,
        none: &mut dyn FnMut(&mut Self) -> R<BasicValueEnum<'ctx>>,
        some: &mut dyn FnMut(&mut Self, BasicValueEnum<'ctx>) -> R<BasicValueEnum<'ctx>>,
    ) -> R<BasicValueEnum<'ctx>> {
        let (flag, value) = self.optional_parts(v)?;
        let (is_some, is_none, done) = (
            self.cx().append_basic_block(self.f, "opt.some"),
            self.cx().append_basic_block(self.f, "opt.none"),
            self.cx().append_basic_block(self.f, "opt.done"),
        );
        self.b
            .build_conditional_branch(flag, is_some, is_none)
            .ir()?;
        self.b.position_at_end(is_some);
        let a = some(self, value)?;
        let a_end = self.b.get_insert_block().expect("positioned");
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(is_none);
        let b = none(self)?;
        let b_end = self.b.get_insert_block().expect("positioned");
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        let phi = self.b.build_phi(a.get_type(), "opt").ir()?;
        phi.add_incoming(&[(&a, a_end), (&b, b_end)]);
        Ok(phi.as_basic_value())
    }

    /// `str(v)` (`repr`: `repr(v)`) of an optional of `inner`: `None`, or the value's text.
    pub(crate) fn optional_text(
        &mut self,
        v: BasicValueEnum<'ctx>,
        inner: &Type,
        repr: bool,
    ) -> R<PointerValue<'ctx>> {
        let r = self.on_optional(
            v,
            &mut |g| Ok(g.text_literal("None")?.into()),
            &mut |g, x| {
                Ok(match repr {
                    true => g.repr_text(x, inner)?,
                    false => g.str_convert(x, inner, false)?,
                }
                .into())
            },
        )?;
        Ok(r.into_pointer_value())
    }

    /// `format(v, spec)` of an optional: the value's, or for `None` its text where the spec
    /// is empty, and CPython's `TypeError` where it is not (`NoneType.__format__`).
    pub(crate) fn optional_format(
        &mut self,
        v: BasicValueEnum<'ctx>,
        inner: &Type,
        spec: PointerValue<'ctx>,
    ) -> R<PointerValue<'ctx>> {
        let r = self.on_optional(v, &mut |g| Ok(g.none_format(spec)?.into()), &mut |g, x| {
            Ok(g.str_format_value(x, inner, spec)?.into())
        })?;
        Ok(r.into_pointer_value())
    }

    /// `format(None, spec)`.
    pub(crate) fn none_format(&mut self, spec: PointerValue<'ctx>) -> R<PointerValue<'ctx>> {
        let n = self.str_len(spec)?;
        let empty = self
            .b
            .build_int_compare(IntPredicate::EQ, n, self.i64(0), "empty")
            .ir()?;
        self.check(
            empty,
            "TypeError",
            "unsupported format string passed to NoneType.__format__",
        )?;
        self.text_literal("None")
    }

    /// `x == y` (`!=`) where a side may be `None` (an optional or `None` itself): `None`
    /// equals only `None`, two values compare as themselves. `None` where neither side is one.
    pub(crate) fn compare_maybe_none(
        &mut self,
        op: CmpOp,
        sides: Sides<'_, 'ctx>,
    ) -> R<Option<IntValue<'ctx>>> {
        let Sides { x, tx, y, ty } = sides;
        let equality = matches!(op, CmpOp::Eq | CmpOp::Ne);
        let ordering = matches!(op, CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge);
        if oxjit_core::types::optional::ordering_with_none(ordering, tx, ty) {
            return self.order_maybe_none(op, sides).map(Some);
        }
        if !oxjit_core::types::optional::equality_with_none(equality, tx, ty) {
            return Ok(None);
        }
        let bool_t = self.cx().bool_type();
        // (present, value, value type): `None` is never present.
        let parts = |g: &Self, v: BasicValueEnum<'ctx>, t: &Type| -> R<_> {
            Ok(match t {
                Type::Optional(inner) => {
                    let (flag, value) = g.optional_parts(v)?;
                    (flag, Some((value, (**inner).clone())))
                }
                Type::NoneType => (bool_t.const_zero(), None),
                t => (bool_t.const_all_ones(), Some((v, t.clone()))),
            })
        };
        let (px, vx) = parts(self, x, tx)?;
        let (py, vy) = parts(self, y, ty)?;
        // Both `None`: equal; one: unequal; both values: as the values compare.
        let both_none = {
            let nx = self.b.build_not(px, "nx").ir()?;
            let ny = self.b.build_not(py, "ny").ir()?;
            self.b.build_and(nx, ny, "bothnone").ir()?
        };
        let eq = match (vx, vy) {
            (Some((a, ta)), Some((b, tb))) => {
                // A comparison of the values as they are (undefined bits where one is `None`
                // compare to an unused answer: selected away below).
                let both = self.b.build_and(px, py, "both").ir()?;
                let values =
                    self.on_flag(both, &mut |g| g.compare_values(CmpOp::Eq, a, &ta, b, &tb))?;
                let values = self.b.build_and(both, values, "veq").ir()?;
                self.b.build_or(both_none, values, "eq").ir()?
            }
            _ => both_none,
        };
        Ok(Some(match op {
            CmpOp::Ne => self.b.build_not(eq, "ne").ir()?,
            _ => eq,
        }))
    }

    /// `x < y` (`<=`, `>`, `>=`) where a side may be `None`: CPython's `TypeError` naming both
    /// sides' classes where one is (`'<' not supported between instances of 'NoneType' and
    /// 'int'`), else the values compared.
    fn order_maybe_none(&mut self, op: CmpOp, sides: Sides<'_, 'ctx>) -> R<IntValue<'ctx>> {
        let Sides { x, tx, y, ty } = sides;
        use oxjit_core::types::optional::{class_name, strip};
        let parts = |g: &Self, v: BasicValueEnum<'ctx>, t: &Type| -> R<_> {
            Ok(match t {
                Type::Optional(_) => {
                    let (flag, value) = g.optional_parts(v)?;
                    (Some(flag), value)
                }
                _ => (None, v),
            })
        };
        let (px, vx) = parts(self, x, tx)?;
        let (py, vy) = parts(self, y, ty)?;
        let message = |l: &str, r: &str| {
            format!(
                "'{}' not supported between instances of '{l}' and '{r}'",
                op.symbol()
            )
        };
        let (nx, ny) = (class_name(tx), class_name(ty));
        if let (Some(a), Some(b)) = (px, py) {
            let either = self.b.build_or(a, b, "either").ir()?;
            self.check(either, "TypeError", &message("NoneType", "NoneType"))?;
        }
        if let Some(a) = px {
            self.check(a, "TypeError", &message("NoneType", &ny))?;
        }
        if let Some(b) = py {
            self.check(b, "TypeError", &message(&nx, "NoneType"))?;
        }
        if matches!(tx, Type::NoneType) || matches!(ty, Type::NoneType) {
            let msg = message(&nx, &ny);
            let no = self.cx().bool_type().const_zero();
            self.check(no, "TypeError", &msg)?;
            return Ok(no);
        }
        self.compare_values(op, vx, &strip(tx), vy, &strip(ty))
    }

    /// `a < b` (`op`) of two values that may be `None`, for the generated comparison a sort
    /// calls (which cannot raise): where one is `None`, false, and the first such comparison
    /// of the sort is recorded in the runtime's per-thread record (on this cold path) for
    /// [`Self::take_order_fault`] to take after the sort.
    pub(crate) fn compare_or_fault(
        &mut self,
        op: CmpOp,
        a: BasicValueEnum<'ctx>,
        b: BasicValueEnum<'ctx>,
        inner: &Type,
    ) -> R<IntValue<'ctx>> {
        let (pa, va) = self.optional_parts(a)?;
        let (pb, vb) = self.optional_parts(b)?;
        let both = self.b.build_and(pa, pb, "both").ir()?;
        let fault = self.cx().append_basic_block(self.f, "order.fault");
        let values = self.cx().append_basic_block(self.f, "order.values");
        let br = self.b.build_conditional_branch(both, values, fault).ir()?;
        self.unlikely(br);
        self.b.position_at_end(fault);
        let i32t = self.cx().i32_type();
        let k = |n: u64| i32t.const_int(n, false);
        // 1: both `None`, 2: `a` is, 3: `b` is (as `raise_order_fault` names them).
        let b_none = self.b.build_select(pb, k(2), k(1), "anone").ir()?;
        let kind = self
            .b
            .build_select(pa, k(3), b_none.into_int_value(), "kind")
            .ir()?;
        self.call_runtime(RuntimeFn::OrderFaultSet, &[kind.into()])?;
        self.b.build_unconditional_branch(values).ir()?;
        self.b.position_at_end(values);
        self.on_flag(both, &mut |g| g.compare_values(op, va, inner, vb, inner))
    }

    /// Right after a sort whose comparisons were [`Self::compare_or_fault`]'s: the record of
    /// the first that met `None` (0: none), cleared for the next sort. Taken before anything
    /// else may raise, so that no record outlives its sort.
    pub(crate) fn take_order_fault(&mut self) -> R<IntValue<'ctx>> {
        Ok(self
            .call_runtime(RuntimeFn::OrderFaultTake, &[])?
            .expect("a record")
            .into_int_value())
    }

    /// After a sort of items (keys) of `t`, an optional: CPython's `TypeError` for the first
    /// comparison that met `None` (`kind`, from [`Self::take_order_fault`]: `'<' not
    /// supported between instances of 'NoneType' and 'int'`).
    pub(crate) fn raise_order_fault(&mut self, kind: IntValue<'ctx>, t: &Type) -> R<()> {
        let name = oxjit_core::types::optional::class_name(t);
        let i32t = self.cx().i32_type();
        for (n, l, r) in [
            (1, "NoneType", "NoneType"),
            (2, "NoneType", &*name),
            (3, &*name, "NoneType"),
        ] {
            let ok = self
                .b
                .build_int_compare(IntPredicate::NE, kind, i32t.const_int(n, false), "ok")
                .ir()?;
            let msg = format!("'<' not supported between instances of '{l}' and '{r}'");
            self.check(ok, "TypeError", &msg)?;
        }
        Ok(())
    }

    /// `f()` where `flag` holds, else false (`f` may read memory valid only then).
    pub(crate) fn on_flag(
        &mut self,
        flag: IntValue<'ctx>,
        f: &mut dyn FnMut(&mut Self) -> R<IntValue<'ctx>>,
    ) -> R<IntValue<'ctx>> {
        let (yes, done) = (
            self.cx().append_basic_block(self.f, "flag.yes"),
            self.cx().append_basic_block(self.f, "flag.done"),
        );
        let start = self.b.get_insert_block().expect("positioned");
        self.b.build_conditional_branch(flag, yes, done).ir()?;
        self.b.position_at_end(yes);
        let r = f(self)?;
        let yes_end = self.b.get_insert_block().expect("positioned");
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        let bool_t = self.cx().bool_type();
        let phi = self.b.build_phi(bool_t, "flag").ir()?;
        phi.add_incoming(&[(&r, yes_end), (&bool_t.const_zero(), start)]);
        Ok(phi.as_basic_value().into_int_value())
    }

    /// `hash(v)` of an optional of `inner`: `hash(None)` or the value's.
    pub(crate) fn optional_hash(
        &mut self,
        v: BasicValueEnum<'ctx>,
        inner: &Type,
    ) -> R<IntValue<'ctx>> {
        let r = self.on_optional(v, &mut |g| Ok(g.none_hash()?.into()), &mut |g, x| {
            Ok(g.hash_value(x, inner)?.into())
        })?;
        Ok(r.into_int_value())
    }

    /// CPython's `hash(None)`: asked of the interpreter (before 3.12 it is `None`'s address).
    pub(crate) fn none_hash(&mut self) -> R<IntValue<'ctx>> {
        let f = self.callback(oxjit_abi::Callback::HashNone);
        Ok(self
            .b
            .build_call(f, &[], "nonehash")
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("a hash")
            .into_int_value())
    }
}
