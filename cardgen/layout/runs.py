"""Layout stage: running sums and means over many short runs at once; the pen's runs. Pure.

The pen's ink (:mod:`.ink`) works on every stroke of a card together: the
strokes' values lie one after another in one array, and these sum and smooth
each run as if it were alone, in a few numpy calls instead of one per stroke;
interpolate each run on its own (:func:`_interp`); and find where the pen lifts
between strokes (:func:`_pen_down`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from cardgen.units import MM

__all__ = [
    "STAY_MM",
    "_interp",
    "_lengths",
    "_pen_down",
    "_runs",
    "_runs_cumsum",
    "_runs_smooth",
    "_runs_smooth_twice",
    "_runs_smooths",
    "_smooth",
]


STAY_MM = 0.05  # a stroke starting this close to the last one's end: the pen stayed down


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


def _groups(counts: np.ndarray) -> list[np.ndarray]:
    """The runs' indices grouped by length, each group's lengths within a factor of two:
    a group's runs side by side in one table waste little of it on padding (one table
    for all would be as wide as the longest run, most of it padding)."""
    _, scale = np.frexp(counts.astype(float))
    order = np.argsort(scale, kind="stable")
    bounds = [0, *(np.flatnonzero(np.diff(scale[order])) + 1).tolist(), len(order)]
    return [order[a:b] for a, b in itertools.pairwise(bounds)]


def _runs_cumsum(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Each run's cumulative sum (runs of ``counts`` consecutive values), as numpy's
    ``cumsum`` of each run alone gives it (runs of like length side by side in a table)."""
    out = values.copy()
    starts = np.cumsum(counts) - counts
    for group in _groups(counts):
        own = counts[group]
        width = int(own.max(initial=0))
        if width == 0:
            continue
        columns = np.arange(width)
        inside = columns < own[:, None]
        at = (starts[group][:, None] + columns)[inside]
        grid = np.zeros((len(group), width))
        grid[inside] = values[at]
        grid.cumsum(axis=1, out=grid)
        out[at] = grid[inside]
    return out


def _runs_smooth(values: np.ndarray, counts: np.ndarray, span: int) -> np.ndarray:
    """A running mean over ``2 * span + 1`` points (the ends held) of each run of
    ``counts`` consecutive values (along the first axis), all runs at once (runs of
    like length side by side in a table); a run of fewer than 3 stays as it is."""
    if span < 1 or not len(counts):
        return values.copy()
    if values.ndim > 1:  # each column's runs smoothed as runs of their own, one after another
        width = math.prod(values.shape[1:])
        columns = values.reshape(-1, width).T.ravel()
        smoothed = _runs_smooth(columns, np.tile(counts, width), span)
        return smoothed.reshape(width, -1).T.reshape(values.shape).copy()
    return _runs_smooths([values], counts, [span])[0]


def _runs_smooths(
    values: Sequence[np.ndarray], counts: np.ndarray, spans: Sequence[int]
) -> list[np.ndarray]:
    """:func:`_runs_smooth` of each of ``values`` (1-d, runs of the same ``counts``) over
    its own span (each at least 1), the same numbers: the runs grouped, and where each
    group's means go, found once for all."""
    outs = [v.copy() for v in values]
    starts = np.cumsum(counts) - counts
    for group in _groups(counts):
        own, first = counts[group], starts[group]
        longest = int(own.max())
        columns = np.arange(longest + 2 * max(spans) + 1)
        inside = columns[:longest] < own[:, None]
        at = (first[:, None] + columns[:longest])[inside]
        for v, span, out in zip(values, spans, outs, strict=True):
            w = 2 * span + 1
            # Each run padded: a 0, its first value span + 1 times (the first of them its
            # own), its values, its last span times; summed along; a mean each w apart.
            place = np.minimum(np.maximum(columns[: longest + w] - (span + 1), 0), own[:, None] - 1)
            grid = v.take(first[:, None] + place)  # take: numpy's fast gather
            grid[:, 0] = 0.0
            grid.cumsum(axis=1, out=grid)
            mean = (grid[:, w:] - grid[:, :-w]) / w
            out[at] = mean[inside]
    short = counts < 3
    if short.any():
        held = np.repeat(short, counts)
        for v, out in zip(values, outs, strict=True):
            out[held] = v[held]
    return outs


