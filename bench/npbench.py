"""NPBench's Numba programs run unchanged under oxjit (``import oxjit as numba``) beside Numba.

NPBench (https://github.com/spcl/npbench, BSD-3) holds ~50 NumPy programs, each written for Numba
in up to six variants (``_numba_n``: nopython, ``np``: parallel=True, ``npr``: with prange,
``o``/``op``/``opr``: the same under plain ``jit``). It is not vendored: pass the path of a
checkout (or set NPBENCH_DIR); without one the script says so and exits 0.

Each (system, benchmark) runs in its own process: the benchmark's ``initialize`` builds the inputs
of the chosen preset, the NumPy version gives the reference, and every variant is called once to
compile, then timed (best of ``--repeat``) and its results (return value and the arrays it
writes) compared with NumPy's (``np.allclose``, rtol 1e-5). Printed: a Markdown table with
oxjit's and Numba's times (ms), NumPy's, and oxjit/Numba; ``FAIL``/``MISMATCH`` cells say why.

    .venv/bin/python bench/npbench.py /path/to/npbench                 # all, preset S
    .venv/bin/python bench/npbench.py /path/to/npbench --only gemm,vadv --systems oxjit
"""

import argparse
import importlib
import json
import os
import subprocess
import sys
import time
import warnings

VARIANTS = ["n", "np", "npr", "o", "op", "opr"]


def _flat(x):
    import numpy as np

    if x is None:
        return []
    if isinstance(x, (tuple, list)):
        return [y for e in x for y in _flat(e)]
    return [np.asarray(x)]


def _differs(got, want):
    """Why ``got`` differs from NumPy's ``want`` (None when they agree)."""
    import numpy as np

    g, w = _flat(got), _flat(want)
    if len(g) != len(w):
        return f"{len(g)} results, NumPy {len(w)}"
    for x, y in zip(g, w):
        if x.shape != y.shape:
            return f"shape {x.shape}, NumPy {y.shape}"
        if not np.allclose(x, y, rtol=1e-5, atol=1e-6, equal_nan=True):
            return "values differ"
    return None


def _call(func, info, inputs):
    import numpy as np

    ctx = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in inputs.items()}
    args = [ctx[a] for a in info["input_args"]]
    start = time.perf_counter()
    result = func(*args)
    seconds = time.perf_counter() - start
    written = [ctx[a] for a in info.get("output_args", [])]
    # A variant that writes its output in place returns None where NumPy's returns the array.
    return (result if result is not None else written), seconds


def worker(root, system, info, preset, repeat):
    """Runs one benchmark's variants under ``system``; prints one JSON line per variant."""
    sys.path.insert(0, root)
    if system == "oxjit":
        import oxjit

        sys.modules["numba"] = oxjit
    warnings.simplefilter("ignore")
    package = f"npbench.benchmarks.{info['relative_path'].replace('/', '.')}.{info['module_name']}"
    init = info["init"]
    params = info["parameters"][preset]
    made = importlib.import_module(package).__dict__[init["func_name"]](
        *[params[a] for a in init["input_args"]]
    )
    if len(init["output_args"]) == 1:
        made = (made,)
    inputs = dict(params)
    inputs.update(zip(init["output_args"], made))
    reference = importlib.import_module(package + "_numpy").__dict__[info["func_name"]]
    want, _ = _call(reference, info, inputs)
    numpy_s = min(_call(reference, info, inputs)[1] for _ in range(repeat))
    for variant in VARIANTS:
        path = os.path.join(
            root,
            "npbench",
            "benchmarks",
            info["relative_path"],
            f"{info['module_name']}_numba_{variant}.py",
        )
        if not os.path.exists(path):
            continue
        row = {"variant": variant, "numpy": numpy_s}
        try:
            func = importlib.import_module(package + "_numba_" + variant).__dict__[
                info["func_name"]
            ]
            got, row["first"] = _call(func, info, inputs)
            row["run"] = min(_call(func, info, inputs)[1] for _ in range(repeat))
            row["differs"] = _differs(got, want)
        except Exception as e:  # noqa: BLE001 (reported as one cell of the table)
            row["error"] = f"{type(e).__name__}: {(str(e).splitlines() or [''])[0][:160]}"
        print(json.dumps(row), flush=True)


def run_system(root, system, name, preset, repeat, timeout):
    cmd = [sys.executable, __file__, root, "--worker", system, "--only", name]
    cmd += ["--preset", preset, "--repeat", str(repeat)]
    try:
        out = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"*": {"error": f"timed out after {timeout} s"}}
    rows = {}
    for line in out.stdout.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            rows[row["variant"]] = row
    if out.returncode != 0 and not rows:
        tail = (out.stderr.strip().splitlines() or [f"exit {out.returncode}"])[-1]
        rows["*"] = {"error": tail[:160]}
    return rows


def ms(seconds):
    """Milliseconds, three significant digits."""
    return f"{seconds * 1e3:.3g} ms"


def cell(row):
    if row is None:
        return "-"
    if "error" in row:
        return f"FAIL ({row['error']})"
    text = ms(row["run"])
    return text + (f" MISMATCH ({row['differs']})" if row.get("differs") else "")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", nargs="?", default=os.environ.get("NPBENCH_DIR"))
    ap.add_argument("--only", help="comma-separated module names (e.g. gemm,vadv)")
    ap.add_argument("--systems", default="oxjit,numba")
    ap.add_argument("--preset", default="S")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if not a.root or not os.path.isdir(os.path.join(a.root, "bench_info")):
        print("npbench: no NPBench checkout given (path argument or NPBENCH_DIR); nothing run")
        return 0
    infos = []
    for f in sorted(os.listdir(os.path.join(a.root, "bench_info"))):
        with open(os.path.join(a.root, "bench_info", f)) as fh:
            info = json.load(fh)["benchmark"]
        if a.only and info["module_name"] not in a.only.split(","):
            continue
        if "init" in info:  # the two Mandelbrots build their inputs inline: not runnable here
            infos.append(info)
    if a.worker:
        for info in infos:
            worker(a.root, a.worker, info, a.preset, a.repeat)
        return 0
    systems = a.systems.split(",")
    print(
        "| benchmark | variant | "
        + " | ".join(systems)
        + " | NumPy | oxjit/Numba | first call (oxjit) |"
    )
    print("|---" * (len(systems) + 5) + "|")
    for info in infos:
        name = info["module_name"]
        by_system = {s: run_system(a.root, s, name, a.preset, a.repeat, a.timeout) for s in systems}
        seen = {v for rows in by_system.values() for v in rows}
        variants = [v for v in VARIANTS + ["*"] if v in seen]
        for v in variants:
            rows = {s: by_system[s].get(v) for s in systems}
            ox, nb = rows.get("oxjit"), rows.get("numba")
            ratio = (
                f"{ox['run'] / nb['run']:.2f}"
                if ox and nb and "run" in ox and "run" in nb and nb["run"] > 0
                else "-"
            )
            numpy_s = next((r["numpy"] for r in rows.values() if r and "numpy" in r), None)
            first = f"{ox['first']:.2f} s" if ox and "first" in ox else "-"
            cells = " | ".join(cell(rows[s]) for s in systems)
            numpy_cell = ms(numpy_s) if numpy_s is not None else "-"
            print(f"| {name} | {v} | {cells} | {numpy_cell} | {ratio} | {first} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
