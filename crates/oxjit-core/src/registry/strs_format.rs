//! The template of `str.format` (a string constant), read at compile time into literal text and
//! replacement fields, as CPython's `Objects/stringlib/unicode_format.h` reads it: `{{` and
//! `}}`, automatic or explicit positional numbering, a `!s`/`!r` conversion and a format spec.

/// One piece of a template.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    Text(String),
    Field {
        /// The positional argument it formats.
        index: usize,
        /// `s` or `r`.
        conversion: Option<char>,
        spec: String,
    },
}

/// The pieces of `template`; the error is CPython's `ValueError`/`IndexError` message where
/// the template itself is at fault, or says what oxjit does not support.
pub fn parse_template(template: &str, n_args: usize) -> Result<Vec<Piece>, String> {
    let chars: Vec<char> = template.chars().collect();
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut auto: Option<usize> = None;
    let mut manual = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '}' {
            if chars.get(i + 1) == Some(&'}') {
                text.push('}');
                i += 2;
                continue;
            }
            return Err("Single '}' encountered in format string".into());
        }
        if c != '{' {
            text.push(c);
            i += 1;
            continue;
        }
        if chars.get(i + 1) == Some(&'{') {
            text.push('{');
            i += 2;
            continue;
        }
        let close = chars[i + 1..]
            .iter()
            .position(|&x| x == '}')
            .ok_or("Single '{' encountered in format string")?
            + i
            + 1;
        let field: String = chars[i + 1..close].iter().collect();
        if field.contains('{') {
            return Err("nested replacement fields in str.format() are not supported yet".into());
        }
        let (head, spec) = field.split_once(':').unwrap_or((&field, ""));
        let (name, conversion) = match head.split_once('!') {
            Some((n, conv)) => match conv {
                "s" | "r" => (n, conv.chars().next()),
                "a" => return Err("the '!a' conversion is not supported yet".into()),
                _ => return Err(format!("Unknown conversion specifier {conv}")),
            },
            None => (head, None),
        };
        let index = if name.is_empty() {
            if manual {
                return Err(
                    "cannot switch from manual field specification to automatic field numbering"
                        .into(),
                );
            }
            let k = auto.map_or(0, |k| k + 1);
            auto = Some(k);
            k
        } else if let Ok(k) = name.parse::<usize>() {
            if auto.is_some() {
                return Err(
                    "cannot switch from automatic field numbering to manual field specification"
                        .into(),
                );
            }
            manual = true;
            k
        } else {
            return Err(format!(
                "str.format() field '{name}': named fields, attributes and items are not supported yet"
            ));
        };
        if index >= n_args {
            return Err(format!(
                "Replacement index {index} out of range for positional args tuple"
            ));
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(std::mem::take(&mut text)));
        }
        pieces.push(Piece::Field {
            index,
            conversion,
            spec: spec.to_string(),
        });
        i = close + 1;
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_read_as_cpython() {
        let p = parse_template("a{}b{!r:>4}{{}}", 2).unwrap();
        assert_eq!(p.len(), 5);
        assert_eq!(
            p[3],
            Piece::Field {
                index: 1,
                conversion: Some('r'),
                spec: ">4".into()
            }
        );
        assert!(parse_template("{0}{}", 2).is_err());
        assert!(parse_template("{2}", 2).is_err());
    }
}
