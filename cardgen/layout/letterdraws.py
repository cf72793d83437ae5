"""Layout stage: a single-line hand's letters' random choices, drawn. Pure.

Each occurrence of a letter draws its own variation from the generator
(:func:`_draw`, what :func:`~cardgen.layout.letters.vary` varies it by): the
uniform numbers of a slow wobble along each of its strokes and of a gentle wave
over it, gaussians for its tails, bowl, heights, loops and slant, and its marks'
moves. :mod:`.letters` does the arithmetic that applies them.

A word of a ``random.Random`` is drawn quicker (:func:`drawn`): its uniform numbers
in one go, as many as its letters' calls would draw, in the same order; the
arithmetic that makes its choices of them waits (:class:`Pending`) until its line
is written, when every word's is done at once (:func:`settle`), number by number as
:func:`_draw` does it.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

import numpy as np

from cardgen.layout.penorder import TAIL, Letter, _fade

BOWL = 0.1  # arc length over which a bowl's start moves to open or close it (em)

# Per-occurrence amplitudes at k = 1 (em, fractions, degrees): each parameter is a
# gaussian with this sd, clamped at 2 sd.
X_HEIGHT = 0.02  # ±4 %
ASCENDER = 0.04  # ±8 %
DESCENDER = 0.04  # ±8 %
LOOP = 0.05  # ±10 % width of the ascender/descender zone about the stem
SLANT = 1.25  # ±2.5°
TAIL_LENGTH = 0.012  # em along the tail's direction
TAIL_HEIGHT = 0.008  # em up or down
CLOSURE = 0.01  # em along the bowl's start
WOBBLE = 0.012  # em: the sum of the wobble's sine terms at most, along a stroke
FIELD = 0.005  # em: a gentle wave over the whole letter, the same for every stroke
MARK = 0.045  # em: how far a dot or bar may move on its own


def _g(rng: random.Random, sd: float) -> float:
    """A gaussian draw clamped at 2 sd."""
    if sd <= 0:
        return 0.0
    v, lim = rng.gauss(0.0, sd), 2 * sd
    return lim if v > lim else -lim if v < -lim else v


@dataclass(frozen=True, eq=False)
class _Fixed:
    """What :func:`vary` needs of a letter that is the same every time: per point, as
    columns of ``table``: x, y, arc, free, the weights of its entry and exit tails,
    its bowl's shift (x, y) and which of its ``strokes`` it lies on (0, 1 …); and
    whether it has an entry tail, an exit tail, a bowl."""

    table: np.ndarray
    strokes: int
    tails: tuple[bool, bool]
    bowl: bool


def _fixed(letter: Letter) -> _Fixed:
    """``letter``'s :class:`_Fixed`, worked out once."""
    known = letter.__dict__.get("_fixed")
    if known is not None:
        return known
    src, arc = letter.source, letter.arc
    sources, which = np.unique(src, return_inverse=True)
    none = np.zeros(len(src))
    tails = [
        _fade(np.where(src == where[0], arc - where[1], TAIL), TAIL)
        if where is not None and tail
        else None
        for where, tail in ((letter.entry, letter.entry_tail), (letter.exit, letter.exit_tail))
    ]
    bowl = np.zeros((len(src), 2))
    if letter.bowl is not None:
        i, s, dx, dy = letter.bowl
        bowl = np.outer(_fade(np.where(src == i, arc - s, BOWL), BOWL), (dx, dy))
    columns = (
        letter.points,
        arc,
        letter.free,
        none if tails[0] is None else tails[0],
        none if tails[1] is None else tails[1],
        bowl,
        which.reshape(-1),
    )
    table = np.column_stack(columns).astype(float)
    has_tails = (tails[0] is not None, tails[1] is not None)
    fixed = _Fixed(table, len(sources), has_tails, letter.bowl is not None)
    # Kept on the letter, as functools.cached_property keeps a value (the letter is
    # frozen): a look-up in its own dict, where a weak mapping made a reference a call.
    letter.__dict__["_fixed"] = fixed
    return fixed


class _Draws(NamedTuple):
    """One occurrence's random choices (see :func:`vary`), drawn in order: the wobble's
    uniform numbers (each of the letter's strokes × axis: three amplitudes, then three
    wavelengths each with its phase; :func:`_wobble` makes them terms), the numbers the
    letter takes as a whole (:data:`_ROW`) and each mark's move (em); the letter's
    :class:`_Fixed` and its ``k``."""

    wobble: list[float]
    row: tuple[float, ...]
    marks: list[tuple[float, float]]
    fixed: _Fixed
    k: float


