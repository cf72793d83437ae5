"""Layout stage: a single-line hand's letters as a writer draws them. Pure.

A font draws every ``e`` the same; a hand does not. For the single-line
hands (:class:`~cardgen.layout.strokes.StrokeSet`) this module

* puts each letter's strokes in pen order, once per letter (:func:`pen_order`):
  in a joined script the stroke that holds the entry (where the previous
  letter's exit arrives) comes first and starts there, the stroke that holds
  the exit ends there, and detached marks (i and j dots, t-bars) come after
  the body; a print hand's strokes go top to bottom, left to right, each
  started at its upper (or left) end. A stroke whose entry or exit lies
  inside it (EMS Allure's ``a c d e g o q u w``: the join runs into the bowl)
  is cut there, every piece starting at the entry or ending at the exit;
* varies each occurrence (:func:`vary`): its x-height, ascender and descender,
  the width of its loops, its slant, its entry and exit tails, where its dot
  or bar sits, how closed its bowl is, and a slow wobble along every stroke,
  so the shape changes and not only an affine of it;
* joins a word's letters (:func:`join_word`, :mod:`.joins`): each exit and the
  next letter's entry are moved to their midpoint, the correction blended over
  the last (first) :data:`BLEND` em of the strokes, so the pen's line runs on.

A word's choices are drawn first, letter by letter (:func:`draw_word`, its numbers
drawn by :mod:`.letterdraws`); the arithmetic waits, so a line's words are written
at once (:func:`write_words`: every letter's choices, then its points, in one set of
numpy calls, the same operations on each number as one letter at a time would make).

Points are in em, letter coordinates (origin on the baseline at the pen);
every function keeps a letter's point count and strokes, so the outline's
path template stays valid. All randomness comes from the ``random.Random``
passed in.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from cardgen.layout import letterdraws
from cardgen.layout.joins import join_all, join_word
from cardgen.layout.letterdraws import (
    _AT,
    _STRETCH,
    ASCENDER,
    CLOSURE,
    FIELD,
    LOOP,
    MARK,
    SLANT,
    TAIL_HEIGHT,
    TAIL_LENGTH,
    WOBBLE,
    X_HEIGHT,
    Pending,
    _draw,
    _Draws,
    _Fixed,
)
from cardgen.layout.penorder import BLEND, JOIN_Y, Letter, pen_order
from cardgen.layout.shaping import Outline, ShapedGlyph
from cardgen.model import StrokeFont

__all__ = [
    "BLEND",
    "JOIN_Y",
    "Drawn",
    "Letter",
    "Pen",
    "draw_word",
    "join_word",
    "pen_order",
    "reach",
    "vary",
    "write_word",
    "write_words",
]

Strokes = tuple[tuple[tuple[float, float], ...], ...]


# -- variation -------------------------------------------------------------------
def reach(k: float, mark: float = MARK) -> float:
    """The most any point of a varied letter strays from the font's (em, at ``k``):
    a bound on :func:`vary`'s displacements, for letters within 0.8 em of the
    baseline and loops within 0.8 em of their stem; ``mark`` as for :func:`vary`."""
    wobble = math.sqrt(2) * (WOBBLE + FIELD)
    tails = 2 * 2 * math.hypot(TAIL_LENGTH, TAIL_HEIGHT)  # an entry's and an exit's
    closure = 2 * CLOSURE
    heights = 2 * (X_HEIGHT * 0.4 + ASCENDER * 0.5)  # the x-height band and the ascender
    loops = 2 * LOOP * 0.8
    slant = math.tan(math.radians(2 * SLANT * k)) * 0.8
    return k * (wobble + tails + closure + heights + loops + mark) + slant


def _wobble(draws: Sequence[_Draws]) -> np.ndarray:
    """The wobble's terms of every stroke of ``draws``' letters, as stroke × axis ×
    (amplitude, wavelength, phase) × term: from each stroke and axis's nine
    uniform numbers r, the amplitudes (0.3 + 0.7 r) scaled to sum to WOBBLE k, the
    wavelengths (0.25 + 0.35 r) stretched by :data:`_STRETCH`, the phases 6.3 r."""
    strokes = [2 * d.fixed.strokes for d in draws]
    raw = np.fromiter(itertools.chain.from_iterable(d.wobble for d in draws), float)
    raw = raw.reshape(-1, 9)
    weights = [WOBBLE * d.k for d in draws]
    a = 0.3 + (1.0 - 0.3) * raw[:, 0:3]
    scale = np.repeat(weights, strokes) / ((a[:, 0] + a[:, 1]) + a[:, 2])
    a *= scale[:, None]
    waves = (0.25 + (0.6 - 0.25) * raw[:, 3:9:2]) * np.array(_STRETCH)
    phases = (6.3 - 0) * raw[:, 4:9:2]
    return np.stack((a, waves, phases), axis=1).reshape(-1, 2, 3, 3)


def _applied(letters: Sequence[Letter], draws: Sequence[_Draws]) -> np.ndarray:
    """All letters' points, one after another, each varied by its draws: in one set of
    numpy calls (each point's own letter's numbers beside it, as rows: every number a
    contiguous row of the points, so no ufunc broadcasts a strided column)."""
    fixed = [d.fixed for d in draws]
    sizes = [len(letter.points) for letter in letters]
    table = np.concatenate([f.table for f in fixed]).T.copy()  # a row a column of it
    p = table[0:2].T.copy()
    x, y, arc, free = table[0:4]
    offsets = list(itertools.accumulate([f.strokes for f in fixed[:-1]], initial=0))
    which = table[8].astype(np.intp) + np.repeat(offsets, sizes)
    # The wobble along each font stroke: (amplitude, wavelength, phase) × axis × term
    # × point, each point's stroke's.
    terms = np.take(_wobble(draws).transpose(2, 1, 3, 0).copy(), which, axis=3)
    amp, wavelength, phase = terms
    waves = 2 * math.pi * arc / wavelength
    waves += phase
    np.sin(waves, out=waves)
    waves *= amp
    total = waves[:, 0] + waves[:, 1]  # axis × point
    total += waves[:, 2]
    total *= free
    p[:, 0] += total[0]
    p[:, 1] += total[1]
    # A gentle wave over each letter (two an axis), the same for all its strokes.
    rows = np.fromiter(itertools.chain.from_iterable(d.row for d in draws), float)
    row = np.repeat(rows.reshape(len(draws), -1).T, sizes, axis=1)  # a row a number
    wave = x * row[0:4]
    wave += y * row[4:8]
    wave *= row[8:12]
    wave += row[12:16]
    np.sin(wave, out=wave)
    wave *= row[_AT["field"]]
    p[:, 0] += wave[0]
    p[:, 1] += wave[2]
    p[:, 0] += wave[1]
    p[:, 1] += wave[3]
    _shape(p, fixed, table, row)
    # Dots and bars move on their own.
    start = 0
    for letter, d, n in zip(letters, draws, sizes, strict=True):
        for m, move in zip(letter.marks, d.marks, strict=True):
            a, b = letter.contours[m]
            p[start + a : start + b] += move
        start += n
    return p


def _shape(p: np.ndarray, fixed: Sequence[_Fixed], table: np.ndarray, row: np.ndarray) -> None:
    """Tails, bowls, heights, loops and slant of the letters' points ``p`` (in place),
    each point beside its letter's fixed ``table`` and drawn ``row`` (a row a number)."""
    # Entry and exit tails; a bowl's start moved along it.
    at = _AT["tails"]
    for end in range(2):
        if any(f.tails[end] for f in fixed):
            w = table[4 + end]
            p[:, 0] += w * row[at + 2 * end]
            p[:, 1] += w * row[at + 2 * end + 1]
    if any(f.bowl for f in fixed):
        shift = row[_AT["shift"]]
        p[:, 0] += table[6] * shift
        p[:, 1] += table[7] * shift
    # Heights: the x-height band, the ascender and the descender each scaled.
    at = _AT["x_height"]
    xh, stem, hx, ha, hd, loop_up, loop_down, slant = row[at : at + 8]
    y = p[:, 1]
    above = (y - xh) / 0.12
    np.clip(above, 0.0, 1.0, out=above)
    below = -y / 0.1
    np.clip(below, 0.0, 1.0, out=below)
    widen = loop_up * above * above * (3 - 2 * above) + loop_down * below * below * (3 - 2 * below)
    p[:, 0] += (p[:, 0] - stem) * widen
    p[:, 1] = np.where(y > xh, xh * hx + (y - xh) * ha, np.where(y < 0, y * hd, y * hx))
    # Slant about the baseline.
    p[:, 0] += p[:, 1] * slant


