"""The CUDA target's figures on a GPU (run by scripts/gpu_check.sh): time to compile a first
kernel to PTX, launch overhead of an empty kernel, saxpy on 2^26 float32 (GB/s, counting the
three arrays read or written), with numba-cuda and CuPy beside them when they import.
Prints one line per measure; nothing is written."""

import os
import subprocess
import sys
import time

import numpy as np

N = 1 << 26
LAUNCHES = 20000
REPEATS = 20

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