# The columns of a _Draws row: the letter's gentle wave (cos and sin of four angles,
# their wave numbers and phases; its amplitude), its tails' moves, its bowl's shift,
# its x-height and stem, its heights, loops and slant.
_ROW: tuple[tuple[str, int], ...] = (
    *(("cos", 4), ("sin", 4), ("number", 4), ("phase", 4), ("field", 1), ("tails", 4)),
    *(("shift", 1), ("x_height", 1), ("stem", 1), ("heights", 3), ("loops", 2), ("slant", 1)),
)
_AT = dict(
    zip((n for n, _ in _ROW), itertools.accumulate((w for _, w in _ROW), initial=0), strict=False)
)


_STRETCH = tuple(1.0 + 0.6 * j for j in range(3))  # a wobble's terms: longer and longer
# The spans of the uniform draws (random.uniform(a, b) is a + (b - a) * random()).
_TAU = 2 * math.pi - 0.0  # an angle or a phase: uniform(0.0, 2 pi)
_TWOPI = 2.0 * math.pi  # random.gauss's angle: its first uniform number times this
_NUMBER = 0.7 - 0.35  # a field wave's length: uniform(0.35, 0.7)
# The sds of a letter's gaussian draws at k = 1, in the order drawn: its entry's tail
# (length, height), its exit's, its bowl's closure, its x-height, ascender, descender,
# its loops (up, down) and its slant.
_SDS: tuple[float, ...] = (TAIL_LENGTH, TAIL_HEIGHT, TAIL_LENGTH, TAIL_HEIGHT, CLOSURE)
_SDS += (X_HEIGHT, ASCENDER, DESCENDER, LOOP, LOOP, SLANT)
_BY_K: dict[float, tuple[tuple[float, ...], tuple[float, ...], float]] = {}


def _at_k(k: float) -> tuple[tuple[float, ...], tuple[float, ...], float]:
    """The sds at ``k`` of :data:`_SDS` (empty if one is not above 0: :func:`_g` then
    draws nothing for it), their clamps (2 sd) and the field's amplitude."""
    known = _BY_K.get(k)
    if known is None:
        sds = tuple(sd * k for sd in _SDS)
        if not all(sd > 0 for sd in sds):
            sds = ()
        known = _BY_K[k] = (sds, tuple(2 * sd for sd in sds), FIELD * k / 2)
    return known


def _draw(letter: Letter, rng: random.Random, k: float, mark: float) -> _Draws | None:
    """The random choices of one occurrence of ``letter`` (None for a letter with no
    points: it draws none)."""
    if not len(letter.points):
        return None
    fixed = _fixed(letter)
    random = rng.random
    # A slow wobble along each of the font's strokes: a few sine terms of its arc
    # (its x's, then its y's), each from nine uniform numbers.
    wobble = [random() for _ in range(18 * fixed.strokes)]
    # A gentle wave over the letter: (angle, wave number, phase), two for x, two for y.
    field = [
        (_TAU * random(), _TAU / (0.35 + _NUMBER * random()), _TAU * random()) for _ in range(4)
    ]
    row = [math.cos(a) for a, _, _ in field] + [math.sin(a) for a, _, _ in field]
    row += [number for _, number, _ in field] + [phase for _, _, phase in field]
    sds, lims, amplitude = _at_k(k)
    if sds:  # _g's draws, each clamped at 2 sd
        gauss = rng.gauss
        drawn = [gauss(0.0, sd) for sd in sds]
        g = [
            lim if v > lim else -lim if v < -lim else v for v, lim in zip(drawn, lims, strict=True)
        ]
    else:
        g = [_g(rng, sd * k) for sd in _SDS]
    # Its tails' moves (the entry's length backward), its bowl's closure; its
    # x-height and stem; its heights, loops and slant.
    row += (amplitude, -g[0], g[1], g[2], g[3], g[4], letter.x_height, letter.stem)
    row += (1.0 + g[5], 1.0 + g[6], 1.0 + g[7], g[8], g[9], math.tan(math.radians(g[10])))
    marks = []
    if letter.marks:
        marks = _moves(letter, [rng.random() for _ in range(2 + 2 * len(letter.marks))], k, mark)
    return _Draws(wobble, tuple(row), marks, fixed, k)


