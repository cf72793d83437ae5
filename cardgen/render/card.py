"""Render stage: draw a composed card (:class:`~cardgen.layout.card.CardArt`).

The message is one text object with a text matrix per glyph (fast, and the
text stays selectable and extracts in reading order). A caller positions the
card page on its canvas (``card.pdf`` or a print sheet) and calls
:func:`draw_card_page`.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from cardgen.layout.card import CardArt, Front
from cardgen.layout.geometry import panel_matrix
from cardgen.render.pdf import draw_text_layer, draw_writing, hex_rgb

__all__ = ["draw_card_page", "render_card_pdf"]


def draw_card_page(
    canvas: Canvas,
    art: CardArt,
    page: int,
    *,
    ink: str,
    paper: str = "#ffffff",
    signature: object | None = None,
) -> None:
    """Draw card page ``page`` of ``art`` in card-page coordinates.

    Args:
        canvas: where to draw; its current transform places the card page.
        art: the composed card.
        page: index into ``art.pages``.
        ink: the ink colour, ``#rrggbb``.
        paper: the stock colour, for the ink's light strokes.
        signature: a ReportLab ``ImageReader`` of the inked signature, if any.
    """
    for panel in art.pages[page].panels:
        if panel.role not in ("message", "front"):
            continue
        canvas.saveState()
        canvas.transform(*panel_matrix(panel))
        if panel.role == "message":
            _draw_message(canvas, art, hex_rgb(ink), hex_rgb(paper), signature)
        elif art.front is not None:
            _draw_front(canvas, art.front, art, hex_rgb(ink))
        canvas.restoreState()


def _draw_message(canvas: Canvas, art: CardArt, ink, paper, signature) -> None:
    draw_writing(canvas, art.glyphs, ink, paper)
    if signature is not None:
        for img in art.images:
            canvas.drawImage(signature, img.x, img.y, img.width, img.height, mask="auto")
    draw_text_layer(canvas, art.runs, art.fonts)


def _draw_front(canvas: Canvas, front: Front, art: CardArt, ink) -> None:
    draw_writing(canvas, front.glyphs, ink, ink)
    canvas.saveState()
    canvas.setFillColorRGB(*ink)
    canvas.setStrokeColorRGB(*ink)
    # A short rule with a small lozenge at its centre, under the title.
    cx = front.width / 2
    canvas.setLineWidth(0.6)
    gap = 4.0
    canvas.line(cx - front.rule_half, front.rule_y, cx - gap, front.rule_y)
    canvas.line(cx + gap, front.rule_y, cx + front.rule_half, front.rule_y)
    p = canvas.beginPath()
    p.moveTo(cx, front.rule_y + 2.2)
    p.lineTo(cx + 2.2, front.rule_y)
    p.lineTo(cx, front.rule_y - 2.2)
    p.lineTo(cx - 2.2, front.rule_y)
    p.close()
    canvas.drawPath(p, stroke=0, fill=1)
    canvas.restoreState()
    draw_text_layer(canvas, front.runs, art.fonts)


def render_card_pdf(
    art: CardArt, *, title: str, author: str, ink: str, paper: str, signature=None
) -> bytes:
    """``card.pdf``: one page per printed side at the flat size, TrimBox = page."""
    first = art.pages[0]
    canvas, buf = new_canvas_for(art, (first.width, first.height), title, author)
    for i, page in enumerate(art.pages):
        canvas.setPageSize((page.width, page.height))
        canvas.setTrimBox((0, 0, page.width, page.height))
        draw_card_page(canvas, art, i, ink=ink, paper=paper, signature=signature)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def new_canvas_for(art: CardArt, size, title: str, author: str):
    """A canvas whose initial font is the card's own hand."""
    from cardgen.render.pdf import new_canvas

    return new_canvas(size, title=title, author=author, font=art.fonts["body"].faces[0])
