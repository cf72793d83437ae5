"""A specimen of the shipped pens: hand-made strokes drawn as ink, in each pen, at 600 dpi.

For each pen in ``layouts/pens.yaml`` one band of: a long wave (measured), a
row of cursive loops, crossings (an x, a t's bar, a retraced stem), dots, and a
line of EMS Allure set letter after letter (no joins: the letters' own
strokes). Writes ``benchmarks/out/ink-specimen.pdf`` and ``.png`` (600 dpi),
and prints, per pen, the line width along the wave measured from the raster
(mean and coefficient of variation, across the line at each point of its
centreline) and the PDF bytes of a page of about 1,500 letters.

    python benchmarks/ink_specimen.py
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
import pypdfium2

from cardgen.input.fonts import resolve_font
from cardgen.input.layouts import pens
from cardgen.input.strokes import stroke_font
from cardgen.layout.art import Writing
from cardgen.layout.ink import ink_strokes
from cardgen.layout.strokes import StrokeSet
from cardgen.model import InkPen
from cardgen.render.pdf import PdfSurface, hex_rgb, new_canvas
from cardgen.render.surface import Palette, draw_art
from cardgen.units import MM

OUT = Path(__file__).resolve().parent / "out"
DPI = 600
INK = hex_rgb("#1d2b5c")
PAPER = (1.0, 1.0, 1.0)
SIZE = 14.0  # pt: the writing's size
BAND = 34 * MM  # each pen's band, top to bottom
WIDTH = 180 * MM
TEXT = "Thank you for the lovely afternoon; with kind regards, Alex"
LOREM = (
    "Thank you so much for taking the time to meet with me on Tuesday and for the "
    "thoughtful questions about the migration work. I enjoyed hearing how your team "
    "plans its releases and would be glad to help with the next one. "
)


def _wave(x0: float, y0: float) -> np.ndarray:
    """A long wave (no crossing), turning like running writing: the line measured."""
    t = np.linspace(0, 1, 1200)
    return np.column_stack((x0 + t * 120 * MM, y0 + 1.6 * MM * np.sin(2 * np.pi * 24 * t)))


def _loops(x0: float, y0: float) -> np.ndarray:
    """A row of cursive loops (a prolate cycloid), written left to right."""
    t = np.linspace(0, 9 * 2 * np.pi, 900)
    a, b = 1.2 * MM, 2.2 * MM
    return np.column_stack((x0 + a * t - b * np.sin(t), y0 + b * (1 - np.cos(t))))


def _crossings(x0: float, y0: float) -> list[np.ndarray]:
    """An x, a t (stem then bar), a stem written up and back down, and three dots."""

    def line(ax: float, ay: float, bx: float, by: float) -> np.ndarray:
        return np.array([[x0 + ax * MM, y0 + ay * MM], [x0 + bx * MM, y0 + by * MM]])

    t = np.linspace(0, 1, 40)
    stem = np.column_stack((x0 + (14 + 0.4 * t) * MM, y0 + (7 - 7 * t**1.1) * MM))
    return [
        line(0, 6, 6, 0),
        line(0, 0, 6, 6),
        stem,
        line(11, 4.6, 18, 5.0),
        np.concatenate([line(24, 0, 25, 6), line(25, 6, 24.1, 0.2)]),  # up and back down
        np.array([[x0 + 30 * MM, y0 + 2 * MM], [x0 + 30.05 * MM, y0 + 2.04 * MM]]),
        np.array([[x0 + 33 * MM, y0 + 2 * MM]]),
        np.array([[x0 + 36 * MM, y0 + 2 * MM], [x0 + 36.1 * MM, y0 + 2.05 * MM]]),
    ]


def _text_strokes(hand: StrokeSet, text: str, x0: float, y0: float, size: float, width: float):
    """``text`` set letter after letter from (x0, y0), wrapped at ``width``: its strokes in pt."""
    out: list[np.ndarray] = []
    x, y = x0, y0
    for word in text.split():
        glyphs, advance = hand.shape(word)
        if x + advance * size > x0 + width:
            x, y = x0, y - 1.5 * size
        for _, g in glyphs:
            outline = hand.outline(0, g.gid)
            for a, b in outline.contours:
                pts = np.asarray(outline.points[a:b], dtype=float)
                out.append(
                    np.column_stack((x + (pts[:, 0] + g.x) * size, y + (pts[:, 1] + g.y) * size))
                )
        x += (advance + hand.advance(" ")) * size
    return out


def _pdf(
    page: tuple[float, float], writings: list[tuple[list[np.ndarray], InkPen, float]]
) -> bytes:
    canvas, buf = new_canvas(page, title="ink", author="cardgen", font=resolve_font("caveat"))
    surface = PdfSurface(canvas)
    marks = [
        Writing((), ink=ink_strokes(strokes, pen, random.Random(i), size))
        for i, (strokes, pen, size) in enumerate(writings)
    ]
    draw_art(surface, marks, Palette(INK, PAPER))
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _raster(pdf: bytes) -> np.ndarray:
    """The page at :data:`DPI` as darkness 0 (paper) .. 1 (ink at full strength), y down."""
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=DPI / 72).to_pil().convert("RGB")
    rgb = np.asarray(image, dtype=float) / 255
    return np.clip((1 - rgb[:, :, 2]) / (1 - INK[2]), 0, 1)


def _widths(dark: np.ndarray, line: np.ndarray, height: float) -> np.ndarray:
    """The line's width (mm) across it at each point of ``line``, from the raster:
    the summed darkness along the normal divided by a solid stroke's (the alpha)."""
    px = DPI / 72
    tangent = np.gradient(line, axis=0)
    tangent /= np.hypot(*tangent.T)[:, None]
    normal = np.column_stack((-tangent[:, 1], tangent[:, 0]))
    offsets = np.linspace(-1.2 * MM, 1.2 * MM, 241)  # 0.01 mm steps
    out = []
    for p, n in zip(line[20:-20], normal[20:-20], strict=True):
        xs = (p[0] + offsets * n[0]) * px
        ys = (height - (p[1] + offsets * n[1])) * px
        samples = dark[
            np.clip(ys.round().astype(int), 0, dark.shape[0] - 1),
            np.clip(xs.round().astype(int), 0, dark.shape[1] - 1),
        ]
        peak = np.percentile(samples, 99)
        out.append(samples.sum() * (offsets[1] - offsets[0]) / max(peak, 1e-6) / MM)
    return np.array(out)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    table = pens()
    hand = StrokeSet(stroke_font("ems-allure"))
    height = 12 * MM + BAND * len(table)
    writings: list[tuple[list[np.ndarray], InkPen, float]] = []
    waves = {}
    for i, pen in enumerate(table.values()):
        top = height - 8 * MM - i * BAND
        waves[pen.name] = _wave(10 * MM, top - 3 * MM)
        strokes = [waves[pen.name], _loops(10 * MM, top - 13 * MM)]
        strokes += _crossings(140 * MM, top - 13 * MM)
        strokes += _text_strokes(
            hand, f"{pen.name}: {TEXT}", 10 * MM, top - 25 * MM, SIZE, 170 * MM
        )
        writings.append((strokes, pen, SIZE))
    pdf = _pdf((WIDTH, height), writings)
    (OUT / "ink-specimen.pdf").write_bytes(pdf)
    dark = _raster(pdf)
    from PIL import Image

    Image.fromarray((255 * (1 - dark)).astype(np.uint8)).save(
        OUT / "ink-specimen.png", dpi=(DPI, DPI)
    )
    print(f"{OUT / 'ink-specimen.pdf'}: {len(pdf):,} bytes; {OUT / 'ink-specimen.png'}")
    for pen in table.values():
        w = _widths(dark, waves[pen.name], height)
        print(
            f"{pen.name:10s} width along the wave, from the raster: mean {w.mean():.3f} mm, "
            f"CV {w.std() / w.mean():.3f}, thickest/thinnest (5th-95th pct) "
            f"{np.percentile(w, 95) / np.percentile(w, 5):.2f}"
        )
    text = (LOREM * 8)[:1900]
    letters = sum(c.isalpha() for c in text)
    card = (4.25 * 72, 7.5 * 72)
    for pen in table.values():
        strokes = _text_strokes(hand, text, 18, card[1] - 24, 9.0, card[0] - 36)
        pieces = ink_strokes(strokes, pen, random.Random(1), 9.0)
        data = _pdf(card, [(strokes, pen, 9.0)])
        points = sum(len(p.points) for p in pieces)
        print(
            f"{pen.name:10s} a card of {letters:,} letters: {len(data):,} bytes, "
            f"{len(pieces):,} pieces, {points:,} points"
        )


if __name__ == "__main__":
    sys.exit(main())
