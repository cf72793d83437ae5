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

from cardgen.layout.runs import _runs_cumsum, _runs_smooth, _smooth  # noqa: F401
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


@dataclass(frozen=True, eq=False)
class _Lines:
    """Many strokes' :class:`_Line` data one after another: ``first[k]`` is where stroke
    k's points start (``first[-1]`` the total), ``parts[k]`` its parts (global indices)."""

    points: np.ndarray
    s: np.ndarray
    tangent: np.ndarray
    heading: np.ndarray
    tight: np.ndarray
    widths: np.ndarray
    first: list[int]
    parts: list[list[tuple[int, int]]]

    def line(self, k: int) -> _Line:
        a, b = self.first[k], self.first[k + 1]
        return _Line(
            self.points[a:b],
            self.s[a:b],
            self.tangent[a:b],
            self.heading[a:b],
            self.tight[a:b],
            self.widths[a:b],
            [(p - a, q - a) for p, q in self.parts[k]],
        )


def _resample(
    strokes: Sequence[np.ndarray], step: float
) -> tuple[np.ndarray, np.ndarray, list[int], list[list[tuple[int, int]]]]:
    """Each stroke at even steps of about ``step`` pt within each part between its sharp
    corners, all strokes one after another: (points (n, 2), arc length along its stroke
    (n,), where each stroke starts (and the total), each stroke's parts (first, last))."""
    sizes = np.array([len(stroke) for stroke in strokes])
    flat = np.concatenate(strokes)
    d = flat[1:] - flat[:-1]
    lengths = np.hypot(d[:, 0], d[:, 1])
    heads = np.cumsum(sizes) - sizes
    moves = lengths > 1e-9
    moves[heads[1:] - 1] = False  # from one stroke's end to the next one's start
    kept = np.concatenate(([True], moves))
    kept[heads] = True
    corner_points = flat[kept]
    d, lengths = d[moves], lengths[moves]
    counts = np.add.reduceat(np.append(moves, False).astype(np.int64), heads)
    unit = d / lengths[:, None]
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
    at_corner = (pairs + np.searchsorted(move_heads, pairs, side="right")).tolist()
    along_list = along.tolist()
    ends_of = [*point_heads.tolist(), len(corner_points)]
    a_list: list[float] = []
    q_list: list[float] = []
    n_list: list[int] = []
    first = [0]
    parts: list[list[tuple[int, int]]] = []
    c = 0
    count = 0
    for k in range(len(strokes)):
        e = ends_of[k + 1]
        ends = [0.0]
        while c < len(at_corner) and at_corner[c] < e:
            ends.append(along_list[at_corner[c]])
            c += 1
        ends.append(along_list[e - 1])
        own = []
        for a, b in itertools.pairwise(ends):
            n = max(2, math.ceil((b - a) / step) + 1)
            a_list.append(a)
            q_list.append((b - a) / (n - 1))
            n_list.append(n)
            own.append((count, count + n - 1))
            count += n
        parts.append(own)
        first.append(count)
    n_arr = np.array(n_list)
    part_heads = np.cumsum(n_arr) - n_arr
    index = np.arange(count, dtype=float) - np.repeat(part_heads, n_arr)
    s = np.repeat(np.array(a_list), n_arr) + index * np.repeat(np.array(q_list), n_arr)
    points = np.empty((count, 2))
    for k in range(len(strokes)):
        a, b, h, e = first[k], first[k + 1], ends_of[k], ends_of[k + 1]
        points[a:b, 0] = np.interp(s[a:b], along[h:e], corner_points[h:e, 0])
        points[a:b, 1] = np.interp(s[a:b], along[h:e], corner_points[h:e, 1])
    _round_off(points, n_arr, part_heads, round(ROUND_MM * MM / step))
    return points, s, first, parts


def _round_off(points: np.ndarray, sizes: np.ndarray, heads: np.ndarray, span: int) -> None:
    """A pen's path is a curve: round off the font's facets (its letters are drawn in
    straight pieces), part by part (``sizes`` points from ``heads``), in place; each
    part's ends, and so its corners, stay where they are."""
    long = sizes > 2 * span + 2
    if span < 1 or not long.any():
        return
    chosen = np.repeat(long, sizes)
    values = points[chosen]
    smooth = _runs_smooth(_runs_smooth(values, sizes[long], span), sizes[long], span)
    inner = np.ones(len(points), dtype=bool)
    inner[heads] = False
    inner[heads + sizes - 1] = False
    inner = inner[chosen]
    values[inner] = smooth[inner]
    points[chosen] = values


