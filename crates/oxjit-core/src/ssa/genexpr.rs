//! Reductions of generator expressions, lowered in place: `sum(f(x) for x in xs if p(x))`,
//! `any`, `all`, `min`/`max` (with `key=` and `default=`, of a generator expression or of any
//! iterable) become a loop in the calling function that folds the items as CPython's builtin
//! does, without a generator object: the generator is consumed at once, so its frame is the
//! loop. This applies where the name is Python's builtin (the function's globals do not shadow
//! it, `BuildEnv::shadowed`). The loop variables of the generator expression are its own (renamed
//! apart from the function's variables, as Python scopes them).

use std::collections::HashMap;
use std::sync::Arc;

use ruff_text_size::{Ranged, TextRange};

use super::Builder;
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{CmpOp, Const, Inst, Terminator, Value};
use crate::syntax::ast;

/// The builtins whose call on a generator expression (or with `key=`) is lowered here.
pub(crate) const REDUCTIONS: &[&str] = &["sum", "any", "all", "min", "max"];

/// Where a reduction's items come from.
enum Items<'a> {
    /// A generator expression, with the iterator of its first `for` clause when it was made
    /// earlier (assigned to a variable: `g = (... for x in xs)`).
    Generator(&'a ast::ExprGenerator, Option<Source>),
    /// An iterable value (`min(xs, key=f)`).
    Iterable(Value),
}

/// The items of one `for` clause.
#[derive(Clone)]
pub(super) enum Source {
    Iter(Value),
    /// A generator expression's items (with its first clause's items, when made earlier).
    Generator(Arc<ast::ExprGenerator>, Option<Box<Source>>),
}

/// What the fold does with each item.
enum Fold {
    Sum,
    Any,
    All,
    /// `min` (`Lt`) or `max` (`Gt`), with the key function if any.
    Extreme(CmpOp, Option<Value>),
}

impl Builder {
    /// `call` lowered as a loop if it is a reduction of a generator expression (or `min`/`max`
    /// with `key=`); `None` leaves it to the ordinary call.
    pub(super) fn lower_reduction(&mut self, call: &ast::ExprCall) -> Result<Option<Value>> {
        let ast::Expr::Name(func) = &*call.func else {
            return Ok(None);
        };
        let name = func.id.as_str();
        if !REDUCTIONS.contains(&name)
            || self.env.shadowed.contains(name)
            || self.locals.contains(name)
            || self.cells.contains_key(name)
        {
            return Ok(None);
        }
        let args = &call.arguments.args;
        let keyword = |k: &str| {
            call.arguments
                .keywords
                .iter()
                .find(|kw| kw.arg.as_ref().is_some_and(|a| a.id.as_str() == k))
        };
        let pending = match args.first() {
            Some(ast::Expr::Name(n)) => self.pending_generator(n.id.as_str()),
            _ => None,
        };
        let (genexpr, first_iter) = match (args.first(), &pending) {
            (Some(ast::Expr::Generator(g)), _) => (Some(g), None),
            (_, Some((_, g, source))) => (Some(&**g), Some(source.clone())),
            _ => (None, None),
        };
        let is_min_max = matches!(name, "min" | "max");
        // `key=` and `default=` make min/max a loop here, over any iterable or the arguments.
        let with_key = is_min_max && (keyword("key").is_some() || keyword("default").is_some());
        if genexpr.is_none() && !with_key {
            return Ok(None);
        }
        for kw in call.arguments.keywords.iter() {
            let allowed: &[&str] = match name {
                "sum" => &["start"],
                "min" | "max" => &["key", "default"],
                _ => &[],
            };
            match &kw.arg {
                Some(a) if allowed.contains(&a.id.as_str()) => {}
                _ => return Ok(None), // the ordinary call reports it
            }
        }
        let range = call.range();
        let items = match (genexpr, args.len()) {
            (Some(g), 1) => Items::Generator(g, first_iter),
            (Some(g), 2) if name == "sum" => Items::Generator(g, first_iter),
            (Some(g), _) => {
                return Err(Diagnostic::typing(
                    format!(
                        "{name}() takes a generator expression as its only positional argument"
                    ),
                    g.range,
                ))
            }
            (None, 1) => Items::Iterable(self.lower_expr(&args[0])?),
            (None, _) if keyword("default").is_some() => {
                return Err(Diagnostic::typing(
                    format!(
                        "Cannot specify a default for {name}() with multiple positional arguments"
                    ),
                    range,
                ))
            }
            (None, _) => {
                // `min(a, b, key=f)`: the items are the arguments.
                let mut values = Vec::new();
                for a in args.iter() {
                    values.push(self.lower_expr(a)?);
                }
                Items::Iterable(self.emit(Inst::BuildTuple(values), range))
            }
        };
        let start = match (name, args.get(1), keyword("start")) {
            ("sum", Some(s), _) => Some(self.lower_expr(s)?),
            ("sum", None, Some(kw)) => Some(self.lower_expr(&kw.value)?),
            _ => None,
        };
        let fold = match name {
            "sum" => Fold::Sum,
            "any" => Fold::Any,
            "all" => Fold::All,
            _ => {
                let key = match keyword("key") {
                    Some(kw) if !matches!(kw.value, ast::Expr::NoneLiteral(_)) => {
                        Some(self.lower_expr(&kw.value)?)
                    }
                    _ => None,
                };
                let op = if name == "min" { CmpOp::Lt } else { CmpOp::Gt };
                Fold::Extreme(op, key)
            }
        };
        let default = match keyword("default") {
            Some(kw) => Some(self.lower_expr(&kw.value)?),
            None => None,
        };
        self.fold_items(name, items, fold, start, default, range)
            .map(Some)
    }

