//! The methods of NumPy's ufuncs (typed in core's `registry/ufunc_methods.rs`): `reduce` (as
//! the array reduction it is where there is one: `np.add.reduce` is `np.sum` along axis 0),
//! `accumulate`, `outer` and `at`. Items combine in NumPy's order: a reduction starts from the
//! ufunc's identity (or `initial=`, else the first item) and takes the items in turn;
//! `accumulate` starts from the first item.

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::IntPredicate;
use oxjit_core::callee::{BinOp, UfuncMethod, UfuncMethodFn, UfuncOp, UfuncRef};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::Const;
use oxjit_core::registry::ufunc_methods::{identity, reduction};
use oxjit_core::typeinfer::Decoded;
use oxjit_core::types::{ArrayTy, Layout, Type};

use super::bound::{Arg, CallCx};
use super::{FnGen, Ir, R};

/// The implementation registered for every ufunc method (`impls.rs`).
pub(super) fn ufunc_method_call<'a, 'ctx: 'a>(
    g: &mut FnGen<'a, 'ctx>,
    c: &CallCx<'_, 'ctx>,
) -> R<BasicValueEnum<'ctx>> {
    let oxjit_core::registry::Builtin::UfuncMethod(m) = c.id else {
        return Err(Diagnostic::internal(
            "a ufunc method registered with another family",
        ));
    };
    match m.method {
        UfuncMethod::Reduce => g.ufunc_reduce(m, c.args, c.decoded, c.result),
        UfuncMethod::Accumulate => g.ufunc_accumulate(m, c.args, c.decoded, c.result),
        UfuncMethod::Outer => g.ufunc_outer(m, c.args, c.result),
        UfuncMethod::At => g.ufunc_at(m, c.args),
        UfuncMethod::Reduceat => Err(Diagnostic::internal("reduceat is refused by typing")),
    }
}

/// Whether the call's `axis` is an integer known only at run time.
fn run_time_axis(args: &[Arg<'_>], d: &Decoded) -> bool {
    d.axis.is_none() && args[1].t.is_integer_like() && args[1].t != Type::Bool
}

fn array_of<'ctx>(arg: &Arg<'ctx>) -> R<(StructValue<'ctx>, ArrayTy)> {
    match &arg.t {
        Type::Array(at) => Ok((arg.v.into_struct_value(), (**at).clone())),
        _ => Err(Diagnostic::internal("a ufunc method of a non-array")),
    }
}

