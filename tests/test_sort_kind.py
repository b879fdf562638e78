"""np.sort, a.sort() and argsort with kind=, stable= and order=, as NumPy.

The rule: `kind='stable'`/`'mergesort'` (or `stable=True`) gives exactly NumPy's result. oxjit's
argsort is always stable, so for `'quicksort'`/`'heapsort'` (and the default) it gives the stable
order, which is NumPy's whenever no two items are equal; sorted values are NumPy's whatever the
kind (with the default kind, -0.0 and 0.0, which compare equal, may come in another order).
"""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

KINDS = ["quicksort", "mergesort", "heapsort", "stable", "Stable", "q", "m"]


def _sort_kind(kind):
    def sort_kind(a):
        b = a.copy()
        b.sort(kind=kind)
        return np.sort(a, kind=kind), np.sort(a, -1, kind), b

    return sort_kind


def _argsort_kind(kind):
    def argsort_kind(a):
        return np.argsort(a, kind=kind), a.argsort(kind=kind), np.argsort(a, -1, kind)

    return argsort_kind


# The kind is a constant of the compiled code (strings are not values): one function per kind,
# reading it from its closure.
SORTS = {k: _sort_kind(k) for k in KINDS + ["s", "M", "S", "bogus", "", "x"]}
ARGSORTS = {k: _argsort_kind(k) for k in KINDS + ["s", "M", "S", "bogus", "", "x"]}


def sort_kind(a, kind):
    return assert_same(SORTS[kind], a)


def argsort_kind(a, kind):
    return assert_same(ARGSORTS[kind], a)


def argsort_stable(a):
    return np.argsort(a, stable=True), np.sort(a, stable=True)


def argsort_not_stable(a):
    return np.argsort(a, stable=False), np.sort(a, stable=False)


def sort_kind_and_stable(a):
    return np.sort(a, kind="stable", stable=True)


def argsort_order(a):
    return np.argsort(a, order="x")


def sort_method_bad_kind(a):
    a.sort(kind="bogus")
    return a


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "a",
    [
        np.array([3.0, -1.0, 2.5, np.nan, 0.0, -7.25]),
        np.array([[5, 1, 4], [2, 8, -3]]),
        np.array([3, 1, 2], np.int32),
        np.array([True, False, True]),
        np.array([0.5, 0.25], np.float32),
        np.array([], np.int64),
    ],
)
def test_sort_values_any_kind(a, kind):
    sort_kind(a, kind)


@pytest.mark.parametrize("kind", ["stable", "mergesort", "s", "M"])
def test_stable_sort_keeps_signed_zeros_in_order(kind):
    sort_kind(np.array([0.0, -0.0, 1.0, 0.0, -0.0, -1.0]), kind)
    # Long enough that an unstable sort does not happen to keep the order.
    sort_kind(np.tile([0.0, -0.0, 1.0, -0.0, 0.0, -1.0, 2.0], 40), kind)


@pytest.mark.parametrize("kind", ["stable", "mergesort", "S"])
@pytest.mark.parametrize(
    "a",
    [
        np.array([3, 1, 2, 1, 3, 1] * 5),
        np.array([1.0, np.nan, 1.0, -2.0, np.nan, 1.0]),
        np.array([2, 2, 2, 2], np.uint8),
        np.arange(40)[::-1] % 3,
    ],
)
def test_stable_argsort_with_ties_is_numpys(a, kind):
    argsort_kind(a, kind)


@pytest.mark.parametrize("kind", ["quicksort", "heapsort", "stable"])
def test_argsort_without_ties_any_kind(kind):
    rng = np.random.default_rng(1)
    argsort_kind(rng.permutation(50) * 1.5, kind)


def test_stable_flag():
    assert_same(argsort_stable, np.array([0.0, -0.0, 2.0, 0.0, 2.0]))
    assert_same(argsort_not_stable, np.array([4, 2, 9, 1]))


@pytest.mark.parametrize("kind", ["bogus", "", "x"])
def test_unknown_kind_raises_numpys_error(kind):
    sort_kind(np.array([2.0, 1.0]), kind)
    argsort_kind(np.array([2.0, 1.0]), kind)


def test_kind_and_stable_together_and_order():
    assert_same(sort_kind_and_stable, np.array([2, 1]))
    assert_same(argsort_order, np.array([2, 1]))
    assert_same(sort_method_bad_kind, np.array([2, 1]))


def sort_int_kind(a):
    return np.sort(a, kind=3)


@pytest.mark.requires_jit
def test_kind_must_be_a_string_constant():
    exc = compile_error(sort_int_kind, np.array([1.0]))
    msg = assert_diagnostic(exc, sort_int_kind, "np.sort(a, kind=3)", oxjit.errors.TypingError)
    assert "sort kind must be a string constant or None, not int64" in msg
