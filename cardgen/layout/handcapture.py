"""Layout stage: photos or scans of a filled-in hand template, read into a hand.

For each photo (JPEG or PNG, any order, any way up): the image is read in grey
and made no larger than :data:`MAX_SIDE` pixels; the template's ArUco markers
are found (``cv2.aruco``); three or four of one page give the perspective,
which is undone onto the page as printed, at :data:`PX` pixels a point
(:func:`~cardgen.layout.handsheet.sheet_page` is the geometry, shared with the
printer). The light is evened out (each pixel divided by the paper's
brightness around it) and ink is what is clearly darker than the paper: the
template's light grey boxes, labels and baselines are not ink.

Each cell's ink is the ink mostly inside its box, with the strokes that leave
it (a long g or j); it is traced into centreline strokes
(:mod:`cardgen.layout.handtrace`) in points from the cell's baseline. The
sentence line gives the spacing: the gaps between letters and between words.
:func:`build_hand` turns the samples into the saved hand (:mod:`cardgen.input.hands`):
the scale from the capitals' height, the x-height, ascender and descender
from the letters themselves, each letter's advance from its ink and the
measured spacing, every sample of a letter kept as a variant.

Pure: photos arrive as bytes (the app reads the files). OpenCV is imported
only inside the functions that need it.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import msgspec
import numpy as np

from cardgen.errors import CardgenError
from cardgen.layout.handsheet import (
    ARUCO_DICT,
    JOINS,
    SENTENCE,
    Cell,
    SheetPage,
    letters_key,
    pages_needed,
    read_marker_id,
    sheet_page,
)
from cardgen.layout.handtrace import trace

__all__ = [
    "MAX_PHOTO_BYTES",
    "MAX_PIXELS",
    "MAX_SIDE",
    "Capture",
    "PageRead",
    "Sample",
    "build_hand",
    "capture",
    "image_size",
    "read_page",
]

MAX_PHOTO_BYTES = 60 * 1024 * 1024  # a 48-megapixel phone's JPEG is about 20 MB
MAX_PIXELS = 120_000_000  # a 108-megapixel phone's photo; more is not a photo (a bomb)
MAX_SIDE = 3000  # a photo is made this small (px, longest side) before it is read
PX = 2.0  # pixels a point, the page as it is read (144 per inch)
INK = 0.64  # darker than this share of the paper's brightness is ink
MIN_INK = 6  # a component of fewer pixels is dust
OUTSIDE = 10.0  # pt round a box searched for strokes that leave it
EM_PER_CAP = 0.68  # a hand's capitals stand this many em (as the shipped print hand's)


class Sample(msgspec.Struct, frozen=True):
    """One cell's writing: strokes in points, x from the cell's left, y up from its
    printed baseline; the pen's line width (pt)."""

    text: str
    strokes: tuple[tuple[tuple[float, float], ...], ...]
    width: float
    page: int
    cell: int


class PageRead(msgspec.Struct):
    """What one photo gave: its page, the cells read, the empty and unreadable ones."""

    source: str
    page: SheetPage
    markers: int
    samples: list[Sample] = msgspec.field(default_factory=list)
    empty: list[Cell] = msgspec.field(default_factory=list)
    unreadable: list[Cell] = msgspec.field(default_factory=list)
    gaps: tuple[list[float], list[float]] | None = None  # the sentence: letter, word gaps (pt)


class Capture(msgspec.Struct):
    """Every page read, in page order, and what the pages and letters asked for."""

    paper: str
    letters: str
    pages: list[PageRead]
    needed: int  # the pages that hold every character once
    again: list[str] = msgspec.field(default_factory=list)  # photos of a page already read

    @property
    def missing_pages(self) -> list[int]:
        got = {p.page.number for p in self.pages}
        return [n for n in range(1, self.needed + 1) if n not in got]


def image_size(data: bytes) -> tuple[int, int] | None:
    """A PNG's or JPEG's (width, height) from its header, before it is decoded; None
    when the header does not say."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:2] != b"\xff\xd8":
        return None
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a frame header
            return int.from_bytes(data[i + 7 : i + 9], "big"), int.from_bytes(
                data[i + 5 : i + 7], "big"
            )
        i += 2 + length
    return None


def _quiet(cv2: Any) -> None:
    """OpenCV's own warnings off: a broken file is said in one line, by cardgen."""
    logging = getattr(getattr(cv2, "utils", None), "logging", None)
    if logging is not None:
        logging.setLogLevel(logging.LOG_LEVEL_SILENT)


