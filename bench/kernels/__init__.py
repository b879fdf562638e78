"""The kernels of the benchmark suite, one module each (see harness/spec.py for what a module
declares). To add one, write ``bench/kernels/<name>.py`` (and ``bench/c/<name>.c`` for its C
reference) and add its name to :data:`MODULES`.
"""

import importlib

MODULES = (
    "matmul",
    "nbody",
    "mandelbrot",
    "black_scholes",
    "mc_pi",
    "laplace",
    "histogram",
    "prefix_sum",
    "pairwise",
    "kmeans",
    "convolution",
    "collatz",
    "primes",
    "fib",
    "strided",
    "poly_f32",
    "dft",
    "array_expr",
    "alloc_loop",
    "triad",
    "prange_energy",
    # Whole-array programs (issue 14 part 3): the CPython column is NumPy's own code.
    "harris",
    "slice_stencil",
    "transcendental",
    "axis_reduce",
    "fancy_index",
    "matvec",
    "np_histogram",
)


def load(module_name):
    """The kernel module ``kernels.<module_name>``, imported."""
    return importlib.import_module(f"kernels.{module_name}")


def all_kernels():
    """Every kernel of the suite, as ``(module name, Kernel)`` pairs, in the suite's order."""
    return [(name, kernel) for name in MODULES for kernel in load(name).KERNELS]


def find(kernel_name):
    """``(module name, Kernel)`` of the kernel called ``kernel_name``."""
    for module_name, kernel in all_kernels():
        if kernel.name == kernel_name:
            return module_name, kernel
    raise KeyError(f"no kernel named {kernel_name!r}")
