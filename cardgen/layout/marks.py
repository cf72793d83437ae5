"""Layout stage: where cut and fold marks go on a print sheet. Pure, in points.

Marks are short hairlines on the cut and fold lines. Where there is paper
outside the cards (a margin), a cut mark lies there, outside the trim; where
cards run to the sheet's edge or meet each other, the mark lies on the trim
line itself in the card's blank margin, never in the safe area. Nothing is
drawn within :data:`~cardgen.layout.geometry.PRINTER_MARGIN` of the sheet edge.
"""

from __future__ import annotations

import msgspec

from cardgen.layout.art import Grey, Stroke
from cardgen.layout.geometry import PRINTER_MARGIN, Sheet

__all__ = [
    "HINT_SIZE",
    "MARK_GREY",
    "RELOAD_HINT",
    "Hint",
    "Mark",
    "mark_strokes",
    "sheet_hints",
    "sheet_marks",
]

TICK = 12.0  # pt: length of a mark
GAP = 3.0  # pt: gap between a mark in the margin and the trim


class Mark(msgspec.Struct, frozen=True):
    """A line segment on the sheet; ``kind`` is "cut" or "fold"."""

    kind: str
    x0: float
    y0: float
    x1: float
    y1: float


def _ticks_along(high_edge: float, span_lo: float, span_hi: float):
    """Tick intervals on a line that crosses the sheet from 0 to ``high_edge``.

    ``span_lo``..``span_hi`` is where the cards are along the line. Yields
    (start, end) pairs for the mark near each end of the line.
    """
    m = PRINTER_MARGIN
    # Near the low end.
    if span_lo - GAP - m >= 6:
        yield (max(m, span_lo - GAP - TICK), span_lo - GAP)
    else:
        start = max(m, span_lo)
        yield (start, start + TICK)
    # Near the high end.
    if high_edge - m - (span_hi + GAP) >= 6:
        yield (span_hi + GAP, min(high_edge - m, span_hi + GAP + TICK))
    else:
        end = min(high_edge - m, span_hi)
        yield (end - TICK, end)


def sheet_marks(sheet: Sheet) -> list[Mark]:
    """Cut and fold marks for a sheet (front side only; the back needs none)."""
    marks: list[Mark] = []
    m = PRINTER_MARGIN
    ys = sheet.cuts_y
    xs = sheet.cuts_x
    if xs and ys:
        y_lo, y_hi = ys[0], ys[-1]
        x_lo, x_hi = xs[0], xs[-1]
        for x in xs:
            if x < m or x > sheet.width - m:
                continue  # a cut at the sheet's own edge needs no mark
            for a, b in _ticks_along(sheet.height, y_lo, y_hi):
                marks.append(Mark("cut", x, a, x, b))
        for y in ys:
            if y < m or y > sheet.height - m:
                continue
            for a, b in _ticks_along(sheet.width, x_lo, x_hi):
                marks.append(Mark("cut", a, y, b, y))
        # A small cross where inner cut lines meet, inside the cards' blank margins.
        for x in xs[1:-1]:
            for y in ys[1:-1]:
                marks.append(Mark("cut", x - 6, y, x + 6, y))
                marks.append(Mark("cut", x, y - 6, x, y + 6))
    for x0, y0, x1, y1 in sheet.folds:
        if x0 == x1:  # vertical fold: marks at its top and bottom
            lo, hi = sorted((y0, y1))
            for a, b in _ticks_along(sheet.height, lo, hi):
                marks.append(Mark("fold", x0, a, x0, b))
        else:
            lo, hi = sorted((x0, x1))
            for a, b in _ticks_along(sheet.width, lo, hi):
                marks.append(Mark("fold", a, y0, b, y0))
    return marks


MARK_GREY = 0.55  # marks and hints: grey, never the ink
MARK_WIDTH = 0.35  # pt
FOLD_DASH = (2.0, 1.5)  # pt on, pt off: a fold mark is dashed, a cut mark solid


def mark_strokes(sheet: Sheet) -> tuple[Stroke, ...]:
    """The sheet's cut and fold marks as marks to draw (printed only, never plotted)."""
    return tuple(
        Stroke(
            ((m.x0, m.y0), (m.x1, m.y1)),
            MARK_WIDTH,
            Grey(MARK_GREY),
            dash=FOLD_DASH if m.kind == "fold" else (),
            pen=None,
        )
        for m in sheet_marks(sheet)
    )


# -- printed hints ---------------------------------------------------------------------

HINT_SIZE = 6.0  # pt
RELOAD_HINT = (
    "Printing side 2 by hand? Turn this sheet over end over end: "
    "the edge that came out of the printer first goes back in last."
)


class Hint(msgspec.Struct, frozen=True):
    """A line of small print on sheet page ``page``: centred on (x, y), turned ``angle``°.

    ``(x, y)`` is the middle of the text's baseline.
    """

    page: int
    x: float
    y: float
    angle: float
    size: float
    text: str


def sheet_hints(sheet: Sheet, *, width_of=None) -> list[Hint]:
    """The hints a sheet carries where it must be turned, on paper no card uses.

    A two-sided sheet printed without a duplexer goes back into the printer
    turned over end over end (the back pages are laid out for that turn, a flip
    on the edge across the feed): the front page says so along both edges that
    swap, since which one led depends on how the printer's driver turned the page.
    A hint is only ever printed on paper outside every card's trim and outside
    the printer's margin; where the cards reach that edge, there is none.

    Args:
        width_of: text width in points at :data:`HINT_SIZE` (default: 0.5 em a
            character), to check that the hint fits along its edge.
    """
    if sheet.pages < 2 or not sheet.slots:
        return []
    measure = width_of or (lambda text: 0.5 * HINT_SIZE * len(text))
    m = PRINTER_MARGIN
    lo_x = min(s.trim.x for s in sheet.slots)
    hi_x = max(s.trim.right for s in sheet.slots)
    lo_y = min(s.trim.y for s in sheet.slots)
    hi_y = max(s.trim.top for s in sheet.slots)
    rise = 0.35 * HINT_SIZE  # from the baseline to the middle of a lowercase letter
    hints: list[Hint] = []
    if sheet.width > sheet.height:  # the back turns about the vertical: left and right swap
        if measure(RELOAD_HINT) > sheet.height - 2 * m:
            return []
        mid = sheet.height / 2
        if lo_x - m >= 2 * HINT_SIZE:
            hints.append(Hint(0, (m + lo_x) / 2 + rise, mid, 90.0, HINT_SIZE, RELOAD_HINT))
        if sheet.width - m - hi_x >= 2 * HINT_SIZE:
            x = (hi_x + sheet.width - m) / 2 - rise
            hints.append(Hint(0, x, mid, -90.0, HINT_SIZE, RELOAD_HINT))
    else:  # the back turns about the horizontal: top and bottom swap
        if measure(RELOAD_HINT) > sheet.width - 2 * m:
            return []
        mid = sheet.width / 2
        if lo_y - m >= 2 * HINT_SIZE:
            hints.append(Hint(0, mid, (m + lo_y) / 2 - rise, 0.0, HINT_SIZE, RELOAD_HINT))
        if sheet.height - m - hi_y >= 2 * HINT_SIZE:
            y = (hi_y + sheet.height - m) / 2 + rise
            hints.append(Hint(0, mid, y, 180.0, HINT_SIZE, RELOAD_HINT))
    return hints
