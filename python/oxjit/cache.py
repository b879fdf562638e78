"""The on-disk cache of compiled functions: ``@njit(cache=True)``.

Each specialization is one file holding its machine code (an object file, linked into the JIT
when loaded) and what decides whether that code is still right (the Numba paper, §5.5: the object
code plus the metadata that decides freshness). Its name comes from a key of everything fixed for
a given specialization: the function (file, qualified name, line), the argument and declared
return types, the options, the oxjit version and build (a hash of the sources the extension was
built from), the LLVM, Python and NumPy versions, and the CPU (name and features). Inside, the
file lists the function's dependencies with a digest of each, compared with their present state
before the code is used:

- the text of the function's source file, as it was when it was decorated, and that of every
  compiled function it can reach through its globals (in any module, to any depth), with their
  options;
- the value of every global the function or those callees may read (numbers, tuples, strings,
  NumPy scalars, and the module attributes reached through imported modules);
- the function's default argument values;
- the iteration order of its frozenset constants (the order of its constant set displays
  follows them, and for strings it depends on the process's string hash key).

Editing a callee in another module, changing a global, or changing an option therefore
invalidates the entry, which is then compiled again and rewritten.

Where: next to the module, in ``__pycache__`` (as Numba), or under ``OXJIT_CACHE_DIR`` (or
Numba's ``NUMBA_CACHE_DIR``), in a tree that mirrors the source file's directory; when the
module's directory cannot be written, in the user cache directory (``$XDG_CACHE_HOME/oxjit`` or
``~/.cache/oxjit``). Files are written to a temporary name and renamed, so concurrent writers
never leave a torn entry; a file that is truncated, corrupt, or from another version is ignored
and rewritten. Global arrays are read by the cached code through symbols, defined at load time
at read-only copies of the arrays the globals hold then (their contents are part of the key). A
function defined inside another function is compiled as usual but not cached, with a warning.

:func:`entries` lists the cached files of a function (or of all functions in a directory) and
:func:`clear` removes them.
"""

import marshal
import os
import sys
import types
import warnings

try:  # CPython's own BLAKE2, without loading OpenSSL as `hashlib` does (a few ms at start-up)
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - other implementations
    from hashlib import blake2b as _blake2b

from oxjit import _frozensets, _source

__all__ = ["clear", "directory", "entries"]

# The format's name and version; the metadata is marshalled (the key holds the Python version,
# so a file is only read by the Python that wrote it).
_MAGIC = b"OXJIT-CACHE-1\n"
_SUFFIX = ".oxjitc"
# Modules whose contents the key covers by their version (NumPy) or that cannot change.
_STABLE_MODULES = frozenset({"numpy", "math", "cmath", "random", "builtins", "operator"})

_host = None


def _host_key():
    """What the machine code is made for, and by which versions (computed once)."""
    global _host
    if _host is None:
        import numpy

        from oxjit import oxjit_version
        from oxjit._oxjit import build_id, host_target

        triple, cpu, features, llvm = host_target()
        _host = {
            "oxjit": oxjit_version,
            # The sources the extension was built from: another build of the same version
            # (a development build) compiles differently.
            "build": build_id(),
            "llvm": llvm,
            "python": "{}.{}".format(*sys.version_info[:2]),
            "numpy": numpy.__version__,
            "triple": triple,
            "cpu": cpu,
            "features": features,
        }
    return _host


# ---------------------------------------------------------------- where


def _cacheable(func):
    """Why ``func`` cannot be cached, or None."""
    if "<locals>" in func.__qualname__ or func.__closure__:
        return "it is defined inside another function (its closure cannot be keyed)"
    if not os.path.isabs(func.__code__.co_filename) and not os.path.exists(
        func.__code__.co_filename
    ):
        return "its source is not in a file"
    return None


def _writable(path):
    try:
        os.makedirs(path, exist_ok=True)
    except OSError:
        return False
    return os.access(path, os.W_OK | os.X_OK)


