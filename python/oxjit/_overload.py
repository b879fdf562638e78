"""``@overload`` and friends: implementations of a function chosen per argument types, at compile
time, by a typing function written in Python (Numba's extension API, in oxjit).

Compiled code calls an overloaded function through a *proxy* dispatcher: the extension finds it
for the global (``host.rs``: ``_overload_dispatcher``) and asks it, at each call site it types,
which function runs the call (``_oxjit_specialize``, as for stencils). The proxy calls the typing
functions with :mod:`oxjit.types` objects for the arguments' types (a literal type where the value
is known at compile time and the first answer asks for one, ``Omitted`` for a default), compiles
the implementation the first one returns, and answers with its dispatcher. All of this runs while
compiling: calls of the compiled code cost nothing more.

``literally`` and per-value compiling are in :mod:`oxjit._literally`.
"""

import inspect
import threading
import weakref

from oxjit import types
from oxjit.errors import CompilerError, TypingError, UnsupportedError

_LOCK = threading.RLock()

# The overloaded objects (Python functions, NumPy or builtin functions, `literally`), each with
# its `_Overloaded`.
_FUNCTIONS = {}
# `@overload_method`: (type class, method name) -> _Overloaded, in registration order.
_METHODS = {}
# `@overload_attribute`: (type class, attribute name) -> _Overloaded, likewise.
_ATTRIBUTES = {}


def _describe(fn):
    """``name (file:line)`` of a Python function, for messages."""
    code = getattr(fn, "__code__", None)
    name = getattr(fn, "__qualname__", repr(fn))
    if code is None:
        return name
    return f"{name} ({code.co_filename}:{code.co_firstlineno})"


def parameters(func):
    """``inspect.Signature`` of ``func``, or None where Python cannot say (C functions)."""
    try:
        return inspect.signature(func)
    except (TypeError, ValueError):
        return None


def _stub_text(name, sig):
    """``def name(params): pass`` with ``sig``'s parameters; defaults spelled ``=None`` (the
    values are set on the function afterwards) and ``**kwargs`` refused."""
    parts, star = [], False
    for p in sig.parameters.values():
        if p.kind is p.VAR_KEYWORD:
            raise UnsupportedError(
                f"@overload of {name!r}: a **{p.name} parameter is not supported; name the "
                f"keyword parameters"
            )
        if p.kind is p.VAR_POSITIONAL:
            parts.append(f"*{p.name}")
            star = True
            continue
        if p.kind is p.KEYWORD_ONLY and not star:
            parts.append("*")
            star = True
        parts.append(p.name if p.default is p.empty else f"{p.name}=None")
    return f"def {name}({', '.join(parts)}):\n    pass\n"


