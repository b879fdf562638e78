"""C functions compiled code calls through their address (Numba's ``ExternalFunctionPointer``).

The compiler asks :func:`describe` about a global, a closure variable or an argument it does not
know otherwise. A ctypes function (of a ``ctypes.CDLL``, or ``CFUNCTYPE(...)(address)``) with
``argtypes`` set, a cffi function (``ffi.dlopen(...)``, or of an out-of-line module given to
:func:`register_module`), an ``@cfunc`` and a ``WrapperAddressProtocol`` object are described by
their C signature (oxjit type names) and their address, as Numba's ``ctypes_utils`` and
``cffi_utils`` map them; the address of a global is read once, when compiling (as Numba does).
"""

import ctypes

_FROM_CTYPES = {
    ctypes.c_bool: "bool",
    ctypes.c_int8: "int8",
    ctypes.c_int16: "int16",
    ctypes.c_int32: "int32",
    ctypes.c_int64: "int64",
    ctypes.c_uint8: "uint8",
    ctypes.c_uint16: "uint16",
    ctypes.c_uint32: "uint32",
    ctypes.c_uint64: "uint64",
    ctypes.c_float: "float32",
    ctypes.c_double: "float64",
    ctypes.c_void_p: "voidptr",
}

# cffi's C type names, as Numba's `cffi_utils` maps them (`char` is int8, `long` 64 bits).
_FROM_CFFI = {
    "_Bool": "bool",
    "bool": "bool",
    "char": "int8",
    "signed char": "int8",
    "short": "int16",
    "int": "int32",
    "long": "int64",
    "long long": "int64",
    "unsigned char": "uint8",
    "unsigned short": "uint16",
    "unsigned int": "uint32",
    "unsigned long": "uint64",
    "unsigned long long": "uint64",
    "int8_t": "int8",
    "uint8_t": "uint8",
    "int16_t": "int16",
    "uint16_t": "uint16",
    "int32_t": "int32",
    "uint32_t": "uint32",
    "int64_t": "int64",
    "uint64_t": "uint64",
    "float": "float32",
    "double": "float64",
    "ssize_t": "int64",
    "size_t": "uint64",
    "intptr_t": "int64",
    "uintptr_t": "uint64",
}

# The functions of out-of-line cffi modules (`register_module`): function -> (its cffi type,
# its address).
_OUT_OF_LINE = {}


class Refused(Exception):
    """A C function compiled code cannot call; the message says why."""


def describe(value):
    """``(argument type names, result type name, address)`` of the C function ``value``; None
    where ``value`` is no C function; the reason (a string) where it is one that compiled code
    cannot call."""
    try:
        found = _describe(value)
    except Refused as exc:
        return str(exc)
    if found is None:
        return None
    args, ret, address = found
    if not address:
        return "a C function pointer that is NULL"
    return args, ret, address


def _describe(value):
    if isinstance(value, ctypes._CFuncPtr):
        return _ctypes_function(value)
    from oxjit.cfunc import CFunc
    from oxjit.types import WrapperAddressProtocol

    if isinstance(value, CFunc):
        return [str(t) for t in value._args], str(value._ret), value.address
    if isinstance(value, WrapperAddressProtocol):
        return _wrapper_address(value)
    return _cffi_function(value)


def _ctypes_function(fn):
    name = getattr(fn, "__name__", repr(fn))
    if fn.argtypes is None:
        # Numba's message (`ctypes_utils.make_function_type`).
        raise Refused(
            f"a ctypes function {name!r} that doesn't define its argument types; consider "
            f"setting the `argtypes` attribute"
        )
    args = [_from_ctypes(t, name) for t in fn.argtypes]
    ret = "none" if fn.restype is None else _from_ctypes(fn.restype, name)
    # A `void *` result is an address, as Numba returns it (`uintp`).
    if ret == "voidptr":
        ret = "uint64"
    return args, ret, ctypes.cast(fn, ctypes.c_void_p).value


def _from_ctypes(t, name):
    if isinstance(t, type) and issubclass(t, ctypes._Pointer):
        inner = _FROM_CTYPES.get(t._type_)
        if inner is not None and inner != "voidptr":
            return f"CPointer({inner})"
    else:
        found = _FROM_CTYPES.get(t)
        if found is not None:
            return found
    what = getattr(t, "__name__", repr(t))
    raise Refused(
        f"a ctypes function {name!r} with the unsupported ctypes type {what} (numbers, "
        f"c_bool, c_void_p and POINTER(...) of numbers are)"
    )


def _wrapper_address(value):
    from oxjit import types as _types

    sig = value.signature()
    kind = type(value).__qualname__
    if not isinstance(sig, _types.Signature):
        raise Refused(f"a {kind} whose signature() is not a signature (float64(float64))")
    args = [str(t) for t in sig.args]
    ret = str(sig.return_type)
    return args, ret, int(value.__wrapper_address__())


def _cffi_function(value):
    found = _OUT_OF_LINE.get(_key(value)) if _OUT_OF_LINE else None
    if found is not None:
        ctype, address = found
    else:
        if type(value).__module__ != "_cffi_backend":
            return None
        ffi = _ffi()
        if ffi is None:
            return None
        try:
            ctype = ffi.typeof(value)
        except TypeError:
            return None
        if ctype.kind != "function":
            return None
        address = int(ffi.cast("uintptr_t", value))
    if ctype.ellipsis:
        raise Refused("a cffi function taking variable arguments (...)")
    args = [_from_cffi(t) for t in ctype.args]
    ret = "none" if ctype.result.kind == "void" else _from_cffi(ctype.result)
    return args, ret, address


def _from_cffi(t):
    if t.kind == "pointer":
        if t.item.kind == "void":
            return "voidptr"
        inner = _FROM_CFFI.get(t.item.cname) if t.item.kind == "primitive" else None
        if inner is not None:
            return f"CPointer({inner})"
    elif t.kind == "primitive" and t.cname in _FROM_CFFI:
        return _FROM_CFFI[t.cname]
    raise Refused(
        f"a cffi function with the unsupported C type '{t.cname}' (numbers and pointers to "
        f"numbers are)"
    )


def _key(value):
    try:
        hash(value)
    except TypeError:
        return None
    return value


_ffi_instance = []


def _ffi():
    """A cffi ``FFI`` to ask the type of a cffi object (None without cffi)."""
    if not _ffi_instance:
        try:
            import cffi
        except ImportError:
            return None
        _ffi_instance.append(cffi.FFI())
    return _ffi_instance[0]


def register_module(mod):
    """Numba's ``cffi_utils.register_module``: the functions of the out-of-line cffi module
    ``mod`` (built with ``ffi.compile()``) become callable from compiled code."""
    from types import BuiltinFunctionType

    for name in dir(mod.lib):
        f = getattr(mod.lib, name)
        if isinstance(f, BuiltinFunctionType):
            address = mod.ffi.addressof(mod.lib, f.__name__)
            _OUT_OF_LINE[f] = (mod.ffi.typeof(f), int(mod.ffi.cast("uintptr_t", address)))
