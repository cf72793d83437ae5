"""Input stage: read YAML safely and keep the line of every value.

``yaml.safe_load`` forgets where a value came from, so the loaders here walk
the composed node tree instead and read each value with its line, as written
(no YAML 1.1 typing: ``02134`` stays ``"02134"``, ``NO`` stays ``"NO"``).
Anchors and aliases are refused outright (no alias bombs), as are tags
(``!!python/object``, ``!foo``), nesting deeper than :data:`MAX_DEPTH` and
more than one document; files are read by :mod:`cardgen.input.files`. Every
YAML file cardgen reads — interview, profile, printers, cultures, layouts —
comes through :func:`load_yaml`.

The file is parsed by libyaml (PyYAML's C parser) when it is installed, about
ten times faster than PyYAML's pure-Python scanner, once: its events are
screened and composed, in one pass, into the very node tree PyYAML's composer
makes. A file libyaml refuses, or that holds a tab or an offence the screen
refuses, is read again in pure Python, so every message and every accepted
file is what the pure-Python reader says.
"""

from __future__ import annotations

import contextlib
import difflib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any

import yaml

from cardgen.errors import InputError
from cardgen.units import UNITS

__all__ = ["MAX_DEPTH", "Node", "compose_yaml", "load_yaml", "parse_length"]

MAX_DEPTH = 16  # nesting levels: an interview file needs 5; deeper is an attack or a slip
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_STANDARD_TAG = "tag:yaml.org,2002:"
# libyaml's loader, or None where PyYAML was built without it.
_C_LOADER: type | None = getattr(yaml, "CSafeLoader", None)


