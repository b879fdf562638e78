"""The report: ``docs/benchmarks/report.md`` (tables, targets, notes) and its PNG plots."""

from pathlib import Path

from startup import ROWS as STARTUP_ROWS
from startup import fmt_time

from harness import plots
from harness.results import (
    SYSTEM_NAMES,
    cases,
    compile_time,
    failures,
    fmt_size,
    geomean,
    plural,
    triad_bandwidth,
)

MB = 2**20
CAVEATS = """\
- One thread everywhere; the machine is shared and virtualised, so figures move by several percent
  between runs: compare the columns of one run, not runs.
- CPython's times above its size cap are extrapolated (`~`), not measured.
- C references: the same algorithm, compiled by gcc, called through ctypes on the same inputs.
  Where the Python kernel allocates its result, the C reference's Python wrapper allocates it with
  NumPy (timed with the call) and C fills it; NumPy asks the kernel for huge pages for large
  arrays, which is why C is several times faster on prefix_sum and axpy (the JITs' allocations
  page-fault 4 KiB at a time). C is a reference, not a bound: gcc's code can lose to LLVM's
  (collatz: gcc keeps an unpredictable branch on the parity) or win by transformations the JITs
  do not do (fib: gcc inlines the recursion into itself several levels deep; alloc_loop: gcc
  drops the malloc/free pair). C is compiled with `-ffp-contract=off` so that it rounds as the others do.
- Kernels that update their inputs in place (nbody, laplace, triad, matmul's out) are timed on
  inputs that earlier calls changed; the work per call is the same."""


def _table(header, rows, align=None):
    """A markdown table; ``align`` is a string of ``l``/``r`` per column (default: l then r)."""
    align = align or "l" + "r" * (len(header) - 1)
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join(":---" if a == "l" else "---:" for a in align) + "|")
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _ratio(value):
    return f"{value:.2f}" if value is not None else ""


def _cell_text(cell):
    if cell is None:
        return ""
    if not cell.ok:
        return cell.status
    text = fmt_time(cell.time)
    if cell.extrapolated_from is not None:
        return f"~{text}"
    if cell.spread is not None and cell.spread >= 0.005:
        text += f" ±{100 * cell.spread / 2:.0f}%"
    return text


def _gbps(value):
    return f"{value / 1e9:.1f}" if value else ""


# ---------------------------------------------------------------- the targets


def _oxjit_ok(kernel):
    return kernel["results"].get("oxjit", {}).get("status") == "ok"


def _gap(kernels, what="kernel"):
    """``; 3 kernels oxjit cannot run yet`` (empty when oxjit runs them all), and their count."""
    n = sum(1 for k in kernels if not _oxjit_ok(k))
    return (f"; {plural(n, what)} oxjit cannot run yet" if n else ""), n


def _worst(pairs, highest=True):
    """The (value, label) pair with the highest (or lowest) value, or None."""
    if not pairs:
        return None
    return max(pairs) if highest else min(pairs)


def _target_vs_numba(data, all_cases):
    ratios = [(c.ratio("oxjit", "numba"), c.label) for c in all_cases]
    ratios = [(r, label) for r, label in ratios if r is not None]
    gap, missing = _gap(data["kernels"])
    gm = geomean(r for r, _ in ratios)
    yield (
        "geometric mean of run time oxjit/Numba <= 1",
        (f"{gm:.2f} over {plural(len(ratios), 'case')}" if gm else "no case") + gap,
        "yes" if gm is not None and gm <= 1.0 and not missing else "no",
    )
    slow = [r for r, _ in ratios if r > 1.10]
    worst = _worst(ratios)
    measured = f"{len(slow)} of {plural(len(ratios), 'case')} slower"
    if worst:
        measured += f"; worst {worst[0]:.2f} ({worst[1]})"
    yield (
        "no kernel more than 10% slower than Numba",
        measured + gap,
        "yes" if ratios and not slow and not missing else "no",
    )


