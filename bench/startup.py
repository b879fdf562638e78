"""Startup figures of oxjit side by side with Numba: import time, first-compile time, call overhead.

    python bench/startup.py                     # print the table
    python bench/startup.py --json out.json     # and save the figures
    python bench/startup.py --repeat 3          # quicker, noisier

A benchmark, not a test: it asserts nothing about time. Numba is optional (its column is left out
when it cannot be imported). Every figure is taken in fresh subprocesses, one system per process:

- import: the time of the ``import`` statement itself, timed inside a fresh interpreter (so the
  interpreter's own startup is not counted); median of --repeat runs.
- first compile: in a fresh interpreter with the package imported, the time to decorate a small
  scalar function and make its first call (compile + run), then the same for a second, different
  function in the same process; median of --repeat processes. Lazy initialisation (oxjit loads its
  extension at the first decoration, Numba initialises LLVM at the first compile) is counted here.
  For oxjit, the first function is also timed with the extension loaded beforehand, to show what
  the extension's loading costs.
- call overhead: ``f(1, 2)`` (two ints) and ``f(1.0)`` (a float) on already compiled trivial
  functions, with timeit (best of 7 rounds of many calls, loop overhead included, nothing
  subtracted), and the same plain Python functions for reference.

The targets are those of the project's issue 2: import <= 15 ms, compile <= 10 ms, call <= 50 ns.
"""

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
import timeit

SYSTEMS = ("oxjit", "numba")
TARGETS = {"import": 15e-3, "compile1": 10e-3, "compile2": 10e-3, "call_ii": 50e-9, "call_f": 50e-9}
ROWS = [
    ("import", "import"),
    ("import_ext", "import oxjit + extension (loaded at 1st @njit)"),
    ("compile1", "first @njit + call, 1st function"),
    ("compile1_preloaded", "  the same, extension loaded before"),
    ("compile2", "first @njit + call, 2nd function"),
    ("call_ii", "call overhead f(1, 2), int64 x 2"),
    ("call_f", "call overhead f(1.0), float64"),
]
CLEAN_ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in ("OXJIT_DISABLE_JIT", "NUMBA_DISABLE_JIT", "OXJIT_DUMP", "NUMBA_DEBUG_CACHE")
}
IMPORT_SNIPPET = (
    "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
)


# ---------------------------------------------------------------- the functions compiled


def first_function(n):
    total = 0
    for i in range(n):
        if i % 3 == 0:
            total += i * i
        else:
            total -= i
    return total


def second_function(x, y):
    r = math.sqrt(x * x + y * y)
    if r > 1.0:
        return math.atan2(y, x) / r
    return r


def add(a, b):
    return a + b


def inc(x):
    return x + 1.0


# ---------------------------------------------------------------- workers (fresh processes)


def jit_of(system):
    if system == "oxjit":
        import oxjit

        return oxjit.njit, oxjit.oxjit_version
    if system == "numba":
        import numba

        return numba.njit, numba.__version__
    if system == "python":
        return (lambda f: f), platform.python_version()
    raise ValueError(system)


def worker_compile(system, preload=False):
    jit, _ = jit_of(system)
    if preload and system == "oxjit":
        import oxjit.dispatcher  # noqa: F401 (loads the extension)
    t0 = time.perf_counter()
    f = jit(first_function)
    f(1000)
    t1 = time.perf_counter()
    g = jit(second_function)
    g(3.0, 4.0)
    t2 = time.perf_counter()
    assert f(1000) == first_function(1000) and g(3.0, 4.0) == second_function(3.0, 4.0)
    return {"compile1": t1 - t0, "compile2": t2 - t1}


def worker_call(system):
    jit, version = jit_of(system)
    f2, f1 = jit(add), jit(inc)
    assert f2(1, 2) == 3 and f1(1.0) == 2.0  # compiles them
    out = {"version": version}
    for key, stmt, func in (("call_ii", "f(1, 2)", f2), ("call_f", "f(1.0)", f1)):
        timer = timeit.Timer(stmt, globals={"f": func})
        number, _ = timer.autorange()
        out[key] = min(timer.repeat(repeat=7, number=number)) / number
    return out


# ---------------------------------------------------------------- the driver


