"""Layout stage: the shipped hands, user fonts, glyph coverage and metrics.

ReportLab's :class:`TTFont` is used here only to read metrics and the
character map; drawing happens in :mod:`cardgen.render`. A character missing
from the chosen font is taken from the first fallback font that has it; one
that no font has is an error naming it and where it is (never dropped).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from cardgen.errors import CardgenError, InputError
from cardgen.input.yamlnodes import load_yaml, read_limited, read_text
from cardgen.resources import fonts_dir

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont

__all__ = ["FontInfo", "FontSet", "font_catalogue", "load_font", "resolve_font"]


@dataclass(frozen=True)
class FontInfo:
    """One font: a shipped hand or a user's own TrueType file."""

    name: str  # catalogue name, or "user-<stem>"
    path: Path
    family: str
    role: str
    suits: str
    scale: float  # multiplies a layout's size range
    licence: str = ""
    data: bytes = field(default=b"", compare=False, repr=False)  # a user font's bytes, read once


@cache
def _catalogue() -> tuple[dict[str, FontInfo], tuple[str, ...]]:
    folder = fonts_dir()
    root = load_yaml(read_text(folder / "fonts.yaml"), "fonts.yaml")
    m = root.mapping(("fonts", "fallback"), required=("fonts", "fallback"))
    out: dict[str, FontInfo] = {}
    for name, node in m["fonts"].items():
        f = node.mapping(("file", "licence", "family", "role", "suits", "scale"), ("file",))
        out[name] = FontInfo(
            name=name,
            path=folder / f["file"].text(),
            family=f["family"].text() if "family" in f else name,
            role=f["role"].text() if "role" in f else "",
            suits=f["suits"].text() if "suits" in f else "",
            scale=f["scale"].number() if "scale" in f else 1.0,
            licence=f["licence"].text() if "licence" in f else "",
        )
    return out, tuple(m["fallback"].text_list())


def font_catalogue() -> dict[str, FontInfo]:
    """The shipped fonts by name."""
    return _catalogue()[0]


MAX_FONT_BYTES = 30 * 1024 * 1024  # handwriting fonts are well under 1 MB; CJK fonts ~20 MB


def _check_truetype(data: bytes, name: str) -> None:
    """Refuse anything but a complete, undamaged TrueType font, saying why.

    Every table is decompiled (fontTools) and every glyph outline expanded, so
    a truncated or corrupt font is refused here, when it is loaded, rather
    than failing later while a PDF is written.
    """
    magic = data[:4]
    if magic in (b"wOFF", b"wOF2"):
        raise InputError(
            "is a WOFF web font; convert it to TrueType (.ttf) first, "
            "e.g. with fontTools: fonttools ttLib.woff2 decompress FILE",
            file=name,
        )
    if magic == b"OTTO":
        raise InputError(
            "has PostScript (CFF) outlines, which PDF embedding here does not support; "
            "use a TrueType (.ttf) version of the font",
            file=name,
        )
    if magic not in (b"\x00\x01\x00\x00", b"true"):
        raise InputError("is not a TrueType font (.ttf)", file=name)
    import io
    import logging

    from fontTools.ttLib import TTFont as ToolsFont

    log = logging.getLogger("fontTools")
    level = log.level
    log.setLevel(logging.CRITICAL)  # fontTools logs oddities it tolerates; we decide
    try:
        font = ToolsFont(io.BytesIO(data), lazy=False)
        for tag in ("cmap", "head", "hhea", "hmtx", "maxp", "glyf", "loca"):
            if tag not in font:
                raise ValueError(f"it has no '{tag}' table")
        font.ensureDecompiled()
        glyf = font["glyf"]
        for glyph_name in font.getGlyphOrder():
            glyf[glyph_name].expand(glyf)
        if font.getBestCmap() is None:
            raise ValueError("it has no Unicode character map")
    except Exception as exc:  # fontTools raises many kinds for damaged data
        raise InputError(
            f"is damaged or truncated and cannot be used as a font ({exc})", file=name
        ) from None
    finally:
        log.setLevel(level)


def resolve_font(value: str) -> FontInfo:
    """A shipped font name, or a path to a user's .ttf.

    Raises:
        InputError: unknown name (listing the shipped ones), missing file, or a
            file that is not a complete TrueType font.
    """
    catalogue = font_catalogue()
    key = value.strip().lower().replace(" ", "-")
    if key in catalogue:
        return catalogue[key]
    path = Path(value).expanduser()
    if path.suffix.lower() in (".ttf", ".otf", ".woff", ".woff2") or path.exists():
        return _user_font(path.resolve())
    raise InputError(
        f"unknown font '{value}' (shipped: {', '.join(catalogue)}; or a path to a .ttf file)",
        key="font",
    )