def _target_vs_c(data, all_cases):
    loop = [k for k in data["kernels"] if k["loop"] and k["has_c"]]
    names = {k["name"] for k in loop}
    ratios = [(c.ratio("oxjit", "c"), c.label) for c in all_cases if c.kernel["name"] in names]
    ratios = [(r, label) for r, label in ratios if r is not None]
    within = [r for r, _ in ratios if r <= 1.10]
    worst = _worst(ratios)
    gap, missing = _gap(loop, "loop kernel")
    measured = f"{len(within)} of {plural(len(ratios), 'case')}"
    if worst:
        measured += f"; worst {worst[0]:.2f} ({worst[1]})"
    met = ratios and len(within) == len(ratios) and not missing
    yield ("loop kernels within 10% of C -O3", measured + gap, "yes" if met else "no")


def _target_compile(data):
    fractions = []
    for k in data["kernels"]:
        ox, nb = compile_time(k, "oxjit"), compile_time(k, "numba")
        if ox is not None and nb:
            fractions.append((ox / nb, k["name"]))
    good = [f for f, _ in fractions if f <= 0.2]
    gap, missing = _gap(data["kernels"])
    measured = f"{len(good)} of {plural(len(fractions), 'kernel')}"
    if fractions:
        median = sorted(fractions)[len(fractions) // 2][0]
        worst = _worst(fractions)
        measured += f"; median {median:.2f}, worst {worst[0]:.2f} ({worst[1]})"
    met = fractions and len(good) == len(fractions) and not missing
    yield ("compile time per kernel <= 1/5 of Numba's", measured + gap, "yes" if met else "no")


def _target_bandwidth(data, all_cases):
    triad = triad_bandwidth(data)
    bound = [k for k in data["kernels"] if k["memory_bound"]]
    names = {k["name"] for k in bound}
    shares = [
        (c.bandwidth("oxjit") / triad, c.label)
        for c in all_cases
        if c.kernel["name"] in names and c.bandwidth("oxjit")
    ]
    good = [s for s, _ in shares if s >= 0.8]
    worst = _worst(shares, highest=False)
    gap, missing = _gap(bound, "memory-bound kernel")
    measured = f"{len(good)} of {plural(len(shares), 'case')}"
    if worst:
        measured += f"; lowest {100 * worst[0]:.0f}% ({worst[1]})"
    met = shares and len(good) == len(shares) and not missing
    yield (
        "memory-bound kernels >= 80% of the measured (triad) bandwidth",
        measured + gap,
        "yes" if met else "no",
    )


def _numpy_kernel(kernel):
    """Whether the kernel is a whole-array program whose CPython column is NumPy's own code."""
    return "numpy" in kernel.get("tags", ())


def _target_vs_numpy(data, all_cases):
    """Issue 14's whole-array targets: no kernel slower than NumPy, geometric mean >= 1.5x."""
    ratios = [(c.ratio("oxjit", "cpython"), c.label) for c in all_cases if _numpy_kernel(c.kernel)]
    ratios = [(r, label) for r, label in ratios if r is not None and r > 0]
    if not ratios:
        return
    gap, missing = _gap([k for k in data["kernels"] if _numpy_kernel(k)], "whole-array kernel")
    slow = [r for r, _ in ratios if r > 1.0]
    worst = _worst(ratios)
    measured = (
        f"{len(slow)} of {plural(len(ratios), 'case')} slower; worst {worst[0]:.2f} ({worst[1]})"
    )
    met = not slow and not missing
    yield ("whole-array kernels: none slower than NumPy", measured + gap, "yes" if met else "no")
    speedup = 1.0 / geomean(r for r, _ in ratios)
    yield (
        "whole-array kernels: geometric mean of NumPy/oxjit >= 1.5",
        f"{speedup:.2f} over {plural(len(ratios), 'case')}" + gap,
        "yes" if speedup >= 1.5 and not missing else "no",
    )


def targets(data):
    """[(target, measured, met)] for the issue's five targets (reported, never asserted)."""
    all_cases = cases(data)
    systems = data["systems"]
    rows = []
    if "oxjit" not in systems:
        return rows
    if "numba" in systems:
        rows += _target_vs_numba(data, all_cases)
    if "c" in systems:
        rows += _target_vs_c(data, all_cases)
    if "numba" in systems:
        rows += _target_compile(data)
    if triad_bandwidth(data) and any(k["memory_bound"] for k in data["kernels"]):
        rows += _target_bandwidth(data, all_cases)
    if "cpython" in systems:
        rows += _target_vs_numpy(data, all_cases)
    return rows


# ---------------------------------------------------------------- the tables


def summary_table(data):
    """Run times per case and system, with the ratios: the report's main table."""
    systems = data["systems"]
    triad = triad_bandwidth(data)
    header = ["kernel", "size"] + [SYSTEM_NAMES[s] for s in systems]
    if "numba" in systems and "oxjit" in systems:
        header.append("oxjit/Numba")
    if "c" in systems and "oxjit" in systems:
        header.append("oxjit/C")
    if "numba" in systems:
        header.append("Numba/C" if "c" in systems else "")
    numpy_column = "cpython" in systems and "oxjit" in systems
    if numpy_column:
        header.append("oxjit/NumPy")
    if triad and "oxjit" in systems:
        header.append("oxjit GB/s (% triad)")
    header = [h for h in header if h]
    rows = []
    for case in cases(data):
        row = [case.kernel["name"], case.size_text]
        row += [_cell_text(case.cells.get(s)) for s in systems]
        if "numba" in systems and "oxjit" in systems:
            row.append(_ratio(case.ratio("oxjit", "numba")))
        if "c" in systems and "oxjit" in systems:
            row.append(_ratio(case.ratio("oxjit", "c")))
        if "numba" in systems and "c" in systems:
            row.append(_ratio(case.ratio("numba", "c")))
        if numpy_column:
            numpy = _numpy_kernel(case.kernel)
            row.append(_ratio(case.ratio("oxjit", "cpython")) if numpy else "")
        if triad and "oxjit" in systems:
            bw = case.bandwidth("oxjit") if case.kernel["memory_bound"] else None
            row.append(f"{_gbps(bw)} ({100 * bw / triad:.0f}%)" if bw else "")
        rows.append(row)
    return _table(header, rows, "ll" + "r" * (len(header) - 2))


def compile_table(data):
    systems = [s for s in ("numba", "oxjit") if s in data["systems"]]
    header = ["kernel"]
    header += [f"compile {SYSTEM_NAMES[s]}" for s in systems]
    if len(systems) == 2:
        header.append("oxjit/Numba")
    header += [f"compile memory {SYSTEM_NAMES[s]}" for s in systems]
    header += [f"peak RSS {SYSTEM_NAMES[s]}" for s in data["systems"]]
    rows = []
    for kernel in data["kernels"]:
        row = [kernel["name"]]
        times = [compile_time(kernel, s) for s in systems]
        row += [
            fmt_time(t) if t is not None else kernel["results"][s]["status"]
            for s, t in zip(systems, times)
        ]
        if len(systems) == 2:
            row.append(_ratio(times[1] / times[0] if None not in times and times[0] else None))
        for s in systems:
            r = kernel["results"].get(s, {})
            mem = r.get("compile_memory") if r.get("status") == "ok" else None
            row.append(f"{mem / MB:.1f} MB" if mem is not None else "")
        for s in data["systems"]:
            r = kernel["results"].get(s, {})
            peaks = [e["peak_rss"] for e in r.get("sizes", [])] if r.get("status") == "ok" else []
            row.append(f"{max(peaks) / MB:.0f} MB" if peaks else "")
        rows.append(row)
    return _table(header, rows)


def bandwidth_table(data):
    triad = triad_bandwidth(data)
    systems = [s for s in ("numba", "oxjit", "c", "cpython") if s in data["systems"]]
    header = ["kernel", "size", "bytes"] + [f"{SYSTEM_NAMES[s]} GB/s" for s in systems]
    rows = []
    for case in cases(data):
        moved = (case.kernel.get("bytes") or {}).get(str(case.size))
        if not moved:
            continue
        row = [case.kernel["name"] + ("" if case.kernel["memory_bound"] else " (compute)")]
        row += [case.size_text, f"{moved / MB:.0f} MB"]
        for s in systems:
            cell = case.cells.get(s)
            bw = case.bandwidth(s) if cell is not None and cell.extrapolated_from is None else None
            row.append(f"{_gbps(bw)} ({100 * bw / triad:.0f}%)" if bw and triad else _gbps(bw))
        rows.append(row)
    return _table(header, rows, "lll" + "r" * len(systems))


def failure_table(data):
    rows = [
        (k, SYSTEM_NAMES.get(s, s), status, f"`{err}`" if err else "")
        for k, s, status, err in failures(data)
    ]
    return _table(["kernel", "system", "status", "first line of the error"], rows, "llll")


def startup_table(data):
    startup = data.get("startup") or {}
    systems = [s for s in ("oxjit", "numba") if s in startup]
    if not systems:
        return ""
    rows = []
    for key, label in STARTUP_ROWS:
        values = [startup[s].get(key) for s in systems]
        if all(v is None for v in values):
            continue
        row = [label] + [fmt_time(v) for v in values]
        if len(systems) == 2:
            row.append(_ratio(values[0] / values[1] if None not in values and values[1] else None))
        rows.append(row)
    header = ["figure"] + [SYSTEM_NAMES[s] for s in systems]
    if len(systems) == 2:
        header.append("oxjit/Numba")
    return _table(header, rows)


def overhead_table(data):
    overhead = data.get("overhead") or {}
    systems = [s for s in ("oxjit", "numba", "cpython") if overhead.get(s)]
    if not systems:
        return ""
    header = ["arguments"]
    for kind in ("scalar", "array"):
        header += [f"{SYSTEM_NAMES[s]}, {kind}" for s in systems]
    rows = []
    for n in range(5):
        row = [str(n)]
        for kind in ("scalar", "array"):
            row += [fmt_time(overhead[s][kind][n]) for s in systems]
        rows.append(row)
    return _table(header, rows)


def notes_table(data):
    rows = []
    for k in data["kernels"]:
        sizes = ", ".join(fmt_size(s) for s in k["sizes"])
        rows.append(
            (
                k["name"],
                k["description"],
                sizes,
                fmt_size(k["python_size"]),
                "yes" if k["has_c"] else "no",
                k["check_note"],
            )
        )
    return _table(["kernel", "what", "sizes", "CPython up to", "C", "check"], rows, "llllll")


# ---------------------------------------------------------------- the document


RUN_TIME_NOTE = (
    "{statistic} time of one call (± half the interquartile range of the samples, when 1% or more). "
    "Ratios are of medians: below 1, oxjit is faster. `~`: CPython ran a smaller size (see "
    "*CPython up to* below) and its time is extrapolated in proportion to the work. A cell names "
    "the status when a system could not run the kernel. *oxjit/NumPy*: for the whole-array kernels "
    "(harris, the stencils, gauss_sin, the axis reductions, the fancy indexing), whose CPython "
    "column is NumPy's own compiled loops, not interpreted Python."
)
FAILURE_NOTE = (
    "`unsupported`: the first call raised a compile error (what the compiler should support "
    "next); `error`: a run-time error; `wrong`: a result that failed the check; `crash`, "
    "`timeout`: the worker process died or hung."
)
COMPILE_NOTE = (
    "Compile time: first call minus a warm call on the check inputs, in a fresh process whose JIT "
    "was already initialised by compiling a trivial function (so it excludes loading oxjit's "
    "extension and initialising Numba's LLVM: see the startup figures); the median of three such "
    "processes in full mode, one in quick mode. Compile memory: growth of "
    "the peak RSS during that first call. Peak RSS: the whole process, during the timed calls of "
    "the largest size (interpreter, libraries and inputs included)."
)
BANDWIDTH_NOTE = (
    "Bytes a call moves to and from memory (STREAM's counting: the write-allocate traffic of "
    "destinations is not counted) over its time, and the share of this machine's triad "
    "bandwidth. Kernels marked *(compute)* are shown for scale only."
)
OVERHEAD_NOTE = (
    "Call overhead by number of arguments (`timeit`, best of 7, loop included): float scalars, "
    "or 1-d float64 arrays of 10 elements (the function adds the scalars, or the first elements)."
)
CHECK_NOTE = (
    "Every system's result is checked before it is timed: against the plain Python run on the "
    "check size, and against NumPy at every timed size where the kernel has a NumPy reference "
    "(CPython itself is checked against NumPy)."
)


def _header(data):
    m = data["meta"]
    quick = data["mode"] == "quick"
    commit = m.get("oxjit_commit")
    if commit and m.get("oxjit_dirty"):
        commit += " + uncommitted changes"
    versions = f"- oxjit {m['oxjit']}" + (f" (commit {commit})" if commit else "")
    versions += f", Numba {m['numba']} (llvmlite {m['llvmlite']}), CPython {m['python']}, "
    versions += f"NumPy {m['numpy']}"
    generated = f"Generated by `bench/run.py{' --quick' if quick else ''}` "
    generated += f"(`make bench{'-quick' if quick else ''}`) on {m['date']}, {data['mode']} mode, "
    generated += f"in {m['wall'] / 60:.1f} min. Do not edit: rerun."
    machine = f"- Machine: {m['cpu']}, {m['cpus']} CPUs, {m['memory_gib']} GiB, {m['os']}"
    if m.get("load_before") is not None and m.get("load_after") is not None:
        machine += f"; load average {m['load_before']:.2f} before, {m['load_after']:.2f} after"
    lines = ["# oxjit kernel benchmarks", "", generated, "", machine, versions]
    lines.append(f"- C: {m['cc']}, `{m['cflags']}`")
    stream = data.get("stream")
    if stream:
        lines.append(
            f"- Memory bandwidth (STREAM-style, one thread, {stream['n']} doubles per array): "
            f"copy {_gbps(stream['copy_Bps'])} GB/s, triad {_gbps(stream['triad_Bps'])} GB/s"
        )
    return "\n".join(lines)


def markdown(data, images):
    """The whole report.md, given the file names of the plots drawn."""
    parts = [_header(data), "## Targets (reported, not asserted)"]
    rows = targets(data)
    if rows:
        parts.append(_table(["target", "measured", "met"], rows, "lll"))
    else:
        parts.append("None measurable in this run: they compare oxjit with Numba, C or STREAM.")
    statistic = {"median": "Median", "min": "Shortest"}[data.get("statistic", "median")]
    parts += ["## Run time", RUN_TIME_NOTE.format(statistic=statistic), summary_table(data)]
    parts += [f"![{alt}]({images[key]})" for key, alt in IMAGES_RUN if key in images]
    if failures(data):
        parts += ["## Kernels a system could not run", FAILURE_NOTE, failure_table(data)]
    parts += ["## Compile time and memory", COMPILE_NOTE, compile_table(data)]
    if "compile" in images:
        parts.append(f"![compile time]({images['compile']})")
    if triad_bandwidth(data):
        parts += ["## Bandwidth", BANDWIDTH_NOTE, bandwidth_table(data)]
    if data.get("startup"):
        parts.append("## Import, first compile, call overhead")
        parts.append("From `bench/startup.py` (medians of fresh processes; see bench/README.md).")
        parts.append(startup_table(data))
    if data.get("overhead"):
        parts += [OVERHEAD_NOTE, overhead_table(data)]
    parts += ["## The kernels and their checks", CHECK_NOTE, notes_table(data)]
    parts += ["## Caveats", CAVEATS]
    return "\n\n".join(parts) + "\n"


IMAGES_RUN = (("speedup", "speedup over CPython"), ("ratio", "oxjit/Numba"))


def write(data, out_dir):
    """Write report.md and the plots into out_dir; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    images = plots.draw(data, out_dir)
    path = out_dir / "report.md"
    path.write_text(markdown(data, {k: Path(p).name for k, p in images.items()}))
    return [path, *images.values()]
