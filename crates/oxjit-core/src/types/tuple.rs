//! Tuples, heterogeneous or not (`UniTuple(int64 x 3)` when all items agree, as Numba prints
//! them), and the iterator of a tuple whose items share a type.

use std::fmt;
use std::sync::Arc;

use super::parse::TypeParser;
use super::{named, size_align, unify, Attribute, TupleItems, Type, TypeKind};

pub(super) struct TupleKind;

fn items_of(t: &Type) -> &TupleItems {
    match t {
        Type::Tuple(items) => items,
        _ => unreachable!("{t:?} is no tuple"),
    }
}

impl TypeKind for TupleKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let items = items_of(t);
        if let Some(names) = super::kwargs_keys(t) {
            return super::kwargs::write_name(names, items, f);
        }
        if let Some(named) = items.class() {
            return named::write_name(named, t, items, f);
        }
        if let Some(item) = t.uniform_item() {
            return write!(f, "UniTuple({item} x {})", items.len());
        }
        write!(f, "Tuple(")?;
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            write!(f, "{item}")?;
        }
        write!(f, ")")
    }

    fn parse(&self, word: &str, p: &mut TypeParser<'_>) -> Option<Result<Type, String>> {
        match word {
            "UniTuple" => Some((|| {
                p.expect(b'(')?;
                let item = p.ty()?;
                if p.word() != "x" {
                    return Err("expected 'x' in UniTuple".to_string());
                }
                let n: usize = p.word().parse().map_err(|_| "bad UniTuple count")?;
                p.expect(b')')?;
                Ok(Type::tuple(vec![item; n]))
            })()),
            "Tuple" => Some((|| {
                p.expect(b'(')?;
                let mut items = Vec::new();
                if !p.eat(b')') {
                    loop {
                        items.push(p.ty()?);
                        if p.eat(b')') {
                            break;
                        }
                        p.expect(b',')?;
                    }
                }
                Ok(Type::tuple(items))
            })()),
            _ => None,
        }
    }

    /// A tuple with one run-time item is a run-time value (its compile-time items, e.g. the
    /// function of `(x, f)`, are dummy fields); only a tuple of nothing but compile-time
    /// values (`(f, g)` of functions, of modules) is not.
    fn is_runtime(&self, t: &Type) -> bool {
        let items = items_of(t);
        items.is_empty() || items.iter().any(Type::is_runtime)
    }

    /// Two tuples of the same length meet item by item; two of one named tuple class stay of
    /// that class.
    fn unify(&self, a: &Type, b: &Type) -> Option<Type> {
        let (x, Type::Tuple(y)) = (items_of(a), b) else {
            return None;
        };
        if x.len() != y.len() {
            return None;
        }
        let items: Option<Vec<Type>> = x.iter().zip(y.iter()).map(|(p, q)| unify(p, q)).collect();
        Some(named::rebuild(x, y, items?))
    }

    /// The fields of a named tuple.
    fn attribute(&self, t: &Type, name: &str) -> Option<Attribute> {
        named::attribute(items_of(t), name)
    }

    /// Laid out as a C struct of the items.
    fn size_align(&self, t: &Type) -> (usize, usize) {
        let items = items_of(t);
        let offsets = field_offsets(items);
        let align = items.iter().map(|t| size_align(t).1).max().unwrap_or(1);
        let end = offsets
            .last()
            .map_or(0, |o| o + size_align(items.last().expect("nonempty")).0);
        (end.div_ceil(align) * align, align)
    }

    /// A tuple whose items share a type iterates over them; the empty tuple yields nothing.
    fn iter_type(&self, t: &Type) -> Result<Type, String> {
        if items_of(t).is_empty() {
            return Ok(Type::TupleIter(Arc::new(Type::NoneType)));
        }
        match t.uniform_item() {
            Some(item) => Ok(Type::TupleIter(Arc::new(item.clone()))),
            None => Err(format!(
                "cannot iterate over the heterogeneous tuple {t} (its items have different \
                 types: literal_unroll() unrolls a loop over a tuple whose length is known when \
                 the function is compiled: an argument, a global, a display, a local assigned \
                 displays of one length, or a slice of one by constants)"
            )),
        }
    }

    /// An item by a constant index (of any tuple), or by a variable one (when all items share a
    /// type).
    fn item_type(&self, t: &Type, index: &Type, constant: Option<i64>) -> Result<Type, String> {
        let items = items_of(t);
        if !index.is_integer_like() {
            return Err(format!("tuple indices must be integers, not {index}"));
        }
        if let Some(k) = constant {
            let n = items.len() as i64;
            let idx = if k < 0 { k + n } else { k };
            if idx < 0 || idx >= n {
                return Err(format!("tuple index {k} out of range for {t}"));
            }
            return Ok(items[idx as usize].clone());
        }
        match t.uniform_item() {
            Some(item) => Ok(item.clone()),
            None => Err(format!(
                "a heterogeneous tuple {t} can only be indexed by a constant"
            )),
        }
    }
}

