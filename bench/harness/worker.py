"""One kernel under one system, in a fresh process: check, compile time, run time, memory.

``bench/run.py`` starts ``run.py --worker KERNEL SYSTEM MODE [LIBRARY]`` once per kernel and system
(so compile caches and JIT state never carry over, and a crash loses one cell, not the run); the
worker prints one JSON object on its last line of output. Its steps:

1. import the system (oxjit, Numba, nothing for CPython, the C library for C) and compile a trivial
   function, so that lazy initialisation (loading oxjit's extension, initialising LLVM in Numba)
   is not charged to the kernel (bench/startup.py measures that separately);
2. compute the expected result of the check size with the plain Python functions;
3. replace the module's ``JIT`` functions by compiled ones, call the kernel on the check inputs:
   this first call compiles; compile time = first call - median of three warm calls (same
   inputs, fresh copies); a compile error ends the worker with status ``unsupported``;
4. compare with the expected result (CPython itself is compared with the NumPy reference);
5. for each size: check against the NumPy reference where the kernel has one, then time it on
   fresh inputs (harness.timing), noting the process's peak memory during the timed calls.
   CPython runs sizes above the kernel's ``python_sizes`` cap at the cap instead (run.py
   extrapolates).
"""

import copy
import dataclasses
import functools
import gc
import json
import platform
import sys
import traceback

import kernels
import numpy as np

from harness import cref, timing
from harness.timing import CLOCK

SYSTEMS = ("cpython", "numba", "oxjit", "c")
JIT_SYSTEMS = ("numba", "oxjit")
BENCH_DIR = str(cref.BENCH) + "/"


# ---------------------------------------------------------------- memory


def _status_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def rss_bytes():
    """The resident set size now."""
    return 1024 * _status_kib("VmRSS")


def peak_bytes():
    """The peak resident set size since the last :func:`reset_peak`."""
    return 1024 * _status_kib("VmHWM")


def reset_peak():
    """Start a new peak-RSS window (Linux: writing 5 to clear_refs resets VmHWM)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


# ---------------------------------------------------------------- systems


def _trivial(n):
    total = 0.0
    for i in range(n):
        total += i * 0.5
    return total


def load_system(system):
    """(jit decorator or None, version, compile-error classes) of the system, initialised."""
    if system == "oxjit":
        import oxjit
        from oxjit.errors import CompilerError

        jit, version, errors = oxjit.njit, oxjit.oxjit_version, (CompilerError,)
    elif system == "numba":
        import numba
        from numba.core.errors import NumbaError

        jit, version, errors = numba.njit, numba.__version__, (NumbaError,)
    elif system == "cpython":
        return None, platform.python_version(), ()
    elif system == "c":
        return None, cref.compiler_version(), ()
    else:
        raise ValueError(f"unknown system {system!r}")
    jit(_trivial)(10)
    return jit, version, errors


def copy_inputs(inputs):
    """Copies of the array arguments (kernels may write into them); other arguments as they are."""
    return tuple(copy.copy(x) if isinstance(x, np.ndarray) else x for x in inputs)


def first_line(exc):
    """``Type: first non-empty line of the message``, with the bench directory's path cut (and,
    after Numba's ``Failed in nopython mode pipeline (...)``, the line that says what failed)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    message = lines[0] if lines else ""
    if message.startswith("Failed in ") and len(lines) > 1:
        message += " " + lines[1]
    return f"{type(exc).__name__}: {message}".replace(BENCH_DIR, "")


def _timed(call):
    t0 = CLOCK()
    out = call()
    return CLOCK() - t0, out


# ---------------------------------------------------------------- the steps


