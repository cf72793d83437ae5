"""Render stage: draw a composed card (:class:`~cardgen.layout.card.CardArt`).

The card's pages are marks composed once in layout
(:func:`cardgen.layout.card.card_page_marks`), drawn here on a
:class:`~cardgen.render.pdf.PdfSurface`. A caller positions the card page on
its canvas (``card.pdf``, or a form on the print sheet) and calls
:func:`draw_card_page`.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from cardgen.layout.card import CardArt, card_page_marks
from cardgen.model import FontInfo
from cardgen.render.pdf import PdfSurface, hex_rgb, register
from cardgen.render.surface import Palette, draw_art

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
        stock: the stock colour, for the ink's light strokes and the faint guides.
        signature: a ReportLab ``ImageReader`` of the inked signature, if any.
        mode: "print" writes the note; "guide" draws faint guides where it would go;
            "lightbox" the same guides bold and black, alone
            (see :func:`cardgen.layout.card.card_page_marks`).
    """
    images = {"signature": signature} if signature is not None else {}
    palette = Palette(hex_rgb(ink), hex_rgb(stock))
    draw_art(PdfSurface(canvas), card_page_marks(art, page, mode), palette, images)


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

    return new_canvas(size, title=title, author=author, font=art.fonts["body"].text_set().faces[0])