    fn fold_items(
        &mut self,
        name: &str,
        items: Items<'_>,
        fold: Fold,
        start: Option<Value>,
        default: Option<Value>,
        range: TextRange,
    ) -> Result<Value> {
        self.genexpr_count += 1;
        let acc = format!("{name}@{}", self.genexpr_count);
        let have = format!("{acc}.have");
        let key_acc = format!("{acc}.key");
        let initial = match &fold {
            Fold::Sum => Some(start.unwrap_or_else(|| self.constant(Const::Int(0), range))),
            Fold::Any => Some(self.constant(Const::Bool(false), range)),
            Fold::All => Some(self.constant(Const::Bool(true), range)),
            Fold::Extreme(..) => {
                let f = self.constant(Const::Bool(false), range);
                self.write_variable(&have, self.current, f);
                None
            }
        };
        if let Some(v) = initial {
            self.write_variable(&acc, self.current, v);
        }
        let exit = self.new_block();
        let mut step = |s: &mut Self, item: Value| -> Result<()> {
            match &fold {
                Fold::Sum => {
                    let a = s.read_variable(&acc, s.current, range);
                    let sum = s.emit(Inst::BinOp(crate::ir::BinOp::Add, a, item), range);
                    s.write_variable(&acc, s.current, sum);
                }
                Fold::Any | Fold::All => {
                    let truth = s.emit(Inst::Truth(item), range);
                    let any = matches!(fold, Fold::Any);
                    let stop = s.new_block();
                    let go_on = s.new_block();
                    let (then_block, else_block) = if any { (stop, go_on) } else { (go_on, stop) };
                    s.terminate(
                        Terminator::Branch {
                            cond: truth,
                            then_block,
                            else_block,
                        },
                        range,
                    );
                    s.seal(stop);
                    s.seal(go_on);
                    s.switch_to(stop);
                    let found = s.constant(Const::Bool(any), range);
                    s.write_variable(&acc, stop, found);
                    s.jump(exit, range);
                    s.switch_to(go_on);
                }
                Fold::Extreme(op, key) => {
                    s.extreme_step(*op, *key, item, &acc, &have, &key_acc, range)?
                }
            }
            Ok(())
        };
        match items {
            Items::Generator(g, first) => {
                let mut renames = HashMap::new();
                self.comprehension(&g.generators, &g.elt, &mut renames, first, &mut step)?;
            }
            Items::Iterable(it) => {
                let iter = self.emit(Inst::GetIter(it), range);
                self.iterate(iter, range, &mut step)?
            }
        }
        self.jump(exit, range);
        self.seal(exit);
        self.switch_to(exit);
        if let Fold::Extreme(..) = fold {
            return self.extreme_result(name, &acc, &have, default, range);
        }
        Ok(self.read_variable(&acc, exit, range))
    }

