"""Smoke test of an installed oxjit wheel (run by scripts/wheel_test.sh in a fresh virtual
environment that has only NumPy and the wheel): scalars, arrays, linear algebra, errors, the
system report and the type information, each compared exactly with CPython's or NumPy's result.
Prints one line per check and "smoke: N passed, 0 failed" at the end; exits 1 on any failure.
"""

import math
import os
import subprocess
import sys

import numpy as np
import oxjit

failures = []
passed = 0


def check(name, got, expected):
    global passed
    same = type(got) is type(expected) and (
        np.array_equal(got, expected) and got.dtype == expected.dtype
        if isinstance(expected, np.ndarray)
        else got == expected
    )
    if same:
        passed += 1
        print(f"ok   {name}")
    else:
        failures.append(name)
        print(f"FAIL {name}: got {got!r}, expected {expected!r}")


def collatz(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def mixed(x, k):
    return math.sqrt(x) * k + (k // 3) - x**0.5


def row_sums(a):
    out = np.zeros(a.shape[0])
    for i in range(a.shape[0]):
        out[i] = a[i].sum()
    return out


def expr(a, b):
    return np.where(a > b, np.sin(a) * 2.0, b - a)


def linalg(a, b):
    x = np.linalg.solve(a, b)
    return a @ x, np.linalg.det(a), np.linalg.inv(a)


def mix32(a, b):
    return (a + b) * 0.5 - a * b


def divide(a, b):
    return a // b


def main():
    # The package must come from site-packages, not from a source checkout.
    where = os.path.dirname(oxjit.__file__)
    check("installed in site-packages", "site-packages" in where, True)

    check("scalars: collatz", oxjit.njit(collatz)(837799), collatz(837799))
    check("scalars: float and int", oxjit.njit(mixed)(2.0, 7), mixed(2.0, 7))
    a = np.arange(12.0).reshape(3, 4)
    check("arrays: loops", oxjit.njit(row_sums)(a), row_sums(a))
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal(50), rng.standard_normal(50)
    check("arrays: expression", oxjit.njit(expr)(x, y), expr(x, y))
    f32 = np.linspace(0, 1, 7, dtype=np.float32)
    check("arrays: float32", oxjit.njit(mix32)(f32, f32[::-1]), mix32(f32, f32[::-1]))
    m = rng.standard_normal((4, 4)) + 4 * np.eye(4)
    v = rng.standard_normal(4)
    got, want = oxjit.njit(linalg)(m, v), linalg(m, v)
    want = (want[0], float(want[1]), want[2])  # a scalar comes back as a Python float
    for name, g, w in zip(("a @ solve(a, b)", "det", "inv"), got, want):
        check(f"linear algebra: {name}", g, w)
    try:
        oxjit.njit(divide)(1, 0)
        check("ZeroDivisionError raised", False, True)
    except ZeroDivisionError as e:
        check("ZeroDivisionError message", str(e), "integer division or modulo by zero")

    report = subprocess.run(
        [sys.executable, "-m", "oxjit"], capture_output=True, text=True, check=False
    )
    check("python -m oxjit exits 0", report.returncode, 0)
    check(
        "report: NumPy version", "NumPy" in report.stdout and np.__version__ in report.stdout, True
    )
    blas = [line for line in report.stdout.splitlines() if line.startswith("NumPy's BLAS")]
    check("report: BLAS found", len(blas) == 1 and ": found: " in blas[0], True)
    for name in ("py.typed", "types.pyi", "decorators.pyi", "dispatcher.pyi"):
        check(f"installed {name}", os.path.isfile(os.path.join(where, name)), True)

    print(f"smoke: {passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
