"""Render stage: ``cardgen calibrate``'s printer test page as a PDF."""

from __future__ import annotations

from collections.abc import Sequence

from cardgen.layout.calibration import CalibrationPage
from cardgen.model import FontInfo
from cardgen.render.pdf import new_canvas

__all__ = ["render_calibration_pdf"]


def render_calibration_pdf(pages: Sequence[CalibrationPage], *, font: FontInfo) -> bytes:
    """The test page (and its back) in black, at 100 %: nothing moved or scaled."""
    first = pages[0]
    canvas, buf = new_canvas(
        (first.width, first.height), title="cardgen printer test page", author="cardgen", font=font
    )
    name = font.name
    for page in pages:
        canvas.setPageSize((page.width, page.height))
        canvas.setTrimBox((0, 0, page.width, page.height))
        canvas.setStrokeGray(0)
        canvas.setFillGray(0)
        canvas.setLineCap(0)
        for line in page.lines:
            canvas.setLineWidth(line.weight)
            canvas.line(line.x0, line.y0, line.x1, line.y1)
        for label in page.labels:
            canvas.saveState()
            canvas.translate(label.x, label.y)
            canvas.rotate(label.angle)
            canvas.setFont(name, label.size)
            draw = {
                "centre": canvas.drawCentredString,
                "left": canvas.drawString,
                "right": canvas.drawRightString,
            }[label.align]
            draw(0, 0, label.text)
            canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buf.getvalue()
