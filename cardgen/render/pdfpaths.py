"""Render stage: the path operators of filled shapes and of a pen's ink, as
:class:`~cardgen.render.pdf.PdfSurface` writes them into a PDF's content.

Coordinates in whole 1/10 pt, each shape or piece of ink from its own corner
(short numbers compress best); each shape's and each mark's ink formatted once
and kept while it lives (a card is drawn into card.pdf and again onto the print
sheet, an envelope into envelope.pdf and onto the envelope sheet).
"""

from __future__ import annotations

import string
import weakref
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
from reportlab.pdfgen.canvas import Canvas

from cardgen.layout.art import Writing
from cardgen.layout.ink import InkPiece, InkPieces
from cardgen.render.surface import Shape

__all__ = ["ALPHA_STEP", "UNIT", "format_shapes", "formatted", "ink_blocks", "inked", "write_ink"]

UNIT = 10  # path coordinates are written in 1/10 pt: to 0.035 mm, and compact
ALPHA_STEP = 0.02  # a pen's ink alphas are rounded to this: few ExtGStates in a PDF

# A shape's path operators, formatted once and kept while the shape lives: a card
# drawn into card.pdf and again onto the print sheet formats its glyphs once.
_FORMATTED: weakref.WeakKeyDictionary[Shape, str] = weakref.WeakKeyDictionary()


def formatted(shape: Shape) -> str:
    """``shape`` as ``q 1 0 0 1 ox oy cm <path> f Q`` in whole 1/10 pt, from its own corner."""
    text = _FORMATTED.get(shape)
    if text is None:
        scaled = np.rint(shape.points * UNIT).astype(np.int64)
        ox, oy = scaled.min(axis=0).tolist()
        coords = (scaled - (ox, oy)).ravel().tolist()
        text = _FORMATTED[shape] = f"q 1 0 0 1 {ox} {oy} cm {shape.template.format(*coords)} f Q"
    return text


def format_shapes(shapes: Sequence[Shape]) -> None:
    """Format the ``shapes`` not yet formatted all at once, each to the very text
    :func:`formatted` gives it alone: an envelope's glyphs, before it is drawn.

    Every point is rounded to whole 1/10 pt in one array; each shape's corner is
    the least of its own rows (``minimum.reduceat`` over each shape's run of
    rows), taken from each of its points. Then every shape is written by one join:
    each number's decimal followed by the text that follows its field in its
    shape's template (:func:`_after_fields`), a shape's last by the end of its
    text, a "\\0" and the start of the next shape's.
    """
    todo = [s for s in shapes if len(s.points) and s not in _FORMATTED]
    if not todo:
        return
    counts = [len(s.points) for s in todo]
    scaled = np.rint(np.concatenate([s.points for s in todo]) * UNIT).astype(np.int64)
    corners = np.minimum.reduceat(scaled, np.cumsum([0, *counts[:-1]]), axis=0)
    coords = (scaled - np.repeat(corners, counts, axis=0)).ravel()
    fields = [_after_fields(s.template) for s in todo]
    if any(len(f) != 2 * n + 1 for f, n in zip(fields, counts, strict=True)):
        numbers, at = coords.tolist(), 0  # a template not of a plain field a number
        for shape, n, (ox, oy) in zip(todo, counts, corners.tolist(), strict=True):
            path = shape.template.format(*numbers[at : at + 2 * n])
            _FORMATTED[shape] = f"q 1 0 0 1 {ox} {oy} cm {path} f Q"
            at += 2 * n
        return
    after: list[str] = []
    start = ""  # the text before the first shape's first number
    for parts, (ox, oy) in zip(fields, corners.tolist(), strict=True):
        head = f"q 1 0 0 1 {ox} {oy} cm {parts[0]}"
        if after:
            after[-1] += "\0" + head
        else:
            start = head
        after.extend(parts[1:])
        after[-1] += " f Q"
    text = [""] * (2 * len(after))
    text[0::2] = _decimals(coords)
    text[1::2] = after
    for shape, formatted in zip(todo, (start + "".join(text)).split("\0"), strict=True):
        _FORMATTED[shape] = formatted


@cache
def _after_fields(template: str) -> tuple[str, ...]:
    """The text of ``template`` (a ``str.format`` template of plain ``{}`` fields) before
    its first field, then after each field: what ``template.format`` writes around
    the numbers."""
    parts = [""]
    for literal, field, spec, conversion in string.Formatter().parse(template):
        parts[-1] += literal
        if field is not None:
            if field or spec or conversion:
                return ()  # not a plain field
            parts.append("")
    return tuple(parts)


