"""Render stage: impose composed cards on Letter or A4 print sheets.

Each card is composed once; here each of its pages is drawn once, as a form
(a Form XObject), and the form placed in its slot with the slot's transform.
Half-fold sheets come as pairs of pages (outside, then inside) for duplex
printing, flipped on the short edge.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from cardgen.layout.card import CardArt
from cardgen.layout.geometry import Sheet, compensation
from cardgen.layout.marks import HINT_SIZE, MARK_GREY, Hint, mark_strokes, sheet_hints
from cardgen.model import FontInfo, Printer
from cardgen.render.card import draw_card_page
from cardgen.render.pdf import PdfSurface, hex_rgb, new_canvas, register
from cardgen.render.surface import Palette, draw_art

__all__ = ["render_sheets_pdf"]


def _draw_hints(canvas: Canvas, hints: Sequence[Hint], page: int, font: str) -> None:
    """The small printed hints on one sheet page (grey, like the marks)."""
    canvas.saveState()
    canvas.setFillGray(MARK_GREY)
    for hint in hints:
        if hint.page != page:
            continue
        canvas.saveState()
        canvas.translate(hint.x, hint.y)
        canvas.rotate(hint.angle)
        canvas.setFont(font, hint.size)
        canvas.drawCentredString(0, 0, hint.text)
        canvas.restoreState()
    canvas.restoreState()


def render_sheets_pdf(
    arts: Sequence[CardArt],
    sheet: Sheet,
    *,
    title: str,
    author: str,
    inks: Sequence[str],
    stock: str,
    signature=None,
    printer: Printer | None = None,
    hint_font: FontInfo | None = None,
    mode: str = "print",
) -> bytes:
    """All cards imposed on sheets: ``len(arts) / slots`` sheets, each ``sheet.pages`` pages.

    Args:
        arts: composed cards, all of one layout.
        sheet: the imposition (from :func:`cardgen.layout.geometry.impose`).
        title: PDF title.
        author: PDF author.
        inks: ink colour per card.
        stock: the stock colour.
        signature: an inked signature image, if any.
        printer: the printer's calibration: each page is moved and scaled to undo
            how it misplaces that side (the back of a duplex sheet its own way).
        hint_font: the font of the small printed hints (none without it).
        mode: "print", or "guide" for cards with faint guides instead of the note.
    """
    canvas, buf = new_canvas(
        (sheet.width, sheet.height),
        title=title,
        author=author,
        font=arts[0].fonts["body"].text_set().faces[0],
    )
    hints: list[Hint] = []
    font = ""
    if hint_font is not None:
        font = register(hint_font)
        hints = sheet_hints(
            sheet, width_of=lambda text: pdfmetrics.stringWidth(text, font, HINT_SIZE)
        )
    per = len(sheet.slots)
    marks = mark_strokes(sheet)
    for start in range(0, len(arts), per):
        group = list(zip(sheet.slots, arts[start : start + per], inks[start:], strict=False))
        for page in range(sheet.pages):
            canvas.setPageSize((sheet.width, sheet.height))
            canvas.setTrimBox((0, 0, sheet.width, sheet.height))
            forms = []
            for k, (slot, art, ink) in enumerate(group):
                name = f"card{start + k + 1}-{page + 1}"
                card_page = art.pages[page]
                canvas.beginForm(name, 0, 0, card_page.width, card_page.height)
                draw_card_page(
                    canvas, art, page, ink=ink, stock=stock, signature=signature, mode=mode
                )
                canvas.endForm()
                forms.append((slot, name))
            canvas.saveState()
            canvas.transform(*compensation(printer, page % 2 == 1, sheet.width, sheet.height))
            for slot, name in forms:
                canvas.saveState()
                canvas.transform(*slot.matrices[page])
                canvas.doForm(name)
                canvas.restoreState()
            if page == 0:
                draw_art(PdfSurface(canvas), marks, Palette(hex_rgb(inks[0]), hex_rgb(stock)))
            if hints:
                _draw_hints(canvas, hints, page, font)
            canvas.restoreState()
            canvas.showPage()
    canvas.save()
    return buf.getvalue()
