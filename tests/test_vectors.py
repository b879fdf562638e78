"""`np.cross` (3-vectors, stacks broadcast) and `np.vander`, compared with NumPy exactly:
values (NumPy's products and differences in the common dtype, integers wrapping), dtypes,
shapes, layouts, and NumPy's errors."""

import warnings

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

DTYPES = [np.int8, np.uint8, np.int32, np.int64, np.uint64, np.float32, np.float64,
          np.complex64, np.complex128]  # fmt: skip


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def sample(shape, dtype):
    n = int(np.prod(shape))
    values = (np.arange(1, n + 1) * 7 % 13 * 19 % 251 - 100) / 3
    if np.dtype(dtype).kind == "c":
        return (values + 1j * values[::-1]).astype(dtype).reshape(shape)
    return values.astype(dtype).reshape(shape)


def cross(a, b):
    return np.cross(a, b)


@pytest.mark.parametrize("dtype", DTYPES[:-2])
def test_cross(dtype):
    a, b = sample((4, 3), dtype), sample((4, 3), dtype)[::-1]
    assert_same(cross, a[0], b[0])
    assert_same(cross, a, b)
    assert_same(cross, np.asfortranarray(a), b)
    assert_same(cross, a[::2], b[0])
    assert_same(cross, sample((2, 1, 3), dtype), sample((5, 3), dtype))
    assert_same(cross, a, b.astype(np.float64))


def test_cross_specials_and_errors():
    a = np.array([np.inf, np.nan, 1e308, -0.0, 2.0, 3.0]).reshape(2, 3)
    assert_same(cross, a, a[::-1])
    assert_same(
        cross, np.array([1, 2, 3], dtype=np.int8), np.array([100, -100, 127], dtype=np.int8)
    )
    assert_same(cross, np.ones(4), np.ones(3))
    assert_same(cross, np.ones((2, 3)), np.ones((3, 3)))
    assert_same(cross, np.ones((2, 4, 3)), np.ones((3, 3, 3)))
    assert_same(cross, np.ones((2, 4, 3)), np.ones((1, 3)))


def test_cross_of_a_2_vector_and_a_3_vector():
    # NumPy takes the missing component for 0, with its products and negations (-0.0 kept).
    pairs = [
        (np.array([1, 2]), np.array([3, 4, 5])),
        (np.array([1.5, -2.0, 0.0]), np.array([0.0, 2.0])),
        (np.array([[0.0, 1.0], [2.0, -3.0]]), np.array([1.0, 0.0, -0.0])),
        (np.array([2**62, 3], dtype=np.int64), np.array([[5, 7, 2**61]])),
        (np.array([1, 2], dtype=np.uint8), np.array([3, 4, 5], dtype=np.uint8)),
        (np.arange(12.0).reshape(2, 3, 2)[:, ::2], np.array([1.0, 2.0, 3.0])),
    ]
    for a, b in pairs:
        assert_same(cross, a, b)
        assert_same(cross, b, a)


def test_cross_of_2_vectors_raises_as_numba():
    # NumPy 2 deprecates them (its result has one dimension fewer, known only at run time):
    # a ValueError, as Numba's np.cross raises, for arrays and for sequences alike.
    f = oxjit.njit(cross)
    for a, b in [(np.ones(2), np.ones(2)), (np.ones((3, 2)), np.ones(2)), ((1, 2), [3, 4])]:
        with pytest.raises(ValueError, match="np.cross\\(\\) of 2-vectors is not supported"):
            f(a, b)


def vander(x):
    return np.vander(x)


def vander_n(x, n):
    return np.vander(x, n)


def vander_inc(x, n):
    return np.vander(x, n, increasing=True)


@pytest.mark.parametrize("dtype", DTYPES[:-2] + [np.bool_, np.int16, np.uint32])
def test_vander(dtype):
    x = sample((5,), dtype) if dtype is not np.bool_ else np.array([True, False, True])
    for v in (x, x[::-1], x[::2]):
        assert_same(vander, v)
        for n in (0, 1, 2, 4, 7):
            assert_same(vander_n, v, n)
            assert_same(vander_inc, v, n)
    assert_same(vander, np.zeros(0, dtype))
    assert_same(vander_n, x, -1)


def test_vander_wraps_and_specials():
    assert_same(vander_n, np.array([3, -2, 255], dtype=np.int64), 45)
    assert_same(vander_n, np.array([np.inf, np.nan, -0.0, 1e200]), 4)


def cross_axis(a):
    return np.cross(a, a, axis=0)


def cross_bool(a):
    return np.cross(a, a)


def vander_2d(a):
    return np.vander(a)


def vander_float_n(a):
    return np.vander(a, 2.0)


@pytest.mark.requires_jit
def test_refused_at_compile_time():
    a = np.ones((2, 3))
    typing, unsupported = oxjit.errors.TypingError, oxjit.errors.UnsupportedError
    cases = [
        (cross_axis, (a,), "np.cross(a, a, axis=0)", unsupported, "the last axis"),
        (cross_bool, (a > 0,), "np.cross(a, a)", typing, "numpy boolean subtract"),
        (cross_bool, (a + 1j,), "np.cross(a, a)", unsupported, "cross() of complex vectors is not supported yet"),
        (vander_2d, (a[0] + 1j,), "np.vander(a)", unsupported, "vander() of complex numbers is not supported yet"),
        (vander_2d, (a,), "np.vander(a)", typing, "x must be a one-dimensional array or sequence."),
        (vander_float_n, (a[0],), "np.vander(a, 2.0)", typing, "N must be an integer or None"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg


@pytest.mark.requires_jit
def test_no_leaks():
    from test_nrt import assert_no_leak

    a = sample((4, 3), np.float64)
    assert_no_leak(cross, a, a[::-1])
    assert_no_leak(vander_n, a[0], 4)
