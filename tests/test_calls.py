"""Calls: other @njit functions through globals, self and mutual recursion, globals frozen at
compile time, closures, lambdas, default and keyword arguments."""

import math
import sys

import oxjit
import pytest
from conftest import assert_same

# ------------------------------------------------------------------ callees through globals


@oxjit.njit
def square(x):
    return x * x


@oxjit.njit
def hypot_sq(a, b):
    return square(a) + square(b)


@oxjit.njit
def divmod_pair(a, b):
    return a // b, a % b


@oxjit.njit
def sum_pair(t):
    return t[0] + t[1]


@oxjit.njit
def checked_div(a, b):
    return a / b


def sum_squares(n):
    total = 0
    for i in range(n):
        total += square(i)
    return total


def call_chain(a, b):
    return hypot_sq(a, b) - square(a)


def call_with_tuples(a, b):
    q, r = divmod_pair(a, b)
    return sum_pair((q, r)), sum_pair(divmod_pair(b, 3))


def call_two_types(n):
    return square(n) + square(n * 0.5) + square(1j)


def call_raises(a, b):
    return checked_div(a, b) + 1


@pytest.mark.parametrize("n", [0, 1, 10])
def test_call_global_njit(n):
    assert_same(sum_squares, n)
    assert_same(call_two_types, n)


@pytest.mark.parametrize("a, b", [(3, 4), (1.5, -2.5), (0, 0)])
def test_call_chain(a, b):
    assert_same(call_chain, a, b)


@pytest.mark.parametrize("a, b", [(17, 5), (-17, 5), (10, 4)])
def test_call_with_tuples(a, b):
    assert_same(call_with_tuples, a, b)


@pytest.mark.parametrize("a, b", [(1, 2), (1, 0), (1.5, 0.0)])
def test_callee_exception_propagates(a, b):
    assert_same(call_raises, a, b)


def test_callee_called_directly_matches():
    assert_same(square, 7)
    assert_same(hypot_sq, 2.5, 1)


# ------------------------------------------------------------------ recursion


@oxjit.njit
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


@oxjit.njit
def factorial(n):
    if n <= 1:
        return 1
    return n * factorial(n - 1)


@oxjit.njit
def rec_sum(n):
    if n > 0:
        return n + rec_sum(n - 1)
    else:
        return 0


@oxjit.njit
def power_rec(x, n):
    if n == 0:
        return 1.0
    half = power_rec(x, n // 2)
    if n % 2 == 0:
        return half * half
    return half * half * x


@oxjit.njit
def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)


@oxjit.njit
def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)


@oxjit.njit
def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


@oxjit.njit
def gcd_rec(a, b):
    if b == 0:
        return a
    return gcd_rec(b, a % b)


def uses_recursion(n):
    return fib(n) + factorial(n % 10) + rec_sum(n)


@pytest.mark.parametrize("n", [0, 1, 2, 10, 20])
def test_fib(n):
    assert_same(fib, n)


@pytest.mark.parametrize("n", [0, 1, 5, 20, 5.0, 3.5])
def test_factorial(n):
    assert_same(factorial, n)


@pytest.mark.parametrize("n", [0, 1, 100])
def test_recursion_base_case_in_else(n):
    assert_same(rec_sum, n)


@pytest.mark.parametrize("x, n", [(2.0, 10), (1.5, 7), (3, 0), (-2, 5)])
def test_recursion_float_result(x, n):
    assert_same(power_rec, x, n)


@pytest.mark.parametrize("n", [0, 1, 7, 10, 51])
def test_mutual_recursion(n):
    assert_same(is_even, n)
    assert_same(is_odd, n)


@pytest.mark.parametrize("m, n", [(0, 0), (1, 2), (2, 3)])
def test_ackermann(m, n):
    assert_same(ackermann, m, n)


@pytest.mark.parametrize("a, b", [(12, 18), (17, 5), (0, 9), (-12, 18)])
def test_gcd_recursive(a, b):
    assert_same(gcd_rec, a, b)


def test_recursive_callees():
    assert_same(uses_recursion, 12)


# ------------------------------------------------------------------ globals


SCALE = 3
OFFSET = 0.5
ROTATE = 1j
ENABLED = True
COEFFS = (1, -2, 3)
MIXED = (2, 0.25)


def use_globals(x):
    if ENABLED:
        return x * SCALE + OFFSET
    return x


def use_global_complex(x):
    return x * ROTATE


def use_global_tuple(x):
    acc = 0
    for c in COEFFS:
        acc = acc * x + c
    return acc, MIXED[0] * MIXED[1]


def use_module_attributes(x):
    return math.pi * x + sys.maxsize


def read_scale(x):
    return x * SCALE


@pytest.mark.parametrize("x", [0, 2, -1.5])
def test_global_constants(x):
    assert_same(use_globals, x)
    assert_same(use_global_complex, x)
    assert_same(use_global_tuple, x)


