"""Render stage: ``cardgen hand template``'s sheets as a PDF, all vector.

The markers are black squares from the dictionary's bits; boxes, labels,
baselines and the sentence line are light grey (:data:`~cardgen.layout.handsheet.GREY`),
which the reader of the photos drops; the page code and the instructions are
printed in mid grey outside the grid.
"""

from __future__ import annotations

from collections.abc import Sequence

from cardgen.layout.handsheet import GREY, LABEL_SIZE, SheetPage, marker_bits
from cardgen.model import FontInfo
from cardgen.render.pdf import new_canvas

__all__ = ["render_handsheet_pdf"]

INSTRUCTIONS = (
    "Write each character in its box with a dark pen, sitting on the faint line; "
    "keep the black squares clear, flat and whole in the photo."
)


def render_handsheet_pdf(pages: Sequence[SheetPage], *, font: FontInfo) -> bytes:
    """The template's pages, printed at 100 %."""
    first = pages[0]
    canvas, buf = new_canvas(
        (first.width, first.height), title="cardgen hand template", author="cardgen", font=font
    )
    name = font.name
    for page in pages:
        canvas.setPageSize((page.width, page.height))
        canvas.setFillGray(0)
        for marker in page.markers:
            module = marker.size / 6
            # the border is black; each 1 bit a white square inside it
            canvas.rect(marker.x, marker.y, marker.size, marker.size, stroke=0, fill=1)
            canvas.setFillGray(1)
            for r, row in enumerate(marker_bits(marker.id)):
                for c, bit in enumerate(row):
                    if bit:
                        x = marker.x + (c + 1) * module
                        y = marker.y + marker.size - (r + 2) * module
                        canvas.rect(x, y, module, module, stroke=0, fill=1)
            canvas.setFillGray(0)
        canvas.setFillGray(0.35)
        canvas.setFont(name, 10)
        top = page.markers[0]
        canvas.drawCentredString(
            page.width / 2, top.y + top.size - 10, f"cardgen hand template \u00b7 {page.code}"
        )
        canvas.setFont(name, 7)
        canvas.drawCentredString(page.width / 2, top.y + top.size - 22, INSTRUCTIONS)
        canvas.setStrokeGray(GREY)
        canvas.setFillGray(GREY)
        for cell in page.cells:
            canvas.setLineWidth(0.6)
            canvas.setDash()
            canvas.rect(cell.x, cell.y, cell.w, cell.h, stroke=1, fill=0)
            canvas.setLineWidth(0.4)
            canvas.setDash(2, 2)
            canvas.line(cell.x + 2, cell.baseline, cell.x + cell.w - 2, cell.baseline)
            canvas.setFont(name, LABEL_SIZE)
            canvas.drawString(cell.x + 2, cell.y + cell.h - LABEL_SIZE - 1, cell.text)
        canvas.setDash()
        if page.sentence is not None:
            s = page.sentence
            canvas.setLineWidth(0.6)
            canvas.line(s.x, s.baseline, s.x + s.w, s.baseline)
            canvas.setFont(name, 8)
            canvas.drawString(s.x, s.y + s.h - 8, f"Write this sentence on the line: {s.text}")
        canvas.setFillGray(0)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()