class _Overloaded:
    """The implementations of one function (or method): typing functions in registration order,
    the proxy compiled code calls, and what each set of argument types resolved to."""

    def __init__(self, name, signature_from):
        self.name = name
        self.signature_from = signature_from
        self.templates = []  # (typing function, jit options)
        self.proxy = None
        self.resolved = {}  # argument type names -> impl dispatcher, or the failure's message
        self.impls = weakref.WeakKeyDictionary()  # impl function -> its dispatcher

    def add(self, typing_fn, jit_options):
        with _LOCK:
            self.templates.append((typing_fn, dict(jit_options)))
            self.resolved.clear()

    def dispatcher(self):
        """The proxy dispatcher compiled code calls (made on first use)."""
        with _LOCK:
            if self.proxy is None:
                self.proxy = self._make_proxy()
            return self.proxy

    def _make_proxy(self):
        from oxjit.dispatcher import Dispatcher
        from oxjit.stencil import _define

        source = self.signature_from or self.templates[0][0]
        sig = parameters(source)
        if sig is None:
            raise UnsupportedError(f"@overload of {self.name!r}: its parameters are unknown")
        text = _stub_text(self.name if self.name.isidentifier() else "overloaded", sig)
        stub = _define(text, f"<oxjit overload {self.name}>", {})
        params = list(sig.parameters.values())
        positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        stub.__defaults__ = (
            tuple(p.default for p in params if p.kind in positional and p.default is not p.empty)
            or None
        )
        stub.__kwdefaults__ = {
            p.name: p.default
            for p in params
            if p.kind is p.KEYWORD_ONLY and p.default is not p.empty
        } or None
        self.stub_signature = inspect.signature(stub)
        overloaded = self

        class _OverloadProxy(Dispatcher):
            def _oxjit_specialize(self, names, caller, kernel_return, known=None):
                return overloaded.specialize(list(names), caller, list(known or ()))

        proxy = _OverloadProxy(stub, {})
        proxy.targetoptions = {}
        return proxy

    # -- resolution ------------------------------------------------------------------------

    def specialize(self, names, caller, known):
        """The dispatcher that runs a call with argument types ``names`` (``known``: what the
        compiler knows of each, see ``host.rs``'s ``known_to_py``) from ``caller``."""
        from oxjit import _literally

        known = known + [None] * (len(names) - len(known))
        plain, literal = [], []
        for name, k in zip(names, known):
            t = arg_type(name)
            if k is not None and k[0] == "omitted":
                t = types.Omitted(k[1])
            plain.append(t)
            value = _literally.literal_value(k, caller)
            literal.append(t if value is _literally.NONE else _literal_or(t, value))
        has_literal = literal != plain
        found = self.resolve(plain)
        if isinstance(found, str) and not has_literal:
            raise TypingError(found)
        # Numba's order: the plain types first; the literal ones where that found nothing, or
        # an implementation that asks for a literal argument (`literally`) it can have.
        if not isinstance(found, str):
            wanted = _literally.wanted(found)
            if not wanted or not has_literal:
                return _literally.for_call(found, known, caller, self.name)
            if any(literal[i] == plain[i] for i in wanted if i < len(plain)):
                return _literally.for_call(found, known, caller, self.name)
        found_literal = self.resolve(literal)
        if isinstance(found_literal, str):
            raise TypingError(found if isinstance(found, str) else found_literal)
        return _literally.for_call(found_literal, known, caller, self.name)

    def resolve(self, arg_types):
        """The implementation's dispatcher for these argument types (the typing functions'
        first answer), or the message saying why there is none."""
        key = tuple(map(str, arg_types))
        with _LOCK:
            if key in self.resolved:
                return self.resolved[key]
            found = self._ask(arg_types)
            self.resolved[key] = found
            return found

    def _ask(self, arg_types):
        tried = []
        for typing_fn, options in list(self.templates):
            try:
                impl = _call_typing(typing_fn, arg_types, self.stub_signature)
            except CompilerError as exc:
                tried.append(f"{_describe(typing_fn)}: {exc}")
                continue
            except Exception as exc:  # noqa: BLE001 - reported at the call, as a TypingError
                tried.append(f"{_describe(typing_fn)} raised {type(exc).__name__}: {exc}")
                continue
            if impl is None:
                tried.append(f"{_describe(typing_fn)} returned None")
                continue
            return self._impl_dispatcher(impl, options, typing_fn)
        signature = f"{self.name}({', '.join(map(str, arg_types))})"
        return (
            f"No implementation of function {self.name!r} found for signature: {signature}\n"
            + "\n".join(f" - {t}" for t in tried)
        )

    def _impl_dispatcher(self, impl, options, typing_fn):
        from oxjit import decorators
        from oxjit.dispatcher import Dispatcher

        if isinstance(impl, Dispatcher):
            func = impl.py_func
        elif callable(impl) and hasattr(impl, "__code__"):
            func = impl
        else:
            raise TypingError(
                f"the typing function {_describe(typing_fn)} of {self.name!r} must return a "
                f"Python function (the implementation) or None, not {impl!r}"
            )
        _check_parameters(self.name, self.stub_signature, func, typing_fn)
        if isinstance(impl, Dispatcher):
            return impl
        disp = self.impls.get(func)
        if disp is None:
            targetoptions = decorators._check_options("njit", options)
            # Made while the compiler runs: a parallel dispatcher would wait for it.
            targetoptions.pop("parallel", None)
            disp = decorators._dispatcher_class()(func, dict(targetoptions))
            disp.targetoptions = targetoptions
            self.impls[func] = disp
        return disp


def _literal_or(t, value):
    """The literal type of ``value`` where there is one, else ``t``."""
    try:
        return types.literal(value)
    except UnsupportedError:
        return t


def _call_typing(typing_fn, arg_types, sig):
    """``typing_fn`` called with the types, bound as the stub's parameters are: positional
    ones by position, ``*args`` spread, keyword-only ones by name."""
    args, kwargs = [], {}
    for p, t in zip(sig.parameters.values(), arg_types):
        if p.kind is p.VAR_POSITIONAL:
            args.extend(t.types if isinstance(t, types.BaseTuple) else ())
        elif p.kind is p.KEYWORD_ONLY:
            kwargs[p.name] = t
        else:
            args.append(t)
    return typing_fn(*args, **kwargs)


