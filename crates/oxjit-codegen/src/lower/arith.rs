//! Arithmetic with Python's semantics: wrapping 64-bit integers, floor division and modulo
//! rounding toward negative infinity, `ZeroDivisionError` with CPython's messages, shifts,
//! float powers and unary operators. Casts are in `cast.rs`, complex numbers in `complex.rs`,
//! comparisons and truth values in `compare.rs`.

use inkwell::values::{BasicValueEnum, FloatValue, IntValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_abi::RuntimeFn;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{BinOp, Const, UnaryOp, Value};
use oxjit_core::types::Type;

use super::{FnGen, Ir, R};
use crate::models;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    fn zero_division(&mut self, divisor_is_zero: IntValue<'ctx>, msg: &str) -> R<()> {
        let ok = self.b.build_not(divisor_is_zero, "nonzero").ir()?;
        self.check(ok, "ZeroDivisionError", msg)
    }

    /// `ZeroDivisionError(msg)` where the float `y` is zero. The hot test is `y != 0 and y is
    /// not NaN` (one compare and one branch on x86; `y == 0` alone needs two branches, for the
    /// zero flag and the parity flag of NaN); a NaN then falls through a cold block that tests
    /// `y == 0` exactly.
    fn float_zero_division(&mut self, y: FloatValue<'ctx>, msg: &str) -> R<()> {
        let zero = y.get_type().const_zero();
        let fine = self
            .b
            .build_float_compare(FloatPredicate::ONE, y, zero, "nonzero")
            .ir()?;
        let slow = self.cx().append_basic_block(self.f, "div.zero");
        let done = self.cx().append_basic_block(self.f, "div.ok");
        let br = self.b.build_conditional_branch(fine, done, slow).ir()?;
        self.unlikely(br);
        self.b.position_at_end(slow);
        let is_zero = self
            .b
            .build_float_compare(FloatPredicate::OEQ, y, zero, "iszero")
            .ir()?;
        self.zero_division(is_zero, msg)?;
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        Ok(())
    }

    pub fn binop(
        &mut self,
        op: BinOp,
        a: Value,
        b: Value,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let (ta, tb) = (self.ty(a).clone(), self.ty(b).clone());
        if *result == Type::Str {
            return self.str_binop(op, a, b);
        }
        if let Some(v) = models::model_of(&ta).binop(self, op, a, b, result)? {
            return Ok(v);
        }
        if let Type::List(_) = tb {
            // `n * list`.
            return self.list_binop(op, a, b, result);
        }
        let exponent = self.typed.constant(b).cloned();
        self.binop_values(op, self.val(a), &ta, self.val(b), &tb, result, exponent)
    }

    /// `x op y` of numbers; `rhs` is the right operand's value where it is a constant.
    #[allow(clippy::too_many_arguments)]
    pub fn binop_values(
        &mut self,
        op: BinOp,
        xv: BasicValueEnum<'ctx>,
        ta: &Type,
        yv: BasicValueEnum<'ctx>,
        tb: &Type,
        result: &Type,
        rhs: Option<Const>,
    ) -> R<BasicValueEnum<'ctx>> {
        // Booleans stay booleans for & | ^, and for NumPy's boolean `add` (logical or) and
        // `multiply` (logical and).
        if result == &Type::Bool {
            let (x, y) = (xv.into_int_value(), yv.into_int_value());
            return Ok(match op {
                BinOp::BitAnd | BinOp::Mul => self.b.build_and(x, y, "and").ir()?,
                BinOp::BitOr | BinOp::Add => self.b.build_or(x, y, "or").ir()?,
                BinOp::BitXor => self.b.build_xor(x, y, "xor").ir()?,
                op => {
                    return Err(Diagnostic::internal(format!(
                        "cannot lower {} of booleans to a boolean",
                        op.symbol()
                    )))
                }
            }
            .into());
        }
        // The type the operation is carried out in.
        let op_t = match (op, result) {
            (BinOp::Pow, Type::Float(_)) if ta.is_integer_like() && tb.is_integer_like() => {
                Type::F64
            }
            (BinOp::Div, _) => result.clone(),
            _ => result.clone(),
        };
        let x = self.cast(xv, ta, &op_t)?;
        let y = self.cast(yv, tb, &op_t)?;
        if op_t == Type::Float(16) {
            // NumPy's float16 arithmetic: in float32, rounded back (`half.rs`).
            let (x, y) = (self.half_widen(x)?, self.half_widen(y)?);
            let r = self.float_binop(op, x, y, false)?;
            return self.half_narrow(r.into_float_value());
        }
        match &op_t {
            Type::Int(i) => {
                self.int_binop(op, x.into_int_value(), y.into_int_value(), i.signed, rhs)
            }
            Type::Float(_) => {
                let ints = ta.is_integer_like() && tb.is_integer_like();
                self.float_binop(op, x.into_float_value(), y.into_float_value(), ints)
            }
            Type::Complex(_) => self.complex_binop(op, x, y, &op_t),
            // Typing gives arithmetic a numeric result type.
            t => Err(Diagnostic::internal(format!(
                "cannot lower {} on {t}",
                op.symbol()
            ))),
        }
    }

    fn int_binop(
        &mut self,
        op: BinOp,
        x: IntValue<'ctx>,
        y: IntValue<'ctx>,
        signed: bool,
        rhs: Option<Const>,
    ) -> R<BasicValueEnum<'ctx>> {
        let t = x.get_type();
        let zero = t.const_zero();
        let numpy = self.m.opts.numpy_errors;
        let b = &self.b;
        let r = match op {
            BinOp::Add => b.build_int_add(x, y, "add").ir()?,
            BinOp::Sub => b.build_int_sub(x, y, "sub").ir()?,
            BinOp::Mul => b.build_int_mul(x, y, "mul").ir()?,
            BinOp::BitAnd => b.build_and(x, y, "and").ir()?,
            BinOp::BitOr => b.build_or(x, y, "or").ir()?,
            BinOp::BitXor => b.build_xor(x, y, "xor").ir()?,
            BinOp::FloorDiv | BinOp::Mod => {
                let is_zero = b
                    .build_int_compare(IntPredicate::EQ, y, zero, "iszero")
                    .ir()?;
                let msg = if op == BinOp::FloorDiv {
                    "integer division or modulo by zero"
                } else {
                    "integer modulo by zero"
                };
                let safe_y = if numpy {
                    b.build_select(is_zero, t.const_int(1, false), y, "safe")
                        .ir()?
                        .into_int_value()
                } else {
                    self.zero_division(is_zero, msg)?;
                    y
                };
                let (q, r) = self.int_divmod(x, safe_y, signed)?;
                let out = if op == BinOp::FloorDiv { q } else { r };
                if numpy {
                    self.b
                        .build_select(is_zero, zero, out, "divz")
                        .ir()?
                        .into_int_value()
                } else {
                    out
                }
            }
            BinOp::Pow => return self.int_pow(x, y, rhs),
            BinOp::LShift | BinOp::RShift => return self.shift(op, x, y, signed),
            BinOp::Div => unreachable!("true division is carried out in floats"),
        };
        Ok(r.into())
    }

    /// Floor division and modulo of integers (divisor nonzero), Python's signs.
    pub fn int_divmod(
        &self,
        x: IntValue<'ctx>,
        y: IntValue<'ctx>,
        signed: bool,
    ) -> R<(IntValue<'ctx>, IntValue<'ctx>)> {
        let b = &self.b;
        let t = x.get_type();
        if !signed {
            return Ok((
                b.build_int_unsigned_div(x, y, "udiv").ir()?,
                b.build_int_unsigned_rem(x, y, "urem").ir()?,
            ));
        }
        if let Some(c) = y.get_sign_extended_constant().filter(|&c| c > 0) {
            if c.count_ones() == 1 {
                return self.divmod_by_power_of_two(x, c.trailing_zeros());
            }
            return self.divmod_by_positive(x, y);
        }
        let zero = t.const_zero();
        // INT_MIN // -1 overflows sdiv: divide by 1 and negate (wrapping) instead.
        let minus_one = t.const_all_ones();
        let is_m1 = b
            .build_int_compare(IntPredicate::EQ, y, minus_one, "ism1")
            .ir()?;
        let safe_y = b
            .build_select(is_m1, t.const_int(1, false), y, "y")
            .ir()?
            .into_int_value();
        let q0 = b.build_int_signed_div(x, safe_y, "q").ir()?;
        let r0 = b.build_int_signed_rem(x, safe_y, "r").ir()?;
        let neg_x = b.build_int_sub(zero, x, "negx").ir()?;
        let q0 = b.build_select(is_m1, neg_x, q0, "q").ir()?.into_int_value();
        let r0 = b.build_select(is_m1, zero, r0, "r").ir()?.into_int_value();
        let r_nonzero = b
            .build_int_compare(IntPredicate::NE, r0, zero, "rnz")
            .ir()?;
        let signs = b.build_xor(r0, y, "signs").ir()?;
        let differ = b
            .build_int_compare(IntPredicate::SLT, signs, zero, "differ")
            .ir()?;
        let fix = b.build_and(r_nonzero, differ, "fix").ir()?;
        let q1 = b.build_int_sub(q0, t.const_int(1, false), "q1").ir()?;
        let r1 = b.build_int_add(r0, y, "r1").ir()?;
        let q = b
            .build_select(fix, q1, q0, "floordiv")
            .ir()?
            .into_int_value();
        let r = b.build_select(fix, r1, r0, "mod").ir()?.into_int_value();
        Ok((q, r))
    }

    /// Floor division and modulo of a signed `x` by `2**k`: in two's complement Python's
    /// floor quotient is the arithmetic shift and its remainder the low `k` bits, whatever
    /// the sign. LLVM does not see through the unsigned form below for these (`m % 2 == 0`
    /// stayed three operations and a compare, and the branch on it was not made a select).
    fn divmod_by_power_of_two(
        &self,
        x: IntValue<'ctx>,
        k: u32,
    ) -> R<(IntValue<'ctx>, IntValue<'ctx>)> {
        let b = &self.b;
        let t = x.get_type();
        let q = b
            .build_right_shift(x, t.const_int(u64::from(k), false), true, "floordiv")
            .ir()?;
        let mask = t.const_int((1u64 << k) - 1, false);
        let r = b.build_and(x, mask, "mod").ir()?;
        Ok((q, r))
    }

    /// Floor division and modulo of a signed `x` by a positive constant `y`, in unsigned
    /// arithmetic: `u` is `x`, or `-x - 1` (`!x`) where `x` is negative, never negative; then
    /// `x // y` is `u / y`, or `!(u / y)`, and `x % y` is `u % y`, or `y - 1 - u % y` (for
    /// `x = -(u + 1)`). The unsigned division by a constant is a multiply and a shift, with
    /// none of the signed one's fix-ups, and the selects keep the remainder's range (`0..y`)
    /// in sight of LLVM (`(i * 7919) % 100003` used as a set's item: a shorter chain to the
    /// address it probes, and no hash of a large int).
    fn divmod_by_positive(
        &self,
        x: IntValue<'ctx>,
        y: IntValue<'ctx>,
    ) -> R<(IntValue<'ctx>, IntValue<'ctx>)> {
        let b = &self.b;
        let t = x.get_type();
        let neg = b
            .build_int_compare(IntPredicate::SLT, x, t.const_zero(), "neg")
            .ir()?;
        let not_x = b.build_not(x, "notx").ir()?;
        let u = b.build_select(neg, not_x, x, "u").ir()?.into_int_value();
        let q0 = b.build_int_unsigned_div(u, y, "uq").ir()?;
        let r0 = b.build_int_unsigned_rem(u, y, "ur").ir()?;
        let not_q0 = b.build_not(q0, "notq").ir()?;
        let q = b.build_select(neg, not_q0, q0, "floordiv").ir()?;
        let y1 = b.build_int_sub(y, t.const_int(1, false), "y1").ir()?;
        let back = b.build_int_sub(y1, r0, "back").ir()?;
        let r = b.build_select(neg, back, r0, "mod").ir()?;
        Ok((q.into_int_value(), r.into_int_value()))
    }

    fn int_pow(
        &mut self,
        x: IntValue<'ctx>,
        y: IntValue<'ctx>,
        rhs: Option<Const>,
    ) -> R<BasicValueEnum<'ctx>> {
        let i64t = self.cx().i64_type();
        if let Some(Const::Int(e)) = rhs {
            if (0..=4).contains(&e) {
                let mut acc = x.get_type().const_int(1, false);
                for _ in 0..e {
                    acc = self.b.build_int_mul(acc, x, "pow").ir()?;
                }
                return Ok(acc.into());
            }
        }
        let neg = self
            .b
            .build_int_compare(IntPredicate::SLT, y, y.get_type().const_zero(), "negexp")
            .ir()?;
        let ok = self.b.build_not(neg, "ok").ir()?;
        // An array's items follow NumPy, which refuses; a Python int's power would be a float.
        let msg = if self.in_ufunc {
            "Integers to negative integer powers are not allowed."
        } else {
            "oxjit: an integer raised to a negative integer power is a float in Python, but this exponent is only known at run time: convert the base with float()"
        };
        self.check(ok, "ValueError", msg)?;
        let f = self.runtime(RuntimeFn::Ipow);
        let x64 = self.b.build_int_cast(x, i64t, "b").ir()?;
        let y64 = self.b.build_int_cast(y, i64t, "e").ir()?;
        let r = self
            .b
            .build_call(f, &[x64.into(), y64.into()], "ipow")
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("i64");
        Ok(self
            .b
            .build_int_cast(r.into_int_value(), x.get_type(), "pow")
            .ir()?
            .into())
    }

    fn shift(
        &mut self,
        op: BinOp,
        x: IntValue<'ctx>,
        y: IntValue<'ctx>,
        signed: bool,
    ) -> R<BasicValueEnum<'ctx>> {
        let t = x.get_type();
        let zero = t.const_zero();
        // NumPy's loops take a negative count as a large one (`npy_lshift` compares it as
        // unsigned): 0, or -1 shifting a negative number right. Python raises.
        if signed && !self.in_ufunc {
            let neg = self
                .b
                .build_int_compare(IntPredicate::SLT, y, zero, "negshift")
                .ir()?;
            let ok = self.b.build_not(neg, "ok").ir()?;
            self.check(ok, "ValueError", "negative shift count")?;
        }
        let b = &self.b;
        let width = t.const_int(t.get_bit_width() as u64, false);
        let big = b
            .build_int_compare(IntPredicate::UGE, y, width, "big")
            .ir()?;
        let safe = b
            .build_select(big, zero, y, "amount")
            .ir()?
            .into_int_value();
        Ok(match op {
            BinOp::LShift => {
                let r = b.build_left_shift(x, safe, "shl").ir()?;
                b.build_select(big, zero, r, "shl").ir()?
            }
            _ => {
                let r = b.build_right_shift(x, safe, signed, "shr").ir()?;
                let fill = if signed {
                    let neg = b
                        .build_int_compare(IntPredicate::SLT, x, zero, "neg")
                        .ir()?;
                    b.build_select(neg, t.const_all_ones(), zero, "fill")
                        .ir()?
                        .into_int_value()
                } else {
                    zero
                };
                b.build_select(big, fill, r, "shr").ir()?
            }
        })
    }

    /// `from_ints`: the operands were integers (`5 / 0` says "division by zero").
    fn float_binop(
        &mut self,
        op: BinOp,
        x: FloatValue<'ctx>,
        y: FloatValue<'ctx>,
        from_ints: bool,
    ) -> R<BasicValueEnum<'ctx>> {
        let t = x.get_type();
        let numpy = self.m.opts.numpy_errors;
        let r = match op {
            BinOp::Add => self.b.build_float_add(x, y, "fadd").ir()?,
            BinOp::Sub => self.b.build_float_sub(x, y, "fsub").ir()?,
            BinOp::Mul => self.b.build_float_mul(x, y, "fmul").ir()?,
            BinOp::Div => {
                if !numpy {
                    let msg = if from_ints {
                        "division by zero"
                    } else {
                        "float division by zero"
                    };
                    self.float_zero_division(y, msg)?;
                }
                self.b.build_float_div(x, y, "fdiv").ir()?
            }
            BinOp::FloorDiv | BinOp::Mod => {
                if !numpy {
                    let is_zero = self
                        .b
                        .build_float_compare(FloatPredicate::OEQ, y, t.const_zero(), "iszero")
                        .ir()?;
                    let msg = if op == BinOp::FloorDiv {
                        "float floor division by zero"
                    } else {
                        "float modulo"
                    };
                    self.zero_division(is_zero, msg)?;
                }
                let (q, r) = self.float_divmod(x, y)?;
                if op == BinOp::FloorDiv {
                    self.floordiv_by_zero(x, y, q)?
                } else {
                    r
                }
            }
            BinOp::Pow => self.float_pow(x, y)?,
            _ => {
                // Typing rejects bitwise operators on floats.
                return Err(Diagnostic::internal(format!(
                    "unsupported operand types for {}: float",
                    op.symbol()
                )));
            }
        };
        self.apply_fastmath(r);
        Ok(r.into())
    }

    fn apply_fastmath(&self, v: FloatValue<'ctx>) {
        if self.m.opts.fastmath {
            if let Some(inst) = v.as_instruction() {
                let _ = inst.set_fast_math_flags(inkwell::values::FastMathFlags::all());
            }
        }
    }

    /// Under NumPy's error model, `x // 0.0` is `x / 0.0` (±inf, or nan for 0 and nan), as
    /// NumPy's `floor_divide` and Numba give; `q` is the quotient for a nonzero divisor.
    pub fn floordiv_by_zero(
        &self,
        x: FloatValue<'ctx>,
        y: FloatValue<'ctx>,
        q: FloatValue<'ctx>,
    ) -> R<FloatValue<'ctx>> {
        if !self.m.opts.numpy_errors {
            return Ok(q);
        }
        let b = &self.b;
        let zero = y.get_type().const_zero();
        let by_zero = b
            .build_float_compare(FloatPredicate::OEQ, y, zero, "byzero")
            .ir()?;
        let quotient = b.build_float_div(x, y, "xy").ir()?;
        Ok(b.build_select(by_zero, quotient, q, "floordiv")
            .ir()?
            .into_float_value())
    }

    /// Python's float `//` and `%` (divisor nonzero), inline: CPython's `float_divmod` with
    /// selects, so that loops keep it in registers (LLVM's `frem` is C's `fmod`).
    pub fn float_divmod(
        &mut self,
        x: FloatValue<'ctx>,
        y: FloatValue<'ctx>,
    ) -> R<(FloatValue<'ctx>, FloatValue<'ctx>)> {
        use FloatPredicate::*;
        let t = x.get_type();
        let zero = t.const_zero();
        let one = t.const_float(1.0);
        // The C library's fmod, as CPython and NumPy call it (LLVM's frem may give NaNs of
        // another sign for infinite dividends once it knows the divisor).
        let ft = if t == self.cx().f32_type() {
            Type::Float(32)
        } else {
            Type::F64
        };
        let m0 = self.libm_float("fmod", &ft, &[x, y])?;
        let b = &self.b;
        let div0 = b
            .build_float_div(b.build_float_sub(x, m0, "xm").ir()?, y, "div")
            .ir()?;
        let m_nonzero = b.build_float_compare(UNE, m0, zero, "mnz").ir()?;
        let y_neg = b.build_float_compare(OLT, y, zero, "yneg").ir()?;
        let m_neg = b.build_float_compare(OLT, m0, zero, "mneg").ir()?;
        let signs_differ = b.build_xor(y_neg, m_neg, "differ").ir()?;
        let adjust = b.build_and(m_nonzero, signs_differ, "adjust").ir()?;
        let m_adj = b.build_float_add(m0, y, "madj").ir()?;
        let div_adj = b.build_float_sub(div0, one, "divadj").ir()?;
        let m1 = b
            .build_select(adjust, m_adj, m0, "m")
            .ir()?
            .into_float_value();
        let div = b
            .build_select(adjust, div_adj, div0, "d")
            .ir()?
            .into_float_value();
        let signed_zero = self
            .call_intrinsic("llvm.copysign", &[t.into()], &[zero.into(), y.into()])?
            .into_float_value();
        let b = &self.b;
        let m = b
            .build_select(m_nonzero, m1, signed_zero, "mod")
            .ir()?
            .into_float_value();
        // A NaN operand gives NaN (C's fmod does): said explicitly, since LLVM folds
        // fmod(±0.0, y) to ±0.0 when the dividend is a constant, NaN divisors included.
        let nan_in = b.build_float_compare(UNO, x, y, "nanin").ir()?;
        let nan = b.build_float_add(x, y, "nan").ir()?;
        let m = b
            .build_select(nan_in, nan, m, "mod")
            .ir()?
            .into_float_value();
        let floor = self
            .call_intrinsic("llvm.floor", &[t.into()], &[div.into()])?
            .into_float_value();
        let b = &self.b;
        let frac = b.build_float_sub(div, floor, "frac").ir()?;
        let round_up = b
            .build_float_compare(OGT, frac, t.const_float(0.5), "roundup")
            .ir()?;
        let floor1 = b.build_float_add(floor, one, "floor1").ir()?;
        let q_nonzero_div = b
            .build_select(round_up, floor1, floor, "q")
            .ir()?
            .into_float_value();
        let quotient = b.build_float_div(x, y, "xy").ir()?;
        let zero_q = self
            .call_intrinsic(
                "llvm.copysign",
                &[t.into()],
                &[zero.into(), quotient.into()],
            )?
            .into_float_value();
        let b = &self.b;
        let div_nonzero = b.build_float_compare(UNE, div, zero, "dnz").ir()?;
        let q = b
            .build_select(div_nonzero, q_nonzero_div, zero_q, "floordiv")
            .ir()?
            .into_float_value();
        Ok((q, m))
    }

    fn float_pow(&mut self, x: FloatValue<'ctx>, y: FloatValue<'ctx>) -> R<FloatValue<'ctx>> {
        let t = x.get_type();
        if !self.m.opts.numpy_errors {
            // 0.0 ** negative → ZeroDivisionError; negative ** non-integer → complex in Python.
            let b = &self.b;
            let x_zero = b
                .build_float_compare(FloatPredicate::OEQ, x, t.const_zero(), "xz")
                .ir()?;
            let y_neg = b
                .build_float_compare(FloatPredicate::OLT, y, t.const_zero(), "yneg")
                .ir()?;
            let y_neg_inf = b
                .build_float_compare(
                    FloatPredicate::OEQ,
                    y,
                    t.const_float(f64::NEG_INFINITY),
                    "yneginf",
                )
                .ir()?;
            let y_neg_finite = b
                .build_and(y_neg, b.build_not(y_neg_inf, "fin").ir()?, "ynegfin")
                .ir()?;
            let bad = b.build_and(x_zero, y_neg_finite, "bad").ir()?;
            let ok = b.build_not(bad, "ok").ir()?;
            self.check(
                ok,
                "ZeroDivisionError",
                "0.0 cannot be raised to a negative power",
            )?;
            let b = &self.b;
            let x_neg = b
                .build_float_compare(FloatPredicate::OLT, x, t.const_zero(), "xneg")
                .ir()?;
            let y_int = self
                .call_intrinsic("llvm.trunc", &[t.into()], &[y.into()])?
                .into_float_value();
            let b = &self.b;
            let y_frac = b
                .build_float_compare(FloatPredicate::ONE, y_int, y, "yfrac")
                .ir()?;
            let y_finite = self.is_finite(y)?;
            let b = &self.b;
            let frac_finite = b.build_and(y_frac, y_finite, "fracfin").ir()?;
            let x_finite = self.is_finite(x)?;
            let b = &self.b;
            let neg_finite = b.build_and(x_neg, x_finite, "negfin").ir()?;
            let complex = b.build_and(neg_finite, frac_finite, "complex").ir()?;
            let ok = b.build_not(complex, "ok").ir()?;
            self.check(ok, "ValueError", "oxjit: a negative number raised to a non-integer power is complex in Python; use complex numbers (cmath) for this")?;
        }
        // LLVM rewrites `llvm.pow(x, 0.5)` as `sqrt(x)`, which differs from the C library's pow
        // (CPython's `x ** 0.5`) in the last bit now and then (numba.tests' distance_matrix):
        // a float64 power by anything but an integer constant (whose rewrites, `x * x`, are
        // exact) calls `pow` as a plain function.
        let integral = y
            .get_constant()
            .is_some_and(|(c, _)| c.is_finite() && c.fract() == 0.0);
        let cube = y.get_constant().is_some_and(|(c, _)| c == 3.0);
        let r = if t == self.cx().f64_type() && cube {
            self.cube_f64(x)?
        } else if t == self.cx().f64_type() && !integral {
            // Under NumPy's error model no check follows: the loop vectoriser may use the
            // four-lane `pow` (same bits).
            let vectorizable = if self.m.opts.numpy_errors {
                self.call_vectorizable_libm("pow", &[x, y])?
            } else {
                None
            };
            match vectorizable {
                Some(r) => r,
                None => self
                    .target()
                    .call_math_exact(&self.emit(), "pow", &[x.into(), y.into()])?
                    .into_float_value(),
            }
        } else {
            self.call_intrinsic("llvm.pow", &[t.into()], &[x.into(), y.into()])?
                .into_float_value()
        };
        if !self.m.opts.numpy_errors {
            self.check_pow_overflow(x, y, r)?;
        }
        Ok(r)
    }

    /// CPython's `OverflowError` for `x ** y` whose result `r` is infinite from finite operands.
    /// The common case costs one float compare: only a result beyond the largest finite float
    /// (or a NaN) tests the operands, in a block of its own. (Tested together, the three tests
    /// became `llvm.is.fpclass` bit tests in integer registers on x86, which made a loop doing
    /// `(a - b) ** 2` run nearly twice as long.)
    fn check_pow_overflow(
        &mut self,
        x: FloatValue<'ctx>,
        y: FloatValue<'ctx>,
        r: FloatValue<'ctx>,
    ) -> R<()> {
        let t = r.get_type();
        let max = if t == self.cx().f32_type() {
            f64::from(f32::MAX)
        } else {
            f64::MAX
        };
        let abs = self
            .call_intrinsic("llvm.fabs", &[t.into()], &[r.into()])?
            .into_float_value();
        let finite = self
            .b
            .build_float_compare(FloatPredicate::OLE, abs, t.const_float(max), "rfin")
            .ir()?;
        let slow = self.cx().append_basic_block(self.f, "pow.inf");
        let done = self.cx().append_basic_block(self.f, "pow.ok");
        let br = self.b.build_conditional_branch(finite, done, slow).ir()?;
        self.unlikely(br);
        self.b.position_at_end(slow);
        let inf = self.is_inf(r)?;
        let xf = self.is_finite(x)?;
        let yf = self.is_finite(y)?;
        let b = &self.b;
        let both = b.build_and(xf, yf, "fin").ir()?;
        let overflow = b.build_and(inf, both, "overflow").ir()?;
        let ok = b.build_not(overflow, "ok").ir()?;
        self.check(ok, "OverflowError", "(34, 'Numerical result out of range')")?;
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        Ok(())
    }

    pub fn is_finite(&self, x: FloatValue<'ctx>) -> R<IntValue<'ctx>> {
        let abs = self
            .call_intrinsic("llvm.fabs", &[x.get_type().into()], &[x.into()])?
            .into_float_value();
        let inf = x.get_type().const_float(f64::INFINITY);
        self.b
            .build_float_compare(FloatPredicate::OLT, abs, inf, "finite")
            .ir()
    }

    pub fn is_inf(&self, x: FloatValue<'ctx>) -> R<IntValue<'ctx>> {
        let abs = self
            .call_intrinsic("llvm.fabs", &[x.get_type().into()], &[x.into()])?
            .into_float_value();
        let inf = x.get_type().const_float(f64::INFINITY);
        self.b
            .build_float_compare(FloatPredicate::OEQ, abs, inf, "isinf")
            .ir()
    }

    pub fn is_nan(&self, x: FloatValue<'ctx>) -> R<IntValue<'ctx>> {
        self.b
            .build_float_compare(FloatPredicate::UNO, x, x, "isnan")
            .ir()
    }

    pub fn unary(&mut self, op: UnaryOp, a: Value, result: &Type) -> R<BasicValueEnum<'ctx>> {
        let ta = self.ty(a).clone();
        self.unary_values(op, self.val(a), &ta, result)
    }

    pub fn unary_values(
        &mut self,
        op: UnaryOp,
        v: BasicValueEnum<'ctx>,
        ta: &Type,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        if op == UnaryOp::Not {
            let t = self.truth(v, ta)?;
            return Ok(self.b.build_not(t, "not").ir()?.into());
        }
        if (op, result) == (UnaryOp::Invert, &Type::Bool) {
            // ~ of NumPy booleans is logical not.
            let x = self.cast(v, ta, result)?.into_int_value();
            return Ok(self.b.build_not(x, "not").ir()?.into());
        }
        if let (UnaryOp::Neg | UnaryOp::Invert, Type::Int(_), Type::Int(_)) = (op, ta, result) {
            // Before widening, as Numba and NumPy do: `~np.uint32(0)` is 2**32 - 1, `-np.uint8(3)`
            // is 253, `-np.int8(-128)` is -128 (widened first, they would be other numbers).
            let x = v.into_int_value();
            let r = if op == UnaryOp::Neg {
                self.b.build_int_neg(x, "neg").ir()?
            } else {
                self.b.build_not(x, "invert").ir()?
            };
            return self.cast(r.into(), ta, result);
        }
        let x = self.cast(v, ta, result)?;
        Ok(match (op, result) {
            (UnaryOp::Pos, _) => x,
            (UnaryOp::Neg, Type::Int(_)) => {
                self.b.build_int_neg(x.into_int_value(), "neg").ir()?.into()
            }
            (UnaryOp::Neg, Type::Float(_)) => self
                .b
                .build_float_neg(x.into_float_value(), "fneg")
                .ir()?
                .into(),
            (UnaryOp::Neg, Type::Complex(_)) => {
                let (re, im) = self.complex_parts(x)?;
                let re = self.b.build_float_neg(re, "re").ir()?;
                let im = self.b.build_float_neg(im, "im").ir()?;
                self.make_complex(re.into(), im.into(), result)?.into()
            }
            (UnaryOp::Invert, Type::Int(_)) => {
                self.b.build_not(x.into_int_value(), "invert").ir()?.into()
            }
            // Typing rejects the other operand types (`typeinfer/ops.rs`).
            _ => {
                return Err(Diagnostic::internal(format!(
                    "bad operand type for unary {}: {ta}",
                    op.symbol()
                )))
            }
        })
    }
}
