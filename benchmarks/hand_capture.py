"""How well ``cardgen hand add`` gives back each letter of a filled template.

Fills the template's pages with Comic Neue (``tests/handphoto.py``: the
writer), photographs each page at several angles and seeds, reads it
(:func:`cardgen.layout.handcapture.read_page`), and scores every captured
letter against the glyph that was written: **recall**, the share of the
source glyph's skeleton within 2.5 px (at 150 dpi; the strokes are 4 px
wide) of the captured strokes (a lost stroke, an a without its stem, lowers
it), and **precision**, the share of the captured strokes within 2.5 px of
the source's skeleton (an invented stroke lowers it). Prints each
character's worst recall and precision over the photos, the worst ten, and
saves a contact sheet: each cell's source ink in grey, its captured strokes
in red, its recall under it.

    python benchmarks/hand_capture.py                 # /tmp/hand-capture.png
    python benchmarks/hand_capture.py --photos 6 --sheet out.png

Measured on 2026-12-07 over the 12 photos (846 cells): letters, digits and
signs recall >= 0.900, precision >= 0.902; marks (a source skeleton under
15 px) recall >= 0.800, precision >= 0.714. Before thinning kept 2-px
diagonals and short strokes through a junction: recall down to 0.712 (an I's
bars; an x's arm 0.83, a t's bar 0.77, a 1's foot 0.78).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from handphoto import SMALL, drawn_strokes, filled_page, photograph, stroke_scores  # noqa: E402

from cardgen.layout.handcapture import read_page  # noqa: E402
from cardgen.layout.handsheet import sheet_page  # noqa: E402

# (page, paper, seed, angle): the test's photos and random angles
PHOTOS = [
    (1, "letter", 1, 3.0),
    (2, "letter", 2, 180.0),
    (1, "a4", 3, -90.0),
    (2, "a4", 4, None),
    (1, "letter", 16, None),
    (2, "letter", 19, None),
    (1, "letter", 31, None),
    (2, "letter", 32, None),
    (1, "a4", 33, 45.0),
    (2, "a4", 34, -135.0),
    (1, "letter", 35, None),
    (2, "letter", 36, None),
]


def contact_sheet(read, written, scores, path: Path) -> None:
    """Each cell: the source ink grey, the captured strokes red, the recall under it."""
    height = written.image.shape[0]
    tiles = []
    for sample, (_text, recall, precision, _n) in zip(read.samples, scores, strict=True):
        cell = read.page.cells[sample.cell]
        truth = written.masks[sample.cell]
        drawn = drawn_strokes(sample, cell, height, truth.shape, width=1)
        rows, cols = np.nonzero(truth | drawn)
        r0, c0 = rows.min() - 4, cols.min() - 4
        crop = (slice(r0, r0 + 72), slice(c0, c0 + 72))
        tile = np.full((72, 72, 3), 255, np.uint8)
        t, d = truth[crop], drawn[crop]
        tile[: t.shape[0], : t.shape[1]][t] = (190, 190, 190)
        tile[: d.shape[0], : d.shape[1]][d] = (0, 0, 220)
        tile = cv2.resize(tile, (144, 144), interpolation=cv2.INTER_NEAREST)
        label = np.full((22, 144, 3), 255, np.uint8)
        colour = (0, 0, 200) if min(recall, precision) < 0.9 else (0, 0, 0)
        cv2.putText(label, f"{recall:.2f} {precision:.2f}", (4, 16), 0, 0.5, colour, 1, cv2.LINE_AA)
        tiles.append(np.vstack([tile, label]))
    per_row = 12
    while len(tiles) % per_row:
        tiles.append(np.full_like(tiles[0], 255))
    rows_img = [np.hstack(tiles[i : i + per_row]) for i in range(0, len(tiles), per_row)]
    cv2.imwrite(str(path), np.vstack(rows_img))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--photos", type=int, default=len(PHOTOS))
    ap.add_argument("--sheets", type=int, default=1, help="contact sheets of the first N photos")
    ap.add_argument("--sheet", type=Path, default=Path("/tmp/hand-capture.png"))
    args = ap.parse_args(argv)
    worst: dict[str, list[float]] = defaultdict(lambda: [1.0, 1.0])
    every: list[tuple[float, float, str, int]] = []
    for k, (number, paper, seed, angle) in enumerate(PHOTOS[: args.photos]):
        written = filled_page(sheet_page(number, paper), seed)
        read = read_page(photograph(written.image, seed, angle=angle), "photo.jpg", "")
        scores = stroke_scores(read, written)
        for text, recall, precision, size in scores:
            worst[text][0] = min(worst[text][0], recall)
            worst[text][1] = min(worst[text][1], precision)
            every.append((recall, precision, text, seed, size))
        rec = [s[1] for s in scores]
        pre = [s[2] for s in scores]
        print(
            f"page {number} {paper} seed {seed} angle {angle}: cells {len(scores)}, "
            f"recall min {min(rec):.3f} median {np.median(rec):.3f}, "
            f"precision min {min(pre):.3f} median {np.median(pre):.3f}"
        )
        if k < args.sheets:
            name = f"{args.sheet.stem}-p{number}-s{seed}{args.sheet.suffix}"
            sheet = args.sheet.with_name(name)
            contact_sheet(read, written, scores, sheet)
            print(f"  contact sheet: {sheet}")
    print("\nworst per character (recall, precision):")
    line = []
    for text in sorted(worst):
        r, p = worst[text]
        line.append(f"{text} {r:.2f}/{p:.2f}")
        if len(line) == 8:
            print("  " + "   ".join(line))
            line = []
    if line:
        print("  " + "   ".join(line))
    every.sort()
    low = ", ".join(f"{t!r} {r:.3f} (seed {s})" for r, _, t, s, _ in every[:10])
    print("\nlowest recall:", low)
    every.sort(key=lambda e: e[1])
    low = ", ".join(f"{t!r} {p:.3f} (seed {s})" for _, p, t, s, _ in every[:10])
    print("lowest precision:", low)
    for name, group in (
        (f"letters, digits, signs (skeleton >= {SMALL} px)", [e for e in every if e[4] >= SMALL]),
        (f"marks (skeleton < {SMALL} px)", [e for e in every if e[4] < SMALL]),
    ):
        if group:
            print(
                f"{name}: {len(group)} cells, recall min {min(e[0] for e in group):.3f}, "
                f"precision min {min(e[1] for e in group):.3f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
