"""`x in` a display, a tuple or a chain of `==`: oxjit against CPython (and Numba where
installed), in one run.

    python bench/membership.py              # prints the table, writes bench/results/membership.md
    python bench/membership.py --repeat 3   # quicker, noisier

A benchmark, not a test: it asserts nothing about time (each result is first checked equal to
CPython's). Best of --repeat calls after a warm-up call (which compiles).

Cases, counting vowels over 880,000 characters of text (issue 8): ``c in {"a", ...}`` (a set
display of constants: asks the tuple of its items, no set built), ``c in ("a", ...)``, ``c in
["a", ...]``, ``c == "a" or c == "e" ...``, and ``c in {"a", ..., u}`` with one item a variable
(a set is built for each character, as before for all of them); then ``i % 10 in {1, 3, 7}``
over 10^6 ints.
"""

import argparse
import sys
from pathlib import Path

from _timing import best, write_table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "python"))


def vowels_set(s):
    n = 0
    for c in s:
        if c in {"a", "e", "i", "o", "u"}:
            n += 1
    return n


def vowels_tuple(s):
    n = 0
    for c in s:
        if c in ("a", "e", "i", "o", "u"):
            n += 1
    return n


def vowels_list(s):
    n = 0
    for c in s:
        if c in ["a", "e", "i", "o", "u"]:
            n += 1
    return n


def vowels_eq_chain(s):
    n = 0
    for c in s:
        if c == "a" or c == "e" or c == "i" or c == "o" or c == "u":
            n += 1
    return n


def vowels_set_built(s):
    u = "u"
    n = 0
    for c in s:
        if c in {"a", "e", "i", "o", u}:
            n += 1
    return n


def ints_in_set(n):
    k = 0
    for i in range(n):
        if i % 10 in {1, 3, 7}:
            k += 1
    return k


def cases():
    text = ("the quick brown fox jumps over the lazy dog " * 20000)[:880_000]
    return {
        "vowels_set": (vowels_set, (text,)),
        "vowels_tuple": (vowels_tuple, (text,)),
        "vowels_list": (vowels_list, (text,)),
        "vowels_eq_chain": (vowels_eq_chain, (text,)),
        "vowels_set_built": (vowels_set_built, (text,)),
        "ints_in_set": (ints_in_set, (1_000_000,)),
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
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "membership.md"))
    opts = parser.parse_args()
    Path(opts.out).parent.mkdir(parents=True, exist_ok=True)
    import oxjit

    try:
        import numba
    except ImportError:
        numba = None
    lines = [
        "# Membership benchmark",
        "",
        f"`python bench/membership.py`: best of {opts.repeat} calls after a warm-up; one run.",
        "",
        "| case | CPython | oxjit | Numba |",
        "|:---|---:|---:|---:|",
    ]
    for name, (fn, args) in cases().items():
        expected = fn(*args)
        t_py = best(fn, *args, repeat=opts.repeat)
        ox = jit_column(oxjit.njit, fn, args, expected, opts.repeat)
        nb = jit_column(numba.njit, fn, args, expected, opts.repeat) if numba else "not installed"
        lines.append(f"| `{name}` | {t_py * 1e3:.1f} ms | {ox} | {nb} |")
    write_table(lines, opts.out)


if __name__ == "__main__":
    main()
