"""A specimen of the shipped single-line hands: every letter each can write, as strokes.

Draws, for each hand in ``fonts/fonts.yaml`` (section ``strokes``), every
character of ASCII, Latin-1 and Latin Extended-A it can write (the font's own
letters and the ones built from a letter and accents), as thin polylines on a
grid with the baseline, x-height and cap-height marked, and a line of text
set letter after letter as the hand would set it (no joins yet). Nothing is
bent or varied: this is the raw data the pen will follow.

    python benchmarks/stroke_specimen.py [OUT.png]   # default /tmp/stroke-specimen.png

With ``--varied`` it writes one line instead, six times in EMS Allure as the
pen will (each letter varied and joined to its neighbours:
:func:`cardgen.layout.letters.write_word`), under the font's own letters in
grey, at 300 dpi:

    python benchmarks/stroke_specimen.py --varied [OUT.png]   # /tmp/stroke-varied.png
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from cardgen.input.strokes import CURSIVE_HAND, stroke_catalogue, stroke_font
from cardgen.layout.letters import write_word
from cardgen.layout.strokes import StrokeSet

EM = 90  # pixels per em
CELL_W, CELL_H = int(1.5 * EM), int(1.6 * EM)
COLUMNS = 20
SAMPLE = ("Dvořák, Łódź, Šťastný, Ørsted, Größe,", "façade, Œuvre, Ångström, ñandú, Ćma, Żółw, ő ű")
CHARS = [chr(c) for c in (*range(0x21, 0x7F), *range(0xA1, 0x180))]


def _draw_text(draw: ImageDraw.ImageDraw, hand: StrokeSet, text: str, x: float, y: float) -> None:
    """``text`` set from (x, baseline y) in pixels, each letter's parts at their offsets."""
    for word in text.split(" "):
        glyphs, width = hand.shape(word)
        for _, g in glyphs:
            outline = hand.outline(0, g.gid)
            for a, b in outline.contours:
                pts = [(x + (px + g.x) * EM, y - (py + g.y) * EM) for px, py in outline.points[a:b]]
                draw.line(pts, fill=(0, 0, 120), width=1)
        x += (width + hand.advance(" ")) * EM


def specimen(out: Path) -> None:
    hands = [(name, StrokeSet(stroke_font(name))) for name in stroke_catalogue()]
    rows_of = {
        name: (len([c for c in CHARS if hand.face_index(c) == 0]) + COLUMNS - 1) // COLUMNS
        for name, hand in hands
    }
    height = sum(40 + rows * CELL_H + 2 * CELL_H for rows in rows_of.values())
    image = Image.new("RGB", (COLUMNS * CELL_W + 20, height), "white")
    draw = ImageDraw.Draw(image)
    top = 0
    for name, hand in hands:
        draw.text((10, top + 10), f"{name}: {rows_of[name]} rows", fill="black")
        top += 40
        chars = [c for c in CHARS if hand.face_index(c) == 0]
        for i, ch in enumerate(chars):
            cx = 10 + (i % COLUMNS) * CELL_W + int(0.3 * EM)
            base = top + (i // COLUMNS) * CELL_H + int(1.1 * EM)
            for level, colour in (
                (0.0, (200, 200, 200)),
                (hand.x_height, (230, 200, 200)),
                (hand.cap_height, (200, 230, 200)),
            ):
                y = base - level * EM
                draw.line([(cx - 20, y), (cx + CELL_W - 40, y)], fill=colour)
            draw.line([(cx, base + 10), (cx, base - EM)], fill=(220, 220, 250))
            draw.text((cx - 22, base - EM), ch, fill=(160, 0, 0))
            _draw_text(draw, hand, ch, cx, base)
        top += rows_of[name] * CELL_H
        for line, text in enumerate(SAMPLE, start=1):
            _draw_text(draw, hand, text, 20, top + line * EM)
        top += 2 * CELL_H
    image.save(out)
    print(out)


VARIED = "the minimum engagement"
DPI = 300
SIZE_PT = 30  # the writing's size: a large hand, to see the joins


def varied(out: Path, text: str = VARIED, times: int = 6, k: float = 0.75, seed: int = 1) -> None:
    """``text`` in EMS Allure: the font's letters (grey), then ``times`` written lines."""
    hand = StrokeSet(stroke_font(CURSIVE_HAND))
    rng = random.Random(seed)
    em = SIZE_PT * DPI / 72  # pixels per em
    width = sum(hand.word_width(w) + hand.advance(" ") for w in text.split(" "))
    image = Image.new(
        "RGB", (int((width + 0.6) * em), int((times + 1) * 1.5 * em + 0.6 * em)), "white"
    )
    draw = ImageDraw.Draw(image)
    for row in range(times + 1):
        x, base = 0.3 * em, (row + 1) * 1.5 * em
        draw.line([(0, base), (image.width, base)], fill=(225, 225, 235), width=1)
        colour = (150, 150, 150) if row == 0 else (20, 30, 90)
        for word in text.split(" "):
            shaped, advance = hand.shape(word)
            if row == 0:
                drawn = [hand.outline(0, g.gid).points + np.array([g.x, g.y]) for _, g in shaped]
            else:
                drawn = write_word(hand, shaped, rng, k)
            for (_, g), pts in zip(shaped, drawn, strict=True):
                for a, b in hand.outline(0, g.gid).contours:
                    line = [(x + px * em, base - py * em) for px, py in pts[a:b]]
                    draw.line(line, fill=colour, width=3, joint="curve")
            x += (advance + hand.advance(" ")) * em
    image.save(out, dpi=(DPI, DPI))
    print(out)


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--varied"]:
        varied(Path(args[1]) if len(args) > 1 else Path("/tmp/stroke-varied.png"))
    else:
        specimen(Path(args[0]) if args else Path("/tmp/stroke-specimen.png"))
