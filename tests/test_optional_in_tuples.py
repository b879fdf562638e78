"""A value that may be None inside a tuple stays optional there (`return best, i` after a search
that may find nothing), as in CPython: returned to Python, unpacked, indexed, tested with `is
None`, put in a list, passed to a compiled function. Used as a number where it is None, it raises
the TypeError of tests/test_optional.py."""

import oxjit
import pytest
from conftest import assert_same, jitted

pytestmark = pytest.mark.requires_jit


@oxjit.njit
def maybe(x):
    return x if x > 0 else None


@oxjit.njit
def first_of(t):
    return t[0]


def search(xs, limit):
    best = None
    at = -1
    for i, v in enumerate(xs):
        if v < limit and (best is None or v > best):
            best = v
            at = i
    return best, at


def returned(x):
    return (maybe(x), 1), ([x] if x > 1 else None, maybe(x - 1))


def unpacked(x):
    a, b = (maybe(x), x)
    if a is None:
        return -1
    return a + b


def indexed(x):
    t = (maybe(x), 2.5)
    return t[0] is None, t[0] is not None, t[1] * 2


def in_a_list(x):
    out = []
    for i in range(4):
        out.append((maybe(x - i), i))
    return out


def passed(x):
    return first_of((maybe(x), "a"))


def nested(x):
    return ((maybe(x), 1), maybe(x - 2))


def used_as_a_number(x):
    t = (maybe(x), 2)
    return t[0] + 1


@pytest.mark.parametrize("x", [0, 1, 2, 3])
def test_optional_items(x):
    for fn in (returned, unpacked, indexed, in_a_list, passed, nested):
        assert_same(fn, x)


def test_used_as_a_number():
    assert_same(used_as_a_number, 3)
    with pytest.raises(TypeError, match="may be None was None"):
        jitted(used_as_a_number)(0)


@pytest.mark.parametrize(("xs", "limit"), [([3, 5, 1], 9), ([3, 5, 1], 4), ([3, 5], 0), ([], 1)])
def test_search_returns_none_or_a_value(xs, limit):
    assert_same(search, [float(v) for v in xs] + [0.5], limit)
    assert_same(search, xs + [7], limit)
