"""Layout stage: a pen hand's glyphs as the strokes its pen draws. Pure.

A pen hand's glyph holds its strokes' points one after another (each stroke
starts at an ``m`` of its template). Within a word a stroke that starts where
an earlier one ended continues it: joined letters, the pen never lifting.
"""

from __future__ import annotations

import itertools

import numpy as np

from cardgen.layout.handwriting import Glyph
from cardgen.layout.inkcut import ranges

__all__ = ["pen_path", "pen_strokes"]


def _contour_starts(template: str) -> tuple[int, ...]:
    """Where each stroke of a pen hand's glyph starts among its points (its ``m``)."""
    starts = _STARTS.get(template)
    if starts is None:
        ops = template.split()[2::3]  # "{} {} m {} {} l …": one operator per point
        starts = _STARTS[template] = tuple(i for i, op in enumerate(ops) if op == "m")
    return starts


_STARTS: dict[str, tuple[int, ...]] = {}


def _pen_spans(template: str, count: int) -> np.ndarray:
    """The strokes of a pen hand's glyph of ``count`` points: each one's first point and
    end among them ((k, 2)), those of two points or more."""
    spans = _SPANS.get((template, count))
    if spans is None:
        starts = _contour_starts(template)
        ends = (*starts[1:], count)
        own = [(a, b) for a, b in zip(starts, ends, strict=True) if b - a >= 2]
        spans = _SPANS[(template, count)] = np.array(own, dtype=np.int64).reshape(-1, 2)
    return spans


_SPANS: dict[tuple[str, int], np.ndarray] = {}


def pen_strokes(glyphs: tuple[Glyph, ...], join: float) -> list[np.ndarray]:
    """The pen's strokes of a pen hand's ``glyphs``, in writing order (page pt).

    Within a word, a stroke that starts within ``join`` pt of where an earlier
    one ended continues it (joined letters: the pen did not lift), so its ink
    runs on without a new landing or a lift. (:func:`pen_path`, each stroke apart.)
    """
    points, starts = pen_path(glyphs, join)
    bounds = starts.tolist()
    return [points[a:b] for a, b in itertools.pairwise(bounds)]


def pen_path(glyphs: tuple[Glyph, ...], join: float) -> tuple[np.ndarray, np.ndarray]:
    """:func:`pen_strokes`' strokes one after another: all their points ((n, 2), page pt)
    and where each stroke starts among them (and the total).

    Every glyph's strokes are gathered first, from all their points in one array;
    which of a word's strokes ends within ``join`` of where a later one starts is
    found for all at once; then the pen goes through them in order, joining.
    """
    every = [g.points for g in glyphs]
    counts = np.fromiter(map(len, every), dtype=np.int64, count=len(every))
    spans = [_pen_spans(g.template, n) for g, n in zip(glyphs, counts.tolist(), strict=True)]
    per = np.fromiter(map(len, spans), dtype=np.int64, count=len(spans))
    if not per.sum():
        return np.zeros((0, 2)), np.zeros(1, dtype=np.int64)
    words = np.fromiter((g.word for g in glyphs), dtype=np.int64, count=len(glyphs))
    turns = np.cumsum(np.concatenate(([0], words[1:] != words[:-1])))  # each word as it comes
    owner = np.repeat(np.arange(len(glyphs)), per)
    flat = np.concatenate(spans) + (np.cumsum(counts) - counts).take(owner)[:, None]
    points = np.concatenate(every)
    last = points.take(flat[:, 1] - 1, axis=0)
    # Where two of a letter's strokes start at the same join (a join inside a stroke,
    # cut there), the one ending furthest on runs on: it leaves the letter. (A stable
    # sort of each glyph's strokes by how far left they end, the glyphs in order.)
    order = np.lexsort((-last[:, 0], owner))
    flat, last, owner = flat.take(order, axis=0), last.take(order, axis=0), owner.take(order)
    near = _near(points.take(flat[:, 0], axis=0), last, turns.take(owner), join)
    fresh = np.concatenate(([True], owner[1:] != owner[:-1])).tolist()  # a glyph's first
    out: list[list[int]] = []  # each pen stroke's glyph strokes (in the order above)
    tail: list[int] = []  # the glyph stroke each of ``out`` ends with
    stroke: list[int] = []  # the pen stroke each glyph stroke is in
    taken: set[int] = set()
    for j, new in enumerate(fresh):
        if new:
            taken = set()
        into = -1  # the newest of the word's pen strokes ending near, not this glyph's
        for p in near.get(j, ()):
            i = stroke[p]
            if tail[i] == p and i > into and i not in taken:
                into = i
        if into < 0:
            into = len(out)
            out.append([j])
            tail.append(j)
        else:
            out[into].append(j)
            tail[into] = j
        taken.add(into)
        stroke.append(into)
    return _joined(points, flat, out)


def _joined(
    points: np.ndarray, spans: np.ndarray, strokes: list[list[int]]
) -> tuple[np.ndarray, np.ndarray]:
    """The pen's strokes (each its glyph strokes, ``spans`` of ``points``, one after
    another, each after the first without its first point: where the one before ended),
    all their points gathered at once, and where each stroke starts (and the total)."""
    sizes = np.fromiter(map(len, strokes), dtype=np.int64, count=len(strokes))
    which = np.fromiter(itertools.chain.from_iterable(strokes), dtype=np.int64, count=len(spans))
    own = spans.take(which, axis=0)
    heads = np.cumsum(sizes) - sizes  # each pen stroke's first glyph stroke
    later = np.ones(len(which), dtype=np.int64)
    later[heads] = 0
    begin = own[:, 0] + later
    lengths = own[:, 1] - begin
    starts = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(np.add.reduceat(lengths, heads), out=starts[1:])
    return points.take(ranges(begin, lengths), axis=0), starts


def _near(starts: np.ndarray, ends: np.ndarray, words: np.ndarray, join: float) -> dict:
    """For each of a writing's glyph strokes (from ``starts`` to ``ends``, in the pen's
    order, ``words`` theirs), the earlier ones of its word ending within ``join`` of
    where it starts (``abs(dx) + abs(dy) <= join``)."""
    m = len(words)
    first = np.searchsorted(words, words, side="left")  # each one's word's first
    before = np.arange(m) - first
    later = np.repeat(np.arange(m), before)
    earlier = np.arange(int(before.sum())) + np.repeat(first - (np.cumsum(before) - before), before)
    to, fro = ends.take(earlier, axis=0), starts.take(later, axis=0)
    close = np.flatnonzero(np.abs(to[:, 0] - fro[:, 0]) + np.abs(to[:, 1] - fro[:, 1]) <= join)
    out: dict[int, list[int]] = {}
    for j, p in zip(later.take(close).tolist(), earlier.take(close).tolist(), strict=True):
        out.setdefault(j, []).append(p)
    return out
