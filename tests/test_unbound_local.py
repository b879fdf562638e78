"""Reading a local variable that no assignment reached raises UnboundLocalError, as in CPython.

The check exists only where some path reaches the read without an assignment (the SSA builder's
definedness analysis); reads that every path assigns are not checked.
"""

import oxjit
import pytest
from conftest import assert_same, jitted


def one_branch(c):
    if c:
        x = 1.5
    return x


def other_branch(c):
    if c > 0:
        pass
    else:
        y = c * 2
    return y + 1


def loop_last(n):
    for i in range(n):
        last = i
    return last


def while_assigned(n):
    k = 0
    while k < n:
        found = k * k
        k += 1
    return found


def read_before_assign_in_loop(n):
    total = 0
    for i in range(n):
        if i > 0:
            total += prev  # noqa: F821 - read before the first assignment on purpose
        prev = i  # noqa: F841
    return total


def augmented(c):
    if c:
        acc = 10
    acc += 1
    return acc


def both_branches(c):
    if c:
        z = 1
    else:
        z = 2
    return z


def in_expression(c, d):
    if c:
        a = 3
    if d:
        b = 4
    return a * 10 + b


def tuple_unpack(c):
    if c:
        _p, q = 1, 2.0
    return q


def ternary_read(c):
    if c:
        v = 7
    return v if c else -1


@pytest.mark.parametrize("c", [True, False])
def test_one_branch(c):
    assert_same(one_branch, c)


@pytest.mark.parametrize("c", [3, -3, 0])
def test_other_branch(c):
    assert_same(other_branch, c)


@pytest.mark.parametrize("n", [0, 1, 5])
def test_loop_with_no_iterations(n):
    assert_same(loop_last, n)


@pytest.mark.parametrize("n", [0, 4])
def test_while_loop(n):
    assert_same(while_assigned, n)


@pytest.mark.parametrize("n", [0, 1, 6])
def test_read_guarded_by_a_condition_in_a_loop(n):
    assert_same(read_before_assign_in_loop, n)


@pytest.mark.parametrize("c", [True, False])
def test_augmented_assignment(c):
    assert_same(augmented, c)


@pytest.mark.parametrize("c", [True, False])
def test_assigned_on_every_path(c):
    assert_same(both_branches, c)


@pytest.mark.parametrize("c,d", [(True, True), (False, True), (True, False), (False, False)])
def test_names_the_right_variable(c, d):
    assert_same(in_expression, c, d)


@pytest.mark.parametrize("c", [True, False])
def test_unpacking(c):
    assert_same(tuple_unpack, c)


@pytest.mark.parametrize("c", [True, False])
def test_read_on_a_path_that_assigned(c):
    assert_same(ternary_read, c)


@pytest.mark.requires_jit
def test_no_check_where_every_path_assigns():
    """The definedness analysis leaves no check where the variable is always bound."""
    d = jitted(both_branches)
    d(True)
    assert "UnboundLocalError" not in d._dump(0, "ssa")

    def loop_sum(n):
        s = 0
        for i in range(n):
            s += i
        return s

    f = oxjit.njit(loop_sum)
    f(3)
    assert "UnboundLocalError" not in f._dump(0, "ssa")
    g = jitted(loop_last)
    g(2)
    assert "UnboundLocalError" in g._dump(0, "ssa")
