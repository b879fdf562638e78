"""`<`, `<=`, `>`, `>=`, `==`, `!=` of nested lists and tuples (lists of lists, lists of tuples,
tuples of lists, any depth), against CPython: lexicographic at each level, a shorter prefix
less."""

import pytest
from conftest import assert_same
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.requires_jit


def all_ops(a, b):
    return a < b, a <= b, a > b, a >= b, a == b, a != b


def sort_key_like(rows):
    # The smallest row, as a loop of `<` over a list of lists.
    best = rows[0]
    changes = 0
    for r in rows:
        if r < best:
            best = r
            changes += 1
    return best, changes


def in_tuples(a, b):
    return (a, 1) < (b, 2), (1, a) <= (1, b), ([a], 2.5) == ([b], 2.5)


CASES = [
    ([[1, 2], [3]], [[1, 2], [3, 0]]),
    ([[1, 2], [3]], [[1, 2], [3]]),
    ([[1, 2], [4]], [[1, 2], [3, 9]]),
    ([], [[1]]),
    ([[]], [[], []]),
    ([[1.5, 2.0]], [[1.5, float("nan")]]),
    ([[1.0, -0.0]], [[1.0, 0.0]]),
    ([(1, 2.0), (3, 1.0)], [(1, 2.0)]),
    ([(1, "a"), (3, "b")], [(1, "a"), (3, "c")]),
    (([1, 2], [3]), ([1, 2], [2])),
    (([1, 2], [3]), ([1, 2], [3])),
    ([[[1]]], [[[0, 5]]]),
    ([[[1], [2, 3]]], [[[1], [2, 3], []]]),
    ([["b", "a"]], [["b"]]),
    ([[(1, [2])]], [[(1, [3])]]),
]


@pytest.mark.parametrize(("a", "b"), CASES)
def test_matches_cpython(a, b):
    assert_same(all_ops, a, b)
    assert_same(all_ops, b, a)


def test_in_tuples_and_loops():
    assert_same(in_tuples, [[1, 2], [3]], [[1, 2], [3, 0]])
    assert_same(in_tuples, [1, 2], [1, 2])
    assert_same(sort_key_like, [[3, 1], [2, 9, 9], [2, 9], [5]])


nested = st.lists(st.lists(st.integers(-3, 3), max_size=4), max_size=4)


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(nested, nested)
def test_random(a, b):
    assert_same(all_ops, a, b)
