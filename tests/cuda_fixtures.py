"""Fixtures and helpers shared by the CUDA tests (a pytest plugin: tests/conftest.py names it in
``pytest_plugins``):

- ``device_mode`` (``pytest.mark.usefixtures("device_mode")`` in a module's marks): the
  simulator switched off, so kernels compile for the device;
- ``cuda``: ``oxjit.cuda`` in device mode, no driver needed (PTX only);
- ``gpu``: ``oxjit.cuda`` with a real driver and device, else the test skips;
- ``ptxas`` and ``assemble``: PTX assembled for sm_90 by ptxas, skipped where it is absent;
- ``fake_lib`` and ``fake_cuda``: the stand-in libcuda (cuda/fake_libcuda.c), built with the C
  compiler, loaded as the driver.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.fixture
def device_mode(monkeypatch):
    monkeypatch.delenv("OXJIT_ENABLE_CUDASIM", raising=False)
    monkeypatch.delenv("NUMBA_ENABLE_CUDASIM", raising=False)


@pytest.fixture
def cuda():
    from oxjit import cuda

    return cuda


@pytest.fixture(scope="module")
def gpu():
    os.environ.pop("OXJIT_ENABLE_CUDASIM", None)
    os.environ.pop("NUMBA_ENABLE_CUDASIM", None)
    from oxjit import cuda

    if not cuda.is_available():
        pytest.skip("no CUDA driver or device here (scripts/gpu_check.sh runs these on a GPU)")
    return cuda


@pytest.fixture(scope="module")
def ptxas():
    from oxjit.cuda.ptx import find_ptxas

    path = find_ptxas()
    if path is None:
        pytest.skip("ptxas not found (pip install nvidia-cuda-nvcc-cu12, or set CUDA_HOME)")
    return path


def assemble(ptxas, ptx, tmp_path, *flags):
    """Assembles `ptx` for sm_90 (with ptxas `flags`); fails the test with ptxas's message if it
    does not; returns the cubin."""
    src = tmp_path / "k.ptx"
    src.write_text(ptx)
    out = subprocess.run(
        [ptxas, "-arch=sm_90", *flags, str(src), "-o", str(tmp_path / "k.cubin")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    return (tmp_path / "k.cubin").read_bytes()


@pytest.fixture(scope="module")
def fake_lib(tmp_path_factory):
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to build the stand-in libcuda")
    lib = tmp_path_factory.mktemp("fakecuda") / "libcuda.so.1"
    src = HERE / "cuda" / "fake_libcuda.c"
    subprocess.run([cc, "-O1", "-shared", "-fPIC", "-o", str(lib), str(src)], check=True)
    return str(lib)


@pytest.fixture
def fake_cuda(fake_lib, monkeypatch):
    """``oxjit.cuda`` with the stand-in libcuda as its driver."""
    from oxjit import cuda
    from oxjit.cuda import driver

    monkeypatch.setenv("OXJIT_CUDA_DRIVER", fake_lib)
    driver._reset_for_tests()
    yield cuda
    driver._reset_for_tests()
