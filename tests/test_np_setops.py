"""NumPy's set functions compiled: `np.unique` with `return_index`/`return_inverse`/
`return_counts`/`equal_nan`, `np.union1d`, `np.intersect1d` (`assume_unique`,
`return_indices`), `np.setdiff1d`, `np.setxor1d` and `np.isin` (`invert`), compared with NumPy
exactly (values, dtypes, shapes, layout flags, NaNs, empty arrays, every layout), a hypothesis
test over random arrays, and the refusals."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
          np.uint64, np.float32, np.float64]  # fmt: skip


def sample(shape, dtype, seed=0):
    """Values with repeats, not in order."""
    n = int(np.prod(shape))
    values = (np.arange(n) * 7 + seed) % 11 % (2 if dtype is np.bool_ else 6)
    return values.astype(dtype).reshape(shape)


def layouts(a):
    if a.ndim == 1:
        wide = np.zeros(2 * a.shape[0], a.dtype)
        wide[::2] = a
        return [a, wide[::2], a[::-1]]
    return [a, np.asfortranarray(a), a[:, ::-1], a.T]


def union1d(a, b):
    return np.union1d(a, b)


def intersect1d(a, b):
    return np.intersect1d(a, b)


def intersect1d_assumed(a, b):
    return np.intersect1d(a, b, assume_unique=True)


def intersect1d_indices(a, b):
    return np.intersect1d(a, b, return_indices=True)


def intersect1d_indices_assumed(a, b):
    return np.intersect1d(a, b, True, True)


def setdiff1d(a, b):
    return np.setdiff1d(a, b)


def setdiff1d_assumed(a, b):
    return np.setdiff1d(a, b, assume_unique=True)


def setxor1d(a, b):
    return np.setxor1d(a, b)


def setxor1d_assumed(a, b):
    return np.setxor1d(a, b, True)


def isin(a, b):
    return np.isin(a, b)


def isin_invert(a, b, flag):
    return np.isin(a, b, invert=flag)


PAIR_FNS = [union1d, intersect1d, intersect1d_indices, setdiff1d, setxor1d, isin]


@pytest.mark.parametrize("dtype", DTYPES)
def test_set_functions_every_dtype(dtype):
    a = sample((3, 4), dtype)
    b = sample((5,), dtype, seed=3)
    for fn in PAIR_FNS:
        for x in layouts(a):
            assert_same(fn, x, b)
        for y in layouts(b):
            assert_same(fn, b, y)
    assert_same(isin_invert, a, b, True)
    assert_same(isin_invert, a, b, False)


def test_set_functions_with_nans_and_empties():
    nan = np.nan
    a = np.array([3.0, nan, 1.0, -2.0, 1.0, nan, np.inf])
    b = np.array([nan, 1.0, 5.0, -np.inf, np.inf])
    e = np.zeros(0)
    for fn in PAIR_FNS:
        for x, y in [(a, b), (b, a), (a, e), (e, a), (e, e)]:
            assert_same(fn, x, y)
    assert_same(isin, np.zeros((2, 0)), a)


def test_set_functions_of_mixed_dtypes():
    i8 = np.array([3, -1, 2, 3], np.int8)
    u8 = np.array([2, 200, 3], np.uint8)
    f = np.array([2.0, 2.5, -1.0])
    f32 = np.array([2.0, 0.5], np.float32)
    for fn in PAIR_FNS:
        for x, y in [(i8, u8), (u8, i8), (i8, f), (f, i8), (u8, f32), (f32, f)]:
            assert_same(fn, x, y)


def test_assume_unique_forms():
    a = np.array([5, 1, 3, 9])
    b = np.array([3, 4, 5])
    for fn in [intersect1d_assumed, intersect1d_indices_assumed, setdiff1d_assumed,
               setxor1d_assumed]:  # fmt: skip
        assert_same(fn, a, b)
        assert_same(fn, b, a)
    # NumPy's results where assume_unique is not true of the inputs (its steps, kept as they are)
    d = np.array([1, 1, 2, 2, 3])
    assert_same(intersect1d_assumed, d, np.array([2, 3]))
    assert_same(intersect1d_indices_assumed, d, np.array([2, 3]))
    assert_same(setxor1d_assumed, d, np.array([2, 4]))


def unique(a):
    return np.unique(a)


def unique_index(a):
    return np.unique(a, return_index=True)


def unique_inverse(a):
    return np.unique(a, return_inverse=True)


def unique_counts(a):
    return np.unique(a, return_counts=True)


def unique_all(a):
    return np.unique(a, True, True, True)


def unique_separate_nans(a):
    return np.unique(a, return_counts=True, equal_nan=False)


def unique_separate_nans_plain(a):
    return np.unique(a, equal_nan=False)


UNIQUE_FNS = [unique, unique_index, unique_inverse, unique_counts, unique_all]


@pytest.mark.parametrize("dtype", DTYPES)
def test_unique_with_arrays(dtype):
    for shape in [(12,), (3, 4), (2, 3, 2)]:
        a = sample(shape, dtype)
        for x in layouts(a) if a.ndim < 3 else [a, np.asfortranarray(a)]:
            for fn in UNIQUE_FNS:
                assert_same(fn, x)
    for fn in UNIQUE_FNS:
        assert_same(fn, np.zeros(0, dtype))


def test_unique_nans():
    a = np.array([np.nan, 1.0, np.nan, -1.0, 1.0, np.nan])
    for fn in [*UNIQUE_FNS, unique_separate_nans, unique_separate_nans_plain]:
        assert_same(fn, a)
        assert_same(fn, a.astype(np.float32))
    assert_same(unique_separate_nans, np.array([3, 1, 3]))


def test_unique_frees_what_it_makes():
    from test_nrt import assert_no_leak

    a = sample((4, 5), np.float64)
    for fn in [*UNIQUE_FNS, *PAIR_FNS, intersect1d_indices_assumed]:
        args = (a,) if fn in UNIQUE_FNS else (a, a[0])
        assert_no_leak(oxjit.njit(fn), *args)


def test_refusals():
    def unique_flag(a, f):
        return np.unique(a, return_counts=f)

    def union_complex(a):
        return np.union1d(a, a)

    def isin_int64_float(a, b):
        return np.isin(a, b)

    def isin_kind(a):
        return np.isin(a, a, kind="sort")

    def union_list(a):
        return np.union1d(a, [1, 2])

    a = np.arange(4.0)
    cases = [
        (unique_flag, (a, True), "np.unique(a, return_counts=f)", "must be a constant bool"),
        (union_complex, (a + 1j,), "np.union1d(a, a)", "complex128 items is not supported"),
        (isin_int64_float, (np.arange(3), a), "np.isin(a, b)", "which rounds"),
        (isin_kind, (a,), 'np.isin(a, a, kind="sort")', "kind= is not supported"),
        # The list is converted as NumPy converts it (an int64 array): refused as such arrays.
        (union_list, (a,), "np.union1d(a, [1, 2])", "float64 and int64 arrays"),
    ]
    for fn, args, snippet, text in cases:
        msg = assert_diagnostic(
            compile_error(fn, *args), fn, snippet, oxjit.errors.UnsupportedError
        )
        assert text in msg, msg


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SET_DTYPES = st.sampled_from([np.int8, np.int32, np.int64, np.uint16, np.float32, np.float64])


@st.composite
def array_pairs(draw):
    dtype = draw(SET_DTYPES)
    elements = st.integers(-4, 4) if np.dtype(dtype).kind == "i" else st.integers(0, 8)
    if np.dtype(dtype).kind == "f":
        elements = st.sampled_from([-2.0, -0.5, 0.0, 1.0, 3.0, np.nan, np.inf])
    shape = hnp.array_shapes(min_dims=1, max_dims=2, min_side=0, max_side=6)
    a = draw(hnp.arrays(dtype, shape, elements=elements))
    b = draw(hnp.arrays(dtype, shape, elements=elements))
    if draw(st.booleans()):
        a = np.asfortranarray(a)
    if draw(st.booleans()) and b.ndim == 2:
        b = b[:, ::-1]
    return a, b


JITTED = {fn: oxjit.njit(fn) for fn in [*PAIR_FNS, *UNIQUE_FNS, isin_invert]}


@SETTINGS
@given(array_pairs())
def test_set_family_properties(pair):
    a, b = pair
    from conftest import same_value

    for fn in PAIR_FNS:
        expected, got = fn(a, b), JITTED[fn](a, b)
        assert same_value(expected, got), (fn.__name__, a, b, expected, got)
    for fn in UNIQUE_FNS:
        expected, got = fn(a), JITTED[fn](a)
        assert same_value(expected, got), (fn.__name__, a, expected, got)
    expected = isin_invert(a, b, True)
    assert same_value(expected, JITTED[isin_invert](a, b, True))
