"""A compiled generator returned to Python and passed back to compiled code (as Python passes a
generator around): the compiled function steps the same generator, and Python goes on where it
left it (items, exhaustion, `send` once started, `throw` once finished), compared with CPython
step by step; the generator's arguments stay alive with it, and nothing leaks."""

import gc

import numpy as np
import oxjit
import pytest
from conftest import jitted
from test_nrt import stats

pytestmark = pytest.mark.requires_jit


@oxjit.njit
def squares(a):
    for x in a:
        yield float(x * x)


@oxjit.njit
def averager():
    total, count, average = 0.0, 0, 0.0
    while True:
        term = yield average
        if term is not None:
            total += term
            count += 1
            average = total / count


def take(g, n):
    out = []
    for x in g:
        out.append(x)
        if len(out) == n:
            break  # the caller still holds g: not closed, as CPython
    return out


def drain(g):
    s = 0.0
    for x in g:
        s += x
    return s


def start(g):
    return next(g)


def outcome(f, *args):
    try:
        return f(*args)
    except Exception as e:  # noqa: BLE001 (what the test compares)
        return type(e).__name__, str(e)


def steps(make, t, d, s):
    """The same steps on a generator made by `make`, with consumers `t`, `d`, `s`."""
    a = np.arange(1.0, 6.0)
    g = make(a)
    del a
    gc.collect()  # the generator keeps its array alive
    out = [outcome(t, g, 2), outcome(next, g), outcome(t, g, 1), outcome(d, g)]
    out += [outcome(next, g), outcome(d, g), outcome(g.throw, ValueError, "late")]
    return out


def test_stepped_by_compiled_code_then_python():
    expected = steps(squares.py_func, take, drain, start)
    got = steps(squares, jitted(take), jitted(drain), jitted(start))
    assert repr(got) == repr(expected)  # values and their types


def test_send_after_compiled_code_started_it():
    results = []
    for make, s in ((averager.py_func, start), (averager, jitted(start))):
        g = make()
        first = s(g)  # started elsewhere: a value can be sent now
        results.append([first, g.send(4.0), g.send(6.0), outcome(s, g)])
    assert repr(results[0]) == repr(results[1])


def test_no_leak():
    d = jitted(drain)
    a = np.arange(4.0)
    d(squares(a))
    before = stats()
    for _ in range(20):
        g = squares(a)
        jitted(take)(g, 2)
        d(g)
        del g
    after = stats()
    assert after.alloc - before.alloc > 0
    assert after.alloc - before.alloc == after.free - before.free