def _uniform(a: float, b: float, r: float) -> float:
    """What ``random.uniform(a, b)`` gives when it draws ``r``: ``a + (b - a) * r``."""
    return a + (b - a) * r


def _moves(letter: Letter, r: list[float], k: float, mark: float) -> list[tuple[float, float]]:
    """Each of ``letter``'s marks' own move, from the uniform numbers ``r`` (as many as
    rng.uniform calls draw them): the letter's two dots together, each a little apart."""
    mx, my = _uniform(-1, 1, r[0]) * mark * k, _uniform(-0.6, 1, r[1]) * mark * k
    moves = []
    for i in range(len(letter.marks)):
        ox = _uniform(-0.2, 0.2, r[2 + 2 * i]) * mark * k
        oy = _uniform(-0.2, 0.2, r[3 + 2 * i]) * mark * k
        if len(letter.marks) == 1:
            ox, oy = 0.0, 0.0
        moves.append((mx + ox, my + oy))
    return moves


# -- a word drawn at once, worked out with its line ----------------------------------
@dataclass(frozen=True, eq=False)
class Pending:
    """A word's uniform numbers, drawn in order as its glyphs' calls draw them, before
    their arithmetic: where each glyph's start (an accent's two, then each letter's),
    the normal number ``random.gauss`` kept when the word began, and each letter's
    pairs of numbers for its gaussians (a call that finds none kept takes a pair)."""

    uniforms: list[float]
    firsts: list[int]
    kept: float | None
    pairs: list[int]


class Drawn(Protocol):
    """What :func:`settle` reads and fills of a word (:class:`~cardgen.layout.letters.Drawn`)."""

    @property
    def letters(self) -> list[Letter | None]: ...

    @property
    def draws(self) -> list[_Draws | tuple[float, float] | None]: ...

    @property
    def k(self) -> float: ...

    @property
    def mark(self) -> float: ...

    @property
    def pending(self) -> Pending | None: ...


