"""`with cm(...) as x:` in compiled code, where `cm` is a `contextlib.contextmanager` generator
function that can itself be compiled: entering runs it to its `yield` (whose value `as` binds),
leaving (at the end of the body, or by return/break/continue) runs it to its end, and an
exception in the body closes it at its `yield` (its `finally` runs) before going on. Compared
with CPython, every way out included; other context managers, and generators whose `yield` is
inside a `try` with `except` clauses, are refused at compile time."""

import contextlib

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


@contextlib.contextmanager
def scaled(log, k):
    log.append(1.0)
    try:
        yield k * 2.0
    finally:
        log.append(2.0)


@contextlib.contextmanager
def plain(log):
    log.append(10.0)
    yield len(log)
    log.append(20.0)


@contextlib.contextmanager
def never_yields(log):
    log.append(5.0)
    if len(log) > 100:
        yield 1


@contextlib.contextmanager
def yields_twice(log):
    yield 1
    yield 2


@contextlib.contextmanager
def with_array(n):
    a = np.arange(n)
    try:
        yield a
    finally:
        a[0] = 99


@contextlib.contextmanager
def catches(log):
    try:
        yield 1
    except ValueError:
        log.append(3.0)


def body_runs(k):
    log = [0.0]
    with scaled(log, k) as v:
        log.append(v)
    log.append(9.0)
    return log


def no_target(k):
    log = [0.0]
    with plain(log):
        log.append(k)
    return log


def raises_in_body(k):
    log = [0.0]
    try:
        with scaled(log, k) as v:
            log.append(v)
            if k > 1:
                raise ValueError("in the body")
            log.append(7.0)
    except ValueError as e:
        log.append(float(len(str(e))))
    return log


def uncaught(k):
    log = [0.0]
    with plain(log) as n:
        if k > 0:
            raise KeyError(k)
        log.append(float(n))
    return log


def returns_inside(k):
    log = [0.0]
    with scaled(log, k) as v:
        return v, log
    return -1.0, log


def breaks_inside(n):
    log = [0.0]
    for i in range(n):
        with scaled(log, i) as v:
            if i == 2:
                break
            if i == 1:
                continue
            log.append(v)
    return log


def nested(k):
    log = [0.0]
    with scaled(log, k) as a, plain(log) as b:
        log.append(a + float(b))
    return log


def didnt_yield(k):
    log = [0.0]
    with never_yields(log):
        log.append(k)
    return log


def didnt_stop(k):
    with yields_twice([0.0]) as v:
        k += v
    return k


def arrays(n):
    with with_array(n) as a:
        s = a.sum()
    return int(s)


def not_a_contextmanager(k):
    with open("f") as fh:  # noqa: F841 (refused)
        pass
    return k


def catching_generator(k):
    log = [0.0]
    with catches(log):
        log.append(k)
    return log


def test_enter_and_exit():
    assert_same(body_runs, 3.0)
    assert_same(no_target, 4.0)
    assert_same(nested, 1.5)
    assert_same(arrays, 5)


def test_exception_in_the_body():
    assert_same(raises_in_body, 1.0)
    assert_same(raises_in_body, 2.0)
    assert_same(uncaught, 0.0)
    assert_same(uncaught, 3.0)


def test_ways_out():
    assert_same(returns_inside, 2.5)
    assert_same(breaks_inside, 5)


def test_generator_errors():
    assert_same(didnt_yield, 1.0)
    assert_same(didnt_stop, 1)


def test_refused():
    exc = compile_error(not_a_contextmanager, 1)
    msg = assert_diagnostic(exc, not_a_contextmanager, "open", oxjit.errors.UnsupportedError)
    assert "'open' is a value of type 'builtin_function_or_method'" in msg
    exc = compile_error(catching_generator, 1.0)
    msg = assert_diagnostic(exc, catching_generator, "catches", oxjit.errors.UnsupportedError)
    assert "inside a 'try' with 'except' clauses" in msg


def test_no_leaks():
    assert_no_leak(body_runs, 3.0)
    assert_no_leak(raises_in_body, 2.0)
    assert_no_leak(breaks_inside, 5)
    assert_no_leak(arrays, 5)
    assert_no_leak(uncaught, 3.0, expect_raise=KeyError)
