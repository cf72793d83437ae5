"""Layout stage: a single-line font measured and "shaped" like a TrueType hand. Pure.

:class:`StrokeSet` gives the text fitter and the hand (:mod:`.handwriting`)
the same interface as :class:`~cardgen.layout.fonts.FontSet`, so a note for a
pen plotter is fitted, varied and bent exactly as a printed one, only its
letters are pen strokes. Letters the font lacks are built, where Unicode
allows: a base letter with its accents set above (``ễ`` = ``e`` + ``ˆ`` +
``˜``), or a plain stand-in (curly quotes to straight, dashes to hyphens);
anything else is reported as missing, never dropped.
"""

from __future__ import annotations

import unicodedata

import numpy as np

from cardgen.layout.fonts import INVISIBLE, FontSet
from cardgen.layout.shaping import Outline, ShapedGlyph
from cardgen.model import StrokeFont

__all__ = ["ACCENTS", "STAND_INS", "StrokeSet"]

# Combining marks, and the spacing accents a font draws them with.
ACCENTS = {
    "\u0300": "`",
    "\u0301": "\u00b4",
    "\u0302": "\u02c6",
    "\u0303": "\u02dc",
    "\u0304": "\u00af",
    "\u0306": "\u02d8",
    "\u0307": "\u02d9",
    "\u0308": "\u00a8",
    "\u030a": "\u02da",
    "\u030b": "\u02dd",
    "\u030c": "\u02c7",
    "\u0323": ".",
    "\u0327": "\u00b8",
    "\u0328": "\u02db",
}
# Plain stand-ins for punctuation a stroke font may lack.
STAND_INS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": ",",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201b": "'",
    "\u201f": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
}
BELOW = {"\u0327": 0.0, "\u0328": 0.0, "\u0323": -0.2}  # marks below the letter: their drop
WORD_SPACE = 1.3  # a hand's space between words, as a multiple of the font's


class StrokeSet(FontSet):
    """A single-line font with the measuring and shaping interface of a FontSet."""

    def __init__(self, font: StrokeFont) -> None:
        self.font = font
        self.faces = ()
        self._face_of: dict[str, int] = {}
        self._advance: dict[str, float] = {}
        self._word_width: dict[str, float] = {}
        self._parts: dict[str, tuple[tuple[str, float, float], ...] | None] = {}
        self._gid: dict[str, int] = {}
        self._outlines: list[Outline] = []
        self.ascent = font.ascent
        self.descent = font.descent
        self.cap_height = font.cap_height
        self.x_height = font.x_height

    # -- which strokes draw a character ------------------------------------------
    def parts(self, ch: str) -> tuple[tuple[str, float, float], ...] | None:
        """The font's letters that draw ``ch``, as (letter, dx, dy) in em; None if none can."""
        if ch in self._parts:
            return self._parts[ch]
        glyphs = self.font.glyphs
        found: tuple[tuple[str, float, float], ...] | None = None
        if ch in glyphs:
            found = ((ch, 0.0, 0.0),)
        elif ch in STAND_INS and STAND_INS[ch] in glyphs:
            found = ((STAND_INS[ch], 0.0, 0.0),)
        else:
            decomposed = unicodedata.normalize("NFD", ch)
            base, marks = decomposed[0], decomposed[1:]
            if (
                base != ch
                and base in glyphs
                and marks
                and all(ACCENTS.get(m) in glyphs for m in marks)
            ):
                width = glyphs[base].advance
                tall = base.isupper() or base in "bdfhklt"
                lift = (self.font.cap_height - self.font.x_height) if tall else 0.0
                pieces = [(base, 0.0, 0.0)]
                stack = 0.0
                for m in marks:
                    accent = ACCENTS[m]
                    dx = (width - glyphs[accent].advance) / 2
                    if m in BELOW:
                        pieces.append((accent, dx, BELOW[m]))
                    else:
                        pieces.append((accent, dx, lift + stack))
                        stack += 0.16  # a second accent sits above the first
                found = tuple(pieces)
        self._parts[ch] = found
        return found

    def face_index(self, ch: str) -> int:
        """0 when the font (or a built letter) draws ``ch``, -1 when nothing can."""
        idx = self._face_of.get(ch)
        if idx is None:
            if ch.isspace():
                idx = 0
            elif unicodedata.category(ch) == "Cf":
                idx = INVISIBLE
            else:
                idx = 0 if self.parts(ch) is not None else -1
            self._face_of[ch] = idx
        return idx

    def advance(self, ch: str) -> float:
        """Advance width of ``ch`` in em (a space a little wider than the font's, as a
        hand leaves between words)."""
        if ch.isspace():
            space = self.font.glyphs[" "].advance if " " in self.font.glyphs else 0.3
            return space * WORD_SPACE
        if self.face_index(ch) == INVISIBLE:
            return 0.0
        parts = self.parts(ch)
        return self.font.glyphs[parts[0][0]].advance if parts else 0.5

    def _glyph_id(self, letter: str) -> int:
        gid = self._gid.get(letter)
        if gid is None:
            gid = len(self._outlines)
            self._gid[letter] = gid
            self._outlines.append(_outline(self.font, letter))
        return gid

    def shape(self, word: str, alternates=()) -> tuple[tuple[tuple[int, ShapedGlyph], ...], float]:
        """One word as glyphs (face 0) and its width in em, kerned by the font's pairs."""
        out: list[tuple[int, ShapedGlyph]] = []
        pen = 0.0
        previous = ""
        for i, ch in enumerate(word):
            if self.face_index(ch) == INVISIBLE:
                continue
            parts = self.parts(ch) or (("?", 0.0, 0.0),)
            if previous:
                pen += self.font.kerning.get((previous, parts[0][0]), 0.0)
            advance = self.advance(ch)
            for j, (letter, dx, dy) in enumerate(parts):
                if letter not in self.font.glyphs:
                    continue
                out.append(
                    (
                        0,
                        ShapedGlyph(
                            self._glyph_id(letter), i, pen + dx, dy, advance if j == 0 else 0.0
                        ),
                    )
                )
            pen += advance
            previous = parts[0][0]
        return tuple(out), pen

    def outline(self, face: int, gid: int) -> Outline:
        """Glyph ``gid``'s strokes as an open-path :class:`Outline` (em)."""
        return self._outlines[gid]

    def alternates(self) -> tuple[str, ...]:
        """A stroke font has no alternate letter forms."""
        return ()


def _outline(font: StrokeFont, letter: str) -> Outline:
    """A letter's strokes as an Outline: one open contour per stroke, no normals."""
    strokes = font.glyphs[letter].strokes
    points = [pt for stroke in strokes for pt in stroke]
    ops: list[str] = []
    contours = []
    first = 0
    for stroke in strokes:
        ops.append("{} {} m")
        ops.extend("{} {} l" for _ in stroke[1:])
        contours.append((first, first + len(stroke)))
        first += len(stroke)
    arr = np.asarray(points, dtype=float).reshape(-1, 2)
    if len(arr):
        x0, y0 = arr.min(axis=0)
        x1, y1 = arr.max(axis=0)
        bounds = (float(x0), float(y0), float(x1), float(y1))
    else:
        bounds = (0.0, 0.0, 0.0, 0.0)
    return Outline(arr, np.zeros_like(arr), " ".join(ops), tuple(contours), bounds)
