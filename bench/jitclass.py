"""`@jitclass` call overhead (Numba's benchmark suite, `bench_jitclass.py`): oxjit against Numba
where installed, in one run.

    python bench/jitclass.py              # prints the table, writes bench/results/jitclass.md
    python bench/jitclass.py --n 1000000  # a smaller N

A benchmark, not a test: it asserts nothing about time (each result is first checked equal
between the compilers). Best of --repeat calls after a warm-up call (which compiles). The cases
are the suite's: a method call, a property read, a property write in a loop of N, and N
constructions appended to a list (the list is returned: boxing N proxies is part of it, as in the
suite).
"""

import argparse
import sys
from pathlib import Path

from _timing import best, write_table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "python"))


def build(jit):
    """The suite's class and functions, compiled by `jit` (a module: oxjit or numba)."""
    jitclass = jit.experimental.jitclass

    @jitclass([("val", jit.uint32)])
    class Box:
        def __init__(self, val):
            self.val = val

        def inc(self):
            self.val += 1

        @property
        def value(self):
            return self.val

        @value.setter
        def value(self, new_value):
            self.val = new_value

    @jit.njit
    def method_call(n):
        b = Box(0)
        for i in range(n):
            b.inc()
        return b.val

    @jit.njit
    def property_access(n):
        acc = 0
        b = Box(10)
        for i in range(n):
            acc += b.value
        return acc

    @jit.njit
    def property_setting(n):
        b = Box(0)
        for i in range(n):
            b.value = i
        return b.val

    @jit.njit
    def constructor_call(n):
        lst = []
        for i in range(n):
            lst.append(Box(i))
        return lst

    return {
        "method_call": method_call,
        "property_access": property_access,
        "property_setting": property_setting,
        "constructor_call": constructor_call,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10**7)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "jitclass.md"))
    args = ap.parse_args()
    import oxjit

    compilers = {"oxjit": build(oxjit)}
    try:
        import numba
        import numba.experimental

        compilers["numba"] = build(numba)
    except ImportError:
        pass
    lines = [
        f"# jitclass call overhead (N = {args.n:,}; constructor_call: N / 10)",
        "",
        "| case | " + " | ".join(f"{c} (s)" for c in compilers) + " | oxjit / numba |",
        "|---|" + "---|" * (len(compilers) + 1),
    ]
    for case in compilers["oxjit"]:
        n = args.n // 10 if case == "constructor_call" else args.n
        results = {c: fs[case](1000) for c, fs in compilers.items()}
        if case == "constructor_call":
            results = {c: [b.val for b in r] for c, r in results.items()}
        assert len({str(r) for r in results.values()}) == 1, results
        times = {c: best(fs[case], n, repeat=args.repeat) for c, fs in compilers.items()}
        ratio = f"{times['oxjit'] / times['numba']:.2f}" if "numba" in times else "-"
        cells = " | ".join(f"{t:.6f}" for t in times.values())
        lines.append(f"| {case} | {cells} | {ratio} |")
    write_table(lines, args.out)


if __name__ == "__main__":
    main()
