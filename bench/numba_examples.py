"""Runs the numba/numba-examples programs (examples/*/*/bench.yaml) with oxjit and with Numba.

    .venv/bin/python bench/numba_examples.py PATH/TO/numba-examples [--only histogram,kernel]
        [--systems oxjit,numba] [--inputs 3] [--json OUT] [--markdown OUT]

PATH is the repository, extracted beforehand (nothing is downloaded; without it the script says so
and exits 0). Each example's bench.yaml names an input generator, a validator (NumPy's reference
implementation) and the implementations; CUDA ones (``requires: gpu``) and examples/cuda are
skipped. Each example runs in its own process once per system: oxjit as ``numba``
(``sys.modules['numba'] = oxjit`` before the implementation is imported), then the real Numba. The
first ``--inputs`` inputs of the generator are used, with ``np.random.seed(0)`` before it so both
systems see the same data. Per implementation and input: the validator's verdict, a digest of the
output (compared between the two systems), the first call's time (compilation included) and the
median of a few later calls.
"""

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from numba_benchmark import digest, fmt_time, short_error

SAMPLES = 5


def load(example_dir, ref, cache):
    """``file.py:function`` of an example, each file imported once."""
    fname, func = ref.split(":")
    if fname not in cache:
        path = os.path.join(example_dir, fname)
        modname = "nbex_" + os.path.splitext(fname)[0]
        spec = importlib.util.spec_from_file_location(modname, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[modname] = module
        spec.loader.exec_module(module)
        cache[fname] = module
    return getattr(cache[fname], func)


def timed(fn, args, kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    first = time.perf_counter() - t0
    times = []
    for _ in range(SAMPLES):
        t0 = time.perf_counter()
        fn(*args, **kwargs)
        times.append(time.perf_counter() - t0)
    return out, first, statistics.median(times)


def worker(example_dir, system, n_inputs):
    """Runs one example under one system; returns {"impl[input]": result}."""
    import numpy as np
    import yaml

    if system == "oxjit":
        import oxjit

        sys.modules["numba"] = oxjit
    with open(os.path.join(example_dir, "bench.yaml")) as f:
        spec = yaml.safe_load(f)
    sys.path.insert(0, example_dir)
    modules = {}
    np.random.seed(0)
    try:
        gen = load(example_dir, spec["input_generator"], modules)
        validator = load(example_dir, spec["validator"], modules)
        inputs = []
        for item in gen():
            inputs.append(item)
            if len(inputs) >= n_inputs:
                break
    except BaseException as exc:  # noqa: BLE001
        return {"<setup>": {"error": short_error(exc)}}
    out = {}
    for impl in spec["implementations"]:
        if impl.get("requires"):
            continue
        try:
            fn = load(example_dir, impl["function"], modules)
        except BaseException as exc:  # noqa: BLE001
            out[impl["name"]] = {"error": "import: " + short_error(exc)}
            continue
        for item in inputs:
            key = f"{impl['name']}[{','.join(map(str, item['category']))};{item['x']}]"
            args, kwargs = item["input_args"], item["input_kwargs"]
            try:
                res, first, median = timed(fn, args, kwargs)
            except BaseException as exc:  # noqa: BLE001
                out[key] = {"error": short_error(exc)}
                continue
            r = {"first_s": first, "median_s": median, "digest": digest(res)}
            try:
                validator(args, kwargs, res)
                r["valid"] = True
            except AssertionError as exc:
                r["valid"] = False
                r["why"] = str(exc)[:300]
            out[key] = r
            print(f"  [{system}] {key}: {summary(r)}", file=sys.stderr, flush=True)
    return out


def summary(r):
    if "error" in r:
        return "ERROR " + r["error"][:160]
    ok = "valid" if r["valid"] else "INVALID"
    return f"{ok}, first {fmt_time(r['first_s'])}, then {fmt_time(r['median_s'])}"


def spawn(example_dir, system, n_inputs, timeout):
    with tempfile.TemporaryDirectory() as tmp:
        out_path = os.path.join(tmp, "out.json")
        cmd = [sys.executable, __file__, "--worker", example_dir, system, str(n_inputs), out_path]
        try:
            proc = subprocess.run(cmd, check=False, timeout=timeout, stdout=sys.stderr)
        except subprocess.TimeoutExpired:
            return {"<all>": {"error": f"timeout after {timeout}s"}}
        if proc.returncode != 0 or not os.path.exists(out_path):
            return {"<all>": {"error": f"worker exited with status {proc.returncode}"}}
        with open(out_path) as f:
            return json.load(f)


def find_examples(root):
    base = os.path.join(root, "examples")
    found = []
    for group in sorted(os.listdir(base)):
        if group == "cuda" or not os.path.isdir(os.path.join(base, group)):
            continue
        for name in sorted(os.listdir(os.path.join(base, group))):
            d = os.path.join(base, group, name)
            if os.path.exists(os.path.join(d, "bench.yaml")):
                found.append((name, d))
    return found


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        example_dir, system, n_inputs, out_path = sys.argv[2:6]
        res = worker(example_dir, system, int(n_inputs))
        with open(out_path, "w") as f:
            json.dump(res, f)
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("root", nargs="?", help="the extracted numba-examples repository")
    ap.add_argument("--only", help="comma-separated example names (histogram,kernel,...)")
    ap.add_argument("--systems", default="oxjit,numba")
    ap.add_argument("--inputs", type=int, default=3, help="inputs per example (the smallest)")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per example and system")
    ap.add_argument("--json", help="write all results here")
    ap.add_argument("--markdown", help="write the table here as well")
    args = ap.parse_args()
    if not args.root or not os.path.isdir(os.path.join(args.root, "examples")):
        print("numba_examples: no numba-examples folder given or found; skipping.")
        return 0
    systems = args.systems.split(",")
    if "numba" in systems and importlib.util.find_spec("numba") is None:
        print("numba_examples: Numba is not installed; running oxjit only.")
        systems = [s for s in systems if s != "numba"]
    examples = find_examples(args.root)
    if args.only:
        wanted = set(args.only.split(","))
        examples = [(n, d) for n, d in examples if n in wanted]
    results = {s: {} for s in systems}
    for name, d in examples:
        for system in systems:
            print(f"{name} [{system}]", file=sys.stderr, flush=True)
            for key, r in spawn(d, system, args.inputs, args.timeout).items():
                results[system][f"{name}.{key}"] = r
    lines = table(results, systems)
    print("\n".join(lines))
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write("\n".join(lines) + "\n")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    bad = [k for k, r in results.get("oxjit", {}).items() if "error" in r or not r.get("valid")]
    return 1 if bad else 0


def table(results, systems):
    keys = sorted({k for s in systems for k in results[s]})
    head = "| benchmark | " + " | ".join(f"{s} first | {s} then" for s in systems)
    head += " | results |" if len(systems) == 2 else " |"
    lines = [head, "|" + "---|" * (1 + 2 * len(systems) + (len(systems) == 2))]
    for k in keys:
        row = [k]
        for s in systems:
            r = results[s].get(k)
            if r is None:
                row += ["-", "-"]
            elif "error" in r:
                row += ["error: " + r["error"][:80].replace("|", "/"), "-"]
            else:
                mark = "" if r["valid"] else " (invalid)"
                row += [fmt_time(r["first_s"]) + mark, fmt_time(r["median_s"])]
        if len(systems) == 2:
            a, b = (results[s].get(k) or {} for s in systems)
            row.append(
                "same"
                if a.get("digest") and a.get("digest") == b.get("digest")
                else "differ"
                if a.get("digest") and b.get("digest")
                else ""
            )
        lines.append("| " + " | ".join(row) + " |")
    return lines


if __name__ == "__main__":
    sys.exit(main())
