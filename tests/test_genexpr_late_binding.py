"""A generator expression stored in a variable runs when it is consumed, so it reads the
variables around it as they are then (CPython's closure cells), except its first iterable,
evaluated where it stands. Compiled code once read the values at the expression instead."""

import pytest
from conftest import assert_same

pytestmark = pytest.mark.requires_jit


def rebound_before_list(x):
    offset = x
    g = (offset + j for j in range(3))
    offset = 10.0
    return list(g)


def rebound_before_next(x):
    scale = x
    g = (scale * j for j in range(1, 4))
    first = next(g)
    scale = scale + 1
    return first, next(g), next(g)


def first_iterable_is_read_where_it_stands(n):
    items = [1, 2, 3]
    g = (v * n for v in items)
    items = [7]
    return list(g)


def made_in_a_loop(n):
    out = []
    for i in range(n):
        g = (i + j for j in range(2))
        out.append(list(g))
    return out


def bound_once_read_later(x):
    k = x
    g = (k * j for j in range(4))
    return sum(g)


@pytest.mark.parametrize("x", [0.0, 2.5])
def test_reads_a_variable_rebound_after_it_is_made(x):
    assert_same(rebound_before_list, x)
    assert_same(rebound_before_next, x)


def test_first_iterable_and_loops():
    assert_same(first_iterable_is_read_where_it_stands, 2)
    assert_same(made_in_a_loop, 3)
    assert_same(bound_once_read_later, 2)
