//! Which `raise` statements reach one `except` clause: `e.args` is typed per clause, from the
//! raises whose class the clause catches and no clause before it does (a raise's class is known
//! when compiling, so this is exact). A clause is found from the handler's chain of
//! `ExceptionMatches` tests; the blocks of its body are those only its entry reaches (without
//! going through the handler again, which a loop around the `try` would).

use std::collections::HashSet;

use oxjit_abi::exception_classes::exception_matches;

use crate::ir::{Block, Inst, Terminator, Value};
use crate::typeinfer::solve::Inferer;
use crate::types::Type;

/// The classes an `except` clause names (`None`: a bare `except:`, which catches anything) and
/// those of the clauses before it.
pub(crate) struct Clause {
    this: Option<Vec<String>>,
    before: Vec<String>,
}

impl Clause {
    /// Whether an exception of class `class` raised to the handler is caught by this clause.
    pub(crate) fn catches(&self, class: &str) -> bool {
        !self.before.iter().any(|b| exception_matches(class, b))
            && self
                .this
                .as_ref()
                .is_none_or(|names| names.iter().any(|t| exception_matches(class, t)))
    }
}

impl Inferer<'_> {
    /// The clause of the handler that took `caught` whose body holds `v`, if one does.
    pub(crate) fn clause_of(&self, v: Value, caught: Value) -> Option<Clause> {
        let func = self.func;
        let block_of = |x: Value| func.blocks.iter().position(|b| b.insts.contains(&x));
        let dispatch = Block(block_of(caught)? as u32);
        let home = Block(block_of(v)? as u32);
        // The chain of tests: (entry block, classes) per clause, in order.
        let mut clauses: Vec<(Block, Option<Vec<String>>)> = Vec::new();
        let mut b = dispatch;
        loop {
            let block = func.block(b);
            match &block.term {
                Terminator::Branch {
                    cond,
                    then_block,
                    else_block,
                } if matches!(func.inst(*cond), Inst::ExceptionMatches(e, _) if *e == caught) => {
                    let Inst::ExceptionMatches(_, classes) = func.inst(*cond) else {
                        unreachable!()
                    };
                    let mut names = Vec::new();
                    class_names(self.types[classes.index()].as_ref()?, &mut names)?;
                    clauses.push((*then_block, Some(names)));
                    b = *else_block;
                }
                // No clause matched: the exception goes on.
                Terminator::Raise(x) | Terminator::RaiseTo(x, _)
                    if *x == caught && block.insts.is_empty() =>
                {
                    break
                }
                // A bare `except:` last.
                _ => {
                    clauses.push((b, None));
                    break;
                }
            }
        }
        let reach: Vec<HashSet<Block>> = clauses
            .iter()
            .map(|(entry, _)| self.reached_from(*entry, dispatch))
            .collect();
        let owners: Vec<usize> = (0..clauses.len())
            .filter(|&i| reach[i].contains(&home))
            .collect();
        let [i] = owners[..] else { return None };
        let before = clauses[..i]
            .iter()
            .flat_map(|(_, names)| names.iter().flatten().cloned())
            .collect();
        Some(Clause {
            this: clauses[i].1.clone(),
            before,
        })
    }

    /// The blocks reached from `entry` without going through `stop`.
    fn reached_from(&self, entry: Block, stop: Block) -> HashSet<Block> {
        let mut seen = HashSet::new();
        let mut todo = vec![entry];
        while let Some(b) = todo.pop() {
            if b == stop || !seen.insert(b) {
                continue;
            }
            todo.extend(self.func.block(b).term.successors());
        }
        seen
    }
}

/// The class names an `except` clause names: a class or a (nested) tuple of them.
fn class_names(t: &Type, out: &mut Vec<String>) -> Option<()> {
    match t {
        Type::ExceptionClass(name) => out.push(name.to_string()),
        Type::Tuple(items) => {
            for item in items.iter() {
                class_names(item, out)?;
            }
        }
        _ => return None,
    }
    Some(())
}
