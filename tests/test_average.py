"""`np.average`: without weights (`a.mean(axis)`), with weights of `a`'s shape or 1-d along the
axis; NumPy's result dtypes (float64 for integers, float32 for float32 with small weights), sums
rounded as NumPy's, and NumPy's errors (weights' shapes, weights summing to zero). Compared with
NumPy exactly."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

REAL = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
        np.uint64, np.float32, np.float64]  # fmt: skip


def sample(shape, dtype=np.float64, seed=0):
    values = np.random.default_rng(seed).integers(1, 50, size=shape)
    if np.dtype(dtype).kind == "f":
        values = values / 7.0
    return values.astype(dtype)


def layouts(shape, dtype=np.float64, seed=0):
    a = sample(shape, dtype, seed)
    wide = np.zeros(shape[:-1] + (2 * shape[-1],), dtype=dtype)
    wide[..., ::2] = a
    return [a, np.asfortranarray(a), wide[..., ::2]]


# np.full(1, x): compiled code returns NumPy scalars as Python numbers (as Numba does), so a
# scalar result goes into an array of its dtype to compare that too.
def average(a):
    return np.full(1, np.average(a))


def average_0(a):
    return np.average(a, axis=0)


def average_last(a):
    return np.average(a, -1)


def weighted(a, w):
    return np.full(1, np.average(a, weights=w))


def weighted_0(a, w):
    return np.average(a, 0, w)


def weighted_last(a, w):
    return np.average(a, axis=-1, weights=w, returned=False)


@pytest.mark.parametrize("dtype", REAL + [np.complex128])
def test_average_without_weights(dtype):
    complex_ = dtype is np.complex128
    # a.mean() of complex arrays: whole contiguous ones only (refused otherwise, as mean is).
    for a in layouts((3, 4), dtype)[: 2 if complex_ else 3]:
        assert_same(average, a)
        if not complex_:
            assert_same(average_0, a)
            assert_same(average_last, a)


@pytest.mark.parametrize("dtype", REAL)
@pytest.mark.parametrize(
    "wdtype", [np.bool_, np.int8, np.int16, np.int64, np.uint64, np.float32, np.float64]
)
def test_average_weighted_dtypes(dtype, wdtype):
    a = sample((3, 4), dtype)
    w = sample((3, 4), wdtype, seed=1)
    assert_same(weighted, a, w)
    assert_same(weighted_0, a, w)
    assert_same(weighted_last, a, w)
    assert_same(weighted_0, a, sample((3,), wdtype, seed=2))
    assert_same(weighted_last, a, sample((4,), wdtype, seed=3))


def average_0_of_1d(a):
    return np.full(1, np.average(a, axis=0))


def weighted_last_of_1d(a, w):
    return np.full(1, np.average(a, axis=-1, weights=w))


def test_average_of_1d_along_its_axis():
    for a in layouts((7,)):
        assert_same(average_0_of_1d, a)
        for w in layouts((7,), np.float32, seed=4):
            assert_same(weighted_last_of_1d, a, w)
            assert_same(weighted, a, w)
    assert_same(weighted_last_of_1d, sample((7,)), np.ones(3))
    assert_same(weighted_last_of_1d, sample((3,)), np.array([1.0, -1.0, 0.0]))


@pytest.mark.parametrize("shape", [(3, 5), (2, 3, 4), (3, 700)])
def test_average_shapes_and_layouts(shape):
    for a in layouts(shape):
        assert_same(average, a)
        assert_same(average_0, a)
        assert_same(average_last, a)
        for w in layouts(shape, seed=4):
            assert_same(weighted, a, w)
            assert_same(weighted_0, a, w)
            assert_same(weighted_last, a, w)
        assert_same(weighted_0, a, sample(shape[:1], seed=5))
        assert_same(weighted_last, a, sample(shape[-1:], np.float32, seed=6))


def test_average_errors_as_numpys():
    a = sample((3, 4))
    # Weights summing to zero.
    assert_same(weighted, a, np.zeros((3, 4)))
    w = np.ones((3, 4))
    w[:, 1] = [1.0, -2.0, 1.0]
    assert_same(weighted_0, a, w)
    assert_same(weighted_last, a, w)
    assert_same(weighted_last, a, np.array([1.0, -1.0, 2.0, -2.0]))
    # Weights of another shape.
    assert_same(weighted, a, np.ones((4, 3)))
    assert_same(weighted_0, a, np.ones((4, 3)))
    assert_same(weighted_0, a, np.ones(4))
    assert_same(weighted_last, a, np.ones(3))
    # Empty arrays: the mean's warning and NaN; weights summing to 0.
    assert_same(weighted, np.zeros(0), np.zeros(0))
    assert_same(weighted_0, np.zeros((0, 3)), np.zeros((0, 3)))


def weighted_of_3d(a, w):
    return np.average(a, axis=0, weights=w)


def average_returned(a):
    return np.average(a, returned=True)


def average_runtime_axis(a, k):
    return np.average(a, axis=k)


def weighted_runtime_axis(a, k, w):
    return np.average(a, axis=k, weights=w)


def test_average_axis_at_run_time():
    # Without weights it is `a.mean(axis=k)`, whose axis may be known only at run time.
    a = sample((2, 3))
    for k in (0, 1, -1, -2):
        assert_same(average_runtime_axis, a, k)


def average_keepdims(a):
    return np.average(a, keepdims=True)


def average_number(x):
    return np.average(x)


def average_complex_weights(a, w):
    return np.average(a, weights=w)


@pytest.mark.requires_jit
def test_average_refused_at_compile_time():
    a = sample((2, 3))
    typing, unsupported = oxjit.errors.TypingError, oxjit.errors.UnsupportedError
    cases = [
        (average_returned, (a,), "np.average(a, returned=True)", unsupported, "average(returned=True) is not supported"),
        (average_keepdims, (a,), "np.average(a, keepdims=True)", unsupported, "average(keepdims=True) is not supported"),
        (weighted_runtime_axis, (a, 0, np.ones(2)), "np.average(a, axis=k, weights=w)", typing, "axis must be a constant integer"),
        (average_number, (2.0,), "np.average(x)", unsupported, "average() of float64 is not supported"),
        (average_complex_weights, (a + 1j, a), "np.average(a, weights=w)", unsupported, "complex numbers with weights"),
        (weighted, (a, np.ones(6)), "np.average(a, weights=w)", typing, "Axis must be specified when shapes of a and weights differ."),
        (weighted_of_3d, (np.ones((2, 3, 4)), a), "np.average(a, axis=0, weights=w)", typing, "Shape of weights must be consistent with shape of a along specified axis."),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg
