"""The kernel benchmark: oxjit against Numba, CPython and C on about twenty numeric kernels.

    python bench/run.py --quick          # about a minute or two
    python bench/run.py                  # the full run (about five minutes)
    python bench/run.py --kernels matmul,fib --systems oxjit,numba --no-startup
    python bench/run.py --report bench/results/kernels-quick.json   # redraw the report only

Every kernel runs under each system in its own fresh process (harness/worker.py): checked against
CPython or NumPy first, then its compile time and run time are measured. The raw results go to
``bench/results/kernels-<mode>.json``; the report (markdown table and PNG plots) to
``docs/benchmarks/``. A benchmark, not a test: it asserts nothing about time. Numba is optional
(its column is left out when it cannot be imported). See bench/README.md.
"""

import argparse
import importlib.util
import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
DOCS = BENCH.parent / "docs" / "benchmarks"


def worker(args):
    """The hidden ``--worker KIND ...`` entry points, run in fresh processes by the driver."""
    kind, *rest = args
    if kind in ("kernel", "compile"):
        from harness import worker

        return worker.main(*rest, time_it=kind == "kernel")
    if kind == "stream":
        from harness import cref, driver

        mode, library = rest
        lib = cref.load(library)
        result = cref.stream(lib, driver.STREAM_SIZE[mode], driver.STREAM_REPEATS[mode])
    elif kind == "overhead":
        from harness import overhead

        result = overhead.run(*rest)
    else:
        raise SystemExit(f"unknown worker {kind!r}")
    print(json.dumps(result))
    return 0


def log(message):
    print(f"  {message}", file=sys.stderr, flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, short timings")
    parser.add_argument("--kernels", help="comma-separated kernel names (default: all)")
    parser.add_argument(
        "--systems",
        default="cpython,numba,oxjit,c",
        help="comma-separated, among cpython, numba, oxjit, c (default: all)",
    )
    parser.add_argument("--no-startup", action="store_true", help="skip import and call overhead")
    parser.add_argument(
        "--startup-json",
        metavar="PATH",
        help="take the import and first-compile figures from bench/startup.py --json PATH "
        "instead of measuring them",
    )
    parser.add_argument(
        "--statistic",
        choices=("median", "min"),
        default="median",
        help="which time of the samples the tables and ratios use (default: median; min is "
        "steadier on a busy machine)",
    )
    parser.add_argument("--json", metavar="PATH", help="where to save the raw results")
    parser.add_argument(
        "--out",
        metavar="DIR",
        help="the report's directory (default: docs/benchmarks for a whole run, "
        "bench/results/report when --kernels or --systems picks a part)",
    )
    parser.add_argument("--no-report", action="store_true", help="do not write the report")
    parser.add_argument(
        "--report", metavar="JSON", help="only redraw the report from saved results"
    )
    parser.add_argument("--worker", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        return worker(args.worker)

    import kernels
    from harness import report
    from harness.driver import run_suite
    from harness.worker import SYSTEMS

    out = Path(args.out) if args.out else DOCS
    if args.report:
        data = json.loads(Path(args.report).read_text())
    else:
        mode = "quick" if args.quick else "full"
        systems = [s.strip() for s in args.systems.split(",") if s.strip()]
        unknown = set(systems) - set(SYSTEMS)
        if unknown:
            parser.error(f"unknown systems: {', '.join(sorted(unknown))}")
        if "numba" in systems and importlib.util.find_spec("numba") is None:
            log("numba cannot be imported here: its column is left out (pip install numba)")
            systems.remove("numba")
        names = set(args.kernels.split(",")) if args.kernels else None
        unknown = (names or set()) - {k.name for _, k in kernels.all_kernels()}
        if unknown:
            parser.error(f"unknown kernels: {', '.join(sorted(unknown))}")
        if not args.out and (names or args.systems != parser.get_default("systems")):
            out = RESULTS / "report"
        figures = None
        if args.startup_json:
            figures = json.loads(Path(args.startup_json).read_text())["results"]
        data = run_suite(
            mode, names, systems, not args.no_startup, startup_figures=figures, log=log
        )
        path = Path(args.json) if args.json else RESULTS / f"kernels-{mode}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=1))
        log(f"raw results: {path}")
    data["statistic"] = args.statistic
    print(report.summary_table(data))
    if not args.no_report:
        written = report.write(data, out)
        log("report: " + ", ".join(str(p) for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
