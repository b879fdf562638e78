//! One argument binder for every callable: user functions, Python builtins, `math`/`cmath`,
//! NumPy's functions and methods, `np.random` and `random`.
//!
//! A callable declares its parameters ([`Param`]: name, default, kind) and the wording of its
//! errors ([`Style`]); [`bind`] matches a call's positional and keyword arguments to them as
//! Python does and says where each parameter's value comes from ([`ArgSource`]). Typing binds a
//! call once and records the result in the typed IR; lowering reads it and never binds again.
//!
//! The messages are those of the callable's own implementation: CPython's for Python functions
//! (`f() takes 2 positional arguments but 3 were given`), NumPy's C signatures for the library
//! (`zeros() takes at most 2 arguments (3 given)`), and the builtins' for those.

use std::sync::Arc;

use crate::callee::Builtin;
use crate::ir::{Const, Value};
use crate::types::Type;
use oxjit_abi::NormKind as NormOrd;

/// Where the value of one parameter of a call comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum ArgSource {
    /// The object a method is called on (`a` in `a.sum()`).
    Receiver,
    /// The call's `n`th positional argument (the receiver not counted).
    Positional(usize),
    /// The call's `n`th keyword argument.
    Keyword(usize),
    /// The parameter's default value.
    Default(Const),
    /// A Python function's `*args`: the tuple of these positional arguments.
    Pack(Vec<usize>),
    /// A Python function's `**kwargs`: the dict of these keyword arguments (the call's
    /// keywords that name no other parameter, in the call's order).
    PackKeywords(Vec<usize>),
}

/// A call of a function the compiler implements, as typing resolved it: lowering reads this and
/// never binds the arguments, decodes a constant or looks for the receiver again.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// The function (or method) called.
    pub id: Builtin,
    /// The value of each parameter, in parameter order (see [`bind`]); for builtins whose
    /// number of arguments is open, one per argument.
    pub args: Vec<ArgSource>,
    /// The object a method is called on ([`ArgSource::Receiver`]).
    pub receiver: Option<Value>,
    /// The constant arguments, decoded.
    pub decoded: Decoded,
}

/// The constant arguments of a call, decoded by typing (which also checked them).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decoded {
    /// The axis of a reduction (of an array with dimensions), `concatenate` or `stack`,
    /// counted from 0 (`-1` made the last); `None`: all of them (`axis=None`).
    pub axis: Option<u8>,
    /// `keepdims=True`.
    pub keepdims: bool,
    /// The dtype a `dtype=` argument names.
    pub dtype: Option<Type>,
    /// `np.linalg.norm`'s `ord`.
    pub ord: Option<NormOrd>,
    /// `eigh`'s and `eigvalsh`'s `UPLO` (`b'L'` or `b'U'`).
    pub uplo: Option<u8>,
    /// A sort's `kind`/`order`/`stable`: whether it is stable, or the message of the
    /// `ValueError` NumPy raises for them (at run time).
    pub stable: Option<Result<bool, String>>,
    /// `a.sort()`: the array is sorted where it is (the call's value is `None`).
    pub in_place: bool,
    /// `np.swapaxes`' second axis (its first is `axis`).
    pub axis2: Option<u8>,
    /// Several axes: `np.transpose`'s permutation, or the axes of a reduction over a tuple of
    /// them (sorted, more than one and fewer than all).
    pub axes: Option<Vec<u8>>,
    /// `np.searchsorted(..., side='right')`.
    pub side_right: bool,
    /// Whether the call runs NumPy's BLAS/LAPACK (which must be found before compiling).
    pub needs_lapack: bool,
    /// A linear algebra function's mode: `qr`'s `mode`, which of `pinv`'s `rcond`/`rtol` and
    /// `matrix_rank`'s `tol`/`rtol` were given (see `registry::linalg_more`).
    pub linalg_mode: Option<i64>,
}

