"""Layout stage: a single-line letter's strokes in the order a writer draws them. Pure.

:func:`pen_order` runs once per letter (:class:`~cardgen.layout.strokes.StrokeSet`
caches it; a shipped hand's letters are put in order ahead, :func:`pack_letter`):
in a joined script the stroke that holds the entry (where the previous letter's
exit arrives) comes first and starts there, the stroke that
holds the exit ends there, and detached marks (i and j dots, t-bars) come
after the body; a print hand's strokes go top to bottom, left to right, each
started at its upper (or left) end. A stroke whose entry or exit lies inside it
(EMS Allure's ``a c d e g o q u w``: the join runs into the bowl) is cut there,
every piece starting at the entry or ending at the exit. The :class:`Letter` it
returns carries what :mod:`.letters` varies and joins.
"""

from __future__ import annotations

import itertools
import math

import msgspec
import numpy as np

__all__ = [
    "BOWLS",
    "JOIN_DX",
    "JOIN_Y",
    "NEAR",
    "SNAP",
    "TAIL",
    "Letter",
    "pack_letter",
    "pen_order",
    "stored_letter",
]

JOIN_Y = 0.183  # EMS Allure's lowercase letters meet here (em above the baseline)
JOIN_DX = -0.032  # ... this far left of the pen (entry) and of the advance (exit)
NEAR = 0.05  # how close a stroke must pass the join point to hold the entry or exit (em)
SNAP = 0.015  # a join this close to a stroke's end is at that end (em)
BLEND = 0.08  # arc length over which a join's correction fades out (em)
TAIL = 0.12  # arc length of an entry or exit tail (em)
BOWLS = frozenset("adgoq")

# Per-occurrence amplitudes at k = 1 (em, fractions, degrees): each parameter is a
# gaussian with this sd, clamped at 2 sd.
JOINT = 0.02  # strokes this close meet (a stem and its arm): the wobble keeps them met


class Letter(msgspec.Struct, frozen=True, eq=False, dict=True):
    """A letter's strokes in pen order, and what its variation needs to know.

    ``points`` are the strokes' points one after another, ``contours`` their
    (first, end) ranges; ``source`` and ``arc`` say, per point, which of the
    font's strokes it lies on and how far along it (em), so a point the font
    draws once but pen order cuts in two varies the same in both pieces.
    """

    points: np.ndarray  # (n, 2) em
    contours: tuple[tuple[int, int], ...]
    source: np.ndarray  # (n,) int: the font stroke each point lies on
    arc: np.ndarray  # (n,) float: em along that font stroke
    marks: tuple[int, ...]  # indices into contours: detached marks (dots, bars)
    entry: tuple[int, float] | None  # (font stroke, arc) where the previous letter arrives
    exit: tuple[int, float] | None  # (font stroke, arc) where the next letter leaves from
    entry_tail: bool  # the entry is a font stroke's end (a tail to vary), not in a bowl
    exit_tail: bool
    bowl: tuple[int, float, float, float] | None  # (font stroke, arc, dx, dy): a bowl's
    # start and the unit direction into its stroke
    x_height: float  # the hand's drawn x-height (em)
    stem: float  # x about which loops widen (em)
    free: np.ndarray  # (n,) 0..1: how far each point is from where strokes meet (wobble)

    @property
    def strokes(self) -> Strokes:
        return tuple(
            tuple((float(x), float(y)) for x, y in self.points[a:b]) for a, b in self.contours
        )


Strokes = tuple[tuple[tuple[float, float], ...], ...]


def _fade(d: np.ndarray, length: float) -> np.ndarray:
    """1 at 0, easing to 0 at ``length`` (smooth: zero slope at both ends)."""
    t = np.clip(np.abs(d) / length, 0.0, 1.0)
    return 1.0 - t * t * (3.0 - 2.0 * t)


