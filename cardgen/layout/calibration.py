"""Layout stage: the printer test page of ``cardgen calibrate``. Pure, in points.

The page reads a printer's shift without a ruler: folded in half, edge on
edge, a sheet creases exactly through its middle, and the crease crosses a
scale printed across the middle at the number that says how far the printer
moved the page (the tick marked ``k`` is printed ``k`` mm before the middle,
so a printer that moves everything ``k`` mm on puts it under the crease). A
150 mm ruler in each direction gives the scale when measured with a real
ruler; crosses 20 mm in from each corner's two edges, and a box 10 mm in from
the edges, show at a glance how the sheet sits. The second page, for the
back of a two-sided sheet, is the same page read on the other side.
"""

from __future__ import annotations

import msgspec

from cardgen.layout.geometry import PAPER
from cardgen.units import MM

__all__ = [
    "CORNER",
    "RULER",
    "SCALE_RANGE",
    "CalibrationPage",
    "Label",
    "Line",
    "calibration_pages",
]

CORNER = 20 * MM  # the corner crosses sit this far in from two edges
RULER = 150 * MM  # the length of each ruler
SCALE_RANGE = 6  # the fold scales read from −6 mm to +6 mm, in half millimetres


class Line(msgspec.Struct, frozen=True):
    """A hairline from (x0, y0) to (x1, y1); ``weight`` in points."""

    x0: float
    y0: float
    x1: float
    y1: float
    weight: float = 0.3


class Label(msgspec.Struct, frozen=True):
    """Text with its baseline's middle (``align`` "centre") or start ("left") at (x, y)."""

    x: float
    y: float
    text: str
    size: float
    align: str = "centre"
    angle: float = 0.0


class CalibrationPage(msgspec.Struct, frozen=True):
    """One side of the test page."""

    width: float
    height: float
    lines: tuple[Line, ...]
    labels: tuple[Label, ...]
    ticks_x: tuple[tuple[float, float], ...]  # (shift in mm, x) of the dx scale's ticks
    ticks_y: tuple[tuple[float, float], ...]  # (shift in mm, y) of the dy scale's ticks


def _cross(x: float, y: float, arm: float = 6 * MM) -> list[Line]:
    return [Line(x - arm, y, x + arm, y), Line(x, y - arm, x, y + arm)]


def _dx_scale(cx: float, y: float) -> tuple[list[Line], list[Label], list[tuple[float, float]]]:
    """Vertical ticks across the vertical crease: the tick for shift k lies at cx − k mm.

    Whole millimetres are long ticks, numbered above (even) and below (odd).
    """
    reach = (SCALE_RANGE + 0.5) * MM
    lines: list[Line] = [Line(cx - reach, y, cx + reach, y, 0.25)]
    labels: list[Label] = [Label(cx - reach - 2.5 * MM, y - 1, "dx", 7, align="right")]
    ticks = []
    for half in range(-2 * SCALE_RANGE, 2 * SCALE_RANGE + 1):
        k = half / 2
        x = cx - k * MM
        whole = half % 2 == 0
        tall = 3 * MM if whole else 1.5 * MM
        lines.append(Line(x, y - tall, x, y + tall, 0.35 if half == 0 else 0.2))
        ticks.append((k, x))
        if whole:
            text = f"{k:+g}".replace("+0", "0")
            above = half % 4 == 0
            labels.append(Label(x, y + 4.2 * MM if above else y - 6 * MM, text, 5.5))
    return lines, labels, ticks


def _dy_scale(x: float, cy: float) -> tuple[list[Line], list[Label], list[tuple[float, float]]]:
    """Horizontal ticks across the horizontal crease: shift k (down) lies k mm above cy."""
    reach = (SCALE_RANGE + 0.5) * MM
    lines: list[Line] = [Line(x, cy - reach, x, cy + reach, 0.25)]
    labels: list[Label] = [Label(x, cy + reach + 2.5 * MM, "dy", 7)]
    ticks = []
    for half in range(-2 * SCALE_RANGE, 2 * SCALE_RANGE + 1):
        k = half / 2
        y = cy + k * MM
        whole = half % 2 == 0
        tall = 3 * MM if whole else 1.5 * MM
        lines.append(Line(x - tall, y, x + tall, y, 0.35 if half == 0 else 0.2))
        ticks.append((k, y))
        if whole:
            text = f"{k:+g}".replace("+0", "0")
            if half % 4 == 0:
                labels.append(Label(x + 4 * MM, y - 2, text, 5.5, align="left"))
            else:
                labels.append(Label(x - 4 * MM, y - 2, text, 5.5, align="right"))
    return lines, labels, ticks


