//! Generator expressions as values (`g = (x * x for x in a)` then `next(g)`, passed to a
//! compiled function, returned to Python): the expression becomes an inner generator function,
//! as CPython compiles it,
//!
//! ```text
//! def <genexpr>(.0):
//!     for x in .0:
//!         if cond:
//!             yield x * x
//! ```
//!
//! lifted by closure conversion (`closure.rs`, capturing the variables it reads) and called
//! with its first iterable, which is evaluated where the expression stands (as in Python).
//! Reductions and `for` loops over a generator expression keep the cheaper inline lowering of
//! `genexpr.rs`; this is for every other use.

use std::collections::HashSet;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_text_size::{Ranged, TextRange};

use super::genexpr::Source;
use super::scope::{free_names, Body};
use super::Builder;
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Inst, Value};
use crate::syntax::{ast, FunctionSyntax};

/// The parameter of the lifted function: its first iterable (not a Python identifier, so it
/// cannot clash with a name of the expression).
const FIRST: &str = ".0";

impl Builder {
    /// A generator expression used as a value: a generator made from it now.
    pub(super) fn lower_genexpr_value(&mut self, g: &ast::ExprGenerator) -> Result<Value> {
        let Some(first) = g.generators.first() else {
            return Err(Diagnostic::internal("a generator expression without 'for'"));
        };
        let iterable = self.lower_expr(&first.iter)?;
        self.call_genexpr(g, iterable)
    }

    /// The generator a variable holding a pending generator expression stands for (see
    /// `lower_generator_assignment`): made where the variable is first used as a value, from
    /// the first clause's iterator that the assignment made.
    pub(super) fn genexpr_of_source(
        &mut self,
        g: &ast::ExprGenerator,
        first: &Source,
    ) -> Result<Value> {
        let iterable = match first {
            // The iterable the assignment took its iterator of (an iterator is not a value
            // a compiled function takes): nothing consumed it before, the variable's first
            // use as a value makes the generator (`lower_name`).
            Source::Iter(it) => match self.func.inst(*it) {
                Inst::GetIter(iterable) => *iterable,
                _ => *it,
            },
            Source::Generator(inner, inner_first) => match inner_first {
                Some(f) => self.genexpr_of_source(inner, f)?,
                None => self.lower_genexpr_value(inner)?,
            },
        };
        self.call_genexpr(g, iterable)
    }

    /// The lifted function of `g` called with its first iterable.
    fn call_genexpr(&mut self, g: &ast::ExprGenerator, iterable: Value) -> Result<Value> {
        let def = lifted_def(g)?;
        let free = free_names(Some(&def.parameters), Body::Stmts(&def.body));
        let params = (*def.parameters).clone();
        let closure = self.make_closure(FunctionSyntax::Def(def), &free, Some(&params), g.range)?;
        Ok(self.emit(
            Inst::Call {
                func: closure,
                args: vec![iterable],
                kwargs: vec![],
            },
            g.range,
        ))
    }
}

fn name_expr(id: &str, range: TextRange, ctx: ast::ExprContext) -> ast::Expr {
    ast::Expr::Name(ast::ExprName {
        node_index: Default::default(),
        range,
        id: id.into(),
        ctx,
    })
}

