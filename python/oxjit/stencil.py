"""``@stencil``: relative-indexing kernels, as Numba's ``numba.stencil``.

A stencil kernel describes one output cell by reading its inputs at offsets from it::

    @oxjit.stencil
    def smooth(a):
        return 0.25 * (a[-1, 0] + a[1, 0] + a[0, -1] + a[0, 1])

    smooth(image)                  # a new array: the kernel at each interior cell, cval elsewhere

How it is compiled (a source transform; Numba does the same on its IR):

1. At decoration the kernel's source is parsed with :mod:`ast`; each ``a[i, j]`` of a
   relatively indexed argument is recorded with its constant offsets, which give the
   neighborhood (the extent the kernel reads on each side).
2. Per number of dimensions, the kernel is rewritten into ``kernel(index0, index1, a, ...)``
   with every relative access made absolute (``a[index0 + (-1), index1 + (0)]``) and compiled
   with :func:`oxjit.njit`. Its lines stay where they were in the user's file, so a compile
   error in the kernel names the user's line.
3. Per argument types, the kernel's return type (the output's dtype, as in Numba) is typed, and
   a wrapper is generated: it allocates the output (or takes ``out=``), fills the border the
   kernel cannot compute with ``cval``, and runs the kernel over the interior in a loop nest
   whose outer loop is an :data:`oxjit.prange`. The wrapper is an ``@njit`` function too.

Called from compiled code, a stencil is a global the compiler resolves through its proxy
dispatcher (:attr:`StencilFunc._oxjit_dispatcher_`): at each call site the compiler asks the
proxy (``_oxjit_specialize``) for the wrapper of the argument types, first asking for the
kernel's return type. A stencil called from an ``@njit(parallel=True)`` function gets a wrapper
compiled with ``parallel=True``.
"""

import _thread
import math

from oxjit.errors import NumbaValueError, UnsupportedError

_OPTIONS = ("cval", "standard_indexing", "neighborhood")


def stencil(func_or_mode="constant", **options):
    """Make a stencil from a kernel: ``@stencil``, ``@stencil(cval=..., neighborhood=...,
    standard_indexing=...)`` or ``@stencil("constant", ...)`` (the only mode, as in Numba).

    Options (Numba's):

    - ``neighborhood``: a tuple of ``(low, high)`` offsets per dimension, the extent the kernel
      reads. Needed when an index is not a constant (a loop variable); otherwise computed from
      the constant indices.
    - ``cval``: the value of the output's border cells, which the kernel cannot compute
      (default 0). With ``out=``, a given cval fills the whole of ``out`` first; without one,
      ``out``'s border is left as it was (as in Numba).
    - ``standard_indexing``: names of arguments indexed as usual (not relatively), such as a
      table of weights.

    The result is called with the kernel's arguments (the first an array; other relatively
    indexed arrays at least as large in every dimension) and optionally ``out=``, an array of
    the first argument's shape to write into; it returns the output array, whose dtype is the
    kernel's return type. It can be called from Python and from ``@njit`` functions.
    """
    if isinstance(func_or_mode, str):
        mode, func = func_or_mode, None
    else:
        mode, func = "constant", func_or_mode
    for option in options:
        if option not in _OPTIONS:
            raise NumbaValueError("Unknown stencil option " + str(option))
    if mode != "constant":
        raise NumbaValueError("Unsupported mode style " + mode)
    _check_neighborhood(options.get("neighborhood"))

    def decorated(kernel):
        return StencilFunc(kernel, options)

    return decorated if func is None else decorated(func)


