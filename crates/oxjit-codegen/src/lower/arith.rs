//! Arithmetic with Python's semantics: wrapping 64-bit integers, floor division and modulo
//! rounding toward negative infinity, `ZeroDivisionError` with CPython's messages, shifts,
//! comparisons (lexicographic for tuples), conversions and truth values.

use inkwell::values::{BasicValueEnum, FloatValue, IntValue, StructValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_core::ir::{BinOp, CmpOp, Const, UnaryOp, Value};
use oxjit_core::numeric::unify;
use oxjit_core::types::Type;

use super::{FnGen, Ir, R, TWO_POW_63};

/// `a op b` as `b op' a`.
fn swap(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        o => o,
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// Converts `v` from `from` to `to` (numeric widening/narrowing, real to complex, tuples
    /// item by item).
    pub fn cast(&self, v: BasicValueEnum<'ctx>, from: &Type, to: &Type) -> R<BasicValueEnum<'ctx>> {
        if from == to {
            return Ok(v);
        }
        if matches!(from, Type::Optional(_)) || matches!(to, Type::Optional(_)) {
            return self.cast_optional(v, from, to);
        }
        let b = &self.b;
        let target = self.llvm_type(to);
        Ok(match (from, to) {
            (Type::Bool, Type::Int(_)) => b
                .build_int_z_extend(v.into_int_value(), target.into_int_type(), "zext")
                .ir()?
                .into(),
            (Type::Int(f), Type::Int(t)) => {
                let iv = v.into_int_value();
                if t.bits > f.bits {
                    if f.signed {
                        b.build_int_s_extend(iv, target.into_int_type(), "sext")
                            .ir()?
                            .into()
                    } else {
                        b.build_int_z_extend(iv, target.into_int_type(), "zext")
                            .ir()?
                            .into()
                    }
                } else if t.bits < f.bits {
                    b.build_int_truncate(iv, target.into_int_type(), "trunc")
                        .ir()?
                        .into()
                } else {
                    v
                }
            }
            (Type::Bool, Type::Float(_)) => b
                .build_unsigned_int_to_float(v.into_int_value(), target.into_float_type(), "uitofp")
                .ir()?
                .into(),
            (Type::Int(f), Type::Float(_)) => {
                if f.signed {
                    b.build_signed_int_to_float(
                        v.into_int_value(),
                        target.into_float_type(),
                        "sitofp",
                    )
                    .ir()?
                    .into()
                } else {
                    b.build_unsigned_int_to_float(
                        v.into_int_value(),
                        target.into_float_type(),
                        "uitofp",
                    )
                    .ir()?
                    .into()
                }
            }
            // Truncation as C does on x86-64 (Numba's `fptosi`/`fptoui`; NumPy's `astype`).
            (Type::Float(_), Type::Int(_)) => return self.numpy_cast(v, from, to),
            // Another layout or a read-only view of the same array: the same native form.
            (Type::Array(a), Type::Array(t)) if a.dtype == t.dtype && a.ndim == t.ndim => v,
            (Type::Float(_), Type::Float(_)) => b
                .build_float_cast(v.into_float_value(), target.into_float_type(), "fcast")
                .ir()?
                .into(),
            (Type::Bool | Type::Int(_) | Type::Float(_), Type::Complex(bits)) => {
                let part = Type::Float(bits / 2);
                let re = self.cast(v, from, &part)?;
                let st = target.into_struct_type();
                let zero = self.llvm_type(&part).into_float_type().const_zero();
                let agg = b.build_insert_value(st.get_undef(), re, 0, "re").ir()?;
                b.build_insert_value(agg, zero, 1, "im")
                    .ir()?
                    .into_struct_value()
                    .into()
            }
            (Type::Complex(_), Type::Complex(bits)) => {
                let part = Type::Float(bits / 2);
                let from_part = Type::Float(if *from == Type::Complex(64) { 32 } else { 64 });
                let (re, im) = self.complex_parts(v)?;
                let re = self.cast(re.into(), &from_part, &part)?;
                let im = self.cast(im.into(), &from_part, &part)?;
                self.make_complex(re, im, to)?.into()
            }
            (Type::Tuple(fs), Type::Tuple(ts)) if fs.len() == ts.len() => {
                let st = target.into_struct_type();
                let mut agg = st.get_undef();
                for (i, (f, t)) in fs.iter().zip(ts.iter()).enumerate() {
                    let item = b
                        .build_extract_value(v.into_struct_value(), i as u32, "item")
                        .ir()?;
                    let item = self.cast(item, f, t)?;
                    agg = b
                        .build_insert_value(agg, item, i as u32, "tuple")
                        .ir()?
                        .into_struct_value();
                }
                agg.into()
            }
            (_, Type::Bool) => self.truth(v, from)?.into(),
            _ => return Err(self.err(format!("cannot convert {from} to {to}"))),
        })
    }

    /// An optional value used as its value: `None` raises `TypeError`.
    pub fn unwrap_checked(
        &mut self,
        v: BasicValueEnum<'ctx>,
        from: &Type,
        to: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let flag = self
            .b
            .build_extract_value(v.into_struct_value(), 0, "some")
            .ir()?
            .into_int_value();
        self.check(
            flag,
            "TypeError",
            "oxjit: a value that may be None was None where it is used as a number",
        )?;
        self.cast(v, from, to)
    }

    /// Conversions into, out of and between optional values.
    fn cast_optional(
        &self,
        v: BasicValueEnum<'ctx>,
        from: &Type,
        to: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let cx = self.cx();
        match (from, to) {
            (Type::NoneType, Type::Optional(_)) => Ok(self.llvm_type(to).const_zero()),
            (Type::Optional(f), Type::Optional(t)) => {
                let flag = self
                    .b
                    .build_extract_value(v.into_struct_value(), 0, "some")
                    .ir()?;
                let inner = self
                    .b
                    .build_extract_value(v.into_struct_value(), 1, "value")
                    .ir()?;
                let inner = self.cast(inner, f, t)?;
                let st = self.llvm_type(to).into_struct_type();
                let agg = self
                    .b
                    .build_insert_value(st.get_undef(), flag, 0, "opt")
                    .ir()?;
                Ok(self
                    .b
                    .build_insert_value(agg, inner, 1, "opt")
                    .ir()?
                    .into_struct_value()
                    .into())
            }
            (f, Type::Optional(t)) => {
                let inner = self.cast(v, f, t)?;
                let st = self.llvm_type(to).into_struct_type();
                let agg = self
                    .b
                    .build_insert_value(
                        st.get_undef(),
                        cx.bool_type().const_int(1, false),
                        0,
                        "opt",
                    )
                    .ir()?;
                Ok(self
                    .b
                    .build_insert_value(agg, inner, 1, "opt")
                    .ir()?
                    .into_struct_value()
                    .into())
            }
            (Type::Optional(f), t) => {
                // The `Cast` that unwraps has checked for `None` (see `unwrap_checked`).
                let inner = self
                    .b
                    .build_extract_value(v.into_struct_value(), 1, "value")
                    .ir()?;
                self.cast(inner, f, t)
            }
            _ => unreachable!("cast_optional is called with an optional side"),
        }
    }

    pub fn complex_parts(
        &self,
        v: BasicValueEnum<'ctx>,
    ) -> R<(FloatValue<'ctx>, FloatValue<'ctx>)> {
        let s = v.into_struct_value();
        let re = self
            .b
            .build_extract_value(s, 0, "re")
            .ir()?
            .into_float_value();
        let im = self
            .b
            .build_extract_value(s, 1, "im")
            .ir()?
            .into_float_value();
        Ok((re, im))
    }

    pub fn make_complex(
        &self,
        re: BasicValueEnum<'ctx>,
        im: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<StructValue<'ctx>> {
        let st = self.llvm_type(t).into_struct_type();
        let agg = self
            .b
            .build_insert_value(st.get_undef(), re, 0, "re")
            .ir()?;
        Ok(self
            .b
            .build_insert_value(agg, im, 1, "im")
            .ir()?
            .into_struct_value())
    }

    /// Python's `bool(v)`.
    pub fn truth(&self, v: BasicValueEnum<'ctx>, t: &Type) -> R<IntValue<'ctx>> {
        let b = &self.b;
        Ok(match t {
            Type::Bool => v.into_int_value(),
            Type::Int(_) => {
                let iv = v.into_int_value();
                b.build_int_compare(IntPredicate::NE, iv, iv.get_type().const_zero(), "truth")
                    .ir()?
            }
            Type::Float(_) => {
                let fv = v.into_float_value();
                b.build_float_compare(FloatPredicate::UNE, fv, fv.get_type().const_zero(), "truth")
                    .ir()?
            }
            Type::Complex(_) => {
                let (re, im) = self.complex_parts(v)?;
                let a = b
                    .build_float_compare(FloatPredicate::UNE, re, re.get_type().const_zero(), "re")
                    .ir()?;
                let c = b
                    .build_float_compare(FloatPredicate::UNE, im, im.get_type().const_zero(), "im")
                    .ir()?;
                b.build_or(a, c, "truth").ir()?
            }
            Type::NoneType => self.cx().bool_type().const_zero(),
            Type::Optional(inner) => {
                let flag = b
                    .build_extract_value(v.into_struct_value(), 0, "some")
                    .ir()?
                    .into_int_value();
                let value = b
                    .build_extract_value(v.into_struct_value(), 1, "value")
                    .ir()?;
                let t = self.truth(value, inner)?;
                self.b.build_and(flag, t, "truth").ir()?
            }
            Type::Tuple(items) => self
                .cx()
                .bool_type()
                .const_int(!items.is_empty() as u64, false),
            other => return Err(self.err(format!("cannot take the truth value of {other}"))),
        })
    }

    fn zero_division(&mut self, divisor_is_zero: IntValue<'ctx>, msg: &str) -> R<()> {
        let ok = self.b.build_not(divisor_is_zero, "nonzero").ir()?;
        self.check(ok, "ZeroDivisionError", msg)
    }

    pub fn binop(
        &mut self,
        op: BinOp,
        a: Value,
        b: Value,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let (ta, tb) = (self.ty(a).clone(), self.ty(b).clone());
        if let (BinOp::Add, Type::Tuple(x), Type::Tuple(_)) = (op, &ta, &tb) {
            return self.tuple_concat(a, b, x.len(), result);
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
        // Booleans stay booleans for & | ^.
        if result == &Type::Bool {
            let (x, y) = (xv.into_int_value(), yv.into_int_value());
            return Ok(match op {
                BinOp::BitAnd => self.b.build_and(x, y, "and").ir()?,
                BinOp::BitOr => self.b.build_or(x, y, "or").ir()?,
                _ => self.b.build_xor(x, y, "xor").ir()?,
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
        match &op_t {
            Type::Int(i) => {
                self.int_binop(op, x.into_int_value(), y.into_int_value(), i.signed, rhs)
            }
            Type::Float(_) => {
                let ints = ta.is_integer_like() && tb.is_integer_like();
                self.float_binop(op, x.into_float_value(), y.into_float_value(), ints)
            }
            Type::Complex(_) => self.complex_binop(op, x, y, &op_t),
            t => Err(self.err(format!("cannot lower {} on {t}", op.symbol()))),
        }
    }

    fn tuple_concat(
        &mut self,
        a: Value,
        b: Value,
        n_a: usize,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let Type::Tuple(items) = result else {
            unreachable!()
        };
        let st = self.llvm_type(result).into_struct_type();
        let mut agg = st.get_undef();
        for i in 0..items.len() {
            let (src, k) = if i < n_a { (a, i) } else { (b, i - n_a) };
            let item = self
                .b
                .build_extract_value(self.val(src).into_struct_value(), k as u32, "item")
                .ir()?;
            agg = self
                .b
                .build_insert_value(agg, item, i as u32, "tuple")
                .ir()?
                .into_struct_value();
        }
        Ok(agg.into())
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
        self.check(ok, "ValueError", "oxjit: an integer raised to a negative integer power is a float in Python, but this exponent is only known at run time: convert the base with float()")?;
        let f = self.runtime_fn(
            "oxjit_rt_ipow",
            i64t.fn_type(&[i64t.into(), i64t.into()], false),
        );
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
        if signed {
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
                    let is_zero = self
                        .b
                        .build_float_compare(FloatPredicate::OEQ, y, t.const_zero(), "iszero")
                        .ir()?;
                    self.zero_division(
                        is_zero,
                        if from_ints {
                            "division by zero"
                        } else {
                            "float division by zero"
                        },
                    )?;
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
                return Err(self.err(format!(
                    "unsupported operand types for {}: float",
                    op.symbol()
                )))
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

    /// Whether complex division by zero raises `ZeroDivisionError`: always in scalar code, as
    /// CPython and Numba (whose complex division raises under `error_model="numpy"` too), never
    /// in a ufunc's items (NumPy's values).
    fn complex_division_raises(&self) -> bool {
        !self.in_ufunc
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
        let r = self
            .call_intrinsic("llvm.pow", &[t.into()], &[x.into(), y.into()])?
            .into_float_value();
        if !self.m.opts.numpy_errors {
            let inf = self.is_inf(r)?;
            let xf = self.is_finite(x)?;
            let yf = self.is_finite(y)?;
            let b = &self.b;
            let both = b.build_and(xf, yf, "fin").ir()?;
            let overflow = b.build_and(inf, both, "overflow").ir()?;
            let ok = b.build_not(overflow, "ok").ir()?;
            self.check(ok, "OverflowError", "(34, 'Numerical result out of range')")?;
        }
        Ok(r)
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

    /// CPython's `_Py_c_quot` (Smith's algorithm), inline: `a + bi` over `c + di`.
    fn complex_quotient(
        &mut self,
        a: FloatValue<'ctx>,
        b: FloatValue<'ctx>,
        c: FloatValue<'ctx>,
        d: FloatValue<'ctx>,
    ) -> R<(FloatValue<'ctx>, FloatValue<'ctx>)> {
        let ft = a.get_type();
        let abs_c = self
            .call_intrinsic("llvm.fabs", &[ft.into()], &[c.into()])?
            .into_float_value();
        let abs_d = self
            .call_intrinsic("llvm.fabs", &[ft.into()], &[d.into()])?
            .into_float_value();
        let real_wide = self
            .b
            .build_float_compare(FloatPredicate::OGE, abs_c, abs_d, "realwide")
            .ir()?;
        let imag_wide = self
            .b
            .build_float_compare(FloatPredicate::OGE, abs_d, abs_c, "imagwide")
            .ir()?;
        let by_real = self.cx().append_basic_block(self.f, "cdiv.real");
        let other = self.cx().append_basic_block(self.f, "cdiv.other");
        let by_imag = self.cx().append_basic_block(self.f, "cdiv.imag");
        let done = self.cx().append_basic_block(self.f, "cdiv.done");
        self.b
            .build_conditional_branch(real_wide, by_real, other)
            .ir()?;
        // |c| >= |d|: divide through by c (c == 0 means both are: division by zero).
        self.b.position_at_end(by_real);
        if self.complex_division_raises() {
            let zero = self
                .b
                .build_float_compare(FloatPredicate::OEQ, abs_c, ft.const_zero(), "zero")
                .ir()?;
            let ok = self.b.build_not(zero, "ok").ir()?;
            self.check(ok, "ZeroDivisionError", "complex division by zero")?;
        }
        let bl = &self.b;
        let ratio = bl.build_float_div(d, c, "ratio").ir()?;
        let denom = bl
            .build_float_add(c, bl.build_float_mul(d, ratio, "dr").ir()?, "denom")
            .ir()?;
        let r1 = bl
            .build_float_div(
                bl.build_float_add(a, bl.build_float_mul(b, ratio, "br").ir()?, "n")
                    .ir()?,
                denom,
                "re",
            )
            .ir()?;
        let i1 = bl
            .build_float_div(
                bl.build_float_sub(b, bl.build_float_mul(a, ratio, "ar").ir()?, "n")
                    .ir()?,
                denom,
                "im",
            )
            .ir()?;
        let end1 = self.b.get_insert_block().expect("block");
        self.b.build_unconditional_branch(done).ir()?;
        // |d| > |c|: divide through by d; neither (a NaN): NaN.
        self.b.position_at_end(other);
        let end_nan = self.b.get_insert_block().expect("block");
        self.b
            .build_conditional_branch(imag_wide, by_imag, done)
            .ir()?;
        self.b.position_at_end(by_imag);
        let bl = &self.b;
        let ratio = bl.build_float_div(c, d, "ratio").ir()?;
        let denom = bl
            .build_float_add(bl.build_float_mul(c, ratio, "cr").ir()?, d, "denom")
            .ir()?;
        let r2 = bl
            .build_float_div(
                bl.build_float_add(bl.build_float_mul(a, ratio, "ar").ir()?, b, "n")
                    .ir()?,
                denom,
                "re",
            )
            .ir()?;
        let i2 = bl
            .build_float_div(
                bl.build_float_sub(bl.build_float_mul(b, ratio, "br").ir()?, a, "n")
                    .ir()?,
                denom,
                "im",
            )
            .ir()?;
        let end2 = self.b.get_insert_block().expect("block");
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        let nan = ft.const_float(f64::NAN);
        let re = self.b.build_phi(ft, "re").ir()?;
        re.add_incoming(&[(&r1, end1), (&r2, end2), (&nan, end_nan)]);
        let im = self.b.build_phi(ft, "im").ir()?;
        im.add_incoming(&[(&i1, end1), (&i2, end2), (&nan, end_nan)]);
        Ok((
            re.as_basic_value().into_float_value(),
            im.as_basic_value().into_float_value(),
        ))
    }

    fn complex_binop(
        &mut self,
        op: BinOp,
        x: BasicValueEnum<'ctx>,
        y: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let (a, b_) = self.complex_parts(x)?;
        let (c, d) = self.complex_parts(y)?;
        let bl = &self.b;
        let (re, im) = match op {
            BinOp::Add => (
                bl.build_float_add(a, c, "re").ir()?,
                bl.build_float_add(b_, d, "im").ir()?,
            ),
            BinOp::Sub => (
                bl.build_float_sub(a, c, "re").ir()?,
                bl.build_float_sub(b_, d, "im").ir()?,
            ),
            BinOp::Mul if self.in_ufunc => {
                // NumPy's SIMD multiply (`simd_cmul`): ac - bd and ad + bc, each with one
                // product fused into the other (`npyv_muladdsub`).
                let bd = bl.build_float_mul(b_, d, "bd").ir()?;
                let bc = bl.build_float_mul(b_, c, "bc").ir()?;
                let minus_bd = bl.build_float_neg(bd, "mbd").ir()?;
                (self.mul_add(a, c, minus_bd)?, self.mul_add(a, d, bc)?)
            }
            BinOp::Mul => {
                let ac = bl.build_float_mul(a, c, "ac").ir()?;
                let bd = bl.build_float_mul(b_, d, "bd").ir()?;
                let ad = bl.build_float_mul(a, d, "ad").ir()?;
                let bc = bl.build_float_mul(b_, c, "bc").ir()?;
                (
                    bl.build_float_sub(ac, bd, "re").ir()?,
                    bl.build_float_add(ad, bc, "im").ir()?,
                )
            }
            BinOp::Div if self.in_ufunc => {
                let (re, im) = self.numpy_complex_quotient((a, b_), (c, d))?;
                return self.make_complex(re.into(), im.into(), t).map(Into::into);
            }
            // NumPy's `npy_cpow` (no exceptions) for arrays and ufuncs.
            BinOp::Pow if self.in_ufunc => return self.npc_call("power", t, &[a, b_, c, d]),
            BinOp::Div => {
                let (re, im) = self.complex_quotient(a, b_, c, d)?;
                return self.make_complex(re.into(), im.into(), t).map(Into::into);
            }
            BinOp::Pow => {
                let name = if op == BinOp::Div {
                    "oxjit_rt_cdiv"
                } else {
                    "oxjit_rt_cpow"
                };
                let f64t = self.cx().f64_type();
                let ptr = self.cx().ptr_type(inkwell::AddressSpace::default());
                let ret_t = if op == BinOp::Div {
                    self.cx().bool_type()
                } else {
                    self.cx().i32_type()
                };
                let f = self.runtime_fn(
                    name,
                    ret_t.fn_type(
                        &[
                            f64t.into(),
                            f64t.into(),
                            f64t.into(),
                            f64t.into(),
                            ptr.into(),
                        ],
                        false,
                    ),
                );
                let out_t = f64t.array_type(2);
                let slot = self.alloca(out_t.into(), "cout")?;
                let args: Vec<_> = [a, b_, c, d]
                    .iter()
                    .map(|v| self.b.build_float_cast(*v, f64t, "p").map(Into::into))
                    .collect::<Result<_, _>>()
                    .ir()?;
                let mut call_args: Vec<inkwell::values::BasicMetadataValueEnum> = args;
                call_args.push(slot.into());
                let status = self
                    .b
                    .build_call(f, &call_args, "c")
                    .ir()?
                    .try_as_basic_value()
                    .basic()
                    .expect("status")
                    .into_int_value();
                if op == BinOp::Div {
                    if self.complex_division_raises() {
                        self.check(status, "ZeroDivisionError", "complex division by zero")?;
                    }
                } else {
                    let zero = self.cx().i32_type().const_zero();
                    let not_zero_div = self
                        .b
                        .build_int_compare(
                            IntPredicate::NE,
                            status,
                            self.cx().i32_type().const_int(1, false),
                            "nzd",
                        )
                        .ir()?;
                    self.check(
                        not_zero_div,
                        "ZeroDivisionError",
                        "0.0 to a negative or complex power",
                    )?;
                    let ok = self
                        .b
                        .build_int_compare(IntPredicate::EQ, status, zero, "ok")
                        .ir()?;
                    self.check(ok, "OverflowError", "complex exponentiation")?;
                }
                let re_p = unsafe {
                    self.b.build_in_bounds_gep(
                        out_t,
                        slot,
                        &[
                            self.cx().i64_type().const_zero(),
                            self.cx().i64_type().const_zero(),
                        ],
                        "re.p",
                    )
                }
                .ir()?;
                let im_p = unsafe {
                    self.b.build_in_bounds_gep(
                        out_t,
                        slot,
                        &[
                            self.cx().i64_type().const_zero(),
                            self.cx().i64_type().const_int(1, false),
                        ],
                        "im.p",
                    )
                }
                .ir()?;
                let re = self.b.build_load(f64t, re_p, "re").ir()?.into_float_value();
                let im = self.b.build_load(f64t, im_p, "im").ir()?.into_float_value();
                let part = a.get_type();
                (
                    self.b.build_float_cast(re, part, "re").ir()?,
                    self.b.build_float_cast(im, part, "im").ir()?,
                )
            }
            _ => {
                return Err(self.err(format!(
                    "unsupported operand types for {}: complex",
                    op.symbol()
                )))
            }
        };
        Ok(self.make_complex(re.into(), im.into(), t)?.into())
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
            _ => return Err(self.err(format!("bad operand type for unary {}: {ta}", op.symbol()))),
        })
    }

    pub fn compare(&mut self, op: CmpOp, a: Value, b: Value) -> R<BasicValueEnum<'ctx>> {
        let (ta, tb) = (self.ty(a).clone(), self.ty(b).clone());
        if matches!(op, CmpOp::Is | CmpOp::IsNot) {
            // `x is None` for an optional x tests its flag.
            let optional = match (&ta, &tb) {
                (Type::Optional(_), Type::NoneType) => Some(a),
                (Type::NoneType, Type::Optional(_)) => Some(b),
                _ => None,
            };
            if let Some(x) = optional {
                let flag = self
                    .b
                    .build_extract_value(self.val(x).into_struct_value(), 0, "some")
                    .ir()?
                    .into_int_value();
                return Ok(if op == CmpOp::IsNot {
                    flag
                } else {
                    self.b.build_not(flag, "isnone").ir()?
                }
                .into());
            }
        }
        if matches!(op, CmpOp::Is | CmpOp::IsNot) && (ta == Type::NoneType || tb == Type::NoneType)
        {
            let same = ta == tb;
            let r = if op == CmpOp::Is { same } else { !same };
            return Ok(self.cx().bool_type().const_int(r as u64, false).into());
        }
        let op = match op {
            CmpOp::Is => CmpOp::Eq,
            CmpOp::IsNot => CmpOp::Ne,
            o => o,
        };
        let r = self.compare_values(op, self.val(a), &ta, self.val(b), &tb)?;
        Ok(r.into())
    }

    pub fn compare_values(
        &mut self,
        op: CmpOp,
        x: BasicValueEnum<'ctx>,
        tx: &Type,
        y: BasicValueEnum<'ctx>,
        ty: &Type,
    ) -> R<IntValue<'ctx>> {
        if let (Type::Tuple(xs), Type::Tuple(ys)) = (tx, ty) {
            return self.compare_tuples(op, x, xs, y, ys);
        }
        match (tx, ty) {
            (Type::Int(_) | Type::Bool, Type::Float(_)) if !matches!(tx, Type::Int(i) if !i.signed) =>
            {
                let xi = self.cast(x, tx, &Type::I64)?.into_int_value();
                let yf = self.cast(y, ty, &Type::F64)?.into_float_value();
                return self.compare_int_float(op, xi, yf);
            }
            (Type::Float(_), Type::Int(_) | Type::Bool) if !matches!(ty, Type::Int(i) if !i.signed) =>
            {
                let yi = self.cast(y, ty, &Type::I64)?.into_int_value();
                let xf = self.cast(x, tx, &Type::F64)?.into_float_value();
                return self.compare_int_float(swap(op), yi, xf);
            }
            (Type::Int(a), Type::Int(b)) if a.signed != b.signed => {
                let xi = self
                    .cast(
                        x,
                        tx,
                        &Type::Int(oxjit_core::types::IntTy {
                            bits: 64,
                            signed: a.signed,
                        }),
                    )?
                    .into_int_value();
                let yi = self
                    .cast(
                        y,
                        ty,
                        &Type::Int(oxjit_core::types::IntTy {
                            bits: 64,
                            signed: b.signed,
                        }),
                    )?
                    .into_int_value();
                return self.compare_mixed_sign(op, xi, a.signed, yi);
            }
            _ => {}
        }
        let common = match unify(tx, ty) {
            Some(Type::Bool) => Type::I64,
            Some(t) => t,
            None if tx == ty => tx.clone(),
            None => {
                return Ok(self
                    .cx()
                    .bool_type()
                    .const_int((op == CmpOp::Ne) as u64, false))
            }
        };
        let x = self.cast(x, tx, &common)?;
        let y = self.cast(y, ty, &common)?;
        let b = &self.b;
        Ok(match &common {
            Type::Int(i) => {
                let pred = match (op, i.signed) {
                    (CmpOp::Eq, _) => IntPredicate::EQ,
                    (CmpOp::Ne, _) => IntPredicate::NE,
                    (CmpOp::Lt, true) => IntPredicate::SLT,
                    (CmpOp::Le, true) => IntPredicate::SLE,
                    (CmpOp::Gt, true) => IntPredicate::SGT,
                    (CmpOp::Ge, true) => IntPredicate::SGE,
                    (CmpOp::Lt, false) => IntPredicate::ULT,
                    (CmpOp::Le, false) => IntPredicate::ULE,
                    (CmpOp::Gt, false) => IntPredicate::UGT,
                    (CmpOp::Ge, false) => IntPredicate::UGE,
                    _ => unreachable!(),
                };
                b.build_int_compare(pred, x.into_int_value(), y.into_int_value(), "cmp")
                    .ir()?
            }
            Type::Float(_) => {
                let pred = match op {
                    CmpOp::Eq => FloatPredicate::OEQ,
                    CmpOp::Ne => FloatPredicate::UNE,
                    CmpOp::Lt => FloatPredicate::OLT,
                    CmpOp::Le => FloatPredicate::OLE,
                    CmpOp::Gt => FloatPredicate::OGT,
                    CmpOp::Ge => FloatPredicate::OGE,
                    _ => unreachable!(),
                };
                b.build_float_compare(pred, x.into_float_value(), y.into_float_value(), "fcmp")
                    .ir()?
            }
            Type::Complex(_) => {
                let (a, bi) = self.complex_parts(x)?;
                let (c, d) = self.complex_parts(y)?;
                let b = &self.b;
                let re = b
                    .build_float_compare(FloatPredicate::OEQ, a, c, "re")
                    .ir()?;
                let im = b
                    .build_float_compare(FloatPredicate::OEQ, bi, d, "im")
                    .ir()?;
                let eq = b.build_and(re, im, "eq").ir()?;
                if op == CmpOp::Ne {
                    b.build_not(eq, "ne").ir()?
                } else {
                    eq
                }
            }
            Type::NoneType => self
                .cx()
                .bool_type()
                .const_int((op == CmpOp::Eq) as u64, false),
            t => return Err(self.err(format!("cannot compare values of type {t}"))),
        })
    }

    /// `i op f` exactly, as Python compares an int with a float (no rounding of the int).
    fn compare_int_float(
        &mut self,
        op: CmpOp,
        i: IntValue<'ctx>,
        f: FloatValue<'ctx>,
    ) -> R<IntValue<'ctx>> {
        let b = &self.b;
        let f64t = self.cx().f64_type();
        let i64t = self.cx().i64_type();
        // If the int rounds to a different float, that float comparison decides (rounding is
        // monotonic). If it rounds to f itself, f is integral: compare as integers, with 2**63
        // above every int64.
        let fi = b.build_signed_int_to_float(i, f64t, "fi").ir()?;
        let by_float = self.float_cmp(op, fi, f)?;
        let b = &self.b;
        let same = b
            .build_float_compare(FloatPredicate::OEQ, fi, f, "same")
            .ir()?;
        let two63 = f64t.const_float(TWO_POW_63);
        let f_big = b
            .build_float_compare(FloatPredicate::OGE, f, two63, "big")
            .ir()?;
        let f_clamped = b
            .build_select(f_big, f64t.const_zero(), f, "fc")
            .ir()?
            .into_float_value();
        let fint = b.build_float_to_signed_int(f_clamped, i64t, "fint").ir()?;
        let by_int = self.int_cmp(op, i, fint, true)?;
        let b = &self.b;
        // With f == 2**63 every int64 is smaller.
        let below = self.cx().bool_type().const_int(
            matches!(op, CmpOp::Lt | CmpOp::Le | CmpOp::Ne) as u64,
            false,
        );
        let exact = b
            .build_select(f_big, below, by_int, "exact")
            .ir()?
            .into_int_value();
        Ok(b.build_select(same, exact, by_float, "cmp")
            .ir()?
            .into_int_value())
    }

    /// Compares a signed and an unsigned 64-bit integer exactly.
    fn compare_mixed_sign(
        &mut self,
        op: CmpOp,
        x: IntValue<'ctx>,
        x_signed: bool,
        y: IntValue<'ctx>,
    ) -> R<IntValue<'ctx>> {
        let (s, u, op) = if x_signed {
            (x, y, op)
        } else {
            (y, x, swap(op))
        };
        let zero = s.get_type().const_zero();
        let negative = self
            .b
            .build_int_compare(IntPredicate::SLT, s, zero, "neg")
            .ir()?;
        let unsigned = self.int_cmp(op, s, u, false)?;
        let if_negative = self.cx().bool_type().const_int(
            matches!(op, CmpOp::Lt | CmpOp::Le | CmpOp::Ne) as u64,
            false,
        );
        Ok(self
            .b
            .build_select(negative, if_negative, unsigned, "cmp")
            .ir()?
            .into_int_value())
    }

    fn float_cmp(&self, op: CmpOp, x: FloatValue<'ctx>, y: FloatValue<'ctx>) -> R<IntValue<'ctx>> {
        let pred = match op {
            CmpOp::Eq => FloatPredicate::OEQ,
            CmpOp::Ne => FloatPredicate::UNE,
            CmpOp::Lt => FloatPredicate::OLT,
            CmpOp::Le => FloatPredicate::OLE,
            CmpOp::Gt => FloatPredicate::OGT,
            _ => FloatPredicate::OGE,
        };
        self.b.build_float_compare(pred, x, y, "fcmp").ir()
    }

    fn int_cmp(
        &self,
        op: CmpOp,
        x: IntValue<'ctx>,
        y: IntValue<'ctx>,
        signed: bool,
    ) -> R<IntValue<'ctx>> {
        let pred = match (op, signed) {
            (CmpOp::Eq, _) => IntPredicate::EQ,
            (CmpOp::Ne, _) => IntPredicate::NE,
            (CmpOp::Lt, true) => IntPredicate::SLT,
            (CmpOp::Le, true) => IntPredicate::SLE,
            (CmpOp::Gt, true) => IntPredicate::SGT,
            (CmpOp::Ge, true) => IntPredicate::SGE,
            (CmpOp::Lt, false) => IntPredicate::ULT,
            (CmpOp::Le, false) => IntPredicate::ULE,
            (CmpOp::Gt, false) => IntPredicate::UGT,
            _ => IntPredicate::UGE,
        };
        self.b.build_int_compare(pred, x, y, "icmp").ir()
    }

    /// Lexicographic comparison, as Python compares tuples.
    fn compare_tuples(
        &mut self,
        op: CmpOp,
        x: BasicValueEnum<'ctx>,
        xs: &[Type],
        y: BasicValueEnum<'ctx>,
        ys: &[Type],
    ) -> R<IntValue<'ctx>> {
        let bool_t = self.cx().bool_type();
        let n = xs.len().min(ys.len());
        // Result if all of the first n items are equal: decided by the lengths.
        let tail = match op {
            CmpOp::Eq => xs.len() == ys.len(),
            CmpOp::Ne => xs.len() != ys.len(),
            CmpOp::Lt => xs.len() < ys.len(),
            CmpOp::Le => xs.len() <= ys.len(),
            CmpOp::Gt => xs.len() > ys.len(),
            CmpOp::Ge => xs.len() >= ys.len(),
            _ => unreachable!(),
        };
        let mut result = bool_t.const_int(tail as u64, false);
        for i in (0..n).rev() {
            let xi = self
                .b
                .build_extract_value(x.into_struct_value(), i as u32, "x")
                .ir()?;
            let yi = self
                .b
                .build_extract_value(y.into_struct_value(), i as u32, "y")
                .ir()?;
            let eq = self.compare_values(CmpOp::Eq, xi, &xs[i], yi, &ys[i])?;
            let here = match op {
                CmpOp::Eq => bool_t.const_zero(),
                CmpOp::Ne => bool_t.const_int(1, false),
                CmpOp::Lt | CmpOp::Le => self.compare_values(CmpOp::Lt, xi, &xs[i], yi, &ys[i])?,
                _ => self.compare_values(CmpOp::Gt, xi, &xs[i], yi, &ys[i])?,
            };
            result = self
                .b
                .build_select(eq, result, here, "lex")
                .ir()?
                .into_int_value();
        }
        Ok(result)
    }
}
