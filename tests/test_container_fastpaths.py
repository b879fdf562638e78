"""The fast paths of sets and dicts of int keys (the hash computed inline, the probe written
out in the generated code, keys compared by their bytes in the runtime) and of sorting lists
of tuples of int64s and float64s (compared in the runtime without a call per comparison),
against CPython: hashes at the edges of the modulus, negative and colliding keys, deleted
entries passed over, NaNs in tuples, stability, `reverse` and tuple keys of `key=`."""

import math

import numpy as np
import pytest
from conftest import assert_same
from hypothesis import given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.requires_jit

M = (1 << 61) - 1
EDGES = [0, 1, -1, -2, 2, M - 1, M, M + 1, -M, -M - 1, 2 * M, 2**63 - 1, -(2**63), 12345, -12345]


def hashes(xs):
    return [hash(x) for x in xs]


def int_keys(xs, probes):
    d = {}
    s = set()
    for x in xs:
        d[x] = d.get(x, 0) + 1
        s.add(x)
    return [(p in s, p in d, d.get(p, -7)) for p in probes], len(s), list(d.items())


def with_deletes(xs):
    # Keys that collide in an 8-slot table (same low bits), some deleted: the probe passes
    # over deleted slots and still finds the keys behind them.
    d = {}
    for x in xs:
        d[x] = x * 2
    for x in xs[::2]:
        del d[x]
    return [(x, x in d, d.get(x, -1)) for x in xs], list(d.items())


def narrow_keys(xs):
    s = set()
    for x in xs:
        s.add(np.int32(x))
    return [np.int32(x) in s for x in range(-5, 5)], len(s)


def unsigned_hash(x):
    return hash(np.uint64(x))


def sort_pairs(xs):
    xs.sort()
    return xs


def sort_pairs_reversed(xs):
    return sorted(xs, reverse=True)


def sort_by_tuple_key(xs):
    return sorted(xs, key=lambda v: (v % 3, -v))


def sort_triples(xs):
    xs.sort()
    return xs


def test_int_hashes_at_the_modulus_edges():
    assert_same(hashes, EDGES)


def test_int_keys_found_as_cpython_finds_them():
    xs = [x % 97 - 40 for x in range(0, 5000, 7)] + EDGES
    assert_same(int_keys, xs, EDGES + [-3, 99, 1000])


def test_deleted_entries_are_passed_over():
    assert_same(with_deletes, [8 * k + 3 for k in range(40)])


def test_narrow_int_keys():
    assert_same(narrow_keys, [-3, 4, 4, 0, -3, 7])


def test_uint64_hash():
    for x in [0, 1, M - 1, M, M + 1, 2**64 - 1]:
        assert_same(unsigned_hash, x)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(-(2**63), 2**63 - 1), min_size=1, max_size=60),
    st.lists(st.integers(-50, 50), min_size=1),
)
def test_int_keys_property(xs, probes):
    assert_same(int_keys, xs, probes + xs[:5])


def test_tuple_sort_int_float_with_nans_and_ties():
    nan = math.nan
    xs = [(3, 1.0), (1, nan), (1, 0.5), (-3, 2.0), (1, 0.5), (1, -0.0), (1, 0.0), (2, nan)]
    xs += [(k % 5 - 2, (k * 7 % 11) * 0.5) for k in range(100)]
    assert_same(sort_pairs, xs)
    assert_same(sort_pairs_reversed, xs)


def test_tuple_sort_is_stable_on_equal_keys():
    # Equal first fields: the second field (the position) shows stability and `reverse`'s.
    xs = [((k * 7919) % 13, float(k)) for k in range(500)]
    assert_same(sort_pairs, xs)
    assert_same(sort_pairs_reversed, xs)


def test_tuple_keys_of_key_functions():
    assert_same(sort_by_tuple_key, [(k * 37) % 101 - 50 for k in range(300)])


def test_three_and_four_fields():
    xs = [(k % 3, -(k % 5), (k * 13) % 7 * 1.5) for k in range(200)]
    assert_same(sort_triples, xs)
    ys = [(k % 2, 1.0, k % 3, -float(k % 4)) for k in range(200)]
    assert_same(sort_triples, ys)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-3, 3), st.floats(allow_nan=False, allow_infinity=True, width=64)),
        min_size=1,
        max_size=80,
    )
)
def test_tuple_sort_property(xs):
    assert_same(sort_pairs, xs)
    assert_same(sort_pairs_reversed, xs)


def sort_floats(xs):
    return sorted(xs)


# NaN makes `<` no order: CPython's result is then whatever its timsort's sequence of comparisons
# gives; the list sort is a port of CPython's listsort, so the order is CPython's (found by the
# property test above with NaNs allowed; tests/test_listsort.py tests it at length).
@pytest.mark.parametrize(
    "fn, xs",
    [
        (sort_pairs_reversed, [(1, 0.0), (0, 0.0), (1, math.nan), (1, 1.0)]),
        (sort_floats, [1.0, 0.0, math.nan, -1.0]),
    ],
)
def test_sort_with_nan_as_cpython(fn, xs):
    assert_same(fn, xs)


def sort_argument(xs, reverse):
    xs.sort(reverse=reverse)


def test_sorting_a_list_argument_is_seen_by_the_caller():
    # Floats and ints are sorted by value, tuples by fields: each path marks the list changed,
    # so that a reflected list is written back.
    for xs in ([3.0, 1.0, 2.0], [3, -1, 2], [(2, 1.0), (1, 2.0)], [(1, 2, 3), (0, 5, 1)]):
        assert_same(sort_argument, xs, False)
        assert_same(sort_argument, xs, True)
