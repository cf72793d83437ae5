"""Layout stage: font metrics and coverage — which face draws a character, and how wide.

Read with fontTools from the bytes the input stage loaded (never from a
file), the same way PDF embedding reads them: advance widths from ``hmtx``,
the ascent, descent and cap height from ``OS/2``, and the character map
ReportLab would choose, so a width measured here is the width drawn. A
character missing from the chosen font is taken from the first fallback font
that has it; one that no font has is an error naming it and where it is
(never dropped).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from functools import cache

import msgspec
import numpy as np

from cardgen.errors import CardgenError
from cardgen.layout.shaping import (
    Outline,
    ShapedGlyph,
    _tools_font_of,
    alternate_features,
    glyph_of,
    outline,
    pack_outlines,
    packed_font,
    shape_run,
)
from cardgen.model import FontInfo

__all__ = ["FIGURE_WIDTH", "INVISIBLE", "FaceMetrics", "FontSet", "describe", "face_metrics"]

# A word shaped: its glyphs as (face index, glyph), and its width (em).
Shaped = tuple[tuple[tuple[int, ShapedGlyph], ...], float]

INVISIBLE = -2  # FontSet.face_index of a format character that is not drawn

# A figures face's digits drawn narrower than designed, as a fraction of their
# ink's width (the space either side is kept): a round zero reads as the letter
# O ("110 OO"); a hand writes it narrow.
FIGURE_WIDTH = {"0": 0.72}
# The characters a figures face draws (see FontSet's ``figures``).
FIGURES = "0123456789"


class FaceMetrics(msgspec.Struct, frozen=True):
    """One face's metrics, in em: advance per code point, and vertical extents."""

    widths: dict[int, float]  # code point → advance (em)
    default_width: float  # the advance of glyph 0, for anything unmapped (em)
    ascent: float  # em
    descent: float  # em, negative
    cap_height: float  # em
    x_height: float = 0.5  # em


@cache
def face_metrics(info: FontInfo) -> FaceMetrics:
    """Parse ``info``'s bytes once per run (fontTools: the font the outlines are read
    from, so its tables are decompiled once), or read what was parsed ahead."""
    packed = packed_font(info)
    if packed is not None and "widths" in packed.arrays:
        widths = packed.arrays["widths"]
        codes = widths[:, 0].astype(np.int64).tolist()
        default, ascent, descent, cap, x_height = packed.arrays["extents"].tolist()
        return FaceMetrics(
            dict(zip(codes, widths[:, 1].tolist(), strict=True)),
            default,
            ascent,
            descent,
            cap,
            x_height,
        )
    return _parsed_metrics(info.data)


def pack_font(data: bytes, **extra: np.ndarray) -> bytes:
    """The shipped font in ``data`` converted ahead: its outlines
    (:func:`~cardgen.layout.shaping.pack_outlines`), its :class:`FaceMetrics` and
    ``extra`` (``tools/precompute.py``: the invisible text's font)."""
    m = _parsed_metrics(data)
    widths = np.array([(code, w) for code, w in m.widths.items()], dtype=float).reshape(-1, 2)
    extents = np.array([m.default_width, m.ascent, m.descent, m.cap_height, m.x_height])
    return pack_outlines(data, widths=widths, extents=extents, **extra)


def _parsed_metrics(data: bytes) -> FaceMetrics:
    font = _tools_font_of(data)
    upm = font["head"].unitsPerEm
    ratio = 1000 / upm

    def per_mille(x: float) -> float:  # as PDF font metrics: 1/1000 em
        return x if upm == 1000 else x * ratio

    # The subtable a PDF embedder takes: the last Unicode one in the table.
    chosen, kind = None, 0
    for table in font["cmap"].tables:
        platform, encoding = table.platformID, table.platEncID
        if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
            chosen, kind = table, 1
        elif platform == 1 and encoding == 0 and kind != 1:
            chosen, kind = table, 2
    cmap = dict(chosen.cmap) if chosen is not None else {}
    advances = font["hmtx"].metrics
    widths = {code: 0.001 * per_mille(advances[glyph][0]) for code, glyph in cmap.items()}
    if 0x20 in widths:
        widths[0xA0] = widths[0x20]  # a no-break space is a space
    order = font.getGlyphOrder()
    default = 0.001 * per_mille(advances[order[0]][0])
    if "OS/2" in font:
        os2 = font["OS/2"]
        ascent, descent = per_mille(os2.sTypoAscender), per_mille(os2.sTypoDescender)
        cap = per_mille(os2.sCapHeight) if os2.version > 1 else ascent
        x_height = per_mille(os2.sxHeight) if os2.version > 1 else 0.5 * cap
    else:  # Apple fonts may lack OS/2
        head = font["head"]
        ascent, descent = per_mille(head.yMax), per_mille(head.yMin)
        cap = ascent
        x_height = 0.5 * cap
    if x_height <= 0:
        x_height = 0.5 * cap
    return FaceMetrics(
        widths, default, ascent / 1000.0, descent / 1000.0, cap / 1000.0, x_height / 1000.0
    )


