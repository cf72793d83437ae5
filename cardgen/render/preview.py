"""Render stage: PNG pages next to a PDF, for a look before printing."""

from __future__ import annotations

import io
from pathlib import Path

from cardgen.errors import InputError
from cardgen.input.files import read_limited
from cardgen.output.writer import write_file

__all__ = ["preview_pdf"]

MAX_PDF_BYTES = 200 * 1024 * 1024  # a kit's print sheets are a few MB


def preview_pdf(pdf: Path, dpi: int = 150) -> list[Path]:
    """Write ``NAME-1.png``, ``NAME-2.png``… next to ``pdf``; returns their paths.

    The PDF is read with a size limit (a device or a pipe is refused), and each
    PNG is written atomically, never through a symbolic link.
    """
    import pypdfium2

    data = read_limited(pdf, MAX_PDF_BYTES, str(pdf))
    try:
        doc = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise InputError(f"is not a readable PDF ({exc})", file=str(pdf)) from None
    out = []
    try:
        for i in range(len(doc)):
            image = doc[i].render(scale=dpi / 72).to_pil()
            buf = io.BytesIO()
            image.save(buf, "PNG")
            path = pdf.with_name(f"{pdf.stem}-{i + 1}.png")
            write_file(path, buf.getvalue(), force=True)
            out.append(path)
    finally:
        doc.close()
    return out
