"""`e.args` typed per `except` clause: each clause's `e.args` has the types of the arguments of
the raises that clause catches (by the class hierarchy, after the clauses before it took
theirs), so several clauses of one `try` statement may see arguments of different types.
Compared with CPython, values and types."""

import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


class AppError(ValueError):
    pass


def per_clause(k, s):
    try:
        if k == 0:
            raise ValueError("v", k)
        if k == 1:
            raise KeyError(s)
        if k == 2:
            raise AppError(2.5, True)
        raise IndexError(k, s, k * 0.5)
    except AppError as e:
        return "app", str(e), str(e.args[0] + 1.0), str(e.args[1])
    except ValueError as e:
        return "value", str(e), e.args[0], str(e.args[1] * 2)
    except KeyError as e:
        return "key", str(e), e.args[0], str(len(e.args))
    except LookupError as e:
        return "lookup", str(e), e.args[1], str(e.args[0] + e.args[2])


def in_loop(n):
    out = []
    for i in range(n):
        try:
            if i % 2:
                raise ValueError("odd", i)
            raise KeyError(i * 1.5)
        except ValueError as e:
            out.append(e.args[1])
        except KeyError as e:
            out.append(int(e.args[0]))
    return out


def tuple_clause(k):
    try:
        if k:
            raise ValueError(k)
        raise KeyError("a", "b")
    except (IndexError, KeyError) as e:
        return e.args[1]
    except ValueError as e:
        return str(e.args[0] * 3)


def same_clause_different_types(k):
    try:
        if k:
            raise ValueError("a", 1)
        raise KeyError(2.5)
    except IndexError as e:
        return str(e)
    except Exception as e:  # noqa: BLE001 (what the test compares)
        return str(len(e.args))


def earlier_clause_takes_the_other_type(k):
    try:
        if k:
            raise ValueError("a", 1)
        raise KeyError(2.5)
    except LookupError as e:
        return str(e.args[0])
    except Exception as e:  # noqa: BLE001 (what the test compares)
        return str(len(e.args))


def bare_clause_last(k, s):
    try:
        if k == 0:
            raise ValueError(s + "!")
        raise KeyError(k, 0.5)
    except ValueError as e:
        return e.args[0]
    except:  # noqa: E722 (a bare clause is what the test compares)
        return "other"


def reraised_to_outer(k):
    try:
        try:
            if k:
                raise ValueError("inner", k)
            raise KeyError(k * 1.5)
        except KeyError as e:
            return str(e.args[0])
    except ValueError as e:
        return e.args[0] + str(e.args[1])


def test_each_clause_has_its_own_types():
    for k in range(4):
        assert_same(per_clause, k, "s")
    assert_same(in_loop, 6)
    assert_same(tuple_clause, 0)
    assert_same(tuple_clause, 4)
    assert_same(bare_clause_last, 0, "s")
    assert_same(bare_clause_last, 1, "s")
    assert_same(reraised_to_outer, 0)
    assert_same(reraised_to_outer, 3)


def test_no_leaks():
    for k in range(4):
        assert_no_leak(per_clause, k, "s")
    assert_no_leak(in_loop, 6)


def test_one_clause_catching_different_types_refused():
    exc = compile_error(same_clause_different_types, 1)
    msg = assert_diagnostic(
        exc, same_clause_different_types, "e.args", oxjit.errors.UnsupportedError
    )
    assert "e.args cannot be typed" in msg
    # An earlier clause that takes the KeyError leaves one type to the last.
    assert_same(earlier_clause_takes_the_other_type, 0)
    assert_same(earlier_clause_takes_the_other_type, 1)
