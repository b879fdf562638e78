"""The reductions that skip NaNs (`np.nansum nanprod nanmean nanmax nanmin nanargmax nanargmin
nanstd nanvar nancumsum nancumprod`), compared with NumPy exactly: values bit for bit (sums
rounded as NumPy's pairwise sums over the array's memory order), result types, all-NaN and
empty arrays (NumPy's errors; NaN where NumPy returns NaN with a warning), integer arrays
(NumPy's plain reductions, `axis=` included), layouts; refusals at compile time."""

import warnings

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

INTS = [np.bool_, np.int8, np.uint8, np.int32, np.uint32, np.int64, np.uint64]


@pytest.fixture(autouse=True)
def _quiet():
    """NumPy warns for all-NaN slices and degrees of freedom <= 0; compiled code returns the
    same NaN without the warning."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def sample(shape, dtype=np.float64, nans=True):
    """Values of both signs and magnitudes (so that the order of a sum shows), with NaNs."""
    n = int(np.prod(shape))
    rng = np.random.default_rng(n + 1)
    if np.dtype(dtype).kind in "biu":
        return rng.integers(0, 100, n).astype(dtype).reshape(shape)
    v = rng.normal(0, 1, n) * 10.0 ** rng.integers(-3, 4, n)
    if nans:
        v[rng.integers(0, n, max(1, n // 4))] = np.nan
    return v.astype(dtype).reshape(shape)


def layouts(shape, dtype=np.float64, nans=True):
    a = sample(shape, dtype, nans)
    wide = np.zeros(shape[:-1] + (2 * shape[-1],), dtype=dtype)
    wide[..., ::2] = a
    out = [a, np.asfortranarray(a), wide[..., ::2], a[::-1]]
    if len(shape) == 3:
        out.append(a.transpose(1, 0, 2))
    return out


def wrapped(f):
    def fn(a):
        return np.full(1, f(a))

    fn.__name__ = f"{f.__name__}_wrapped"
    return fn


NAN_FNS = [np.nansum, np.nanprod, np.nanmean, np.nanmax, np.nanmin, np.nanargmax,
           np.nanargmin, np.nanstd, np.nanvar]  # fmt: skip
NANSUM, NANPROD, NANMEAN, NANMAX, NANMIN, NANARGMAX, NANARGMIN, NANSTD, NANVAR = map(
    wrapped, NAN_FNS
)
SCALARS = [NANSUM, NANPROD, NANMEAN, NANMAX, NANMIN, NANARGMAX, NANARGMIN, NANSTD, NANVAR]


def nancumsum(a):
    return np.nancumsum(a)


def nancumprod(a):
    return np.nancumprod(a)


def nanstd_ddof(a, d):
    return np.full(1, np.nanstd(a, ddof=d))


def nanvar_ddof(a, d):
    return np.full(1, np.nanvar(a, ddof=d))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(7,), (40,), (300,), (5, 9), (3, 4, 5)])
def test_nan_reductions_floats(dtype, shape):
    for a in layouts(shape, dtype) + layouts(shape, dtype, nans=False):
        for fn in SCALARS + [nancumsum, nancumprod]:
            assert_same(fn, a)
        for d in (0, 1, 3):
            assert_same(nanstd_ddof, a, d)
            assert_same(nanvar_ddof, a, d)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_all_nan_empty_and_infinities(dtype):
    for a in (np.full(4, np.nan, dtype), np.zeros(0, dtype), np.array([np.nan], dtype),
              np.array([np.inf, np.nan, -np.inf], dtype), np.array([np.nan, -np.inf], dtype),
              np.array([-0.0, np.nan], dtype), np.array([1.0, 2.0], dtype)):  # fmt: skip
        for fn in SCALARS + [nancumsum, nancumprod]:
            assert_same(fn, a)
        for d in (1, 2, 5):
            assert_same(nanvar_ddof, a, d)


def nansum_axis(a):
    return np.nansum(a, axis=0)


def nanmean_axis(a):
    return np.nanmean(a, axis=1)


def nanargmax_axis(a):
    return np.nanargmax(a, axis=0)


@pytest.mark.parametrize("dtype", INTS)
def test_integer_arrays_are_plain_reductions(dtype):
    for a in layouts((4, 6), dtype):
        for fn in SCALARS + [nancumsum, nancumprod]:
            if dtype is np.bool_ and fn in (NANSTD, NANVAR, NANMEAN):
                continue
            assert_same(fn, a)
        assert_same(nansum_axis, a)
        assert_same(nanargmax_axis, a)
        if dtype is not np.bool_:
            assert_same(nanmean_axis, a)
    empty = np.zeros(0, dtype)
    for fn in (NANMAX, NANMIN, NANARGMAX, NANARGMIN, NANSUM):
        assert_same(fn, empty)


def nanmax_axis(a):
    return np.nanmax(a, axis=0)


def nansum_keepdims(a):
    return np.nansum(a, keepdims=True)


def nansum_scalar(x):
    return np.nansum(x)


@pytest.mark.requires_jit
def test_refused_at_compile_time():
    a = np.ones((2, 3))
    unsupported = oxjit.errors.UnsupportedError
    cases = [
        (nanmax_axis, (a,), "np.nanmax(a, axis=0)", unsupported, "nanmax() of a float array: axis=, dtype=, out= and keepdims= are not supported yet"),
        (nansum_keepdims, (a,), "np.nansum(a, keepdims=True)", unsupported, "nansum() of a float array"),
        (nansum_scalar, (1.0,), "np.nansum(x)", unsupported, "nansum() of float64 is not supported (arrays only)"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg


@pytest.mark.requires_jit
def test_no_leaks():
    from test_nrt import assert_no_leak

    a = sample((4, 5))
    for fn in (NANSUM, NANMEAN, NANVAR, NANSTD, nancumsum, nancumprod):
        assert_no_leak(fn, a)
