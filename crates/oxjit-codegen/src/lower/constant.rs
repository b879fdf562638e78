//! Constants: numbers, complex numbers, tuples and arrays (an array from Python baked into the
//! code) in their LLVM representation.

use inkwell::values::BasicValueEnum;
use inkwell::AddressSpace;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::Const;
use oxjit_core::types::Type;

use super::{types, FnGen, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub fn constant(&self, c: &Const, t: &Type) -> R<BasicValueEnum<'ctx>> {
        let cx = self.cx();
        Ok(match (c, t) {
            (Const::Array(a), Type::Array(_)) => {
                let i64t = cx.i64_type();
                let ptr = cx.ptr_type(AddressSpace::default());
                let data = i64t.const_int(a.data as u64, false).const_to_pointer(ptr);
                let dims = |v: &[i64]| {
                    i64t.const_array(
                        &v.iter()
                            .map(|x| i64t.const_int(*x as u64, true))
                            .collect::<Vec<_>>(),
                    )
                };
                // The meminfo of an array from Python is the ndarray, tagged (see the runtime's nrt).
                let object = i64t
                    .const_int(a.object as u64 | 1, false)
                    .const_to_pointer(ptr);
                cx.const_struct(
                    &[
                        object.into(),
                        data.into(),
                        dims(&a.shape).into(),
                        dims(&a.strides).into(),
                    ],
                    false,
                )
                .into()
            }
            (Const::Tuple(items), Type::Tuple(types)) => {
                let values: Vec<BasicValueEnum> = items
                    .iter()
                    .zip(types.iter())
                    .map(|(c, t)| self.constant(c, t))
                    .collect::<R<_>>()?;
                cx.const_struct(&values, false).into()
            }
            (Const::None, _) => cx.i8_type().const_zero().into(),
            (Const::Str(_), _) => cx.i8_type().const_zero().into(),
            // The inner constant built in its exact type (a uint64's bits, a float32's value).
            (Const::Typed(own, inner), t) if own == t => self.constant(inner, t)?,
            (Const::Int(i), Type::Int(it)) => types::int_type(cx, it.bits)
                .const_int(*i as u64, true)
                .into(),
            (Const::Bool(b), Type::Bool) => cx.bool_type().const_int(*b as u64, false).into(),
            (Const::Float(x), Type::Float(32)) => cx.f32_type().const_float(*x).into(),
            (Const::Float(x), Type::Float(_)) => cx.f64_type().const_float(*x).into(),
            (Const::Complex(re, im), Type::Complex(bits)) => {
                let ft = if *bits == 64 {
                    cx.f32_type()
                } else {
                    cx.f64_type()
                };
                cx.const_struct(
                    &[ft.const_float(*re).into(), ft.const_float(*im).into()],
                    false,
                )
                .into()
            }
            // A constant of a narrower type than its use: build it as its own type and convert.
            (c, t) => {
                let own = oxjit_core::typeinfer::const_type(c);
                if &own == t {
                    return Err(Diagnostic::internal(format!("constant {c} of type {t}")));
                }
                let v = self.constant(c, &own)?;
                let tmp = cx.create_builder();
                let _ = tmp;
                return self.const_cast(v, &own, t);
            }
        })
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
