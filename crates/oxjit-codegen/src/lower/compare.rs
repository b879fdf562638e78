//! Truth values and comparisons with Python's semantics: ints against floats exactly, signed
//! against unsigned, NaNs, optional values, and tuples lexicographically.

use inkwell::values::{BasicValueEnum, FloatValue, IntValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{CmpOp, Value};
use oxjit_core::types::unify;
use oxjit_core::types::Type;

use super::{FnGen, Ir, R, TWO_POW_63};
use crate::models;

/// The two sides of a comparison, each a value and its type.
#[derive(Clone, Copy)]
pub(crate) struct Sides<'t, 'ctx> {
    pub x: BasicValueEnum<'ctx>,
    pub tx: &'t Type,
    pub y: BasicValueEnum<'ctx>,
    pub ty: &'t Type,
}

/// `a op b` as `b op' a`.
fn swap(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        o => o,
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// Python's `bool(v)`, as `t`'s model computes it.
    pub fn truth(&self, v: BasicValueEnum<'ctx>, t: &Type) -> R<IntValue<'ctx>> {
        models::model_of(t).truth(self, v, t)
    }

    pub fn compare(&mut self, op: CmpOp, a: Value, b: Value) -> R<BasicValueEnum<'ctx>> {
        let (ta, tb) = (self.ty(a).clone(), self.ty(b).clone());
        if matches!(op, CmpOp::Is | CmpOp::IsNot) {
            // `x is None` for an optional x tests its flag.
            let optional = match (&ta, &tb) {
                (Type::Optional(_), Type::NoneType) => Some(a),
                (Type::NoneType, Type::Optional(_)) => Some(b),
                _ => None,
            };
            if let Some(x) = optional {
                let flag = self
                    .b
                    .build_extract_value(self.val(x).into_struct_value(), 0, "some")
                    .ir()?
                    .into_int_value();
                return Ok(if op == CmpOp::IsNot {
                    flag
                } else {
                    self.b.build_not(flag, "isnone").ir()?
                }
                .into());
            }
        }
        if matches!(op, CmpOp::Is | CmpOp::IsNot) && (ta == Type::NoneType || tb == Type::NoneType)
        {
            let same = ta == tb;
            let r = if op == CmpOp::Is { same } else { !same };
            return Ok(self.cx().bool_type().const_int(r as u64, false).into());
        }
        if let (CmpOp::Eq | CmpOp::Ne, Some(same)) =
            (op, oxjit_core::registry::args::same_dtype(&ta, &tb))
        {
            let r = same == (op == CmpOp::Eq);
            return Ok(self.cx().bool_type().const_int(r as u64, false).into());
        }
        if oxjit_core::types::is_str(&ta) && oxjit_core::types::is_str(&tb) {
            return Ok(self.str_compare(op, a, b)?.into());
        }
        // `a is b` of two lists (dicts, sets): the same block.
        if matches!(op, CmpOp::Is | CmpOp::IsNot)
            && oxjit_core::registry::operators::is_container(&ta)
        {
            let pred = match op {
                CmpOp::Is => IntPredicate::EQ,
                _ => IntPredicate::NE,
            };
            let (x, y) = (
                self.val(a).into_pointer_value(),
                self.val(b).into_pointer_value(),
            );
            return Ok(self.b.build_int_compare(pred, x, y, "is").ir()?.into());
        }
        let op = match op {
            CmpOp::Is => CmpOp::Eq,
            CmpOp::IsNot => CmpOp::Ne,
            o => o,
        };
        let r = self.compare_values(op, self.val(a), &ta, self.val(b), &tb)?;
        Ok(r.into())
    }

    /// `==`/`!=` of values of unrelated classes (items of tuples, lists compared): never
    /// equal, as CPython's.
    fn unrelated_equality(&self, op: CmpOp, tx: &Type, ty: &Type) -> Option<IntValue<'ctx>> {
        let decided = matches!(op, CmpOp::Eq | CmpOp::Ne)
            && oxjit_core::registry::operators::never_equal(tx, ty);
        let r = op == CmpOp::Ne;
        decided.then(|| self.cx().bool_type().const_int(r as u64, false))
    }

    pub fn compare_values(
        &mut self,
        op: CmpOp,
        x: BasicValueEnum<'ctx>,
        tx: &Type,
        y: BasicValueEnum<'ctx>,
        ty: &Type,
    ) -> R<IntValue<'ctx>> {
        if let Some(r) = self.unrelated_equality(op, tx, ty) {
            return Ok(r);
        }
        if let Some(r) = self.compare_maybe_none(op, Sides { x, tx, y, ty })? {
            return Ok(r);
        }
        // Two strings (a constant one too) compare as the `str` model compares them.
        let model = match oxjit_core::types::is_str(tx) && oxjit_core::types::is_str(ty) {
            true => models::model_of(&Type::Str),
            false => models::model_of(tx),
        };
        if let Some(r) = model.compare(self, op, x, tx, y, ty)? {
            return Ok(r);
        }
        match (tx, ty) {
            (Type::Int(_) | Type::Bool, Type::Float(_)) if !matches!(tx, Type::Int(i) if !i.signed) =>
            {
                let xi = self.cast(x, tx, &Type::I64)?.into_int_value();
                let yf = self.cast(y, ty, &Type::F64)?.into_float_value();
                return self.compare_int_float(op, xi, yf);
            }
            (Type::Float(_), Type::Int(_) | Type::Bool) if !matches!(ty, Type::Int(i) if !i.signed) =>
            {
                let yi = self.cast(y, ty, &Type::I64)?.into_int_value();
                let xf = self.cast(x, tx, &Type::F64)?.into_float_value();
                return self.compare_int_float(swap(op), yi, xf);
            }
            (Type::Int(a), Type::Int(b)) if a.signed != b.signed => {
                let xi = self
                    .cast(
                        x,
                        tx,
                        &Type::Int(oxjit_core::types::IntTy {
                            bits: 64,
                            signed: a.signed,
                        }),
                    )?
                    .into_int_value();
                let yi = self
                    .cast(
                        y,
                        ty,
                        &Type::Int(oxjit_core::types::IntTy {
                            bits: 64,
                            signed: b.signed,
                        }),
                    )?
                    .into_int_value();
                return self.compare_mixed_sign(op, xi, a.signed, yi);
            }
            _ => {}
        }
        let common = match unify(tx, ty) {
            Some(Type::Bool) => Type::I64,
            Some(t) => t,
            None if tx == ty => tx.clone(),
            None => {
                return Ok(self
                    .cx()
                    .bool_type()
                    .const_int((op == CmpOp::Ne) as u64, false))
            }
        };
        let x = self.cast(x, tx, &common)?;
        let y = self.cast(y, ty, &common)?;
        let b = &self.b;
        Ok(match &common {
            Type::Int(i) => {
                let pred = match (op, i.signed) {
                    (CmpOp::Eq, _) => IntPredicate::EQ,
                    (CmpOp::Ne, _) => IntPredicate::NE,
                    (CmpOp::Lt, true) => IntPredicate::SLT,
                    (CmpOp::Le, true) => IntPredicate::SLE,
                    (CmpOp::Gt, true) => IntPredicate::SGT,
                    (CmpOp::Ge, true) => IntPredicate::SGE,
                    (CmpOp::Lt, false) => IntPredicate::ULT,
                    (CmpOp::Le, false) => IntPredicate::ULE,
                    (CmpOp::Gt, false) => IntPredicate::UGT,
                    (CmpOp::Ge, false) => IntPredicate::UGE,
                    _ => unreachable!(),
                };
                b.build_int_compare(pred, x.into_int_value(), y.into_int_value(), "cmp")
                    .ir()?
            }
            Type::Float(_) => {
                let pred = match op {
                    CmpOp::Eq => FloatPredicate::OEQ,
                    CmpOp::Ne => FloatPredicate::UNE,
                    CmpOp::Lt => FloatPredicate::OLT,
                    CmpOp::Le => FloatPredicate::OLE,
                    CmpOp::Gt => FloatPredicate::OGT,
                    CmpOp::Ge => FloatPredicate::OGE,
                    _ => unreachable!(),
                };
                b.build_float_compare(pred, x.into_float_value(), y.into_float_value(), "fcmp")
                    .ir()?
            }
            Type::Complex(_) if !matches!(op, CmpOp::Eq | CmpOp::Ne) => {
                self.complex_order(op, x, y)?
            }
            Type::Complex(_) => {
                let (a, bi) = self.complex_parts(x)?;
                let (c, d) = self.complex_parts(y)?;
                let b = &self.b;
                let re = b
                    .build_float_compare(FloatPredicate::OEQ, a, c, "re")
                    .ir()?;
                let im = b
                    .build_float_compare(FloatPredicate::OEQ, bi, d, "im")
                    .ir()?;
                let eq = b.build_and(re, im, "eq").ir()?;
                if op == CmpOp::Ne {
                    b.build_not(eq, "ne").ir()?
                } else {
                    eq
                }
            }
            Type::NoneType => self
                .cx()
                .bool_type()
                .const_int((op == CmpOp::Eq) as u64, false),
            // Typing refuses comparisons no model implements (`registry::operators::compare`).
            t => return Err(Diagnostic::internal(format!("cannot compare {t} values"))),
        })
    }

    /// NumPy's order of complex numbers (items of arrays: Python's complex numbers have none):
    /// by real parts where neither imaginary part is NaN, by imaginary parts where the real
    /// parts are equal (`CLT` and friends of NumPy's loops; a NaN makes it false).
    fn complex_order(
        &mut self,
        op: CmpOp,
        x: BasicValueEnum<'ctx>,
        y: BasicValueEnum<'ctx>,
    ) -> R<IntValue<'ctx>> {
        let (xr, xi) = self.complex_parts(x)?;
        let (yr, yi) = self.complex_parts(y)?;
        // The real parts compare strictly (`x <= y` where they are equal is the imaginary
        // parts' `<=`).
        let (strict, pred) = match op {
            CmpOp::Lt => (FloatPredicate::OLT, FloatPredicate::OLT),
            CmpOp::Le => (FloatPredicate::OLT, FloatPredicate::OLE),
            CmpOp::Gt => (FloatPredicate::OGT, FloatPredicate::OGT),
            CmpOp::Ge => (FloatPredicate::OGT, FloatPredicate::OGE),
            op => return Err(Diagnostic::internal(format!("no complex order for {op:?}"))),
        };
        let b = &self.b;
        let real = b.build_float_compare(strict, xr, yr, "real").ir()?;
        let no_nan = b
            .build_float_compare(FloatPredicate::ORD, xi, yi, "ord")
            .ir()?;
        let by_real = b.build_and(real, no_nan, "by_real").ir()?;
        let same_real = b
            .build_float_compare(FloatPredicate::OEQ, xr, yr, "same")
            .ir()?;
        let imag = b.build_float_compare(pred, xi, yi, "imag").ir()?;
        let by_imag = b.build_and(same_real, imag, "by_imag").ir()?;
        b.build_or(by_real, by_imag, "order").ir()
    }

    /// `i op f` exactly, as Python compares an int with a float (no rounding of the int).
    fn compare_int_float(
        &mut self,
        op: CmpOp,
        i: IntValue<'ctx>,
        f: FloatValue<'ctx>,
    ) -> R<IntValue<'ctx>> {
        let b = &self.b;
        let f64t = self.cx().f64_type();
        let i64t = self.cx().i64_type();
        // A constant int that is a float exactly (`x >= 4`, `d < 0`): the float comparison is
        // Python's, one instruction (the steps below stayed in loops: mandelbrot's exit test).
        if let Some(c) = i.get_sign_extended_constant() {
            if c.unsigned_abs() <= 1 << f64::MANTISSA_DIGITS {
                let fi = b.build_signed_int_to_float(i, f64t, "fi").ir()?;
                return self.float_cmp(op, fi, f);
            }
        }
        // If the int rounds to a different float, that float comparison decides (rounding is
        // monotonic). If it rounds to f itself, f is integral: compare as integers, with 2**63
        // above every int64.
        let fi = b.build_signed_int_to_float(i, f64t, "fi").ir()?;
        let by_float = self.float_cmp(op, fi, f)?;
        let b = &self.b;
        let same = b
            .build_float_compare(FloatPredicate::OEQ, fi, f, "same")
            .ir()?;
        let two63 = f64t.const_float(TWO_POW_63);
        let f_big = b
            .build_float_compare(FloatPredicate::OGE, f, two63, "big")
            .ir()?;
        let f_clamped = b
            .build_select(f_big, f64t.const_zero(), f, "fc")
            .ir()?
            .into_float_value();
        let fint = b.build_float_to_signed_int(f_clamped, i64t, "fint").ir()?;
        let by_int = self.int_cmp(op, i, fint, true)?;
        let b = &self.b;
        // With f == 2**63 every int64 is smaller.
        let below = self.cx().bool_type().const_int(
            matches!(op, CmpOp::Lt | CmpOp::Le | CmpOp::Ne) as u64,
            false,
        );
        let exact = b
            .build_select(f_big, below, by_int, "exact")
            .ir()?
            .into_int_value();
        Ok(b.build_select(same, exact, by_float, "cmp")
            .ir()?
            .into_int_value())
    }

    /// Compares a signed and an unsigned 64-bit integer exactly.
    fn compare_mixed_sign(
        &mut self,
        op: CmpOp,
        x: IntValue<'ctx>,
        x_signed: bool,
        y: IntValue<'ctx>,
    ) -> R<IntValue<'ctx>> {
        let (s, u, op) = if x_signed {
            (x, y, op)
        } else {
            (y, x, swap(op))
        };
        let zero = s.get_type().const_zero();
        let negative = self
            .b
            .build_int_compare(IntPredicate::SLT, s, zero, "neg")
            .ir()?;
        let unsigned = self.int_cmp(op, s, u, false)?;
        let if_negative = self.cx().bool_type().const_int(
            matches!(op, CmpOp::Lt | CmpOp::Le | CmpOp::Ne) as u64,
            false,
        );
        Ok(self
            .b
            .build_select(negative, if_negative, unsigned, "cmp")
            .ir()?
            .into_int_value())
    }

    fn float_cmp(&self, op: CmpOp, x: FloatValue<'ctx>, y: FloatValue<'ctx>) -> R<IntValue<'ctx>> {
        let pred = match op {
            CmpOp::Eq => FloatPredicate::OEQ,
            CmpOp::Ne => FloatPredicate::UNE,
            CmpOp::Lt => FloatPredicate::OLT,
            CmpOp::Le => FloatPredicate::OLE,
            CmpOp::Gt => FloatPredicate::OGT,
            _ => FloatPredicate::OGE,
        };
        self.b.build_float_compare(pred, x, y, "fcmp").ir()
    }

    fn int_cmp(
        &self,
        op: CmpOp,
        x: IntValue<'ctx>,
        y: IntValue<'ctx>,
        signed: bool,
    ) -> R<IntValue<'ctx>> {
        let pred = match (op, signed) {
            (CmpOp::Eq, _) => IntPredicate::EQ,
            (CmpOp::Ne, _) => IntPredicate::NE,
            (CmpOp::Lt, true) => IntPredicate::SLT,
            (CmpOp::Le, true) => IntPredicate::SLE,
            (CmpOp::Gt, true) => IntPredicate::SGT,
            (CmpOp::Ge, true) => IntPredicate::SGE,
            (CmpOp::Lt, false) => IntPredicate::ULT,
            (CmpOp::Le, false) => IntPredicate::ULE,
            (CmpOp::Gt, false) => IntPredicate::UGT,
            _ => IntPredicate::UGE,
        };
        self.b.build_int_compare(pred, x, y, "icmp").ir()
    }
}
