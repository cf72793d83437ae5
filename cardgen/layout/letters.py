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

A word's choices are drawn first, letter by letter (:func:`draw_word`); the
arithmetic waits, so a card's words are written at once (:func:`write_words`:
every letter's points in one set of numpy calls, the same operations on each
point as one letter at a time would make); what a shaped word's letters are is
worked out once a shaping.

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
from typing import Protocol

import msgspec
import numpy as np

from cardgen.layout.joins import Pair, join_pairs, join_word, pairs
from cardgen.layout.penorder import BLEND, JOIN_Y, TAIL, Letter, _fade, pen_order
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
    if sd <= 0:
        return 0.0
    v, lim = rng.gauss(0.0, sd), 2 * sd
    return lim if v > lim else -lim if v < -lim else v


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


class _Fixed(msgspec.Struct, frozen=True, eq=False):
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


class _Draws(msgspec.Struct, frozen=True, eq=False):
    """One occurrence's random choices (see :func:`vary`), as drawn, in order: its
    uniform numbers (the wobble's: each of the letter's strokes × axis, three
    amplitudes, then three wavelengths each with its phase, :func:`_wobble` makes
    them terms; then its gentle wave's twelve, :func:`_rows`), its gaussian numbers
    (:data:`_SDS`'s, each to be clamped at its ``lims``) and each mark's move (em);
    the letter's :class:`_Fixed` and its ``k``."""

    uniform: list[float]
    gauss: list[float]
    lims: tuple[float, ...]
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
_NUMBER = 0.7 - 0.35  # a field wave's length: uniform(0.35, 0.7)
# The sds of a letter's gaussian draws at k = 1, in the order drawn: its entry's tail
# (length, height), its exit's, its bowl's closure, its x-height, ascender, descender,
# its loops (up, down) and its slant.
_SDS: tuple[float, ...] = (TAIL_LENGTH, TAIL_HEIGHT, TAIL_LENGTH, TAIL_HEIGHT, CLOSURE)
_SDS += (X_HEIGHT, ASCENDER, DESCENDER, LOOP, LOOP, SLANT)
_BY_K: dict[float, tuple[tuple[float, ...], tuple[float, ...]]] = {}


def _at_k(k: float) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """The sds at ``k`` of :data:`_SDS` (empty if one is not above 0: :func:`_g` then
    draws nothing for it) and their clamps (2 sd)."""
    known = _BY_K.get(k)
    if known is None:
        sds = tuple(sd * k for sd in _SDS)
        if not all(sd > 0 for sd in sds):
            sds = ()
        known = _BY_K[k] = (sds, tuple(2 * sd for sd in sds))
    return known


def _draw(letter: Letter, rng: random.Random, k: float, mark: float) -> _Draws | None:
    """The random choices of one occurrence of ``letter`` (None for a letter with no
    points: it draws none); what they make waits for :func:`_applied`."""
    if not len(letter.points):
        return None
    fixed = letter.__dict__.get("_fixed") or _fixed(letter)  # (kept on it: _fixed)
    # Its uniform numbers, in the order drawn (rng.random called by starmap, with no
    # Python loop): a slow wobble along each of the font's strokes, a few sine terms of
    # its arc (its x's, then its y's) each from nine numbers; then a gentle wave over
    # the letter, (angle, wave number, phase) from three, two for x, two for y.
    uniform = list(itertools.starmap(rng.random, itertools.repeat((), 18 * fixed.strokes + 12)))
    sds, lims = _BY_K.get(k) or _at_k(k)
    if sds:  # _g's draws (by map, in order), clamped at 2 sd later
        gauss = list(map(rng.gauss, itertools.repeat(0.0), sds))
    else:
        gauss, lims = [_g(rng, sd * k) for sd in _SDS], _UNCLAMPED
    marks = []
    if letter.marks:  # a letter's two dots together, each a little apart
        uniform_ = rng.uniform
        mx, my = uniform_(-1, 1) * mark * k, uniform_(-0.6, 1) * mark * k
        for _ in letter.marks:
            ox, oy = uniform_(-0.2, 0.2) * mark * k, uniform_(-0.2, 0.2) * mark * k
            if len(letter.marks) == 1:
                ox, oy = 0.0, 0.0
            marks.append((mx + ox, my + oy))
    return _Draws(uniform, gauss, lims, marks, fixed, k)


