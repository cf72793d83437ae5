"""Render stage: PNG pages next to a PDF, for a look before printing."""

from __future__ import annotations

from pathlib import Path

from cardgen.errors import InputError

__all__ = ["preview_pdf"]


def preview_pdf(pdf: Path, dpi: int = 150) -> list[Path]:
    """Write ``NAME-1.png``, ``NAME-2.png``… next to ``pdf``; returns their paths."""
    import pypdfium2

    if not pdf.is_file():
        raise InputError("no such file", file=str(pdf))
    try:
        doc = pypdfium2.PdfDocument(str(pdf))
    except pypdfium2.PdfiumError as exc:
        raise InputError(f"is not a readable PDF ({exc})", file=str(pdf)) from None
    out = []
    try:
        for i in range(len(doc)):
            image = doc[i].render(scale=dpi / 72).to_pil()
            path = pdf.with_name(f"{pdf.stem}-{i + 1}.png")
            image.save(path)
            out.append(path)
    finally:
        doc.close()
    return out
