"""How handwritten do the cards look? cardgen against the plain hand and Handright.

For the notes of ``samples/hartwell.yaml`` (three cards, in the kit's own hand
or ``--font NAME`` as ``cardgen make --font`` takes it):

* **shape difference** of repeated words ("the", "to", "with", "and", "I"…):
  every occurrence on the kit's cards is rendered alone at 300 dpi, each pair
  aligned (the best shift), blurred by 2 px, and compared by normalised
  cross-correlation; the figure is the mean of 1 − NCC (0: stamped copies);
* **broken joins**: every word rendered alone at 1200 dpi; a word is broken
  when its ink falls into more pieces than the same word in the plain hand.
  The plain hand is the kit's hand with no variation (``Hand`` at k = 0): for
  a TrueType hand the font as it is; for a pen's hand (EMS Allure) the font's
  letters in pen order, joined, and drawn as ink by the same pen. i and j
  dots, t-bars, punctuation and the letters the font does not join (EMS
  Allure: d, k, p, s, v on the right; f, n, z on the left) are pieces of their
  own in both. For each broken word the benchmark names the neighbouring
  glyphs whose ink touches in the plain word but not in the varied one, and
  whether they meet at a pen join (the first's exit, the second's entry); a
  crop of the word and of its plain form at 1200 dpi goes to ``--crops``;
* **render time** per card (CPU, in-process, after a warm-up: composing, the
  pen's ink and the PDF) and **PDF size**;

and the same shape and join figures for Handright, the Python handwriting
library (each repeated word written several times with its default
perturbation, in Dancing Script at the same size). It writes
``benchmarks/out/side-by-side.png`` (or ``--picture FILE``): one paragraph in
the plain hand, by cardgen, and by Handright.

Handright pins an older Pillow than cardgen needs, so it runs in its own
virtual environment::

    python3 -m venv .venv-handright && .venv-handright/bin/pip install handright
    pip install -e '.[bench]'
    python benchmarks/handwriting.py [--font dancing-script] [--neatness neat]
        [--handright .venv-handright/bin/python]

Without that environment the Handright columns are left out.

Measured on 2026-12-07 (main at 67bb277, seed 0, neatness neat; no Handright),
164 words, 119 word pairs:

=============================  ===============  ==============
                               EMS Allure, pen  Dancing Script
=============================  ===============  ==============
1 − NCC, plain hand            0.070            0.014
1 − NCC, cardgen               0.123            0.089
broken words                   2.4 % (4)        0 %
… of them at a pen join        0 %              —
CPU per card (ms)              377–461          42
card.pdf (KB, the three)       60.2 54.9 52.5   56.6 49.3 45.9
=============================  ===============  ==============

1 − NCC per word, EMS Allure: the 0.120 (×12), to 0.029 (×3), with 0.069 (×3),
and 0.154 (×5), I 0.154 (×5), you 0.124 (×5), for 0.119 (×6), your 0.257 (×2),
me 0.039 (×2); Dancing Script: the 0.079, to 0.073, with 0.155, and 0.066,
I 0.209, you 0.038, for 0.096, your 0.048, me 0.058.

The four broken pen words open where the font does not join: "before" (card 1,
word 39: e|f), "offices" (card 2, word 30: o|f), "difference" (card 2, word 36:
i|f) and "work;" (card 3, word 26: k|;). In the plain hand the exit tail of
the letter before just touches the f's bar (or the semicolon); varied, it
stops 0.04–0.11 mm short (2–5 px at 1200 dpi, under one dot at 300 dpi).
The plain pen hand's own 0.070 is the cards' different sizes (13.3–15.5 pt)
seen through thin single-line strokes (one ink seed for every word gives
0.067): compare the pen's figures with each other, not with an outline hand's.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
WORDS = ("the", "to", "with", "and", "I", "you", "for", "your", "me", "of")
PARAGRAPH = (
    "Thank you for taking the time to meet with me on Friday. I enjoyed our "
    "conversation about the Keller restructuring and how your team balances client "
    "deadlines with careful review."
)

HANDRIGHT = r"""
import json, sys
from PIL import Image, ImageFont
from handright import Template, handwrite
font_path, size_px, out, words, reps, paragraph, width = sys.argv[1:8]
size_px, reps, width = int(size_px), int(reps), int(width)
font = ImageFont.truetype(font_path, size=size_px)
def template(w, h):
    return Template(background=Image.new("L", (w, h), 255), font=font, fill=0,
                    line_spacing=int(size_px * 1.42), left_margin=size_px, top_margin=size_px,
                    right_margin=size_px, bottom_margin=size_px,
                    word_spacing_sigma=size_px * 0.06, font_size_sigma=size_px * 0.02,
                    perturb_x_sigma=size_px * 0.02, perturb_y_sigma=size_px * 0.02,
                    perturb_theta_sigma=0.05)
