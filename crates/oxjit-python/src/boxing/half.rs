//! float16 scalars box as `np.float16` (a Python float would hide that the value has 16 bits,
//! and NumPy's printing of it); they unbox in `scalar.rs` from `__float__`.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

/// `np.float16` of the half with bits `h` (built from its exact double: NumPy's conversion
/// back to float16 is exact there, NaN payloads included).
pub(super) fn box_half(py: Python<'_>, h: u16) -> PyResult<Py<PyAny>> {
    static FLOAT16: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let class = FLOAT16.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py.import("numpy")?.getattr("float16")?.unbind())
    })?;
    let value = oxjit_runtime::half::half_to_f64(h);
    Ok(class.bind(py).call1((value,))?.unbind())
}
