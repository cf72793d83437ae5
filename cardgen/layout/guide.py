"""Layout stage: guide lines and copy sheets for writing a card by pen. Pure.

In guide mode the note is fitted exactly as for printing; instead of the
writing, the card carries a faint rule on each line's baseline and a dashed
one at its x-height, where the fitted line falls, and a copy sheet shows the
note broken into the same lines at the same places, so what is copied fits.
"""

from __future__ import annotations

import msgspec

from cardgen.layout.art import Colour, Rgb, StockShade, Stroke
from cardgen.layout.textfit import Fit

__all__ = ["FAINT", "CopyLine", "Rule", "copy_lines", "guide_marks", "rules"]

FAINT = 0.86  # guides: the stock's colour times this (a shade darker)
FAINT_WIDTH = 0.3  # pt
BOLD_WIDTH = 1.0  # pt, on the light-box page
X_DASH = (1.5, 2.0)  # the x-height guide: dashed


class Rule(msgspec.Struct, frozen=True):
    """A guide line from (x0, y) to (x1, y): ``kind`` "base" or "x" (the x-height)."""

    kind: str
    x0: float
    x1: float
    y: float
    line: int  # which line of the fit it guides


class CopyLine(msgspec.Struct, frozen=True):
    """One line of the copy sheet: ``text`` set from (x, y) on its baseline."""

    text: str
    x: float
    y: float
    size: float
    kind: str  # salutation, body, closing or signature
    width: float  # how long the fitted line runs (pt): the copy never runs longer


def rules(fit: Fit, origin: tuple[float, float], x_height: float) -> list[Rule]:
    """The guides for a fitted block whose top-left is ``origin`` (pt, y up).

    Every line gets its baseline, across the block's whole width (a hand's
    lines run longer or shorter than the font's); a written line gets its
    x-height too; a signature image gets a line to sign on.

    Args:
        x_height: the hand's x-height, em.
    """
    left, top = origin
    out: list[Rule] = []
    for i, line in enumerate(fit.lines):
        x0 = left + line.x
        x1 = max(left + fit.width, x0 + line.width)
        base = top - line.y
        out.append(Rule("base", x0, x1, base, i))
        if line.text and not line.image_height:
            out.append(Rule("x", x0, x1, base + x_height * line.size, i))
    return out


def copy_lines(fit: Fit, origin: tuple[float, float]) -> list[CopyLine]:
    """The fitted lines as the copy sheet sets them: same text, same baselines."""
    left, top = origin
    return [
        CopyLine(line.text, left + line.x, top - line.y, line.size, line.kind, line.width)
        for line in fit.lines
        if line.text
    ]


def guide_marks(
    guides: list[Rule], *, bold: bool = False, colour: Colour | None = None
) -> tuple[Stroke, ...]:
    """Guides as marks: the baselines solid, the x-height lines dashed and lighter.

    Faint (the stock a shade darker, :data:`FAINT_WIDTH`) or, with ``bold``,
    black and :data:`BOLD_WIDTH` (the light box); ``colour`` overrides either.
    Printed only: a plotter draws the writing, never its guides.
    """
    ink = colour if colour is not None else Rgb(0.0, 0.0, 0.0) if bold else StockShade(FAINT)
    width = BOLD_WIDTH if bold else FAINT_WIDTH
    return tuple(
        Stroke(
            ((rule.x0, rule.y), (rule.x1, rule.y)),
            width * 0.6 if rule.kind == "x" else width,
            ink,
            dash=X_DASH if rule.kind == "x" else (),
            cap=1,
            pen=None,
        )
        for rule in guides
    )
