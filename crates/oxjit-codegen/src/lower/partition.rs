//! `np.partition` and `np.argpartition` (core's `registry/partition.rs` types them): NumPy's
//! check of `kth` against the last axis, then a sort (`lower_sort`) or a stable argsort
//! (`lower_argsort`), an order NumPy's partition contract allows.

use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;
use oxjit_core::types::Type;

use super::bound::CallCx;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.partition(a, kth)`, `a.partition(kth)`, `np.argpartition(a, kth)`.
    pub(super) fn lower_partition(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (src, st) = self.array_arg(&c.args[0]);
        let n = self.array_shape(src, st.ndim as u32 - 1)?;
        let kths: Vec<(BasicValueEnum<'ctx>, Type)> = match &c.args[1].t {
            Type::Tuple(items) => {
                let tuple = c.args[1].v.into_struct_value();
                let mut ks = Vec::new();
                for (k, t) in items.iter().enumerate() {
                    ks.push((
                        self.b.build_extract_value(tuple, k as u32, "kth").ir()?,
                        t.clone(),
                    ));
                }
                ks
            }
            t => vec![(c.args[1].v, t.clone())],
        };
        for (k, t) in kths {
            let k = self.cast(k, &t, &Type::I64)?.into_int_value();
            self.check_kth(k, n)?;
        }
        if self.is_argpartition(c) {
            return self.lower_argsort(c);
        }
        self.lower_sort(c)
    }

    fn is_argpartition(&self, c: &CallCx<'_, 'ctx>) -> bool {
        matches!(
            c.id,
            oxjit_core::registry::Builtin::Array(oxjit_core::registry::ArrayFn::Argpartition)
        )
    }

    /// NumPy's check: `kth` (from the end where negative) within the axis' `n` items, else
    /// `ValueError('kth(=k) out of bounds (n)')` showing `k` after adding `n` to a negative one.
    fn check_kth(&mut self, k: IntValue<'ctx>, n: IntValue<'ctx>) -> R<()> {
        let neg = self
            .b
            .build_int_compare(IntPredicate::SLT, k, self.i64(0), "neg")
            .ir()?;
        let from_end = self.b.build_int_add(k, n, "k").ir()?;
        let k = self
            .b
            .build_select(neg, from_end, k, "k")
            .ir()?
            .into_int_value();
        // NumPy checks nothing along an empty axis.
        let empty = self
            .b
            .build_int_compare(IntPredicate::EQ, n, self.i64(0), "empty")
            .ir()?;
        let low = self
            .b
            .build_int_compare(IntPredicate::SGE, k, self.i64(0), "low")
            .ir()?;
        let high = self
            .b
            .build_int_compare(IntPredicate::SLT, k, n, "high")
            .ir()?;
        let ok = self.b.build_and(low, high, "ok").ir()?;
        let ok = self.b.build_or(ok, empty, "ok").ir()?;
        self.check_formatted(ok, "ValueError", "kth(={0}) out of bounds ({1})", &[k, n])
    }
}
