"""Layout stage: guide lines and copy sheets for writing a card by pen. Pure.

In guide mode the note is fitted exactly as for printing; instead of the
writing, the card carries a faint rule on each line's baseline and a dashed
one at its x-height, where the fitted line falls, and a copy sheet shows the
note broken into the same lines at the same places, so what is copied fits.
"""

from __future__ import annotations

from dataclasses import dataclass

from cardgen.layout.textfit import Fit

__all__ = ["CopyLine", "Rule", "copy_lines", "rules"]


@dataclass(frozen=True)
class Rule:
    """A guide line from (x0, y) to (x1, y): ``kind`` "base" or "x" (the x-height)."""

    kind: str
    x0: float
    x1: float
    y: float
    line: int  # which line of the fit it guides


@dataclass(frozen=True)
class CopyLine:
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
