//! Tuples: a struct of their items, C's layout. Their constants and truth; items (a constant
//! index extracts the field, a runtime index into a homogeneous tuple goes through memory with
//! Python's bounds check); `+`; lexicographic comparison; conversion item by item; iteration
//! over a homogeneous tuple (its state `{index, length, [items]}`).

use inkwell::types::{BasicType, BasicTypeEnum, StructType};
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{BinOp, CmpOp, Const, Value};
use oxjit_core::types::Type;

use super::state_iter::StateIterModel;
use super::TypeModel;
use crate::lower::{FnGen, Ir, ModuleGen, R};

pub(super) struct TupleModel;

impl TypeModel for TupleModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, t: &Type) -> BasicTypeEnum<'ctx> {
        let Type::Tuple(items) = t else {
            unreachable!("{t} is not a tuple")
        };
        let fields: Vec<BasicTypeEnum> = items.iter().map(|t| m.llvm_type(t)).collect();
        m.cx.struct_type(&fields, false).into()
    }

    fn constant<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        c: &Const,
        t: &Type,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        let (Const::Tuple(items), Type::Tuple(types)) = (c, t) else {
            return Ok(None);
        };
        let values: Vec<BasicValueEnum> = items
            .iter()
            .zip(types.iter())
            .map(|(c, t)| g.constant(c, t))
            .collect::<R<_>>()?;
        Ok(Some(g.cx().const_struct(&values, false).into()))
    }

    fn make_iter<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        value: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<PointerValue<'ctx>> {
        let Type::Tuple(items) = t else {
            unreachable!("{t} is not a tuple")
        };
        g.tuple_iter(value, items)
    }

    /// Item by item, between tuples of the same length.
    fn cast<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        v: BasicValueEnum<'ctx>,
        from: &Type,
        to: &Type,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        match (from, to) {
            (Type::Tuple(fs), Type::Tuple(ts)) if fs.len() == ts.len() => {
                let st = g.llvm_type(to).into_struct_type();
                g.cast_tuple(v, fs, ts, st).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// `t + u`: the items of both.
    fn binop<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        op: BinOp,
        a: Value,
        b: Value,
        result: &Type,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        match (op, g.ty(a).clone(), g.ty(b)) {
            (BinOp::Add, Type::Tuple(x), Type::Tuple(_)) => {
                g.tuple_concat(a, b, x.len(), result).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// Lexicographically, as Python compares tuples.
    fn compare<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        op: CmpOp,
        x: BasicValueEnum<'ctx>,
        tx: &Type,
        y: BasicValueEnum<'ctx>,
        ty: &Type,
    ) -> R<Option<IntValue<'ctx>>> {
        match (tx, ty) {
            (Type::Tuple(xs), Type::Tuple(ys)) => g.compare_tuples(op, x, xs, y, ys).map(Some),
            _ => Ok(None),
        }
    }

    /// A tuple is true when it has items (their values do not matter).
    fn truth<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        _v: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<IntValue<'ctx>> {
        let Type::Tuple(items) = t else {
            unreachable!("{t} is not a tuple")
        };
        Ok(g.cx()
            .bool_type()
            .const_int(!items.is_empty() as u64, false))
    }
}

