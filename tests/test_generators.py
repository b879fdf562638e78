"""Generator expressions consumed by `sum`, `any`, `all`, `min` and `max` (issue 9, part 3),
lowered in place as a loop; `min`/`max` with `key=` (lambdas) and `default=`. Differential
against CPython, exceptions by class and message."""

import math
import types

import numpy as np
import oxjit
import pytest
from conftest import JIT_DISABLED, assert_diagnostic, assert_same, compile_error

pytestmark = pytest.mark.skipif(JIT_DISABLED, reason="compiles")


@oxjit.njit
def square(x):
    return x * x


def integrate(f, a, b, n):
    h = (b - a) / n
    return h * sum(f(a + (i + 0.5) * h) for i in range(n))


def test_integrate_with_a_function_or_a_lambda():
    assert_same(integrate, square, 0.0, 1.0, 100)
    assert_same(integrate, lambda x: math.sin(x), 0.0, math.pi, 50)
    assert_same(integrate, lambda x: x**3 - x, -1.0, 2.0, 64)


def any_positive(a):
    return any(x > 0 for x in a)


def all_positive(a):
    return all(x > 0 for x in a)


def smallest(n):
    return min(i * i - 3 * i for i in range(n))


def largest_below(a, limit):
    return max((float(x) for x in a if x < limit), default=-1.0)


def pairs(n):
    return sum(i * j for i in range(n) for j in range(i) if (i + j) % 2)


def own_variable(n):
    i = 100
    s = sum(i for i in range(n))
    return s + i  # the generator's `i` is its own


def with_start(n):
    return sum((i / 2 for i in range(n)), 10)


def count_true(n):
    return sum(i % 3 == 0 for i in range(n))


def over_tuple(t):
    return sum(x * 2 for x in t)


def dot(a, b):
    return float(sum(x * y for x, y in zip(a, b)))


def capture_and_call(n, c):
    f = lambda x: x * c
    return sum(f(i) for i in range(n)), max(c + x for x in range(1, n))


def early_exit(a):
    # any() stops at the first true item: the division by zero after it never runs
    return any(1.0 / x > 0.4 for x in a)


def nested_genexpr(n):
    return sum(max(j for j in range(i + 1)) for i in range(n))


@pytest.mark.parametrize(
    "fn, args",
    [
        (any_positive, (np.array([-1.0, 2.0]),)),
        (any_positive, (np.array([-1.0, -2.0]),)),
        (any_positive, (np.zeros(0),)),
        (all_positive, (np.array([1.0, 2.0]),)),
        (all_positive, (np.array([1.0, -2.0]),)),
        (all_positive, (np.zeros(0),)),
        (smallest, (5,)),
        (smallest, (0,)),
        (largest_below, (np.array([1.0, 5.0, 2.0]), 3.0)),
        (largest_below, (np.array([7.0]), 3.0)),
        (pairs, (6,)),
        (own_variable, (4,)),
        (with_start, (5,)),
        (count_true, (10,)),
        (over_tuple, ((1, 2, 3),)),
        (dot, (np.arange(3.0), np.arange(3.0))),
        (capture_and_call, (5, 1.5)),
        (early_exit, ((2.0, 0.0),)),
        (early_exit, ((4.0, 0.0),)),
        (nested_genexpr, (5,)),
    ],
)
def test_reductions_of_generator_expressions(fn, args):
    assert_same(fn, *args)


def nearest(a, v):
    return float(min(a, key=lambda x: abs(x - v)))


def longest_cycle(n):
    return max(range(n), key=lambda i: (i * 7) % 5)


def of_three(a, b, c):
    return min(a, b, c, key=lambda v: -v)


