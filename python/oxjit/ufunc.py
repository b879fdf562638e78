"""``@vectorize`` and ``@guvectorize``: NumPy ufuncs and gufuncs from compiled kernels.

With signatures, :func:`vectorize` returns a real :class:`numpy.ufunc` (NumPy does the
broadcasting, casting, ``out=``, ``where=``, ``reduce``, ``accumulate``, ``outer``, ``at``), whose
inner loops are generated code that calls the kernel for each element (codegen's
``lower/ufunc_loop.rs``); :func:`guvectorize` returns a real gufunc. Without signatures, both
return a dynamic object (:class:`DUFunc`, :class:`GUFunc`) that compiles a loop for each new
combination of input types and hands the call to a NumPy ufunc holding every loop compiled.

Kernels use NumPy's error model by default (``error_model="numpy"``, as Numba's ufuncs do):
floating-point division by zero gives inf/nan with NumPy's RuntimeWarning, integer division by
zero gives 0. An exception the kernel raises itself (``raise ValueError(...)``) is raised by the
ufunc call; the other elements are computed, the failed ones left as they were (as in Numba).
"""

import sys
import threading
import warnings

from oxjit import types as _types
from oxjit.errors import NumbaWarning, UnsupportedError

# NumPy's ``identity`` codes (PyUFunc_One, PyUFunc_Zero, PyUFunc_None, PyUFunc_ReorderableNone).
_IDENTITIES = {None: -1, 0: 0, 1: 1, "zero": 0, "one": 1, "reorderable": -2}

_SCALAR_CLASSES = (_types.Number, _types.Boolean)
_SCALAR_NAMES = frozenset(
    [
        "bool",
        "int8",
        "int16",
        "int32",
        "int64",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "float32",
        "float64",
        "complex64",
        "complex128",
    ]
)


def _identity_code(identity):
    # ``True``/``False`` hash as 1/0: compare by type too.
    if isinstance(identity, bool) or identity not in _IDENTITIES:
        raise ValueError(
            f"identity must be None, 0, 1, 'zero', 'one' or 'reorderable', got {identity!r}"
        )
    return _IDENTITIES[identity]


def _kernel_options(decorator, options):
    """Split the decorator's keywords: the kernel's ``njit`` options, the identity, the target."""
    from oxjit.decorators import _check_options

    options = dict(options)
    identity = _identity_code(options.pop("identity", None))
    target = options.pop("target", "cpu")
    if target not in ("cpu", "parallel"):
        raise UnsupportedError(
            f"{decorator}(target={target!r}) is not supported: the targets are 'cpu', 'parallel' "
            f"and 'cuda'"
        )
    if options.pop("cache", False):
        warnings.warn(
            f"{decorator}(cache=True) is not honoured: the ufunc's loops are compiled again "
            f"in each process",
            NumbaWarning,
            stacklevel=4,
        )
    if not options.pop("nopython", True) or options.pop("forceobj", False):
        raise UnsupportedError(f"{decorator}() compiles in nopython mode only")
    for key in ("writable_args", "parallel", "inline", "looplift"):
        if key in options:
            raise TypeError(f"{decorator}() got an unsupported keyword argument {key!r}")
    options.setdefault("error_model", "numpy")
    return _check_options(decorator, options), identity, target == "parallel"


def _make_kernel(func, targetoptions):
    from oxjit.decorators import _DISABLE_JIT, _make

    if _DISABLE_JIT:
        raise UnsupportedError(
            "ufuncs are built from compiled kernels: with OXJIT_DISABLE_JIT (or "
            "NUMBA_DISABLE_JIT) set, vectorize and guvectorize cannot make one"
        )
    return _make(func, None, targetoptions)


def _dtype(t):
    """The NumPy dtype of the scalar oxjit type ``t``."""
    import numpy

    return numpy.dtype("bool" if isinstance(t, _types.Boolean) else t.name)


