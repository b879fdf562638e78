"""Runs Numba's own benchmark suite (numba/numba-benchmark, asv format) with oxjit and with Numba.

    .venv/bin/python bench/numba_benchmark.py PATH/TO/benchmarks [--only bench_sets,bench_lists]
        [--systems oxjit,numba] [--json OUT] [--markdown OUT]

PATH is the suite's ``benchmarks/`` folder, extracted beforehand (nothing is downloaded; without it
the script says so and exits 0). Each benchmark module runs in its own process once per system:
oxjit as ``numba`` (``sys.modules['numba'] = oxjit`` before the module is imported, and a ``numba``
shim on PYTHONPATH for the subprocesses a benchmark starts), then the real Numba. Like asv: the
module's ``setup()``, each class's ``setup``/``setup_cache``/``params``, every ``time_*`` method;
one warm-up call, then the median of a few samples. The first timed call's outcome is recorded:
what the method returns and what the module's jitted functions returned and left in their array
arguments (a digest), so the two systems' results are compared, not just their times.

Two deviations from the suite, both printed: ``JitClassDispatch.N`` is 10**6 instead of 10**8
(10**8 jitclass instances in a list need ~10 GB), and on the Numba side ``numba.jitclass`` is
aliased to ``numba.experimental.jitclass`` (Numba 0.49 moved it; the suite predates that).
bench_cuda is skipped.
"""

import argparse
import hashlib
import importlib.util
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import traceback

SKIP = {"bench_cuda", "__init__"}
OVERRIDES = {("bench_jitclass", "JitClassDispatch", "N"): 10**6}
TARGET_S = 0.05  # one sample lasts at least this long (number of calls grows to reach it)
MAX_S = 3.0  # time budget per benchmark after calibration


def digest(value, depth=0):
    """A comparable, JSON-able summary of a result: arrays by dtype, shape and content hash."""
    import numpy as np

    if depth > 4:
        return "..."
    if isinstance(value, np.ndarray):
        data = np.ascontiguousarray(value)
        return {
            "array": str(value.dtype),
            "shape": list(value.shape),
            "sha": hashlib.sha1(data.tobytes()).hexdigest()[:12],
            "sum": repr(float(np.nansum(data.real))) if data.dtype.kind in "biufc" else None,
        }
    if isinstance(value, (bool, int, float, complex, str, type(None), np.generic)):
        return {"type": type(value).__name__, "repr": repr(value)}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else list(value)
        head = [digest(v, depth + 1) for v in items[:4]]
        tail = [digest(v, depth + 1) for v in items[-2:]] if len(items) > 4 else []
        return {"type": type(value).__name__, "len": len(items), "head": head, "tail": tail}
    attrs = {
        k: digest(getattr(value, k), depth + 1)
        for k in sorted(dir(value))
        if not k.startswith("_") and not callable(getattr(value, k, None))
    }
    return {"type": type(value).__name__, "attrs": attrs}


def is_dispatcher(obj):
    return callable(obj) and hasattr(obj, "py_func")


class Recorder:
    """Wraps a module's jitted globals during one call to record what they return and what their
    array arguments hold afterwards."""

    def __init__(self, module):
        self.module = module
        self.calls = []
        self.saved = {}

    def __enter__(self):
        for name, obj in list(vars(self.module).items()):
            if is_dispatcher(obj) and not isinstance(obj, type):
                self.saved[name] = obj
                setattr(self.module, name, self._wrap(name, obj))
        return self

    def _wrap(self, name, f):
        def wrapper(*args, **kwargs):
            before = [digest(a) for a in args]
            out = f(*args, **kwargs)
            call = (name, digest(out), [digest(a) for a in args], before)
            if len(self.calls) < 3 or self.calls[-1][0] != name:
                self.calls.append(call)
            else:  # a loop of calls: keep the last one
                self.calls[-1] = call
            return out

        return wrapper

    def __exit__(self, *exc):
        for name, obj in self.saved.items():
            setattr(self.module, name, obj)


def short_error(exc):
    lines = "".join(traceback.format_exception_only(type(exc), exc)).strip().splitlines()
    text = " | ".join(line.strip() for line in lines if line.strip())
    return text[:400]


def time_call(f, number, repeat, timer):
    samples = []
    for _ in range(repeat):
        t = timer()
        for _ in range(number):
            f()
        samples.append((timer() - t) / number)
    return samples


