"""The package's records are msgspec Structs, never dataclasses.

Python 3.11 builds each ``@dataclass`` by compiling its generated methods with
``exec`` (about 0.7 ms a class, some 90 ms of every ``cardgen make``) and sets a
frozen one's fields through ``object.__setattr__``; a Struct is built in C. The
scan keeps the cost from creeping back; the other tests check what a Struct must
be told that a dataclass allowed by default.
"""

from __future__ import annotations

import ast
import importlib
from functools import cached_property
from pathlib import Path

import msgspec
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cardgen"
MODULES = sorted(PACKAGE.rglob("*.py"))


def _uses_dataclasses(path: Path) -> list[int]:
    """Lines of ``path`` that import the dataclasses module or anything from it."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if (isinstance(node, ast.Import) and any(a.name == "dataclasses" for a in node.names))
        or (isinstance(node, ast.ImportFrom) and node.module == "dataclasses")
    ]


def test_no_module_of_the_package_uses_dataclasses():
    used = {str(p.relative_to(PACKAGE)): n for p in MODULES if (n := _uses_dataclasses(p))}
    assert used == {}


def _records(name: str) -> list[type[msgspec.Struct]]:
    module = importlib.import_module(name)
    return [
        v
        for v in vars(module).values()
        if isinstance(v, type) and issubclass(v, msgspec.Struct) and v.__module__ == name
    ]


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(
        ".__init__"
    )


@pytest.mark.parametrize(
    "name", [_module_name(p) for p in MODULES if "msgspec" in p.read_text(encoding="utf-8")]
)
def test_a_record_that_keeps_values_on_itself_has_a_dict(name):
    """functools.cached_property stores in the instance's ``__dict__``: a Struct has one
    only when built with ``dict=True`` (a dataclass always had one)."""
    for record in _records(name):
        cached = [k for k, v in vars(record).items() if isinstance(v, cached_property)]
        assert not cached or record.__struct_config__.dict, (record, cached)


def test_the_letters_keep_their_worked_out_parts():
    """letters._fixed and joins._end keep what they work out in a letter's own dict."""
    from cardgen.layout.penorder import Letter

    assert Letter.__struct_config__.dict


def test_the_records_kept_as_weak_keys_take_weak_references():
    """The PDF back-end keeps a shape's formatted path and a writing's ink by weak key,
    planning the address hand by catalogue: a Struct takes a weak reference only when
    built with ``weakref=True``."""
    from cardgen.input.catalogue import Catalogue
    from cardgen.layout.art import Path as Filled
    from cardgen.layout.art import Writing
    from cardgen.layout.handwriting import Glyph

    for record in (Catalogue, Filled, Writing, Glyph):
        assert record.__struct_config__.weakref, record


def test_a_writings_ink_is_still_a_sequence_of_pieces():
    """InkPieces is a record and a Sequence at once (its metaclass is both kinds')."""
    from collections.abc import Sequence

    import numpy as np

    from cardgen.layout.ink import InkPiece, InkPieces

    square = np.array([(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)])
    pieces = InkPieces.of([InkPiece(square, 0.5), InkPiece(square + 2, 0.25)])
    assert isinstance(pieces, Sequence) and len(pieces) == 2
    assert [p.alpha for p in pieces] == [0.5, 0.25] == [p.alpha for p in reversed(pieces)][::-1]