/// How a parameter takes its argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// By position or by name.
    Normal,
    /// By position only (a builtin's `/` parameters: `enumerate(iterable, /, start=0)`).
    PositionalOnly,
    /// Every positional argument (`np.random.rand(*dims)`, `np.ndindex(*shape)`); no keywords.
    VarPositional,
    /// By position or name; extra positional arguments are its items (`a.reshape(2, 3)` as
    /// `a.reshape((2, 3))`): then every argument stands alone, and typing makes the tuple.
    Items,
    /// A parameter whose default value oxjit cannot use (not a constant it supports): an error
    /// when the call leaves it out.
    OpaqueDefault,
    /// A Python function's `*args`: the positional arguments after the named ones, as a tuple.
    VarTuple,
    /// A Python function's keyword-only parameter (after `*` or `*args`).
    KeywordOnly,
    /// A Python function's `**kwargs` (the last parameter): the keywords no other parameter
    /// takes.
    VarKeywords,
}

/// One parameter of a callable.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: Arc<str>,
    /// `None`: required.
    pub default: Option<Const>,
    pub kind: ParamKind,
}

impl Param {
    /// A parameter taken by position or name, with a default (`None`: required).
    pub fn new(name: &str, default: Option<Const>) -> Param {
        Param {
            name: Arc::from(name),
            default,
            kind: ParamKind::Normal,
        }
    }

    /// A required parameter.
    pub fn req(name: &str) -> Param {
        Param::new(name, None)
    }

    /// A parameter that defaults to `None`.
    pub fn none(name: &str) -> Param {
        Param::new(name, Some(Const::None))
    }

    /// A parameter with a default value.
    pub fn opt(name: &str, default: Const) -> Param {
        Param::new(name, Some(default))
    }

    /// The same parameter, taken as `kind`.
    pub fn kind(self, kind: ParamKind) -> Param {
        Param { kind, ..self }
    }
}

/// Whose error messages a binding gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// CPython's, for a function written in Python.
    Python,
    /// NumPy's C functions': every parameter is filled (from its default when not given).
    Library,
    /// Python's builtins (and `math`): the number of positional arguments is open (the typing
    /// rule checks it); keywords go to their parameter, defaults fill the gaps before them.
    Builtin,
}

/// The parameters of a callable and how its errors read.
#[derive(Clone, Debug, PartialEq)]
pub struct Signature {
    /// The name in messages (`zeros`, `numpy.sqrt`, `f`).
    pub name: String,
    pub params: Vec<Param>,
    pub style: Style,
    /// Leading parameters the messages do not count (a method's array, for NumPy's methods).
    pub hidden: usize,
    /// How many trailing parameters are keyword-only (Python functions).
    pub kwonly: usize,
}

/// What a Python function has beyond positional parameters: `*args`, and keyword-only
/// parameters (each with its default: `None` required, `Some(None)` a default oxjit cannot use).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PythonShape {
    pub vararg: bool,
    pub kwonly: Vec<(Arc<str>, Option<Option<Const>>)>,
    /// A `**kwargs` parameter (the last one).
    pub varkw: bool,
}

impl Signature {
    pub fn new(name: impl Into<String>, params: Vec<Param>, style: Style) -> Signature {
        Signature {
            name: name.into(),
            params,
            style,
            hidden: 0,
            kwonly: 0,
        }
    }

    /// The same signature with `n` leading parameters left out of the counts in messages.
    pub fn hiding(self, n: usize) -> Signature {
        Signature { hidden: n, ..self }
    }

    /// The signature of a Python function: its parameters and the defaults of the last ones
    /// (`None`: a default that is not a constant oxjit supports).
    pub fn python(name: &str, params: &[Arc<str>], defaults: &[Option<Const>]) -> Signature {
        let first_default = params.len() - defaults.len();
        let params = params
            .iter()
            .enumerate()
            .map(|(i, p)| match i.checked_sub(first_default) {
                None => Param::new(p, None),
                Some(k) => match &defaults[k] {
                    Some(c) => Param::new(p, Some(c.clone())),
                    None => Param::new(p, Some(Const::None)).kind(ParamKind::OpaqueDefault),
                },
            })
            .collect();
        Signature::new(name, params, Style::Python)
    }