def write_ink(canvas: Canvas, blocks: Sequence[tuple[float, str]], mark: object = None) -> None:
    """Append ``blocks`` to ``canvas``'s content, each after its fill alpha.

    What ``canvas.setFillAlpha(alpha)`` then ``canvas.addLiteral(block)`` write, byte
    for byte, and the same graphics states named in the same order (ReportLab's
    ``ExtGState``: a ``/gRLsN gs`` only where the alpha changes, N in order of first
    use on the page or form), without its checks and look-ups on every block (a card
    sets its alpha some 700 times).

    With ``mark`` (the blocks' mark), what was written is kept with the alpha and
    names it was written after: the mark written again after the same (a card's ink
    on card.pdf's page, then in its form on the print sheet: each fresh) is written
    as kept, and the same names added."""
    state = canvas._extgstate
    current, names = getattr(state, "_d", None), getattr(state, "_c", None)
    code = getattr(canvas, "_code", None)
    if not (isinstance(current, dict) and isinstance(names, dict) and isinstance(code, list)):
        for alpha, block in blocks:  # a ReportLab that keeps them otherwise: its own calls
            canvas.setFillAlpha(alpha)
            canvas.addLiteral(block)
        return
    canvas._doc.ensureMinPdfVersion("transparency")
    alpha_now = current.get("ca", 1)
    before = (alpha_now, tuple(names.items()))
    kept = _INK_WRITTEN.get(mark) if mark is not None else None
    if kept is not None and kept[0] == before:
        _, written, alpha_set, added = kept
        code.extend(written)
        if alpha_set is not None:
            current["ca"] = alpha_set
        names.update(added)
        return
    at, alpha_set = len(code), None
    for alpha, block in blocks:
        if alpha != alpha_now:
            alpha_now = alpha_set = current["ca"] = alpha
            name = names.get(key := ("ca", alpha))
            if name is None:
                name = names[key] = f"gRLs{len(names)}"
            code.append(f"/{name} gs")
        code.append(block)
    if mark is not None:
        added = tuple(names.items())[len(before[1]) :]
        _INK_WRITTEN[mark] = (before, code[at:], alpha_set, added)


# What :func:`write_ink` wrote for a mark, kept while the mark lives: the alpha and
# graphics state names before, the content, the alpha it set (None: none) and the
# names it added.
_INK_WRITTEN: weakref.WeakKeyDictionary[Any, tuple[Any, list[str], float | None, Any]] = (
    weakref.WeakKeyDictionary()
)


# A pen's ink as its blocks of path operators, formatted once and kept while the mark
# lives: a card drawn into card.pdf and again onto the print sheet formats its ink once.
_INKED: weakref.WeakKeyDictionary[Writing, list[tuple[float, str]]] = weakref.WeakKeyDictionary()


def inked(mark: Writing) -> list[tuple[float, str]]:
    """``mark``'s ink as its blocks (:func:`ink_blocks`), formatted once while it lives."""
    blocks = _INKED.get(mark)
    if blocks is None:
        blocks = _INKED[mark] = ink_blocks(mark.ink)
    return blocks


def ink_blocks(ink: Sequence[InkPiece]) -> list[tuple[float, str]]:
    """The pieces of ``ink`` as (alpha, literal block of path operators) in drawing order:
    consecutive pieces of one alpha (to :data:`ALPHA_STEP`) share a block, each polygon
    in whole 1/10 pt from its own corner (short numbers compress best):
    ``q 1 0 0 1 ox oy cm x y m x y l … f Q``, a line each.

    Every number is rounded and offset at once, and the whole mark written by one join
    of the numbers' decimals, each followed by what follows it in the text."""
    pieces = ink if isinstance(ink, InkPieces) else InkPieces.of(ink)
    sizes = np.diff(pieces.offsets)
    if (sizes < 3).any():
        pieces = pieces.taken(np.flatnonzero(sizes >= 3))
        sizes = np.diff(pieces.offsets)
    if not len(sizes):
        return []
    # All pieces rounded to 1/10 pt at once, each then drawn from its own corner.
    scaled = np.rint(pieces.points * UNIT).astype(np.int64)
    corners = np.minimum.reduceat(scaled, pieces.offsets[:-1], axis=0)
    scaled -= np.repeat(corners, sizes, axis=0)
    # Each piece's numbers: its corner, then its points (2 + 2 n of them).
    numbers = np.empty(2 * (len(scaled) + len(sizes)), dtype=np.int64)
    heads = 2 * (pieces.offsets[:-1] + np.arange(len(sizes)))
    numbers[heads] = corners[:, 0]
    numbers[heads + 1] = corners[:, 1]
    shift = np.repeat(heads + 2 - 2 * pieces.offsets[:-1], 2 * sizes)
    numbers[np.arange(2 * len(scaled)) + shift] = scaled.ravel()
    alphas = _ink_alphas(pieces.alphas)
    change = np.flatnonzero(alphas[1:] != alphas[:-1]) + 1
    # What follows each number (:data:`_AFTER`): " " after an x (or the corner's ox),
    # " cm " after oy, " m " after the first y, " l " after the others, and after a
    # piece's last y the end of its polygon and the start of the next piece's (in a
    # block of its own, after "\0", where the alpha changes; the mark's end after
    # the last y).
    after = np.zeros(len(numbers), dtype=np.intp)
    after[1::2] = 3
    after[heads + 1] = 1
    after[heads + 3] = 2
    after[heads[1:] - 1] = 4
    after[heads[change] - 1] = 5
    after[-1] = 6
    blocks = (_BLOCK_HEAD + "q 1 0 0 1 " + "".join(_followed(numbers, after))).split("\0")
    return list(zip(alphas.take([0, *change.tolist()]).tolist(), blocks, strict=True))


