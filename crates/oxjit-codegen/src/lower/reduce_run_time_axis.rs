//! Reductions along an axis given at run time (`a.sum(axis=k)` with `k` a variable): the
//! result's type is the same for every axis (typing takes it as axis 0), so the axis is checked
//! against the dimensions (NumPy's `AxisError`) and a switch runs the reduction compiled for
//! each constant axis.

use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;
use oxjit_core::registry::ReduceOp;
use oxjit_core::typeinfer::Decoded;
use oxjit_core::types::{ArrayTy, Type};

use super::bound::Arg;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub(super) fn reduce_at_run_time_axis(
        &mut self,
        op: ReduceOp,
        args: &[Arg<'ctx>],
        d: &Decoded,
        at: &ArrayTy,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let axis = self.run_time_axis(args[1].v, &args[1].t, at.ndim)?;
        self.by_axis(axis, at.ndim, &mut |s: &mut Self, k: u8| {
            let one = Decoded {
                axis: Some(k),
                ..d.clone()
            };
            s.reduce_call(op, args, &one, result)
        })
    }

    /// `each(k)` for the axis `k` that `axis` holds at run time (checked in `0..ndim`), the
    /// results of the same type merged.
    pub(super) fn by_axis(
        &mut self,
        axis: IntValue<'ctx>,
        ndim: u8,
        each: &mut dyn FnMut(&mut Self, u8) -> R<BasicValueEnum<'ctx>>,
    ) -> R<BasicValueEnum<'ctx>> {
        let cases: Vec<_> = (0..ndim)
            .map(|k| (k, self.cx().append_basic_block(self.f, "axis.case")))
            .collect();
        let done = self.cx().append_basic_block(self.f, "axis.done");
        let i64t = self.cx().i64_type();
        let switch: Vec<_> = cases
            .iter()
            .skip(1)
            .map(|(k, bb)| (i64t.const_int(u64::from(*k), false), *bb))
            .collect();
        // Axis 0 is the default: the check before leaves no other value.
        self.b.build_switch(axis, cases[0].1, &switch).ir()?;
        let mut incoming = Vec::new();
        for (k, bb) in cases {
            self.b.position_at_end(bb);
            let v = each(self, k)?;
            let end = self.b.get_insert_block().expect("positioned");
            self.b.build_unconditional_branch(done).ir()?;
            incoming.push((v, end));
        }
        self.b.position_at_end(done);
        let phi = self.b.build_phi(incoming[0].0.get_type(), "by_axis").ir()?;
        for (v, bb) in &incoming {
            phi.add_incoming(&[(v, *bb)]);
        }
        Ok(phi.as_basic_value())
    }

    /// An axis argument known at run time, counted from 0 (`-1` the last), checked as NumPy
    /// checks it: `AxisError: axis 3 is out of bounds for array of dimension 2`.
    pub(super) fn run_time_axis(
        &mut self,
        v: BasicValueEnum<'ctx>,
        t: &Type,
        ndim: u8,
    ) -> R<IntValue<'ctx>> {
        let given = self.cast(v, t, &Type::I64)?.into_int_value();
        let n = self.i64(i64::from(ndim));
        let negative = self
            .b
            .build_int_compare(IntPredicate::SLT, given, self.i64(0), "neg")
            .ir()?;
        let shifted = self.b.build_int_add(given, n, "shifted").ir()?;
        let axis = self
            .b
            .build_select(negative, shifted, given, "axis")
            .ir()?
            .into_int_value();
        let low = self
            .b
            .build_int_compare(IntPredicate::SGE, axis, self.i64(0), "low")
            .ir()?;
        let high = self
            .b
            .build_int_compare(IntPredicate::SLT, axis, n, "high")
            .ir()?;
        let inside = self.b.build_and(low, high, "inside").ir()?;
        self.check_formatted(
            inside,
            "numpy.exceptions.AxisError",
            "axis {0} is out of bounds for array of dimension {1}",
            &[given, n],
        )?;
        Ok(axis)
    }
}