class StencilFunc:
    """A stencil: call it with the kernel's arguments (and ``out=``) to run it."""

    def __init__(self, kernel, options):
        import inspect

        if not inspect.isfunction(kernel):
            raise TypeError(f"stencil() expects a Python function, got {kernel!r}")
        self.kernel = kernel
        self.options = dict(options)
        self.neighborhood = _check_neighborhood(options.get("neighborhood"))
        self._cval_given = "cval" in options
        self.cval = options.get("cval", 0)
        self._shape = _KernelShape(kernel, _standard_names(options.get("standard_indexing")))
        self._lock = _thread.RLock()
        self._kernels = {}  # ndim -> the rewritten kernel's dispatcher
        self._wrappers = {}  # (ndim, dtype, has out, parallel, array params) -> dispatcher
        self._entries = {}  # wrapper -> the @njit function a call from Python runs
        self._proxy = None
        self.__name__ = kernel.__name__
        self.__qualname__ = kernel.__qualname__
        self.__doc__ = kernel.__doc__
        self.__module__ = kernel.__module__
        self.__wrapped__ = kernel

    def __repr__(self):
        return f"<oxjit stencil {self.__qualname__}>"

    @property
    def py_func(self):
        return self.kernel

    def __call__(self, *args, **kwargs):
        import numpy as np

        from oxjit.types import parse_type, typeof

        out = kwargs.pop("out", None)
        if kwargs:
            name = next(iter(kwargs))
            raise TypeError(f"{self.__name__}() got an unexpected keyword argument {name!r}")
        args = self._shape.bind(args)
        if out is not None and not isinstance(out, np.ndarray):
            raise TypeError(f"out= must be a NumPy array, got {type(out).__name__}")
        types = [str(typeof(a)) for a in args]
        out_type = "none" if out is None else str(typeof(out))
        ndim = self._check_args(types, out_type)
        kernel = self._kernel(ndim)
        index = kernel._compile_index(tuple(map(parse_type, ["int64"] * ndim + types)))
        restype = str(kernel.nopython_signatures[index].return_type)
        wrapper = self._wrapper(types, out_type, restype, parallel=False)
        return self._entry(wrapper)(*args, out)

    # Compiled code calls the stencil through this dispatcher (see the module's docstring).
    @property
    def _oxjit_dispatcher_(self):
        with self._lock:
            if self._proxy is None:
                self._proxy = _make_proxy(self)
            return self._proxy

    def _specialize(self, names, caller, kernel_return):
        """The compiler's question for a call from compiled code with argument types ``names``
        (the kernel's parameters, then ``out``): first ``(kernel, its argument types)``, whose
        return type the compiler types and passes back as ``kernel_return``; then the wrapper."""
        *types, out_type = names
        ndim = self._check_args(types, out_type)
        if kernel_return is None:
            return self._kernel(ndim), ["int64"] * ndim + types
        parallel = bool(getattr(caller, "targetoptions", {}).get("parallel", False))
        return self._wrapper(types, out_type, kernel_return, parallel)

    def _check_args(self, types, out_type):
        """The input's number of dimensions, after Numba's checks of the arguments' types."""
        ndim = _ndim_of(types[0])
        if ndim is None:
            raise NumbaValueError(
                "The first argument to a stencil kernel must be the primary input array."
            )
        if self.neighborhood is not None and len(self.neighborhood) != ndim:
            raise NumbaValueError(
                f"{len(self.neighborhood)} dimensional neighborhood specified for "
                f"{ndim} dimensional input array"
            )
        for name, t in zip(self._shape.params[1:], types[1:]):
            n = _ndim_of(t)
            if name in self._shape.relative and n is not None and n != ndim:
                raise NumbaValueError(
                    "Secondary stencil array does not have same number of dimensions as the "
                    "first stencil input."
                )
        if out_type != "none" and _ndim_of(out_type) != ndim:
            raise NumbaValueError(
                f"out= has {_ndim_of(out_type)} dimensions, the stencil's input {ndim}"
            )
        return ndim

    def _kernel(self, ndim):
        with self._lock:
            kernel = self._kernels.get(ndim)
            if kernel is None:
                if self.neighborhood is None:
                    self._shape.neighborhood(ndim)  # Numba's checks of the indices, first
                kernel = self._shape.compile_kernel(ndim)
                self._kernels[ndim] = kernel
            return kernel

    def _entry(self, wrapper):
        """What a call from Python runs: a one-line ``@njit`` function calling the wrapper, as
        compiled code does. Called directly, the wrapper came out of LLVM with loops in the
        kernel left scalar (a 30-point window 7x slower) that it vectorizes once inlined."""
        with self._lock:
            entry = self._entries.get(wrapper)
            if entry is None:
                params = self._shape.params
                names = _Names(set(params))
                out, call = names.new("out"), names.new("wrapper")
                args = ", ".join(params + [out])
                text = f"def {self.__name__}({args}):\n    return {call}({args})\n"
                entry = _jit(_define(text, f"<oxjit stencil {self.__qualname__}>", {call: wrapper}))
                self._entries[wrapper] = entry
            return entry

    def _wrapper(self, types, out_type, restype, parallel):
        dtype = _dtype_name(restype)
        if self._cval_given:
            _check_cval(self.cval, restype)
        arrays = tuple(
            _ndim_of(t) if name in self._shape.relative else None
            for name, t in zip(self._shape.params, types)
        )
        ndim, has_out = arrays[0], out_type != "none"
        key = (ndim, dtype, has_out, parallel, arrays)
        with self._lock:
            wrapper = self._wrappers.get(key)
            if wrapper is None:
                wrapper = self._make_wrapper(ndim, dtype, has_out, parallel, arrays)
                self._wrappers[key] = wrapper
            return wrapper

    def _make_wrapper(self, ndim, dtype, has_out, parallel, arrays):
        import numpy as np

        import oxjit

        lohi = self.neighborhood or self._shape.neighborhood(ndim)
        params = self._shape.params
        names = _Names(set(params))
        out, shape, kernel = names.new("out"), names.new("full_shape"), names.new("kernel")
        cval, npname, prange = names.new("cval"), names.new("np"), names.new("prange")
        index = [names.new(f"index{d}") for d in range(ndim)]
        lines = [f"def {self.__name__}({', '.join(params + [out])}):"]
        lines.append(f"    {shape} = {params[0]}.shape")
        for name, n in zip(params[1:], arrays[1:]):
            if n is not None:
                lines += _size_check(name, shape, ndim)
        if has_out:
            lines += _out_check(out, shape, ndim)
            if self._cval_given:
                lines.append(f"    {out}[...] = {cval}")
        else:
            lines.append(f"    {out} = {npname}.empty({shape}, dtype={npname}.{dtype})")
            lines += _border_fill(out, shape, cval, lohi)
        indent = "    "
        for d in range(ndim):
            lo, hi = -min(0, lohi[d][0]), max(0, lohi[d][1])
            loop = prange if d == 0 else "range"
            lines.append(f"{indent}for {index[d]} in {loop}({lo}, {shape}[{d}] - {hi}):")
            indent += "    "
        where = ", ".join(index)
        lines.append(f"{indent}{out}[{where}] = {kernel}({where}, {', '.join(params)})")
        lines.append(f"    return {out}")
        namespace = {
            kernel: self._kernel(ndim),
            cval: self.cval,
            npname: np,
            prange: oxjit.prange,
        }
        func = _define("\n".join(lines) + "\n", f"<oxjit stencil {self.__qualname__}>", namespace)
        wrapper = _jit(func)
        if parallel:
            # Made inside a compile, which holds the compiler: a dispatcher made with
            # parallel=True would wait for it. The compiler reads this instead (host.rs).
            wrapper.targetoptions = {"parallel": True}
        return wrapper


