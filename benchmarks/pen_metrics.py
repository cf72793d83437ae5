"""How much does a card look written by a pen? Stroke, tone, letter and page figures.

For each card PDF (default: ``cardgen make samples/hartwell.yaml`` into a
temporary folder with the installed ``cardgen``, its three ``card.pdf``), the
page carrying the most text is rasterised with pypdfium2 at 600 dpi over the
message panel (the box of its invisible text layer, widened by a quarter
inch), and measured:

1. **stroke width** along the writing: the ink (darkness above half the ink's
   level, so an antialiased edge counts at its half-way point) is thinned to a
   one-pixel skeleton (Zhang–Suen, vectorised), and at every skeleton pixel the
   width is 2 × the distance transform (its largest value next to the pixel,
   less 0.2 px: the distance runs to a paper pixel's centre): mean (mm),
   coefficient of variation (sd/mean), and thickest/thinnest as the ratio of
   the 95th to the 5th percentile. A ballpoint is 0.3–0.5 mm with CV ≈ 0.15.
2. **ink tone**: the sd (and mean) of darkness (0 paper, 1 black) at pixels at
   least 1.5 px inside a stroke; and the fraction of crossing pixels (inside
   the ink, next to a skeleton junction) darker than single-stroke pixels by
   more than 0.05 (a pen lays ink twice where strokes cross; a filled font
   does not).
3. **letter sameness**: every lowercase ``e``, ``a``, ``t``, ``o`` is found by
   the text layer (the characters' origins on their run's baseline; the run is
   stretched to the line, so each word's characters are carried over to the
   word's ink, re-centred on the ink of the advance, then moved to where they
   best match the mean of the letter's occurrences), cropped one em square,
   brought to 300 dpi and blurred by a 2 px Gaussian; the pair is compared
   under a Gaussian window on the letter's body (sd 0.3 × its advance across,
   0.15 em up and down), so the neighbours and joins, which differ from one
   occurrence to the next, weigh little;
   and every pair of the same letter on a card is aligned by the affine warp
   that maximises their normalised cross-correlation (a pattern search over
   the six parameters, scale and shear within ±25 %); the figure is the mean
   of 1 − NCC (0: stamped copies), and in the JSON its median (an occurrence
   the text layer places badly adds a few large differences to the mean). At
   most 10 occurrences of a letter per card.
4. **page**: the baseline of each line (the text runs: origin and slope, in mm
   from the panel's top); the line pitch's CV (gaps between consecutive
   baselines, paragraph breaks — gaps beyond 1.4 × the median — left out);
   the tilt's sd across lines (degrees), from the ink (each word's base is the
   median of its columns' lowest ink near the baseline; a line is fitted
   through the bases of a line's words) and, for comparison, from the runs'
   slopes; the left edge's straightness: sd of the leftmost ink of the lines
   that start at the margin (mm).

Overall figures pool the width and tone samples and the letter pairs of all
cards; the page figures are the cards' mean.

Only numpy and Pillow (through pypdfium2) are used: the distance transform
is an exact Euclidean one written with numpy (column scans, then a bounded
row minimum), so scipy is not needed.

Usage::

    python benchmarks/pen_metrics.py                    # the sample kit, today's hand
    python benchmarks/pen_metrics.py --font dancing-script
    python benchmarks/pen_metrics.py --pdf kit/*/card.pdf --json
    python benchmarks/pen_metrics.py --self-test

Measured on 2026-12-07, main at 9ffbf5a (Dancing Script, samples/hartwell.yaml,
seed 0), overall::

    width 0.304 mm, CV 0.348, p95/p5 3.13 (151 423 samples)
    tone sd 0.018 (mean darkness 0.80), crossings darker 0 (77 838 pixels)
    1 - NCC (135 pairs each): e 0.0122, a 0.0154, t 0.0085, o 0.0276
                     medians: e 0.0053, a 0.0074, t 0.0028, o 0.0058
    pitch CV 0.040, tilt sd 0.30° from the ink (0.24° from the runs),
    left edge sd 0.46 mm

and with ``--font caveat`` (a print hand of even strokes), for comparison:
width 0.399 mm, CV 0.198, p95/p5 1.91; tone sd 0.019, crossings darker 0;
1 - NCC e 0.0084, a 0.0079, t 0.0077, o 0.0114; pitch CV 0.040, tilt sd 0.31°
(runs 0.21°), left edge sd 0.54 mm. A mean of 1 − NCC well above its median
comes from a few pairs (an occurrence placed on its neighbour, or an
alignment stuck short of the best): compare both.

The figures quoted before this benchmark (width 0.25 mm, CV 0.42, ratio 3.0)
took 2 × (d − ½ px) at the skeleton pixel itself, which reads a stroke about
0.7 px thin (a skeleton pixel off the middle of an even width; a paper
pixel's centre is nearer the edge than half a pixel for slanted edges); the
self-test's lines of known width show the difference.
"""

