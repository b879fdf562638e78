"""`np.sort`, `a.sort()` and `np.argsort` of complex arrays, compiled, against NumPy: its order
(lexicographic on real then imaginary parts, NaNs last in the classes `R + Rj`, `R + nanj`,
`nan + Rj`, `nan + nanj`), stable and not, every layout; values compared by parts (signs of
zeros and NaNs included)."""

import numpy as np
import pytest
from conftest import assert_same
from hypothesis import given, settings
from hypothesis import strategies as st

NAN = float("nan")
SPECIAL = np.array(
    [1 + 2j, complex(NAN, 1), 1 - 1j, complex(2, NAN), complex(NAN, NAN), -3 + 0j, 1 + 2j,
     complex(NAN, -1), complex(-1, NAN), 0j, complex(-0.0, 0.0), np.inf + 0j, -np.inf * 1j]
)  # fmt: skip


def sort(a):
    return np.sort(a)


def sort_stable(a):
    return np.sort(a, kind="stable")


def sort_method(a):
    a.sort()
    return a


def argsort(a):
    return np.argsort(a, kind="stable")


def argsort_method(a):
    return a.argsort(kind="mergesort")


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
@pytest.mark.parametrize("fn", [sort, sort_stable, sort_method, argsort, argsort_method])
def test_nans_and_ties_in_numpys_order(fn, dtype):
    assert_same(fn, SPECIAL.astype(dtype))


@pytest.mark.parametrize("fn", [sort, sort_stable, argsort])
@pytest.mark.parametrize("n", [0, 1, 2])
def test_short_arrays(fn, n):
    assert_same(fn, SPECIAL[:n].copy())


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_rows_of_2d_arrays_in_every_layout(dtype):
    a = np.resize(SPECIAL, 4 * 13).reshape(4, 13).astype(dtype)[:, ::-1]
    assert_same(sort, np.ascontiguousarray(a))
    assert_same(sort, np.asfortranarray(a))
    assert_same(sort, a[::2, 1::3])
    assert_same(sort_method, np.ascontiguousarray(a))


def test_argsort_of_a_strided_view():
    assert_same(argsort, SPECIAL[::-2])
    assert_same(argsort, SPECIAL.astype(np.complex64)[1::3])


def test_sorted_items_are_the_items_selected_by_argsort():
    from conftest import jitted

    rng = np.random.default_rng(7)
    a = (rng.integers(-3, 3, 200) + 1j * rng.integers(-3, 3, 200)).astype(np.complex128)
    a[::17] = complex(NAN, 1)
    order = jitted(argsort)(a)
    assert np.array_equal(order, np.argsort(a, kind="stable"))
    assert np.array_equal(a[order], jitted(sort_stable)(a), equal_nan=True)


parts = st.sampled_from([0.0, -0.0, 1.0, -1.0, 2.5, NAN, np.inf, -np.inf])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(parts, parts), max_size=24), st.sampled_from([np.complex64, np.complex128])
)
def test_property_sort_and_argsort_match_numpy(pairs, dtype):
    a = np.array([complex(r, i) for r, i in pairs], dtype=dtype)
    assert_same(sort_stable, a)
    assert_same(argsort, a)
