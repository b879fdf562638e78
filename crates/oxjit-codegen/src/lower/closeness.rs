//! `np.isclose` and `np.allclose` (core's `registry/rounding.rs` types them): NumPy's
//! `numeric.py` formula item by item over the broadcast shape,
//! `|x - y| <= atol + rtol * |y| & isfinite(y) | (x == y)` (`| isnan(x) & isnan(y)` with
//! `equal_nan`), `y` made a float first; `allclose` is the `all` of it, with no array made.

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::FloatPredicate;
use oxjit_core::registry::rounding::{close_types, CloseTypes};
use oxjit_core::types::{ArrayTy, Type};

use super::arrayexpr::Operand;
use super::bound::{Arg, CallCx};
use super::creation::result_array;
use super::{FnGen, Ir, R};
use crate::models::array::ArrayValue;

/// The constants of one call: the tolerances (in `y`'s float type) and `equal_nan`; the
/// types of the items of `a` and `b` as they come, and as NumPy computes with them.
struct Tolerance<'ctx> {
    rtol: BasicValueEnum<'ctx>,
    atol: BasicValueEnum<'ctx>,
    equal_nan: IntValue<'ctx>,
    raw: (Type, Type),
    types: CloseTypes,
}

/// What `broadcast_each` calls at each index, with the operands' items there.
pub(super) type ItemVisitor<'f, 'a, 'ctx> =
    dyn FnMut(&mut FnGen<'a, 'ctx>, &[IntValue<'ctx>], &[BasicValueEnum<'ctx>]) -> R<()> + 'f;