def test_module_attribute_constants():
    assert_same(use_module_attributes, 2)


@pytest.mark.requires_jit
def test_globals_frozen_at_compile_time(monkeypatch):
    # As in Numba: the value of a global is read when the function is compiled, and later
    # changes to the global do not reach the compiled code.
    compiled = oxjit.njit(read_scale)
    before = compiled(7)
    assert type(before) is int and before == read_scale(7)
    monkeypatch.setattr(sys.modules[__name__], "SCALE", SCALE + 2)
    assert read_scale(7) != before  # CPython sees the new value
    after = compiled(7)
    assert type(after) is int and after == before


# ------------------------------------------------------------------ closures


def make_adder(n):
    def add(x):
        return x + n

    return add


def make_poly(a, b, c):
    def poly(x):
        return (a * x + b) * x + c

    return poly


def make_tuple_closure(t):
    def first_plus(x):
        return t[0] + x * t[1]

    return first_plus


def make_calling_closure(k):
    def call(x):
        return square(x) + k

    return call


@pytest.mark.parametrize("n", [3, 2.5, 1j, True])
def test_closure_over_scalar(n):
    f = make_adder(n)
    for x in (0, 4, -1.5):
        assert_same(f, x)


@pytest.mark.parametrize("coeffs", [(1, 2, 3), (0.5, -1, 0), (1, 1j, 2)])
def test_closure_over_several(coeffs):
    f = make_poly(*coeffs)
    assert_same(f, 2)
    assert_same(f, -0.5)


def test_closure_over_tuple_and_callee():
    assert_same(make_tuple_closure((2, 0.5)), 3)
    assert_same(make_calling_closure(10), 4)


def test_closure_local_function():
    bias = 7

    def inner(x):
        return x * 2 + bias

    assert_same(inner, 5)
    assert_same(inner, 1.25)


# ------------------------------------------------------------------ lambdas

LAMBDAS = {
    "inc": lambda x: x + 1,
    "affine": lambda a, b: a * b - 1,
    "sqrt": lambda x: math.sqrt(x) + 1,
    "ternary": lambda x: x if x > 0 else -x,
    "default": lambda x, y=2: x**y,
    "callee": lambda x: square(x) + fib(5),
}
SAME_LINE_DIFFERENT_PARAMS = (lambda x: x + 100, lambda y: y * 3)
SAME_LINE_SAME_PARAMS = (lambda x: x - 1, lambda x: x * 2)


@pytest.mark.parametrize("name", sorted(set(LAMBDAS) - {"affine"}))
@pytest.mark.parametrize("x", [2, 0.25, 9])
def test_lambda(name, x):
    assert_same(LAMBDAS[name], x)


def test_lambda_two_args_and_default():
    assert_same(LAMBDAS["affine"], 3, 4.5)
    assert_same(LAMBDAS["default"], 3, 3)
    assert_same(LAMBDAS["default"], 3, y=0.5)


def test_lambdas_on_one_line_with_different_parameters():
    for fn in SAME_LINE_DIFFERENT_PARAMS:
        assert_same(fn, 5)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="code objects have columns from 3.11")
def test_lambdas_on_one_line_with_same_parameters():
    # Told apart by the code object's source position (column), not just its line.
    for fn in SAME_LINE_SAME_PARAMS:
        assert_same(fn, 5)


def test_lambda_closure():
    k = 2.5
    assert_same(lambda x: x * k, 4)


# ------------------------------------------------------------------ defaults and keywords


def with_defaults(a, b=2, c=0.5):
    return a * 100 + b * 10 + c


@oxjit.njit
def callee_defaults(a, b=2, c=0.5):
    return a * 100 + b * 10 + c


def keyword_caller(x):
    return callee_defaults(x) + callee_defaults(x, c=1.5) + callee_defaults(b=1, a=x)


def positional_caller(x):
    return callee_defaults(x, 3, 4)


DEFAULT_CALLS = [((1,), {}), ((1, 3), {}), ((1, 3, 1.5), {}), ((1,), {"c": 2.5}),
                 ((), {"a": 1, "b": 4}), ((), {"c": 1, "b": 2, "a": 3}), ((1.5,), {"b": 0.5}),
                 ((1, 2, 3, 4), {}), ((), {}), ((1,), {"d": 1}), ((1,), {"a": 2})]  # fmt: skip


@pytest.mark.parametrize("args, kwargs", DEFAULT_CALLS)
def test_defaults_and_keywords_at_call(args, kwargs):
    # Wrong counts, unknown and repeated keywords raise TypeError with CPython's message.
    assert_same(with_defaults, *args, **kwargs)


@pytest.mark.parametrize("x", [1, 2.5])
def test_keywords_inside_compiled_code(x):
    assert_same(keyword_caller, x)
    assert_same(positional_caller, x)
