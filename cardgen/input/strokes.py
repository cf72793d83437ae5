"""Input stage: the shipped single-line font for pen plotters (Relief SingleLine).

An SVG font: each glyph is a path of open strokes in font units (y up). Its
path data is read with ``svgelements`` (part of the ``plot`` extra, with
vpype) and flattened into polylines fine enough that the hand's bending
follows them (no piece longer than :data:`STEP_EM`). Kerning pairs
(``<hkern>``) are kept. The file is read once per run.
"""

from __future__ import annotations

import html
import itertools
import math
import xml.etree.ElementTree as ET
from functools import cache

from cardgen.errors import CardgenError
from cardgen.input.files import read_limited
from cardgen.model import StrokeFont, StrokeGlyph
from cardgen.resources import fonts_dir

__all__ = ["PLOT_EXTRA", "STEP_EM", "STROKE_FONT", "stroke_font"]

STROKE_FONT = "ReliefSingleLineSVG-Regular.svg"
STROKE_LICENCE = "ReliefSingleLine-OFL.txt"
STEP_EM = 0.03  # the longest straight piece a curve is cut into (em)
MIN_STROKE_EM = 0.01  # shorter strokes are a font's cap markers, not letters: dropped
PLOT_EXTRA = "pip install 'cardgen[plot]'"
_SVG = "{http://www.w3.org/2000/svg}"


def need_plot_extra(what: str) -> CardgenError:
    """The error for a plotter feature without the ``plot`` extra installed."""
    return CardgenError(f"{what} needs the plot extra (vpype): {PLOT_EXTRA}")


def _strokes(d: str, upem: float) -> tuple[tuple[tuple[float, float], ...], ...]:
    """A glyph's path data as polylines in em."""
    try:
        from svgelements import Close, Line, Move, Path
    except ImportError:
        raise need_plot_extra("--mode plot") from None
    out: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for seg in Path(d):
        if isinstance(seg, Move):
            if len(current) > 1:
                out.append(current)
            current = [(seg.end.x, seg.end.y)]
            continue
        if isinstance(seg, Line | Close):
            if seg.end is not None:
                current.append((seg.end.x, seg.end.y))
            continue
        # Its length from eight samples (svgelements' exact length needs scipy: slow).
        probe = [seg.point(i / 8) for i in range(9)]
        length = sum(math.dist((a.x, a.y), (b.x, b.y)) for a, b in itertools.pairwise(probe))
        pieces = max(2, math.ceil(length / (STEP_EM * upem)))
        for i in range(1, pieces + 1):
            p = seg.point(i / pieces)
            current.append((p.x, p.y))
    if len(current) > 1:
        out.append(current)
    strokes = []
    for stroke in out:
        length = sum(math.dist(a, b) for a, b in itertools.pairwise(stroke))
        if length >= MIN_STROKE_EM * upem:
            strokes.append(tuple((x / upem, y / upem) for x, y in stroke))
    return tuple(strokes)


@cache
def stroke_font() -> StrokeFont:
    """The shipped single-line font, read and flattened once per run.

    Raises:
        CardgenError: the ``plot`` extra (svgelements) is not installed.
    """
    path = fonts_dir() / STROKE_FONT
    root = ET.fromstring(read_limited(path, 2_000_000, str(path)))
    font = root.find(f"{_SVG}defs/{_SVG}font")
    face = font.find(f"{_SVG}font-face") if font is not None else None
    if font is None or face is None:
        raise CardgenError(f"{path}: not an SVG font")
    upem = float(face.get("units-per-em", "1000"))
    default = float(font.get("horiz-adv-x", "500"))
    glyphs: dict[str, StrokeGlyph] = {}
    names: dict[str, str] = {}
    for g in font.iter(f"{_SVG}glyph"):
        text = html.unescape(g.get("unicode", ""))
        if len(text) != 1:
            continue  # ligatures and unnamed glyphs: letters are drawn one by one
        advance = float(g.get("horiz-adv-x", default)) / upem
        glyphs[text] = StrokeGlyph(advance, _strokes(g.get("d", ""), upem))
        names[g.get("glyph-name", "")] = text
    kerning: dict[tuple[str, str], float] = {}
    for k in font.iter(f"{_SVG}hkern"):
        firsts = [names[n] for n in k.get("g1", "").split(",") if n in names]
        firsts += [html.unescape(u) for u in k.get("u1", "").split(",") if u]
        seconds = [names[n] for n in k.get("g2", "").split(",") if n in names]
        seconds += [html.unescape(u) for u in k.get("u2", "").split(",") if u]
        value = -float(k.get("k", "0")) / upem  # SVG's k is subtracted from the advance
        for a in firsts:
            for b in seconds:
                kerning[(a, b)] = value
    return StrokeFont(
        name="relief-singleline",
        path=path,
        glyphs=glyphs,
        kerning=kerning,
        ascent=float(face.get("ascent", "800")) / upem,
        descent=float(face.get("descent", "-200")) / upem,
        x_height=float(face.get("x-height", "500")) / upem,
        cap_height=float(face.get("cap-height", "700")) / upem,
        licence=STROKE_LICENCE,
    )