class _Table(NamedTuple):
    """Runs side by side without padding, longest first: column c holds the c-th cell of
    every run at least c + 1 long (the first ``alive[c]`` runs, longest first), columns
    one after another in one flat array (column c from ``offsets[c]``)."""

    order: np.ndarray  # the runs, longest first (a stable sort: like lengths in order)
    alive: list[int]  # how many runs reach each column
    offsets: np.ndarray  # where each column starts, and the total
    run: np.ndarray  # each cell's run's place, longest first
    column: np.ndarray  # each cell's column


def _table(lengths: np.ndarray) -> _Table:
    """Runs of ``lengths`` cells laid out as a :class:`_Table`."""
    order = np.argsort(-lengths, kind="stable")
    ranked = lengths.take(order)
    # runs longer than c, for each column c: -ranked rises, c's place in it
    alive = np.searchsorted(-ranked, -np.arange(int(ranked.max(initial=0))), side="left")
    offsets = np.zeros(len(alive) + 1, dtype=np.int64)
    np.cumsum(alive, out=offsets[1:])
    column = np.repeat(np.arange(len(alive)), alive)
    run = np.arange(int(offsets[-1])) - np.repeat(offsets[:-1], alive)
    return _Table(order, alive.tolist(), offsets, run, column)


def _runs_smooth_twice(values: np.ndarray, counts: np.ndarray, span: int) -> np.ndarray:
    """:func:`_runs_smooth` of :func:`_runs_smooth`, the same numbers: every run padded
    (as :func:`_smooth` pads it) side by side in one :class:`_Table`, laid out once for
    both passes and all columns (a row of ``values`` at a time)."""
    if span < 1 or not len(counts):
        return values.copy()
    if (counts < 3).any() or counts.sum() != len(values):  # runs held or values left over
        return _runs_smooth(_runs_smooth(values, counts, span), counts, span)
    rows = values.reshape(len(values), -1)
    w = 2 * span + 1
    # Each run padded: a 0, its first value span + 1 times (the first of them its own),
    # its values, its last span times; the place in the run each cell's value is from.
    table = _table(counts + w)
    own = counts.take(table.order).take(table.run)
    place = np.minimum(np.maximum(table.column - (span + 1), 0), own - 1)
    first = (np.cumsum(counts) - counts).take(table.order).take(table.run)
    cells = rows.take(first + place, axis=0)
    # A run's running sum: each column added to the next, a numpy call a column (each
    # run's cells added one after another, as numpy's cumsum adds a run alone).
    starts = table.offsets.tolist()
    steps = [
        (cells[a : a + k], cells[b : b + k])
        for a, b, k in zip(starts[1:-1], starts[:-2], table.alive[1:], strict=True)
    ]
    # A run's mean at i: its sums at columns i + w and i; the cells from column w on are
    # every run's i + w, in order: the means are laid out as those.
    hi = int(table.offsets[w])
    lo = table.offsets.take(table.column[hi:] - w) + table.run[hi:]
    for done in (1, 2):
        cells[: table.alive[0]] = 0.0
        for into, fro in steps:
            np.add(into, fro, out=into)
        mean = (cells[hi:] - cells.take(lo, axis=0)) / w
        if done == 1:  # the first pass's means padded as its values were (clip: all inside)
            at = table.offsets.take(place + w) - hi + table.run
            mean.take(at, axis=0, out=cells, mode="clip")
    # Each value's mean: its run's (at its place) in its column.
    whose = np.repeat(np.arange(len(counts)), counts)
    column = np.arange(len(values)) - np.repeat(np.cumsum(counts) - counts, counts)
    places = np.empty_like(table.order)
    places[table.order] = np.arange(len(places))
    at = table.offsets.take(column + w) - hi + places.take(whose)
    return mean.take(at, axis=0).reshape(values.shape)


def _lengths(flat: np.ndarray, runs: list[int]) -> list[float]:
    """Each run's length (runs of ``flat`` from ``runs``), summed as :func:`numpy.sum` sums
    it alone: the runs of each number of steps side by side in a table, summed along its
    rows (numpy sums a row as it sums the run alone)."""
    d = flat[1:] - flat[:-1]
    steps = np.hypot(d[:, 0], d[:, 1])
    heads = np.array(runs[:-1], dtype=np.int64)
    sizes = np.diff(np.array(runs, dtype=np.int64)) - 1  # each run's steps
    out = np.zeros(len(sizes))
    order = np.argsort(sizes, kind="stable")
    ranked = sizes[order]
    bounds = [0, *(np.flatnonzero(np.diff(ranked)) + 1).tolist(), len(order)]
    for a, b in itertools.pairwise(bounds if len(order) else ()):
        size = int(ranked[a])
        if size > 0:
            which = order[a:b]
            out[which] = steps[heads[which][:, None] + np.arange(size)].sum(axis=1)
    return out.tolist()


