//! The dispatcher's key for arguments off its fast path (tuples, records, NumPy scalars, arrays
//! of structured dtypes, calls with keywords or defaults): a few words per argument read from
//! type pointers and array fields, without building oxjit types (as Numba's C `typeof`
//! fingerprint). A key is remembered with the specialization that `typeof_value` led to, so a
//! key is only ever matched against arguments of the types it was made from.
//!
//! Words: a tag in the low byte, a payload above it. Type objects and structured dtypes are
//! named by address: NumPy's scalar types are static, and a structured dtype that typing read
//! is kept alive by `record.rs` (so its address is never another dtype's).

use numpy::npyffi::objects::_PyArray_GET_ITEM_DATA;
use numpy::npyffi::{get_type_object, NpyTypes, PyArrayObject};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyComplex, PyFloat, PyInt, PyTuple};

use crate::boxing::{array_geometry, canonical_dtype, numpy_loaded, record};

const INT: u64 = 1;
const FLOAT: u64 = 2;
const BOOL: u64 = 3;
const COMPLEX: u64 = 4;
const NONE: u64 = 5;
const TUPLE: u64 = 6;
const ARRAY: u64 = 7;
const RECORD_ARRAY: u64 = 8;
const RECORD: u64 = 9;
const NP_SCALAR: u64 = 10;
/// The empty `**kwargs` of a call by position (`varargs.rs`), added by the dispatcher.
pub const EMPTY_KWARGS: u64 = 11;

/// Longest key kept (deeply nested tuples take the general path).
pub const MAX_WORDS: usize = 32;

/// Appends the key of `values` to `out`; false where one of them has no key (the caller then
/// types them the general way).
pub fn fingerprint(values: &[Bound<'_, PyAny>], out: &mut Vec<u64>) -> bool {
    values.iter().all(|v| push(v, out, 0)) && out.len() <= MAX_WORDS
}

fn push(obj: &Bound<'_, PyAny>, out: &mut Vec<u64>, depth: u32) -> bool {
    if out.len() > MAX_WORDS || depth > 4 {
        return false;
    }
    if obj.is_exact_instance_of::<PyFloat>() {
        out.push(FLOAT);
    } else if obj.is_exact_instance_of::<PyInt>() {
        // Past int64, typeof decides between uint64 and an error.
        if obj.extract::<i64>().is_err() {
            return false;
        }
        out.push(INT);
    } else if obj.is_exact_instance_of::<PyBool>() {
        out.push(BOOL);
    } else if obj.is_exact_instance_of::<PyComplex>() {
        out.push(COMPLEX);
    } else if obj.is_none() {
        out.push(NONE);
    } else if let Ok(t) = obj.cast_exact::<PyTuple>() {
        out.push(TUPLE | (t.len() as u64) << 8);
        return t.iter().all(|item| push(&item, out, depth + 1));
    } else {
        return numpy_word(obj, out);
    }
    true
}

/// The words of an exact ndarray (of a number dtype, or a structured dtype typing has read), a
/// record scalar of such a dtype, or a NumPy number scalar.
fn numpy_word(obj: &Bound<'_, PyAny>, out: &mut Vec<u64>) -> bool {
    let py = obj.py();
    if !numpy_loaded(py) {
        return false;
    }
    // SAFETY: type pointers of live objects; an ndarray's fields read with the GIL held.
    unsafe {
        let tp = ffi::Py_TYPE(obj.as_ptr());
        if tp == get_type_object(py, NpyTypes::PyArray_Type) {
            let fields = &*_PyArray_GET_ITEM_DATA(obj.as_ptr() as *const PyArrayObject);
            let geometry = array_geometry(fields) << 8;
            let descr = fields.descr as usize;
            if let Some(dtype) = canonical_dtype(py, descr) {
                out.push(ARRAY | geometry | (dtype as u64) << 40);
                return true;
            }
            if record::known_dtype(descr) {
                out.extend([RECORD_ARRAY | geometry, descr as u64]);
                return true;
            }
            return false;
        }
        if ffi::PyObject_TypeCheck(
            obj.as_ptr(),
            get_type_object(py, NpyTypes::PyVoidArrType_Type),
        ) != 0
        {
            // `np.void` and `np.record`: typed by their dtype (the type itself is kept too).
            let descr = record::void_descr(obj) as usize;
            if !record::known_dtype(descr) {
                return false;
            }
            out.extend([RECORD | (tp as u64) << 8, descr as u64]);
            return true;
        }
        if ffi::PyObject_TypeCheck(
            obj.as_ptr(),
            get_type_object(py, NpyTypes::PyGenericArrType_Type),
        ) != 0
        {
            // A NumPy scalar: its type says all (`np.float64`, `np.int32`...).
            out.push(NP_SCALAR | (tp as u64) << 8);
            return true;
        }
    }
    false
}
