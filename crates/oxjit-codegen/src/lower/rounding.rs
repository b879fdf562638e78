//! `np.round`/`np.around`/`a.round(decimals)` (core's `registry/rounding.rs` types them):
//! NumPy's `PyArray_Round` (`multiarray/calculation.c`) element by element. Floats are
//! multiplied by `10**decimals` (NumPy's `power_of_ten`, in the array's float type), rounded
//! half to even (`rint`) and divided back (for negative `decimals`: divided, rounded,
//! multiplied); integers are copied, or for negative `decimals` scaled in float64 and cast
//! back; complex numbers round both parts.

use inkwell::values::{BasicValueEnum, FloatValue, IntValue, StructValue};
use inkwell::IntPredicate;
use oxjit_abi::RuntimeFn;
use oxjit_core::types::{ArrayTy, Layout, Type};

use super::bound::CallCx;
use super::creation::result_array;
use super::{FnGen, Ir, R};

/// The scale of one call: whether `decimals` is negative, and `10**|decimals|` in float64.
#[derive(Clone, Copy)]
struct Scale<'ctx> {
    negative: IntValue<'ctx>,
    factor: FloatValue<'ctx>,
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.round(a, decimals)` of a number or an array.
    pub(super) fn lower_round(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let d = self
            .cast(c.args[1].v, &c.args[1].t, &Type::I64)?
            .into_int_value();
        let negative = self
            .b
            .build_int_compare(IntPredicate::SLT, d, self.i64(0), "neg")
            .ir()?;
        let minus = self.b.build_int_neg(d, "minus").ir()?;
        let n = self
            .b
            .build_select(negative, minus, d, "n")
            .ir()?
            .into_int_value();
        let factor = self
            .call_runtime(RuntimeFn::PowerOfTen, &[n.into()])?
            .expect("a float")
            .into_float_value();
        let scale = Scale { negative, factor };
        let Type::Array(_) = &c.args[0].t else {
            return self.round_item(c.args[0].v, &c.args[0].t, scale);
        };
        let (src, st) = self.array_arg(&c.args[0]);
        let rt = result_array(c)?;
        let out = self.round_result(src, &st, &rt, d)?;
        let shape = self.shape_values(src, &st)?;
        let dtype = st.dtype.clone();
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(src, &st, idx)?;
            let y = s.round_item(x, &dtype, scale)?;
            let p = s.element_ptr(out, &rt, idx)?;
            s.b.build_store(p, y).ir()?;
            Ok(())
        })?;
        Ok(out.into())
    }

    /// One number rounded as NumPy rounds an array's items.
    fn round_item(
        &mut self,
        x: BasicValueEnum<'ctx>,
        t: &Type,
        scale: Scale<'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        match t {
            Type::Float(_) => Ok(self.round_float(x.into_float_value(), scale)?.into()),
            Type::Complex(_) => {
                let (re, im) = self.complex_parts(x)?;
                let re = self.round_float(re, scale)?;
                let im = self.round_float(im, scale)?;
                Ok(self.make_complex(re.into(), im.into(), t)?.into())
            }
            _ => {
                // Integers: themselves for decimals >= 0, else scaled in float64 and cast back
                // (NumPy's `true_divide`, `rint`, `multiply`, then `astype`).
                let xf = self.numpy_cast(x, t, &Type::F64)?.into_float_value();
                let y = self.round_float(xf, scale)?;
                let back = self.numpy_cast(y.into(), &Type::F64, t)?;
                self.b.build_select(scale.negative, back, x, "round").ir()
            }
        }
    }

    /// `rint(x * f) / f` (or `rint(x / f) * f` for negative decimals) in `x`'s float type.
    fn round_float(&mut self, x: FloatValue<'ctx>, scale: Scale<'ctx>) -> R<FloatValue<'ctx>> {
        let ft = x.get_type();
        let f = if ft == self.cx().f64_type() {
            scale.factor
        } else {
            self.b.build_float_trunc(scale.factor, ft, "f").ir()?
        };
        let up = self.b.build_float_mul(x, f, "up").ir()?;
        let down = self.b.build_float_div(x, f, "down").ir()?;
        let y = self
            .b
            .build_select(scale.negative, down, up, "scaled")
            .ir()?
            .into_float_value();
        let y = self
            .call_intrinsic("llvm.rint", &[ft.into()], &[y.into()])?
            .into_float_value();
        let up = self.b.build_float_mul(y, f, "up").ir()?;
        let down = self.b.build_float_div(y, f, "down").ir()?;
        Ok(self
            .b
            .build_select(scale.negative, up, down, "rounded")
            .ir()?
            .into_float_value())
    }

    /// The result array: C or F as typed; for a strided `a`, NumPy's order: `a`'s memory order
    /// (`rint`, a copy), except where NumPy scales into a new array (floats with `decimals !=
    /// 0`, integers with `decimals < 0`), which is F-ordered only if `a` is F-contiguous.
    fn round_result(
        &mut self,
        src: StructValue<'ctx>,
        st: &ArrayTy,
        rt: &ArrayTy,
        d: IntValue<'ctx>,
    ) -> R<StructValue<'ctx>> {
        let shape = self.shape_values(src, st)?;
        if rt.layout != Layout::A {
            return self.new_array(rt, &shape, false);
        }
        let zero = self.i64(0);
        let scaled = match st.dtype {
            Type::Float(_) => self
                .b
                .build_int_compare(IntPredicate::NE, d, zero, "scaled")
                .ir()?,
            Type::Complex(_) => self.cx().bool_type().const_zero(),
            _ => self
                .b
                .build_int_compare(IntPredicate::SLT, d, zero, "scaled")
                .ir()?,
        };
        let c_order = self.is_c_contiguous(src, st)?;
        let f_order = self.is_f_contiguous(src, st)?;
        let not_c = self.b.build_not(c_order, "notc").ir()?;
        let fortran = self.b.build_and(f_order, not_c, "fortran").ir()?;
        let keep_bb = self.cx().append_basic_block(self.f, "round.keep");
        let new_bb = self.cx().append_basic_block(self.f, "round.new");
        let end_bb = self.cx().append_basic_block(self.f, "round.end");
        self.b
            .build_conditional_branch(scaled, new_bb, keep_bb)
            .ir()?;
        self.b.position_at_end(keep_bb);
        let strides = self.array_strides(src, st)?;
        let kept = self.new_array_keep_order(rt, &shape, &[(shape.clone(), strides)])?;
        let keep_end = self.b.get_insert_block().expect("positioned");
        self.b.build_unconditional_branch(end_bb).ir()?;
        self.b.position_at_end(new_bb);
        let c_t = ArrayTy {
            layout: Layout::C,
            ..rt.clone()
        };
        let f_t = ArrayTy {
            layout: Layout::F,
            ..rt.clone()
        };
        let block = self.new_array(&c_t, &shape, false)?;
        let c_strides = self.contiguous_strides(&c_t, &shape)?;
        let f_strides = self.contiguous_strides(&f_t, &shape)?;
        let mut strides = Vec::new();
        for (cs, fs) in c_strides.iter().zip(&f_strides) {
            let s = self.b.build_select(fortran, *fs, *cs, "stride").ir()?;
            strides.push(s.into_int_value());
        }
        let data = crate::models::array::ArrayValue(block).data(&self.b)?;
        let fresh = self.view_of(block, rt, data, &shape, &strides)?;
        let new_end = self.b.get_insert_block().expect("positioned");
        self.b.build_unconditional_branch(end_bb).ir()?;
        self.b.position_at_end(end_bb);
        let phi = self.b.build_phi(kept.get_type(), "rounded").ir()?;
        phi.add_incoming(&[(&kept, keep_end), (&fresh, new_end)]);
        Ok(phi.as_basic_value().into_struct_value())
    }

    /// Whether a strided array's memory is F-contiguous (dimensions of size 1 do not count).
    pub(super) fn is_f_contiguous(
        &self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
    ) -> R<IntValue<'ctx>> {
        let strides = self.array_strides(arr, at)?;
        let shape = self.shape_values(arr, at)?;
        let mut expected = self.i64(oxjit_core::types::size_align(&at.dtype).0 as i64);
        let mut ok = self.cx().bool_type().const_int(1, false);
        for k in 0..shape.len() {
            let same = self
                .b
                .build_int_compare(IntPredicate::EQ, strides[k], expected, "same")
                .ir()?;
            let one = self
                .b
                .build_int_compare(IntPredicate::EQ, shape[k], self.i64(1), "one")
                .ir()?;
            let fine = self.b.build_or(same, one, "fine").ir()?;
            ok = self.b.build_and(ok, fine, "contiguous").ir()?;
            expected = self.b.build_int_mul(expected, shape[k], "expected").ir()?;
        }
        Ok(ok)
    }
}