def _mirror(base, source_dir):
    """``base`` joined with ``source_dir`` made relative (the tree mirrors source folders)."""
    drive, rest = os.path.splitdrive(os.path.abspath(source_dir))
    return os.path.join(base, drive.replace(":", ""), rest.lstrip(os.sep))


def directory(func):
    """The folder the cache entries of ``func`` (a function or a compiled function) go to."""
    func = getattr(func, "py_func", func)
    source_dir = os.path.dirname(os.path.abspath(func.__code__.co_filename))
    configured = os.environ.get("OXJIT_CACHE_DIR") or os.environ.get("NUMBA_CACHE_DIR")
    if configured:
        return _mirror(configured, source_dir)
    beside = os.path.join(source_dir, "__pycache__")
    if _writable(beside):
        return beside
    user = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return _mirror(os.path.join(user, "oxjit"), source_dir)


def _prefix(func):
    """The start of the file names of ``func``'s entries: module file, name, line."""
    stem = os.path.splitext(os.path.basename(func.__code__.co_filename))[0]
    return f"{stem}.{func.__qualname__}-{func.__code__.co_firstlineno}."


def _static_key(dispatcher, argtypes, restype):
    func = dispatcher.py_func
    return {
        "host": _host_key(),
        "file": os.path.abspath(func.__code__.co_filename),
        "function": func.__qualname__,
        "line": func.__code__.co_firstlineno,
        "args": list(argtypes),
        "return": restype,
        "options": _options(dispatcher),
    }


def _options(dispatcher):
    options = getattr(dispatcher, "targetoptions", None) or {}
    return sorted((k, repr(v)) for k, v in options.items() if k != "cache")


def _digest(data):
    return _blake2b(data, digest_size=20).hexdigest()


def _path(dispatcher, key):
    name = _digest(repr(sorted(key.items())).encode())[:20]
    return os.path.join(directory(dispatcher.py_func), _prefix(dispatcher.py_func) + name + _SUFFIX)


# ---------------------------------------------------------------- what the code depends on


def _is_dispatcher(value):
    return hasattr(value, "py_func") and hasattr(value, "_given_signatures")


def _value_digest(value):
    """A digest of a global's value that changes when the compiled code would."""
    if hasattr(value, "__array_interface__") and hasattr(value, "tobytes"):
        head = f"{type(value).__name__}:{value.dtype.str}:{value.shape}:{value.strides}:"
        return _digest(head.encode() + value.tobytes())
    if isinstance(value, (int, float, complex, str, bytes, bool, type(None), tuple)):
        return _digest(f"{type(value).__name__}:{value!r}".encode())
    kind = type(value)
    name = getattr(value, "__qualname__", None) or getattr(value, "__name__", None)
    if name is not None:
        owner = getattr(value, "__module__", None)
        return _digest(f"{kind.__module__}.{kind.__qualname__}:{owner}.{name}".encode())
    if type(value).__module__ == "numpy":  # NumPy scalars, dtypes
        return _digest(f"{kind.__qualname__}:{value!r}".encode())
    # Anything else: compiled code cannot read it, so it cannot change the code.
    return _digest(f"{kind.__module__}.{kind.__qualname__}".encode())


_text_digests = {}


def _text_digest(text):
    if text is None:
        return None
    found = _text_digests.get(id(text))
    if found is None or found[0] is not text:
        found = (text, _digest(text.encode("utf-8", "surrogatepass")))
        _text_digests[id(text)] = found
    return found[1]


