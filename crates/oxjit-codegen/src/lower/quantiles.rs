//! `np.median`, `np.nanmedian`, `np.percentile` and `np.quantile` of a whole array (core's
//! `registry/quantiles.rs` types them): a C copy of the array handed to the runtime
//! (`oxjit-runtime/src/quantile.rs`), which sorts it and computes as NumPy does.

use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;
use oxjit_abi::{RuntimeFn, SortOp};
use oxjit_core::registry::ArrayFn;
use oxjit_core::types::{ArrayTy, Layout, Type};

use super::bound::CallCx;
use super::creation::{array_fn, result_array};
use super::sort::sort_elem;
use super::{FnGen, Ir, R};
use crate::models::array::ArrayValue;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.median(a)` and `np.nanmedian(a)`.
    pub(super) fn lower_median(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let skip_nan = array_fn(c)? == ArrayFn::Nanmedian;
        let (src, st) = self.array_arg(&c.args[0]);
        let ct = ArrayTy {
            layout: Layout::C,
            readonly: false,
            ..st.clone()
        };
        let copy = self.copy_of(src, &st, &ct)?;
        let n = self.array_size(copy, &ct)?;
        let data = ArrayValue(copy).data(&self.b)?;
        let skip = self.cx().bool_type().const_int(skip_nan as u64, false);
        let f = RuntimeFn::Sort(SortOp::Median, sort_elem(&st.dtype));
        let m = self
            .call_runtime(f, &[data.into(), n.into(), skip.into()])?
            .expect("a float");
        self.decref(copy.into(), &Type::Array(ct.into()))?;
        self.cast(m, &Type::F64, c.result)
    }

    /// `np.percentile(a, q)` and `np.quantile(a, q)`, `q` a number or a 1-d array.
    pub(super) fn lower_quantile(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let percent = array_fn(c)? == ArrayFn::Percentile;
        let (src, st) = self.array_arg(&c.args[0]);
        let f64t = self.cx().f64_type();
        // The q's as float64, contiguous, and where the results go.
        let (qs, nq, out, out_arr) = match &c.args[1].t {
            Type::Array(qt) => {
                let qt = (**qt).clone();
                let qarr = c.args[1].v.into_struct_value();
                let rt = result_array(c)?;
                let nq = self.array_size(qarr, &qt)?;
                let qs = self.new_array(&rt, &[nq], false)?;
                let qdt = qt.dtype.clone();
                self.for_each_index(&[nq], &mut |s: &mut Self, i: &[IntValue<'ctx>]| {
                    let x = s.array_load(qarr, &qt, i)?;
                    let x = s.cast(x, &qdt, &Type::F64)?;
                    let p = s.element_ptr(qs, &rt, i)?;
                    s.b.build_store(p, x).ir()?;
                    Ok(())
                })?;
                let out = self.new_array(&rt, &[nq], false)?;
                let qdata = ArrayValue(qs).data(&self.b)?;
                let odata = ArrayValue(out).data(&self.b)?;
                (Some((qs, rt)), nq, (qdata, odata), Some(out))
            }
            t => {
                let q = self.cast(c.args[1].v, t, &Type::F64)?;
                let qp = self.alloca(f64t.into(), "q")?;
                self.b.build_store(qp, q).ir()?;
                let op = self.alloca(f64t.into(), "out")?;
                (None, self.i64(1), (qp, op), None)
            }
        };
        let weak = out_arr.is_none();
        let ct = ArrayTy {
            layout: Layout::C,
            readonly: false,
            ..st.clone()
        };
        let copy = self.copy_of(src, &st, &ct)?;
        let n = self.array_size(copy, &ct)?;
        let data = ArrayValue(copy).data(&self.b)?;
        let bool_t = self.cx().bool_type();
        let f = RuntimeFn::Sort(SortOp::Quantile, sort_elem(&st.dtype));
        let args = [
            data.into(),
            n.into(),
            out.0.into(),
            nq.into(),
            bool_t.const_int(weak as u64, false).into(),
            bool_t.const_int(percent as u64, false).into(),
            out.1.into(),
        ];
        let status = self
            .call_runtime(f, &args)?
            .expect("a status")
            .into_int_value();
        self.decref(copy.into(), &Type::Array(ct.into()))?;
        if let Some((qs, rt)) = &qs {
            self.decref((*qs).into(), &Type::Array(rt.clone().into()))?;
        }
        let i32t = self.cx().i32_type();
        let bad_q = self
            .b
            .build_int_compare(IntPredicate::NE, status, i32t.const_int(1, false), "q")
            .ir()?;
        let empty = self
            .b
            .build_int_compare(IntPredicate::NE, status, i32t.const_int(2, false), "n")
            .ir()?;
        // NumPy's index in the message: -1 (status 2) or 0 (status 3), see the runtime.
        let empty_at_0 = self
            .b
            .build_int_compare(IntPredicate::NE, status, i32t.const_int(3, false), "n0")
            .ir()?;
        if let Some(o) = out_arr {
            // Given back before raising.
            let ok = self.b.build_and(bad_q, empty, "ok").ir()?;
            let ok = self.b.build_and(ok, empty_at_0, "ok").ir()?;
            let fail = self.cx().append_basic_block(self.f, "quantile.fail");
            let cont = self.cx().append_basic_block(self.f, "quantile.ok");
            self.b.build_conditional_branch(ok, cont, fail).ir()?;
            self.b.position_at_end(fail);
            self.decref(o.into(), c.result)?;
            self.b.build_unconditional_branch(cont).ir()?;
            self.b.position_at_end(cont);
        }
        let msg = if percent {
            "Percentiles must be in the range [0, 100]"
        } else {
            "Quantiles must be in the range [0, 1]"
        };
        self.check(bad_q, "ValueError", msg)?;
        self.check(
            empty,
            "IndexError",
            "index -1 is out of bounds for axis 0 with size 0",
        )?;
        self.check(
            empty_at_0,
            "IndexError",
            "index 0 is out of bounds for axis 0 with size 0",
        )?;
        match out_arr {
            Some(o) => Ok(o.into()),
            None => {
                let v = self.b.build_load(f64t, out.1, "quantile").ir()?;
                self.cast(v, &Type::F64, c.result)
            }
        }
    }
}
