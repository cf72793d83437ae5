"""Layout stage: wrap a note into lines and size it to a panel. Pure.

Words are never broken; a web or email address wider than the line at the
smallest size is broken where a reader expects it, and any other such word is
refused (:class:`Overlong`). The fitter
picks the largest size between the layout's minimum and maximum at which the
salutation, body, closing and signature fit the box; if even the minimum is
too big it says how many words to cut.

Widths come from a ``measure(text, role)`` function returning em (so the fit
of a size is ``size × em``); roles are ``"body"`` and ``"signature"``.

A hand short of room writes the end of a line smaller rather than stop short:
a line may run a little over its measure when its last words, written
smaller, bring it back inside (:func:`tail_scales`; the writer draws them so).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import msgspec

from cardgen.layout.breaks import Overlong, bound_words, break_address, is_address

__all__ = [
    "FIT_STEP",
    "Block",
    "Fit",
    "Line",
    "Margins",
    "Overlong",
    "TooLong",
    "drawn_width",
    "fit_blocks",
    "is_address",
    "layout_at",
    "tail_scales",
    "words_to_fit",
    "wrap",
]

Measure = Callable[[str, str], float]

LEADING = 1.42  # line pitch as a multiple of the size: room for script ascenders
PARA_GAP = 0.45  # extra space between paragraphs, in lines
SECTION_GAP = 0.6  # before the body and before the closing, in lines
SIGNATURE_SCALE = 1.3  # a signature is written larger than the note
FIT_STEP = 0.25  # pt: the sizes the fitter tries are the minimum plus whole steps
SQUEEZE = 0.06  # a line may run this much over its measure (of the measure) …
TAIL_SIZE = 0.88  # … when its last words, written down to this size, end inside it
TAIL_WORDS = 3  # how many words at a line's end may be written smaller


class Block(msgspec.Struct, frozen=True):
    """A piece of the note: ``kind`` is salutation, body, closing or signature.

    ``aspect`` is set for a signature image (width / height); its text is empty.
    """

    kind: str
    text: str = ""
    aspect: float = 0.0


class Line(msgspec.Struct, frozen=True):
    """One laid-out line, in points relative to the top-left of the text box.

    ``y`` is the baseline's distance below the box top; ``x`` the indent;
    ``width`` the drawn length; ``scales`` each word's size (of ``size``) when
    the last words are written smaller (:func:`tail_scales`), else empty.
    """

    text: str
    kind: str
    x: float
    y: float
    width: float
    size: float
    image_height: float = 0.0  # for a signature image: its drawn height (pt)
    scales: tuple[float, ...] = ()


class Fit(msgspec.Struct, frozen=True):
    """The note laid out at ``size``: its lines and the space they take."""

    size: float
    lines: tuple[Line, ...]
    width: float  # widest line (pt)
    height: float  # from the box top to the lowest descender (pt)
    words: int


class Margins(msgspec.Struct, frozen=True):
    """How a hand's lines begin and end, line by line down the card.

    ``indent[i]`` is how far line ``i`` starts in from the box's left edge and
    ``short[i]`` how far it stops short of the right edge, both as fractions
    of the box's width (the last entry holds for any later line).
    """

    indent: tuple[float, ...] = (0.0,)
    short: tuple[float, ...] = (0.0,)

    def at(self, i: int) -> tuple[float, float]:
        """(indent, short) of line ``i``."""
        return self.indent[min(i, len(self.indent) - 1)], self.short[min(i, len(self.short) - 1)]


class TooLong(ValueError):
    """The note does not fit at the minimum size."""

    def __init__(self, words_to_cut: int, words: int, size: float) -> None:
        self.words_to_cut = words_to_cut
        self.words = words
        self.size = size
        super().__init__(
            f"the note has {words} words and does not fit at {size:g} pt; "
            f"cut about {words_to_cut} words"
        )


def tail_scales(widths: Sequence[float], space: float, limit: float) -> tuple[float, ...] | None:
    """The size each word of a line is written at so that it ends inside ``limit``:
    ``()`` when it fits as it is; when it runs at most :data:`SQUEEZE` over, its
    last :data:`TAIL_WORDS` words (and the spaces before them) progressively
    smaller, the last no smaller than :data:`TAIL_SIZE`, so that it is ``limit``
    long (:func:`drawn_width`); ``None`` when even that leaves it too long."""
    n = len(widths)
    excess = sum(widths) + space * max(0, n - 1) - limit
    if excess <= 0.0:
        return ()
    m = min(TAIL_WORDS, n)  # word i of the tail (1 … m) is written at 1 - drop·i/m
    tail = sum((widths[j] + (space if j else 0.0)) * (j - n + m + 1) / m for j in range(n - m, n))
    drop = excess / tail if tail > 0.0 else float("inf")
    if excess > SQUEEZE * limit or drop > 1.0 - TAIL_SIZE:
        return None
    return (1.0,) * (n - m) + tuple(1.0 - drop * i / m for i in range(1, m + 1))


def drawn_width(widths: Sequence[float], space: float, scales: Sequence[float] = ()) -> float:
    """A line's length written with ``scales`` (:func:`tail_scales`): each word, and
    the space before it, at its word's size."""
    if not scales:
        return sum(widths) + space * max(0, len(widths) - 1)
    return sum(w * f for w, f in zip(widths, scales, strict=True)) + space * sum(scales[1:])


