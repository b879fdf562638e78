"""Runs the suite: the C library and STREAM, every kernel under every system (one fresh process
each), the startup figures (bench/startup.py) and the call overhead; returns all raw results."""

import json
import os
import statistics
import subprocess
import sys
import time

import kernels

from harness import cref, machine
from harness.worker import SYSTEMS

RUN_PY = str(cref.BENCH / "run.py")
WORKER_TIMEOUT = {"quick": 120, "full": 900}
STREAM_SIZE = {"quick": 1 << 24, "full": 1 << 25}
STREAM_REPEATS = {"quick": 5, "full": 20}
STARTUP_REPEAT = {"quick": 3, "full": 10}
COMPILE_PROCESSES = {"quick": 1, "full": 3}
# No JIT switched off or dumping; BLAS (used by some NumPy references, never timed) on one thread.
ENV = {
    **{
        k: v
        for k, v in os.environ.items()
        if k not in ("OXJIT_DISABLE_JIT", "NUMBA_DISABLE_JIT", "OXJIT_DUMP", "OXJIT_BOUNDSCHECK")
        and not k.startswith("NUMBA_DEBUG")
    },
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


def spawn(args, timeout):
    """Run ``run.py --worker ARGS`` in a fresh interpreter: (parsed JSON, None), or (None, failure)
    where failure is ``{"status": "crash" or "timeout", "error": why}``."""
    cmd = [sys.executable, RUN_PY, "--worker", *map(str, args)]
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, env=ENV, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return None, {"status": "timeout", "error": f"no result in {timeout} s"}
    lines = proc.stdout.strip().splitlines()
    if proc.returncode == 0 and lines:
        try:
            return json.loads(lines[-1]), None
        except json.JSONDecodeError:
            pass
    err = [line for line in proc.stderr.strip().splitlines() if line.strip()]
    code = proc.returncode
    how = f"killed by signal {-code}" if code < 0 else f"exit status {code}"
    return None, {"status": "crash", "error": f"{how}: {err[-1] if err else 'no message'}"}


def run_kernel(name, system, mode, library):
    """The worker's result for one kernel and system, or a record of how it failed. In full mode,
    the compile time is the median of COMPILE_PROCESSES fresh processes."""
    args = ["kernel", name, system, mode] + ([library] if system == "c" else [])
    t0 = time.perf_counter()
    result, failure = spawn(args, WORKER_TIMEOUT[mode])
    if result is None:
        result = {"kernel": name, "system": system, **failure}
    elif "compile" in result:
        samples = [result["compile"]]
        for _ in range(COMPILE_PROCESSES[mode] - 1):
            extra, _ = spawn(["compile", name, system, mode], WORKER_TIMEOUT[mode])
            if extra is not None and "compile" in extra:
                samples.append(extra["compile"])
        result["compile_samples"] = samples
        result["compile"] = statistics.median(samples)
    result["wall"] = time.perf_counter() - t0
    return result


def summary(result):
    """A few words for the progress log."""
    if result["status"] != "ok":
        return f"{result['status']}"
    if not result.get("sizes"):
        return "ok"
    median = result["sizes"][-1]["median"]
    text = f"{median * 1e3:.3g} ms"
    if "compile" in result:
        text += f" (compile {result['compile'] * 1e3:.3g} ms)"
    return text


def kernel_record(module_name, kernel, mode):
    """What the report needs to know about a kernel, besides its results."""
    return {
        "name": kernel.name,
        "module": module_name,
        "description": kernel.description,
        "sizes": list(kernel.sizes[mode]),
        "python_size": kernel.python_sizes[mode],
        "work": {str(s): kernel.work(s) for s in {*kernel.sizes[mode], kernel.python_sizes[mode]}},
        "bytes": {str(s): kernel.bytes_moved(s) for s in kernel.sizes[mode]}
        if kernel.bytes_moved
        else None,
        "memory_bound": kernel.memory_bound,
        "loop": kernel.loop,
        "has_c": kernel.c_call is not None,
        "check_note": kernel.check_note,
        "size_label": kernel.size_label,
        "tags": list(kernel.tags),
        "results": {},
    }


def run_startup(mode, systems, log):
    """bench/startup.py's figures (import, first compile, call overhead) for the JIT systems."""
    import startup

    return {
        system: startup.measure(system, STARTUP_REPEAT[mode], log)
        for system in ("oxjit", "numba")
        if system in systems
    }


def run_suite(mode, names=None, systems=SYSTEMS, startup=True, startup_figures=None, log=print):
    """Everything, as one JSON-ready dict (see report.py for how it is read).

    ``startup``: measure the startup figures and the call overhead; ``startup_figures``: the
    figures bench/startup.py already measured (its ``results``), used instead of measuring them.
    """
    data = {"meta": machine.describe(), "mode": mode, "systems": list(systems)}
    data["meta"]["mode"] = mode
    t_start = time.perf_counter()

    library = None
    if "c" in systems:
        t0 = time.perf_counter()
        try:
            library = str(cref.build())
        except (OSError, subprocess.CalledProcessError) as exc:
            detail = getattr(exc, "stderr", None) or str(exc)
            log(f"cannot build the C references, their column is left out: {detail.strip()}")
            systems = [s for s in systems if s != "c"]
            data["systems"] = list(systems)
        data["meta"]["c_build"] = time.perf_counter() - t0
    if library is not None:
        data["stream"], failure = spawn(["stream", mode, library], WORKER_TIMEOUT[mode])
        if failure:
            log(f"STREAM: {failure['status']}: {failure['error']}")
        else:
            s = data["stream"]
            log(
                f"STREAM: copy {s['copy_Bps'] / 1e9:.1f} GB/s, triad {s['triad_Bps'] / 1e9:.1f} GB/s"
            )

    selected = [(m, k) for m, k in kernels.all_kernels() if names is None or k.name in names]
    data["kernels"] = []
    for i, (module_name, kernel) in enumerate(selected, 1):
        record = kernel_record(module_name, kernel, mode)
        words = []
        for system in systems:
            result = run_kernel(kernel.name, system, mode, library)
            record["results"][system] = result
            words.append(f"{system} {summary(result)}")
        data["kernels"].append(record)
        log(f"[{i:2}/{len(selected)}] {kernel.name:<14} " + ", ".join(words))

    if startup:
        if startup_figures is not None:
            data["startup"] = {
                s: startup_figures[s] for s in ("oxjit", "numba") if s in startup_figures
            }
        else:
            data["startup"] = run_startup(mode, systems, log)
        data["overhead"] = {}
        for system in ("cpython", "numba", "oxjit"):
            if system in systems:
                data["overhead"][system], failure = spawn(["overhead", system], 300)
                if failure:
                    log(f"call overhead, {system}: {failure['status']}: {failure['error']}")
    data["meta"]["load_after"] = machine.load_average()
    data["meta"]["wall"] = time.perf_counter() - t_start
    return data