# -- pen order -------------------------------------------------------------------
def _arcs(stroke: np.ndarray) -> np.ndarray:
    steps = np.hypot(*np.diff(stroke, axis=0).T) if len(stroke) > 1 else np.zeros(0)
    return np.concatenate(([0.0], np.cumsum(steps)))


def _project(stroke: np.ndarray, arcs: np.ndarray, target: tuple[float, float]):
    """The nearest point of a polyline to ``target``: (distance, arc) (the first
    segment's, of several as near)."""
    if len(stroke) < 2:
        return (math.inf, 0.0)
    t = np.asarray(target, dtype=float)
    a = stroke[:-1]
    ab = stroke[1:] - a
    den = ab[:, 0] * ab[:, 0] + ab[:, 1] * ab[:, 1]
    ta = t - a
    u = np.divide(
        ta[:, 0] * ab[:, 0] + ta[:, 1] * ab[:, 1], den, out=np.zeros(len(den)), where=den != 0
    )
    np.clip(u, 0.0, 1.0, out=u)
    near = a + u[:, None] * ab - t
    d = np.hypot(near[:, 0], near[:, 1])
    i = int(np.argmin(d))
    return (float(d[i]), float(arcs[i] + float(u[i]) * (arcs[i + 1] - arcs[i])))


def _at(stroke: np.ndarray, arcs: np.ndarray, s: float) -> np.ndarray:
    return np.column_stack((np.interp(s, arcs, stroke[:, 0]), np.interp(s, arcs, stroke[:, 1])))[0]


def _piece(stroke: np.ndarray, arcs: np.ndarray, s0: float, s1: float):
    """The part of a stroke from arc ``s0`` to ``s1`` (either way): points and arcs."""
    lo, hi = min(s0, s1), max(s0, s1)
    inner = (arcs > lo + 1e-12) & (arcs < hi - 1e-12)
    pts = np.vstack((_at(stroke, arcs, lo), stroke[inner], _at(stroke, arcs, hi)))
    ss = np.concatenate(([lo], arcs[inner], [hi]))
    if s0 > s1:
        pts, ss = pts[::-1], ss[::-1]
    return pts, ss


def _upper_left(pts: np.ndarray) -> bool:
    """Whether a stroke already starts at its upper end (its left end, if it lies flat)."""
    (x0, y0), (x1, y1) = pts[0], pts[-1]
    if abs(y1 - y0) < 0.3 * abs(x1 - x0):
        return x0 <= x1
    return y0 >= y1


