"""The shape of the package: modules, the longest functions, import cycles.

Reads ``cardgen/`` with ``ast`` (nothing is imported) and prints the number of
modules, every module over :data:`MAX_MODULE` lines, the five longest functions
and every function over :data:`MAX_FUNCTION` lines, and every cycle in the graph
of imports between cardgen modules (imports inside functions count too).

    python benchmarks/code_shape.py
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cardgen"
MAX_MODULE = 600  # lines: a module longer than this wants splitting
MAX_FUNCTION = 80  # lines: likewise a function


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(tree: ast.AST, name: str, is_package: bool) -> set[str]:
    """The cardgen modules ``tree`` imports (resolving relative imports)."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("cardgen")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = name.split(".")
                parent = parent if is_package else parent[:-1]
                parent = parent[: len(parent) - (node.level - 1)]
                base = ".".join([*parent, base] if base else parent)
            if base.startswith("cardgen"):
                out.add(base)
                out |= {f"{base}.{a.name}" for a in node.names}
    return out


def graph() -> dict[str, set[str]]:
    """cardgen module → the cardgen modules it imports."""
    sources = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges = {}
    for name, path in sources.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = imports(tree, name, path.name == "__init__.py")
        # Importing a submodule through its package (``from cardgen import app``)
        # is an edge to the submodule, not to the package's __init__.
        edges[name] = {m for m in found if m in sources and m not in (name, "cardgen")}
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def long_modules(limit: int = MAX_MODULE) -> list[tuple[int, str]]:
    """Modules over ``limit`` lines, longest first."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        length = len(path.read_text(encoding="utf-8").splitlines())
        if length > limit:
            found.append((length, module_name(path)))
    return sorted(found, reverse=True)


def longest_functions(n: int | None = 5, over: int = 0) -> list[tuple[int, str]]:
    """The ``n`` longest functions (all if None) of more than ``over`` lines, longest first."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > over:
                    found.append((length, f"{module_name(path)}.{node.name}"))
    return sorted(found, reverse=True)[:n]


def main() -> None:
    edges = graph()
    print(f"modules: {len(edges)}")
    modules = long_modules()
    print(f"modules over {MAX_MODULE} lines: {len(modules)}")
    for length, name in modules:
        print(f"  {length:4d} lines  {name}")
    print("longest functions:")
    for length, name in longest_functions():
        print(f"  {length:4d} lines  {name}")
    long = longest_functions(None, over=MAX_FUNCTION)
    print(f"functions over {MAX_FUNCTION} lines: {len(long)}")
    for length, name in long:
        print(f"  {length:4d} lines  {name}")
    found = cycles(edges)
    print(f"import cycles: {len(found)}")
    for group in found:
        print("  " + " ↔ ".join(group))


if __name__ == "__main__":
    main()
