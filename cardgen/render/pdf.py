"""Render stage: a ReportLab canvas set up the same way for every PDF we write.

PDF 1.7, ``invariant`` (byte-identical output for the same input), viewer
preference ``PrintScaling None`` (so viewers print at 100 %), a title and an
author, and an embedded TrueType initial font (never a stray Helvetica).
"""

from __future__ import annotations

import io
import math
import struct
from functools import cache, lru_cache
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas

from cardgen.errors import InputError, quiet_fonttools
from cardgen.layout.art import Path, Pen, Writing
from cardgen.layout.fonts import FontSet
from cardgen.layout.geometry import Matrix
from cardgen.layout.handwriting import Placed, TextRun
from cardgen.layout.shaping import packed_font
from cardgen.model import FontInfo
from cardgen.render.pdfobjects import subsetting_once
from cardgen.render.pdfpaths import UNIT, formatted, inked, write_ink
from cardgen.render.surface import Paint, Shape

# Binary streams as binary: ASCII85 would make them 25 % larger and, without
# ReportLab's C accelerator, cost more CPU than everything else in a kit.
rl_config.useA85 = 0

__all__ = [
    "PdfSurface",
    "hex_rgb",
    "load_font",
    "mix",
    "new_canvas",
    "register",
    "text_font",
    "text_font_name",
]


@cache
def load_font(info: FontInfo) -> TTFont:
    """Parse a TrueType font for embedding, once per run (ReportLab's TTFont)."""
    try:
        return subsetting_once(TTFont(info.name, io.BytesIO(info.data)))
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
    and the widths but no glyph outlines (each glyph is a speck, see
    :func:`text_font`): the embedded subset stays a few KB.
    """
    name = f"{info.name}-text"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(subsetting_once(TTFont(name, io.BytesIO(_text_font_data(info)))))
    return name


def _text_font_data(info: FontInfo) -> bytes:
    """The font file of :func:`register_text`: ``info``'s font with every glyph a speck,
    no layout tables, and a PostScript name of its own (:func:`text_font`). A shipped
    hand's was made ahead (``tools/precompute.py``): a run reads it, without fontTools."""
    ps_name = text_font_name(info.name)
    packed = packed_font(info)  # checked to be made from these very bytes
    if packed is not None and str(packed.arrays.get("text_name", "")) == ps_name:
        stored = packed.later("text_font")
        if stored is not None:
            return stored.tobytes()
    return text_font(info.data, ps_name)


def text_font_name(name: str) -> str:
    """The PostScript name of font ``name``'s invisible-text copy: a name of its own,
    so the PDF never takes it for the drawn font."""
    return "".join(c for c in f"{name}Text" if c.isalnum() or c == "-")[:60]


def text_font(data: bytes, ps_name: str) -> bytes:
    """The font in ``data`` with every glyph a speck at its origin, no layout tables,
    and the PostScript name ``ps_name``, made with fontTools."""
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont as ToolsFont
    from fontTools.ttLib import newTable

    # Each glyph one speck at its origin, a unit of the em square (text drawn invisibly
    # paints none of it): with no outline at all, pdfium (Chrome's viewer, the previews)
    # drops from the text it reads a letter set in a fallback's font between letters of
    # the hand's: "Dear Ms. Nguyễn," read "Dear Ms. Nguy n,".
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0))
    pen.lineTo((0, 1))
    pen.lineTo((1, 0))
    pen.closePath()
    speck = pen.glyph()
    quiet_fonttools()
    font = ToolsFont(io.BytesIO(data), recalcTimestamp=False)  # same input, same bytes
    order = font.getGlyphOrder()
    if _loca_entries(font) == len(order) + 1:  # a new table of specks, nothing parsed
        glyf = newTable("glyf")
        glyf.glyphOrder = order
        glyf.glyphs = dict.fromkeys(order, speck)
        font["glyf"] = glyf
    else:  # glyphs the order does not name: as fontTools keeps them
        glyf = font["glyf"]
        for glyph_name in order:
            glyf[glyph_name] = speck
    for tag in ("GSUB", "GPOS", "GDEF", "kern", "hdmx", "VDMX", "LTSH", "DSIG"):
        if tag in font:
            del font[tag]
    names = None
    if "name" in font.reader:  # added to the saved font: fontTools' name table loads slowly
        names = font.reader["name"]
        del font["name"]
    buf = io.BytesIO()
    font.save(buf)
    made = buf.getvalue()
    if names is not None:
        made = _with_table(made, "name", renamed_name_table(names, ps_name))
    return made


