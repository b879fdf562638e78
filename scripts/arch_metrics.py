"""Size and layering facts of the Rust sources, for the architecture's limits (docs/architecture.md).

Prints the largest files and functions and the import cycles between the modules of each crate;
exits non-zero when a file is over the file limit or a function over the function limit (files
whose first lines say `@generated`, and test files, are exempt), or with `--cycles` when any
crate has an import cycle.

    python3 scripts/arch_metrics.py [--top N] [--cycles]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILE_LIMIT = 1000
FUNCTION_LIMIT = 120

FN_RE = re.compile(
    r"^\s*(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?"
    r'(?:extern\s+"[^"]*"\s+)?fn\s+([A-Za-z_][A-Za-z0-9_]*)'
)


def rust_files(src_only: bool = True) -> list[Path]:
    files = sorted((ROOT / "crates").glob("*/src/**/*.rs"))
    if not src_only:
        files += sorted((ROOT / "crates").glob("*/tests/**/*.rs"))
    return files


def is_generated(text: str) -> bool:
    return "@generated" in "\n".join(text.splitlines()[:5])


def strip_code(line: str) -> str:
    """The line without string/char literals and `//` comments (enough to count braces)."""
    line = re.sub(r'"(?:\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(?:\\.|[^'\\])'", "''", line)
    return line.split("//", 1)[0]


def functions(path: Path) -> list[tuple[int, str, int]]:
    """(length in lines, name, first line) of every `fn` with a body in `path`."""
    lines = path.read_text().splitlines()
    found = []
    i = 0
    while i < len(lines):
        m = FN_RE.match(lines[i])
        if not m:
            i += 1
            continue
        depth = 0
        opened = False
        j = i
        while j < len(lines):
            code = strip_code(lines[j])
            if not opened and ";" in code and "{" not in code:
                break  # a declaration without a body
            for ch in code:
                if ch == "{":
                    depth += 1
                    opened = True
                elif ch == "}":
                    depth -= 1
            if opened and depth <= 0:
                break
            j += 1
        if opened:
            found.append((j - i + 1, m.group(1), i + 1))
        i += 1  # nested functions are counted on their own too
    return found


def module_of(path: Path) -> tuple[str, tuple[str, ...]]:
    """(crate, module path) of a source file."""
    rel = path.relative_to(ROOT / "crates")
    crate = rel.parts[0]
    parts = list(rel.parts[2:])
    parts[-1] = parts[-1][:-3]
    if parts[-1] in ("mod", "lib", "main"):
        parts.pop()
    return crate, tuple(parts)


def imports(path: Path, me: tuple[str, ...], modules: set[tuple[str, ...]]) -> set:
    """The crate modules that `path` names through `crate::` or `super::` paths."""
    text = path.read_text()
    text = re.sub(r"(?s)#\[cfg\(test\)\]\s*mod tests\s*\{.*", "", text)  # unit tests
    refs = set()
    for m in re.finditer(r"\b((?:crate|super)(?:::\{?[A-Za-z_][A-Za-z0-9_]*)+)", text):
        segs = m.group(1).replace("{", "").split("::")
        base = list(me)  # `super` is the parent of the file's own module, mod.rs or not
        if segs[0] == "crate":
            base = []
            segs = segs[1:]
        while segs and segs[0] == "super":
            segs = segs[1:]
            base = base[:-1]
        cand = tuple(base + segs)
        while cand and cand not in modules:
            cand = cand[:-1]
        if cand and cand != me:
            refs.add(cand)
    for m in re.finditer(r"\buse\s+super::\{([^}]*)\}", text):
        base = me[:-1]
        for name in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", m.group(1)):
            cand = tuple(list(base) + [name])
            if cand in modules and cand != me:
                refs.add(cand)
    return refs


def cycles() -> dict[str, list[list[str]]]:
    by_crate: dict[str, dict[tuple[str, ...], Path]] = {}
    for f in rust_files():
        crate, mod = module_of(f)
        by_crate.setdefault(crate, {})[mod] = f
    out = {}
    for crate, mods in by_crate.items():
        names = set(mods)
        graph = {m: imports(p, m, names) for m, p in mods.items()}
        # A module's parent (`mod.rs`) declaring it is not a use; only `crate::`/`super::` paths count.
        out[crate] = [
            sorted("::".join(m) or "<root>" for m in comp)
            for comp in tarjan(graph)
            if len(comp) > 1
        ]
    return out


def tarjan(graph: dict) -> list[list]:
    index: dict = {}
    low: dict = {}
    stack: list = []
    on: set = set()
    comps = []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            comps.append(comp)

    sys.setrecursionlimit(10000)
    for v in graph:
        if v not in index:
            visit(v)
    return comps


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--cycles", action="store_true", help="fail on any import cycle")
    args = ap.parse_args()
    sizes, fns, over = [], [], []
    for f in rust_files(src_only=False):
        text = f.read_text()
        rel = str(f.relative_to(ROOT))
        n = len(text.splitlines())
        sizes.append((n, rel))
        exempt = is_generated(text) or "/tests/" in rel
        if n > FILE_LIMIT and not exempt:
            over.append(f"file {rel}: {n} lines (limit {FILE_LIMIT})")
        for length, name, line in functions(f):
            fns.append((length, f"{rel}:{line} {name}"))
            if length > FUNCTION_LIMIT and not exempt:
                over.append(f"function {rel}:{line} {name}: {length} lines (limit {FUNCTION_LIMIT})")
    print(f"largest files (of {len(sizes)}):")
    for n, rel in sorted(sizes, reverse=True)[: args.top]:
        print(f"  {n:6d}  {rel}")
    print(f"largest functions (of {len(fns)}):")
    for n, where in sorted(fns, reverse=True)[: args.top]:
        print(f"  {n:6d}  {where}")
    cyc = cycles()
    total = sum(len(c) for c in cyc.values())
    print(f"import cycles: {total}")
    for crate, comps in cyc.items():
        for comp in comps:
            print(f"  {crate}: {len(comp)} modules: {', '.join(comp)}")
    for line in over:
        print("OVER LIMIT:", line)
    failed = bool(over) or (args.cycles and total > 0)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
