"""Fancy indexing: gathering ``a[idx]`` by an integer array and selecting ``a[mask]`` by a
boolean one. The CPython column is NumPy's own code."""

from harness.spec import Kernel, exact, rng

JIT = ["gather", "select"]


def gather(a, idx):
    """The items of a at the indices idx (random, in range), a new array."""
    return a[idx]


def select(a, mask):
    """The items of a where mask is true (about half), a new array."""
    return a[mask]


def make_gather_inputs(n):
    g = rng(36)
    return g.random(n), g.integers(0, n, n)


def make_select_inputs(n):
    g = rng(37)
    return g.random(n), g.random(n) < 0.5


def _kernel(name, description, make_inputs, reference):
    return Kernel(
        name=name,
        entry=name,
        description=description,
        make_inputs=make_inputs,
        sizes={"quick": (1 << 16, 1 << 22), "full": (1 << 16, 1 << 22)},
        python_sizes={"quick": 1 << 22, "full": 1 << 22},
        check_size=10_000,
        work=lambda n: n,
        check=exact,
        check_note="exact (items are copied)",
        reference=reference,
        loop=False,
        tags=("numpy", "fancy indexing"),
        # Random reads of an array the size of Zen 1's L2: its pages' placement decides.
        input_draws=5,
    )


KERNELS = [
    _kernel(
        "gather", "a[idx], idx n random int64 indices into n float64", make_gather_inputs, gather
    ),
    _kernel("select", "a[mask], mask n random bools (half true)", make_select_inputs, select),
]
