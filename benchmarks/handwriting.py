"""How handwritten do the cards look? cardgen against the plain font and Handright.

For the notes of ``samples/hartwell.yaml`` (three cards in Dancing Script):

* **shape difference** of repeated words ("the", "to", "with", "and", "I"…):
  every occurrence on the kit's cards is rendered alone at 300 dpi, each pair
  aligned (the best shift), blurred by 2 px, and compared by normalised
  cross-correlation; the figure is the mean of 1 − NCC (0: stamped copies);
* **broken joins**: every word rendered alone at 1200 dpi; a word is broken
  when its ink falls into more pieces than the same word in the plain font;
* **render time** per card (CPU, in-process, after a warm-up) and **PDF size**;

and the same shape and join figures for the plain font (no variation at all)
and for Handright, the Python handwriting library (each repeated word written
several times with its default perturbation, in the same font and size). It
writes ``benchmarks/out/side-by-side.png`` (or ``--picture FILE``): one
paragraph in the plain font, by cardgen, and by Handright.

Handright pins an older Pillow than cardgen needs, so it runs in its own
virtual environment::

    python3 -m venv .venv-handright && .venv-handright/bin/pip install handright
    pip install -e '.[bench]'
    python benchmarks/handwriting.py [--neatness neat] [--handright .venv-handright/bin/python]

Without that environment the Handright columns are left out.
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


# -- cardgen -------------------------------------------------------------------


def _word_pdf(groups: list[list], ink: tuple[float, float, float]) -> bytes:
    """One page per word, each the size of the word (plus a margin)."""
    from reportlab.pdfgen.canvas import Canvas

    from cardgen.render.pdf import draw_writing

    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1)
    for glyphs in groups:
        boxes = [g.box for g in glyphs]
        x0, y0 = min(b.x for b in boxes) - 6, min(b.y for b in boxes) - 6
        x1, y1 = max(b.right for b in boxes) + 6, max(b.top for b in boxes) + 6
        canvas.setPageSize((x1 - x0, y1 - y0))
        canvas.translate(-x0, -y0)
        draw_writing(canvas, glyphs, ink, (1.0, 1.0, 1.0))
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


def cardgen_cards(neatness: str, plain: bool = False):
    """The kit's composed cards (and timings, sizes), as ``cardgen make`` makes them."""
    from cardgen import app
    from cardgen.layout.card import compose_card
    from cardgen.layout.handwriting import Hand
    from cardgen.render.card import render_card_pdf

    interview = app.load(ROOT / "samples" / "hartwell.yaml")
    options = app.Options(neatness=neatness)
    plan = app.plan(interview, options, app.catalogue(interview, options))
    hand = Hand(k=0.0, alternates=0.0, ink_weight_pt=0.0, ink_fade=0.0) if plain else plan.hand
    assert plan.layout is not None and plan.font is not None
    arts, times, sizes = [], [], []
    for job in plan.cards:
        assert job.fit is not None
        compose_card(job.text, plan.layout, plan.fonts, hand, job.seed, fit=job.fit)  # warm
        start = time.process_time()
        art = compose_card(job.text, plan.layout, plan.fonts, hand, job.seed, fit=job.fit)
        pdf = render_card_pdf(art, title="t", author="a", ink=plan.ink, stock=plan.stock)
        times.append(time.process_time() - start)
        sizes.append(len(pdf))
        arts.append(art)
    return arts, times, sizes


def words_of(arts) -> dict[str, list[list]]:
    """Every written word of the cards: text → its occurrences (glyph lists)."""
    out: dict[str, list[list]] = defaultdict(list)
    for n, art in enumerate(arts):
        by_word = defaultdict(list)
        for g in art.glyphs:
            by_word[(n, g.word)].append(g)
        for glyphs in by_word.values():
            out["".join(g.ch for g in glyphs)].append(glyphs)
    return out


