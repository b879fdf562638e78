//! Conversions between numeric types (widening, narrowing, real to complex, float to int with
//! NumPy's saturation rules), tuples item by item, and into, out of and between optional values.

use inkwell::values::BasicValueEnum;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::types::Type;

use super::{FnGen, Ir, R};
use crate::models;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// Converts `v` from `from` to `to` (numeric widening/narrowing, real to complex, tuples
    /// item by item).
    pub fn cast(&self, v: BasicValueEnum<'ctx>, from: &Type, to: &Type) -> R<BasicValueEnum<'ctx>> {
        if from == to {
            return Ok(v);
        }
        // Optionals and tuples convert as their models say.
        for kind in [from, to] {
            if let Some(r) = models::model_of(kind).cast(self, v, from, to)? {
                return Ok(r);
            }
        }
        if let Some(r) = self.half_cast(v, from, to)? {
            return Ok(r);
        }
        let b = &self.b;
        let target = self.llvm_type(to);
        Ok(match (from, to) {
            (Type::Bool, Type::Int(_)) => b
                .build_int_z_extend(v.into_int_value(), target.into_int_type(), "zext")
                .ir()?
                .into(),
            (Type::Int(f), Type::Int(t)) => {
                let iv = v.into_int_value();
                if t.bits > f.bits {
                    if f.signed {
                        b.build_int_s_extend(iv, target.into_int_type(), "sext")
                            .ir()?
                            .into()
                    } else {
                        b.build_int_z_extend(iv, target.into_int_type(), "zext")
                            .ir()?
                            .into()
                    }
                } else if t.bits < f.bits {
                    b.build_int_truncate(iv, target.into_int_type(), "trunc")
                        .ir()?
                        .into()
                } else {
                    v
                }
            }
            (Type::Bool, Type::Float(_)) => b
                .build_unsigned_int_to_float(v.into_int_value(), target.into_float_type(), "uitofp")
                .ir()?
                .into(),
            (Type::Int(f), Type::Float(_)) => {
                if f.signed {
                    b.build_signed_int_to_float(
                        v.into_int_value(),
                        target.into_float_type(),
                        "sitofp",
                    )
                    .ir()?
                    .into()
                } else {
                    b.build_unsigned_int_to_float(
                        v.into_int_value(),
                        target.into_float_type(),
                        "uitofp",
                    )
                    .ir()?
                    .into()
                }
            }
            // Truncation as C does on x86-64 (Numba's `fptosi`/`fptoui`; NumPy's `astype`).
            (Type::Float(_), Type::Int(_)) => return self.numpy_cast(v, from, to),
            // Another layout or a read-only view of the same array: the same native form.
            (Type::Array(a), Type::Array(t)) if a.dtype == t.dtype && a.ndim == t.ndim => v,
            (Type::Float(_), Type::Float(_)) => b
                .build_float_cast(v.into_float_value(), target.into_float_type(), "fcast")
                .ir()?
                .into(),
            (Type::Bool | Type::Int(_) | Type::Float(_), Type::Complex(bits)) => {
                let part = Type::Float(bits / 2);
                let re = self.cast(v, from, &part)?;
                let st = target.into_struct_type();
                let zero = self.llvm_type(&part).into_float_type().const_zero();
                let agg = b.build_insert_value(st.get_undef(), re, 0, "re").ir()?;
                b.build_insert_value(agg, zero, 1, "im")
                    .ir()?
                    .into_struct_value()
                    .into()
            }
            (Type::Complex(_), Type::Complex(bits)) => {
                let part = Type::Float(bits / 2);
                let from_part = Type::Float(if *from == Type::Complex(64) { 32 } else { 64 });
                let (re, im) = self.complex_parts(v)?;
                let re = self.cast(re.into(), &from_part, &part)?;
                let im = self.cast(im.into(), &from_part, &part)?;
                self.make_complex(re, im, to)?.into()
            }
            (_, Type::Bool) => self.truth(v, from)?.into(),
            // Typing and the passes insert only conversions that exist.
            _ => {
                return Err(Diagnostic::internal(format!(
                    "cannot convert {from} to {to}"
                )))
            }
        })
    }
}
