//! `Generator.integers` (NumPy's `_bounded_integers.pyx`: the bounds checked in 128-bit
//! arithmetic against the dtype's range, then Lemire's bounded draws) and
//! `Generator.permutation`.

use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_abi::RuntimeFn;
use oxjit_core::registry::ArrayFn;
use oxjit_core::typeinfer::Decoded;
use oxjit_core::types::{size_align, Type};

use super::bound::Arg;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// An integer argument widened to 128 bits by its signedness.
    fn wide(&self, a: &Arg<'ctx>) -> R<IntValue<'ctx>> {
        let i128t = self.cx().i128_type();
        // A uint64 is taken as its bits; every other integer fits int64.
        if let Type::Int(i) = &a.t {
            if !i.signed && i.bits == 64 {
                let v = a.v.into_int_value();
                return self.b.build_int_z_extend(v, i128t, "wide").ir();
            }
        }
        let v = self.cast(a.v, &a.t, &Type::I64)?.into_int_value();
        self.b.build_int_s_extend(v, i128t, "wide").ir()
    }

    fn i128(&self, x: i128) -> IntValue<'ctx> {
        let t = self.cx().i128_type();
        t.const_int_arbitrary_precision(&[x as u64, ((x as u128) >> 64) as u64])
    }

    /// `integers(low, high=None, size=None, dtype=np.int64, endpoint=False)`; `a` is the bound
    /// arguments after the receiver.
    pub(super) fn integers(
        &mut self,
        rng: PointerValue<'ctx>,
        a: &[Arg<'ctx>],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let dt = match result {
            Type::Array(at) => at.dtype.clone(),
            t => t.clone(),
        };
        let Type::Int(it) = dt else {
            unreachable!("typed as integers")
        };
        let (mut low, mut high) = (self.wide(&a[0])?, self.i128(0));
        if a[1].t == Type::NoneType {
            std::mem::swap(&mut low, &mut high);
        } else {
            high = self.wide(&a[1])?;
        }
        // The closed interval: `high - 1` unless `endpoint`.
        let endpoint = self.truth(a[4].v, &a[4].t)?;
        let endpoint = self
            .b
            .build_int_z_extend(endpoint, self.cx().i128_type(), "endpoint")
            .ir()?;
        let one = self.i128(1);
        let step = self.b.build_int_sub(one, endpoint, "step").ir()?;
        let high = self.b.build_int_sub(high, step, "high").ir()?;
        let (lo, hi) = match (it.signed, it.bits) {
            (true, b) => (-(1i128 << (b - 1)), (1i128 << (b - 1)) - 1),
            (false, b) => (0, (1i128 << b) - 1),
        };
        let name = Type::Int(it).to_string();
        // NumPy returns an empty array for an empty size before looking at the bounds.
        let empty = match result {
            Type::Array(_) => {
                let mut n = self.i64(1);
                for d in self.shape_argument(&a[2])? {
                    n = self.b.build_int_mul(n, d, "n").ir()?;
                }
                self.b
                    .build_int_compare(IntPredicate::EQ, n, self.i64(0), "empty")
                    .ir()?
            }
            _ => self.cx().bool_type().const_zero(),
        };
        let checks = [
            (
                IntPredicate::SGE,
                low,
                self.i128(lo),
                format!("low is out of bounds for {name}"),
            ),
            (
                IntPredicate::SLE,
                high,
                self.i128(hi),
                format!("high is out of bounds for {name}"),
            ),
        ];
        for (pred, x, bound, msg) in checks {
            let ok = self.b.build_int_compare(pred, x, bound, "ok").ir()?;
            let ok = self.b.build_or(ok, empty, "ok").ir()?;
            self.check(ok, "ValueError", &msg)?;
        }
        // NumPy's `format_bounds_error`: a low of 0 (the one-argument form) reads as `high`'s.
        let ordered = self
            .b
            .build_int_compare(IntPredicate::SLE, low, high, "ordered")
            .ir()?;
        let ordered = self.b.build_or(ordered, empty, "ordered").ir()?;
        let low_nonzero = self
            .b
            .build_int_compare(IntPredicate::NE, low, self.i128(0), "nz")
            .ir()?;
        let closed = self
            .b
            .build_int_truncate(endpoint, self.cx().bool_type(), "closed")
            .ir()?;
        for (is_closed, zero_msg, msg) in [
            (false, "high <= 0", "low >= high"),
            (true, "high < 0", "low > high"),
        ] {
            let this = if is_closed {
                closed
            } else {
                self.b.build_not(closed, "open").ir()?
            };
            let not_this = self.b.build_not(this, "other").ir()?;
            let ok = self.b.build_or(ordered, not_this, "ok").ir()?;
            let ok_zero = self.b.build_or(ok, low_nonzero, "ok").ir()?;
            self.check(ok_zero, "ValueError", zero_msg)?;
            self.check(ok, "ValueError", msg)?;
        }
        let i64t = self.cx().i64_type();
        let range = self.b.build_int_sub(high, low, "rng").ir()?;
        let range = self.b.build_int_truncate(range, i64t, "rng").ir()?;
        let off = self.b.build_int_truncate(low, i64t, "off").ir()?;
        let bytes = self
            .cx()
            .i32_type()
            .const_int(size_align(&Type::Int(it)).0 as u64, false);
        self.rng_fill_ints(rng, off, range, bytes, &a[2], result)
    }

    fn rng_fill_ints(
        &mut self,
        rng: PointerValue<'ctx>,
        off: IntValue<'ctx>,
        range: IntValue<'ctx>,
        bytes: IntValue<'ctx>,
        size: &Arg<'ctx>,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        self.rng_fill(result, size, &mut |g, out, n| {
            g.call_runtime(
                RuntimeFn::RngIntegers,
                &[
                    rng.into(),
                    off.into(),
                    range.into(),
                    bytes.into(),
                    n.into(),
                    out.into(),
                ],
            )?;
            Ok(())
        })
    }

    /// `Generator.permutation(x)`: a shuffled copy of an array, or a shuffled `arange(x)` (the
    /// swaps depend only on the length, so shuffling a copy's rows is NumPy's `arr[idx]`).
    pub(super) fn rng_permutation(
        &mut self,
        rng: PointerValue<'ctx>,
        x: &Arg<'ctx>,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let Type::Array(rt) = result else {
            unreachable!("an array")
        };
        let d = Decoded::default();
        let arr = match &x.t {
            Type::Array(_) => {
                let bound = [Arg {
                    v: x.v,
                    t: x.t.clone(),
                    c: None,
                    src: None,
                }];
                self.array_fn(ArrayFn::Copy, &bound, &d, result)?
            }
            t => {
                let n = Arg {
                    v: self.cast(x.v, t, &Type::I64)?,
                    t: Type::I64,
                    c: None,
                    src: None,
                };
                let none = || Arg {
                    v: self.cx().i8_type().const_zero().into(),
                    t: Type::NoneType,
                    c: None,
                    src: None,
                };
                let bound = [n, none(), none(), none()];
                self.array_fn(ArrayFn::Arange, &bound, &d, result)?
            }
        };
        self.rng_shuffle(rng, arr.into_struct_value(), rt)?;
        Ok(arr)
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `Generator.choice(a, size)` with replacement and no `p`: each index is NumPy's
    /// `integers(0, len(a))` (one draw at a time is the same stream as one fill of int64s), then
    /// the item of `a` there.
    pub(super) fn rng_choice(
        &mut self,
        rng: PointerValue<'ctx>,
        a: &[Arg<'ctx>],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let (pop, source) = match &a[0].t {
            Type::Array(at) => {
                let arr = a[0].v.into_struct_value();
                (self.array_shape(arr, 0)?, Some((arr, (**at).clone())))
            }
            t => (self.cast(a[0].v, t, &Type::I64)?.into_int_value(), None),
        };
        let shape = match &a[1].t {
            Type::NoneType => None,
            _ => Some(self.shape_argument(&a[1])?),
        };
        let mut n = self.i64(1);
        for &d in shape.iter().flatten() {
            n = self.b.build_int_mul(n, d, "n").ir()?;
        }
        let some = self
            .b
            .build_int_compare(IntPredicate::SGT, pop, self.i64(0), "some")
            .ir()?;
        let none_taken = self
            .b
            .build_int_compare(IntPredicate::EQ, n, self.i64(0), "none")
            .ir()?;
        let ok = self.b.build_or(some, none_taken, "ok").ir()?;
        let msg = if source.is_some() {
            "a cannot be empty unless no samples are taken"
        } else {
            "a must be a positive integer unless no samples are taken"
        };
        self.check(ok, "ValueError", msg)?;
        let top = self.b.build_int_sub(pop, self.i64(1), "top").ir()?;
        let bytes = self.cx().i32_type().const_int(8, false);
        let slot = self.alloca(self.cx().i64_type().into(), "index")?;
        let draw = |s: &mut Self| -> R<BasicValueEnum<'ctx>> {
            let one = s.i64(1);
            s.call_runtime(
                RuntimeFn::RngIntegers,
                &[
                    rng.into(),
                    s.i64(0).into(),
                    top.into(),
                    bytes.into(),
                    one.into(),
                    slot.into(),
                ],
            )?;
            let k =
                s.b.build_load(s.cx().i64_type(), slot, "k")
                    .ir()?
                    .into_int_value();
            match &source {
                Some((arr, at)) => s.array_load(*arr, at, &[k]),
                None => Ok(k.into()),
            }
        };
        let (Some(shape), Type::Array(rt)) = (shape, result) else {
            return draw(self);
        };
        let out = self.new_array(rt, &shape, false)?;
        let data = self
            .b
            .build_extract_value(out, 1, "data")
            .ir()?
            .into_pointer_value();
        let elem = self.llvm_type(&rt.dtype);
        self.for_each_index(&[n], &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = draw(s)?;
            // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): `idx[0]`
            // runs below the result's size.
            let p = unsafe { s.b.build_in_bounds_gep(elem, data, &[idx[0]], "p") }.ir()?;
            s.b.build_store(p, x).ir()?;
            Ok(())
        })?;
        Ok(out.into())
    }
}
