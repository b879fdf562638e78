//! Array expressions of a `parallel=True` function on the thread pool: the flat loop of a fused
//! expression (every operand contiguous, of the output's shape) is emitted into a task function
//! over a range of items, and the runtime runs it in chunks, as for a `prange` loop. Items are
//! independent and computed exactly as in the serial loop (NumPy's values, no exception), so the
//! result is the same bit for bit. Small arrays stay on the calling thread: below
//! [`MIN_PARALLEL_ITEMS`] handing out chunks costs more than it saves.
//!
//! Contiguous float sums run on the pool through the runtime (`reduce.rs`: the top of NumPy's
//! pairwise tree split across it, the same bits); other reductions stay serial.

use inkwell::module::Linkage;
use inkwell::types::{BasicMetadataTypeEnum, BasicTypeEnum};
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_abi::RuntimeFn;
use oxjit_core::ir::{Const, ExprNode};
use oxjit_core::types::{ArrayTy, Type};

use super::{FnGen, Ir, R};

/// The fewest items an expression needs to run on the pool.
const MIN_PARALLEL_ITEMS: u64 = 1 << 15;

/// Where the flat loop reads an operand's items: an array's data, or a scalar.
#[derive(Clone)]
pub(super) enum FlatSource<'ctx> {
    Data(PointerValue<'ctx>, Type),
    Scalar(BasicValueEnum<'ctx>, Type, Option<Const>),
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// Item `i` of the flat loop: the expression of the sources' items, stored into `out`.
    pub(super) fn flat_item(
        &mut self,
        expr: &ExprNode,
        sources: &[FlatSource<'ctx>],
        out: PointerValue<'ctx>,
        rt: &ArrayTy,
        i: IntValue<'ctx>,
    ) -> R<()> {
        let mut elems = Vec::new();
        for s in sources {
            elems.push(match s {
                FlatSource::Data(data, t) => {
                    let et = self.llvm_type(t);
                    // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices):
                    // `i` runs below the array's length (the loop's bound).
                    let p = unsafe { self.b.build_in_bounds_gep(et, *data, &[i], "p") }.ir()?;
                    (self.b.build_load(et, p, "x").ir()?, t.clone(), None, false)
                }
                FlatSource::Scalar(v, t, c) => (*v, t.clone(), c.clone(), true),
            });
        }
        let (value, t) = self.eval_element(expr, &elems)?;
        let value = self.numpy_cast(value, &t, &rt.dtype)?;
        let out_t = self.llvm_type(&rt.dtype);
        // SAFETY: in bounds: `i` runs below the output's length (the loop's bound).
        let p = unsafe { self.b.build_in_bounds_gep(out_t, out, &[i], "q") }.ir()?;
        let value = self.bool_as_byte(value)?;
        self.b.build_store(p, value).ir()?;
        Ok(())
    }

    /// The flat loop over `size` items: on the pool where the function is `parallel=True` and
    /// the array large enough, else here.
    pub(super) fn flat_items(
        &mut self,
        expr: &ExprNode,
        sources: &[FlatSource<'ctx>],
        out: PointerValue<'ctx>,
        rt: &ArrayTy,
        size: IntValue<'ctx>,
    ) -> R<()> {
        let serial = |s: &mut Self| {
            s.for_each_index(&[size], &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
                s.flat_item(expr, sources, out, rt, idx[0])
            })
        };
        if !self.typed.parallel {
            return serial(self);
        }
        let big = self
            .b
            .build_int_compare(
                IntPredicate::SGE,
                size,
                self.i64(MIN_PARALLEL_ITEMS as i64),
                "big",
            )
            .ir()?;
        let on_pool = self.cx().append_basic_block(self.f, "expr.pool");
        let here = self.cx().append_basic_block(self.f, "expr.here");
        let join = self.cx().append_basic_block(self.f, "expr.joined");
        self.b.build_conditional_branch(big, on_pool, here).ir()?;
        self.b.position_at_end(here);
        serial(self)?;
        self.b.build_unconditional_branch(join).ir()?;
        self.b.position_at_end(on_pool);
        self.pool_items(expr, sources, out, rt, size)?;
        self.b.build_unconditional_branch(join).ir()?;
        self.b.position_at_end(join);
        Ok(())
    }

    /// The flat loop's items in chunks on the pool: a task function reads the output and the
    /// sources from a context record `{ ptr out, source... }`.
    fn pool_items(
        &mut self,
        expr: &ExprNode,
        sources: &[FlatSource<'ctx>],
        out: PointerValue<'ctx>,
        rt: &ArrayTy,
        size: IntValue<'ctx>,
    ) -> R<()> {
        let ptr = self.cx().ptr_type(AddressSpace::default());
        let mut fields: Vec<BasicTypeEnum> = vec![ptr.into()];
        let mut values: Vec<BasicValueEnum> = vec![out.into()];
        for s in sources {
            let v = match s {
                FlatSource::Data(p, _) => (*p).into(),
                FlatSource::Scalar(v, _, _) => *v,
            };
            fields.push(v.get_type());
            values.push(v);
        }
        let ctx_t = self.cx().struct_type(&fields, false);
        let ctx = self.alloca(ctx_t.into(), "expr.ctx")?;
        for (k, v) in values.iter().enumerate() {
            let p = self
                .b
                .build_struct_gep(ctx_t, ctx, k as u32, "ctx.p")
                .ir()?;
            self.b.build_store(p, *v).ir()?;
        }
        let task = self.expr_task(expr, sources, ctx_t, rt)?;
        let chunks = self
            .call_runtime(RuntimeFn::ParallelChunks, &[size.into()])?
            .expect("a count");
        let args = [
            task.as_global_value().as_pointer_value().into(),
            ctx.into(),
            size.into(),
            chunks.into(),
            self.exc_ptr.into(),
        ];
        // The items raise nothing (NumPy's values): the status is always 0.
        self.call_runtime(RuntimeFn::ParallelFor, &args)?;
        Ok(())
    }

    /// `i32 task(ctx, lo, hi, chunk, exc)`: items `lo..hi`, emitted by this generator moved
    /// into the task function for the time it takes.
    fn expr_task(
        &mut self,
        expr: &ExprNode,
        sources: &[FlatSource<'ctx>],
        ctx_t: inkwell::types::StructType<'ctx>,
        rt: &ArrayTy,
    ) -> R<inkwell::values::FunctionValue<'ctx>> {
        let cx = self.cx();
        let i64t = cx.i64_type();
        let ptr = cx.ptr_type(AddressSpace::default());
        let params: [BasicMetadataTypeEnum; 5] = [
            ptr.into(),
            i64t.into(),
            i64t.into(),
            i64t.into(),
            ptr.into(),
        ];
        let name = format!("{}.expr_task", self.f.get_name().to_string_lossy());
        let task = self.m.module.add_function(
            &name,
            cx.i32_type().fn_type(&params, false),
            Some(Linkage::Internal),
        );
        let saved = (self.f, self.entry, self.exc_ptr, self.b.get_insert_block());
        let entry = cx.append_basic_block(task, "entry");
        let body = cx.append_basic_block(task, "items");
        (self.f, self.entry) = (task, entry);
        self.exc_ptr = task.get_nth_param(4).expect("exc").into_pointer_value();
        self.b.position_at_end(body);
        let result = (|| -> R<()> {
            let param = |k: u32| task.get_nth_param(k).expect("param");
            let ctx = param(0).into_pointer_value();
            let (lo, hi) = (param(1).into_int_value(), param(2).into_int_value());
            let load = |s: &Self, k: u32, t: BasicTypeEnum<'ctx>| -> R<BasicValueEnum<'ctx>> {
                let p = s.b.build_struct_gep(ctx_t, ctx, k, "ctx.p").ir()?;
                s.b.build_load(t, p, "ctx.v").ir()
            };
            let out = load(self, 0, ptr.into())?.into_pointer_value();
            let mut mine = Vec::new();
            for (k, s) in sources.iter().enumerate() {
                let field = k as u32 + 1;
                mine.push(match s {
                    FlatSource::Data(_, t) => FlatSource::Data(
                        load(self, field, ptr.into())?.into_pointer_value(),
                        t.clone(),
                    ),
                    FlatSource::Scalar(v, t, c) => {
                        FlatSource::Scalar(load(self, field, v.get_type())?, t.clone(), c.clone())
                    }
                });
            }
            let count = self.b.build_int_sub(hi, lo, "count").ir()?;
            self.for_each_index(&[count], &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
                let i = s.b.build_int_add(lo, idx[0], "i").ir()?;
                s.flat_item(expr, &mine, out, rt, i)
            })?;
            self.b
                .build_return(Some(&cx.i32_type().const_zero()))
                .ir()?;
            Ok(())
        })();
        // The entry block (where allocas went) runs on into the items.
        let b = cx.create_builder();
        b.position_at_end(entry);
        b.build_unconditional_branch(body).ir()?;
        (self.f, self.entry, self.exc_ptr) = (saved.0, saved.1, saved.2);
        if let Some(block) = saved.3 {
            self.b.position_at_end(block);
        }
        result.map(|()| task)
    }
}