def _lines(
    strokes: Sequence[np.ndarray],
    pen: InkPen,
    size: float,
    wobble: _Drift | None,
    travels: Sequence[float],
) -> _Lines:
    """Each stroke with the pen's width at each point; ``wobble`` (a drift along the
    pen's path, stroke k from ``travels[k]``) varies it slowly, None not at all."""
    step = _step(size)
    points, s, first, parts = _resample(strokes, step)
    n = len(s)
    counts = np.diff(first)
    starts = [a for own in parts for a, _ in own]
    lasts = [b for own in parts for _, b in own]
    before = [b - 1 for b in lasts]
    d = points[1:] - points[:-1]
    # to the next point (within the part where it starts), from the point before, or both
    tangent = np.empty((n, 2))
    tangent[1:-1] = d[1:] + d[:-1]
    tangent[lasts] = d[before]
    tangent[starts] = d[starts]
    tangent /= np.maximum(np.hypot(tangent[:, 0], tangent[:, 1]), 1e-12)[:, None]
    raw = np.arctan2(tangent[:, 1], tangent[:, 0])
    turn = raw[1:] - raw[:-1]
    turn += np.pi
    turn %= 2 * np.pi
    turn -= np.pi
    heads = np.array(first[:-1])
    begins = np.zeros(n, dtype=bool)
    begins[heads] = True
    heading = np.zeros(n)
    heading[~begins] = _runs_cumsum(turn[~begins[1:]], counts - 1)
    heading += np.repeat(raw[heads], counts)
    dh = heading[1:] - heading[:-1]
    change = np.empty(n)
    change[1:-1] = 0.5 * (dh[:-1] + dh[1:])
    change[lasts] = dh[before]
    change[starts] = dh[starts]
    span = max(1, round(0.3 * MM / step))
    np.abs(change, out=change)
    change /= step
    tight = _runs_smooth(change, counts, span) * 0.08 * size
    np.clip(tight, 0.0, 1.0, out=tight)
    length = np.array([float(s[b - 1]) for b in first[1:]])
    factor = _widths(tangent, heading, tight, s, counts, length, pen, size)
    if wobble is not None:
        factor += pen.swell * WOBBLE * wobble.at(np.repeat(np.asarray(travels), counts) + s)
    low, high = width_range(pen, size)
    widths = _nominal(pen, size) * factor
    np.clip(widths, low, high, out=widths)
    return _Lines(points, s, tangent, heading, tight, widths, first, parts)


def _line(
    stroke: np.ndarray, pen: InkPen, size: float, wobble: _Drift | None, travel: float
) -> _Line:
    """``stroke`` with the pen's width at each point; ``wobble`` (a drift along the pen's
    path from ``travel``) varies it slowly, None not at all."""
    return _lines([stroke], pen, size, wobble, [travel]).line(0)


def _widths(
    tangent: np.ndarray,
    heading: np.ndarray,
    tight: np.ndarray,
    s: np.ndarray,
    counts: np.ndarray,
    length: np.ndarray,
    pen: InkPen,
    size: float,
) -> np.ndarray:
    """The line's width factor at each point of strokes of ``counts`` points, each
    ``length`` pt long (``s`` along it).

    The width's slow wobble is added by the caller.
    """
    w = _nominal(pen, size)
    down = -tangent[:, 1]  # y is up: a downstroke goes to lower y
    np.clip(down, 0.0, 1.0, out=down)
    pressure = 0.75 * _runs_smooth(down, counts, 2) + 0.5 * tight
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


def _boundaries(along: list[float], tight: list[float], a: int, b: int) -> list[int]:
    """Where a line (points ``a`` to ``b``, inclusive) is cut into pieces: about every
    :data:`PIECE_MM`, where it turns least."""
    length = along[b] - along[a]
    count = max(1, round(length / (PIECE_MM * MM)))
    cuts = [a]
    for k in range(1, count):
        aim = along[a] + length * k / count
        lo = bisect.bisect_left(along, aim - 0.3 * length / count, a, b + 1)
        hi = bisect.bisect_left(along, aim + 0.3 * length / count, a, b + 1)
        lo, hi = max(lo, cuts[-1] + 2), min(hi, b - 2)
        if hi > lo:
            cuts.append(min(range(lo, hi), key=tight.__getitem__))
    cuts.append(b)
    return cuts


