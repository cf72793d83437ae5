"""Layout stage: panels, folds, n-up slots and duplex transforms. Pure, in points.

A card layout prints as one or more *card pages* (one per printed side, at the
flat size); each page holds *panels* (front, back, message, blank), some turned
180° for a quarter-fold. A *sheet* imposes card pages on Letter or A4 paper:
each slot maps card-page coordinates to sheet coordinates by an affine
transform ``(a, b, c, d, e, f)`` as in PDF: ``x' = a·x + c·y + e``,
``y' = b·x + d·y + f``.
"""

from __future__ import annotations

import math

import msgspec

from cardgen.model import CardLayout, EnvelopeFeed, EnvelopeLayout, Printer, Zone
from cardgen.units import INCH, MM

__all__ = [
    "PAPER",
    "PRINTER_MARGIN",
    "CardPage",
    "Panel",
    "Sheet",
    "Slot",
    "apply",
    "card_pages",
    "compensation",
    "envelope_on_paper",
    "fits_envelope",
    "impose",
    "message_panel",
]

PAPER = {"letter": (8.5 * INCH, 11 * INCH), "a4": (210 * MM, 297 * MM)}
PRINTER_MARGIN = 0.25 * INCH  # the usual unprintable border: nothing is drawn in it
ENVELOPE_CLEARANCE = 0.0625 * INCH  # a card needs 1/16 in of play on each side

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class Panel(msgspec.Struct, frozen=True):
    """One face of the folded card on a card page.

    ``zone`` is where it lies on the page; ``turned`` means it is printed 180°
    around (a quarter-fold's top row) so it reads upright once folded.
    """

    role: str  # "front", "back", "message" or "inside"
    zone: Zone
    turned: bool = False


class CardPage(msgspec.Struct, frozen=True):
    """One printed side of a card, at the flat size."""

    name: str  # "card", "outside", "inside", "sheet"
    width: float
    height: float
    panels: tuple[Panel, ...]
    folds: tuple[tuple[float, float, float, float], ...] = ()  # lines (x0, y0, x1, y1)


def card_pages(layout: CardLayout) -> tuple[CardPage, ...]:
    """The printed sides of one card, in order."""
    w, h = layout.width, layout.height
    if layout.fold == "none":
        return (CardPage("card", w, h, (Panel("message", Zone(0, 0, w, h)),)),)
    if layout.fold == "half":
        fold = ((w, 0.0, w, h),)
        outside = CardPage(
            "outside",
            2 * w,
            h,
            (Panel("back", Zone(0, 0, w, h)), Panel("front", Zone(w, 0, w, h))),
            fold,
        )
        inside = CardPage(
            "inside",
            2 * w,
            h,
            (Panel("inside", Zone(0, 0, w, h)), Panel("message", Zone(w, 0, w, h))),
            fold,
        )
        return outside, inside
    # Quarter-fold, printed on one side, folded top to bottom then left to right:
    # bottom-right front, bottom-left back, top-left message (turned), top-right
    # inside-left (turned).
    sheet = CardPage(
        "sheet",
        2 * w,
        2 * h,
        (
            Panel("front", Zone(w, 0, w, h)),
            Panel("back", Zone(0, 0, w, h)),
            Panel("message", Zone(0, h, w, h), turned=True),
            Panel("inside", Zone(w, h, w, h), turned=True),
        ),
        ((0.0, h, 2 * w, h), (w, 0.0, w, 2 * h)),
    )
    return (sheet,)


def message_panel(layout: CardLayout) -> Zone:
    """The message panel's own box (panel coordinates, origin bottom-left)."""
    return Zone(0, 0, layout.width, layout.height)


def fits_envelope(layout: CardLayout, env: EnvelopeLayout) -> bool:
    """True when the ``layout`` card slips into ``env`` with 1/16 in of play each side."""
    w, h = sorted((layout.width, layout.height))
    ew, eh = sorted((env.width, env.height))
    return w + 2 * ENVELOPE_CLEARANCE <= ew and h + 2 * ENVELOPE_CLEARANCE <= eh


