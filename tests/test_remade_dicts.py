"""A dict (or list, set) made again by a comprehension, then reduced (`sum(d.values())`,
`max(v for v in d.values())`): the comprehension's container is empty until its loop adds to
it, and the loop's statements can come after the reduction in typing's dependency order; typing
goes on past the reduction, learns the items from the loop, and types the function again
(tests/progen's most common rejection before)."""

import pytest
from conftest import assert_same

pytestmark = pytest.mark.requires_jit


def remade_sum(n):
    d0 = {}
    for i in range(n):
        d0[i % 17] = i
    d0 = {k: v % 97 for k, v in d0.items() if k % 2 == 0}
    return (sum([v for v in d0.values()]) + len(d0)) % 1000


def remade_max(n):
    d0 = {1: 2}
    for i in range(n):
        d0[i % 5] = i * 3
    d0 = {k: v * 2 for k, v in d0.items()}
    return sum(d0.values()), max(v for v in d0.values()), min(d0)


def remade_floats(n):
    d = {i: i * 0.5 for i in range(n)}
    d = {k: v * 2 for k, v in d.items() if v > 1}
    return sum(d.values())


def remade_list_and_set(n):
    xs = [i * 3 % 7 for i in range(n)]
    xs = [x + 1 for x in xs if x > 2]
    s = {x for x in xs}
    s = {x * 2 for x in s}
    return sum(xs), max(x for x in s), sorted(s)


def in_a_loop(n):
    d = {0: 1}
    total = 0
    for r in range(3):
        d = {k + r: v * 2 for k, v in d.items()}
        d[r + 5] = n
        total += sum(d.values())
    return total, d


@pytest.mark.parametrize("n", [0, 1, 6, 40])
def test_matches_cpython(n):
    assert_same(remade_sum, n)
    assert_same(remade_max, n)
    assert_same(in_a_loop, n)
    # (`sum()` of no floats is the int 0 in CPython, 0.0 compiled: a typed sum.)
    assert_same(remade_floats, n + 4)


@pytest.mark.parametrize("n", [4, 30])
def test_lists_and_sets(n):
    assert_same(remade_list_and_set, n)


def test_no_leak():
    from test_nrt import assert_no_leak

    assert_no_leak(remade_max, 10)
    assert_no_leak(in_a_loop, 3)
