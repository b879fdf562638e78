//! The errors of a fused array expression, raised in the order NumPy raises them: NumPy computes
//! `np.minimum(a * b, -1)` one operation at a time, so the first operation whose operands cannot
//! be broadcast together (or whose Python integer does not fit its dtype) is the one reported,
//! with the shapes of its own operands, not those of every input of the fused loop.

use inkwell::values::IntValue;
use inkwell::IntPredicate;
use oxjit_core::ir::ExprNode;

use super::arrayexpr::{shape_template, Operand};
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// Every operation of `expr`, children first, left to right: its Python integers must fit,
    /// then its operands must broadcast together. The root's broadcast is left to the caller
    /// where the expression writes into `out` (NumPy's message then lists the output's shape).
    pub(super) fn checks_in_numpy_order(
        &mut self,
        expr: &ExprNode,
        operands: &[Operand<'ctx>],
        has_out: bool,
    ) -> R<()> {
        match expr {
            ExprNode::Op(_, children, _) if has_out => {
                for child in children {
                    self.node_shape(child, operands)?;
                }
                self.check_python_ints(expr, operands)
            }
            _ => self.node_shape(expr, operands).map(|_| ()),
        }
    }

    /// The shape of `node`'s result (empty for a scalar), after its checks.
    fn node_shape(
        &mut self,
        node: &ExprNode,
        operands: &[Operand<'ctx>],
    ) -> R<Vec<IntValue<'ctx>>> {
        let children = match node {
            ExprNode::Input(i) => {
                return Ok(match &operands[*i as usize] {
                    Operand::Array { shape, .. } => shape.clone(),
                    Operand::Scalar { .. } => Vec::new(),
                })
            }
            ExprNode::Op(_, children, _) => children,
        };
        let mut shapes = Vec::with_capacity(children.len());
        for child in children {
            shapes.push(self.node_shape(child, operands)?);
        }
        self.check_python_ints(node, operands)?;
        if shapes.iter().filter(|s| !s.is_empty()).count() < 2 {
            return Ok(shapes.into_iter().max_by_key(Vec::len).unwrap_or_default());
        }
        let n_inputs = shapes.len();
        self.broadcast_checked(&shapes, n_inputs, 0)
    }

    /// The broadcast shape (at least `n` dimensions) of the first `n_inputs` of `shapes`,
    /// raising NumPy's ValueError (listing every shape, a scalar as `()`) where two sizes of an
    /// axis differ and neither is 1. Shapes past `n_inputs` (an output written in place) must
    /// match, or be stretchable to, the inputs' broadcast; they do not widen it.
    pub(super) fn broadcast_checked(
        &mut self,
        shapes: &[Vec<IntValue<'ctx>>],
        n_inputs: usize,
        n: usize,
    ) -> R<Vec<IntValue<'ctx>>> {
        let message = (
            "ValueError",
            "operands could not be broadcast together with shapes ",
        );
        self.broadcast_checked_as(shapes, n_inputs, n, message)
    }

    /// [`Self::broadcast_checked`] raising `class(prefix + shapes)` (index arrays broadcast
    /// together raise NumPy's IndexError "shape mismatch: indexing arrays...").
    pub(super) fn broadcast_checked_as(
        &mut self,
        shapes: &[Vec<IntValue<'ctx>>],
        n_inputs: usize,
        n: usize,
        (class, prefix): (&str, &str),
    ) -> R<Vec<IntValue<'ctx>>> {
        let n = shapes.iter().map(Vec::len).max().unwrap_or(0).max(n);
        let one = self.i64(1);
        let mut out = vec![one; n];
        for s in &shapes[..n_inputs] {
            let lead = n - s.len();
            for (k, &d) in s.iter().enumerate() {
                let not_one = self
                    .b
                    .build_int_compare(IntPredicate::NE, d, one, "notone")
                    .ir()?;
                out[lead + k] = self
                    .b
                    .build_select(not_one, d, out[lead + k], "dim")
                    .ir()?
                    .into_int_value();
            }
        }
        if shapes.len() < 2 {
            return Ok(out);
        }
        let mut ok = self.cx().bool_type().const_int(1, false);
        for (j, s) in shapes.iter().enumerate() {
            let lead = n - s.len();
            for (k, &d) in s.iter().enumerate() {
                let is_one = self
                    .b
                    .build_int_compare(IntPredicate::EQ, d, one, "one")
                    .ir()?;
                let same = self
                    .b
                    .build_int_compare(IntPredicate::EQ, d, out[lead + k], "same")
                    .ir()?;
                let mut fine = self.b.build_or(is_one, same, "fine").ir()?;
                if j >= n_inputs {
                    // The inputs may stretch to the output's size.
                    let stretch = self
                        .b
                        .build_int_compare(IntPredicate::EQ, out[lead + k], one, "s")
                        .ir()?;
                    fine = self.b.build_or(fine, stretch, "fine").ir()?;
                }
                ok = self.b.build_and(ok, fine, "ok").ir()?;
            }
        }
        let fail = self.cx().append_basic_block(self.f, "broadcast_error");
        let cont = self.cx().append_basic_block(self.f, "broadcast_ok");
        self.b.build_conditional_branch(ok, cont, fail).ir()?;
        self.b.position_at_end(fail);
        let mut template = String::from(prefix);
        let mut ints = Vec::new();
        for s in shapes {
            template.push_str(&shape_template(s.len(), ints.len()));
            template.push(' ');
            ints.extend(s.iter().copied());
        }
        self.raise_formatted(class, &template, &ints)?;
        self.b.position_at_end(cont);
        Ok(out)
    }
}
