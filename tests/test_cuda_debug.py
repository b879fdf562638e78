"""``debug=True`` (and ``boundscheck=True``) kernels report device-side exceptions as Numba's
do: the PTX has a global ``__errcode__`` record that the first raising thread fills
(``nvptx/errcode.rs``), checked here with ``ptxas``; the host side (``oxjit/cuda/errcode.py``)
reads it back after the launch and raises the exception with the thread's position, checked
against the stand-in libcuda (tests/cuda/fake_libcuda.c), whose launch writes a chosen record
as a raising kernel would. Where the simulator raises the same exception, the messages match."""

import ctypes
import re
import struct
from pathlib import Path

import numpy as np
import pytest
from cuda_fixtures import assemble

pytestmark = [
    pytest.mark.requires_jit,
    pytest.mark.requires_oxjit,
    pytest.mark.usefixtures("device_mode"),
]

HERE = Path(__file__).resolve().parent
SIG = "void(float64[::1], int64)"


@pytest.fixture
def cuda(fake_cuda):
    return fake_cuda


@pytest.fixture
def fake(cuda):
    from oxjit.cuda import driver

    lib = driver.get().lib
    (ctypes.c_uint64 * 64).in_dll(lib, "fake_errcode")[:] = [0] * 64
    return lib


def record(cls, msg, tid, ctaid, kind=0, arg_int=0, arg_float=0.0, ints=()):
    """A record as a raising thread writes it (the layout of nvptx/errcode.rs)."""
    ints = list(ints) + [0] * (8 - len(ints))
    head = struct.pack(
        "<ii3i3iqqd8qqq", 1, 0, *tid, *ctaid, kind, arg_int, arg_float, *ints, len(cls), len(msg)
    )
    body = head + cls.encode().ljust(64, b"\0") + msg.encode().ljust(312, b"\0")
    assert len(body) == 512
    return body


def arm(fake, rec):
    """The next launch of the stand-in driver writes `rec` into the kernel's `__errcode__`."""
    ctypes.memmove(ctypes.addressof((ctypes.c_uint64 * 64).in_dll(fake, "fake_raise")), rec, 512)
    ctypes.c_int.in_dll(fake, "fake_raise_armed").value = 1


def simulated(kernel_fn, config, args, monkeypatch, **options):
    """The exception the simulator raises for the same kernel and launch."""
    from oxjit import cuda

    monkeypatch.setenv("OXJIT_ENABLE_CUDASIM", "1")
    try:
        with pytest.raises(Exception) as info:
            cuda.jit(**options)(kernel_fn)[config](*args)
    finally:
        monkeypatch.delenv("OXJIT_ENABLE_CUDASIM")
    return info.value


def write_at(a, i):
    a[i] = 1.0


# -- the PTX --------------------------------------------------------------------------------


@pytest.mark.parametrize("options", [{"debug": True}, {"boundscheck": True}])
def test_debug_kernel_has_the_error_record_and_assembles(options, ptxas, tmp_path):
    from oxjit import cuda

    k = cuda.jit(**options)(write_at)
    ptx = k.inspect_asm(SIG)
    assert ".visible .global .align 8 .b8 __errcode__[512]" in ptx
    assert re.search(r"atom\.[a-z.]*cas\.b32\s+%r\d+, \[__errcode__\], 0, 1;", ptx)  # first wins
    assert "%tid.x" in ptx and "%ctaid.z" in ptx  # the position is recorded
    assemble(ptxas, ptx, tmp_path)


def test_plain_kernel_has_no_error_record():
    from oxjit import cuda

    ptx = cuda.jit(write_at).inspect_asm(SIG)
    assert "__errcode__" not in ptx and "%ctaid" not in ptx


def test_debug_with_explicit_raise_assembles(ptxas, tmp_path):
    from oxjit import cuda

    @cuda.jit(debug=True)
    def k(a, n):
        i = cuda.grid(1)
        if a[i] < 0:
            raise ValueError("negative value")
        if n == 0:
            raise ZeroDivisionError
        a[i] = a[i] // n

    assemble(ptxas, k.inspect_asm("void(int64[::1], int64)"), tmp_path)


