"""Layout stage: a single-line font measured and "shaped" like a TrueType hand. Pure.

:class:`StrokeSet` gives the text fitter and the hand (:mod:`.handwriting`)
the same interface as :class:`~cardgen.layout.fonts.FontSet`, so a note for a
pen plotter is fitted, varied and bent exactly as a printed one, only its
letters are pen strokes. Letters the font lacks are built, where Unicode
allows: a base letter with its accents set above (``ễ`` = ``e`` + ``ˆ`` +
``˜``), or a plain stand-in (curly quotes to straight, dashes to hyphens);
anything else is reported as missing, never dropped.

An accent the font does not draw is drawn here (:data:`MARKS`: small
centreline strokes in em). In a joined script (``StrokeFont.joined``) each
accent is placed over, or under, the strokes of its letter (a slanted
cursive letter's body is not centred in its advance); ``ł ø œ ß`` and the
like are built from their letters when the font lacks them (:data:`BUILT`).
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from collections import ChainMap

import numpy as np

from cardgen.layout.fonts import INVISIBLE, FontSet
from cardgen.layout.letters import Letter, pen_order
from cardgen.layout.penorder import pack_letter, stored_letter
from cardgen.layout.shaping import Outline, ShapedGlyph
from cardgen.model import StrokeFont, StrokeGlyph

_Shaped = tuple[tuple[tuple[int, ShapedGlyph], ...], float]  # a word shaped: glyphs, width

__all__ = ["ACCENTS", "BUILT", "MARKS", "STAND_INS", "StrokeSet"]

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
    "\u0326": ",",
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
BELOW = {
    "\u0326": -0.05,
    "\u0327": 0.0,
    "\u0328": 0.0,
    "\u0323": -0.2,
}  # marks below the letter: their drop
WORD_SPACE = 1.3  # a hand's space between words, as a multiple of the font's
# A joined script's words lead in and trail off with the strokes that join letters:
# its space is wider, and punctuation after a letter stands clear of the exit stroke.
JOINED_WORD_SPACE = 1.8
JOINED_PUNCTUATION_GAP = 0.1  # em, past the letter's flourish
UNJOINED_GAP = 0.05  # em after a lowercase letter the next does not join (d, k, s, v)
CLEAR_OF_EXIT = frozenset(",.;:!?)\u2019\u201d\"'")
# Where a writer of a joined hand lifts the pen inside a word: before a letter that
# starts at the top of its bowl and goes back (a c d g o q), and before an f, which
# EMS Allure starts at the foot of its loop. The letter before ends in its exit
# flick, this one starts with its own entry, this far apart (em). A reader (and an
# OCR engine) takes in a word in short runs of letters.
LIFT_BEFORE = frozenset("acdfgoq")
LIFT_GAP = 0.12
# A joined hand's r as many writers make it: up the entry into a stem, down, back up
# and over in a short arch, where the pen lifts. EMS Allure's looped r (a peak, a
# knot, a shoulder) reads as v or n. Points in em, upright, for a drawn x-height of
# 0.36 em; slanted as the font's letters are.
PRINT_R = (
    (-0.096, 0.183), (-0.06, 0.24), (-0.02, 0.31), (0.005, 0.35), (0.02, 0.36),
    (0.02, 0.18), (0.02, 0.0), (0.021, 0.1), (0.022, 0.2), (0.04, 0.28), (0.08, 0.335),
    (0.14, 0.36), (0.19, 0.355), (0.22, 0.335),
)  # fmt: skip
PRINT_R_ADVANCE = 0.33
JOINED_SLANT = 0.35  # tan of EMS Allure's slant (19.3 degrees)

Strokes = tuple[tuple[tuple[float, float], ...], ...]


def _dot(x: float, y: float) -> tuple[tuple[float, float], ...]:
    """A pen's dot: a stroke just long enough to leave ink (0.02 em)."""
    return ((x - 0.008, y - 0.006), (x + 0.008, y + 0.006))


def _ring(cx: float, cy: float, r: float) -> tuple[tuple[float, float], ...]:
    return tuple(
        (cx + r * np.cos(a), cy + r * np.sin(a)) for a in np.linspace(0.5 * np.pi, 2.5 * np.pi, 17)
    )


