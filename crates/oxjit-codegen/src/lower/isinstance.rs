//! `isinstance(x, classes)` where typing left the answer to run time
//! (`oxjit_core::registry::introspect::Test`): whether a list or dict block is an
//! `oxjit.typed` container (its header's `typed` word), the class of a caught exception, and
//! whether a value that may be `None` is one.

use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{Const, Inst, Value};
use oxjit_core::registry::introspect::{answer, Answer, Test};
use oxjit_core::registry::Builtin;
use oxjit_core::typeinfer::CallTarget;
use oxjit_core::types::Type;

use super::typed::{DICT_TYPED_WORD, LIST_TYPED_WORD};
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `isinstance(x, classes)` of a value `x` of type `tx`.
    pub(crate) fn isinstance(
        &mut self,
        x: BasicValueEnum<'ctx>,
        tx: &Type,
        classes: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let a = answer(tx, classes).map_err(|e| Diagnostic::internal(e.message))?;
        Ok(self.answer_of(x, tx, &a)?.into())
    }

    /// Where typing answered `isinstance(x, list)` of a list `v` for a Python list (the other
    /// branch did not type for one, `typeinfer::infer`): raises `TypeError` when an
    /// `oxjit.typed.List` (`Dict`) comes instead, rather than taking the wrong branch.
    pub(crate) fn guard_speculated_isinstance(&mut self, v: Value) -> R<()> {
        let Some(Const::Bool(assumed)) = self.typed.constant(v).cloned() else {
            return Ok(());
        };
        let Some(CallTarget::Builtin(r)) = self.typed.calls.get(&v) else {
            return Ok(());
        };
        let (Builtin::IsInstance, Inst::Call { args, .. }) = (r.id, self.typed.func.inst(v)) else {
            return Ok(());
        };
        let [x, classes] = args[..] else {
            return Ok(());
        };
        let (tx, tc) = (self.ty(x).clone(), self.ty(classes).clone());
        let Ok(a @ Answer::Test(Test::Typed(_))) = answer(&tx, &tc) else {
            return Ok(());
        };
        let actual = self.answer_of(self.val(x), &tx, &a)?;
        let expected = self.cx().bool_type().const_int(assumed as u64, false);
        let ok = self
            .b
            .build_int_compare(IntPredicate::EQ, actual, expected, "speculated")
            .ir()?;
        let kind = if matches!(tx, Type::List(_)) {
            "List"
        } else {
            "Dict"
        };
        let (line, _, _) = self
            .typed
            .source
            .locate(self.typed.func.range(v).start().into());
        let msg = format!(
            "oxjit: an oxjit.typed.{kind} reached isinstance() at line {line}, which this \
             function answers for a Python {} (the code for a typed {kind} does not type for it): \
             test isinstance(x, ({}, {kind})), or pass a Python {}",
            kind.to_lowercase(),
            kind.to_lowercase(),
            kind.to_lowercase()
        );
        self.check(ok, "TypeError", &msg)
    }

    fn answer_of(&mut self, x: BasicValueEnum<'ctx>, tx: &Type, a: &Answer) -> R<IntValue<'ctx>> {
        let bool_t = self.cx().bool_type();
        let test = match a {
            Answer::Known(b) => return Ok(bool_t.const_int(*b as u64, false)),
            Answer::Test(t) => t,
        };
        match (test, tx) {
            (Test::Typed(typed), Type::List(_) | Type::Dict(..)) => {
                let word = match tx {
                    Type::List(_) => LIST_TYPED_WORD,
                    _ => DICT_TYPED_WORD,
                };
                let p = self.header_word(x.into_pointer_value(), word)?;
                let i64t = self.cx().i64_type();
                let flag = self.b.build_load(i64t, p, "typed").ir()?.into_int_value();
                let op = if *typed {
                    IntPredicate::NE
                } else {
                    IntPredicate::EQ
                };
                self.b
                    .build_int_compare(op, flag, i64t.const_zero(), "isinstance")
                    .ir()
            }
            (Test::Caught(names), Type::CaughtException) => {
                let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
                self.caught_matches(x.into_struct_value(), &names)
            }
            (Test::Optional { some, none }, Type::Optional(inner)) => {
                let (flag, value) = self.optional_parts(x)?;
                let some = self.on_flag(flag, &mut |g| g.answer_of(value, inner, some))?;
                if !*none {
                    return Ok(some);
                }
                let is_none = self.b.build_not(flag, "isnone").ir()?;
                self.b.build_or(some, is_none, "isinstance").ir()
            }
            _ => Err(Diagnostic::internal(format!(
                "isinstance: a run-time test {test:?} of a value of type {tx}"
            ))),
        }
    }
}
