"""Device-side exceptions of ``debug=True`` (or ``boundscheck=True``) kernels, as Numba reports
them: the kernel's module has a global record, ``__errcode__``, that the first raising thread
fills (``crates/oxjit-codegen/src/nvptx/errcode.rs``: an atomic claim, its thread and block
indices, the exception's class, message and arguments); after the launch the host reads it
back, clears it, and raises the exception with the thread's position in front of its message:
``tid=[x, y, z] ctaid=[x, y, z]: message`` (the simulator's format, and Numba's).
"""

import importlib
import struct

import numpy as np

NAME = "__errcode__"
SIZE = 512
# flag, padding, tid[3], ctaid[3], arg kind, int arg, float arg, ints[8], class and message
# lengths; then the class name's bytes (64) and the message's (312).
_HEAD = struct.Struct("<ii3i3iqqd8qqq")
_CLASS_AT = _HEAD.size
_MSG_AT = _CLASS_AT + 64
# oxjit_abi::ArgKind
_INT, _FLOAT, _BOOL, _TEMPLATE = 1, 2, 3, 4


def _exception_class(name):
    module, _, attr = name.rpartition(".")
    try:
        return getattr(importlib.import_module(module or "builtins"), attr)
    except (ImportError, AttributeError):
        from oxjit.errors import InternalError

        raise InternalError(f"a kernel raised an unknown exception class {name!r}") from None


def _format(template, ints):
    """The message of a template whose ``{k}`` (``{k:f}``: a float's bits) are `ints`."""
    for k, v in enumerate(ints):
        bits = np.array(v, np.int64).view(np.float64)
        template = template.replace(f"{{{k}:f}}", repr(float(bits)))
        template = template.replace(f"{{{k}}}", str(v))
    return template


def decode(record):
    """The exception a record describes (None where no thread raised)."""
    flag, _, *pos = _HEAD.unpack_from(record)
    if not flag:
        return None
    tid, ctaid = pos[0:3], pos[3:6]
    kind, arg_int, arg_float = pos[6:9]
    ints = pos[9:17]
    class_len, msg_len = pos[17:19]
    cls = _exception_class(bytes(record[_CLASS_AT : _CLASS_AT + class_len]).decode())
    msg = bytes(record[_MSG_AT : _MSG_AT + msg_len]).decode(errors="replace")
    if kind == _INT:
        args = (arg_int,)
    elif kind == _FLOAT:
        args = (arg_float,)
    elif kind == _BOOL:
        args = (bool(arg_int),)
    elif kind == _TEMPLATE:
        args = (_format(msg, ints),)
    else:
        args = (msg,) if msg else ()
    where = f"tid={list(tid)} ctaid={list(ctaid)}"
    # Numba's CUDA dispatcher: the position in front of the first argument.
    args = (f"{where}: {args[0]}",) + args[1:] if args else (where,)
    return cls(*args)


def check(drv, address, stream):
    """After a launch: raises the exception a thread of the kernel reported, if any."""
    if stream is not None:
        drv.stream_synchronize(stream)
    else:
        drv.synchronize()
    record = np.zeros(SIZE, np.uint8)
    drv.copy_dtoh(record.ctypes.data, address, SIZE)
    if record[0] == 0:
        return
    exc = decode(record.tobytes())
    record[:] = 0
    drv.copy_htod(address, record.ctypes.data, SIZE)  # cleared for the next launch
    raise exc