def _interp(
    x: np.ndarray, stroke: np.ndarray, xp: np.ndarray, fp: np.ndarray, heads: np.ndarray
) -> np.ndarray:
    """:func:`numpy.interp` of ``fp`` (n, 2) at ``x``, each x within its ``stroke``'s own
    run of ``xp`` (increasing within each run; runs from ``heads``, and the total), all
    at once, the same numbers as numpy gives stroke by stroke (soonest when each
    stroke's x rise, as a resampled stroke's do)."""
    # each x's run: first, last (take, compress: numpy's fast gathers, here and below)
    lo, hi = heads[:-1].take(stroke), heads[1:].take(stroke) - 1
    # Find each x's place with the runs set far apart, then step back exactly.
    far = 4.0 * 2.0 ** math.ceil(
        math.log2(max(float(np.abs(xp).max(initial=0.0)), float(np.abs(x).max(initial=0.0)), 1.0))
    )
    run_of = np.repeat(np.arange(len(heads) - 1), np.diff(heads))
    # How many xp are at or before each x: each xp's place among the x (nearly in
    # order: the x of a stroke rise), counted up (half the searching: fewer xp than x).
    places = np.searchsorted(x + stroke * far, xp + run_of * far, side="left")
    j = np.cumsum(np.bincount(places, minlength=len(x) + 1)[: len(x)]) - 1
    np.clip(j, lo, hi, out=j)
    while (back := (j > lo) & (x < xp.take(j))).any():
        j[back] -= 1
    while (on := (j < hi) & (xp.take(np.minimum(j + 1, hi)) <= x)).any():
        j[on] += 1
    nxt = np.minimum(j + 1, hi)
    xj, fj = xp.take(j), fp.take(j, axis=0)
    fn, run, dx = fp.take(nxt, axis=0), xp.take(nxt) - xj, x - xj
    out = np.empty_like(fj)
    with np.errstate(invalid="ignore", divide="ignore"):  # where nxt is j: not used
        for axis in range(fp.shape[1]):  # column by column: no ufunc broadcasts a row
            slope = (fn[:, axis] - fj[:, axis]) / run
            out[:, axis] = slope * dx + fj[:, axis]
    before = x < xp.take(lo)
    exact = np.flatnonzero((j == hi) | (xj == x) | before)
    out[exact] = fp.take(np.where(before, lo, j).take(exact), axis=0)
    return out


def _pen_down(strokes: Sequence[np.ndarray]) -> tuple[np.ndarray, list[int]]:
    """The strokes as the pen draws them: all their points one after another, and where
    each run of the pen starts (and the total). A stroke that starts within
    :data:`STAY_MM` of where the last ended (a joined letter, its neighbour's exit)
    goes on without a lift."""
    try:  # (n, 2) arrays or lists of points: concatenated as they come
        flat = np.concatenate(strokes, dtype=float)
    except (ValueError, TypeError):  # none, or of other shapes: each made (n, 2) first
        flat = np.zeros((0,))
    if flat.ndim == 2 and flat.shape[1] == 2:
        sizes = np.fromiter(map(len, strokes), dtype=np.int64, count=len(strokes))
    else:
        arrays = [np.asarray(raw, dtype=float).reshape(-1, 2) for raw in strokes]
        sizes = np.array([len(points) for points in arrays], dtype=np.int64)
        flat = np.concatenate(arrays) if arrays else np.zeros((0, 2))
    return _runs(flat, sizes)


def _runs(flat: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """:func:`_pen_down` of strokes of ``sizes`` points of ``flat``, one after another."""
    heads = (np.cumsum(sizes) - sizes)[sizes > 0]
    if not len(heads):
        return np.zeros((0, 2)), [0]
    firsts = flat.take(heads, axis=0).tolist()
    lasts = flat.take(heads + sizes[sizes > 0] - 1, axis=0).tolist()
    # Where each stroke starts against where the last ended (math.dist, called by map).
    apart = np.array(list(map(math.dist, firsts[1:], lasts[:-1])))
    runs = [0, *heads[1:][~(apart <= STAY_MM * MM)].tolist()]
    runs.append(len(flat))
    return flat, runs
