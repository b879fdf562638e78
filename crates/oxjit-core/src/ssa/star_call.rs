//! `f(*t)`, `f(a, *t, x, *u, k=1)`: starred arguments at a call site. A tuple's length is part
//! of its type, so a call with starred tuples is a call with a fixed number of positional
//! arguments: each starred tuple's items are read by constant index (`t[0], t[1], ...`) and
//! passed one by one, whatever is called (a compiled function, a closure, a builtin, a class).
//!
//! A starred display (`f(*(a, b))`, `f(*[a, b])`) is its items. Otherwise the length comes from
//! what the builder knows (a tuple argument of the function in a build for one specialization,
//! a local assigned one tuple display) or from typing: the call is first built as a placeholder
//! (`Call { args: parts, kwargs: [("*", which parts are starred), ...] }`) that typing answers
//! with the starred parts' lengths (`typeinfer/rules/star_args.rs`); the session then builds the
//! function again with them (`StarSites`). A starred value that is not a tuple (a list, an
//! array: a length known only at run time) is refused by typing, naming its type.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use ruff_text_size::Ranged;

use super::Builder;
use crate::diagnostics::Result;
use crate::ir::{Const, Inst, Value};
use crate::syntax::ast;

/// The name of the keyword entry that marks a call whose starred arguments' lengths are not
/// known yet; its value is a constant tuple: which copy of the call it is (see [`StarSites`]),
/// then a bool per positional part (starred or not).
pub const STARRED: &str = "*";

/// The lengths of the starred (non-display) arguments of call sites, in order, by the offset of
/// the call in the source and the how-manieth lowering of that call it is (a loop body unrolled
/// by `literal_unroll`, a `finally` body, is lowered more than once, each copy typed for its own
/// values): what typing found, for the next build.
pub type StarSites = HashMap<(u32, u32), Vec<usize>>;

/// One positional part of a call: a plain argument, or a starred value.
enum Part<'a> {
    Plain(&'a ast::Expr),
    Starred(&'a ast::Expr),
}

/// The call's positional parts, starred displays spread into their items.
fn parts(args: &[ast::Expr]) -> Vec<Part<'_>> {
    let mut out = Vec::new();
    for a in args {
        let ast::Expr::Starred(s) = a else {
            out.push(Part::Plain(a));
            continue;
        };
        match &*s.value {
            ast::Expr::Tuple(ast::ExprTuple { elts, .. })
            | ast::Expr::List(ast::ExprList { elts, .. }) => out.extend(parts(elts)),
            v => out.push(Part::Starred(v)),
        }
    }
    out
}

/// Whether a call in the function has a starred argument (the function is then built again for
/// each specialization, with the lengths of its tuple arguments).
pub fn uses_star_call(syntax: &crate::syntax::FunctionSyntax) -> bool {
    use ast::visitor::{self, Visitor};
    struct Find(bool);
    impl<'a> Visitor<'a> for Find {
        fn visit_expr(&mut self, expr: &'a ast::Expr) {
            if let ast::Expr::Call(c) = expr {
                self.0 |= c.arguments.args.iter().any(|a| a.is_starred_expr());
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut find = Find(false);
    match syntax {
        crate::syntax::FunctionSyntax::Def(def) => {
            for s in &def.body {
                find.visit_stmt(s);
            }
        }
        crate::syntax::FunctionSyntax::Lambda(l) => find.visit_expr(&l.body),
    }
    find.0
}

impl Builder {
    /// The call `c` of `func` (lowered) whose positional arguments include starred ones.
    pub(super) fn lower_star_call(
        &mut self,
        c: &ast::ExprCall,
        func: Value,
        module_call: bool,
    ) -> Result<Value> {
        let range = c.range();
        let parts = parts(&c.arguments.args);
        let site = site_of(range);
        let copies = self.star_copies.entry(site).or_insert(0);
        let copy = *copies;
        *copies += 1;
        let found = self.star_sites.get(&(site, copy)).cloned();
        // Each starred part's value and length (where known).
        let mut values = Vec::new();
        let mut lengths = Vec::new();
        let mut k = 0;
        for p in &parts {
            match p {
                Part::Plain(e) => {
                    values.push(match module_call {
                        true => self.lower_argument(e)?,
                        false => self.lower_expr(e)?,
                    });
                    lengths.push(None);
                }
                Part::Starred(e) => {
                    let known = match e {
                        ast::Expr::Name(n) => self.tuple_length(n.id.as_str(), &HashSet::new()),
                        _ => None,
                    };
                    let from_typing = found.as_ref().and_then(|f| f.get(k).copied());
                    k += 1;
                    values.push(self.lower_expr(e)?);
                    lengths.push(Some(known.or(from_typing)));
                }
            }
        }
        let mut kwargs = self.lower_call_keywords(c, module_call)?;
        if lengths.iter().any(|l| matches!(l, Some(None))) {
            // A placeholder: typing says the lengths (or refuses a value that is no tuple).
            let starred = std::iter::once(Const::Int(i64::from(copy)))
                .chain(lengths.iter().map(|l| Const::Bool(l.is_some())))
                .collect();
            let marker = self.constant(Const::Tuple(starred), range);
            kwargs.insert(0, (Arc::from(STARRED), marker));
            return Ok(self.emit(
                Inst::Call {
                    func,
                    args: values,
                    kwargs,
                },
                range,
            ));
        }
        let mut args = Vec::new();
        for (v, l) in values.into_iter().zip(lengths) {
            let Some(Some(n)) = l else {
                args.push(v);
                continue;
            };
            for i in 0..n {
                let index = self.constant(Const::Int(i as i64), range);
                args.push(self.emit(Inst::GetItem(v, index), range));
            }
        }
        // `slice(*t)`: the slice of the items, as `slice(a, b)` written out (`iter_call.rs`).
        if self.calls_builtin_slice(c) && kwargs.is_empty() && (1..=3).contains(&args.len()) {
            return Ok(self.build_slice_of(&args, range));
        }
        Ok(self.emit(Inst::Call { func, args, kwargs }, range))
    }

    /// A call's keyword arguments: `name=value` and `**dict` items, a forwarded `**kw` last.
    pub(super) fn lower_call_keywords(
        &mut self,
        c: &ast::ExprCall,
        module_call: bool,
    ) -> Result<Vec<(Arc<str>, Value)>> {
        let mut kwargs = Vec::new();
        for k in c.arguments.keywords.iter() {
            let Some(name) = &k.arg else {
                // `f(**{"a": 1})`: the dict's items as keywords (`kwargs.rs`).
                self.lower_double_star(&k.value, module_call, &mut kwargs)?;
                continue;
            };
            super::kwargs::check_repeated(&kwargs, name.id.as_str(), &k.value)?;
            let value = match module_call {
                true => self.lower_argument(&k.value)?,
                false => self.lower_expr(&k.value)?,
            };
            kwargs.push((Arc::from(name.id.as_str()), value));
        }
        super::kwargs::forwarded_last(&mut kwargs);
        Ok(kwargs)
    }
}

/// The offset of a call in the source, as typing names a placeholder's site.
pub fn site_of(range: ruff_text_size::TextRange) -> u32 {
    u32::from(range.start())
}
