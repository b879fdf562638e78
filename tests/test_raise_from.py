"""Chained exceptions: `raise X from e` (a caught exception, a new instance, a class, `None`) and
an exception raised inside an `except` clause or a `finally` body an exception passes through
(CPython's implicit `__context__`). Compared with CPython: the exception's class, `str()` and
`args`, its `__cause__`, `__context__` (the same way, down the chain) and `__suppress_context__`;
caught in compiled code, raised again, passed through compiled callers; every block the chain
holds is given back once (leak checks)."""

import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error, jitted, pure_python
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


class AppError(ValueError):
    pass


class AppKeyError(KeyError):
    pass


def describe(e, depth=4):
    """An exception and its chain as comparable data (None for no exception)."""
    if e is None or depth == 0:
        return None
    return (
        type(e),
        str(e),
        e.args,
        [type(a) for a in e.args],
        e.__suppress_context__,
        describe(e.__cause__, depth - 1),
        describe(e.__context__, depth - 1),
        e.__cause__ is not None and e.__cause__ is e.__context__,
    )


def outcome(fn, *args):
    try:
        fn(*args)
    except Exception as e:  # noqa: BLE001 (what the test compares)
        return describe(e)
    return None


def assert_same_chain(fn, *args):
    expected = outcome(pure_python(fn), *args)
    assert expected is not None
    assert outcome(jitted(fn), *args) == expected


# --- causes ------------------------------------------------------------------------------------


def from_caught(x):
    try:
        if x > 0:
            raise KeyError("k")
        raise IndexError(x, "i")
    except KeyError as e:
        raise ValueError("bad key") from e
    except IndexError as e:
        raise AppError("bad index", x) from e


def from_runtime_error(x):
    try:
        return 10 // x
    except ZeroDivisionError as e:
        raise ValueError("x must not be 0", x) from e


def from_none(x):
    try:
        raise KeyError(x)
    except KeyError:
        raise ValueError("no key") from None


def from_none_outside_handler(s):
    raise ValueError(s) from None


def from_new_instance(s, n):
    raise ValueError("v: " + s) from KeyError(s, n)


def from_constant_instance():
    raise RuntimeError("outer") from AppKeyError("inner", 2)


def from_class():
    raise ValueError from KeyError


def from_class_to_instance(x):
    raise AppError(x) from IndexError


def test_causes_reach_python_as_cpython_sets_them():
    assert_same_chain(from_caught, 1)
    assert_same_chain(from_caught, -3)
    assert_same_chain(from_runtime_error, 0)
    assert_same(from_runtime_error, 5)
    assert_same_chain(from_none, 3)
    assert_same_chain(from_none_outside_handler, "s")
    assert_same_chain(from_new_instance, "k", 2)
    assert_same_chain(from_constant_instance)
    assert_same_chain(from_class)
    assert_same_chain(from_class_to_instance, 2.5)


def chain_of_causes(s):
    try:
        try:
            raise KeyError(s)
        except KeyError as e:
            raise IndexError("middle") from e
    except IndexError as e:
        raise ValueError("top", s) from e


def test_a_cause_keeps_its_own_cause():
    assert_same_chain(chain_of_causes, "k")


# --- caught and raised again in compiled code ---------------------------------------------------


def reraised_bare(s):
    try:
        try:
            raise KeyError(s)
        except KeyError as e:
            raise ValueError("wrapped " + s) from e
    except ValueError:  # noqa: TRY203 - the construct under test
        raise


def reraised_by_name(s):
    try:
        raise ValueError("v", s) from KeyError(s)
    except ValueError as e:  # noqa: TRY203 - the construct under test
        raise e  # noqa: TRY201 - the construct under test


def read_chained(s):
    try:
        raise ValueError("v", s) from KeyError(s)
    except ValueError as e:
        return str(e), e.args


def through_finally(s):
    try:
        raise ValueError(s) from KeyError(s)
    finally:
        s = s + "!"


def test_caught_chained_exceptions():
    assert_same_chain(reraised_bare, "k")
    assert_same_chain(reraised_by_name, "k")
    assert_same(read_chained, "k")
    assert_same_chain(through_finally, "k")


# --- across compiled calls ----------------------------------------------------------------------


@oxjit.njit
def lookup(k):
    if k < 0:
        try:
            raise KeyError(k)
        except KeyError as e:
            raise ValueError("negative key", k) from e
    return k * 2


@oxjit.njit
def middle(k):
    return lookup(k) + 1


def through_callees(k):
    return middle(k)


def caught_from_callee(k):
    try:
        return middle(k)
    except ValueError as e:
        raise RuntimeError("lookup failed") from e


def test_causes_cross_compiled_calls():
    assert_same_chain(through_callees, -2)
    assert_same(through_callees, 3)
    assert_same_chain(caught_from_callee, -2)
    assert_same(caught_from_callee, 4)


# --- implicit context ---------------------------------------------------------------------------


def replaced_in_clause(s):
    try:
        raise KeyError(s)
    except KeyError:
        raise ValueError("while handling " + s)


