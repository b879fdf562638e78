//! `np.einsum(subscripts, *operands, out=None, dtype=None, order='K', casting='safe',
//! optimize=False)` with a constant subscripts string: the parsing of NumPy's C einsum
//! (`numpy/_core/src/multiarray/einsum.cpp`: `parse_operand_subscripts`,
//! `parse_output_subscripts`, the implicit output of the labels seen once in ASCII order after
//! the broadcast axes, `prepare_op_axes`), with its `ValueError` messages as compile-time
//! errors (the subscripts and the operands' dimensions are known then). The plan names, for
//! each axis of each operand, the iteration axis it runs along: the output's axes first, then
//! the summed labels in ASCII order (NumPy's iterator axes). Its id is an [`ArrayFn`] variant;
//! the implementation is codegen's `lower/einsum.rs` and the runtime's `einsum.rs`.
//!
//! [`ArrayFn`]: crate::callee::ArrayFn

use std::sync::Arc;

use super::error::CallError;
use super::signature::{Param, ParamKind};
use super::CallArgs;
use crate::ir::Const;
use crate::types::{unify, ArrayTy, IntTy, Layout, Type};

/// The named parameters after the operands (`out`, `dtype`, `order`, `casting`, `optimize`).
pub const NAMED: usize = 5;

/// The parameters, as NumPy names them: the subscripts and the operands are positional.
pub fn params() -> Vec<Param> {
    let s = |v: &str| Const::Str(Arc::from(v));
    vec![
        Param::req("operands").kind(ParamKind::VarPositional),
        Param::none("out"),
        Param::none("dtype"),
        Param::opt("order", s("K")),
        Param::opt("casting", s("safe")),
        Param::opt("optimize", Const::Bool(false)),
    ]
}

/// Two axes of one operand with the same label: the operand is read along their diagonal,
/// which needs their lengths equal (checked at run time, NumPy's message).
#[derive(Clone, Debug, PartialEq)]
pub struct Diagonal {
    pub first: usize,
    pub other: usize,
    pub label: char,
    /// NumPy's message names "single operand" (its view path for one operand, no sum).
    pub single: bool,
}

/// One input operand: an array, or a number (no axes).
#[derive(Clone, Debug, PartialEq)]
pub struct Operand {
    /// The iteration axis of each of the operand's axes.
    pub axes: Vec<usize>,
    /// The operand's axes after merging repeated labels (NumPy's combined view): the first
    /// axis of each label, in order.
    pub combined: Vec<usize>,
    pub diagonals: Vec<Diagonal>,
}

/// What lowering needs of a call, decided at compile time.
#[derive(Clone, Debug, PartialEq)]
pub struct EinsumPlan {
    /// The result's element type (NumPy's common dtype of the operands).
    pub dtype: Type,
    pub operands: Vec<Operand>,
    /// The output's axes are iteration axes `0..n_out`; the summed ones follow.
    pub n_out: usize,
    pub n_iter: usize,
}

/// A label of an operand's axis, as NumPy parses it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Label {
    Letter(u8),
    Broadcast,
}

fn value_error(m: impl Into<String>) -> CallError {
    CallError::typing(m.into())
}

fn is_label(c: u8) -> bool {
    c.is_ascii_alphabetic()
}

fn invalid(c: u8) -> CallError {
    value_error(format!(
        "invalid subscript '{}' in einstein sum subscripts string, subscripts must be letters",
        c as char
    ))
}

/// `parse_operand_subscripts`: the labels of operand `iop`'s `ndim` axes.
fn parse_operand(
    s: &[u8],
    ndim: usize,
    iop: usize,
    counts: &mut [u32; 128],
) -> Result<Vec<Label>, CallError> {
    let mut labels = Vec::new();
    let mut ellipsis = None;
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if is_label(c) {
            if labels.len() >= ndim {
                return Err(value_error(format!(
                    "einstein sum subscripts string contains too many subscripts for operand {iop}"
                )));
            }
            labels.push(Label::Letter(c));
            counts[c as usize] += 1;
        } else if c == b'.' {
            if ellipsis.is_some() || i + 2 >= s.len() || s[i + 1] != b'.' || s[i + 2] != b'.' {
                return Err(value_error(format!(
                    "einstein sum subscripts string contains a '.' that is not part of an \
                     ellipsis ('...') in operand {iop}"
                )));
            }
            i += 2;
            ellipsis = Some(labels.len());
        } else if c != b' ' {
            return Err(invalid(c));
        }
        i += 1;
    }
    match ellipsis {
        None if labels.len() != ndim => Err(value_error(
            "operand has more dimensions than subscripts given in einstein sum, but no '...' \
             ellipsis provided to broadcast the extra dimensions.",
        )),
        None => Ok(labels),
        Some(at) => {
            let extra = ndim - labels.len();
            let tail = labels.split_off(at);
            labels.extend(std::iter::repeat_n(Label::Broadcast, extra));
            labels.extend(tail);
            Ok(labels)
        }
    }
}

