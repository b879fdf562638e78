"""oxjit.cuda in the simulator (OXJIT_ENABLE_CUDASIM=1): every kernel feature, compared with
NumPy. The kernels are written as for a GPU; the simulator runs each block's threads as Python
threads, so barriers and shared memory behave as on the device."""

import numpy as np
import pytest
from conftest import same_array

pytestmark = pytest.mark.requires_oxjit


@pytest.fixture(autouse=True)
def _simulator(monkeypatch):
    monkeypatch.setenv("OXJIT_ENABLE_CUDASIM", "1")


@pytest.fixture
def cuda():
    from oxjit import cuda

    return cuda


def check(got, expected):
    """Same dtype, shape and elements (the layout of a result view is not the point here)."""
    got, expected = np.array(got, order="C"), np.array(expected, order="C")
    assert same_array(got, expected), (got, expected)


# -- indices ------------------------------------------------------------------------------------


def test_saxpy_1d(cuda):
    @cuda.jit
    def saxpy(a, x, y, out):
        i = cuda.grid(1)
        if i < out.size:
            out[i] = a * x[i] + y[i]

    for dtype in (np.float32, np.float64):
        x = np.linspace(0, 1, 100, dtype=dtype)
        y = np.arange(100, dtype=dtype)
        out = np.zeros_like(x)
        saxpy[4, 32](dtype(2.5), x, y, out)
        check(out, dtype(2.5) * x + y)


def test_grid_2d_stride_loop(cuda):
    @cuda.jit
    def add(a, b, out):
        x0, y0 = cuda.grid(2)
        sx, sy = cuda.gridsize(2)
        for i in range(x0, out.shape[0], sx):
            for j in range(y0, out.shape[1], sy):
                out[i, j] = a[i, j] + b[i, j]

    a = np.arange(70, dtype=np.int64).reshape(7, 10)
    b = a * 3
    out = np.zeros_like(a)
    add[(2, 2), (2, 3)](a, b, out)
    check(out, a + b)


def test_indices_3d(cuda):
    @cuda.jit
    def record(out):
        x, y, z = cuda.grid(3)
        out[x, y, z, 0] = cuda.threadIdx.x + 10 * cuda.threadIdx.y + 100 * cuda.threadIdx.z
        out[x, y, z, 1] = cuda.blockIdx.x + 10 * cuda.blockIdx.y + 100 * cuda.blockIdx.z
        out[x, y, z, 2] = cuda.blockDim.x + 10 * cuda.blockDim.y + 100 * cuda.blockDim.z
        out[x, y, z, 3] = cuda.gridDim.x + 10 * cuda.gridDim.y + 100 * cuda.gridDim.z
        sx, sy, sz = cuda.gridsize(3)
        out[x, y, z, 4] = sx + 10 * sy + 100 * sz

    grid, block = (2, 1, 2), (2, 3, 1)
    out = np.zeros((4, 3, 2, 5), np.int64)
    record[grid, block](out)
    x, y, z = np.meshgrid(np.arange(4), np.arange(3), np.arange(2), indexing="ij")
    tx, ty, tz = x % 2, y % 3, z % 1
    bx, by, bz = x // 2, y // 3, z // 1
    check(out[..., 0], tx + 10 * ty + 100 * tz)
    check(out[..., 1], bx + 10 * by + 100 * bz)
    check(out[..., 2], np.full_like(x, 2 + 30 + 100))
    check(out[..., 3], np.full_like(x, 2 + 10 + 200))
    check(out[..., 4], np.full_like(x, 4 + 30 + 200))


def test_forall(cuda):
    @cuda.jit
    def double(a):
        i = cuda.grid(1)
        if i < a.size:
            a[i] *= 2

    a = np.arange(300, dtype=np.int32)
    double.forall(a.size)(a)
    check(a, np.arange(300, dtype=np.int32) * 2)


# -- shared, local and constant memory ----------------------------------------------------------


def test_shared_reduction_with_syncthreads(cuda):
    @cuda.jit
    def block_sums(a, out):
        s = cuda.shared.array(64, np.float64)
        t = cuda.threadIdx.x
        s[t] = a[cuda.grid(1)]
        cuda.syncthreads()
        k = 32
        while k > 0:
            if t < k:
                s[t] += s[t + k]
            cuda.syncthreads()
            k //= 2
        if t == 0:
            out[cuda.blockIdx.x] = s[0]

    a = np.random.default_rng(1).random(256)
    out = np.zeros(4)
    block_sums[4, 64](a, out)
    np.testing.assert_allclose(out, a.reshape(4, 64).sum(axis=1), rtol=1e-12)