def replaced_in_nested_clauses(x):
    try:
        raise KeyError("outer")
    except KeyError:
        try:
            raise IndexError(x)
        except IndexError:
            raise ValueError("inner", x)


def replaced_in_finally(s):
    try:
        raise KeyError(s)
    finally:
        raise ValueError("in finally")


def raised_in_finally_without_exception(s):
    try:
        s = s + "!"
    finally:
        raise ValueError(s)


def clause_of_runtime_error(x):
    try:
        return 1 // x
    except ZeroDivisionError:
        raise AppKeyError("no inverse", x)


def runtime_error_in_clause(x):
    try:
        raise KeyError(x)
    except KeyError:
        return 1 // (x - x)


@oxjit.njit
def failing_callee(s):
    raise IndexError("callee " + s)


def callee_error_in_clause(s):
    try:
        raise KeyError(s)
    except KeyError:
        return failing_callee(s)


def runtime_error_in_finally(x):
    try:
        raise KeyError(x)
    finally:
        x = 1 // (x - x)


def bare_raise_keeps_its_context(x):
    try:
        try:
            raise KeyError(x)
        except KeyError:
            raise ValueError("v", x)
    except ValueError:  # noqa: TRY203 - the construct under test
        raise


def caught_outer_raised_in_inner_clause(x):
    try:
        raise KeyError(x)
    except KeyError as outer:
        try:
            raise ValueError(x)
        except ValueError:
            raise outer


def test_exceptions_raised_while_handling_get_the_context():
    assert_same_chain(replaced_in_clause, "k")
    assert_same_chain(replaced_in_nested_clauses, 3)
    assert_same_chain(replaced_in_finally, "k")
    assert_same_chain(raised_in_finally_without_exception, "k")
    assert_same_chain(clause_of_runtime_error, 0)
    assert_same_chain(runtime_error_in_clause, 3)
    assert_same_chain(callee_error_in_clause, "k")
    assert_same_chain(runtime_error_in_finally, 3)
    assert_same_chain(bare_raise_keeps_its_context, 2)
    assert_same_chain(caught_outer_raised_in_inner_clause, 2)


# --- leaks --------------------------------------------------------------------------------------


def caught_and_dropped(s, n):
    total = 0
    for i in range(n):
        try:
            try:
                raise KeyError(s + str(i))
            except KeyError as e:
                raise ValueError("v", s, i) from e
        except ValueError as e:
            total += len(e.args)
    return total


def replaced_chain(s):
    try:
        raise ValueError(s) from KeyError(s)
    except ValueError:
        return 1


def test_chains_give_back_their_blocks_once():
    assert_no_leak(caught_and_dropped, "k", 5)
    assert_no_leak(replaced_chain, "k")
    assert_no_leak(read_chained, "k")
    assert_no_leak(from_caught, 1, expect_raise=ValueError)
    assert_no_leak(from_new_instance, "k", 2, expect_raise=ValueError)
    assert_no_leak(from_none, 3, expect_raise=ValueError)
    assert_no_leak(chain_of_causes, "k", expect_raise=ValueError)
    assert_no_leak(reraised_bare, "k", expect_raise=ValueError)
    assert_no_leak(reraised_by_name, "k", expect_raise=ValueError)
    assert_no_leak(through_finally, "k", expect_raise=ValueError)
    assert_no_leak(caught_from_callee, -2, expect_raise=RuntimeError)
    assert_no_leak(replaced_in_nested_clauses, 3, expect_raise=ValueError)
    assert_no_leak(replaced_in_finally, "k", expect_raise=ValueError)
    assert_no_leak(runtime_error_in_clause, 3, expect_raise=ZeroDivisionError)
    assert_no_leak(callee_error_in_clause, "k", expect_raise=IndexError)
    assert_no_leak(runtime_error_in_finally, 3, expect_raise=ZeroDivisionError)
    assert_no_leak(bare_raise_keeps_its_context, 2, expect_raise=ValueError)
    assert_no_leak(caught_outer_raised_in_inner_clause, 2, expect_raise=KeyError)


# --- refused at compile time --------------------------------------------------------------------


def reads_cause(s):
    try:
        raise ValueError(s) from KeyError(s)
    except ValueError as e:
        return e.__cause__ is None


def cause_of_caught(s):
    try:
        raise ValueError(s)
    except ValueError as e:
        raise e from KeyError(s)


def cause_not_an_exception(x):
    raise ValueError("v") from x


def test_what_compiled_code_refuses_is_named():
    err = compile_error(reads_cause, "k")
    assert_diagnostic(err, reads_cause, "e.__cause__", oxjit.errors.UnsupportedError)
    assert "__cause__" in str(err)
    err = compile_error(cause_of_caught, "k")
    assert_diagnostic(err, cause_of_caught, "raise e from KeyError", oxjit.errors.TypingError)
    err = compile_error(cause_not_an_exception, 3)
    assert_diagnostic(
        err, cause_not_an_exception, 'raise ValueError("v") from x', oxjit.errors.TypingError
    )
    assert "exception causes must derive from BaseException" in str(err)
    with pytest.raises(TypeError, match="exception causes must derive from BaseException"):
        cause_not_an_exception(3)
