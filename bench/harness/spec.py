"""What a kernel module declares: :class:`Kernel`, and the comparisons that check its results.

A kernel module in ``bench/kernels/`` is plain Python that runs unchanged under CPython: it imports
neither oxjit nor Numba. It defines

- ``JIT``: the names of its functions that a JIT compiles (the kernels and the helpers they call);
  the worker replaces each by ``njit(function)`` in the module's globals before the first call, so
  compiled functions call each other (and themselves) natively, as ``@njit`` on each would;
- ``KERNELS``: a list of :class:`Kernel`, the benchmarks it offers (usually one);
- optionally ``JIT_OPTIONS``, the keyword arguments of ``njit`` (``{"parallel": True}``), and
  ``prange = range``, which the worker replaces by the JIT's ``prange`` before compiling.

Its C reference, when it has one, is ``bench/c/<module>.c``; :attr:`Kernel.c_call` calls it.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

MODES = ("quick", "full")


@dataclass(frozen=True)
class Kernel:
    """One benchmark: a plain-Python entry point, its inputs, sizes, check and C reference."""

    name: str
    """Unique name, used on the command line and in the report."""
    entry: str
    """Name of the function to call, in the kernel's module."""
    make_inputs: Callable[[int], tuple]
    """Deterministic arguments for a size (same types at every size: one compiled specialisation)."""
    sizes: dict[str, tuple[int, ...]]
    """The sizes timed, per mode (``quick``, ``full``)."""
    python_sizes: dict[str, int]
    """Largest size CPython runs, per mode; larger sizes are extrapolated by :attr:`work`."""
    check_size: int
    """Size of the check run (its first call also measures compile time): small."""
    work: Callable[[int], float]
    """Operations done at a size, up to a constant (for extrapolating CPython's time)."""
    check: Callable[[Any, Any, int], str | None]
    """``check(got, expected, size)``: None if they agree, else what differs."""
    check_note: str
    """How results are compared, in words (for the report)."""
    description: str
    """What the kernel does, in a few words."""
    reference: Callable[..., Any] | None = None
    """A NumPy implementation, to check every system at the timed sizes too (and CPython itself)."""
    c_call: Callable[..., Any] | None = None
    """``c_call(lib, *inputs)``: the C reference, called through ctypes, returning the same result."""
    bytes_moved: Callable[[int], float] | None = None
    """Bytes a call moves to or from memory at a size (STREAM's counting), for bandwidth figures."""
    memory_bound: bool = False
    """Whether the bandwidth target applies."""
    loop: bool = True
    """Whether this is a loop kernel (the C-within-10% target applies where there is a C reference)."""
    size_label: str = "n"
    """What the size is called in the report."""
    tags: tuple[str, ...] = field(default=())
    """Free-form labels (``alloc``, ``float32``, ``complex``...)."""
    input_draws: int = 1
    """How many times the timed inputs are made, each in new memory, the budget shared among
    them; the draw with the median time is reported. For kernels whose time depends on where
    their inputs land in physical memory (random reads of an array the size of the L2 cache
    ran 85 or 136 us from one process to the next, for every system alike)."""


def rng(seed):
    """The generator every kernel draws its inputs from: NumPy's PCG64, seeded."""
    return np.random.default_rng(seed)


def _leaves(value):
    """Flatten a result (scalar, array, tuple of them) into a list of NumPy arrays."""
    if isinstance(value, tuple | list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [np.asarray(value)]


def _shapes_differ(got, expected):
    g, e = _leaves(got), _leaves(expected)
    if len(g) != len(e):
        return f"{len(g)} results, expected {len(e)}"
    for a, b in zip(g, e):
        if a.shape != b.shape:
            return f"shape {a.shape}, expected {b.shape}"
    return None


def exact(got, expected, size=None):
    """Integer results: equal, element for element."""
    del size
    problem = _shapes_differ(got, expected)
    if problem:
        return problem
    for a, b in zip(_leaves(got), _leaves(expected)):
        if not np.array_equal(a, b):
            bad = np.flatnonzero(np.asarray(a != b).ravel())
            return f"{bad.size} elements differ (first at flat index {bad[0]})"
    return None


def close(rtol, atol=0.0):
    """Float results: ``|got - expected| <= atol + rtol * |expected|`` element for element."""

    def check(got, expected, size=None):
        del size
        problem = _shapes_differ(got, expected)
        if problem:
            return problem
        for a, b in zip(_leaves(got), _leaves(expected)):
            if not np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True):
                err = np.max(np.abs(a.astype(np.complex128) - b) / np.maximum(np.abs(b), 1e-300))
                return f"max relative error {err:.3g} > {rtol:g}"
        return None

    return check


def close_in_norm(rtol):
    """Float arrays whose elements may cancel: ``max |got - expected| <= rtol * max |expected|``."""

    def check(got, expected, size=None):
        del size
        problem = _shapes_differ(got, expected)
        if problem:
            return problem
        for a, b in zip(_leaves(got), _leaves(expected)):
            err = np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300)
            if not err <= rtol:
                return f"error {err:.3g} of the largest element > {rtol:g}"
        return None

    return check


def within_sigma(true_value, sigma_of, k=5.0):
    """Monte-Carlo estimates: within ``k`` standard deviations of the true value (the streams of
    random numbers differ between systems, so results cannot be compared with each other)."""

    def check(got, expected, size):
        del expected
        estimate = float(got)
        sigma = sigma_of(size)
        if not abs(estimate - true_value) <= k * sigma:
            return f"{estimate!r} is more than {k:g} sigma ({sigma:.3g}) from {true_value!r}"
        return None

    return check


def pi_sigma(n):
    """Standard deviation of the hit-or-miss estimate of pi from n points."""
    return 4.0 * math.sqrt((math.pi / 4) * (1 - math.pi / 4) / n)