def _scalar_type_of(dtype):
    """The oxjit scalar type of a NumPy dtype; TypeError where it has none."""
    import numpy

    dtype = numpy.dtype(dtype)
    name = "bool" if dtype.kind == "b" else dtype.name
    if dtype.byteorder not in "=|" or name not in _SCALAR_NAMES:
        raise TypeError(f"a ufunc kernel cannot take {dtype} values")
    return _types.parse_type(name)


def _check_scalar(t, what, sig):
    if not isinstance(t, _SCALAR_CLASSES):
        raise TypeError(f"{what} of signature {sig!r} is {t}: vectorize kernels take numbers")


def _ufunc_loop(kernel, args, ret, sig):
    """Compiles the kernel for scalar types ``args`` (result converted to ``ret`` if given) with
    a ufunc loop; returns ``(loop address, the operands' dtype numbers, result type)``."""
    argnames = [str(t) for t in args]
    index = kernel._compile(argnames, None if ret is None else str(ret))
    native = _types.parse_type(kernel._specializations()[index][1])
    if ret is None and not isinstance(native, _SCALAR_CLASSES):
        raise TypeError(
            f"the kernel {kernel.py_func.__name__} returns {native} for {sig}: a vectorize "
            f"kernel must return a number"
        )
    address, result = kernel._wrapper(argnames, None if ret is None else str(ret), "ufunc")
    result = _types.parse_type(result)
    numbers = [_dtype(t).num for t in (*args, result)]
    return address, numbers, result


def vectorize(ftylist_or_function=(), **kws):
    """Numba's ``@vectorize``: compile a scalar kernel into a NumPy ufunc.

    Forms::

        @vectorize(["float64(float64, float64)", "int64(int64, int64)"])  # a numpy.ufunc
        @vectorize("float64(float64)")                                     # one signature
        @vectorize                                                         # dynamic (DUFunc)
        @vectorize(identity=0, target="cpu")

    Options: ``identity`` (None, 0, 1 or ``"reorderable"``: what ``reduce`` starts from on an
    empty axis), ``target`` (``"cpu"``, or ``"parallel"``: loops of 16384 elements or more are
    split into chunks run on oxjit's thread pool, the one ``prange`` uses), and the kernel's
    ``njit`` options (``fastmath``, ``error_model`` -- ``"numpy"`` by default --,
    ``boundscheck``, ``nogil``). ``cache=True`` warns that it is not honoured.
    """
    if kws.get("target") == "cuda":  # oxjit.cuda: a kernel over the elements, on the GPU
        from oxjit.cuda import vectorizers

        if callable(ftylist_or_function):
            return vectorizers.vectorize((), kws)(ftylist_or_function)  # raises: no signatures
        return vectorizers.vectorize(ftylist_or_function, kws)
    if callable(ftylist_or_function) and not isinstance(ftylist_or_function, _types.Signature):
        return DUFunc(ftylist_or_function, **kws)
    sigs = ftylist_or_function
    if isinstance(sigs, (str, _types.Signature)):
        sigs = [sigs]
    sigs = list(sigs)

    def wrapper(func):
        if not sigs:
            return DUFunc(func, **kws)
        return _static_ufunc(func, sigs, kws)

    return wrapper


def _static_ufunc(func, sigs, kws):
    from oxjit._oxjit import make_ufunc

    targetoptions, identity, parallel = _kernel_options("vectorize", kws)
    kernel = _make_kernel(func, targetoptions)
    loops = []
    nin = None
    for sig in sigs:
        args, ret = _types.parse_signature(sig)
        for i, t in enumerate(args):
            _check_scalar(t, f"argument {i + 1}", sig)
        if ret is not None:
            _check_scalar(ret, "the return type", sig)
        if nin is not None and len(args) != nin:
            raise TypeError(f"signature {sig!r} has {len(args)} arguments, the others {nin}")
        nin = len(args)
        address, numbers, _ = _ufunc_loop(kernel, args, ret, sig)
        loops.append((numbers, address))
    kernel._lock()
    kernel._scalar_only()
    return make_ufunc(
        func.__name__, func.__doc__ or "", nin, 1, identity, loops, kernel=kernel, parallel=parallel
    )