class Node:
    """One YAML value with its place: file name, key path and line."""

    def __init__(self, raw: yaml.Node, file: str, path: str) -> None:
        self.raw = raw
        self.file = file
        self.path = path
        self.line = raw.start_mark.line + 1

    # -- errors -----------------------------------------------------------
    def error(self, message: str, key: str | None = None) -> InputError:
        """An :class:`InputError` at this node (or its child ``key``)."""
        return InputError(message, file=self.file, line=self.line, key=key or self.path)

    def _kind(self) -> str:
        if isinstance(self.raw, yaml.MappingNode):
            return "a mapping"
        if isinstance(self.raw, yaml.SequenceNode):
            return "a list"
        return "a value"

    # -- mappings ---------------------------------------------------------
    def is_map(self) -> bool:
        """True for a YAML mapping."""
        return isinstance(self.raw, yaml.MappingNode)

    def items(self) -> Iterator[tuple[str, Node]]:
        """(key, value node) pairs of a mapping, in file order.

        Raises:
            InputError: not a mapping.
        """
        if not self.is_map():
            raise self.error(f"expected a mapping (key: value), got {self._kind()}")
        for key_node, value_node in self.raw.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            path = f"{self.path}.{key}" if self.path else key
            yield key, Node(value_node, self.file, path)

    def mapping(self, allowed: Sequence[str], required: Sequence[str] = ()) -> dict[str, Node]:
        """This node as a mapping whose keys are checked against ``allowed``.

        Raises:
            InputError: not a mapping, an unknown or repeated key, or a missing one.
        """
        if not self.is_map():
            raise self.error(f"expected a mapping (key: value), got {self._kind()}")
        out: dict[str, Node] = {}
        for key_node, value_node in self.raw.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            path = f"{self.path}.{key}" if self.path else str(key)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str) or key not in allowed:
                hint = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
                extra = f" (did you mean '{hint[0]}'?)" if hint else ""
                valid = "" if extra else f" (valid: {', '.join(allowed)})"
                raise InputError(f"unknown key{extra}{valid}", file=self.file, line=line, key=path)
            if key in out:
                raise InputError("key given twice", file=self.file, line=line, key=path)
            out[key] = Node(value_node, self.file, path)
        for key in required:
            if key not in out or out[key].is_null():
                path = f"{self.path}.{key}" if self.path else key
                raise InputError(
                    "required key is missing", file=self.file, line=self.line, key=path
                )
        return {k: v for k, v in out.items() if not v.is_null()}

    # -- lists ------------------------------------------------------------
    def sequence(self) -> list[Node]:
        """The items of a YAML list."""
        if not isinstance(self.raw, yaml.SequenceNode):
            raise self.error(f"expected a list, got {self._kind()}")
        return [Node(item, self.file, f"{self.path}[{i}]") for i, item in enumerate(self.raw.value)]

    # -- scalars ----------------------------------------------------------
    def is_null(self) -> bool:
        """True for an empty value (``key:`` or ``~`` or ``null``)."""
        return (
            isinstance(self.raw, yaml.ScalarNode)
            and self.raw.tag == "tag:yaml.org,2002:null"
            and self.raw.style is None
        )

    def text(self, *, max_len: int = 200, multiline: bool = False) -> str:
        """The value as written in the file, stripped.

        Plain scalars keep their source text, so ``postal_code: 02134`` stays
        ``"02134"`` and ``time: 14:00`` stays ``"14:00"`` (YAML 1.1 would make
        an int of both).

        Raises:
            InputError: not a scalar, empty, too long, or with a control character
                (or a line break where ``multiline`` is False).
        """
        if not isinstance(self.raw, yaml.ScalarNode):
            raise self.error(f"expected text, got {self._kind()}")
        value = unicodedata.normalize("NFC", str(self.raw.value).strip())
        if not value:
            raise self.error("is empty")
        if len(value) > max_len:
            raise self.error(f"is {len(value):,} characters long; the limit is {max_len:,}")
        if _CONTROL.search(value):
            raise self.error("contains a control character")
        if bad := _SURROGATE.search(value):
            raise self.error(
                f"contains U+{ord(bad.group()):04X}, half of a surrogate pair, which is not "
                "a character; write the character itself, not an escape"
            )
        if not multiline and len(value.splitlines()) > 1:
            raise self.error("must be on one line")
        return value

    def integer(self, low: int, high: int) -> int:
        """The value as an int between ``low`` and ``high``."""
        text = self.text(max_len=20)
        try:
            value = int(text)
        except ValueError:
            raise self.error(f"expected a whole number, got '{text}'") from None
        if not low <= value <= high:
            raise self.error(f"must be between {low} and {high}, got {value}")
        return value

    def number(self) -> float:
        """The value as a float."""
        text = self.text(max_len=30)
        try:
            return float(text)
        except ValueError:
            raise self.error(f"expected a number, got '{text}'") from None

    def boolean(self) -> bool:
        """The value as a bool (true/false/yes/no)."""
        text = self.text(max_len=10).lower()
        if text in ("true", "yes", "on"):
            return True
        if text in ("false", "no", "off"):
            return False
        raise self.error(f"expected true or false, got '{text}'")

    def length(self) -> float:
        """A length with a unit (``4.25in``, ``105mm``, ``12pt``) in points."""
        text = self.text(max_len=30)
        try:
            return parse_length(text)
        except ValueError as exc:
            raise self.error(str(exc)) from None

    def text_list(self, *, max_len: int = 200) -> list[str]:
        """A list of one-line strings (a single string counts as a list of one)."""
        if isinstance(self.raw, yaml.ScalarNode):
            return [self.text(max_len=max_len)]
        return [item.text(max_len=max_len) for item in self.sequence()]


def parse_length(text: str) -> float:
    """``"4.25in"`` → 306.0 (points). Units: in, mm, cm, pt."""
    match = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*(in|mm|cm|pt)\s*", text)
    if not match:
        raise ValueError(f"expected a length with a unit like 4.25in or 105mm, got '{text}'")
    return float(match.group(1)) * UNITS[match.group(2)]


def load_yaml(text: str, file: str) -> Node:
    """Compose one YAML document into a :class:`Node` tree, refusing aliases and tags.

    Raises:
        InputError: malformed YAML, an alias or anchor, a tag, several documents,
            or an empty file.
    """
    root = compose_yaml(text, file)
    if root is None:
        raise InputError("is empty", file=file, line=1)
    return root