/// `parse_output_subscripts`: the output's labels, `n_broadcast` broadcast axes at its `...`.
fn parse_output(
    s: &[u8],
    n_broadcast: usize,
    counts: &[u32; 128],
) -> Result<Vec<Label>, CallError> {
    let mut out = Vec::new();
    let mut ellipsis = false;
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if is_label(c) {
            if s[i + 1..].contains(&c) {
                return Err(value_error(format!(
                    "einstein sum subscripts string includes output subscript '{}' multiple times",
                    c as char
                )));
            }
            if counts[c as usize] == 0 {
                return Err(value_error(format!(
                    "einstein sum subscripts string included output subscript '{}' which never \
                     appeared in an input",
                    c as char
                )));
            }
            out.push(Label::Letter(c));
        } else if c == b'.' {
            if ellipsis || i + 2 >= s.len() || s[i + 1] != b'.' || s[i + 2] != b'.' {
                return Err(value_error(
                    "einstein sum subscripts string contains a '.' that is not part of an \
                     ellipsis ('...') in the output",
                ));
            }
            i += 2;
            ellipsis = true;
            out.extend(std::iter::repeat_n(Label::Broadcast, n_broadcast));
        } else if c != b' ' {
            return Err(invalid(c));
        }
        i += 1;
    }
    if !ellipsis && n_broadcast > 0 {
        return Err(value_error(
            "output has more dimensions than subscripts given in einstein sum, but no '...' \
             ellipsis provided to broadcast the extra dimensions.",
        ));
    }
    Ok(out)
}

/// The labels of every operand, of the output, and the count of each label in the inputs.
type Parsed = (Vec<Vec<Label>>, Vec<Label>, [u32; 128]);

/// The labels of every operand and of the output, parsed from `sub` as NumPy does.
fn parse(sub: &str, ndims: &[usize]) -> Result<Parsed, CallError> {
    let nop = ndims.len();
    let mut counts = [0u32; 128];
    let mut rest = sub.as_bytes();
    let mut labels = Vec::with_capacity(nop);
    for (iop, &ndim) in ndims.iter().enumerate() {
        let length = rest
            .iter()
            .position(|&c| c == b',' || c == b'-')
            .unwrap_or(rest.len());
        let next = rest.get(length).copied();
        if iop == nop - 1 && next == Some(b',') {
            return Err(value_error(
                "more operands provided to einstein sum function than specified in the \
                 subscripts string",
            ));
        }
        if iop < nop - 1 && next != Some(b',') {
            return Err(value_error(
                "fewer operands provided to einstein sum function than specified in the \
                 subscripts string",
            ));
        }
        labels.push(parse_operand(&rest[..length], ndim, iop, &mut counts)?);
        rest = &rest[length..];
        if iop < nop - 1 {
            rest = &rest[1..];
        }
    }
    let n_broadcast = labels
        .iter()
        .map(|l| l.iter().filter(|x| **x == Label::Broadcast).count())
        .max()
        .unwrap_or(0);
    let output = if rest.is_empty() {
        let mut out = vec![Label::Broadcast; n_broadcast];
        out.extend(
            (0u8..128)
                .filter(|&c| counts[c as usize] == 1)
                .map(Label::Letter),
        );
        out
    } else if !rest.starts_with(b"->") {
        return Err(value_error(
            "einstein sum subscript string does not contain proper '->' output specified",
        ));
    } else {
        parse_output(&rest[2..], n_broadcast, &counts)?
    };
    Ok((labels, output, counts))
}

