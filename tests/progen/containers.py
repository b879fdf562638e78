"""Statements on lists, dicts, sets and strings for the program generator: displays, methods,
iteration, comprehensions, slicing, `in`, f-strings and `str()` of containers.

The main function holds four of them from its top (so that any statement can be deleted):
`l0` a list of ints, `d0` a dict of int keys and int values, `s0` a set of ints, `u0` a string.
Each keeps its type on every path; ints put into them are reduced as the generator's ints are,
a list or a string that could grow without bound inside loops is cut back, and all four are
returned (the set as `list(s0)`, which compares CPython's iteration order too).
"""

from __future__ import annotations

M = 32749

INIT = ["l0 = [3, 1, 2]", "d0 = {1: 10, 2: 20}", "s0 = {5, 3, 8}", 'u0 = "ab c"']
RETURNED = ["l0", "d0", "list(s0)", "u0"]


def container_stmt(gen, scope):
    """One statement on a container, or None to fall back to a scalar one."""
    rng = gen.rng
    e = gen.reduce(gen.int_expr(scope)).text
    i = rng.choice(scope["assignable_ints"] or scope["ints"])
    pick = rng.choice([_list_stmt, _dict_stmt, _set_stmt, _str_stmt, _read_stmt])
    return pick(gen, scope, e, i)


def _list_stmt(gen, scope, e, i):
    rng = gen.rng
    return rng.choice(
        [
            f"l0.append({e})",
            f"l0.extend([{e}, {i} % 7])",
            "if l0:\n    l0.pop()",
            "if len(l0) > 1:\n    l0.pop(0)",
            f"l0.insert({e} % 5, {i} % 100)",
            "l0.sort()",
            "l0.sort(reverse=True)",
            "l0.reverse()",
            f"l0 = [v * 2 % {M} for v in l0 if v % 3 != 1]",
            f"l0 = l0[{rng.choice(['1:', ':-1', '::2', '::-1', '-4:', '1:5'])}]",
            f"if {e} in l0:\n    l0.remove({e})",
            "l0 = sorted(l0, key=lambda v: (v % 4, -v))",
            f"l0 = l0 + [v % 9 for v in range({i} % 4)]",
            "del l0[::3]",
            f"if l0:\n    l0[{e} % len(l0)] = {i} % 50",
            "if len(l0) > 2:\n    l0[1:2] = [7, 8, 9]",
            "l0 = l0[-12:]",
        ]
    )


def _dict_stmt(gen, scope, e, i):
    rng = gen.rng
    return rng.choice(
        [
            f"d0[{e} % 17] = {i} % 1000",
            f"d0[{e} % 13] = d0.get({e} % 13, 0) + 1",
            f"d0.pop({e} % 17, 0)",
            f"if {e} % 17 in d0:\n    del d0[{e} % 17]",
            f"{i} = ({i} + d0.setdefault({e} % 11, 4)) % {M}",
            f"for ck, cv in d0.items():\n    {i} = ({i} + ck * cv) % {M}",
            "d0 = {k: v % 97 for k, v in d0.items() if k % 2 == 0}",
            f"d0.update({{{e} % 5: 1, 3: {i} % 9}})",
            f"{i} = (sum([v for v in d0.values()]) + len(d0)) % {M}",
            f"{i} = ({i} + sum(k for k in d0)) % {M}",
            "if len(d0) > 1:\n    d0.popitem()",
            f"{i} = ({i} + d0[{e} % 17]) % {M} if {e} % 17 in d0 else {i}",
        ]
    )


def _set_stmt(gen, scope, e, i):
    rng = gen.rng
    other = rng.choice([f"{{{e} % 40, 3, 11}}", "set(l0)", "{v % 20 for v in l0}", "set(d0)"])
    return rng.choice(
        [
            f"s0.add({e} % 60)",
            f"s0.discard({e} % 60)",
            f"s0 = s0 | {other}",
            f"s0 = s0 & {other}",
            f"s0 = s0 - {other}",
            f"s0 = s0 ^ {other}",
            f"s0 |= {other}",
            f"s0 -= {other}",
            "s0.update(l0[:4])",
            f"s0 = s0.union([{e} % 30, {i} % 30])",
            "s0 = s0.intersection(l0)",
            f"s0 = s0.difference([{e} % 60])",
            "s0 = s0.symmetric_difference(l0[:3])",
            "if s0:\n    l0.append(s0.pop())",
            f"{i} = ({i} + len(s0) + ({e} % 60 in s0)) % {M}",
            f"s0 = {{v for v in s0 if v % 2 == {e} % 2}}",
            f"for cv in s0:\n    {i} = ({i} * 3 + cv) % {M}",
            "l0 = list(s0) + l0[:3]",
            f"if s0.issubset(set(l0)):\n    {i} = ({i} + 1) % {M}",
        ]
    )


def _str_stmt(gen, scope, e, i):
    rng = gen.rng
    f = rng.choice(scope["floats"])
    return rng.choice(
        [
            f"u0 = (u0 + str({e}))[-30:]",
            f'u0 = f"{{{e}:>6}}|{{{f}:.3f}}|{{u0!r}}"[:40]',
            "u0 = u0.upper()",
            'u0 = u0.replace("1", "one")[:40]',
            'u0 = " ".join(u0.split())',
            'u0 = "-".join([w.strip("-") for w in u0.split(" ")])',
            "u0 = u0[::-1]",
            f'{i} = ({i} + len(u0) + u0.count("a")) % {M}',
            f'{i} = ({i} + u0.find("c")) % {M}',
            'u0 = u0.title() if u0.startswith("a") else u0.lower()',
            "u0 = str(l0[:4])",
            "u0 = str(sorted(s0)[:5])",
            f'u0 = "%d:%s" % ({e}, u0[:10])',
            "u0 = u0.strip().zfill(8)",
            'u0 = u0.partition(" ")[2] or u0',
            f"for cw in u0.split():\n    d0[len(cw) % 17] = ({i} + ord(cw[0])) % 1000",
            'u0 = ",".join([str(v) for v in l0[:5]])',
        ]
    )


def _read_stmt(gen, scope, e, i):
    rng = gen.rng
    return rng.choice(
        [
            f"{i} = (len(l0) + sum(l0)) % {M}",
            f"{i} = l0[{e} % len(l0)] if l0 else {i}",
            f"{i} = ({i} + l0.count({e} % 5)) % {M}",
            f"{i} = max(l0) % {M} if l0 else {i}",
            f"for ck, cv in enumerate(l0):\n    {i} = ({i} + ck * cv) % {M}",
            f"for cv, cw in zip(l0, sorted(s0)):\n    {i} = ({i} + cv - cw) % {M}",
            f"{i} = ({i} + len([v for v in l0 if v in s0])) % {M}",
            f"{i} = ({i} + (l0 < sorted(l0))) % {M}",
        ]
    )
