"""`min()`/`max()` and sorting of items that `<` orders lexicographically — lists of lists,
lists of tuples, tuples of lists, and two or more lists or tuples as arguments — against
CPython: the first extreme item wins, the result is that item itself (not a copy), an empty
iterable raises CPython's ValueError (or gives `default=`), sorts are stable, and items `<`
cannot order are a compile-time error."""

import oxjit
import pytest
from conftest import assert_same, jitted
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


def of_iterable(rows):
    return max(rows), min(rows)


def of_arguments(a, b):
    return max(a, b), min(a, b), max(a, b, a), min(b, a, b)


def of_a_tuple(a, b):
    return max((a, b)), min((b, a))


def result_is_the_item(rows):
    m = max(rows)
    m.append(99)  # the item in `rows` itself, as in CPython
    return rows


def first_extreme_wins(rows):
    # Equal rows: the first is returned; which one shows through the marker appended to it.
    m = max(rows)
    m.append(-1)
    n = min(rows)
    n.append(-2)
    return rows


def empty(rows):
    return max(rows)


ROWS = [
    [[1, 2], [3], [1, 5]],
    [[], [0], []],
    [[2.5, float("nan")], [2.5, 1.0], [2.5]],
    [[1.0, -0.0], [1.0, 0.0]],
    [[-1]],
]
TUPLES = [
    [(1, 2.0), (0, 5.0), (1, 2.5)],
    [(1, "b"), (1, "a"), (0, "z")],
    [("x", 1), ("x", 1), ("w", 3)],
]
NESTED = [
    [[[1, 2], [3]], [[1, 2], [2, 9]], [[0]]],
    [["b", "a"], ["b"], ["a", "z"]],
]


@pytest.mark.parametrize("rows", ROWS + TUPLES + NESTED)
def test_of_an_iterable(rows):
    assert_same(of_iterable, rows)


@pytest.mark.parametrize(
    ("a", "b"),
    [([1, 2], [1, 3]), ([1, 2], [1, 2, 0]), ((1, 2.5), (1, 2.0)), ((0, "a"), (0, "a")), ([], [0])],
)
def test_of_arguments_and_of_a_tuple(a, b):
    assert_same(of_arguments, a, b)
    assert_same(of_a_tuple, a, b)


def test_the_result_is_the_item_itself():
    assert_same(result_is_the_item, [[1, 2], [3], [1, 5]])
    assert_same(first_extreme_wins, [[3], [1], [3], [1]])


def test_an_empty_iterable_raises():
    assert_same(empty, [[1]][:0])


def test_no_leak():
    assert_no_leak(of_iterable, [[1, 2], [3], [1, 5]])
    assert_no_leak(of_arguments, [[1], [2]], [[1], [3]])
    assert_no_leak(empty, [[1]][:0], expect_raise=ValueError)


def unorderable(rows):
    return max(rows)


def mixed(a, b):
    return max(a, b)


def test_unorderable_items_are_refused():
    with pytest.raises(oxjit.errors.UnsupportedError, match=r"max\(\) of items of type"):
        jitted(unorderable)([{1: 2}])
    with pytest.raises(oxjit.errors.TypingError, match=r"max\(\) does not accept"):
        jitted(mixed)([1], (1,))


rows = st.lists(st.lists(st.integers(-3, 3), max_size=3), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows)
def test_random_rows(rs):
    assert_same(of_iterable, rs)
    assert_same(first_extreme_wins, rs)


def with_default(rows):
    empty_rows = rows[:0]
    return (
        max(rows, default=[-1]),
        min(empty_rows, default=[-1]),
        max(empty_rows, default=None),
        max(rows, default=None),
    )


def test_default():
    assert_same(with_default, [[1, 2], [3]])


def default_with_several(a, b):
    return max(a, b, default=0)


def test_default_with_several_arguments_is_refused():
    with pytest.raises(oxjit.errors.TypingError, match="Cannot specify a default for max"):
        jitted(default_with_several)(1, 2)


def sorts(rows):
    a = sorted(rows)
    b = sorted(rows, reverse=True)
    c = list(rows)
    c.sort()
    d = sorted(rows, key=lambda r: r[::-1])
    return a, b, c, d


SORTED = [
    [[3], [1, 2], [1], [], [1, 2]],
    [[[1], [2]], [[0, 5]], [[1]], []],
    [["b", "a"], ["a"], ["b"], []],
    [[2.5, -0.0], [2.5, 0.0], [-1.0]],
]


@pytest.mark.parametrize("rows", SORTED)
def test_sorting_lists_of_lists(rows):
    assert_same(sorts, rows)


def tuples_with_lists(rows):
    return sorted(rows), sorted(rows, key=lambda r: [r[1], [r[0]]])


def test_sorting_tuples_holding_lists():
    assert_same(tuples_with_lists, [(1, [2]), (1, [1, 9]), (0, [5]), (1, [1, 9])])


def equal_rows_keep_their_order(rows):
    # Equal rows stay in input order: the marker appended after sorting shows which is which.
    s = sorted(rows)
    for i, r in enumerate(s):
        r.append(i)
    return rows


def test_sort_is_stable():
    assert_same(equal_rows_keep_their_order, [[2], [1], [2], [1], [0]])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.integers(-3, 3), min_size=1, max_size=3), min_size=1, max_size=6))
def test_random_sorts(rs):
    assert_same(sorts, rs)
