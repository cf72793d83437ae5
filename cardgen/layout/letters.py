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
* joins a word's letters (:func:`join_word`): each exit and the next letter's
  entry are moved to their midpoint, the correction blended over the last
  (first) :data:`BLEND` em of the strokes, so the pen's line runs on.

Points are in em, letter coordinates (origin on the baseline at the pen);
every function keeps a letter's point count and strokes, so the outline's
path template stays valid. All randomness comes from the ``random.Random``
passed in.
"""

from __future__ import annotations

import itertools
import math
import random
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from cardgen.layout.penorder import JOIN_Y, TAIL, Letter, _fade, pen_order
from cardgen.layout.shaping import Outline, ShapedGlyph
from cardgen.model import StrokeFont

__all__ = [
    "BLEND",
    "JOIN_Y",
    "Letter",
    "Pen",
    "join_word",
    "pen_order",
    "reach",
    "vary",
    "write_word",
]

Strokes = tuple[tuple[tuple[float, float], ...], ...]

BLEND = 0.08  # arc length over which a join's correction fades out (em)
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


# -- variation -------------------------------------------------------------------
def _g(rng: random.Random, sd: float) -> float:
    """A gaussian draw clamped at 2 sd."""
    return max(-2 * sd, min(2 * sd, rng.gauss(0.0, sd))) if sd > 0 else 0.0


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


@dataclass(frozen=True, eq=False)
class _Fixed:
    """What :func:`vary` needs of a letter that is the same every time: which of its
    strokes each point lies on (0, 1 … ``strokes``), its points' x and y as columns,
    the weights of its entry and exit tails (None: no tail), its bowl's shift."""

    which: np.ndarray
    strokes: int
    x0: np.ndarray
    y0: np.ndarray
    tails: tuple[np.ndarray | None, np.ndarray | None]
    bowl: np.ndarray | None


_FIXED: weakref.WeakKeyDictionary[Letter, _Fixed] = weakref.WeakKeyDictionary()


def _fixed(letter: Letter) -> _Fixed:
    """``letter``'s :class:`_Fixed`, worked out once."""
    known = _FIXED.get(letter)
    if known is not None:
        return known
    src, arc = letter.source, letter.arc
    sources, which = np.unique(src, return_inverse=True)
    tails = tuple(
        _fade(np.where(src == where[0], arc - where[1], TAIL), TAIL)
        if where is not None and tail
        else None
        for where, tail in ((letter.entry, letter.entry_tail), (letter.exit, letter.exit_tail))
    )
    bowl = None
    if letter.bowl is not None:
        i, s, dx, dy = letter.bowl
        bowl = np.outer(_fade(np.where(src == i, arc - s, BOWL), BOWL), (dx, dy))
    fixed = _Fixed(
        which=which,
        strokes=len(sources),
        x0=letter.points[:, :1].copy(),
        y0=letter.points[:, 1:].copy(),
        tails=(tails[0], tails[1]),
        bowl=bowl,
    )
    _FIXED[letter] = fixed
    return fixed


def _field(rng: random.Random) -> list[tuple[float, float, float]]:
    """A gentle wave's (angle, wave number, phase), two for x then two for y."""
    return [
        (
            rng.uniform(0.0, 2 * math.pi),
            2 * math.pi / rng.uniform(0.35, 0.7),
            rng.uniform(0.0, 2 * math.pi),
        )
        for _ in range(4)
    ]


@dataclass(frozen=True, eq=False)
class _Draws:
    """One occurrence's random choices (see :func:`vary`), drawn in order."""

    amps: list[float]  # the wobble's terms: the letter's strokes × axis × term
    waves: list[float]
    phases: list[float]
    field: list[tuple[float, float, float]]
    tails: tuple[tuple[float, float], tuple[float, float]]
    shift: float
    heights: tuple[float, float, float]
    loops: tuple[float, float]
    slant: float
    marks: list[tuple[float, float]]  # each mark's move (em)


