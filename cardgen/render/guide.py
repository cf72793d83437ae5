"""Render stage: guide mode — faint guides on the card, a light-box page, a copy sheet.

The faint guides (the card stock's own colour a shade darker, 0.3 pt: faint
beside the ink; printed, they stay: no eraser lifts them) and the light-box
page's bold black ones are marks composed in layout
(:func:`cardgen.layout.guide.guide_marks`), drawn by :mod:`cardgen.render.card`.
The copy sheet here sets the fitted lines in a plain hand at their places, on
the same guides in a light grey.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from cardgen.layout.art import Rgb
from cardgen.layout.card import CardArt
from cardgen.layout.envelope import EnvelopeArt, Written
from cardgen.layout.geometry import panel_matrix
from cardgen.layout.guide import CopyLine, Rule, copy_lines, guide_marks, rules
from cardgen.model import FontInfo
from cardgen.render.pdf import PdfSurface, new_canvas, register
from cardgen.render.surface import Palette, draw_art

__all__ = ["card_rules", "envelope_rules", "render_copy_pdf"]

COPY_INK = (0.25, 0.25, 0.3)
COPY_GUIDE = Rgb(0.8, 0.8, 0.82)  # the copy sheet's guides: a light grey, on plain paper
CAPTION = 6.5  # pt
PLAIN = Palette((0.0, 0.0, 0.0), (1.0, 1.0, 1.0))  # the copy sheet's colours are fixed


def card_rules(art: CardArt) -> list[Rule]:
    """The guides of a card's message, in panel coordinates."""
    return rules(art.fit, art.origin, art.fonts["body"].x_height)


def envelope_rules(art: EnvelopeArt, block: Written) -> list[Rule]:
    """The guides of one address block, in envelope coordinates."""
    if block.fit is None:
        return []
    return rules(block.fit, block.origin, art.font.x_height)


def _draw_rules(canvas: Canvas, guides: list[Rule]) -> None:
    draw_art(PdfSurface(canvas), guide_marks(guides, colour=COPY_GUIDE), PLAIN)


def _set_lines(canvas: Canvas, lines: Sequence[CopyLine], font: str) -> None:
    """Each line at its fitted size, narrowed where the plain hand runs longer than
    the fitted line, so it ends where the line does."""
    canvas.saveState()
    canvas.setFillColorRGB(*COPY_INK)
    for line in lines:
        natural = pdfmetrics.stringWidth(line.text, font, line.size)
        squeeze = min(1.0, line.width / natural) if natural > 0 else 1.0
        text = canvas.beginText(line.x, line.y)
        text.setFont(font, line.size)
        text.setHorizScale(100 * squeeze)
        text.textOut(line.text)
        canvas.drawText(text)
    canvas.restoreState()


def _caption(canvas: Canvas, text: str, width: float, y: float, font: str) -> None:
    canvas.saveState()
    canvas.setFillGray(0.45)
    canvas.setFont(font, CAPTION)
    canvas.drawCentredString(width / 2, y, text)
    canvas.restoreState()


def render_copy_pdf(
    art: CardArt,
    envelope: EnvelopeArt | None,
    *,
    plain: FontInfo,
    title: str,
    author: str,
    recipient: str,
) -> bytes:
    """The copy sheet: the card's message side at actual size with its lines set in a
    plain hand on faint guides; then the envelope's, when there is one."""
    font = register(plain)
    message = next(i for i, p in enumerate(art.pages) if any(x.role == "message" for x in p.panels))
    page = art.pages[message]
    canvas, buf = new_canvas((page.width, page.height), title=title, author=author, font=plain)
    canvas.setTrimBox((0, 0, page.width, page.height))
    for panel in page.panels:
        if panel.role != "message":
            continue
        canvas.saveState()
        canvas.transform(*panel_matrix(panel))
        _draw_rules(canvas, card_rules(art))
        _set_lines(canvas, copy_lines(art.fit, art.origin), font)
        _caption(
            canvas,
            f"Copy sheet for {recipient}: write each line as it is set here, on the "
            "card's guides; it fits.",
            art.layout.width,
            art.layout.height - art.layout.safe_margin * 0.55,
            font,
        )
        canvas.restoreState()
    canvas.showPage()
    if envelope is not None:
        canvas.setPageSize((envelope.width, envelope.height))
        canvas.setTrimBox((0, 0, envelope.width, envelope.height))
        for env_page in envelope.pages:
            for block in env_page.blocks:
                _draw_rules(canvas, envelope_rules(envelope, block))
                if block.fit is not None:
                    _set_lines(canvas, copy_lines(block.fit, block.origin), font)
        _caption(
            canvas,
            f"The envelope for {recipient}: write the address on its guides, line by line"
            + (" (the return address goes on the flap)." if envelope.return_on_flap else "."),
            envelope.width,
            envelope.height - 14,
            font,
        )
        canvas.showPage()
    canvas.save()
    return buf.getvalue()