/// The type of the items of `t` (an array's dtype, or a number's type).
fn item_type(t: &Type) -> Type {
    match t {
        Type::Array(a) => a.dtype.clone(),
        t => t.clone(),
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.isclose(a, b, rtol, atol, equal_nan)`: a bool for two numbers, else a new bool array.
    pub(super) fn lower_isclose(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let tol = self.close_setup(c.args)?;
        let Type::Array(_) = c.result else {
            return Ok(self.close_item(c.args[0].v, c.args[1].v, &tol)?.into());
        };
        let rt = result_array(c)?;
        let (operands, shape) = self.close_operands(c.args)?;
        let inputs: Vec<_> = operands
            .iter()
            .filter_map(|o| match o {
                Operand::Array { shape, strides, .. } => Some((shape.clone(), strides.clone())),
                Operand::Scalar { .. } => None,
            })
            .collect();
        let out = self.new_array_keep_order(&rt, &shape, &inputs)?;
        self.broadcast_each(&operands, &shape, &mut |s, idx, xy| {
            let r = s.close_item(xy[0], xy[1], &tol)?;
            let p = s.element_ptr(out, &rt, idx)?;
            s.b.build_store(p, r).ir()?;
            Ok(())
        })?;
        Ok(out.into())
    }

    /// `np.allclose(...)`: whether every item is close (no array made).
    pub(super) fn lower_allclose(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let tol = self.close_setup(c.args)?;
        if !matches!(c.args[0].t, Type::Array(_)) && !matches!(c.args[1].t, Type::Array(_)) {
            return Ok(self.close_item(c.args[0].v, c.args[1].v, &tol)?.into());
        }
        let (operands, shape) = self.close_operands(c.args)?;
        let bool_t = self.cx().bool_type();
        let all = self.alloca(bool_t.into(), "all")?;
        self.b.build_store(all, bool_t.const_int(1, false)).ir()?;
        self.broadcast_each(&operands, &shape, &mut |s, _, xy| {
            let r = s.close_item(xy[0], xy[1], &tol)?;
            let so_far = s.b.build_load(bool_t, all, "sofar").ir()?.into_int_value();
            let so_far = s.b.build_and(so_far, r, "all").ir()?;
            s.b.build_store(all, so_far).ir()?;
            Ok(())
        })?;
        self.b.build_load(bool_t, all, "allclose").ir()
    }

    /// The types of the call and its tolerances.
    fn close_setup(&mut self, args: &[Arg<'ctx>]) -> R<Tolerance<'ctx>> {
        let types = close_types(&args[0].t, &args[1].t).ok_or_else(|| {
            oxjit_core::diagnostics::Diagnostic::internal("isclose() is typed for real numbers")
        })?;
        let rtol = self.cast(args[2].v, &args[2].t, &types.y)?;
        let atol = self.cast(args[3].v, &args[3].t, &types.y)?;
        let equal_nan = self.truth(args[4].v, &args[4].t)?;
        Ok(Tolerance {
            rtol,
            atol,
            equal_nan,
            raw: (item_type(&args[0].t), item_type(&args[1].t)),
            types,
        })
    }

    /// The operands `a` and `b` and their broadcast shape (NumPy's error where they do not
    /// broadcast).
    fn close_operands(
        &mut self,
        args: &[Arg<'ctx>],
    ) -> R<(Vec<Operand<'ctx>>, Vec<IntValue<'ctx>>)> {
        let mut operands = Vec::new();
        let mut n = 0;
        for a in &args[..2] {
            operands.push(match &a.t {
                Type::Array(at) => {
                    let arr = a.v.into_struct_value();
                    let at = (**at).clone();
                    n = n.max(at.ndim as usize);
                    Operand::Array {
                        shape: self.shape_values(arr, &at)?,
                        strides: self.array_strides(arr, &at)?,
                        arr,
                        at,
                    }
                }
                t => Operand::Scalar {
                    v: a.v,
                    t: t.clone(),
                    c: a.c.clone(),
                },
            });
        }
        let shape = self.broadcast_shape(&operands, n, None)?;
        Ok((operands, shape))
    }

    /// One pair of items: NumPy's formula.
    fn close_item(
        &mut self,
        x: BasicValueEnum<'ctx>,
        y: BasicValueEnum<'ctx>,
        tol: &Tolerance<'ctx>,
    ) -> R<IntValue<'ctx>> {
        let types = &tol.types;
        let yt = &types.y;
        let x = self.cast(x, &tol.raw.0, &types.x)?;
        let y = self.cast(y, &tol.raw.1, yt)?;
        let xd = self.cast(x, &types.x, &types.d)?.into_float_value();
        let yd = self.cast(y, yt, &types.d)?.into_float_value();
        let diff = self.b.build_float_sub(xd, yd, "diff").ir()?;
        let diff = self.fabs(diff)?;
        let yf = y.into_float_value();
        let ay = self.fabs(yf)?;
        let scaled = self
            .b
            .build_float_mul(tol.rtol.into_float_value(), ay, "scaled")
            .ir()?;
        let bound = self
            .b
            .build_float_add(tol.atol.into_float_value(), scaled, "bound")
            .ir()?;
        let bound = self.cast(bound.into(), yt, &types.d)?.into_float_value();
        let le = self
            .b
            .build_float_compare(FloatPredicate::OLE, diff, bound, "le")
            .ir()?;
        let finite = self.is_finite(yf)?;
        let near = self.b.build_and(le, finite, "near").ir()?;
        let eq = self
            .b
            .build_float_compare(FloatPredicate::OEQ, xd, yd, "eq")
            .ir()?;
        let close = self.b.build_or(near, eq, "close").ir()?;
        if !matches!(types.x, Type::Float(_)) {
            return Ok(close);
        }
        let xn = self.is_nan(x.into_float_value())?;
        let yn = self.is_nan(yf)?;
        let both = self.b.build_and(xn, yn, "bothnan").ir()?;
        let both = self.b.build_and(both, tol.equal_nan, "nanclose").ir()?;
        self.b.build_or(close, both, "isclose").ir()
    }

    fn fabs(&self, x: inkwell::values::FloatValue<'ctx>) -> R<inkwell::values::FloatValue<'ctx>> {
        Ok(self
            .call_intrinsic("llvm.fabs", &[x.get_type().into()], &[x.into()])?
            .into_float_value())
    }

    /// Visits every index of the broadcast `shape` with the operands' items there (a scalar
    /// operand is its value; an array's dimension of length 1 is broadcast).
    pub(super) fn broadcast_each(
        &mut self,
        operands: &[Operand<'ctx>],
        shape: &[IntValue<'ctx>],
        f: &mut ItemVisitor<'_, 'a, 'ctx>,
    ) -> R<()> {
        let n = shape.len();
        let mut effective: Vec<Option<(StructValue<'ctx>, ArrayTy, Vec<IntValue<'ctx>>)>> =
            Vec::new();
        for o in operands {
            effective.push(match o {
                Operand::Array {
                    arr,
                    at,
                    shape: s,
                    strides,
                } => {
                    let mut e = Vec::new();
                    for (k, &d) in s.iter().enumerate() {
                        let one = self
                            .b
                            .build_int_compare(inkwell::IntPredicate::EQ, d, self.i64(1), "one")
                            .ir()?;
                        let st = self.b.build_select(one, self.i64(0), strides[k], "st");
                        e.push(st.ir()?.into_int_value());
                    }
                    Some((*arr, at.clone(), e))
                }
                Operand::Scalar { .. } => None,
            });
        }
        self.for_each_index(shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let mut items = Vec::new();
            for (o, e) in operands.iter().zip(&effective) {
                items.push(match (o, e) {
                    (_, Some((arr, at, strides))) => {
                        let lead = n - strides.len();
                        let mut offset = s.i64(0);
                        for (k, &st) in strides.iter().enumerate() {
                            let term = s.b.build_int_mul(idx[lead + k], st, "term").ir()?;
                            offset = s.b.build_int_add(offset, term, "offset").ir()?;
                        }
                        let data = ArrayValue(*arr).data(&s.b)?;
                        // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds
                        // indices): in-range indices times the item's strides.
                        let p = unsafe { s.b.build_gep(s.cx().i8_type(), data, &[offset], "p") }
                            .ir()?;
                        let et = s.llvm_type(&at.dtype);
                        s.b.build_load(et, p, "item").ir()?
                    }
                    (Operand::Scalar { v, .. }, None) => *v,
                    _ => unreachable!("an array operand has strides"),
                });
            }
            f(s, idx, &items)
        })
    }
}