def test_two_shared_arrays_do_not_alias(cuda):
    @cuda.jit
    def reverse_both(a, out):
        s = cuda.shared.array(8, np.int64)
        r = cuda.shared.array((8,), np.int64)
        t = cuda.threadIdx.x
        s[t] = a[t]
        r[t] = -a[t]
        cuda.syncthreads()
        out[0, t] = s[7 - t]
        out[1, t] = r[7 - t]

    a = np.arange(8, dtype=np.int64)
    out = np.zeros((2, 8), np.int64)
    reverse_both[1, 8](a, out)
    check(out, np.stack([a[::-1], -a[::-1]]))


def test_shared_arrays_are_per_block(cuda):
    @cuda.jit
    def per_block(out):
        s = cuda.shared.array(1, np.int64)
        if cuda.threadIdx.x == 0:
            s[0] = 0
        cuda.syncthreads()
        cuda.atomic.add(s, 0, 1)
        cuda.syncthreads()
        if cuda.threadIdx.x == 0:
            out[cuda.blockIdx.x] = s[0]

    out = np.zeros(3, np.int64)
    per_block[3, 5](out)
    check(out, np.full(3, 5, np.int64))


def test_dynamic_shared_memory(cuda):
    @cuda.jit
    def rotate(a, out):
        dyn = cuda.shared.array(0, np.float32)
        t = cuda.threadIdx.x
        dyn[t] = a[t]
        cuda.syncthreads()
        out[t] = dyn[(t + 1) % cuda.blockDim.x]

    a = np.arange(16, dtype=np.float32)
    out = np.zeros_like(a)
    rotate[1, 16, 0, 16 * 4](a, out)
    check(out, np.roll(a, -1))


def test_local_array(cuda):
    @cuda.jit
    def cumulative(a, out):
        i = cuda.grid(1)
        tmp = cuda.local.array(4, np.int64)
        acc = 0
        for k in range(4):
            acc += a[i, k]
            tmp[k] = acc
        for k in range(4):
            out[i, k] = tmp[k]

    a = np.arange(24, dtype=np.int64).reshape(6, 4)
    out = np.zeros_like(a)
    cumulative[2, 3](a, out)
    check(out, np.cumsum(a, axis=1))


def test_const_array_like(cuda):
    table = np.array([1.5, 2.5, 4.0])

    @cuda.jit
    def lookup(idx, out):
        c = cuda.const.array_like(table)
        i = cuda.grid(1)
        out[i] = c[idx[i]]

    idx = np.array([2, 0, 1, 1], dtype=np.int64)
    out = np.zeros(4)
    lookup[1, 4](idx, out)
    check(out, table[idx])

    @cuda.jit
    def write_const(out):
        c = cuda.const.array_like(table)
        c[0] = 1.0

    with pytest.raises(ValueError, match="read-only"):
        write_const[1, 1](out)


def test_syncthreads_variants(cuda):
    @cuda.jit
    def votes(a, out):
        t = cuda.threadIdx.x
        out[0] = cuda.syncthreads_count(a[t] > 2)
        out[1] = cuda.syncthreads_and(a[t] > 0)
        out[2] = cuda.syncthreads_and(a[t] > 1)
        out[3] = cuda.syncthreads_or(a[t] > 4)
        out[4] = cuda.syncthreads_or(a[t] > 5)

    a = np.array([1, 2, 3, 4, 5], dtype=np.int64)
    out = np.zeros(5, np.int64)
    votes[1, 5](a, out)
    check(out, np.array([3, 1, 0, 1, 0]))


# -- atomics --------------------------------------------------------------------------------------


def test_atomic_add_histogram(cuda):
    @cuda.jit
    def histogram(data, bins):
        i = cuda.grid(1)
        if i < data.size:
            cuda.atomic.add(bins, data[i], 1)

    data = np.random.default_rng(2).integers(0, 10, 500)
    bins = np.zeros(10, np.int64)
    histogram[8, 64](data, bins)
    check(bins, np.bincount(data, minlength=10).astype(np.int64))


