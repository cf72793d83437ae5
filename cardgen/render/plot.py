"""Render stage: cards and envelopes as pen-plotter SVGs, with vpype.

Each SVG is one printed side at its trim size in physical units, strokes only
(no fills, no text elements), one numbered layer per pen: on a card,
``1 note`` (salutation, note, closing; or a folded card's front) and ``2
signature``; on an envelope, ``1 address`` and ``2 return address``. Strokes
that meet are merged and the paths ordered to keep pen-up travel short
(vpype's ``linemerge`` and ``linesort``). The same art gives the same bytes.

vpype is the optional ``plot`` extra: without it, :func:`card_svgs` and
:func:`envelope_svg` raise a clear :class:`~cardgen.errors.CardgenError`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import msgspec
import numpy as np

from cardgen.input.strokes import need_plot_extra
from cardgen.layout.art import NOTE, SIGNATURE, Pen, Writing
from cardgen.layout.card import CardArt, card_page_marks
from cardgen.layout.envelope import EnvelopeArt
from cardgen.layout.fonts import FontSet
from cardgen.layout.geometry import Matrix, apply, multiply
from cardgen.layout.handwriting import Placed, TextRun
from cardgen.render.surface import Paint, Palette, Shape, draw_art

__all__ = ["PEN_MM", "PlotStats", "PlotSurface", "card_svgs", "envelope_svg", "svg_name"]

PX = 96 / 72  # SVG user units (CSS px) per point
PEN_MM = 0.4  # the pen width the SVG says (a fine felt tip or a 0.4 mm fineliner)
MERGE_MM = 0.05  # stroke ends closer than this are joined: the pen stays down


def _vpype() -> Any:
    try:
        import vpype
        import vpype_cli
    except ImportError:
        raise need_plot_extra("--mode plot") from None
    return vpype, vpype_cli


def svg_name(page_name: str) -> str:
    """A card page's SVG file name: ``card.svg``, ``card-outside.svg``, ``card-inside.svg``."""
    return "card.svg" if page_name in ("card", "sheet") else f"card-{page_name}.svg"


def _contours(template: str) -> list[tuple[int, int]]:
    """Where each stroke of a shape starts and ends in its points (from the template)."""
    out, first, count = [], 0, 0
    for op in template.split():
        if op == "m":
            if count > first:
                out.append((first, count))
            first = count
        if op == "{}":
            continue
        if op in ("m", "l"):
            count += 1
    if count > first:
        out.append((first, count))
    return out


IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class PlotSurface:
    """The drawing protocol (:class:`~cardgen.render.surface.Surface`) for a pen plotter.

    Collects each pen's strokes as complex polylines in SVG px (y down) on a page
    ``height`` pt tall: a filled shape gives each of its contours (a single-line
    hand's glyphs are centrelines), a stroke its centreline. Marks with no pen,
    text and pictures are not plotted; colours are the pen's.
    """

    def __init__(self, height: float) -> None:
        self.height = height
        self.layers: dict[Pen, list[np.ndarray]] = {}
        self._stack: list[Matrix] = [IDENTITY]

    def _polyline(self, points: Iterable[tuple[float, float]]) -> np.ndarray:
        m, h = self._stack[-1], self.height
        pts = [apply(m, x, y) for x, y in points]
        return np.array([complex(x * PX, (h - y) * PX) for x, y in pts])

    def push(self, matrix: Matrix) -> None:
        top = self._stack[-1]
        self._stack.append(matrix if top == IDENTITY else multiply(top, matrix))

    def pop(self) -> None:
        self._stack.pop()

    def fill_path(self, shape: Shape, paint: Paint, pen: Pen | None) -> None:
        if pen is None:
            return
        lines = self.layers.setdefault(pen, [])
        for first, end in _contours(shape.template):
            lines.append(self._polyline((float(x), float(y)) for x, y in shape.points[first:end]))

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
        if pen is None:
            return
        pts = [*points, points[0]] if closed else list(points)
        self.layers.setdefault(pen, []).append(self._polyline(pts))

    def ink(self, mark: Writing, paint: Paint) -> None:
        for glyph in mark.glyphs:  # the pen's own line: the glyphs' centrelines, as ever
            if len(glyph.points):
                self.fill_path(glyph, paint, mark.pen)

    def text_run(self, run: TextRun, font: FontSet) -> None:
        pass  # a plotter writes no invisible text

    def image(self, box: Placed, source: object) -> None:
        pass  # nor pictures

    def finish(self) -> None:
        pass


