"""Layout stage: a pen's line cut into filled pieces, every stroke of a card at once. Pure.

A writing's ink is :class:`InkPieces`: every piece's polygon in one array of
points, with where each starts and its alpha (a sequence of :class:`InkPiece`).

:mod:`.ink` works out the pen's line along each stroke (points, where they are
along it, headings, how tight it turns, widths), all strokes one after another.
Here each part of a stroke (between its sharp corners) is cut about every
:data:`PIECE_MM`, where it turns least; its points are thinned where the line
is straight and even; and every piece's outline is gathered at once as indices
into one table of points: its left edge forward, the round end of its part
(:data:`CAP` points), its right edge back, the round start of its stroke.
"""

from __future__ import annotations

import bisect
import itertools
import math
from abc import ABCMeta
from collections.abc import Iterable, Sequence
from typing import overload

import msgspec
import numpy as np

from cardgen.layout.runs import _groups
from cardgen.units import MM

__all__ = [
    "CAP",
    "EVEN",
    "GAP_MM",
    "PIECE_MM",
    "SAG",
    "InkPiece",
    "InkPieces",
    "caps",
    "cuts",
    "kept",
    "ranges",
    "rings",
]

PIECE_MM = 2.5  # a piece's length along its stroke
SAG = 0.08  # pt: a point is kept when the line would stray this far from a chord without it
EVEN = 0.15  # … or its width has changed by this fraction of the line's usual width
GAP_MM = 1.2  # … or it is this far from the last
CAP = 3  # points inside each round end
_CAP_TURNS = np.array([math.pi * k / (CAP + 1) for k in range(1, CAP + 1)])


class InkPiece(msgspec.Struct, frozen=True, eq=False):
    """One filled piece of a stroke: ``points`` (n, 2) pt, a closed polygon; ``alpha`` 0..1."""

    points: np.ndarray
    alpha: float


class _SequenceMeta(msgspec.StructMeta, ABCMeta):
    """A record's metaclass that is also an abstract base class's (msgspec >= 0.20)."""


class InkPieces(msgspec.Struct, Sequence[InkPiece], metaclass=_SequenceMeta, frozen=True, eq=False):
    """A writing's ink, in drawing order: piece i's polygon is ``points[offsets[i] :
    offsets[i + 1]]`` (pt; ``offsets`` one longer than ``alphas``), filled with
    ``alphas[i]``. A sequence of :class:`InkPiece`, each made when asked for; a
    renderer reads the arrays whole."""

    points: np.ndarray
    offsets: np.ndarray
    alphas: np.ndarray

    @classmethod
    def of(cls, pieces: Iterable[InkPiece]) -> InkPieces:
        """``pieces`` gathered into one."""
        pieces = list(pieces)
        sizes = [len(piece.points) for piece in pieces]
        points = (
            np.concatenate([np.asarray(p.points, dtype=float).reshape(-1, 2) for p in pieces])
            if pieces
            else np.zeros((0, 2))
        )
        offsets = np.array([0, *itertools.accumulate(sizes)], dtype=np.int64)
        return cls(points, offsets, np.array([piece.alpha for piece in pieces], dtype=float))

    def joined(self, other: InkPieces) -> InkPieces:
        """These pieces, then ``other``'s."""
        return InkPieces(
            np.concatenate((self.points, other.points)),
            np.concatenate((self.offsets, other.offsets[1:] + self.offsets[-1])),
            np.concatenate((self.alphas, other.alphas)),
        )

    def taken(self, index: np.ndarray) -> InkPieces:
        """The pieces at ``index``, in its order."""
        sizes = np.diff(self.offsets)[index]
        offsets = np.zeros(len(index) + 1, dtype=np.int64)
        np.cumsum(sizes, out=offsets[1:])
        return InkPieces(
            self.points.take(ranges(self.offsets[:-1][index], sizes), axis=0),
            offsets,
            self.alphas[index],
        )

    def __len__(self) -> int:
        return len(self.alphas)

    @overload
    def __getitem__(self, i: int) -> InkPiece: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[InkPiece, ...]: ...

    def __getitem__(self, i: int | slice) -> InkPiece | tuple[InkPiece, ...]:
        if isinstance(i, slice):
            return tuple(self[k] for k in range(*i.indices(len(self))))
        k = range(len(self))[i]
        a, b = self.offsets[k : k + 2].tolist()
        return InkPiece(self.points[a:b], float(self.alphas[k]))


def ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``starts[i], starts[i] + 1, …`` (``lengths[i]`` of them) for every i, one after another."""
    lengths = np.asarray(lengths, dtype=np.int64)
    heads = np.cumsum(lengths) - lengths
    return np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(
        np.asarray(starts, dtype=np.int64) - heads, lengths
    )


def _boundaries(along: list[float], tight: list[float], a: int, b: int) -> list[int]:
    """Where a line (points ``a`` to ``b``, inclusive) is cut into pieces: about every
    :data:`PIECE_MM`, where it turns least."""
    length = along[b] - along[a]
    count = max(1, round(length / (PIECE_MM * MM)))
    cut = [a]
    for k in range(1, count):
        aim = along[a] + length * k / count
        lo = bisect.bisect_left(along, aim - 0.3 * length / count, a, b + 1)
        hi = bisect.bisect_left(along, aim + 0.3 * length / count, a, b + 1)
        lo, hi = max(lo, cut[-1] + 2), min(hi, b - 2)
        if hi > lo:
            cut.append(min(range(lo, hi), key=tight.__getitem__))
    cut.append(b)
    return cut


def cuts(along: np.ndarray, tight: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every part's cuts (``ends``: each part's first and last point, (m, 2); parts in
    order, apart), one part after another, its first and last among them; and how many
    pieces each part has: about every :data:`PIECE_MM`, where it turns least (a part
    under one and a half pieces long is one piece), as :func:`_boundaries` cuts it.

    Every cut of every part is looked for at once: each aim's window found in its part
    (a bisection's index, stepped exactly) and the point that turns least in it (the
    first such, as :func:`min` gives it). A window that could come within a point of the
    last cut (so that one would move it) has its part cut one by one instead."""
    a, b = ends[:, 0], ends[:, 1]
    length = along[b] - along[a]
    counts = np.rint(length / (PIECE_MM * MM)).astype(np.int64)
    parts = np.flatnonzero(counts > 1)
    chosen, ones = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if len(parts):
        # Each aim k = 1 .. count - 1 of each longer part, its part's numbers beside it.
        c = counts[parts] - 1
        part = np.repeat(parts, c)
        k = (ranges(np.ones(len(parts), dtype=np.int64), c)).astype(float)
        count, size, start = counts[part].astype(float), length[part], along[a[part]]
        aim = start + size * k / count  # the same float operations as _boundaries'
        half = 0.3 * size / count
        pa, pb = a[part], b[part]
        lo = _bisect(along, aim - half, pa, pb, start, size)
        hi = _bisect(along, aim + half, pa, pb, start, size)
        first = np.ones(len(part), dtype=bool)
        first[1:] = part[1:] != part[:-1]
        # The last cut is at most the window before's end - 1 (or the part's first).
        prev = np.where(first, pa, np.maximum(pa, np.concatenate(([0], hi[:-1])) - 1))
        lo = np.maximum(lo, np.where(first, pa + 2, lo))
        hi = np.minimum(hi, pb - 2)
        alone = np.zeros(len(ends), dtype=bool)  # such parts: cut one by one
        alone[part[~first & (lo < prev + 2) & (hi > lo)]] = True
        ones = np.flatnonzero(alone)  # (not np.unique, np.isin: they import numpy.ma)
        some = (hi > lo) & ~alone[part]
        lo, hi, part = lo[some], hi[some], part[some]
        # The first point turning least in each window [lo, hi): windows side by side.
        columns = np.arange(int((hi - lo).max(initial=0)))
        at = lo[:, None] + columns
        inside = at < hi[:, None]
        table = np.where(inside, tight[np.minimum(at, len(tight) - 1)], np.inf)
        chosen = lo + table.argmin(axis=1) if len(lo) else lo
        pieces = np.bincount(part, minlength=len(ends)) + 1
    else:
        pieces = np.ones(len(ends), dtype=np.int64)
    flat = np.concatenate((a, b, chosen))
    if len(ones):
        along_list, tight_list = along.tolist(), tight.tolist()
        own = [_boundaries(along_list, tight_list, *ends[p].tolist())[1:-1] for p in ones]
        pieces[ones] = [len(cut) + 1 for cut in own]
        flat = np.concatenate((flat, np.array([i for cut in own for i in cut], dtype=np.int64)))
    flat.sort()  # parts in order and apart, cuts inside their part: all in order
    return flat, pieces


def _bisect(
    along: np.ndarray,
    x: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    start: np.ndarray,
    size: np.ndarray,
) -> np.ndarray:
    """``bisect.bisect_left(along, x, a, b + 1)`` for each x (``along`` increasing from each
    ``a`` to its ``b``, ``start`` and ``size`` its first value and span): from where x
    would be were the points even, stepped to it exactly."""
    with np.errstate(invalid="ignore", divide="ignore"):
        guess = np.floor((x - start) / size * (b - a))
    j = a + np.nan_to_num(np.clip(guess, -1, b - a + 1)).astype(np.int64)
    np.clip(j, a, b + 1, out=j)
    while (back := (j > a) & (along[np.maximum(j - 1, 0)] >= x)).any():
        j[back] -= 1
    while (on := (j <= b) & (along[np.minimum(j, b)] < x)).any():
        j[on] += 1
    return j


def _evens(width: np.ndarray, first: np.ndarray) -> np.ndarray:
    """:data:`EVEN` times the median of each stroke's widths (strokes from ``first``), as
    :func:`numpy.median` gives it (the mean of the middle two, if even); strokes of like
    length sorted side by side in a table."""
    counts = np.diff(first)
    out = np.empty(len(counts))
    for group in _groups(counts):
        own = counts[group]
        columns = np.arange(int(own.max()))
        inside = columns < own[:, None]
        table = np.full(inside.shape, np.inf)
        table[inside] = width[(first[:-1][group][:, None] + columns)[inside]]
        table.sort(axis=1)
        rows, half = np.arange(len(group)), own // 2
        upper, lower = table[rows, half], table[rows, np.where(own % 2, half, half - 1)]
        out[group] = np.where(own % 2, upper, (lower + upper) / 2)
    return EVEN * out


