"""Runs Numba's documentation examples (numba/tests/doc_examples) with oxjit and with Numba.

    .venv/bin/python bench/numba_doc_examples.py [--only test_examples,test_rec_array]
        [--systems oxjit,numba] [--json OUT]

The examples are the test methods of the installed Numba's ``numba.tests.doc_examples`` modules;
each method's body is the example as the documentation shows it (``from numba import njit`` inside
it). Each module runs in its own process once per system. For oxjit, Numba's test support is
imported first (it needs the real Numba), then ``sys.modules['numba']`` becomes oxjit, and the
``numba.*`` submodules are dropped from ``sys.modules`` while each example runs, so the example's
own imports get oxjit. ``captured_stdout`` is replaced by one that records what the example
printed, so the two systems' outputs are compared, not only their verdicts. Modules about
extending Numba, jitclass, structref and the LLVM pass timings are skipped (out of scope).
"""

import argparse
import contextlib
import importlib
import importlib.util
import io
import json
import os
import subprocess
import sys
import tempfile
import traceback
import unittest

MODULES = [
    "test_examples",
    "test_parallel_chunksize",
    "test_rec_array",
    "test_literally_usage",
    "test_literal_container_usage",
    "test_typed_list_usage",
    "test_typed_dict_usage",
    "test_typed_set_usage",
    "test_numpy_generators",
]
# Not run: test_interval_example and test_structref_usage (the extending API), test_jitclass
# (jitclass), test_llvm_pass_timings (Numba's LLVM pass manager).


def short(text, n=400):
    """The exception's first line (oxjit's errors start with file:line:col)."""
    lines = text.strip().splitlines()
    for k, line in enumerate(lines):
        if line and not line.startswith(" ") and not line.startswith("Traceback") and k > 0:
            return line[:n]
    return lines[-1][:n] if lines else ""


# What the examples' harness imports at the top of a module (real Numba's, whatever the system).
HARNESS = ("numba.tests", "numba.testing", "numba.core.config", "numba.np")


def is_numba(name):
    """Numba's modules, but for the examples' harness."""
    if name.startswith(HARNESS):
        return False
    return name == "numba" or name.startswith("numba.")


class Swap:
    """``numba`` is oxjit while an example runs (submodules resolve under oxjit's package)."""

    def __init__(self, enabled):
        self.enabled = enabled
        self.saved = {}

    def __enter__(self):
        if self.enabled:
            import oxjit

            self.saved = {k: v for k, v in sys.modules.items() if is_numba(k)}
            for k in self.saved:
                del sys.modules[k]
            sys.modules["numba"] = oxjit
        return self

    def __exit__(self, *exc):
        if self.enabled:
            for k in [k for k in sys.modules if is_numba(k)]:
                del sys.modules[k]
            sys.modules.update(self.saved)


def worker(modname, system):
    import numba
    import numba.tests.support

    # The example module is imported with `numba` already swapped, so that its own top-level
    # `from numba import ...` gets the system under test.
    path = os.path.join(os.path.dirname(numba.__file__), "tests", "doc_examples", modname + ".py")
    swap = Swap(system == "oxjit")
    with swap:
        spec = importlib.util.spec_from_file_location("doc_example_" + modname, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    printed = {}
    current = {"name": None}

    @contextlib.contextmanager
    def recording_stdout():
        buf = io.StringIO()
        old = sys.stdout
        sys.stdout = buf
        try:
            yield buf
        finally:
            sys.stdout = old
            printed[current["name"]] = printed.get(current["name"], "") + buf.getvalue()

    if hasattr(module, "captured_stdout"):
        module.captured_stdout = recording_stdout
    out = {}
    for case in unittest.defaultTestLoader.loadTestsFromModule(module):
        for test in case:
            name = test.id().rsplit(".", 2)[-2:]
            name = ".".join(name)
            current["name"] = name
            result = unittest.TestResult()
            with swap:
                test.run(result)
            if result.errors or result.failures:
                verdict = "error" if result.errors else "fail"
                detail = (result.errors or result.failures)[0][1]
                msg = short(detail)
            elif result.skipped:
                verdict, msg = "skip", result.skipped[0][1][:200]
            else:
                verdict, msg = "ok", ""
            out[name] = {"verdict": verdict, "message": msg, "stdout": printed.get(name, "")}
            if verdict in ("error", "fail"):
                out[name]["detail"] = detail[-3000:]
            print(f"  [{system}] {name}: {verdict} {msg[:200]}", file=sys.stderr, flush=True)
    return out


def spawn(modname, system, timeout):
    with tempfile.TemporaryDirectory() as tmp:
        out_path = os.path.join(tmp, "out.json")
        cmd = [sys.executable, __file__, "--worker", modname, system, out_path]
        try:
            proc = subprocess.run(cmd, check=False, timeout=timeout, stdout=sys.stderr)
        except subprocess.TimeoutExpired:
            return {f"{modname}.<all>": {"verdict": "timeout", "message": "", "stdout": ""}}
        if proc.returncode != 0 or not os.path.exists(out_path):
            msg = f"worker exited with status {proc.returncode}"
            return {f"{modname}.<all>": {"verdict": "crash", "message": msg, "stdout": ""}}
        with open(out_path) as f:
            return json.load(f)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        modname, system, out_path = sys.argv[2:5]
        try:
            res = worker(modname, system)
        except BaseException:  # noqa: BLE001
            res = {
                f"{modname}.<import>": {
                    "verdict": "error",
                    "message": short(traceback.format_exc()),
                    "stdout": "",
                }
            }
        with open(out_path, "w") as f:
            json.dump(res, f)
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", help="comma-separated module names")
    ap.add_argument("--systems", default="oxjit,numba")
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--json", help="write all results here")
    args = ap.parse_args()
    if importlib.util.find_spec("numba") is None:
        print("numba_doc_examples: Numba is not installed (its examples come with it); skipping.")
        return 0
    systems = args.systems.split(",")
    names = args.only.split(",") if args.only else MODULES
    results = {s: {} for s in systems}
    for name in names:
        for system in systems:
            print(f"{name} [{system}]", file=sys.stderr, flush=True)
            results[system].update(spawn(name, system, args.timeout))
    keys = sorted({k for s in systems for k in results[s]})
    print("| example | " + " | ".join(systems) + (" | output |" if len(systems) == 2 else " |"))
    print("|" + "---|" * (1 + len(systems) + (len(systems) == 2)))
    for k in keys:
        row = [k]
        for s in systems:
            r = results[s].get(k, {"verdict": "-", "message": ""})
            cell = r["verdict"] + (": " + r["message"][:100] if r["message"] else "")
            row.append(cell.replace("|", "/"))
        if len(systems) == 2:
            a, b = (results[s].get(k, {}).get("stdout") for s in systems)
            row.append("" if not a and not b else "same" if a == b else "differ")
        print("| " + " | ".join(row) + " |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    bad = [k for k, r in results.get("oxjit", {}).items() if r["verdict"] not in ("ok", "skip")]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