def _line(event: yaml.Event) -> int | None:
    mark = event.start_mark
    return mark.line + 1 if mark is not None else None


class _Frame:
    """A mapping or list being read by :func:`_screen`: where in it the reader is."""

    def __init__(self, is_map: bool, was_key: bool) -> None:
        self.is_map = is_map
        self.was_key = was_key  # this collection is itself a mapping key
        self.key: str | None = None  # the current key of a mapping
        self.index = 0  # the current item of a list
        self.want_key = is_map  # a mapping's next node is a key

    def step(self) -> None:
        """A value (or list item) is done."""
        if self.is_map:
            self.want_key = True
        else:
            self.index += 1


def _key_path(frames: list[_Frame]) -> str:
    out = ""
    for frame in frames:
        if not frame.is_map:
            out += f"[{frame.index}]"
        elif frame.key is not None and not frame.want_key:
            out = f"{out}.{frame.key}" if out else frame.key
    return out


def _screen(text: str, file: str, loader: type = yaml.SafeLoader) -> None:
    """One streaming pass before composing, stopping at the first offence.

    Refuses aliases and anchors (no alias bombs), tags (``!!python/object``:
    nothing is ever built from the file but text) and deep nesting (PyYAML's
    composer recurses, and its scanner slows down quadratically with depth).
    Errors name the key path, as the loaders' own do.
    """
    frames: list[_Frame] = []
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionEndEvent):
            done = frames.pop()
            if frames and not done.was_key:
                frames[-1].step()
            continue
        if not isinstance(event, (yaml.NodeEvent, yaml.CollectionStartEvent)):
            continue
        top = frames[-1] if frames else None
        is_key = top is not None and top.is_map and top.want_key
        problem = ""
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            problem = "YAML anchors and aliases (&, *) are not allowed"
        elif (tag := getattr(event, "tag", None)) is not None:
            shown = "!!" + tag.removeprefix(_STANDARD_TAG) if tag.startswith(_STANDARD_TAG) else tag
            problem = f"YAML tags ({shown}) are not allowed: write the value as plain text"
        elif isinstance(event, yaml.CollectionStartEvent) and len(frames) >= MAX_DEPTH:
            problem = f"is nested more than {MAX_DEPTH} levels deep"
        if problem:
            where = "" if problem.startswith("is nested") else _key_path(frames)
            raise InputError(problem, file=file, line=_line(event), key=where)
        if isinstance(event, yaml.CollectionStartEvent):
            if is_key and top is not None:
                top.key, top.want_key = "?", False
            frames.append(_Frame(isinstance(event, yaml.MappingStartEvent), was_key=is_key))
        elif is_key and top is not None:
            top.key = str(getattr(event, "value", "?"))
            top.want_key = False
        elif top is not None:
            top.step()


class _Slow(Exception):
    """The fast path declines a file: read it again in pure Python."""


def _compose_c(text: str, loader: type) -> yaml.Node | None:
    """The node tree as the pure-Python composer makes it, parsed by libyaml.

    Raises:
        _Slow: for anything the pure-Python path must judge (a tab, which
            libyaml allows in more places; a byte-order mark, which shifts its
            offsets; an offence of the screen; anything libyaml refuses).
    """
    if "\t" in text or text.startswith("\ufeff"):
        raise _Slow
    parser = None
    try:
        parser = loader(text)  # raises on a lone surrogate, which libyaml cannot take
        return _compose_events(iter(parser.get_event, None), text)
    except (yaml.YAMLError, UnicodeError, ValueError):
        raise _Slow from None
    finally:
        if parser is not None:
            parser.dispose()


_RESOLVER = yaml.resolver.Resolver()  # the implicit tags, as SafeLoader resolves them