def check_and_compile(kernel, module, system, jit, compile_errors, lib, result):
    """Steps 2-4: returns the callable kernel, or None when the worker should stop."""
    inputs = kernel.make_inputs(kernel.check_size)
    originals = {name: getattr(module, name) for name in module.JIT}
    expected = originals[kernel.entry](*copy_inputs(inputs))
    if system == "cpython" and kernel.reference is not None:
        # CPython is the reference: check it (and so the kernel's plain Python) against NumPy.
        expected = kernel.reference(*copy_inputs(inputs))

    if jit is not None:
        options = getattr(module, "JIT_OPTIONS", {})
        if hasattr(module, "prange"):
            # The module's own prange is range (plain Python); the JIT's marks parallel loops.
            module.prange = sys.modules[jit.__module__.split(".")[0]].prange
        for name, func in originals.items():
            setattr(module, name, jit(func, **options))
        entry = getattr(module, kernel.entry)
    elif system == "c":

        def entry(*args):
            return kernel.c_call(lib, *args)
    else:
        entry = originals[kernel.entry]

    args = copy_inputs(inputs)
    gc.collect()
    rss0 = rss_bytes()
    reset_peak()
    try:
        first, got = _timed(functools.partial(entry, *args))
    except compile_errors as exc:
        result.update(status="unsupported", error=first_line(exc), detail=str(exc)[:4000])
        return None
    except Exception as exc:  # noqa: BLE001 (any run-time error on the first call is recorded)
        result.update(status="error", error=first_line(exc), detail=traceback.format_exc()[-4000:])
        return None
    result["compile_memory"] = peak_bytes() - rss0
    warm = []
    for _ in range(3):
        warm.append(_timed(functools.partial(entry, *copy_inputs(inputs)))[0])
    warm_s = sorted(warm)[1]
    if jit is not None:
        result["first_call"] = first
        result["warm_call"] = warm_s
        result["compile"] = max(first - warm_s, 0.0)

    problem = kernel.check(got, expected, kernel.check_size)
    if problem:
        result.update(status="wrong", error=f"check at size {kernel.check_size}: {problem}")
        return None
    return entry


def time_sizes(kernel, system, mode, entry, result):
    """Step 5: check and time each size (CPython's capped at its largest size)."""
    sizes = kernel.sizes[mode]
    if system == "cpython":
        cap = kernel.python_sizes[mode]
        sizes = sorted({min(size, cap) for size in sizes})
    budget = (timing.PYTHON_BUDGETS if system == "cpython" else timing.BUDGETS)[mode]
    for size in sizes:
        try:
            stats = time_size(kernel, size, entry, budget)
        except Exception as exc:  # noqa: BLE001 (recorded, as on the first call)
            stats = {"error": first_line(exc), "detail": traceback.format_exc()[-4000:]}
        if "error" in stats:
            result.update(status=stats.pop("status", "error"), **stats)
            return
        result["sizes"].append(stats)


def time_size(kernel, size, entry, budget):
    """Check and time one size: the timing's figures, or {"status", "error"} if it is wrong."""
    if kernel.reference is not None:
        inputs = kernel.make_inputs(size)
        expected = kernel.reference(*copy_inputs(inputs))
        problem = kernel.check(entry(*inputs), expected, size)
        del inputs, expected
        if problem:
            return {"status": "wrong", "error": f"check at size {size}: {problem}"}
    draws = kernel.input_draws
    if draws > 1:
        budget = dataclasses.replace(budget, seconds=budget.seconds / draws)
    results, kept = [], []
    gc.collect()
    rss0 = rss_bytes()
    reset_peak()
    for _ in range(draws):
        inputs = kernel.make_inputs(size)
        kept.append(inputs)  # alive, so that the next draw lands in other memory
        call = functools.partial(entry, *inputs)
        first = _timed(call)[0]  # the warm-up call
        results.append(timing.measure(call, budget, first=first))
    stats = sorted(results, key=lambda r: r["median"])[(draws - 1) // 2]
    if draws > 1:
        stats["draw_medians"] = [r["median"] for r in results]
    stats.update(size=size, rss_before=rss0, peak_rss=peak_bytes())
    del call, kept
    gc.collect()
    return stats


def run(kernel_name, system, mode, library=None, time_it=True):
    """The worker's result for one kernel under one system, as a JSON-ready dict (without
    ``time_it``: steps 1 to 4 only, for another sample of the compile time)."""
    module_name, kernel = kernels.find(kernel_name)
    result = {"kernel": kernel_name, "system": system, "mode": mode, "status": "ok", "sizes": []}
    t0 = CLOCK()
    jit, version, compile_errors = load_system(system)
    result["version"] = version
    result["startup"] = CLOCK() - t0
    lib = cref.load(library) if system == "c" else None
    if system == "c" and kernel.c_call is None:
        result.update(status="n/a")
        return result
    module = kernels.load(module_name)
    entry = check_and_compile(kernel, module, system, jit, compile_errors, lib, result)
    if entry is None or not time_it:
        return result
    time_sizes(kernel, system, mode, entry, result)
    func = getattr(module, kernel.entry)
    if jit is not None and hasattr(func, "signatures"):
        result["signatures"] = len(func.signatures)
    return result


def main(kernel_name, system, mode, library=None, time_it=True):
    """Run one worker and print its result as the last line of output."""
    result = run(kernel_name, system, mode, library, time_it)
    sys.stdout.flush()
    print(json.dumps(result))
    return 0
