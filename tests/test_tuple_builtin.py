"""`tuple()` in compiled code: `tuple()` and `tuple(t)` of a tuple (CPython returns `t`
itself); `tuple()` of anything whose length is only known at run time (a generator, a generator
expression, a list, an array, a range) is refused at compile time with its line and column,
since a tuple's length is part of its type (tests/test_tuple_genexpr.py has the generator
expressions whose length is known when compiling). Also the message for a builtin oxjit does not
support (one sentence: it used to read "... which is not supported yet, which compiled code
cannot use")."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


def empty():
    return tuple()  # noqa: C408 (the call is what the test compiles)


def of_tuple(t):
    return tuple(t)


def of_tuple_of_arrays(n):
    t = (np.arange(n), np.ones(n))
    u = tuple(t)
    return float(u[0].sum() + u[1].sum()), len(u)


def of_tuple_kept(n):
    a = np.arange(n)
    u = tuple((a, a + 1))  # noqa: C409 (the call is what the test compiles)
    return u


@oxjit.njit
def gen(n):
    for i in range(n):  # noqa: UP028 (a generator function with its own loop)
        yield i


def of_genexpr(n):
    return tuple(x * 2 for x in range(n))


def of_generator(n):
    return tuple(gen(n))


def of_list(n):
    return tuple([n, n + 1])  # noqa: C409 (the call is what the test compiles)


def of_array(a):
    return tuple(a)


def of_range(n):
    return tuple(range(n))


def two_args(n):
    return tuple((n,), (n,))


def unsupported_builtin(n):
    return bytearray((n,))


def test_tuple_of_tuples():
    assert_same(empty)
    assert_same(of_tuple, (1, 2.5, True))
    assert_same(of_tuple, ())
    assert_same(of_tuple, ((1, 2), 3))
    assert_same(of_tuple_of_arrays, 4)
    assert_same(of_tuple_kept, 3)


def test_no_leaks():
    assert_no_leak(of_tuple_of_arrays, 5)
    assert_no_leak(of_tuple_kept, 5)


@pytest.mark.parametrize(
    "fn,args,snippet,what",
    [
        (of_genexpr, (3,), "range(n)", "tuple() of a generator expression"),
        (of_generator, (3,), "tuple(gen(n))", "tuple() of a generator (of int64)"),
        (of_list, (3,), "tuple([n, n + 1])", "tuple() of a list (of int64)"),
        (of_array, (np.arange(3),), "tuple(a)", "tuple() of an array"),
        (of_range, (3,), "tuple(range(n))", "tuple() of a range"),
    ],
)
def test_run_time_lengths_refused(fn, args, snippet, what):
    msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, oxjit.errors.UnsupportedError)
    assert what in msg
    assert "a tuple's length is part of its type" in msg
    assert "is only known at run time" in msg


def test_too_many_arguments():
    msg = assert_diagnostic(
        compile_error(two_args, 1), two_args, "tuple((n,), (n,))", oxjit.errors.TypingError
    )
    assert "tuple expected at most 1 argument, got 2" in msg


def test_unsupported_builtin_message_is_one_sentence():
    msg = assert_diagnostic(
        compile_error(unsupported_builtin, 1),
        unsupported_builtin,
        "bytearray",
        oxjit.errors.TypingError,
    )
    assert (
        "global 'bytearray' cannot be used in compiled code: it is 'builtins.bytearray', "
        "which oxjit does not support yet"
    ) in msg
    assert "which compiled code cannot use" not in msg
