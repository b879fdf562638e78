//! Closure conversion and lambda lifting (the Numba IR specification, appendix "closure
//! conversion", its "explicit parameterization"): an inner `def` or `lambda` becomes a function
//! of its own (an [`InnerFunction`] of the enclosing [`Function`](crate::ir::Function)) whose
//! first parameters are the variables it captures; where it is defined, `make_closure` pairs it
//! with the captured values. A captured variable is passed by value, or as the cell it lives in
//! where it may change after the closure is made or the closure assigns it (`nonlocal`); see
//! `scope.rs` for the rule. The capture set is printed with the inner function in the SSA dump.

use std::sync::Arc;

use ruff_text_size::{Ranged, TextRange};

use super::scope::{free_names, Body};
use super::Builder;
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Capture, Const, InnerFunction, Inst, Value};
use crate::syntax::{ast, FunctionSyntax};

impl Builder {
    /// `def name(...): ...` inside a function: binds `name` to the closure.
    pub(super) fn lower_inner_def(&mut self, def: &ast::StmtFunctionDef) -> Result<()> {
        if let Some(d) = def
            .decorator_list
            .iter()
            .find(|d| !self.is_jit_decorator(d))
        {
            return Err(Diagnostic::unsupported(
                "decorators on a function defined inside a compiled function are not supported \
                 (but @njit and @jit, without a signature)",
                d.range(),
            ));
        }
        let free = free_names(Some(&def.parameters), Body::Stmts(&def.body));
        let name = def.name.id.as_str();
        if free.names.iter().any(|n| n == name) && self.in_scope(name) {
            return Err(Diagnostic::unsupported(
                format!(
                    "the inner function '{name}' calls itself: recursive inner functions are not \
                     supported yet (define it at module level with @njit)"
                ),
                def.name.range,
            ));
        }
        // Two inner functions calling each other would each capture the other.
        let mutual = free.names.iter().find(|other| {
            self.inner_defs
                .get(other.as_str())
                .is_some_and(|names| names.iter().any(|n| n == name))
        });
        if let Some(other) = mutual {
            return Err(Diagnostic::unsupported(
                format!(
                    "the inner functions '{name}' and '{other}' call each other: recursive inner \
                     functions are not supported yet (define them at module level with @njit)"
                ),
                def.name.range,
            ));
        }
        // `@njit` on an inner function changes nothing here: it is compiled with the function
        // that defines it, as a closure (Numba refuses the decorator; Python runs it).
        let mut def = def.clone();
        def.decorator_list.clear();
        let syntax = FunctionSyntax::Def(def.clone());
        let v = self.make_closure(syntax, &free, Some(&def.parameters), def.range)?;
        self.assign(name, v);
        Ok(())
    }

    /// `@njit`, `@jit`, `@numba.njit`, `@njit(cache=True)`...: a decorator that compiles the
    /// function with the options given as keywords (a signature, positional, would convert
    /// the arguments: refused), named by a global the function does not rebind.
    fn is_jit_decorator(&self, d: &ast::Decorator) -> bool {
        let (callee, plain) = match &d.expression {
            ast::Expr::Call(c) => (&*c.func, c.arguments.args.is_empty()),
            e => (e, true),
        };
        let name = match callee {
            ast::Expr::Name(n) if !self.in_scope(n.id.as_str()) => n.id.as_str(),
            ast::Expr::Attribute(a) if matches!(&*a.value, ast::Expr::Name(_)) => {
                a.attr.id.as_str()
            }
            _ => return false,
        };
        plain && matches!(name, "njit" | "jit")
    }

    /// `lambda params: body`: the closure, as a value.
    pub(super) fn lower_lambda(&mut self, lambda: &ast::ExprLambda) -> Result<Value> {
        let free = free_names(lambda.parameters.as_deref(), Body::Expr(&lambda.body));
        let syntax = FunctionSyntax::Lambda(lambda.clone());
        self.make_closure(syntax, &free, lambda.parameters.as_deref(), lambda.range)
    }

    /// Whether `name` is a variable of this function (its own, or captured from outside).
    fn in_scope(&self, name: &str) -> bool {
        self.cells.contains_key(name) || self.locals.contains(name)
    }