def wrap(
    text: str,
    max_width: float | Callable[[int], float],
    width_of: Callable[[str], float],
    *,
    break_addresses: bool = False,
) -> list[str]:
    """Greedy word wrap of one paragraph, in time linear in its length.

    Widths are additive: a line of words is as wide as its words plus a space
    between each two (there is no kerning across a space); a line may run over
    when its last words, written smaller, end inside (:func:`tail_scales`).

    Args:
        text: the paragraph (whitespace collapsed).
        max_width: the line width, in the units ``width_of`` returns; or a
            function giving the width of line ``i`` of the paragraph.
        width_of: width of a string.
        break_addresses: allow a web or email address wider than the line to
            be broken at its natural break points.

    Returns:
        The lines. Words are never broken or hyphenated.

    Raises:
        Overlong: a word wider than the line (and not a breakable address).
    """

    limits: dict[int, float] = {}  # each line's width, asked for once

    def limit(i: int) -> float:
        if not callable(max_width):
            return max_width
        room = limits.get(i)
        if room is None:
            room = limits[i] = max_width(i)
        return room

    space = width_of(" ")
    lines: list[str] = []
    current: list[str] = []
    widths: list[float] = []  # of the current line's words
    used = 0.0
    room, room_of = 0.0, -1  # the width of line ``room_of``, asked for again on a new line
    for word, w in bound_words(text.split(), width_of, space, limit):
        if room_of != len(lines):
            room_of = len(lines)
            room = limit(room_of)
        squeezed = used + space + w > room and tail_scales([*widths, w], space, room) is not None
        if current and (used + space + w <= room or squeezed):
            current.append(word)
            widths.append(w)
            used += space + w
            continue
        if current:
            lines.append(" ".join(current))
        if w <= limit(len(lines)):
            current, widths, used = [word], [w], w
            continue
        if not (break_addresses and is_address(word)):
            raise Overlong(word)
        *head, tail = break_address(word, limit(len(lines)), width_of)
        lines.extend(head)
        current, used = [tail], width_of(tail)
        widths = [used]
    if current:
        lines.append(" ".join(current))
    return _avoid_widow(lines, limit(len(lines) - 1), width_of)


def _avoid_widow(lines: list[str], max_width: float, width_of: Callable[[str], float]) -> list[str]:
    """Pull one word down when a paragraph would end on a lone short word."""
    if len(lines) < 2:
        return lines
    last, prev = lines[-1], lines[-2]
    prev_words = prev.split()
    if " " in last or len(prev_words) < 4:
        return lines
    moved = f"{prev_words[-1]} {last}"
    if width_of(moved) <= max_width:
        return [*lines[:-2], " ".join(prev_words[:-1]), moved]
    return lines