@cache
def _user_font(path: Path) -> FontInfo:
    """A user's TrueType file, read (with a size limit) and checked once per run."""
    data = read_limited(path, MAX_FONT_BYTES, str(path))
    _check_truetype(data, str(path))
    return FontInfo(
        name="user-" + "".join(c for c in path.stem if c.isalnum())[:30],
        path=path,
        family=path.stem,
        role="your font",
        suits="",
        scale=1.0,
        data=data,
    )


@cache
def load_font(info: FontInfo) -> TTFont:
    """Parse a TrueType font once per run (ReportLab's TTFont)."""
    import io

    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    data = info.data or read_limited(info.path, MAX_FONT_BYTES, str(info.path))
    try:
        return TTFont(info.name, io.BytesIO(data))
    except (TTFError, ValueError, IndexError, KeyError) as exc:
        raise InputError(f"cannot use this font: {exc}", file=str(info.path)) from None


INVISIBLE = -2  # FontSet.face_index of a format character that is not drawn


class FontSet:
    """A primary font with fallbacks: picks a face per character, measures text.

    Widths are in em (multiply by the size in pt); no kerning, as ReportLab
    draws without shaping.
    """

    def __init__(self, primary: FontInfo, fallbacks: tuple[FontInfo, ...] | None = None) -> None:
        if fallbacks is None:
            catalogue, order = _catalogue()
            fallbacks = tuple(catalogue[n] for n in order if n != primary.name)
        self.primary = primary
        self.faces: tuple[FontInfo, ...] = (primary, *fallbacks)
        self._fonts = [load_font(f) for f in self.faces]
        self._maps = [f.face.charToGlyph for f in self._fonts]
        self._face_of: dict[str, int] = {}
        self._advance: dict[str, float] = {}
        face = self._fonts[0].face
        self.ascent = face.ascent / 1000.0  # em
        self.descent = face.descent / 1000.0  # em, negative
        self.cap_height = getattr(face, "capHeight", 700) / 1000.0

    def face_index(self, ch: str) -> int:
        """Index into :attr:`faces` of the first font that has ``ch``; -1 if none.

        An invisible format character (a bidi mark, a zero-width space or
        joiner, a soft hyphen) gives :data:`INVISIBLE`: nothing is drawn for it.
        """
        idx = self._face_of.get(ch)
        if idx is None:
            code = ord(ch)
            idx = -1
            if ch.isspace():
                idx = 0
            elif unicodedata.category(ch) == "Cf":
                idx = INVISIBLE
            else:
                for i, cmap in enumerate(self._maps):
                    if code in cmap:
                        idx = i
                        break
            self._face_of[ch] = idx
        return idx

    def advance(self, ch: str) -> float:
        """Advance width of ``ch`` in em, from the face that draws it."""
        adv = self._advance.get(ch)
        if adv is None:
            key = " " if ch.isspace() else ch
            idx = self.face_index(key)
            adv = 0.0 if idx == INVISIBLE else self._fonts[max(idx, 0)].stringWidth(key, 1.0)
            self._advance[ch] = adv
        return adv

    def width(self, text: str) -> float:
        """Width of ``text`` in em."""
        return sum(self.advance(ch) for ch in text)

    def missing(self, text: str) -> int | None:
        """Index of the first character of ``text`` no font here can draw, or None."""
        for i, ch in enumerate(text):
            if ch not in "\n\r" and self.face_index(ch) == -1:
                return i
        return None

    def check(self, text: str, where: str) -> None:
        """Raise a clear error for the first character no shipped font can draw.

        Args:
            text: the text to be drawn.
            where: what the text is, for the message ("note to Margaret Dvořák").
        """
        i = self.missing(text)
        if i is None:
            return
        line = text.count("\n", 0, i) + 1
        col = i - (text.rfind("\n", 0, i) + 1) + 1
        raise CardgenError(
            f"{where}: {describe(text[i])} at line {line}, column {col} "
            "is in none of the shipped fonts; remove or replace it"
        )


def describe(ch: str) -> str:
    """``character '😊' (U+1F60A SMILING FACE WITH SMILING EYES)``."""
    try:
        uname = unicodedata.name(ch)
    except ValueError:
        uname = "unnamed character"
    return f"character '{ch}' (U+{ord(ch):04X} {uname})"
