"""The value of `x = yield from it`: the inner generator's return value (its
`StopIteration.value`) once it is exhausted, `None` where it returns none or `it` is no generator
(a range, a list, an array), and `None` for a generator exhausted before (CPython delivers the
value once). Differential against CPython, from compiled code and from Python, leak-checked."""

import numpy as np
import oxjit
import pytest
from conftest import assert_same
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


@oxjit.njit
def counted(n):
    for i in range(n):  # noqa: UP028 - a yield inside a loop, as written
        yield i
    return n * 10


@oxjit.njit
def early(n):
    for i in range(n):
        if i == 2:
            return -i
        yield i
    return 99


@oxjit.njit
def silent(n):
    yield from range(n)


@oxjit.njit
def delegating(n):
    x = yield from counted(n)
    yield x
    y = yield from early(n)
    yield y
    z = yield from silent(2)
    yield -1 if z is None else z
    w = yield from range(2)
    yield -2 if w is None else w


@oxjit.njit
def totals(a):
    t = 0.0
    for _ in range(2):
        s = yield from arrays_sum(a)
        t += s
    yield t


@oxjit.njit
def arrays_sum(a):
    s = 0.0
    for x in a:
        s += float(x)
        yield float(x)
    return s


@oxjit.njit
def exhausted_first(n):
    g = counted(n)
    for _ in g:
        pass
    x = yield from g  # the value went to the loop that finished it
    yield -3 if x is None else x


def collect(n):
    return list(delegating(n))


def collect_totals(a):
    return list(totals(a))


def collect_exhausted(n):
    return list(exhausted_first(n))


def chained(n):
    out = []
    for v in delegating(n):
        out.append(v * 2)
    return out


@pytest.mark.parametrize("n", [0, 1, 2, 4])
def test_value_of_yield_from(n):
    assert_same(collect, n)
    assert_same(chained, n)
    assert_same(collect_exhausted, n)


def test_value_of_yield_from_arrays():
    assert_same(collect_totals, np.array([1.5, 2.0, -0.5]))


def test_from_python():
    for n in (0, 3):
        assert list(delegating(n)) == list(delegating.py_func(n))


def test_no_leaks():
    assert_no_leak(collect, 3)
    assert_no_leak(collect_totals, np.arange(3.0))
