"""`for w in s.split(...)` makes its words one at a time where the split's list is only iterated
(`passes/lazy_split.rs`): the same words, order, exceptions and memory behaviour as the list,
compared with CPython; the string keys of dicts and sets compared inline by the runtime's probes;
`strip(chars)` of latin-1 text."""

import pytest
from conftest import assert_same, jitted
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit

TEXTS = [
    "",
    "   ",
    "one",
    "  a b  c  ",
    "a,b,,c,",
    ",,,",
    "x\ty\nz\r\nw\x0bv\x0cu\x1cq\x1dr\x1es\x1ft\x85k\u00a0m",
    "a\u3000b\u2028c\u2029d\u2003e\u205ff",
    "日本 語,émile\tzola 🎉 , x",
    "a::b::::c",
]


def collect(s):
    out = []
    for w in s.split():
        out.append(w)  # noqa: PERF402 - the loop is what is tested
    return out


def collect_sep(s, sep):
    out = []
    for w in s.split(sep):
        out.append(w + "|")
    return out


def collect_max(s, sep, maxsplit):
    out = []
    for w in s.split(sep, maxsplit):
        out.append(w)  # noqa: PERF402 - the loop is what is tested
    return out


def collect_none_sep(s, maxsplit):
    out = []
    for w in s.split(None, maxsplit):
        out.append(w)  # noqa: PERF402 - the loop is what is tested
    return out


def collect_keywords(s, maxsplit):
    out = []
    for w in s.split(sep=",", maxsplit=maxsplit):
        out.append(w)  # noqa: PERF402 - the loop is what is tested
    return out


@pytest.mark.parametrize("text", TEXTS)
def test_words_as_cpython(text):
    assert_same(collect, text)
    for sep in [",", "::", " ", "日", "🎉", "zz"]:
        assert_same(collect_sep, text, sep)
    for maxsplit in [-1, 0, 1, 2, 100]:
        assert_same(collect_max, text, ",", maxsplit)
        assert_same(collect_none_sep, text, maxsplit)


def test_keywords():
    for maxsplit in [-1, 0, 1, 3]:
        assert_same(collect_keywords, "a,b,,c,", maxsplit)


def test_empty_separator_raises_before_the_loop():
    def f(s, sep):
        n = 0
        for _w in s.split(sep):
            n += 1
        return n

    assert_same(f, "a b", "")
    assert_same(f, "", "")
    assert_no_leak(f, "a b", "", expect_raise=ValueError)


def until(s, stop):
    out = ""
    for w in s.split():
        if w == stop:
            break
        out += w
    else:
        out += "<end>"
    return out


def nested(s):
    total = []
    for line in s.split("\n"):
        row = []
        for w in line.split(","):
            for c in w.strip().split():
                row.append(c.upper())
        total.append(row)
    return total


def temporary_receiver(s):
    n = 0
    for w in (s + " tail").lower().split():
        n += len(w)
    return n


def rebinds_receiver(s):
    t = s.upper()
    out = []
    for w in t.split():
        t = w + "!"
        out.append(t)
    return out, t


def comprehension(s):
    return [w for w in s.split(",") if w], {w: len(w) for w in s.split()}


def raises_midway(s):
    total = 0
    for w in s.split():
        total += int(w)
    return total


