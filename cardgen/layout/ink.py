"""Layout stage: a single-line hand's strokes as ink — filled pieces of varying width. Pure.

A pen (:class:`~cardgen.model.InkPen`) follows each stroke's centreline, in pen
order, from where it lands. Its line is the centreline offset left and right
by half the width at each point; the width comes from the pressure — wider on
downstrokes and tight (slow) curves by the pen's ``swell``, with a slow wobble,
a blob where the pen lands, a taper over ``tail_mm`` to
``lift`` where it leaves — or, for a broad nib, from the stroke's direction
against the nib. Both ends are round; a stroke is cut at its sharp corners
(where the pen stops and turns), each part ending round.

Each stroke is cut into pieces a few mm long that abut on a shared
cross-section (no overlap along a stroke, so no beads where they meet), each
with its own alpha: the ink's ``opacity`` drifting smoothly, by up to
``tone``, along the pen's whole path. Where strokes cross or retrace, two
pieces overlap and the ink prints darker, as it does on paper. A stroke too
short to draw a line (a dot) is a small round blot.

Points are thinned where the line is straight and even, so a card of some
1,500 letters stays a small PDF. The same strokes, pen, size and ``rng`` give
the same pieces.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cardgen.model import InkPen
from cardgen.units import MM

__all__ = ["InkPiece", "ink_strokes", "stroke_widths", "width_range"]

PIECE_MM = 2.5  # a piece's length along its stroke
USUAL = 0.35  # the pressure of ordinary writing, where the line is the pen's nominal width
WOBBLE = 0.3  # the width's slow wobble, as a fraction of the pen's swell
WOBBLE_MM = (3.1, 7.3)  # its wavelengths along the pen's path
TONE_MM = (29.0, 83.0)  # the ink's drift's wavelengths along the pen's path
CORNER = math.radians(75)  # a stroke turning more than this at a point has a corner there
SAG = 0.08  # pt: a point is kept when the line would stray this far from a chord without it
EVEN = 0.15  # … or its width has changed by this fraction of the line's usual width
GAP_MM = 1.2  # … or it is this far from the last
CAP = 3  # points inside each round end
ROUND_MM = 0.35  # the font's straight pieces are rounded off over about twice this
STAY_MM = 0.05  # a stroke starting this close to the last one's end: the pen stayed down
_COS_CORNER = math.cos(CORNER)
_RANGE_N = 4096
_RANGE = np.arange(_RANGE_N, dtype=float)  # 0, 1, 2 … (sliced: cheaper than arange each time)


@dataclass(frozen=True, eq=False)
class InkPiece:
    """One filled piece of a stroke: ``points`` (n, 2) pt, a closed polygon; ``alpha`` 0..1."""

    points: np.ndarray
    alpha: float


@dataclass(frozen=True)
class _Drift:
    """Slow waves along the pen's path (pt travelled → a value), phased by the rng."""

    phases: tuple[float, float]
    wavelengths: tuple[float, float]
    weights: tuple[float, float] = (0.6, 0.4)

    def at(self, travel: np.ndarray) -> np.ndarray:
        (p0, p1), (l0, l1), (w0, w1) = self.phases, self.wavelengths, self.weights
        return w0 * np.sin(2 * np.pi * travel / l0 + p0) + w1 * np.sin(2 * np.pi * travel / l1 + p1)

    def value(self, travel: float) -> float:
        (p0, p1), (l0, l1), (w0, w1) = self.phases, self.wavelengths, self.weights
        return w0 * math.sin(2 * math.pi * travel / l0 + p0) + w1 * math.sin(
            2 * math.pi * travel / l1 + p1
        )


def _nominal(pen: InkPen, size: float) -> float:
    """The pen's line width in pt; never more than a seventh of very small writing's size."""
    return min(pen.width_mm * MM, 0.14 * size) if size > 0 else pen.width_mm * MM


def width_range(pen: InkPen, size: float) -> tuple[float, float]:
    """The thinnest and thickest line ``pen`` draws at writing ``size`` (pt)."""
    w = _nominal(pen, size)
    low = pen.lift * (1 - USUAL * pen.swell)
    if pen.nib_angle_deg is not None:
        low *= pen.nib_min
    return w * low, w * (1 + max((1 - USUAL) * pen.swell, 2 * pen.blob))


