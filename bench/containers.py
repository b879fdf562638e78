"""Containers: lists (reflected and typed), sets and sorting, by oxjit, by Numba, by CPython and
by an equivalent Rust program (bench/rust, Vec/HashSet), in one run; and a dict word count over
10^6 words (string keys, then sorted by count with a key function).

    python bench/containers.py          # prints the table, writes docs/benchmarks/containers.md
    python bench/containers.py --only tuples --only dedup   # those rows, printed, not written
    python bench/containers.py --clock cpu   # CPU time: steadier on a loaded machine

A benchmark, not a test: it asserts nothing about time (it checks that every system computes
the same result). Best of --repeat timings of one call each, after a warm-up call (which
compiles). Numba's lists in the first rows are its reflected lists (what `[...]` and a Python
list argument are in `@njit` code); the typed-List rows use `numba.typed.List` and
`oxjit.typed.List`. The Rust program is built in release mode when cargo is there
(`cargo build --release --manifest-path bench/rust/Cargo.toml`).
"""

import argparse
import json
import subprocess
import sys
import time
import types as pytypes
import warnings
from pathlib import Path

import numpy as np
from _timing import best, write_table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "python"))

import oxjit
from oxjit.typed import List

RUST = Path(__file__).resolve().parent / "rust"


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


def dedup(n):
    seen = set()
    out = []
    for i in range(n):
        x = (i * 7919) % 100003
        if x not in seen:
            seen.add(x)
            out.append(x)
    return len(out)


def set_of_array(a):
    return len(set(a))


def sort_tuples(n):
    xs = [((i * 7919) % 1000003, i) for i in range(n)]
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


def build_typed(n):
    xs = List()
    for i in range(n):
        xs.append(i * 0.5)
    return xs


def with_list(fn, cls):
    """`fn` whose global `List` is `cls` (Numba's typed List, or `list` for CPython)."""
    return pytypes.FunctionType(fn.__code__, {**fn.__globals__, "List": cls}, fn.__name__)


def numba_module():
    try:
        import numba
        import numba.typed
    except ImportError:
        return None
    return numba