def measure_cardgen(neatness: str) -> dict:
    arts, times, sizes = cardgen_cards(neatness)
    plain_arts, _, _ = cardgen_cards(neatness, plain=True)
    words, plain_words = words_of(arts), words_of(plain_arts)
    diffs = []
    for word in WORDS:
        occurrences = words.get(word, [])
        if len(occurrences) < 2:
            continue
        images = [_crop(i) for i in _render_pages(_word_pdf(occurrences, (0, 0, 0)), 300)]
        diffs += [shape_difference(a, b) for a, b in itertools.combinations(images, 2)]
    broken = total = 0
    plain_diffs = []
    for text, occurrences in words.items():
        if len(text) < 2 or text not in plain_words:
            continue
        mine = _render_pages(_word_pdf(occurrences, (0, 0, 0)), 1200)
        base = _render_pages(_word_pdf(plain_words[text][:1], (0, 0, 0)), 1200)[0]
        for img in mine:
            total += 1
            broken += pieces(img) > pieces(base)
    for word in WORDS:
        occurrences = plain_words.get(word, [])
        if len(occurrences) >= 2:
            images = [_crop(i) for i in _render_pages(_word_pdf(occurrences, (0, 0, 0)), 300)]
            plain_diffs += [shape_difference(a, b) for a, b in itertools.combinations(images, 2)]
    return {
        "shape_difference": statistics.mean(diffs),
        "pairs": len(diffs),
        "plain_shape_difference": statistics.mean(plain_diffs) if plain_diffs else float("nan"),
        "broken_joins": broken / max(total, 1),
        "words": total,
        "ms_per_card": 1000 * statistics.mean(times),
        "kb_per_card": [round(s / 1024, 1) for s in sizes],
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


def side_by_side(neatness: str, handright: Image.Image | None, path: Path) -> None:
    """One paragraph: the plain font, cardgen, Handright; 150 dpi, labelled."""
    from PIL import ImageDraw
    from reportlab.pdfgen.canvas import Canvas

    from cardgen.input.fonts import fallback_fonts, resolve_font
    from cardgen.layout.fonts import FontSet
    from cardgen.layout.handwriting import Hand, place
    from cardgen.layout.textfit import Block, fit_blocks
    from cardgen.render.pdf import draw_writing

    script = resolve_font("dancing-script")
    fs = FontSet(script, fallback_fonts(script))
    panels = []
    for hand in (Hand(k=0.0, alternates=0.0, ink_weight_pt=0.0, ink_fade=0.0),
                 Hand(k={"very-neat": 0.45, "neat": 0.75, "natural": 1.0,
                         "relaxed": 1.35}[neatness])):  # fmt: skip
        fit = fit_blocks([Block("body", PARAGRAPH)], 330, 200, lambda s, r: fs.width(s), 15, 15)
        import random

        glyphs, _, _ = place(fit, 15, 215, {"body": fs, "signature": fs}, hand, random.Random(3))
        buf = io.BytesIO()
        canvas = Canvas(buf, pagesize=(360, 230), invariant=1)
        draw_writing(canvas, glyphs, (0.11, 0.17, 0.36), (1, 1, 1))
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
    labels = ["the font as it is", f"cardgen ({neatness})", "Handright (defaults, same font)"]
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
    parser.add_argument("--handright", default=str(ROOT / ".venv-handright" / "bin" / "python"))
    parser.add_argument("--picture", type=Path, default=OUT / "side-by-side.png")
    opts = parser.parse_args()
    mine = measure_cardgen(opts.neatness)
    size_px = round(16 * 300 / 72)  # the sample cards' 16 pt at 300 dpi
    theirs = measure_handright(opts.handright, size_px) if Path(opts.handright).exists() else None
    print(f"{'':28s}{'plain font':>12s}{'cardgen':>12s}{'Handright':>12s}")
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
    side_by_side(opts.neatness, hr.get("paragraph"), opts.picture)
    print(f"wrote {opts.picture}")


if __name__ == "__main__":
    main()