def _dependencies(dispatcher, arrays=None):
    """The sorted ``[kind, name, digest]`` of everything the compiled code depends on; with
    ``arrays`` (a dict), also ``id(array) -> (module, name)`` for the global arrays met."""
    deps = {}
    seen = set()
    pending = [dispatcher]
    while pending:
        disp = pending.pop()
        func = disp.py_func
        if id(func) in seen:
            continue
        seen.add(id(func))
        code = func.__code__
        text = getattr(disp, "_source_text", None)
        if text is None:
            text = _source.snapshot(func)
        deps[("source", code.co_filename)] = _text_digest(text) or "none"
        where = f"{func.__module__}.{func.__qualname__}"
        deps[("options", where)] = _digest(repr(_options(disp)).encode())
        deps[("defaults", where)] = _digest(repr(func.__defaults__).encode())
        # The order of constant set displays follows the code object's frozensets, whose order
        # of strings depends on the process's string hash key (see _frozensets.py).
        constant_sets = _frozensets.frozensets(func)
        if constant_sets:
            orders = [[item for item, _ in items] for items, _written in constant_sets]
            deps[("constant sets", where)] = _digest(repr(orders).encode())
        names = _source.global_names(code)
        for name in names:
            if name in func.__globals__:
                value = func.__globals__[name]
                _add_global(deps, pending, func.__module__, name, value, names, arrays)
    return sorted([kind, name, digest] for (kind, name), digest in deps.items())


def _add_global(deps, pending, module_name, name, value, names, arrays=None):
    where = f"{module_name}.{name}"
    if arrays is not None and hasattr(value, "__array_interface__"):
        arrays.setdefault(id(value), (module_name, name))
    if _is_dispatcher(value):
        pending.append(value)
        deps[("function", where)] = _digest(value.py_func.__qualname__.encode())
    elif isinstance(value, types.ModuleType):
        if value.__name__.split(".")[0] in _STABLE_MODULES:
            return
        # A user module: its attributes that the code may name (`helpers.scale`).
        for attr in names:
            if attr in value.__dict__ and not isinstance(value.__dict__[attr], types.ModuleType):
                attr_value = value.__dict__[attr]
                _add_global(deps, pending, value.__name__, attr, attr_value, (), arrays)
    elif not isinstance(value, types.FunctionType):
        deps[("global", where)] = _value_digest(value)


# ---------------------------------------------------------------- files


def _pack(meta, obj):
    head = marshal.dumps(meta)
    return _MAGIC + len(head).to_bytes(8, "little") + head + obj


def _unpack(data):
    """``(metadata, object)`` of a cache file, or None where it is not a whole one."""
    if not data.startswith(_MAGIC) or len(data) < len(_MAGIC) + 8:
        return None
    start = len(_MAGIC) + 8
    n = int.from_bytes(data[len(_MAGIC) : start], "little")
    if start + n > len(data):
        return None
    try:
        meta = marshal.loads(data[start : start + n])
    except (ValueError, EOFError, TypeError):
        return None
    obj = data[start + n :]
    if not isinstance(meta, dict) or meta.get("object") != _digest(obj):
        return None
    return meta, obj


def _warn_once(dispatcher, message):
    said = dispatcher.__dict__.setdefault("_cache_warnings", set())
    if message not in said:
        said.add(message)
        from oxjit.errors import NumbaWarning

        warnings.warn(
            f"cache=True: {dispatcher.py_func.__qualname__}: {message}", NumbaWarning, stacklevel=4
        )


def load(dispatcher, argtypes, restype):
    """The cached ``(object, entry, return type, needs_lapack, symbols)`` for these types, or
    None; ``symbols`` are the addresses of the copies of the global arrays it reads."""
    reason = _cacheable(dispatcher.py_func)
    if reason is not None:
        _warn_once(dispatcher, f"not cached: {reason}")
        return None
    key = _static_key(dispatcher, argtypes, restype)
    path = _path(dispatcher, key)
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        _warn_once(dispatcher, f"cannot read {path}: {exc}; compiling")
        return None
    unpacked = _unpack(data)
    if unpacked is None:
        return None  # truncated, corrupt or another format: compiled and rewritten
    meta, obj = unpacked
    if meta.get("key") != key or meta.get("deps") != _dependencies(dispatcher):
        return None
    symbols = _freeze_arrays(meta.get("arrays", ()))
    if symbols is None:
        return None
    return obj, meta["entry"], meta["return"], bool(meta["lapack"]), symbols


# The copies of global arrays that code loaded from the cache reads (as the compiler freezes a
# global array when it compiles: later writes to the global do not change what the code sees).
_frozen = []


def _freeze_arrays(arrays):
    """``(symbol, address)`` for each global array of a cached entry, read-only copies made now
    of the arrays the globals hold (their contents were checked against the key); None where one
    is gone."""
    import numpy as np

    symbols = []
    copies = {}
    for symbol, is_object, module_name, name in arrays:
        frozen = copies.get((module_name, name))
        if frozen is None:
            module = sys.modules.get(module_name)
            value = getattr(module, name, None) if module is not None else None
            if not isinstance(value, np.ndarray):
                return None
            frozen = value.copy("K")
            frozen.flags.writeable = False
            _frozen.append(frozen)
            copies[module_name, name] = frozen
        # The compiled code holds the ndarray's address tagged with 1 (see the runtime's nrt).
        address = id(frozen) | 1 if is_object else frozen.__array_interface__["data"][0]
        symbols.append((symbol, address))
    return symbols


def refuse_dynamic(dispatcher):
    """Numba's warning where code holds a C function's address (a ctypes or cffi global): it
    is compiled, and not cached (the address is this process's)."""
    from oxjit.errors import NumbaWarning

    warnings.warn(
        f'Cannot cache compiled function "{dispatcher.py_func.__qualname__}" as it uses dynamic '
        f"globals (such as ctypes pointers and large global arrays)",
        NumbaWarning,
        stacklevel=4,
    )


def store(dispatcher, argtypes, restype, code):
    """Writes the entry for these types; ``code`` is ``(object, entry, return type,
    needs_lapack, arrays)``, arrays as ``(symbol, is the ndarray (else its data), id of the
    global array)``;
    or None where the machine code cannot be kept."""
    if _cacheable(dispatcher.py_func) is not None:
        return
    if code is None:
        _warn_once(dispatcher, "not cached: its machine code cannot be kept")
        return
    obj, entry, ret, lapack, array_origins = code
    key = _static_key(dispatcher, argtypes, restype)
    found = {}
    deps = _dependencies(dispatcher, found)
    arrays = []
    for symbol, is_object, original in array_origins:
        if original not in found:
            _warn_once(dispatcher, "not cached: it reads a global array not found by name")
            return
        arrays.append((symbol, is_object, *found[original]))
    meta = {
        "key": key,
        "deps": deps,
        "entry": entry,
        "return": ret,
        "lapack": lapack,
        "arrays": arrays,
        "object": _digest(obj),
    }
    path = _path(dispatcher, key)
    tmp = f"{path}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(_pack(meta, obj))
        os.replace(tmp, path)
    except OSError as exc:
        _warn_once(dispatcher, f"cannot write {path}: {exc}")
        try:
            os.unlink(tmp)
        except OSError:
            pass


# ---------------------------------------------------------------- inspection


def entries(func=None, path=None):
    """The cache files of ``func`` (a compiled function), or all those in ``path`` (a cache
    folder), as ``{"path", "function", "args", "return", "size"}`` dicts."""
    if func is not None:
        folder = directory(func)
        prefix = _prefix(func.py_func)
    elif path is not None:
        folder, prefix = path, ""
    else:
        raise TypeError("entries() needs a compiled function or a cache folder")
    out = []
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return out
    for name in names:
        if not (name.endswith(_SUFFIX) and name.startswith(prefix)):
            continue
        full = os.path.join(folder, name)
        try:
            with open(full, "rb") as f:
                unpacked = _unpack(f.read())
        except OSError:
            continue
        info = {"path": full, "size": os.path.getsize(full)}
        if unpacked is not None:
            key = unpacked[0]["key"]
            info.update(function=key["function"], args=key["args"])
            info["return"] = unpacked[0]["return"]
        out.append(info)
    return out


def clear(func=None, path=None):
    """Removes the cache files of ``func`` (or every one in the folder ``path``); returns how
    many were removed."""
    removed = 0
    for entry in entries(func, path):
        try:
            os.unlink(entry["path"])
            removed += 1
        except FileNotFoundError:
            pass
    return removed
