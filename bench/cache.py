"""The on-disk cache (``cache=True``) of oxjit side by side with Numba's.

    python bench/cache.py                      # print the table, write docs/benchmarks/cache.md
    python bench/cache.py --repeat 3           # quicker, noisier

A benchmark, not a test: it asserts nothing about time. Numba is optional (its column is left out
when it cannot be imported). For each system, in a temporary folder, a module of ten small
functions (loops over an array, a call between two of them) decorated with ``cache=True`` is
compiled once (filling the cache), then run in fresh interpreters:

- cache hit per function: inside the process, with the package and the module imported (the
  decorations done), the time of the first call of the ten functions (load from the cache,
  check freshness, link, run), divided by ten; median over --repeat processes.
- start-up: the wall time of the whole process that imports NumPy and the package, imports the
  module and calls the ten functions once (all from the cache), minus that of the same script
  whose ten functions are plain Python (undecorated, same calls on tiny inputs); median over
  --repeat runs of each.

The targets are those of the project's issue 11: a hit <= 1 ms a function (Numba: about 2.3 ms),
and a cached script within 20 ms of the same script without compiled functions.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SYSTEMS = ("oxjit", "numba")
N_FUNCTIONS = 10

MODULE = """
import numpy as np
{decorate_import}

{decorator}
def helper(x):
    return x * 0.5 + 1.0
"""

FUNCTION = """
{decorator}
def f{i}(a, n):
    s = 0.0
    for j in range(n):
        s += helper(a[j % a.shape[0]]) * {k}
    return s
"""

RUN = """
import sys, time
import numpy as np
{package_import}
sys.path.insert(0, {folder!r})
import cached_mod
a = np.arange(4.0)
t = time.perf_counter()
for i in range({n}):
    getattr(cached_mod, "f%d" % i)(a, 10)
print(time.perf_counter() - t)
"""


def _module_text(system):
    if system is None:
        decorate_import, decorator = "", ""
    else:
        decorate_import = f"import {system}"
        decorator = f"@{system}.njit(cache=True)"
    text = MODULE.format(decorate_import=decorate_import, decorator=decorator)
    for i in range(N_FUNCTIONS):
        text += FUNCTION.format(decorator=decorator, i=i, k=i + 1)
    return text.replace("@oxjit.njit(cache=True)\ndef helper", "@oxjit.njit\ndef helper").replace(
        "@numba.njit(cache=True)\ndef helper", "@numba.njit\ndef helper"
    )


def _env():
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OXJIT_", "NUMBA_")) or k in ("OXJIT_PYTHON",)
    }
    env["PYTHONPATH"] = str(ROOT / "python")
    return env


def _run(folder, system, env):
    package_import = f"import {system}" if system else ""
    code = RUN.format(package_import=package_import, folder=str(folder), n=N_FUNCTIONS)
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
    )
    wall = time.perf_counter() - start
    return float(out.stdout.strip()), wall


def measure(system, repeat):
    """(hit per function, start-up difference) in seconds for one system."""
    env = _env()
    with tempfile.TemporaryDirectory() as tmp:
        cached = Path(tmp) / "cached"
        plain = Path(tmp) / "plain"
        for folder, which in ((cached, system), (plain, None)):
            folder.mkdir()
            (folder / "cached_mod.py").write_text(_module_text(which))
        _run(cached, system, env)  # fills the cache
        hits, walls, plain_walls = [], [], []
        for _ in range(repeat):
            calls, wall = _run(cached, system, env)
            hits.append(calls / N_FUNCTIONS)
            walls.append(wall)
            plain_walls.append(_run(plain, None, env)[1])
    return statistics.median(hits), statistics.median(walls) - statistics.median(plain_walls)


def available(system):
    env = _env()
    try:
        subprocess.run([sys.executable, "-c", f"import {system}"], check=True, env=env,
                       capture_output=True)  # fmt: skip
    except subprocess.CalledProcessError:
        return False
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks" / "cache.md"))
    args = parser.parse_args(argv)
    rows = {}
    for system in SYSTEMS:
        if not available(system):
            print(f"  {system}: not importable, left out", file=sys.stderr)
            continue
        rows[system] = measure(system, args.repeat)
    lines = [
        "# The on-disk cache, oxjit and Numba",
        "",
        (
            f"Written by `python bench/cache.py` (median of {args.repeat} fresh processes; "
            f"{N_FUNCTIONS} functions with `cache=True`, see the script's docstring)."
        ),
        "",
        "| | " + " | ".join(rows) + (" | oxjit / Numba |" if len(rows) == 2 else " |"),
        "|---|" + "---|" * (len(rows) + (len(rows) == 2)),
    ]
    for label, index in (("cache hit, per function", 0), ("start-up over plain Python", 1)):
        cells = [f"{rows[s][index] * 1e3:.2f} ms" for s in rows]
        if len(rows) == 2:
            cells.append(f"{rows['oxjit'][index] / rows['numba'][index]:.2f}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    text = "\n".join(lines) + "\n"
    print(text)
    Path(args.out).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
