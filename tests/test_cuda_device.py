"""Kernels on a real GPU, compared with NumPy (skipped without a CUDA driver and device: run on a
GPU machine by scripts/gpu_check.sh)."""

import math

import numpy as np
import pytest

pytestmark = [pytest.mark.requires_jit, pytest.mark.requires_oxjit]


@pytest.fixture(scope="module")
def cuda(gpu):
    return gpu


def test_saxpy_numpy_arguments_copied_back(cuda):
    @cuda.jit
    def saxpy(a, x, y, out):
        i = cuda.grid(1)
        if i < out.size:
            out[i] = a * x[i] + y[i]

    x = np.random.default_rng(0).random(10_000).astype(np.float32)
    y = np.arange(10_000, dtype=np.float32)
    out = np.zeros_like(x)
    saxpy[(x.size + 255) // 256, 256](np.float32(2.5), x, y, out)
    np.testing.assert_array_equal(out, np.float32(2.5) * x + y)


def test_device_arrays_and_2d_grid(cuda):
    @cuda.jit
    def add(a, b, out):
        i, j = cuda.grid(2)
        if i < out.shape[0] and j < out.shape[1]:
            out[i, j] = a[i, j] + b[i, j]

    a = np.arange(50 * 70, dtype=np.float64).reshape(50, 70)
    da, db = cuda.to_device(a), cuda.to_device(a.T.copy().T)
    dout = cuda.device_array_like(a)
    add[(7, 9), (8, 8)](da, db, dout)
    np.testing.assert_array_equal(dout.copy_to_host(), a + a)


def test_shared_memory_reduction(cuda):
    @cuda.jit
    def block_sums(a, out):
        s = cuda.shared.array(128, np.float32)
        t = cuda.threadIdx.x
        s[t] = a[cuda.grid(1)]
        cuda.syncthreads()
        k = 64
        while k > 0:
            if t < k:
                s[t] += s[t + k]
            cuda.syncthreads()
            k //= 2
        if t == 0:
            out[cuda.blockIdx.x] = s[0]

    a = np.ones(128 * 16, np.float32)
    out = np.zeros(16, np.float32)
    block_sums[16, 128](a, out)
    np.testing.assert_array_equal(out, np.full(16, 128, np.float32))


def test_atomics_and_votes(cuda):
    @cuda.jit
    def hist(data, bins, votes):
        i = cuda.grid(1)
        if i < data.size:
            cuda.atomic.add(bins, data[i], 1)
        b = cuda.ballot_sync(0xFFFFFFFF, cuda.threadIdx.x % 2 == 0)
        n = cuda.syncthreads_count(cuda.threadIdx.x < 10)
        if i == 0:
            votes[0] = b
            votes[1] = n

    data = np.random.default_rng(1).integers(0, 10, 4096).astype(np.int64)
    bins = np.zeros(10, np.int64)
    votes = np.zeros(2, np.int64)
    hist[16, 256](data, bins, votes)
    np.testing.assert_array_equal(bins, np.bincount(data, minlength=10))
    assert votes.tolist() == [0x55555555, 10]


def test_warp_shuffle_reduction(cuda):
    @cuda.jit
    def warp_sums(a, out):
        t = cuda.threadIdx.x
        v = a[t]
        off = 16
        while off > 0:
            v += cuda.shfl_down_sync(0xFFFFFFFF, v, off)
            off //= 2
        if t % 32 == 0:
            out[t // 32] = v

    for dtype in (np.int32, np.int64, np.float32, np.float64):
        a = np.arange(64, dtype=dtype)
        out = np.zeros(2, dtype)
        warp_sums[1, 64](a, out)
        np.testing.assert_array_equal(out, a.reshape(2, 32).sum(axis=1).astype(dtype))


def test_device_function_and_math(cuda):
    @cuda.jit(device=True)
    def f(x):
        return math.sin(x) * math.exp(-x)

    @cuda.jit
    def k(a, out):
        i = cuda.grid(1)
        if i < a.size:
            out[i] = f(a[i])

    a = np.linspace(0, 3, 1000)
    out = np.zeros_like(a)
    k[4, 256](a, out)
    np.testing.assert_allclose(out, np.sin(a) * np.exp(-a), rtol=1e-15, atol=0)


def test_streams_and_events(cuda):
    @cuda.jit
    def fill(a, v):
        i = cuda.grid(1)
        if i < a.size:
            a[i] = v

    s = cuda.stream()
    start, end = cuda.event(), cuda.event()
    d = cuda.device_array(1 << 20, np.float32)
    start.record(s)
    fill[(1 << 20) // 256, 256, s](d, np.float32(3))
    end.record(s)
    end.synchronize()
    assert start.elapsed_time(end) >= 0
    np.testing.assert_array_equal(d.copy_to_host(stream=s), np.full(1 << 20, 3, np.float32))


def test_launch_over_limits_is_a_clear_error(cuda):
    @cuda.jit
    def k(a):
        pass

    with pytest.raises(ValueError, match="too many threads per block"):
        k[1, 2048](np.zeros(1))


def test_foreign_cuda_array_interface(cuda):
    cp = pytest.importorskip("cupy")

    @cuda.jit
    def double(a):
        i = cuda.grid(1)
        if i < a.size:
            a[i] *= 2

    x = cp.arange(1000, dtype=cp.float64)
    double[4, 256](x)
    np.testing.assert_array_equal(cp.asnumpy(x), np.arange(1000) * 2.0)


def test_vectorize_on_the_gpu(cuda):
    import oxjit

    @oxjit.vectorize(["float32(float32, float32)"], target="cuda")
    def add_mul(x, y):
        return x * y + x

    x = np.random.default_rng(2).random(100_000).astype(np.float32)
    np.testing.assert_array_equal(add_mul(x, x), x * x + x)


def test_dynamic_shared_memory_on_the_gpu(cuda):
    @cuda.jit
    def rotate(a, out):
        dyn = cuda.shared.array(0, np.float32)
        t = cuda.threadIdx.x
        dyn[t] = a[t]
        cuda.syncthreads()
        out[t] = dyn[(t + 1) % cuda.blockDim.x]

    a = np.arange(64, dtype=np.float32)
    out = np.zeros_like(a)
    rotate[1, 64, 0, 64 * 4](a, out)
    np.testing.assert_array_equal(out, np.roll(a, -1))