    /// One item of `min`/`max`: kept when it is the first, or strictly beyond the best so far
    /// (by its key), so that the first of equal items wins, as in CPython.
    #[allow(clippy::too_many_arguments)]
    fn extreme_step(
        &mut self,
        op: CmpOp,
        key: Option<Value>,
        item: Value,
        acc: &str,
        have: &str,
        key_acc: &str,
        range: TextRange,
    ) -> Result<()> {
        let k = match key {
            Some(f) => self.emit(
                Inst::Call {
                    func: f,
                    args: vec![item],
                    kwargs: vec![],
                },
                range,
            ),
            None => item,
        };
        let had = self.read_variable(have, self.current, range);
        let first = self.new_block();
        let compare = self.new_block();
        let take = self.new_block();
        let next = self.new_block();
        self.terminate(
            Terminator::Branch {
                cond: had,
                then_block: compare,
                else_block: first,
            },
            range,
        );
        self.seal(first);
        self.seal(compare);
        self.switch_to(compare);
        let best_key = self.read_variable(key_acc, compare, range);
        let beyond = self.emit(Inst::Compare(op, k, best_key), range);
        let beyond = self.emit(Inst::Truth(beyond), range);
        self.terminate(
            Terminator::Branch {
                cond: beyond,
                then_block: take,
                else_block: next,
            },
            range,
        );
        self.switch_to(first);
        self.jump(take, range);
        self.seal(take);
        self.switch_to(take);
        let yes = self.constant(Const::Bool(true), range);
        self.write_variable(have, take, yes);
        self.write_variable(acc, take, item);
        self.write_variable(key_acc, take, k);
        self.jump(next, range);
        self.seal(next);
        self.switch_to(next);
        Ok(())
    }

    /// The best item; `default` or CPython's `ValueError` when there was none.
    fn extreme_result(
        &mut self,
        name: &str,
        acc: &str,
        have: &str,
        default: Option<Value>,
        range: TextRange,
    ) -> Result<Value> {
        let had = self.read_variable(have, self.current, range);
        let found = self.new_block();
        let empty = self.new_block();
        let done = self.new_block();
        self.terminate(
            Terminator::Branch {
                cond: had,
                then_block: found,
                else_block: empty,
            },
            range,
        );
        self.seal(found);
        self.seal(empty);
        self.switch_to(empty);
        match default {
            Some(d) => {
                self.write_variable(acc, empty, d);
                self.jump(done, range);
            }
            None => {
                let class = self.emit(Inst::Global(Arc::from("ValueError")), range);
                let message = format!("{name}() arg is an empty sequence");
                let message = self.constant(Const::Str(Arc::from(message)), range);
                let exc = self.emit(
                    Inst::Call {
                        func: class,
                        args: vec![message],
                        kwargs: vec![],
                    },
                    range,
                );
                self.raise_value(exc, range);
            }
        }
        self.switch_to(found);
        self.jump(done, range);
        self.seal(done);
        self.switch_to(done);
        Ok(self.read_variable(acc, done, range))
    }

    /// The loops of a generator expression's `for`/`if` clauses, calling `step` with each item
    /// (`elt` evaluated with the clauses' variables bound). The first iterable is evaluated in
    /// the enclosing scope, the others with the earlier clauses' variables, as in Python.
    pub(super) fn comprehension(
        &mut self,
        generators: &[ast::Comprehension],
        elt: &ast::Expr,
        renames: &mut HashMap<String, String>,
        first_iter: Option<Source>,
        step: &mut dyn FnMut(&mut Self, Value) -> Result<()>,
    ) -> Result<()> {
        let Some((clause, rest)) = generators.split_first() else {
            self.renames.push(renames.clone());
            let item = self.lower_expr(elt);
            self.renames.pop();
            return step(self, item?);
        };
        if clause.is_async {
            return Err(Diagnostic::unsupported(
                "an 'async for' clause is not supported",
                clause.range,
            ));
        }
        // The clause's items: an iterator, or another generator expression's (a pipeline:
        // `sum(f(x) for x in g)` with `g` a generator expression), whose loops then hold these.
        let outer = renames.clone();
        let source = match first_iter {
            Some(source) => source,
            None => {
                self.renames.push(outer.clone());
                let source = self.clause_source(&clause.iter);
                self.renames.pop();
                source?
            }
        };
        for name in target_names(&clause.target) {
            self.genexpr_count += 1;
            let inner = format!("{name}@{}", self.genexpr_count);
            self.locals.insert(inner.clone());
            renames.insert(name, inner);
        }
        let mut body = |s: &mut Self, item: Value| -> Result<()> {
            s.renames.push(renames.clone());
            let bound = s.bind_clause(&clause.target, &clause.ifs, item);
            s.renames.pop();
            bound?;
            s.comprehension(rest, elt, &mut renames.clone(), None, step)
        };
        match source {
            Source::Iter(it) => self.iterate(it, clause.range, &mut body),
            Source::Generator(g, first) => self.comprehension(
                &g.generators,
                &g.elt,
                &mut outer.clone(),
                first.map(|f| *f),
                &mut body,
            ),
        }
    }

