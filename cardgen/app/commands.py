"""The small commands that join stages: ``init``, ``calibrate`` and ``preview``."""

from __future__ import annotations

from pathlib import Path

from cardgen.app.types import ADDRESS_FONT
from cardgen.input import settings
from cardgen.input.fonts import resolve_font
from cardgen.output.writer import write_file

__all__ = ["MAX_PDF_BYTES", "calibrate", "init", "preview"]


def init(path: Path, *, force: bool) -> Path:
    """Write a commented starter interview file (without ``candidate:`` when a
    saved profile supplies it)."""
    from cardgen.starter import starter

    text = starter(profile_saved=settings.profile_path().exists())
    return write_file(path, text.encode(), force=force)


def calibrate(out: Path, paper: str, *, back: bool, force: bool) -> Path:
    """Write the printer test page (and its back) to ``out``."""
    from cardgen.layout.calibration import calibration_pages
    from cardgen.render.calibration import render_calibration_pdf

    pdf = render_calibration_pdf(
        calibration_pages(paper, back=back), font=resolve_font(ADDRESS_FONT)
    )
    return write_file(out, pdf, force=force)


MAX_PDF_BYTES = 200 * 1024 * 1024  # a kit's print sheets are a few MB


def preview(pdf: Path, dpi: int) -> list[Path]:
    """Write ``NAME-1.png``, ``NAME-2.png``… next to a PDF (or ``NAME.png`` next to a
    plotter SVG); returns their paths.

    The file is read with a size limit (a device or a pipe is refused), and each
    PNG is written atomically, never through a symbolic link.
    """
    from cardgen.input.files import read_limited
    from cardgen.render.preview import png_pages, svg_png

    data = read_limited(pdf, MAX_PDF_BYTES, str(pdf))
    if pdf.suffix.lower() == ".svg":
        path = pdf.with_suffix(".png")
        write_file(path, svg_png(data, dpi, str(pdf)), force=True)
        return [path]
    pages = png_pages(data, dpi, str(pdf))
    out = []
    for i, png in enumerate(pages, start=1):
        path = pdf.with_name(f"{pdf.stem}-{i}.png")
        write_file(path, png, force=True)
        out.append(path)
    return out
