"""A template filled in without a pen, and "photographed": for the tests of ``cardgen hand``.

:func:`filled_page` renders a template page (the real PDF, through pypdfium2)
and writes every cell, and the sentence, in a handwriting font the project
does not ship (Comic Neue, OFL: ``tests/fixtures/``), recording where each
character's ink went (:class:`Written`). :func:`photograph` turns the page into
a camera's JPEG: on a table, seen at an angle (a perspective), turned (any
angle, upside down too), lit unevenly, noisy, blurred and compressed, all from
a seed. Pure functions of their arguments.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from cardgen.layout.handsheet import SheetPage

FONT = Path(__file__).parent / "fixtures" / "ComicNeue-Regular.otf"
DPI = 150  # the paper as the "pen" writes it
PX = DPI / 72.0  # pixels per point
CAP = 0.55  # a capital's height, as a share of the cell's height above the baseline


@dataclass(frozen=True)
class Written:
    """What was written on a page: per cell index, the text and its ink as a mask of the
    page (pt → px at :data:`DPI`, y down); the sentence's words' left edges (px)."""

    page: SheetPage
    image: np.ndarray  # grey, uint8, the page at DPI
    masks: dict[int, np.ndarray]  # cell index → bool mask of its ink (page px)


@cache
def _blank(page: SheetPage) -> np.ndarray:
    import pypdfium2

    from cardgen.input.fonts import resolve_font
    from cardgen.render.handsheet import render_handsheet_pdf

    pdf = render_handsheet_pdf([page], font=resolve_font("patrick-hand"))
    doc = pypdfium2.PdfDocument(pdf)
    image = doc[0].render(scale=PX, grayscale=True).to_pil().convert("L")
    return np.asarray(image).copy()


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


def _font_size(page: SheetPage) -> int:
    """A size whose capitals stand :data:`CAP` of the box above the baseline."""
    cell = page.cells[0]
    above = (cell.y + cell.h - cell.baseline) * PX
    return round(CAP * above / 0.7)  # Comic Neue's capitals: about 0.7 em


def _draw(text: str, x: float, y_base: float, size: int, shape: tuple[int, ...]) -> np.ndarray:
    """``text`` with its baseline's start at (x, y_base) page px, as a mask of the page."""
    layer = Image.new("L", (shape[1], shape[0]), 0)
    ImageDraw.Draw(layer).text((x, y_base), text, font=_font(size), fill=255, anchor="ls")
    return np.asarray(layer) > 127


def filled_page(
    page: SheetPage,
    seed: int = 0,
    *,
    skip: frozenset[int] = frozenset(),
    big: frozenset[int] = frozenset(),
    ink: int = 25,
) -> Written:
    """``page`` with each cell (but those in ``skip``) and the sentence written in; the
    cells in ``big`` written twice as large, sitting low (a g's tail leaves its box)."""
    rng = random.Random(seed)
    image = _blank(page).copy()
    size = _font_size(page)
    masks: dict[int, np.ndarray] = {}
    height_px = image.shape[0]
    for cell in page.cells:
        if cell.index in skip:
            continue
        grown = 2 * size if cell.index in big else size
        width = _font(grown).getlength(cell.text)
        x = (cell.x + cell.w / 2) * PX - width / 2 + rng.uniform(-3, 3)
        base = cell.y + 6 if cell.index in big else cell.baseline  # written low, and long
        y = height_px - base * PX + rng.uniform(-1.5, 1.5)
        mask = _draw(cell.text, x, y, grown, image.shape)
        masks[cell.index] = mask
        image[mask] = ink
    if page.sentence is not None:
        s = page.sentence
        y = height_px - s.baseline * PX
        mask = _draw(s.text, (s.x + 20) * PX, y, size, image.shape)
        masks[-1] = mask
        image[mask] = ink
    return Written(page, image, masks)


