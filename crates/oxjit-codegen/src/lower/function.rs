//! The function driver: creates the blocks in reverse postorder, the phis up front (so back
//! edges can name them), lowers each block's instructions with the reference-count plan's
//! increments and releases around them, then its terminator, and finally fills the phis.

use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{Inst, Terminator};

use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub(super) fn lower(mut self) -> R<()> {
        if let Some((v, iterator)) = self.plan.unowned_source {
            return Err(Diagnostic::unsupported(
                format!(
                    "the {} an iterator reads is made in a branch, and nothing holds it where \
                     the branches join: make it before the branch, or keep it in a variable \
                     that the code after the join uses",
                    self.ty(v)
                ),
                self.typed.func.range(iterator),
            ));
        }
        let func = &self.typed.func;
        let order = func.reverse_postorder();
        for &b in &order {
            self.blocks[b.index()] = Some(
                self.cx()
                    .append_basic_block(self.f, &format!("block{}", b.0)),
            );
        }
        self.b.position_at_end(self.entry);
        self.begin_line_info();
        self.temps = self.stack_temps();
        self.jam = self.jam_marks();
        if self.m.checked.contains(&self.f) {
            self.check_stack()?;
        }
        if self.typed.func.is_generator() {
            self.begin_generator()?;
        }
        self.b
            .build_unconditional_branch(self.blocks[0].expect("entry block"))
            .ir()?;
        // Phis first, so that back edges can refer to them.
        let mut phis = Vec::new();
        for &b in &order {
            self.b
                .position_at_end(self.blocks[b.index()].expect("block"));
            for &v in &func.block(b).insts {
                if let Inst::Phi(_) = func.inst(v) {
                    let phi = self.b.build_phi(self.llvm_type(self.ty(v)), "phi").ir()?;
                    self.values[v.index()] = Some(phi.as_basic_value());
                    phis.push((b, v, phi));
                }
            }
        }
        for &b in &order {
            let bb = self.blocks[b.index()].expect("block");
            self.b.position_at_end(bb);
            if let Some(dead) = self.plan.dead_phis.get(&b).cloned() {
                self.release(&dead)?;
            }
            // In a `try` body, only a guard block's last instruction may raise, to the handler.
            let handler = match func.block(b).term {
                Terminator::Guard { handler, .. } => Some(handler),
                _ => None,
            };
            let guarded = handler.and_then(|_| func.block(b).insts.last().copied());
            self.guarded_block = handler.is_some();
            for &v in &func.block(b).insts {
                if matches!(func.inst(v), Inst::Phi(_)) {
                    continue;
                }
                if let (Some(h), true) = (handler, guarded == Some(v)) {
                    let dead = self.plan.dies_on_raise.get(&b).cloned().unwrap_or_default();
                    self.begin_catch(b, h, dead);
                }
                self.current = v;
                self.set_line(func.values[v.index()].range);
                self.live_now = self.plan.live_during.get(&v).cloned().unwrap_or_default();
                self.temps.arm(v);
                let value = self.lower_value(v)?;
                self.temps.disarm();
                self.values[v.index()] = Some(value);
                if self.plan.incref_after.contains(&v) {
                    let t = self.ty(v).clone();
                    self.incref(value, &t)?;
                }
                if let Some(dead) = self.plan.dies_after.get(&v).cloned() {
                    self.release(&dead)?;
                }
                self.end_catch()?;
            }
            self.guarded_block = false;
            self.live_now = self.plan.live_at_term[b.index()].clone();
            self.set_line(func.block(b).term_range);
            self.lower_terminator(b)?;
        }
        for (block, v, phi) in phis {
            let Inst::Phi(incoming) = func.inst(v) else {
                unreachable!()
            };
            for (pred, op) in incoming {
                let end = match self.edge_ends.get(&(*pred, block)) {
                    Some(e) => Some(*e),
                    None => self.block_ends[pred.index()],
                };
                if let Some(end) = end {
                    let value = self.val(*op);
                    phi.add_incoming(&[(&value, end)]);
                }
            }
        }
        self.end_generator()
    }
}