names = []
for word in json.loads(words):
    for r in range(reps):
        page = next(iter(handwrite(word, template(size_px * (len(word) + 3), size_px * 4), seed=r)))
        name = f"{out}/hr-{word}-{r}.png"
        page.save(name)
        names.append(name)
pages = list(handwrite(paragraph, template(width, size_px * 14), seed=1))
pages[0].save(f"{out}/hr-paragraph.png")
print(json.dumps(names))
"""


# -- images --------------------------------------------------------------------


def _ink(image: Image.Image) -> np.ndarray:
    """Ink as 0..1 (1 = full ink) from a greyscale rendering on white."""
    return 1.0 - np.asarray(image.convert("L"), dtype=float) / 255.0


def _crop(ink: np.ndarray, pad: int = 4) -> np.ndarray:
    ys, xs = np.nonzero(ink > 0.1)
    if not len(ys):
        return ink[:1, :1]
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    return np.pad(ink[y0:y1, x0:x1], pad)


def shape_difference(a: np.ndarray, b: np.ndarray) -> float:
    """1 − NCC of two word images after the best alignment and a 2 px blur."""
    from scipy import ndimage, signal

    h, w = max(a.shape[0], b.shape[0]) + 8, max(a.shape[1], b.shape[1]) + 8
    canvas = []
    for img in (a, b):
        c = np.zeros((h, w))
        y, x = (h - img.shape[0]) // 2, (w - img.shape[1]) // 2
        c[y : y + img.shape[0], x : x + img.shape[1]] = img
        canvas.append(ndimage.gaussian_filter(c, 2.0))
    a2, b2 = canvas
    corr = signal.fftconvolve(a2, b2[::-1, ::-1], mode="same")
    dy, dx = np.unravel_index(np.argmax(corr), corr.shape)
    b2 = np.roll(b2, (dy - h // 2, dx - w // 2), axis=(0, 1))
    a0, b0 = a2 - a2.mean(), b2 - b2.mean()
    ncc = float((a0 * b0).sum() / np.sqrt((a0 * a0).sum() * (b0 * b0).sum()))
    return 1.0 - ncc


def pieces(ink: np.ndarray) -> int:
    """How many separate pieces of ink a word is (8-connected; specks ignored)."""
    from scipy import ndimage

    labels, n = ndimage.label(ink > 0.35, structure=np.ones((3, 3)))
    if not n:
        return 0
    sizes = np.bincount(labels.ravel())[1:]
    return int((sizes >= max(12, 0.0005 * ink.size)).sum())


def _labels(ink: np.ndarray) -> np.ndarray:
    """Each pixel's nearest piece of ink (as :func:`pieces` counts them, specks too)."""
    from scipy import ndimage

    labels, _ = ndimage.label(ink > 0.35, structure=np.ones((3, 3)))
    if not labels.any():
        return labels
    _, (iy, ix) = ndimage.distance_transform_edt(labels == 0, return_indices=True)
    return labels[iy, ix]


