"""The demo's named tuples: a `typing.NamedTuple` class passed in, built inside compiled code
(with a field's default), changed with `_replace`, and returned to Python as an instance of the
user's class, compared with CPython."""

from typing import NamedTuple

import oxjit


class Body(NamedTuple):
    name: str
    x: float
    v: float = 0.0


def step(bodies, dt):
    moved = [b._replace(x=b.x + b.v * dt) for b in bodies]
    moved.append(Body("probe", 0.0))  # `v` from the class's default
    return moved


def demo_namedtuple():
    bodies = [Body("a", 0.0, 1.0), Body("b", 5.0, -2.0)]
    got = oxjit.njit(step)(bodies, 0.5)
    assert got == step(bodies, 0.5) and all(type(b) is Body for b in got)
    return f"named tuples: {got}"


if __name__ == "__main__":
    print(demo_namedtuple())