def drawn(infos: Sequence[Letter | None], rng: random.Random, k: float) -> Pending:
    """A word's glyphs' numbers (``infos``: each glyph's letter, None an accent), drawn
    from ``rng`` (a ``random.Random``, its sds at ``k`` above 0) as :func:`_draw` and an
    accent's two ``uniform`` calls draw them, in one go; ``rng`` is left as they leave it
    (the normal number its last gauss call keeps worked out now)."""
    sds = len(_at_k(k)[0])
    kept = rng.gauss_next  # type: ignore[attr-defined]
    firsts: list[int] = []
    pairs: list[int] = []
    total, waiting, last = 0, kept is not None, -1
    for letter in infos:
        firsts.append(total)
        if letter is None:
            total += 2
        elif len(letter.points):
            pairs.append((sds - waiting + 1) // 2)
            waiting = 2 * pairs[-1] > sds - waiting
            total += 18 * _fixed(letter).strokes + 12 + 2 * pairs[-1]
            last = total - 2  # its last pair
            total += 2 + 2 * len(letter.marks) if letter.marks else 0
    uniforms = list(itertools.starmap(rng.random, itertools.repeat((), total)))
    if pairs:  # random.gauss keeps its last pair's second number, if it was not taken
        after = None
        if waiting:
            x2pi = uniforms[last] * _TWOPI
            after = math.sin(x2pi) * math.sqrt(-2.0 * math.log(1.0 - uniforms[last + 1]))
        rng.gauss_next = after  # type: ignore[attr-defined]
    return Pending(uniforms, firsts, kept, pairs)


def settle(words: Sequence[Drawn]) -> None:
    """Work out the draws of the ``words`` drawn by :func:`drawn` (each word's list of
    draws filled in place), every word's letters at once: the numbers :func:`_draw`
    makes, by the same arithmetic on each."""
    todo = [(w, w.pending) for w in words if w.pending and len(w.draws) < len(w.letters)]
    if not todo:
        return
    starts = list(itertools.accumulate((len(p.uniforms) for _, p in todo), initial=0))
    flat = list(itertools.chain.from_iterable(p.uniforms for _, p in todo))
    u = np.fromiter(flat, dtype=float, count=len(flat))
    fields: list[int] = []  # each letter's: where its field's numbers start, its word
    word: list[int] = []
    pairs: list[int] = []
    fixed: list[_Fixed] = []
    for i, (w, p) in enumerate(todo):
        for letter, first in zip(w.letters, p.firsts, strict=True):
            if letter is not None and len(letter.points):
                fixed.append(_fixed(letter))
                fields.append(starts[i] + first + 18 * fixed[-1].strokes)
                word.append(i)
        pairs += p.pairs
    field, ns = np.array(fields, dtype=np.int64), np.array(pairs, dtype=np.int64)
    # Each letter's gentle wave: (angle, wave number, phase) × 4, from its 12 numbers;
    # its row's first 16: the angles' cosines, sines, the wave numbers, the phases.
    a, b, c = u[field[:, None] + np.arange(12)].reshape(-1, 4, 3).transpose(2, 0, 1)
    angles = _TAU * a
    waves = np.concatenate(
        (np.cos(angles), np.sin(angles), _TAU / (0.35 + _NUMBER * b), _TAU * c), axis=1
    ).tolist()
    # Each pair (p, q): an angle p 2 pi and a radius sqrt(-2 log(1 - q)); its normal
    # numbers the angle's cosine, then its sine, times the radius.
    at = np.repeat(field + 12 - np.cumsum(2 * ns) + 2 * ns, 2 * ns) + np.arange(2 * ns.sum())
    x2pi = u[at[0::2]] * _TWOPI
    g2rad = np.sqrt(-2.0 * np.log(1.0 - u[at[1::2]]))
    normal = np.empty(len(at) + len(todo))  # the pairs' numbers, then each word's kept
    normal[0 : len(at) : 2], normal[1 : len(at) : 2] = np.cos(x2pi) * g2rad, np.sin(x2pi) * g2rad
    normal[len(at) :] = [0.0 if p.kept is None else p.kept for _, p in todo]
    take: list[int] = []  # a word's gauss calls take the number kept, then its pairs'
    done = 0
    for i, (_, p) in enumerate(todo):
        own = 2 * sum(p.pairs)
        kept = [len(at) + i] if p.kept is not None else []
        take += (kept + list(range(done, done + own)))[: len(_SDS) * len(p.pairs)]
        done += own
    sds = np.array([_at_k(w.k)[0] for w, _ in todo])[word]
    lims = np.array([_at_k(w.k)[1] for w, _ in todo])[word]
    g = np.clip(0.0 + normal[take].reshape(-1, len(_SDS)) * sds, -lims, lims).tolist()
    _fill(todo, flat, starts, fixed, waves, g)


def _fill(
    words: Sequence[tuple[Drawn, Pending]],
    u: list[float],
    starts: list[int],
    fixed: list[_Fixed],
    waves: list[list[float]],
    g: list[list[float]],
) -> None:
    """Each word's draws made of its numbers (``u``, word by word from ``starts``), its
    letters' :class:`_Fixed`, ``waves`` (the field's 16 numbers) and clamped gaussians
    ``g``, as :func:`_draw` makes them (an accent's: its two uniform numbers)."""
    n = 0  # the letter's number among all the words'
    for (w, p), start in zip(words, starts, strict=False):
        amplitude, k, mark = _at_k(w.k)[2], w.k, w.mark
        pairs = iter(p.pairs)
        for letter, first in zip(w.letters, p.firsts, strict=True):
            at = start + first
            if letter is None:  # an accent: uniform(-0.5, 0.5), uniform(-0.3, 0.5)
                w.draws.append((_uniform(-0.5, 0.5, u[at]), _uniform(-0.3, 0.5, u[at + 1])))
                continue
            if not len(letter.points):
                w.draws.append(None)
                continue
            gs = g[n]
            row = (*waves[n], amplitude, -gs[0], gs[1], gs[2], gs[3], gs[4], letter.x_height)
            row += (letter.stem, 1.0 + gs[5], 1.0 + gs[6], 1.0 + gs[7], gs[8], gs[9])
            row += (math.tan(math.radians(gs[10])),)
            wobbles = 18 * fixed[n].strokes
            end = at + wobbles + 12 + 2 * next(pairs)  # its marks' numbers
            moves = []
            if letter.marks:
                moves = _moves(letter, u[end : end + 2 + 2 * len(letter.marks)], k, mark)
            w.draws.append(_Draws(u[at : at + wobbles], row, moves, fixed[n], k))
            n += 1
