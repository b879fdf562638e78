"""Strings and sets, case by case, by oxjit, by Numba and by CPython in one run, in CPU time:
`split`/`join` of 10 MB (emoji text as in bench/strings.py, and ASCII), a string argument passed
in and returned, `lower()`, the word count of bench/containers.py, and the set-based dedup
with the variants that tell what bounds it (a cache-resident table, the loop alone).

    python bench/words.py                 # every case
    python bench/words.py split dedup     # the cases whose name holds one of these words

A benchmark, not a test: it asserts nothing about time (every system's result is first checked
equal to CPython's). Best of 7 calls for oxjit, of 3 for CPython and Numba, after a warm-up
call (which compiles).
"""

import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "python"))

import oxjit
from containers import numba_word_counts, word_counts, words_text
from strings import make_text, split_join


def cpu_best(f, *args, repeat):
    f(*args)
    times = []
    for _ in range(repeat):
        t = time.process_time()
        f(*args)
        times.append(time.process_time() - t)
    return min(times) * 1e3


def split_len(text):
    return len(text.split())


def identity(text):
    return text


def lower_len(text):
    return len(text.lower())


def dedup(n, m):
    seen = set()
    out = []
    for i in range(n):
        x = (i * 7919) % m
        if x not in seen:
            seen.add(x)
            out.append(x)
    return len(out)


def loop_only(n, m):
    out = []
    s = 0
    for i in range(n):
        x = (i * 7919) % m
        s += x
        if x < 0:
            out.append(x)
    return s + len(out)


def build_only(n, m):
    seen = set()
    for i in range(m):
        seen.add((i * 7919) % m)
    return len(seen)


def cases():
    emoji = make_text(10)
    ascii_words = " ".join(w for w in emoji.split() if w.isascii()) + " "
    ascii_text = ascii_words * (10_000_000 // len(ascii_words))
    words = words_text(1_000_000)
    n = 1_000_000
    return [
        ("split_join, 10 MB with emoji", split_join, (emoji,)),
        ("split_join, 10 MB of ASCII", split_join, (ascii_text,)),
        ("split len, 10 MB with emoji", split_len, (emoji,)),
        ("split len, 10 MB of ASCII", split_len, (ascii_text,)),
        ("identity (in and out), 10 MB with emoji", identity, (emoji,)),
        ("lower len, 7.3 MB of ASCII", lower_len, (words,)),
        ("word count over 10^6 words", word_counts, (words,)),
        ("dedup of 10^6 ints, 100,003 distinct", dedup, (n, 100_003)),
        ("dedup of 10^6 ints, 1,009 distinct (table in L1)", dedup, (n, 1009)),
        ("dedup's loop without the set", loop_only, (n, 100_003)),
        ("dedup: building the set of 100,003 only", build_only, (n, 100_003)),
    ]


def main():
    warnings.simplefilter("ignore")
    only = sys.argv[1:]
    try:
        import numba
    except ImportError:
        numba = None
    print("| case | oxjit | CPython | Numba | CPython / oxjit | Numba / oxjit |")
    print("|---|---|---|---|---|---|")
    for name, fn, args in cases():
        if only and not any(word in name for word in only):
            continue
        expected = fn(*args)
        ox = oxjit.njit(fn)
        assert ox(*args) == expected, name
        t_ox = cpu_best(ox, *args, repeat=7)
        t_py = cpu_best(fn, *args, repeat=3)
        nb_text, nb_ratio = "n/a", "n/a"
        if numba is not None and fn is not identity:
            nbf = numba.njit(numba_word_counts() if fn is word_counts else fn)
            assert nbf(*args) == expected, name
            t_nb = cpu_best(nbf, *args, repeat=3)
            nb_text, nb_ratio = f"{t_nb:.1f} ms", f"{t_nb / t_ox:.2f}x"
        print(
            f"| {name} | {t_ox:.1f} ms | {t_py:.1f} ms | {nb_text} | {t_py / t_ox:.2f}x "
            f"| {nb_ratio} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
