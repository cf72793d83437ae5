"""Layout stage: a joined script's letters joined where they meet. Pure.

Each letter's exit and the next letter's entry are moved to their midpoint, the
correction blended over the last (first) :data:`~cardgen.layout.penorder.BLEND`
em of the strokes, so the pen's line runs on (:func:`join_word`, one word).
:func:`join_all` makes the same joins for every word of a line at once: it
finds them in order, point by point, as :func:`join_word` does, then moves every
letter's points in one set of numpy calls. What a join needs of a letter (where
its entry and exit lie, how much of a correction each point takes) is worked out
once a letter.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import msgspec
import numpy as np

from cardgen.layout.penorder import BLEND, Letter, _fade

__all__ = ["GAP", "Pair", "join_all", "join_pairs", "join_word", "pairs"]

GAP = 0.1  # two letters join when exit and entry lie this close (em)


class _End(msgspec.Struct, frozen=True, eq=False):
    """A letter's entry or exit: the indices of its points that are the join point
    (one per piece) and how much of a join's correction each point takes."""

    idx: np.ndarray
    weight: np.ndarray
    first: int  # idx[0]
    points: tuple[int, ...]  # idx, as ints


def _end(letter: Letter, at: tuple[int, float]) -> _End:
    """``letter``'s join point ``at`` (its entry or exit), worked out once."""
    own = letter.__dict__.get("_ends")  # kept on the (frozen) letter, as cached_property does
    if own is None:
        own = letter.__dict__["_ends"] = {}
    known = own.get(at)
    if known is None:
        where = (letter.source == at[0]) & (np.abs(letter.arc - at[1]) < 1e-12)
        weight = _fade(np.where(letter.source == at[0], letter.arc - at[1], BLEND), BLEND)
        idx = np.flatnonzero(where)
        known = own[at] = _End(idx, weight, int(idx[0]), tuple(idx.tolist()))
    return known


def _join(letter: Letter, at: tuple[int, float]) -> tuple[np.ndarray, np.ndarray]:
    """The indices of the points that are the join point ``at`` (one per piece), and
    how much of a join's correction each point takes."""
    end = _end(letter, at)
    return end.idx, end.weight


def _where(letter: Letter, at: tuple[int, float]) -> np.ndarray:
    """The indices of the points that are the join point ``at`` (one per piece)."""
    return _end(letter, at).idx


def join_word(
    letters: Sequence[Letter | None], points: Sequence[np.ndarray], gap: float = GAP
) -> None:
    """Join a word's letters where they meet: each exit and the next letter's entry.

    ``letters[i]`` is the i-th glyph's :class:`Letter` (None for one that is not a
    letter, e.g. an accent set over the one before it: it is skipped) and
    ``points[i]`` its varied points in word coordinates (em), changed in place.
    Two letters join when the first has an exit, the second an entry, and they
    lie within ``gap`` em of each other before the join: both are moved to their
    midpoint, the correction fading over :data:`BLEND` em of arc.
    """
    previous: int | None = None
    for i, letter in enumerate(letters):
        if letter is None:
            continue
        if previous is not None:
            a, b = letters[previous], letter
            assert a is not None
            if a.exit is not None and b.entry is not None:
                xa, wa = _join(a, a.exit)
                eb, wb = _join(b, b.entry)
                pa, pb = points[previous], points[i]
                end, start = pa[xa[0]].copy(), pb[eb[0]].copy()
                if float(np.hypot(*(end - start))) < gap:
                    meet = (end + start) / 2
                    _pull(pa, meet - end, xa, wa)
                    _pull(pb, meet - start, eb, wb)
        previous = i


def _pull(pts: np.ndarray, delta: np.ndarray, idx: np.ndarray, weight: np.ndarray) -> None:
    meet = pts[idx[0]] + delta
    pts += np.outer(weight, delta)
    pts[idx] = meet


_Pull = tuple[int, _End, float, float]  # the letter's start, its end, the move (em)


def join_all(
    words: Sequence[Sequence[tuple[Letter, int]]], flat: np.ndarray, gap: float = GAP
) -> None:
    """:func:`join_word` for many words at once: ``flat`` holds their letters' points
    one after another (changed in place), ``words`` each word's letters (accents left
    out) and where each starts in ``flat``."""
    join_pairs([pair for word in words for pair in pairs(word)], flat, gap)