def _value_type(value):
    """The oxjit scalar type a ufunc operand's elements have (Python scalars as Numba types
    them: int64, float64, complex128)."""
    import numpy

    if isinstance(value, (numpy.ndarray, numpy.generic)):
        return _scalar_type_of(value.dtype)
    if isinstance(value, bool):
        return _types.boolean
    if isinstance(value, int):
        return _types.int64
    if isinstance(value, float):
        return _types.float64
    if isinstance(value, complex):
        return _types.complex128
    return _scalar_type_of(numpy.asarray(value).dtype)


def _operand_key(value):
    """What decides a ufunc operand's loop type: an array's or NumPy scalar's dtype, a Python
    scalar's class; None for anything else (looked at anew each call)."""
    kind = type(value)
    if kind in (bool, int, float, complex):
        return kind
    numpy = sys.modules.get("numpy")  # no NumPy value where NumPy was never imported
    if numpy is not None and isinstance(value, (numpy.ndarray, numpy.generic)):
        return value.dtype
    return None


class _DynamicBase:
    """What the dynamic ufunc and gufunc share: the kernel, the loops compiled so far and the
    NumPy ufunc that holds them (made again when a loop is added)."""

    def __init__(self, func, decorator, kws):
        targetoptions, self._identity, self._parallel = _kernel_options(decorator, kws)
        self._kernel = _make_kernel(func, targetoptions)
        self.py_func = func
        self.__name__ = func.__name__
        self.__doc__ = func.__doc__
        self.__wrapped__ = func
        self._loops = {}  # argument types -> (dtype numbers, address)
        self._ufunc = None
        self._lock = threading.Lock()

    @property
    def ufunc(self):
        """The NumPy ufunc with every loop compiled so far (None before the first)."""
        return self._ufunc

    @property
    def types(self):
        return [] if self._ufunc is None else self._ufunc.types

    @property
    def ntypes(self):
        return len(self._loops)

    def _ordered_loops(self):
        # NumPy takes the first loop the inputs cast to safely: narrower types first, so that
        # inputs of a compiled type find their own loop.
        return sorted(self._loops.values(), key=lambda loop: [_rank(n) for n in loop[0]])

    def __repr__(self):
        return f"<{type(self).__name__} {self.__name__!r}>"


def _dtype_of_number(number):
    """The NumPy dtype numbered ``number``."""
    import numpy

    return next(numpy.dtype(c) for c in "?bBhHiIlLqQefdgFDG" if numpy.dtype(c).num == number)


def _rank(number):
    """Where the dtype numbered ``number`` comes in NumPy's order of types (narrow first)."""
    import numpy

    order = "?bBhHiIlLqQefdgFDG"
    return next(i for i, char in enumerate(order) if numpy.dtype(char).num == number)