def _draw(letter: Letter, rng: random.Random, k: float, mark: float) -> _Draws | None:
    """The random choices of one occurrence of ``letter`` (None for a letter with no
    points: it draws none)."""
    if not len(letter.points):
        return None
    fixed = _fixed(letter)
    # A slow wobble along each of the font's strokes: a few sine terms of its arc.
    amps: list[float] = []
    waves: list[float] = []
    phases: list[float] = []
    uniform = rng.uniform
    for _ in range(2 * fixed.strokes):  # each stroke's x, then its y
        amp = [uniform(0.3, 1.0), uniform(0.3, 1.0), uniform(0.3, 1.0)]
        scale = WOBBLE * k / sum(amp)
        amps += [a * scale for a in amp]
        for j in range(3):
            waves.append(uniform(0.25, 0.6) * (1.0 + 0.6 * j))
            phases.append(uniform(0, 6.3))
    field = _field(rng)
    entry = (_g(rng, TAIL_LENGTH * k) * -1.0, _g(rng, TAIL_HEIGHT * k))
    exit_ = (_g(rng, TAIL_LENGTH * k) * 1.0, _g(rng, TAIL_HEIGHT * k))
    shift = _g(rng, CLOSURE * k)
    hx = 1.0 + _g(rng, X_HEIGHT * k)
    ha = 1.0 + _g(rng, ASCENDER * k)
    heights = (hx, ha, 1.0 + _g(rng, DESCENDER * k))
    loops = (_g(rng, LOOP * k), _g(rng, LOOP * k))
    slant = math.tan(math.radians(_g(rng, SLANT * k)))
    marks = []
    if letter.marks:  # a letter's two dots together, each a little apart
        mx, my = uniform(-1, 1) * mark * k, uniform(-0.6, 1) * mark * k
        for _ in letter.marks:
            ox, oy = uniform(-0.2, 0.2) * mark * k, uniform(-0.2, 0.2) * mark * k
            if len(letter.marks) == 1:
                ox, oy = 0.0, 0.0
            marks.append((mx + ox, my + oy))
    return _Draws(amps, waves, phases, field, (entry, exit_), shift, heights, loops, slant, marks)


def _apply(
    letters: Sequence[Letter], draws: Sequence[_Draws], k: float | Sequence[float]
) -> list[np.ndarray]:
    """Each letter's occurrence with its draws (``k`` the hand's, or each letter's)."""
    ks = [k] * len(letters) if isinstance(k, (int, float)) else list(k)
    sizes = [len(letter.points) for letter in letters]
    return np.split(_applied(letters, draws, ks), np.cumsum(sizes[:-1]))


def _applied(letters: Sequence[Letter], draws: Sequence[_Draws], ks: list[float]) -> np.ndarray:
    """All letters' points, one after another, each varied by its draws: in one set of
    numpy calls (each point's own letter's numbers beside it)."""
    fixed = [_fixed(letter) for letter in letters]
    sizes = [len(letter.points) for letter in letters]
    counts = np.array(sizes)
    p = np.concatenate([letter.points for letter in letters])
    arc = np.concatenate([letter.arc for letter in letters])
    free = np.concatenate([letter.free for letter in letters])
    offsets = itertools.accumulate([f.strokes for f in fixed[:-1]], initial=0)
    which = np.concatenate([f.which + o for f, o in zip(fixed, offsets, strict=True)])
    # The wobble along each font stroke.
    terms = np.array(
        [
            list(itertools.chain.from_iterable(d.amps for d in draws)),
            list(itertools.chain.from_iterable(d.waves for d in draws)),
            list(itertools.chain.from_iterable(d.phases for d in draws)),
        ]
    )
    amp, wavelength, phase = terms.reshape(3, -1, 2, 3)[:, which]
    waves = 2 * math.pi * arc[:, None, None] / wavelength
    waves += phase
    np.sin(waves, out=waves)
    waves *= amp
    total = waves[:, :, 0] + waves[:, :, 1]
    total += waves[:, :, 2]
    total *= free[:, None]
    p += total
    # A gentle wave over each letter (two an axis), the same for all its strokes.
    field = np.repeat(
        [
            [math.cos(a) for a, _, _ in d.field]
            + [math.sin(a) for a, _, _ in d.field]
            + [number for _, number, _ in d.field]
            + [phase for _, _, phase in d.field]
            for d in draws
        ],
        counts,
        axis=0,
    )
    wave = np.concatenate([f.x0 for f in fixed]) * field[:, 0:4]
    wave += np.concatenate([f.y0 for f in fixed]) * field[:, 4:8]
    wave *= field[:, 8:12]
    wave += field[:, 12:16]
    np.sin(wave, out=wave)
    wave *= np.repeat([FIELD * k / 2 for k in ks], counts)[:, None]
    p += wave[:, 0::2]
    p += wave[:, 1::2]
    _shape(p, letters, fixed, draws, sizes, counts)
    # Dots and bars move on their own.
    start = 0
    for letter, d, n in zip(letters, draws, sizes, strict=True):
        for m, move in zip(letter.marks, d.marks, strict=True):
            a, b = letter.contours[m]
            p[start + a : start + b] += move
        start += n
    return p


