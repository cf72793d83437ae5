"""The package's shape: stages that import only downstream, no cycles, drawing only in render.

Reads ``cardgen/`` with ``ast`` (imports inside functions count too): every
module belongs to a stage, and a module may import only modules of its own
stage or of a stage before it. The layout stage reads no files (it imports
nothing from ``cardgen.input``); ReportLab, Pillow and pypdfium2 are imported
only in ``cardgen.render``; the CLI runs the pipeline through ``cardgen.app``
and calls only the modules that format or save directly.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from code_shape import PACKAGE, cycles, graph, imports, module_name

# Stage of each module or package, by longest matching name; rank = order in the flow.
STAGES = {
    "cardgen": ("package", 0),
    "cardgen.errors": ("base", 0),
    "cardgen.model": ("base", 0),
    "cardgen.choices": ("base", 0),
    "cardgen.units": ("base", 0),
    "cardgen.resources": ("base", 0),
    "cardgen.textrules": ("base", 0),
    "cardgen.languages": ("base", 0),
    "cardgen.names": ("base", 0),
    "cardgen.starter": ("base", 0),
    "cardgen.input": ("input", 1),
    "cardgen.layout": ("layout", 2),
    "cardgen.render": ("render", 3),
    "cardgen.output": ("output", 3),
    "cardgen.checks": ("checks", 3),
    "cardgen.app": ("app", 4),
    "cardgen.cli": ("cli", 5),
    "cardgen.cli_options": ("cli", 5),
    "cardgen.cli_hand": ("cli", 5),
    "cardgen.__main__": ("cli", 5),
    "cardgen.helptext": ("cli", 5),
    "cardgen.cli_help": ("cli", 5),
}
DRAWING = ("reportlab", "PIL", "pypdfium2")


def stage(module: str) -> tuple[str, int]:
    parts = module.split(".")
    for i in range(len(parts), 0, -1):
        key = ".".join(parts[:i])
        if key in STAGES:
            return STAGES[key]
    raise AssertionError(f"{module} belongs to no stage: add it to STAGES")


EDGES = graph()


def test_every_module_has_a_stage():
    for module in EDGES:
        stage(module)


def test_no_import_cycles():
    assert cycles(EDGES) == []


def test_imports_flow_one_way():
    wrong = []
    for module, targets in EDGES.items():
        if module == "cardgen":
            continue
        name, rank = stage(module)
        for target in targets:
            t_name, t_rank = stage(target)
            if t_name != name and (t_rank >= rank or t_name == "package"):
                wrong.append(f"{module} ({name}) imports {target} ({t_name})")
    assert wrong == []


def test_layout_reads_no_files():
    for module, targets in EDGES.items():
        if stage(module)[0] == "layout":
            assert not [t for t in targets if t.startswith("cardgen.input")], module


def test_the_cli_runs_the_pipeline_through_the_orchestrator():
    # The pipeline and the commands that join stages: cardgen.app, its package only.
    allowed = {"cardgen.app", "cardgen.errors", "cardgen.model", "cardgen.checks.rules"}
    allowed |= {"cardgen.choices"}  # the model's enums, without its records
    allowed |= {"cardgen.cli_options"}  # the options, declared once
    allowed |= {"cardgen.cli_hand"}  # the `cardgen hand` commands
    allowed |= {"cardgen.input.files"}  # reading --text from standard input or a file
    # What only formats or saves is called where it lives.
    allowed |= {"cardgen.checks.report", "cardgen.output.listing", "cardgen.output.plan"}
    allowed |= {"cardgen.input.profile", "cardgen.output.writer", "cardgen.input", "cardgen.output"}
    assert EDGES["cardgen.cli"] - allowed == set()
    assert not [m for m in EDGES["cardgen.cli"] if m.startswith("cardgen.app.")]


def test_planning_reads_no_files():
    # plan() decides from the catalogue: no loader of the input stage but the pure lookup
    # of a culture by name, nothing that writes.
    targets = EDGES["cardgen.app.planning"]
    assert {t for t in targets if t.startswith("cardgen.input")} <= {
        "cardgen.input.catalogue",
        "cardgen.input.layouts",  # resolve_culture: a lookup in the catalogue's table
    }
    assert not [t for t in targets if t.startswith("cardgen.output")]


def _third_party(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            out.add(node.module.split(".")[0])
    return out


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_only_render_draws(path):
    if stage(module_name(path))[0] == "render":
        return
    assert _third_party(path) & set(DRAWING) == set()


def test_the_graph_sees_relative_and_function_level_imports():
    tree = ast.parse("def f():\n    from .b import c\n    import cardgen.x.y\n")
    assert imports(tree, "cardgen.pkg.a", False) == {
        "cardgen.pkg.b",
        "cardgen.pkg.b.c",
        "cardgen.x.y",
    }