/// A homogeneous tuple's iterator: the state `{index, length, [items]}`.
pub(super) static TUPLE_ITER: StateIterModel = StateIterModel {
    valid: |g, state, t| {
        let Type::TupleIter(item) = t else {
            unreachable!("{t} is not a tuple iterator")
        };
        let st = g.tuple_state_view(item);
        let (_, idx) = g.load_i64(st, state, 0)?;
        let (_, len) = g.load_i64(st, state, 1)?;
        g.b.build_int_compare(IntPredicate::SLT, idx, len, "valid")
            .ir()
    },
    next: |g, state, t| {
        let Type::TupleIter(item) = t else {
            unreachable!("{t} is not a tuple iterator")
        };
        let st = g.tuple_state_view(item);
        let (idx_p, idx) = g.load_i64(st, state, 0)?;
        let value = g.tuple_state_item(state, item, idx)?;
        g.step_index(idx_p, idx)?;
        Ok(value)
    },
};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// Item `idx` of a tuple iterator's state (`0 <= idx <` its length: the caller's check).
    pub(super) fn tuple_state_item(
        &self,
        state: PointerValue<'ctx>,
        item: &Type,
        idx: IntValue<'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        let st = self.tuple_state_view(item);
        let at = [
            self.cx().i64_type().const_zero(),
            self.cx().i32_type().const_int(2, false),
            idx,
        ];
        // SAFETY: the position is inside the items array (the caller's check).
        let p = unsafe { self.b.build_in_bounds_gep(st, state, &at, "p") }.ir()?;
        self.b.build_load(self.llvm_type(item), p, "item").ir()
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub(crate) fn tuple_getitem(&mut self, a: Value, i: Value) -> R<BasicValueEnum<'ctx>> {
        let tuple_t = self.ty(a).clone();
        let Type::Tuple(items) = &tuple_t else {
            return Err(Diagnostic::internal("getitem of a non-tuple"));
        };
        let n = items.len() as i64;
        if matches!(self.ty(i), Type::Slice) {
            // `t[1:]` (constant bounds, checked by typing): the picked items in a new tuple.
            let picked = oxjit_core::types::constant_slice_parts(
                &self.typed.func,
                |p| self.typed.constant(p),
                i,
            )
            .and_then(|parts| oxjit_core::types::slice_positions(items.len(), parts))
            .map_err(Diagnostic::internal)?;
            let out_t = Type::tuple(picked.iter().map(|&k| items[k].clone()).collect());
            let mut agg = self.llvm_type(&out_t).into_struct_type().get_undef();
            let tuple = self.val(a).into_struct_value();
            for (slot, &k) in picked.iter().enumerate() {
                let item = self.b.build_extract_value(tuple, k as u32, "it").ir()?;
                agg = self
                    .b
                    .build_insert_value(agg, item, slot as u32, "slice")
                    .ir()?
                    .into_struct_value();
            }
            return Ok(agg.into());
        }
        // `kw["a"]` of a `**kwargs` struct: its field (typing found it).
        if let (Some(keys), Some(Const::Str(key))) = (
            oxjit_core::types::kwargs_keys(&tuple_t),
            self.typed.constant(i),
        ) {
            let idx = keys.iter().position(|n| n == key).unwrap_or(0);
            return self
                .b
                .build_extract_value(self.val(a).into_struct_value(), idx as u32, "kw")
                .ir();
        }
        if let Some(k) = match self.typed.constant(i) {
            Some(Const::Int(k)) => Some(*k),
            Some(Const::Bool(b)) => Some(*b as i64),
            _ => None,
        } {
            let idx = if k < 0 { k + n } else { k };
            return self
                .b
                .build_extract_value(self.val(a).into_struct_value(), idx as u32, "item")
                .ir();
        }
        // A runtime index into a homogeneous tuple: through memory, with Python's bounds check.
        let item_t = self.llvm_type(&items[0]);
        let array_t = item_t.array_type(n as u32);
        let slot = self.alloca(array_t.into(), "tuple.mem")?;
        let tuple = self.val(a).into_struct_value();
        for k in 0..n as u32 {
            let item = self.b.build_extract_value(tuple, k, "it").ir()?;
            // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): `k < n`:
            // item `k` of the `n`-item array just allocated.
            let p = unsafe {
                self.b.build_in_bounds_gep(
                    array_t,
                    slot,
                    &[
                        self.cx().i64_type().const_zero(),
                        self.cx().i64_type().const_int(k as u64, false),
                    ],
                    "p",
                )
            }
            .ir()?;
            self.b.build_store(p, item).ir()?;
        }
        let index = self
            .cast(self.val(i), &self.ty(i).clone(), &Type::I64)?
            .into_int_value();
        let len = self.cx().i64_type().const_int(n as u64, true);
        let neg = self
            .b
            .build_int_compare(
                inkwell::IntPredicate::SLT,
                index,
                self.cx().i64_type().const_zero(),
                "neg",
            )
            .ir()?;
        let wrapped = self.b.build_int_add(index, len, "wrapped").ir()?;
        let index = self
            .b
            .build_select(neg, wrapped, index, "index")
            .ir()?
            .into_int_value();
        let in_range = self
            .b
            .build_int_compare(inkwell::IntPredicate::ULT, index, len, "inrange")
            .ir()?;
        self.check(in_range, "IndexError", "tuple index out of range")?;
        // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): `index` was
        // checked to be below the tuple's length just above.
        let p = unsafe {
            self.b.build_in_bounds_gep(
                array_t,
                slot,
                &[self.cx().i64_type().const_zero(), index],
                "p",
            )
        }
        .ir()?;
        self.b.build_load(item_t, p, "item").ir()
    }

    pub(crate) fn tuple_concat(
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

    /// Lexicographic comparison, as Python compares tuples.
    pub(crate) fn compare_tuples(
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

    /// A tuple converted item by item (`fs` to `ts`) into the struct type `st`.
    pub(crate) fn cast_tuple(
        &self,
        v: BasicValueEnum<'ctx>,
        fs: &[Type],
        ts: &[Type],
        st: StructType<'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        let b = &self.b;
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
        Ok(agg.into())
    }

    /// The state of a tuple iterator, as seen by the code that indexes it (the items array is
    /// declared empty: indexing past a declared length is fine for GEP).
    pub(super) fn tuple_state_view(&self, item: &Type) -> StructType<'ctx> {
        let i64t = self.cx().i64_type();
        let items = self.llvm_type(item).array_type(0);
        self.cx()
            .struct_type(&[i64t.into(), i64t.into(), items.into()], false)
    }

    /// The state of `iter(tuple)`: the position, the length, and the items in memory (so that
    /// a runtime position can index them).
    fn tuple_iter(&mut self, value: BasicValueEnum<'ctx>, items: &[Type]) -> R<PointerValue<'ctx>> {
        let i64t = self.cx().i64_type();
        let n = items.len() as u32;
        let item_t = items
            .first()
            .map(|t| self.llvm_type(t))
            .unwrap_or(self.cx().i8_type().into());
        let full = self.cx().struct_type(
            &[i64t.into(), i64t.into(), item_t.array_type(n).into()],
            false,
        );
        let slot = self.alloca(full.into(), "tuple.iter")?;
        let p = self.b.build_struct_gep(full, slot, 0, "idx").ir()?;
        self.b.build_store(p, i64t.const_zero()).ir()?;
        let p = self.b.build_struct_gep(full, slot, 1, "len").ir()?;
        self.b
            .build_store(p, i64t.const_int(n as u64, false))
            .ir()?;
        let tuple = value.into_struct_value();
        for k in 0..n {
            let item = self.b.build_extract_value(tuple, k, "it").ir()?;
            let idx = [
                i64t.const_zero(),
                self.cx().i32_type().const_int(2, false),
                i64t.const_int(k as u64, false),
            ];
            // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): item `k` of
            // the tuple stored in `slot`, of type `full`.
            let p = unsafe { self.b.build_in_bounds_gep(full, slot, &idx, "p") }.ir()?;
            self.b.build_store(p, item).ir()?;
        }
        Ok(slot)
    }
}
