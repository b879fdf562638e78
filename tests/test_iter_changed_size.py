"""A dict or set whose size changes while a forward iterator walks it, against CPython: the
next step raises `RuntimeError` ('dictionary changed size during iteration', 'Set changed
size during iteration'), also on the last item's step; the error is sticky (asked again, the
iterator raises again, even where the size is back); an exhausted iterator stays exhausted;
replacing values, or adding then removing before the next step, is allowed (the items seen are
CPython's). A dict whose keys were deleted and others added (same size) raises 'dictionary
keys changed during iteration' where the iterator meets more items than the dict had."""

import pytest
from conftest import assert_same
from hypothesis import given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.requires_jit


def dict_add_in_loop(n):
    d = {i: i * 2 for i in range(n)}
    seen = []
    for k in d:
        seen.append(k)
        if k == 1:
            d[k + 100] = 0
    return seen


def dict_del_in_loop(n):
    d = {i: i for i in range(n)}
    for k in d:
        if k == 0:
            del d[n - 1]
    return len(d)


def dict_add_on_last(n):
    d = {i: i for i in range(n)}
    for k in d:
        if k == n - 1:
            d[-1] = 5
    return len(d)


def dict_views(n, which):
    d = {i: float(i) for i in range(n)}
    total = 0.0
    if which == 0:
        for k in d.keys():  # noqa: SIM118 - the keys view's iterator is what is tested
            total += k
            d[k + n] = 1.0
    elif which == 1:
        for v in d.values():
            total += v
            d.pop(0)
    else:
        for k, v in d.items():
            total += k + v
            d.setdefault(k + n, 2.0)
    return total


def dict_replace_values(n):
    d = {i: i for i in range(n)}
    for k in d:  # noqa: PLC0206 - values replaced while the keys are walked
        d[k] = d[k] * 10
        d[k + 1000] = 0
        del d[k + 1000]
    return list(d.items())


def dict_keys_changed(n):
    d = {i: i for i in range(n)}
    seen = []
    for k in d:
        seen.append(k)
        del d[k]
        d[k + 10] = 1
    return seen


def dict_comprehension(n):
    d = {i: i for i in range(n)}
    return [d.setdefault(k + n, k) for k in d]


def set_add_in_loop(n):
    s = set(range(n))
    seen = []
    for x in s:
        seen.append(x)
        if x == 2:
            s.add(x + 100)
    return seen


def set_discard_in_loop(n):
    s = {i * 3 for i in range(n)}
    for x in s:
        s.discard(x)
    return len(s)


def set_add_then_discard(n):
    s = set(range(n))
    seen = []
    for x in s:
        seen.append(x)
        s.add(x + 1000)
        s.discard(x + 1000)
    return seen, len(s)


def set_of_strings(words):
    s = set(words)
    out = []
    for w in s:
        out.append(w)
        s.add(w + "!")
    return out


def set_pop_in_loop(n):
    s = set(range(n))
    seen = []
    for x in s:
        seen.append(x)
        s.pop()
    return seen


def set_comprehension(n):
    s = set(range(n))
    return [x for x in s if s.discard(x) is None]


def exhausted_stays_exhausted(n):
    d = {i: i for i in range(n)}
    s = set(range(n))
    di = iter(d)
    si = iter(s)
    for _ in di:
        pass
    for _ in si:
        pass
    d[100] = 1
    s.add(100)
    return next(di, -1), next(si, -1), len(d), len(s)


def sticky(n):
    d = {i: i for i in range(n)}
    it = iter(d)
    first = next(it)
    d[100] = 1
    caught = 0
    try:
        next(it)
    except RuntimeError:
        caught += 1
    del d[100]
    try:
        next(it)
    except RuntimeError:
        caught += 10
    return first, caught


def sticky_set(n):
    s = set(range(n))
    it = iter(s)
    first = next(it)
    s.add(100)
    caught = 0
    try:
        next(it)
    except RuntimeError:
        caught += 1
    s.discard(100)
    try:
        next(it)
    except RuntimeError:
        caught += 10
    return first, caught


@pytest.mark.parametrize(
    "fn",
    [
        dict_add_in_loop,
        dict_del_in_loop,
        dict_add_on_last,
        dict_replace_values,
        dict_keys_changed,
        dict_comprehension,
        set_add_in_loop,
        set_discard_in_loop,
        set_add_then_discard,
        set_pop_in_loop,
        set_comprehension,
        exhausted_stays_exhausted,
        sticky,
        sticky_set,
    ],
)
@pytest.mark.parametrize("n", [1, 2, 3, 5, 9])
def test_changed_size(fn, n):
    assert_same(fn, n)


@pytest.mark.parametrize("which", [0, 1, 2])
@pytest.mark.parametrize("n", [1, 4])
def test_dict_views(which, n):
    assert_same(dict_views, n, which)


def test_set_of_strings():
    assert_same(set_of_strings, ["a", "b"])
    assert_same(set_of_strings, ["solo"])


def mutate_while_walking(ops, n):
    """Walks a dict and a set with `next()`, applying one operation of `ops` before each step:
    the items seen and the first error, as CPython's iterators give them."""
    d = {i: i for i in range(n)}
    s = set(range(n))
    di = iter(d)
    si = iter(s)
    out = []
    for op, x in ops:
        if op == 0:
            d[x] = x
        elif op == 1:
            d.pop(x, 0)
        elif op == 2:
            s.add(x)
        elif op == 3:
            s.discard(x)
        elif op == 4:
            d[x] = -x
            d.pop(x)
        try:
            out.append(next(di, -1))
        except RuntimeError:
            out.append(-2)
        try:
            out.append(next(si, -1))
        except RuntimeError:
            out.append(-3)
    return out


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 12)), min_size=1, max_size=14),
    st.integers(0, 8),
)
def test_random_mutations_while_walking(ops, n):
    assert_same(mutate_while_walking, ops, n)
