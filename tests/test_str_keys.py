"""Strings as dict keys and set items, against CPython: `d[s]`, `d[s] = v`, every dict method,
views and iteration in insertion order, tuples of strings as keys, sets of strings (methods,
operators, comprehensions, `set(text.split())`), dicts and sets of strings passed in and
returned, `hash(s)` and KeyError's message, non-ASCII keys, and no leaked string on any path
(insert, overwrite, delete, clear, pop, popitem, raise)."""

import oxjit
import pytest
from conftest import assert_same, jitted
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit

WORDS = ["a", "bb", "a", "ccc", "é", "日本", "bb", "", "🙂", "a"]


def counts(words):
    d = {}
    for w in words:
        d[w] = d.get(w, 0) + 1
    return d


def word_counts_text(text):
    counts = {}
    for w in text.lower().split():
        w = w.strip(".,;:!?")
        counts[w] = counts.get(w, 0) + 1
    return counts


def methods(words):
    d = {"x": 1, "y": 2}
    for w in words:
        d[w] = len(w)
    a = d.pop("x")
    b = d.pop("nope", -1)
    k, v = d.popitem()
    del d["y"]
    e = d.setdefault("new", 5)
    f = d.setdefault("new", 6)
    g = d.get("zz", 0)
    c = d.copy()
    c.update({"q": 9})
    ks = [k for k in d]
    it = list(d.items())
    kk = list(d.keys())
    vv = list(d.values())
    has = ("new" in d, "zz" in d, "zz" not in d)
    d.clear()
    return a, b, k, v, e, f, g, c, ks, it, kk, vv, has, d, len(c)


def overwrite(words):
    # CPython keeps the first key object and replaces the value.
    d = {}
    for i, w in enumerate(words):
        d[w] = i
        d[w + ""] = -i
    return d, list(d)


def built_keys(n):
    d = {}
    for i in range(n):
        d[str(i % 7)] = d.get(str(i % 7), 0) + i
        d["k" + str(i % 3)] = i
    return d


def literal_keys():
    d = {"one": 1, "two": 2}
    d["three"] = 3
    return d, d["one"], "two" in d, {"only": 1.5}


def tuple_keys(pairs):
    d = {}
    for name, n in pairs:
        d[(name, n)] = d.get((name, n), 0) + 1
        d[(name, n % 2)] = n
    return d, (pairs[0][0], pairs[0][1]) in d


def str_values(words):
    d = {}
    for w in words:
        d[len(w)] = w
        d[-len(w)] = d.get(-len(w), "") + w
    return d


def str_to_str(words):
    d = {}
    for w in words:
        d[w] = w.upper() + w
    d2 = {v: k for k, v in d.items()}
    return d, d2


def comprehensions(words):
    return {w: len(w) for w in words}, {w[:1] for w in words}, {len(w): w for w in words}


def lookup(d, k):
    return d[k]


def passed_in(d, extra):
    out = []
    for k, v in d.items():
        out.append(k * v)
    e = d.copy()
    e[extra] = 0
    return out, d, e, extra in d, extra in e


@oxjit.njit
def _counts(words):
    d = {}
    for w in words:
        d[w] = d.get(w, 0) + 1
    return d


def key_error(words):
    d = _counts(words)
    return d["missing"]


def del_missing(words, k):
    d = _counts(words)
    del d[k]
    return d


def pop_missing(words, k):
    d = _counts(words)
    return d.pop(k)


def caught(words, k):
    d = _counts(words)
    try:
        return d[k]
    except KeyError:
        return -1


def hashes(s):
    return hash(s), hash((s, 1)), hash((1.5, s, (s, s)))


def sets(text):
    s = {"a", "b"}
    t = set(text.split())
    u = s | t
    i = s & t
    df = t - s
    x = s ^ t
    s.update(["z"])
    s.remove("a")
    s.add("b")
    s.discard("none")
    return (
        u,
        i,
        df,
        x,
        s,
        len(s),
        "z" in s,
        "a" not in s,
        {w.upper() for w in t},
        s <= u,
        s.issubset(u),
        t.isdisjoint({"qq"}),
        sorted(t),
    )


