"""`np.median`, `np.nanmedian`, `np.percentile` and `np.quantile` (method 'linear') of whole
arrays, compared with NumPy exactly: values bit for bit (NumPy's virtual index, its difference
in the array's dtype and its two-sided interpolation), result types (a float32 array with a
Python q stays float32; an array q gives float64), NaN, empty arrays and NumPy's errors."""

import warnings

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

DTYPES = [np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64,
          np.float32, np.float64]  # fmt: skip


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def sample(shape, dtype):
    n = int(np.prod(shape))
    rng = np.random.default_rng(n + 5)
    if np.dtype(dtype).kind in "iu":
        info = np.iinfo(dtype)
        return rng.integers(info.min, info.max, n, dtype=dtype, endpoint=True).reshape(shape)
    return (rng.normal(0, 1, n) * 10.0 ** rng.integers(-3, 4, n)).astype(dtype).reshape(shape)


def layouts(shape, dtype):
    a = sample(shape, dtype)
    return [a, np.asfortranarray(a), a[..., ::2], a[::-1]]


def median(a):
    return np.full(1, np.median(a))


def nanmedian(a):
    return np.full(1, np.nanmedian(a))


def percentile(a, q):
    return np.full(1, np.percentile(a, q))


def quantile(a, q):
    return np.full(1, np.quantile(a, q))


def percentiles(a, q):
    return np.percentile(a, q)


def quantiles(a, q):
    return np.quantile(a, q)


QS = [0.0, 0.1, 0.25, 0.3, 0.5, 0.7, 0.75, 0.9, 0.999, 1.0, 1 / 3]


@pytest.mark.parametrize("dtype", DTYPES)
def test_median_and_quantiles(dtype):
    for shape in [(1,), (2,), (7,), (10,), (3, 5), (2, 3, 4)]:
        for a in layouts(shape, dtype):
            assert_same(median, a)
            assert_same(nanmedian, a)
            for q in QS:
                assert_same(quantile, a, q)
                assert_same(percentile, a, q * 100)
            assert_same(percentile, a, 30)
            assert_same(quantiles, a, np.array(QS))
            assert_same(percentiles, a, np.array(QS) * 100)
            assert_same(percentiles, a, np.array([0, 30, 50, 100]))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_nan_inf_and_empty(dtype):
    for a in (np.array([3.0, np.nan, 1.0], dtype), np.array([np.nan], dtype),
              np.array([np.inf, 1.0, -np.inf], dtype), np.array([np.inf, np.inf], dtype),
              np.array([-0.0, 0.0, -0.0], dtype), np.zeros(0, dtype),
              np.array([np.nan, np.nan, 2.0, 4.0], dtype)):  # fmt: skip
        assert_same(median, a)
        assert_same(nanmedian, a)
        for q in (0.0, 0.5, 0.8, 1.0):
            assert_same(quantile, a, q)
        assert_same(quantiles, a, np.array([0.2, 1.0]))
    assert_same(median, np.zeros(0, np.int64))


def test_errors():
    a = np.arange(5.0)
    for q in (-0.1, 1.5, np.nan):
        assert_same(quantile, a, q)
        assert_same(percentile, a, q * 100)
        assert_same(quantiles, a, np.array([0.5, q]))
    assert_same(quantile, np.zeros(0), 0.5)
    assert_same(quantiles, np.zeros(0), np.array([0.5]))
    assert_same(median, np.array([True, False, True]))


def quantile_axis(a):
    return np.quantile(a, 0.5, axis=0)


def quantile_method(a):
    return np.quantile(a, 0.5, method="nearest")


def quantile_int_q(a):
    return np.quantile(a, 1)


def percentile_bool(a):
    return np.percentile(a, 50)


def percentile_complex(a):
    return np.percentile(a, 50)


def median_overwrite(a):
    return np.median(a, overwrite_input=True)


def quantile_2d_q(a):
    return np.quantile(a, np.ones((2, 2)) / 2)


@pytest.mark.requires_jit
def test_refused_at_compile_time():
    a = np.arange(4.0)
    typing, unsupported = oxjit.errors.TypingError, oxjit.errors.UnsupportedError
    cases = [
        (quantile_axis, (a,), "np.quantile(a, 0.5, axis=0)", unsupported, "axis=, out= and keepdims= are not supported yet"),
        (quantile_method, (a,), 'np.quantile(a, 0.5, method="nearest")', unsupported, "only method='linear' is supported"),
        (quantile_int_q, (a,), "np.quantile(a, 1)", unsupported, "q must be a float or an array of floats"),
        (percentile_bool, (a > 1,), "np.percentile(a, 50)", typing, "numpy boolean subtract"),
        (percentile_complex, (a + 1j,), "np.percentile(a, 50)", typing, "a must be an array of real numbers"),
        (median_overwrite, (a,), "np.median(a, overwrite_input=True)", unsupported, "only overwrite_input=False"),
        (quantile_2d_q, (a,), "np.quantile(a, np.ones((2, 2)) / 2)", unsupported, "q must be a number or a 1-d array"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg


@pytest.mark.requires_jit
def test_no_leaks():
    from test_nrt import assert_no_leak

    a = sample((4, 5), np.float64)
    assert_no_leak(median, a)
    assert_no_leak(quantiles, a, np.array([0.1, 0.9]))
    assert_no_leak(quantiles, a, np.array([0.1, 1.9]), expect_raise=ValueError)
    assert_no_leak(quantile, np.zeros(0), 0.5, expect_raise=IndexError)


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.float64])
def test_empty_array_index_error_as_numpy(dtype):
    # NumPy's message names index -1 for float arrays (it reads the last item for a NaN) and
    # for a first quantile of 0; index 0 otherwise (fuzz seed 7,101,150).
    empty = np.array([], dtype=dtype)
    for q in (10.0, 0.0, 100.0):
        assert_same(percentile, empty, q)
    for qs in ([0.0, 50.0], [50.0, 0.0], [10.0, 50.0, 90.0]):
        assert_same(percentiles, empty, np.array(qs))
    for q in (0.5, 0.0):
        assert_same(quantile, empty, q)
    assert_same(quantiles, empty, np.array([0.5, 0.0]))


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64, np.uint8, np.bool_])
def test_median_of_large_arrays(dtype):
    # Medians by selection (no sort): Numba's benchmark arrays (sorted, ascending then
    # descending, random, many duplicates), even and odd sizes.
    rnd = np.random.RandomState(42)
    n = 10001
    arrays = [
        np.linspace(1.0, 100.0, n),
        np.concatenate([np.linspace(1.0, 100.0, n // 4), np.linspace(100.0, 1.0, 3 * n // 4)]),
        rnd.uniform(1.0, 100.0, n),
        np.floor(rnd.uniform(1.0, 100.0, n)),
    ]
    for a in arrays:
        a = a.astype(dtype)
        for b in (a, a[:-1], a[::-3], a[1:]):
            assert_same(median, b)
            assert_same(nanmedian, b)
