"""Render stage: PNG pages of a PDF, for a look before printing (pypdfium2)."""

from __future__ import annotations

import io

from cardgen.errors import InputError

__all__ = ["png_pages"]


def png_pages(pdf: bytes, dpi: int, name: str) -> list[bytes]:
    """Each page of ``pdf`` as PNG bytes at ``dpi``.

    Raises:
        InputError: not a readable PDF (``name`` says which).
    """
    import pypdfium2

    try:
        doc = pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as exc:
        raise InputError(f"is not a readable PDF ({exc})", file=name) from None
    out = []
    try:
        for i in range(len(doc)):
            image = doc[i].render(scale=dpi / 72).to_pil()
            buf = io.BytesIO()
            image.save(buf, "PNG")
            out.append(buf.getvalue())
    finally:
        doc.close()
    return out