def _smooth(values: np.ndarray, span: int) -> np.ndarray:
    """A running mean over ``2 * span + 1`` points (the ends held), along the first axis."""
    n = len(values)
    if span < 1 or n < 3:
        return values
    padded = np.empty((n + 2 * span + 1, *values.shape[1:]))
    padded[0] = 0.0
    padded[1 : span + 1] = values[0]
    padded[span + 1 : span + 1 + n] = values
    padded[span + 1 + n :] = values[-1]
    total = padded.cumsum(axis=0)
    return (total[2 * span + 1 :] - total[: -2 * span - 1]) / (2 * span + 1)


@dataclass(frozen=True, eq=False)
class _Line:
    """A stroke evenly resampled, part by part (cut at its sharp corners, where the pen
    stops and turns; a corner ends one part and starts the next, so it is there twice):
    points, where they are along the stroke (pt), unit tangents, headings (radians), how
    tight it turns (0 straight .. 1 tight), the line's width (pt), and each part's first
    and last index."""

    points: np.ndarray
    s: np.ndarray
    tangent: np.ndarray
    heading: np.ndarray
    tight: np.ndarray
    widths: np.ndarray
    parts: list[tuple[int, int]]


def _resample(stroke: np.ndarray, step: float) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """``stroke`` at even steps of about ``step`` pt within each part between its sharp
    corners: (points (n, 2), arc length (n,), where each part starts)."""
    d = stroke[1:] - stroke[:-1]
    lengths = np.hypot(d[:, 0], d[:, 1])
    moves = lengths > 1e-9
    if not moves.all():
        stroke, d, lengths = stroke[np.concatenate(([True], moves))], d[moves], lengths[moves]
    unit = d / lengths[:, None]
    turns = unit[:-1] * unit[1:]
    corners = np.flatnonzero(turns[:, 0] + turns[:, 1] < _COS_CORNER) + 1
    along = np.empty(len(lengths) + 1)
    along[0] = 0.0
    lengths.cumsum(out=along[1:])
    total = float(along[-1])
    if len(corners):
        ends = [0.0, *along[corners].tolist(), total]
        at: list[np.ndarray] = []
        starts: list[int] = []
        count = 0
        for a, b in itertools.pairwise(ends):
            n = max(2, math.ceil((b - a) / step) + 1)
            starts.append(count)
            at.append(
                a + _RANGE[:n] * ((b - a) / (n - 1))
                if n <= _RANGE_N
                else a + np.arange(n) * ((b - a) / (n - 1))
            )
            count += n
        s = np.concatenate(at)
    else:
        n = max(2, math.ceil(total / step) + 1)
        starts = [0]
        s = 0.0 + (_RANGE[:n] if n <= _RANGE_N else np.arange(n, dtype=float)) * (total / (n - 1))
    points = np.empty((len(s), 2))
    points[:, 0] = np.interp(s, along, stroke[:, 0])
    points[:, 1] = np.interp(s, along, stroke[:, 1])
    # A pen's path is a curve: round off the font's facets (its letters are drawn in
    # straight pieces), part by part, each part's ends and its corners where they are.
    span = round(ROUND_MM * MM / step)
    if span >= 1:
        for a, b in zip(starts, [*starts[1:], len(s)], strict=True):
            if b - a > 2 * span + 2:
                values = points[a:b]
                smooth = _smooth(_smooth(values, span), span)
                smooth[0] = values[0]
                smooth[-1] = values[-1]
                points[a:b] = smooth
    return points, s, starts