from __future__ import annotations

import argparse
import ctypes
import itertools
import json
import math
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DPI = 600
MM = 25.4 / DPI  # one pixel at 600 dpi, in mm
LETTERS = ("e", "a", "t", "o")
MAX_OCCURRENCES = 10
EDT_RADIUS = 40  # px: the distance transform is exact up to this (1.7 mm)


# ---------------------------------------------------------------- image tools


def distance_to_paper(ink: np.ndarray, radius: int = EDT_RADIUS) -> np.ndarray:
    """Euclidean distance (px) from each ink pixel to the nearest paper pixel's
    centre (0 on paper); exact up to ``radius``, capped there."""
    h, w = ink.shape
    big = radius + 1
    rows = np.arange(h)[:, None]
    # vertical distance to the nearest paper pixel in the same column
    above = np.where(~ink, rows, -big * 4)
    above = np.maximum.accumulate(above, axis=0)
    below = np.where(~ink, rows, h + big * 4)
    below = np.minimum.accumulate(below[::-1], axis=0)[::-1]
    vert = np.minimum(rows - above, below - rows).astype(np.float64)
    vert = np.minimum(vert, big)
    g2 = vert**2
    best = g2.copy()
    pad = np.pad(g2, ((0, 0), (radius, radius)), constant_values=0.0)  # outside is paper
    for dx in range(-radius, radius + 1):
        if dx == 0:
            continue
        shifted = pad[:, radius + dx : radius + dx + w]
        np.minimum(best, shifted + dx * dx, out=best)
    return np.sqrt(best) * ink


def zhang_suen(ink: np.ndarray) -> np.ndarray:
    """The one-pixel skeleton of a boolean image (Zhang & Suen 1984), vectorised."""
    img = np.pad(ink.astype(np.uint8), 1)
    while True:
        changed = False
        for step in (0, 1):
            p = img
            p2, p3, p4 = p[:-2, 1:-1], p[:-2, 2:], p[1:-1, 2:]
            p5, p6, p7 = p[2:, 2:], p[2:, 1:-1], p[2:, :-2]
            p8, p9 = p[1:-1, :-2], p[:-2, :-2]
            ring = (p2, p3, p4, p5, p6, p7, p8, p9, p2)
            b = p2 + p3 + p4 + p5 + p6 + p7 + p8 + p9
            a = sum(((ring[i] == 0) & (ring[i + 1] == 1)).astype(np.uint8) for i in range(8))
            if step == 0:
                c1, c2 = p2 * p4 * p6, p4 * p6 * p8
            else:
                c1, c2 = p2 * p4 * p8, p2 * p6 * p8
            kill = (p[1:-1, 1:-1] == 1) & (b >= 2) & (b <= 6) & (a == 1) & (c1 == 0) & (c2 == 0)
            if kill.any():
                img[1:-1, 1:-1][kill] = 0
                changed = True
        if not changed:
            return img[1:-1, 1:-1].astype(bool)


def dilate(mask: np.ndarray, r: int) -> np.ndarray:
    out = mask.copy()
    p = np.pad(mask, r)
    h, w = mask.shape
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            out |= p[r + dy : r + dy + h, r + dx : r + dx + w]
    return out


def gaussian_blur(img: np.ndarray, sigma: float) -> np.ndarray:
    r = max(1, math.ceil(3 * sigma))
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma) ** 2)
    k /= k.sum()
    out = np.apply_along_axis(lambda v: np.convolve(v, k, mode="same"), 0, img)
    return np.apply_along_axis(lambda v: np.convolve(v, k, mode="same"), 1, out)


def ink_threshold(dark: np.ndarray) -> float:
    """Half the ink's level: the 75th percentile of the clearly inked pixels."""
    inked = dark[dark > 0.08]
    if inked.size == 0:
        return 0.5
    return 0.5 * float(np.percentile(inked, 75))


