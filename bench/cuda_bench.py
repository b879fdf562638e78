"""The CUDA target's figures on a GPU (run by scripts/gpu_check.sh): time to compile a first
kernel to PTX, launch overhead of an empty kernel, saxpy on 2^26 float32 (GB/s, counting the
three arrays read or written), a naive and a shared-memory tiled float32 matmul (GFLOP/s), with
numba-cuda and CuPy (its cuBLAS matmul) beside them when they import.
Prints one line per measure; nothing is written."""

import os
import subprocess
import sys
import time

import numpy as np

N = 1 << 26
LAUNCHES = 20000
REPEATS = 20
MATMUL_N = 2048
TPB = 16  # the tiled matmul's tile edge (threads per block along each axis)

FIRST_COMPILE = """
import time
t0 = time.perf_counter()
from oxjit import cuda
@cuda.jit
def saxpy(a, x, y, out):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = a * x[i] + y[i]
t1 = time.perf_counter()
saxpy.inspect_asm("void(float32, float32[::1], float32[::1], float32[::1])")
t2 = time.perf_counter()
print(f"{(t1 - t0) * 1e3:.1f} {(t2 - t1) * 1e3:.1f}")
"""


def report(name, value, unit):
    print(f"{name:<48} {value:10.2f} {unit}")


def first_compile():
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "first_compile.py")
        with open(path, "w") as f:
            f.write(FIRST_COMPILE)
        out = subprocess.run([sys.executable, path], capture_output=True, text=True, check=True)
    imp, comp = (float(x) for x in out.stdout.split())
    report("oxjit: import oxjit.cuda + decorate", imp, "ms")
    report("oxjit: first kernel to PTX (saxpy)", comp, "ms")


def timed_launches(launch, sync):
    launch()
    sync()
    t0 = time.perf_counter()
    for _ in range(LAUNCHES):
        launch()
    sync()
    return (time.perf_counter() - t0) / LAUNCHES * 1e6


def saxpy_gbs(run, sync, event_pair=None):
    run()
    sync()
    best = float("inf")
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        run()
        sync()
        best = min(best, time.perf_counter() - t0)
    return 3 * 4 * N / best / 1e9


