"""The README's how-to pictures, drawn from real renders of the sample kits.

Usage: python3 diagrams.py KITS_FOLDER OUT_FOLDER (render.sh calls it).
KITS_FOLDER holds the PNG pages render.sh made: quarter.png (a quarter-fold
sheet), half.png (page 1 of a half-fold sheet), calibrate.png (the test
page), envelope.png (an envelope-size page) and envelope-letter.png (an
envelope fed on Letter, left edge first).
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = HERE.parent.parent / "fonts" / "PatrickHand-Regular.ttf"
INK = (40, 52, 90)
GREY = (150, 150, 150)
BACK = (236, 233, 224)  # the unprinted side of the paper
PAD = 18


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


def framed(im: Image.Image) -> Image.Image:
    im = im.convert("RGB")
    ImageDraw.Draw(im).rectangle([0, 0, im.width - 1, im.height - 1], outline=(120, 120, 120))
    return im


def dashed(draw: ImageDraw.ImageDraw, a, b, colour=GREY, dash=6) -> None:
    (x0, y0), (x1, y1) = a, b
    length = math.hypot(x1 - x0, y1 - y0)
    steps = int(length // dash)
    for i in range(0, steps, 2):
        t0, t1 = i / steps, min(1.0, (i + 1) / steps)
        start = (x0 + (x1 - x0) * t0, y0 + (y1 - y0) * t0)
        end = (x0 + (x1 - x0) * t1, y0 + (y1 - y0) * t1)
        draw.line([start, end], fill=colour, width=2)


def arrow(draw: ImageDraw.ImageDraw, a, b, colour=INK, width=3) -> None:
    draw.line([a, b], fill=colour, width=width)
    angle = math.atan2(b[1] - a[1], b[0] - a[0])
    for turn in (2.6, -2.6):
        tip = (b[0] + 12 * math.cos(angle + turn), b[1] + 12 * math.sin(angle + turn))
        draw.line([b, tip], fill=colour, width=width)


def strip(frames: list[tuple[Image.Image, str]], width: int = 260) -> Image.Image:
    """Frames side by side, each with its caption (lines split on '\\n') underneath."""
    caption = font(17)
    lines = max(len(text.split("\n")) for _, text in frames)
    tallest = max(im.height for im, _ in frames)
    size = (len(frames) * (width + PAD) + PAD, tallest + 2 * PAD + 22 * lines)
    out = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(out)
    for i, (im, text) in enumerate(frames):
        x = PAD + i * (width + PAD) + (width - im.width) // 2
        out.paste(im, (x, PAD + tallest - im.height))
        for j, line in enumerate(text.split("\n")):
            tw = draw.textlength(line, font=caption)
            left = PAD + i * (width + PAD) + (width - tw) / 2
            draw.text((left, tallest + PAD + 6 + 22 * j), line, font=caption, fill=INK)
    return out


def quarter(sheet: Image.Image) -> Image.Image:
    """As printed → top half behind → left half behind."""
    w, h = sheet.size
    one = framed(sheet)
    d = ImageDraw.Draw(one)
    dashed(d, (0, h // 2), (w, h // 2))
    dashed(d, (w // 2, 0), (w // 2, h))
    arrow(d, (w - 40, h // 4), (w - 40, h // 2 - 8))
    two = framed(sheet.crop((0, h // 2, w, h)))
    d = ImageDraw.Draw(two)
    dashed(d, (w // 2, 0), (w // 2, h // 2))
    arrow(d, (w // 4 - 30, h // 4), (w // 2 - 8, h // 4))
    three = framed(sheet.crop((w // 2, h // 2, w, h)))
    return strip(
        [
            (one, "1. As printed: fold the\ntop half behind"),
            (two, "2. Then fold the\nleft half behind"),
            (three, "3. The front faces you;\nthe note is inside, right"),
        ],
        width=max(one.width, 240),
    )


def duplex(page1: Image.Image) -> Image.Image:
    """Page 1 comes out edge A first; turned end over end, edge B goes in first."""
    sheet = page1.rotate(90, expand=True)  # as the sheet lies in the tray: portrait
    w, h = sheet.size
    label = font(20)

    def marked(im: Image.Image, top: str, bottom: str) -> Image.Image:
        im = framed(im)
        d = ImageDraw.Draw(im)
        for text, y in ((top, 6), (bottom, im.height - 28)):
            tw = d.textlength(text, font=label)
            d.rectangle([(w - tw) / 2 - 4, y, (w + tw) / 2 + 4, y + 22], fill="white")
            d.text(((w - tw) / 2, y), text, font=label, fill=INK)
        return im

    one = marked(sheet, "A", "B")
    d = ImageDraw.Draw(one)
    arrow(d, (w - 26, 70), (w - 26, 30))
    blank = Image.new("RGB", (w, h), BACK)
    two = marked(blank, "B", "A")
    d = ImageDraw.Draw(two)
    cx, cy = w // 2, h // 2
    d.arc([cx - 60, cy - 90, cx + 60, cy + 90], start=-80, end=80, fill=INK, width=3)
    arrow(d, (cx + 14, cy + 88), (cx - 2, cy + 89))
    three = marked(blank, "B", "A")
    d = ImageDraw.Draw(three)
    arrow(d, (w - 26, 70), (w - 26, 30))
    return strip(
        [
            (one, "1. Page 1 comes out:\nedge A first"),
            (two, "2. Turn it over end over end:\nA goes to the other end"),
            (three, "3. Edge B goes in first;\nprint page 2 on the blank side"),
        ],
        width=max(w, 250),
    )


def envelopes(own: Image.Image, on_letter: Image.Image) -> Image.Image:
    """Two feeds: the envelope's own size, top edge first; on Letter, left edge first."""
    one = framed(own)
    d = ImageDraw.Draw(one)
    arrow(d, (one.width // 2, 60), (one.width // 2, 14))
    two = framed(on_letter)
    d = ImageDraw.Draw(two)
    per_in = two.width / 8.5  # a Letter page; the sample's envelope is an A2, 5.75 × 4.375 in
    left = (two.width - 4.375 * per_in) / 2
    box = [(left, 2), (left + 4.375 * per_in, 2), (left + 4.375 * per_in, 5.75 * per_in)]
    box.append((left, 5.75 * per_in))
    for a, b in zip(box, box[1:] + box[:1], strict=True):
        dashed(d, a, b, colour=INK, dash=5)
    arrow(d, (left / 2, 80), (left / 2, 20))
    return strip(
        [
            (one, "Envelope size (the default):\ntop edge first, address up"),
            (two, "--envelope-paper letter\n--envelope-first left: centred"),
        ],
        width=max(one.width, two.width, 260),
    )


def calibration(page: Image.Image) -> Image.Image:
    """The test page with its two creases drawn in."""
    im = framed(page)
    d = ImageDraw.Draw(im)
    dashed(d, (im.width // 2, 0), (im.width // 2, im.height), colour=(200, 60, 60))
    dashed(d, (0, im.height // 2), (im.width, im.height // 2), colour=(200, 60, 60))
    caption = "Fold edge on edge twice; read\nwhere each crease crosses a scale"
    return strip([(im, caption)], width=im.width)


def main() -> None:
    kits, out = Path(sys.argv[1]), Path(sys.argv[2])
    quarter(Image.open(kits / "quarter.png")).save(out / "fold-quarter.png", optimize=True)
    duplex(Image.open(kits / "half.png")).save(out / "duplex-by-hand.png", optimize=True)
    envelopes(Image.open(kits / "envelope.png"), Image.open(kits / "envelope-letter.png")).save(
        out / "envelope-feed.png", optimize=True
    )
    calibration(Image.open(kits / "calibrate.png")).save(out / "calibrate.png", optimize=True)


if __name__ == "__main__":
    main()
