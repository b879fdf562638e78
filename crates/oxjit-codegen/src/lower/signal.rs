//! `np.convolve` and `np.correlate` (core's `registry/signal.rs` types them), as NumPy's
//! `_pyarray_correlate`: each item of the result is a dot product of the overlapping parts,
//! summed from the first item on. The two arrays are first copied into the result's dtype
//! (bools into int64: NumPy's `dot` of bools is true where any pair is). NumPy's float `dot`
//! calls BLAS for long overlaps, which may round sums of many inexact products differently in
//! the last bit.

use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_core::registry::signal::mode_of;
use oxjit_core::registry::ArrayFn;
use oxjit_core::types::Type;

use super::bound::CallCx;
use super::creation::{array_fn, result_array};
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.convolve(a, v, mode)` (`correlate(a, v[::-1])` with the longer array first) and
    /// `np.correlate(a, v, mode)` (reversed where `v` is the longer).
    pub(super) fn lower_correlate(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let convolve = array_fn(c)? == ArrayFn::Convolve;
        let mode = mode_of(&c.args[2].t, c.args[2].c.as_ref());
        // `correlate` reads the mode first; `convolve` checks for empty arrays before.
        if !convolve {
            self.check_mode(mode)?;
        }
        let rt = result_array(c)?;
        let work = match rt.dtype {
            Type::Bool => Type::I64,
            ref t => t.clone(),
        };
        let a = self.flat_copy(&c.args[0], &work)?;
        let v = self.flat_copy(&c.args[1], &work)?;
        let swap = self
            .b
            .build_int_compare(IntPredicate::SLT, a.n, v.n, "swap")
            .ir()?;
        let n1 = self.smax(a.n, v.n)?;
        let n2 = self.smin(a.n, v.n)?;
        let zero = self.i64(0);
        let (first, second) = if convolve {
            ((a.n, "a cannot be empty"), (v.n, "v cannot be empty"))
        } else {
            (
                (a.n, "first array argument cannot be empty"),
                (v.n, "second array argument cannot be empty"),
            )
        };
        for (n, msg) in [first, second] {
            let ok = self
                .b
                .build_int_compare(IntPredicate::NE, n, zero, "nonempty")
                .ir()?;
            self.check(ok, "ValueError", msg)?;
        }
        if convolve {
            self.check_mode(mode)?;
        }
        let mode = match mode {
            Some(Ok(mode)) => mode,
            _ => 0,
        };
        let p1 = self.b.build_select(swap, v.data, a.data, "p1").ir()?;
        let p2 = self.b.build_select(swap, a.data, v.data, "p2").ir()?;
        // The result's length and the overlap before the first full one (NumPy's n_left).
        let one = self.i64(1);
        let (length, left) = match mode {
            0 => (
                self.b
                    .build_int_add(self.b.build_int_sub(n1, n2, "d").ir()?, one, "len")
                    .ir()?,
                zero,
            ),
            1 => (
                n1,
                self.b.build_int_signed_div(n2, self.i64(2), "left").ir()?,
            ),
            _ => (
                self.b
                    .build_int_sub(self.b.build_int_add(n1, n2, "s").ir()?, one, "len")
                    .ir()?,
                self.b.build_int_sub(n2, one, "left").ir()?,
            ),
        };
        let out = self.new_array(&rt, &[length], false)?;
        // convolve reverses the shorter array; correlate reverses its result where it swapped.
        let reverse_out = if convolve {
            self.cx().bool_type().const_zero()
        } else {
            swap
        };
        let ops = Operands {
            x: p1.into_pointer_value(),
            y: p2.into_pointer_value(),
            n1,
            n2,
            left,
            reverse_y: convolve,
        };
        self.for_each_index(&[length], &mut |s: &mut Self, i: &[IntValue<'ctx>]| {
            let acc = s.overlap_dot(&ops, i[0], &work)?;
            let acc = s.numpy_cast(acc, &work, &rt.dtype)?;
            let last = s.b.build_int_sub(length, s.i64(1), "last").ir()?;
            let back = s.b.build_int_sub(last, i[0], "back").ir()?;
            let at = s.b.build_select(reverse_out, back, i[0], "at").ir()?;
            let p = s.element_ptr(out, &rt, &[at.into_int_value()])?;
            s.b.build_store(p, acc).ir()?;
            Ok(())
        })?;
        self.release_flats(vec![a, v])?;
        Ok(out.into())
    }

    /// Raises NumPy's `ValueError` for a wrong (constant) mode.
    fn check_mode(&mut self, mode: Option<Result<u8, &'static str>>) -> R<()> {
        if let Some(Err(msg)) = mode {
            let never = self.cx().bool_type().const_zero();
            self.check(never, "ValueError", msg)?;
        }
        Ok(())
    }

    /// Item `o` of the correlation: the sum over `j` of `x[o - left + j] * y[j]` where both
    /// exist (`y` read backwards for `convolve`).
    fn overlap_dot(
        &mut self,
        ops: &Operands<'ctx>,
        o: IntValue<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let lag = self.b.build_int_sub(o, ops.left, "lag").ir()?;
        let neg_lag = self.b.build_int_neg(lag, "neg").ir()?;
        let j0 = self.smax(neg_lag, self.i64(0))?;
        let room = self.b.build_int_sub(ops.n1, lag, "room").ir()?;
        let j1 = self.smin(ops.n2, room)?;
        let count = self.b.build_int_sub(j1, j0, "count").ir()?;
        let count = self.smax(count, self.i64(0))?;
        let lt = self.llvm_type(t);
        let acc = self.alloca(lt, "acc")?;
        let zero = self.cast(self.i64(0).into(), &Type::I64, t)?;
        self.b.build_store(acc, zero).ir()?;
        self.for_each_index(&[count], &mut |s: &mut Self, k: &[IntValue<'ctx>]| {
            let j = s.b.build_int_add(j0, k[0], "j").ir()?;
            let xi = s.b.build_int_add(lag, j, "xi").ir()?;
            let yi = if ops.reverse_y {
                let last = s.b.build_int_sub(ops.n2, s.i64(1), "last").ir()?;
                s.b.build_int_sub(last, j, "yi").ir()?
            } else {
                j
            };
            let xv = s.load_at(ops.x, xi, t)?;
            let yv = s.load_at(ops.y, yi, t)?;
            let prod = s.mul_values(xv, yv, t)?;
            let sum = s.b.build_load(lt, acc, "sum").ir()?;
            let sum = s.add_or_sub(sum, prod, t, true)?;
            s.b.build_store(acc, sum).ir()?;
            Ok(())
        })?;
        self.b.build_load(lt, acc, "dot").ir()
    }

    /// Item `i` of a contiguous buffer of `t`s.
    fn load_at(
        &self,
        p: PointerValue<'ctx>,
        i: IntValue<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let lt = self.llvm_type(t);
        // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): callers
        // stay within the buffer's length.
        let q = unsafe { self.b.build_in_bounds_gep(lt, p, &[i], "item") }.ir()?;
        self.b.build_load(lt, q, "x").ir()
    }
}

/// The two buffers of a correlation (the longer first) and where the result starts.
struct Operands<'ctx> {
    x: PointerValue<'ctx>,
    y: PointerValue<'ctx>,
    n1: IntValue<'ctx>,
    n2: IntValue<'ctx>,
    left: IntValue<'ctx>,
    reverse_y: bool,
}
