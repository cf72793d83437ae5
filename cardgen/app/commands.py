"""The small commands that join stages: ``init``, ``calibrate`` and ``preview``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import msgspec

from cardgen.input import settings
from cardgen.output.writer import write_file

__all__ = ["MAX_PDF_BYTES", "MAX_SVG_BYTES", "Previewed", "calibrate", "init", "preview"]


def init(path: Path, *, force: bool) -> Path:
    """Write a commented starter interview file (without ``candidate:`` when a
    saved profile supplies it)."""
    from cardgen.starter import starter

    text = starter(profile_saved=settings.profile_path().exists())
    return write_file(path, text.encode(), force=force)


def calibrate(out: Path, paper: str, *, back: bool, force: bool) -> Path:
    """Write the printer test page (and its back) to ``out``."""
    from cardgen.app.types import ADDRESS_FONT
    from cardgen.input.fonts import resolve_font
    from cardgen.layout.calibration import calibration_pages
    from cardgen.render.calibration import render_calibration_pdf

    pdf = render_calibration_pdf(
        calibration_pages(paper, back=back), font=resolve_font(ADDRESS_FONT)
    )
    return write_file(out, pdf, force=force)


MAX_PDF_BYTES = 200 * 1024 * 1024  # a kit's print sheets are a few MB
MAX_SVG_BYTES = 20 * 1024 * 1024  # a plotted card's SVG is about 200 KB


class Previewed(msgspec.Struct, frozen=True):
    """One step of a preview: a PNG written (``path``), and/or a ``note`` on what was
    changed or left out (a page drawn at a lower resolution, pages skipped)."""

    path: Path | None
    note: str = ""


def preview(pdf: Path, dpi: int) -> Iterator[Previewed]:
    """Write ``NAME-1.png``, ``NAME-2.png``… next to a PDF (or ``NAME.png`` next to a
    plotter SVG), yielding each as it is written.

    The file is read with a size limit (a device or a pipe is refused) and
    checked before the first PNG; the pages are then drawn one at a time,
    each PNG written atomically, never through a symbolic link, before the
    next page is drawn. A page over 50 megapixels at ``dpi`` is drawn at a
    lower resolution, and only the first 200 pages are drawn; the notes say so.
    """
    from cardgen.input.files import read_limited
    from cardgen.render.preview import MAX_PAGES, pdf_pages, svg_png

    if pdf.suffix.lower() == ".svg":
        data = read_limited(pdf, MAX_SVG_BYTES, str(pdf))
        path = pdf.with_suffix(".png")
        png, note = svg_png(data, dpi, str(pdf))
        write_file(path, png, force=True)
        yield Previewed(path, note)
        return
    data = read_limited(pdf, MAX_PDF_BYTES, str(pdf))
    count, pages = pdf_pages(data, dpi, str(pdf))
    for page in pages:
        path = pdf.with_name(f"{pdf.stem}-{page.number}.png")
        write_file(path, page.png, force=True)
        yield Previewed(path, page.note)
    if count > MAX_PAGES:
        yield Previewed(
            None,
            f"pages {MAX_PAGES + 1}–{count} of {count} were not drawn: "
            f"a preview draws {MAX_PAGES} pages at most",
        )
