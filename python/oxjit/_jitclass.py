"""``@jitclass``: classes whose instances live in compiled code (Numba's
``numba.experimental.jitclass``).

The decorator turns a class into a *proxy class*: a subclass of the extension's ``JitInstance``
whose instances each hold a reference to one runtime block, the instance's fields. Its methods,
property getters and setters and static methods are compiled functions (one dispatcher each,
taking the instance first); its fields are read and written on the block from Python. Calling the
class runs a compiled constructor, so ``Box(3)`` from Python and ``Box(3)`` in compiled code make
the same thing. The compiler learns the class's body (field types, method dispatchers) when it
first meets the class (``_oxjit_jitclass_``), so that a field may be typed with a
:func:`deferred_type` defined after the class (a linked list's ``next``).
"""

import inspect
import re

from oxjit import types as _types

# Attributes every class has, which are not members.
_CLASS_ATTRIBUTES = {
    "__module__",
    "__qualname__",
    "__doc__",
    "__dict__",
    "__weakref__",
    "__annotations__",
    "__firstlineno__",
    "__static_attributes__",
    "__orig_bases__",
    "__parameters__",
}

_DEFERRED = {}


class DeferredType(_types.Type):
    """A type named before it is defined (Numba's ``deferred_type()``): a placeholder in a
    jitclass's spec, replaced by what :meth:`define` gives it when the class is first used."""

    def __init__(self):
        key = len(_DEFERRED)
        super().__init__(f"deferred_type#{key}")
        _DEFERRED[key] = self
        self._target = None

    def define(self, typ):
        if not isinstance(typ, _types.Type):
            raise TypeError(f"deferred_type.define() takes an oxjit type, not {typ!r}")
        if self._target is not None:
            raise TypeError("deferred type already defined")
        self._target = typ

    def get(self):
        if self._target is None:
            raise TypeError("deferred type not defined")
        return self._target


def deferred_type():
    """A type to be defined later (``node_type.define(Node.class_type.instance_type)``)."""
    return DeferredType()


def _resolve(text):
    """``text`` with each deferred type replaced by the type it was defined as."""

    def sub(m):
        return str(_DEFERRED[int(m.group(1))].get())

    return re.sub(r"deferred_type#(\d+)", sub, text)


class InstanceType(_types.Type):
    """The type of a jitclass's instances (``Box.class_type.instance_type``)."""

    def __init__(self, name, handle, fields):
        super().__init__(f"instance.jitclass.{name}#{handle}{fields}")
        self.class_name = name


class ClassType:
    """What ``Box.class_type`` is: the class's name, fields and instance type."""

    def __init__(self, name, instance_type, fields):
        self.class_name = name
        self.instance_type = instance_type
        self.struct = dict(fields)

    def __repr__(self):
        return f"jitclass.{self.class_name}"


def jitclass(cls_or_spec=None, spec=None):
    """Compile a class: ``@jitclass(spec)``, ``@jitclass`` (fields from annotations) or
    ``jitclass(cls, spec)``. ``spec`` is a list of ``(name, type)`` pairs or a dict; annotated
    fields not in it are added after it, in order."""
    if isinstance(cls_or_spec, type):
        return _register(cls_or_spec, spec)
    if cls_or_spec is not None and spec is not None:
        raise TypeError("jitclass() takes the spec once")
    spec = cls_or_spec if cls_or_spec is not None else spec

    def wrap(cls):
        return _register(cls, spec)

    return wrap


