"""`send(v)` of an array or a list to a compiled generator of arrays or lists, from compiled code
and from Python, compared with CPython: the body receives the value as the type of its items,
keeps it alive across its next `yield` (after the sender dropped it), and releases it exactly
once (leak checks on every way out: consumed, dropped half-way, finished)."""

import gc

import numpy as np
import oxjit
import pytest
from conftest import assert_same, jitted
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


@oxjit.njit
def keeper(a):
    """Yields what it was last sent (kept across the yield), `a` first."""
    kept = a
    while True:
        x = yield kept
        if x is not None:
            kept = x


@oxjit.njit
def running_sum(a):
    """Yields the sum of the arrays sent so far (a new array each time)."""
    total = a * 0.0
    while True:
        x = yield total
        if x is not None:
            total = total + x


@oxjit.njit
def list_keeper(xs):
    kept = xs
    while True:
        x = yield kept
        if x is not None:
            kept = x
            kept.append(len(x))


def sends_arrays(a, b):
    g = keeper(a)
    first = next(g)
    got = g.send(b)
    again = next(g)
    return float(first.sum()), float(got.sum()), float(again.sum())


def sends_temporaries(a, n):
    g = keeper(a)
    next(g)
    for i in range(n):
        g.send(a * i)  # a temporary: the sender's reference goes at once
    return float(next(g).sum())


def sums_sent(a, n):
    g = running_sum(a)
    next(g)
    out = []
    for i in range(n):
        out.append(float(g.send(a + i).sum()))
    return out


def sends_lists(n):
    g = list_keeper([0])
    next(g)
    for i in range(n):
        g.send([i, i + 1])
    return next(g)


def sends_then_drops(a):
    g = keeper(a)
    next(g)
    g.send(a + 1.0)  # the generator is dropped holding it


def sends_to_finished(a):
    g = keeper(a)
    next(g)
    g.close()
    try:
        g.send(a + 1.0)
    except StopIteration:
        return -1.0
    return 0.0


@pytest.mark.parametrize(
    "fn,args",
    [
        (sends_arrays, (np.arange(3.0), np.arange(3.0) * 5)),
        (sends_temporaries, (np.arange(4.0), 3)),
        (sums_sent, (np.arange(3.0), 4)),
        (sends_lists, (3,)),
        (sends_to_finished, (np.arange(2.0),)),
    ],
)
def test_send_from_compiled_code(fn, args):
    assert_same(fn, *args)


def test_no_leaks():
    assert_no_leak(sends_temporaries, np.arange(4.0), 3)
    assert_no_leak(sums_sent, np.arange(3.0), 4)
    assert_no_leak(sends_lists, 3)
    assert_no_leak(sends_then_drops, np.arange(3.0))
    assert_no_leak(sends_to_finished, np.arange(3.0))


def test_send_from_python_keeps_the_array_alive():
    for make in (keeper, keeper.py_func):
        g = make(np.zeros(3))
        next(g)
        b = np.arange(3.0) * 2
        got = g.send(b)
        assert got.tolist() == [0.0, 2.0, 4.0]
        del b, got
        gc.collect()
        # The body kept the array it was sent: still there after Python dropped it.
        assert next(g).tolist() == [0.0, 2.0, 4.0]
        g.send(np.ones(3))
        gc.collect()
        assert next(g).tolist() == [1.0, 1.0, 1.0]


def test_send_of_lists_from_python():
    results = []
    for make in (list_keeper, list_keeper.py_func):
        g = make([7])
        steps = [next(g), g.send([1, 2]), next(g), g.send([3]), next(g)]
        results.append([list(s) for s in steps])
    assert results[0] == results[1]


def test_send_from_python_refuses_another_type():
    g = jitted(keeper)(np.zeros(3))
    next(g)
    with pytest.raises(TypeError, match="receives array"):
        g.send(np.arange(3))  # int64 to a generator of float64 arrays
    with pytest.raises(TypeError, match="receives array"):
        g.send(np.zeros((2, 2)))
    with pytest.raises(TypeError, match="receives array"):
        g.send(5)
    # Left as it was.
    assert next(g).tolist() == [0.0, 0.0, 0.0]
