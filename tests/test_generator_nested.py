"""Generators yielding generators (`yield inner(j)`), consumed by nested `for` loops, `list()`,
`next()`, and returned to Python as an iterator of iterators; and generators receiving tuples
that hold arrays. Compared with CPython; the inner generators' frames are owned by the outer
frame until yielded, then by the consumer: no block leaks on any path."""

import numpy as np
import oxjit
import pytest
from conftest import assert_same, jitted
from test_nrt import assert_no_leak, stats

pytestmark = pytest.mark.requires_jit


@oxjit.njit
def inner(j):
    for k in range(j):
        yield k * 10 + j


@oxjit.njit
def outer(n):
    for j in range(n):
        yield inner(j)


@oxjit.njit
def inner_rows(a, i):
    for x in a[i]:
        yield x * 2.0


@oxjit.njit
def outer_rows(a):
    for i in range(a.shape[0]):
        yield inner_rows(a, i)


def nested_sum(n):
    s = 0
    for g in outer(n):
        for x in g:
            s += x
    return s


def nested_lists(n):
    out = []
    for g in outer(n):
        out.append(list(g))
    return out


def listed_then_drained(n):
    gens = list(outer(n))
    total = 0
    for g in gens:
        total += sum(g)
    return len(gens), total


def by_next(n):
    o = outer(n)
    next(o)
    g = next(o)
    first = next(g)
    h = next(o)
    return first, next(h), next(h)


def half_consumed(n):
    # Inner generators dropped before they end, and the outer one too.
    o = outer(n)
    g = next(o)
    h = next(o)
    del g
    return next(h)


def rows_nested(a):
    out = []
    for g in outer_rows(a):
        row = 0.0
        for x in g:
            row += x
        out.append(float(row))
    return out


@pytest.mark.parametrize("n", [0, 1, 4])
def test_nested_loops_and_list(n):
    assert_same(nested_sum, n)
    assert_same(nested_lists, n)
    assert_same(listed_then_drained, n)


def test_next_of_nested():
    assert_same(by_next, 4)
    assert_same(half_consumed, 4)
    assert_same(by_next, 1)  # StopIteration from the outer generator, as CPython


def test_nested_over_arrays():
    assert_same(rows_nested, np.arange(12.0).reshape(3, 4))


def test_returned_to_python_as_iterator_of_iterators():
    o = outer(4)
    got = [list(g) for g in o]
    assert got == [list(g) for g in outer.py_func(4)]
    o2 = outer(3)
    gens = list(o2)
    assert [list(g) for g in reversed(gens)] == [[2, 12], [1], []]
    rows = outer_rows(np.arange(6.0).reshape(2, 3))
    assert [list(g) for g in rows] == [[0.0, 2.0, 4.0], [6.0, 8.0, 10.0]]


def test_inner_generator_passed_back_to_compiled_code():
    gens = list(outer(4))
    assert jitted(drain)(gens[3]) == sum(inner.py_func(3))


def drain(g):
    s = 0
    for x in g:
        s += x
    return s


def test_no_leaks():
    assert_no_leak(nested_sum, 5)
    assert_no_leak(nested_lists, 4)
    assert_no_leak(listed_then_drained, 4)
    assert_no_leak(half_consumed, 4)
    assert_no_leak(rows_nested, np.ones((3, 2)))


def test_no_leaks_from_python():
    def run():
        for _ in range(10):
            gens = list(outer(5))
            for g in gens[::2]:
                list(g)
            o = outer(4)
            next(o)
            del o, gens

    run()
    before = stats()
    run()
    after = stats()
    assert after.alloc - before.alloc == after.free - before.free


# A generator receiving tuples that hold arrays.


@oxjit.njit
def dot_acc():
    total = 0.0
    pair = yield (np.zeros(1), np.zeros(1))
    while pair is not None:
        a, b = pair
        total += np.dot(a, b)
        pair = yield (a, b * total)


def send_pairs(n):
    g = dot_acc()
    next(g)
    out = []
    for i in range(n):
        a = np.arange(3.0) + i
        _, b2 = g.send((a, a))
        out.append(float(b2.sum()))
    return out


def test_send_tuple_of_arrays():
    assert_same(send_pairs, 3)
    assert_no_leak(send_pairs, 3)


@oxjit.njit
def holds_inner(n):
    # The inner generator lives in the outer frame across a yield before it is yielded.
    g = inner(n)
    yield inner(0)
    yield g


def test_inner_held_by_a_dropped_outer_frame_is_freed():
    def run():
        for _ in range(10):
            o = holds_inner(3)
            next(o)
            del o  # g, never yielded, goes with the frame
            o = holds_inner(2)
            next(o)
            g = next(o)
            del o  # g was yielded: Python owns it now
            assert list(g) == [2, 12]

    run()
    before = stats()
    run()
    after = stats()
    assert after.alloc - before.alloc == after.free - before.free > 0


def held_in_compiled(n):
    o = holds_inner(n)
    first = next(o)
    return sum(first) + sum(next(o))


def test_inner_held_consumed_in_compiled_code():
    assert_same(held_in_compiled, 4)
    assert_no_leak(held_in_compiled, 4)
