"""Layout stage: the sheets a writer fills in to capture their own hand. Pure, in points.

``cardgen hand template`` prints them; ``cardgen hand add`` reads photos of them
back with the same geometry (:func:`sheet_page`), so what is printed and what
is read can never disagree.

Each page has four ArUco markers (OpenCV's ``DICT_4X4_1000``), one in each
corner of the printable area; a marker's id says the corner, the page, the
paper and which extra letters the sheet asks for (:func:`marker_id`), so the
reader knows each photo's page and which way up it lies. Between them, a grid
of cells: a box, the character to write printed small in its top left corner,
and a faint baseline to write on, all in a light grey the reader drops (ink is
darker). The first page ends with one ruled line for a sentence: the spacing
between letters and words is measured there.

What is asked (:func:`cell_texts`): every letter a–z (three cells for the
frequent e t a o i n s r h l, two for the others), A–Z, 0–9, punctuation, a
few common joins, and the extra letters the writer wants (twice each if
lowercase). Pages beyond the ones needed ask for the letters again: more
variants of each.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Iterator
from functools import cache

import msgspec

from cardgen.units import INCH

__all__ = [
    "ARUCO_DICT",
    "CELL_H",
    "CELL_W",
    "CORNERS",
    "DIGITS",
    "FREQUENT",
    "JOINS",
    "MARGIN",
    "MARKER",
    "MAX_PAGES",
    "PAPERS",
    "PUNCTUATION",
    "SENTENCE",
    "Cell",
    "Marker",
    "SheetPage",
    "cell_texts",
    "letters_key",
    "marker_bits",
    "marker_id",
    "pages_needed",
    "read_marker_id",
    "sheet_page",
    "sheet_pages",
]

PAPERS = {"letter": (8.5 * INCH, 11 * INCH), "a4": (595.2756, 841.8898)}
MARGIN = 0.5 * INCH  # nothing nearer the paper's edge: every printer prints inside it
MARKER = 0.55 * INCH  # a marker's side (6 modules: a black border round 4 × 4 bits)
QUIET = 10.0  # pt of white round each marker
CELL_W = 50.0  # a cell's box
CELL_H = 60.0
GAP_X = 8.0  # between boxes: room for a stroke that leaves its box
GAP_Y = 14.0
BASELINE = 0.36  # the baseline guide, this far up the box
LABEL_SIZE = 6.5  # the printed character in the corner (pt)
LABEL_BOX = (11.0, 9.0)  # the corner the label takes, from the box's top left (w, h)
SENTENCE = "Pack my box with five dozen liquor jugs."
SENTENCE_H = 70.0  # the band the sentence line takes at the foot of page 1
ARUCO_DICT = "DICT_4X4_1000"
MAX_PAGES = 12  # the marker ids hold 12 pages
CORNERS = ("top-left", "top-right", "bottom-right", "bottom-left")
LOWER = "abcdefghijklmnopqrstuvwxyz"
UPPER = LOWER.upper()
DIGITS = "0123456789"
FREQUENT = "etaoinsrhl"  # three cells each; the other lowercase letters two
PUNCTUATION = (".", ",", ";", ":", "!", "?", "'", '"', "-", "\u2013", "&", "@", "(", ")", "/")
JOINS = ("th", "er", "on", "an", "in")
GREY = 0.72  # the printed guides' grey (0 black, 1 white): lighter than any ink


class Marker(msgspec.Struct, frozen=True):
    """One ArUco marker: its id and its square's lower left corner and side (pt, y up)."""

    id: int
    corner: int  # index into CORNERS
    x: float
    y: float
    size: float

    def points(self) -> tuple[tuple[float, float], ...]:
        """Its four corners in the order OpenCV reports them: the marker's top left,
        top right, bottom right, bottom left (pt, y up)."""
        x, y, s = self.x, self.y, self.size
        return ((x, y + s), (x + s, y + s), (x + s, y), (x, y))


class Cell(msgspec.Struct, frozen=True):
    """One box to write in: its rectangle (lower left, size; pt, y up), what to write
    and the baseline's height on the page."""

    index: int  # within its page
    text: str
    x: float
    y: float
    w: float
    h: float
    baseline: float

    @property
    def label(self) -> tuple[float, float, float, float]:
        """The corner the printed character takes (x, y, w, h): the reader ignores it."""
        lw, lh = LABEL_BOX
        return (self.x, self.y + self.h - lh, lw, lh)


class SheetPage(msgspec.Struct, frozen=True):
    """One page of the template: size, markers, cells, the sentence line (or None)."""

    number: int  # 1-based
    paper: str
    letters: str
    width: float
    height: float
    markers: tuple[Marker, ...]
    cells: tuple[Cell, ...]
    sentence: Cell | None  # a long cell whose text is the sentence to write
    code: str  # printed, for the reader of the paper


def letters_key(letters: str) -> int:
    """The extra letters as a number 0–9 the markers carry (0: none asked)."""
    if not letters:
        return 0
    return 1 + zlib.crc32(letters.encode("utf-8")) % 9


def marker_id(page: int, corner: int, paper: str, letters: str) -> int:
    """The marker id of ``page`` (1-based) at ``corner`` for this paper and these letters."""
    paper_bit = 0 if paper == "letter" else 1
    return corner + 4 * ((page - 1) + MAX_PAGES * (paper_bit + 2 * letters_key(letters)))


