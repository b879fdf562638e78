"""Property-based tests (hypothesis) of strings against CPython: slicing, searching, replacing,
stripping and case mappings over random text (ASCII, Latin-1, Greek, Cyrillic, CJK, emoji and
arbitrary code points), and the repr/str/format of random floats."""

import math

import pytest
from conftest import assert_same
from hypothesis import given, settings
from hypothesis import strategies as st

PROPERTY = settings(max_examples=150, deadline=None)

# Any code point but surrogates (Python's str holds them; UTF-8 arguments cannot).
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
# Scripts whose case mappings Rust's tables and CPython 3.11's agree on.
cased_chars = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(min_codepoint=0xC0, max_codepoint=0xFF),
    st.characters(min_codepoint=0x391, max_codepoint=0x3C9),
    st.characters(min_codepoint=0x410, max_codepoint=0x44F),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80),
    st.sampled_from(["🎉", "🐍", " ", "\t", "\n", "1", "٣"]),
)
cased_text = st.text(cased_chars, max_size=30)
small_alphabet = st.text(st.sampled_from(["a", "b", "é", "日", "🎉", " "]), max_size=20)
indices = st.one_of(st.none(), st.integers(-40, 40))
steps = st.one_of(st.none(), st.integers(-5, 5).filter(lambda k: k != 0))


def slice3(s, a, b, c):
    return s[a:b:c]


def search(s, sub, a, b):
    return (
        s.find(sub, a, b),
        s.rfind(sub, a, b),
        s.count(sub, a, b),
        sub in s,
        s.startswith(sub, a, b),
        s.endswith(sub, a, b),
    )


def replace(s, old, new, n):
    return s.replace(old, new, n), s.replace(old, new)


def strips(s, chars):
    return s.strip(), s.lstrip(chars), s.rstrip(chars), s.strip(chars)


def cases(s):
    return (
        s.upper(),
        s.lower(),
        s.swapcase(),
        s.title(),
        s.capitalize(),
        s.isupper(),
        s.islower(),
        s.istitle(),
    )


def compare(a, b):
    return a == b, a < b, a >= b, hash(a) == hash(b), hash(a)


def float_text(x):
    return (
        str(x),
        repr(x),
        f"{x}",
        f"{x:.3f}",
        f"{x:e}",
        f"{x:.5g}",
        f"{x:,.2f}",
        f"{x:+.1%}",
        f"{x:.12}",
    )


@PROPERTY
@given(any_text, indices, indices, steps)
def test_slicing(s, a, b, c):
    assert_same(slice3, s, a, b, c)


@PROPERTY
@given(small_alphabet, small_alphabet.map(lambda t: t[:3]), indices, indices)
def test_searching(s, sub, a, b):
    assert_same(search, s, sub, a, b)


@PROPERTY
@given(
    small_alphabet,
    small_alphabet.map(lambda t: t[:2]),
    any_text.map(lambda t: t[:3]),
    st.integers(-2, 4),
)
def test_replace(s, old, new, n):
    assert_same(replace, s, old, new, n)


@PROPERTY
@given(any_text, small_alphabet.map(lambda t: t[:3]))
def test_strip(s, chars):
    assert_same(strips, s, chars)


@PROPERTY
@given(cased_text)
def test_case_mappings(s):
    assert_same(cases, s)


@PROPERTY
@given(any_text, any_text)
def test_comparison_and_hash(a, b):
    assert_same(compare, a, b)


@PROPERTY
@given(st.floats())
def test_float_repr_and_format(x):
    assert_same(float_text, x)


@pytest.mark.parametrize(
    "x", [0.5, 1.5, 2.5, 0.125, 0.375, 1e22, 1e23, 2**53 + 1.0, 0.1 + 0.2, math.ulp(1.0)]
)
def test_float_ties_and_edges(x):
    assert_same(float_text, x)
    assert_same(float_text, -x)


def split_join(s, sep, n):
    return (
        s.split(),
        s.split(sep, n),
        s.rsplit(sep, n),
        s.rsplit(None, n),
        " ".join(s.split()),
        s.splitlines(),
    )


@PROPERTY
@given(st.text(st.sampled_from(["a", "b", "é", "日", "🎉", " ", "\n", "\t", ","]), max_size=25),
       st.sampled_from([",", "a", "ab", " ", "日"]), st.integers(-1, 3))  # fmt: skip
def test_split(s, sep, n):
    assert_same(split_join, s, sep, n)
