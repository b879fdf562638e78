"""oxjit.cuda where there is no CUDA driver: importing works, queries say so, and every use of
the device raises `CudaSupportError` (Numba's class) saying why and how to use the simulator.

The missing driver is forced with OXJIT_CUDA_DRIVER pointing at a library that does not exist, so
these tests mean the same on a machine with a GPU."""

import subprocess
import sys

import numpy as np
import pytest

pytestmark = pytest.mark.requires_oxjit


@pytest.fixture
def cuda(monkeypatch):
    from oxjit import cuda
    from oxjit.cuda import driver

    monkeypatch.delenv("OXJIT_ENABLE_CUDASIM", raising=False)
    monkeypatch.delenv("NUMBA_ENABLE_CUDASIM", raising=False)
    monkeypatch.setenv("OXJIT_CUDA_DRIVER", "/nonexistent/libcuda.so.1")
    driver._reset_for_tests()
    yield cuda
    driver._reset_for_tests()


def test_import_needs_no_gpu():
    code = "import oxjit.cuda as c; print(c.CudaSupportError.__mro__[1].__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ImportError"


def test_launch_raises_clear_error(cuda):
    @cuda.jit
    def k(a):
        a[0] = 1

    with pytest.raises(cuda.CudaSupportError) as info:
        k[1, 1](np.zeros(1))
    msg = str(info.value)
    assert "libcuda.so.1" in msg and "OXJIT_ENABLE_CUDASIM=1" in msg
    # The failure is remembered: the second use gives the same error without a new dlopen.
    with pytest.raises(cuda.CudaSupportError, match="libcuda.so.1"):
        k[1, 1](np.zeros(1))


@pytest.mark.parametrize(
    "use",
    [
        lambda c: c.to_device(np.zeros(3)),
        lambda c: c.device_array(3),
        lambda c: c.device_array_like(np.zeros(3)),
        lambda c: c.pinned_array(3),
        lambda c: c.stream(),
        lambda c: c.event(),
        lambda c: c.synchronize(),
        lambda c: c.select_device(0),
    ],
)
def test_device_apis_raise_clear_error(cuda, use):
    with pytest.raises(cuda.CudaSupportError, match="CUDA is not available"):
        use(cuda)


def test_queries_do_not_raise(cuda, capsys):
    assert cuda.is_available() is False
    assert cuda.detect() is False
    assert "CUDA is not available" in capsys.readouterr().out


def test_bad_launch_configuration_is_reported_before_the_driver(cuda):
    @cuda.jit
    def k(a):
        pass

    with pytest.raises(ValueError, match="launch configuration was not specified"):
        k(np.zeros(1))
    with pytest.raises(ValueError, match="griddim must be positive"):
        k[0, 1]