def _glyph_pieces(ink: np.ndarray, glyphs: list, dpi: int) -> list[set[int]]:
    """The pieces of ink each glyph's points fall on, on its page of :func:`_word_pdf`."""
    nearest = _labels(ink)
    x0 = min(g.box.x for g in glyphs) - 6
    top = max(g.box.top for g in glyphs) + 6
    out = []
    for g in glyphs:
        if not len(g.points):
            out.append(set())
            continue
        cols = np.clip(((g.points[:, 0] - x0) * dpi / 72).astype(int), 0, ink.shape[1] - 1)
        rows = np.clip(((top - g.points[:, 1]) * dpi / 72).astype(int), 0, ink.shape[0] - 1)
        out.append(set(nearest[rows, cols].tolist()) - {0})
    return out


def opened(varied: np.ndarray, plain: np.ndarray, mine: list, theirs: list, dpi: int):
    """Neighbouring glyphs whose ink touches in the plain word but not in the varied one."""
    a, b = _glyph_pieces(varied, mine, dpi), _glyph_pieces(plain, theirs, dpi)
    return [i for i in range(len(mine) - 1) if b[i] & b[i + 1] and not a[i] & a[i + 1]]


# -- cardgen -------------------------------------------------------------------


def _writing(glyphs, pen, seed: str):
    """``glyphs`` as the card draws them: a pen hand's strokes as its pen's ink
    (:func:`~cardgen.layout.ink.ink_strokes`, the ink's drift seeded by ``seed``),
    an outline hand's glyphs filled."""
    import random

    from cardgen.layout.art import Writing
    from cardgen.layout.card import JOIN_EM
    from cardgen.layout.ink import ink_strokes
    from cardgen.layout.penstrokes import pen_strokes

    glyphs = tuple(glyphs)
    if pen is None:
        return Writing(glyphs)
    size = sorted(g.size for g in glyphs)[len(glyphs) // 2]
    strokes = pen_strokes(glyphs, JOIN_EM * size)
    return Writing(glyphs, ink=ink_strokes(strokes, pen, random.Random(seed), size))


def _word_pdf(groups: list[list], pen, seed: str = "word") -> bytes:
    """One page per word, each the size of the word (plus a margin), in black."""
    from reportlab.pdfgen.canvas import Canvas

    from cardgen.render.pdf import PdfSurface
    from cardgen.render.surface import Palette, draw_art

    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1)
    for n, glyphs in enumerate(groups):
        boxes = [g.box for g in glyphs]
        x0, y0 = min(b.x for b in boxes) - 6, min(b.y for b in boxes) - 6
        x1, y1 = max(b.right for b in boxes) + 6, max(b.top for b in boxes) + 6
        canvas.setPageSize((x1 - x0, y1 - y0))
        canvas.translate(-x0, -y0)
        mark = _writing(glyphs, pen, f"{seed} {n}")
        draw_art(PdfSurface(canvas), [mark], Palette((0.0, 0.0, 0.0), (1.0, 1.0, 1.0)))
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _render_pages(pdf: bytes, dpi: int) -> list[np.ndarray]:
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        return [_ink(doc[i].render(scale=dpi / 72).to_pil()) for i in range(len(doc))]
    finally:
        doc.close()


def _plan(neatness: str, font: str | None):
    from cardgen import app

    interview = app.load(ROOT / "samples" / "hartwell.yaml")
    options = app.Options(neatness=neatness, font=font)
    return app.plan(interview, options, app.catalogue(interview, options))


def plain_hand(hand):
    """The hand with no variation at all: a pen hand's letters as the font draws them,
    in pen order and joined, every line, word and letter where it was laid out."""
    from msgspec.structs import replace

    return replace(hand, k=0.0, alternates=0.0, ink_weight_pt=0.0, ink_fade=0.0)