def _line(
    stroke: np.ndarray, pen: InkPen, size: float, wobble: _Drift | None, travel: float
) -> _Line:
    """``stroke`` with the pen's width at each point; ``wobble`` (a drift along the pen's
    path from ``travel``) varies it slowly, None not at all."""
    step = _step(size)
    points, s, starts = _resample(stroke, step)
    n = len(s)
    lasts = [b - 1 for b in [*starts[1:], n]]
    parts = list(zip(starts, lasts, strict=True))
    d = points[1:] - points[:-1]
    # to the next point (within the part where it starts), from the point before, or both
    tangent = np.empty((n, 2))
    tangent[1:-1] = d[1:] + d[:-1]
    tangent[lasts] = d[[b - 1 for b in lasts]]
    tangent[starts] = d[starts]
    tangent /= np.maximum(np.hypot(tangent[:, 0], tangent[:, 1]), 1e-12)[:, None]
    raw = np.arctan2(tangent[:, 1], tangent[:, 0])
    turn = raw[1:] - raw[:-1]
    turn += np.pi
    turn %= 2 * np.pi
    turn -= np.pi
    heading = np.empty(n)
    heading[0] = 0.0
    turn.cumsum(out=heading[1:])
    heading += raw[0]
    dh = heading[1:] - heading[:-1]
    change = np.empty(n)
    change[1:-1] = 0.5 * (dh[:-1] + dh[1:])
    change[lasts] = dh[[b - 1 for b in lasts]]
    change[starts] = dh[starts]
    span = max(1, round(0.3 * MM / step))
    np.abs(change, out=change)
    change /= step
    tight = _smooth(change, span) * 0.08 * size
    np.clip(tight, 0.0, 1.0, out=tight)
    factor = _widths(tangent, heading, tight, s, float(s[-1]), pen, size)
    if wobble is not None:
        factor += pen.swell * WOBBLE * wobble.at(travel + s)
    low, high = width_range(pen, size)
    widths = _nominal(pen, size) * factor
    np.clip(widths, low, high, out=widths)
    return _Line(points, s, tangent, heading, tight, widths, parts)


def _widths(
    tangent: np.ndarray,
    heading: np.ndarray,
    tight: np.ndarray,
    s: np.ndarray,
    length: float,
    pen: InkPen,
    size: float,
) -> np.ndarray:
    """The line's width factor at each point of one stroke ``length`` pt long (``s`` along it).

    The width's slow wobble is added by the caller.
    """
    w = _nominal(pen, size)
    down = -tangent[:, 1]  # y is up: a downstroke goes to lower y
    np.clip(down, 0.0, 1.0, out=down)
    pressure = 0.75 * _smooth(down, 2) + 0.5 * tight
    np.clip(pressure, 0.0, 1.0, out=pressure)
    factor = 1.0 + pen.swell * (pressure - USUAL)
    if pen.nib_angle_deg is not None:
        nib = math.radians(pen.nib_angle_deg)
        across = np.abs(np.sin(heading - nib))
        factor *= np.maximum(_smooth(across, 1), pen.nib_min)
    tail = min(pen.tail_mm * MM, 0.4 * length)
    if tail > 0:
        u = (length - s) / tail
        np.clip(u, 0.0, 1.0, out=u)
        factor *= pen.lift + (1 - pen.lift) * u * u * (3 - 2 * u)
    if pen.blob > 0:
        factor += 2 * pen.blob * np.exp(-((s / (0.9 * w)) ** 2))
    return factor


def _step(size: float) -> float:
    """How far apart the centreline is sampled (pt): finer for smaller writing."""
    return min(max(0.04 * size, 0.1 * MM), 0.35 * MM)


