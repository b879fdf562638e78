"""`np.convolve` and `np.correlate` compiled, compared with NumPy exactly: the three modes
(by name or number; NumPy's ValueError for others), both orders of lengths (correlate reverses
its result where the second array is the longer), every real dtype and mixed dtypes (integers
wrap as NumPy's), strided and reversed views, empty arrays (NumPy's ValueError) and the
refusals. Float data are small integers and halves, so that every sum is exact whatever order
NumPy's BLAS `dot` adds in."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
          np.uint64, np.float32, np.float64]  # fmt: skip


def convolve(a, v):
    return np.convolve(a, v)


def convolve_valid(a, v):
    return np.convolve(a, v, "valid")


def convolve_same(a, v):
    return np.convolve(a, v, mode="same")


def correlate(a, v):
    return np.correlate(a, v)


def correlate_full(a, v):
    return np.correlate(a, v, "full")


def correlate_same(a, v):
    return np.correlate(a, v, mode="same")


def convolve_bad_name(a, v):
    return np.convolve(a, v, "Same")


def correlate_bad_number(a, v):
    return np.correlate(a, v, 3)


def correlate_mode_number(a, v):
    return np.correlate(a, v, 2)


FNS = [convolve, convolve_valid, convolve_same, correlate, correlate_full, correlate_same,
       correlate_mode_number]  # fmt: skip


def test_wrong_modes_raise_numpys_errors():
    a = np.ones(3)
    for fn in [convolve_bad_name, correlate_bad_number]:
        assert_same(fn, a, a)
        assert_same(fn, np.zeros(0), a)


def sample(n, dtype, seed=0):
    values = (np.arange(n) * 5 + seed) % 7 - (0 if np.dtype(dtype).kind in "bu" else 3)
    if np.dtype(dtype).kind == "f":
        return (values / 2).astype(dtype)
    return values.astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_modes_and_lengths(dtype):
    for n1, n2 in [(7, 3), (3, 7), (5, 5), (6, 1), (1, 6), (8, 4), (4, 8), (1, 1)]:
        a, v = sample(n1, dtype), sample(n2, dtype, seed=2)
        for fn in FNS:
            assert_same(fn, a, v)


def test_layouts_and_mixed_dtypes():
    a = sample(12, np.float64)
    v = sample(4, np.int32)
    for x in [a, a[::2], a[::-1], a[1::3]]:
        for y in [v, v[::-1], v[::2]]:
            for fn in FNS:
                assert_same(fn, x, y)
                assert_same(fn, y, x)
    big = np.array([100, 120, -128, 127], np.int8)
    for fn in FNS:
        assert_same(fn, big, big[::-1])
        assert_same(fn, np.array([200, 255], np.uint8), np.array([3, 3], np.int16))
        assert_same(fn, np.array([1.5, -2.0], np.float32), np.array([3, 1], np.int8))


def test_empty_arrays_raise_numpys_errors():
    e, a = np.zeros(0), np.ones(3)
    for fn in FNS:
        for x, y in [(e, a), (a, e), (e, e)]:
            assert_same(fn, x, y)


def test_frees_what_it_makes():
    from test_nrt import assert_no_leak

    for fn in FNS:
        assert_no_leak(oxjit.njit(fn), sample(9, np.float64), sample(4, np.int64))
        assert_no_leak(oxjit.njit(fn), np.zeros(0), sample(4, np.int64), expect_raise=ValueError)


def test_refusals():
    def complex_(a):
        return np.convolve(a, a)

    def two_d(a):
        return np.correlate(a, a)

    def runtime_mode(a, m):
        return np.convolve(a, a, m)

    c = np.ones(3, np.complex128)
    cases = [
        (complex_, (c,), "np.convolve(a, a)", oxjit.errors.UnsupportedError, "complex"),
        (two_d, (np.ones((2, 2)),), "np.correlate(a, a)", oxjit.errors.TypingError,
         "object too deep for desired array"),
        (runtime_mode, (np.ones(3), 1), "np.convolve(a, a, m)", oxjit.errors.UnsupportedError,
         "mode must be"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg
