"""Lists: building and returning a list of 10^6 floats to Python, passing one in (unboxing,
and Numba's reflection), appending 10^7 ints and summing them, and sorting 10^6 floats; a dict
word count over 10^6 words (string keys, then sorted by count with a key function); by oxjit,
by Numba and by CPython, in one run.

    python bench/containers.py          # prints the table, writes docs/benchmarks/containers.md

A benchmark, not a test: it asserts nothing about time (it checks that every system computes
the same result). Best of --repeat timings of one call each, after a warm-up call (which
compiles). Numba's lists here are its reflected lists (what `[...]` and a Python list argument
are in `@njit` code).
"""

import argparse
import sys
import warnings
from pathlib import Path

from _timing import best, write_table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "python"))

import oxjit


def build(n):
    return [i * 0.5 for i in range(n)]


def total(xs):
    s = 0.0
    for x in xs:
        s += x
    return s


def append_sum(n):
    xs = []
    for i in range(n):
        xs.append(i)  # noqa: PERF402 - what is measured
    s = 0
    for x in xs:
        s += x
    return s


def sort_floats(n):
    xs = [((i * 7919) % 1000003) * 0.25 for i in range(n)]
    xs.sort()
    return xs[n // 2]


def word_counts(text):
    counts = {}
    for w in text.lower().split():
        w = w.strip(".,;:!?")
        counts[w] = counts.get(w, 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])[:10]


def numba_word_counts():
    """Numba cannot type the empty `{}` of `word_counts` (nor `counts.get(w, 0)` on it): its
    user writes the dict as a typed dict of unicode keys; the rest is the same code."""
    from numba import types
    from numba.typed import Dict

    def word_counts(text):
        counts = Dict.empty(types.unicode_type, types.int64)
        for w in text.lower().split():
            w = w.strip(".,;:!?")
            counts[w] = counts.get(w, 0) + 1
        return sorted(counts.items(), key=lambda kv: -kv[1])[:10]

    return word_counts


def words_text(n):
    """`n` words drawn (Zipf-like) from a vocabulary of 20,000, some capitalised, some followed
    by punctuation."""
    import random

    rng = random.Random(0)
    vocab = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
        for _ in range(20_000)
    ]
    words = rng.choices(vocab, weights=[1 / (k + 1) for k in range(len(vocab))], k=n)
    marks = ["", "", "", "", ".", ",", "!", "?", ";"]
    return " ".join(
        (w.capitalize() if rng.random() < 0.1 else w) + rng.choice(marks) for w in words
    )


# Cases whose Numba version is written differently (a function making the jitted function).
NUMBA_VERSIONS = {word_counts: numba_word_counts}


def cases(n):
    floats = [i * 0.5 for i in range(n)]
    return [
        ("build and return a list of 10^6 floats", build, (n,)),
        ("pass in a list of 10^6 floats and sum it", total, (floats,)),
        ("append 10^7 ints and sum them", append_sum, (10 * n,)),
        ("sort a list of 10^6 floats", sort_floats, (n,)),
        ("dict word count over 10^6 words", word_counts, (words_text(n),)),
    ]


def numba_jit(fn):
    try:
        import numba
    except ImportError:
        return None
    return numba.njit(fn)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--out", default="docs/benchmarks/containers.md")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # Numba's reflected-list deprecation warnings
    lines = [
        "# Lists: oxjit, Numba and CPython",
        "",
        f"Best of {args.repeat} calls, n = {args.n}, written by `bench/containers.py`.",
        "",
        "| case | oxjit | Numba | CPython | Numba / oxjit | CPython / oxjit |",
        "|---|---|---|---|---|---|",
    ]
    for name, fn, call_args in cases(args.n):
        ox = oxjit.njit(fn)
        nb = numba_jit(NUMBA_VERSIONS[fn]() if fn in NUMBA_VERSIONS else fn)
        expected = fn(*call_args)
        assert ox(*call_args) == expected, name
        t_ox = best(ox, *call_args, repeat=args.repeat)
        t_py = best(fn, *call_args, repeat=max(1, args.repeat // 2))
        if nb is not None:
            assert nb(*call_args) == expected, name
            t_nb = best(nb, *call_args, repeat=args.repeat)
            nb_text, ratio = f"{t_nb * 1e3:.1f} ms", f"{t_nb / t_ox:.2f}x"
        else:
            nb_text, ratio = "n/a", "n/a"
        lines.append(
            f"| {name} | {t_ox * 1e3:.1f} ms | {nb_text} | {t_py * 1e3:.1f} ms | {ratio} "
            f"| {t_py / t_ox:.1f}x |"
        )
    write_table(lines, args.out)


if __name__ == "__main__":
    main()