def safe_box(layout: CardLayout) -> Zone:
    """The message panel's safe area, in panel coordinates."""
    return message_panel(layout).inset(layout.safe_margin)


def panel_matrix(panel: Panel) -> Matrix:
    """Panel coordinates → card-page coordinates."""
    z = panel.zone
    if panel.turned:
        return (-1.0, 0.0, 0.0, -1.0, z.x + z.width, z.y + z.height)
    return (1.0, 0.0, 0.0, 1.0, z.x, z.y)


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """The transform that applies ``m`` first, then ``n``."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    """Transform a point."""
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def transform_zone(m: Matrix, z: Zone) -> Zone:
    """The axis-aligned box of a transformed zone (exact for 90° turns)."""
    pts = [apply(m, x, y) for x in (z.x, z.right) for y in (z.y, z.top)]
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return Zone(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


class Slot(msgspec.Struct, frozen=True):
    """Where one card goes on a sheet: one transform per card page."""

    index: int
    matrices: tuple[Matrix, ...]  # card page i → sheet page i
    trim: Zone  # the card's flat trim on the sheet (front page)


class Sheet(msgspec.Struct, frozen=True):
    """How a layout imposes on paper: sheet size, slots, and how to print it."""

    paper: str
    width: float
    height: float
    slots: tuple[Slot, ...]
    pages: int  # sheet pages per set of cards (2: printed both sides, flipped on the short edge)
    cuts_x: tuple[float, ...]
    cuts_y: tuple[float, ...]
    folds: tuple[tuple[float, float, float, float], ...]  # on sheet page 0


def impose(layout: CardLayout, paper: str | None = None) -> Sheet:
    """Impose ``layout`` on its paper (or ``paper``).

    Flat cards go n-up in the orientation that fits most; half-fold cards
    go two-up on a landscape sheet, turned 90°, with the inside page arranged
    for duplex "flip on short edge"; a quarter-fold is the sheet itself.
    """
    paper = paper or layout.paper
    pw, ph = PAPER[paper]
    pages = card_pages(layout)
    fw, fh = pages[0].width, pages[0].height
    if layout.fold == "quarter":
        return _quarter(layout, paper, pw, ph, pages[0])
    best: tuple[int, float, float, int, int, bool] | None = None
    for sw, sh in ((pw, ph), (ph, pw)):
        for turned in (False, True):
            cw, ch = (fh, fw) if turned else (fw, fh)
            cols = int((sw + 0.5) // cw)
            rows = int((sh + 0.5) // ch)
            count = cols * rows
            # Half-fold prefers a landscape sheet (short-edge duplex); flat prefers upright cards.
            if layout.fold == "half":
                rank = count * 4 + 2 * (sw > sh) + (not turned)
            else:
                rank = count * 4 + 2 * (not turned) + (sw < sh)
            if count and (best is None or rank > best[0]):
                best = (rank, sw, sh, cols, rows, turned)
    if best is None:
        raise ValueError(f"{layout.name} does not fit on {paper}")
    _, sw, sh, cols, rows, turned = best
    cw, ch = (fh, fw) if turned else (fw, fh)
    x0 = (sw - cols * cw) / 2
    y0 = (sh - rows * ch) / 2
    slots: list[Slot] = []
    for r in range(rows):
        for c in range(cols):
            ox, oy = x0 + c * cw, y0 + (rows - 1 - r) * ch  # fill from the top left
            # Turned cards: rotate 90° counter-clockwise, then move into the slot.
            out = (0.0, 1.0, -1.0, 0.0, ox + cw, oy) if turned else (1.0, 0, 0, 1.0, ox, oy)
            matrices = [out]
            if len(pages) == 2:
                # Back page: the inside spread sits behind the outside, mirrored
                # across the fold (M), then the sheet is flipped on its short edge (F).
                mirror: Matrix = (-1.0, 0.0, 0.0, 1.0, fw, 0.0)
                flip: Matrix = (
                    (-1.0, 0.0, 0.0, 1.0, sw, 0.0) if sw > sh else (1.0, 0, 0, -1.0, 0, sh)
                )
                matrices.append(multiply(multiply(mirror, out), flip))
            slots.append(Slot(len(slots), tuple(matrices), Zone(ox, oy, cw, ch)))
    cuts_x = tuple(sorted({round(x0 + c * cw, 3) for c in range(cols + 1)}))
    cuts_y = tuple(sorted({round(y0 + r * ch, 3) for r in range(rows + 1)}))
    folds = []
    for slot in slots:
        for x0f, y0f, x1f, y1f in pages[0].folds:
            (ax, ay), (bx, by) = (
                apply(slot.matrices[0], x0f, y0f),
                apply(slot.matrices[0], x1f, y1f),
            )
            folds.append((ax, ay, bx, by))
    return Sheet(
        paper,
        sw,
        sh,
        tuple(slots),
        len(pages),
        cuts_x,
        cuts_y,
        tuple(folds),
    )


def _quarter(layout: CardLayout, paper: str, pw: float, ph: float, page: CardPage) -> Sheet:
    if abs(page.width - pw) > 2 or abs(page.height - ph) > 2:
        raise ValueError(f"{layout.name} is a quarter-fold of {paper} paper only")
    slot = Slot(0, (IDENTITY,), Zone(0, 0, pw, ph))
    return Sheet(paper, pw, ph, (slot,), 1, (), (), page.folds)


def degrees(m: Matrix) -> float:
    """The rotation of a transform, in degrees."""
    return math.degrees(math.atan2(m[1], m[0]))


# -- the candidate's printer -----------------------------------------------------------


def compensation(printer: Printer | None, back: bool, width: float, height: float) -> Matrix:
    """The transform that undoes how ``printer`` misplaces one side of a page.

    The printer is taken to print a point ``p`` at ``c + s·(p − c) + shift``,
    where ``c`` is the page's centre (where ``cardgen calibrate``'s fold scales
    read the shift), ``s`` its scale and ``shift`` (``dx`` right, ``dy`` down,
    as seen on that side) what the person read there; this returns the inverse,
    so that what the page asks for lands where it should. ``back``: the second
    side of a two-sided sheet.
    """
    if printer is None:
        return IDENTITY
    dx, dy = (printer.back_dx, printer.back_dy) if back else (printer.dx, printer.dy)
    s = printer.scale
    cx, cy = width / 2, height / 2
    # p = c + (q − c − shift) / s, with shift = (dx, −dy) in PDF's y-up coordinates.
    return (1 / s, 0.0, 0.0, 1 / s, cx - (cx + dx) / s, cy - (cy - dy) / s)


def envelope_on_paper(
    width: float, height: float, feed: EnvelopeFeed
) -> tuple[float, float, Matrix]:
    """Where a landscape envelope lies on the page its printer is told it is printing.

    Returns the page size and the transform from envelope coordinates to page
    coordinates. Fed as an envelope-sized page, the page is the envelope. Fed
    on Letter or A4 (portrait: the top edge goes in first), the envelope lies
    at the top of the page with its ``feed.first`` edge leading, across the
    tray at ``feed.align``.

    Raises:
        ValueError: the envelope, turned that way, is wider than the paper.
    """
    if feed.paper == "envelope":
        return width, height, IDENTITY
    page_w, page_h = PAPER[feed.paper]
    across = width if feed.first in ("top", "bottom") else height
    along = height if feed.first in ("top", "bottom") else width
    if across > page_w + 0.5 or along > page_h + 0.5:
        raise ValueError(
            f"a {width / INCH:.3g} × {height / INCH:.3g} in envelope fed with its "
            f"{feed.first} edge first does not fit on {feed.paper}"
        )
    ox = {"left": 0.0, "center": (page_w - across) / 2, "right": page_w - across}[feed.align]
    top = page_h
    # Each a rotation (determinant 1): the envelope is never mirrored.
    m: Matrix = {
        "top": (1.0, 0.0, 0.0, 1.0, ox, top - height),
        "bottom": (-1.0, 0.0, 0.0, -1.0, ox + width, top),
        "left": (0.0, -1.0, 1.0, 0.0, ox, top),
        "right": (0.0, 1.0, -1.0, 0.0, ox + height, top - width),
    }[feed.first]
    return page_w, page_h, m