def _fields(cls, spec):
    """The ``(name, type)`` pairs of the class's fields, checked."""
    if spec is None:
        pairs = []
    elif isinstance(spec, dict):
        pairs = list(spec.items())
    else:
        try:
            pairs = [tuple(p) for p in spec]
        except TypeError:
            raise TypeError(
                f"jitclass spec must be a list of (name, type) or a dict, not {spec!r}"
            ) from None
    names = {p[0] for p in pairs if len(p) == 2}
    for name, ann in inspect.get_annotations(cls, eval_str=True).items():
        if name not in names:
            pairs.append((name, _annotation_type(ann, cls, name)))
    out = []
    for pair in pairs:
        if len(pair) != 2 or not isinstance(pair[0], str):
            raise TypeError(f"jitclass spec items must be (name, type) pairs, not {pair!r}")
        name, typ = pair
        if not isinstance(typ, _types.Type):
            raise TypeError(
                f"spec values should be oxjit (Numba) type instances, got {typ!r} for field {name!r}"
            )
        out.append((name, typ))
    return out


_PY_TYPES = {
    int: _types.int64,
    float: _types.float64,
    bool: _types.boolean,
    complex: _types.complex128,
    str: _types.unicode_type,
}


def _annotation_type(ann, cls, name):
    """The oxjit type of a field's annotation, as Numba's ``as_numba_type`` reads it: an oxjit
    type as it is; ``int``, ``float``, ``bool``, ``complex``, ``str``; another jitclass; and
    ``typing``'s ``List[T]``, ``Dict[K, V]``, ``Tuple[...]`` and ``Optional[T]`` of those."""
    import types
    import typing

    if isinstance(ann, _types.Type):
        return ann
    if ann in _PY_TYPES:
        return _PY_TYPES[ann]
    class_type = getattr(ann, "class_type", None)
    if class_type is not None and hasattr(class_type, "instance_type"):
        return class_type.instance_type
    origin, args = typing.get_origin(ann), typing.get_args(ann)
    parts = [
        _annotation_type(a, cls, name) for a in args if a is not Ellipsis and a is not type(None)
    ]
    if origin is list and len(parts) == 1:
        return _types.ListType(parts[0])
    if origin is dict and len(parts) == 2:
        return _types.DictType(parts[0], parts[1])
    if origin is tuple and args:
        if len(args) == 2 and args[1] is Ellipsis:
            raise TypeError(
                f"jitclass {cls.__name__}: field {name!r}: a tuple of unknown length "
                f"({ann!r}) has no oxjit type"
            )
        return _types.Tuple(tuple(parts))
    if origin in (typing.Union, types.UnionType) and type(None) in args and len(parts) == 1:
        return _types.optional(parts[0])
    raise TypeError(
        f"jitclass {cls.__name__}: field {name!r}: the annotation {ann!r} has no oxjit type "
        "(use an oxjit type, int, float, bool, complex, str, a jitclass or typing's "
        "List/Dict/Tuple/Optional of those)"
    )


def _members(cls):
    """The class's methods, static methods and properties, as functions."""
    from oxjit.decorators import njit

    methods, statics, props = {}, {}, {}
    for name, value in vars(cls).items():
        if name in _CLASS_ATTRIBUTES:
            continue
        if isinstance(value, staticmethod):
            statics[name] = njit(value.__func__)
        elif isinstance(value, property):
            if value.fdel is not None:
                raise TypeError(
                    f"jitclass {cls.__name__}: deleting a property ({name!r}) is not supported"
                )
            setter = None if value.fset is None else njit(value.fset)
            props[name] = (njit(value.fget), setter)
        elif inspect.isfunction(value):
            methods[name] = njit(value)
        elif isinstance(value, classmethod):
            raise TypeError(f"jitclass {cls.__name__}: class methods ({name!r}) are not supported")
        else:
            raise TypeError(
                f"jitclass {cls.__name__}: class members are not yet supported: {name!r}"
            )
    return methods, statics, props