def _decode(data: bytes, where: str) -> np.ndarray:
    """The photo in grey, its longest side at most :data:`MAX_SIDE` px.

    Raises:
        CardgenError: not an image, or more pixels than a camera makes.
    """
    import cv2

    size = image_size(data)
    if size is not None and size[0] * size[1] > MAX_PIXELS:
        raise CardgenError(
            f"{where}: {size[0]} × {size[1]} pixels is more than a photo or scan "
            f"(at most {MAX_PIXELS // 1_000_000} megapixels): make it smaller"
        )
    _quiet(cv2)
    raw = np.frombuffer(data, dtype=np.uint8)
    flags = cv2.IMREAD_GRAYSCALE
    if len(data) > 6 * 1024 * 1024 and data[:2] == b"\xff\xd8":
        flags = cv2.IMREAD_REDUCED_GRAYSCALE_2  # a huge JPEG: decoded at half size
    try:
        image = cv2.imdecode(raw, flags) if len(raw) else None
    except cv2.error:
        image = None
    if image is None:
        raise CardgenError(f"{where}: not an image cardgen can read (JPEG or PNG)")
    side = max(image.shape)
    if side > MAX_SIDE:
        k = MAX_SIDE / side
        image = cv2.resize(image, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
    return image


def _markers(image: np.ndarray) -> list[tuple[int, np.ndarray]]:
    import cv2

    aruco = cv2.aruco
    params = aruco.DetectorParameters()
    params.cornerRefinementMethod = aruco.CORNER_REFINE_SUBPIX
    detector = aruco.ArucoDetector(
        aruco.getPredefinedDictionary(getattr(aruco, ARUCO_DICT)), params
    )
    corners, ids, _ = detector.detectMarkers(image)
    if ids is None:
        return []
    return [(int(i), c.reshape(4, 2)) for i, c in zip(ids.ravel(), corners, strict=True)]


def _page_of(
    found: list[tuple[int, np.ndarray]], letters: str, where: str
) -> tuple[tuple[int, str], list[tuple[int, np.ndarray]]]:
    """The page the markers belong to and its markers (one per corner)."""
    groups: dict[tuple[int, str, int], dict[int, tuple[int, np.ndarray]]] = defaultdict(dict)
    for value, points in found:
        read = read_marker_id(value)
        if read is None:
            continue
        page, corner, paper, key = read
        groups[(page, paper, key)].setdefault(corner, (value, points))
    if not groups:
        raise CardgenError(
            f"{where}: no template markers found: photograph a page of "
            "'cardgen hand template', whole and flat, its four black squares in view"
        )
    (page, paper, key), by_corner = max(groups.items(), key=lambda kv: len(kv[1]))
    if key != letters_key(letters):
        asked = f"--letters '{letters}'" if letters else "no --letters"
        raise CardgenError(
            f"{where}: this page was printed with other extra letters than {asked}: "
            "give the same --letters as to 'cardgen hand template'"
        )
    if len(by_corner) < 3:
        raise CardgenError(
            f"{where}: only {len(by_corner)} of the page's 4 corner squares found: "
            "photograph the whole page, flat, with at least three of them in view"
        )
    return (page, paper), list(by_corner.values())


def _to_px(page: SheetPage, x: float, y: float) -> tuple[float, float]:
    return (x * PX, (page.height - y) * PX)


def _flatten(
    image: np.ndarray, page: SheetPage, markers: list[tuple[int, np.ndarray]], where: str
) -> tuple[np.ndarray, np.ndarray]:
    """The page as printed (grey, :data:`PX` a point), the light evened out (1 = paper),
    and where the photo shows it (a page partly out of the frame)."""
    import cv2

    by_id = {m.id: m for m in page.markers}
    src_pts: list[list[float]] = []
    dst_pts: list[tuple[float, float]] = []
    for value, corners in markers:
        marker = by_id[value]
        src_pts.extend(corners.tolist())
        dst_pts.extend(_to_px(page, x, y) for x, y in marker.points())
    src = np.asarray(src_pts, dtype=np.float32)
    dst = np.asarray(dst_pts, dtype=np.float32)
    matrix, _ = cv2.findHomography(src, dst, 0)
    if matrix is None:
        raise CardgenError(f"{where}: the page's corner squares do not make a page")
    projected = cv2.perspectiveTransform(src.reshape(-1, 1, 2), matrix).reshape(-1, 2)
    if float(np.abs(projected - dst).max()) > 6 * PX:
        raise CardgenError(f"{where}: the page is not flat (its corner squares do not agree)")
    size = (round(page.width * PX), round(page.height * PX))
    flat = cv2.warpPerspective(
        image, matrix, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    ).astype(np.float32)
    # the paper's brightness: the brightest nearby, smoothed (ink is thin and dark)
    k = round(9 * PX) | 1
    paper = cv2.dilate(flat, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    paper = cv2.GaussianBlur(paper, (0, 0), 6 * PX)
    light = flat / np.maximum(paper, 1.0)
    # what the photo shows of the page (a few pixels in from its edge): the rest is paper
    shown = cv2.warpPerspective(
        np.full(image.shape, 255, np.uint8), matrix, size, flags=cv2.INTER_NEAREST
    )
    seen = np.asarray(cv2.erode(shown, np.ones((5, 5), np.uint8))) > 0
    light[np.logical_not(seen)] = 1.0
    return light, seen


def _box_px(page: SheetPage, x: float, y: float, w: float, h: float) -> tuple[int, int, int, int]:
    """A rectangle in points as pixel rows and columns (r0, r1, c0, c1), clipped."""
    c0, r0 = _to_px(page, x, y + h)
    c1, r1 = _to_px(page, x + w, y)
    rows, cols = round(page.height * PX), round(page.width * PX)
    return (
        max(0, int(r0)),
        min(rows, math.ceil(r1)),
        max(0, int(c0)),
        min(cols, math.ceil(c1)),
    )


def _cell_ink(
    light: np.ndarray, page: SheetPage, cell: Cell
) -> tuple[np.ndarray, tuple[int, int]] | str:
    """The cell's ink (a boolean image round the box) and its top left (row, col) on the
    page; "empty" or "unreadable" when there is none to read."""
    import cv2

    r0, r1, c0, c1 = _box_px(
        page, cell.x - OUTSIDE, cell.y - OUTSIDE, cell.w + 2 * OUTSIDE, cell.h + 2 * OUTSIDE
    )
    ink = (light[r0:r1, c0:c1] < INK).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    # the box, inset past its printed line; and the label's corner
    b0, b1, d0, d1 = _box_px(page, cell.x + 1.5, cell.y + 1.5, cell.w - 3, cell.h - 3)
    inside = np.zeros_like(ink, dtype=bool)
    inside[b0 - r0 : b1 - r0, d0 - c0 : d1 - c0] = True
    lx, ly, lw, lh = cell.label
    l0, l1, m0, m1 = _box_px(page, lx, ly, lw, lh)
    label = np.zeros_like(ink, dtype=bool)
    label[l0 - r0 : l1 - r0, m0 - c0 : m1 - c0] = True
    keep = np.zeros(count, dtype=bool)
    for k in range(1, count):
        if stats[k, cv2.CC_STAT_AREA] < MIN_INK:
            continue
        mask = labels == k
        within = int((mask & inside).sum())
        if within * 2 < int(mask.sum()):
            continue  # mostly outside: a neighbour's stroke, or a guide
        if not (mask & ~label).any():
            continue  # the printed label, darkened
        keep[k] = True
    out = keep[labels]
    if not out.any():
        return "empty"
    if out.sum() > 0.45 * inside.sum():
        return "unreadable"
    return out, (r0, c0)


def _stroke_width(ink: np.ndarray) -> float:
    """The pen's line in px: twice the ink's mean distance to the paper at its centre."""
    import cv2

    dist = cv2.distanceTransform(ink.astype(np.uint8), cv2.DIST_L2, 3)
    ridge = dist[dist >= np.percentile(dist[ink], 75)] if ink.any() else np.array([1.0])
    return float(max(1.5, 2 * np.median(ridge)))


def _sample(ink: np.ndarray, origin: tuple[int, int], page: SheetPage, cell: Cell) -> Sample:
    width = _stroke_width(ink)
    lines = trace(ink, width)
    r0, c0 = origin
    strokes = []
    for line in lines:
        pts = tuple(
            ((c0 + x) / PX - cell.x, (page.height - (r0 + y) / PX) - cell.baseline) for x, y in line
        )
        # a stroke starts where a writer starts it: at its top (a loop: its top)
        if pts[0] != pts[-1] and pts[-1][1] > pts[0][1] + 1.0:
            pts = pts[::-1]
        strokes.append(pts)
    return Sample(cell.text, tuple(strokes), width / PX, page.number, cell.index)


def _sentence_gaps(light: np.ndarray, page: SheetPage) -> tuple[list[float], list[float]] | None:
    """The gaps between letters and between words on the sentence line (pt), or None."""
    s = page.sentence
    if s is None:
        return None
    _r0, r1, c0, c1 = _box_px(page, s.x, s.y, s.w, s.h)
    top, _, _, _ = _box_px(page, s.x, s.y, s.w, s.h - 12)  # clear of the printed prompt
    ink = light[top:r1, c0:c1] < INK
    columns = ink.sum(axis=0) > 0
    runs: list[tuple[int, int]] = []
    start = None
    for i, on in enumerate(columns):
        if on and start is None:
            start = i
        elif not on and start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(columns)))
    runs = [r for r in runs if r[1] - r[0] >= 2]
    words = len(SENTENCE.split())
    if len(runs) < words:
        return None
    gaps = sorted(((b[0] - a[1]) / PX for a, b in itertools.pairwise(runs)))
    return gaps[: -(words - 1)], gaps[-(words - 1) :]