def _jit(func):
    """``njit(func)``, compiled even under ``OXJIT_DISABLE_JIT`` (as Numba's stencils are: the
    kernel's types decide the output's dtype, which needs the compiler)."""
    from oxjit import decorators

    dispatcher = decorators._dispatcher_class()(func, {})
    dispatcher.targetoptions = {}
    return dispatcher


def _make_proxy(stencil_func):
    """The dispatcher compiled code calls: the kernel's parameters and ``out=None``; it is never
    compiled itself (the compiler asks it for the wrapper of the call's types)."""
    from oxjit.dispatcher import Dispatcher

    params = stencil_func._shape.params
    defaults = stencil_func.kernel.__defaults__ or ()
    # The parameters with a default say so in the text too (the compiler binds calls by it);
    # the values are the kernel's.
    first_default = len(params) - len(defaults)
    spelled = [p if k < first_default else f"{p}=None" for k, p in enumerate(params)]
    text = f"def {stencil_func.__name__}({', '.join(spelled)}, out=None):\n    pass\n"
    func = _define(text, f"<oxjit stencil {stencil_func.__qualname__}>", {})
    func.__defaults__ = defaults + (None,)

    class _StencilProxy(Dispatcher):
        def _oxjit_specialize(self, names, caller, kernel_return, known=None):
            return stencil_func._specialize(list(names), caller, kernel_return)

    return _StencilProxy(func, {})


