"""Import times of the installed oxjit against Numba's, each the best of 15 fresh processes.

    python import_time.py [PYTHON_WITH_NUMBA]

Run with the Python of a wheel's virtual environment (scripts/wheel_test.sh does); Numba is timed
with the other interpreter given, if any. Each figure is the time of the import statement
alone, measured inside the child process (interpreter start-up left out).
"""

import subprocess
import sys

RUNS = 15
CASES = [
    ("import numpy", "import numpy"),
    ("import oxjit (lazy: no extension yet)", "import oxjit"),
    ("import oxjit + NumPy + the extension", "import oxjit, numpy\nfrom oxjit import _oxjit"),
]
NUMBA = ("import numba (imports NumPy)", "import numba")


def best_ms(python, statement):
    code = f"import time\nt = time.perf_counter()\n{statement}\nprint(time.perf_counter() - t)"
    times = []
    for _ in range(RUNS):
        out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
        times.append(float(out.stdout))
    return min(times) * 1e3


def main():
    numba_python = sys.argv[1] if len(sys.argv) > 1 else ""
    rows = [(label, best_ms(sys.executable, stmt)) for label, stmt in CASES]
    if numba_python:
        rows.append((NUMBA[0], best_ms(numba_python, NUMBA[1])))
    else:
        rows.append((NUMBA[0], None))
    for label, ms in rows:
        print(f"import time: {label:<40} {'not installed' if ms is None else f'{ms:7.1f} ms'}")


if __name__ == "__main__":
    main()
