"""`iter(callable, sentinel)` as a `for` loop's iterable, `reversed()` of n-d arrays (rows, as
NumPy iterates them), a dict resized while `reversed(d)` walks it (CPython's RuntimeError), and
`x in {a, b, c}` of a set display with run-time items (no set built)."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

# -------------------------------------------------------------------- iter(callable, sentinel)


def read_until_zero(xs):
    pos = [0]

    def step():
        pos[0] += 1
        return xs[pos[0] - 1]

    out = []
    for v in iter(step, 0):
        out.append(v * 2)
    return out, pos[0]


def with_else_and_break(xs, stop):
    pos = [0]

    def step():
        pos[0] += 1
        return xs[pos[0] - 1]

    out = []
    for v in iter(step, -1):
        if v == stop:
            out.append(100)
            break
        out.append(v)
    else:
        out.append(-100)
    return out, pos[0]


def sentinel_never_met(xs):
    pos = [0]

    def step():
        pos[0] += 1
        return xs[pos[0] - 1]

    total = 0
    for v in iter(step, 99):
        total += v
    return total


def float_sentinel(xs):
    pos = [0]

    def step():
        pos[0] += 1
        return xs[pos[0] - 1]

    n = 0
    for _ in iter(step, 2):
        n += 1
    return n


@pytest.mark.parametrize("xs", [[1, 2, 3, 0, 5], [0, 1], [4, 0]])
def test_iter_until_sentinel(xs):
    assert_same(read_until_zero, xs)


@pytest.mark.parametrize("xs,stop", [([1, 2, 3, -1], 2), ([1, 2, 3, -1], 7), ([-1], 1)])
def test_iter_sentinel_else_and_break(xs, stop):
    assert_same(with_else_and_break, xs, stop)


def test_iter_sentinel_callable_raises():
    # The callable runs past the end of the list: its IndexError ends the loop.
    assert_same(sentinel_never_met, [1, 2, 3])


def test_iter_sentinel_compares_with_equality():
    assert_same(float_sentinel, [1.0, 1.5, 2.0, 3.0])


def iter_sentinel_as_value(xs):
    it = iter(lambda: 1, 0)
    return next(it)


def test_iter_sentinel_elsewhere_is_refused():
    e = compile_error(iter_sentinel_as_value, [1])
    msg = assert_diagnostic(
        e, iter_sentinel_as_value, "iter(lambda: 1, 0)", oxjit.errors.CompilerError
    )
    assert "iter(callable, sentinel)" in msg


def next_of_captured_iterator(xs):
    # The lambda holds the list's iterator: the list lives as long as the lambda is used.
    it = iter(xs)
    out = []
    for v in iter(lambda: next(it), 0):
        out.append(v * 10)
    return out


def captured_iterator_called(n):
    xs = [i * 3 for i in range(n)]
    it = iter(xs)

    def f():
        return next(it)

    return f() + f()


@pytest.mark.parametrize("xs", [[1, 2, 3, 0, 5], [4, 0]])
def test_lambda_over_a_captured_list_iterator(xs):
    assert_same(next_of_captured_iterator, xs)


def test_closure_keeps_the_iterated_list_alive():
    from test_nrt import assert_no_leak

    assert_same(captured_iterator_called, 4)
    assert_no_leak(captured_iterator_called, 4)
    assert_no_leak(next_of_captured_iterator, [1, 2, 0])


# -------------------------------------------------------------------- reversed() of n-d arrays


def reversed_rows(a):
    out = []
    for row in reversed(a):
        out.append(float(row.sum()))
    return out


def reversed_row_views(a):
    for row in reversed(a):
        row[0] = -1.0
    return a


def reversed_3d(a):
    total = 0.0
    k = 1.0
    for plane in reversed(a):
        total += float(plane[0, -1]) * k
        k += 1.0
    return total


def reversed_rows_enumerate(a):
    return [(i, int(r[0])) for i, r in enumerate(reversed(a))]


@pytest.mark.parametrize("shape", [(3, 2), (1, 4), (0, 3)])
def test_reversed_2d(shape):
    a = np.arange(np.prod(shape), dtype=np.float64).reshape(shape)
    assert_same(reversed_rows, a)
    assert_same(reversed_row_views, a.copy())


def test_reversed_3d_and_enumerate():
    a = np.arange(24.0).reshape(2, 3, 4)
    assert_same(reversed_3d, a)
    assert_same(reversed_rows_enumerate, np.arange(12).reshape(4, 3))


def test_reversed_2d_non_contiguous():
    a = np.arange(20.0).reshape(4, 5)[::2, 1:]
    assert_same(reversed_rows, a)
    assert_same(reversed_rows, np.asfortranarray(np.arange(6.0).reshape(2, 3)))


# -------------------------------------------------------------------- dict resized in reversed()


def grow_while_reversed(n):
    d = {1: 2, 3: 4}
    seen = []
    for k in reversed(d):
        seen.append(k)
        if k < n:
            d[k + 10] = 1
    return seen, len(d)


def shrink_while_reversed(n):
    d = {1: 2, 3: 4, 5: 6}
    seen = []
    for k, v in reversed(d.items()):
        seen.append(k)
        if k == n:
            del d[1]
    return seen


def replace_value_while_reversed():
    d = {1: 2, 3: 4}
    for k in reversed(d):
        d[k] = k * 10
    return d


def caught_resize():
    d = {1: 2, 3: 4}
    seen = []
    try:
        for v in reversed(d.values()):
            seen.append(v)
            d[v + 100] = 0
    except RuntimeError:
        seen.append(-1)
    return seen


@pytest.mark.parametrize("n", [0, 2, 5])
def test_reversed_dict_resized(n):
    assert_same(grow_while_reversed, n)
    assert_same(shrink_while_reversed, n)


def test_reversed_dict_values_replaced_is_fine():
    assert_same(replace_value_while_reversed)
    assert_same(caught_resize)


# -------------------------------------------------------------------- x in {a, b, c}


def in_runtime_set(x, a, b, c):
    return x in {a, b, c}, x not in {a, b, c}


def in_mixed_set(s, t):
    return s in {"a", t, "c"}


def in_tuple_set(p, q):
    return (p, q) in {(1, 2), (q, p)}


def vowels_and_var(text, extra):
    n = 0
    for ch in text:
        if ch in {"a", "e", "i", "o", "u", extra}:
            n += 1
    return n


def unhashable_item(x):
    a = [1]
    return x in {a, 2}


@pytest.mark.parametrize(
    "args",
    [
        (2, 1, 2, 3),
        (5, 1, 2, 3),
        (1.0, 1, 2, 3),
        (-0.0, 0.0, 1.0, 2.0),
        (True, 1, 0, 5),
        (2, 2, 2, 2),
    ],
)
def test_set_display_with_variables(args):
    assert_same(in_runtime_set, *args)


def test_set_display_strings_tuples():
    assert_same(in_mixed_set, "b", "b")
    assert_same(in_mixed_set, "b", "x")
    assert_same(in_mixed_set, "c", "x")
    assert_same(in_tuple_set, 1, 2)
    assert_same(in_tuple_set, 2, 1)
    assert_same(in_tuple_set, 3, 1)
    assert_same(vowels_and_var, "the quick brown fox jumps", "q")


def test_set_display_unhashable_item_refused():
    e = compile_error(unhashable_item, 1)
    assert "unhashable type" in str(e)


# -------------------------------------------------------------------- int hashes (inline fold)

MERSENNE = 2**61 - 1
HASH_EDGES = [0, 1, -1, -2, 2, MERSENNE - 1, MERSENNE, 2**61, -MERSENNE, -(2**61), 2**62 + 5]
HASH_EDGES += [-(2**62) - 5, 2**63 - 1, -(2**63), 2 * MERSENNE + 1, 4 * MERSENNE - 1, -3 * MERSENNE]


def int_hashes(xs):
    return [hash(x) for x in xs]


def set_of_ints(xs, probe):
    s = set(xs)
    return len(s), probe in s, sorted(s)


def test_int_hash_edges():
    assert_same(int_hashes, HASH_EDGES)
    for probe in (MERSENNE, 2**61, 1, -(2**63), 12345):
        assert_same(set_of_ints, HASH_EDGES, probe)
