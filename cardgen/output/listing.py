"""CLI text: the lists behind ``cardgen layouts``, ``fonts`` and ``cultures``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cardgen.input.fonts import font_catalogue
from cardgen.input.hands import saved_hands
from cardgen.input.layouts import card_layouts, cultures, envelope_layouts
from cardgen.input.strokes import stroke_catalogue
from cardgen.layout.geometry import impose
from cardgen.model import Interviewer
from cardgen.textrules import closing, salutation
from cardgen.units import inches, millimetres

__all__ = ["cultures_text", "fonts_text", "layouts_text"]


def _in(pt: float) -> str:
    return f"{inches(pt):.4g}"


def _mm(pt: float) -> str:
    return f"{millimetres(pt):.1f}".rstrip("0").rstrip(".")


def _size(w: float, h: float, iso: bool) -> str:
    if iso:
        return f"{_mm(w)} × {_mm(h)} mm"
    return f"{_in(w)} × {_in(h)} in"


def layouts_text() -> str:
    """A table of card layouts, then envelopes."""
    rows: list[tuple[str, ...]] = [("layout", "finished", "flat", "sheet", "envelope", "size")]
    for layout in card_layouts().values():
        sheet = impose(layout)
        n = len(sheet.slots)
        how = {
            "none": f"{n}-up, cut",
            "half": f"{n}-up, duplex short edge",
            "quarter": "1, one side, fold twice",
        }[layout.fold]
        rows.append(
            (
                layout.name,
                _size(layout.width, layout.height, layout.iso),
                _size(layout.flat_width, layout.flat_height, layout.iso),
                f"{layout.paper.capitalize() if layout.paper == 'letter' else 'A4'} {how}",
                layout.envelope,
                f"{layout.font_min:g}–{layout.font_max:g} pt",
            )
        )
    out = _table(rows)
    rows = [("envelope", "size", "for")]
    for env in envelope_layouts().values():
        rows.append((env.name, _size(env.width, env.height, env.iso), env.description))
    return out + "\n\n" + _table(rows)


def fonts_text() -> str:
    """A table of the shipped hands: the pen's first, then the TrueType fonts."""
    rows = [("pen hand", "family", "role", "suits")]
    for hand in stroke_catalogue().values():
        rows.append((hand.name, hand.family, hand.role, hand.suits))
    out = (
        "The pen's hands: each letter a line the pen follows, written in ink (--pen) "
        "or by a pen plotter.\n\n" + _table(rows)
    )
    rows = [("font", "family", "role", "suits")]
    for info in font_catalogue().values():
        rows.append((info.name, info.family, info.role, info.suits))
    out += "\n\nTrueType hands: each letter an outline, filled.\n\n" + _table(rows)
    own = saved_hands()
    if own:  # captured with `cardgen hand add`: pen hands too
        out += "\n\nYour own hands (cardgen hand list): " + ", ".join(own)
    return out + "\n\nChoose one with --font NAME (or --font PATH.ttf for your own TrueType font)."


def cultures_text(extra: Path | None = None) -> str:
    """A table of the culture profiles."""
    head = ("culture", "makes", "opens", "closes", "hand", "ink", "stock", "card posted")
    rows: list[tuple[str, ...]] = [head]
    for c in cultures(extra).values():
        name = c.name + (f" ({', '.join(c.aliases)})" if c.aliases else "")
        makes = "email + card + envelope" if c.mails_card else "email (card with --card)"
        opens = c.salutation.format(
            honorific="Ms.", first="Margaret", surname="Dvořák", name="Margaret Dvořák"
        )
        rows.append(
            (
                name,
                makes,
                opens,
                c.closing,
                c.font,
                c.ink,
                c.stock,
                _after(c.mail_after_days),
            )
        )
    return _table(rows) + "\n\n" + _formulas_text(extra)


# Who the formulas are shown to: a woman, and a man with a doctorate.
_READERS = (
    Interviewer(name="Margaret Dvořák", note="", honorific="Ms."),
    Interviewer(name="Dr. Jan Novák", note="", honorific="Mr."),
)


def _formulas_text(extra: Path | None) -> str:
    """Each culture's salutation and closing in each language (layouts/languages.yaml)."""
    table = cultures(extra)
    tags = list(dict.fromkeys(tag for c in table.values() for tag in c.languages))
    rows: list[tuple[str, ...]] = [("language", *table)]
    for tag in tags:
        cells = []
        for c in table.values():
            opens = " / ".join(dict.fromkeys(salutation(c, r, tag) for r in _READERS))
            cells.append(f"{opens} … {closing(c, _READERS[0], tag)}")
        rows.append((tag, *cells))
    return (
        "In the note's language (language: in the file, else told from the note), to "
        "Ms. Margaret Dvořák / Dr. Jan Novák:\n\n" + _table(rows)
    )


def _after(days: int) -> str:
    if days == 0:
        return "same day as the email"
    return f"{days} day{'s' if days > 1 else ''} after the email"


def _table(rows: Sequence[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for j, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