def word_counts(text):
    counts = {}
    for w in text.lower().split():
        w = w.strip(".,;:!?")
        counts[w] = counts.get(w, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def test_loop_shapes():
    for s in ["a b stop c", "a b c", "", "stop"]:
        assert_same(until, s, "stop")
    assert_same(nested, "a b, c d\n\ne,,f g\n日本 語")
    assert_same(temporary_receiver, "Héllo WORLD 🎉")
    assert_same(rebinds_receiver, "ab cd é")
    assert_same(comprehension, "a,,bb, c ,日")
    assert_same(raises_midway, "1 2 3")
    assert_same(raises_midway, "1 2 x 3")
    text = "The cat. the Dog, a cat! A dog; the end? é É émile, " * 7
    assert_same(word_counts, text)


def test_no_leaks():
    assert_no_leak(collect, "a b  日本 🎉 c")
    assert_no_leak(collect_sep, "a,b,,c,", ",")
    assert_no_leak(until, "a b stop c", "stop")
    assert_no_leak(until, "a b c", "stop")
    assert_no_leak(nested, "a b, c d\n\ne,,f g\n日本 語")
    assert_no_leak(temporary_receiver, "Héllo WORLD 🎉")
    assert_no_leak(rebinds_receiver, "ab cd é")
    assert_no_leak(comprehension, "a,,bb, c ,日")
    assert_no_leak(raises_midway, "1 2 x 3", expect_raise=ValueError)
    assert_no_leak(word_counts, "The cat. the Dog, a cat! A dog; the end? é É")


def test_many_calls_do_not_grow():
    from oxjit.runtime import get_allocation_stats

    f = jitted(until)
    f("a b stop c", "stop")
    before = get_allocation_stats()
    for i in range(100_000):
        f("a b stop c" if i % 2 else "x y", "stop")
    after = get_allocation_stats()
    assert after.alloc - before.alloc == after.free - before.free


def kept_list(s):
    words = s.split()
    n = 0
    for w in words:
        n += len(w)
    return n, len(words), words


def returned_after(s):
    parts = s.split(",")
    for p in parts:
        if p == "b":
            break
    return parts


def rsplit_loop(s):
    out = []
    for w in s.rsplit(",", 1):
        out.append(w)  # noqa: PERF402 - the loop is what is tested
    return out


def test_lists_still_built_where_used():
    assert_same(kept_list, "a bb  ccc")
    assert_same(returned_after, "a,b,c")
    assert_same(rsplit_loop, "a,b,c")
    assert_no_leak(kept_list, "a bb  ccc")


def _llvm(fn, *args):
    f = jitted(fn)
    f(*args)
    (ir,) = f.inspect_llvm().values()
    return ir


def test_which_loops_are_lazy():
    # A test of the optimisation itself: the lazy loops call the runtime's word-at-a-time
    # functions and build no list; the others build the list as before.
    for fn, args in [(collect, ("a b",)), (collect_sep, ("a,b", ",")), (nested, ("a b",))]:
        ir = _llvm(fn, *args)
        assert "oxjit_rt_str_split_iter_valid" in ir, fn.__name__
        assert "oxjit_rt_str_split(" not in ir, fn.__name__
    for fn, args in [(kept_list, ("a b",)), (returned_after, ("a,b",)), (rsplit_loop, ("a,b",))]:
        ir = _llvm(fn, *args)
        assert "oxjit_rt_str_split_iter_valid" not in ir, fn.__name__
        assert "oxjit_rt_str_split(" in ir, fn.__name__


def generator_words(s):
    for w in s.split():
        yield w + "."


def test_generators_keep_the_list():
    f = jitted(generator_words)
    assert list(f("a b  日")) == list(generator_words("a b  日"))


def str_keys(keys, probes):
    d = {}
    s = set()
    for k in keys:
        d[k] = d.get(k, 0) + 1
        s.add(k)
    found = []
    for p in probes:
        found.append((p in d, d.get(p, -1), p in s))
    return found, len(d), len(s)


def test_string_keys_compared_inline():
    keys = ["a", "é", "e", "日", "🎉", "ab", "", "a" * 40, "é" * 3, "ee", "日本"]
    # Every byte length up to 17, keys that differ in one middle unit only.
    keys += ["abcdefghijklmnopq"[:n] for n in range(4, 18)]
    keys += ["abcdXfghijklmnop"[:n] for n in range(6, 17)] + ["日本語日本", "日本X日本"]
    probes = [k[::-1][::-1] + "" for k in keys]
    probes += ["x", "é" + "e", "日日", "a" * 39, "E", "abcdYfgh", "abcdYfghijklmnop", "日本Y日本"]
    assert_same(str_keys, keys + keys[::2], probes)


def strips(s, chars):
    return s.strip(chars), s.lstrip(chars), s.rstrip(chars)


def test_strip_latin1_chars():
    for s in ["..ab.c..", "ab", "", "....", "éaé", "ÿxÿ", "日.日", ".🎉."]:
        for chars in [".", ".,;", "é", "", "ÿé", "日", "🎉."]:
            assert_same(strips, s, chars)
