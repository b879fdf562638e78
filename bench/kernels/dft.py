"""A complex kernel: the naive O(n^2) discrete Fourier transform with cmath.exp."""

import cmath

import numpy as np
from harness.cref import function, i64, ptr
from harness.spec import Kernel, close_in_norm, rng

JIT = ["dft"]


def dft(x):
    """The DFT of the complex array x, in a new array (np.fft.fft's convention)."""
    n = x.shape[0]
    out = np.empty(n, np.complex128)
    for k in range(n):
        s = 0j
        for t in range(n):
            s += x[t] * cmath.exp(-2j * cmath.pi * k * t / n)
        out[k] = s
    return out


def make_inputs(n):
    g = rng(14)
    return (g.standard_normal(n) + 1j * g.standard_normal(n),)


def reference(x):
    return np.fft.fft(x)


def c_call(lib, x):
    out = np.empty_like(x)
    function(lib, "dft")(ptr(x), ptr(out), i64(x.shape[0]))
    return out


KERNELS = [
    Kernel(
        name="dft",
        entry="dft",
        description="naive DFT of n complex128 values (cmath.exp), new array",
        make_inputs=make_inputs,
        sizes={"quick": (512,), "full": (512, 2048)},
        python_sizes={"quick": 128, "full": 512},
        check_size=64,
        work=lambda n: n * n,
        check=close_in_norm(1e-9),
        check_note="max error <= 1e-9 x the largest |element| (against np.fft.fft, whose "
        "rounding differs)",
        reference=reference,
        c_call=c_call,
        tags=("complex", "alloc"),
    )
]