def vary(letter: Letter, rng: random.Random, k: float = 1.0, mark: float = MARK) -> np.ndarray:
    """One occurrence of ``letter``: its points (em, pen order) varied as a hand varies.

    Every amplitude scales with ``k`` (the hand's neatness); ``mark`` is how far
    a dot or bar may move on its own at k = 1 (em). Deterministic for the state
    of ``rng``; the same point count and strokes as ``letter``.
    """
    draws = _draw(letter, rng, k, mark)
    if draws is None:
        return letter.points.copy()
    return _applied([letter], [draws])


# -- a word ----------------------------------------------------------------------
class Pen(Protocol):
    """What a word is written from: a :class:`~cardgen.layout.strokes.StrokeSet`."""

    font: StrokeFont

    def letter(self, gid: int) -> Letter | None: ...

    def outline(self, face: int, gid: int) -> Outline: ...


@dataclass(frozen=True, eq=False)
class Drawn:
    """A shaped word's random choices (:func:`draw_word`): each glyph's letter (None:
    not a letter, e.g. an accent) and its draws (an accent's: its own move). A word
    drawn from a ``random.Random`` holds its numbers drawn (``pending``) and its draws
    are worked out, into ``draws``, when it is written (:func:`write_words`)."""

    shaped: Sequence[tuple[int, ShapedGlyph]]
    letters: list[Letter | None]
    draws: list[_Draws | tuple[float, float] | None]
    k: float
    mark: float
    pending: Pending | None = None  # its numbers drawn, draws not yet worked out


