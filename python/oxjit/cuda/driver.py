"""The CUDA driver API, loaded with ``dlopen("libcuda.so.1")`` at the first use only, so that
``import oxjit.cuda`` works on machines without a GPU.

ctypes for the calls that are few and coarse (allocate, copy, load a module); the launch, the
one hot call, goes through the Rust extension (``_oxjit.CudaLauncher``, see ``launcher.py``),
which finds ``cuLaunchKernel`` with ``dlsym`` in the library loaded here. The extension links
nothing of CUDA: no build dependency, and the package imports without a driver.
"""

import ctypes
import os
import threading

from oxjit.cuda.errors import CudaAPIError, CudaSupportError

_LIBNAMES = ("libcuda.so.1", "libcuda.so")
_MIN_DRIVER = 12000  # CUDA 12.0: PTX ISA 8.0 (what the NVPTX back end emits for sm_90)

_lock = threading.Lock()
_driver = None
_failure = None


def _load_library():
    override = os.environ.get("OXJIT_CUDA_DRIVER")
    names = (override,) if override else _LIBNAMES
    errors = []
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError as e:
            errors.append(str(e))
    raise CudaSupportError(
        "CUDA is not available: the CUDA driver library (libcuda.so.1) was not found "
        f"({'; '.join(errors)}). Install the NVIDIA driver, or set OXJIT_ENABLE_CUDASIM=1 "
        "to run kernels in the CPU simulator."
    )


def get():
    """The process's driver, initialised on first use; `CudaSupportError` if there is none."""
    global _driver, _failure
    if _driver is not None:
        return _driver
    with _lock:
        if _driver is None:
            if _failure is not None:
                raise CudaSupportError(_failure)
            try:
                lib = _load_library()
                from oxjit.cuda.driver_api import Driver

                _driver = Driver(lib, _MIN_DRIVER)
            except CudaSupportError as e:
                _failure = str(e)
                raise
            except CudaAPIError as e:
                _failure = f"CUDA is not available: the driver failed to initialise: {e}"
                raise CudaSupportError(_failure) from e
    return _driver


def _reset_for_tests():
    """Forgets the cached failure so that a test can retry with another environment."""
    global _driver, _failure
    with _lock:
        _driver = None
        _failure = None
