//! `np.fft` (core's `registry/fft.rs` types it). A transform is NumPy's sequence of
//! one-dimensional transforms (`_raw_fftnd`: the axes from last to first; `rfftn`: the real
//! one on the last axis first; `irfftn`: the real one last), each a call of the runtime's
//! pocketfft (`oxjit_rt_fft_axis`) from the previous array into a new one: intermediates are
//! C arrays, the last is laid out as NumPy's `empty_like(a, shape=...)` (the input's order).
//! The input is read in place when it already holds the working type, else converted first.
//! `fftfreq`/`rfftfreq` and `fftshift`/`ifftshift` are loops here.

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::IntPredicate;
use oxjit_abi::fft::{C2C_BACKWARD, C2C_FORWARD, C2R, DOUBLE, R2C, SINGLE, SINGLE_CAST};
use oxjit_abi::RuntimeFn;
use oxjit_core::callee::{FftFn, FftKind};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::fft::{plan, shift_axes, FftPlan};
use oxjit_core::registry::Builtin;
use oxjit_core::types::{ArrayTy, Layout, Type};

use super::bound::CallCx;
use super::creation::result_array;
use super::{FnGen, Ir, R};
use crate::models::array::ArrayValue;

/// One one-dimensional transform of the sequence: its axis, length and kind (`oxjit_abi::fft`).
struct Step<'ctx> {
    axis: u8,
    n: IntValue<'ctx>,
    op: i32,
}

pub(super) fn fft_call<'a, 'ctx: 'a>(
    g: &mut FnGen<'a, 'ctx>,
    c: &CallCx<'_, 'ctx>,
) -> R<BasicValueEnum<'ctx>> {
    let Builtin::Fft(f) = c.id else {
        return Err(Diagnostic::internal("not an np.fft function"));
    };
    match f {
        FftFn::Fftfreq | FftFn::Rfftfreq => g.lower_fftfreq(f, c),
        FftFn::Fftshift | FftFn::Ifftshift => g.lower_fftshift(f, c),
        _ => g.lower_fft(f, c),
    }
}