def _shape(
    p: np.ndarray,
    letters: Sequence[Letter],
    fixed: Sequence[_Fixed],
    draws: Sequence[_Draws],
    sizes: list[int],
    counts: np.ndarray,
) -> None:
    """Tails, bowls, heights, loops and slant of the letters' points ``p`` (in place)."""
    # Entry and exit tails; a bowl's start moved along it.
    for end in range(2):
        if any(f.tails[end] is not None for f in fixed):
            w = np.concatenate(
                [
                    np.zeros(n) if f.tails[end] is None else f.tails[end]
                    for f, n in zip(fixed, sizes, strict=True)
                ]
            )
            move = np.repeat([d.tails[end] for d in draws], counts, axis=0)
            p[:, 0] += w * move[:, 0]
            p[:, 1] += w * move[:, 1]
    if any(f.bowl is not None for f in fixed):
        bowl = np.concatenate(
            [
                np.zeros((n, 2)) if f.bowl is None else f.bowl
                for f, n in zip(fixed, sizes, strict=True)
            ]
        )
        p += bowl * np.repeat([d.shift for d in draws], counts)[:, None]
    # Heights: the x-height band, the ascender and the descender each scaled.
    numbers = [(lt.x_height, lt.stem, *d.heights, *d.loops, d.slant) for lt, d in zip(letters, draws, strict=True)]
    xh, stem, hx, ha, hd, loop_up, loop_down, slant = np.repeat(numbers, counts, axis=0).T
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
    return _apply([letter], [draws], k)[0]


