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


def returns_genexpr(n):
    return (i for i in range(n))


def shadowed_sum(n):
    return sum(i for i in range(n))


def test_what_is_refused():
    exc = compile_error(returns_genexpr, 3)
    assert_diagnostic(exc, returns_genexpr, "(i for i in range(n))", oxjit.errors.UnsupportedError)
    assert "generator" in str(exc)
    # Where a global rebinds `sum`, the call is not the builtin's: not lowered as a loop.
    fake = types.FunctionType(
        shadowed_sum.__code__, {**globals(), "sum": lambda xs: 0}, "shadowed_sum"
    )
    exc = compile_error(fake, 3)
    assert_diagnostic(exc, shadowed_sum, "i for i in range(n)", oxjit.errors.UnsupportedError)


def temporaries(n):
    return sum(float(np.ones(3).sum()) * i for i in range(n))


@pytest.mark.requires_jit
def test_no_leak_in_generator_loops():
    from test_nrt import assert_no_leak

    assert_no_leak(temporaries, 4)