def matmul_kernels(cuda, float32):
    """The same two matmul kernels, compiled by whichever `cuda` module is given."""

    @cuda.jit
    def naive(a, b, c):
        i, j = cuda.grid(2)
        if i < c.shape[0] and j < c.shape[1]:
            acc = float32(0.0)
            for k in range(a.shape[1]):
                acc += a[i, k] * b[k, j]
            c[i, j] = acc

    @cuda.jit
    def tiled(a, b, c):
        sa = cuda.shared.array(shape=(TPB, TPB), dtype=float32)
        sb = cuda.shared.array(shape=(TPB, TPB), dtype=float32)
        tx = cuda.threadIdx.x
        ty = cuda.threadIdx.y
        i, j = cuda.grid(2)
        acc = float32(0.0)
        for t in range((a.shape[1] + TPB - 1) // TPB):
            # Numba's documented tiling: thread (tx, ty) computes c[i, j] with i along x.
            sa[tx, ty] = 0
            sb[tx, ty] = 0
            if i < a.shape[0] and t * TPB + ty < a.shape[1]:
                sa[tx, ty] = a[i, t * TPB + ty]
            if j < b.shape[1] and t * TPB + tx < b.shape[0]:
                sb[tx, ty] = b[t * TPB + tx, j]
            cuda.syncthreads()
            for k in range(TPB):
                acc += sa[tx, k] * sb[k, ty]
            cuda.syncthreads()
        if i < c.shape[0] and j < c.shape[1]:
            c[i, j] = acc

    return naive, tiled


def bench_matmul(label, cuda, float32):
    """GFLOP/s of the naive and tiled kernels on MATMUL_N² float32, checked against NumPy.
    cuda.grid(2) gives (x, y): x runs along rows here (i), as in Numba's documented example."""
    n = MATMUL_N
    rng = np.random.default_rng(0)
    a_host = rng.random((n, n), dtype=np.float32)
    b_host = rng.random((n, n), dtype=np.float32)
    a, b = cuda.to_device(a_host), cuda.to_device(b_host)
    c = cuda.device_array((n, n), np.float32)
    expect = a_host @ b_host
    blocks = ((n + TPB - 1) // TPB, (n + TPB - 1) // TPB)
    for name, kernel in zip(("naive", "tiled"), matmul_kernels(cuda, float32), strict=True):
        kernel[blocks, (TPB, TPB)](a, b, c)
        cuda.synchronize()
        best = float("inf")
        for _ in range(5):
            t0 = time.perf_counter()
            kernel[blocks, (TPB, TPB)](a, b, c)
            cuda.synchronize()
            best = min(best, time.perf_counter() - t0)
        report(f"{label}: {name} matmul {n}² float32", 2 * n**3 / best / 1e9, "GFLOP/s")
        ok = np.allclose(c.copy_to_host(), expect, rtol=1e-3, atol=1e-2)
        print(f"{label}: {name} matmul matches NumPy:", bool(ok))


def bench_oxjit():
    from oxjit import cuda

    @cuda.jit
    def empty():
        pass

    @cuda.jit
    def saxpy(a, x, y, out):
        i = cuda.grid(1)
        if i < out.size:
            out[i] = a * x[i] + y[i]

    t0 = time.perf_counter()
    empty[1, 1]()
    cuda.synchronize()
    report(
        "oxjit: first launch of an empty kernel (compile+load)",
        (time.perf_counter() - t0) * 1e3,
        "ms",
    )
    report(
        "oxjit: empty kernel launch overhead",
        timed_launches(lambda: empty[1, 1](), cuda.synchronize),
        "us",
    )
    x = cuda.to_device(np.random.rand(N).astype(np.float32))
    y = cuda.to_device(np.random.rand(N).astype(np.float32))
    out = cuda.device_array(N, np.float32)
    a = np.float32(2.0)
    blocks = (N + 255) // 256
    gbs = saxpy_gbs(lambda: saxpy[blocks, 256](a, x, y, out), cuda.synchronize)
    report("oxjit: saxpy 2^26 float32", gbs, "GB/s")
    host = out.copy_to_host()
    expect = a * x.copy_to_host() + y.copy_to_host()
    print("oxjit: saxpy result matches NumPy:", bool(np.allclose(host, expect, rtol=1e-6)))
    bench_matmul("oxjit", cuda, np.float32)


def bench_numba():
    if not hasattr(np, "row_stack"):
        np.row_stack = np.vstack  # numba-cuda 0.30 still uses it (gone in NumPy 2.5)
    try:
        t0 = time.perf_counter()
        from numba import cuda
    except Exception as e:  # noqa: BLE001
        print(f"numba-cuda: not measured ({type(e).__name__}: {e})")
        return
    report("numba-cuda: import numba.cuda", (time.perf_counter() - t0) * 1e3, "ms")

    @cuda.jit
    def empty():
        pass

    @cuda.jit
    def saxpy(a, x, y, out):
        i = cuda.grid(1)
        if i < out.size:
            out[i] = a * x[i] + y[i]

    t0 = time.perf_counter()
    empty[1, 1]()
    cuda.synchronize()
    report("numba-cuda: first launch of an empty kernel", (time.perf_counter() - t0) * 1e3, "ms")
    report(
        "numba-cuda: empty kernel launch overhead",
        timed_launches(lambda: empty[1, 1](), cuda.synchronize),
        "us",
    )
    x = cuda.to_device(np.random.rand(N).astype(np.float32))
    y = cuda.to_device(np.random.rand(N).astype(np.float32))
    out = cuda.device_array(N, np.float32)
    blocks = (N + 255) // 256
    gbs = saxpy_gbs(lambda: saxpy[blocks, 256](np.float32(2.0), x, y, out), cuda.synchronize)
    report("numba-cuda: saxpy 2^26 float32", gbs, "GB/s")
    from numba import float32

    bench_matmul("numba-cuda", cuda, float32)


def bench_cupy():
    try:
        import cupy as cp
    except Exception as e:  # noqa: BLE001
        print(f"cupy: not measured ({type(e).__name__}: {e})")
        return
    x = cp.random.rand(N, dtype=cp.float32)
    y = cp.random.rand(N, dtype=cp.float32)
    out = cp.empty_like(x)
    k = cp.ElementwiseKernel("float32 a, float32 x, float32 y", "float32 z", "z = a * x + y")
    sync = cp.cuda.runtime.deviceSynchronize
    report(
        "cupy: saxpy ElementwiseKernel 2^26 float32",
        saxpy_gbs(lambda: k(cp.float32(2.0), x, y, out), sync),
        "GB/s",
    )
    src = cp.empty_like(x)
    best = float("inf")
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        src[...] = x
        sync()
        best = min(best, time.perf_counter() - t0)
    report("cupy: device copy 2^26 float32", 2 * 4 * N / best / 1e9, "GB/s")
    a = cp.random.rand(MATMUL_N, MATMUL_N, dtype=cp.float32)
    b = cp.random.rand(MATMUL_N, MATMUL_N, dtype=cp.float32)
    a @ b
    sync()
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        a @ b
        sync()
        best = min(best, time.perf_counter() - t0)
    report(f"cupy: cuBLAS matmul {MATMUL_N}² float32", 2 * MATMUL_N**3 / best / 1e9, "GFLOP/s")


def main():
    os.environ.pop("OXJIT_ENABLE_CUDASIM", None)
    first_compile()
    from oxjit import cuda

    if not cuda.is_available():
        print("no CUDA device here: launch and bandwidth not measured")
        return
    bench_oxjit()
    bench_numba()
    bench_cupy()


if __name__ == "__main__":
    main()
