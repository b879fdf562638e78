//! Constants in their LLVM representation: each type kind's model builds its own (numbers,
//! complex numbers, tuples, arrays from Python baked into the code); a constant of a narrower
//! type than its use is built in its own type and converted.

use inkwell::values::BasicValueEnum;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::Const;
use oxjit_core::types::Type;

use super::{FnGen, R};
use crate::models;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub fn constant(&self, c: &Const, t: &Type) -> R<BasicValueEnum<'ctx>> {
        let cx = self.cx();
        match c {
            Const::Str(s) if *t == Type::Str => return Ok(self.str_literal(s)?.into()),
            // Values that exist only at compile time: a dummy byte, never read.
            Const::None | Const::Str(_) => return Ok(cx.i8_type().const_zero().into()),
            // The inner constant built in its exact type (a uint64's bits, a float32's value).
            Const::Typed(own, inner) if own == t => return self.constant(inner, t),
            _ => {}
        }
        if let Some(v) = models::model_of(t).constant(self, c, t)? {
            return Ok(v);
        }
        // A constant of a narrower type than its use: build it as its own type and convert.
        let own = oxjit_core::typeinfer::const_type(c);
        if &own == t {
            return Err(Diagnostic::internal(format!("constant {c} of type {t}")));
        }
        let v = self.constant(c, &own)?;
        self.const_cast(v, &own, t)
    }

    fn const_cast(
        &self,
        v: BasicValueEnum<'ctx>,
        from: &Type,
        to: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        // Constant folding through the builder: LLVM folds casts of constants.
        self.cast(v, from, to)
    }
}
