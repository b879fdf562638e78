"""oxjit demo: example programs compiled with oxjit.njit, checked against CPython, and timed.

    python examples/demo.py                 # every suite (see examples/programs/)
    python examples/demo.py --only fib      # rows whose name contains "fib"

For each program it prints the result (asserted equal, in type and value, to CPython's), the time
of the plain Python function, the time of the first compiled call (type inference, LLVM and one
run), the steady-state time of a compiled call and the speedup over CPython. Exits with status 1
if a compiled result differs from CPython's or a program fails to compile.
"""

import argparse
import importlib.util
import math
import platform
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import extras
import oxjit
from programs import SUITES


def load_suite(name, compiled):
    """The suite module: the plain one, or a separate copy with its ``JIT`` functions compiled."""
    if not compiled:
        return importlib.import_module(f"programs.{name}")
    path = HERE / "programs" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"programs.{name}__oxjit", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    # Replace every function before any is called: compiled code reads its callees from the
    # module's globals when it is compiled, and must find the dispatchers there.
    for func in module.JIT:
        setattr(module, func, oxjit.njit(getattr(module, func)))
    return module


def same(a, b):
    """Same type and same value (NaN equal to NaN, -0.0 not equal to 0.0), through tuples."""
    if type(a) is not type(b):
        return False
    if isinstance(a, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (
            a == b and math.copysign(1, a) == math.copysign(1, b)
        )
    if isinstance(a, complex):
        return same(a.real, b.real) and same(a.imag, b.imag)
    return a == b


def best_time(func, args, budget):
    """The best time of one call, in seconds: calls batched so a batch takes >= 10 ms, batches
    repeated for about ``budget`` seconds (at least 3 batches, at most 20)."""
    number = 1
    while True:
        start = time.perf_counter()
        for _ in range(number):
            func(*args)
        elapsed = time.perf_counter() - start
        if elapsed >= 0.01 or number >= 10**7:
            break
        number *= 10
    times = [elapsed / number]
    deadline = time.perf_counter() + budget
    while len(times) < 3 or (time.perf_counter() < deadline and len(times) < 20):
        start = time.perf_counter()
        for _ in range(number):
            func(*args)
        times.append((time.perf_counter() - start) / number)
    return min(times)


def fmt_time(seconds):
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def fmt_ratio(ratio):
    return f"{ratio:,.0f}x" if ratio >= 100 else f"{ratio:.1f}x" if ratio >= 1 else f"{ratio:.2f}x"


def fmt_result(value, width=26):
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def signature_of(dispatcher):
    sigs = getattr(dispatcher, "nopython_signatures", None)
    return str(sigs[-1]) if sigs else "?"


def run_program(program, plain, compiled, budget):
    """A dict of the row's cells; raises AssertionError when the results differ."""
    py_func = getattr(plain, program.func)
    jit_func = getattr(compiled, program.func)

    expected = py_func(*program.arguments())
    t_python = best_time(py_func, program.arguments(), budget)

    args = program.arguments()
    start = time.perf_counter()
    result = jit_func(*args)
    t_first = time.perf_counter() - start

    if not (program.same or same)(result, expected):
        raise AssertionError(f"compiled result {result!r} != CPython's {expected!r}")
    t_compiled = best_time(jit_func, program.arguments(), budget)
    return {
        "program": program.name,
        "result": fmt_result(result),
        "signature": signature_of(jit_func),
        "python": fmt_time(t_python),
        "first call": fmt_time(t_first),
        "compiled": fmt_time(t_compiled),
        "speedup": fmt_ratio(t_python / t_compiled),
    }


COLUMNS = ["program", "result", "signature", "python", "first call", "compiled", "speedup"]
RIGHT = {"python", "first call", "compiled", "speedup"}


def print_table(rows):
    widths = {c: max(len(c), *(len(r.get(c, "")) for r in rows)) for c in COLUMNS}

    def line(cells):
        parts = []
        for c in COLUMNS:
            cell = cells.get(c, "")
            parts.append(cell.rjust(widths[c]) if c in RIGHT else cell.ljust(widths[c]))
        return "  ".join(parts).rstrip()

    print(line({c: c for c in COLUMNS}))
    print(line({c: "-" * widths[c] for c in COLUMNS}))
    for row in rows:
        print(line(row))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", action="append", choices=SUITES, help="run only this suite")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="TEXT",
        help="run only programs whose name contains TEXT (repeatable)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=0.3,
        metavar="SECONDS",
        help="time spent timing each program, per system (default 0.3)",
    )
    args = parser.parse_args(argv)

    print(
        f"oxjit {oxjit.__version__} demo — CPython {platform.python_version()}, "
        f"{platform.machine()}, {platform.system()}"
    )
    print()
    rows, failures = [], []
    for suite in args.suite or SUITES:
        plain = load_suite(suite, compiled=False)
        compiled = load_suite(suite, compiled=True)
        for program in plain.PROGRAMS:
            if args.only and not any(text in program.name for text in args.only):
                continue
            if sys.stderr.isatty():
                print(f"\r\033[K  running {program.name}", end="", file=sys.stderr, flush=True)
            try:
                rows.append(run_program(program, plain, compiled, args.budget))
            except Exception as exc:  # noqa: BLE001 (report it, go on with the next program)
                failures.append((program.name, exc))
                rows.append({"program": program.name, "result": f"FAILED: {type(exc).__name__}"})
                traceback.print_exc()
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr, flush=True)
    print_table(rows)
    print()
    print("python: best time of the plain function in CPython; first call: oxjit's first call,")
    print("compile (type inference + LLVM) included; compiled: best time of a later call;")
    print("speedup: python / compiled. Results are checked equal to CPython's, type and value.")
    if not args.only and not args.suite:
        print()
        print("Around the compiled code (examples/extras.py):")
        for demo in extras.DEMOS:
            try:
                print(f"  {demo()}")
            except Exception as exc:  # noqa: BLE001 (report it, go on with the next one)
                failures.append((demo.__name__, exc))
                traceback.print_exc()
    if failures:
        print()
        for name, exc in failures:
            print(f"FAILED {name}: {type(exc).__name__}: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
