"""Generator expressions as values (issue 9 part 3): `g = (x * x for x in a)` then `next(g)`,
passed to a compiled function, iterated later, returned to Python as an iterator. Each is an
inner generator function (closure conversion, its first iterable evaluated where it stands).
Differential against CPython (values, types, exceptions), leak-checked."""

import numpy as np
import oxjit
import pytest
from conftest import JIT_DISABLED, assert_diagnostic, assert_same, compile_error
from test_nrt import assert_no_leak

pytestmark = pytest.mark.skipif(JIT_DISABLED, reason="compiles")


@oxjit.njit
def total(it):
    t = 0
    for x in it:
        t += x
    return t


def next_of_genexpr(a):
    g = (x * x for x in a)
    first = next(g)
    second = next(g)
    return first, second


def next_then_for(a):
    g = (x * 2 for x in a if x > 0)
    first = next(g, -1)
    rest = []
    for x in g:
        rest.append(x + 1)
    return first, rest


def array_items(a):
    g = (float(x) * 2.0 for x in a)
    return next(g), list(g)


def passed_to_compiled(a, k):
    return total(x + k for x in a)


def passed_range(n, k):
    return total(i * k for i in range(n) if i != 2)


def held_then_passed(a, k):
    g = (x * k for x in a)
    return total(g), next(g, 7.5)


def nested_clauses(n):
    g = ((i, j) for i in range(n) for j in range(i) if (i + j) % 2 == 1)
    return next(g, (-1, -1)), list(g)


def exhausted(n):
    g = (x for x in range(n))
    return next(g)


def raising_item(a):
    g = (10 // x for x in a)
    out = []
    try:
        for _ in range(len(a)):
            out.append(next(g))
    except ZeroDivisionError as e:
        out.append(len(str(e)))
    return out


def over_a_generator(n):
    g = (x + 1 for x in range(n))
    h = (y * y for y in g)
    return next(h), total(h)


def test_genexpr_values():
    a = [3.0, -1.0, 2.0, 5.0]
    assert_same(next_of_genexpr, a)
    assert_same(next_of_genexpr, [1.0])  # StopIteration
    assert_same(array_items, np.array([3.0, -1.0, 2.0]))
    assert_same(next_then_for, a)
    assert_same(next_then_for, [-x for x in a])
    assert_same(passed_to_compiled, a, 2.0)
    assert_same(passed_range, 4, 2.0)
    assert_same(passed_to_compiled, [1, 2, 3], 4)
    assert_same(held_then_passed, a, 3.0)
    assert_same(nested_clauses, 5)
    assert_same(nested_clauses, 0)
    assert_same(exhausted, 0)
    assert_same(raising_item, [5, 2, 0, 1])
    assert_same(over_a_generator, 6)


@oxjit.njit
def squares(a):
    return (x * x for x in a)


def test_returned_to_python():
    g = squares(np.arange(4.0))
    assert iter(g) is g
    assert list(g) == [0.0, 1.0, 4.0, 9.0]
    assert next(g, "done") == "done"


def test_no_leaks():
    a = np.arange(6.0)
    assert_no_leak(next_then_for, a)
    assert_no_leak(held_then_passed, a, 2.0)
    assert_no_leak(over_a_generator, 5)
    assert_no_leak(raising_item, [5, 2, 0, 1])


def shared_with_a_closure(n):
    g = (i * 3 for i in range(n))

    def take():
        return next(g, -1)

    first = take()
    return first, take(), sum(g)


def assigned_in_a_closure(n):
    g = (i for i in range(n))

    def refill():
        nonlocal g
        g = (i + 10 for i in range(n))

    a = next(g, -1)
    refill()
    return a, next(g, -1), sum(g)


def test_genexpr_with_closures():
    for n in (0, 1, 4):
        assert_same(shared_with_a_closure, n)
    # A generator in a cell a closure reassigns: refused as for arrays (reference-counted
    # values in changing cells), naming the closure.
    e = compile_error(assigned_in_a_closure, 3)
    assert_diagnostic(e, assigned_in_a_closure, "def refill", oxjit.errors.UnsupportedError)
