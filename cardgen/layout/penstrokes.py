"""Layout stage: a pen hand's glyphs as the strokes its pen draws. Pure.

A pen hand's glyph holds its strokes' points one after another (each stroke
starts at an ``m`` of its template). Within a word a stroke that starts where
an earlier one ended continues it: joined letters, the pen never lifting.
"""

from __future__ import annotations

import numpy as np

from cardgen.layout.handwriting import Glyph

__all__ = ["pen_strokes"]


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
    runs on without a new landing or a lift.

    Every glyph's strokes are gathered first, from all their points in one array;
    which of a word's strokes ends within ``join`` of where a later one starts is
    found for all at once; then the pen goes through them in order, joining.
    """
    every = [g.points for g in glyphs]
    counts = np.fromiter(map(len, every), dtype=np.int64, count=len(every))
    spans = [_pen_spans(g.template, n) for g, n in zip(glyphs, counts.tolist(), strict=True)]
    per = np.fromiter(map(len, spans), dtype=np.int64, count=len(spans))
    if not per.sum():
        return []
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
    ranges = flat.tolist()
    return [
        points[ranges[own[0]][0] : ranges[own[0]][1]]
        if len(own) == 1
        else _joined(points, [ranges[j] for j in own])
        for own in out
    ]


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


def _joined(points: np.ndarray, ranges: list[list[int]]) -> np.ndarray:
    """One pen stroke: its glyph strokes' points (``ranges`` of ``points``) one after
    another, each after the first without its first point (where the one before ended)."""
    (a, b), rest = ranges[0], ranges[1:]
    return np.concatenate([points[a:b], *(points[c + 1 : d] for c, d in rest)])