PEN_INK = Palette((0.0, 0.0, 0.0), (1.0, 1.0, 1.0))  # the pen brings its own ink


class PlotStats(msgspec.Struct, frozen=True):
    """What a plot costs: strokes, pen-down and pen-up travel (mm), before and after sorting."""

    strokes: int
    down_mm: float
    up_mm: float
    up_mm_unsorted: float


def _write(
    layers: dict[int, tuple[str, list[np.ndarray]]], width: float, height: float, ink: str
) -> tuple[bytes, PlotStats]:
    """An SVG of ``layers`` (id → (name, polylines in px)) on a ``width`` × ``height`` pt page."""
    vpype, vpype_cli = _vpype()
    doc = vpype.Document(page_size=(width * PX, height * PX))
    for layer_id, (name, lines) in sorted(layers.items()):
        if not lines:
            continue
        doc.add(vpype.LineCollection(lines), layer_id)
        doc.layers[layer_id].set_property(vpype.METADATA_FIELD_NAME, name)
        doc.layers[layer_id].set_property(vpype.METADATA_FIELD_COLOR, vpype.Color(ink))
        doc.layers[layer_id].set_property(vpype.METADATA_FIELD_PEN_WIDTH, PEN_MM * 96 / 25.4)
    unsorted = doc.pen_up_length()
    doc = vpype_cli.execute(f"linemerge --tolerance {MERGE_MM}mm linesort", doc)
    buf = io.StringIO()
    vpype.write_svg(buf, doc, page_size=(width * PX, height * PX), set_date=False)
    mm = 25.4 / 96
    stats = PlotStats(
        strokes=sum(len(layer) for layer in doc.layers.values()),
        down_mm=doc.length() * mm,
        up_mm=doc.pen_up_length() * mm,
        up_mm_unsorted=unsorted * mm,
    )
    return buf.getvalue().encode(), stats


def _layers(surface: PlotSurface, *pens: Pen) -> dict[int, tuple[str, list[np.ndarray]]]:
    """``_write``'s layers from what ``surface`` collected (``pens``: always listed)."""
    out: dict[int, tuple[str, list[np.ndarray]]] = {pen[0]: (pen[1], []) for pen in pens}
    for pen, lines in surface.layers.items():
        out[pen[0]] = (pen[1], lines)
    return out


def card_svgs(art: CardArt, ink: str) -> list[tuple[str, bytes, PlotStats]]:
    """One SVG per printed side of a card that has writing: (file name, bytes, stats)."""
    out = []
    for i, page in enumerate(art.pages):
        surface = PlotSurface(page.height)
        draw_art(surface, card_page_marks(art, i, "print"), PEN_INK)
        if not any(surface.layers.values()):
            continue
        data, stats = _write(_layers(surface, NOTE, SIGNATURE), page.width, page.height, ink)
        out.append((svg_name(page.name), data, stats))
    return out


def envelope_svg(art: EnvelopeArt, ink: str) -> tuple[bytes, PlotStats]:
    """The envelope's front (and flap, if the return address is there) as one SVG.

    With the return address on the flap, the flap's writing is a layer of its
    own (``3 flap``), to be plotted with the envelope turned over.
    """
    surface = PlotSurface(art.height)
    for page in art.pages:
        draw_art(surface, art.marks(page, "print"), PEN_INK)
    return _write(_layers(surface), art.width, art.height, ink)
