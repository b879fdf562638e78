"""The driver path (``driver_api.py``, ``launcher.py``, device arrays over driver memory)
against a stand-in libcuda (tests/cuda/fake_libcuda.c, built here with the C compiler): device
memory is host memory and a launch records its configuration and parameters, and runs a saxpy
kernel in C from the packed parameters. What a real GPU adds (PTX JIT, running kernels) is
checked by tests/test_cuda_device.py on a GPU machine (scripts/gpu_check.sh)."""

import ctypes
from pathlib import Path

import numpy as np
import pytest

pytestmark = [
    pytest.mark.requires_jit,
    pytest.mark.requires_oxjit,
    pytest.mark.usefixtures("device_mode"),
]

HERE = Path(__file__).resolve().parent


@pytest.fixture
def cuda(fake_cuda):
    return fake_cuda


@pytest.fixture
def fake(cuda):
    from oxjit.cuda import driver

    lib = driver.get().lib  # the same handle the driver calls: its globals are the fake's
    ctypes.c_int.in_dll(lib, "fake_nparams").value = 0  # set by the tests that read them
    return lib


def recorded(fake, n):
    ctypes.c_int.in_dll(fake, "fake_nparams").value = n
    return (ctypes.c_uint64 * 64).in_dll(fake, "fake_params")


def test_saxpy_through_the_driver(cuda, fake):
    @cuda.jit
    def saxpy(a, x, y, out):
        i = cuda.grid(1)
        if i < out.size:
            out[i] = a * x[i] + y[i]

    x = np.linspace(0, 1, 1000, dtype=np.float32)
    y = np.arange(1000, dtype=np.float32)
    out = np.zeros_like(x)
    params = recorded(fake, 10)
    saxpy[4, 256](np.float32(2.5), x, y, out)
    np.testing.assert_array_equal(out, np.float32(2.5) * x + y)  # copied back
    assert list((ctypes.c_uint * 3).in_dll(fake, "fake_grid")) == [4, 1, 1]
    assert list((ctypes.c_uint * 3).in_dll(fake, "fake_block")) == [256, 1, 1]
    assert params[2] == 1000 and params[3] == 4  # x's shape and stride
    kernel = ctypes.c_char_p(ctypes.addressof(ctypes.c_char.in_dll(fake, "fake_kernel"))).value
    ptx = ctypes.c_char_p(ctypes.addressof(ctypes.c_char.in_dll(fake, "fake_ptx"))).value
    assert kernel.startswith(b"oxjit_kernel_saxpy") and b".entry " + kernel in ptx
    assert b".target sm_90" in ptx


def test_parameters_of_2d_arrays_and_scalars(cuda, fake):
    @cuda.jit
    def k(a, n, f, flag):
        a[0, 0] = n + f + flag

    a = cuda.to_device(np.zeros((3, 5), np.float64))
    view = a[1:, ::2]
    params = recorded(fake, 7)
    k[(2, 3), (4, 5, 6), 0, 128](view, np.int32(-7), 1.5, True)
    base = a.device_ctypes_pointer
    assert params[0] == base + 5 * 8  # data of row 1
    assert list(params[1:5]) == [2, 3, 40, 16]  # shape, then byte strides
    assert ctypes.c_int32.from_buffer_copy(ctypes.c_uint64(params[5])).value == -7
    assert ctypes.c_double.from_buffer_copy(ctypes.c_uint64(params[6])).value == 1.5
    assert list((ctypes.c_uint * 3).in_dll(fake, "fake_block")) == [4, 5, 6]
    assert ctypes.c_uint.in_dll(fake, "fake_shared").value == 128


def test_device_arrays_over_driver_memory(cuda):
    a = np.arange(24, dtype=np.int32).reshape(4, 6)
    d = cuda.to_device(a)
    assert not d.gpu_data.simulated
    np.testing.assert_array_equal(d.copy_to_host(), a)
    np.testing.assert_array_equal(d[:, 1::2].copy_to_host(), a[:, 1::2])
    d[1:3, ::3] = -1
    b = a.copy()
    b[1:3, ::3] = -1
    np.testing.assert_array_equal(d.copy_to_host(), b)
    assert d[3, 5] == 23
    e = cuda.device_array_like(a)
    e.copy_to_device(d)
    np.testing.assert_array_equal(e.copy_to_host(), b)
    cai = d.__cuda_array_interface__
    assert cai["data"][0] == d.device_ctypes_pointer != 0


