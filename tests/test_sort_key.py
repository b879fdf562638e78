"""`sorted(xs, key=..., reverse=...)` and `l.sort(key=..., reverse=...)` with lambdas,
closures, builtins and compiled functions as keys, against CPython: stable (equal keys keep
their order, reversed too), the key called once per item in order, a key that raises leaving
the list as it was, nothing leaked; sorting strings and tuples with strings; `min`/`max` of
strings; string ordering."""

import oxjit
import pytest
from conftest import assert_same
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit

WORDS = ["bb", "a", "ccc", "dd", "e", "é", "日本", "", "B", "a"]


@oxjit.njit
def negative(x):
    return -x


def by_lambda(ws):
    return sorted(ws, key=lambda w: len(w)), sorted(ws, key=len, reverse=True)


def in_place(ws):
    ws.sort(key=lambda w: (len(w), w), reverse=True)
    return ws


def in_place_plain(ws):
    ws.sort()
    a = sorted(ws, reverse=True)
    return ws, a


def numbers(xs, m):
    return (
        sorted(xs, key=lambda x: x % m),
        sorted(xs, key=negative),
        sorted(xs, key=lambda x: x % m, reverse=True),
        sorted(xs, key=lambda x: x * 0.5),
    )


def word_counts(text):
    counts = {}
    for w in text.lower().split():
        w = w.strip(".,;:!?")
        counts[w] = counts.get(w, 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])[:10]


def generator(xs):
    return sorted((x * 2 for x in xs if x != 2), key=lambda v: -v)


def closure_key(xs, k):
    def key(v):
        return abs(v - k)

    xs.sort(key=key)
    return xs


def tuples(pairs):
    return (
        sorted(pairs, key=lambda t: t[1]),
        sorted(pairs, key=lambda t: t[0], reverse=True),
        sorted(pairs),
        sorted(pairs, reverse=True),
    )


def calls_in_order(xs):
    seen = [0]

    def key(x):
        seen.append(x)
        return -x

    out = sorted(xs, key=key)
    return out, seen


def key_raises(xs):
    ys = [x for x in xs]
    try:
        ys.sort(key=lambda x: 10 // x)
    except ZeroDivisionError:
        return ys, -1
    return ys, 0


def key_raises_out(xs):
    return sorted(xs, key=lambda x: 10 // x)


def modifies(xs):
    ys = [x for x in xs]

    def key(x):
        ys.append(x)
        return x

    ys.sort(key=key)
    return ys


def modifies_caught(xs):
    ys = [x for x in xs]

    def key(x):
        ys.append(x)
        return -x

    try:
        ys.sort(key=key)
    except ValueError:
        return ys, 1
    return ys, 0


def of_dict_and_set(d):
    return sorted(d), sorted(d.keys(), key=lambda k: d[k]), sorted(set(d), reverse=True)


def min_max(ws):
    return (
        min(ws),
        max(ws),
        min(ws[0], ws[1]),
        max("a", "b", ws[2]),
        min(("x", "y")),
        min(ws, key=len),
        max(ws, key=lambda w: (len(w), w)),
    )


def min_max_chars(s):
    return min(s), max(s)


def orderings(a, b):
    return a < b, a <= b, a > b, a >= b, a == b, a != b, (a, 1) < (b, 0), [a] < [b]


def test_keys():
    assert_same(by_lambda, WORDS)
    assert_same(in_place, WORDS)
    assert_same(in_place_plain, WORDS)
    assert_same(numbers, [5, 3, 8, 1, 9, 2, 6, 3], 3)
    assert_same(generator, [3, 1, 2, 5])
    assert_same(closure_key, [1, 5, 3, 2, 4, 6], 3)
    assert_same(tuples, [("a", 2), ("b", 1), ("c", 2), ("a", 1), ("é", 0)])
    assert_same(calls_in_order, [3, 1, 2])
    assert_same(of_dict_and_set, {"b": 3, "a": 2, "日本": 1})


def test_word_counts():
    text = "The cat. The dog, a cat! the end; é É é? x y z w v u t s r q"
    assert_same(word_counts, text)
    assert_same(word_counts, "")


def test_key_errors():
    assert_same(key_raises, [1, 2, 0, 3])
    assert_same(key_raises, [3, 1, 2])
    assert_same(key_raises_out, [1, 0])
    assert_same(modifies, [3, 1, 2])
    assert_same(modifies_caught, [3, 1, 2])


def test_min_max_and_ordering():
    assert_same(min_max, WORDS)
    assert_same(min_max_chars, "hello é日本")
    assert_same(min_max_chars, "")
    for a, b in [("a", "b"), ("b", "a"), ("a", "a"), ("", "a"), ("é", "z"), ("日本", "日")]:
        assert_same(orderings, a, b)


def test_no_leak():
    assert_no_leak(by_lambda, WORDS)
    assert_no_leak(in_place, WORDS)
    assert_no_leak(word_counts, "a b. a B! c")
    assert_no_leak(tuples, [("a", 2), ("b", 1)])
    assert_no_leak(key_raises, [1, 2, 0, 3])
    assert_no_leak(key_raises_out, [1, 0], expect_raise=ZeroDivisionError)
    assert_no_leak(modifies, [3, 1, 2], expect_raise=ValueError)
    assert_no_leak(modifies_caught, [3, 1, 2])
    assert_no_leak(min_max, WORDS)
    assert_no_leak(min_max_chars, "日本語")


def sort_both(pairs, reverse):
    a = sorted(pairs, key=lambda t: t[0], reverse=reverse)
    b = sorted(pairs, key=lambda t: (t[1], t[0]), reverse=reverse)
    c = [p for p in pairs]
    c.sort(key=lambda t: t[1], reverse=reverse)
    return a, b, c


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(-3, 3), st.sampled_from(["", "a", "b", "ab", "é", "日"])),
        min_size=1,
        max_size=40,
    ),
    st.booleans(),
)
def test_random_stability(pairs, reverse):
    assert_same(sort_both, pairs, reverse)