class DUFunc(_DynamicBase):
    """A dynamic ufunc (``@vectorize`` without signatures): each call with new input types
    compiles the kernel for them, and the result type is the kernel's (integer inputs give
    integer results where the kernel's arithmetic does). Methods and attributes as
    :class:`numpy.ufunc`'s; :attr:`ufunc` is the NumPy ufunc holding the loops compiled."""

    def __init__(self, func, **kws):
        super().__init__(func, "vectorize", kws)
        # Compiled code calling the ufunc with scalars calls the kernel (the extension looks
        # for this attribute); with arrays it is a compile error.
        self._oxjit_kernel = self._kernel
        self._kernel._scalar_only()
        self.nin = func.__code__.co_argcount
        self._ready = set()  # operand keys (_operand_key) a loop compiled already takes
        self.nout = 1
        self.nargs = self.nin + 1
        self.signature = None

    @property
    def identity(self):
        return {-1: None, 0: 0, 1: 1, -2: None}[self._identity]

    def add(self, sig):
        """Compile the loop for ``sig`` (``"float64(float64)"`` or a tuple of types) now."""
        args, ret = _types.parse_signature(sig)
        self._add(tuple(args), ret, sig)

    def _add(self, args, ret, sig):
        from oxjit._oxjit import make_ufunc

        with self._lock:
            if args in self._loops:
                return
            if len(args) != self.nin:
                raise TypeError(f"{self.__name__} takes {self.nin} arguments, not {len(args)}")
            for i, t in enumerate(args):
                _check_scalar(t, f"argument {i + 1}", sig)
            address, numbers, _ = _ufunc_loop(self._kernel, args, ret, sig)
            self._loops[args] = (numbers, address)
            self._ufunc = make_ufunc(
                self.__name__,
                self.__doc__ or "",
                self.nin,
                1,
                self._identity,
                self._ordered_loops(),
                kernel=self._kernel,
                parallel=self._parallel,
            )

    def _ensure(self, values):
        # The operands' dtypes (or Python scalar types) seen before need no loop: the fast path
        # of a call, which otherwise costs more than a small array's loop.
        key = tuple(_operand_key(v) for v in values)
        if key in self._ready:
            return
        args = tuple(_value_type(v) for v in values)
        if args not in self._loops and not self._cast_to_a_loop(args):
            self._add(args, None, args)
        if None not in key:
            self._ready.add(key)

    def _cast_to_a_loop(self, args):
        """Whether a loop compiled already takes inputs of types ``args`` by safe casting, as
        Numba's DUFunc lets NumPy pick one before compiling another (``f(1, 2.0)`` after
        ``f(1.0, 2.0)`` runs the ``dd->d`` loop)."""
        import numpy

        dtypes = [numpy.dtype(_dtype(t)) for t in args]
        for numbers, _ in self._ordered_loops():
            loop_in = [_dtype_of_number(n) for n in numbers[: self.nin]]
            if all(numpy.can_cast(a, b, "safe") for a, b in zip(dtypes, loop_in)):
                return True
        return False

    def __call__(self, *args, **kws):
        if len(args) < self.nin:
            raise TypeError(f"{self.__name__} takes {self.nin} arguments, got {len(args)}")
        self._ensure(args[: self.nin])
        return self._ufunc(*args, **kws)

    def _binary_method(self, name, array, args, kws):
        import numpy

        if self.nin != 2:
            raise ValueError(f"{name} only supported for binary functions")
        t = _value_type(numpy.asarray(array))
        self._ensure_types((t, t))
        return getattr(self._ufunc, name)(array, *args, **kws)

    def _ensure_types(self, args):
        if args not in self._loops:
            self._add(args, None, args)

    def reduce(self, array, *args, **kws):
        return self._binary_method("reduce", array, args, kws)

    def accumulate(self, array, *args, **kws):
        return self._binary_method("accumulate", array, args, kws)

    def reduceat(self, array, *args, **kws):
        return self._binary_method("reduceat", array, args, kws)

    def outer(self, a, b, **kws):
        self._ensure((a, b))
        return self._ufunc.outer(a, b, **kws)

    def at(self, a, indices, *b):
        self._ensure((a, *b))
        return self._ufunc.at(a, indices, *b)


# --- guvectorize -------------------------------------------------------------------------------


def _parse_layout(layout):
    """``"(m,n),(n)->(m)"`` as ``([["m", "n"], ["n"]], [["m"]])``; ValueError if it does not
    parse."""
    import re

    if not isinstance(layout, str):
        raise TypeError(f"the gufunc layout must be a string like '(n),()->(n)', got {layout!r}")
    text = layout.replace(" ", "")
    group = r"\((?:\w+(?:,\w+)*)?,?\)"
    side = rf"{group}(?:,{group})*"
    if not re.fullmatch(rf"{side}->{side}", text):
        raise ValueError(
            f"invalid gufunc layout {layout!r}: expected groups of dimension names such as "
            f"'(m,n),(n)->(m)' or '(n),()->(n)'"
        )
    ins, outs = text.split("->")

    def groups(s):
        return [[d for d in g.split(",") if d] for g in re.findall(r"\(([^)]*)\)", s)]

    return groups(ins), groups(outs)


