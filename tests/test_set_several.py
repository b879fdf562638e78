"""Set methods given several iterables (`a.union(b, c)`, `intersection`, `difference`, `update`,
`intersection_update`, `difference_update`), none, or iterables that are not sets (lists,
tuples, ranges, dict keys), against CPython: the result's items in CPython's iteration order
(`list(s)`), built as setobject.c's `set_union`, `set_intersection_multi` and
`set_difference_multi` build them."""

import oxjit
import pytest
from conftest import assert_same, compile_error, jitted
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


def new_sets(xs, ys, zs):
    a = set(xs)
    b = set(ys)
    c = set(zs)
    return (
        list(a.union(b, c)),
        list(a.union(ys, zs)),
        list(a.union(b, ys, range(3, 9), (40, 41))),
        list(a.intersection(b, c)),
        list(a.intersection(ys, c)),
        list(a.intersection(b, zs, range(0, 100, 3))),
        list(a.difference(b, c)),
        list(a.difference(ys, (1, 2, 3), c)),
        list(a.union()),
        list(a.intersection()),
        list(a.difference()),
    )


def in_place(xs, ys, zs):
    out = []
    a = set(xs)
    a.update(set(ys), zs, range(5))
    out.append(list(a))
    a = set(xs)
    a.intersection_update(ys, set(zs))
    out.append(list(a))
    a = set(xs)
    a.difference_update(set(ys), zs, (7, 8))
    out.append(list(a))
    a = set(xs)
    a.update()
    a.difference_update()
    out.append(list(a))
    a = set(xs)
    for i in range(len(xs)):
        if i % 3 == 0:
            a.discard(xs[i])
    a.intersection_update()
    out.append(list(a))
    return out


def strings(xs, ys):
    a = set(xs)
    return (
        list(a.union(ys, ["zz", "a"])),
        list(a.intersection(ys, set(ys))),
        list(a.difference(ys, ["q"])),
    )


def dict_keys(xs, ys):
    d = {}
    for y in ys:
        d[y] = 1.5
    a = set(xs)
    return list(a.union(d, ys)), list(a.intersection(d, xs)), list(a.difference(d, ys))


INTS = [
    ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [2, 4, 6, 8, 100, 200], [4, 8, 12, 9]),
    ([], [1], [2]),
    ([5, 13, 21, 29, -3, 2**40], [13, 29, 7], [29, 13, 8, 2**40]),
    (list(range(0, 200, 7)), list(range(0, 200, 5)), list(range(0, 200, 3))),
]


@pytest.mark.parametrize(("xs", "ys", "zs"), INTS)
def test_new_sets(xs, ys, zs):
    assert_same(new_sets, xs, ys, zs)


@pytest.mark.parametrize(("xs", "ys", "zs"), INTS)
def test_in_place(xs, ys, zs):
    assert_same(in_place, xs, ys, zs)


def test_strings_and_dicts():
    assert_same(strings, ["a", "b", "cc", "dd", "zz"], ["b", "dd", "x"])
    assert_same(dict_keys, [1, 2, 3, 50], [3, 50, 60])


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(st.integers(-50, 50), max_size=30),
    st.lists(st.integers(-50, 50), max_size=30),
    st.lists(st.integers(-50, 50), max_size=30),
)
def test_random(xs, ys, zs):
    assert_same(new_sets, xs, ys, zs)
    assert_same(in_place, xs, ys, zs)


def keywords(xs):
    return set(xs).union(other=xs)


def unfitting(xs):
    return set(xs).union([1], ["a"])


def test_errors():
    with pytest.raises(oxjit.errors.TypingError, match="takes no keyword arguments"):
        jitted(keywords)([1])
    exc = compile_error(unfitting, [1])
    assert "do not fit a set of int64" in str(exc)


def test_no_leak():
    assert_no_leak(new_sets, [1, 2, 3, 4], [3, 4, 5], [4, 5, 6])
    assert_no_leak(in_place, [1, 2, 3, 4], [3, 4, 5], [4, 5, 6])
    assert_no_leak(strings, ["a", "b"], ["b", "c"])