def _rulers(cx: float, cy: float) -> tuple[list[Line], list[Label]]:
    """A 150 mm ruler below the centre (horizontal) and left of it (vertical)."""
    lines: list[Line] = []
    labels: list[Label] = []
    y = cy - 62 * MM
    x0 = cx - RULER / 2
    lines.append(Line(x0, y, x0 + RULER, y, 0.25))
    vx = cx - 88 * MM
    y0 = cy - RULER / 2
    lines.append(Line(vx, y0, vx, y0 + RULER, 0.25))
    for mm in range(0, 151):
        tall = (4 if mm % 10 == 0 else 2.5 if mm % 5 == 0 else 1.5) * MM
        weight = 0.35 if mm in (0, 150) else 0.2
        lines.append(Line(x0 + mm * MM, y, x0 + mm * MM, y + tall, weight))
        lines.append(Line(vx, y0 + mm * MM, vx + tall, y0 + mm * MM, weight))
        if mm % 10 == 0:
            labels.append(Label(x0 + mm * MM, y - 3 * MM, str(mm), 5.5))
            labels.append(Label(vx - 1.5 * MM, y0 + mm * MM - 2, str(mm), 5.5, align="right"))
    labels.append(Label(cx, y - 7 * MM, "150 mm: measure it with a ruler", 7))
    return lines, labels


def calibration_pages(paper: str, *, back: bool) -> tuple[CalibrationPage, ...]:
    """The test page for ``paper``, and its back when ``back``."""
    width, height = PAPER[paper]
    cx, cy = width / 2, height / 2
    pages = []
    for side in ("front", "back") if back else ("front",):
        lines: list[Line] = []
        labels: list[Label] = []
        for x in (CORNER, width - CORNER):
            for y in (CORNER, height - CORNER):
                lines.extend(_cross(x, y))
        labels.append(
            Label(CORNER + 8 * MM, height - CORNER - 2, "20 mm from each edge", 6, align="left")
        )
        inset = 10 * MM
        box = [(inset, inset), (width - inset, inset), (width - inset, height - inset)]
        box.append((inset, height - inset))
        for (x0, y0), (x1, y1) in zip(box, box[1:] + box[:1], strict=True):
            lines.append(Line(x0, y0, x1, y1, 0.2))
        lines.extend(_cross(cx, cy, 3 * MM))
        ticks_x: list[tuple[float, float]] = []
        ticks_y: list[tuple[float, float]] = []
        # Fold scales at the centre and near each edge: the same reading
        # everywhere, or the paper went through askew.
        for y in (cy + 15 * MM, height - 88 * MM, 38 * MM):
            more_lines, more_labels, ticks = _dx_scale(cx, y)
            lines += more_lines
            labels += more_labels
            ticks_x = ticks_x or ticks
        for x in (cx + 15 * MM, 40 * MM, width - 40 * MM):
            more_lines, more_labels, ticks = _dy_scale(x, cy)
            lines += more_lines
            labels += more_labels
            ticks_y = ticks_y or ticks
        rule_lines, rule_labels = _rulers(cx, cy)
        lines += rule_lines
        labels += rule_labels
        labels += _instructions(paper, side, width, height)
        pages.append(
            CalibrationPage(
                width, height, tuple(lines), tuple(labels), tuple(ticks_x), tuple(ticks_y)
            )
        )
    return tuple(pages)


def _instructions(paper: str, side: str, width: float, height: float) -> list[Label]:
    """The title and the steps, at the top."""
    name = {"letter": "Letter", "a4": "A4"}[paper]
    top = height - 32 * MM
    title = f"cardgen printer test page: {side}, {name}"
    labels = [Label(width / 2, top, title, 14)]
    flag = "--back-dx … --back-dy …" if side == "back" else "--dx … --dy …"
    if side == "front":
        first = 'Print this page on plain paper at 100 % ("actual size", never "fit to page").'
    else:
        first = (
            "Print this page on the back of the front's sheet, the way you print "
            "two-sided cards (duplex, or turned over end over end by hand)."
        )
    steps = [
        "Fold the sheet in half, left edge exactly on right edge; crease it; unfold it.",
        "Where the crease crosses a dx scale is dx (+: the printer prints to the right).",
        "Fold it in half top edge on bottom edge: where that crease crosses a dy scale is dy",
        "(+: it prints too low). Read half millimetres; every scale should read the same.",
        "Measure a 150 mm ruler with a real ruler: if it is 149.4 mm, the scale is 99.6%.",
        f"Then save it:  cardgen printer {flag} [--scale 99.6%]",
    ]
    labels.append(Label(width / 2, top - 7 * MM, first, 8))
    y = top - 15 * MM
    for step in steps:
        labels.append(Label(width / 2 - 62 * MM, y, step, 8, align="left"))
        y -= 4 * MM
    return labels
