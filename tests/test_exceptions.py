"""Exceptions raised by compiled code reach the caller as the same class with the same message;
`assert` raises AssertionError.

PYTEST_DONT_REWRITE: pytest must not rewrite the `assert` statements of the functions below, or
CPython's own AssertionError messages (the reference) would change.
"""

import oxjit
import pytest
from conftest import assert_same


def raise_value_error(x):
    if x > 0:
        raise ValueError("x must not be positive")
    return x


def raise_type_error(x):
    if x > 0:
        raise TypeError("wrong type")
    return x


def raise_zero_division(x):
    if x > 0:
        raise ZeroDivisionError("custom zero division")
    return x


def raise_index_error(x):
    if x > 0:
        raise IndexError("index out of range")
    return x


def raise_key_error(x):
    if x > 0:
        raise KeyError("missing")
    return x


def raise_runtime_error(x):
    if x > 0:
        raise RuntimeError("runtime failure")
    return x


def raise_arithmetic_error(x):
    if x > 0:
        raise ArithmeticError("arithmetic")
    return x


def raise_overflow_error(x):
    if x > 0:
        raise OverflowError("too big")
    return x


def raise_not_implemented(x):
    if x > 0:
        raise NotImplementedError("later")
    return x


def raise_lookup_error(x):
    if x > 0:
        raise LookupError("lookup")
    return x


def raise_assertion_error(x):
    if x > 0:
        raise AssertionError("explicit assertion")
    return x


def raise_exception(x):
    if x > 0:
        raise Exception("plain exception")  # noqa: TRY002
    return x


def raise_unicode_message(x):
    if x > 0:
        raise ValueError("négatif ✓ 'quoted' \"double\"\nsecond line\ttab")
    return x


def raise_empty_message(x):
    if x > 0:
        raise ValueError("")
    return x


def raise_class_only(x):
    if x > 0:
        raise ValueError
    return x


def raise_no_args(x):
    if x > 0:
        raise RuntimeError()
    return x


def raise_key_error_class(x):
    if x > 0:
        raise KeyError
    return x


def raise_unconditionally(x):
    raise NotImplementedError("always")


RAISERS = [raise_value_error, raise_type_error, raise_zero_division, raise_index_error,
           raise_key_error, raise_runtime_error, raise_arithmetic_error, raise_overflow_error,
           raise_not_implemented, raise_lookup_error, raise_assertion_error, raise_exception,
           raise_unicode_message, raise_empty_message, raise_class_only, raise_no_args,
           raise_key_error_class]  # fmt: skip


@pytest.mark.parametrize("fn", RAISERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("x", [1, -1, 2.5, 0.0])
def test_raise_builtin_exception(fn, x):
    assert_same(fn, x)


@pytest.mark.parametrize("x", [0, 1.5])
def test_raise_unconditionally(x):
    assert_same(raise_unconditionally, x)


def raise_in_loop(n, limit):
    total = 0
    for i in range(n):
        total += i
        if total > limit:
            raise OverflowError("total exceeded the limit")
    return total


def raise_in_nested_loop(n):
    for i in range(n):
        for j in range(n):
            if i * j == 12:
                raise ValueError("found twelve")
    return n


def raise_after_work(x):
    y = x * 2
    while y > 100:
        y = y // 2
    if y == 75:
        raise ValueError("seventy-five")
    return y


def raise_one_of_two(x):
    if x < 0:
        raise ValueError("negative")
    elif x == 0:
        raise ZeroDivisionError("zero")
    return 1 / x


@oxjit.njit
def validate(x):
    if x < 0:
        raise ValueError("negative input")
    return x


def call_validating(a, b):
    return validate(a) + validate(b)


@oxjit.njit
def countdown(n):
    if n == 0:
        raise LookupError("bottom reached")
    if n < 0:
        return n
    return countdown(n - 1)


def raise_deep_in_recursion(n):
    return countdown(n) + 1


@pytest.mark.parametrize("n, limit", [(5, 100), (100, 50), (0, -1)])
def test_raise_in_loop(n, limit):
    assert_same(raise_in_loop, n, limit)


@pytest.mark.parametrize("n", [3, 5, 7])
def test_raise_in_nested_loop(n):
    assert_same(raise_in_nested_loop, n)


@pytest.mark.parametrize("x", [10, 75, 150, 300])
def test_raise_after_work(x):
    assert_same(raise_after_work, x)


@pytest.mark.parametrize("x", [-1, 0, 4, -0.5, 0.0, 2.5])
def test_raise_one_of_two(x):
    assert_same(raise_one_of_two, x)


@pytest.mark.parametrize("a, b", [(1, 2), (-1, 2), (1, -2), (1.5, 0)])
def test_raise_through_callee(a, b):
    assert_same(call_validating, a, b)


@pytest.mark.parametrize("n", [0, 1, 30, -4])
def test_raise_from_recursion(n):
    assert_same(raise_deep_in_recursion, n)


@pytest.mark.parametrize("x", [1, -1])
def test_exception_leaves_dispatcher_usable(x):
    # After an exception, the same compiled function keeps working.
    assert_same(raise_value_error, 5)
    assert_same(raise_value_error, x)
    assert_same(raise_value_error, 5)


# ------------------------------------------------------------------ assert


def assert_plain(x):
    assert x > 0
    return x


def assert_message(x):
    assert x > 0, "x must be positive"
    return x * 2


def assert_in_loop(n):
    total = 0
    for i in range(n):
        assert i < 5, "loop ran too long"
        total += i
    return total


def assert_compound(a, b):
    assert a < b and b != 10, "out of order"
    return b - a


@pytest.mark.parametrize("x", [1, 0, -1, 0.5, -0.0, float("nan")])
def test_assert(x):
    assert_same(assert_plain, x)
    assert_same(assert_message, x)


@pytest.mark.parametrize("n", [3, 5, 6])
def test_assert_in_loop(n):
    assert_same(assert_in_loop, n)


@pytest.mark.parametrize("a, b", [(1, 2), (2, 1), (1, 10), (1, 11)])
def test_assert_compound(a, b):
    assert_same(assert_compound, a, b)