    /// The signature of a Python function with `*args` (`shape.vararg`: the parameter after
    /// the positional ones) or keyword-only parameters (the last `shape.kwonly.len()`, with
    /// their defaults).
    pub fn python_shaped(
        name: &str,
        params: &[Arc<str>],
        defaults: &[Option<Const>],
        shape: &PythonShape,
    ) -> Signature {
        let n_special = shape.kwonly.len() + shape.vararg as usize + shape.varkw as usize;
        let positional = &params[..params.len() - n_special];
        let kw_end = params.len() - shape.varkw as usize;
        let mut sig = Signature::python(name, positional, defaults);
        if shape.vararg {
            let p = Param::req(&params[positional.len()]).kind(ParamKind::VarTuple);
            sig.params.push(p);
        }
        for (p, (_, default)) in params[kw_end - shape.kwonly.len()..kw_end]
            .iter()
            .zip(&shape.kwonly)
        {
            let param = match default {
                Some(Some(c)) => Param::new(p, Some(c.clone())),
                Some(None) => Param::new(p, Some(Const::None)).kind(ParamKind::OpaqueDefault),
                None => Param::req(p),
            };
            // An opaque default stays opaque: a keyword-only parameter is told by its position.
            sig.params.push(match param.kind {
                ParamKind::OpaqueDefault => param,
                _ => param.kind(ParamKind::KeywordOnly),
            });
        }
        if shape.varkw {
            sig.params
                .push(Param::req(&params[kw_end]).kind(ParamKind::VarKeywords));
        }
        sig.kwonly = shape.kwonly.len();
        sig
    }

    /// The position of parameter `name`.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.params.iter().position(|p| &*p.name == name)
    }
}

/// Matches `positional` arguments and `keywords` to the parameters of `sig`, as Python does; the
/// error is the message of the `TypeError` the callable raises. Positional arguments count a
/// method's receiver (the first), see [`with_receiver`].
pub fn bind(
    sig: &Signature,
    positional: usize,
    keywords: &[Arc<str>],
) -> Result<Vec<ArgSource>, String> {
    let name = &sig.name;
    let params = &sig.params;
    // A keyword given twice (`g(a=1, **kw)` where `kw`, a `**kwargs` struct, has `a` too).
    if let Some((_, kw)) = keywords
        .iter()
        .enumerate()
        .find(|(k, kw)| keywords[..*k].contains(kw))
    {
        return Err(format!(
            "{name}() got multiple values for keyword argument '{kw}'"
        ));
    }
    if let Some(vp) = params
        .iter()
        .position(|p| p.kind == ParamKind::VarPositional)
        .filter(|&vp| vp + 1 < params.len())
    {
        return bind_var_positional_keywords(sig, vp, positional, keywords);
    }
    if params.iter().any(|p| p.kind == ParamKind::VarPositional) {
        if !keywords.is_empty() {
            return Err(format!("{name}() takes no keyword arguments"));
        }
        return Ok((0..positional).map(ArgSource::Positional).collect());
    }
    if params.iter().any(|p| {
        matches!(
            p.kind,
            ParamKind::VarTuple | ParamKind::KeywordOnly | ParamKind::VarKeywords
        )
    }) || sig.kwonly > 0
    {
        return bind_python_shaped(sig, positional, keywords);
    }
    let items = params.iter().any(|p| p.kind == ParamKind::Items);
    if items && positional > params.len() && keywords.is_empty() {
        return Ok((0..positional).map(ArgSource::Positional).collect());
    }
    if sig.style == Style::Builtin {
        return bind_builtin(sig, positional, keywords);
    }
    if positional > params.len() {
        return Err(too_many(sig, positional));
    }
    let mut slots: Vec<Option<ArgSource>> = (0..params.len())
        .map(|k| (k < positional).then_some(ArgSource::Positional(k)))
        .collect();
    for (i, kw) in keywords.iter().enumerate() {
        let pos = keyword_slot(sig, kw)?;
        if slots[pos].is_some() {
            return Err(format!("{name}() got multiple values for argument '{kw}'"));
        }
        slots[pos] = Some(ArgSource::Keyword(i));
    }
    if sig.style == Style::Python {
        missing_python(sig, &slots)?;
    }
    slots
        .into_iter()
        .zip(params)
        .map(|(slot, p)| match (slot, &p.default) {
            (Some(s), _) => Ok(s),
            (None, Some(_)) if p.kind == ParamKind::OpaqueDefault => Err(format!(
                "the default value of parameter '{}' of {name}() is not a constant oxjit supports",
                p.name
            )),
            (None, Some(c)) => Ok(ArgSource::Default(c.clone())),
            (None, None) => Err(format!("{name}() missing required argument '{}'", p.name)),
        })
        .collect()
}

