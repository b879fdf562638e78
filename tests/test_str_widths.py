"""Strings of every width (latin-1, UCS-2, UCS-4) made by `split`, `join` and `+`, which copy
code units straight into a block of the narrowest kind: each result compared with CPython's,
with what depends on the kind and the ASCII flag (`isascii`, `hash`, equality with a constant,
use as a dict key, case mappings)."""

import pytest
from conftest import assert_same
from oxjit import njit

pytestmark = pytest.mark.requires_jit

TEXTS = [
    "",
    " ",
    "a",
    "plain ascii words here",
    "naïve café ÿ",
    "x 日本語 y ÿ",
    "🎉 a é 日 🐍 bb",
    "\u3000ideographic\u3000space 🎉\u2003em",
    "é",
    "日",
    "🎉",
    "  🎉🎉  a  ",
    "mixed\x85next\xa0nbsp 🎉",
]
SEPS = ["", " ", "-", "é", "日", "🎉", ", "]


@njit
def describe(s):
    return s, len(s), s.isascii(), hash(s), s == "é", s == "a", s.upper(), s.swapcase()


def split_words(s):
    return [describe(w) for w in s.split()]


def split_words_max(s, n):
    return s.split(None, n), s.rsplit(None, n)


def split_on(s, sep):
    return [describe(w) for w in s.split(sep)]


def join_words(sep, s):
    words = s.split()
    return describe(sep.join(words)), describe(sep.join(words[:1])), describe(sep.join(words[:0]))


def join_tuple(sep, a, b):
    return describe(sep.join((a, b))), describe(sep.join((a,)))


def concat(a, b):
    return describe(a + b), describe(b + a), describe(a + "")


def count_keys(s):
    counts = {}
    for w in (s + " " + s.upper() + " é 日 🎉 a").split():
        counts[w] = counts.get(w, 0) + 1
    return sorted(counts.items()), counts.get("é", -1), counts.get("🎉", -1), counts.get("a", -1)


@pytest.mark.parametrize("s", TEXTS)
def test_split_on_white_space_makes_narrowest_words(s):
    assert_same(split_words, s)
    for n in (0, 1, 2, 5):
        assert_same(split_words_max, s, n)


@pytest.mark.parametrize("s", TEXTS)
def test_split_on_a_separator_of_each_width(s):
    for sep in [" ", "é", "日", "🎉", "a "]:
        assert_same(split_on, s, sep)


@pytest.mark.parametrize("sep", SEPS)
@pytest.mark.parametrize("s", TEXTS)
def test_join_takes_the_widest_kind_of_what_it_joins(sep, s):
    assert_same(join_words, sep, s)


@pytest.mark.parametrize("sep", SEPS)
@pytest.mark.parametrize(
    ("a", "b"), [("", ""), ("a", "é"), ("日", "b"), ("🎉", ""), ("ab", "日🎉")]
)
def test_join_of_a_tuple(sep, a, b):
    assert_same(join_tuple, sep, a, b)


@pytest.mark.parametrize("a", ["", "a", "é", "日", "🎉", "abc", "ÿé"])
@pytest.mark.parametrize("b", ["", "b", "ü", "本", "🐍", "xyz"])
def test_concat_of_each_pair_of_widths(a, b):
    assert_same(concat, a, b)


@pytest.mark.parametrize("s", TEXTS)
def test_words_of_each_width_as_dict_keys(s):
    assert_same(count_keys, s)
