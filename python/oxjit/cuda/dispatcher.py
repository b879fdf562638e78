"""``@cuda.jit``: kernels and device functions, launched as ``kernel[blocks, threads](...)``.

A kernel runs in the simulator when ``OXJIT_ENABLE_CUDASIM=1``; otherwise it is compiled to PTX
for the argument types of the launch (``ptx.py``) and launched through the driver
(``driver.py``), which is loaded at the first launch only.
"""

import functools
import numbers

import numpy as np

from oxjit.cuda import _config, driver, launcher, simulator
from oxjit.cuda.devicearray import DeviceNDArray, HostMemory
from oxjit.cuda.errors import CudaSupportError

# The options of Numba's ``cuda.jit`` that oxjit implements, with their defaults.
_OPTIONS = {
    "device": False,
    "debug": False,
    "opt": True,
    "fastmath": False,
    "boundscheck": None,
    "inline": False,
    "max_registers": None,
    "lineinfo": False,
}
# Numba's options that oxjit refuses, with the reason.
_REFUSED = {
    "link": "linking external PTX/CUDA C files is not supported by oxjit.cuda",
    "cache": "oxjit.cuda does not cache kernels on disk (compiling one takes milliseconds)",
    "extensions": "argument-handling extensions are not supported by oxjit.cuda",
}


def _check_options(options):
    for name, value in options.items():
        if name in _REFUSED:
            if value not in (None, False, (), []):
                raise NotImplementedError(f"cuda.jit({name}=...): {_REFUSED[name]}")
        elif name not in _OPTIONS:
            raise TypeError(f"cuda.jit() got an unexpected keyword argument {name!r}")
    return {k: options.get(k, v) for k, v in _OPTIONS.items()}


def _njit_options(opts):
    """The ``njit`` options that type and lower a kernel's (or device function's) code:
    ``debug=True`` checks array bounds unless ``boundscheck=False``, as in Numba."""
    boundscheck = opts["boundscheck"]
    if boundscheck is None:
        boundscheck = opts["debug"]
    return {"fastmath": opts["fastmath"], "boundscheck": bool(boundscheck)}


def _is_signature(obj):
    return isinstance(obj, (str, tuple, list)) or type(obj).__name__ == "Signature"


def jit(func_or_sig=None, **options):
    """Compiles a kernel (or with ``device=True`` a device function) for the GPU.

    ``@cuda.jit`` compiles at the first launch for the argument types seen;
    ``@cuda.jit("void(float32[:], float32)")`` (or a list of signatures) fixes the types.
    """
    opts = _check_options(options)
    if func_or_sig is None or _is_signature(func_or_sig):
        sigs = func_or_sig
        if isinstance(sigs, (str, tuple)) or type(sigs).__name__ == "Signature":
            sigs = [sigs]
        return lambda fn: _make(fn, sigs, opts)
    if not callable(func_or_sig):
        raise TypeError(f"cuda.jit() takes a function or a signature, not {func_or_sig!r}")
    return _make(func_or_sig, None, opts)


def _make(fn, sigs, opts):
    if opts["device"]:
        return DeviceFunction(fn, sigs, opts)
    return Kernel(fn, sigs, opts)


class DeviceFunction:
    """A ``@cuda.jit(device=True)`` function: callable from kernels only."""

    def __init__(self, fn, sigs, opts):
        self.py_func = fn
        self.signatures = sigs
        self.targetoptions = opts
        self._njit = None
        functools.update_wrapper(self, fn)
        if sigs:
            self._declare_signatures()

    @property
    def _oxjit_dispatcher_(self):
        """The ``njit`` dispatcher a compiled kernel calls this function through."""
        if self._njit is None:
            from oxjit import njit

            self._njit = njit(**_njit_options(self.targetoptions))(self.py_func)
        return self._njit

    def _declare_signatures(self):
        """Numba's device signatures: kernels calling the function convert its arguments to
        the first signature they fit (or fail to compile, naming the signatures), and get the
        declared return type. Declared now (taking the compiler), not during a kernel's
        compilation; the code compiles for the GPU only, inside the kernels."""
        from oxjit import types

        dispatcher = self._oxjit_dispatcher_
        for sig in self.signatures:
            args, ret = types.parse_signature(sig)  # no return type: the inferred one
            dispatcher._declare([str(t) for t in args], None if ret is None else str(ret))
        dispatcher._lock()

    def __call__(self, *args):
        if simulator.current() is None:
            raise RuntimeError(
                f"device function {self.py_func.__name__!r} can only be called from a kernel"
            )
        return self.py_func(*args)


def _simulator_arg(arg, writeback):
    """What a simulated kernel sees for a launch argument (NumPy arrays are copied in, and
    back after the launch, as the device path does)."""
    if isinstance(arg, DeviceNDArray):
        if not isinstance(arg.gpu_data, HostMemory):
            raise TypeError("a device array of the driver cannot be passed to a simulated kernel")
        return arg.simulator_view()
    if isinstance(arg, np.ndarray) and arg.ndim > 0:
        copy = arg.copy(order="K")
        if arg.flags.writeable:
            writeback.append((arg, copy))
        return copy
    if hasattr(arg, "__cuda_array_interface__"):
        raise TypeError(
            f"{type(arg).__name__} lives in device memory: the simulator cannot read it"
        )
    return arg


