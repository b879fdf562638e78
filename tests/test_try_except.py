"""`try`/`except`/`else`/`finally`, `raise` again and `raise ... from ...` in compiled code:
each function runs under CPython and compiled, and the results (or the exceptions, by class and
message) must be the same; arrays live on the exception paths are freed exactly once."""

import math

import numpy as np
import oxjit
import pytest
from conftest import assert_same, jitted
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


class AppError(Exception):
    pass


class BadInput(AppError, ValueError):
    pass


def divide(x, y):
    try:
        r = x // y
    except ZeroDivisionError:
        r = -1
    return r


def float_divide(x, y):
    try:
        return x / y
    except ZeroDivisionError:
        return math.inf


def trace_order(x, y):
    # Each step appends a digit: the order of body, handler, else and finally shows.
    t = 0
    try:
        t = t * 10 + 1
        q = x % y
        t = t * 10 + 2
    except ZeroDivisionError:
        t = t * 10 + 3
        q = 0
    else:
        t = t * 10 + 4
    finally:
        t = t * 10 + 5
    return t, q


def several_clauses(k):
    try:
        if k == 0:
            raise KeyError("k")
        if k == 1:
            raise ValueError("v")
        if k == 2:
            raise IndexError("i")
        if k == 3:
            raise ZeroDivisionError("z")
        return 0
    except (KeyError, ValueError):
        return 1
    except LookupError:
        return 2
    except ArithmeticError:
        return 3


def bare_except(k):
    try:
        if k > 0:
            raise OverflowError("big")
        out = 0
    except:  # noqa: E722 - the bare clause is what is tested
        out = 7
    return out


def uncaught_class_passes(k):
    try:
        if k > 0:
            raise TypeError("not caught here")
        return 0
    except ValueError:
        return 1


def reraise_bare(x):
    try:
        return 10 // x
    except ZeroDivisionError:  # noqa: TRY203 - the construct under test
        raise


def reraise_named(x):
    try:
        return 10 // x
    except ZeroDivisionError as e:  # noqa: TRY203 - the construct under test
        raise e  # noqa: TRY201 - the construct under test


def reraise_after_inner(x):
    # The inner clause catches another exception; the bare raise still raises the outer one.
    try:
        return 10 // x
    except ZeroDivisionError:
        try:
            raise ValueError("inner")
        except ValueError:
            pass
        raise


def raise_from_none(x):
    try:
        return 10 // x
    except ZeroDivisionError:
        raise ValueError("x must not be zero") from None


def no_active_exception():
    raise  # noqa: PLE0704 - the construct under test


def handler_raises(x):
    try:
        return 10 // x
    except ZeroDivisionError:
        raise OverflowError("from the handler")


def nested(x, y):
    total = 0
    try:
        try:
            total += 100 // x
        except KeyError:
            total = -1
        total += 100 // y
    except ZeroDivisionError:
        total += 1000
    return total


def finally_with_return(x):
    t = 0
    try:
        t += 1
        return 100 // x
    finally:
        t += 10


def finally_sees_variables(x):
    out = 0
    try:
        out = 5
        out = 100 // x
    finally:
        out += 1
    return out


def finally_in_loop(n):
    count = 0
    total = 0
    for i in range(n):
        try:
            if i == 2:
                continue
            if i == 5:
                break
            total += i
        finally:
            count += 1
    return count, total


def finally_overrides(x):
    try:
        return 10 // x
    finally:
        if x == 0:
            raise KeyError("from finally")


def loop_with_handler(n):
    total = 0
    errors = 0
    for i in range(-n, n):
        try:
            total += 100 // i
        except ZeroDivisionError:
            errors += 1
    return total, errors


def raise_value_error_if_negative(x):
    if x < 0:
        raise ValueError("negative")
    return math.sqrt(x)


checked_sqrt = oxjit.njit(raise_value_error_if_negative)


def calls_raising_callee(a):
    out = 0.0
    bad = 0
    for x in a:
        try:
            out += checked_sqrt(x)
        except ValueError:
            bad += 1
    return out, bad


def math_domain(x):
    try:
        return math.sqrt(x)
    except ValueError:
        return -1.0


def user_classes(k):
    try:
        if k == 0:
            raise BadInput("bad input")
        if k == 1:
            raise AppError("app")
        return 0
    except BadInput:
        return 1
    except AppError:
        return 2


def user_class_as_builtin(k):
    try:
        if k == 0:
            raise BadInput("bad")
        return 0
    except ValueError:
        return 3


def user_class_escapes(k):
    if k == 0:
        raise BadInput("escapes to Python")
    return k


def assertion(x):
    try:
        assert x > 0, "x must be positive"
        return 1
    except AssertionError:
        return 0


def caught_in_while(n):
    i = 0
    seen = 0
    while i < n:
        try:
            if i % 4 == 0:
                raise KeyError(i)
            seen += i
        except KeyError:
            seen -= 1
        i += 1
    return seen


def int_overflow_of_power(x):
    try:
        return 2.0**x
    except OverflowError:
        return -1.0