    /// Where a `for` clause's items come from.
    fn clause_source(&mut self, iter: &ast::Expr) -> Result<Source> {
        match iter {
            ast::Expr::Generator(g) => return Ok(Source::Generator(Arc::new(g.clone()), None)),
            ast::Expr::Name(n) if self.renamed(n.id.as_str()).is_none() => {
                if let Some((_, g, first)) = self.pending_generator(n.id.as_str()) {
                    return Ok(Source::Generator(g, Some(Box::new(first))));
                }
            }
            _ => {}
        }
        let iterable = self.lower_expr(iter)?;
        Ok(Source::Iter(
            self.emit(Inst::GetIter(iterable), iter.range()),
        ))
    }

    /// Binds a clause's target to `item` and tests its `if`s: where one fails, the loop goes on
    /// with the next item.
    fn bind_clause(&mut self, target: &ast::Expr, ifs: &[ast::Expr], item: Value) -> Result<()> {
        self.assign_target(target, item)?;
        for cond in ifs {
            let c = self.lower_condition(cond)?;
            let pass = self.new_block();
            let skip = self.new_block();
            self.terminate(
                Terminator::Branch {
                    cond: c,
                    then_block: pass,
                    else_block: skip,
                },
                cond.range(),
            );
            self.seal(pass);
            self.seal(skip);
            // A failed test continues with the next item: `skip` falls through to the loop's
            // latch, as the end of the body does.
            self.switch_to(skip);
            let latch = self.loops.last().map(|l| l.continue_to);
            if let Some(latch) = latch {
                self.jump(latch, cond.range());
            }
            self.switch_to(pass);
            self.narrow_branch(cond, true);
        }
        Ok(())
    }

    /// `for item in <iter>: body(item)`, as `for` statements are lowered.
    pub(super) fn iterate(
        &mut self,
        iter: Value,
        range: TextRange,
        body: &mut dyn FnMut(&mut Self, Value) -> Result<()>,
    ) -> Result<()> {
        let header = self.new_block();
        let body_block = self.new_block();
        let exit = self.new_block();
        self.jump(header, range);
        self.switch_to(header);
        let valid = self.emit(Inst::IterValid(iter), range);
        self.terminate(
            Terminator::Branch {
                cond: valid,
                then_block: body_block,
                else_block: exit,
            },
            range,
        );
        self.seal(body_block);
        self.switch_to(body_block);
        let item = self.emit(Inst::IterNext(iter), range);
        self.loops.push(super::LoopTargets {
            continue_to: header,
            break_to: exit,
        });
        let result = body(self, item);
        self.loops.pop();
        result?;
        self.jump(header, range);
        self.seal(header);
        self.seal(exit);
        self.switch_to(exit);
        Ok(())
    }

    /// `name = (... for x in xs ...)`: the first iterable is evaluated now, as in Python; the
    /// rest runs where the variable is consumed (by a reduction or a `for` loop), late-bound as
    /// Python's generator reads the enclosing variables. The variable holds the iterator of the
    /// first clause (a second consumption finds it exhausted, as in Python).
    pub(super) fn lower_generator_assignment(
        &mut self,
        name: &str,
        g: &ast::ExprGenerator,
    ) -> Result<()> {
        let Some(first) = g.generators.first() else {
            return Err(Diagnostic::internal("a generator expression without 'for'"));
        };
        if first.is_async {
            return Err(Diagnostic::unsupported(
                "an 'async for' clause is not supported",
                first.range,
            ));
        }
        let source = self.clause_source(&first.iter)?;
        // The variable's value stands for the generator: the first clause's iterator, or a
        // marker where the items come from another generator expression.
        let marker = match &source {
            Source::Iter(it) => *it,
            Source::Generator(..) => self.constant(Const::None, g.range),
        };
        self.pending_gens
            .insert(marker, (Arc::new(g.clone()), source));
        self.assign(name, marker);
        Ok(())
    }