def _compose_events(events: Iterator[yaml.Event], text: str) -> yaml.Node | None:
    """What PyYAML's composer makes of libyaml's events of ``text``, in one pass that
    also screens them as :func:`_screen` does (every tag is then resolved from its
    value, as PyYAML's composer does).

    libyaml's marks carry no buffer and its plain scalars the style "" rather than
    None: the nodes get what the pure-Python reader gives (the buffer is the text
    and a NUL, the pointer the index), for the loaders and editors that read a
    value's source.

    Raises:
        _Slow: an offence of the screen (an alias, an anchor, a tag, nesting deeper
            than :data:`MAX_DEPTH`) or a second document: the pure-Python reader
            words the message (the key path is worked out only then).
    """
    buffer = text + "\0"
    make_mark, resolve = yaml.Mark, _RESOLVER.resolve

    def mark(m: Any) -> yaml.Mark:  # libyaml's (its events always carry one)
        return make_mark(m.name, m.index, m.line, m.column, buffer, m.index)

    root: yaml.Node | None = None
    open_nodes: list[yaml.CollectionNode] = []  # the lists and mappings being filled
    keys: list[yaml.Node | None] = []  # each one's key awaiting its value (a mapping's)
    documents = 0
    for event in events:
        node: yaml.Node
        if isinstance(event, yaml.ScalarEvent):
            if event.anchor is not None or event.tag is not None:
                raise _Slow
            tag = resolve(yaml.ScalarNode, event.value, event.implicit)
            start, end = mark(event.start_mark), mark(event.end_mark)
            node = yaml.ScalarNode(tag, event.value, start, end, style=event.style or None)
        elif isinstance(event, yaml.CollectionStartEvent):
            if event.anchor is not None or event.tag is not None or len(open_nodes) >= MAX_DEPTH:
                raise _Slow
            kind = (
                yaml.MappingNode if isinstance(event, yaml.MappingStartEvent) else yaml.SequenceNode
            )
            tag = resolve(kind, None, event.implicit)
            node = kind(tag, [], mark(event.start_mark), None, flow_style=event.flow_style)
        elif isinstance(event, yaml.CollectionEndEvent):
            open_nodes.pop().end_mark = mark(event.end_mark)
            keys.pop()
            continue
        elif isinstance(event, yaml.AliasEvent):
            raise _Slow
        else:
            documents += isinstance(event, yaml.DocumentStartEvent)
            if documents > 1:
                raise _Slow
            continue
        if not open_nodes:
            root = node
        elif isinstance(parent := open_nodes[-1], yaml.SequenceNode):
            parent.value.append(node)
        elif (key := keys[-1]) is None:
            keys[-1] = node
        else:
            parent.value.append((key, node))
            keys[-1] = None
        if isinstance(node, yaml.CollectionNode):
            open_nodes.append(node)
            keys.append(None)
    return root


def compose_yaml(text: str, file: str) -> Node | None:
    """Like :func:`load_yaml`, but None for a file with no value (empty, or comments only)."""
    root: yaml.Node | None = None
    loader, slow = _C_LOADER, True
    if loader is not None:
        with contextlib.suppress(_Slow):
            root, slow = _compose_c(text, loader), False
    if slow:
        root = _compose_python(text, file)
    empty = isinstance(root, yaml.ScalarNode) and root.tag.endswith(":null") and not root.value
    if root is None or empty:
        return None
    return Node(root, file, "")


def _compose_python(text: str, file: str) -> yaml.Node | None:
    """The node tree composed by PyYAML's pure-Python reader; every message is its."""
    try:
        _screen(text, file)
        loader = yaml.SafeLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as exc:
        at = text[: exc.position].count("\n") + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise InputError(
            f"contains a control character (U+{ord(char):04X}) that YAML does not allow",
            file=file,
            line=at,
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = (exc.problem or exc.context or "malformed YAML").strip()
        if "another document" in reason:
            raise InputError(
                "holds more than one YAML document (a second ---); keep one",
                file=file,
                line=line,
            ) from None
        raise InputError(f"malformed YAML: {reason}", file=file, line=line) from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", file=file) from None
    except RecursionError:  # a backstop: MAX_DEPTH stops this long before
        raise InputError("is nested too deeply", file=file) from None
    return root
