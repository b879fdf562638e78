"""Tuples holding values that exist only at compile time (the same compiled function twice,
exception classes, math functions), alone or beside run-time values: iterated, enumerated,
zipped, unpacked, indexed and passed as arguments. Each once crashed the compiler, looped
forever, or read a run-time item of the tuple as 0. Compared with CPython."""

import math

import oxjit
import pytest
from conftest import assert_same, assert_same_isolated

pytestmark = pytest.mark.requires_jit


@oxjit.njit
def square(x):
    return x * x


@oxjit.njit
def cube(x):
    return x * x * x


def loop_over_same_function(x):
    total = 0
    for f in (square, square):
        total += f(x)
    return total


def loop_over_named_tuple_of_same_function(x):
    fs = (square, square, square)
    total = 0
    for f in fs:
        total += f(x)
    return total, len(fs)


def enumerate_same_function(x):
    fs = (square, square)
    total = 0
    for i, f in enumerate(fs):
        total += f(x) * (i + 1)
    for i, f in enumerate(fs, 5):
        total += i
    return total


def zip_functions_with_numbers(x):
    total = 0
    for f, k in zip((square, square), (1, 2)):
        total += f(x) * k
    for f, g in zip((square, square), (cube, cube)):
        total += f(x) - g(x)
    return total


def function_beside_number(x):
    pair = (x, square)
    n, f = pair
    return pair[0] + pair[1](x) + n * f(2)


def pairs_of_function_and_weight(x):
    total = 0
    for f, k in ((square, 1), (square, 2)):
        total += f(x) * k
    return total


@oxjit.njit
def call_second_add_first(pair, x):
    return pair[1](x) + pair[0]


def passes_function_beside_number(x):
    return call_second_add_first((x, square), x)


def exception_classes(n):
    out = []
    for cls in (ValueError, ValueError):
        try:
            raise cls("bad " + str(n))
        except ValueError as e:
            out.append(str(e))
    return out


def math_functions(x):
    total = 0.0
    for f in (math.sin, math.sin):
        total += f(x)
    return total


def chosen_on_a_branch(x):
    fs = (square, square)
    chosen = fs if x > 0 else (square, square)
    total = 0
    for f in chosen:
        total += f(x)
    return total


def test_loop_over_the_same_function_twice():
    # It looped forever once (the loop over items that exist only at compile time never moved on).
    assert_same_isolated(loop_over_same_function, 3, timeout=60)
    assert_same(loop_over_same_function, -4)
    assert_same(loop_over_named_tuple_of_same_function, 5)


def test_enumerate_and_zip_over_functions():
    assert_same(enumerate_same_function, 3)
    assert_same(zip_functions_with_numbers, 3)
    assert_same(pairs_of_function_and_weight, 3)


def test_run_time_item_beside_a_function():
    assert_same(function_beside_number, 3)
    assert_same(function_beside_number, -7)


def test_tuple_of_number_and_function_as_an_argument():
    # The number was read as 0 in the callee.
    assert_same(passes_function_beside_number, 3)
    assert call_second_add_first((3, square), 3) == 12
    assert call_second_add_first((10, cube), 2) == 18


def test_exception_classes_and_math_functions():
    assert_same(exception_classes, 4)
    assert_same(math_functions, 1.0)
    assert_same(chosen_on_a_branch, 2)