fn item_of(t: &Type) -> Type {
    match t {
        Type::Array(a) => a.dtype.clone(),
        t => t.clone(),
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `ufunc(x, y)` (or `ufunc(x)`) on items, in NumPy's loop for the result dtype `t`.
    pub(super) fn ufunc_item(
        &mut self,
        u: UfuncRef,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        match u {
            // NumPy's boolean add and multiply are `or` and `and`.
            UfuncRef::Op(UfuncOp::Bin(b @ (BinOp::Add | BinOp::Mul))) if *t == Type::Bool => {
                let x = self.truth(vals[0], &types[0])?;
                let y = self.truth(vals[1], &types[1])?;
                Ok(match b {
                    BinOp::Add => self.b.build_or(x, y, "or").ir()?.into(),
                    _ => self.b.build_and(x, y, "and").ir()?.into(),
                })
            }
            UfuncRef::Op(op @ UfuncOp::Bin(_)) => {
                // The operands convert to the loop's dtype first (weak numbers included).
                let x = self.numpy_cast(vals[0], &types[0], t)?;
                let y = self.numpy_cast(vals[1], &types[1], t)?;
                self.ufunc_scalar(op, &[x, y], &[t.clone(), t.clone()], t)
            }
            UfuncRef::Op(op) => self.ufunc_scalar(op, vals, types, t),
            UfuncRef::Np(f) => {
                let saved = (self.m.opts.numpy_errors, self.in_ufunc);
                (self.m.opts.numpy_errors, self.in_ufunc) = (true, true);
                let r = self.numpy(f, vals, types, t);
                (self.m.opts.numpy_errors, self.in_ufunc) = saved;
                r
            }
        }
    }

    fn ufunc_reduce(
        &mut self,
        m: UfuncMethodFn,
        args: &[Arg<'ctx>],
        d: &Decoded,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let initial = args[5].t != Type::NoneType;
        let run_time = run_time_axis(args, d);
        if let Some(op) = reduction(m.ufunc).filter(|_| !initial) {
            // The array reduction, its arguments as it takes them.
            let axis = if run_time {
                args[1].clone()
            } else {
                Arg {
                    t: Type::NoneType,
                    ..args[1].clone()
                }
            };
            let mut delegate = vec![args[0].clone(), axis];
            if matches!(
                op,
                oxjit_core::registry::ReduceOp::Sum | oxjit_core::registry::ReduceOp::Prod
            ) {
                delegate.push(args[2].clone());
            }
            delegate.push(args[4].clone());
            return self.reduce_call(op, &delegate, d, result);
        }
        let (_, at) = array_of(&args[0])?;
        if run_time {
            let axis = self.run_time_axis(args[1].v, &args[1].t, at.ndim)?;
            return self.by_axis(axis, at.ndim, &mut |s: &mut Self, k: u8| {
                s.reduce_generic(m, args, Some(k as usize), d.keepdims, result)
            });
        }
        let axis = d.axis.map(usize::from).filter(|_| at.ndim > 0);
        self.reduce_generic(m, args, axis, d.keepdims, result)
    }

    /// What a reduction starts from: `initial=`, else the ufunc's identity (`None`: the first
    /// item, where the ufunc has no identity).
    fn reduce_start(
        &mut self,
        m: UfuncMethodFn,
        args: &[Arg<'ctx>],
        t: &Type,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        if args[5].t != Type::NoneType {
            return Ok(Some(self.numpy_cast(args[5].v, &args[5].t, t)?));
        }
        Ok(match identity(m.ufunc) {
            Some(Const::Int(k)) => Some(self.numpy_cast(self.i64(k).into(), &Type::I64, t)?),
            Some(Const::Bool(b)) => {
                let v = self.cx().bool_type().const_int(u64::from(b), false);
                Some(self.numpy_cast(v.into(), &Type::Bool, t)?)
            }
            _ => None,
        })
    }

    /// A reduction of the other ufuncs: over every item (`axis` None) or along one axis.
    fn reduce_generic(
        &mut self,
        m: UfuncMethodFn,
        args: &[Arg<'ctx>],
        axis: Option<usize>,
        keepdims: bool,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let (arr, at) = array_of(&args[0])?;
        let t = item_of(result);
        let shape = self.shape_values(arr, &at)?;
        let Some(k) = axis.filter(|_| at.ndim > 1) else {
            // Every item: 1-d, or all the axes of a reorderable ufunc (in memory order).
            let value = if at.ndim > 1 && at.layout == Layout::A {
                // A strided array: its items copied in C order first.
                let ct = ArrayTy {
                    layout: Layout::C,
                    ..at.clone()
                };
                let copy = self.copy_array(arr, &at, &ct)?;
                let copy_type = Type::Array(ct.clone().into());
                self.extra_live.push((copy.into(), copy_type.clone()));
                let flat = self.ufunc_flat_items(copy, &ct)?;
                let value = self.reduce_lane(m, args, flat, &t);
                self.extra_live.pop();
                let value = value?;
                self.decref(copy.into(), &copy_type)?;
                value
            } else {
                let flat = self.ufunc_flat_items(arr, &at)?;
                self.reduce_lane(m, args, flat, &t)?
            };
            return match result {
                Type::Array(rt) => {
                    let ones = vec![self.i64(1); at.ndim as usize];
                    let out = self.new_array(rt, &ones, false)?;
                    let zeros = vec![self.i64(0); at.ndim as usize];
                    let p = self.element_ptr(out, rt, &zeros)?;
                    self.b.build_store(p, value).ir()?;
                    Ok(out.into())
                }
                _ => Ok(value),
            };
        };
        let Type::Array(rt) = result else {
            return Err(Diagnostic::internal(
                "a reduction along an axis makes an array",
            ));
        };
        let mut out_shape = shape.clone();
        if keepdims {
            out_shape[k] = self.i64(1);
        } else {
            out_shape.remove(k);
        }
        let strides = self.array_strides(arr, &at)?;
        let mut hint_strides = strides.clone();
        let mut hint_shape = shape.clone();
        if !keepdims {
            hint_strides.remove(k);
            hint_shape.remove(k);
        }
        let out = self.new_array_keep_order(rt, &out_shape, &[(hint_shape, hint_strides)])?;
        let mut others = shape.clone();
        others.remove(k);
        let out_type = result.clone();
        self.extra_live.push((out.into(), out_type));
        let filled = self.for_each_index(&others, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let full = s.with_axis(idx, k);
            let lane = s.lane(arr, &at, k, &full)?;
            let value = s.reduce_lane(m, args, lane, &t)?;
            let at_out = if keepdims { full } else { idx.to_vec() };
            let p = s.element_ptr(out, rt, &at_out)?;
            s.b.build_store(p, value).ir()?;
            Ok(())
        });
        self.extra_live.pop();
        filled?;
        Ok(out.into())
    }

    /// Every item of `arr` as a 1-d array: itself if 1-d, else a view of its one block in
    /// memory order (a reorderable ufunc: the order only rounds hypot differently), else the
    /// items copied in C order.
    fn ufunc_flat_items(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
    ) -> R<(StructValue<'ctx>, ArrayTy)> {
        if at.ndim == 1 {
            return Ok((arr, at.clone()));
        }
        if at.layout != Layout::A {
            let flat_t = ArrayTy {
                ndim: 1,
                layout: Layout::C,
                ..at.clone()
            };
            let n = self.array_size(arr, at)?;
            let itemsize = self.i64(oxjit_core::types::size_align(&at.dtype).0 as i64);
            let meminfo = self.b.build_extract_value(arr, 0, "meminfo").ir()?;
            let data = self.b.build_extract_value(arr, 1, "data").ir()?;
            let flat = self.build_array(&flat_t, meminfo, data, &[n], &[itemsize])?;
            return Ok((flat, flat_t));
        }
        Err(Diagnostic::internal(
            "a strided array is copied before its items are reduced",
        ))
    }

    /// The reduction of the items of a 1-d array (NumPy's ValueError where it is empty and the
    /// ufunc has no identity and no `initial=`).
    fn reduce_lane(
        &mut self,
        m: UfuncMethodFn,
        args: &[Arg<'ctx>],
        (lane, lane_t): (StructValue<'ctx>, ArrayTy),
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let n = self.array_shape(lane, 0)?;
        let dtype = lane_t.dtype.clone();
        let acc = self.alloca(self.llvm_type(t), "acc")?;
        let start = self.reduce_start(m, args, t)?;
        let from = match start {
            Some(v) => {
                self.b.build_store(acc, v).ir()?;
                self.i64(0)
            }
            None => {
                let some = self
                    .b
                    .build_int_compare(IntPredicate::SGT, n, self.i64(0), "some")
                    .ir()?;
                let msg = format!(
                    "zero-size array to reduction operation {} which has no identity",
                    m.ufunc.name()
                );
                self.check(some, "ValueError", &msg)?;
                let x = self.array_load(lane, &lane_t, &[self.i64(0)])?;
                let x = self.numpy_cast(x, &dtype, t)?;
                self.b.build_store(acc, x).ir()?;
                self.i64(1)
            }
        };
        let count = self.b.build_int_sub(n, from, "count").ir()?;
        let count = self.smax(count, self.i64(0))?;
        let tt = [t.clone(), t.clone()];
        self.for_each_index(&[count], &mut |s: &mut Self, j: &[IntValue<'ctx>]| {
            let i = s.b.build_int_add(j[0], from, "i").ir()?;
            let x = s.array_load(lane, &lane_t, &[i])?;
            let x = s.numpy_cast(x, &dtype, &tt[0])?;
            let cur = s.b.build_load(s.llvm_type(&tt[0]), acc, "cur").ir()?;
            let next = s.ufunc_item(m.ufunc, &[cur, x], &tt, &tt[0])?;
            s.b.build_store(acc, next).ir()?;
            Ok(())
        })?;
        self.b.build_load(self.llvm_type(t), acc, "reduced").ir()
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    fn ufunc_accumulate(
        &mut self,
        m: UfuncMethodFn,
        args: &[Arg<'ctx>],
        d: &Decoded,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let (_, at) = array_of(&args[0])?;
        if run_time_axis(args, d) {
            let axis = self.run_time_axis(args[1].v, &args[1].t, at.ndim)?;
            return self.by_axis(axis, at.ndim, &mut |s: &mut Self, k: u8| {
                s.accumulate_along(m, &args[0], k as usize, result)
            });
        }
        // `axis=None` is axis 0 of a 1-d array (typing refuses it otherwise).
        let k = d.axis.map_or(0, usize::from);
        self.accumulate_along(m, &args[0], k, result)
    }

    /// The running results along `axis`: the first item, then `ufunc(previous, item)`.
    fn accumulate_along(
        &mut self,
        m: UfuncMethodFn,
        arg: &Arg<'ctx>,
        axis: usize,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let (arr, at) = array_of(arg)?;
        let Type::Array(rt) = result else {
            return Err(Diagnostic::internal("accumulate makes an array"));
        };
        let t = rt.dtype.clone();
        let dtype = at.dtype.clone();
        let shape = self.shape_values(arr, &at)?;
        let strides = self.array_strides(arr, &at)?;
        let out = self.new_array_keep_order(rt, &shape, &[(shape.clone(), strides)])?;
        let mut others = shape.clone();
        let n = others.remove(axis);
        let rest = self.b.build_int_sub(n, self.i64(1), "rest").ir()?;
        let rest = self.smax(rest, self.i64(0))?;
        let some = self
            .b
            .build_int_compare(IntPredicate::SGT, n, self.i64(0), "some")
            .ir()?;
        let run = self.cx().append_basic_block(self.f, "accumulate");
        let done = self.cx().append_basic_block(self.f, "accumulated");
        self.b.build_conditional_branch(some, run, done).ir()?;
        self.b.position_at_end(run);
        let tt = [t.clone(), t.clone()];
        let acc = self.alloca(self.llvm_type(&t), "acc")?;
        self.for_each_index(&others, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let full = s.with_axis(idx, axis);
            let (src, src_t) = s.lane(arr, &at, axis, &full)?;
            let (dst, dst_t) = s.lane(out, rt, axis, &full)?;
            let x = s.array_load(src, &src_t, &[s.i64(0)])?;
            let x = s.numpy_cast(x, &dtype, &tt[0])?;
            s.b.build_store(acc, x).ir()?;
            let p = s.element_ptr(dst, &dst_t, &[s.i64(0)])?;
            s.b.build_store(p, x).ir()?;
            s.for_each_index(&[rest], &mut |s: &mut Self, j: &[IntValue<'ctx>]| {
                let i = s.b.build_int_add(j[0], s.i64(1), "i").ir()?;
                let x = s.array_load(src, &src_t, &[i])?;
                let x = s.numpy_cast(x, &dtype, &tt[0])?;
                let cur = s.b.build_load(s.llvm_type(&tt[0]), acc, "cur").ir()?;
                let next = s.ufunc_item(m.ufunc, &[cur, x], &tt, &tt[0])?;
                s.b.build_store(acc, next).ir()?;
                let p = s.element_ptr(dst, &dst_t, &[i])?;
                s.b.build_store(p, next).ir()?;
                Ok(())
            })
        })?;
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        Ok(out.into())
    }

    /// `ufunc.outer(A, B)`: `out[i..., j...] = ufunc(A[i...], B[j...])`, in C order.
    fn ufunc_outer(
        &mut self,
        m: UfuncMethodFn,
        args: &[Arg<'ctx>],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let (a, at) = array_of(&args[0])?;
        let (b, bt) = array_of(&args[1])?;
        let Type::Array(rt) = result else {
            return Err(Diagnostic::internal("outer makes an array"));
        };
        let mut shape = self.shape_values(a, &at)?;
        let na = shape.len();
        shape.extend(self.shape_values(b, &bt)?);
        let out = self.new_array(rt, &shape, false)?;
        let types = [at.dtype.clone(), bt.dtype.clone()];
        let t = rt.dtype.clone();
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(a, &at, &idx[..na])?;
            let y = s.array_load(b, &bt, &idx[na..])?;
            let v = s.ufunc_item(m.ufunc, &[x, y], &types, &t)?;
            let p = s.element_ptr(out, rt, idx)?;
            s.b.build_store(p, v).ir()?;
            Ok(())
        })?;
        Ok(out.into())
    }

    /// `ufunc.at(a, indices, b)`: `a[i] = ufunc(a[i], b[j])` for each `i = indices[j]` in turn
    /// (a repeated index applies again), `b` a number or 1-d array (of one item, or one per
    /// index); NumPy's IndexError and ValueError.
    fn ufunc_at(&mut self, m: UfuncMethodFn, args: &[Arg<'ctx>]) -> R<BasicValueEnum<'ctx>> {
        let (a, at) = array_of(&args[0])?;
        let size = self.array_shape(a, 0)?;
        let count = match &args[1].t {
            Type::Array(_) => self.array_shape(args[1].v.into_struct_value(), 0)?,
            _ => self.i64(1),
        };
        let b = (args[2].t != Type::NoneType).then(|| args[2].clone());
        let b_len = match b.as_ref().map(|b| &b.t) {
            Some(Type::Array(_)) => {
                let n = self.array_shape(args[2].v.into_struct_value(), 0)?;
                let one = self
                    .b
                    .build_int_compare(IntPredicate::EQ, n, self.i64(1), "one")
                    .ir()?;
                let same = self
                    .b
                    .build_int_compare(IntPredicate::EQ, n, count, "same")
                    .ir()?;
                let ok = self.b.build_or(one, same, "ok").ir()?;
                self.check(
                    ok,
                    "ValueError",
                    "array is not broadcastable to correct shape",
                )?;
                Some(n)
            }
            _ => None,
        };
        let loop_t =
            oxjit_core::registry::ufunc_reduce::at_loop_type(m, &at, b.as_ref().map(|b| &b.t))
                .map_err(|e| Diagnostic::internal(format!("ufunc.at typed: {e:?}")))?;
        let dtype = at.dtype.clone();
        let index = |s: &mut Self, j: &[IntValue<'ctx>]| -> R<IntValue<'ctx>> {
            let i = match &args[1].t {
                Type::Array(it) => {
                    let x = s.array_load(args[1].v.into_struct_value(), it, j)?;
                    s.cast(x, &it.dtype, &Type::I64)?.into_int_value()
                }
                t => s.cast(args[1].v, t, &Type::I64)?.into_int_value(),
            };
            s.checked_index_with(
                i,
                size,
                "index {0} is out of bounds for axis 0 with size {1}",
            )
        };
        // NumPy checks every index before it changes anything.
        self.for_each_index(&[count], &mut |s: &mut Self, j: &[IntValue<'ctx>]| {
            index(s, j).map(|_| ())
        })?;
        self.for_each_index(&[count], &mut |s: &mut Self, j: &[IntValue<'ctx>]| {
            let i = index(s, j)?;
            let x = s.array_load(a, &at, &[i])?;
            let mut vals = vec![x];
            let mut types = vec![dtype.clone()];
            if let Some(b) = &b {
                match (&b.t, b_len) {
                    (Type::Array(bt), Some(n)) => {
                        let one =
                            s.b.build_int_compare(IntPredicate::EQ, n, s.i64(1), "one")
                                .ir()?;
                        let k =
                            s.b.build_select(one, s.i64(0), j[0], "k")
                                .ir()?
                                .into_int_value();
                        vals.push(s.array_load(b.v.into_struct_value(), bt, &[k])?);
                        types.push(bt.dtype.clone());
                    }
                    (t, _) => {
                        vals.push(b.v);
                        types.push(t.clone());
                    }
                }
            }
            let r = s.ufunc_item(m.ufunc, &vals, &types, &loop_t)?;
            let r = s.numpy_cast(r, &loop_t, &dtype)?;
            let p = s.element_ptr(a, &at, &[i])?;
            s.b.build_store(p, r).ir()?;
            Ok(())
        })?;
        Ok(self.cx().i8_type().const_zero().into())
    }
}
