"""Figures derived from the raw results: per-case times (CPython's extrapolated where it ran a
smaller size), ratios, bandwidths, geometric means. Shared by the report and the plots."""

import math
from dataclasses import dataclass, field

SYSTEM_NAMES = {"cpython": "CPython", "numba": "Numba", "oxjit": "oxjit", "c": "C -O3"}


@dataclass
class Cell:
    """One system's figure for one case: a time, or why there is none."""

    status: str
    time: float | None = None
    spread: float | None = None
    extrapolated_from: int | None = None
    peak_rss: int | None = None
    error: str | None = None

    @property
    def ok(self):
        return self.time is not None


@dataclass
class Case:
    """One kernel at one size."""

    kernel: dict
    size: int
    cells: dict = field(default_factory=dict)

    @property
    def size_text(self):
        return f"{self.kernel['size_label']}={fmt_size(self.size)}"

    @property
    def label(self):
        return f"{self.kernel['name']} {self.size_text}"

    def time(self, system):
        cell = self.cells.get(system)
        return cell.time if cell is not None else None

    def ratio(self, a, b):
        """time(a) / time(b), or None."""
        ta, tb = self.time(a), self.time(b)
        return ta / tb if ta is not None and tb else None

    def bandwidth(self, system):
        """Bytes per second that system's run moves (None without a byte count or a time)."""
        t = self.time(system)
        moved = (self.kernel.get("bytes") or {}).get(str(self.size))
        return moved / t if moved and t else None


def fmt_size(n):
    """Sizes for people: powers of two from 2^10 up as 2^k, others as they are."""
    if n >= 1024 and n & (n - 1) == 0:
        return f"2^{n.bit_length() - 1}"
    return str(n)


def plural(n, word):
    """``1 kernel``, ``2 kernels``."""
    return f"{n} {word}" + ("" if n == 1 else "s")


def _by_size(result):
    return {entry["size"]: entry for entry in result.get("sizes", [])}


def _cell(kernel, system, size, statistic):
    result = kernel["results"].get(system)
    if result is None:
        return None
    if result["status"] != "ok":
        return Cell(status=result["status"], error=result.get("error"))
    measured = _by_size(result)
    if size in measured:
        m = measured[size]
        return Cell("ok", m[statistic], m["spread"], peak_rss=m.get("peak_rss"))
    below = [s for s in measured if s < size]
    if system != "cpython" or not below:
        return Cell(status="missing")
    base = max(below)
    m, work = measured[base], kernel["work"]
    scaled = m[statistic] * work[str(size)] / work[str(base)]
    return Cell("ok", scaled, m["spread"], extrapolated_from=base)


def cases(data):
    """Every (kernel, size) of the run, with a Cell per system (``data["statistic"]``: the median
    of the samples, or their minimum)."""
    statistic = data.get("statistic", "median")
    out = []
    for kernel in data["kernels"]:
        for size in kernel["sizes"]:
            case = Case(kernel, size)
            for system in data["systems"]:
                cell = _cell(kernel, system, size, statistic)
                if cell is not None:
                    case.cells[system] = cell
            out.append(case)
    return out


def geomean(values):
    values = [v for v in values if v]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def compile_time(kernel, system):
    result = kernel["results"].get(system) or {}
    return result.get("compile") if result.get("status") == "ok" else None


def failures(data):
    """(kernel, system, status, error) of every kernel a system could not run."""
    out = []
    for kernel in data["kernels"]:
        for system, result in kernel["results"].items():
            if result["status"] not in ("ok", "n/a"):
                out.append((kernel["name"], system, result["status"], result.get("error", "")))
    return out


def triad_bandwidth(data):
    stream = data.get("stream") or {}
    return stream.get("triad_Bps")
