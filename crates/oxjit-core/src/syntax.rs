//! The facade over `ruff_python_parser` (pinned; it has no API promise): parsing a function's
//! source and finding the `def` or `lambda` to compile. Nothing else in oxjit names the parser.

use std::sync::Arc;

pub use ruff_python_ast as ast;
use ruff_python_ast::visitor::{self, Visitor};
use ruff_text_size::TextRange;

use crate::diagnostics::{Diagnostic, SourceInfo};

/// Which kind of function the source holds.
#[derive(Clone, Debug)]
pub enum FunctionKind {
    /// The first `def` of the source (the host gives the function's own text).
    Def,
    /// The `def` named `name` whose first line (its first decorator's, if decorated) is `line`
    /// (1-based) of a whole file: the host gives the file's text, so no dedenting is needed and
    /// positions are the file's own.
    DefAt { line: u32, name: String },
    /// A lambda with these parameter names: the first such lambda of the source (the host gives
    /// the text of the lambda expression alone).
    Lambda { params: Vec<String> },
}

/// The syntax of the function to compile.
#[derive(Clone, Debug)]
pub enum FunctionSyntax {
    Def(ast::StmtFunctionDef),
    Lambda(ast::ExprLambda),
}

impl FunctionSyntax {
    pub fn name(&self) -> String {
        match self {
            FunctionSyntax::Def(def) => def.name.id.to_string(),
            FunctionSyntax::Lambda(_) => "<lambda>".to_string(),
        }
    }

    pub fn parameters(&self) -> Option<&ast::Parameters> {
        match self {
            FunctionSyntax::Def(def) => Some(&def.parameters),
            FunctionSyntax::Lambda(l) => l.parameters.as_deref(),
        }
    }

    pub fn range(&self) -> TextRange {
        match self {
            FunctionSyntax::Def(def) => def.range,
            FunctionSyntax::Lambda(l) => l.range,
        }
    }
}

/// Parses `source` and returns the function it defines.
pub fn parse_function(
    source: &Arc<SourceInfo>,
    kind: &FunctionKind,
) -> Result<FunctionSyntax, Diagnostic> {
    let parsed = ruff_python_parser::parse_module(&source.text).map_err(|e| {
        Diagnostic::unsupported(
            format!("cannot parse the function's source: {}", e.error),
            e.location,
        )
        .with_source(source)
    })?;
    let module = parsed.into_syntax();
    match kind {
        FunctionKind::Def => module
            .body
            .into_iter()
            .find_map(|s| match s {
                ast::Stmt::FunctionDef(def) => Some(FunctionSyntax::Def(def)),
                _ => None,
            })
            .ok_or_else(|| Diagnostic::internal("no function definition found in the source")),
        FunctionKind::DefAt { line, name } => {
            let mut finder = DefFinder {
                source,
                line: *line,
                name,
                found: None,
            };
            for stmt in &module.body {
                finder.visit_stmt(stmt);
            }
            finder.found.map(FunctionSyntax::Def).ok_or_else(|| {
                Diagnostic::internal(format!(
                    "no function '{name}' found at {}:{line}",
                    source.filename
                ))
            })
        }
        FunctionKind::Lambda { params } => {
            let mut finder = LambdaFinder {
                params,
                found: None,
            };
            for stmt in &module.body {
                finder.visit_stmt(stmt);
            }
            finder.found.map(FunctionSyntax::Lambda).ok_or_else(|| {
                Diagnostic::internal(format!(
                    "no lambda with parameters ({}) found in {}:{}",
                    params.join(", "),
                    source.filename,
                    source.first_line
                ))
            })
        }
    }
}

struct LambdaFinder<'a> {
    params: &'a [String],
    found: Option<ast::ExprLambda>,
}

impl<'a> Visitor<'a> for LambdaFinder<'_> {
    fn visit_expr(&mut self, expr: &'a ast::Expr) {
        if self.found.is_some() {
            return;
        }
        if let ast::Expr::Lambda(lambda) = expr {
            let names: Vec<String> = lambda
                .parameters
                .as_deref()
                .map(|p| {
                    p.iter_non_variadic_params()
                        .map(|p| p.name().id.to_string())
                        .collect()
                })
                .unwrap_or_default();
            if names == self.params {
                self.found = Some(lambda.clone());
                return;
            }
        }
        visitor::walk_expr(self, expr);
    }
}

struct DefFinder<'a> {
    source: &'a SourceInfo,
    line: u32,
    name: &'a str,
    found: Option<ast::StmtFunctionDef>,
}

impl<'a> Visitor<'a> for DefFinder<'_> {
    fn visit_stmt(&mut self, stmt: &'a ast::Stmt) {
        if self.found.is_some() {
            return;
        }
        if let ast::Stmt::FunctionDef(def) = stmt {
            use ruff_text_size::Ranged;
            let start = def
                .decorator_list
                .first()
                .map_or(def.range.start(), |d| d.range().start());
            let (line, _, _) = self.source.locate(start.into());
            // Python 3.8+ reports a decorated function's first line as its first decorator's; the
            // `def` line is accepted too.
            let (def_line, _, _) = self.source.locate(def.name.range.start().into());
            if def.name.id.as_str() == self.name && (line == self.line || def_line == self.line) {
                self.found = Some(def.clone());
                return;
            }
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, _expr: &'a ast::Expr) {}
}