# Accents a font may lack, drawn as a pen would: (strokes, advance) in em, set like a
# spacing accent (above marks between 0.42 and 0.52 em, below marks under the baseline).
MARKS: dict[str, tuple[Strokes, float]] = {
    "`": ((((0.05, 0.52), (0.13, 0.44)),), 0.18),
    "\u00b4": ((((0.05, 0.44), (0.13, 0.52)),), 0.18),
    "\u02c6": ((((0.03, 0.44), (0.09, 0.51), (0.15, 0.44)),), 0.18),
    "\u02c7": ((((0.03, 0.51), (0.09, 0.44), (0.15, 0.51)),), 0.18),
    "\u02dc": (
        (((0.02, 0.45), (0.05, 0.49), (0.08, 0.48), (0.11, 0.46), (0.14, 0.46), (0.17, 0.5)),),
        0.19,
    ),
    "\u00af": ((((0.03, 0.47), (0.16, 0.47)),), 0.19),
    "\u02d8": (
        (((0.03, 0.51), (0.05, 0.46), (0.09, 0.44), (0.13, 0.46), (0.15, 0.51)),),
        0.18,
    ),
    "\u02d9": ((_dot(0.06, 0.47),), 0.12),
    "\u00a8": ((_dot(0.05, 0.47), _dot(0.14, 0.47)), 0.19),
    "\u02da": ((_ring(0.09, 0.48, 0.04),), 0.18),
    "\u02dd": ((((0.03, 0.44), (0.09, 0.52)), ((0.1, 0.44), (0.16, 0.52))), 0.19),
    ".": ((_dot(0.06, 0.0),), 0.12),
    "\u00b8": (
        (((0.09, 0.0), (0.08, -0.05), (0.12, -0.07), (0.11, -0.11), (0.05, -0.12)),),
        0.18,
    ),
    "\u02db": ((((0.1, 0.0), (0.06, -0.05), (0.07, -0.1), (0.13, -0.12)),), 0.18),
}
BAR, SLASH = "\ue000", "\ue001"  # how ł and ø are built: a bar across, a slash through
# Letters Unicode does not decompose, built when a font lacks them: (parts, how).
BUILT: dict[str, tuple[str, str]] = {
    "\u0142": ("l", BAR),
    "\u0141": ("L", BAR),
    "\u0111": ("d", BAR),
    "\u0110": ("D", BAR),
    "\u0127": ("h", BAR),
    "\u0126": ("H", BAR),
    "\u00f8": ("o", SLASH),
    "\u00d8": ("O", SLASH),
    "\u0153": ("oe", ""),
    "\u0152": ("OE", ""),
    "\u00e6": ("ae", ""),
    "\u00c6": ("AE", ""),
    "\u00df": ("ss", ""),
    "\u0133": ("ij", ""),
    "\u2026": ("...", ""),
    "\u0132": ("IJ", ""),
}
GAP = 0.05  # between a letter's top and the accent over it (em)
# EMS Allure dots its narrow i and j just left of where the stroke before it (an l's
# or a d's, slanted) comes down: a writer's dot lands a little later, right and up.
LATE_DOT = (0.07, 0.03)
BORROWED = "\ue002"  # a fallback font's letter is kept under this prefix
VARIANT = "\ue003"  # a captured hand's n-th other sample of a letter: VARIANT + n + letter
# What a fallback font may draw: symbols and letters a script lacks, never a letter
# the script has (a print-hand letter in a joined word would stand out).
FALLBACK_OK = frozenset("¤§¬¯µ¶ÞðþĿŀŊŋŦŧƒȷ†‡•‰′″⁂⁄€£¥¢©®°±×÷¹²³¼½¾")