def cardgen_cards(neatness: str, font: str | None = None, plain: bool = False):
    """The kit's composed cards (and timings, sizes), as ``cardgen make`` makes them."""
    from cardgen.layout.card import compose_card
    from cardgen.render.card import render_card_pdf

    plan = _plan(neatness, font)
    hand = plain_hand(plan.hand) if plain else plan.hand
    assert plan.layout is not None and plan.font is not None
    arts, times, sizes = [], [], []
    for job in plan.cards:
        assert job.fit is not None

        def card(job=job):
            return compose_card(
                job.text, plan.layout, plan.fonts, hand, job.seed, fit=job.fit, scale=plan.scale,
                pen=plan.pen,
            )  # fmt: skip

        render_card_pdf(card(), title="t", author="a", ink=plan.ink, stock=plan.stock)  # warm
        start = time.process_time()
        art = card()
        pdf = render_card_pdf(art, title="t", author="a", ink=plan.ink, stock=plan.stock)
        times.append(time.process_time() - start)
        sizes.append(len(pdf))
        arts.append(art)
    return arts, times, sizes, plan


def words_of(arts) -> dict[str, list[list]]:
    """Every written word of the cards: text → its occurrences (glyph lists)."""
    out: dict[str, list[list]] = defaultdict(list)
    for n, art in enumerate(arts):
        by_word = defaultdict(list)
        for g in art.glyphs:
            by_word[(n, g.word, g.role)].append(g)
        for glyphs in by_word.values():
            out["".join(g.ch for g in glyphs)].append(glyphs)
    return out


def _where(occurrences: list[list], arts) -> list[str]:
    """Each occurrence as "card N word W" (N from 1, W from 0 on its card)."""
    found = []
    for glyphs in occurrences:
        n = next(i for i, art in enumerate(arts) if any(g is glyphs[0] for g in art.glyphs))
        found.append(f"card {n + 1} (seed {getattr(arts[n], 'seed', '?')}) word {glyphs[0].word}")
    return found


