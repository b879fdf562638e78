//! Tuple items: a constant index extracts the field, a runtime index into a homogeneous tuple
//! goes through memory with Python's bounds check.

use inkwell::types::BasicType;
use inkwell::values::BasicValueEnum;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{Const, Value};
use oxjit_core::types::Type;

use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub(super) fn tuple_getitem(&mut self, a: Value, i: Value) -> R<BasicValueEnum<'ctx>> {
        let tuple_t = self.ty(a).clone();
        let Type::Tuple(items) = &tuple_t else {
            return Err(Diagnostic::internal("getitem of a non-tuple"));
        };
        let n = items.len() as i64;
        if let Some(k) = match self.typed.constant(i) {
            Some(Const::Int(k)) => Some(*k),
            Some(Const::Bool(b)) => Some(*b as i64),
            _ => None,
        } {
            let idx = if k < 0 { k + n } else { k };
            return self
                .b
                .build_extract_value(self.val(a).into_struct_value(), idx as u32, "item")
                .ir();
        }
        // A runtime index into a homogeneous tuple: through memory, with Python's bounds check.
        let item_t = self.llvm_type(&items[0]);
        let array_t = item_t.array_type(n as u32);
        let slot = self.alloca(array_t.into(), "tuple.mem")?;
        let tuple = self.val(a).into_struct_value();
        for k in 0..n as u32 {
            let item = self.b.build_extract_value(tuple, k, "it").ir()?;
            let p = unsafe {
                self.b.build_in_bounds_gep(
                    array_t,
                    slot,
                    &[
                        self.cx().i64_type().const_zero(),
                        self.cx().i64_type().const_int(k as u64, false),
                    ],
                    "p",
                )
            }
            .ir()?;
            self.b.build_store(p, item).ir()?;
        }
        let index = self
            .cast(self.val(i), &self.ty(i).clone(), &Type::I64)?
            .into_int_value();
        let len = self.cx().i64_type().const_int(n as u64, true);
        let neg = self
            .b
            .build_int_compare(
                inkwell::IntPredicate::SLT,
                index,
                self.cx().i64_type().const_zero(),
                "neg",
            )
            .ir()?;
        let wrapped = self.b.build_int_add(index, len, "wrapped").ir()?;
        let index = self
            .b
            .build_select(neg, wrapped, index, "index")
            .ir()?
            .into_int_value();
        let in_range = self
            .b
            .build_int_compare(inkwell::IntPredicate::ULT, index, len, "inrange")
            .ir()?;
        self.check(in_range, "IndexError", "tuple index out of range")?;
        let p = unsafe {
            self.b.build_in_bounds_gep(
                array_t,
                slot,
                &[self.cx().i64_type().const_zero(), index],
                "p",
            )
        }
        .ir()?;
        self.b.build_load(item_t, p, "item").ir()
    }
}
