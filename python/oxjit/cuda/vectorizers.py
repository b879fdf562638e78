"""``@vectorize(target="cuda")`` and ``@guvectorize(target="cuda")``: a scalar (or core) kernel
made a CUDA kernel over the elements (or the loop dimensions), launched on the device (or in the
simulator). The kernel is generated Python source calling the user's function as a device
function, so that it goes through the same compiler as any ``@cuda.jit`` kernel.

As in Numba, signatures are required; a call picks the first whose input types the arguments
cast to safely (Python numbers: same kind). NumPy inputs give NumPy results; device arrays give
device arrays (``out=`` may be either), ``stream=`` orders the work.
"""

import numpy as np

from oxjit.cuda import dispatcher
from oxjit.cuda.devicearray import DeviceNDArray

THREADS = 128
_VECTORIZE_OPTIONS = ("fastmath", "opt", "debug", "max_registers")


def _split_options(decorator, kws):
    kws = dict(kws)
    kws.pop("target", None)
    if kws.pop("identity", None) is not None:
        raise NotImplementedError(f"{decorator}(target='cuda', identity=...): no reductions")
    unknown = sorted(set(kws) - set(_VECTORIZE_OPTIONS))
    if unknown:
        raise TypeError(f"{decorator}(target='cuda') got unsupported options {unknown}")
    return kws


def _signatures(decorator, sigs):
    from oxjit import types

    if isinstance(sigs, (str, types.Signature)):
        sigs = [sigs]
    sigs = list(sigs or [])
    if not sigs:
        raise TypeError(f"{decorator}(target='cuda') needs signatures, as in Numba")
    return [types.parse_signature(s) for s in sigs]


def _dtype_of(t):
    return np.dtype(str(t).split("[")[0].replace("array(", "").split(",")[0])


def _define(text, name, namespace):
    from oxjit import _source

    code = compile(text, f"<oxjit.cuda {name}>", "exec")
    scope = {}
    exec(code, namespace, scope)  # noqa: S102 (the text is generated here)
    func = scope[name]
    _source.remember(func, text)
    return func


def _operand(x, dtype):
    """`x` as an array of `dtype` (a device array must have it already)."""
    if isinstance(x, DeviceNDArray):
        if x.dtype != dtype:
            raise TypeError(f"device array of {x.dtype} where {dtype} is expected")
        return x
    return np.asarray(x, dtype=dtype)


def _castable(x, dtype):
    if isinstance(x, (bool, int, float, complex)):
        return np.can_cast(np.asarray(x).dtype, dtype, "same_kind")
    return np.can_cast(x.dtype, dtype, "safe")


def _pick(sigs, args, what):
    for arg_types, ret in sigs:
        dtypes = [_dtype_of(t) for t in arg_types]
        if all(_castable(a, d) for a, d in zip(args, dtypes)):
            return dtypes, ret
    got = ", ".join(str(getattr(a, "dtype", type(a).__name__)) for a in args)
    raise TypeError(f"{what}: no signature matches the argument types ({got})")


def _to_device_flat(x, shape):
    """`x` broadcast to `shape`, as a contiguous 1-d device array."""
    if isinstance(x, DeviceNDArray):
        if x.shape != shape or not x.is_c_contiguous():
            raise ValueError("device array operands must have the result's shape, C-contiguous")
        return x.reshape(x.size)
    from oxjit.cuda.api import to_device

    return to_device(np.ascontiguousarray(np.broadcast_to(x, shape)).reshape(-1))


class CUDAUFunc:
    """A ``@vectorize(target="cuda")`` function."""

    def __init__(self, func, sigs, options):
        self.py_func = func
        self.nin = func.__code__.co_argcount
        self._sigs = _signatures("vectorize", sigs)
        for arg_types, _ in self._sigs:
            if len(arg_types) != self.nin:
                raise TypeError(f"signature with {len(arg_types)} inputs for {self.nin} arguments")
        self._device = dispatcher.jit(device=True, **options)(func)
        names = [f"x{k}" for k in range(self.nin)]
        reads = ", ".join(f"{n}[i]" for n in names)
        text = (
            f"def _oxjit_vectorize({', '.join(names)}, out):\n"
            f"    i = cuda.grid(1)\n"
            f"    if i < out.shape[0]:\n"
            f"        out[i] = f({reads})\n"
        )
        from oxjit import cuda

        kernel_fn = _define(text, "_oxjit_vectorize", {"cuda": cuda, "f": self._device})
        self._kernel = dispatcher.jit(**options)(kernel_fn)
        self.__name__ = func.__name__
        self.__doc__ = func.__doc__

    def __call__(self, *args, out=None, stream=0):
        if len(args) != self.nin:
            raise TypeError(f"{self.__name__}() takes {self.nin} arguments, got {len(args)}")
        dtypes, ret = _pick(self._sigs, args, self.__name__)
        ops = [_operand(a, d) for a, d in zip(args, dtypes)]
        shape = np.broadcast_shapes(*(o.shape for o in ops))
        on_device = any(isinstance(a, DeviceNDArray) for a in (*args, out))
        flat = [_to_device_flat(o, shape) for o in ops]
        from oxjit.cuda.api import device_array

        n = int(np.prod(shape, dtype=np.int64))
        result = device_array(n, _dtype_of(ret), stream=stream)
        if n:
            blocks = (n + THREADS - 1) // THREADS
            self._kernel[blocks, THREADS, stream](*flat, result)
        result = result.reshape(shape) if shape else result
        if out is not None:
            target = out if isinstance(out, DeviceNDArray) else None
            if target is not None:
                target.copy_to_device(result)
                return target
            out[...] = result.copy_to_host(stream=stream)
            return out
        if on_device:
            return result
        host = result.copy_to_host(stream=stream)
        return host[()] if not shape else host


