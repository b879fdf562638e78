//! Iterables other than containers (`enumerate(x)`, `zip(a, b)`, `np.ndindex(shape)`) and their
//! iterators. An iterable is a struct of what it was made from: `{start, x}`, the zipped values,
//! the shape. Its iterator's state is `{count, inner state*}` for `enumerate`, `{inner state*...}`
//! for `zip`, `{shape[n], position, total, index[n]}` for `np.ndindex`.

use inkwell::types::{BasicTypeEnum, StructType};
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_core::types::Type;

use super::{state_pointer, TypeModel};
use crate::lower::{FnGen, Ir, ModuleGen, R};

pub(super) struct IterableModel;

impl TypeModel for IterableModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, t: &Type) -> BasicTypeEnum<'ctx> {
        let cx = m.cx;
        let fields: Vec<BasicTypeEnum> = match t {
            Type::Enumerate(t) => vec![cx.i64_type().into(), m.llvm_type(t)],
            Type::Zip(ts) => ts.iter().map(|t| m.llvm_type(t)).collect(),
            Type::NdIndex(n) => (0..*n).map(|_| cx.i64_type().into()).collect(),
            other => unreachable!("{other} is not an iterable of this model"),
        };
        cx.struct_type(&fields, false).into()
    }

    fn make_iter<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        value: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<PointerValue<'ctx>> {
        match t {
            Type::NdIndex(n) => g.ndindex_iter(value, *n),
            Type::Enumerate(inner) => g.enumerate_iter(value, inner),
            Type::Zip(inners) => g.zip_iter(value, inners),
            other => unreachable!("{other} is not an iterable of this model"),
        }
    }
}

pub(super) struct IteratorModel;

