"""Input stage: the hands a writer captured (``cardgen hand add``), saved in the config folder.

Each is ``hands/NAME.json`` in the config folder (``CARDGEN_CONFIG_DIR``):
its letters as centreline strokes in em (y up from the baseline), every
sample of a letter kept, the first the letter's own form and the others its
variants; its measured heights and spacing. :func:`captured_hand` reads one
back as a single-line print hand (:class:`~cardgen.model.StrokeFont`,
``joined`` false), the characters it lacks drawn by the shipped print hand
(Relief SingleLine) at its x-height, and named in ``borrowed``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from cardgen.errors import CardgenError
from cardgen.input.files import read_limited
from cardgen.input.settings import config_dir
from cardgen.model import StrokeFont, StrokeGlyph

__all__ = [
    "BUILT_FROM_OWN",
    "MAX_HAND_BYTES",
    "captured_hand",
    "hand_path",
    "hands_dir",
    "name_ok",
    "saved_hands",
]

MAX_HAND_BYTES = 8 * 1024 * 1024  # a hand of 12 pages is about 1 MB
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
# Letters the pen hands build from a hand's own letters (a bar, a slash, two letters
# side by side): never borrowed from the print hand while the hand has lowercase.
BUILT_FROM_OWN = frozenset("łŁđĐħĦøØœŒæÆßĳĲ…")


def hands_dir() -> Path:
    """The folder captured hands are saved in."""
    return config_dir() / "hands"


def name_ok(name: str) -> bool:
    """Whether ``name`` can name a captured hand: lowercase letters, digits, hyphens."""
    return bool(_NAME.fullmatch(name))


def hand_path(name: str) -> Path:
    """Where the captured hand ``name`` is saved."""
    return hands_dir() / f"{name}.json"


def saved_hands() -> list[str]:
    """The captured hands' names, sorted."""
    folder = hands_dir()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.json") if name_ok(p.stem) and p.is_file())


def _number(value: Any, where: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise CardgenError(f"{where}: expected a number from {low} to {high}")
    return float(value)


def _glyph(value: Any, where: str) -> StrokeGlyph:
    if not isinstance(value, dict) or not isinstance(value.get("strokes"), list):
        raise CardgenError(f"{where}: expected advance and strokes")
    advance = _number(value.get("advance"), f"{where}: advance", 0.0, 5.0)
    strokes = []
    for stroke in value["strokes"]:
        if not isinstance(stroke, list) or len(stroke) < 2:
            raise CardgenError(f"{where}: a stroke is a list of two or more points")
        pts = []
        for pt in stroke:
            if not isinstance(pt, list) or len(pt) != 2:
                raise CardgenError(f"{where}: a point is [x, y]")
            pts.append((_number(pt[0], where, -5, 5), _number(pt[1], where, -5, 5)))
        strokes.append(tuple(pts))
    return StrokeGlyph(advance, tuple(strokes))


class _Scaled(Mapping[str, StrokeGlyph]):
    """Another hand's letters scaled by ``k``, but those in ``skip`` (read as used)."""

    def __init__(self, glyphs: Mapping[str, StrokeGlyph], k: float, skip: frozenset[str]):
        self._glyphs, self._k, self._skip = glyphs, k, skip
        self._done: dict[str, StrokeGlyph] = {}

    def __getitem__(self, ch: str) -> StrokeGlyph:
        if ch in self._skip:
            raise KeyError(ch)
        got = self._done.get(ch)
        if got is None:
            g, k = self._glyphs[ch], self._k
            strokes = tuple(tuple((x * k, y * k) for x, y in st) for st in g.strokes)
            got = self._done[ch] = StrokeGlyph(g.advance * k, strokes)
        return got

    def __contains__(self, ch: object) -> bool:
        return ch not in self._skip and ch in self._glyphs

    def __iter__(self) -> Iterator[str]:
        return (c for c in self._glyphs if c not in self._skip)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _Joined(Mapping[str, StrokeGlyph]):
    """A hand's own letters first, then the borrowed ones."""

    def __init__(self, own: dict[str, StrokeGlyph], borrowed: Mapping[str, StrokeGlyph]):
        self._own, self._borrowed = own, borrowed

    def __getitem__(self, ch: str) -> StrokeGlyph:
        got = self._own.get(ch)
        return got if got is not None else self._borrowed[ch]

    def __contains__(self, ch: object) -> bool:
        return ch in self._own or ch in self._borrowed

    def __iter__(self) -> Iterator[str]:
        yield from self._own
        yield from (c for c in self._borrowed if c not in self._own)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _read(name: str) -> dict[str, Any]:
    path = hand_path(name)
    where = f"{path}"
    data = read_limited(path, MAX_HAND_BYTES, where)
    try:
        root = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CardgenError(f"{where}: not a saved hand ({exc}); add it again") from None
    if not isinstance(root, dict) or root.get("cardgen") != "hand" or root.get("version") != 1:
        raise CardgenError(f"{where}: not a saved hand of this cardgen version; add it again")
    if not isinstance(root.get("glyphs"), dict):
        raise CardgenError(f"{where}: glyphs: expected a table of letters; add it again")
    return root


def captured_hand(name: str, print_hand: StrokeFont) -> StrokeFont:
    """The captured hand ``name`` as a single-line print hand.

    Raises:
        CardgenError: no such hand, or its file is not one cardgen saved.
    """
    path = hand_path(name)
    where = str(path)
    root = _read(name)
    own: dict[str, StrokeGlyph] = {}
    variants: dict[str, tuple[StrokeGlyph, ...]] = {}
    for ch, samples in root["glyphs"].items():
        if not isinstance(ch, str) or len(ch) != 1 or not isinstance(samples, list) or not samples:
            raise CardgenError(f"{where}: glyphs: {ch!r}: expected a list of samples")
        got = tuple(_glyph(s, f"{where}: glyphs: {ch!r}") for s in samples[:64])
        own[ch] = got[0]
        if len(got) > 1:
            variants[ch] = got[1:]
    x_height = _number(root.get("x_height"), f"{where}: x_height", 0.1, 1.0)
    drawn = max((y for st in print_hand.glyphs["x"].strokes for _, y in st), default=0.5)
    skip = set(own)
    if any(c.islower() for c in own):
        skip |= BUILT_FROM_OWN
    skip |= {
        c
        for c in print_hand.glyphs
        if len(unicodedata.normalize("NFD", c)) > 1 and unicodedata.normalize("NFD", c)[0] in own
    }
    borrowed = _Scaled(print_hand.glyphs, x_height / drawn, frozenset(skip))
    return StrokeFont(
        name=name,
        path=path,
        glyphs=_Joined(own, borrowed),
        kerning={},
        ascent=_number(root.get("ascent"), f"{where}: ascent", 0.2, 3.0),
        descent=_number(root.get("descent"), f"{where}: descent", -3.0, 0.0),
        x_height=x_height,
        cap_height=_number(root.get("cap_height"), f"{where}: cap_height", 0.1, 3.0),
        licence="your own hand",
        joined=False,
        variants=variants,
        borrowed=frozenset(borrowed),
    )


def hand_summary(name: str) -> dict[str, Any]:
    """What ``cardgen hand list`` shows of a saved hand: its letters and variant counts."""
    root = _read(name)
    return {
        "letters": {ch: len(s) for ch, s in root["glyphs"].items() if ch != " "},
        "paper": root.get("paper", ""),
    }
