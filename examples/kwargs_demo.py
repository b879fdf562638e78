"""The demo's `**kwargs`: options of different types (a number, a string, a flag) passed through
two compiled functions by name to the parameters that take them (the others land in a `**`
parameter that ignores them), read by constant keys on the way, compared with CPython."""

import types

import oxjit


def label(value, unit="", *, digits=2, bold=False, **_others):
    text = str(round(value, digits)) + unit
    return "*" + text + "*" if bold else text


def scaled(value, **options):
    if "scale" in options:
        value = value * options["scale"]
    return label(value, **options) if "unit" in options else label(value)


def report(values, **options):
    return [scaled(v, **options) for v in values], len(options), options.get("unit", "?")


def compiled(*fns):
    """Compiled copies of `fns` that call each other (the plain ones stay CPython's)."""
    space = dict(globals())
    for f in fns:
        copy = types.FunctionType(f.__code__, space, f.__name__, f.__defaults__)
        copy.__kwdefaults__ = f.__kwdefaults__
        space[f.__name__] = oxjit.njit(copy)
    return [space[f.__name__] for f in fns]


def demo_kwargs():
    _, _, jit_report = compiled(label, scaled, report)
    got = jit_report([1.23456, 2.0], unit=" m", digits=3, bold=True, scale=10)
    want = report([1.23456, 2.0], unit=" m", digits=3, bold=True, scale=10)
    assert got == want, (got, want)
    return f"**kwargs of mixed types forwarded by name: {got}"


if __name__ == "__main__":
    print(demo_kwargs())