/// `def <genexpr>(.0): for ... in .0: if ...: ... yield elt`, with the expression's ranges (so
/// that its errors point into it).
fn lifted_def(g: &ast::ExprGenerator) -> Result<ast::StmtFunctionDef> {
    let range = g.range;
    let yield_stmt = ast::Stmt::Expr(ast::StmtExpr {
        node_index: Default::default(),
        range: g.elt.range(),
        value: Box::new(ast::Expr::Yield(ast::ExprYield {
            node_index: Default::default(),
            range: g.elt.range(),
            value: Some(g.elt.clone()),
        })),
    });
    let mut body = vec![yield_stmt];
    for (k, clause) in g.generators.iter().enumerate().rev() {
        if clause.is_async {
            return Err(Diagnostic::unsupported(
                "an 'async for' clause is not supported",
                clause.range,
            ));
        }
        for cond in clause.ifs.iter().rev() {
            body = vec![ast::Stmt::If(ast::StmtIf {
                node_index: Default::default(),
                range: clause.range,
                test: Box::new(cond.clone()),
                body: body.into(),
                elif_else_clauses: vec![],
            })];
        }
        let iter = match k {
            0 => name_expr(FIRST, clause.range, ast::ExprContext::Load),
            _ => clause.iter.clone(),
        };
        body = vec![ast::Stmt::For(ast::StmtFor {
            node_index: Default::default(),
            range: clause.range,
            is_async: false,
            target: Box::new(clause.target.clone()),
            iter: Box::new(iter),
            body: body.into(),
            orelse: vec![].into(),
        })];
    }
    let parameter = ast::Parameter {
        range,
        node_index: Default::default(),
        name: ast::Identifier::new(FIRST, range),
        annotation: None,
    };
    let parameters = ast::Parameters {
        range,
        node_index: Default::default(),
        posonlyargs: vec![].into(),
        args: vec![ast::ParameterWithDefault {
            range,
            node_index: Default::default(),
            parameter,
            default: None,
        }]
        .into(),
        vararg: None,
        kwonlyargs: vec![].into(),
        kwarg: None,
    };
    Ok(ast::StmtFunctionDef {
        node_index: Default::default(),
        range,
        is_async: false,
        decorator_list: vec![].into(),
        name: ast::Identifier::new("<genexpr>", range),
        type_params: None,
        parameters: Box::new(parameters),
        returns: None,
        body: body.into(),
    })
}

/// The variables of `body` read as values somewhere: not only as the iterable of a `for` loop
/// or a comprehension clause, or the first argument of a reduction (`sum(g)`). A generator
/// expression assigned to one of them is made into a generator at once (its other consumers
/// then go on with the same generator); the others stay pending, consumed inline.
pub(super) fn names_used_as_values(body: &[ast::Stmt]) -> HashSet<String> {
    let mut walk = ValueUses::default();
    for stmt in body {
        walk.visit_stmt(stmt);
    }
    walk.names
}

#[derive(Default)]
struct ValueUses {
    names: HashSet<String>,
}

impl ValueUses {
    /// Visits `e`, unless it is a bare name (a consuming position).
    fn visit_consumed(&mut self, e: &ast::Expr) {
        if !matches!(e, ast::Expr::Name(_)) {
            self.visit_expr(e);
        }
    }
}

impl<'a> Visitor<'a> for ValueUses {
    fn visit_stmt(&mut self, stmt: &'a ast::Stmt) {
        match stmt {
            ast::Stmt::For(f) => {
                self.visit_expr(&f.target);
                self.visit_consumed(&f.iter);
                self.visit_body(&f.body);
                self.visit_body(&f.orelse);
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a ast::Expr) {
        match expr {
            ast::Expr::Name(n) if n.ctx == ast::ExprContext::Load => {
                self.names.insert(n.id.to_string());
            }
            ast::Expr::Call(call)
                if matches!(&*call.func, ast::Expr::Name(f)
                    if super::genexpr::REDUCTIONS.contains(&f.id.as_str())) =>
            {
                let args = &call.arguments.args;
                if let Some(first) = args.first() {
                    self.visit_consumed(first);
                }
                for a in args.iter().skip(1) {
                    self.visit_expr(a);
                }
                for k in &call.arguments.keywords {
                    self.visit_expr(&k.value);
                }
            }
            _ => visitor::walk_expr(self, expr),
        }
    }

    fn visit_comprehension(&mut self, c: &'a ast::Comprehension) {
        self.visit_expr(&c.target);
        self.visit_consumed(&c.iter);
        for cond in &c.ifs {
            self.visit_expr(cond);
        }
    }
}
