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
from dataclasses import dataclass
from typing import Any

import numpy as np

from cardgen.input.strokes import need_plot_extra
from cardgen.layout.card import CardArt, Front
from cardgen.layout.envelope import EnvelopeArt
from cardgen.layout.geometry import Matrix, apply, panel_matrix
from cardgen.layout.handwriting import Glyph

__all__ = ["PEN_MM", "PlotStats", "card_svgs", "envelope_svg", "svg_name"]

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


def _lines(glyphs: Iterable[Glyph], m: Matrix, height: float) -> list[np.ndarray]:
    """Every stroke of ``glyphs`` as a complex polyline in SVG px (y down)."""
    out = []
    for g in glyphs:
        for first, end in _contours(g):
            pts = [apply(m, float(x), float(y)) for x, y in g.points[first:end]]
            out.append(np.array([complex(x * PX, (height - y) * PX) for x, y in pts]))
    return out


def _contours(g: Glyph) -> list[tuple[int, int]]:
    """Where each stroke of a glyph starts and ends in its points (from the template)."""
    out, first, count = [], 0, 0
    for op in g.template.split():
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


def _front_rule(front: Front, m: Matrix, height: float) -> list[np.ndarray]:
    """The short rule and its lozenge under a folded card's title, as strokes."""
    cx, y, half, gap, r = front.width / 2, front.rule_y, front.rule_half, 4.0, 2.2
    shapes = [
        [(cx - half, y), (cx - gap, y)],
        [(cx + gap, y), (cx + half, y)],
        [(cx, y + r), (cx + r, y), (cx, y - r), (cx - r, y), (cx, y + r)],
    ]
    out = []
    for shape in shapes:
        pts = [apply(m, px, py) for px, py in shape]
        out.append(np.array([complex(x * PX, (height - yy) * PX) for x, yy in pts]))
    return out


@dataclass(frozen=True)
class PlotStats:
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


def card_svgs(art: CardArt, ink: str) -> list[tuple[str, bytes, PlotStats]]:
    """One SVG per printed side of a card that has writing: (file name, bytes, stats)."""
    out = []
    for page in art.pages:
        note: list[np.ndarray] = []
        signature: list[np.ndarray] = []
        for panel in page.panels:
            m = panel_matrix(panel)
            if panel.role == "message":
                note += _lines((g for g in art.glyphs if g.role != "signature"), m, page.height)
                signature += _lines(
                    (g for g in art.glyphs if g.role == "signature"), m, page.height
                )
            elif panel.role == "front" and art.front is not None:
                note += _lines(art.front.glyphs, m, page.height)
                note += _front_rule(art.front, m, page.height)
        if not note and not signature:
            continue
        layers = {1: ("1 note", note), 2: ("2 signature", signature)}
        data, stats = _write(layers, page.width, page.height, ink)
        out.append((svg_name(page.name), data, stats))
    return out


def envelope_svg(art: EnvelopeArt, ink: str) -> tuple[bytes, PlotStats]:
    """The envelope's front (and flap, if the return address is there) as one SVG.

    With the return address on the flap, the flap's writing is a layer of its
    own (``3 flap``), to be plotted with the envelope turned over.
    """
    identity: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    layers: dict[int, tuple[str, list[np.ndarray]]] = {}
    for page in art.pages:
        for block in page.blocks:
            lines = _lines(block.glyphs, identity, art.height)
            if block.role == "recipient":
                layers[1] = ("1 address", lines)
            elif page.side == "back":
                layers[3] = ("3 flap (envelope turned over)", lines)
            else:
                layers[2] = ("2 return address", lines)
    return _write(layers, art.width, art.height, ink)
