"""Calls of functions that never return normally (they raise on every path, or loop forever): the
call's value is the bottom type, so a caller may unpack it or compute with it in a branch, and the
variables that branch assigns are typed from the other branches (Numba's no-return type unifies
with anything). Direct calls, jitclass methods, closures, recursive functions, raises in every
branch of an if/else, a `while True:` without `break`; compared with CPython: the exception's class
and message where the branch runs, the value where it does not."""

import types

import numpy as np
import oxjit
import pytest
from conftest import _outcome, assert_same, compare_outcomes, jitted, pure_python
from test_nrt import assert_no_leak

# --- the callees ---------------------------------------------------------------------------------


@oxjit.njit
def fail_then_pair(x):
    if True:
        raise ValueError("bad")
    return 1, 2


@oxjit.njit
def fail_no_return(x):
    if True:
        raise ValueError("bad pair")


@oxjit.njit
def fail_with(x):
    raise ValueError(x)


@oxjit.njit
def fail_every_branch(x):
    if x > 10:
        raise KeyError(x)
    else:
        raise IndexError("small " + str(x))


@oxjit.njit
def spin_then_raise(x):
    n = x
    while True:
        n += 1
        if n > 100:
            raise OverflowError("spun to " + str(n))


@oxjit.njit
def countdown_fail(n):
    # Raises or recurses on every path: never returns.
    if n <= 0:
        raise ArithmeticError("reached zero")
    return countdown_fail(n - 1)


@oxjit.njit
def fail_in_try(x):
    try:
        fail_with(x)
    except KeyError:
        return 1
    return 2


# --- direct calls ----------------------------------------------------------------------------------


def unpack_after_if_true(x):
    if x > 0:
        a, b = fail_then_pair(x)
        return a + b
    return 0


def unpack_no_return(x):
    if x > 0:
        a, b = fail_no_return(x)
        return a + b
    return 0


def add_to_result(x):
    if x > 3:
        y = fail_with(x) + 1
    else:
        y = x * 2
    return y


def index_result(x):
    if x < 0:
        return fail_every_branch(x)[0]
    return x + 0.5


def ternary_result(x):
    y = fail_with(x) if x == 7 else x - 1
    return y * 3


def result_in_loop(n):
    s = 0
    for i in range(n):
        if i == 5:
            s += fail_every_branch(i)
        s += i
    return s


def statement_then_return(x):
    if x > 0:
        spin_then_raise(x)
        return "unreachable"
    return "fine"


def recursive_callee(n):
    if n >= 0:
        return countdown_fail(n) * 2.0
    return -1.0


def in_try_body(x):
    try:
        if x > 0:
            a, b = fail_no_return(x)
            return a * b
        return -x
    except ValueError as e:
        return len(str(e)) * 100


def callee_with_try(x):
    return fail_in_try(x)


@pytest.mark.parametrize("x", [-3, 0, 4])
def test_unpack_after_if_true(x):
    assert_same(unpack_after_if_true, x)


@pytest.mark.parametrize("x", [-3, 0, 4])
def test_unpack_no_return(x):
    assert_same(unpack_no_return, x)


@pytest.mark.parametrize("x", [1, 3, 4, 9])
def test_add_to_result(x):
    assert_same(add_to_result, x)


@pytest.mark.parametrize("x", [-20, -1, 0, 5])
def test_raises_in_every_branch(x):
    assert_same(index_result, x)


@pytest.mark.parametrize("x", [6, 7, 8])
def test_ternary(x):
    assert_same(ternary_result, x)


@pytest.mark.parametrize("n", [3, 5, 6, 9])
def test_in_loop(n):
    assert_same(result_in_loop, n)


@pytest.mark.parametrize("x", [-4, 0, 1, 50])
def test_while_true(x):
    assert_same(statement_then_return, x)


@pytest.mark.parametrize("n", [-2, 0, 6])
def test_recursive(n):
    assert_same(recursive_callee, n)


@pytest.mark.parametrize("x", [-2, 0, 3])
def test_in_try_body(x):
    assert_same(in_try_body, x)


@pytest.mark.parametrize("x", [2, 11])
def test_callee_catches_nothing(x):
    assert_same(callee_with_try, x)


def test_called_from_python():
    # The function itself, called from Python: its exception, nothing returned.
    assert_same(fail_then_pair, 1)
    assert_same(fail_every_branch, 12)
    assert_same(countdown_fail, 3)


# --- a recursive function whose error branch calls one that never returns --------------------------


@oxjit.njit
def checked_fact(n):
    if n < 0:
        return fail_with(n)
    if n < 2:
        return 1
    return n * checked_fact(n - 1)