_UNCLAMPED = (math.inf,) * len(_SDS)  # the clamps of draws already clamped


def _split(draws: Sequence[_Draws]) -> tuple[np.ndarray, np.ndarray]:
    """Every letter's uniform numbers, split: the wobble's, nine a row (each stroke ×
    axis of each letter in turn), and the gentle wave's, twelve a row (a letter's)."""
    lengths = [len(d.uniform) for d in draws]
    drawn = np.fromiter(
        itertools.chain.from_iterable(d.uniform for d in draws), float, sum(lengths)
    )
    # A letter's last twelve are its wave's; the rest, before them, its wobble's.
    field = np.cumsum(lengths)[:, None] + np.arange(-12, 0)
    wobble = np.ones(len(drawn), dtype=bool)
    wobble[field] = False
    return drawn[wobble].reshape(-1, 9), drawn[field]


def _rows(letters: Sequence[Letter], draws: Sequence[_Draws], field: np.ndarray) -> np.ndarray:
    """Each letter's numbers (:data:`_ROW`), a row a letter, made from its draws as one
    letter at a time would make them: its wave's angles 2 pi u (their cos and sin by
    ``math``), wave numbers 2 pi / (0.35 + 0.35 u) and phases 2 pi u from its ``field``
    numbers u; its amplitude; its gaussian numbers clamped (tails, bowl, heights, loops,
    slant as tan of degrees by ``math``); its x-height and stem."""
    n = len(draws)
    angles = (_TAU * field[:, 0::3]).ravel().tolist()
    g = np.fromiter(itertools.chain.from_iterable(d.gauss for d in draws), float, 11 * n)
    lims = np.fromiter(itertools.chain.from_iterable(d.lims for d in draws), float, 11 * n)
    g = np.minimum(np.maximum(g, -lims), lims).reshape(n, 11)
    row = np.empty((n, _AT["slant"] + 1))
    at = _AT["cos"]
    row[:, at : at + 4] = np.fromiter(map(math.cos, angles), float, 4 * n).reshape(n, 4)
    at = _AT["sin"]
    row[:, at : at + 4] = np.fromiter(map(math.sin, angles), float, 4 * n).reshape(n, 4)
    at = _AT["number"]
    row[:, at : at + 4] = _TAU / (0.35 + _NUMBER * field[:, 1::3])
    at = _AT["phase"]
    row[:, at : at + 4] = _TAU * field[:, 2::3]
    row[:, _AT["field"]] = FIELD * np.array([d.k for d in draws]) / 2
    at = _AT["tails"]  # the entry's length backward, then as drawn; then the bowl's
    row[:, at] = -g[:, 0]
    row[:, at + 1 : at + 5] = g[:, 1:5]
    row[:, _AT["x_height"]] = [letter.x_height for letter in letters]
    row[:, _AT["stem"]] = [letter.stem for letter in letters]
    at = _AT["heights"]
    row[:, at : at + 3] = 1.0 + g[:, 5:8]
    at = _AT["loops"]
    row[:, at : at + 2] = g[:, 8:10]
    row[:, _AT["slant"]] = list(map(math.tan, map(math.radians, g[:, 10].tolist())))
    return row


def _wobble(raw: np.ndarray, draws: Sequence[_Draws]) -> np.ndarray:
    """The wobble's terms of every stroke of ``draws``' letters, as stroke × axis ×
    (amplitude, wavelength, phase) × term: from each stroke and axis's nine
    uniform numbers r (``raw``, a row each), the amplitudes (0.3 + 0.7 r) scaled to
    sum to WOBBLE k, the wavelengths (0.25 + 0.35 r) stretched by :data:`_STRETCH`,
    the phases 6.3 r."""
    strokes = [2 * d.fixed.strokes for d in draws]
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
    raw, field = _split(draws)
    terms = np.take(_wobble(raw, draws).transpose(2, 1, 3, 0).copy(), which, axis=3)
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
    row = np.repeat(_rows(letters, draws, field).T, sizes, axis=1)  # a row a number
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