def draw_word(
    fs: Pen,
    shaped: Sequence[tuple[int, ShapedGlyph]],
    rng: random.Random,
    k: float = 1.0,
    mark: float = MARK,
) -> Drawn:
    """The random choices of a single-line hand's shaped word, in order: each letter's
    (:func:`vary`'s), and each accent's own move. :func:`write_words` writes it."""
    infos = [fs.letter(g.gid) for _face, g in shaped]
    draws: list[_Draws | tuple[float, float] | None] = []
    if type(rng) is random.Random and letterdraws._at_k(k)[0]:  # drawn now, worked out when written
        return Drawn(shaped, infos, draws, k, mark, letterdraws.drawn(infos, rng, k))
    for letter in infos:
        if letter is None:
            draws.append((rng.uniform(-0.5, 0.5), rng.uniform(-0.3, 0.5)))
        else:
            draws.append(_draw(letter, rng, k, mark))
    return Drawn(shaped, infos, draws, k, mark)


def write_word(
    fs: Pen,
    shaped: Sequence[tuple[int, ShapedGlyph]],
    rng: random.Random,
    k: float = 1.0,
    mark: float = MARK,
) -> list[np.ndarray]:
    """A single-line hand's shaped word, written: each letter varied (:func:`vary`),
    an accent moved with the part of its letter nearest it and a little on its own,
    and, in a joined script, each letter joined to the next (:func:`join_word`).

    Returns each glyph's points in word coordinates (em), in the order of
    ``shaped``, each as many as the glyph's outline has.
    """
    flat, counts = write_words(fs, [draw_word(fs, shaped, rng, k, mark)])
    return np.split(flat, np.cumsum(counts[:-1])) if counts else []


def write_words(fs: Pen, words: Sequence[Drawn]) -> tuple[np.ndarray, list[int]]:
    """Words drawn by :func:`draw_word`, written (as :func:`write_word` writes one) all
    at once: every glyph's points in its word's coordinates (em), one glyph after
    another, and how many points each glyph has."""
    letterdraws.settle(words)  # the draws of words drawn at once, all worked out at once
    # All the words' letters varied at once, each moved to its place in its word.
    varied: list[tuple[Letter, _Draws, tuple[float, float]]] = [
        (letter, d, (g.x, g.y))
        for w in words
        for (_face, g), letter, d in zip(w.shaped, w.letters, w.draws, strict=True)
        if isinstance(d, _Draws) and letter is not None
    ]
    flat = np.zeros((0, 2))
    if varied:
        flat = _applied([v[0] for v in varied], [v[1] for v in varied])
        flat += np.repeat([v[2] for v in varied], [len(v[0].points) for v in varied], axis=0)
    # Each accent moved with the letter before it (as varied, before any join).
    parts: list[np.ndarray | tuple[int, int]] = []  # an accent's points, a letter's range
    chains: list[list[tuple[Letter, int]]] = []
    start = 0
    for w in words:
        chain: list[tuple[Letter, int]] = []
        base: tuple[Letter, int, ShapedGlyph] | None = None  # the last letter
        for (face, g), letter, d in zip(w.shaped, w.letters, w.draws, strict=True):
            if letter is None:
                assert d is not None and not isinstance(d, _Draws)
                parts.append(_accent(fs, face, g, base, flat, d, w))
                continue
            n = len(letter.points) if isinstance(d, _Draws) else 0
            base = (letter, start, g)
            chain.append((letter, start))
            parts.append((start, start + n))
            start += n
        chains.append(chain)
    if fs.font.joined:
        join_all(chains, flat)
    counts = [len(p) if isinstance(p, np.ndarray) else p[1] - p[0] for p in parts]
    if not any(isinstance(p, np.ndarray) for p in parts):
        return flat, counts
    out = [p if isinstance(p, np.ndarray) else flat[p[0] : p[1]] for p in parts]
    return np.concatenate(out) if out else flat, counts


def _accent(
    fs: Pen,
    face: int,
    g: ShapedGlyph,
    base: tuple[Letter, int, ShapedGlyph] | None,
    flat: np.ndarray,
    move: tuple[float, float],
    w: Drawn,
) -> np.ndarray:
    """An accent's points in word coordinates (em): moved with the part of ``base`` (the
    letter before it, varied in ``flat``) nearest it, and by its own ``move``."""
    at = np.array([g.x, g.y])
    pts = fs.outline(face, g.gid).points + at
    if base is not None and len(pts) and len(base[0].points):
        letter, start, b = base
        font = letter.points + np.array([b.x, b.y])
        centre = (pts.min(axis=0) + pts.max(axis=0)) / 2
        near = int(np.argmin(np.hypot(*(font - centre).T)))
        pts = pts + (flat[start + near] - font[near])
    return pts + np.array([move[0] * w.mark * w.k, move[1] * w.mark * w.k])