def fact_plus(n):
    return checked_fact(n) + 1


@pytest.mark.parametrize("n", [-1, 0, 5])
def test_recursive_with_error_branch(n):
    assert_same(fact_plus, n)


# --- jitclass methods ------------------------------------------------------------------------------


class PlainChecker:
    def __init__(self, limit):
        self.limit = limit

    def fail(self, x):
        raise ValueError("over the limit: " + str(x))

    def pair(self, x):
        if x > self.limit:
            a, b = self.fail(x)
            return a - b
        return x + self.limit


Checker = oxjit.jitclass([("limit", oxjit.int64)])(PlainChecker)


def same_with_class(fn, *args):
    """`fn` run in CPython with the plain class, and compiled with the jitclass."""
    plain = types.FunctionType(fn.__code__, {**fn.__globals__, "Checker": PlainChecker})
    call = f"{fn.__name__}{args!r}"
    compare_outcomes(call, _outcome(plain, args, {}), _outcome(jitted(fn), args, {}))


def method_result(x):
    c = Checker(10)
    return c.pair(x)


def method_outside(x):
    c = Checker(5)
    if x > c.limit:
        y = c.fail(x) * 2
    else:
        y = x
    return y


@pytest.mark.requires_jit
@pytest.mark.parametrize("x", [3, 10, 11])
def test_method(x):
    same_with_class(method_result, x)


@pytest.mark.requires_jit
@pytest.mark.parametrize("x", [3, 6])
def test_method_called_outside(x):
    same_with_class(method_outside, x)


# --- closures ---------------------------------------------------------------------------------------


def closure_result(x):
    def boom(y):
        raise ValueError("closure got " + str(y))

    if x % 2 == 1:
        a, b = boom(x)
        return a + b
    return x // 2


def lambda_like(x, k):
    def check(y):
        if y > k:
            raise IndexError("past k")
        raise KeyError("not past k")

    return check(x) + 1.5 if x != 0 else 0.0


@pytest.mark.parametrize("x", [2, 3])
def test_closure(x):
    assert_same(closure_result, x)


@pytest.mark.parametrize("x", [0, 1, 9])
def test_closure_every_branch(x):
    assert_same(lambda_like, x, 4)


# --- references held across the call are given back --------------------------------------------


def array_across_call(n):
    a = np.arange(n)
    if n > 2:
        b, c = fail_no_return(a.sum())
        return a[0] + b + c
    return int(a.sum())


def array_in_try(n):
    a = np.ones(n)
    try:
        if n > 2:
            b, c = fail_no_return(n)
            return a[0] + b + c
        return float(a.sum())
    except ValueError:
        return float(a.sum() * 2)


@pytest.mark.parametrize("n", [1, 5])
def test_arrays_across_the_call(n):
    assert_same(array_across_call, n)
    assert_same(array_in_try, n)


@pytest.mark.requires_jit
def test_no_leak():
    assert_no_leak(array_across_call, 5, expect_raise=ValueError)
    assert_no_leak(array_across_call, 2)
    assert_no_leak(array_in_try, 5)
    assert_no_leak(array_in_try, 2)


# --- inside a prange loop ---------------------------------------------------------------------------


@oxjit.njit
def fail_at(i):
    raise IndexError("iteration " + str(i))


def prange_sum(n, bad):
    s = 0
    for i in oxjit.prange(n):
        if i == bad:
            s += fail_at(i)
        s += i
    return s


@pytest.mark.requires_jit
@pytest.mark.parametrize("bad", [-1, 700])
def test_prange(bad):
    # One iteration at most fails: the same exception whatever the threads' order.
    expected = _outcome(pure_python(prange_sum), (1000, bad), {})
    got = _outcome(oxjit.njit(parallel=True)(prange_sum), (1000, bad), {})
    compare_outcomes(f"prange_sum(1000, {bad})", expected, got)


# --- first-class functions: the call never returns only where no candidate does -------------------


@oxjit.njit
def quiet(x):
    pass


def one_candidate_raises(x, k):
    f = fail_with if k else quiet
    f(x)
    return x + 1


@pytest.mark.parametrize("k", [False, True])
def test_function_value_with_one_failing_candidate(k):
    assert_same(one_candidate_raises, 4, k)


@oxjit.njit
def plus_one(x):
    return x + 1


def candidate_types_differ(x, k):
    # fail_with returns nothing ever: it agrees with plus_one's int.
    f = fail_with if k else plus_one
    return f(x) * 2


@pytest.mark.parametrize("k", [False, True])
def test_function_value_candidates_of_other_types(k):
    assert_same(candidate_types_differ, 4, k)