class _Form(msgspec.Struct, frozen=True, eq=False):
    """What a shaped word's letters are, the same each time it is written: each glyph's
    letter (None: not a letter, e.g. an accent) and its points' count (an accent's 0:
    it is placed apart), whether it has accents, how many points its letters have,
    and the pairs of them that may join (each where it starts in the word)."""

    letters: list[Letter | None]
    counts: list[int]
    accents: bool
    total: int
    pairs: list[Pair]


# Each pen's shaped words' forms, by the shaping's identity (a pen shapes a word once,
# and keeps it), the shaping kept beside it, so its id is never taken for another's.
_FORMS: weakref.WeakKeyDictionary[Pen, dict[int, tuple[object, _Form]]] = (
    weakref.WeakKeyDictionary()
)


def _form(fs: Pen, shaped: Sequence[tuple[int, ShapedGlyph]]) -> _Form:
    """The :class:`_Form` of ``shaped``, a word ``fs`` shaped, worked out once."""
    known = _FORMS.get(fs)
    if known is None:
        known = _FORMS[fs] = {}
    hit = known.get(id(shaped))
    if hit is not None and hit[0] is shaped:
        return hit[1]
    infos = [fs.letter(g.gid) for _, g in shaped]
    counts = [0 if letter is None else len(letter.points) for letter in infos]
    starts = itertools.accumulate(counts[:-1], initial=0) if counts else ()
    chain = [(letter, at) for letter, at in zip(infos, starts, strict=True) if letter is not None]
    form = _Form(infos, counts, None in infos, sum(counts), pairs(chain))
    known[id(shaped)] = (shaped, form)
    return form


class Drawn(msgspec.Struct, frozen=True, eq=False):
    """A shaped word's random choices (:func:`draw_word`): each glyph's letter (None:
    not a letter, e.g. an accent) and its draws (an accent's: its own move); its
    letters' :class:`_Form`."""

    shaped: Sequence[tuple[int, ShapedGlyph]]
    letters: Sequence[Letter | None]
    draws: list[_Draws | tuple[float, float] | None]
    k: float
    mark: float
    form: _Form


def draw_word(
    fs: Pen,
    shaped: Sequence[tuple[int, ShapedGlyph]],
    rng: random.Random,
    k: float = 1.0,
    mark: float = MARK,
) -> Drawn:
    """The random choices of a single-line hand's shaped word, in order: each letter's
    (:func:`vary`'s), and each accent's own move. :func:`write_words` writes it."""
    form = _form(fs, shaped)
    draws: list[_Draws | tuple[float, float] | None] = [
        (rng.uniform(-0.5, 0.5), rng.uniform(-0.3, 0.5))
        if letter is None
        else _draw(letter, rng, k, mark)
        for letter in form.letters
    ]
    return Drawn(shaped, form.letters, draws, k, mark, form)


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
    parts: list[np.ndarray | tuple[int, int]] = []  # an accent's points, letters' range
    joins: list[Pair] = []  # the pairs of letters that may join, by where each starts
    counts: list[int] = []  # each glyph's points
    start = 0
    for w in words:
        f = w.form
        joins += [(start + a, xa, start + b, eb) for a, xa, b, eb in f.pairs]
        if not f.accents:  # its letters' points one after another
            parts.append((start, start + f.total))
            counts += f.counts
            start += f.total
            continue
        base: tuple[Letter, int, ShapedGlyph] | None = None  # the last letter
        for (face, g), letter, d, n in zip(w.shaped, w.letters, w.draws, f.counts, strict=True):
            if letter is None:
                assert d is not None and not isinstance(d, _Draws)
                parts.append(_accent(fs, face, g, base, flat, d, w))
                counts.append(len(parts[-1]))
                continue
            base = (letter, start, g)
            parts.append((start, start + n))
            counts.append(n)
            start += n
    if fs.font.joined:
        join_pairs(joins, flat)
    if all(isinstance(p, tuple) for p in parts):
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