class StrokeSet(FontSet):
    """A single-line font with the measuring and shaping interface of a FontSet."""

    def __init__(
        self,
        font: StrokeFont,
        *,
        fallback: StrokeFont | None = None,
        text: FontSet | None = None,
    ) -> None:
        """``fallback`` draws the characters ``font`` cannot (scaled to its x-height);
        ``text`` is the TrueType set the invisible text layer over the writing uses."""
        self.font = font
        self.faces = ()
        self.text = text
        self._face_of: dict[str, int] = {}
        self._advance: dict[str, float] = {}
        self._word_width: dict[str, float] = {}
        self._width: dict[str, float] = {}
        self._face_runs: dict[str, tuple[tuple[int, str], ...]] = {}
        self._shaped: dict[tuple[str, tuple[tuple[str, int], ...]], _Shaped] = {}
        self._parts: dict[str, tuple[tuple[str, float, float], ...] | None] = {}
        self._built_advance: dict[str, float] = {}
        # the font's letters, and the accents it lacks drawn here
        self.glyphs: ChainMap[str, StrokeGlyph] = ChainMap({}, font.glyphs)  # type: ignore[arg-type]
        for accent, (strokes, width) in MARKS.items():
            self.glyphs.setdefault(accent, StrokeGlyph(width, strokes))
        if font.joined:  # dot the i and j where a writer does, clear of a letter before
            for ch in "ij":
                if ch in font.glyphs:
                    self.glyphs[ch] = _dot_moved(font.glyphs[ch], *LATE_DOT)
        # a captured hand's other samples of a letter: taken as a font's alternates are
        for ch, others in font.variants.items():
            for n, glyph in enumerate(others, 1):
                self.glyphs[f"{VARIANT}{n}{ch}"] = glyph
        most = max((len(v) for v in font.variants.values()), default=0)
        self._variant_tags = tuple(f"v{n}" for n in range(1, most + 1))
        self._gid: dict[str, int] = {}
        self._outlines: list[Outline] = []
        self._letters: list[Letter | None] = []
        self._accents = set(MARKS) | set(ACCENTS.values())
        self.ascent = font.ascent
        self.descent = font.descent
        # as drawn: a font's declared heights may not be its letters' (EMS Allure's are not)
        self.x_height = _top(font, "xvwz", font.x_height)
        if font.joined and "r" in font.glyphs:
            k = self.x_height / 0.36
            r = tuple((k * (x + JOINED_SLANT * y), k * y) for x, y in PRINT_R)
            self.glyphs["r"] = StrokeGlyph(PRINT_R_ADVANCE * k, (r,))
        # how far the writing stands up from the font's slant, degrees (a lean back)
        self.lean = -font.upright
        self.cap_height = _top(font, "HIET", font.cap_height)
        self.fallback = fallback
        self._borrowed: dict[str, str] = {}  # a character → its fallback letter's key
        self._leaves: dict[str, bool] = {}  # whether a letter ends in a join (cached)
        self._overhangs: dict[str, float] = {}  # how far a letter reaches past it (cached)
        if fallback is not None:
            self._borrow_scale = self.x_height / max(_top(fallback, "xvwz", fallback.x_height), 0.1)

    # -- which strokes draw a character ------------------------------------------
    def parts(self, ch: str) -> tuple[tuple[str, float, float], ...] | None:
        """The font's letters that draw ``ch``, as (letter, dx, dy) in em; None if none can."""
        if ch in self._parts:
            return self._parts[ch]
        glyphs = self.glyphs
        found: tuple[tuple[str, float, float], ...] | None = None
        if ch in self.font.glyphs:
            found = ((ch, 0.0, 0.0),)
        elif ch in STAND_INS and STAND_INS[ch] in self.font.glyphs:
            found = ((STAND_INS[ch], 0.0, 0.0),)
        elif ch in BUILT and all(c in self.font.glyphs for c in BUILT[ch][0]):
            found = self._built(ch)
        elif self.fallback is not None and ch in self.fallback.glyphs and ch in FALLBACK_OK:
            found = ((self._borrow(ch), 0.0, 0.0),)
        else:
            decomposed = unicodedata.normalize("NFD", ch)
            base, marks = decomposed[0], decomposed[1:]
            if (
                base != ch
                and base in self.font.glyphs
                and marks
                and all(ACCENTS.get(m) in glyphs for m in marks)
            ):
                if self.font.joined:
                    found = self._accented(base, marks)
                    self._parts[ch] = found
                    return found
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

    def _accented(self, base: str, marks: str) -> tuple[tuple[str, float, float], ...]:
        """A joined script's letter with accents: each over (or under) the letter's strokes."""
        box = _bounds(self.glyphs[base].strokes)
        top, bottom = box[3], box[1]
        pieces = [(base, 0.0, 0.0)]
        for m in marks:
            accent = ACCENTS[m]
            mx0, my0, mx1, my1 = _bounds(self.glyphs[accent].strokes)
            if m in BELOW:
                if m == "\u0328":  # ogonek: under the right of the letter's foot
                    x = _band_x(self.glyphs[base].strokes, bottom, 0.08, "right")
                    dx = x - 0.04 - mx0
                else:
                    dx = _band_x(self.glyphs[base].strokes, bottom, 0.08, "mid") - (mx0 + mx1) / 2
                dy = (bottom - 0.02 - my1) if m in "\u0323\u0326" else bottom + 0.01 - my1
                pieces.append((accent, dx, dy))
            else:
                dx = _band_x(self.glyphs[base].strokes, box[3], 0.1, "mid") - (mx0 + mx1) / 2
                dy = top + GAP - my0
                pieces.append((accent, dx, dy))
                top = dy + my1
        return tuple(pieces)

    def _built(self, ch: str) -> tuple[tuple[str, float, float], ...]:
        """A letter Unicode does not decompose, from the font's letters (:data:`BUILT`)."""
        letters, how = BUILT[ch]
        if not how:  # side by side, the second a little into the first
            pieces = []
            pen = 0.0
            for c in letters:
                pieces.append((c, pen, 0.0))
                pen += self.glyphs[c].advance * (1.0 if ch == "\u00df" else 0.92)
            self._built_advance[ch] = pen
            return tuple(pieces)
        strokes = self.glyphs[letters].strokes
        x0, y0, x1, y1 = _bounds(strokes)
        if how == SLASH:  # from below the foot on the left to above the top on the right
            line = ((x0 - 0.03, y0 - 0.05), (x1 + 0.03, y1 + 0.05))
        else:  # a short bar across the stem, below the middle of its height
            # (a joined script's capital L reaches below the baseline into a loop:
            # its bar crosses the stem higher up, and longer, to be seen)
            script_l = letters == "L" and self.font.joined
            y = y0 + (y1 - y0) * (0.55 if script_l else 0.45)
            xs = _crossings(strokes, y) or [(x0 + x1) / 2]
            x = {"d": max(xs), "l": sum(xs) / len(xs), "L": sum(xs) / len(xs)}.get(letters, min(xs))
            reach = 0.08
            if script_l:
                x, reach = min(xs), 0.12
            line = ((x - reach, y - reach / 2), (x + reach, y + reach / 2))
        key = how + letters
        self.glyphs.setdefault(key, StrokeGlyph(0.0, (line,)))
        return ((letters, 0.0, 0.0), (key, 0.0, 0.0))

    def _borrow(self, ch: str) -> str:
        """The fallback font's letter ``ch``, scaled to this font's x-height, as a letter."""
        key = BORROWED + ch
        if key not in self.glyphs:
            assert self.fallback is not None
            g = self.fallback.glyphs[ch]
            k = self._borrow_scale
            strokes = tuple(tuple((x * k, y * k) for x, y in stroke) for stroke in g.strokes)
            self.glyphs[key] = StrokeGlyph(g.advance * k, strokes)
        return key

    def text_set(self) -> FontSet:
        """The TrueType set the invisible text over this writing is laid in."""
        if self.text is None:
            raise ValueError(f"the pen hand {self.font.name} has no font for its text layer")
        return self.text

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
            return space * (JOINED_WORD_SPACE if self.font.joined else WORD_SPACE)
        if self.face_index(ch) == INVISIBLE:
            return 0.0
        parts = self.parts(ch)
        if ch in self._built_advance:
            return self._built_advance[ch]
        return self.glyphs[parts[0][0]].advance if parts else 0.5

    def _glyph_id(self, letter: str) -> int:
        gid = self._gid.get(letter)
        if gid is None:
            gid = len(self._outlines)
            self._gid[letter] = gid
            glyph = self.glyphs[letter]
            if letter in self._accents or letter.startswith((BAR, SLASH)):
                # an accent, a bar or a slash: set over its letter, moved with it
                self._letters.append(None)
                self._outlines.append(_outline(glyph.strokes))
            else:
                pen = self._pen_order(letter)
                self._letters.append(pen)
                self._outlines.append(_outline_of(pen.points.copy(), pen.contours))
        return gid

    def _pen_order(self, letter: str) -> Letter:
        """The font's ``letter`` in pen order: as put ahead with the font, when that was
        made from this very letter (a shipped hand's own), else put in order now."""
        glyph = self.glyphs[letter]
        joined, x_height, name = self.font.joined, self.x_height, _named(letter)
        ahead = self.font.pen_letters.get(letter)
        if ahead is not None:
            stored = stored_letter(
                ahead, glyph.strokes, glyph.advance, joined=joined, x_height=x_height, letter=name
            )
            if stored is not None:
                return stored
        return pen_order(
            glyph.strokes, glyph.advance, joined=joined, x_height=x_height, letter=name
        )

    def packed_letters(self) -> dict[str, bytes]:
        """Every letter of the font that this set puts in pen order, put in order and
        packed (:func:`~cardgen.layout.penorder.pack_letter`), for ``fonts/precomputed``."""
        joined, x_height = self.font.joined, self.x_height
        return {
            letter: pack_letter(
                glyph.strokes,
                glyph.advance,
                joined=joined,
                x_height=x_height,
                letter=_named(letter),
            )
            for letter, glyph in self.glyphs.items()
            if letter not in self._accents and not letter.startswith((BAR, SLASH))
        }

    def letter(self, gid: int) -> Letter | None:
        """Glyph ``gid``'s strokes in pen order (:mod:`.letters`); None for an accent
        (or a bar or slash) set over a letter."""
        return self._letters[gid]

    def shape(self, word: str, alternates=()) -> _Shaped:
        """One word as glyphs (face 0) and its width in em, kerned by the font's pairs
        (shaped once: a word and its alternates give the same glyphs every time)."""
        key = (word, tuple(alternates) if self._variant_tags else ())
        known = self._shaped.get(key)
        if known is None:
            known = self._shaped[key] = self._shape(word, key[1])
        return known

    def _shape(self, word: str, alternates: tuple[tuple[str, int], ...]) -> _Shaped:
        out: list[tuple[int, ShapedGlyph]] = []
        pen = 0.0
        previous = ""
        chosen = dict((i, tag) for tag, i in alternates) if self._variant_tags else {}
        for i, ch in enumerate(word):
            if self.face_index(ch) == INVISIBLE:
                continue
            parts = self.parts(ch) or (("?", 0.0, 0.0),)
            if i in chosen and parts[0][0] in self.font.variants:  # a captured variant
                others = self.font.variants[parts[0][0]]
                n = (int(chosen[i][1:]) - 1) % len(others) + 1
                parts = ((f"{VARIANT}{n}{parts[0][0]}", 0.0, 0.0), *parts[1:])
            if previous:
                pen += self.font.kerning.get((previous, parts[0][0]), 0.0)
                if self.font.joined and previous.isalpha() and ch in CLEAR_OF_EXIT:
                    bearing = _bounds(self.glyphs[parts[0][0]].strokes)[0]
                    pen += self._overhang(previous) + max(0.0, JOINED_PUNCTUATION_GAP - bearing)
                elif self.font.joined and ch.isalpha() and not self._leaves_joined(previous):
                    pen += UNJOINED_GAP  # after a d, k, s or v the pen lifts: a little room
                elif self.font.joined and parts[0][0] in LIFT_BEFORE and previous.isalpha():
                    pen += LIFT_GAP  # the pen lifts before an a, c, d, f, g, o or q
            advance = self.advance(ch)
            if parts[0][0].startswith(VARIANT) and len(parts) == 1:
                advance = self.glyphs[parts[0][0]].advance  # the sample's own width
            for j, (letter, dx, dy) in enumerate(parts):
                if letter not in self.glyphs:
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
        if self.font.joined and previous:  # a last letter's flourish is part of the word
            pen += self._overhang(previous)
        return tuple(out), pen

    def _leaves_joined(self, letter: str) -> bool:
        """Whether a joined script's ``letter`` ends where the next letter joins it."""
        found = self._leaves.get(letter)
        if found is None:
            pen = self.letter(self._glyph_id(letter))  # its strokes in pen order
            found = self._leaves[letter] = pen is not None and pen.exit is not None
        return found

    def _overhang(self, letter: str) -> float:
        """How far ``letter``'s strokes reach past its advance low down, where punctuation
        sits and the next word begins (em; 0 if they do not): a joined script's k, d and
        v end in a flourish to the right, not in a join (a slanted loop's top is not counted)."""
        found = self._overhangs.get(letter)
        if found is None:
            glyph = self.glyphs[letter]
            low = self.x_height * 0.8
            right = max((x for stroke in glyph.strokes for x, y in stroke if y < low), default=0.0)
            found = self._overhangs[letter] = max(0.0, right - glyph.advance)
        return found

    def outline(self, face: int, gid: int) -> Outline:
        """Glyph ``gid``'s strokes as an open-path :class:`Outline` (em)."""
        return self._outlines[gid]

    def alternates(self) -> tuple[str, ...]:
        """A captured hand's variants (``v1``, ``v2`` …: a letter's other samples, the
        n-th taken round its own count); a shipped stroke font has no alternate forms."""
        return self._variant_tags


