"""Functions over the items of an array in order: `np.diff` and `np.searchsorted`. Compared with
NumPy exactly: values, dtype, shape and layout flags, memory sharing (`diff(a, 0)` is `a`), over
every dtype, 1-d to 3-d arrays in C, F and non-contiguous layouts, NaN, empty arrays, unsorted
arrays (NumPy's binary search step for step), and NumPy's errors."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
          np.uint64, np.float32, np.float64, np.complex64, np.complex128]  # fmt: skip


def sample(shape, dtype=np.float64):
    """Values that are not in order (differences of both signs) in an array of `shape`."""
    n = int(np.prod(shape))
    values = np.arange(1, n + 1) * 7 % 13 * 19 % 251
    if np.dtype(dtype).kind == "c":
        return (values + 1j * values[::-1]).astype(dtype).reshape(shape)
    return values.astype(dtype).reshape(shape)


def layouts(shape, dtype=np.float64):
    """The same values in a C array, an F array and a non-contiguous view."""
    a = sample(shape, dtype)
    wide = np.zeros(shape[:-1] + (2 * shape[-1],), dtype=dtype)
    wide[..., ::2] = a
    return [a, np.asfortranarray(a), wide[..., ::2]]


# ------------------------------------------------------------------------------------------------
# np.diff


def diff(a):
    return np.diff(a)


def diff_n(a, n):
    return np.diff(a, n)


def diff_axis0(a, n):
    return np.diff(a, n, axis=0)


def diff_axis1(a, n):
    return np.diff(a, n=n, axis=1)


def diff_last(a, n):
    return np.diff(a, n, -1)


@pytest.mark.parametrize("dtype", DTYPES)
def test_diff_dtypes(dtype):
    for a in layouts((9,), dtype) + layouts((3, 5), dtype):
        assert_same(diff, a)
        for n in (0, 1, 2, 3):
            assert_same(diff_n, a, n)
            assert_same(diff_axis0, a, n)


@pytest.mark.parametrize("shape", [(6,), (3, 5), (2, 3, 4), (4, 1, 3)])
def test_diff_shapes_layouts_orders(shape):
    for a in layouts(shape):
        for n in (0, 1, 2, 5, 6, 7, 100):
            assert_same(diff_n, a, n)
            assert_same(diff_axis0, a, n)
            assert_same(diff_last, a, n)
            if len(shape) > 1:
                assert_same(diff_axis1, a, n)


def test_diff_wraps_rounds_and_nan():
    assert_same(diff_n, np.array([0, 255, 1, 128], dtype=np.uint8), 2)
    assert_same(diff_n, np.array([-128, 127, -128], dtype=np.int8), 1)
    assert_same(diff_n, np.array([1e16, 1.0, -1e16, 3.0, 0.1]), 3)
    assert_same(diff_n, np.array([1.0, np.nan, np.inf, -np.inf, 2.0]), 1)
    assert_same(diff_n, np.array([0.1, 0.2, 0.7], dtype=np.float32), 2)
    assert_same(diff_n, np.array([True, False, False, True]), 2)


def test_diff_empty_and_errors():
    for a in (np.zeros(0), np.zeros((0, 3)), np.zeros((3, 0)), np.zeros(1)):
        for n in (0, 1, 2):
            assert_same(diff_n, a, n)
            assert_same(diff_axis0, a, n)
    assert_same(diff_n, np.arange(4.0), -1)
    assert_same(diff_n, np.arange(4.0), True)


def test_diff_read_only():
    frozen = sample((2, 5))
    frozen.flags.writeable = False
    for n in (1, 2):
        assert_same(diff_n, frozen, n)


def diff_axis_2(a):
    return np.diff(a, axis=2)


def diff_float_n(a):
    return np.diff(a, 1.0)


def diff_prepend(a):
    return np.diff(a, prepend=0.0)


def diff_axis_none(a):
    return np.diff(a, axis=None)


def diff_scalar(x):
    return np.diff(x)


@pytest.mark.requires_jit
def test_diff_refused_at_compile_time():
    a = sample((2, 3))
    typing, unsupported = oxjit.errors.TypingError, oxjit.errors.UnsupportedError
    cases = [
        (diff_axis_2, (a,), "np.diff(a, axis=2)", typing, "axis 2 is out of bounds for array of dimension 2"),
        (diff_float_n, (a,), "np.diff(a, 1.0)", typing, "diff(): n must be an integer, not float64"),
        (diff_prepend, (a,), "np.diff(a, prepend=0.0)", unsupported, "diff(): prepend= is not supported yet"),
        (diff_axis_none, (a,), "np.diff(a, axis=None)", typing, "diff(): axis must be an integer, not None"),
        (diff_scalar, (3.0,), "np.diff(x)", typing, "diff requires input that is at least one dimensional"),
        (diff_scalar, (np.array(3.0),), "np.diff(x)", typing, "diff requires input that is at least one dimensional"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg


# ------------------------------------------------------------------------------------------------
# np.searchsorted


def search_left(a, v):
    return np.full(1, np.searchsorted(a, v))


def search_right(a, v):
    return np.full(1, np.searchsorted(a, v, side="right"))


def search_left_kw(a, v):
    return np.full(1, np.searchsorted(a, v=v, side="left"))


def search_array_left(a, v):
    return np.searchsorted(a, v)


def search_array_right(a, v):
    return np.searchsorted(a, v, "right")


REAL = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
        np.uint64, np.float32, np.float64]  # fmt: skip


@pytest.mark.parametrize("dtype", REAL)
def test_searchsorted_dtypes(dtype):
    a = np.array([0, 1, 1, 3, 5, 5, 5, 8, 13], dtype=dtype)
    keys = np.array([0, 1, 2, 5, 6, 13, 20], dtype=dtype)
    for v in keys.tolist() + [keys[3]]:
        assert_same(search_left, a, v)
        assert_same(search_right, a, v)
        assert_same(search_left_kw, a, v)
    for view in (keys, keys[::-1], keys[::2], keys.reshape(1, 7), np.stack([keys, keys[::-1]])):
        assert_same(search_array_left, a, view)
        assert_same(search_array_right, a, view)
        assert_same(search_array_left, a[::2], view)
        assert_same(search_array_right, a[::-1], view)


def test_searchsorted_mixed_dtypes():
    f32 = np.array([0.1, 0.3, 0.5], dtype=np.float32)
    between = float(np.float32(0.3)) - 1e-12  # below the float32 0.3, above it as float32
    for v in (0.3, between, np.float64(0.3), 1, np.int64(-1)):
        assert_same(search_left, f32, v)
        assert_same(search_right, f32, v)
    u = np.array([0, 5, 2**63, 2**64 - 1], dtype=np.uint64)
    for v in (-1, 5, 2**62):
        assert_same(search_left, u, v)
        assert_same(search_right, u, v)
    ints = np.array([1, 2, 3])
    for v in (2.5, 2.0, True, np.float32(2.5)):
        assert_same(search_left, ints, v)
        assert_same(search_right, ints, v)
    assert_same(search_array_left, ints, np.array([0.5, 2.0, 3.5], dtype=np.float32))


def test_searchsorted_nan_unsorted_and_empty():
    a = np.array([1.0, 2.0, np.nan, np.nan])
    for v in (np.nan, 2.0, np.inf, -np.inf):
        assert_same(search_left, a, v)
        assert_same(search_right, a, v)
    keys = np.array([np.nan, 3.0, 1.0, np.nan, -1.0, 2.0, 2.0, 5.0])
    assert_same(search_array_left, a, keys)
    assert_same(search_array_right, a, keys)
    rng = np.random.default_rng(3)
    unsorted = rng.integers(0, 20, 40)
    keys = rng.integers(-2, 22, 60)
    for k in (keys, np.sort(keys), np.sort(keys)[::-1]):
        assert_same(search_array_left, unsorted, k)
        assert_same(search_array_right, unsorted, k)
    empty = np.zeros(0)
    assert_same(search_left, empty, 1.0)
    assert_same(search_array_right, empty, np.arange(3.0))
    assert_same(search_array_left, np.arange(3.0), empty)
    assert_same(search_array_left, np.arange(3.0), np.zeros((2, 0)))


def search_2d(a):
    return np.searchsorted(a, 1.0)


def search_side(a):
    return np.searchsorted(a, 1.0, side="middle")


def search_side_prefix(a):
    return np.searchsorted(a, 1.0, side="l")


def search_sorter(a):
    return np.searchsorted(a, 1.0, sorter=np.argsort(a))


def search_complex(a):
    return np.searchsorted(a, 1j)


@pytest.mark.requires_jit
def test_searchsorted_refused_at_compile_time():
    a = np.arange(3.0)
    typing, unsupported = oxjit.errors.TypingError, oxjit.errors.UnsupportedError
    cases = [
        (search_2d, (np.zeros((2, 2)),), "np.searchsorted(a, 1.0)", typing, "object too deep for desired array"),
        (search_side, (a,), 'np.searchsorted(a, 1.0, side="middle")', typing, "search side must be 'left' or 'right' (got 'middle')"),
        (search_side_prefix, (a,), 'np.searchsorted(a, 1.0, side="l")', typing, "search side must be one of 'left' or 'right'"),
        (search_sorter, (a,), "np.searchsorted(a, 1.0, sorter=np.argsort(a))", unsupported, "sorter= is not supported yet"),
        (search_complex, (a,), "np.searchsorted(a, 1j)", unsupported, "complex arrays are not supported yet"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg


def diff_twice_discarded(a):
    np.diff(a, 3, axis=0)
    return np.diff(a, 0)


@pytest.mark.requires_jit
def test_no_leaks():
    from test_nrt import assert_no_leak

    a = sample((4, 5))
    assert_no_leak(diff_n, a, 2)
    assert_no_leak(diff_twice_discarded, a)
    assert_no_leak(search_array_right, np.arange(5.0), a)
    assert_no_leak(interp, a, XP, FP)
    assert_no_leak(bincount_all, np.array([1, 2, 1]), np.ones(3), 4)


# ------------------------------------------------------------------------------------------------
# np.interp


def interp(x, xp, fp):
    return np.interp(x, xp, fp)


def interp_scalar(x, xp, fp):
    return np.full(1, np.interp(x, xp, fp))


def interp_bounds(x, xp, fp, lo, hi):
    return np.interp(x, xp, fp, left=lo, right=hi)


def interp_bounds_scalar(x, xp, fp, lo, hi):
    return np.full(1, np.interp(x, xp, fp, lo, hi))


XP = np.array([-1.0, 0.0, 0.5, 2.0, 2.0, 3.0, 7.25])
FP = np.array([3.0, -1.0, 0.1, 4.0, 5.0, 1e300, -2.5])


def test_interp_values_ends_and_points():
    xs = np.array([-5.0, -1.0, -0.5, 0.0, 0.3, 0.5, 1.9, 2.0, 2.5, 3.0, 7.0, 7.25, 8.0, 1e308])
    assert_same(interp, xs, XP, FP)
    for x in xs.tolist() + [np.nan, np.inf, -np.inf]:
        assert_same(interp_scalar, x, XP, FP)
        assert_same(interp_bounds_scalar, x, XP, FP, -7.0, 9)
    assert_same(interp_bounds, xs, XP, FP, np.nan, True)
    assert_same(interp_bounds, xs, XP, FP, None, 2.5)
    assert_same(interp, xs.reshape(2, 7), XP, FP)
    assert_same(interp, xs.reshape(2, 7).T, XP, FP)
    assert_same(interp, xs[::3], XP[::2], FP[1::2])


def test_interp_nan_retries_and_infinities():
    xp = np.array([0.0, 1.0, 2.0, 3.0])
    for fp in ([0.0, np.inf, np.inf, 1.0], [np.inf, np.inf, -np.inf, 0.0], [0.0, np.nan, 1.0, 2.0],
               [1e308, -1e308, 1e308, 0.0]):  # fmt: skip
        assert_same(interp, np.linspace(-0.5, 3.5, 17), xp, np.array(fp))
    xp = np.array([0.0, 1e-320, np.inf])
    assert_same(interp, np.array([0.0, 5e-321, 1.0, 1e300, np.inf]), xp, np.array([1.0, 2.0, 3.0]))


def test_interp_dtypes_and_one_point():
    for dt in (np.int8, np.uint16, np.int64, np.uint64, np.float32, np.bool_):
        xp = np.array([0, 1, 3], dtype=dt) if dt is not np.bool_ else np.array([False, True])
        fp = np.arange(len(xp), dtype=dt) * 3
        assert_same(interp, np.array([0, 1, 2, 3], dtype=dt), xp, fp)
        assert_same(interp_scalar, dt(1), xp, fp)
    one_x, one_f = np.array([2.0]), np.array([5.0])
    for x in (1.0, 2.0, 3.0, np.nan):
        assert_same(interp_scalar, x, one_x, one_f)
        assert_same(interp_bounds_scalar, x, one_x, one_f, -1.0, 1.0)
    assert_same(interp, np.zeros(0), XP, FP)
    assert_same(interp, np.zeros((2, 0)), XP, FP)


def test_interp_run_time_errors():
    assert_same(interp, np.arange(3.0), np.zeros(0), np.zeros(0))
    assert_same(interp_scalar, 1.0, np.zeros(0), np.zeros(3))
    assert_same(interp, np.arange(3.0), np.arange(3.0), np.arange(4.0))
    assert_same(interp_scalar, 1.0, np.arange(4.0), np.arange(3.0))


def interp_period(x, xp, fp):
    return np.interp(x, xp, fp, period=2.0)


def interp_left_complex(x, xp, fp):
    return np.interp(x, xp, fp, left=1j)


@pytest.mark.requires_jit
def test_interp_refused_at_compile_time():
    v = np.arange(3.0)
    typing, unsupported = oxjit.errors.TypingError, oxjit.errors.UnsupportedError
    cases = [
        (interp, (v, np.zeros((2, 2)), v), "np.interp(x, xp, fp)", typing, "object too deep for desired array"),
        (interp, (v, v, np.zeros((3, 1))), "np.interp(x, xp, fp)", typing, "object too deep for desired array"),
        (interp, (v, v, v + 1j), "np.interp(x, xp, fp)", unsupported, "interp(): complex fp is not supported yet"),
        (interp, (v + 1j, v, v), "np.interp(x, xp, fp)", unsupported, "complex x is not supported"),
        (interp_period, (v, v, v), "np.interp(x, xp, fp, period=2.0)", unsupported, "period= is not supported yet"),
        (interp_left_complex, (v, v, v), "np.interp(x, xp, fp, left=1j)", typing, "left must be a real number or None, not complex128"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg


# ------------------------------------------------------------------------------------------------
# np.bincount


def bincount(x):
    return np.bincount(x)


def bincount_w(x, w):
    return np.bincount(x, w)


def bincount_min(x, m):
    return np.bincount(x, minlength=m)


def bincount_all(x, w, m):
    return np.bincount(x, weights=w, minlength=m)


def test_bincount_dtypes_layouts():
    base = np.array([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 0])
    for dt in (np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
               np.uint64):  # fmt: skip
        x = base.astype(dt)
        for view in (x, x[::2], x[::-1]):
            assert_same(bincount, view)
            for m in (0, 3, 20):
                assert_same(bincount_min, view, m)
    for wdt in (np.float64, np.float32, np.int64, np.uint8, np.bool_):
        w = (np.arange(12) * 0.37 - 1.1).astype(wdt) if wdt is not np.bool_ else base % 2 == 0
        assert_same(bincount_w, base, w)
        assert_same(bincount_all, base[::-1], w[::-1], 15)


def test_bincount_weights_sum_in_order():
    x = np.array([0, 1, 0, 0, 1, 0])
    w = np.array([1e16, 1.0, 1.0, -1e16, np.nan, 0.1])
    assert_same(bincount_w, x, w)


def test_bincount_empty_and_errors():
    empty = np.zeros(0, dtype=np.int64)
    assert_same(bincount, empty)
    assert_same(bincount_min, empty, 4)
    assert_same(bincount_min, np.array([1, 2]), -1)
    assert_same(bincount_min, empty, -1)
    assert_same(bincount, np.array([1, -1, 2]))
    assert_same(bincount, np.array([2**63, 1], dtype=np.uint64))
    assert_same(bincount_w, np.array([1, 2]), np.array([1.0]))
    assert_same(bincount_w, np.array([1, -2]), np.array([1.0]))
    assert_same(bincount_all, np.array([1, 2]), np.array([1.0, 2.0]), -1)


def test_bincount_empty_with_weights_is_float():
    # NumPy returns int64 zeros for an empty x even with weights (a dtype known only at run
    # time); compiled code keeps the static float64 dtype of the weighted result.
    got = oxjit.njit(bincount_all)(np.zeros(0, dtype=np.int64), np.zeros(0), 3)
    assert got.dtype == np.float64 and got.tolist() == [0.0, 0.0, 0.0]


def bincount_none(x):
    return np.bincount(x, minlength=None)


@pytest.mark.requires_jit
def test_bincount_refused_at_compile_time():
    x = np.array([1, 2])
    typing, unsupported = oxjit.errors.TypingError, oxjit.errors.UnsupportedError
    cases = [
        (bincount, (np.array([1.0]),), "np.bincount(x)", typing, "Cannot cast array data from dtype('float64') to dtype('int64') according to the rule 'safe'"),
        (bincount, (np.zeros((2, 2), dtype=np.int64),), "np.bincount(x)", typing, "object too deep for desired array"),
        (bincount_w, (x, np.array([1j, 2])), "np.bincount(x, w)", unsupported, "complex weights is not supported yet"),
        (bincount_w, (x, np.zeros((2, 1))), "np.bincount(x, w)", typing, "object too deep for desired array"),
        (bincount_min, (x, 2.0), "np.bincount(x, minlength=m)", typing, "minlength must be an integer, not float64"),
        (bincount_none, (x,), "np.bincount(x, minlength=None)", typing, "use 0 instead of None for minlength"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg
