"""Exceptions with messages built at run time, and e.args typed per except clause."""

import oxjit


def parse_all(items, limits):
    out = []
    for name, value in items:
        try:
            if name not in limits:
                raise KeyError(name)
            if value > limits[name]:
                raise ValueError(f"{name}={value} out of range", value, limits[name])
            out.append(name + " ok")
        except KeyError as e:
            out.append("unknown " + e.args[0])
        except ValueError as e:
            out.append(e.args[0] + " (over by " + str(e.args[1] - e.args[2]) + ")")
    return out


def demo_exceptions():
    items = [("a", 3), ("b", 12), ("zz", 1)]
    limits = {"a": 5, "b": 10}
    got = oxjit.njit(parse_all)(items, limits)
    assert got == parse_all(items, limits), got
    return f"raise ValueError(f'...', value, limit) caught per clause: {got[1]!r}"