def warp(img: np.ndarray, params: np.ndarray) -> np.ndarray:
    """``img`` sampled at ``c + M (x - c) + t`` (bilinear, 0 outside);
    params = (m00 - 1, m01, m10, m11 - 1, tx, ty) in (x, y) pixel order."""
    h, w = img.shape
    cy, cx = (h - 1) / 2, (w - 1) / 2
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    dx, dy = xs - cx, ys - cy
    a, b, c, d, tx, ty = params
    sx = cx + (1 + a) * dx + b * dy + tx
    sy = cy + c * dx + (1 + d) * dy + ty
    x0, y0 = np.floor(sx).astype(int), np.floor(sy).astype(int)
    fx, fy = sx - x0, sy - y0
    pad = np.pad(img, 1)

    def at(yy: np.ndarray, xx: np.ndarray) -> np.ndarray:
        return pad[np.clip(yy + 1, 0, h + 1), np.clip(xx + 1, 0, w + 1)]

    out = (
        at(y0, x0) * (1 - fx) * (1 - fy)
        + at(y0, x0 + 1) * fx * (1 - fy)
        + at(y0 + 1, x0) * (1 - fx) * fy
        + at(y0 + 1, x0 + 1) * fx * fy
    )
    outside = (sx < -1) | (sx > w) | (sy < -1) | (sy > h)
    out[outside] = 0.0
    return out


