//! Subscripts that mix index arrays with integers, slices, `None` and `...` (NumPy's advanced
//! indexing in general): `a[:, idx]`, `a[i, idx]`, `a[idx, 1:3]`, `a[rows, cols]`, `a[mask, 0]`,
//! and a 1-d mask selecting rows of an n-d array (`a[a[:, 0] > 3]`). The result is a new
//! C-contiguous array: the basic indices' axes, with the broadcast shape of the index arrays put
//! where the first of them (or of the integers among them) stands when those are adjacent in the
//! subscript, and in front otherwise (NumPy's rule: `a[1, :, idx]` of a 3-d `a` has shape
//! `(len(idx), a.shape[1])`).
//!
//! A boolean mask stands for its `nonzero()` indices, so only 1-d masks combine with other
//! indices. Lowering: `lower/fancy_mixed.rs`.

use std::sync::Arc;

use super::{is_ellipsis, ArrayTy, Layout, Type};

/// One entry of an advanced subscript, each axis of the array read by exactly one of them
/// (`NewAxis` reads none). Positions are those of the subscript's items (`None` for axes added by
/// `...` or for missing trailing indices).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdvancedPart {
    /// An integer: an advanced index of no dimensions, its axis dropped.
    Int(usize),
    Slice(usize),
    All,
    NewAxis,
    /// An index array (`mask` a 1-d boolean one).
    Array {
        at: usize,
        mask: bool,
        ndim: u8,
    },
}

/// An advanced subscript of an array, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdvancedIndex {
    pub parts: Vec<AdvancedPart>,
    /// The result's type (a new array of the array's dtype).
    pub result: ArrayTy,
    /// The dimensions of the index arrays broadcast together.
    pub index_ndim: u8,
    /// Where those dimensions go in the result: after this many of the basic indices' axes.
    pub index_axis: usize,
}

/// Whether `arr[index]` is an advanced subscript handled here (a lone integer array into C rows
/// and a mask of `arr`'s own dimensions are simpler cases of their own, `lower/fancy.rs`).
pub fn is_mixed_advanced(arr: &ArrayTy, index: &Type) -> bool {
    match index {
        Type::Tuple(items) => items.iter().any(|t| matches!(t, Type::Array(_))),
        Type::Array(ix) if ix.dtype == Type::Bool => ix.ndim == 1 && arr.ndim > 1,
        // Rows of an array whose rows are not C-ordered (their memory order is kept).
        Type::Array(_) => arr.ndim > 2 && arr.layout != Layout::C,
        _ => false,
    }
}

/// The entries and result of the advanced subscript `arr[index]`, or NumPy's complaint.
pub fn advanced_index(arr: &ArrayTy, index: &Type) -> Result<AdvancedIndex, String> {
    if matches!(arr.dtype, Type::RecordDtype(_)) {
        return Err(format!(
            "indexing an array of records with an array ({index}) is not supported: index the fields' arrays (a['x'][idx])"
        ));
    }
    let items: Vec<Type> = match index {
        Type::Tuple(items) => items.to_vec(),
        t => vec![t.clone()],
    };
    let mut axes_read = 0usize;
    let mut ellipses = 0;
    for t in &items {
        match t {
            t if t.is_integer_like() || *t == Type::Slice => axes_read += 1,
            Type::Array(ix) => match &ix.dtype {
                Type::Int(_) => axes_read += 1,
                Type::Bool if ix.ndim == 1 => axes_read += 1,
                Type::Bool => {
                    return Err(format!(
                        "a {}d boolean mask combined with other indices is not supported (1d masks only; a mask of the array's own dimensions works alone)",
                        ix.ndim
                    ))
                }
                _ => return Err("arrays used as indices must be of integer (or boolean) type".into()),
            },
            t if is_ellipsis(t) => ellipses += 1,
            Type::NoneType => {}
            t => {
                return Err(format!(
                    "an array cannot be indexed by {t} (integers, slices, None, ... and integer or boolean arrays only)"
                ))
            }
        }
    }
    if ellipses > 1 {
        return Err("an index can only have a single ellipsis ('...')".into());
    }
    let ndim = arr.ndim as usize;
    if axes_read > ndim {
        return Err(format!(
            "too many indices for array: array is {ndim}-dimensional, but {axes_read} were indexed"
        ));
    }
    let mut parts = Vec::new();
    for (k, t) in items.iter().enumerate() {
        match t {
            t if t.is_integer_like() => parts.push(AdvancedPart::Int(k)),
            Type::Slice => parts.push(AdvancedPart::Slice(k)),
            Type::Array(ix) => parts.push(AdvancedPart::Array {
                at: k,
                mask: ix.dtype == Type::Bool,
                ndim: ix.ndim,
            }),
            t if is_ellipsis(t) => {
                parts.extend(std::iter::repeat_n(AdvancedPart::All, ndim - axes_read))
            }
            _ => parts.push(AdvancedPart::NewAxis),
        }
    }
    if ellipses == 0 {
        parts.extend(std::iter::repeat_n(AdvancedPart::All, ndim - axes_read));
    }
    let index_axis = index_dims_position(&parts);
    let index_ndim = parts
        .iter()
        .map(|p| match p {
            AdvancedPart::Array { mask: true, .. } => 1,
            AdvancedPart::Array { ndim, .. } => *ndim,
            _ => 0,
        })
        .max()
        .unwrap_or(0);
    let basic_count = parts.iter().filter(|p| makes_axis(p)).count();
    let result_ndim = basic_count + index_ndim as usize;
    if result_ndim > 32 {
        return Err(format!(
            "the result of this index would have {result_ndim} dimensions (at most 32)"
        ));
    }
    Ok(AdvancedIndex {
        parts,
        result: ArrayTy {
            dtype: arr.dtype.clone(),
            ndim: result_ndim as u8,
            // NumPy lays the result out with the index dimensions outermost and the basic ones
            // in the array's memory order, then moves the index dimensions into place: a C
            // array only where they stay in front of dimensions in C order.
            layout: if index_axis == 0 && (arr.layout == Layout::C || basic_count < 2) {
                Layout::C
            } else {
                Layout::A
            },
            readonly: false,
        },
        index_ndim,
        index_axis,
    })
}

/// Whether an entry makes an axis of the result of its own (a basic index that keeps one).
fn makes_axis(p: &AdvancedPart) -> bool {
    matches!(
        p,
        AdvancedPart::Slice(_) | AdvancedPart::All | AdvancedPart::NewAxis
    )
}

/// Where the index arrays' dimensions go in the result: after the axes the basic indices before
/// them make where the advanced entries (index arrays and integers) are adjacent, else first.
pub fn index_dims_position(parts: &[AdvancedPart]) -> usize {
    let advanced =
        |p: &AdvancedPart| matches!(p, AdvancedPart::Int(_) | AdvancedPart::Array { .. });
    let first = parts.iter().position(advanced).unwrap_or(0);
    let last = parts.iter().rposition(advanced).unwrap_or(0);
    if parts[first..=last].iter().all(advanced) {
        parts[..first].iter().filter(|p| makes_axis(p)).count()
    } else {
        0
    }
}

/// The type of `arr[index]` for an advanced subscript.
pub fn advanced_result(arr: &ArrayTy, index: &Type) -> Result<Type, String> {
    Ok(Type::Array(Arc::new(advanced_index(arr, index)?.result)))
}
