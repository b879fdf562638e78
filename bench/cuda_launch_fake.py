"""Host-side launch overhead of oxjit.cuda, measured against the stand-in libcuda of the tests
(tests/cuda/fake_libcuda.c, built here with the C compiler): its cuLaunchKernel records the
launch and returns, so what is timed is oxjit's own work per launch (argument checks and
packing, the driver call). No GPU needed.

    python bench/cuda_launch_fake.py [launches]     (default 100000)
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def build_fake(tmp):
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        sys.exit("no C compiler to build the stand-in libcuda")
    lib = Path(tmp) / "libcuda.so.1"
    src = ROOT / "tests" / "cuda" / "fake_libcuda.c"
    subprocess.run([cc, "-O1", "-shared", "-fPIC", "-o", str(lib), str(src)], check=True)
    return str(lib)


def per_launch_us(launch, n):
    launch()  # compile and load
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for _ in range(n):
            launch()
        best = min(best, time.perf_counter() - t0)
    return best / n * 1e6


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.pop("OXJIT_ENABLE_CUDASIM", None)
        os.environ["OXJIT_CUDA_DRIVER"] = build_fake(tmp)
        from oxjit import cuda

        @cuda.jit
        def empty():
            pass

        @cuda.jit
        def four(a, b, x, n):
            pass

        a = cuda.device_array(16, np.float32)
        b = cuda.device_array((4, 4), np.float64)
        print(f"empty kernel: {per_launch_us(lambda: empty[1, 1](), n):.2f} us per launch")
        k4 = four[1, 32]
        print(
            "four arguments (two device arrays, a float, an int): "
            f"{per_launch_us(lambda: k4(a, b, 1.5, 3), n):.2f} us per launch"
        )


if __name__ == "__main__":
    main()
