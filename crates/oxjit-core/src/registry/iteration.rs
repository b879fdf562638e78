//! The typing of iteration: what `for x in <value>` iterates with (the iterator's type), what
//! each step yields, and the rows of an array. Typing asks it for `for` loops, and the builtins
//! (`enumerate`, `zip`) for their arguments.

use std::sync::Arc;

use crate::types::Type;

/// The iterator type of an iterable; the error says whether the construct is unsupported (as
/// opposed to ill-typed).
pub fn iter_type(t: &Type) -> std::result::Result<Type, (String, bool)> {
    Ok(match t {
        Type::Range => Type::RangeIter,
        Type::NdIndex(n) => Type::NdIndexIter(*n),
        Type::Flat(a, k) => Type::FlatIter(a.clone(), *k),
        Type::Array(arr) if arr.ndim == 0 => {
            // NumPy raises TypeError("iteration over a 0-d array") when it runs.
            return Err(("iteration over a 0-d array".to_string(), false));
        }
        Type::Array(arr) => Type::ArrayIter(arr.clone()),
        Type::Tuple(items) if items.is_empty() => Type::TupleIter(Arc::new(Type::NoneType)),
        Type::Tuple(_) => match t.uniform_item() {
            Some(item) => Type::TupleIter(Arc::new(item.clone())),
            None => {
                return Err((
                    format!("cannot iterate over the heterogeneous tuple {t}"),
                    false,
                ))
            }
        },
        Type::Enumerate(inner) => Type::EnumerateIter(Arc::new(iter_type(inner)?)),
        Type::Zip(inners) => Type::ZipIter(
            inners
                .iter()
                .map(iter_type)
                .collect::<std::result::Result<Vec<_>, _>>()?
                .into(),
        ),
        t => return Err((format!("cannot iterate over a value of type {t}"), false)),
    })
}

/// The type of `a[i]` for an n-d array (`None` for 1-d: an element): a view that stays C
/// contiguous for C arrays.
pub fn row_type(a: &crate::types::ArrayTy) -> Option<crate::types::ArrayTy> {
    (a.ndim > 1).then(|| crate::types::ArrayTy {
        ndim: a.ndim - 1,
        layout: match a.layout {
            crate::types::Layout::C => crate::types::Layout::C,
            _ => crate::types::Layout::A,
        },
        ..a.clone()
    })
}

/// Whether `for x in <t>` is supported.
pub fn is_iterable(t: &Type) -> bool {
    iter_type(t).is_ok()
}

/// The type of the items an iterator yields.
pub fn next_type(it: &Type) -> Type {
    match it {
        Type::RangeIter => Type::I64,
        Type::NdIndexIter(n) => Type::tuple(vec![Type::I64; *n as usize]),
        Type::FlatIter(a, _) => a.dtype.clone(),
        Type::TupleIter(item) => (**item).clone(),
        Type::ArrayIter(arr) => match row_type(arr) {
            Some(row) => Type::Array(Arc::new(row)),
            None => arr.dtype.clone(),
        },
        Type::EnumerateIter(inner) => Type::tuple(vec![Type::I64, next_type(inner)]),
        Type::ZipIter(inners) => Type::tuple(inners.iter().map(next_type).collect()),
        other => unreachable!("next() of {other}: GetIter only makes iterators"),
    }
}
