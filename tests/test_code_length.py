"""Every module of the package stays short.

No module over 600 lines and no function over 80, so each can be read whole.
Read with ``ast``; nothing is imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cardgen"
MAX_MODULE = 600
MAX_FUNCTION = 80

FILES = sorted(PACKAGE.rglob("*.py"))  # every module of the package


def _long_functions(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION:
                found.append(f"{node.name} ({length} lines)")
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_module_and_its_functions_are_short(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_MODULE
    assert _long_functions(source) == []


def test_the_measure_sees_a_long_function() -> None:
    body = "".join(f"    x = {i}\n" for i in range(MAX_FUNCTION))
    assert _long_functions(f"def f():\n{body}") == [f"f ({MAX_FUNCTION + 1} lines)"]
    assert _long_functions(f"def f():\n{body[: body.rindex('    x')]}") == []
