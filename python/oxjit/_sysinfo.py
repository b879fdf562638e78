"""The system report that ``python -m oxjit`` prints, as ``numba -s`` does.

:func:`report` gathers it as data (sections of ``(label, value)`` rows), :func:`format_report`
lays it out. Every value is read from the running system or from the extension; what oxjit does
not have yet (a cache, threads, a GPU target) is said so, with the issue that will add it. Nothing
here may raise: a part that cannot be read says why, and the rest is still reported.
"""

import ctypes.util
import glob
import os
import platform
import sys

# Environment variables that oxjit reads, and what they do.
HONOURED_ENV = {
    "OXJIT_DISABLE_JIT": "the decorators return the function unchanged",
    "NUMBA_DISABLE_JIT": "as OXJIT_DISABLE_JIT",
    "OXJIT_BOUNDSCHECK": "boundscheck=True by default",
    "NUMBA_BOUNDSCHECK": "as OXJIT_BOUNDSCHECK",
    "OXJIT_DUMP": "print a compile stage (ast, ssa, typed, llvm-raw, llvm, asm, after:PASS...)",
    "OXJIT_TIMINGS": "print the time of each compile stage and pass",
    "OXJIT_VERIFY": "verify the IR after every pass",
    "OXJIT_CACHE_DIR": "where cache=True keeps its files",
    "NUMBA_CACHE_DIR": "as OXJIT_CACHE_DIR",
    "OXJIT_NUM_THREADS": "the number of threads of the parallel pool (default: one per core)",
    "NUMBA_NUM_THREADS": "as OXJIT_NUM_THREADS",
}
# A switch is off when unset or one of these (the rule of oxjit_core::env::flag and of
# decorators._env_flag).
_OFF = ("", "0", "false", "no", "off")
_SWITCHES = {
    k for k in HONOURED_ENV if k.endswith(("DISABLE_JIT", "BOUNDSCHECK", "TIMINGS", "VERIFY"))
}

_ISSUE_CUDA = 13


def _guard(fn):
    """``fn()``, or the error it raised, as a value to print."""
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 (a diagnostic tool reports every failure)
        return f"unavailable ({type(exc).__name__}: {exc})"


def _oxjit_section():
    import oxjit

    rows = [
        ("oxjit version", oxjit.oxjit_version),
        ("installed at", os.path.dirname(os.path.abspath(oxjit.__file__))),
    ]

    def extension():
        from oxjit import _oxjit

        return _oxjit.__file__

    rows.append(("extension", _guard(extension)))
    return rows


def _python_section():
    import numpy

    libc, libc_version = platform.libc_ver()
    return [
        ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("interpreter", sys.executable),
        ("NumPy", numpy.__version__),
        ("platform", platform.platform()),
        ("C library", f"{libc} {libc_version}".strip() or "unknown"),
    ]


def _cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def host_info():
    """The extension's view of the host: LLVM version, triple, CPU name, enabled features."""
    from oxjit import _oxjit

    triple, cpu, features, llvm = _oxjit.host_target()
    info = {"triple": triple, "cpu": cpu, "features": features, "llvm_version": llvm}
    info["enabled"] = sorted(f[1:] for f in info["features"].split(",") if f.startswith("+"))
    return info


def _hardware_section():
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    rows = [
        ("CPU model", _cpu_model()),
        ("CPU count", f"{os.cpu_count()} (usable by this process: {usable or 'unknown'})"),
    ]
    try:
        info = host_info()
    except Exception as exc:  # noqa: BLE001
        rows.append(("LLVM", f"unavailable ({type(exc).__name__}: {exc})"))
        return rows
    enabled = info["enabled"]
    rows += [
        ("LLVM", f"{info['llvm_version']} (linked into the extension)"),
        ("LLVM target triple", info["triple"]),
        ("LLVM CPU name", info["cpu"]),
        (
            "AVX2 / AVX-512F / FMA",
            " / ".join(_yes(f in enabled) for f in ("avx2", "avx512f", "fma")),
        ),
        ("CPU features", " ".join(enabled)),
    ]
    return rows