def test_atomics_return_old_values(cuda):
    @cuda.jit
    def ops(a, old):
        old[0] = cuda.atomic.add(a, 0, 5)
        old[1] = cuda.atomic.sub(a, 1, 3)
        old[2] = cuda.atomic.max(a, 2, 9)
        old[3] = cuda.atomic.min(a, 3, -4)
        old[4] = cuda.atomic.exch(a, 4, 42)
        old[5] = cuda.atomic.cas(a, 5, 6, 60)
        old[6] = cuda.atomic.cas(a, 6, 0, 70)
        old[7] = cuda.atomic.and_(a, 7, 0b1010)
        old[8] = cuda.atomic.or_(a, 8, 0b0101)
        old[9] = cuda.atomic.xor(a, 9, 0b1111)

    a = np.arange(1, 11, dtype=np.int64)
    old = np.zeros(10, np.int64)
    ops[1, 1](a, old)
    check(old, np.arange(1, 11, dtype=np.int64))
    check(a, np.array([6, -1, 9, -4, 42, 60, 7, 8 & 10, 9 | 5, 10 ^ 15], dtype=np.int64))


def test_atomic_max_min_2d_index(cuda):
    @cuda.jit
    def extremes(data, out):
        i = cuda.grid(1)
        if i < data.size:
            cuda.atomic.max(out, (0, 0), data[i])
            cuda.atomic.min(out, (0, 1), data[i])

    data = np.random.default_rng(3).normal(size=300)
    out = np.array([[-np.inf, np.inf]])
    extremes[3, 128](data, out)
    check(out, np.array([[data.max(), data.min()]]))


def test_atomic_cas_lock_counter(cuda):
    @cuda.jit
    def count(counter):
        # Every thread increments through a compare-and-swap loop.
        while True:
            seen = counter[0]
            if cuda.atomic.cas(counter, 0, seen, seen + 1) == seen:
                break

    counter = np.zeros(1, np.int32)
    count[2, 16](counter)
    check(counter, np.array([32], np.int32))


# -- warp intrinsics ------------------------------------------------------------------------------


