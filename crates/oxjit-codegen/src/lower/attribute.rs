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
            (Type::ArrayFlags, _) => {
                let Some(arr) = self.typed.ctypes_of.get(&a).copied() else {
                    return Err(Diagnostic::internal("a.flags without its array"));
                };
                let Type::Array(at) = self.ty(arr).clone() else {
                    return Err(Diagnostic::internal(
                        "a.flags of a value that is not an array",
                    ));
                };
                self.array_flag(self.val(arr).into_struct_value(), &at, name)
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
            (Type::Slice, "start" | "stop" | "step") => self.slice_part(recv, name, t),
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

/// The position of field `name` of a named tuple (or a polynomial) of type `t`.
fn named_field(t: &Type, name: &str) -> Option<usize> {
    match t {
        Type::Tuple(items) => items.class()?.position(name),
        // A polynomial's `coef`, `domain`, `window`: its fields, in that order.
        Type::Polynomial(_) => oxjit_core::types::POLYNOMIAL_FIELDS
            .iter()
            .position(|f| *f == name),
        _ => None,
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `s.start`, `s.stop`, `s.step` of a slice: the part, or `None` where it is missing
    /// (`i64::MIN` in the native slice), as the optional int `t`.
    fn slice_part(
        &mut self,
        slice: BasicValueEnum<'ctx>,
        name: &str,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let k = ["start", "stop", "step"]
            .iter()
            .position(|p| *p == name)
            .unwrap_or_else(|| unreachable!("typing allows these three"));
        let part = self
            .b
            .build_extract_value(slice.into_struct_value(), k as u32, name)
            .ir()?
            .into_int_value();
        let missing = self.cx().i64_type().const_int(i64::MIN as u64, true);
        let present = self
            .b
            .build_int_compare(inkwell::IntPredicate::NE, part, missing, "present")
            .ir()?;
        let st = self.llvm_type(t).into_struct_type();
        let agg = self
            .b
            .build_insert_value(st.get_undef(), present, 0, "opt")
            .ir()?;
        Ok(self
            .b
            .build_insert_value(agg, part, 1, "opt")
            .ir()?
            .into_struct_value()
            .into())
    }

    /// `a.flags.<name>`: NumPy's contiguity flags from the shape and strides (axes of length 1
    /// do not count, an empty array is both), `writeable` from the type.
    fn array_flag(
        &mut self,
        arr: inkwell::values::StructValue<'ctx>,
        at: &oxjit_core::types::ArrayTy,
        name: &str,
    ) -> R<BasicValueEnum<'ctx>> {
        let bool_t = self.cx().bool_type();
        if name == "writeable" {
            return Ok(bool_t.const_int(u64::from(!at.readonly), false).into());
        }
        let c = self.contiguous_in(arr, at, false)?;
        let f = self.contiguous_in(arr, at, true)?;
        let flag = match name {
            "c_contiguous" | "contiguous" => c,
            "f_contiguous" => f,
            "forc" => self.b.build_or(c, f, "forc").ir()?,
            _ => {
                let not_c = self.b.build_not(c, "not_c").ir()?;
                self.b.build_and(f, not_c, "fnc").ir()?
            }
        };
        Ok(flag.into())
    }

    /// Whether the array's items lie in one block in C order (F order where `fortran`).
    fn contiguous_in(
        &mut self,
        arr: inkwell::values::StructValue<'ctx>,
        at: &oxjit_core::types::ArrayTy,
        fortran: bool,
    ) -> R<inkwell::values::IntValue<'ctx>> {
        use inkwell::IntPredicate::EQ;
        let shape = self.shape_values(arr, at)?;
        let strides = self.array_strides(arr, at)?;
        let itemsize = oxjit_core::types::size_align(&at.dtype).0 as i64;
        let mut expected = self.i64(itemsize);
        let mut ok = self.cx().bool_type().const_int(1, false);
        let mut empty = self.cx().bool_type().const_zero();
        let axes: Vec<usize> = if fortran {
            (0..shape.len()).collect()
        } else {
            (0..shape.len()).rev().collect()
        };
        for k in axes {
            let n = shape[k];
            let one = self.b.build_int_compare(EQ, n, self.i64(1), "one").ir()?;
            let zero = self.b.build_int_compare(EQ, n, self.i64(0), "zero").ir()?;
            let fits = self
                .b
                .build_int_compare(EQ, strides[k], expected, "fits")
                .ir()?;
            let fits = self.b.build_or(one, fits, "fits").ir()?;
            ok = self.b.build_and(ok, fits, "ok").ir()?;
            empty = self.b.build_or(empty, zero, "empty").ir()?;
            expected = self.b.build_int_mul(expected, n, "expected").ir()?;
        }
        self.b.build_or(ok, empty, "contiguous").ir()
    }
}
