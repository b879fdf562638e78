//! Lowering of `math`'s integer and sequence functions (`factorial`, `comb`, `gcd`, `fsum`,
//! `prod`...): exact 64-bit results, CPython's errors where a result does not fit.

use inkwell::types::{BasicType, BasicTypeEnum};
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use oxjit_abi::status::math::{DOMAIN, FSUM_INF_MINUS_INF, FSUM_OVERFLOW, NEGATIVE_K, RANGE};
use oxjit_abi::RuntimeFn;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::MathFn;
use oxjit_core::types::Type;

use super::{too_big, RANGE_ERROR};
use crate::lower::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The integer and sequence functions: exact results through the runtime, CPython's errors.
    pub(super) fn math_exact(
        &mut self,
        f: MathFn,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        use MathFn::*;
        match f {
            Factorial | Comb | Perm => self.math_counting(f, vals, types),
            Isqrt => {
                let n = self.cast(vals[0], &types[0], &Type::I64)?;
                self.rt_call_out(
                    RuntimeFn::Isqrt,
                    &[n],
                    self.cx().i64_type().into(),
                    &[(DOMAIN, "ValueError", "isqrt() argument must be nonnegative")],
                )
            }
            Gcd | Lcm => {
                let items = vals
                    .iter()
                    .zip(types)
                    .map(|(v, t)| self.cast(*v, t, &Type::I64))
                    .collect::<R<Vec<_>>>()?;
                let (ptr, len) = self.array_of(self.cx().i64_type().into(), &items)?;
                let msg = too_big(f.name());
                let name = if f == Gcd {
                    RuntimeFn::Gcd
                } else {
                    RuntimeFn::Lcm
                };
                self.rt_call_out(
                    name,
                    &[ptr.into(), len.into()],
                    self.cx().i64_type().into(),
                    &[(RANGE, "OverflowError", &msg)],
                )
            }
            Fsum => {
                let items = self.tuple_as_f64(vals[0], &types[0])?;
                let (ptr, len) = self.array_of(self.cx().f64_type().into(), &items)?;
                self.rt_call_out(
                    RuntimeFn::Fsum,
                    &[ptr.into(), len.into()],
                    self.cx().f64_type().into(),
                    &[
                        (
                            FSUM_OVERFLOW,
                            "OverflowError",
                            "intermediate overflow in fsum",
                        ),
                        (FSUM_INF_MINUS_INF, "ValueError", "-inf + inf in fsum"),
                    ],
                )
            }
            Dist => {
                let p = self.tuple_as_f64(vals[0], &types[0])?;
                let q = self.tuple_as_f64(vals[1], &types[1])?;
                let (pp, len) = self.array_of(self.cx().f64_type().into(), &p)?;
                let (qp, _) = self.array_of(self.cx().f64_type().into(), &q)?;
                self.rt_call(RuntimeFn::Dist, &[pp.into(), qp.into(), len.into()])
            }
            Hypot => {
                let items = vals
                    .iter()
                    .zip(types)
                    .map(|(v, t)| self.to_f64(*v, t))
                    .collect::<R<Vec<_>>>()?;
                let (ptr, len) = self.array_of(self.cx().f64_type().into(), &items)?;
                self.rt_call(RuntimeFn::Hypot, &[ptr.into(), len.into()])
            }
            Prod => self.prod(vals, types, result),
            Sumprod => self.sumprod(vals, types, result),
            Ldexp => {
                let x = self.to_f64(vals[0], &types[0])?;
                let i = self.cast(vals[1], &types[1], &Type::I64)?;
                let errors = self.float_errors(&[RANGE_ERROR]);
                self.rt_call_out(
                    RuntimeFn::Ldexp,
                    &[x, i],
                    self.cx().f64_type().into(),
                    &errors,
                )
            }
            _ => Err(Diagnostic::internal(format!(
                "math.{}() is no integer or sequence function",
                f.name()
            ))),
        }
    }

    /// `factorial`, `comb` and `perm` (`perm(n)` and `perm(n, None)` are `factorial(n)`).
    fn math_counting(
        &mut self,
        f: MathFn,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
    ) -> R<BasicValueEnum<'ctx>> {
        use MathFn::*;
        match f {
            Factorial | Perm if vals.len() == 1 || types[1] == Type::NoneType => {
                let n = self.cast(vals[0], &types[0], &Type::I64)?;
                let msg = too_big(f.name());
                self.rt_call_out(
                    RuntimeFn::Factorial,
                    &[n],
                    self.cx().i64_type().into(),
                    &[
                        (
                            DOMAIN,
                            "ValueError",
                            "factorial() not defined for negative values",
                        ),
                        (RANGE, "OverflowError", &msg),
                    ],
                )
            }
            Comb | Perm => {
                let n = self.cast(vals[0], &types[0], &Type::I64)?;
                let k = self.cast(vals[1], &types[1], &Type::I64)?;
                let msg = too_big(f.name());
                let name = if f == Comb {
                    RuntimeFn::Comb
                } else {
                    RuntimeFn::Perm
                };
                self.rt_call_out(
                    name,
                    &[n, k],
                    self.cx().i64_type().into(),
                    &[
                        (DOMAIN, "ValueError", "n must be a non-negative integer"),
                        (NEGATIVE_K, "ValueError", "k must be a non-negative integer"),
                        (RANGE, "OverflowError", &msg),
                    ],
                )
            }
            _ => Err(Diagnostic::internal(format!(
                "math.{}() counts nothing",
                f.name()
            ))),
        }
    }

    /// `items` stored into a stack array: (pointer to the first, length as i64).
    fn array_of(
        &mut self,
        elem: BasicTypeEnum<'ctx>,
        items: &[BasicValueEnum<'ctx>],
    ) -> R<(PointerValue<'ctx>, IntValue<'ctx>)> {
        let i64t = self.cx().i64_type();
        let arr_t = elem.array_type(items.len().max(1) as u32);
        let arr = self.alloca(arr_t.into(), "items")?;
        for (i, item) in items.iter().enumerate() {
            // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): item `i` of
            // the `items.len()`-item array just allocated.
            let p = unsafe {
                self.b.build_in_bounds_gep(
                    arr_t,
                    arr,
                    &[i64t.const_zero(), i64t.const_int(i as u64, false)],
                    "item.p",
                )
            }
            .ir()?;
            self.b.build_store(p, *item).ir()?;
        }
        Ok((arr, i64t.const_int(items.len() as u64, false)))
    }

    /// The items of a tuple of real numbers, as doubles.
    fn tuple_as_f64(&mut self, v: BasicValueEnum<'ctx>, t: &Type) -> R<Vec<BasicValueEnum<'ctx>>> {
        self.tuple_items(v, t)?
            .into_iter()
            .map(|(item, ty)| self.to_f64(item, &ty))
            .collect()
    }

    fn tuple_items(
        &mut self,
        v: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<Vec<(BasicValueEnum<'ctx>, Type)>> {
        let Type::Tuple(types) = t else {
            return Err(Diagnostic::internal(format!("expected a tuple, got {t}")));
        };
        let mut out = Vec::new();
        for (i, ty) in types.iter().enumerate() {
            out.push((
                self.b
                    .build_extract_value(v.into_struct_value(), i as u32, "item")
                    .ir()?,
                ty.clone(),
            ));
        }
        Ok(out)
    }

    /// `a * b` in type `t` (int64 with an OverflowError where CPython's exact product does not
    /// fit, float, or complex as `_Py_c_prod`).
    fn exact_mul(
        &mut self,
        a: BasicValueEnum<'ctx>,
        b: BasicValueEnum<'ctx>,
        t: &Type,
        name: &str,
    ) -> R<BasicValueEnum<'ctx>> {
        self.exact_op(a, b, t, name, true)
    }

    fn exact_op(
        &mut self,
        a: BasicValueEnum<'ctx>,
        b: BasicValueEnum<'ctx>,
        t: &Type,
        name: &str,
        mul: bool,
    ) -> R<BasicValueEnum<'ctx>> {
        match t {
            Type::Int(_) | Type::Bool => {
                let (a, b) = (a.into_int_value(), b.into_int_value());
                let intrinsic = match (t, mul) {
                    (Type::Int(i), true) if !i.signed => "llvm.umul.with.overflow",
                    (Type::Int(i), false) if !i.signed => "llvm.uadd.with.overflow",
                    (_, true) => "llvm.smul.with.overflow",
                    (_, false) => "llvm.sadd.with.overflow",
                };
                let r = self
                    .call_intrinsic(intrinsic, &[a.get_type().into()], &[a.into(), b.into()])?
                    .into_struct_value();
                let value = self.b.build_extract_value(r, 0, "v").ir()?;
                let overflow = self.b.build_extract_value(r, 1, "o").ir()?.into_int_value();
                let ok = self.b.build_not(overflow, "ok").ir()?;
                self.check(ok, "OverflowError", &too_big(name))?;
                Ok(value)
            }
            Type::Float(_) => {
                let (a, b) = (a.into_float_value(), b.into_float_value());
                Ok(if mul {
                    self.b.build_float_mul(a, b, "mul").ir()?
                } else {
                    self.b.build_float_add(a, b, "add").ir()?
                }
                .into())
            }
            Type::Complex(_) => {
                let (ar, ai) = self.complex_parts(a)?;
                let (br, bi) = self.complex_parts(b)?;
                let bl = &self.b;
                let (re, im) = if mul {
                    let rr = bl.build_float_mul(ar, br, "rr").ir()?;
                    let ii = bl.build_float_mul(ai, bi, "ii").ir()?;
                    let ri = bl.build_float_mul(ar, bi, "ri").ir()?;
                    let ir = bl.build_float_mul(ai, br, "ir").ir()?;
                    (
                        bl.build_float_sub(rr, ii, "re").ir()?,
                        bl.build_float_add(ri, ir, "im").ir()?,
                    )
                } else {
                    (
                        bl.build_float_add(ar, br, "re").ir()?,
                        bl.build_float_add(ai, bi, "im").ir()?,
                    )
                };
                Ok(self.make_complex(re.into(), im.into(), t)?.into())
            }
            other => Err(Diagnostic::internal(format!("math.{name}() of {other}"))),
        }
    }

    /// `math.prod(iterable, start=1)`: multiplies left to right, each step in the type Python's
    /// `*` would give (the same types the typing registry computed).
    fn prod(
        &mut self,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let (mut acc, mut acc_t) = match (vals.get(1), types.get(1)) {
            (Some(v), Some(t)) => (*v, t.clone()),
            _ => (self.cx().i64_type().const_int(1, false).into(), Type::I64),
        };
        let mut items = self.tuple_items(vals[0], &types[0])?;
        if matches!(result, Type::Float(_) | Type::Complex(_)) && acc_t.is_integer_like() {
            // CPython multiplies a leading run of ints exactly (big ints) and converts that
            // product to float when the first float arrives: do the same in the runtime.
            let run = items
                .iter()
                .take_while(|(_, t)| t.is_integer_like())
                .count();
            let mut ints = vec![self.cast(acc, &acc_t, &Type::I64)?];
            for (v, t) in items.drain(..run) {
                ints.push(self.cast(v, &t, &Type::I64)?);
            }
            let (ptr, len) = self.array_of(self.cx().i64_type().into(), &ints)?;
            acc = self.rt_call_out(
                RuntimeFn::ProdIntsToFloat,
                &[ptr.into(), len.into()],
                self.cx().f64_type().into(),
                &[(RANGE, "OverflowError", "int too large to convert to float")],
            )?;
            acc_t = Type::F64;
        }
        for (item, item_t) in items {
            let t = oxjit_core::numeric::arith_result(&acc_t, &item_t)
                .ok_or_else(|| Diagnostic::internal("math.prod() needs numbers"))?;
            let a = self.cast(acc, &acc_t, &t)?;
            let b = self.cast(item, &item_t, &t)?;
            acc = self.exact_mul(a, b, &t, "prod")?;
            acc_t = t;
        }
        self.cast(acc, &acc_t, result)
    }

    /// `math.sumprod(p, q)` (Python 3.12): exact for integers; for floats the correctly rounded
    /// sum of the exact products.
    fn sumprod(
        &mut self,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let p = self.tuple_items(vals[0], &types[0])?;
        let q = self.tuple_items(vals[1], &types[1])?;
        if matches!(result, Type::Float(_)) {
            let p: Vec<_> = p
                .into_iter()
                .map(|(v, t)| self.to_f64(v, &t))
                .collect::<R<_>>()?;
            let q: Vec<_> = q
                .into_iter()
                .map(|(v, t)| self.to_f64(v, &t))
                .collect::<R<_>>()?;
            let (pp, len) = self.array_of(self.cx().f64_type().into(), &p)?;
            let (qp, _) = self.array_of(self.cx().f64_type().into(), &q)?;
            let r = self.rt_call_out(
                RuntimeFn::Sumprod,
                &[pp.into(), qp.into(), len.into()],
                self.cx().f64_type().into(),
                &[
                    (
                        FSUM_OVERFLOW,
                        "OverflowError",
                        "intermediate overflow in fsum",
                    ),
                    (FSUM_INF_MINUS_INF, "ValueError", "-inf + inf in fsum"),
                ],
            )?;
            return self.cast(r, &Type::F64, result);
        }
        let mut acc: BasicValueEnum<'ctx> = self.cx().i64_type().const_zero().into();
        let mut acc_t = Type::I64;
        for ((a, at), (b, bt)) in p.into_iter().zip(q) {
            let t = oxjit_core::numeric::arith_result(&at, &bt)
                .ok_or_else(|| Diagnostic::internal("math.sumprod() needs numbers"))?;
            let x = self.cast(a, &at, &t)?;
            let y = self.cast(b, &bt, &t)?;
            let prod = self.exact_mul(x, y, &t, "sumprod")?;
            let sum_t = oxjit_core::numeric::arith_result(&acc_t, &t)
                .ok_or_else(|| Diagnostic::internal("math.sumprod() needs numbers"))?;
            let acc_c = self.cast(acc, &acc_t, &sum_t)?;
            let prod_c = self.cast(prod, &t, &sum_t)?;
            acc = self.exact_op(acc_c, prod_c, &sum_t, "sumprod", false)?;
            acc_t = sum_t;
        }
        self.cast(acc, &acc_t, result)
    }
}
