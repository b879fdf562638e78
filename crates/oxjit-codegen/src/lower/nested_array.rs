//! `np.array(x)` of tuples and lists nested in any mix (`([1, 2], [3, 4])`, `[(1, 2), (3, 4)]`,
//! a tuple of a list and an array), as NumPy reads an array-like: the shape read down the first
//! items, every tuple and list then checked to have its level's length (level by level, so that
//! the error is NumPy's: the shallowest inhomogeneous level), then every number stored. Arrays
//! among the items are checked as `array_from_sequence` checks them, while they are copied.
//! (A list of lists of numbers is `array_from_list`'s, a tuple of tuples `array_from_sequence`'s.)

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::IntPredicate;
use oxjit_core::types::{ArrayTy, Type};

use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The new array of `v` (of the nested type `t`, holding lists) with the type `rt`.
    pub(super) fn array_from_nested(
        &mut self,
        v: BasicValueEnum<'ctx>,
        t: &Type,
        rt: &ArrayTy,
    ) -> R<StructValue<'ctx>> {
        let shape = self.nested_shape(v, t)?;
        for depth in 1..shape.len() {
            self.check_level(v, t, 0, depth, &shape)?;
        }
        let out = self.new_array(rt, &shape, false)?;
        self.extra_live
            .push((out.into(), Type::Array(rt.clone().into())));
        let stored = self.store_sequence(v, t, out, rt, &shape, &mut Vec::new());
        self.extra_live.pop();
        stored?;
        Ok(out)
    }

    /// The shape down the first items: a tuple's length, a list's (0 below an empty list), the
    /// first array's shape.
    fn nested_shape(&mut self, v: BasicValueEnum<'ctx>, t: &Type) -> R<Vec<IntValue<'ctx>>> {
        let mut shape = Vec::new();
        let (mut cur_v, mut cur_t) = (v, t.clone());
        // Whether every level above held an item (else `cur_v` is a placeholder).
        let mut present = self.cx().bool_type().const_all_ones();
        loop {
            match cur_t.clone() {
                Type::Tuple(items) => {
                    shape.push(self.i64(items.len() as i64));
                    let Some(first) = items.first() else { break };
                    cur_v = self
                        .b
                        .build_extract_value(cur_v.into_struct_value(), 0, "first")
                        .ir()?;
                    cur_t = first.clone();
                }
                Type::List(item) => {
                    let dim = self.alloca(self.cx().i64_type().into(), "dim")?;
                    let item_llvm = self.llvm_type(&item);
                    let first = self.alloca(item_llvm, "first")?;
                    self.b.build_store(dim, self.i64(0)).ir()?;
                    self.b.build_store(first, item_llvm.const_zero()).ir()?;
                    let list = cur_v.into_pointer_value();
                    self.if_then(present, &mut |g| {
                        let n = g.list_len(list)?;
                        g.b.build_store(dim, n).ir()?;
                        let nonempty =
                            g.b.build_int_compare(IntPredicate::SGT, n, g.i64(0), "nonempty")
                                .ir()?;
                        g.if_then(nonempty, &mut |g| {
                            let x = g.list_load(list, &item, g.i64(0))?;
                            g.b.build_store(first, x).ir()?;
                            Ok(())
                        })
                    })?;
                    let n = self
                        .b
                        .build_load(self.cx().i64_type(), dim, "dim")
                        .ir()?
                        .into_int_value();
                    shape.push(n);
                    let nonempty = self
                        .b
                        .build_int_compare(IntPredicate::SGT, n, self.i64(0), "nonempty")
                        .ir()?;
                    present = self.b.build_and(present, nonempty, "present").ir()?;
                    cur_v = self.b.build_load(item_llvm, first, "first").ir()?;
                    cur_t = (*item).clone();
                }
                Type::Array(at) => {
                    for d in self.shape_values(cur_v.into_struct_value(), &at)? {
                        let d = self
                            .b
                            .build_select(present, d, self.i64(0), "dim")
                            .ir()?
                            .into_int_value();
                        shape.push(d);
                    }
                    break;
                }
                _ => break,
            }
        }
        Ok(shape)
    }

    /// Checks that every tuple and list at `depth` (below `v`, at `at`) has `shape[depth]` items:
    /// NumPy's ValueError naming the shape above.
    fn check_level(
        &mut self,
        v: BasicValueEnum<'ctx>,
        t: &Type,
        at: usize,
        depth: usize,
        shape: &[IntValue<'ctx>],
    ) -> R<()> {
        let len = match t {
            Type::Tuple(items) => self.i64(items.len() as i64),
            Type::List(_) => self.list_len(v.into_pointer_value())?,
            _ => return Ok(()), // an array: checked while copied
        };
        if at == depth {
            let dims: Vec<String> = (0..depth).map(|k| format!("{{{}}}", k + 2)).collect();
            let detected = if depth == 1 {
                format!("({},)", dims[0])
            } else {
                format!("({})", dims.join(", "))
            };
            let template = format!(
                "setting an array element with a sequence. The requested array has an \
                 inhomogeneous shape after {depth} dimensions. The detected shape was \
                 {detected} + inhomogeneous part."
            );
            return self.check_dim(len, shape[depth], &template, &shape[..depth]);
        }
        match t {
            Type::Tuple(items) => {
                for (k, item) in items.iter().enumerate() {
                    let x = self
                        .b
                        .build_extract_value(v.into_struct_value(), k as u32, "item")
                        .ir()?;
                    self.check_level(x, item, at + 1, depth, shape)?;
                }
                Ok(())
            }
            Type::List(item) => {
                let list = v.into_pointer_value();
                self.for_each_index(&[len], &mut |g, idx| {
                    let x = g.list_load(list, item, idx[0])?;
                    g.check_level(x, item, at + 1, depth, shape)
                })
            }
            _ => unreachable!("arrays returned above"),
        }
    }
}
