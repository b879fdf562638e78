"""Cut a failing program down to a small reproducer: delete statements, unwrap `if`/loops into their
bodies, drop unused helper functions and returned values, as long as the program still fails the
same way (same status; for exceptions, the same kind of outcome). Every local is initialised at the
top of its function, so any deletion leaves a valid program."""

from __future__ import annotations

import copy
import re


def _blocks(program):
    """Every statement list of the program, outermost first."""
    out = []

    def walk(stmts):
        out.append(stmts)
        for s in stmts:
            if s.kind != "simple":
                walk(s.body)
                if s.orelse is not None:
                    walk(s.orelse)

    for fn in program.helpers + [program.main]:
        walk(fn.body)
    return out


def _candidates(program):
    """Smaller variants of `program`, biggest cuts first."""
    for b, block in enumerate(_blocks(program)):
        for i in range(len(block)):
            cand = copy.deepcopy(program)
            target = _blocks(cand)[b]
            stmt = target.pop(i)
            yield cand
            if stmt.kind != "simple":
                for inner in (stmt.body, stmt.orelse):
                    if inner:
                        cand = copy.deepcopy(program)
                        target = _blocks(cand)[b]
                        target[i : i + 1] = copy.deepcopy(inner)
                        yield cand
    for h in range(len(program.helpers)):
        name = program.helpers[h].name
        rest = program.source().replace(f"def {name}(", "")
        if f"{name}(" not in rest:
            cand = copy.deepcopy(program)
            del cand.helpers[h]
            yield cand
    items = program.main.ret.strip("(,)").split(", ")
    for i in range(len(items)):
        if len(items) > 1:
            cand = copy.deepcopy(program)
            cand.main.ret = "(" + ", ".join(items[:i] + items[i + 1 :]) + ",)"
            yield cand


def drop_unused_locals(program):
    """`program` without the initialisations of locals that nothing reads or writes any more."""
    program = copy.deepcopy(program)
    for fn in program.helpers + [program.main]:
        rest = "\n".join(line for s in fn.body for line in s.render()) + fn.ret
        fn.locals_init = [
            s for s in fn.locals_init
            if re.search(rf"\b{s.head.split(' =')[0]}\b", rest)
        ]  # fmt: skip
    return program


def shrink(program, still_fails, budget=400):
    """The smallest variant found for which `still_fails(variant)` holds (greedy, to a fixpoint
    or until `budget` candidates were tried)."""
    tried = 0
    improved = True
    while improved and tried < budget:
        improved = False
        for cand in _candidates(program):
            tried += 1
            if still_fails(cand):
                program = cand
                improved = True
                break
            if tried >= budget:
                break
    smaller = drop_unused_locals(program)
    return smaller if still_fails(smaller) else program
