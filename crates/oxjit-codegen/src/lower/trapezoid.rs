//! `np.trapezoid` (core's `registry::trapezoid` types it): NumPy's terms
//! `d * (y[i + 1] + y[i]) / 2.0` in a new array, each step in NumPy's dtype, summed as NumPy's
//! `add.reduce` sums a contiguous array (pairwise), so that float results are NumPy's bits.

use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;
use oxjit_core::ir::BinOp;
use oxjit_core::registry::ReduceOp;
use oxjit_core::types::{ArrayTy, Layout, Type};

use super::bound::CallCx;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub(super) fn lower_trapezoid(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let types: Vec<Type> = c.args.iter().map(|a| a.t.clone()).collect();
        let consts: Vec<_> = c.args.iter().map(|a| a.c.clone()).collect();
        let call = oxjit_core::registry::CallArgs {
            types: &types,
            consts: &consts,
            method: false,
        };
        let [sum_t, d_t, prod_t, half_t] = oxjit_core::registry::trapezoid::steps(&call)
            .map_err(|e| oxjit_core::diagnostics::Diagnostic::internal(e.message))?;
        let (y, yt) = self.array_arg(&c.args[0]);
        let n = self.array_shape(y, 0)?;
        let one = self.i64(1);
        let zero = self.i64(0);
        let m = self.b.build_int_sub(n, one, "m").ir()?;
        let m = self.smax(m, zero)?;
        // With `x`: its differences, broadcast against the sums as NumPy's `*` does.
        let x = match &c.args[1].t {
            Type::Array(xt) => {
                let x = c.args[1].v.into_struct_value();
                let dn = self.array_shape(x, 0)?;
                let dn = self.b.build_int_sub(dn, one, "dn").ir()?;
                let dn = self.smax(dn, zero)?;
                let eq = self
                    .b
                    .build_int_compare(IntPredicate::EQ, dn, m, "eq")
                    .ir()?;
                let d_one = self
                    .b
                    .build_int_compare(IntPredicate::EQ, dn, one, "d1")
                    .ir()?;
                let m_one = self
                    .b
                    .build_int_compare(IntPredicate::EQ, m, one, "m1")
                    .ir()?;
                let ok = self.b.build_or(eq, d_one, "ok").ir()?;
                let ok = self.b.build_or(ok, m_one, "ok").ir()?;
                self.check_formatted(
                    ok,
                    "ValueError",
                    "operands could not be broadcast together with shapes ({0},) ({1},) ",
                    &[dn, m],
                )?;
                Some((x, (**xt).clone(), dn, d_one, m_one))
            }
            _ => None,
        };
        let len = match &x {
            Some((_, _, dn, _, m_one)) => self
                .b
                .build_select(*m_one, *dn, m, "len")
                .ir()?
                .into_int_value(),
            None => m,
        };
        let tmp_t = ArrayTy {
            dtype: half_t.clone(),
            ndim: 1,
            layout: Layout::C,
            readonly: false,
        };
        let tmp = self.new_array(&tmp_t, &[len], false)?;
        let tmp_type = Type::Array(tmp_t.clone().into());
        self.extra_live.push((tmp.into(), tmp_type.clone()));
        let ydt = yt.dtype.clone();
        let dx = (c.args[2].v, c.args[2].t.clone());
        let two = self.cx().f64_type().const_float(2.0);
        self.for_each_index(&[len], &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let i = idx[0];
            let (iy, id) = match &x {
                Some((_, _, _, d_one, m_one)) => (
                    s.b.build_select(*m_one, zero, i, "iy")
                        .ir()?
                        .into_int_value(),
                    s.b.build_select(*d_one, zero, i, "id")
                        .ir()?
                        .into_int_value(),
                ),
                None => (i, i),
            };
            let next = s.b.build_int_add(iy, one, "next").ir()?;
            let a = s.array_load(y, &yt, &[next])?;
            let b = s.array_load(y, &yt, &[iy])?;
            let a = s.cast(a, &ydt, &sum_t)?;
            let b = s.cast(b, &ydt, &sum_t)?;
            let sum = s.binop_values(BinOp::Add, a, &sum_t, b, &sum_t, &sum_t, None)?;
            let d = match &x {
                Some((xv, xt, ..)) => {
                    let dnext = s.b.build_int_add(id, one, "dnext").ir()?;
                    let p = s.array_load(*xv, xt, &[dnext])?;
                    let q = s.array_load(*xv, xt, &[id])?;
                    let (p, q) = (s.cast(p, &xt.dtype, &d_t)?, s.cast(q, &xt.dtype, &d_t)?);
                    s.binop_values(BinOp::Sub, p, &d_t, q, &d_t, &d_t, None)?
                }
                None => s.cast(dx.0, &dx.1, &d_t)?,
            };
            let d = s.cast(d, &d_t, &prod_t)?;
            let sum = s.cast(sum, &sum_t, &prod_t)?;
            let prod = s.binop_values(BinOp::Mul, d, &prod_t, sum, &prod_t, &prod_t, None)?;
            let prod = s.cast(prod, &prod_t, &half_t)?;
            let two = s.cast(two.into(), &Type::F64, &half_t)?;
            let half = s.binop_values(BinOp::Div, prod, &half_t, two, &half_t, &half_t, None)?;
            let p = s.element_ptr(tmp, &tmp_t, &[i])?;
            s.b.build_store(p, half).ir()?;
            Ok(())
        })?;
        let total = self.reduce(ReduceOp::Sum, tmp.into(), &tmp_type, &half_t)?;
        self.extra_live.pop();
        self.decref(tmp.into(), &tmp_type)?;
        Ok(total)
    }
}
