//! Terminators: jumps and branches (with the reference-count code their edges carry), returns
//! (handing the caller its reference) and raises (to a handler: `handlers.rs`).

use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{Block, Inst, Terminator, Value};

use super::{refcount, FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub(super) fn lower_terminator(&mut self, b: Block) -> R<()> {
        let term = self.typed.func.block(b).term.clone();
        match term {
            Terminator::Jump(t) | Terminator::Guard { next: t, .. } => {
                self.edge_code(b, t)?;
                self.block_ends[b.index()] = self.b.get_insert_block();
                let br = self
                    .b
                    .build_unconditional_branch(self.blocks[t.index()].expect("target"))
                    .ir()?;
                self.mark_jam_latch(b, br);
            }
            Terminator::Branch {
                cond,
                then_block,
                else_block,
            } => {
                let c = self.val(cond).into_int_value();
                let mut targets = Vec::new();
                for s in [then_block, else_block] {
                    targets.push(if self.has_edge_code(b, s) {
                        let edge = self.cx().append_basic_block(self.f, "edge");
                        (s, Some(edge), edge)
                    } else {
                        (s, None, self.blocks[s.index()].expect("target"))
                    });
                }
                self.block_ends[b.index()] = self.b.get_insert_block();
                self.b
                    .build_conditional_branch(c, targets[0].2, targets[1].2)
                    .ir()?;
                for (s, edge, _) in targets {
                    if let Some(edge) = edge {
                        self.b.position_at_end(edge);
                        self.edge_code(b, s)?;
                        let end = self.b.get_insert_block().expect("edge block");
                        self.edge_ends.insert((b, s), end);
                        self.b
                            .build_unconditional_branch(self.blocks[s.index()].expect("target"))
                            .ir()?;
                    }
                }
            }
            Terminator::Return(v) => {
                let value = self.val(v);
                let t = self.ty(v).clone();
                // The caller gets a reference: this value's own if it has one, else a new one.
                let mut live = self.live_now.clone();
                match live.iter().position(|x| *x == v) {
                    Some(k) => {
                        live.remove(k);
                    }
                    None if refcount::is_ref(&t) => self.incref(value, &t)?,
                    None => {}
                }
                self.release(&live)?;
                if self.in_generator() {
                    // A generator's `return` ends it (a value goes to StopIteration.value).
                    return self.return_from_generator(v);
                }
                if self.returns_value() {
                    self.b.build_return(Some(&value)).ir()?;
                    return Ok(());
                }
                self.b.build_store(self.ret_ptr, value).ir()?;
                self.b
                    .build_return(Some(&self.cx().i32_type().const_zero()))
                    .ir()?;
            }
            Terminator::Raise(v) => {
                self.current = v;
                self.lower_raise(v)?;
            }
            Terminator::RaiseTo(v, handler) => {
                self.current = v;
                let dead = self.plan.dies_on_edge.get(&(b, handler)).cloned();
                self.begin_catch(b, handler, dead.unwrap_or_default());
                self.lower_raise(v)?;
                self.end_catch()?;
            }
            // After a call of a function that never returns normally: its raise was lowered
            // with the call.
            Terminator::Unreachable => {
                self.block_ends[b.index()] = self.b.get_insert_block();
                self.b.build_unreachable().ir()?;
            }
            Terminator::Unfinished => {
                return Err(Diagnostic::internal("unfinished block reached lowering"));
            }
        }
        Ok(())
    }

    /// Whether the edge `from -> to` gives back or takes references.
    fn has_edge_code(&self, from: Block, to: Block) -> bool {
        self.plan.dies_on_edge.contains_key(&(from, to))
            || self.typed.func.block(to).insts.iter().any(|&p| {
                matches!(self.typed.func.inst(p), Inst::Phi(_)) && refcount::is_ref(self.ty(p))
            })
    }

    /// On the edge `from -> to`: each phi of `to` takes a reference to its incoming value (or
    /// the value's own, where it dies on this edge), then what dies on the edge is given back.
    fn edge_code(&mut self, from: Block, to: Block) -> R<()> {
        let dead = self
            .plan
            .dies_on_edge
            .get(&(from, to))
            .cloned()
            .unwrap_or_default();
        self.edge_code_with(from, to, dead)
    }

    /// The code of the edge `from -> to` where `dead` are the owned values that die on it.
    pub(super) fn edge_code_with(&mut self, from: Block, to: Block, mut dead: Vec<Value>) -> R<()> {
        let insts = self.typed.func.block(to).insts.clone();
        for p in insts {
            let Inst::Phi(incoming) = self.typed.func.inst(p) else {
                continue;
            };
            if !refcount::is_ref(self.ty(p)) {
                continue;
            }
            let Some((_, x)) = incoming.iter().find(|(pred, _)| *pred == from) else {
                continue;
            };
            let x = *x;
            match dead.iter().position(|d| *d == x) {
                Some(k) => {
                    dead.remove(k);
                }
                None => {
                    let t = self.ty(x).clone();
                    self.incref(self.val(x), &t)?;
                }
            }
        }
        self.release(&dead)
    }
}