def _save_crop(ink: np.ndarray, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray((255 * (1.0 - np.clip(_crop(ink, 16), 0, 1))).astype(np.uint8)).save(path)


def measure_cardgen(neatness: str, font: str | None = None, crops: Path | None = None) -> dict:
    arts, times, sizes, plan = cardgen_cards(neatness, font)
    plain_arts, _, _, _ = cardgen_cards(neatness, font, plain=True)
    pen = plan.pen
    words, plain_words = words_of(arts), words_of(plain_arts)
    diffs, per_word = [], {}
    for word in WORDS:
        occurrences = words.get(word, [])
        if len(occurrences) < 2:
            continue
        images = [_crop(i) for i in _render_pages(_word_pdf(occurrences, pen), 300)]
        mine = [shape_difference(a, b) for a, b in itertools.combinations(images, 2)]
        per_word[word] = (statistics.mean(mine), len(occurrences))
        diffs += mine
    broken, total, joined = [], 0, 0
    plain_diffs = []
    for text, occurrences in words.items():
        if len(text) < 2 or text not in plain_words:
            continue
        mine = _render_pages(_word_pdf(occurrences, pen), 1200)
        reference = plain_words[text][0]
        base_ink = _render_pages(_word_pdf([reference], pen, "plain"), 1200)[0]
        base = pieces(base_ink)
        for img, glyphs, where in zip(mine, occurrences, _where(occurrences, arts), strict=True):
            total += 1
            if pieces(img) > base:
                fs = plan.fonts[glyphs[0].role]
                at = []
                for i in opened(img, base_ink, glyphs, reference, 1200):
                    one, two = (getattr(fs, "letter", lambda gid: None)(g.gid)
                                for g in glyphs[i : i + 2])  # fmt: skip
                    joins = (
                        one is not None and two is not None and None not in (one.exit, two.entry)
                    )
                    at.append(
                        f"{glyphs[i].ch}|{glyphs[i + 1].ch}" + (" (a pen join)" if joins else "")
                    )
                broken.append((text, where, pieces(img), base, at))
                joined += any("join" in a for a in at)
                if crops is not None:
                    name = f"{text}-{where.split()[1]}-{where.split()[-1]}"
                    _save_crop(img, crops / f"{name}.png")
                    _save_crop(base_ink, crops / f"{name}-plain.png")
    for word in WORDS:
        occurrences = plain_words.get(word, [])
        if len(occurrences) >= 2:
            images = [_crop(i) for i in _render_pages(_word_pdf(occurrences, pen), 300)]
            plain_diffs += [shape_difference(a, b) for a, b in itertools.combinations(images, 2)]
    return {
        "shape_difference": statistics.mean(diffs),
        "per_word": per_word,
        "pairs": len(diffs),
        "plain_shape_difference": statistics.mean(plain_diffs) if plain_diffs else float("nan"),
        "broken_joins": len(broken) / max(total, 1),
        "broken": broken,
        "broken_at_pen_joins": joined / max(total, 1),
        "words": total,
        "ms_per_card": 1000 * statistics.mean(times),
        "kb_per_card": [round(s / 1024, 1) for s in sizes],
        "plan": plan,
    }


# -- Handright -----------------------------------------------------------------


def measure_handright(python: str, size_px: int) -> dict | None:
    font = ROOT / "fonts" / "DancingScript-Regular.ttf"
    with tempfile.TemporaryDirectory() as tmp:
        try:
            done = subprocess.run(
                [python, "-c", HANDRIGHT, str(font), str(size_px), tmp, json.dumps(WORDS), "6",
                 PARAGRAPH, str(size_px * 24)],
                capture_output=True, text=True, check=True, timeout=600,
            )  # fmt: skip
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"Handright left out: {exc}", file=sys.stderr)
            return None
        names = json.loads(done.stdout)
        by_word = defaultdict(list)
        for name in names:
            by_word[Path(name).stem.split("-")[1]].append(_crop(_ink(Image.open(name))))
        diffs = [
            shape_difference(a, b)
            for images in by_word.values()
            for a, b in itertools.combinations(images, 2)
        ]
        # Joins: each word written by Handright against the same word set whole by Pillow.
        from PIL import ImageDraw, ImageFont

        pil_font = ImageFont.truetype(str(font), size=size_px * 4)
        broken = total = 0
        for word, _images in by_word.items():
            if len(word) < 2:
                continue
            whole = Image.new("L", (size_px * 4 * (len(word) + 2), size_px * 8), 255)
            ImageDraw.Draw(whole).text((size_px * 2, size_px * 2), word, font=pil_font, fill=0)
            base = pieces(_ink(whole))
            for name in (n for n in names if Path(n).stem.split("-")[1] == word):
                big = Image.open(name).resize(
                    (Image.open(name).width * 4, Image.open(name).height * 4), Image.LANCZOS
                )
                total += 1
                broken += pieces(_ink(big)) > base
        paragraph = Image.open(Path(tmp) / "hr-paragraph.png").convert("L")
        paragraph.load()
    return {
        "shape_difference": statistics.mean(diffs),
        "pairs": len(diffs),
        "broken_joins": broken / max(total, 1),
        "words": total,
        "paragraph": paragraph,
    }


# -- the picture ---------------------------------------------------------------


