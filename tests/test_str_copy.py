"""The fast paths of strings crossing into and out of compiled code and of the methods that make
many strings: an argument decoded straight into a block of its narrowest kind (UCS-4 text copied
with `PyUnicode_AsUCS4`), a result made by CPython's Latin-1, UTF-16 or UTF-32 decoder (the
UTF-8 route kept for text holding a surrogate), `split` filling its list as it goes, and ASCII
`lower`/`upper` written in one pass. Each result is compared with CPython's, with what depends
on the kind and the ASCII flag of the block (`isascii`, `hash`, equality with a constant)."""

import pytest
from conftest import assert_same
from oxjit import njit

pytestmark = pytest.mark.requires_jit

# Each boundary of the kinds and of UTF-8's sequence lengths, a BOM (which a UTF-16 or UTF-32
# decoder must keep as a character, not read as a byte order), U+FFFE, NUL, and lone
# surrogates (which UTF-16 would pair and UTF-32 refuses) in text of each width.
TEXTS = [
    "",
    "a",
    "\x00",
    "ab\x00cd",
    "\x7f\x80",
    "é",
    "\xff",
    "ÿ é",
    "\u0100",
    "\u07ff\u0800",
    "naïve café",
    "日本語",
    "\ufeffbom first",
    "\ufffe\uffff",
    "\U00010000",
    "\U0010ffff x",
    "🎉 a é 日 🐍",
    "\ufeff🎉",
    "\ud800",
    "a\udfffb",
    "\ud83d\ude00",
    "日\ud800本",
    "🎉\udc00",
    "é\ud800",
]


@njit
def describe(s):
    return s, len(s), s.isascii(), hash(s), s == "é", s == "a", s[::-1]


def identity(s):
    return s


def pieces(s):
    return [s[i] for i in range(len(s))], s + s, describe(s)


def lower_upper(s):
    return s.lower(), s.upper(), s.casefold(), describe(s.lower()), describe(s.upper())


def split_many(s):
    words = s.split()
    return len(words), words[:3], words[-3:], " ".join(words) == s, [describe(w) for w in words[:5]]


def split_sep(s, sep):
    return s.split(sep), s.split(sep, 3), s.rsplit(sep, 2)


def split_max(s, n):
    return s.split(None, n), s.rsplit(None, n)


def lines(s):
    return s.splitlines(), s.splitlines(True)


@pytest.mark.parametrize("s", TEXTS)
def test_a_string_crosses_in_and_out_as_it_was(s):
    assert_same(identity, s)
    assert_same(describe, s)
    assert_same(pieces, s)


@pytest.mark.parametrize("s", ["x" * 100_000, "é" * 70_000, "日" * 50_000, "🎉" * 40_000])
def test_long_strings_of_each_width_cross_in_and_out(s):
    assert_same(identity, s)
    assert_same(identity, s + "a\U0010ffff" + s)
    assert_same(describe, s + "\ud800")


@pytest.mark.parametrize(
    "s", ["", "a", "A", "ab", "Hello, World!", "MiXeD 123 _x_ " * 40, "é A", "ǅ ß Σ", "🎉Ab"]
)
def test_ascii_case_mappings_in_one_pass(s):
    assert_same(lower_upper, s)


@pytest.mark.parametrize("word", ["w", "word", "é", "日本", "🎉", "a\ud800"])
@pytest.mark.parametrize("n", [0, 1, 15, 16, 17, 1000, 20_000])
def test_split_fills_lists_of_any_length(word, n):
    text = " ".join(f"{word}{k % 7}" for k in range(n))
    assert_same(split_many, text)
    assert_same(split_many, "  \t" + text.replace(" ", " \n ") + "\u3000")


@pytest.mark.parametrize("sep", [",", "é", "日", "🎉", ", "])
@pytest.mark.parametrize("n", [0, 1, 16, 17, 500])
def test_split_on_a_separator_fills_lists_of_any_length(sep, n):
    assert_same(split_sep, sep.join(str(k) for k in range(n)), sep)
    assert_same(split_sep, sep * n, sep)


@pytest.mark.parametrize("n", [0, 1, 16, 100])
def test_split_with_maxsplit_and_splitlines(n):
    text = " ".join(f"w{k}" for k in range(n))
    for m in (0, 1, 15, 16, 17, n):
        assert_same(split_max, text, m)
    assert_same(lines, "\n".join(f"l{k}" for k in range(n)) + "\r\n")


def join_many(sep, s):
    words = s.split()
    return describe(sep.join(words)), describe(sep.join(words[:1])), describe(sep.join(words[:2]))


@pytest.mark.parametrize("sep", ["", " ", "é", "日", "🎉", "\ud800"])
@pytest.mark.parametrize(
    "s",
    [
        "a b c",
        "a é b",
        "x 日 y z",
        "🎉 a",
        "a " * 300 + "🎉",
        "é " * 200 + "ÿ",
        "日本 é a 🐍 b\ud800",
        "a",
        "é",
        "日本",
    ],
)
def test_join_of_many_words_of_each_width(sep, s):
    assert_same(join_many, sep, s)
