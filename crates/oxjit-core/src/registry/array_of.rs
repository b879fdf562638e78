//! The array `np.array(x)` (and `np.asarray`) makes of a number, a tuple or a list: its number
//! of dimensions and dtype. Tuples and lists nest in any mix (`([1, 2], [3, 4])`,
//! `[(1, 2), (3, 4)]`), as NumPy's array-likes do: one dimension per level, a tuple's length
//! known here, a list's checked at run time (`lower/nested_array.rs`).

use std::sync::Arc;

use super::error::CallError;
use crate::types::{ArrayTy, Layout, Type};

/// A writable array type (the results of the creation functions).
pub(super) fn array(dtype: Type, ndim: u8, layout: Layout) -> Type {
    Type::Array(Arc::new(ArrayTy {
        dtype,
        ndim,
        layout,
        readonly: false,
    }))
}

/// Arrays hold numbers and booleans only.
pub(super) fn check_dtype(dtype: &Type) -> Result<(), String> {
    if dtype.is_numeric() {
        Ok(())
    } else {
        Err(format!("arrays of {dtype} are not supported"))
    }
}

/// The new array `np.array(x, dtype)` (or `np.asarray`) makes of a tuple, list or number `x`.
pub(super) fn new_array_of(name: &str, x: &Type, d: Option<Type>) -> Result<Type, CallError> {
    let (ndim, dtype) = match x {
        Type::Tuple(_) => sequence_shape(x)?,
        // A (nested) list of numbers: one dimension per level, checked rectangular at run
        // time (as NumPy and Numba do).
        Type::List(_) if is_list_of_numbers(x) => list_shape(x)?,
        // Lists holding tuples (or arrays): as a tuple's items.
        Type::List(_) => sequence_shape(x)?,
        // A number makes a 0-d array.
        t if t.is_numeric() => (0, t.clone()),
        t if crate::types::is_str(t) => {
            return Err(CallError::unsupported(format!(
                "np.{name}() of a str is not supported: NumPy makes a unicode ('<U') array, \
                 a dtype oxjit's arrays do not have (numbers and booleans only)"
            )))
        }
        other => {
            return Err(CallError::unsupported(format!(
                "np.{name}() of {other} is not supported (an array, a tuple, a list or a number)"
            )))
        }
    };
    if let (Type::Complex(_), Some(to)) = (&dtype, &d) {
        // NumPy converts each Python complex with `float()`/`int()`: a TypeError (it drops
        // the imaginary part of a NumPy complex instead; compiled code cannot tell them apart).
        if matches!(to, Type::Float(_) | Type::Int(_)) {
            return Err(CallError::typing(format!(
                "np.{name}() of complex values with dtype {to}: NumPy raises TypeError for \
                 Python complex numbers ('argument must be ... a real number, not complex'); \
                 take .real first"
            )));
        }
    }
    let dtype = d.unwrap_or(dtype);
    check_dtype(&dtype)?;
    Ok(array(dtype, ndim, Layout::C))
}

/// Whether `t` is a list of lists ... of numbers (the rectangular check `array_from_list` does).
pub fn is_list_of_numbers(t: &Type) -> bool {
    match t {
        Type::List(item) => item.is_numeric() || is_list_of_numbers(item),
        _ => false,
    }
}

/// The number of dimensions and the item type of `np.array(l)` of a list of lists ... of numbers.
fn list_shape(t: &Type) -> Result<(u8, Type), CallError> {
    let (mut ndim, mut cur) = (0u8, t);
    while let Type::List(item) = cur {
        ndim += 1;
        cur = &**item;
    }
    if !cur.is_numeric() {
        return Err(CallError::unsupported(format!(
            "np.array() of {t} is not supported (lists of numbers, tuples or arrays)"
        )));
    }
    Ok((ndim, cur.clone()))
}

/// The number of dimensions and the dtype of `np.array(t)` for a tuple or list `t` of numbers,
/// of equal tuples or lists (nested, in any mix), or of arrays of one shape. A list's length is
/// not known here: a tuple next to it is checked against it at run time.
pub fn sequence_shape(t: &Type) -> Result<(u8, Type), String> {
    let items: &[Type] = match t {
        Type::Tuple(items) => items,
        Type::List(item) => {
            let (ndim, dtype) = sequence_shape(item)?;
            return Ok((ndim + 1, dtype));
        }
        t if t.is_numeric() => return Ok((0, t.clone())),
        Type::Array(a) => return Ok((a.ndim, a.dtype.clone())),
        other => {
            return Err(format!(
                "np.array() of a sequence holding {other} is not supported"
            ))
        }
    };
    if items.is_empty() {
        return Ok((1, Type::F64));
    }
    let inner: Vec<(u8, Type)> = items.iter().map(sequence_shape).collect::<Result<_, _>>()?;
    let ndim = inner[0].0;
    // Tuples next to each other have one length; a list's is checked at run time.
    let lens: Vec<usize> = items
        .iter()
        .filter_map(|x| match x {
            Type::Tuple(v) => Some(v.len()),
            _ => None,
        })
        .collect();
    if inner.iter().any(|(n, _)| *n != ndim) || lens.iter().any(|n| *n != lens[0]) {
        return Err(format!(
            "setting an array element with a sequence: {t} has an inhomogeneous shape"
        ));
    }
    let mut dtype = inner[0].1.clone();
    for (_, d) in &inner[1..] {
        dtype = crate::types::unify(&dtype, d).ok_or("np.array() of values that do not combine")?;
    }
    Ok((ndim + 1, dtype))
}