def layout_at(
    blocks: Sequence[Block],
    box_width: float,
    size: float,
    measure: Measure,
    ascent: float = 1.0,
    descent: float = 0.32,
    *,
    break_addresses: bool = False,
    margins: Margins | None = None,
) -> Fit:
    """Lay the blocks out at ``size`` (pt) in a box ``box_width`` pt wide.

    With ``margins``, the salutation's and body's lines start and stop where
    the hand's margins say (:class:`Margins`); the closing and signature keep
    their place right of centre.

    ``ascent`` and ``descent`` (em, both positive) are how far glyphs reach
    above and below the baseline: the first baseline sits ``ascent × size``
    below the box top and the height includes the last line's descent.

    Raises:
        Overlong: a word is wider than its line (see :func:`wrap`).
    """
    pitch = size * LEADING
    pen = _Pen()
    closing_indent = _closing_indent(blocks, box_width, size, measure)
    prev_kind = ""
    for block in blocks:
        if not pen.first:
            pen.y += _gap(block.kind, prev_kind) * pitch
        if block.kind == "signature" and block.aspect:
            w, h = _image_size(block, size, box_width)
            top = pen.y + (0.5 * size if not pen.first else 0.0)  # clear of the descenders above
            pen.y = top + h
            pen.lines.append(Line("", "signature", closing_indent, pen.y, w, size, image_height=h))
            pen.first = False
        else:
            indent = closing_indent if block.kind in ("closing", "signature") else 0.0
            _write_block(
                pen,
                block,
                box_width - indent,
                size,
                measure,
                ascent,
                indent=indent,
                margins=margins if block.kind in ("salutation", "body") else None,
                break_addresses=break_addresses,
            )
        prev_kind = block.kind
    height = pen.y + descent * size  # room for descenders below the last baseline
    width = max((ln.x + ln.width for ln in pen.lines), default=0.0)
    return Fit(size=size, lines=tuple(pen.lines), width=width, height=height, words=pen.words)


class _Pen(msgspec.Struct):
    """Where :func:`layout_at` has got to: the lines so far and the last baseline."""

    lines: list[Line] = msgspec.field(default_factory=list)
    y: float = 0.0  # the last baseline, pt below the box top
    first: bool = True  # nothing placed yet
    words: int = 0  # words of the body so far


def _closing_indent(
    blocks: Sequence[Block], box_width: float, size: float, measure: Measure
) -> float:
    """Where the closing and signature start: right of centre, as in a letter."""
    tail = [b for b in blocks if b.kind in ("closing", "signature")]
    if not tail:
        return 0.0
    widest = 0.0
    for b in tail:
        if b.aspect:
            widest = max(widest, _image_size(b, size, box_width)[0])
        else:
            scale = SIGNATURE_SCALE if b.kind == "signature" else 1.0
            role = "signature" if b.kind == "signature" else "body"
            widest = max(widest, measure(b.text, role) * size * scale)
    return max(0.0, min(box_width * 0.42, box_width - widest - 0.02 * box_width))


def _gap(kind: str, prev_kind: str) -> float:
    """The space before a block, in lines: between sections, or between paragraphs."""
    gap = SECTION_GAP if kind != prev_kind and kind != "signature" else 0.0
    if kind == "body" and prev_kind == "body":
        gap = PARA_GAP
    return gap


def _write_block(
    pen: _Pen,
    block: Block,
    avail: float,
    size: float,
    measure: Measure,
    ascent: float,
    *,
    indent: float,
    margins: Margins | None,
    break_addresses: bool,
) -> None:
    """Wrap a block of text into lines ``avail`` pt wide (or the hand's margins)."""
    pitch = size * LEADING
    scale = SIGNATURE_SCALE if block.kind == "signature" else 1.0
    role = "signature" if block.kind == "signature" else "body"
    line_size = size * scale

    def line_width(j: int, first: int) -> float:
        if margins is None:
            return avail
        left, short = margins.at(first + j)
        return avail * (1.0 - left - short)

    widths_at: dict[str, float] = {}  # each text's width at this size, worked out once

    def width_of(text: str) -> float:
        width = widths_at.get(text)
        if width is None:
            width = widths_at[text] = measure(text, role) * line_size
        return width

    space = width_of(" ")
    for paragraph in block.text.split("\n"):
        pen.words += len(paragraph.split()) if block.kind == "body" else 0
        try:
            start = len(pen.lines)
            wrapped = wrap(
                paragraph,
                functools.partial(line_width, first=start),
                width_of,
                break_addresses=break_addresses,
            )
        except Overlong as exc:
            raise Overlong(exc.word, size) from None
        for j, text in enumerate(wrapped):
            pen.y += (
                pitch * (1.0 if scale == 1.0 else 1.12) if not pen.first else line_size * ascent
            )
            pen.first = False
            x = indent
            if margins is not None:
                x = margins.at(len(pen.lines))[0] * avail
            widths = [width_of(word) for word in text.split(" ")]
            scales = tail_scales(widths, space, line_width(j, start)) or ()
            width = drawn_width(widths, space, scales)
            pen.lines.append(Line(text, block.kind, x, pen.y, width, line_size, scales=scales))


def _measured_once(measure: Measure) -> Measure:
    """``measure``, each text measured once in each role: a fit lays the same words
    out at several sizes (a width in em is the same at every size)."""
    known: dict[str, dict[str, float]] = {}

    def once(text: str, role: str) -> float:
        widths = known.get(role)
        if widths is None:
            widths = known[role] = {}
        width = widths.get(text)
        if width is None:
            width = widths[text] = measure(text, role)
        return width

    return once


