"""First-call time (compile + run) of the one-line array functions named by issue 3, each in a fresh
process whose extension is already loaded (a trivial function compiled first), for oxjit and, when
installed, Numba. Prints a table; asserts nothing.

    .venv/bin/python bench/first_call.py [--repeat 3]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

CASES = {
    "np.where(a > 0, a, 0)": "lambda a: np.where(a > 0, a, 0)",
    "np.sort(a)": "lambda a: np.sort(a)",
    "np.unique(a)": "lambda a: np.unique(a)",
    "b.sum(axis=0)": "lambda b: b.sum(axis=0)",
    "np.cumsum(a)": "lambda a: np.cumsum(a)",
}

WORKER = """
import sys, time
import numpy as np
jit = __import__(sys.argv[1]).njit
a = np.random.default_rng(0).random(1000) - 0.5
b = a.reshape(100, 10)
jit(lambda x: x + 1)(1)
f = jit({expr})
arg = b if "b." in {label!r} else a
t = time.perf_counter()
f(arg)
print(time.perf_counter() - t)
"""


def measure(system, label, expr, repeat):
    """Median seconds of the first call; None if the system failed. The worker is a file (oxjit
    compiles from source, which `python -c` does not keep)."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "first_call_worker.py")
        with open(path, "w") as f:
            f.write(WORKER.format(expr=expr, label=label))
        for _ in range(repeat):
            out = subprocess.run(
                [sys.executable, path, system], capture_output=True, text=True, check=False
            )
            if out.returncode != 0:
                return None
            times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    systems = ["oxjit"]
    try:
        import numba  # noqa: F401

        systems.append("numba")
    except ImportError:
        pass
    print("| function | " + " | ".join(systems) + " |")
    print("|:---|" + "---:|" * len(systems))
    for label, expr in CASES.items():
        cells = []
        for system in systems:
            t = measure(system, label, expr, args.repeat)
            cells.append("n/a" if t is None else f"{t * 1e3:.1f} ms")
        print(f"| `{label}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
