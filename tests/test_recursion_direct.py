"""Recursive functions that return their value directly (codegen's `lower/direct.rs`): where no
function of the module holds a reference or catches an exception, a raise deep in the recursion
jumps straight back to the entry. Results, exceptions and later calls must be as CPython's."""

import math

import oxjit
import pytest
from conftest import assert_same, assert_same_wrapped


@oxjit.njit
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


@oxjit.njit
def fib_float(x):
    if x < 2.0:
        return x
    return fib_float(x - 1.0) + fib_float(x - 2.0)


@oxjit.njit
def harmonic(n):
    # Float sums are not reassociated: the order of additions must stay CPython's.
    if n == 0:
        return 0.0
    return 1.0 / n + harmonic(n - 1)


@oxjit.njit
def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)


@oxjit.njit
def divide_at_bottom(n, d):
    if n == 0:
        return 100 // d
    return divide_at_bottom(n - 1, d) + 1


@oxjit.njit
def checked_depth(n, limit):
    if n > limit:
        raise ValueError("too deep")
    if n == 0:
        return 0
    return 1 + checked_depth(n - 1, limit + 1)


@oxjit.njit
def even(n):
    if n < 0:
        raise ValueError("negative")
    if n == 0:
        return True
    return odd(n - 1)


@oxjit.njit
def odd(n):
    if n == 0:
        return False
    return even(n - 1)


@oxjit.njit
def fib_pair(n):
    if n == 0:
        return (0, 1)
    a, b = fib_pair(n - 1)
    return (b, a + b)


@oxjit.njit
def twice_fib(n):
    # Not recursive itself: it calls the recursive function.
    return 2 * fib(n) + 1


@oxjit.njit
def catches(n, d):
    # A handler in the module: raises unwind frame by frame again.
    try:
        return divide_at_bottom(n, d)
    except ZeroDivisionError:
        return -1


@oxjit.njit
def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


@oxjit.njit
def checked_sqrt(x):
    if x < 0.0:
        raise ValueError("negative")
    return math.sqrt(x)


@oxjit.njit
def nested_roots(n, x):
    # The raise comes from a callee that is not recursive (a status, then the jump).
    if n == 0:
        return checked_sqrt(x)
    return nested_roots(n - 1, x) + 1.0


@oxjit.njit
def long_body(n, d):
    # Too long to be lowered as several copies: one direct-return copy.
    if n <= 0:
        return 10 // d
    a = n * 3 + 1
    b = a % 7 - n // 2
    c = (a ^ b) + (a & 12) - (b | 3)
    e = c * c - a * b + (c >> 2) - (a << 1)
    f = e % 11 + c // 5 - b * 7 + a
    g = f * 2 - e + c - b + a * 3
    h = g % 13 + f // 3 - e * 2 + c
    i = h * 5 - g + f - e + c * 2
    j = i % 17 + h // 7 - g * 3 + f
    k = j * 3 - i + h - g + f * 2
    m = k % 19 + j // 9 - i * 2 + h
    p = m * 7 - k + j - i + h * 4
    q = p % 23 + m // 5 - k * 3 + j
    r = q * 2 - p + m - k + j * 5
    t = r % 29 + q // 3 - p * 2 + m
    u = t * 3 - r + q - p + m * 2
    return (u % 1000) + long_body(n - 1, d) - long_body(n - 2, d)


@pytest.mark.parametrize("n", [0, 1, 2, 7, 20])
def test_fib(n):
    assert_same(fib, n)
    assert_same(twice_fib, n)


@pytest.mark.parametrize("x", [0.5, 3.0, 15.25])
def test_fib_float(x):
    assert_same(fib_float, x)


@pytest.mark.parametrize("n", [1, 10, 300])
def test_float_sum_order(n):
    assert_same(harmonic, n)


@pytest.mark.parametrize("n", [0, 5, 20, 25, 40])
def test_product_wraps(n):
    assert_same_wrapped(fact, n)


@pytest.mark.parametrize(("n", "d"), [(0, 3), (50, 7), (50, 0), (0, 0)])
def test_raise_at_the_bottom(n, d):
    assert_same(divide_at_bottom, n, d)
    assert_same(catches, n, d)


def test_calls_after_a_raise():
    assert_same(divide_at_bottom, 30, 0)
    assert_same(divide_at_bottom, 30, 4)
    assert_same(checked_depth, 10, 3)
    assert_same(checked_depth, 10, 30)
    assert_same(divide_at_bottom, 30, 0)


@pytest.mark.parametrize("n", [-3, 0, 9, 10])
def test_mutual_recursion(n):
    assert_same(even, n)
    assert_same(odd, n)


@pytest.mark.parametrize("n", [0, 1, 30])
def test_tuple_result(n):
    assert_same(fib_pair, n)


@pytest.mark.parametrize(("m", "n"), [(0, 0), (2, 3), (3, 3)])
def test_nested_self_calls(m, n):
    assert_same(ackermann, m, n)


@pytest.mark.parametrize(("n", "x"), [(0, 4.0), (40, 2.0), (40, -1.0)])
def test_raise_in_a_callee(n, x):
    assert_same(nested_roots, n, x)


@pytest.mark.parametrize(("n", "d"), [(0, 1), (12, 3), (12, 0)])
def test_long_body(n, d):
    assert_same(long_body, n, d)
