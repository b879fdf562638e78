//! Reading the canonical text of a type (Numba's `str()`): the words and punctuation; each kind
//! reads its own forms (`TypeKind::parse`), asked in the order of `PARSERS`.

use super::{Type, PARSERS};

/// Parses the whole of `text` as one type.
pub(super) fn parse(text: &str) -> Result<Type, String> {
    let mut p = TypeParser {
        s: text.as_bytes(),
        pos: 0,
    };
    let ty = p.ty()?;
    p.skip_ws();
    if p.pos != p.s.len() {
        return Err(format!("unexpected text after type in {text:?}"));
    }
    Ok(ty)
}

/// A cursor over the text of a type.
pub(crate) struct TypeParser<'a> {
    s: &'a [u8],
    pos: usize,
}

impl TypeParser<'_> {
    fn skip_ws(&mut self) {
        while self.pos < self.s.len() && self.s[self.pos] == b' ' {
            self.pos += 1;
        }
    }

    /// The next word (letters, digits and `_`), possibly empty.
    pub(super) fn word(&mut self) -> String {
        self.skip_ws();
        let start = self.pos;
        while self.pos < self.s.len()
            && (self.s[self.pos].is_ascii_alphanumeric() || self.s[self.pos] == b'_')
        {
            self.pos += 1;
        }
        String::from_utf8_lossy(&self.s[start..self.pos]).into_owned()
    }

    /// The next word, left unread.
    pub(super) fn peek_word(&mut self) -> String {
        let pos = self.pos;
        let w = self.word();
        self.pos = pos;
        w
    }

    /// Consumes the next character, whatever it is; `false` at the end.
    pub(super) fn skip_char(&mut self) -> bool {
        let more = self.pos < self.s.len();
        self.pos += more as usize;
        more
    }

    /// Consumes `c` if it comes next.
    pub(super) fn eat(&mut self, c: u8) -> bool {
        self.skip_ws();
        if self.pos < self.s.len() && self.s[self.pos] == c {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub(super) fn expect(&mut self, c: u8) -> Result<(), String> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(format!("expected '{}' at offset {}", c as char, self.pos))
        }
    }

    /// The next type.
    pub(super) fn ty(&mut self) -> Result<Type, String> {
        let w = self.word();
        for kind in PARSERS {
            if let Some(parsed) = kind.parse(&w, self) {
                return parsed;
            }
        }
        if w.is_empty() {
            Err(format!("expected a type at offset {}", self.pos))
        } else {
            Err(format!("unknown or unsupported type '{w}'"))
        }
    }
}
