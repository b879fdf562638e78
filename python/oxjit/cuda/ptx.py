"""Kernels to PTX: the kernel's Python function typed by oxjit's front end (an ``njit``
dispatcher holds it), lowered with the codegen's NVPTX target (``crates/oxjit-codegen/src/
nvptx``). Also where ``ptxas`` and libdevice are found (the ``nvidia-cuda-nvcc-cu12`` wheel,
``$CUDA_HOME``, ``/usr/local/cuda``).
"""

import glob
import os
import shutil
import sys
import time

import numpy as np
from numpy.lib.stride_tricks import as_strided

from oxjit.cuda.devicearray import DeviceNDArray

DEFAULT_ARCH = "sm_90"


class CompiledKernel:
    """One specialisation of a kernel: its PTX and how to pass its arguments."""

    def __init__(self, argtypes, arch, ptx, llvm, name, params, seconds):
        self.argtypes = argtypes
        self.arch = arch
        self.ptx = ptx
        self.llvm = llvm
        self.name = name
        self.params = params
        self.compile_seconds = seconds


def _cuda_roots():
    roots = []
    for var in ("CUDA_HOME", "CUDA_PATH"):
        if os.environ.get(var):
            roots.append(os.environ[var])
    for entry in sys.path:  # the nvidia-cuda-nvcc(-cu12) wheel: site-packages/nvidia/cuda_nvcc
        roots.extend(glob.glob(os.path.join(entry, "nvidia", "cuda_nvcc")))
        roots.extend(glob.glob(os.path.join(entry, "nvidia", "cu1*")))
    roots.append("/usr/local/cuda")
    return roots


def find_libdevice():
    """The path of ``libdevice.10.bc``, or None."""
    explicit = os.environ.get("OXJIT_CUDA_LIBDEVICE")
    if explicit:
        return explicit
    for root in _cuda_roots():
        for path in glob.glob(os.path.join(root, "nvvm", "libdevice", "libdevice*.bc")):
            return path
    return None


def find_ptxas():
    """The path of ``ptxas``, or None."""
    for root in _cuda_roots():
        path = os.path.join(root, "bin", "ptxas")
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return shutil.which("ptxas")


def _meta(dev):
    """A NumPy array with a device array's shape, strides and dtype (never read): its type."""
    return as_strided(np.zeros(1, dev.dtype), dev.shape, dev.strides)


def arg_type_name(arg):
    """oxjit's type name of a launch argument (device arrays and CUDA Array Interface objects
    typed as the NumPy arrays they mirror)."""
    from oxjit import _oxjit

    if isinstance(arg, DeviceNDArray):
        arg = _meta(arg)
    elif hasattr(arg, "__cuda_array_interface__") and not isinstance(arg, np.ndarray):
        cai = arg.__cuda_array_interface__
        dtype = np.dtype(cai["typestr"])
        shape = tuple(cai["shape"])
        strides = cai.get("strides")
        if strides is None:
            strides = _c_strides(shape, dtype.itemsize)
        arg = as_strided(np.zeros(1, dtype), shape, tuple(strides))
    return _oxjit.typeof_name(arg)


def _c_strides(shape, itemsize):
    strides, step = [], itemsize
    for n in reversed(shape):
        strides.append(step)
        step *= max(n, 1)
    return tuple(reversed(strides))


def signature_type_names(signature):
    """The argument type names of an explicit signature (``"void(float32[:], int64)"``...);
    the return type must be void (None)."""
    from oxjit import types

    args, ret = types.parse_signature(signature)
    if ret is not None and str(ret) not in ("none", "void"):
        raise TypeError(f"a CUDA kernel returns nothing: its signature's return type is {ret}")
    return tuple(str(t) for t in args)


def reports_exceptions(opts):
    """Whether a kernel reports its exceptions to the host (``__errcode__``, errcode.py):
    with ``debug=True``, as in Numba, and with ``boundscheck=True`` (whose IndexError would
    otherwise stop the thread silently)."""
    return bool(opts["debug"] or opts["boundscheck"])


def compile_types(kernel, argtypes, arch=None):
    """The kernel compiled for the argument type names `argtypes` (cached on the kernel)."""
    arch = arch or os.environ.get("OXJIT_CUDA_ARCH", DEFAULT_ARCH)
    key = (argtypes, arch)
    found = kernel._compiled.get(key)
    if found is not None:
        return found
    start = time.perf_counter()
    opts = kernel.targetoptions
    reports = reports_exceptions(opts)
    ptx, llvm, name, params = kernel._dispatcher()._ptx(
        list(argtypes), arch, find_libdevice(), (reports, opts["opt"], bool(opts["lineinfo"]))
    )
    compiled = CompiledKernel(argtypes, arch, ptx, llvm, name, params, time.perf_counter() - start)
    compiled.reports_exceptions = reports
    kernel._compiled[key] = compiled
    return compiled


def compile_kernel(kernel, signature, arch=None):
    """The kernel compiled for an explicit signature."""
    return compile_types(kernel, signature_type_names(signature), arch)


def compile_for_args(kernel, args, arch=None):
    """The kernel compiled for the types of these launch arguments."""
    return compile_types(kernel, tuple(arg_type_name(a) for a in args), arch)
