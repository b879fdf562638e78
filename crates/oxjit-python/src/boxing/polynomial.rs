//! `numpy.polynomial.polynomial.Polynomial` (`types/polynomial.rs` in core): typed by its three
//! arrays, unboxed as the tuple of `coef`, `domain`, `window`, boxed by calling the class with
//! them (as Numba boxes it; the `symbol` is NumPy's default, `'x'`).

use oxjit_core::types::{field_offsets, polynomial, polynomial_struct, Type, POLYNOMIAL_FIELDS};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// Whether `obj` is exactly a `numpy.polynomial.polynomial.Polynomial`.
fn is_polynomial(obj: &Bound<'_, PyAny>) -> bool {
    let ty = obj.get_type();
    ty.name().is_ok_and(|n| n == "Polynomial")
        && ty
            .module()
            .is_ok_and(|m| m == "numpy.polynomial.polynomial")
}

/// The type of a `Polynomial` argument (its three 1-d arrays), `None` for any other object.
pub(super) fn typeof_polynomial(obj: &Bound<'_, PyAny>) -> PyResult<Option<Type>> {
    if !is_polynomial(obj) {
        return Ok(None);
    }
    let mut parts = Vec::with_capacity(3);
    for name in POLYNOMIAL_FIELDS {
        let t = super::typeof_nested(&obj.getattr(name)?)?;
        if !matches!(&t, Type::Array(a) if a.ndim == 1) {
            return Err(PyTypeError::new_err(format!(
                "oxjit: a Polynomial whose {name} is {t} is not supported (1-d arrays of numbers)"
            )));
        }
        parts.push(t);
    }
    let [c, d, w]: [Type; 3] = parts.try_into().expect("three parts");
    Ok(Some(polynomial(c, d, w)))
}

/// Writes the polynomial `obj` (of parts `parts`) at `dst`.
///
/// # Safety
/// `dst` must point to `size_align` of the polynomial's type writable bytes.
pub(super) unsafe fn unbox(
    obj: &Bound<'_, PyAny>,
    parts: &[Type; 3],
    dst: *mut u8,
) -> PyResult<()> {
    for ((t, off), name) in parts
        .iter()
        .zip(field_offsets(parts))
        .zip(POLYNOMIAL_FIELDS)
    {
        // SAFETY: each part lies at its offset inside the slot (the tuple's layout).
        unsafe { super::unbox(&obj.getattr(name)?, t, dst.add(off))? };
    }
    Ok(())
}

/// The polynomial of parts `parts` at `src`, as a new `Polynomial(coef, domain, window)`.
///
/// # Safety
/// `src` must point to an initialised polynomial of these parts.
pub(super) unsafe fn box_value(
    py: Python<'_>,
    parts: &[Type; 3],
    src: *const u8,
) -> PyResult<Py<PyAny>> {
    let Type::Tuple(items) = polynomial_struct(parts) else {
        unreachable!("a polynomial is laid out as a tuple")
    };
    // SAFETY: the caller's guarantee; the layout is the tuple's.
    let arrays = unsafe { super::tuple::box_value(py, &items, src)? };
    let class = py
        .import("numpy.polynomial.polynomial")?
        .getattr("Polynomial")?;
    Ok(class
        .call1(arrays.bind(py).cast::<PyTuple>()?.clone())?
        .unbind())
}
