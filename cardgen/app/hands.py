"""``cardgen hand``: print a template, read photos of it into a hand, list and remove hands."""

from __future__ import annotations

from pathlib import Path

from cardgen.errors import CardgenError
from cardgen.output.writer import write_file

__all__ = ["hand_template"]


def hand_template(out: Path, paper: str, *, pages: int | None, letters: str, force: bool) -> int:
    """Write the template's pages to ``out``; returns how many."""
    from cardgen.app.types import ADDRESS_FONT
    from cardgen.input.fonts import resolve_font
    from cardgen.layout.handsheet import sheet_pages
    from cardgen.render.handsheet import render_handsheet_pdf

    try:
        sheets = sheet_pages(paper, letters, pages)
    except ValueError as exc:
        raise CardgenError(f"hand template: {exc}") from None
    font = resolve_font(ADDRESS_FONT)
    pdf = render_handsheet_pdf(sheets, font=font)
    write_file(out, pdf, force=force)
    return len(sheets)
