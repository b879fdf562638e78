"""`str(e)` and `e.args` of a caught exception (`except ValueError as e`), compared with
CPython: `str()` of an exception with one argument is `str(arg)` (`repr(arg)` for KeyError), of
none `''`; `e.args` is typed from the raise statements that reach the handler
(tests/test_exception_args_caught.py), a tuple of one string where none does. Strings made from
exceptions are freed."""

import math

import pytest
from conftest import assert_same
from oxjit import objmode
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


class AppError(ValueError):
    pass


def message(k):
    try:
        if k == 0:
            raise ValueError("bad value")
        if k == 1:
            raise KeyError("missing")
        if k == 2:
            raise IndexError(7)
        if k == 3:
            raise ValueError()
        if k == 4:
            raise AppError("app error")
        if k == 5:
            raise ValueError(2.5)
        if k == 6:
            raise KeyError(k)
        if k == 7:
            raise RuntimeError(True)
        return "none"
    except Exception as e:  # noqa: BLE001 (what the test compares)
        return str(e)


def runtime_messages(x):
    try:
        return str(math.sqrt(x))
    except ValueError as e:
        return "caught: " + str(e)


def zero_division(x, y):
    try:
        return str(x // y)
    except ZeroDivisionError as e:
        return str(e)


def first_arg(k):
    try:
        if k == 0:
            raise ValueError("first")
        raise LookupError("second")
    except (ValueError, LookupError) as e:
        return e.args[0], len(e.args)


def args_tuple(k):
    try:
        raise KeyError("key")
    except KeyError as e:
        return e.args


def int_args(k):
    try:
        raise ValueError(k)
    except ValueError as e:
        return e.args[0]


def from_objmode(k):
    try:
        with objmode(y="int64"):
            if k == 0:
                raise ValueError("from the block")
            if k == 1:
                raise KeyError("block key")
            if k == 2:
                raise ValueError("several", k)
            y = k
    except Exception as e:  # noqa: BLE001 (what the test compares)
        return str(e)
    return str(y)


def test_str_of_caught():
    for k in range(9):
        assert_same(message, k)


def test_str_of_runtime_errors():
    assert_same(runtime_messages, 4.0)
    assert_same(runtime_messages, -1.0)
    assert_same(zero_division, 7, 0)
    assert_same(zero_division, 7.0, 0.0)


def test_args():
    assert_same(first_arg, 0)
    assert_same(first_arg, 1)
    assert_same(args_tuple, 3)


def test_args_not_one_string():
    assert_same(int_args, 3)


def test_objmode_exceptions():
    for k in range(4):
        assert_same(from_objmode, k)


def test_no_leaks():
    assert_no_leak(message, 1)
    assert_no_leak(first_arg, 1)
    assert_no_leak(args_tuple, 2)


def empty_min_caught(a):
    # The ValueError of min() of an empty generator expression is caught where it is raised
    # (found by the program generator: it used to leave the function).
    r = 0.0
    try:
        r = min(float(v) * 0.5 for v in a)
    except ValueError as e:
        return str(e)
    return str(r)


def test_generator_expression_errors_caught():
    import numpy as np

    assert_same(empty_min_caught, np.array([], dtype=np.float64))
    assert_same(empty_min_caught, np.array([3.0, 1.0]))
