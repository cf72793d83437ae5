"""Input stage: change a few values of a small YAML settings file in place.

``cardgen profile`` and ``cardgen printer`` update one or two values of a
file the user may have written by hand. Loading and dumping it would retype
every value (YAML 1.1 makes ``02134`` the number 1116 and ``NO`` false) and
drop its comments and order, so instead only the scalars that change are
replaced and new keys appended; every other byte stays as it was, and every
line keeps its number. Each new value is written so that it reads back as
written, which :func:`set_values` checks before it returns.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence

import yaml

from cardgen.errors import InputError
from cardgen.input.yamlnodes import Node, compose_yaml

__all__ = ["Key", "scalar", "set_values", "value_at"]

Key = tuple[str, ...]  # a key path: ("address", "city")

# A plain scalar that any YAML reader takes as this very text: a word-ish start,
# then letters, digits, spaces and a few harmless marks (no ``:``, ``#``, ``,``,
# brackets or quotes in the first place).
_PLAIN = re.compile(r"(?:[^\W_]|[(+/]|-(?=[^\s]))[\w .'()/+@&%-]*(?<=[^\s])|[^\W_]")
_UNPRINTABLE = re.compile(r"[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_RESOLVER = yaml.resolver.Resolver()


def scalar(value: str) -> str:
    """``value`` as a YAML scalar that reads back as exactly ``value``.

    Plain when every YAML reader takes it as that text (``Alex Rivera``,
    ``alex@example.com``); double-quoted otherwise (``"02134"``, ``"NO"``,
    ``"12:30:45"``, ``"Flat 2 # rear"``).
    """
    if (
        _PLAIN.fullmatch(value)
        and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"
    ):
        return value
    quoted = json.dumps(value, ensure_ascii=False)  # JSON's escapes are YAML's too
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def set_values(text: str, file: str, changes: Sequence[tuple[Key, str]]) -> str:
    """``text`` with each key path of ``changes`` set to its (string) value.

    A value already written is kept as it is, quoting and all; a changed
    scalar is replaced where it stands; a new key is appended to its mapping
    (a missing mapping is made). Nothing else changes.

    Raises:
        InputError: the file's shape does not allow the change (a list where a
            mapping should be, say), naming the line.
    """
    for path, value in changes:
        text = _set(text, file, path, value)
    root = compose_yaml(text, file)
    for path, value in changes:
        node = _find(root, path)
        raw = None if node is None else node.raw
        if not isinstance(raw, yaml.ScalarNode) or not _same(raw.value, value):
            raise InputError(
                f"cannot write {value!r} here so that it reads back; edit the file by hand",
                file=file,
                key=".".join(path),
            )
    return text


def _same(written: str, value: str) -> bool:
    """Whether ``written`` reads as ``value`` (as :meth:`Node.text` reads both)."""
    return unicodedata.normalize("NFC", written.strip()) == unicodedata.normalize(
        "NFC", value.strip()
    )


def value_at(text: str, file: str, path: Key) -> Node | None:
    """The value at key path ``path`` of the YAML ``text``, or None if it has none."""
    node = _find(compose_yaml(text, file), path)
    return None if node is None or node.is_null() else node


def _find(root: Node | None, path: Key) -> Node | None:
    node = root
    for key in path:
        if node is None or not node.is_map():
            return None
        node = _child(node, key)
    return node


def _child(node: Node, key: str) -> Node | None:
    for name, child in node.items():
        if name == key:
            return child
    return None


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _set(text: str, file: str, path: Key, value: str) -> str:
    root = compose_yaml(text, file)
    if root is None:  # empty, or comments only: the keys go after them
        return _append(text, len(text), _block(path, value, 0, _newline(text)))
    node = root
    for depth, key in enumerate(path):
        if not node.is_map():
            raise node.error(f"expected a mapping (key: value), got {_kind(node)}")
        child = _child(node, key)
        if child is None:
            return _insert(text, node, path[depth:], value)
        if depth == len(path) - 1:
            if not isinstance(child.raw, yaml.ScalarNode):
                raise child.error(f"expected text, got {_kind(child)}: correct it by hand")
            if not child.is_null() and _same(child.raw.value, value):
                return text  # already so: leave it as written
            return _replace(text, child, scalar(value))
        if child.is_null():  # ``address:`` with nothing after it
            return _replace(text, child, _flow(path[depth + 1 :], value))
        node = child
    raise AssertionError("unreachable: a key path is never empty")


def _kind(node: Node) -> str:
    if node.is_map():
        return "a mapping"
    return "a list" if isinstance(node.raw, yaml.SequenceNode) else "a value"


def _replace(text: str, node: Node, new: str) -> str:
    """``node``'s source replaced by ``new``, padded with line breaks so later lines
    keep their numbers."""
    start, end = node.raw.start_mark.index, node.raw.end_mark.index
    old = text[start:end]
    if start == end and start > 0 and not text[start - 1].isspace():
        new = " " + new  # ``key:`` with no value yet
    return text[:start] + new + _newline(text) * old.count("\n") + text[end:]


def _block(path: Key, value: str, indent: int, nl: str) -> str:
    lines = [" " * (indent + 2 * i) + scalar(key) + ":" for i, key in enumerate(path)]
    lines[-1] += " " + scalar(value)
    return nl.join(lines) + nl


def _flow(path: Key, value: str) -> str:
    out = scalar(value)
    for key in reversed(path):
        out = "{" + scalar(key) + ": " + out + "}"
    return out


def _content_end(node: Node) -> int:
    """Where the last value inside ``node`` ends in the text."""
    raw = node.raw
    if isinstance(raw, yaml.CollectionNode) and not raw.flow_style and raw.value:
        last = raw.value[-1]
        child = last[1] if isinstance(last, tuple) else last
        return _content_end(Node(child, node.file, node.path))
    return int(raw.end_mark.index)


def _append(text: str, at: int, block: str) -> str:
    before = text[:at]
    if before and not before.endswith("\n"):
        before += _newline(text)
    return before + block + text[at:]


def _insert(text: str, mapping: Node, path: Key, value: str) -> str:
    """``path: value`` added as the last entry of ``mapping``."""
    raw = mapping.raw
    if getattr(raw, "flow_style", False):
        close = raw.end_mark.index - 1
        if text[close : close + 1] != "}":
            raise mapping.error("cannot add a key to this mapping; edit the file by hand")
        last = text[:close].rstrip()
        sep = "" if last.endswith(("{", ",")) else ", "
        entry = scalar(path[0]) + ": " + _flow(path[1:], value)
        return text[:close] + sep + entry + text[close:]
    end = _content_end(mapping)
    if end > 0 and text[end - 1] == "\n":  # a block scalar ends at the next line
        at = end
    else:
        newline = text.find("\n", end)
        at = newline + 1 if newline >= 0 else len(text)
    column = raw.start_mark.column
    return _append(text, at, _block(path, value, column, _newline(text)))
