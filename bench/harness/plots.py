"""The report's PNG plots (matplotlib, a benchmark-only dependency; skipped when missing):
speedup over CPython per case and system, compile time per kernel, oxjit/Numba per case."""

import sys

from harness.results import SYSTEM_NAMES, cases, compile_time

COLORS = {"numba": "#4c72b0", "oxjit": "#dd8452", "c": "#55a868", "cpython": "#8c8c8c"}


def _pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("  matplotlib is not installed: no plots (pip install matplotlib)", file=sys.stderr)
        return None
    return plt


def _save(fig, path):
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return path


def _grouped_bars(ax, labels, series, missing_text="n/a"):
    """Bars for each (name, values) of series side by side per label; None values are marked."""
    width = 0.8 / max(len(series), 1)
    for i, (name, values) in enumerate(series):
        xs = [x + (i - (len(series) - 1) / 2) * width for x in range(len(labels))]
        ax.bar(
            [x for x, v in zip(xs, values) if v],
            [v for v in values if v],
            width,
            label=SYSTEM_NAMES.get(name, name),
            color=COLORS.get(name),
        )
        for x, v in zip(xs, values):
            if not v:
                ax.text(
                    x,
                    0.02,
                    missing_text,
                    rotation=90,
                    ha="center",
                    va="bottom",
                    fontsize=6,
                    color=COLORS.get(name),
                    transform=ax.get_xaxis_transform(),
                )
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, rotation=60, ha="right", fontsize=8)
    ax.legend(fontsize=8)
    ax.grid(axis="y", which="major", alpha=0.3)


def speedup(plt, data, path):
    all_cases = cases(data)
    systems = [s for s in ("numba", "oxjit", "c") if s in data["systems"]]
    series = [(s, [c.ratio("cpython", s) for c in all_cases]) for s in systems]
    fig, ax = plt.subplots(figsize=(max(8, 0.45 * len(all_cases)), 5))
    _grouped_bars(ax, [c.label for c in all_cases], series)
    ax.set_yscale("log")
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_ylabel("speedup over CPython (log)")
    ax.set_title("Run time: speedup over CPython (higher is better; n/a: could not run)")
    return _save(fig, path)


def compile_times(plt, data, path):
    systems = [s for s in ("numba", "oxjit") if s in data["systems"]]
    kernels = data["kernels"]
    series = [
        (s, [compile_time(k, s) and compile_time(k, s) * 1e3 for k in kernels]) for s in systems
    ]
    fig, ax = plt.subplots(figsize=(max(8, 0.45 * len(kernels)), 4.5))
    _grouped_bars(ax, [k["name"] for k in kernels], series)
    ax.set_yscale("log")
    ax.set_ylabel("compile time, ms (log)")
    ax.set_title("Compile time per kernel (lower is better; n/a: could not compile)")
    return _save(fig, path)


def ratio(plt, data, path):
    from matplotlib.ticker import NullFormatter

    all_cases = cases(data)
    labels = [c.label for c in all_cases]
    values = [c.ratio("oxjit", "numba") for c in all_cases]
    fig, ax = plt.subplots(figsize=(7, max(4, 0.28 * len(labels))))
    ys = range(len(labels))
    colors = ["#55a868" if v and v <= 1.1 else "#c44e52" for v in values]
    ax.barh(
        [y for y, v in zip(ys, values) if v],
        [v for v in values if v],
        color=[c for c, v in zip(colors, values) if v],
        left=0,
    )
    for y, v in zip(ys, values):
        if not v:
            ax.text(1.0, y, "  oxjit n/a", va="center", fontsize=7, color="#c44e52")
    ax.set_yticks(list(ys))
    ax.set_yticklabels(labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xscale("log")
    present = [v for v in values if v]
    low, high = min(present + [0.9]), max(present + [1.2])
    ticks = [
        t for t in (0.25, 0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2, 3, 5, 10, 20, 50) if low <= t <= high
    ]
    ax.set_xlim(low / 1.1, high * 1.1)
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.axvline(1.1, color="#c44e52", linewidth=0.8, linestyle="--")
    ax.set_xlabel("run time oxjit / Numba (log; below 1: oxjit faster; dashed: 1.1)")
    ax.set_title("oxjit / Numba per case")
    ax.grid(axis="x", which="major", alpha=0.3)
    return _save(fig, path)


def draw(data, out_dir):
    """Draw the plots into out_dir: {name: path} (empty without matplotlib)."""
    plt = _pyplot()
    if plt is None:
        return {}
    images = {"speedup": out_dir / "speedup.png"}
    speedup(plt, data, images["speedup"])
    if "numba" in data["systems"] and "oxjit" in data["systems"]:
        images["compile"] = compile_times(plt, data, out_dir / "compile.png")
        images["ratio"] = ratio(plt, data, out_dir / "ratio.png")
    plt.close("all")
    return images