def _loca_entries(font: Any) -> int:
    """How many offsets a fontTools font's ``loca`` table holds, read from its size."""
    if "loca" not in font.reader or "head" not in font.reader:
        return -1
    return len(font.reader["loca"]) // (4 if font["head"].indexToLocFormat else 2)


def _with_table(font: bytes, tag: str, table: bytes) -> bytes:
    """The font file ``font`` with table ``tag`` added as ``table`` (its bytes)."""
    from fontTools.ttLib.sfnt import SFNTReader, SFNTWriter

    quiet_fonttools()
    reader = SFNTReader(io.BytesIO(font))
    tags = sorted([*reader.keys(), tag])
    out = io.BytesIO()
    writer = SFNTWriter(out, len(tags), reader.sfntVersion)
    for t in tags:
        writer[t] = table if t == tag else reader[t]
    writer.close()
    return out.getvalue()


def renamed_name_table(data: bytes, ps_name: str) -> bytes:
    """A font's ``name`` table (its bytes) with every PostScript name (ID 6) set to
    ``ps_name``, compiled as fontTools compiles it (records sorted, equal strings
    stored once), without fontTools' name table: loading that costs a twentieth of
    a second a run."""
    from fontTools.misc.encodingTools import getEncoding

    _format, count, start = struct.unpack_from(">HHH", data)
    strings = data[start:]
    records = []
    for i in range(count):
        at = 6 + 12 * i
        if at + 12 > len(data):  # a malformed record: fontTools skips it
            continue
        platform, encoding, language, name_id, length, offset = struct.unpack_from(">6H", data, at)
        if offset + length > len(strings):
            continue
        string = strings[offset : offset + length]
        if name_id == 6:
            string = ps_name.encode(getEncoding(platform, encoding, language, "ascii"))
        records.append((platform, encoding, language, name_id, string))
    records.sort()
    head = [struct.pack(">HHH", 0, len(records), 6 + 12 * len(records))]
    stored: dict[bytes, tuple[int, int]] = {}
    pool: list[bytes] = []
    size = 0
    for platform, encoding, language, name_id, string in records:
        if string not in stored:
            stored[string] = (size, len(string))
            pool.append(string)
            size += len(string)
        offset, length = stored[string]
        head.append(struct.pack(">6H", platform, encoding, language, name_id, length, offset))
    return b"".join(head + pool)


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


def mix(ink: tuple[float, float, float], stock: tuple[float, float, float], t: float):
    """``ink`` moved ``t`` of the way toward ``stock``."""
    return tuple(a + (b - a) * t for a, b in zip(ink, stock, strict=True))


