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

import numpy as np
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas

from cardgen.errors import InputError
from cardgen.layout.fonts import INVISIBLE, FontSet
from cardgen.layout.handwriting import Glyph, TextRun
from cardgen.model import FontInfo

# Binary streams as binary: ASCII85 would make them 25 % larger and, without
# ReportLab's C accelerator, cost more CPU than everything else in a kit.
rl_config.useA85 = 0

__all__ = [
    "draw_text_layer",
    "draw_writing",
    "hex_rgb",
    "load_font",
    "mix",
    "new_canvas",
    "register",
]


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


@cache
def register_text(info: FontInfo) -> str:
    """Register an outline-free copy of a font for invisible text; returns its name.

    Text in render mode 3 is never drawn, so its font needs the character map
    and the widths but no glyph outlines: the embedded subset stays a few KB.
    """
    from fontTools.ttLib import TTFont as ToolsFont
    from fontTools.ttLib.tables._g_l_y_f import Glyph as EmptyGlyph

    font = ToolsFont(io.BytesIO(info.data), recalcTimestamp=False)  # same input, same bytes
    glyf = font["glyf"]
    for glyph_name in font.getGlyphOrder():
        glyf[glyph_name] = EmptyGlyph()
    for tag in ("GSUB", "GPOS", "GDEF", "kern", "hdmx", "VDMX", "LTSH", "DSIG"):
        if tag in font:
            del font[tag]
    # A PostScript name of its own, so the PDF never takes it for the drawn font.
    ps_name = "".join(c for c in f"{info.name}Text" if c.isalnum() or c == "-")[:60]
    for record in font["name"].names:
        if record.nameID == 6:
            record.string = ps_name
    buf = io.BytesIO()
    font.save(buf)
    name = f"{info.name}-text"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(buf.getvalue())))
    return name


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


UNIT = 10  # path coordinates are written in 1/10 pt: to 0.035 mm, and compact


def draw_writing(
    canvas: Canvas,
    glyphs: Iterable[Glyph],
    ink: tuple[float, float, float],
    paper: tuple[float, float, float],
) -> None:
    """Draw handwritten glyphs as filled outlines.

    Each glyph is one path, filled with the non-zero rule (as TrueType
    outlines are); a glyph's ``fade`` moves its ink toward the paper colour.
    The pen's weight is already in the outline (see
    :mod:`cardgen.layout.handwriting`), so nothing is stroked: no viewer's
    minimum line width can thicken it. Coordinates go into the page in whole
    1/10 pt, each glyph from its own corner (short numbers compress best).

    Args:
        canvas: where to draw; its current transform places the page.
        glyphs: the glyphs, in reading order.
        ink: the ink colour.
        paper: the paper colour a glyph's ``fade`` moves the ink toward.
    """
    parts = [f"q {1 / UNIT:g} 0 0 {1 / UNIT:g} 0 0 cm"]
    fade: float | None = None
    for g in glyphs:
        if not len(g.points):
            continue
        if g.fade != fade:
            r, gr, b = (round(c, 4) for c in mix(ink, paper, g.fade))
            parts.append(f"{r:g} {gr:g} {b:g} rg")
            fade = g.fade
        scaled = np.rint(g.points * UNIT).astype(np.int64)
        ox, oy = scaled.min(axis=0).tolist()
        coords = (scaled - (ox, oy)).ravel().tolist()
        parts.append(f"q 1 0 0 1 {ox} {oy} cm {g.template.format(*coords)} f Q")
    parts.append("Q")
    canvas.addLiteral("\n".join(parts))


def draw_text_layer(canvas: Canvas, runs: Iterable[TextRun], fonts: dict[str, FontSet]) -> None:
    """Lay each line's text, invisible (render mode 3), over its writing.

    The text can then be selected, searched, copied and read aloud in reading
    order, while the page shows only the handwriting. Each run is set on its
    line's baseline and slope, stretched to the writing's length; characters
    go in the font that has them.
    """
    text = canvas.beginText()
    text.setTextRenderMode(3)
    for run in runs:
        fs = fonts[run.role]
        natural = max(fs.width(run.text) * run.size, 1e-6)
        text.setHorizScale(round(100 * run.width / natural, 3))
        rad = math.radians(run.angle)
        cos, sin = round(math.cos(rad), 5), round(math.sin(rad), 5)
        text.setTextTransform(cos, sin, -sin, cos, round(run.x, 2), round(run.y, 2))
        for face, chunk in _by_face(fs, run.text):
            text.setFont(register_text(fs.faces[face]), run.size)
            text.textOut(chunk)
    canvas.drawText(text)


def _by_face(fs: FontSet, text: str) -> Iterable[tuple[int, str]]:
    """``text`` in runs of characters one face draws (invisible ones left out)."""
    face, chunk = 0, ""
    for ch in text:
        index = fs.face_index(ch)
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
