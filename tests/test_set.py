"""Python sets in compiled code, against CPython: displays, comprehensions, `set()` typed from
later uses, every method and operator, items of ints, floats, bools and tuples, sets passed in
(copied) and returned, and the errors. Iteration order is CPython's (see test_set_order.py);
these tests compare sets, or sorted items."""

import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error, jitted
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.requires_jit


def build(n):
    s = set()
    for i in range(n):
        s.add(i % 7)
    t = {1, 2, 3, 100}
    u = {x * 2 for x in range(5) if x != 3}
    return s, t, u, set(range(3)), set([1.5, 2.5, 1.5])  # noqa: C405 - set() of a list


def operators(xs, ys):
    a = set(xs)
    b = set(ys)
    return (
        a | b,
        a & b,
        a - b,
        a ^ b,
        a <= b,
        a < b,
        a >= b,
        a > b,
        a == b,
        a != b,
        1 in a,
        1 not in b,
        len(a),
        bool(a),
    )


def methods(xs, ys):
    a = set(xs)
    b = a.copy()
    b.add(42)
    b.discard(1)
    b.discard(12345)
    c = a.union(ys)
    d = a.intersection(ys)
    e = a.difference(ys)
    f = a.symmetric_difference(ys)
    g = a.copy()
    g.update(ys)
    return b, c, d, e, f, g, a.issubset(ys), a.issuperset(ys), a.isdisjoint(ys)


def inplace(xs, ys):
    a = set(xs)
    b = set(ys)
    a |= b
    c = set(xs)
    c &= b
    d = set(xs)
    d -= b
    e = set(xs)
    e ^= b
    return a, c, d, e


def pops(xs):
    a = set(xs)
    total = 0
    while a:
        total += a.pop()
    return total, a


def tuples(n):
    s = {(i % 3, i % 2) for i in range(n)}
    return s, (1, 1) in s, sorted(s)


def remove_missing(x):
    s = {1, 2}
    s.remove(x)
    return s


def pop_empty(n):
    s = {1}
    for _ in range(n):
        s.pop()
    return s


def takes_set(s):
    s.add(99)
    return len(s), sorted(s)


def test_build():
    assert_same(build, 20)
    assert_same(tuples, 10)


@pytest.mark.parametrize(
    "xs, ys", [([1, 2, 3], [2, 3, 4]), ([1, 2], [1, 2, 3]), ([5], [5]), ([1, 2, 3], [4])]
)
def test_operators_and_methods(xs, ys):
    assert_same(operators, xs, ys)
    assert_same(methods, xs, ys)
    assert_same(inplace, xs, ys)


def test_pop_and_errors():
    assert_same(pops, [3, 1, 4, 1, 5])
    assert_same(remove_missing, 3)
    assert_same(remove_missing, 2)
    assert_same(pop_empty, 2)


def test_set_arguments_are_written_back():
    s = {1, 2}
    assert jitted(takes_set)(s) == (3, [1, 2, 99])
    assert s == {1, 2, 99}


def never_filled():
    s = set()
    return len(s)


def test_a_set_never_filled_is_an_error():
    exc = compile_error(never_filled)
    msg = assert_diagnostic(exc, never_filled, "set()", oxjit.errors.TypingError)
    assert "item type of the empty set 's'" in msg


def test_no_leak():
    from test_nrt import assert_no_leak

    assert_no_leak(methods, [1, 2, 3], [2, 3, 4])
    assert_no_leak(inplace, [1, 2, 3], [2, 3, 4])
    assert_no_leak(remove_missing, 3, expect_raise=KeyError)


def run_ops(ops):
    s = set()
    log = [0]
    for op, a in ops:
        if op == 0:
            s.add(a)
        elif op == 1:
            s.discard(a)
        elif op == 2:
            log.append(int(a in s))
        elif op == 3:
            s = s | {a, a + 1}
        elif op == 4:
            s = s - {a}
        elif op == 5:
            s ^= {a, -a}
        elif op == 6:
            log.append(len(s))
    return s, log


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(-10, 10)), min_size=1, max_size=50))
def test_random_operation_sequences(ops):
    assert_same(run_ops, ops)
