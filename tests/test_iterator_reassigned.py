"""An iterator reassigned in a branch to iterate a container made there: the container must stay
alive as long as the iterator is used after the branches join (a compiler panic before: the
reference plan used the container where it was not defined)."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error
from test_nrt import assert_no_leak


def copy_in_loop(n):
    d = {i: i for i in range(n)}
    it = iter(d)
    for op in range(3):
        if op == 1:
            d = d.copy()
            it = iter(d)
    return next(it, -1)


def list_swapped(n, c):
    xs = [i * 2 for i in range(n)]
    it = iter(xs)
    if c:
        xs = [i + 100 for i in range(n + 1)]
        it = iter(xs)
    return [x for x in it], len(xs)


def array_swapped(a, c):
    it = iter(a)
    if c:
        a = a * 2.0
        it = iter(a)
    s = 0.0
    for x in it:
        s += float(x)
    return s, float(a.sum())


def dict_made_in_branch(n, c):
    d = {i: i * 2 for i in range(n)}
    src = d
    it = iter(d)
    if c:
        src = {k: 1 for k in range(n + 3)}
        it = iter(src)
    return [k for k in it]


def temporary_in_branch(a, c):
    it = iter(a)
    if c:
        it = iter(a * 2.0)
    s = 0.0
    for x in it:
        s += x
    return s


@pytest.mark.parametrize("n", [0, 1, 4])
def test_copy_in_loop(n):
    assert_same(copy_in_loop, n)
    assert_no_leak(copy_in_loop, n)


@pytest.mark.parametrize("c", [0, 1])
def test_containers_swapped_with_their_iterators(c):
    assert_same(list_swapped, 4, c)
    assert_same(array_swapped, np.arange(5.0), c)
    assert_no_leak(list_swapped, 4, c)
    if c:  # the other path makes no array
        assert_no_leak(array_swapped, np.arange(5.0), c)


@pytest.mark.parametrize(
    "fn,args,snippet",
    [
        (dict_made_in_branch, (3, 1), "iter(src)"),
        (temporary_in_branch, (np.arange(3.0), 1), "iter(a * 2.0)"),
    ],
)
def test_container_held_by_nothing_at_the_join_is_refused(fn, args, snippet):
    exc = compile_error(fn, *args)
    msg = assert_diagnostic(exc, fn, snippet, oxjit.errors.UnsupportedError)
    assert "made in a branch" in msg
