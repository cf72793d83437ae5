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
from cardgen.model import FontInfo
from cardgen.render.guide import card_rules, draw_rules, faint_colour
from cardgen.render.pdf import draw_text_layer, draw_writing, hex_rgb, register

__all__ = ["draw_card_page", "render_card_pdf"]


def draw_card_page(
    canvas: Canvas,
    art: CardArt,
    page: int,
    *,
    ink: str,
    stock: str = "#ffffff",
    signature: object | None = None,
    mode: str = "print",
) -> None:
    """Draw card page ``page`` of ``art`` in card-page coordinates.

    Args:
        canvas: where to draw; its current transform places the card page.
        art: the composed card.
        page: index into ``art.pages``.
        ink: the ink colour, ``#rrggbb``.
        stock: the stock colour, for the ink's light strokes.
        signature: a ReportLab ``ImageReader`` of the inked signature, if any.
        mode: "print" writes the note; "guide" draws faint guides where it would go
            (see :mod:`cardgen.render.guide`); "lightbox" the same guides bold and
            black, alone.
    """
    for panel in art.pages[page].panels:
        if panel.role not in ("message", "front") or (
            mode == "lightbox" and panel.role != "message"
        ):
            continue
        canvas.saveState()
        canvas.transform(*panel_matrix(panel))
        if panel.role == "message" and mode == "guide":
            draw_rules(canvas, card_rules(art), faint_colour(stock))
        elif panel.role == "message" and mode == "lightbox":
            draw_rules(canvas, card_rules(art), (0.0, 0.0, 0.0), bold=True)
        elif panel.role == "message":
            _draw_message(canvas, art, hex_rgb(ink), hex_rgb(stock), signature)
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
    art: CardArt,
    *,
    title: str,
    author: str,
    ink: str,
    stock: str,
    signature=None,
    mode: str = "print",
    caption_font: FontInfo | None = None,
) -> bytes:
    """``card.pdf``: one page per printed side at the flat size, TrimBox = page.

    In guide mode the message side carries faint guides instead of the note,
    and a last page, the light box, has the same guides bold, alone.
    """
    first = art.pages[0]
    canvas, buf = new_canvas_for(art, (first.width, first.height), title, author)
    for i, page in enumerate(art.pages):
        canvas.setPageSize((page.width, page.height))
        canvas.setTrimBox((0, 0, page.width, page.height))
        draw_card_page(canvas, art, i, ink=ink, stock=stock, signature=signature, mode=mode)
        canvas.showPage()
    if mode == "guide":
        i = next(i for i, p in enumerate(art.pages) if any(x.role == "message" for x in p.panels))
        page = art.pages[i]
        canvas.setPageSize((page.width, page.height))
        canvas.setTrimBox((0, 0, page.width, page.height))
        draw_card_page(canvas, art, i, ink=ink, mode="lightbox")
        if caption_font is not None:
            canvas.saveState()
            canvas.setFillGray(0.4)
            canvas.setFont(register(caption_font), 6.5)
            canvas.drawCentredString(
                page.width / 2,
                art.layout.safe_margin * 0.45,
                "Light box: print on plain paper, lay it under the card, write along the lines.",
            )
            canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def new_canvas_for(art: CardArt, size, title: str, author: str):
    """A canvas whose initial font is the card's own hand."""
    from cardgen.render.pdf import new_canvas

    return new_canvas(size, title=title, author=author, font=art.fonts["body"].faces[0])
