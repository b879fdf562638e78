//! The string builtins (`str repr format ord chr`) and the methods of `str`: each a call of
//! the runtime's `oxjit_rt_str_*` (`crates/oxjit-runtime/src/strs/`), with its errors raised as
//! the runtime recorded them, or as constants here (`str.index`'s `substring not found`).

use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_abi::{CaseOp, FindOp, PadOp, StrOp, StrPred, StripSide, STR_NONE};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::strs::StrFn;
use oxjit_core::registry::strs_format::{parse_template, Piece};
use oxjit_core::types::{is_str, IntTy, Type};

use super::bound::Arg;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    fn i64c(&self, x: i64) -> IntValue<'ctx> {
        self.cx().i64_type().const_int(x as u64, true)
    }

    fn str_of(&self, a: &Arg<'ctx>) -> R<PointerValue<'ctx>> {
        self.str_arg(a.v, &a.t)
    }

    /// Argument `k` as an index, [`STR_NONE`] where it is left out or `None`.
    fn index_arg(&self, args: &[Arg<'ctx>], k: usize) -> R<IntValue<'ctx>> {
        match args.get(k) {
            Some(a) if a.t != Type::NoneType => {
                Ok(self.cast(a.v, &a.t, &Type::I64)?.into_int_value())
            }
            _ => Ok(self.i64c(STR_NONE)),
        }
    }

    fn no_str(&self) -> PointerValue<'ctx> {
        self.cx()
            .ptr_type(inkwell::AddressSpace::default())
            .const_null()
    }

    fn ptr_array(&self, n: u32) -> inkwell::types::ArrayType<'ctx> {
        self.cx()
            .ptr_type(inkwell::AddressSpace::default())
            .array_type(n)
    }

    /// `str(x)` (`repr`: `repr(x)`) of a number or a string, a new reference.
    pub(crate) fn str_convert(
        &mut self,
        v: BasicValueEnum<'ctx>,
        t: &Type,
        repr: bool,
    ) -> R<PointerValue<'ctx>> {
        match t {
            t if is_str(t) => {
                let s = self.str_arg(v, t)?;
                if repr {
                    return self.str_new(StrOp::Repr, &[s.into()]);
                }
                self.incref(s.into(), &Type::Str)?;
                Ok(s)
            }
            Type::Bool => self.str_new(StrOp::FromBool, &[v.into()]),
            Type::Int(i) if repr && i.bits < 64 => self.numpy_int_repr(v, t),
            Type::Int(i) if !i.signed => {
                // Narrow unsigned values widened with zeros (`uint8` 200 is 200).
                let x = self.cast(v, t, &Type::Int(IntTy::U64))?;
                self.str_new(StrOp::FromUint, &[x.into()])
            }
            Type::Int(_) => {
                let x = self.cast(v, t, &Type::I64)?;
                self.str_new(StrOp::FromInt, &[x.into()])
            }
            Type::Float(_) => {
                let x = self.cast(v, t, &Type::F64)?;
                self.str_new(StrOp::FromFloat, &[x.into()])
            }
            Type::CaughtException if !repr => self.exception_str(v),
            Type::Optional(inner) => self.optional_text(v, inner, repr),
            Type::List(_) | Type::Set(_) | Type::Dict(..) | Type::Tuple(_) | Type::NoneType => {
                self.repr_text(v, t)
            }
            t => Err(Diagnostic::internal(format!("str() of {t}"))),
        }
    }

    /// `format(x, spec)`, a new reference.
    pub(crate) fn str_format_value(
        &mut self,
        v: BasicValueEnum<'ctx>,
        t: &Type,
        spec: PointerValue<'ctx>,
    ) -> R<PointerValue<'ctx>> {
        match t {
            Type::Optional(inner) => return self.optional_format(v, inner, spec),
            Type::NoneType => return self.none_format(spec),
            _ => {}
        }
        if is_str(t) {
            let s = self.str_arg(v, t)?;
            return self.str_new(StrOp::FormatStr, &[s.into(), spec.into()]);
        }
        if let Type::Float(_) = t {
            let x = self.cast(v, t, &Type::F64)?;
            return self.str_new(StrOp::FormatFloat, &[x.into(), spec.into()]);
        }
        let (word, kind) = self.str_word(v, t)?;
        let kind = self.i64c(kind as i64);
        self.str_new(StrOp::FormatInt, &[word.into(), kind.into(), spec.into()])
    }

    /// A string builtin or a method of `str` (`args[0]` is a method's receiver).
    pub fn str_fn(
        &mut self,
        f: StrFn,
        args: &[Arg<'ctx>],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        use StrFn::*;
        Ok(match f {
            Str if args.is_empty() => self.str_literal("")?.into(),
            Str | Repr => self.str_convert(args[0].v, &args[0].t, f == Repr)?.into(),
            // CPython's `hex(x)` is `format(x, '#x')` (`-0xff` for -255), `oct` and `bin` too.
            Hex | Oct | Bin => {
                let spec = match f {
                    Hex => "#x",
                    Oct => "#o",
                    _ => "#b",
                };
                let spec = self.str_literal(spec)?;
                self.str_format_value(args[0].v, &args[0].t, spec)?.into()
            }
            Format => {
                let spec = match args.get(1) {
                    Some(a) => self.str_of(a)?,
                    None => self.str_literal("")?,
                };
                self.str_format_value(args[0].v, &args[0].t, spec)?.into()
            }
            Ord => {
                let s = self.str_of(&args[0])?;
                let c = self.str_rt(StrOp::Ord, &[s.into()])?.into_int_value();
                let ok = self
                    .b
                    .build_int_compare(IntPredicate::SGE, c, self.i64c(0), "ok")
                    .ir()?;
                self.str_raise_unless(ok)?;
                c.into()
            }
            Chr => {
                let i = self.cast(args[0].v, &args[0].t, &Type::I64)?;
                self.str_new(StrOp::Chr, &[i.into()])?.into()
            }
            FormatMethod => self.str_format_method(args)?.into(),
            _ => self.str_method(f, args, result)?,
        })
    }

    fn str_method(
        &mut self,
        f: StrFn,
        args: &[Arg<'ctx>],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        use StrFn::*;
        let s = self.str_of(&args[0])?;
        if let Some(v) = self.str_case_or_class(f, s)? {
            return Ok(v);
        }
        if let Some(v) = self.str_list_method(f, s, args, result)? {
            return Ok(v);
        }
        Ok(match f {
            Strip | Lstrip | Rstrip => {
                let chars = match args.get(1) {
                    Some(a) if a.t != Type::NoneType => self.str_of(a)?,
                    _ => self.no_str(),
                };
                let side = match f {
                    Strip => StripSide::Both,
                    Lstrip => StripSide::Left,
                    _ => StripSide::Right,
                };
                let side = self.i64c(side as i64);
                self.str_new(StrOp::Strip, &[s.into(), chars.into(), side.into()])?
                    .into()
            }
            Find | Rfind | Index | Rindex | Count => {
                let sub = self.str_of(&args[1])?;
                let (start, end) = (self.index_arg(args, 2)?, self.index_arg(args, 3)?);
                let op = match f {
                    Rfind | Rindex => FindOp::Rfind,
                    Count => FindOp::Count,
                    _ => FindOp::Find,
                };
                let op = self.i64c(op as i64);
                let r = self
                    .str_rt(
                        StrOp::Find,
                        &[s.into(), sub.into(), start.into(), end.into(), op.into()],
                    )?
                    .into_int_value();
                if matches!(f, Index | Rindex) {
                    let ok = self
                        .b
                        .build_int_compare(IntPredicate::SGE, r, self.i64c(0), "found")
                        .ir()?;
                    self.check(ok, "ValueError", "substring not found")?;
                }
                r.into()
            }
            Replace => {
                let (old, new) = (self.str_of(&args[1])?, self.str_of(&args[2])?);
                let count = match args.get(3) {
                    Some(a) => self.cast(a.v, &a.t, &Type::I64)?.into_int_value(),
                    None => self.i64c(-1),
                };
                let call = [s.into(), old.into(), new.into(), count.into()];
                self.str_new(StrOp::Replace, &call)?.into()
            }
            Startswith | Endswith => self.str_affix(s, args, f == Endswith)?.into(),
            Zfill | Center | Ljust | Rjust => {
                let width = self.cast(args[1].v, &args[1].t, &Type::I64)?;
                let fill = match args.get(2) {
                    Some(a) => self.str_of(a)?,
                    None => self.no_str(),
                };
                let op = match f {
                    Zfill => PadOp::Zfill,
                    Center => PadOp::Center,
                    Ljust => PadOp::Ljust,
                    _ => PadOp::Rjust,
                };
                let op = self.i64c(op as i64);
                self.str_new(
                    StrOp::Pad,
                    &[s.into(), width.into(), fill.into(), op.into()],
                )?
                .into()
            }
            Expandtabs => {
                let tabs = match args.get(1) {
                    Some(a) => self.cast(a.v, &a.t, &Type::I64)?.into_int_value(),
                    None => self.i64c(8),
                };
                self.str_new(StrOp::Expandtabs, &[s.into(), tabs.into()])?
                    .into()
            }
            Partition | Rpartition => self.str_partition(s, &args[1], f == Rpartition, result)?,
            Join => self.str_join(s, &args[1])?.into(),
            Contains => {
                let sub = self.str_of(&args[1])?;
                self.str_rt(StrOp::Contains, &[s.into(), sub.into()])?
            }
            other => {
                return Err(Diagnostic::internal(format!(
                    "str.{}() reached lowering",
                    other.name()
                )))
            }
        })
    }

    /// The case mappings (`s.upper()`...) and the predicates (`s.isdigit()`...); `None` for the
    /// other methods.
    fn str_case_or_class(
        &mut self,
        f: StrFn,
        s: PointerValue<'ctx>,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        use StrFn::*;
        let case = match f {
            Upper => Some(CaseOp::Upper),
            Lower => Some(CaseOp::Lower),
            Title => Some(CaseOp::Title),
            Capitalize => Some(CaseOp::Capitalize),
            Swapcase => Some(CaseOp::Swapcase),
            Casefold => Some(CaseOp::Casefold),
            _ => None,
        };
        if let Some(op) = case {
            let op = self.i64c(op as i64);
            return Ok(Some(
                self.str_new(StrOp::Case, &[s.into(), op.into()])?.into(),
            ));
        }
        let pred = match f {
            Isdigit => StrPred::Digit,
            Isalpha => StrPred::Alpha,
            Isspace => StrPred::Space,
            Isalnum => StrPred::Alnum,
            Isupper => StrPred::Upper,
            Islower => StrPred::Lower,
            Isdecimal => StrPred::Decimal,
            Isnumeric => StrPred::Numeric,
            Istitle => StrPred::Title,
            Isidentifier => StrPred::Identifier,
            Isascii => StrPred::Ascii,
            Isprintable => StrPred::Printable,
            _ => return Ok(None),
        };
        let pred = self.i64c(pred as i64);
        Ok(Some(self.str_rt(StrOp::Is, &[s.into(), pred.into()])?))
    }

    /// The methods that make or read lists (`split`, `rsplit`, `splitlines`, `join` of a list);
    /// `None` for the others.
    fn str_list_method(
        &mut self,
        f: StrFn,
        s: PointerValue<'ctx>,
        args: &[Arg<'ctx>],
        result: &Type,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        use StrFn::*;
        Ok(Some(match f {
            Join if matches!(args[1].t, Type::List(_)) => {
                let list = args[1].v.into_pointer_value();
                self.str_new(StrOp::JoinList, &[s.into(), list.into()])?
                    .into()
            }
            Split | Rsplit => {
                let sep = match args.get(1) {
                    Some(a) if a.t != Type::NoneType => self.str_of(a)?,
                    _ => self.no_str(),
                };
                let max = match args.get(2) {
                    Some(a) => self.cast(a.v, &a.t, &Type::I64)?.into_int_value(),
                    None => self.i64c(-1),
                };
                if *result == Type::StrSplitIter {
                    return Ok(Some(self.split_iter(s, sep, max)?.into()));
                }
                let right = self.cx().bool_type().const_int((f == Rsplit) as u64, false);
                let call = [s.into(), sep.into(), max.into(), right.into()];
                self.str_new(StrOp::Split, &call)?.into()
            }
            Splitlines => {
                let keep = match args.get(1) {
                    Some(a) => self.truth(a.v, &a.t)?,
                    None => self.cx().bool_type().const_zero(),
                };
                self.str_new(StrOp::Splitlines, &[s.into(), keep.into()])?
                    .into()
            }
            _ => return Ok(None),
        }))
    }

    /// `s.startswith(affix, start, end)` of a string or a tuple of strings.
    fn str_affix(
        &mut self,
        s: PointerValue<'ctx>,
        args: &[Arg<'ctx>],
        at_end: bool,
    ) -> R<IntValue<'ctx>> {
        let (start, end) = (self.index_arg(args, 2)?, self.index_arg(args, 3)?);
        let flag = self.cx().bool_type().const_int(at_end as u64, false);
        let affixes: Vec<PointerValue<'ctx>> = match &args[1].t {
            Type::Tuple(items) => {
                let tuple = args[1].v.into_struct_value();
                let mut out = Vec::new();
                for (k, t) in items.iter().enumerate() {
                    let x = self.b.build_extract_value(tuple, k as u32, "affix").ir()?;
                    out.push(self.str_arg(x, t)?);
                }
                out
            }
            _ => vec![self.str_of(&args[1])?],
        };
        let mut any = self.cx().bool_type().const_zero();
        for a in affixes {
            let call = [s.into(), a.into(), start.into(), end.into(), flag.into()];
            let r = self.str_rt(StrOp::Startswith, &call)?.into_int_value();
            any = self.b.build_or(any, r, "any").ir()?;
        }
        Ok(any)
    }

    fn str_partition(
        &mut self,
        s: PointerValue<'ctx>,
        sep: &Arg<'ctx>,
        from_right: bool,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let ptr = self.ptr_type();
        let out = self.alloca(self.ptr_array(3).into(), "partition.out")?;
        let sep = self.str_of(sep)?;
        let flag = self.cx().bool_type().const_int(from_right as u64, false);
        let status = self.str_rt(
            StrOp::Partition,
            &[s.into(), sep.into(), flag.into(), out.into()],
        )?;
        self.str_status(status)?;
        let st = self.llvm_type(result).into_struct_type();
        let mut agg = st.get_undef();
        for k in 0..3u32 {
            let i64t = self.cx().i64_type();
            // SAFETY: `k < 3`, inside the three-pointer array.
            let p = unsafe {
                self.b
                    .build_in_bounds_gep(ptr, out, &[i64t.const_int(k as u64, false)], "part.p")
                    .ir()?
            };
            let part = self.b.build_load(ptr, p, "part").ir()?;
            agg = self
                .b
                .build_insert_value(agg, part, k, "parts")
                .ir()?
                .into_struct_value();
        }
        Ok(agg.into())
    }

    /// Writes strings to a fresh array of pointers: its address.
    fn str_array(&mut self, items: &[PointerValue<'ctx>]) -> R<PointerValue<'ctx>> {
        let ptr = self.ptr_type();
        let i64t = self.cx().i64_type();
        let arr = self.alloca(self.ptr_array(items.len().max(1) as u32).into(), "strs")?;
        for (k, item) in items.iter().enumerate() {
            // SAFETY: `k` is below the array's length.
            let p = unsafe {
                self.b
                    .build_in_bounds_gep(ptr, arr, &[i64t.const_int(k as u64, false)], "item.p")
                    .ir()?
            };
            self.b.build_store(p, *item).ir()?;
        }
        Ok(arr)
    }

    /// `sep.join(items)` of a tuple of strings.
    fn str_join(&mut self, sep: PointerValue<'ctx>, items: &Arg<'ctx>) -> R<PointerValue<'ctx>> {
        let Type::Tuple(ts) = &items.t else {
            return Err(Diagnostic::internal("str.join() of a non-tuple"));
        };
        let tuple = items.v.into_struct_value();
        let mut ptrs = Vec::new();
        for (k, t) in ts.iter().enumerate() {
            let x = self.b.build_extract_value(tuple, k as u32, "item").ir()?;
            ptrs.push(self.str_arg(x, t)?);
        }
        let arr = self.str_array(&ptrs)?;
        let n = self.i64c(ptrs.len() as i64);
        self.str_new(StrOp::Join, &[sep.into(), arr.into(), n.into()])
    }

    /// `template.format(*args)` of a constant template (read by typing and here alike): each
    /// field formatted, then the pieces joined; the pieces made so far are given back if a
    /// later one raises.
    fn str_format_method(&mut self, args: &[Arg<'ctx>]) -> R<PointerValue<'ctx>> {
        let Type::StrLiteral(template) = &args[0].t else {
            return Err(Diagnostic::internal("str.format() of a run-time template"));
        };
        let values = &args[1..];
        let pieces = parse_template(template, values.len()).map_err(Diagnostic::internal)?;
        let mark = self.extra_live.len();
        let mut made = Vec::new();
        for piece in &pieces {
            let p = match piece {
                Piece::Text(t) => self.str_literal(t)?,
                Piece::Field {
                    index,
                    conversion,
                    spec,
                } => {
                    let a = &values[*index];
                    let spec = self.str_literal(spec)?;
                    match conversion {
                        Some(c) => {
                            let converted = self.str_convert(a.v, &a.t, *c == 'r')?;
                            self.extra_live.push((converted.into(), Type::Str));
                            let p = self.str_format_value(converted.into(), &Type::Str, spec)?;
                            self.extra_live.pop();
                            self.decref(converted.into(), &Type::Str)?;
                            p
                        }
                        None => self.str_format_value(a.v, &a.t, spec)?,
                    }
                }
            };
            self.extra_live.push((p.into(), Type::Str));
            made.push(p);
        }
        let arr = self.str_array(&made)?;
        let empty = self.str_literal("")?;
        let n = self.i64c(made.len() as i64);
        let joined = self.str_new(StrOp::Join, &[empty.into(), arr.into(), n.into()])?;
        self.extra_live.truncate(mark);
        for p in made {
            self.decref(p.into(), &Type::Str)?;
        }
        Ok(joined)
    }
}
