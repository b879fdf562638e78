"""min, max, argmin, argmax and the NaN-skipping reductions (nanmin, nanmax, nanargmin,
nanargmax, nansum, nanprod, nanmean, nanvar, nanstd) of whole complex arrays, compared with NumPy: complex numbers
ordered lexicographically (real part, then imaginary part), a NaN in either part propagated by
min/max (the first one) and skipped by the nan* functions, as NumPy's loops do; values, dtypes,
result types, exception class and message; nanvar/nanstd as NumPy's steps (the complex mean,
each deviation times its conjugate, a float result). What stays refused (an axis) is a compile
error naming the line."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

NAN = float("nan")
INF = float("inf")


# Compiled code returns Python numbers: each result goes into a 0-d array, so that its dtype
# (and the signs of zero parts) are compared too.


def extremes(a):
    return (
        np.asarray(np.min(a)),
        np.asarray(np.max(a)),
        np.asarray(np.argmin(a)),
        np.asarray(np.argmax(a)),
    )


def methods(a):
    return np.asarray(a.min()), np.asarray(a.max()), np.asarray(a.argmin()), np.asarray(a.argmax())


def nan_extremes(a):
    return np.asarray(np.nanmin(a)), np.asarray(np.nanmax(a))


def nan_args(a):
    return np.asarray(np.nanargmin(a)), np.asarray(np.nanargmax(a))


def nan_sums(a):
    return np.asarray(np.nansum(a)), np.asarray(np.nanprod(a)), np.asarray(np.nanmean(a))


def nan_moments(a, ddof):
    return np.asarray(np.nanvar(a, ddof=ddof)), np.asarray(np.nanstd(a, ddof=ddof))


CASES = [
    np.array([1 + 2j, 1 + 3j, 0 + 5j, 1 - 1j]),
    np.array([3 + 0j, 3 + 0j, -1 + 0j, -1 + 0j]),
    np.array([2 + 1j]),
    np.array([1 + 1j, complex(NAN, 0), 5 + 0j, complex(0, NAN)]),
    np.array([complex(0, NAN), 1 + 1j, complex(NAN, 2)]),
    np.array([5 + 1j, complex(5, NAN), 5 + 2j, 4 + 0j]),
    np.array([complex(INF, 1), complex(-INF, 0), 0j, complex(INF, -1)]),
    np.array([0j, complex(-0.0, 0), complex(0, -0.0), complex(-0.0, -0.0)]),
    np.array([[1 + 1j, 2 - 2j], [2 + 3j, -1 + 9j]]),
    np.array([[1 + 1j, 2 - 2j], [2 + 3j, -1 + 9j]]).T,
    np.arange(12.0).reshape(3, 4)[:, ::2] * (1 - 1j),
    np.array([1 + 2j, 3 - 1j, 3 - 2j], dtype=np.complex64),
    np.array([complex(NAN, NAN), complex(NAN, 1)]),
]


@pytest.mark.parametrize("a", CASES)
def test_min_max_argmin_argmax(a):
    assert_same(extremes, a)
    assert_same(methods, a)


@pytest.mark.parametrize("a", CASES)
def test_nan_reductions(a):
    assert_same(nan_extremes, a)
    assert_same(nan_args, a)
    assert_same(nan_sums, a)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("a", CASES + [np.zeros(0, np.complex128), np.full(3, complex(NAN, 1))])
@pytest.mark.parametrize("ddof", [0, 1, 3])
def test_nanvar_nanstd(a, ddof):
    assert_same(nan_moments, a, ddof)


@pytest.mark.parametrize("n", [7, 100, 1000, 20000])
@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_nanvar_nanstd_round_as_numpy(n, dtype):
    rng = np.random.default_rng(n)
    a = (rng.standard_normal(n) * 1e3 + 1j * rng.standard_normal(n)).astype(dtype)
    a[::7] = complex(NAN, 0)
    assert_same(nan_moments, a, 0)
    assert_same(nan_moments, a[::3], 1)
    assert_same(nan_moments, a[: n // 2 * 2].reshape(2, -1), 1)


def test_empty_arrays_raise_as_numpy():
    e = np.zeros(0, dtype=np.complex128)
    assert_same(extremes, e)
    assert_same(nan_extremes, e)
    assert_same(nan_args, e)


def test_all_nan_nanargmax_raises_as_numpy():
    assert_same(nan_args, np.array([complex(NAN, 0), complex(1, NAN)]))


def max_axis(a):
    return np.max(a, axis=0)


def nanvar_axis(a):
    return np.nanvar(a, axis=0)


def test_axis_stays_refused():
    a = np.array([[1 + 1j, 2j]])
    e = compile_error(max_axis, a)
    assert "max(axis=...) of complex arrays is not supported yet" in str(e)
    assert_diagnostic(e, max_axis, "np.max(a, axis=0)", oxjit.errors.UnsupportedError)
    e = compile_error(nanvar_axis, a)
    assert "axis=" in str(e)
    assert_diagnostic(e, nanvar_axis, "np.nanvar(a, axis=0)", oxjit.errors.UnsupportedError)
