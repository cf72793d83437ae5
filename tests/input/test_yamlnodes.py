"""YAML read by libyaml where it can be, with what the pure-Python reader gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cardgen.errors import InputError
from cardgen.input import yamlnodes

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(
    p for folder in ("samples", "layouts", "fonts") for p in (ROOT / folder).rglob("*.yaml")
)
TRICKY = [
    "a: 😊 x\nb: [1, é]\n",
    "a: b\r\nc: |\r\n  x😊\r\n  y\r\n",
    "- x\n- {a: 'é😊', b: \"\\u00e9\"}\n",
    "k: >\n  a\n\n  b\n",
    "a:   \n",
    "a: ~\n",
    "a: \x85b\n",
    "? a\n: b\n",
    "{a: b, a: c}\n",
    "a: 'it''s'\n",
    "\ufeffa: b\n",  # read in pure Python: libyaml's offsets skip the mark
]
REFUSED = [
    "a: b\tc\n",  # a tab libyaml allows and PyYAML does not
    "a: &x b\nc: *x\n",
    "a: !!python/object x\n",
    "a: !foo x\n",
    "[" * 40 + "]" * 40,
    "a: b\n---\nc: d\n",
    "x: [a, b]]\n",
    "a: \x01\n",
    "a: [1, 2\n",
    "a: \ud800\n",  # a lone surrogate: libyaml cannot even be given it
]


def _tree(node: yaml.Node) -> list[tuple[object, ...]]:
    """Every node of a tree as what the loaders read of it: kind, tag, value, style, marks."""
    start, end = node.start_mark, node.end_mark
    place = (start.line, start.column, start.index, start.pointer, start.buffer, end.index)
    if isinstance(node, yaml.ScalarNode):
        return [("scalar", node.tag, node.value, node.style, place)]
    out: list[tuple[object, ...]] = [(type(node).__name__, node.tag, bool(node.flow_style), place)]
    for item in node.value:
        for child in item if isinstance(item, tuple) else (item,):
            out += _tree(child)
    return out


def _read(text: str, monkeypatch: pytest.MonkeyPatch, loader: type | None) -> object:
    monkeypatch.setattr(yamlnodes, "_C_LOADER", loader)
    try:
        node = yamlnodes.compose_yaml(text, "f.yaml")
    except InputError as exc:
        return str(exc)
    return None if node is None else _tree(node.raw)


needs_libyaml = pytest.mark.skipif(
    not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml"
)


@needs_libyaml
@pytest.mark.parametrize(
    "text", [p.read_text(encoding="utf-8") for p in SHIPPED] + TRICKY + REFUSED
)
def test_libyaml_reads_what_pure_python_reads(text, monkeypatch):
    """Same nodes, values, styles and source marks (the editors and note tracing use
    them), and for a refused file the same one-line message."""
    assert _read(text, monkeypatch, yaml.CSafeLoader) == _read(text, monkeypatch, None)


@needs_libyaml
def test_a_sample_is_composed_by_libyaml_alone(monkeypatch):
    def slow(text: str, file: str) -> None:
        raise AssertionError("read in pure Python")

    monkeypatch.setattr(yamlnodes, "_compose_python", slow)
    root = yamlnodes.load_yaml((ROOT / "samples" / "hartwell.yaml").read_text("utf-8"), "h.yaml")
    assert root.mapping(
        ("candidate", "company", "role", "language", "interview", "interviewers", "style")
    )


@pytest.mark.parametrize("text", REFUSED)
def test_without_libyaml_every_refusal_still_reads_in_one_line(text, monkeypatch):
    message = _read(text, monkeypatch, None)
    assert isinstance(message, str) and message.startswith("f.yaml")
    assert "\n" not in message


@needs_libyaml
def test_libyaml_parses_a_file_once(monkeypatch):
    """The screen's events are composed: libyaml does not parse the file a second time."""
    parsers: list[object] = []

    class Counted(yaml.CSafeLoader):  # type: ignore[misc,valid-type]
        def __init__(self, stream: str) -> None:
            parsers.append(stream)
            super().__init__(stream)

    monkeypatch.setattr(yamlnodes, "_C_LOADER", Counted)
    monkeypatch.setattr(yamlnodes, "_compose_python", None)  # not read in pure Python
    text = (ROOT / "layouts" / "envelopes.yaml").read_text("utf-8")
    root = yamlnodes.load_yaml(text, "envelopes.yaml")
    assert len(parsers) == 1
    names = [name for name, _ in root.mapping(("envelopes",))["envelopes"].items()]
    assert names == ["a2", "a6", "a7", "a9", "no10", "c6", "c5", "dl"]