impl TypeModel for IteratorModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, _t: &Type) -> BasicTypeEnum<'ctx> {
        state_pointer(m)
    }

    fn iter_valid<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        state: PointerValue<'ctx>,
        t: &Type,
    ) -> R<IntValue<'ctx>> {
        match t {
            Type::NdIndexIter(n) => {
                let st = g.ndindex_state_type(*n);
                let (_, pos) = g.load_i64(st, state, 1)?;
                let (_, total) = g.load_i64(st, state, 2)?;
                g.b.build_int_compare(IntPredicate::SLT, pos, total, "valid")
                    .ir()
            }
            Type::EnumerateIter(inner) => {
                let st = g.enumerate_state_type();
                let inner_state = g.load_ptr(st, state, 1)?;
                g.iter_valid(inner_state, inner)
            }
            Type::ZipIter(inners) => {
                // As CPython's zip: the first exhausted iterator ends it, the later ones are
                // not advanced (a generator would lose an item).
                if inners.is_empty() {
                    return Ok(g.cx().bool_type().const_zero());
                }
                let st = g.zip_state_type(inners.len());
                let done = g.cx().append_basic_block(g.f, "zip.valid");
                let mut incoming = Vec::new();
                for (k, inner) in inners.iter().enumerate() {
                    let inner_state = g.load_ptr(st, state, k as u32)?;
                    let v = g.iter_valid(inner_state, inner)?;
                    let end = g.b.get_insert_block().expect("positioned");
                    incoming.push((v, end));
                    if k + 1 < inners.len() {
                        let next = g.cx().append_basic_block(g.f, "zip.next");
                        g.b.build_conditional_branch(v, next, done).ir()?;
                        g.b.position_at_end(next);
                    } else {
                        g.b.build_unconditional_branch(done).ir()?;
                    }
                }
                g.b.position_at_end(done);
                let phi = g.b.build_phi(g.cx().bool_type(), "valid").ir()?;
                for (v, end) in &incoming {
                    phi.add_incoming(&[(v, *end)]);
                }
                Ok(phi.as_basic_value().into_int_value())
            }
            other => unreachable!("{other} is not an iterator of this model"),
        }
    }

    fn iter_next<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        state: PointerValue<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let one = g.cx().i64_type().const_int(1, false);
        match t {
            Type::NdIndexIter(n) => g.ndindex_next(state, *n, t),
            Type::EnumerateIter(inner) => {
                let st = g.enumerate_state_type();
                let (count_p, count) = g.load_i64(st, state, 0)?;
                let inner_state = g.load_ptr(st, state, 1)?;
                let item = g.iter_next(inner_state, inner)?;
                let next = g.b.build_int_add(count, one, "count").ir()?;
                g.b.build_store(count_p, next).ir()?;
                g.pair(&[count.into(), item], t)
            }
            Type::ZipIter(inners) => {
                let st = g.zip_state_type(inners.len());
                let mut items = Vec::new();
                for (k, inner) in inners.iter().enumerate() {
                    let inner_state = g.load_ptr(st, state, k as u32)?;
                    items.push(g.iter_next(inner_state, inner)?);
                }
                g.pair(&items, t)
            }
            other => unreachable!("{other} is not an iterator of this model"),
        }
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The state of an `enumerate` iterator: `{count, inner state*}`.
    fn enumerate_state_type(&self) -> StructType<'ctx> {
        self.cx()
            .struct_type(&[self.cx().i64_type().into(), self.ptr_type()], false)
    }

    /// The state of a `zip` iterator over `n` iterables: their states.
    fn zip_state_type(&self, n: usize) -> StructType<'ctx> {
        let fields: Vec<BasicTypeEnum> = (0..n).map(|_| self.ptr_type()).collect();
        self.cx().struct_type(&fields, false)
    }

    /// The state of an `np.ndindex` iterator: `{shape[n], position, total}`.
    fn ndindex_state_type(&self, n: u8) -> StructType<'ctx> {
        let i64t = self.cx().i64_type();
        self.cx().struct_type(
            &[
                i64t.array_type(n as u32).into(),
                i64t.into(),
                i64t.into(),
                i64t.array_type(n as u32).into(),
            ],
            false,
        )
    }

    /// The state of `enumerate(x)`: the start and the iterator of `x`.
    fn enumerate_iter(
        &mut self,
        value: BasicValueEnum<'ctx>,
        inner: &Type,
    ) -> R<PointerValue<'ctx>> {
        let obj = value.into_struct_value();
        let start = self.b.build_extract_value(obj, 0, "start").ir()?;
        let inner_value = self.b.build_extract_value(obj, 1, "inner").ir()?;
        let inner_state = self.make_iter(inner_value, inner)?;
        let st = self.enumerate_state_type();
        let slot = self.alloca(st.into(), "enumerate.iter")?;
        let p = self.b.build_struct_gep(st, slot, 0, "count").ir()?;
        self.b.build_store(p, start).ir()?;
        let p = self.b.build_struct_gep(st, slot, 1, "inner").ir()?;
        self.b.build_store(p, inner_state).ir()?;
        Ok(slot)
    }

    /// The state of `zip(a, b, ...)`: the iterator of each.
    fn zip_iter(&mut self, value: BasicValueEnum<'ctx>, inners: &[Type]) -> R<PointerValue<'ctx>> {
        let obj = value.into_struct_value();
        let st = self.zip_state_type(inners.len());
        let slot = self.alloca(st.into(), "zip.iter")?;
        for (k, inner) in inners.iter().enumerate() {
            let inner_value = self.b.build_extract_value(obj, k as u32, "inner").ir()?;
            let inner_state = self.make_iter(inner_value, inner)?;
            let p = self.b.build_struct_gep(st, slot, k as u32, "inner").ir()?;
            self.b.build_store(p, inner_state).ir()?;
        }
        Ok(slot)
    }

    /// The state of `np.ndindex(shape)`: the dimensions (negative ones counted as 0), the
    /// position, and the number of indices.
    fn ndindex_iter(&mut self, value: BasicValueEnum<'ctx>, n: u8) -> R<PointerValue<'ctx>> {
        let i64t = self.cx().i64_type();
        let st = self.ndindex_state_type(n);
        let slot = self.alloca(st.into(), "ndindex.iter")?;
        let shape = value.into_struct_value();
        let mut dims = i64t.array_type(n as u32).get_undef();
        let mut total = i64t.const_int(1, false);
        for k in 0..n as u32 {
            let d = self
                .b
                .build_extract_value(shape, k, "dim")
                .ir()?
                .into_int_value();
            dims = self
                .b
                .build_insert_value(dims, d, k, "dims")
                .ir()?
                .into_array_value();
            // A negative size counts as 0 (NumPy raises; nothing to iterate here).
            let neg = self
                .b
                .build_int_compare(IntPredicate::SLT, d, i64t.const_zero(), "neg")
                .ir()?;
            let d = self
                .b
                .build_select(neg, i64t.const_zero(), d, "d")
                .ir()?
                .into_int_value();
            total = self.b.build_int_mul(total, d, "total").ir()?;
        }
        let fields: [BasicValueEnum<'ctx>; 4] = [
            dims.into(),
            i64t.const_zero().into(),
            total.into(),
            i64t.array_type(n as u32).const_zero().into(),
        ];
        for (i, v) in fields.into_iter().enumerate() {
            let p = self.b.build_struct_gep(st, slot, i as u32, "field").ir()?;
            self.b.build_store(p, v).ir()?;
        }
        Ok(slot)
    }

    /// The next index of `np.ndindex`.
    fn ndindex_next(
        &mut self,
        state: PointerValue<'ctx>,
        n: u8,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let i64t = self.cx().i64_type();
        let one = i64t.const_int(1, false);
        let st = self.ndindex_state_type(n);
        let (pos_p, pos) = self.load_i64(st, state, 1)?;
        let dims_p = self.b.build_struct_gep(st, state, 0, "dims").ir()?;
        let dims = self
            .b
            .build_load(i64t.array_type(n as u32), dims_p, "dims")
            .ir()?
            .into_array_value();
        let shape = (0..n as u32)
            .map(|k| {
                Ok(self
                    .b
                    .build_extract_value(dims, k, "d")
                    .ir()?
                    .into_int_value())
            })
            .collect::<R<Vec<_>>>()?;
        // The indices kept in the state (field 3), advanced as an odometer (no division).
        let idx_p = self.b.build_struct_gep(st, state, 3, "idx").ir()?;
        let held = self
            .b
            .build_load(i64t.array_type(n as u32), idx_p, "idx")
            .ir()?
            .into_array_value();
        let idx = (0..n as u32)
            .map(|k| {
                Ok(self
                    .b
                    .build_extract_value(held, k, "i")
                    .ir()?
                    .into_int_value())
            })
            .collect::<R<Vec<_>>>()?;
        if n > 0 {
            let order: Vec<usize> = (0..n as usize).rev().collect();
            let stepped = self.advance_indices(&idx, &shape, &order)?;
            let mut v = i64t.array_type(n as u32).get_undef();
            for (k, x) in stepped.iter().enumerate() {
                v = self
                    .b
                    .build_insert_value(v, *x, k as u32, "idx")
                    .ir()?
                    .into_array_value();
            }
            self.b.build_store(idx_p, v).ir()?;
        }
        let next = self.b.build_int_add(pos, one, "next").ir()?;
        self.b.build_store(pos_p, next).ir()?;
        let items: Vec<BasicValueEnum<'ctx>> = idx.into_iter().map(Into::into).collect();
        self.pair(&items, t)
    }
}