def _yes(flag):
    return "yes" if flag else "no"


def _blas_section():
    def find():
        from oxjit import _blas

        path, why = _blas.find()
        return f"found: {path}" if path else f"not found ({why})"

    return [("NumPy's BLAS/LAPACK", _guard(find))]


def _threads_section():
    configured = os.environ.get("OXJIT_NUM_THREADS") or os.environ.get("NUMBA_NUM_THREADS")
    origin = "OXJIT_NUM_THREADS/NUMBA_NUM_THREADS" if configured else "one per core"
    threads = configured or os.cpu_count()
    return [
        ("threading layer", "rayon: parallel=True runs prange loops on one pool per process"),
        ("threads", f"{threads} ({origin}; set_num_threads lowers it per calling thread)"),
        ("nogil=True", "honoured: the GIL is released while compiled code runs"),
    ]


def _cache_section():
    """Where cache=True writes (oxjit.cache.directory's rule, told without a function)."""
    configured = os.environ.get("OXJIT_CACHE_DIR") or os.environ.get("NUMBA_CACHE_DIR")
    user = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if configured:
        where = f"{configured} (from the environment), in a tree that mirrors the source folders"
    else:
        where = (
            f"__pycache__ beside each module; {os.path.join(user, 'oxjit')} where that cannot "
            "be written"
        )
    return [("cache directory", where)]


def _gpu_section():
    gpus = sorted(glob.glob("/proc/driver/nvidia/gpus/*"))
    names = []
    for gpu in gpus:
        try:
            with open(os.path.join(gpu, "information"), encoding="utf-8") as f:
                for line in f:
                    if line.startswith("Model:"):
                        names.append(line.split(":", 1)[1].strip())
        except OSError:
            names.append(os.path.basename(gpu))
    libcuda = ctypes.util.find_library("cuda")
    return [
        ("NVIDIA GPUs", ", ".join(names) if names else "none found (no /proc/driver/nvidia/gpus)"),
        ("CUDA driver library", libcuda or "not found"),
        ("CUDA target", f"not implemented yet (issue {_ISSUE_CUDA})"),
    ]


def env_state(name, environ=None):
    """How oxjit reads ``name`` now: ``unset``, ``on``/``off`` for switches, else the value."""
    environ = os.environ if environ is None else environ
    if name not in environ:
        return "unset"
    value = environ[name]
    if name in _SWITCHES:
        state = "off" if value.strip().lower() in _OFF else "on"
        return f"{state} ({name}={value!r})"
    return repr(value)


def _environment_section(environ=None):
    environ = os.environ if environ is None else environ
    rows = [(name, f"{env_state(name, environ)}: {what}") for name, what in HONOURED_ENV.items()]
    ignored = sorted(k for k in environ if k.startswith("NUMBA_") and k not in HONOURED_ENV)
    rows.append(
        ("other NUMBA_* set", ", ".join(ignored) + " (no effect in oxjit)" if ignored else "none")
    )
    return rows


def report():
    """The report as ``[(section title, [(label, value), ...]), ...]``."""
    sections = [
        ("oxjit", _oxjit_section),
        ("Python and NumPy", _python_section),
        ("Hardware and LLVM", _hardware_section),
        ("BLAS", _blas_section),
        ("Threads", _threads_section),
        ("Cache", _cache_section),
        ("GPU", _gpu_section),
        ("Environment variables", _environment_section),
    ]
    out = []
    for title, fn in sections:
        rows = _guard(fn)
        out.append((title, rows if isinstance(rows, list) else [("error", rows)]))
    return out


def format_report(sections):
    width = max(len(label) for _, rows in sections for label, _ in rows) + 1
    lines = ["oxjit system report"]
    for title, rows in sections:
        lines += ["", f"__{title}__"]
        lines += [f"{label:<{width}}: {value}" for label, value in rows]
    return "\n".join(lines)


def main():
    print(format_report(report()))
