"""The demo's einsum: a batch of bilinear forms `x_b^T A_b y_b` and a trace inside one compiled
function, checked bit for bit against NumPy's `np.einsum`."""

import numpy as np
import oxjit


@oxjit.njit
def bilinear(x, a, y):
    ax = np.einsum("bij,bj->bi", a, y)
    forms = np.einsum("bi,bi->b", x, ax)
    traces = np.einsum("bii->b", a)
    return forms, traces


def demo_einsum():
    rng = np.random.default_rng(5)
    a = rng.standard_normal((64, 8, 8))
    x, y = rng.standard_normal((64, 8)), rng.standard_normal((64, 8))
    got = bilinear(x, a, y)
    expected = bilinear.py_func(x, a, y)
    for g, e in zip(got, expected):
        assert np.array_equal(g, e), (g, e)
    return (
        f"np.einsum: 64 bilinear forms x^T A y ('bij,bj->bi', 'bi,bi->b') and traces "
        f"('bii->b'): NumPy's values bit for bit (first form {got[0][0]:.4f})"
    )
