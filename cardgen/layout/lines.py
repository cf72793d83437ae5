"""Layout stage: how a hand sets its lines on an unruled page. Pure.

The left margin creeps inward down the card and wanders slowly in and out,
and a line stops short of the right edge by a random amount (:func:`margins`,
used by the fitter). Each line then takes a course of its own
(:class:`Course`): a slope that persists a little from line to line, a little
jitter at the margin, and a pitch of its own — it sits a little above or
below where the fitter laid it, and drops a little further when its ink
comes too near the line above (:meth:`Course.clear`). Everything is bounded
(:func:`~cardgen.layout.handwriting.allowance` counts it) and drawn from the
generator passed in.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from typing import Protocol

import msgspec
import numpy as np

from cardgen.layout.textfit import Margins
from cardgen.model import Zone

__all__ = [
    "CLEAR_EM",
    "KEEP_SHIFT",
    "KEEP_SLOPE",
    "RISE",
    "Course",
    "LineHand",
    "Shape",
    "ink_boxes",
    "margins",
]

RISE = 0.12  # the most a line's baseline rises or falls along it (of the pitch)
KEEP_SLOPE = 0.35  # how much of its slope a line passes on to the next
KEEP_SHIFT = 0.2  # how much of its shift from its laid-out place a line passes on
CLEAR_EM = 0.08  # the least room (em) a line's ink keeps from the ink of the line above


class LineHand(Protocol):
    """What this module reads of a :class:`~cardgen.layout.handwriting.Hand`."""

    @property
    def k(self) -> float: ...
    @property
    def slope_deg(self) -> float: ...
    @property
    def slope_max_deg(self) -> float: ...
    @property
    def bend_pt(self) -> float: ...
    @property
    def pitch(self) -> float: ...
    @property
    def pitch_max(self) -> float: ...
    @property
    def margin_pt(self) -> float: ...
    @property
    def creep(self) -> float: ...
    @property
    def wander(self) -> float: ...
    @property
    def rag(self) -> float: ...


def margins(hand: LineHand, rng: random.Random, lines: int = 160) -> Margins:
    """How this hand's lines begin and end on a card: the margin creeps and wanders,
    the edge is ragged.

    The left margin moves inward by a little every line (``creep`` of the
    width over a card's worth of lines), with a little noise, and wanders
    slowly in and out (two long waves over the lines, ``wander`` of the width
    either way at most); a line stops short of the right edge by a random
    amount, now and then by nothing.
    """
    k = hand.k
    indent: list[float] = []
    short: list[float] = []
    step = hand.creep * k / 14  # a card holds about 14 lines
    waves = [  # (amplitude, radians per line, phase): one of 5–9 lines, one of 12–24
        (rng.uniform(0.6, 1.0) * share, 2 * math.pi / rng.uniform(lo, hi), rng.uniform(0, 6.3))
        for share, lo, hi in ((0.6, 5.0, 9.0), (0.4, 12.0, 24.0))
    ]
    for i in range(lines):
        wander = sum(a * math.sin(w * i + p) for a, w, p in waves) * hand.wander * k
        creep = min(hand.creep * k, max(0.0, i * step + rng.gauss(0.0, step / 2)))
        indent.append(creep + hand.wander * k + wander)  # never left of the box
        short.append(0.0 if rng.random() < 0.3 else rng.uniform(0.15, 1.0) * hand.rag * k)
    return Margins(tuple(indent), tuple(short))


def _clamp(v: float, lim: float) -> float:
    return max(-lim, min(lim, v))


class Shape(msgspec.Struct, frozen=True):
    """One line's course along it: its slope (degrees), the bow of its baseline
    (pt) and the phase and wavelength (pt) of the baseline's slow drift; and its own
    shift from its laid-out place (pt), drawn, before it follows the line above's."""

    slope: float
    bend: float
    phase: float
    wavelength: float
    shift: float = 0.0


class Course(msgspec.Struct):
    """Where a hand has got to down the page: the last line's slope (degrees), its
    jitter at the left margin (pt, rightward) and its shift (pt below its
    laid-out baseline). Each line's follow a little from the line before's."""

    hand: LineHand
    rng: random.Random
    slope: float = 0.0
    margin: float = 0.0
    shift: float = 0.0

    def next_line(self, pitch: float, s: float, width: float) -> Shape:
        """Draw the next line's slope, margin jitter and shift (``pitch`` its laid-out
        pitch, ``s`` the hand's size factor, ``width`` its length), and its shape; the
        line takes its shift (:meth:`settle`) once the line above is written."""
        hand, rng, k = self.hand, self.rng, self.hand.k
        slope = KEEP_SLOPE * self.slope + rng.gauss(0.0, hand.slope_deg * k)
        self.slope = _clamp(slope, hand.slope_max_deg * k)
        bend = rng.uniform(-1.0, 1.0) * hand.bend_pt * s
        phase = rng.uniform(0.0, 2 * math.pi)
        wavelength = rng.uniform(0.8, 1.6) * max(width, 1.0)
        margin = self.margin * 0.7 + rng.gauss(0.0, 0.5) * hand.margin_pt * k
        self.margin = _clamp(margin, hand.margin_pt * k)
        shift = rng.gauss(0.0, hand.pitch * k * pitch)
        return Shape(self.slope, bend, phase, wavelength, shift)

    def settle(self, shape: Shape, pitch: float) -> float:
        """The shift (pt below its laid-out baseline) of the line drawn as ``shape``
        (its laid-out ``pitch``), after the line above's (:meth:`clear` may have
        dropped that): a little of that one's, and its own."""
        self.shift = self.follow(self.shift, shape, pitch)
        return self.shift

    def follow(self, shift: float, shape: Shape, pitch: float) -> float:
        """The shift (pt) :meth:`settle` gives the line drawn as ``shape`` (its laid-out
        ``pitch``) after a line shifted ``shift`` pt."""
        return _clamp(KEEP_SHIFT * shift + shape.shift, self.hand.pitch_max * self.hand.k * pitch)

    def clear(
        self, above: np.ndarray | None, boxes: np.ndarray, size: float, pitch: float
    ) -> float:
        """How far (pt) to drop the line just written (its ink ``boxes``, lowered
        here by as much) to keep :data:`CLEAR_EM` from the ink of the line ``above``;
        never below its laid-out place by more than ``pitch_max``."""
        if above is None:
            return 0.0
        if len(above) and len(boxes) and above[:, 1].min() - boxes[:, 3].max() >= CLEAR_EM * size:
            return 0.0  # its highest ink is clear of the lowest above: no pair need be looked at
        room = CLEAR_EM * size - _clearance(above, boxes)
        drop = min(max(0.0, room), self.hand.pitch_max * self.hand.k * pitch - self.shift)
        if drop <= 0.0:
            return 0.0
        self.shift += drop
        boxes[:, 1::2] -= drop
        return drop


def ink_boxes(boxes: Iterable[Zone]) -> np.ndarray:
    """Glyphs' ink boxes as rows x0, y0, x1, y1."""
    rows = [(b.x, b.y, b.right, b.top) for b in boxes]
    return np.array(rows, dtype=float).reshape(-1, 4)


def _clearance(above: np.ndarray, below: np.ndarray) -> float:
    """The least vertical room between ink above and ink below it (pt; inf if none overlap)."""
    if not len(above) or not len(below):
        return math.inf
    across = (above[:, None, 0] < below[None, :, 2]) & (below[None, :, 0] < above[:, None, 2])
    if not across.any():
        return math.inf
    room = above[:, None, 1] - below[None, :, 3]
    return float(room[across].min())
