"""Paths of issue 9's part 4 the other exception tests do not walk: `e.args` and `str(e)` of user
classes with several arguments, exceptions raised several compiled calls deep (caught at each
level, or reaching Python), `finally` with `return`/`break`/`continue` (in the body, in the
`finally` body itself, with an exception passing through), and exception edges that release
lists, dicts, sets, strings and arrays (leak checks). Each compared with CPython: values, or
the exception's class, `str()`, `args` and cause."""

import numpy as np
import oxjit
import pytest
from conftest import assert_same, jitted
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


class AppError(ValueError):
    pass


class DeepError(AppError, KeyError):
    pass


def describe(fn, *args):
    try:
        return "ok", fn(*args)
    except Exception as e:  # noqa: BLE001 (what the test compares)
        cause = e.__cause__
        return (
            type(e),
            str(e),
            e.args,
            None if cause is None else (type(cause), cause.args),
        )


def assert_same_outcome(fn, *args):
    assert describe(jitted(fn), *args) == describe(fn, *args)


# --- user classes with several arguments --------------------------------------------------------


def user_args(k, s):
    try:
        if k > 0:
            raise AppError("several", k, s, k * 0.5, k > 2)
        raise DeepError(s, k)
    except DeepError as e:
        return str(e), len(e.args), e.args[0], e.args[1]
    except AppError as e:
        return str(e), len(e.args), e.args[0], e.args[1]


def user_args_tuple(k, s):
    try:
        raise AppError("several", k, s, k * 0.5, k > 2)
    except AppError as e:
        return e.args


def user_args_to_python(k, s):
    if k > 0:
        raise AppError("several", k, s, None)
    raise DeepError(s, k)


def test_user_classes_with_several_arguments():
    assert_same(user_args, 3, "x")
    assert_same(user_args, 1, "é")
    assert_same(user_args, 0, "k")
    assert_same(user_args_tuple, 3, "x")
    assert_same_outcome(user_args_to_python, 2, "s")
    assert_same_outcome(user_args_to_python, 0, "s")


# --- several compiled calls deep ----------------------------------------------------------------


@oxjit.njit
def level3(x, s):
    if x < 0:
        raise AppError("negative", x, s)
    if x == 0:
        return 1 // x
    return x


@oxjit.njit
def level2(x, s):
    return level3(x, s + "2") + 1


@oxjit.njit
def level1(x, s):
    try:
        return level2(x, s + "1") * 2
    except ZeroDivisionError:
        return -1


def deep_caught(x):
    try:
        return level1(x, "s"), ""
    except AppError as e:
        # e.args of a callee's exception is typed by the raises in this function only: str(e).
        return 0, str(e)


def deep_to_python(x):
    return level1(x, "s")


def deep_with_cause(x):
    try:
        return level1(x, "s")
    except AppError as e:
        raise RuntimeError("deep") from e


def test_exceptions_several_calls_deep():
    assert_same(deep_caught, 3)
    assert_same(deep_caught, 0)
    assert_same(deep_caught, -4)
    assert_same_outcome(deep_to_python, -4)
    assert_same_outcome(deep_with_cause, -4)
    assert_same(deep_with_cause, 2)
    assert_no_leak(deep_caught, -4)
    assert_no_leak(deep_to_python, -4, expect_raise=AppError)
    assert_no_leak(deep_with_cause, -4, expect_raise=RuntimeError)


# --- finally with return, break and continue ----------------------------------------------------


def return_in_finally(x):
    try:
        return 10 // x
    finally:
        return -1  # noqa: B012, SIM107 - the construct under test


def break_in_finally(n, x):
    total = 0
    for i in range(n):
        try:
            total += 10 // (x - i)
        finally:
            if i >= 2:
                break  # noqa: B012 - the construct under test
    return total


def continue_in_finally(n, x):
    total = 0
    for i in range(n):
        try:
            total += 10 // (x - i)
        finally:
            continue  # noqa: B012 - the construct under test
    return total


def return_through_nested_finally(x):
    log = []
    try:
        try:
            if x > 0:
                return x
            log.append(1)
        finally:
            log.append(2)
    finally:
        log.append(3)
    return -len(log)


def break_through_finally_in_while(n):
    i = 0
    done = 0
    while True:
        try:
            i += 1
            if i >= n:
                break
            if i % 2:
                continue
        finally:
            done += 1
    return i, done


def test_finally_with_return_break_continue():
    for x in (2, 0):
        assert_same(return_in_finally, x)
    for x in (9, 1):
        assert_same(break_in_finally, 5, x)
        assert_same(continue_in_finally, 5, x)
    assert_same(return_through_nested_finally, 4)
    assert_same(return_through_nested_finally, -1)
    assert_same(break_through_finally_in_while, 7)


# --- exception edges release containers, strings and arrays -------------------------------------


def containers_on_exception_edges(n, k):
    xs = [i for i in range(n)]
    d = {i: str(i) for i in range(n)}
    s = {i * 2 for i in range(n)}
    word = "w" * n
    a = np.arange(n)
    try:
        ys = xs + [k]
        text = word + str(k)
        b = a * 2
        return len(ys) + len(text) + int(b[0]) + 10 // k + len(d) + len(s)
    except ZeroDivisionError:
        return len(xs) + len(word) + int(a.sum())


def containers_to_python(n, k):
    xs = [i for i in range(n)]
    d = {str(i): i for i in range(n)}
    word = "w" * n
    try:
        return xs[k] + d[word]
    finally:
        xs.append(0)


def containers_in_clause(n, k):
    try:
        return 10 // k
    except ZeroDivisionError:
        tmp = [i for i in range(n)]
        name = "n" + str(n)
        raise KeyError(name, len(tmp)) from None


def test_exception_edges_release_what_is_live():
    assert_same(containers_on_exception_edges, 5, 2)
    assert_same(containers_on_exception_edges, 5, 0)
    assert_same_outcome(containers_to_python, 4, 9)
    assert_same_outcome(containers_to_python, 4, 1)
    assert_same_outcome(containers_in_clause, 3, 0)
    assert_no_leak(containers_on_exception_edges, 5, 0)
    assert_no_leak(containers_on_exception_edges, 5, 2)
    assert_no_leak(containers_to_python, 4, 9, expect_raise=IndexError)
    assert_no_leak(containers_to_python, 4, 1, expect_raise=KeyError)
    assert_no_leak(containers_in_clause, 3, 0, expect_raise=KeyError)
