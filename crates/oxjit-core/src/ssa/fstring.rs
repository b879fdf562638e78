//! f-strings: `f"a{x!r:>{w}}b"` becomes the concatenation of its pieces, each replacement field
//! `format(conversion(x), spec)` (CPython's `FORMAT_VALUE`), its spec itself an f-string, the
//! pieces joined at once (`BUILD_STRING`). The builtins are named as globals (`str`, `repr`,
//! `format`); a module that rebinds those names changes its f-strings too, which CPython's do
//! not.

use std::sync::Arc;

use ruff_python_ast::{self as ast, ConversionFlag, InterpolatedStringElement};
use ruff_text_size::{Ranged, TextRange};

use super::Builder;
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Const, Inst, Value};

impl Builder {
    pub(super) fn lower_fstring(&mut self, f: &ast::ExprFString) -> Result<Value> {
        let mut pieces = Vec::new();
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(lit) => {
                    pieces.push(self.text(&lit.value, lit.range));
                }
                ast::FStringPart::FString(fs) => self.lower_elements(&fs.elements, &mut pieces)?,
            }
        }
        Ok(self.concatenate(pieces, f.range))
    }

    fn text(&mut self, s: &str, range: TextRange) -> Value {
        self.constant(Const::Str(Arc::from(s)), range)
    }

    /// `name(args)` of a builtin.
    pub(super) fn call_builtin(&mut self, name: &str, args: Vec<Value>, range: TextRange) -> Value {
        let func = self.emit(Inst::Global(Arc::from(name)), range);
        self.emit(
            Inst::Call {
                func,
                args,
                kwargs: Vec::new(),
            },
            range,
        )
    }

    fn lower_elements(
        &mut self,
        elements: &ast::InterpolatedStringElements,
        pieces: &mut Vec<Value>,
    ) -> Result<()> {
        for e in elements.iter() {
            match e {
                InterpolatedStringElement::Literal(l) => pieces.push(self.text(&l.value, l.range)),
                InterpolatedStringElement::Interpolation(i) => {
                    let range = i.range;
                    if let Some(debug) = &i.debug_text {
                        pieces.push(self.text(debug.as_str(), range));
                    }
                    let mut value = self.lower_expr(&i.expression)?;
                    // `f"{x=}"` shows the repr unless a conversion or a spec says otherwise.
                    let conversion = match i.conversion {
                        ConversionFlag::None
                            if i.debug_text.is_some() && i.format_spec.is_none() =>
                        {
                            ConversionFlag::Repr
                        }
                        c => c,
                    };
                    match conversion {
                        ConversionFlag::None => {}
                        ConversionFlag::Str => value = self.call_builtin("str", vec![value], range),
                        ConversionFlag::Repr => {
                            value = self.call_builtin("repr", vec![value], range)
                        }
                        ConversionFlag::Ascii => {
                            return Err(Diagnostic::unsupported(
                                "the '!a' conversion (ascii()) is not supported yet",
                                i.expression.range(),
                            ))
                        }
                    }
                    let piece = match &i.format_spec {
                        Some(spec) => {
                            let mut parts = Vec::new();
                            self.lower_elements(&spec.elements, &mut parts)?;
                            let spec = self.concatenate(parts, spec.range);
                            self.call_builtin("format", vec![value, spec], range)
                        }
                        None => self.call_builtin("str", vec![value], range),
                    };
                    pieces.push(piece);
                }
            }
        }
        Ok(())
    }

    /// The pieces as one string: `"".join((p1, p2, ...))`, one allocation for the whole (the
    /// piece itself where there is one, an empty string for none).
    fn concatenate(&mut self, pieces: Vec<Value>, range: TextRange) -> Value {
        match pieces.len() {
            0 => self.text("", range),
            1 => pieces[0],
            _ => {
                let tuple = self.emit(Inst::BuildTuple(pieces), range);
                let empty = self.text("", range);
                let join = self.emit(Inst::GetAttr(empty, Arc::from("join")), range);
                self.emit(
                    Inst::Call {
                        func: join,
                        args: vec![tuple],
                        kwargs: Vec::new(),
                    },
                    range,
                )
            }
        }
    }
}