def pen_order(
    strokes: Strokes,
    advance: float,
    *,
    joined: bool,
    x_height: float,
    letter: str = "",
) -> Letter:
    """``strokes`` (a font letter, em) in the order a writer draws them (see the module).

    ``joined``: the hand is a joined script, whose letters meet their neighbours at
    (:data:`JOIN_DX`, :data:`JOIN_Y`) and (advance + :data:`JOIN_DX`, :data:`JOIN_Y`).
    ``letter`` names it (marks are looked for in lowercase letters, bowls in ``adgoq``).
    """
    font = [np.asarray(s, dtype=float).reshape(-1, 2) for s in strokes]
    arcs = [_arcs(s) for s in font]
    lengths = [float(a[-1]) for a in arcs]
    longest = max(lengths, default=0.0)
    marks: set[int] = set()
    if letter.islower() and len(font) > 1:
        for i, s in enumerate(font):
            size = float(np.hypot(*(s.max(axis=0) - s.min(axis=0))))
            if size < 0.3 and lengths[i] < 0.5 * longest and s[:, 1].min() > 0.6 * x_height:
                marks.add(i)
    body = [i for i in range(len(font)) if i not in marks]
    font, arcs, joints = _junctions(font, arcs, body)

    def find(target: tuple[float, float]) -> tuple[int, float] | None:
        return _find_join(font, arcs, lengths, body, target)

    entry = find((JOIN_DX, JOIN_Y)) if joined else None
    exit_ = find((advance + JOIN_DX, JOIN_Y)) if joined else None
    if not letter.islower() and exit_ is not None and exit_[1] not in (0.0, lengths[exit_[0]]):
        exit_ = None  # a capital joins the next letter only where a stroke ends there (A H M)
    if entry is not None and exit_ is not None and entry == exit_:
        exit_ = None  # a letter that only touches the join line at one point

    def is_end(where: tuple[int, float] | None) -> bool:
        return where is not None and where[1] in (0.0, lengths[where[0]])

    order, mark_pieces = _order(font, arcs, lengths, body, marks, entry, exit_)
    pts_all, src, arc_all, contours = _assemble(font, arcs, order)
    points = np.vstack(pts_all) if pts_all else np.zeros((0, 2))
    bowl = None
    if letter in BOWLS:
        bowl = _bowl_start(font, arcs, body, entry, exit_, x_height)
    zone = points[(points[:, 1] > x_height) | (points[:, 1] < 0.0)] if len(points) else points
    xs, half = np.sort(zone[:, 0]), len(zone) // 2  # the median (np.median loads numpy.ma)
    odd = len(xs) % 2
    stem = float(xs[half] if odd else (xs[half - 1] + xs[half]) / 2) if len(xs) else advance / 2
    return Letter(
        points=points,
        contours=tuple(contours),
        source=np.concatenate(src) if src else np.zeros(0, int),
        arc=np.concatenate(arc_all) if arc_all else np.zeros(0),
        marks=tuple(sorted(mark_pieces)),
        entry=entry,
        exit=exit_,
        entry_tail=is_end(entry),
        exit_tail=is_end(exit_),
        bowl=bowl,
        x_height=x_height,
        stem=stem,
        free=np.concatenate(
            [
                1.0 - _fade(_to_nearest(arc_all[n], joints[i]), 3 * BLEND)
                for n, (i, _, _) in enumerate(order)
            ]
        )
        if order
        else np.zeros(0),
    )


def _find_join(
    font: list[np.ndarray],
    arcs: list[np.ndarray],
    lengths: list[float],
    body: list[int],
    target: tuple[float, float],
) -> tuple[int, float] | None:
    """Where the body's strokes pass nearest ``target`` (a join point), as (stroke,
    arc); a stroke's end there if one is; None when nothing passes within NEAR."""
    best: tuple[float, int, float] = (math.inf, -1, 0.0)
    for i in body:
        if len(font[i]) > 1:
            d, s = _project(font[i], arcs[i], target)
            if d < best[0]:
                best = (d, i, s)
    if best[0] >= NEAR:
        return None
    i, s = best[1], best[2]
    for j in body:  # a stroke's end at the join point is the join, if there is one
        for end in (0.0, lengths[j]):
            at = _at(font[j], arcs[j], end)
            if math.dist((float(at[0]), float(at[1])), target) < best[0] + SNAP:
                return j, end
    s = 0.0 if s < SNAP else lengths[i] if s > lengths[i] - SNAP else s
    return i, s


Piece = tuple[int, float, float]  # a font stroke, from arc, to arc (em)