class _Launch:
    """``kernel[griddim, blockdim, stream, sharedmem]``: a kernel with its configuration."""

    def __init__(self, kernel, griddim, blockdim, stream, sharedmem):
        self.kernel = kernel
        self.griddim, self.blockdim = _config.normalize_dims(griddim, blockdim)
        if stream not in (0, None) and type(stream).__name__ != "Stream":
            raise TypeError(f"stream must be a cuda.stream() or 0, not {type(stream).__name__}")
        if not isinstance(sharedmem, numbers.Integral) or sharedmem < 0:
            raise ValueError(f"dynamic shared memory must be a non-negative int, not {sharedmem!r}")
        self.stream = stream
        # the driver's CUstream (a simulator stream has none)
        self.stream_handle = getattr(getattr(stream, "handle", None), "value", None) or 0
        self.sharedmem = int(sharedmem)
        self.checked = None  # the driver that checked the configuration against its limits
        self.prepared = {}  # argument type key -> (function, launcher, errcode): launcher.py

    def __call__(self, *args):
        if _config.simulating():
            return self.kernel._simulate(self, args)
        return launcher.launch(driver.get(), self.kernel, self, args)


class Kernel:
    """A ``@cuda.jit`` kernel."""

    def __init__(self, fn, sigs, opts):
        self.py_func = fn
        self.signatures = sigs
        self.targetoptions = opts
        self._compiled = {}  # (argument type names, arch) -> ptx.CompiledKernel
        self._fast = {}  # launch type key -> (driver, function, launcher, errcode): see launcher.py
        self._configs = {}  # kernel[...] configuration -> its checked _Launch
        self._njit = None
        functools.update_wrapper(self, fn)

    def __getitem__(self, config):
        if not isinstance(config, tuple) or not 2 <= len(config) <= 4:
            raise ValueError(
                "must specify at least the griddim and blockdim: kernel[griddim, blockdim]"
                " (optionally stream and dynamic shared memory bytes)"
            )
        try:
            return self._configs[config]
        except (KeyError, TypeError):  # new, or unhashable (a list of dimensions)
            pass
        griddim, blockdim, *rest = config
        stream = rest[0] if rest else 0
        sharedmem = rest[1] if len(rest) > 1 else 0
        launch = _Launch(self, griddim, blockdim, stream, sharedmem)
        if len(self._configs) < 64:
            try:
                self._configs[config] = launch
            except TypeError:
                pass
        return launch

    def __call__(self, *args):
        raise ValueError(_config.MISSING_LAUNCH_CONFIG)

    def forall(self, ntasks, tpb=0, stream=0, sharedmem=0):
        """A launch of at least `ntasks` threads in 1-d (``tpb`` threads a block, 128 if 0)."""
        if ntasks < 0:
            raise ValueError(f"Can't create ForAll with negative task count: {ntasks}")
        tpb = tpb or 128
        blocks = max((ntasks + tpb - 1) // tpb, 1)
        return _Launch(self, blocks, tpb, stream, sharedmem)

    def _launch(self, launch, args):
        if _config.simulating():
            return self._simulate(launch, args)
        return self._run_on_device(launch, args)

    def _simulate(self, launch, args):
        writeback = []
        sim_args = [_simulator_arg(a, writeback) for a in args]
        simulator.launch(self.py_func, sim_args, launch.griddim, launch.blockdim, launch.sharedmem)
        for host, copy in writeback:
            host[...] = copy

    def _run_on_device(self, launch, args):
        drv = driver.get()  # a clear CudaSupportError where there is no driver or device
        return launcher.launch(drv, self, launch, args)

    # -- inspection (the device path's compiled forms) -----------------------------------------

    def _dispatcher(self):
        """The ``njit`` dispatcher that types the kernel's function for the PTX compiler."""
        if self._njit is None:
            from oxjit import njit

            self._njit = njit(**_njit_options(self.targetoptions))(self.py_func)
        return self._njit

    def _compile_for(self, signature):
        from oxjit.cuda import ptx

        return ptx.compile_kernel(self, signature)

    def inspect_llvm(self, signature=None):
        """The LLVM IR of the kernel for `signature` (or of each compiled one)."""
        return self._inspect("llvm", signature)

    def inspect_asm(self, signature=None):
        """The PTX of the kernel for `signature` (or of each compiled one)."""
        return self._inspect("ptx", signature)

    def _inspect(self, what, signature):
        if signature is not None:
            return getattr(self._compile_for(signature), what)
        if self.signatures:
            for sig in self.signatures:
                self._compile_for(sig)
        return {key[0]: getattr(k, what) for key, k in self._compiled.items()}


__all__ = ["CudaSupportError", "DeviceFunction", "Kernel", "jit"]
