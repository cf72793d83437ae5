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

Every stroke of a writing is worked on at once, one after another in the same
arrays; the pieces come back as one :class:`~cardgen.layout.inkcut.InkPieces`
(every polygon's points in one array, with where each starts and its alpha),
cut and thinned by :mod:`.inkcut`.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

import msgspec
import numpy as np

from cardgen.layout.inkcut import (
    CAP,
    PIECE_MM,
    InkPiece,
    InkPieces,
    caps,
    cuts,
    kept,
    ranges,
    rings,
)
from cardgen.layout.runs import (
    _interp,
    _lengths,
    _pen_down,
    _runs,
    _runs_cumsum,
    _runs_smooth,
    _runs_smooth_twice,
    _runs_smooths,
)
from cardgen.model import InkPen
from cardgen.units import MM

__all__ = [
    "PIECE_MM",
    "InkPiece",
    "InkPieces",
    "ink_path",
    "ink_strokes",
    "stroke_widths",
    "width_range",
]

USUAL = 0.35  # the pressure of ordinary writing, where the line is the pen's nominal width
WOBBLE = 0.3  # the width's slow wobble, as a fraction of the pen's swell
WOBBLE_MM = (3.1, 7.3)  # its wavelengths along the pen's path
TONE_MM = (29.0, 83.0)  # the ink's drift's wavelengths along the pen's path
CORNER = math.radians(75)  # a stroke turning more than this at a point has a corner there
ROUND_MM = 0.35  # the font's straight pieces are rounded off over about twice this
_COS_CORNER = math.cos(CORNER)


class _Drift(msgspec.Struct, frozen=True):
    """Slow waves along the pen's path (pt travelled → a value), phased by the rng."""

    phases: tuple[float, float]
    wavelengths: tuple[float, float]
    weights: tuple[float, float] = (0.6, 0.4)

    def at(self, travel: np.ndarray) -> np.ndarray:
        (p0, p1), (l0, l1), (w0, w1) = self.phases, self.wavelengths, self.weights
        # w0 sin(2 pi t / l0 + p0) + w1 sin(2 pi t / l1 + p1), in place: no temporaries
        out, other = travel * (2 * np.pi), travel * (2 * np.pi)
        for wave, length, phase, weight in ((out, l0, p0, w0), (other, l1, p1, w1)):
            wave /= length
            wave += phase
            np.sin(wave, out=wave)
            wave *= weight
        out += other
        return out

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


class _Line(msgspec.Struct, frozen=True, eq=False):
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


class _Lines(msgspec.Struct, frozen=True, eq=False):
    """Many strokes' :class:`_Line` data one after another: ``first[k]`` is where stroke
    k's points start (``first[-1]`` the total); ``spans`` every part's first and last
    point (global indices, (m, 2)), stroke after stroke, ``per_stroke[k]`` stroke k's
    number of parts."""

    points: np.ndarray
    s: np.ndarray
    tangent: np.ndarray
    heading: np.ndarray
    tight: np.ndarray
    widths: np.ndarray
    first: list[int]
    spans: np.ndarray
    per_stroke: np.ndarray

    def line(self, k: int) -> _Line:
        a, b = self.first[k], self.first[k + 1]
        head = int(self.per_stroke[:k].sum())
        own = self.spans[head : head + int(self.per_stroke[k])].tolist()
        return _Line(
            self.points[a:b],
            self.s[a:b],
            self.tangent[a:b],
            self.heading[a:b],
            self.tight[a:b],
            self.widths[a:b],
            [(p - a, q - a) for p, q in own],
        )


def _resample(
    flat: np.ndarray, sizes: np.ndarray, step: float
) -> tuple[np.ndarray, np.ndarray, list[int], np.ndarray, np.ndarray]:
    """Each stroke (``sizes`` points of ``flat`` after another) at even steps of about
    ``step`` pt within each part between its sharp corners, all strokes one after
    another: (points (n, 2), arc length along its stroke (n,), where each stroke starts
    (and the total), every part's first and last point (m, 2), each stroke's number of
    parts)."""
    d = flat[1:] - flat[:-1]
    lengths = np.hypot(d[:, 0], d[:, 1])
    heads = np.cumsum(sizes) - sizes
    moves = lengths > 1e-9
    moves[heads[1:] - 1] = False  # from one stroke's end to the next one's start
    kept = np.concatenate(([True], moves))
    kept[heads] = True
    corner_points = flat.compress(kept, axis=0)  # compress, take: numpy's fast row gathers
    d, lengths = d.compress(moves, axis=0), lengths[moves]
    counts = np.add.reduceat(np.append(moves, False).astype(np.int64), heads)
    unit = np.empty_like(d)  # column by column: no ufunc broadcasts along a 2-wide row
    np.divide(d[:, 0], lengths, out=unit[:, 0])
    np.divide(d[:, 1], lengths, out=unit[:, 1])
    turns = unit[:-1] * unit[1:]
    corner = turns[:, 0] + turns[:, 1] < _COS_CORNER
    move_heads = np.cumsum(counts) - counts
    across = move_heads[1:] - 1
    corner[across[(across >= 0) & (across < len(corner))]] = False
    # Arc length at each kept point: 0 at each stroke's start, then its steps summed.
    along = np.zeros(len(corner_points))
    point_heads = move_heads + np.arange(len(counts))
    rest = np.ones(len(corner_points), dtype=bool)
    rest[point_heads] = False
    along[rest] = _runs_cumsum(lengths, counts)
    pairs = np.flatnonzero(corner)
    at_corner = pairs + np.searchsorted(move_heads, pairs, side="right")
    ends_of = np.append(point_heads, len(corner_points))
    # Each part between a stroke's start, its corners and its end at even steps.
    bounds = np.concatenate((point_heads, at_corner, ends_of[1:] - 1))
    kinds = np.repeat([0, 1, 2], [len(point_heads), len(at_corner), len(point_heads)])
    order = np.lexsort((kinds, bounds))
    bounds, kinds = bounds[order], kinds[order]
    a, b = along[bounds[:-1]][kinds[:-1] != 2], along[bounds[1:]][kinds[:-1] != 2]
    n_arr = np.maximum(2, np.ceil((b - a) / step).astype(np.int64) + 1)
    q = (b - a) / (n_arr - 1)
    part_heads = np.cumsum(n_arr) - n_arr
    count = int(n_arr.sum())
    index = np.arange(count, dtype=float) - np.repeat(part_heads, n_arr)
    s = np.repeat(a, n_arr) + index * np.repeat(q, n_arr)
    # Each stroke's parts: one more than its corners.
    per_stroke = (
        np.bincount(np.searchsorted(point_heads, at_corner, side="right") - 1, minlength=len(sizes))
        + 1
    )
    firsts = np.cumsum(per_stroke) - per_stroke
    first = [0, *np.cumsum(np.add.reduceat(n_arr, firsts)).tolist()]
    spans = np.column_stack((part_heads, part_heads + n_arr - 1))
    stroke_of = np.repeat(np.arange(len(sizes)), np.diff(first))
    points = _interp(s, stroke_of, along, corner_points, ends_of)
    _round_off(points, n_arr, part_heads, round(ROUND_MM * MM / step))
    return points, s, first, spans, per_stroke


def _round_off(points: np.ndarray, sizes: np.ndarray, heads: np.ndarray, span: int) -> None:
    """A pen's path is a curve: round off the font's facets (its letters are drawn in
    straight pieces), part by part (``sizes`` points from ``heads``), in place; each
    part's ends, and so its corners, stay where they are."""
    long = sizes > 2 * span + 2
    if span < 1 or not long.any():
        return
    chosen = np.flatnonzero(np.repeat(long, sizes))
    smooth = _runs_smooth_twice(points.take(chosen, axis=0), sizes[long], span)
    inner = np.ones(len(points), dtype=bool)
    inner[heads] = False
    inner[heads + sizes - 1] = False
    inner = inner.take(chosen)
    at = chosen.compress(inner)
    for axis in range(points.shape[1]):  # column by column: numpy's fast indexing
        points[at, axis] = smooth[:, axis].compress(inner)


def _lines(
    strokes: Sequence[np.ndarray],
    pen: InkPen,
    size: float,
    wobble: _Drift | None,
    travels: Sequence[float],
) -> _Lines:
    """Each stroke with the pen's width at each point; ``wobble`` (a drift along the
    pen's path, stroke k from ``travels[k]``) varies it slowly, None not at all."""
    sizes = np.array([len(stroke) for stroke in strokes], dtype=np.int64)
    return _path_lines(np.concatenate(strokes), sizes, pen, size, wobble, travels)


def _path_lines(
    flat: np.ndarray,
    sizes: np.ndarray,
    pen: InkPen,
    size: float,
    wobble: _Drift | None,
    travels: Sequence[float],
) -> _Lines:
    """:func:`_lines` of strokes of ``sizes`` points of ``flat``, one after another."""
    step = _step(size)
    points, s, first, spans, per_stroke = _resample(flat, sizes, step)
    n = len(s)
    counts = np.diff(first)
    starts, lasts = spans[:, 0], spans[:, 1]
    before = lasts - 1
    d = points[1:] - points[:-1]
    # to the next point (within the part where it starts), from the point before, or both
    tangent = np.empty((n, 2))
    tangent[1:-1] = d[1:] + d[:-1]
    tangent[lasts] = d.take(before, axis=0)  # take: numpy's fast gather, here and below
    tangent[starts] = d.take(starts, axis=0)
    norm = np.maximum(np.hypot(tangent[:, 0], tangent[:, 1]), 1e-12)
    tangent[:, 0] /= norm  # column by column: no ufunc broadcasts along a 2-wide row
    tangent[:, 1] /= norm
    raw = np.arctan2(tangent[:, 1], tangent[:, 0])
    turn = raw[1:] - raw[:-1]
    turn += np.pi
    turn %= 2 * np.pi
    turn -= np.pi
    heads = np.array(first[:-1])
    begins = np.zeros(n, dtype=bool)
    begins[heads] = True
    heading = np.zeros(n)
    heading[~begins] = _runs_cumsum(turn.compress(~begins[1:]), counts - 1)
    heading += np.repeat(raw[heads], counts)
    dh = heading[1:] - heading[:-1]
    change = np.empty(n)
    change[1:-1] = 0.5 * (dh[:-1] + dh[1:])
    change[lasts] = dh.take(before)
    change[starts] = dh.take(starts)
    span = max(1, round(0.3 * MM / step))
    np.abs(change, out=change)
    change /= step
    down = -tangent[:, 1]  # y is up: a downstroke goes to lower y
    np.clip(down, 0.0, 1.0, out=down)
    turning, downs = _runs_smooths([change, down], counts, [span, 2])
    tight = turning * 0.08 * size
    np.clip(tight, 0.0, 1.0, out=tight)
    length = s[np.array(first[1:], dtype=np.int64) - 1]
    factor = _widths(downs, heading, tight, s, counts, length, pen, size)
    if wobble is not None:
        factor += pen.swell * WOBBLE * wobble.at(np.repeat(np.asarray(travels), counts) + s)
    low, high = width_range(pen, size)
    widths = _nominal(pen, size) * factor
    np.clip(widths, low, high, out=widths)
    return _Lines(points, s, tangent, heading, tight, widths, first, spans, per_stroke)


def _line(
    stroke: np.ndarray, pen: InkPen, size: float, wobble: _Drift | None, travel: float
) -> _Line:
    """``stroke`` with the pen's width at each point; ``wobble`` (a drift along the pen's
    path from ``travel``) varies it slowly, None not at all."""
    return _lines([stroke], pen, size, wobble, [travel]).line(0)


def _widths(
    downs: np.ndarray,
    heading: np.ndarray,
    tight: np.ndarray,
    s: np.ndarray,
    counts: np.ndarray,
    length: np.ndarray,
    pen: InkPen,
    size: float,
) -> np.ndarray:
    """The line's width factor at each point of strokes of ``counts`` points, each
    ``length`` pt long (``s`` along it); ``downs`` how far the line heads down at each
    (0 .. 1, a running mean over 5 points, :func:`_runs_smooth`).

    The width's slow wobble is added by the caller.
    """
    w = _nominal(pen, size)
    pressure = 0.75 * downs + 0.5 * tight
    np.clip(pressure, 0.0, 1.0, out=pressure)
    factor = 1.0 + pen.swell * (pressure - USUAL)
    if pen.nib_angle_deg is not None:
        nib = math.radians(pen.nib_angle_deg)
        across = np.abs(np.sin(heading - nib))
        factor *= np.maximum(_runs_smooth(across, counts, 1), pen.nib_min)
    tail = np.minimum(pen.tail_mm * MM, 0.4 * length)
    if (tail > 0).any():
        tails = np.repeat(tail, counts)
        u = (np.repeat(length, counts) - s) / np.where(tails > 0, tails, 1.0)
        np.clip(u, 0.0, 1.0, out=u)
        taper = pen.lift + (1 - pen.lift) * u * u * (3 - 2 * u)
        factor *= np.where(tails > 0, taper, 1.0)
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


def _stroke_pieces(
    flat: np.ndarray,
    counts: np.ndarray,
    pen: InkPen,
    size: float,
    wobble: _Drift,
    tone: _Drift,
    travels: Sequence[float],
) -> tuple[InkPieces, list[int]]:
    """Every stroke's pieces (strokes of ``counts`` points of ``flat``), one stroke after
    another, and how many each has: each part cut about every :data:`PIECE_MM`, round
    where the pen lands and at the end of each part (a corner it turns at, or where it
    lifts)."""
    lines = _path_lines(flat, counts, pen, size, wobble, travels)
    n = len(lines.s)
    half = lines.widths / 2
    normal = np.empty_like(lines.tangent)
    normal[:, 0] = -lines.tangent[:, 1]
    normal[:, 1] = lines.tangent[:, 0]
    normal[:, 0] *= half  # column by column: no ufunc broadcasts along a 2-wide row
    normal[:, 1] *= half
    at_cut, sizes = cuts(lines.s, lines.tight, lines.spans)  # each part's cuts; its pieces
    fixed = np.zeros(n, dtype=bool)
    fixed[at_cut] = True
    keep = kept(lines.heading, lines.widths, lines.s, lines.first, fixed)
    # Every piece: its first and last point (a cut and the next in its part), its
    # stroke, the round end of its part (the part's last piece) and the round start
    # of its stroke (its first piece).
    opens = np.ones(len(at_cut), dtype=bool)
    opens[np.cumsum(sizes + 1) - 1] = False  # a part's last cut starts no piece
    pieces = np.column_stack((at_cut[opens], at_cut[1:][opens[:-1]]))
    strokes = len(lines.per_stroke)
    at = np.repeat(np.repeat(np.arange(strokes), lines.per_stroke), sizes)
    finish = np.full(len(pieces), -1, dtype=np.int64)
    finish[np.cumsum(sizes) - 1] = np.arange(len(sizes))
    heads = np.array(lines.first[:-1], dtype=np.int64)
    landing = pieces[:, 0] == heads[at]
    # The table: left edges, right edges, each stroke's round start, each part's round end.
    last = lines.spans[:, 1]
    table = np.concatenate(
        (
            lines.points + normal,
            lines.points - normal,
            caps(
                lines.points.take(heads, axis=0),
                half[heads],
                _angle(normal.take(heads, axis=0)) + np.pi,
            ),
            caps(lines.points.take(last, axis=0), half[last], _angle(normal.take(last, axis=0))),
        )
    )
    index, offsets = rings(
        n,
        keep,
        pieces,
        np.where(finish >= 0, 2 * n + CAP * (len(heads) + finish), -1),
        np.where(landing, 2 * n + CAP * at, -1),
    )
    mids = np.asarray(travels)[at] + 0.5 * (lines.s[pieces[:, 0]] + lines.s[pieces[:, 1]])
    count = np.bincount(at, minlength=strokes).tolist()
    return InkPieces(table.take(index, axis=0), offsets, _alphas(pen, tone, mids)), count


def _angle(vectors: np.ndarray) -> np.ndarray:
    return np.arctan2(vectors[:, 1], vectors[:, 0])


def _alpha(pen: InkPen, tone: _Drift, travel: float, darker: float = 0.0) -> float:
    value = pen.opacity + pen.tone * (tone.value(travel) + darker)
    low, high = pen.opacity - pen.tone, pen.opacity + pen.tone
    return min(max(value, low, 0.05), high, 1.0)


def _alphas(pen: InkPen, tone: _Drift, travel: np.ndarray) -> np.ndarray:
    """:func:`_alpha` at each of ``travel`` (no darker)."""
    value = pen.opacity + pen.tone * (tone.at(travel) + 0.0)
    low, high = pen.opacity - pen.tone, pen.opacity + pen.tone
    return np.minimum(np.maximum(np.maximum(value, low), 0.05), min(high, 1.0))


def _blots(
    flat: np.ndarray,
    runs: list[tuple[int, int]],
    turns: list[float],
    jitter: list[list[float]],
    alphas: list[float],
    pen: InkPen,
    size: float,
) -> InkPieces:
    """Dots (runs of ``flat``): each a round blot a little wider than the pen's line,
    slightly uneven, its ring turned by its ``turns`` and each radius moved by its
    ``jitter`` (uniform, -1..1; drawn from the rng in the pen's order); filled with its
    ``alphas``.

    All dots at once: those of a number of points side by side in a table (numpy sums
    each one's points along it in order, as it sums one dot's alone), every ring at once
    from its centre and radius, the same operations on each number as dot by dot."""
    heads = np.array([a for a, _ in runs], dtype=np.int64)
    sizes = np.array([b - a for a, b in runs], dtype=np.int64)
    centre, reach = np.empty((len(runs), 2)), np.empty(len(runs))
    for n in sorted(set(sizes.tolist())):  # (np.unique would import numpy.ma)
        which = np.flatnonzero(sizes == n)
        table = flat[heads[which][:, None] + np.arange(n)]  # (dots, points, 2)
        centre[which] = table.mean(axis=1)
        away = table - centre[which][:, None, :]
        reach[which] = np.hypot(away[..., 0], away[..., 1]).max(axis=1)
    width = _nominal(pen, size)
    if pen.nib_angle_deg is not None:  # a broad nib's dot: between its thin and thick line
        width *= (1 + pen.nib_min) / 2
    radius = 0.5 * width * (1.1 + pen.blob) + 0.5 * reach
    angles = 2 * np.pi * (np.arange(10) + np.array(turns)[:, None]) / 10
    radii = radius[:, None] * (1 + 0.08 * np.array(jitter))
    ring = np.empty((len(runs), 10, 2))
    ring[..., 0] = centre[:, 0, None] + radii * np.cos(angles)
    ring[..., 1] = centre[:, 1, None] + radii * np.sin(angles)
    offsets = np.arange(0, 10 * len(runs) + 1, 10, dtype=np.int64)
    return InkPieces(ring.reshape(-1, 2), offsets, np.array(alphas, dtype=float))


def ink_strokes(
    strokes: Sequence[np.ndarray], pen: InkPen, rng: random.Random, size: float
) -> InkPieces:
    """Strokes (centrelines in page pt, in pen order, each from where the pen lands) as ink.

    A stroke that starts where the one before it ended (within :data:`STAY_MM`: a
    joined letter) continues it, the pen never lifting between them.

    Args:
        strokes: each an (n, 2) array of points, pt.
        pen: the pen that writes them.
        rng: phases the ink's drift and the width's wobble (same rng, same pieces).
        size: the writing's size (pt): how fine the line is sampled, how big a dot is.
    """
    return _ink(*_pen_down(strokes), pen, rng, size)


def ink_path(
    points: np.ndarray, starts: np.ndarray, pen: InkPen, rng: random.Random, size: float
) -> InkPieces:
    """:func:`ink_strokes` of strokes given one after another: all their ``points``
    ((n, 2), pt) and where each starts among them (and the total, n)."""
    return _ink(*_runs(points, np.diff(starts)), pen, rng, size)


def _ink(
    flat: np.ndarray, runs: list[int], pen: InkPen, rng: random.Random, size: float
) -> InkPieces:
    """:func:`ink_strokes` of the pen's runs (from ``runs`` of ``flat``, and the total)."""
    wobble = _Drift(_phases(rng), _waves(WOBBLE_MM))
    tone = _Drift(_phases(rng), _waves(TONE_MM))
    dot = max(0.8 * _nominal(pen, size), 0.03 * size)
    if len(runs) < 2:
        return InkPieces.of(())
    lengths = _lengths(flat, runs)
    heads, ends = np.array(runs[:-1], dtype=np.int64), np.array(runs[1:], dtype=np.int64) - 1
    # The pen's path in the air from each run's end to where it lands next (math.dist);
    # how far it has gone where each run starts: the lengths and the air added one after
    # another (a cumulative sum adds them in the order a running total does).
    air = map(
        math.dist, flat.take(heads[1:], axis=0).tolist(), flat.take(ends[:-1], axis=0).tolist()
    )
    steps = np.empty(2 * len(lengths) - 1)
    steps[0::2] = lengths
    steps[1::2] = list(air)
    travel = [0.0, *np.cumsum(steps)[1::2].tolist()]
    dotted = np.array(lengths) < dot  # too short to draw a line: a dot, blotted
    strokes_at, dots_at = np.flatnonzero(~dotted), np.flatnonzero(dotted)
    blots = [(runs[k], runs[k + 1]) for k in dots_at.tolist()]
    turns: list[float] = []
    jitter: list[list[float]] = []
    alphas = [_alpha(pen, tone, travel[k], darker=0.5) for k in dots_at.tolist()]
    for _ in blots:  # each dot's ring's turn, then each radius's move, in the pen's order
        turns.append(rng.random())
        jitter.append([rng.uniform(-1, 1) for _ in range(10)])
    travels = [travel[k] for k in strokes_at.tolist()]
    dots = _blots(flat, blots, turns, jitter, alphas, pen, size) if blots else None
    if not len(strokes_at):
        return dots if dots is not None else InkPieces.of(())
    sizes = np.diff(np.array(runs, dtype=np.int64))
    if dots is not None:  # the lines' points alone, one after another
        sizes = sizes.take(strokes_at)
        flat = flat.take(
            ranges(np.array(runs[:-1], dtype=np.int64).take(strokes_at), sizes), axis=0
        )
    pieces, counts = _stroke_pieces(flat, sizes, pen, size, wobble, tone, travels)
    if dots is None:
        return pieces
    # The blots' pieces after the lines', then all put in the pen's order: each piece
    # by its run, a line's in their order (a stable sort).
    every = pieces.joined(dots)
    ranked = np.argsort(np.concatenate((np.repeat(strokes_at, counts), dots_at)), kind="stable")
    return every.taken(ranked)