def _order(
    font: list[np.ndarray],
    arcs: list[np.ndarray],
    lengths: list[float],
    body: list[int],
    marks: set[int],
    entry: tuple[int, float] | None,
    exit_: tuple[int, float] | None,
) -> tuple[list[Piece], set[int]]:
    """The pieces a writer draws, in order, and which of them are marks."""
    # Cut the strokes at an entry or exit inside them; orient and sort the pieces.
    first, through, last, others = [], [], [], []
    for i in body:
        cuts = sorted(
            {0.0, lengths[i]} | {w[1] for w in (entry, exit_) if w is not None and w[0] == i}
        )
        if len(cuts) == 1:  # a dot: one point, or two at one place
            cuts = [0.0, 0.0]
        for s0, s1 in itertools.pairwise(cuts):
            if s1 - s0 <= 1e-12 and len(cuts) > 2:
                continue
            at_e = entry is not None and entry[0] == i and entry[1] in (s0, s1)
            at_x = exit_ is not None and exit_[0] == i and exit_[1] in (s0, s1)
            if at_e and at_x:
                assert entry is not None and exit_ is not None
                through.append((i, entry[1], exit_[1]))
            elif at_e:
                assert entry is not None
                first.append((i, entry[1], s1 if entry[1] == s0 else s0))
            elif at_x:
                assert exit_ is not None
                last.append((i, s1 if exit_[1] == s0 else s0, exit_[1]))
            else:
                pts, _ = _piece(font[i], arcs[i], s0, s1)
                others.append((i, s0, s1) if _upper_left(pts) else (i, s1, s0))
    others.sort(
        key=lambda p: (round(float(font[p[0]][:, 0].min()) / 0.15), -font[p[0]][:, 1].max())
    )
    # A stroke that runs from the entry to the exit is the letter's body: a crossing
    # stroke (x) is written after it, as a dot or a bar is.
    order = first + through + others + last if not through else first + through + last + others
    order += [(i, 0.0, lengths[i]) for i in sorted(marks)]
    mark_pieces = set(range(len(order) - len(marks), len(order)))
    # A print hand's marks, too, start at their upper/left end.
    order = [
        (i, s1, s0)
        if (i in marks and not _upper_left(_piece(font[i], arcs[i], s0, s1)[0]))
        else (i, s0, s1)
        for i, s0, s1 in order
    ]
    return order, mark_pieces


def _assemble(font: list[np.ndarray], arcs: list[np.ndarray], order: list[Piece]):
    """The ordered pieces' points, font strokes, arcs and (first, end) ranges."""
    pts_all, src, arc_all, contours = [], [], [], []
    n = 0
    for i, s0, s1 in order:
        pts, ss = _piece(font[i], arcs[i], s0, s1)
        if len(font[i]) < 2:
            pts, ss = font[i], arcs[i]
        pts_all.append(pts)
        src.append(np.full(len(pts), i))
        arc_all.append(ss)
        contours.append((n, n + len(pts)))
        n += len(pts)
    return pts_all, src, arc_all, contours


def _junctions(font: list[np.ndarray], arcs: list[np.ndarray], body: list[int]):
    """Where a letter's strokes meet (an arm on a stem, a bowl on its stem): for each
    stroke, the arcs of such points, a vertex inserted where another stroke's end
    meets its middle, so the wobble can keep the two together there."""
    joints: list[list[float]] = [[] for _ in font]
    out_font, out_arcs = list(font), list(arcs)
    for i in body:
        if len(font[i]) < 2:
            continue
        found = []
        for j in body:
            if j == i or len(font[j]) < 2:
                continue
            for end in (font[j][0], font[j][-1]):  # another stroke's end on this one
                d, s = _project(font[i], arcs[i], (float(end[0]), float(end[1])))
                if d < JOINT:
                    found.append(s)
            for s, end in ((0.0, font[i][0]), (float(arcs[i][-1]), font[i][-1])):  # and back
                d, _ = _project(font[j], arcs[j], (float(end[0]), float(end[1])))
                if d < JOINT:
                    found.append(s)
        joints[i] = sorted(found)
        inner = [s for s in found if np.abs(arcs[i] - s).min() > 1e-9]
        if inner:
            at = np.array([_at(font[i], arcs[i], s) for s in inner])
            both = np.concatenate((arcs[i], inner))
            order = np.argsort(both, kind="stable")
            out_font[i] = np.vstack((font[i], at))[order]
            out_arcs[i] = both[order]
    return out_font, out_arcs, joints


def _to_nearest(arc: np.ndarray, joints: list[float]) -> np.ndarray:
    """Each arc's distance to the nearest joint (far, if there is none)."""
    if not joints:
        return np.full(len(arc), 1e9)
    return np.abs(arc[:, None] - np.asarray(joints)[None, :]).min(axis=1)


