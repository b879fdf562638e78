//! Fused array expressions (the Numba paper, §4.5.2): one loop over the broadcast shape computes a
//! whole tree of elementwise operations into one output array, with NumPy's semantics for each
//! element (no exceptions for division by zero: inf, nan or 0 as NumPy gives).
//!
//! Where every array operand is C-contiguous and has the output's shape (the common case, checked
//! at run time), the loop is a flat one over unit strides that LLVM vectorises; otherwise nested
//! loops read each operand through its strides, a broadcast dimension with stride 0; where the
//! innermost strides are all one item, those loops run over rows (`arrayexpr_rows.rs`).

use inkwell::basic_block::BasicBlock;
use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::IntPredicate;
use oxjit_core::ir::{BinOp, Const, ExprNode, ExprOp, Value};
use oxjit_core::registry::elementwise;
use oxjit_core::types::{ArrayTy, Layout, Type};

use super::parallel_expr::FlatSource;
use super::{FnGen, Ir, R};
use crate::models::array::ArrayValue;

/// One input's element: its value, type, constant value and whether it is a scalar operand.
type Element<'ctx> = (BasicValueEnum<'ctx>, Type, Option<Const>, bool);

/// An input of the expression: an array (with its strides) or a scalar.
#[derive(Clone)]
pub(super) enum Operand<'ctx> {
    Array {
        arr: StructValue<'ctx>,
        at: ArrayTy,
        shape: Vec<IntValue<'ctx>>,
        strides: Vec<IntValue<'ctx>>,
    },
    Scalar {
        v: BasicValueEnum<'ctx>,
        t: Type,
        c: Option<Const>,
    },
}

