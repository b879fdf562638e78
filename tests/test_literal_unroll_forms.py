"""`literal_unroll` in more positions (the forms of Numba's test_mixed_tuple_unroller): loops
inside inner functions and closures (over their own tuples and captured ones), over a local
reassigned tuple displays of several lengths, and the comparisons such loops make between
values of unrelated types (`x == 'a'`, `t is False`), decided when compiling. Each result is
compared with CPython's (value and type)."""

import numpy as np
import pytest
from conftest import assert_same
from oxjit import literal_unroll


def closure_over_captured(z):
    b = (23, 23.9, 6j, 8)

    def bar():
        acc = 0
        for j in literal_unroll(b):
            acc += j
        return acc

    outer_acc = 0
    for x in (1, 2, 3, 4):
        outer_acc += bar() + x + z
    return outer_acc


def inner_own_tuple(t):
    def bar(u):
        acc = 0
        a = (12, 12.7, 3j, 4)
        for x in literal_unroll(a):
            acc += x
        return acc, u

    return bar(t)


def inner_in_map():
    const = 1234

    def bar(t):
        acc = 0
        a = (12, 12.7, 3j, 4)
        for x in literal_unroll(a):
            acc += x + const
        return acc, t

    return [x for x in map(bar, (1, 2))]


def inner_over_argument(t):
    def bar(u):
        out = ""
        for x in literal_unroll(u):
            out += str(x)
        return out

    return bar(t)


def nested_unroll_in_closure(z):
    a = (12, 12.7, 3j, 4, z, "a")
    b = (23, 23.9, 6j, 8)

    def bar():
        acc = 0
        for j in literal_unroll(b):
            acc += j
        return acc

    acc = 0
    for x in literal_unroll(a):
        acc += bar()
    return acc


def reassigned_displays():
    acc = 0
    l1 = [1, 2, 3, 4]
    l2 = [10, 20]
    tup = (l1, l2)
    a1 = np.arange(20)
    a2 = np.ones(5, dtype=np.complex128)
    tup = (l1, a1, l2, a2)
    for t in literal_unroll(tup):
        acc += len(t)
    return acc


def reassigned_between_loops(x):
    out = 0.0
    t = (x, 2.5)
    for a in literal_unroll(t):
        out += a
    t = (x, 1j, True)
    for a in literal_unroll(t):
        out += abs(a)
    return out


def compare_items(z):
    x = (12, 12.7, 3j, 4, z, 2 * z)
    y = ("foo", z, 2 * z, False)
    acc = 0
    for a in literal_unroll(x):
        acc += a
        if acc.real < 26:
            acc -= 1
        else:
            for t in literal_unroll(y):
                acc += t is False
            break
    return acc


def select_by_text(tup1, tup2):
    acc = 0
    idx = 0
    for a in literal_unroll(tup1):
        if a == "a":
            acc += tup2[0]
        elif a == "b":
            acc += tup2[1]
        idx += 1
    return idx, acc


@pytest.mark.parametrize(
    "fn,args",
    [
        (closure_over_captured, (9,)),
        (inner_own_tuple, (7,)),
        (inner_in_map, ()),
        (inner_over_argument, ((1, "b", 2.5),)),
        (nested_unroll_in_closure, (9,)),
        (reassigned_displays, ()),
        (reassigned_between_loops, (3,)),
        (compare_items, (9,)),
        (select_by_text, (("a", 1j, "b", 2.5), (10, 20))),
        (select_by_text, ((1, "c"), (10, 20))),
    ],
)
def test_as_cpython(fn, args):
    assert_same(fn, *args)


# Comparisons of values whose classes never compare equal: False (True for != and is not),
# as CPython answers them.


def unrelated_equal(x, s):
    return (x == s, s == x, x != s, s != x, x is s, x is not s)


def number_identity(i, f, b):
    return (i is b, b is i, f is i, i is not b, f is not b)


def tuples_and_lists(t, lst):
    return (t == lst, lst != t, t == "ab", lst == 3)


def mixed_tuple_items(a, b):
    return a == b, a != b


@pytest.mark.parametrize(
    "x,s",
    [(1, "1"), (2.5, "a"), (1j, "a"), (True, "True"), ("a", (1, 2)), ((1,), 1.0)],
)
def test_unrelated_equality(x, s):
    assert_same(unrelated_equal, x, s)


def test_number_identity():
    assert_same(number_identity, 0, 0.0, False)
    assert_same(number_identity, 1, 1.0, True)


def test_tuples_and_lists():
    assert_same(tuples_and_lists, (1, 2), [1, 2])


def test_tuple_items_of_unrelated_types():
    assert_same(mixed_tuple_items, (1, "a"), ("a", 1))
    assert_same(mixed_tuple_items, (1, "a"), (1, "a"))


def unrelated_branch(x):
    # The branch a decided comparison rules out is not compiled (as `isinstance`).
    if x == "a":
        return x + "b"
    return x + 1


def test_decided_branch():
    assert_same(unrelated_branch, 3)
