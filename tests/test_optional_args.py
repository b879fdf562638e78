"""Values that may be None passed to compiled functions: the callee receives the value as it is
(None or a number), as Python passes it, positionally, by keyword, in `*args`, to a method of a
jitclass, to a closure and to a first-class function value."""

import pytest
from conftest import assert_same
from oxjit import njit


@njit
def describe(x):
    if x is None:
        return -1
    return x * 10


@njit
def describe_kw(a, x=None):
    return a if x is None else a + x


@njit
def count_none(*xs):
    # A tuple of a value that may be None, another, and a number (its items by constant index).
    return int(xs[0] is None) + int(xs[1] is None) + xs[2]


@njit
def positional(k):
    return describe(None if k == 0 else k + 4)


def keyword(k):
    return describe_kw(1, x=(None if k == 0 else k + 4))


def packed(k):
    return count_none((None if k == 0 else k + 4), (None if k == 1 else k + 7), 3)


def maybe_closure(k):
    base = 100

    def inner(x):
        return base if x is None else base + x

    return inner(None if k == 0 else k + 4)


def lambda_value(k):
    f = lambda x: x is None
    return f(None if k == 0 else k + 4)


def through_two(k):
    return positional(k) + describe(None if k == 1 else k + 7)


@pytest.mark.parametrize("k", [0, 1, 2])
@pytest.mark.parametrize(
    "fn", [positional, keyword, packed, maybe_closure, lambda_value, through_two]
)
def test_optional_argument(fn, k):
    assert_same(fn, k)
