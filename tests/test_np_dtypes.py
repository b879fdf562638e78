"""Dtypes as values in compiled code (`a.dtype == np.float64`, `a.dtype` passed
where a dtype goes, `a.dtype.itemsize`) and machine limits (`np.iinfo`, `np.finfo`), compared
with NumPy."""

import numpy as np
import pytest
from conftest import assert_same

DTYPES = [
    np.bool_,
    np.int8,
    np.uint8,
    np.int16,
    np.int32,
    np.uint32,
    np.int64,
    np.uint64,
    np.float32,
    np.float64,
    np.complex64,
    np.complex128,
]


def dtype_questions(a, b):
    return (
        a.dtype == np.float64,
        a.dtype != np.int32,
        a.dtype == b.dtype,
        a.dtype != b.dtype,
        np.float32 == a.dtype,
        a.dtype == "f4",
        float == b.dtype,
    )


def dtype_made(a, b):
    z = np.zeros(3, a.dtype)
    e = np.empty_like(b, dtype=a.dtype)
    e[...] = 1
    return z, e, b.astype(a.dtype), a.dtype.itemsize


def branch_on_dtype(a):
    if a.dtype == np.float32:
        s = a.sum() + a.sum()
    else:
        s = a.sum()
    return complex(s)  # (NumPy's sum is a NumPy scalar, compiled code's a Python number)


@pytest.mark.parametrize("t", DTYPES, ids=[np.dtype(t).name for t in DTYPES])
def test_dtype_values(t):
    a = np.arange(4).astype(t)
    for u in (np.float64, np.int32, t):
        b = np.arange(3).astype(u)
        assert_same(dtype_questions, a, b)
        assert_same(dtype_made, a, b)
    assert_same(branch_on_dtype, a)


def int_limits(a):
    i = np.iinfo(a.dtype)
    return i.min, i.max, i.bits, np.iinfo(np.int32).max, np.iinfo(np.uint8).min, np.iinfo("i2").max


def float_limits(a):
    f = np.finfo(a.dtype)
    g = np.finfo(np.float64)
    # (NumPy's are NumPy scalars, compiled code's Python floats: compared as floats)
    floats = (float(f.eps), float(f.tiny), float(f.max), float(f.min), float(f.resolution))
    more = (float(f.epsneg), float(f.smallest_normal), float(g.eps))
    return floats, more, f.bits, f.precision, f.nmant, f.maxexp, g.precision


@pytest.mark.parametrize("t", [np.int8, np.uint16, np.int32, np.int64, np.uint64])
def test_iinfo(t):
    assert_same(int_limits, np.zeros(2, t))


@pytest.mark.parametrize("t", [np.float32, np.float64, np.complex64, np.complex128])
def test_finfo(t):
    assert_same(float_limits, np.zeros(2, t))


def iinfo_float(a):
    return np.iinfo(a.dtype).max


def finfo_int(a):
    return float(np.finfo(a.dtype).eps)


def test_limits_errors():
    assert_same(iinfo_float, np.zeros(2))
    assert_same(finfo_int, np.zeros(2, np.int32))