/// The iteration axes of one operand's axes (`prepare_op_axes`: broadcast axes align right).
fn operand_axes(
    labels: &[Label],
    letter_axis: &[Option<usize>; 128],
    broadcast_axes: &[usize],
) -> Vec<usize> {
    let n_b = labels.iter().filter(|l| **l == Label::Broadcast).count();
    let mut b = broadcast_axes.len() - n_b;
    labels
        .iter()
        .map(|l| match l {
            Label::Letter(c) => letter_axis[*c as usize].expect("every label has an axis"),
            Label::Broadcast => {
                b += 1;
                broadcast_axes[b - 1]
            }
        })
        .collect()
}

/// The diagonals of one operand; `single`: NumPy's view path for one operand (whose message
/// differs), which checks the axes before the first summed label.
fn diagonals(labels: &[Label], output: &[Label], single: bool) -> Vec<Diagonal> {
    let mut viewing = single;
    let mut out = Vec::new();
    for (d, l) in labels.iter().enumerate() {
        let Label::Letter(c) = *l else { continue };
        if viewing && !output.contains(l) {
            viewing = false;
        }
        if let Some(first) = labels[..d].iter().position(|x| x == l) {
            out.push(Diagonal {
                first,
                other: d,
                label: c as char,
                single: viewing,
            });
        }
    }
    out
}

/// The plan of a call from the subscripts and the operands' numbers of dimensions.
fn build_plan(sub: &str, ndims: &[usize], dtype: Type) -> Result<EinsumPlan, CallError> {
    let (labels, output, counts) = parse(sub, ndims)?;
    let mut letter_axis = [None; 128];
    let mut broadcast_axes = Vec::new();
    for (k, l) in output.iter().enumerate() {
        match l {
            Label::Letter(c) => letter_axis[*c as usize] = Some(k),
            Label::Broadcast => broadcast_axes.push(k),
        }
    }
    let mut n_iter = output.len();
    for c in 0..128 {
        if counts[c] > 0 && letter_axis[c].is_none() {
            letter_axis[c] = Some(n_iter);
            n_iter += 1;
        }
    }
    let single = ndims.len() == 1;
    let operands = labels
        .iter()
        .map(|l| {
            let combined = (0..l.len())
                .filter(|&d| l[d] == Label::Broadcast || !l[..d].contains(&l[d]))
                .collect();
            Operand {
                axes: operand_axes(l, &letter_axis, &broadcast_axes),
                combined,
                diagonals: diagonals(l, &output, single),
            }
        })
        .collect();
    Ok(EinsumPlan {
        dtype,
        operands,
        n_out: output.len(),
        n_iter,
    })
}

/// The element types einsum computes in (NumPy's sum-of-products loops).
fn supported_dtype(t: &Type) -> bool {
    match t {
        Type::Bool => true,
        Type::Int(IntTy { bits, .. }) => matches!(bits, 8 | 16 | 32 | 64),
        Type::Float(b) => matches!(b, 32 | 64),
        Type::Complex(b) => matches!(b, 64 | 128),
        _ => false,
    }
}

fn const_str<'a>(t: &'a Type, c: Option<&'a Const>) -> Option<&'a str> {
    match (t, c) {
        (Type::StrLiteral(s), _) => Some(s),
        (_, Some(Const::Str(s))) => Some(s),
        _ => None,
    }
}

/// The options oxjit implements: no `out`/`dtype`, a C (or 'K') result, the casts to the common
/// dtype (always safe), and NumPy's default unoptimized contraction.
fn check_options(types: &[Type], consts: &[Option<Const>]) -> Result<(), CallError> {
    let n = types.len();
    let t = |k: usize| &types[n - NAMED + k];
    let c = |k: usize| consts[n - NAMED + k].as_ref();
    for (k, name) in [(0, "out"), (1, "dtype")] {
        if !matches!(t(k), Type::NoneType) {
            return Err(CallError::unsupported(format!(
                "einsum(): {name}= is not supported (only {name}=None)"
            )));
        }
    }
    match const_str(t(2), c(2)) {
        Some("K" | "C") => {}
        _ => {
            return Err(CallError::unsupported(
                "einsum(): only order='K' (the default) or 'C' is supported (the result is a \
                 new C array)",
            ))
        }
    }
    match const_str(t(3), c(3)) {
        Some("safe" | "same_kind" | "unsafe") => {}
        _ => {
            return Err(CallError::unsupported(
                "einsum(): only casting='safe' (the default), 'same_kind' or 'unsafe' is \
                 supported",
            ))
        }
    }
    match c(4) {
        Some(Const::Bool(false)) => Ok(()),
        _ => Err(CallError::unsupported(
            "einsum(): only optimize=False (NumPy's default) is supported: oxjit does not choose \
             a contraction order (optimize=True, 'greedy', 'optimal' or a path)",
        )),
    }
}