def photograph(
    image: np.ndarray,
    seed: int = 0,
    *,
    angle: float | None = None,
    size: tuple[int, int] = (2000, 1500),
    tilt: float = 0.08,
    cover: tuple[float, float, float, float] | None = None,
    shift: tuple[float, float] = (0.0, 0.0),
    quality: int = 80,
) -> bytes:
    """The page as a phone's JPEG (``size`` width × height px): on a grey table, turned
    by ``angle`` degrees (random if None), in perspective (``tilt``: how far each corner
    moves, a share of the page), under uneven light, blurred, noisy, compressed.
    ``cover`` (x0, y0, x1, y1, shares of the page) is a dark hand over part of it;
    ``shift`` (shares of the frame) moves the page, out of the frame if far enough."""
    rng = np.random.default_rng(seed)
    h, w = image.shape
    page = image.astype(np.float32)
    if cover is not None:
        x0, y0, x1, y1 = cover
        page[int(y0 * h) : int(y1 * h), int(x0 * w) : int(x1 * w)] = 90.0
    out_w, out_h = size
    if angle is None:
        angle = float(rng.uniform(-180, 180))
    # the page's corners: fitted into the frame turned by `angle`, then each moved a little
    c, s = np.cos(np.radians(angle)), np.sin(np.radians(angle))
    box_w, box_h = w * abs(c) + h * abs(s), w * abs(s) + h * abs(c)  # turned, at scale 1
    fit = min(0.86 * min(out_w, out_h) / max(w, h), 0.92 * min(out_w / box_w, out_h / box_h))
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32) - [w / 2, h / 2]
    turned = corners @ np.array([[c, s], [-s, c]], dtype=np.float32) * fit
    jitter = rng.uniform(-tilt, tilt, size=(4, 2)) * [w * fit, h * fit]
    centre = [out_w * (0.5 + shift[0]), out_h * (0.5 + shift[1])]
    target = (turned + jitter + centre).astype(np.float32)
    # the page's corners: pixel i covers [i, i + 1), its centre (OpenCV's i) at i + 0.5
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32) - 0.5
    matrix = cv2.getPerspectiveTransform(src, target)
    table = float(rng.uniform(60, 110))
    photo = cv2.warpPerspective(
        page, matrix, (out_w, out_h), flags=cv2.INTER_AREA, borderValue=table
    )
    # uneven light: a slope across the frame and a dimmer corner
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    gx, gy = rng.uniform(-0.35, 0.35, size=2)
    light = 1.0 + gx * (xx / out_w - 0.5) + gy * (yy / out_h - 0.5)
    cx, cy = rng.uniform(0, out_w), rng.uniform(0, out_h)
    light -= 0.25 * np.exp(-(((xx - cx) ** 2 + (yy - cy) ** 2) / (0.3 * out_w) ** 2))
    photo = photo * np.clip(light, 0.45, 1.3) * 0.92
    photo = cv2.GaussianBlur(photo, (0, 0), float(rng.uniform(0.6, 1.3)))
    photo += rng.normal(0, 4.0, size=photo.shape).astype(np.float32)
    colour = cv2.cvtColor(np.clip(photo, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)
    colour[..., 0] = np.clip(colour[..., 0].astype(np.int16) + 8, 0, 255)  # a cool cast
    ok, data = cv2.imencode(".jpg", colour, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return data.tobytes()


# -- how well a read page gives back what was written --------------------------------
NEAR = 2.5  # px at DPI: a centreline this close to the source's is on it (strokes 4 px)


def _thin(mask: np.ndarray) -> np.ndarray:
    from cardgen.layout.handtrace import thin

    return thin(mask)


def drawn_strokes(sample, cell, height: int, shape: tuple[int, ...], width: int = 1) -> np.ndarray:
    """A sample's strokes drawn ``width`` px wide on a page mask (page px at DPI)."""
    drawn = np.zeros(shape, dtype=np.uint8)
    for stroke in sample.strokes:
        pts = np.array([((cell.x + x) * PX, height - (cell.baseline + y) * PX) for x, y in stroke])
        # pixel i of the mask covers [i, i + 1): OpenCV draws round(x) at its centre
        cv2.polylines(drawn, [np.round(pts - 0.5).astype(np.int32)], False, 1, width)
    return drawn > 0


SMALL = 15  # a source skeleton of fewer pixels is a mark (. , ; ' "): one pixel is 7 %


def stroke_scores(
    read, written: Written, near: float = NEAR
) -> list[tuple[str, float, float, int]]:
    """Per sample: (text, recall, precision, the source skeleton's pixels). Recall: the
    share of the source glyph's skeleton within ``near`` px of the captured strokes (a
    lost stroke lowers it); precision: the share of the captured strokes within ``near``
    px of the source's skeleton (an invented stroke lowers it)."""
    height = written.image.shape[0]
    out = []
    for sample in read.samples:
        cell = read.page.cells[sample.cell]
        truth = written.masks[sample.cell]
        rows, cols = np.nonzero(truth)
        pad = 12
        r0, r1 = max(0, rows.min() - 3 * pad), rows.max() + 3 * pad
        c0, c1 = max(0, cols.min() - 3 * pad), cols.max() + 3 * pad
        skeleton = _thin(truth[r0:r1, c0:c1])
        drawn = drawn_strokes(sample, cell, height, truth.shape)[r0:r1, c0:c1]
        to_drawn = cv2.distanceTransform((~drawn).astype(np.uint8), cv2.DIST_L2, 5)
        to_skel = cv2.distanceTransform((~skeleton).astype(np.uint8), cv2.DIST_L2, 5)
        recall = float((to_drawn[skeleton] <= near).mean()) if skeleton.any() else 1.0
        precision = float((to_skel[drawn] <= near).mean()) if drawn.any() else 0.0
        out.append((sample.text, recall, precision, int(skeleton.sum())))
    return out
