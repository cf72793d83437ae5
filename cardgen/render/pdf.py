"""Render stage: a ReportLab canvas set up the same way for every PDF we write.

PDF 1.7, ``invariant`` (byte-identical output for the same input), viewer
preference ``PrintScaling None`` (so viewers print at 100 %), a title and an
author, and an embedded TrueType initial font (never a stray Helvetica).
"""

from __future__ import annotations

import io
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from cardgen.fonts import FontInfo, load_font

__all__ = ["hex_rgb", "new_canvas", "register"]


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