def _gufunc_args(layout, cores, args, sig):
    """Per operand, how the loop passes it (None: a scalar; ``(core dim indices, ndim)``: an
    array); the kernel's argument types (arrays of any layout: the views are strided).
    TypeError where the types do not match the layout."""
    names = []
    for core in cores:
        for d in core:
            if d not in names:
                names.append(d)
    if len(args) != len(cores):
        raise TypeError(
            f"the layout {layout!r} has {len(cores)} operands but the signature {sig!r} "
            f"has {len(args)} arguments"
        )
    specs, kernel_types = [], []
    for i, (t, core) in enumerate(zip(args, cores)):
        if isinstance(t, _SCALAR_CLASSES):
            if core:
                raise TypeError(
                    f"argument {i + 1} of {sig!r} is the scalar {t} but its layout is "
                    f"({','.join(core)}): a scalar's layout is ()"
                )
            specs.append(None)
            kernel_types.append(t)
        elif isinstance(t, _types.Array):
            if t.ndim != max(len(core), 1):
                raise TypeError(
                    f"argument {i + 1} of {sig!r} is a {t.ndim}-d array but its layout "
                    f"({','.join(core)}) has {len(core)} dimension(s)"
                )
            specs.append(([names.index(d) for d in core], t.ndim))
            kernel_types.append(t.copy(layout="A", readonly=False))
        else:
            raise TypeError(f"argument {i + 1} of {sig!r} is {t}: gufunc kernels take arrays")
    return specs, kernel_types


def _element_type(t):
    return t.dtype if isinstance(t, _types.Array) else t


def guvectorize(*args, **kws):
    """Numba's ``@guvectorize``: compile a kernel over array views into a NumPy gufunc.

    Forms::

        @guvectorize(["void(float64[:], intp, float64[:])"], "(n),()->(n)")
        @guvectorize("(n),()->(n)")        # dynamic: compiles for the types of each call

    The kernel writes its results into its output arguments (arrays; a ``()`` output is a
    one-element array) and returns nothing. The gufunc takes NumPy's keywords (``out=``,
    ``axis=``, ``axes=``, ``keepdims=``); outputs not given are allocated. A dynamic gufunc needs
    its outputs passed, since their types come from the call. Options as for :func:`vectorize`.
    """
    if kws.get("target") == "cuda":  # oxjit.cuda: one GPU thread per loop element
        from oxjit.cuda import vectorizers

        if len(args) != 2:
            raise TypeError("guvectorize(target='cuda') takes a list of signatures and a layout")
        _parse_layout(args[1])
        return vectorizers.guvectorize(args[0], args[1], kws)
    if len(args) == 1 and isinstance(args[0], str) and "->" in args[0]:
        layout = args[0]
        _parse_layout(layout)
        return lambda func: GUFunc(func, layout, **kws)
    if len(args) != 2:
        raise TypeError(
            "guvectorize() takes a list of signatures and a layout string, or a layout string"
        )
    sigs, layout = args
    _parse_layout(layout)
    if isinstance(sigs, (str, _types.Signature)):
        sigs = [sigs]
    sigs = list(sigs)

    def wrapper(func):
        if not sigs:
            return GUFunc(func, layout, **kws)
        return _static_gufunc(func, sigs, layout, kws)

    return wrapper


def _gufunc_loop(kernel, layout, cores, args, sig):
    """Compiles the kernel for ``args``; returns ``(dtype numbers, entry address, specs)``."""
    specs, kernel_types = _gufunc_args(layout, cores, args, sig)
    index = kernel._compile([str(t) for t in kernel_types], "none")
    numbers = [_dtype(_element_type(t)).num for t in args]
    return numbers, kernel._entry_address(index), specs


