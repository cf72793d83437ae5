"""Layout stage: running sums and means over many short runs at once. Pure.

The pen's ink (:mod:`.ink`) works on every stroke of a card together: the
strokes' values lie one after another in one array, and these sum and smooth
each run as if it were alone, in a few numpy calls instead of one per stroke.
"""

from __future__ import annotations

import numpy as np

__all__ = ["_runs_cumsum", "_runs_smooth", "_smooth"]


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


def _runs_cumsum(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Each run's cumulative sum (runs of ``counts`` consecutive values), as numpy's
    ``cumsum`` of each run alone gives it (the runs side by side in one table)."""
    width = int(counts.max(initial=0))
    if width == 0:
        return values.copy()
    grid = np.zeros((len(counts), width))
    inside = np.arange(width) < counts[:, None]
    grid[inside] = values
    grid.cumsum(axis=1, out=grid)
    return grid[inside]


def _runs_smooth(values: np.ndarray, counts: np.ndarray, span: int) -> np.ndarray:
    """A running mean over ``2 * span + 1`` points (the ends held) of each run of
    ``counts`` consecutive values (along the first axis), all runs at once; a run of
    fewer than 3 stays as it is."""
    if span < 1 or not len(counts):
        return values.copy()
    width = int(counts.max()) + 2 * span + 1
    starts = np.cumsum(counts) - counts
    columns = np.arange(width)
    take = np.clip(columns[None, :] - (span + 1), 0, counts[:, None] - 1)
    grid = values[starts[:, None] + take]
    grid[:, 0] = 0.0
    grid.cumsum(axis=1, out=grid)
    w = 2 * span + 1
    mean = (grid[:, w:] - grid[:, :-w]) / w
    out = mean[columns[: width - w] < counts[:, None]]
    short = counts < 3
    if short.any():
        held = np.repeat(short, counts)
        out[held] = values[held]
    return out
