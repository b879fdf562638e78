"""`list.sort()` and `sorted()` put the items in exactly CPython's order, also where `<` is no
order (NaN floats, tuples holding NaNs, keys returning NaN): the runtime's sort is a port of
CPython's timsort (crates/oxjit-runtime/src/listsort.rs), so the same comparisons in the same
sequence move the items the same way. Lengths up to 300 (and a few of thousands) take the
merges, galloping and the powersort merge order; results are compared item by item (NaN where
CPython has NaN, -0.0 against 0.0, equal items in CPython's order)."""

import math
import random

import pytest
from conftest import assert_same
from hypothesis import given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.requires_jit

NAN = math.nan
INF = math.inf


def fresh(x):
    """`x`, a NaN made anew: CPython's tuple `==` holds one NaN object equal to itself
    (`is` first), a compiled tuple holds no identity, so lists of tuples get distinct NaNs."""
    return float("nan") if math.isnan(x) else x


# Few distinct values (ties, so stability shows), zeros of both signs, infinities and NaNs.
SPECIAL = st.sampled_from([NAN, 0.0, -0.0, INF, -INF, 1.0, -1.0, 2.5])
FLOAT = st.one_of(SPECIAL, st.integers(-20, 20).map(float), st.floats(-1e3, 1e3))
FLOATS = st.lists(FLOAT, min_size=1, max_size=300)
PAIRS = st.lists(st.tuples(st.integers(-3, 3), FLOAT.map(fresh)), min_size=1, max_size=300)


def sort_method(xs):
    xs.sort()
    return xs


def sort_method_reversed(xs):
    xs.sort(reverse=True)
    return xs


def sorted_copy(xs):
    return sorted(xs)


def sorted_reversed(xs):
    return sorted(xs, reverse=True)


def sorted_by_half(xs):
    return sorted(xs, key=lambda v: v * 0.5)


def sorted_by_half_reversed(xs):
    return sorted(xs, key=lambda v: v * 0.5, reverse=True)


def sort_by_pair_key(xs):
    # Tuple keys: the sign first, then the value (NaN in the second field).
    xs.sort(key=lambda v: (v > 0.0, v))
    return xs


def sorted_ints_by_nan_key(xs):
    # Keys returning NaN for some items.
    return sorted(xs, key=lambda v: math.nan if v % 7 == 0 else v / 3.0)


def sorted_ints_by_nan_key_reversed(xs):
    return sorted(xs, key=lambda v: math.nan if v % 5 == 0 else -v * 0.25, reverse=True)


def sorted_pairs_by_second(xs):
    return sorted(xs, key=lambda p: p[1])


FLOAT_SORTS = [
    sort_method,
    sort_method_reversed,
    sorted_copy,
    sorted_reversed,
    sorted_by_half,
    sorted_by_half_reversed,
    sort_by_pair_key,
]


@pytest.mark.parametrize("fn", FLOAT_SORTS)
@settings(max_examples=60, deadline=None)
@given(xs=FLOATS)
def test_floats_with_nans_sort_as_cpython(fn, xs):
    assert_same(fn, xs)


@pytest.mark.parametrize(
    "fn", [sort_method, sort_method_reversed, sorted_reversed, sorted_pairs_by_second]
)
@settings(max_examples=60, deadline=None)
@given(xs=PAIRS)
def test_tuples_with_nans_sort_as_cpython(fn, xs):
    assert_same(fn, xs)


@pytest.mark.parametrize(
    "fn",
    [
        sort_method,
        sorted_reversed,
        sorted_ints_by_nan_key,
        sorted_ints_by_nan_key_reversed,
    ],
)
@settings(max_examples=40, deadline=None)
@given(xs=st.lists(st.integers(-50, 50), min_size=1, max_size=300))
def test_ints_sort_as_cpython(fn, xs):
    assert_same(fn, xs)


@pytest.mark.parametrize("fn", [sort_method, sorted_reversed])
@settings(max_examples=30, deadline=None)
@given(xs=st.lists(st.text(alphabet="abcé", max_size=3), min_size=1, max_size=200))
def test_strings_sort_as_cpython(fn, xs):
    assert_same(fn, xs)


def runs_with_nans(n, seed):
    """Long ascending and descending runs, ties and scattered NaNs: many merges, long
    galloping stretches and `min_gallop` moving both ways."""
    rng = random.Random(seed)
    xs = []
    while len(xs) < n:
        k = rng.randrange(1, 400)
        start = rng.uniform(-100, 100)
        step = rng.choice([1.0, -1.0, 0.0, 0.5])
        xs += [start + step * i for i in range(k)]
        if rng.random() < 0.5:
            xs.insert(rng.randrange(len(xs)), float("nan"))
    return xs[:n]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("fn", [sort_method, sorted_reversed, sorted_by_half_reversed])
def test_long_runs_with_nans(fn, seed):
    assert_same(fn, runs_with_nans(3000 + 700 * seed, seed))


@pytest.mark.parametrize("seed", range(3))
def test_long_tuples_with_nans(seed):
    rng = random.Random(seed)
    xs = [(rng.randrange(4), fresh(x)) for x in runs_with_nans(4000, seed + 10)]
    assert_same(sort_method, xs)
    assert_same(sorted_reversed, xs)


def sort_tail(xs):
    # The list after its first item: an empty list made inside (an empty list argument has no
    # item type to compile for).
    ys = xs[1:]
    ys.sort()
    return ys


def sorted_tail_reversed(xs):
    return sorted(xs[1:], key=lambda v: -v, reverse=True)


def test_edges():
    for xs in ([NAN], [NAN, NAN], [-0.0, 0.0], [0.0, -0.0], [1.0, NAN, 0.0], [INF, NAN, -INF]):
        for fn in FLOAT_SORTS:
            assert_same(fn, list(xs))
    for xs in ([1.0], [1.0, NAN], [1.0, NAN, 2.0, -0.0, 0.0]):
        assert_same(sort_tail, xs)
        assert_same(sorted_tail_reversed, xs)
