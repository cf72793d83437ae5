"""Layout stage: a card's words, drawn one by one, bent onto the page all at once. Pure.

:mod:`.handwriting` draws each word's variation from the card's generator, word
by word in reading order (:class:`WordInk`: its height, rise, fade, weight and
slow waves; its letters' own choices): a :class:`Word`. Nothing drawn later
depends on where a word's points end up, so the arithmetic waits for the
whole card: :func:`lines_along` writes every line's letters (a pen's all
together) and takes every point, each beside its own word's and its own line's
numbers, through the word's waves and slant onto its line's baseline
(:class:`Curve`), and :func:`onto_lines` puts lines on the page, through the
page's :class:`Field`, in one set of numpy calls each, the same operations on
each point as one word at a time would make (:func:`along`, :func:`onto`);
:func:`ink_boxes` finds each glyph's ink box in one go. What a glyph draws of
its word's text (:func:`glyph_chars`, :func:`visible`) is found here too, once
a font set.
"""

from __future__ import annotations

import math
import random
import unicodedata
import weakref
from collections.abc import Callable, Sequence
from typing import NamedTuple

import msgspec
import numpy as np

from cardgen.layout.fonts import INVISIBLE, FontSet
from cardgen.layout.letters import Drawn, write_words
from cardgen.layout.shaping import ShapedGlyph
from cardgen.layout.strokes import StrokeSet

__all__ = [
    "Along",
    "Curve",
    "Field",
    "Word",
    "WordInk",
    "WordOutline",
    "along",
    "drawn_chars",
    "glyph_chars",
    "ink_boxes",
    "lines_along",
    "onto",
    "onto_lines",
    "rise",
    "shown",
    "visible",
    "word_outline",
]


class WordInk(msgspec.Struct, frozen=True):
    """What varies per word, drawn once: height, rise, fade, weight, slow waves."""

    sy: float  # height scale
    rise: float  # pt above the line's baseline
    fade: float
    weight: float  # the pen's weight, pt
    width_wave: tuple[float, float, float]  # (amplitude, wavenumber per pt, phase)
    height_wave: tuple[float, float, float]
    slant_wave: tuple[float, float, float]
    weight_phase: float


class Word(msgspec.Struct, frozen=True, eq=False):
    """One word of a line with every choice drawn, not yet written: where it starts
    (``u0`` pt along the line), its size, the width it is drawn to (``fx`` times
    its shaped width), its slant (degrees), its ink, how much of the variation it
    takes (``calm``), its number in the writing, each glyph's ink weight (pt),
    and its glyphs' points: a pen's word as its letters' draws (``drawn``), an
    outline font's as its gathered ``outline`` (how many points each glyph has, its
    path's template), how far (em) each glyph is pushed along its normals (``push``)
    and each of its marks' own move (``moves``, em)."""

    text: str
    shaped: Sequence[tuple[int, ShapedGlyph]]
    u0: float
    size: float
    fx: float
    slant: float
    ink: WordInk
    calm: float
    number: int
    weights: list[float]
    drawn: Drawn | None = None
    outline: WordOutline | None = None
    push: list[float] | None = None
    moves: tuple[tuple[float, float], ...] = ()


class Curve(NamedTuple):
    """A line's baseline (:func:`rise`): the line's length (pt), the tan of its slope,
    its bow's sagitta, its drift's amplitude, wavelength and phase, and the most it
    rises or falls (pt); each a number, or an array of them, point by point."""

    width: float | np.ndarray
    tan: float | np.ndarray
    bend: float | np.ndarray
    drift: float | np.ndarray
    wavelength: float | np.ndarray
    phase: float | np.ndarray
    limit: float | np.ndarray


def rise(u: np.ndarray, word_rise: float | np.ndarray, c: Curve) -> np.ndarray:
    """How far the baseline ``c`` rises at ``u`` pt along its line (``word_rise`` pt
    more): the line turns about its middle; the rise flattens, without a corner,
    near its bound."""
    t = u / c.width
    r = (
        (u - c.width / 2) * c.tan
        + c.bend * 4 * t * (1 - t)
        + c.drift * np.sin(2 * math.pi * u / c.wavelength + c.phase)
        + word_rise
    )
    return c.limit * np.tanh(r / c.limit)