/// NumPy's way of writing a shape in messages: `(3,)`, `(2,3)`, with `{k}` placeholders from
/// `first`.
pub(super) fn shape_template(ndim: usize, first: usize) -> String {
    let parts: Vec<String> = (first..first + ndim).map(|k| format!("{{{k}}}")).collect();
    match ndim {
        1 => format!("({},)", parts[0]),
        _ => format!("({})", parts.join(",")),
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub fn array_expr(
        &mut self,
        expr: &ExprNode,
        inputs: &[Value],
        out: Option<Value>,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let Type::Array(rt) = result else {
            return self.zero_d_expr(expr, inputs, result);
        };
        let rt = (**rt).clone();
        let n = rt.ndim as usize;
        let mut operands: Vec<Operand<'ctx>> = Vec::new();
        for &x in inputs {
            operands.push(match self.ty(x).clone() {
                Type::Array(at) => {
                    let arr = self.val(x).into_struct_value();
                    let at = (*at).clone();
                    Operand::Array {
                        shape: self.shape_values(arr, &at)?,
                        strides: self.array_strides(arr, &at)?,
                        arr,
                        at,
                    }
                }
                t => Operand::Scalar {
                    v: self.val(x),
                    t,
                    c: self.typed.constant(x).cloned(),
                },
            });
        }
        self.checks_in_numpy_order(expr, &operands, out.is_some())?;
        let nb = operands
            .iter()
            .map(|o| match o {
                Operand::Array { at, .. } => at.ndim as usize,
                Operand::Scalar { .. } => 0,
            })
            .max()
            .unwrap_or(0)
            .max(n);
        let out_shape = match out {
            Some(o) => Some(self.shape_values(self.val(o).into_struct_value(), &rt)?),
            None => None,
        };
        let shape = self.broadcast_shape(&operands, nb, out_shape.as_deref())?;
        let (dst, fresh) = match out {
            Some(o) => {
                let out_shape = out_shape.expect("the output's shape");
                self.check_output_shape(&out_shape, &shape)?;
                // Dimensions beyond the output's are all 1 now: loop over the output's.
                for op in operands.iter_mut() {
                    if let Operand::Array { shape, strides, .. } = op {
                        let extra = shape.len().saturating_sub(n);
                        shape.drain(..extra);
                        strides.drain(..extra);
                    }
                }
                (self.val(o).into_struct_value(), false)
            }
            None => {
                // NumPy's order='K': the result keeps the inputs' memory order.
                let inputs: Vec<_> = operands
                    .iter()
                    .filter_map(|o| match o {
                        Operand::Array { shape, strides, .. } => {
                            Some((shape.clone(), strides.clone()))
                        }
                        Operand::Scalar { .. } => None,
                    })
                    .collect();
                (self.new_array_keep_order(&rt, &shape, &inputs)?, true)
            }
        };
        let shape = self.shape_values(dst, &rt)?;
        if fresh {
            // Given back if an element raises (a negative integer power).
            self.extra_live.push((dst.into(), result.clone()));
        }
        let saved = (self.m.opts.numpy_errors, self.in_ufunc);
        (self.m.opts.numpy_errors, self.in_ufunc) = (true, true);
        let outcome = if fresh {
            self.expr_loops(expr, &operands, dst, &rt, &shape)
        } else {
            self.expr_into_out(expr, &operands, dst, &rt, &shape)
        };
        (self.m.opts.numpy_errors, self.in_ufunc) = saved;
        if fresh {
            self.extra_live.pop();
        }
        outcome?;
        Ok(dst.into())
    }

    /// An expression of 0-d arrays (and scalars): computed once, a scalar as in NumPy 2.
    fn zero_d_expr(
        &mut self,
        expr: &ExprNode,
        inputs: &[Value],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let mut elems = Vec::new();
        for &x in inputs {
            elems.push(match self.ty(x).clone() {
                Type::Array(at) => {
                    let arr = self.val(x).into_struct_value();
                    (
                        self.array_load(arr, &at, &[])?,
                        at.dtype.clone(),
                        None,
                        false,
                    )
                }
                t => (self.val(x), t, self.typed.constant(x).cloned(), true),
            });
        }
        let saved = (self.m.opts.numpy_errors, self.in_ufunc);
        (self.m.opts.numpy_errors, self.in_ufunc) = (true, true);
        let outcome = self.eval_element(expr, &elems);
        (self.m.opts.numpy_errors, self.in_ufunc) = saved;
        let (value, t) = outcome?;
        self.numpy_cast(value, &t, result)
    }

    /// Writing into `out` (`a += b`, `out=`): where an input overlaps `out` other than as the
    /// very same view (`a[::-1]` in `a += a[::-1]`), NumPy computes through a temporary; so does
    /// this, rather than reading items it has already overwritten.
    fn expr_into_out(
        &mut self,
        expr: &ExprNode,
        operands: &[Operand<'ctx>],
        dst: StructValue<'ctx>,
        rt: &ArrayTy,
        shape: &[IntValue<'ctx>],
    ) -> R<()> {
        let itemsize = |t: &ArrayTy| oxjit_core::types::size_align(&t.dtype).0;
        let dst_strides = self.array_strides(dst, rt)?;
        let (d_lo, d_hi) = self.byte_range(dst, shape, &dst_strides, itemsize(rt))?;
        let d_data = ArrayValue(dst).data(&self.b)?;
        let mut clash = self.cx().bool_type().const_zero();
        for o in operands {
            let Operand::Array {
                arr,
                at,
                shape: s,
                strides,
            } = o
            else {
                continue;
            };
            let (lo, hi) = self.byte_range(*arr, s, strides, itemsize(at))?;
            let a = self
                .b
                .build_int_compare(IntPredicate::SLT, lo, d_hi, "a")
                .ir()?;
            let b = self
                .b
                .build_int_compare(IntPredicate::SLT, d_lo, hi, "b")
                .ir()?;
            let overlap = self.b.build_and(a, b, "overlap").ir()?;
            // The very same view (same start, strides and dtype) is read before it is written.
            let data = ArrayValue(*arr).data(&self.b)?;
            let mut same = self
                .b
                .build_int_compare(IntPredicate::EQ, data, d_data, "samedata")
                .ir()?;
            if at.dtype != rt.dtype || s.len() != dst_strides.len() {
                same = self.cx().bool_type().const_zero();
            } else {
                for (k, &st) in strides.iter().enumerate() {
                    let eq = self
                        .b
                        .build_int_compare(IntPredicate::EQ, st, dst_strides[k], "samestride")
                        .ir()?;
                    same = self.b.build_and(same, eq, "same").ir()?;
                }
            }
            let not_same = self.b.build_not(same, "other").ir()?;
            let bad = self.b.build_and(overlap, not_same, "bad").ir()?;
            clash = self.b.build_or(clash, bad, "clash").ir()?;
        }
        // One copy of the loops, writing into `out` or, where an input clashes with it, into a
        // temporary of `out`'s memory order copied over after (two copies of the loops made
        // large functions, of many in-place statements, twice as slow to optimise).
        let entry = self.b.get_insert_block().expect("positioned");
        let staged = self.cx().append_basic_block(self.f, "out.staged");
        let run = self.cx().append_basic_block(self.f, "out.run");
        self.b.build_conditional_branch(clash, staged, run).ir()?;
        self.b.position_at_end(staged);
        let temp_t = ArrayTy {
            layout: if rt.layout == Layout::F {
                Layout::F
            } else {
                Layout::C
            },
            ..rt.clone()
        };
        let temp_type = Type::Array(temp_t.clone().into());
        let temp = self.new_array(&temp_t, shape, false)?;
        let staged_end = self.b.get_insert_block().expect("positioned");
        self.b.build_unconditional_branch(run).ir()?;
        self.b.position_at_end(run);
        let st = self.m.array_struct_type(rt);
        let target = self.b.build_phi(st, "target").ir()?;
        target.add_incoming(&[(&dst, entry), (&temp, staged_end)]);
        let target = target.as_basic_value().into_struct_value();
        // What this statement owns: the temporary, or nothing (a null block) writing directly.
        let owned = self.b.build_phi(st, "owned").ir()?;
        owned.add_incoming(&[(&st.const_zero(), entry), (&temp, staged_end)]);
        let owned = owned.as_basic_value().into_struct_value();
        self.extra_live.push((owned.into(), temp_type.clone()));
        let computed = self.expr_loops(expr, operands, target, rt, shape);
        self.extra_live.pop();
        computed?;
        let copy = self.cx().append_basic_block(self.f, "out.copy");
        let done = self.cx().append_basic_block(self.f, "out.done");
        self.b.build_conditional_branch(clash, copy, done).ir()?;
        self.b.position_at_end(copy);
        self.for_each_index(shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(target, &temp_t, idx)?;
            let p = s.element_ptr(dst, rt, idx)?;
            s.b.build_store(p, x).ir()?;
            Ok(())
        })?;
        self.decref(owned.into(), &temp_type)?;
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        Ok(())
    }

    /// The broadcast shape (`n` dimensions) of the array operands, raising NumPy's ValueError
    /// where two sizes differ and neither is 1. An in-place operation's output takes part in the
    /// check (NumPy lists its shape last in the message); that it must not need stretching is
    /// checked after (`check_output_shape`).
    pub(super) fn broadcast_shape(
        &mut self,
        operands: &[Operand<'ctx>],
        n: usize,
        out_shape: Option<&[IntValue<'ctx>]>,
    ) -> R<Vec<IntValue<'ctx>>> {
        let mut shapes: Vec<Vec<IntValue<'ctx>>> = operands
            .iter()
            .filter_map(|o| match o {
                Operand::Array { shape, .. } => Some(shape.clone()),
                _ => None,
            })
            .collect();
        let n_inputs = shapes.len();
        if let Some(o) = out_shape {
            shapes.push(o.to_vec());
        }
        self.broadcast_checked(&shapes, n_inputs, n)
    }

    /// `out`'s shape must be the broadcast shape (`a += b` cannot grow `a`).
    fn check_output_shape(
        &mut self,
        out_shape: &[IntValue<'ctx>],
        shape: &[IntValue<'ctx>],
    ) -> R<()> {
        let mut ok = self.cx().bool_type().const_int(1, false);
        // Right-aligned: dimensions the output lacks must be 1.
        let lead = out_shape.len() as isize - shape.len() as isize;
        for (k, &d) in shape.iter().enumerate() {
            let o = k as isize + lead;
            let target = if o < 0 {
                self.i64(1)
            } else {
                out_shape[o as usize]
            };
            let same = self
                .b
                .build_int_compare(IntPredicate::EQ, d, target, "same")
                .ir()?;
            let one = self
                .b
                .build_int_compare(IntPredicate::EQ, d, self.i64(1), "one")
                .ir()?;
            let fine = self.b.build_or(same, one, "fine").ir()?;
            ok = self.b.build_and(ok, fine, "ok").ir()?;
        }
        let fail = self.cx().append_basic_block(self.f, "out_shape_error");
        let cont = self.cx().append_basic_block(self.f, "out_shape_ok");
        self.b.build_conditional_branch(ok, cont, fail).ir()?;
        self.b.position_at_end(fail);
        let template = format!(
            "non-broadcastable output operand with shape {} doesn't match the broadcast shape {}",
            shape_template(out_shape.len(), 0),
            shape_template(shape.len(), out_shape.len())
        );
        let mut ints = out_shape.to_vec();
        ints.extend(shape.iter().copied());
        self.raise_formatted("ValueError", &template, &ints)?;
        self.b.position_at_end(cont);
        Ok(())
    }

    /// The loops: a flat one where every array is C-contiguous with the output's shape, nested
    /// strided ones otherwise.
    fn expr_loops(
        &mut self,
        expr: &ExprNode,
        operands: &[Operand<'ctx>],
        dst: StructValue<'ctx>,
        rt: &ArrayTy,
        shape: &[IntValue<'ctx>],
    ) -> R<()> {
        let n = shape.len();
        // All C, or all F: the same order in memory.
        let flat_possible = matches!(rt.layout, Layout::C | Layout::F)
            && operands.iter().all(|o| match o {
                Operand::Array { at, .. } => at.layout == rt.layout && at.ndim as usize == n,
                Operand::Scalar { .. } => true,
            });
        let general = self.cx().append_basic_block(self.f, "expr.strided");
        let done = self.cx().append_basic_block(self.f, "expr.done");
        if flat_possible {
            self.expr_flat_loop(expr, operands, dst, rt, shape, general, done)?;
        } else {
            self.b.build_unconditional_branch(general).ir()?;
        }
        self.b.position_at_end(general);
        // Rows over unit strides where the views allow (`arrayexpr_rows.rs`).
        self.expr_rows_or_strided(expr, operands, dst, rt, shape)?;
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        Ok(())
    }

    /// The flat loop, taken where every array operand has the output's shape (their layouts
    /// are the output's, checked by the caller): one index into every data pointer. Otherwise
    /// it branches to `general`; it ends by branching to `done`.
    #[allow(clippy::too_many_arguments)]
    fn expr_flat_loop(
        &mut self,
        expr: &ExprNode,
        operands: &[Operand<'ctx>],
        dst: StructValue<'ctx>,
        rt: &ArrayTy,
        shape: &[IntValue<'ctx>],
        general: BasicBlock<'ctx>,
        done: BasicBlock<'ctx>,
    ) -> R<()> {
        let mut same = self.cx().bool_type().const_int(1, false);
        for o in operands {
            if let Operand::Array { shape: s, .. } = o {
                for (k, &d) in s.iter().enumerate() {
                    let eq = self
                        .b
                        .build_int_compare(IntPredicate::EQ, d, shape[k], "eq")
                        .ir()?;
                    same = self.b.build_and(same, eq, "same").ir()?;
                }
            }
        }
        let flat = self.cx().append_basic_block(self.f, "expr.flat");
        self.b.build_conditional_branch(same, flat, general).ir()?;
        self.b.position_at_end(flat);
        let mut size = self.i64(1);
        for &d in shape {
            size = self.b.build_int_mul(size, d, "size").ir()?;
        }
        let out_data = ArrayValue(dst).data(&self.b)?;
        let mut sources = Vec::new();
        for o in operands {
            sources.push(match o {
                Operand::Array { arr, at, .. } => {
                    FlatSource::Data(ArrayValue(*arr).data(&self.b)?, at.dtype.clone())
                }
                Operand::Scalar { v, t, c } => FlatSource::Scalar(*v, t.clone(), c.clone()),
            });
        }
        self.flat_items(expr, &sources, out_data, rt, size)?;
        self.b.build_unconditional_branch(done).ir()?;
        Ok(())
    }

    /// Each operand's strides (all its axes, or all but the innermost with `outer_only`), 0
    /// along an axis of length 1, which broadcasts (NumPy's rule); none for a scalar.
    pub(super) fn operand_strides(
        &mut self,
        operands: &[Operand<'ctx>],
        outer_only: bool,
    ) -> R<Vec<Vec<IntValue<'ctx>>>> {
        let mut all = Vec::new();
        for o in operands {
            all.push(match o {
                Operand::Array {
                    shape: s, strides, ..
                } => {
                    let axes = s.len() - usize::from(outer_only);
                    self.broadcast_strides(axes, &s[..axes], &strides[..axes])?
                }
                Operand::Scalar { .. } => Vec::new(),
            });
        }
        Ok(all)
    }

    /// The nested strided loops over the output's shape, with NumPy's broadcasting.
    pub(super) fn expr_strided_loop(
        &mut self,
        expr: &ExprNode,
        operands: &[Operand<'ctx>],
        dst: StructValue<'ctx>,
        rt: &ArrayTy,
        shape: &[IntValue<'ctx>],
    ) -> R<()> {
        let n = shape.len();
        // Strides with broadcasting: a dimension of size 1 does not move.
        let effective = self.operand_strides(operands, false)?;
        self.for_each_index(shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let mut elems = Vec::new();
            for (o, strides) in operands.iter().zip(&effective) {
                elems.push(match o {
                    Operand::Array { arr, at, .. } => {
                        let lead = n - strides.len();
                        let mut offset = s.i64(0);
                        for (k, &st) in strides.iter().enumerate() {
                            let term = s.b.build_int_mul(idx[lead + k], st, "term").ir()?;
                            offset = s.b.build_int_add(offset, term, "offset").ir()?;
                        }
                        let data = ArrayValue(*arr).data(&s.b)?;
                        // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices):
                        // the byte offset of an item of the array: in-range indices times its
                        // strides.
                        let p = unsafe { s.b.build_gep(s.cx().i8_type(), data, &[offset], "p") }
                            .ir()?;
                        let et = s.llvm_type(&at.dtype);
                        (
                            s.b.build_load(et, p, "x").ir()?,
                            at.dtype.clone(),
                            None,
                            false,
                        )
                    }
                    Operand::Scalar { v, t, c } => (*v, t.clone(), c.clone(), true),
                });
            }
            let (value, t) = s.eval_element(expr, &elems)?;
            let value = s.numpy_cast(value, &t, &rt.dtype)?;
            let value = s.bool_as_byte(value)?;
            let p = s.element_ptr(dst, rt, idx)?;
            s.b.build_store(p, value).ir()?;
            Ok(())
        })?;
        Ok(())
    }

    /// One element of the expression, from the inputs' elements (value, type, constant).
    pub(super) fn eval_element(
        &mut self,
        node: &ExprNode,
        inputs: &[Element<'ctx>],
    ) -> R<(BasicValueEnum<'ctx>, Type)> {
        let (op, args, t) = match node {
            ExprNode::Input(i) => {
                let (v, t, _, _) = &inputs[*i as usize];
                return Ok((*v, t.clone()));
            }
            ExprNode::Op(op, args, t) => (op, args, t),
        };
        let mut vals = Vec::new();
        let mut types = Vec::new();
        for a in args {
            let (v, at) = self.eval_element(a, inputs)?;
            vals.push(v);
            types.push(at);
        }
        let constant = |k: usize| match &args[k] {
            ExprNode::Input(i) => inputs[*i as usize].2.clone(),
            _ => None,
        };
        let scalar = |k: usize| matches!(&args[k], ExprNode::Input(i) if inputs[*i as usize].3);
        let value = match op {
            ExprOp::Bin(b @ (BinOp::Add | BinOp::Mul)) if *t == Type::Bool => {
                let x = self.cast(vals[0], &types[0], &Type::Bool)?.into_int_value();
                let y = self.cast(vals[1], &types[1], &Type::Bool)?.into_int_value();
                if *b == BinOp::Add {
                    self.b.build_or(x, y, "or").ir()?.into()
                } else {
                    self.b.build_and(x, y, "and").ir()?.into()
                }
            }
            ExprOp::Bin(BinOp::Pow)
                if !scalar(0)
                    && scalar(1)
                    && matches!(t, Type::Float(_) | Type::Complex(_))
                    && matches!(types[1], Type::Int(_) | Type::Float(_)) =>
            {
                self.fast_scalar_power(vals[0], &types[0], vals[1], &types[1], t, true)?
            }
            ExprOp::Ufunc(oxjit_core::registry::NpFn::Power)
                if !scalar(0)
                    && scalar(1)
                    && matches!(t, Type::Float(32 | 64))
                    && matches!(types[1], Type::Int(_) | Type::Float(_)) =>
            {
                self.fast_scalar_power(vals[0], &types[0], vals[1], &types[1], t, false)?
            }
            ExprOp::Bin(b) => {
                // Operands convert to the result's type first (weak scalars included).
                let op_t = match (b, t) {
                    (BinOp::Div, _) | (BinOp::Pow, _) => t.clone(),
                    (_, Type::Bool) => Type::Bool,
                    _ => t.clone(),
                };
                let x = self.cast(vals[0], &types[0], &op_t)?;
                let y = self.cast(vals[1], &types[1], &op_t)?;
                self.binop_values(*b, x, &op_t, y, &op_t, t, constant(1))?
            }
            ExprOp::Compare(c) if types.iter().all(Type::is_integer_like) => {
                // Integers compare exactly, whatever their widths and signs: NumPy 2 has
                // exact loops for int64 against uint64, and compares a Python int with an
                // integer array by its value (NEP 50: `uint8_array > -1` is all True), where
                // casting the scalar to the array's dtype would wrap it around.
                self.compare_values(*c, vals[0], &types[0], vals[1], &types[1])?
                    .into()
            }
            ExprOp::Compare(c) => {
                // A scalar compares as the array's dtype where it is not of a higher kind
                // (a Python int or float next to a float32 array is rounded to float32).
                for (k, other) in [(0, 1), (1, 0)] {
                    if scalar(k) && !scalar(other) {
                        let weak = elementwise::weak(&types[k], &types[other]);
                        vals[k] = self.cast(vals[k], &types[k], &weak)?;
                        types[k] = weak;
                    }
                }
                let (x, y, tx, ty) = if types[0] != types[1] {
                    let common = oxjit_core::types::unify(&types[0], &types[1])
                        .unwrap_or_else(|| types[0].clone());
                    (
                        self.cast(vals[0], &types[0], &common)?,
                        self.cast(vals[1], &types[1], &common)?,
                        common.clone(),
                        common,
                    )
                } else {
                    (vals[0], vals[1], types[0].clone(), types[1].clone())
                };
                self.compare_values(*c, x, &tx, y, &ty)?.into()
            }
            ExprOp::Unary(u) => self.unary_values(*u, vals[0], &types[0], t)?,
            ExprOp::Ufunc(f) => self.numpy(*f, &vals, &types, t)?,
            ExprOp::Logical(l) => self.logical(*l, &vals, &types)?.into(),
            ExprOp::Clip => {
                // NumPy's `_NPY_CLIP`: min(max(x, lo), hi), a NaN kept wherever it appears.
                let x = self.cast(vals[0], &types[0], t)?;
                let lo = self.cast(vals[1], &types[1], t)?;
                let hi = self.cast(vals[2], &types[2], t)?;
                let up = self.nan_keeping_pick(x, lo, t, true)?;
                self.nan_keeping_pick(up, hi, t, false)?
            }
            ExprOp::Where => {
                let c = self.truth(vals[0], &types[0])?;
                let x = self.numpy_cast(vals[1], &types[1], t)?;
                let y = self.numpy_cast(vals[2], &types[2], t)?;
                self.b.build_select(c, x, y, "where").ir()?
            }
        };
        Ok((value, t.clone()))
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.logical_and/or/xor/not` on the truth of numbers.
    pub fn logical(
        &mut self,
        l: oxjit_core::registry::ufunc::Logical,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
    ) -> R<IntValue<'ctx>> {
        use oxjit_core::registry::ufunc::Logical;
        let x = self.truth(vals[0], &types[0])?;
        if l == Logical::Not {
            return self.b.build_not(x, "not").ir();
        }
        let y = self.truth(vals[1], &types[1])?;
        match l {
            Logical::And => self.b.build_and(x, y, "and").ir(),
            Logical::Or => self.b.build_or(x, y, "or").ir(),
            _ => self.b.build_xor(x, y, "xor").ir(),
        }
    }

    /// An operator ufunc on numbers (`np.add(x, y)`), as the operator (NumPy's errors: none).
    pub fn ufunc_scalar(
        &mut self,
        op: oxjit_core::registry::ufunc::UfuncOp,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        use oxjit_core::registry::ufunc::UfuncOp;
        let saved = (self.m.opts.numpy_errors, self.in_ufunc);
        (self.m.opts.numpy_errors, self.in_ufunc) = (true, true);
        let r = match op {
            UfuncOp::Bin(b) => {
                self.binop_values(b, vals[0], &types[0], vals[1], &types[1], result, None)
            }
            UfuncOp::Square => self.binop_values(
                BinOp::Mul,
                vals[0],
                &types[0],
                vals[0],
                &types[0],
                result,
                None,
            ),
            UfuncOp::Cmp(c) => self
                .compare_values(c, vals[0], &types[0], vals[1], &types[1])
                .map(Into::into),
            UfuncOp::Unary(u) => self.unary_values(u, vals[0], &types[0], result),
            UfuncOp::Logical(l) => self.logical(l, vals, types).map(Into::into),
        };
        (self.m.opts.numpy_errors, self.in_ufunc) = saved;
        r
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// NumPy's `_NPY_MAX(a, b)` (`max`) or `_NPY_MIN`: `a` if it is NaN, else the larger
    /// (smaller) of the two, `b` where they compare false (NaN `b`).
    fn nan_keeping_pick(
        &mut self,
        a: BasicValueEnum<'ctx>,
        b: BasicValueEnum<'ctx>,
        t: &Type,
        max: bool,
    ) -> R<BasicValueEnum<'ctx>> {
        let better = match t {
            Type::Float(_) => {
                let (x, y) = (a.into_float_value(), b.into_float_value());
                let pred = if max {
                    inkwell::FloatPredicate::OGT
                } else {
                    inkwell::FloatPredicate::OLT
                };
                let gt = self.b.build_float_compare(pred, x, y, "keep").ir()?;
                let nan = self.is_nan(x)?;
                self.b.build_or(gt, nan, "keep").ir()?
            }
            _ => {
                let signed = !matches!(t, Type::Int(i) if !i.signed);
                let pred = match (max, signed) {
                    (true, true) => IntPredicate::SGT,
                    (true, false) => IntPredicate::UGT,
                    (false, true) => IntPredicate::SLT,
                    (false, false) => IntPredicate::ULT,
                };
                self.b
                    .build_int_compare(pred, a.into_int_value(), b.into_int_value(), "keep")
                    .ir()?
            }
        };
        self.b.build_select(better, a, b, "pick").ir()
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// NEP 50: a Python integer used with an array of a narrower integer dtype must fit in it
    /// (`int8_array + 300` raises NumPy's OverflowError instead of wrapping around). Checks the
    /// direct operands of one operation (`checks_in_numpy_order` walks the tree).
    pub(super) fn check_python_ints(
        &mut self,
        node: &ExprNode,
        operands: &[Operand<'ctx>],
    ) -> R<()> {
        let ExprNode::Op(op, children, t) = node else {
            return Ok(());
        };
        if matches!(op, ExprOp::Compare(_) | ExprOp::Logical(_)) {
            return Ok(());
        }
        let Type::Int(it) = t else {
            return Ok(());
        };
        let u64_t = Type::int(64, false);
        for child in children {
            let ExprNode::Input(i) = child else { continue };
            let Operand::Scalar { v, t: st, .. } = &operands[*i as usize] else {
                continue;
            };
            if *st == u64_t && *t != u64_t {
                // A Python int of 2**63 or more (typed uint64) fits no other integer dtype.
                self.check_uint64_scalar(v.into_int_value(), it)?;
                continue;
            }
            // np.where is no ufunc: it casts a Python int of the int64 range to the result's
            // dtype as C does (np.where(c, uint32_array, -129) holds 4294967167), no error.
            if *st != Type::I64 || (it.bits == 64 && it.signed) || matches!(op, ExprOp::Where) {
                continue;
            }
            let x = v.into_int_value();
            let (lo, hi) = if it.signed {
                (-(1i64 << (it.bits - 1)), (1i64 << (it.bits - 1)) - 1)
            } else if it.bits == 64 {
                (0, i64::MAX)
            } else {
                (0, (1i64 << it.bits) - 1)
            };
            let above = self
                .b
                .build_int_compare(IntPredicate::SGE, x, self.i64(lo), "lo")
                .ir()?;
            let below = self
                .b
                .build_int_compare(IntPredicate::SLE, x, self.i64(hi), "hi")
                .ir()?;
            let fits = self.b.build_and(above, below, "fits").ir()?;
            self.check_formatted(
                fits,
                "OverflowError",
                &format!("Python integer {{0}} out of bounds for {t}"),
                &[x],
            )?;
        }
        Ok(())
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// A uint64 scalar next to an array of the narrower (or signed) integer type `it`: NumPy
    /// raises OverflowError for a Python int that does not fit (above 2**63 it cannot even
    /// convert it to a C long), where casting would wrap it around.
    fn check_uint64_scalar(&mut self, x: IntValue<'ctx>, it: &oxjit_core::types::IntTy) -> R<()> {
        let hi = if it.signed {
            (1u64 << (it.bits - 1)) - 1
        } else {
            (1u64 << it.bits) - 1
        };
        let fits = self
            .b
            .build_int_compare(
                IntPredicate::ULE,
                x,
                x.get_type().const_int(hi, false),
                "fits",
            )
            .ir()?;
        self.check(
            fits,
            "OverflowError",
            "Python int too large to convert to C long",
        )
    }

    /// `array ** s` (`operator`) or `np.power(array, s)` for a number `s`, as NumPy 2 computes
    /// them. The operator first takes `fast_scalar_power`'s shortcuts for float and complex
    /// arrays (a Python int 2 is `np.square`, -1 `np.reciprocal`, a float 0.5 `np.sqrt`); then
    /// the float32 and float64 loops of `np.power`, given one exponent for every item
    /// (`POWER_FAST_PATH`), compute `1.0 / x` for -1, `1.0` for 0, `sqrt(x)` for 0.5, `x` for 1
    /// and `x * x` for 2 (the exponent in the loop's type). Everything else is the C library's
    /// `pow`, as in NumPy: `a ** 3` too (`a * a * a` rounds twice and differs from `pow` in
    /// about a quarter of the items).
    fn fast_scalar_power(
        &mut self,
        x: BasicValueEnum<'ctx>,
        tx: &Type,
        y: BasicValueEnum<'ctx>,
        ty: &Type,
        t: &Type,
        operator: bool,
    ) -> R<BasicValueEnum<'ctx>> {
        use oxjit_core::registry::NpFn;
        let x = self.cast(x, tx, t)?;
        // (the exponent's test, what replaces the power: `None` the square)
        let mut shortcuts: Vec<(IntValue<'ctx>, Shortcut)> = Vec::new();
        if let Type::Float(32 | 64) = t {
            let yt = self.cast(y, ty, t)?.into_float_value();
            for (e, f) in [
                (-1.0, Shortcut::Np(NpFn::Reciprocal)),
                (0.0, Shortcut::One),
                (0.5, Shortcut::Np(NpFn::Sqrt)),
                (1.0, Shortcut::Same),
                (2.0, Shortcut::Square),
            ] {
                let is = self
                    .b
                    .build_float_compare(
                        inkwell::FloatPredicate::OEQ,
                        yt,
                        yt.get_type().const_float(e),
                        "is",
                    )
                    .ir()?;
                shortcuts.push((is, f));
            }
        } else if let (true, Type::Int(_)) = (operator, ty) {
            let yi = y.into_int_value();
            let it = yi.get_type();
            let two = self
                .b
                .build_int_compare(IntPredicate::EQ, yi, it.const_int(2, false), "two")
                .ir()?;
            let minus_one = self
                .b
                .build_int_compare(IntPredicate::EQ, yi, it.const_all_ones(), "m1")
                .ir()?;
            let minus_one = if matches!(ty, Type::Int(i) if !i.signed) {
                self.cx().bool_type().const_zero()
            } else {
                minus_one
            };
            shortcuts.push((two, Shortcut::Square));
            shortcuts.push((minus_one, Shortcut::Np(NpFn::Reciprocal)));
        } else if operator {
            let yf = self.cast(y, ty, &Type::F64)?.into_float_value();
            let half = self
                .b
                .build_float_compare(
                    inkwell::FloatPredicate::OEQ,
                    yf,
                    self.cx().f64_type().const_float(0.5),
                    "half",
                )
                .ir()?;
            shortcuts.push((half, Shortcut::Np(NpFn::Sqrt)));
        }
        let merge = self.cx().append_basic_block(self.f, "pow.done");
        let mut incoming = Vec::new();
        for (cond, f) in shortcuts {
            let fast = self.cx().append_basic_block(self.f, "pow.fast");
            let next = self.cx().append_basic_block(self.f, "pow.next");
            self.b.build_conditional_branch(cond, fast, next).ir()?;
            self.b.position_at_end(fast);
            let v = match f {
                Shortcut::Square => self.binop_values(BinOp::Mul, x, t, x, t, t, None)?,
                Shortcut::Np(f) => self.numpy(f, &[x], std::slice::from_ref(t), t)?,
                Shortcut::Same => x,
                Shortcut::One => x.into_float_value().get_type().const_float(1.0).into(),
            };
            incoming.push((v, self.b.get_insert_block().expect("positioned")));
            self.b.build_unconditional_branch(merge).ir()?;
            self.b.position_at_end(next);
        }
        let yv = self.cast(y, ty, t)?;
        let v = self.binop_values(BinOp::Pow, x, t, yv, t, t, None)?;
        incoming.push((v, self.b.get_insert_block().expect("positioned")));
        self.b.build_unconditional_branch(merge).ir()?;
        self.b.position_at_end(merge);
        let phi = self.b.build_phi(self.llvm_type(t), "pow").ir()?;
        for (v, bb) in &incoming {
            phi.add_incoming(&[(v, *bb)]);
        }
        Ok(phi.as_basic_value())
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// A bool to store into an array as its byte (0 or 1, what storing the `i1` writes): the
    /// vectoriser stores eight of these as one `<8 x i8>`, where eight `i1`s (whose vector in
    /// memory would be bits) stay eight extracts and eight byte stores (a mask such as
    /// `(r >= lo) & (r < hi)` took several times as long to fill).
    pub(super) fn bool_as_byte(&self, v: BasicValueEnum<'ctx>) -> R<BasicValueEnum<'ctx>> {
        match v {
            BasicValueEnum::IntValue(i) if i.get_type().get_bit_width() == 1 => Ok(self
                .b
                .build_int_z_extend(i, self.cx().i8_type(), "byte")
                .ir()?
                .into()),
            _ => Ok(v),
        }
    }
}

/// What replaces `x ** s` for one value of `s`.
#[derive(Clone, Copy)]
enum Shortcut {
    Square,
    Same,
    One,
    Np(oxjit_core::registry::NpFn),
}
