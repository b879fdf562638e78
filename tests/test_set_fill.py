"""Filling sets of ints, against CPython (the order of `list(s)` included): `set(array)` of
integer, bool and float arrays, `s.add(x)` of ints in loops (the generated code probes and
stores int items itself; a probe that meets a dummy, and a resize, go to the runtime), adds
interleaved with discards and pops, growth past 50,000 items (CPython's 2x rule), and sets of
narrow ints (their 16-byte entries keep the state byte in the item's bytes)."""

import numpy as np
import pytest
from conftest import assert_same
from hypothesis import given, settings
from hypothesis import strategies as st
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


def of_array(a):
    # The items as floats: CPython's are NumPy scalars (hashed as ints and floats are).
    s = set(a)
    return len(s), [float(x) for x in s]


def dedup(n, m):
    seen = set()
    out = []
    for i in range(n):
        x = (i * 7919) % m
        if x not in seen:
            seen.add(x)
            out.append(x)
    return len(out), len(seen), list(seen)[:50]


def adds_and_discards(ops):
    s = set()
    trace = []
    for op, x in ops:
        if op == 0:
            s.add(x)
        elif op == 1:
            s.discard(x)
        elif op == 2 and len(s) > 0:
            trace.append(s.pop())
        else:
            s.add(-x)
    return list(s), trace


def narrow(a):
    s = set()
    for x in a:
        s.add(x)
    s.discard(a[0])
    found = a[0] in s
    s.update(a[1:])
    s.add(a[0])
    return [float(x) for x in s], len(s), found


def big(n):
    s = set()
    for i in range(n):
        s.add(i * 1000003 % 999983)
    for i in range(0, n, 3):
        s.discard(i)
    return len(s), list(s)[:20], list(s)[-20:]


@pytest.mark.parametrize(
    "a",
    [
        np.array([5, 3, 5, 1, 9, 3, -7, 2**40], dtype=np.int64),
        np.arange(1000, dtype=np.int64) % 37,
        np.array([1, 300, 1, -5, 7], dtype=np.int32),
        np.array([1, 200, 1, 5, 255], dtype=np.uint8),
        np.array([1.5, -0.0, 0.0, 2.5, 1.5]),
        np.array([True, False, True]),
        np.arange(0, 200000, 7, dtype=np.int64)[::-3],
        np.array([], dtype=np.int64),
    ],
)
def test_set_of_array(a):
    assert_same(of_array, a)


@pytest.mark.parametrize("n, m", [(1000, 97), (100000, 100003), (50000, 7), (10, 1)])
def test_dedup(n, m):
    assert_same(dedup, n, m)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(-40, 300)), min_size=1, max_size=300))
def test_adds_and_discards_in_cpython_order(ops):
    assert_same(adds_and_discards, ops)


@pytest.mark.parametrize(
    "a",
    [
        np.array([3, 1, 0, 255, 7], dtype=np.uint8),
        np.array([-2, 1, 0, 127, 7], dtype=np.int8),
        np.array([-2, 1, 0, 30000, 7], dtype=np.int16),
    ],
)
def test_narrow_items(a):
    assert_same(narrow, a)


def test_growth_past_50000():
    assert_same(big, 120000)


def test_no_leak():
    assert_no_leak(of_array, np.arange(5000, dtype=np.int64) % 301)
    assert_no_leak(dedup, 3000, 101)
