"""`send` and `throw` of a compiled generator called from Python, compared with CPython's
generator: the value each call returns or the exception it raises (class and message), step by
step. `send(None)` is `next`; `send` of another value to a just-started generator is CPython's
TypeError (values received by `yield` expressions: test_generator_values.py). `throw` raises
the exception at the `yield` where the body is suspended: its handlers catch it (`finally`
bodies run) or it comes out, the same object; a just-started or finished generator raises it at
once."""

import pytest
from conftest import jitted

pytestmark = pytest.mark.requires_jit


class AppError(ValueError):
    pass


def recovering(n):
    i = 0
    while i < n:
        try:
            yield i
        except ValueError as e:
            yield -len(str(e))
        i += 1


def counting(n):
    yield from range(n)


def cleaning(n, log):
    try:
        for i in range(n):  # noqa: UP028 - a yield inside a loop, as written
            yield i
    finally:
        log.append(-1)


def drive(g, ops):
    out = []
    for op in ops:
        try:
            if op == "next":
                out.append(next(g))
            elif op[0] == "send":
                out.append(g.send(op[1]))
            else:
                out.append(g.throw(*op[1:]))
        except BaseException as e:  # noqa: BLE001 (what the test compares)
            out.append((type(e).__name__, str(e), e.args))
    return out


CASES = [
    (recovering, ["next", ("throw", ValueError, "abc"), "next", "next", ("throw", KeyError, "k")]),
    (recovering, ["next", "next", ("throw", AppError, "sub"), "next", "next", "next"]),
    (recovering, [("throw", ValueError, "at once"), "next"]),
    (recovering, [("send", 1)]),
    (recovering, [("send", None), ("send", None), "next", ("send", None), "next"]),
    (counting, ["next", ("throw", ValueError("an instance")), "next"]),
    (counting, ["next", ("throw", StopIteration)]),
    (counting, ["next", "next", "next", ("throw", ValueError, "late"), ("send", None)]),
    (counting, ["next", ("throw", 3)]),
    (counting, ["next", ("throw", ValueError("a"), "b")]),
    (counting, ["next", ("throw", KeyError, ("a", 2))]),
]


@pytest.mark.parametrize("fn, ops", CASES)
def test_same_steps_as_cpython(fn, ops):
    assert drive(jitted(fn)(3), ops) == drive(fn(3), ops)


def test_finally_runs_when_thrown():
    for ops in (["next", ("throw", KeyError, "k")], ["next", "next", ("throw", RuntimeError)]):
        py_log, jit_log = [0], [0]
        want = drive(cleaning(3, py_log), ops)
        got = drive(jitted(cleaning)(3, jit_log), ops)
        assert got == want
        # The list argument is read as a copy made at the call: the compiled log is not seen.
        assert py_log == [0, -1]


def test_thrown_object_comes_out_unchanged():
    g = jitted(counting)(3)
    next(g)
    exc = AppError("mine")
    with pytest.raises(AppError) as info:
        g.throw(exc)
    assert info.value is exc
    with pytest.raises(StopIteration):
        next(g)


def plain(n):
    for i in range(n):  # noqa: UP028 - a yield of its own, not a 'yield from'
        yield i


def test_send_of_a_value_no_yield_expression_reads():
    # CPython drops it: the value of `yield` is not used.
    ops = ["next", ("send", 5), ("send", 2.5), "next", ("send", "s")]
    assert drive(jitted(plain)(3), ops) == drive(plain(3), ops)


def test_send_of_a_value_into_yield_from_refused():
    # CPython passes it on to the inner iterable (a range iterator has no `send`).
    g = jitted(counting)(3)
    next(g)
    with pytest.raises(TypeError, match="'yield from'"):
        g.send(5)
    assert g.send(None) == 1


def yields_arrays(a):
    x = yield a
    yield a if x is None else a + 1


def test_send_of_another_value_to_a_generator_of_arrays_refused():
    import numpy as np

    g = jitted(yields_arrays)(np.arange(3))
    next(g)
    with pytest.raises(TypeError, match="receives array"):
        g.send(5)
    g = jitted(yields_arrays)(np.arange(3))
    next(g)
    assert list(g.send(None)) == [0, 1, 2]
    # An array of the items' type is received, as CPython's generator receives it.
    for make in (jitted(yields_arrays), yields_arrays):
        g = make(np.arange(3))
        next(g)
        assert list(g.send(np.arange(3))) == [1, 2, 3]