# A block of ink: its polygons (in 1/10 pt), a line each, between these.
_BLOCK_HEAD = f"q {1 / UNIT:g} 0 0 {1 / UNIT:g} 0 0 cm\n"
_BLOCK_END = "\nQ"
# What follows a number of the ink's text, by its place (see :func:`ink_blocks`).
_AFTER = (
    " ",
    " cm ",
    " m ",
    " l ",
    " l f Q\nq 1 0 0 1 ",
    " l f Q" + _BLOCK_END + "\0" + _BLOCK_HEAD + "q 1 0 0 1 ",
    " l f Q" + _BLOCK_END,
)

# Each number's decimal followed by each text of :data:`_AFTER`, looked up: row k
# (``_ROWS[k]``, from ``_FOLLOWED[_STARTS[k]]`` on) holds f"{n}{_AFTER[k]}" for n = 0,
# 1, …; rows made when first needed, each as long as the numbers it has followed
# (a corner's numbers run to the page's size, a point's to its piece's).
_ROWS: list[list[str]] = [[] for _ in _AFTER]
_FOLLOWED = np.empty(0, dtype=object)
_STARTS = np.zeros(len(_AFTER), dtype=np.int64)
_SIZES = np.zeros(len(_AFTER), dtype=np.int64)


def _followed(numbers: np.ndarray, after: np.ndarray) -> list[str]:
    """Each of ``numbers`` (int64) in decimal followed by ``_AFTER[after[i]]``."""
    global _FOLLOWED, _STARTS, _SIZES
    if numbers.min() < 0:  # no row for these: each formatted
        return [f"{n}{_AFTER[k]}" for n, k in zip(numbers.tolist(), after.tolist(), strict=True)]
    if (numbers >= _SIZES[after]).any():
        for k, text in enumerate(_AFTER):
            mine = numbers[after == k]
            row = _ROWS[k]
            if len(mine) and mine.max() >= len(row):
                row.extend(f"{n}{text}" for n in range(len(row), int(mine.max()) + 256))
        _SIZES = np.array([len(row) for row in _ROWS], dtype=np.int64)
        _STARTS = np.cumsum(_SIZES) - _SIZES
        _FOLLOWED = np.array([text for row in _ROWS for text in row], dtype=object)
    return _FOLLOWED.take(_STARTS[after] + numbers).tolist()


# Whole numbers' decimals, looked up rather than formatted one by one (a card's ink
# writes some 30,000 numbers, nearly all small); made when first needed, grown as
# larger ones come.
_DECIMALS = np.empty(0, dtype=object)


def _decimals(numbers: np.ndarray) -> list[str]:
    """``numbers`` (int64) as their decimals: from the table, or (any negative among
    them) each formatted."""
    global _DECIMALS
    if not len(numbers) or numbers.min() < 0:
        return list(map(str, numbers.tolist()))
    top = int(numbers.max())
    if top >= len(_DECIMALS):
        _DECIMALS = np.array([str(k) for k in range(top + 1024)], dtype=object)
    return _DECIMALS.take(numbers).tolist()


def _ink_alphas(alphas: np.ndarray) -> np.ndarray:
    """Each alpha rounded to :data:`ALPHA_STEP` (and to 2 places, within 0..1)."""
    steps, index = np.unique(np.rint(alphas / ALPHA_STEP), return_inverse=True)
    rounded = [min(1.0, max(0.0, round(int(k) * ALPHA_STEP, 2))) for k in steps.tolist()]
    return np.array(rounded, dtype=float)[index.reshape(-1)]