Pair = tuple[int, _End, int, _End]  # where a letter starts, its exit; the next's, its entry


def pairs(word: Sequence[tuple[Letter, int]]) -> list[Pair]:
    """The pairs of a word's letters (each with where it starts) that may join: the
    first has an exit, the second an entry."""
    return [
        (sa, _end(a, a.exit), sb, _end(b, b.entry))
        for (a, sa), (b, sb) in itertools.pairwise(word)
        if a.exit is not None and b.entry is not None
    ]


def join_pairs(pairs: Sequence[Pair], flat: np.ndarray, gap: float = GAP) -> None:
    """:func:`join_all` for its words' :func:`pairs`, one word's after another."""
    if not pairs:
        return
    at = flat[[i for sa, xa, sb, eb in pairs for i in (sa + xa.first, sb + eb.first)]]
    found = at.tolist()
    entries: dict[int, tuple[_Pull, float, float]] = {}  # by start: the pull, the point before
    exits: list[_Pull] = []
    for n, (sa, xa, sb, eb) in enumerate(pairs):
        (ex, ey), (sx, sy) = found[2 * n], found[2 * n + 1]
        if sa in entries:  # the letter's entry was pulled, and its exit with it
            (_, entry, dx, dy), x, y = entries[sa]
            if xa.first in entry.points:
                ex, ey = x + dx, y + dy
            else:
                w = float(entry.weight[xa.first])
                ex, ey = ex + w * dx, ey + w * dy
        if _near(ex - sx, ey - sy, gap):
            mx, my = (ex + sx) / 2, (ey + sy) / 2
            exits.append((sa, xa, mx - ex, my - ey))
            entries[sb] = ((sb, eb, mx - sx, my - sy), sx, sy)
    # A letter is pulled at its entry before its exit, as join_word pulls it.
    for pulls in ([pull for pull, _, _ in entries.values()], exits):
        if pulls:
            _pull_all(flat, pulls)


def _near(dx: float, dy: float, gap: float) -> bool:
    """Whether ``np.hypot(dx, dy) < gap``: by ``math.hypot`` (a C call on floats, where
    numpy's is a ufunc on scalars), numpy's asked only where the two might disagree
    (both lie within an ulp of the true length, so only a length within a hair of
    ``gap`` can fall on different sides of it)."""
    d = math.hypot(dx, dy)
    if abs(d - gap) < 1e-9:
        d = float(np.hypot(dx, dy))
    return d < gap


def _pull_all(flat: np.ndarray, pulls: Sequence[_Pull]) -> None:
    """:func:`_pull` for letters that lie in ``flat`` (none twice), all at once."""
    # Each pulled letter's points (its start onward, as many as its end's weights), its
    # weights and its move, laid where its points lie in the whole flat arrays; every
    # other point's weight and move 0.
    lengths = [len(end.weight) for _, end, _, _ in pulls]
    starts = [start for start, _, _, _ in pulls]
    idx = np.arange(sum(lengths)) + np.repeat(
        np.subtract(starts, list(itertools.accumulate(lengths[:-1], initial=0))), lengths
    )
    weights = np.zeros(len(flat))
    weights[idx] = np.concatenate([end.weight for _, end, _, _ in pulls])
    moves = np.zeros((2, len(flat)))  # each point's move: its x's, then its y's
    moves[0, idx] = np.repeat([dx for _, _, dx, _ in pulls], lengths)
    moves[1, idx] = np.repeat([dy for _, _, _, dy in pulls], lengths)
    first = flat[[start + end.first for start, end, _, _ in pulls]]
    first += [(dx, dy) for _, _, dx, dy in pulls]
    meets = first.tolist()
    at = [start + i for start, end, _, _ in pulls for i in end.points]
    meet = [m for (_, end, _, _), m in zip(pulls, meets, strict=True) for _ in end.points]
    moves *= weights  # weighted, then added column by column (no (n, 1) column broadcast)
    flat[:, 0] += moves[0]
    flat[:, 1] += moves[1]
    flat[at] = meet
