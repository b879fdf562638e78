"""K-means, one step: assign each point to its nearest centroid, then average each cluster."""

import numpy as np
from harness.cref import function, i64, ptr
from harness.spec import Kernel, close, rng

JIT = ["kmeans_step"]

K = 8
DIMS = 4


def kmeans_step(points, centroids):
    """The new centroids (a new k x d array) after one assignment of the n points."""
    n, d = points.shape
    k = centroids.shape[0]
    sums = np.zeros((k, d))
    counts = np.zeros(k, np.int64)
    for i in range(n):
        best = 0
        best_dist = np.inf
        for c in range(k):
            dist = 0.0
            for j in range(d):
                t = points[i, j] - centroids[c, j]
                dist += t * t
            if dist < best_dist:
                best_dist = dist
                best = c
        counts[best] += 1
        for j in range(d):
            sums[best, j] += points[i, j]
    new = np.empty((k, d))
    for c in range(k):
        for j in range(d):
            if counts[c] > 0:
                new[c, j] = sums[c, j] / counts[c]
            else:
                new[c, j] = centroids[c, j]
    return new


def make_inputs(n):
    g = rng(9)
    return g.random((n, DIMS)), g.random((K, DIMS))


def reference(points, centroids):
    diff = points[:, None, :] - centroids[None, :, :]
    labels = np.argmin((diff * diff).sum(axis=-1), axis=1)
    sums = np.zeros_like(centroids)
    np.add.at(sums, labels, points)
    counts = np.bincount(labels, minlength=len(centroids))[:, None]
    return np.where(counts > 0, sums / np.maximum(counts, 1), centroids)


def c_call(lib, points, centroids):
    n, d = points.shape
    new = np.empty_like(centroids)
    function(lib, "kmeans_step")(ptr(points), ptr(centroids), ptr(new), i64(n), i64(d), i64(K))
    return new


KERNELS = [
    Kernel(
        name="kmeans",
        entry="kmeans_step",
        description=f"one k-means step, n points in {DIMS}-d, k = {K}, new arrays",
        make_inputs=make_inputs,
        sizes={"quick": (1 << 18,), "full": (1 << 20,)},
        python_sizes={"quick": 1 << 11, "full": 1 << 15},
        check_size=2000,
        work=lambda n: n,
        check=close(1e-12),
        check_note="rtol 1e-12 (sums in the same order)",
        reference=reference,
        c_call=c_call,
        tags=("alloc",),
    )
]
