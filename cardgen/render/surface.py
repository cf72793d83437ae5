"""Render stage: the one drawing protocol every back-end implements, and the walk.

Layout gives a page as marks (:mod:`cardgen.layout.art`); :func:`draw_art`
resolves their colours against the kit's ink and stock and calls a
:class:`Surface` — like a fontTools pen — once per thing to put down.
:class:`cardgen.render.pdf.PdfSurface` puts it on a ReportLab canvas,
:class:`cardgen.render.plot.PlotSurface` into a pen plotter's layers (strokes
only: a filled outline is drawn as its contours, text and pictures not at all).

A new kind of mark is a class in :mod:`cardgen.layout.art`, a case in
:func:`draw_art`, and a method here implemented by each back-end.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

import msgspec
import numpy as np

from cardgen.layout.art import (
    Colour,
    Grey,
    Group,
    Image,
    Ink,
    Mark,
    Path,
    Pen,
    Rgb,
    StockShade,
    Stroke,
    Text,
    Writing,
)
from cardgen.layout.fonts import FontSet
from cardgen.layout.geometry import Matrix
from cardgen.layout.handwriting import Placed, TextRun

__all__ = ["RGB", "Paint", "Palette", "Shape", "Surface", "draw_art"]

RGB = tuple[float, float, float]
Paint = RGB | float  # a resolved colour: (r, g, b), or a grey level


class Shape(Protocol):
    """A filled outline: a glyph, or a :class:`~cardgen.layout.art.Path`."""

    @property
    def points(self) -> np.ndarray: ...

    @property
    def template(self) -> str: ...


class Surface(Protocol):
    """What a back-end can draw. Coordinates are pt, y up, in the current matrix."""

    def push(self, matrix: Matrix) -> None:
        """Draw what follows placed by ``matrix`` (after the current one), until :meth:`pop`."""

    def pop(self) -> None:
        """Back to the matrix before the last :meth:`push`."""

    def fill_path(self, shape: Shape, paint: Paint, pen: Pen | None) -> None:
        """Fill ``shape``'s outline (non-zero)."""

    def stroke_path(
        self,
        points: tuple[tuple[float, float], ...],
        width: float,
        paint: Paint,
        *,
        dash: tuple[float, ...],
        cap: int,
        closed: bool,
        pen: Pen | None,
    ) -> None:
        """Stroke the centreline through ``points``, ``width`` pt wide."""

    def ink(self, mark: Writing, paint: Paint) -> None:
        """Draw a pen's writing: ``mark.ink``'s pieces in ``paint``, each with its alpha
        (a plotter draws ``mark.glyphs``' centrelines instead)."""

    def text_run(self, run: TextRun, font: FontSet) -> None:
        """Lay ``run`` invisibly where its writing is."""

    def image(self, box: Placed, source: object) -> None:
        """Draw the picture ``source`` into ``box``."""

    def finish(self) -> None:
        """Everything asked for is drawn (a back-end may hold marks back to batch them)."""


class Palette(msgspec.Struct, frozen=True):
    """What marks' colours are resolved against: the ink and the stock, (r, g, b) 0..1."""

    ink: RGB
    stock: RGB

    def resolve(self, colour: Colour) -> Paint:
        """``colour`` as the surface paints it."""
        if isinstance(colour, Ink):
            return self.inked(colour.fade)
        if isinstance(colour, StockShade):
            r, g, b = self.stock
            k = colour.factor
            return r * k, g * k, b * k
        if isinstance(colour, Grey):
            return colour.level
        assert isinstance(colour, Rgb)
        return colour.r, colour.g, colour.b

    def inked(self, fade: float) -> RGB:
        """The ink moved ``fade`` of the way toward the stock."""
        i, s = self.ink, self.stock
        return (
            i[0] + (s[0] - i[0]) * fade,
            i[1] + (s[1] - i[1]) * fade,
            i[2] + (s[2] - i[2]) * fade,
        )


def draw_art(
    surface: Surface,
    marks: Iterable[Mark],
    palette: Palette,
    images: Mapping[str, object] | None = None,
) -> None:
    """Draw ``marks`` on ``surface``, then :meth:`Surface.finish`.

    Args:
        surface: the back-end.
        marks: what to draw, in order (later marks over earlier ones).
        palette: the ink and the stock, for the marks' colours.
        images: the pictures :class:`~cardgen.layout.art.Image` marks name; a mark
            whose picture is not given is left out.
    """
    _walk(surface, marks, palette, images or {})
    surface.finish()


def _walk(
    surface: Surface, marks: Iterable[Mark], palette: Palette, images: Mapping[str, object]
) -> None:
    for mark in marks:
        if isinstance(mark, Writing) and mark.ink:
            surface.ink(mark, palette.inked(0.0))
        elif isinstance(mark, Writing):
            full = palette.inked(0.0)
            paints: dict[float, RGB] = {}
            for g in mark.glyphs:
                if not len(g.points):
                    continue
                if not mark.fade:
                    paint = full
                elif (paint := paints.get(g.fade)) is None:  # type: ignore[assignment]
                    paint = paints[g.fade] = palette.inked(g.fade)
                surface.fill_path(g, paint, mark.pen)
        elif isinstance(mark, Path):
            surface.fill_path(mark, palette.resolve(mark.colour), mark.pen)
        elif isinstance(mark, Stroke):
            surface.stroke_path(
                mark.points,
                mark.width,
                palette.resolve(mark.colour),
                dash=mark.dash,
                cap=mark.cap,
                closed=mark.closed,
                pen=mark.pen,
            )
        elif isinstance(mark, Text):
            for run in mark.runs:
                surface.text_run(run, mark.fonts[run.role].text_set())
        elif isinstance(mark, Image):
            if mark.source in images:
                surface.image(mark.box, images[mark.source])
        else:
            assert isinstance(mark, Group)
            surface.push(mark.matrix)
            _walk(surface, mark.marks, palette, images)
            surface.pop()
