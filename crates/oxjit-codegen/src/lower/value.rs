//! Instructions to values: the dispatch over the IR's instructions, and the small aggregates
//! built inline (slices).

use inkwell::values::{BasicValue, BasicValueEnum};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{Inst, Value};
use oxjit_core::types::Type;

use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub(super) fn lower_value(&mut self, v: Value) -> R<BasicValueEnum<'ctx>> {
        let t = self.ty(v).clone();
        self.guard_speculated_isinstance(v)?;
        if let Some(c) = self.typed.constant(v) {
            // A string constant may come from a global or a closure too (`kind=k`).
            if t.is_runtime() || matches!(t, Type::StrLiteral(_)) {
                return self.constant(c, &t);
            }
        }
        if !t.is_runtime() && !matches!(t, Type::StrLiteral(_)) {
            // A tuple holding a compile-time value (`(f, f)`, `(i, f)` from `enumerate`) keeps
            // its fields, and the loop over such items must still move on.
            return match self.typed.func.inst(v).clone() {
                Inst::IterNext(it) => {
                    self.iter_next(self.val(it).into_pointer_value(), &self.ty(it).clone())
                }
                Inst::BuildTuple(items) => self.build_tuple(&items, &t),
                _ => Ok(self.llvm_type(&t).const_zero()),
            };
        }
        let inst = self.typed.func.inst(v).clone();
        if let Some(r) = self.container_value(&inst, &t) {
            return r;
        }
        if let Some(r) = self.jitclass_value(v, &inst) {
            return r;
        }
        if let Some(r) = self.record_value(&inst) {
            return r;
        }
        match inst {
            Inst::Arg(i) => Ok(self.f.get_nth_param(i + 2).expect("argument")),
            Inst::Const(c) => self.constant(&c, &t),
            Inst::Global(_) | Inst::Import(..) => Err(Diagnostic::internal(
                "a runtime global without a constant value",
            )),
            Inst::Undef(_) => Ok(self.llvm_type(&t).const_zero()),
            Inst::BinOp(op, a, b) | Inst::InplaceBinOp(op, a, b) => self.binop(op, a, b, &t),
            Inst::MatMul(a, b) => self.matmul(a, b, &t),
            Inst::ArrayExpr {
                ref expr,
                ref inputs,
                out,
            } => self.array_expr(expr, inputs, out, &t),
            Inst::UnaryOp(op, a) => self.unary(op, a, &t),
            Inst::Compare(op, a, b) => self.compare(op, a, b),
            Inst::Truth(a) => Ok(self.truth(self.val(a), &self.ty(a).clone())?.into()),
            Inst::Cast(a, to)
                if matches!(self.ty(a), Type::Optional(_)) && !matches!(to, Type::Optional(_)) =>
            {
                self.unwrap_checked(self.val(a), &self.ty(a).clone(), &to)
            }
            Inst::Cast(a, to) => self.cast(self.val(a), &self.ty(a).clone(), &to),
            Inst::Call {
                func: _,
                ref args,
                ref kwargs,
            } => self.call(v, args, kwargs),
            // An `@overload_attribute`: typing made the read a call of its function.
            Inst::GetAttr(a, _)
                if matches!(
                    self.typed.calls.get(&v),
                    Some(oxjit_core::typeinfer::CallTarget::User { .. })
                ) =>
            {
                self.overloaded_attribute(v, a, &t)
            }
            Inst::GetAttr(a, name) => self.attribute(a, &name, &t),
            Inst::BuildTuple(items) => self.build_tuple(&items, &t),
            Inst::GetItem(a, i) if matches!(self.ty(a), Type::Array(_)) => {
                self.array_getitem(a, i, &t)
            }
            Inst::GetItem(a, i) if matches!(self.ty(a), Type::Bytes) => self.bytes_getitem(a, i),
            Inst::GetItem(a, i) if matches!(self.ty(a), Type::Flat(..)) => {
                let Type::Flat(at, _) = self.ty(a).clone() else {
                    unreachable!()
                };
                let p = self.flat_item_ptr(a, &at, i)?;
                self.b.build_load(self.llvm_type(&at.dtype), p, "item").ir()
            }
            Inst::BuildSlice(start, stop, step) => {
                // {start, stop, step}: i64::MIN stands for a missing part (see `slice_triple`);
                // a step of -2**63 is -(2**63 - 1), as CPython clamps it for indexing.
                let i64t = self.cx().i64_type();
                let part = |s: &Self, x: Value, missing: u64| -> R<BasicValueEnum<'ctx>> {
                    match s.ty(x) {
                        Type::NoneType => Ok(i64t.const_int(missing, true).into()),
                        t => s.cast(s.val(x), &t.clone(), &Type::I64),
                    }
                };
                let step_part = |s: &Self, x: Value| -> R<BasicValueEnum<'ctx>> {
                    let v = part(s, x, i64::MIN as u64)?;
                    if s.ty(x) == &Type::NoneType {
                        return Ok(v);
                    }
                    let min = i64t.const_int(i64::MIN as u64, true);
                    let v = v.into_int_value();
                    let eq = inkwell::IntPredicate::EQ;
                    let is_min = s.b.build_int_compare(eq, v, min, "stepmin").ir()?;
                    let clamped = i64t.const_int((i64::MIN + 1) as u64, true);
                    s.b.build_select(is_min, clamped, v, "step").ir()
                };
                let st = self.llvm_type(&Type::Slice).into_struct_type();
                let mut agg = st.get_undef();
                for (k, x) in [start, stop, step].into_iter().enumerate() {
                    let value = if k == 2 {
                        step_part(self, x)?
                    } else {
                        part(self, x, i64::MIN as u64)?
                    };
                    agg = self
                        .b
                        .build_insert_value(agg, value, k as u32, "slice")
                        .ir()?
                        .into_struct_value();
                }
                Ok(agg.into())
            }
            Inst::GetItem(a, i) if oxjit_core::types::is_str(self.ty(a)) => self.str_getitem(a, i),
            Inst::GetItem(a, i) => self.tuple_getitem(a, i),
            Inst::SetItem(a, i, x) => {
                self.array_setitem(a, i, x)?;
                Ok(self.cx().i8_type().const_zero().into())
            }
            // Typing accepts attribute stores on records only (`record_value`).
            Inst::SetAttr(..) => Err(Diagnostic::internal("an attribute store on a non-record")),
            Inst::Narrow(_) => Err(Diagnostic::internal("a refinement left after promotion")),
            Inst::UnpackItem(a, i, n) if matches!(self.ty(a), Type::Array(_)) => {
                self.unpack_array_item(a, i, n)
            }
            Inst::UnpackItem(a, i, _) => self
                .b
                .build_extract_value(self.val(a).into_struct_value(), i, "item")
                .ir(),
            Inst::GetIter(a) => Ok(self.make_iter(self.val(a), &self.ty(a).clone())?.into()),
            Inst::IterValid(it) => Ok(self.lower_iter_valid(v, it)?.into()),
            Inst::IterNext(it) => {
                self.iter_next(self.val(it).into_pointer_value(), &self.ty(it).clone())
            }
            Inst::MakeClosure { ref captures, .. } => self.make_closure(captures, &t),
            Inst::CellNew => self.cell_new(&t),
            Inst::CellLoad(c) => self.cell_load(c, &t),
            Inst::CellStore(c, x) => self.cell_store(c, x),
            Inst::Yield(x) => self.lower_yield(x, &t),
            Inst::KeepAlive(_) => Ok(self.cx().i8_type().const_zero().into()),
            Inst::ObjMode { block, ref inputs } => self.objmode_block(block, inputs, &t),
            Inst::Phi(_) => unreachable!("phis are created up front"),
            Inst::CatchException => self.catch_exception(&t),
            Inst::ExceptionMatches(e, classes) => Ok(self.exception_matches(e, classes)?.into()),
            // A caught exception raised again is itself (a borrowed reference); the raise lowers
            // the others (`raise_chain.rs`).
            Inst::ChainException { exc, .. } if t == Type::CaughtException => Ok(self.val(exc)),
            Inst::ChainException { .. } => Ok(self.cx().i8_type().const_zero().into()),
            Inst::BuildList(_) | Inst::BuildDict => unreachable!("lowered by container_value"),
        }
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// A tuple of the IR values `items`, as type `t`.
    fn build_tuple(&mut self, items: &[Value], t: &Type) -> R<BasicValueEnum<'ctx>> {
        let Type::Tuple(item_types) = t else {
            return Err(Diagnostic::internal("a tuple of another type"));
        };
        let mut fields = Vec::with_capacity(items.len());
        for (item, to) in items.iter().zip(item_types.iter()) {
            // A string constant in a tuple is a string (typing says where).
            fields.push(self.cast(self.val(*item), self.ty(*item), to)?);
        }
        self.struct_of(t, fields, "tuple")
    }

    /// The value of the struct type of `t` (a tuple, a shape, an iterator's item) whose fields
    /// are `fields`, in order.
    pub(super) fn struct_of<V: BasicValue<'ctx>>(
        &self,
        t: &Type,
        fields: impl IntoIterator<Item = V>,
        name: &str,
    ) -> R<BasicValueEnum<'ctx>> {
        let mut agg = self.llvm_type(t).into_struct_type().get_undef();
        for (k, v) in fields.into_iter().enumerate() {
            agg = self
                .b
                .build_insert_value(agg, v, k as u32, name)
                .ir()?
                .into_struct_value();
        }
        Ok(agg.into())
    }
}