def _image_size(block: Block, size: float, box_width: float) -> tuple[float, float]:
    h = size * 2.6  # a signature is about two and a half lines tall
    w = h * block.aspect
    if w > box_width * 0.55:
        w = box_width * 0.55
        h = w / block.aspect
    return w, h


def fit_blocks(
    blocks: Sequence[Block],
    box_width: float,
    box_height: float,
    measure: Measure,
    size_min: float,
    size_max: float,
    step: float = FIT_STEP,
    ascent: float = 1.0,
    descent: float = 0.32,
    margins: Margins | None = None,
) -> Fit:
    """The layout at the largest size in [size_min, size_max] that fits the box.

    Sizes are tried on a ``step`` pt grid by bisection (fit is monotonic in
    size). Words are never broken while a smaller size in the range holds them
    whole; only when even ``size_min`` cannot is a web or email address broken
    at its natural break points (and the size chosen again).

    Raises:
        TooLong: with the number of words to cut, when nothing fits at ``size_min``.
        Overlong: a word wider than the line at ``size_min`` that is not an address.
    """
    measure = _measured_once(measure)
    lay = functools.partial(
        layout_at, blocks, box_width, measure=measure, ascent=ascent, descent=descent
    )

    def attempt(size: float, breaking: bool) -> Fit | None:
        try:
            fit = lay(size, break_addresses=breaking, margins=margins)
        except Overlong:
            return None
        return fit if _inside(fit, box_width, box_height) else None

    breaking = False
    try:
        low_fit = lay(size_min, margins=margins)
    except Overlong:
        breaking = True  # raises Overlong again when the word is no address
        low_fit = lay(size_min, break_addresses=True, margins=margins)
    if not _inside(low_fit, box_width, box_height):
        raise TooLong(
            _words_to_cut(
                blocks, box_width, box_height, measure, size_min, ascent, descent, breaking, margins
            ),
            low_fit.words,
            size_min,
        )
    steps = max(0, round((size_max - size_min) / step))
    lo, hi = 0, steps
    best = low_fit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        trial = attempt(size_min + mid * step, breaking)
        if trial is not None:
            lo, best = mid, trial
        else:
            hi = mid - 1
    return best


def _inside(fit: Fit, box_width: float, box_height: float) -> bool:
    return fit.height <= box_height and fit.width <= box_width + 1e-6


def words_to_fit(
    blocks: Sequence[Block],
    box_width: float,
    box_height: float,
    measure: Measure,
    size: float,
    ascent: float = 1.0,
    descent: float = 0.32,
    margins: Margins | None = None,
) -> int:
    """How many words off the end of the body let ``blocks`` fit the box at ``size``.

    0 when they fit already; every body word when even the blocks without a
    body do not fit.
    """
    measure = _measured_once(measure)
    try:
        fit = layout_at(blocks, box_width, size, measure, ascent, descent, margins=margins)
    except Overlong:
        fit = None
    if fit is not None and _inside(fit, box_width, box_height):
        return 0
    return _words_to_cut(
        blocks, box_width, box_height, measure, size, ascent, descent, False, margins
    )


def _words_to_cut(
    blocks: Sequence[Block],
    box_width: float,
    box_height: float,
    measure: Measure,
    size: float,
    ascent: float,
    descent: float,
    breaking: bool = False,
    margins: Margins | None = None,
) -> int:
    """How many words to drop from the end of the body to fit at ``size``.

    Words come off the end of the last paragraph first; the paragraphs keep
    their breaks, so the answer is what the user would actually cut.
    """
    total = sum(len(b.text.split()) for b in blocks if b.kind == "body")

    def fits_without(cut: int) -> bool:
        keep = total - cut
        out: list[Block] = []
        for b in blocks:
            if b.kind != "body":
                out.append(b)
                continue
            words = b.text.split()[: max(0, keep)]
            keep -= len(b.text.split())
            if words:
                out.append(Block("body", " ".join(words)))
        try:
            fit = layout_at(
                out,
                box_width,
                size,
                measure,
                ascent,
                descent,
                break_addresses=breaking,
                margins=margins,
            )
        except Overlong:
            return False
        return _inside(fit, box_width, box_height)

    lo, hi = 1, total
    while lo < hi:
        mid = (lo + hi) // 2
        if fits_without(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo
