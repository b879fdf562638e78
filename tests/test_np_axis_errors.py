"""A constant axis out of range: NumPy raises `numpy.exceptions.AxisError` (a `ValueError` and
an `IndexError`) with its message; compiled code refuses the call when compiling, with an
`oxjit.errors.AxisTypingError`, a `TypingError` that is also NumPy's `AxisError`, NumPy's
message after the location."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, pure_python

AxisError = np.exceptions.AxisError


def count_nonzero(a):
    return np.count_nonzero(a, axis=2)


def count_nonzero_negative(a):
    return np.count_nonzero(a, axis=-3)


def np_sum(a):
    return np.sum(a, axis=2)


def method_sum(a):
    return a.sum(axis=-3)


def mean(a):
    return np.mean(a, axis=5)


def argmax(a):
    return np.argmax(a, axis=2)


def cumsum(a):
    return np.cumsum(a, axis=2)


def amax(a):
    return np.max(a, axis=2)


def nansum(a):
    return np.nansum(a, axis=2)


def flip(a):
    return np.flip(a, axis=2)


def concatenate(a):
    return np.concatenate((a, a), axis=2)


def add_reduce(a):
    return np.add.reduce(a, axis=2)


def fft(a):
    return np.fft.fft(a, n=3, axis=2)


def norm(a):
    return np.linalg.norm(a, axis=(0, 2))


def std(a):
    return a.std(axis=2)


def expand_dims(a):
    return np.expand_dims(a, axis=4)


def take(a):
    return np.take(a, np.array([0]), axis=2)


CASES = [
    (count_nonzero, "np.count_nonzero(a, axis=2)"),
    (count_nonzero_negative, "np.count_nonzero(a, axis=-3)"),
    (np_sum, "np.sum(a, axis=2)"),
    (method_sum, "a.sum(axis=-3)"),
    (mean, "np.mean(a, axis=5)"),
    (argmax, "np.argmax(a, axis=2)"),
    (cumsum, "np.cumsum(a, axis=2)"),
    (amax, "np.max(a, axis=2)"),
    (nansum, "np.nansum(a, axis=2)"),
    (flip, "np.flip(a, axis=2)"),
    (concatenate, "np.concatenate((a, a), axis=2)"),
    (add_reduce, "np.add.reduce(a, axis=2)"),
    (fft, "np.fft.fft(a, n=3, axis=2)"),
    (norm, "np.linalg.norm(a, axis=(0, 2))"),
    (std, "a.std(axis=2)"),
    (expand_dims, "np.expand_dims(a, axis=4)"),
    (take, "np.take(a, np.array([0]), axis=2)"),
]


@pytest.mark.parametrize("fn, snippet", CASES, ids=[f.__name__ for f, _ in CASES])
def test_axis_error_as_numpys(fn, snippet):
    a = np.ones((2, 3))
    with pytest.raises(AxisError) as expected:
        pure_python(fn)(a)
    with pytest.raises(AxisError) as got:
        oxjit.njit(fn)(a)
    exc = got.value
    # NumPy's class (a ValueError and an IndexError too) and message, at the call's location.
    assert isinstance(exc, (ValueError, IndexError))
    assert str(expected.value) in str(exc), (str(expected.value), str(exc))
    assert_diagnostic(exc, fn, snippet, oxjit.errors.TypingError)


def in_range(a):
    return np.count_nonzero(a, axis=-2), np.sum(a, axis=1)


def test_axes_in_range_still_compile():
    a = np.arange(6.0).reshape(2, 3)
    got = oxjit.njit(in_range)(a)
    assert np.array_equal(got[0], in_range(a)[0]) and np.array_equal(got[1], in_range(a)[1])


def not_an_axis_error(a):
    return np.sum(a, axis=1.5)


def test_other_axis_errors_stay_typing_errors():
    with pytest.raises(oxjit.errors.TypingError) as info:
        oxjit.njit(not_an_axis_error)(np.ones((2, 3)))
    assert not isinstance(info.value, AxisError)


def moveaxis(a):
    return np.moveaxis(a, 3, 0)


def swapaxes(a):
    return np.swapaxes(a, 0, 2)


@pytest.mark.parametrize("fn", [moveaxis, swapaxes])
def test_axis_error_naming_the_parameter(fn):
    a = np.ones((2, 3))
    with pytest.raises(AxisError) as expected:
        pure_python(fn)(a)
    with pytest.raises(AxisError) as got:
        oxjit.njit(fn)(a)
    assert isinstance(got.value, oxjit.errors.TypingError)
    assert str(expected.value) in str(got.value), (str(expected.value), str(got.value))
