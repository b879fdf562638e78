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


# A stand-in libcuda built with the C compiler: the driver is there, but it has no device, or it
# is too old, or it lacks a function. Each is a CudaSupportError saying so.
FAKE_DRIVER = r"""
#include <stdlib.h>
static int env(const char *name, int dflt) {
    const char *v = getenv(name);
    return v ? atoi(v) : dflt;
}
int cuInit(unsigned flags) { return env("FAKE_CU_INIT", 0); }
int cuDriverGetVersion(int *v) { *v = env("FAKE_CU_VERSION", 12080); return 0; }
int cuDeviceGetCount(int *n) { *n = env("FAKE_CU_DEVICES", 0); return 0; }
int cuGetErrorName(int code, const char **s) { *s = "CUDA_ERROR_NO_DEVICE"; return 0; }
"""
FULL_API = [
    "cuDeviceGet", "cuDeviceGetName", "cuDeviceGetAttribute", "cuDevicePrimaryCtxRetain",
    "cuCtxSetCurrent", "cuCtxSynchronize", "cuMemAlloc_v2", "cuMemFree_v2", "cuMemcpyHtoD_v2",
    "cuMemcpyDtoH_v2", "cuMemcpyHtoDAsync_v2", "cuMemcpyDtoHAsync_v2", "cuMemHostAlloc",
    "cuMemFreeHost", "cuMemHostRegister_v2", "cuMemHostUnregister", "cuModuleLoadDataEx",
    "cuModuleGetFunction", "cuModuleGetGlobal_v2", "cuFuncSetAttribute", "cuLaunchKernel",
    "cuStreamCreate",
    "cuStreamSynchronize", "cuStreamDestroy_v2", "cuEventCreate", "cuEventRecord",
    "cuEventSynchronize", "cuEventQuery", "cuEventElapsedTime", "cuEventDestroy_v2",
    "cuStreamWaitEvent",
]  # fmt: skip


def _build_fake(tmp_path, complete):
    import shutil

    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to build a stand-in libcuda")
    src = FAKE_DRIVER
    if complete:
        src += "".join(f"int {name}(void) {{ return 999; }}\n" for name in FULL_API)
    c = tmp_path / "fake.c"
    c.write_text(src)
    lib = tmp_path / "libcuda.so.1"
    subprocess.run([cc, "-shared", "-fPIC", "-o", str(lib), str(c)], check=True)
    return str(lib)


@pytest.mark.parametrize(
    ("complete", "env", "message"),
    [
        (False, {}, "the driver has no cuDeviceGet \\(driver too old\\)"),
        (True, {"FAKE_CU_INIT": "100"}, "failed to initialise: \\[100\\] cuInit failed"),
        (True, {"FAKE_CU_VERSION": "11040"}, "supports CUDA 11.4, oxjit's PTX needs CUDA 12.0"),
        (True, {}, "the driver found no CUDA device"),
    ],
)
def test_unusable_driver_is_a_clear_error(cuda, tmp_path, monkeypatch, complete, env, message):
    from oxjit.cuda import driver

    monkeypatch.setenv("OXJIT_CUDA_DRIVER", _build_fake(tmp_path, complete))
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    driver._reset_for_tests()

    @cuda.jit
    def k(a):
        a[0] = 1

    with pytest.raises(cuda.CudaSupportError, match=message):
        k[1, 1](np.zeros(1))
    assert cuda.is_available() is False