class _KernelShape:
    """What the kernel's source says: its parameters, which are relatively indexed, and each
    relative access with its offsets (constants, or None where an offset is not one)."""

    def __init__(self, kernel, standard):
        import ast

        from oxjit import _source

        source, filename, first_line, col_offset, kind = _source.function_source(kernel)
        if kind != "def":
            raise UnsupportedError("a stencil kernel must be a def, not a lambda")
        self.kernel = kernel
        self.filename, self.first_line, self.col_offset = filename, first_line, col_offset
        self.lines = source.splitlines(keepends=True)
        tree = ast.parse(source)
        self.node = node = tree.body[0]
        args = node.args
        if args.vararg or args.kwarg or args.kwonlyargs:
            raise UnsupportedError(
                self._where(node) + ": a stencil kernel takes positional parameters only"
            )
        self.params = [a.arg for a in args.posonlyargs + args.args]
        if not self.params:
            raise NumbaValueError(
                "The first argument to a stencil kernel must be the primary input array."
            )
        if self.params[0] in standard:
            raise NumbaValueError(
                "The first argument to a stencil kernel must use relative indexing, not "
                "standard indexing."
            )
        if set(standard) - set(self.params):
            raise NumbaValueError(
                "Standard indexing requested for an array name not present in the stencil "
                "kernel definition."
            )
        self.relative = [p for p in self.params if p not in standard]
        self.names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        stored = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and not _loads(n)} | set(
            self.params
        )
        if "out" in stored:
            raise NumbaValueError("Cannot use the reserved word 'out' in stencil kernels.")
        self.constants = _constant_names(node)
        self.accesses = []  # (element nodes, their constant values or None)
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name) and sub.id in self.relative and not _loads(sub):
                raise UnsupportedError(
                    self._where(sub)
                    + f": a stencil kernel cannot assign to its argument {sub.id!r}"
                )
            if not (
                isinstance(sub, ast.Subscript)
                and isinstance(sub.value, ast.Name)
                and sub.value.id in self.relative
            ):
                continue
            if not isinstance(sub.ctx, ast.Load):
                raise NumbaValueError(
                    "Assignments to arrays passed to stencil kernels is not allowed."
                )
            index = sub.slice
            elements = index.elts if isinstance(index, ast.Tuple) else [index]
            for e in elements:
                if isinstance(e, (ast.Slice, ast.Starred)):
                    raise UnsupportedError(
                        self._where(e) + ": slices and starred indices are not supported in "
                        "relative stencil indexing yet"
                    )
            self.accesses.append((elements, [self._constant(e) for e in elements]))

    def bind(self, args):
        """The call's arguments, one per parameter (defaults filled in)."""
        import inspect

        try:
            bound = inspect.signature(self.kernel).bind(*args)
        except TypeError as exc:
            raise TypeError(f"{self.kernel.__name__}(): {exc}") from None
        bound.apply_defaults()
        return list(bound.args)

    def _where(self, node):
        line = self.first_line + node.lineno - 1
        return f"{self.filename}:{line}:{node.col_offset + self.col_offset + 1}"

    def _constant(self, e):
        import ast

        if isinstance(e, ast.UnaryOp) and isinstance(e.op, (ast.USub, ast.UAdd)):
            value = self._constant(e.operand)
            return None if value is None else (-value if isinstance(e.op, ast.USub) else value)
        if isinstance(e, ast.Constant) and type(e.value) is int:
            return e.value
        if isinstance(e, ast.Name):
            return self.constants.get(e.id)
        return None

    def neighborhood(self, ndim):
        """``((low, high), ...)`` per dimension, from the constant indices."""
        if not self.accesses:
            raise NumbaValueError("Stencil kernel with no accesses to relatively indexed arrays.")
        lohi = [[0, 0] for _ in range(ndim)]
        for elements, values in self.accesses:
            for e, value in zip(elements, values):
                if value is None:
                    raise NumbaValueError(
                        "stencil kernel index is not constant, 'neighborhood' option required "
                        f"({self._where(e)})"
                    )
            self._check_rank(elements, ndim)
            for d, value in enumerate(values):
                lohi[d][0] = min(lohi[d][0], value)
                lohi[d][1] = max(lohi[d][1], value)
        return lohi

    def _check_rank(self, elements, ndim):
        if len(elements) != ndim:
            raise NumbaValueError(
                f"Stencil index does not match array dimensionality. ({self._where(elements[0])}"
                f": {len(elements)} indices for a {ndim} dimensional input array)"
            )

    def compile_kernel(self, ndim):
        """The kernel with absolute indices, ``kernel(index0, ..., *params)``, as an ``@njit``
        dispatcher. Its text keeps the user's lines (columns shift where indices grew)."""
        names = _Names(self.names | set(self.params))
        index = [names.new(f"index{d}") for d in range(ndim)]
        edits = []  # (line, byte column, text to insert), 1-based lines of `self.lines`
        for elements, _ in self.accesses:
            # Indices past the array's rank are left for the compiler to report.
            for d, e in enumerate(elements[:ndim]):
                edits.append((e.lineno, e.col_offset, f"{index[d]} + ("))
                edits.append((e.end_lineno, e.end_col_offset, ")"))
        first = self.node.args.posonlyargs[:1] or self.node.args.args[:1]
        edits.append((first[0].lineno, first[0].col_offset, "".join(i + ", " for i in index)))
        lines = [line.encode() for line in self.lines]
        for lineno, col, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
            line = lines[lineno - 1]
            lines[lineno - 1] = line[:col] + text.encode() + line[col:]
        body = b"".join(lines).decode()
        text = _placed(body, self.first_line, self.col_offset)
        globals_ = self.kernel.__globals__
        if self.kernel.__code__.co_freevars:
            # Free variables (a kernel defined in a function) read as globals of the copy,
            # frozen now as the compiler freezes globals.
            globals_ = dict(globals_)
            for name, cell in zip(self.kernel.__code__.co_freevars, self.kernel.__closure__):
                try:
                    globals_[name] = cell.cell_contents
                except ValueError:
                    pass
        func = _define(text, self.filename, globals_, self.kernel.__name__)
        func.__defaults__ = self.kernel.__defaults__
        return _jit(func)