def along(
    words: Sequence[Word],
    em: np.ndarray,
    counts: Sequence[int],
    leans: Sequence[float],
    curve: Curve,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Words' points along their lines: ``em`` holds each word's points (word
    coordinates, em) one word after another, ``counts`` how many each has. Each
    is scaled to its word's size and width, bent by its waves and slant (its hand's
    lean, ``leans``, added) and lifted by its line's baseline (``curve``). Returns
    each point's u (pt along its line from its start), y (pt above the line's start)
    and its word's calm."""
    rows: list[list[float]] = []
    for w, lean in zip(words, leans, strict=True):
        (aw, kw, pw), (ah, kh, ph), (at, kt, pt) = (
            w.ink.width_wave,
            w.ink.height_wave,
            w.ink.slant_wave,
        )
        amp_x = min(aw / kw, 0.6 / kw)  # the width wave stays monotonic: |slope| < 1
        tilt = math.radians(w.slant + lean)
        shift = amp_x * math.sin(pw)
        rows.append([w.size, w.fx, kw, pw, amp_x, shift, w.ink.sy, ah, kh, ph, tilt, at, kt, pt])
        rows[-1] += (w.u0, w.ink.rise, w.calm)
    # Each word's numbers repeated for each of its points, a contiguous row a number.
    n = np.repeat(np.array(rows).T, counts, axis=1)
    size, fx, kw, pw, amp_x, shift, sy, ah, kh, ph, tilt, at, kt, pt, u0, lift, calm = n
    x = em[:, 0] * size  # each axis alone: no (n, 1) column broadcast over two
    x *= fx
    y = em[:, 1] * size
    # Letter width: x moves along a gentle wave.
    x = x + amp_x * np.sin(kw * x + pw) - shift
    # Letter height and slant, varying along the word, about the baseline.
    y = y * sy * (1.0 + ah * np.sin(kh * x + ph))
    x = x + y * np.tan(tilt + at * np.sin(kt * x + pt))
    # Onto the line: its baseline rises and falls.
    u = u0 + x
    return u, y + rise(u, lift, curve), calm


def onto(
    u: np.ndarray,
    y: np.ndarray,
    calm: np.ndarray,
    origin: tuple[float | np.ndarray, float | np.ndarray],
    page: Callable[[np.ndarray], np.ndarray],
) -> np.ndarray:
    """A line's points (:func:`along`) on the page from ``origin`` (the line's start;
    or, point by point, each's), moved by the ``page``'s field — less for a calm word."""
    x0, base = origin
    flat = np.column_stack((x0 + u, base + y))
    page_pts = page(flat)
    calmer = calm != 1.0
    if calmer.any():  # the page's waves, too, bend such a word less
        page_pts[calmer] = flat[calmer] + calm[calmer, None] * (page_pts[calmer] - flat[calmer])
    return page_pts