def _named(letter: str) -> str:
    """The character a glyph key draws (a captured hand's variant: its letter)."""
    return letter[-1] if letter.startswith(VARIANT) else letter


def _dot_moved(glyph: StrokeGlyph, dx: float, dy: float) -> StrokeGlyph:
    """``glyph`` with its dot (a stroke shorter than 0.1 em, wholly above the others'
    middle) moved by (``dx``, ``dy``) em."""
    out = []
    for stroke in glyph.strokes:
        length = sum(math.dist(a, b) for a, b in itertools.pairwise(stroke))
        if length < 0.1 and min(y for _, y in stroke) > 0.3:
            stroke = tuple((x + dx, y + dy) for x, y in stroke)
        out.append(stroke)
    return StrokeGlyph(glyph.advance, tuple(out))


def _top(font: StrokeFont, letters: str, declared: float) -> float:
    """The height the first of ``letters`` the font has reaches (em): how tall its
    lowercase (or capitals) are drawn; ``declared`` when it has none of them."""
    for ch in letters:
        if ch in font.glyphs and font.glyphs[ch].strokes:
            return max(y for stroke in font.glyphs[ch].strokes for _, y in stroke)
    return declared


def _outline(strokes: Strokes) -> Outline:
    """A letter's strokes as an Outline: one open contour per stroke, no normals."""
    points = [pt for stroke in strokes for pt in stroke]
    contours = []
    first = 0
    for stroke in strokes:
        contours.append((first, first + len(stroke)))
        first += len(stroke)
    return _outline_of(np.asarray(points, dtype=float).reshape(-1, 2), tuple(contours))


