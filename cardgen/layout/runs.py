"""Layout stage: running sums and means over many short runs at once. Pure.

The pen's ink (:mod:`.ink`) works on every stroke of a card together: the
strokes' values lie one after another in one array, and these sum and smooth
each run as if it were alone, in a few numpy calls instead of one per stroke.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

__all__ = ["_lengths", "_runs_cumsum", "_runs_smooth", "_runs_smooth_twice", "_smooth"]


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


def _runs_smooth(values: np.ndarray, counts: np.ndarray, span: int, passes: int = 1) -> np.ndarray:
    """A running mean over ``2 * span + 1`` points (the ends held) of each run of
    ``counts`` consecutive values (along the first axis), all runs at once (runs of
    like length side by side in a table); a run of fewer than 3 stays as it is.

    ``passes`` smooths that many times, each group's table of runs gathered once
    (the same numbers as smoothing the result again)."""
    if span < 1 or not len(counts):
        return values.copy()
    if values.ndim > 1:  # each column's runs smoothed as runs of their own, one after another
        width = math.prod(values.shape[1:])
        columns = values.reshape(-1, width).T.ravel()
        smoothed = _runs_smooth(columns, np.tile(counts, width), span, passes)
        return smoothed.reshape(width, -1).T.reshape(values.shape).copy()
    if passes > 1 and ((counts < 3).any() or counts.sum() != len(values)):
        for _ in range(passes):
            values = _runs_smooth(values, counts, span)
        return values
    out = values.copy()
    starts = np.cumsum(counts) - counts
    w = 2 * span + 1
    for group in _groups(counts):
        own, first = counts[group], starts[group]
        width = int(own.max()) + w
        columns = np.arange(width)
        take = np.minimum(np.maximum(columns - (span + 1), 0)[None, :], own[:, None] - 1)
        grid = values.take(first[:, None] + take)  # take: numpy's fast gather
        for done in range(1, passes + 1):
            grid[:, 0] = 0.0
            grid.cumsum(axis=1, out=grid)
            mean = (grid[:, w:] - grid[:, :-w]) / w
            if done < passes:  # this pass's runs, padded as the next gathers them (take
                # from the whole table, row g's at g * its width: numpy's fast gather)
                grid = mean.take(take + (width - w) * np.arange(len(group))[:, None])
        inside = columns[: width - w] < own[:, None]
        out[(first[:, None] + columns[: width - w])[inside]] = mean[inside]
    short = counts < 3
    if short.any():
        held = np.repeat(short, counts)
        out[held] = values[held]
    return out


def _runs_smooth_twice(values: np.ndarray, counts: np.ndarray, span: int) -> np.ndarray:
    """:func:`_runs_smooth` of :func:`_runs_smooth`, each table gathered once."""
    return _runs_smooth(values, counts, span, passes=2)


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