    pub(super) fn make_closure(
        &mut self,
        syntax: FunctionSyntax,
        free: &super::scope::FreeNames,
        params: Option<&ast::Parameters>,
        range: TextRange,
    ) -> Result<Value> {
        let mut captures = Vec::new();
        let mut values = Vec::new();
        for name in &free.names {
            if let Some(&cell) = self.cells.get(name.as_str()) {
                captures.push(Capture {
                    name: Arc::from(name.as_str()),
                    cell: true,
                });
                values.push(cell);
            } else if self.locals.contains(name) {
                if free.nonlocal.contains(name) {
                    return Err(Diagnostic::unsupported(
                        format!("'nonlocal {name}': this variable cannot be shared here"),
                        range,
                    ));
                }
                captures.push(Capture {
                    name: Arc::from(name.as_str()),
                    cell: false,
                });
                let mut v = self.read_local(name, range);
                // A generator expression held by the variable is captured as a generator.
                if let Some((g, first)) = self.pending_gens.get(&v).cloned() {
                    v = self.genexpr_of_source(&g, &first)?;
                    self.assign(name, v);
                }
                values.push(v);
            } else if free.nonlocal.contains(name) {
                return Err(Diagnostic::unsupported(
                    format!(
                        "'nonlocal {name}': '{name}' is not a variable of the compiled function \
                         (assigning a variable of the Python function around it is not supported)"
                    ),
                    range,
                ));
            }
        }
        let defaults = constant_defaults(params)?;
        let ssa = super::build(
            &syntax,
            &captures,
            &self.env,
            None,
            &super::StarSites::new(),
            false,
        )?;
        let index = self.func.inner.len() as u32;
        self.func.inner.push(Arc::new(InnerFunction {
            ssa,
            captures,
            syntax,
            defaults,
        }));
        Ok(self.emit(
            Inst::MakeClosure {
                func: index,
                captures: values,
            },
            range,
        ))
    }

    /// `nonlocal a, b` in an inner function: each name must be a captured cell.
    pub(super) fn check_nonlocal(&self, n: &ast::StmtNonlocal) -> Result<()> {
        for name in &n.names {
            if !self.cells.contains_key(name.id.as_str()) {
                return Err(Diagnostic::unsupported(
                    format!(
                        "a nonlocal statement can only assign a variable of an enclosing \
                         compiled function; '{}' is a variable of the Python function around \
                         this one (not supported)",
                        name.id
                    ),
                    name.range,
                ));
            }
        }
        Ok(())
    }
}

/// The default values of an inner function's parameters: constants only (they are evaluated
/// once, where the function is defined, and a constant needs no capture).
fn constant_defaults(params: Option<&ast::Parameters>) -> Result<Vec<Option<Const>>> {
    let Some(p) = params else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for param in p.posonlyargs.iter().chain(&p.args) {
        let Some(d) = &param.default else { continue };
        out.push(Some(literal(d).ok_or_else(|| {
            Diagnostic::unsupported(
                "a default value of an inner function must be a constant (a number, a string, \
                 True, False or None)",
                d.range(),
            )
        })?));
    }
    Ok(out)
}

/// The default values of an inner function's keyword-only parameters that have one, by name
/// (`None` where it is not a constant, which a call must then give).
pub fn inner_kwdefaults(params: Option<&ast::Parameters>) -> Vec<(Arc<str>, Option<Const>)> {
    let Some(p) = params else {
        return Vec::new();
    };
    p.kwonlyargs
        .iter()
        .filter_map(|a| {
            let d = a.default.as_ref()?;
            Some((Arc::from(a.name().id.as_str()), literal(d)))
        })
        .collect()
}

/// The constant value of `e`, where it is a literal (numbers, strings, `True`, `None`, negated
/// numbers, tuples of those).
pub(super) fn literal(e: &ast::Expr) -> Option<Const> {
    Some(match e {
        ast::Expr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(i) => Const::Int(i.as_i64()?),
            ast::Number::Float(x) => Const::Float(*x),
            ast::Number::Complex { real, imag } => Const::Complex(*real, *imag),
        },
        ast::Expr::BooleanLiteral(b) => Const::Bool(b.value),
        ast::Expr::NoneLiteral(_) => Const::None,
        ast::Expr::StringLiteral(s) => Const::Str(Arc::from(s.value.to_str())),
        ast::Expr::UnaryOp(u) if u.op == ast::UnaryOp::USub => match literal(&u.operand)? {
            Const::Int(i) => Const::Int(i.checked_neg()?),
            Const::Float(x) => Const::Float(-x),
            _ => return None,
        },
        ast::Expr::Tuple(t) => Const::Tuple(t.elts.iter().map(literal).collect::<Option<_>>()?),
        _ => return None,
    })
}