def read_page(data: bytes, where: str, letters: str) -> PageRead:
    """One photo of a template page: its cells' writing.

    Raises:
        CardgenError: not an image, no markers, too few of them, other letters.
    """
    image = _decode(data, where)
    (number, paper), markers = _page_of(_markers(image), letters, where)
    page = sheet_page(number, paper, letters)
    light, seen = _flatten(image, page, markers, where)
    read = PageRead(where, page, len(markers))
    for cell in page.cells:
        r0, r1, c0, c1 = _box_px(page, cell.x, cell.y, cell.w, cell.h)
        if not seen[r0:r1, c0:c1].all():  # out of the photo: not read, never guessed
            read.unreadable.append(cell)
            continue
        got = _cell_ink(light, page, cell)
        if got == "empty":
            read.empty.append(cell)
        elif isinstance(got, str):
            read.unreadable.append(cell)
        else:
            sample = _sample(got[0], got[1], page, cell)
            if sample.strokes:
                read.samples.append(sample)
            else:
                read.unreadable.append(cell)
    line = page.sentence
    if line is not None:
        r0, r1, c0, c1 = _box_px(page, line.x, line.y, line.w, line.h)
        if seen[r0:r1, c0:c1].all():
            read.gaps = _sentence_gaps(light, page)
    return read