/// The byte offset of each item of a tuple laid out as a C struct.
pub fn field_offsets(items: &[Type]) -> Vec<usize> {
    let mut offset: usize = 0;
    items
        .iter()
        .map(|t| {
            let (size, align) = size_align(t);
            offset = offset.div_ceil(align) * align;
            let here = offset;
            offset += size;
            here
        })
        .collect()
}

/// The iterator over a tuple whose items share a type.
pub(super) struct TupleIterKind;

impl TypeKind for TupleIterKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Type::TupleIter(item) = t else {
            unreachable!("{t:?} is no tuple iterator")
        };
        write!(f, "iter({item})")
    }

    fn may_be_none(&self) -> bool {
        false
    }

    fn next_type(&self, it: &Type) -> Option<Type> {
        match it {
            Type::TupleIter(item) => Some((**item).clone()),
            _ => None,
        }
    }
}

/// The parts of the slice `v` of `t[start:stop:step]` when each is a constant or left out: a
/// tuple's slice is a new tuple type, so its bounds must be known when typing.
pub fn constant_slice_parts<'c>(
    func: &crate::ir::Function,
    constant: impl Fn(crate::ir::Value) -> Option<&'c crate::ir::Const>,
    v: crate::ir::Value,
) -> Result<[Option<i64>; 3], String> {
    use crate::ir::{Const, Inst};
    let Inst::BuildSlice(a, b, c) = func.inst(v) else {
        return Err("a tuple can only be sliced by a slice written in the subscript".into());
    };
    let mut parts = [None; 3];
    for (slot, part) in parts.iter_mut().zip([a, b, c]) {
        *slot = match constant(*part) {
            Some(Const::None) => None,
            Some(Const::Int(k)) => Some(*k),
            Some(Const::Bool(x)) => Some(*x as i64),
            _ => {
                return Err(
                    "a tuple can only be sliced by constants (its slice is a new tuple type)"
                        .into(),
                )
            }
        };
    }
    Ok(parts)
}

/// The positions `t[start:stop:step]` picks from a tuple of `n` items, as Python's
/// `slice.indices` computes them (out-of-range bounds clamp; a zero step is an error).
pub fn slice_positions(
    n: usize,
    [start, stop, step]: [Option<i64>; 3],
) -> Result<Vec<usize>, String> {
    let n = n as i64;
    let step = step.unwrap_or(1);
    if step == 0 {
        return Err("slice step cannot be zero".into());
    }
    let (lo, hi) = if step > 0 { (0, n) } else { (-1, n - 1) };
    let clamp = |k: Option<i64>, default: i64| match k {
        None => default,
        Some(k) if k < 0 => (k + n).max(lo),
        Some(k) => k.min(hi),
    };
    let (start, stop) = if step > 0 {
        (clamp(start, 0), clamp(stop, n))
    } else {
        (clamp(start, n - 1), clamp(stop, -1))
    };
    let mut out = Vec::new();
    let mut k = start;
    while (step > 0 && k < stop) || (step < 0 && k > stop) {
        out.push(k as usize);
        k += step;
    }
    Ok(out)
}