    /// The generator expression variable `name` holds here, if it holds one (and only one: a
    /// variable assigned different generator expressions on different paths holds none).
    fn pending_generator(
        &mut self,
        name: &str,
    ) -> Option<(Value, Arc<ast::ExprGenerator>, Source)> {
        if self.cells.contains_key(name)
            || !self.locals.contains(name)
            || self.pending_gens.is_empty()
        {
            return None;
        }
        let name = self.renamed(name).unwrap_or_else(|| name.to_string());
        let v = self.read_variable(&name, self.current, TextRange::default());
        let it = self.through_phis(v)?;
        self.pending_gens
            .get(&it)
            .map(|(g, first)| (it, g.clone(), first.clone()))
    }

    /// The one value `v` stands for, looking through phis (not yet simplified while building)
    /// whose operands are all that value or the phis themselves; `None` where they differ or
    /// are not all known yet (a loop header not sealed).
    fn through_phis(&self, v: Value) -> Option<Value> {
        let mut seen = std::collections::HashSet::new();
        let mut todo = vec![v];
        let mut found = None;
        while let Some(x) = todo.pop() {
            if !seen.insert(x) {
                continue;
            }
            match self.func.inst(x) {
                Inst::Phi(incoming) if incoming.is_empty() => return None,
                Inst::Phi(incoming) => todo.extend(incoming.iter().map(|(_, op)| *op)),
                _ if found.is_none_or(|f| f == x) => found = Some(x),
                _ => return None,
            }
        }
        found
    }

    /// `for target in <generator expression>:` (inline, or a variable holding one): the
    /// generator's loops with the body inside; `break` leaves them all, `continue` goes on with
    /// the next item.
    pub(super) fn lower_for_over_generator(&mut self, f: &ast::StmtFor) -> Result<bool> {
        let (g, first) = match &*f.iter {
            ast::Expr::Generator(g) => (Arc::new(g.clone()), None),
            ast::Expr::Name(n) => match self.pending_generator(n.id.as_str()) {
                Some((_, g, first)) => (g, Some(first)),
                None => return Ok(false),
            },
            _ => return Ok(false),
        };
        let exit = self.new_block();
        let mut body = |s: &mut Self, item: Value| -> Result<()> {
            s.assign_target(&f.target, item)?;
            let latch = s.loops.last().map(|l| l.continue_to).expect("in a loop");
            s.loops.push(super::LoopTargets {
                continue_to: latch,
                break_to: exit,
            });
            let r = s.lower_body(&f.body);
            s.loops.pop();
            r
        };
        let mut renames = HashMap::new();
        self.comprehension(&g.generators, &g.elt, &mut renames, first, &mut body)?;
        self.lower_body(&f.orelse)?;
        self.jump(exit, f.range);
        self.seal(exit);
        self.switch_to(exit);
        Ok(true)
    }

    /// The name a variable has in this function: a generator expression's own variables are
    /// renamed apart.
    pub(super) fn renamed(&self, name: &str) -> Option<String> {
        self.renames.iter().rev().find_map(|r| r.get(name).cloned())
    }
}

/// A generator expression held by a variable is consumed only where it is lowered here (its
/// iterator advanced by the loops made for it): any other use of the variable, which the
/// building could not see as one (through a phi of a loop not yet closed), is refused.
pub(super) fn check_generator_uses(
    func: &crate::ir::Function,
    pending: &std::collections::HashSet<Value>,
) -> Result<()> {
    if pending.is_empty() {
        return Ok(());
    }
    let refuse = |range| {
        Err(Diagnostic::unsupported(
            "a variable holding a generator expression is used other than by sum(), any(), \
             all(), min(), max() or a for loop consuming it (generators as values are not \
             supported yet)",
            range,
        ))
    };
    for block in &func.blocks {
        for &v in &block.insts {
            let inst = func.inst(v);
            if matches!(inst, Inst::IterValid(_) | Inst::IterNext(_)) {
                continue;
            }
            if inst.operands().iter().any(|o| pending.contains(o)) {
                return refuse(func.range(v));
            }
        }
        match &block.term {
            Terminator::Return(v) | Terminator::Raise(v) | Terminator::Branch { cond: v, .. }
                if pending.contains(v) =>
            {
                return refuse(block.term_range)
            }
            _ => {}
        }
    }
    Ok(())
}

/// The names an assignment target binds.
pub(super) fn target_names(target: &ast::Expr) -> Vec<String> {
    match target {
        ast::Expr::Name(n) => vec![n.id.to_string()],
        ast::Expr::Tuple(t) => t.elts.iter().flat_map(target_names).collect(),
        ast::Expr::List(l) => l.elts.iter().flat_map(target_names).collect(),
        _ => Vec::new(),
    }
}