def capture(photos: Sequence[tuple[str, bytes]], letters: str) -> Capture:
    """Every photo (its name, its bytes) read; a page given twice is read from the first.

    Raises:
        CardgenError: a photo that cannot be read, or is not of the template.
    """
    pages: dict[int, PageRead] = {}
    again: list[str] = []
    paper = ""
    for where, data in photos:
        read = read_page(data, where, letters)
        if paper and read.page.paper != paper:
            raise CardgenError(
                f"{where}: a {read.page.paper} page among {paper} ones: photograph one template"
            )
        paper = read.page.paper
        first = pages.setdefault(read.page.number, read)
        if first is not read:
            again.append(f"{where}: page {read.page.number} again; read from {first.source}")
    if not pages:
        raise CardgenError("no photos given")
    ordered = [pages[n] for n in sorted(pages)]
    return Capture(paper, letters, ordered, pages_needed(paper, letters), again)


# -- the hand ------------------------------------------------------------------------
_FLAT_CAPS = "EFHIKLMNTXZ"  # capitals with a flat top: their height is the cap height
_X_LETTERS = "xzvwunmr"  # lowercase letters whose top is the x-height
_ASCENDERS = "bdhkl"
_DESCENDERS = "gjpqy"
_ON_BASELINE = set("abcdefhiklmnorstuvwxzABCDEFGHIJKLMNOPRSTUVWXYZ0123456789!?&@")


