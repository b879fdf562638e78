"""First-class functions of one signature: tuples and lists of compiled functions (and of
plain Python functions, compiled on the way), iterated over, indexed by a variable, chosen by a
branch, passed from Python as a tuple of dispatchers. Compared with CPython."""

import math

import numpy as np
import oxjit
import pytest
from conftest import assert_same, compile_error, jitted

pytestmark = pytest.mark.requires_jit


@oxjit.njit
def square(x):
    return x * x


@oxjit.njit
def cube(x):
    return x * x * x


@oxjit.njit
def halve(x):
    return x / 2


@oxjit.njit
def as_int(x):
    return int(x)


def plus_one(x):
    return x + 1.0


def total_over_tuple(x):
    total = 0.0
    for f in (square, cube, halve):
        total += f(x)
    return total


def indexed(i, x):
    fs = (square, cube, halve)
    return fs[i](x)


def from_list(x):
    fs = [square, cube]
    out = 0.0
    for k in range(len(fs)):
        out += fs[k](x)
    return out


def chosen(flag, x):
    f = square if flag else cube
    return f(x)


def apply_all(fs, x):
    out = np.empty(len(fs))
    for k in range(len(fs)):
        out[k] = fs[k](x)
    return out


def apply_loop(fs, x):
    total = 0.0
    for f in fs:
        total += f(x)
    return total


def mixed_signatures(x):
    total = 0.0
    for f in (square, as_int):
        total += f(x)
    return total


def returns_chosen(flag):
    return (square, cube)[flag]


def test_tuple_in_function():
    assert_same(total_over_tuple, 1.5)
    assert_same(total_over_tuple, 3.0)
    for i in range(3):
        assert_same(indexed, i, 2.0)


def test_list_and_branch():
    assert_same(from_list, 2.5)
    assert_same(chosen, True, 3.0)
    assert_same(chosen, False, 3.0)


def test_tuple_from_python():
    fs = (square, cube, halve)
    assert_same(apply_all, fs, 2.0)
    assert_same(apply_loop, fs, 2.0)
    # Another tuple of the same functions reuses the specialization; another set compiles.
    assert_same(apply_loop, (halve, square), 4.0)


def test_plain_python_function_in_tuple():
    # A plain Python function passed in the tuple is compiled on the way, as an argument.
    assert_same(apply_loop, (square, plus_one), 2.0)
    assert_same(apply_loop, (plus_one, lambda x: x - 1.0), 2.0)


def test_returned_function_value():
    assert jitted(returns_chosen)(0) is square
    assert jitted(returns_chosen)(1) is cube


def test_math_function_calls_unchanged():
    # Builtins are not first-class values: a tuple of them stays refused, with a message.
    def builtins_tuple(x):
        total = 0.0
        for f in (math.sin, math.cos):
            total += f(x)
        return total

    exc = compile_error(builtins_tuple, 1.0)
    assert "heterogeneous" in str(exc) or "iterate" in str(exc)


def test_different_signatures_refused():
    exc = compile_error(mixed_signatures, 2.0)
    assert isinstance(exc, oxjit.errors.TypingError)
    assert "different signatures" in str(exc)