def test_shfl_down_warp_reduction(cuda):
    @cuda.jit
    def warp_sums(a, out):
        t = cuda.threadIdx.x
        v = a[t]
        offset = 16
        while offset > 0:
            v += cuda.shfl_down_sync(0xFFFFFFFF, v, offset)
            offset //= 2
        if t % 32 == 0:
            out[t // 32] = v

    a = np.arange(64, dtype=np.int64)
    out = np.zeros(2, np.int64)
    warp_sums[1, 64](a, out)
    check(out, a.reshape(2, 32).sum(axis=1))


def test_shfl_up_inclusive_scan(cuda):
    @cuda.jit
    def scan(a, out):
        t = cuda.threadIdx.x
        lane = t % 32
        v = a[t]
        delta = 1
        while delta < 32:
            n = cuda.shfl_up_sync(0xFFFFFFFF, v, delta)
            if lane >= delta:
                v += n
            delta *= 2
        out[t] = v

    a = np.arange(1, 33, dtype=np.int64)
    out = np.zeros_like(a)
    scan[1, 32](a, out)
    check(out, np.cumsum(a))


def test_shfl_sync_broadcast_and_xor(cuda):
    @cuda.jit
    def shuffles(a, out):
        t = cuda.threadIdx.x
        out[0, t] = cuda.shfl_sync(0xFFFFFFFF, a[t], 5)
        out[1, t] = cuda.shfl_xor_sync(0xFFFFFFFF, a[t], 1)
        out[2, t] = cuda.shfl_down_sync(0xFFFFFFFF, a[t], 31)

    a = np.arange(100, 132, dtype=np.int64)
    out = np.zeros((3, 32), np.int64)
    shuffles[1, 32](a, out)
    lanes = np.arange(32)
    check(out[0], np.full(32, 105))
    check(out[1], a[lanes ^ 1])
    check(out[2], np.where(lanes + 31 < 32, a[np.minimum(lanes + 31, 31)], a))


def test_votes(cuda):
    @cuda.jit
    def vote(a, out):
        t = cuda.threadIdx.x
        out[0] = cuda.ballot_sync(0xFFFFFFFF, a[t] % 2 == 0)
        out[1] = cuda.ballot_sync(0x0000FFFF, a[t] % 2 == 0)
        out[2] = cuda.all_sync(0xFFFFFFFF, a[t] >= 0)
        out[3] = cuda.all_sync(0xFFFFFFFF, a[t] > 0)
        out[4] = cuda.any_sync(0xFFFFFFFF, a[t] == 31)
        out[5] = cuda.any_sync(0xFFFFFFFF, a[t] == 99)

    a = np.arange(32, dtype=np.int64)
    out = np.zeros(6, np.int64)
    vote[1, 32](a, out)
    check(out, np.array([0x55555555, 0x5555, 1, 0, 1, 0], dtype=np.int64))


def test_lane_and_warp_size(cuda):
    @cuda.jit
    def lanes(out):
        t = cuda.threadIdx.x
        out[t] = cuda.laneid + 100 * cuda.warpsize

    out = np.zeros(40, np.int64)
    lanes[1, 40](out)
    check(out, np.arange(40) % 32 + 3200)


# -- device functions, signatures, math helpers -------------------------------------------------


def test_device_function(cuda):
    @cuda.jit(device=True)
    def clamp(x, lo, hi):
        return min(max(x, lo), hi)

    @cuda.jit("void(float64[:], float64[:])")
    def clip(a, out):
        i = cuda.grid(1)
        if i < a.size:
            out[i] = clamp(a[i], -1.0, 1.0)

    a = np.linspace(-3, 3, 50)
    out = np.zeros_like(a)
    clip[2, 32](a, out)
    check(out, np.clip(a, -1.0, 1.0))
    with pytest.raises(RuntimeError, match="can only be called from a kernel"):
        clamp(1.0, 0.0, 2.0)


def test_bit_helpers(cuda):
    @cuda.jit
    def bits(a, out):
        i = cuda.grid(1)
        out[0, i] = cuda.popc(a[i])
        out[1, i] = cuda.clz(a[i])
        out[2, i] = cuda.ffs(a[i])
        out[3, i] = cuda.brev(a[i])
        out[4, i] = cuda.selp(a[i] > 5, 1, 2)

    a = np.array([0, 1, 6, 2**31, 255], dtype=np.uint32)
    out = np.zeros((5, 5), np.int64)
    bits[1, 5](a, out)
    ints = [int(v) for v in a]
    check(out[0], np.array([v.bit_count() for v in ints]))
    check(out[1], np.array([32 - v.bit_length() for v in ints]))
    check(out[2], np.array([(v & -v).bit_length() for v in ints]))
    check(out[3], np.array([int(format(v, "032b")[::-1], 2) for v in ints]))
    check(out[4], np.array([2, 2, 1, 1, 1]))


def test_fma_and_cbrt(cuda):
    @cuda.jit
    def f(a, out):
        i = cuda.grid(1)
        out[0, i] = cuda.fma(a[i], 2.0, 1.0)
        out[1, i] = cuda.cbrt(a[i])

    a = np.array([1.0, 8.0, 27.0])
    out = np.zeros((2, 3))
    f[1, 3](a, out)
    check(out[0], a * 2.0 + 1.0)
    check(out[1], np.cbrt(a))


# -- memory ---------------------------------------------------------------------------------------


def test_device_arrays_round_trip(cuda):
    a = np.arange(12, dtype=np.float32).reshape(3, 4)
    d = cuda.to_device(a)
    assert isinstance(d, cuda.DeviceNDArray)
    assert (d.shape, d.dtype, d.ndim, d.size, d.nbytes) == (a.shape, a.dtype, 2, 12, 48)
    assert d.strides == a.strides
    check(d.copy_to_host(), a)
    check(d[1].copy_to_host(), a[1])
    check(d[:, ::2].copy_to_host(), np.ascontiguousarray(a[:, ::2]))
    check(d.T.copy_to_host(), a.T.copy(order="K"))
    assert d[2, 3] == a[2, 3] and type(d[2, 3]) is np.float32
    d[0] = 7
    d[1, 1:3] = np.array([-1, -2], np.float32)
    b = a.copy()
    b[0] = 7
    b[1, 1:3] = [-1, -2]
    check(d.copy_to_host(), b)
    host = np.zeros_like(a)
    assert d.copy_to_host(host) is host
    check(host, b)
    check(d.reshape(4, 3).copy_to_host(), b.reshape(4, 3))
    check(d.ravel().copy_to_host(), b.ravel())
    assert len(d) == 3
    with pytest.raises(TypeError, match="basic indexing only"):
        d[np.array([0, 1])]


def test_device_array_allocation(cuda):
    d = cuda.device_array((2, 3), dtype=np.int32)
    assert (d.shape, d.dtype) == ((2, 3), np.dtype(np.int32))
    f = cuda.device_array_like(np.asfortranarray(np.zeros((4, 5))))
    assert f.is_f_contiguous() and not f.is_c_contiguous()
    d.copy_to_device(np.arange(6, dtype=np.int32).reshape(2, 3))
    check(d.copy_to_host(), np.arange(6, dtype=np.int32).reshape(2, 3))
    with pytest.raises(ValueError, match="incompatible shape"):
        d.copy_to_device(np.zeros(6, np.int32))
    with pytest.raises(TypeError, match="incompatible dtype"):
        d.copy_to_device(np.zeros((2, 3), np.int64))
    p = cuda.pinned_array((3,), dtype=np.float64)
    assert isinstance(p, np.ndarray) and p.shape == (3,)
    to = cuda.device_array(3)
    assert cuda.to_device(np.ones(3), to=to) is to
    check(to.copy_to_host(), np.ones(3))


def test_device_arrays_as_kernel_arguments(cuda):
    @cuda.jit
    def increment(a):
        i = cuda.grid(1)
        if i < a.size:
            a[i] += 1

    d = cuda.to_device(np.arange(10, dtype=np.int64))
    increment[1, 16](d)
    increment[1, 16](d[::2])
    check(d.copy_to_host(), np.arange(10) + 1 + (np.arange(10) % 2 == 0))


def test_cuda_array_interface(cuda):
    d = cuda.to_device(np.arange(6, dtype=np.int16).reshape(2, 3))
    cai = d.__cuda_array_interface__
    assert cai["shape"] == (2, 3) and cai["typestr"] == "<i2" and cai["version"] == 3
    assert cai["strides"] is None and cai["data"][1] is False
    view = d[:, 1:]
    assert view.__cuda_array_interface__["strides"] == (6, 2)
    assert view.__cuda_array_interface__["data"][0] == cai["data"][0] + 2
    assert cuda.is_cuda_array(d) and not cuda.is_cuda_array(np.zeros(2))


def test_readonly_numpy_argument_is_not_written_back(cuda):
    @cuda.jit
    def scribble(a, out):
        out[0] = a[0]

    a = np.arange(3.0)
    a.flags.writeable = False
    out = np.zeros(1)
    scribble[1, 1](a, out)
    check(out, np.array([0.0]))


def test_streams_events_and_queries(cuda, capsys):
    @cuda.jit
    def fill(a, v):
        a[cuda.grid(1)] = v

    s = cuda.stream()
    start, end = cuda.event(), cuda.event()
    start.record(s)
    d = cuda.device_array(64, np.float32, stream=s)
    fill[2, 32, s, 0](d, 3.0)
    end.record(s)
    end.synchronize()
    s.synchronize()
    with s.auto_synchronize():
        host = d.copy_to_host(stream=s)
    check(host, np.full(64, 3.0, np.float32))
    assert start.elapsed_time(end) >= 0.0
    assert cuda.is_available()
    assert cuda.detect() is True
    assert "SIMULATOR" in capsys.readouterr().out
    cuda.synchronize()


# -- errors ---------------------------------------------------------------------------------------


def test_launch_configuration_errors(cuda):
    @cuda.jit
    def k(a):
        pass

    with pytest.raises(ValueError, match="launch configuration was not specified"):
        k(np.zeros(1))
    with pytest.raises(ValueError, match="griddim must be a sequence of 1, 2 or 3 integers"):
        k[(1, 1, 1, 1), 1]
    with pytest.raises(TypeError, match="blockdim must be a sequence of integers"):
        k[1, 2.0]
    with pytest.raises(ValueError, match="must specify at least the griddim and blockdim"):
        k[1]
    with pytest.raises(TypeError, match="stream must be"):
        k[1, 1, "s"]
    with pytest.raises(TypeError, match="unexpected keyword argument 'foo'"):
        cuda.jit(foo=1)
    with pytest.raises(NotImplementedError, match="link"):
        cuda.jit(link=["x.cu"])


def test_out_of_bounds_is_index_error(cuda):
    @cuda.jit
    def oob(a):
        a[cuda.threadIdx.x] = 1

    with pytest.raises(IndexError, match=r"tid=\[3, 0, 0\] ctaid=\[0, 0, 0\]: index 3 is out"):
        oob[1, 4](np.zeros(3))


def test_exception_in_kernel_names_the_thread(cuda):
    @cuda.jit
    def boom(a):
        if cuda.threadIdx.x == 2 and cuda.blockIdx.x == 1:
            raise ValueError("bad value")
        cuda.syncthreads()

    with pytest.raises(ValueError, match=r"tid=\[2, 0, 0\] ctaid=\[1, 0, 0\]: bad value"):
        boom[2, 4](np.zeros(1))


def test_deadlock_is_reported(cuda):
    @cuda.jit
    def divergent(a):
        if cuda.threadIdx.x < 2:
            cuda.syncthreads()
        else:
            cuda.syncwarp()

    with pytest.raises(cuda.CudaSimulatorError, match="deadlocked"):
        divergent[1, 4](np.zeros(1))


def test_early_exit_does_not_hold_the_barrier(cuda):
    @cuda.jit
    def partial(a, out):
        t = cuda.threadIdx.x
        if t >= 3:
            return
        a[t] = t
        cuda.syncthreads()
        out[t] = a[t] + a[(t + 1) % 3]

    a = np.zeros(8, np.int64)
    out = np.zeros(8, np.int64)
    partial[1, 8](a, out)
    check(out, np.array([1, 3, 2, 0, 0, 0, 0, 0]))


def test_intrinsics_outside_a_kernel(cuda):
    with pytest.raises(RuntimeError, match=r"cuda.grid can only be used inside a kernel"):
        cuda.grid(1)
    with pytest.raises(RuntimeError, match=r"cuda.threadIdx can only be used inside a kernel"):
        _ = cuda.threadIdx.x
    with pytest.raises(RuntimeError, match=r"syncthreads\(\) can only be used inside a kernel"):
        cuda.syncthreads()


# -- @vectorize / @guvectorize (target="cuda") ------------------------------------------------------


def _rel(x, y):
    return abs(x - y) / max(abs(x), abs(y), 1.0)


def test_vectorize_cuda(cuda):
    import oxjit

    ufunc = oxjit.vectorize(
        ["float32(float32, float32)", "float64(float64, float64)"], target="cuda"
    )(_rel)
    x = np.linspace(-3, 3, 60).reshape(6, 10)
    y = np.cos(np.linspace(0, 1, 10))
    expected = np.abs(x - y) / np.maximum(np.maximum(np.abs(x), np.abs(y)), 1.0)
    check(ufunc(x, y), expected)  # broadcast (6, 10) with (10,), float64
    x32, y32 = x.astype(np.float32), np.broadcast_to(y, x.shape).astype(np.float32)
    assert ufunc(x32, y32).dtype == np.float32
    assert ufunc(2.0, 0.5) == _rel(2.0, 0.5)  # numbers give a number
    d = ufunc(cuda.to_device(x), cuda.to_device(np.broadcast_to(y, x.shape).copy()))
    assert isinstance(d, cuda.DeviceNDArray)  # device arrays give device arrays
    check(d.copy_to_host(), expected)
    out = np.zeros_like(x)
    assert ufunc(x, y, out=out) is out
    check(out, expected)


def test_vectorize_cuda_errors(cuda):
    import oxjit

    with pytest.raises(TypeError, match="needs signatures"):
        oxjit.vectorize(target="cuda")(_rel)
    ufunc = oxjit.vectorize(["float64(float64, float64)"], target="cuda")(_rel)
    with pytest.raises(TypeError, match="no signature matches"):
        ufunc(np.zeros(3, np.complex128), np.zeros(3))
    with pytest.raises(TypeError, match="takes 2 arguments"):
        ufunc(np.zeros(3))
    with pytest.raises(TypeError, match="unsupported options"):
        oxjit.vectorize(["float64(float64)"], target="cuda", nopython=True)


def test_guvectorize_cuda(cuda):
    import oxjit

    @oxjit.guvectorize(["void(float64[:], float64[:], float64[:])"], "(n),(n)->()", target="cuda")
    def dot(a, b, out):
        s = 0.0
        for i in range(a.shape[0]):
            s += a[i] * b[i]
        out[0] = s

    @oxjit.guvectorize(["void(float64[:], float64, float64[:])"], "(n),()->(n)", target="cuda")
    def scale(a, k, out):
        for i in range(a.shape[0]):
            out[i] = a[i] * k

    a = np.arange(24.0).reshape(2, 4, 3)
    b = np.linspace(0, 1, 3)
    check(dot(a, b), (a * b).sum(axis=-1))
    check(scale(a, 2.0), a * 2.0)
    out = np.zeros_like(a)
    scale(a, 3.0, out)
    check(out, a * 3.0)
