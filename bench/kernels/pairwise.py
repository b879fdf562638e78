"""Pairwise distances: the full M x M distance matrix of M points (Jake VanderPlas's benchmark)."""

import numpy as np
from harness.cref import function, i64, ptr
from harness.spec import Kernel, close, rng

JIT = ["pairwise_distances"]

DIMS = 3


def pairwise_distances(X):
    """D[i, j] = |X[i] - X[j]|, in a new M x M array."""
    M, N = X.shape
    D = np.empty((M, M))
    for i in range(M):
        for j in range(M):
            d = 0.0
            for k in range(N):
                tmp = X[i, k] - X[j, k]
                d += tmp * tmp
            D[i, j] = np.sqrt(d)
    return D


def make_inputs(m):
    return (rng(8).random((m, DIMS)),)


def reference(X):
    diff = X[:, None, :] - X[None, :, :]
    return np.sqrt((diff * diff).sum(axis=-1))


def c_call(lib, X):
    m, n = X.shape
    out = np.empty((m, m))
    function(lib, "pairwise_distances")(ptr(X), ptr(out), i64(m), i64(n))
    return out


KERNELS = [
    Kernel(
        name="pairwise",
        entry="pairwise_distances",
        description=f"M x M distance matrix of M points in {DIMS}-d, new array",
        make_inputs=make_inputs,
        sizes={"quick": (1000,), "full": (1000, 2500)},
        python_sizes={"quick": 100, "full": 500},
        check_size=40,
        work=lambda m: m * m,
        check=close(1e-12),
        check_note="rtol 1e-12",
        reference=reference,
        c_call=c_call,
        size_label="M",
        tags=("alloc",),
    )
]