def _top(s: Sample) -> float:
    return max(y for st in s.strokes for _, y in st)


def _bottom(s: Sample) -> float:
    return min(y for st in s.strokes for _, y in st)


def _median(values: Iterable[float], default: float) -> float:
    got = list(values)
    return statistics.median(got) if got else default


def build_hand(name: str, cap: Capture) -> dict[str, Any]:
    """The hand as the data :mod:`cardgen.input.hands` saves (em, y up from the baseline).

    Raises:
        CardgenError: no letter could be read.
    """
    samples = [s for p in cap.pages for s in p.samples]
    letters = [s for s in samples if s.text.isalpha() and len(s.text) == 1]
    if not letters:
        raise CardgenError(
            "no letters were read from the photos: is anything written in the boxes?"
        )
    # the writer's baseline: where their letters that sit on it end, page by page
    float_by_page = {
        p.page.number: _median((_bottom(s) for s in p.samples if s.text in _ON_BASELINE), 0.0)
        for p in cap.pages
    }
    by_text: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        lift = float_by_page[s.page]
        shifted = tuple(tuple((x, y - lift) for x, y in st) for st in s.strokes)
        by_text[s.text].append(Sample(s.text, shifted, s.width, s.page, s.cell))
    caps = [_top(s) for c in _FLAT_CAPS for s in by_text.get(c, [])]
    xs = [_top(s) for c in _X_LETTERS for s in by_text.get(c, [])]
    cap_pt = _median(caps, 0.0) or 1.45 * _median(xs, 0.0) or max(_top(s) for s in letters)
    em = cap_pt / EM_PER_CAP  # pt a em
    x_height = _median(xs, 0.69 * cap_pt) / em
    ascent = _median((_top(s) for c in _ASCENDERS for s in by_text.get(c, [])), 1.1 * cap_pt) / em
    descent = (
        _median((_bottom(s) for c in _DESCENDERS for s in by_text.get(c, [])), -0.3 * cap_pt) / em
    )
    gaps = [p.gaps for p in cap.pages if p.gaps is not None]
    letter_gaps = [g for lg, _ in gaps for g in lg if g > 0]
    word_gaps = [g for _, wg in gaps for g in wg]
    spacing = _median(letter_gaps, 0.1 * em) / em
    spacing = min(max(spacing, 0.04), 0.3)
    word = _median(word_gaps, 0.45 * em) / em
    space = max(0.15, (word - spacing) / 1.3)  # the pen hands widen a space 1.3 times
    glyphs: dict[str, list[dict[str, Any]]] = {}
    joins: dict[str, list[dict[str, Any]]] = {}
    for text, group in by_text.items():
        out = []
        for s in group:
            strokes = [[(x / em, y / em) for x, y in st] for st in s.strokes]
            if text in _ON_BASELINE:  # sat on the line, not a hair above or below it
                low = min(y for st in strokes for _, y in st)
                if abs(low) < 0.12:
                    strokes = [[(x, y - low) for x, y in st] for st in strokes]
            left = min(x for st in strokes for x, _ in st)
            right = max(x for st in strokes for x, _ in st)
            shift = spacing / 2 - left
            out.append(
                {
                    "advance": round(float(right - left + spacing), 4),
                    "strokes": [
                        [[round(float(x + shift), 4), round(float(y), 4)] for x, y in st]
                        for st in strokes
                    ],
                }
            )
        (joins if text in JOINS else glyphs)[text] = out
    glyphs[" "] = [{"advance": round(float(space), 4), "strokes": []}]
    pen = _median((s.width for s in samples), 1.0) / em
    return {
        "cardgen": "hand",
        "version": 1,
        "name": name,
        "paper": cap.paper,
        "letters": cap.letters,
        "x_height": round(float(x_height), 4),
        "cap_height": EM_PER_CAP,
        "ascent": round(float(max(ascent, EM_PER_CAP)), 4),
        "descent": round(float(min(descent, -0.05)), 4),
        "spacing": round(float(spacing), 4),
        "pen_width": round(float(pen), 4),
        "measured_spacing": bool(gaps),
        "glyphs": glyphs,
        "joins": joins,
    }