def _register(cls, spec):
    from oxjit import _oxjit
    from oxjit._oxjit import JitInstance

    fields = _fields(cls, spec)
    methods, statics, props = _members(cls)
    field_names = [n for n, _ in fields]
    for name in field_names:
        if name in methods or name in statics or name in props:
            raise TypeError(f"jitclass {cls.__name__}: {name!r} is both a field and a method")
    init = vars(cls).get("__init__")
    params = _init_params(cls, init)
    namespace = {
        "__slots__": (),
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
        "__doc__": cls.__doc__,
    }
    for k, name in enumerate(field_names):
        namespace[name] = _field_property(k, name)
    for name, disp in methods.items():
        if name != "__init__":
            namespace[name] = _method(disp, name)
    for name, disp in statics.items():
        namespace[name] = staticmethod(disp)
    for name, (getter, setter) in props.items():
        namespace[name] = _property(getter, setter)
    state = {}
    namespace["__new__"] = _constructor(cls.__name__, params, state)
    namespace["__init__"] = _no_init
    if "__repr__" not in methods:
        namespace["__repr__"] = _default_repr
    proxy = type(cls.__name__, (JitInstance,), namespace)
    handle = _oxjit.jitclass_register(cls.__name__, proxy)
    field_text = "<" + ",".join(f"{n}:{t}" for n, t in fields) + ">"
    instance_type = InstanceType(cls.__name__, handle, field_text)
    proxy.class_type = ClassType(cls.__name__, instance_type, fields)
    proxy._oxjit_jitclass_ = classmethod(_definer(handle, fields, methods, statics, props))
    state["class"] = proxy
    return proxy


def _definer(handle, fields, methods, statics, props):
    """The function the compiler calls (through ``_oxjit_jitclass_``) to learn the class's body:
    given once, with its deferred types resolved; returns the handle."""
    done = []

    def define(cls):
        if not done:
            from oxjit import _oxjit

            texts = [(n, _resolve(str(t))) for n, t in fields]
            _oxjit.jitclass_define(handle, texts, methods, statics, props)
            done.append(True)
        return handle

    return define


def _init_params(cls, init):
    """The parameters of ``__init__`` after ``self`` (``inspect.Parameter``s)."""
    if init is None:
        return []
    params = list(inspect.signature(init).parameters.values())[1:]
    for p in params:
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            raise TypeError(
                f"jitclass {cls.__name__}: __init__ with *args or **kwargs is not supported"
            )
    return params


def _constructor(name, params, state):
    """The proxy class's ``__new__``: binds the arguments as ``__init__`` takes them (defaults
    filled in) and runs a compiled function that calls the class."""
    sig = inspect.Signature([p.replace(kind=p.POSITIONAL_OR_KEYWORD) for p in params])
    names = [p.name for p in params]
    made = []

    def ctor():
        if not made:
            from oxjit import _source
            from oxjit.decorators import njit

            # The class's body first: a field type oxjit cannot use is a TypeError here.
            state["class"]._oxjit_jitclass_()

            args = ", ".join(names)
            text = f"def __oxjit_new__({args}):\n    return __oxjit_class__({args})\n"
            filename = f"<jitclass {name} constructor>"
            scope = {}
            exec(compile(text, filename, "exec"), {"__oxjit_class__": state["class"]}, scope)  # noqa: S102 (generated here)
            func = scope["__oxjit_new__"]
            _source.remember(func, text)
            made.append(njit(func))
        return made[0]

    def __new__(cls, *args, **kwargs):
        if kwargs or len(args) != len(names):
            bound = sig.bind(*args, **kwargs)
            bound.apply_defaults()
            args = bound.args
        return ctor()(*args)

    return __new__


def _no_init(self, *args, **kwargs):
    # ``__new__`` ran the compiled ``__init__``.
    pass


def _default_repr(self):
    cls = type(self)
    return f"<{cls.__module__}.{cls.__qualname__} object at {id(self):#x}>"


def _field_property(k, name):
    def get(self):
        return self._oxjit_get_(k)

    def set(self, value):
        self._oxjit_set_(k, value)

    return property(get, set, doc=f"field {name!r}")


def _method(disp, name):
    def method(self, *args, **kwargs):
        return disp(self, *args, **kwargs)

    method.__name__ = name
    return method


def _property(getter, setter):
    def get(self):
        return getter(self)

    if setter is None:
        return property(get)

    def set(self, value):
        setter(self, value)

    return property(get, set)