# -- joins -----------------------------------------------------------------------
def join_word(
    letters: Sequence[Letter | None], points: Sequence[np.ndarray], gap: float = 0.1
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


_JOINS: weakref.WeakKeyDictionary[Letter, dict[tuple[int, float], tuple[np.ndarray, np.ndarray]]]
_JOINS = weakref.WeakKeyDictionary()


def _join(letter: Letter, at: tuple[int, float]) -> tuple[np.ndarray, np.ndarray]:
    """The indices of the points that are the join point ``at`` (one per piece), and
    how much of a join's correction each point takes: worked out once a letter."""
    own = _JOINS.setdefault(letter, {})
    known = own.get(at)
    if known is None:
        where = (letter.source == at[0]) & (np.abs(letter.arc - at[1]) < 1e-12)
        weight = _fade(np.where(letter.source == at[0], letter.arc - at[1], BLEND), BLEND)
        known = own[at] = (np.flatnonzero(where), weight)
    return known


def _where(letter: Letter, at: tuple[int, float]) -> np.ndarray:
    """The indices of the points that are the join point ``at`` (one per piece)."""
    return _join(letter, at)[0]


def _pull(pts: np.ndarray, delta: np.ndarray, idx: np.ndarray, weight: np.ndarray) -> None:
    meet = pts[idx[0]] + delta
    pts += np.outer(weight, delta)
    pts[idx] = meet


_Pull = tuple[int, np.ndarray, np.ndarray, tuple[float, float]]  # start, indices, weight, delta


def _join_all(words: Sequence[Sequence[tuple[Letter, int]]], flat: np.ndarray, gap: float) -> None:
    """:func:`join_word` for many words at once: ``flat`` holds their letters' points one
    after another, ``words`` each word's letters (accents left out) and where each
    starts in ``flat``. The joins are found in order, point by point, as
    :func:`join_word` finds them; then every entry's pull is made at once, then
    every exit's (a letter is pulled at its entry before its exit)."""
    entries: dict[int, _Pull] = {}
    exits: list[_Pull] = []
    for word in words:
        for (a, sa), (b, sb) in itertools.pairwise(word):
            if a.exit is None or b.entry is None:
                continue
            xa, wa = _join(a, a.exit)
            eb, wb = _join(b, b.entry)
            ex, ey = _now(flat, sa, int(xa[0]), entries.get(sa))
            sx, sy = flat[sb + eb[0]].tolist()
            if float(np.hypot(ex - sx, ey - sy)) < gap:
                mx, my = (ex + sx) / 2, (ey + sy) / 2
                exits.append((sa, xa, wa, (mx - ex, my - ey)))
                entries[sb] = (sb, eb, wb, (mx - sx, my - sy))
    for pulls in (list(entries.values()), exits):
        if pulls:
            _pull_all(flat, pulls)


def _now(flat: np.ndarray, start: int, i: int, pulled: _Pull | None) -> tuple[float, float]:
    """Point ``i`` of the letter at ``start`` in ``flat``, after its entry's pull."""
    x, y = flat[start + i].tolist()
    if pulled is None:
        return x, y
    _, idx, weight, (dx, dy) = pulled
    if i in idx.tolist():
        x, y = flat[start + int(idx[0])].tolist()
        return x + dx, y + dy
    w = float(weight[i])
    return x + w * dx, y + w * dy


def _pull_all(flat: np.ndarray, pulls: Sequence[_Pull]) -> None:
    """:func:`_pull` for letters that lie in ``flat``, all at once."""
    weights = np.zeros(len(flat))
    deltas = np.zeros((len(flat), 2))
    meets = []
    for start, idx, weight, delta in pulls:
        weights[start : start + len(weight)] = weight
        deltas[start : start + len(weight)] = delta
        meets.append(flat[start + idx[0]] + delta)
    at = np.concatenate([start + idx for start, idx, _, _ in pulls])
    meet = np.repeat(meets, [len(idx) for _, idx, _, _ in pulls], axis=0)
    flat += weights[:, None] * deltas
    flat[at] = meet


# -- a word ----------------------------------------------------------------------
class Pen(Protocol):
    """What a word is written from: a :class:`~cardgen.layout.strokes.StrokeSet`."""

    font: StrokeFont

    def letter(self, gid: int) -> Letter | None: ...

    def outline(self, face: int, gid: int) -> Outline: ...


@dataclass(frozen=True, eq=False)
class Drawn:
    """A shaped word's random choices (:func:`draw_word`): each glyph's letter (None:
    not a letter, e.g. an accent) and its draws (an accent's: its own move)."""

    shaped: Sequence[tuple[int, ShapedGlyph]]
    letters: list[Letter | None]
    draws: list[_Draws | tuple[float, float] | None]
    k: float
    mark: float


def draw_word(
    fs: Pen,
    shaped: Sequence[tuple[int, ShapedGlyph]],
    rng: random.Random,
    k: float = 1.0,
    mark: float = MARK,
) -> Drawn:
    """The random choices of a single-line hand's shaped word, in order: each letter's
    (:func:`vary`'s), and each accent's own move. :func:`write_words` writes it."""
    infos: list[Letter | None] = []
    draws: list[_Draws | tuple[float, float] | None] = []
    for _face, g in shaped:
        letter = fs.letter(g.gid)
        infos.append(letter)
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
    # All the words' letters varied at once, each moved to its place in its word.
    varied: list[tuple[Letter, _Draws, float, tuple[float, float]]] = [
        (letter, d, w.k, (g.x, g.y))
        for w in words
        for (_face, g), letter, d in zip(w.shaped, w.letters, w.draws, strict=True)
        if isinstance(d, _Draws) and letter is not None
    ]
    sizes = [len(v[0].points) for v in varied]
    flat = np.zeros((0, 2))
    if varied:
        flat = _applied([v[0] for v in varied], [v[1] for v in varied], [v[2] for v in varied])
        flat += np.repeat([v[3] for v in varied], sizes, axis=0)
    # Each accent moved with the letter before it (as varied, before any join).
    parts: list[np.ndarray | tuple[int, int]] = []  # an accent's points, a letter's range
    chains: list[list[tuple[Letter, int]]] = []
    start = 0
    for w in words:
        chain: list[tuple[Letter, int]] = []
        base: tuple[Letter, int, ShapedGlyph] | None = None  # the last letter
        for (face, g), letter, d in zip(w.shaped, w.letters, w.draws, strict=True):
            if letter is None:
                assert isinstance(d, tuple)
                parts.append(_accent(fs, face, g, base, flat, d, w))
                continue
            n = len(letter.points) if isinstance(d, _Draws) else 0
            base = (letter, start, g)
            chain.append((letter, start))
            parts.append((start, start + n))
            start += n
        chains.append(chain)
    if fs.font.joined:
        _join_all(chains, flat, 0.1)
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
    return pts + (move[0] * w.mark * w.k, move[1] * w.mark * w.k)