def run_python(args, what):
    proc = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=CLEAN_ENV, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {proc.returncode}):\n{proc.stderr.strip()}")
    lines = proc.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def run_worker(kind, system):
    return json.loads(run_python([__file__, "--worker", kind, system], f"{kind} worker ({system})"))


def measure(system, repeat, log):
    """The figures of one system: {key: seconds}, plus raw samples under "samples"."""
    out, samples = {}, {}
    module = {"oxjit": "oxjit", "numba": "numba"}[system]
    imports = [
        float(run_python(["-c", IMPORT_SNIPPET.format(module=module)], "import"))
        for _ in range(repeat)
    ]
    samples["import"] = imports
    out["import"] = statistics.median(imports)
    log(f"{system}: import {fmt_time(out['import'])}")
    if system == "oxjit":
        snippet = IMPORT_SNIPPET.format(module="oxjit._oxjit")
        ext = [float(run_python(["-c", snippet], "import")) for _ in range(repeat)]
        samples["import_ext"] = ext
        out["import_ext"] = statistics.median(ext)
    runs = [run_worker("compile", system) for _ in range(repeat)]
    for key in ("compile1", "compile2"):
        samples[key] = [r[key] for r in runs]
        out[key] = statistics.median(samples[key])
    if system == "oxjit":
        runs = [run_worker("compile_preloaded", system) for _ in range(repeat)]
        samples["compile1_preloaded"] = [r["compile1"] for r in runs]
        out["compile1_preloaded"] = statistics.median(samples["compile1_preloaded"])
    log(f"{system}: compile {fmt_time(out['compile1'])}, {fmt_time(out['compile2'])}")
    calls = run_worker("call", system)
    out["version"] = calls.pop("version")
    out.update(calls)
    log(f"{system}: call {fmt_time(out['call_ii'])}, {fmt_time(out['call_f'])}")
    out["samples"] = samples
    return out


def fmt_time(seconds):
    if seconds is None:
        return ""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def print_table(results):
    have_numba = "numba" in results
    header = ["figure", "oxjit"]
    if have_numba:
        header += ["numba", "oxjit/numba"]
    header += ["python", "target", "met"]
    table = [header]
    for key, label in ROWS:
        ox = results["oxjit"].get(key)
        row = [label, fmt_time(ox)]
        if have_numba:
            nb = results["numba"].get(key)
            row += [fmt_time(nb), f"{ox / nb:.3f}" if ox is not None and nb else ""]
        row.append(fmt_time(results.get("python", {}).get(key)))
        target = TARGETS.get(key)
        row.append(f"<= {fmt_time(target)}" if target else "")
        row.append(("yes" if ox <= target else "NO") if target and ox is not None else "")
        table.append(row)
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for n, row in enumerate(table):
        cells = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))]
        print("  ".join(cells).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="PATH", help="save the figures (seconds) as JSON")
    parser.add_argument(
        "--repeat",
        type=int,
        default=10,
        help="fresh processes per import and compile figure (default 10)",
    )
    parser.add_argument("--no-numba", action="store_true", help="leave Numba out")
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "SYSTEM"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        kind, system = args.worker
        workers = {
            "compile": worker_compile,
            "compile_preloaded": lambda system: worker_compile(system, preload=True),
            "call": worker_call,
        }
        print(json.dumps(workers[kind](system)))
        return 0

    def log(message):
        print(f"  {message}", file=sys.stderr, flush=True)

    systems = ["oxjit"]
    if args.no_numba:
        log("numba left out (--no-numba)")
    else:
        try:
            run_python(["-c", "import numba"], "import numba")
            systems.append("numba")
        except RuntimeError:
            log("numba cannot be imported here: its column is left out (pip install numba)")

    results = {system: measure(system, args.repeat, log) for system in systems}
    results["python"] = run_worker("call", "python")

    print()
    print(
        f"oxjit {results['oxjit']['version']}"
        + (f", numba {results['numba']['version']}" if "numba" in results else "")
        + f", CPython {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs; medians of {args.repeat} fresh processes; calls: best of 7"
    )
    print()
    print_table(results)

    if args.json:
        report = {
            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "machine": {
                "platform": platform.platform(),
                "machine": platform.machine(),
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
            },
            "repeat": args.repeat,
            "targets": TARGETS,
            "results": results,
        }
        directory = os.path.dirname(os.path.abspath(args.json))
        os.makedirs(directory, exist_ok=True)
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)
        print(f"\nsaved to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
