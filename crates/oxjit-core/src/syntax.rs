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
    Def,
    /// A lambda with these parameter names: the first such lambda of the source (the host gives
    /// the text of the lambda expression alone).
    Lambda {
        params: Vec<String>,
    },
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
