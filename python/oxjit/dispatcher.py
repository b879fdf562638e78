"""The compiled-function object that ``@njit`` returns.

:class:`Dispatcher` subclasses the extension's ``oxjit._oxjit.Dispatcher``, which does the work
(typing the arguments, compiling, calling the machine code; see docs/internals.md), and adds
Numba's Python API on top. This module imports the extension: it is loaded on the first ``@njit``.
"""

import sys
from types import GenericAlias

from oxjit import _source
from oxjit._oxjit import Dispatcher as _BaseDispatcher
from oxjit.errors import UnsupportedError
from oxjit.types import Signature, _format_args, parse_signature, parse_type


class Dispatcher(_BaseDispatcher):
    """A Python function compiled by oxjit, one specialization per argument types.

    Construct as the base class does, ``Dispatcher(py_func, options)``; ``py_func`` is the
    original function. Calling it compiles, on first use of new argument types, and runs native
    code.
    """

    # ``Dispatcher[[int, int], float]`` in annotations: generic in the function's parameters and
    # result, as dispatcher.pyi declares it.
    __class_getitem__ = classmethod(GenericAlias)

    def __init__(self, py_func, options=None):
        super().__init__(py_func, options)
        # The file as it is now: what is compiled later is the function as it was decorated.
        self._source_text = _source.snapshot(py_func)

    def __reduce__(self):
        # By reference where the module holds it by name, else by value (oxjit/_pickle.py).
        from oxjit._pickle import reduce_dispatcher

        return reduce_dispatcher(self)

    def __copy__(self):
        return self  # as for functions: a compiled function is immutable

    def __deepcopy__(self, memo):
        return self

    def _compile_failed(self, args, kwargs):
        """Called by the extension when compiling for a call failed: where the compile made a
        dispatcher compile per value of an argument (``literally``, see
        :mod:`oxjit._literally`), the call is made again and its result returned; otherwise
        ``NotImplemented`` (the error stands)."""
        literal = sys.modules.get("oxjit._literally")
        if literal is None or not literal.switched():
            return NotImplemented
        target = self.__dict__.get("_literal_origin", self)
        return target(*args, **(kwargs or {}))

    def _lock(self):
        """Compile no more specializations than those compiled now (signatures were given)."""
        super()._lock()
        self._locked_signatures = [(list(args), ret) for args, ret in self._specializations()]

    def _cache_load(self, argtypes, restype):
        """With ``cache=True``: the cached machine code for these types, or None."""
        from oxjit import cache

        return cache.load(self, argtypes, restype)

    def _cache_store(self, argtypes, restype, code):
        """With ``cache=True``: keeps the machine code just compiled for these types."""
        from oxjit import cache

        cache.store(self, argtypes, restype, code)

    def _cache_refuse_dynamic(self):
        """With ``cache=True``: the code just compiled holds a C function's address (a ctypes
        or cffi global), which only this process can use: not cached, with Numba's warning."""
        from oxjit import cache

        cache.refuse_dynamic(self)

    def enable_caching(self):
        """Numba's ``enable_caching()``, after the decoration: not supported (the cache is an
        option of the dispatcher, fixed when it is made)."""
        raise UnsupportedError(
            f"{self.__qualname__}.enable_caching(): oxjit's cache cannot be turned on after the "
            f"decoration; decorate the function with @njit(cache=True) instead"
        )

    def recompile(self):
        """Numba's ``recompile()``: not supported (what is compiled stays as it was)."""
        raise UnsupportedError(
            f"{self.__qualname__}.recompile(): oxjit does not compile a function's "
            f"specializations again; decorate it again (njit(f.py_func, ...)) for a new one"
        )

    def _given_signatures(self):
        """The specializations compiled for the signatures given at decoration, or None."""
        return getattr(self, "_locked_signatures", None)

    @property
    def signatures(self):
        """The argument types of each compiled specialization, as tuples of types."""
        return [tuple(map(parse_type, args)) for args, _ in self._specializations()]

    @property
    def nopython_signatures(self):
        """The full signature of each compiled specialization."""
        return [
            Signature(parse_type(ret), map(parse_type, args))
            for args, ret in self._specializations()
        ]

    def compile(self, sig):
        """Compile the specialization for ``sig`` now, and return a callable that runs it, as
        Numba returns the entry point (``f.compile("float64(float64[:])")(a)``).

        ``sig`` as for :meth:`_compile_index`.
        """
        return _EntryPoint(self, self._compile_index(sig))

    def _compile_index(self, sig):
        """Compile the specialization for ``sig`` now, and return its index.

        ``sig`` is anything :func:`oxjit.types.parse_signature` accepts: ``"float64(int64)"``,
        ``float64(int64)``, ``"(int64,)"`` or ``(int64,)``. With a return type, the result is
        converted to it. A specialization already compiled for these argument types is reused,
        whatever its return type, as Numba does (the first signature given for some argument
        types stands).
        """
        args, ret = parse_signature(sig)
        argnames = [str(t) for t in args]
        restype = None if ret is None else str(ret)
        for index, (names, _) in enumerate(self._specializations()):
            if list(names) == argnames:
                return index
        return self._compile(argnames, restype)

    def inspect_llvm(self, signature=None):
        """The LLVM IR of one specialization, or a dict of all of them keyed by argument types.

        ``signature`` is a tuple of argument types (an item of :attr:`signatures`), or anything
        else :func:`oxjit.types.parse_signature` accepts.
        """
        return self._inspect("llvm", signature)

    def inspect_asm(self, signature=None):
        """The assembly of one specialization, or a dict of all of them keyed by argument types.

        ``signature`` is as for :meth:`inspect_llvm`.
        """
        return self._inspect("asm", signature)

    def inspect_types(self, file=None, signature=None, pretty=False, style="default"):
        """Print the typed IR of each specialization (or of the one for ``signature``).

        Prints to ``file`` (default ``sys.stdout``). Numba's ``pretty=True`` (an HTML or colour
        annotation) and ``style`` are not supported: they warn, and the text form is printed.
        """
        if pretty or style != "default":
            import warnings

            from oxjit.errors import NumbaWarning

            warnings.warn(
                "inspect_types(pretty=..., style=...) is not supported: printing the typed IR "
                "as text",
                NumbaWarning,
                stacklevel=2,
            )
        if file is None:
            file = sys.stdout
        if signature is None:
            indices = range(len(self._specializations()))
        else:
            indices = [self._index(signature)]
        specs = self._specializations()
        for index in indices:
            args = tuple(map(parse_type, specs[index][0]))
            print(f"{self.py_func.__name__} {_format_args(args)}", file=file)
            print("-" * 80, file=file)
            print(self._dump(index, "typed"), file=file)
            print("=" * 80, file=file)

    def parallel_diagnostics(self, signature=None, level=1, file=None):
        """Prints which ``prange`` loops of each compiled specialization (or of ``signature``'s)
        run in parallel, with their reductions. ``level`` (1 to 4) is Numba's verbosity over its
        many parallel passes; oxjit has one, and prints the same report at every level."""
        if level not in (1, 2, 3, 4):
            raise ValueError(f"parallel_diagnostics(level={level!r}): level must be 1 to 4")
        name = self.py_func.__name__
        if not getattr(self, "targetoptions", {}).get("parallel"):
            print(f"{name}: not compiled with parallel=True: no loop runs in parallel", file=file)
            return
        if signature is not None:
            args, _ = parse_signature(signature)
            reports = {tuple(args): self._inspect("parallel", signature)}
        else:
            reports = self._inspect("parallel", None)
        for args, text in reports.items():
            print(f"--- parallel loops of {name}{_format_args(args)} ---", file=file)
            print(text or "no prange loop", file=file)

    def __repr__(self):
        return f"{type(self).__name__}({self.py_func!r})"

    def _inspect(self, stage, signature):
        if signature is not None:
            return self._dump(self._index(signature), stage)
        return {
            tuple(map(parse_type, args)): self._dump(index, stage)
            for index, (args, _) in enumerate(self._specializations())
        }

    def _index(self, signature):
        """The index of the specialization for ``signature``'s argument types; KeyError if none."""
        args, _ = parse_signature(tuple(signature) if isinstance(signature, list) else signature)
        names = [str(t) for t in args]
        specs = self._specializations()
        for index, (argnames, _) in enumerate(specs):
            if list(argnames) == names:
                return index
        compiled = ", ".join(_format_args(a) for a, _ in specs) or "none"
        raise KeyError(
            f"{self.py_func.__name__} has no specialization for {_format_args(args)} "
            f"(compiled: {compiled})"
        )


class _EntryPoint:
    """What :meth:`compile` returns: calls go to the dispatcher (which picks this
    specialization for arguments of its types)."""

    def __init__(self, dispatcher, index):
        self._dispatcher = dispatcher
        self.index = index

    def __call__(self, *args, **kwargs):
        return self._dispatcher(*args, **kwargs)

    def __repr__(self):
        args = ", ".join(map(str, self._dispatcher.signatures[self.index]))
        return f"<compiled {self._dispatcher.py_func.__name__}({args})>"
