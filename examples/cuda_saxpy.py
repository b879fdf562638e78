"""saxpy as a CUDA kernel with oxjit.cuda: on the GPU when there is one, otherwise in the CPU
simulator (and it says so). Run: python examples/cuda_saxpy.py"""

import os
import time

import numpy as np
from oxjit import cuda


@cuda.jit
def saxpy(a, x, y, out):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = a * x[i] + y[i]


@cuda.jit(debug=True)
def fill_checked(a, value):
    a[cuda.grid(1)] = value  # 64 threads for 50 elements: with debug=True, an IndexError


def device_exception():
    """The IndexError a debug=True kernel reports (from the GPU, or the simulator)."""
    simulated = not cuda.is_available()
    previous = os.environ.get("OXJIT_ENABLE_CUDASIM")
    if simulated:
        os.environ["OXJIT_ENABLE_CUDASIM"] = "1"
    try:
        fill_checked[1, 64](np.zeros(50), 1.0)
    except IndexError as e:
        return str(e)
    finally:
        if previous is None:
            os.environ.pop("OXJIT_ENABLE_CUDASIM", None)
        else:
            os.environ["OXJIT_ENABLE_CUDASIM"] = previous
    raise AssertionError("the out-of-bounds store was not reported")


def run(n):
    """Runs saxpy on `n` float32; returns where it ran and the seconds the launch took."""
    simulated = not cuda.is_available() or os.environ.get("OXJIT_ENABLE_CUDASIM") == "1"
    previous = os.environ.get("OXJIT_ENABLE_CUDASIM")
    if simulated:
        os.environ["OXJIT_ENABLE_CUDASIM"] = "1"
    try:
        rng = np.random.default_rng(0)
        x, y = rng.random(n, dtype=np.float32), rng.random(n, dtype=np.float32)
        out = np.zeros_like(x)
        threads = 128
        t = time.perf_counter()
        saxpy[(n + threads - 1) // threads, threads](np.float32(2.0), x, y, out)
        elapsed = time.perf_counter() - t
        assert np.array_equal(out, np.float32(2.0) * x + y)
    finally:
        if previous is None:
            os.environ.pop("OXJIT_ENABLE_CUDASIM", None)
        else:
            os.environ["OXJIT_ENABLE_CUDASIM"] = previous
    where = "SIMULATED on the CPU (no GPU here)" if simulated else "on the GPU"
    return where, elapsed


if __name__ == "__main__":
    n = 1 << 10 if not cuda.is_available() else 1 << 24
    where, elapsed = run(n)
    print(f"saxpy on {n} float32 {where}: {elapsed * 1e3:.1f} ms, equal to NumPy's result")
    print(f"debug=True kernel writing past the end: IndexError({device_exception()!r})")
