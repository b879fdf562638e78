//! `"...".format(a, b, x=c)`: a constant template with keyword arguments. The template is
//! rewritten at compile time so that each named field (`{x}`, `{x:>5}`) names the position of
//! its value appended after the positional arguments (`{2:>5}`), and automatic fields (`{}`)
//! are numbered; then the call is `str.format` of positional arguments only. The values are
//! evaluated in the order written, as CPython evaluates them.

use std::sync::Arc;

use ruff_text_size::Ranged;

use super::Builder;
use crate::diagnostics::Result;
use crate::ir::{Const, Inst, Value};
use crate::syntax::ast;

impl Builder {
    pub(super) fn lower_format_keywords(&mut self, c: &ast::ExprCall) -> Result<Option<Value>> {
        let ast::Expr::Attribute(attr) = &*c.func else {
            return Ok(None);
        };
        let ast::Expr::StringLiteral(s) = &*attr.value else {
            return Ok(None);
        };
        let kws = &c.arguments.keywords;
        if attr.attr.id.as_str() != "format" || kws.is_empty() {
            return Ok(None);
        }
        let Some(names) = kws
            .iter()
            .map(|k| k.arg.as_ref().map(|a| a.id.to_string()))
            .collect::<Option<Vec<String>>>()
        else {
            return Ok(None); // `**mapping`
        };
        let Some(template) = rewrite(s.value.to_str(), c.arguments.args.len(), &names) else {
            return Ok(None);
        };
        let recv = self.constant(Const::Str(Arc::from(template.as_str())), attr.value.range());
        let func = self.emit(Inst::GetAttr(recv, Arc::from("format")), c.func.range());
        let mut args = Vec::new();
        for a in c.arguments.args.iter() {
            args.push(self.lower_expr(a)?);
        }
        for k in kws.iter() {
            args.push(self.lower_expr(&k.value)?);
        }
        let call = Inst::Call {
            func,
            args,
            kwargs: vec![],
        };
        Ok(Some(self.emit(call, c.range())))
    }
}

/// `template` with its named fields numbered after the `positional` arguments (`names` in
/// order) and its automatic fields numbered; `None` where it is not that simple (a name not
/// given, an attribute or index in a field, nested fields, automatic and manual numbering
/// mixed): then the call is left as written, for typing to report.
fn rewrite(template: &str, positional: usize, names: &[String]) -> Option<String> {
    let chars: Vec<char> = template.chars().collect();
    let mut out = String::new();
    let (mut auto, mut manual) = (0usize, false);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c == '{' || c == '}') && chars.get(i + 1) == Some(&c) {
            out.push(c);
            out.push(c);
            i += 2;
            continue;
        }
        if c != '{' {
            out.push(c);
            i += 1;
            continue;
        }
        let close = chars[i + 1..].iter().position(|&x| x == '}')? + i + 1;
        let field: String = chars[i + 1..close].iter().collect();
        if field.contains('{') {
            return None;
        }
        let end = field.find([':', '!']).unwrap_or(field.len());
        let (name, rest) = field.split_at(end);
        let index = if name.is_empty() {
            auto += 1;
            auto - 1
        } else if let Ok(k) = name.parse::<usize>() {
            manual = true;
            k
        } else {
            positional + names.iter().position(|n| n == name)?
        };
        if manual && auto > 0 {
            return None;
        }
        out.push_str(&format!("{{{index}{rest}}}"));
        i = close + 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::rewrite;

    #[test]
    fn names_become_positions() {
        let names = ["a".to_string(), "b".to_string()];
        assert_eq!(
            rewrite("{}-{a:>3}{{x}}{b!r}", 1, &names).as_deref(),
            Some("{0}-{1:>3}{{x}}{2!r}")
        );
        assert_eq!(rewrite("{c}", 0, &names), None);
        assert_eq!(rewrite("{a.real}", 0, &names), None);
        assert_eq!(rewrite("{} {0}", 1, &names), None);
    }
}
