//! The methods of tuples (`x in t`, `t.index(x)`, `t.count(x)`), with CPython's semantics and
//! messages (Objects/tupleobject.c). A tuple's length is static: `x` is compared with each item
//! in turn, unrolled, as typing says per item (`registry::tuple::equality`: an item of another
//! kind than `x` is never equal, without code). `in` and `index` stop at the first equal item.

use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;
use oxjit_core::callee::TupleFn;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{CmpOp, Const};
use oxjit_core::registry::tuple::{equality, Equality};
use oxjit_core::registry::Builtin;
use oxjit_core::types::{is_str, Type};

use super::bound::{Arg, CallCx};
use super::{FnGen, Ir, R};

/// The implementation of every method of the tuple family.
pub(super) fn tuple_call<'a, 'ctx: 'a>(
    g: &mut FnGen<'a, 'ctx>,
    c: &CallCx<'_, 'ctx>,
) -> R<BasicValueEnum<'ctx>> {
    let (Builtin::Tuple(f), Type::Tuple(items)) = (c.id, &c.args[0].t) else {
        return Err(Diagnostic::internal(format!(
            "{:?} is no method of {}",
            c.id, c.args[0].t
        )));
    };
    let (t, x) = (&c.args[0], &c.args[1]);
    let n = g.i64(items.len() as i64);
    match f {
        TupleFn::Contains | TupleFn::ContainsHashable => {
            let k = g.tuple_find(t, items, x, None)?;
            let found =
                g.b.build_int_compare(IntPredicate::SLT, k, n, "found")
                    .ir()?;
            Ok(found.into())
        }
        TupleFn::Index => {
            // `start`/`stop` as slice bounds of the tuple, as CPython's.
            let bound = |a: &Arg<'ctx>| -> R<IntValue<'ctx>> {
                let i = g.cast(a.v, &a.t, &Type::I64)?.into_int_value();
                g.clamp_index(i, n)
            };
            let (start, stop) = (bound(&c.args[2])?, bound(&c.args[3])?);
            let k = g.tuple_find(t, items, x, Some((start, stop)))?;
            let found =
                g.b.build_int_compare(IntPredicate::SLT, k, n, "found")
                    .ir()?;
            g.check(found, "ValueError", "tuple.index(x): x not in tuple")?;
            Ok(k.into())
        }
        TupleFn::Count => {
            let i64t = g.cx().i64_type();
            let mut count = i64t.const_zero();
            for k in 0..items.len() {
                if let Some(eq) = g.tuple_item_equals(t, items, k, x)? {
                    let one = g.b.build_int_z_extend(eq, i64t, "one").ir()?;
                    count = g.b.build_int_add(count, one, "count").ir()?;
                }
            }
            Ok(count.into())
        }
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `t[k] == x`, or `None` where typing says they are never equal.
    fn tuple_item_equals(
        &mut self,
        t: &Arg<'ctx>,
        items: &[Type],
        k: usize,
        x: &Arg<'ctx>,
    ) -> R<Option<IntValue<'ctx>>> {
        match equality(&items[k], &x.t) {
            Equality::Never => Ok(None),
            Equality::Compare => {
                let item = self
                    .b
                    .build_extract_value(t.v.into_struct_value(), k as u32, "item")
                    .ir()?;
                // A string item of a tuple of constants (a display's) is compared inline.
                let literal = match &t.c {
                    Some(Const::Tuple(cs)) if is_str(&x.t) => match &cs[k] {
                        Const::Str(s) => Some(Type::StrLiteral(s.clone())),
                        _ => None,
                    },
                    _ => None,
                };
                if let Some(lit) = literal {
                    return self.str_compare_literal(CmpOp::Eq, item, &lit, x.v, &x.t);
                }
                self.compare_values(CmpOp::Eq, item, &items[k], x.v, &x.t)
                    .map(Some)
            }
            Equality::Unsupported => Err(Diagnostic::internal(format!(
                "typing let an item of type {} be compared with a value of type {}",
                items[k], x.t
            ))),
        }
    }

    /// The index of the first item equal to `x` (among those from `start` to before `stop`
    /// where given), or the length: one block per item that can be equal, left at the first
    /// equal one.
    fn tuple_find(
        &mut self,
        t: &Arg<'ctx>,
        items: &[Type],
        x: &Arg<'ctx>,
        range: Option<(IntValue<'ctx>, IntValue<'ctx>)>,
    ) -> R<IntValue<'ctx>> {
        let exit = self.cx().append_basic_block(self.f, "tuple.found");
        let mut incoming = Vec::new();
        for k in 0..items.len() {
            if equality(&items[k], &x.t) == Equality::Never {
                continue;
            }
            let next = self.cx().append_basic_block(self.f, "tuple.next");
            let kv = self.i64(k as i64);
            if let Some((start, stop)) = range {
                let compare = self.cx().append_basic_block(self.f, "tuple.item");
                let b = &self.b;
                let after = b
                    .build_int_compare(IntPredicate::SLE, start, kv, "after")
                    .ir()?;
                let before = b
                    .build_int_compare(IntPredicate::SLT, kv, stop, "before")
                    .ir()?;
                let inside = b.build_and(after, before, "inside").ir()?;
                b.build_conditional_branch(inside, compare, next).ir()?;
                self.b.position_at_end(compare);
            }
            let eq = self.tuple_item_equals(t, items, k, x)?.expect("not Never");
            self.b.build_conditional_branch(eq, exit, next).ir()?;
            incoming.push((kv, self.b.get_insert_block().expect("positioned")));
            self.b.position_at_end(next);
        }
        let n = self.i64(items.len() as i64);
        self.b.build_unconditional_branch(exit).ir()?;
        incoming.push((n, self.b.get_insert_block().expect("positioned")));
        self.b.position_at_end(exit);
        let phi = self.b.build_phi(self.cx().i64_type(), "k").ir()?;
        for (v, bb) in &incoming {
            phi.add_incoming(&[(v, *bb)]);
        }
        Ok(phi.as_basic_value().into_int_value())
    }
}