def read_marker_id(value: int) -> tuple[int, int, str, int] | None:
    """(page, corner, paper, letters key) from a marker id; None if no sheet has it."""
    corner, rest = value % 4, value // 4
    page, rest = rest % MAX_PAGES + 1, rest // MAX_PAGES
    paper_bit, key = rest % 2, rest // 2
    if key > 9:
        return None
    return page, corner, ("letter", "a4")[paper_bit], key


@cache
def marker_bits(value: int) -> tuple[tuple[int, ...], ...]:
    """The 4 × 4 bits (1 white) of marker ``value`` from OpenCV's dictionary, rows from
    the top: drawn as squares, the PDF stays vector."""
    import cv2

    dictionary = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, ARUCO_DICT))
    bits = cv2.aruco.Dictionary.getBitsFromByteList(
        dictionary.bytesList[value : value + 1], dictionary.markerSize
    )
    return tuple(tuple(int(b) for b in row) for row in bits)


def _stream(letters: str) -> Iterator[str]:
    """What the cells ask for, in order: everything once, then the letters again."""
    extras = [c for c in dict.fromkeys(letters) if not c.isspace()]
    yield from LOWER
    yield from LOWER
    yield from FREQUENT
    yield from UPPER
    yield from DIGITS
    yield from PUNCTUATION
    yield from JOINS
    for c in extras:
        yield c
        if c.islower():
            yield c
    for _ in itertools.count():  # further pages: more variants
        yield from LOWER
        yield from FREQUENT
        yield from UPPER
        yield from extras
        yield from DIGITS


def cell_texts(letters: str = "") -> tuple[str, ...]:
    """Everything the sheets must ask for, once each cell (the pages needed hold it)."""
    extras = [c for c in dict.fromkeys(letters) if not c.isspace()]
    count = 2 * 26 + len(FREQUENT) + 26 + 10 + len(PUNCTUATION) + len(JOINS)
    count += sum(2 if c.islower() else 1 for c in extras)
    return tuple(itertools.islice(_stream(letters), count))


def _grid(paper: str, first: bool) -> list[tuple[float, float]]:
    """The cells' lower left corners on a page, row by row from the top."""
    width, height = PAPERS[paper]
    top = height - MARGIN - MARKER - QUIET - 14.0  # below the page code
    bottom = MARGIN + MARKER + QUIET
    if first:
        bottom += SENTENCE_H
    left, right = MARGIN, width - MARGIN
    cols = int((right - left + GAP_X) // (CELL_W + GAP_X))
    rows = int((top - bottom + GAP_Y) // (CELL_H + GAP_Y))
    x0 = left + (right - left - (cols * CELL_W + (cols - 1) * GAP_X)) / 2
    return [
        (x0 + c * (CELL_W + GAP_X), top - CELL_H - r * (CELL_H + GAP_Y))
        for r in range(rows)
        for c in range(cols)
    ]


def pages_needed(paper: str, letters: str = "") -> int:
    """How many pages hold everything :func:`cell_texts` asks for."""
    left = len(cell_texts(letters))
    pages = 0
    while left > 0:
        pages += 1
        left -= len(_grid(paper, pages == 1))
    return pages


@cache
def sheet_page(number: int, paper: str, letters: str = "") -> SheetPage:
    """Page ``number`` (1-based) of the template for this paper and these extra letters.

    Raises:
        ValueError: an unknown paper or a page number out of range.
    """
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}")
    if not 1 <= number <= MAX_PAGES:
        raise ValueError(f"page {number} is out of range 1–{MAX_PAGES}")
    width, height = PAPERS[paper]
    before = sum(len(_grid(paper, p == 1)) for p in range(1, number))
    spots = _grid(paper, number == 1)
    texts = itertools.islice(_stream(letters), before, before + len(spots))
    cells = tuple(
        Cell(i, text, x, y, CELL_W, CELL_H, y + BASELINE * CELL_H)
        for i, ((x, y), text) in enumerate(zip(spots, texts, strict=False))
    )
    lo, hi = MARGIN, width - MARGIN - MARKER
    top, bottom = height - MARGIN - MARKER, MARGIN
    places = ((lo, top), (hi, top), (hi, bottom), (lo, bottom))
    markers = tuple(
        Marker(marker_id(number, corner, paper, letters), corner, x, y, MARKER)
        for corner, (x, y) in enumerate(places)
    )
    sentence = None
    if number == 1:
        y = MARGIN + MARKER + QUIET + 4.0
        w = width - 2 * MARGIN
        sentence = Cell(-1, SENTENCE, MARGIN, y, w, SENTENCE_H - 8.0, y + 0.36 * (SENTENCE_H - 8))
    key = letters_key(letters)
    code = f"page {number} \u00b7 {paper.upper() if paper == 'a4' else 'Letter'}"
    if letters:
        code += f" \u00b7 extra letters {letters} (key {key})"
    return SheetPage(number, paper, letters, width, height, markers, cells, sentence, code)


def sheet_pages(paper: str, letters: str = "", pages: int | None = None) -> tuple[SheetPage, ...]:
    """The template's pages: as many as needed, or ``pages`` (more give more variants).

    Raises:
        ValueError: fewer pages than the letters need, or more than the markers hold.
    """
    need = pages_needed(paper, letters)
    count = need if pages is None else pages
    if count < need:
        raise ValueError(f"these letters need at least {need} pages, not {count}")
    if count > MAX_PAGES:
        raise ValueError(f"a template has at most {MAX_PAGES} pages, not {count}")
    return tuple(sheet_page(n, paper, letters) for n in range(1, count + 1))