/// The binding of a library function with every positional argument open and named parameters
/// after them, keywords only (`np.einsum(subscripts, *operands, out=None, ..., optimize=False)`):
/// one source per positional argument, then one per named parameter (its keyword or default).
fn bind_var_positional_keywords(
    sig: &Signature,
    vp: usize,
    positional: usize,
    keywords: &[Arc<str>],
) -> Result<Vec<ArgSource>, String> {
    let named = &sig.params[vp + 1..];
    if let Some(kw) = keywords
        .iter()
        .find(|kw| !named.iter().any(|p| p.name == **kw))
    {
        return Err(format!(
            "{}() got an unexpected keyword argument '{kw}'",
            sig.name
        ));
    }
    let mut sources: Vec<ArgSource> = (0..positional).map(ArgSource::Positional).collect();
    for p in named {
        match keywords.iter().position(|kw| *kw == p.name) {
            Some(i) => sources.push(ArgSource::Keyword(i)),
            None => match &p.default {
                Some(c) => sources.push(ArgSource::Default(c.clone())),
                None => {
                    return Err(format!(
                        "{}() missing required argument '{}'",
                        sig.name, p.name
                    ))
                }
            },
        }
    }
    Ok(sources)
}

/// The binding of a method call: the receiver is [`ArgSource::Receiver`] and positional
/// arguments are numbered from the first after it.
pub fn with_receiver(sources: Vec<ArgSource>) -> Vec<ArgSource> {
    sources
        .into_iter()
        .map(|s| match s {
            ArgSource::Positional(0) => ArgSource::Receiver,
            ArgSource::Positional(i) => ArgSource::Positional(i - 1),
            s => s,
        })
        .collect()
}

/// The parameter a keyword names; positional-only parameters have no name to the caller.
fn keyword_slot(sig: &Signature, kw: &str) -> Result<usize, String> {
    sig.params
        .iter()
        .position(|p| &*p.name == kw && p.kind != ParamKind::PositionalOnly)
        .ok_or_else(|| format!("{}() got an unexpected keyword argument '{kw}'", sig.name))
}

/// The error for more positional arguments than parameters.
fn too_many(sig: &Signature, positional: usize) -> String {
    let name = &sig.name;
    let n = sig.params.len();
    if sig.style != Style::Python {
        return format!(
            "{name}() takes at most {} arguments ({} given)",
            n - sig.hidden,
            positional - sig.hidden
        );
    }
    let first_default = sig
        .params
        .iter()
        .take_while(|p| p.default.is_none())
        .count();
    let takes = if first_default == n {
        format!("{n} positional argument{}", plural(n))
    } else {
        format!("from {first_default} to {n} positional arguments")
    };
    let were = if positional == 1 { "was" } else { "were" };
    format!("{name}() takes {takes} but {positional} {were} given")
}