def _kept(
    heading: list[float], width: list[float], along: list[float], a: int, b: int, fixed: set[int]
) -> list[int]:
    """The points of a line (``a`` to ``b``, inclusive) worth keeping: where the line (or
    its edge) has strayed :data:`SAG` from the chord since the last one kept, its width
    changed, or it has gone far; and the points ``fixed``."""
    keep = [a]
    h0, w0, s0 = heading[a], width[a], along[a]
    even, gap, bend = EVEN * _median(width[a : b + 1]), GAP_MM * MM, 8 * SAG
    for i in range(a + 1, b + 1):
        turn = abs(heading[i] - h0)
        si, wi = along[i], width[i]
        if (
            i in fixed
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
    strokes: Sequence[np.ndarray],
    pen: InkPen,
    size: float,
    wobble: _Drift,
    tone: _Drift,
    travels: Sequence[float],
) -> list[list[InkPiece]]:
    """Each stroke's pieces: each part cut about every :data:`PIECE_MM`, round where the
    pen lands and at the end of each part (a corner it turns at, or where it lifts)."""
    lines = _lines(strokes, pen, size, wobble, travels)
    n = len(lines.s)
    half = lines.widths / 2
    normal = np.empty_like(lines.tangent)
    normal[:, 0] = -lines.tangent[:, 1]
    normal[:, 1] = lines.tangent[:, 0]
    normal *= half[:, None]
    angles = np.arctan2(normal[:, 1], normal[:, 0])  # read only at round ends: not as lists
    radii, centres = half, lines.points
    along = lines.s.tolist()
    heading, width, tight = lines.heading.tolist(), lines.widths.tolist(), lines.tight.tolist()
    # Every piece's ring as indices into one table (left edges, right edges, round
    # ends), gathered at once: its left edge forward, the round end of its part,
    # its right edge back, the round start of its stroke.
    caps: list[list[tuple[float, float]]] = []
    rings: list[int] = []
    sizes: list[int] = []
    mids: list[float] = []
    counts: list[int] = []
    for k, travel in enumerate(travels):
        head, end = lines.first[k], lines.first[k + 1]
        cuts = [_boundaries(along, tight, a, b) for a, b in lines.parts[k]]
        keep = _kept(heading, width, along, head, end - 1, {c for part in cuts for c in part})
        back = [n + i for i in keep]
        start_cap = 2 * n + CAP * len(caps)
        caps.append(_cap(centres[head], float(radii[head]), float(angles[head]) + math.pi))
        total = len(sizes)
        for part in cuts:
            b = part[-1]
            end_cap = 2 * n + CAP * len(caps)
            caps.append(_cap(centres[b], float(radii[b]), float(angles[b])))
            for a, b in itertools.pairwise(part):
                ka, kb = bisect.bisect_left(keep, a), bisect.bisect_right(keep, b)
                size = len(rings)
                rings += keep[ka:kb]
                if b == part[-1]:
                    rings += range(end_cap, end_cap + CAP)
                rings += back[ka:kb][::-1]
                if a == head:
                    rings += range(start_cap, start_cap + CAP)
                sizes.append(len(rings) - size)
                mids.append(travel + 0.5 * (along[a] + along[b]))
        counts.append(len(sizes) - total)
    table = np.concatenate(
        (lines.points + normal, lines.points - normal, np.array(caps).reshape(-1, 2))
    )
    points = table[rings]
    out: list[list[InkPiece]] = []
    at = piece = 0
    for count in counts:
        own = []
        for size, mid in zip(
            sizes[piece : piece + count], mids[piece : piece + count], strict=True
        ):
            own.append(InkPiece(points[at : at + size], _alpha(pen, tone, mid)))
            at += size
        piece += count
        out.append(own)
    return out


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
    out: list[InkPiece | None] = []  # a dot's blot, or None where a line's pieces go
    lines: list[np.ndarray] = []
    travels: list[float] = []
    travel, last = 0.0, None
    for stroke in _pen_down(strokes):
        if last is not None:  # the pen's path goes on in the air
            travel += math.dist(stroke[0], last)
        length = float(np.sum(np.hypot(*np.diff(stroke, axis=0).T)))
        if length < dot:
            out.append(_blot(stroke, pen, size, rng, tone, travel))
        else:
            out.append(None)
            lines.append(stroke)
            travels.append(travel)
        travel += length
        last = stroke[-1]
    if not lines:
        return tuple(piece for piece in out if piece is not None)
    pieces = iter(_stroke_pieces(lines, pen, size, wobble, tone, travels))
    done: list[InkPiece] = []
    for piece in out:
        if piece is None:
            done += next(pieces)
        else:
            done.append(piece)
    return tuple(done)
