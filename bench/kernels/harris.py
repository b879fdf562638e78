"""A chain of whole-array statements over strided views: the Harris corner response, written as
a NumPy user writes it (issue 14's example). The CPython column is NumPy's own code."""

from harness.spec import Kernel, close_in_norm, rng

JIT = ["harris"]

COLS = 1024


def harris(image):
    """Harris response of an image from its forward differences; every line a whole-array
    statement, every intermediate a temporary NumPy allocates."""
    dx = (image[1:, :] - image[:-1, :])[:, 1:]
    dy = (image[:, 1:] - image[:, :-1])[1:, :]
    a = dx * dx
    b = dx * dy
    c = dy * dy
    det = a * c - b * b
    tr = a + c
    return det - 0.04 * tr * tr


def make_inputs(n):
    return (rng(31).random((n // COLS, COLS)),)


KERNELS = [
    Kernel(
        name="harris",
        entry="harris",
        description=f"Harris response: 8 whole-array statements over strided views, rows of {COLS}",
        make_inputs=make_inputs,
        sizes={"quick": (1 << 16, 1 << 22), "full": (1 << 16, 1 << 22)},
        python_sizes={"quick": 1 << 22, "full": 1 << 22},
        check_size=64 * COLS,
        work=lambda n: n,
        check=close_in_norm(1e-14),
        check_note="1e-14 of the largest element (the same operations; det cancels)",
        reference=harris,
        bytes_moved=lambda n: 16 * n,
        loop=False,
        tags=("numpy", "array expression", "strided"),
    ),
]