def test_opt_false_assembles(ptxas, tmp_path):
    from oxjit import cuda

    @cuda.jit(opt=False, debug=True)
    def k(a, x):
        i = cuda.grid(1)
        if i < a.size:
            a[i] = a[i] * x + 1.0

    fast = cuda.jit(k.py_func).inspect_asm("void(float64[::1], float64)")
    slow = k.inspect_asm("void(float64[::1], float64)")
    assert len(slow) > len(fast)  # unoptimised: the stack traffic stays
    assemble(ptxas, slow, tmp_path)


# -- the host side --------------------------------------------------------------------------


def test_index_error_is_raised_with_the_thread_position(cuda, fake, monkeypatch):
    a = np.zeros(10)
    want = simulated(write_at, (1, 1), (a, 10), monkeypatch, debug=True)
    assert type(want) is IndexError
    assert (
        str(want)
        == "tid=[0, 0, 0] ctaid=[0, 0, 0]: index 10 is out of bounds for axis 0 with size 10"
    )

    k = cuda.jit(debug=True)(write_at)
    d = cuda.to_device(a)
    k[1, 1](d, 0)  # nothing raised: no exception
    template = "index {0} is out of bounds for axis {1} with size {2}"
    arm(fake, record("IndexError", template, (0, 0, 0), (0, 0, 0), kind=4, ints=(10, 0, 10)))
    with pytest.raises(IndexError) as info:
        k[1, 1](d, 10)
    assert str(info.value) == str(want)
    # the record was cleared: the next launch runs clean
    k[1, 1](d, 0)
    assert ctypes.c_int.in_dll(fake, "fake_global_lookups").value >= 1


def test_position_and_value_arguments(cuda, fake):
    k = cuda.jit(debug=True)(write_at)
    d = cuda.device_array(4)
    arm(fake, record("ValueError", "bad", (3, 1, 0), (7, 0, 2)))
    with pytest.raises(ValueError, match=r"^tid=\[3, 1, 0\] ctaid=\[7, 0, 2\]: bad$"):
        k[(8, 1, 3), (4, 2, 1)](d, 0)
    arm(fake, record("ZeroDivisionError", "", (0, 0, 0), (1, 0, 0)))
    with pytest.raises(ZeroDivisionError) as info:
        k[2, 1](d, 0)
    assert info.value.args == ("tid=[0, 0, 0] ctaid=[1, 0, 0]",)
    arm(fake, record("KeyError", "", (1, 0, 0), (0, 0, 0), kind=1, arg_int=42))
    with pytest.raises(KeyError) as info:
        k[1, 2](d, 0)
    assert info.value.args == ("tid=[1, 0, 0] ctaid=[0, 0, 0]: 42",)
    arm(
        fake,
        record(
            "ValueError",
            "x={0:f}",
            (0, 0, 0),
            (0, 0, 0),
            kind=4,
            ints=(struct.unpack("<q", struct.pack("<d", 0.1))[0],),
        ),
    )
    with pytest.raises(ValueError, match=r": x=0\.1$"):
        k[1, 1](d, 0)
    from oxjit.errors import InternalError

    arm(fake, record("NoSuchError", "", (0, 0, 0), (0, 0, 0)))
    with pytest.raises(InternalError, match="unknown exception class 'NoSuchError'"):
        k[1, 1](d, 0)


def test_numpy_arguments_are_not_copied_back_after_an_exception(cuda, fake):
    k = cuda.jit(debug=True)(write_at)
    a = np.zeros(4)
    arm(fake, record("IndexError", "boom", (0, 0, 0), (0, 0, 0)))
    with pytest.raises(IndexError, match="boom"):
        k[1, 1](a, 0)


def test_plain_kernel_does_not_read_a_record(cuda, fake):
    before = ctypes.c_int.in_dll(fake, "fake_global_lookups").value
    cuda.jit(write_at)[1, 1](cuda.device_array(4), 0)
    assert ctypes.c_int.in_dll(fake, "fake_global_lookups").value == before
