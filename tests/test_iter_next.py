"""`iter(x)` and `next(it)` / `next(it, default)` in compiled code, against CPython: iterators of
lists, homogeneous tuples, strings, ranges, dicts (keys, values, items), sets and `reversed()`;
`StopIteration` when exhausted (or the default); a `for` loop over an iterator continues where
`next()` left it; a list iterator walks the live list. What is refused is a clear error."""

import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error
from hypothesis import given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.requires_jit


def steps(xs):
    it = iter(xs)
    a = next(it)
    b = next(it)
    rest = []
    for x in it:
        rest.append(x)  # noqa: PERF402 (the loop over the iterator is what is tested)
    return a, b, rest


def drain_with_default(xs, d):
    it = iter(xs)
    out = []
    while True:
        x = next(it, d)
        if x == d:
            break
        out.append(x)
    return out, next(it, d)


def until_stop(xs):
    it = iter(xs)
    n = 0
    try:
        while True:
            next(it)
            n += 1
    except StopIteration:
        return n, -1
    return n, 0


def of_tuple(xs):
    t = (xs[0], xs[-1], 7)
    it = iter(t)
    first = next(it)
    return first, [v * 2 for v in it], next(it, -5)


def of_string(s):
    it = iter(s)
    head = next(it, "")
    return head, list(it), next(it, "end")


def of_range(n, k):
    it = iter(range(1, n, k))
    a = next(it, -1)
    b = next(it, -1)
    return a, b, sum(it), next(it, -2)


def of_dict(n):
    d = {i: float(i) / 2 for i in range(n)}
    k = iter(d)
    v = iter(d.values())
    it = iter(d.items())
    return next(k, -1), next(v, -1.0), next(it, (-1, -1.0)), list(k), list(it)


def of_set(xs):
    s = set(xs)
    it = iter(s)
    first = next(it, -1)
    return first, sorted(it), next(it, -1)


def of_reversed(xs, d):
    it = iter(reversed(xs))
    a = next(it, d)
    return a, list(it), next(it, d)


def of_reversed_range(n):
    it = iter(reversed(range(n)))
    return next(it, -1), list(it), next(it, -1)


def reversed_next(xs):
    r = reversed(xs)
    a = next(r)
    rest = [x for x in r]
    return a, rest, next(r, 99), [x for x in r]


def iter_of_iter(xs):
    it = iter(xs)
    again = iter(it)
    next(again)
    return next(it), list(again)


def live_list(xs):
    it = iter(xs)
    out = []
    x = next(it, -1)
    while x != -1:
        out.append(x)
        if x % 3 == 0:
            xs.append(x + 1)
        if x % 5 == 0 and len(xs) > 1:
            xs.pop()
        x = next(it, -1)
    return out, xs


def built_inside(n):
    it = iter([str(i) for i in range(n)])
    first = next(it, "none")
    return first, [s + "!" for s in it]


def optional_default(xs):
    it = iter(xs)
    next(it)
    return next(it, None)


@pytest.mark.parametrize("xs", [[1, 2, 3, 4], [5, 6], [1.5, 2.5, 3.5]])
def test_steps_then_for(xs):
    assert_same(steps, xs)


def test_steps_stop_iteration():
    assert_same(steps, [1])
    # (an empty list argument has no item type: empty lists are built inside, below)
    assert_same(steps, "")


@pytest.mark.parametrize("xs", [[3, 1, 2], [7], [-1]])
def test_default_and_stop(xs):
    assert_same(drain_with_default, xs, -1)
    assert_same(until_stop, xs)


def test_tuple_string_range():
    assert_same(of_tuple, [4, 9])
    for s in ["", "a", "héllo"]:
        assert_same(of_string, s)
    for n, k in [(10, 3), (1, 1), (2, 5), (20, 1)]:
        assert_same(of_range, n, k)


def test_dict_set():
    for n in [0, 1, 5]:
        assert_same(of_dict, n)
    for xs in [[3], [4, 1, 4, 9]]:
        assert_same(of_set, xs)


def test_reversed_iterators():
    for xs, d in [([1, 2, 3], 0), ((4, 5, 6), 0), ("abc", "-"), ("", "-")]:
        assert_same(of_reversed, xs, d)
    for n in [0, 1, 4]:
        assert_same(of_reversed_range, n)
    assert_same(reversed_next, [1, 2, 3])
    assert_same(reversed_next, [1])
    assert_same(reversed_next, (4, 5))
    assert_same(reversed_next, [7])


def test_iter_of_iterator_is_itself():
    assert_same(iter_of_iter, [1, 2, 3, 4])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 20), min_size=1, max_size=12))
def test_live_list(xs):
    assert_same(live_list, xs)


def test_strings_and_optional_default():
    assert_same(built_inside, 4)
    assert_same(built_inside, 0)
    assert_same(optional_default, [1, 2])
    assert_same(optional_default, [1])


def stop_with_live_containers(n):
    xs = [str(i) for i in range(n)]
    it = iter(xs)
    seen = [s + "?" for s in it]
    d = {s: len(s) for s in seen}
    return next(it), d


def of_array(a):
    it = iter(a)
    first = next(it)
    return float(first), float(sum(it)), float(next(it, -1.0))


def test_array():
    import numpy as np

    assert_same(of_array, np.arange(5.0))
    assert_same(of_array, np.arange(1.0))


def next_of_list(xs):
    return next(xs)


def bad_default(xs):
    it = iter(xs)
    return next(it, "x")


def returns_iterator(xs):
    return iter(xs)


def test_refused():
    exc = compile_error(next_of_list, [1])
    assert "no iterator" in str(exc)
    assert_diagnostic(exc, next_of_list, "next(xs)", oxjit.errors.TypingError)
    exc = compile_error(bad_default, [1])
    assert "cannot unify" in str(exc)
    assert_diagnostic(exc, bad_default, 'next(it, "x")', oxjit.errors.TypingError)
    with pytest.raises(Exception) as info:
        oxjit.njit(returns_iterator)([1, 2])
    assert isinstance(info.value, TypeError)
    assert "cannot return a value of type iter(list(int64))" in str(info.value)


def test_no_leak():
    from test_nrt import assert_no_leak

    assert_no_leak(built_inside, 10)
    assert_no_leak(of_dict, 6)
    assert_no_leak(steps, [1], expect_raise=StopIteration)
    assert_no_leak(live_list, [3, 5, 6, 9])
    assert_same(stop_with_live_containers, 4)
    assert_no_leak(stop_with_live_containers, 4, expect_raise=StopIteration)