class CUDAGUFunc:
    """A ``@guvectorize(target="cuda")`` function: one thread per element of the loop
    dimensions, calling the kernel on the operands' core views."""

    def __init__(self, func, sigs, layout, options):
        from oxjit.ufunc import _parse_layout

        self.py_func = func
        self.ins, self.outs = _parse_layout(layout)
        self.layout = layout
        self._sigs = _signatures("guvectorize", sigs)
        nargs = len(self.ins) + len(self.outs)
        for arg_types, _ in self._sigs:
            if len(arg_types) != nargs:
                raise TypeError(f"signature with {len(arg_types)} operands for layout {layout}")
        self._device = dispatcher.jit(device=True, **options)(func)
        names = [f"x{k}" for k in range(nargs)]
        views = []
        for k, core in enumerate(self.ins + self.outs):
            # A scalar input is its item; a scalar output a 1-item view it writes to.
            scalar_in = not core and k < len(self.ins)
            views.append(f"{names[k]}[i]" if core or scalar_in else f"{names[k]}[i:i + 1]")
        text = (
            f"def _oxjit_guvectorize({', '.join(names)}):\n"
            f"    i = cuda.grid(1)\n"
            f"    if i < {names[-1]}.shape[0]:\n"
            f"        f({', '.join(views)})\n"
        )
        from oxjit import cuda

        kernel_fn = _define(text, "_oxjit_guvectorize", {"cuda": cuda, "f": self._device})
        self._kernel = dispatcher.jit(**options)(kernel_fn)
        self.__name__ = func.__name__

    def _core_sizes(self, ops):
        sizes = {}
        for op, core in zip(ops, self.ins):
            if len(core) > op.ndim:
                raise ValueError(f"{self.__name__}: an operand has fewer dimensions than {core}")
            for name, n in zip(core, op.shape[op.ndim - len(core) :]):
                if sizes.setdefault(name, n) != n:
                    raise ValueError(
                        f"{self.__name__}: core dimension {name} is {sizes[name]} and {n}"
                    )
        return sizes

    def __call__(self, *args, stream=0):
        nin, nout = len(self.ins), len(self.outs)
        if len(args) not in (nin, nin + nout):
            raise TypeError(f"{self.__name__}() takes {nin} inputs (and {nout} outputs)")
        dtypes, _ = _pick(self._sigs, args[:nin], self.__name__)
        ops = [np.asarray(a, dtype=d) for a, d in zip(args[:nin], dtypes)]
        sizes = self._core_sizes(ops)
        loop = np.broadcast_shapes(*(o.shape[: o.ndim - len(c)] for o, c in zip(ops, self.ins)))
        n = int(np.prod(loop, dtype=np.int64))
        from oxjit.cuda.api import to_device

        dev = []
        for o, core in zip(ops, self.ins):
            core_shape = o.shape[o.ndim - len(core) :]
            full = np.broadcast_to(o, loop + core_shape)
            dev.append(to_device(np.ascontiguousarray(full).reshape((n, *core_shape))))
        outs = []
        for k, core in enumerate(self.outs):
            shape = tuple(sizes[c] for c in core)
            dtype = dtypes[nin + k] if len(dtypes) > nin + k else dtypes[0]
            host = args[nin + k] if len(args) > nin else np.empty(loop + shape, dtype)
            flat_shape = (n, *(shape or (1,)))
            outs.append((host, to_device(np.ascontiguousarray(host).reshape(flat_shape))))
        if n:
            self._kernel[(n + THREADS - 1) // THREADS, THREADS, stream](*dev, *(d for _, d in outs))
        results = []
        for host, d in outs:
            host[...] = d.copy_to_host(stream=stream).reshape(host.shape)
            results.append(host)
        return results[0] if len(results) == 1 else tuple(results)


def vectorize(sigs, options):
    """The decorator ``oxjit.vectorize(sigs, target="cuda")`` returns."""
    opts = _split_options("vectorize", options)
    return lambda func: CUDAUFunc(func, sigs, opts)


def guvectorize(sigs, layout, options):
    """The decorator ``oxjit.guvectorize(sigs, layout, target="cuda")`` returns."""
    opts = _split_options("guvectorize", options)
    return lambda func: CUDAGUFunc(func, sigs, layout, opts)