class PdfSurface:
    """The drawing protocol (:class:`~cardgen.render.surface.Surface`) on a ReportLab canvas.

    Filled shapes are written as one literal block of path operators (each filled
    with the non-zero rule, as TrueType outlines are; the pen's weight is already
    in a glyph's outline, so nothing is stroked and no viewer's minimum line width
    can thicken it), coordinates in whole 1/10 pt, each shape from its own corner
    (short numbers compress best), the colour set only where it changes.
    Consecutive text runs share one text object in render mode 3 (invisible):
    the text can be selected, searched, copied and read aloud in reading order,
    while the page shows only the writing. Plotter pens are ignored.
    """

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self._paths: list[str] | None = None
        self._paint: Paint | None = None
        self._text: Any = None

    def finish(self) -> None:
        """Write out the shapes or text held back for one block."""
        if self._paths is not None:
            self._paths.append("Q")
            self.canvas.addLiteral("\n".join(self._paths))
            self._paths = None
        if self._text is not None:
            self.canvas.drawText(self._text)
            self._text = None

    def push(self, matrix: Matrix) -> None:
        self.finish()
        self.canvas.saveState()
        self.canvas.transform(*matrix)

    def pop(self) -> None:
        self.finish()
        self.canvas.restoreState()

    def fill_path(self, shape: Shape, paint: Paint, pen: Pen | None) -> None:
        if isinstance(shape, Path):  # a drawn shape, not a glyph: exactly where it is
            self.finish()
            self.canvas.saveState()
            if isinstance(paint, tuple):
                self.canvas.setFillColorRGB(*paint)
            else:
                self.canvas.setFillGray(paint)
            coords = fp_str(shape.points.ravel().tolist()).split(" ")  # one call, not one a number
            self.canvas.addLiteral(f"{shape.template.format(*coords)} f")
            self.canvas.restoreState()
            return
        if self._text is not None:
            self.finish()
        if self._paths is None:
            self._paths = [f"q {1 / UNIT:g} 0 0 {1 / UNIT:g} 0 0 cm"]
            self._paint = None
        if paint != self._paint:
            if isinstance(paint, tuple):
                r, g, b = (round(c, 4) for c in paint)
                self._paths.append(f"{r:g} {g:g} {b:g} rg")
            else:
                self._paths.append(f"{round(paint, 4):g} g")
            self._paint = paint
        self._paths.append(formatted(shape))

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
        self.finish()
        canvas = self.canvas
        canvas.saveState()
        if isinstance(paint, tuple):
            canvas.setStrokeColorRGB(*paint)
        else:
            canvas.setStrokeGray(paint)
        canvas.setLineWidth(width)
        if dash:
            canvas.setDash(*dash)
        if cap:
            canvas.setLineCap(cap)
        if len(points) == 2 and not closed:
            (x0, y0), (x1, y1) = points
            canvas.line(x0, y0, x1, y1)
        else:
            path = canvas.beginPath()
            path.moveTo(*points[0])
            for x, y in points[1:]:
                path.lineTo(x, y)
            if closed:
                path.close()
            canvas.drawPath(path, stroke=1, fill=0)
        canvas.restoreState()

    def ink(self, mark: Writing, paint: Paint) -> None:
        """Fill each piece of ``mark.ink`` in ``paint`` with its alpha (to
        :data:`~cardgen.render.pdfpaths.ALPHA_STEP`).

        Each piece is filled on its own, so where two overlap (a crossing, a retrace)
        the ink is laid twice and prints darker; consecutive pieces of one alpha
        share a graphics state and a block of path operators in whole 1/10 pt.
        """
        self.finish()
        canvas = self.canvas
        canvas.saveState()
        if isinstance(paint, tuple):
            canvas.setFillColorRGB(*paint)
        else:
            canvas.setFillGray(paint)
        blocks = inked(mark)
        if blocks:
            write_ink(canvas, blocks, mark)
        canvas.restoreState()

    def text_run(self, run: TextRun, font: FontSet) -> None:
        """Set ``run`` on its line's baseline and slope, stretched to the writing's
        length; characters go in the face that has them.

        Writes what the text object's ``setHorizScale``, ``setTextTransform``, then
        for each face's chunk ``setFont`` and ``textOut`` write, byte for byte (the
        same numbers through one ``fp_str``, the same subsets and escapes), without
        their per-call look-ups and widths (a kit sets some 400 runs)."""
        if self._paths is not None:
            self.finish()
        if self._text is None:
            self._text = self.canvas.beginText()
            self._text.setTextRenderMode(3)
        code = [_placing(run, font)]
        doc = self.canvas._doc
        tf = _font_size_ops(run.size)
        for face, chunk in font.face_runs(run.text):
            ttf = _text_ttfont(font.faces[face])
            current = -1  # setFont: the next chunk names its subset
            for subset, part in ttf.splitString(chunk, doc):
                if subset != current:
                    code.append(f"{ttf.getSubsetInternalName(subset, doc)} {tf}")
                    current = subset
                code.append(f"({escapePDF(part)}) Tj")
        self._text._code.append(" ".join(code))

    def image(self, box: Placed, source: object) -> None:
        self.finish()
        self.canvas.drawImage(source, box.x, box.y, box.width, box.height, mask="auto")


@lru_cache(maxsize=4096)
def _placing(run: TextRun, font: FontSet) -> str:
    """What places ``run``: its stretch (``Tz``) to the writing's length and its text
    matrix (``Tm``) on the line's baseline and slope, as ``setHorizScale`` and
    ``setTextTransform`` write them; kept for the run drawn again (card.pdf, then
    the print sheet; envelope.pdf, then the envelope sheet)."""
    natural = max(font.width(run.text) * run.size, 1e-6)
    rad = math.radians(run.angle)
    cos, sin = round(math.cos(rad), 5), round(math.sin(rad), 5)
    x, y = round(run.x, 2), round(run.y, 2)
    scale, matrix = fp_str(round(100 * run.width / natural, 3), cos, sin, -sin, cos, x, y).split(
        " ", 1
    )
    return f"{scale} Tz {matrix} Tm"


@cache
def _text_ttfont(info: FontInfo) -> Any:
    """The registered invisible-text copy of ``info`` (:func:`register_text`)."""
    return pdfmetrics.getFont(register_text(info))


@cache
def _font_size_ops(size: float) -> str:
    """What a text object writes after a subset's name at ``size``: the size, and the
    leading ``setFont`` gives it (1.2 × the size)."""
    return f"{fp_str(size)} Tf {fp_str(size * 1.2)} TL"