def ncc(a: np.ndarray, b: np.ndarray) -> float:
    a = a - a.mean()
    b = b - b.mean()
    den = math.sqrt(float((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / den) if den > 0 else 0.0


def best_alignment(a: np.ndarray, b: np.ndarray, window: np.ndarray) -> float:
    """The highest NCC of ``window·a`` and ``window·warp(b)`` over affine warps
    (translation first from the centroids, then a pattern search)."""
    target = a * window

    def score(p: np.ndarray) -> float:
        return ncc(target, warp(b, p) * window)

    def centroid(img: np.ndarray) -> tuple[float, float]:
        total = img.sum()
        if total <= 0:
            return 0.0, 0.0
        ys, xs = np.mgrid[0 : img.shape[0], 0 : img.shape[1]]
        return float((xs * img).sum() / total), float((ys * img).sum() / total)

    (ax, ay), (bx, by) = centroid(target), centroid(b * window)
    p = np.array([0.0, 0.0, 0.0, 0.0, bx - ax, by - ay])
    best = score(p)
    steps = np.array([0.06, 0.06, 0.06, 0.06, 2.0, 2.0])
    limit = np.array([0.25, 0.25, 0.25, 0.25, 20.0, 20.0])
    for _ in range(5):
        improved = True
        while improved:
            improved = False
            for i in range(6):
                for sign in (1.0, -1.0):
                    q = p.copy()
                    q[i] = float(np.clip(q[i] + sign * steps[i], -limit[i], limit[i]))
                    s = score(q)
                    if s > best + 1e-7:
                        p, best, improved = q, s, True
        steps = steps / 2
    return best


# ---------------------------------------------------------------- the PDF


@dataclass
class Char:
    text: str
    x: float  # origin on the baseline, PDF pt
    y: float
    advance: float  # pt along the baseline
    size: float
    run: int


@dataclass
class Run:
    x: float
    y: float
    angle: float  # degrees, counter-clockwise
    size: float
    chars: list[Char]


@dataclass
class Panel:
    dark: np.ndarray  # darkness 0..1, 600 dpi
    left: float  # pt, PDF coordinates of the raster's top-left corner
    top: float
    runs: list[Run]

    def px(self, x: float, y: float) -> tuple[float, float]:
        k = DPI / 72
        return (x - self.left) * k, (self.top - y) * k


def read_panel(path: Path) -> Panel:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(str(path))
    best, best_n = None, -1
    for index in range(len(doc)):
        n = doc[index].get_textpage().count_chars()
        if n > best_n:
            best, best_n = index, n
    assert best is not None
    page = doc[best]
    tp = page.get_textpage()
    runs: list[Run] = []
    keys: dict[tuple[float, float], int] = {}
    for i in range(tp.count_chars()):
        if raw.FPDFText_IsGenerated(tp.raw, i):
            continue
        code = raw.FPDFText_GetUnicode(tp.raw, i)
        m = raw.FS_MATRIX()
        raw.FPDFText_GetMatrix(tp.raw, i, ctypes.byref(m))
        x, y = ctypes.c_double(), ctypes.c_double()
        raw.FPDFText_GetCharOrigin(tp.raw, i, ctypes.byref(x), ctypes.byref(y))
        left, _bottom, right, _top = tp.get_charbox(i)
        size = raw.FPDFText_GetFontSize(tp.raw, i)
        key = (round(m.e, 2), round(m.f, 2))
        if key not in keys:
            keys[key] = len(runs)
            angle = math.degrees(math.atan2(m.b, m.a))
            runs.append(Run(m.e, m.f, angle, size, []))
        run = runs[keys[key]]
        cos = math.cos(math.radians(run.angle))
        run.chars.append(Char(chr(code), x.value, y.value, (right - left) / cos, size, keys[key]))
    if not runs:
        raise SystemExit(f"pen_metrics: {path}: no text layer to find the writing by")
    # the panel: the text's box, widened (a quarter inch, and an em for ascenders)
    xs = [c.x for r in runs for c in r.chars] + [c.x + c.advance for r in runs for c in r.chars]
    ys = [c.y for r in runs for c in r.chars]
    em = max(r.size for r in runs)
    width, height = page.get_size()
    left = max(0.0, min(xs) - 18)
    right = min(width, max(xs) + 18)
    bottom = max(0.0, min(ys) - 18 - 0.5 * em)
    top = min(height, max(ys) + 18 + em)
    bitmap = page.render(scale=DPI / 72, crop=(left, bottom, width - right, height - top))
    grey = np.asarray(bitmap.to_pil().convert("L"), dtype=np.float64)
    paper = float(np.median(grey))
    dark = np.clip((paper - grey) / max(paper, 1.0), 0.0, 1.0)
    return Panel(dark, left, top, runs)


# ---------------------------------------------------------------- the measures


def stroke_measures(dark: np.ndarray) -> dict[str, Any]:
    ink = dark > ink_threshold(dark)
    dist = distance_to_paper(ink)
    skeleton = zhang_suen(ink)
    # the stroke's half width is the distance on its ridge: a skeleton pixel may
    # sit half a pixel off the middle (an even width), so take the largest
    # distance next to it; that distance runs to a paper pixel's centre, past
    # the edge by 0.2 px on average over all directions (the lattice), hence
    # 2 × (d − 0.2); the self-test checks it on strokes 4 to 14 px wide
    p = np.pad(dist, 1)
    h, w = dist.shape
    ridge = np.max(
        [p[1 + dy : 1 + dy + h, 1 + dx : 1 + dx + w] for dy in (-1, 0, 1) for dx in (-1, 0, 1)],
        axis=0,
    )
    widths = (2 * (ridge[skeleton] - 0.2)) * MM
    widths = widths[widths > 0]
    interior = dist >= 2.0  # 1.5 px from the edge: the pixel's centre is 2 px from paper
    # crossings: skeleton pixels where three or more branches meet, and the ink
    # around them; single strokes: interior ink well away from any junction
    p = np.pad(skeleton.astype(np.uint8), 1)
    h, w = skeleton.shape
    ring = [p[0:h, 1 : w + 1], p[0:h, 2:], p[1 : h + 1, 2:], p[2:, 2:]]
    ring += [p[2:, 1 : w + 1], p[2:, 0:w], p[1 : h + 1, 0:w], p[0:h, 0:w]]
    ring.append(ring[0])
    transitions = sum(((ring[i] == 0) & (ring[i + 1] == 1)).astype(np.uint8) for i in range(8))
    junction = skeleton & (transitions >= 3)
    near = dilate(junction, 3)
    far = ~dilate(junction, 12)
    crossing = near & interior
    single = far & interior
    tone = dark[interior]
    single_level = float(np.median(dark[single])) if single.any() else float("nan")
    darker = dark[crossing] > single_level + 0.05
    return {
        "width_samples": widths,
        "tone_samples": tone,
        "crossing_darker": int(darker.sum()),
        "crossing_pixels": int(crossing.sum()),
    }


def summarise_strokes(widths: np.ndarray, tone: np.ndarray, darker: int, crossing: int) -> dict:
    mean = float(widths.mean()) if widths.size else float("nan")
    p5, p95 = np.percentile(widths, [5, 95]) if widths.size else (float("nan"),) * 2
    return {
        "width_mean_mm": round(mean, 4),
        "width_cv": round(float(widths.std() / mean), 4) if widths.size else None,
        "width_p95_p5": round(float(p95 / p5), 3) if widths.size and p5 > 0 else None,
        "width_samples": int(widths.size),
        "tone_sd": round(float(tone.std()), 4) if tone.size else None,
        "tone_mean": round(float(tone.mean()), 4) if tone.size else None,
        "crossing_darker_fraction": round(darker / crossing, 4) if crossing else None,
        "crossing_pixels": crossing,
    }


def words_of(run: Run) -> list[list[Char]]:
    words: list[list[Char]] = [[]]
    for c in run.chars:
        if c.text.isspace():
            words.append([])
        else:
            words[-1].append(c)
    return [w for w in words if w]


def letter_places(
    panel: Panel, ink: np.ndarray, letter: str
) -> list[tuple[float, float, float, float]]:
    """(x, y, advance, em) in pixels of each ``letter``: its place in its word's
    text, carried over to the word's ink (the text run is stretched to the line,
    not to each word), half an x-height above the baseline."""
    k = DPI / 72
    _h, w = ink.shape
    places = []
    for run in panel.runs:
        slope = math.tan(-math.radians(run.angle))
        for word in words_of(run):
            if not any(c.text == letter for c in word):
                continue
            em = word[0].size * k
            x_start, base = panel.px(word[0].x, word[0].y)
            x_end = panel.px(word[-1].x + word[-1].advance, word[-1].y)[0]
            lo_col, hi_col = max(0, int(x_start - 0.6 * em)), min(w, int(x_end + 0.6 * em))
            cols = np.arange(lo_col, hi_col)
            band = np.zeros(cols.size, dtype=bool)
            for i, col in enumerate(cols):
                b = base + (col - x_start) * slope
                band[i] = ink[max(0, int(b - 0.5 * em)) : max(0, int(b + 0.02 * em)), col].any()
            # ink segments split by gaps of 0.06 em (a word space is wider): the word is the
            # segments whose middles fall within its text span
            inked = cols[band]
            if inked.size == 0:
                continue
            breaks = np.nonzero(np.diff(inked) > 0.06 * em)[0]
            segments = np.split(inked, breaks + 1)
            mine = [
                s
                for s in segments
                if x_start - 0.15 * em <= (s[0] + s[-1]) / 2 <= x_end + 0.15 * em
            ]
            if not mine:
                continue
            ink_lo, ink_hi = float(mine[0][0]), float(mine[-1][-1])
            stretch = (ink_hi - ink_lo) / max(x_end - x_start, 1.0)
            for c in word:
                if c.text != letter:
                    continue
                mid = panel.px(c.x + 0.5 * c.advance, c.y)[0]
                x = ink_lo + (mid - x_start) * stretch
                y = base + (x - x_start) * slope - 0.2 * em
                places.append((x, y, c.advance * k * stretch, em))
    return places


def letter_crops(panel: Panel, letter: str) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """One em square crops (300 dpi, blurred) of each occurrence, and the
    window on its body.

    Each occurrence is first centred on the ink of its advance (the text
    layer's place), then, twice, moved to where it best matches the mean of
    all the occurrences (within ±0.2 em): a letter the text layer places on a
    neighbour is pulled back onto the letter the others agree on."""
    ink = panel.dark > ink_threshold(panel.dark)
    places = letter_places(panel, ink, letter)[:MAX_OCCURRENCES]
    if len(places) < 2:
        return [], []
    em = places[0][3]
    n = round(0.5 * em)  # the crop's side at 300 dpi: one em
    reach = round(0.2 * em / 2)  # how far the matching may move it, at 300 dpi
    bigs, advs = [], []
    for cx, cy, adv, _em in places:
        for _ in range(2):  # re-centre on the ink within the letter's advance
            x0, y0 = round(cx) - n, round(cy) - n
            box = _cut(panel.dark, x0, y0, 2 * n)
            xs = np.arange(2 * n) - n
            across = (np.abs(xs) <= 0.5 * adv)[None, :]
            weight = across * np.exp(-0.5 * (xs / (0.3 * em)) ** 2)[:, None]
            total = (box * weight).sum()
            if total > 0:
                cx = x0 + n + float((box * weight * xs[None, :]).sum() / total)
                cy = y0 + n + float((box * weight * xs[:, None]).sum() / total)
        side = n + 2 * reach
        box = _cut(panel.dark, round(cx) - side, round(cy) - side, 2 * side)
        small = box.reshape(side, 2, side, 2).mean(axis=(1, 3))
        bigs.append(gaussian_blur(small, 2.0))
        advs.append(adv)
    grid = np.arange(n) - (n - 1) / 2

    def window(adv: float) -> np.ndarray:
        # a Gaussian over the letter's body: its neighbours and the joins to
        # them differ from one occurrence to the next, the letter should not
        gx = np.exp(-0.5 * (grid / (0.3 * adv / 2)) ** 2)
        gy = np.exp(-0.5 * (grid / (0.15 * em / 2)) ** 2)
        return gy[:, None] * gx[None, :]

    shifts = [(reach, reach)] * len(bigs)
    common = window(float(np.median(advs)))
    for _ in range(2):
        template = np.mean(
            [b[y : y + n, x : x + n] for b, (y, x) in zip(bigs, shifts, strict=True)], axis=0
        )
        template = template * common
        template = (template - template.mean()) * common
        moved = []
        for big in bigs:
            views = np.lib.stride_tricks.sliding_window_view(big, (n, n))
            score = np.einsum("ijkl,kl->ij", views, template)
            y, x = np.unravel_index(int(np.argmax(score)), score.shape)
            moved.append((int(y), int(x)))
        shifts = moved
    crops = [b[y : y + n, x : x + n] for b, (y, x) in zip(bigs, shifts, strict=True)]
    return crops, [window(adv) for adv in advs]


def _cut(img: np.ndarray, x0: int, y0: int, size: int) -> np.ndarray:
    out = np.zeros((size, size))
    h, w = img.shape
    ya, yb, xa, xb = max(0, y0), min(h, y0 + size), max(0, x0), min(w, x0 + size)
    if ya < yb and xa < xb:
        out[ya - y0 : yb - y0, xa - x0 : xb - x0] = img[ya:yb, xa:xb]
    return out


def letter_sameness(panel: Panel) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for letter in LETTERS:
        crops, windows = letter_crops(panel, letter)
        diffs = []
        for i, j in itertools.combinations(range(len(crops)), 2):
            a, b = crops[i], crops[j]
            n = min(a.shape[0], b.shape[0])
            a, b, wnd = a[:n, :n], b[:n, :n], windows[i][:n, :n]
            diffs.append(1 - best_alignment(a, b, wnd))
        out[letter] = diffs
    return out


def page_measures(panel: Panel) -> dict[str, Any]:
    k = DPI / 72
    runs = [r for r in panel.runs if any(c.text.strip() for c in r.chars)]
    runs.sort(key=lambda r: -r.y)
    baselines = [round((panel.top - r.y) * 25.4 / 72, 2) for r in runs]
    gaps = np.diff([panel.top - r.y for r in runs])
    gaps = gaps[gaps > 0]
    pitch_cv = None
    if gaps.size >= 2:
        med = float(np.median(gaps))
        body = gaps[(gaps > 0.6 * med) & (gaps < 1.4 * med)]
        if body.size >= 2:
            pitch_cv = float(body.std() / body.mean())
    tilts = []
    lefts = []
    starts = [r.chars[0].x for r in runs]
    margin = min(starts) if starts else 0.0
    h, w = panel.dark.shape
    ink = panel.dark > ink_threshold(panel.dark)
    for run in runs:
        em = run.size * k
        cos, sin = math.cos(math.radians(run.angle)), math.sin(math.radians(run.angle))
        words: list[list[Char]] = [[]]
        for c in run.chars:
            if c.text.isspace():
                words.append([])
            else:
                words[-1].append(c)
        bases = []
        for word in words:
            if not any(c.text.isalnum() for c in word):
                continue
            ax, ay = panel.px(word[0].x, word[0].y)
            end = word[-1].x + word[-1].advance * cos
            bx, _by = panel.px(end, word[-1].y + word[-1].advance * sin)
            lows = []
            for col in range(max(0, int(ax)), min(w, int(bx))):
                base_y = ay + (col - ax) * math.tan(-math.radians(run.angle))
                lo, hi = int(base_y - 0.6 * em), int(base_y + 0.15 * em)
                seg = ink[max(0, lo) : min(h, hi), col]
                hits = np.nonzero(seg)[0]
                if hits.size:
                    lows.append((col, max(0, lo) + hits[-1]))
            if len(lows) >= 5:
                arr = np.array(lows, dtype=float)
                bases.append((float(arr[:, 0].mean()), float(np.median(arr[:, 1]))))
        if len(bases) >= 3:
            xs, ys = np.array(bases).T
            slope = np.polyfit(xs, ys, 1)[0]
            tilts.append(math.degrees(math.atan(-slope)))
        if run.chars[0].x - margin < run.size:
            ax, ay = panel.px(run.chars[0].x, run.chars[0].y)
            lo, hi = max(0, int(ay - 0.6 * em)), min(h, int(ay + 0.1 * em))
            xa, xb = max(0, int(ax - 0.5 * em)), min(w, int(ax + 1.5 * em))
            cols = np.nonzero(ink[lo:hi, xa:xb].any(axis=0))[0]
            if cols.size:
                lefts.append((xa + cols[0]) * MM)
    angles = [r.angle for r in runs if len(r.chars) > 3]
    return {
        "lines": len(runs),
        "baselines_mm": baselines,
        "pitch_cv": round(pitch_cv, 4) if pitch_cv is not None else None,
        "tilt_sd_deg": round(float(np.std(tilts)), 3) if len(tilts) >= 2 else None,
        "run_tilt_sd_deg": round(float(np.std(angles)), 3) if len(angles) >= 2 else None,
        "left_edge_sd_mm": round(float(np.std(lefts)), 3) if len(lefts) >= 2 else None,
    }


def measure(paths: list[Path]) -> dict[str, Any]:
    cards = []
    widths, tones, darker, crossing = [], [], 0, 0
    pairs: dict[str, list[float]] = {letter: [] for letter in LETTERS}
    for path in paths:
        panel = read_panel(path)
        strokes = stroke_measures(panel.dark)
        letters = letter_sameness(panel)
        card: dict[str, Any] = {"pdf": str(path)}
        card.update(
            summarise_strokes(
                strokes["width_samples"],  # type: ignore[arg-type]
                strokes["tone_samples"],  # type: ignore[arg-type]
                strokes["crossing_darker"],  # type: ignore[arg-type]
                strokes["crossing_pixels"],  # type: ignore[arg-type]
            )
        )
        for letter, diffs in letters.items():
            card[f"sameness_{letter}"] = round(float(np.mean(diffs)), 5) if diffs else None
            card[f"pairs_{letter}"] = len(diffs)
            card[f"sameness_{letter}_median"] = round(float(np.median(diffs)), 5) if diffs else None
            pairs[letter] += diffs
        card.update(page_measures(panel))
        cards.append(card)
        widths.append(strokes["width_samples"])
        tones.append(strokes["tone_samples"])
        darker += strokes["crossing_darker"]  # type: ignore[operator]
        crossing += strokes["crossing_pixels"]  # type: ignore[operator]
    overall: dict[str, Any] = summarise_strokes(
        np.concatenate(widths), np.concatenate(tones), darker, crossing
    )
    for letter in LETTERS:
        overall[f"sameness_{letter}"] = (
            round(float(np.mean(pairs[letter])), 5) if pairs[letter] else None
        )
        overall[f"pairs_{letter}"] = len(pairs[letter])
        overall[f"sameness_{letter}_median"] = (
            round(float(np.median(pairs[letter])), 5) if pairs[letter] else None
        )
    for key in ("pitch_cv", "tilt_sd_deg", "run_tilt_sd_deg", "left_edge_sd_mm"):
        values = [c[key] for c in cards if c[key] is not None]
        overall[key] = round(float(np.mean(values)), 4) if values else None
    return {"cards": cards, "overall": overall}


# ---------------------------------------------------------------- output

COLUMNS = (
    ("width_mean_mm", "width mm"),
    ("width_cv", "width CV"),
    ("width_p95_p5", "p95/p5"),
    ("tone_sd", "tone sd"),
    ("crossing_darker_fraction", "cross darker"),
    *((f"sameness_{letter}", f"1-NCC {letter}") for letter in LETTERS),
    ("pitch_cv", "pitch CV"),
    ("tilt_sd_deg", "tilt sd°"),
    ("run_tilt_sd_deg", "run tilt sd°"),
    ("left_edge_sd_mm", "left sd mm"),
)


def table(result: dict) -> str:
    rows = [(Path(c["pdf"]).parent.name or c["pdf"], c) for c in result["cards"]]
    rows.append(("overall", result["overall"]))
    name_w = max(len(n) for n, _ in rows)
    lines = []
    for key, label in COLUMNS:
        cells = []
        for _name, row in rows:
            value = row.get(key)
            cells.append("—" if value is None else f"{value:g}")
        lines.append((label, cells))
    label_w = max(len(label) for label, _ in lines)
    out = [" " * label_w + "  " + "  ".join(f"{n[:24]:>{min(name_w, 24)}}" for n, _ in rows)]
    for label, cells in lines:
        out.append(f"{label:<{label_w}}  " + "  ".join(f"{c:>{min(name_w, 24)}}" for c in cells))
    return "\n".join(out)


def make_cards(folder: Path, font: str | None, seed: int) -> list[Path]:
    exe = shutil.which("cardgen") or str(Path(sys.executable).with_name("cardgen"))
    cmd = [exe, "make", str(ROOT / "samples" / "hartwell.yaml"), "--out", str(folder / "kit")]
    cmd += ["--seed", str(seed)]
    if font:
        cmd += ["--font", font]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"pen_metrics: cardgen make failed:\n{done.stderr}")
    pdfs = sorted((folder / "kit").glob("*/card.pdf"))
    if not pdfs:
        raise SystemExit(f"pen_metrics: cardgen make wrote no card:\n{done.stderr}")
    return pdfs


# ---------------------------------------------------------------- self-test


def _synthetic_line(width_px: float, size: int = 400) -> np.ndarray:
    """Darkness of an antialiased slanted line and an arc, ``width_px`` wide."""
    ys, xs = np.mgrid[0:size, 0:size].astype(np.float64)
    # a line from (60, 300) to (340, 80) and a circle of radius 90 about (200, 210)
    ax, ay, bx, by = 60.0, 300.0, 340.0, 80.0
    t = np.clip(
        ((xs - ax) * (bx - ax) + (ys - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2), 0, 1
    )
    d_line = np.hypot(xs - (ax + t * (bx - ax)), ys - (ay + t * (by - ay)))
    d_arc = np.abs(np.hypot(xs - 120, ys - 110) - 50)
    d = np.minimum(d_line, d_arc)
    return np.clip(width_px / 2 + 0.5 - d, 0, 1) * 0.85


def self_test() -> int:
    failures = []
    # the distance transform against brute force
    rng = np.random.default_rng(1)
    blob = rng.random((40, 50)) < 0.8
    exact = distance_to_paper(blob)
    paper = np.argwhere(~blob)
    for y, x in itertools.islice(np.argwhere(blob), 0, None, 37):
        brute = np.sqrt(((paper - (y, x)) ** 2).sum(axis=1)).min()
        if abs(brute - exact[y, x]) > 1e-9:
            failures.append(f"distance at {(y, x)}: {exact[y, x]} != {brute}")
            break
    # the skeleton is one pixel thin: no 2x2 block of skeleton pixels
    skel = zhang_suen(_synthetic_line(10) > 0.4)
    blocks = skel[:-1, :-1] & skel[1:, :-1] & skel[:-1, 1:] & skel[1:, 1:]
    if blocks.any():
        failures.append("skeleton has 2x2 blocks")
    # the width of lines of known width, within 10 %
    for width_px in (4.0, 6.0, 9.0, 14.0):
        got = summarise_strokes(
            stroke_measures(_synthetic_line(width_px))["width_samples"], np.zeros(1), 0, 0
        )
        want = width_px * MM
        mean = got["width_mean_mm"]
        status = "ok" if abs(mean - want) <= 0.1 * want else "FAIL"
        print(f"width {want:.3f} mm: measured {mean:.3f} mm, CV {got['width_cv']}  {status}")
        if status != "ok":
            failures.append(f"width {want:.3f} mm measured {mean:.3f}")
    # the alignment undoes a small affine warp: 1 - NCC near 0, and a different shape is far
    ys, xs = np.mgrid[0:120, 0:120].astype(np.float64)
    loop = np.abs(np.hypot(xs - 60, ys - 62) - 24)
    bar = np.where(np.abs(xs - 60) < 24, np.abs(ys - 58), 99.0)
    shape = gaussian_blur(np.clip(3.5 - np.minimum(loop, bar), 0, 1), 2.0)
    window = np.ones_like(shape)
    warped = warp(shape, np.array([0.06, 0.08, -0.04, -0.05, 3.0, -2.0]))
    same = 1 - best_alignment(shape, warped, window)
    other = 1 - best_alignment(shape, np.rot90(shape).copy(), window)
    print(f"alignment: warped copy 1-NCC {same:.4f}, a different shape {other:.4f}")
    if not same < 0.005 < 0.05 < other:
        failures.append(f"alignment: copy {same:.4f}, other {other:.4f}")
    # ink laid with alpha (a pen's pieces): the crossings are darker; a filled shape's are not
    a_cov = np.clip(3.5 - np.abs(xs - 60), 0, 1)
    b_cov = np.clip(3.5 - np.abs(ys - xs * 0.5 - 30), 0, 1)
    layered = 1 - (1 - 0.6 * a_cov) * (1 - 0.6 * b_cov)
    filled = 0.6 * np.maximum(a_cov, b_cov)
    for name, img, want in (("alpha", layered, True), ("filled", filled, False)):
        got = stroke_measures(img)
        frac = got["crossing_darker"] / max(got["crossing_pixels"], 1)  # type: ignore[operator]
        ok = (frac > 0.3) if want else (frac == 0)
        print(f"crossings of {name} ink: {frac:.2f} darker  {'ok' if ok else 'FAIL'}")
        if not ok:
            failures.append(f"crossings of {name} ink: {frac:.2f} darker")
    for f in failures:
        print("FAIL:", f)
    print("self-test", "failed" if failures else "passed")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pdf", nargs="+", type=Path, help="card PDFs to measure")
    parser.add_argument("--font", help="the hand passed to cardgen make (without --pdf)")
    parser.add_argument("--seed", type=int, default=0, help="the seed passed to cardgen make")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--self-test", action="store_true", help="check the measures on synthetic ink"
    )
    args = parser.parse_args(argv)
    if args.self_test:
        return self_test()
    if args.pdf:
        for path in args.pdf:
            if not path.is_file():
                print(f"pen_metrics: {path}: no such file", file=sys.stderr)
                return 2
        result = measure(args.pdf)
    else:
        with tempfile.TemporaryDirectory(prefix="pen-metrics-") as tmp:
            result = measure(make_cards(Path(tmp), args.font, args.seed))
            for card in result["cards"]:
                card["pdf"] = str(Path(card["pdf"]).relative_to(tmp))
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