def stroke_widths(
    stroke: np.ndarray, pen: InkPen, size: float, rng: random.Random | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """One stroke's centreline, evenly resampled, and the line's width (pt) at each point.

    ``rng`` phases the width's slow wobble (None: no wobble), as :func:`ink_strokes` does.
    """
    wobble = None if rng is None else _Drift(_phases(rng), _waves(WOBBLE_MM))
    line = _line(np.asarray(stroke, dtype=float), pen, size, wobble, 0.0)
    return line.points, line.widths


def _phases(rng: random.Random) -> tuple[float, float]:
    return rng.uniform(0, 2 * np.pi), rng.uniform(0, 2 * np.pi)


def _waves(mm: tuple[float, float]) -> tuple[float, float]:
    return mm[0] * MM, mm[1] * MM


def _boundaries(s: np.ndarray, tight: np.ndarray) -> list[int]:
    """Where a line is cut into pieces: about every :data:`PIECE_MM`, where it turns least."""
    length = s[-1] - s[0]
    count = max(1, round(length / (PIECE_MM * MM)))
    cuts = [0]
    for k in range(1, count):
        aim = s[0] + length * k / count
        lo, hi = np.searchsorted(s, [aim - 0.3 * length / count, aim + 0.3 * length / count])
        lo, hi = max(lo, cuts[-1] + 2), min(hi, len(s) - 3)
        if hi > lo:
            cuts.append(int(lo + np.argmin(tight[lo:hi])))
    cuts.append(len(s) - 1)
    return cuts


def _kept(line: _Line, fixed: list[int]) -> list[int]:
    """The points worth keeping: where the line (or its edge) has strayed :data:`SAG` from
    the chord since the last one kept, its width changed, or it has gone far."""
    heading, width, along = line.heading.tolist(), line.widths.tolist(), line.s.tolist()
    fixed_set = set(fixed)
    keep = [0]
    h0, w0, s0 = heading[0], width[0], along[0]
    even, gap, bend = EVEN * _median(width), GAP_MM * MM, 8 * SAG
    for i in range(1, len(along)):
        turn = abs(heading[i] - h0)
        si, wi = along[i], width[i]
        if (
            i in fixed_set
            or (si - s0 + 0.5 * w0 * turn) * turn > bend
            or abs(wi - w0) > even
            or si - s0 > gap
        ):
            keep.append(i)
            h0, w0, s0 = heading[i], wi, si
    return keep


def _median(values: list[float]) -> float:
    """The median, as :func:`numpy.median` gives it (the mean of the middle two, if even)."""
    ordered = sorted(values)
    half = len(ordered) // 2
    return ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2


_CAP_TURNS = [math.pi * k / (CAP + 1) for k in range(1, CAP + 1)]


def _cap(centre: Sequence[float], radius: float, start: float) -> list[tuple[float, float]]:
    """:data:`CAP` points of a half circle, from angle ``start`` turning clockwise by pi."""
    x, y = float(centre[0]), float(centre[1])
    return [
        (x + radius * math.cos(start - t), y + radius * math.sin(start - t)) for t in _CAP_TURNS
    ]


def _stroke_pieces(
    stroke: np.ndarray, pen: InkPen, size: float, wobble: _Drift, tone: _Drift, travel: float
) -> list[InkPiece]:
    """A stroke's pieces: each part cut about every :data:`PIECE_MM`, round where the pen
    lands and at the end of each part (a corner it turns at, or where it lifts)."""
    line = _line(stroke, pen, size, wobble, travel)
    cuts = [
        [a + c for c in _boundaries(line.s[a : b + 1], line.tight[a : b + 1])]
        for a, b in line.parts
    ]
    keep = _kept(line, [c for part in cuts for c in part])
    n = len(line.s)
    half = line.widths / 2
    normal = np.empty_like(line.tangent)
    normal[:, 0] = -line.tangent[:, 1]
    normal[:, 1] = line.tangent[:, 0]
    normal *= half[:, None]
    angles = np.arctan2(normal[:, 1], normal[:, 0]).tolist()
    along, radii, centres = line.s.tolist(), half.tolist(), line.points.tolist()
    # Every piece's ring as indices into one table (left edges, right edges, round
    # ends), gathered at once: its left edge forward, the round end of its part,
    # its right edge back, the round start of the stroke.
    caps = [_cap(centres[0], radii[0], angles[0] + math.pi)]
    caps += [_cap(centres[part[-1]], radii[part[-1]], angles[part[-1]]) for part in cuts]
    table = np.concatenate(
        (line.points + normal, line.points - normal, np.array(caps).reshape(-1, 2))
    )
    back = [n + i for i in keep]
    rings: list[int] = []
    sizes: list[int] = []
    mids: list[float] = []
    for p, part in enumerate(cuts, 1):
        for a, b in itertools.pairwise(part):
            ka, kb = bisect.bisect_left(keep, a), bisect.bisect_right(keep, b)
            size = len(rings)
            rings += keep[ka:kb]
            if b == part[-1]:
                rings += range(2 * n + CAP * p, 2 * n + CAP * p + CAP)
            rings += back[ka:kb][::-1]
            if a == 0:
                rings += range(2 * n, 2 * n + CAP)
            sizes.append(len(rings) - size)
            mids.append(travel + 0.5 * (along[a] + along[b]))
    points = table[rings]
    pieces = []
    at = 0
    for size, mid in zip(sizes, mids, strict=True):
        pieces.append(InkPiece(points[at : at + size], _alpha(pen, tone, mid)))
        at += size
    return pieces


def _alpha(pen: InkPen, tone: _Drift, travel: float, darker: float = 0.0) -> float:
    value = pen.opacity + pen.tone * (tone.value(travel) + darker)
    low, high = pen.opacity - pen.tone, pen.opacity + pen.tone
    return min(max(value, low, 0.05), high, 1.0)


def _blot(
    stroke: np.ndarray, pen: InkPen, size: float, rng: random.Random, tone: _Drift, travel: float
) -> InkPiece:
    """A dot: a round blot a little wider than the pen's line, slightly uneven."""
    reach = float(np.max(np.hypot(*(stroke - stroke.mean(axis=0)).T)))
    width = _nominal(pen, size)
    if pen.nib_angle_deg is not None:  # a broad nib's dot: between its thin and thick line
        width *= (1 + pen.nib_min) / 2
    radius = 0.5 * width * (1.1 + pen.blob) + 0.5 * reach
    angles = 2 * np.pi * (np.arange(10) + rng.random()) / 10
    radii = radius * (1 + 0.08 * np.array([rng.uniform(-1, 1) for _ in range(10)]))
    ring = stroke.mean(axis=0) + radii[:, None] * np.column_stack((np.cos(angles), np.sin(angles)))
    return InkPiece(ring, _alpha(pen, tone, travel, darker=0.5))


def _pen_down(strokes: Sequence[np.ndarray]) -> list[np.ndarray]:
    """The strokes as the pen draws them: one that starts within :data:`STAY_MM` of where
    the last ended (a joined letter, its neighbour's exit) goes on without a lift."""
    runs: list[list[np.ndarray]] = []
    for raw in strokes:
        stroke = np.asarray(raw, dtype=float).reshape(-1, 2)
        if not len(stroke):
            continue
        if runs and math.dist(stroke[0], runs[-1][-1][-1]) <= STAY_MM * MM:
            runs[-1].append(stroke)
        else:
            runs.append([stroke])
    return [run[0] if len(run) == 1 else np.concatenate(run) for run in runs]


def ink_strokes(
    strokes: Sequence[np.ndarray], pen: InkPen, rng: random.Random, size: float
) -> tuple[InkPiece, ...]:
    """Strokes (centrelines in page pt, in pen order, each from where the pen lands) as ink.

    A stroke that starts where the one before it ended (within :data:`STAY_MM`: a
    joined letter) continues it, the pen never lifting between them.

    Args:
        strokes: each an (n, 2) array of points, pt.
        pen: the pen that writes them.
        rng: phases the ink's drift and the width's wobble (same rng, same pieces).
        size: the writing's size (pt): how fine the line is sampled, how big a dot is.
    """
    wobble = _Drift(_phases(rng), _waves(WOBBLE_MM))
    tone = _Drift(_phases(rng), _waves(TONE_MM))
    dot = max(0.8 * _nominal(pen, size), 0.03 * size)
    out: list[InkPiece] = []
    travel, last = 0.0, None
    for stroke in _pen_down(strokes):
        if last is not None:  # the pen's path goes on in the air
            travel += math.dist(stroke[0], last)
        length = float(np.sum(np.hypot(*np.diff(stroke, axis=0).T)))
        if length < dot:
            out.append(_blot(stroke, pen, size, rng, tone, travel))
        else:
            out += _stroke_pieces(stroke, pen, size, wobble, tone, travel)
        travel += length
        last = stroke[-1]
    return tuple(out)