def _placed(body, first_line, col_offset):
    """``body`` (a dedented def) placed at its line and column in an otherwise empty file: the
    compiler's line and column numbers are then the user's."""
    if col_offset == 0 or first_line < 2:
        return "\n" * (first_line - 1) + body
    pad = " " * col_offset
    indented = "".join(pad + line if line.strip() else line for line in body.splitlines(True))
    return "\n" * (first_line - 2) + "if 1:\n" + indented


def _define(text, filename, namespace, name=None):
    """The function defined by ``text`` (compiled as coming from ``filename``), whose source
    the compiler reads from ``text`` (see :func:`oxjit._source.remember`)."""
    from oxjit import _source

    code = compile(text, filename, "exec")
    scope = {}
    exec(code, namespace, scope)  # noqa: S102 (the text is generated here, from the kernel)
    func = next(iter(scope.values())) if name is None else scope[name]
    _source.remember(func, text)
    return func


class _Names:
    """Fresh names, unlike the given ones (the kernel's)."""

    def __init__(self, taken):
        self.taken = set(taken)

    def new(self, base):
        name, k = f"{base}_", 0
        while name in self.taken:
            k += 1
            name = f"{base}_{k}"
        self.taken.add(name)
        return name


def _loads(name):
    import ast

    return isinstance(name.ctx, ast.Load)