def _check_parameters(name, sig, func, typing_fn):
    """The implementation must take the function's parameters (Numba checks the same)."""
    impl_sig = parameters(func)
    want = [(p.name, p.kind) for p in sig.parameters.values()]
    got = [] if impl_sig is None else [(p.name, p.kind) for p in impl_sig.parameters.values()]
    kinds = [k for _, k in want] == [k for _, k in got]
    if len(want) != len(got) or not kinds:
        raise TypingError(
            f"the implementation {_describe(func)} that {_describe(typing_fn)} returned for "
            f"{name!r} takes ({', '.join(n for n, _ in got)}); it must take the same parameters "
            f"as the function: ({', '.join(n for n, _ in want)})"
        )


def arg_type(name):
    """The :mod:`oxjit.types` object of a type name the compiler wrote (a string constant's,
    ``Literal[str](...)``, is ``unicode_type``: its literal type is offered apart)."""
    if name.startswith("Literal[str]("):
        return types.unicode_type
    try:
        return types.parse_type(name)
    except ValueError:
        return types.Opaque(name)


def overloaded_function(func, jit_options, typing_fn):
    """Registers ``typing_fn`` as an overload of ``func``."""
    with _LOCK:
        entry = _FUNCTIONS.get(func)
        if entry is None:
            name = getattr(func, "__name__", None) or repr(func)
            source = func if hasattr(func, "__code__") else None
            entry = _FUNCTIONS[func] = _Overloaded(name, source)
        entry.add(typing_fn, jit_options)
    return entry


def overloaded_method(typ, attr, jit_options, typing_fn, table=_METHODS):
    """Registers ``typing_fn`` as an overload of method ``attr`` of ``typ`` (a type class or a
    type); of attribute ``attr`` where ``table`` is ``_ATTRIBUTES``."""
    with _LOCK:
        entry = table.get((typ, attr))
        if entry is None:
            entry = table[(typ, attr)] = _Overloaded(attr, None)
        entry.add(typing_fn, jit_options)
    return entry


def dispatcher_for(value):
    """The proxy dispatcher of an overloaded object (or of ``literally``), or None (asked by
    the compiler for a global it has no implementation of)."""
    from oxjit import _literally

    if value is _literally.literally:
        return _literally.proxy()
    _load_numpy_library(value)
    try:
        entry = _FUNCTIONS.get(value)
    except TypeError:  # unhashable
        return None
    return None if entry is None else entry.dispatcher()


_NUMPY_LIBRARY = []


def _load_numpy_library(value):
    """Registers oxjit's ``@overload``s of NumPy functions (``_np_split``, ``_np_series``, ``_np_dtypes``) the
    first time the compiler asks for a NumPy function it has no entry of."""
    if _NUMPY_LIBRARY:
        return
    module = getattr(value, "__module__", None)
    if not isinstance(module, str) or module.split(".")[0] != "numpy":
        return
    _import_library()


def _import_library():
    """Imports the modules of oxjit's own overloads (once)."""
    with _LOCK:
        if not _NUMPY_LIBRARY:
            _NUMPY_LIBRARY.append(True)
            from oxjit import (  # noqa: F401 - registers
                _bytes,
                _np_buffer,
                _np_dtypes,
                _np_poly,
                _np_random,
                _np_roots,
                _np_series,
                _np_split,
                _np_strides,
            )


def attribute_dispatcher(type_name, attr):
    """The proxy of the ``@overload_attribute`` for attribute ``attr`` of values of the named
    type, or None (asked by the compiler where it has no such attribute)."""
    return method_dispatcher(type_name, attr, _ATTRIBUTES)


def method_dispatcher(type_name, attr, table=_METHODS):
    """The proxy of the ``@overload_method`` for method ``attr`` of values of the named type,
    or None (asked by the compiler where it has no such method)."""
    # oxjit's own methods (`a.tobytes()`) are overloads too.
    _import_library()
    if not table:
        return None
    t = arg_type(type_name)
    for (typ, name), entry in list(table.items()):
        if name != attr:
            continue
        if (isinstance(typ, type) and isinstance(t, typ)) or typ == t:
            return entry.dispatcher()
    return None
