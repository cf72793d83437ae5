"""Render stage: draw composed envelopes (:class:`~cardgen.layout.envelope.EnvelopeArt`).

One landscape page per envelope at the envelope's size, followed by its back
(the flap) when the return address is written there. Each side is the marks
layout composed for it (the writing, its invisible text, the optional stamp
guide), drawn on a :class:`~cardgen.render.pdf.PdfSurface`.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfgen.canvas import Canvas

from cardgen.layout.art import Writing
from cardgen.layout.envelope import EnvelopeArt, EnvelopePage
from cardgen.layout.geometry import compensation, envelope_on_paper, transform_zone
from cardgen.model import EnvelopeFeed, Printer, Zone
from cardgen.render.pdf import PdfSurface, hex_rgb, new_canvas
from cardgen.render.pdfpaths import format_shapes
from cardgen.render.surface import Palette, draw_art

__all__ = ["STOCK", "draw_envelope_page", "render_envelopes_pdf"]

STOCK = "#ffffff"  # an envelope is white: the ink's light strokes fade toward it


def draw_envelope_page(
    canvas: Canvas, art: EnvelopeArt, page: EnvelopePage, *, ink: str, mode: str = "print"
) -> None:
    """Draw one side of ``art`` in envelope coordinates (pt, origin bottom left).

    ``mode`` "guide": faint guides where each address line goes, instead of the writing
    (see :meth:`cardgen.layout.envelope.EnvelopeArt.marks`).
    """
    palette = Palette(hex_rgb(ink), hex_rgb(STOCK))
    marks = art.marks(page, mode)
    # The writing's glyphs formatted in one pass (drawn again on the envelope sheet,
    # they are formatted already).
    format_shapes([g for m in marks if isinstance(m, Writing) and not m.ink for g in m.glyphs])
    draw_art(PdfSurface(canvas), marks, palette)


def render_envelopes_pdf(
    arts: Sequence[EnvelopeArt],
    *,
    title: str,
    author: str,
    ink: str,
    printer: Printer | None = None,
    mode: str = "print",
) -> bytes:
    """Envelopes as a PDF: a page per envelope side, its back (flap) right after it.

    Each page is what the printer is told it prints: the envelope itself
    (landscape), or Letter/A4 with the envelope lying on it where the printer
    takes it (``printer.feed``); then moved and scaled to undo how the printer
    misplaces the page. Nothing is drawn off the envelope.

    TrimBox = the envelope; PDF 1.7, invariant, PrintScaling None, embedded
    fonts only (see :func:`cardgen.render.pdf.new_canvas`).

    Args:
        arts: the composed envelopes, in print order.
        title: the PDF's title.
        author: the PDF's author (the candidate).
        ink: the ink colour, ``#rrggbb``.
        printer: the printer's calibration and envelope feed, if saved.
        mode: "print", or "guide" for guides where the addresses go.
    """
    if not arts:
        raise ValueError("no envelopes to render")
    feed = printer.feed if printer is not None else EnvelopeFeed()
    first = arts[0]
    canvas, buf = new_canvas(
        (first.width, first.height), title=title, author=author, font=first.font.faces[0]
    )
    for art in arts:
        page_w, page_h, place = envelope_on_paper(art.width, art.height, feed)
        trim = transform_zone(place, Zone(0, 0, art.width, art.height))
        for page in art.pages:
            canvas.setPageSize((page_w, page_h))
            canvas.setTrimBox((trim.x, trim.y, trim.right, trim.top))
            canvas.saveState()
            canvas.transform(*compensation(printer, False, page_w, page_h))
            canvas.transform(*place)
            draw_envelope_page(canvas, art, page, ink=ink, mode=mode)
            canvas.restoreState()
            canvas.showPage()
    canvas.save()
    return buf.getvalue()
