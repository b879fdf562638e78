"""Property-based tests (hypothesis) of arrays: random shapes, dtypes and memory layouts (C, F,
strided views with any step, transposes), through array expressions, reductions along every
axis, copies, sorting and indexing, against NumPy exactly."""

import numpy as np
from conftest import assert_same
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


@st.composite
def arrays(draw, dtypes=(np.float64, np.int64, np.float32, np.int32), min_ndim=1):
    """An array of 1 to 3 dimensions, then maybe a strided view, a transpose or a Fortran copy."""
    ndim = draw(st.integers(min_ndim, 3))
    shape = tuple(draw(st.lists(st.integers(1, 5), min_size=ndim, max_size=ndim)))
    dtype = draw(st.sampled_from(dtypes))
    seed = draw(st.integers(0, 2**16))
    values = np.random.default_rng(seed).standard_normal(shape) * 10
    a = values.astype(dtype)
    layout = draw(st.sampled_from(["C", "F", "step", "T"]))
    if layout == "F":
        a = np.asfortranarray(a)
    elif layout == "T":
        a = a.T
    elif layout == "step":
        big = np.repeat(np.repeat(a, 2, axis=0), 1, axis=-1)
        steps = tuple(
            slice(None, None, draw(st.sampled_from([1, 2, -1, -2]))) for _ in range(big.ndim)
        )
        a = big[steps]
    return a


def expression(a, b):
    return (a * 2 - b) / (np.abs(b) + 1) + np.sqrt(np.abs(a))


def reductions(a):
    along = (a.sum(axis=0), a.sum(axis=-1), a.max(axis=0), a.argmin(axis=-1), a.std(axis=0))
    return along, float(a.sum()), float(a.mean()), float(a.var()), a.cumsum(), a.cumsum(axis=0)


def copies(a):
    return a.copy(), np.ascontiguousarray(a), a.ravel(), a.T.copy(), np.sort(a), a[a > 0]


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(arrays(), st.sampled_from(["C", "F", "reversed", "same"]))
def test_array_expressions_across_layouts(a, layout):
    b = (a * 3 + 1).astype(a.dtype)
    b = {"C": b, "F": np.asfortranarray(b), "reversed": b[::-1], "same": a}[layout]
    with np.errstate(all="ignore"):
        assert_same(expression, a, b)


@SETTINGS
@given(arrays(dtypes=(np.float64, np.int64), min_ndim=2))
def test_reductions_across_layouts(a):
    assert_same(reductions, a)


@SETTINGS
@given(arrays())
def test_copies_and_sorting_across_layouts(a):
    assert_same(copies, a)
