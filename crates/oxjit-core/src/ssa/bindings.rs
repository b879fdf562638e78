//! Statements that bind or unbind names without computing: `import` and `from ... import`
//! inside the function (resolved at compile time, as globals are), and `del` of a local or of
//! an item (`del a[i]`, through the container's `__delitem__`).

use std::sync::Arc;

use ruff_text_size::Ranged;

use super::Builder;
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::Inst;
use crate::syntax::ast;

impl Builder {
    /// `import a.b.c` binds `a`; `import a.b as x` binds `x` to `a.b`.
    pub(super) fn lower_import(&mut self, s: &ast::StmtImport) -> Result<()> {
        for alias in &s.names {
            let path = alias.name.id.as_str();
            let (module, bound) = match &alias.asname {
                Some(x) => (path, x.id.as_str()),
                None => {
                    let top = path.split('.').next().unwrap_or(path);
                    (top, top)
                }
            };
            let v = self.emit(Inst::Import(Arc::from(module), None), alias.range);
            self.assign(bound, v);
        }
        Ok(())
    }

    /// `from module import name as x`.
    pub(super) fn lower_import_from(&mut self, s: &ast::StmtImportFrom) -> Result<()> {
        let module = match (&s.module, s.level) {
            (Some(m), 0) => m.id.as_str(),
            _ => {
                return Err(Diagnostic::unsupported(
                    "a relative import inside a compiled function is not supported (import \
                     the module at the top of the file)",
                    s.range,
                ))
            }
        };
        for alias in &s.names {
            let name = alias.name.id.as_str();
            if name == "*" {
                return Err(Diagnostic::unsupported(
                    "'from ... import *' inside a function is not allowed",
                    alias.range,
                ));
            }
            let bound = alias.asname.as_ref().map_or(name, |x| x.id.as_str());
            let inst = Inst::Import(Arc::from(module), Some(Arc::from(name)));
            let v = self.emit(inst, alias.range);
            self.assign(bound, v);
        }
        Ok(())
    }

    /// `del x`: the local is unbound from here (reading it raises `UnboundLocalError`, and
    /// deleting an unbound one does too, as the read first checks it).
    pub(super) fn lower_delete(&mut self, s: &ast::StmtDelete) -> Result<()> {
        for target in &s.targets {
            match target {
                ast::Expr::Name(n) => {
                    let name = n.id.as_str();
                    let range = n.range;
                    // The read checks that the name is bound, as CPython's `del` does.
                    self.read_local(name, range);
                    let unbound = self.undef(self.current, name, range);
                    self.write_variable(name, self.current, unbound);
                }
                ast::Expr::Subscript(s) => self.delete_item(s)?,
                other => {
                    return Err(Diagnostic::unsupported(
                        "'del' of this target is not supported (a local variable or an item is)",
                        other.range(),
                    ))
                }
            }
        }
        Ok(())
    }
}