def run_benchmark(module, bound, cls):
    """One time_* method: a recorded first call, then calibration and samples."""
    result = {}
    try:
        t0 = time.perf_counter()
        bound()  # warm-up (may compile)
        result["first_s"] = time.perf_counter() - t0
        with Recorder(module) as rec:
            ret = bound()
        result["returned"] = digest(ret)
        result["calls"] = rec.calls
    except BaseException as exc:  # noqa: BLE001 - a benchmark's failure is a result
        result["error"] = short_error(exc)
        return result
    timer = getattr(cls, "timer", time.perf_counter)
    number = getattr(cls, "number", 0)
    repeat = getattr(cls, "repeat", 0)
    if not number:
        number = 1
        while True:
            t = timer()
            for _ in range(number):
                bound()
            dt = timer() - t
            if dt >= TARGET_S or number >= 10**6:
                break
            number *= max(2, min(10, int(TARGET_S / max(dt, 1e-9))))
        per = dt / number
    else:
        per = min(time_call(bound, number, 1, timer))
    if not repeat or isinstance(repeat, tuple):
        repeat = 7
    repeat = max(3, min(repeat, int(MAX_S / max(per * number, 1e-9))))
    samples = time_call(bound, number, repeat, timer)
    result["median_s"] = statistics.median(samples)
    result["min_s"] = min(samples)
    result["samples"] = len(samples)
    return result


def bench_classes(module):
    for name, cls in list(vars(module).items()):
        if isinstance(cls, type) and cls.__module__ == module.__name__:
            methods = sorted(m for m in dir(cls) if m.startswith("time_"))
            if methods:
                yield name, cls, methods


