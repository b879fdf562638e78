"""Functions as values (issue 9, part 8): what calling through a function argument, a closure
or a generator expression costs against the same loop written by hand.

    python bench/functions.py              # prints the table, writes docs/benchmarks/functions.md
    python bench/functions.py --repeat 3   # quicker, noisier

A benchmark, not a test: it asserts nothing about time (the results are checked equal first).
Numba is optional (its columns are left out when it cannot be imported; a construct it refuses
shows "refused"). Best of --repeat calls after a warm-up call (which compiles), N = 10**7.

Cases (each against its hand-inlined loop, "inline"):

- ``hof``: ``midpoint(f, a, b, n)`` summing ``f(x)`` with ``f`` a compiled function argument;
- ``closure``: the same sum through a lambda capturing a variable of the function;
- ``genexpr``: ``h * sum(f(a + (i + 0.5) * h) for i in range(n))`` (the issue's ``integrate``);
- ``generator``: the issue's pipeline ``h * sum(f(x) for x in points(a, b, n))`` with a generator
  function ``points`` yielding the midpoints;
- ``generator-for``: the same generator consumed by a ``for`` loop (the form Numba compiles).
"""

import argparse
import sys
import time
from pathlib import Path

from _timing import write_table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "python"))

N = 10**7


def f(x):
    return x * x + 1.0


def midpoint(g, a, b, n):
    h = (b - a) / n
    s = 0.0
    for i in range(n):
        s += g(a + (i + 0.5) * h)
    return h * s


def midpoint_inline(a, b, n):
    h = (b - a) / n
    s = 0.0
    for i in range(n):
        x = a + (i + 0.5) * h
        s += x * x + 1.0
    return h * s


def closure(a, b, n):
    c = 1.0
    g = lambda x: x * x + c
    h = (b - a) / n
    s = 0.0
    for i in range(n):
        s += g(a + (i + 0.5) * h)
    return h * s


def integrate(g, a, b, n):
    h = (b - a) / n
    return h * sum(g(a + (i + 0.5) * h) for i in range(n))


def points(a, b, n):
    h = (b - a) / n
    for i in range(n):
        yield a + (i + 0.5) * h


def generator_cases(jit):
    """The pipeline over a compiled generator function (a closure cell holds its dispatcher)."""
    pts = jit(points)

    def pipeline(g, a, b, n):
        h = (b - a) / n
        return h * sum(g(x) for x in pts(a, b, n))

    def pipeline_for(g, a, b, n):
        h = (b - a) / n
        s = 0.0
        for x in pts(a, b, n):
            s += g(x)
        return h * s

    return jit(pipeline), jit(pipeline_for)


def cases(jit):
    fj = jit(f)
    mid, inline, clo, integ = jit(midpoint), jit(midpoint_inline), jit(closure), jit(integrate)
    pipe, pipe_for = generator_cases(jit)
    return {
        "hof": (lambda: mid(fj, 0.0, 1.0, N), lambda: inline(0.0, 1.0, N)),
        "closure": (lambda: clo(0.0, 1.0, N), lambda: inline(0.0, 1.0, N)),
        "genexpr": (lambda: integ(fj, 0.0, 1.0, N), lambda: inline(0.0, 1.0, N)),
        "generator": (lambda: pipe(fj, 0.0, 1.0, N), lambda: inline(0.0, 1.0, N)),
        "generator-for": (lambda: pipe_for(fj, 0.0, 1.0, N), lambda: inline(0.0, 1.0, N)),
    }


def timed_pair(call, inline, repeat):
    """The case and its inline loop timed in turn (ABAB...), best of each: on a shared machine
    a load that comes and goes then weighs on both alike, where timing one after the other
    made ratios of 0.9-1.2 between two compiles of the same loop. Each call is timed in CPU
    time of this process (the calls run on one thread), not wall time: on a machine with more
    runnable processes than cores, the time a call spends descheduled made ratios of 0.8-1.2
    between identical loops even alternated."""
    ref = inline()
    try:
        value = call()
    except Exception as e:  # noqa: BLE001 (a construct the compiler refuses, reported)
        value, call = None, None
        refused = type(e).__name__
    times, times_inline = [], []
    for _ in range(repeat):
        for f, out in ((call, times), (inline, times_inline)):
            if f is None:
                continue
            t = time.process_time()
            f()
            out.append(time.process_time() - t)
    if call is None:
        return None, refused, ref, min(times_inline)
    return value, min(times), ref, min(times_inline)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks" / "functions.md"))
    opts = parser.parse_args()
    import oxjit

    jits = {"oxjit": oxjit.njit}
    try:
        import numba

        jits["Numba"] = numba.njit
    except ImportError:
        pass
    expected = midpoint_inline(0.0, 1.0, 1000)
    lines = [
        "# Functions as values, oxjit and Numba",
        "",
        (
            f"Written by `python bench/functions.py` (best of {opts.repeat} calls after a "
            "warm-up, in CPU time, each case's calls alternating with its inline loop's, "
            f"N = {N:,} points; each case against the same loop written out by hand, 'inline'). "
            "See the script's docstring for the cases. In every oxjit case LLVM inlines the call "
            "(no `call` instruction is left in the loop). The generator cases run a generator "
            "function (a coroutine: LLVM inlines its resume function into the loop, and the "
            "clean-up round after O3 leaves the loop the hand-written one, docs/functions.md)."
        ),
        "",
        "| case | "
        + " | ".join(f"{name} (ms) | {name} inline (ms) | ratio" for name in jits)
        + " |",
        "|---|" + "---|---|---|" * len(jits),
    ]
    rows = {}
    for name, jit in jits.items():
        for case, (call, inline) in cases(jit).items():
            value, t, ref, t_inline = timed_pair(call, inline, opts.repeat)
            if value is not None and abs(value - ref) > 1e-9 * abs(ref):
                raise SystemExit(f"{name} {case}: {value} != {ref}")
            rows.setdefault(case, []).append((t, t_inline))
    assert abs(midpoint(f, 0.0, 1.0, 1000) - expected) < 1e-12
    for case, results in rows.items():
        cells = []
        for t, t_inline in results:
            if isinstance(t, str):
                cells.append(f"refused ({t}) | {t_inline * 1e3:.1f} | -")
            else:
                cells.append(f"{t * 1e3:.1f} | {t_inline * 1e3:.1f} | {t / t_inline:.2f}")
        lines.append(f"| {case} | " + " | ".join(cells) + " |")
    write_table(lines, opts.out)


if __name__ == "__main__":
    main()
