"""`np.put(a, ind, v)` and `a.put(ind, v)`, compared with NumPy exactly: the array after the
call (every dtype and layout, values cycled and cast, negative indices), NumPy's errors (and
which items it wrote before raising: the ones before the bad index where `a` is C-contiguous,
none otherwise)."""

import warnings

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

DTYPES = [np.bool_, np.int8, np.uint8, np.int32, np.uint64, np.float32, np.float64,
          np.complex128]  # fmt: skip


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # NumPy's ComplexWarning for complex into real
        yield


def put(a, ind, v):
    np.put(a, ind, v)
    return a


def put_method(a, ind, v):
    a.put(ind, v)


def layouts(shape, dtype):
    a = np.zeros(shape, dtype)
    wide = np.zeros(shape[:-1] + (2 * shape[-1],), dtype)
    return [a, np.asfortranarray(a), wide[..., ::2]]


@pytest.mark.parametrize("dtype", DTYPES)
def test_put(dtype):
    for a in layouts((3, 4), dtype) + layouts((7,), dtype):
        assert_same(put, a, 2, 5)
        assert_same(put, a, -1, 7.5)
        assert_same(put, a, np.array([0, 3, -2, 5]), np.array([1, 2, 3]))
        assert_same(put, a, np.array([[1, 2], [4, 0]]), np.array([9.5, -3.0]))
        assert_same(put_method, a, np.array([6, 1], dtype=np.uint8), np.array([True, False]))
        assert_same(put, a, np.array([1, 1, 1]), np.array([1, 2, 3]))
        assert_same(put, a, np.array([0, 1]), np.zeros((2, 2), dtype)[::-1])


def test_put_errors_and_empty():
    for a in layouts((3, 4), np.float64) + layouts((7,), np.float64):
        assert_same(put, a, np.array([0, 5, 100, 1]), np.array([7.0, 8.0, 9.0]))
        assert_same(put, a, -100, 1.0)
        assert_same(put, a, np.array([100]), np.zeros(0))
        assert_same(put, a, np.zeros(0, np.int64), 1.0)
    assert_same(put, np.zeros(0), np.array([0]), 1.0)
    assert_same(put, np.zeros(0), np.zeros(0, np.int64), 1.0)


def put_float_ind(a):
    np.put(a, np.array([1.0]), 1)


def put_uint64_ind(a):
    np.put(a, np.array([1], dtype=np.uint64), 1)


def put_clip(a):
    np.put(a, 0, 1, mode="clip")


def put_read_only(a):
    np.put(a, 0, 1)


@pytest.mark.requires_jit
def test_refused_at_compile_time():
    a = np.zeros(3)
    ro = np.zeros(3)
    ro.flags.writeable = False
    typing, unsupported = oxjit.errors.TypingError, oxjit.errors.UnsupportedError
    cases = [
        (put_float_ind, (a,), "np.put(a, np.array([1.0]), 1)", typing, "Cannot cast array data from dtype('float64') to dtype('int64') according to the rule 'safe'"),
        (put_uint64_ind, (a,), "np.put(a, np.array([1], dtype=np.uint64), 1)", typing, "Cannot cast array data from dtype('uint64') to dtype('int64') according to the rule 'safe'"),
        (put_clip, (a,), 'np.put(a, 0, 1, mode="clip")', unsupported, "only mode='raise' is supported"),
        (put_read_only, (ro,), "np.put(a, 0, 1)", typing, "assignment destination is read-only"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg
