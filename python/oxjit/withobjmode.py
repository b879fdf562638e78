"""``with objmode(x="float64[:]", n="int64"): ...`` inside a compiled function (Numba's
``numba.objmode``).

The compiler does not compile the block: it runs in the interpreter, as a function of the
block's live-in variables that returns the declared outputs, called from the compiled code with
the GIL held (``oxjit-python/src/objmode.rs``). Each output is unboxed to its declared type; a
value of another type raises TypeError naming the variable. Exceptions the block raises
propagate: compiled ``try``/``except`` clauses catch them by class, and Python gets the original
exception object.

Called from the interpreter (the function not compiled), ``objmode(...)`` is a context manager
that does nothing, as Numba's is.
"""

from oxjit import types as _types


class _ObjModeBlock:
    """What ``objmode(...)`` returns in the interpreter: runs its block unchanged."""

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


class _ObjModeContext:
    """The ``objmode`` object: ``with objmode(name="type", ...):`` in a compiled function."""

    def __call__(self, *args, **annotations):
        if args:
            raise TypeError('objmode() takes its outputs as keyword arguments: objmode(x="int64")')
        for name, annotation in annotations.items():
            if not isinstance(annotation, (str, _types.Type)):
                raise TypeError(
                    f"objmode(): the type of {name!r} must be a string or an oxjit type, "
                    f"not {type(annotation).__name__}"
                )
        return _ObjModeBlock()

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False

    def __repr__(self):
        return "oxjit.objmode"


objmode = _ObjModeContext()


def _annotation_type(func, text, is_string):
    """The canonical name of the type an output annotation of ``func`` names: ``text`` is a
    string's contents in Numba's syntax, or a Python expression evaluated in the function's
    globals (``types.float64[:]``). Raises TypeError/ValueError with the reason."""
    if is_string:
        try:
            args, _ = _types.parse_signature(f"({text},)")
        except TypeError as exc:
            raise TypeError(str(exc).replace(f"invalid signature '({text},)'", "")) from None
        return str(args[0])
    namespace = dict(getattr(func, "__globals__", {}))
    namespace.update(_closure_values(func))
    try:
        value = eval(text, namespace)  # the user's own type expression, as Numba evaluates it
    except Exception as exc:  # noqa: BLE001 (reported as the annotation's error)
        raise TypeError(f"{type(exc).__name__}: {exc}") from None
    if not isinstance(value, _types.Type):
        raise TypeError(f"{text} is {value!r}, not an oxjit type")
    return str(value)


def _closure_values(func):
    """The free variables of ``func`` with their current values (cells that are set)."""
    code = getattr(func, "__code__", None)
    cells = getattr(func, "__closure__", None) or ()
    out = {}
    for name, cell in zip(code.co_freevars if code else (), cells):
        try:
            out[name] = cell.cell_contents
        except ValueError:  # an empty cell
            pass
    return out


def _make_block(func, filename, source):
    """The Python function a block's ``source`` defines, in ``func``'s globals (with its free
    variables visible, read-only)."""
    free = _closure_values(func)
    globals_ = func.__globals__
    if free:
        globals_ = {**globals_, **free}
    namespace = {}
    exec(compile(source, filename, "exec"), globals_, namespace)  # noqa: S102 (the user's block)
    return namespace["__oxjit_objmode_block__"]