/// The plan of a call (arguments bound as [`params`] binds them).
pub fn plan(types: &[Type], consts: &[Option<Const>]) -> Result<EinsumPlan, CallError> {
    if types.len() < NAMED + 2 {
        return Err(value_error(
            "einsum(): must specify the subscripts string and at least one operand",
        ));
    }
    let Some(sub) = const_str(&types[0], consts[0].as_ref()) else {
        return Err(CallError::unsupported(format!(
            "einsum(): the subscripts must be a constant string, not {} (the sublist form is not \
             supported)",
            types[0]
        )));
    };
    check_options(types, consts)?;
    let operands = &types[1..types.len() - NAMED];
    let mut ndims = Vec::with_capacity(operands.len());
    let mut dtype: Option<Type> = None;
    for (k, t) in operands.iter().enumerate() {
        let (nd, d) = match t {
            Type::Array(a) => (a.ndim as usize, a.dtype.clone()),
            t if t.is_numeric() => (0, t.clone()),
            t => {
                return Err(CallError::unsupported(format!(
                    "einsum(): operand {k} is {t}, not an array or a number"
                )))
            }
        };
        if !supported_dtype(&d) {
            return Err(CallError::unsupported(format!(
                "einsum() of {d} operands is not supported"
            )));
        }
        ndims.push(nd);
        dtype = Some(match dtype {
            None => d,
            Some(p) => unify(&p, &d).ok_or_else(|| {
                CallError::typing(format!("einsum(): {p} and {d} do not combine"))
            })?,
        });
    }
    let dtype = dtype.expect("at least one operand");
    if !supported_dtype(&dtype) {
        return Err(CallError::unsupported(format!(
            "einsum() in {dtype} is not supported"
        )));
    }
    build_plan(sub, &ndims, dtype)
}

/// The result: an array of the output's axes, or a number where there are none.
pub fn type_call(args: &CallArgs) -> Result<Type, CallError> {
    let p = plan(args.types, args.consts)?;
    Ok(if p.n_out == 0 {
        p.dtype
    } else {
        Type::Array(Arc::new(ArrayTy {
            dtype: p.dtype,
            ndim: p.n_out as u8,
            layout: Layout::C,
            readonly: false,
        }))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axes(sub: &str, ndims: &[usize]) -> Result<(Vec<Vec<usize>>, usize, usize), String> {
        build_plan(sub, ndims, Type::F64)
            .map(|p| {
                let a = p.operands.iter().map(|o| o.axes.clone()).collect();
                (a, p.n_out, p.n_iter)
            })
            .map_err(|e| e.message)
    }

    #[test]
    fn labels_map_to_numpy_iteration_axes() {
        assert_eq!(
            axes("ij,jk", &[2, 2]),
            Ok((vec![vec![0, 2], vec![2, 1]], 2, 3))
        );
        assert_eq!(
            axes("ij,jk->ki", &[2, 2]),
            Ok((vec![vec![1, 2], vec![2, 0]], 2, 3))
        );
        assert_eq!(axes("ii", &[2]), Ok((vec![vec![0, 0]], 0, 1)));
        assert_eq!(
            axes("Ba,aB", &[2, 2]),
            Ok((vec![vec![0, 1], vec![1, 0]], 0, 2))
        );
        // Broadcast axes align right and come first in an implicit output.
        assert_eq!(
            axes("...i,...i", &[3, 2]),
            Ok((vec![vec![0, 1, 2], vec![1, 2]], 2, 3))
        );
    }

    #[test]
    fn errors_are_numpys() {
        let e = |s: &str, n: &[usize]| axes(s, n).unwrap_err();
        assert!(e("ij->k", &[2]).contains("output subscript 'k' which never appeared"));
        assert!(e("i,j", &[1]).starts_with("more operands"));
        assert!(e("i", &[1, 1]).starts_with("fewer operands"));
        assert!(e("i", &[2]).starts_with("operand has more dimensions"));
        assert!(e("i1", &[2]).starts_with("invalid subscript '1'"));
        assert!(e("i-j", &[1]).contains("proper '->'"));
    }
}
