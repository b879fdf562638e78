"""``@cfunc``: a compiled function with a C signature, to hand to C code as a callback.

The machine code is a C function ``R f(A1, A2, ...)`` (codegen's ``lower/ufunc_loop.rs``) that
calls the compiled kernel; :attr:`CFunc.address` is its address, :attr:`CFunc.ctypes` a ctypes
function pointer to it, :attr:`CFunc.cffi` a cffi one (where cffi is installed), and
``scipy.LowLevelCallable(f.ctypes)`` hands it to SciPy (``scipy.integrate.quad``...). An
exception the kernel raises cannot reach a C caller: it is printed as "unraisable" (through
``sys.unraisablehook``) and the function returns 0, as Numba's cfuncs do.

Arguments are numbers, ``bool`` and pointers (``CPointer(float64)``, ``voidptr``); results
numbers, ``bool`` or ``void``. Inside the function, :func:`carray` and :func:`farray` view a
``CPointer`` argument as an array (``carray(ptr, (m, n))``), as in Numba.
"""

from oxjit import types as _types
from oxjit.errors import UnsupportedError

_CTYPES_NAMES = {
    "bool": "c_bool",
    "int8": "c_int8",
    "int16": "c_int16",
    "int32": "c_int32",
    "int64": "c_int64",
    "uint8": "c_uint8",
    "uint16": "c_uint16",
    "uint32": "c_uint32",
    "uint64": "c_uint64",
    "float32": "c_float",
    "float64": "c_double",
}

_C_NAMES = {
    "bool": "_Bool",
    "int8": "int8_t",
    "int16": "int16_t",
    "int32": "int32_t",
    "int64": "int64_t",
    "uint8": "uint8_t",
    "uint16": "uint16_t",
    "uint32": "uint32_t",
    "uint64": "uint64_t",
    "float32": "float",
    "float64": "double",
}


def _is_c_type(t):
    return str(t) in _CTYPES_NAMES or isinstance(t, _types.CPointer)


def _parse(sig):
    """The signature's argument and return types; UnsupportedError for what C cannot take."""
    args, ret = _types.parse_signature(sig)
    if ret is None:
        raise TypeError(f"cfunc signature {sig!r} needs a return type: 'float64(float64)'")
    for i, t in enumerate(args):
        if not _is_c_type(t):
            raise UnsupportedError(
                f"cfunc signature {sig!r}: argument {i + 1} is {t}, which has no C type here "
                f"(numbers, bool, CPointer(...) and voidptr)"
            )
    if str(ret) not in _CTYPES_NAMES and not isinstance(ret, _types.NoneType):
        raise UnsupportedError(
            f"cfunc signature {sig!r}: the result is {ret}, which has no C type here "
            f"(numbers, bool or void)"
        )
    return list(args), ret


def _ctype(t):
    """The ctypes type of the C type ``t``."""
    import ctypes

    if isinstance(t, _types.CPointer):
        if isinstance(t.dtype, _types.NoneType):
            return ctypes.c_void_p
        return ctypes.POINTER(getattr(ctypes, _CTYPES_NAMES[str(t.dtype)]))
    return getattr(ctypes, _CTYPES_NAMES[str(t)])


def _c_name(t):
    """The C spelling of the C type ``t`` (for cffi)."""
    if isinstance(t, _types.CPointer):
        return "void *" if isinstance(t.dtype, _types.NoneType) else f"{_C_NAMES[str(t.dtype)]} *"
    return _C_NAMES[str(t)]


def cfunc(sig, locals=None, cache=False, pipeline_class=None, **options):
    """Numba's ``@cfunc(sig)``: compile the function now as a C callback of signature ``sig``.

    ``sig`` is a full signature, ``"float64(float64, float64)"`` or ``float64(float64,
    float64)``. Options are ``njit``'s (``fastmath``, ``error_model``, ``boundscheck``,
    ``nogil``); ``cache=True`` is accepted and caches nothing yet (it warns).
    """
    if locals:
        raise UnsupportedError("cfunc(locals=...) is not supported")
    if pipeline_class is not None:
        raise UnsupportedError("cfunc(pipeline_class=...) is not supported")
    if cache:
        import warnings

        from oxjit.errors import NumbaWarning

        warnings.warn(
            "cfunc(cache=True) is not honoured: the callback is compiled in each process",
            NumbaWarning,
            stacklevel=2,
        )
    args, ret = _parse(sig)

    def wrapper(func):
        return CFunc(func, args, ret, options)

    return wrapper