/// CPython's error for required parameters left without a value, all named at once.
fn missing_python(sig: &Signature, slots: &[Option<ArgSource>]) -> Result<(), String> {
    let missing: Vec<String> = sig
        .params
        .iter()
        .zip(slots)
        .filter(|(p, s)| p.default.is_none() && s.is_none())
        .map(|(p, _)| format!("'{}'", p.name))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let list = match missing.len() {
        1 => missing[0].clone(),
        2 => format!("{} and {}", missing[0], missing[1]),
        n => format!("{}, and {}", missing[..n - 1].join(", "), missing[n - 1]),
    };
    Err(format!(
        "{}() missing {} required positional argument{}: {list}",
        sig.name,
        missing.len(),
        plural(missing.len())
    ))
}

/// A builtin's binding: every positional argument stands (their number is the typing rule's to
/// check), keywords take their parameter's place, and defaults fill the places before a keyword.
fn bind_builtin(
    sig: &Signature,
    positional: usize,
    keywords: &[Arc<str>],
) -> Result<Vec<ArgSource>, String> {
    let name = &sig.name;
    let mut slots: Vec<Option<ArgSource>> = (0..positional)
        .map(|k| Some(ArgSource::Positional(k)))
        .collect();
    for (i, kw) in keywords.iter().enumerate() {
        let pos = keyword_slot(sig, kw)?;
        if slots.len() <= pos {
            slots.resize(pos + 1, None);
        }
        if slots[pos].is_some() {
            return Err(format!("{name}() got multiple values for argument '{kw}'"));
        }
        slots[pos] = Some(ArgSource::Keyword(i));
    }
    slots
        .into_iter()
        .enumerate()
        .map(|(k, slot)| match slot {
            Some(s) => Ok(s),
            // Only keywords leave gaps, so `k` is a parameter.
            None => match &sig.params[k].default {
                Some(c) => Ok(ArgSource::Default(c.clone())),
                None => Err(format!("{name}() is missing a positional argument")),
            },
        })
        .collect()
}