class FontSet:
    """A primary font with fallbacks: picks a face per character, measures text.

    Widths are in em (multiply by the size in pt), of words as HarfBuzz shapes
    them (kerning, ligatures, contextual forms). A fallback face is parsed
    only when a character needs it.
    """

    _figures = -1  # the figures face's index; -1: none
    lean = 0.0  # degrees the writing leans from the letters' own slant (a pen hand's)
    _thinner = 0.0  # em: the figures' strokes drawn this much thinner

    def __init__(
        self,
        primary: FontInfo,
        fallbacks: tuple[FontInfo, ...] = (),
        *,
        figures: FontInfo | None = None,
        figures_thinner: float = 0.0,
    ) -> None:
        self.primary = primary
        self.faces: tuple[FontInfo, ...] = (primary, *fallbacks)
        self._face_of: dict[str, int] = {}
        # (face, glyph) -> its ink drawn this fraction as wide (see FIGURE_WIDTH), and
        # how much less it advances (em): the side bearings are kept.
        self._narrow: dict[tuple[int, int], tuple[float, float]] = {}
        self._figures = -1  # the figures face's index; -1: none
        self._thinner = figures_thinner  # em: the figures' strokes drawn this much thinner
        if figures is not None:  # the digits from a face whose figures machines read
            self.faces = (*self.faces, figures)
            face = self._figures = len(self.faces) - 1
            self._face_of.update(dict.fromkeys(FIGURES, face))
            for ch, factor in FIGURE_WIDTH.items():
                gid = glyph_of(figures, ch)
                if gid is not None:
                    x0, _, x1, _ = outline(figures, gid).bounds
                    self._narrow[face, gid] = (factor, (1.0 - factor) * (x1 - x0))
        self._narrowed_outlines: dict[tuple[int, int], Outline] = {}
        self._advance: dict[str, float] = {}
        self._word_width: dict[str, float] = {}
        # (word, alternates) -> shape(): the same words come back (a return address on
        # every envelope, a company's address, a note's common words), shaped once.
        self._shapes: dict[tuple[str, tuple[tuple[str, int], ...]], Shaped] = {}
        self._width: dict[str, float] = {}  # text -> its width, see width()
        self._face_runs: dict[str, tuple[tuple[int, str], ...]] = {}  # see face_runs()
        first = face_metrics(primary)
        self.ascent = first.ascent  # em
        self.descent = first.descent  # em, negative
        self.cap_height = first.cap_height
        self.x_height = first.x_height

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
                for i, face in enumerate(self.faces):
                    if code in face_metrics(face).widths:
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
            if idx == INVISIBLE:
                adv = 0.0
            else:
                face = face_metrics(self.faces[max(idx, 0)])
                adv = face.widths.get(ord(key), face.default_width)
                if idx == self._figures and key in FIGURE_WIDTH:
                    gid = glyph_of(self.faces[idx], key)
                    adv -= self._narrow.get((idx, gid or 0), (1.0, 0.0))[1]
            self._advance[ch] = adv
        return adv

    def shape(self, word: str, alternates: Sequence[tuple[str, int]] = ()) -> Shaped:
        """Shape one word (no spaces): its glyphs as (face index, glyph), and its width.

        The word is shaped in runs of characters that one face draws (the
        primary face where it can); glyph positions are in em from the word's
        start. Invisible format characters are left out; a character no face
        has is drawn from the primary face (callers refuse such text first).

        Args:
            alternates: (feature tag, character index in ``word``) pairs asking
                a letter for an alternate form (see :func:`alternate_features`).

        A word is shaped once with the same alternates: the result never changes.
        """
        key = (word, tuple(alternates))
        known = self._shapes.get(key)
        if known is None:
            known = self._shapes[key] = self._shaped_now(word, alternates)
        return known

    def _shaped_now(self, word: str, alternates: Sequence[tuple[str, int]]) -> Shaped:
        chars = [(i, ch) for i, ch in enumerate(word) if self.face_index(ch) != INVISIBLE]
        out: list[tuple[int, ShapedGlyph]] = []
        pen = 0.0
        start = 0
        while start < len(chars):
            face = max(self.face_index(chars[start][1]), 0)
            end = start + 1
            while end < len(chars) and max(self.face_index(chars[end][1]), 0) == face:
                end += 1
            run = chars[start:end]
            index = {i: k for k, (i, _ch) in enumerate(run)}
            wanted = [(tag, index[i]) for tag, i in alternates if i in index]
            glyphs, width = shape_run(
                self.faces[face],
                "".join(ch for _i, ch in run),
                wanted,
                word_start=start == 0,
                word_end=end == len(chars),
            )
            shift = 0.0  # how much narrowed glyphs before this one took off the run
            narrow = self._narrow
            for g in glyphs:
                less = narrow[face, g.gid][1] if narrow and (face, g.gid) in narrow else 0.0
                moved = ShapedGlyph(
                    g.gid, run[g.cluster][0], g.x + pen - shift, g.y, g.advance - less
                )
                out.append((face, moved))
                shift += less
            pen += width - shift
            start = end
        return tuple(out), pen

    def outline(self, face: int, gid: int) -> Outline:
        """Glyph ``gid`` of face ``face`` as an :class:`~cardgen.layout.shaping.Outline` (em)."""
        narrow = self._narrow.get((face, gid))
        if narrow is None:
            return outline(self.faces[face], gid)
        o = self._narrowed_outlines.get((face, gid))
        if o is None:
            o = _narrowed(outline(self.faces[face], gid), narrow[0])
            self._narrowed_outlines[face, gid] = o
        return o

    def text_set(self) -> FontSet:
        """The set the invisible text over this writing is laid in: itself (a pen hand's
        is a TrueType set of its own)."""
        return self

    def thinner(self, face: int) -> float:
        """How much thinner (em) face ``face``'s strokes are drawn: its figures matched
        to the primary face's stroke weight; 0 for every other face."""
        return self._thinner if face == self._figures else 0.0

    def alternates(self) -> tuple[str, ...]:
        """The alternate-form features (``salt``, ``ss01`` …) the primary face offers."""
        return alternate_features(self.primary)

    def word_width(self, word: str) -> float:
        """The shaped width of one word in em (no alternates), measured once."""
        width = self._word_width.get(word)
        if width is None:
            width = self.shape(word)[1]
            self._word_width[word] = width
        return width

    def width(self, text: str) -> float:
        """Width of ``text`` in em: its words as shaped, and the spaces between.

        Measured once per text: fitting asks again for the same lines at every size.
        """
        width = self._width.get(text)
        if width is None:
            parts = text.split(" ")
            space = self.advance(" ") * (len(parts) - 1)
            width = space + sum(self.word_width(p) for p in parts if p)
            self._width[text] = width
        return width

    def face_runs(self, text: str) -> tuple[tuple[int, str], ...]:
        """``text`` in runs of characters one face draws, as (face, characters); invisible
        ones left out. Worked out once a text: a card's lines are set in card.pdf and on
        the sheet, an envelope's in its PDF and on the envelope sheet."""
        runs = self._face_runs.get(text)
        if runs is None:
            runs = self._face_runs[text] = tuple(self._split_by_face(text))
        return runs

    def _split_by_face(self, text: str) -> Iterator[tuple[int, str]]:
        face, chunk = 0, ""
        for ch in text:
            index = self.face_index(ch)
            if index == INVISIBLE:
                continue
            index = max(index, 0)
            if chunk and index != face:
                yield face, chunk
                chunk = ""
            face = index
            chunk += ch
        if chunk:
            yield face, chunk

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


def _narrowed(o: Outline, factor: float) -> Outline:
    """``o``'s ink drawn ``factor`` as wide from its left edge, normals kept normal."""
    x0, y0, x1, y1 = o.bounds
    points = o.points.copy()
    points[:, 0] = x0 + (points[:, 0] - x0) * factor
    normals = o.normals * (1.0 / factor, 1.0)
    length = np.hypot(normals[:, 0], normals[:, 1])
    normals = normals / np.where(length > 0, length, 1.0)[:, None]
    bounds = (x0, y0, x0 + (x1 - x0) * factor, y1)
    return Outline(points, normals, o.template, o.contours, bounds)


def describe(ch: str) -> str:
    """``character '😊' (U+1F60A SMILING FACE WITH SMILING EYES)``."""
    try:
        uname = unicodedata.name(ch)
    except ValueError:
        uname = "unnamed character"
    return f"character '{ch}' (U+{ord(ch):04X} {uname})"
