//! Raising exceptions: filling the runtime's `ExcInfo` record, giving back the live references
//! and returning status 1; the checks that branch to a raise; and `raise E(...)` statements.

use inkwell::types::StructType;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_abi::RuntimeFn;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{Const, Inst, Value};
use oxjit_core::types::Type;

use super::{FnGen, Ir, ModuleGen, R};
use crate::target::ExcArg;

impl<'ctx> ModuleGen<'ctx> {
    /// The target's exception record (the runtime's `ExcInfo` on the CPU).
    pub fn exc_info_type(&self) -> StructType<'ctx> {
        self.target.exception_record_type(self.cx)
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub fn raise(
        &mut self,
        class: &str,
        msg: &str,
        arg: Option<(i64, BasicValueEnum<'ctx>)>,
    ) -> R<()> {
        self.fill_exc(class, msg, arg)?;
        self.leave_raised()
    }

    /// Fills the exception record with `class(msg)` and its value argument.
    pub fn fill_exc(
        &mut self,
        class: &str,
        msg: &str,
        arg: Option<(i64, BasicValueEnum<'ctx>)>,
    ) -> R<()> {
        let arg = arg.map_or(ExcArg::None, |(kind, v)| ExcArg::Value(kind, v));
        self.record_exception(class, msg, arg)
    }

    /// Has the target record `class(msg)` with its argument (the strings interned here).
    fn record_exception(&mut self, class: &str, msg: &str, arg: ExcArg<'_, 'ctx>) -> R<()> {
        let class_ptr = self.m.string(&self.b, class)?;
        let msg_ptr = self.m.string(&self.b, msg)?;
        self.target().record_exception(
            &self.emit(),
            (class_ptr, class.len()),
            (msg_ptr, msg.len()),
            arg,
        )
    }

    /// Raises `class(template)` with `{0}` `{1}` `{2}` of the template replaced by `ints`.
    pub fn raise_formatted(
        &mut self,
        class: &str,
        template: &str,
        ints: &[IntValue<'ctx>],
    ) -> R<()> {
        self.record_exception(class, template, ExcArg::Ints(ints))?;
        self.leave_raised()
    }

    /// Continues only where `ok` holds; elsewhere raises `class(msg)`.
    pub fn check(&mut self, ok: IntValue<'ctx>, class: &str, msg: &str) -> R<()> {
        let fail = self.cx().append_basic_block(self.f, "raise");
        let cont = self.cx().append_basic_block(self.f, "ok");
        let br = self.b.build_conditional_branch(ok, cont, fail).ir()?;
        self.unlikely(br);
        self.b.position_at_end(fail);
        self.raise(class, msg, None)?;
        self.b.position_at_end(cont);
        Ok(())
    }

    /// Continues only where `ok` holds; elsewhere raises `class(template)` with `{0}`, `{1}`...
    /// of the template replaced by `ints`.
    pub fn check_formatted(
        &mut self,
        ok: IntValue<'ctx>,
        class: &str,
        template: &str,
        ints: &[IntValue<'ctx>],
    ) -> R<()> {
        let fail = self.cx().append_basic_block(self.f, "raise");
        let cont = self.cx().append_basic_block(self.f, "ok");
        let br = self.b.build_conditional_branch(ok, cont, fail).ir()?;
        self.unlikely(br);
        self.b.position_at_end(fail);
        self.raise_formatted(class, template, ints)?;
        self.b.position_at_end(cont);
        Ok(())
    }

    /// Marks a conditional branch whose false side leads to an error as rarely taken, so that
    /// LLVM lays the raise paths out of the hot loop.
    pub fn unlikely(&self, br: inkwell::values::InstructionValue<'ctx>) {
        let cx = self.cx();
        let weights = cx.metadata_node(&[
            cx.metadata_string("branch_weights").into(),
            cx.i32_type().const_int(1 << 20, false).into(),
            cx.i32_type().const_int(1, false).into(),
        ]);
        let _ = br.set_metadata(weights, cx.get_kind_id("prof"));
    }

    pub(super) fn lower_raise(&mut self, v: Value) -> R<()> {
        match (self.ty(v), self.typed.func.inst(v).clone()) {
            // An exception leaving an `except` clause: the clause's exception as its context,
            // where it has none.
            (
                Type::CaughtException,
                Inst::ChainException {
                    context: Some(c), ..
                },
            ) => self.raise_with_context(v, c),
            (Type::CaughtException, _) => self.raise_caught(v),
            (
                _,
                Inst::ChainException {
                    exc,
                    cause,
                    context,
                },
            ) => self.raise_chained(exc, cause, context),
            _ => {
                self.fill_exception(v)?;
                self.leave_raised()
            }
        }
    }

    /// Fills the exception record with exception `v`: a class or a new instance.
    pub(super) fn fill_exception(&mut self, v: Value) -> R<()> {
        let (class, args): (String, Vec<Value>) =
            match (self.ty(v).clone(), self.typed.func.inst(v)) {
                (Type::ExceptionClass(c), _) => (c.to_string(), vec![]),
                (Type::Exception(c), Inst::Call { args, .. }) => (c.to_string(), args.clone()),
                // Typing rejects the rest (`typeinfer/raises.rs`).
                (t, _) => return Err(Diagnostic::internal(format!("a raise of {t}"))),
            };
        self.fill_raised(&class, &args)
    }

    /// Fills the exception record with `class(*args)` (what `raise class(*args)` raises, or
    /// `g.throw(class, arg)` throws into a generator).
    pub(super) fn fill_raised(&mut self, class: &str, args: &[Value]) -> R<()> {
        let class = class.to_string();
        let consts: Vec<Option<&Const>> = args.iter().map(|a| self.typed.constant(*a)).collect();
        if consts.iter().all(Option::is_some) {
            return match consts.as_slice() {
                [] => self.fill_exc(&class, "", None),
                [Some(c)] => match self.constant_arg(c) {
                    Some(arg) => self.fill_exc(&class, "", Some(arg)),
                    // `E(None)`: the value, not its text, in `e.args` (`ArgKind::Literal`).
                    None if matches!(c, Const::None) => {
                        let kind = oxjit_abi::ArgKind::Literal as i64;
                        let zero = self.cx().i64_type().const_zero().into();
                        self.fill_exc(&class, "None", Some((kind, zero)))
                    }
                    None => self.fill_exc(&class, &const_str(c), None),
                },
                many => {
                    // The repr of the arguments' tuple: the exception's str(), and what the
                    // host reads the arguments back from (`ArgKind::ConstArgs`).
                    let parts: Vec<String> =
                        many.iter().map(|c| const_repr(c.expect("const"))).collect();
                    let msg = format!("({})", parts.join(", "));
                    let kind = oxjit_abi::ArgKind::ConstArgs as i64;
                    let zero = self.cx().i64_type().const_zero().into();
                    self.fill_exc(&class, &msg, Some((kind, zero)))
                }
            };
        }
        match args {
            [a] if !oxjit_core::types::is_str(self.ty(*a)) => {
                let value = self.val(*a);
                let (kind, value) = match self.ty(*a) {
                    Type::Bool => (
                        3,
                        self.b
                            .build_int_z_extend(value.into_int_value(), self.cx().i64_type(), "b")
                            .ir()?
                            .into(),
                    ),
                    t @ Type::Int(_) => (1, self.cast(value, t, &Type::I64)?),
                    t @ Type::Float(_) => (2, self.cast(value, t, &Type::F64)?),
                    t => {
                        return Err(Diagnostic::internal(format!(
                            "an exception argument of type {t}"
                        )))
                    }
                };
                self.fill_exc(&class, "", Some((kind, value)))
            }
            _ => self.fill_runtime_args(&class, args),
        }
    }

    /// `E(a, ...)` with a string or several arguments known at run time: the runtime copies
    /// them into a block the record owns (`oxjit_abi::ArgKind::Owned`); `MemoryError` instead
    /// where the block cannot be had.
    fn fill_runtime_args(&mut self, class: &str, args: &[Value]) -> R<()> {
        let i64t = self.cx().i64_type();
        let n = args.len() as u32;
        let kinds = self.alloca(i64t.array_type(n).into(), "arg_kinds")?;
        let values = self.alloca(i64t.array_type(n).into(), "arg_values")?;
        for (k, &a) in args.iter().enumerate() {
            let t = self.ty(a).clone();
            let (kind, value): (u64, IntValue<'ctx>) = match (self.typed.constant(a), &t) {
                // A string constant, or a value typed by its text (a literal argument).
                (Some(Const::Str(s)), _) | (_, Type::StrLiteral(s)) => {
                    let p = self.str_literal(s)?;
                    (0, self.b.build_ptr_to_int(p, i64t, "s").ir()?)
                }
                (_, t) if oxjit_core::types::is_str(t) => {
                    let p = self.val(a).into_pointer_value();
                    (0, self.b.build_ptr_to_int(p, i64t, "s").ir()?)
                }
                (_, Type::Bool) => {
                    let x = self.val(a).into_int_value();
                    (3, self.b.build_int_z_extend(x, i64t, "b").ir()?)
                }
                (Some(Const::None), _) | (_, Type::NoneType) => (4, i64t.const_zero()),
                (_, Type::Int(_)) => (1, self.cast(self.val(a), &t, &Type::I64)?.into_int_value()),
                (_, Type::Float(_)) => {
                    let x = self.cast(self.val(a), &t, &Type::F64)?;
                    (
                        2,
                        self.b.build_bit_cast(x, i64t, "f").ir()?.into_int_value(),
                    )
                }
                // Typing refuses the others (`typeinfer/raises.rs`).
                (_, t) => {
                    return Err(Diagnostic::internal(format!(
                        "an exception argument of type {t}"
                    )))
                }
            };
            let idx = [i64t.const_zero(), i64t.const_int(k as u64, false)];
            // SAFETY: indices within the arrays allocated above.
            let (kind_at, value_at) = unsafe {
                (
                    self.b
                        .build_gep(i64t.array_type(n), kinds, &idx, "kind")
                        .ir()?,
                    self.b
                        .build_gep(i64t.array_type(n), values, &idx, "value")
                        .ir()?,
                )
            };
            self.b
                .build_store(kind_at, i64t.const_int(kind, false))
                .ir()?;
            self.b.build_store(value_at, value).ir()?;
        }
        self.set_runtime_args(class, kinds, values, n)
    }

    /// Raises `class(text)`, a message made at run time; `text` (a new string) is given back.
    pub fn raise_text(&mut self, class: &str, text: PointerValue<'ctx>) -> R<()> {
        let i64t = self.cx().i64_type();
        let kinds = self.alloca(i64t.array_type(1).into(), "arg_kinds")?;
        let values = self.alloca(i64t.array_type(1).into(), "arg_values")?;
        self.b.build_store(kinds, i64t.const_zero()).ir()?;
        let p = self.b.build_ptr_to_int(text, i64t, "s").ir()?;
        self.b.build_store(values, p).ir()?;
        self.set_runtime_args(class, kinds, values, 1)?;
        self.decref(text.into(), &Type::Str)?;
        self.leave_raised()
    }

    /// Fills the record with `class` and the `n` arguments (kinds and values) the runtime
    /// copies into a block the record owns; `MemoryError` where it cannot.
    fn set_runtime_args(
        &mut self,
        class: &str,
        kinds: PointerValue<'ctx>,
        values: PointerValue<'ctx>,
        n: u32,
    ) -> R<()> {
        let i64t = self.cx().i64_type();
        self.fill_exc(class, "", None)?;
        let status = self
            .call_runtime(
                RuntimeFn::ExceptionSetArgs,
                &[
                    self.exc_ptr.into(),
                    kinds.into(),
                    values.into(),
                    i64t.const_int(n as u64, false).into(),
                ],
            )?
            .expect("a status")
            .into_int_value();
        let ok = self
            .b
            .build_int_compare(
                IntPredicate::EQ,
                status,
                status.get_type().const_zero(),
                "ok",
            )
            .ir()?;
        let fail = self.cx().append_basic_block(self.f, "no_memory");
        let cont = self.cx().append_basic_block(self.f, "raise");
        self.b.build_conditional_branch(ok, cont, fail).ir()?;
        self.b.position_at_end(fail);
        self.fill_exc("MemoryError", "", None)?;
        self.b.build_unconditional_branch(cont).ir()?;
        self.b.position_at_end(cont);
        Ok(())
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// A constant number argument as the record's value argument (so that Python gets the
    /// number, not its text, in `e.args`); `None` for the others (strings are the message).
    fn constant_arg(&self, c: &Const) -> Option<(i64, BasicValueEnum<'ctx>)> {
        use oxjit_abi::ArgKind;
        let i64t = self.cx().i64_type();
        Some(match c {
            Const::Bool(b) => (
                ArgKind::Bool as i64,
                i64t.const_int(*b as u64, false).into(),
            ),
            Const::Int(i) => (ArgKind::Int as i64, i64t.const_int(*i as u64, true).into()),
            Const::Float(x) => (
                ArgKind::Float as i64,
                self.cx().f64_type().const_float(*x).into(),
            ),
            _ => return None,
        })
    }
}

/// `str()` of a constant, as an exception message shows it.
fn const_str(c: &Const) -> String {
    match c {
        Const::Str(s) => s.to_string(),
        other => const_repr(other),
    }
}

/// `repr()` of a constant.
fn const_repr(c: &Const) -> String {
    match c {
        Const::Int(i) => i.to_string(),
        Const::Float(x) => oxjit_runtime::numbers::float_repr(*x),
        Const::Complex(re, im) => {
            // CPython's complex repr shows its parts without a trailing ".0" (`(1+2j)`).
            let float_repr = |x: f64| {
                let s = oxjit_runtime::numbers::float_repr(x);
                s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
            };
            if *re == 0.0 && re.is_sign_positive() {
                format!("{}j", float_repr(*im))
            } else {
                let sign = if *im < 0.0 || (im.is_sign_negative() && *im == 0.0) {
                    "-"
                } else {
                    "+"
                };
                format!("({}{sign}{}j)", float_repr(*re), float_repr(im.abs()))
            }
        }
        Const::Bool(b) => (if *b { "True" } else { "False" }).to_string(),
        Const::None => "None".to_string(),
        // CPython's quoting and escapes (the runtime's `repr` of a string).
        Const::Str(s) => {
            let cps: Vec<u32> = s.chars().map(u32::from).collect();
            oxjit_runtime::strs::repr_text(oxjit_runtime::strs::Units::L4(&cps))
        }
        Const::Array(_) => "<array>".to_string(),
        Const::Typed(t, c) => oxjit_core::ir::print::typed_text(t, c),
        Const::Tuple(items) => {
            let parts: Vec<String> = items.iter().map(const_repr).collect();
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
    }
}
