"""Layout stage: what a page shows, as data — the marks every back-end draws. Pure.

A composed card or envelope is turned into marks once, here; each back-end
(:mod:`cardgen.render.pdf` for ReportLab, :mod:`cardgen.render.plot` for a pen
plotter) only knows how to put each kind of mark on its surface, and
:func:`cardgen.render.surface.draw_art` walks the marks. A new kind of mark is
one class here and one method per back-end.

Colours are named by what they are (the ink, a shade of the stock, a grey)
and resolved when drawn, against the kit's ink and stock; a mark's ``pen`` is
the plotter layer it goes on (PDF back-ends ignore it).
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec
import numpy as np

from cardgen.layout.fonts import FontSet
from cardgen.layout.geometry import Matrix
from cardgen.layout.handwriting import Glyph, Placed, TextRun
from cardgen.layout.ink import InkPiece

__all__ = [
    "ADDRESS",
    "FLAP",
    "NOTE",
    "RETURN",
    "SIGNATURE",
    "Colour",
    "Grey",
    "Group",
    "Image",
    "Ink",
    "Mark",
    "Path",
    "Pen",
    "Rgb",
    "StockShade",
    "Stroke",
    "Text",
    "Writing",
    "polygon",
]

Pen = tuple[int, str]  # a plotter layer: (number, name)
NOTE: Pen = (1, "1 note")
SIGNATURE: Pen = (2, "2 signature")
ADDRESS: Pen = (1, "1 address")
RETURN: Pen = (2, "2 return address")
FLAP: Pen = (3, "3 flap (envelope turned over)")


# -- colours ---------------------------------------------------------------------------


class Ink(msgspec.Struct, frozen=True):
    """The ink, moved ``fade`` of the way toward the stock (0: full ink)."""

    fade: float = 0.0


class StockShade(msgspec.Struct, frozen=True):
    """The stock's own colour times ``factor`` (a shade darker: faint guides)."""

    factor: float


class Grey(msgspec.Struct, frozen=True):
    """A fixed grey, 0 black .. 1 white (marks, guides that must not take the ink)."""

    level: float


class Rgb(msgspec.Struct, frozen=True):
    """A fixed colour, each channel 0..1."""

    r: float
    g: float
    b: float


Colour = Ink | StockShade | Grey | Rgb


# -- marks -----------------------------------------------------------------------------


class Writing(msgspec.Struct, frozen=True, weakref=True):
    """Handwritten glyphs, each filled as its outline (non-zero) in ``Ink(glyph.fade)``.

    With ``fade`` False every glyph takes the full ink (a lettered front).
    A plotter draws each contour of each glyph as a stroke.

    A single-line hand written with a pen carries its ``ink`` (the strokes as
    filled pieces, each with its alpha, see :mod:`cardgen.layout.ink`): a PDF
    fills those in the full ink instead of the glyphs, a plotter still draws
    the glyphs' centrelines.
    """

    glyphs: tuple[Glyph, ...]
    pen: Pen = NOTE
    fade: bool = True
    ink: Sequence[InkPiece] = ()


class Path(msgspec.Struct, frozen=True, eq=False, weakref=True):
    """One filled shape: ``points`` (n, 2) pt joined by ``template``'s path operators
    (one ``{}`` per coordinate, as a glyph's, see :class:`~cardgen.layout.shaping.Outline`)."""

    points: np.ndarray
    template: str
    colour: Colour
    pen: Pen = NOTE


class Stroke(msgspec.Struct, frozen=True):
    """A centreline through ``points`` drawn ``width`` pt wide (a rule, a guide, a mark).

    ``dash`` is (on, off) in pt, () for solid; ``cap`` the PDF line cap (0 butt, 1 round).
    """

    points: tuple[tuple[float, float], ...]
    width: float
    colour: Colour
    dash: tuple[float, ...] = ()
    cap: int = 0
    closed: bool = False  # joined back to the first point (a rectangle)
    pen: Pen | None = NOTE  # None: printed only, never plotted (a guide for a stamp)


class Text(msgspec.Struct, frozen=True):
    """Lines of text laid invisibly over their writing (search, selection, speech)."""

    runs: tuple[TextRun, ...]
    fonts: dict[str, FontSet]  # a run's role → the fonts that set it


class Image(msgspec.Struct, frozen=True):
    """A picture the kit supplies when drawn (``source``: "signature"), placed at ``box``."""

    box: Placed
    source: str = "signature"


class Group(msgspec.Struct, frozen=True):
    """Marks drawn in their own coordinates, placed by ``matrix``."""

    matrix: Matrix
    marks: tuple[Mark, ...]


Mark = Writing | Path | Stroke | Text | Image | Group


def polygon(corners: list[tuple[float, float]], colour: Colour, pen: Pen = NOTE) -> Path:
    """A closed polygon through ``corners``, back to the first (a plotter draws it closed)."""
    pts = [*corners, corners[0]]
    template = " ".join(["{} {} m"] + ["{} {} l"] * (len(pts) - 1) + ["h"])
    return Path(np.array(pts, dtype=float), template, colour, pen)
