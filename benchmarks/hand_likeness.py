"""Is a captured hand closer to its writer than to any shipped hand? Words, aligned.

The writer is Comic Neue (``tests/handphoto.py`` fills the template with it);
the hand is captured from two photos of the filled template (``cardgen hand
add``'s reading: :func:`cardgen.layout.handcapture.capture` and
:func:`~cardgen.layout.handcapture.build_hand`). Words a card repeats ("the",
"and", "your", "with", "you", "for") are written with the captured hand as a
card writes them (:class:`cardgen.layout.strokes.StrokeSet` shapes them,
:func:`cardgen.layout.letters.write_word` varies each letter, one draw per
occurrence), and set in Comic Neue and in every shipped hand: the TrueType
hands of ``fonts/`` (through Pillow) and the pen hands ems-allure and
relief-singleline (written as a card writes them, like the captured hand).

Each word is cropped to its ink and scaled to the same height, blurred by a
2 px Gaussian (as ``benchmarks/pen_metrics.py`` does for letters), aligned to
the captured word by the best affine transform (``cv2.findTransformECC``,
``MOTION_AFFINE``, from the ink boxes' fit), and compared: 1 − NCC (0: the
same picture). A hand is "closer" when its mean 1 − NCC over the words and
occurrences is lower.

    python benchmarks/hand_likeness.py              # the table
    python benchmarks/hand_likeness.py --times 1    # one occurrence of each word

Measured on 2026-12-07 (3 occurrences of each word): comic-neue 0.149;
patrick-hand 0.180, relief-singleline 0.221, itim 0.262, kalam-light 0.268,
dancing-script 0.356, caveat 0.361, ems-allure 0.414. With the tracer that
lost short strokes (an x's arm, a t's bar): comic-neue 0.222, patrick-hand
0.260, relief-singleline 0.273.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

WORDS = ("the", "and", "your", "with", "you", "for")
PENS = ("ems-allure", "relief-singleline")
HEIGHT, WIDTH = 72, 240  # px: a word's ink box is scaled to HEIGHT - 2 * PAD high
PAD = 8
SUPER = 4  # drawn this many times larger, then made small (antialiased)
BLUR = 2.0


def _fit(ink: np.ndarray) -> np.ndarray:
    """A big drawing (1 ink, 0 paper) cropped to its ink, scaled to the word height and
    centred on the canvas (float 0..1)."""
    rows, cols = np.nonzero(ink > 0.5)
    crop = ink[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1].astype(np.float32)
    k = (HEIGHT - 2 * PAD) / crop.shape[0]
    w = max(1, min(WIDTH - 2 * PAD, round(crop.shape[1] * k)))
    small = cv2.resize(crop, (w, HEIGHT - 2 * PAD), interpolation=cv2.INTER_AREA)
    out = np.zeros((HEIGHT, WIDTH), np.float32)
    x = (WIDTH - w) // 2
    out[PAD : HEIGHT - PAD, x : x + w] = small
    return out


def font_word(path: Path | str, word: str) -> np.ndarray:
    """``word`` set in a TrueType/OpenType font."""
    size = 60 * SUPER
    font = ImageFont.truetype(str(path), size)
    image = Image.new("L", (size * (len(word) + 2), size * 3), 0)
    ImageDraw.Draw(image).text((size, size * 2), word, font=font, fill=255, anchor="ls")
    return _fit(np.asarray(image, dtype=np.float32) / 255)


def pen_word(font: Any, word: str, rng: random.Random) -> np.ndarray:
    """``word`` written with a single-line hand as a card writes it: each letter varied."""
    from cardgen.layout.letters import write_word
    from cardgen.layout.strokes import StrokeSet

    hand = StrokeSet(font)
    shaped, advance = hand.shape(word)
    drawn = write_word(hand, shaped, rng)
    em = 60 * SUPER / max(font.x_height, 0.3)
    image = Image.new("L", (round((advance + 2) * em), round(3 * em)), 0)
    draw = ImageDraw.Draw(image)
    pen = max(1, round(0.11 * font.x_height * em))  # about Comic Neue's stroke
    for (_, g), pts in zip(shaped, drawn, strict=True):
        for a, b in hand.outline(0, g.gid).contours:
            line = [(em + x * em, 2 * em - y * em) for x, y in pts[a:b]]
            if len(line) > 1:
                draw.line(line, fill=255, width=pen, joint="curve")
    return _fit(np.asarray(image, dtype=np.float32) / 255)


def blur(image: np.ndarray) -> np.ndarray:
    return cv2.GaussianBlur(image, (0, 0), BLUR)


def ncc(a: np.ndarray, b: np.ndarray) -> float:
    a = a - a.mean()
    b = b - b.mean()
    den = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / den) if den > 0 else 0.0


def distance(target: np.ndarray, moving: np.ndarray) -> float:
    """1 − NCC of the two blurred words after the best affine warp of ``moving``."""
    a, b = blur(target), blur(moving)
    best = ncc(a, b)
    warp = np.eye(2, 3, dtype=np.float32)
    criteria = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 200, 1e-6)
    try:
        _, warp = cv2.findTransformECC(a, b, warp, cv2.MOTION_AFFINE, criteria, None, 5)
    except cv2.error:
        return 1.0 - best
    flags = cv2.INTER_LINEAR + cv2.WARP_INVERSE_MAP
    moved = cv2.warpAffine(b, warp, (WIDTH, HEIGHT), flags=flags)
    return 1.0 - max(best, ncc(a, moved))


@cache
def captured_hand() -> Any:
    """The hand captured from photos of the template filled in Comic Neue."""
    from handphoto import filled_page, photograph

    from cardgen.input.strokes import resolve_hand
    from cardgen.layout.handcapture import build_hand, capture
    from cardgen.layout.handsheet import sheet_pages

    photos = [
        (f"p{p.number}.jpg", photograph(filled_page(p, p.number).image, 20 + p.number))
        for p in sheet_pages("letter")
    ]
    folder = Path(tempfile.mkdtemp(prefix="cardgen-hand-"))
    os.environ["CARDGEN_CONFIG_DIR"] = str(folder)
    (folder / "hands").mkdir()
    hand = build_hand("mine", capture(photos, ""))
    (folder / "hands" / "mine.json").write_text(json.dumps(hand), encoding="utf-8")
    return resolve_hand("mine")


def likeness(
    hand: Any, words: tuple[str, ...] = WORDS, times: int = 3, seed: int = 0
) -> dict[str, float]:
    """Per hand (the writer "comic-neue" and every shipped one): the mean 1 − NCC of the
    captured hand's words, ``times`` occurrences each, to that hand's same words."""
    from handphoto import FONT

    from cardgen.input.fonts import font_catalogue
    from cardgen.input.strokes import stroke_font

    rng = random.Random(seed)
    others: dict[str, list[np.ndarray]] = {}
    for word in words:
        others.setdefault("comic-neue", []).append(font_word(FONT, word))
        for name, info in font_catalogue().items():
            others.setdefault(name, []).append(font_word(info.path, word))
        for name in PENS:
            others.setdefault(name, []).append(pen_word(stroke_font(name), word, rng))
    scores: dict[str, list[float]] = {name: [] for name in others}
    for i, word in enumerate(words):
        for _ in range(times):
            mine = pen_word(hand, word, rng)
            for name, images in others.items():
                scores[name].append(distance(mine, images[i]))
    return {name: statistics.fmean(s) for name, s in scores.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--times", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sheet", type=Path, help="save the words side by side (PNG)")
    args = ap.parse_args(argv)
    result = likeness(captured_hand(), WORDS, args.times, args.seed)
    print(f"captured hand's words ({', '.join(WORDS)}, {args.times} each): mean 1 - NCC to")
    for name, value in sorted(result.items(), key=lambda kv: kv[1]):
        print(f"  {name:20s} {value:.4f}")
    if args.sheet:
        from handphoto import FONT

        from cardgen.input.fonts import font_catalogue
        from cardgen.input.strokes import stroke_font

        rows = []
        rng = random.Random(args.seed)
        for word in WORDS:
            row = [pen_word(captured_hand(), word, rng), font_word(FONT, word)]
            row += [font_word(i.path, word) for i in font_catalogue().values()]
            row += [pen_word(stroke_font(n), word, rng) for n in PENS]
            rows.append(np.hstack(row))
        cv2.imwrite(str(args.sheet), (255 - 255 * np.vstack(rows)).astype(np.uint8))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
