"""Sets iterate, pop and print in CPython's order: the set table is CPython's setobject.c
(linear probes, dummies, its resize rule, pop's finger) and every operation builds its
result as setobject.c does. Each test compares `list(s)` (so the order) with CPython's, after
random sequences of operations (hypothesis) on sets of ints, strings and tuples."""

import pytest
from conftest import assert_same, jitted
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


def apply_ops(ops, items):
    """Runs `ops` (pairs of an operation code and an index into `items`) on two sets; returns
    `list(a)` after each operation, the popped items, and the final sets as lists."""
    a = set()
    b = set()
    seen = []
    popped = []
    for op, i in ops:
        x = items[i % len(items)]
        y = items[(i * 7 + 3) % len(items)]
        if op == 0:
            a.add(x)
        elif op == 1:
            a.discard(x)
        elif op == 2:
            b.add(x)
        elif op == 3:
            if len(a) > 0:
                popped.append(a.pop())
        elif op == 4:
            a = a | b
        elif op == 5:
            a = a & b
        elif op == 6:
            a = a - b
        elif op == 7:
            a = a ^ b
        elif op == 8:
            a |= b
        elif op == 9:
            a &= b
        elif op == 10:
            a -= b
        elif op == 11:
            a ^= b
        elif op == 12:
            a = a.copy()
        elif op == 13:
            a = set(a)
        elif op == 14:
            a.clear()
        elif op == 15:
            a.update([x, y])
        elif op == 16:
            a = a.union([x, y])
        elif op == 17:
            a = a.intersection([x, y, x])
        elif op == 18:
            a = a.difference([x, y])
        elif op == 19:
            a = a.symmetric_difference([x, y])
        elif op == 20:
            b = set(a)
        elif op == 21:
            b.discard(x)
        elif op == 22:
            a.remove(x) if x in a else a.add(y)
        elif op == 23:
            b = b - a
        else:
            a = b.intersection(a)
        seen.append(list(a))
    return seen, popped, list(a), list(b)


INTS = list(range(-3, 40)) + [64, 72, 128, 136, 256, 1 << 20, -(1 << 40), 2**61 - 1, 2**61 + 5]
STRS = [f"w{i}" for i in range(40)] + ["", "é", "日本"]
TUPLES = [(i % 5, i // 5) for i in range(40)]

OPS = st.lists(st.tuples(st.integers(0, 24), st.integers(0, 10**6)), min_size=1, max_size=120)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(OPS)
def test_int_sets_in_cpython_order(ops):
    assert_same(apply_ops, ops, INTS)


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 10**6)), min_size=1, max_size=400))
def test_many_adds_and_discards_in_cpython_order(ops):
    # Long runs of adds and discards: growth, dummies reused, resizes that drop them.
    assert_same(apply_ops, ops, INTS)


@SETTINGS
@given(OPS)
def test_str_sets_in_cpython_order(ops):
    assert_same(apply_ops, ops, STRS)


@SETTINGS
@given(OPS)
def test_tuple_sets_in_cpython_order(ops):
    assert_same(apply_ops, ops, TUPLES)


def displays(a, b, c):
    # Displays of three or more constants are merged from a frozenset (another table size);
    # others add their items; as a loop's iterable the frozenset itself is iterated. (Items
    # that collide are left out: CPython rebuilds a frozenset constant when it compiles it and
    # again when it loads a .pyc, each rebuild in the previous one's order.)
    looped = [x for x in {20, 3, 1, 5, 7}]  # noqa: PLC0208 - the set's order is the point
    for x in {36, 4, 2}:  # noqa: PLC0208 - as above
        looped.append(x)  # noqa: PERF402 - a loop over a display, as written
    return (
        list({20, 3, 1, 5, 7}),
        list({a, b, c, 5, 7}),
        list({-1, 2, 40, 8, 24, 9}),
        list({(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)}),
        list({"x", "y", "z", "w", "v"}),
        list({20, 3}),
        looped,
        list({x for x in (20, 3, 1, 5, 7)}),
        list(set([20, 3, 1, 5, 7])),  # noqa: C405 - set() of a list adds the items
    )


def test_displays():
    assert_same(displays, 20, 3, 1)


def printed(n):
    s = {x * 37 % 101 for x in range(n)}
    s.discard(37)
    print(s)
    print({"b", "a", "c"})
    print(s - s)
    return str(s), repr({(1, 2), (0, 5)}), f"{s}"


def test_printed_in_cpython_order(capfd):
    want = printed(30)
    expected_out = capfd.readouterr().out
    got = jitted(printed)(30)
    assert got == want
    assert capfd.readouterr().out == expected_out


def pops(n):
    s = set(range(0, 4 * n, 3))
    out = []
    while s:
        out.append(s.pop())
        if len(out) % 3 == 0:
            s.add(len(out) * 11)
            s.discard(len(out) * 11)
    return out


def test_pop_order_follows_the_finger():
    assert_same(pops, 40)


def argument_and_result(s, t):
    # A set argument is CPython's `set(s)`; the result is built from the items in order.
    u = s | t
    u.discard(min(t))
    return list(s), list(u), u


def test_arguments_and_results():
    # A set argument is a copy whose order can differ from the caller's where items collide:
    # compared as sets.
    f = jitted(argument_and_result)
    for s, t in [({1, 2, 3}, {9, 17}), (set(range(0, 100, 7)), {3, 35}), ({"a", "b"}, {"c"})]:
        got, want = f(s, t), argument_and_result(s, t)
        assert [set(x) for x in got] == [set(x) for x in want]


def update_methods(xs, ys):
    a = set(xs)
    a.intersection_update(ys)
    b = set(xs)
    b.difference_update(ys)
    c = set(xs)
    c.symmetric_difference_update(ys)
    d = set(xs)
    d.symmetric_difference_update(set(ys))
    e = set(xs)
    e.intersection_update(set(ys))
    return list(a), list(b), list(c), list(d), list(e)


def test_update_methods():
    assert_same(update_methods, [3, 1, 2, 40, 17, 9], [2, 9, 33, 17, 8])
    assert_same(update_methods, list(range(0, 90, 3)), list(range(0, 90, 5)))


def dedup(xs):
    return list(set(xs)), len(set(xs))


def test_dedup_in_cpython_order():
    xs = [(i * 7919) % 1000 for i in range(5000)]
    assert_same(dedup, xs)
    assert_same(dedup, [str(x) for x in xs[:500]])


def test_no_leak():
    assert_no_leak(apply_ops, [(0, 1), (2, 3), (4, 0), (7, 5), (3, 0), (19, 2)], STRS)
    assert_no_leak(apply_ops, [(op, op * 3) for op in range(25)] * 3, STRS)
    assert_no_leak(apply_ops, [(op, op * 5) for op in range(25)] * 3, TUPLES)
    assert_no_leak(argument_and_result, {"a", "b"}, {"c", "a"})
    assert_no_leak(displays, 1, 2, 3)


def iterated(s):
    return list(s), [x for x in s]


def test_argument_sets_hold_the_callers_items():
    # Collisions ({3, 35}: 35 probes to entry 0), dummies left by discards, a grown table.
    thinned = set(range(200))
    for x in range(0, 200, 3):
        thinned.discard(x)
    words = {f"w{i}" for i in range(50)}
    words.discard("w7")
    added = set()
    for x in (3, 11, 19, 27):
        added.add(x)
    for s in [added, {3, 35}, thinned, words, {(1, 2), (2, 1), (0, 0)}]:
        items, looped = jitted(iterated)(s)
        assert set(items) == s and len(items) == len(s) and looped == items