def dedup(words):
    seen = set()
    out = []
    for w in words:
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out, len(seen)


def set_pop_remove(words, k):
    s = set(words)
    s.remove(k)
    return s


def set_arg(s, k):
    return k in s, len(s), s | {k}


def delete_built_keys(words):
    # Keys made at run time (not constants) removed by del, pop, discard and remove: each
    # removal must give back the dict's or set's reference to its key.
    d = {w + "!": i for i, w in enumerate(words)}
    for w in words:
        if w + "!" in d:
            del d[w + "!"]
    p = {w + "#": 1 for w in words}
    got = [p.pop(w + "#", 0) for w in words]
    s = {w + "?" for w in words}
    for w in words[:3]:
        s.discard(w + "?")
    for w in sorted(s):
        s.remove(w)
    return len(d), got, len(p), len(s)


def test_counts_and_methods():
    assert_same(counts, WORDS)
    assert_same(methods, ["aa", "bbb", "ü"])
    assert_same(methods, WORDS)
    assert_same(overwrite, WORDS)
    assert_same(built_keys, 30)
    assert_same(literal_keys)
    assert_same(delete_built_keys, WORDS)


def test_word_counts_text():
    text = "The cat. The dog, a Cat! héllo HÉLLO 日本 日本; x? y: z... Ünïcode ünïcode"
    assert_same(word_counts_text, text)
    assert_same(word_counts_text, "")


def test_tuple_keys_and_string_values():
    assert_same(tuple_keys, [("a", 1), ("b", 2), ("a", 1), ("é", 3), ("b", 4)])
    assert_same(str_values, WORDS)
    assert_same(str_to_str, WORDS)
    assert_same(comprehensions, [w for w in WORDS if w])


def test_dicts_passed_in_and_out():
    assert_same(lookup, {"a": 1, "b": 2}, "b")
    assert_same(lookup, {"a": 1, "日本": 2}, "日本")
    assert_same(lookup, {("a", 1): 1.5}, ("a", 1))
    assert_same(passed_in, {"a": 2, "日本": 3, "🙂": 1}, "new")


def test_key_errors():
    assert_same(key_error, WORDS)
    assert_same(lookup, {"a": 1}, "abc")
    assert_same(lookup, {"a": 1}, "")
    assert_same(lookup, {"a": 1}, "日本")
    assert_same(del_missing, WORDS, "zz")
    assert_same(del_missing, WORDS, "bb")
    assert_same(pop_missing, WORDS, "é!")
    assert_same(caught, WORDS, "zz")
    assert_same(caught, WORDS, "a")
    with pytest.raises(KeyError) as e:
        jitted(lookup)({"a": 1}, "abc")
    assert str(e.value) == "'abc'" and e.value.args == ("abc",)
    with pytest.raises(KeyError) as e:
        jitted(lookup)({"a": 1}, "")
    assert e.value.args == ("",)


def test_hash_is_cpythons():
    for s in ["", "a", "abc", "é", "日本語", "🙂x", "a" * 100]:
        assert_same(hashes, s)


def test_sets():
    assert_same(sets, "a c d e a")
    assert_same(sets, "b é 日本 b z")
    assert_same(dedup, WORDS)
    assert_same(set_pop_remove, WORDS, "bb")
    assert_same(set_pop_remove, WORDS, "zz")
    assert_same(set_arg, {"a", "é"}, "é")
    assert_same(set_arg, {"a", "é"}, "new")


