"""The machine and software versions a run is taken on, for the report."""

import importlib.metadata
import importlib.util
import os
import platform
import subprocess
import time
from pathlib import Path

from harness import cref


def _cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return None


def _version(package):
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def _git(directory, *args):
    try:
        proc = subprocess.run(
            ["git", "-C", str(directory), *args], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return proc.stdout.strip()


def oxjit_source():
    """(commit, dirty?) of the checkout oxjit is imported from, when it is a git checkout."""
    spec = importlib.util.find_spec("oxjit")
    if spec is None or spec.origin is None:
        return None, None
    directory = Path(spec.origin).parent
    commit = _git(directory, "rev-parse", "--short", "HEAD")
    status = _git(directory, "status", "--porcelain", "--untracked-files=no")
    return commit, bool(status) if status is not None else None


def load_average():
    """The 1-minute load average (how busy the machine is besides the benchmark)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def describe():
    """A JSON-ready dict: CPU, memory, OS, versions, date."""
    commit, dirty = oxjit_source()
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "cpu": _cpu_model(),
        "cpus": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "numpy": _version("numpy"),
        "numba": _version("numba"),
        "llvmlite": _version("llvmlite"),
        "oxjit": _version("oxjit"),
        "oxjit_commit": commit,
        "oxjit_dirty": dirty,
        "cc": cref.compiler_version(),
        "cflags": cref.compiler_command(),
        "load_before": load_average(),
    }