def rust_times(n, repeat):
    """{case: (seconds, result text)} of the Rust program, or {} where it cannot be built."""
    try:
        subprocess.run(
            ["cargo", "build", "--release", "--quiet", "--manifest-path", str(RUST / "Cargo.toml")],
            check=True,
        )
        out = subprocess.run(
            [str(RUST / "target/release/containers_rust"), "--n", str(n), "--repeat", str(repeat)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"(no Rust column: {e})")
        return {}
    return {k: (t, r) for k, (t, r) in json.loads(out).items()}


def cases(n, nb):
    """(name, oxjit callable, Numba callable or None, CPython callable, args, Rust case)."""
    floats = [i * 0.5 for i in range(n)]
    jit = oxjit.njit
    nbjit = nb.njit if nb else None
    rows = []
    for name, fn, args, rust in [
        ("build and return a list of 10^6 floats", build, (n,), "build"),
        ("pass in a list of 10^6 floats and sum it", total, (floats,), None),
        ("append 10^7 ints and sum them", append_sum, (10 * n,), "append_sum"),
        ("sort a list of 10^6 floats", sort_floats, (n,), "sort_floats"),
        ("set-based dedup of 10^6 ints", dedup, (n,), "dedup"),
        ("set() of an array of 10^6 ints", set_of_array, (np.arange(n) * 7919 % 100003,), None),
        ("sort a list of 10^6 tuples", sort_tuples, (n,), "sort_tuples"),
        ("dict word count over 10^6 words", word_counts, (words_text(n),), None),
    ]:
        nb_fn = NUMBA_VERSIONS[fn]() if fn in NUMBA_VERSIONS else fn
        rows.append((name, jit(fn), nbjit(nb_fn) if nb else None, fn, args, rust))
    # Typed lists: made from Python, returned by compiled code, converted back to Python.
    rows.append(
        (
            "typed List of 10^6 floats from a Python list",
            List,
            nb.typed.List if nb else None,
            list,
            (floats,),
            None,
        )
    )
    ox_build = jit(build_typed)
    nb_build = nbjit(with_list(build_typed, nb.typed.List)) if nb else None
    rows.append(
        (
            "compiled code builds and returns a typed List of 10^6 floats",
            ox_build,
            nb_build,
            with_list(build_typed, list),
            (n,),
            "build",
        )
    )
    ox_result = ox_build(n)
    nb_result = nb_build(n) if nb else None
    rows.append(
        (
            "list() of that typed List (to Python objects)",
            lambda: list(ox_result),
            (lambda: list(nb_result)) if nb else None,
            lambda: list(floats),
            (),
            None,
        )
    )
    return rows


def plain(x):
    return list(x) if hasattr(x, "_typed") else x


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--out", default="docs/benchmarks/containers.md")
    parser.add_argument(
        "--only",
        action="append",
        metavar="TEXT",
        help="measure only the cases whose name contains TEXT (repeatable); the rows are "
        "printed, and the table file is left as it is (it keeps every case)",
    )
    parser.add_argument(
        "--clock",
        choices=["wall", "cpu"],
        default="wall",
        help="time each call by the wall clock (default) or by the process's CPU time (on a "
        "loaded machine the wall clock counts the time other processes run; the Rust program "
        "keeps its wall clock)",
    )
    args = parser.parse_args()
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    warnings.simplefilter("ignore")  # Numba's reflected-list deprecation warnings
    nb = numba_module()
    rust = rust_times(args.n, args.repeat)
    lines = [
        "# Containers: oxjit, Numba, CPython and Rust",
        "",
        (
            f"Best of {args.repeat} calls, n = {args.n}, written by `bench/containers.py` "
            f"--clock {args.clock} ({'CPU time' if args.clock == 'cpu' else 'wall clock'}; "
            "Rust: `bench/rust`, Vec and HashSet, built in release mode, its wall clock)."
        ),
        "",
        "| case | oxjit | Numba | CPython | Rust | Numba / oxjit | CPython / oxjit | oxjit / Rust |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, ox, nbf, py, call_args, rust_case in cases(args.n, nb):
        if args.only and not any(text in name for text in args.only):
            continue
        expected = plain(py(*call_args))
        assert plain(ox(*call_args)) == expected, name
        t_ox = best(ox, *call_args, repeat=args.repeat, clock=clock)
        t_py = best(py, *call_args, repeat=max(1, args.repeat // 2), clock=clock)
        nb_text, nb_ratio = "n/a", "n/a"
        if nbf is not None:
            try:
                assert plain(nbf(*call_args)) == expected, name
                t_nb = best(nbf, *call_args, repeat=args.repeat, clock=clock)
                nb_text, nb_ratio = f"{t_nb * 1e3:.1f} ms", f"{t_nb / t_ox:.2f}x"
            except Exception as e:  # noqa: BLE001 - a case Numba cannot compile
                nb_text = f"fails ({type(e).__name__})"
        rust_text, rust_ratio = "n/a", "n/a"
        if rust_case in rust:
            t_rs, r = rust[rust_case]
            rust_text = f"{t_rs * 1e3:.1f} ms"
            # The Rust program times itself by the wall clock: no ratio to CPU times.
            rust_ratio = f"{t_ox / t_rs:.2f}x" if args.clock == "wall" else "n/a"
            if rust_case != "build":
                assert r.replace(" ", "") == str(expected).replace(" ", ""), (name, r, expected)
        lines.append(
            f"| {name} | {t_ox * 1e3:.1f} ms | {nb_text} | {t_py * 1e3:.1f} ms | {rust_text} "
            f"| {nb_ratio} | {t_py / t_ox:.1f}x | {rust_ratio} |"
        )
    if args.only:
        print("\n".join(lines))
        return
    floats = [i * 0.5 for i in range(args.n)]
    t_np = best(np.array, floats, repeat=args.repeat, clock=clock)
    t_tolist = best(np.array(floats).tolist, repeat=args.repeat, clock=clock)
    lines += [
        "",
        (
            f"For reference, `np.array` of the same Python list of 10^6 floats: "
            f"{t_np * 1e3:.1f} ms; NumPy's `tolist()` of an array of those floats (10^6 float "
            f"objects made and freed, the floor of the rows that return Python floats): "
            f"{t_tolist * 1e3:.1f} ms. "
            "The CPython column of the typed-List rows is the plain-list equivalent (`list(xs)`, "
            "the same loop appending to a `list`). The Rust rows of building lists make no Python "
            "objects (a `Vec<f64>`), so they bound the compiled loop, not the boxing."
        ),
    ]
    write_table(lines, args.out)


if __name__ == "__main__":
    main()
