"""The demo's axes: npbench's conv2d (a window times the weights, summed over three axes with
`np.sum(..., axis=(1, 2, 3))`) and its Stockham FFT's stride permutation
(`np.transpose(y, axes=(1, 0, 2))`), compared with NumPy."""

import time

import numpy as np
import oxjit


def conv2d(x, w):
    k, n = w.shape[0], x.shape[0]
    out = np.empty((n, x.shape[1] - k + 1, x.shape[2] - k + 1, w.shape[3]), dtype=x.dtype)
    for i in range(out.shape[1]):
        for j in range(out.shape[2]):
            window = x[:, i : i + k, j : j + k, :, np.newaxis]
            out[:, i, j, :] = np.sum(window * w[np.newaxis, :, :, :], axis=(1, 2, 3))
    return out


def permute(y, r):
    return np.transpose(np.reshape(y, (r, r, y.size // (r * r))), axes=(1, 0, 2)).copy()


def demo_axes():
    rng = np.random.default_rng(0)
    x = rng.integers(0, 5, (4, 16, 16, 3)).astype(np.float64)
    w = rng.integers(0, 3, (3, 3, 3, 8)).astype(np.float64)
    compiled = oxjit.njit(conv2d)
    # Integer-valued floats: the sums are exact in any order, so NumPy's bit for bit.
    assert np.array_equal(compiled(x, w), conv2d(x, w))
    start = time.perf_counter()
    compiled(x, w)
    t_jit = time.perf_counter() - start
    start = time.perf_counter()
    conv2d(x, w)
    t_np = time.perf_counter() - start
    y = np.arange(64.0)
    assert np.array_equal(oxjit.njit(permute)(y, 4), permute(y, 4))
    return (
        f"conv2d with np.sum(axis=(1, 2, 3)): {t_jit * 1e3:.2f} ms (NumPy {t_np * 1e3:.2f} ms); "
        f"np.transpose(axes=(1, 0, 2)) as NumPy's"
    )


if __name__ == "__main__":
    print(demo_axes())
