//! Reductions with their NumPy arguments: along an `axis`, `std`/`var` (with `ddof`), and the
//! cumulative `cumsum`/`cumprod`.
//!
//! NumPy's order of additions decides the rounding of float sums: along the axis that is
//! innermost in memory (the last of a C array, the first of an F array) each result is a pairwise
//! sum of its items; along any other axis the results are accumulated item by item, from the
//! first. Both are reproduced here, so that float results are NumPy's bit for bit.

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::IntPredicate;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::ReduceOp;
use oxjit_core::typeinfer::Decoded;
use oxjit_core::types::{ArrayTy, Layout, Type};

use super::bound::Arg;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub fn reduce_call(
        &mut self,
        op: ReduceOp,
        args: &[Arg<'ctx>],
        d: &Decoded,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let Type::Array(at) = &args[0].t else {
            return Err(Diagnostic::internal("a reduction of a non-array"));
        };
        let at = (**at).clone();
        let arr = args[0].v.into_struct_value();
        if at.ndim == 0 {
            // NumPy reduces a 0-d array as its one item, whatever the axis (0 or -1, checked in
            // typing) and keepdims: the same as the whole of a 1-d array of that item.
            let (one, one_t) = self.as_one_item_vector(arr, &at)?;
            return self.reduce_plain(op, args, one, &one_t, None, result);
        }
        // (Other callables reuse this lowering with the array alone.)
        let axis_arg = args.get(1).map(|a| &a.t);
        if d.axis.is_none() && axis_arg.is_some_and(|t| t.is_integer_like() && *t != Type::Bool) {
            // `axis` known only at run time (`registry::reduce::axis_at_run_time`).
            return self.reduce_at_run_time_axis(op, args, d, &at, result);
        }
        if let Some(axes) = &d.axes {
            if matches!(op, ReduceOp::Std | ReduceOp::Var) {
                let ddof = &args[param(op, "ddof")?];
                let ddof = self.cast(ddof.v, &ddof.t, &Type::I64)?.into_int_value();
                return self.variance_axes(op, (arr, &at), axes, ddof, d.keepdims, result);
            }
            return self.reduce_axes(op, (arr, &at), axes, d.keepdims, result);
        }
        let axis = d.axis.map(|k| k as usize);
        if matches!(at.dtype, Type::Complex(_))
            && matches!(op, ReduceOp::Mean | ReduceOp::Std | ReduceOp::Var)
        {
            return self.complex_moments(op, args, arr, &at, result);
        }
        if d.keepdims {
            return self.keep_dims(op, args, arr, &at, axis, result);
        }
        self.reduce_plain(op, args, arr, &at, axis, result)
    }

    /// A 0-d array as a 1-d view of length 1 (no new reference).
    fn as_one_item_vector(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
    ) -> R<(StructValue<'ctx>, ArrayTy)> {
        let one_t = ArrayTy {
            ndim: 1,
            layout: Layout::C,
            ..at.clone()
        };
        let meminfo = self.b.build_extract_value(arr, 0, "meminfo").ir()?;
        let data = self.b.build_extract_value(arr, 1, "data").ir()?;
        let itemsize = self.i64(oxjit_core::types::size_align(&at.dtype).0 as i64);
        let one = self.build_array(&one_t, meminfo, data, &[self.i64(1)], &[itemsize])?;
        Ok((one, one_t))
    }

    /// `keepdims=True`: the plain result with the reduced axes put back, of length 1.
    fn keep_dims(
        &mut self,
        op: ReduceOp,
        args: &[Arg<'ctx>],
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        axis: Option<usize>,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let Type::Array(kt) = result else {
            return Err(Diagnostic::internal("keepdims=True makes an array"));
        };
        let kt = (**kt).clone();
        match axis {
            Some(k) if at.ndim > 1 => {
                let plain_t = ArrayTy {
                    ndim: at.ndim - 1,
                    ..kt.clone()
                };
                let plain = self
                    .reduce_plain(
                        op,
                        args,
                        arr,
                        at,
                        axis,
                        &Type::Array(plain_t.clone().into()),
                    )?
                    .into_struct_value();
                let mut shape = self.shape_values(plain, &plain_t)?;
                shape.insert(k, self.i64(1));
                let meminfo = self.b.build_extract_value(plain, 0, "meminfo").ir()?;
                let data = self.b.build_extract_value(plain, 1, "data").ir()?;
                let itemsize = self.i64(oxjit_core::types::size_align(&kt.dtype).0 as i64);
                // The plain result's strides (in its memory order); the new axis of length 1
                // never moves.
                let mut strides = self.array_strides(plain, &plain_t)?;
                strides.insert(k, itemsize);
                // The same block under another shape: the plain result's reference is this one's.
                Ok(self
                    .build_array(&kt, meminfo, data, &shape, &strides)?
                    .into())
            }
            _ => {
                let value = self.reduce_plain(op, args, arr, at, axis, &kt.dtype)?;
                let ones = vec![self.i64(1); at.ndim as usize];
                let out = self.new_array(&kt, &ones, false)?;
                let zeros = vec![self.i64(0); at.ndim as usize];
                let p = self.element_ptr(out, &kt, &zeros)?;
                self.b.build_store(p, value).ir()?;
                Ok(out.into())
            }
        }
    }

    fn reduce_plain(
        &mut self,
        op: ReduceOp,
        args: &[Arg<'ctx>],
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        axis: Option<usize>,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let at = at.clone();
        match op {
            ReduceOp::Std | ReduceOp::Var => {
                let ddof = &args[param(op, "ddof")?];
                let ddof = self.cast(ddof.v, &ddof.t, &Type::I64)?.into_int_value();
                self.variance(op, arr, &at, axis, ddof, result)
            }
            ReduceOp::Cumsum | ReduceOp::Cumprod => self.cumulate(op, arr, &at, axis, result),
            _ => match (axis, result) {
                (Some(k), Type::Array(rt)) => {
                    let rt = (**rt).clone();
                    Ok(self.reduce_axis(op, arr, &at, k, &rt)?.into())
                }
                _ => self.reduce(op, arr.into(), &Type::Array(at.clone().into()), result),
            },
        }
    }

    /// Whether `axis` is innermost in memory, where NumPy's inner loop then runs along it: its
    /// stride is the smallest of the axes longer than 1 (NumPy's iterator drops axes of length
    /// 1). Known from the layout where it can be, else decided at run time.
    fn innermost(&self, arr: StructValue<'ctx>, at: &ArrayTy, axis: usize) -> R<IntValue<'ctx>> {
        let shape = self.shape_values(arr, at)?;
        let strides = self.array_strides(arr, at)?;
        let cx = self.cx();
        let mut inner = cx.bool_type().const_int(1, false);
        let mine = self.iabs(strides[axis])?;
        for (j, (&d, &st)) in shape.iter().zip(&strides).enumerate() {
            if j == axis {
                continue;
            }
            let unit = self
                .b
                .build_int_compare(IntPredicate::EQ, d, self.i64(1), "unit")
                .ir()?;
            let ok = match at.layout {
                // C: the axes after it must be of length 1; F: the axes before it.
                Layout::C if j < axis => cx.bool_type().const_int(1, false),
                Layout::F if j > axis => cx.bool_type().const_int(1, false),
                Layout::C | Layout::F => unit,
                Layout::A => {
                    let other = self.iabs(st)?;
                    let wider = self
                        .b
                        .build_int_compare(IntPredicate::SGT, other, mine, "wider")
                        .ir()?;
                    self.b.build_or(unit, wider, "ok").ir()?
                }
            };
            inner = self.b.build_and(inner, ok, "inner").ir()?;
        }
        Ok(inner)
    }

    /// The 1-d view of `arr` along `axis` through the element at `idx` (whose `axis` entry is 0).
    pub(super) fn lane(
        &self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        axis: usize,
        idx: &[IntValue<'ctx>],
    ) -> R<(StructValue<'ctx>, ArrayTy)> {
        let start = self.element_ptr(arr, at, idx)?;
        let n = self.array_shape(arr, axis as u32)?;
        let stride = self.array_strides(arr, at)?[axis];
        let lane_t = ArrayTy {
            ndim: 1,
            layout: Layout::A,
            ..at.clone()
        };
        let meminfo = self.b.build_extract_value(arr, 0, "meminfo").ir()?;
        let lane = self.build_array(&lane_t, meminfo, start.into(), &[n], &[stride])?;
        Ok((lane, lane_t))
    }

    /// The full index of a result element: `out_idx` with 0 inserted at `axis`.
    pub(super) fn with_axis(&self, out_idx: &[IntValue<'ctx>], axis: usize) -> Vec<IntValue<'ctx>> {
        let mut idx = out_idx.to_vec();
        idx.insert(axis, self.i64(0));
        idx
    }

    /// `op` along `axis` of an n-d array (n > 1): a new array of the other dimensions.
    pub(super) fn reduce_axis(
        &mut self,
        op: ReduceOp,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        axis: usize,
        rt: &ArrayTy,
    ) -> R<StructValue<'ctx>> {
        let mut out_shape = self.shape_values(arr, at)?;
        let n = out_shape.remove(axis);
        let mut kept_strides = self.array_strides(arr, at)?;
        kept_strides.remove(axis);
        let out =
            self.new_array_keep_order(rt, &out_shape, &[(out_shape.clone(), kept_strides)])?;
        let out_type = Type::Array(rt.clone().into());
        // Item by item, from the first: float sums and means across the inner axis, and float
        // products; the order does not matter for the others.
        let floats = matches!(rt.dtype, Type::Float(_) | Type::Complex(_));
        let sums = matches!(op, ReduceOp::Sum | ReduceOp::Mean);
        let always_ordered = floats && op == ReduceOp::Prod;
        let inner = if floats && sums {
            Some(self.innermost(arr, at, axis)?)
        } else {
            None
        };
        self.extra_live.push((out.into(), out_type));
        // Sums and means along an axis that is not innermost add whole slices in turn
        // (`reduce_slices.rs`): the same order for each result, memory read in its order.
        let lanes_done = if sums {
            let innermost = self.innermost(arr, at, axis)?;
            let by_lanes = self.cx().append_basic_block(self.f, "reduce.lanes");
            let by_slices = self.cx().append_basic_block(self.f, "reduce.slices");
            let done = self.cx().append_basic_block(self.f, "reduce.done");
            self.b
                .build_conditional_branch(innermost, by_lanes, by_slices)
                .ir()?;
            self.b.position_at_end(by_slices);
            let sliced = self.accumulate_slices(op, arr, at, axis, n, out, rt, &out_shape);
            if sliced.is_err() {
                self.extra_live.pop();
            }
            sliced?;
            self.b.build_unconditional_branch(done).ir()?;
            self.b.position_at_end(by_lanes);
            Some(done)
        } else {
            None
        };
        let elem = rt.dtype.clone();
        let filled =
            self.for_each_index(&out_shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
                let full = s.with_axis(idx, axis);
                let (lane, lane_t) = s.lane(arr, at, axis, &full)?;
                let lane_type = Type::Array(lane_t.clone().into());
                let value = match inner {
                    _ if always_ordered => s.sum_in_order(op, lane, &lane_t, n, &elem)?,
                    None => s.reduce(op, lane.into(), &lane_type, &elem)?,
                    Some(inner) => {
                        // Pairwise along the innermost axis, in order along the others.
                        let pairwise = s.cx().append_basic_block(s.f, "lane.pairwise");
                        let ordered = s.cx().append_basic_block(s.f, "lane.ordered");
                        let done = s.cx().append_basic_block(s.f, "lane.done");
                        s.b.build_conditional_branch(inner, pairwise, ordered)
                            .ir()?;
                        s.b.position_at_end(pairwise);
                        let a = s.reduce(op, lane.into(), &lane_type, &elem)?;
                        let a_end = s.b.get_insert_block().expect("block");
                        s.b.build_unconditional_branch(done).ir()?;
                        s.b.position_at_end(ordered);
                        let b = s.sum_in_order(op, lane, &lane_t, n, &elem)?;
                        let b_end = s.b.get_insert_block().expect("block");
                        s.b.build_unconditional_branch(done).ir()?;
                        s.b.position_at_end(done);
                        let phi = s.b.build_phi(s.llvm_type(&elem), "lane").ir()?;
                        phi.add_incoming(&[(&a, a_end), (&b, b_end)]);
                        phi.as_basic_value()
                    }
                };
                let p = s.element_ptr(out, rt, idx)?;
                s.b.build_store(p, value).ir()?;
                Ok(())
            });
        self.extra_live.pop();
        filled?;
        if let Some(done) = lanes_done {
            self.b.build_unconditional_branch(done).ir()?;
            self.b.position_at_end(done);
        }
        Ok(out)
    }

    /// `identity op x0 op ... op x(n-1)` (sum or product; mean divides the sum by
    /// `n`), in `t`.
    fn sum_in_order(
        &mut self,
        op: ReduceOp,
        lane: StructValue<'ctx>,
        lane_t: &ArrayTy,
        n: IntValue<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let acc_op = if op == ReduceOp::Prod {
            ReduceOp::Prod
        } else {
            ReduceOp::Sum
        };
        let identity = if acc_op == ReduceOp::Prod { 1 } else { 0 };
        let acc = self.alloca(self.llvm_type(t), "acc")?;
        let identity = self.cast(self.i64(identity).into(), &Type::I64, t)?;
        self.b.build_store(acc, identity).ir()?;
        let dtype = lane_t.dtype.clone();
        self.for_each_index(&[n], &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(lane, lane_t, idx)?;
            let x = s.numpy_cast(x, &dtype, t)?;
            let cur = s.b.build_load(s.llvm_type(t), acc, "cur").ir()?;
            // From the identity, as NumPy's reduction starts (a leading -0.0 sums to 0.0).
            let next = s.accumulate(acc_op, cur, x, t)?;
            s.b.build_store(acc, next).ir()?;
            Ok(())
        })?;
        let total = self.b.build_load(self.llvm_type(t), acc, "total").ir()?;
        if op != ReduceOp::Mean {
            return Ok(total);
        }
        let count = self.cast(n.into(), &Type::I64, t)?;
        Ok(self
            .b
            .build_float_div(total.into_float_value(), count.into_float_value(), "mean")
            .ir()?
            .into())
    }

    /// `np.var`/`np.std` as NumPy's `_var` computes them: the mean (along the axis), the squared
    /// deviations in a new array, their sum, divided by `max(n - ddof, 0)`; `std` its root.
    fn variance(
        &mut self,
        op: ReduceOp,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        axis: Option<usize>,
        ddof: IntValue<'ctx>,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let ft = match result {
            Type::Array(rt) => rt.dtype.clone(),
            t => t.clone(),
        };
        let shape = self.shape_values(arr, at)?;
        // NumPy's `arr - mean` keeps the input's memory order (F stays F).
        let dev_t = ArrayTy {
            dtype: ft.clone(),
            ndim: at.ndim,
            layout: if at.ndim > 1 { at.layout } else { Layout::C },
            readonly: false,
        };
        let dev_type = Type::Array(dev_t.clone().into());
        let axis = axis.filter(|_| at.ndim > 1);
        // The mean: a scalar, or an array of the other dimensions.
        let (mean, mean_t) = match axis {
            None => {
                let arr_type = Type::Array(at.clone().into());
                (
                    self.reduce(ReduceOp::Mean, arr.into(), &arr_type, &ft)?,
                    None,
                )
            }
            Some(k) => {
                let mt = ArrayTy {
                    ndim: at.ndim - 1,
                    layout: Layout::C,
                    ..dev_t.clone()
                };
                let m = self.reduce_axis(ReduceOp::Mean, arr, at, k, &mt)?;
                (m.into(), Some(mt))
            }
        };
        if let Some(mt) = &mean_t {
            self.extra_live.push((mean, Type::Array(mt.clone().into())));
        }
        let strides = self.array_strides(arr, at)?;
        let dev = self.new_array_keep_order(&dev_t, &shape, &[(shape.clone(), strides)])?;
        self.extra_live.push((dev.into(), dev_type.clone()));
        let dtype = at.dtype.clone();
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(arr, at, idx)?;
            let x = s.cast(x, &dtype, &ft)?.into_float_value();
            let m = match (&mean_t, axis) {
                (Some(mt), Some(k)) => {
                    let mut midx = idx.to_vec();
                    midx.remove(k);
                    s.array_load(mean.into_struct_value(), mt, &midx)?
                }
                _ => mean,
            };
            let d = s.b.build_float_sub(x, m.into_float_value(), "dev").ir()?;
            let sq = s.b.build_float_mul(d, d, "sq").ir()?;
            let p = s.element_ptr(dev, &dev_t, idx)?;
            s.b.build_store(p, sq).ir()?;
            Ok(())
        })?;
        let count = match axis {
            None => {
                let mut n = self.i64(1);
                for &d in &shape {
                    n = self.b.build_int_mul(n, d, "n").ir()?;
                }
                n
            }
            Some(k) => shape[k],
        };
        let dof = self.b.build_int_sub(count, ddof, "dof").ir()?;
        let dof = self.smax(dof, self.i64(0))?;
        // NumPy divides by an int64 count: in float64, rounded to the result's type after.
        let dof = self
            .cast(dof.into(), &Type::I64, &Type::F64)?
            .into_float_value();
        let finish = |s: &mut Self, total: BasicValueEnum<'ctx>| -> R<BasicValueEnum<'ctx>> {
            let total = s.cast(total, &ft, &Type::F64)?.into_float_value();
            let var = s.b.build_float_div(total, dof, "var").ir()?;
            let var = s.cast(var.into(), &Type::F64, &ft)?;
            if op == ReduceOp::Std {
                s.call_intrinsic("llvm.sqrt", &[s.llvm_type(&ft)], &[var.into()])
            } else {
                Ok(var)
            }
        };
        let out = match (axis, result) {
            (Some(k), Type::Array(rt)) => {
                let rt = (**rt).clone();
                let sums = self.reduce_axis(ReduceOp::Sum, dev, &dev_t, k, &rt)?;
                let out_shape = self.shape_values(sums, &rt)?;
                self.for_each_index(&out_shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
                    let p = s.element_ptr(sums, &rt, idx)?;
                    let total = s.b.build_load(s.llvm_type(&ft), p, "total").ir()?;
                    let v = finish(s, total)?;
                    s.b.build_store(p, v).ir()?;
                    Ok(())
                })?;
                sums.into()
            }
            _ => {
                let total = self.reduce(ReduceOp::Sum, dev.into(), &dev_type, &ft)?;
                finish(self, total)?
            }
        };
        self.extra_live.pop();
        self.decref(dev.into(), &dev_type)?;
        if let Some(mt) = mean_t {
            self.extra_live.pop();
            self.decref(mean, &Type::Array(mt.into()))?;
        }
        Ok(out)
    }

    /// `np.cumsum`/`np.cumprod`: running sums (products) item by item, over the array flattened
    /// in C order, or along `axis`.
    fn cumulate(
        &mut self,
        op: ReduceOp,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        axis: Option<usize>,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let Type::Array(rt) = result else {
            return Err(Diagnostic::internal("cumulative results are arrays"));
        };
        let rt = (**rt).clone();
        let acc_op = if op == ReduceOp::Cumprod {
            ReduceOp::Prod
        } else {
            ReduceOp::Sum
        };
        let t = rt.dtype.clone();
        let dtype = at.dtype.clone();
        let shape = self.shape_values(arr, at)?;
        match axis {
            None => {
                let mut size = self.i64(1);
                for &d in &shape {
                    size = self.b.build_int_mul(size, d, "size").ir()?;
                }
                let out = self.new_array(&rt, &[size], false)?;
                let acc = self.alloca(self.llvm_type(&t), "acc")?;
                let counter = self.alloca(self.cx().i64_type().into(), "k")?;
                self.b.build_store(counter, self.i64(0)).ir()?;
                self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
                    let x = s.array_load(arr, at, idx)?;
                    let x = s.numpy_cast(x, &dtype, &t)?;
                    let k =
                        s.b.build_load(s.cx().i64_type(), counter, "k")
                            .ir()?
                            .into_int_value();
                    let cur = s.b.build_load(s.llvm_type(&t), acc, "cur").ir()?;
                    let next = s.accumulate(acc_op, cur, x, &t)?;
                    let first =
                        s.b.build_int_compare(inkwell::IntPredicate::EQ, k, s.i64(0), "first")
                            .ir()?;
                    let next = s.b.build_select(first, x, next, "acc").ir()?;
                    s.b.build_store(acc, next).ir()?;
                    let p = s.element_ptr(out, &rt, &[k])?;
                    s.b.build_store(p, next).ir()?;
                    let k1 = s.b.build_int_add(k, s.i64(1), "k1").ir()?;
                    s.b.build_store(counter, k1).ir()?;
                    Ok(())
                })?;
                Ok(out.into())
            }
            Some(axis) => {
                let strides = self.array_strides(arr, at)?;
                let out = self.new_array_keep_order(&rt, &shape, &[(shape.clone(), strides)])?;
                let mut outer = shape.clone();
                let n = outer.remove(axis);
                self.for_each_index(&outer, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
                    let full = s.with_axis(idx, axis);
                    let (src, src_t) = s.lane(arr, at, axis, &full)?;
                    let (dst, dst_t) = s.lane(out, &rt, axis, &full)?;
                    let acc = s.alloca(s.llvm_type(&t), "acc")?;
                    s.for_each_index(&[n], &mut |s: &mut Self, j: &[IntValue<'ctx>]| {
                        let x = s.array_load(src, &src_t, j)?;
                        let x = s.numpy_cast(x, &dtype, &t)?;
                        let cur = s.b.build_load(s.llvm_type(&t), acc, "cur").ir()?;
                        let next = s.accumulate(acc_op, cur, x, &t)?;
                        let first = s
                            .b
                            .build_int_compare(inkwell::IntPredicate::EQ, j[0], s.i64(0), "first")
                            .ir()?;
                        let next = s.b.build_select(first, x, next, "acc").ir()?;
                        s.b.build_store(acc, next).ir()?;
                        let p = s.element_ptr(dst, &dst_t, j)?;
                        s.b.build_store(p, next).ir()?;
                        Ok(())
                    })
                })?;
                Ok(out.into())
            }
        }
    }
}

/// The position of parameter `name` among a reduction's bound arguments.
fn param(op: ReduceOp, name: &str) -> R<usize> {
    oxjit_core::registry::reduce::signature(op)
        .position(name)
        .ok_or_else(|| {
            oxjit_core::diagnostics::Diagnostic::internal(format!("{}() has no {name}", op.name()))
        })
}