def side_by_side(plan, handright: Image.Image | None, path: Path) -> None:
    """One paragraph: the plain hand, cardgen, Handright; 150 dpi, labelled."""
    import random

    from PIL import ImageDraw
    from reportlab.pdfgen.canvas import Canvas

    from cardgen.layout.handwriting import place
    from cardgen.layout.textfit import Block, fit_blocks
    from cardgen.render.pdf import PdfSurface
    from cardgen.render.surface import Palette, draw_art

    fs = plan.fonts["body"]
    fonts = {"body": fs, "signature": fs}
    panels = []
    for hand in (plain_hand(plan.hand), plan.hand):
        fit = fit_blocks([Block("body", PARAGRAPH)], 330, 200, lambda s, r: fs.width(s), 15, 15)
        glyphs, _, _ = place(fit, 15, 215, fonts, hand, random.Random(3))
        buf = io.BytesIO()
        canvas = Canvas(buf, pagesize=(360, 230), invariant=1)
        mark = _writing(glyphs, plan.pen, "paragraph")
        draw_art(PdfSurface(canvas), [mark], Palette((0.11, 0.17, 0.36), (1.0, 1.0, 1.0)))
        canvas.save()
        import pypdfium2

        doc = pypdfium2.PdfDocument(buf.getvalue())
        panels.append(doc[0].render(scale=150 / 72).to_pil().convert("RGB"))
        doc.close()
    if handright is not None:
        scale = panels[0].width / handright.width
        panels.append(
            handright.convert("RGB").resize(
                (panels[0].width, int(handright.height * scale)), Image.LANCZOS
            )
        )

    def trimmed(panel: Image.Image) -> Image.Image:
        ink = np.asarray(panel.convert("L")) < 200
        ys, _xs = np.nonzero(ink)
        return panel.crop((0, max(0, ys.min() - 12), panel.width, min(panel.height, ys.max() + 12)))

    panels = [trimmed(p) for p in panels]
    labels = [
        "the hand with no variation",
        f"cardgen ({plan.options.neatness})",
        "Handright (defaults, Dancing Script)",
    ]
    height = sum(p.height + 30 for p in panels)
    sheet = Image.new("RGB", (panels[0].width, height), "white")
    y = 0
    draw = ImageDraw.Draw(sheet)
    for label, panel in zip(labels, panels, strict=False):
        draw.text((8, y + 8), label, fill=(90, 90, 90))
        sheet.paste(panel, (0, y + 30))
        y += panel.height + 30
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--neatness", default="neat")
    parser.add_argument(
        "--font", default=None, help="the hand, as `cardgen make --font` (default: the kit's own)"
    )
    parser.add_argument("--handright", default=str(ROOT / ".venv-handright" / "bin" / "python"))
    parser.add_argument("--picture", type=Path, default=OUT / "side-by-side.png")
    parser.add_argument(
        "--crops", type=Path, default=OUT / "broken", help="1200 dpi crops of broken words here"
    )
    opts = parser.parse_args()
    mine = measure_cardgen(opts.neatness, opts.font, opts.crops)
    plan = mine["plan"]
    size_px = round(16 * 300 / 72)  # the sample cards' 16 pt at 300 dpi
    theirs = measure_handright(opts.handright, size_px) if Path(opts.handright).exists() else None
    font = plan.font
    print(f"hand: {getattr(font, 'name', font)}, pen: {plan.pen.name if plan.pen else '—'}, "
          f"neatness {opts.neatness}")  # fmt: skip
    print(f"{'':28s}{'plain hand':>12s}{'cardgen':>12s}{'Handright':>12s}")
    hr = theirs or {}
    print(
        f"{'shape difference (1 − NCC)':28s}{mine['plain_shape_difference']:12.3f}"
        f"{mine['shape_difference']:12.3f}"
        + (f"{hr['shape_difference']:12.3f}" if hr else f"{'—':>12s}")
    )
    print(
        f"{'broken joins (share)':28s}{0.0:12.1%}{mine['broken_joins']:12.1%}"
        + (f"{hr['broken_joins']:12.1%}" if hr else f"{'—':>12s}")
    )
    print(f"{'render time per card (ms)':28s}{'':12s}{mine['ms_per_card']:12.0f}")
    print(f"{'card.pdf size (KB)':28s}{'':12s}{max(mine['kb_per_card']):12.1f}")
    print(f"({mine['pairs']} word pairs, {mine['words']} words; Handright: "
          f"{hr.get('pairs', 0)} pairs, {hr.get('words', 0)} words)")  # fmt: skip
    print("1 − NCC per word: " + ", ".join(
        f"{w} {d:.3f} (×{n})" for w, (d, n) in mine["per_word"].items()))  # fmt: skip
    print(f"card.pdf sizes (KB): {mine['kb_per_card']}")
    print(f"broken at a pen join (the font's exit meets the next letter's entry): "
          f"{mine['broken_at_pen_joins']:.1%}")  # fmt: skip
    for text, where, n, base, at in mine["broken"]:
        print(f"broken: {text!r} at {where}: {n} pieces, {base} in the plain hand; "
              f"opened between {', '.join(at) or '?'}")  # fmt: skip
    if mine["broken"]:
        print(f"crops of the broken words in {opts.crops}")
    side_by_side(plan, hr.get("paragraph"), opts.picture)
    print(f"wrote {opts.picture}")


if __name__ == "__main__":
    main()
