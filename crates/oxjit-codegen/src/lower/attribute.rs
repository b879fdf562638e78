//! Attributes of values other than arrays (`a.ctypes.data`, `z.real`, `x.imag`...); arrays'
//! own are in `array.rs`.

use inkwell::values::BasicValueEnum;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::Value;
use oxjit_core::types::Type;

use super::{FnGen, Ir, R};
use crate::models::array::ArrayValue;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub(super) fn attribute(&mut self, a: Value, name: &str, t: &Type) -> R<BasicValueEnum<'ctx>> {
        let recv_t = self.ty(a).clone();
        if let Some(v) = self.cuda_attribute(&recv_t, name)? {
            return Ok(v);
        }
        let recv = self.val(a);
        if let Type::Record(_) = recv_t {
            return self.record_getattr(a, name);
        }
        // A named tuple's field: its item.
        if let Some(k) = named_field(&recv_t, name) {
            return self
                .b
                .build_extract_value(recv.into_struct_value(), k as u32, name)
                .ir();
        }
        if let (Type::Array(at), Type::Array(view_t)) = (&recv_t, t) {
            if oxjit_core::types::is_field_attribute(at, name) {
                let arr = recv.into_struct_value();
                return Ok(self.array_field_view(arr, at, name, view_t)?.into());
            }
        }
        if let Type::Array(_) = recv_t {
            return self.array_attribute(a, name, t);
        }
        match (&recv_t, name) {
            (Type::ArrayCtypes, "data") => {
                // `a.ctypes.data`: the address of `a`'s first item (typing recorded `a`).
                let Some(arr) = self.typed.ctypes_of.get(&a) else {
                    return Err(Diagnostic::internal("a.ctypes without its array"));
                };
                if !matches!(self.ty(*arr), Type::Array(_)) {
                    return Err(Diagnostic::internal(
                        "a.ctypes of a value that is not an array",
                    ));
                }
                let data = ArrayValue(self.val(*arr).into_struct_value()).data(&self.b)?;
                self.b
                    .build_ptr_to_int(data, self.cx().i64_type(), "address")
                    .ir()
                    .map(Into::into)
            }
            (Type::Complex(_), "real") => self
                .b
                .build_extract_value(recv.into_struct_value(), 0, "re")
                .ir(),
            (Type::Complex(_), "imag") => self
                .b
                .build_extract_value(recv.into_struct_value(), 1, "im")
                .ir(),
            (Type::CaughtException, "args") => self.exception_args(recv, t),
            // `a.dtype.name` and friends: string constants, known when compiling.
            (Type::Builtin(_), _) if matches!(t, Type::StrLiteral(_)) => {
                Ok(self.llvm_type(t).const_zero())
            }
            (_, "real") => self.cast(recv, &recv_t, t),
            (_, "imag") => Ok(self.llvm_type(t).const_zero()),
            // Typing resolves every other attribute to a constant or a bound method.
            _ => Err(Diagnostic::internal(format!(
                "attribute '{name}' of {recv_t} cannot be lowered"
            ))),
        }
    }
}

/// The position of field `name` of a named tuple of type `t`.
fn named_field(t: &Type, name: &str) -> Option<usize> {
    match t {
        Type::Tuple(items) => items.class()?.position(name),
        _ => None,
    }
}
