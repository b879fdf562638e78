//! Closures (`oxjit_core::ssa` closure conversion): making one (the struct of its captured
//! values), the cells closures share with the function that defines them (a slot in that
//! function's frame), and the captured values a call of a closure passes first.

use inkwell::values::BasicValueEnum;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{Inst, Value};
use oxjit_core::types::Type;

use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `make_closure innerN(captures)`: the struct of the captured values.
    pub(super) fn make_closure(&mut self, captures: &[Value], t: &Type) -> R<BasicValueEnum<'ctx>> {
        let st = self.llvm_type(t).into_struct_type();
        let mut agg = st.get_undef();
        for (i, c) in captures.iter().enumerate() {
            agg = self
                .b
                .build_insert_value(agg, self.val(*c), i as u32, "closure")
                .ir()?
                .into_struct_value();
        }
        Ok(agg.into())
    }

    /// A new cell: a zeroed slot in this frame (LLVM promotes it to registers once the
    /// closures using it are inlined).
    pub(super) fn cell_new(&mut self, t: &Type) -> R<BasicValueEnum<'ctx>> {
        let Type::Cell(content) = t else {
            return Err(Diagnostic::internal(format!("cell_new of {t}")));
        };
        let lt = self.llvm_type(content);
        let slot = self.alloca(lt, "cell")?;
        self.b.build_store(slot, lt.const_zero()).ir()?;
        Ok(slot.into())
    }

    pub(super) fn cell_load(&mut self, cell: Value, t: &Type) -> R<BasicValueEnum<'ctx>> {
        let lt = self.llvm_type(t);
        self.b
            .build_load(lt, self.val(cell).into_pointer_value(), "cellval")
            .ir()
    }

    /// `cell = x`, converted to the cell's type (the types of the values stored unify to it).
    pub(super) fn cell_store(&mut self, cell: Value, x: Value) -> R<BasicValueEnum<'ctx>> {
        let Type::Cell(content) = self.ty(cell).clone() else {
            return Err(Diagnostic::internal("cell_store into a non-cell"));
        };
        let value = self.cast(self.val(x), &self.ty(x).clone(), &content)?;
        self.b
            .build_store(self.val(cell).into_pointer_value(), value)
            .ir()?;
        Ok(self.cx().i8_type().const_zero().into())
    }

    /// The values a call `v` passes before its arguments: what the closure it calls captured
    /// (nothing for a call of another kind).
    pub(super) fn captured_arguments(&mut self, v: Value) -> R<Vec<BasicValueEnum<'ctx>>> {
        let Inst::Call { func, .. } = self.typed.func.inst(v) else {
            return Ok(Vec::new());
        };
        let func = *func;
        let Type::Closure(_, captures) = self.ty(func).clone() else {
            return Ok(Vec::new());
        };
        let closure = self.val(func).into_struct_value();
        (0..captures.len() as u32)
            .map(|i| self.b.build_extract_value(closure, i, "captured").ir())
            .collect()
    }
}
