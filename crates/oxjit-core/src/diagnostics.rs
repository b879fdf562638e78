//! User-facing errors as data: a kind, a message, and a source range, rendered like rustc.

use std::fmt::Write;
use std::sync::Arc;

use ruff_text_size::TextRange;

/// What went wrong, which decides the Python exception class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The types do not allow the operation (`oxjit.errors.TypingError`).
    Typing,
    /// A constant axis out of range (`oxjit.errors.AxisTypingError`: a `TypingError` that is
    /// also NumPy's `AxisError`, whose message it has).
    Axis,
    /// Syntax or a feature oxjit does not support (`oxjit.errors.UnsupportedError`).
    Unsupported,
    /// A compiler bug (`oxjit.errors.InternalError`).
    Internal,
}

/// The source text of one function and where it lives, for rendering diagnostics.
#[derive(Debug)]
pub struct SourceInfo {
    pub text: String,
    pub filename: String,
    /// Line number in `filename` of the first line of `text`.
    pub first_line: u32,
    /// Columns removed from every line by dedenting.
    pub col_offset: u32,
}

impl SourceInfo {
    /// The (1-based line in the file, 1-based column, line text) of a byte offset in `text`.
    pub fn locate(&self, offset: u32) -> (u32, u32, &str) {
        let offset = (offset as usize).min(self.text.len());
        let line_start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.text[offset..]
            .find('\n')
            .map_or(self.text.len(), |i| offset + i);
        let line_index = self.text[..line_start].matches('\n').count() as u32;
        let col = self.text[line_start..offset].chars().count() as u32;
        (
            self.first_line + line_index,
            col + 1 + self.col_offset,
            &self.text[line_start..line_end],
        )
    }
}

/// One error, with where it happened.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub kind: ErrorKind,
    pub message: String,
    pub range: Option<TextRange>,
    pub source: Option<Arc<SourceInfo>>,
    /// Context lines, innermost first ("in call to g(int64) at file:line:col").
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn new(kind: ErrorKind, message: impl Into<String>, range: TextRange) -> Diagnostic {
        Diagnostic {
            kind,
            message: message.into(),
            range: Some(range),
            source: None,
            notes: Vec::new(),
        }
    }

    pub fn typing(message: impl Into<String>, range: TextRange) -> Diagnostic {
        Diagnostic::new(ErrorKind::Typing, message, range)
    }

    pub fn unsupported(message: impl Into<String>, range: TextRange) -> Diagnostic {
        Diagnostic::new(ErrorKind::Unsupported, message, range)
    }

    pub fn internal(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            kind: ErrorKind::Internal,
            message: message.into(),
            range: None,
            source: None,
            notes: Vec::new(),
        }
    }

    /// Attaches the source the range refers to, unless one is attached already.
    pub fn with_source(mut self, source: &Arc<SourceInfo>) -> Diagnostic {
        if self.source.is_none() {
            self.source = Some(source.clone());
        }
        self
    }

    /// `file:line:col` of the error, when known.
    pub fn location(&self) -> Option<String> {
        let (source, range) = (self.source.as_ref()?, self.range?);
        let (line, col, _) = source.locate(range.start().into());
        Some(format!("{}:{line}:{col}", source.filename))
    }

    /// The full text shown to the user: location, message, the source line with carets, notes.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let label = match self.kind {
            ErrorKind::Typing | ErrorKind::Axis => "typing error",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Internal => "internal compiler error",
        };
        match (&self.source, self.range) {
            (Some(source), Some(range)) => {
                let start: u32 = range.start().into();
                let end: u32 = range.end().into();
                let (line, col, text) = source.locate(start);
                let _ = writeln!(
                    out,
                    "{}:{line}:{col}: {label}: {}",
                    source.filename, self.message
                );
                let gutter = format!("{line}");
                let _ = writeln!(out, "{} |", " ".repeat(gutter.len()));
                let indent = " ".repeat(source.col_offset as usize);
                let _ = writeln!(out, "{gutter} | {indent}{text}");
                let caret_start = (col - 1) as usize;
                let (end_line, end_col, _) = source.locate(end);
                let width = if end_line == line {
                    (end_col - col).max(1) as usize
                } else {
                    text.chars().count() + source.col_offset as usize - caret_start
                };
                let _ = write!(
                    out,
                    "{} | {}{}",
                    " ".repeat(gutter.len()),
                    " ".repeat(caret_start),
                    "^".repeat(width.max(1))
                );
            }
            _ => {
                let _ = write!(out, "{label}: {}", self.message);
            }
        }
        for note in &self.notes {
            let _ = write!(out, "\n  note: {note}");
        }
        out
    }
}

pub type Result<T> = std::result::Result<T, Diagnostic>;

#[cfg(test)]
mod tests {
    use super::*;
    use ruff_text_size::TextSize;

    #[test]
    fn renders_location_and_caret() {
        let source = Arc::new(SourceInfo {
            text: "def f(a):\n    return a + (1, 2)\n".into(),
            filename: "demo.py".into(),
            first_line: 10,
            col_offset: 4,
        });
        let start = source.text.find("a + ").unwrap() as u32;
        let range = TextRange::new(TextSize::from(start), TextSize::from(start + 12));
        let d = Diagnostic::typing("cannot add int64 and UniTuple(int64 x 2)", range)
            .with_source(&source);
        insta::assert_snapshot!(d.render());
    }
}
