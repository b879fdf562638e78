//! `np.nan_to_num` (core's `registry::nan_to_num` types it): NumPy's `copyto` of `nan`,
//! `posinf` and `neginf` where the items are NaN, +inf and -inf (the infinities' defaults the
//! dtype's largest finite values), into a copy in `x`'s memory order or into `x` itself.

use inkwell::values::{BasicValueEnum, FloatValue, IntValue};
use inkwell::FloatPredicate;
use oxjit_core::types::Type;

use super::bound::{Arg, CallCx};
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub(super) fn lower_nan_to_num(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let x = &c.args[0];
        let dtype = match &x.t {
            Type::Array(a) => a.dtype.clone(),
            t => t.clone(),
        };
        let Type::Array(at) = &x.t else {
            if !matches!(dtype, Type::Float(_)) {
                return Ok(x.v);
            }
            let (nan, pos, neg) = self.replacements(c.args, &dtype)?;
            return Ok(self.replaced(x.v.into_float_value(), nan, pos, neg)?.into());
        };
        let src = x.v.into_struct_value();
        // `copy` is a constant (typing checks it).
        let copy = c.args[1]
            .v
            .into_int_value()
            .get_zero_extended_constant()
            .is_none_or(|b| b != 0);
        let (dst, rt) = match c.result {
            Type::Array(rt) if copy => ((self.copy_of(src, at, rt)?), (**rt).clone()),
            _ => {
                self.incref(x.v, &x.t)?;
                (src, (**at).clone())
            }
        };
        if !matches!(dtype, Type::Float(_)) {
            return Ok(dst.into());
        }
        let (nan, pos, neg) = self.replacements(c.args, &dtype)?;
        let shape = self.shape_values(dst, &rt)?;
        let ft = self.llvm_type(&dtype);
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let p = s.element_ptr(dst, &rt, idx)?;
            let v = s.b.build_load(ft, p, "x").ir()?.into_float_value();
            let v = s.replaced(v, nan, pos, neg)?;
            s.b.build_store(p, v).ir()?;
            Ok(())
        })?;
        Ok(dst.into())
    }

    /// The values put for NaN, +inf and -inf, in the float type `t`.
    fn replacements(
        &mut self,
        args: &[Arg<'ctx>],
        t: &Type,
    ) -> R<(FloatValue<'ctx>, FloatValue<'ctx>, FloatValue<'ctx>)> {
        let ft = self.llvm_type(t).into_float_type();
        let max = if *t == Type::Float(32) {
            f64::from(f32::MAX)
        } else {
            f64::MAX
        };
        let get = |k: usize, default: f64| -> R<FloatValue<'ctx>> {
            let a = &args[k];
            if a.t == Type::NoneType {
                return Ok(ft.const_float(default));
            }
            Ok(self.numpy_cast(a.v, &a.t, t)?.into_float_value())
        };
        Ok((get(2, 0.0)?, get(3, max)?, get(4, -max)?))
    }

    /// `v` with NaN, +inf and -inf replaced.
    fn replaced(
        &self,
        v: FloatValue<'ctx>,
        nan: FloatValue<'ctx>,
        pos: FloatValue<'ctx>,
        neg: FloatValue<'ctx>,
    ) -> R<FloatValue<'ctx>> {
        let ft = v.get_type();
        let is_nan = self
            .b
            .build_float_compare(FloatPredicate::UNO, v, v, "isnan")
            .ir()?;
        let is_pos = self
            .b
            .build_float_compare(
                FloatPredicate::OEQ,
                v,
                ft.const_float(f64::INFINITY),
                "pinf",
            )
            .ir()?;
        let is_neg = self
            .b
            .build_float_compare(
                FloatPredicate::OEQ,
                v,
                ft.const_float(f64::NEG_INFINITY),
                "ninf",
            )
            .ir()?;
        let v = self.b.build_select(is_nan, nan, v, "v").ir()?;
        let v = self
            .b
            .build_select(is_pos, pos, v.into_float_value(), "v")
            .ir()?;
        Ok(self
            .b
            .build_select(is_neg, neg, v.into_float_value(), "v")
            .ir()?
            .into_float_value())
    }
}