def worker(path, system, only_class):
    """Runs one module under one system; returns {benchmark name: result}."""
    if system == "oxjit":
        import oxjit

        sys.modules["numba"] = oxjit
    else:
        import numba

        if not hasattr(numba, "jitclass"):
            from numba.experimental import jitclass

            numba.jitclass = jitclass
    modname = os.path.splitext(os.path.basename(path))[0]
    out = {}
    spec = importlib.util.spec_from_file_location(modname, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[modname] = module
    try:
        spec.loader.exec_module(module)
        if hasattr(module, "setup"):
            module.setup()
    except BaseException as exc:  # noqa: BLE001
        return {f"{modname}.<setup>": {"error": short_error(exc)}}
    for cname, cls, methods in bench_classes(module):
        if only_class and cname != only_class:
            continue
        for (m, c, attr), value in OVERRIDES.items():
            if m == modname and c == cname:
                setattr(cls, attr, value)
        params = getattr(cls, "params", None)
        if params is None:
            combos = [()]
        else:
            params = params if isinstance(params[0], (list, tuple)) else [params]
            combos = list(itertools.product(*params))
        cache = None
        if hasattr(cls, "setup_cache"):
            try:
                cache = cls().setup_cache()
            except BaseException as exc:  # noqa: BLE001
                out[f"{modname}.{cname}.<setup_cache>"] = {"error": short_error(exc)}
                continue
        pre = () if cache is None else (cache,)
        for combo in combos:
            suffix = "" if not combo else "(" + ", ".join(map(repr, combo)) + ")"
            for meth in methods:
                key = f"{modname}.{cname}.{meth}{suffix}"
                inst = cls()
                try:
                    if hasattr(inst, "setup"):
                        inst.setup(*pre, *combo)
                except BaseException as exc:  # noqa: BLE001
                    out[key] = {"error": "setup: " + short_error(exc)}
                    continue
                bound = getattr(inst, meth)
                args = (*pre, *combo)
                out[key] = run_benchmark(module, (lambda b=bound, a=args: b(*a)), cls)
                if hasattr(inst, "teardown"):
                    inst.teardown(*pre, *combo)
                print(f"  [{system}] {key}: {summary(out[key])}", file=sys.stderr, flush=True)
    return out


def summary(r):
    if "error" in r:
        return "ERROR " + r["error"][:120]
    return f"{r['median_s'] * 1e3:.4f} ms"


def spawn(path, system, timeout, only_class=None):
    """The worker in a fresh process (a crash or a hang costs one module, not the run)."""
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as tmp:
        if system == "oxjit":  # subprocesses a benchmark starts import oxjit as numba too
            shim = os.path.join(tmp, "shim", "numba")
            os.makedirs(shim)
            with open(os.path.join(shim, "__init__.py"), "w") as f:
                f.write("import sys, oxjit\nsys.modules['numba'] = oxjit\n")
            env["PYTHONPATH"] = os.path.dirname(shim) + os.pathsep + env.get("PYTHONPATH", "")
        out_path = os.path.join(tmp, "out.json")
        cmd = [sys.executable, __file__, "--worker", path, system, out_path]
        if only_class:
            cmd += ["--class", only_class]
        try:
            proc = subprocess.run(cmd, check=False, env=env, timeout=timeout, stdout=sys.stderr)
        except subprocess.TimeoutExpired:
            return {os.path.basename(path) + ".<all>": {"error": f"timeout after {timeout}s"}}
        if proc.returncode != 0 or not os.path.exists(out_path):
            return {
                os.path.basename(path) + ".<all>": {
                    "error": f"worker exited with status {proc.returncode}"
                }
            }
        with open(out_path) as f:
            return json.load(f)


def compare(a, b):
    """'same', 'differ', 'inputs differ' (the jitted functions were given different arguments:
    unseeded random data) or '' when nothing to compare."""
    if a is None or b is None:
        return ""
    ka = (a.get("returned"), a.get("calls"))
    kb = (b.get("returned"), b.get("calls"))
    if ka == kb:
        return "same"
    inputs_a = [c[3] for c in a.get("calls") or []]
    inputs_b = [c[3] for c in b.get("calls") or []]
    if inputs_a != inputs_b:
        return "inputs differ"
    return "differ"


def fmt_time(s):
    if s is None:
        return "-"
    if s >= 1:
        return f"{s:.3f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.3f} ms"
    return f"{s * 1e6:.2f} us"


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        path, system, out_path = sys.argv[2:5]
        only_class = sys.argv[6] if len(sys.argv) > 6 and sys.argv[5] == "--class" else None
        res = worker(path, system, only_class)
        with open(out_path, "w") as f:
            json.dump(res, f)
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("suite", nargs="?", help="the extracted numba-benchmark benchmarks/ folder")
    ap.add_argument("--only", help="comma-separated module names (bench_sets,...)")
    ap.add_argument("--systems", default="oxjit,numba")
    ap.add_argument("--timeout", type=int, default=900, help="seconds per module and system")
    ap.add_argument("--json", help="write all results here")
    ap.add_argument("--markdown", help="write the table here as well")
    args = ap.parse_args()
    if not args.suite or not os.path.isdir(args.suite):
        print("numba_benchmark: no suite folder given or found; skipping (nothing is downloaded).")
        return 0
    systems = args.systems.split(",")
    if "numba" in systems and importlib.util.find_spec("numba") is None:
        print("numba_benchmark: Numba is not installed; running oxjit only.")
        systems = [s for s in systems if s != "numba"]
    names = sorted(
        f[:-3]
        for f in os.listdir(args.suite)
        if f.endswith(".py") and f[:-3] not in SKIP and f.startswith("bench_")
    )
    if args.only:
        wanted = set(args.only.split(","))
        names = [n for n in names if n in wanted]
    results = {s: {} for s in systems}
    for name in names:
        path = os.path.join(args.suite, name + ".py")
        for system in systems:
            print(f"{name} [{system}]", file=sys.stderr, flush=True)
            results[system].update(spawn(path, system, args.timeout))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    lines = table(results, systems)
    print("\n".join(lines))
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write("\n".join(lines) + "\n")
    return 0


def table(results, systems):
    keys = sorted(set().union(*(r.keys() for r in results.values())))
    ox, nb = results.get("oxjit", {}), results.get("numba", {})
    lines = [
        "| benchmark | oxjit | numba | oxjit/numba | results | note |",
        "|---|---:|---:|---:|---|---|",
    ]
    for k in keys:
        a, b = ox.get(k), nb.get(k)
        ta = a.get("median_s") if a else None
        tb = b.get("median_s") if b else None
        ratio = f"{ta / tb:.2f}" if ta and tb else "-"
        notes = []
        for sys_name, r in (("oxjit", a), ("numba", b)):
            if r and "error" in r:
                notes.append(f"{sys_name}: {r['error'][:160]}")
        same = compare(a, b) if a and b and "error" not in a and "error" not in b else ""
        lines.append(
            f"| {k} | {fmt_time(ta)} | {fmt_time(tb)} | {ratio} | {same} | {'; '.join(notes)} |"
        )
    return lines


if __name__ == "__main__":
    sys.exit(main())
