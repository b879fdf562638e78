"""Exceptions raised with no argument or with several constant arguments: `str(e)` in compiled
code and the exception Python gets (`e.args` too) are CPython's: `str()` of an exception with
several arguments is `str()` of their tuple; constant numbers reach Python as numbers. Several
arguments known at run time: tests/test_exception_runtime_args.py."""

import oxjit
import pytest
from conftest import assert_same
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


class AppError(ValueError):
    pass


class AppKeyError(KeyError):
    pass


@oxjit.njit
def raises(k):
    if k == 0:
        raise ValueError("a", 3)
    if k == 1:
        raise ValueError()
    if k == 2:
        raise KeyError("a", 2.5, None)
    if k == 3:
        raise AppError("x", (1, 2), True)
    if k == 4:
        raise AppKeyError(1, 2)
    if k == 5:
        raise ValueError(3)
    if k == 6:
        raise KeyError(7)
    if k == 7:
        raise IndexError(2.5)
    if k == 8:
        raise RuntimeError(False)
    if k == 9:
        raise ValueError("it's", 'say "hi"', -1, 1e300, 1j)
    if k == 10:
        raise KeyError("only")
    return k


def str_of_caught(k):
    try:
        raises(k)
    except Exception as e:  # noqa: BLE001 (what the test compares)
        return str(e)
    return "none"


def caught_here(k):
    try:
        if k == 0:
            raise ValueError("a", 3)
        if k == 1:
            raise KeyError("k", 1)
        raise AppError(1, 2, 3)
    except ValueError as e:
        return "value: " + str(e)
    except KeyError as e:
        return "key: " + str(e)


def args_of_several(k):
    try:
        raise ValueError("a", 3)
    except ValueError as e:
        return e.args


def runtime_arg(n):
    raise ValueError("bad", n)


CASES = range(12)


def raised(fn, k):
    """The exception `fn(k)` raises."""
    try:
        fn(k)
    except Exception as e:  # noqa: BLE001 (what the test compares)
        return e
    raise AssertionError(f"{fn.__name__}({k}) raised nothing")


@pytest.mark.parametrize("k", CASES)
def test_raised_to_python(k):
    assert_same(raises, k)
    if k == 11:
        return
    py, compiled = raised(raises.py_func, k), raised(raises, k)
    assert type(compiled) is type(py)
    assert compiled.args == py.args
    assert [type(a) for a in compiled.args] == [type(a) for a in py.args]


@pytest.mark.parametrize("k", CASES)
def test_str_in_compiled_code(k):
    assert_same(str_of_caught, k)


def test_caught_in_the_same_function():
    for k in range(3):
        assert_same(caught_here, k)


def test_args_of_several():
    # `e.args` is typed from the raise statements that reach the handler
    # (tests/test_exception_args_caught.py has more).
    assert_same(args_of_several, 1)


def test_several_runtime_arguments():
    # Arguments known at run time: tests/test_exception_runtime_args.py has more.
    py, compiled = raised(runtime_arg, 2), raised(oxjit.njit(runtime_arg), 2)
    assert type(compiled) is type(py)
    assert (compiled.args, str(compiled)) == (py.args, str(py))


def test_no_leaks():
    assert_no_leak(str_of_caught, 0)
    assert_no_leak(str_of_caught, 3)
    assert_no_leak(caught_here, 1)