def kept(
    heading: np.ndarray, width: np.ndarray, along: np.ndarray, first: list[int], fixed: np.ndarray
) -> np.ndarray:
    """The points of every stroke (strokes from ``first``) worth keeping, in order: its
    first, then each where the line (or its edge) has strayed :data:`SAG` from the chord
    since the last one kept, its width changed, or it has gone far; and those ``fixed``
    (a mask; each stroke's last point must be among them).

    Which point follows a kept one is worked out for every point at once, a step
    further each round; the strokes' chains of kept points are then marked (:func:`_chains`).
    """
    heads = np.asarray(first, dtype=np.int64)
    counts = np.diff(heads)
    last = np.repeat(heads[1:] - 1, counts)  # each point's stroke's last point
    even = np.repeat(_evens(width, heads), counts)
    gap, bend = GAP_MM * MM, 8 * SAG
    n = len(along)
    after = np.full(n, -1, dtype=np.int64)  # the point kept after each, were it kept
    points = np.arange(n)
    open_ = points < last  # not yet known (a stroke's last point has none after it)
    step = 1
    while open_.any():
        m = n - step  # every point against the one ``step`` on (across strokes: not open)
        h0, w0, s0 = heading[:m], width[:m], along[:m]
        turn = np.abs(heading[step:] - h0)
        ds = along[step:] - s0
        hit = fixed[step:] | ((ds + 0.5 * w0 * turn) * turn > bend)
        hit |= np.abs(width[step:] - w0) > even[:m]
        hit |= ds > gap
        hit &= open_[:m]
        np.copyto(after[:m], points[step:], where=hit)  # each point hit: the one step on
        open_[:m] &= ~hit
        step += 1
    return _chains(after, heads)


def _chains(after: np.ndarray, heads: np.ndarray) -> np.ndarray:
    """Every point on a stroke's chain (strokes from ``heads``, and the total): its first,
    the point ``after`` it, the one after that, … to its last point (``after`` is -1 at
    each stroke's last point and beyond each other point, within its stroke), in order.

    Every stroke's chain followed at once, a link a round (numpy calls as many as the
    longest chain's links, not a Python step a point)."""
    marked = np.zeros(len(after), dtype=bool)
    at = heads[:-1]
    while len(at):
        marked[at] = True
        at = after.take(at)
        at = at.compress(at >= 0)
    return np.flatnonzero(marked)


def caps(centres: np.ndarray, radii: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Round ends, :data:`CAP` points each (one after another, (3 m, 2)): half circles
    about ``centres`` (m, 2), from angles ``starts`` turning clockwise by pi."""
    # Worked a cap's point at a time over all ends (rows of m), not an end at a time
    # over its three points (numpy loops a row at a time), then read end by end.
    turned = starts - _CAP_TURNS[:, None]
    out = np.empty((2, CAP, len(radii)))
    np.cos(turned, out=out[0])
    np.sin(turned, out=out[1])
    out *= radii
    out[0] += centres[:, 0]
    out[1] += centres[:, 1]
    return out.transpose(2, 1, 0).reshape(-1, 2)


def rings(
    n: int,
    keep: np.ndarray,
    ends: np.ndarray,
    end_cap: np.ndarray,
    start_cap: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Every piece's outline as indices into a table of the left edge's ``n`` points, the
    right edge's ``n``, then the round ends: (indices, where each piece's start, and the
    total). Piece i runs from point ``ends[i, 0]`` to ``ends[i, 1]`` (both ``keep``
    points) along its left edge, round its part's end (``end_cap[i]``: the first of its
    :data:`CAP` points in the table, or -1 if it ends inside its part), back along its
    right edge and round its stroke's start (``start_cap[i]``, or -1)."""
    ka = np.searchsorted(keep, ends[:, 0], side="left")
    kb = np.searchsorted(keep, ends[:, 1], side="right")
    m = kb - ka
    e = np.where(end_cap >= 0, CAP, 0)
    s = np.where(start_cap >= 0, CAP, 0)
    sizes = 2 * m + e + s
    offsets = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    out = np.empty(int(offsets[-1]), dtype=np.int64)
    heads = offsets[:-1]
    local = ranges(np.zeros_like(m), m)  # 0 .. m - 1 within each piece
    forward = np.repeat(ka, m) + local
    out[ranges(heads, m)] = keep[forward]
    out[ranges(heads + m, e)] = ranges(end_cap[e > 0], e[e > 0])
    out[ranges(heads + m + e, m)] = n + keep[np.repeat(kb - 1, m) - local]
    out[ranges(heads + 2 * m + e, s)] = ranges(start_cap[s > 0], s[s > 0])
    return out, offsets