fn working(p: &FftPlan, complex: bool) -> Type {
    match (complex, p.single) {
        (true, true) => Type::Complex(64),
        (true, false) => Type::Complex(128),
        (false, true) => Type::Float(32),
        (false, false) => Type::F64,
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    fn lower_fft(&mut self, f: FftFn, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let types: Vec<Type> = c.args.iter().map(|a| a.t.clone()).collect();
        let consts: Vec<_> = c.args.iter().map(|a| a.c.clone()).collect();
        let p = plan(f, &types, &consts).map_err(|e| Diagnostic::internal(e.message))?;
        let rt = result_array(c)?;
        let (arr, at) = self.array_arg(&c.args[0]);
        let shape = self.shape_values(arr, &at)?;
        let steps = self.fft_steps(f, &p, c, &shape)?;
        for s in &steps {
            let ok = self
                .b
                .build_int_compare(IntPredicate::SGE, s.n, self.i64(1), "n_ok")
                .ir()?;
            let msg = "Invalid number of FFT data points ({0}) specified.";
            self.check_formatted(ok, "ValueError", msg, &[s.n])?;
        }
        // The input in the working type of the first transform.
        let first = working(&p, p.kind != FftKind::Real);
        let (mut cur, mut cur_t, mut owned) = if at.dtype == first {
            (arr, at.clone(), false)
        } else {
            let ct = ArrayTy {
                dtype: first,
                layout: Layout::C,
                readonly: false,
                ndim: at.ndim,
            };
            (self.copy_of(arr, &at, &ct)?, ct, true)
        };
        let keep = (shape.clone(), ArrayValue(arr).strides(&self.b, &at)?);
        let mut cur_shape = shape;
        let last = steps.len() - 1;
        for (k, s) in steps.iter().enumerate() {
            let mut out_shape = cur_shape.clone();
            out_shape[s.axis as usize] = if s.op == R2C {
                let half = self.b.build_int_signed_div(s.n, self.i64(2), "h").ir()?;
                self.b.build_int_add(half, self.i64(1), "nout").ir()?
            } else {
                s.n
            };
            let out_t = if k == last {
                rt.clone()
            } else {
                ArrayTy {
                    dtype: working(&p, true),
                    layout: Layout::C,
                    readonly: false,
                    ndim: at.ndim,
                }
            };
            let out = if k == last {
                self.new_array_keep_order(&out_t, &out_shape, std::slice::from_ref(&keep))?
            } else {
                self.new_array(&out_t, &out_shape, false)?
            };
            // NumPy's ufunc takes a float32 array into a complex transform through its double
            // loop (`oxjit_abi::fft::SINGLE_CAST`).
            let precision = match (p.single, k == 0 && at.dtype == Type::Float(32)) {
                (false, _) => DOUBLE,
                (true, true) if s.op != R2C => SINGLE_CAST,
                (true, _) => SINGLE,
            };
            self.fft_axis(
                precision,
                p.norm,
                s,
                (cur, &cur_t, &cur_shape),
                (out, &out_t),
            )?;
            if owned {
                self.decref(cur.into(), &Type::Array(cur_t.clone().into()))?;
            }
            (cur, cur_t, cur_shape, owned) = (out, out_t, out_shape, true);
        }
        Ok(cur.into())
    }

    /// The transforms in NumPy's order, with their lengths (`n`/`s` or the defaults).
    fn fft_steps(
        &mut self,
        f: FftFn,
        p: &FftPlan,
        c: &CallCx<'_, 'ctx>,
        shape: &[IntValue<'ctx>],
    ) -> R<Vec<Step<'ctx>>> {
        let nd = f.transform().is_some_and(|(_, nd)| nd);
        let m = p.axes.len();
        let given = if !p.sized {
            None
        } else if nd {
            Some(self.shape_argument(&c.args[1])?)
        } else {
            Some(vec![self
                .cast(c.args[1].v, &c.args[1].t, &Type::I64)?
                .into_int_value()])
        };
        let mut lengths = Vec::with_capacity(m);
        for (i, &axis) in p.axes.iter().enumerate() {
            let dim = shape[axis as usize];
            let n = match &given {
                // `_cook_nd_args`: -1 stands for the input's length (the n-d forms only).
                Some(s) if nd => {
                    let minus = self
                        .b
                        .build_int_compare(IntPredicate::EQ, s[i], self.i64(-1), "whole")
                        .ir()?;
                    self.b
                        .build_select(minus, dim, s[i], "n")
                        .ir()?
                        .into_int_value()
                }
                Some(s) => s[i],
                None if p.kind == FftKind::InverseReal && i == m - 1 => {
                    let d = self.b.build_int_sub(dim, self.i64(1), "m1").ir()?;
                    self.b.build_int_mul(d, self.i64(2), "n").ir()?
                }
                None => dim,
            };
            lengths.push(n);
        }
        let step = |i: usize, op: i32| Step {
            axis: p.axes[i],
            n: lengths[i],
            op,
        };
        Ok(match p.kind {
            FftKind::Forward => (0..m).rev().map(|i| step(i, C2C_FORWARD)).collect(),
            FftKind::Backward => (0..m).rev().map(|i| step(i, C2C_BACKWARD)).collect(),
            FftKind::Real => std::iter::once(step(m - 1, R2C))
                .chain((0..m - 1).rev().map(|i| step(i, C2C_FORWARD)))
                .collect(),
            FftKind::InverseReal => (0..m - 1)
                .map(|i| step(i, C2C_BACKWARD))
                .chain(std::iter::once(step(m - 1, C2R)))
                .collect(),
        })
    }

    /// One runtime transform from `src` (of shape `shape`) into `dst`.
    fn fft_axis(
        &mut self,
        precision: i32,
        norm: i32,
        s: &Step<'ctx>,
        src: (StructValue<'ctx>, &ArrayTy, &[IntValue<'ctx>]),
        dst: (StructValue<'ctx>, &ArrayTy),
    ) -> R<()> {
        let (arr, at, shape) = src;
        let in_strides = ArrayValue(arr).strides(&self.b, at)?;
        let out_strides = ArrayValue(dst.0).strides(&self.b, dst.1)?;
        let shape_buf = self.i64_buffer(shape, "fft_shape")?;
        let si = self.i64_buffer(&in_strides, "fft_in_strides")?;
        let so = self.i64_buffer(&out_strides, "fft_out_strides")?;
        let i32t = self.cx().i32_type();
        let args = [
            i32t.const_int(s.op as u64, false).into(),
            i32t.const_int(precision as u64, false).into(),
            i32t.const_int(norm as u64, false).into(),
            self.i64(at.ndim as i64).into(),
            shape_buf.into(),
            ArrayValue(arr).data(&self.b)?.into(),
            si.into(),
            self.i64(s.axis as i64).into(),
            s.n.into(),
            ArrayValue(dst.0).data(&self.b)?.into(),
            so.into(),
        ];
        self.call_runtime(RuntimeFn::FftAxis, &args)?;
        Ok(())
    }

    /// `np.fft.fftfreq(n, d)`, `np.fft.rfftfreq(n, d)`: `k * (1.0 / (n*d))`.
    fn lower_fftfreq(&mut self, f: FftFn, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let rt = result_array(c)?;
        let n = self
            .cast(c.args[0].v, &c.args[0].t, &Type::I64)?
            .into_int_value();
        let dt = &c.args[1].t;
        // `n*d`: an integer product where `d` is an integer, then Python's true division.
        let nd = if dt.is_integer_like() {
            let d = self.cast(c.args[1].v, dt, &Type::I64)?.into_int_value();
            let p = self.b.build_int_mul(n, d, "nd").ir()?;
            self.cast(p.into(), &Type::I64, &Type::F64)?
        } else {
            let d = self.cast(c.args[1].v, dt, &Type::F64)?.into_float_value();
            let nf = self
                .cast(n.into(), &Type::I64, &Type::F64)?
                .into_float_value();
            self.b.build_float_mul(nf, d, "nd").ir()?.into()
        }
        .into_float_value();
        let f64t = self.cx().f64_type();
        let nonzero = self
            .b
            .build_float_compare(inkwell::FloatPredicate::UNE, nd, f64t.const_zero(), "nz")
            .ir()?;
        self.check(nonzero, "ZeroDivisionError", "float division by zero")?;
        let val = self
            .b
            .build_float_div(f64t.const_float(1.0), nd, "val")
            .ir()?;
        let (len, split) = if f == FftFn::Fftfreq {
            // The first (n-1)//2 + 1 are 0, 1, ...; the rest -(n//2), ..., -1.
            let nm1 = self.b.build_int_sub(n, self.i64(1), "nm1").ir()?;
            let h = self.b.build_right_shift(nm1, self.i64(1), true, "h").ir()?;
            (n, self.b.build_int_add(h, self.i64(1), "split").ir()?)
        } else {
            let h = self.b.build_right_shift(n, self.i64(1), true, "h").ir()?;
            let m = self.b.build_int_add(h, self.i64(1), "m").ir()?;
            let m = self.smax(m, self.i64(0))?;
            (m, m)
        };
        let out = self.new_array(&rt, &[len], false)?;
        self.for_each_index(&[len], &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let i = idx[0];
            let high =
                s.b.build_int_compare(IntPredicate::SGE, i, split, "high")
                    .ir()?;
            let back = s.b.build_int_sub(i, n, "back").ir()?;
            let k = s.b.build_select(high, back, i, "k").ir()?;
            let kf = s.cast(k, &Type::I64, &Type::F64)?.into_float_value();
            let v = s.b.build_float_mul(kf, val, "f").ir()?;
            let ptr = s.element_ptr(out, &rt, idx)?;
            s.b.build_store(ptr, v).ir()?;
            Ok(())
        })?;
        Ok(out.into())
    }

    /// `np.fft.fftshift(x, axes)`, `ifftshift`: `np.roll` by `n//2` (`-(n//2)`) along each
    /// axis named (repeated axes roll again).
    fn lower_fftshift(&mut self, f: FftFn, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let rt = result_array(c)?;
        let (arr, at) = self.array_arg(&c.args[0]);
        let axes = shift_axes(f, &c.args[1].t, c.args[1].c.as_ref(), at.ndim)
            .map_err(|e| Diagnostic::internal(e.message))?;
        let shape = self.shape_values(arr, &at)?;
        // Item j of the result is item (j + offset) mod n of the input along each axis.
        let mut offsets = vec![self.i64(0); shape.len()];
        for &a in &axes {
            let n = shape[a as usize];
            let h = self.b.build_int_signed_div(n, self.i64(2), "h").ir()?;
            let off = if f == FftFn::Fftshift {
                self.b.build_int_sub(n, h, "off").ir()?
            } else {
                h
            };
            offsets[a as usize] = self.b.build_int_add(offsets[a as usize], off, "off").ir()?;
        }
        let strides = ArrayValue(arr).strides(&self.b, &at)?;
        let out = self.new_array_keep_order(&rt, &shape, &[(shape.clone(), strides)])?;
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let mut src = Vec::with_capacity(idx.len());
            for (k, &j) in idx.iter().enumerate() {
                if !axes.contains(&(k as u8)) {
                    src.push(j);
                    continue;
                }
                let t = s.b.build_int_add(j, offsets[k], "t").ir()?;
                src.push(s.b.build_int_unsigned_rem(t, shape[k], "src").ir()?);
            }
            let v = s.array_load(arr, &at, &src)?;
            let ptr = s.element_ptr(out, &rt, idx)?;
            s.b.build_store(ptr, v).ir()?;
            Ok(())
        })?;
        Ok(out.into())
    }
}