def _static_gufunc(func, sigs, layout, kws):
    from oxjit._oxjit import make_ufunc

    ins, outs = _parse_layout(layout)
    cores = ins + outs
    targetoptions, identity, parallel = _kernel_options("guvectorize", kws)
    kernel = _make_kernel(func, targetoptions)
    loops, specs = [], None
    for sig in sigs:
        args, ret = _types.parse_signature(sig)
        if ret is not None and not isinstance(ret, _types.NoneType):
            raise TypeError(f"a gufunc kernel returns nothing: write 'void(...)', not {sig!r}")
        _check_outputs(args[len(ins) :], sig)
        numbers, address, loop_specs = _gufunc_loop(kernel, layout, cores, args, sig)
        if specs is not None and loop_specs != specs:
            raise TypeError(f"signature {sig!r} passes its operands unlike the others")
        specs = loop_specs
        loops.append((numbers, address))
    # Compiled code calling the gufunc calls the kernel, for these signatures only: with operands
    # of exactly their core dimensions (outputs included), as a plain call of the kernel.
    kernel._lock()
    return make_ufunc(
        func.__name__,
        func.__doc__ or "",
        len(ins),
        len(outs),
        identity,
        loops,
        signature=layout.replace(" ", ""),
        gufunc_args=specs,
        parallel=parallel,
        kernel=kernel,
    )


def _check_outputs(outputs, sig):
    for t in outputs:
        if not isinstance(t, _types.Array):
            raise TypeError(f"the outputs of a gufunc are arrays: {sig!r} has an output {t}")


class GUFunc(_DynamicBase):
    """A dynamic gufunc (``@guvectorize`` with a layout only): each call with new operand types
    compiles the kernel for them. Its outputs must be passed (positionally or with ``out=``)."""

    def __init__(self, func, layout, **kws):
        super().__init__(func, "guvectorize", kws)
        self.signature = layout.replace(" ", "")
        ins, outs = _parse_layout(layout)
        self._cores = ins + outs
        self.nin, self.nout = len(ins), len(outs)
        self.nargs = self.nin + self.nout
        self._specs = None

    def _operand_type(self, value, core, is_output):
        import numpy

        element = _value_type(value)
        if not core and not is_output and numpy.ndim(value) == 0:
            return element
        return _types.Array(element, max(len(core), 1), "A")

    def __call__(self, *args, **kws):
        operands = list(args)
        out = kws.get("out")
        if out is not None and len(operands) == self.nin:
            operands += list(out) if isinstance(out, tuple) else [out]
        if len(operands) != self.nargs:
            raise TypeError(
                f"{self.__name__} is a dynamic gufunc: pass its {self.nout} output(s) too "
                f"({self.nargs} operands, got {len(operands)})"
            )
        args_types = tuple(
            self._operand_type(v, core, i >= self.nin)
            for i, (v, core) in enumerate(zip(operands, self._cores))
        )
        if args_types not in self._loops:
            self._add(args_types)
        return self._ufunc(*args, **kws)

    def _add(self, args):
        from oxjit._oxjit import make_ufunc

        with self._lock:
            if args in self._loops:
                return
            sig = "(" + ", ".join(map(str, args)) + ")"
            numbers, address, specs = _gufunc_loop(
                self._kernel, self.signature, self._cores, list(args), sig
            )
            if self._specs is not None and specs != self._specs:
                raise TypeError(
                    f"{self.__name__}: operands of types {sig} are passed unlike those of "
                    f"the loops compiled before (a scalar where an array was, or the reverse)"
                )
            self._specs = specs
            self._loops[args] = (numbers, address)
            self._ufunc = make_ufunc(
                self.__name__,
                self.__doc__ or "",
                self.nin,
                self.nout,
                self._identity,
                self._ordered_loops(),
                signature=self.signature,
                gufunc_args=specs,
                parallel=self._parallel,
            )