CASES = [
    (divide, (7, 2)),
    (divide, (7, 0)),
    (float_divide, (1.0, 4.0)),
    (float_divide, (1.0, 0.0)),
    (trace_order, (7, 3)),
    (trace_order, (7, 0)),
    *[(several_clauses, (k,)) for k in range(5)],
    (bare_except, (0,)),
    (bare_except, (1,)),
    (uncaught_class_passes, (0,)),
    (uncaught_class_passes, (1,)),
    (reraise_bare, (2,)),
    (reraise_bare, (0,)),
    (reraise_named, (0,)),
    (reraise_after_inner, (0,)),
    (raise_from_none, (0,)),
    (raise_from_none, (5,)),
    (no_active_exception, ()),
    (handler_raises, (0,)),
    (nested, (1, 1)),
    (nested, (0, 1)),
    (nested, (1, 0)),
    (finally_with_return, (5,)),
    (finally_with_return, (0,)),
    (finally_sees_variables, (4,)),
    (finally_sees_variables, (0,)),
    (finally_in_loop, (4,)),
    (finally_in_loop, (9,)),
    (finally_overrides, (2,)),
    (finally_overrides, (0,)),
    (loop_with_handler, (5,)),
    (calls_raising_callee, (np.array([4.0, -1.0, 9.0, -2.0]),)),
    (math_domain, (4.0,)),
    (math_domain, (-4.0,)),
    *[(user_classes, (k,)) for k in range(3)],
    (user_class_as_builtin, (0,)),
    (user_class_escapes, (0,)),
    (user_class_escapes, (3,)),
    (assertion, (1,)),
    (assertion, (-1,)),
    (caught_in_while, (10,)),
    (int_overflow_of_power, (10.0,)),
    (int_overflow_of_power, (5000.0,)),
]


@pytest.mark.parametrize("func,args", CASES, ids=[f"{f.__name__}{a!r}" for f, a in CASES])
def test_same_as_cpython(func, args):
    assert_same(func, *args)


def index_with_check(a, i):
    try:
        return a[i]
    except IndexError:
        return -1.0


def index_lookup_error(a, i):
    try:
        return a[i]
    except LookupError as e:  # noqa: TRY203 - the construct under test
        raise e  # noqa: TRY201 - the construct under test


@pytest.mark.parametrize("i", [1, -3, 3, 10, -4])
def test_index_error_caught_with_boundscheck(i):
    a = np.arange(3.0)
    f = oxjit.njit(boundscheck=True)(index_with_check)
    try:
        expected = index_with_check(a, i)
    except IndexError:
        expected = -1.0
    assert f(a, i) == expected
    g = oxjit.njit(boundscheck=True)(index_lookup_error)
    if -3 <= i < 3:
        assert g(a, i) == a[i]
    else:
        with pytest.raises(IndexError) as info:
            g(a, i)
        with pytest.raises(IndexError) as cpython:
            a[i]
        assert str(info.value) == str(cpython.value)


def singular(a):
    try:
        return float(np.linalg.inv(a)[0, 0])
    except np.linalg.LinAlgError:
        return -1.0


def singular_as_value_error(a):
    try:
        return float(np.linalg.inv(a)[0, 0])
    except ValueError:
        return -2.0


@pytest.mark.parametrize("func", [singular, singular_as_value_error])
def test_library_exception_class(func):
    assert_same(func, np.zeros((2, 2)))
    assert_same(func, np.eye(2) * 2.0)


# --- arrays live where an exception is raised are freed once, caught or not ---


def arrays_on_every_path(n, k):
    out = np.zeros(n)
    try:
        tmp = np.ones(n)
        out += tmp
        bigger = np.ones(n + 1)
        out[0] = 100.0 // k + bigger[0]
        return out
    except ZeroDivisionError:
        return out * 2.0
    finally:
        out[1] = 7.0


def array_made_in_handler(n, k):
    try:
        r = np.full(n, 10.0 // k)
    except ZeroDivisionError:
        r = np.zeros(n)
    return float(r.sum())


def array_through_finally_raise(n, k):
    keep = np.ones(n)
    try:
        scratch = np.ones(n) * 3.0
        return float(keep.sum() + scratch[0]) + 10 // k
    finally:
        keep[0] = 5.0


@pytest.mark.parametrize("k", [1, 0])
def test_no_leak_when_caught(k):
    assert_no_leak(arrays_on_every_path, 5, k)
    assert_no_leak(array_made_in_handler, 5, k)
    assert_same(arrays_on_every_path, 5, k)
    assert_same(array_made_in_handler, 5, k)


def test_no_leak_through_finally():
    assert_no_leak(array_through_finally_raise, 5, 2)
    assert_no_leak(array_through_finally_raise, 5, 0, expect_raise=ZeroDivisionError)
    assert_same(array_through_finally_raise, 5, 0)
    assert_same(array_through_finally_raise, 5, 2)


# --- what is refused, at compile time, with the line ---


def except_not_a_class(x):
    try:
        return 1 // x
    except 3:  # noqa: B030 - the construct under test
        return 0


def raise_from_cause(x):
    try:
        return 1 // x
    except ZeroDivisionError as e:
        raise ValueError("bad") from e


def local_exception_class(x):
    class Local(Exception):
        pass

    return x


def test_except_needs_exception_classes():
    with pytest.raises(oxjit.errors.TypingError, match="BaseException"):
        jitted(except_not_a_class)(1)


def test_raise_from_a_cause():
    """The cause reaches Python as CPython's (more in test_raise_from.py)."""
    assert_same(raise_from_cause, 1)
    with pytest.raises(ValueError, match="bad") as info:
        jitted(raise_from_cause)(0)
    cause = info.value.__cause__
    assert type(cause) is ZeroDivisionError
    assert cause.args == ("integer division or modulo by zero",)
    assert info.value.__context__ is cause
    assert info.value.__suppress_context__


def test_exception_class_defined_in_a_function():
    def make():
        class Inner(Exception):
            pass

        def f(x):
            if x:
                raise Inner("x")
            return 0

        return f

    with pytest.raises(oxjit.errors.TypingError, match="top level of a module"):
        jitted(make())(1)