/// The binding of a Python function with `*args` or keyword-only parameters.
fn bind_python_shaped(
    sig: &Signature,
    positional: usize,
    keywords: &[Arc<str>],
) -> Result<Vec<ArgSource>, String> {
    let name = &sig.name;
    let params = &sig.params;
    let vararg = params.iter().position(|p| p.kind == ParamKind::VarTuple);
    let varkw = params.iter().position(|p| p.kind == ParamKind::VarKeywords);
    // Where the keyword-only parameters end (`**kwargs` is after them).
    let kw_end = varkw.unwrap_or(params.len());
    let n_pos = vararg.unwrap_or(kw_end - sig.kwonly);
    if positional > n_pos && vararg.is_none() {
        let named = Signature {
            params: params[..n_pos].to_vec(),
            ..sig.clone()
        };
        return Err(too_many(&named, positional));
    }
    let mut slots: Vec<Option<ArgSource>> = (0..params.len())
        .map(|k| (k < n_pos && k < positional).then_some(ArgSource::Positional(k)))
        .collect();
    if let Some(v) = vararg {
        slots[v] = Some(ArgSource::Pack((n_pos..positional.max(n_pos)).collect()));
    }
    let mut extra = Vec::new();
    for (i, kw) in keywords.iter().enumerate() {
        let pos = params.iter().position(|p| {
            *p.name == **kw
                && !matches!(
                    p.kind,
                    ParamKind::PositionalOnly | ParamKind::VarTuple | ParamKind::VarKeywords
                )
        });
        let pos = match (pos, varkw) {
            (Some(pos), _) => pos,
            (None, Some(_)) => {
                extra.push(i);
                continue;
            }
            (None, None) => {
                return Err(format!(
                    "{name}() got an unexpected keyword argument '{kw}'"
                ))
            }
        };
        if slots[pos].is_some() {
            return Err(format!("{name}() got multiple values for argument '{kw}'"));
        }
        slots[pos] = Some(ArgSource::Keyword(i));
    }
    if let Some(k) = varkw {
        slots[k] = Some(ArgSource::PackKeywords(extra));
    }
    let positional_part = Signature {
        params: params[..n_pos].to_vec(),
        ..sig.clone()
    };
    missing_python(&positional_part, &slots[..n_pos])?;
    let missing_kw: Vec<String> = params
        .iter()
        .zip(&slots)
        .take(kw_end)
        .skip(kw_end - sig.kwonly)
        .filter(|(p, s)| p.default.is_none() && s.is_none())
        .map(|(p, _)| format!("'{}'", p.name))
        .collect();
    if !missing_kw.is_empty() {
        let n = missing_kw.len();
        let list = match n {
            1 => missing_kw[0].clone(),
            2 => format!("{} and {}", missing_kw[0], missing_kw[1]),
            _ => format!(
                "{}, and {}",
                missing_kw[..n - 1].join(", "),
                missing_kw[n - 1]
            ),
        };
        return Err(format!(
            "{name}() missing {n} required keyword-only argument{}: {list}",
            plural(n)
        ));
    }
    slots
        .into_iter()
        .zip(params)
        .map(|(slot, p)| match (slot, &p.default) {
            (Some(s), _) => Ok(s),
            (None, Some(_)) if p.kind == ParamKind::OpaqueDefault => Err(format!(
                "the default value of parameter '{}' of {name}() is not a constant oxjit supports",
                p.name
            )),
            (None, Some(c)) => Ok(ArgSource::Default(c.clone())),
            (None, None) => Err(format!("{name}() missing required argument '{}'", p.name)),
        })
        .collect()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kw(names: &[&str]) -> Vec<Arc<str>> {
        names.iter().map(|n| Arc::from(*n)).collect()
    }

    #[test]
    fn python_messages() {
        let params: Vec<Arc<str>> = kw(&["a", "b", "c"]);
        let sig = Signature::python("f", &params, &[Some(Const::Int(1))]);
        assert_eq!(
            bind(&sig, 4, &[]).unwrap_err(),
            "f() takes from 2 to 3 positional arguments but 4 were given"
        );
        assert_eq!(
            bind(&sig, 0, &[]).unwrap_err(),
            "f() missing 2 required positional arguments: 'a' and 'b'"
        );
        assert_eq!(
            bind(&sig, 1, &kw(&["b"])).unwrap(),
            vec![
                ArgSource::Positional(0),
                ArgSource::Keyword(0),
                ArgSource::Default(Const::Int(1))
            ]
        );
    }

    #[test]
    fn library_messages() {
        let sig = Signature::new(
            "zeros",
            vec![Param::req("shape"), Param::none("dtype")],
            Style::Library,
        );
        assert_eq!(
            bind(&sig, 3, &[]).unwrap_err(),
            "zeros() takes at most 2 arguments (3 given)"
        );
        assert_eq!(
            bind(&sig, 0, &[]).unwrap_err(),
            "zeros() missing required argument 'shape'"
        );
        assert_eq!(
            bind(&sig, 1, &kw(&["shape"])).unwrap_err(),
            "zeros() got multiple values for argument 'shape'"
        );
    }

    #[test]
    fn builtin_keywords_fill_the_gaps_before_them() {
        let sig = Signature::new(
            "math.isclose",
            vec![
                Param::req("a").kind(ParamKind::PositionalOnly),
                Param::req("b").kind(ParamKind::PositionalOnly),
                Param::opt("rel_tol", Const::Float(1e-9)),
                Param::opt("abs_tol", Const::Float(0.0)),
            ],
            Style::Builtin,
        );
        assert_eq!(
            bind(&sig, 2, &kw(&["abs_tol"])).unwrap(),
            vec![
                ArgSource::Positional(0),
                ArgSource::Positional(1),
                ArgSource::Default(Const::Float(1e-9)),
                ArgSource::Keyword(0)
            ]
        );
        assert_eq!(
            bind(&sig, 2, &kw(&["a"])).unwrap_err(),
            "math.isclose() got an unexpected keyword argument 'a'"
        );
    }
}
