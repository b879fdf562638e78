"""`and`, `or` and `not` in a condition (if, elif, while, assert, conditional expressions,
comprehension filters) only need their operands' truth, so the operands may have different
types: `if items and items[0] > 0:` with a list, a string or a dict, as CPython allows.

PYTEST_DONT_REWRITE: the programs here use `assert`, which must stay as CPython runs it."""

import pytest
from conftest import assert_same


def first_positive(k):
    items = [3, -1, 2][:k]
    if items and items[0] > 0:
        return 1
    elif not items or items[-1] < 0:
        return 2
    return 0


def count_while(s, k):
    r = 0
    while s and r < k:
        r += 1
        s = s[1:]
    return r


def choose(k):
    d = {i: i * i for i in range(k)}
    return "full" if d and not (k > 5 or d[0] != 0) else "empty"


def filtered(k):
    words = ["", "a", "bb", "ccc"][:k]
    return [w for w in words if w and (len(w) > 1 or w == "a")]


def asserted(k):
    items = [1.5] * k
    assert items and items[0] > 0, "empty"
    return len(items)


def mixed_chain(k, name):
    xs = list(range(k))
    return 1 if (xs and name) or (not xs and not name) else 0


@pytest.mark.parametrize("k", [0, 1, 2, 3])
def test_if_elif(k):
    assert_same(first_positive, k)


@pytest.mark.parametrize("s, k", [("", 3), ("abc", 2), ("ab", 5)])
def test_while(s, k):
    assert_same(count_while, s, k)


@pytest.mark.parametrize("k", [0, 1, 3, 7])
def test_conditional_expression(k):
    assert_same(choose, k)


@pytest.mark.parametrize("k", [0, 2, 4])
def test_comprehension_filter(k):
    assert_same(filtered, k)


@pytest.mark.parametrize("k", [0, 2])
def test_assert(k):
    assert_same(asserted, k)


@pytest.mark.parametrize("k, name", [(0, ""), (0, "x"), (2, ""), (2, "x")])
def test_mixed_chain(k, name):
    assert_same(mixed_chain, k, name)