def test_streams_events_pinned(cuda, fake):
    launches = ctypes.c_int.in_dll(fake, "fake_launches")
    s = cuda.stream()
    assert s.handle.value
    d = cuda.to_device(np.arange(8.0), stream=s)
    start, end = cuda.event(), cuda.event()
    start.record(s)

    @cuda.jit
    def k(a):
        a[0] = 1

    k[1, 1, s](d)
    end.record(s)
    end.synchronize()
    assert start.elapsed_time(end) == 1.0  # the fake's clock counts launches
    assert launches.value >= 1
    assert ctypes.c_void_p.in_dll(fake, "fake_stream").value == s.handle.value
    np.testing.assert_array_equal(d.copy_to_host(stream=s), np.arange(8.0))
    p = cuda.pinned_array((2, 3), np.float32)
    p[...] = 1
    assert p.sum() == 6
    with cuda.pinned(p):
        pass
    cuda.synchronize()
    assert cuda.is_available() and cuda.detect()


def test_launch_limits(cuda):
    @cuda.jit
    def k(a):
        pass

    with pytest.raises(ValueError, match="too many threads per block: 2048"):
        k[1, 2048](np.zeros(1))
    with pytest.raises(ValueError, match="over the device's limits along z"):
        k[1, (1, 1, 128)](np.zeros(1))
    with pytest.raises(ValueError, match="dynamic shared memory"):
        k[1, 1, 0, 1 << 20](np.zeros(1))


def test_foreign_cuda_array_interface_is_passed_without_copy(cuda, fake):
    class Foreign:
        def __init__(self, dev):
            self.dev = dev

        @property
        def __cuda_array_interface__(self):
            return self.dev.__cuda_array_interface__

    d = cuda.to_device(np.zeros(16, np.float32))
    params = recorded(fake, 3)

    @cuda.jit
    def k(a):
        a[0] = 1

    k[1, 1](Foreign(d))
    assert params[0] == d.device_ctypes_pointer and params[1] == 16 and params[2] == 4


def test_explicit_signatures_convert_numbers_and_refuse_mismatches(cuda, fake):
    @cuda.jit(["void(float32[::1], float32)", "void(int64[::1], int64)"])
    def fill(a, v):
        a[0] = v

    params = recorded(fake, 4)
    d = cuda.device_array(4, np.float32)
    fill[1, 1](d, 2)  # an int where the signature says float32: passed as float32
    assert ctypes.c_float.from_buffer_copy(ctypes.c_uint64(params[3])).value == 2.0
    fill[1, 1](cuda.device_array(4, np.int64), np.int32(7))
    assert params[3] == 7
    with pytest.raises(TypeError, match="no signature of the kernel matches"):
        fill[1, 1](cuda.device_array(4, np.float64), 1.0)
    with pytest.raises(TypeError, match="no signature of the kernel matches"):
        fill[1, 1](d, np.zeros(2))


def test_rust_launcher_converts_and_checks_numbers(cuda, fake):
    """The parameters are packed by _oxjit.CudaLauncher: numbers in their type's bytes, and
    the errors struct.pack gave for values that do not fit."""

    @cuda.jit("void(float32[::1], int8, uint16, float32, boolean)")
    def k(a, i, u, f, b):
        a[0] = i + u + f + b

    d = cuda.device_array(1, np.float32)
    params = recorded(fake, 7)
    k[1, 1](d, -3, 65535, 0.1, 2)
    assert ctypes.c_int8.from_buffer_copy(ctypes.c_uint64(params[3])).value == -3
    assert ctypes.c_uint16.from_buffer_copy(ctypes.c_uint64(params[4])).value == 65535
    assert ctypes.c_float.from_buffer_copy(ctypes.c_uint64(params[5])).value == np.float32(0.1)
    assert params[6] == 1
    with pytest.raises(OverflowError, match="does not fit in int8"):
        k[1, 1](d, 128, 0, 0.0, False)
    with pytest.raises(OverflowError, match="does not fit in uint16"):
        k[1, 1](d, 0, -1, 0.0, False)
    with pytest.raises(OverflowError, match="too large for float32"):
        k[1, 1](d, 0, 0, 1e300, False)


def test_launch_from_another_thread_and_repeated_launches(cuda, fake):
    import threading

    launches = ctypes.c_int.in_dll(fake, "fake_launches")

    @cuda.jit
    def k(a, x):
        a[0] = x

    d = cuda.device_array(4)
    run = k[2, 32]
    before = launches.value
    for _ in range(3):
        run(d, 1.0)
    params = recorded(fake, 4)
    t = threading.Thread(target=run, args=(d[1:], 2.5))
    t.start()
    t.join()
    assert launches.value == before + 4
    assert params[0] == d.device_ctypes_pointer + 8 and params[1] == 3
    assert ctypes.c_double.from_buffer_copy(ctypes.c_uint64(params[3])).value == 2.5