class CFunc:
    """A compiled C callback (what ``@cfunc`` returns). Calling it from Python calls the Python
    function, as Numba's does; compiled code calling it calls the compiled kernel."""

    def __init__(self, func, args, ret, options):
        from oxjit.decorators import _DISABLE_JIT, _check_options, _make

        if _DISABLE_JIT:
            raise UnsupportedError(
                "a cfunc is compiled code: with OXJIT_DISABLE_JIT (or NUMBA_DISABLE_JIT) set, "
                "there is no C function to hand out"
            )
        self._pyfunc = func
        self.__name__ = func.__name__
        self.__doc__ = func.__doc__
        self.__wrapped__ = func
        self._args = args
        self._ret = ret
        kernel = _make(func, None, _check_options("cfunc", options))
        restype = None if isinstance(ret, _types.NoneType) else str(ret)
        names = [str(t) for t in args]
        kernel._compile(names, restype)
        kernel._lock()
        self._oxjit_kernel = kernel
        self.address, _ = kernel._wrapper(names, restype, "cfunc")
        self._ctypes = None

    @property
    def native_name(self):
        return f"cfunc.{self.__name__}"

    @property
    def ctypes(self):
        """A :mod:`ctypes` function pointer to the callback."""
        if self._ctypes is None:
            import ctypes

            restype = None if isinstance(self._ret, _types.NoneType) else _ctype(self._ret)
            argtypes = [_ctype(t) for t in self._args]
            self._ctypes = ctypes.CFUNCTYPE(restype, *argtypes)(self.address)
        return self._ctypes

    @property
    def cffi(self):
        """A cffi function pointer to the callback (ImportError without cffi)."""
        import cffi

        ffi = cffi.FFI()
        ret = "void" if isinstance(self._ret, _types.NoneType) else _c_name(self._ret)
        args = ", ".join(_c_name(t) for t in self._args) or "void"
        return ffi.cast(f"{ret} (*)({args})", self.address)

    def __call__(self, *args, **kwargs):
        return self._pyfunc(*args, **kwargs)

    def __repr__(self):
        return f"<oxjit.CFunc {self.__name__!r} at {self.address:#x}>"


def carray(ptr, shape, dtype=None):
    """Numba's ``carray``: a C-ordered array view of the memory at ``ptr``.

    In compiled code (a ``@cfunc``), ``ptr`` is a ``CPointer(T)`` argument and the array's
    dtype is ``T`` (``dtype=`` and ``voidptr`` are not supported there yet). From Python, ``ptr``
    is a ctypes pointer (its element type gives the dtype) or an address (``dtype`` required).
    """
    return _view(ptr, shape, dtype, "C")


def farray(ptr, shape, dtype=None):
    """Numba's ``farray``: as :func:`carray`, Fortran-ordered."""
    return _view(ptr, shape, dtype, "F")


# Compiled code finds them as oxjit's own functions (the extension looks them up by module).
carray.__module__ = farray.__module__ = "oxjit"


def _view(ptr, shape, dtype, order):
    import ctypes

    import numpy

    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    if isinstance(ptr, ctypes._Pointer):
        own = numpy.dtype(ptr._type_)
        if dtype is not None and numpy.dtype(dtype) != own:
            raise TypeError(f"mismatching dtype {numpy.dtype(dtype)} for a pointer to {own}")
        dtype, address = own, ctypes.cast(ptr, ctypes.c_void_p).value
    elif isinstance(ptr, int):
        if dtype is None:
            raise TypeError("carray/farray of an address needs dtype=")
        dtype, address = numpy.dtype(dtype), ptr
    else:
        raise TypeError(f"carray/farray take a ctypes pointer or an address, not {ptr!r}")
    count = int(numpy.prod(shape))
    buffer = (ctypes.c_char * (count * dtype.itemsize)).from_address(address)
    return numpy.frombuffer(buffer, dtype=dtype, count=count).reshape(shape, order=order)
