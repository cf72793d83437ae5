"""Layout stage: a letter's ink (a binary image) as the centreline strokes a pen drew.

Used by :mod:`cardgen.layout.handcapture` for each cell of a photographed
template. The ink is thinned to a one-pixel skeleton by Zhang and Suen's
algorithm with Lü and Wang's amendment (a diagonal two pixels thick is kept),
here in numpy (:func:`thin`): OpenCV's own thinning is in the contrib build
only (``cv2.ximgproc``), and scikit-image would be a large dependency for one
function; a cell is a few hundred pixels a side, so the vectorised passes take
a millisecond or two. Thinning eats a short stroke that leaves a thicker one
(an a's tail below its bowl): ink the skeleton does not reach, straight on
from one of its branches, is led out to (:func:`_tails`). The skeleton is then
traced into ordered polylines (:func:`trace`): short spurs (the skeleton's
whiskers at a stroke's corners and in the crotch of two strokes) are dropped,
but not a short stroke that goes on straight through a junction and stands out
past the stroke it meets (a t's bar, a 1's foot); knots of junction pixels are
merged, and at each junction the branches that go on most straight are joined into one stroke, as
a pen crossing its own line draws it. Each polyline is simplified
(Ramer–Douglas–Peucker), which keeps its corners.

Pure functions of numpy arrays; numpy only (no OpenCV).
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict

import numpy as np

__all__ = ["simplify", "thin", "trace"]

Pixel = tuple[int, int]  # (row, column)
Polyline = list[tuple[float, float]]  # (x, y) pixels, y down


def thin(ink: np.ndarray) -> np.ndarray:
    """The one-pixel skeleton of a boolean image (Zhang–Suen, 1984; Lü–Wang, 1986)."""
    img = np.pad(ink.astype(np.uint8), 1)
    while True:
        changed = False
        for step in (0, 1):
            p2 = img[:-2, 1:-1]
            p3 = img[:-2, 2:]
            p4 = img[1:-1, 2:]
            p5 = img[2:, 2:]
            p6 = img[2:, 1:-1]
            p7 = img[2:, :-2]
            p8 = img[1:-1, :-2]
            p9 = img[:-2, :-2]
            ring = (p2, p3, p4, p5, p6, p7, p8, p9, p2)
            b = p2 + p3 + p4 + p5 + p6 + p7 + p8 + p9
            a = sum(((ring[i] == 0) & (ring[i + 1] == 1)).astype(np.uint8) for i in range(8))
            if step == 0:
                c = (p2 * p4 * p6 == 0) & (p4 * p6 * p8 == 0)
            else:
                c = (p2 * p4 * p8 == 0) & (p2 * p6 * p8 == 0)
            core = img[1:-1, 1:-1]
            remove = (core == 1) & (b >= _MIN_B) & (b <= 6) & (a == 1) & c
            if remove.any():
                core[remove] = 0
                changed = True
        if not changed:
            return img[1:-1, 1:-1].astype(bool)


# Zhang and Suen erase a pixel with 2 to 6 inked neighbours; a diagonal line two pixels
# thick has only such pixels and both passes together erase it whole (an x's arm was
# lost so). Lü and Wang (1986) keep the pixels with two neighbours: the staircase stays,
# and :func:`_graph` reads it as a line.
_MIN_B = 3
STAND = 0.25  # a spur is a stroke when its ink stands out this many pen widths
TAIL = 0.9  # ink this many pen widths from the skeleton may be a stroke thinning ate
_ON = -0.8  # a spur within 37 degrees of straight on from another branch goes on from it
_STEPS = ((-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1))


def _graph(skeleton: np.ndarray) -> dict[Pixel, list[Pixel]]:
    """Each skeleton pixel's neighbours: 4-neighbours, and diagonals not already
    joined through a shared 4-neighbour (a staircase is a line, not a knot)."""
    pixels = {(int(r), int(c)) for r, c in zip(*np.nonzero(skeleton), strict=True)}
    out: dict[Pixel, list[Pixel]] = {}
    for r, c in pixels:
        near = []
        for dr, dc in _STEPS:
            q = (r + dr, c + dc)
            if q not in pixels:
                continue
            if dr and dc and ((r + dr, c) in pixels or (r, c + dc) in pixels):
                continue
            near.append(q)
        out[(r, c)] = near
    return out


def _walks(graph: dict[Pixel, list[Pixel]]) -> list[list[Pixel]]:
    """The skeleton as paths between its ends and junctions, and its closed loops."""
    nodes = {p for p, near in graph.items() if len(near) != 2}
    seen: set[frozenset[Pixel]] = set()
    paths: list[list[Pixel]] = []

    def walk(start: Pixel, first: Pixel) -> list[Pixel]:
        path = [start, first]
        seen.add(frozenset((start, first)))
        prev, cur = start, first
        while cur not in nodes:
            nxt = [q for q in graph[cur] if q != prev and frozenset((cur, q)) not in seen]
            if not nxt:
                break
            seen.add(frozenset((cur, nxt[0])))
            prev, cur = cur, nxt[0]
            path.append(cur)
            if cur == start:
                break
        return path

    for node in sorted(nodes):
        for q in graph[node]:
            if frozenset((node, q)) not in seen:
                paths.append(walk(node, q))
    for p in sorted(graph):  # loops with no end or junction: an o, a 0
        for q in graph[p]:
            if frozenset((p, q)) not in seen:
                paths.append(walk(p, q))
    return [p for p in paths if len(p) >= 2]


def _length(path: list[Pixel]) -> float:
    return sum(math.dist(a, b) for a, b in itertools.pairwise(path))


def _radius(ink: np.ndarray, p: Pixel, limit: int) -> float:
    """The distance from pixel ``p`` to the nearest paper pixel (at most ``limit``)."""
    r, c = p
    h, w = ink.shape
    r0, r1, c0, c1 = (
        max(0, r - limit),
        min(h, r + limit + 1),
        max(0, c - limit),
        min(w, c + limit + 1),
    )
    rows, cols = np.nonzero(~ink[r0:r1, c0:c1])
    if not len(rows):
        return float(limit)
    return float(min(limit, np.sqrt(((rows + r0 - r) ** 2 + (cols + c0 - c) ** 2).min())))


def _prune(
    paths: list[list[Pixel]], spur: float, reach: int, ink: np.ndarray, stand: float
) -> list[list[Pixel]]:
    """Drop spurs: a path shorter than ``spur`` from a loose end to a junction (a
    whisker at a stroke's corner or in the crotch of two strokes, a bump of the pen's
    edge). A short stroke of its own is kept: one that goes on straight from another
    branch through the junction and whose ink stands out at least ``stand`` px past the
    stroke it meets (a t's bar past the stem, a 1's foot, an a's tail below its bowl).

    A spur that points out of a sharp V (the two other branches leave the junction
    side by side, the spur the other way) is the V's tip, which thinning cut off:
    the two branches are joined through the tip instead.
    """
    tips: dict[Pixel, Pixel] = {}
    for _ in range(3):
        ends: dict[Pixel, list[tuple[int, int]]] = defaultdict(list)
        for i, p in enumerate(paths):
            ends[p[0]].append((i, 0))
            ends[p[-1]].append((i, -1))
        dropped: set[int] = set()
        pruned: set[Pixel] = set()  # one spur a junction a pass: the next sees the change
        for i in sorted(range(len(paths)), key=lambda i: _length(paths[i])):  # shortest first
            p = paths[i]
            free = [e for e in (0, -1) if len(ends[p[e]]) == 1]
            if len(free) != 1 or _length(p) >= spur or len(paths) <= 1:
                continue
            joint = p[-1] if free[0] == 0 else p[0]
            if joint in pruned:
                continue
            others = [(j, e) for j, e in ends[joint] if j != i]
            away = [_direction(paths[j] if e == 0 else paths[j][::-1], reach) for j, e in others]
            t = _direction(p if free[0] == -1 else p[::-1], reach)
            if len(others) == 2:
                a, b = away
                mid = (a[0] + b[0], a[1] + b[1])
                if a[0] * b[0] + a[1] * b[1] > 0.0 and t[0] * mid[0] + t[1] * mid[1] < 0:
                    tips[joint] = p[free[0]]  # a V's tip, even a narrow V's
                    pruned.add(joint)
                    dropped.add(i)
                    continue
            limit = round(spur) + 2
            out = _length(p) + _radius(ink, p[free[0]], limit) - _radius(ink, joint, limit)
            # kept if it goes on from a branch, straight through the junction
            if out < stand or all(t[0] * o[0] + t[1] * o[1] >= _ON for o in away):
                pruned.add(joint)
                dropped.add(i)
        kept = [p for i, p in enumerate(paths) if i not in dropped]
        if len(kept) == len(paths):
            return kept
        paths = _merge_through(kept, tips)
    return paths


def _merge_through(paths: list[list[Pixel]], tips: dict[Pixel, Pixel]) -> list[list[Pixel]]:
    """Join paths that meet at a point only they share (a junction a spur left), through
    the V's tip where the spur was one (``tips``: junction → tip)."""
    changed = True
    while changed:
        changed = False
        ends: dict[Pixel, list[int]] = defaultdict(list)
        for i, p in enumerate(paths):
            ends[p[0]].append(i)
            if p[-1] != p[0]:
                ends[p[-1]].append(i)
        for point, ids in ends.items():
            if len(ids) == 2 and ids[0] != ids[1]:
                a, b = paths[ids[0]], paths[ids[1]]
                a = a if a[-1] == point else a[::-1]
                b = b if b[0] == point else b[::-1]
                tip = tips.pop(point, None)
                if tip is None:
                    merged = a + b[1:]
                else:  # cut the corner short of the fork, out to the tip and back
                    m = max(1, min(round(math.dist(point, tip)), len(a) - 1, len(b) - 1))
                    merged = [*a[:-m], tip, *b[m:]]
                paths = [p for i, p in enumerate(paths) if i not in ids] + [merged]
                changed = True
                break
    return paths


def _direction(path: list[Pixel], reach: int) -> tuple[float, float]:
    """Unit vector from a path's first point toward its point ``reach`` along."""
    a, b = path[0], path[min(reach, len(path) - 1)]
    d = (b[0] - a[0], b[1] - a[1])
    n = math.hypot(*d) or 1.0
    return (d[0] / n, d[1] / n)


End = tuple[int, int]  # a path's index and which end (0 or -1)


def _junctions(paths: list[list[Pixel]], knot: float) -> tuple[list[list[Pixel]], list[list[End]]]:
    """The paths without the short bridges between forks, and the junctions: the path
    ends that meet there. Ends within ``knot`` px are one junction, and so are the two
    ends of a short link between junctions (a crossing thins to two forks and a bridge)."""
    degree: dict[Pixel, int] = defaultdict(int)
    for p in paths:
        degree[p[0]] += 1
        degree[p[-1]] += 1
    bridges = {
        i
        for i, p in enumerate(paths)
        if p[0] != p[-1] and degree[p[0]] >= 3 and degree[p[-1]] >= 3 and _length(p) <= 2 * knot
    }
    parent: dict[Pixel, Pixel] = {}

    def root(pt: Pixel) -> Pixel:
        while parent.get(pt, pt) != pt:
            pt = parent[pt]
        return pt

    ends_all = [p[e] for i, p in enumerate(paths) for e in (0, -1)]
    for a in ends_all:
        for b in ends_all:
            if a < b and math.dist(a, b) <= knot:
                parent[root(b)] = root(a)
    for i in bridges:
        ra, rb = root(paths[i][0]), root(paths[i][-1])
        if ra != rb:
            parent[rb] = ra
    keep = [p for i, p in enumerate(paths) if i not in bridges] or paths
    members: dict[Pixel, list[End]] = defaultdict(list)
    for i in range(len(keep)):
        for e in (0, -1):
            members[root(keep[i][e])].append((i, e))
    return keep, list(members.values())


def _join_at_junctions(paths: list[list[Pixel]], knot: float, reach: int) -> list[list[Pixel]]:
    """Join, at each junction, the pairs of branches that go on most straight (within
    60 degrees of straight); ends within ``knot`` px are one junction."""
    paths, junctions = _junctions(paths, knot)
    link: dict[End, End] = {}
    for ends in junctions:
        if len(ends) < 3:
            if len(ends) == 2 and ends[0][0] != ends[1][0]:
                link[ends[0]], link[ends[1]] = ends[1], ends[0]
            continue
        out = {(i, e): _direction(paths[i] if e == 0 else paths[i][::-1], reach) for i, e in ends}
        pairs = sorted(
            (out[a][0] * out[b][0] + out[a][1] * out[b][1], a, b)
            for j, a in enumerate(ends)
            for b in ends[j + 1 :]
            if a[0] != b[0]
        )
        for cos, a, b in pairs:
            if cos > -0.5:
                break
            if a in link or b in link:
                continue
            link[a], link[b] = b, a
    strokes: list[list[Pixel]] = []
    used: set[int] = set()
    for start in range(len(paths)):
        if start in used:
            continue
        # walk back to a free end (or round a loop), then forward
        i, e = start, 0
        for _ in range(len(paths)):
            nxt = link.get((i, e))
            if nxt is None or nxt[0] == start:
                break
            i, e = nxt[0], (-1 if nxt[1] == 0 else 0)
        stroke: list[Pixel] = []
        while i not in used:
            used.add(i)
            piece = paths[i] if e == 0 else paths[i][::-1]
            stroke.extend(piece if not stroke else piece[1:])
            far = (i, -1 if e == 0 else 0)
            nxt = link.get(far)
            if nxt is None:
                break
            i, e = nxt
        strokes.append(stroke)
    return strokes


def simplify(points: Polyline, tolerance: float) -> Polyline:
    """Ramer–Douglas–Peucker: the fewest points within ``tolerance`` of the line."""
    if len(points) < 3:
        return list(points)
    pts = np.asarray(points, dtype=float)
    keep = np.zeros(len(pts), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        seg = pts[b] - pts[a]
        norm = math.hypot(*seg)
        rel = pts[a + 1 : b] - pts[a]
        if norm < 1e-9:
            dist = np.hypot(rel[:, 0], rel[:, 1])
        else:
            dist = np.abs(rel[:, 0] * seg[1] - rel[:, 1] * seg[0]) / norm
        k = int(np.argmax(dist))
        if dist[k] > tolerance:
            m = a + 1 + k
            keep[m] = True
            stack += [(a, m), (m, b)]
    return [tuple(p) for p in pts[keep]]  # type: ignore[misc]


def _branches(graph: dict[Pixel, list[Pixel]], start: Pixel, reach: int) -> list[Pixel]:
    """Where each branch from ``start`` is ``reach`` pixels along (or where it ends)."""
    out = []
    for first in graph[start]:
        prev, cur = start, first
        for _ in range(reach - 1):
            nxt = [q for q in graph[cur] if q != prev]
            if len(nxt) != 1:
                break
            prev, cur = cur, nxt[0]
        out.append(cur)
    return out


def _tails(ink: np.ndarray, skeleton: np.ndarray, far: float, reach: int) -> list[Pixel]:
    """Short strokes thinning ate (an a's tail past its bowl), as skeleton pixels to add.

    A lobe of ink farther than ``far`` px from the skeleton whose farthest pixel lies
    straight on from a branch of the skeleton pixel nearest it (within 30 degrees) is
    such a stroke: it is led out to by a straight line of pixels. Ink nearest a
    stroke's own end is not one (thinning stops short of every end), nor ink across a
    stroke from a junction (there the skeleton is off the stroke's middle)."""
    srows, scols = np.nonzero(skeleton)
    irows, icols = np.nonzero(ink & ~skeleton)
    if not len(srows) or not len(irows):
        return []
    d2 = (irows[:, None] - srows[None, :]) ** 2 + (icols[:, None] - scols[None, :]) ** 2
    nearest = d2.argmin(axis=1)
    dist = np.sqrt(d2[np.arange(len(irows)), nearest])
    lobe = np.zeros_like(ink)
    lobe[irows[dist > far], icols[dist > far]] = True
    if not lobe.any():
        return []
    graph = _graph(skeleton)
    where = {(int(r), int(c)): k for k, (r, c) in enumerate(zip(irows, icols, strict=True))}
    added: list[Pixel] = []
    for piece in _pieces(lobe):
        tip = max(piece, key=lambda p: dist[where[p]])
        k = int(nearest[where[tip]])
        base = (int(srows[k]), int(scols[k]))
        if len(graph[base]) < 2:
            continue  # a stroke's end
        out = (tip[0] - base[0], tip[1] - base[1])
        norm = math.hypot(*out)
        on = False
        for b in _branches(graph, base, reach):
            d = (base[0] - b[0], base[1] - b[1])  # straight on: away from the branch
            n = math.hypot(*d)
            on = on or (n > 0 and (out[0] * d[0] + out[1] * d[1]) / (n * norm) > 0.87)
        if not on:
            continue
        steps = max(abs(out[0]), abs(out[1]))
        for t in range(1, steps + 1):
            added.append((round(base[0] + out[0] * t / steps), round(base[1] + out[1] * t / steps)))
    return added


def _pieces(mask: np.ndarray) -> list[list[Pixel]]:
    """The 8-connected pieces of a boolean image, as lists of pixels."""
    left = {(int(r), int(c)) for r, c in zip(*np.nonzero(mask), strict=True)}
    out = []
    while left:
        todo = [left.pop()]
        piece = list(todo)
        while todo:
            r, c = todo.pop()
            for dr, dc in _STEPS:
                q = (r + dr, c + dc)
                if q in left:
                    left.remove(q)
                    todo.append(q)
                    piece.append(q)
        out.append(piece)
    return out


def _lost(ink: np.ndarray, skeleton: np.ndarray) -> list[Pixel]:
    """The middle of each piece of ink the skeleton lost (Zhang–Suen erases a blob of
    a few pixels whole: an i's dot, a full stop)."""
    kept = {(int(r), int(c)) for r, c in zip(*np.nonzero(skeleton), strict=True)}
    out = []
    for piece in _pieces(ink):
        if not kept.intersection(piece):
            mid = np.mean(piece, axis=0)
            out.append(min(piece, key=lambda p: (p[0] - mid[0]) ** 2 + (p[1] - mid[1]) ** 2))
    return out


def _lengthened(line: Polyline, by: float, ends: tuple[bool, bool] = (True, True)) -> Polyline:
    """``line`` with its ends (those ``ends`` says) moved ``by`` px further along their
    last pieces."""
    if len(line) < 2 or by <= 0:
        return line
    out = list(line)
    for (end, inner), free in zip(((0, 1), (-1, -2)), ends, strict=True):
        if not free:
            continue
        (x0, y0), (x1, y1) = out[end], out[inner]
        d = math.hypot(x0 - x1, y0 - y1)
        if d > 1e-6:
            out[end] = (x0 + (x0 - x1) / d * by, y0 + (y0 - y1) / d * by)
    return out


def trace(ink: np.ndarray, stroke_width: float) -> list[Polyline]:
    """The ink's centreline as polylines (x, y px, y down), longest first.

    Args:
        ink: a boolean image of one letter's ink.
        stroke_width: the pen's line in px: spurs shorter than it are dropped, and
            junction pixels closer than half of it are one junction.
    """
    skeleton = thin(ink)
    for r, c in _lost(ink, skeleton):  # a small dot thinning erased: its middle pixel
        skeleton[r, c] = True
    reach = max(4, round(1.5 * stroke_width))
    for r, c in _tails(ink, skeleton, TAIL * stroke_width, reach):
        skeleton[r, c] = True
    graph = _graph(skeleton)
    if not graph:
        return []
    paths = _walks(graph)
    dots = [p for p, near in graph.items() if not near]  # a full stop thinned to a pixel
    paths = _prune(paths, max(3.0, 1.2 * stroke_width), reach, ink, STAND * stroke_width)
    paths = _join_at_junctions(
        paths, knot=max(2.0, 0.75 * stroke_width), reach=max(4, round(1.5 * stroke_width))
    )
    out = []
    for path in paths:
        if len(path) < 2:
            continue
        # simplified straight from the pixels: a moving mean would round off a V's tip
        line = simplify([(float(c), float(r)) for r, c in path], 0.8)
        if path[0] != path[-1]:  # thinning stops short of a stroke's ends: reach them
            # a loose end only: one at a junction would poke through the other stroke
            free = (len(graph.get(path[0], ())) <= 1, len(graph.get(path[-1], ())) <= 1)
            line = _lengthened(line, 0.4 * stroke_width, free)
        out.append(line)
    for r, c in sorted(dots):
        out.append([(c - 0.8, r + 0.6), (c + 0.8, r - 0.6)])
    out.sort(key=lambda p: -sum(math.dist(a, b) for a, b in itertools.pairwise(p)))
    return out