def test_no_leak():
    assert_no_leak(counts, WORDS)
    assert_no_leak(word_counts_text, "a b. a B! c")
    assert_no_leak(methods, WORDS)
    assert_no_leak(overwrite, WORDS)
    assert_no_leak(built_keys, 20)
    assert_no_leak(tuple_keys, [("a", 1), ("b", 2), ("a", 1)])
    assert_no_leak(str_values, WORDS)
    assert_no_leak(str_to_str, WORDS)
    assert_no_leak(comprehensions, ["a", "bb", "a"])
    assert_no_leak(passed_in, {"a": 2, "日本": 3}, "new")
    assert_no_leak(sets, "a c d e a")
    assert_no_leak(dedup, WORDS)
    assert_no_leak(set_arg, {"a", "é"}, "new")
    assert_no_leak(delete_built_keys, WORDS)
    assert_no_leak(caught, WORDS, "zz")
    assert_no_leak(key_error, WORDS, expect_raise=KeyError)
    assert_no_leak(del_missing, WORDS, "zz", expect_raise=KeyError)
    assert_no_leak(pop_missing, WORDS, "zz", expect_raise=KeyError)
    assert_no_leak(set_pop_remove, WORDS, "zz", expect_raise=KeyError)


def run_ops(ops):
    d = {}
    s = set()
    log = [0]
    for op, a, b in ops:
        if op == 0:
            d[a] = b
        elif op == 1 and a in d:
            del d[a]
        elif op == 2:
            log.append(d.get(a, -100))
        elif op == 3:
            log.append(d.pop(a, -200))
        elif op == 4 and len(d) > 0:
            k, v = d.popitem()
            log.append(len(k) * 1000 + v)
        elif op == 5:
            log.append(d.setdefault(a, b))
        elif op == 6:
            s.add(a)
        elif op == 7:
            s.discard(a)
        elif op == 8:
            log.append(int(a in s))
        else:
            d[a + a] = len(d)
    return d, log, sorted(s), list(d.keys())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, 9),
            st.sampled_from(["", "a", "b", "ab", "é", "日", "🙂", "abc", "xyz", "aa"]),
            st.integers(-5, 5),
        ),
        min_size=1,
        max_size=60,
    )
)
def test_random_operation_sequences(ops):
    assert_same(run_ops, ops)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=6), min_size=1, max_size=30))
def test_random_text_keys(words):
    assert_same(counts, words)
    assert_same(str_to_str, words)


def test_typing_error_names_the_types():
    def bad(n):
        d = {"a": 1}
        d[n] = 2
        return d

    with pytest.raises(oxjit.errors.TypingError) as e:
        jitted(bad)(1)
    assert "unicode_type" in str(e.value) and "int64" in str(e.value)


def anagrams(words):
    groups = {}
    for w in words:
        key = "".join(sorted(w))
        if key not in groups:
            groups[key] = []
        groups[key].append(w)
    return groups


def nested(words):
    by_len = {}
    for w in words:
        inner = by_len.setdefault(len(w), {"": 0})
        inner[w] = inner.get(w, 0) + 1
    rows = [{w: 1} for w in words]
    pairs = {(w, len(w)) for w in words}
    return by_len, rows, sorted(pairs)


def update_and_raise(words, bad):
    d = {}
    for w in words:
        e = {w: len(w), w + "!": 0}
        d.update(e)
        if w == bad:
            raise ValueError("bad word")
    return d


def test_nested_containers():
    ws = ["listen", "silent", "enlist", "google", "日本", "本日", "a"]
    assert_same(anagrams, ws)
    assert_same(nested, ws)
    assert_same(update_and_raise, ws, "zz")
    assert_same(update_and_raise, ws, "google")
    assert_no_leak(anagrams, ws)
    assert_no_leak(nested, ws)
    assert_no_leak(update_and_raise, ws, "zz")
    assert_no_leak(update_and_raise, ws, "google", expect_raise=ValueError)


def from_characters(s):
    a = list(s)
    b = set(s)
    c = sorted(s)
    d = ["x"]
    d.extend(s)
    e = {"y"}
    e.update(s)
    return a, b, c, d, e, b | set(s)


def test_containers_of_a_strings_characters():
    # The characters of a string come as new strings: each container keeps its own reference.
    assert_same(from_characters, "日本語 and más")
    assert_no_leak(from_characters, "日本語 and más")