def _bowl_start(font, arcs, body, entry, exit_, x_height) -> tuple[int, float, float, float] | None:
    """The free end of a bowl (a, d, g, o, q): the highest stroke end within the
    x-height band that is neither the entry nor the exit."""
    best = None
    for i in body:
        for s, sign in ((0.0, 1.0), (float(arcs[i][-1]), -1.0)):
            if (i, s) in (entry, exit_):
                continue
            y = float(np.interp(s, arcs[i], font[i][:, 1]))
            if 0.3 * x_height < y < x_height + 0.05 and (best is None or y > best[0]):
                ahead = _at(font[i], arcs[i], s + sign * 0.03) - _at(font[i], arcs[i], s)
                d = ahead / max(float(np.hypot(*ahead)), 1e-9)
                best = (y, (i, s, float(d[0]), float(d[1])))
    return best[1] if best else None


# -- put in pen order ahead -------------------------------------------------------------
# A shipped hand's letters are put in pen order once, by ``tools/precompute.py``, and kept
# with the hand (``fonts/precomputed``, :attr:`~cardgen.model.StrokeFont.pen_letters`): one
# blob a letter, unpacked the first time a run writes it, and used only when the letter it
# was made from is bit for bit the one asked for.

PACKED_LETTER = 1  # bump when pen_order's results, or how a Letter is packed, change
_ARRAYS = ("points", "source", "arc", "free")
_VALUES = ("contours", "marks", "entry", "exit", "entry_tail", "exit_tail", "bowl", "stem")


def _made_from(
    strokes: Strokes, advance: float, joined: bool, x_height: float, letter: str
) -> tuple[int, tuple[int, ...], bool, str, bytes]:
    """What :func:`pen_order` is given, exactly: the floats as their bytes (so -0.0 is
    not 0.0), the strokes' lengths, the flags, and the packing's version."""
    import array

    floats = array.array("d", (advance, x_height))
    floats.extend(itertools.chain.from_iterable(itertools.chain.from_iterable(strokes)))
    return (PACKED_LETTER, tuple(map(len, strokes)), joined, letter, floats.tobytes())


def pack_letter(
    strokes: Strokes, advance: float, *, joined: bool, x_height: float, letter: str = ""
) -> bytes:
    """:func:`pen_order`'s result for these arguments, packed (zlib) with what it was
    made from, for :func:`stored_letter`."""
    import marshal
    import zlib

    made = pen_order(strokes, advance, joined=joined, x_height=x_height, letter=letter)
    arrays = tuple((a.dtype.str, a.shape, a.tobytes()) for a in (getattr(made, k) for k in _ARRAYS))
    values = tuple(getattr(made, k) for k in _VALUES)
    made_from = _made_from(strokes, advance, joined, x_height, letter)
    return zlib.compress(marshal.dumps((made_from, arrays, values)), 9)


def stored_letter(
    packed: bytes,
    strokes: Strokes,
    advance: float,
    *,
    joined: bool,
    x_height: float,
    letter: str = "",
) -> Letter | None:
    """The letter :func:`pack_letter` packed in ``packed``, if it was made from exactly
    these arguments (else None: put it in pen order with :func:`pen_order`)."""
    import marshal
    import zlib

    try:
        made_from, arrays, values = marshal.loads(zlib.decompress(packed))
    except (ValueError, EOFError, TypeError, zlib.error):
        return None
    if made_from != _made_from(strokes, advance, joined, x_height, letter):
        return None
    # each array as pen_order made it: its type, shape and bytes (a writable copy)
    points, source, arc, free = (
        np.frombuffer(data, dtype=np.dtype(kind)).reshape(shape).copy()
        for kind, shape, data in arrays
    )
    contours, marks, entry, exit_, entry_tail, exit_tail, bowl, stem = values
    return Letter(
        points=points,
        contours=contours,
        source=source,
        arc=arc,
        marks=marks,
        entry=entry,
        exit=exit_,
        entry_tail=entry_tail,
        exit_tail=exit_tail,
        bowl=bowl,
        x_height=x_height,
        stem=stem,
        free=free,
    )