def onto_lines(
    lines: Sequence[Along],
    origins: Sequence[tuple[float, float]],
    page: Callable[[np.ndarray], np.ndarray],
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Lines along themselves (:func:`lines_along`) on the page, each from its origin
    (its start), all at once (:func:`onto`, each point from its own line's origin):
    each line's points, and its glyphs' ink boxes (:func:`ink_boxes`)."""
    sizes = [len(a.u) for a in lines]
    x0 = np.repeat([x for x, _ in origins], sizes)
    base = np.repeat([y for _, y in origins], sizes)
    u, y, calm = (np.concatenate([a[i] for a in lines]) for i in range(3))
    pts = onto(u, y, calm, (x0, base), page)
    boxes = ink_boxes(pts, [c for a in lines for c in a.counts])
    out = []
    point = box = 0
    for a, m in zip(lines, sizes, strict=True):
        n = sum(1 for c in a.counts if c)  # its glyphs with points
        out.append((pts[point : point + m], boxes[box : box + n]))
        point, box = point + m, box + n
    return out


class Along(NamedTuple):
    """A line's words along it, not yet on the page (:func:`along`): each point's u,
    y and calm; each glyph's point count; the baseline's rise at each glyph's pen and
    (last) at the line's start."""

    u: np.ndarray
    y: np.ndarray
    calm: np.ndarray
    counts: list[int]
    lifts: list[float]


def lines_along(lines: Sequence[tuple[FontSet, Sequence[Word], Curve]]) -> list[Along]:
    """Lines' drawn words (each line's font set, words and baseline) along their
    lines, all at once: a pen's letters varied and joined for all its lines together
    (:func:`letters.write_words`), an outline font's as gathered; then :func:`along`
    over every point, and each glyph's pen's rise: the same numbers as line by line."""
    ems, counts = _letters(lines)
    words = [w for _, line, _ in lines for w in line]
    per_word: list[int] = []  # each word's points
    for line, c in zip(lines, counts, strict=True):
        at = 0
        for w in line[1]:
            per_word.append(sum(c[at : at + len(w.shaped)]))
            at += len(w.shaped)
    sizes = [sum(c) for c in counts]
    leans = [fs.lean for fs, line, _ in lines for _ in line]
    curves = np.array([c for _, _, c in lines]).T  # a row a number of the curve, a line a column
    u, y, calm = along(
        words, np.concatenate(ems), per_word, leans, Curve(*np.repeat(curves, sizes, axis=1))
    )
    # Each glyph's pen along its line and its word's rise, and (last) the line's start.
    pens = [
        p
        for _, line, _ in lines
        for p in (*(w.u0 + g.x * w.size * w.fx for w in line for _, g in w.shaped), 0.0)
    ]
    rises = [
        r for _, line, _ in lines for r in (*(w.ink.rise for w in line for _ in w.shaped), 0.0)
    ]
    glyphs = [len(c) + 1 for c in counts]
    lifts = rise(
        np.array(pens), np.array(rises), Curve(*np.repeat(curves, glyphs, axis=1))
    ).tolist()
    out = []
    point = glyph = 0
    for c, m, n in zip(counts, sizes, glyphs, strict=True):
        out.append(
            Along(
                u[point : point + m],
                y[point : point + m],
                calm[point : point + m],
                c,
                lifts[glyph : glyph + n],
            )
        )
        point, glyph = point + m, glyph + n
    return out


def _letters(
    lines: Sequence[tuple[FontSet, Sequence[Word], Curve]],
) -> tuple[list[np.ndarray], list[list[int]]]:
    """Each line's glyphs' points (word coordinates, em; one glyph after another) and
    how many each has: a pen's (a :class:`StrokeSet`'s) written for all its lines at
    once, an outline font's as each word gathered them."""
    ems: list[np.ndarray] = [np.zeros((0, 2))] * len(lines)
    counts: list[list[int]] = [[] for _ in lines]
    plain = [i for i, (fs, _, _) in enumerate(lines) if not isinstance(fs, StrokeSet)]
    if plain:  # the outline fonts' lines, all at once
        em = _outline_points([w for i in plain for w in lines[i][1]])
        point = 0
        for i in plain:
            counts[i] = [n for w in lines[i][1] if w.outline is not None for n in w.outline.counts]
            ems[i] = em[point : point + sum(counts[i])]
            point += sum(counts[i])
    for fs in {id(fs): fs for fs, _, _ in lines if isinstance(fs, StrokeSet)}.values():
        mine = [i for i, line in enumerate(lines) if line[0] is fs]
        em, every = write_words(fs, [w.drawn for i in mine for w in lines[i][1] if w.drawn])
        glyph = point = 0
        for i in mine:
            n = sum(len(w.shaped) for w in lines[i][1])  # the line's glyphs
            counts[i] = every[glyph : glyph + n]
            m = sum(counts[i])
            ems[i] = em[point : point + m]
            glyph, point = glyph + n, point + m
    return ems, counts


def _outline_points(words: Sequence[Word]) -> np.ndarray:
    """Outline fonts' words' glyphs in word coordinates (em), one word's after another:
    each word's gathered outline pushed along its normals by its glyph's push, its
    marks moved on their own, each glyph to its place in its word; the same operations
    on each point as word by word, in one set of numpy calls."""
    known = [w.outline for w in words if w.outline is not None]
    pushes = [p for w in words if w.outline is not None for p in w.push or ()]
    push = np.repeat(pushes, [n for o in known for n in o.counts])
    pts = np.concatenate([o.points for o in known])
    pts += np.concatenate([o.normals for o in known]) * push[:, None]
    marked: list[int] = []  # the rows of the marks, and each row's move
    moves: list[tuple[float, float]] = []
    start = 0
    for o, w in zip(known, (w for w in words if w.outline is not None), strict=True):
        for (first, end), move in zip(o.marks, w.moves, strict=True):
            marked += range(start + first, start + end)
            moves += [move] * (end - first)
        start += len(o.points)
    if marked:  # (no row twice: a glyph's marks are contours of their own)
        pts[marked] += moves
    pts[:, 0] += np.concatenate([o.gx for o in known])  # then each glyph to its place
    pts[:, 1] += np.concatenate([o.gy for o in known])
    return pts


def ink_boxes(points: np.ndarray, counts: Sequence[int]) -> np.ndarray:
    """The boxes of the glyphs that have points, as rows x0, y0, x1, y1: ``points``
    holds each glyph's points one glyph after another, ``counts`` how many each has
    (the same numbers as :func:`cardgen.layout.lines.ink_boxes` of their boxes)."""
    if not any(counts):
        return np.zeros((0, 4))
    starts = np.cumsum([0, *counts[:-1]])[np.array(counts) > 0]
    lo = np.minimum.reduceat(points, starts, axis=0)
    hi = np.maximum.reduceat(points, starts, axis=0)
    return np.column_stack((lo, lo + (hi - lo)))


class WordOutline(msgspec.Struct, frozen=True, eq=False):
    """An outline font's shaped word, as its glyphs' outlines (em) one after another:
    what every writing of the word starts from.

    ``points`` and ``normals`` are each glyph's own (from its origin), ``counts``
    how many points each glyph has, ``templates`` the path operators that join
    each glyph's points, ``thinner`` how much thinner (em) each is
    drawn, ``marks`` the rows of the contours that are marks written on their
    own (dots, accents; in glyph order), ``gx``/``gy`` each row's glyph's place
    in the word (em)."""

    points: np.ndarray
    normals: np.ndarray
    counts: tuple[int, ...]
    templates: tuple[str, ...]
    thinner: tuple[float, ...]
    marks: tuple[tuple[int, int], ...]
    gx: np.ndarray
    gy: np.ndarray


# Each font set's words as outlines, gathered once a word (and its shaping): a
# return address and a company's address are written on every envelope.
_OUTLINES: weakref.WeakKeyDictionary[FontSet, dict[tuple[str, object], WordOutline]] = (
    weakref.WeakKeyDictionary()
)


def word_outline(
    fs: FontSet, word: str, shaped: Sequence[tuple[int, ShapedGlyph]], x_height: float
) -> WordOutline:
    """``word`` as ``fs`` shaped it, its glyphs' outlines gathered (see :class:`WordOutline`);
    the marks are those of the letters :func:`dotted` names, found by :func:`marks`."""
    known = _OUTLINES.setdefault(fs, {})
    key = (word, tuple(shaped))
    out = known.get(key)
    if out is not None:
        return out
    outlines = [fs.outline(face, g.gid) for face, g in shaped]
    counts = tuple(len(o.points) for o in outlines)
    moved: list[tuple[int, int]] = []
    at = 0
    for (face, g), n in zip(shaped, counts, strict=True):
        if dotted(word[g.cluster]):
            moved += [(at + first, at + end) for first, end in marks(fs, face, g.gid, x_height)]
        at += n
    out = known[key] = WordOutline(
        points=np.concatenate([o.points for o in outlines]),
        normals=np.concatenate([o.normals for o in outlines]),
        counts=counts,
        templates=tuple(o.template for o in outlines),
        thinner=tuple(fs.thinner(face) for face, _ in shaped),
        marks=tuple(moved),
        gx=np.repeat([g.x for _, g in shaped], counts),
        gy=np.repeat([g.y for _, g in shaped], counts),
    )
    return out


def dotted(text: str) -> bool:
    """Whether a letter carries a dot or an accent written on its own (i, j, é, ö …)."""
    return any(
        ch in "ijĳ" or (ch.isalpha() and unicodedata.decomposition(ch).split()[1:2] != [])
        for ch in text
    )


def marks(fs: FontSet, face: int, gid: int, x_height: float) -> tuple[tuple[int, int], ...]:
    """The contours of a glyph that are marks written on their own: i/j dots, accents.

    A mark is a small contour wholly above the x-height in a glyph that has
    another contour reaching down to the baseline (callers ask only for the
    letters :func:`dotted` names, so a capital's swash is never moved).
    """
    out = fs.outline(face, gid)
    if len(out.contours) < 2:
        return ()
    above, reaches_base = [], False
    for first, end in out.contours:
        ys = out.points[first:end, 1]
        if ys.min() > 0.85 * x_height and ys.max() - ys.min() < 0.3:
            above.append((first, end))
        elif ys.min() < 0.1:
            reaches_base = True
    return tuple(above) if reaches_base and len(above) < len(out.contours) else ()


class Field:
    """A smooth displacement field over the page: a few long waves in x and y (pt),
    drawn from ``rng`` (``amplitude`` pt, ``size`` the writing's)."""

    def __init__(self, rng: random.Random, amplitude: float, size: float) -> None:
        waves = []
        for _ in range(2):
            angle = rng.uniform(0.0, 2 * math.pi)
            wavelength = rng.uniform(1.0, 2.2) * size  # about a letter pair to a syllable
            wavenumber = 2 * math.pi / wavelength
            kx, ky = wavenumber * math.cos(angle), wavenumber * math.sin(angle)
            ax = rng.uniform(0.5, 1.0) * amplitude * rng.choice((-1, 1))
            ay = rng.uniform(0.5, 1.0) * amplitude * rng.choice((-1, 1))
            waves.append((kx, ky, rng.uniform(0, 2 * math.pi), rng.uniform(0, 2 * math.pi), ax, ay))
        self.waves = waves

    def apply(self, pts: np.ndarray) -> np.ndarray:
        """``pts`` (rows x, y; pt) moved by the field."""
        x, y = pts[:, 0], pts[:, 1]
        dx = np.zeros_like(x)
        dy = np.zeros_like(y)
        for kx, ky, px, py, ax, ay in self.waves:
            phase = kx * x + ky * y
            dx += ax * np.sin(phase + px)
            dy += ay * np.sin(phase + py)
        return np.column_stack((x + dx, y + dy))


def glyph_chars(w: Word) -> list[str]:
    """The characters each glyph of ``w`` writes: its cluster up to the next one (a
    ligature writes several; a further glyph of a cluster, a mark, writes none)."""
    firsts = sorted({g.cluster for _, g in w.shaped})
    ends = dict(zip(firsts, [*firsts[1:], len(w.text)], strict=True))
    seen: set[int] = set()
    out = []
    for _, g in w.shaped:
        out.append("" if g.cluster in seen else w.text[g.cluster : ends[g.cluster]])
        seen.add(g.cluster)
    return out


def visible(fs: FontSet, text: str) -> str:
    """``text`` without the characters that are never drawn (bidi marks, soft hyphens)."""
    return "".join(ch for ch in text if fs.face_index(ch) != INVISIBLE)


# Each font set's texts as :func:`visible` gives them, found once a text: a card's
# glyphs write the same few letters again and again, line after line.
_VISIBLE: weakref.WeakKeyDictionary[FontSet, dict[str, str]] = weakref.WeakKeyDictionary()


def shown(fs: FontSet) -> dict[str, str]:
    """``fs``'s texts already made :func:`visible` (text → what is drawn of it)."""
    known = _VISIBLE.get(fs)
    if known is None:
        known = _VISIBLE[fs] = {}
    return known


# Each font set's shaped words, as what each glyph draws of the text (glyph_chars, made
# visible): by the shaping's identity (a font set shapes a word once, and keeps it), the
# shaping kept beside them, so its id is never taken for another's.
_DRAWN: weakref.WeakKeyDictionary[FontSet, dict[int, tuple[object, list[str]]]] = (
    weakref.WeakKeyDictionary()
)


def drawn_chars(fs: FontSet) -> Callable[[Word], list[str]]:
    """What each glyph of a word ``fs`` shaped draws of its text: :func:`glyph_chars`
    without what is never drawn (:func:`visible`), found once a shaping."""
    known = _DRAWN.get(fs)
    if known is None:
        known = _DRAWN[fs] = {}
    texts = shown(fs)

    def chars(w: Word) -> list[str]:
        hit = known.get(id(w.shaped))
        if hit is None or hit[0] is not w.shaped:
            out = [texts.get(t) or texts.setdefault(t, visible(fs, t)) for t in glyph_chars(w)]
            hit = known[id(w.shaped)] = (w.shaped, out)
        return hit[1]

    return chars