def _outline_of(arr: np.ndarray, contours: tuple[tuple[int, int], ...]) -> Outline:
    """Points (n, 2) as an Outline, each (first, end) range of them an open contour (a
    letter in pen order: its own points, without its strokes made tuples and back)."""
    ops: list[str] = []
    for a, b in contours:
        ops.append("{} {} m")
        ops.extend("{} {} l" for _ in range(a + 1, b))
    if len(arr):
        x0, y0 = arr.min(axis=0)
        x1, y1 = arr.max(axis=0)
        bounds = (float(x0), float(y0), float(x1), float(y1))
    else:
        bounds = (0.0, 0.0, 0.0, 0.0)
    return Outline(arr, np.zeros_like(arr), " ".join(ops), contours, bounds)


def _bounds(strokes: Strokes) -> tuple[float, float, float, float]:
    """The box round a letter's strokes (em); an empty letter is a point at the origin."""
    points = [pt for stroke in strokes for pt in stroke]
    if not points:
        return (0.0, 0.0, 0.0, 0.0)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _crossings(strokes: Strokes, y: float) -> list[float]:
    """Where the strokes cross the level ``y`` (x, em)."""
    out = []
    for stroke in strokes:
        for (ax, ay), (bx, by) in itertools.pairwise(stroke):
            if (ay - y) * (by - y) <= 0 and ay != by:
                out.append(ax + (bx - ax) * (y - ay) / (by - ay))
    return out


def _band_x(strokes: Strokes, y: float, depth: float, where: str) -> float:
    """The middle (or right end) of a letter's strokes within ``depth`` of its top or
    bottom ``y``: where an accent over (or under) it is centred."""
    xs = [p[0] for stroke in strokes for p in stroke if abs(p[1] - y) <= depth]
    xs += _crossings(strokes, y - depth if y > 0.05 else y + depth)
    if not xs:
        x0, _, x1, _ = _bounds(strokes)
        return (x0 + x1) / 2
    return max(xs) if where == "right" else (min(xs) + max(xs)) / 2
