"""Sorting lists of values that may be `None`, against CPython: where no `None` is there the
list sorts; where one is, CPython's `TypeError` for the first comparison that meets it
(`'<' not supported between instances of 'NoneType' and 'int'`, the classes in order), with
`key=` and `reverse=` too. The record of that comparison is per thread: sorts running at once
on two threads (`nogil=True`) each raise for their own list only."""

import threading

import oxjit
import pytest
from conftest import assert_same

pytestmark = pytest.mark.requires_jit


def sort_optional(xs, drop, reverse):
    ys = [x if x != drop else None for x in xs]
    ys.sort(reverse=reverse)
    return ys


def sorted_by_key(xs, drop):
    return sorted(xs, key=lambda x: x if x != drop else None)


def sort_then_sort(xs, drop):
    ys = [x if x != drop else None for x in xs]
    first = 0
    try:
        ys.sort()
    except TypeError:
        first = 1
    zs = [x if x != -12345 else None for x in xs]
    zs.sort()
    return first, zs


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize(
    "xs, drop",
    [
        ([3, 1, 2], 99),
        ([3, 1, 2], 1),
        ([3, 1, 2], 3),
        ([5], 5),
        ([2, 2], 2),
        ([4, 9, 1, 7, 3, 8], 7),
    ],
)
def test_sort_optional(xs, drop, reverse):
    assert_same(sort_optional, xs, drop, reverse)


@pytest.mark.parametrize(
    "xs, drop", [([3, 1, 2], 99), ([3, 1, 2], 2), ([1, 2], 1), ([8, 6, 7, 5], 5)]
)
def test_sorted_by_key(xs, drop):
    assert_same(sorted_by_key, xs, drop)


@pytest.mark.parametrize("drop", [1, 99])
def test_record_cleared_after_each_sort(drop):
    assert_same(sort_then_sort, [3, 1, 2], drop)


@oxjit.njit(nogil=True)
def sorts_with_none(n):
    """How many of `n` sorts of a list holding `None` raised (all should)."""
    raised = 0
    for i in range(n):
        xs = [i % 3, None, 5]
        try:
            xs.sort()
        except TypeError:
            raised += 1
    return raised


@oxjit.njit(nogil=True)
def sorts_without_none(n):
    """How many of `n` sorts of optional values, none of them `None`, raised (none should)."""
    raised = 0
    for i in range(n):
        xs = [i % 3, None, 5, 4]
        xs.pop(1)
        try:
            xs.sort()
        except TypeError:
            raised += 1
    return raised


def test_sorts_on_two_threads_keep_their_own_record():
    n = 20000
    results = {}

    def run(name, fn):
        results[name] = fn(n)

    sorts_with_none(1)
    sorts_without_none(1)
    threads = [
        threading.Thread(target=run, args=("with", sorts_with_none)),
        threading.Thread(target=run, args=("without", sorts_without_none)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {"with": n, "without": 0}
