"""Render stage: a ReportLab canvas set up the same way for every PDF we write.

PDF 1.7, ``invariant`` (byte-identical output for the same input), viewer
preference ``PrintScaling None`` (so viewers print at 100 %), a title and an
author, and an embedded TrueType initial font (never a stray Helvetica).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas

from cardgen.errors import InputError
from cardgen.layout.handwriting import Glyph
from cardgen.model import FontInfo

__all__ = ["draw_glyphs", "hex_rgb", "load_font", "mix", "new_canvas", "register"]


@cache
def load_font(info: FontInfo) -> TTFont:
    """Parse a TrueType font for embedding, once per run (ReportLab's TTFont)."""
    try:
        return TTFont(info.name, io.BytesIO(info.data))
    except (TTFError, ValueError, IndexError, KeyError) as exc:
        raise InputError(f"cannot use this font: {exc}", file=str(info.path)) from None


@cache
def register(info: FontInfo) -> str:
    """Register a font with ReportLab once per run; returns its name."""
    font = load_font(info)
    if info.name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(font)
    return info.name


def new_canvas(
    size: tuple[float, float], *, title: str, author: str, font: FontInfo
) -> tuple[Canvas, io.BytesIO]:
    """A canvas writing to memory, with our PDF settings."""
    buf = io.BytesIO()
    name = register(font)
    canvas = Canvas(
        buf,
        pagesize=size,
        invariant=1,
        pdfVersion=(1, 7),
        initialFontName=name,
        initialFontSize=12,
    )
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setCreator("cardgen")
    canvas.setSubject(title)
    canvas.setViewerPreference("PrintScaling", "None")
    return canvas, buf


def hex_rgb(value: str) -> tuple[float, float, float]:
    """``#1d2b5c`` → (r, g, b) in 0..1."""
    v = value.lstrip("#")
    return tuple(int(v[i : i + 2], 16) / 255.0 for i in (0, 2, 4))  # type: ignore[return-value]


def mix(ink: tuple[float, float, float], paper: tuple[float, float, float], t: float):
    """``ink`` moved ``t`` of the way toward ``paper``."""
    return tuple(a + (b - a) * t for a, b in zip(ink, paper, strict=True))


def draw_glyphs(
    canvas: Canvas,
    runs: Iterable[tuple[Glyph, str, float]],
    ink: tuple[float, float, float],
    paper: tuple[float, float, float],
) -> None:
    """Draw handwritten glyphs as one text object with a text matrix per glyph.

    Args:
        canvas: where to draw.
        runs: (glyph, registered font name, nominal size in pt) in reading order;
            a glyph's own size and angle go into its text matrix.
        ink: the ink colour.
        paper: the paper colour a glyph's ``fade`` moves the ink toward.
    """
    text = canvas.beginText()
    current: tuple[str, float] | None = None
    fade: float | None = None
    for g, name, nominal in runs:
        if current != (name, nominal):
            text.setFont(name, nominal)
            current = (name, nominal)
        if g.fade != fade:
            text.setFillColorRGB(*mix(ink, paper, g.fade))
            fade = g.fade
        s = g.size / nominal
        rad = math.radians(g.angle)
        cos, sin = round(math.cos(rad) * s, 5), round(math.sin(rad) * s, 5)
        text.setTextTransform(cos, sin, -sin, cos, round(g.x, 3), round(g.y, 3))
        text.textOut(g.ch)
    canvas.drawText(text)