def _constant_names(node):
    """Names assigned exactly once in the kernel, to an int constant (usable as an offset)."""
    import ast

    values, counts = {}, {}
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and not _loads(sub):
            counts[sub.id] = counts.get(sub.id, 0) + 1
        if (
            isinstance(sub, ast.Assign)
            and len(sub.targets) == 1
            and isinstance(sub.targets[0], ast.Name)
        ):
            v = sub.value
            if isinstance(v, ast.UnaryOp) and isinstance(v.op, ast.USub):
                if isinstance(v.operand, ast.Constant) and type(v.operand.value) is int:
                    values[sub.targets[0].id] = -v.operand.value
            elif isinstance(v, ast.Constant) and type(v.value) is int:
                values[sub.targets[0].id] = v.value
    return {k: v for k, v in values.items() if counts.get(k) == 1}


def _standard_names(value):
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not all(isinstance(v, str) for v in value):
        raise NumbaValueError("standard_indexing must be a list of argument names")
    return tuple(value)


def _check_neighborhood(value):
    if value is None:
        return None
    try:
        pairs = tuple((int(lo), int(hi)) for lo, hi in value)
    except (TypeError, ValueError):
        raise NumbaValueError(
            f"neighborhood must be a tuple of (low, high) integer pairs, got {value!r}"
        ) from None
    for (lo, hi), given in zip(pairs, value):
        if lo > hi or any(type(v) is bool or int(v) != v for v in given):
            raise NumbaValueError(
                f"neighborhood must be a tuple of (low, high) integer pairs, got {value!r}"
            )
    return pairs


def _ndim_of(type_name):
    if not type_name.startswith(("array(", "readonly array(")):
        return None
    from oxjit.types import parse_type

    return parse_type(type_name).ndim


def _dtype_name(restype):
    from oxjit.types import parse_type

    if restype.startswith(("array(", "readonly array(")):
        raise NumbaValueError("Stencil kernel must return a scalar and not a numpy array.")
    t = parse_type(restype)
    name = str(t)
    if name == "bool":
        return "bool_"
    if name.startswith(("int", "uint", "float", "complex")):
        return name
    raise NumbaValueError(f"a stencil kernel must return a number, not {restype}")


def _check_cval(cval, restype):
    """Numba's check: the cval must convert to the kernel's return type (complex to a real type
    does not)."""
    import numpy as np

    if isinstance(cval, (bool, np.bool_)):
        return
    if not isinstance(cval, (int, float, complex, np.number)):
        raise NumbaValueError("cval type does not match stencil return type.")
    if np.iscomplexobj(cval) and not restype.startswith("complex"):
        raise NumbaValueError("cval type does not match stencil return type.")
    if isinstance(cval, float) and math.isnan(cval) and not restype.startswith(("float", "c")):
        raise NumbaValueError("cval type does not match stencil return type.")


def _size_check(name, shape, ndim):
    cond = " or ".join(f"{name}.shape[{d}] < {shape}[{d}]" for d in range(ndim))
    return [
        f"    if {cond}:",
        (
            "        raise ValueError('Secondary stencil array has some dimension smaller the "
            "same dimension in the first stencil input.')"
        ),
    ]


def _out_check(out, shape, ndim):
    cond = " or ".join(f"{out}.shape[{d}] != {shape}[{d}]" for d in range(ndim))
    return [
        f"    if {cond}:",
        "        raise ValueError('out= must have the shape of the stencil input')",
    ]


def _border_fill(out, shape, cval, lohi):
    """Assignments of cval to the cells outside the interior the loop nest computes."""
    ndim = len(lohi)
    lines = []
    for d, (lo, hi) in enumerate(lohi):
        lo, hi = -min(0, lo), max(0, hi)
        before = [":"] * d
        after = [":"] * (ndim - d - 1)
        if lo:
            lines.append(f"    {out}[{', '.join(before + [f':{lo}'] + after)}] = {cval}")
        if hi:
            start = f"max({shape}[{d}] - {hi}, 0):"
            lines.append(f"    {out}[{', '.join(before + [start] + after)}] = {cval}")
    return lines