def first_of_equals(n):
    # equal keys: the first item wins, as in CPython
    return max(range(n), key=lambda i: i // 3)


def empty_with_key(n):
    return min(range(n), key=lambda i: -i)


@pytest.mark.parametrize(
    "fn, args",
    [
        (nearest, (np.array([1.0, 5.0, 2.0, 3.0]), 2.2)),
        (longest_cycle, (10,)),
        (of_three, (1, 5, 3)),
        (first_of_equals, (7,)),
        (empty_with_key, (0,)),
    ],
)
def test_min_max_with_a_key(fn, args):
    assert_same(fn, *args)


# --- generator expressions held by variables, pipelines, for loops ------------------------------


def held(n):
    g = (i * i for i in range(n))
    return sum(g)


def exhausted(n):
    g = (i * i for i in range(n))
    a = sum(g)
    b = sum(g)  # CPython: the generator is exhausted
    return a, b


def late_binding(n):
    k = 1
    g = (i * k for i in range(n))
    k = 10  # the generator reads k when it runs
    return sum(g)


def partly_consumed(n):
    g = (i for i in range(n))
    found = any(x > 2 for x in g)
    return found, sum(g)  # the rest of the items


def pipeline(a):
    squares = (x * x for x in a)
    big = (y + 1 for y in squares if y > 1)
    return sum(v * 2 for v in big)


def inline_pipeline(n):
    return sum(x for x in (y * 3 for y in range(n)) if x % 2)


def for_loop(n):
    total = 0
    for x in (i * 2 for i in range(n) if i % 2):
        if x > 10:
            break
        if x == 6:
            continue
        total += x
    else:
        total = -total
    return total


def for_over_variable(n):
    g = (i for i in range(n))
    out = 0
    for x in (j * 10 for j in g):
        out += x
    return out


@pytest.mark.parametrize(
    "fn, args",
    [
        (held, (5,)),
        (exhausted, (5,)),
        (late_binding, (5,)),
        (partly_consumed, (6,)),
        (pipeline, ((1, 2, 3),)),
        (inline_pipeline, (7,)),
        (for_loop, (5,)),
        (for_loop, (20,)),
        (for_over_variable, (4,)),
    ],
)
def test_generator_expressions_as_values(fn, args):
    assert_same(fn, *args)


def returns_held(n):
    g = (i for i in range(n))
    return g


def aliased(n):
    g = (i for i in range(n))
    h = g
    return sum(h)


def consumed_in_a_loop(n):
    g = (i * i for i in range(n))
    s = 0
    for _ in range(2):
        for x in g:
            s += x
    return s


def test_generator_variables_used_as_values():
    # Used as a value, the variable holds a generator (tests/test_genexpr_values.py).
    assert_same(aliased, 3)
    assert list(oxjit.njit(returns_held)(4)) == list(returns_held(4))


def test_consumed_again_in_a_loop_is_refused():
    exc = compile_error(consumed_in_a_loop, 3)
    assert "generator" in str(exc)
    assert_diagnostic(exc, consumed_in_a_loop, "for x in g:", oxjit.errors.UnsupportedError)


def returns_genexpr(n):
    return (i for i in range(n))


def shadowed_sum(n):
    return sum(i for i in range(n))


def test_returned_and_shadowed():
    assert list(oxjit.njit(returns_genexpr)(3)) == [0, 1, 2]

    # Where a global rebinds `sum`, the call is not the builtin's: not lowered as a loop, the
    # generator expression is a generator passed to that function.
    def count(xs):
        k = 0
        for _ in xs:
            k += 1
        return k

    fake = types.FunctionType(
        shadowed_sum.__code__, {**globals(), "sum": oxjit.njit(count)}, "shadowed_sum"
    )
    assert oxjit.njit(fake)(5) == 5


def temporaries(n):
    # 64 items: a heap block per item (3 would live on the stack, see test_temps.py).
    return sum(float(np.ones(64).sum()) * i for i in range(n))


@pytest.mark.requires_jit
def test_no_leak_in_generator_loops():
    from test_nrt import assert_no_leak

    assert_no_leak(temporaries, 4)
